"""The public API: the registry and certificate verification, without a token, showing
exactly what the public pages show; problem+json errors, CORS, caching and rate limits."""

import datetime as dt

import pytest
from django.utils import timezone

from clusterbench.labels.models import Label
from tests.engagement_fixtures import make_benchmarking, new_cluster


@pytest.fixture
def registry(framework, cluster):
    """Four benchmarked clusters: valid Bronze, valid Gold, expired, revoked; one not
    benchmarked at all (never listed)."""
    today = timezone.localdate()
    clusters = {
        "bronze": cluster,
        "gold": new_cluster("Gold Cluster", country="DE", portfolio="food"),
        "expired": new_cluster("Expired Cluster", country="DE"),
        "revoked": new_cluster("Revoked Cluster", country="HR"),
    }
    for c in clusters.values():
        make_benchmarking(framework, c, dt.date(2025, 6, 1))
    new_cluster("Never Benchmarked")

    def label(c, level, certificate_id, until, **fields):
        return Label.objects.create(
            cluster=c,
            level=level,
            certificate_id=certificate_id,
            valid_from=dt.date(2025, 6, 1),
            valid_until=until,
            **fields,
        )

    label(clusters["bronze"], "bronze", "SRB0012025", today + dt.timedelta(days=300))
    label(clusters["gold"], "bronze", "DEU0012025", today + dt.timedelta(days=30))
    label(clusters["gold"], "gold", "DEUG202506C250002", today + dt.timedelta(days=600))
    label(clusters["expired"], "bronze", "DEU0022023", today - dt.timedelta(days=1))
    label(
        clusters["revoked"],
        "bronze",
        "HRV0012025",
        today + dt.timedelta(days=300),
        revoked_at=timezone.now(),
        revoked_reason="Misuse of the label",
    )
    return clusters


def names(response) -> set[str]:
    return {item["name_en"] for item in response.json()["items"]}


class TestTheDatabase:
    def test_lists_every_benchmarked_cluster_and_no_other(self, client, registry):
        response = client.get("/api/v1/clusters")
        assert response.status_code == 200
        assert names(response) == {c.name_en for c in registry.values()}

    def test_dates_are_iso_8601_and_ids_stable(self, client, registry):
        items = {i["name_en"]: i for i in client.get("/api/v1/clusters").json()["items"]}
        gold = items["Gold Cluster"]
        assert gold["id"] == registry["gold"].pk
        assert gold["label"] == {
            "level": "gold",
            "status": "valid",
            "valid_until": (timezone.localdate() + dt.timedelta(days=600)).isoformat(),
        }
        assert items["Expired Cluster"]["label"]["status"] == "expired"
        assert items["Revoked Cluster"]["label"] == {
            "level": "bronze",  # the label the public page says was revoked
            "status": "revoked",
            "valid_until": (timezone.localdate() + dt.timedelta(days=300)).isoformat(),
        }
        assert gold["page"] == f"http://clusterbench.test/clusters/{registry['gold'].pk}/"

    @pytest.mark.parametrize(
        "query,expected",
        [
            ({"country": "DE"}, {"Gold Cluster", "Expired Cluster"}),
            ({"country": "de"}, {"Gold Cluster", "Expired Cluster"}),
            ({"portfolio": "food"}, {"Gold Cluster"}),
            ({"level": "gold"}, {"Gold Cluster"}),
            ({"level": "bronze"}, {"Belgrade Test Cluster"}),
            ({"valid": "true"}, {"Gold Cluster", "Belgrade Test Cluster"}),
            ({"valid": "false"}, {"Expired Cluster", "Revoked Cluster"}),
            ({"q": "кластер"}, {"Belgrade Test Cluster"}),  # search as on the web page
            ({"q": "gold"}, {"Gold Cluster"}),
        ],
    )
    def test_filters(self, client, registry, query, expected):
        assert names(client.get("/api/v1/clusters", query)) == expected

    def test_pages_follow_the_cursor_without_gaps_or_repeats(self, client, registry):
        seen, cursor = [], None
        while True:
            query = {"limit": 1, **({"cursor": cursor} if cursor else {})}
            body = client.get("/api/v1/clusters", query).json()
            seen += [item["id"] for item in body["items"]]
            cursor = body["next_cursor"]
            if cursor is None:
                break
            new_cluster(f"Added meanwhile {len(seen)}")  # not benchmarked: never shows up
        assert seen == sorted(c.pk for c in registry.values())

    def test_a_cursor_it_never_gave_is_a_clear_400(self, client, registry):
        response = client.get("/api/v1/clusters", {"cursor": "nonsense"})
        assert response.status_code == 400
        assert response["Content-Type"] == "application/problem+json"
        assert "cursor is not one this API gave out" in response.json()["detail"]

    def test_a_bad_filter_is_a_problem_naming_the_field(self, client, registry):
        response = client.get("/api/v1/clusters", {"limit": 1000, "level": "platinum"})
        assert response.status_code == 422
        body = response.json()
        assert response["Content-Type"] == "application/problem+json"
        assert {e["field"] for e in body["errors"]} == {"limit", "level"}
        assert body["detail"].startswith("The request is not valid: ")

    def test_characters_no_name_holds_are_ignored_in_a_search(self, client, registry):
        # PostgreSQL refuses a NUL in a query: it must never reach the database.
        assert names(client.get("/api/v1/clusters", {"q": "go\x00ld"})) == {"Gold Cluster"}
        assert client.get("/api/v1/clusters", {"country": "D\x00"}).status_code == 422

    def test_one_cluster_with_its_label_history(self, client, registry):
        body = client.get(f"/api/v1/clusters/{registry['gold'].pk}").json()
        assert {(x["certificate_id"], x["level"], x["status"]) for x in body["labels"]} == {
            ("DEU0012025", "bronze", "valid"),
            ("DEUG202506C250002", "gold", "valid"),
        }
        assert body["label"]["level"] == "gold"
        revoked = client.get(f"/api/v1/clusters/{registry['revoked'].pk}").json()
        assert revoked["labels"][0]["revoked_reason"] == "Misuse of the label"
        assert revoked["labels"][0]["revoked_at"].endswith(("Z", "+00:00"))

    def test_a_cluster_never_benchmarked_is_not_found(self, client, registry):
        other = new_cluster("Private Cluster")
        response = client.get(f"/api/v1/clusters/{other.pk}")
        assert response.status_code == 404
        assert response.json()["detail"] == f"No benchmarked cluster has the id {other.pk}."

    def test_the_headline(self, client, registry):
        assert client.get("/api/v1/headline").json() == {"clusters": 4, "countries": 3}


class TestOneLabelEverywhere:
    """A cluster's label now is one label: its level, status and date come from the same
    row, in the API's list and detail, the export and the public pages alike."""

    def label_everywhere(self, client, cluster) -> dict:
        listed = {i["id"]: i for i in client.get("/api/v1/clusters").json()["items"]}
        detail = client.get(f"/api/v1/clusters/{cluster.pk}").json()
        assert listed[cluster.pk]["label"] == detail["label"]
        exported = {r["name_en"]: r for r in client.get("/database.json").json()["clusters"]}
        row = exported[cluster.name_en]
        assert row["label_level"] == detail["label"]["level"]
        assert row["label_status"] == detail["label"]["status"]
        assert row["label_valid_until"] == detail["label"]["valid_until"]
        return detail["label"]

    def test_the_highest_level_with_its_own_date_not_a_lower_labels_later_one(
        self, client, framework
    ):
        cluster = new_cluster("Ladder Cluster", country="DE")
        make_benchmarking(framework, cluster, dt.date(2025, 6, 1))
        today = timezone.localdate()
        for level, number, days in [("silver", "DEUS1", 100), ("bronze", "DEUB1", 700)]:
            Label.objects.create(
                cluster=cluster,
                level=level,
                certificate_id=f"{number}2025X",
                valid_from=dt.date(2025, 6, 1),
                valid_until=today + dt.timedelta(days=days),
            )
        until = today + dt.timedelta(days=100)
        assert self.label_everywhere(client, cluster) == {
            "level": "silver",
            "status": "valid",
            "valid_until": until.isoformat(),
        }
        assert f"Silver, {until:%d %b %Y}" in client.get("/database/").text
        page = client.get(f"/clusters/{cluster.pk}/").text
        assert "Silver Label valid until" in page

    def test_a_revoked_latest_label_is_said_revoked_with_its_own_date(self, client, framework):
        cluster = new_cluster("Fallen Cluster", country="HR")
        make_benchmarking(framework, cluster, dt.date(2025, 6, 1))
        today = timezone.localdate()
        Label.objects.create(
            cluster=cluster,
            level="bronze",
            certificate_id="HRVB2019X",
            valid_from=dt.date(2019, 6, 1),
            valid_until=today - dt.timedelta(days=10),
        )
        Label.objects.create(
            cluster=cluster,
            level="silver",
            certificate_id="HRVS2025X",
            valid_from=dt.date(2025, 6, 1),
            valid_until=today + dt.timedelta(days=300),
            revoked_at=timezone.now(),
            revoked_reason="Audit withdrawn",
        )
        assert self.label_everywhere(client, cluster) == {
            "level": "silver",
            "status": "revoked",
            "valid_until": (today + dt.timedelta(days=300)).isoformat(),
        }
        page = client.get(f"/clusters/{cluster.pk}/").text
        assert "HRVS2025X" in page and "Audit withdrawn" in page

    def test_a_cluster_never_labelled(self, client, framework):
        cluster = new_cluster("Plain Cluster", country="HR")
        make_benchmarking(framework, cluster, dt.date(2025, 6, 1))
        assert self.label_everywhere(client, cluster) == {
            "level": None,
            "status": None,
            "valid_until": None,
        }


class TestVerification:
    @pytest.mark.parametrize(
        "asked,status",
        [
            ("SRB0012025", "valid"),
            ("srb0012025", "valid"),
            ("DEU0022023", "expired"),
            ("HRV0012025", "revoked"),
            ("XYZ9999999", "unknown"),
            ("not-an-id!", "unknown"),
        ],
    )
    def test_each_status(self, client, registry, asked, status):
        response = client.get(f"/api/v1/certificates/{asked}")
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == status
        if status == "unknown":
            assert body["cluster"] is None and body["level"] is None
        else:
            assert body["cluster"]["country"]["code"] in ("RS", "DE", "HR")

    def test_a_revoked_label_says_why(self, client, registry):
        body = client.get("/api/v1/certificates/HRV0012025").json()
        assert body["revoked_reason"] == "Misuse of the label"


class TestHeaders:
    def test_labels_are_never_stored_by_a_cache(self, client, registry):
        for url in ("/api/v1/clusters", f"/api/v1/clusters/{registry['gold'].pk}"):
            assert client.get(url)["Cache-Control"] == "no-store"
        assert client.get("/api/v1/certificates/SRB0012025")["Cache-Control"] == "no-store"

    def test_the_headline_counts_may_be_reused_for_a_minute(self, client, registry):
        assert "max-age=60" in client.get("/api/v1/headline")["Cache-Control"]

    @pytest.mark.parametrize(
        "url", ["/api/v1/clusters", "/api/v1/headline", "/api/v1/certificates/SRB0012025"]
    )
    def test_public_reads_are_open_to_any_site(self, client, registry, url):
        response = client.get(url, HTTP_ORIGIN="https://network.example")
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in response

    @pytest.mark.parametrize(
        "url", ["/api/v1/me", "/api/v1/engagements", "/api/v1/networks/1/brief"]
    )
    def test_nothing_private_is_open_to_other_sites(self, client, registry, url):
        response = client.get(url, HTTP_ORIGIN="https://network.example")
        assert "Access-Control-Allow-Origin" not in response
        preflight = client.options(
            url, HTTP_ORIGIN="https://x.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
        )
        assert "Access-Control-Allow-Origin" not in preflight

    def test_the_schema_and_the_docs(self, client, db):
        schema = client.get("/api/v1/openapi.json").json()
        assert schema["openapi"].startswith("3.1")
        assert client.get("/api/openapi.json")["Location"] == "/api/v1/openapi.json"
        docs = client.get("/api/v1/docs")
        assert docs.status_code == 200 and b"swagger-ui" in docs.content
        assert b"cdn." not in docs.content  # served from this site, under its CSP


class TestRateLimits:
    def test_an_address_beyond_its_limit_waits(self, client, db, settings):
        settings.API_RATE_PER_ADDRESS = "3/minute"
        codes = [client.get("/api/v1/headline").status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        response = client.get("/api/v1/headline")
        assert response["Content-Type"] == "application/problem+json"
        assert 1 <= int(response["Retry-After"]) <= 60
        assert "Too many requests" in response.json()["detail"]
        # another address is not held back
        assert client.get("/api/v1/headline", REMOTE_ADDR="10.0.0.9").status_code == 200

    def test_a_forged_forwarded_for_does_not_dodge_it(self, client, db, settings):
        settings.API_RATE_PER_ADDRESS = "2/minute"
        codes = [
            client.get("/api/v1/headline", HTTP_X_FORWARDED_FOR=f"10.1.0.{n}").status_code
            for n in range(3)
        ]
        assert codes == [200, 200, 429]

    @pytest.mark.parametrize("token", ["cb_" + "x" * 43, "not a token at all", None, "revoked"])
    def test_calls_that_act_for_no_one_count_against_the_address(
        self, client, people, settings, token
    ):
        from clusterbench.accounts.models import ApiToken
        from clusterbench.accounts.tokens import token_create
        from tests.api_fixtures import bearer

        if token == "revoked":
            row, token = token_create(user=people.expert, name="old")
            ApiToken.objects.filter(pk=row.pk).update(revoked_at=timezone.now())
        settings.API_RATE_PER_ADDRESS = "3/minute"
        codes = [client.get("/api/v1/me", **bearer(token)).status_code for _ in range(4)]
        assert codes == [401, 401, 401, 429]  # guessing tokens is held back too
        response = client.get("/api/v1/engagements", **bearer(token))
        assert response.status_code == 429
        assert response["Content-Type"] == "application/problem+json"
        assert 1 <= int(response["Retry-After"]) <= 60
        assert client.get("/api/v1/headline").status_code == 429  # the same address
        assert client.get("/api/v1/me", REMOTE_ADDR="10.0.0.9").status_code == 401

    def test_a_token_has_its_own_limit(self, client, tokens, settings):
        from tests.api_fixtures import bearer

        settings.API_RATE_PER_TOKEN = "2/minute"
        settings.API_RATE_PER_ADDRESS = "1/minute"
        me = [client.get("/api/v1/me", **bearer(tokens["expert"])).status_code for _ in range(3)]
        assert me == [200, 200, 429]
        other = client.get("/api/v1/me", **bearer(tokens["manager"]))
        assert other.status_code == 200
