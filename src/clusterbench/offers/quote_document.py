"""A quote as plain data, shown by two renderers: the quote page and the PDF (Typst).

Both are built in the reader's language (the active one): the document's own words, the
lines' texts (the bundled price list's are catalogue messages, the discount line is
written from the quote's figures), the VAT note, the client's country, amounts with the
language's separators and dates with its month names. What the quote stores stays as
issued, in English; a text the catalogue does not have is shown as written."""

import json
from pathlib import Path

import typst
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext as _

from clusterbench.languages.formats import language_tag, long_date, money, percent
from clusterbench.offers.models import Quote, QuoteLine
from clusterbench.offers.pricing import PriceList
from clusterbench.typefaces import FONT_DIR, uncovered

TEMPLATE = Path(__file__).resolve().parent / "typst" / "quote.typ"


def stored_text(text: str) -> str:
    """A text the quote stored as issued (a line, the VAT note), in the reader's language
    when the catalogue has it, else as written."""
    return gettext(text) if text else ""


def line_text(line: QuoteLine, quote: Quote) -> str:
    """A line's text in the reader's language. The discount line is written from the
    quote's own figures; a quote issued before it kept its group's size shows the line as
    stored."""
    if line.kind == "discount" and quote.group_clusters:
        return ngettext(
            "Group bid discount: %(percent)s %% of the benchmarking fee (%(clusters)s cluster)",
            "Group bid discount: %(percent)s %% of the benchmarking fee (%(clusters)s clusters)",
            quote.group_clusters,
        ) % {"percent": percent(quote.discount_percent), "clusters": quote.group_clusters}
    return stored_text(line.description)


def _vat_number(number: str) -> str:
    return _("VAT %(vat_number)s") % {"vat_number": number} if number else ""


def _words(quote: Quote, group_bid: str, supplier_vat: str) -> dict:
    """The PDF's own words, whole sentences with their values in place."""
    engagement = quote.benchmarking.pk
    return {
        "title": _("Quote %(number)s") % {"number": quote.number},
        "quote": _("Quote"),
        "issued": _("Issued %(date)s") % {"date": long_date(quote.issued_on)},
        "valid_until": _("Valid until"),
        "to": pgettext("a quote's addressee", "To"),
        "supplier_vat": _vat_number(supplier_vat),
        "client_vat": _vat_number(quote.client_vat_number),
        "engagement": (
            _("Benchmarking engagement #%(number)s, part of the group bid “%(group)s”.")
            % {"number": engagement, "group": group_bid}
            if group_bid
            else _("Benchmarking engagement #%(number)s.") % {"number": engagement}
        ),
        "replaces": (
            _("This quote replaces quote %(number)s.") % {"number": quote.replaces.number}
            if quote.replaces
            else ""
        ),
        "description": _("Description"),
        "net": _("Net amount"),
        "vat_rate": _("VAT %(rate)s %%") % {"rate": percent(quote.vat_rate)},
        "total": _("Total"),
        "terms": _(
            "Amounts in %(currency)s, rounded to the cent on each line. Travel and "
            "accommodation are charged at cost. Accept or decline this quote in ClusterBench "
            "by %(date)s."
        )
        % {"currency": quote.currency, "date": long_date(quote.valid_until)},
    }


def quote_data(quote: Quote, price_list: PriceList) -> dict:
    engagement = quote.benchmarking
    cluster = engagement.cluster
    supplier = price_list.supplier
    group_bid = quote.group_bid.name if quote.group_bid else ""
    return {
        "number": quote.number,
        "status": str(quote.get_status_display()),
        "issued_on": long_date(quote.issued_on),
        "valid_until": long_date(quote.valid_until),
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
            "country": cluster.country.local_name,
            "vat_number": quote.client_vat_number,
        },
        "engagement": engagement.pk,
        "group_bid": group_bid,
        "lines": [
            {"description": line_text(line, quote), "amount": money(line.amount)}
            for line in quote.lines.all()
        ],
        "net": money(quote.net),
        "vat_rate": percent(quote.vat_rate),
        "vat": money(quote.vat),
        "vat_note": stored_text(quote.vat_note),
        "total": money(quote.total),
        "replaces": quote.replaces.number if quote.replaces else "",
        "lang": language_tag(),
        "words": _words(quote, group_bid, supplier.vat_number),
    }


def quote_pdf(quote: Quote, price_list: PriceList) -> bytes:
    """The quote's PDF in the active language."""
    return typst.compile(
        str(TEMPLATE),
        sys_inputs={"quote": json.dumps(quote_data(quote, price_list))},
        font_paths=[str(FONT_DIR)],  # Hebrew and Korean names (clusterbench.typefaces)
        ignore_system_fonts=True,
    )
