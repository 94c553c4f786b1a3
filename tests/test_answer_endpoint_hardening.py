"""The answer endpoint under hostile input: every field has its type, nothing is cut or
stored half, and no input gives a server error."""

import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clusterbench.interviews.models import Answer
from tests.engagement_fixtures import PASSWORD


@pytest.fixture
def scheduled(framework, cluster, people, engagement_at):
    return engagement_at(framework, cluster, people, "scheduled")


@pytest.fixture
def expert(client, people):
    client.raise_request_exception = False
    client.login(username="exp", password=PASSWORD)
    return client


def post(client, engagement, code, body: str):
    return client.post(
        f"/engagements/{engagement.pk}/answers/{code}/", data=body, content_type="application/json"
    )


def save(client, engagement, code, **payload):
    body = {"version": 0, "value": "", "not_known": False, "evidence": "", **payload}
    return post(client, engagement, code, json.dumps(body))


class TestFieldTypes:
    def test_not_known_must_be_true_or_false(self, expert, scheduled):
        response = save(expert, scheduled, "S1", value="70", not_known="false")
        assert response.status_code == 400
        assert "not_known must be true or false" in response.json()["error"]
        assert not Answer.objects.exists()

    @pytest.mark.parametrize("version", [29.5, "1", True, -1, None])
    def test_a_version_that_is_not_a_whole_number_is_refused(self, expert, scheduled, version):
        response = save(expert, scheduled, "S1", value="70", version=version)
        assert response.status_code == 400
        assert "version must be a whole number" in response.json()["error"]
        assert not Answer.objects.exists()

    def test_a_value_that_is_not_text_or_a_number_is_refused(self, expert, scheduled):
        response = save(expert, scheduled, "S1", value=[70])
        assert response.status_code == 400
        assert not Answer.objects.exists()


class TestEvidence:
    def test_evidence_over_the_limit_is_refused_not_cut(self, expert, scheduled):
        response = save(expert, scheduled, "S1", value="70", evidence="x" * 5001)
        assert response.status_code == 422
        assert "limited to 5,000 characters; this one has 5,001" in response.json()["error"]
        assert not Answer.objects.exists()

    def test_evidence_at_the_limit_is_kept_whole(self, expert, scheduled):
        response = save(expert, scheduled, "S1", value="70", evidence="x" * 5000)
        assert response.status_code == 200
        assert len(Answer.objects.get().evidence) == 5000

    def test_a_nul_character_in_evidence_is_refused(self, expert, scheduled):
        response = save(expert, scheduled, "S1", value="70", evidence="before\x00after")
        assert response.status_code == 422
        assert "control character (U+0000)" in response.json()["error"]
        assert not Answer.objects.exists()

    def test_line_breaks_and_tabs_in_evidence_are_kept(self, expert, scheduled):
        save(expert, scheduled, "S1", value="70", evidence="line one\r\nline\ttwo")
        assert Answer.objects.get().evidence == "line one\nline\ttwo"


class TestMalformedBodies:
    def test_a_lone_surrogate_is_a_400_not_a_500(self, expert, scheduled):
        body = '{"version": 0, "value": "70", "evidence": "\\ud800"}'
        response = post(expert, scheduled, "S1", body)
        assert response.status_code == 400
        assert not Answer.objects.exists()

    def test_deeply_nested_json_is_a_400_not_a_500(self, expert, scheduled):
        response = post(expert, scheduled, "S1", "[" * 100_000 + "]" * 100_000)
        assert response.status_code == 400

    def test_a_body_that_is_not_utf8_is_a_400(self, expert, scheduled):
        response = post(expert, scheduled, "S1", b"\xff\xfe{}")  # type: ignore[arg-type]
        assert response.status_code == 400


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text()
    | st.decimals(allow_nan=False, allow_infinity=False).map(str),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)
FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "version": JSON | st.integers(min_value=0, max_value=3),
        "value": JSON | st.from_regex(r"[-+]?[0-9.,eE ]{0,20}", fullmatch=True),
        "not_known": JSON,
        "evidence": JSON,
    },
)
CODES = st.sampled_from(["S1", "S3", "M2", "F1", "A4", "M7", "M3", "X9"])


class TestHostileInput:
    @settings(
        max_examples=120,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(code=CODES, payload=JSON | FIELDS)
    def test_any_json_is_answered_without_a_server_error_and_stores_only_bounded_values(
        self, expert, scheduled, framework_spec, code, payload
    ):
        body = json.dumps(payload, allow_nan=True)
        response = post(expert, scheduled, code, body)
        assert response.status_code < 500, response.content
        for answer in Answer.objects.select_related("indicator"):
            if answer.not_known:
                assert answer.value is None
                continue
            spec = framework_spec.indicator(answer.indicator.code)
            assert spec.minimum <= answer.value <= spec.maximum
            assert answer.value == answer.value.quantize(Decimal("0.0001"))
        assert expert.get(f"/engagements/{scheduled.pk}/interview/").status_code == 200
