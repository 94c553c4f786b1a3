"""Who may see and do what with an engagement. Every view goes through these."""

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from clusterbench.accounts.models import User
from clusterbench.engagements.models import Benchmarking


def is_secretariat(user) -> bool:
    return bool(getattr(user, "is_secretariat", False))


def is_manager(user, benchmarking: Benchmarking) -> bool:
    return (
        user.is_authenticated
        and user.role == User.Role.CLUSTER_MANAGER
        and user.clusters.filter(pk=benchmarking.cluster_id).exists()
    )


def is_assigned_expert(user, benchmarking: Benchmarking) -> bool:
    return (
        user.is_authenticated
        and user.role == User.Role.EXPERT
        and benchmarking.expert_id == user.pk
    )


def engagements_for(user) -> QuerySet[Benchmarking]:
    """The engagements a user may see: all for the secretariat, their own organisations'
    for a cluster manager, those assigned to them for an expert, none for anyone else."""
    engagements = Benchmarking.objects.select_related(
        "cluster__country", "cluster__portfolio", "expert"
    )
    if not user.is_authenticated:
        return engagements.none()
    if is_secretariat(user):
        return engagements
    if user.role == User.Role.CLUSTER_MANAGER:
        return engagements.filter(cluster__in=user.clusters.all())
    if user.role == User.Role.EXPERT:
        return engagements.filter(expert=user)
    return engagements.none()


def engagement_get_for_user(user, pk: int) -> Benchmarking:
    """The engagement, or 404 when the user may not see it: a guessed URL reveals nothing."""
    engagement = engagements_for(user).select_related("framework").filter(pk=pk).first()
    if engagement is None:
        raise Http404(_("No such engagement."))
    return engagement
