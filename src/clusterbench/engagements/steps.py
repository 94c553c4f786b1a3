"""The timeline's sentences, in the reader's language.

A step is stored as a code and its values (EngagementEvent.code and .params) and written
when it is shown: on the engagement's page, in the e-mail to each person in their own
language, in the API. A value that reads differently by language is stored as data, not
as text: an amount of money, a moment in the cluster's time zone, a report language, a
date, a person's country. The event's description keeps the English sentence as
recorded, for the admin and for steps recorded before they had codes, which are shown as
described. The label applications' timeline (audits.steps) is written the same way, from
its own sentences (a Sentences of its codes).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from clusterbench.clusters.names import names_in
from clusterbench.languages.formats import long_date, money, month
from clusterbench.languages.reports import report_language_name

from .times import local_time_text

STEP_TEXTS = {
    "requested": _("Benchmarking requested"),
    "cancelled": _("Cancelled: %(reason)s"),
    "quote_issued": _("Quote %(number)s issued: %(amount)s"),
    "quote_reissued": _("Quote %(number)s issued: %(amount)s, replacing %(replaced)s"),
    "quote_accepted": _("Quote %(number)s accepted"),
    "quote_declined": _("Quote %(number)s declined: %(reason)s"),
    "group_joined": _("Joined the group bid %(group)s; a new quote will carry the group discount"),
    "group_left": _("Left the group bid %(group)s"),
    "expert_assigned": _("Expert assigned: %(name)s"),
    "times_proposed": _("Interview times proposed: %(times)s (%(zone)s)"),
    "interview_confirmed": _("Interview confirmed for %(time)s"),
    "interview_closed": _("Interview closed; answers are read-only"),
    "interview_closed_early": _(
        "Interview closed; answers are read-only (closed before its scheduled time: %(reason)s)"
    ),
    "interview_reopened": _("Interview re-opened: %(reason)s"),
    "draft_ready": _("Draft report ready"),
    "draft_failed": _(
        "Drafting the report failed after %(attempts)s attempts: %(error)s. The secretariat "
        "has been told."
    ),
    "draft_refused": _("Drafting the report failed: %(reason)s"),
    "review_started": _("Review of the draft started"),
    "report_language": _("Report language: %(language)s"),
    "report_released": _("Report released"),
    # A correction, or the report in another language, released after the first.
    "report_version_released": _(
        "Report version %(number)s released in %(language)s: %(identifier)s"
    ),
}


class Step(NamedTuple):
    code: str
    params: dict


class Sentences:
    """A timeline's sentences, by step code: a step is recorded as its code and values and
    written in the active language when it is read."""

    def __init__(self, texts: dict):
        self.texts = texts

    def step(self, code: str, **params) -> Step:
        """A step to record: its code (a key of the texts) and the values its sentence
        names, plain text or the values below."""
        if code not in self.texts:
            raise KeyError(f"No timeline sentence for the step {code}")
        return Step(code, params)

    def text(self, code: str, params: dict) -> str | None:
        """The step's sentence in the active language; None for a code without one."""
        message = self.texts.get(code)
        if message is None:
            return None
        return str(message) % {name: _shown(value) for name, value in params.items()}

    def english(self, recorded: Step) -> str:
        """The sentence as recorded in the event's description."""
        with translation.override("en"):
            return self.text(recorded.code, recorded.params)

    def fields(self, recorded: Step, limit: int) -> dict:
        """An event's code, values and description (the English sentence, as recorded, cut
        to the column's length)."""
        description = self.english(recorded)
        if len(description) > limit:
            description = description[: limit - 1] + "…"
        return {"code": recorded.code, "params": recorded.params, "description": description}


ENGAGEMENT_STEPS = Sentences(STEP_TEXTS)
step = ENGAGEMENT_STEPS.step
step_text = ENGAGEMENT_STEPS.text
step_english = ENGAGEMENT_STEPS.english


# Values written in the reader's language, stored as JSON data.


def money_value(amount: Decimal, currency: str) -> dict:
    return {"money": f"{amount:.2f}", "currency": currency}


def moment_value(moment: dt.datetime, zone: str) -> dict:
    """A moment shown in the cluster's time zone, with the zone named."""
    return {"moment": moment.astimezone(dt.UTC).isoformat(), "zone": zone}


def moments_value(moments: list[dt.datetime], zone: str) -> dict:
    """Moments in order, shown in the cluster's time zone (named once, by the sentence)."""
    return {"moments": [m.astimezone(dt.UTC).isoformat() for m in sorted(moments)], "zone": zone}


def language_value(code: str) -> dict:
    return {"language": code}


def day_value(day: dt.date) -> dict:
    """A date: "5 November 2026", "5. novembra 2026"."""
    return {"day": day.isoformat()}


def month_value(day: dt.date) -> dict:
    """The month of a date: "November 2026", "novembar 2026."."""
    return {"month": f"{day:%Y-%m}"}


def person_value(name: str, country=None) -> dict:
    """A person with their country, if they have one: "Ana Marković (Srbija)"; the
    English name is kept for a language without the country's name."""
    if country is None:
        return {"person": name}
    return {"person": name, "country": country.alpha2, "country_name": country.name}


def _shown(value) -> str:
    if not isinstance(value, dict):
        return str(value)
    if "money" in value:
        return f"{money(Decimal(value['money']))} {value['currency']}"
    if "moment" in value:
        return local_time_text(dt.datetime.fromisoformat(value["moment"]), value["zone"])
    if "moments" in value:
        return "; ".join(
            local_time_text(dt.datetime.fromisoformat(m), value["zone"], named=False)
            for m in value["moments"]
        )
    if "language" in value:
        return report_language_name(value["language"])
    if "day" in value:
        return long_date(dt.date.fromisoformat(value["day"]))
    if "month" in value:
        return month(dt.date.fromisoformat(f"{value['month']}-01"))
    if "person" in value:
        if "country" not in value:
            return value["person"]
        countries = names_in(translation.get_language() or "en")["countries"]
        country = countries.get(value["country"], value["country_name"])
        return f"{value['person']} ({country})"
    return str(value)
