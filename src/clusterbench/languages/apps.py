from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LanguagesConfig(AppConfig):
    name = "clusterbench.languages"
    verbose_name = _("Languages")
