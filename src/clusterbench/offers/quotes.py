"""Quotes: the secretariat issues them from the price list; a manager of the cluster
accepts one (the engagement moves on) or declines it with a reason (it goes back to the
secretariat). A new quote replaces the previous one and points at it, so both are kept.
"""

import datetime as dt
import functools
import re
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterbench.engagements.models import Benchmarking, GroupBid
from clusterbench.engagements.permissions import is_manager, is_secretariat
from clusterbench.engagements.steps import money_value, step
from clusterbench.engagements.workflow import (
    REASON_MAX,
    _locked,
    _move,
    _record,
    _require_state,
    _text,
)
from clusterbench.errors import InputInvalid, StepRefused
from clusterbench.languages.formats import long_date
from clusterbench.offers.models import Quote, QuoteLine
from clusterbench.offers.pricing import (
    BUNDLED_PRICE_LIST,
    PriceError,
    PriceList,
    amount_parse,
    currency_check,
    price_list_read,
    quote_price,
    vat_number_check,
)
from clusterbench.text import quoted

S = Benchmarking.Status
VAT_NUMBER = re.compile(r"[A-Z]{2}[A-Z0-9]{2,13}")


@functools.lru_cache(maxsize=4)
def _price_list_at(path: str) -> PriceList:
    return price_list_read(Path(path))


def price_list_current() -> PriceList:
    return _price_list_at(settings.PRICE_LIST_FILE or str(BUNDLED_PRICE_LIST))


def members_cancelled(group: GroupBid) -> set[int]:
    """The members (cluster ids) whose engagement in the group was cancelled and not opened
    again: they no longer take part in the bid."""
    statuses: dict[int, set[str]] = {}
    for cluster_id, status in group.engagements.values_list("cluster_id", "status"):
        statuses.setdefault(cluster_id, set()).add(status)
    members = set(group.members.values_list("pk", flat=True))
    return {pk for pk, seen in statuses.items() if seen == {S.CANCELLED}} & members


def group_size(group: GroupBid | None) -> int:
    """How many clusters take part in the group bid: a bid for five is a bid for five
    benchmarkings, so a member that cancelled no longer counts (quotes it helped discount
    that were already accepted keep their price)."""
    if group is None:
        return 0
    return group.members.count() - len(members_cancelled(group))


def group_discount_holds(quote: Quote, price_list: PriceList) -> bool:
    """Whether a discounted quote's group still has the engagement's cluster and enough
    members; members may have left since the quote was issued."""
    group = quote.group_bid
    return (
        group is not None
        and quote.benchmarking.group_bid_id == group.pk
        and group.members.filter(pk=quote.benchmarking.cluster_id).exists()
        and group_size(group) >= price_list.group_min_clusters
    )


@transaction.atomic
def quote_issue(
    *,
    user,
    benchmarking: Benchmarking,
    travel: str = "",
    accommodation: str = "",
    currency: str = "",
    client_vat_number: str = "",
) -> Quote:
    engagement = _locked(benchmarking)
    if not is_secretariat(user):
        raise StepRefused(_("Only the secretariat issues quotes."))
    _require_state(engagement, _("Issuing a quote"), (S.REQUESTED, S.QUOTED))
    price_list = price_list_current()
    try:
        currency_check(currency or price_list.currency, price_list)
        travel_amount = amount_parse(travel, "Travel")
        accommodation_amount = amount_parse(accommodation, "Accommodation")
    except PriceError as exc:
        raise InputInvalid(str(exc)) from None
    vat_number = re.sub(r"[\s.-]", "", client_vat_number).upper()
    if vat_number and not VAT_NUMBER.fullmatch(vat_number):
        raise InputInvalid(
            _(
                "%(typed)s is not a VAT identification number: two letters for the country, "
                "then 2 to 13 letters or digits, e.g. HR12345678901."
            )
            % {"typed": quoted(client_vat_number.strip())}
        )
    try:
        vat_number_check(vat_number, country=engagement.cluster.country_id, price_list=price_list)
    except PriceError as exc:
        raise InputInvalid(str(exc)) from None
    quote = quote_record(
        engagement=engagement,
        price_list=price_list,
        issued_by=user,
        issued_on=timezone.localdate(),
        travel=travel_amount,
        accommodation=accommodation_amount,
        client_vat_number=vat_number,
    )
    amount = money_value(quote.total, quote.currency)
    recorded = (
        step("quote_reissued", number=quote.number, amount=amount, replaced=quote.replaces.number)
        if quote.replaces is not None
        else step("quote_issued", number=quote.number, amount=amount)
    )
    if engagement.status == S.REQUESTED:
        _move(engagement, user, S.QUOTED, recorded)
    else:
        _record(engagement, user, engagement.status, recorded)
    return quote


def quote_record(
    *,
    engagement: Benchmarking,
    price_list: PriceList,
    issued_by,
    issued_on: dt.date,
    travel,
    accommodation,
    client_vat_number: str = "",
) -> Quote:
    """Price and store a quote, replacing the engagement's previous one. No checks: the
    caller (quote_issue, or the demonstration data) has made them, under the row lock."""
    group = engagement.group_bid
    clusters = group_size(group)
    priced = quote_price(
        price_list,
        country=engagement.cluster.country_id,
        vat_number=client_vat_number,
        travel=travel,
        accommodation=accommodation,
        group_size=clusters,
    )
    previous = engagement.quotes.order_by("-pk").first()
    if previous is not None and previous.status == Quote.Status.ISSUED:
        previous.status = Quote.Status.REPLACED
        previous.save(update_fields=["status"])
    quote = Quote.objects.create(
        benchmarking=engagement,
        # Unique without a global counter: the engagement is locked, its quotes are counted.
        number=f"Q-{issued_on.year}-{engagement.pk:04d}-{engagement.quotes.count() + 1}",
        issued_on=issued_on,
        valid_until=issued_on + dt.timedelta(days=price_list.quote_valid_days),
        issued_by=issued_by,
        price_list_version=price_list.version,
        currency=priced.currency,
        client_vat_number=client_vat_number,
        group_bid=group if priced.discount_percent else None,
        discount_percent=priced.discount_percent,
        group_clusters=clusters if priced.discount_percent else None,
        net=priced.net,
        vat_rate=priced.vat_rate,
        vat=priced.vat,
        vat_note=priced.vat_note,
        total=priced.total,
        replaces=previous,
    )
    QuoteLine.objects.bulk_create(
        QuoteLine(
            quote=quote,
            position=position,
            kind=line.kind,
            description=line.description,
            amount=line.amount,
        )
        for position, line in enumerate(priced.lines, start=1)
    )
    return quote


def _locked_quote(quote: Quote) -> tuple[Benchmarking, Quote]:
    engagement = _locked(quote.benchmarking)
    return engagement, Quote.objects.select_for_update().get(pk=quote.pk)


def _require_current(quote: Quote, action: str) -> None:
    if quote.status == Quote.Status.ISSUED:
        return
    if quote.status == Quote.Status.REPLACED:
        newer = Quote.objects.filter(replaces=quote).first()
        raise StepRefused(
            _("%(action)s quote %(number)s is not possible: it was replaced by %(newer)s.")
            % {
                "action": action,
                "number": quote.number,
                "newer": newer.number if newer else _("a newer quote"),
            }
        )
    raise StepRefused(
        _("%(action)s quote %(number)s is not possible: it is already %(status)s.")
        % {
            "action": action,
            "number": quote.number,
            "status": str(quote.get_status_display()).lower(),
        }
    )


def quote_accept_check(*, user, engagement: Benchmarking, quote: Quote) -> None:
    """Why the quote may not be accepted now, raised as StepRefused; nothing if it may."""
    if not is_manager(user, engagement):
        raise StepRefused(_("Only a manager of the cluster organisation accepts its quote."))
    _require_current(quote, _("Accepting"))
    today = timezone.localdate()
    if quote.is_expired(today):
        raise StepRefused(
            _("Quote %(number)s expired on %(date)s; ask the secretariat for a new quote.")
            % {"number": quote.number, "date": long_date(quote.valid_until)}
        )
    price_list = price_list_current()
    if quote.discount_percent and not group_discount_holds(quote, price_list):
        raise StepRefused(
            _(
                "Quote %(number)s carries the group discount, but the group bid no longer has "
                "%(minimum)s clusters including this one; ask the secretariat for a new quote."
            )
            % {"number": quote.number, "minimum": price_list.group_min_clusters}
        )
    _require_state(engagement, _("Accepting the quote"), (S.QUOTED,))


@transaction.atomic
def quote_accept(*, user, quote: Quote) -> Quote:
    engagement, quote = _locked_quote(quote)
    quote_accept_check(user=user, engagement=engagement, quote=quote)
    quote.status = Quote.Status.ACCEPTED
    quote.decided_at = timezone.now()
    quote.decided_by = user
    quote.save(update_fields=["status", "decided_at", "decided_by"])
    _move(engagement, user, S.ACCEPTED, step("quote_accepted", number=quote.number))
    return quote


@transaction.atomic
def quote_decline(*, user, quote: Quote, reason: str) -> Quote:
    engagement, quote = _locked_quote(quote)
    if not is_manager(user, engagement):
        raise StepRefused(_("Only a manager of the cluster organisation declines its quote."))
    _require_current(quote, _("Declining"))
    reason = _text(reason, _("The reason"), max_length=REASON_MAX)
    if not reason:
        raise InputInvalid(_("Say why you decline the quote, so the secretariat can respond."))
    _require_state(engagement, _("Declining the quote"), (S.QUOTED,))
    quote.status = Quote.Status.DECLINED
    quote.decided_at = timezone.now()
    quote.decided_by = user
    quote.decline_reason = reason
    quote.save(update_fields=["status", "decided_at", "decided_by", "decline_reason"])
    _move(
        engagement,
        user,
        S.REQUESTED,
        step("quote_declined", number=quote.number, reason=quote.decline_reason),
    )
    return quote
