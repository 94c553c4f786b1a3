"""Every refusal says what is wrong in the reader's words, with the right status: the input
it quotes is shown as a person reads it (typographic quotes, cut to a readable length,
invisible characters named, never Python's notation), and bad input is answered 422 by
the API, not 403 (which means "not allowed")."""

import ast
import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

import clusterbench
from clusterbench.engagements import workflow
from clusterbench.engagements.models import Benchmarking, SlotProposal
from clusterbench.errors import StepRefused
from clusterbench.numbers import NumberError, number_parse
from clusterbench.offers import quotes
from tests.api_fixtures import bearer
from tests.engagement_fixtures import future, make_benchmarking
from tests.test_label_ladder_permissions import gold  # noqa: F401 (a fixture)

S = Benchmarking.Status
LONG = "x" * 100_000
PERCENT_R = re.compile(r"%(\(\w+\))?r")


def refusal_of(call) -> str:
    with pytest.raises((StepRefused, NumberError)) as caught:
        call()
    return str(caught.value)


class TestQuotingWhatWasTyped:
    def test_text_is_quoted_with_typographic_quotes_as_typed(self):
        from clusterbench.text import quoted

        assert quoted("HR12") == "“HR12”"
        assert quoted("it's \\ 'x'") == "“it's \\ 'x'”"  # no escapes, no Python quotes

    def test_long_text_is_cut_to_forty_characters_with_an_ellipsis(self):
        from clusterbench.text import quoted

        assert quoted(LONG) == "“" + "x" * 40 + "…”"
        assert quoted("y" * 40) == "“" + "y" * 40 + "”"

    @pytest.mark.parametrize(
        "typed,shown",
        [
            ("12\u200b", "“12[U+200B ZERO WIDTH SPACE]”"),
            ("a\nb", "“a[U+000A LINE FEED]b”"),
            ("a\tb", "“a[U+0009 CHARACTER TABULATION]b”"),
            ("nul\x00", "“nul[U+0000 NULL]”"),
            ("\u202eabc", "“[U+202E RIGHT-TO-LEFT OVERRIDE]abc”"),
        ],
    )
    def test_invisible_and_control_characters_are_named_not_printed(self, typed, shown):
        from clusterbench.text import quoted

        assert quoted(typed) == shown

    def test_a_flood_of_invisible_characters_stays_short(self):
        from clusterbench.text import quoted

        assert len(quoted("\u200b" * 100_000)) < 100

    @pytest.mark.parametrize(
        "value,shown",
        [(None, "null"), (True, "true"), (False, "false"), (Decimal("1E+999"), "1E+999"), (7, "7")],
    )
    def test_a_value_sent_as_json_is_shown_as_json_writes_it(self, value, shown):
        from clusterbench.text import quoted

        assert quoted(value) == shown

    def test_the_quotes_are_the_readers(self):
        from clusterbench.text import quoted

        with translation.override("sr-latn"):
            assert quoted("HR12") == "„HR12”"


class TestNoPythonNotationInMessages:
    def test_an_invalid_vat_number_is_quoted_as_typed(self, framework, cluster, people):
        engagement = workflow.engagement_request(user=people.manager, cluster=cluster)
        message = refusal_of(
            lambda: quotes.quote_issue(
                user=people.secretariat, benchmarking=engagement, client_vat_number="it's 12"
            )
        )
        assert message.startswith("“it's 12” is not a VAT identification number")

    def test_a_huge_vat_number_is_not_echoed_whole(self, framework, cluster, people):
        engagement = workflow.engagement_request(user=people.manager, cluster=cluster)
        message = refusal_of(
            lambda: quotes.quote_issue(
                user=people.secretariat, benchmarking=engagement, client_vat_number=LONG
            )
        )
        assert message.startswith("“" + "x" * 40 + "…” is not a VAT identification number")
        assert len(message) < 200

    def test_an_unknown_currency_is_quoted_as_typed(self, framework, cluster, people):
        engagement = workflow.engagement_request(user=people.manager, cluster=cluster)
        message = refusal_of(
            lambda: quotes.quote_issue(
                user=people.secretariat, benchmarking=engagement, currency="usd"
            )
        )
        assert message == "Unknown currency “USD”: quotes are issued in EUR."

    @pytest.mark.parametrize(
        "typed,message",
        [
            ("next tuesday", "“next tuesday” is not a date and time."),
            (LONG, "“" + "x" * 40 + "…” is not a date and time."),
            (
                "2027-01-01T10:00\u200b",
                "“2027-01-01T10:00[U+200B ZERO WIDTH SPACE]” is not a date and time.",
            ),
        ],
    )
    def test_a_time_that_is_no_time_is_quoted_as_typed(self, typed, message):
        assert refusal_of(lambda: workflow.slot_time(typed, "Europe/Belgrade")) == message

    @pytest.mark.parametrize("value,shown", [(None, "null"), (True, "true")])
    def test_a_json_value_that_is_no_number_is_named_as_json_writes_it(self, value, shown):
        message = refusal_of(
            lambda: number_parse(value, what="The value", max_digits=5, decimal_places=0)
        )
        assert message == f"The value must be a number; got {shown}"

    def test_an_unknown_quality_indicator_is_quoted(self, gold, people):  # noqa: F811
        from clusterbench.audits import services

        message = refusal_of(
            lambda: services.self_assessment_save(
                user=people.manager, application=gold, code="9'9", raw="3"
            )
        )
        assert message == "“9'9” is not a quality indicator of this audit."

    def test_an_expiry_date_that_is_no_date_is_quoted(self, client, people):
        client.force_login(people.manager)
        response = client.post("/accounts/tokens/", {"name": "CRM", "expires_on": "31/12/2027"})
        assert response.status_code == 400
        assert "must be a date like 2027-12-31; got “31/12/2027”." in response.text

    def test_no_message_is_built_with_pythons_repr(self):
        """%r, !r and repr() show a value as Python writes it ('it\\'s', escapes and all,
        however long): every message quotes with clusterbench.text instead."""
        package = Path(clusterbench.__file__).resolve().parent
        found = []
        for path in sorted(package.rglob("*.py")):
            source = path.read_text(encoding="utf-8")
            for node in ast.walk(ast.parse(source)):
                uses_repr = (
                    (isinstance(node, ast.FormattedValue) and node.conversion == ord("r"))
                    or (
                        isinstance(node, ast.Call)
                        and isinstance(node.func, ast.Name)
                        and node.func.id == "repr"
                    )
                    or (
                        isinstance(node, ast.Constant)
                        and isinstance(node.value, str)
                        and PERCENT_R.search(node.value)
                    )
                )
                if uses_repr:
                    found.append(f"{path.relative_to(package)}:{node.lineno}")
        assert found == []


class TestInvisibleCharactersInNumbers:
    @pytest.mark.parametrize(
        "typed,message",
        [
            (
                "12\u200b",
                "The value has an invisible character (U+200B ZERO WIDTH SPACE) after 12; "
                "remove it",
            ),
            (
                "\ufeff12",
                "The value has an invisible character (U+FEFF ZERO WIDTH NO-BREAK SPACE) "
                "before 12; remove it",
            ),
            (
                "1\x002",
                "The value has a control character (U+0000 NULL) after 1; remove it",
            ),
            (
                "\u200b",
                "The value has an invisible character (U+200B ZERO WIDTH SPACE) and no "
                "number; type a number",
            ),
        ],
    )
    def test_the_invisible_character_is_named_with_where_it_is(self, typed, message):
        assert (
            refusal_of(
                lambda: number_parse(typed, what="The value", max_digits=5, decimal_places=0)
            )
            == message
        )

    def test_an_interview_answer_names_it_too(
        self, entry, framework, cluster, people, engagement_at
    ):
        scheduled = engagement_at(framework, cluster, people, "scheduled")
        outcome = entry("expert", scheduled, "S1", value="12\u200b")
        assert outcome.status == 422
        assert "an invisible character (U+200B ZERO WIDTH SPACE) after 12" in outcome.error


class TestProposingATimeAgain:
    def test_a_time_waiting_for_an_answer_is_named_as_such(
        self, framework, cluster, people, engagement_at
    ):
        engagement = engagement_at(framework, cluster, people, "accepted", interview_start=None)
        start = future(3)
        propose = lambda: workflow.slots_propose(  # noqa: E731
            user=people.manager,
            benchmarking=engagement,
            starts=[start],
            mode="video",
            location="https://x",
        )
        propose()
        message = refusal_of(propose)
        assert "twice" not in message
        assert message.endswith(
            " is already proposed and waiting for the expert's answer; propose another time."
        )
        assert SlotProposal.objects.filter(benchmarking=engagement).count() == 1

    def test_the_same_time_twice_in_one_proposal_says_so(
        self, framework, cluster, people, engagement_at
    ):
        engagement = engagement_at(framework, cluster, people, "accepted", interview_start=None)
        message = refusal_of(
            lambda: workflow.slots_propose(
                user=people.manager,
                benchmarking=engagement,
                starts=[future(3), future(3)],
                mode="video",
                location="https://x",
            )
        )
        assert message.endswith(" is listed twice; list each time once.")


def post(client, path, token, body=None):
    return client.post(
        "/api/v1" + path,
        data=json.dumps(body if body is not None else {}),
        content_type="application/json",
        **bearer(token),
    )


class TestTheApiAnswersBadInput422:
    @pytest.mark.parametrize(
        "reason,detail",
        [
            ("", "Give a reason for cancelling."),
            ("   ", "Give a reason for cancelling."),
            ("\u200b", "Give a reason for cancelling."),
            ("first\nsecond", "The reason must be on one line; remove the line break."),
            (LONG, "The reason is limited to 400 characters; this one has 100,000. Shorten it."),
        ],
    )
    def test_a_cancel_reason_that_is_empty_or_invalid(
        self, client, framework, cluster, people, tokens, engagement_at, reason, detail
    ):
        engagement = engagement_at(framework, cluster, people, "requested")
        response = post(
            client,
            f"/engagements/{engagement.pk}/cancel",
            tokens["secretariat"],
            {"reason": reason},
        )
        assert response.status_code == 422, response.content
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["detail"] == detail
        assert Benchmarking.objects.get(pk=engagement.pk).status == S.REQUESTED

    def test_not_being_allowed_is_still_403_whatever_the_reason(
        self, client, framework, cluster, people, tokens, engagement_at
    ):
        engagement = engagement_at(framework, cluster, people, "accepted")
        response = post(
            client, f"/engagements/{engagement.pk}/cancel", tokens["manager"], {"reason": ""}
        )
        assert response.status_code == 403
        assert response.json()["detail"] == (
            "Only the secretariat can cancel an engagement once a quote is accepted."
        )

    def test_a_reopen_reason_that_is_empty(
        self, client, framework, cluster, people, tokens, engagement_at
    ):
        engagement = engagement_at(framework, cluster, people, "interviewed")
        response = post(
            client, f"/engagements/{engagement.pk}/reopen", tokens["secretariat"], {"reason": " "}
        )
        assert response.status_code == 422
        assert response.json()["detail"] == "Give a reason for re-opening the interview."

    @pytest.mark.parametrize(
        "reason,detail",
        [
            ("", "needs a reason (for example: held earlier by agreement)"),
            ("held\nearlier", "The reason must be on one line; remove the line break."),
        ],
    )
    def test_an_early_close_without_a_valid_reason(
        self, client, framework, cluster, people, tokens, reason, detail
    ):
        engagement = make_benchmarking(framework, cluster, dt.date(2026, 4, 15), "scheduled")
        Benchmarking.objects.filter(pk=engagement.pk).update(
            expert=people.expert, interview_start=future(5)
        )
        response = post(
            client, f"/engagements/{engagement.pk}/close", tokens["expert"], {"reason": reason}
        )
        assert response.status_code == 422
        assert detail in response.json()["detail"]
        assert Benchmarking.objects.get(pk=engagement.pk).status == S.SCHEDULED

    def test_an_expert_id_that_names_no_expert(
        self, client, framework, cluster, people, tokens, engagement_at
    ):
        engagement = engagement_at(framework, cluster, people, "accepted")
        response = post(
            client,
            f"/engagements/{engagement.pk}/assign",
            tokens["secretariat"],
            {"expert_id": people.manager.pk},
        )
        assert response.status_code == 422
        assert response.json()["detail"].endswith(" is not an active benchmarking expert.")


class TestTheSelfAssessmentAutosave:
    def test_a_score_that_is_no_score_is_422_and_not_being_allowed_is_403(
        self,
        client,
        gold,  # noqa: F811
        people,
    ):
        client.force_login(people.manager)
        bad = client.post(f"/ladder/{gold.pk}/self-assessment/2.1/", {"score": "lots"})
        assert bad.status_code == 422
        assert "The score of 2.1 must be a number" in bad.json()["error"]
        client.force_login(people.secretariat)
        refused = client.post(f"/ladder/{gold.pk}/self-assessment/2.1/", {"score": "4"})
        assert refused.status_code == 403
        assert refused.json()["error"] == (
            "Only a manager of the cluster fills in its self-assessment."
        )
