"""The rules of the Silver and Gold ladders (METHODOLOGY section 5) as plain functions of
dates, countries and scores. Every number comes from the ladder file of the framework
(clusterbench.methodology.ladder); a function returns the refusal as a sentence for the
person, or None when the rule is met.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from clusterbench.labels.rules import add_months
from clusterbench.languages.formats import long_date
from clusterbench.methodology.ladder import LadderRules
from clusterbench.text import quoted

# --- Silver -------------------------------------------------------------------------


def silver_window(first_interview: dt.date, rules: LadderRules) -> tuple[dt.date, dt.date]:
    """The first and last day on which the second Bronze interview may take place."""
    low, high = rules.silver_window_months
    return add_months(first_interview, low), add_months(first_interview, high)


def silver_window_refusal(
    first_interview: dt.date, second_interview: dt.date, rules: LadderRules
) -> str | None:
    earliest, latest = silver_window(first_interview, rules)
    if earliest <= second_interview <= latest:
        return None
    low, high = rules.silver_window_months
    return _(
        "Silver needs a second Bronze benchmarking %(low)s-%(high)s months after the first: "
        "after the interview of %(first)s, between %(earliest)s and %(latest)s; the second "
        "interview was on %(second)s."
    ) % {
        "low": low,
        "high": high,
        "first": long_date(first_interview),
        "earliest": long_date(earliest),
        "latest": long_date(latest),
        "second": long_date(second_interview),
    }


def silver_pair(interviews: list[dt.date], rules: LadderRules) -> tuple[dt.date, dt.date] | None:
    """The latest pair (first, second) of Bronze interviews within the Silver window."""
    ordered = sorted(set(interviews), reverse=True)
    for second in ordered:
        for first in ordered:
            if first < second and silver_window_refusal(first, second, rules) is None:
                return first, second
    return None


def silver_outcome_refusal(
    validated: list[bool | None], baseline_confirmed: bool | None
) -> str | None:
    """Why Silver cannot be awarded on these findings; None when it can."""
    if baseline_confirmed is not True:
        return _("The auditor did not confirm the eligibility baseline.")
    failed = [str(i) for i, ok in enumerate(validated, 1) if ok is not True]
    if failed:
        return _("The audit did not validate improvement area %(areas)s.") % {
            "areas": ", ".join(failed)
        }
    return None


# --- Gold ---------------------------------------------------------------------------


def self_assessment_window(visit: dt.date, rules: LadderRules) -> tuple[dt.date, dt.date]:
    """The first and last day on which the Gold self-assessment may be submitted."""
    least, most = rules.gold_self_assessment_days
    return visit - dt.timedelta(days=most), visit - dt.timedelta(days=least)


def self_assessment_refusal(submitted: dt.date, visit: dt.date, rules: LadderRules) -> str | None:
    earliest, latest = self_assessment_window(visit, rules)
    if earliest <= submitted <= latest:
        return None
    least, most = rules.gold_self_assessment_days
    names = {
        "least": least,
        "most": most,
        "visit": long_date(visit),
        "earliest": long_date(earliest),
        "latest": long_date(latest),
    }
    if submitted < earliest:
        return (
            _(
                "The self-assessment is submitted %(least)s-%(most)s days before the visit of "
                "%(visit)s: between %(earliest)s and %(latest)s (too early today)."
            )
            % names
        )
    return (
        _(
            "The self-assessment is submitted %(least)s-%(most)s days before the visit of "
            "%(visit)s: between %(earliest)s and %(latest)s; that day has passed."
        )
        % names
    )


def auditors_refusal(cluster_country: str, auditor_countries: list[str | None]) -> str | None:
    """Gold: two auditors, one from the cluster's country and one from another."""
    if len(auditor_countries) != 2:
        return _("A Gold audit has two auditors; %(count)s assigned.") % {
            "count": len(auditor_countries)
        }
    if None in auditor_countries:
        return _("Each Gold auditor needs a country on their account to check the pairing.")
    national = sum(country == cluster_country for country in auditor_countries)
    if national == 2:
        return _(
            "A Gold audit needs one auditor from the cluster's country and one from another "
            "country; both are from the same country."
        )
    if national == 0:
        return _(
            "A Gold audit needs one auditor from the cluster's country and one from another; "
            "neither is from the cluster's country."
        )
    return None


def score_refusal(code: str, score: object, rules: LadderRules) -> str | None:
    points = rules.gold_indicator(code).points
    if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= points:
        return _(
            "The score of %(code)s must be a whole number from 0 to %(points)s; got %(got)s."
        ) % {
            "code": code,
            "points": points,
            "got": quoted(score),
        }
    return None


@dataclass(frozen=True)
class GoldResult:
    total: int
    maximum: int
    needed: int  # the least total for Gold
    below_threshold: tuple[str, ...]  # indicator codes under their threshold
    missing: tuple[str, ...]  # indicators without a final score

    @property
    def percent(self) -> float:
        return 100.0 * self.total / self.maximum

    @property
    def passes(self) -> bool:
        return not self.missing and not self.below_threshold and self.total >= self.needed


def gold_needed(rules: LadderRules) -> int:
    """The least total: pass_percent of the maximum, rounded up (80 % of 150 is 120)."""
    return rules.gold_needed


def gold_result(final: dict[str, int], rules: LadderRules) -> GoldResult:
    return GoldResult(
        total=sum(final.get(i.code, 0) for i in rules.gold_indicators),
        maximum=rules.gold_maximum,
        needed=gold_needed(rules),
        below_threshold=tuple(
            i.code for i in rules.gold_indicators if i.code in final and final[i.code] < i.threshold
        ),
        missing=tuple(i.code for i in rules.gold_indicators if i.code not in final),
    )


def gold_outcome_refusal(result: GoldResult) -> str | None:
    if result.missing:
        return _("%(count)s quality indicators have no agreed final score.") % {
            "count": len(result.missing)
        }
    reasons = []
    if result.total < result.needed:
        reasons.append(
            _("%(total)s of %(maximum)s points (%(percent)s %%), fewer than the %(needed)s needed")
            % {
                "total": result.total,
                "maximum": result.maximum,
                "percent": f"{result.percent:.0f}",
                "needed": result.needed,
            }
        )
    if result.below_threshold:
        reasons.append(
            _("below the threshold: %(indicators)s")
            % {"indicators": ", ".join(result.below_threshold)}
        )
    if not reasons:
        return None
    return _("Gold cannot be awarded: %(reasons)s.") % {"reasons": "; ".join(reasons)}


def reconcile_refusal(code: str, scores: list[int], final: int, reason: str) -> str | None:
    """An agreed final score needs a reason where the two auditors differed."""
    if len(set(scores)) > 1 and not reason.strip():
        shown = " and ".join(map(str, scores))
        return _(
            "%(code)s: the auditors scored %(shown)s; say why the final score is %(final)s."
        ) % {
            "code": code,
            "shown": shown,
            "final": final,
        }
    return None
