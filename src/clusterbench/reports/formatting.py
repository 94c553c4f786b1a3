"""Numbers and ranks in words, the same for every renderer."""

from __future__ import annotations

from clusterbench.analysis.disclosure import QUARTERS


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


# Decimals by unit, so that an indicator's value, medians and quartiles always have the
# same number of decimals ("63 %" beside "51 %", never "62.78" beside "51").
DECIMALS = {
    "%": 0,
    "EUR": 0,
    "EUR per participant": 0,
    "years": 1,
    "FTE": 1,
    "participants per FTE": 1,
    "days per person per year": 1,
    "level": 1,
}


def decimals(unit: str) -> int:
    """Counts (participants, events, ...) are whole numbers; rates and years carry one
    decimal, shares and money none."""
    return DECIMALS.get(unit, 0)


def amount(value: float | None, unit: str) -> str:
    """A figure of an indicator without its unit word, for table cells: "63 %", "4.5",
    "EUR 120,000"."""
    if value is None:
        return "not known"
    places = decimals(unit)
    text = f"{value:,.{places}f}"
    if places and text.endswith("." + "0" * places) and unit == "level":
        text = text[: -places - 1]
    if text in ("-0", "-0.0"):
        text = text[1:]
    if unit == "%":
        return f"{text} %"
    if unit.startswith("EUR"):
        return f"EUR {text}"
    return text


def figure(value: float | None, unit: str) -> str:
    """A figure with its unit, for sentences: "36 participants", "4.5 FTE", "level 3",
    "63 %", "EUR 1,200 per participant"."""
    if value is None:
        return "not known"
    text = amount(value, unit)
    if unit in ("%", "EUR", ""):
        return text
    if unit == "level":
        return f"level {text}"
    if unit.startswith("EUR "):
        return f"{text} {unit[4:]}"
    if unit.startswith("days"):
        return f"{text} {unit}"
    if value == 1 and unit.endswith("s") and " " not in unit:
        return f"{text} {unit[:-1]}"
    return f"{text} {unit}"


def at_least(value: float, unit: str = "") -> str:
    return f"≥ {figure(value, unit) if unit else amount(value, unit)}"


def at_most(value: float, unit: str = "") -> str:
    return f"≤ {figure(value, unit) if unit else amount(value, unit)}"


def rank(value: float | None, quarter: int | None = None) -> str:
    """A published percentile rank: the number, or only its quarter below the group size
    at which the number is published; a dash when there is none."""
    if value is not None:
        return f"{value:.0f}"
    if quarter is not None:
        return QUARTERS[quarter - 1]
    return "—"


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


def rank_in_words(value: float | None, direction: str, quarter: int | None = None) -> str:
    if value is not None:
        base = f"percentile rank {value:.0f}: higher than about {value:.0f} % of the peers"
    else:
        base = f"percentile rank in the {QUARTERS[quarter - 1]} of the peers"
    if direction == "down":
        return base + " (lower values are better here)"
    return base


def quarter_standing(quarter: int) -> str:
    """Where a direction-adjusted quarter stands, in words (the counterpart of standing)."""
    return (
        "in the weakest quarter of its peers",
        "behind the typical peer",
        "better than the typical peer",
        "in the best quarter of its peers",
    )[quarter - 1]
