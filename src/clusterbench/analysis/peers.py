"""The reference population and its comparison groups, as plain arrays."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .statistics import SortedGroup

ALL = "all"
PORTFOLIO = "portfolio"
COUNTRY = "country"
GROUP_KINDS = (PORTFOLIO, ALL, COUNTRY)  # the order the methodology names them in


@dataclass(frozen=True)
class ReferencePopulation:
    """Peers' values: one row per peer, one column per indicator code (NaN = not known)."""

    codes: tuple[str, ...]
    values: np.ndarray  # (peers, len(codes)) float64
    portfolios: np.ndarray  # (peers,) str
    countries: np.ndarray  # (peers,) str

    def __post_init__(self) -> None:
        if self.values.shape != (len(self.portfolios), len(self.codes)):
            raise ValueError("values must have one row per peer and one column per code")

    @property
    def size(self) -> int:
        return len(self.portfolios)

    def column(self, code: str) -> int:
        return self.codes.index(code)


@dataclass
class PeerStatistics:
    """Every comparison group of a population, sorted once and queried many times."""

    population: ReferencePopulation
    groups: dict[tuple[str, str], SortedGroup] = field(default_factory=dict)

    @classmethod
    def build(cls, population: ReferencePopulation) -> PeerStatistics:
        stats = cls(population)
        stats.groups[(ALL, "")] = SortedGroup.of(population.values)
        for kind, keys in ((PORTFOLIO, population.portfolios), (COUNTRY, population.countries)):
            for key, rows in _rows_by_key(keys).items():
                stats.groups[(kind, key)] = SortedGroup.of(population.values[rows])
        return stats

    def group(self, kind: str, key: str = "") -> SortedGroup | None:
        """A comparison group, or None when the population has no peer in it."""
        return self.groups.get((kind, "" if kind == ALL else key))

    def rows(self, kind: str, key: str = "") -> np.ndarray:
        """Which of the population's peers belong to a comparison group (a boolean mask)."""
        population = self.population
        if kind == ALL:
            return np.ones(population.size, dtype=bool)
        keys = population.portfolios if kind == PORTFOLIO else population.countries
        return keys == key


def _rows_by_key(keys: np.ndarray) -> dict[str, np.ndarray]:
    if len(keys) == 0:
        return {}
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    ends = np.r_[starts[1:], len(keys)]
    return {str(sorted_keys[s]): order[s:e] for s, e in zip(starts, ends, strict=True)}
