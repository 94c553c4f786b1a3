"""Building the report document from plain data: the framework, the cluster's profile, its
answers, the analysis against the frozen snapshot, and the expert's edits.

The document is built in its language (ReportInput.language) with that language active:
every sentence comes from the message catalogues (gettext, with named placeholders), the
framework's texts from its translation (the input's framework is already translated), the
narrative and the recommendations from their translation files, and numbers and dates
follow the language's conventions (formatting.py). Nothing is transliterated here: the
Cyrillic text is that of the catalogues and translation files."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import zlib
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

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
    FIGURES,
    NEEDS_MORE_PEERS,
    REVEALS_MAXIMUM,
    REVEALS_MINIMUM,
)
from clusterbench.analysis.recommendations import advice_in_language
from clusterbench.languages.formats import long_date, month
from clusterbench.languages.reports import ENGLISH, LANGUAGE_TAGS, report_language_name
from clusterbench.methodology.disclosure import DisclosurePolicy, disclosure_policy
from clusterbench.methodology.narrative import Narrative, narrative_load
from clusterbench.methodology.spec import FrameworkSpec
from clusterbench.typefaces import code_name, uncovered

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
    counted,
    figure,
    not_known,
    quarter_name,
    quarter_standing,
    rank,
    shown,
    shown_score,
    standing,
    unit_label,
)

if TYPE_CHECKING:
    from clusterbench.interviews.qualitative import Qualitative


def withheld() -> str:
    return pgettext("a peer figure", "withheld")


def _figure_names() -> dict[str, str]:
    return {
        "p10": "P10",
        "p25": "P25",
        "median": pgettext("a figure in a list", "the median"),
        "p75": "P75",
        "p90": "P90",
    }


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


def as_shown(analysis: Analysis) -> Analysis:
    """The analysis with its peer figures as the report shows them: each published
    percentile (and a median as a judgement's figure or a recommendation's target) with
    its indicator's decimals, each area score whole. Every table, chart, description and
    sentence of the report reads these, so none says more than another: a chart drawn
    from the unrounded figures gave a reader the decimals its table leaves out (a median
    of 0.5 in a chart, 0 in its table), and two versions of a small group, each read that
    precisely, pinned a newcomer's value. Only what is published is rounded; what the
    disclosure rule withholds stays withheld."""
    units = {r.code: r.unit for r in analysis.indicators}

    def figures(group, unit: str):
        return replace(group, **{name: shown(getattr(group, name), unit) for name in FIGURES})

    def judged(j):
        return replace(j, median=shown(j.median, units[j.code]))

    def target(r):
        if r.target_kind != "median":
            return r  # a threshold of the framework, not a peer figure
        return replace(r, target=shown(r.target, units[r.indicator]))

    return replace(
        analysis,
        indicators=tuple(
            replace(r, groups=tuple(figures(g, r.unit) for g in r.groups))
            for r in analysis.indicators
        ),
        strengths=tuple(judged(j) for j in analysis.strengths),
        weaknesses=tuple(judged(j) for j in analysis.weaknesses),
        recommendations=tuple(target(r) for r in analysis.recommendations),
        area_scores=tuple(replace(a, score=shown_score(a.score)) for a in analysis.area_scores),
    )


@dataclass(frozen=True)
class Previous:
    """The cluster's previous completed benchmarking, analysed against this report's
    snapshot so that then and now differ only by the cluster's own answers."""

    interview_date: dt.date
    analysis: Analysis

    def __post_init__(self) -> None:
        # Its figures as shown, whoever built it (as_shown; rounding twice changes nothing).
        object.__setattr__(self, "analysis", as_shown(self.analysis))


@dataclass(frozen=True)
class ReportInput:
    framework: FrameworkSpec  # its texts in the report's language
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
    language: str = ENGLISH

    def __post_init__(self) -> None:
        # The report reads its peer figures only as shown (as_shown), whoever built the
        # input; rounding twice changes nothing.
        object.__setattr__(self, "analysis", as_shown(self.analysis))


def in_report_language(build):
    """Run a builder with the report's language active (its first argument is the input)."""

    @functools.wraps(build)
    def wrapper(data: ReportInput, *args, **kwargs):
        with translation.override(data.language):
            return build(data, *args, **kwargs)

    return wrapper


def _english() -> bool:
    return (translation.get_language() or ENGLISH).startswith("en")


def _report_name(cluster: ClusterProfile) -> str:
    """What the report calls the cluster: its English name in English, its own name in
    another language, unless the report's fonts cannot show that one (then the English
    name, and the profile says why)."""
    if _english() or uncovered(cluster.name):
        return cluster.name_en
    return cluster.name


def _in_sentence(name: str) -> str:
    """A name inside a sentence: English writes "committed cluster participants", other
    languages quote the name as it is written."""
    return name[:1].lower() + name[1:] if _english() else name


def _area_in_sentence(name: str) -> str:
    return name.lower() if _english() else name


def _group_label(data: ReportInput, kind: str) -> str:
    """A comparison group's name in the report's language."""
    return group_label(kind, data.cluster.portfolio, data.cluster.country)


def group_label(kind: str, portfolio: str, country: str) -> str:
    """A comparison group's name in the active language, given the cluster's portfolio and
    country named in it (the analysis names its groups in English)."""
    if kind == "portfolio":
        return _("Same portfolio: %(portfolio)s") % {"portfolio": portfolio}
    if kind == "country":
        return _("Same country: %(country)s") % {"country": country}
    return _("All clusters")


@in_report_language
def default_recommendations(data: ReportInput, limit: int = 10):
    """The analysis's recommendations as the expert edits them, in the report's language,
    each with its gap in numbers from the cluster's own answer as the reason."""
    indicators = {i.code: i for i in data.framework.indicators}
    narrative = _narrative(data)
    found = []
    for r in data.analysis.recommendations[:limit]:
        advice = advice_in_language(data.framework.version, data.language, r)
        found.append(
            EditedRecommendation(
                advice["title"],
                advice["what"],
                advice["why"],
                advice["first_step"],
                gap_text(r, indicators.get(r.indicator), narrative, data),
            )
        )
    return tuple(found)


def _reason_text(r: Recommendation, data: ReportInput) -> str:
    """Why a recommendation was chosen, when its gap cannot be put in numbers (the
    target, the peers' median, is withheld)."""
    return reason_text(r, data.framework, data.analysis, lambda kind: _group_label(data, kind))


def reason_text(r: Recommendation, framework: FrameworkSpec, analysis: Analysis, group_name) -> str:
    """Why the analysis chose a recommendation, in the active language: the baseline
    missed, the weakness and the quality indicators not met. framework: its texts in
    that language; group_name(kind): a comparison group's name in it."""
    indicators = {i.code: i for i in framework.indicators}
    requirements = {e.indicator: e.requirement for e in framework.eligibility}
    criteria = {c.code: c for c in framework.criteria}
    results = {c.code: c for c in analysis.excellence.criteria}
    reasons = []
    if r.priority == 0 and r.indicator in requirements:
        reasons.append(
            _("Eligibility baseline missed: %(requirement)s")
            % {"requirement": requirements[r.indicator]}
        )
    weakness = next((w for w in analysis.weaknesses if w.code == r.indicator), None)
    if weakness is not None:
        reasons.append(
            _("Weakness: %(code)s %(name)s is %(rank)s (%(group)s)")
            % {
                "code": weakness.code,
                "name": indicators[weakness.code].name,
                "rank": _rank_phrase(weakness),
                "group": _lower_first(group_name(weakness.group)),
            }
        )
    for code in r.criteria:
        c = results.get(code)
        if c is None:
            continue
        unit = indicators[c.indicator].unit if c.indicator in indicators else ""
        reasons.append(
            _(
                "ECEI %(code)s %(name)s not met: %(indicator)s is %(value)s, the threshold "
                "is %(threshold)s"
            )
            % {
                "code": c.code,
                "name": criteria[c.code].name if c.code in criteria else c.name,
                "indicator": c.indicator,
                "value": figure(c.value, unit),
                "threshold": at_least(c.threshold, unit),
            }
        )
    return "; ".join(reasons)


def _rank_phrase(item) -> str:
    """A published rank in words: "at percentile rank 12", "in the bottom quarter"."""
    if item.rank is not None:
        return _("at percentile rank %(rank)s") % {"rank": f"{item.rank:.0f}"}
    if item.quarter is not None:
        return _("in the %(quarter)s") % {"quarter": quarter_name(item.quarter)}
    return _("at a rank that is withheld")


def gap_text(
    r: Recommendation, indicator, narrative: Narrative, data: ReportInput | None = None
) -> str:
    """The distance from the cluster's answer to the recommendation's target, in the
    indicator's units: "24 committed participants today; 6 more reach the ECEI threshold
    of 30 (ECEI 1.1.2)"."""
    if indicator is None or r.target is None:
        return _reason_text(r, data) if data is not None else r.reason
    unit = indicator.unit
    target = {
        "baseline": lambda: (
            _("the eligibility baseline of %(figure)s") % {"figure": figure(r.target, unit)}
        ),
        "criterion": lambda: (
            _("the ECEI threshold of %(figure)s (ECEI %(code)s)")
            % {"figure": figure(r.target, unit), "code": r.criterion}
        ),
        "median": lambda: _("the peers' median of %(figure)s") % {"figure": figure(r.target, unit)},
    }[r.target_kind]()
    name = f"{indicator.code} {indicator.name}"
    if r.value is None:
        return _("%(name)s is not known; the target is %(target)s.") % {
            "name": name,
            "target": target,
        }
    gap = r.target - r.value if r.direction != "down" else r.value - r.target
    today = _("%(name)s: %(figure)s today") % {"name": name, "figure": figure(r.value, unit)}
    if gap <= 0:
        return _("%(today)s, at %(target)s; the issue is the rank among the peers.") % {
            "today": today,
            "target": target,
        }
    if unit == "level":
        return _("%(today)s; %(target)s is the next step.") % {"today": today, "target": target}
    shown = amount(gap, unit).removesuffix(" %")
    noun = (
        counted(narrative.indicators[indicator.code].more, shown)
        if indicator.code in narrative.indicators
        else ""
    )
    values = {
        "today": today,
        "gap": shown,
        "noun": noun,
        "target": target,
    }
    if r.direction == "down":
        return _("%(today)s; %(gap)s fewer %(noun)s reach %(target)s.") % values
    return _("%(today)s; %(gap)s more %(noun)s reach %(target)s.") % values


@in_report_language
def generated_summary(data: ReportInput) -> str:
    """The position in one paragraph: whom the cluster was compared with, where it stands
    overall and by area, and its label outcome."""
    a = data.analysis
    ex = a.excellence
    scored = [s for s in a.area_scores if s.score is not None]
    portfolio = next((g for g in a.groups if g.kind == "portfolio"), None)
    name = _report_name(data.cluster)
    if portfolio and portfolio.peers:
        text = ngettext(
            "%(name)s was compared with %(peers)s benchmarked cluster organisation, "
            "%(portfolio_peers)s of them in its own portfolio (%(portfolio)s).",
            "%(name)s was compared with %(peers)s benchmarked cluster organisations, "
            "%(portfolio_peers)s of them in its own portfolio (%(portfolio)s).",
            a.peers,
        ) % {
            "name": name,
            "peers": a.peers,
            "portfolio_peers": portfolio.peers,
            "portfolio": data.cluster.portfolio,
        }
    else:
        text = ngettext(
            "%(name)s was compared with %(peers)s benchmarked cluster organisation.",
            "%(name)s was compared with %(peers)s benchmarked cluster organisations.",
            a.peers,
        ) % {"name": name, "peers": a.peers}
    areas = {s.code: s.name for s in data.framework.areas}
    if scored:
        best = max(scored, key=lambda s: s.score)
        worst = min(scored, key=lambda s: s.score)
        mean = sum(s.score for s in scored) / len(scored)
        text += " " + _(
            "Across the six areas it stands %(standing)s (mean area score %(mean)s of 100, "
            "where 50 is the typical peer): strongest in %(best)s (%(best_score)s), weakest "
            "in %(worst)s (%(worst_score)s)."
        ) % {
            "standing": standing(mean),
            "mean": f"{mean:.0f}",
            "best": _area_in_sentence(areas.get(best.code, best.name)),
            "best_score": f"{best.score:.0f}",
            "worst": _area_in_sentence(areas.get(worst.code, worst.name)),
            "worst_score": f"{worst.score:.0f}",
        }
    values = {"met": ex.met, "assessable": ex.assessable, "readiness": f"{ex.readiness:.0f}"}
    if ex.eligible:
        text += (
            " "
            + _(
                "It meets the eligibility baseline of the Bronze Label, and %(met)s of the "
                "%(assessable)s ECEI quality indicators that the interview covers "
                "(%(readiness)s %%)."
            )
            % values
        )
    else:
        text += (
            " "
            + _(
                "It does not yet meet the eligibility baseline of the Bronze Label, and "
                "%(met)s of the %(assessable)s ECEI quality indicators that the interview "
                "covers (%(readiness)s %%)."
            )
            % values
        )
    return text


@in_report_language
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
    version = str(data.version)
    if data.replaces:
        version = _("%(version)s, replaces %(identifier)s") % {
            "version": data.version,
            "identifier": data.replaces,
        }
    facts = (
        (_("Report identifier"), data.identifier),
        (_("Language"), report_language_name(data.language)),
        (_("Interview"), long_date(data.interview_date)),
        (_("Benchmarking expert"), data.expert),
        (_("Framework"), f"{data.framework.title} {data.framework.version}"),
        (_("Peer snapshot"), long_date(data.snapshot_date)),
        (_("Version"), version),
        (_("Status"), _("Released") if data.status == "released" else _("Draft for review")),
        (_("Country"), c.country),
        (_("Comparative portfolio"), c.portfolio),
    )
    if data.synthetic:
        facts += ((_("Data"), _("Synthetic demonstration data")),)
    own_name = c.name if not uncovered(c.name) else ""
    return Document(
        title=_("Cluster management benchmarking report"),
        # A name the report's fonts cannot show is left to the profile's note: the cover
        # and the page headers carry the English name.
        cluster_name=own_name,
        cluster_name_en=c.name_en,
        identifier=data.identifier,
        facts=facts,
        status=data.status,
        sections=_figures_numbered(sections),
        language=data.language,
        chrome={
            "lang": LANGUAGE_TAGS.get(data.language, data.language),
            "contents": _("Contents"),
            "page": _("Page"),
            "figure": _("Figure"),
            "draft": _("Draft for review"),
            "footer": _("ClusterBench · benchmarking of cluster organisations"),
            "headline": _report_name(c),
            "subline": own_name if _english() else (c.name_en if own_name else ""),
        },
    )


def _figures_numbered(sections: list[Section]) -> tuple[Section, ...]:
    """The sections with each figure numbered in reading order, from 1."""
    numbers = itertools.count(1)
    return tuple(
        replace(
            section,
            blocks=tuple(
                replace(block, number=next(numbers)) if isinstance(block, Figure) else block
                for block in section.blocks
            ),
        )
        for section in sections
    )


def _indicators(data: ReportInput) -> dict:
    return {i.code: i for i in data.framework.indicators}


def _narrative(data: ReportInput) -> Narrative:
    return narrative_load(data.framework.version, data.language)


def _judged_table(data: ReportInput, kind: str, judgements) -> Table:
    """Three strengths or weaknesses with their figures and their "so what"."""
    indicators = _indicators(data)
    narrative = _narrative(data)
    rows = tuple(
        (
            indicators[j.code].name
            + (" " + _("(lower is better)") if j.direction == "down" else ""),
            amount(j.value, indicators[j.code].unit),
            withheld() if j.median is None else amount(j.median, indicators[j.code].unit),
            narrative.indicators[j.code].why,
        )
        for j in judgements
    )
    if kind == "strength":
        heading = _("Strength")
        caption = _("Three strengths")
        none = _("No strengths: no indicator ranks in that quarter of the peers")
    else:
        heading = _("Weakness")
        caption = _("Three weaknesses")
        none = _("No weaknesses: no indicator ranks in that quarter of the peers")
    return Table(
        (heading, _("Cluster"), _("Median"), _("What it means")),
        rows or ((none, "", "", ""),),
        widths=(3, 1, 1, 5),
        caption=caption if len(judgements) > 1 else "",
    )


def _label_outcome(data: ReportInput) -> tuple[str, str]:
    ex = data.analysis.excellence
    if not ex.eligible:
        conditions = {c.indicator: c for c in data.framework.eligibility}
        missing = [
            _("%(requirement)s (%(code)s is %(value)s)")
            % {
                "requirement": _in_sentence(conditions[code].requirement),
                "code": code,
                "value": figure(_value_of(data, code), _indicators(data)[code].unit),
            }
            for code in ex.baseline_missed
            if code in conditions
        ]
        return (
            ngettext(
                "No label yet. The Bronze Label needs the eligibility baseline, and the "
                "cluster misses: %(missing)s. Meeting it in a new benchmarking brings the "
                "Bronze Label.",
                "No label yet. The Bronze Label needs the eligibility baseline, and the "
                "cluster misses: %(missing)s. Meeting them in a new benchmarking brings the "
                "Bronze Label.",
                len(missing),
            )
            % {"missing": _join(missing)},
            "weakness",
        )
    gold = (
        _("On this indication it is ready to apply for the Gold Label audit.")
        if ex.gold_ready
        else _(
            "The Gold Label needs at least 80 %% of the quality indicators; %(met)s of "
            "%(assessable)s (%(readiness)s %%) are met today."
        )
        % {"met": ex.met, "assessable": ex.assessable, "readiness": f"{ex.readiness:.0f}"}
    )
    return (
        _(
            "Bronze Label: the cluster meets the eligibility baseline. A second benchmarking "
            "18 to 24 months after this one, with three improvement areas described against "
            "ECEI quality indicators and validated in a half-day audit, leads to the Silver "
            "Label (see the route at the end of the recommendations)."
        )
        + " "
        + gold,
        "strength",
    )


def _value_of(data: ReportInput, code: str) -> float | None:
    return next(r.value for r in data.analysis.indicators if r.code == code)


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": "; ".join(items[:-1]), "last": items[-1]}


def _area_scores(data: ReportInput) -> list[tuple[str, float | None]]:
    names = {a.code: a.name for a in data.framework.areas}
    return [(names.get(s.code, s.name), s.score) for s in data.analysis.area_scores]


def _summary(data: ReportInput) -> Section:
    a = data.analysis
    areas = _area_scores(data)
    chosen = _chosen_recommendations(data)
    label, tone = _label_outcome(data)
    blocks = [
        Paragraph(data.summary.strip() or generated_summary(data)),
        Figure(
            charts.radar(areas),
            _(
                "Area scores: the mean percentile rank of each area's indicators against the "
                "peers (50 is the typical peer)."
            ),
            width=60,
            alt=radar_alt(areas),
        ),
        _judged_table(data, "strength", a.strengths[:3]),
        _judged_table(data, "weakness", a.weaknesses[:3]),
        Callout(label, tone=tone, title=_("Label outcome")),
    ]
    if chosen:
        blocks += [
            Paragraph(_("The three recommendations that matter most:")),
            BulletList(
                tuple(f"{r.title}." + (f" {r.reason}" if r.reason else "") for r in chosen[:3])
            ),
        ]
    return Section("summary", _("Executive summary"), tuple(blocks))


def radar_alt(areas, previous=None, when: str = "") -> str:
    """The radar in words: each area's score, and the earlier one when given."""

    def score(value):
        return _("no score") if value is None else f"{value:.0f}"

    if previous is None:
        parts = [f"{name} {score(value)}" for name, value in areas]
        intro = _("Radar chart of the area scores (0 to 100, 50 is the typical peer): ")
    else:
        parts = [
            _("%(area)s %(then)s in %(when)s, %(now)s now")
            % {"area": name, "then": score(then), "when": when, "now": score(now)}
            for (name, now), then in zip(areas, previous, strict=True)
        ]
        intro = _("Radar chart of the area scores then and now (0 to 100): ")
    return intro + "; ".join(parts) + "."


def distribution_alt(data: ReportInput, indicator, result) -> str:
    """The box plot in words: each group's median as published, and the cluster's value."""
    parts = []
    for g in result.groups:
        where = _lower_first(_group_label(data, g.kind))
        if not g.shown:
            parts.append(_("%(group)s: not compared") % {"group": where})
        elif g.median is None:
            parts.append(_("%(group)s: median withheld") % {"group": where})
        else:
            parts.append(
                _("median of %(group)s %(figure)s")
                % {"group": where, "figure": amount(g.median, indicator.unit)}
            )
    cluster = (
        _("this cluster not known")
        if result.value is None
        else _("this cluster %(figure)s") % {"figure": amount(result.value, indicator.unit)}
    )
    return (
        _("Box plot of %(name)s: ") % {"name": indicator.name} + "; ".join(parts) + f"; {cluster}."
    )


def _about(data: ReportInput, common_notes: list[str]) -> Section:
    a = data.analysis
    rows = tuple((_group_label(data, g.kind), str(g.peers)) for g in a.groups)
    policy = disclosure_policy()
    return Section(
        "about",
        _("About this benchmarking"),
        (
            Paragraph(
                _(
                    "An impartial benchmarking expert, %(expert)s, interviewed the cluster "
                    "management on %(date)s on the %(asked)s asked indicators of the framework "
                    "%(version)s, in six areas; two more indicators are computed from the "
                    "answers. Each answer rests on evidence noted in the annex."
                )
                % {
                    "expert": data.expert,
                    "date": long_date(data.interview_date),
                    "asked": len(data.framework.asked),
                    "version": data.framework.version,
                }
            ),
            Paragraph(
                _(
                    "The cluster organisation is compared with three groups of peers: "
                    "cluster organisations of the same comparative portfolio (technology "
                    "area), all benchmarked cluster organisations, and those of the same "
                    "country. The peers are each other cluster organisation's latest "
                    "completed benchmarking interviewed in the five years up to %(date)s, "
                    "frozen as a snapshot on that date so that this report can be "
                    "reproduced exactly."
                )
                % {"date": long_date(data.snapshot_date)}
            ),
            Table((_("Comparison group"), _("Peers")), rows, widths=(3, 1)),
            Paragraph(
                _(
                    "For each indicator and group the report shows percentiles of the peers' "
                    "values (the 10th, 25th, 50th or median, 75th and 90th) and the cluster's "
                    "percentile rank: the share of peers with a lower value, counting ties as "
                    "half. Answers given as “not known” are left out, never counted as zero."
                )
            ),
            Callout(_disclosure_rule(policy), title=_("What is published about peers")),
            *(
                [
                    Paragraph(
                        _(
                            "For this cluster's groups, the rule withholds the same figures "
                            "on many indicator pages; they are explained here once."
                        )
                        + " "
                        + " ".join(common_notes)
                    )
                ]
                if common_notes
                else []
            ),
            Paragraph(
                _(
                    "A strength is an indicator where the cluster ranks in the best quarter "
                    "of its portfolio group (of all clusters when the portfolio group is too "
                    "small), a weakness one in the weakest quarter. Descriptive indicators "
                    "are compared but never called a strength or a weakness."
                )
            ),
        ),
    )


def _disclosure_rule(policy: DisclosurePolicy) -> str:
    figures = policy.figures
    return _(
        "The peers' answers are confidential, so what the report shows grows with the "
        "group. A group is compared only when at least %(min_peers)s peers gave a value; "
        "otherwise the report says “too few peers to compare”. The median is shown from "
        "%(median)s peers, the 25th and 75th percentiles from %(p25)s, the 10th and 90th "
        "from %(p10)s. The cluster's percentile rank is given as a number from "
        "%(exact_rank)s peers, below that as its quarter. In a group of fewer than "
        "%(extremes_below)s peers, a figure that would reveal the lowest or highest peer's "
        "value is withheld, unless at least %(shared_by)s peers share it, and a group that "
        "contains another shown group and differs from it by 1 to %(max_difference)s peers "
        "is withheld as a whole. Withheld figures are marked “withheld” with the reason. "
        "No individual peer's value, minimum or maximum is ever shown (disclosure policy "
        "%(version)s)."
    ) % {
        "min_peers": policy.min_peers,
        "median": figures["median"],
        "p25": figures["p25"],
        "p10": figures["p10"],
        "exact_rank": policy.exact_rank_from,
        "extremes_below": policy.extremes_below,
        "shared_by": policy.extremes_shared_by,
        "max_difference": policy.max_difference,
        "version": policy.version,
    }


def _code_names(chars: list[str], limit: int = 3) -> str:
    """The first few characters by code point and Unicode name (U+0E01 THAI CHARACTER KO
    KAI), in ASCII, since the characters themselves cannot be shown."""
    named = ", ".join(code_name(char) for char in chars[:limit])
    if len(chars) > limit:
        return _("%(items)s and %(count)s more") % {"items": named, "count": len(chars) - limit}
    return named


def registry_text(text: str, instead: str) -> str:
    """A text of the registry (a cluster's name, region, website or address) as the report
    shows it: as it is, or, when some of its characters are in a script none of the
    report's fonts has (say Thai, or Han characters), a note naming them and what the
    report shows instead. The person reading it learns that something is left out and
    why; the report still renders, and nothing is shown as empty boxes."""
    if not text:
        return "—"
    missing = uncovered(text)
    if not missing:
        return text
    return _(
        "Not shown: it is written with characters the report's fonts cannot display "
        "(%(characters)s); %(instead)s."
    ) % {"characters": _code_names(missing), "instead": instead}


def _profile(data: ReportInput) -> Section:
    c = data.cluster
    elsewhere = _("see the cluster's entry in the registry")
    return Section(
        "profile",
        _("The cluster organisation"),
        (
            Facts(
                (
                    (_("Name"), registry_text(c.name, _("the report uses the English name"))),
                    (_("English name"), c.name_en),
                    (_("Country"), c.country),
                    (_("Region"), registry_text(c.region, elsewhere)),
                    (_("Comparative portfolio"), c.portfolio),
                    (_("Website"), registry_text(c.website, elsewhere)),
                    (_("Founded"), str(c.year_founded) if c.year_founded else "—"),
                    (_("Address"), registry_text(c.address, elsewhere)),
                )
            ),
            Paragraph(_("Key figures from the interview:")),
            Table(
                (_("Indicator"), _("Value")),
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
        _("Area score: %(score)s of 100, %(standing)s (the mean of %(count)s judged indicators).")
        % {
            "score": f"{score.score:.0f}",
            "standing": standing(score.score),
            "count": score.indicators,
        }
        if score.score is not None
        else _("Too few peers to give an area score.")
    )
    blocks = [
        Paragraph(area.description),
        Callout(text, title=area.name),
        Table((_("Indicator"), _("Value"), _("Percentile rank")), tuple(rows), widths=(4, 1, 1)),
    ]
    observation = data.qualitative.observations.get(area.code, "") if data.qualitative else ""
    if observation.strip():
        blocks.append(Callout(observation.strip(), title=_("The expert's observation")))
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
                amount(group.median, indicator.unit) if group.median is not None else withheld(),
                f"{sign} {amount(best, indicator.unit)}",
            )
        )
    if not rows:
        return []
    return [
        Paragraph(
            _(
                "Learn from the best: the best quarter of the comparison group reaches at "
                "least the figure in the last column (at most, where lower is better); this "
                "is a group figure, published only where the group is large enough."
            )
        ),
        Table(
            (_("Indicator"), _("This cluster"), _("Median"), _("Best quarter")),
            tuple(rows),
            widths=(4, 1, 1, 1),
            caption=_("Learn from the best"),
        ),
    ]


def _rank_cell(group) -> str:
    if (
        group.rank is None
        and group.quarter is None
        and (not group.shown or "rank" in group.withheld)
    ):
        return withheld()
    return rank(group.rank, group.quarter)


def _figure_cell(group, name: str, unit: str) -> str:
    value = getattr(group, name)
    return withheld() if value is None else amount(value, unit)


def direction_words(direction: str) -> str:
    return {
        "up": _("higher is better"),
        "down": _("lower is better"),
        "none": _("descriptive: compared, not judged"),
    }[direction]


def _indicator_page(data: ReportInput, indicator, result, common: set) -> Section:
    unit = indicator.unit
    groups = [
        {
            "label": _group_label(data, g.kind),
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
        label = _group_label(data, g.kind)
        if g.shown:
            rows.append(
                (
                    label,
                    str(g.n),
                    *(_figure_cell(g, n, unit) for n in ("p10", "p25", "median", "p75", "p90")),
                    _rank_cell(g),
                )
            )
        elif g.reason == DIFFERENCING:
            rows.append((label, str(g.n), *([withheld()] * 5), withheld()))
        else:
            rows.append(
                (
                    label,
                    _("fewer than %(count)s") % {"count": policy.min_peers},
                    _("too few peers"),
                    "",
                    "",
                    "",
                    "",
                    "",
                )
            )
    notes = [text for key, text in _withheld_notes(data, result, policy) if key not in common]
    why = _narrative(data).indicators.get(indicator.code)
    blocks = [
        Paragraph(why.why if why else indicator.question),
        Facts(
            (
                (_("Value"), figure(result.value, unit)),
                (_("Direction"), direction_words(indicator.direction)),
                (_("Formula"), f"{indicator.numerator} / {indicator.denominator}")
                if indicator.kind == "derived"
                else (_("Asked"), indicator.question),
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
                unit_name=unit_label(unit),
            ),
            _(
                "%(code)s %(name)s: each group's 10th to 90th percentile (line), 25th to 75th "
                "(box) and median (bar), as far as published; the diamond is this cluster "
                "(%(figure)s)."
            )
            % {
                "code": indicator.code,
                "name": indicator.name,
                "figure": figure(result.value, unit),
            },
            width=100,
            alt=distribution_alt(data, indicator, result),
        ),
        Table(
            (_("Group"), "n", "P10", "P25", _("Median"), "P75", "P90", _("Rank")),
            tuple(rows),
            widths=(3, 1, 1, 1, 1, 1, 1, 1),
        ),
        *([Paragraph(" ".join(notes))] if notes else []),
        Paragraph(_interpretation(data, indicator, result)),
    ]
    return Section(
        f"indicator-{indicator.code}", f"{indicator.code} {indicator.name}", tuple(blocks), level=2
    )


def _status_words(status: str) -> str:
    return {
        MET: pgettext("a quality indicator", "met"),
        NOT_MET: pgettext("a quality indicator", "not met"),
        NOT_KNOWN: pgettext("a quality indicator", "not known"),
        AUDIT_ONLY: _("assessed only in the on-site Gold audit"),
    }[status]


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
                _("In %(month)s") % {"month": month(data.previous.interview_date)},
                figure(then, unit) + (f" ({_change_words(change)})" if change != "—" else ""),
            )
        )
    group = result.judging_group()
    if indicator.direction != "none" and group is not None and group.shown:
        best = group.p25 if indicator.direction == "down" else group.p75
        if best is not None:
            sign = "≤" if indicator.direction == "down" else "≥"
            facts.append(
                (
                    _("Best quarter of %(group)s")
                    % {"group": _lower_first(_group_label(data, group.kind))},
                    f"{sign} {figure(best, unit)}",
                )
            )
    names = {c.code: c.name for c in data.framework.criteria}
    for c in data.analysis.excellence.criteria:
        if c.indicator == indicator.code:
            facts.append(
                (
                    f"ECEI {c.code}",
                    f"{names.get(c.code, c.name)}: {at_least(c.threshold, unit)}, "
                    f"{_status_words(c.status)}",
                )
            )
    return facts


def _lower_first(label: str) -> str:
    """A group's label inside a sentence: "same country: Israel", not "Israel" lowered."""
    return label[:1].lower() + label[1:]


def _chart_note(group) -> str:
    if group.shown:
        return "" if group.median is not None or group.p25 is not None else _("figures withheld")
    return withheld() if group.reason == DIFFERENCING else _("too few peers to compare")


def _figure_list(names: list[str]) -> str:
    figure_names = _figure_names()
    words = [figure_names[name] for name in names]
    if len(words) <= 1:
        text = "".join(words)
    else:
        text = _("%(items)s and %(last)s") % {"items": ", ".join(words[:-1]), "last": words[-1]}
    return text[0].upper() + text[1:]


def _withheld_notes(data: ReportInput, result, policy: DisclosurePolicy) -> list[tuple[tuple, str]]:
    """Why each withheld figure of an indicator page is withheld, in plain words, each
    with a key that is the same on every page where the same rule applies to the same
    group (so that a rule met on most pages is explained once, in the method chapter)."""
    code = result.code
    in_levels = any(i.code == code and i.kind == "ordinal" for i in data.framework.indicators)
    notes = []
    for g in result.groups:
        where = _lower_first(_group_label(data, g.kind))
        if g.reason == DIFFERENCING:
            inner = _lower_first(_group_label(data, g.differs_from))
            notes.append(
                (
                    ("differencing", g.kind, g.differs_from),
                    _(
                        "For %(code)s, %(group)s is withheld: it contains the group %(inner)s "
                        "and differs from it by only %(max)s or fewer peers, so its figures "
                        "would describe those few peers."
                    )
                    % {
                        "code": code,
                        "group": where,
                        "inner": inner,
                        "max": policy.max_difference,
                    },
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
            notes.append(
                (
                    ("needs", g.kind, size, tuple(sorted(names))),
                    ngettext(
                        "%(figures)s of %(group)s is published from %(size)s peers with a "
                        "value; %(n)s peers of this group answered %(code)s.",
                        "%(figures)s of %(group)s are published from %(size)s peers with a "
                        "value; %(n)s peers of this group answered %(code)s.",
                        len(names),
                    )
                    % {
                        "figures": _figure_list(names),
                        "group": where,
                        "size": size,
                        "n": g.n,
                        "code": code,
                    },
                )
            )
        for reason in (REVEALS_MINIMUM, REVEALS_MAXIMUM):
            lowest = reason == REVEALS_MINIMUM
            if g.withheld.get("rank") == reason:
                if in_levels:  # decided on every group of levels publishing the same
                    text = (
                        _(
                            "The cluster's rank against %(group)s is withheld: %(code)s is "
                            "answered in a few levels, and among so few peers its quarter "
                            "could reveal the lowest peer's answer."
                        )
                        if lowest
                        else _(
                            "The cluster's rank against %(group)s is withheld: %(code)s is "
                            "answered in a few levels, and among so few peers its quarter "
                            "could reveal the highest peer's answer."
                        )
                    )
                else:
                    text = (
                        _(
                            "The cluster's rank against %(group)s is withheld: with its "
                            "%(code)s so close to the indicator's lower bound, it would "
                            "reveal the lowest peer's value."
                        )
                        if lowest
                        else _(
                            "The cluster's rank against %(group)s is withheld: with its "
                            "%(code)s so close to the indicator's upper bound, it would "
                            "reveal the highest peer's value."
                        )
                    )
                notes.append(
                    (("extreme-rank", g.kind, reason, code), text % {"group": where, "code": code})
                )
            names = [name for name, why in g.withheld.items() if why == reason and name != "rank"]
            if names:
                values = {"figures": _figure_list(names), "group": where, "code": code}
                text = (
                    ngettext(
                        "%(figures)s of %(group)s is withheld for %(code)s: so close to the "
                        "indicator's lower bound, it would reveal the lowest peer's value.",
                        "%(figures)s of %(group)s are withheld for %(code)s: so close to the "
                        "indicator's lower bound, they would reveal the lowest peer's value.",
                        len(names),
                    )
                    if lowest
                    else ngettext(
                        "%(figures)s of %(group)s is withheld for %(code)s: so close to the "
                        "indicator's upper bound, it would reveal the highest peer's value.",
                        "%(figures)s of %(group)s are withheld for %(code)s: so close to the "
                        "indicator's upper bound, they would reveal the highest peer's value.",
                        len(names),
                    )
                )
                notes.append((("extreme", g.kind, reason, code), text % values))
        if g.quarter is not None and result.value is not None:
            small = g.n < policy.exact_rank_from
            notes.append(
                (
                    ("quarter", g.kind) if small else ("quarter-end", g.kind, code),
                    (
                        _(
                            "Against %(group)s the rank on %(code)s is given as its quarter: "
                            "it is published as a number from %(from)s peers, and %(n)s "
                            "answered."
                        )
                        if small
                        else _(
                            "Against %(group)s the rank on %(code)s is given as its quarter, "
                            "as is every rank this close to 0 or 100: as a number it could "
                            "reveal the lowest or highest peer's value."
                        )
                    )
                    % {"group": where, "code": code, "from": policy.exact_rank_from, "n": g.n},
                )
            )
    return notes


def _common_notes(data: ReportInput, policy: DisclosurePolicy) -> tuple[set, list[str]]:
    """The withholding rules that apply to the same group on more than three indicator
    pages: their keys, and each explained once for this cluster's groups."""
    seen: dict[tuple, list[int]] = {}
    for result in data.analysis.indicators:
        for key, _text in _withheld_notes(data, result, policy):
            seen.setdefault(key, []).append(next(g.n for g in result.groups if g.kind == key[1]))
    common = {key for key, sizes in seen.items() if len(sizes) > 3}
    texts = []
    for key in sorted(common):
        label = _group_label(data, key[1])
        values = {
            "group": _lower_first(label),
            "label": label,
            "pages": len(seen[key]),
            "most": max(seen[key]),
            "from": policy.exact_rank_from,
            "max": policy.max_difference,
        }
        if key[0] == "needs":
            names = list(key[3])
            texts.append(
                ngettext(
                    "%(figures)s of %(group)s is published from %(size)s peers with a value; "
                    "this group has at most %(most)s for any indicator, so %(pages)s "
                    "indicator pages mark it withheld.",
                    "%(figures)s of %(group)s are published from %(size)s peers with a "
                    "value; this group has at most %(most)s for any indicator, so %(pages)s "
                    "indicator pages mark them withheld.",
                    len(names),
                )
                % {**values, "figures": _figure_list(names), "size": key[2]}
            )
        elif key[0] == "quarter":
            texts.append(
                _(
                    "Against %(group)s the cluster's rank is given as its quarter on "
                    "%(pages)s indicators: a rank is published as a number from %(from)s "
                    "peers, and this group has at most %(most)s."
                )
                % values
            )
        elif key[0] == "differencing":
            texts.append(
                _(
                    "%(label)s is withheld on %(pages)s indicators: it differs from a smaller "
                    "shown group by only %(max)s or fewer peers, so its figures would "
                    "describe those few peers."
                )
                % values
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
    name_in = _in_sentence(name)
    area = next(a.name for a in data.framework.areas if a.code == indicator.area)
    if result.value is None:
        return _(
            "%(code)s was answered “not known”, so %(name)s is left out of the comparison and "
            "of the %(area)s score; recording it would make the next benchmarking more "
            "telling."
        ) % {"code": code, "name": name_in, "area": _area_in_sentence(area)}
    judged = result.judging_group()
    if judged is None:
        return _("Too few peers gave a value for %(name)s to compare it.") % {"name": name_in}
    rank_withheld = judged.rank is None and judged.quarter is None
    if rank_withheld and judged.median is None:
        return _(
            "The comparison of %(name)s with its peers is withheld under the disclosure rule "
            "(see the note above)."
        ) % {"name": name_in}
    where = _lower_first(_group_label(data, judged.kind))
    value = figure(result.value, unit)
    sentences = []
    if judged.median is None:
        sentences.append(
            _(
                "The median of %(group)s is withheld for %(name)s, so the cluster's %(value)s "
                "is placed by its rank alone."
            )
            % {"group": where, "name": name_in, "value": value}
        )
    else:
        median = figure(judged.median, unit)
        shown_value, shown_median = amount(result.value, unit), amount(judged.median, unit)
        values = {"value": value, "group": where, "median": median, "name": name_in}
        if shown_value == shown_median:
            first = _(
                "At %(value)s, the cluster is equal to the median of %(group)s (%(median)s) on "
                "%(name)s."
            )
        elif result.value > judged.median:
            first = _(
                "At %(value)s, the cluster is above the median of %(group)s (%(median)s) on "
                "%(name)s."
            )
        else:
            first = _(
                "At %(value)s, the cluster is below the median of %(group)s (%(median)s) on "
                "%(name)s."
            )
        sentences.append(
            _variant(
                code,
                first % values,
                _(
                    "The median cluster organisation in %(group)s reports %(median)s for "
                    "%(name)s; this one reports %(value)s."
                )
                % values,
                _("%(name)s: %(value)s here, against a median of %(median)s in %(group)s.")
                % {**values, "name": name},
            )
        )
    if rank_withheld:
        sentences.append(
            _(
                "The cluster's rank among these peers, and so a verdict, is withheld under the "
                "disclosure rule (see the note above)."
            )
        )
        return " ".join(sentences)
    # The rank and the verdict in one sentence, read in the indicator's direction.
    if judged.rank is not None:
        r = judged.rank
        ranks = {"rank": f"{r:.0f}", "more": f"{100 - r:.0f}", "value": value}
        place = (
            _("percentile rank %(rank)s, the top of the group") % ranks
            if r >= 99.5
            else _("percentile rank %(rank)s, the bottom of the group") % ranks
            if r <= 0.5
            else _variant(
                code + "r",
                _("percentile rank %(rank)s (about %(rank)s %% of these peers report less)")
                % ranks,
                _("percentile rank %(rank)s (roughly %(more)s %% of the peers report more)")
                % ranks,
                _("percentile rank %(rank)s for %(value)s") % ranks,
            )
        )
        verdict = standing(100 - r if indicator.direction == "down" else r)
    else:
        place = _("a rank in the %(quarter)s of the group for %(value)s") % {
            "quarter": quarter_name(judged.quarter),
            "value": value,
        }
        verdict = quarter_standing(
            5 - judged.quarter if indicator.direction == "down" else judged.quarter
        )
    values = {"place": place, "name": name_in, "verdict": verdict}
    if indicator.direction == "none":
        sentences.append(
            _variant(
                code,
                _(
                    "That is %(place)s; %(name)s describes the cluster rather than judging it, "
                    "so neither a higher nor a lower value is better in itself."
                )
                % values,
                _(
                    "That is %(place)s, but no verdict is drawn: %(name)s describes the "
                    "cluster's profile."
                )
                % values,
                _(
                    "That is %(place)s; %(name)s is compared for context only and does not "
                    "enter the area score."
                )
                % values,
            )
        )
        return " ".join(sentences)
    if indicator.direction == "down":
        sentences.append(
            _("That is %(place)s; for %(name)s lower is better, so the cluster stands %(verdict)s.")
            % values
        )
    else:
        sentences.append(
            _variant(
                code + "v",
                _("That is %(place)s; since more is better here, the cluster stands %(verdict)s.")
                % values,
                _(
                    "This gives %(place)s, and with higher values better, the cluster is "
                    "%(verdict)s."
                )
                % values,
                _(
                    "It has %(place)s: read in its direction (higher is better), that is "
                    "%(verdict)s."
                )
                % values,
            )
        )
    # The judgement itself comes from the analysis (the exact rank), never from the
    # published rank, so this page and the strengths chapter always agree.
    if any(j.code == code for j in data.analysis.strengths):
        sentences.append(_("%(name)s is one of the cluster's strengths.") % {"name": name})
    elif any(j.code == code for j in data.analysis.weaknesses):
        gap = None
        if (
            judged.median is not None
            and indicator.direction == "up"
            and unit != "level"
            and judged.median > result.value
        ):
            gap = judged.median - result.value
        if gap is None:
            sentences.append(_("%(name)s is one of the cluster's weaknesses.") % {"name": name})
        else:
            sentences.append(
                _(
                    "%(name)s is one of the cluster's weaknesses: %(gap)s more %(noun)s "
                    "would reach the median."
                )
                % {
                    "name": name,
                    "gap": amount(gap, unit).removesuffix(" %"),
                    "noun": counted(
                        _narrative(data).indicators[code].more,
                        amount(gap, unit).removesuffix(" %"),
                    ),
                }
            )
    return " ".join(sentences)


def _strengths_weaknesses(data: ReportInput) -> Section:
    indicators = _indicators(data)

    def rows(judgements):
        return tuple(
            (
                f"{j.code} {indicators[j.code].name}"
                + (" " + _("(lower is better)") if j.direction == "down" else ""),
                amount(j.value, indicators[j.code].unit),
                withheld() if j.median is None else amount(j.median, indicators[j.code].unit),
                withheld() if j.rank is None and j.quarter is None else rank(j.rank, j.quarter),
                _group_label(data, j.group),
            )
            for j in judgements
        ) or ((pgettext("no strengths or weaknesses", "None"), "", "", "", ""),)

    columns = (
        _("Indicator"),
        _("Value"),
        _("Group median"),
        _("Rank"),
        _("Judged against"),
    )
    a = data.analysis
    return Section(
        "strengths",
        _("Strengths and weaknesses"),
        (
            Paragraph(
                _(
                    "A strength ranks in the best quarter of the comparison group, a weakness "
                    "in the weakest quarter, read in each indicator's direction; both are "
                    "listed by how far their published rank lies from the peer median (a "
                    "quarter counts as its middle), then in the questionnaire's order, and "
                    "judged against the group named beside them."
                )
            ),
            Table(columns, rows(a.strengths), caption=_("Strengths"), widths=(4, 1, 1, 1, 3)),
            Table(columns, rows(a.weaknesses), caption=_("Weaknesses"), widths=(4, 1, 1, 1, 3)),
        ),
    )


def _excellence(data: ReportInput) -> Section:
    ex = data.analysis.excellence
    indicators = _indicators(data)
    names = {c.code: c.name for c in data.framework.criteria}

    def unit(c):
        return indicators[c.indicator].unit if c.indicator else ""

    rows = tuple(
        (
            c.code,
            names.get(c.code, c.name),
            c.indicator or "—",
            at_least(c.threshold, "") if c.threshold is not None else "—",
            amount(c.value, unit(c)) if c.indicator else "—",
            _status_words(c.status),
        )
        for c in ex.criteria
    )
    counts = {s: sum(c.status == s for c in ex.criteria) for s in (MET, NOT_MET, NOT_KNOWN)}
    values = {
        "met": ex.met,
        "assessable": ex.assessable,
        "readiness": f"{ex.readiness:.0f}",
        "count_met": counts[MET],
        "not_met": counts[NOT_MET],
        "not_known": counts[NOT_KNOWN],
    }
    return Section(
        "excellence",
        _("Comparison with the ECEI quality indicators"),
        (
            Paragraph(
                _(
                    "The European Cluster Excellence Initiative assesses cluster management "
                    "excellence with 31 quality indicators; the Gold Label needs at least 80 %% "
                    "of the maximum score and each indicator's threshold. The official "
                    "thresholds are not public: the thresholds below are this framework's "
                    "own, configurable defaults (framework %(version)s)."
                )
                % {"version": data.framework.version}
            ),
            Figure(
                charts.readiness(counts[MET], counts[NOT_MET], counts[NOT_KNOWN], ex.assessable),
                _(
                    "Excellence readiness: %(met)s of %(assessable)s assessable quality "
                    "indicators met (%(readiness)s %%)."
                )
                % values,
                width=100,
                alt=_(
                    "Bar chart of the %(assessable)s assessable ECEI quality indicators: "
                    "%(count_met)s met, %(not_met)s not met, %(not_known)s not known; the mark "
                    "at 80 %% is the share the Gold Label needs."
                )
                % values,
            ),
            Table(
                (
                    "ECEI",
                    _("Quality indicator"),
                    _("Indicator"),
                    _("Threshold"),
                    _("Value"),
                    _("Status"),
                ),
                rows,
                widths=(1, 5, 2, 2, 1.6, 2.4),
            ),
            Callout(
                _(
                    "Only an on-site audit by two experts awards the Gold Label; this "
                    "comparison is an indication of readiness, not an assessment."
                )
                + (
                    " " + _("On this indication the cluster organisation is Gold-ready.")
                    if ex.gold_ready
                    else ""
                ),
                title=_("Gold Label"),
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
            _(
                "One recommendation per issue, most important first: what stands between the "
                "cluster and the Bronze Label, then weaknesses that also miss an ECEI quality "
                "indicator, other weaknesses, and other quality indicators not yet met. Each "
                "gives the gap from the cluster's own answer to its target."
            )
        )
    ]
    for n, r in enumerate(chosen, start=1):
        text = _("%(what)s Why it matters: %(why)s") % {"what": r.what, "why": r.why}
        if r.reason:
            text += " " + _("The gap: %(reason)s") % {"reason": r.reason}
        text += " " + _("First step: %(step)s") % {"step": r.first_step}
        blocks.append(Callout(text, title=f"{n}. {r.title}"))
    if not chosen:
        blocks.append(Paragraph(_("No recommendations: no weaknesses and no unmet criteria.")))
    blocks += _silver_route(data)
    return Section("recommendations", _("Recommendations"), tuple(blocks))


def _silver_route(data: ReportInput) -> list:
    """Three improvement areas against ECEI quality indicators: the unmet ones the
    recommendations lead with, then the others in the framework's order."""
    ex = data.analysis.excellence
    indicators = _indicators(data)
    names = {c.code: c.name for c in data.framework.criteria}
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
            _("ECEI %(code)s %(name)s: %(indicator)s is %(value)s, the threshold is %(threshold)s.")
            % {
                "code": c.code,
                "name": names.get(c.code, c.name),
                "indicator": c.indicator,
                "value": figure(c.value, unit),
                "threshold": at_least(c.threshold, unit),
            }
        )
    text = (
        _(
            "Once the Bronze Label is reached, the Silver Label asks for a second "
            "benchmarking 18 to 24 months after the first and three improvement areas "
            "described against ECEI quality indicators, validated in a half-day audit. On "
            "this report's figures, these three are the natural choice:"
        )
        if not ex.eligible
        else _(
            "The Silver Label asks for a second benchmarking 18 to 24 months after the first "
            "and three improvement areas described against ECEI quality indicators, "
            "validated in a half-day audit. On this report's figures, these three are the "
            "natural choice:"
        )
    )
    return [Paragraph(text), BulletList(tuple(items))]


def _change(indicator, then: float | None, now: float | None) -> str:
    """How an indicator changed: unchanged, higher, lower, improved, fell back, or "—"."""
    if then is None or now is None:
        return "—"
    if amount(then, indicator.unit) == amount(now, indicator.unit):
        return "unchanged"
    if indicator.direction == "none":
        return "higher" if now > then else "lower"
    better = now > then if indicator.direction == "up" else now < then
    return "improved" if better else "fell back"


def _change_words(change: str) -> str:
    return {
        "—": "—",
        "unchanged": _("unchanged"),
        "higher": _("higher"),
        "lower": _("lower"),
        "improved": _("improved"),
        "fell back": _("fell back"),
    }[change]


def _progress(data: ReportInput, previous: Previous) -> Section:
    when = month(previous.interview_date)
    then_values = {r.code: r.value for r in previous.analysis.indicators}
    rows, improved, fell = [], [], []
    for indicator in data.framework.indicators:
        then, now = then_values.get(indicator.code), _value_of(data, indicator.code)
        change = _change(indicator, then, now)
        rows.append(
            (
                f"{indicator.code} {indicator.name}",
                amount(then, indicator.unit) if then is not None else not_known(),
                amount(now, indicator.unit) if now is not None else not_known(),
                _change_words(change),
            )
        )
        entry = f"{indicator.name} ({figure(then, indicator.unit)} → {figure(now, indicator.unit)})"
        if change == "improved":
            improved.append(entry)
        elif change == "fell back":
            fell.append(entry)
    then_scores = [s.score for s in previous.analysis.area_scores]
    areas = _area_scores(data)
    area_rows = tuple(
        (
            name,
            "—" if then is None else f"{then:.0f}",
            "—" if now is None else f"{now:.0f}",
            "—" if then is None or now is None else f"{now - then:+.0f}",
        )
        for (name, now), then in zip(areas, then_scores, strict=True)
    )
    now_word = pgettext("then and now", "Now")
    blocks = [
        Paragraph(
            _(
                "The cluster was last benchmarked in %(when)s. To show what changed in the "
                "cluster itself, its answers of then are compared with the same peers as "
                "today's (the snapshot of %(date)s): of the judged indicators answered both "
                "times, %(improved)s improved and %(fell)s fell back."
            )
            % {
                "when": when,
                "date": long_date(data.snapshot_date),
                "improved": len(improved),
                "fell": len(fell),
            }
        ),
        Figure(
            charts.radar(
                areas,
                label=month(data.interview_date),
                reference=then_scores,
                reference_label=when,
            ),
            _("Area scores in %(when)s (dashed) and now, against the same peers.") % {"when": when},
            width=60,
            alt=radar_alt(areas, then_scores, when),
        ),
        Table((_("Area"), when, now_word, _("Change")), area_rows, widths=(3, 1, 1, 1)),
    ]
    if improved:
        blocks += [
            Paragraph(_("Improved since %(when)s:") % {"when": when}),
            BulletList(tuple(improved)),
        ]
    if fell:
        blocks += [
            Paragraph(_("Fell back since %(when)s:") % {"when": when}),
            BulletList(tuple(fell)),
        ]
    blocks.append(
        Table(
            (_("Indicator"), when, now_word, _("Change")),
            tuple(rows),
            widths=(5, 1, 1, 1),
            caption=_("Each indicator then and now"),
        )
    )
    return Section("progress", _("Progress since %(when)s") % {"when": when}, tuple(blocks))


def _qualitative(data: ReportInput, q: Qualitative) -> list[Section]:
    """The strategy, business model and megatrends set against good practice, and the
    cluster's success stories: only the parts the interview recorded."""
    narrative = _narrative(data)
    sections = []
    blocks = []
    for key, title in (("strategy", _("Strategy")), ("business_model", _("Business model"))):
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
                _(
                    "The 2019 revision of the benchmarking added three megatrends; what the "
                    "cluster does about each:"
                )
            )
        )
        blocks.append(
            Table((_("Megatrend"), _("What the cluster does")), tuple(trends), widths=(1, 3))
        )
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
            Section("strategy", _("Strategy, business model and megatrends"), tuple(blocks))
        )
    if q.stories:
        sections.append(
            Section(
                "stories",
                _("Success stories"),
                (
                    Paragraph(
                        ngettext(
                            "The cluster prepared %(count)s success story for the interview.",
                            "The cluster prepared %(count)s success stories for the interview.",
                            len(q.stories),
                        )
                        % {"count": len(q.stories)}
                    ),
                    *(
                        Callout(
                            _("Partners: %(partners)s. Outcome: %(outcome)s")
                            % {"partners": s.partners, "outcome": s.outcome},
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
            _("no answer")
            if answer is None
            else not_known()
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
        _("Annex A: all answers with their evidence"),
        (
            Table(
                (_("Code"), _("Indicator"), _("Answer"), _("Evidence")),
                tuple(rows),
                widths=(1, 4, 2, 5),
            ),
        ),
    )


def _annex_definitions(data: ReportInput) -> Section:
    """What each indicator measures, for the reader: the question asked or the formula,
    and what it means; never the interviewer's guidance on how to ask."""
    narrative = _narrative(data)
    blocks = []
    for indicator in data.framework.indicators:
        detail = (
            _("Computed as %(numerator)s / %(denominator)s.")
            % {"numerator": indicator.numerator, "denominator": indicator.denominator}
            if indicator.kind == "derived"
            else indicator.question
        )
        levels = "; ".join(
            f"{lvl.value} {_in_sentence(lvl.label) if _english() else lvl.label.lower()}"
            for lvl in indicator.levels
        )
        why = narrative.indicators.get(indicator.code)
        text = f"{indicator.code} {indicator.name} ({unit_label(indicator.unit)}; "
        text += f"{direction_words(indicator.direction)}). {detail}"
        if levels:
            text += " " + _("Levels: %(levels)s.") % {"levels": levels}
        if why:
            text += f" {why.why}"
        blocks.append(Paragraph(text))
    return Section("annex-definitions", _("Annex B: indicator definitions"), tuple(blocks))


def glossary() -> tuple[tuple[str, str], ...]:
    return (
        (
            _("Cluster organisation"),
            _(
                "The legal entity that manages a cluster: it employs the cluster management "
                "and serves the cluster's participants."
            ),
        ),
        (
            _("Committed participant"),
            _(
                "An organisation with a signed membership or cooperation agreement that pays "
                "a fee or contributes actively."
            ),
        ),
        (
            _("Comparative portfolio"),
            _("The technology area used to form the first comparison group."),
        ),
        (
            "ECEI",
            _(
                "European Cluster Excellence Initiative: the quality indicators and labels of "
                "cluster management excellence (Bronze, Silver, Gold)."
            ),
        ),
        (
            _("Eligibility baseline"),
            _(
                "The minimum conditions for a label: management of at least 0.5 FTE, at "
                "least 15 committed participants of at least 2 categories, an English "
                "website with proof of activity."
            ),
        ),
        (_("FTE"), _("Full-time equivalent.")),
        (
            _("Median"),
            _("The middle value: half of the peers have a lower value, half a higher one."),
        ),
        (
            _("Percentile (P10, P25, P75, P90)"),
            _("The value below which that share of the peers lies."),
        ),
        (
            _("Percentile rank"),
            _("The share of peers with a lower value than the cluster, counting ties as half."),
        ),
        (
            _("Reference snapshot"),
            _("The peers' answers frozen on the date of the report, so that it can be reproduced."),
        ),
    )


def _glossary() -> Section:
    return Section("glossary", _("Glossary"), (Facts(glossary()),))
