"""A quote as plain data, shown by two renderers: the quote page and the PDF (Typst)."""

import json
from decimal import Decimal
from pathlib import Path

import typst

from clusterbench.offers.models import Quote
from clusterbench.offers.pricing import PriceList
from clusterbench.typefaces import FONT_DIR, uncovered

TEMPLATE = Path(__file__).resolve().parent / "typst" / "quote.typ"


def money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def quote_data(quote: Quote, price_list: PriceList) -> dict:
    engagement = quote.benchmarking
    cluster = engagement.cluster
    supplier = price_list.supplier
    return {
        "number": quote.number,
        "status": str(quote.get_status_display()),
        "issued_on": f"{quote.issued_on:%d %B %Y}",
        "valid_until": f"{quote.valid_until:%d %B %Y}",
        "currency": quote.currency,
        "supplier": {
            "name": supplier.name,
            "address": list(supplier.address),
            "vat_number": supplier.vat_number,
            "email": supplier.email,
        },
        "client": {
            # As on the certificate: a name no font shows gives way to the English one.
            "name": cluster.name_en if uncovered(cluster.name) else cluster.name,
            "name_en": cluster.name_en,
            "address": cluster.address,
            "country": cluster.country.name,
            "vat_number": quote.client_vat_number,
        },
        "engagement": engagement.pk,
        "group_bid": quote.group_bid.name if quote.group_bid else "",
        "lines": [
            {"description": line.description, "amount": money(line.amount)}
            for line in quote.lines.all()
        ],
        "net": money(quote.net),
        "vat_rate": f"{quote.vat_rate.normalize():f}",
        "vat": money(quote.vat),
        "vat_note": quote.vat_note,
        "total": money(quote.total),
        "replaces": quote.replaces.number if quote.replaces else "",
    }


def quote_pdf(quote: Quote, price_list: PriceList) -> bytes:
    return typst.compile(
        str(TEMPLATE),
        sys_inputs={"quote": json.dumps(quote_data(quote, price_list))},
        font_paths=[str(FONT_DIR)],  # Hebrew and Korean names (clusterbench.typefaces)
        ignore_system_fonts=True,
    )
