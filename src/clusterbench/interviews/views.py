"""Interview pages: the workspace, saving one answer at a time, and the answers' audit."""

import json
import zoneinfo
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.formats import get_format
from django.views.decorators.http import require_POST

from clusterbench.accounts.decorators import secretariat_required
from clusterbench.engagements import workflow
from clusterbench.engagements.models import Benchmarking
from clusterbench.engagements.permissions import (
    engagement_get_for_user,
    is_assigned_expert,
    is_manager,
)
from clusterbench.engagements.times import cluster_zone
from clusterbench.errors import StepRefused
from clusterbench.interviews.models import AnswerChange
from clusterbench.interviews.services import AnswerConflict, answer_save, answer_shown
from clusterbench.interviews.workspace_text import workspace_messages
from clusterbench.methodology.spec import derived_value

S = Benchmarking.Status


def _shown_here(value, not_known: bool) -> str:
    """An answer as the reader writes numbers: 2,5 on a Serbian page (the parser reads
    either separator)."""
    shown = answer_shown(value, not_known)
    return shown if not_known else shown.replace(".", get_format("DECIMAL_SEPARATOR"))


@login_required
def interview_workspace(request, pk: int):
    engagement = engagement_get_for_user(request.user, pk)
    expert = is_assigned_expert(request.user, engagement)
    manager = is_manager(request.user, engagement)
    editable = (expert and engagement.status == S.SCHEDULED) or (
        manager and engagement.status in (S.ACCEPTED, S.SCHEDULED)
    )
    answers = {a.indicator_id: a for a in engagement.answers.all()}
    areas = []
    for area in engagement.framework.areas.prefetch_related("indicators"):
        items = []
        for indicator in area.indicators.all():
            answer = answers.get(indicator.pk)
            items.append(
                {
                    "indicator": indicator,
                    "answer": answer,
                    "shown": _shown_here(answer.value, answer.not_known) if answer else "",
                    "locked": manager and answer is not None and not answer.self_assessed,
                }
            )
        areas.append((area, items))
    return render(
        request,
        "engagements/workspace.html",
        {
            "engagement": engagement,
            "areas": areas,
            "editable": editable,
            "mode": "interview" if expert else "self-assessment" if manager else "read-only",
            "progress": _progress(engagement),
            "messages_for_script": workspace_messages(),
            "derived": _derived(engagement),
            "missing": workflow.interview_missing(engagement) if expert else [],
            "closes_early": expert and workflow.interview_closes_early(engagement),
            "interview_local": engagement.interview_start.astimezone(
                zoneinfo.ZoneInfo(engagement.cluster.time_zone)
            )
            if engagement.interview_start
            else None,
        },
    )


def _progress(engagement) -> dict:
    """The workspace's counts, all from one read, so the bar and the list agree: ready
    (answered and confirmed) = answered - unconfirmed = asked - still missing."""
    asked = engagement.framework.indicators.exclude(kind="derived").count()
    answered = engagement.answers.count()
    unconfirmed = engagement.answers.filter(self_assessed=True).count()
    return {
        "answered": answered,
        "asked": asked,
        "unconfirmed": unconfirmed,
        "ready": answered - unconfirmed,
    }


def _derived(engagement) -> dict[str, str]:
    values = dict(engagement.answers.values_list("indicator__code", "value"))
    shown = {}
    for indicator in engagement.framework.indicators.filter(kind="derived"):
        value = derived_value(indicator.numerator, indicator.denominator, values)
        shown[indicator.code] = "—" if value is None else f"{value:,.2f}"
    return shown


@require_POST
def answer_autosave(request, pk: int, code: str):
    """Save one answer; JSON in and out, so the page can keep and retry what was typed."""
    if not request.user.is_authenticated:
        return JsonResponse(
            {
                "error": "Your session has ended. Log in again (in another tab) "
                "and your answers will be saved.",
                "login": True,
            },
            status=401,
        )
    engagement = engagement_get_for_user(request.user, pk)
    try:
        expected, raw, evidence = _answer_payload(request.body)
    except ValueError as exc:
        return JsonResponse({"error": f"Malformed request: {exc}"}, status=400)
    try:
        answer = answer_save(
            user=request.user,
            benchmarking=engagement,
            code=code,
            raw=raw,
            evidence=evidence,
            expected_version=expected,
        )
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=422)
    except StepRefused as exc:
        return JsonResponse({"error": str(exc)}, status=403)
    except AnswerConflict as exc:
        current = exc.current
        return JsonResponse(
            {
                "error": "conflict",
                "version": current.version,
                "value": _shown_here(current.value, current.not_known),
                "not_known": current.not_known,
                "evidence": current.evidence,
                "by": current.answered_by.get_full_name() if current.answered_by else "someone",
                "at": _clock(current.answered_at, engagement),
            },
            status=409,
        )
    return JsonResponse(
        {
            "version": answer.version,
            "value": _shown_here(answer.value, answer.not_known),
            "not_known": answer.not_known,
            "self_assessed": answer.self_assessed,
            "saved_at": _clock(answer.answered_at, engagement),
            "progress": _progress(engagement),
            "derived": _derived(engagement),
            "missing": workflow.interview_missing(engagement)
            if is_assigned_expert(request.user, engagement)
            else None,
        }
    )


def _clock(moment, engagement) -> str:
    """The time of day of a save, in the cluster's zone like every time of the engagement."""
    if moment is None:
        return ""
    return f"{moment.astimezone(cluster_zone(engagement.cluster)):%H:%M:%S}"


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number")


def _is_unicode(text: str) -> bool:
    # JSON may escape half of a surrogate pair ("\ud800"), which no database can store.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _answer_payload(body: bytes) -> tuple[int, object, object]:
    """(version, value, evidence) from a save's JSON, or ValueError saying what is wrong.

    JSON numbers are read as exact decimals (never floats), NaN and Infinity are refused,
    and each field must have its type: version a whole number, not_known true or false.
    """
    try:
        payload = json.loads(body, parse_float=Decimal, parse_constant=_refuse_constant)
    except RecursionError:
        raise ValueError("the JSON is nested too deeply") from None
    except UnicodeDecodeError:
        raise ValueError("the body is not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg})") from None
    if not isinstance(payload, dict):
        raise ValueError("expected a JSON object")
    version = payload.get("version", 0)
    if isinstance(version, bool) or not isinstance(version, int) or not 0 <= version < 2**31:
        raise ValueError("version must be a whole number of at least 0")
    not_known = payload.get("not_known", False)
    if not isinstance(not_known, bool):
        raise ValueError("not_known must be true or false")
    value = payload.get("value", "")
    if not isinstance(value, str | int | Decimal) or isinstance(value, bool):
        raise ValueError("value must be text or a number")
    evidence = payload.get("evidence", "")
    if not isinstance(evidence, str):
        raise ValueError("evidence must be text")
    for text in (value, evidence):
        if isinstance(text, str) and not _is_unicode(text):
            raise ValueError("the text holds an invalid character (a lone surrogate)")
    return version, "not known" if not_known else value, evidence


@secretariat_required
def answer_audit(request, pk: int):
    engagement = get_object_or_404(Benchmarking.objects.select_related("cluster"), pk=pk)
    changes = AnswerChange.objects.filter(benchmarking=engagement).select_related(
        "indicator", "changed_by"
    )
    return render(request, "engagements/audit.html", {"engagement": engagement, "changes": changes})
