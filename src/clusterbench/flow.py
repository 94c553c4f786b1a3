"""The steps that span apps, in one place, so that no app imports one above it.

Closing an interview (engagements) drafts the report in the background (reports);
releasing a report (reports) completes the engagement (engagements) and awards the
Bronze Label when the benchmarking earns it (labels). Every other step is its app's own
service, called directly.
"""

import hashlib
import json

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterbench.engagements import workflow
from clusterbench.engagements.models import Benchmarking
from clusterbench.engagements.steps import step
from clusterbench.engagements.workflow import (
    S,
    _locked,
    _move,
    interview_close_check,
    interview_closes_early,
)
from clusterbench.errors import StepRefused
from clusterbench.labels.services import label_award_bronze
from clusterbench.reports.counters import number_next
from clusterbench.reports.inputs import report_identifier
from clusterbench.reports.models import ReportVersion
from clusterbench.reports.pdf import render_pdf
from clusterbench.reports.services import (
    report_build,
    report_files_sweep,
    report_release_check,
)
from clusterbench.reports.tasks import report_draft_task


@transaction.atomic
def interview_close(*, user, benchmarking: Benchmarking, reason: str = "") -> Benchmarking:
    engagement = _locked(benchmarking)
    reason = interview_close_check(user=user, engagement=engagement, reason=reason)
    recorded = (
        step("interview_closed_early", reason=reason)
        if interview_closes_early(engagement)
        else step("interview_closed")
    )
    _move(engagement, user, S.INTERVIEWED, recorded)
    transaction.on_commit(lambda: _draft_enqueue(engagement.pk))
    return engagement


def _draft_enqueue(benchmarking_id: int) -> None:
    report_draft_task.enqueue(benchmarking_id)


def report_release(*, user, version: ReportVersion) -> ReportVersion:
    """Release a draft: identifier, final PDF, SHA-256 and the document, stored for good.

    Everything happens under the engagement's and the version's row locks, read afresh:
    two releases at once cannot both pass, and a released row is never written again.
    The identifier's numbers are allocated under their counters' locks. The PDF is the
    last thing written before the commit; if anything fails (or the process is told to
    stop) the file is removed, and a file left by a killed process is swept away by the
    next release.
    """
    report_files_sweep()
    stored = None
    try:
        with transaction.atomic():
            engagement = workflow._locked(version.benchmarking)
            version = ReportVersion.objects.select_for_update().get(pk=version.pk)
            if version.is_released:
                raise StepRefused(
                    _("This version is already released as %(identifier)s.")
                    % {"identifier": version.identifier}
                )
            correction = report_release_check(user=user, version=version, engagement=engagement)
            country = engagement.cluster.country
            # A correction, and the report in another language, keep the country's
            # running number of the benchmarking's first released report.
            first = (
                engagement.reports.filter(
                    status=ReportVersion.Status.RELEASED, country_number__isnull=False
                )
                .order_by("number")
                .first()
            )
            if first is not None:
                running = first.country_number
            else:
                running = number_next(
                    f"country-{country.alpha3}",
                    floor=Benchmarking.objects.filter(
                        cluster__country=country, status__in=Benchmarking.COMPLETED
                    )
                    .exclude(pk=engagement.pk)
                    .count(),
                )
            released = ReportVersion.objects.filter(status=ReportVersion.Status.RELEASED)
            serial = number_next("report-serial", floor=released.count())
            issued = timezone.localdate()
            identifier = report_identifier(
                engagement, running=running, serial=serial, issued=issued
            )
            document = report_build(version, identifier=identifier, issued=issued)
            pdf = render_pdf(document)
            stored = version.pdf.storage.save(f"reports/{identifier}.pdf", ContentFile(pdf))
            version.identifier = identifier
            version.serial = serial
            version.country_code, version.country_number = country.alpha3, running
            version.document = json.loads(json.dumps(document.as_dict()))
            version.pdf.name = stored
            version.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
            version.status = ReportVersion.Status.RELEASED
            version.released_at, version.released_by = timezone.now(), user
            version.save()
            if correction:
                workflow.report_version_released(
                    user=user, benchmarking=engagement, version=version
                )
            else:
                workflow.report_release(user=user, benchmarking=engagement)
                label_award_bronze(version=version, user=user)
    except BaseException:
        if stored is not None:
            version.pdf.storage.delete(stored)
        raise
    return version
