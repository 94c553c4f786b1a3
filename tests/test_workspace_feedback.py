"""The workspace's counts agree: answered, self-assessed, ready to close and still missing
all come from one reply."""

import json

import pytest

from clusterbench.interviews.services import answer_record
from tests.engagement_fixtures import PASSWORD


@pytest.fixture
def scheduled(framework, cluster, people, engagement_at):
    engagement = engagement_at(framework, cluster, people, "scheduled")
    for code in ("S1", "S2", "S3"):  # self-assessed by the cluster: answered, not ready
        answer_record(
            benchmarking=engagement, code=code, raw="5", user=people.manager, self_assessed=True
        )
    return engagement


def save(client, engagement, code, value):
    response = client.post(
        f"/engagements/{engagement.pk}/answers/{code}/",
        data=json.dumps({"version": 0, "value": value}),
        content_type="application/json",
    )
    assert response.status_code == 200
    return response.json()


def test_every_reply_carries_counts_that_agree(client, scheduled):
    client.login(username="exp", password=PASSWORD)
    body = save(client, scheduled, "M2", "3")
    progress = body["progress"]
    assert progress == {"answered": 4, "asked": 34, "unconfirmed": 3, "ready": 1}
    assert len(body["missing"]) == progress["asked"] - progress["ready"] == 33
    assert any(line.startswith("S1 ") and "self-assessed" in line for line in body["missing"])


def test_the_page_shows_the_same_counts(client, scheduled):
    client.login(username="exp", password=PASSWORD)
    text = client.get(f"/engagements/{scheduled.pk}/interview/").text
    assert 'Answered <strong id="answered">3</strong> / 34' in text
    assert 'Ready to close: <strong id="ready">0</strong> / 34' in text
    assert 'Still missing (<span id="missing-count">34</span>)' in text


def test_the_manager_gets_no_missing_list(client, scheduled):
    client.login(username="man", password=PASSWORD)
    assert save(client, scheduled, "M2", "3")["missing"] is None


def test_a_not_known_answer_shows_its_field_disabled_not_erased(client, scheduled, people):
    answer_record(benchmarking=scheduled, code="M2", raw="not known", user=people.expert)
    client.login(username="exp", password=PASSWORD)
    text = client.get(f"/engagements/{scheduled.pk}/interview/").text
    assert 'id="v-M2" name="value" inputmode="decimal" autocomplete="off" value=""' in text
    assert 'aria-describedby="error-M2" disabled' in text
