"""Operations with a personal token: they act as the token's user, through the same
permission helpers, selectors and services as the web pages, so the API can neither see
nor do more than that person can on the web."""

from typing import Annotated, Literal

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from ninja import Path, Query, Router, Schema
from pydantic import Field

from clusterbench import flow
from clusterbench.accounts.models import User
from clusterbench.engagements import workflow
from clusterbench.engagements.models import Benchmarking
from clusterbench.engagements.permissions import engagement_get_for_user, engagements_for
from clusterbench.engagements.selectors import (
    engagement_next_steps,
    engagement_steps,
    slot_get,
)
from clusterbench.interviews.services import NOT_KNOWN, answer_save
from clusterbench.networks.selectors import network_brief_get, network_get_for_user
from clusterbench.reports import services as reports
from clusterbench.reports.downloads import report_pdf_download
from clusterbench.reports.selectors import report_version_for, report_versions_for

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


def _user(request) -> User:
    return request.auth.user


def _engagement(request, engagement_id: int):
    # An id beyond any column simply matches nothing (Django's lookups say so), so: 404.
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
    data["steps"] = engagement_steps(engagement)
    data["timeline"] = [
        {
            "at": event.at,
            "from_status": event.from_status,
            "to_status": event.to_status,
            "description": event.text,  # in the language of the call
            "actor": _name(event.actor),
        }
        for event in engagement.events.select_related("actor")
    ]
    data["slots"] = [
        {"id": slot.pk, "start": slot.start, "confirmed": slot.confirmed}
        for slot in engagement.slots.all()
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
    raw = "" if payload.value is None else payload.value  # text, int or exact Decimal
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
    response={**ERRORS, 409: Problem},  # 409: a draft's text its fonts cannot show
    openapi_extra={"responses": PDF},
    url_name="report_pdf",
    summary="Download a report version's PDF",
)
def report_pdf(request, engagement_id: int, number: int):
    engagement = _engagement(request, engagement_id)
    return report_pdf_download(report_version_for(_user(request), engagement, number))


# --- the engagement's steps, as on its web page -----------------------------------

STEP_ERRORS = {200: schemas.EngagementDetail, 403: Problem, **ERRORS}
STEP_NOTE = (
    "Through the same service and guards as the engagement page; 403 says why the step is "
    "not allowed, 422 what is wrong with what was sent (an empty reason, for one)."
)


def _step(request, engagement_id: int, take) -> dict:
    """One step of the engagement page: take(user, engagement) is its service, with its
    guards; the answer is the engagement as it is after the step."""
    user = _user(request)
    engagement = _engagement(request, engagement_id)
    take(user, engagement)
    engagement.refresh_from_db()
    return _engagement_detail(user, engagement)


STEP_RENDERS = {**STEP_ERRORS, 409: Problem}  # 409: text the report's fonts cannot show


def step(path: str, summary: str, response: dict = STEP_ERRORS):
    return router.post(
        f"/engagements/{{engagement_id}}/{path}",
        response=response,
        summary=summary,
        description=STEP_NOTE,
    )


@step("cancel", "Cancel the engagement")
def engagement_cancel(request, engagement_id: int, payload: schemas.Reason):
    return _step(
        request,
        engagement_id,
        lambda user, e: workflow.engagement_cancel(
            user=user, benchmarking=e, reason=payload.reason
        ),
    )


@step("assign", "Assign an expert (secretariat)")
def engagement_assign(request, engagement_id: int, payload: schemas.ExpertChoice):
    return _step(
        request,
        engagement_id,
        lambda user, e: workflow.expert_assign(
            user=user, benchmarking=e, expert=workflow.expert_named(payload.expert_id)
        ),
    )


@step("reopen", "Re-open a closed interview (secretariat)")
def engagement_reopen(request, engagement_id: int, payload: schemas.Reason):
    return _step(
        request,
        engagement_id,
        lambda user, e: workflow.interview_reopen(user=user, benchmarking=e, reason=payload.reason),
    )


@step("confirm", "Confirm a proposed interview time (assigned expert, secretariat)")
def engagement_confirm(request, engagement_id: int, payload: schemas.SlotChoice):
    return _step(
        request,
        engagement_id,
        lambda user, e: workflow.slot_confirm(user=user, slot=slot_get(e, payload.slot_id)),
    )


@step("close", "Close the interview (assigned expert)")
def engagement_close(request, engagement_id: int, payload: schemas.Closing):
    return _step(
        request,
        engagement_id,
        lambda user, e: flow.interview_close(user=user, benchmarking=e, reason=payload.reason),
    )


@step("review", "Start the review of the draft report")
def engagement_review(request, engagement_id: int):
    return _step(
        request,
        engagement_id,
        lambda user, e: workflow.review_start(user=user, benchmarking=e),
    )


@step("draft", "Draft the report now (secretariat)", STEP_RENDERS)
def engagement_draft(request, engagement_id: int):
    return _step(
        request,
        engagement_id,
        lambda user, e: reports.report_draft_now(user=user, benchmarking=e),
    )


@router.post(
    "/engagements/{engagement_id}/reports/{number}/release",
    # 409: text the report's fonts cannot show (the final PDF is rendered here)
    response={200: schemas.ReportVersion, 403: Problem, 409: Problem, **ERRORS},
    summary="Release a report version (secretariat)",
    description="The report page's release, through the same service and guards: the "
    "version gets its identifier and final PDF, the engagement is released and the "
    "cluster awarded the Bronze Label if it meets the eligibility baseline (a correction "
    "replaces the version it corrects). It cannot be undone. 403 says why not.",
)
def report_release(request, engagement_id: int, number: int):
    user = _user(request)
    engagement = _engagement(request, engagement_id)
    version = flow.report_release(user=user, version=report_version_for(user, engagement, number))
    return _version_out(engagement, version)


# --- networks -----------------------------------------------------------------------


@router.get(
    "/networks/{network_id}/brief",
    response={200: schemas.NetworkBrief, 403: Problem, **ERRORS},
    summary="The network brief: the members' aggregated results",
    description="The brief of the network page, from the same selector: every figure was "
    'published under the disclosure rule, else it reads "withheld".',
)
def network_brief(request, network_id: int):
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
