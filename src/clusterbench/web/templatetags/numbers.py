from django import template

register = template.Library()


@register.filter
def num(value) -> str:
    """A figure for people: thousands separated, at most two decimals, a dash when missing."""
    if value is None or value == "":
        return "—"
    value = float(value)
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


@register.filter
def peer_figure(value) -> str:
    """A published peer figure, or "withheld" where the disclosure rule holds it back."""
    return "withheld" if value is None else num(value)


@register.filter
def published_rank(item) -> str:
    """A group's or a judgement's published rank: the number, else its quarter."""
    from clusterbench.reports.formatting import rank

    if item.rank is None and item.quarter is None:
        return "withheld" if "rank" in getattr(item, "withheld", {}) else "—"
    return rank(item.rank, item.quarter)
