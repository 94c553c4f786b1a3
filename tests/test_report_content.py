"""What the report says, at the level of the document model, over a sample of the
demonstration population's analyses: prose about this cluster, one recommendation per
issue, the progress chapter exactly when there is a previous benchmarking, alt text for
every figure. Pure (no database): the population is generated in memory once."""

import datetime as dt
import functools
import io
import re
from collections import Counter

import pikepdf

from clusterbench.analysis.core import Subject, analyse
from clusterbench.analysis.peers import PeerStatistics
from clusterbench.analysis.recommendations import catalogue_load
from clusterbench.analysis.values import indicator_values, population_from_answers
from clusterbench.demo import population
from clusterbench.interviews.qualitative import Qualitative, Story
from clusterbench.methodology.loader import FRAMEWORKS_DIR, framework_read_file
from clusterbench.reports.build import (
    AnswerRecord,
    ClusterProfile,
    Previous,
    ReportInput,
    report_document,
)
from clusterbench.reports.document import Callout, Figure, Paragraph
from clusterbench.reports.pdf import render_pdf

from .test_reports import pdf_text

REFERENCE = dt.date(2026, 11, 25)
SAMPLE = 8


@functools.cache
def spec():
    return framework_read_file(FRAMEWORKS_DIR / "2026.1.yaml")[0]


@functools.cache
def demo_population() -> tuple:
    return tuple(population.generate(spec(), count=300, reference_date=REFERENCE))


def report_input_of(cluster, clusters) -> ReportInput:
    """The report input of a synthetic cluster's latest benchmarking, compared with the
    latest benchmarking (in the last five years) of every other cluster of clusters."""
    framework = spec()
    start = REFERENCE.replace(year=REFERENCE.year - 5)
    latest = {
        c.name_en: c.benchmarkings[-1]
        for c in clusters
        if c.benchmarkings[-1].interview_date >= start
    }
    catalogue = catalogue_load(framework.version)
    peers = [
        (c.portfolio, c.country, latest[c.name_en].values)
        for c in clusters
        if c.name_en in latest and c is not cluster
    ]
    stats = PeerStatistics.build(population_from_answers(framework, peers))

    def run(benchmarking):
        subject = Subject(
            indicator_values(framework, benchmarking.values),
            cluster.portfolio,
            cluster.portfolio,
            cluster.country,
            cluster.country,
        )
        return analyse(framework, subject, stats, catalogue)

    now = cluster.benchmarkings[-1]
    before = cluster.benchmarkings[-2] if len(cluster.benchmarkings) > 1 else None
    return ReportInput(
        framework=framework,
        cluster=ClusterProfile(
            cluster.name,
            cluster.name_en,
            cluster.country,
            cluster.region,
            cluster.portfolio,
            cluster.website,
            cluster.year_founded,
            cluster.address,
        ),
        identifier="TEST",
        interview_date=now.interview_date,
        expert="Expert",
        snapshot_date=REFERENCE,
        answers={
            code: AnswerRecord(value, value is None, now.evidence.get(code, ""))
            for code, value in now.values.items()
        },
        analysis=run(now),
        previous=None if before is None else Previous(before.interview_date, run(before)),
    )


@functools.cache
def demo_inputs() -> tuple[ReportInput, ...]:
    """Report inputs for a sample of the demonstration population: clusters benchmarked
    more than once, clusters benchmarked once, and clusters that miss the baseline."""
    framework = spec()
    clusters = demo_population()
    start = REFERENCE.replace(year=REFERENCE.year - 5)
    recent = [c for c in clusters if c.benchmarkings[-1].interview_date >= start]
    repeat = [c for c in recent if len(c.benchmarkings) > 1]
    once = [c for c in recent if len(c.benchmarkings) == 1]
    missing = [
        c
        for c in recent
        if any(
            (c.benchmarkings[-1].values.get(e.indicator) or 0) < e.threshold
            for e in framework.eligibility
        )
    ]
    chosen = list({c.name_en: c for c in repeat[:3] + once[:2] + missing[:3]}.values())
    return tuple(report_input_of(cluster, clusters) for cluster in chosen[:SAMPLE])


@functools.cache
def documents():
    return tuple((data, report_document(data)) for data in demo_inputs())


def indicator_pages(document):
    return [s for s in document.sections if s.id.startswith("indicator-")]


def sentences(section) -> set[str]:
    found = set()
    for block in section.blocks:
        if isinstance(block, Paragraph | Callout):
            found.update(
                s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z“])", block.text) if s.strip()
            )
    return found


def test_the_sample_has_repeat_once_and_ineligible_clusters():
    inputs = demo_inputs()
    assert any(d.previous for d in inputs) and any(not d.previous for d in inputs)
    assert any(not d.analysis.excellence.eligible for d in inputs)


def test_no_sentence_appears_on_more_than_three_indicator_pages():
    for _data, document in documents():
        counts = Counter(s for page in indicator_pages(document) for s in sentences(page))
        repeated = {s: n for s, n in counts.items() if n > 3}
        assert not repeated, repeated


def test_every_indicator_page_names_its_value_and_a_median():
    for data, document in documents():
        results = {r.code: r for r in data.analysis.indicators}
        for page in indicator_pages(document):
            result = results[page.id.removeprefix("indicator-")]
            judged = result.judging_group()
            if result.value is None or judged is None or judged.median is None:
                continue
            prose = " ".join(b.text for b in page.blocks if isinstance(b, Paragraph))
            assert "median" in prose and re.search(r"\d", prose), page.id


def test_indicators_where_lower_is_better_say_so_where_they_are_judged():
    for data, document in documents():
        for page in indicator_pages(document):
            code = page.id.removeprefix("indicator-")
            indicator = next(i for i in data.framework.indicators if i.code == code)
            result = next(r for r in data.analysis.indicators if r.code == code)
            judged = result.judging_group()
            if indicator.direction != "down" or result.value is None or judged is None:
                continue
            if judged.rank is None and judged.quarter is None:
                continue
            prose = " ".join(b.text for b in page.blocks if isinstance(b, Paragraph))
            assert "lower is better" in prose, code


def test_recommendations_are_one_per_issue():
    for data in demo_inputs():
        issues = [r.indicator for r in data.analysis.recommendations]
        assert len(issues) == len(set(issues)), issues


def test_an_ineligible_clusters_first_recommendation_names_the_baseline_it_misses():
    checked = 0
    for data, document in documents():
        if data.analysis.excellence.eligible:
            continue
        first = data.analysis.recommendations[0]
        assert first.priority == 0 and first.baseline
        assert first.indicator in data.analysis.excellence.baseline_missed
        recommendations = next(s for s in document.sections if s.id == "recommendations")
        text = " ".join(b.text for b in recommendations.blocks if isinstance(b, Callout))
        assert "eligibility baseline" in text
        checked += 1
    assert checked


def test_the_progress_chapter_appears_exactly_when_there_is_a_previous_benchmarking():
    for data, document in documents():
        has_chapter = any(s.id == "progress" for s in document.sections)
        assert has_chapter == (data.previous is not None)


def test_no_interviewer_guidance_appears_in_the_report():
    for data, document in documents():
        text = " ".join(document.texts())
        for indicator in data.framework.indicators:
            if indicator.help:
                assert indicator.help not in text, indicator.code
        assert "Ask for" not in text


def test_every_figure_has_alternative_text_from_its_data():
    for _data, document in documents():
        figures = [b for s in document.sections for b in s.blocks if isinstance(b, Figure)]
        assert figures and all(f.alt.strip() for f in figures)
        assert all(re.search(r"\d", f.alt) for f in figures)


def test_the_qualitative_part_is_shown_only_when_recorded():
    data = demo_inputs()[0]
    plain = report_document(data)
    assert not {"strategy", "stories"} & {s.id for s in plain.sections}
    recorded = Qualitative(
        strategy="A strategy adopted by the general assembly in 2025.",
        megatrends={"green": "An energy-audit service for member companies."},
        observations={"S": "The member list is kept carefully."},
        stories=(Story("Shared test bench", 2025, "Three SMEs and a university", "Two products"),),
    )
    document = report_document(ReportInput(**{**data.__dict__, "qualitative": recorded}))
    text = " ".join(document.texts())
    assert {"strategy", "stories"} <= {s.id for s in document.sections}
    for phrase in ("general assembly", "energy-audit", "kept carefully", "Shared test bench"):
        assert phrase in text


def test_the_pdf_declares_pdf_ua_1():
    _data, document = documents()[0]
    with pikepdf.open(io.BytesIO(render_pdf(document))) as pdf:
        meta = pdf.open_metadata()
        assert meta.get("pdfuaid:part") == "1"


def test_a_report_released_before_figures_had_alt_text_still_renders_as_pdf_ua():
    from clusterbench.reports.document import Document, Section

    old = Document(
        "Report",
        "Cluster",
        "Cluster",
        "ID",
        (("Status", "Released"),),
        "released",
        (
            Section(
                "summary",
                "Summary",
                (Figure('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>', "A"),),
            ),
        ),
    )
    with pikepdf.open(io.BytesIO(render_pdf(old))) as pdf:
        assert pdf.open_metadata().get("pdfuaid:part") == "1"
    # Released before figures carried their numbers: the PDF numbers them, as it did then.
    assert old.sections[0].blocks[0].number == 0
    assert "Figure 1: A" in pdf_text(render_pdf(old)).replace("\u00a0", " ")
