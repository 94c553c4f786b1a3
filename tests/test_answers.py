import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from clusterbench.clusters.services import cluster_create
from clusterbench.engagements.models import Benchmarking
from clusterbench.interviews.models import Answer
from clusterbench.interviews.services import answer_record
from clusterbench.methodology.spec import AnswerError, derived_value


def accepts(spec, code, raw) -> Decimal:
    return spec.indicator(code).validate(raw)


def refuses(spec, code, raw) -> str:
    with pytest.raises(AnswerError) as caught:
        spec.indicator(code).validate(raw)
    return str(caught.value)


class TestCountIndicators:
    def test_it_accepts_whole_numbers(self, framework_spec):
        assert accepts(framework_spec, "S1", "70") == 70
        assert accepts(framework_spec, "S1", 0) == 0
        assert accepts(framework_spec, "S1", "1250") == 1250

    def test_it_refuses_fractions_naming_the_indicator_and_range(self, framework_spec):
        message = refuses(framework_spec, "S1", "70.5")
        assert message == (
            "S1 (Committed cluster participants) must be a whole number from 0 to 20000; got 70.5"
        )

    def test_it_refuses_negative_counts(self, framework_spec):
        assert "got -1" in refuses(framework_spec, "V3", -1)

    def test_bounded_counts_name_both_bounds(self, framework_spec):
        assert accepts(framework_spec, "S2", 8) == 8
        assert "S2 (Participant categories represented) must be a whole number from 0 to 8" in (
            refuses(framework_spec, "S2", 9)
        )
        assert "from 0 to 10; got 11" in refuses(framework_spec, "V2", 11)


class TestPercentIndicators:
    def test_it_accepts_0_to_100(self, framework_spec):
        assert accepts(framework_spec, "S3", "0") == 0
        assert accepts(framework_spec, "S3", "100") == 100
        assert accepts(framework_spec, "S3", "35.5") == Decimal("35.5")

    def test_it_refuses_over_100(self, framework_spec):
        assert "must be a number from 0 to 100; got 100.1" in refuses(framework_spec, "S3", 100.1)

    def test_growth_may_be_negative_down_to_minus_100(self, framework_spec):
        assert accepts(framework_spec, "A4", "-100") == -100
        assert accepts(framework_spec, "A4", "1000") == 1000
        assert "from -100 to 1000; got -101" in refuses(framework_spec, "A4", -101)


class TestNumberIndicators:
    @pytest.mark.parametrize("code,top", [("M1", 200), ("M2", 500), ("F1", 100_000_000)])
    def test_it_caps_at_the_methodology_maximum(self, framework_spec, code, top):
        assert accepts(framework_spec, code, top) == top
        assert f"from 0 to {top}" in refuses(framework_spec, code, top + 1)

    def test_it_accepts_decimals(self, framework_spec):
        assert accepts(framework_spec, "M2", "0.5") == Decimal("0.5")

    def test_it_refuses_more_than_four_decimal_places(self, framework_spec):
        assert "at most 4 decimal places" in refuses(framework_spec, "M2", "0.12345")


class TestOrdinalIndicators:
    def test_it_accepts_each_level(self, framework_spec):
        for level in range(5):
            assert accepts(framework_spec, "M7", level) == level

    def test_it_refuses_a_level_that_does_not_exist(self, framework_spec):
        message = refuses(framework_spec, "V7", 4)
        assert message == "V7 (Performance monitoring) must be one of the levels 0, 1, 2, 3; got 4"

    def test_it_refuses_half_levels(self, framework_spec):
        assert "got 1.5" in refuses(framework_spec, "C3", "1.5")


class TestAnyIndicator:
    @pytest.mark.parametrize("raw", ["", "abc", None, "NaN", "inf", True, [1]])
    def test_it_refuses_what_is_not_a_number(self, framework_spec, raw):
        assert refuses(framework_spec, "S1", raw).startswith("S1 (Committed cluster participants)")

    def test_derived_indicators_cannot_be_entered(self, framework_spec):
        assert "computed from other answers" in refuses(framework_spec, "M3", 4)


class TestDerivedIndicators:
    def test_it_divides_its_inputs(self):
        assert derived_value("S1", "M2", {"S1": Decimal(70), "M2": Decimal("3.5")}) == 20

    def test_a_missing_input_or_zero_divisor_makes_it_missing(self):
        assert derived_value("S1", "M2", {"S1": Decimal(70), "M2": None}) is None
        assert derived_value("S1", "M2", {"M2": Decimal(2)}) is None
        assert derived_value("S1", "M2", {"S1": Decimal(70), "M2": Decimal(0)}) is None


@pytest.fixture
def benchmarking(framework):
    cluster = cluster_create(
        name="Кластер тест", name_en="Test Cluster", country_code="RS", portfolio_slug="ict"
    )
    return Benchmarking.objects.create(
        cluster=cluster, framework=framework, interview_date=dt.date(2026, 10, 1)
    )


@pytest.mark.django_db
class TestRecordingAnswers:
    def test_it_stores_a_value_with_its_evidence(self, benchmarking):
        answer = answer_record(
            benchmarking=benchmarking, code="S1", raw="70", evidence="Member list of 1 October"
        )
        assert answer.value == 70 and not answer.not_known
        assert answer.evidence == "Member list of 1 October"

    def test_not_known_is_stored_as_such_never_as_zero(self, benchmarking):
        answer = answer_record(benchmarking=benchmarking, code="A5", raw="not known")
        assert answer.not_known and answer.value is None

    def test_recording_again_replaces_the_answer(self, benchmarking):
        answer_record(benchmarking=benchmarking, code="S1", raw="70")
        answer_record(benchmarking=benchmarking, code="S1", raw="71")
        assert Answer.objects.get().value == 71

    def test_an_out_of_range_answer_is_refused_and_nothing_stored(self, benchmarking):
        with pytest.raises(ValidationError) as caught:
            answer_record(benchmarking=benchmarking, code="S2", raw="12")
        assert "S2 (Participant categories represented) must be a whole number from 0 to 8" in (
            str(caught.value)
        )
        assert not Answer.objects.exists()

    def test_an_unknown_indicator_is_refused(self, benchmarking):
        with pytest.raises(ValidationError, match=r"Z9 is not an indicator of framework 2026\.1"):
            answer_record(benchmarking=benchmarking, code="Z9", raw="1")

    def test_the_database_refuses_a_value_that_is_also_not_known(self, benchmarking):
        indicator = benchmarking.framework.indicators.get(code="S1")
        with pytest.raises(IntegrityError), transaction.atomic():
            Answer.objects.create(
                benchmarking=benchmarking,
                indicator=indicator,
                value=1,
                not_known=True,
                answered_at="2026-10-01T10:00Z",
            )

    def test_admin_validation_uses_the_same_rule(self, benchmarking):
        indicator = benchmarking.framework.indicators.get(code="S5")
        answer = Answer(
            benchmarking=benchmarking,
            indicator=indicator,
            value=Decimal(140),
            answered_at="2026-10-01T10:00Z",
        )
        with pytest.raises(ValidationError, match=r"S5 .* must be a number from 0 to 100"):
            answer.full_clean()
