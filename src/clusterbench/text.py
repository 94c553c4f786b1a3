"""Text typed by a person, checked once before it is stored.

Stored text ends up in e-mail headers, iCalendar files, file names, CSV cells and
PostgreSQL (which refuses NUL), so a character that breaks one of them is refused at the
form, with a message, instead of failing later after the change was committed. One-line
fields (names, reasons, addresses) refuse line breaks too; notes may have them.

A message that quotes what was typed does it with `quoted` (or `shown`, inside quotation
marks of its own): as a person reads it, cut to a readable length, with the characters
that print as nothing named.

Pure Python apart from Django's gettext and number formatting: each message is written in
the reader's language.
"""

import csv
import json
import re
import unicodedata
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from clusterbench.typefaces import code_name, uncovered

# Characters that are invisible in a name and only serve to make a look-alike of another
# one: format characters (zero-width space and joiners, bidi controls, the BOM, soft hyphen).
_INVISIBLE = "Cf"
# Embeddings, overrides and isolates: one left open reverses or reorders what follows it on
# the page, in the PDF and in e-mail. Right-to-left text needs none of them (the Unicode
# bidirectional algorithm orders it), and the marks LRM and RLM stay allowed.
_DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class TextError(ValueError):
    """Text that cannot be stored as it is; the message names the field and the problem."""


def text_check(raw: object, *, what: str, max_length: int, multiline: bool = False) -> str:
    """The text, stripped, or TextError: a control character (a line break too, unless
    multiline), a lone surrogate, or more than max_length characters. Text that shows
    nothing (spaces and invisible characters only, such as a zero-width space) is empty."""
    if not isinstance(raw, str):
        raise TextError(_("%(what)s must be text.") % {"what": what})
    text = raw.strip()
    if all(ch.isspace() or unicodedata.category(ch) == _INVISIBLE for ch in text):
        return ""  # a required field refuses it as it refuses nothing typed
    allowed = "\n\t" if multiline else ""
    # A line break is a line break, however the sender's system writes it (\r\n, \r).
    text = text.replace("\r\n", "\n").replace("\r", "\n") if multiline else text
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cs":
            raise TextError(
                _("%(what)s contains an invalid character (a lone surrogate).") % {"what": what}
            )
        if category == "Cc" and ch not in allowed:
            if ch in "\r\n":
                raise TextError(
                    _("%(what)s must be on one line; remove the line break.") % {"what": what}
                )
            raise TextError(
                _("%(what)s contains a control character (U+%(code)s); remove it.")
                % {"what": what, "code": f"{ord(ch):04X}"}
            )
        if ch in _DIRECTION_CONTROLS:
            raise TextError(
                _(
                    "%(what)s contains a text-direction control (U+%(code)s), which reorders "
                    "the text around it; remove it."
                )
                % {"what": what, "code": f"{ord(ch):04X}"}
            )
        if ch in "\u2028\u2029" and not multiline:
            raise TextError(
                _("%(what)s must be on one line; remove the line break.") % {"what": what}
            )
    if len(text) > max_length:
        raise TextError(
            _("%(what)s is limited to %(limit)s characters; this one has %(length)s. Shorten it.")
            % {
                "what": what,
                "limit": number_format(max_length, force_grouping=True),
                "length": number_format(len(text), force_grouping=True),
            }
        )
    return text


def report_text_check(text: str, *, what: str) -> str:
    """The text, or TextError naming the characters none of the report's fonts can show.
    Text the report prints is checked where it is typed: found only when the report is
    drawn, after the interview has closed, it could no longer be changed by who wrote it."""
    missing = uncovered(text)
    if missing:
        raise TextError(
            _(
                "%(what)s has characters the report's fonts cannot show: %(characters)s. "
                "Remove them or write them another way."
            )
            % {
                "what": what,
                "characters": ", ".join(f'"{char}" ({code_name(char)})' for char in missing[:3]),
            }
        )
    return text


# --- quoting what was typed, in a message ------------------------------------------

# Characters that print as nothing, or as something other than themselves (a line break,
# a tab, a change of direction that reorders the message around them): a message quoting
# typed text names them instead. Format characters (Cf) are the zero-width space, joiners,
# bidi controls and the BOM; Zl and Zp the Unicode line and paragraph separators; Cs, Co
# and Cn a lone surrogate, a private-use and an unassigned character, which no font shows.
_UNSEEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
# Control characters have no Unicode name, only aliases; these are the ones typed.
_CONTROL_NAMES = {
    "\x00": "NULL",
    "\t": "CHARACTER TABULATION",
    "\n": "LINE FEED",
    "\r": "CARRIAGE RETURN",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
}
SHOWN_MAX = 40  # characters of typed text a message quotes before "…"


def unseen(char: str) -> bool:
    """Whether a character shows nothing (or not itself) when printed."""
    return unicodedata.category(char) in _UNSEEN


def char_name(char: str) -> str:
    """A character by code point and name, in plain ASCII: U+200B ZERO WIDTH SPACE, a
    control character by its alias (U+000A LINE FEED)."""
    if char in _CONTROL_NAMES:
        return f"U+{ord(char):04X} {_CONTROL_NAMES[char]}"
    return code_name(char)


def unseen_described(char: str) -> str:
    """An unseen character as a message names it: "an invisible character (U+200B ZERO
    WIDTH SPACE)", "a control character (U+0000 NULL)"."""
    if unicodedata.category(char) == "Cc":
        return _("a control character (%(name)s)") % {"name": char_name(char)}
    return _("an invisible character (%(name)s)") % {"name": char_name(char)}


def shown(text: str, limit: int = SHOWN_MAX) -> str:
    """Typed text as a message shows it, without quotation marks (for a message that has
    its own around it): each unseen character named in brackets ("12[U+200B ZERO WIDTH
    SPACE]"), and cut with "…" once about `limit` characters are shown, so that an input of
    100,000 characters is not echoed whole. Untranslated: the settings use it too, before
    Django's translations can be."""
    pieces, length = [], 0
    for char in text:
        if length >= limit:
            pieces.append("…")
            break
        piece = f"[{char_name(char)}]" if unseen(char) else char
        pieces.append(piece)
        length += len(piece)
    return "".join(pieces)


def quoted(value: object, limit: int = SHOWN_MAX) -> str:
    """What a person typed or sent, for a message: text in the reader's quotation marks
    (“…” in English, „…” in Serbian) as `shown` writes it; a value sent as JSON that is
    not text (a number, true, null) as JSON writes it, without quotation marks. Never
    Python's repr, which shows escapes and Python's quotes, and all of a long input."""
    if isinstance(value, str):
        return pgettext("typed text quoted in a message", "“%(text)s”") % {
            "text": shown(value, limit)
        }
    return shown(_as_json(value), limit)


def _as_json(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(Decimal(value))  # str() of an int of thousands of digits fails
    if not isinstance(value, list | dict):
        return str(value)  # a Decimal, a float; a date read from YAML
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError, RecursionError):
        return type(value).__name__


def name_normalise(raw: str) -> str:
    """A name as stored: NFKC (full-width and compatibility forms folded), invisible
    characters removed, runs of spaces made one."""
    text = unicodedata.normalize("NFKC", raw)
    text = "".join(ch for ch in text if unicodedata.category(ch) != _INVISIBLE)
    return " ".join(text.split())


def one_line(text: str, max_length: int = 200) -> str:
    """Text made safe for one header line (an e-mail subject): every run of whitespace and
    control characters becomes one space, and it is cut with an ellipsis."""
    cleaned = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text)
    cleaned = " ".join(cleaned.split())
    return cleaned if len(cleaned) <= max_length else cleaned[: max_length - 1] + "…"


# A spreadsheet runs a cell that begins with one of these as a formula (=HYPERLINK(...)),
# so such text is written with a leading apostrophe; plain numbers such as -12.5 are not.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def csv_cell(value: object) -> str:
    """A value as a CSV cell that no spreadsheet will run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


class _NeutralisingWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow([csv_cell(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(stream, **options) -> _NeutralisingWriter:
    """csv.writer for every export: each cell goes through csv_cell."""
    return _NeutralisingWriter(csv.writer(stream, **options))
