"""The PDF renderer: the document model as JSON into one Typst template."""

import json
import threading
from functools import cache
from pathlib import Path

import typst

from .document import Document
from .fonts import FONT_DIR

TEMPLATE = Path(__file__).resolve().parent / "typst" / "report.typ"
_LOCK = threading.Lock()  # one Typst compiler serves one compilation at a time


@cache
def typst_compiler(template: Path) -> typst.Compiler:
    """A compiler for template, kept for the process: the fonts are read once, not for
    every document. System fonts are ignored so that every machine renders the same PDF
    with the report's own font (Noto Sans, bundled) and Typst's bundled ones."""
    return typst.Compiler(str(template), font_paths=[str(FONT_DIR)], ignore_system_fonts=True)


def typst_pdf(
    template: Path,
    name: str,
    data: dict,
    *,
    timestamp: int | None = None,
    pdf_standards: list[str] | None = None,
) -> bytes:
    """template compiled with data as JSON in sys.inputs[name]; a fixed timestamp makes
    the bytes reproducible too."""
    with _LOCK:
        return typst_compiler(template).compile(
            sys_inputs={name: json.dumps(data)},
            timestamp=timestamp,
            pdf_standards=pdf_standards or [],
        )


def render_pdf(document: Document, *, timestamp: int | None = None) -> bytes:
    """The PDF bytes of the report. It declares PDF/UA-1: it is tagged, every figure
    carries its alternative text, and Typst refuses to compile otherwise."""
    return typst_pdf(
        TEMPLATE, "doc", document.as_dict(), timestamp=timestamp, pdf_standards=["ua-1"]
    )
