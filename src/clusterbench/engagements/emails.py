"""Emails to the people concerned by each step of an engagement."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.translation import gettext as _

from clusterbench.accounts.models import User
from clusterbench.engagements.models import EngagementEvent
from clusterbench.engagements.times import local_time_text
from clusterbench.text import one_line

log = logging.getLogger(__name__)


def recipients(event: EngagementEvent) -> list[str]:
    return sorted(email for group in recipients_by_language(event).values() for email in group)


def recipients_by_language(event: EngagementEvent) -> dict[str, list[str]]:
    """The addresses to write to, grouped by the language each person chose (the site's
    default for those who chose none)."""
    engagement = event.benchmarking
    people = list(engagement.cluster.managers.filter(is_active=True))
    if engagement.expert is not None:
        people.append(engagement.expert)
    people += list(User.objects.filter(role=User.Role.SECRETARIAT, is_active=True))
    if engagement.group_bid_id is not None:  # the coordinator follows the group's steps
        people += list(User.objects.filter(network=engagement.group_bid.network_id, is_active=True))
    groups: dict[str, set[str]] = {}
    for person in people:
        if person.email and person != event.actor:
            language = person.language or settings.LANGUAGE_CODE
            groups.setdefault(language, set()).add(person.email)
    return {language: sorted(emails) for language, emails in sorted(groups.items())}


def event_notify(event_id: int) -> None:
    """Send one step's email, to each person in their language; called after the step's
    transaction has committed."""
    event = EngagementEvent.objects.select_related(
        "benchmarking__cluster", "benchmarking__expert", "actor"
    ).get(pk=event_id)
    for language, to in recipients_by_language(event).items():
        with translation.override(language):
            _send(event, to)


def _send(event: EngagementEvent, to: list[str]) -> None:
    """One step's email in the active language, the step's sentence too."""
    from clusterbench.engagements.calendar import interview_ics

    engagement = event.benchmarking
    interview = (
        _("Interview: %(time)s")
        % {"time": local_time_text(engagement.interview_start, engagement.cluster.time_zone)}
        + "\n"
        if engagement.interview_start and engagement.is_open
        else ""
    )
    message = EmailMessage(
        # One line, whatever was typed: a line break in a header is refused by the mail
        # library, and this runs after the step was committed.
        subject=one_line(f"[ClusterBench] {engagement.cluster.name_en}: {event.text}"),
        body=(
            f"{event.text}\n\n"
            + _("Engagement: %(cluster)s (now %(status)s)")
            % {
                "cluster": engagement.cluster.name_en,
                "status": str(engagement.get_status_display()).lower(),
            }
            + "\n"
            + interview
            + f"{settings.SITE_URL}/engagements/{engagement.pk}/\n"
        ),
        to=to,
    )
    confirmed = (event.from_status, event.to_status) == ("accepted", "scheduled")
    if confirmed and engagement.interview_start:
        message.attach("interview.ics", interview_ics(engagement), "text/calendar")
    try:
        message.send()
    except OSError:
        # A mail server outage must not undo the step that was taken; it is logged instead.
        log.exception("Could not send the email for engagement event %s", event.pk)
