"""Emails to the people concerned by each step of an engagement."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage

from clusterbench.accounts.models import User
from clusterbench.engagements.models import EngagementEvent
from clusterbench.engagements.times import local_time_text
from clusterbench.text import one_line

log = logging.getLogger(__name__)


def recipients(event: EngagementEvent) -> list[str]:
    engagement = event.benchmarking
    people = list(engagement.cluster.managers.filter(is_active=True))
    if engagement.expert is not None:
        people.append(engagement.expert)
    people += list(User.objects.filter(role=User.Role.SECRETARIAT, is_active=True))
    if engagement.group_bid_id is not None:  # the coordinator follows the group's steps
        people += list(User.objects.filter(network=engagement.group_bid.network_id, is_active=True))
    return sorted({p.email for p in people if p.email and p != event.actor})


def event_notify(event_id: int) -> None:
    """Send one step's email; called after the step's transaction has committed."""
    from clusterbench.engagements.calendar import interview_ics

    event = EngagementEvent.objects.select_related(
        "benchmarking__cluster", "benchmarking__expert", "actor"
    ).get(pk=event_id)
    engagement = event.benchmarking
    to = recipients(event)
    if not to:
        return
    interview = (
        f"Interview: {local_time_text(engagement.interview_start, engagement.cluster.time_zone)}\n"
        if engagement.interview_start and engagement.is_open
        else ""
    )
    message = EmailMessage(
        # One line, whatever was typed: a line break in a header is refused by the mail
        # library, and this runs after the step was committed.
        subject=one_line(f"[ClusterBench] {engagement.cluster.name_en}: {event.description}"),
        body=(
            f"{event.description}\n\n"
            f"Engagement: {engagement.cluster.name_en} "
            f"(now {engagement.get_status_display().lower()})\n"
            f"{interview}"
            f"{settings.SITE_URL}/engagements/{engagement.pk}/\n"
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
        log.exception("Could not send the email for engagement event %s", event_id)
