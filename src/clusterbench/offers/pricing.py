"""The price list and the pricing of one quote: pure functions over exact decimals.

Money is Decimal throughout, never float; each line is rounded to the cent on its own
(half up, as on an invoice), and the totals are sums of rounded lines, so the figures on
a quote always add up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from clusterbench.numbers import NumberError, number_parse
from clusterbench.text import quoted
from clusterbench.yamlfiles import SAFE_LOADER

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
MAX_EXPENSE = Decimal("100000.00")  # travel or accommodation above this is surely a typo
BUNDLED_PRICE_LIST = Path(__file__).resolve().parent / "prices" / "2026.yaml"


class PriceError(ValueError):
    """A price list or an amount that cannot be used; the message says which and why."""


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Supplier:
    name: str
    address: tuple[str, ...]
    country: str
    vat_number: str
    email: str


@dataclass(frozen=True)
class PriceList:
    version: str
    currency: str
    supplier: Supplier
    fee_description: str
    fee: Decimal
    travel_description: str
    accommodation_description: str
    quote_valid_days: int
    group_min_clusters: int
    group_discount_percent: Decimal
    vat_rates: dict[str, Decimal]
    reverse_charge_note: str
    outside_note: str


@dataclass(frozen=True)
class Line:
    kind: str  # fee | discount | travel | accommodation
    description: str
    amount: Decimal


@dataclass(frozen=True)
class Priced:
    currency: str
    lines: tuple[Line, ...]
    net: Decimal
    vat_rate: Decimal  # percent
    vat: Decimal
    vat_note: str  # why no VAT is charged, when none is
    total: Decimal
    discount_percent: Decimal


# The bundled price list's texts (prices/2026.yaml), as messages of the catalogue: a quote
# stores its lines' texts as issued, and shows them in the reader's language when the
# catalogue has them. A deployment's own price list (PRICE_LIST_FILE) with other wording
# is shown as written. tests/test_quote_languages.py checks that these are the file's.
BUNDLED_TEXTS = (
    gettext_noop(
        "Benchmarking of the cluster organisation: preparation, a 2.5-hour interview with an "
        "impartial expert, the benchmarking report with peer comparison and recommendations, "
        "the Bronze Label assessment and the listing in the public database"
    ),
    gettext_noop("Travel of the expert to the interview (at cost, as entered for this engagement)"),
    gettext_noop("Accommodation of the expert (at cost, as entered for this engagement)"),
    gettext_noop(
        "No VAT charged: reverse charge. The client, a business registered for VAT in another "
        "EU member state, accounts for the VAT (Article 196 of Council Directive 2006/112/EC)."
    ),
    gettext_noop(
        "No VAT charged: the client is outside the EU VAT area, where the service is not "
        "subject to EU VAT (its place of supply is the client's country)."
    ),
)


# --- reading the price list -----------------------------------------------------------


def price_list_read(path: Path) -> PriceList:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except OSError as exc:
        raise PriceError(f"{path}: cannot be read ({exc.strerror})") from None
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise PriceError(f"{path}: is not valid YAML text: {exc}") from None
    try:
        return price_list_parse(data)
    except PriceError as exc:
        raise PriceError(f"{path}: {exc}") from None


def price_list_parse(data: object) -> PriceList:
    """A PriceList from the file's data; a bad value is refused with its key path named."""
    top = _mapping(data, "the price list")
    supplier = _mapping(top.get("supplier"), "supplier")
    vat = _mapping(top.get("vat"), "vat")
    rates = _mapping(vat.get("rates"), "vat.rates")
    group = _mapping(top.get("group_bid"), "group_bid")
    address = supplier.get("address")
    if not isinstance(address, list) or not all(isinstance(x, str) for x in address):
        raise PriceError("supplier.address: must be a list of lines of text")
    valid_days = top.get("quote_valid_days")
    if not isinstance(valid_days, int) or not 1 <= valid_days <= 365:
        raise PriceError(
            f"quote_valid_days: must be a whole number of days 1-365, got {quoted(valid_days)}"
        )
    minimum = group.get("min_clusters")
    if not isinstance(minimum, int) or not 2 <= minimum <= 100:
        raise PriceError(
            f"group_bid.min_clusters: must be a whole number 2-100, got {quoted(minimum)}"
        )
    vat_rates = {}
    for country, rate in rates.items():
        if not (isinstance(country, str) and re.fullmatch(r"[A-Z]{2}", country)):
            raise PriceError(f"vat.rates.{country}: must be an ISO country code such as DE")
        vat_rates[country] = _percent(rate, f"vat.rates.{country}")
    return PriceList(
        version=_text(top, "version", "version"),
        currency=currency_check(_text(top, "currency", "currency")),
        supplier=Supplier(
            name=_text(supplier, "name", "supplier.name"),
            address=tuple(address),
            country=_text(supplier, "country", "supplier.country"),
            vat_number=_text(supplier, "vat_number", "supplier.vat_number"),
            email=_text(supplier, "email", "supplier.email"),
        ),
        fee_description=_text(_mapping(top.get("fee"), "fee"), "description", "fee.description"),
        fee=_money(top["fee"].get("amount"), "fee.amount"),
        travel_description=_text(
            _mapping(top.get("travel"), "travel"), "description", "travel.description"
        ),
        accommodation_description=_text(
            _mapping(top.get("accommodation"), "accommodation"),
            "description",
            "accommodation.description",
        ),
        quote_valid_days=valid_days,
        group_min_clusters=minimum,
        group_discount_percent=_percent(
            group.get("discount_percent"), "group_bid.discount_percent"
        ),
        vat_rates=vat_rates,
        reverse_charge_note=_text(vat, "reverse_charge_note", "vat.reverse_charge_note"),
        outside_note=_text(vat, "outside_note", "vat.outside_note"),
    )


def _mapping(value: object, where: str) -> dict:
    if not isinstance(value, dict):
        raise PriceError(f"{where}: must be a mapping of keys to values")
    return value


def _text(mapping: dict, key: str, where: str) -> str:
    value = mapping.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PriceError(f"{where}: must be non-empty text")
    return value.strip()


def _money(value: object, where: str) -> Decimal:
    # Quoted text only: a YAML float such as 1850.1 has already lost exactness.
    if not isinstance(value, str):
        raise PriceError(
            f'{where}: must be an amount in quotes such as "1850.00", got {quoted(value)}'
        )
    return amount_parse(value, where)


def _percent(value: object, where: str) -> Decimal:
    if not isinstance(value, str):
        raise PriceError(
            f'{where}: must be a percentage in quotes such as "20", got {quoted(value)}'
        )
    try:
        percent = Decimal(value)
    except InvalidOperation:
        raise PriceError(f"{where}: {quoted(value)} is not a number") from None
    if not percent.is_finite() or not 0 <= percent <= 100:
        raise PriceError(f"{where}: must be a percentage between 0 and 100, got {value}")
    return percent


# --- amounts and currencies -----------------------------------------------------------


def currency_check(code: str, price_list: PriceList | None = None) -> str:
    """The currency code, if it is the price list's (or, without one, looks like ISO 4217)."""
    code = code.strip().upper()
    if price_list is not None and code != price_list.currency:
        raise PriceError(
            _("Unknown currency %(code)s: quotes are issued in %(currency)s.")
            % {"code": quoted(code), "currency": price_list.currency}
        )
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise PriceError(_("%(code)s is not a currency code such as EUR.") % {"code": quoted(code)})
    return code


def amount_parse(raw: str, what: str = "The amount") -> Decimal:
    """An amount of money as typed ("320", "1250.50" or "1250,50"), exact, to the cent,
    read by the one number parser every form uses."""
    text = str(raw).strip()
    if text == "":
        return Decimal("0.00")
    try:
        # The quote lines' column: DecimalField(max_digits=12, decimal_places=2).
        amount = number_parse(text, what=what, max_digits=12, decimal_places=2)
    except NumberError as exc:
        raise PriceError(f"{exc}.") from None
    if amount < 0:
        raise PriceError(f"{what} cannot be negative; got {text}.")
    if amount > MAX_EXPENSE:
        raise PriceError(f"{what} of {amount:,.2f} is more than {MAX_EXPENSE:,.2f}; check it.")
    return cents(amount)


# --- pricing one quote ----------------------------------------------------------------


# A VAT number starts with its country's code; Greece's numbers start with EL.
VAT_PREFIX = {"GR": "EL"}


def vat_number_check(vat_number: str, *, country: str, price_list: PriceList) -> None:
    """Refuse a VAT number of another country than the client's, where it changes the
    quote (an EU client: it decides the reverse charge)."""
    if not vat_number or country not in price_list.vat_rates:
        return
    expected = VAT_PREFIX.get(country, country)
    if vat_number[:2] != expected:
        raise PriceError(
            f"The VAT number {vat_number} starts with {vat_number[:2]}, but the client is in "
            f"{country}: a VAT number registered there starts with {expected}."
        )


def vat_treatment(price_list: PriceList, *, country: str, vat_number: str) -> tuple[Decimal, str]:
    """(rate in percent, note when no VAT is charged) for a client in this country."""
    rate = price_list.vat_rates.get(country)
    if rate is None:
        return Decimal(0), price_list.outside_note
    if vat_number.strip() and country != price_list.supplier.country:
        return Decimal(0), price_list.reverse_charge_note
    return rate, ""


def quote_price(
    price_list: PriceList,
    *,
    country: str,
    vat_number: str = "",
    travel: Decimal = Decimal(0),
    accommodation: Decimal = Decimal(0),
    group_size: int = 0,
) -> Priced:
    """The lines and totals of one engagement's quote.

    group_size is the number of clusters in the engagement's group bid (0: none); the
    group discount applies to the fee from price_list.group_min_clusters members up.
    """
    for name, amount in (("Travel", travel), ("Accommodation", accommodation)):
        if amount < 0:
            raise PriceError(f"{name} cannot be negative; got {amount}.")
    lines = [Line("fee", price_list.fee_description, cents(price_list.fee))]
    discount = Decimal(0)
    if group_size >= price_list.group_min_clusters:
        discount = price_list.group_discount_percent
        lines.append(
            Line(
                "discount",
                f"Group bid discount: {discount.normalize():f} % of the benchmarking fee "
                f"({group_size} clusters)",
                -cents(price_list.fee * discount / HUNDRED),
            )
        )
    lines.append(Line("travel", price_list.travel_description, cents(travel)))
    lines.append(Line("accommodation", price_list.accommodation_description, cents(accommodation)))
    net = sum((line.amount for line in lines), Decimal("0.00"))
    rate, note = vat_treatment(price_list, country=country, vat_number=vat_number)
    vat = cents(net * rate / HUNDRED)
    return Priced(
        currency=price_list.currency,
        lines=tuple(lines),
        net=net,
        vat_rate=rate,
        vat=vat,
        vat_note=note,
        total=net + vat,
        discount_percent=discount,
    )
