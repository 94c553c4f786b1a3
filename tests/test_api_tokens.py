"""Personal API tokens on the account page: made with a name and an optional expiry,
shown once, stored only as a fingerprint, listed with when they were last used, revoked
for good; a token acts with its user's role."""

import datetime as dt
import hashlib

import pytest
from django.utils import timezone

from clusterbench.accounts.models import ApiToken
from tests.api_fixtures import bearer
from tests.engagement_fixtures import PASSWORD


@pytest.fixture
def manager(client, people):
    client.login(username="man", password=PASSWORD)
    return client


def make(client, name="CRM sync", expires_on=""):
    return client.post("/accounts/tokens/", {"name": name, "expires_on": expires_on})


class TestTheTokensPage:
    def test_anonymous_visitors_are_asked_to_log_in(self, client, db):
        response = client.get("/accounts/tokens/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_my_work_links_to_it(self, manager):
        assert 'href="/accounts/tokens/"' in manager.get("/my-work/").text

    def test_a_new_token_is_shown_once_and_stored_as_a_fingerprint(self, manager, people):
        response = make(manager)
        assert response.status_code == 200
        raw = response.context["created"]["raw"]
        assert raw.startswith("cb_") and raw in response.text
        token = ApiToken.objects.get()
        assert token.user == people.manager and token.name == "CRM sync"
        assert token.key_sha256 == hashlib.sha256(raw.encode()).hexdigest()
        assert raw not in {token.name, token.prefix, token.key_sha256}
        # the list shows its start only, never the token again
        page = manager.get("/accounts/tokens/").text
        assert raw not in page and f"{token.prefix}…" in page

    def test_the_token_works_and_acts_as_its_user(self, manager, client, people):
        raw = make(manager).context["created"]["raw"]
        client.logout()
        me = client.get("/api/v1/me", **bearer(raw)).json()
        assert (me["username"], me["role"]) == ("man", "cluster_manager")

    def test_last_use_is_recorded(self, manager, client):
        raw = make(manager).context["created"]["raw"]
        assert ApiToken.objects.get().last_used_at is None
        client.get("/api/v1/me", **bearer(raw))
        assert ApiToken.objects.get().last_used_at is not None

    @pytest.mark.parametrize(
        "name,expires_on,message",
        [
            ("", "", "Give the token a name that says what it is for."),
            ("x" * 101, "", "limited to 100 characters"),
            ("CRM", "31/12/2027", "The expiry date must be a date like 2027-12-31"),
            ("CRM", "2001-01-01", "The expiry date cannot be in the past."),
        ],
    )
    def test_a_bad_form_says_what_is_wrong_and_makes_nothing(
        self, manager, name, expires_on, message
    ):
        response = make(manager, name, expires_on)
        assert response.status_code == 400 and message in response.text
        assert not ApiToken.objects.exists()

    def test_an_expiry_date_ends_it_after_that_day(self, manager, client):
        tomorrow = timezone.now().date() + dt.timedelta(days=1)
        raw = make(manager, expires_on=tomorrow.isoformat()).context["created"]["raw"]
        assert client.get("/api/v1/me", **bearer(raw)).status_code == 200
        ApiToken.objects.update(expires_on=timezone.now().date() - dt.timedelta(days=1))
        assert client.get("/api/v1/me", **bearer(raw)).status_code == 401
        assert "expired" in manager.get("/accounts/tokens/").text

    def test_revoking_ends_it_for_good(self, manager, client):
        raw = make(manager).context["created"]["raw"]
        token = ApiToken.objects.get()
        response = manager.post(f"/accounts/tokens/{token.pk}/revoke/", follow=True)
        assert "Token “CRM sync” revoked" in response.text
        assert client.get("/api/v1/me", **bearer(raw)).status_code == 401
        assert "revoked" in manager.get("/accounts/tokens/").text

    def test_nobody_revokes_anothers_token(self, manager, client, people):
        make(manager)
        token = ApiToken.objects.get()
        client.logout()
        client.login(username="man2", password=PASSWORD)
        response = client.post(f"/accounts/tokens/{token.pk}/revoke/", follow=True)
        assert "You have no such token." in response.text
        assert ApiToken.objects.get().revoked_at is None

    def test_revoking_needs_a_post(self, manager):
        make(manager)
        assert (
            manager.get(f"/accounts/tokens/{ApiToken.objects.get().pk}/revoke/").status_code == 405
        )

    def test_each_user_lists_only_their_own(self, manager, client, people):
        make(manager, "Mine")
        client.logout()
        client.login(username="man2", password=PASSWORD)
        make(client, "Theirs")
        assert "Mine" not in client.get("/accounts/tokens/").text
