"""Measuring text in the report's fonts (clusterbench.typefaces: Noto Sans, then Noto Sans
Math, Noto Sans Hebrew and Noto Sans CJK KR for what Noto Sans lacks), used by the HTML page
(@font-face), the charts' SVG and the PDF (Typst's font path), so the three show the same
letters.

Charts size their labels, and the PDF its table rows, from the fonts' advance widths (and
the few pairs of letters that Noto Sans's kerning sets further apart): a small table
generated from the font files once (`python -m clusterbench.reports.fonts`, which needs
fontTools, a development dependency) and read here without any font library, so start-up
stays cheap.
A character is measured in the font that sets it, the first of the list that has it, as
Typst and a browser choose it. The same command writes static/css/fonts.css, the web
page's @font-face rules.
"""

from __future__ import annotations

import base64
import json
import re
import sys
from dataclasses import replace
from functools import cache

from clusterbench.typefaces import (
    CSS_STACK,
    FONT_DIR,
    FONTS,
    METRICS,
    Font,
    font_of,
    non_ascii,
    unicode_ranges,
)

CSS_FILE = FONT_DIR.parent / "css" / "fonts.css"
WIDTH_FACES = ("regular", "bold")  # the faces charts and tables set text in
# Noto Sans's ascender and descender (hhea), in em: how far a line's letters reach above and
# below its baseline (the fallback fonts' letters stay inside them; tests/test_report_fonts.py).
ASCENT_EM, DESCENT_EM = 1.069, 0.293
# Its capital letters' height (OS/2), in em: the height of a line of text in Typst, which
# runs from the cap height to the baseline.
CAP_HEIGHT_EM = 0.714
# The scripts the reports write in with Noto Sans (Latin with its extensions, Greek,
# Cyrillic) and the punctuation, currency and arrows they use; the fallback fonts are
# measured whole. Any other character is measured as the widest one of the table, so a
# label can come out too wide but never too narrow.
RANGES = (
    (0x20, 0x24F),
    (0x370, 0x3FF),
    (0x400, 0x52F),
    (0x1E00, 0x1EFF),
    (0x2000, 0x206F),
    (0x20A0, 0x20CF),
    (0x2100, 0x21FF),
    (0x2212, 0x2212),
)


@cache
def _table() -> dict:
    """Per face, each measured character's advance width in the font that sets it, the
    widest of them, and the pairs of Noto Sans's that kerning widens: where one may start
    (a regular expression) and by how much (font units)."""
    data = json.loads(METRICS.read_text(encoding="utf-8"))
    table: dict = {"units_per_em": data["units_per_em"]}
    for face in WIDTH_FACES:
        widths: dict[int, int] = {}
        for font in data["fonts"]:
            for low, high, width in font[face]:
                for code in range(low, high + 1):
                    widths.setdefault(code, width)
        pairs = data["fonts"][0][f"{face}_widening"]
        firsts = re.escape("".join(sorted({pair[0] for pair in pairs})))
        seconds = re.escape("".join(sorted({pair[1] for pair in pairs})))
        table[face] = (widths, max(widths.values()))
        table[f"{face}_widening"] = (re.compile(f"(?=([{firsts}][{seconds}]))"), pairs)
    return table


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The advance width of text set in the report's fonts at size (same unit as size)."""
    table = _table()
    widths, widest = table["bold" if bold else "regular"]
    units = sum(widths.get(ord(char), widest) for char in text)
    return units * size / table["units_per_em"]


def widest_width(text: str, size: float, *, bold: bool = False) -> float:
    """At least the width of text as Typst or a browser sets it in the report's fonts: the
    advance widths, and what Noto Sans's kerning adds between a pair it sets further apart
    ("(J" by 0.09 em, "f)"); kerning otherwise brings letters closer. (A language's own
    forms of a few Greek and Cyrillic letters aside, which tables leave to Typst.)"""
    table = _table()
    pattern, pairs = table["bold_widening" if bold else "regular_widening"]
    extra = sum(pairs.get(match.group(1), 0) for match in pattern.finditer(text))
    return text_width(text, size, bold=bold) + extra * size / table["units_per_em"]


def wrap(text: str, size: float, width: float, *, bold: bool = False) -> list[str]:
    """text broken at spaces into lines no wider than width; a single word wider than the
    line is cut, with a hyphen, so that nothing ever runs past the width."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if widest_width(candidate, size, bold=bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while widest_width(word, size, bold=bold) > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and widest_width(word[:cut] + "-", size, bold=bold) > width:
                cut -= 1
            # At least three letters go on: "implementat-" "ion", not "implementatio-" "n".
            cut = min(cut, len(word) - 3) if len(word) >= 6 else cut
            lines.append(word[:cut] + "-")
            word = word[cut:]
        current = word
    if current or not lines:
        lines.append(current)
    return lines


FORMATS = {".ttf": ("font/ttf", "truetype"), ".otf": ("font/otf", "opentype")}
FACE_STYLES = {"regular": ("normal", 400), "bold": ("normal", 700), "italic": ("italic", 400)}


def font_face_rules(source, fonts=FONTS) -> str:
    """The @font-face rules of fonts, one per face, each file's address given by
    source(file name, its format's media type)."""
    rules = []
    for font in fonts:
        for face, name in font.faces.items():
            style, weight = FACE_STYLES[face]
            media, kind = FORMATS[name[name.rindex(".") :]]
            extra = f";unicode-range:{font.unicode_range}" if font.unicode_range else ""
            rules.append(
                f'@font-face{{font-family:"{font.family}";font-style:{style};'
                f"font-weight:{weight};font-display:swap;"
                f'src:url({source(name, media)}) format("{kind}"){extra}}}'
            )
    return "\n".join(rules)


def fonts_css() -> str:
    """static/css/fonts.css: the site serves the font files from /static/fonts/."""
    return (
        "/* The report's fonts (static/fonts/, each with its SIL Open Font License): the same\n"
        "   letters in the page, its charts and the PDF. Generated by\n"
        "   `python -m clusterbench.reports.fonts` from clusterbench/typefaces.py. */\n"
        + font_face_rules(lambda name, media: f'"../fonts/{name}"')
        + f"\n.report, .chart-figure {{ font-family: {CSS_STACK}; }}\n"
    )


def fonts_needed(text: str) -> tuple[Font, ...]:
    """The report's first font and each fallback font that sets a character of text."""
    needed = {font.family for font in map(font_of, non_ascii(text)) if font is not None}
    return tuple(font for i, font in enumerate(FONTS) if i == 0 or font.family in needed)


@cache
def _embedded(family: str) -> str:
    """The @font-face rules of a font with its files as data: every face of the report's
    own font; only the regular face of a fallback font (Korean alone is 2 MB a face), so a
    browser draws the rare bold Hangul or Hebrew from it, emboldened."""
    index, font = next((i, f) for i, f in enumerate(FONTS) if f.family == family)
    if index > 0:
        font = replace(font, faces={"regular": font.faces["regular"]})
    return font_face_rules(
        lambda name, media: (
            f"data:{media};base64,"
            + base64.b64encode((FONT_DIR / name).read_bytes()).decode("ascii")
        ),
        (font,),
    )


def font_face_css(text: str = "") -> str:
    """@font-face rules with the font files embedded as data, for a report saved as one
    self-contained HTML file: Noto Sans, and a fallback font only when text (the report's)
    has its script, so a report without Hebrew or Korean does not carry their fonts."""
    return "\n".join(_embedded(font.family) for font in fonts_needed(text))


def _runs(pairs: list[tuple[int, int]]) -> list[list[int]]:
    """(code, value) pairs in code order as [first, last, value] runs of consecutive codes
    with one value."""
    runs: list[list[int]] = []
    for code, value in pairs:
        if runs and runs[-1][1] == code - 1 and runs[-1][2] == value:
            runs[-1][1] = code
        else:
            runs.append([code, code, value])
    return runs


def generate() -> dict:
    """The width and coverage table from the font files (fontTools)."""
    from fontTools.ttLib import TTFont

    data: dict = {"fonts": []}
    for index, font in enumerate(FONTS):
        entry: dict = {"family": font.family}
        for face in font.faces:
            opened = TTFont(FONT_DIR / font.faces[face])
            units = opened["head"].unitsPerEm
            if data.setdefault("units_per_em", units) != units:
                raise ValueError(
                    f"{font.faces[face]}: {units} units per em, not {data['units_per_em']}"
                )
            # What a browser takes from the font (its unicode-range) is what counts as its:
            # Typst and the page then agree on which font sets which character.
            ranges = unicode_ranges(font)
            cmap = {
                code: glyph
                for code, glyph in opened.getBestCmap().items()
                if any(low <= code <= high for low, high in ranges)
            }
            if face == "regular":
                entry["coverage"] = [
                    [low, high] for low, high, _ in _runs([(c, 0) for c in sorted(cmap)])
                ]
                if index == 0:
                    data["ascent_em"] = round(opened["hhea"].ascent / units, 3)
                    data["descent_em"] = round(-opened["hhea"].descent / units, 3)
                    data["cap_height_em"] = round(opened["OS/2"].sCapHeight / units, 3)
            # A font without a bold face sets bold text in its regular one.
            measures = [face] if face in WIDTH_FACES else []
            if face == "regular" and "bold" not in font.faces:
                measures.append("bold")
            for measured in measures:
                metrics = opened["hmtx"].metrics
                codes = sorted(
                    code
                    for code in cmap
                    if index > 0 or any(low <= code <= high for low, high in RANGES)
                )
                entry[measured] = _runs([(code, metrics[cmap[code]][0]) for code in codes])
                if index == 0:
                    entry[f"{measured}_widening"] = _widening_pairs(opened, cmap, codes)
        data["fonts"].append(entry)
    return data


def _widening_pairs(opened, cmap: dict[int, str], codes: list[int]) -> dict[str, int]:
    """Each pair of the measured characters that the font's kerning (GPOS pair adjustment)
    sets further apart than their advance widths, with how far (font units): a line with
    such a pair is wider than its advance widths add up to ("(J", "f)", "r'")."""
    glyphs = {cmap[code]: chr(code) for code in codes}
    widening: dict[str, int] = {}
    for lookup in opened["GPOS"].table.LookupList.Lookup:
        applied: dict[str, int] = {}  # in a lookup, the first subtable with the pair decides
        for table in lookup.SubTable:
            if lookup.LookupType == 9:  # an extension: the subtable it holds
                table = table.ExtSubTable
            if getattr(table, "LookupType", lookup.LookupType) != 2:
                continue
            if table.Format == 1:  # glyph by glyph
                pairs = (
                    (first, record.SecondGlyph, record.Value1)
                    for first, pair_set in zip(table.Coverage.glyphs, table.PairSet, strict=True)
                    for record in pair_set.PairValueRecord
                )
            else:  # by classes of glyphs: every pair whose first glyph it covers
                firsts, seconds = table.ClassDef1.classDefs, table.ClassDef2.classDefs
                pairs = (
                    (first, second, record.Value1)
                    for first in table.Coverage.glyphs
                    if first in glyphs
                    for row in [table.Class1Record[firsts.get(first, 0)].Class2Record]
                    for second in glyphs
                    for record in [row[seconds.get(second, 0)]]
                )
            for first, second, value in pairs:
                if first in glyphs and second in glyphs:
                    applied.setdefault(
                        glyphs[first] + glyphs[second],
                        getattr(value, "XAdvance", 0) if value else 0,
                    )
        # Lookups add up; counting only what widens bounds the pair whichever features apply.
        for pair, units in applied.items():
            if units > 0:
                widening[pair] = widening.get(pair, 0) + units
    return widening


def metrics_text() -> str:
    return json.dumps(generate(), separators=(",", ":"), sort_keys=True) + "\n"


if __name__ == "__main__":  # python -m clusterbench.reports.fonts [--check]
    files = {METRICS: metrics_text(), CSS_FILE: fonts_css()}
    if "--check" in sys.argv:
        stale = [
            path.name for path, text in files.items() if path.read_text(encoding="utf-8") != text
        ]
        sys.exit(f"stale: {', '.join(stale)}" if stale else 0)
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
        print(f"Wrote {path}")
