"""Every role against every engagement page and action, including guessed URLs."""

import json

import pytest

from clusterbench.engagements.models import Benchmarking
from clusterbench.interviews.models import Answer
from tests.engagement_fixtures import PASSWORD

ROLES = [
    "anonymous",
    "secretariat",
    "expert",
    "other_expert",
    "manager",
    "other_manager",
    "coordinator",
]
USERNAMES = {
    "secretariat": "sec",
    "expert": "exp",
    "other_expert": "exp2",
    "manager": "man",
    "other_manager": "man2",
    "coordinator": "coord",
}

LOGIN = "login"  # redirected to the login page
SEES = {"secretariat", "expert", "manager"}  # the assigned expert and the cluster's manager

PAGES = {
    "list": ("/engagements/", {role: 200 for role in ROLES[1:]}),
    "detail": ("/engagements/{pk}/", {r: 200 if r in SEES else 404 for r in ROLES[1:]}),
    "interview": (
        "/engagements/{pk}/interview/",
        {r: 200 if r in SEES else 404 for r in ROLES[1:]},
    ),
    "invitation": (
        "/engagements/{pk}/invite.ics",
        {r: 200 if r in SEES else 404 for r in ROLES[1:]},
    ),
    "audit trail": (
        "/engagements/{pk}/audit/",
        {r: 200 if r == "secretariat" else 403 for r in ROLES[1:]},
    ),
    "quote": (
        "/engagements/{pk}/quote/",
        {
            r: 200 if r in ("secretariat", "manager") else 403 if r in SEES else 404
            for r in ROLES[1:]
        },
    ),
    "analysis": (
        "/benchmarkings/{pk}/analysis/",
        {r: 200 if r == "secretariat" else 403 for r in ROLES[1:]},
    ),
    "benchmarkings": (
        "/benchmarkings/",
        {r: 200 if r == "secretariat" else 403 for r in ROLES[1:]},
    ),
    "request form": (
        "/engagements/request/",
        {r: 200 if r in ("manager", "other_manager") else 403 for r in ROLES[1:]},
    ),
    "conflicts": (
        "/engagements/conflicts/",
        {r: 200 if r in ("expert", "other_expert") else 403 for r in ROLES[1:]},
    ),
}


@pytest.fixture
def engagement(framework, cluster, people, engagement_at):
    return engagement_at(framework, cluster, people, "scheduled")


def login(client, role):
    if role != "anonymous":
        assert client.login(username=USERNAMES[role], password=PASSWORD)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_pages(client, engagement, role, page):
    url, expected = PAGES[page]
    login(client, role)
    response = client.get(url.format(pk=engagement.pk))
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected[role], (page, role)


AUTOSAVE = {
    "anonymous": 401,
    "secretariat": 403,
    "expert": 200,
    "other_expert": 404,
    "manager": 200,
    "other_manager": 404,
    "coordinator": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_saving_an_answer(client, engagement, role):
    login(client, role)
    response = client.post(
        f"/engagements/{engagement.pk}/answers/S1/",
        data=json.dumps({"version": 0, "value": "70"}),
        content_type="application/json",
    )
    assert response.status_code == AUTOSAVE[role]
    assert Answer.objects.exists() == (AUTOSAVE[role] == 200)


# (action, form data, the roles whose step succeeds); all others are refused or never see it.
ACTIONS = [
    ("reopen", {"reason": "typo"}, set()),  # not closed: refused for everyone
    ("cancel", {"reason": "postponed"}, {"secretariat"}),
    ("review", {}, set()),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action,data,allowed", ACTIONS)
def test_actions(client, engagement, role, action, data, allowed):
    login(client, role)
    before = engagement.status
    response = client.post(f"/engagements/{engagement.pk}/{action}/", data)
    after = Benchmarking.objects.get(pk=engagement.pk).status
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role in SEES:
        assert response.status_code == 302  # back to the engagement, with a message
    else:
        assert response.status_code == 404  # a guessed URL reveals nothing
    assert (after != before) == (role in allowed)


def test_actions_only_accept_post(client, engagement):
    login(client, "secretariat")
    assert client.get(f"/engagements/{engagement.pk}/cancel/").status_code == 405


def test_an_unknown_action_is_404(client, engagement):
    login(client, "secretariat")
    assert client.post(f"/engagements/{engagement.pk}/explode/").status_code == 404


@pytest.mark.parametrize("role", ["manager", "expert"])
def test_the_list_shows_only_ones_own(
    client, framework, cluster, other_cluster, people, engagement_at, role
):
    mine = engagement_at(framework, cluster, people, "scheduled")
    theirs = engagement_at(
        framework, other_cluster, people, "scheduled", expert=people.other_expert
    )
    login(client, role)
    shown = {e.pk for _label, items in client.get("/engagements/").context["steps"] for e in items}
    assert shown == {mine.pk}
    assert theirs.pk not in shown


@pytest.mark.parametrize("action,data", [("confirm", {"slot": "abc"}), ("assign", {"expert": "x"})])
def test_malformed_ids_are_a_clear_answer_not_an_error(client, engagement, action, data):
    login(client, "secretariat")
    response = client.post(f"/engagements/{engagement.pk}/{action}/", data)
    assert response.status_code in (302, 404)
