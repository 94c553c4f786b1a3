"""Reads of the public database: benchmarked clusters, the headline counts, the search."""

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from clusterbench.clusters.models import ClusterOrganisation, Country, Portfolio
from clusterbench.engagements.models import Benchmarking
from clusterbench.keyset import keyset_page


@dataclass(frozen=True)
class Headline:
    clusters: int
    countries: int


def _completed():
    return Benchmarking.objects.filter(status__in=Benchmarking.COMPLETED)


def benchmarked_clusters(*, as_one_list: bool = False):
    """Cluster organisations with at least one completed benchmarking.

    Asked of each cluster in turn (EXISTS): a page in name or id order then walks that
    index and stops at its last row, and a filter asks only the clusters it keeps (at
    100,000 clusters, the first page in name order in 0.8 ms rather than 34 ms).
    as_one_list: every benchmarked cluster is to be counted, or sorted (by country,
    portfolio or label, with no filter); then one list of them all (IN) is faster (a count
    in 28 ms rather than 140, a page by country in 65 ms rather than 165)."""
    if as_one_list:
        return ClusterOrganisation.objects.filter(pk__in=_completed().values("cluster_id"))
    return ClusterOrganisation.objects.filter(Exists(_completed().filter(cluster=OuterRef("pk"))))


def _sorts_all(sort: str, *filters) -> bool:
    """Whether a listing in this order with these filters sorts every benchmarked cluster."""
    return sort not in ("name", "-name") and not any(filters)


HEADLINE_SECONDS = 60  # counts only, never a label: a minute's delay is harmless


def headline_get() -> Headline:
    def count() -> Headline:
        # A country counts if any of its clusters was benchmarked: asked once per country.
        return Headline(
            clusters=benchmarked_clusters(as_one_list=True).count(),
            countries=_countries_benchmarked().count(),
        )

    return cache.get_or_set("clusters:headline", count, HEADLINE_SECONDS)


def _countries_benchmarked():
    return Country.objects.filter(Exists(benchmarked_clusters().filter(country=OuterRef("pk"))))


def benchmarked_countries() -> list:
    """The countries of benchmarked clusters, for the database's filter."""
    return cache.get_or_set(
        "clusters:countries", lambda: list(_countries_benchmarked()), HEADLINE_SECONDS
    )


def country_codes() -> frozenset[str]:
    """Every country's alpha-2 code, to check a filter: reference data, cached."""
    return cache.get_or_set(
        "clusters:country-codes",
        lambda: frozenset(Country.objects.values_list("alpha2", flat=True)),
        HEADLINE_SECONDS,
    )


def portfolio_slugs() -> frozenset[str]:
    """Every portfolio's slug, to check a filter: reference data, cached (as strings, which
    the cache reads back far faster than model instances)."""
    return cache.get_or_set(
        "clusters:portfolio-slugs",
        lambda: frozenset(Portfolio.objects.values_list("slug", flat=True)),
        HEADLINE_SECONDS,
    )


def portfolios_all() -> list:
    """The comparative portfolios in their order: reference data, cached."""
    return cache.get_or_set(
        "clusters:portfolios", lambda: list(Portfolio.objects.all()), HEADLINE_SECONDS
    )


def _matching(clusters, *, query: str = "", country: str = "", portfolio: str = ""):
    from clusterbench.clusters.search import search_key

    if query:
        clusters = clusters.filter(search_text__contains=search_key(query))
    if country:
        clusters = clusters.filter(country__alpha2=country.upper())
    if portfolio:
        clusters = clusters.filter(portfolio__slug=portfolio)
    return clusters


def public_count(*, query: str = "", country: str = "", portfolio: str = "") -> int:
    """How many benchmarked clusters match the filters: counted once per filter and kept
    for a minute, like the headline. The count never depends on a label, so a label that
    expires or is revoked shows at once all the same (the rows read labels live)."""
    if not (query or country or portfolio):
        return headline_get().clusters
    key = (
        "clusters:count:" + hashlib.sha256(f"{query}\0{country}\0{portfolio}".encode()).hexdigest()
    )
    return cache.get_or_set(
        key,
        lambda: _matching(
            benchmarked_clusters(), query=query, country=country, portfolio=portfolio
        ).count(),
        HEADLINE_SECONDS,
    )


# Each order ends on the id, so that every row has one place and a page boundary is exact.
SORTS = {
    "name": ("name_en", "pk"),
    "-name": ("-name_en", "-pk"),
    "country": ("country__name", "name_en", "pk"),
    "portfolio": ("portfolio__position", "name_en", "pk"),
    # valid labels first, the longest-running first; then the others, the latest first
    "label": (
        Case(When(label_valid=True, then=Value(0)), default=Value(1)),
        F("label_until").desc(nulls_last=True),
        "name_en",
        "pk",
    ),
}
# Orders on the cluster's own columns, which the database walks along an index: their
# pages go by key (clusterbench.keyset), a deep page costing what the first does.
KEYSET_SORTS = ("name", "-name")


@dataclass
class ListingPage:
    """One page of the public database: its clusters with their label columns, its number
    of how many, and in an order paged by key, the keys of its first and last rows (for
    the links to the pages before and after it)."""

    clusters: list
    number: int
    pages: int
    has_next: bool
    first_key: tuple | None = None
    last_key: tuple | None = None

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def __iter__(self):
        return iter(self.clusters)


def public_page(
    *,
    query: str = "",
    country: str = "",
    portfolio: str = "",
    sort: str = "name",
    per_page: int,
    number: int = 1,
    after: Sequence | None = None,
    before: Sequence | None = None,
) -> ListingPage:
    """One page of the public database. Its clusters are found and ordered without their
    label columns, then only that page's rows are read with their labels, live.

    In name order, the first page and a page asked for after (or before) the key of a row
    are found by walking the name index from there (keyset); otherwise a page goes by
    its number (OFFSET), which a deep page pays for. Sorted by label, every row's label
    is needed to order them: one query then. number: the page's number as the links
    carried it along (a key says which rows; the number only how far they are)."""
    filters = {"query": query, "country": country, "portfolio": portfolio}
    count = public_count(**filters)
    pages = max(1, -(-count // per_page))
    number = min(max(number, 1), pages)
    order = SORTS[sort]
    if sort == "label":
        paginator = Paginator(public_clusters(**filters, sort=sort), per_page)
        paginator.count = count  # the cached count, without the label columns
        page = paginator.get_page(number)
        return ListingPage(list(page.object_list), page.number, pages, page.has_next())
    clusters = _matching(
        benchmarked_clusters(as_one_list=_sorts_all(sort, query, country, portfolio)), **filters
    )
    if sort in KEYSET_SORTS:
        clusters = clusters.values_list(*(field.removeprefix("-") for field in order))
    else:
        clusters = clusters.values_list("pk", flat=True)
    if sort in KEYSET_SORTS and (after or before or number == 1):
        keys, more = keyset_page(
            clusters, order=order, key=before or after, before=bool(before), limit=per_page
        )
        if before and not more:  # no more than a page before it: the first page
            keys, more = keyset_page(clusters, order=order, limit=per_page)
            number = 1
        elif before:
            number, more = max(number, 2), True  # the page it came back from follows
    else:
        paginator = Paginator(clusters.order_by(*order), per_page)
        paginator.count = count
        page = paginator.get_page(number)
        keys, number, more = list(page.object_list), page.number, page.has_next()
    ids = [key[-1] for key in keys] if sort in KEYSET_SORTS else keys
    # Already found among the benchmarked and matching clusters: only their columns.
    found = {c.pk: c for c in _public_fields(ClusterOrganisation.objects.filter(pk__in=ids))}
    listing = ListingPage([found[pk] for pk in ids if pk in found], number, pages, more)
    if sort in KEYSET_SORTS and keys:
        listing.first_key, listing.last_key = tuple(keys[0]), tuple(keys[-1])
    return listing


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
    was revoked, and the highest level they may show today.

    level: only clusters showing a label of this level today; valid: only those with
    (True) or without (False) a label valid today."""
    every = _sorts_all(sort, query, country, portfolio, level, valid is not None)
    clusters = _public_fields(benchmarked_clusters(as_one_list=every))
    clusters = _matching(clusters, query=query, country=country, portfolio=portfolio)
    if level:
        clusters = clusters.filter(label_valid=True, label_level=level)
    if valid is True:
        clusters = clusters.filter(label_valid=True)
    elif valid is False:
        clusters = clusters.filter(Q(label_valid=False) | Q(label_valid__isnull=True))
    return clusters.order_by(*SORTS.get(sort, SORTS["name"]))


@dataclass(frozen=True)
class LabelNow:
    """The label a cluster is known by today: the label it may show, else its latest
    (labels.services.labels_in_shown_order). Every field is of that one label: its level,
    its status (valid, expired or revoked; None: never labelled) and its end."""

    level: str | None
    status: str | None
    valid_until: dt.date | None
    certificate_id: str | None


def with_label_now(clusters):
    """clusters with the columns of the label each is known by today, read live, for
    label_now (and the database's filters and sort)."""
    from clusterbench.labels.services import NOT_VALID, labels_in_shown_order

    shown = labels_in_shown_order(timezone.localdate()).filter(cluster=OuterRef("pk"))
    return clusters.annotate(
        label_certificate=Subquery(shown.values("certificate_id")[:1]),
        label_level=Subquery(shown.values("level")[:1]),
        label_until=Subquery(shown.values("valid_until")[:1]),
        label_valid=Subquery(
            shown.annotate(valid=Q(shown_rank__lt=NOT_VALID)).values("valid")[:1],
            output_field=BooleanField(),
        ),
        label_revoked=Subquery(
            shown.annotate(revoked=Q(revoked_at__isnull=False)).values("revoked")[:1],
            output_field=BooleanField(),
        ),
    )


def label_now(cluster) -> LabelNow:
    """The label a cluster of with_label_now is known by today: the one answer the public
    page, the badge, the database, its export and the API give."""
    if cluster.label_certificate is None:
        return LabelNow(level=None, status=None, valid_until=None, certificate_id=None)
    status = "valid" if cluster.label_valid else "revoked" if cluster.label_revoked else "expired"
    return LabelNow(
        level=cluster.label_level,
        status=status,
        valid_until=cluster.label_until,
        certificate_id=cluster.label_certificate,
    )


def _public_fields(clusters):
    """clusters with public fields only and the label each is known by, read live."""
    return with_label_now(clusters.select_related("country", "portfolio")).only(
        "name",
        "name_en",
        "website",
        "country__name",
        "country__alpha2",
        "portfolio__name",
        "portfolio__slug",
    )
