"""The qualitative part of the interview ("beyond the numbers", METHODOLOGY section 8):
saved like answers, pre-filled by the cluster, confirmed by the expert, read by the report."""

import json

import pytest

from clusterbench.interviews.models import QualitativeChange, QualitativeEntry
from clusterbench.interviews.qualitative import Qualitative, Story
from clusterbench.interviews.selectors import qualitative_of
from tests.engagement_fixtures import PASSWORD

STORY = {"title": "Shared test bench", "year": "2024", "partners": "8 members", "outcome": "Done"}


@pytest.fixture
def scheduled(framework, cluster, people, engagement_at):
    return engagement_at(framework, cluster, people, "scheduled")


def save(client, engagement, topic, version=0, **fields):
    response = client.post(
        f"/engagements/{engagement.pk}/beyond/{topic}/",
        data=json.dumps({"version": version, "fields": fields}),
        content_type="application/json",
    )
    return response, response.json()


def login(client, username):
    client.login(username=username, password=PASSWORD)
    return client


class TestTheExpertSavesTopicsLikeAnswers:
    def test_saving_a_topic_creates_a_version_and_an_audit_entry(self, client, scheduled, people):
        login(client, "exp")
        response, body = save(client, scheduled, "strategy", text="Export first")
        assert response.status_code == 200
        assert body["version"] == 1 and body["fields"] == {"text": "Export first"}
        save(client, scheduled, "strategy", version=1, text="Export and skills")
        entry = QualitativeEntry.objects.get()
        assert (entry.text, entry.version, entry.self_assessed) == ("Export and skills", 2, False)
        changes = list(QualitativeChange.objects.order_by("pk"))
        assert [(c.old, c.new, c.version) for c in changes] == [
            ({}, {"text": "Export first"}, 1),
            ({"text": "Export first"}, {"text": "Export and skills"}, 2),
        ]
        assert changes[1].changed_by == people.expert

    def test_a_success_story_keeps_its_title_year_partners_and_outcome(self, client, scheduled):
        login(client, "exp")
        response, body = save(client, scheduled, "story-1", **STORY)
        assert response.status_code == 200
        assert body["fields"] == STORY
        entry = QualitativeEntry.objects.get()
        assert (entry.title, entry.year, entry.partners, entry.text) == (
            "Shared test bench",
            2024,
            "8 members",
            "Done",
        )

    def test_a_save_on_an_old_version_is_a_409_with_the_current_one(self, client, scheduled):
        login(client, "exp")
        save(client, scheduled, "green", text="Carbon footprints")
        save(client, scheduled, "green", version=1, text="Carbon footprints of 12 members")
        response, body = save(client, scheduled, "green", version=1, text="Mine")
        assert response.status_code == 409
        assert body["error"] == "conflict" and body["version"] == 2
        assert body["fields"] == {"text": "Carbon footprints of 12 members"}
        assert body["by"] == "Ed Expert"
        assert QualitativeEntry.objects.get().text == "Carbon footprints of 12 members"

    def test_a_closed_interview_refuses_the_save(
        self, client, framework, cluster, people, engagement_at
    ):
        closed = engagement_at(framework, cluster, people, "interviewed")
        login(client, "exp")
        response, body = save(client, closed, "strategy", text="Late")
        assert response.status_code == 403 and "closed" in body["error"]
        assert not QualitativeEntry.objects.exists()

    def test_an_unknown_topic_is_refused_naming_the_topics(self, client, scheduled):
        login(client, "exp")
        response, body = save(client, scheduled, "vision", text="x")
        assert response.status_code == 422
        assert "vision is not a topic" in body["error"] and "story-1" in body["error"]


class TestBadTextIsRefusedWithAClearMessage:
    def test_a_line_break_in_a_story_title(self, client, scheduled):
        login(client, "exp")
        response, body = save(client, scheduled, "story-2", **{**STORY, "title": "One\nTwo"})
        assert response.status_code == 422
        assert body["error"] == (
            "The title of success story 2 must be on one line; remove the line break."
        )
        assert not QualitativeEntry.objects.exists()

    def test_a_control_character_in_an_observation(self, client, scheduled):
        login(client, "exp")
        response, body = save(client, scheduled, "observation-F", text="Stable\x07")
        assert response.status_code == 422
        assert body["error"] == (
            "The observation on area F (Financing) contains a control character (U+0007); "
            "remove it."
        )

    def test_text_the_report_cannot_show_is_refused_while_it_can_still_be_changed(
        self, client, scheduled
    ):
        # Accepted, it would stop the report from being drafted after the interview closes,
        # when the expert can no longer change it.
        login(client, "exp")
        response, body = save(client, scheduled, "story-1", **{**STORY, "outcome": "Up 🚀"})
        assert response.status_code == 422
        assert body["error"] == (
            "The outcome of success story 1 has characters the report's fonts cannot show: "
            '"🚀" (U+1F680 ROCKET). Remove them or write them another way.'
        )
        response, body = save(client, scheduled, "strategy", text="ตลาด")
        assert response.status_code == 422 and "U+0E15 THAI CHARACTER TO TAO" in body["error"]
        assert not QualitativeEntry.objects.exists()

    def test_a_year_that_is_no_year(self, client, scheduled):
        login(client, "exp")
        response, body = save(client, scheduled, "story-1", **{**STORY, "year": "12345"})
        assert response.status_code == 422
        assert "The year of success story 1 must be a year from 1950 to" in body["error"]

    def test_a_year_of_thousands_of_digits_is_refused_like_any_other(self, client, scheduled):
        # int() of more than 4,300 digits raises its own ValueError: no 500.
        login(client, "exp")
        response, body = save(client, scheduled, "story-1", **{**STORY, "year": "9" * 5000})
        assert response.status_code == 422
        assert "The year of success story 1 must be a year from 1950 to" in body["error"]
        assert not QualitativeEntry.objects.exists()

    def test_line_breaks_are_kept_in_long_texts(self, client, scheduled):
        login(client, "exp")
        response, _ = save(client, scheduled, "business_model", text="Fees 30 %\nProjects 50 %")
        assert response.status_code == 200
        assert QualitativeEntry.objects.get().text == "Fees 30 %\nProjects 50 %"

    def test_a_field_of_the_wrong_kind_is_a_malformed_request(self, client, scheduled):
        login(client, "exp")
        response, body = save(client, scheduled, "strategy", text=["a list"])
        assert (
            response.status_code == 400 and body["error"] == "Malformed request: text must be text"
        )


class TestPreFillAndConfirmation:
    def test_the_manager_prefills_and_the_expert_confirms(
        self, client, framework, cluster, people, engagement_at
    ):
        engagement = engagement_at(framework, cluster, people, "accepted")
        login(client, "man")
        response, body = save(client, engagement, "story-1", **STORY)
        assert response.status_code == 200 and body["self_assessed"]
        page = client.get(f"/engagements/{engagement.pk}/interview/")
        assert "Beyond the numbers" in page.text and "From the self-assessment" in page.text
        engagement.status = "scheduled"
        engagement.save()
        login(client, "exp")
        page = client.get(f"/engagements/{engagement.pk}/interview/")
        assert 'class="confirm"' in page.text and "From the self-assessment" in page.text
        assert qualitative_of(engagement).stories == ()
        _, body = save(client, engagement, "story-1", version=1, **STORY)  # Confirm
        assert not body["self_assessed"]
        assert qualitative_of(engagement).stories == (
            Story(title="Shared test bench", year=2024, partners="8 members", outcome="Done"),
        )

    def test_the_manager_cannot_change_what_the_expert_confirmed(self, client, scheduled):
        login(client, "exp")
        save(client, scheduled, "strategy", text="Confirmed")
        login(client, "man")
        response, body = save(client, scheduled, "strategy", version=1, text="Mine")
        assert response.status_code == 403
        assert body["error"] == (
            "The strategy has been confirmed by the expert; discuss changes in the interview."
        )

    def test_the_observations_per_area_are_the_experts_own(self, client, scheduled):
        login(client, "man")
        response, body = save(client, scheduled, "observation-S", text="We are great")
        assert response.status_code == 403 and "expert's own" in body["error"]
        page = client.get(f"/engagements/{scheduled.pk}/interview/")
        assert "Observations per area" not in page.text


class TestPermissions:
    def test_another_clusters_manager_is_refused(self, client, scheduled):
        login(client, "man2")
        response = client.post(
            f"/engagements/{scheduled.pk}/beyond/strategy/",
            data=json.dumps({"version": 0, "fields": {"text": "x"}}),
            content_type="application/json",
        )
        assert response.status_code in (403, 404)
        assert not QualitativeEntry.objects.exists()

    def test_another_expert_is_refused(self, client, scheduled):
        login(client, "exp2")
        response = client.post(
            f"/engagements/{scheduled.pk}/beyond/strategy/",
            data=json.dumps({"version": 0, "fields": {"text": "x"}}),
            content_type="application/json",
        )
        assert response.status_code in (403, 404)
        assert not QualitativeEntry.objects.exists()

    def test_a_session_that_ended_answers_401_so_the_page_keeps_the_text(self, client, scheduled):
        response, body = save(client, scheduled, "strategy", text="x")
        assert response.status_code == 401 and body["login"]


class TestTheReportReadsOnlyConfirmedContent:
    def test_the_selector_returns_only_what_the_expert_saved_or_confirmed(
        self, client, framework, cluster, people, engagement_at
    ):
        engagement = engagement_at(framework, cluster, people, "scheduled")
        login(client, "man")
        save(client, engagement, "business_model", text="Draft by the cluster")
        save(client, engagement, "story-1", **STORY)
        login(client, "exp")
        save(client, engagement, "strategy", text="Export first")
        save(client, engagement, "digital", text="Readiness checks")
        save(client, engagement, "social", text="")  # emptied: not in the report
        save(client, engagement, "observation-C", text="Good newsletter")
        save(client, engagement, "observation-S", text="Balanced")
        save(client, engagement, "story-3", **{**STORY, "title": "Third", "year": ""})
        save(client, engagement, "story-2", **{**STORY, "title": "Second"})
        save(client, engagement, "story-4", **{**STORY, "title": ""})  # no title: left out
        assert qualitative_of(engagement) == Qualitative(
            strategy="Export first",
            business_model="",
            megatrends={"digital": "Readiness checks"},
            observations={"S": "Balanced", "C": "Good newsletter"},
            stories=(
                Story(title="Second", year=2024, partners="8 members", outcome="Done"),
                Story(title="Third", year=None, partners="8 members", outcome="Done"),
            ),
        )

    def test_the_workspace_shows_a_fourth_story_slot_once_three_are_filled(self, client, scheduled):
        login(client, "exp")
        page = client.get(f"/engagements/{scheduled.pk}/interview/")
        assert "Success story 3" in page.text and "Success story 4" not in page.text
        save(client, scheduled, "story-3", **STORY)
        page = client.get(f"/engagements/{scheduled.pk}/interview/")
        assert "Success story 4" in page.text


def test_the_secretariat_reads_the_changes_in_the_audit_trail(client, scheduled):
    login(client, "exp")
    save(client, scheduled, "strategy", text="Export first")
    login(client, "sec")
    page = client.get(f"/engagements/{scheduled.pk}/audit/")
    assert page.status_code == 200
    assert "Beyond the numbers" in page.text and "Export first" in page.text
