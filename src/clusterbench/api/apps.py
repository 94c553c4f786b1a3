from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "clusterbench.api"
    verbose_name = "API"
