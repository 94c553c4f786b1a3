"""Which report versions a person may read."""

from clusterbench.engagements.permissions import is_assigned_expert, is_secretariat

from .models import ReportVersion


def report_versions_for(user, engagement):
    """All versions for the secretariat and the assigned expert; released ones only for
    everyone else who may see the engagement (its cluster's managers)."""
    versions = engagement.reports.select_related("snapshot", "replaces")
    if not (is_secretariat(user) or is_assigned_expert(user, engagement)):
        versions = versions.filter(status=ReportVersion.Status.RELEASED)
    return versions
