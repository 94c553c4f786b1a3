"""Inline SVG charts in a page: labelled for assistive technology and allowed by the
Content-Security-Policy. The SVG comes from the project's own chart code, never from users."""

import re
from xml.sax.saxutils import escape, quoteattr

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

SVG_OPENING = re.compile(r"<svg\b[^>]*>")


def labelled_svg(svg: str, title: str) -> str:
    """The chart's SVG with role="img", an aria-label and a <title> (its caption), so a
    screen reader announces it as one image; an SVG that already has a role is left as it
    is."""
    opening = SVG_OPENING.search(svg or "")
    if opening is None or "role=" in opening.group(0):
        return svg
    text = " ".join(str(title).split()) or "Chart"
    tag = opening.group(0)[:-1] + f' role="img" aria-label={quoteattr(text)}>'
    return svg[: opening.start()] + tag + f"<title>{escape(text)}</title>" + svg[opening.end() :]


@register.simple_tag(takes_context=True)
def inline_svg(context, svg: str, title: str = "") -> str:
    """A chart's SVG placed in the page, labelled with its title, its <style> elements
    carrying the page's CSP nonce so that the Content-Security-Policy lets them apply
    without allowing inline styles at large. Outside a request (a report saved as a file)
    there is no policy and no nonce."""
    svg = labelled_svg(str(svg), title)
    request = context.get("request")
    if hasattr(request, "csp_nonce"):
        # str() makes django-csp generate the nonce and put it in this response's header.
        svg = svg.replace("<style", f'<style nonce="{request.csp_nonce!s}"')
    return mark_safe(svg)  # trusted chart markup; the title is escaped
