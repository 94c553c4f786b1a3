"""The network brief: the aggregated comparison as one plain document, shown as a page,
as a short PDF (Typst) and as CSV, for proposals to policy makers.

Built in the reader's language (the active one): its sentences, the area and indicator
names (the framework's translation), "withheld", the date and the numbers. The CSV's
figures stay machine-readable (a point before the decimals, whatever the language)."""

import datetime as dt
import io
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from clusterbench.analysis.network import IndicatorComparison, NetworkComparison
from clusterbench.languages.formats import language_tag, long_date
from clusterbench.methodology.disclosure import disclosure_policy
from clusterbench.methodology.translations import area_text, indicator_text, unit_text
from clusterbench.reports.charts import radar
from clusterbench.reports.formatting import decimals, number, shown, shown_score
from clusterbench.reports.pdf import typst_pdf
from clusterbench.text import csv_writer

TEMPLATE = Path(__file__).resolve().parent / "typst" / "brief.typ"


def withheld() -> str:
    return pgettext("a peer figure", "withheld")


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
        "Each member with a released benchmarking counts with its latest one as of the "
        "brief's edition; drafts and reports under review never move a figure. A score is a "
        "percentile rank among all benchmarked clusters (higher is better, 50 is the median "
        "cluster); an area score is the mean of a cluster's scores in that area. Every figure "
        "about the network is a median of at least %(least)s benchmarked members, published "
        "under the methodology's disclosure rule (a median that would reveal the lowest or "
        "highest member's value is withheld). The member count above is the whole membership: "
        "the brief never says how many members are benchmarked and shows no member's own "
        "value, and one member alone moves none of the members' figures. Disclosure policy "
        "%(version)s."
    ) % {"least": policy.figures["median"], "version": policy.version}


def _score(value: float | None) -> str:
    return withheld() if value is None else f"{value:.0f}"


def _value(value: float | None, unit: str) -> str:
    return withheld() if value is None else number(shown(value, unit), unit)


def _indicator(item: IndicatorComparison, version: str) -> dict:
    return {
        "code": item.code,
        "name": indicator_text(version, item.code, "name", item.name),
        "network": _value(item.network_median, item.unit),
        "all": _value(item.all_median, item.unit),
        "score": _score(item.network_score),
    }


def _words(network_name: str, members: int, framework: str, date: str, min_peers: int) -> dict:
    """The PDF's own words, whole sentences with their values in place."""
    return {
        "title": _("%(network)s: benchmarking brief") % {"network": network_name},
        "footer": _("benchmarking brief"),
        "subtitle": _("How its member clusters compare with all benchmarked clusters"),
        # The page's sentence (networks/network.html), with the same message.
        "intro": ngettext(
            "The network has %(members)s member cluster. Those with a released benchmarking "
            "are compared, each with its latest, with all benchmarked clusters (methodology "
            "%(framework)s, as of %(date)s).",
            "The network has %(members)s member clusters. Those with a released benchmarking "
            "are compared, each with its latest, with all benchmarked clusters (methodology "
            "%(framework)s, as of %(date)s).",
            members,
        )
        % {"members": members, "framework": framework, "date": date},
        "too_few": _(
            "Fewer than %(min_peers)s members have a released benchmarking, so no figure "
            "about the network is shown: with so few, a member's own results could be "
            "inferred."
        )
        % {"min_peers": min_peers},
        "areas": _("Management areas"),
        "area": _("Area"),
        "scores": _(
            "Median area scores (0-100, higher is better; 50 is the median of all clusters)."
        ),
        "strongest": _("Where the network is strongest"),
        "weakest": _("Where the network is weakest"),
        "indicator": _("Indicator"),
        "network_median": _("Network median"),
        "all_clusters": _("All clusters"),
        "score": _("Score"),
        "none": _("None stands out."),
        "method": _("Method."),
    }


def brief_data(
    *,
    network_name: str,
    members: int,
    comparison: NetworkComparison,
    today: dt.date,
    edition_date: dt.date | None = None,
) -> dict:
    """The brief's content; edition_date: when the members' figures were taken (the
    brief's edition, networks.services.brief_edition)."""
    shown = comparison.shown
    version = comparison.framework_version
    date = long_date(today)
    min_peers = disclosure_policy().min_peers
    areas = [
        {
            "name": area_text(version, area.code, "name", area.name),
            "network": _score(area.network_median),
            "all": _score(area.all_median),
        }
        for area in comparison.areas
    ]
    return {
        "network": network_name,
        "date": date,
        "framework": version,
        "members": members,
        "shown": shown,
        "min_peers": min_peers,
        "areas": areas,
        "strongest": [_indicator(i, version) for i in comparison.strongest],
        "weakest": [_indicator(i, version) for i in comparison.weakest],
        "radar": radar(
            [
                (area["name"], item.network_median)
                for area, item in zip(areas, comparison.areas, strict=True)
            ],
            label=_("Network median"),
            reference=[area.all_median for area in comparison.areas],
            reference_label=_("All benchmarked clusters"),
            title=_(
                "Radar chart: median area scores of the network's members against all "
                "benchmarked clusters"
            ),
            text_size=RADAR_TEXT,
        )
        if shown
        else "",
        "method": method_text(),
        "lang": language_tag(),
        "words": {
            **_words(network_name, members, version, date, min_peers),
            "edition": _edition_words(edition_date) if shown and edition_date else "",
        },
    }


def _edition_words(edition_date: dt.date) -> str:
    return _(
        "The members' figures are those of %(date)s. They are taken anew once more than "
        "%(changes)s of the members' benchmarkings have changed since (a member joining, "
        "leaving, or benchmarked again), so that no one member's results can be read from "
        "a change."
    ) % {"date": long_date(edition_date), "changes": disclosure_policy().max_difference}


def brief_pdf(data: dict) -> bytes:
    return typst_pdf(TEMPLATE, "brief", data)


def csv_columns() -> list[str]:
    """The CSV's header, in the reader's language."""
    return [
        pgettext("a column of the network brief's CSV", "section"),
        pgettext("a column of the network brief's CSV", "code"),
        pgettext("a column of the network brief's CSV", "name"),
        pgettext("a column of the network brief's CSV", "unit"),
        pgettext("a column of the network brief's CSV", "network"),
        pgettext("a column of the network brief's CSV", "all_clusters"),
    ]


def brief_csv(comparison: NetworkComparison) -> str:
    """Every aggregate in one table, its words in the reader's language; withheld figures
    are the word "withheld" (in that language), the others numbers with a decimal point,
    as precise as the page and the reports show them (scores whole, medians in their
    unit's decimals): more decimals would let a reader difference a median moved by one
    member joining."""
    buffer = io.StringIO()
    out = csv_writer(buffer, lineterminator="\n")
    out.writerow(csv_columns())
    version = comparison.framework_version
    score_unit = _("score 0-100")

    def figure(value: float | None, unit: str = "") -> str:
        if value is None:
            return withheld()
        places = decimals(unit) if unit else 0  # no unit: a score 0-100
        return f"{shown(value, unit) if unit else shown_score(value):.{places}f}"

    for area in comparison.areas:
        out.writerow(
            [
                _("area score median"),
                area.code,
                area_text(version, area.code, "name", area.name),
                score_unit,
                figure(area.network_median),
                figure(area.all_median),
            ]
        )
    for item in comparison.indicators:
        name = indicator_text(version, item.code, "name", item.name)
        out.writerow(
            [
                _("indicator median"),
                item.code,
                name,
                unit_text(version, item.code, item.unit),
                figure(item.network_median, item.unit),
                figure(item.all_median, item.unit),
            ]
        )
        if item.direction != "none":
            out.writerow(
                [
                    _("indicator median score"),
                    item.code,
                    name,
                    score_unit,
                    figure(item.network_score),
                    "50",
                ]
            )
    return buffer.getvalue()
