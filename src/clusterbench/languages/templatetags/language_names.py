"""The languages a switcher offers, each named in itself."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def languages_in_their_own_names() -> list[tuple[str, str]]:
    """(code, name) of every language, named as its own readers write it ("English",
    "Srpski (latinica)", "Српски (ћирилица)") on every page: Django's
    get_available_languages translates the names into the page's language, so a Serbian
    page offered "енглески", which an English reader looking for their language cannot
    read."""
    return list(settings.LANGUAGES)
