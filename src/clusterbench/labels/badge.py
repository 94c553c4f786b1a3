"""The label as an SVG image, for the badge URL and the label files, with its words in the
active language (the reader's)."""

from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import Label

COLOURS = {
    "bronze": ("#8c5a2b", "#f3e2cf"),
    "silver": ("#5f6670", "#eceff2"),
    "gold": ("#8a6d00", "#fbf0c4"),
    "none": ("#6b6b6b", "#f1f1f1"),
    "revoked": ("#8f1d1d", "#fbeaea"),
}


def _title(level: str) -> tuple[str, str]:
    """The label's name in two lines: the level (large) and the rest."""
    titles = {
        "bronze": (_("Bronze"), _("Label")),
        "silver": (_("Silver"), _("Label")),
        "gold": (_("Gold"), _("Label")),
        "revoked": (pgettext("a badge's first line", "Revoked"), _("Label")),
    }
    return titles.get(level) or (
        pgettext("a badge's first line", "No"),
        pgettext("a badge's second line", "valid label"),
    )


def _accessible_name(level: str | None, status: str | None, valid_until_year: int | None) -> str:
    """What assistive technology announces: one whole phrase for each case, naming the
    label's level wherever there is one (the drawing says "Revoked" or "No valid label")."""
    name = str(Label.Level(level).label) if level in Label.Level.values else None
    if name is None:
        return pgettext("a badge's accessible name", "No valid label")
    if status == "revoked":
        return pgettext("a badge's accessible name", "%(level)s Label, revoked") % {"level": name}
    if status == "expired":
        return pgettext(
            "a badge's accessible name", "No valid label; the %(level)s Label has expired"
        ) % {"level": name}
    if valid_until_year:
        return pgettext("a badge's accessible name", "%(level)s Label, valid until %(year)s") % {
            "level": name,
            "year": valid_until_year,
        }
    return _("%(level)s Label") % {"level": name}


def label_svg(
    *,
    level: str | None,
    motto: str,
    valid_until_year: int | None,
    status: str | None = "valid",
    size: int = 512,
) -> str:
    """A square label: the level, the motto and the valid-until year, text kept as text.
    status is the label's (valid, expired or revoked; None: the cluster was never
    labelled): a label that is not valid draws what a page embedding the badge shows when
    the cluster holds no valid label ("Revoked label", "No valid label"), and its
    accessible name says which label that was."""
    drawn = level if status == "valid" else "revoked" if status == "revoked" else "none"
    ink, paper = COLOURS.get(drawn, COLOURS["none"])
    first, second = _title(drawn)
    until = _("valid until %(year)s") % {"year": valid_until_year} if valid_until_year else ""
    excellence = _("Cluster excellence").upper()
    name = _accessible_name(level, status, valid_until_year)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 512 512" role="img" '
        f"aria-label={quoteattr(name)}>"
        f'<circle cx="256" cy="256" r="246" fill="{paper}" stroke="{ink}" stroke-width="14"/>'
        f'<circle cx="256" cy="256" r="214" fill="none" stroke="{ink}" stroke-width="3"/>'
        f'<text x="256" y="150" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif"'
        f' font-size="24" fill="{ink}" letter-spacing="2">{escape(excellence)}'
        f"</text>"
        f'<text x="256" y="250" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif"'
        f' font-size="62" font-weight="bold" fill="{ink}">{escape(first.upper())}'
        f"</text>"
        f'<text x="256" y="300" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif"'
        f' font-size="30" fill="{ink}">{escape(second.upper())}</text>'
        f'<text x="256" y="350" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif"'
        f' font-size="20" font-style="italic" fill="{ink}">{escape(motto)}</text>'
        f'<text x="256" y="410" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif"'
        f' font-size="26" fill="{ink}">{escape(until)}</text>'
        "</svg>"
    )
