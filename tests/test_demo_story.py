"""The demonstration tells a coherent story in time (METHODOLOGY section 7): the whole
demonstration set-up, as `make demo` makes it, checked once for this module."""

import datetime as dt
import re
import zoneinfo
from itertools import pairwise

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from clusterbench.analysis.peers import GROUP_KINDS
from clusterbench.demo.ladder import demo_ladder_accounts, demo_ladder_create
from clusterbench.demo.models import DemoPopulation
from clusterbench.demo.population import last_interview_day
from clusterbench.demo.services import (
    demo_accounts_create,
    demo_engagements_create,
    demo_group_bids_create,
    demo_labels_create,
    demo_population_create,
    demo_showcase,
)
from clusterbench.engagements.models import Benchmarking, EngagementEvent
from clusterbench.interviews.models import Answer
from clusterbench.labels.models import Label
from clusterbench.methodology.loader import bundled_framework_files, framework_load
from clusterbench.offers.models import Quote
from clusterbench.peers.analysis import analyse_against
from clusterbench.reports.models import ReportVersion
from clusterbench.web.selectors import public_clusters

S = Benchmarking.Status


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demonstration, built once in a transaction that is rolled back at the end."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        transaction.atomic(),
    ):
        framework_load(path=bundled_framework_files()[0])
        demo_population_create()
        accounts = demo_accounts_create()
        demo_labels_create()
        demo_engagements_create()
        demo_group_bids_create()
        demo_ladder_accounts()
        demo_ladder_create()
        yield {account.username: account for account in accounts}
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def engagements():
    return Benchmarking.objects.filter(requested_by__isnull=False).select_related("cluster")


class TestThePopulation:
    def test_936_organisations_from_41_countries_some_benchmarked_two_or_three_times(self):
        history = Benchmarking.objects.filter(requested_by__isnull=True)
        clusters = {row[0] for row in history.values_list("cluster_id")}
        countries = {row[0] for row in history.values_list("cluster__country_id")}
        assert (len(clusters), len(countries)) == (936, 41)
        assert 1.15 * 936 <= history.count() <= 1.45 * 936

    def test_interviews_run_from_november_2010_to_the_month_before_the_reference_date(self):
        reference = DemoPopulation.objects.get().reference_date
        assert reference == timezone.localdate()  # by default, the day it is generated
        dates = Benchmarking.objects.filter(requested_by__isnull=True).values_list(
            "interview_date", flat=True
        )
        assert dt.date(2010, 11, 1) <= min(dates) <= dt.date(2011, 3, 31)
        last = last_interview_day(reference)
        assert last - dt.timedelta(days=40) <= max(dates) <= last


class TestTheShowcase:
    def test_the_latest_released_report_has_at_least_100_peers_and_every_group_shown(self):
        showcase = demo_showcase()
        assert showcase == ReportVersion.objects.filter(status="released").latest("released_at")
        assert showcase.snapshot.peers >= 100
        analysis = analyse_against(benchmarking=showcase.benchmarking, data=showcase.snapshot.data)
        for indicator in analysis.indicators:
            assert [g.kind for g in indicator.groups] == list(GROUP_KINDS)
            assert all(group.shown for group in indicator.groups), indicator.code

    def test_it_belongs_to_the_demo_manager_who_acts_for_two_clusters(self, demo):
        showcase = demo_showcase().benchmarking
        manager_clusters = list(showcase.cluster.managers.get(username="manager").clusters.all())
        assert len(manager_clusters) == 2 and showcase.cluster in manager_clusters
        [quoted] = [c for c in manager_clusters if c != showcase.cluster]
        assert quoted.benchmarkings.get(status=S.QUOTED)
        for cluster in manager_clusters:
            assert cluster.name_en in demo["manager"].acts_for


class TestDatesAndLabels:
    def test_no_released_report_is_dated_in_the_future(self):
        now, today = timezone.now(), timezone.localdate()
        for version in ReportVersion.objects.filter(status="released"):
            assert version.benchmarking.interview_date < version.released_at.date() <= today
            assert version.released_at <= now
        assert not Benchmarking.objects.filter(status=S.RELEASED, interview_date__gt=today)
        assert not Label.objects.filter(awarded_at__gt=now)
        for label in Label.objects.all():
            assert label.valid_from <= label.awarded_at.date()

    def test_at_least_15_percent_of_public_clusters_hold_a_valid_label(self):
        today = timezone.localdate()
        listed = list(public_clusters())
        valid = [c for c in listed if c.label_until and c.label_until >= today]
        assert len(valid) >= 0.15 * len(listed)

    def test_one_label_is_revoked_during_its_validity(self):
        [revoked] = Label.objects.filter(revoked_at__isnull=False)
        assert revoked.awarded_at <= revoked.revoked_at <= timezone.now()
        assert revoked.revoked_at.date() <= revoked.valid_until


class TestEveryEngagementsStory:
    def test_every_engagements_timeline_is_in_time_order(self):
        now = timezone.now()
        for engagement in engagements():
            events = list(engagement.events.order_by("pk"))  # in the order they were taken
            assert events and events[0].to_status == S.REQUESTED
            times = [event.at for event in events]
            assert times == sorted(times), engagement
            assert times[-1] <= now
            assert engagement.created_at <= times[0] + dt.timedelta(seconds=1)
            # each step starts where the one before it ended
            for before, after in pairwise(events):
                assert after.from_status == before.to_status, (engagement, after)
            assert events[-1].to_status == engagement.status, engagement

    def test_every_quote_is_issued_before_its_acceptance_or_decline(self):
        for quote in Quote.objects.filter(benchmarking__cluster__is_synthetic=True):
            issued = quote.benchmarking.events.filter(
                description__startswith=f"Quote {quote.number} issued"
            )
            assert issued.get().at.date() == quote.issued_on
            if quote.decided_at is not None:
                assert quote.issued_on <= quote.decided_at.date() <= quote.valid_until

    def test_every_interview_time_is_proposed_and_confirmed_before_the_interview(self):
        for engagement in engagements().filter(interview_start__isnull=False):
            confirmed = engagement.events.get(to_status=S.SCHEDULED, from_status=S.ACCEPTED)
            [slot] = engagement.slots.filter(confirmed=True)
            assert slot.start == engagement.interview_start
            zone = zoneinfo.ZoneInfo(engagement.cluster.time_zone)
            for proposed in engagement.slots.all():  # on working days
                assert proposed.start.astimezone(zone).weekday() < 5, proposed
            assert slot.proposed_at <= confirmed.at < engagement.interview_start
            closed = engagement.events.filter(to_status=S.INTERVIEWED).first()
            if closed is not None:
                assert closed.at > engagement.interview_start

    def test_evidence_is_dated_on_its_own_interview(self):
        seen = re.compile(r"seen during the interview on (\d{1,2} \w+ \d{4})")
        answers = Answer.objects.filter(evidence__contains="seen during the interview on")
        checked = 0
        for evidence, interview in answers.values_list("evidence", "benchmarking__interview_date"):
            day = dt.datetime.strptime(seen.search(evidence)[1], "%d %B %Y").date()
            assert day == interview
            checked += 1
        assert checked > 30_000

    def test_evidence_shows_what_the_answer_says(self):
        """Nothing to see for a count of none or a level of none; an informal strategy or
        monitoring is not shown by a strategy document or a KPI dashboard."""
        answers = Answer.objects.filter(evidence__contains="seen during the interview on")
        for value, evidence in answers.filter(value=0).values_list("value", "evidence"):
            assert evidence.startswith("None, confirmed"), (value, evidence)
        for value, evidence in answers.filter(indicator__code="V7").values_list(
            "value", "evidence"
        ):
            assert ("KPI" in evidence) == (value >= 2), (value, evidence)
            assert ("survey" in evidence) == (value == 3), (value, evidence)
        for value, evidence in answers.filter(indicator__code="V1").values_list(
            "value", "evidence"
        ):
            assert ("strategy document" in evidence) == (value >= 2), (value, evidence)

    def test_membership_fees_are_never_more_than_the_private_income(self):
        """F4 (the share of membership fees) is part of F3 (the share of private sources)."""
        shares = {}
        for pk, code, value in Answer.objects.filter(
            indicator__code__in=("F3", "F4"), value__isnull=False
        ).values_list("benchmarking", "indicator__code", "value"):
            shares.setdefault(pk, {})[code] = value
        both = [s for s in shares.values() if len(s) == 2]
        assert len(both) > 1000
        assert all(s["F4"] <= s["F3"] for s in both), [s for s in both if s["F4"] > s["F3"]][:3]

    def test_answers_are_given_during_or_before_their_interview(self):
        now = timezone.now()
        for engagement in engagements().filter(answers__isnull=False).distinct():
            for answer in engagement.answers.all():
                assert answer.answered_at <= now
                if not answer.self_assessed:
                    assert answer.answered_at >= engagement.interview_start
                elif engagement.interview_start:
                    assert answer.answered_at < engagement.interview_start

    def test_each_organisations_age_matches_its_founding_year(self):
        ages = Answer.objects.filter(indicator__code="M1", value__isnull=False).values_list(
            "value",
            "benchmarking__interview_date",
            "answered_at",  # self-assessed before an interview time is set
            "benchmarking__cluster__year_founded",
        )
        assert ages
        for age, interview, answered_at, founded in ages:
            assert age == (interview or answered_at.date()).year - founded >= 1


def test_every_event_of_the_demonstration_lies_in_the_past():
    assert not EngagementEvent.objects.filter(at__gt=timezone.now())


class TestTheLabelLadder:
    """A Silver application in progress, a Gold audit with two scorings to reconcile, a
    cluster with a valid Gold Label, reminders due; each within the ladder's rules."""

    def test_the_silver_audit_was_held_yesterday_and_awaits_its_findings(self):
        from clusterbench.accounts.models import User
        from clusterbench.audits import rules, services
        from clusterbench.audits.models import Application

        silver = Application.objects.get(level="silver")
        assert silver.status == "scheduled"
        assert silver.audit_date == timezone.localdate() - dt.timedelta(days=1)
        ladder = services.ladder_of(silver)
        assert (
            rules.silver_window_refusal(
                silver.first_benchmarking.interview_date, silver.benchmarking.interview_date, ladder
            )
            is None
        )
        assert [b.pk for b in services.bronze_benchmarkings(silver.cluster)][-2:] == [
            silver.first_benchmarking_id,
            silver.benchmarking_id,
        ]
        assert silver.areas.count() == 3
        auditor = User.objects.get(username="auditor")
        assert services.next_steps(auditor, silver) == {"findings"}
        assert services.is_cluster_manager(User.objects.get(username="manager2"), silver.cluster)

    def test_the_gold_visit_has_two_scorings_to_reconcile(self):
        from clusterbench.accounts.models import User
        from clusterbench.audits import rules, services
        from clusterbench.audits.models import Application

        gold = Application.objects.get(level="gold", status="scheduled")
        auditors = [a.auditor for a in gold.assignments.select_related("auditor")]
        assert (
            rules.auditors_refusal(gold.cluster.country_id, [a.country_id for a in auditors])
            is None
        )
        submitted = gold.self_assessment_submitted_at.astimezone(
            zoneinfo.ZoneInfo(gold.cluster.time_zone)
        ).date()
        assert (
            rules.self_assessment_refusal(submitted, gold.audit_date, services.ladder_of(gold))
            is None
        )
        table = services.scorings(gold)
        assert len(table) == 31 and any(
            len(set(e["auditors"].values())) > 1 for e in table.values()
        )
        assert services.next_steps(User.objects.get(username="auditor-abroad"), gold) == {
            "reconcile"
        }

    def test_a_cluster_holds_a_valid_gold_label_shown_as_its_highest(self):
        from clusterbench.audits.models import Application
        from clusterbench.audits.services import gold_final_result
        from clusterbench.labels.services import label_current

        awarded = Application.objects.get(status="awarded")
        assert gold_final_result(awarded).passes
        assert label_current(awarded.cluster) == awarded.label
        assert awarded.label.level == "gold"

    def test_renewal_reminders_are_due_and_some_have_someone_to_go_to(self):
        from clusterbench.labels.reminders import reminder_recipients, reminders_due

        due = reminders_due(timezone.localdate())
        assert any(reminder_recipients(label) for label, _stage in due)

    def test_manager2_sees_where_each_application_stands_and_what_comes_next(self, client):
        from clusterbench.accounts.models import User
        from clusterbench.audits.models import Application

        silver = Application.objects.get(level="silver")
        gold = Application.objects.get(level="gold", status="scheduled")
        client.force_login(User.objects.get(username="manager2"))
        ladder = client.get("/ladder/").text
        assert f"Silver application #{silver.pk}: the audit was held on" in ladder
        assert "the auditor records the findings" in ladder
        assert f"Gold application #{gold.pk}: the visit began on" in ladder
        assert "the auditors agree the final scores" in ladder
        # the other level of each cluster: not "an application in progress" of that level
        assert f"One application at a time: the Silver application #{silver.pk}" in ladder
        assert "An application is in progress" not in ladder
        work = client.get("/my-work/").text
        assert "Nothing needs you right now" not in work
        assert "the auditor records the findings" in work
        assert "the auditors agree the final scores" in work


class TestTheQualitativePart:
    def test_the_showcase_has_its_strategy_megatrends_observations_and_three_stories(self):
        from clusterbench.interviews.selectors import qualitative_of

        showcase = demo_showcase().benchmarking
        content = qualitative_of(showcase)
        assert content.strategy and content.business_model
        assert set(content.megatrends) == {"digital", "green", "social"}
        assert list(content.observations) == ["S", "M", "F", "V", "C", "A"]
        assert len(content.stories) == 3
        assert all(s.year <= showcase.interview_date.year for s in content.stories)

    def test_it_agrees_with_the_answers(self):
        """The strategy is at its V1 level and followed as V7 says, the business model's
        shares are F4 and F3, a working group is named only where V6 counts one, and as
        many stories fall in the last two years as A1 counts."""
        from clusterbench.interviews.models import QualitativeEntry
        from clusterbench.interviews.selectors import qualitative_of

        with_content = Benchmarking.objects.filter(
            pk__in=QualitativeEntry.objects.filter(self_assessed=False).values("benchmarking")
        )
        checked = 0
        for benchmarking in with_content:
            answers = dict(benchmarking.answers.values_list("indicator__code", "value"))
            content = qualitative_of(benchmarking)
            fees, private = answers.get("F4"), answers.get("F3")
            if fees is not None and private is not None and fees <= private:
                shares = {round(fees), 100 - round(private), round(private) - round(fees)}
                named = {int(n) for n in re.findall(r"(\d+) %", content.business_model)}
                assert named <= shares, (benchmarking, content.business_model)
                assert named or "entirely from public" in content.business_model
            strategy, level, monitoring = content.strategy, answers.get("V1"), answers.get("V7")
            if level is not None:
                assert ("no strategy" in strategy) == (level == 0), strategy
                assert ("no written strategy" in strategy) == (level == 1), strategy
            if monitoring is not None and level:  # without a strategy, nothing to follow
                assert ("KPIs" in strategy) == (monitoring >= 2), strategy
                assert ("survey" in strategy) == (monitoring == 3), strategy
            if not answers.get("V6"):
                megatrends = " ".join(str(text) for text in content.megatrends.values())
                assert "working group" not in megatrends, benchmarking
            if answers.get("A1") is not None:
                year = benchmarking.interview_date.year
                recent = [s for s in content.stories if s.year >= year - 1]
                assert len(recent) == min(round(answers["A1"]), 3), benchmarking
            checked += 1
        assert checked > 300

    def test_engagements_with_answers_have_it_pre_filled_before_the_interview_else_confirmed(
        self,
    ):
        from clusterbench.interviews.models import QualitativeEntry

        answered = engagements().filter(answers__isnull=False).distinct()
        assert answered.count() >= 7
        for engagement in answered:
            entries = QualitativeEntry.objects.filter(benchmarking=engagement)
            assert entries.exists(), engagement
            prefilled = engagement.status == "accepted" or (
                engagement.status == "scheduled"
                and engagement.interview_date > timezone.localdate()
            )
            assert all(e.self_assessed == prefilled for e in entries), engagement

    def test_recent_population_benchmarkings_have_it_and_old_ones_do_not(self):
        from clusterbench.interviews.models import QualitativeEntry

        reference = DemoPopulation.objects.get().reference_date
        recent = Benchmarking.objects.filter(
            requested_by__isnull=True,
            cluster__is_synthetic=True,
            interview_date__gte=reference - dt.timedelta(days=3 * 365),
        )
        with_content = QualitativeEntry.objects.filter(benchmarking__in=recent).values(
            "benchmarking"
        )
        assert recent.count() > 100
        assert with_content.distinct().count() == recent.count()
        old = Benchmarking.objects.filter(
            requested_by__isnull=True, interview_date__lt=reference - dt.timedelta(days=4 * 365)
        )
        assert not QualitativeEntry.objects.filter(benchmarking__in=old).exists()


def test_no_step_on_a_timeline_names_the_person_who_took_it():
    """A timeline shows who took each step beside its description, so a description that
    names them too reads "requested by Jelena Popović by Jelena Popović"."""
    from clusterbench.audits.models import ApplicationEvent

    for model in (EngagementEvent, ApplicationEvent):
        events = model.objects.filter(actor__isnull=False).select_related("actor")
        assert events
        for event in events:
            name = event.actor.get_full_name() or event.actor.username
            assert name not in event.description, (event.description, name)
