"""E-mails for each step of a Silver or Gold application, and the audit's invitation."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage

from clusterbench.accounts.models import User
from clusterbench.engagements.calendar import appointment_ics
from clusterbench.engagements.times import cluster_zone, local_time_text
from clusterbench.text import one_line

from .models import Application, ApplicationEvent

log = logging.getLogger(__name__)


def recipients(event: ApplicationEvent) -> list[str]:
    """The cluster's managers, the assigned auditors and the secretariat, but not the
    person who took the step."""
    application = event.application
    people = list(application.cluster.managers.filter(is_active=True))
    people += [a.auditor for a in application.assignments.select_related("auditor")]
    people += list(User.objects.filter(role=User.Role.SECRETARIAT, is_active=True))
    return sorted({p.email for p in people if p.email and p.is_active and p != event.actor})


def audit_ics(application: Application) -> bytes:
    start = application.audit_start.astimezone(cluster_zone(application.cluster))
    what = "Silver audit" if application.level == Application.Level.SILVER else "Gold audit visit"
    lead = application.assignments.select_related("auditor").first()
    return appointment_ics(
        uid=f"label-audit-{application.pk}@clusterbench",
        summary=f"{what}: {application.cluster.name_en}",
        start=start,
        minutes=application.audit_minutes,
        mode=application.audit_mode,
        location=application.audit_location,
        description=(
            f"{what} of {application.cluster.name_en}, "
            f"{local_time_text(start, application.cluster.time_zone)} "
            f"({application.audit_minutes // 60} hours).\n"
            f"Application: {settings.SITE_URL}/ladder/{application.pk}/"
        ),
        organizer=lead.auditor if lead else None,
    )


def event_notify(event_id: int, *, invite: bool = False) -> None:
    """Send one step's e-mail; called after the step's transaction has committed."""
    event = ApplicationEvent.objects.select_related("application__cluster", "actor").get(
        pk=event_id
    )
    application = event.application
    to = recipients(event)
    if not to:
        return
    message = EmailMessage(
        subject=one_line(f"[ClusterBench] {application.cluster.name_en}: {event.description}"),
        body=(
            f"{event.description}\n\n"
            f"{application.get_level_display()} Label application of "
            f"{application.cluster.name_en} (now {application.get_status_display().lower()})\n"
            f"{settings.SITE_URL}/ladder/{application.pk}/\n"
        ),
        to=to,
    )
    if invite and application.audit_start:
        message.attach("audit.ics", audit_ics(application), "text/calendar")
    try:
        message.send()
    except OSError:
        log.exception("Could not send the email for application event %s", event_id)
