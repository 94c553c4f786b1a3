"""Timeline steps get a code and their values, so that each is shown in the reader's
language (engagements.steps). A step recorded before is read back from its English
description where it has one of the forms the workflow wrote; one that does not match (a
time written in another language, a sentence of an older version) keeps no code and is
shown as described."""

import datetime as dt
import re
import zoneinfo

from django.db import migrations, models

# The sentences the workflow and the demonstration wrote, as (code, pattern).
FORMS = [
    ("requested", r"Benchmarking requested(?: by .+)?"),
    ("cancelled", r"Cancelled: (?P<reason>.+)"),
    (
        "quote_reissued",
        r"Quote (?P<number>\S+) issued: (?P<money>[\d,]+\.\d\d) (?P<currency>[A-Z]{3}), "
        r"replacing (?P<replaced>\S+)",
    ),
    (
        "quote_issued",
        r"Quote (?P<number>\S+) issued: (?P<money>[\d,]+\.\d\d) (?P<currency>[A-Z]{3})",
    ),
    ("quote_accepted", r"Quote (?P<number>\S+) accepted(?: by .+)?"),
    ("quote_declined", r"Quote (?P<number>\S+) declined: (?P<reason>.+)"),
    (
        "group_joined",
        r"Joined the group bid (?P<group>.+); a new quote will carry the group discount",
    ),
    ("group_left", r"Left the group bid (?P<group>.+)"),
    ("expert_assigned", r"Expert assigned: (?P<name>.+)"),
    ("times_proposed", r"Interview times proposed: (?P<times>.+) \((?P<zone>[\w/+-]+)\)"),
    ("interview_confirmed", r"Interview confirmed for (?P<time>.+) \((?P<zone>[\w/+-]+)\)"),
    (
        "interview_closed_early",
        r"Interview closed; answers are read-only \(closed before its scheduled time: "
        r"(?P<reason>.+)\)",
    ),
    ("interview_closed", r"Interview closed; answers are read-only"),
    ("interview_reopened", r"Interview re-opened: (?P<reason>.+)"),
    ("draft_ready", r"Draft report ready"),
    (
        "draft_failed",
        r"Drafting the report failed after (?P<attempts>\d+) attempts: (?P<error>\w+)\. "
        r"The secretariat has been told\.",
    ),
    ("draft_refused", r"Drafting the report failed: (?P<reason>.+)"),
    ("review_started", r"Review of the draft started"),
    ("report_language", r"Report language: (?P<language>.+)"),
    ("report_released", r"Report released"),
]
LANGUAGES = {
    "English": "en",
    "Serbian (Latin script)": "sr-latn",
    "Serbian (Cyrillic script)": "sr-cyrl",
}


def _moment(text: str, zone: str) -> str:
    """A time as the timeline wrote it in English ("Tuesday 12 January 2027, 11:00") in
    the cluster's zone, as the UTC moment steps store; ValueError if it is not one."""
    local = dt.datetime.strptime(text, "%A %d %B %Y, %H:%M")
    moment = local.replace(tzinfo=zoneinfo.ZoneInfo(zone)).astimezone(dt.UTC)
    return moment.isoformat()


def step_of(description: str) -> tuple[str, dict] | None:
    """(code, values) of a step recorded as description; None when it has no known form."""
    for code, pattern in FORMS:
        found = re.fullmatch(pattern, description)
        if found is None:
            continue
        values = found.groupdict()
        try:
            if "money" in values:
                amount = values.pop("money").replace(",", "")
                values["amount"] = {"money": amount, "currency": values.pop("currency")}
            if code == "times_proposed":
                values["times"] = {
                    "moments": [_moment(t, values["zone"]) for t in values["times"].split("; ")],
                    "zone": values["zone"],
                }
            if code == "interview_confirmed":
                values = {
                    "time": {
                        "moment": _moment(values["time"], values["zone"]),
                        "zone": values["zone"],
                    }
                }
            if code == "report_language":
                values["language"] = {"language": LANGUAGES[values["language"]]}
            if code == "draft_failed":
                values["attempts"] = int(values["attempts"])
        except (ValueError, KeyError, zoneinfo.ZoneInfoNotFoundError):
            return None
        return code, values
    return None


def codes_from_descriptions(apps, schema_editor):
    EngagementEvent = apps.get_model("engagements", "EngagementEvent")
    changed = []
    for event in EngagementEvent.objects.filter(code="").only("pk", "description").iterator():
        found = step_of(event.description)
        if found is not None:
            event.code, event.params = found
            changed.append(event)
    EngagementEvent.objects.bulk_update(changed, ["code", "params"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0002_report_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="engagementevent",
            name="code",
            field=models.CharField(
                blank=True,
                help_text="The step, shown in the reader's language (engagements.steps); empty "
                "for a step recorded before steps had codes, shown as described",
                max_length=40,
            ),
        ),
        migrations.AddField(
            model_name="engagementevent",
            name="params",
            field=models.JSONField(blank=True, default=dict, help_text="The values the step names"),
        ),
        migrations.AlterField(
            model_name="engagementevent",
            name="description",
            field=models.CharField(help_text="The step in English, as recorded", max_length=500),
        ),
        migrations.RunPython(codes_from_descriptions, migrations.RunPython.noop),
    ]
