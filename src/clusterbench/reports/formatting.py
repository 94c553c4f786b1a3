"""Numbers, units and ranks in words, the same for every renderer, in the active language
(a report is built with its language active): a decimal comma and a point between
thousands in Serbian, the unit word in its plural form. Dates and plain decimals are
clusterbench.languages.formats', shared with the other documents."""

from __future__ import annotations

from django.utils.formats import get_format
from django.utils.translation import get_language, gettext_noop, ngettext, pgettext, trans_real
from django.utils.translation import gettext as _

from clusterbench.languages.formats import separators as _separators


def not_known() -> str:
    return pgettext("an answer", "not known")


def number(value: float | None, unit: str = "") -> str:
    if value is None:
        return not_known()
    if abs(value) >= 1000:
        text = f"{value:,.0f}"
    elif value == int(value):
        text = f"{int(value)}"
    else:
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    text = _separators(text)
    if unit == "%":
        return f"{text} %"
    if unit == "EUR":
        return _("EUR %(amount)s") % {"amount": text}
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


def shown(value: float | None, unit: str) -> float | None:
    """A figure as the report shows it: rounded to the unit's decimals, half to even, as
    its text is written. The report's peer figures are rounded so before it is built
    (build.as_shown), so that a chart is drawn from the number its table prints."""
    return None if value is None else round(value, decimals(unit))


def shown_score(score: float | None) -> float | None:
    """A score (0-100, such as an area score) as the report shows it: a whole number."""
    return None if score is None else round(score, 0)


def _digits(value: float, unit: str) -> str:
    """The number of a figure with the unit's decimals, in the language's separators."""
    places = decimals(unit)
    text = f"{shown(value, unit):,.{places}f}"
    if places and text.endswith("." + "0" * places) and unit == "level":
        text = text[: -places - 1]
    if text in ("-0", "-0.0"):
        text = text[1:]
    return _separators(text)


def amount(value: float | None, unit: str) -> str:
    """A figure of an indicator without its unit word, for table cells: "63 %", "4.5",
    "EUR 120,000" (in Serbian "4,5", "120.000 EUR")."""
    if value is None:
        return not_known()
    text = _digits(value, unit)
    if unit == "%":
        return f"{text} %"
    if unit.startswith("EUR"):
        return _("EUR %(amount)s") % {"amount": text}
    return text


# The unit words of the framework's units, with their plural forms (Serbian has three:
# 1 učesnik, 2 učesnika, 5 učesnika). A unit not listed is written as the framework
# names it.
UNIT_WORDS = {
    "participants": lambda n: ngettext("%(amount)s participant", "%(amount)s participants", n),
    "categories": lambda n: ngettext("%(amount)s category", "%(amount)s categories", n),
    "years": lambda n: ngettext("%(amount)s year", "%(amount)s years", n),
    "FTE": lambda n: ngettext("%(amount)s FTE", "%(amount)s FTE", n),
    "participants per FTE": lambda n: ngettext(
        "%(amount)s participant per FTE", "%(amount)s participants per FTE", n
    ),
    "days per person per year": lambda n: ngettext(
        "%(amount)s day per person per year", "%(amount)s days per person per year", n
    ),
    "events": lambda n: ngettext("%(amount)s event", "%(amount)s events", n),
    "projects": lambda n: ngettext("%(amount)s project", "%(amount)s projects", n),
    "activities": lambda n: ngettext("%(amount)s activity", "%(amount)s activities", n),
    "working groups": lambda n: ngettext(
        "%(amount)s working group", "%(amount)s working groups", n
    ),
    "channels": lambda n: ngettext("%(amount)s channel", "%(amount)s channels", n),
    "partnerships": lambda n: ngettext("%(amount)s partnership", "%(amount)s partnerships", n),
    "success stories": lambda n: ngettext(
        "%(amount)s success story", "%(amount)s success stories", n
    ),
    "mentions": lambda n: ngettext("%(amount)s mention", "%(amount)s mentions", n),
    "awards": lambda n: ngettext("%(amount)s award", "%(amount)s awards", n),
    "EUR per participant": lambda n: ngettext(
        "EUR %(amount)s per participant", "EUR %(amount)s per participant", n
    ),
}


def _plural_count(shown: str) -> int:
    """The count that picks a word's form, from the number as shown: the number itself
    when whole; a decimal ("4,5", "1.0") takes the form of 2 (the plural in English, the
    genitive singular in Serbian)."""
    digits = shown.replace(get_format("THOUSAND_SEPARATOR"), "").lstrip("-")
    if not digits.isdigit():
        return 2
    return int(digits)


def counted(noun: str, shown: str) -> str:
    """A noun counted by a number as shown, from its plural forms in the language's order,
    separated by "|" (Serbian: "procentni poen|procentna poena|procentnih poena"); a noun
    without forms is returned as it is ("committed participants")."""
    if "|" not in noun:
        return noun
    forms = noun.split("|")
    index = trans_real.translation(get_language() or "en").plural(_plural_count(shown))
    return forms[min(int(index), len(forms) - 1)]


# The units a label names on its own, marked for the catalogues and translated one at a time
# (unit_label): translating all of them for each label was a quarter of a report's calls to
# gettext.
UNIT_LABELS = frozenset(
    {
        gettext_noop("participants"),
        gettext_noop("categories"),
        gettext_noop("years"),
        gettext_noop("FTE"),
        gettext_noop("participants per FTE"),
        gettext_noop("days per person per year"),
        gettext_noop("events"),
        gettext_noop("projects"),
        gettext_noop("activities"),
        gettext_noop("working groups"),
        gettext_noop("channels"),
        gettext_noop("partnerships"),
        gettext_noop("success stories"),
        gettext_noop("mentions"),
        gettext_noop("awards"),
        gettext_noop("EUR per participant"),
        gettext_noop("level"),
    }
)


def unit_label(unit: str) -> str:
    """A unit as a label on its own (a chart's axis): "participants", "učesnici"."""
    return _(unit) if unit in UNIT_LABELS else unit


def figure(value: float | None, unit: str) -> str:
    """A figure with its unit, for sentences: "36 participants", "4.5 FTE", "level 3",
    "63 %", "EUR 1,200 per participant"."""
    if value is None:
        return not_known()
    if unit in ("%", "EUR", ""):
        return amount(value, unit)
    if unit == "level":
        return _("level %(amount)s") % {"amount": amount(value, unit)}
    if unit in UNIT_WORDS:
        digits = _digits(value, unit)
        return UNIT_WORDS[unit](_plural_count(digits)) % {"amount": digits}
    return f"{amount(value, unit)} {unit}"


def at_least(value: float, unit: str = "") -> str:
    return f"≥ {figure(value, unit) if unit else amount(value, unit)}"


def at_most(value: float, unit: str = "") -> str:
    return f"≤ {figure(value, unit) if unit else amount(value, unit)}"


def quarter_name(quarter: int) -> str:
    """A published quarter of the percentile ranks, 1 (bottom) to 4 (top)."""
    return (
        _("bottom quarter"),
        _("second quarter"),
        _("third quarter"),
        _("top quarter"),
    )[quarter - 1]


def rank(value: float | None, quarter: int | None = None) -> str:
    """A published percentile rank: the number, or only its quarter below the group size
    at which the number is published; a dash when there is none."""
    if value is not None:
        return f"{value:.0f}"
    if quarter is not None:
        return quarter_name(quarter)
    return "—"


def standing(score: float) -> str:
    """Where a direction-adjusted percentile rank stands, in words."""
    if score >= 90:
        return _("among the best tenth of its peers")
    if score >= 75:
        return _("in the best quarter of its peers")
    if score > 55:
        return _("better than the typical peer")
    if score >= 45:
        return _("close to the typical peer")
    if score > 25:
        return _("behind the typical peer")
    if score > 10:
        return _("in the weakest quarter of its peers")
    return _("among the weakest tenth of its peers")


def quarter_standing(quarter: int) -> str:
    """Where a direction-adjusted quarter stands, in words (the counterpart of standing)."""
    return (
        _("in the weakest quarter of its peers"),
        _("behind the typical peer"),
        _("better than the typical peer"),
        _("in the best quarter of its peers"),
    )[quarter - 1]
