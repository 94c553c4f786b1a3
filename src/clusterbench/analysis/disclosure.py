"""The one place that decides which peer figures may be published (METHODOLOGY section 3).

Every report, page, chart, brief, export and API response gets its peer figures from
`publish`: given the peers' values of one indicator in each comparison group, it returns
only what a reader may see, and for everything else the reason it is withheld. The
thresholds are data (clusterbench/methodology/disclosure/*.yaml).

Why each check exists:
- the thresholds per figure: five interpolated percentiles of five peers give back all
  five values, so each figure waits for a group in which it is an interpolation;
- the extremes: in a small group a figure close to an indicator's bound pins the group's
  minimum or maximum (a percent of 0 is a floor), which usually belongs to one
  recognisable peer, so such a figure is withheld unless several peers share that value;
- the levels: an ordinal indicator's answers are one of a few levels, which a reader knows,
  so a small group's published figures are also checked against every group of that size
  drawn from the levels (when all those that publish the same share their minimum or
  maximum, it is pinned, however far from the bound), and its rank is withheld when, in
  any such group, it would pin an extreme: decided on what a reader sees anyway (the
  group's size, its figures, the subject's own value), so that a withheld rank tells
  nothing of the peers;
- differencing: two published groups, one inside the other, that differ by a few peers
  describe those few peers;
- the rank: a percentile rank is the count of peers below the subject, so below
  `exact_rank_from` peers only its quarter is given, and never a rank that could say a
  peer's minimum or maximum equals the subject's own value: ranks that close to 0 or 100
  are always given as their quarter, so that which ranks are quarters depends on the rank
  and the group's size alone.

Pure: NumPy arrays in, plain data out.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from clusterbench.methodology.disclosure import FIGURE_QUANTILES, DisclosurePolicy

from .statistics import sorted_percentiles

FIGURES = tuple(FIGURE_QUANTILES)  # p10, p25, median, p75, p90

# Why a group or a figure is withheld.
TOO_FEW_PEERS = "too few peers"  # the group has fewer than min_peers values
NEEDS_MORE_PEERS = "needs more peers"  # the figure is published only from a larger group
REVEALS_MINIMUM = "reveals the minimum"
REVEALS_MAXIMUM = "reveals the maximum"
DIFFERENCING = "differencing"  # the group contains a published one and differs by a few

QUARTERS = ("bottom quarter", "second quarter", "third quarter", "top quarter")


@dataclass(frozen=True)
class PeerGroup:
    """One comparison group's peers for one indicator.

    values: the group's known values, sorted ascending (no NaN).
    members: which rows of the population have a value in this group (a boolean mask);
    used only to find which groups lie inside which.
    """

    name: str
    values: np.ndarray
    members: np.ndarray

    @property
    def n(self) -> int:
        return len(self.values)


@dataclass(frozen=True)
class Published:
    """What may be shown of one group for one indicator."""

    name: str
    n: int  # peers with a value
    compared: bool  # False: nothing but n is shown, for `reason`
    reason: str | None = None  # TOO_FEW_PEERS or DIFFERENCING when not compared
    differs_from: str | None = None  # the smaller group, when withheld for differencing
    figures: dict[str, float] = field(default_factory=dict)  # published figures only
    withheld: dict[str, str] = field(default_factory=dict)  # figure (or "rank") -> reason
    rank: float | None = None  # the subject's percentile rank, when published as a number
    quarter: int | None = None  # 1-4, when the rank is published only as its quarter

    def figure(self, name: str) -> float | None:
        return self.figures.get(name)


def publish(
    groups: Sequence[PeerGroup],
    *,
    bounds: tuple[float, float],
    policy: DisclosurePolicy,
    subject: float | None = None,
    levels: tuple[float, ...] | None = None,
) -> dict[str, Published]:
    """What may be published of each group, for one indicator; in the order given.

    bounds: the indicator's allowed range (-inf / inf where open): a reader knows it.
    subject: the subject's own value, for its percentile rank (None: no rank).
    levels: the values an answer can take, for an ordinal indicator (levels_of): a
    reader knows them too.
    """
    published: list[PeerGroup] = []
    results: dict[str, Published] = {}
    # Smaller groups first, so a containing group knows whether its parts are published.
    for group in sorted(groups, key=lambda g: g.n):
        n = group.n
        if n < policy.min_peers:
            results[group.name] = Published(group.name, n, False, TOO_FEW_PEERS)
            continue
        inner = next(
            (
                part
                for part in published
                if 1 <= n - part.n <= policy.max_difference and _contains(group, part)
            ),
            None,
        )
        if inner is not None:
            results[group.name] = Published(
                group.name, n, False, DIFFERENCING, differs_from=inner.name
            )
            continue
        on_levels = _on_levels(group.values, levels, policy)
        figures, withheld = _figures(group.values, bounds, policy, on_levels)
        rank, quarter, rank_withheld = _rank(
            group.values, subject, bounds, figures, policy, on_levels
        )
        if rank_withheld:
            withheld["rank"] = rank_withheld
        results[group.name] = Published(
            group.name,
            n,
            True,
            figures=figures,
            withheld=withheld,
            rank=rank,
            quarter=quarter,
        )
        published.append(group)
    return {group.name: results[group.name] for group in groups}


def quarter_of(rank: float) -> int:
    """The quarter (1-4) of a percentile rank, on the same edges as strengths (>= 75) and
    weaknesses (<= 25)."""
    if rank <= 25:
        return 1
    if rank < 50:
        return 2
    if rank < 75:
        return 3
    return 4


def rank_midpoint(published) -> float | None:
    """A published rank as a number: the rank, or the middle of its quarter (published is
    anything with the `rank` and `quarter` of a Published)."""
    if published.rank is not None:
        return published.rank
    if published.quarter is not None:
        return 25.0 * published.quarter - 12.5
    return None


def _contains(outer: PeerGroup, inner: PeerGroup) -> bool:
    return not np.any(inner.members & ~outer.members)


def _figures(values: np.ndarray, bounds, policy: DisclosurePolicy, levels):
    n = len(values)
    everything = sorted_percentiles(values[:, None], np.array([n]))[:, 0]
    candidates = {
        name: float(value)
        for name, value in zip(FIGURES, everything, strict=True)
        if policy.publishes(name, n)
    }
    withheld = {name: NEEDS_MORE_PEERS for name in FIGURES if name not in candidates}
    if n < policy.extremes_below:
        low, high = _bounds_holding(bounds, values)
        tolerance = policy.extremes_tolerance * float(values[-1] - values[0])
        shared_low = int(np.count_nonzero(values == values[0]))
        shared_high = int(np.count_nonzero(values == values[-1]))

        def pins(side: int) -> bool:
            """Whether the candidates pin the minimum (side 0) or the maximum (side -1):
            the lowest published figure bounds the minimum from above (the indicator's
            bound does from below), so when the two nearly meet the minimum is known; and
            for an ordinal indicator, every group of its levels that publishes the same
            may share it."""
            if side == 0:
                near = min(candidates.values()) - low <= tolerance
            else:
                near = high - max(candidates.values()) <= tolerance
            return near or (bool(levels) and _pinned(values, levels, candidates)[side])

        for side, shared, reason, pick in (
            (0, shared_low, REVEALS_MINIMUM, min),
            (-1, shared_high, REVEALS_MAXIMUM, max),
        ):
            while candidates and shared < policy.extremes_shared_by and pins(side):
                name = pick(candidates, key=candidates.get)
                del candidates[name]
                withheld[name] = reason
    ordered = {name: candidates[name] for name in FIGURES if name in candidates}
    return ordered, {name: withheld[name] for name in FIGURES if name in withheld}


def _rank(
    values: np.ndarray, subject: float | None, bounds, figures, policy: DisclosurePolicy, levels
):
    """(rank, quarter, reason withheld): the subject's rank as a number, or its quarter, or
    neither with the reason."""
    if subject is None or math.isnan(subject):
        return None, None, None
    n = len(values)
    strict = int(np.searchsorted(values, subject, side="left"))
    weak = int(np.searchsorted(values, subject, side="right"))
    rank = (strict + weak) * 50.0 / n
    exact, quarter = _rank_shown(rank, n, policy)
    if levels:
        # Decided on what a reader sees anyway, not on the peers' values: so that a rank
        # withheld says nothing more than a rank published would.
        reason = _rank_could_pin(n, levels, figures, subject, policy)
        return (None, None, reason) if reason else _rank_result(rank, exact, quarter)
    if n < policy.extremes_below:
        # A rank above 0 says some peer lies at or below the subject's value, so the
        # minimum lies between the bound and that value (the bottom quarter includes
        # "every peer above" and says nothing of the kind); the same for the maximum.
        low, high = _bounds_holding(bounds, values)
        tolerance = policy.extremes_tolerance * float(values[-1] - values[0])
        above_zero = rank > 0 if exact else quarter > 1
        below_hundred = rank < 100 if exact else quarter < 4
        if (
            above_zero
            and np.count_nonzero(values == values[0]) < policy.extremes_shared_by
            and min([subject, *figures.values()]) - low <= tolerance
        ):
            return None, None, REVEALS_MINIMUM
        if (
            below_hundred
            and np.count_nonzero(values == values[-1]) < policy.extremes_shared_by
            and high - max([subject, *figures.values()]) <= tolerance
        ):
            return None, None, REVEALS_MAXIMUM
    return _rank_result(rank, exact, quarter)


def _rank_shown(rank: float, n: int, policy: DisclosurePolicy) -> tuple[bool, int | None]:
    """(exact, quarter): whether a rank among n peers may be given as a number, and
    otherwise its quarter; the rank and the group's size decide, not the peers' values.
    A rank of "no peer below, one equal" says the minimum equals the subject's value:
    such ranks lie within `end` of 0 or 100. Every rank there is given as its quarter,
    whatever the peers' values: a quarter given only where the number would reveal an
    extreme would say so itself (and "below every peer" would read apart from "equal to
    the lowest")."""
    end = 50.0 * (policy.extremes_shared_by - 1) / n
    exact = n >= policy.exact_rank_from and end < rank < 100 - end
    return exact, None if exact else quarter_of(rank)


def _rank_result(rank, exact, quarter):
    return (rank, None, None) if exact else (None, quarter, None)


def _on_levels(values: np.ndarray, levels, policy: DisclosurePolicy) -> tuple[float, ...] | None:
    """The levels, when a reader could enumerate the groups of this size drawn from them:
    a group below `extremes_below` whose values all lie on the levels (a value stored
    before the levels changed breaks the reader's premise, and nothing is to be gained)."""
    if not levels or len(values) >= policy.extremes_below:
        return None
    return levels if np.isin(values, levels).all() else None


@functools.cache
def _level_groups(levels: tuple[float, ...], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Every group of n answers drawn from levels, sorted (a row each: at most 8,855 for
    five levels and 19 peers), and its five figures (a column each, computed as for a
    real group)."""
    rows = np.array(list(itertools.combinations_with_replacement(sorted(levels), n)), float)
    return rows, sorted_percentiles(rows.T, np.full(len(rows), n))


def _same_figures(table: np.ndarray, figures: dict[str, float]) -> np.ndarray:
    """Which groups of a level table (_level_groups) publish these figures."""
    same = np.ones(table.shape[1], dtype=bool)
    for name, value in figures.items():
        same &= np.isclose(table[FIGURES.index(name)], value, rtol=0, atol=1e-9)
    return same


def _pinned(values, levels, figures) -> tuple[bool, bool]:
    """Whether the figures leave one possible minimum, and one possible maximum, among all
    the groups of this size drawn from the levels."""
    rows, table = _level_groups(levels, len(values))
    same = rows[_same_figures(table, figures)]
    return bool((same[:, 0] == same[0, 0]).all()), bool((same[:, -1] == same[0, -1]).all())


def _rank_could_pin(n: int, levels, figures, subject: float, policy: DisclosurePolicy):
    """REVEALS_MINIMUM (or REVEALS_MAXIMUM) when, for some group of n answers drawn from
    the levels that publishes these figures, its rank (or quarter) of the subject would
    leave one possible minimum (maximum) that fewer than `extremes_shared_by` of that
    group's peers hold; None when the rank may be published whatever the group."""
    rows, table = _level_groups(levels, n)
    rows = rows[_same_figures(table, figures)]
    ranks = (np.sum(rows < subject, axis=1) + np.sum(rows <= subject, axis=1)) * 50.0 / n
    distinct, where = np.unique(ranks, return_inverse=True)

    def as_seen(rank: float) -> float:  # the rank as a number, or its quarter (as minus it)
        exact, quarter = _rank_shown(rank, n, policy)
        return rank if exact else -quarter

    seen = np.array([as_seen(rank) for rank in distinct])[where]
    for shown in np.unique(seen):
        alike = rows[seen == shown]
        for column, reason in ((0, REVEALS_MINIMUM), (-1, REVEALS_MAXIMUM)):
            extreme = alike[0, column]
            if (alike[:, column] == extreme).all() and (
                np.sum(alike == extreme, axis=1) < policy.extremes_shared_by
            ).any():
                return reason
    return None


def _bounds_holding(bounds, values: np.ndarray) -> tuple[float, float]:
    """The indicator's bounds, widened to hold every value: a value stored before a bound
    was tightened must not make a figure look pinned against a bound it lies beyond."""
    return min(bounds[0], float(values[0])), max(bounds[1], float(values[-1]))


def levels_of(indicator) -> tuple[float, ...] | None:
    """An ordinal indicator's levels as floats (what a reader of the methodology knows an
    answer can be); None for any other kind."""
    if indicator.kind != "ordinal" or not indicator.levels:
        return None
    return tuple(sorted(float(level.value) for level in indicator.levels))


def bounds_of(indicator) -> tuple[float, float]:
    """An indicator's allowed range as floats, open ends as infinities: what a reader of
    the methodology knows about every peer's value."""
    low, high = indicator.minimum, indicator.maximum
    if indicator.kind == "ordinal" and indicator.levels:
        low = min(level.value for level in indicator.levels)
        high = max(level.value for level in indicator.levels)
    if indicator.kind == "derived" and low is None:
        low = 0  # ratios of non-negative answers
    return (
        -math.inf if low is None else float(low),
        math.inf if high is None else float(high),
    )
