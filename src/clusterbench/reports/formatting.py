"""Numbers and ranks in words, the same for every renderer."""

from __future__ import annotations


def number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "not known"
    if abs(value) >= 1000:
        text = f"{value:,.0f}"
    elif value == int(value):
        text = f"{int(value)}"
    else:
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit == "%":
        return f"{text} %"
    if unit == "EUR":
        return f"EUR {text}"
    return text


def rank(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def standing(score: float) -> str:
    """Where a direction-adjusted percentile rank stands, in words."""
    if score >= 90:
        return "among the best tenth of its peers"
    if score >= 75:
        return "in the best quarter of its peers"
    if score > 55:
        return "better than the typical peer"
    if score >= 45:
        return "close to the typical peer"
    if score > 25:
        return "behind the typical peer"
    if score > 10:
        return "in the weakest quarter of its peers"
    return "among the weakest tenth of its peers"


def rank_in_words(value: float, direction: str) -> str:
    base = f"percentile rank {value:.0f}: higher than about {value:.0f} % of the peers"
    if direction == "down":
        return base + " (lower values are better here)"
    return base
