import csv
import datetime as dt
import html
import io
import re

import pytest
from django.db import connection
from django.utils import timezone

from clusterbench.engagements.models import Benchmarking
from clusterbench.labels.models import Label
from clusterbench.labels.services import label_revoke
from tests.engagement_fixtures import make_benchmarking, new_cluster


@pytest.fixture
def listed(framework):
    clusters = []
    for name, country, portfolio in [
        ("Кластер Београд", "RS", "ict"),
        ("Zlín Food Network", "CZ", "food"),
        ("Αθήνα Cluster", "GR", "ict"),
    ]:
        cluster = new_cluster(name, country, portfolio)
        make_benchmarking(framework, cluster, dt.date(2020, 1, 1))
        clusters.append(cluster)
    new_cluster("Not benchmarked", "DE")
    Label.objects.create(
        cluster=clusters[1],
        level="bronze",
        certificate_id="CZE001",
        valid_from=timezone.localdate(),
        valid_until=timezone.localdate() + dt.timedelta(days=700),
    )
    return clusters


def names(response):
    return [c.name for c in response.context["page"]]


class TestTheListing:
    def test_it_lists_benchmarked_clusters_with_the_headline(self, client, listed):
        response = client.get("/database/")
        assert sorted(names(response)) == sorted(c.name for c in listed)
        assert "<strong>3</strong> cluster organisations from <strong>3</strong>" in (response.text)

    @pytest.mark.parametrize(
        "query,found",
        [
            ("beograd", "Кластер Београд"),
            ("БЕОГРАД", "Кластер Београд"),
            ("zlin", "Zlín Food Network"),
            ("ZLÍN", "Zlín Food Network"),
            ("athina", "Αθήνα Cluster"),
        ],
    )
    def test_search_ignores_case_accents_and_script(self, client, listed, query, found):
        assert names(client.get("/database/", {"q": query})) == [found]

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's index")
    def test_a_search_can_use_a_trigram_index_on_postgresql(self, listed):
        from clusterbench.clusters.models import ClusterOrganisation

        # A few rows are read faster in full: ask the planner as if there were many.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # until the test's rollback
        search = ClusterOrganisation.objects.filter(search_text__contains="beograd")
        assert "clusters_search_text_trgm" in search.explain()

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's index")
    @pytest.mark.django_db
    def test_a_user_who_may_not_add_the_extension_is_told_who_can(self):
        import importlib

        from django.apps import apps
        from django.core.management.base import CommandError

        migration = importlib.import_module(
            "clusterbench.clusters.migrations.0007_search_text_trigram_index"
        )
        with connection.cursor() as cursor:  # all undone by the test's rollback
            cursor.execute("DROP EXTENSION pg_trgm CASCADE")
            cursor.execute("CREATE ROLE clusterbench_app NOSUPERUSER")
            cursor.execute("SET LOCAL ROLE clusterbench_app")
        with pytest.raises(CommandError) as refused, connection.schema_editor() as editor:
            migration.create(apps, editor)
        assert "permission denied to create extension" in str(refused.value)
        assert "run CREATE EXTENSION pg_trgm; in it, then migrate again" in str(refused.value)

    def test_filters_by_country_and_portfolio(self, client, listed):
        assert names(client.get("/database/", {"country": "cz"})) == ["Zlín Food Network"]
        assert sorted(names(client.get("/database/", {"portfolio": "ict"}))) == [
            "Αθήνα Cluster",
            "Кластер Београд",
        ]

    def test_sorted_by_label_the_valid_come_first_then_the_expired_then_the_unlabelled(
        self, client, listed
    ):
        Label.objects.create(
            cluster=listed[2],
            level="bronze",
            certificate_id="GRC001",
            valid_from=dt.date(2020, 1, 1),
            valid_until=timezone.localdate() - dt.timedelta(days=1),
        )
        assert names(client.get("/database/", {"sort": "label"})) == [
            "Zlín Food Network",
            "Αθήνα Cluster",
            "Кластер Београд",
        ]

    def test_label_valid_until_or_expired(self, client, listed):
        text = client.get("/database/").text
        assert (timezone.localdate() + dt.timedelta(days=700)).strftime("%d %b %Y") in text

    @pytest.mark.parametrize(
        "query",
        [
            "page=-1",
            "page=99999",
            "page=abc",
            "per_page=100000",
            "per_page=-5",
            "country=ZZ",
            "portfolio=nope",
            "sort=drop%20table",
            "q=" + "x" * 5000,
            "colour=red",
        ],
    )
    def test_silly_query_strings_are_handled(self, client, listed, query):
        assert client.get(f"/database/?{query}").status_code == 200

    def test_queries_per_page_are_bounded(self, client, listed, django_assert_max_num_queries):
        for i in range(30):
            make_benchmarking(
                listed[0].benchmarkings.first().framework,
                new_cluster(f"More {i}", "RS"),
                dt.date(2021, 1, 1),
            )
        with django_assert_max_num_queries(12):
            client.get("/database/?per_page=25")


@pytest.fixture
def many(framework):
    """55 benchmarked clusters (three pages of 25), some sharing a name in two countries."""
    for i in range(55):
        name = f"Cluster {i // 2:02d}"  # two of each name, in two countries
        Benchmarking.objects.create(
            cluster=new_cluster(name, "DE" if i % 2 else "AT"),
            framework=framework,
            interview_date=dt.date(2021, 1, 1),
            status="released",
        )


def page_links(response) -> dict:
    """The listing's links to the pages before and after it ("prev", "next")."""
    return {
        rel: html.unescape(href)
        for href, rel in re.findall(r'<a href="([^"]*)" rel="(prev|next)">', response.text)
    }


def rows(response) -> list[tuple[int, str]]:
    """(id, name) of the listing's rows, from the page as sent (a kept page has no context)."""
    found = re.findall(r'<tr><td><a href="/clusters/(\d+)/">([^<]*)</a>', response.text)
    return [(int(pk), name) for pk, name in found]


def walk(client, start: str, rel: str) -> list:
    """Every page from start, following the rel links: [(page label, rows)]."""
    pages, url = [], start
    while url:
        response = client.get(url)
        pages.append((re.search(r"Page \d+ of \d+", response.text)[0], rows(response)))
        url = page_links(response).get(rel) and "/database/" + page_links(response)[rel]
    return pages


class TestPages:
    @pytest.mark.parametrize("sort", ["name", "-name", "country", "portfolio", "label"])
    def test_the_next_links_show_every_cluster_once(self, client, many, sort):
        pages = walk(client, f"/database/?sort={sort}", "next")
        assert [label for label, _ in pages] == ["Page 1 of 3", "Page 2 of 3", "Page 3 of 3"]
        shown = [row for _, page in pages for row in page]
        assert len(shown) == len(set(shown)) == 55
        if sort in ("name", "-name"):
            assert shown == sorted(shown, key=lambda row: row[::-1], reverse=sort == "-name")
        for number, (_, page) in enumerate(pages, start=1):  # the same page by its number
            assert rows(client.get(f"/database/?sort={sort}&page={number}")) == page

    @pytest.mark.parametrize("sort", ["name", "-name", "country"])
    def test_the_previous_links_come_back_the_same_way(self, client, many, sort):
        forward = walk(client, f"/database/?sort={sort}", "next")
        last = client.get(f"/database/?sort={sort}&page=3")
        back = walk(client, "/database/" + page_links(last)["prev"], "prev")
        assert back == forward[-2::-1]

    def test_in_name_order_a_page_continues_from_the_last_row_seen(self, client, many):
        """A cluster added meanwhile before the page seen moves no row from one page to the
        next: the next page starts after the last row shown, not 25 rows in."""
        first = client.get("/database/")
        Benchmarking.objects.create(
            cluster=new_cluster("Aaa Cluster", "RS"),
            framework=Benchmarking.objects.first().framework,
            interview_date=dt.date(2021, 1, 1),
            status="released",
        )
        second = client.get("/database/" + page_links(first)["next"])
        assert rows(first)[-1][1] == rows(second)[0][1] == "Cluster 12"  # its namesake
        assert not set(rows(first)) & set(rows(second))

    @pytest.mark.parametrize(
        "cursor", ["nonsense", "YWZ0ZXI6NQ", "YWZ0ZXI6IngiLCJ5Ig", "", "x" * 5000]
    )
    def test_a_cursor_it_did_not_write_is_ignored(self, client, many, cursor):
        response = client.get("/database/", {"page": 2, "cursor": cursor})
        assert response.status_code == 200 and "Page 2 of 3" in response.text
        assert rows(response) == rows(client.get("/database/", {"page": 2}))


def label_cell(response, name: str) -> str:
    """The label column of the listing's row of the cluster named `name`, from the page
    as sent (a cached page has no context to read)."""
    text = response.content.decode()
    row = text[text.index(f">{name}</a>") :]
    row = row[: row.index("</tr>")]
    return row[row.rindex("<td>") + 4 : row.rindex("</td>")]


class TestLabelsShowAtOnce:
    """The listing is kept rendered for a minute, but never a label: whatever happens to
    any label shows on the next request, on every server process (the promise of the
    public database). The listing is seen first, so that a kept page would be served."""

    @pytest.fixture
    def seen(self, client, listed):
        until = (timezone.localdate() + dt.timedelta(days=700)).strftime("%d %b %Y")
        assert label_cell(client.get("/database/"), "Zlín Food Network") == f"Bronze, {until}"
        return listed

    def test_the_listing_is_kept_between_requests(
        self, client, seen, django_assert_max_num_queries
    ):
        def table(response):
            text = response.content.decode()
            return text[text.index('<table class="data"') : text.index("</table>")]

        first = table(client.get("/database/"))
        with django_assert_max_num_queries(3):
            assert table(client.get("/database/")) == first

    def test_a_revoked_label(self, client, seen, people):
        label_revoke(user=people.secretariat, label=Label.objects.get(), reason="Dissolved")
        assert label_cell(client.get("/database/"), "Zlín Food Network") == "revoked"

    def test_an_expired_label(self, client, seen, monkeypatch):
        after = Label.objects.get().valid_until + dt.timedelta(days=1)
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: after)
        assert label_cell(client.get("/database/"), "Zlín Food Network") == "expired"

    def test_a_new_label(self, client, seen):
        Label.objects.create(
            cluster=seen[2],
            level="gold",
            certificate_id="GRC001",
            valid_from=timezone.localdate(),
            valid_until=dt.date(2099, 1, 1),
        )
        assert label_cell(client.get("/database/"), "Αθήνα Cluster") == "Gold, 01 Jan 2099"

    def test_a_label_renewed(self, client, seen):
        Label.objects.create(
            cluster=seen[1],
            level="bronze",
            certificate_id="CZE002",
            valid_from=timezone.localdate(),
            valid_until=dt.date(2099, 1, 1),
        )
        assert label_cell(client.get("/database/"), "Zlín Food Network") == "Bronze, 01 Jan 2099"

    def test_labels_written_in_bulk(self, client, seen):
        Label.objects.filter(certificate_id="CZE001").update(revoked_at=timezone.now())
        assert label_cell(client.get("/database/"), "Zlín Food Network") == "revoked"
        Label.objects.all().delete()
        assert label_cell(client.get("/database/"), "Zlín Food Network") == "—"
        Label.objects.bulk_create(
            [
                Label(
                    cluster=seen[0],
                    level="silver",
                    certificate_id="SRB001",
                    valid_from=timezone.localdate(),
                    valid_until=dt.date(2099, 1, 1),
                )
            ]
        )
        assert label_cell(client.get("/database/"), "Кластер Београд") == "Silver, 01 Jan 2099"

    def test_a_label_deleted_one_by_one(self, client, seen):
        Label.objects.get().delete()
        assert label_cell(client.get("/database/"), "Zlín Food Network") == "—"


class TestDownloads:
    def test_the_links_carry_the_filters(self, client, listed):
        page = client.get("/database/?country=cz&colour=red&page=1").text
        link = re.search(r'href="(/database\.csv\?[^"]*)"', page).group(1)
        rows = csv.DictReader(io.StringIO(client.get(html.unescape(link)).content.decode()))
        assert [row["name"] for row in rows] == ["Zlín Food Network"]

    def test_csv_has_only_public_fields(self, client, listed):
        response = client.get("/database.csv")
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        assert set(rows[0]) == {
            "name",
            "name_en",
            "portfolio",
            "country",
            "website",
            "label_level",
            "label_valid_until",
            "label_status",
        }
        assert len(rows) == 3

    def test_json_has_the_same_rows(self, client, listed):
        data = client.get("/database.json", {"country": "RS"}).json()
        assert [row["name"] for row in data["clusters"]] == ["Кластер Београд"]
        assert "S1" not in str(data) and "value" not in str(data)


def test_a_cluster_page_shows_its_label_history(client, listed):
    page = client.get(f"/clusters/{listed[1].pk}/")
    assert page.status_code == 200 and "CZE001" in page.text
    assert client.get(f"/clusters/{listed[0].pk + 1000}/").status_code == 404
