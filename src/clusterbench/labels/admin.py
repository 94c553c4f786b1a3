from django.contrib import admin, messages

from clusterbench.errors import StepRefused

from .models import Label
from .services import label_record_audited, label_revoke


@admin.register(Label)
class LabelAdmin(admin.ModelAdmin):
    """Bronze Labels come from released reports; here the secretariat records Silver and
    Gold (cluster, level, audit date as "valid from") and revokes labels (a reason)."""

    list_display = ["certificate_id", "cluster", "level", "valid_from", "valid_until", "revoked_at"]
    list_filter = ["level", "revoked_at"]
    search_fields = ["certificate_id", "cluster__name", "cluster__name_en"]
    autocomplete_fields = ["cluster"]
    list_select_related = ["cluster"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["cluster", "level", "valid_from"]
        return [
            "certificate_id",
            "cluster",
            "level",
            "valid_from",
            "valid_until",
            "report",
            "awarded_at",
            "revoked_at",
            "revoked_reason",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        readonly = [
            "certificate_id",
            "cluster",
            "level",
            "valid_from",
            "valid_until",
            "report",
            "awarded_at",
            "revoked_at",
        ]
        return readonly + (["revoked_reason"] if obj.revoked_at else [])

    def save_model(self, request, obj, form, change):
        try:
            if not change:
                saved = label_record_audited(
                    user=request.user,
                    cluster=obj.cluster,
                    level=obj.level,
                    audit_date=obj.valid_from,
                )
                obj.pk = saved.pk
            elif "revoked_reason" in form.changed_data:
                reason = obj.revoked_reason
                obj.refresh_from_db()
                label_revoke(user=request.user, label=obj, reason=reason)
        except StepRefused as exc:
            messages.error(request, str(exc))
