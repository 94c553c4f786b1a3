"""What a network's coordinator may read: its group bids, and its members' results only
as aggregates against all benchmarked clusters (never one member's values)."""

import numpy as np
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterbench.accounts.models import User
from clusterbench.analysis.network import NetworkComparison, network_compare
from clusterbench.analysis.values import population_from_answers
from clusterbench.clusters.models import Network
from clusterbench.engagements.models import Benchmarking
from clusterbench.engagements.permissions import is_secretariat
from clusterbench.methodology.loader import framework_latest, framework_spec
from clusterbench.offers.groups import is_coordinator_of
from clusterbench.peers.analysis import answers_by_benchmarking, latest_per_cluster

from .brief import brief_data

CACHE_SECONDS = 600  # results change only when a benchmarking is released


def latest_benchmarkings(framework) -> list[tuple[int, int, str, str]]:
    """(benchmarking id, cluster id, portfolio, country) of every benchmarked cluster's
    latest released benchmarking on this framework: all benchmarked clusters, as in the
    public database. Only released ones: a draft or a report in review never moves a
    network figure."""
    rows = (
        Benchmarking.objects.filter(status=Benchmarking.Status.RELEASED, framework=framework)
        .order_by("cluster_id", "-interview_date", "-pk")
        .values_list("pk", "cluster_id", "cluster__portfolio__slug", "cluster__country_id")
    )
    return latest_per_cluster(rows)


def network_comparison_get(network: Network) -> NetworkComparison | None:
    """The network's members against all benchmarked clusters; None without a framework."""
    framework = framework_latest()
    if framework is None:
        return None
    key = f"network-comparison:{network.pk}:{framework.version}:{timezone.localdate()}"
    comparison = cache.get(key)
    if comparison is None:
        comparison = _compare(network, framework)
        cache.set(key, comparison, CACHE_SECONDS)
    return comparison


def _compare(network: Network, framework) -> NetworkComparison:
    spec = framework_spec(framework)
    rows = latest_benchmarkings(framework)
    answers = answers_by_benchmarking([pk for pk, *_ in rows])
    population = population_from_answers(
        spec, [(portfolio, country, answers[pk]) for pk, _c, portfolio, country in rows]
    )
    member_ids = set(network.members.values_list("pk", flat=True))
    return network_compare(
        spec,
        population,
        members=np.array([cluster_id in member_ids for _pk, cluster_id, *_ in rows], dtype=bool),
    )


def network_get_for_user(user, pk: int) -> Network:
    """The network, if the user coordinates it or is the secretariat; otherwise refused
    with a message that says whose pages these are."""
    network = get_object_or_404(Network, pk=pk)
    if is_secretariat(user) or is_coordinator_of(user, network):
        return network
    if user.role == User.Role.NETWORK_COORDINATOR:
        raise PermissionDenied(
            _("This page belongs to another network; you coordinate %(network)s.")
            % {"network": user.network.name}
        )
    raise PermissionDenied(_("Network pages are for network coordinators and the secretariat."))


def network_brief_get(network: Network) -> dict | None:
    """The brief of the network page, its PDF and the API: None without a framework."""
    comparison = network_comparison_get(network)
    if comparison is None:
        return None
    return brief_data(
        network_name=network.name,
        members=network.members.count(),
        comparison=comparison,
        today=timezone.localdate(),
    )
