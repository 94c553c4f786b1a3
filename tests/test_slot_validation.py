"""Proposed interview times: far-off years and floods of times are refused with a message,
an explicit offset is honoured, and a local time that does not exist is refused."""

import datetime as dt

import pytest
from django.utils import timezone

from clusterbench.engagements.models import SlotProposal
from tests.engagement_fixtures import PASSWORD


@pytest.fixture
def accepted(framework, cluster, people, engagement_at):
    return engagement_at(framework, cluster, people, "accepted")  # Europe/Belgrade


@pytest.fixture
def manager(client, people):
    client.raise_request_exception = False
    client.login(username="man", password=PASSWORD)
    return client


def propose(client, engagement, starts, follow=True):
    return client.post(
        f"/engagements/{engagement.pk}/propose/",
        {"start": starts, "mode": "on_site", "location": "Bulevar 1, Beograd"},
        follow=follow,
    )


def next_year_day(month: int, day: int, hour: int, minute: int = 0) -> str:
    year = timezone.now().year + (1 if timezone.now().month >= month else 0)
    return f"{year}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}"


class TestFarAndMany:
    def test_a_slot_in_year_9999_is_refused_and_every_list_still_opens(self, manager, accepted):
        page = propose(manager, accepted, ["9999-12-31T23:00"]).content.decode()
        assert "propose times within the next twelve months" in page
        assert not SlotProposal.objects.exists()
        assert manager.get("/engagements/").status_code == 200

    def test_an_absurd_number_of_slots_in_one_request_is_refused(self, manager, accepted):
        start = timezone.now() + dt.timedelta(days=3)
        starts = [(start + dt.timedelta(hours=i)).strftime("%Y-%m-%dT%H:%M") for i in range(900)]
        page = propose(manager, accepted, starts).content.decode()
        assert "Propose at most 10 times at once; got 900." in page
        assert not SlotProposal.objects.exists()

    def test_open_slots_are_capped_across_requests(self, manager, accepted):
        start = timezone.now() + dt.timedelta(days=3)
        for batch in range(3):
            starts = [
                (start + dt.timedelta(hours=10 * batch + i)).strftime("%Y-%m-%dT%H:%M")
                for i in range(8)
            ]
            page = propose(manager, accepted, starts).content.decode()
        assert "at most 20 may wait for confirmation" in page
        assert SlotProposal.objects.count() == 16


class TestTimeZones:
    def test_an_explicit_offset_is_honoured_not_reinterpreted(self, manager, accepted):
        typed = next_year_day(6, 10, 14) + "+05:00"
        propose(manager, accepted, [typed])
        slot = SlotProposal.objects.get()
        assert slot.start == dt.datetime.fromisoformat(typed).astimezone(dt.UTC)
        assert slot.start.hour == 9

    def test_a_local_time_without_an_offset_is_the_clusters_time(self, manager, accepted):
        propose(manager, accepted, [next_year_day(6, 10, 14)])
        assert SlotProposal.objects.get().start.hour == 12  # Belgrade is UTC+2 in summer

    def test_a_local_time_skipped_by_the_clocks_going_forward_is_refused(self, manager, accepted):
        # Europe/Belgrade goes from 02:00 to 03:00 on the last Sunday of March.
        year = timezone.now().year + 1
        last_sunday = max(
            dt.date(year, 3, day) for day in range(25, 32) if dt.date(year, 3, day).weekday() == 6
        )
        page = propose(manager, accepted, [f"{last_sunday}T02:30"]).content.decode()
        assert "does not exist in Europe/Belgrade: the clocks go forward" in page
        assert not SlotProposal.objects.exists()
