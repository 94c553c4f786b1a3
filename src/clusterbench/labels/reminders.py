"""Renewal reminders: 3 months and 1 month before a label expires, to the cluster's
managers and its networks' coordinators, with the renewal rule; each sent once."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q

from clusterbench.accounts.models import User
from clusterbench.text import one_line

from .models import Label, RenewalReminder
from .rules import (
    RENEWAL_EXTENSION_MONTHS,
    RENEWAL_GRACE_MONTHS,
    month_end,
    reminder_due,
)

log = logging.getLogger(__name__)
RANK = {Label.Level.BRONZE: 0, Label.Level.SILVER: 1, Label.Level.GOLD: 2}


@dataclass(frozen=True)
class ReminderSent:
    label: Label
    months_before: int
    recipients: tuple[str, ...]


def renewal_rule(label: Label) -> str:
    """The renewal rule of METHODOLOGY section 5, in the label's own dates."""
    if label.level == Label.Level.BRONZE:
        return (
            "Renew it with a new benchmarking. A renewal interviewed no later than "
            f"{RENEWAL_GRACE_MONTHS} months after the expiry (by "
            f"{month_end(label.valid_until, RENEWAL_GRACE_MONTHS):%d %B %Y}) extends the label "
            "seamlessly, to "
            f"{month_end(label.valid_until, RENEWAL_EXTENSION_MONTHS):%d %B %Y}; a later one "
            "counts as a first award."
        )
    return (
        f"Renew it with a new {label.get_level_display()} application and audit, within "
        f"{RENEWAL_GRACE_MONTHS} months of the expiry (by "
        f"{month_end(label.valid_until, RENEWAL_GRACE_MONTHS):%d %B %Y}) so that the validity "
        "runs on; the renewed label is valid two years from the month of its audit. Apply "
        "now: the audit is scheduled with you and takes some weeks."
    )


def reminder_recipients(label: Label) -> list[str]:
    people = list(label.cluster.managers.filter(is_active=True))
    people += list(
        User.objects.filter(
            role=User.Role.NETWORK_COORDINATOR, is_active=True, network__members=label.cluster
        )
    )
    return sorted({p.email for p in people if p.email})


def _superseded(label: Label) -> bool:
    """Renewed already: a later label of the same or a higher level, not revoked."""
    later = Label.objects.filter(
        cluster=label.cluster_id, revoked_at__isnull=True, valid_until__gt=label.valid_until
    ).values_list("level", flat=True)
    return any(RANK[level] >= RANK[label.level] for level in later)


def reminders_send(today: dt.date) -> list[ReminderSent]:
    """Send every reminder due today, each once; safe to run every day, or twice."""
    sent = []
    horizon = month_end(today, 3)  # nothing further than three months ahead is due
    labels = (
        Label.objects.filter(revoked_at__isnull=True, valid_until__gte=today)
        .filter(Q(valid_until__lte=horizon))
        .select_related("cluster")
        .prefetch_related("reminders")
    )
    for label in labels:
        stage = reminder_due(
            label.valid_until, today, {r.months_before for r in label.reminders.all()}
        )
        if stage is None or _superseded(label):
            continue
        result = _send(label, stage)
        if result is not None:
            sent.append(result)
    return sent


def _send(label: Label, stage: int) -> ReminderSent | None:
    to = reminder_recipients(label)
    try:
        with transaction.atomic():
            # The row first: a second run at the same moment waits on it, then finds it.
            RenewalReminder.objects.create(
                label=label, months_before=stage, recipients="\n".join(to)
            )
            if to:
                # Inside the transaction: a mail server that refuses leaves no record,
                # so the reminder is tried again on the next run.
                _message(label, stage, to).send()
    except IntegrityError:
        return None
    except OSError:
        log.exception("Could not send the renewal reminder of label %s", label.pk)
        return None
    return ReminderSent(label, stage, tuple(to))


def _message(label: Label, stage: int, to: list[str]) -> EmailMessage:
    when = "3 months" if stage == 3 else "1 month" if stage == 1 else f"{stage} months"
    name = label.cluster.name_en
    return EmailMessage(
        subject=one_line(
            f"[ClusterBench] {name}: the {label.get_level_display()} Label expires in {when}"
        ),
        body=(
            f"The {label.get_level_display()} Label of {name} (certificate "
            f"{label.certificate_id}) is valid until {label.valid_until:%d %B %Y}.\n\n"
            f"{renewal_rule(label)}\n\n"
            f"Verify: {settings.SITE_URL}/verify/{label.certificate_id}/\n"
            f"Request a benchmarking or apply: {settings.SITE_URL}/engagements/request/ · "
            f"{settings.SITE_URL}/ladder/\n"
        ),
        to=to,
    )
