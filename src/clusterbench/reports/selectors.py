"""Which report versions a person may read, and what a report's versions share."""

from django.http import Http404
from django.utils.translation import gettext as _

from clusterbench.engagements.permissions import is_assigned_expert, is_secretariat
from clusterbench.peers.models import ReferenceSnapshot

from .document import Document, document_from_dict
from .models import ReportVersion


def report_versions_for(user, engagement):
    """All versions for the secretariat and the assigned expert; released ones only for
    everyone else who may see the engagement (its cluster's managers)."""
    versions = engagement.reports.select_related("snapshot", "replaces", "benchmarking")
    if not (is_secretariat(user) or is_assigned_expert(user, engagement)):
        versions = versions.filter(status=ReportVersion.Status.RELEASED)
    return versions


def report_version_for(user, engagement, number: int | None = None) -> ReportVersion:
    """The version number (None: the latest) of the engagement's report, if this person may
    read it (report_versions_for); else Http404 saying so. The report pages and the API."""
    versions = report_versions_for(user, engagement)
    version = (versions if number is None else versions.filter(number=number)).first()
    if version is not None:
        return version
    if number is None:
        raise Http404(_("No report yet."))
    raise Http404(
        _("This engagement has no report version %(number)s that you may read.")
        % {"number": number}
    )


def released_document(benchmarking, *, language: str = "") -> Document | None:
    """The stored document of a benchmarking's latest report version (the latest in a
    language when one is given) when that version is released (it is never rebuilt), else
    None: read without the analysis or the report builder, so a command that prints a
    released report starts quickly."""
    versions = benchmarking.reports.only("status", "document")
    version = (versions.filter(language=language) if language else versions).first()
    if version is None or not version.is_released:
        return None
    return document_from_dict(version.document)


def report_snapshot(*, benchmarking, language: str) -> ReferenceSnapshot | None:
    """The peer snapshot a new version of the benchmarking's report in a language compares
    with; None before its first version, which freezes one.

    Every version of one benchmarking's report compares with the same peers. A correction,
    or the report in another language, on a newer snapshot would let a manager who reads
    both released versions difference them: a peer benchmarked in between changes each
    group's n by one and its percentiles by what it answered, which pins its values
    (METHODOLOGY section 3). The subject's own answers are not in the snapshot, so a
    correction still shows the cluster's corrected answers. Nothing else re-freezes once a
    report is released: an interview is re-opened and a report re-drafted only before the
    release, and a re-drafted engagement keeps its draft (report_draft_create).

    The released version of the language wins (a correction shows its original's peers),
    then the latest released one (the report in another language), then the latest draft
    (before a release, a second language is drafted beside the first)."""
    versions = benchmarking.reports.select_related("snapshot")
    released = versions.filter(status=ReportVersion.Status.RELEASED)
    version = released.filter(language=language).first() or released.first() or versions.first()
    return version.snapshot if version is not None else None
