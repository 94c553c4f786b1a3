from django.apps import AppConfig


class LanguagesConfig(AppConfig):
    name = "clusterbench.languages"
    verbose_name = "Languages"
