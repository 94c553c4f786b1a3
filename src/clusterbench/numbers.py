"""The one way a number typed by a person is read: interview answers, the self-assessment,
quote amounts and travel costs all go through number_parse.

The rules, the same everywhere:
- a comma or a point is the decimal separator ("1,5" and "1.5" are both one and a half),
  but one before exactly three digits after at most three ("850,000", "1.200") is refused
  as ambiguous (a thousands group to one reader, decimals to another);
- digit-group separators ("1.200.000", "1,200.5", "1 200", "1'200") are refused with a
  message saying so, never silently dropped (dropping them turned "1,5" into 15);
- only the digits 0-9 (not Arabic-Indic, full-width or other digits), no exponents,
  NaN or infinities;
- the result fits the column it is stored in (max_digits, decimal_places as on the
  model's DecimalField), and -0 is 0.

A number sent as JSON is read by json_read, as an exact Decimal (never a float), before it
reaches number_parse: the workspace's autosave and the API read the same JSON the same way.

Pure Python apart from Django's gettext, which writes each message in the reader's
language (the active one; English outside a request).
"""

import json
import re
import unicodedata
from decimal import Decimal

from django.utils.translation import gettext as _

from clusterbench.text import quoted, shown, unseen, unseen_described

_PLAIN = re.compile(r"([+-]?)(\d*)(?:[.,](\d+))?", re.ASCII)
_EXPONENT = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)[eE][+-]?\d+", re.ASCII)
# Digits with separators between them: a group separator when there is more than one
# separator, or a space or an apostrophe (never a decimal mark).
_GROUPED = re.compile(r"[+-]?\d+([.,' \u00a0\u202f_]+\d+)+([.,]\d+)?", re.ASCII)
_NOT_A_NUMBER = {"nan", "snan", "inf", "infinity"}
# One separator after one to three digits (not 0 alone) and before exactly three: a
# thousands group or three decimals, which only the person who typed it knows.
_AMBIGUOUS = re.compile(r"[+-]?(?!0+[.,])\d{1,3}[.,]\d{3}", re.ASCII)


class NumberError(ValueError):
    """Text that is not a number this product accepts; the message names the problem."""


class NumberTooLarge(NumberError):
    """A number with more digits than its column keeps. shown: the number as given (cut
    short when long); negative: whether it was below zero. A caller with a narrower
    range of its own names that range instead of the column's digits."""

    def __init__(self, message: str, *, shown: str, negative: bool):
        super().__init__(message)
        self.shown = shown
        self.negative = negative


def number_parse(raw: object, *, what: str, max_digits: int, decimal_places: int) -> Decimal:
    """The Decimal a person's input stands for, or NumberError naming `what` and the problem.

    raw is text as typed, or an int or Decimal (a JSON number read with parse_float=Decimal).
    """
    if isinstance(raw, bool) or raw is None:
        raise NumberError(
            _("%(what)s must be a number; got %(got)s") % {"what": what, "got": quoted(raw)}
        )
    if isinstance(raw, int):
        text = str(raw)
    elif isinstance(raw, Decimal):
        if not raw.is_finite():
            raise NumberError(
                _("%(what)s must be a number; got %(got)s") % {"what": what, "got": raw}
            )
        text = format(raw, "f")
    elif isinstance(raw, str | float):
        text = str(raw).strip()
    else:
        raise NumberError(
            _("%(what)s must be a number; got %(got)s") % {"what": what, "got": type(raw).__name__}
        )
    match = _PLAIN.fullmatch(text)
    if match is None or not (match.group(2) or match.group(3)):
        raise NumberError(_why_not(text, what))
    sign, whole, fraction = match.group(1), match.group(2) or "0", match.group(3) or ""
    if isinstance(raw, str) and _AMBIGUOUS.fullmatch(text):
        # "850,000" is 850 thousand in English and 850 in Serbian: either reading would
        # store one reader's number wrong without a word, so the person says which.
        separator = text[len(sign) + len(whole)]
        raise NumberError(
            _(
                "%(what)s: “%(got)s” could be read two ways: the %(separator)s may separate "
                "thousands or mark decimals; write %(thousands)s for the thousands, or "
                "%(decimal)s for the decimals"
            )
            % {
                "what": what,
                "got": text,
                "separator": _("comma") if separator == "," else _("point"),
                "thousands": f"{sign}{whole}{fraction}",
                "decimal": f"{sign}{whole}{separator}{fraction.rstrip('0') or '0'}",
            }
        )
    if len(fraction) > decimal_places:
        raise NumberError(
            _("%(what)s accepts at most %(places)d decimal places; got %(got)s")
            % {"what": what, "places": decimal_places, "got": text}
            if decimal_places
            else _("%(what)s must be a whole number; got %(got)s") % {"what": what, "got": text}
        )
    whole = whole.lstrip("0") or "0"
    room = max_digits - decimal_places
    if len(whole) > room:
        given = str(raw).strip()
        raise NumberTooLarge(
            _("%(what)s is too large: at most %(room)d digits before the decimal mark")
            % {"what": what, "room": room},
            shown=shown(given),
            negative=sign == "-",
        )
    value = Decimal(f"{sign}{whole}.{fraction or '0'}")
    return value.copy_abs() if value.is_zero() else value


def _why_not(text: str, what: str) -> str:
    names = {"what": what, "got": shown(text)}
    if not text:
        return _("%(what)s is empty; type a number") % names
    at = next((i for i, char in enumerate(text) if unseen(char)), None)
    if at is not None:
        # "12" and a zero-width space look like 12: quoted, the refusal would be a puzzle.
        return _unseen_refusal(text, at, what)
    if any(ch.isdigit() and not ch.isascii() for ch in text) or any(
        unicodedata.category(ch) == "Nd" and not ch.isascii() for ch in text
    ):
        return (
            _("%(what)s: “%(got)s” uses digits other than 0-9; type it with the digits 0-9") % names
        )
    if text.lower().lstrip("+-") in _NOT_A_NUMBER:
        return _("%(what)s must be a number; got “%(got)s”") % names
    if _EXPONENT.fullmatch(text):
        return (
            _("%(what)s: “%(got)s” is written with an exponent; write the number in full") % names
        )
    if _GROUPED.fullmatch(text):
        return (
            _(
                "%(what)s: “%(got)s” has digit-group separators; write it without them "
                "(e.g. 1200000 or 1200,5): a comma or a point marks decimals only"
            )
            % names
        )
    return _("%(what)s must be a number such as 12 or 3,5; got “%(got)s”") % names


def _unseen_refusal(text: str, at: int, what: str) -> str:
    """The first character of the text that shows nothing (a zero-width space, a BOM, a
    control character), named, with where it is: after what precedes it, else before
    what follows it."""
    names = {"what": what, "character": unseen_described(text[at])}
    before, after = text[:at], text[at + 1 :]
    if before:
        before = before if len(before) <= 40 else "…" + before[-39:]  # the end is where it is
        return _("%(what)s has %(character)s after %(before)s; remove it") % {
            **names,
            "before": before,
        }
    if not all(unseen(char) for char in after):
        return _("%(what)s has %(character)s before %(after)s; remove it") % {
            **names,
            "after": shown(after),
        }
    return _("%(what)s has %(character)s and no number; type a number") % names


def whole_parse(raw: object) -> int | None:
    """A posted or queried whole number (a row id, a page size, a position): its value, or
    None when it is not plain digits 0-9 ("²".isdigit() is True, and int() of it fails) or
    has more than 18 of them (int() of thousands of digits fails too)."""
    text = str(raw if raw is not None else "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def id_parse(raw: object) -> int:
    """A posted or queried whole number as whole_parse reads it, or 0 (which matches no
    row) when it is none."""
    return whole_parse(raw) or 0


class JsonError(ValueError):
    """A request body that is not JSON this product reads; the message says why."""


def _constant_refused(name: str):
    raise JsonError(f"{name} is not a number")


def _int_read(text: str) -> int | Decimal:
    # int() refuses more than 4,300 digits with a message of its own; such a number is
    # kept exact as a Decimal, for number_parse to refuse as too large, naming the field.
    return int(text) if len(text) <= 100 else Decimal(text)


def json_read(body: bytes | str) -> object:
    """A JSON body with its numbers exact: a fraction or an exponent is read as a Decimal
    (1e999 stays itself, 0.1 is one tenth, never a float), NaN and Infinity are refused.
    JsonError names the problem: not UTF-8, not JSON, nested too deeply, or text that is
    not valid Unicode (a lone surrogate such as "\\ud800", which JSON may escape but no
    response, e-mail or database can encode: refused here, before a message quotes it)."""
    try:
        data = json.loads(
            body, parse_float=Decimal, parse_int=_int_read, parse_constant=_constant_refused
        )
    except RecursionError:
        raise JsonError("the JSON is nested too deeply") from None
    except UnicodeDecodeError:
        raise JsonError("the body is not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise JsonError(f"not JSON ({exc.msg})") from None
    if _has_lone_surrogate(data):
        raise JsonError("the request contains text that is not valid Unicode")
    return data


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _has_lone_surrogate(data: object) -> bool:
    """Whether a key or a text anywhere in parsed JSON holds half of a surrogate pair (a
    whole pair, "\\ud83d\\ude00", is read as the one character it stands for). Walked
    without recursion: the JSON may be nested as deeply as the parser allows."""
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if not item.isascii() and _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False
