"""The statistics against NumPy and SciPy as oracles, on random data (hypothesis)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import percentileofscore

from clusterbench.analysis.peers import ALL, COUNTRY, PORTFOLIO, PeerStatistics, ReferencePopulation
from clusterbench.analysis.statistics import QUANTILES, SortedGroup

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
# Ordinal scales: few distinct values, many ties.
ordinal = st.integers(min_value=0, max_value=4).map(float)
column_values = st.one_of(
    st.lists(finite, min_size=1, max_size=60),
    st.lists(ordinal, min_size=1, max_size=60),
)


def with_missing(values, mask):
    return [np.nan if missing else v for v, missing in zip(values, mask, strict=False)]


class TestPercentiles:
    @settings(max_examples=300, deadline=None)
    @given(values=column_values, mask=st.lists(st.booleans(), max_size=60))
    def test_they_match_numpys_linear_percentiles(self, values, mask):
        column = np.array(with_missing(values, mask) + values[len(mask) :])
        group = SortedGroup.of(column[:, None])
        present = column[~np.isnan(column)]
        assert group.counts[0] == len(present)
        if len(present) == 0:
            assert np.isnan(group.percentiles[:, 0]).all()
        else:
            expected = np.percentile(present, QUANTILES)
            np.testing.assert_allclose(group.percentiles[:, 0], expected, rtol=1e-12, atol=1e-9)

    def test_several_columns_with_different_counts_are_independent(self):
        values = np.array([[1.0, np.nan], [2.0, 10.0], [3.0, np.nan], [4.0, 30.0], [5.0, 20.0]])
        group = SortedGroup.of(values)
        assert list(group.counts) == [5, 3]
        np.testing.assert_allclose(
            group.percentiles[:, 0], np.percentile([1, 2, 3, 4, 5], QUANTILES)
        )
        np.testing.assert_allclose(group.percentiles[:, 1], np.percentile([10, 20, 30], QUANTILES))


class TestPercentileRank:
    @settings(max_examples=300, deadline=None)
    @given(
        values=column_values,
        subject=st.one_of(finite, ordinal),
        mask=st.lists(st.booleans(), max_size=60),
    )
    def test_it_matches_scipys_mean_kind(self, values, subject, mask):
        column = np.array(with_missing(values, mask) + values[len(mask) :])
        present = column[~np.isnan(column)]
        rank = SortedGroup.of(column[:, None]).rank(0, subject)
        if len(present) == 0:
            assert rank is None
        else:
            assert rank == pytest.approx(percentileofscore(present, subject, kind="mean"))

    @given(values=st.lists(finite, min_size=1, max_size=40))
    def test_a_subject_below_or_above_every_peer_is_at_0_or_100(self, values):
        group = SortedGroup.of(np.array(values)[:, None])
        assert group.rank(0, min(values) - 1) == 0
        assert group.rank(0, max(values) + 1) == 100

    def test_ties_share_the_middle_rank(self):
        group = SortedGroup.of(np.array([[2.0], [2.0], [2.0], [2.0]]))
        assert group.rank(0, 2.0) == 50

    def test_a_missing_subject_value_has_no_rank(self):
        assert SortedGroup.of(np.array([[1.0], [2.0]])).rank(0, np.nan) is None


def population(portfolios, countries, values):
    return ReferencePopulation(
        codes=("X1",),
        values=np.array(values, dtype=float)[:, None],
        portfolios=np.array(portfolios),
        countries=np.array(countries),
    )


class TestComparisonGroups:
    def test_each_portfolio_and_country_is_its_own_group(self):
        pop = population(["ict", "ict", "food"], ["RS", "DE", "RS"], [1, 2, 3])
        stats = PeerStatistics.build(pop)
        assert stats.group(ALL).counts[0] == 3
        assert stats.group(PORTFOLIO, "ict").counts[0] == 2
        assert stats.group(COUNTRY, "RS").sorted_values[:, 0].tolist() == [1, 3]
        assert stats.group(COUNTRY, "FR") is None

    def test_an_empty_population_has_empty_groups(self):
        stats = PeerStatistics.build(population([], [], np.empty((0,))))
        assert stats.group(ALL).counts[0] == 0
        assert stats.group(PORTFOLIO, "ict") is None
