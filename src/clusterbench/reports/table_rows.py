"""The PDF's table rows, measured ahead of Typst where that can be done for certain.

Typst lays out a table row of unknown height twice: once to measure it, once to place it;
the tables are about a third of a report's layout. A row whose every cell's lines can be
told from the fonts' widths (reports/fonts.py) is given its height, the one Typst would
find, and is laid out once: the PDF is the same byte for byte (all 1,229 demonstration
reports compared; tests/test_report_table_rows.py), and Typst's work on a report 11 % less
(bench/typst_cost.py: 1,874 to 1,676 million instructions). A height is never less than
Typst's: a line is never measured narrower than Typst sets it, and where kerning tightens
a line more than allowed for below, the row comes out a line taller, nothing hidden.
"""

import re
from collections.abc import Sequence
from functools import lru_cache

from .fonts import CAP_HEIGHT_EM, widest_width

# The report template's tables (typst/report.typ), in points: the text area of an A4 page
# with 2 cm side margins, which every table spans; 5 pt of inset around each cell's text;
# 10 pt text in lines 0.6 em apart, each line as tall as a capital letter (Typst's top and
# bottom edges: cap height and baseline).
TABLE_WIDTH = (210 - 2 * 20) / 25.4 * 72
CELL_INSET, TEXT_SIZE, LEADING = 5.0, 10.0, 0.6 * 10.0
LONG_TABLE = 12  # a table of more rows may break across pages, between its rows
# A cell whose line breaks can be told: words of Latin letters and digits (which Noto Sans
# sets, measured by the width table; Greek and Cyrillic have letters that some languages
# set in a wider form) joined by . , : ; % ' (no break beside them), or by a hyphen between
# two letters (a break after it), a word opened by ( or by a minus sign's hyphen before a
# digit and closed by ) or '; a lone %, ≥ or ≤ (Noto Sans Math, of the same cap height);
# single spaces between them (a break after each); or a lone dash. Unicode's line breaking
# (UAX #14, as Typst applies it) breaks such text after a space and after a hyphen between
# letters, and nowhere else. (It also breaks after a hyphen that follows a digit or a sign,
# and never between two dashes with a space between them: such text is left to Typst.)
_ALPHA = r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]"  # not D7, F7: signs
_ALNUM = rf"(?:[0-9]|{_ALPHA})"
_WORD = (
    rf"(?:\(|-(?=[0-9]))?{_ALNUM}+(?:(?:[.,:;%')]+|(?<={_ALPHA})-(?={_ALPHA})){_ALNUM}+)*"
    rf"[.,:;%')]*|[%≥≤]"
)
_PLAIN_CELL = re.compile(rf"—|(?:{_WORD})(?: (?:{_WORD}))*")
_BREAKS = re.compile(rf"(?<= )|(?<={_ALPHA}-)(?={_ALPHA})")  # after a space; a hyphen
# A run of 30 characters without a space may break anywhere (the template's show rule).
LONGEST_WORD = 29
# A line is never wider in Typst than fonts.widest_width says. Kerning brings letters
# closer too: over every line a table cell of the demonstration could have (358,640,
# measured in Typst), by less than 1.25 % of the line's width and 1.4 pt together. A line
# that may, within 1.25 % and 2 pt, be narrow enough to fit is left to Typst. Kerning can
# tighten a line further ("LTV-AVA WAVY TAVA"); told wrong that way, a row would be a line
# taller than Typst would make it, with nothing hidden.
CLOSER, CLOSER_BY = 0.0125, 2.0


@lru_cache(maxsize=1 << 16)  # a report's cells recur: names, headers, figures
def cell_lines(
    text: str, width: float, *, bold: bool = False, hyphenate: bool = False
) -> int | None:
    """How many lines Typst breaks a table cell's text into at width (points), first fit;
    None where that cannot be told for certain from the fonts' widths (a close call, a
    character another font sets, a break opportunity the pattern does not know, a word a
    hyphenated table could split)."""
    if text == "":
        return 1  # an empty cell is one empty line
    if not _PLAIN_CELL.fullmatch(text) or max(map(len, text.split(" "))) > LONGEST_WORD:
        return None

    space = widest_width(" ", TEXT_SIZE, bold=bold)

    def fits(measured: float) -> bool | None:  # None: too close to call
        if measured <= width:
            return True
        return None if measured * (1 - CLOSER) - CLOSER_BY <= width else False

    lines, line = 0, 0.0  # the lines begun; the width of the last, its trailing space too
    for piece in _BREAKS.split(text):
        measured = widest_width(piece, TEXT_SIZE, bold=bold)
        ending = space if piece.endswith(" ") else 0.0  # a line's last space takes no room
        if lines:
            joined = fits(line + measured - ending)
            if joined is None or (joined is False and hyphenate):
                return None  # too close to call; or Typst may hyphenate the piece
            if joined:
                line += measured
                continue
        elif hyphenate and not fits(measured - ending):
            return None
        lines, line = lines + 1, measured  # one wider than the cell overflows on its own line
    return lines


def row_height(
    cells: Sequence, widths: list[float], *, bold: bool = False, hyphenate: bool = False
) -> float | None:
    """The height (points) Typst gives a table row of these cells in columns of these
    widths (points), or None (Typst measures it) where a cell's lines cannot be told or
    the row has another number of cells than the table has columns."""
    if len(cells) != len(widths):
        return None
    counts = [
        cell_lines(cell, width - 2 * CELL_INSET, bold=bold, hyphenate=hyphenate)
        if isinstance(cell, str)
        else None
        for cell, width in zip(cells, widths, strict=True)
    ]
    if None in counts:
        return None
    return _row_of(max(counts))


def _row_of(lines: int) -> float:
    return lines * CAP_HEIGHT_EM * TEXT_SIZE + (lines - 1) * LEADING + 2 * CELL_INSET


ONE_LINE_ROW = _row_of(1)


def add_row_heights(data: dict) -> None:
    """Add to each table of the document (as_dict) whether it may break across pages and
    its row heights where they can be told (header first, None where not), so that Typst
    lays such a row out once: a row it must measure, it lays out twice (measured, then
    placed), and the tables are about a third of a report's layout. A height told is the
    one Typst finds (all demonstration reports, tests/test_report_table_rows.py), or a
    line more where kerning is tighter than measured, never less. In a table that may
    break, only a row of one line is told: Typst may split a taller row between two
    pages, which a row of a given height never is. A table without column widths has
    Typst size its columns to their content: none of its rows is told."""
    hyphenate = data.get("language", "en") != "en"  # as the template's table text
    for section in data["sections"]:
        for block in section["blocks"]:
            if block["type"] != "table":
                continue
            rows = [block["columns"], *block["rows"]]
            block["breakable"] = len(block["rows"]) > LONG_TABLE
            block["row_heights"] = [None] * len(rows)
            shares = block["widths"]
            if len(shares) != len(block["columns"]):
                continue
            widths = [TABLE_WIDTH * share / sum(shares) for share in shares]
            heights = [
                row_height(row, widths, bold=index == 0, hyphenate=hyphenate)
                for index, row in enumerate(rows)
            ]
            if block["breakable"]:
                heights = [h if h == ONE_LINE_ROW else None for h in heights]
            block["row_heights"] = heights
