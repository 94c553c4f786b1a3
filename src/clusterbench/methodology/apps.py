from django.apps import AppConfig


class MethodologyConfig(AppConfig):
    name = "clusterbench.methodology"
    verbose_name = "Methodology"
