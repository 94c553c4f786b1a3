"""The one font of every report: Noto Sans (SIL Open Font License, bundled in
static/fonts/ with its licence), used by the HTML page (@font-face), the charts' SVG and
the PDF (Typst's font path), so the three show the same letters.

Charts size their labels from the font's advance widths: a small table generated from the
font files once (`python -m clusterbench.reports.fonts`, which needs fontTools, a
development dependency) and read here without any font library, so start-up stays cheap.
"""

from __future__ import annotations

import base64
import json
import sys
from functools import cache
from pathlib import Path

FAMILY = "Noto Sans"
FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"
FACES = {"regular": "NotoSans-Regular.ttf", "bold": "NotoSans-Bold.ttf"}
METRICS = FONT_DIR / "noto-sans-metrics.json"
# The font's ascender and descender (hhea), in em: how far a line's letters reach above and
# below its baseline.
ASCENT_EM, DESCENT_EM = 1.069, 0.293
# The scripts the reports write in (Latin with its extensions, Greek, Cyrillic) and the
# punctuation, currency and arrows they use; any other character is measured as the
# widest one of the table, so a label can come out too wide but never too narrow.
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
    data = json.loads(METRICS.read_text(encoding="utf-8"))
    for face in FACES:
        widths = {int(code): width for code, width in data[face].items()}
        data[face] = (widths, max(widths.values()))
    return data


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The advance width of text set in Noto Sans at size (same unit as size)."""
    table = _table()
    widths, widest = table["bold" if bold else "regular"]
    units = sum(widths.get(ord(char), widest) for char in text)
    return units * size / table["units_per_em"]


def wrap(text: str, size: float, width: float, *, bold: bool = False) -> list[str]:
    """text broken at spaces into lines no wider than width; a single word wider than the
    line is cut so that nothing ever runs past the width."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold=bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while text_width(word, size, bold=bold) > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and text_width(word[:cut] + "-", size, bold=bold) > width:
                cut -= 1
            lines.append(word[:cut] + "-")
            word = word[cut:]
        current = word
    if current or not lines:
        lines.append(current)
    return lines


STYLES = (("NotoSans-Regular.ttf", "normal", 400), ("NotoSans-Bold.ttf", "normal", 700))
STYLES += (("NotoSans-Italic.ttf", "italic", 400),)


@cache
def font_face_css() -> str:
    """@font-face rules with the font files embedded as data, for a report saved as one
    self-contained HTML file (the site serves them from /static/fonts/, css/fonts.css)."""
    rules = []
    for name, style, weight in STYLES:
        data = base64.b64encode((FONT_DIR / name).read_bytes()).decode("ascii")
        rules.append(
            f'@font-face{{font-family:"{FAMILY}";font-style:{style};font-weight:{weight};'
            f'src:url(data:font/ttf;base64,{data}) format("truetype")}}'
        )
    return "\n".join(rules)


def generate() -> dict:
    """The width table from the font files (fontTools)."""
    from fontTools.ttLib import TTFont

    data: dict = {"family": FAMILY}
    for face, name in FACES.items():
        font = TTFont(FONT_DIR / name)
        data["units_per_em"] = units = font["head"].unitsPerEm
        data["ascent_em"] = round(font["hhea"].ascent / units, 3)
        data["descent_em"] = round(-font["hhea"].descent / units, 3)
        cmap = font.getBestCmap()
        metrics = font["hmtx"].metrics
        data[face] = {
            str(code): metrics[cmap[code]][0]
            for low, high in RANGES
            for code in range(low, high + 1)
            if code in cmap
        }
    return data


if __name__ == "__main__":  # python -m clusterbench.reports.fonts [--check]
    text = json.dumps(generate(), separators=(",", ":"), sort_keys=True) + "\n"
    if "--check" in sys.argv:
        sys.exit(0 if METRICS.read_text(encoding="utf-8") == text else "metrics are stale")
    METRICS.write_text(text, encoding="utf-8")
    print(f"Wrote {METRICS}")
