"""Inline SVG charts as images for assistive technology: role="img" and a <title>."""

import re
from xml.sax.saxutils import escape, quoteattr

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

SVG_OPENING = re.compile(r"<svg\b[^>]*>")


@register.filter
def labelled_svg(svg: str, title: str) -> str:
    """The chart's SVG with role="img", an aria-label and a <title> (its caption), so a
    screen reader announces it as one image; an SVG that already has a role is left as it
    is. The SVG comes from the project's own chart code, never from users."""
    opening = SVG_OPENING.search(svg or "")
    if opening is None or "role=" in opening.group(0):
        return mark_safe(svg)  # trusted chart markup
    text = " ".join(str(title).split()) or "Chart"
    tag = opening.group(0)[:-1] + f' role="img" aria-label={quoteattr(text)}>'
    return mark_safe(  # trusted chart markup; the title is escaped
        svg[: opening.start()] + tag + f"<title>{escape(text)}</title>" + svg[opening.end() :]
    )
