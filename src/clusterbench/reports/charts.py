"""Report charts as SVG (matplotlib, object API, Agg): text kept as text, a colour-blind-safe
palette (Okabe-Ito), readable in print and on screen. Only group summaries are drawn,
never a single peer, and only the figures the disclosure rule publishes."""

from __future__ import annotations

import io
import math

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure

from .formatting import number

BLUE, ORANGE, GREEN, GREY, SKY = "#0072B2", "#E69F00", "#009E73", "#9a9a9a", "#56B4E9"
STYLE = {
    "svg.fonttype": "none",  # text stays text: searchable, selectable, sharp in print
    "svg.hashsalt": "clusterbench",  # identical input, identical SVG
    "font.family": "sans-serif",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.spines.left": False,
}


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def distribution(groups: list[dict], value: float | None, unit: str) -> str:
    """One row per comparison group, drawing only the figures published for it: the
    P10-P90 line, the P25-P75 box, the median bar; the cluster marked.

    groups: dicts with label, shown, note (text for a row without figures) and p10, p25,
    median, p75, p90, each None when withheld. The axis spans only published figures,
    so not even its range depends on a withheld one.
    """
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(6.3, 2.1))
        axes = figure.add_axes((0.27, 0.22, 0.68, 0.7))
        rows = list(reversed(groups))
        published = [
            g[name]
            for g in rows
            if g["shown"]
            for name in ("p10", "p25", "median", "p75", "p90")
            if g[name] is not None
        ]
        known = published + ([value] if value is not None else [])
        low, high = min(known, default=0), max(known, default=1)
        span = (high - low) or max(abs(high), 1)
        axes.set_xlim(low - 0.08 * span, high + 0.08 * span)
        axes.set_ylim(-0.6, len(rows) - 0.4)
        for y, group in enumerate(rows):
            if group.get("note"):
                axes.text(
                    0.5,
                    y,
                    group["note"],
                    transform=axes.get_yaxis_transform(),
                    ha="center",
                    va="center",
                    color=GREY,
                    style="italic",
                )
            if not group["shown"]:
                continue
            if group["p10"] is not None and group["p90"] is not None:
                axes.plot(
                    [group["p10"], group["p90"]],
                    [y, y],
                    color=SKY,
                    linewidth=2,
                    solid_capstyle="butt",
                )
            if group["p25"] is not None and group["p75"] is not None:
                axes.barh(
                    y,
                    group["p75"] - group["p25"],
                    left=group["p25"],
                    height=0.42,
                    color=SKY,
                    edgecolor=BLUE,
                    linewidth=0.8,
                )
            if group["median"] is not None:
                axes.plot([group["median"]] * 2, [y - 0.21, y + 0.21], color=BLUE, linewidth=2.2)
        if value is not None:
            axes.axvline(value, color=ORANGE, linewidth=1.4, linestyle="--")
            marked = [y for y, group in enumerate(rows) if group["shown"]]
            axes.plot(
                [value] * len(marked),
                marked,
                marker="D",
                linestyle="none",
                color=ORANGE,
                markeredgecolor="black",
                markersize=6,
            )
        # Group names as plain text rather than tick labels: ticks are costly to draw and
        # one report draws 36 of these charts.
        axes.set_yticks([])
        for y, group in enumerate(rows):
            axes.text(
                -0.02,
                y,
                group["label"],
                transform=axes.get_yaxis_transform(),
                ha="right",
                va="center",
            )
        axes.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(nbins=5))
        axes.grid(axis="x", color="#e5e5e5", linewidth=0.6)
        axes.set_axisbelow(True)
        axes.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda x, _pos: number(x)))
        if unit:
            axes.set_xlabel(unit, color="#444444")
        return _svg(figure)


def radar(
    areas: list[tuple[str, float | None]],
    *,
    label: str = "This cluster",
    reference: list[float | None] | None = None,
    reference_label: str = "Peer median (50)",
) -> str:
    """Area scores (0-100) against a reference: the peer median (50) unless given."""
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(5.2, 4.2))
        axes = figure.add_axes((0.12, 0.08, 0.76, 0.8), projection="polar")
        labels = [name for name, _ in areas]
        angles = [2 * math.pi * i / len(areas) for i in range(len(areas))]
        closed = angles + angles[:1]
        scores = [score if score is not None else 0 for _, score in areas]
        baseline = [50.0] * len(areas) if reference is None else [x or 0 for x in reference]
        axes.plot(
            closed,
            baseline + baseline[:1],
            color=GREY,
            linestyle="--",
            linewidth=1.2,
            label=reference_label,
        )
        axes.plot(closed, scores + scores[:1], color=BLUE, linewidth=2, label=label)
        axes.fill(closed, scores + scores[:1], color=BLUE, alpha=0.15)
        axes.set_xticks(angles, labels)
        axes.set_ylim(0, 100)
        axes.set_yticks([25, 50, 75, 100], ["25", "50", "75", "100"], color="#666666")
        axes.set_theta_offset(math.pi / 2)
        axes.set_theta_direction(-1)
        axes.legend(loc="upper right", bbox_to_anchor=(1.25, 1.12), frameon=False)
        return _svg(figure)


def readiness(met: int, not_met: int, not_known: int, assessable: int) -> str:
    """The excellence readiness as one stacked bar against the 80 % mark."""
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(6.3, 1.3))
        axes = figure.add_axes((0.05, 0.38, 0.9, 0.42))
        left = 0
        for count, colour, label in (
            (met, GREEN, "met"),
            (not_met, ORANGE, "not met"),
            (not_known, GREY, "not known"),
        ):
            if count:
                axes.barh(0, count, left=left, color=colour, height=0.6, label=label)
                axes.text(
                    left + count / 2,
                    0,
                    str(count),
                    ha="center",
                    va="center",
                    color="white" if colour != GREY else "black",
                    fontweight="bold",
                )
            left += count
        axes.axvline(0.8 * assessable, color="black", linewidth=1.2)
        axes.text(0.8 * assessable, 0.45, "80 %", ha="center", va="bottom")
        axes.set_xlim(0, assessable)
        axes.set_yticks([])
        axes.set_xticks([])
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=3, frameon=False)
        return _svg(figure)
