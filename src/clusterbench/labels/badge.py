"""The label as an SVG image: for the badge URL and the label files."""

from xml.sax.saxutils import escape

COLOURS = {
    "bronze": ("#8c5a2b", "#f3e2cf"),
    "silver": ("#5f6670", "#eceff2"),
    "gold": ("#8a6d00", "#fbf0c4"),
    "none": ("#6b6b6b", "#f1f1f1"),
    "revoked": ("#8f1d1d", "#fbeaea"),
}
TITLES = {"none": "No valid label", "revoked": "Revoked label"}


def label_svg(*, level: str, motto: str, valid_until_year: int | None, size: int = 512) -> str:
    """A square label: the level, the motto and the valid-until year, text kept as text.
    level "none" or "revoked" draws what a page embedding the badge shows when the cluster
    holds no valid label."""
    ink, paper = COLOURS.get(level, COLOURS["none"])
    title = TITLES.get(level, f"{level.capitalize()} Label")
    until = f"valid until {valid_until_year}" if valid_until_year else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 512 512" role="img" aria-label="{escape(title)} {escape(until)}">'
        f'<circle cx="256" cy="256" r="246" fill="{paper}" stroke="{ink}" stroke-width="14"/>'
        f'<circle cx="256" cy="256" r="214" fill="none" stroke="{ink}" stroke-width="3"/>'
        f'<text x="256" y="150" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif"'
        f' font-size="24" fill="{ink}" letter-spacing="2">CLUSTER EXCELLENCE</text>'
        f'<text x="256" y="250" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif"'
        f' font-size="62" font-weight="bold" fill="{ink}">{escape(title.split()[0].upper())}'
        f"</text>"
        f'<text x="256" y="300" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif"'
        f' font-size="30" fill="{ink}">{escape(" ".join(title.split()[1:]).upper())}</text>'
        f'<text x="256" y="350" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif"'
        f' font-size="20" font-style="italic" fill="{ink}">{escape(motto)}</text>'
        f'<text x="256" y="410" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif"'
        f' font-size="26" fill="{ink}">{escape(until)}</text>'
        "</svg>"
    )
