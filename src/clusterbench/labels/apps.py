from django.apps import AppConfig


class LabelsConfig(AppConfig):
    name = "clusterbench.labels"
    verbose_name = "Labels"
