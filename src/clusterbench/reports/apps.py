from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "clusterbench.reports"
    verbose_name = "Reports"
