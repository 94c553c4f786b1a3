from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "clusterbench.networks"
    verbose_name = "Networks"
