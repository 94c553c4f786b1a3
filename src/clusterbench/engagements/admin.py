from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clusterbench.engagements.models import Benchmarking
from clusterbench.interviews.models import Answer


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

    @admin.display(description=_("Analysis"))
    def analysis_link(self, benchmarking):
        if benchmarking.interview_date is None:
            return "—"
        url = reverse("benchmarking_analysis", args=[benchmarking.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Analysis"))
