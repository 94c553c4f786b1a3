"""A network's members against all clusters: medians only, each under the disclosure rule."""

import dataclasses
import datetime as dt
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import percentileofscore

from clusterbench.analysis.network import (
    AreaComparison,
    IndicatorComparison,
    NetworkComparison,
    network_compare,
    network_comparison_as_dict,
)
from clusterbench.analysis.peers import ReferencePopulation
from clusterbench.methodology.disclosure import disclosure_policy
from clusterbench.methodology.loader import bundled_framework_files, framework_read_file
from clusterbench.methodology.spec import AreaSpec, FrameworkSpec, IndicatorSpec


def spec(*indicators):
    """A framework of (code, area, direction) indicators; areas in order of appearance."""
    areas = dict.fromkeys(area for _, area, _ in indicators)
    return FrameworkSpec(
        version="test",
        title="Test framework",
        published=dt.date(2026, 1, 1),
        description="",
        areas=tuple(AreaSpec(code, f"Area {code}", "") for code in areas),
        indicators=tuple(
            IndicatorSpec(
                code=code,
                area=area,
                name=f"Indicator {code}",
                kind="number",
                unit="EUR",
                direction=direction,
            )
            for code, area, direction in indicators
        ),
        criteria=(),
        eligibility=(),
    )


def population(framework, values):
    values = np.array(values, dtype=float).reshape(-1, len(framework.indicators))
    rows = values.shape[0]
    return ReferencePopulation(
        codes=tuple(indicator.code for indicator in framework.indicators),
        values=values,
        portfolios=np.array(["ict"] * rows, dtype=str),
        countries=np.array(["RS"] * rows, dtype=str),
    )


POLICY = disclosure_policy()


def compare(framework, values, members):
    return network_compare(framework, population(framework, values), np.array(members, dtype=bool))


def first(n, of):
    return [i < n for i in range(of)]


def indicator(comparison, code):
    return next(i for i in comparison.indicators if i.code == code)


def network_side(comparison):
    """Every figure that describes the network, and nothing about all clusters."""
    return (
        comparison.shown,
        [(i.network_median, i.network_score) for i in comparison.indicators],
        [a.network_median for a in comparison.areas],
        comparison.strongest,
        comparison.weakest,
    )


ONE_UP = spec(("X1", "A", "up"))
ONE_DOWN = spec(("X1", "A", "down"))
MIXED = spec(("X1", "A", "up"), ("X2", "A", "down"), ("X3", "B", "none"), ("X4", "B", "up"))

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
ordinal = st.integers(min_value=0, max_value=4).map(float)  # few values, many ties


@st.composite
def populations(draw, framework=MIXED):
    rows = draw(st.integers(min_value=0, max_value=30))
    columns = []
    for _ in framework.indicators:
        cell = st.one_of(st.none(), draw(st.sampled_from([finite, ordinal])))
        column = draw(st.lists(cell, min_size=rows, max_size=rows))
        columns.append([np.nan if v is None else v for v in column])
    values = np.array(columns, dtype=float).T.reshape(rows, len(framework.indicators))
    members = np.array(draw(st.lists(st.booleans(), min_size=rows, max_size=rows)), dtype=bool)
    return values, members


def oracle_scores(framework, values):
    """Every row's score, one row at a time, with SciPy's percentile rank."""
    scores = np.full(values.shape, np.nan)
    for j, ind in enumerate(framework.indicators):
        present = values[~np.isnan(values[:, j]), j]
        for i in range(values.shape[0]):
            if ind.direction != "none" and not np.isnan(values[i, j]):
                rank = percentileofscore(present, values[i, j], kind="mean")
                scores[i, j] = 100 - rank if ind.direction == "down" else rank
    return scores


def oracle_area_scores(framework, scores, area):
    result = []
    for row in scores:
        known = [
            s
            for s, ind in zip(row, framework.indicators, strict=True)
            if ind.area == area and not np.isnan(s)
        ]
        result.append(sum(known) / len(known) if known else np.nan)
    return np.array(result)


def oracle_medians(values, members, bounds=(-np.inf, np.inf)):
    """The network's and all clusters' medians as the disclosure rule publishes them,
    worked out here on plain lists: a median from 5 values; in a group below 20 not
    within the tolerance of a bound unless 3 values share that extreme; all clusters
    withheld when the network is published and differs from it by 1 to 4 clusters."""
    network = sorted(v for v, m in zip(values, members, strict=True) if m and not np.isnan(v))
    everyone = sorted(v for v in values if not np.isnan(v))

    def median(known):
        if len(known) < POLICY.min_peers:
            return None
        middle = float(np.median(known))
        if len(known) < POLICY.extremes_below:
            tolerance = POLICY.extremes_tolerance * (known[-1] - known[0])
            if known.count(known[0]) < 3 and middle - bounds[0] <= tolerance:
                return None
            if known.count(known[-1]) < 3 and bounds[1] - middle <= tolerance:
                return None
        return middle

    network_median = median(network)
    network_published = len(network) >= POLICY.min_peers
    if network_published and 1 <= len(everyone) - len(network) <= POLICY.max_difference:
        return network_median, None
    return network_median, median(everyone)


def assert_same(actual, expected):
    if expected is None:
        assert actual is None
    else:
        assert actual == pytest.approx(expected, rel=1e-9, abs=1e-9)


class TestNetworkComparisonAgainstAnOracle:
    @settings(max_examples=200, deadline=None)
    @given(data=populations())
    def test_scores_and_medians_match_scipy_and_numpy(self, data):
        values, members = data
        comparison = compare(MIXED, values, members)
        scores = oracle_scores(MIXED, values)
        for j, ind in enumerate(MIXED.indicators):
            result = indicator(comparison, ind.code)
            network_median, all_median = oracle_medians(values[:, j], members)
            assert_same(result.network_median, network_median)
            assert_same(result.all_median, all_median)
            if ind.direction == "none":
                assert result.network_score is None
            else:
                network_score, _ = oracle_medians(scores[:, j], members, (0, 100))
                assert_same(result.network_score, network_score)
        for area in comparison.areas:
            area_scores = oracle_area_scores(MIXED, scores, area.code)
            network_median, all_median = oracle_medians(area_scores, members, (0, 100))
            assert_same(area.network_median, network_median)
            assert_same(area.all_median, all_median)

    @settings(max_examples=100, deadline=None)
    @given(data=populations())
    def test_the_down_direction_reads_the_score_the_other_way_round(self, data):
        values, members = data
        up = compare(ONE_UP, values[:, :1], members)
        down = compare(ONE_DOWN, values[:, :1], members)
        if up.indicators[0].network_score is None:
            assert down.indicators[0].network_score is None
        else:
            assert down.indicators[0].network_score == pytest.approx(
                100 - up.indicators[0].network_score
            )
        assert up.indicators[0].network_median == down.indicators[0].network_median


class TestNetworkComparisonScores:
    def test_members_with_the_highest_values_score_high_when_up_is_better(self):
        values = list(range(1, 11))  # members hold 6..10
        members = [v > 5 for v in values]
        result = compare(ONE_UP, values, members).indicators[0]
        assert result.network_score == pytest.approx(75.0)  # ranks 55, 65, ..., 95
        assert result.network_median == 8.0
        assert result.all_median == 5.5

    def test_members_with_the_highest_values_score_low_when_down_is_better(self):
        values = list(range(1, 11))
        members = [v > 5 for v in values]
        result = compare(ONE_DOWN, values, members).indicators[0]
        assert result.network_score == pytest.approx(25.0)
        assert result.network_median == 8.0  # values are never inverted, only scores

    def test_an_indicator_without_direction_has_medians_but_no_score(self):
        framework = spec(("X1", "A", "up"), ("X2", "A", "none"))
        values = [[v, v] for v in range(1, 11)]
        comparison = compare(framework, values, [True] * 10)
        x2 = indicator(comparison, "X2")
        assert x2.network_score is None and x2.network_median == 5.5
        assert comparison.areas[0].network_median == 50.0  # X1 only

    def test_a_missing_value_counts_in_no_group(self):
        values = [np.nan, np.nan, 1, 2, 3, 4, 5, 6]
        result = compare(ONE_UP, values, [True] * 8).indicators[0]
        assert result.network_median == 3.5


class TestNetworkComparisonAnonymityRule:
    def test_four_members_with_values_withhold_every_network_figure(self):
        comparison = compare(MIXED, np.arange(40).reshape(10, 4), first(4, 10))
        assert not comparison.shown
        for result in comparison.indicators:
            assert result.network_median is None and result.network_score is None
            assert result.all_median is not None
        for area in comparison.areas:
            assert area.network_median is None and area.all_median is not None
        assert comparison.strongest == () and comparison.weakest == ()

    def test_five_members_with_values_are_shown(self):
        comparison = compare(MIXED, np.arange(40).reshape(10, 4), first(5, 10))
        assert comparison.shown
        for result in comparison.indicators:
            assert result.network_median is not None
        assert all(area.network_median is not None for area in comparison.areas)

    def test_an_indicator_known_for_four_members_is_withheld_in_a_shown_network(self):
        framework = spec(("X1", "A", "up"), ("X2", "A", "up"))
        values = [[np.nan if row < 2 else row, row] for row in range(10)]
        comparison = compare(framework, values, first(6, 10))
        assert comparison.shown
        x1, x2 = comparison.indicators
        assert (x1.network_median, x1.network_score) == (None, None)
        assert x2.network_median is not None and x2.network_score is not None
        assert x1 not in comparison.strongest + comparison.weakest

    def test_all_clusters_are_withheld_when_they_differ_from_the_network_by_a_few(self):
        # Nine clusters, seven of them members: the two others would be the difference.
        comparison = compare(ONE_UP, list(range(1, 10)), first(7, 9))
        result = comparison.indicators[0]
        assert result.network_median == 4.0 and result.all_median is None

    def test_a_small_networks_median_next_to_a_bound_is_withheld(self):
        framework = FrameworkSpec(
            **{
                **{f.name: getattr(ONE_UP, f.name) for f in dataclasses.fields(ONE_UP)},
                "indicators": (
                    dataclasses.replace(
                        ONE_UP.indicators[0], kind="percent", minimum=0, maximum=100
                    ),
                ),
            }
        )
        # Members 0, 0, 0.001, 60, 80: the median 0.001 would say the lowest member is at 0.
        values = [0, 0, 0.001, 60, 80, *range(20, 60)]
        result = compare(framework, values, first(5, len(values))).indicators[0]
        assert result.network_median is None and result.all_median is not None

    def test_changing_a_members_value_among_four_changes_nothing(self):
        # Members hold 1..4, the others 10..15: the change keeps every rank and the overall
        # median, so any difference in the output could only come from the member's value.
        values = [1, 2, 3, 4, 10, 11, 12, 13, 14, 15]
        changed = [0.5, *values[1:]]
        members = first(4, 10)
        assert compare(ONE_UP, values, members) == compare(ONE_UP, changed, members)

    def test_the_same_change_among_five_members_shows(self):
        values = [1, 2, 3, 4, 5, 10, 11, 12, 13, 14]
        changed = [1, 2, 3.5, 4, 5, 10, 11, 12, 13, 14]
        members = first(5, 10)
        assert compare(ONE_UP, values, members) != compare(ONE_UP, changed, members)

    @settings(max_examples=100, deadline=None)
    @given(data=populations(), row=st.integers(min_value=0), new=finite)
    def test_no_member_value_moves_a_network_figure_of_a_small_network(self, data, row, new):
        values, members = data
        members[:] = False
        members[: min(4, len(members))] = True
        before = compare(MIXED, values, members)
        cell = (row % max(1, min(4, len(members))), row % 4)
        # Only the value changes: whether a member has a value (its n) is not secret.
        if len(members) and not np.isnan(values[cell]):
            values[cell] = new
        assert network_side(compare(MIXED, values, members)) == network_side(before)


class TestNetworkComparisonCarriesNoCounts:
    def test_no_field_counts_members_or_shares_them_out(self):
        # A count or a share moves with a single member's answers or status; only
        # medians may be published about a network.
        names = {f.name for f in dataclasses.fields(NetworkComparison)}
        names |= {f.name for f in dataclasses.fields(IndicatorComparison)}
        names |= {f.name for f in dataclasses.fields(AreaComparison)}
        assert not {n for n in names if n.endswith("_n") or n in ("members", "clusters")}
        assert not {n for n in names if "eligible" in n or "labelled" in n}

    def test_masks_of_the_wrong_length_are_refused(self):
        with pytest.raises(ValueError, match="one entry per cluster"):
            compare(ONE_UP, range(6), [True] * 5)


def column(m):
    """Five members at 10 among ten clusters, m of the others below: members score 10m + 25."""
    return [10] * 5 + [0] * m + [20] * (5 - m)


class TestNetworkComparisonStrongestAndWeakest:
    # Scores 55 75 50(all tied) 65 55 25 75 35 45 55 25 45 35 65 for X1..X14.
    LEVELS = (3, 5, None, 4, 3, 0, 5, 1, 2, 3, 0, 2, 1, 4)
    FRAMEWORK = spec(*((f"X{k}", "A", "up") for k in range(1, 15)), ("Y1", "A", "none"))

    def comparison(self):
        columns = [[10] * 10 if m is None else column(m) for m in self.LEVELS]
        values = np.array([*columns, list(range(10))], dtype=float).T
        return compare(self.FRAMEWORK, values, first(5, 10))

    def test_the_strongest_are_above_50_highest_first_ties_in_framework_order(self):
        strongest = self.comparison().strongest
        assert [i.code for i in strongest] == ["X2", "X7", "X4", "X14", "X1"]
        assert [i.network_score for i in strongest] == [75, 75, 65, 65, 55]

    def test_the_weakest_are_below_50_lowest_first_ties_in_framework_order(self):
        weakest = self.comparison().weakest
        assert [i.code for i in weakest] == ["X6", "X11", "X8", "X13", "X9"]
        assert [i.network_score for i in weakest] == [25, 25, 35, 35, 45]

    def test_an_indicator_at_50_or_without_direction_is_neither(self):
        comparison = self.comparison()
        named = {i.code for i in comparison.strongest + comparison.weakest}
        assert indicator(comparison, "X3").network_score == 50
        assert not named & {"X3", "Y1"}


class TestNetworkComparisonEdgeCases:
    def test_an_empty_population_gives_an_empty_comparison(self):
        comparison = compare(MIXED, np.empty((0, 4)), [])
        assert not comparison.shown
        assert all(i.all_median is None for i in comparison.indicators)
        assert all(a.all_median is None for a in comparison.areas)

    def test_a_population_without_members_still_gives_all_clusters(self):
        comparison = compare(MIXED, np.arange(40).reshape(10, 4), [False] * 10)
        assert not comparison.shown
        assert all(i.network_median is None for i in comparison.indicators)
        assert all(a.all_median == 50.0 for a in comparison.areas)


class TestNetworkComparisonAsDict:
    def test_it_is_json_ready_with_floats_rounded_and_withheld_figures_none(self):
        values = np.array([[v, v, v, v / 3] for v in range(1, 10)], dtype=float)
        members = first(6, 9)
        comparison = compare(MIXED, values, members)
        data = json.loads(json.dumps(network_comparison_as_dict(comparison), allow_nan=False))
        assert data["shown"] is True
        x4 = next(i for i in data["indicators"] if i["code"] == "X4")
        assert x4["network_median"] == 1.17  # the median of 1/3 .. 6/3
        assert data["indicators"][2]["network_score"] is None  # X3 has no direction

    def test_a_withheld_comparison_keeps_its_none_fields(self):
        comparison = compare(MIXED, np.arange(12).reshape(3, 4), first(2, 3))
        data = network_comparison_as_dict(comparison)
        assert json.dumps(data, allow_nan=False)
        assert data["areas"][0] == {
            "code": "A",
            "name": "Area A",
            "network_median": None,
            "all_median": None,
        }
        assert set(data) == {f.name for f in dataclasses.fields(NetworkComparison)}


@pytest.fixture(scope="module")
def framework_2026():
    return framework_read_file(bundled_framework_files()[0])[0]


class TestNetworkComparisonOnTheRealFramework:
    def test_every_indicator_derived_included_and_every_area_in_framework_order(
        self, framework_2026
    ):
        rng = np.random.default_rng(1)
        rows, codes = 40, len(framework_2026.indicators)
        values = rng.integers(0, 5, size=(rows, codes)).astype(float)
        comparison = compare(framework_2026, values, rng.random(rows) < 0.5)
        assert [i.code for i in comparison.indicators] == [
            i.code for i in framework_2026.indicators
        ]
        assert [a.code for a in comparison.areas] == [a.code for a in framework_2026.areas]
        assert all(isinstance(i, IndicatorComparison) for i in comparison.indicators)
        assert all(isinstance(a, AreaComparison) for a in comparison.areas)
        assert comparison.framework_version == framework_2026.version

    def test_a_large_population_is_compared_whole(self):
        # Speed is measured by bench/network_bench.py; here only that scale works.
        framework = spec(*((f"X{k}", "ABCDE"[k % 5], ("up", "down")[k % 2]) for k in range(40)))
        rng = np.random.default_rng(2)
        values = rng.normal(size=(10_000, 40))
        values[rng.random(values.shape) < 0.1] = np.nan
        pop = population(framework, values)
        comparison = network_compare(framework, pop, rng.random(10_000) < 0.05)
        assert comparison.shown and len(comparison.indicators) == 40
        assert all(i.network_median is not None for i in comparison.indicators)


def test_a_members_row_kept_by_the_briefs_edition_is_not_one_of_all_clusters():
    # Rows 0-19 are all clusters' latest benchmarkings; row 20 is a member's earlier one,
    # kept by the brief's edition: it counts for the network, not among all clusters.
    framework = spec(("A", "X", "up"))
    values = [*range(20), 1000]
    members = np.array([False] * 16 + [True] * 5)
    everyone = np.array([True] * 20 + [False])
    comparison = network_compare(
        framework, population(framework, values), members, everyone=everyone
    )
    indicator = comparison.indicators[0]
    assert indicator.all_median == pytest.approx(np.median(range(20)))
    assert indicator.network_median == pytest.approx(np.median([16, 17, 18, 19, 1000]))
    # Its score is its rank among all clusters: above every one of them.
    assert indicator.network_score == pytest.approx(np.median([82.5, 87.5, 92.5, 97.5, 100]))
