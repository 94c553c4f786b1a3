from django.apps import AppConfig


class PeersConfig(AppConfig):
    name = "clusterbench.peers"
    verbose_name = "Peers: reference snapshots and analysis"
