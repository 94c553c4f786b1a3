"""Group bids: a coordinator groups member clusters; from five, each quote is discounted."""

import re
from decimal import Decimal

import pytest

from clusterbench.accounts.services import user_create
from clusterbench.clusters.models import Network
from clusterbench.engagements import workflow
from clusterbench.engagements.models import Benchmarking, GroupBid
from clusterbench.errors import StepRefused
from clusterbench.offers import groups, quotes
from clusterbench.offers.models import Quote
from tests.engagement_fixtures import PASSWORD, new_cluster

S = Benchmarking.Status


@pytest.fixture
def members(framework, people):
    clusters = [new_cluster(f"Member {i}", country="RS") for i in range(6)]
    people.network.members.add(*clusters)
    return clusters


@pytest.fixture
def group(members, people):
    return groups.group_create(user=people.coordinator, name="West 2027", clusters=members[:5])


def asked(group, people):
    return groups.group_bid_request(user=people.coordinator, group=group)


def quote_for(cluster, people, **fields):
    engagement = cluster.benchmarkings.get()
    return quotes.quote_issue(user=people.secretariat, benchmarking=engagement, **fields)


def manager_of(cluster):
    return user_create(
        username=f"m{cluster.pk}", password=PASSWORD, role="cluster_manager", clusters=[cluster]
    )


class TestFormingAGroup:
    def test_a_coordinator_forms_a_group_of_their_members(self, group, members):
        assert set(group.members.all()) == set(members[:5])
        assert group.requested_at is None
        assert not Benchmarking.objects.exists()  # nothing is asked for yet

    def test_a_cluster_outside_the_network_is_refused(self, people, members, other_cluster):
        with pytest.raises(StepRefused, match="Other Cluster is not a member of Test network"):
            groups.group_create(
                user=people.coordinator, name="Mixed", clusters=[members[0], other_cluster]
            )
        assert not GroupBid.objects.exists()

    def test_a_name_is_needed_and_unique_in_the_network(self, group, people, members):
        with pytest.raises(StepRefused, match="Give the group a name"):
            groups.group_create(user=people.coordinator, name=" ", clusters=members)
        with pytest.raises(StepRefused, match="already has a group called “west 2027”"):
            groups.group_create(user=people.coordinator, name="west 2027", clusters=members)

    @pytest.mark.parametrize("who", ["manager", "secretariat", "expert"])
    def test_only_coordinators_form_groups(self, people, members, who):
        with pytest.raises(StepRefused, match="Only network coordinators form group bids"):
            groups.group_create(user=getattr(people, who), name="X", clusters=members)


class TestAskingForTheBid:
    def test_fewer_than_five_clusters_cannot_ask_for_the_group_discount(self, people, members):
        small = groups.group_create(user=people.coordinator, name="Small", clusters=members[:3])
        with pytest.raises(
            StepRefused,
            match=r"needs at least 5 clusters; Small has 3\. Add 2 more\.",
        ):
            asked(small, people)
        assert not Benchmarking.objects.exists()
        assert GroupBid.objects.get(pk=small.pk).requested_at is None

    def test_asking_opens_an_engagement_per_member(self, group, people, members):
        asked(group, people)
        engagements = Benchmarking.objects.filter(group_bid=group)
        assert {e.cluster for e in engagements} == set(members[:5])
        assert all(
            e.status == S.REQUESTED and e.requested_by == people.coordinator for e in engagements
        )

    def test_a_members_own_request_joins_the_group(self, group, people, members):
        own = workflow.engagement_request(user=manager_of(members[0]), cluster=members[0])
        asked(group, people)
        assert Benchmarking.objects.get(pk=own.pk).group_bid == group
        assert members[0].benchmarkings.count() == 1

    def test_a_member_past_its_quote_stops_the_bid_and_nothing_is_written(
        self, group, people, members
    ):
        own = workflow.engagement_request(user=manager_of(members[0]), cluster=members[0])
        Benchmarking.objects.filter(pk=own.pk).update(status=S.SCHEDULED)
        with pytest.raises(StepRefused, match="Member 0 already has an engagement past its quote"):
            asked(group, people)
        assert Benchmarking.objects.count() == 1
        assert GroupBid.objects.get(pk=group.pk).requested_at is None

    def test_each_members_quote_carries_the_group_discount(self, group, people, members):
        asked(group, people)
        quote = quote_for(members[0], people, travel="100")
        assert [line.amount for line in quote.lines.all()] == [
            Decimal("1850.00"),
            Decimal("-185.00"),
            Decimal("100.00"),
            Decimal("0.00"),
        ]
        assert quote.total == Decimal("1765.00") and quote.group_bid == group

    def test_a_member_joining_later_gets_an_engagement_at_once(self, group, people, members):
        asked(group, people)
        groups.group_member_add(user=people.coordinator, group=group, cluster=members[5])
        assert members[5].benchmarkings.get().group_bid == group


class TestRemovingMembers:
    def test_before_any_acceptance_a_member_can_leave(self, group, people, members):
        asked(group, people)
        groups.group_member_remove(user=people.coordinator, group=group, cluster=members[4])
        engagement = members[4].benchmarkings.get()
        assert engagement.group_bid is None
        assert engagement.events.last().description == "Left the group bid West 2027"
        # The remaining four no longer qualify: a new quote has no discount ...
        assert quote_for(members[1], people).discount_percent == 0

    def test_an_open_discounted_quote_cannot_be_accepted_once_the_group_is_too_small(
        self, group, people, members
    ):
        asked(group, people)
        quote = quote_for(members[0], people)
        groups.group_member_remove(user=people.coordinator, group=group, cluster=members[4])
        with pytest.raises(StepRefused, match="no longer has 5 clusters"):
            quotes.quote_accept(user=manager_of(members[0]), quote=quote)
        assert Quote.objects.get(pk=quote.pk).status == Quote.Status.ISSUED

    def test_removing_below_five_is_refused_once_quotes_were_accepted(self, group, people, members):
        asked(group, people)
        quote = quote_for(members[0], people)
        quotes.quote_accept(user=manager_of(members[0]), quote=quote)
        with pytest.raises(
            StepRefused,
            match=r"Member 4 cannot leave West 2027: the group would have 4 clusters, fewer "
            r"than the 5 a group bid needs, and quotes with the group discount were already "
            r"accepted \(Member 0\)",
        ):
            groups.group_member_remove(user=people.coordinator, group=group, cluster=members[4])
        assert group.members.count() == 5
        assert members[4].benchmarkings.get().group_bid == group

    def test_above_five_a_member_can_still_leave_after_acceptances(self, group, people, members):
        asked(group, people)
        groups.group_member_add(user=people.coordinator, group=group, cluster=members[5])
        quotes.quote_accept(user=manager_of(members[0]), quote=quote_for(members[0], people))
        groups.group_member_remove(user=people.coordinator, group=group, cluster=members[4])
        assert group.members.count() == 5

    def test_a_member_that_accepted_cannot_leave(self, group, people, members):
        asked(group, people)
        groups.group_member_add(user=people.coordinator, group=group, cluster=members[5])
        quotes.quote_accept(user=manager_of(members[0]), quote=quote_for(members[0], people))
        with pytest.raises(StepRefused, match="it has accepted its quote"):
            groups.group_member_remove(user=people.coordinator, group=group, cluster=members[0])


class TestCancelledMembers:
    """A member whose engagement in the group is cancelled no longer takes part: it does not
    count toward the group's size; quotes already accepted keep their price."""

    def cancel(self, cluster, people):
        engagement = cluster.benchmarkings.get()
        workflow.engagement_cancel(
            user=people.secretariat, benchmarking=engagement, reason="Withdrew"
        )

    def test_a_cancelled_member_does_not_count_toward_the_discount(self, group, people, members):
        asked(group, people)
        quote = quote_for(members[0], people)
        self.cancel(members[4], people)
        assert quotes.group_size(group) == 4
        # An open discounted quote can no longer be accepted, and a new one has no discount
        with pytest.raises(StepRefused, match="no longer has 5 clusters"):
            quotes.quote_accept(user=manager_of(members[0]), quote=quote)
        assert quote_for(members[1], people).discount_percent == 0

    def test_an_accepted_then_cancelled_member_does_not_bind_the_others(
        self, group, people, members
    ):
        asked(group, people)
        groups.group_member_add(user=people.coordinator, group=group, cluster=members[5])
        quotes.quote_accept(user=manager_of(members[0]), quote=quote_for(members[0], people))
        quotes.quote_accept(user=manager_of(members[1]), quote=quote_for(members[1], people))
        self.cancel(members[0], people)
        problems = groups.members_leave_problems(group)
        # Five take part, one of them bound by its discounted quote: nobody may leave
        assert set(problems) == {m.pk for m in members[1:6]}
        assert "Member 0" not in problems[members[2].pk]  # its acceptance no longer binds
        assert "accepted (Member 1)" in problems[members[2].pk]
        assert members[0].pk not in problems  # the cancelled member may be taken off the list

    def test_once_a_cancellation_took_the_group_below_five_the_others_may_leave(
        self, group, people, members
    ):
        asked(group, people)
        quotes.quote_accept(user=manager_of(members[0]), quote=quote_for(members[0], people))
        self.cancel(members[4], people)
        # Leaving no longer takes the group below five: it is below already
        assert set(groups.members_leave_problems(group)) == {members[0].pk}
        groups.group_member_remove(user=people.coordinator, group=group, cluster=members[3])
        assert quotes.group_size(group) == 3

    def test_a_cancelled_member_taken_off_keeps_its_engagement_history(
        self, group, people, members
    ):
        asked(group, people)
        self.cancel(members[4], people)
        groups.group_member_remove(user=people.coordinator, group=group, cluster=members[4])
        cancelled = members[4].benchmarkings.get()
        assert cancelled.status == S.CANCELLED and cancelled.group_bid == group
        # ... and it can join again, with an engagement of its own
        groups.group_member_add(user=people.coordinator, group=group, cluster=members[4])
        assert quotes.group_size(group) == 5
        assert members[4].benchmarkings.exclude(status=S.CANCELLED).get().group_bid == group

    def test_the_group_page_counts_only_members_taking_part(self, client, group, people, members):
        asked(group, people)
        self.cancel(members[4], people)
        client.login(username="coord", password=PASSWORD)
        page = client.get(f"/networks/{people.network.pk}/groups/{group.pk}/").content.decode()
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
        assert "4 clusters taking part (1 cancelled) · 5 or more clusters are needed" in text
        assert "Cancelled" in text


class TestGroupPages:
    def test_the_group_page_shows_every_members_step_and_quote(
        self, client, group, people, members
    ):
        asked(group, people)
        quote = quote_for(members[0], people)
        client.login(username="coord", password=PASSWORD)
        page = client.get(f"/networks/{people.network.pk}/groups/{group.pk}/").content.decode()
        for member in members[:5]:
            assert member.name_en in page
        assert page.count("Requested") == 4 and "Quoted" in page
        assert quote.number in page and "1,665.00 EUR" in page

    def test_a_coordinator_forms_and_asks_through_the_pages(self, client, people, members):
        client.login(username="coord", password=PASSWORD)
        base = f"/networks/{people.network.pk}"
        response = client.post(
            f"{base}/groups/new/",
            {"name": "Page group", "cluster": [str(c.pk) for c in members[:5]]},
        )
        group = GroupBid.objects.get(name="Page group")
        assert response["Location"] == f"{base}/groups/{group.pk}/"
        client.post(f"{base}/groups/{group.pk}/request/")
        assert Benchmarking.objects.filter(group_bid=group).count() == 5

    def test_a_refusal_is_shown_on_the_page(self, client, people, members):
        small = groups.group_create(user=people.coordinator, name="Small", clusters=members[:2])
        client.login(username="coord", password=PASSWORD)
        url = f"/networks/{people.network.pk}/groups/{small.pk}/"
        response = client.post(url + "request/", follow=True)
        assert "needs at least 5 clusters; Small has 2" in response.content.decode()

    def test_a_member_that_cannot_leave_is_not_offered_remove_but_told_why(
        self, client, group, people, members
    ):
        asked(group, people)
        quotes.quote_accept(user=manager_of(members[0]), quote=quote_for(members[0], people))
        groups.group_member_add(user=people.coordinator, group=group, cluster=members[5])
        client.login(username="coord", password=PASSWORD)
        url = f"/networks/{people.network.pk}/groups/{group.pk}/"
        page = client.get(url).text
        rows = {m.pk: re.search(rf"<td>{m.name_en}</td>.*?</tr>", page, re.S)[0] for m in members}
        bound = members[0].benchmarkings.get().quotes.get().number
        assert "Remove" not in rows[members[0].pk]
        assert f"Cannot leave: it has accepted its quote {bound}." in rows[members[0].pk]
        assert "Remove" in rows[members[1].pk] and "Cannot leave" not in rows[members[1].pk]
        # Asking to remove it anyway gets the reason, not a confirmation to give.
        response = client.post(url + "remove/", {"cluster": members[0].pk}, follow=True)
        assert "This cannot be undone" not in response.text
        assert (
            f"Member 0 cannot leave West 2027: it has accepted its quote {bound}." in response.text
        )
        assert group.members.filter(pk=members[0].pk).exists()

    def test_below_the_minimum_no_member_is_offered_remove(self, client, group, people, members):
        asked(group, people)
        quotes.quote_accept(user=manager_of(members[0]), quote=quote_for(members[0], people))
        client.login(username="coord", password=PASSWORD)
        page = client.get(f"/networks/{people.network.pk}/groups/{group.pk}/").text
        assert "Remove" not in page.split('id="group-members"')[1].split("</table>")[0]
        assert page.count("Cannot leave: the group would have 4 clusters") == 4

    def test_another_networks_coordinator_is_told_whose_page_it_is(
        self, client, group, people, members
    ):
        other = Network.objects.create(name="Other network")
        user_create(username="coord2", password=PASSWORD, role="network_coordinator", network=other)
        client.login(username="coord2", password=PASSWORD)
        url = f"/networks/{people.network.pk}/groups/{group.pk}/"
        response = client.get(url)
        assert response.status_code == 403
        assert "you coordinate Other network" in response.content.decode()
        client.post(url + "request/")
        client.post(url + "remove/", {"cluster": members[0].pk})
        assert GroupBid.objects.get(pk=group.pk).requested_at is None
        assert group.members.count() == 5
