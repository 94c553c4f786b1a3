"""Which report versions a person may read."""

from clusterbench.engagements.permissions import is_assigned_expert, is_secretariat

from .document import Document, document_from_dict
from .models import ReportVersion


def report_versions_for(user, engagement):
    """All versions for the secretariat and the assigned expert; released ones only for
    everyone else who may see the engagement (its cluster's managers)."""
    versions = engagement.reports.select_related("snapshot", "replaces")
    if not (is_secretariat(user) or is_assigned_expert(user, engagement)):
        versions = versions.filter(status=ReportVersion.Status.RELEASED)
    return versions


def released_document(benchmarking) -> Document | None:
    """The stored document of a benchmarking's latest report version when that version is
    released (it is never rebuilt), else None: read without the analysis or the report
    builder, so a command that prints a released report starts quickly."""
    version = benchmarking.reports.only("status", "document").first()
    if version is None or not version.is_released:
        return None
    return document_from_dict(version.document)
