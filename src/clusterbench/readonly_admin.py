"""The admin pages that only show: records written by the service's own steps, where its
rules are checked (a loaded framework, an issued quote, a network brief's edition)."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
