"""The engagement page's steps through the API: the same services and guards as the web
pages, each refusal a problem+json naming the problem."""

import datetime as dt

import pytest

from clusterbench import flow
from clusterbench.engagements.models import Benchmarking
from clusterbench.reports import services as reports
from tests.api_fixtures import bearer
from tests.engagement_fixtures import PASSWORD, make_benchmarking

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
        assert api.status_code == 403
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
