"""Building the report document from plain data (no Django): the framework, the cluster's
profile, its answers, the analysis against the frozen snapshot, and the expert's edits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from clusterbench.analysis.core import AUDIT_ONLY, MET, NOT_KNOWN, NOT_MET, Analysis
from clusterbench.analysis.disclosure import (
    DIFFERENCING,
    NEEDS_MORE_PEERS,
    REVEALS_MAXIMUM,
    REVEALS_MINIMUM,
)
from clusterbench.methodology.disclosure import DisclosurePolicy, disclosure_policy
from clusterbench.methodology.spec import FrameworkSpec

from . import charts
from .document import (
    Callout,
    Document,
    Facts,
    Figure,
    Paragraph,
    Section,
    Table,
)
from .formatting import number, quarter_standing, rank, rank_in_words, standing

WITHHELD = "withheld"
FIGURE_NAMES = {"p10": "P10", "p25": "P25", "median": "the median", "p75": "P75", "p90": "P90"}


@dataclass(frozen=True)
class ClusterProfile:
    name: str
    name_en: str
    country: str
    region: str
    portfolio: str
    website: str
    year_founded: int | None
    address: str


@dataclass(frozen=True)
class AnswerRecord:
    value: Decimal | None
    not_known: bool
    evidence: str


@dataclass(frozen=True)
class EditedRecommendation:
    title: str
    what: str
    why: str
    first_step: str
    reason: str = ""


@dataclass(frozen=True)
class ReportInput:
    framework: FrameworkSpec
    cluster: ClusterProfile
    identifier: str
    interview_date: dt.date
    expert: str
    snapshot_date: dt.date
    answers: dict[str, AnswerRecord]
    analysis: Analysis
    summary: str = ""  # the expert's executive summary; a generated one when empty
    recommendations: tuple[EditedRecommendation, ...] | None = None  # None: from the analysis
    status: str = "draft"
    version: int = 1
    replaces: str = ""
    issued: dt.date = field(default_factory=dt.date.today)
    synthetic: bool = False


def default_recommendations(analysis: Analysis, limit: int = 12):
    return tuple(
        EditedRecommendation(r.title, r.what, r.why, r.first_step, r.reason)
        for r in analysis.recommendations[:limit]
    )


def generated_summary(data: ReportInput) -> str:
    analysis = data.analysis
    ex = analysis.excellence
    best = ", ".join(j.name.lower() for j in analysis.strengths[:3]) or "no indicator"
    worst = ", ".join(j.name.lower() for j in analysis.weaknesses[:3]) or "no indicator"
    eligible = (
        "meets the eligibility baseline"
        if ex.eligible
        else "does not yet meet the eligibility baseline"
    )
    return (
        f"{data.cluster.name_en} was compared with {analysis.peers} benchmarked cluster "
        f"organisations. Its clearest strengths are {best}; the areas with most room for "
        f"improvement are {worst}. The cluster organisation {eligible}, and it meets "
        f"{ex.met} of the {ex.assessable} quality indicators of cluster management "
        f"excellence that the interview covers ({ex.readiness:.0f} %)."
    )


def report_document(data: ReportInput) -> Document:
    analysis = data.analysis
    sections = [
        _summary(data),
        _about(data),
        _profile(data),
    ]
    results = {r.code: r for r in analysis.indicators}
    for area in data.framework.areas:
        indicators = [i for i in data.framework.indicators if i.area == area.code]
        sections.append(_area_intro(data, area, indicators))
        for indicator in indicators:
            sections.append(_indicator_page(data, indicator, results[indicator.code]))
    sections += [
        _strengths_weaknesses(data),
        _excellence(data),
        _recommendations(data),
        _annex_answers(data),
        _annex_definitions(data),
        _glossary(),
    ]
    c = data.cluster
    facts = (
        ("Report identifier", data.identifier),
        ("Interview", data.interview_date.strftime("%d %B %Y")),
        ("Benchmarking expert", data.expert),
        ("Framework", f"{data.framework.title} {data.framework.version}"),
        ("Peer snapshot", data.snapshot_date.strftime("%d %B %Y")),
        ("Version", f"{data.version}" + (f", replaces {data.replaces}" if data.replaces else "")),
        ("Status", "Released" if data.status == "released" else "Draft for review"),
        ("Country", c.country),
        ("Comparative portfolio", c.portfolio),
    )
    if data.synthetic:
        facts += (("Data", "Synthetic demonstration data"),)
    return Document(
        title="Cluster management benchmarking report",
        cluster_name=c.name,
        cluster_name_en=c.name_en,
        identifier=data.identifier,
        facts=facts,
        status=data.status,
        sections=tuple(sections),
    )


def _summary(data: ReportInput) -> Section:
    a = data.analysis
    ex = a.excellence
    areas = [(s.name, s.score) for s in a.area_scores]
    blocks = [
        Paragraph(data.summary.strip() or generated_summary(data)),
        Figure(
            charts.radar(areas),
            "Area scores: the mean percentile rank of each area's "
            "indicators against the peers (50 is the peer median).",
            width=75,
        ),
        Table(
            ("Area", "Score (0-100)"),
            tuple((n, number(s) if s is not None else "—") for n, s in areas),
            widths=(3, 1),
        ),
        Table(
            ("Top strengths", "Percentile rank"),
            tuple((j.name, rank(j.rank, j.quarter)) for j in a.strengths[:5]) or (("None", "—"),),
            widths=(3, 1),
        ),
        Table(
            ("Main weaknesses", "Percentile rank"),
            tuple((j.name, rank(j.rank, j.quarter)) for j in a.weaknesses[:5]) or (("None", "—"),),
            widths=(3, 1),
        ),
        Callout(
            (
                "The cluster organisation meets the eligibility baseline and qualifies for "
                "the Bronze Label."
                if ex.eligible
                else "The cluster organisation does not meet the eligibility baseline, so no "
                "label is awarded yet: " + "; ".join(ex.eligibility_failures) + "."
            ),
            tone="strength" if ex.eligible else "weakness",
            title="Eligibility and label",
        ),
        Callout(
            f"Excellence readiness: {ex.met} of {ex.assessable} assessable ECEI quality "
            f"indicators met ({ex.readiness:.0f} %)."
            + (" Indicatively Gold-ready." if ex.gold_ready else "")
            + " Only an on-site audit awards the Gold Label.",
            title="Excellence",
        ),
    ]
    return Section("summary", "Executive summary", tuple(blocks))


def _about(data: ReportInput) -> Section:
    a = data.analysis
    rows = tuple((g.label, str(g.peers)) for g in a.groups)
    return Section(
        "about",
        "About this benchmarking",
        (
            Paragraph(
                f"An impartial benchmarking expert, {data.expert}, interviewed the cluster "
                f"management on {data.interview_date:%d %B %Y} on the "
                f"{len(data.framework.asked)} asked indicators of the framework "
                f"{data.framework.version}, in six areas; two more indicators are computed "
                "from the answers. Each answer rests on evidence noted in the annex."
            ),
            Paragraph(
                "The cluster organisation is compared with three groups of peers: "
                "cluster organisations of the same comparative portfolio (technology "
                "area), all benchmarked cluster organisations, and those of the same "
                "country. The peers are each other cluster organisation's latest "
                "completed benchmarking interviewed in the five years up to "
                f"{data.snapshot_date:%d %B %Y}, frozen as a snapshot on that date so that "
                "this report can be reproduced exactly."
            ),
            Table(("Comparison group", "Peers"), rows, widths=(3, 1)),
            Paragraph(
                "For each indicator and group the report shows percentiles of the peers' "
                "values (the 10th, 25th, 50th or median, 75th and 90th) and the cluster's "
                "percentile rank: the share of peers with a lower value, counting ties as "
                'half. Answers given as "not known" are left out, never counted as zero.'
            ),
            Callout(_disclosure_rule(disclosure_policy()), title="What is published about peers"),
            Paragraph(
                "A strength is an indicator where the cluster ranks in the best quarter of "
                "its portfolio group (of all clusters when the portfolio group is too "
                "small), a weakness one in the weakest quarter. Descriptive indicators are "
                "compared but never called a strength or a weakness."
            ),
        ),
    )


def _disclosure_rule(policy: DisclosurePolicy) -> str:
    figures = policy.figures
    return (
        "The peers' answers are confidential, so what the report shows grows with the "
        f"group. A group is compared only when at least {policy.min_peers} peers gave a "
        'value; otherwise the report says "too few peers to compare". The median is '
        f"shown from {figures['median']} peers, the 25th and 75th percentiles from "
        f"{figures['p25']}, the 10th and 90th from {figures['p10']}. The cluster's "
        f"percentile rank is given as a number from {policy.exact_rank_from} peers, "
        "below that as its quarter. In a group of fewer than "
        f"{policy.extremes_below} peers, a figure that would reveal the lowest or highest "
        f"peer's value is withheld, unless at least {policy.extremes_shared_by} peers share "
        "it, and a group that contains another shown group and differs from it by 1 to "
        f"{policy.max_difference} peers is withheld as a whole. Withheld figures are marked "
        '"withheld" with the reason. No individual peer\'s value, minimum or maximum is '
        f"ever shown (disclosure policy {policy.version})."
    )


def _profile(data: ReportInput) -> Section:
    c = data.cluster
    return Section(
        "profile",
        "The cluster organisation",
        (
            Facts(
                (
                    ("Name", c.name),
                    ("English name", c.name_en),
                    ("Country", c.country),
                    ("Region", c.region or "—"),
                    ("Comparative portfolio", c.portfolio),
                    ("Website", c.website or "—"),
                    ("Founded", str(c.year_founded) if c.year_founded else "—"),
                    ("Address", c.address or "—"),
                )
            ),
            Paragraph("Key figures from the interview:"),
            Table(
                ("Indicator", "Value"),
                tuple(
                    (f"{i.code} {i.name}", _value(data, i.code, i.unit))
                    for i in data.framework.indicators
                    if i.code in ("S1", "S2", "M1", "M2", "F1", "V2", "V3", "C5")
                ),
                widths=(3, 1),
            ),
        ),
    )


def _value(data: ReportInput, code: str, unit: str) -> str:
    result = next(r for r in data.analysis.indicators if r.code == code)
    return number(result.value, unit if unit in ("%", "EUR") else "")


def _area_intro(data, area, indicators) -> Section:
    score = next(s for s in data.analysis.area_scores if s.code == area.code)
    rows = []
    for indicator in indicators:
        result = next(r for r in data.analysis.indicators if r.code == indicator.code)
        judged = result.judging_group()
        rows.append(
            (
                f"{indicator.code} {indicator.name}",
                _value(data, indicator.code, indicator.unit),
                _rank_cell(judged) if judged else "—",
            )
        )
    text = (
        f"Area score: {number(score.score)} of 100 ({standing(score.score)})."
        if score.score is not None
        else "Too few peers to give an area score."
    )
    return Section(
        f"area-{area.code}",
        area.name,
        (
            Paragraph(area.description),
            Callout(text, title=area.name),
            Table(("Indicator", "Value", "Percentile rank"), tuple(rows), widths=(4, 1, 1)),
        ),
    )


def _rank_cell(group) -> str:
    if (
        group.rank is None
        and group.quarter is None
        and (not group.shown or "rank" in group.withheld)
    ):
        return WITHHELD
    return rank(group.rank, group.quarter)


def _figure_cell(group, name: str) -> str:
    value = getattr(group, name)
    return WITHHELD if value is None else number(value)


def _indicator_page(data: ReportInput, indicator, result) -> Section:
    groups = [
        {
            "label": g.label,
            "shown": g.shown,
            "note": _chart_note(g),
            "p10": g.p10,
            "p25": g.p25,
            "median": g.median,
            "p75": g.p75,
            "p90": g.p90,
        }
        for g in result.groups
    ]
    unit = indicator.unit if indicator.unit not in ("level",) else "level"
    money = indicator.unit if indicator.unit in ("%", "EUR") else ""
    policy = disclosure_policy()
    rows = []
    for g in result.groups:
        if g.shown:
            rows.append(
                (
                    g.label,
                    str(g.n),
                    *(_figure_cell(g, name) for name in ("p10", "p25", "median", "p75", "p90")),
                    _rank_cell(g),
                )
            )
        elif g.reason == DIFFERENCING:
            rows.append((g.label, str(g.n), *([WITHHELD] * 5), WITHHELD))
        else:
            rows.append(
                (
                    g.label,
                    f"fewer than {policy.min_peers}",
                    "too few peers to compare",
                    "",
                    "",
                    "",
                    "",
                    "",
                )
            )
    notes = _withheld_notes(result, policy)
    blocks = [
        Paragraph(indicator.help or indicator.question),
        Facts(
            (
                (
                    "Value",
                    number(result.value, money)
                    + (
                        f" {indicator.unit}"
                        if indicator.unit not in ("%", "EUR", "") and result.value is not None
                        else ""
                    ),
                ),
                (
                    "Direction",
                    {
                        "up": "higher is better",
                        "down": "lower is better",
                        "none": "descriptive: compared, not judged",
                    }[indicator.direction],
                ),
                ("Formula", f"{indicator.numerator} / {indicator.denominator}")
                if indicator.kind == "derived"
                else ("Asked", indicator.question),
            )
        ),
        Figure(
            charts.distribution(
                groups,
                result.value,
                unit,
                levels=indicator.levels,
                whole=indicator.kind == "count",
                title=f"{indicator.code} {indicator.name}",
            ),
            "The peers of each group, as far as they are published: the line spans the 10th "
            "to 90th percentile, the box the 25th to 75th, the bar marks the median; the "
            "diamond is this cluster.",
            width=100,
        ),
        Table(
            ("Group", "n", "P10", "P25", "Median", "P75", "P90", "Rank"),
            tuple(rows),
            widths=(3, 1, 1, 1, 1, 1, 1, 1),
        ),
        *([Paragraph(" ".join(notes))] if notes else []),
        Paragraph(_interpretation(data, indicator, result)),
    ]
    return Section(
        f"indicator-{indicator.code}", f"{indicator.code} {indicator.name}", tuple(blocks), level=2
    )


def _lower_first(label: str) -> str:
    """A group's label inside a sentence: "same country: Israel", not "Israel" lowered."""
    return label[:1].lower() + label[1:]


def _chart_note(group) -> str:
    if group.shown:
        return "" if group.median is not None or group.p25 is not None else "figures withheld"
    return "withheld" if group.reason == DIFFERENCING else "too few peers to compare"


def _figure_list(names: list[str]) -> str:
    words = [FIGURE_NAMES[name] for name in names]
    text = " and ".join(words) if len(words) <= 2 else ", ".join(words[:-1]) + " and " + words[-1]
    return text[0].upper() + text[1:]


def _withheld_notes(result, policy: DisclosurePolicy) -> list[str]:
    """Why each withheld figure of an indicator page is withheld, in plain words."""
    labels = {g.kind: g.label for g in result.groups}
    notes = []
    for g in result.groups:
        where = _lower_first(g.label)
        if g.reason == DIFFERENCING:
            inner = _lower_first(labels.get(g.differs_from, g.differs_from))
            notes.append(
                f"{g.label} is withheld: it contains the group {inner} and differs from it "
                f"by only {policy.max_difference} or fewer peers, so its figures would "
                "describe those few peers."
            )
            continue
        if not g.shown:
            continue
        needs: dict[int, list[str]] = {}
        for name, reason in g.withheld.items():
            if reason == NEEDS_MORE_PEERS and name in policy.figures:
                needs.setdefault(policy.figures[name], []).append(name)
        for size, names in sorted(needs.items()):
            verb = "is" if len(names) == 1 else "are"
            notes.append(
                f"{_figure_list(names)} of {where} {verb} published from {size} peers with a "
                f"value; this group has {g.n}."
            )
        for reason, side, bound in (
            (REVEALS_MINIMUM, "lowest", "lower"),
            (REVEALS_MAXIMUM, "highest", "upper"),
        ):
            if g.withheld.get("rank") == reason:
                notes.append(
                    f"The cluster's rank against {where} is withheld: with its value so close "
                    f"to the indicator's {bound} bound, it would reveal the {side} peer's value."
                )
            names = [name for name, why in g.withheld.items() if why == reason and name != "rank"]
            if names:
                verb = "is" if len(names) == 1 else "are"
                notes.append(
                    f"{_figure_list(names)} of {where} {verb} withheld: so close to the "
                    f"indicator's {bound} bound, {'it' if len(names) == 1 else 'they'} would "
                    f"reveal the {side} peer's value."
                )
        if g.quarter is not None and result.value is not None:
            notes.append(
                f"Against {where} the rank is given as its quarter: "
                + (
                    f"it is published as a number from {policy.exact_rank_from} peers."
                    if g.n < policy.exact_rank_from
                    else "as a number it would reveal the lowest or highest peer's value."
                )
            )
    return notes


def _interpretation(data, indicator, result) -> str:
    if result.value is None:
        return (
            "The answer is not known, so this indicator is left out of the comparison; "
            "recording it would make the next benchmarking more informative."
        )
    judged = result.judging_group()
    if judged is None:
        return "Too few peers gave a value for this indicator to compare it."
    if judged.rank is None and judged.quarter is None:
        return "The comparison with its peers is withheld for this indicator (see above)."
    where = _lower_first(judged.label)
    text = (
        f"Against {where}, the cluster has a "
        f"{rank_in_words(judged.rank, indicator.direction, judged.quarter)}."
    )
    if indicator.direction == "none":
        return text + " This indicator describes the cluster and is not judged."
    if judged.rank is not None:
        verdict = standing(100 - judged.rank if indicator.direction == "down" else judged.rank)
    else:
        verdict = quarter_standing(
            5 - judged.quarter if indicator.direction == "down" else judged.quarter
        )
    # The judgement itself comes from the analysis (the exact rank), never from the
    # published rank, so this page and the strengths chapter always agree.
    label = (
        " This is one of its strengths."
        if any(j.code == indicator.code for j in data.analysis.strengths)
        else " This is one of its weaknesses."
        if any(j.code == indicator.code for j in data.analysis.weaknesses)
        else ""
    )
    return f"{text} It stands {verdict}.{label}"


def _strengths_weaknesses(data: ReportInput) -> Section:
    def rows(judgements):
        return tuple(
            (
                f"{j.code} {j.name}",
                number(j.value),
                WITHHELD if j.median is None else number(j.median),
                WITHHELD if j.rank is None and j.quarter is None else rank(j.rank, j.quarter),
                j.group_label,
            )
            for j in judgements
        ) or (("None", "", "", "", ""),)

    columns = ("Indicator", "Value", "Group median", "Rank", "Judged against")
    a = data.analysis
    return Section(
        "strengths",
        "Strengths and weaknesses",
        (
            Paragraph(
                "Ranked by distance from the peer median; each is judged against the "
                "group named beside it."
            ),
            Table(columns, rows(a.strengths), caption="Strengths", widths=(4, 1, 1, 1, 3)),
            Table(columns, rows(a.weaknesses), caption="Weaknesses", widths=(4, 1, 1, 1, 3)),
        ),
    )


def _excellence(data: ReportInput) -> Section:
    ex = data.analysis.excellence
    status_text = {
        MET: "met",
        NOT_MET: "not met",
        NOT_KNOWN: "not known",
        AUDIT_ONLY: "assessed only in the on-site Gold audit",
    }
    rows = tuple(
        (
            c.code,
            c.name,
            c.indicator or "—",
            f">= {number(c.threshold)}" if c.threshold is not None else "—",
            number(c.value) if c.indicator else "—",
            status_text[c.status],
        )
        for c in ex.criteria
    )
    counts = {s: sum(c.status == s for c in ex.criteria) for s in (MET, NOT_MET, NOT_KNOWN)}
    return Section(
        "excellence",
        "Comparison with the ECEI quality indicators",
        (
            Paragraph(
                "The European Cluster Excellence Initiative assesses cluster management "
                "excellence with 31 quality indicators; the Gold Label needs at least 80 % of "
                "the maximum score and each indicator's threshold. The official thresholds "
                "are not public: the thresholds below are this framework's own, "
                f"configurable defaults (framework {data.framework.version})."
            ),
            Figure(
                charts.readiness(counts[MET], counts[NOT_MET], counts[NOT_KNOWN], ex.assessable),
                f"Excellence readiness: {ex.met} of {ex.assessable} assessable quality "
                f"indicators met ({ex.readiness:.0f} %).",
                width=100,
            ),
            Table(
                ("ECEI", "Quality indicator", "Indicator", "Threshold", "Value", "Status"),
                rows,
                widths=(1, 5, 1, 1, 1, 3),
            ),
            Callout(
                "Only an on-site audit by two experts awards the Gold Label; this comparison "
                "is an indication of readiness, not an assessment."
                + (
                    " On this indication the cluster organisation is Gold-ready."
                    if ex.gold_ready
                    else ""
                ),
                title="Gold Label",
            ),
        ),
    )


def _recommendations(data: ReportInput) -> Section:
    chosen = (
        data.recommendations
        if data.recommendations is not None
        else default_recommendations(data.analysis)
    )
    blocks = [
        Paragraph(
            "Recommendations for improvement, most important first, chosen for "
            "the weaknesses found and the quality indicators not yet met."
        )
    ]
    for n, r in enumerate(chosen, start=1):
        blocks.append(
            Callout(
                f"{r.what} Why it matters: {r.why} First step: {r.first_step}"
                + (f" ({r.reason})" if r.reason else ""),
                title=f"{n}. {r.title}",
            )
        )
    if not chosen:
        blocks.append(Paragraph("No recommendations: no weaknesses and no unmet criteria."))
    return Section("recommendations", "Recommendations", tuple(blocks))


def _annex_answers(data: ReportInput) -> Section:
    rows = []
    for indicator in data.framework.asked:
        answer = data.answers.get(indicator.code)
        shown = (
            "no answer"
            if answer is None
            else "not known"
            if answer.not_known
            else number(
                float(answer.value), indicator.unit if indicator.unit in ("%", "EUR") else ""
            )
        )
        rows.append(
            (
                indicator.code,
                indicator.name,
                shown,
                answer.evidence if answer and answer.evidence else "—",
            )
        )
    return Section(
        "annex-answers",
        "Annex A: all answers with their evidence",
        (Table(("Code", "Indicator", "Answer", "Evidence"), tuple(rows), widths=(1, 4, 2, 5)),),
    )


def _annex_definitions(data: ReportInput) -> Section:
    blocks = []
    for indicator in data.framework.indicators:
        detail = (
            f"Computed as {indicator.numerator} / {indicator.denominator}."
            if indicator.kind == "derived"
            else indicator.question
        )
        levels = "; ".join(f"{lvl.value} {lvl.label.lower()}" for lvl in indicator.levels)
        blocks.append(
            Paragraph(
                f"{indicator.code} {indicator.name} ({indicator.unit}). "
                f"{detail} {indicator.help}" + (f" Levels: {levels}." if levels else "")
            )
        )
    return Section("annex-definitions", "Annex B: indicator definitions", tuple(blocks))


GLOSSARY = (
    (
        "Cluster organisation",
        "The legal entity that manages a cluster: it employs the cluster "
        "management and serves the cluster's participants.",
    ),
    (
        "Committed participant",
        "An organisation with a signed membership or cooperation "
        "agreement that pays a fee or contributes actively.",
    ),
    ("Comparative portfolio", "The technology area used to form the first comparison group."),
    (
        "ECEI",
        "European Cluster Excellence Initiative: the quality indicators and labels of "
        "cluster management excellence (Bronze, Silver, Gold).",
    ),
    (
        "Eligibility baseline",
        "The minimum conditions for a label: management of at least 0.5 "
        "FTE, at least 15 committed participants of at least 2 categories, an English website "
        "with proof of activity.",
    ),
    ("FTE", "Full-time equivalent."),
    ("Median", "The middle value: half of the peers have a lower value, half a higher one."),
    ("Percentile (P10, P25, P75, P90)", "The value below which that share of the peers lies."),
    (
        "Percentile rank",
        "The share of peers with a lower value than the cluster, counting ties as half.",
    ),
    (
        "Reference snapshot",
        "The peers' answers frozen on the date of the report, so that it can be reproduced.",
    ),
)


def _glossary() -> Section:
    return Section("glossary", "Glossary", (Facts(GLOSSARY),))
