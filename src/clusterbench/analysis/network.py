"""A network's benchmarked members against all benchmarked clusters, as aggregates only.

A network coordinator knows who the members are, so one member's values must never be
recoverable from what is shown. Every figure here is a median over a group, published
only through disclosure.publish (METHODOLOGY section 3); no count or share that one
member's answers or status could move is returned.

Pure: plain data in, plain data out; vectorised with NumPy over the rows.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from clusterbench.methodology.disclosure import DisclosurePolicy, disclosure_policy
from clusterbench.methodology.spec import FrameworkSpec

from .core import json_ready
from .disclosure import PeerGroup, bounds_of, levels_of, publish
from .peers import ReferencePopulation

HIGHLIGHTS = 5  # indicators named as strongest or weakest
NETWORK, ALL_CLUSTERS = "network", "all"
SCORE_BOUNDS = (0.0, 100.0)


@dataclass(frozen=True)
class AreaComparison:
    code: str
    name: str
    network_median: float | None  # median area score of the members; 50 = all clusters' median
    all_median: float | None


@dataclass(frozen=True)
class IndicatorComparison:
    code: str
    name: str
    area: str
    unit: str
    direction: str
    network_median: float | None  # of the members' values; None when withheld
    all_median: float | None  # of all clusters' values
    network_score: float | None  # median of the members' scores; None for direction none


@dataclass(frozen=True)
class NetworkComparison:
    framework_version: str
    disclosure_version: str
    shown: bool  # enough benchmarked members for any network figure
    areas: tuple[AreaComparison, ...]
    indicators: tuple[IndicatorComparison, ...]
    strongest: tuple[IndicatorComparison, ...]
    weakest: tuple[IndicatorComparison, ...]


def network_compare(
    framework: FrameworkSpec,
    population: ReferencePopulation,
    members: np.ndarray,
    policy: DisclosurePolicy | None = None,
    everyone: np.ndarray | None = None,
) -> NetworkComparison:
    """population: every benchmarked cluster's latest released benchmarking (the rows of
    everyone; all rows when not given), and any member's benchmarking the brief's edition
    keeps that is no longer its latest; members: which of its rows are the network's."""
    policy = policy or disclosure_policy()
    members = _mask(members, population.size)
    everyone = _mask(np.ones(population.size) if everyone is None else everyone, population.size)
    columns = [population.column(indicator.code) for indicator in framework.indicators]
    values = population.values[:, columns]  # framework order
    directions = [indicator.direction for indicator in framework.indicators]
    scores = _scores(values, directions, values[everyone])
    # Sorted once per column: every cluster's values are one group of every figure.
    sorted_values = np.sort(values[everyone], axis=0)
    sorted_scores = np.sort(scores[everyone], axis=0)
    indicators = []
    for j, indicator in enumerate(framework.indicators):
        network_median, all_median = _medians(
            values[:, j],
            sorted_values[:, j],
            members,
            everyone,
            bounds_of(indicator),
            policy,
            levels_of(indicator),
        )
        network_score, _ = _medians(
            scores[:, j], sorted_scores[:, j], members, everyone, SCORE_BOUNDS, policy
        )
        indicators.append(
            IndicatorComparison(
                code=indicator.code,
                name=indicator.name,
                area=indicator.area,
                unit=indicator.unit,
                direction=indicator.direction,
                network_median=network_median,
                all_median=all_median,
                network_score=network_score,
            )
        )
    areas = []
    for area in framework.areas:
        in_area = [i.area == area.code for i in framework.indicators]
        area_scores = _row_means(scores[:, np.flatnonzero(in_area)])
        network_median, all_median = _medians(
            area_scores, np.sort(area_scores[everyone]), members, everyone, SCORE_BOUNDS, policy
        )
        areas.append(AreaComparison(area.code, area.name, network_median, all_median))
    # Stable sorts: equal scores keep the framework's order.
    strongest = sorted(
        (i for i in indicators if i.network_score is not None and i.network_score > 50),
        key=lambda i: -i.network_score,
    )
    weakest = sorted(
        (i for i in indicators if i.network_score is not None and i.network_score < 50),
        key=lambda i: i.network_score,
    )
    return NetworkComparison(
        framework_version=framework.version,
        disclosure_version=policy.version,
        shown=bool(members.sum() >= policy.min_peers),
        areas=tuple(areas),
        indicators=tuple(indicators),
        strongest=tuple(strongest[:HIGHLIGHTS]),
        weakest=tuple(weakest[:HIGHLIGHTS]),
    )


def _medians(
    column, ordered, members, everyone, bounds, policy, levels=None
) -> tuple[float | None, float | None]:
    """The published medians of the network's members and of all clusters; ordered is
    the column's rows of everyone, sorted (NaN last); levels: an ordinal indicator's
    (levels_of)."""
    known = ~np.isnan(column)
    in_network, in_all = members & known, everyone & known
    groups = [
        PeerGroup(NETWORK, np.sort(column[in_network]), in_network),
        PeerGroup(ALL_CLUSTERS, ordered[: int(in_all.sum())], in_all),
    ]
    published = publish(groups, bounds=bounds, policy=policy, levels=levels)
    return published[NETWORK].figure("median"), published[ALL_CLUSTERS].figure("median")


def _mask(mask: np.ndarray, size: int) -> np.ndarray:
    mask = np.asarray(mask, dtype=bool)
    if mask.shape != (size,):
        raise ValueError(f"a mask must have one entry per cluster ({size}), got {mask.shape}")
    return mask


def _scores(values: np.ndarray, directions: list[str], reference: np.ndarray) -> np.ndarray:
    """Each row's percentile rank among the reference rows with a value, read so that
    higher is better.

    The same rank as SortedGroup.rank (SciPy's kind="mean"), for every row at once.
    """
    scores = np.full(values.shape, np.nan)
    ordered = np.sort(reference, axis=0)  # NaN sorts last, so a column's values come first
    counts = np.count_nonzero(~np.isnan(reference), axis=0)
    for j, direction in enumerate(directions):  # a loop over indicators, never over rows
        n = int(counts[j])
        if direction == "none" or n == 0:
            continue
        present = ordered[:n, j]
        strict = np.searchsorted(present, values[:, j], side="left")
        weak = np.searchsorted(present, values[:, j], side="right")
        rank = (strict + weak) * 50.0 / n
        score = 100.0 - rank if direction == "down" else rank
        scores[:, j] = np.where(np.isnan(values[:, j]), np.nan, score)
    return scores


def _row_means(scores: np.ndarray) -> np.ndarray:
    # By hand rather than np.nanmean, which warns on rows without any score.
    known = np.count_nonzero(~np.isnan(scores), axis=1)
    total = np.nansum(scores, axis=1)
    return np.divide(total, known, out=np.full(known.shape, np.nan), where=known > 0)


def network_comparison_as_dict(comparison: NetworkComparison) -> dict:
    """JSON-ready: floats rounded to 2 decimals, withheld figures kept as None."""
    return json_ready(asdict(comparison), places=2)
