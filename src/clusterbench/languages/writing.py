"""A document written in one language, with what that language needs resolved once for the
whole document: its catalogue, its number separators and its plural rule.

Django's gettext asks its thread-local for the active language at every message, and
get_format at every number; a report makes some 4,600 catalogue look-ups and 1,500
numbers, so those questions cost more than the look-ups. Inside `written_in(language)`
the language is active as with translation.override (anything that asks Django gets
the same answer) and the functions below read the resolved language from a context
variable instead; outside it they are Django's own. The language stays the one given for
the whole block: a builder run inside it must not override the language itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.utils import translation
from django.utils.formats import get_format
from django.utils.safestring import SafeData
from django.utils.translation import trans_real

CONTEXT_SEPARATOR = "\x04"  # as django.utils.translation.trans_real.CONTEXT_SEPARATOR


@dataclass(frozen=True)
class Writing:
    language: str
    catalogue: trans_real.DjangoTranslation
    decimal: str
    thousands: str
    plural: Callable[[int], int]


_WRITING: ContextVar[Writing | None] = ContextVar("writing", default=None)


@contextmanager
def written_in(language: str) -> Iterator[None]:
    """language active for the block (translation.override), resolved once for the
    functions below."""
    with translation.override(language):
        catalogue = trans_real.catalog()
        token = _WRITING.set(
            Writing(
                language=translation.get_language(),
                catalogue=catalogue,
                decimal=get_format("DECIMAL_SEPARATOR"),
                thousands=get_format("THOUSAND_SEPARATOR"),
                plural=catalogue.plural,
            )
        )
        try:
            yield
        finally:
            _WRITING.reset(token)


def get_language() -> str | None:
    writing = _WRITING.get()
    return translation.get_language() if writing is None else writing.language


def number_separators() -> tuple[str, str]:
    """The active language's decimal separator and the one between thousands."""
    writing = _WRITING.get()
    if writing is None:
        return get_format("DECIMAL_SEPARATOR"), get_format("THOUSAND_SEPARATOR")
    return writing.decimal, writing.thousands


def plural_index(count: int) -> int:
    """Which of the language's plural forms a count takes (0 for the first)."""
    writing = _WRITING.get()
    if writing is None:
        return trans_real.translation(translation.get_language() or "en").plural(count)
    return writing.plural(count)


def gettext(message: str) -> str:
    writing = _WRITING.get()
    # Django's own for what it treats specially: an empty message, a safe string, "\r".
    if writing is None or not message or isinstance(message, SafeData) or "\r" in message:
        return translation.gettext(message)
    return writing.catalogue.gettext(message)


def pgettext(context: str, message: str) -> str:
    writing = _WRITING.get()
    if writing is None or isinstance(message, SafeData) or "\r" in context + message:
        return translation.pgettext(context, message)
    result = writing.catalogue.gettext(f"{context}{CONTEXT_SEPARATOR}{message}")
    return message if CONTEXT_SEPARATOR in result else result


def ngettext(singular: str, plural: str, number: int) -> str:
    writing = _WRITING.get()
    if writing is None:
        return translation.ngettext(singular, plural, number)
    return writing.catalogue.ngettext(singular, plural, number)
