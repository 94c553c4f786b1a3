"""Steps that cannot be undone ask for confirmation first, saying what cannot be undone;
steps that make no sense are refused by the services."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from clusterbench import flow
from clusterbench.engagements import workflow
from clusterbench.engagements.models import Benchmarking
from clusterbench.errors import StepRefused
from clusterbench.interviews.services import answer_record
from clusterbench.offers import groups, quotes
from clusterbench.offers.models import Quote
from tests.engagement_fixtures import PASSWORD, make_benchmarking, new_cluster

S = Benchmarking.Status


def answer_everything(engagement, user):
    for indicator in engagement.framework.indicators.exclude(kind="derived"):
        answer_record(benchmarking=engagement, code=indicator.code, raw="not known", user=user)


def login(client, username):
    assert client.login(username=username, password=PASSWORD)


def is_confirmation_page(response, irreversible: str) -> bool:
    text = response.content.decode()
    return (
        response.status_code == 200
        and "This cannot be undone" in text
        and irreversible in text
        and 'name="confirmed" value="yes"' in text
        and "<script" not in text.split("</head>")[1]  # no inline script: strict CSP holds
        and "onclick" not in text
    )


class TestClosingTheInterview:
    @pytest.fixture
    def scheduled(self, framework, cluster, people, engagement_at):
        start = timezone.now() - dt.timedelta(hours=3)  # the interview has been held
        engagement = engagement_at(framework, cluster, people, "scheduled", interview_start=start)
        answer_everything(engagement, people.expert)
        return engagement

    def test_closing_asks_for_confirmation_first(self, client, scheduled):
        login(client, "exp")
        response = client.post(f"/engagements/{scheduled.pk}/close/")
        assert is_confirmation_page(response, "the answers become read-only")
        assert Benchmarking.objects.get(pk=scheduled.pk).status == S.SCHEDULED

    def test_the_confirmed_close_goes_through_and_says_what_happened(self, client, scheduled):
        login(client, "exp")
        response = client.post(
            f"/engagements/{scheduled.pk}/close/", {"confirmed": "yes"}, follow=True
        )
        assert Benchmarking.objects.get(pk=scheduled.pk).status != S.SCHEDULED
        assert "Interview closed; answers are read-only." in response.content.decode()
        assert "Done." not in response.content.decode()

    def test_a_close_that_would_be_refused_says_why_at_once(
        self, client, framework, cluster, people, engagement_at
    ):
        engagement = engagement_at(framework, cluster, people, "scheduled")
        login(client, "exp")
        response = client.post(f"/engagements/{engagement.pk}/close/", follow=True)
        assert "still need an answer" in response.content.decode()
        assert "This cannot be undone" not in response.content.decode()

    def test_closing_long_before_the_scheduled_time_needs_a_reason(
        self, framework, cluster, people, engagement_at
    ):
        engagement = engagement_at(
            framework,
            cluster,
            people,
            "scheduled",
            interview_start=timezone.now() + dt.timedelta(days=3),
        )
        answer_everything(engagement, people.expert)
        with pytest.raises(
            StepRefused, match="closing it more than a day before that needs a reason"
        ):
            flow.interview_close(user=people.expert, benchmarking=engagement)
        assert Benchmarking.objects.get(pk=engagement.pk).status == S.SCHEDULED
        flow.interview_close(
            user=people.expert, benchmarking=engagement, reason="Held earlier by agreement"
        )
        assert engagement.events.filter(
            description__contains="closed before its scheduled time: Held earlier by agreement"
        ).exists()

    def test_closing_a_few_hours_early_needs_no_reason(
        self, framework, cluster, people, engagement_at
    ):
        engagement = engagement_at(
            framework,
            cluster,
            people,
            "scheduled",
            interview_start=timezone.now() + dt.timedelta(hours=2),
        )
        answer_everything(engagement, people.expert)
        flow.interview_close(user=people.expert, benchmarking=engagement)
        assert Benchmarking.objects.get(pk=engagement.pk).status != S.SCHEDULED

    def test_the_workspace_asks_for_the_reason_only_when_early(
        self, client, framework, cluster, people, engagement_at, scheduled
    ):
        login(client, "exp")
        assert 'name="reason"' not in client.get(f"/engagements/{scheduled.pk}/interview/").text
        early = engagement_at(
            framework,
            other_cluster_for(people),
            people,
            "scheduled",
            interview_start=timezone.now() + dt.timedelta(days=3),
        )
        assert 'name="reason"' in client.get(f"/engagements/{early.pk}/interview/").text


def other_cluster_for(people):
    cluster = new_cluster("Second Cluster", "RS")
    people.manager.clusters.add(cluster)
    return cluster


@pytest.fixture
def in_review(framework, cluster, people, django_capture_on_commit_callbacks):
    for i in range(6):
        make_benchmarking(framework, new_cluster(f"Peer {i}"), dt.date(2026, 1, 1))
    engagement = make_benchmarking(framework, cluster, dt.date(2026, 10, 1), status="scheduled")
    engagement.expert = people.expert
    engagement.save()
    with django_capture_on_commit_callbacks(execute=True):  # drafts the report
        flow.interview_close(user=people.expert, benchmarking=engagement)
    workflow.review_start(user=people.expert, benchmarking=engagement)
    return Benchmarking.objects.get(pk=engagement.pk)


class TestReleasingTheReport:
    def test_releasing_asks_for_confirmation_first(self, client, in_review):
        login(client, "sec")
        response = client.post(f"/engagements/{in_review.pk}/report/release/")
        assert is_confirmation_page(response, "a released report never changes")
        assert "Bronze Label" in response.content.decode()
        assert not in_review.reports.get().is_released

    def test_the_confirmed_release_goes_through(self, client, in_review):
        login(client, "sec")
        client.post(f"/engagements/{in_review.pk}/report/release/", {"confirmed": "yes"})
        assert in_review.reports.get().is_released

    def test_a_report_is_never_released_before_its_interview_date(self, client, in_review, people):
        # Tomorrow where the cluster is: late in the server's day it is already tomorrow there.
        zone = zoneinfo.ZoneInfo(in_review.cluster.time_zone)
        tomorrow = timezone.localdate(timezone=zone) + dt.timedelta(days=1)
        Benchmarking.objects.filter(pk=in_review.pk).update(interview_date=tomorrow)
        with pytest.raises(StepRefused, match="only for an interview that has taken place"):
            flow.report_release(user=people.secretariat, version=in_review.reports.get())
        with pytest.raises(StepRefused, match="only for an interview that has taken place"):
            workflow.report_release(user=people.secretariat, benchmarking=in_review)
        login(client, "sec")
        response = client.post(
            f"/engagements/{in_review.pk}/report/release/", {"confirmed": "yes"}, follow=True
        )
        assert "only for an interview that has taken place" in response.content.decode()
        version = in_review.reports.get()
        assert not version.is_released and not version.pdf
        assert Benchmarking.objects.get(pk=in_review.pk).status == S.IN_REVIEW


class TestAcceptingAQuote:
    @pytest.fixture
    def quoted(self, framework, cluster, people):
        engagement = workflow.engagement_request(user=people.manager, cluster=cluster)
        return quotes.quote_issue(user=people.secretariat, benchmarking=engagement)

    def test_accepting_asks_for_confirmation_first(self, client, quoted):
        login(client, "man")
        url = f"/engagements/{quoted.benchmarking_id}/quote/{quoted.pk}/accept/"
        response = client.post(url)
        assert is_confirmation_page(response, "an accepted quote is binding")
        assert Quote.objects.get(pk=quoted.pk).status == Quote.Status.ISSUED
        client.post(url, {"confirmed": "yes"})
        assert Quote.objects.get(pk=quoted.pk).status == Quote.Status.ACCEPTED

    def test_an_expired_quote_is_refused_before_asking(self, client, quoted):
        Quote.objects.filter(pk=quoted.pk).update(
            issued_on=dt.date(2020, 1, 1), valid_until=dt.date(2020, 1, 31)
        )
        login(client, "man")
        response = client.post(
            f"/engagements/{quoted.benchmarking_id}/quote/{quoted.pk}/accept/", follow=True
        )
        assert "expired on 31 January 2020" in response.content.decode()
        assert "This cannot be undone" not in response.content.decode()


class TestRemovingAGroupMember:
    def test_removing_asks_for_confirmation_first(self, client, framework, people):
        members = [new_cluster(f"Member {i}", "RS") for i in range(5)]
        people.network.members.add(*members)
        group = groups.group_create(user=people.coordinator, name="G", clusters=members)
        login(client, "coord")
        url = f"/networks/{people.network.pk}/groups/{group.pk}/remove/"
        response = client.post(url, {"cluster": members[0].pk})
        assert is_confirmation_page(response, "the secretariat has to issue a new quote")
        assert group.members.count() == 5
        client.post(url, {"cluster": members[0].pk, "confirmed": "yes"})
        assert group.members.count() == 4
