"""The public database of benchmarked cluster organisations: public fields only, ever."""

import hashlib
import json
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache

from clusterbench.clusters.names import by_local_name
from clusterbench.clusters.search import search_query
from clusterbench.keyset import cursor_make, cursor_read
from clusterbench.labels.models import STATUS_NAMES, Label
from clusterbench.labels.services import labels_stamp
from clusterbench.numbers import id_parse
from clusterbench.text import csv_writer
from clusterbench.web.selectors import (
    KEYSET_SORTS,
    SORTS,
    benchmarked_clusters,
    benchmarked_countries,
    country_codes,
    headline_get,
    label_now,
    portfolio_slugs,
    portfolios_all,
    public_clusters,
    public_count,
    public_page,
    with_label_now,
)

PAGE_SIZES = (25, 50, 100)
LISTING_SECONDS = 60  # like the counts; a change to a label shows at once (labels_stamp)


def _filters(request) -> dict:
    """The listing's filters from the query string; anything unknown is ignored."""
    get = request.GET
    country = get.get("country", "")[:2]
    portfolio = get.get("portfolio", "")[:40]
    sort = get.get("sort", "name")
    return {
        "query": search_query(get.get("q", "")),
        "country": country if country.upper() in country_codes() else "",
        "portfolio": portfolio if portfolio in portfolio_slugs() else "",
        "sort": sort if sort in SORTS else "name",
    }


def _label_text(cluster) -> str:
    # The label it is known by, as on the cluster's page, the badge, the export and the API.
    now = label_now(cluster)
    if now.status == "valid":
        day = date_format(now.valid_until, pgettext("label list date format", "d M Y"))
        return f"{Label.Level(now.level).label}, {day}"
    return str(STATUS_NAMES[now.status]) if now.status else "—"


def _page_number(asked, *, count: int, per_page: int) -> int:
    """The page a listing shows for the page asked (as Django's paginator answers it: the
    first if not a number, the last if out of range)."""
    paginator = Paginator((), per_page)
    paginator.count = count
    return paginator.get_page(asked).number


def _cursor(request, sort: str) -> tuple[str, list] | None:
    """The cursor of a page link in name order, (direction, key); None for none or one
    this site did not write (then the page number alone counts)."""
    read = cursor_read(request.GET.get("cursor", "")[:1000])
    if sort not in KEYSET_SORTS or read is None:
        return None
    direction, key = read
    name, pk = key if len(key) == 2 else (None, None)
    if not (isinstance(name, str) and isinstance(pk, int) and 0 < pk < 10**18):
        return None
    return direction, [name, pk]


def _page_links(listing, query: dict) -> dict:
    """The query strings of the pages before and after a listing's page: in name order,
    with the key of the row they continue from, so that no row is skipped or repeated
    and a deep page costs what the first does."""
    links = {}
    if listing.has_previous:
        links["previous"] = {**query, "page": listing.number - 1}
        if listing.number > 2 and listing.first_key:
            links["previous"]["cursor"] = cursor_make("before", listing.first_key)
    if listing.has_next:
        links["next"] = {**query, "page": listing.number + 1}
        if listing.last_key:
            links["next"]["cursor"] = cursor_make("after", listing.last_key)
    return {name: urlencode(link) for name, link in links.items()}


@never_cache  # it shows labels: one that expired or was revoked must go at once
def database(request):
    filters = _filters(request)
    size = request.GET.get("per_page", "")
    per_page = id_parse(size) if id_parse(size) in PAGE_SIZES else PAGE_SIZES[0]
    count = public_count(
        query=filters["query"], country=filters["country"], portfolio=filters["portfolio"]
    )
    number = _page_number(request.GET.get("page"), count=count, per_page=per_page)
    cursor = _cursor(request, filters["sort"])
    # The listing as rendered is kept for a minute, under everything it depends on: the
    # filters, the page, the language, the day (a label expires when a date passes) and the
    # labels' stamp, read from the database on every request, which any write to any label
    # changes: a label awarded, renewed, revoked or deleted shows at once, on every server
    # process, with a cache of each process's own as with a shared one.
    today = timezone.localdate()
    key = json.dumps(
        [
            labels_stamp(),
            today.isoformat(),
            translation.get_language(),
            filters,
            per_page,
            number,
            cursor,
        ],
        ensure_ascii=False,
    )
    key = "clusters:listing:" + hashlib.sha256(key.encode()).hexdigest()
    content = cache.get(key)
    if content is None:
        direction, row_key = cursor or (None, None)
        listing = public_page(
            **filters,
            per_page=per_page,
            number=number,
            after=row_key if direction == "after" else None,
            before=row_key if direction == "before" else None,
        )
        for cluster in listing.clusters:
            cluster.label_text = _label_text(cluster)
        query = {"q": filters["query"], **{k: filters[k] for k in ("country", "portfolio")}}
        query = {k: v for k, v in query.items() if v}  # the filters, for the links
        pages_query = {**query, "sort": filters["sort"], "per_page": per_page}
        content = render_to_string(
            "clusters/database_content.html",
            {
                "page": listing,
                "links": _page_links(listing, pages_query),
                "count": count,
                "filters": filters,
                # the same filters, for the CSV and JSON downloads
                "download_query": urlencode(query),
                "headline": headline_get(),
                # Read only when the filter form is rendered (it is kept for a minute).
                "countries": lambda: by_local_name(benchmarked_countries()),
                "portfolios": portfolios_all,
                "sorts": SORTS,
            },
        )
        cache.set(key, content, LISTING_SECONDS)
    return render(request, "clusters/database.html", {"content": content})


def _rows(request):
    for c in public_clusters(**_filters(request)).iterator(chunk_size=1000):
        label = label_now(c)
        yield {
            "name": c.name,
            "name_en": c.name_en,
            "portfolio": c.portfolio.name,
            "country": c.country.name,
            "website": c.website,
            # One label's level, end and status; ISO 8601, for machines; the status says
            # what the date means today
            "label_level": label.level,
            "label_valid_until": label.valid_until.isoformat() if label.valid_until else None,
            "label_status": label.status,
        }


@never_cache
def database_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="benchmarked-clusters.csv"'
    columns = [
        "name",
        "name_en",
        "portfolio",
        "country",
        "website",
        "label_level",
        "label_valid_until",
        "label_status",
    ]
    writer = csv_writer(response)
    writer.writerow(columns)
    writer.writerows([row[column] for column in columns] for row in _rows(request))
    return response


@never_cache
def database_json(request):
    return JsonResponse(
        {"clusters": list(_rows(request))}, json_dumps_params={"ensure_ascii": False}
    )


@never_cache
def public_cluster(request, pk: int):
    cluster = get_object_or_404(
        with_label_now(benchmarked_clusters().select_related("country", "portfolio")), pk=pk
    )
    today = timezone.localdate()
    labels = list(cluster.labels.all())
    now = label_now(cluster)
    shown = next((label for label in labels if label.certificate_id == now.certificate_id), None)
    return render(
        request,
        "clusters/cluster.html",
        {
            "cluster": cluster,
            "labels": [(label, STATUS_NAMES[label.status_on(today)]) for label in labels],
            # the label it is known by: shown with its badge when valid, else said to
            # have expired or been revoked
            "current": shown if now.status == "valid" else None,
            "latest": shown if now.status != "valid" else None,
        },
    )
