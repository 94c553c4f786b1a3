"""From answers to the numbers the analysis works with."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np

from clusterbench.methodology.spec import FrameworkSpec, derived_value

from .peers import ReferencePopulation


def indicator_values(
    framework: FrameworkSpec, answers: dict[str, Decimal | None]
) -> dict[str, float | None]:
    """Every indicator of the framework as a float, derived ones computed; None = missing."""
    result: dict[str, float | None] = {}
    for indicator in framework.indicators:
        if indicator.kind == "derived":
            value = derived_value(indicator.numerator or "", indicator.denominator or "", answers)
        else:
            value = answers.get(indicator.code)
        result[indicator.code] = None if value is None else float(value)
    return result


def population_from_answers(
    framework: FrameworkSpec, peers: list[tuple[str, str, dict[str, Decimal | None]]]
) -> ReferencePopulation:
    """A population from (portfolio, country, answers) per peer."""
    codes = tuple(indicator.code for indicator in framework.indicators)
    values = np.full((len(peers), len(codes)), np.nan)
    for row, (_portfolio, _country, answers) in enumerate(peers):
        computed = indicator_values(framework, answers)
        values[row] = [math.nan if computed[code] is None else computed[code] for code in codes]
    return ReferencePopulation(
        codes=codes,
        values=values,
        portfolios=np.array([peer[0] for peer in peers], dtype=str),
        countries=np.array([peer[1] for peer in peers], dtype=str),
    )
