"""What a network's coordinator may read: its group bids, and its members' results only
as aggregates against all benchmarked clusters (never one member's values)."""

import datetime as dt

import numpy as np
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterbench.accounts.models import User
from clusterbench.analysis.network import NetworkComparison, network_compare
from clusterbench.analysis.values import population_from_texts
from clusterbench.clusters.models import Network
from clusterbench.engagements.models import Benchmarking
from clusterbench.engagements.permissions import is_secretariat
from clusterbench.methodology.loader import framework_latest, framework_spec
from clusterbench.offers.groups import is_coordinator_of
from clusterbench.peers.analysis import answer_text, answers_by_benchmarking, latest_per_cluster

from .brief import brief_data
from .services import brief_edition

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


def network_comparison_get(network: Network) -> tuple[NetworkComparison, dt.date | None] | None:
    """The network's members, as its brief's edition has them, against all benchmarked
    clusters, and the edition's date (None while too few members are benchmarked); None
    without a framework."""
    framework = framework_latest()
    if framework is None:
        return None
    key = f"network-comparison:{network.pk}:{framework.version}:{timezone.localdate()}"
    found = cache.get(key)
    if found is None:
        found = _compare(network, framework)
        cache.set(key, found, CACHE_SECONDS)
    return found


def _compare(network: Network, framework) -> tuple[NetworkComparison, dt.date | None]:
    # The one write of these reads: the brief's edition is recorded when it may be taken
    # anew (networks.services.brief_edition), once, whoever asks first.
    spec = framework_spec(framework)
    rows = latest_benchmarkings(framework)
    answers = answers_by_benchmarking([pk for pk, *_ in rows])
    member_ids = set(network.members.values_list("pk", flat=True))
    texts = {
        pk: {code: answer_text(value) for code, value in answers[pk].items()} for pk, *_ in rows
    }
    edition = brief_edition(
        network,
        framework.version,
        [
            [pk, portfolio, country, texts[pk]]
            for pk, cluster_id, portfolio, country in rows
            if cluster_id in member_ids
        ],
    )
    kept = {row[0]: row for row in edition.members} if edition else {}
    # A member's row as the edition keeps it is all clusters' row when nothing changed
    # since; otherwise the edition's row is added, as a member only.
    extra = [row for pk, row in kept.items() if pk not in texts or texts[pk] != row[3]]
    codes = [indicator.code for indicator in spec.asked]
    population = population_from_texts(
        spec,
        codes,
        [
            [portfolio, country, *[texts[pk].get(code) for code in codes]]
            for pk, _c, portfolio, country in rows
        ]
        + [
            [portfolio, country, *[kept_answers.get(code) for code in codes]]
            for _pk, portfolio, country, kept_answers in extra
        ],
    )
    extra_ids = {row[0] for row in extra}
    members = [pk in kept and pk not in extra_ids for pk, *_ in rows] + [True] * len(extra)
    everyone = [True] * len(rows) + [False] * len(extra)
    comparison = network_compare(
        spec,
        population,
        members=np.array(members, dtype=bool),
        everyone=np.array(everyone, dtype=bool),
    )
    return comparison, (timezone.localdate(edition.created_at) if edition else None)


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
    found = network_comparison_get(network)
    if found is None:
        return None
    comparison, edition_date = found
    return brief_data(
        network_name=network.name,
        members=network.members.count(),
        comparison=comparison,
        today=timezone.localdate(),
        edition_date=edition_date,
    )
