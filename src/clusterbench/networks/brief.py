"""The network brief: the aggregated comparison as one plain document, shown as a page,
as a short PDF (Typst) and as CSV, for proposals to policy makers."""

import datetime as dt
import io
from pathlib import Path

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from clusterbench.analysis.network import IndicatorComparison, NetworkComparison
from clusterbench.methodology.disclosure import disclosure_policy
from clusterbench.reports.charts import radar
from clusterbench.reports.formatting import number
from clusterbench.reports.pdf import typst_pdf
from clusterbench.text import csv_writer

TEMPLATE = Path(__file__).resolve().parent / "typst" / "brief.typ"
WITHHELD = "withheld"
# The radar is drawn narrower than its 460 units (beside the area table: 358 px on a 390 px
# phone, about 440 px on a laptop, three fifths of the PDF's text width), so its text is
# larger than the report's 12 units: at 17 the area names read at 0.83 of the page's text
# on a phone and about as large as it on a laptop, and at 10 pt in the PDF.
RADAR_TEXT = 17.0


def method_text() -> str:
    """What the brief's figures are, in the active language. The network's member count is
    its membership, benchmarked or not; how many members are benchmarked is never said,
    since that count would move with one member's status."""
    policy = disclosure_policy()
    return _(
        "Each member with a released benchmarking counts with its latest one; drafts and "
        "reports under review never move a figure. A score is a percentile rank among all "
        "benchmarked clusters (higher is better, 50 is the median cluster); an area score is "
        "the mean of a cluster's scores in that area. Every figure about the network is a "
        "median of at least %(least)s benchmarked members, published under the methodology's "
        "disclosure rule (a median that would reveal the lowest or highest member's value is "
        "withheld). The member count above is the whole membership: the brief never says how "
        "many members are benchmarked and shows no member's own value, so one member alone "
        "moves nothing but a median. Disclosure policy %(version)s."
    ) % {"least": policy.figures["median"], "version": policy.version}


def _score(value: float | None) -> str:
    return WITHHELD if value is None else f"{value:.0f}"


def _value(value: float | None, unit: str) -> str:
    return WITHHELD if value is None else number(value, unit)


def _indicator(item: IndicatorComparison) -> dict:
    return {
        "code": item.code,
        "name": item.name,
        "network": _value(item.network_median, item.unit),
        "all": _value(item.all_median, item.unit),
        "score": _score(item.network_score),
    }


def brief_data(
    *, network_name: str, members: int, comparison: NetworkComparison, today: dt.date
) -> dict:
    shown = comparison.shown
    return {
        "network": network_name,
        "date": date_format(today, "j F Y"),
        "framework": comparison.framework_version,
        "members": members,
        "shown": shown,
        "min_peers": disclosure_policy().min_peers,
        "areas": [
            {
                "name": area.name,
                "network": _score(area.network_median),
                "all": _score(area.all_median),
            }
            for area in comparison.areas
        ],
        "strongest": [_indicator(i) for i in comparison.strongest],
        "weakest": [_indicator(i) for i in comparison.weakest],
        "radar": radar(
            [(area.name, area.network_median) for area in comparison.areas],
            label="Network median",
            reference=[area.all_median for area in comparison.areas],
            reference_label="All benchmarked clusters",
            title="Radar chart: median area scores of the network's members against all "
            "benchmarked clusters",
            text_size=RADAR_TEXT,
        )
        if shown
        else "",
        "method": method_text(),
    }


def brief_pdf(data: dict) -> bytes:
    return typst_pdf(TEMPLATE, "brief", data)


CSV_COLUMNS = ["section", "code", "name", "unit", "network", "all_clusters"]


def brief_csv(comparison: NetworkComparison) -> str:
    """Every aggregate in one table; withheld figures are the word "withheld"."""
    buffer = io.StringIO()
    out = csv_writer(buffer, lineterminator="\n")
    out.writerow(CSV_COLUMNS)

    def figure(value: float | None) -> str:
        return WITHHELD if value is None else f"{value:.2f}"

    for area in comparison.areas:
        out.writerow(
            [
                "area score median",
                area.code,
                area.name,
                "score 0-100",
                figure(area.network_median),
                figure(area.all_median),
            ]
        )
    for item in comparison.indicators:
        out.writerow(
            [
                "indicator median",
                item.code,
                item.name,
                item.unit,
                figure(item.network_median),
                figure(item.all_median),
            ]
        )
        if item.direction != "none":
            out.writerow(
                [
                    "indicator median score",
                    item.code,
                    item.name,
                    "score 0-100",
                    figure(item.network_score),
                    "50.00",
                ]
            )
    return buffer.getvalue()
