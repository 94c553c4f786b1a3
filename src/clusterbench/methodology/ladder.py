"""The label ladder above Bronze as data (METHODOLOGY section 5): the Silver window and
audit, the Gold self-assessment window, visit, points and thresholds. Parsing and
validation only (pure); clusterbench.audits.rules applies them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from clusterbench.text import quoted

LADDER_DIR = Path(__file__).resolve().parent / "ladder"
GOLD_TOTAL = 150  # the public maximum score of a Gold audit


class LadderError(ValueError):
    """A malformed ladder file; the message names the key."""


@dataclass(frozen=True)
class GoldIndicator:
    code: str  # the ECEI quality indicator, e.g. "2.2.1"
    points: int  # the maximum score
    threshold: int  # the least final score the indicator needs for Gold


@dataclass(frozen=True)
class LadderRules:
    version: str
    silver_window_months: tuple[int, int]  # second Bronze interview after the first
    silver_improvement_areas: int
    silver_audit_minutes: int
    gold_self_assessment_days: tuple[int, int]  # days before the visit, least and most
    gold_visit_minutes: int
    gold_pass_percent: int
    gold_indicators: tuple[GoldIndicator, ...]

    @property
    def gold_maximum(self) -> int:
        return sum(ind.points for ind in self.gold_indicators)

    @property
    def gold_needed(self) -> int:
        """The least total for Gold: pass_percent of the maximum, rounded up (80 % of 150
        is 120)."""
        return -(-self.gold_maximum * self.gold_pass_percent // 100)

    def gold_indicator(self, code: str) -> GoldIndicator:
        for indicator in self.gold_indicators:
            if indicator.code == code:
                return indicator
        raise KeyError(code)


def ladder_parse(data: object, *, criteria: tuple[str, ...] | None = None) -> LadderRules:
    """Check a ladder document; `criteria`, when given, are the framework's quality
    indicator codes, which the Gold indicators must match exactly."""
    doc = _mapping(data, "the ladder file")
    _only(doc, "", {"version", "silver", "gold"})
    version = doc.get("version")
    if not isinstance(version, str) or not version.strip():
        raise LadderError("version: missing or empty text")
    silver = _mapping(doc.get("silver"), "silver")
    _only(silver, "silver", {"window_months", "improvement_areas", "audit_minutes"})
    gold = _mapping(doc.get("gold"), "gold")
    _only(
        gold,
        "gold",
        {"self_assessment_days_before", "visit_minutes", "pass_percent", "indicators"},
    )
    indicators = []
    for code, item in _mapping(gold.get("indicators"), "gold.indicators").items():
        where = f"gold.indicators.{code}"
        entry = _mapping(item, where)
        _only(entry, where, {"points", "threshold"})
        points = _whole(entry, "points", where, least=1)
        threshold = _whole(entry, "threshold", where, least=0)
        if threshold > points:
            raise LadderError(f"{where}.threshold: {threshold} is above its {points} points")
        indicators.append(GoldIndicator(str(code), points, threshold))
    if criteria is not None and [i.code for i in indicators] != list(criteria):
        raise LadderError(
            "gold.indicators: must list the framework's quality indicators in its order "
            f"({', '.join(criteria)})"
        )
    rules = LadderRules(
        version=version,
        silver_window_months=_range(silver, "window_months", "silver"),
        silver_improvement_areas=_whole(silver, "improvement_areas", "silver", least=1),
        silver_audit_minutes=_whole(silver, "audit_minutes", "silver", least=30),
        gold_self_assessment_days=_range(gold, "self_assessment_days_before", "gold"),
        gold_visit_minutes=_whole(gold, "visit_minutes", "gold", least=60),
        gold_pass_percent=_whole(gold, "pass_percent", "gold", least=1),
        gold_indicators=tuple(indicators),
    )
    if rules.gold_pass_percent > 100:
        raise LadderError("gold.pass_percent: must be at most 100")
    if rules.gold_maximum != GOLD_TOTAL:
        raise LadderError(
            f"gold.indicators: the points sum to {rules.gold_maximum}, not {GOLD_TOTAL}"
        )
    return rules


@functools.cache
def ladder_rules(version: str) -> LadderRules:
    """The ladder of a framework version, from its bundled file."""
    path = LADDER_DIR / f"{version}.yaml"
    if not path.exists():
        raise LadderError(f"No ladder file for framework {version}: add {path.name}")
    return ladder_parse(yaml.safe_load(path.read_text(encoding="utf-8")))


def _mapping(value: object, where: str) -> dict:
    if not isinstance(value, dict):
        raise LadderError(f"{where}: must be a mapping of keys to values")
    return value


def _only(doc: dict, where: str, allowed: set[str]) -> None:
    unknown = sorted(set(map(str, doc)) - allowed)
    if unknown:
        prefix = f"{where}." if where else ""
        raise LadderError(
            f"{prefix}{unknown[0]}: unknown key (allowed: {', '.join(sorted(allowed))})"
        )


def _whole(doc: dict, key: str, where: str, *, least: int) -> int:
    value = doc.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < least:
        raise LadderError(
            f"{where}.{key}: must be a whole number of at least {least}, got {quoted(value)}"
        )
    return value


def _range(doc: dict, key: str, where: str) -> tuple[int, int]:
    span = _mapping(doc.get(key), f"{where}.{key}")
    _only(span, f"{where}.{key}", {"from", "to"})
    low = _whole(span, "from", f"{where}.{key}", least=0)
    high = _whole(span, "to", f"{where}.{key}", least=low)
    return low, high
