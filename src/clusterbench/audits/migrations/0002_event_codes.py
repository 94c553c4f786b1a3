"""Application timeline steps get a code and their values, so that each is shown in the
reader's language (audits.steps), as the engagement's steps did (engagements 0003). A
step recorded before is read back from its English description where it has one of the
forms the workflow or the demonstration wrote; the demonstration's shorter forms ("Audit
times proposed", "Silver Label applied for") take their values from the application. One
that does not match keeps no code and is shown as described."""

import datetime as dt
import re
import zoneinfo

from django.db import migrations, models

PERSON = re.compile(r"(?P<name>.+?) \((?P<country>[^()]+)\)")
ZONE = r"\((?P<zone>[\w/+-]+)\)"
# The sentences written before, as (code, pattern); DOTALL: a reason may span lines.
FORMS = [
    (
        "silver_applied",
        r"Silver Label applied for \(Bronze interviews of (?P<first>\w+ \d{4}) and "
        r"(?P<second>\w+ \d{4}); improvement areas (?P<areas>[^()]+)\)",
    ),
    ("silver_applied", r"Silver Label applied for"),  # the demonstration's
    ("gold_applied", r"Gold Label applied for"),
    ("auditors_assigned", r"Auditors assigned: (?P<first>.+?) and (?P<second>.+)"),
    ("auditor_assigned", r"Auditor assigned: (?P<auditor>.+)"),
    ("times_proposed", r"Audit times proposed: (?P<times>.+) " + ZONE),
    ("times_proposed", r"Audit times proposed"),  # the demonstration's
    (
        "gold_confirmed",
        r"Gold visit confirmed for (?P<time>.+) " + ZONE + r"; self-assessment due between "
        r"(?P<first>\d{1,2} \w+) and (?P<last>\d{1,2} \w+ \d{4})",
    ),
    ("gold_confirmed_plain", r"Gold visit confirmed for (?P<time>.+) " + ZONE),
    ("silver_confirmed", r"Silver audit confirmed for (?P<time>.+) " + ZONE),
    (
        "findings_recorded",
        r"Audit findings recorded: (?P<validated>\d+) of (?P<areas>\d+) improvement areas "
        r"validated, baseline (?P<baseline>confirmed|not confirmed)",
    ),
    (
        "self_assessment_submitted",
        r"Self-assessment submitted \((?P<total>\d+) of (?P<maximum>\d+) points\)",
    ),
    ("scores_submitted", r"Independent scores submitted"),
    (
        "scores_agreed",
        r"Final scores agreed: (?P<total>\d+) of (?P<maximum>\d+) points "
        r"\((?P<percent>\d+) %\)(?:, (?P<below>\d+) below threshold)?",
    ),
    (
        "awarded",
        r"(?P<level>Silver|Gold) Label awarded, certificate (?P<certificate>\S+), valid until "
        r"(?P<day>\d{1,2} \w+ \d{4}): (?P<reason>.*)",
    ),
    ("declined", r"(?P<level>Silver|Gold) Label declined: (?P<reason>.*)"),
    ("withdrawn", r"Application withdrawn: (?P<reason>.*)"),
]


def _moment(text: str, zone: str) -> str:
    """A time as the timeline wrote it in English ("Tuesday 12 January 2027, 11:00") in
    the cluster's zone, as the UTC moment steps store; ValueError if it is not one."""
    local = dt.datetime.strptime(text, "%A %d %B %Y, %H:%M")
    return local.replace(tzinfo=zoneinfo.ZoneInfo(zone)).astimezone(dt.UTC).isoformat()


def _day(text: str) -> str:
    return dt.datetime.strptime(text, "%d %B %Y").date().isoformat()


def _month(text: str) -> str:
    return f"{dt.datetime.strptime(text, '%B %Y'):%Y-%m}"


def _person(text: str, countries: dict[str, str]) -> dict:
    """ "Ana Marković (Serbia)" as a person with a country; a country not in the registry
    stays part of the name, as it was written."""
    found = PERSON.fullmatch(text)
    if found and found["country"] in countries:
        code = countries[found["country"]]
        return {"person": found["name"], "country": code, "country_name": found["country"]}
    return {"person": text}


def step_of(description: str, countries: dict[str, str]) -> tuple[str, dict] | None:
    """(code, values) of a step recorded as description; None when it has no known form.
    countries: English country name -> alpha-2. The demonstration's shorter forms come
    back without their values, which the application gives (_completed)."""
    for code, pattern in FORMS:
        found = re.fullmatch(pattern, description, re.DOTALL)
        if found is None:
            continue
        values = {k: v for k, v in found.groupdict().items() if v is not None}
        try:
            if code == "silver_applied" and values:
                values["first"] = {"month": _month(values["first"])}
                values["second"] = {"month": _month(values["second"])}
            elif code == "auditors_assigned":
                values = {k: _person(v, countries) for k, v in values.items()}
            elif code == "auditor_assigned":
                values["auditor"] = _person(values["auditor"], countries)
            elif code == "times_proposed" and values:
                zone = values["zone"]
                moments = [_moment(t, zone) for t in values["times"].split("; ")]
                values["times"] = {"moments": moments, "zone": zone}
            elif code in ("gold_confirmed", "gold_confirmed_plain", "silver_confirmed"):
                zone = values.pop("zone")
                values["time"] = {"moment": _moment(values["time"], zone), "zone": zone}
                if code == "gold_confirmed":
                    # "01 May and 15 May 2027": the first day's year is the last day's, or
                    # the one before when the window spans the new year.
                    last = dt.date.fromisoformat(_day(values["last"]))
                    first = dt.datetime.strptime(f"{values['first']} {last.year}", "%d %B %Y")
                    if first.date() > last:
                        first = first.replace(year=last.year - 1)
                    values["first"] = {"day": first.date().isoformat()}
                    values["last"] = {"day": last.isoformat()}
            elif code == "findings_recorded":
                if values.pop("baseline") == "not confirmed":
                    code = "findings_recorded_unconfirmed"
                values = {k: int(v) for k, v in values.items()}
            elif code == "self_assessment_submitted":
                values = {k: int(v) for k, v in values.items()}
            elif code == "scores_agreed":
                values["total"], values["maximum"] = int(values["total"]), int(values["maximum"])
                if "below" in values:
                    code, values["below"] = "scores_agreed_below", int(values["below"])
            elif code in ("awarded", "declined"):
                code = f"{values.pop('level').lower()}_{code}"
                if "day" in values:
                    values["day"] = {"day": _day(values["day"])}
        except (ValueError, KeyError, zoneinfo.ZoneInfoNotFoundError):
            return None
        return code, values
    return None


def _completed(code: str, values: dict, application) -> dict | None:
    """The values of the demonstration's shorter forms, from the application; None when it
    has not got them."""
    if values:
        return values
    if code == "silver_applied":
        first, second = application.first_benchmarking, application.benchmarking
        areas = list(application.areas.order_by("position").values_list("criterion", flat=True))
        # Without both interview dates or the areas the sentence cannot be written: the
        # step keeps its description.
        if first is None or second is None or not areas:
            return None
        if first.interview_date is None or second.interview_date is None:
            return None
        return {
            "first": {"month": f"{first.interview_date:%Y-%m}"},
            "second": {"month": f"{second.interview_date:%Y-%m}"},
            "areas": ", ".join(areas),
        }
    if code == "times_proposed":
        starts = sorted(application.slots.values_list("start", flat=True))
        if not starts:
            return None
        zone = application.cluster.time_zone
        moments = [s.astimezone(dt.UTC).isoformat() for s in starts]
        return {"times": {"moments": moments, "zone": zone}, "zone": zone}
    return values


def codes_from_descriptions(apps, schema_editor):
    ApplicationEvent = apps.get_model("audits", "ApplicationEvent")
    Country = apps.get_model("clusters", "Country")
    countries = dict(Country.objects.values_list("name", "alpha2"))
    changed = []
    events = ApplicationEvent.objects.filter(code="").select_related(
        "application__cluster", "application__first_benchmarking", "application__benchmarking"
    )
    for event in events.iterator():
        found = step_of(event.description, countries)
        if found is None:
            continue
        code, values = found
        values = _completed(code, values, event.application)
        if values is not None:
            event.code, event.params = code, values
            changed.append(event)
    ApplicationEvent.objects.bulk_update(changed, ["code", "params"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="applicationevent",
            name="code",
            field=models.CharField(
                blank=True,
                help_text="The step, shown in the reader's language (audits.steps); empty for "
                "a step recorded before steps had codes, shown as described",
                max_length=40,
            ),
        ),
        migrations.AddField(
            model_name="applicationevent",
            name="params",
            field=models.JSONField(blank=True, default=dict, help_text="The values the step names"),
        ),
        migrations.AlterField(
            model_name="applicationevent",
            name="description",
            field=models.CharField(help_text="The step in English, as recorded", max_length=500),
        ),
        migrations.RunPython(codes_from_descriptions, migrations.RunPython.noop),
    ]
