"""The network coordinator's view: aggregated results, never one member's values."""

import csv
import datetime as dt
import io

import pypdf
import pytest

from clusterbench.accounts.services import user_create
from clusterbench.clusters.models import Network
from tests.engagement_fixtures import PASSWORD, make_benchmarking, new_cluster

TELLTALE = 987654  # one member's unmistakable value; it must never be shown


@pytest.fixture
def benchmarked(framework, people):
    """Eight benchmarked non-members and the network's benchmarked members (see members)."""
    for i in range(8):
        make_benchmarking(framework, new_cluster(f"Outsider {i}"), dt.date(2025, 3, 1), S1=40 + i)

    def members(count):
        clusters = []
        for i in range(count):
            cluster = new_cluster(f"Member {i}", country="RS")
            value = TELLTALE if i == 0 else 100_000 + 10_000 * i
            make_benchmarking(framework, cluster, dt.date(2025, 5, 1), S1=value)
            clusters.append(cluster)
        people.network.members.add(*clusters)
        return clusters

    return members


def texts(client, network):
    base = f"/networks/{network.pk}"
    page = client.get(f"{base}/").content.decode()
    csv_text = client.get(f"{base}/brief.csv").content.decode()
    pdf = client.get(f"{base}/brief.pdf").content
    pdf_text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    return page, csv_text, pdf_text


class TestTheNetworkBrief:
    def test_a_coordinator_lands_on_their_networks_page(self, client, people):
        client.login(username="coord", password=PASSWORD)
        response = client.get("/networks/")
        assert response["Location"] == f"/networks/{people.network.pk}/"

    def test_five_benchmarked_members_are_compared_with_all_clusters(
        self, client, people, benchmarked
    ):
        benchmarked(5)
        client.login(username="coord", password=PASSWORD)
        page, csv_text, pdf_text = texts(client, people.network)
        assert "The network has 6 member clusters." in page
        assert "Where the network is strongest" in page
        rows = {(r["section"], r["code"]): r for r in csv.DictReader(io.StringIO(csv_text))}
        # 110,000, 120,000, 130,000, 140,000 and the telltale value
        assert rows[("indicator median", "S1")]["network"] == "130000"  # a count: whole
        assert rows[("area score median", "S")]["network"] != "withheld"
        assert "Test network" in pdf_text and "Management areas" in pdf_text
        pdf = client.get(f"/networks/{people.network.pk}/brief.pdf").content
        assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 1  # a one-page brief

    def test_fewer_than_five_benchmarked_members_show_no_network_figure(
        self, client, people, benchmarked
    ):
        benchmarked(4)
        client.login(username="coord", password=PASSWORD)
        page, csv_text, pdf_text = texts(client, people.network)
        assert "Fewer than 5 members have a released benchmarking" in page
        assert "Fewer than 5 members" in pdf_text
        for row in csv.DictReader(io.StringIO(csv_text)):
            assert row["network"] == "withheld", row

    def test_the_member_count_and_the_note_on_the_figures_agree(self, client, people, benchmarked):
        """The page counts the network's members (6, one of them not benchmarked); its note
        says that is the membership and that the number of benchmarked members is never
        given, rather than that no count of members is shown."""
        benchmarked(5)
        client.login(username="coord", password=PASSWORD)
        page, _csv, pdf_text = texts(client, people.network)
        note = page.split('<p class="muted"><small>')[1].split("</small>")[0]
        assert "The network has 6 member clusters." in page
        assert "no count of members" not in note
        assert "The member count above is the whole membership" in note
        assert "never says how many members are benchmarked" in note
        assert "The network has 6 member clusters" in " ".join(pdf_text.split())
        serbian = client.get(f"/networks/{people.network.pk}/", HTTP_ACCEPT_LANGUAGE="sr-latn")
        assert "Mreža ima 6 klastera članova." in serbian.text
        assert "Broj članova naveden gore je celo članstvo" in serbian.text

    @pytest.mark.parametrize("count", [1, 4, 5, 6])
    def test_no_members_own_value_is_ever_shown(self, client, people, benchmarked, count):
        benchmarked(count)
        client.login(username="coord", password=PASSWORD)
        for text in texts(client, people.network):
            assert str(TELLTALE) not in text and f"{TELLTALE:,}" not in text

    def test_the_figures_follow_new_benchmarkings(self, client, people, benchmarked, framework):
        benchmarked(4)
        client.login(username="coord", password=PASSWORD)
        assert "Fewer than 5" in client.get(f"/networks/{people.network.pk}/").content.decode()
        fifth = new_cluster("Member late", country="RS")
        make_benchmarking(framework, fifth, dt.date(2025, 6, 1))
        people.network.members.add(fifth)
        # Cached for a while; a new day or a cleared cache shows it (the cache is per day).
        from django.core.cache import cache

        cache.clear()
        assert "Fewer than 5" not in client.get(f"/networks/{people.network.pk}/").content.decode()


class TestWhoSeesTheNetwork:
    @pytest.fixture(autouse=True)
    def loaded(self, framework):
        return framework

    @pytest.fixture
    def other(self, db):
        network = Network.objects.create(name="Other network")
        user_create(
            username="coord2", password=PASSWORD, role="network_coordinator", network=network
        )
        return network

    @pytest.mark.parametrize("suffix", ["", "brief.pdf", "brief.csv", "groups/new/"])
    def test_a_coordinator_asking_for_another_networks_data_is_told_no(
        self, client, people, other, suffix
    ):
        client.login(username="coord2", password=PASSWORD)
        response = client.get(f"/networks/{people.network.pk}/{suffix}")
        assert response.status_code == 403
        assert "This page belongs to another network; you coordinate Other network." in (
            response.content.decode()
        )
        assert client.get(f"/networks/{other.pk}/{suffix}").status_code == 200

    @pytest.mark.parametrize(
        "username,expected",
        [("sec", 200), ("coord", 200), ("man", 403), ("exp", 403), ("exp2", 403)],
    )
    @pytest.mark.parametrize("suffix", ["", "brief.pdf", "brief.csv"])
    def test_the_roles(self, client, people, username, expected, suffix):
        client.login(username=username, password=PASSWORD)
        assert client.get(f"/networks/{people.network.pk}/{suffix}").status_code == expected

    def test_anonymous_visitors_are_asked_to_log_in(self, client, people):
        response = client.get(f"/networks/{people.network.pk}/brief.csv")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_an_unknown_network_is_not_found(self, client, people):
        client.login(username="coord", password=PASSWORD)
        assert client.get("/networks/99999/").status_code == 404

    def test_only_coordinators_form_groups_even_the_secretariat_only_reads(self, client, people):
        client.login(username="sec", password=PASSWORD)
        assert client.get(f"/networks/{people.network.pk}/groups/new/").status_code == 403


class TestTheListings:
    def test_the_secretariat_sees_every_network_with_its_size(self, client, people, framework):
        client.login(username="sec", password=PASSWORD)
        page = client.get("/networks/").content.decode()
        assert "Test network" in page and '<td class="number">1</td>' in page

    def test_the_network_page_lists_its_groups_with_their_size(
        self, client, people, framework, benchmarked
    ):
        from clusterbench.offers.groups import group_create

        members = benchmarked(5)
        group_create(user=people.coordinator, name="Five", clusters=members)
        client.login(username="coord", password=PASSWORD)
        page = client.get(f"/networks/{people.network.pk}/").content.decode()
        assert 'Five</a></td><td class="number">5</td>' in page


class TestOneMemberMovesNothing:
    """Changing one member's answers or status changes no published figure of the brief:
    its figures are those of its latest edition, taken anew only once more than four of
    the members' benchmarkings have changed since every earlier edition; and then only
    medians of at least five released members move (or what is derived from them: the
    strongest and weakest lists and the radar)."""

    MEDIAN_FIELDS = {"network", "all"}

    @pytest.fixture
    def network(self, people, benchmarked):
        self.members = benchmarked(6)
        return people.network

    def brief(self, network):
        from django.core.cache import cache
        from django.utils import timezone

        from clusterbench.networks.brief import brief_csv, brief_data
        from clusterbench.networks.selectors import network_comparison_get

        cache.clear()
        comparison, edition_date = network_comparison_get(network)
        data = brief_data(
            network_name=network.name,
            members=network.members.count(),
            comparison=comparison,
            today=timezone.localdate(),
            edition_date=edition_date,
        )
        return data, list(csv.DictReader(io.StringIO(brief_csv(comparison))))

    def network_medians(self, brief) -> dict:
        """The members' own medians (the CSV's network column of the indicator medians):
        the all-clusters figures, and the members' scores read against them, move with
        any cluster released anywhere."""
        _data, rows = brief
        return {r["code"]: r["network"] for r in rows if r["section"] == "indicator median"}

    def change_answers(self, members, value):
        from clusterbench.interviews.models import Answer

        for member in members:
            Answer.objects.filter(benchmarking=member.benchmarkings.get()).update(value=value)

    def assert_only_medians_moved(self, before, after):
        (data_before, rows_before), (data_after, rows_after) = before, after
        # Lists derived from medians may reorder; everything else must stay as it was.
        derived = {"strongest", "weakest", "radar", "areas"}
        assert {k: v for k, v in data_before.items() if k not in derived} == {
            k: v for k, v in data_after.items() if k not in derived
        }
        for area_before, area_after in zip(data_before["areas"], data_after["areas"], strict=True):
            assert area_before["name"] == area_after["name"]
        keys = [(r["section"], r["code"], r["name"], r["unit"]) for r in rows_before]
        assert keys == [(r["section"], r["code"], r["name"], r["unit"]) for r in rows_after]
        assert set(rows_before[0]) == {"section", "code", "name", "unit", "network", "all_clusters"}

    def test_a_members_draft_never_moves_a_figure(self, framework, network):
        before = self.brief(network)
        for status in ("interviewed", "draft_ready", "in_review"):
            make_benchmarking(
                framework, self.members[1], dt.date(2026, 6, 1), status=status, S1=5, V3=900
            )
            assert self.brief(network) == before, status

    def test_a_members_changed_answers_move_nothing_until_five_have_changed(self, network):
        before = self.brief(network)
        self.change_answers(self.members[1:2], 7)  # a correction, say
        assert self.network_medians(self.brief(network)) == self.network_medians(before)
        self.change_answers(self.members[1:5], 7)
        # Four changed since the edition.
        assert self.network_medians(self.brief(network)) == self.network_medians(before)
        self.change_answers(self.members[1:6], 7)
        after = self.brief(network)
        assert self.network_medians(after) != self.network_medians(before)
        self.assert_only_medians_moved(before, after)

    def test_an_edition_is_taken_only_far_from_every_earlier_one(self, network):
        first = self.network_medians(self.brief(network))
        self.change_answers(self.members[1:6], 7)
        second = self.network_medians(self.brief(network))
        assert second != first
        # Four of the five back as they were: one away from the first edition, which
        # would describe that one member; the second edition stays.
        from clusterbench.interviews.models import Answer

        for i, member in enumerate(self.members[1:5], start=1):
            Answer.objects.filter(
                benchmarking=member.benchmarkings.get(), indicator__code="S1"
            ).update(value=100_000 + 10_000 * i)
        assert self.network_medians(self.brief(network)) == second
        from clusterbench.networks.models import BriefEdition

        assert BriefEdition.objects.filter(network=network).count() == 2

    def test_the_secretariat_sees_the_editions_and_cannot_change_them(
        self, client, people, network
    ):
        from clusterbench.networks.models import BriefEdition

        self.brief(network)
        edition = BriefEdition.objects.get(network=network)
        client.login(username="sec", password=PASSWORD)
        listing = client.get("/admin/networks/briefedition/", HTTP_ACCEPT_LANGUAGE="en-gb")
        assert listing.status_code == 200
        assert network.name in listing.text and "Members&#x27; benchmarkings" in listing.text
        assert "/admin/networks/briefedition/add/" not in listing.text
        page = client.get(f"/admin/networks/briefedition/{edition.pk}/change/").text
        assert f'<div class="readonly">{len(edition.members)}</div>' in page
        assert 'name="_save"' not in page and "/delete/" not in page
        answer = edition.members[0][3]["S1"]  # an answer of the edition, shown nowhere
        assert f">{answer}<" not in page
        for url in ("add/", f"{edition.pk}/delete/"):
            assert client.get(f"/admin/networks/briefedition/{url}").status_code == 403
        assert client.post(f"/admin/networks/briefedition/{edition.pk}/change/").status_code == 403
        assert BriefEdition.objects.get(pk=edition.pk).members == edition.members

    def test_the_brief_says_when_its_figures_were_taken(self, client, people, network):
        from django.utils import timezone

        from clusterbench.languages.formats import long_date

        data, _rows = self.brief(network)
        today = long_date(timezone.localdate())
        assert f"The members' figures are those of {today}." in data["words"]["edition"]
        client.login(username="coord", password=PASSWORD)
        page, _csv, pdf_text = texts(client, network)
        assert "results can be read from a change" in page  # the apostrophe is escaped
        assert "no one member" in " ".join(pdf_text.split())

    def test_the_csv_says_no_more_than_the_page(self, framework, network):
        # Scores are whole numbers and medians carry their unit's decimals, as on the page
        # and in the reports: two more decimals would let a reader difference a median
        # moved by one member joining.
        _data, rows = self.brief(network)
        for row in rows:
            whole = row["unit"] == "score 0-100" or row["code"] in ("S1", "V3")  # S1, V3 count
            for column in ("network", "all_clusters"):
                assert not whole or "." not in row[column], row

    def test_a_member_released_for_the_first_time_moves_nothing(self, framework, people, network):
        before = self.brief(network)
        newcomer = new_cluster("Member new", country="RS")
        people.network.members.add(newcomer)
        grown = self.brief(network)
        assert grown[0]["members"] == before[0]["members"] + 1  # membership, not a result
        make_benchmarking(framework, newcomer, dt.date(2025, 7, 1), S1=3, V3=900)
        assert self.network_medians(self.brief(network)) == self.network_medians(grown)
