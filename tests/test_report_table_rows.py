"""The PDF's tables: each row's height that the renderer can tell from the fonts' widths is
given to Typst (which then lays the row out once instead of measuring it first), and it
is the height Typst would have found, so the PDF is the same byte for byte. Where a
cell's line breaks cannot be told for certain, the row is left to Typst."""

import json

import pytest

from clusterbench.reports.document import Document, Section, Table
from clusterbench.reports.fonts import METRICS, text_width, widest_width
from clusterbench.reports.pdf import TEMPLATE, render_pdf, typst_pdf
from clusterbench.reports.table_rows import TABLE_WIDTH, add_row_heights, cell_lines

EIGHT = (3, 1, 1, 1, 1, 1, 1, 1)  # an indicator page's table of peer figures
PEERS = ("Group", "n", "P10", "P25", "Median", "P75", "P90", "Rank")


def document(*tables: Table, language: str = "en") -> Document:
    return Document(
        "Report",
        "Cluster",
        "Cluster",
        "ID",
        (("Status", "Draft"),),
        "draft",
        (Section("s", "Tables", tables),),
        language=language,
    )


TABLES = (
    Table(
        PEERS,
        (
            (
                "Same portfolio: Production and engineering",
                "55",
                "2.0",
                "4.5",
                "6.0",
                "10.0",
                "13.0",
                "93",
            ),
            ("All clusters", "486", "withheld", "4.0", "6.0", "10.0", "withheld", "top quarter"),
            ("Same country: Serbia", "14", "—", "", "≥ 93 %", "-11 %", "66 %", "(n = 14)"),
        ),
        widths=EIGHT,
    ),
    Table(
        ("Strength", "Why it matters"),
        (
            (
                "A well-qualified team",
                "Events are where participants meet, learn of each "
                "other's work and start projects; members' purchasing departments.",
            ),
            (
                "Share of participants involved in at least one joint activity or project in "
                "the last 12 months",
                "Taken from the member addresses, seen during the interview on 5 April 2024.",
            ),
        ),
        caption="Strengths",
        widths=(1, 3),
    ),
    Table(
        ("Source", "Note"),
        (("see https://example.org/a/b", "two\nlines"), ("Tel Aviv: תל אביב", "ok")),
        widths=(1, 1),
    ),
    # Text Typst breaks where the renderer would not (after a hyphen that follows a digit
    # or a sign; not between two dashes): left to Typst, in columns narrow enough to break.
    Table(
        ("Term", "A", "B", "C", "D", "E", "F", "G"),
        (
            ("12-month", "a)-b", "x'-y", "q.-r", "— —", "Range — — none", "10-15", "a-%b"),
            ("LTV-AVA WAVY TAVA", "—", "n-a", "(x)-y", "a;-b", "v:-w", "1-a", "x--y"),
        ),
        widths=EIGHT,
    ),
    # Without widths, Typst sizes the columns to their content: nothing is told.
    Table(("Source", "Note"), (("Taken from the member addresses, seen in April 2024", "ok"),)),
    # A row short of a cell is drawn as before, not refused.
    Table(("Group", "n", "Median"), (("All clusters", "486"),), widths=(3, 1, 1)),
)


def heights_of(doc: Document) -> list[list[float | None]]:
    data = doc.as_dict()
    add_row_heights(data)
    return [block["row_heights"] for block in data["sections"][0]["blocks"]]


def pdf_as_typst_measures_it(doc: Document) -> bytes:
    """The PDF with every row's height left to Typst."""
    data = doc.as_dict()
    add_row_heights(data)
    for block in data["sections"][0]["blocks"]:
        block["row_heights"] = []
    return typst_pdf(
        TEMPLATE,
        "doc",
        json.dumps(data, ensure_ascii=False),
        timestamp=0,
        pdf_standards=["ua-1"],
    )


@pytest.mark.parametrize("language", ["en", "sr-latn"])
def test_the_pdf_is_the_one_typst_lays_out_by_measuring_every_row(language):
    doc = document(*TABLES, language=language)
    heights = heights_of(doc)
    told = [h for table in heights for h in table if h is not None]
    # Most rows are told (one line, several lines, a word overflowing its narrow column),
    # a few are not (a slash, a line break, Hebrew; in Serbian, a wrapped cell's words
    # may be hyphenated).
    assert len(told) >= (6 if language == "en" else 3), heights
    assert heights[2][1:] == [None, None]
    assert heights[3][1:] == [None, None]  # Typst breaks these elsewhere
    assert heights[4] == [None, None]  # columns sized by Typst
    assert heights[5][1] is None  # a cell short
    assert render_pdf(doc, timestamp=0) == pdf_as_typst_measures_it(doc)


def test_rows_of_several_lines_are_told_in_english():
    peers, strengths = heights_of(document(*TABLES))[:2]
    assert peers[0] == pytest.approx(17.14)  # the header, one line
    assert peers[1] == pytest.approx(2 * 7.14 + 6 + 10)  # the group's name on two lines
    assert strengths[2] is not None and strengths[2] > peers[1]


@pytest.mark.parametrize(
    "text, lines",
    [
        ("", 1),
        ("withheld", 1),  # wider than a P10 column: it overflows on its one line
        ("Same portfolio: Production and engineering", 2),
        ("top quarter", 2),
        ("a/b", None),  # a break opportunity after the slash
        ("two\nlines", None),
        ("two  spaces", None),
        ("Tel Aviv: תל אביב", None),  # set in Noto Sans Hebrew
        ("x" * 30, None),  # the template lets a run of 30 break anywhere
        ("12-month", None),  # a break after the hyphen, before the letter
        ("— —", None),  # no break between the dashes
        ("—", 1),
    ],
)
def test_a_cells_lines(text, lines):
    narrow = TABLE_WIDTH / sum(EIGHT) - 10
    wide = TABLE_WIDTH * 3 / sum(EIGHT) - 10
    assert cell_lines(text, narrow if lines != 2 or text == "top quarter" else wide) == lines


def test_a_close_call_is_left_to_typst():
    text = "Years since the cluster organisation was established"
    # "organisation was established" measures 136.7 pt; kerned, it may be 2 % narrower.
    assert cell_lines(text, 137) == 2
    assert cell_lines(text, TABLE_WIDTH * 3 / sum(EIGHT) - 10) is None  # 134.6 pt
    assert cell_lines(text, 132) == 3


def test_a_pair_that_kerning_widens_is_measured_wider():
    # Noto Sans sets "(" and "J" 0.9 pt further apart (at 10 pt) than their advances.
    assert widest_width("(J", 10) == pytest.approx(text_width("(J", 10) + 0.9)
    assert widest_width("(a", 10) == text_width("(a", 10)
    assert cell_lines("a (J)", text_width("a (J)", 10) + 0.5) is None
    assert cell_lines("a (J)", widest_width("a (J)", 10) + 0.01) == 1


def test_a_hyphenated_table_tells_only_what_fits_on_a_line():
    assert cell_lines("Grupa", 100, hyphenate=True) == 1
    assert cell_lines("Ista zemlja: Srbija i okolne zemlje regiona", 100, hyphenate=True) is None


def test_no_pair_that_kerning_widens_spans_a_break():
    # A line is measured piece by piece, each ending after a space or a hyphen: that adds
    # up to the line's width only while no widening pair holds a space or a hyphen.
    noto_sans = json.loads(METRICS.read_text(encoding="utf-8"))["fonts"][0]
    for face in ("regular_widening", "bold_widening"):
        assert noto_sans[face], face
        assert not [pair for pair in noto_sans[face] if {" ", "-"} & set(pair)]
