"""The time zone a cluster is in: the one every time of its engagement is written in
(interview slots, the calendar file, the timeline, the day a report may be released).

zoneinfo knows keys that are no place: "localtime" (whatever the server's own zone is set
to), "Factory" (a zone whose abbreviation is "-00"), POSIX rules such as EST5EDT, fixed
offsets (Etc/GMT+5, whose sign is the reverse of what it reads) and old aliases
(US/Eastern, GB). Only a place's zone in the IANA form Area/Location (Europe/Belgrade,
America/Argentina/Buenos_Aires), or UTC, is taken: a cluster's times then follow its
place's daylight saving time and read as a place to the people who see them. Every form
that takes a time zone (the request form, the admin) goes through the cluster's model,
which checks it with time_zone_check.
"""

import functools
import zoneinfo

from django.utils.translation import gettext as _

from clusterbench.text import TextError, quoted, text_check

ZONE_MAX = 64  # ClusterOrganisation.time_zone's max_length (the longest key has 32)
# A key, as written in every language: a placeholder, which the Cyrillic catalogue keeps.
EXAMPLE = "Europe/Belgrade"
# The IANA time zone database's areas: continents and oceans.
AREAS = frozenset(
    {
        "Africa",
        "America",
        "Antarctica",
        "Arctic",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    }
)


@functools.cache
def _known() -> dict[str, str]:
    """Every key zoneinfo knows, by its lower-case form (available_timezones walks the time
    zone database's folders: once a process is enough)."""
    return {name.lower(): name for name in zoneinfo.available_timezones()}


def is_place(name: str) -> bool:
    """Whether a key zoneinfo knows is a place's zone (Area/Location) or UTC."""
    area, slash, _location = name.partition("/")
    return name == "UTC" or (bool(slash) and area in AREAS)


def time_zone_check(raw: object, *, what: str) -> str:
    """The time zone as it is named (Europe/Belgrade, whatever the case typed), or
    TextError: text that is not one line of at most 64 characters, a key zoneinfo does not
    know, or one that is no place's."""
    typed = text_check(raw, what=what, max_length=ZONE_MAX)
    name = _known().get(typed.lower())
    if name is None:
        raise TextError(
            _(
                "Unknown time zone %(zone)s: give the time zone of the city the cluster is "
                "in, as Area/Location (e.g. %(example)s), or UTC."
            )
            % {"zone": quoted(typed), "example": EXAMPLE}
        )
    if not is_place(name):
        raise TextError(
            _(
                "%(zone)s is not the time zone of a place: give the time zone of the city "
                "the cluster is in, as Area/Location (e.g. %(example)s), or UTC."
            )
            % {"zone": quoted(name), "example": EXAMPLE}
        )
    return name
