"""The HTML renderer for files: the same template blocks as the web page, in one
self-contained page with its stylesheet inlined."""

import json
from pathlib import Path

from django.template.loader import render_to_string

from clusterbench.typefaces import CSS_STACK

from .document import Document
from .fonts import font_face_css

STATIC = Path(__file__).resolve().parent.parent / "static" / "css"


def render_html(document: Document) -> str:
    # The fonts embedded, so that the file shows the same letters anywhere: Noto Sans, and
    # Hebrew or Korean only when the report has text in that script.
    characters = json.dumps(document.as_dict(), ensure_ascii=False)
    css = font_face_css(characters) + f"\n.report {{ font-family: {CSS_STACK}; }}\n"
    css += (STATIC / "site.css").read_text(encoding="utf-8") + (STATIC / "report.css").read_text(
        encoding="utf-8"
    )
    return render_to_string("reports/standalone.html", {"document": document.as_dict(), "css": css})
