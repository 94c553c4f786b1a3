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


def population_from_texts(
    framework: FrameworkSpec, codes: list[str], peers: list[list]
) -> ReferencePopulation:
    """A population from snapshot rows, [portfolio, country, *answers] with each answer as
    exact decimal text (or None) in the order of codes: the very numbers
    population_from_answers gives for those answers read as decimals, built column by
    column. An asked indicator's text is read straight as a float (float(Decimal(text))
    is float(text): both are the correctly rounded double of the same decimal); only a
    derived indicator's inputs are read as decimals, for its exact quotient."""
    if any(len(peer) != len(codes) + 2 for peer in peers):
        raise ValueError("each peer needs a portfolio, a country and one answer per code")
    column = {code: index for index, code in enumerate(codes, start=2)}
    values = np.full((len(peers), len(framework.indicators)), np.nan)
    for j, indicator in enumerate(framework.indicators):
        if indicator.kind == "derived":
            inputs = [
                (code, column[code])
                for code in (indicator.numerator or "", indicator.denominator or "")
                if code in column
            ]
            for row, peer in enumerate(peers):
                answers = {
                    code: None if peer[at] is None else Decimal(peer[at]) for code, at in inputs
                }
                value = derived_value(
                    indicator.numerator or "", indicator.denominator or "", answers
                )
                if value is not None:
                    values[row, j] = float(value)
        elif indicator.code in column:
            at = column[indicator.code]
            values[:, j] = [math.nan if peer[at] is None else float(peer[at]) for peer in peers]
    return ReferencePopulation(
        codes=tuple(indicator.code for indicator in framework.indicators),
        values=values,
        portfolios=np.array([peer[0] for peer in peers], dtype=str),
        countries=np.array([peer[1] for peer in peers], dtype=str),
    )
