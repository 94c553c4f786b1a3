from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "clusterbench.audits"
    verbose_name = "Silver and Gold audits"
