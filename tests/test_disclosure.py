"""The disclosure rule (METHODOLOGY section 3): what may be published about peers, the
policy file it reads, and a reconstruction attack on what it publishes."""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clusterbench.analysis.disclosure import (
    DIFFERENCING,
    NEEDS_MORE_PEERS,
    REVEALS_MAXIMUM,
    REVEALS_MINIMUM,
    TOO_FEW_PEERS,
    PeerGroup,
    publish,
    quarter_of,
)
from clusterbench.methodology.disclosure import PolicyError, disclosure_policy, policy_parse
from tests.disclosure_attack import attack, level_attack, rule_attack

POLICY = disclosure_policy()
OPEN = (-math.inf, math.inf)
PERCENT = (0.0, 100.0)


def group(values, name="g", members=None):
    values = np.sort(np.asarray(values, dtype=float))
    if members is None:
        members = np.ones(len(values), dtype=bool)
    return PeerGroup(name, values, members)


def one(values, bounds=OPEN, subject=None):
    return publish([group(values)], bounds=bounds, policy=POLICY, subject=subject)["g"]


POLICY_DATA = {
    "version": "test",
    "min_peers": 5,
    "figures": {"median": 5, "p25": 10, "p75": 10, "p10": 20, "p90": 20},
    "exact_rank_from": 20,
    "extremes": {"below": 20, "shared_by": 3, "tolerance": 0.01},
    "differencing": {"max_difference": 4},
}


class TestThePolicyFile:
    def test_the_bundled_policy_holds_the_methodologys_numbers(self):
        assert POLICY.min_peers == 5
        assert POLICY.figures == {"p10": 20, "p25": 10, "median": 5, "p75": 10, "p90": 20}
        assert POLICY.exact_rank_from == 20
        assert (POLICY.extremes_below, POLICY.extremes_shared_by) == (20, 3)
        assert POLICY.max_difference == 4

    def test_a_well_formed_policy_parses(self):
        assert policy_parse(POLICY_DATA).version == "test"

    @pytest.mark.parametrize(
        "change,message",
        [
            ({"figures": {"median": 5, "p10": 5}}, "figures.p10: 5 peers are too few"),
            ({"figures": {"median": 5, "p99": 20}}, "figures.p99: unknown key"),
            ({"figures": {"p25": 10}}, "figures.median: missing"),
            ({"min_peers": "five"}, "min_peers: must be a whole number"),
            ({"exact_rank_from": 2}, "exact_rank_from: must be at least 5"),
            (
                {"extremes": {"below": 20, "shared_by": 3, "tolerance": 2}},
                "extremes.tolerance: must be between 0 and 1",
            ),
            ({"differencing": {"max_difference": -1}}, "differencing.max_difference"),
            ({"thresholds": {}}, "thresholds: unknown key"),
        ],
    )
    def test_a_malformed_policy_is_refused_naming_the_key(self, change, message):
        with pytest.raises(PolicyError, match=message.replace("(", r"\(")):
            policy_parse({**POLICY_DATA, **change})


class TestWhatGrowsWithTheGroup:
    def test_four_peers_are_too_few_to_compare(self):
        published = one([1, 2, 3, 4], subject=2)
        assert not published.compared and published.reason == TOO_FEW_PEERS
        assert published.figures == {} and (published.rank, published.quarter) == (None, None)

    def test_five_peers_publish_only_the_median_and_the_rank_as_its_quarter(self):
        # The attack of the old rule: with five percentiles of five peers, P25, the median
        # and P75 were three peers' own values and P10 and P90 gave away the extremes.
        published = one([10, 20, 30, 40, 50], subject=45)
        assert published.figures == {"median": 30.0}
        assert set(published.withheld) == {"p10", "p25", "p75", "p90"}
        assert set(published.withheld.values()) == {NEEDS_MORE_PEERS}
        assert (published.rank, published.quarter) == (None, 4)

    def test_ten_peers_add_the_quartiles(self):
        published = one(range(1, 11))
        assert list(published.figures) == ["p25", "median", "p75"]
        assert published.figures["p25"] == pytest.approx(np.percentile(range(1, 11), 25))

    def test_twenty_peers_publish_every_figure_and_the_rank_as_a_number(self):
        published = one(range(1, 21), subject=16)
        assert list(published.figures) == ["p10", "p25", "median", "p75", "p90"]
        assert published.withheld == {}
        assert published.rank == pytest.approx(77.5) and published.quarter is None

    @pytest.mark.parametrize(
        "rank,quarter", [(0, 1), (25, 1), (25.1, 2), (49.9, 2), (50, 3), (74.9, 3), (75, 4)]
    )
    def test_quarters_share_their_edges_with_weaknesses_and_strengths(self, rank, quarter):
        assert quarter_of(rank) == quarter


class TestTheExtremes:
    def test_a_median_next_to_the_lower_bound_is_withheld_when_it_pins_one_peer(self):
        # 0, 0.1, 0.2, 60, 90 percent: a median of 0.2 says the lowest peer is at 0-0.2.
        published = one([0, 0.1, 0.2, 60, 90], bounds=PERCENT)
        assert published.compared and published.figures == {}
        assert published.withheld["median"] == REVEALS_MINIMUM

    def test_a_median_at_the_bound_is_published_when_three_peers_share_it(self):
        published = one([0, 0, 0, 60, 90], bounds=PERCENT)
        assert published.figures == {"median": 0.0}

    def test_an_upper_quartile_next_to_the_upper_bound_is_withheld(self):
        values = [10, 20, 30, 40, 50, 60, 99.5, 99.9, 100, 100]  # P75 99.8
        published = one(values, bounds=PERCENT)
        assert published.withheld["p75"] == REVEALS_MAXIMUM
        assert "median" in published.figures and "p25" in published.figures

    def test_an_open_range_never_pins_an_extreme(self):
        published = one([0, 0.1, 0.2, 60, 90], bounds=OPEN)
        assert published.figures == {"median": 0.2}

    def test_values_stored_beyond_a_since_tightened_bound_do_not_look_pinned(self):
        # Five values above a maximum of 100: the bound a reader knows is widened to them.
        published = one([110, 120, 130, 140, 150], bounds=PERCENT)
        assert published.figures == {"median": 130.0}

    def test_groups_of_twenty_are_not_held_to_it(self):
        published = one([0, *range(60, 79)], bounds=PERCENT)
        assert "p10" in published.figures

    def test_a_rank_that_says_the_minimum_equals_the_subjects_value_is_only_a_quarter(self):
        # 30 peers; the subject's value equals the single lowest one: "no peer below, one
        # equal" as a number would give that peer's value away.
        values = list(range(1, 31))
        assert one(values, subject=1).rank is None and one(values, subject=1).quarter == 1
        assert one(values, subject=2).rank == pytest.approx(5.0)
        assert one(values, subject=30).quarter == 4 and one(values, subject=30).rank is None

    @pytest.mark.parametrize("subject", [0.5, 1, 30, 31])
    def test_which_ranks_are_quarters_depends_on_the_rank_alone(self, subject):
        # Below everyone (nobody's value) and equal to the single lowest (a peer's value)
        # read alike: were only the second a quarter, the quarter itself would tell.
        values = list(range(1, 31))
        assert (one(values, subject=subject).rank, one(values, subject=subject).quarter) == (
            None,
            1 if subject < 15 else 4,
        )

    def test_a_rank_near_an_end_is_a_quarter_whoever_shares_the_subjects_value(self):
        # 30 peers, one below the subject and none equal: rank 3.33, as close to 0 as
        # "none below, two equal" (the lowest two peers' value), and it reads the same.
        values = [1, *range(10, 39)]
        assert one(values, subject=5).quarter == 1 and one(values, subject=5).rank is None
        assert one([5, 5, *range(10, 38)], subject=5).quarter == 1

    def test_a_rank_that_would_bound_the_minimum_tightly_is_withheld(self):
        # Peers 0, 0, 1, 1, 101 and the subject at 1: any quarter but the bottom one
        # says a peer lies at or below 1, so the lowest peer would be pinned to 0-1.
        published = one([0, 0, 1, 1, 101], bounds=(0, math.inf), subject=1)
        assert (published.rank, published.quarter) == (None, None)
        assert published.withheld["rank"] == REVEALS_MINIMUM

    def test_the_bottom_quarter_is_published_next_to_the_lower_bound(self):
        # "Bottom quarter" includes "every peer above", so it bounds nothing.
        published = one([0.5, 40, 50, 60, 101], bounds=(0, math.inf), subject=0.1)
        assert published.quarter == 1


LEVELS = (0.0, 1.0, 2.0, 3.0, 4.0)  # an ordinal indicator's levels, as a reader knows them


def on_levels(values, subject=None, levels=LEVELS, policy=POLICY):
    return publish(
        [group(values)],
        bounds=(levels[0], levels[-1]),
        policy=policy,
        subject=subject,
        levels=levels,
    )["g"]


class TestTheLevels:
    """An ordinal indicator's answers are whole levels: a reader who tries every group of
    levels that publishes the same can pin an extreme that no interval of real numbers
    would."""

    def test_a_quarter_that_leaves_one_possible_maximum_is_withheld(self):
        # Peers 0, 0, 0, 3, 4 and the subject at 3: median 0 and the third quarter leave
        # one or no peer at 3 and the rest at 4, so "the highest peer answered 4".
        published = on_levels([0, 0, 0, 3, 4], subject=3)
        assert published.figures == {"median": 0.0}
        assert (published.rank, published.quarter) == (None, None)
        assert published.withheld["rank"] == REVEALS_MAXIMUM
        # Read as real numbers the highest peer lies anywhere above 3: the quarter stands.
        assert one([0, 0, 0, 3, 4], bounds=(0.0, 4.0), subject=3).quarter == 3

    def test_a_quarter_that_leaves_one_possible_minimum_is_withheld(self):
        published = on_levels([0, 0, 2, 2, 2], subject=1)
        assert published.withheld["rank"] == REVEALS_MINIMUM

    def test_a_quarter_is_withheld_for_what_could_be_not_for_what_is(self):
        # Peers 0, 0, 0, 4, 4, 4: the third quarter would pin no single peer here, but
        # 0, 0, 1, 3, 4, 4 publishes the same median and quarter and would; a quarter
        # withheld only for the second group would tell the two apart.
        assert on_levels([0, 0, 0, 4, 4, 4], subject=3).withheld["rank"] == REVEALS_MAXIMUM
        assert on_levels([0, 0, 1, 3, 4, 4], subject=3).withheld["rank"] == REVEALS_MAXIMUM

    def test_a_quarter_that_pins_only_an_extreme_several_peers_share_is_published(self):
        # Every group with median 0 in which the subject's 0 is in the third quarter is
        # five peers at 0.
        assert on_levels([0, 0, 0, 0, 0], subject=0).quarter == 3

    def test_a_figure_that_leaves_one_possible_maximum_is_withheld(self):
        # A policy publishing P90 from 12 peers: 2.9 says the 10th and 11th peers are at 2
        # and 3, so the highest is at 3, the top level.
        policy = policy_parse(
            {**POLICY_DATA, "figures": {**POLICY_DATA["figures"], "p10": 12, "p90": 12}}
        )
        values = [0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 3, 3]
        published = on_levels(values, levels=(0.0, 1.0, 2.0, 3.0), policy=policy)
        assert published.withheld["p90"] == REVEALS_MAXIMUM
        assert set(published.figures) == {"p10", "p25", "median", "p75"}
        assert one(values, bounds=(0.0, 3.0)).figures["median"] == 1.5

    def test_values_off_the_levels_are_left_to_the_bounds(self):
        # A value stored before the levels changed: a reader's enumeration would fail.
        assert on_levels([0, 0, 0, 3, 4.5], subject=3).quarter == 3

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        levels=st.sampled_from([(0.0, 1.0, 2.0, 3.0), LEVELS]),
        data=st.data(),
    )
    def test_no_group_of_levels_that_publishes_the_same_pins_an_extreme(self, levels, data):
        answer = st.sampled_from(levels)
        values = data.draw(st.lists(answer, min_size=5, max_size=19))
        subject = data.draw(answer)  # without one, the figures alone pin only at a bound
        published = on_levels(values, subject=subject, levels=levels)
        findings = level_attack(
            values,
            published.figures,
            levels,
            subject=subject,
            rank=published.rank,
            quarter=published.quarter,
        )
        assert findings == [], (values, subject, published)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(levels=st.sampled_from([(0.0, 1.0, 2.0, 3.0), LEVELS]), data=st.data())
    def test_what_is_withheld_and_why_pins_no_extreme_either(self, levels, data):
        # The rule is public: a reader can ask, of every group of levels, whether it
        # would publish exactly this, reasons for what is withheld included.
        answer = st.sampled_from(levels)
        values = data.draw(st.lists(answer, min_size=5, max_size=12))
        subject = data.draw(answer)
        findings = rule_attack(
            values, levels, lambda group: on_levels(group, subject=subject, levels=levels)
        )
        assert findings == [], (values, subject)


class TestDifferencing:
    def nested(self, outer_size, inner_size):
        outer = np.arange(outer_size, dtype=float)
        inner_members = np.arange(outer_size) < inner_size
        return [
            PeerGroup("inner", np.sort(outer[inner_members]), inner_members),
            PeerGroup("outer", outer, np.ones(outer_size, dtype=bool)),
        ]

    @pytest.mark.parametrize("difference", [1, 2, 3, 4])
    def test_a_group_a_few_peers_larger_than_a_group_inside_it_is_withheld(self, difference):
        published = publish(self.nested(30 + difference, 30), bounds=OPEN, policy=POLICY)
        assert published["inner"].compared
        assert not published["outer"].compared
        assert published["outer"].reason == DIFFERENCING
        assert published["outer"].differs_from == "inner"
        assert published["outer"].figures == {} and published["outer"].rank is None

    @pytest.mark.parametrize("difference", [0, 5, 40])
    def test_identical_or_clearly_larger_groups_are_both_published(self, difference):
        published = publish(self.nested(30 + difference, 30), bounds=OPEN, policy=POLICY)
        assert published["inner"].compared and published["outer"].compared

    def test_a_group_inside_that_is_not_published_does_not_count(self):
        published = publish(self.nested(7, 4), bounds=OPEN, policy=POLICY)
        assert not published["inner"].compared and published["outer"].compared

    def test_groups_that_only_overlap_are_both_published(self):
        values = np.arange(12, dtype=float)
        a = np.arange(12) < 8
        b = np.arange(12) >= 4
        published = publish(
            [PeerGroup("a", values[a], a), PeerGroup("b", values[b], b)],
            bounds=OPEN,
            policy=POLICY,
        )
        assert published["a"].compared and published["b"].compared

    def test_the_order_of_the_groups_given_is_kept(self):
        groups = self.nested(40, 30)[::-1]
        assert list(publish(groups, bounds=OPEN, policy=POLICY)) == ["outer", "inner"]


# Indicator ranges a reader knows: bounded counts, percents, ordinals, open amounts.
RANGES = st.sampled_from(
    [
        ((0.0, 8.0), st.integers(0, 8).map(float)),
        ((0.0, 4.0), st.integers(0, 4).map(float)),
        (
            PERCENT,
            st.one_of(st.sampled_from([0.0, 100.0]), st.floats(0, 100).map(lambda v: round(v, 2))),
        ),
        (
            (0.0, math.inf),
            st.one_of(st.just(0.0), st.integers(0, 500).map(float), st.floats(0, 1e6)),
        ),
        ((-100.0, 1000.0), st.floats(-100, 1000).map(lambda v: round(v, 1))),
    ]
)


@st.composite
def groups(draw, max_size=40):
    bounds, value = draw(RANGES)
    values = draw(st.lists(value, min_size=5, max_size=max_size))
    subject = draw(st.one_of(st.none(), value))
    return bounds, values, subject


class TestAReconstructionAttack:
    @settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=groups())
    def test_no_published_figure_or_rank_pins_a_small_groups_minimum_or_maximum(self, data):
        bounds, values, subject = data
        published = one(values, bounds=bounds, subject=subject)
        if len(values) >= 20:
            return  # the rule covers groups below 20; larger groups publish P10 and P90
        findings = attack(
            values,
            published.figures,
            bounds,
            subject=subject,
            rank=published.rank,
            quarter=published.quarter,
        )
        assert findings == [], (values, published)

    def test_the_attack_finds_what_the_old_rule_published(self):
        # Sanity of the attack itself: five percentiles of five peers pin both extremes.
        values = [3.0, 17.0, 42.0, 58.0, 96.0]
        quantiles = np.percentile(values, [10, 25, 50, 75, 90])
        everything = dict(zip(("p10", "p25", "median", "p75", "p90"), quantiles, strict=True))
        sides = {finding.side for finding in attack(values, everything, PERCENT)}
        assert sides == {"minimum", "maximum"}

    def test_the_attack_finds_a_median_next_to_the_bound(self):
        findings = attack([0, 0.1, 0.2, 60, 90], {"median": 0.2}, PERCENT)
        assert [finding.side for finding in findings] == ["minimum"]
