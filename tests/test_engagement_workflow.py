import datetime as dt
import zoneinfo

import pytest
from django.core import mail
from django.utils import timezone

from clusterbench import flow
from clusterbench.engagements import workflow
from clusterbench.engagements.models import (
    Benchmarking,
    ConflictOfInterest,
    EngagementEvent,
    SlotProposal,
)
from clusterbench.errors import StepRefused
from clusterbench.interviews.services import answer_record
from clusterbench.offers import quotes
from tests.engagement_fixtures import future

S = Benchmarking.Status


@pytest.fixture
def requested(framework, cluster, people):
    return workflow.engagement_request(user=people.manager, cluster=cluster, note="Spring?")


@pytest.fixture
def accepted(requested, people):
    quote = quotes.quote_issue(user=people.secretariat, benchmarking=requested)
    quotes.quote_accept(user=people.manager, quote=quote)
    workflow.expert_assign(user=people.secretariat, benchmarking=requested, expert=people.expert)
    return Benchmarking.objects.get(pk=requested.pk)


@pytest.fixture
def scheduled(accepted, people):
    [slot] = workflow.slots_propose(
        user=people.manager,
        benchmarking=accepted,
        starts=[future(7)],
        mode="on_site",
        location="Office",
    )
    workflow.slot_confirm(user=people.expert, slot=slot)
    return Benchmarking.objects.get(pk=accepted.pk)


def held(engagement):
    """Time passes: the confirmed interview took place three hours ago."""
    start = timezone.now() - dt.timedelta(hours=3)
    Benchmarking.objects.filter(pk=engagement.pk).update(
        interview_start=start, interview_date=start.date()
    )
    return Benchmarking.objects.get(pk=engagement.pk)


def answer_everything(engagement, user):
    for indicator in engagement.framework.indicators.exclude(kind="derived"):
        answer_record(benchmarking=engagement, code=indicator.code, raw="not known", user=user)


class TestRequests:
    def test_a_manager_requests_for_their_cluster(self, requested, people):
        assert requested.status == S.REQUESTED
        assert requested.requested_by == people.manager
        assert requested.request_note == "Spring?"
        [event] = requested.events.all()
        assert event.description.startswith("Benchmarking requested")

    def test_another_clusters_manager_cannot_request(self, framework, cluster, people):
        with pytest.raises(StepRefused, match="Only a manager of this cluster"):
            workflow.engagement_request(user=people.other_manager, cluster=cluster)
        assert not Benchmarking.objects.exists()

    def test_a_second_request_while_one_is_open_is_refused(self, requested, cluster, people):
        with pytest.raises(StepRefused, match="already has an engagement in progress"):
            workflow.engagement_request(user=people.manager, cluster=cluster)


class TestStepsInOrder:
    def test_each_transition_is_recorded_with_who_and_from_and_to(self, scheduled, people):
        events = list(EngagementEvent.objects.filter(benchmarking=scheduled))
        moves = [(e.from_status, e.to_status) for e in events if e.from_status != e.to_status]
        assert moves == [("requested", "quoted"), ("quoted", "accepted"), ("accepted", "scheduled")]
        assert events[1].actor == people.secretariat

    def test_a_step_out_of_order_is_refused_saying_why(self, requested, people):
        with pytest.raises(
            StepRefused,
            match=r"Starting the review is not possible now: the "
            r"engagement is requested \(allowed when: Draft ready\)",
        ):
            workflow.review_start(user=people.secretariat, benchmarking=requested)
        assert Benchmarking.objects.get(pk=requested.pk).status == S.REQUESTED

    def test_the_wrong_role_is_refused(self, requested, people):
        with pytest.raises(StepRefused, match="Only the secretariat issues quotes"):
            quotes.quote_issue(user=people.manager, benchmarking=requested)

    def test_release_follows_draft_and_review(self, scheduled, people):
        from clusterbench.reports import services as reports

        scheduled = held(scheduled)
        answer_everything(scheduled, people.expert)
        flow.interview_close(user=people.expert, benchmarking=scheduled)
        reports.report_draft_ready(user=people.secretariat, benchmarking=scheduled)
        workflow.review_start(user=people.expert, benchmarking=scheduled)
        flow.report_release(user=people.secretariat, version=scheduled.reports.get())
        assert Benchmarking.objects.get(pk=scheduled.pk).status == S.RELEASED

    def test_cancelling_needs_a_reason_and_is_recorded(self, requested, people):
        with pytest.raises(StepRefused, match="Give a reason"):
            workflow.engagement_cancel(user=people.manager, benchmarking=requested, reason=" ")
        workflow.engagement_cancel(
            user=people.manager, benchmarking=requested, reason="Budget moved to next year"
        )
        assert requested.events.last().description == "Cancelled: Budget moved to next year"


class TestExpertAssignment:
    def test_an_expert_with_a_declared_conflict_cannot_be_assigned(
        self, requested, cluster, people
    ):
        workflow.conflict_declare(
            user=people.expert, cluster=cluster, reason="I advised them in 2025"
        )
        with pytest.raises(
            StepRefused,
            match="declared conflict of interest with Belgrade "
            r"Test Cluster \(I advised them in 2025\)",
        ):
            workflow.expert_assign(
                user=people.secretariat, benchmarking=requested, expert=people.expert
            )
        assert Benchmarking.objects.get(pk=requested.pk).expert is None

    def test_a_conflict_with_a_network_covers_its_members(self, requested, people):
        workflow.conflict_declare(
            user=people.expert, network=people.network, reason="Board member of the network"
        )
        with pytest.raises(StepRefused, match="Test network"):
            workflow.expert_assign(
                user=people.secretariat, benchmarking=requested, expert=people.expert
            )

    def test_another_expert_can_be_assigned(self, requested, cluster, people):
        workflow.conflict_declare(user=people.expert, cluster=cluster, reason="Former employer")
        workflow.expert_assign(
            user=people.secretariat, benchmarking=requested, expert=people.other_expert
        )
        assert Benchmarking.objects.get(pk=requested.pk).expert == people.other_expert

    def test_only_experts_are_assigned(self, requested, people):
        with pytest.raises(StepRefused, match="is not an active benchmarking expert"):
            workflow.expert_assign(
                user=people.secretariat, benchmarking=requested, expert=people.manager
            )

    def test_a_conflict_needs_a_cluster_or_network_and_a_reason(self, people, cluster):
        with pytest.raises(StepRefused, match="Say what the conflict"):
            workflow.conflict_declare(user=people.expert, cluster=cluster, reason="")
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError, match="Declare a conflict with a cluster or"):
            workflow.conflict_declare(user=people.expert, reason="Something")
        assert not ConflictOfInterest.objects.exists()


class TestScheduling:
    def test_proposed_times_in_the_past_are_refused_and_nothing_is_written(self, accepted, people):
        past = timezone.now() - dt.timedelta(hours=1)
        with pytest.raises(StepRefused, match="is in the past"):
            workflow.slots_propose(
                user=people.manager,
                benchmarking=accepted,
                starts=[future(3), past],
                mode="video",
                location="https://x",
            )
        assert not SlotProposal.objects.exists()

    def test_the_same_time_twice_is_refused(self, accepted, people):
        with pytest.raises(StepRefused, match="is listed twice; list each time once"):
            workflow.slots_propose(
                user=people.manager,
                benchmarking=accepted,
                starts=[future(3), future(3)],
                mode="video",
                location="https://x",
            )

    def test_a_location_is_required(self, accepted, people):
        with pytest.raises(StepRefused, match=r"address .* or the video call link"):
            workflow.slots_propose(
                user=people.manager,
                benchmarking=accepted,
                starts=[future(3)],
                mode="video",
                location="",
            )

    def test_confirming_stores_utc_and_the_date_in_the_clusters_time_zone(self, accepted, people):
        start = (timezone.now() + dt.timedelta(days=20)).replace(
            hour=23, minute=30, second=0, microsecond=0
        )
        [slot] = workflow.slots_propose(
            user=people.manager,
            benchmarking=accepted,
            starts=[start],
            mode="video",
            location="https://x",
        )
        workflow.slot_confirm(user=people.expert, slot=slot)
        engagement = Benchmarking.objects.get(pk=accepted.pk)
        assert engagement.interview_start == start
        local = start.astimezone(zoneinfo.ZoneInfo("Europe/Belgrade"))
        assert engagement.interview_date == local.date() == start.date() + dt.timedelta(days=1)
        assert engagement.report_due == local.date() + dt.timedelta(weeks=5)

    def test_a_second_confirmation_is_refused(self, accepted, people):
        first, second = workflow.slots_propose(
            user=people.manager,
            benchmarking=accepted,
            starts=[future(3), future(4)],
            mode="video",
            location="https://x",
        )
        workflow.slot_confirm(user=people.expert, slot=first)
        with pytest.raises(StepRefused, match="An interview time is already confirmed"):
            workflow.slot_confirm(user=people.secretariat, slot=second)
        assert SlotProposal.objects.filter(confirmed=True).count() == 1

    def test_confirming_needs_an_assigned_expert(self, requested, people):
        quote = quotes.quote_issue(user=people.secretariat, benchmarking=requested)
        quotes.quote_accept(user=people.manager, quote=quote)
        [slot] = workflow.slots_propose(
            user=people.manager,
            benchmarking=requested,
            starts=[future(3)],
            mode="video",
            location="https://x",
        )
        with pytest.raises(StepRefused, match="Assign an expert"):
            workflow.slot_confirm(user=people.secretariat, slot=slot)

    def test_both_sides_get_an_email_with_the_invitation(
        self, accepted, people, django_capture_on_commit_callbacks
    ):
        [slot] = workflow.slots_propose(
            user=people.manager,
            benchmarking=accepted,
            starts=[future(3)],
            mode="video",
            location="https://meet.example/x",
        )
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            workflow.slot_confirm(user=people.secretariat, slot=slot)
        [message] = mail.outbox
        assert set(message.to) == {"man@example.org", "exp@example.org"}
        [(name, content, mimetype)] = message.attachments
        assert (name, mimetype) == ("interview.ics", "text/calendar")
        assert "BEGIN:VEVENT" in content and "DTSTART" in content


class TestClosingTheInterview:
    def test_it_is_refused_while_answers_are_missing_with_the_list(self, scheduled, people):
        answer_record(benchmarking=scheduled, code="S1", raw="70", user=people.expert)
        with pytest.raises(StepRefused) as refused:
            flow.interview_close(user=people.expert, benchmarking=scheduled)
        assert "33 indicators still need an answer" in str(refused.value)
        assert "S2 Participant categories represented: no answer" in str(refused.value)
        assert "S1 " not in str(refused.value)

    def test_self_assessed_answers_must_be_confirmed_first(self, scheduled, people):
        answer_everything(scheduled, people.expert)
        answer_record(
            benchmarking=scheduled, code="S1", raw="70", user=people.manager, self_assessed=True
        )
        with pytest.raises(StepRefused, match=r"S1 .*self-assessed, not yet confirmed"):
            flow.interview_close(user=people.expert, benchmarking=scheduled)

    def test_once_closed_answers_are_read_only_until_a_recorded_reopening(self, scheduled, people):
        from clusterbench.interviews.services import answer_save

        scheduled = held(scheduled)
        answer_everything(scheduled, people.expert)
        flow.interview_close(user=people.expert, benchmarking=scheduled)
        closed = Benchmarking.objects.get(pk=scheduled.pk)
        with pytest.raises(StepRefused, match="read-only"):
            answer_save(
                user=people.expert,
                benchmarking=closed,
                code="S1",
                raw="5",
                evidence="",
                expected_version=1,
            )
        with pytest.raises(StepRefused, match="Only the secretariat re-opens"):
            workflow.interview_reopen(user=people.expert, benchmarking=closed, reason="typo")
        workflow.interview_reopen(
            user=people.secretariat, benchmarking=closed, reason="S1 was mistyped"
        )
        reopened = Benchmarking.objects.get(pk=scheduled.pk)
        assert reopened.status == S.SCHEDULED
        assert reopened.events.last().description == "Interview re-opened: S1 was mistyped"
        answer_save(
            user=people.expert,
            benchmarking=reopened,
            code="S1",
            raw="5",
            evidence="",
            expected_version=1,
        )

    def test_only_the_assigned_expert_closes(self, scheduled, people):
        with pytest.raises(StepRefused, match="Only the assigned expert"):
            flow.interview_close(user=people.other_expert, benchmarking=scheduled)


@pytest.mark.django_db
class TestTheDashboard:
    def test_engagements_by_step_with_overdue_ones_first(
        self, client, framework, cluster, other_cluster, people, engagement_at
    ):
        long_ago = timezone.now() - dt.timedelta(days=60)
        recent = timezone.now() - dt.timedelta(days=5)
        overdue = engagement_at(framework, cluster, people, "interviewed", interview_start=long_ago)
        on_time = engagement_at(
            framework, other_cluster, people, "interviewed", interview_start=recent
        )
        client.login(username="sec", password="pw-long-enough")
        response = client.get("/engagements/")
        assert [e.pk for e in response.context["overdue"]] == [overdue.pk]
        [(label, items)] = response.context["steps"]
        assert label == "Interviewed" and [e.pk for e in items] == [overdue.pk, on_time.pk]
        assert "overdue" in response.text
