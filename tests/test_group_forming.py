"""Forming a group: members are needed, a forming group can be deleted, a member that
cannot join is flagged before submitting, and 178 members can be filtered."""

import pytest

from clusterbench.engagements import workflow
from clusterbench.engagements.models import Benchmarking, GroupBid
from clusterbench.errors import StepRefused
from clusterbench.offers import groups
from tests.engagement_fixtures import PASSWORD, new_cluster

S = Benchmarking.Status


@pytest.fixture
def members(framework, people):
    clusters = [new_cluster(f"Member {i}", "RS") for i in range(6)]
    clusters.append(new_cluster("Đakovo Wood", "HR"))
    people.network.members.add(*clusters)
    return clusters


@pytest.fixture
def busy(members, people, engagement_at, framework):
    """Member 0 already has an engagement past its quote."""
    return engagement_at(framework, members[0], people, "scheduled")


class TestCreatingAGroup:
    def test_a_group_of_no_clusters_is_refused(self, people, members):
        with pytest.raises(StepRefused, match="a group without members cannot be formed"):
            groups.group_create(user=people.coordinator, name="Empty", clusters=[])
        assert not GroupBid.objects.exists()

    def test_the_page_refuses_it_too_and_keeps_the_name(self, client, people, members):
        client.login(username="coord", password=PASSWORD)
        response = client.post(f"/networks/{people.network.pk}/groups/new/", {"name": "Empty one"})
        assert response.status_code == 400
        assert "a group without members cannot be formed" in response.text
        assert 'value="Empty one"' in response.text

    def test_a_member_that_cannot_join_is_refused_by_name(self, people, members, busy):
        with pytest.raises(StepRefused, match="Member 0 already has an engagement past its quote"):
            groups.group_create(user=people.coordinator, name="G", clusters=members[:5])


class TestFlaggingUpFront:
    def test_the_form_marks_a_member_that_cannot_join_and_says_why(
        self, client, people, members, busy
    ):
        client.login(username="coord", password=PASSWORD)
        text = client.get(f"/networks/{people.network.pk}/groups/new/").text
        assert (
            f'value="{members[0].pk}" disabled aria-describedby="problem-{members[0].pk}"' in text
        )
        assert "cannot join: already has an engagement past its quote" in text
        assert f'value="{members[1].pk}" disabled' not in text

    def test_the_add_list_of_a_group_marks_it_too(self, client, people, members, busy):
        group = groups.group_create(user=people.coordinator, name="G", clusters=members[1:3])
        client.login(username="coord", password=PASSWORD)
        text = client.get(f"/networks/{people.network.pk}/groups/{group.pk}/").text
        assert f'<option value="{members[0].pk}" disabled>' in text
        with pytest.raises(StepRefused, match="already has an engagement past its quote"):
            groups.group_member_add(user=people.coordinator, group=group, cluster=members[0])


class TestTheMemberFilter:
    def test_it_narrows_the_list_without_javascript_and_keeps_the_choices(
        self, client, people, members
    ):
        client.login(username="coord", password=PASSWORD)
        response = client.get(
            f"/networks/{people.network.pk}/groups/new/",
            {"filter": "djakovo", "name": "Typed name", "cluster": [str(members[1].pk)]},
        )
        names = [cluster.name_en for cluster, _problem in response.context["members"]]
        assert names == ["Đakovo Wood"]
        assert f'<input type="hidden" name="cluster" value="{members[1].pk}">' in response.text
        assert 'value="Typed name"' in response.text
        total = people.network.members.count()
        assert f"1 of {total} members match" in response.text

    def test_the_filter_button_submits_by_get(self, client, people, members):
        client.login(username="coord", password=PASSWORD)
        text = client.get(f"/networks/{people.network.pk}/groups/new/").text
        assert 'formmethod="get"' in text and "js/member-filter.js" in text


class TestDeletingAGroup:
    def test_a_forming_group_is_deleted_after_confirmation(self, client, people, members):
        group = groups.group_create(user=people.coordinator, name="G", clusters=members[1:3])
        client.login(username="coord", password=PASSWORD)
        url = f"/networks/{people.network.pk}/groups/{group.pk}/delete/"
        assert "This cannot be undone" in client.post(url).text
        assert GroupBid.objects.filter(pk=group.pk).exists()
        response = client.post(url, {"confirmed": "yes"}, follow=True)
        assert not GroupBid.objects.filter(pk=group.pk).exists()
        assert "The group G was deleted." in response.text

    def test_a_group_whose_bid_was_asked_for_is_kept(self, people, members):
        group = groups.group_create(user=people.coordinator, name="G", clusters=members[1:6])
        groups.group_bid_request(user=people.coordinator, group=group)
        assert not groups.group_deletable(group)
        with pytest.raises(StepRefused, match="cannot be deleted: the group bid was asked for"):
            groups.group_delete(user=people.coordinator, group=group)

    def test_only_its_coordinator_deletes_it(self, people, members):
        group = groups.group_create(user=people.coordinator, name="G", clusters=members[1:3])
        with pytest.raises(StepRefused, match="Only a coordinator"):
            groups.group_delete(user=people.secretariat, group=group)

    def test_the_group_page_offers_it_only_when_possible(self, client, people, members):
        group = groups.group_create(user=people.coordinator, name="G", clusters=members[1:6])
        client.login(username="coord", password=PASSWORD)
        url = f"/networks/{people.network.pk}/groups/{group.pk}/"
        assert "Delete this group" in client.get(url).text
        groups.group_bid_request(user=people.coordinator, group=group)
        assert "Delete this group" not in client.get(url).text
        assert workflow  # the engagements opened with the bid keep the group
