"""The public database of benchmarked cluster organisations: public fields only, ever."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from clusterbench.clusters.search import search_query
from clusterbench.numbers import id_parse
from clusterbench.text import csv_writer
from clusterbench.web.selectors import (
    SORTS,
    benchmarked_clusters,
    benchmarked_countries,
    country_codes,
    headline_get,
    label_now,
    portfolios_all,
    public_clusters,
    public_page,
    with_label_now,
)

PAGE_SIZES = (25, 50, 100)


def _filters(request) -> dict:
    """The listing's filters from the query string; anything unknown is ignored."""
    get = request.GET
    country = get.get("country", "")[:2]
    portfolio = get.get("portfolio", "")[:40]
    sort = get.get("sort", "name")
    return {
        "query": search_query(get.get("q", "")),
        "country": country if country.upper() in country_codes() else "",
        "portfolio": portfolio if portfolio in {p.slug for p in portfolios_all()} else "",
        "sort": sort if sort in SORTS else "name",
    }


def _label_text(cluster) -> str:
    # The label it is known by, as on the cluster's page, the badge, the export and the API.
    now = label_now(cluster)
    if now.status == "valid":
        return f"{now.level.capitalize()}, {now.valid_until:%d %b %Y}"
    return now.status or "—"


@never_cache  # it shows labels: one that expired or was revoked must go at once
def database(request):
    filters = _filters(request)
    size = request.GET.get("per_page", "")
    per_page = id_parse(size) if id_parse(size) in PAGE_SIZES else PAGE_SIZES[0]
    page = public_page(**filters, per_page=per_page, number=request.GET.get("page"))
    for cluster in page:
        cluster.label_text = _label_text(cluster)
    return render(
        request,
        "clusters/database.html",
        {
            "page": page,
            "filters": filters,
            "per_page": per_page,
            "page_sizes": PAGE_SIZES,
            "headline": headline_get(),
            "countries": benchmarked_countries(),
            "portfolios": portfolios_all(),
            "sorts": SORTS,
        },
    )


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
            "labels": [(label, label.status_on(today)) for label in labels],
            # the label it is known by: shown with its badge when valid, else said to
            # have expired or been revoked
            "current": shown if now.status == "valid" else None,
            "latest": shown if now.status != "valid" else None,
        },
    )
