"""The PDF renderer: the document model as JSON into one Typst template."""

import json
from pathlib import Path

import typst

from .document import Document

TEMPLATE = Path(__file__).resolve().parent / "typst" / "report.typ"


def render_pdf(document: Document, *, timestamp: int | None = None) -> bytes:
    """The PDF bytes. System fonts are ignored so that every machine renders the same PDF
    with the fonts bundled in Typst (they cover Latin, Greek and Cyrillic); a fixed
    timestamp makes the bytes reproducible too. The PDF declares PDF/UA-1: it is tagged,
    every figure carries its alternative text, and Typst refuses to compile otherwise."""
    return typst.compile(
        str(TEMPLATE),
        sys_inputs={"doc": json.dumps(document.as_dict())},
        ignore_system_fonts=True,
        timestamp=timestamp,
        pdf_standards=["ua-1"],
    )
