"""The fonts every document of the project is set in, and which characters they can show.

The report, its charts and the network brief are set in Noto Sans (Latin, Greek,
Cyrillic); the certificate and the quote in Typst's Libertinus Serif. The report also
writes a few signs Noto Sans lacks (≥, ≤, →), and the registry's clusters write their names
and addresses in Hebrew and Korean too, so three more Noto fonts follow in every font list,
in this order (Typst's `text(font: ...)`, the charts' SVG `font-family`, the web page's
CSS): each character is set in the first font that has it. All are bundled in
static/fonts/ under the SIL Open Font License, with their licences; tools/subset_fonts.py
reproduces them (the arrows and mathematical operators of Noto Sans Math; the Korean
script of Noto Sans CJK KR, without Han characters).

A character none of them has (Thai, Arabic, Han, an emoji) cannot be shown: `uncovered`
finds such characters before anything is rendered, so that a report says so by name
instead of failing inside Typst (PDF/UA-1 refuses a character it cannot display) or
printing empty boxes. Which characters each font has is read from the width table
generated from the font files (`python -m clusterbench.reports.fonts`), without any font
library, so start-up stays cheap.
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "static" / "fonts"
METRICS = FONT_DIR / "font-metrics.json"


@dataclass(frozen=True)
class Font:
    family: str
    faces: dict[str, str]  # face (regular, bold, italic) -> its file in FONT_DIR
    licence: str  # its licence's file in FONT_DIR
    # The characters a web page fetches the font for (CSS unicode-range); empty: all. A
    # fallback font is then downloaded only by a page that shows its script.
    unicode_range: str = ""


FONTS = (
    Font(
        "Noto Sans",
        {
            "regular": "NotoSans-Regular.ttf",
            "bold": "NotoSans-Bold.ttf",
            "italic": "NotoSans-Italic.ttf",
        },
        "OFL.txt",
    ),
    Font(
        "Noto Sans Math",
        {"regular": "NotoSansMath-Regular-Symbols.ttf"},  # no bold: bold text uses it too
        "OFL.txt",
        "U+2190-22FF, U+27F0-27FF, U+2900-2AFF",
    ),
    Font(
        "Noto Sans Hebrew",
        {"regular": "NotoSansHebrew-Regular.ttf", "bold": "NotoSansHebrew-Bold.ttf"},
        "OFL.txt",
        "U+0590-05FF, U+FB1D-FB4F",
    ),
    Font(
        "Noto Sans CJK KR",
        {"regular": "NotoSansCJKkr-Regular-Hangul.otf", "bold": "NotoSansCJKkr-Bold-Hangul.otf"},
        "OFL-CJK.txt",
        "U+1100-11FF, U+3000-303F, U+3130-318F, U+3200-321E, U+3260-327F, U+A960-A97F, "
        "U+AC00-D7A3, U+D7B0-D7FF, U+FF01-FFEF",
    ),
)
FAMILIES = tuple(font.family for font in FONTS)
FALLBACK_FAMILIES = FAMILIES[1:]  # after a document's own font, for the other scripts
CSS_STACK = ", ".join(f'"{family}"' for family in FAMILIES) + ", sans-serif"
SVG_STACK = ", ".join(f"'{family}'" for family in FAMILIES) + ", sans-serif"

# Characters laid out without a glyph of their own (Typst, like a browser, shows nothing
# for them): controls such as a line break, format characters such as a bidirectional
# mark in a Hebrew address or a zero-width joiner, line and paragraph separators,
# variation selectors, the combining grapheme joiner and the Hangul fillers.
NO_GLYPH_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}
NO_GLYPH = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x180B, 0x180F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0xE0100, 0xE01EF),
)


def unicode_ranges(font: Font) -> list[tuple[int, int]]:
    """A font's CSS unicode-range as (first, last) code points; everything when empty."""
    if not font.unicode_range:
        return [(0, 0x10FFFF)]
    found = []
    for part in font.unicode_range.split(","):
        low, _, high = part.strip().removeprefix("U+").partition("-")
        found.append((int(low, 16), int(high or low, 16)))
    return found


def needs_glyph(char: str) -> bool:
    code = ord(char)
    if unicodedata.category(char) in NO_GLYPH_CATEGORIES:
        return False
    return not any(low <= code <= high for low, high in NO_GLYPH)


@cache
def _coverage() -> tuple[list[int], list[int], list[int]]:
    """The covered code points as sorted, disjoint ranges (starts, ends, the index in FONTS
    of the first font that has them)."""
    data = json.loads(METRICS.read_text(encoding="utf-8"))
    ranges: list[tuple[int, int, int]] = []
    taken: set[int] = set()
    for index, font in enumerate(data["fonts"]):
        for low, high in font["coverage"]:
            codes = [code for code in range(low, high + 1) if code not in taken]
            taken.update(codes)
            for code in codes:
                if ranges and ranges[-1][2] == index and ranges[-1][1] == code - 1:
                    ranges[-1] = (ranges[-1][0], code, index)
                else:
                    ranges.append((code, code, index))
    ranges.sort()
    return [r[0] for r in ranges], [r[1] for r in ranges], [r[2] for r in ranges]


def font_of(char: str) -> Font | None:
    """The font a character is set in: the first of FONTS that has it; None when none has."""
    starts, ends, fonts = _coverage()
    at = bisect.bisect_right(starts, ord(char)) - 1
    return FONTS[fonts[at]] if at >= 0 and ord(char) <= ends[at] else None


_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")


def non_ascii(text: str) -> list[str]:
    """The characters of text beyond ASCII, each once, in order of first appearance. (A
    report's text is long and mostly ASCII: the ASCII runs go at once, in C, and the rest
    is deduplicated in order; about 1 ms for a Serbian report, without importing NumPy,
    which would cost a command's start 40 ms.)"""
    if text.isascii():
        return []
    return list(dict.fromkeys(_ASCII_RUNS.sub("", text)))


def uncovered(text: str) -> list[str]:
    """The characters of text that no bundled font can show, each once, in order (Noto
    Sans has every printable ASCII character)."""
    return [char for char in non_ascii(text) if needs_glyph(char) and font_of(char) is None]


def code_name(char: str) -> str:
    """A character by its code point and Unicode name, in plain ASCII: U+0E01 THAI
    CHARACTER KO KAI (shown where the character itself cannot be)."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"
