"""Numbers, amounts of money and dates as the active language writes them, for every
document built in Python (the report, the quote, the network brief, the certificate, the
timeline): a decimal comma and a point between thousands in Serbian, Serbian month
names. A document is built with its reader's language active."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.translation import get_language, pgettext

from .reports import LANGUAGE_TAGS


def separators(text: str) -> str:
    """A number written with Python's "," between thousands and "." before decimals, in
    the active language's separators."""
    if "." not in text and "," not in text:  # most figures of a report: nothing to look up
        return text
    decimal, thousands = get_format("DECIMAL_SEPARATOR"), get_format("THOUSAND_SEPARATOR")
    if (decimal, thousands) == (".", ","):
        return text
    return "".join(decimal if ch == "." else thousands if ch == "," else ch for ch in text)


def decimal_text(value: float | Decimal, places: int) -> str:
    """A number with a fixed number of decimals, in the language's separators."""
    return separators(f"{value:,.{places}f}")


def money(amount: Decimal) -> str:
    """An amount to the cent: "2,460.50", in Serbian "2.460,50"."""
    return decimal_text(amount, 2)


def percent(rate: Decimal) -> str:
    """A rate as written in a price list, without trailing zeros: "25.5", "25,5", "20"."""
    return separators(f"{rate.normalize():f}")


def long_date(day: dt.date) -> str:
    """A date in a sentence or on a document: "5 November 2026", "5. novembra 2026" (the
    month of a day in the genitive: the catalogue's "alt. month" names)."""
    return dateformat.format(day, pgettext("long date format", "j F Y"))


def weekday_time(moment: dt.datetime) -> str:
    """A day and time as a person is told it: "Tuesday 12 January 2027, 11:00", "utorak,
    12. januara 2027, 11:00" (the moment as given: convert it to its zone first)."""
    return dateformat.format(moment, pgettext("weekday, date and time format", "l j F Y, H:i"))


def month(day: dt.date) -> str:
    """A month alone: "November 2026", "novembar 2026"."""
    return dateformat.format(day, pgettext("month format", "F Y"))


def language_tag(language: str | None = None) -> str:
    """The tag a document declares (its PDF /Lang): "en", "sr-Latn", "sr-Cyrl"; the
    active language's by default."""
    code = (language or get_language() or "en").lower()
    return LANGUAGE_TAGS.get(code) or code.split("-")[0]
