"""The secretariat revokes a label in the product; every public view then says "revoked"."""

import datetime as dt

import pytest
from django.utils import timezone

from clusterbench.labels.models import Label
from tests.engagement_fixtures import PASSWORD, make_benchmarking


@pytest.fixture
def label(framework, cluster):
    make_benchmarking(framework, cluster, dt.date(2025, 6, 1))  # listed publicly
    return Label.objects.create(
        cluster=cluster,
        level="bronze",
        certificate_id="SRB0012025",
        valid_from=dt.date(2025, 6, 1),
        valid_until=timezone.localdate() + dt.timedelta(days=300),
    )


@pytest.fixture
def secretariat(client, people):
    client.login(username="sec", password=PASSWORD)
    return client


URL = "/labels/SRB0012025/revoke/"


class TestRevokingInTheProduct:
    def test_the_cluster_page_offers_the_secretariat_a_revoke_link(self, secretariat, label):
        page = secretariat.get(f"/clusters/{label.cluster_id}/")
        assert f'href="{URL}"' in page.text

    def test_nobody_else_is_offered_or_allowed_to_revoke(self, client, people, label):
        assert URL not in client.get(f"/clusters/{label.cluster_id}/").text
        assert client.post(URL, {"reason": "x", "confirmed": "yes"}).status_code == 302  # login
        for username in ("exp", "man", "coord"):
            client.login(username=username, password=PASSWORD)
            assert URL not in client.get(f"/clusters/{label.cluster_id}/").text
            assert client.post(URL, {"reason": "x", "confirmed": "yes"}).status_code == 403
        label.refresh_from_db()
        assert label.revoked_at is None

    def test_the_form_says_what_cannot_be_undone(self, secretariat, label):
        page = secretariat.get(URL)
        assert "This cannot be undone" in page.text
        assert 'name="confirmed"' in page.text

    def test_a_missing_reason_or_confirmation_is_refused_and_what_was_typed_kept(
        self, secretariat, label
    ):
        page = secretariat.post(URL, {"reason": "Misleading use of the label"})
        assert page.status_code == 400
        assert "Tick the box to confirm" in page.text
        assert 'value="Misleading use of the label"' in page.text
        assert 'aria-describedby="confirmed-error"' in page.text
        page = secretariat.post(URL, {"reason": "  ", "confirmed": "yes"})
        assert page.status_code == 400
        assert 'aria-invalid="true" aria-describedby="reason-error"' in page.text
        label.refresh_from_db()
        assert label.revoked_at is None

    def test_a_confirmed_revocation_goes_through_the_labels_service(self, secretariat, label):
        response = secretariat.post(
            URL, {"reason": "Misleading use of the label", "confirmed": "yes"}, follow=True
        )
        label.refresh_from_db()
        assert label.revoked_at is not None and label.revoked_by.username == "sec"
        assert label.revoked_reason == "Misleading use of the label"
        assert "revoked: Misleading use of the label" in response.text
        again = secretariat.post(URL, {"reason": "twice", "confirmed": "yes"})
        assert "already revoked" in again.text or again.status_code == 200
        label.refresh_from_db()
        assert label.revoked_reason == "Misleading use of the label"


class TestARevokedLabelSaysRevokedEverywhere:
    @pytest.fixture
    def revoked(self, secretariat, label):
        secretariat.post(URL, {"reason": "Dissolved", "confirmed": "yes"})
        secretariat.logout()
        return label

    def test_in_the_public_listing(self, client, revoked):
        row = next(iter(client.get("/database/").context["page"]))
        assert row.label_text == "revoked"

    def test_in_a_public_listing_seen_before(self, client, secretariat, label):
        """The listing is kept rendered for a minute; a revocation shows in it at once."""
        until = label.valid_until.strftime("%d %b %Y")
        assert f"<td>Bronze, {until}</td>" in client.get("/database/").text
        secretariat.post(URL, {"reason": "Dissolved", "confirmed": "yes"})
        secretariat.logout()
        listing = client.get("/database/").text
        assert "<td>revoked</td>" in listing and until not in listing

    def test_in_the_downloads(self, client, revoked):
        row = client.get("/database.json").json()["clusters"][0]
        assert row["label_status"] == "revoked"
        assert "revoked" in client.get("/database.csv").content.decode()

    def test_on_the_cluster_page(self, client, revoked):
        page = client.get(f"/clusters/{revoked.cluster_id}/")
        assert "<strong>revoked</strong>" in page.text and "Dissolved" in page.text
        assert "expired" not in page.text

    def test_on_the_badge(self, client, revoked):
        badge = client.get(f"/clusters/{revoked.cluster_id}/badge.svg").text
        assert "REVOKED" in badge and "BRONZE" not in badge

    def test_on_the_verification_page(self, client, revoked):
        assert "<strong>revoked</strong>" in client.get("/verify/SRB0012025/").text


class TestTheLabelsApplicationPageShowsItsRealState:
    @pytest.fixture
    def awarded(self, framework, cluster, people):
        from clusterbench.audits.models import Application

        benchmarking = make_benchmarking(framework, cluster, dt.date(2025, 6, 1))
        silver = Label.objects.create(
            cluster=cluster,
            level="silver",
            certificate_id="SRBS202606C260001",
            valid_from=dt.date(2026, 6, 1),
            valid_until=timezone.localdate() + dt.timedelta(days=300),
        )
        return Application.objects.create(
            cluster=cluster,
            level="silver",
            status="awarded",
            framework=framework,
            benchmarking=benchmarking,
            audit_minutes=240,
            label=silver,
        )

    def _page(self, client, awarded):
        client.login(username="man", password=PASSWORD)
        return client.get(f"/ladder/{awarded.pk}/").text

    def test_a_valid_label_offers_its_files(self, client, awarded):
        page = self._page(client, awarded)
        assert "valid until" in page and "certificate.pdf" in page

    def test_a_revoked_label_says_revoked_with_the_reason(self, client, awarded, people):
        from clusterbench.labels.services import label_revoke

        label_revoke(user=people.secretariat, label=awarded.label, reason="Misstated facts")
        page = self._page(client, awarded)
        assert "revoked on" in page and "Misstated facts" in page
        assert "valid until" not in page and "certificate.pdf" not in page

    def test_an_expired_label_says_expired(self, client, awarded):
        Label.objects.filter(pk=awarded.label_id).update(valid_until=dt.date(2026, 1, 31))
        page = self._page(client, awarded)
        assert "expired on 31 January 2026" in page
        assert "valid until" not in page and "certificate.pdf" not in page
