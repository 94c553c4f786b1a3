"""The report editor keeps everything typed on a refusal and points at the very field."""

import datetime as dt

import pytest

from clusterbench import flow
from clusterbench.engagements import workflow
from clusterbench.engagements.models import Benchmarking
from tests.engagement_fixtures import PASSWORD, make_benchmarking, new_cluster


@pytest.fixture
def in_review(framework, cluster, people, django_capture_on_commit_callbacks):
    for i in range(6):
        make_benchmarking(framework, new_cluster(f"Peer {i}"), dt.date(2026, 1, 1))
    engagement = make_benchmarking(framework, cluster, dt.date(2026, 10, 1), status="scheduled")
    engagement.expert = people.expert
    engagement.save()
    with django_capture_on_commit_callbacks(execute=True):
        flow.interview_close(user=people.expert, benchmarking=engagement)
    workflow.review_start(user=people.expert, benchmarking=engagement)
    return Benchmarking.objects.get(pk=engagement.pk)


def row(i, order, title, what, remove=False):
    data = {
        f"r{i}-order": str(order),
        f"r{i}-title": title,
        f"r{i}-what": what,
        f"r{i}-why": f"why {i}",
        f"r{i}-first_step": f"first step {i}",
        f"r{i}-reason": "",
    }
    if remove:
        data[f"r{i}-remove"] = "1"
    return data


@pytest.fixture
def refused(client, in_review):
    """Block 3 (reordered to come first) lacks what to do; block 1 is removed; the added
    block 4 lacks a title."""
    client.login(username="exp", password=PASSWORD)
    data = {
        "summary": "My new summary, typed with care.",
        "count": "4",
        **row(0, 1, "Removed one", "", remove=True),
        **row(1, 2, "Kept one", "Do the kept thing."),
        **row(2, 0, "Moved to the top", ""),
        **row(3, 4, "", "An added recommendation without a title."),
    }
    return client.post(f"/engagements/{in_review.pk}/report/edit/", data), in_review


class TestARefusedEdit:
    def test_nothing_is_saved(self, refused):
        response, engagement = refused
        assert response.status_code == 400
        version = engagement.reports.get()
        assert version.summary != "My new summary, typed with care."

    def test_everything_typed_is_kept(self, refused):
        text = refused[0].content.decode()
        for typed in (
            "My new summary, typed with care.",
            'value="Moved to the top"',
            'value="Kept one"',
            "An added recommendation without a title.",
            "first step 1",
            'name="r0-remove" value="1" checked',
            'id="r2-order" name="r2-order" value="0"',
        ):
            assert typed in text, typed

    def test_the_incomplete_fields_are_named_by_their_own_blocks(self, refused):
        text = refused[0].content.decode()
        assert '<a href="#r2-what">Recommendation 3: Say what the cluster should do.</a>' in text
        assert '<a href="#r3-title">The added recommendation: Give the recommendation a title.' in (
            text
        )
        assert "Recommendation 1:" not in text and "Recommendation 2:" not in text

    def test_the_fields_are_marked_invalid_and_described_by_their_message(self, refused):
        text = refused[0].content.decode()
        assert 'aria-invalid="true" aria-describedby="r2-what-error"' in text
        assert '<p class="field-error" id="r2-what-error">Say what the cluster should do.</p>' in (
            text
        )
        assert 'aria-invalid="true" aria-describedby="r3-title-error"' in text
        assert text.count('aria-invalid="true"') == 2
        assert 'class="message error" role="alert"' in text


def test_a_complete_edit_is_saved_in_the_chosen_order(client, in_review):
    client.login(username="exp", password=PASSWORD)
    response = client.post(
        f"/engagements/{in_review.pk}/report/edit/",
        {
            "summary": "Fine.",
            "count": "3",
            **row(0, 2, "Second", "B."),
            **row(1, 1, "First", "A."),
            **{f"r2-{key}": "" for key in ("title", "what", "why", "first_step", "reason")},
            "r2-order": "3",
        },
    )
    assert response.status_code == 302
    titles = [r["title"] for r in in_review.reports.get().recommendations]
    assert titles == ["First", "Second"]
