"""Reads of the public database: benchmarked clusters, the headline counts, the search."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import BooleanField, Case, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from clusterbench.clusters.models import ClusterOrganisation, Country
from clusterbench.engagements.models import Benchmarking


@dataclass(frozen=True)
class Headline:
    clusters: int
    countries: int


def benchmarked_clusters():
    """Cluster organisations with at least one completed benchmarking."""
    completed = Benchmarking.objects.filter(status__in=Benchmarking.COMPLETED)
    return ClusterOrganisation.objects.filter(pk__in=completed.values("cluster_id"))


HEADLINE_SECONDS = 60  # counts only, never a label: a minute's delay is harmless


def headline_get() -> Headline:
    def count() -> Headline:
        clusters = benchmarked_clusters()
        return Headline(
            clusters=clusters.count(), countries=clusters.values("country_id").distinct().count()
        )

    return cache.get_or_set("clusters:headline", count, HEADLINE_SECONDS)


def benchmarked_countries() -> list:
    """The countries of benchmarked clusters, for the database's filter."""
    return cache.get_or_set(
        "clusters:countries",
        lambda: list(Country.objects.filter(pk__in=benchmarked_clusters().values("country_id"))),
        HEADLINE_SECONDS,
    )


SORTS = {
    "name": ("name_en",),
    "-name": ("-name_en",),
    "country": ("country__name", "name_en"),
    "portfolio": ("portfolio__position", "name_en"),
    "label": ("-label_until", "name_en"),
}


def public_clusters(
    *,
    query: str = "",
    country: str = "",
    portfolio: str = "",
    sort: str = "name",
    level: str = "",
    valid: bool | None = None,
):
    """The public database: benchmarked cluster organisations with public fields only, the
    end of their latest label that was not revoked, whether their latest label of all
    was revoked, and the level of the label they may show today (label_current's).

    level: only clusters showing a label of this level today; valid: only those with
    (True) or without (False) a label valid today."""
    from clusterbench.clusters.search import search_key
    from clusterbench.labels.models import Label

    latest_label = (
        Label.objects.filter(cluster=OuterRef("pk"), revoked_at__isnull=True)
        .order_by("-valid_until")
        .values("valid_until")[:1]
    )
    # Whether the label that would run longest was revoked: the listing then says "revoked".
    latest_revoked = (
        Label.objects.filter(cluster=OuterRef("pk"))
        .order_by("-valid_until", "-pk")
        .annotate(revoked=Q(revoked_at__isnull=False))
        .values("revoked")[:1]
    )
    today = timezone.localdate()
    current_level = (
        Label.objects.filter(cluster=OuterRef("pk"), revoked_at__isnull=True)
        .filter(valid_until__gte=today)
        .annotate(
            rank=Case(
                When(level=Label.Level.GOLD, then=Value(0)),
                When(level=Label.Level.SILVER, then=Value(1)),
                default=Value(2),
            )
        )
        .order_by("rank", "-valid_until")
        .values("level")[:1]
    )
    clusters = (
        benchmarked_clusters()
        .select_related("country", "portfolio")
        .annotate(
            label_until=Subquery(latest_label),
            latest_label_revoked=Subquery(latest_revoked, output_field=BooleanField()),
            label_level=Subquery(current_level),
        )
        .only(
            "name",
            "name_en",
            "website",
            "country__name",
            "country__alpha2",
            "portfolio__name",
            "portfolio__slug",
        )
    )
    if query:
        clusters = clusters.filter(search_text__contains=search_key(query))
    if country:
        clusters = clusters.filter(country__alpha2=country.upper())
    if portfolio:
        clusters = clusters.filter(portfolio__slug=portfolio)
    if level:
        clusters = clusters.filter(label_level=level)
    if valid is True:
        clusters = clusters.filter(label_until__gte=today)
    elif valid is False:
        clusters = clusters.filter(Q(label_until__isnull=True) | Q(label_until__lt=today))
    return clusters.order_by(*SORTS.get(sort, SORTS["name"]))


def label_status(cluster, today) -> str | None:
    """valid, revoked or expired (None: never labelled), from public_clusters' annotations:
    a cluster whose latest label was revoked says so rather than "expired"."""
    if cluster.label_until is not None and cluster.label_until >= today:
        return "valid"
    if cluster.latest_label_revoked:
        return "revoked"
    return "expired" if cluster.label_until is not None else None
