"""Network pages: the coordinator's results brief and group bids; thin views."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from clusterbench.accounts.models import User
from clusterbench.clusters.models import Network
from clusterbench.clusters.search import search_key, search_query
from clusterbench.engagements.models import GroupBid
from clusterbench.engagements.permissions import is_secretariat
from clusterbench.errors import StepRefused
from clusterbench.numbers import id_parse
from clusterbench.offers import groups
from clusterbench.offers.groups import is_coordinator_of
from clusterbench.offers.models import Quote
from clusterbench.offers.quotes import members_cancelled, price_list_current
from clusterbench.web.confirm import confirmation_page, is_confirmed

from .brief import brief_csv, brief_pdf
from .selectors import network_brief_get, network_comparison_get, network_get_for_user


@login_required
def network_home(request):
    user = request.user
    if user.role == User.Role.NETWORK_COORDINATOR and user.network_id:
        return redirect("network_page", user.network_id)
    if not is_secretariat(user):
        raise PermissionDenied(_("Network pages are for network coordinators and the secretariat."))
    return render(
        request, "networks/list.html", {"networks": Network.objects.annotate(size=Count("members"))}
    )


@login_required
@never_cache
def network_page(request, pk: int):
    network = network_get_for_user(request.user, pk)
    return render(
        request,
        "networks/network.html",
        {
            "network": network,
            "brief": network_brief_get(network),
            "groups": network.group_bids.annotate(size=Count("members")),
            "is_coordinator": is_coordinator_of(request.user, network),
        },
    )


@login_required
def network_brief_pdf(request, pk: int):
    network = network_get_for_user(request.user, pk)
    brief = network_brief_get(network)  # in the reader's language
    if brief is None:
        return HttpResponse(_("No methodology framework is loaded yet."), status=404)
    response = HttpResponse(brief_pdf(brief), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="network-{pk}-brief.pdf"'
    return response


@login_required
def network_brief_csv(request, pk: int):
    network = network_get_for_user(request.user, pk)
    found = network_comparison_get(network)
    if found is None:
        return HttpResponse(_("No methodology framework is loaded yet."), status=404)
    comparison, _edition_date = found
    response = HttpResponse(brief_csv(comparison), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="network-{pk}-brief.csv"'
    return response


@login_required
def group_new(request, pk: int):
    network = network_get_for_user(request.user, pk)
    if not is_coordinator_of(request.user, network):
        raise PermissionDenied(_("Only the network's coordinators form group bids."))
    members = network.members.select_related("country").order_by("country__name", "name_en")
    # GET carries the choices too: the filter button submits the form by GET, keeping them.
    data = request.POST if request.method == "POST" else request.GET
    chosen = {c for c in data.getlist("cluster") if c.isdigit()}
    if request.method == "POST":
        try:
            group = groups.group_create(
                user=request.user,
                name=request.POST.get("name", ""),
                clusters=list(members.filter(pk__in=[id_parse(c) for c in chosen])),
            )
        except StepRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Group “%(name)s” formed with %(count)s clusters.")
                % {"name": group.name, "count": group.members.count()},
            )
            return redirect("group_detail", pk, group.pk)
    # The filter works without JavaScript (a GET form); static/js/member-filter.js narrows
    # the list as one types.
    query = search_query(data.get("filter", ""))
    problems = groups.members_join_problems(members)
    shown = list(members.filter(search_text__contains=search_key(query)) if query else members)
    shown_ids = {str(cluster.pk) for cluster in shown}
    return render(
        request,
        "networks/group_new.html",
        {
            "network": network,
            "members": [(cluster, problems.get(cluster.pk)) for cluster in shown],
            "hidden_chosen": sorted(chosen - shown_ids),
            "total": members.count(),
            "query": query,
            "chosen": chosen,
            "name": data.get("name", ""),
            "minimum": price_list_current().group_min_clusters,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def group_detail(request, pk: int, group_pk: int):
    network = network_get_for_user(request.user, pk)
    group = get_object_or_404(GroupBid, network=network, pk=group_pk)
    # The latest engagement of each member: one that joined again after a cancellation.
    engagements = {e.cluster_id: e for e in group.engagements.order_by("pk")}
    quotes = {}
    for quote in Quote.objects.filter(benchmarking__in=engagements.values()).order_by("pk"):
        quotes[quote.benchmarking_id] = quote  # the latest one per engagement
    today = timezone.localdate()
    # Who cannot leave is told why in place of a Remove button (the service's own rule).
    leave_problems = groups.members_leave_problems(group)
    cancelled = len(members_cancelled(group))
    rows = []
    for cluster in group.members.select_related("country").order_by("name_en"):
        engagement = engagements.get(cluster.pk)
        quote = quotes.get(engagement.pk) if engagement else None
        rows.append(
            {
                "cluster": cluster,
                "engagement": engagement,
                "quote": quote,
                "quote_expired": quote.is_expired(today) if quote else False,
                "leave_problem": leave_problems.get(cluster.pk),
            }
        )
    price_list = price_list_current()
    member_ids = {row["cluster"].pk for row in rows}
    candidates = (
        network.members.exclude(pk__in=member_ids)
        .select_related("country")
        .order_by("country__name", "name_en")
    )
    problems = groups.members_join_problems(candidates, group)
    return render(
        request,
        "networks/group.html",
        {
            "network": network,
            "group": group,
            "rows": rows,
            "size": len(rows) - cancelled,  # group_size: the members taking part
            "cancelled": cancelled,
            "minimum": price_list.group_min_clusters,
            "discount": price_list.group_discount_percent,
            "is_coordinator": is_coordinator_of(request.user, network),
            "candidates": [(cluster, problems.get(cluster.pk)) for cluster in candidates],
            "deletable": groups.group_deletable(group),
        },
    )


GROUP_ACTIONS = {
    "add": lambda request, group, cluster: groups.group_member_add(
        user=request.user, group=group, cluster=cluster
    ),
    "remove": lambda request, group, cluster: groups.group_member_remove(
        user=request.user, group=group, cluster=cluster
    ),
    "request": lambda request, group, _cluster: groups.group_bid_request(
        user=request.user, group=group
    ),
    "delete": lambda request, group, _cluster: groups.group_delete(user=request.user, group=group),
}


def _confirm_group_action(request, action: str, group: GroupBid, cluster):
    """The confirmation page of removing a member or deleting a group (None otherwise)."""
    back = reverse("group_detail", args=[group.network_id, group.pk])
    if action == "remove":
        return confirmation_page(
            request,
            title=_("Remove %(cluster)s from %(group)s?")
            % {"cluster": cluster.name_en, "group": group.name},
            happens=_(
                "%(cluster)s leaves the group; its engagement, if it has one, continues on its "
                "own without the group discount."
            )
            % {"cluster": cluster.name_en},
            irreversible=_(
                "a quote already issued to it with the group discount can no longer be "
                "accepted; if it is added back later, the secretariat has to issue a new quote."
            ),
            button=_("Remove %(cluster)s") % {"cluster": cluster.name_en},
            back_url=back,
        )
    if action == "delete":
        members = group.members.count()
        return confirmation_page(
            request,
            title=_("Delete the group %(group)s?") % {"group": group.name},
            happens=ngettext(
                "The group and its list of %(count)s member are deleted; the cluster stays a "
                "member of the network.",
                "The group and its list of %(count)s members are deleted; the clusters stay "
                "members of the network.",
                members,
            )
            % {"count": members},
            irreversible=_("the group is gone; to ask for a group bid, form a new group."),
            button=_("Delete the group"),
            back_url=back,
        )
    return None


@login_required
@require_POST
def group_action(request, pk: int, group_pk: int, action: str):
    network = network_get_for_user(request.user, pk)
    group = get_object_or_404(GroupBid, network=network, pk=group_pk)
    step = GROUP_ACTIONS.get(action)
    if step is None:
        return HttpResponse(_("Unknown action."), status=404)
    raw = request.POST.get("cluster", "")
    cluster = network.members.filter(pk=id_parse(raw)).first()
    if action in ("add", "remove") and cluster is None:
        messages.error(request, _("Choose a member cluster of the network."))
        return redirect("group_detail", pk, group_pk)
    name = group.name
    try:
        if not is_confirmed(request) and is_coordinator_of(request.user, network):
            if action == "remove":  # a member that cannot leave is told why, not asked
                groups.group_member_remove_check(user=request.user, group=group, cluster=cluster)
            confirmation = _confirm_group_action(request, action, group, cluster)
            if confirmation is not None:
                return confirmation
        step(request, group, cluster)
    except StepRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            {
                "add": _("%(cluster)s added to %(group)s."),
                "remove": _("%(cluster)s removed from %(group)s."),
                "request": _(
                    "The group bid was sent to the secretariat; each member will receive its quote."
                ),
                "delete": _("The group %(group)s was deleted."),
            }[action]
            % {"cluster": cluster.name_en if cluster else "", "group": name},
        )
        if action == "delete":
            return redirect("network_page", pk)
    return redirect("group_detail", pk, group_pk)
