from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "clusterbench.web"
    verbose_name = "Web pages"
