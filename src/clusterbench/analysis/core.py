"""One subject against its peers: statistics, strengths and weaknesses, area scores,
excellence readiness, eligibility and recommendations (METHODOLOGY sections 3-5).

Pure: plain data in, plain data out. Every peer figure in the result comes from
disclosure.publish (the disclosure rule of section 3); the exact percentile ranks are
used inside, for strengths and weaknesses, and never returned.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from decimal import Decimal

import numpy as np

from clusterbench.methodology.disclosure import DisclosurePolicy, disclosure_policy
from clusterbench.methodology.spec import FrameworkSpec

from .disclosure import QUARTERS, PeerGroup, Published, bounds_of, levels_of, publish, rank_midpoint
from .eligibility import eligibility_failures
from .peers import ALL, COUNTRY, PORTFOLIO, PeerStatistics
from .recommendations import Catalogue

STRENGTH_AT = 75.0
WEAKNESS_AT = 25.0
GOLD_READY_AT = 80.0

MET, NOT_MET, NOT_KNOWN, AUDIT_ONLY = "met", "not met", "not known", "audit only"


@dataclass(frozen=True)
class Subject:
    values: dict[str, float | None]  # every indicator, derived included; None = missing
    portfolio: str
    portfolio_name: str
    country: str
    country_name: str


@dataclass(frozen=True)
class GroupResult:
    """One comparison group for one indicator, as published (disclosure.publish)."""

    kind: str  # portfolio | all | country
    label: str
    n: int  # peers with a value for this indicator
    shown: bool  # compared; otherwise only n and `reason` are given
    reason: str | None = None  # why the group is not compared
    differs_from: str | None = None  # the smaller group, when withheld for differencing
    p10: float | None = None  # each figure None when withheld; `withheld` says why
    p25: float | None = None
    median: float | None = None
    p75: float | None = None
    p90: float | None = None
    withheld: dict[str, str] = field(default_factory=dict)  # figure -> reason
    rank: float | None = None  # the subject's percentile rank, when published as a number
    quarter: int | None = None  # 1-4, when the rank is published only as its quarter

    @property
    def quarter_name(self) -> str | None:
        return None if self.quarter is None else QUARTERS[self.quarter - 1]


@dataclass(frozen=True)
class IndicatorResult:
    code: str
    name: str
    area: str
    unit: str
    direction: str
    value: float | None
    groups: tuple[GroupResult, ...]

    judged_against: str | None = None  # the kind of group judged against, if any

    def judging_group(self) -> GroupResult | None:
        """Group (a), the same portfolio, when large enough; else (b), all clusters."""
        for group in self.groups:
            if group.kind == self.judged_against:
                return group
        return None


@dataclass(frozen=True)
class Judgement:
    """A strength or a weakness, judged on the exact rank, shown as published."""

    code: str
    name: str
    direction: str
    value: float
    group: str
    group_label: str
    rank: float | None  # the published percentile rank in the judging group
    quarter: int | None  # or its published quarter
    median: float | None  # the judging group's median, when published

    @property
    def quarter_name(self) -> str | None:
        return None if self.quarter is None else QUARTERS[self.quarter - 1]


@dataclass(frozen=True)
class AreaScore:
    code: str
    name: str
    score: float | None  # 0-100; 50 = the peer median
    indicators: int  # directional indicators that contributed


@dataclass(frozen=True)
class CriterionResult:
    code: str
    name: str
    indicator: str | None
    threshold: float | None
    value: float | None
    status: str  # met | not met | not known | audit only


@dataclass(frozen=True)
class Excellence:
    criteria: tuple[CriterionResult, ...]
    met: int
    assessable: int
    readiness: float  # met / assessable, in %
    eligible: bool
    eligibility_failures: tuple[str, ...]
    gold_ready: bool  # indicatively: readiness >= 80 % and eligible; only an audit awards Gold
    baseline_missed: tuple[str, ...] = ()  # the indicators of the baseline conditions missed


@dataclass(frozen=True)
class Recommendation:
    """One issue (one indicator), however many triggers point at it, with the gap from
    the cluster's own answer to its target."""

    id: str
    priority: int  # 0 baseline missed, 1 weakness + unmet criterion, 2 weakness, 3 criterion
    reason: str
    indicator: str | None
    criterion: str | None
    title: str
    what: str
    why: str
    first_step: str
    value: float | None = None  # the cluster's answer
    target: float | None = None  # the figure to reach
    target_kind: str = ""  # baseline | criterion | median
    direction: str = "up"
    baseline: str = ""  # the baseline requirement missed, for priority 0
    criteria: tuple[str, ...] = ()  # every unmet ECEI criterion of this indicator


@dataclass(frozen=True)
class GroupSize:
    kind: str
    label: str
    peers: int


@dataclass(frozen=True)
class Analysis:
    framework_version: str
    disclosure_version: str
    peers: int
    groups: tuple[GroupSize, ...]
    indicators: tuple[IndicatorResult, ...]
    strengths: tuple[Judgement, ...]
    weaknesses: tuple[Judgement, ...]
    area_scores: tuple[AreaScore, ...]
    excellence: Excellence
    recommendations: tuple[Recommendation, ...]


def analyse(
    framework: FrameworkSpec,
    subject: Subject,
    stats: PeerStatistics,
    catalogue: Catalogue | None = None,
    policy: DisclosurePolicy | None = None,
) -> Analysis:
    policy = policy or disclosure_policy()
    population = stats.population
    labels = {
        PORTFOLIO: f"Same portfolio: {subject.portfolio_name}",
        ALL: "All clusters",
        COUNTRY: f"Same country: {subject.country_name}",
    }
    keys = {PORTFOLIO: subject.portfolio, ALL: "", COUNTRY: subject.country}
    groups = {kind: stats.group(kind, keys[kind]) for kind in labels}
    rows = {kind: stats.rows(kind, keys[kind]) for kind in labels}
    results, judged = [], []
    for indicator in framework.indicators:
        column = population.column(indicator.code)
        value = subject.values.get(indicator.code)
        has_value = ~np.isnan(population.values[:, column])
        peer_groups = []
        for kind in labels:
            group = groups[kind]
            n = 0 if group is None else int(group.counts[column])
            peer_groups.append(
                PeerGroup(
                    kind,
                    np.empty(0) if group is None else group.sorted_values[:n, column],
                    rows[kind] & has_value,
                )
            )
        published = publish(
            peer_groups,
            bounds=bounds_of(indicator),
            policy=policy,
            subject=value,
            levels=levels_of(indicator),
        )
        # Judged against group (a) when large enough, else (b), on the exact rank.
        against = next(
            (
                kind
                for kind in (PORTFOLIO, ALL)
                if groups[kind] is not None and int(groups[kind].counts[column]) >= policy.min_peers
            ),
            None,
        )
        result = IndicatorResult(
            code=indicator.code,
            name=indicator.name,
            area=indicator.area,
            unit=indicator.unit,
            direction=indicator.direction,
            value=value,
            groups=tuple(_group_result(kind, labels[kind], published[kind]) for kind in labels),
            judged_against=against,
        )
        results.append(result)
        if against is not None and value is not None and indicator.direction != "none":
            exact = groups[against].rank(column, value)
            judged.append((exact, result))
    strengths, weaknesses = _judge(judged)
    excellence = _excellence(framework, subject)
    return Analysis(
        framework_version=framework.version,
        disclosure_version=policy.version,
        peers=population.size,
        groups=tuple(
            GroupSize(
                kind,
                labels[kind],
                0 if groups[kind] is None else groups[kind].sorted_values.shape[0],
            )
            for kind in labels
        ),
        indicators=tuple(results),
        strengths=strengths,
        weaknesses=weaknesses,
        area_scores=_area_scores(framework, results),
        excellence=excellence,
        recommendations=_recommend(framework, subject, weaknesses, excellence, catalogue)
        if catalogue
        else (),
    )


def _group_result(kind: str, label: str, published: Published) -> GroupResult:
    return GroupResult(
        kind=kind,
        label=label,
        n=published.n,
        shown=published.compared,
        reason=published.reason,
        differs_from=published.differs_from,
        withheld=dict(published.withheld),
        rank=published.rank,
        quarter=published.quarter,
        **{name: published.figure(name) for name in ("p10", "p25", "median", "p75", "p90")},
    )


def _score(direction: str, rank: float) -> float:
    return 100.0 - rank if direction == "down" else rank


def _judge(judged: list[tuple[float, IndicatorResult]]):
    """Strengths and weaknesses from the exact ranks, each shown with its group's published
    rank and median. A judgement says as much as the quarter of the rank, so where the
    disclosure rule withholds the rank (it would reveal a peer's extreme, or the group is
    withheld), the judgement is not published. They are listed furthest from the median
    first by the published rank (a quarter counts as its middle), ties in the framework's
    order: ordered by the exact ranks, the list would tell exact ranks the rule gives
    only as quarters."""
    judged.sort(key=lambda item: -_published_distance(item[1]))
    strengths, weaknesses = [], []
    for exact, result in judged:
        score = _score(result.direction, exact)
        group = result.judging_group()
        if WEAKNESS_AT < score < STRENGTH_AT or (group.rank is None and group.quarter is None):
            continue
        judgement = Judgement(
            code=result.code,
            name=result.name,
            direction=result.direction,
            value=result.value,
            group=group.kind,
            group_label=group.label,
            rank=group.rank,
            quarter=group.quarter,
            median=group.median,
        )
        (strengths if score >= STRENGTH_AT else weaknesses).append(judgement)
    return tuple(strengths), tuple(weaknesses)


def _published_distance(result: IndicatorResult) -> float:
    """How far the published rank in the judging group lies from the median, read in the
    indicator's direction (0 when nothing is published)."""
    group = result.judging_group()
    rank = rank_midpoint(group) if group is not None else None
    return 0.0 if rank is None else abs(_score(result.direction, rank) - 50.0)


def _area_scores(framework: FrameworkSpec, results: list[IndicatorResult]):
    """The mean of the area's published, direction-adjusted ranks in the judging group; a
    rank published only as its quarter counts as the middle of that quarter, so the
    score says nothing the published ranks do not."""
    scores = []
    for area in framework.areas:
        ranks = []
        for result in results:
            group = result.judging_group()
            if result.area != area.code or result.direction == "none" or group is None:
                continue
            rank = rank_midpoint(group)
            if rank is not None:
                ranks.append(_score(result.direction, rank))
        scores.append(
            AreaScore(
                code=area.code,
                name=area.name,
                score=sum(ranks) / len(ranks) if ranks else None,
                indicators=len(ranks),
            )
        )
    return tuple(scores)


def _excellence(framework: FrameworkSpec, subject: Subject) -> Excellence:
    criteria = []
    for criterion in framework.criteria:
        if criterion.audit_only:
            criteria.append(
                CriterionResult(criterion.code, criterion.name, None, None, None, AUDIT_ONLY)
            )
            continue
        value = subject.values.get(criterion.indicator)
        threshold = float(criterion.threshold)
        status = NOT_KNOWN if value is None else MET if value >= threshold else NOT_MET
        criteria.append(
            CriterionResult(
                criterion.code, criterion.name, criterion.indicator, threshold, value, status
            )
        )
    assessable = sum(c.status != AUDIT_ONLY for c in criteria)
    met = sum(c.status == MET for c in criteria)
    readiness = 100.0 * met / assessable if assessable else 0.0
    answers = {code: None if v is None else Decimal(str(v)) for code, v in subject.values.items()}
    missed = eligibility_failures(framework, answers)
    failures = tuple(f.reason for f in missed)
    return Excellence(
        criteria=tuple(criteria),
        met=met,
        assessable=assessable,
        readiness=readiness,
        eligible=not failures,
        eligibility_failures=failures,
        gold_ready=readiness >= GOLD_READY_AT and not failures,
        baseline_missed=tuple(f.indicator for f in missed),
    )


def _recommend(
    framework: FrameworkSpec,
    subject: Subject,
    weaknesses,
    excellence: Excellence,
    catalogue: Catalogue,
):
    """One recommendation per issue, keyed by indicator: a missed eligibility baseline
    first (priority 0), then weaknesses with an unmet ECEI criterion (1), other
    weaknesses (2), other unmet criteria (3). The target is the baseline's threshold, the
    lowest unmet criterion threshold (the next step) or the judging group's median."""
    unmet: dict[str, list[CriterionResult]] = {}
    for criterion in excellence.criteria:
        if criterion.status == NOT_MET:
            unmet.setdefault(criterion.indicator, []).append(criterion)
    weak = {w.code: w for w in weaknesses}
    baseline = {
        condition.indicator: condition
        for condition in framework.eligibility
        if condition.indicator in excellence.baseline_missed
    }
    directions = {i.code: i.direction for i in framework.indicators}
    order = [
        *baseline,
        *(w.code for w in weaknesses if w.code in unmet),
        *(w.code for w in weaknesses),
        *(c.indicator for c in excellence.criteria if c.indicator in unmet),
    ]
    chosen: list[Recommendation] = []
    seen: set[str] = set()
    for code in order:
        if code in seen:
            continue
        seen.add(code)
        criteria = sorted(unmet.get(code, ()), key=lambda c: c.threshold)
        weakness = weak.get(code)
        if code in baseline:
            priority, target, kind = 0, float(baseline[code].threshold), "baseline"
        elif weakness and criteria:
            priority, target, kind = 1, criteria[0].threshold, "criterion"
        elif weakness:
            priority, target, kind = 2, weakness.median, "median"
        else:
            priority, target, kind = 3, criteria[0].threshold, "criterion"
        advice = next(
            (
                a
                for a in (
                    *(a for c in criteria for a in catalogue.criteria.get(c.code, ())),
                    *catalogue.indicators.get(code, ()),
                )
            ),
            None,
        )
        if priority in (0, 2):  # the indicator's own advice fits a baseline or a weakness
            advice = next(iter(catalogue.indicators.get(code, ())), advice)
        if advice is None:
            continue
        reasons = []
        if code in baseline:
            reasons.append(f"Eligibility baseline missed: {baseline[code].requirement}")
        if weakness:
            reasons.append(
                f"Weakness: {weakness.code} {weakness.name} is {rank_phrase(weakness)} "
                f"({weakness.group_label[:1].lower()}{weakness.group_label[1:]})"
            )
        reasons += [_unmet_reason(c) for c in criteria]
        chosen.append(
            Recommendation(
                id=advice.id,
                priority=priority,
                reason="; ".join(reasons),
                indicator=code,
                criterion=criteria[0].code if criteria else None,
                title=advice.title,
                what=advice.what,
                why=advice.why,
                first_step=advice.step(subject.values),
                value=subject.values.get(code),
                target=target,
                target_kind=kind,
                direction=directions.get(code, "up"),
                baseline=baseline[code].requirement if code in baseline else "",
                criteria=tuple(c.code for c in criteria),
            )
        )
    return tuple(sorted(chosen, key=lambda r: r.priority))


def rank_phrase(item) -> str:
    """A published rank in words: "at percentile rank 12", "in the bottom quarter", or
    withheld; item is a GroupResult or a Judgement."""
    if item.rank is not None:
        return f"at percentile rank {item.rank:.0f}"
    if item.quarter is not None:
        return f"in the {QUARTERS[item.quarter - 1]}"
    return "at a rank that is withheld"


def _unmet_reason(criterion: CriterionResult) -> str:
    return (
        f"ECEI {criterion.code} {criterion.name} not met: {criterion.indicator} is "
        f"{_number(criterion.value)}, the threshold is {_number(criterion.threshold)}"
    )


def _number(value: float | None) -> str:
    return "not known" if value is None else f"{value:g}"


def analysis_as_dict(analysis: Analysis) -> dict:
    """JSON-ready: floats rounded to 4 decimals, NaN never appears."""
    return json_ready(asdict(analysis), places=4)


def json_ready(value, *, places: int):
    """Plain data with floats rounded and NaN as None, at any depth."""
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, places)
    if isinstance(value, dict):
        return {key: json_ready(item, places=places) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(item, places=places) for item in value]
    return value
