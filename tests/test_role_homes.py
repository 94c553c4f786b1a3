"""Each role lands on its own home after logging in, listing what needs them now."""

import datetime as dt
import re

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from clusterbench.engagements import workflow
from clusterbench.engagements.models import Benchmarking, SlotProposal
from clusterbench.languages.formats import long_date
from clusterbench.offers import groups, quotes
from tests.engagement_fixtures import PASSWORD, future, new_cluster


def home(client, username):
    assert client.login(username=username, password=PASSWORD)
    response = client.get("/my-work/")
    assert response.status_code == 200
    return {
        t.heading: [(task.what, task.subject) for task in t.tasks] for t in response.context["work"]
    }


@pytest.mark.parametrize("username", ["sec", "exp", "man", "coord"])
def test_logging_in_leads_to_my_work(client, people, username):
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/my-work/"


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    assert "/accounts/login/" in client.get("/my-work/")["Location"]


def test_with_nothing_to_do_the_page_says_so_and_shows_no_empty_lists(client, people):
    assert home(client, "exp") == {}
    assert "Nothing needs you right now." in client.get("/my-work/").text


class TestTheExpertsHome:
    def test_times_to_confirm_interviews_to_hold_and_drafts_to_review(
        self, client, framework, cluster, other_cluster, people, engagement_at
    ):
        accepted = engagement_at(framework, cluster, people, "accepted", interview_start=None)
        SlotProposal.objects.create(benchmarking=accepted, start=future(12))
        engagement_at(framework, other_cluster, people, "scheduled")
        third = new_cluster("Third Cluster")
        engagement_at(framework, third, people, "in_review", interview_start=future(-30))
        work = home(client, "exp")
        assert work == {
            "Interview times to confirm": [("Confirm an interview time", "Belgrade Test Cluster")],
            "Interviews to hold": [("Hold the interview", "Other Cluster")],
            "Drafts to review": [("Review and edit the draft report", "Third Cluster")],
        }

    def test_an_interview_whose_time_has_passed_is_to_be_closed(
        self, client, framework, cluster, people, engagement_at
    ):
        engagement_at(framework, cluster, people, "scheduled", interview_start=future(-1))
        assert home(client, "exp") == {
            "Interviews to hold": [("Close the interview", "Belgrade Test Cluster")]
        }

    def test_another_experts_engagements_are_not_listed(
        self, client, framework, cluster, people, engagement_at
    ):
        engagement_at(framework, cluster, people, "scheduled", expert=people.other_expert)
        assert home(client, "exp") == {}


class TestTheManagersHome:
    def test_the_quote_to_accept_and_the_dates_to_propose(
        self, client, framework, cluster, other_cluster, people
    ):
        requested = workflow.engagement_request(user=people.manager, cluster=cluster)
        quote = quotes.quote_issue(user=people.secretariat, benchmarking=requested)
        people.manager.clusters.add(other_cluster)
        second = workflow.engagement_request(user=people.manager, cluster=other_cluster)
        quotes.quote_accept(
            user=people.manager,
            quote=quotes.quote_issue(user=people.secretariat, benchmarking=second),
        )
        work = home(client, "man")
        assert work["Quotes to accept"] == [("Accept the quote", "Belgrade Test Cluster")]
        assert work["Interview dates to propose"] == [("Propose interview dates", "Other Cluster")]
        assert work["Before the interview"] == [("Fill in the self-assessment", "Other Cluster")]
        assert quote.number in client.get("/my-work/").text

    def test_an_expired_quote_asks_for_a_new_one(self, client, cluster, framework, people):
        requested = workflow.engagement_request(user=people.manager, cluster=cluster)
        quote = quotes.quote_issue(user=people.secretariat, benchmarking=requested)
        type(quote).objects.filter(pk=quote.pk).update(
            issued_on=dt.date(2020, 1, 1), valid_until=dt.date(2020, 1, 31)
        )
        assert home(client, "man")["Quotes to accept"] == [
            ("Ask the secretariat for a new quote", "Belgrade Test Cluster")
        ]


class TestTheSecretariatsHome:
    def test_overdue_first_then_quotes_experts_and_releases(
        self, client, framework, cluster, other_cluster, people, engagement_at
    ):
        engagement_at(framework, cluster, people, "interviewed", interview_start=future(-60))
        workflow.engagement_request(user=people.other_manager, cluster=other_cluster)
        third = new_cluster("Third Cluster")
        engagement_at(framework, third, people, "accepted", interview_start=None, expert=None)
        fourth = new_cluster("Fourth Cluster")
        engagement_at(framework, fourth, people, "in_review", interview_start=future(-10))
        work = home(client, "sec")
        assert list(work) == [
            "Overdue",
            "Quotes to issue",
            "Experts to assign",
            "Reports to release",
        ]
        assert work["Overdue"][0][1] == "Belgrade Test Cluster"
        assert work["Quotes to issue"] == [("Issue the quote", "Other Cluster")]
        assert work["Experts to assign"] == [("Assign an expert", "Third Cluster")]
        assert work["Reports to release"] == [("Review and release", "Fourth Cluster")]
        assert "days late" in client.get("/my-work/").text


class TestTheCoordinatorsHome:
    def test_the_groups_and_the_network(self, client, framework, people):
        members = [new_cluster(f"Member {i}", "RS") for i in range(5)]
        people.network.members.add(*members)
        groups.group_create(user=people.coordinator, name="Forming", clusters=members[:2])
        asked = groups.group_create(user=people.coordinator, name="Asked", clusters=members[2:])
        Benchmarking.objects.all().delete()
        type(asked).objects.filter(pk=asked.pk).update(requested_at=timezone.now())
        work = home(client, "coord")
        assert sorted(work["Your group bids"]) == [
            ("Complete the group and ask for the bid", "Forming"),
            ("Follow the group bid", "Asked"),
        ]
        assert ("Read the network's results", "Test network") in work["Your network"]


class TestInTheReadersLanguage:
    """Every heading, explanation, task and detail of My work is in the reader's language,
    with dates and amounts written the way that language writes them."""

    def lists(self, client, username, language):
        assert client.login(username=username, password=PASSWORD)
        response = client.get("/my-work/", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        return [
            (str(t.heading), str(t.explanation), [(str(k.what), str(k.detail)) for k in t.tasks])
            for t in response.context["work"]
        ], response.text

    def assert_translated(self, client, username):
        english, _ = self.lists(client, username, "en-gb")
        serbian, page = self.lists(client, username, "sr-latn")
        assert english and len(english) == len(serbian)
        for (heading, explanation, tasks), (sr_heading, sr_explanation, sr_tasks) in zip(
            english, serbian, strict=True
        ):
            assert sr_heading != heading and sr_explanation != explanation
            for (what, detail), (sr_what, sr_detail) in zip(tasks, sr_tasks, strict=True):
                assert sr_what != what, what
                assert sr_detail != detail or not detail, detail
                # Every task to do speaks to its reader formally, as the page's sentences
                # do ("Pročitajte izveštaj"), never with a button's short "Pročitaj"
                # (an overdue engagement is named by its step, not by a task).
                if heading != "Overdue":
                    assert sr_what.split()[0].endswith("te"), sr_what
        return serbian, page

    def test_the_managers_home(self, client, framework, cluster, other_cluster, people):
        requested = workflow.engagement_request(user=people.manager, cluster=cluster)
        quote = quotes.quote_issue(user=people.secretariat, benchmarking=requested)
        people.manager.clusters.add(other_cluster)
        second = workflow.engagement_request(user=people.manager, cluster=other_cluster)
        quotes.quote_accept(
            user=people.manager,
            quote=quotes.quote_issue(user=people.secretariat, benchmarking=second),
        )
        serbian, page = self.assert_translated(client, "man")
        assert serbian[0][2][0][0] == "Prihvatite ponudu"
        # Digits grouped with a point, a decimal comma, a Serbian month name
        detail = serbian[0][2][0][1]
        assert re.search(r"\b\d{1,3}(\.\d{3})*,\d{2} EUR", detail), detail
        with translation.override("sr-latn"):
            assert long_date(quote.valid_until) in detail
            assert date_format(quote.valid_until, "j. E Y") in detail  # "26. decembra 2026"
        assert "Ponude za prihvatanje" in page

    def test_the_experts_home(
        self, client, framework, cluster, other_cluster, people, engagement_at
    ):
        accepted = engagement_at(framework, cluster, people, "accepted", interview_start=None)
        SlotProposal.objects.create(benchmarking=accepted, start=future(12))
        engagement_at(framework, other_cluster, people, "scheduled", interview_start=future(-1))
        third = new_cluster("Third Cluster")
        engagement_at(framework, third, people, "in_review", interview_start=future(-30))
        self.assert_translated(client, "exp")

    def test_the_secretariats_home(
        self, client, framework, cluster, other_cluster, people, engagement_at
    ):
        engagement_at(framework, cluster, people, "interviewed", interview_start=future(-60))
        workflow.engagement_request(user=people.other_manager, cluster=other_cluster)
        third = new_cluster("Third Cluster")
        engagement_at(framework, third, people, "accepted", interview_start=None, expert=None)
        _, page = self.assert_translated(client, "sec")
        assert "dana kašnjenja" in page

    def test_the_coordinators_home(self, client, framework, people):
        members = [new_cluster(f"Member {i}", "RS") for i in range(5)]
        people.network.members.add(*members)
        groups.group_create(user=people.coordinator, name="Forming", clusters=members[:2])
        asked = groups.group_create(user=people.coordinator, name="Asked", clusters=members[2:])
        type(asked).objects.filter(pk=asked.pk).update(requested_at=timezone.now())
        self.assert_translated(client, "coord")
