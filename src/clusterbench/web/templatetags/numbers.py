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
