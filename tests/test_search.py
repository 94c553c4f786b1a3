"""Searching names in any script: Serbian Latin and Cyrillic find the same clusters."""

import datetime as dt

import pytest

from clusterbench.clusters.search import search_key
from tests.engagement_fixtures import make_benchmarking, new_cluster

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
