"""A network's benchmarked members against all benchmarked clusters, as aggregates only.

A network coordinator may know who the members are, so one member's values must never be
recoverable from what is shown. Every figure here is a median or a share over a group, and
the anonymity rule applies to each figure on its own: computed from fewer than MIN_PEERS
values, it is withheld (None), however many members the network has.

Pure: plain data in, plain data out; vectorised with NumPy over the rows.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from clusterbench.methodology.spec import FrameworkSpec

from .core import json_ready
from .peers import ReferencePopulation
from .statistics import MIN_PEERS

HIGHLIGHTS = 5  # indicators named as strongest or weakest


@dataclass(frozen=True)
class AreaComparison:
    code: str
    name: str
    network_median: float | None  # median area score of the members; 50 = all clusters' median
    network_n: int  # members with an area score
    all_median: float | None
    all_n: int


@dataclass(frozen=True)
class IndicatorComparison:
    code: str
    name: str
    area: str
    unit: str
    direction: str
    network_n: int  # members with a value
    network_median: float | None  # of the members' values
    all_median: float | None  # of all clusters' values
    network_score: float | None  # median of the members' scores; None for direction none


@dataclass(frozen=True)
class Share:
    count: int | None  # None when total < MIN_PEERS
    total: int
    percent: float | None


@dataclass(frozen=True)
class NetworkComparison:
    framework_version: str
    members: int
    clusters: int
    shown: bool  # members >= MIN_PEERS; otherwise no network figure is given
    areas: tuple[AreaComparison, ...]
    indicators: tuple[IndicatorComparison, ...]
    strongest: tuple[IndicatorComparison, ...]
    weakest: tuple[IndicatorComparison, ...]
    eligible_network: Share
    eligible_all: Share
    labelled_network: Share
    labelled_all: Share


def network_compare(
    framework: FrameworkSpec,
    population: ReferencePopulation,
    members: np.ndarray,
    eligible: np.ndarray,
    labelled: np.ndarray,
) -> NetworkComparison:
    members, eligible, labelled = (_mask(m, population.size) for m in (members, eligible, labelled))
    everyone = np.ones(population.size, dtype=bool)
    # No figure needs its own check of `shown`: each network figure comes from at most
    # `members` values, so below MIN_PEERS members _median and _share withhold all of them.
    columns = [population.column(indicator.code) for indicator in framework.indicators]
    values = population.values[:, columns]  # framework order
    scores = _scores(values, [indicator.direction for indicator in framework.indicators])
    indicators = []
    for j, indicator in enumerate(framework.indicators):
        network_median, network_n = _median(values[members, j])
        all_median, _ = _median(values[:, j])
        network_score, _ = _median(scores[members, j])
        indicators.append(
            IndicatorComparison(
                code=indicator.code,
                name=indicator.name,
                area=indicator.area,
                unit=indicator.unit,
                direction=indicator.direction,
                network_n=network_n,
                network_median=network_median,
                all_median=all_median,
                network_score=network_score,
            )
        )
    areas = []
    for area in framework.areas:
        in_area = [i.area == area.code for i in framework.indicators]
        area_scores = _row_means(scores[:, np.flatnonzero(in_area)])
        network_median, network_n = _median(area_scores[members])
        all_median, all_n = _median(area_scores)
        areas.append(
            AreaComparison(area.code, area.name, network_median, network_n, all_median, all_n)
        )
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
        members=int(members.sum()),
        clusters=population.size,
        shown=bool(members.sum() >= MIN_PEERS),
        areas=tuple(areas),
        indicators=tuple(indicators),
        strongest=tuple(strongest[:HIGHLIGHTS]),
        weakest=tuple(weakest[:HIGHLIGHTS]),
        eligible_network=_share(eligible, members),
        eligible_all=_share(eligible, everyone),
        labelled_network=_share(labelled, members),
        labelled_all=_share(labelled, everyone),
    )


def _mask(mask: np.ndarray, size: int) -> np.ndarray:
    mask = np.asarray(mask, dtype=bool)
    if mask.shape != (size,):
        raise ValueError(f"a mask must have one entry per cluster ({size}), got {mask.shape}")
    return mask


def _scores(values: np.ndarray, directions: list[str]) -> np.ndarray:
    """Each row's percentile rank among all rows with a value, read so that higher is better.

    The same rank as SortedGroup.rank (SciPy's kind="mean"), for every row at once.
    """
    scores = np.full(values.shape, np.nan)
    ordered = np.sort(values, axis=0)  # NaN sorts last, so a column's values come first
    counts = np.count_nonzero(~np.isnan(values), axis=0)
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


def _median(values: np.ndarray) -> tuple[float | None, int]:
    """The median of the known values and their number; withheld below MIN_PEERS."""
    known = values[~np.isnan(values)]
    n = int(known.size)
    return (float(np.median(known)) if n >= MIN_PEERS else None), n


def _share(flag: np.ndarray, within: np.ndarray) -> Share:
    total = int(within.sum())
    if total < MIN_PEERS:
        return Share(count=None, total=total, percent=None)
    count = int((flag & within).sum())
    return Share(count=count, total=total, percent=100.0 * count / total)


def network_comparison_as_dict(comparison: NetworkComparison) -> dict:
    """JSON-ready: floats rounded to 2 decimals, withheld figures kept as None."""
    return json_ready(asdict(comparison), places=2)
