"""Long text in the PDF: every word the input limits allow reaches the page, inside the
page's text area. A callout longer than a page breaks across pages (unbreakable, it ran
over the footer and its end was lost); a short one stays whole; a word without spaces
longer than a line (a URL, a token) breaks instead of running off the right edge."""

import functools
import html
import re
import subprocess

import pytest

from clusterbench.reports.document import Callout, Document, Paragraph, Section, Table
from clusterbench.reports.pdf import render_pdf

MM = 72 / 25.4  # PDF points per millimetre
PAGE_WIDTH, PAGE_HEIGHT = 210 * MM, 297 * MM  # A4
MARGIN_X, MARGIN_Y = 20 * MM, 22 * MM  # report.typ's margins
SLACK = 4  # points: a line's descenders hang below the text area's last baseline

WORD_BOX = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def words_of(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{i:04d}" for i in range(count)]


# Every word distinct, so a word lost anywhere is noticed: 6,000 characters and more.
STORY = [*words_of("story", 600), "STORYENDMARKER"]
# Longer than a page only by its lines: 160 short lines, 1,300 characters.
LINES = [*words_of("line", 160), "LINESENDMARKER"]
# A 400-character token, in a callout, a paragraph and a table cell.
TOKEN = "tok" + "".join(f"{i:03d}" for i in range(131)) + "TOKENEND"
SHORT = [*words_of("short", 180), "SHORTENDMARKER"]  # 2,000 characters: a third of a page


def pdf_of(title: str, *blocks) -> bytes:
    """A draft report of one section with these blocks, as PDF."""
    section = Section("s", title, blocks)
    return render_pdf(
        Document("Report", "Cluster", "Cluster", "ID", (("Status", "Draft"),), "draft", (section,))
    )


@functools.cache
def long_pdf() -> bytes:
    return pdf_of(
        "Success story",
        Paragraph("The outcome, as the cluster told it."),
        Callout(" ".join(STORY), "strength", "Outcome"),
        Callout("\n".join(LINES), "note", "Observation"),
        Callout(f"See {TOKEN} for the data.", "weakness", "Token"),
        Paragraph(f"The token {TOKEN} again."),
        Table(("Source", "Note"), ((f"at {TOKEN}", "given"),), "Sources"),
    )


@functools.cache
def short_pdf() -> bytes:
    """A short callout after enough text that it does not fit on the rest of the page."""
    filler = " ".join(words_of("filler", 420))
    return pdf_of("Summary", Paragraph(filler), Callout(" ".join(SHORT), "note", "Recommendation"))


def pages_words(pdf: bytes) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words with their boxes, as poppler reads them (only what is on the page)."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-bbox", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [
        [
            (float(x0), float(y0), float(x1), float(y1), html.unescape(word))
            for x0, y0, x1, y1, word in WORD_BOX.findall(page)
        ]
        for page in out.split("<page ")[1:]
    ]


def text_of(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def test_every_word_of_a_callout_longer_than_a_page_is_in_the_pdf():
    found = set(text_of(long_pdf()).split())
    assert [word for word in STORY + LINES if word not in found] == []


def test_a_word_longer_than_a_line_is_in_the_pdf_as_written():
    text = text_of(long_pdf())
    # Broken across lines, but no hyphen or invisible character added to what is copied.
    assert "".join(text.split()).count(TOKEN) == 3
    assert not re.search("[\u00ad\u200b\ufffc]", text)


def test_no_text_runs_past_the_text_area():
    for number, words in enumerate(pages_words(long_pdf()), start=1):
        for x0, _y0, x1, y1, word in words:
            if word in {"Draft", "for", "review", "Page", str(number), "Cluster", "ID"}:
                continue  # the header and the footer, in the margins
            assert x0 >= MARGIN_X - SLACK and x1 <= PAGE_WIDTH - MARGIN_X + SLACK, (number, word)
            assert y1 <= PAGE_HEIGHT - MARGIN_Y + SLACK, (number, word)  # not over the footer


def test_a_callout_longer_than_a_page_continues_on_the_next():
    pages = [{word for *_box, word in words} for words in pages_words(long_pdf())]
    story_pages = [n for n, words in enumerate(pages) if words & set(STORY)]
    assert len(story_pages) >= 2
    assert story_pages == list(range(story_pages[0], story_pages[-1] + 1))


@pytest.mark.parametrize("marker", ["short0000", "SHORTENDMARKER"])
def test_a_callout_that_fits_on_a_page_is_not_split(marker):
    pages = [{word for *_box, word in words} for words in pages_words(short_pdf())]
    on = [n for n, words in enumerate(pages) if words & set(SHORT)]
    assert len(on) == 1, on  # whole, on one page
    assert marker in pages[on[0]]
    # It did not fit after the filler: it moved to the next page, leaving a gap.
    assert not pages[on[0]] & {"filler0419"}
