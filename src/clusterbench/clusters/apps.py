from django.apps import AppConfig


class ClustersConfig(AppConfig):
    name = "clusterbench.clusters"
    verbose_name = "Cluster registry"
