"""One interview time, the same everywhere: the page, the timeline, the email and the
calendar invitation all show it in the cluster's time zone, with the zone named."""

import datetime as dt
import re

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from clusterbench.clusters.services import cluster_create
from clusterbench.engagements import workflow
from clusterbench.engagements.models import Benchmarking
from clusterbench.offers import quotes
from tests.engagement_fixtures import PASSWORD


@pytest.fixture
def tirane(framework, people):
    cluster = cluster_create(
        name="Klasteri i Turizmit Tiranë",
        name_en="Tirana Tourism Cluster",
        country_code="AL",
        portfolio_slug="sports-leisure-tourism",
        time_zone="Europe/Tirane",
        address="Rruga e Kavajës 10, Tiranë",
    )
    people.manager.clusters.add(cluster)
    engagement = workflow.engagement_request(user=people.manager, cluster=cluster)
    quote = quotes.quote_issue(user=people.secretariat, benchmarking=engagement)
    quotes.quote_accept(user=people.manager, quote=quote)
    workflow.expert_assign(user=people.secretariat, benchmarking=engagement, expert=people.expert)
    return Benchmarking.objects.get(pk=engagement.pk)


def next_day_of(month: int) -> dt.date:
    """The 12th of that month, at least a week from today (winter: UTC+1, summer: UTC+2)."""
    today = timezone.localdate()
    day = dt.date(today.year, month, 12)
    return day if day > today + dt.timedelta(days=7) else day.replace(year=today.year + 1)


@pytest.mark.parametrize("month", [1, 7], ids=["winter", "summer"])
def test_the_page_the_timeline_the_email_and_the_invitation_show_the_same_time(
    client, tirane, people, month, django_capture_on_commit_callbacks
):
    day = next_day_of(month)
    shown = f"{day:%A} {day.day} {day:%B %Y}, 11:00 (Europe/Tirane)"
    page = f"/engagements/{tirane.pk}/"

    client.login(username="man", password=PASSWORD)
    client.post(
        page + "propose/",
        {"start": f"{day}T11:00", "mode": "on_site", "location": "Rruga e Kavajës 10"},
    )
    proposed = client.get(page).text
    assert re.search(rf"<li>{day:%A} {day.day} {day:%B %Y}, 11:00\b", proposed)
    assert "10:00" not in proposed and "09:00" not in proposed

    client.login(username="exp", password=PASSWORD)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page + "confirm/", {"slot": tirane.slots.get().pk})
    text = client.get(page).text

    # the page
    assert f"<dt>Interview</dt><dd>{shown}, 2 hours and 30 minutes" in text
    # the timeline
    assert f"Interview confirmed for {shown}" in text
    assert 'Timeline <span class="muted">(times in Europe/Tirane)' in text
    # the email
    [message] = mail.outbox
    assert f"Interview confirmed for {shown}" in message.body
    assert f"Interview: {shown}" in message.body
    # the calendar invitation
    invitation = client.get(page + "invite.ics").content
    [event] = icalendar.Calendar.from_ical(invitation).walk("VEVENT")
    start = event.decoded("dtstart")
    assert (start.date(), start.hour, start.minute) == (day, 11, 0)
    assert str(start.tzinfo) == "Europe/Tirane"
    assert b"DTSTART;TZID=Europe/Tirane:" + f"{day:%Y%m%d}T110000".encode() in invitation
    assert shown in str(event.get("description"))
    # and stored once, in UTC
    utc = Benchmarking.objects.get(pk=tirane.pk).interview_start.astimezone(dt.UTC)
    assert utc.hour == (10 if month == 1 else 9)


def test_a_belgrade_proposal_at_ten_is_listed_at_ten(client, framework, cluster, people):
    engagement = workflow.engagement_request(user=people.manager, cluster=cluster)
    quotes.quote_accept(
        user=people.manager,
        quote=quotes.quote_issue(user=people.secretariat, benchmarking=engagement),
    )
    day = next_day_of(1)
    client.login(username="man", password=PASSWORD)
    page = f"/engagements/{engagement.pk}/"
    client.post(page + "propose/", {"start": f"{day}T10:00", "mode": "video", "location": "x"})
    text = client.get(page).text
    assert f"<li>{day:%A} {day.day} {day:%B %Y}, 10:00" in text
    assert "Proposed times (Europe/Belgrade)" in text
    assert engagement.events.last().description == (
        f"Interview times proposed: {day:%A} {day.day} {day:%B %Y}, 10:00 (Europe/Belgrade)"
    )
