import json

import pytest

from clusterbench.interviews.models import Answer, AnswerChange
from tests.engagement_fixtures import PASSWORD


@pytest.fixture
def scheduled(framework, cluster, people, engagement_at):
    return engagement_at(framework, cluster, people, "scheduled")


def save(client, engagement, code, **payload):
    body = {"version": 0, "value": "", "not_known": False, "evidence": "", **payload}
    response = client.post(
        f"/engagements/{engagement.pk}/answers/{code}/",
        data=json.dumps(body),
        content_type="application/json",
    )
    return response, response.json()


@pytest.fixture
def expert_client(client, people):
    client.login(username="exp", password=PASSWORD)
    return client


class TestTheExpertSavesAnswers:
    def test_an_answer_is_saved_with_its_evidence_and_a_version(self, expert_client, scheduled):
        response, body = save(expert_client, scheduled, "S1", value="70", evidence="Register")
        assert response.status_code == 200
        assert body["version"] == 1 and body["value"] == "70"
        assert body["progress"]["answered"] == 1
        answer = Answer.objects.get()
        assert (answer.value, answer.evidence, answer.version) == (70, "Register", 1)

    def test_derived_indicators_come_back_live(self, expert_client, scheduled):
        save(expert_client, scheduled, "S1", value="70")
        _, body = save(expert_client, scheduled, "M2", value="3.5")
        assert body["derived"]["M3"] == "20.00"
        assert body["derived"]["F2"] == "—"

    def test_not_known_is_an_explicit_choice(self, expert_client, scheduled):
        _, body = save(expert_client, scheduled, "A5", not_known=True)
        assert body["value"] == "not known"
        assert Answer.objects.get().not_known

    def test_an_out_of_range_value_is_refused_naming_the_range(self, expert_client, scheduled):
        response, body = save(expert_client, scheduled, "S2", value="12")
        assert response.status_code == 422
        assert body["error"] == (
            "S2 (Participant categories represented) must be a whole number from 0 to 8; got 12"
        )
        assert not Answer.objects.exists()

    def test_a_malformed_value_is_refused(self, expert_client, scheduled):
        response, body = save(expert_client, scheduled, "S1", value="seventy")
        assert response.status_code == 422 and "S1" in body["error"]

    def test_a_malformed_request_is_a_400(self, expert_client, scheduled):
        response = expert_client.post(
            f"/engagements/{scheduled.pk}/answers/S1/",
            data="{not json",
            content_type="application/json",
        )
        assert response.status_code == 400

    def test_every_change_is_in_the_audit_trail(self, expert_client, scheduled, people):
        save(expert_client, scheduled, "S1", value="70")
        save(expert_client, scheduled, "S1", value="75", version=1, evidence="New list")
        changes = list(AnswerChange.objects.order_by("pk"))
        assert [(c.old_value, c.new_value, c.version) for c in changes] == [
            ("", "70", 1),
            ("70", "75", 2),
        ]
        assert changes[1].changed_by == people.expert
        assert changes[1].new_evidence == "New list"


class TestTwoEditorsNeverOverwriteEachOther:
    def test_a_save_based_on_an_old_version_is_a_conflict(self, client, scheduled, people):
        client.login(username="exp", password=PASSWORD)
        save(client, scheduled, "S1", value="70")  # version 1
        save(client, scheduled, "S1", value="71", version=1)  # version 2, from another tab
        response, body = save(client, scheduled, "S1", value="99", version=1)
        assert response.status_code == 409
        assert body["error"] == "conflict" and body["value"] == "71" and body["version"] == 2
        assert Answer.objects.get().value == 71

    def test_a_save_based_on_a_version_of_an_answer_that_does_not_exist_is_a_conflict(
        self, client, scheduled
    ):
        client.login(username="exp", password=PASSWORD)
        response, body = save(client, scheduled, "S1", value="94", version=1)
        assert response.status_code == 409
        assert (body["error"], body["version"], body["value"], body["at"]) == (
            "conflict",
            0,
            "",
            "",
        )
        assert not Answer.objects.exists()

    def test_choosing_mine_resubmits_on_the_current_version(self, client, scheduled):
        client.login(username="exp", password=PASSWORD)
        save(client, scheduled, "S1", value="70")
        save(client, scheduled, "S1", value="71", version=1)
        response, body = save(client, scheduled, "S1", value="99", version=2)
        assert response.status_code == 200 and body["version"] == 3

    def test_two_first_answers_at_once_conflict_too(self, client, scheduled):
        client.login(username="exp", password=PASSWORD)
        save(client, scheduled, "S1", value="70", version=0)
        response, _ = save(client, scheduled, "S1", value="80", version=0)
        assert response.status_code == 409


class TestSelfAssessment:
    def test_the_manager_prefills_and_the_expert_confirms(
        self, client, framework, cluster, people, engagement_at
    ):
        engagement = engagement_at(framework, cluster, people, "accepted")
        client.login(username="man", password=PASSWORD)
        response, body = save(client, engagement, "S1", value="70")
        assert response.status_code == 200 and body["self_assessed"]
        engagement.status = "scheduled"
        engagement.save()
        client.login(username="exp", password=PASSWORD)
        page = client.get(f"/engagements/{engagement.pk}/interview/")
        assert "self-assessed" in page.text
        _, body = save(client, engagement, "S1", value="70", version=1)
        assert not body["self_assessed"]
        assert not Answer.objects.get().self_assessed

    def test_the_manager_cannot_change_what_the_expert_confirmed(self, client, scheduled):
        client.login(username="exp", password=PASSWORD)
        save(client, scheduled, "S1", value="70")
        client.login(username="man", password=PASSWORD)
        response, body = save(client, scheduled, "S1", value="10", version=1)
        assert response.status_code == 403 and "confirmed by the expert" in body["error"]


class TestSessionsAndConnections:
    def test_an_expired_session_answers_401_in_json_so_the_page_keeps_the_answer(
        self, client, scheduled
    ):
        response, body = save(client, scheduled, "S1", value="70")
        assert response.status_code == 401
        assert body["login"] and "Log in again" in body["error"]
        assert not Answer.objects.exists()

    def test_a_reload_shows_every_saved_answer(self, expert_client, scheduled):
        save(expert_client, scheduled, "S1", value="70", evidence="Register of members")
        save(expert_client, scheduled, "A5", not_known=True)
        page = expert_client.get(f"/engagements/{scheduled.pk}/interview/").text
        assert 'value="70"' in page and "Register of members" in page
        assert 'name="not_known" checked' in page
