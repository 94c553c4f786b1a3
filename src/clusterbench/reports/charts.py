"""Report charts as SVG written directly from the data: no plotting library, the same bytes
in the HTML page and the PDF, text kept as text in the report's fonts (Noto Sans, then its
fallbacks for Hebrew and Korean: clusterbench.typefaces), a colour-blind-safe palette
(Okabe-Ito).

Every label is measured with the fonts' own advance widths (fonts.text_width) and the
drawing is laid out around it, so a label is never clipped: long group names wrap, the
radar's ring shrinks until its labels fit outside it, ordinal axes name their levels.
Each chart is an image for assistive technology (role="img", a <title> and a <desc>); the
description is a plain-text account of the figures drawn, also returned by the *_text
functions (and by text_of) for use as alternative text elsewhere.

Only group summaries are drawn, never a single peer, and only the figures the disclosure
rule publishes: a group with only its median published shows only the median mark. The
figures are drawn and written exactly as given, which is as the report's tables show them
(reports.build.as_shown); scores on a radar are whole numbers, as its text gives them.
"""

from __future__ import annotations

import hashlib
import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from clusterbench.languages.formats import decimal_text
from clusterbench.typefaces import SVG_STACK

from .fonts import ASCENT_EM as ASCENT
from .fonts import DESCENT_EM as DESCENT
from .fonts import text_width, wrap
from .formatting import amount, decimals, figure, not_known, number, shown_score

BLUE, ORANGE, GREEN, GREY, SKY = "#0072B2", "#E69F00", "#009E73", "#767676", "#56B4E9"
INK, MUTED, GRID = "#1a1a1a", "#555555", "#e3e3e3"
LABEL, TICK = 12.0, 10.5  # font sizes, in the SVG's units (its width is WIDTH)
LINE = 1.3  # line height, in em
PAD = 6.0
WIDTH = 640.0
FIGURES = ("p10", "p25", "median", "p75", "p90")


def _figure_names() -> dict[str, str]:
    return {
        "p10": "P10",
        "p25": "P25",
        "median": pgettext("a figure on a chart", "median"),
        "p75": "P75",
        "p90": "P90",
    }


def _n(value: float) -> str:
    """A coordinate: one decimal at most, so equal input gives equal bytes."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@dataclass
class _Canvas:
    """SVG elements collected in drawing order; texts are measured as they are placed."""

    elements: list[str]

    def line(self, x1, y1, x2, y2, colour, width=1.0, dash=""):
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        self.elements.append(
            f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
            f'stroke="{colour}" stroke-width="{_n(width)}"{extra}/>'
        )

    def rect(self, x, y, w, h, fill, stroke="", width=1.0):
        extra = f' stroke="{stroke}" stroke-width="{_n(width)}"' if stroke else ""
        self.elements.append(
            f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" fill="{fill}"{extra}/>'
        )

    def polygon(self, points, fill="none", stroke="", width=1.0, dash="", opacity=1.0):
        coordinates = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
        extra = f' stroke="{stroke}" stroke-width="{_n(width)}"' if stroke else ""
        extra += f' stroke-dasharray="{dash}"' if dash else ""
        extra += f' fill-opacity="{opacity}"' if opacity != 1.0 else ""
        self.elements.append(f'<polygon points="{coordinates}" fill="{fill}"{extra}/>')

    def text(self, x, y, content, size=LABEL, anchor="start", colour=INK, bold=False):
        """content with its baseline at y."""
        extra = ' font-weight="bold"' if bold else ""
        extra += f' text-anchor="{anchor}"' if anchor != "start" else ""
        self.elements.append(
            f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" fill="{colour}"{extra}>'
            f"{html.escape(content, quote=False)}</text>"
        )


def _svg(canvas: _Canvas, width: float, height: float, title: str, description: str) -> str:
    body = "".join(canvas.elements)
    key = hashlib.sha1(f"{title}\n{description}\n{body}".encode()).hexdigest()[:10]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'width="{_n(width)}" height="{_n(height)}" role="img" '
        f'aria-labelledby="chart-{key}-title chart-{key}-desc" '
        f'font-family="{SVG_STACK}">'
        f'<title id="chart-{key}-title">{html.escape(title, quote=False)}</title>'
        f'<desc id="chart-{key}-desc">{html.escape(description, quote=False)}</desc>'
        f"{body}</svg>"
    )


_DESC = re.compile(r"<desc\b[^>]*>(.*?)</desc>", re.S)


def text_of(svg: str) -> str:
    """A chart's plain-text alternative (its <desc>), e.g. for a PDF figure's alt text."""
    found = _DESC.search(svg or "")
    return html.unescape(found.group(1)) if found else ""


def _legend(canvas: _Canvas, items, top: float, width: float, size: float = LABEL) -> float:
    """Legend entries (label, colour, style: "line", "dashed" or "box") in rows that wrap
    within width, centred; returns the height used. Each entry is measured, so entries
    never overlap."""
    swatch, gap, between = 18.0, 5.0, 16.0
    entries = [
        (label, colour, dashed, swatch + gap + text_width(label, size))
        for label, colour, dashed in items
    ]
    rows: list[list] = [[]]
    for entry in entries:
        used = sum(e[3] for e in rows[-1]) + between * len(rows[-1])
        if rows[-1] and used + entry[3] > width - 2 * PAD:
            rows.append([])
        rows[-1].append(entry)
    y = top
    for row in rows:
        total = sum(e[3] for e in row) + between * (len(row) - 1)
        x = (width - total) / 2
        baseline = y + ASCENT * size
        for label, colour, style, used in row:
            middle = baseline - 0.35 * size
            if style == "box":
                canvas.rect(x + 4, middle - 5, 10, 10, colour)
            else:
                canvas.line(
                    x, middle, x + swatch, middle, colour, 2.5, "4 3" if style == "dashed" else ""
                )
            canvas.text(x + swatch + gap, baseline, label, size)
            x += used + between
        y += LINE * size
    return y - top


# --- distribution rows -----------------------------------------------------------------


def _nice_step(span: float, target: int, places: int) -> float:
    """A round step giving about target ticks, with at most places decimals: a tick has no
    more decimals than the figures on its axis (a count's ticks are whole)."""
    raw = span / max(target, 1)
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    least = 10.0**-places
    for step in (m * magnitude for m in (1, 2, 2.5, 5, 10)):
        # 2.5 of the last decimal (0.25 where figures have one) would add a decimal.
        if step >= raw and abs(step / least - round(step / least)) < 1e-9:
            return step
    return least  # a span narrower than the unit's last decimal


def _ticks(low: float, high: float, places: int) -> list[float]:
    step = _nice_step(high - low, 5, places)
    first = math.ceil(low / step - 1e-9) * step
    ticks = []
    value = first
    while value <= high + 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def distribution_text(
    groups: list[dict],
    value: float | None,
    unit: str = "",
    *,
    levels: Sequence | None = None,
    title: str = "",
) -> str:
    """The chart's figures in words, exactly those drawn, each written as the report's
    tables write it (formatting.amount: the unit's decimals, no more)."""
    names = {float(v): name for v, name in _levels(levels)}
    figure_names = _figure_names()

    def say(x: float) -> str:
        text = amount(x, unit)
        if float(x) in names:
            return f"{text} ({names[float(x)]})"
        return text

    parts = []
    for group in groups:
        if group.get("note") and not any(group.get(name) is not None for name in FIGURES):
            parts.append(f"{group['label']}: {group['note']}")
            continue
        shown = [
            f"{figure_names[name]} {say(group[name])}"
            for name in FIGURES
            if group.get("shown") and group.get(name) is not None
        ]
        parts.append(f"{group['label']}: " + (", ".join(shown) if shown else _("figures withheld")))
    # The cluster's value with its unit, as the page's facts give it; a level with its name.
    own = not_known() if value is None else say(value) if unit == "level" else figure(value, unit)
    lead = (
        _("Distribution among peers: %(title)s. ") % {"title": title}
        if title
        else _("Distribution among peers. ")
    )
    return lead + "; ".join(parts) + ". " + _("This cluster: %(value)s.") % {"value": own}


def _levels(levels) -> list[tuple[float, str]]:
    """[(value, label)] from the framework's levels (objects or dicts)."""
    found = []
    for level in levels or ():
        if isinstance(level, dict):
            found.append((float(level["value"]), str(level["label"])))
        else:
            found.append((float(level.value), str(level.label)))
    return sorted(found)


def distribution(
    groups: list[dict],
    value: float | None,
    unit: str = "",
    *,
    levels: Sequence | None = None,
    whole: bool = False,
    title: str = "",
    unit_name: str | None = None,
) -> str:
    """One row per comparison group, drawing only the figures published for it: the
    P10-P90 line, the P25-P75 box, the median bar; the cluster marked with a diamond.

    groups: dicts with label, shown, note (text for a row without figures) and p10, p25,
    median, p75, p90, each None when withheld, as the report shows them (build.as_shown:
    the unit's decimals), so that neither the drawing nor its text says more than the
    table. levels: an ordinal indicator's levels (the axis then names them and spans them
    all); whole: a count (whole-number ticks). A numeric axis spans only published figures
    and the cluster's value, so not even its range depends on a withheld one, and the
    cluster's diamond, placed by its own value on that axis, tells nothing more of them.
    """
    canvas = _Canvas([])
    scale_levels = _levels(levels)
    # Group labels: wrapped to at most a third of the width, the column as wide as needed.
    label_limit = WIDTH * 0.34
    labels = [wrap(g["label"], LABEL, label_limit) for g in groups]
    label_width = max((text_width(line, LABEL) for lines in labels for line in lines), default=0)

    if scale_levels:
        low, high = scale_levels[0][0] - 0.5, scale_levels[-1][0] + 0.5
        ticks = [v for v, _ in scale_levels]
        tick_names = {v: name for v, name in scale_levels}
    else:
        published = [
            g[name] for g in groups if g.get("shown") for name in FIGURES if g.get(name) is not None
        ]
        known = [float(x) for x in published] + ([float(value)] if value is not None else [])
        low, high = min(known, default=0.0), max(known, default=1.0)
        span = (high - low) or max(abs(high), 1.0)
        low, high = low - 0.06 * span, high + 0.06 * span
        if whole:
            low, high = math.floor(low), math.ceil(high)
        ticks = _ticks(low, high, 0 if whole else decimals(unit))
        tick_names = {t: number(t) for t in ticks}

    plot_left = PAD + label_width + 12
    if scale_levels:
        plot_right = WIDTH - PAD
        slot = (plot_right - plot_left) / (high - low)
        tick_lines = {t: wrap(tick_names[t], TICK, slot - 6) for t in ticks}
    else:
        tick_lines = {t: [tick_names[t]] for t in ticks}
        first = text_width(tick_names[ticks[0]], TICK) / 2 if ticks else 0
        last = text_width(tick_names[ticks[-1]], TICK) / 2 if ticks else 0
        plot_right = WIDTH - PAD - last
        plot_left = max(plot_left, PAD + first)
        if ticks:  # a tick label must not reach past the plot's ends
            span_px = plot_right - plot_left
            scale = span_px / (high - low)
            overshoot_left = first - (ticks[0] - low) * scale
            overshoot_right = last - (high - ticks[-1]) * scale
            plot_left += max(0.0, overshoot_left)
            plot_right -= max(0.0, overshoot_right)

    def x_of(v: float) -> float:
        return plot_left + (float(v) - low) / (high - low) * (plot_right - plot_left)

    top = PAD
    rows = []
    y = top
    for lines in labels:
        height = max(30.0, len(lines) * LINE * LABEL + 10)
        rows.append((y, height))
        y += height
    axis_y = y + 4
    # Grid and axis.
    for t in ticks:
        canvas.line(x_of(t), top, x_of(t), axis_y, GRID, 0.8)
    canvas.line(plot_left, axis_y, plot_right, axis_y, MUTED, 0.8)
    tick_bottom = axis_y
    for t in ticks:
        canvas.line(x_of(t), axis_y, x_of(t), axis_y + 4, MUTED, 0.8)
        for i, text in enumerate(tick_lines[t]):
            baseline = axis_y + 6 + ASCENT * TICK + i * LINE * TICK
            canvas.text(x_of(t), baseline, text, TICK, "middle", MUTED)
            tick_bottom = max(tick_bottom, baseline + DESCENT * TICK)
    bottom = tick_bottom
    axis_title = "" if scale_levels else (unit if unit_name is None else unit_name)
    if axis_title:
        baseline = bottom + 4 + ASCENT * TICK
        canvas.text((plot_left + plot_right) / 2, baseline, axis_title, TICK, "middle", MUTED)
        bottom = baseline + DESCENT * TICK

    for group, lines, (row_top, height) in zip(groups, labels, rows, strict=True):
        middle = row_top + height / 2
        first_baseline = middle - (len(lines) - 1) * LINE * LABEL / 2 + 0.35 * LABEL
        for i, line in enumerate(lines):
            canvas.text(plot_left - 12, first_baseline + i * LINE * LABEL, line, anchor="end")
        drawn = group.get("shown") and any(group.get(name) is not None for name in FIGURES)
        if group.get("note") and not drawn:
            note_lines = wrap(group["note"], TICK, plot_right - plot_left - 8)
            centre = (plot_left + plot_right) / 2
            note_top = middle - (len(note_lines) - 1) * LINE * TICK / 2 + 0.35 * TICK
            for i, line in enumerate(note_lines):
                canvas.text(centre, note_top + i * LINE * TICK, line, TICK, "middle", GREY)
        if not group.get("shown"):
            continue
        p10, p25, median, p75, p90 = (group.get(name) for name in FIGURES)
        if p10 is not None and p90 is not None:
            canvas.line(x_of(p10), middle, x_of(p90), middle, SKY, 2.0)
        if p25 is not None and p75 is not None:
            canvas.rect(x_of(p25), middle - 7, x_of(p75) - x_of(p25), 14, SKY, BLUE, 0.8)
        if median is not None:
            canvas.line(x_of(median), middle - 9, x_of(median), middle + 9, BLUE, 2.6)
    if value is not None:
        x = x_of(value)
        canvas.line(x, top, x, axis_y, ORANGE, 1.4, "5 3")
        for group, (row_top, height) in zip(groups, rows, strict=True):
            if group.get("shown"):
                middle = row_top + height / 2
                diamond = ((x, middle - 6), (x + 6, middle), (x, middle + 6), (x - 6, middle))
                canvas.polygon(diamond, ORANGE, INK, 0.8)
    description = distribution_text(groups, value, unit, levels=levels, title=title)
    return _svg(canvas, WIDTH, bottom + PAD, title or _("Distribution among peers"), description)


# --- radar -----------------------------------------------------------------------------


def radar_text(
    axes: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], title: str = ""
) -> str:
    parts = []
    for label, values in series:
        shown = ", ".join(
            f"{name} {_('no score') if v is None else number(shown_score(v))}"
            for name, v in zip(axes, values, strict=True)
        )
        parts.append(f"{label}: {shown}")
    radar_chart = _("Radar chart")
    if not title:
        named = radar_chart
    elif title.lower().startswith(radar_chart.lower()):
        named = title
    else:
        named = _("Radar chart: %(title)s") % {"title": title}
    lead = _("%(chart)s (scores 0 to 100). ") % {"chart": named}
    return lead + "; ".join(parts) + "."


def radar_chart(
    axes: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    title: str | None = None,
    text_size: float = LABEL,
) -> str:
    """Scores 0-100 on one spoke per axis, for one or two series: the first is drawn as a
    filled blue shape (the subject: this cluster, or "now"), the second as a dashed grey
    outline (the reference: the peers, or "then"). Axis labels sit outside the outer ring,
    the ring as large as the labels allow; the legend has its own band below the chart.
    text_size is the labels' and legend's size in the chart's units (the scale's numbers
    in proportion): a chart drawn smaller than its width, as on a page beside a table,
    needs larger text to read as large as the text around it."""
    if not 1 <= len(series) <= 2:
        raise ValueError("a radar draws one or two series")
    # Drawn as its text gives the scores, whole: a shape drawn from 43.75 where the text
    # says 44 would give a reader the decimals the text leaves out.
    series = [(label, [shown_score(v) for v in values]) for label, values in series]
    title = _("Area scores") if title is None else title
    width = 460.0  # drawn at three quarters of the text width: labels as large as elsewhere
    count = len(axes)
    angles = [2 * math.pi * i / count for i in range(count)]  # clockwise from the top
    label_limit = 120.0 * max(1.0, text_size / LABEL) ** 0.5
    lines = [wrap(name, text_size, label_limit) for name in axes]
    gap = 8.0
    # The largest ring radius whose labels all fit across the width.
    radius = 150.0
    half = width / 2 - PAD
    for angle, label_lines in zip(angles, lines, strict=True):
        w = max(text_width(line, text_size) for line in label_lines)
        s = math.sin(angle)
        if abs(s) < 0.2:  # centred above or below the chart
            radius = min(radius, half - gap)
            continue
        radius = min(radius, (half - w) / abs(s) - gap)
    radius = max(radius, 60.0)

    def point(angle: float, r: float) -> tuple[float, float]:
        return (r * math.sin(angle), -r * math.cos(angle))

    # Lay out around (0, 0), then shift down so that the top label fits.
    placed = []  # (x, baseline, text, anchor)
    top_extent, bottom_extent = -radius, radius
    for angle, label_lines in zip(angles, lines, strict=True):
        x, y = point(angle, radius + gap)
        s, c = math.sin(angle), math.cos(angle)
        anchor = "middle" if abs(s) < 0.2 else ("start" if s > 0 else "end")
        block = len(label_lines) * LINE * text_size
        if c > 0.5:  # upper labels end just above their spoke's end
            first = y - block + ASCENT * text_size
        elif c < -0.5:
            first = y + ASCENT * text_size
        else:
            first = y - block / 2 + ASCENT * text_size
        for i, line in enumerate(label_lines):
            baseline = first + i * LINE * text_size
            placed.append((x, baseline, line, anchor))
            top_extent = min(top_extent, baseline - ASCENT * text_size)
            bottom_extent = max(bottom_extent, baseline + DESCENT * text_size)
    cx, cy = width / 2, PAD - top_extent
    canvas = _Canvas([])
    for step in (25, 50, 75, 100):
        ring = [point(a, radius * step / 100) for a in angles]
        canvas.polygon(
            [(cx + x, cy + y) for x, y in ring], "none", GRID if step < 100 else "#bdbdbd", 0.8
        )
    for angle in angles:
        x, y = point(angle, radius)
        canvas.line(cx, cy, cx + x, cy + y, GRID, 0.8)
    styles = [(BLUE, "", 0.18, 2.2), (GREY, "5 3", 0.0, 1.6)]
    for (_label, values), (colour, dash, opacity, stroke) in reversed(
        list(zip(series, styles, strict=False))
    ):
        shape = [
            point(a, radius * max(0.0, min(100.0, v or 0.0)) / 100)
            for a, v in zip(angles, values, strict=True)
        ]
        shifted = [(cx + x, cy + y) for x, y in shape]
        canvas.polygon(shifted, colour if opacity else "none", colour, stroke, dash, opacity)
    # The scale, over the shapes, just inside the top spoke and below each ring.
    scale_size = 9.0 * text_size / LABEL
    for step in (25, 50, 75, 100):
        canvas.text(
            cx + 4,
            cy - radius * step / 100 + scale_size + 2.5,
            str(step),
            scale_size,
            "start",
            MUTED,
        )
    for x, baseline, text, anchor in placed:
        canvas.text(cx + x, cy + baseline, text, text_size, anchor)
    legend_top = cy + bottom_extent + 10
    items = [
        (label, colour, "dashed" if dash else "line")
        for (label, _), (colour, dash, _, _) in zip(series, styles, strict=False)
    ]
    used = _legend(canvas, items, legend_top, width, text_size)
    description = radar_text(axes, series, title)
    return _svg(canvas, width, legend_top + used + PAD, title, description)


def radar(
    areas: list[tuple[str, float | None]],
    *,
    label: str | None = None,
    reference: list[float | None] | None = None,
    reference_label: str | None = None,
    title: str | None = None,
    text_size: float = LABEL,
) -> str:
    """Area scores (0-100) against a reference: the peer median (50) unless given; an
    empty reference ([]) draws the scores alone. The labels are in the active language
    unless given."""
    label = _("This cluster") if label is None else label
    reference_label = _("Peer median (50)") if reference_label is None else reference_label
    names = [name for name, _ in areas]
    series = [(label, [score for _, score in areas])]
    if reference is None:
        series.append((reference_label, [50.0] * len(areas)))
    elif reference:
        series.append((reference_label, list(reference)))
    return radar_chart(names, series, title=title, text_size=text_size)


# --- excellence readiness --------------------------------------------------------------


def readiness_text(met: int, not_met: int, not_known: int, assessable: int) -> str:
    return _(
        "Excellence readiness bar: %(met)s quality indicators met, %(not_met)s not met, "
        "%(not_known)s not known, of %(assessable)s assessable; the Gold Label needs 80 %% "
        "(%(needed)s)."
    ) % {
        "met": met,
        "not_met": not_met,
        "not_known": not_known,
        "assessable": assessable,
        "needed": decimal_text(0.8 * assessable, 1),
    }


def readiness(met: int, not_met: int, not_known: int, assessable: int) -> str:
    """The excellence readiness as one stacked bar against the 80 % mark."""
    canvas = _Canvas([])
    total = max(assessable, met + not_met + not_known, 1)
    left, right = PAD, WIDTH - PAD
    bar_top, bar_height = PAD + LINE * TICK + 6, 28.0

    def x_of(count: float) -> float:
        return left + count / total * (right - left)

    segments = (
        (met, GREEN, "white", pgettext("a quality indicator", "met")),
        (not_met, ORANGE, INK, pgettext("a quality indicator", "not met")),
    )
    segments += ((not_known, "#bdbdbd", INK, pgettext("a quality indicator", "not known")),)
    mark = x_of(0.8 * assessable)
    start = 0
    for count, fill, ink, _name in segments:
        if count:
            x0, x1 = x_of(start), x_of(start + count)
            canvas.rect(x0, bar_top, x1 - x0, bar_height, fill)
            text = str(count)
            needed = text_width(text, LABEL, bold=True) + 6
            # The count in its segment, clear of the 80 % mark: beside it when the mark
            # crosses the segment; left out (the legend has it) when it does not fit.
            parts = [(x0, x1)] if not x0 < mark < x1 else [(x0, mark - 2), (mark + 2, x1)]
            room = max(parts, key=lambda part: part[1] - part[0])
            if room[1] - room[0] >= needed:
                baseline = bar_top + bar_height / 2 + 0.35 * LABEL
                canvas.text((room[0] + room[1]) / 2, baseline, text, LABEL, "middle", ink, True)
        start += count
    canvas.line(mark, bar_top - 4, mark, bar_top + bar_height + 4, INK, 1.4)
    label = "80 %"
    half = text_width(label, TICK) / 2
    canvas.text(min(max(mark, left + half), right - half), bar_top - 6, label, TICK, "middle", INK)
    items = [(f"{name} ({count})", fill, "box") for count, fill, _, name in segments]
    used = _legend(canvas, items, bar_top + bar_height + 10, WIDTH)
    height = bar_top + bar_height + 10 + used + PAD
    return _svg(
        canvas,
        WIDTH,
        height,
        _("Excellence readiness"),
        readiness_text(met, not_met, not_known, assessable),
    )
