"""Running the pure analysis core on stored benchmarkings: reference snapshots and results.

The core (clusterbench.analysis) never touches the database; this module loads what it
needs, freezes reference populations, and hands plain data over.
"""

import datetime as dt
import hashlib
import json
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from clusterbench.analysis.core import Analysis, Subject, analyse
from clusterbench.analysis.peers import PeerStatistics, ReferencePopulation
from clusterbench.analysis.recommendations import catalogue_load
from clusterbench.analysis.values import indicator_values, population_from_texts
from clusterbench.engagements.models import Benchmarking
from clusterbench.interviews.models import Answer
from clusterbench.methodology.loader import framework_spec
from clusterbench.methodology.models import Indicator
from clusterbench.methodology.spec import FrameworkSpec
from clusterbench.peers.models import ReferenceSnapshot

REFERENCE_YEARS = 5
IN_CHUNK = 500  # ids per IN (...) query, well under every backend's parameter limit


def reference_window(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """Interview dates in [as_of - 5 years, as_of]; 29 February steps back to the 28th."""
    try:
        start = as_of.replace(year=as_of.year - REFERENCE_YEARS)
    except ValueError:
        start = as_of.replace(year=as_of.year - REFERENCE_YEARS, day=28)
    return start, as_of


def reference_benchmarkings(*, subject: Benchmarking, as_of: dt.date) -> list[tuple]:
    """(id, portfolio slug, country alpha-2) of each other cluster's latest completed
    benchmarking interviewed within the reference window."""
    start, end = reference_window(as_of)
    rows = (
        Benchmarking.objects.filter(
            status__in=Benchmarking.COMPLETED, interview_date__range=(start, end)
        )
        .exclude(cluster_id=subject.cluster_id)
        .order_by("cluster_id", "-interview_date", "-pk")
        .values_list("pk", "cluster_id", "cluster__portfolio__slug", "cluster__country_id")
    )
    return [
        (pk, portfolio, country) for pk, _cluster, portfolio, country in latest_per_cluster(rows)
    ]


def latest_per_cluster(rows) -> list[tuple]:
    """The first row of each cluster, from rows of (id, cluster id, ...) ordered by cluster
    and newest first: each cluster's latest benchmarking."""
    latest, seen = [], set()
    for row in rows:
        if row[1] not in seen:
            seen.add(row[1])
            latest.append(row)
    return latest


def answers_by_benchmarking(ids: list[int]) -> dict[int, dict[str, Decimal | None]]:
    answers: dict[int, dict[str, Decimal | None]] = {pk: {} for pk in ids}
    # Indicator codes from a table of a few dozen rows, not joined into every answer row.
    code_of = dict(Indicator.objects.values_list("pk", "code"))
    for start in range(0, len(ids), IN_CHUNK):
        chunk = ids[start : start + IN_CHUNK]
        for pk, indicator, value in Answer.objects.filter(benchmarking_id__in=chunk).values_list(
            "benchmarking_id", "indicator_id", "value"
        ):
            answers[pk][code_of[indicator]] = value
    return answers


def snapshot_data(
    *,
    benchmarking: Benchmarking,
    as_of: dt.date,
    answers: dict[int, dict[str, Decimal | None]] | None = None,
) -> dict:
    """The reference population of a benchmarking as JSON-ready data: asked indicator codes,
    then one row per peer (benchmarking id, portfolio, country, answers as exact text).
    answers: every peer's answers loaded beforehand (answers_by_benchmarking), for a batch
    that builds many populations from one database; read from the database otherwise."""
    peers = reference_benchmarkings(subject=benchmarking, as_of=as_of)
    if answers is None:
        answers = answers_by_benchmarking([pk for pk, _portfolio, _country in peers])
    codes = [i.code for i in framework_spec(benchmarking.framework).asked]
    # Each distinct value is written as text once: peers share most of their values.
    # Equal decimals write the same text, but for zero's sign (-0 == 0), so zero is not
    # remembered.
    texts: dict[Decimal | None, str | None] = {None: None}

    def text(value: Decimal | None) -> str | None:
        try:
            return texts[value]
        except KeyError:
            written = answer_text(value)
            if value:
                texts[value] = written
            return written

    return {
        "codes": codes,
        "peers": [
            [pk, portfolio, country, *[text(answers[pk].get(code)) for code in codes]]
            for pk, portfolio, country in peers
        ],
    }


@transaction.atomic
def snapshot_freeze(
    *, benchmarking: Benchmarking, as_of: dt.date | None = None
) -> ReferenceSnapshot:
    """Build the reference population of a benchmarking and store it, frozen."""
    as_of = as_of or benchmarking.interview_date or timezone.localdate()
    data = snapshot_data(benchmarking=benchmarking, as_of=as_of)
    encoded = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    return ReferenceSnapshot.objects.create(
        subject=benchmarking,
        reference_date=as_of,
        peers=len(data["peers"]),
        data=data,
        data_sha256=hashlib.sha256(encoded).hexdigest(),
    )


def population_from_snapshot_data(spec: FrameworkSpec, data: dict) -> ReferencePopulation:
    return population_from_texts(spec, data["codes"], [row[1:] for row in data["peers"]])


def subject_of(spec: FrameworkSpec, benchmarking: Benchmarking) -> Subject:
    cluster = benchmarking.cluster
    answers = dict(benchmarking.answers.values_list("indicator__code", "value"))
    return Subject(
        values=indicator_values(spec, answers),
        portfolio=cluster.portfolio.slug,
        portfolio_name=cluster.portfolio.name,
        country=cluster.country_id,
        country_name=cluster.country.name,
    )


def benchmarking_analyse(
    *, benchmarking: Benchmarking, snapshot: ReferenceSnapshot | None = None
) -> Analysis:
    """The analysis of a benchmarking against a frozen snapshot (its latest one, or a new one)."""
    if snapshot is None:
        snapshot = benchmarking.snapshots.first() or snapshot_freeze(benchmarking=benchmarking)
    return analyse_against(benchmarking=benchmarking, data=snapshot.data)


def peer_statistics(spec: FrameworkSpec, data: dict) -> PeerStatistics:
    """The comparison groups of snapshot data, sorted: built once, they serve every
    analysis against the same snapshot (a report's current and previous answers)."""
    return PeerStatistics.build(population_from_snapshot_data(spec, data))


def analyse_against(
    *,
    benchmarking: Benchmarking,
    data: dict,
    spec: FrameworkSpec | None = None,
    stats: PeerStatistics | None = None,
) -> Analysis:
    """The analysis against snapshot data, frozen or not (batch rendering uses it unstored).
    spec and stats: the benchmarking's framework and peer_statistics(spec, data), when the
    caller already has them."""
    spec = spec or framework_spec(benchmarking.framework)
    stats = stats or peer_statistics(spec, data)
    return analyse(spec, subject_of(spec, benchmarking), stats, catalogue_load(spec.version))


def answer_text(value: Decimal | None) -> str | None:
    # Exact decimals as text: floats would not round-trip every stored value.
    return None if value is None else format(value.normalize(), "f")
