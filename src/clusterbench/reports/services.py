"""Report versions: drafts, the expert's edits, release and corrections."""

import datetime as dt
import hashlib
import json
from dataclasses import asdict

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from clusterbench.benchmarkings import workflow
from clusterbench.benchmarkings.analysis import snapshot_freeze
from clusterbench.benchmarkings.models import Benchmarking
from clusterbench.benchmarkings.permissions import is_assigned_expert, is_secretariat
from clusterbench.benchmarkings.workflow import StepRefused
from clusterbench.labels.services import label_award_bronze

from .build import default_recommendations, generated_summary, report_document
from .document import Document, document_from_dict
from .inputs import report_identifier, report_input
from .models import ReportVersion
from .pdf import render_pdf

S = Benchmarking.Status
REVIEWABLE = (S.DRAFT_READY, S.IN_REVIEW)
EDIT_FIELDS = ("title", "what", "why", "first_step")


@transaction.atomic
def report_draft_create(*, benchmarking: Benchmarking) -> ReportVersion:
    """The draft of a benchmarking's next report version, on a newly frozen snapshot."""
    existing = benchmarking.reports.filter(status=ReportVersion.Status.DRAFT).first()
    if existing is not None:
        return existing
    previous = benchmarking.reports.filter(status=ReportVersion.Status.RELEASED).first()
    snapshot = snapshot_freeze(benchmarking=benchmarking)
    return ReportVersion.objects.create(
        benchmarking=benchmarking,
        snapshot=snapshot,
        replaces=previous,
        number=(previous.number + 1) if previous else 1,
        summary=previous.summary if previous else "",
        recommendations=previous.recommendations if previous else None,
    )


@transaction.atomic
def report_draft_ready(*, user, benchmarking: Benchmarking) -> ReportVersion:
    """Draft the report of a closed interview, check that it renders, and move the
    engagement to "draft ready". user None is the background worker."""
    if user is not None and not is_secretariat(user):
        raise StepRefused("Only the secretariat marks a draft as ready.")
    version = report_draft_create(benchmarking=benchmarking)
    render_pdf(report_build(version))  # a draft that cannot render is not ready
    workflow.draft_mark_ready(user=user, benchmarking=benchmarking)
    return version


def report_build(
    version: ReportVersion, *, identifier: str | None = None, issued: dt.date | None = None
) -> Document:
    """The document of a version: stored when released, else built from live data."""
    if version.is_released:
        return document_from_dict(version.document)
    benchmarking = version.benchmarking
    return report_document(
        report_input(
            benchmarking=benchmarking,
            snapshot_data=version.snapshot.data,
            snapshot_date=version.snapshot.reference_date,
            identifier=identifier or f"draft {version.number} (identifier given on release)",
            issued=issued or timezone.localdate(),
            summary=version.summary,
            recommendations=version.recommendations,
            status="released" if identifier else "draft",
            version=version.number,
            replaces=version.replaces.identifier if version.replaces else "",
        )
    )


def report_editorial(version: ReportVersion) -> tuple[str, list[dict]]:
    """The summary and recommendations as the expert edits them: the stored edits, or the
    generated text and the analysis's recommendations before the first edit."""
    if version.summary and version.recommendations is not None:
        return version.summary, version.recommendations
    data = report_input(
        benchmarking=version.benchmarking,
        snapshot_data=version.snapshot.data,
        snapshot_date=version.snapshot.reference_date,
        identifier="",
        issued=timezone.localdate(),
    )
    summary = version.summary or generated_summary(data)
    recommendations = version.recommendations
    if recommendations is None:
        recommendations = [asdict(r) for r in default_recommendations(data.analysis)]
    return summary, recommendations


class EditRefused(StepRefused):
    """Edits refused field by field: errors maps (position in the list given, field name)
    to what is wrong, so a page can point at the very field."""

    FIELD_NAMES = {"title": "a title", "what": "what to do"}

    def __init__(self, errors: dict[tuple[int, str], str]):
        self.errors = errors
        by_item: dict[int, list[str]] = {}
        for index, name in errors:
            by_item.setdefault(index, []).append(self.FIELD_NAMES.get(name, name))
        super().__init__(
            " ".join(
                f"Recommendation {index + 1} needs {' and '.join(names)}."
                for index, names in sorted(by_item.items())
            )
        )


def report_edit(
    *, user, version: ReportVersion, summary: str, recommendations: list[dict]
) -> ReportVersion:
    """The expert's (or secretariat's) edits: the summary text and the recommendations,
    chosen, reordered, rewritten or added. Nothing is saved unless every one is complete."""
    engagement = version.benchmarking
    if not (is_assigned_expert(user, engagement) or is_secretariat(user)):
        raise StepRefused("Only the assigned expert or the secretariat edits the draft.")
    if version.is_released:
        raise StepRefused("A released report cannot change; create a correction instead.")
    cleaned = []
    errors: dict[tuple[int, str], str] = {}
    for index, item in enumerate(recommendations):
        entry = {key: str(item.get(key, "")).strip() for key in (*EDIT_FIELDS, "reason")}
        if not any(entry[key] for key in EDIT_FIELDS):
            continue  # an empty added row is ignored
        if not entry["title"]:
            errors[(index, "title")] = "Give the recommendation a title."
        if not entry["what"]:
            errors[(index, "what")] = "Say what the cluster should do."
        cleaned.append(entry)
    if errors:
        raise EditRefused(errors)
    version.summary = summary.strip()
    version.recommendations = cleaned
    version.save(update_fields=["summary", "recommendations"])
    return version


def report_release_check(*, user, version: ReportVersion, engagement: Benchmarking) -> bool:
    """Why this version may not be released now, raised as StepRefused (before any PDF is
    rendered or stored); else whether it is a correction of a released report."""
    if not is_secretariat(user):
        raise StepRefused("Only the secretariat releases reports.")
    if version.is_released:
        raise StepRefused("This version is already released.")
    correction = version.replaces is not None and engagement.status == S.RELEASED
    if not correction and engagement.status != S.IN_REVIEW:
        raise StepRefused(
            "A report is released from review: start the review first "
            f"(the engagement is {engagement.get_status_display().lower()})."
        )
    if not correction:
        workflow.report_release_check(user=user, engagement=engagement)
    return correction


def report_release(*, user, version: ReportVersion) -> ReportVersion:
    """Release a draft: identifier, final PDF, SHA-256 and the document, stored for good.

    The PDF file is written first and the row updated in one transaction after it; if the
    transaction fails the file is removed again, so nothing is left half-stored.
    """
    engagement = Benchmarking.objects.select_related("cluster__country").get(
        pk=version.benchmarking_id
    )  # fresh: the step depends on its current state
    correction = report_release_check(user=user, version=version, engagement=engagement)
    issued = timezone.localdate()
    serial = ReportVersion.objects.filter(status=ReportVersion.Status.RELEASED).count() + 1
    identifier = report_identifier(engagement, serial=serial, issued=issued)
    document = report_build(version, identifier=identifier, issued=issued)
    pdf = render_pdf(document)
    name = f"{identifier}.pdf"
    stored = version.pdf.storage.save(f"reports/{name}", ContentFile(pdf))
    try:
        with transaction.atomic():
            version.identifier = identifier
            version.document = json.loads(json.dumps(document.as_dict()))
            version.pdf.name = stored
            version.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
            version.status = ReportVersion.Status.RELEASED
            version.released_at, version.released_by = timezone.now(), user
            version.save()
            if not correction:
                workflow.report_release(user=user, benchmarking=engagement)
                label_award_bronze(version=version, user=user)
    except Exception:
        version.pdf.storage.delete(stored)
        raise
    return version


def report_for_benchmarking(benchmarking: Benchmarking) -> Document:
    """The document of a benchmarking's latest report version, released or draft; one built
    on its latest snapshot (frozen now if it has none) when it has no version yet."""
    version = benchmarking.reports.first()
    if version is not None:
        return report_build(version)
    snapshot = benchmarking.snapshots.first() or snapshot_freeze(benchmarking=benchmarking)
    return report_document(
        report_input(
            benchmarking=benchmarking,
            snapshot_data=snapshot.data,
            snapshot_date=snapshot.reference_date,
            identifier="not released",
            issued=timezone.localdate(),
        )
    )


def report_correct(*, user, version: ReportVersion) -> ReportVersion:
    if not is_secretariat(user):
        raise StepRefused("Only the secretariat corrects a released report.")
    if not version.is_released:
        raise StepRefused("Only a released report is corrected; edit the draft instead.")
    return report_draft_create(benchmarking=version.benchmarking)
