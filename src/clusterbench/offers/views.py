"""Quote pages: thin views over the quote services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterbench.engagements.permissions import engagement_get_for_user, is_manager, is_secretariat
from clusterbench.errors import StepRefused
from clusterbench.languages.formats import money
from clusterbench.offers import quotes
from clusterbench.offers.quote_document import quote_data, quote_pdf
from clusterbench.web.confirm import confirmation_page, is_confirmed


def _engagement_for_quotes(user, pk: int):
    engagement = engagement_get_for_user(user, pk)
    if not (is_secretariat(user) or is_manager(user, engagement)):
        raise PermissionDenied(_("Quotes are shown to the secretariat and the cluster's managers."))
    return engagement


@login_required
def quote_page(request, pk: int):
    """The current quote in full, the history of earlier ones, and the issue form."""
    engagement = _engagement_for_quotes(request.user, pk)
    if request.method == "POST":
        post = request.POST
        try:
            quote = quotes.quote_issue(
                user=request.user,
                benchmarking=engagement,
                travel=post.get("travel", ""),
                accommodation=post.get("accommodation", ""),
                currency=post.get("currency", ""),
                client_vat_number=post.get("client_vat_number", ""),
            )
        except StepRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Quote %(number)s issued.") % {"number": quote.number})
            return redirect("quote_page", pk)
    price_list = quotes.price_list_current()
    history = list(engagement.quotes.select_related("replaces", "decided_by"))
    current = history[0] if history else None
    today = timezone.localdate()
    return render(
        request,
        "engagements/quote.html",
        {
            "engagement": engagement,
            "current": current,
            "document": quote_data(current, price_list) if current else None,
            "expired": current.is_expired(today) if current else False,
            "history": history,
            "is_secretariat": is_secretariat(request.user),
            "is_manager": is_manager(request.user, engagement),
            "can_issue": is_secretariat(request.user)
            and engagement.status in (engagement.Status.REQUESTED, engagement.Status.QUOTED),
            "price_list": price_list,
            "group_size": quotes.group_size(engagement.group_bid),
            "form": request.POST,
        },
    )


@login_required
def quote_pdf_download(request, pk: int, quote_pk: int):
    engagement = _engagement_for_quotes(request.user, pk)
    quote = get_object_or_404(engagement.quotes, pk=quote_pk)
    response = HttpResponse(
        quote_pdf(quote, quotes.price_list_current()), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{quote.number}.pdf"'
    return response


DECISIONS = {
    "accept": lambda request, quote: quotes.quote_accept(user=request.user, quote=quote),
    "decline": lambda request, quote: quotes.quote_decline(
        user=request.user, quote=quote, reason=request.POST.get("reason", "")
    ),
}


@login_required
@require_POST
def quote_decide(request, pk: int, quote_pk: int, decision: str):
    engagement = _engagement_for_quotes(request.user, pk)
    quote = get_object_or_404(engagement.quotes, pk=quote_pk)
    decide = DECISIONS.get(decision)
    if decide is None:
        return HttpResponse("Unknown decision.", status=404)
    try:
        if decision == "accept" and not is_confirmed(request):
            quotes.quote_accept_check(user=request.user, engagement=engagement, quote=quote)
            return confirmation_page(
                request,
                title=_("Accept quote %(number)s?") % {"number": quote.number},
                happens=_(
                    "%(cluster)s orders the benchmarking for %(total)s %(currency)s (VAT "
                    "included as shown on the quote); you then propose interview times."
                )
                % {
                    "cluster": engagement.cluster.name_en,
                    "total": money(quote.total),
                    "currency": quote.currency,
                },
                irreversible=_(
                    "an accepted quote is binding and is never changed; to withdraw "
                    "afterwards, ask the secretariat to cancel the engagement."
                ),
                button=_("Accept the quote"),
                back_url=reverse("quote_page", args=[pk]),
            )
        decide(request, quote)
    except StepRefused as exc:
        messages.error(request, str(exc))
        return redirect("quote_page", pk)
    if decision == "accept":
        messages.success(
            request,
            _("Quote %(number)s accepted. Next: propose interview times.")
            % {"number": quote.number},
        )
        return redirect("engagement_detail", pk)
    messages.success(
        request,
        _("Quote %(number)s declined; the secretariat has been told why.")
        % {"number": quote.number},
    )
    return redirect("quote_page", pk)
