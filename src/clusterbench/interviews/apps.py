from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "clusterbench.interviews"
    verbose_name = "Interviews"
