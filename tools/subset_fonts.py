"""Reproduce the report's fallback fonts in src/clusterbench/static/fonts/.

The report is set in Noto Sans (Latin, Greek, Cyrillic). It also writes a few arrows and
mathematical signs Noto Sans lacks (≥, ≤, →), and the registry's clusters have names and
addresses in Hebrew and Korean, so three Noto fonts follow it in every font list (Typst's,
the SVG charts' and the web page's; clusterbench/typefaces.py):

- Noto Sans Math, Regular (it has no other face), cut down to the arrows and the
  mathematical operators (the blocks U+2190-22FF, U+27F0-27FF, U+2900-2AFF).
- Noto Sans Hebrew, Regular and Bold, copied unmodified (27 KB each).
- Noto Sans CJK KR, Regular and Bold, cut down to the Korean script: all 11,172 Hangul
  syllables, the jamo (modern and old), the compatibility jamo, the parenthesised and
  circled Hangul of company names (such as the corporation sign), CJK punctuation and the
  half- and full-width forms; no Han characters (Hanja), which no cluster of the registry
  writes. The whole font is 19 MB; the subset about 2 MB a weight. Vertical-writing
  tables are dropped (the report never sets text vertically); everything else (hinting,
  the OpenType layout features that compose old Hangul from jamo, the name table with
  the licence) is kept.

Both come from Debian's packages (the same source as Noto Sans):

    apt-get download fonts-noto-core fonts-noto-cjk
    for deb in fonts-noto-*.deb; do dpkg-deb -x "$deb" debs; done
    .venv/bin/python tools/subset_fonts.py debs/usr/share/fonts

(or, with the packages installed, `.venv/bin/python tools/subset_fonts.py
/usr/share/fonts`). The script checks the source files' SHA-256 (fonts-noto-core
20201225-1, fonts-noto-cjk 1:20220127+repack1-1), so the output is the same bytes as the
committed files; then regenerate the width table: `.venv/bin/python -m
clusterbench.reports.fonts`. Both fonts are under the SIL Open Font License 1.1
(OFL.txt and OFL-CJK.txt beside them). A subset is a modified version under the licence;
the upstream licence of Noto CJK reserves the name "Source", which the subsets do not use;
they keep their family names.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "clusterbench" / "static" / "fonts"

# file name in the package -> its SHA-256
SOURCES = {
    "NotoSansHebrew-Regular.ttf": "436900d5ad77d33e4234247f3076eaecd25b92b9bea0519514f684140e3566a7",  # noqa: E501
    "NotoSansHebrew-Bold.ttf": "d3b01343f71e8a93fffb84c345a1aecbaf4694b98d0eaace916cb9eac9e6dcd3",
    "NotoSansMath-Regular.ttf": "8242bd1e55368b27e32455260754cf9aa58f3ad7ea80664b66c21f1b09910d6c",
    "NotoSansCJK-Regular.ttc": "b76b0433203017ca80401b2ee0dd69350349871c4b19d504c34dbdd80541690a",
    "NotoSansCJK-Bold.ttc": "faa5f3656a78b2e2d450d27fe8382c778bc2b6bb5ea29c986664a6a435056ceb",
}
HEBREW = {"NotoSansHebrew-Regular.ttf": "NotoSansHebrew-Regular.ttf"}
HEBREW["NotoSansHebrew-Bold.ttf"] = "NotoSansHebrew-Bold.ttf"
CJK = {
    "NotoSansCJK-Regular.ttc": "NotoSansCJKkr-Regular-Hangul.otf",
    "NotoSansCJK-Bold.ttc": "NotoSansCJKkr-Bold-Hangul.otf",
}
MATH = {"NotoSansMath-Regular.ttf": "NotoSansMath-Regular-Symbols.ttf"}
SYMBOLS = (
    (0x2190, 0x21FF),  # Arrows
    (0x2200, 0x22FF),  # Mathematical Operators
    (0x27F0, 0x27FF),  # Supplemental Arrows-A
    (0x2900, 0x297F),  # Supplemental Arrows-B
    (0x2980, 0x29FF),  # Miscellaneous Mathematical Symbols-B
    (0x2A00, 0x2AFF),  # Supplemental Mathematical Operators
)
KOREAN_FACE = "Noto Sans CJK KR"  # the collection's face for Korean (its glyph forms)
HANGUL = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0x3130, 0x318F),  # Hangul Compatibility Jamo
    (0x3200, 0x321E),  # Parenthesised Hangul (㈜, the corporation sign)
    (0x3260, 0x327F),  # Circled Hangul
    (0xA960, 0xA97F),  # Hangul Jamo Extended-A
    (0xAC00, 0xD7A3),  # Hangul Syllables
    (0xD7B0, 0xD7FF),  # Hangul Jamo Extended-B
    (0xFF01, 0xFFEF),  # Half-width and full-width forms (half-width Hangul)
)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def find(root: Path, name: str) -> Path:
    found = sorted(root.rglob(name))
    if not found:
        sys.exit(f"{name} is not under {root}: extract fonts-noto-core and fonts-noto-cjk")
    path = found[0]
    if SOURCES[name] and sha256(path) != SOURCES[name]:
        sys.exit(f"{path} is not the file the committed fonts were made from (SHA-256 differs)")
    return path


def subset(source: Path, target: Path, ranges, face: str = "") -> None:
    """The characters of ranges from source (face: which font of a collection) to target,
    with everything that lays them out; vertical-writing tables dropped."""
    from fontTools import subset
    from fontTools.ttLib import TTCollection, TTFont

    number = -1
    if face:
        collection = TTCollection(source)
        number = [font["name"].getDebugName(1) for font in collection.fonts].index(face)
    font = TTFont(source, fontNumber=number, recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["vhea", "vmtx", "VORG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for low, high in ranges for c in range(low, high + 1)])
    subsetter.subset(font)
    font.save(target)
    print(f"Wrote {target} ({target.stat().st_size / 1e6:.2f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fonts", type=Path, help="a folder holding the packages' font files")
    args = parser.parse_args()
    for name, output in HEBREW.items():
        shutil.copyfile(find(args.fonts, name), OUT / output)
        print(f"Copied {OUT / output}")
    for name, output in MATH.items():
        subset(find(args.fonts, name), OUT / output, SYMBOLS)
    for name, output in CJK.items():
        subset(find(args.fonts, name), OUT / output, HANGUL, KOREAN_FACE)


if __name__ == "__main__":
    main()
