"""Every API operation that needs a token, for every role, on the caller's own objects and
on another user's; and tokens that act for no one (missing, unknown, revoked, expired, of
a deactivated account). The API never sees or does more than the same person on the web
(tests/test_permission_matrix.py): what they cannot see is 404, what they see but may not
do is 403 with the reason."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from clusterbench import flow
from clusterbench.accounts.models import ApiToken
from clusterbench.accounts.tokens import token_create
from clusterbench.clusters.models import Network
from clusterbench.engagements import workflow
from clusterbench.engagements.models import Benchmarking, SlotProposal
from clusterbench.interviews.models import Answer
from clusterbench.peers.models import ReferenceSnapshot
from clusterbench.reports.models import ReportVersion
from clusterbench.reports.services import report_draft_create
from tests.api_fixtures import bearer
from tests.engagement_fixtures import future, make_benchmarking

ROLES = ["secretariat", "expert", "other_expert", "manager", "other_manager", "coordinator"]
# Who sees which engagement: "mine" is the cluster's with the expert; "theirs" the other
# cluster's with the other expert.
SEES = {
    "mine": {"secretariat", "expert", "manager"},
    "theirs": {"secretariat", "other_expert", "other_manager"},
}
ANSWERS = {"mine": {"expert", "manager"}, "theirs": {"other_expert", "other_manager"}}


def seen(role, which, ok=200, refused=403):
    """ok when the role may do it, refused when it sees the engagement, else 404."""
    return lambda allowed: ok if role in allowed else refused if role in SEES[which] else 404


def engagement_status(role, which, allowed):
    if role in allowed:
        return 200
    return 403 if role in SEES[which] else 404


# name -> (method, path, body, who succeeds on "mine" (mapped to "theirs" below))
OPERATIONS = {
    "detail": ("get", "/engagements/{e}", None, SEES["mine"]),
    "answers": ("get", "/engagements/{e}/answers", None, SEES["mine"]),
    "write an answer": (
        "put",
        "/engagements/{e}/answers/S1",
        {"version": 0, "value": "70"},
        ANSWERS["mine"],
    ),
    "report versions": ("get", "/engagements/{e}/reports", None, SEES["mine"]),
    "report PDF": ("get", "/engagements/{e}/reports/1/pdf", None, SEES["mine"]),
    "cancel": ("post", "/engagements/{e}/cancel", {"reason": "postponed"}, {"secretariat"}),
    "assign": ("post", "/engagements/{e}/assign", {"expert_id": "{x}"}, {"secretariat"}),
    "reopen": ("post", "/engagements/{e}/reopen", {"reason": "typo"}, set()),  # not closed
    "review": ("post", "/engagements/{e}/review", None, set()),  # no draft yet
    "draft": ("post", "/engagements/{e}/draft", None, set()),  # interview not closed
    "confirm": ("post", "/engagements/{e}/confirm", {"slot_id": "{s}"}, set()),  # scheduled
    "close": ("post", "/engagements/{e}/close", {"reason": "held early"}, set()),  # no answers
    "release": ("post", "/engagements/{e}/reports/1/release", None, set()),  # released
}
TWINS = {
    "expert": "other_expert",
    "manager": "other_manager",
    "other_expert": "expert",
    "other_manager": "manager",
}


def allowed_on(which: str, allowed: set[str]) -> set[str]:
    if which == "mine":
        return allowed
    return {TWINS.get(role, role) for role in allowed}


@pytest.fixture
def engagements(framework, cluster, other_cluster, people, engagement_at):
    mine = engagement_at(framework, cluster, people, "scheduled")
    theirs = engagement_at(
        framework, other_cluster, people, "scheduled", expert=people.other_expert
    )
    for engagement in (mine, theirs):
        snapshot = ReferenceSnapshot.objects.create(
            subject=engagement, reference_date=dt.date(2025, 6, 1), peers=0, data={}
        )
        version = ReportVersion(
            benchmarking=engagement,
            number=1,
            status="released",
            snapshot=snapshot,
            identifier=f"TST{engagement.pk:07d}",
            released_at=timezone.now(),
        )
        version.pdf.save(f"test-{engagement.pk}.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
        version.save()
        ReportVersion.objects.create(
            benchmarking=engagement, number=2, status="draft", snapshot=snapshot
        )
        SlotProposal.objects.create(benchmarking=engagement, start=future(20))
    return {"mine": mine, "theirs": theirs}


def call(client, method, path, body, token):
    kwargs = bearer(token)
    if body is not None:
        return getattr(client, method)(
            "/api/v1" + path, data=body, content_type="application/json", **kwargs
        )
    return getattr(client, method)("/api/v1" + path, **kwargs)


def prepared(path, body, engagement, people):
    path = path.format(e=engagement.pk)
    if body and body.get("expert_id") == "{x}":
        expert = people.expert if engagement.expert_id != people.expert.pk else people.other_expert
        body = {"expert_id": expert.pk}
    if body and body.get("slot_id") == "{s}":
        body = {"slot_id": engagement.slots.get().pk}
    return path, body


def run_undone(test):
    """Run one call inside a transaction that is then rolled back, so each operation of a
    test starts from the same objects (a cancelled engagement stays open for the next)."""
    with transaction.atomic():
        test()
        transaction.set_rollback(True)


@pytest.mark.parametrize("which", ["mine", "theirs"])
@pytest.mark.parametrize("role", ROLES)
def test_every_operation_every_role_own_and_others_objects(
    client, engagements, people, tokens, role, which
):
    engagement = engagements[which]
    for operation, (method, path, body, allowed) in OPERATIONS.items():
        path, body = prepared(path, body, engagement, people)

        def check(operation=operation, method=method, path=path, body=body, allowed=allowed):
            engagement.refresh_from_db()
            before = (engagement.status, engagement.expert_id, Answer.objects.count())
            response = call(client, method, path, body, tokens[role])
            expected = engagement_status(role, which, allowed_on(which, allowed))
            assert response.status_code == expected, (operation, role, which, response.content)
            if expected != 200:
                assert response["Content-Type"] == "application/problem+json"
                assert response.json()["detail"]  # says why
            engagement.refresh_from_db()
            changed = (engagement.status, engagement.expert_id, Answer.objects.count()) != before
            assert changed == (expected == 200 and method != "get"), (operation, role, which)

        run_undone(check)


@pytest.mark.parametrize("role", ROLES)
def test_the_list_holds_exactly_what_the_web_list_shows(client, engagements, tokens, role):
    body = client.get("/api/v1/engagements", **bearer(tokens[role])).json()
    expected = {e.pk for which, e in engagements.items() if role in SEES[which]}
    assert {item["id"] for item in body["items"]} == expected
    at_step = client.get("/api/v1/engagements", {"status": "scheduled"}, **bearer(tokens[role]))
    assert {item["id"] for item in at_step.json()["items"]} == expected
    other_step = client.get("/api/v1/engagements", {"status": "released"}, **bearer(tokens[role]))
    assert other_step.json()["items"] == []


# The steps that need an engagement in their own state, each made in that state for the
# caller's cluster and the other: exactly the roles named succeed (on "mine"; their twins
# on "theirs"), whoever else sees the engagement is refused (403), everyone else: 404.
def proposed_time(framework, cluster, people, expert):
    engagement = make_benchmarking(framework, cluster, dt.date(2026, 4, 15), "accepted")
    Benchmarking.objects.filter(pk=engagement.pk).update(expert=expert, interview_date=None)
    SlotProposal.objects.create(benchmarking=engagement, start=future(5))
    return engagement


def interview_held(framework, cluster, people, expert):
    engagement = make_benchmarking(framework, cluster, dt.date(2026, 4, 15), "scheduled")
    Benchmarking.objects.filter(pk=engagement.pk).update(expert=expert)
    return engagement


def draft_in_review(framework, cluster, people, expert):
    engagement = interview_held(framework, cluster, people, expert)
    flow.interview_close(user=expert, benchmarking=engagement)
    report_draft_create(benchmarking=engagement)
    workflow.draft_mark_ready(user=None, benchmarking=engagement)
    workflow.review_start(user=expert, benchmarking=engagement)
    return engagement


STEPS_IN_THEIR_STATE = {
    "confirm": (proposed_time, "/engagements/{e}/confirm", {"slot_id": "{s}"}, "scheduled"),
    "close": (interview_held, "/engagements/{e}/close", {}, "interviewed"),
    "release": (draft_in_review, "/engagements/{e}/reports/1/release", None, "released"),
}
WHO_SUCCEEDS = {
    "confirm": {"secretariat", "expert"},
    "close": {"expert"},
    "release": {"secretariat"},
}


@pytest.mark.parametrize("which", ["mine", "theirs"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", STEPS_IN_THEIR_STATE)
def test_each_step_in_its_state_succeeds_for_exactly_its_roles(
    client, framework, cluster, other_cluster, people, tokens, operation, role, which
):
    make, path, body, after = STEPS_IN_THEIR_STATE[operation]
    engagement = (
        make(framework, cluster, people, people.expert)
        if which == "mine"
        else make(framework, other_cluster, people, people.other_expert)
    )
    before = Benchmarking.objects.get(pk=engagement.pk).status
    path, body = prepared(path, body, engagement, people)
    response = call(client, "post", path, body, tokens[role])
    allowed = allowed_on(which, WHO_SUCCEEDS[operation])
    if operation == "release" and role not in allowed and role in SEES[which]:
        # A draft is the secretariat's and the assigned expert's to read: the manager
        # does not see the version at all, as on the report page.
        expected = 404 if role in ("manager", "other_manager") else 403
    else:
        expected = engagement_status(role, which, allowed)
    assert response.status_code == expected, (operation, role, which, response.content)
    status = Benchmarking.objects.get(pk=engagement.pk).status
    assert status == (after if expected == 200 else before), (operation, role, which)
    if expected != 200:
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["detail"]


@pytest.mark.parametrize(
    "role,numbers",
    [
        ("secretariat", [2, 1]),
        ("expert", [2, 1]),
        ("manager", [1]),  # a draft is not the manager's to read
    ],
)
def test_drafts_are_read_by_the_secretariat_and_the_expert_only(
    client, engagements, tokens, role, numbers
):
    e = engagements["mine"]
    body = client.get(f"/api/v1/engagements/{e.pk}/reports", **bearer(tokens[role])).json()
    assert [v["number"] for v in body["items"]] == numbers
    if role == "manager":
        pdf = client.get(f"/api/v1/engagements/{e.pk}/reports/2/pdf", **bearer(tokens[role]))
        assert pdf.status_code == 404


def test_a_released_pdf_is_the_stored_file(client, engagements, tokens):
    e = engagements["mine"]
    response = client.get(f"/api/v1/engagements/{e.pk}/reports/1/pdf", **bearer(tokens["manager"]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"
    assert response["Cache-Control"] == "no-store"


class TestTheNetworkBrief:
    @pytest.mark.parametrize(
        "role,expected",
        [
            ("coordinator", 200),
            ("secretariat", 200),
            ("expert", 403),
            ("other_expert", 403),
            ("manager", 403),
            ("other_manager", 403),
        ],
    )
    def test_the_own_network(self, client, framework, people, tokens, role, expected):
        response = client.get(f"/api/v1/networks/{people.network.pk}/brief", **bearer(tokens[role]))
        assert response.status_code == expected

    def test_another_network_is_refused_saying_whose_it_is(self, client, framework, tokens):
        other = Network.objects.create(name="Other network")
        response = client.get(f"/api/v1/networks/{other.pk}/brief", **bearer(tokens["coordinator"]))
        assert response.status_code == 403
        assert response.json()["detail"] == (
            "This page belongs to another network; you coordinate Test network."
        )


def revoked(people):
    token, raw = token_create(user=people.expert, name="old laptop")
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    return raw


def expired(people):
    token, raw = token_create(user=people.expert, name="last year's script")
    ApiToken.objects.filter(pk=token.pk).update(expires_on=timezone.now().date() - dt.timedelta(1))
    return raw


def deactivated(people):
    _token, raw = token_create(user=people.expert, name="before leaving")
    people.expert.is_active = False
    people.expert.save()
    return raw


BAD_TOKENS = {
    "missing": lambda people: None,
    "unknown": lambda people: "cb_" + "x" * 43,
    "malformed": lambda people: "not a token at all",
    "revoked": revoked,
    "expired": expired,
    "of a deactivated account": deactivated,
}


@pytest.mark.parametrize("kind", BAD_TOKENS)
def test_a_token_that_acts_for_no_one_is_refused_everywhere(client, engagements, people, kind):
    token = BAD_TOKENS[kind](people)
    others = {"me": "/me", "list": "/engagements", "brief": f"/networks/{people.network.pk}/brief"}
    calls = [
        (*prepared(path, body, engagements["mine"], people), method)
        for method, path, body, _allowed in OPERATIONS.values()
    ]
    calls += [(path, None, "get") for path in others.values()]
    for path, body, method in calls:
        response = call(client, method, path, body, token)
        assert response.status_code == 401, (kind, method, path)
        assert response["WWW-Authenticate"] == 'Bearer realm="ClusterBench"'
        assert "personal API token" in response.json()["detail"]
    assert Benchmarking.objects.get(pk=engagements["mine"].pk).status == "scheduled"
    assert not Answer.objects.exists()


def test_a_session_cookie_is_not_a_token(client, engagements, people):
    from tests.engagement_fixtures import PASSWORD

    client.login(username="sec", password=PASSWORD)
    assert client.get("/api/v1/engagements").status_code == 401


def test_public_operations_ignore_a_bad_token(client, engagements, people):
    assert client.get("/api/v1/clusters", **bearer(revoked(people))).status_code == 200
