from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Role"), {"fields": ("role", "clusters", "network")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Role"), {"fields": ("role", "email", "network")}),
    )
    autocomplete_fields = ["clusters"]
