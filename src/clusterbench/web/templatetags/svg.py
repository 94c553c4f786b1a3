from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def inline_svg(context, svg: str) -> str:
    """A chart's SVG (written by this product, never user input) placed in the page, its
    <style> elements carrying the page's CSP nonce so that the Content-Security-Policy lets
    them apply without allowing inline styles at large. Outside a request (a report saved
    as a file) there is no policy and no nonce."""
    request = context.get("request")
    if hasattr(request, "csp_nonce"):
        # str() makes django-csp generate the nonce and put it in this response's header.
        svg = str(svg).replace("<style", f'<style nonce="{request.csp_nonce!s}"')
    return mark_safe(svg)
