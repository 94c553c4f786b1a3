from django.contrib.auth.backends import BaseBackend


class SecretariatBackend(BaseBackend):
    """The secretariat runs the service, so it holds every permission of the platform.

    Kept in one place rather than in per-user permission rows, so a new model is
    manageable by the secretariat without a data migration.
    """

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return getattr(user_obj, "is_secretariat", False)

    def has_module_perms(self, user_obj, app_label) -> bool:
        return getattr(user_obj, "is_secretariat", False)
