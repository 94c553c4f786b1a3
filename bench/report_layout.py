"""Page count, fill and the pages ending above mid-page of a report PDF:
`.venv/bin/python bench/report_layout.py report.pdf` (needs poppler's pdftoppm).

The fill of a page is how far down the body (between the header and the footer) its
content reaches, as a share of the body's height; the cover and contents are skipped.
A page ending above mid-page may be the end of a chapter: look at the pages listed."""

import pathlib
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image

pdf = sys.argv[1]
with tempfile.TemporaryDirectory() as d:
    subprocess.run(["pdftoppm", "-r", "30", "-gray", pdf, f"{d}/p"], check=True)
    pages = sorted(pathlib.Path(d).glob("p-*.pgm"))
    fills = []
    for p in pages[2:]:
        a = np.asarray(Image.open(p)) < 200
        h = a.shape[0]
        top, bottom = int(h * 2.2 / 29.7) + 1, h - int(h * 2.2 / 29.7) - 1
        rows = np.nonzero(a[top:bottom].any(axis=1))[0]
        fills.append(0 if len(rows) == 0 else (rows[-1] + 1) / (bottom - top))
    fills = np.array(fills)
    print(
        f"pages {len(pages)}; mean fill {fills.mean():.0%}; "
        f"pages ending above mid-page {int((fills < 0.5).sum())}"
    )
    print(" ".join(f"{i + 3}:{f:.0%}" for i, f in enumerate(fills) if f < 0.5))
