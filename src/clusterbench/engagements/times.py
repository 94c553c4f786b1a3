"""Times shown to people: in the cluster's time zone, with the zone named.

Stored times are UTC. Django's `date` filter converts an aware datetime to the active
time zone (UTC on this server) before formatting, so a time converted to the cluster's
zone in a view and then formatted in a template came out in UTC, an hour or two early.
Every interview time is therefore formatted here, once, for the page, the timeline, the
emails and the calendar invitation alike; pages about an engagement also activate the
cluster's zone for the other times they show.
"""

import datetime as dt
import zoneinfo

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterbench.languages.formats import weekday_time


def cluster_zone(cluster) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(cluster.time_zone)


def local_time_text(moment: dt.datetime, zone_name: str, *, named: bool = True) -> str:
    """E.g. "Tuesday 12 January 2027, 11:00 (Europe/Tirane)", in the active language
    ("utorak, 12. januara 2027, 11:00" in Serbian)."""
    local = moment.astimezone(zoneinfo.ZoneInfo(zone_name))
    text = weekday_time(local)
    return f"{text} ({zone_name})" if named else text


def duration_text(start: dt.datetime, minutes: int, zone_name: str) -> str:
    """How long an appointment lasts, as a person says it, in the active language: "4
    hours", "2 hours and 30 minutes", or over several days the days it spans and its end
    ("2 days, until Thursday 26 November 2026, 17:00": the two-day visit of 1,920 minutes
    from 09:00 is not "1 day and 8 hours")."""
    zone = zoneinfo.ZoneInfo(zone_name)
    local = start.astimezone(zone)
    end = (start + dt.timedelta(minutes=minutes)).astimezone(zone)
    days = (end.date() - local.date()).days + 1
    if days > 1:
        return ngettext("%(days)d day, until %(end)s", "%(days)d days, until %(end)s", days) % {
            "days": days,
            "end": weekday_time(end),
        }
    hours, rest = divmod(minutes, 60)
    hours_text = ngettext("%(hours)d hour", "%(hours)d hours", hours) % {"hours": hours}
    minutes_text = ngettext("%(minutes)d minute", "%(minutes)d minutes", rest) % {"minutes": rest}
    if not rest:
        return hours_text
    if not hours:
        return minutes_text
    return _("%(hours)s and %(minutes)s") % {"hours": hours_text, "minutes": minutes_text}
