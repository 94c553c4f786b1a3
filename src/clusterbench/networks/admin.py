from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from clusterbench.readonly_admin import ReadOnlyAdmin

from .models import BriefEdition


@admin.register(BriefEdition)
class BriefEditionAdmin(ReadOnlyAdmin):
    """The editions of each network's brief, to look at: of which day its members' figures
    are and how many members' benchmarkings they come from. The brief records them itself
    (networks.services.brief_edition); none is added, changed or deleted here, as an
    edition removed would let the next one differ from the ones before by a single member,
    whose figures a reader of both could then tell. The members' answers are not shown."""

    list_display = ["network", "framework_version", "member_count", "created_at"]
    list_filter = ["network"]
    list_select_related = ["network"]
    fields = ["network", "framework_version", "member_count", "created_at"]
    readonly_fields = fields

    @admin.display(description=_("members' benchmarkings"))
    def member_count(self, edition: BriefEdition) -> int:
        return len(edition.members)
