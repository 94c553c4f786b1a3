"""Reads of the cluster registry."""

from dataclasses import dataclass

from clusterbench.benchmarkings.models import Benchmarking

from .models import ClusterOrganisation


@dataclass(frozen=True)
class Headline:
    clusters: int
    countries: int


def benchmarked_clusters():
    """Cluster organisations with at least one completed benchmarking."""
    completed = Benchmarking.objects.filter(status__in=Benchmarking.COMPLETED)
    return ClusterOrganisation.objects.filter(pk__in=completed.values("cluster_id"))


def headline_get() -> Headline:
    clusters = benchmarked_clusters()
    return Headline(
        clusters=clusters.count(),
        countries=clusters.values("country_id").distinct().count(),
    )
