"""Searching names in any script: Serbian Latin and Cyrillic find the same clusters."""

import datetime as dt

import pytest

from clusterbench.clusters.search import search_key
from tests.engagement_fixtures import PASSWORD, make_benchmarking, new_cluster

# Every letter of the Serbian Cyrillic alphabet with its Latin counterpart (Gaj's alphabet).
CYRILLIC = "абвгдђежзијклљмнњопрстћуфхцчџш"
LATIN = "a b v g d đ e ž z i j k l lj m n nj o p r s t ć u f h c č dž š".split(" ")  # noqa: SIM905 (one line reads as an alphabet)
SERBIAN = list(zip(CYRILLIC, LATIN, strict=True))


class TestTheSearchKey:
    @pytest.mark.parametrize("cyrillic,latin", SERBIAN)
    def test_each_serbian_cyrillic_letter_and_its_latin_letter_give_the_same_key(
        self, cyrillic, latin
    ):
        assert search_key(cyrillic) == search_key(latin)
        assert search_key(cyrillic.upper()) == search_key(latin.upper())

    def test_the_alphabet_has_thirty_letters(self):
        assert len(SERBIAN) == 30

    @pytest.mark.parametrize("text", ["đ", "Đ", "ђ", "Ђ", "dj", "DJ"])
    def test_dj_is_how_d_with_stroke_is_typed_without_it(self, text):
        assert search_key(text) == "dj"

    def test_single_character_digraphs_match_their_two_letters(self):
        # Unicode has one-character dž, lj and nj (Ǆ ǅ ǆ, Ǉ ǈ ǉ, Ǌ ǋ ǌ) from old encodings.
        assert search_key("ǆ ǉ ǌ Ǆ Ǉ Ǌ") == search_key("dž lj nj DŽ LJ NJ")


@pytest.fixture
def listed(framework):
    clusters = {}
    for name in ["Ђурђевачки кластер", "Đurđevac Wood Cluster", "Čačak Fruit", "Љубовија"]:
        cluster = new_cluster(name, "RS")
        make_benchmarking(framework, cluster, dt.date(2024, 1, 1))
        clusters[name] = cluster
    return clusters


def found(client, query):
    return sorted(c.name for c in client.get("/database/", {"q": query}).context["page"])


class TestThePublicDatabaseSearch:
    def test_latin_d_with_stroke_finds_the_cyrillic_and_the_latin_name(self, client, listed):
        both = ["Đurđevac Wood Cluster", "Ђурђевачки кластер"]
        assert found(client, "Đurđ") == both
        assert found(client, "Ђурђ") == both
        assert found(client, "djurdj") == both

    def test_every_script_finds_the_others(self, client, listed):
        assert found(client, "чачак") == ["Čačak Fruit"]
        assert found(client, "ljubovija") == ["Љубовија"]
        assert found(client, "LJUBOVIJA") == ["Љубовија"]


class TestCharactersNoNameHolds:
    """PostgreSQL refuses a NUL in a query (a 500 before): every search reads its query
    through clusters.search.search_query, which drops the characters no name holds."""

    def test_the_query_is_read_in_one_place(self):
        from clusterbench.clusters.search import search_query

        assert search_query(" Đur\x00đ\x1b\u200b ") == "Đurđ"
        assert search_query("\x00 \x07") == ""
        assert search_query("x" * 200) == "x" * 100
        assert search_query("Čačak Fruit") == "Čačak Fruit"

    def test_the_public_database(self, client, listed):
        assert found(client, "Đur\x00đ") == ["Đurđevac Wood Cluster", "Ђурђевачки кластер"]
        assert client.get("/database.csv", {"q": "\x00"}).status_code == 200

    def test_the_api(self, client, listed):
        body = client.get("/api/v1/clusters", {"q": "ča\x00čak"}).json()
        assert [item["name"] for item in body["items"]] == ["Čačak Fruit"]

    def test_the_benchmarkings_list(self, client, people, listed):
        client.login(username="sec", password=PASSWORD)
        response = client.get("/benchmarkings/", {"q": "Čač\x00ak"})
        assert response.status_code == 200 and "Čačak Fruit" in response.text
        assert "Љубовија" not in response.text

    def test_the_network_group_filter(self, client, people, listed):
        people.network.members.add(*listed.values())
        client.login(username="coord", password=PASSWORD)
        response = client.get(
            f"/networks/{people.network.pk}/groups/new/", {"filter": "ljubo\x00vija"}
        )
        assert response.status_code == 200
        assert "Љубовија" in response.text and "Čačak Fruit" not in response.text

    def test_the_conflicts_search(self, client, people, listed):
        client.login(username="exp", password=PASSWORD)
        response = client.get("/engagements/conflicts/", {"q": "Čač\x00ak"})
        assert response.status_code == 200 and "Čačak Fruit" in response.text
