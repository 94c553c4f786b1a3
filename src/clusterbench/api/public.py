"""Public operations, no token: the headline, the database of benchmarked clusters, one
cluster with its labels, and the verification of a certificate. The same selectors as
the public pages, so the API shows exactly what they show."""

from typing import Literal

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from clusterbench.clusters.search import QUERY_MAX, search_query
from clusterbench.labels.services import certificate_clean, label_by_certificate
from clusterbench.web.selectors import headline_get, label_now, public_clusters

from . import schemas
from .pagination import MAX_LIMIT, page_of
from .schemas import InvalidProblem, Problem

router = Router(tags=["public"])
ERRORS = {422: InvalidProblem, 429: Problem}


def _country(country) -> dict:
    return {"code": country.alpha2, "name": country.name}


def _cluster(cluster) -> dict:
    label = label_now(cluster)  # one label's level, status and end, as on the public page
    return {
        "id": cluster.pk,
        "name": cluster.name,
        "name_en": cluster.name_en,
        "country": _country(cluster.country),
        "portfolio": {"slug": cluster.portfolio.slug, "name": cluster.portfolio.name},
        "website": cluster.website,
        "label": {"level": label.level, "status": label.status, "valid_until": label.valid_until},
        "page": settings.SITE_URL + reverse("public_cluster", args=[cluster.pk]),
    }


@router.get(
    "/headline",
    response={200: schemas.Headline, 429: Problem},
    summary="How many clusters in how many countries were benchmarked",
)
def headline(request):
    counts = headline_get()
    return {"clusters": counts.clusters, "countries": counts.countries}


class ClusterFilters(Schema):
    q: str = Field(default="", max_length=QUERY_MAX, description="Search in both names, any script")
    country: str = Field(default="", pattern=r"^[A-Za-z]{0,2}$", description="ISO alpha-2, e.g. RS")
    portfolio: str = Field(
        default="", pattern=r"^[a-z0-9-]{0,40}$", description="Portfolio slug, e.g. ict"
    )
    level: Literal["", "bronze", "silver", "gold"] = Field(
        default="", description="Only clusters showing a label of this level today"
    )
    valid: bool | None = Field(
        default=None, description="Only clusters with (true) or without (false) a valid label"
    )
    cursor: str | None = Field(default=None, max_length=64, description="next_cursor of a page")
    limit: int = Field(default=50, ge=1, le=MAX_LIMIT)


@router.get(
    "/clusters",
    response={200: schemas.ClusterPage, 400: Problem, **ERRORS},
    summary="The database of benchmarked clusters",
    description="Filters as on the web page; pages in id order (keyset): follow next_cursor.",
)
def clusters(request, filters: Query[ClusterFilters]):
    rows = public_clusters(
        query=search_query(filters.q),
        country=filters.country,
        portfolio=filters.portfolio,
        level=filters.level,
        valid=filters.valid,
    )
    page, next_cursor = page_of(rows, cursor=filters.cursor, limit=filters.limit)
    return {
        "items": [_cluster(c) for c in page],
        "next_cursor": next_cursor,
    }


@router.get(
    "/clusters/{cluster_id}",
    response={200: schemas.ClusterWithLabels, 404: Problem, **ERRORS},
    summary="One benchmarked cluster with its label history",
)
def cluster(request, cluster_id: int):
    found = public_clusters().filter(pk=cluster_id).first()
    if found is None:
        raise Http404(f"No benchmarked cluster has the id {cluster_id}.")
    today = timezone.localdate()
    data = _cluster(found)
    data["labels"] = [
        {
            "certificate_id": label.certificate_id,
            "level": label.level,
            "status": label.status_on(today),
            "valid_from": label.valid_from,
            "valid_until": label.valid_until,
            "revoked_at": label.revoked_at,
            "revoked_reason": label.revoked_reason,
        }
        for label in found.labels.all()
    ]
    return data


@router.get(
    "/certificates/{certificate_id}",
    response={200: schemas.Verification, **ERRORS},
    summary="Verify a certificate: valid, expired, revoked or unknown",
    description="An identifier that does not exist, or cannot, is answered as unknown.",
)
def verify(request, certificate_id: str):
    asked = certificate_clean(certificate_id)
    label = label_by_certificate(asked)
    if label is None:
        return {
            "certificate_id": asked,
            "status": "unknown",
            "level": None,
            "cluster": None,
            "valid_from": None,
            "valid_until": None,
            "revoked_at": None,
            "revoked_reason": None,
        }
    cluster = label.cluster
    return {
        "certificate_id": label.certificate_id,
        "status": label.status_on(timezone.localdate()),
        "level": label.level,
        "cluster": {
            "id": cluster.pk,
            "name": cluster.name,
            "name_en": cluster.name_en,
            "country": _country(cluster.country),
        },
        "valid_from": label.valid_from,
        "valid_until": label.valid_until,
        "revoked_at": label.revoked_at,
        "revoked_reason": label.revoked_reason,
    }
