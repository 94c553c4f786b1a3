"""Writing an answer through the API is writing it in the workspace: every case below runs
against both entry points (the workspace's autosave and the API's PUT) and expects the
same outcome: validation with the same messages (bounds, decimal comma), versions and
conflicts, closed interviews and confirmed answers refused, the same audit trail. The
number cases of tests/test_number_parsing.py run through both as well (the fixture `entry`
is in tests/api_fixtures.py)."""

from decimal import Decimal

import pytest

from clusterbench.interviews.models import Answer, AnswerChange


@pytest.fixture
def scheduled(framework, cluster, people, engagement_at):
    return engagement_at(framework, cluster, people, "scheduled")


class TestValidation:
    def test_a_value_within_bounds_is_saved_with_its_evidence(self, entry, scheduled):
        outcome = entry("expert", scheduled, "S1", value="70", evidence="Register")
        assert outcome.status == 200 and outcome.version == 1
        answer = Answer.objects.get()
        assert (answer.value, answer.evidence, answer.version) == (70, "Register", 1)

    def test_evidence_the_report_cannot_show_is_refused(self, entry, scheduled):
        outcome = entry("expert", scheduled, "S1", value="70", evidence="Register 🚀")
        assert outcome.status == 422
        assert "The evidence for S1 has characters the report's fonts cannot show" in outcome.error
        assert not Answer.objects.exists()

    def test_an_out_of_range_value_is_refused_naming_the_range(self, entry, scheduled):
        outcome = entry("expert", scheduled, "S2", value="12")
        assert outcome.status == 422
        assert outcome.error == (
            "S2 (Participant categories represented) must be a whole number from 0 to 8; got 12"
        )
        assert not Answer.objects.exists()

    @pytest.mark.parametrize("typed", ["3,5", "3.5", " 3,5 "])
    def test_a_decimal_comma_or_point(self, entry, scheduled, typed):
        assert entry("expert", scheduled, "M2", value=typed).status == 200
        assert Answer.objects.get().value == Decimal("3.5")

    def test_a_json_number_is_read_exactly(self, entry, scheduled):
        assert entry("expert", scheduled, "M2", value=0.1).status == 200
        assert Answer.objects.get().value == Decimal("0.1")

    def test_a_word_is_refused_naming_the_indicator(self, entry, scheduled):
        outcome = entry("expert", scheduled, "S1", value="seventy")
        assert outcome.status == 422 and "S1" in outcome.error

    def test_an_unknown_indicator_is_refused(self, entry, scheduled):
        outcome = entry("expert", scheduled, "ZZ9", value="1")
        assert outcome.status == 422 and "ZZ9 is not an indicator" in outcome.error

    @pytest.mark.parametrize(
        "body",
        [
            '{"version": 0, "value": "\\ud800"}',
            '{"version": 0, "value": "70", "evidence": "see \\udc00"}',
            '{"version": 0, "value": "70", "\\ud800": 1}',
        ],
        ids=["value", "evidence", "key"],
    )
    def test_a_lone_surrogate_is_refused_before_any_message_echoes_it(self, entry, scheduled, body):
        # "\\ud800" is valid JSON but no text: a message quoting it could not be encoded.
        outcome = entry("expert", scheduled, "M1", body=body)
        assert outcome.status == 400
        assert outcome.error == (
            "Malformed request: the request contains text that is not valid Unicode"
        )
        assert not Answer.objects.exists()

    def test_not_known_is_an_explicit_choice(self, entry, scheduled):
        assert entry("expert", scheduled, "A5", not_known=True).status == 200
        assert Answer.objects.get().not_known


class TestVersions:
    def test_a_save_based_on_an_old_version_is_a_conflict_carrying_the_current(
        self, entry, scheduled
    ):
        entry("expert", scheduled, "S1", value="70")
        entry("expert", scheduled, "S1", value="71", version=1)
        outcome = entry("expert", scheduled, "S1", value="99", version=1)
        assert outcome.status == 409
        assert outcome.current == {"version": 2, "value": "71"}
        assert Answer.objects.get().value == 71

    def test_resubmitting_on_the_current_version_wins(self, entry, scheduled):
        entry("expert", scheduled, "S1", value="70")
        entry("expert", scheduled, "S1", value="71", version=1)
        outcome = entry("expert", scheduled, "S1", value="99", version=2)
        assert outcome.status == 200 and outcome.version == 3

    def test_a_version_of_an_answer_that_does_not_exist_is_a_conflict_at_version_0(
        self, entry, scheduled
    ):
        outcome = entry("expert", scheduled, "S1", value="70", version=3)
        assert outcome.status == 409
        assert outcome.current == {"version": 0, "value": None if entry.name == "api" else ""}
        assert not Answer.objects.exists()

    def test_two_first_answers_conflict_too(self, entry, scheduled):
        entry("expert", scheduled, "S1", value="70", version=0)
        assert entry("expert", scheduled, "S1", value="80", version=0).status == 409

    def test_every_change_is_in_the_audit_trail(self, entry, scheduled, people):
        entry("expert", scheduled, "S1", value="70")
        entry("expert", scheduled, "S1", value="75", version=1, evidence="New list")
        changes = list(AnswerChange.objects.order_by("pk"))
        assert [(c.old_value, c.new_value, c.version) for c in changes] == [
            ("", "70", 1),
            ("70", "75", 2),
        ]
        assert changes[1].changed_by == people.expert


class TestWhoAndWhen:
    @pytest.mark.parametrize("status", ["interviewed", "draft_ready", "in_review", "released"])
    def test_a_closed_interview_is_read_only(
        self, entry, framework, cluster, people, engagement_at, status
    ):
        closed = engagement_at(framework, cluster, people, status)
        outcome = entry("expert", closed, "S1", value="70")
        assert outcome.status == 403
        assert outcome.error.startswith("The interview is closed and its answers are read-only")
        assert not Answer.objects.exists()

    def test_before_the_time_is_confirmed_the_workspace_is_not_open(
        self, entry, framework, cluster, people, engagement_at
    ):
        accepted = engagement_at(framework, cluster, people, "accepted")
        outcome = entry("expert", accepted, "S1", value="70")
        assert outcome.status == 403 and "opens once the interview time" in outcome.error

    def test_the_manager_self_assesses_and_cannot_change_what_the_expert_confirmed(
        self, entry, framework, cluster, people, engagement_at
    ):
        engagement = engagement_at(framework, cluster, people, "scheduled")
        assert entry("manager", engagement, "A5", value="3").status == 200
        assert Answer.objects.get(indicator__code="A5").self_assessed
        entry("expert", engagement, "S1", value="70")
        outcome = entry("manager", engagement, "S1", value="10", version=1)
        assert outcome.status == 403 and "confirmed by the expert" in outcome.error

    def test_the_secretariat_sees_but_does_not_enter_answers(self, entry, scheduled):
        outcome = entry("secretariat", scheduled, "S1", value="70")
        assert outcome.status == 403 and "Only the assigned expert" in outcome.error

    def test_another_expert_is_told_nothing_exists(self, entry, scheduled):
        assert entry("other_expert", scheduled, "S1", value="70").status == 404
