from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "clusterbench.engagements"
    verbose_name = "Engagements"
