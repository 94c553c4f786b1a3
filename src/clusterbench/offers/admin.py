from django.contrib import admin

from clusterbench.engagements.models import GroupBid
from clusterbench.offers.models import Quote, QuoteLine
from clusterbench.readonly_admin import ReadOnlyAdmin


class QuoteLineInline(admin.TabularInline):
    model = QuoteLine
    extra = 0
    fields = ["position", "description", "amount"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Quote)
class QuoteAdmin(ReadOnlyAdmin):
    """Read-only: quotes are issued, accepted and declined on the engagement's quote page,
    where the rules are checked; an issued quote never changes, a new one replaces it."""

    list_display = ["number", "benchmarking", "status", "issued_on", "valid_until", "total"]
    list_filter = ["status", "issued_on"]
    search_fields = ["number", "benchmarking__cluster__name_en"]
    list_select_related = ["benchmarking__cluster"]
    inlines = [QuoteLineInline]


@admin.register(GroupBid)
class GroupBidAdmin(admin.ModelAdmin):
    """Read-only: coordinators form group bids on their network's pages."""

    list_display = ["name", "network", "created_at", "requested_at"]
    list_filter = ["network"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
