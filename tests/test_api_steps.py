"""The engagement page's steps through the API: the same services and guards as the web
pages, each refusal a problem+json naming the problem."""

import datetime as dt

from clusterbench import flow
from clusterbench.engagements.models import Benchmarking
from clusterbench.reports import services as reports
from tests.api_fixtures import bearer
from tests.engagement_fixtures import make_benchmarking

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
