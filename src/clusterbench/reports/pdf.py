"""The PDF renderer: the document model as JSON into one Typst template."""

import json
import threading
from functools import cache
from pathlib import Path

import typst
from django.utils.translation import gettext as _

from clusterbench.typefaces import FAMILIES, FONT_DIR, code_name, uncovered

from .document import Document
from .table_rows import add_row_heights

TEMPLATE = Path(__file__).resolve().parent / "typst" / "report.typ"
_LOCK = threading.Lock()  # one Typst compiler serves one compilation at a time


@cache
def typst_compiler(template: Path) -> typst.Compiler:
    """A compiler for template, kept for the process: the fonts are read once, not for
    every document. System fonts are ignored so that every machine renders the same PDF
    with the report's own fonts (Noto Sans and its fallbacks, bundled) and Typst's
    bundled ones."""
    return typst.Compiler(str(template), font_paths=[str(FONT_DIR)], ignore_system_fonts=True)


def typst_pdf(
    template: Path,
    name: str,
    data: dict | str,
    *,
    timestamp: int | None = None,
    pdf_standards: list[str] | None = None,
) -> bytes:
    """template compiled with data as JSON (or data already written as JSON) in
    sys.inputs[name]; a fixed timestamp makes the bytes reproducible too."""
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    with _LOCK:
        return typst_compiler(template).compile(
            sys_inputs={name: text},
            timestamp=timestamp,
            pdf_standards=pdf_standards or [],
        )


class UndisplayableText(ValueError):
    """Text of the report that none of its fonts can show, found before rendering: the
    message names each character and where it is, for the person who can change it."""


def undisplayable(data: dict) -> list[tuple[str, list[str]]]:
    """Where the document (as_dict) has characters no bundled font can show ("on the
    cover", or in a section named by its title), with those characters; charts included."""
    found = []
    cover = {key: value for key, value in data.items() if key != "sections"}
    places = [(_("on the cover"), cover)] + [
        (_('in the section "%(title)s"') % {"title": section["title"]}, section)
        for section in data["sections"]
    ]
    for place, content in places:
        chars = uncovered(json.dumps(content, ensure_ascii=False))
        if chars:
            found.append((place, chars))
    return found


PLACES_NAMED, CHARACTERS_NAMED = 2, 3  # a message short enough for the timeline


def _named(items: list[str], limit: int) -> str:
    shown = ", ".join(items[:limit])
    if len(items) > limit:
        return _("%(items)s and %(count)s more") % {"items": shown, "count": len(items) - limit}
    return shown


def displayable_check(data: dict) -> None:
    """Raise UndisplayableText, naming the characters and where they are, when some text of
    the document (as_dict) cannot be shown by the report's fonts. A PDF/UA document may not
    show a character without its glyph, so Typst would fail with a message about fonts that
    says nothing of where the character came from."""
    found = undisplayable(data)
    if not found:
        return
    parts = [
        _named([f'"{c}" ({code_name(c)})' for c in chars], CHARACTERS_NAMED) + " " + place
        for place, chars in found[:PLACES_NAMED]
    ]
    if len(found) > PLACES_NAMED:
        parts.append(_("and in %(count)s more places") % {"count": len(found) - PLACES_NAMED})
    raise UndisplayableText(
        _(
            "The report cannot be drawn: none of its fonts (%(fonts)s) can show %(found)s. "
            "Replace or remove these characters where they were entered, then draft again."
        )
        % {"found": "; ".join(parts), "fonts": ", ".join(FAMILIES)}
    )


def typst_input(document: Document) -> str:
    """What the template is given: the document as JSON, with its tables' row heights.
    Text none of the report's fonts can show is refused first, by name
    (UndisplayableText)."""
    data = document.as_dict()
    add_row_heights(data)
    text = json.dumps(data, ensure_ascii=False)
    if uncovered(text):  # one pass over the text; where, only when something is found
        displayable_check(data)
    return text


def render_pdf(document: Document, *, timestamp: int | None = None) -> bytes:
    """The PDF bytes of the report. It declares PDF/UA-1: it is tagged, every figure
    carries its alternative text, and Typst refuses to compile otherwise. Text none of the
    report's fonts can show is refused first, by name (UndisplayableText)."""
    return typst_pdf(
        TEMPLATE, "doc", typst_input(document), timestamp=timestamp, pdf_standards=["ua-1"]
    )
