"""The public database of benchmarked cluster organisations: public fields only, ever."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.cache import never_cache

from clusterbench.clusters.names import by_local_name
from clusterbench.labels.models import STATUS_NAMES, Label
from clusterbench.labels.services import label_current, label_latest
from clusterbench.numbers import id_parse
from clusterbench.text import csv_writer
from clusterbench.web.selectors import (
    SORTS,
    benchmarked_clusters,
    benchmarked_countries,
    country_codes,
    headline_get,
    label_status,
    portfolios_all,
    public_clusters,
    public_page,
)

PAGE_SIZES = (25, 50, 100)


def _filters(request) -> dict:
    """The listing's filters from the query string; anything unknown is ignored."""
    get = request.GET
    country = get.get("country", "")[:2]
    portfolio = get.get("portfolio", "")[:40]
    sort = get.get("sort", "name")
    return {
        "query": get.get("q", "").strip()[:100],
        "country": country if country.upper() in country_codes() else "",
        "portfolio": portfolio if portfolio in {p.slug for p in portfolios_all()} else "",
        "sort": sort if sort in SORTS else "name",
    }


def _label_text(cluster, today) -> str:
    status = label_status(cluster, today)
    if status == "valid" and cluster.label_level:
        # The highest level valid today, as on the cluster's page, the badge and verification.
        until = date_format(cluster.label_level_until, "d M Y")
        return f"{Label.Level(cluster.label_level).label}, {until}"
    if status == "valid":
        return date_format(cluster.label_until, "d M Y")
    return str(STATUS_NAMES[status]) if status else "—"


@never_cache  # it shows labels: one that expired or was revoked must go at once
def database(request):
    filters = _filters(request)
    size = request.GET.get("per_page", "")
    per_page = id_parse(size) if id_parse(size) in PAGE_SIZES else PAGE_SIZES[0]
    page = public_page(**filters, per_page=per_page, number=request.GET.get("page"))
    today = timezone.localdate()
    for cluster in page:
        cluster.label_text = _label_text(cluster, today)
    return render(
        request,
        "clusters/database.html",
        {
            "page": page,
            "filters": filters,
            "per_page": per_page,
            "page_sizes": PAGE_SIZES,
            "headline": headline_get(),
            "countries": by_local_name(benchmarked_countries()),
            "portfolios": portfolios_all(),
            "sorts": SORTS,
        },
    )


def _rows(request):
    today = timezone.localdate()
    for c in public_clusters(**_filters(request)).iterator(chunk_size=1000):
        yield {
            "name": c.name,
            "name_en": c.name_en,
            "portfolio": c.portfolio.name,
            "country": c.country.name,
            "website": c.website,
            # ISO 8601, for machines; the status says what the date means today
            "label_valid_until": c.label_until.isoformat() if c.label_until else None,
            "label_status": label_status(c, today),
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
        benchmarked_clusters().select_related("country", "portfolio"), pk=pk
    )
    today = timezone.localdate()
    labels = [(label, STATUS_NAMES[label.status_on(today)]) for label in cluster.labels.all()]
    return render(
        request,
        "clusters/cluster.html",
        {
            "cluster": cluster,
            "labels": labels,
            "current": label_current(cluster),
            "latest": label_latest(cluster),
        },
    )
