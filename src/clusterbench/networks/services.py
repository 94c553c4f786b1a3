"""The network brief's editions: when the brief may show its members' results anew."""

import hashlib
import json

from django.db import IntegrityError, transaction

from clusterbench.clusters.models import Network
from clusterbench.methodology.disclosure import disclosure_policy

from .models import BriefEdition


def brief_edition(network: Network, framework_version: str, members: list) -> BriefEdition | None:
    """The edition the brief shows, given the members' latest released benchmarkings now
    (members: [benchmarking id, portfolio, country, {code: exact text}] each): an earlier
    edition of exactly these; else a new one, recorded here, when they differ from every
    earlier edition in more than `max_difference` benchmarkings; else the latest edition,
    until enough has changed. None while fewer than `min_peers` members are benchmarked
    (the brief then shows no figure)."""
    policy = disclosure_policy()
    if len(members) < policy.min_peers:
        return None
    current = _by_benchmarking(members)
    editions = list(network.brief_editions.filter(framework_version=framework_version))
    for edition in editions:
        if _by_benchmarking(edition.members) == current:
            return edition
    if all(
        _changed(_by_benchmarking(e.members), current) > policy.max_difference for e in editions
    ):
        rows = sorted(members, key=lambda row: row[0])
        digest = hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()
        try:
            with transaction.atomic():
                return BriefEdition.objects.create(
                    network=network,
                    framework_version=framework_version,
                    members=rows,
                    digest=digest,
                )
        except IntegrityError:  # recorded by a request at the same moment
            return BriefEdition.objects.get(
                network=network, framework_version=framework_version, digest=digest
            )
    return editions[-1]


def _by_benchmarking(members: list) -> dict:
    return {row[0]: (row[1], row[2], row[3]) for row in members}


def _changed(earlier: dict, now: dict) -> int:
    """How many benchmarkings differ: in one edition only, or with other answers."""
    return sum(earlier.get(pk) != now.get(pk) for pk in earlier.keys() | now.keys())
