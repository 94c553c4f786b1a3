from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "clusterbench.demo"
    verbose_name = "Demonstration population"
