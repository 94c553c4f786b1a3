"""Frameworks are read-only here: a version is loaded from its file and never edited,
because benchmarkings keep pointing at the version they used."""

from django.contrib import admin

from clusterbench.readonly_admin import ReadOnlyAdmin

from .models import Criterion, EligibilityCondition, Framework, Indicator


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class IndicatorInline(ReadOnlyInline):
    model = Indicator
    fields = ["code", "name", "kind", "unit", "min_value", "max_value", "direction"]


class CriterionInline(ReadOnlyInline):
    model = Criterion
    fields = ["code", "name", "indicator", "threshold"]


class EligibilityInline(ReadOnlyInline):
    model = EligibilityCondition
    fields = ["indicator", "threshold", "requirement"]


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin):
    list_display = ["version", "title", "published", "loaded_at"]
    inlines = [IndicatorInline, CriterionInline, EligibilityInline]
