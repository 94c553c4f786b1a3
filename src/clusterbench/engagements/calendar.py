"""The interview as an iCalendar (.ics) invitation."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
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
    every calendar shows the time the page and the emails show."""
    start = benchmarking.interview_start.astimezone(cluster_zone(benchmarking.cluster))
    calendar = Calendar()
    calendar.add("prodid", "-//ClusterBench//Interview//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"interview-{benchmarking.pk}@clusterbench")
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=benchmarking.interview_minutes))
    event.add("summary", one_line(f"Benchmarking interview: {benchmarking.cluster.name_en}"))
    where = one_line(benchmarking.interview_location, 500)
    event.add("location", vText(where))
    if benchmarking.interview_mode == "video" and _is_web_address(where):
        event.add("url", where)
    event.add(
        "description",
        (
            f"Benchmarking interview of {benchmarking.cluster.name_en}, "
            f"{local_time_text(start, benchmarking.cluster.time_zone)} ("
            f"{benchmarking.interview_minutes} minutes, "
            f"{benchmarking.get_interview_mode_display().lower()}).\n"
            f"Engagement: {settings.SITE_URL}/engagements/{benchmarking.pk}/"
        ),
    )
    if benchmarking.expert and benchmarking.expert.email:
        organizer = vCalAddress(f"mailto:{benchmarking.expert.email}")
        organizer.params["cn"] = vText(benchmarking.expert.get_full_name())
        event["organizer"] = organizer
    calendar.add_component(event)
    calendar.add_missing_timezones(
        first_date=start.date() - dt.timedelta(days=366),
        last_date=start.date() + dt.timedelta(days=366),
    )
    return calendar.to_ical()
