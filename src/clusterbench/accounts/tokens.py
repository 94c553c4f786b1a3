"""Personal API tokens: made, listed, revoked by their owner; checked on every API call."""

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterbench.text import TextError, text_check

from .models import ApiToken

TOKEN_PREFIX = "cb_"
PREFIX_SHOWN = 10  # "cb_" and 7 characters: enough to tell one's tokens apart
LAST_USED_EVERY = dt.timedelta(minutes=1)  # no write on every call of a busy client
TOKENS_PER_USER = 20


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def token_create(*, user, name: str, expires_on: dt.date | None = None) -> tuple[ApiToken, str]:
    """A new token for the user: the stored row, and the token itself, shown only now."""
    try:
        name = text_check(name, what=_("The token's name"), max_length=100).strip()
    except TextError as exc:
        raise ValidationError({"name": str(exc)}) from None
    if not name:
        raise ValidationError({"name": _("Give the token a name that says what it is for.")})
    if expires_on is not None and expires_on < timezone.now().date():
        raise ValidationError({"expires_on": _("The expiry date cannot be in the past.")})
    if not user.is_active:
        raise ValidationError({"name": _("An inactive account cannot have tokens.")})
    active = ApiToken.objects.filter(user=user, revoked_at__isnull=True).count()
    if active >= TOKENS_PER_USER:
        raise ValidationError(
            {
                "name": _("You have %(count)d tokens; revoke one you no longer use first.")
                % {"count": active}
            }
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:PREFIX_SHOWN],
        key_sha256=token_digest(raw),
        expires_on=expires_on,
    )
    return token, raw


def tokens_of(user):
    return ApiToken.objects.filter(user=user)


@transaction.atomic
def token_revoke(*, user, pk: int) -> ApiToken:
    """Revoke one of the user's own tokens, for good; revoking twice changes nothing."""
    token = ApiToken.objects.select_for_update().filter(user=user, pk=pk).first()
    if token is None:
        raise ValidationError(_("You have no such token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_authenticate(raw: str):
    """The presented token's row, or None: an unknown, revoked or expired token, or one
    whose user was deactivated, acts for no one. Marks when it was last used."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_sha256=token_digest(raw), revoked_at__isnull=True)
        .first()
    )
    now = timezone.now()
    if token is None or token.status_on(now.date()) != "active" or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
