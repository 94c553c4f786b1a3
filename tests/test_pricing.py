"""The price list and the pricing of a quote: exact to the cent, VAT by country."""

import copy
from decimal import Decimal

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from clusterbench.offers.pricing import (
    BUNDLED_PRICE_LIST,
    PriceError,
    amount_parse,
    cents,
    currency_check,
    price_list_parse,
    price_list_read,
    quote_price,
)

D = Decimal


@pytest.fixture(scope="module")
def prices():
    return price_list_read(BUNDLED_PRICE_LIST)


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load(BUNDLED_PRICE_LIST.read_text())


def amounts(priced):
    return [line.amount for line in priced.lines]


class TestTheBundledPriceList:
    def test_it_holds_the_published_fee_and_the_demonstration_discount(self, prices):
        assert prices.currency == "EUR"
        assert prices.fee == D("1850.00")
        assert prices.group_min_clusters == 5
        assert prices.group_discount_percent == D("10")
        assert prices.vat_rates["DE"] == D("19")
        assert "RS" not in prices.vat_rates  # outside the EU VAT area


class TestPriceListValidation:
    @pytest.mark.parametrize(
        "path,value,message",
        [
            (
                ("fee", "amount"),
                1850.0,
                r'fee.amount: must be an amount in quotes such as "1850.00"',
            ),
            (("fee", "amount"), "-5", "fee.amount cannot be negative"),
            (("fee", "amount"), "18.5055", "fee.amount accepts at most 2 decimal places"),
            (
                ("vat", "rates", "DE"),
                "119",
                r"vat.rates.DE: must be a percentage between 0 and 100",
            ),
            (("vat", "rates", "DE"), "abc", "vat.rates.DE: “abc” is not a number"),
            (
                ("group_bid", "discount_percent"),
                10,
                "group_bid.discount_percent: must be a percentage in quotes",
            ),
            (
                ("group_bid", "min_clusters"),
                1,
                "group_bid.min_clusters: must be a whole number 2-100",
            ),
            (("quote_valid_days",), 0, "quote_valid_days: must be a whole number of days"),
            (("currency",), "euro", "“EURO” is not a currency code"),
            (("supplier", "name"), "", "supplier.name: must be non-empty text"),
        ],
    )
    def test_a_bad_value_is_refused_with_its_key_path(self, raw, path, value, message):
        data = copy.deepcopy(raw)
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        with pytest.raises(PriceError, match=message):
            price_list_parse(data)

    def test_a_lowercase_country_code_is_refused(self, raw):
        data = copy.deepcopy(raw)
        data["vat"]["rates"]["de"] = "19"
        with pytest.raises(PriceError, match=r"vat\.rates\.de: must be an ISO country code"):
            price_list_parse(data)

    def test_a_missing_section_is_named(self, raw):
        data = copy.deepcopy(raw)
        del data["vat"]
        with pytest.raises(PriceError, match="vat: must be a mapping"):
            price_list_parse(data)

    def test_an_unreadable_file_is_named(self, tmp_path):
        path = tmp_path / "prices.yaml"
        path.write_text("fee: [unclosed")
        with pytest.raises(PriceError, match=r"prices\.yaml: is not valid YAML"):
            price_list_read(path)


class TestAmounts:
    @pytest.mark.parametrize(
        "raw,expected",
        [
            ("320", D("320.00")),
            ("320.5", D("320.50")),
            ("1250.50", D("1250.50")),
            ("350,50", D("350.50")),  # a decimal comma, as in the interview
            (" 99.99 ", D("99.99")),
            ("", D("0.00")),
            ("0", D("0.00")),
        ],
    )
    def test_typed_amounts_are_read_exactly(self, raw, expected):
        assert amount_parse(raw) == expected
        assert amount_parse(raw).as_tuple().exponent == -2

    @pytest.mark.parametrize(
        "raw,message",
        [
            ("-20", "Travel cannot be negative; got -20."),
            ("abc", "Travel must be a number such as 12 or 3,5; got “abc”."),
            ("1e3", "Travel: “1e3” is written with an exponent"),
            ("NaN", "Travel must be a number; got “NaN”."),
            ("1,250.50", "Travel: “1,250.50” has digit-group separators"),
            ("1.2.3", "Travel: “1.2.3” has digit-group separators"),
            ("12.3456", r"Travel accepts at most 2 decimal places; got 12.3456\."),
            ("250000", "Travel of 250,000.00 is more than 100,000.00"),
        ],
    )
    def test_bad_amounts_are_refused_saying_why(self, raw, message):
        with pytest.raises(PriceError, match=message):
            amount_parse(raw, "Travel")

    def test_an_unknown_currency_is_refused(self, prices):
        with pytest.raises(PriceError, match=r"Unknown currency .USD.: quotes are issued in EUR\."):
            currency_check("USD", prices)
        assert currency_check(" eur ", prices) == "EUR"

    def test_rounding_is_half_up_to_the_cent(self):
        assert cents(D("0.005")) == D("0.01")
        assert cents(D("0.0049")) == D("0.00")
        assert cents(D("2.675")) == D("2.68")  # a float would give 2.67


class TestQuoteTotals:
    def test_vat_is_charged_at_the_clients_countrys_rate(self, prices):
        priced = quote_price(prices, country="DE", travel=D("320.50"), accommodation=D("99.99"))
        assert amounts(priced) == [D("1850.00"), D("320.50"), D("99.99")]
        assert priced.net == D("2270.49")
        assert priced.vat_rate == D("19")
        assert priced.vat == D("431.39")  # 431.3931 rounded at the line
        assert priced.total == D("2701.88")
        assert priced.vat_note == ""

    def test_a_client_outside_the_eu_is_charged_no_vat_with_a_note(self, prices):
        priced = quote_price(prices, country="RS", travel=D("420"), accommodation=D("190"))
        assert priced.vat == D("0.00")
        assert priced.total == D("2460.00")
        assert "No VAT charged" in priced.vat_note and "outside the EU" in priced.vat_note

    def test_a_business_client_in_another_member_state_is_reverse_charged(self, prices):
        priced = quote_price(prices, country="HR", vat_number="HR12345678901")
        assert priced.vat == D("0.00")
        assert priced.total == D("1850.00")
        assert "reverse charge" in priced.vat_note

    def test_a_client_without_a_vat_number_in_a_member_state_pays_its_rate(self, prices):
        priced = quote_price(prices, country="HR")
        assert priced.vat_rate == D("25")
        assert priced.vat == D("462.50")
        assert priced.total == D("2312.50")

    def test_a_client_in_the_suppliers_country_pays_vat_even_with_a_vat_number(self, prices):
        priced = quote_price(prices, country="DE", vat_number="DE123456789")
        assert priced.vat == D("351.50")

    def test_the_group_discount_applies_to_the_fee_from_five_clusters(self, prices):
        priced = quote_price(prices, country="BG", travel=D("385.40"), group_size=5)
        assert amounts(priced) == [D("1850.00"), D("-185.00"), D("385.40"), D("0.00")]
        assert priced.discount_percent == D("10")
        assert priced.net == D("2050.40")
        assert priced.vat == D("410.08")  # Bulgaria, 20 %
        assert priced.total == D("2460.48")
        assert "5 clusters" in priced.lines[1].description

    def test_four_clusters_get_no_group_discount(self, prices):
        priced = quote_price(prices, country="RS", group_size=4)
        assert [line.kind for line in priced.lines] == ["fee", "travel", "accommodation"]
        assert priced.discount_percent == 0
        assert priced.total == D("1850.00")

    def test_a_discount_that_is_not_a_whole_cent_is_rounded_at_its_line(self, raw):
        data = copy.deepcopy(raw)
        data["group_bid"]["discount_percent"] = "7.77"
        priced = quote_price(price_list_parse(data), country="RS", group_size=6)
        assert priced.lines[1].amount == D("-143.75")  # 143.745 rounded half up
        assert priced.total == D("1706.25")

    @given(
        travel=st.decimals(min_value=0, max_value=100000, places=2),
        accommodation=st.decimals(min_value=0, max_value=100000, places=2),
        group=st.integers(min_value=0, max_value=12),
        country=st.sampled_from(["DE", "RS", "HR", "BG", "FI", "LU"]),
    )
    def test_every_figure_is_in_cents_and_the_totals_add_up(
        self, prices, travel, accommodation, group, country
    ):
        priced = quote_price(
            prices, country=country, travel=travel, accommodation=accommodation, group_size=group
        )
        for figure in [*amounts(priced), priced.net, priced.vat, priced.total]:
            assert isinstance(figure, Decimal) and figure == cents(figure)
        assert priced.net == sum(amounts(priced))
        assert priced.vat == cents(priced.net * priced.vat_rate / 100)
        assert priced.total == priced.net + priced.vat
