"""E-mails for each step of a Silver or Gold application, and the audit's invitation."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.translation import gettext as _

from clusterbench.accounts.models import User
from clusterbench.engagements.calendar import appointment_ics
from clusterbench.engagements.times import cluster_zone, duration_text, local_time_text
from clusterbench.text import one_line

from .models import Application, ApplicationEvent

log = logging.getLogger(__name__)


def recipients_by_language(event: ApplicationEvent) -> dict[str, list[str]]:
    """The cluster's managers, the assigned auditors and the secretariat, but not the
    person who took the step, grouped by the language each chose (the site's default for
    those who chose none)."""
    application = event.application
    people = list(application.cluster.managers.filter(is_active=True))
    people += [a.auditor for a in application.assignments.select_related("auditor")]
    people += list(User.objects.filter(role=User.Role.SECRETARIAT, is_active=True))
    groups: dict[str, set[str]] = {}
    for person in people:
        if person.email and person.is_active and person != event.actor:
            groups.setdefault(person.language or settings.LANGUAGE_CODE, set()).add(person.email)
    return {language: sorted(emails) for language, emails in sorted(groups.items())}


def audit_ics(application: Application) -> bytes:
    start = application.audit_start.astimezone(cluster_zone(application.cluster))
    silver = application.level == Application.Level.SILVER
    what = _("Silver audit") if silver else _("Gold audit visit")
    lead = application.assignments.select_related("auditor").first()
    return appointment_ics(
        uid=f"label-audit-{application.pk}@clusterbench",
        summary=f"{what}: {application.cluster.name_en}",
        start=start,
        minutes=application.audit_minutes,
        mode=application.audit_mode,
        location=application.audit_location,
        description=(
            _("%(what)s of %(cluster)s, %(time)s (%(duration)s).")
            % {
                "what": what,
                "cluster": application.cluster.name_en,
                "time": local_time_text(start, application.cluster.time_zone),
                "duration": duration_text(
                    start, application.audit_minutes, application.cluster.time_zone
                ),
            }
            + "\n"
            + _("Application: %(url)s") % {"url": f"{settings.SITE_URL}/ladder/{application.pk}/"}
        ),
        organizer=lead.auditor if lead else None,
    )


def event_notify(event_id: int, *, invite: bool = False) -> None:
    """Send one step's e-mail; called after the step's transaction has committed."""
    event = ApplicationEvent.objects.select_related("application__cluster", "actor").get(
        pk=event_id
    )
    for language, to in recipients_by_language(event).items():
        with translation.override(language):
            _send(event, to, invite=invite)


def _send(event: ApplicationEvent, to: list[str], *, invite: bool) -> None:
    """One step's e-mail in the active language (each recipient's), the step's sentence
    and the calendar invitation too."""
    application = event.application
    message = EmailMessage(
        subject=one_line(f"[ClusterBench] {application.cluster.name_en}: {event.text}"),
        body=(
            f"{event.text}\n\n"
            + _("%(level)s Label application of %(cluster)s (now %(status)s)")
            % {
                "level": application.get_level_display(),
                "cluster": application.cluster.name_en,
                "status": application.get_status_display().lower(),
            }
            + f"\n{settings.SITE_URL}/ladder/{application.pk}/\n"
        ),
        to=to,
    )
    if invite and application.audit_start:
        message.attach("audit.ics", audit_ics(application), "text/calendar")
    try:
        message.send()
    except OSError:
        log.exception("Could not send the email for application event %s", event.pk)
