"""The certificate (A4 PDF with a QR code to the verification page) and the electronic
label files (SVG, PNG at 256, 512 and 1024 px, PDF, and a zip of them), all with Typst."""

import io
import json
import zipfile
from pathlib import Path

import segno
import typst
from django.conf import settings
from django.urls import reverse

from clusterbench.typefaces import FONT_DIR, uncovered

from .badge import COLOURS, label_svg
from .models import Label

CERTIFICATE = Path(__file__).resolve().parent / "typst" / "certificate.typ"
PNG_SIZES = (256, 512, 1024)
LABEL_PAGE = """#set page(width: 512pt, height: 512pt, margin: 0pt)
#image(bytes(sys.inputs.svg), format: "svg", width: 100%)
"""


def verify_url(label: Label) -> str:
    return settings.SITE_URL + reverse("verify", args=[label.certificate_id])


def _svg(label: Label) -> str:
    return label_svg(level=label.level, motto=label.motto, valid_until_year=label.valid_until.year)


def _issuer(label: Label) -> dict[str, str]:
    """Who signs: the secretariat member who awarded the label, else the secretariat."""
    name = label.awarded_by.get_full_name() if label.awarded_by else ""
    if name:
        return {"issuer": name, "issuer_role": "for the ClusterBench secretariat, the issuer"}
    return {"issuer": "ClusterBench secretariat", "issuer_role": "the issuer of this label"}


def certificate_pdf(label: Label, *, image_ppi: int | None = None) -> bytes:
    """The certificate as PDF bytes (or, with image_ppi, as a PNG of the page)."""
    url = verify_url(label)
    qr = io.BytesIO()
    segno.make(url, error="m").save(qr, kind="svg", scale=4, border=2)
    data = {
        "level": str(label.get_level_display()),
        "motto": label.motto,
        # A name in a script none of the fonts has is left out for the English one (shown
        # alone when the two are the same), rather than printed as empty boxes.
        "name": label.cluster.name_en if uncovered(label.cluster.name) else label.cluster.name,
        "name_en": label.cluster.name_en,
        "country": label.cluster.country.name,
        "certificate_id": label.certificate_id,
        # Bronze follows a benchmarking interview; Silver and Gold an on-site audit.
        "event_name": "Interview" if label.level == Label.Level.BRONZE else "Audit",
        "event_date": label.valid_from.strftime("%d %B %Y"),
        "issued": label.awarded_at.strftime("%d %B %Y"),
        "valid_until": label.valid_until.strftime("%d %B %Y"),
        **_issuer(label),
        "ink": COLOURS[label.level][0],
        "label_svg": _svg(label),
        "qr_svg": qr.getvalue().decode(),
        "verify_url": url,
    }
    return typst.compile(
        str(CERTIFICATE),
        sys_inputs={"cert": json.dumps(data)},
        font_paths=[str(FONT_DIR)],  # Hebrew and Korean names (clusterbench.typefaces)
        ignore_system_fonts=True,
        format="png" if image_ppi else "pdf",
        ppi=image_ppi,
    )


def label_files_zip(label: Label) -> bytes:
    """Every label file in one zip: SVG, PNGs, PDF."""
    svg = _svg(label)
    source = LABEL_PAGE.encode()
    base = f"{label.get_level_display().lower()}-label-{label.valid_until.year}"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{base}.svg", svg)
        for size in PNG_SIZES:
            # The page is 512 pt square: size px needs size / 512 * 72 pixels per inch.
            png = typst.compile(
                source,
                format="png",
                ppi=size * 72 / 512,
                sys_inputs={"svg": svg},
                ignore_system_fonts=True,
            )
            archive.writestr(f"{base}-{size}px.png", png)
        archive.writestr(
            f"{base}.pdf", typst.compile(source, sys_inputs={"svg": svg}, ignore_system_fonts=True)
        )
    return buffer.getvalue()
