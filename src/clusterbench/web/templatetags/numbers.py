from django import template
from django.utils.translation import pgettext

from clusterbench.languages.formats import separators

register = template.Library()


@register.filter
def num(value) -> str:
    """A figure for people: thousands separated, at most two decimals, a dash when missing;
    in the active language's separators (1,234.5 in English, 1.234,5 in Serbian)."""
    if value is None or value == "":
        return "—"
    value = float(value)
    if abs(value) >= 1000:
        return separators(f"{value:,.0f}")
    return separators(f"{value:,.2f}".rstrip("0").rstrip("."))


@register.filter
def peer_figure(value) -> str:
    """A published peer figure, or "withheld" where the disclosure rule holds it back."""
    return withheld() if value is None else num(value)


@register.filter
def published_rank(item) -> str:
    """A group's or a judgement's published rank: the number, else its quarter."""
    from clusterbench.reports.formatting import rank

    if item.rank is None and item.quarter is None:
        return withheld() if "rank" in getattr(item, "withheld", {}) else "—"
    return rank(item.rank, item.quarter)


def withheld() -> str:
    return pgettext("a peer figure", "withheld")
