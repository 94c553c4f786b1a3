"""The Silver and Gold rules at their edges (METHODOLOGY section 5), read from the ladder
file of framework 2026.1."""

import datetime as dt

import pytest
from django.utils import timezone

from clusterbench.audits import rules
from clusterbench.labels.rules import audited_valid_until, reminder_due
from clusterbench.methodology.ladder import LadderError, ladder_parse, ladder_rules

LADDER = ladder_rules("2026.1")
D = dt.date


def test_the_ladder_file_gives_150_points_over_the_31_quality_indicators():
    assert len(LADDER.gold_indicators) == 31
    assert LADDER.gold_maximum == 150
    assert rules.gold_needed(LADDER) == 120  # 80 % of 150


def test_the_ladder_file_names_exactly_the_frameworks_quality_indicators(framework_spec):
    codes = tuple(c.code for c in framework_spec.criteria)
    assert tuple(i.code for i in LADDER.gold_indicators) == codes


def test_a_ladder_whose_points_do_not_sum_to_150_is_refused_naming_the_key():
    data = {
        "version": "x",
        "silver": {
            "window_months": {"from": 18, "to": 24},
            "improvement_areas": 3,
            "audit_minutes": 240,
        },
        "gold": {
            "self_assessment_days_before": {"from": 14, "to": 21},
            "visit_minutes": 1920,
            "pass_percent": 80,
            "indicators": {"1.1": {"points": 5, "threshold": 3}},
        },
    }
    with pytest.raises(LadderError, match=r"gold\.indicators: the points sum to 5, not 150"):
        ladder_parse(data)
    data["gold"]["indicators"]["1.1"]["threshold"] = 6
    with pytest.raises(LadderError, match=r"gold.indicators.1.1.threshold: 6 is above"):
        ladder_parse(data)


@pytest.mark.parametrize(
    ("second", "ok"),
    [
        (D(2025, 9, 14), False),  # a day short of 18 months
        (D(2025, 9, 15), True),  # exactly 18 months
        (D(2026, 3, 15), True),  # exactly 24 months
        (D(2026, 3, 16), False),  # a day past 24 months
    ],
)
def test_the_second_bronze_interview_falls_18_to_24_months_after_the_first(second, ok):
    refusal = rules.silver_window_refusal(D(2024, 3, 15), second, LADDER)
    assert (refusal is None) == ok
    if not ok:
        assert "between 15 September 2025 and 15 March 2026" in refusal


def test_the_silver_window_of_a_month_end_interview_ends_on_the_shorter_months_last_day():
    assert rules.silver_window(D(2024, 8, 31), LADDER) == (D(2026, 2, 28), D(2026, 8, 31))


def test_the_latest_pair_within_the_window_is_chosen():
    interviews = [D(2020, 1, 10), D(2021, 9, 1), D(2024, 1, 10), D(2025, 10, 1)]
    assert rules.silver_pair(interviews, LADDER) == (D(2024, 1, 10), D(2025, 10, 1))
    assert rules.silver_pair([D(2020, 1, 1), D(2023, 1, 1)], LADDER) is None


@pytest.mark.parametrize(
    ("submitted", "ok"),
    [
        (D(2027, 3, 10), False),  # 22 days before
        (D(2027, 3, 11), True),  # 21 days (3 weeks) before
        (D(2027, 3, 18), True),  # 14 days (2 weeks) before
        (D(2027, 3, 19), False),  # 13 days before
    ],
)
def test_the_self_assessment_is_submitted_two_to_three_weeks_before_the_visit(submitted, ok):
    refusal = rules.self_assessment_refusal(submitted, D(2027, 4, 1), LADDER)
    assert (refusal is None) == ok
    if not ok:
        assert "between 11 March 2027 and 18 March 2027" in refusal


def test_gold_needs_one_national_and_one_foreign_auditor():
    assert rules.auditors_refusal("RS", ["RS", "HR"]) is None
    assert rules.auditors_refusal("RS", ["HR", "RS"]) is None
    assert "both are from the same country" in rules.auditors_refusal("RS", ["RS", "RS"])
    assert "neither is from the cluster's country" in rules.auditors_refusal("RS", ["HR", "DE"])
    assert "two auditors; 1 assigned" in rules.auditors_refusal("RS", ["RS"])
    assert "needs a country" in rules.auditors_refusal("RS", ["RS", None])


def _scores(total_drop: int = 0, **low) -> dict[str, int]:
    """Every indicator at its points, less total_drop points spread over the 5-point ones
    (kept at or above threshold), with some indicators set explicitly."""
    scores = {i.code: i.points for i in LADDER.gold_indicators}
    for indicator in LADDER.gold_indicators:
        if total_drop and indicator.points == 5:
            cut = min(2, total_drop)
            scores[indicator.code] -= cut
            total_drop -= cut
    scores.update({code.replace("_", "."): v for code, v in low.items()})
    return scores


def test_gold_passes_at_exactly_120_points_with_every_threshold_met():
    result = rules.gold_result(_scores(30), LADDER)
    assert (result.total, result.passes) == (120, True)
    assert result.percent == 80
    assert rules.gold_outcome_refusal(result) is None


def test_gold_fails_at_119_points_saying_how_many_were_needed():
    result = rules.gold_result(_scores(31), LADDER)
    assert (result.total, result.passes) == (119, False)
    assert "119 of 150 points (79 %), fewer than the 120 needed" in rules.gold_outcome_refusal(
        result
    )


@pytest.mark.parametrize("indicator", LADDER.gold_indicators, ids=lambda i: i.code)
def test_gold_fails_when_any_one_indicator_is_below_its_threshold(indicator):
    scores = _scores()
    scores[indicator.code] = indicator.threshold - 1
    result = rules.gold_result(scores, LADDER)
    assert result.total >= 120  # the total alone would pass
    assert result.below_threshold == (indicator.code,)
    assert not result.passes
    scores[indicator.code] = indicator.threshold
    assert rules.gold_result(scores, LADDER).passes


def test_a_score_above_the_indicators_points_is_refused():
    assert rules.score_refusal("1.2", 4, LADDER) is None
    assert "from 0 to 4; got 5" in rules.score_refusal("1.2", 5, LADDER)
    assert "from 0 to 5" in rules.score_refusal("2.1", -1, LADDER)


def test_a_final_score_needs_a_reason_only_where_the_auditors_differed():
    assert rules.reconcile_refusal("2.1", [4, 4], 4, "") is None
    assert "scored 3 and 5; say why the final score is 4" in rules.reconcile_refusal(
        "2.1", [3, 5], 4, " "
    )
    assert rules.reconcile_refusal("2.1", [3, 5], 4, "Strategy seen on site") is None


def test_silver_needs_every_area_validated_and_the_baseline_confirmed():
    assert rules.silver_outcome_refusal([True, True, True], True) is None
    assert "area 2" in rules.silver_outcome_refusal([True, False, True], True)
    assert "baseline" in rules.silver_outcome_refusal([True, True, True], False)


def test_an_audited_label_is_valid_two_years_from_the_month_of_the_audit():
    assert audited_valid_until(D(2026, 11, 3)) == D(2028, 11, 30)
    assert audited_valid_until(D(2026, 2, 28)) == D(2028, 2, 29)


@pytest.mark.parametrize(
    ("today", "sent", "due"),
    [
        (D(2027, 3, 29), set(), None),  # a day before three months
        (D(2027, 3, 30), set(), 3),  # exactly three months before
        (D(2027, 4, 15), {3}, None),  # the three-month reminder went already
        (D(2027, 5, 29), {3}, None),  # a day before one month
        (D(2027, 5, 30), {3}, 1),  # exactly one month before
        (D(2027, 5, 30), set(), 1),  # first seen a month before: only the nearer one
        (D(2027, 6, 10), {1}, None),
        (D(2027, 6, 30), {3}, 1),  # the day of expiry still reminds
        (D(2027, 7, 1), set(), None),  # expired: no reminder
    ],
)
def test_renewal_reminders_fall_three_months_and_one_month_before_expiry(today, sent, due):
    assert reminder_due(D(2027, 6, 30), today, sent) == due


def test_an_application_in_progress_is_defined_once(people, framework, cluster):
    from django.db.models import Q

    from clusterbench.audits import emails, services
    from clusterbench.audits.models import OPEN_STATUSES, Application
    from tests.engagement_fixtures import make_benchmarking, new_cluster

    (constraint,) = Application._meta.constraints
    assert constraint.condition == Q(status__in=OPEN_STATUSES)
    benchmarking = make_benchmarking(framework, cluster, timezone.localdate())
    for status in Application.Status.values:
        cluster = new_cluster(f"Cluster {status}")
        people.manager.clusters.add(cluster)
        Application.objects.create(
            cluster=cluster,
            level="silver",
            status=status,
            framework=framework,
            benchmarking=benchmarking,
            audit_minutes=240,
        )
        in_progress = status in OPEN_STATUSES
        assert (services._open_application(cluster) is not None) == in_progress, status
    awaiting = services.applications_awaiting(people.manager).values_list("status", flat=True)
    assert sorted(awaiting) == sorted(OPEN_STATUSES)
    # and what nothing used is gone
    assert not hasattr(Application, "is_open") and not hasattr(emails, "recipients")
