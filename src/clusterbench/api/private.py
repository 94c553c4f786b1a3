"""Operations with a personal token: they act as the token's user, through the same
permission helpers, selectors and services as the web pages, so the API can neither see
nor do more than that person can on the web."""

from typing import Annotated, Literal

from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Path, Query, Router, Schema
from pydantic import Field

from clusterbench.accounts.models import User
from clusterbench.engagements import workflow
from clusterbench.engagements.models import Benchmarking
from clusterbench.engagements.permissions import engagement_get_for_user, engagements_for
from clusterbench.engagements.selectors import (
    PATH,
    engagement_next_steps,
    engagement_steps,
)
from clusterbench.errors import StepRefused
from clusterbench.interviews.services import NOT_KNOWN, answer_save
from clusterbench.networks.selectors import network_brief_get, network_get_for_user
from clusterbench.reports import services as reports
from clusterbench.reports.pdf import render_pdf
from clusterbench.reports.selectors import report_versions_for

from . import schemas
from .pagination import MAX_LIMIT, page_of
from .schemas import AnswerConflictProblem, InvalidProblem, Problem

router = Router(tags=["with a token"])
ERRORS = {401: Problem, 404: Problem, 422: InvalidProblem, 429: Problem}
PDF = {
    200: {
        "description": "The PDF",
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
    }
}
ID = 2**63  # above any id: a larger one is simply not found


def _user(request) -> User:
    return request.auth.user


def _engagement(request, engagement_id: int):
    if not 0 < engagement_id < ID:
        raise Http404("No such engagement.")
    return engagement_get_for_user(_user(request), engagement_id)


def _name(user) -> str | None:
    return (user.get_full_name() or user.username) if user else None


def _cluster_ref(cluster) -> dict:
    return {
        "id": cluster.pk,
        "name": cluster.name,
        "name_en": cluster.name_en,
        "country": {"code": cluster.country.alpha2, "name": cluster.country.name},
    }


def _engagement_out(engagement) -> dict:
    return {
        "id": engagement.pk,
        "cluster": _cluster_ref(engagement.cluster),
        "framework": engagement.framework.version,
        "status": engagement.status,
        "status_label": engagement.get_status_display(),
        "expert": _name(engagement.expert),
        "interview_start": engagement.interview_start,
        "interview_date": engagement.interview_date,
        "report_language": engagement.report_language,
        "created_at": engagement.created_at,
    }


def _engagement_detail(user, engagement) -> dict:
    data = _engagement_out(engagement)
    data["steps"] = [
        # The labels are the page's, translated lazily: the API speaks them as text.
        {"status": status, **step, "label": str(step["label"])}
        for status, step in zip(PATH, engagement_steps(engagement), strict=True)
    ]
    data["timeline"] = [
        {
            "at": event.at,
            "from_status": event.from_status,
            "to_status": event.to_status,
            "description": event.description,
            "actor": _name(event.actor),
        }
        for event in engagement.events.select_related("actor")
    ]
    data["next_steps"] = sorted(engagement_next_steps(user, engagement))
    return data


@router.get(
    "/me", response={200: schemas.Me, 401: Problem, 429: Problem}, summary="Who the token acts for"
)
def me(request):
    user = _user(request)
    return {
        "id": user.pk,
        "username": user.username,
        "name": _name(user),
        "role": "secretariat" if user.is_secretariat else user.role,
        "network_id": user.network_id,
        "cluster_ids": sorted(user.clusters.values_list("pk", flat=True)),
    }


class EngagementFilters(Schema):
    status: Literal["", *Benchmarking.Status.values] = Field(
        default="", description="Only engagements at this step, e.g. scheduled"
    )
    cursor: str | None = Field(default=None, max_length=64, description="next_cursor of a page")
    limit: int = Field(default=50, ge=1, le=MAX_LIMIT)


@router.get(
    "/engagements",
    response={200: schemas.EngagementPage, 400: Problem, **ERRORS},
    summary="The engagements you may see, in id order",
)
def engagement_list(request, filters: Query[EngagementFilters]):
    rows = engagements_for(_user(request)).select_related("framework")
    if filters.status:
        rows = rows.filter(status=filters.status)
    page, next_cursor = page_of(rows, cursor=filters.cursor, limit=filters.limit)
    return {"items": [_engagement_out(e) for e in page], "next_cursor": next_cursor}


@router.get(
    "/engagements/{engagement_id}",
    response={200: schemas.EngagementDetail, **ERRORS},
    summary="One engagement: its step, timeline and what you can do next",
)
def engagement_detail(request, engagement_id: int):
    return _engagement_detail(_user(request), _engagement(request, engagement_id))


@router.get(
    "/engagements/{engagement_id}/answers",
    response={200: schemas.Answers, **ERRORS},
    summary="The engagement's answers, each with its version",
)
def answers(request, engagement_id: int):
    engagement = _engagement(request, engagement_id)
    rows = engagement.answers.select_related("indicator").order_by("indicator__position", "pk")
    return {
        "engagement_id": engagement.pk,
        "asked": engagement.framework.indicators.exclude(kind="derived").count(),
        "items": [schemas.AnswerOut.from_answer(answer) for answer in rows],
    }


@router.put(
    "/engagements/{engagement_id}/answers/{code}",
    response={
        200: schemas.AnswerOut,
        403: Problem,
        409: AnswerConflictProblem,
        **ERRORS,
    },
    summary="Write one answer (the interview workspace's save)",
    description="The same validation, versions and audit as the workspace: send the version "
    "you read (0 for a new answer); 409 with the current answer when it changed meanwhile; "
    "403 when the interview is closed or the answer is not yours to give.",
)
def answer_write(
    request,
    engagement_id: int,
    code: Annotated[str, Path(pattern=r"^[A-Za-z0-9]{1,12}$", description="e.g. S1")],
    payload: schemas.AnswerIn,
):
    engagement = _engagement(request, engagement_id)
    raw = payload.value
    if not isinstance(raw, str):
        raw = "" if raw is None else repr(raw)  # repr: the shortest exact text of a float
    answer = answer_save(
        user=_user(request),
        benchmarking=engagement,
        code=code,
        raw=NOT_KNOWN if payload.not_known else raw,
        evidence=payload.evidence,
        expected_version=payload.version,
    )
    return schemas.AnswerOut.from_answer(answer)


def _version_out(engagement, version) -> dict:
    return {
        "number": version.number,
        "status": version.status,
        "language": version.language,
        "identifier": version.identifier,
        "created_at": version.created_at,
        "released_at": version.released_at,
        "pdf_sha256": version.pdf_sha256,
        "replaces": version.replaces.number if version.replaces_id else None,
        "pdf": reverse("api-v1:report_pdf", args=[engagement.pk, version.number]),
    }


@router.get(
    "/engagements/{engagement_id}/reports",
    response={200: schemas.ReportVersions, **ERRORS},
    summary="The report versions you may read, newest first",
)
def report_versions(request, engagement_id: int):
    engagement = _engagement(request, engagement_id)
    versions = report_versions_for(_user(request), engagement)
    return {
        "engagement_id": engagement.pk,
        "items": [_version_out(engagement, v) for v in versions],
    }


@router.get(
    "/engagements/{engagement_id}/reports/{number}/pdf",
    response={**ERRORS},
    openapi_extra={"responses": PDF},
    url_name="report_pdf",
    summary="Download a report version's PDF",
)
def report_pdf(request, engagement_id: int, number: int):
    engagement = _engagement(request, engagement_id)
    version = (
        report_versions_for(_user(request), engagement).filter(number=number).first()
        if 0 < number < 2**15
        else None
    )
    if version is None:
        raise Http404(f"This engagement has no report version {number} that you may read.")
    if version.is_released:
        response = FileResponse(version.pdf.open("rb"), content_type="application/pdf")
        name = f"{version.identifier}.pdf"
    else:
        response = HttpResponse(
            render_pdf(reports.report_build(version)), content_type="application/pdf"
        )
        name = f"draft-{engagement.pk}-v{version.number}-{version.language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- the engagement's steps, as on its web page -----------------------------------

STEP_ERRORS = {200: schemas.EngagementDetail, 403: Problem, **ERRORS}
STEP_NOTE = "Through the same service and guards as the engagement page; 403 says why not."


def _after(request, engagement) -> dict:
    engagement.refresh_from_db()
    return _engagement_detail(_user(request), engagement)


@router.post(
    "/engagements/{engagement_id}/cancel",
    response=STEP_ERRORS,
    summary="Cancel the engagement",
    description=STEP_NOTE,
)
def engagement_cancel(request, engagement_id: int, payload: schemas.Reason):
    engagement = _engagement(request, engagement_id)
    workflow.engagement_cancel(user=_user(request), benchmarking=engagement, reason=payload.reason)
    return _after(request, engagement)


@router.post(
    "/engagements/{engagement_id}/assign",
    response=STEP_ERRORS,
    summary="Assign an expert (secretariat)",
    description=STEP_NOTE,
)
def engagement_assign(request, engagement_id: int, payload: schemas.ExpertChoice):
    engagement = _engagement(request, engagement_id)
    expert = (
        User.objects.filter(pk=payload.expert_id).first() if 0 < payload.expert_id < ID else None
    )
    if expert is None:
        raise StepRefused(f"No user has the id {payload.expert_id}; choose an expert.")
    workflow.expert_assign(user=_user(request), benchmarking=engagement, expert=expert)
    return _after(request, engagement)


@router.post(
    "/engagements/{engagement_id}/reopen",
    response=STEP_ERRORS,
    summary="Re-open a closed interview (secretariat)",
    description=STEP_NOTE,
)
def engagement_reopen(request, engagement_id: int, payload: schemas.Reason):
    engagement = _engagement(request, engagement_id)
    workflow.interview_reopen(user=_user(request), benchmarking=engagement, reason=payload.reason)
    return _after(request, engagement)


@router.post(
    "/engagements/{engagement_id}/review",
    response=STEP_ERRORS,
    summary="Start the review of the draft report",
    description=STEP_NOTE,
)
def engagement_review(request, engagement_id: int):
    engagement = _engagement(request, engagement_id)
    workflow.review_start(user=_user(request), benchmarking=engagement)
    return _after(request, engagement)


@router.post(
    "/engagements/{engagement_id}/draft",
    response=STEP_ERRORS,
    summary="Draft the report now (secretariat)",
    description=STEP_NOTE,
)
def engagement_draft(request, engagement_id: int):
    engagement = _engagement(request, engagement_id)
    reports.report_draft_ready(user=_user(request), benchmarking=engagement)
    return _after(request, engagement)


# --- networks -----------------------------------------------------------------------


@router.get(
    "/networks/{network_id}/brief",
    response={200: schemas.NetworkBrief, 403: Problem, **ERRORS},
    summary="The network brief: the members' aggregated results",
    description="The brief of the network page, from the same selector: every figure was "
    'published under the disclosure rule, else it reads "withheld".',
)
def network_brief(request, network_id: int):
    if not 0 < network_id < ID:
        raise Http404("No such network.")
    network = network_get_for_user(_user(request), network_id)
    brief = network_brief_get(network)
    if brief is None:
        raise Http404("No methodology framework is loaded yet, so there is no brief.")
    keys = ("framework", "members", "shown", "min_peers", "areas", "strongest", "weakest", "method")
    return {
        "network_id": network.pk,
        "network": brief["network"],
        "date": timezone.localdate(),
        **{key: brief[key] for key in keys},
    }
