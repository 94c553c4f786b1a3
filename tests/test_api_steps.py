"""The engagement page's steps through the API: the same services and guards as the web
pages, each refusal a problem+json naming the problem."""

import datetime as dt

import pytest

from clusterbench import flow
from clusterbench.engagements import workflow
from clusterbench.engagements.models import Benchmarking, SlotProposal
from clusterbench.reports import services as reports
from tests.api_fixtures import bearer
from tests.engagement_fixtures import PASSWORD, future, make_benchmarking

S = Benchmarking.Status


def closed(framework, cluster, people, date=dt.date(2026, 4, 15)):
    engagement = make_benchmarking(framework, cluster, date, status="scheduled")
    engagement.expert = people.expert
    engagement.save()
    flow.interview_close(user=people.expert, benchmarking=engagement)
    return Benchmarking.objects.get(pk=engagement.pk)


def post(client, path, token, body=None):
    return client.post(
        "/api/v1" + path,
        data=body if body is not None else {},
        content_type="application/json",
        **bearer(token),
    )


class TestDraftingNow:
    def test_a_draft_that_fails_to_render_is_refused_naming_the_failure(
        self, client, framework, cluster, people, tokens, monkeypatch, caplog
    ):
        engagement = closed(framework, cluster, people)

        def broken(document, **kwargs):
            raise RuntimeError("typst crashed")

        monkeypatch.setattr(reports, "render_pdf", broken)
        response = post(client, f"/engagements/{engagement.pk}/draft", tokens["secretariat"])
        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["detail"] == (
            "Drafting the report failed (RuntimeError); the error was logged."
        )
        assert Benchmarking.objects.get(pk=engagement.pk).status == S.INTERVIEWED
        assert not engagement.reports.exists()  # nothing half-written
        assert "Drafting the report of engagement" in caplog.text

    def test_a_draft_that_renders_moves_the_engagement_on(
        self, client, framework, cluster, people, tokens
    ):
        engagement = closed(framework, cluster, people)
        response = post(client, f"/engagements/{engagement.pk}/draft", tokens["secretariat"])
        assert response.status_code == 200
        assert response.json()["status"] == S.DRAFT_READY
        assert engagement.reports.get().status == "draft"


class TestTheSameLookupsAsThePages:
    @pytest.mark.parametrize("expert_id", [99999, 2**70])
    def test_an_unknown_expert_is_refused_alike_on_the_page_and_in_the_api(
        self, client, framework, cluster, people, tokens, engagement_at, expert_id
    ):
        engagement = engagement_at(framework, cluster, people, "accepted")
        api = post(
            client,
            f"/engagements/{engagement.pk}/assign",
            tokens["secretariat"],
            {"expert_id": expert_id},
        )
        assert api.status_code == 422  # an id that names no one is bad input, not a refusal
        client.login(username="sec", password=PASSWORD)
        page = client.post(
            f"/engagements/{engagement.pk}/assign/", {"expert": str(expert_id)}, follow=True
        )
        [message] = [str(m) for m in page.context["messages"]]
        assert (
            api.json()["detail"]
            == message
            == (f"No user has the id {expert_id}; choose an expert.")
        )
        assert Benchmarking.objects.get(pk=engagement.pk).expert == people.expert

    def test_a_version_that_is_not_there_is_not_found_alike(
        self, client, framework, cluster, people, tokens, engagement_at
    ):
        engagement = engagement_at(framework, cluster, people, "scheduled")
        api = client.get(
            f"/api/v1/engagements/{engagement.pk}/reports/7/pdf", **bearer(tokens["expert"])
        )
        client.login(username="exp", password=PASSWORD)
        page = client.get(f"/engagements/{engagement.pk}/report/pdf/", {"version": "7"})
        assert api.status_code == page.status_code == 404
        assert api.json()["detail"] == (
            "This engagement has no report version 7 that you may read."
        )

    def test_a_draft_pdf_is_the_same_download_from_the_page_and_the_api(
        self, client, framework, cluster, people, tokens
    ):
        engagement = closed(framework, cluster, people)
        draft = reports.report_draft_ready(user=None, benchmarking=engagement)
        api = client.get(
            f"/api/v1/engagements/{engagement.pk}/reports/1/pdf", **bearer(tokens["expert"])
        )
        client.login(username="exp", password=PASSWORD)
        page = client.get(f"/engagements/{engagement.pk}/report/pdf/", {"version": "1"})
        for response in (api, page):
            assert response.status_code == 200
            assert response["Content-Type"] == "application/pdf"
            assert response["Content-Disposition"] == (
                f'attachment; filename="draft-{engagement.pk}-v1-{draft.language}.pdf"'
            )
            assert "no-store" in response["Cache-Control"]
            assert response.content.startswith(b"%PDF-")

    @pytest.mark.parametrize(
        "path",
        [
            "/engagements/{huge}",
            "/engagements/{huge}/answers",
            "/engagements/{e}/reports/{huge}/pdf",
            "/networks/{huge}/brief",
            "/clusters/{huge}",
        ],
    )
    def test_an_id_beyond_any_column_is_simply_not_found(
        self, client, framework, cluster, people, tokens, engagement_at, path
    ):
        engagement = engagement_at(framework, cluster, people, "scheduled")
        url = "/api/v1" + path.format(huge=2**70, e=engagement.pk)
        response = client.get(url, **bearer(tokens["secretariat"]))
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"


def in_review(framework, cluster, people, date=dt.date(2026, 4, 15)):
    engagement = closed(framework, cluster, people, date)
    reports.report_draft_ready(user=None, benchmarking=engagement)
    workflow.review_start(user=people.expert, benchmarking=engagement)
    return Benchmarking.objects.get(pk=engagement.pk)


def proposed(framework, cluster, people, engagement_at, days=5):
    engagement = engagement_at(framework, cluster, people, "accepted", interview_start=None)
    slot = SlotProposal.objects.create(
        benchmarking=engagement, start=future(days), proposed_by=people.manager
    )
    return engagement, slot


class TestConfirmingATime:
    def test_the_expert_confirms_a_proposed_time(
        self, client, framework, cluster, people, tokens, engagement_at
    ):
        engagement, slot = proposed(framework, cluster, people, engagement_at)
        detail = client.get(f"/api/v1/engagements/{engagement.pk}", **bearer(tokens["expert"]))
        assert detail.json()["slots"] == [
            {
                "id": slot.pk,
                "start": slot.start.isoformat().replace("+00:00", "Z"),
                "confirmed": False,
            }
        ]
        assert "confirm" in detail.json()["next_steps"]
        response = post(
            client,
            f"/engagements/{engagement.pk}/confirm",
            tokens["expert"],
            {"slot_id": slot.pk},
        )
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == S.SCHEDULED
        assert body["slots"][0]["confirmed"] is True
        engagement.refresh_from_db()
        assert engagement.interview_start == slot.start
        assert body["timeline"][-1]["description"].startswith("Interview confirmed for ")

    def test_a_time_of_another_engagement_is_not_found_alike_on_the_page(
        self, client, framework, cluster, other_cluster, people, tokens, engagement_at
    ):
        engagement, _slot = proposed(framework, cluster, people, engagement_at)
        _other, theirs = proposed(framework, other_cluster, people, engagement_at, days=6)
        api = post(
            client,
            f"/engagements/{engagement.pk}/confirm",
            tokens["secretariat"],
            {"slot_id": theirs.pk},
        )
        assert api.status_code == 404
        assert api.json()["detail"] == (
            f"This engagement has no proposed interview time with the id {theirs.pk}."
        )
        client.login(username="sec", password=PASSWORD)
        page = client.post(f"/engagements/{engagement.pk}/confirm/", {"slot": str(theirs.pk)})
        assert page.status_code == 404
        assert Benchmarking.objects.get(pk=engagement.pk).status == S.ACCEPTED

    def test_the_manager_proposes_but_does_not_confirm(
        self, client, framework, cluster, people, tokens, engagement_at
    ):
        engagement, slot = proposed(framework, cluster, people, engagement_at)
        response = post(
            client,
            f"/engagements/{engagement.pk}/confirm",
            tokens["manager"],
            {"slot_id": slot.pk},
        )
        assert response.status_code == 403
        assert response.json()["detail"] == (
            "Only the assigned expert or the secretariat confirms the interview time."
        )


class TestClosingTheInterview:
    def scheduled(self, framework, cluster, people, **fields):
        engagement = make_benchmarking(framework, cluster, dt.date(2026, 4, 15), "scheduled")
        Benchmarking.objects.filter(pk=engagement.pk).update(expert=people.expert, **fields)
        return engagement

    def test_the_expert_closes_a_complete_interview(
        self, client, framework, cluster, people, tokens
    ):
        engagement = self.scheduled(framework, cluster, people)
        response = post(client, f"/engagements/{engagement.pk}/close", tokens["expert"])
        assert response.status_code == 200
        assert response.json()["status"] == S.INTERVIEWED
        assert response.json()["timeline"][-1]["description"] == (
            "Interview closed; answers are read-only"
        )

    def test_missing_answers_are_named(self, client, framework, cluster, people, tokens):
        engagement = self.scheduled(framework, cluster, people)
        engagement.answers.filter(indicator__code="S1").delete()
        response = post(client, f"/engagements/{engagement.pk}/close", tokens["expert"])
        assert response.status_code == 403
        assert "1 indicator still needs an answer" in response.json()["detail"]
        assert "S1 " in response.json()["detail"]
        assert Benchmarking.objects.get(pk=engagement.pk).status == S.SCHEDULED

    def test_closing_long_before_the_time_needs_a_reason(
        self, client, framework, cluster, people, tokens
    ):
        engagement = self.scheduled(framework, cluster, people, interview_start=future(5))
        refused = post(client, f"/engagements/{engagement.pk}/close", tokens["expert"])
        assert refused.status_code == 422 and "needs a reason" in refused.json()["detail"]
        response = post(
            client,
            f"/engagements/{engagement.pk}/close",
            tokens["expert"],
            {"reason": "held earlier by agreement"},
        )
        assert response.status_code == 200
        assert "held earlier by agreement" in response.json()["timeline"][-1]["description"]

    def test_only_the_assigned_expert_closes(self, client, framework, cluster, people, tokens):
        engagement = self.scheduled(framework, cluster, people)
        response = post(client, f"/engagements/{engagement.pk}/close", tokens["secretariat"])
        assert response.status_code == 403
        assert response.json()["detail"] == "Only the assigned expert closes the interview."


class TestReleasing:
    def test_the_secretariat_releases_the_reviewed_draft(
        self, client, framework, cluster, people, tokens
    ):
        engagement = in_review(framework, cluster, people)
        response = post(
            client, f"/engagements/{engagement.pk}/reports/1/release", tokens["secretariat"]
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["status"] == "released" and body["identifier"]
        assert len(body["pdf_sha256"]) == 64
        assert Benchmarking.objects.get(pk=engagement.pk).status == S.RELEASED
        again = post(
            client, f"/engagements/{engagement.pk}/reports/1/release", tokens["secretariat"]
        )
        assert again.status_code == 403
        assert again.json()["detail"] == (
            f"This version is already released as {body['identifier']}."
        )

    def test_the_expert_reviews_but_does_not_release(
        self, client, framework, cluster, people, tokens
    ):
        engagement = in_review(framework, cluster, people)
        response = post(client, f"/engagements/{engagement.pk}/reports/1/release", tokens["expert"])
        assert response.status_code == 403
        assert response.json()["detail"] == "Only the secretariat releases reports."
        assert engagement.reports.get().status == "draft"

    def test_a_draft_not_yet_reviewed_is_not_released(
        self, client, framework, cluster, people, tokens
    ):
        engagement = closed(framework, cluster, people)
        reports.report_draft_ready(user=None, benchmarking=engagement)
        response = post(
            client, f"/engagements/{engagement.pk}/reports/1/release", tokens["secretariat"]
        )
        assert response.status_code == 403
        assert response.json()["detail"].startswith("A report is released from review")

    def test_the_manager_cannot_see_a_draft_to_release(
        self, client, framework, cluster, people, tokens
    ):
        engagement = in_review(framework, cluster, people)
        response = post(
            client, f"/engagements/{engagement.pk}/reports/1/release", tokens["manager"]
        )
        assert response.status_code == 404

    def test_text_no_font_shows_stops_the_release_naming_it(
        self, client, framework, cluster, people, tokens
    ):
        engagement = in_review(framework, cluster, people)
        people.expert.first_name = "สมชาย"  # the expert's name is on the cover
        people.expert.save()
        response = post(
            client, f"/engagements/{engagement.pk}/reports/1/release", tokens["secretariat"]
        )
        assert response.status_code == 409
        assert response["Content-Type"] == "application/problem+json"
        assert "U+0E2A THAI CHARACTER SO SUA" in response.json()["detail"]
        assert engagement.reports.get().status == "draft"
        assert Benchmarking.objects.get(pk=engagement.pk).status == S.IN_REVIEW
        schema = client.get("/api/v1/openapi.json").json()
        release = schema["paths"]["/api/v1/engagements/{engagement_id}/reports/{number}/release"]
        assert "409" in release["post"]["responses"]  # documented as sent
