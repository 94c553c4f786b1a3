"""Anyone verifies a certificate from the home page or the database; the badge leads to it."""

import datetime as dt

import pytest
from django.utils import timezone

from clusterbench.labels.models import Label
from tests.engagement_fixtures import make_benchmarking


@pytest.fixture
def label(framework, cluster):
    make_benchmarking(framework, cluster, dt.date(2025, 6, 1))
    return Label.objects.create(
        cluster=cluster,
        level="bronze",
        certificate_id="SRB0012025",
        valid_from=dt.date(2025, 6, 1),
        valid_until=dt.date(2099, 6, 30),
    )


class TestTheVerifyBox:
    @pytest.mark.parametrize("page", ["/", "/database/"])
    def test_the_home_page_and_the_database_have_one(self, client, db, page):
        text = client.get(page).text
        assert 'action="/verify/"' in text and 'name="certificate"' in text

    @pytest.mark.parametrize(
        "typed", ["SRB0012025", "  srb0012025 ", "SRB 001 2025", "\tsrb0012025\n"]
    )
    def test_it_trims_and_leads_to_the_certificate(self, client, label, typed):
        response = client.get("/verify/", {"certificate": typed}, follow=True)
        assert response.redirect_chain[-1][0] == "/verify/SRB0012025/"
        assert "<strong>valid</strong>" in response.text

    def test_an_empty_box_asks_for_the_identifier(self, client, db):
        response = client.get("/verify/", {"certificate": "   "})
        assert response.status_code == 400
        assert "Type the identifier" in response.text

    def test_the_address_alone_is_the_form_not_an_error(self, client, db):
        # /verify/ typed or linked by itself: the box to type in, answered 200.
        response = client.get("/verify/")
        assert response.status_code == 200
        assert "Type the identifier" in response.text and 'name="certificate"' in response.text


class TestTheBadge:
    def test_the_cluster_page_links_the_badge_to_its_verification_page(self, client, label):
        text = client.get(f"/clusters/{label.cluster_id}/").text
        assert '<a href="/verify/SRB0012025/"' in text
        assert f"/clusters/{label.cluster_id}/badge.svg" in text
        # the code offered for embedding links to the verification page too
        assert '&lt;a href="http://testserver/verify/SRB0012025/"&gt;&lt;img' in text

    def test_no_badge_is_offered_for_embedding_without_a_valid_label(self, client, label):
        Label.objects.filter(pk=label.pk).update(
            valid_until=timezone.localdate() - dt.timedelta(days=1)
        )
        text = client.get(f"/clusters/{label.cluster_id}/").text
        assert "badge.svg" not in text
        assert "<strong>expired</strong>" in text


def test_the_json_download_gives_dates_in_iso_8601(client, label):
    row = client.get("/database.json").json()["clusters"][0]
    assert row["label_valid_until"] == "2099-06-30"
    assert row["label_status"] == "valid"
