"""A chart shows a peer figure with the precision of the table beside it, in its text and
in its drawing (METHODOLOGY section 3). A median drawn or described from the unrounded
figure (0.5 where the table says 0) told a reader more than the table, and two versions of
a small group, each read that precisely, pinned a newcomer's value. Pure (no database)."""

import datetime as dt
import functools
import math
import re
import xml.etree.ElementTree as ET

import pytest

from clusterbench.analysis.core import Subject, analyse
from clusterbench.analysis.network import AreaComparison, NetworkComparison
from clusterbench.analysis.peers import PeerStatistics
from clusterbench.analysis.recommendations import catalogue_load
from clusterbench.analysis.values import indicator_values, population_from_answers
from clusterbench.networks.brief import brief_data
from clusterbench.reports import charts
from clusterbench.reports.build import ClusterProfile, ReportInput, report_document
from clusterbench.reports.document import Figure, Table
from clusterbench.reports.formatting import decimals

from .test_report_content import REFERENCE, demo_population, documents, spec

SVG = "{http://www.w3.org/2000/svg}"
FIGURES = ("p10", "p25", "median", "p75", "p90")
CHART_NAMES = {"p10": "P10", "p25": "P25", "median": "median", "p75": "P75", "p90": "P90"}
COLUMN = {name: 2 + i for i, name in enumerate(FIGURES)}  # the table: group, n, figures
# The country group's six peers: three at the low value, three at the high one, so that
# the median (halfway between them) is published and is not a whole number.
FRACTIONAL = {"A3": (0, 1), "V3": (2, 3)}


@functools.cache
def fractional_analysis():
    """A cluster of Serbia whose country group has six peers, their A3 awards 0, 0, 0, 1,
    1, 1 (median 0.5) and their V3 events 2, 2, 2, 3, 3, 3 (median 2.5), beside 24
    demonstration clusters of Croatia; unrounded, as analysis.core returns it."""
    framework = spec()
    subject, *others = demo_population()[:31]
    peers = []
    for i, cluster in enumerate(others):
        values = dict(cluster.benchmarkings[-1].values)
        if i < 6:
            for code, (low, high) in FRACTIONAL.items():
                values[code] = low if i < 3 else high
        peers.append(("food", "RS", values) if i < 6 else ("ict", "HR", values))
    stats = PeerStatistics.build(population_from_answers(framework, peers))
    values = indicator_values(framework, subject.benchmarkings[-1].values)
    return analyse(
        framework, Subject(values, "ict", "ICT", "RS", "RS"), stats, catalogue_load("2026.1")
    )


def fractional_document():
    data = ReportInput(
        framework=spec(),
        cluster=ClusterProfile("Klaster", "Cluster", "RS", "", "ICT", "", 2010, ""),
        identifier="TEST",
        interview_date=REFERENCE,
        expert="Expert",
        snapshot_date=REFERENCE,
        answers={},
        analysis=fractional_analysis(),
    )
    return report_document(data)


def indicator_page(document, code: str) -> tuple[Figure, Table]:
    section = next(s for s in document.sections if s.id == f"indicator-{code}")
    chart = next(b for b in section.blocks if isinstance(b, Figure))
    table = next(b for b in section.blocks if isinstance(b, Table))
    return chart, table


def axis(svg: str):
    """(value at x, drawing units per indicator unit), from the first and last labelled
    ticks of a distribution's axis."""
    ticks = [
        (float(e.get("x")), float(e.text.replace(",", "")))
        for e in ET.fromstring(svg).iter(f"{SVG}text")
        if e.get("font-size") == "10.5" and re.fullmatch(r"-?[\d,]+(\.\d+)?", e.text or "")
    ]
    (x0, v0), (x1, v1) = ticks[0], ticks[-1]
    scale = (x1 - x0) / (v1 - v0)
    return (lambda x: v0 + (x - x0) / scale), scale


def drawn_figures(svg: str) -> list[float]:
    """The x coordinates of every figure drawn: the P10-P90 lines' ends, the boxes' edges,
    the median bars."""
    root = ET.fromstring(svg)
    found = []
    for line in root.iter(f"{SVG}line"):
        if (line.get("stroke"), line.get("stroke-width")) in (("#0072B2", "2.6"), ("#56B4E9", "2")):
            found += [float(line.get("x1")), float(line.get("x2"))]
    for box in root.iter(f"{SVG}rect"):
        if box.get("stroke") == "#0072B2":
            found += [float(box.get("x")), float(box.get("x")) + float(box.get("width"))]
    return found


def distributions():
    """(unit, figure, table, indicator) of every indicator page of the sample reports."""
    for data, document in documents():
        for indicator in data.framework.indicators:
            chart, table = indicator_page(document, indicator.code)
            yield indicator.unit, chart, table, indicator


@pytest.mark.parametrize(("code", "unrounded", "shown"), [("A3", 0.5, "0"), ("V3", 2.5, "2")])
def test_a_fractional_count_median_is_drawn_and_described_as_the_table_shows_it(
    code, unrounded, shown
):
    result = next(r for r in fractional_analysis().indicators if r.code == code)
    country = next(g for g in result.groups if g.kind == "country")
    assert (country.n, country.median) == (6, unrounded)  # the case this test is about
    chart, table = indicator_page(fractional_document(), code)
    row = next(row for row in table.rows if row[0] == "Same country: RS")
    assert row[COLUMN["median"]] == shown
    description = charts.text_of(chart.svg)
    assert f"Same country: RS: median {shown}. This cluster:" in description
    assert str(unrounded) not in description
    at, scale = axis(chart.svg)
    root = ET.fromstring(chart.svg)
    bars = [float(e.get("x1")) for e in root.iter(f"{SVG}line") if e.get("stroke-width") == "2.6"]
    assert at(bars[-1]) == pytest.approx(float(shown), abs=0.15 / scale)  # the country's row


def test_each_chart_says_every_figure_as_its_table_does():
    checked = 0
    for unit, chart, table, indicator in distributions():
        description = charts.text_of(chart.svg)
        for level in indicator.levels or ():
            description = description.replace(f" ({level.label})", "")
        for row in table.rows:
            said = [
                f"{CHART_NAMES[name]} {row[COLUMN[name]]}"
                for name in FIGURES
                if re.fullmatch(r"(EUR )?-?[\d,.]+( %)?", row[COLUMN[name]])
            ]
            if said:
                assert f"{row[0]}: {', '.join(said)}" in description, (indicator.code, unit)
                checked += 1
    assert checked > 100


def test_no_number_in_a_chart_has_more_decimals_than_its_table():
    for unit, chart, _table, indicator in distributions():
        root = ET.fromstring(chart.svg)
        texts = [charts.text_of(chart.svg), *(e.text or "" for e in root.iter(f"{SVG}text"))]
        places = [len(found) for text in texts for found in re.findall(r"\d\.(\d+)", text)]
        assert max(places, default=0) <= decimals(unit), (indicator.code, unit, texts[0])


def test_every_figure_is_drawn_at_its_value_as_the_table_rounds_it():
    for unit, chart, _table, indicator in distributions():
        if indicator.levels:
            continue  # an ordinal axis: its figures are levels and halves of them
        at, scale = axis(chart.svg)
        step = 10.0 ** -decimals(unit)
        for x in drawn_figures(chart.svg):
            value = at(x)
            # Coordinates carry one decimal (a box's right edge is x plus a width, each
            # rounded), and so do the ticks the value is read from.
            off = abs(value - round(value / step) * step)
            assert off <= 0.25 / scale, (indicator.code, unit, value)


def radar_scores(svg: str) -> list[float]:
    """The first series' scores, read from the drawing: each corner's distance from the
    centre against the outer ring's radius."""
    root = ET.fromstring(svg)
    polygons = list(root.iter(f"{SVG}polygon"))

    def corners(polygon):
        return [tuple(map(float, p.split(","))) for p in polygon.get("points").split()]

    ring = corners(next(p for p in polygons if p.get("stroke") == "#bdbdbd"))
    cx = sum(x for x, _ in ring) / len(ring)
    cy = sum(y for _, y in ring) / len(ring)
    radius = math.dist((cx, cy), ring[0])
    shape = corners(next(p for p in polygons if p.get("fill") == "#0072B2"))
    return [100 * math.dist((cx, cy), corner) / radius for corner in shape], radius


def test_every_radar_draws_the_whole_area_scores_its_text_gives():
    radars = [
        block
        for _data, document in documents()
        for section in document.sections
        for block in section.blocks
        if isinstance(block, Figure) and "Radar chart" in charts.text_of(block.svg)
    ]
    assert radars
    for radar in radars:
        scores, radius = radar_scores(radar.svg)
        for score in scores:
            assert abs(score - round(score)) <= 100 * 0.08 / radius, scores
        assert not re.search(r"\d\.\d", charts.text_of(radar.svg))


def test_the_network_briefs_radar_draws_the_whole_scores_of_its_table():
    areas = tuple(
        AreaComparison(code, code, network, everyone)
        for code, network, everyone in (("S", 43.75, 50.4), ("M", 61.5, 49.6), ("F", 38.2, 52.5))
    )
    comparison = NetworkComparison("2026.1", "2026.1", True, areas, (), (), ())
    data = brief_data(
        network_name="Network", members=8, comparison=comparison, today=dt.date(2026, 1, 1)
    )
    assert [a["network"] for a in data["areas"]] == ["44", "62", "38"]
    scores, radius = radar_scores(data["radar"])
    assert scores == pytest.approx([44, 62, 38], abs=100 * 0.08 / radius)
    assert "S 44, M 62, F 38" in charts.text_of(data["radar"])
