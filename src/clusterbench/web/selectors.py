"""Reads of the public database: benchmarked clusters, the headline counts, the search."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import BooleanField, OuterRef, Q, Subquery

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


def public_clusters(*, query: str = "", country: str = "", portfolio: str = "", sort: str = "name"):
    """The public database: benchmarked cluster organisations with public fields only, the
    end of their latest label that was not revoked, and whether their latest label of all
    was revoked."""
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
    clusters = (
        benchmarked_clusters()
        .select_related("country", "portfolio")
        .annotate(
            label_until=Subquery(latest_label),
            latest_label_revoked=Subquery(latest_revoked, output_field=BooleanField()),
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
    return clusters.order_by(*SORTS.get(sort, SORTS["name"]))
