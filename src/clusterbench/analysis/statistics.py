"""Peer statistics over whole populations at once (NumPy, vectorised over indicators).

A peer group is held as its values sorted per indicator (missing values, NaN, sort last)
with the count of values per indicator. From that, percentiles (linear interpolation, as
NumPy's default) and the subject's percentile rank (mean of the strict and the weak rank,
as SciPy's percentileofscore(kind="mean")) are cheap.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

QUANTILES = (10, 25, 50, 75, 90)


@dataclass(frozen=True)
class SortedGroup:
    """One peer group: values sorted per column (NaN last), counts and percentiles."""

    sorted_values: np.ndarray  # (peers, indicators)
    counts: np.ndarray  # (indicators,) peers with a value
    percentiles: np.ndarray  # (len(QUANTILES), indicators); NaN where no value

    @classmethod
    def of(cls, values: np.ndarray) -> SortedGroup:
        sorted_values = np.sort(values, axis=0)
        counts = np.count_nonzero(~np.isnan(values), axis=0)
        return cls(sorted_values, counts, sorted_percentiles(sorted_values, counts))

    def rank(self, column: int, value: float) -> float | None:
        """The subject's percentile rank among this group's values of one indicator."""
        n = int(self.counts[column])
        if n == 0 or np.isnan(value):
            return None
        values = self.sorted_values[:n, column]
        strict = np.searchsorted(values, value, side="left")
        weak = np.searchsorted(values, value, side="right")
        return float((strict + weak) * 50.0 / n)


def sorted_percentiles(sorted_values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Linear-interpolation percentiles of each column, using only its first counts[j] rows."""
    quantiles = np.asarray(QUANTILES, dtype=float)[:, None] / 100.0
    if sorted_values.shape[0] == 0:
        return np.full((len(QUANTILES), sorted_values.shape[1]), np.nan)
    last = np.maximum(counts - 1, 0)[None, :]
    position = quantiles * last
    below = np.floor(position).astype(int)
    above = np.minimum(below + 1, last)
    low = np.take_along_axis(sorted_values, below, axis=0)
    high = np.take_along_axis(sorted_values, above, axis=0)
    fraction = position - below
    difference = high - low
    # The same two-sided interpolation as NumPy's, so results agree to the last bit.
    result = np.where(
        fraction >= 0.5, high - difference * (1 - fraction), low + difference * fraction
    )
    result[:, counts == 0] = np.nan
    return result
