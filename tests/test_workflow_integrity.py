"""States that need an artefact, checks under the row lock, released rows never rewritten,
identifiers allocated once, and drafting that recovers from a dead or failing worker."""

import datetime as dt
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from clusterbench import flow
from clusterbench.engagements import workflow
from clusterbench.engagements.models import Benchmarking, EngagementEvent
from clusterbench.errors import StepRefused
from clusterbench.interviews.services import answer_save
from clusterbench.reports import services as reports
from clusterbench.reports import tasks
from clusterbench.reports.models import ReportVersion
from tests.engagement_fixtures import PASSWORD, make_benchmarking, new_cluster

S = Benchmarking.Status


def closed(framework, cluster, people, date=dt.date(2026, 4, 15)):
    engagement = make_benchmarking(framework, cluster, date, status="scheduled")
    engagement.expert = people.expert
    engagement.save()
    flow.interview_close(user=people.expert, benchmarking=engagement)
    return Benchmarking.objects.get(pk=engagement.pk)


def in_review(framework, cluster, people, date=dt.date(2026, 4, 15)):
    engagement = closed(framework, cluster, people, date)
    reports.report_draft_ready(user=None, benchmarking=engagement)
    workflow.review_start(user=people.expert, benchmarking=engagement)
    return Benchmarking.objects.get(pk=engagement.pk)


def status_of(engagement) -> str:
    return Benchmarking.objects.get(pk=engagement.pk).status


@pytest.fixture
def secretariat(client, people):
    client.raise_request_exception = False
    client.login(username="sec", password=PASSWORD)
    return client


class TestStatesThatNeedAnArtefact:
    def test_draft_ready_cannot_be_reached_without_a_drafted_report(
        self, framework, cluster, people
    ):
        engagement = closed(framework, cluster, people)
        with pytest.raises(StepRefused, match="no draft report yet"):
            workflow.draft_mark_ready(user=people.secretariat, benchmarking=engagement)
        assert status_of(engagement) == S.INTERVIEWED

    def test_the_secretariats_draft_action_drafts_the_report_before_moving_on(
        self, secretariat, framework, cluster, people
    ):
        engagement = closed(framework, cluster, people)
        secretariat.post(f"/engagements/{engagement.pk}/draft-ready/")
        assert status_of(engagement) == S.DRAFT_READY
        assert engagement.reports.get().status == ReportVersion.Status.DRAFT

    def test_released_cannot_be_reached_without_the_released_report(
        self, secretariat, framework, cluster, people
    ):
        engagement = in_review(framework, cluster, people)
        response = secretariat.post(f"/engagements/{engagement.pk}/release/")
        assert response.status_code == 404  # releasing is the report page's step
        with pytest.raises(StepRefused, match="no released report"):
            workflow.report_release(user=people.secretariat, benchmarking=engagement)
        assert status_of(engagement) == S.IN_REVIEW
        assert not engagement.reports.filter(status="released").exists()


class TestChecksUnderTheLock:
    def test_an_answer_is_refused_once_the_interview_is_closed_whatever_the_caller_saw(
        self, framework, cluster, people, engagement_at
    ):
        seen = engagement_at(framework, cluster, people, "scheduled")  # read before the close
        Benchmarking.objects.filter(pk=seen.pk).update(status=S.INTERVIEWED)
        with pytest.raises(StepRefused, match="interview is closed"):
            answer_save(
                user=people.expert,
                benchmarking=seen,
                code="S1",
                raw="70",
                evidence="",
                expected_version=0,
            )
        assert not seen.answers.exists()


class TestReleasedRowsAreNeverRewritten:
    def test_releasing_a_version_a_second_time_is_refused_and_changes_nothing(
        self, framework, cluster, people
    ):
        engagement = in_review(framework, cluster, people)
        stale = engagement.reports.get()  # read before the first release
        first = flow.report_release(user=people.secretariat, version=stale)
        with pytest.raises(StepRefused, match="already released"):
            flow.report_release(user=people.secretariat, version=stale)
        again = ReportVersion.objects.get(pk=first.pk)
        assert (again.identifier, again.pdf_sha256, again.pdf.name) == (
            first.identifier,
            first.pdf_sha256,
            first.pdf.name,
        )
        assert ReportVersion.objects.filter(status="released").count() == 1

    def test_a_correction_is_released_once(self, framework, cluster, people):
        engagement = in_review(framework, cluster, people)
        first = flow.report_release(user=people.secretariat, version=engagement.reports.get())
        correction = reports.report_correct(user=people.secretariat, version=first)
        released = flow.report_release(user=people.secretariat, version=correction)
        with pytest.raises(StepRefused, match="already released"):
            flow.report_release(user=people.secretariat, version=correction)
        assert ReportVersion.objects.get(pk=released.pk).pdf_sha256 == released.pdf_sha256
        assert released.country_number == first.country_number
        assert released.serial == first.serial + 1


class TestIdentifiers:
    def test_country_running_numbers_never_repeat_when_interviews_are_dated_late(
        self, framework, people
    ):
        # The first engagement has no interview date yet when the second is released;
        # counting dated benchmarkings gave both the number 001.
        early = make_benchmarking(framework, new_cluster("Early", "RS"), None, status="accepted")
        late = in_review(framework, new_cluster("Late", "RS"), people)
        second = flow.report_release(user=people.secretariat, version=late.reports.get())
        Benchmarking.objects.filter(pk=early.pk).update(
            interview_date=dt.date(2026, 4, 1), status=S.SCHEDULED, expert=people.expert
        )
        early.refresh_from_db()
        flow.interview_close(user=people.expert, benchmarking=early)
        reports.report_draft_ready(user=None, benchmarking=early)
        workflow.review_start(user=people.expert, benchmarking=early)
        first = flow.report_release(user=people.secretariat, version=early.reports.get())
        assert first.identifier[3:6] != second.identifier[3:6]
        assert {first.serial, second.serial} == {1, 2}


class TestDraftingRecovers:
    def test_a_draft_whose_worker_died_is_offered_again_to_the_secretariat(
        self, secretariat, framework, cluster, people
    ):
        engagement = closed(framework, cluster, people)  # the task never ran: its worker died
        EngagementEvent.objects.filter(benchmarking=engagement).update(
            at=timezone.now() - dt.timedelta(minutes=30)
        )
        page = secretariat.get(f"/engagements/{engagement.pk}/").content.decode()
        assert "the background worker may have stopped" in page and "Draft again" in page
        assert "no draft" in secretariat.get("/engagements/").content.decode()
        secretariat.post(f"/engagements/{engagement.pk}/draft-ready/")
        assert status_of(engagement) == S.DRAFT_READY

    def test_a_failed_draft_is_visible_to_the_secretariat(
        self, secretariat, framework, cluster, people, monkeypatch
    ):
        engagement = closed(framework, cluster, people)

        def broken(document, **kwargs):
            raise RuntimeError("typst crashed")

        monkeypatch.setattr(reports, "render_pdf", broken)
        monkeypatch.setattr(tasks.time, "sleep", lambda seconds: None)
        with pytest.raises(RuntimeError):
            tasks.report_draft_task.call(engagement.pk)
        page = secretariat.get(f"/engagements/{engagement.pk}/").content.decode()
        assert "Drafting the report failed after 3 attempts: RuntimeError" in page
        assert "Draft again" in page
        assert "drafting failed" in secretariat.get("/engagements/").content.decode()
        response = secretariat.post(f"/engagements/{engagement.pk}/draft-ready/", follow=True)
        assert response.status_code == 200
        assert "Drafting the report failed (RuntimeError)" in response.content.decode()
        assert status_of(engagement) == S.INTERVIEWED

    def test_the_worker_stands_down_when_the_secretariat_drafted_first(
        self, framework, cluster, people
    ):
        engagement = closed(framework, cluster, people)
        reports.report_draft_ready(user=people.secretariat, benchmarking=engagement)
        assert tasks.report_draft_task.call(engagement.pk) is None
        assert ReportVersion.objects.count() == 1


class TestKilledReleases:
    def test_a_release_stopped_midway_leaves_no_pdf_behind(
        self, framework, cluster, people, monkeypatch, settings
    ):
        engagement = in_review(framework, cluster, people)

        def stopped(**kwargs):
            raise SystemExit("the process was told to stop")

        monkeypatch.setattr(flow, "label_award_bronze", stopped)
        with pytest.raises(SystemExit):
            flow.report_release(user=people.secretariat, version=engagement.reports.get())
        folder = settings.MEDIA_ROOT / "reports"
        assert not folder.exists() or not list(folder.iterdir())
        assert engagement.reports.get().status == "draft"

    def test_a_pdf_left_by_a_killed_release_is_swept_by_the_next_release(
        self, framework, cluster, people, settings
    ):
        engagement = in_review(framework, cluster, people)
        storage = ReportVersion._meta.get_field("pdf").storage
        left = storage.save("reports/SRB001202604C260001.pdf", ContentFile(b"%PDF-1.7 half"))
        an_hour_ago = time.time() - 2 * 3600
        os.utime(storage.path(left), (an_hour_ago, an_hour_ago))
        released = flow.report_release(user=people.secretariat, version=engagement.reports.get())
        files = sorted(p.name for p in (settings.MEDIA_ROOT / "reports").iterdir())
        assert files == [released.pdf.name.split("/")[-1]]
