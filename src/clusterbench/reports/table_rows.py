"""The PDF's table rows, measured ahead of Typst where that can be done for certain.

Typst lays out a table row of unknown height twice: once to measure it, once to place it;
the tables are about a third of a report's layout. A row whose every cell's lines can be
told from the fonts' widths (reports/fonts.py) is given its height, the one Typst would
find, and is laid out once: the PDF is the same byte for byte (all 1,229 demonstration
reports compared; tests/test_report_table_rows.py), and Typst's work on a report 11 % less
(bench/typst_cost.py: 1,874 to 1,676 million instructions).
"""

import re
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
# set in a wider form) joined by . , : ; % ' or a hyphen, opened by ( or a minus sign's
# hyphen and closed by ) or ', or a lone %, — , ≥ or ≤ (Noto Sans Math, of the same cap
# height), between single spaces. Unicode's line breaking then allows a break after a
# space and after a hyphen between letters, and nowhere else.
_LETTER = r"(?![\W_])[0-9A-Za-z\u00c0-\u024f\u1e00-\u1eff]"
_WORD = rf"(?:\(|-(?=\d))?{_LETTER}+(?:[-.,:;%')]+{_LETTER}+)*[.,:;%')]*|[%≥≤—]"
_PLAIN_CELL = re.compile(rf"(?:{_WORD})(?: (?:{_WORD}))*")
_BREAKS = re.compile(r"(?<= )|(?<=[^\W\d_]-)(?=[^\W\d_])")  # after a space; a hyphen
# A run of 30 characters without a space may break anywhere (the template's show rule).
LONGEST_WORD = 29
# A line is never wider in Typst than fonts.widest_width says, and kerning brings its
# letters closer by less than 1.25 % of its width and 1.4 pt together (the most, over
# every line a table cell of the demonstration could have, 358,640: "far," is 1.6 pt
# narrower): a line that may, within a little more, be narrow enough to fit cannot be
# told for certain. (Told wrong that way, a row would be a line taller, nothing hidden.)
CLOSER, CLOSER_BY = 0.0125, 2.0


@lru_cache(maxsize=1 << 16)  # a report's cells recur: names, headers, figures
def cell_lines(text: str, width: float, *, bold: bool = False, hyphenate: bool = False):
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


def row_height(cells, widths: list[float], *, bold: bool = False, hyphenate: bool = False):
    """The height (points) Typst gives a table row of these cells in columns of these
    widths (points), or None (Typst measures it) where a cell's lines cannot be told."""
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


def with_row_heights(data: dict) -> dict:
    """The document (as_dict) with, for each table, whether it may break across pages and
    its row heights where they can be told (header first), so that Typst lays such a row
    out once: a row it must measure, it lays out twice (measured, then placed), and the
    tables are about a third of a report's layout. A height is the one Typst would find,
    so the PDF is the same (tests/test_report_table_rows.py). In a table that may break,
    only a row of one line is given its height: Typst may split a taller row between two
    pages, which a row of a given height never is."""
    hyphenate = data.get("language", "en") != "en"  # as the template's table text
    for section in data["sections"]:
        for block in section["blocks"]:
            if block["type"] != "table":
                continue
            columns = len(block["columns"])
            shares = block["widths"] if len(block["widths"]) == columns else [1] * columns
            widths = [TABLE_WIDTH * share / sum(shares) for share in shares]
            block["breakable"] = len(block["rows"]) > LONG_TABLE
            heights = [row_height(block["columns"], widths, bold=True, hyphenate=hyphenate)]
            heights += [row_height(row, widths, hyphenate=hyphenate) for row in block["rows"]]
            if block["breakable"]:
                heights = [h if h == ONE_LINE_ROW else None for h in heights]
            block["row_heights"] = heights
    return data
