from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    name = "clusterbench.clusters"
    verbose_name = _("Cluster registry")
