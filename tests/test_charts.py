"""The report's charts: SVG written from the data in the report's one font, every label
inside the drawing, the axes in the indicator's own terms, the same bytes in the HTML page
and the PDF's input, and a plain-text account for screen readers and alternative text."""

import json
import re
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest

from clusterbench.reports import charts
from clusterbench.reports.document import Document, Figure, Section
from clusterbench.reports.fonts import (
    ASCENT_EM,
    CAP_HEIGHT_EM,
    DESCENT_EM,
    METRICS,
    generate,
    text_width,
    wrap,
)
from clusterbench.reports.html import render_html

SVG = "{http://www.w3.org/2000/svg}"
LONG = "Same portfolio: Energy and environment, renewable sources and storage"
LEVELS = [
    SimpleNamespace(value=0, label="None"),
    SimpleNamespace(value=1, label="Informed"),
    SimpleNamespace(value=2, label="Consulted"),
    SimpleNamespace(value=3, label="Represented on the board"),
    SimpleNamespace(value=4, label="Board elected by participants with decision rights"),
]


def group(label, **figures):
    found = {"label": label, "shown": True, "note": ""}
    found.update(dict.fromkeys(charts.FIGURES))
    found.update(figures)
    return found


FULL = {"p10": 1.0, "p25": 2.0, "median": 3.0, "p75": 4.0, "p90": 5.0}
EXAMPLES = {
    "long labels": charts.distribution(
        [
            group(LONG, **FULL),
            group("All clusters", median=2.5),
            {**group("Same country: Bosnia and Herzegovina"), "shown": False, "note": "too few"},
        ],
        0.4,
        "participants per FTE",
    ),
    "ordinal": charts.distribution(
        [group("All clusters", p10=0, p25=1, median=2, p75=3, p90=4)], 4, "level", levels=LEVELS
    ),
    "count": charts.distribution(
        [group("All clusters", p10=1, p25=2, median=3, p75=4, p90=6)], 2, "events", whole=True
    ),
    "large numbers": charts.distribution(
        [group("All clusters", p10=12000, p25=150000, median=420000, p75=1200000)],
        2500000,
        "EUR",
    ),
    "radar, one series": charts.radar(
        [("Structure", 40), ("Management & governance", 80), ("Achievements & recognition", 10)],
        reference=[],
    ),
    "radar, then and now": charts.radar_chart(
        [
            "Structure",
            "Management & governance",
            "Financing",
            "Services & strategy",
            "Communication",
            "Achievements & recognition",
        ],
        [("2026 (now)", [60, 70, 20, 55, 90, 100]), ("2023 (then)", [50, 40, 35, 30, 80, 95])],
    ),
    "readiness": charts.readiness(1, 2, 25, 28),
}


def texts(svg: str):
    root = ET.fromstring(svg)
    for element in root.iter(f"{SVG}text"):
        yield element, root


def extent(element) -> tuple[float, float, float, float]:
    """left, right, top, bottom of a text element, from the font's metrics."""
    size = float(element.get("font-size"))
    width = text_width(element.text, size, bold=element.get("font-weight") == "bold")
    x, y = float(element.get("x")), float(element.get("y"))
    anchor = element.get("text-anchor", "start")
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return left, left + width, y - ASCENT_EM * size, y + DESCENT_EM * size


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_label_lies_inside_the_drawing_by_the_fonts_own_widths(name):
    svg = EXAMPLES[name]
    root = ET.fromstring(svg)
    _x, _y, width, height = (float(v) for v in root.get("viewBox").split())
    found = list(texts(svg))
    assert found
    for element, _ in found:
        left, right, top, bottom = extent(element)
        assert left >= 0 and right <= width, (name, element.text, left, right, width)
        assert top >= 0 and bottom <= height, (name, element.text, top, bottom, height)


def test_a_long_group_label_is_wrapped_not_cut():
    svg = EXAMPLES["long labels"]
    shown = " ".join(e.text for e, _ in texts(svg))
    for word in LONG.split():
        assert word in shown


def test_a_word_cut_to_fit_leaves_at_least_three_letters_for_the_next_line():
    # The level "Documented with an implementation plan" on a narrow axis: before,
    # "implementatio-" over "n plan".
    width = text_width("implementatio-", 9)
    lines = wrap("with an implementation plan", 9, width)
    assert lines == ["with an", "implementat-", "ion plan"]
    assert all(text_width(line, 9) <= width for line in lines)


def test_the_charts_ask_for_the_bundled_fonts():
    # Noto Sans first, then its fallbacks for what it lacks (tests/test_report_fonts.py).
    stack = "'Noto Sans', 'Noto Sans Math', 'Noto Sans Hebrew', 'Noto Sans CJK KR', sans-serif"
    for svg in EXAMPLES.values():
        assert f'font-family="{stack}"' in svg


def test_a_group_with_only_a_median_draws_only_the_median_mark():
    median_only = charts.distribution([group("All clusters", median=3.0)], None)
    assert "<rect" not in median_only
    assert f'stroke="{charts.SKY}"' not in median_only  # no P10-P90 line
    assert median_only.count(f'stroke="{charts.BLUE}" stroke-width="2.6"') == 1


def test_a_withheld_group_shows_its_note_and_no_figures():
    svg = charts.distribution(
        [{**group("Same country: Serbia"), "shown": False, "note": "too few peers to compare"}],
        5.0,
    )
    assert "too few peers to compare" in svg
    assert "<rect" not in svg and "<polygon" not in svg  # not even the cluster's diamond


def test_an_ordinal_axis_names_its_levels():
    svg = EXAMPLES["ordinal"]
    shown = " ".join(e.text for e, _ in texts(svg))
    for level in LEVELS:
        for word in level.label.split():
            assert word in shown
    assert "0.8" not in shown and "level" not in shown.split()


def test_a_count_axis_has_whole_numbers_only():
    svg = charts.distribution(
        [group("All clusters", p10=1, p25=1, median=1, p75=2, p90=2)], 1, "events", whole=True
    )
    ticks = [e.text for e, _ in texts(svg) if re.fullmatch(r"[-\d.,]+", e.text)]
    assert ticks and all(re.fullmatch(r"\d+", t) for t in ticks), ticks


def test_the_radar_keeps_its_labels_outside_the_ring_and_its_legend_below_them():
    svg = EXAMPLES["radar, then and now"]
    root = ET.fromstring(svg)
    ring = next(p for p in root.iter(f"{SVG}polygon") if p.get("stroke") == "#bdbdbd")
    points = [tuple(map(float, p.split(","))) for p in ring.get("points").split()]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    centre = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    radius = max(abs(y - centre[1]) for y in ys)
    axis_labels = [e for e, _ in texts(svg) if e.get("font-size") == _n(charts.LABEL)]
    legend = [e for e in axis_labels if e.text in ("2026 (now)", "2023 (then)")]
    labels = [e for e in axis_labels if e not in legend]
    assert len(legend) == 2
    for element in labels:
        left, right, top, bottom = extent(element)
        nearest_x = min(max(centre[0], left), right)
        nearest_y = min(max(centre[1], top), bottom)
        distance = ((nearest_x - centre[0]) ** 2 + (nearest_y - centre[1]) ** 2) ** 0.5
        assert distance > radius * 0.85, element.text  # outside the ring (a hexagon's edge)
    lowest_label = max(extent(e)[3] for e in labels)
    assert all(extent(e)[2] > lowest_label for e in legend)


def test_a_radar_draws_one_or_two_series_only():
    with pytest.raises(ValueError):
        charts.radar_chart(["A", "B", "C"], [])
    with pytest.raises(ValueError):
        charts.radar_chart(["A", "B", "C"], [("x", [1, 2, 3])] * 3)


def test_each_chart_is_an_image_with_a_title_and_a_description():
    for svg in EXAMPLES.values():
        root = ET.fromstring(svg)
        assert root.get("role") == "img"
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert title.text and desc.text


def test_the_plain_text_alternative_says_the_figures_drawn():
    svg = charts.distribution(
        [group("Same portfolio", median=76.0), group("All clusters", median=73.0)],
        22.0,
        "%",
        title="M3 Share of women",
    )
    text = charts.text_of(svg)
    assert text == (
        "Distribution among peers: M3 Share of women. Same portfolio: median 76 %; "
        "All clusters: median 73 %. This cluster: 22 %."
    )
    radar = charts.radar([("Structure", 32.14), ("Financing", None), ("Services", 50)])
    assert "This cluster: Structure 32, Financing no score, Services 50" in charts.text_of(radar)
    assert charts.readiness_text(17, 8, 3, 28) in charts.text_of(charts.readiness(17, 8, 3, 28))


def test_the_same_input_gives_the_same_bytes():
    assert charts.radar([("A", 1), ("B", 2), ("C", 3)]) == charts.radar(
        [("A", 1), ("B", 2), ("C", 3)]
    )


def test_the_html_page_and_the_pdf_input_carry_the_same_svg_bytes():
    svg = EXAMPLES["long labels"]
    document = Document(
        title="Report",
        cluster_name="Кластер",
        cluster_name_en="Cluster",
        identifier="X",
        facts=(),
        status="draft",
        sections=(Section("s", "Section", (Figure(svg, "A caption"),)),),
    )
    assert svg in render_html(document)
    pdf_input = json.loads(json.dumps(document.as_dict()))  # what Typst is given
    assert pdf_input["sections"][0]["blocks"][0]["svg"] == svg


def test_the_metrics_table_is_the_bundled_fonts_own():
    generated = generate()
    expected = json.dumps(generated, separators=(",", ":"), sort_keys=True) + "\n"
    assert METRICS.read_text(encoding="utf-8") == expected
    assert (generated["ascent_em"], generated["descent_em"]) == (ASCENT_EM, DESCENT_EM)
    assert generated["cap_height_em"] == CAP_HEIGHT_EM  # a table row's line (table_rows.py)


def _n(value: float) -> str:
    return charts._n(value)


def test_the_readiness_counts_stay_clear_of_the_80_percent_mark():
    svg = charts.readiness(17, 11, 0, 28)
    root = ET.fromstring(svg)
    mark = next(line for line in root.iter(f"{SVG}line") if line.get("stroke-width") == "1.4")
    x = float(mark.get("x1"))
    counts = [e for e, _ in texts(svg) if e.get("font-weight") == "bold"]
    assert [e.text for e in counts] == ["17", "11"]
    for element in counts:
        left, right, _top, _bottom = extent(element)
        assert not left <= x <= right, element.text
