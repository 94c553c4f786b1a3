"""The analysis of one subject against a reference population (pure core)."""

import json
import math
import random
from decimal import Decimal

import numpy as np
import pytest

from clusterbench.analysis.core import (
    AUDIT_ONLY,
    MET,
    NOT_KNOWN,
    NOT_MET,
    Subject,
    analyse,
    analysis_as_dict,
)
from clusterbench.analysis.disclosure import rank_midpoint
from clusterbench.analysis.peers import ALL, COUNTRY, PORTFOLIO, PeerStatistics
from clusterbench.analysis.recommendations import Advice, Catalogue
from clusterbench.analysis.values import population_from_answers, population_from_texts

BASE = {"S1": 70, "S2": 5, "M2": 3, "C3": 3, "F1": 270_000}


def peer_answers(framework_spec, value=50, **overrides):
    answers = {i.code: value for i in framework_spec.asked}
    answers.update(BASE)
    answers.update(overrides)
    return answers


def stats_of(framework_spec, peers):
    return PeerStatistics.build(population_from_answers(framework_spec, peers))


def subject(framework_spec, portfolio="ict", country="RS", **values):
    answers = peer_answers(framework_spec, **values)
    from clusterbench.analysis.values import indicator_values

    return Subject(
        values=indicator_values(framework_spec, answers),
        portfolio=portfolio,
        portfolio_name="ICT",
        country=country,
        country_name="Serbia",
    )


def spread(framework_spec, n, portfolio="ict", country="DE", code="V4", start=1):
    """n peers whose `code` runs start, start+1, ...; everything else equal."""
    return [
        (portfolio, country, peer_answers(framework_spec, **{code: start + i})) for i in range(n)
    ]


def result(analysis, code):
    return next(i for i in analysis.indicators if i.code == code)


def group(analysis, code, kind):
    return next(g for g in result(analysis, code).groups if g.kind == kind)


class TestComparisonGroups:
    def test_three_groups_in_the_methodologys_order(self, framework_spec):
        peers = spread(framework_spec, 10)
        analysis = analyse(framework_spec, subject(framework_spec), stats_of(framework_spec, peers))
        assert [g.kind for g in result(analysis, "V4").groups] == [PORTFOLIO, ALL, COUNTRY]
        assert [g.peers for g in analysis.groups] == [10, 10, 0]

    def test_statistics_and_rank_of_a_group_of_20(self, framework_spec):
        peers = spread(framework_spec, 20)  # V4 = 1..20
        analysis = analyse(
            framework_spec, subject(framework_spec, V4=16), stats_of(framework_spec, peers)
        )
        g = group(analysis, "V4", ALL)
        assert g.shown and g.n == 20
        expected = np.percentile(np.arange(1, 21), [10, 25, 50, 75, 90])
        assert [g.p10, g.p25, g.median, g.p75, g.p90] == pytest.approx(list(expected))
        assert g.rank == pytest.approx(77.5)  # 15 below, one tie: (75 + 80) / 2
        assert g.quarter is None

    def test_a_group_of_10_publishes_the_middle_figures_and_the_rank_as_its_quarter(
        self, framework_spec
    ):
        peers = spread(framework_spec, 10)  # V4 = 1..10
        analysis = analyse(
            framework_spec, subject(framework_spec, V4=8), stats_of(framework_spec, peers)
        )
        g = group(analysis, "V4", ALL)
        expected = np.percentile(np.arange(1, 11), [25, 50, 75])
        assert [g.p25, g.median, g.p75] == pytest.approx(list(expected))
        assert (g.p10, g.p90, g.rank) == (None, None, None)
        assert g.withheld == {"p10": "needs more peers", "p90": "needs more peers"}
        assert g.quarter == 4  # rank 75: (70 + 80) / 2

    def test_a_group_of_4_peers_is_not_shown_and_says_nothing_more(self, framework_spec):
        peers = spread(framework_spec, 4, portfolio="food") + spread(framework_spec, 6)
        analysis = analyse(
            framework_spec,
            subject(framework_spec, portfolio="food"),
            stats_of(framework_spec, peers),
        )
        g = group(analysis, "V4", PORTFOLIO)
        assert g.n == 4 and not g.shown
        assert (g.p10, g.p25, g.median, g.p75, g.p90, g.rank) == (None,) * 6

    def test_a_group_of_5_peers_is_shown(self, framework_spec):
        peers = spread(framework_spec, 5, portfolio="food")
        analysis = analyse(
            framework_spec,
            subject(framework_spec, portfolio="food"),
            stats_of(framework_spec, peers),
        )
        assert group(analysis, "V4", PORTFOLIO).shown

    def test_not_known_values_are_left_out_never_counted_as_zero(self, framework_spec):
        peers = spread(framework_spec, 6)
        peers += [("ict", "DE", peer_answers(framework_spec, V4=None)) for _ in range(20)]
        analysis = analyse(
            framework_spec, subject(framework_spec, V4=1), stats_of(framework_spec, peers)
        )
        g = group(analysis, "V4", ALL)
        assert g.n == 6
        assert g.median == pytest.approx(np.percentile(np.arange(1, 7), 50))

    def test_five_peers_with_values_among_more_peers_is_the_boundary(self, framework_spec):
        peers = spread(framework_spec, 4) + [
            ("ict", "DE", peer_answers(framework_spec, V4=None)) for _ in range(5)
        ]
        analysis = analyse(framework_spec, subject(framework_spec), stats_of(framework_spec, peers))
        assert not group(analysis, "V4", ALL).shown

    def test_a_missing_subject_value_has_statistics_but_no_rank(self, framework_spec):
        analysis = analyse(
            framework_spec,
            subject(framework_spec, V4=None),
            stats_of(framework_spec, spread(framework_spec, 8)),
        )
        g = group(analysis, "V4", ALL)
        assert g.shown and g.rank is None
        assert result(analysis, "V4").value is None

    def test_derived_indicators_are_computed_from_their_inputs(self, framework_spec):
        peers = [
            ("ict", "DE", peer_answers(framework_spec, S1=60 + 10 * i, M2=2)) for i in range(6)
        ]
        analysis = analyse(
            framework_spec, subject(framework_spec, S1=90, M2=3), stats_of(framework_spec, peers)
        )
        assert result(analysis, "M3").value == pytest.approx(30)
        assert group(analysis, "M3", ALL).median == pytest.approx(42.5)  # (80 + 90) / 2 / 2
        assert result(analysis, "F2").value == pytest.approx(3000)

    def test_a_derived_indicator_with_zero_divisor_is_missing(self, framework_spec):
        analysis = analyse(
            framework_spec,
            subject(framework_spec, M2=0),
            stats_of(framework_spec, spread(framework_spec, 6)),
        )
        assert result(analysis, "M3").value is None


class TestStrengthsAndWeaknesses:
    def test_a_top_quarter_rank_is_a_strength_and_a_bottom_one_a_weakness(self, framework_spec):
        peers = [("ict", "DE", peer_answers(framework_spec, V4=i, V5=i)) for i in range(1, 21)]
        analysis = analyse(
            framework_spec, subject(framework_spec, V4=20, V5=1), stats_of(framework_spec, peers)
        )
        assert "V4" in [s.code for s in analysis.strengths]
        assert "V5" in [w.code for w in analysis.weaknesses]

    def test_lower_is_better_is_read_reversed(self, framework_spec):
        # M3 (participants per FTE) is direction down: the highest ratio is a weakness.
        peers = [("ict", "DE", peer_answers(framework_spec, S1=50 + i, M2=1)) for i in range(20)]
        high = analyse(
            framework_spec, subject(framework_spec, S1=500, M2=1), stats_of(framework_spec, peers)
        )
        low = analyse(
            framework_spec, subject(framework_spec, S1=20, M2=1), stats_of(framework_spec, peers)
        )
        weakness = next(w for w in high.weaknesses if w.code == "M3")
        assert (weakness.rank, weakness.quarter) == (None, 4)  # above every peer
        assert "M3" in [s.code for s in low.strengths]

    def test_descriptive_indicators_are_never_judged(self, framework_spec):
        peers = [("ict", "DE", peer_answers(framework_spec, S3=i)) for i in range(20)]
        analysis = analyse(
            framework_spec, subject(framework_spec, S3=100), stats_of(framework_spec, peers)
        )
        judged = [j.code for j in analysis.strengths + analysis.weaknesses]
        assert "S3" not in judged

    def test_judged_against_the_portfolio_when_large_enough(self, framework_spec):
        peers = spread(framework_spec, 5, portfolio="ict") + spread(
            framework_spec, 20, portfolio="food", start=100
        )
        analysis = analyse(
            framework_spec, subject(framework_spec, V4=5), stats_of(framework_spec, peers)
        )
        strength = next(s for s in analysis.strengths if s.code == "V4")
        # Rank 90 among 5 peers: published only as its quarter.
        assert strength.group == PORTFOLIO and strength.quarter == 4 and strength.rank is None

    def test_a_judgement_whose_rank_the_disclosure_rule_withholds_is_not_published(
        self, framework_spec
    ):
        # Five peers' C4 shares 0, 0.2, 0.4, 0.5 and 100: the subject's 0.6 is a strength
        # (rank 80), but saying so says a peer lies at or below 0.6 %, next to the bound.
        peers = [
            ("ict", "DE", peer_answers(framework_spec, C4=c4)) for c4 in (0, 0.2, 0.4, 0.5, 100)
        ]
        analysis = analyse(
            framework_spec, subject(framework_spec, C4=0.6), stats_of(framework_spec, peers)
        )
        g = group(analysis, "C4", PORTFOLIO)
        assert (g.rank, g.quarter, g.withheld["rank"]) == (None, None, "reveals the minimum")
        assert "C4" not in [j.code for j in analysis.strengths + analysis.weaknesses]

    def test_else_against_all_clusters(self, framework_spec):
        peers = spread(framework_spec, 4, portfolio="ict") + spread(
            framework_spec, 20, portfolio="food", start=100
        )
        analysis = analyse(
            framework_spec, subject(framework_spec, V4=5), stats_of(framework_spec, peers)
        )
        weakness = next(w for w in analysis.weaknesses if w.code == "V4")
        assert weakness.group == ALL

    def test_listed_by_the_published_rank_furthest_from_the_median_first(self, framework_spec):
        peers = [
            ("ict", "DE", peer_answers(framework_spec, V4=i, V5=i, V6=i)) for i in range(1, 21)
        ]
        analysis = analyse(
            framework_spec,
            subject(framework_spec, V4=16, V5=25, V6=19),
            stats_of(framework_spec, peers),
        )
        codes = [s.code for s in analysis.strengths if s.code in ("V4", "V5", "V6")]
        # Ranks 77.5 and 92.5 as numbers; V5, above every peer, only as the top quarter,
        # which counts as 87.5.
        assert codes == ["V6", "V5", "V4"]

    def test_ranks_given_as_quarters_keep_the_questionnaire_order(self, framework_spec):
        # Ten peers: every rank is a quarter. Listed by the exact ranks (100, 95, 85) the
        # order would tell what the quarters withhold.
        peers = [
            ("ict", "DE", peer_answers(framework_spec, V4=i, V5=i, V6=i)) for i in range(1, 11)
        ]
        analysis = analyse(
            framework_spec,
            subject(framework_spec, V4=9, V5=20, V6=10),
            stats_of(framework_spec, peers),
        )
        strengths = [s for s in analysis.strengths if s.code in ("V4", "V5", "V6")]
        assert [(s.code, s.quarter) for s in strengths] == [("V4", 4), ("V5", 4), ("V6", 4)]


class TestAreaScores:
    def test_the_mean_rank_of_the_areas_directional_indicators(self, framework_spec):
        peers = [("ict", "DE", peer_answers(framework_spec, value=i)) for i in range(1, 21)]
        analysis = analyse(
            framework_spec, subject(framework_spec, value=21), stats_of(framework_spec, peers)
        )
        scores = {a.code: a for a in analysis.area_scores}
        # Every V indicator is above all peers except V1/V7 (ordinal, capped) ...
        # (a rank above every peer is given as the top quarter, which counts as 87.5)
        v_ranks = [
            rank_midpoint(group(analysis, i.code, PORTFOLIO))
            for i in framework_spec.indicators
            if i.area == "V"
        ]
        assert scores["V"].score == pytest.approx(sum(v_ranks) / len(v_ranks))
        assert len(scores) == 6 and all(0 <= a.score <= 100 for a in scores.values())

    def test_an_area_with_nothing_to_compare_has_no_score(self, framework_spec):
        analysis = analyse(
            framework_spec,
            subject(framework_spec),
            stats_of(framework_spec, spread(framework_spec, 3)),
        )
        assert all(a.score is None for a in analysis.area_scores)


class TestExcellence:
    def test_each_criterion_is_met_not_met_not_known_or_audit_only(self, framework_spec):
        analysis = analyse(
            framework_spec,
            subject(framework_spec, C4=50, S2=2, S1=None),
            stats_of(framework_spec, []),
        )
        status = {c.code: c.status for c in analysis.excellence.criteria}
        assert status["1.1.0"] == MET  # C4 >= 50, exactly at the threshold
        assert status["1.1.1"] == NOT_MET  # S2 >= 3
        assert status["1.1.2"] == NOT_KNOWN  # S1 not known
        assert status["4.1.1"] == AUDIT_ONLY
        assert len(status) == 31 and analysis.excellence.assessable == 28

    def test_readiness_is_met_over_assessable(self, framework_spec):
        analysis = analyse(
            framework_spec,
            subject(framework_spec, value=1000, C3=3, V1=4, V7=3, M7=4, S2=8),
            stats_of(framework_spec, []),
        )
        assert analysis.excellence.met == 28
        assert analysis.excellence.readiness == 100
        assert analysis.excellence.gold_ready

    def test_not_gold_ready_when_not_eligible(self, framework_spec):
        analysis = analyse(
            framework_spec,
            subject(framework_spec, value=1000, C3=1, V1=4, V7=3, M7=4, S2=8),
            stats_of(framework_spec, []),
        )
        assert analysis.excellence.readiness >= 80
        assert not analysis.excellence.eligible
        assert not analysis.excellence.gold_ready
        assert analysis.excellence.eligibility_failures[0].endswith("C3 is 1")


CATALOGUE = Catalogue(
    version="test",
    indicators={
        "V4": (Advice("more-projects", "T", "W", "Y", "F"),),
        "V5": (Advice("go-abroad", "T", "W", "Y", "F"),),
    },
    criteria={
        "2.6": (Advice("cooperate", "T", "W", "Y", "F"),),
        "5.1": (Advice("press", "T", "W", "Y", "F"),),
    },
)


class TestRecommendations:
    def test_weakness_with_unmet_criterion_first_then_weakness_then_criterion(self, framework_spec):
        peers = [
            ("ict", "DE", peer_answers(framework_spec, V4=i + 3, V5=i + 3, A2=10))
            for i in range(20)
        ]
        # V4 = 1: weakness and ECEI 2.6 (V4 >= 5) unmet; V5 = 1: weakness only;
        # A2 = 2: not a weakness against peers at 10? It is; so use A2 at the median.
        analysis = analyse(
            framework_spec,
            subject(framework_spec, V4=1, V5=2, A2=5),
            stats_of(framework_spec, peers),
            CATALOGUE,
        )
        ids = [(r.id, r.priority) for r in analysis.recommendations]
        # V4's weakness and its unmet ECEI 2.6 are one issue: one recommendation, the
        # criterion's advice; A2 (5, below ECEI 5.1's 6 and the peers' 10) likewise.
        assert sorted(ids[:2]) == [("cooperate", 1), ("press", 1)]
        assert ids[2:] == [("go-abroad", 2)]
        assert [r.indicator for r in analysis.recommendations].count("V4") == 1
        assert [r.priority for r in analysis.recommendations] == sorted(
            r.priority for r in analysis.recommendations
        )

    def test_each_recommendation_says_why_it_was_chosen(self, framework_spec):
        peers = spread(framework_spec, 20, start=10)
        analysis = analyse(
            framework_spec,
            subject(framework_spec, V4=1),
            stats_of(framework_spec, peers),
            CATALOGUE,
        )
        cooperate = next(r for r in analysis.recommendations if r.id == "cooperate")
        assert "V4" in cooperate.reason and "ECEI 2.6" in cooperate.reason

    def test_the_gap_is_given_from_the_clusters_own_answer_to_the_next_threshold(
        self, framework_spec
    ):
        peers = spread(framework_spec, 20, start=10)
        analysis = analyse(
            framework_spec,
            subject(framework_spec, V4=1),
            stats_of(framework_spec, peers),
            CATALOGUE,
        )
        cooperate = next(r for r in analysis.recommendations if r.id == "cooperate")
        assert (cooperate.value, cooperate.target, cooperate.target_kind) == (1, 5, "criterion")

    def test_a_missed_eligibility_baseline_comes_first_and_is_named(self, framework_spec):
        catalogue = Catalogue(
            version="test",
            indicators={**CATALOGUE.indicators, "S1": (Advice("recruit", "T", "W", "Y", "F"),)},
            criteria=CATALOGUE.criteria,
        )
        analysis = analyse(
            framework_spec,
            subject(framework_spec, V4=1, S1=9),
            stats_of(framework_spec, spread(framework_spec, 20, start=10)),
            catalogue,
        )
        first = analysis.recommendations[0]
        assert (first.id, first.priority, first.target, first.target_kind) == (
            "recruit",
            0,
            15,
            "baseline",
        )
        assert "15 committed" in first.baseline

    def test_a_first_step_never_asks_for_a_figure_the_report_knows(self):
        advice = Advice("survey", "T", "W", "Y", "Draft a survey.", "A5", "Plan the next one.")
        assert advice.step({"A5": None}) == "Draft a survey."
        assert advice.step({"A5": 72.0}) == "Plan the next one."


class TestPrivacy:
    """No output may contain an individual peer's value."""

    def test_no_minimum_maximum_or_peer_list_appears_in_the_output(self, framework_spec):
        rng = np.random.default_rng(3)
        peers = []
        for i in range(40):
            values = {
                code: float(rng.integers(1_000_000, 9_000_000)) / 1000 + i / 10_000
                for code in ("V3", "V4", "V5", "A1", "A2", "C5")
            }
            peers.append(
                (
                    ["ict", "food"][i % 2],
                    ["DE", "RS", "FR"][i % 3],
                    peer_answers(framework_spec, **values),
                )
            )
        stats = stats_of(framework_spec, peers)
        analysis = analyse(framework_spec, subject(framework_spec, country="RS"), stats, CATALOGUE)
        text = json.dumps(analysis_as_dict(analysis))
        assert '"min' not in text and '"max' not in text and '"values"' not in text
        for code in ("V3", "V4", "V5", "A1", "A2", "C5"):
            column = np.array([p[2][code] for p in peers])
            for kind, members in (
                (ALL, column),
                (PORTFOLIO, column[0::2]),
                (COUNTRY, column[1::3]),
            ):
                for extreme in (members.min(), members.max()):
                    assert f"{round(float(extreme), 4)}" not in text, (code, kind)

    def test_groups_under_five_have_no_statistics_anywhere(self, framework_spec):
        peers = [("food", "DE", peer_answers(framework_spec, V4=1234.5))] * 4
        analysis = analyse(
            framework_spec,
            subject(framework_spec, portfolio="food", V4=1),
            stats_of(framework_spec, peers),
        )
        assert "1234.5" not in json.dumps(analysis_as_dict(analysis))

    def test_the_json_has_no_nan(self, framework_spec):
        analysis = analyse(
            framework_spec,
            subject(framework_spec, V4=None),
            stats_of(framework_spec, spread(framework_spec, 3)),
        )
        text = json.dumps(analysis_as_dict(analysis), allow_nan=False)
        assert not math.isnan(len(text))


def test_a_population_read_from_snapshot_texts_is_that_of_the_same_answers_bit_for_bit(
    framework_spec,
):
    """Snapshots keep answers as exact text; reading them column by column (asked values
    straight as floats) gives the very floats of reading each as a Decimal first."""
    rng = random.Random(20101101)
    codes = [i.code for i in framework_spec.asked]
    texts = ["0", "-0", "1", "0.1", "0.3333", "2.5", "1000", "0.0001", "99.99", None]
    texts += ["12345678901.2345", "7.0001", "1E+3", "0.30000000000000004"]
    rows = [
        [f"portfolio-{k % 3}", "RS" if k % 2 else "DE", *(rng.choice(texts) for _ in codes)]
        for k in range(300)
    ]
    answers = [
        (
            row[0],
            row[1],
            {c: None if t is None else Decimal(t) for c, t in zip(codes, row[2:], strict=True)},
        )
        for row in rows
    ]
    expected = population_from_answers(framework_spec, answers)
    got = population_from_texts(framework_spec, codes, rows)
    assert got.codes == expected.codes
    assert got.values.tobytes() == expected.values.tobytes()
    assert not np.isnan(got.values).all(axis=0).any()  # every indicator has values
    assert list(got.portfolios) == list(expected.portfolios)
    assert list(got.countries) == list(expected.countries)
    with pytest.raises(ValueError, match="one answer per code"):
        population_from_texts(framework_spec, codes, [row[:-1] for row in rows])
