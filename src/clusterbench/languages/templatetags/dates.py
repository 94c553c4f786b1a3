import datetime as dt

from django import template
from django.utils import timezone

from clusterbench.languages import formats

register = template.Library()


@register.filter
def long_date(value):
    """A date inside a sentence, as languages.formats writes it ("5 November 2026", "5.
    novembra 2026"): a Serbian DATE_FORMAT ends with the point of a date standing alone,
    which a sentence ending on the date would double. A moment is shown in the active time
    zone, as Django's date filter shows it."""
    if value in (None, ""):
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.long_date(value)
