from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeersConfig(AppConfig):
    name = "clusterbench.peers"
    verbose_name = _("Peers: reference snapshots and analysis")
