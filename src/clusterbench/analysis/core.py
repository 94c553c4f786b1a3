"""One subject against its peers: statistics, strengths and weaknesses, area scores,
excellence readiness, eligibility and recommendations (METHODOLOGY sections 3-5).

Pure: plain data in, plain data out. Nothing here can return an individual peer's
value: groups are summarised only by n and percentiles, and only when n >= MIN_PEERS.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from decimal import Decimal

from clusterbench.methodology.spec import FrameworkSpec

from .eligibility import eligibility_failures
from .peers import ALL, COUNTRY, PORTFOLIO, PeerStatistics
from .recommendations import Advice, Catalogue
from .statistics import MIN_PEERS

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
    kind: str  # portfolio | all | country
    label: str
    n: int  # peers with a value for this indicator
    shown: bool  # n >= MIN_PEERS; otherwise no statistic is given
    p10: float | None = None
    p25: float | None = None
    median: float | None = None
    p75: float | None = None
    p90: float | None = None
    rank: float | None = None  # the subject's percentile rank, when shown and known


@dataclass(frozen=True)
class IndicatorResult:
    code: str
    name: str
    area: str
    unit: str
    direction: str
    value: float | None
    groups: tuple[GroupResult, ...]

    def judging_group(self) -> GroupResult | None:
        """Group (a), the same portfolio, when large enough; else (b), all clusters."""
        for group in self.groups:
            if group.kind in (PORTFOLIO, ALL) and group.shown:
                return group
        return None


@dataclass(frozen=True)
class Judgement:
    code: str
    name: str
    direction: str
    value: float
    rank: float  # percentile rank in the judging group
    score: float  # the rank read so that higher is better (100 - rank for direction down)
    group: str
    group_label: str
    median: float

    @property
    def distance(self) -> float:
        return abs(self.score - 50.0)


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


@dataclass(frozen=True)
class Recommendation:
    id: str
    priority: int  # 1: weakness with an unmet criterion, 2: weakness, 3: unmet criterion
    reason: str
    indicator: str | None
    criterion: str | None
    title: str
    what: str
    why: str
    first_step: str


@dataclass(frozen=True)
class GroupSize:
    kind: str
    label: str
    peers: int


@dataclass(frozen=True)
class Analysis:
    framework_version: str
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
) -> Analysis:
    population = stats.population
    labels = {
        PORTFOLIO: f"Same portfolio: {subject.portfolio_name}",
        ALL: "All clusters",
        COUNTRY: f"Same country: {subject.country_name}",
    }
    keys = {PORTFOLIO: subject.portfolio, ALL: "", COUNTRY: subject.country}
    groups = {kind: stats.group(kind, keys[kind]) for kind in labels}
    results = []
    for indicator in framework.indicators:
        column = population.column(indicator.code)
        value = subject.values.get(indicator.code)
        results.append(
            IndicatorResult(
                code=indicator.code,
                name=indicator.name,
                area=indicator.area,
                unit=indicator.unit,
                direction=indicator.direction,
                value=value,
                groups=tuple(
                    _group_result(kind, labels[kind], groups[kind], column, value)
                    for kind in labels
                ),
            )
        )
    strengths, weaknesses = _judge(results)
    excellence = _excellence(framework, subject)
    return Analysis(
        framework_version=framework.version,
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
        recommendations=_recommend(weaknesses, excellence, catalogue) if catalogue else (),
    )


def _group_result(kind, label, group, column, value) -> GroupResult:
    n = 0 if group is None else int(group.counts[column])
    if n < MIN_PEERS:
        return GroupResult(kind=kind, label=label, n=n, shown=False)
    quantiles = dict(
        zip(
            ("p10", "p25", "median", "p75", "p90"),
            (float(q) for q in group.percentiles[:, column]),
            strict=True,
        )
    )
    rank = None if value is None else group.rank(column, value)
    return GroupResult(kind=kind, label=label, n=n, shown=True, rank=rank, **quantiles)


def _score(direction: str, rank: float) -> float:
    return 100.0 - rank if direction == "down" else rank


def _judge(results: list[IndicatorResult]) -> tuple[tuple[Judgement, ...], ...]:
    judged = []
    for result in results:
        group = result.judging_group()
        if result.direction == "none" or group is None or group.rank is None:
            continue
        judged.append(
            Judgement(
                code=result.code,
                name=result.name,
                direction=result.direction,
                value=result.value,
                rank=group.rank,
                score=_score(result.direction, group.rank),
                group=group.kind,
                group_label=group.label,
                median=group.median,
            )
        )
    judged.sort(key=lambda j: -j.distance)
    return (
        tuple(j for j in judged if j.score >= STRENGTH_AT),
        tuple(j for j in judged if j.score <= WEAKNESS_AT),
    )


def _area_scores(framework: FrameworkSpec, results: list[IndicatorResult]):
    scores = []
    for area in framework.areas:
        ranks = []
        for result in results:
            group = result.judging_group()
            if (
                result.area == area.code
                and result.direction != "none"
                and group is not None
                and group.rank is not None
            ):
                ranks.append(_score(result.direction, group.rank))
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
    failures = tuple(f.reason for f in eligibility_failures(framework, answers))
    return Excellence(
        criteria=tuple(criteria),
        met=met,
        assessable=assessable,
        readiness=readiness,
        eligible=not failures,
        eligibility_failures=failures,
        gold_ready=readiness >= GOLD_READY_AT and not failures,
    )


def _recommend(weaknesses, excellence: Excellence, catalogue: Catalogue):
    unmet = [c for c in excellence.criteria if c.status == NOT_MET]
    chosen: dict[str, Recommendation] = {}

    def add(advice: Advice, priority, reason, indicator=None, criterion=None):
        if advice.id not in chosen:
            chosen[advice.id] = Recommendation(
                id=advice.id,
                priority=priority,
                reason=reason,
                indicator=indicator,
                criterion=criterion,
                title=advice.title,
                what=advice.what,
                why=advice.why,
                first_step=advice.first_step,
            )

    for weakness in weaknesses:  # already ordered by distance from the median
        linked = [c for c in unmet if c.indicator == weakness.code]
        priority = 1 if linked else 2
        reason = (
            f"Weakness: {weakness.code} {weakness.name} is at percentile rank "
            f"{weakness.rank:.0f} ({weakness.group_label.lower()})"
        )
        for criterion in linked:
            for advice in catalogue.criteria.get(criterion.code, ()):
                add(
                    advice,
                    1,
                    f"{reason}; {_unmet_reason(criterion)}",
                    weakness.code,
                    criterion.code,
                )
        for advice in catalogue.indicators.get(weakness.code, ()):
            add(advice, priority, reason, weakness.code)
    for criterion in unmet:
        for advice in catalogue.criteria.get(criterion.code, ()):
            add(advice, 3, _unmet_reason(criterion), criterion.indicator, criterion.code)
    return tuple(sorted(chosen.values(), key=lambda r: r.priority))


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
