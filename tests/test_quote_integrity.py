"""Quotes that cannot be wrong: a VAT number of another country than the client's is
refused, every member of a group bid is priced as a member of the whole group, and a
member bound by an accepted quote stays in the group."""

import datetime as dt
from decimal import Decimal

import pytest

from clusterbench.accounts.services import user_create
from clusterbench.clusters.models import Network
from clusterbench.demo.services import DEMO_GROUP_NAME, NETWORK_NAME, demo_group_bids_create
from clusterbench.engagements.models import GroupBid
from clusterbench.engagements.workflow import engagement_open
from clusterbench.errors import StepRefused
from clusterbench.offers import groups, quotes
from clusterbench.offers.models import Quote
from tests.engagement_fixtures import new_cluster


class TestVatNumbers:
    def test_a_vat_number_of_another_country_is_refused_for_an_eu_client(
        self, framework, other_cluster, people
    ):
        engagement = engagement_open(cluster=other_cluster, user=people.other_manager)  # HR
        with pytest.raises(StepRefused, match="starts with DE, but the client is in HR"):
            quotes.quote_issue(
                user=people.secretariat, benchmarking=engagement, client_vat_number="DE123456789"
            )
        assert not Quote.objects.exists()

    def test_a_greek_clients_vat_number_starts_with_el(self, framework, people):
        engagement = engagement_open(
            cluster=new_cluster("Athens Cluster", "GR"), user=people.secretariat
        )
        quote = quotes.quote_issue(
            user=people.secretariat, benchmarking=engagement, client_vat_number="EL123456789"
        )
        assert quote.vat == 0 and "reverse charge" in quote.vat_note


class TestGroupBids:
    def test_every_member_of_the_demonstration_group_bid_gets_the_group_discount(
        self, framework, people
    ):
        network = Network.objects.create(name=NETWORK_NAME)
        for country in ("RS", "BA", "HR", "BG", "MK"):
            network.members.add(new_cluster(f"Member in {country}", country))
        user_create(
            username="coordinator", password="x" * 12, role="network_coordinator", network=network
        )
        user_create(username="secretariat", password="x" * 12, role="secretariat")
        demo_group_bids_create(today=dt.date.today())
        group = GroupBid.objects.get(name=DEMO_GROUP_NAME)
        discounts = {
            quote.benchmarking.cluster.country_id: quote.discount_percent
            for quote in Quote.objects.filter(benchmarking__group_bid=group)
        }
        assert set(discounts) == {"RS", "BA", "HR", "BG", "MK"}
        assert set(discounts.values()) == {Decimal("10.00")}

    def test_a_member_whose_quote_was_accepted_cannot_leave_even_without_the_discount(
        self, framework, cluster, people
    ):
        group = GroupBid.objects.create(network=people.network, name="Early birds")
        group.members.add(cluster)
        engagement = engagement_open(cluster=cluster, user=people.coordinator, group_bid=group)
        quote = quotes.quote_issue(user=people.secretariat, benchmarking=engagement)
        assert quote.discount_percent == 0  # issued while the group had one member
        quotes.quote_accept(user=people.manager, quote=quote)
        others = [new_cluster(f"Later {i}", "RS") for i in range(5)]
        people.network.members.add(*others)
        group.members.add(*others)
        with pytest.raises(StepRefused, match="cannot leave Early birds: it has accepted"):
            groups.group_member_remove(user=people.coordinator, group=group, cluster=cluster)
        assert group.members.filter(pk=cluster.pk).exists()
