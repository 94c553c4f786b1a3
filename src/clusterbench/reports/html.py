"""The HTML renderer for files: the same template blocks as the web page, in one
self-contained page with its stylesheet inlined."""

from pathlib import Path

from django.template.loader import render_to_string

from .document import Document
from .fonts import font_face_css

STATIC = Path(__file__).resolve().parent.parent / "static" / "css"


def render_html(document: Document) -> str:
    # The font embedded, so that the file shows the same letters anywhere.
    css = font_face_css() + '\n.report { font-family: "Noto Sans", sans-serif; }\n'
    css += (STATIC / "site.css").read_text(encoding="utf-8") + (STATIC / "report.css").read_text(
        encoding="utf-8"
    )
    return render_to_string("reports/standalone.html", {"document": document.as_dict(), "css": css})
