from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "clusterbench.audits"
    verbose_name = _("Silver and Gold audits")
