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
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterbench.accounts.models import User
from clusterbench.languages.formats import long_date
from clusterbench.methodology.ladder import LadderError, ladder_rules
from clusterbench.methodology.loader import framework_latest
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
    """The renewal rule of METHODOLOGY section 5, in the label's own dates and the active
    language: Bronze renews seamlessly with a benchmarking; Silver and Gold only with a new
    application and audit, whose requirements come from the latest framework's ladder."""
    grace_end = long_date(month_end(label.valid_until, RENEWAL_GRACE_MONTHS))
    if label.level == Label.Level.BRONZE:
        return _(
            "Renew it with a new benchmarking. A renewal interviewed no later than "
            "%(months)s months after the expiry (by %(grace_end)s) extends the label "
            "seamlessly, to %(extended)s; a later one counts as a first award."
        ) % {
            "months": RENEWAL_GRACE_MONTHS,
            "grace_end": grace_end,
            "extended": long_date(month_end(label.valid_until, RENEWAL_EXTENSION_MONTHS)),
        }
    return (
        _audited_requirements(label)
        + " "
        + _(
            "The renewed label is valid two years from the month of its own audit; it does "
            "not extend this one. To keep a valid label without a gap, apply now and hold the "
            "new audit by %(valid_until)s: the audit is scheduled with you and takes some "
            "weeks."
        )
        % {"valid_until": long_date(label.valid_until)}
    )


def _audited_requirements(label: Label) -> str:
    """What a new Silver or Gold application needs, with the ladder's numbers; without a
    readable ladder (no framework loaded), where to read them."""
    try:
        framework = framework_latest()
        ladder = ladder_rules(framework.version) if framework else None
    except LadderError:
        log.exception("The renewal reminder of label %s is sent without the ladder", label.pk)
        ladder = None
    if ladder is None:
        return _(
            "Renewing it takes a new %(level)s application and audit, under the rules on the "
            "Silver and Gold page."
        ) % {"level": label.get_level_display()}
    if label.level == Label.Level.SILVER:
        low, high = ladder.silver_window_months
        return _(
            "Renewing it takes a new Silver application and audit: two Bronze benchmarkings "
            "%(low)s-%(high)s months apart, %(areas)s improvement areas described against ECEI "
            "quality indicators, and a half-day audit that validates them and the eligibility "
            "baseline."
        ) % {"low": low, "high": high, "areas": ladder.silver_improvement_areas}
    least, most = ladder.gold_self_assessment_days
    return _(
        "Renewing it takes a new Gold application and audit: the eligibility baseline met by "
        "the latest benchmarking, a self-assessment on the %(count)s ECEI quality indicators "
        "submitted %(least)s-%(most)s days before a two-day visit by two auditors (one from "
        "the cluster's country, one from another), and at least %(needed)s of %(maximum)s "
        "points with every indicator at its threshold."
    ) % {
        "count": len(ladder.gold_indicators),
        "least": least,
        "most": most,
        "needed": ladder.gold_needed,
        "maximum": ladder.gold_maximum,
    }


def reminder_recipients(label: Label) -> list[str]:
    return sorted(
        email for group in reminder_recipients_by_language(label).values() for email in group
    )


def reminder_recipients_by_language(label: Label) -> dict[str, list[str]]:
    """The cluster's managers and its networks' coordinators, grouped by the language
    each chose (the site's default for those who chose none)."""
    people = list(label.cluster.managers.filter(is_active=True))
    people += list(
        User.objects.filter(
            role=User.Role.NETWORK_COORDINATOR, is_active=True, network__members=label.cluster
        )
    )
    groups: dict[str, set[str]] = {}
    for person in people:
        if person.email:
            groups.setdefault(person.language or settings.LANGUAGE_CODE, set()).add(person.email)
    return {language: sorted(emails) for language, emails in sorted(groups.items())}


def _superseded(label: Label) -> bool:
    """Renewed already: a later label of the same or a higher level, not revoked."""
    later = Label.objects.filter(
        cluster=label.cluster_id, revoked_at__isnull=True, valid_until__gt=label.valid_until
    ).values_list("level", flat=True)
    return any(RANK[level] >= RANK[label.level] for level in later)


def reminders_due(today: dt.date) -> list[tuple[Label, int]]:
    """The labels whose reminder is due today, each with its stage (months before expiry):
    not revoked, not yet reminded at that stage, not renewed already."""
    horizon = month_end(today, 3)  # nothing further than three months ahead is due
    labels = (
        Label.objects.filter(revoked_at__isnull=True, valid_until__gte=today)
        .filter(Q(valid_until__lte=horizon))
        .select_related("cluster")
        .prefetch_related("reminders")
        .order_by("valid_until", "pk")
    )
    due = []
    for label in labels:
        stage = reminder_due(
            label.valid_until, today, {r.months_before for r in label.reminders.all()}
        )
        if stage is not None and not _superseded(label):
            due.append((label, stage))
    return due


@dataclass(frozen=True)
class RemindersSent:
    sent: list[ReminderSent]
    # Due, but no active manager or coordinator has an e-mail address: nothing is recorded,
    # so the reminder goes on the first run after someone to receive it is added.
    unreachable: list[tuple[Label, int]]


def reminders_send(today: dt.date) -> RemindersSent:
    """Send every reminder due today, each once; safe to run every day, or twice."""
    sent, unreachable = [], []
    for label, stage in reminders_due(today):
        by_language = reminder_recipients_by_language(label)
        if not by_language:
            unreachable.append((label, stage))
            continue
        result = _send(label, stage, by_language)
        if result is not None:
            sent.append(result)
    return RemindersSent(sent, unreachable)


def _send(label: Label, stage: int, by_language: dict[str, list[str]]) -> ReminderSent | None:
    to = sorted(email for addresses in by_language.values() for email in addresses)
    try:
        with transaction.atomic():
            # The row first: a second run at the same moment waits on it, then finds it.
            RenewalReminder.objects.create(
                label=label, months_before=stage, recipients="\n".join(to)
            )
            # Inside the transaction: a mail server that refuses leaves no record,
            # so the reminder is tried again on the next run.
            for language, addresses in by_language.items():
                with translation.override(language):
                    _message(label, stage, addresses).send()
    except IntegrityError:
        return None
    except OSError:
        log.exception("Could not send the renewal reminder of label %s", label.pk)
        return None
    return ReminderSent(label, stage, tuple(to))


def _message(label: Label, stage: int, to: list[str]) -> EmailMessage:
    """The reminder in the active language."""
    values = {
        "name": label.cluster.name_en,
        "level": label.get_level_display(),
        "certificate": label.certificate_id,
        "valid_until": long_date(label.valid_until),
        "months": stage,
    }
    subject = ngettext(
        "the %(level)s Label expires in %(months)s month",
        "the %(level)s Label expires in %(months)s months",
        stage,
    )
    return EmailMessage(
        subject=one_line(f"[ClusterBench] {values['name']}: " + subject % values),
        body=(
            _(
                "The %(level)s Label of %(name)s (certificate %(certificate)s) is valid "
                "until %(valid_until)s."
            )
            % values
            + f"\n\n{renewal_rule(label)}\n\n"
            + _("Verify: %(url)s") % {"url": f"{settings.SITE_URL}/verify/{label.certificate_id}/"}
            + "\n"
            + _("Request a benchmarking or apply: %(request)s · %(ladder)s")
            % {
                "request": f"{settings.SITE_URL}/engagements/request/",
                "ladder": f"{settings.SITE_URL}/ladder/",
            }
            + "\n"
        ),
        to=to,
    )
