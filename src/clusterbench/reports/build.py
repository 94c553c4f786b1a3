"""Building the report document from plain data (no Django): the framework, the cluster's
profile, its answers, the analysis against the frozen snapshot, and the expert's edits."""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from clusterbench.analysis.core import (
    AUDIT_ONLY,
    MET,
    NOT_KNOWN,
    NOT_MET,
    Analysis,
    Recommendation,
)
from clusterbench.analysis.disclosure import (
    DIFFERENCING,
    NEEDS_MORE_PEERS,
    QUARTERS,
    REVEALS_MAXIMUM,
    REVEALS_MINIMUM,
)
from clusterbench.methodology.disclosure import DisclosurePolicy, disclosure_policy
from clusterbench.methodology.narrative import Narrative, narrative_load
from clusterbench.methodology.spec import FrameworkSpec

from . import charts
from .document import (
    BulletList,
    Callout,
    Document,
    Facts,
    Figure,
    Paragraph,
    Section,
    Table,
)
from .formatting import (
    amount,
    at_least,
    figure,
    quarter_standing,
    rank,
    standing,
)

if TYPE_CHECKING:
    from clusterbench.interviews.qualitative import Qualitative

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
class Previous:
    """The cluster's previous completed benchmarking, analysed against this report's
    snapshot so that then and now differ only by the cluster's own answers."""

    interview_date: dt.date
    analysis: Analysis


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
    summary: str = ""  # the expert's position paragraph; a generated one when empty
    recommendations: tuple[EditedRecommendation, ...] | None = None  # None: from the analysis
    status: str = "draft"
    version: int = 1
    replaces: str = ""
    issued: dt.date = field(default_factory=dt.date.today)
    synthetic: bool = False
    previous: Previous | None = None
    qualitative: Qualitative | None = None  # the interview's qualitative part, if recorded


def default_recommendations(data: ReportInput, limit: int = 10):
    """The analysis's recommendations as the expert edits them, each with its gap in
    numbers from the cluster's own answer as the reason."""
    indicators = {i.code: i for i in data.framework.indicators}
    narrative = narrative_load(data.framework.version)
    return tuple(
        EditedRecommendation(
            r.title,
            r.what,
            r.why,
            r.first_step,
            gap_text(r, indicators.get(r.indicator), narrative),
        )
        for r in data.analysis.recommendations[:limit]
    )


def gap_text(r: Recommendation, indicator, narrative: Narrative) -> str:
    """The distance from the cluster's answer to the recommendation's target, in the
    indicator's units: "24 committed participants today; 6 more reach the ECEI threshold
    of 30 (ECEI 1.1.2)"."""
    if indicator is None or r.target is None:
        return r.reason
    unit = indicator.unit
    target = {
        "baseline": f"the eligibility baseline of {figure(r.target, unit)}",
        "criterion": f"the ECEI threshold of {figure(r.target, unit)} (ECEI {r.criterion})",
        "median": f"the peers' median of {figure(r.target, unit)}",
    }[r.target_kind]
    name = f"{indicator.code} {indicator.name}"
    if r.value is None:
        return f"{name} is not known; the target is {target}."
    gap = r.target - r.value if r.direction != "down" else r.value - r.target
    today = f"{name}: {figure(r.value, unit)} today"
    if gap <= 0:
        return f"{today}, at {target}; the issue is the rank among the peers."
    if unit == "level":
        return f"{today}; {target} is the next step."
    noun = (
        narrative.indicators[indicator.code].more if indicator.code in narrative.indicators else ""
    )
    word = "fewer" if r.direction == "down" else "more"
    return f"{today}; {amount(gap, unit).removesuffix(' %')} {word} {noun} reach {target}."


def generated_summary(data: ReportInput) -> str:
    """The position in one paragraph: whom the cluster was compared with, where it stands
    overall and by area, and its label outcome."""
    a = data.analysis
    ex = a.excellence
    scored = [s for s in a.area_scores if s.score is not None]
    portfolio = next((g for g in a.groups if g.kind == "portfolio"), None)
    text = (
        f"{data.cluster.name_en} was compared with {a.peers} benchmarked cluster "
        "organisations"
        + (
            f", {portfolio.peers} of them in its own portfolio ({data.cluster.portfolio})"
            if portfolio and portfolio.peers
            else ""
        )
        + "."
    )
    if scored:
        best = max(scored, key=lambda s: s.score)
        worst = min(scored, key=lambda s: s.score)
        mean = sum(s.score for s in scored) / len(scored)
        text += (
            f" Across the six areas it stands {standing(mean)} (mean area score "
            f"{mean:.0f} of 100, where 50 is the typical peer): strongest in "
            f"{best.name.lower()} ({best.score:.0f}), weakest in {worst.name.lower()} "
            f"({worst.score:.0f})."
        )
    text += (
        " It meets the eligibility baseline of the Bronze Label"
        if ex.eligible
        else " It does not yet meet the eligibility baseline of the Bronze Label"
    )
    return (
        text + f", and {ex.met} of the {ex.assessable} ECEI quality indicators that the "
        f"interview covers ({ex.readiness:.0f} %)."
    )


def report_document(data: ReportInput) -> Document:
    analysis = data.analysis
    # The withholding rules met on many indicator pages: explained once in the method
    # chapter and left out of those pages (worked out once for the whole report).
    common = _common_notes(data, disclosure_policy())
    sections = [_summary(data), _about(data, common[1]), _profile(data)]
    if data.qualitative:
        sections += _qualitative(data, data.qualitative)
    if data.previous is not None:
        sections.append(_progress(data, data.previous))
    results = {r.code: r for r in analysis.indicators}
    for area in data.framework.areas:
        indicators = [i for i in data.framework.indicators if i.area == area.code]
        sections.append(_area_intro(data, area, indicators))
        for indicator in indicators:
            sections.append(_indicator_page(data, indicator, results[indicator.code], common[0]))
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


def _indicators(data: ReportInput) -> dict:
    return {i.code: i for i in data.framework.indicators}


def _narrative(data: ReportInput) -> Narrative:
    return narrative_load(data.framework.version)


def _judged_table(data: ReportInput, kind: str, judgements) -> Table:
    """Three strengths or weaknesses with their figures and their "so what"."""
    indicators = _indicators(data)
    narrative = _narrative(data)
    rows = tuple(
        (
            j.name + (" (lower is better)" if j.direction == "down" else ""),
            amount(j.value, indicators[j.code].unit),
            WITHHELD if j.median is None else amount(j.median, indicators[j.code].unit),
            narrative.indicators[j.code].why,
        )
        for j in judgements
    ) or ((f"No {kind.lower()}: no indicator ranks in that quarter of the peers", "", "", ""),)
    return Table(
        (kind, "Cluster", "Median", "What it means"),
        rows,
        widths=(3, 1, 1, 5),
        caption={"Strength": "Three strengths", "Weakness": "Three weaknesses"}[kind]
        if len(judgements) > 1
        else "",
    )


def _label_outcome(data: ReportInput) -> tuple[str, str]:
    ex = data.analysis.excellence
    if not ex.eligible:
        conditions = {c.indicator: c for c in data.framework.eligibility}
        missing = [
            f"{conditions[code].requirement[:1].lower()}{conditions[code].requirement[1:]} "
            f"({code} is {figure(_value_of(data, code), _indicators(data)[code].unit)})"
            for code in ex.baseline_missed
            if code in conditions
        ]
        return (
            "No label yet. The Bronze Label needs the eligibility baseline, and the cluster "
            "misses: "
            + _join(missing)
            + ". Meeting "
            + ("it" if len(missing) == 1 else "them")
            + " in a new benchmarking brings the Bronze Label.",
            "weakness",
        )
    gold = (
        " On this indication it is ready to apply for the Gold Label audit."
        if ex.gold_ready
        else f" The Gold Label needs at least 80 % of the quality indicators; {ex.met} of "
        f"{ex.assessable} ({ex.readiness:.0f} %) are met today."
    )
    return (
        "Bronze Label: the cluster meets the eligibility baseline. A second benchmarking "
        "18 to 24 months after this one, with three improvement areas described against "
        "ECEI quality indicators and validated in a half-day audit, leads to the Silver "
        "Label (see the route at the end of the recommendations)." + gold,
        "strength",
    )


def _value_of(data: ReportInput, code: str) -> float | None:
    return next(r.value for r in data.analysis.indicators if r.code == code)


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return "; ".join(items[:-1]) + " and " + items[-1]


def _summary(data: ReportInput) -> Section:
    a = data.analysis
    areas = [(s.name, s.score) for s in a.area_scores]
    chosen = _chosen_recommendations(data)
    label, tone = _label_outcome(data)
    blocks = [
        Paragraph(data.summary.strip() or generated_summary(data)),
        Figure(
            charts.radar(areas),
            "Area scores: the mean percentile rank of each area's indicators against the "
            "peers (50 is the typical peer).",
            width=60,
            alt=radar_alt(areas),
        ),
        _judged_table(data, "Strength", a.strengths[:3]),
        _judged_table(data, "Weakness", a.weaknesses[:3]),
        Callout(label, tone=tone, title="Label outcome"),
    ]
    if chosen:
        blocks += [
            Paragraph("The three recommendations that matter most:"),
            BulletList(
                tuple(f"{r.title}." + (f" {r.reason}" if r.reason else "") for r in chosen[:3])
            ),
        ]
    return Section("summary", "Executive summary", tuple(blocks))


def radar_alt(areas, previous=None, when: str = "") -> str:
    """The radar in words: each area's score, and the earlier one when given."""

    def score(value):
        return "no score" if value is None else f"{value:.0f}"

    if previous is None:
        parts = [f"{name} {score(value)}" for name, value in areas]
        intro = "Radar chart of the area scores (0 to 100, 50 is the typical peer): "
    else:
        parts = [
            f"{name} {score(then)} in {when}, {score(now)} now"
            for (name, now), then in zip(areas, previous, strict=True)
        ]
        intro = "Radar chart of the area scores then and now (0 to 100): "
    return intro + "; ".join(parts) + "."


def distribution_alt(indicator, result) -> str:
    """The box plot in words: each group's median as published, and the cluster's value."""
    parts = []
    for g in result.groups:
        where = _lower_first(g.label)
        if not g.shown:
            parts.append(f"{where}: not compared")
        elif g.median is None:
            parts.append(f"{where}: median withheld")
        else:
            parts.append(f"median of {where} {amount(g.median, indicator.unit)}")
    cluster = (
        "this cluster not known"
        if result.value is None
        else f"this cluster {amount(result.value, indicator.unit)}"
    )
    return f"Box plot of {indicator.name}: " + "; ".join(parts) + f"; {cluster}."


def _about(data: ReportInput, common_notes: list[str]) -> Section:
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
            *(
                [
                    Paragraph(
                        "For this cluster's groups, the rule withholds the same figures on "
                        "many indicator pages; they are explained here once. "
                        + " ".join(common_notes)
                    )
                ]
                if common_notes
                else []
            ),
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
    return amount(_value_of(data, code), unit)


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
        f"Area score: {score.score:.0f} of 100, {standing(score.score)} "
        f"(the mean of {score.indicators} judged indicators)."
        if score.score is not None
        else "Too few peers to give an area score."
    )
    blocks = [
        Paragraph(area.description),
        Callout(text, title=area.name),
        Table(("Indicator", "Value", "Percentile rank"), tuple(rows), widths=(4, 1, 1)),
    ]
    observation = data.qualitative.observations.get(area.code, "") if data.qualitative else ""
    if observation.strip():
        blocks.append(Callout(observation.strip(), title="The expert's observation"))
    blocks += _learn_from_the_best(data, indicators)
    return Section(f"area-{area.code}", area.name, tuple(blocks))


def _learn_from_the_best(data: ReportInput, indicators) -> list:
    """What the best quarter of the comparison group reaches: its 75th percentile (the
    25th where lower is better), a group figure published under the disclosure rule."""
    results = {r.code: r for r in data.analysis.indicators}
    rows = []
    for indicator in indicators:
        result = results[indicator.code]
        group = result.judging_group()
        if indicator.direction == "none" or group is None or not group.shown:
            continue
        best = group.p25 if indicator.direction == "down" else group.p75
        if best is None:
            continue
        sign = "≤" if indicator.direction == "down" else "≥"
        rows.append(
            (
                f"{indicator.code} {indicator.name}",
                amount(result.value, indicator.unit),
                amount(group.median, indicator.unit) if group.median is not None else WITHHELD,
                f"{sign} {amount(best, indicator.unit)}",
            )
        )
    if not rows:
        return []
    return [
        Paragraph(
            "Learn from the best: the best quarter of the comparison group reaches at least "
            "the figure in the last column (at most, where lower is better); this is a "
            "group figure, published only where the group is large enough."
        ),
        Table(
            ("Indicator", "This cluster", "Median", "Best quarter"),
            tuple(rows),
            widths=(4, 1, 1, 1),
            caption="Learn from the best",
        ),
    ]


def _rank_cell(group) -> str:
    if (
        group.rank is None
        and group.quarter is None
        and (not group.shown or "rank" in group.withheld)
    ):
        return WITHHELD
    return rank(group.rank, group.quarter)


def _figure_cell(group, name: str, unit: str) -> str:
    value = getattr(group, name)
    return WITHHELD if value is None else amount(value, unit)


DIRECTION_WORDS = {
    "up": "higher is better",
    "down": "lower is better",
    "none": "descriptive: compared, not judged",
}


def _indicator_page(data: ReportInput, indicator, result, common: set) -> Section:
    unit = indicator.unit
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
    policy = disclosure_policy()
    rows = []
    for g in result.groups:
        if g.shown:
            rows.append(
                (
                    g.label,
                    str(g.n),
                    *(_figure_cell(g, n, unit) for n in ("p10", "p25", "median", "p75", "p90")),
                    _rank_cell(g),
                )
            )
        elif g.reason == DIFFERENCING:
            rows.append((g.label, str(g.n), *([WITHHELD] * 5), WITHHELD))
        else:
            rows.append(
                (g.label, f"fewer than {policy.min_peers}", "too few peers", "", "", "", "", "")
            )
    notes = [text for key, text in _withheld_notes(result, policy) if key not in common]
    why = _narrative(data).indicators.get(indicator.code)
    blocks = [
        Paragraph(why.why if why else indicator.question),
        Facts(
            (
                ("Value", figure(result.value, unit)),
                ("Direction", DIRECTION_WORDS[indicator.direction]),
                ("Formula", f"{indicator.numerator} / {indicator.denominator}")
                if indicator.kind == "derived"
                else ("Asked", indicator.question),
                *_context_facts(data, indicator, result),
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
            f"{indicator.code} {indicator.name}: each group's 10th to 90th percentile "
            "(line), 25th to 75th (box) and median (bar), as far as published; the diamond "
            f"is this cluster ({figure(result.value, unit)}).",
            width=100,
            alt=distribution_alt(indicator, result),
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


def _context_facts(data: ReportInput, indicator, result) -> list[tuple[str, str]]:
    """The indicator in context: the previous benchmarking's value, what the best quarter
    of the judging group reaches (as published), and the ECEI quality indicators it
    serves, each with its status."""
    unit = indicator.unit
    facts = []
    if data.previous is not None:
        then = next(
            (r.value for r in data.previous.analysis.indicators if r.code == indicator.code),
            None,
        )
        change = _change(indicator, then, result.value)
        facts.append(
            (
                f"In {data.previous.interview_date:%B %Y}",
                figure(then, unit) + (f" ({change})" if change != "—" else ""),
            )
        )
    group = result.judging_group()
    if indicator.direction != "none" and group is not None and group.shown:
        best = group.p25 if indicator.direction == "down" else group.p75
        if best is not None:
            sign = "≤" if indicator.direction == "down" else "≥"
            facts.append(
                (f"Best quarter of {_lower_first(group.label)}", f"{sign} {figure(best, unit)}")
            )
    for c in data.analysis.excellence.criteria:
        if c.indicator == indicator.code:
            facts.append(
                (
                    f"ECEI {c.code}",
                    f"{c.name}: {at_least(c.threshold, unit)}, {c.status}",
                )
            )
    return facts


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


def _withheld_notes(result, policy: DisclosurePolicy) -> list[tuple[tuple, str]]:
    """Why each withheld figure of an indicator page is withheld, in plain words, each
    with a key that is the same on every page where the same rule applies to the same
    group (so that a rule met on most pages is explained once, in the method chapter)."""
    labels = {g.kind: g.label for g in result.groups}
    code = result.code
    notes = []
    for g in result.groups:
        where = _lower_first(g.label)
        if g.reason == DIFFERENCING:
            inner = _lower_first(labels.get(g.differs_from, g.differs_from))
            notes.append(
                (
                    ("differencing", g.kind, g.differs_from),
                    f"For {code}, {where} is withheld: it contains the group {inner} and "
                    f"differs from it by only {policy.max_difference} or fewer peers, so its "
                    "figures would describe those few peers.",
                )
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
                (
                    ("needs", g.kind, size, tuple(sorted(names))),
                    f"{_figure_list(names)} of {where} {verb} published from {size} peers "
                    f"with a value; {g.n} peers of this group answered {code}.",
                )
            )
        for reason, side, bound in (
            (REVEALS_MINIMUM, "lowest", "lower"),
            (REVEALS_MAXIMUM, "highest", "upper"),
        ):
            if g.withheld.get("rank") == reason:
                notes.append(
                    (
                        ("extreme-rank", g.kind, reason, code),
                        f"The cluster's rank against {where} is withheld: with its {code} so "
                        f"close to the indicator's {bound} bound, it would reveal the {side} "
                        "peer's value.",
                    )
                )
            names = [name for name, why in g.withheld.items() if why == reason and name != "rank"]
            if names:
                verb = "is" if len(names) == 1 else "are"
                notes.append(
                    (
                        ("extreme", g.kind, reason, code),
                        f"{_figure_list(names)} of {where} {verb} withheld for {code}: so "
                        f"close to the indicator's {bound} bound, "
                        f"{'it' if len(names) == 1 else 'they'} would reveal the {side} peer's "
                        "value.",
                    )
                )
        if g.quarter is not None and result.value is not None:
            small = g.n < policy.exact_rank_from
            notes.append(
                (
                    ("quarter", g.kind) if small else ("quarter-extreme", g.kind, code),
                    f"Against {where} the rank on {code} is given as its quarter: "
                    + (
                        f"it is published as a number from {policy.exact_rank_from} peers, "
                        f"and {g.n} answered."
                        if small
                        else "as a number it would reveal the lowest or highest peer's value."
                    ),
                )
            )
    return notes


def _common_notes(data: ReportInput, policy: DisclosurePolicy) -> tuple[set, list[str]]:
    """The withholding rules that apply to the same group on more than three indicator
    pages: their keys, and each explained once for this cluster's groups."""
    seen: dict[tuple, list[int]] = {}
    labels = {}
    for result in data.analysis.indicators:
        for g in result.groups:
            labels[g.kind] = g.label
        for key, _text in _withheld_notes(result, policy):
            seen.setdefault(key, []).append(next(g.n for g in result.groups if g.kind == key[1]))
    common = {key for key, sizes in seen.items() if len(sizes) > 3}
    texts = []
    for key in sorted(common):
        where = _lower_first(labels[key[1]])
        most = max(seen[key])
        if key[0] == "needs":
            names = list(key[3])
            verb = "is" if len(names) == 1 else "are"
            texts.append(
                f"{_figure_list(names)} of {where} {verb} published from {key[2]} peers with "
                f"a value; this group has at most {most} for any indicator, so {len(seen[key])} "
                "indicator pages mark them withheld."
            )
        elif key[0] == "quarter":
            texts.append(
                f"Against {where} the cluster's rank is given as its quarter on "
                f"{len(seen[key])} indicators: a rank is published as a number from "
                f"{policy.exact_rank_from} peers, and this group has at most {most}."
            )
        elif key[0] == "differencing":
            texts.append(
                f"{labels[key[1]]} is withheld on {len(seen[key])} indicators: it differs "
                f"from a smaller shown group by only {policy.max_difference} or fewer peers, "
                "so its figures would describe those few peers."
            )
    return common, texts


def _variant(code: str, *options: str) -> str:
    """One of several phrasings, fixed per indicator, so that the pages do not repeat."""
    return options[zlib.crc32(code.encode()) % len(options)]


def _interpretation(data, indicator, result) -> str:
    """What the figure means against the peers, in the indicator's direction: the value,
    the judging group's median, the rank and the verdict, in varied words."""
    code, unit = indicator.code, indicator.unit
    name = indicator.name
    name_in = name[:1].lower() + name[1:]
    area = next(a.name for a in data.framework.areas if a.code == indicator.area)
    if result.value is None:
        return (
            f"{code} was answered “not known”, so {name_in} is left out of the comparison "
            f"and of the {area.lower()} score; recording it would make the next "
            "benchmarking more telling."
        )
    judged = result.judging_group()
    if judged is None:
        return f"Too few peers gave a value for {name_in} to compare it."
    if judged.rank is None and judged.quarter is None:
        return (
            f"The comparison of {name_in} with its peers is withheld under the disclosure "
            "rule (see the note above)."
        )
    where = _lower_first(judged.label)
    value = figure(result.value, unit)
    sentences = []
    if judged.median is None:
        sentences.append(
            f"The median of {where} is withheld for {name_in}, so the cluster's {value} is "
            "placed by its rank alone."
        )
    else:
        median = figure(judged.median, unit)
        shown_value, shown_median = amount(result.value, unit), amount(judged.median, unit)
        relation = (
            "equal to"
            if shown_value == shown_median
            else "above"
            if result.value > judged.median
            else "below"
        )
        sentences.append(
            _variant(
                code,
                f"At {value}, the cluster is {relation} the median of {where} ({median}) on "
                f"{name_in}.",
                f"The median cluster organisation in {where} reports {median} for {name_in}; "
                f"this one reports {value}.",
                f"{name}: {value} here, against a median of {median} in {where}.",
            )
        )
    # The rank and the verdict in one sentence, read in the indicator's direction.
    if judged.rank is not None:
        r = judged.rank
        place = (
            f"percentile rank {r:.0f}, the top of the group"
            if r >= 99.5
            else f"percentile rank {r:.0f}, the bottom of the group"
            if r <= 0.5
            else _variant(
                code + "r",
                f"percentile rank {r:.0f} (about {r:.0f} % of these peers report less)",
                f"percentile rank {r:.0f} (roughly {100 - r:.0f} % of the peers report more)",
                f"percentile rank {r:.0f} for {value}",
            )
        )
        verdict = standing(100 - r if indicator.direction == "down" else r)
    else:
        place = f"a rank in the {QUARTERS[judged.quarter - 1]} of the group for {value}"
        verdict = quarter_standing(
            5 - judged.quarter if indicator.direction == "down" else judged.quarter
        )
    if indicator.direction == "none":
        sentences.append(
            _variant(
                code,
                f"That is {place}; {name_in} describes the cluster rather than judging it, so "
                "neither a higher nor a lower value is better in itself.",
                f"That is {place}, but no verdict is drawn: {name_in} describes the cluster's "
                "profile.",
                f"That is {place}; {name_in} is compared for context only and does not enter "
                "the area score.",
            )
        )
        return " ".join(sentences)
    if indicator.direction == "down":
        sentences.append(
            f"That is {place}; for {name_in} lower is better, so the cluster stands {verdict}."
        )
    else:
        sentences.append(
            _variant(
                code + "v",
                f"That is {place}; since more is better here, the cluster stands {verdict}.",
                f"This gives {place}, and with higher values better, the cluster is {verdict}.",
                f"It has {place}: read in its direction (higher is better), that is {verdict}.",
            )
        )
    # The judgement itself comes from the analysis (the exact rank), never from the
    # published rank, so this page and the strengths chapter always agree.
    if any(j.code == code for j in data.analysis.strengths):
        sentences.append(f"{name} is one of the cluster's strengths.")
    elif any(j.code == code for j in data.analysis.weaknesses):
        sentence = f"{name} is one of the cluster's weaknesses"
        if judged.median is not None and indicator.direction == "up" and unit != "level":
            gap = judged.median - result.value
            more = _narrative(data).indicators[code].more
            if gap > 0:
                sentence += (
                    f": {amount(gap, unit).removesuffix(' %')} more {more} would reach the median"
                )
        sentences.append(sentence + ".")
    return " ".join(sentences)


def _strengths_weaknesses(data: ReportInput) -> Section:
    indicators = _indicators(data)

    def rows(judgements):
        return tuple(
            (
                f"{j.code} {j.name}" + (" (lower is better)" if j.direction == "down" else ""),
                amount(j.value, indicators[j.code].unit),
                WITHHELD if j.median is None else amount(j.median, indicators[j.code].unit),
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
                "A strength ranks in the best quarter of the comparison group, a weakness in "
                "the weakest quarter, read in each indicator's direction; both are ranked by "
                "their distance from the peer median and judged against the group named "
                "beside them."
            ),
            Table(columns, rows(a.strengths), caption="Strengths", widths=(4, 1, 1, 1, 3)),
            Table(columns, rows(a.weaknesses), caption="Weaknesses", widths=(4, 1, 1, 1, 3)),
        ),
    )


def _excellence(data: ReportInput) -> Section:
    ex = data.analysis.excellence
    indicators = _indicators(data)
    status_text = {
        MET: "met",
        NOT_MET: "not met",
        NOT_KNOWN: "not known",
        AUDIT_ONLY: "assessed only in the on-site Gold audit",
    }

    def unit(c):
        return indicators[c.indicator].unit if c.indicator else ""

    rows = tuple(
        (
            c.code,
            c.name,
            c.indicator or "—",
            at_least(c.threshold, "") if c.threshold is not None else "—",
            amount(c.value, unit(c)) if c.indicator else "—",
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
                alt=(
                    f"Bar chart of the {ex.assessable} assessable ECEI quality indicators: "
                    f"{counts[MET]} met, {counts[NOT_MET]} not met, {counts[NOT_KNOWN]} not "
                    "known; the mark at 80 % is the share the Gold Label needs."
                ),
            ),
            Table(
                ("ECEI", "Quality indicator", "Indicator", "Threshold", "Value", "Status"),
                rows,
                widths=(1, 5, 2, 2, 1, 3),
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


def _chosen_recommendations(data: ReportInput) -> tuple[EditedRecommendation, ...]:
    return (
        data.recommendations if data.recommendations is not None else default_recommendations(data)
    )


def _recommendations(data: ReportInput) -> Section:
    chosen = _chosen_recommendations(data)
    blocks = [
        Paragraph(
            "One recommendation per issue, most important first: what stands between the "
            "cluster and the Bronze Label, then weaknesses that also miss an ECEI quality "
            "indicator, other weaknesses, and other quality indicators not yet met. Each "
            "gives the gap from the cluster's own answer to its target."
        )
    ]
    for n, r in enumerate(chosen, start=1):
        blocks.append(
            Callout(
                f"{r.what} Why it matters: {r.why}"
                + (f" The gap: {r.reason}" if r.reason else "")
                + f" First step: {r.first_step}",
                title=f"{n}. {r.title}",
            )
        )
    if not chosen:
        blocks.append(Paragraph("No recommendations: no weaknesses and no unmet criteria."))
    blocks += _silver_route(data)
    return Section("recommendations", "Recommendations", tuple(blocks))


def _silver_route(data: ReportInput) -> list:
    """Three improvement areas against ECEI quality indicators: the unmet ones the
    recommendations lead with, then the others in the framework's order."""
    ex = data.analysis.excellence
    indicators = _indicators(data)
    unmet = {c.code: c for c in ex.criteria if c.status == NOT_MET}
    order = [
        code
        for r in data.analysis.recommendations
        for code in getattr(r, "criteria", ())
        if code in unmet
    ] + list(unmet)
    picked = list(dict.fromkeys(order))[:3]
    if not picked:
        return []
    items = []
    for code in picked:
        c = unmet[code]
        unit = indicators[c.indicator].unit
        items.append(
            f"ECEI {c.code} {c.name}: {c.indicator} is {figure(c.value, unit)}, the threshold "
            f"is {at_least(c.threshold, unit)}."
        )
    first = (
        "Once the Bronze Label is reached, the Silver Label"
        if not ex.eligible
        else "The Silver Label"
    )
    return [
        Paragraph(
            f"{first} asks for a second benchmarking 18 to 24 months after the first and three "
            "improvement areas described against ECEI quality indicators, validated in a "
            "half-day audit. On this report's figures, these three are the natural choice:"
        ),
        BulletList(tuple(items)),
    ]


def _change(indicator, then: float | None, now: float | None) -> str:
    if then is None or now is None:
        return "—"
    if amount(then, indicator.unit) == amount(now, indicator.unit):
        return "unchanged"
    if indicator.direction == "none":
        return "higher" if now > then else "lower"
    better = now > then if indicator.direction == "up" else now < then
    return "improved" if better else "fell back"


def _progress(data: ReportInput, previous: Previous) -> Section:
    when = f"{previous.interview_date:%B %Y}"
    then_values = {r.code: r.value for r in previous.analysis.indicators}
    rows, improved, fell = [], [], []
    for indicator in data.framework.indicators:
        then, now = then_values.get(indicator.code), _value_of(data, indicator.code)
        change = _change(indicator, then, now)
        rows.append(
            (
                f"{indicator.code} {indicator.name}",
                amount(then, indicator.unit) if then is not None else "not known",
                amount(now, indicator.unit) if now is not None else "not known",
                change,
            )
        )
        entry = f"{indicator.name} ({figure(then, indicator.unit)} → {figure(now, indicator.unit)})"
        if change == "improved":
            improved.append(entry)
        elif change == "fell back":
            fell.append(entry)
    then_scores = [s.score for s in previous.analysis.area_scores]
    areas = [(s.name, s.score) for s in data.analysis.area_scores]
    area_rows = tuple(
        (
            name,
            "—" if then is None else f"{then:.0f}",
            "—" if now is None else f"{now:.0f}",
            "—" if then is None or now is None else f"{now - then:+.0f}",
        )
        for (name, now), then in zip(areas, then_scores, strict=True)
    )
    blocks = [
        Paragraph(
            f"The cluster was last benchmarked in {when}. To show what changed in the cluster "
            "itself, its answers of then are compared with the same peers as today's "
            f"(the snapshot of {data.snapshot_date:%d %B %Y}): of the judged indicators "
            f"answered both times, {len(improved)} improved and {len(fell)} fell back."
        ),
        Figure(
            charts.radar(
                areas,
                label=f"{data.interview_date:%B %Y}",
                reference=then_scores,
                reference_label=when,
            ),
            f"Area scores in {when} (dashed) and now, against the same peers.",
            width=60,
            alt=radar_alt(areas, then_scores, when),
        ),
        Table(("Area", when, "Now", "Change"), area_rows, widths=(3, 1, 1, 1)),
    ]
    if improved:
        blocks += [Paragraph(f"Improved since {when}:"), BulletList(tuple(improved))]
    if fell:
        blocks += [Paragraph(f"Fell back since {when}:"), BulletList(tuple(fell))]
    blocks.append(
        Table(
            ("Indicator", when, "Now", "Change"),
            tuple(rows),
            widths=(5, 1, 1, 1),
            caption="Each indicator then and now",
        )
    )
    return Section("progress", f"Progress since {when}", tuple(blocks))


def _qualitative(data: ReportInput, q: Qualitative) -> list[Section]:
    """The strategy, business model and megatrends set against good practice, and the
    cluster's success stories: only the parts the interview recorded."""
    narrative = _narrative(data)
    sections = []
    blocks = []
    for key, title in (("strategy", "Strategy"), ("business_model", "Business model")):
        text = getattr(q, key).strip()
        if text:
            blocks.append(Callout(text, title=title))
            blocks.append(Paragraph(narrative.good_practice[key]))
    trends = [
        (narrative.megatrends[key], q.megatrends[key].strip())
        for key in ("digital", "green", "social")
        if q.megatrends.get(key, "").strip()
    ]
    if trends:
        blocks.append(
            Paragraph(
                "The 2019 revision of the benchmarking added three megatrends; what the "
                "cluster does about each:"
            )
        )
        blocks.append(Table(("Megatrend", "What the cluster does"), tuple(trends), widths=(1, 3)))
        blocks.append(
            BulletList(
                tuple(
                    narrative.good_practice[key]
                    for key in ("digital", "green", "social")
                    if q.megatrends.get(key, "").strip()
                )
            )
        )
    if blocks:
        sections.append(
            Section("strategy", "Strategy, business model and megatrends", tuple(blocks))
        )
    if q.stories:
        sections.append(
            Section(
                "stories",
                "Success stories",
                (
                    Paragraph(
                        f"The cluster prepared {len(q.stories)} success "
                        f"{'story' if len(q.stories) == 1 else 'stories'} for the interview."
                    ),
                    *(
                        Callout(
                            f"Partners: {s.partners}. Outcome: {s.outcome}",
                            tone="strength",
                            title=s.title + (f" ({s.year})" if s.year else ""),
                        )
                        for s in q.stories
                    ),
                ),
            )
        )
    return sections


def _annex_answers(data: ReportInput) -> Section:
    rows = []
    for indicator in data.framework.asked:
        answer = data.answers.get(indicator.code)
        shown = (
            "no answer"
            if answer is None
            else "not known"
            if answer.not_known
            else figure(float(answer.value), indicator.unit)
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
    """What each indicator measures, for the reader: the question asked or the formula,
    and what it means; never the interviewer's guidance on how to ask."""
    narrative = _narrative(data)
    blocks = []
    for indicator in data.framework.indicators:
        detail = (
            f"Computed as {indicator.numerator} / {indicator.denominator}."
            if indicator.kind == "derived"
            else indicator.question
        )
        levels = "; ".join(f"{lvl.value} {lvl.label.lower()}" for lvl in indicator.levels)
        why = narrative.indicators.get(indicator.code)
        blocks.append(
            Paragraph(
                f"{indicator.code} {indicator.name} ({indicator.unit}; "
                f"{DIRECTION_WORDS[indicator.direction]}). {detail}"
                + (f" Levels: {levels}." if levels else "")
                + (f" {why.why}" if why else "")
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
