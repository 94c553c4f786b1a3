"""A reader with a pencil and a linear-programming solver: from exactly what is
published about one group (its percentiles, the subject's rank or quarter and the
indicator's bounds), how narrowly can the group's minimum and maximum be pinned?

The sorted peer values x_0 <= ... <= x_{n-1} are the unknowns; every published
percentile is a linear equation in two neighbouring values (linear interpolation, as
NumPy's default); the subject's rank says how many peers lie below and at its own value,
which for each consistent count is a set of linear inequalities. SciPy's `linprog` then
gives the feasible interval of each extreme; over several consistent counts the reader
knows only their hull. Strict inequalities are relaxed to weak ones, which gives the
closure of the feasible set and so the same interval widths.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

from clusterbench.methodology.disclosure import FIGURE_QUANTILES

RELATIVE_WIDTH = 0.01  # pinned: an interval narrower than 1 % of the group's spread
MIN_SHARED = 3  # an extreme shared by this many peers reveals no single peer


@dataclass(frozen=True)
class Finding:
    side: str  # minimum | maximum
    interval: tuple[float, float]
    true_value: float
    shared_by: int


def in_quarter(rank: float, quarter: int) -> bool:
    """Whether a rank lies in a published quarter (edges as the product publishes them:
    the strength and weakness edges 75 and 25 belong to the outer quarters)."""
    if quarter == 1:
        return rank <= 25
    if quarter == 2:
        return 25 < rank < 50
    if quarter == 3:
        return 50 <= rank < 75
    return rank >= 75


def consistent_counts(n, *, rank=None, quarter=None):
    """(strict, weak) peer counts below and at the subject's value that fit what was
    published about its rank; [None] when nothing was published."""
    if rank is None and quarter is None:
        return [None]
    pairs = []
    for strict in range(n + 1):
        for weak in range(strict, n + 1):
            value = (strict + weak) * 50.0 / n
            fits = (
                math.isclose(value, rank, abs_tol=1e-9)
                if rank is not None
                else in_quarter(value, quarter)
            )
            if fits:
                pairs.append((strict, weak))
    return pairs


def _constraints(n, figures, bounds, subject, counts):
    a_ub, b_ub, a_eq, b_eq = [], [], [], []
    for i in range(n - 1):  # sorted
        row = np.zeros(n)
        row[i], row[i + 1] = 1, -1
        a_ub.append(row)
        b_ub.append(0)
    for name, value in figures.items():
        position = FIGURE_QUANTILES[name] * (n - 1)
        below = math.floor(position)
        fraction = position - below
        row = np.zeros(n)
        row[below] += 1 - fraction
        if fraction:
            row[below + 1] += fraction
        a_eq.append(row)
        b_eq.append(value)
    if counts is not None:
        strict, weak = counts
        for i in range(n):
            row = np.zeros(n)
            if i < strict:  # below the subject
                row[i] = 1
                a_ub.append(row)
                b_ub.append(subject)
            elif i < weak:  # equal to it
                row[i] = 1
                a_eq.append(row)
                b_eq.append(subject)
            else:  # above it
                row[i] = -1
                a_ub.append(row)
                b_ub.append(-subject)
    low, high = bounds
    variable_bounds = [(None if low == -math.inf else low, None if high == math.inf else high)]
    return (
        np.array(a_ub) if a_ub else None,
        np.array(b_ub) if b_ub else None,
        np.array(a_eq) if a_eq else None,
        np.array(b_eq) if b_eq else None,
        variable_bounds * n,
    )


def _extreme(n, index, sense, constraints):
    """The lowest (sense 1) or highest (sense -1) feasible value of x_index; None when
    the constraints cannot all hold, +-inf when unbounded."""
    cost = np.zeros(n)
    cost[index] = sense
    a_ub, b_ub, a_eq, b_eq, variable_bounds = constraints
    result = linprog(
        cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=variable_bounds, method="highs"
    )
    if result.status == 2:  # infeasible
        return None
    if result.status == 3:  # unbounded
        return -math.inf * sense
    assert result.status == 0, result.message
    return float(result.x[index])


def extreme_intervals(n, figures, bounds, *, subject=None, rank=None, quarter=None):
    """The hull of the feasible intervals of the minimum and of the maximum."""
    hulls = {0: [math.inf, -math.inf], n - 1: [math.inf, -math.inf]}
    for counts in consistent_counts(n, rank=rank, quarter=quarter):
        constraints = _constraints(n, figures, bounds, subject, counts)
        for index, hull in hulls.items():
            low = _extreme(n, index, 1, constraints)
            if low is None:
                continue  # these counts contradict the published figures
            high = _extreme(n, index, -1, constraints)
            hull[0], hull[1] = min(hull[0], low), max(hull[1], high)
    return tuple(hulls[0]), tuple(hulls[n - 1])


def _publishes_the_same(values, figures, *, subject, rank, quarter) -> bool:
    """Whether another vector of peer values would publish exactly what was published
    (worked out here with NumPy and the rank's definition, not with the product)."""
    for name, value in figures.items():
        if not math.isclose(
            float(np.percentile(values, 100 * FIGURE_QUANTILES[name])), value, abs_tol=1e-9
        ):
            return False
    if rank is None and quarter is None:
        return True
    strict = int(np.count_nonzero(values < subject))
    weak = int(np.count_nonzero(values <= subject))
    own = (strict + weak) * 50.0 / len(values)
    return math.isclose(own, rank, abs_tol=1e-9) if rank is not None else in_quarter(own, quarter)


def _witnessed_free(values, figures, bounds, side, needed, **published) -> bool:
    """A cheap proof that an extreme is not pinned: another vector that publishes the
    same and whose extreme lies at least `needed` away from the true one. The peers at
    the extreme are moved together: outward (to the bound), or inward (towards or to the
    next value)."""
    extreme = values[0] if side == "minimum" else values[-1]
    at_extreme = values == extreme
    outward = bounds[0] if side == "minimum" else bounds[1]
    if math.isinf(outward):
        outward = extreme + (-1 if side == "minimum" else 1) * 10 * (needed + 1)
    rest = values[~at_extreme]
    inward = (rest[0] if side == "minimum" else rest[-1]) if len(rest) else extreme
    for candidate in (outward, inward, (extreme + inward) / 2, (extreme + outward) / 2):
        if abs(candidate - extreme) < needed:
            continue
        other = np.where(at_extreme, candidate, values)
        if _publishes_the_same(np.sort(other), figures, **published):
            return True
    return False


def attack(values, figures, bounds, *, subject=None, rank=None, quarter=None):
    """Findings: extremes of a group that what was published pins (interval narrower
    than 1 % of the group's spread) while fewer than 3 peers share them.

    A witness (another vector publishing the same with an extreme far enough away)
    settles most groups at once; the rest go to the linear programs."""
    values = np.sort(np.asarray(values, dtype=float))
    n = len(values)
    spread = float(values[-1] - values[0])
    if n == 0 or spread == 0:
        return []  # every peer shares the one value
    needed = RELATIVE_WIDTH * spread
    published = {"subject": subject, "rank": rank, "quarter": quarter}
    open_sides = [
        side
        for side, true_value in (("minimum", values[0]), ("maximum", values[-1]))
        if np.count_nonzero(values == true_value) < MIN_SHARED
        and not _witnessed_free(values, figures, bounds, side, needed, **published)
    ]
    if not open_sides:
        return []
    low_interval, high_interval = extreme_intervals(n, figures, bounds, **published)
    slack = 1e-6 * (1 + spread + abs(values[0]) + abs(values[-1]))
    assert low_interval[0] - slack <= values[0] <= low_interval[1] + slack
    assert high_interval[0] - slack <= values[-1] <= high_interval[1] + slack
    findings = []
    for side, interval, true_value in (
        ("minimum", low_interval, values[0]),
        ("maximum", high_interval, values[-1]),
    ):
        if side in open_sides and interval[1] - interval[0] < needed:
            shared = int(np.count_nonzero(values == true_value))
            findings.append(Finding(side, interval, float(true_value), shared))
    return findings


def level_attack(values, figures, levels, *, subject=None, rank=None, quarter=None):
    """Findings of a reader who also knows that every answer is one of an ordinal
    indicator's levels: every group of len(values) levels that publishes the same (worked
    out with NumPy's percentile and the rank's definition, not with the product) is
    listed, and an extreme is pinned when all of them share it while fewer than 3 peers of
    the true group hold it."""
    values = np.sort(np.asarray(values, dtype=float))
    n = len(values)
    if not set(values) <= set(levels):
        return []  # not all answers on the levels: the reader's premise fails
    others = _level_groups(tuple(sorted(levels)), n)
    same = np.ones(len(others), dtype=bool)
    for name, value in figures.items():
        percentiles = np.percentile(others, 100 * FIGURE_QUANTILES[name], axis=1)
        same &= np.isclose(percentiles, value, rtol=0, atol=1e-9)
    if rank is not None or quarter is not None:
        ranks = (np.sum(others < subject, axis=1) + np.sum(others <= subject, axis=1)) * 50 / n
        if rank is not None:
            same &= np.isclose(ranks, rank, rtol=0, atol=1e-9)
        else:
            same &= np.array([in_quarter(r, quarter) for r in ranks])
    findings = []
    for side, seen, true_value in (
        ("minimum", others[same, 0], values[0]),
        ("maximum", others[same, -1], values[-1]),
    ):
        shared_by = int(np.count_nonzero(values == true_value))
        if set(seen) == {true_value} and shared_by < MIN_SHARED:
            findings.append(Finding(side, (true_value, true_value), true_value, shared_by))
    return findings


@functools.cache
def _level_groups(levels, n):
    return np.array(list(itertools.combinations_with_replacement(levels, n)), dtype=float)


def rule_attack(values, levels, publish_one):
    """Findings of a reader who knows the rule itself (METHODOLOGY section 3 is public):
    every group of len(values) levels for which publish_one(group) gives exactly what it
    gives for the true one (figures, the rank or quarter, and what is withheld and why)
    is listed; an extreme is pinned when all of them share it while fewer than 3 peers of
    the true group hold it."""
    values = np.sort(np.asarray(values, dtype=float))
    published = publish_one(values)
    others = _level_groups(tuple(sorted(levels)), len(values))
    same = np.ones(len(others), dtype=bool)
    for name, value in published.figures.items():  # a cheap first sieve
        percentiles = np.percentile(others, 100 * FIGURE_QUANTILES[name], axis=1)
        same &= np.isclose(percentiles, value, rtol=0, atol=1e-9)
    alike = np.array([other for other in others[same] if publish_one(other) == published])
    findings = []
    for side, seen, true_value in (
        ("minimum", alike[:, 0], values[0]),
        ("maximum", alike[:, -1], values[-1]),
    ):
        shared_by = int(np.count_nonzero(values == true_value))
        if set(seen) == {true_value} and shared_by < MIN_SHARED:
            findings.append(Finding(side, (true_value, true_value), true_value, shared_by))
    return findings
