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

from django.utils.formats import date_format


def cluster_zone(cluster) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(cluster.time_zone)


def local_time_text(moment: dt.datetime, zone_name: str, *, named: bool = True) -> str:
    """E.g. "Tuesday 12 January 2027, 11:00 (Europe/Tirane)", in the active language
    ("utorak 12 januar 2027, 11:00" in Serbian)."""
    local = moment.astimezone(zoneinfo.ZoneInfo(zone_name))
    text = date_format(local, "l j F Y, H:i")
    return f"{text} ({zone_name})" if named else text
