"""Group bids: a network coordinator groups member clusters and asks for one bid for
them all; from the price list's minimum size up, each member's quote carries the group
discount. Asking opens (or joins) an engagement per member, which then runs as usual.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterbench.accounts.models import User
from clusterbench.clusters.models import ClusterOrganisation, Network
from clusterbench.engagements.models import Benchmarking, GroupBid
from clusterbench.engagements.steps import step
from clusterbench.engagements.workflow import _record, _text, engagement_ongoing, engagement_open
from clusterbench.errors import StepRefused
from clusterbench.languages.formats import long_date
from clusterbench.offers.models import Quote
from clusterbench.offers.quotes import members_cancelled, price_list_current
from clusterbench.text import name_normalise

S = Benchmarking.Status


def is_coordinator_of(user, network: Network) -> bool:
    return (
        user.is_authenticated
        and user.role == User.Role.NETWORK_COORDINATOR
        and user.network_id == network.pk
    )


def _require_coordinator(user, network: Network) -> None:
    if not is_coordinator_of(user, network):
        raise StepRefused(
            _("Only a coordinator of %(network)s manages its group bids.")
            % {"network": network.name}
        )


def _require_member(network: Network, cluster: ClusterOrganisation) -> None:
    if not network.members.filter(pk=cluster.pk).exists():
        raise StepRefused(
            _("%(cluster)s is not a member of %(network)s.")
            % {"cluster": cluster.name_en, "network": network.name}
        )


def _locked(group: GroupBid) -> GroupBid:
    return GroupBid.objects.select_for_update().select_related("network").get(pk=group.pk)


def _join_problem(ongoing: Benchmarking | None, group: GroupBid | None) -> str | None:
    """Why a cluster with this ongoing engagement cannot join the group bid, or None."""
    if ongoing is None:
        return None
    if ongoing.group_bid_id is not None and (group is None or ongoing.group_bid_id != group.pk):
        return _("is already in another group bid, “%(group)s”") % {"group": ongoing.group_bid.name}
    if ongoing.status not in (S.REQUESTED, S.QUOTED):
        return _("already has an engagement past its quote (#%(pk)s, %(status)s)") % {
            "pk": ongoing.pk,
            "status": ongoing.get_status_display().lower(),
        }
    return None


def members_join_problems(clusters, group: GroupBid | None = None) -> dict[int, str]:
    """For each cluster that cannot join a group bid now, why (by cluster id): shown next
    to it before the coordinator submits, rather than only when the bid is asked for."""
    ongoing = (
        Benchmarking.objects.filter(cluster__in=clusters)
        .exclude(status__in=(S.RELEASED, S.CANCELLED))
        .select_related("group_bid")
    )
    problems = {}
    for engagement in ongoing:
        problem = _join_problem(engagement, group)
        if problem:
            problems[engagement.cluster_id] = problem
    return problems


def _require_can_join(clusters, group: GroupBid | None) -> None:
    problems = members_join_problems(clusters, group)
    if problems:
        names = {c.pk: c.name_en for c in clusters}
        raise StepRefused(
            _("Not every chosen cluster can join a group bid: %(problems)s.")
            % {"problems": "; ".join(f"{names[pk]} {problem}" for pk, problem in problems.items())}
        )


@transaction.atomic
def group_create(*, user, name: str, clusters: list[ClusterOrganisation]) -> GroupBid:
    network = user.network if user.is_authenticated else None
    if network is None or not is_coordinator_of(user, network):
        raise StepRefused(_("Only network coordinators form group bids."))
    name = name_normalise(_text(name, _("The group's name"), max_length=200))
    if not name:
        raise StepRefused(_("Give the group a name, e.g. “Western Balkans 2027”."))
    if GroupBid.objects.filter(network=network, name__iexact=name).exists():
        raise StepRefused(
            _("%(network)s already has a group called “%(name)s”.")
            % {"network": network.name, "name": name}
        )
    if not clusters:
        minimum = price_list_current().group_min_clusters
        raise StepRefused(
            _(
                "Choose the member clusters of the group (%(minimum)s or more for the group "
                "discount); a group without members cannot be formed."
            )
            % {"minimum": minimum}
        )
    for cluster in clusters:
        _require_member(network, cluster)
    _require_can_join(clusters, None)
    group = GroupBid.objects.create(network=network, name=name, created_by=user)
    group.members.set(clusters)
    return group


@transaction.atomic
def group_member_add(*, user, group: GroupBid, cluster: ClusterOrganisation) -> GroupBid:
    group = _locked(group)
    _require_coordinator(user, group.network)
    _require_member(group.network, cluster)
    if group.members.filter(pk=cluster.pk).exists():
        raise StepRefused(
            _("%(cluster)s is already in %(group)s.")
            % {"cluster": cluster.name_en, "group": group.name}
        )
    _require_can_join([cluster], group)
    group.members.add(cluster)
    if group.requested_at is not None:
        _engagement_join(group, cluster, user)
    return group


def group_deletable(group: GroupBid) -> bool:
    """A group can go while it is forming (not asked for) or once nothing refers to it."""
    if group.engagements.exists() or group.quotes.exists():
        return False
    return group.requested_at is None or not group.members.exists()


@transaction.atomic
def group_delete(*, user, group: GroupBid) -> None:
    group = _locked(group)
    _require_coordinator(user, group.network)
    if not group_deletable(group):
        raise StepRefused(
            _(
                "%(group)s cannot be deleted: the group bid was asked for on %(date)s and its "
                "members' engagements and quotes refer to it. Members who have not accepted "
                "their quote can still be removed."
            )
            % {"group": group.name, "date": long_date(group.requested_at)}
        )
    group.delete()


def members_leave_problems(group: GroupBid) -> dict[int, str]:
    """For each member that cannot leave the group bid now, why (by cluster id): the one
    rule group_member_remove applies, shown in place of the member's Remove button."""
    # Any accepted quote of the member's engagement in this group binds it, with or without
    # the discount (the group may have been smaller when the quote was issued).
    # A cancelled engagement's accepted quote binds nobody.
    accepted = (
        Quote.objects.filter(
            Q(group_bid=group) | Q(benchmarking__group_bid=group), status=Quote.Status.ACCEPTED
        )
        .exclude(benchmarking__status=S.CANCELLED)
        .select_related("benchmarking__cluster")
        .order_by("benchmarking__cluster__name_en", "pk")
    )
    bound = {}
    discounted = []  # who accepted a quote with this group's discount
    for quote in accepted:
        bound.setdefault(quote.benchmarking.cluster_id, quote.number)
        if quote.group_bid_id == group.pk:
            discounted.append(quote.benchmarking.cluster.name_en)
    members = list(group.members.values_list("pk", flat=True))
    cancelled = members_cancelled(group)
    minimum = price_list_current().group_min_clusters
    size = len(members) - len(cancelled)  # group_size, from what is read already
    remaining = size - 1
    # Leaving is refused when it would take the group below the minimum; once a
    # cancellation took it below, the others are free to go (accepted quotes keep their price).
    protected = size >= minimum > remaining and bool(discounted)
    problems = {}
    for pk in members:
        if pk in cancelled:
            continue  # no longer takes part: taking it off the list changes nothing
        if pk in bound:
            problems[pk] = _("it has accepted its quote %(number)s") % {"number": bound[pk]}
        elif protected:
            problems[pk] = _(
                "the group would have %(remaining)s clusters, fewer than the %(minimum)s a "
                "group bid needs, and quotes with the group discount were already accepted "
                "(%(names)s)"
            ) % {"remaining": remaining, "minimum": minimum, "names": ", ".join(discounted)}
    return problems


def group_member_remove_check(*, user, group: GroupBid, cluster: ClusterOrganisation) -> None:
    """Why the member may not be removed now, raised as StepRefused; nothing if it may."""
    _require_coordinator(user, group.network)
    if not group.members.filter(pk=cluster.pk).exists():
        raise StepRefused(
            _("%(cluster)s is not in %(group)s.")
            % {"cluster": cluster.name_en, "group": group.name}
        )
    problem = members_leave_problems(group).get(cluster.pk)
    if problem:
        raise StepRefused(
            _("%(cluster)s cannot leave %(group)s: %(problem)s.")
            % {"cluster": cluster.name_en, "group": group.name, "problem": problem}
        )


@transaction.atomic
def group_member_remove(*, user, group: GroupBid, cluster: ClusterOrganisation) -> GroupBid:
    group = _locked(group)
    group_member_remove_check(user=user, group=group, cluster=cluster)
    group.members.remove(cluster)
    # A cancelled engagement stays as it was, in the group it was cancelled in.
    engagement = group.engagements.filter(cluster=cluster).exclude(status=S.CANCELLED).first()
    if engagement is not None:
        engagement.group_bid = None
        engagement.save(update_fields=["group_bid"])
        _record(engagement, user, engagement.status, step("group_left", group=group.name))
    return group


@transaction.atomic
def group_bid_request(*, user, group: GroupBid) -> GroupBid:
    """Ask the secretariat for the group bid: an engagement per member, quoted by them."""
    group = _locked(group)
    _require_coordinator(user, group.network)
    if group.requested_at is not None:
        raise StepRefused(
            _("The group bid for %(group)s was already asked for.") % {"group": group.name}
        )
    minimum = price_list_current().group_min_clusters
    size = group.members.count()
    if size < minimum:
        raise StepRefused(
            _(
                "A group bid with the group discount needs at least %(minimum)s clusters; "
                "%(group)s has %(size)s. Add %(more)s more."
            )
            % {"minimum": minimum, "group": group.name, "size": size, "more": minimum - size}
        )
    for cluster in group.members.order_by("name_en"):
        _engagement_join(group, cluster, user)
    group.requested_at = timezone.now()
    group.save(update_fields=["requested_at"])
    return group


def _engagement_join(group: GroupBid, cluster: ClusterOrganisation, user) -> Benchmarking:
    """The member's engagement in this group: a new one, or its own not yet accepted one."""
    ongoing = engagement_ongoing(cluster)
    if ongoing is None:
        return engagement_open(
            cluster=cluster,
            user=user,
            note=f"Group bid “{group.name}” of {group.network.name}",
            group_bid=group,
        )
    problem = _join_problem(ongoing, group)
    if problem:
        raise StepRefused(
            _("%(cluster)s %(problem)s; take it out of the group.")
            % {"cluster": cluster.name_en, "problem": problem}
        )
    ongoing.group_bid = group
    ongoing.save(update_fields=["group_bid"])
    _record(
        ongoing,
        user,
        ongoing.status,
        step("group_joined", group=group.name),
    )
    return ongoing
