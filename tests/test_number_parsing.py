"""One number parser for every form and endpoint: decimal comma or point, no digit-group
separators, ASCII digits only, no NaN, infinities or exponents, and every stored number
fits its column."""

import json
from decimal import Decimal

import pytest

from clusterbench.engagements.models import Benchmarking
from clusterbench.interviews.models import Answer
from clusterbench.offers.models import Quote, QuoteLine
from tests.engagement_fixtures import PASSWORD

# The parser and the column limits are imported where used, so that the tests of the
# pages run (and fail) on code that does not have them yet.


def parse(raw, places=4, digits=15):
    from clusterbench.numbers import number_parse

    return number_parse(raw, what="The value", max_digits=digits, decimal_places=places)


def refusal(raw, places=4, digits=15) -> str:
    from clusterbench.numbers import NumberError

    with pytest.raises(NumberError) as caught:
        parse(raw, places, digits)
    return str(caught.value)


def save(client, engagement, code, **payload):
    body = {"version": 0, "value": "", "not_known": False, "evidence": "", **payload}
    return client.post(
        f"/engagements/{engagement.pk}/answers/{code}/",
        data=json.dumps(body),
        content_type="application/json",
    )


@pytest.fixture
def scheduled(framework, cluster, people, engagement_at):
    return engagement_at(framework, cluster, people, "scheduled")


@pytest.fixture
def expert(client, people):
    client.raise_request_exception = False
    client.login(username="exp", password=PASSWORD)
    return client


class TestTheParser:
    @pytest.mark.parametrize(
        "raw,expected",
        [
            ("1,5", Decimal("1.5")),
            ("1.5", Decimal("1.5")),
            ("1200,500", Decimal("1200.5")),  # four digits before: no thousands group
            ("0,125", Decimal("0.125")),  # nothing is 0 thousand
            ("1,25", Decimal("1.25")),
            (" 70 ", Decimal(70)),
            ("-12,25", Decimal("-12.25")),
            (",5", Decimal("0.5")),
            (12, Decimal(12)),
            (Decimal("3.25"), Decimal("3.25")),
        ],
    )
    def test_a_decimal_comma_or_point_is_the_decimal_separator(self, raw, expected):
        assert parse(raw) == expected

    @pytest.mark.parametrize(
        "raw,thousands,decimal",
        [("850,000", "850000", "850,0"), ("1.200", "1200", "1.2"), ("-2,500", "-2500", "-2,5")],
    )
    def test_one_separator_before_three_digits_is_refused_as_ambiguous(
        self, raw, thousands, decimal
    ):
        # "850,000" is 850 thousand to an English reader and 850 to a Serbian one: read
        # either way, one of them is stored wrong without a word.
        message = refusal(raw, places=4)
        assert f"“{raw}” could be read two ways" in message
        assert f"write {thousands}" in message and f"or {decimal}" in message

    def test_a_json_number_with_three_decimals_is_not_ambiguous(self):
        assert parse(Decimal("1.250")) == Decimal("1.25")

    @pytest.mark.parametrize("raw", ["1.200.000", "1,200.5", "1 200", "1'200", "1\u00a0200"])
    def test_digit_group_separators_are_refused_naming_the_problem(self, raw):
        assert "has digit-group separators" in refusal(raw)

    @pytest.mark.parametrize("raw", ["١٢", "\uff11\uff12", "۳", "12²"])
    def test_digits_other_than_0_to_9_are_refused(self, raw):
        assert "uses digits other than 0-9" in refusal(raw)

    @pytest.mark.parametrize(
        "raw", ["NaN", "nan", "Infinity", "-inf", Decimal("NaN"), float("inf")]
    )
    def test_nan_and_infinities_are_refused(self, raw):
        assert "must be a number" in refusal(raw)

    @pytest.mark.parametrize("raw", ["1e11", "1E+999", "2.5e-3"])
    def test_exponents_are_refused(self, raw):
        assert "is written with an exponent" in refusal(raw)

    def test_a_number_beyond_the_columns_capacity_is_refused(self):
        assert "too large: at most 11 digits" in refusal("123456789012")
        assert "too large" in refusal(Decimal("1E+999"))
        assert parse("12345678901.1234") == Decimal("12345678901.1234")

    def test_more_decimals_than_the_column_keeps_are_refused(self):
        assert "at most 2 decimal places; got 1.2345" in refusal("1.2345", places=2)
        assert "must be a whole number; got 1,5" in refusal("1,5", places=0)

    def test_minus_zero_is_zero(self):
        assert str(parse("-0")) == "0.0" and not parse("-0").is_signed()

    @pytest.mark.parametrize("raw", [True, None, [1], {"a": 1}, "", "twelve", "5,", "1-2"])
    def test_anything_else_is_refused_with_a_message(self, raw):
        assert refusal(raw).startswith("The value")

    def test_posted_ids_are_plain_digits_or_nothing(self):
        from clusterbench.numbers import id_parse

        assert (id_parse("42"), id_parse("²"), id_parse("٣"), id_parse(None)) == (42, 0, 0, 0)


class TestColumns:
    def test_the_parser_limits_are_the_answer_columns(self):
        from clusterbench.methodology.spec import ANSWER_DECIMAL_PLACES, ANSWER_MAX_DIGITS

        field = Answer._meta.get_field("value")
        assert (field.max_digits, field.decimal_places) == (
            ANSWER_MAX_DIGITS,
            ANSWER_DECIMAL_PLACES,
        )

    def test_the_quote_amount_limits_are_the_quote_columns(self):
        for field in (QuoteLine._meta.get_field("amount"), Quote._meta.get_field("total")):
            assert (field.max_digits, field.decimal_places) == (12, 2)

    def test_every_asked_indicator_has_a_plausible_maximum_the_column_holds(self, framework_spec):
        field = Answer._meta.get_field("value")
        ceiling = Decimal(10) ** (field.max_digits - field.decimal_places)
        for indicator in framework_spec.asked:
            assert indicator.maximum is not None, indicator.code
            assert -ceiling < indicator.minimum <= indicator.maximum < ceiling, indicator.code

    def test_a_framework_without_a_maximum_is_refused(self, framework):
        import copy

        import yaml

        from clusterbench.methodology.loader import bundled_framework_files
        from clusterbench.methodology.spec import FrameworkError, parse_framework

        data = yaml.safe_load(bundled_framework_files()[0].read_text(encoding="utf-8"))
        broken = copy.deepcopy(data)
        next(i for i in broken["indicators"] if i["code"] == "S1")["max"] = None
        with pytest.raises(FrameworkError, match=r"\(S1\)\.max: missing number"):
            parse_framework(broken)
        next(i for i in broken["indicators"] if i["code"] == "S1")["max"] = 10**12
        with pytest.raises(FrameworkError, match=r"\(S1\)\.max: .* does not fit the answers"):
            parse_framework(broken)


class TestTheAnswerEndpoint:
    """Each case through the workspace's autosave and the API alike (`entry`): the same
    parser reads both, so the same input gets the same answer."""

    @pytest.mark.parametrize("value", ["1e11", "100000000000", 1e11, "1e999"])
    def test_an_answer_beyond_the_columns_capacity_is_refused(self, entry, scheduled, value):
        outcome = entry("expert", scheduled, "V3", value=value)
        assert outcome.status == 422
        assert "V3" in outcome.error
        assert not Answer.objects.exists()

    def test_an_answer_beyond_the_indicators_plausible_maximum_is_refused(self, entry, scheduled):
        outcome = entry("expert", scheduled, "S1", value="20001")
        assert outcome.status == 422
        assert "from 0 to 20000; got 20001" in outcome.error

    def test_a_json_number_too_large_for_a_float_is_read_exactly_and_refused_by_its_range(
        self, entry, scheduled
    ):
        outcome = entry(
            "expert",
            scheduled,
            "V3",
            body='{"version": 0, "value": 1e999, "not_known": false, "evidence": ""}',
        )
        assert outcome.status == 422
        assert "must be a whole number from 0 to 1000; got 1E+999" in outcome.error
        assert not Answer.objects.exists()

    def test_a_json_number_too_large_for_an_indicator_with_a_maximum_names_its_range(
        self, entry, scheduled
    ):
        # A4 accepts -100 to 1000: the column's 11 digits are not the limit to tell.
        for value, shown in (("1E+999", "1E+999"), ("-123456789012", "-123456789012")):
            outcome = entry(
                "expert",
                scheduled,
                "A4",
                body=f'{{"version": 0, "value": {value}, "not_known": false, "evidence": ""}}',
            )
            assert outcome.status == 422
            assert f"must be a number from -100 to 1000; got {shown}" in outcome.error
            assert "digits" not in outcome.error
        assert not Answer.objects.exists()

    def test_a_json_integer_of_thousands_of_digits_is_refused_by_its_range(self, entry, scheduled):
        # Python's int() refuses more than 4,300 digits with its own message.
        digits = "9" * 5000
        outcome = entry(
            "expert",
            scheduled,
            "V3",
            body=f'{{"version": 0, "value": {digits}, "not_known": false, "evidence": ""}}',
        )
        assert outcome.status == 422
        assert "must be a whole number from 0 to 1000; got 99999" in outcome.error
        assert "int_max_str_digits" not in outcome.error
        assert not Answer.objects.exists()

    @pytest.mark.parametrize("constant", ["Infinity", "-Infinity", "NaN"])
    def test_a_json_infinity_or_nan_is_a_malformed_request(self, entry, scheduled, constant):
        outcome = entry("expert", scheduled, "V3", body=f'{{"version": 0, "value": {constant}}}')
        assert outcome.status == 400
        assert outcome.error == f"Malformed request: {constant} is not a number"
        assert not Answer.objects.exists()

    def test_a_json_number_with_more_decimals_than_kept_is_refused_as_written(
        self, entry, scheduled
    ):
        outcome = entry("expert", scheduled, "M2", body='{"version": 0, "value": 1e-7}')
        assert outcome.status == 422
        assert "accepts at most 4 decimal places; got 0.0000001" in outcome.error

    @pytest.mark.parametrize("typed", ["1,5", "1.5", 1.5])
    def test_a_decimal_comma_is_a_decimal_separator_in_the_interview(self, entry, scheduled, typed):
        outcome = entry("expert", scheduled, "M2", value=typed)
        assert outcome.status == 200 and outcome.value == "1.5"
        assert Answer.objects.get().value == Decimal("1.5")

    def test_a_decimal_comma_is_a_decimal_separator_in_the_self_assessment(
        self, entry, framework, cluster, people, engagement_at
    ):
        accepted = engagement_at(framework, cluster, people, "accepted")
        assert entry("manager", accepted, "M2", value="2,5").status == 200
        assert Answer.objects.get().value == Decimal("2.5")

    def test_digit_group_separators_in_an_answer_are_refused_not_dropped(self, entry, scheduled):
        outcome = entry("expert", scheduled, "S1", value="1.200")
        assert outcome.status == 422  # 1.2 participants: not a whole number
        outcome = entry("expert", scheduled, "F1", value="1.200.000")
        assert outcome.status == 422
        assert "has digit-group separators" in outcome.error
        assert not Answer.objects.exists()

    @pytest.mark.parametrize("value", ["١٢", "\uff11\uff12"])
    def test_non_ascii_digits_in_an_answer_are_refused(self, entry, scheduled, value):
        outcome = entry("expert", scheduled, "S1", value=value)
        assert outcome.status == 422
        assert "digits other than 0-9" in outcome.error

    def test_minus_zero_is_stored_and_echoed_as_zero(self, entry, scheduled):
        assert entry("expert", scheduled, "A4", value="-0").value == "0"
        assert str(Answer.objects.get()) == "A4: 0"

    def test_the_workspace_page_opens_after_refused_numbers(self, expert, scheduled):
        for value in ("1e999", "1.200.000", "NaN"):
            assert save(expert, scheduled, "V3", value=value).status_code == 422
        assert expert.get(f"/engagements/{scheduled.pk}/interview/").status_code == 200


class TestQuoteAmounts:
    @pytest.fixture
    def requested(self, framework, cluster, people, engagement_at):
        return engagement_at(framework, cluster, people, "requested", expert=None)

    @pytest.fixture
    def secretariat(self, client, people):
        client.raise_request_exception = False
        client.login(username="sec", password=PASSWORD)
        return client

    def test_the_quote_form_reads_a_decimal_comma_like_the_interview(self, secretariat, requested):
        response = secretariat.post(
            f"/engagements/{requested.pk}/quote/", {"travel": "350,50", "currency": "EUR"}
        )
        assert response.status_code == 302
        travel = QuoteLine.objects.get(kind="travel")
        assert travel.amount == Decimal("350.50")

    @pytest.mark.parametrize("travel", ["99999999999999999999", "9" * 40, "1e30"])
    def test_huge_travel_costs_are_refused_with_a_message(self, secretariat, requested, travel):
        response = secretariat.post(
            f"/engagements/{requested.pk}/quote/", {"travel": travel, "currency": "EUR"}
        )
        assert response.status_code == 200
        assert "Travel" in response.content.decode()
        assert not Quote.objects.exists()
        assert Benchmarking.objects.get(pk=requested.pk).status == "requested"


class TestPostedIds:
    def test_a_superscript_digit_in_a_page_size_is_not_a_server_error(self, client, db):
        client.raise_request_exception = False
        assert client.get("/database/?per_page=²").status_code == 200

    def test_a_superscript_digit_as_a_year_founded_is_refused_with_a_message(
        self, client, framework, people
    ):
        client.raise_request_exception = False
        client.login(username="man", password=PASSWORD)
        response = client.post(
            "/engagements/request/",
            {
                "cluster": "new",
                "name": "Nova",
                "name_en": "Nova Cluster",
                "country": "RS",
                "portfolio": "ict",
                "year_founded": "2²",
            },
        )
        assert response.status_code == 200
        assert "Year founded must be a year" in response.content.decode()
