"""The interview as an iCalendar (.ics) invitation, in the reader's language."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import Calendar, Event, vCalAddress, vText

from clusterbench.engagements.models import Benchmarking
from clusterbench.engagements.times import cluster_zone, local_time_text
from clusterbench.text import one_line


def _is_web_address(text: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        return False
    return True


def interview_ics(benchmarking: Benchmarking) -> bytes:
    """The invitation, its times in the cluster's zone (with that zone's definition), so
    every calendar shows the time the page and the emails show; its text in the active
    language (each recipient's, when it is attached to an e-mail)."""
    start = benchmarking.interview_start.astimezone(cluster_zone(benchmarking.cluster))
    cluster = benchmarking.cluster.name_en
    minutes = benchmarking.interview_minutes
    return appointment_ics(
        uid=f"interview-{benchmarking.pk}@clusterbench",
        summary=_("Benchmarking interview: %(cluster)s") % {"cluster": cluster},
        start=start,
        minutes=minutes,
        mode=benchmarking.interview_mode,
        location=benchmarking.interview_location,
        description=ngettext(
            "Benchmarking interview of %(cluster)s, %(time)s (%(minutes)s minute, %(mode)s).",
            "Benchmarking interview of %(cluster)s, %(time)s (%(minutes)s minutes, %(mode)s).",
            minutes,
        )
        % {
            "cluster": cluster,
            "time": local_time_text(start, benchmarking.cluster.time_zone),
            "minutes": minutes,
            "mode": str(benchmarking.get_interview_mode_display()).lower(),
        }
        + "\n"
        + _("Engagement: %(address)s")
        % {"address": f"{settings.SITE_URL}/engagements/{benchmarking.pk}/"},
        organizer=benchmarking.expert,
    )


def appointment_ics(
    *,
    uid: str,
    summary: str,
    start,
    minutes: int,
    mode: str,
    location: str,
    description: str,
    organizer=None,
) -> bytes:
    """An appointment (an interview, an audit) as an .ics invitation; `start` is aware, in
    the zone every calendar should show."""
    calendar = Calendar()
    calendar.add("prodid", "-//ClusterBench//Interview//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=minutes))
    event.add("summary", one_line(summary))
    where = one_line(location, 500)
    event.add("location", vText(where))
    if mode == "video" and _is_web_address(where):
        event.add("url", where)
    event.add("description", description)
    if organizer is not None and organizer.email:
        address = vCalAddress(f"mailto:{organizer.email}")
        address.params["cn"] = vText(organizer.get_full_name())
        event["organizer"] = address
    calendar.add_component(event)
    calendar.add_missing_timezones(
        first_date=start.date() - dt.timedelta(days=366),
        last_date=start.date() + dt.timedelta(days=366),
    )
    return calendar.to_ical()
