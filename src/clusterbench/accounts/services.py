"""Creating accounts for the four roles."""

from django.db import transaction

from clusterbench.clusters.models import ClusterOrganisation, Network

from .models import User


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    clusters: list[ClusterOrganisation] | None = None,
    network: Network | None = None,
) -> User:
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        network=network,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    if clusters:
        user.clusters.set(clusters)
    return user
