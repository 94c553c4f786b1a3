"""The account's API tokens page: make, name, list and revoke personal tokens."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from clusterbench.text import quoted

from .tokens import token_create, token_revoke, tokens_of


def _expiry(raw: str) -> dt.date | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(
            {
                "expires_on": _("The expiry date must be a date like 2027-12-31; got %(got)s.")
                % {"got": quoted(raw)}
            }
        ) from None


def _status_label(status: str) -> str:
    """The token's status in the reader's language (the stored value stays English)."""
    return {
        "active": pgettext("API token status", "active"),
        "expired": pgettext("API token status", "expired"),
        "revoked": pgettext("API token status", "revoked"),
    }[status]


@login_required
def api_tokens(request):
    errors, created = {}, None
    today = timezone.now().date()
    if request.method == "POST":
        try:
            token, raw = token_create(
                user=request.user,
                name=request.POST.get("name", ""),
                expires_on=_expiry(request.POST.get("expires_on", "")),
            )
        except ValidationError as exc:
            errors = {field: " ".join(problems) for field, problems in exc.message_dict.items()}
        else:
            created = {"token": token, "raw": raw}
    return render(
        request,
        "accounts/tokens.html",
        {
            "tokens": [
                (token, token.status_on(today), _status_label(token.status_on(today)))
                for token in tokens_of(request.user)
            ],
            "errors": errors,
            "created": created,
            "name": request.POST.get("name", "") if errors else "",
            "expires_on": request.POST.get("expires_on", "") if errors else "",
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def api_token_revoke(request, pk: int):
    try:
        token = token_revoke(user=request.user, pk=pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Token “%(name)s” revoked: it no longer works.") % {"name": token.name}
        )
    return redirect("api_tokens")
