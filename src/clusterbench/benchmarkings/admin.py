from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from .models import Answer, Benchmarking, GroupBid, Quote, QuoteLine


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["indicator", "value", "not_known", "evidence", "answered_by", "answered_at"]
    raw_id_fields = ["indicator", "answered_by"]


@admin.register(Benchmarking)
class BenchmarkingAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "cluster",
        "interview_date",
        "status",
        "expert",
        "framework",
        "analysis_link",
    ]
    list_filter = ["status", "framework"]
    search_fields = ["cluster__name", "cluster__name_en"]
    list_select_related = ["cluster", "expert", "framework"]
    autocomplete_fields = ["cluster"]
    date_hierarchy = "interview_date"
    inlines = [AnswerInline]

    @admin.display(description="Analysis")
    def analysis_link(self, benchmarking):
        if benchmarking.interview_date is None:
            return "—"
        url = reverse("benchmarking_analysis", args=[benchmarking.pk])
        return format_html('<a href="{}">Analysis</a>', url)


class QuoteLineInline(admin.TabularInline):
    model = QuoteLine
    extra = 0
    fields = ["position", "description", "amount"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    """Read-only: quotes are issued, accepted and declined on the engagement's quote page,
    where the rules are checked; an issued quote never changes, a new one replaces it."""

    list_display = ["number", "benchmarking", "status", "issued_on", "valid_until", "total"]
    list_filter = ["status", "issued_on"]
    search_fields = ["number", "benchmarking__cluster__name_en"]
    list_select_related = ["benchmarking__cluster"]
    inlines = [QuoteLineInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GroupBid)
class GroupBidAdmin(admin.ModelAdmin):
    """Read-only: coordinators form group bids on their network's pages."""

    list_display = ["name", "network", "created_at", "requested_at"]
    list_filter = ["network"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
