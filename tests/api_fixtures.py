"""Shared set-up for API tests: a personal token for each role of engagement_fixtures, and
`entry`, which writes an answer through the workspace and through the API alike."""

import json

import pytest

from clusterbench.accounts.tokens import token_create
from tests.engagement_fixtures import PASSWORD

# The roles of tests/test_permission_matrix.py, each with the People attribute it is.
ROLE_PEOPLE = {
    "secretariat": "secretariat",
    "expert": "expert",
    "other_expert": "other_expert",
    "manager": "manager",
    "other_manager": "other_manager",
    "coordinator": "coordinator",
}
USERNAMES = {"expert": "exp", "manager": "man", "secretariat": "sec", "other_expert": "exp2"}


@pytest.fixture
def tokens(people):
    """role -> the token itself, as its owner copied it from the tokens page."""
    return {
        role: token_create(user=getattr(people, attribute), name=f"{role} script")[1]
        for role, attribute in ROLE_PEOPLE.items()
    }


def bearer(token: str | None) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}


class Outcome:
    """One save's answer, read the same way from either entry point."""

    def __init__(self, status: int, body: dict, entry: str):
        self.status, self.body = status, body
        self.error = body.get("error" if entry == "workspace" else "detail", "")
        if entry == "workspace" and status == 409:
            self.current = {"version": body["version"], "value": body["value"]}
        elif status == 409:
            current = body["current"]
            self.current = {
                "version": current["version"],
                "value": "not known" if current["not_known"] else current["value"],
            }
        self.version = body.get("version")
        self.value = body.get("value")


@pytest.fixture(params=["workspace", "api"])
def entry(request, client, tokens):
    """save(role, engagement, code, version=0, value="", not_known=False, evidence="",
    body=None): one answer saved through the workspace's autosave or the API's PUT. body is
    the request's JSON text as sent, for what json.dumps cannot write (1e999, Infinity)."""
    client.raise_request_exception = False  # a server error is a status to assert on

    def save(
        role, engagement, code, *, version=0, value="", not_known=False, evidence="", body=None
    ):
        if body is None:
            fields = {"version": version, "value": value, "not_known": not_known}
            body = json.dumps({**fields, "evidence": evidence})
        if request.param == "workspace":
            client.logout()
            assert client.login(username=USERNAMES[role], password=PASSWORD)
            response = client.post(
                f"/engagements/{engagement.pk}/answers/{code}/",
                data=body,
                content_type="application/json",
            )
        else:
            response = client.put(
                f"/api/v1/engagements/{engagement.pk}/answers/{code}",
                data=body,
                content_type="application/json",
                **bearer(tokens[role]),
            )
            assert response["Content-Type"] == (
                "application/json; charset=utf-8"
                if response.status_code == 200
                else "application/problem+json"
            )
        is_json = "json" in response["Content-Type"]  # the workspace's 404 is its HTML page
        return Outcome(response.status_code, response.json() if is_json else {}, request.param)

    save.name = request.param
    return save
