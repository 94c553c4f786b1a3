import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from clusterbench.labels.rules import audited_valid_until, bronze_valid_until, month_end

D = dt.date


class TestFirstAward:
    def test_valid_to_the_end_of_the_interview_month_24_months_later(self):
        assert bronze_valid_until(D(2016, 4, 15), None) == D(2018, 4, 30)

    def test_february_ends_on_its_last_day(self):
        assert bronze_valid_until(D(2014, 2, 3), None) == D(2016, 2, 29)
        assert bronze_valid_until(D(2015, 2, 3), None) == D(2017, 2, 28)

    @given(st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31)))
    def test_always_the_last_day_of_a_month_two_years_on(self, interview):
        end = bronze_valid_until(interview, None)
        assert (end + dt.timedelta(days=1)).day == 1
        assert (end.year - interview.year) * 12 + end.month - interview.month == 24


class TestRenewal:
    def test_a_renewal_before_expiry_extends_the_previous_end_by_36_months(self):
        assert bronze_valid_until(D(2018, 2, 10), D(2018, 4, 30)) == D(2021, 4, 30)

    def test_up_to_12_months_after_expiry_still_extends_seamlessly(self):
        assert bronze_valid_until(D(2019, 4, 30), D(2018, 4, 30)) == D(2021, 4, 30)

    def test_later_than_that_is_a_first_award_again(self):
        assert bronze_valid_until(D(2019, 5, 1), D(2018, 4, 30)) == D(2021, 5, 31)


def test_silver_and_gold_are_valid_two_years_from_the_audit_month():
    assert audited_valid_until(D(2020, 11, 5)) == D(2022, 11, 30)


def test_month_end():
    assert month_end(D(2020, 12, 31), 2) == D(2021, 2, 28)
