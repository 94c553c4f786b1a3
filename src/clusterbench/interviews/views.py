"""Interview pages: the workspace, saving one answer at a time, and the answers' audit."""

import zoneinfo
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
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
from clusterbench.interviews.models import AnswerChange, QualitativeChange
from clusterbench.interviews.qualitative import (
    MEGATRENDS,
    OBSERVATION,
    STORIES_ASKED,
    STORIES_MAX,
    STORY,
)
from clusterbench.interviews.services import (
    AnswerConflict,
    TopicConflict,
    answer_save,
    answer_shown,
    topic_save,
)
from clusterbench.interviews.workspace_text import workspace_messages
from clusterbench.methodology.spec import derived_value
from clusterbench.methodology.translations import area_text
from clusterbench.numbers import json_read

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
    beyond = _beyond(engagement, manager=manager, expert=expert)
    return render(
        request,
        "engagements/workspace.html",
        {
            "engagement": engagement,
            "areas": areas,
            "beyond": beyond,
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


STORIES_IN_WORDS = {3: gettext_noop("three"), 4: gettext_noop("four"), 5: gettext_noop("five")}


def _beyond(engagement, *, manager: bool, expert: bool) -> list[tuple[str, str, list[dict]]]:
    """The workspace's "Beyond the numbers": (heading, intro, items) per group. The expert's
    observations per area are the expert's own, so the self-assessment leaves them out."""
    entries = {e.topic: e for e in engagement.qualitative_entries.all()}

    def item(topic: str, label: str, hint: str = "") -> dict:
        entry = entries.get(topic)
        return {
            "topic": topic,
            "label": label,
            "hint": hint,
            "entry": entry,
            "story": topic.startswith(STORY),
            "locked": manager and entry is not None and not entry.self_assessed,
        }

    groups = [
        (
            _("Strategy and business model"),
            "",
            [
                item("strategy", _("Strategy"), _("The cluster's vision, goals and priorities.")),
                item(
                    "business_model",
                    _("Business model"),
                    _("How the cluster organisation is financed and what it sells to members."),
                ),
            ],
        ),
        (
            _("Megatrends"),
            _("What the cluster does about each megatrend of the 2019 revision."),
            [item(key, _(label)) for key, label in MEGATRENDS.items()],
        ),
    ]
    if not manager or expert:
        framework = engagement.framework
        groups.append(
            (
                _("Observations per area"),
                _("The expert's observation on each area, for the report."),
                [
                    item(
                        f"{OBSERVATION}{area.code}",
                        f"{area.code} {area_text(framework.version, area.code, 'name', area.name)}",
                    )
                    for area in engagement.framework.areas.all()
                ],
            )
        )
    numbers = [int(t.removeprefix(STORY)) for t in entries if t.startswith(STORY)]
    shown = min(max([STORIES_ASKED, *(n + 1 for n in numbers)]), STORIES_MAX)
    groups.append(
        (
            _("Success stories"),
            _(
                "About %(count)s, in the order the report shows them: "
                "title, year, partners and outcome."
            )
            % {"count": _(STORIES_IN_WORDS[STORIES_ASKED])},
            [item(f"{STORY}{n}", _("Success story %(n)s") % {"n": n}) for n in range(1, shown + 1)],
        )
    )
    return groups


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
        return _session_ended()
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


def _session_ended() -> JsonResponse:
    return JsonResponse(
        {
            "error": "Your session has ended. Log in again (in another tab) "
            "and your answers will be saved.",
            "login": True,
        },
        status=401,
    )


@require_POST
def topic_autosave(request, pk: int, topic: str):
    """Save one topic of the qualitative part: the same JSON exchange as answer_autosave,
    with "fields" in place of value and evidence, so the page's autosave and offline
    queue carry both."""
    if not request.user.is_authenticated:
        return _session_ended()
    engagement = engagement_get_for_user(request.user, pk)
    try:
        expected, fields = _topic_payload(request.body)
    except ValueError as exc:
        return JsonResponse({"error": f"Malformed request: {exc}"}, status=400)
    try:
        entry = topic_save(
            user=request.user,
            benchmarking=engagement,
            topic=topic,
            fields=fields,
            expected_version=expected,
        )
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=422)
    except StepRefused as exc:
        return JsonResponse({"error": str(exc)}, status=403)
    except TopicConflict as exc:
        current = exc.current
        return JsonResponse(
            {
                "error": "conflict",
                "version": current.version,
                "fields": current.fields(),
                "by": current.entered_by.get_full_name() if current.entered_by else "someone",
                "at": _clock(current.entered_at, engagement),
            },
            status=409,
        )
    return JsonResponse(
        {
            "version": entry.version,
            "fields": entry.fields(),
            "self_assessed": entry.self_assessed,
            "saved_at": _clock(entry.entered_at, engagement),
        }
    )


def _topic_payload(body: bytes) -> tuple[int, dict]:
    """(version, fields) from a topic's JSON, or ValueError saying what is wrong."""
    payload = _json_object(body)
    version = _version_of(payload)
    fields = payload.get("fields", {})
    if not isinstance(fields, dict):
        raise ValueError("fields must be a JSON object")
    for name, value in fields.items():
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise ValueError(f"{name} must be text")
        if isinstance(value, str) and not _is_unicode(value):
            raise ValueError("the text holds an invalid character (a lone surrogate)")
    return version, fields


def _clock(moment, engagement) -> str:
    """The time of day of a save, in the cluster's zone like every time of the engagement."""
    if moment is None:
        return ""
    return f"{moment.astimezone(cluster_zone(engagement.cluster)):%H:%M:%S}"


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
    payload = _json_object(body)
    version = _version_of(payload)
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


def _json_object(body: bytes) -> dict:
    payload = json_read(body)  # numbers exact, as the API reads them
    if not isinstance(payload, dict):
        raise ValueError("expected a JSON object")
    return payload


def _version_of(payload: dict) -> int:
    version = payload.get("version", 0)
    if isinstance(version, bool) or not isinstance(version, int) or not 0 <= version < 2**31:
        raise ValueError("version must be a whole number of at least 0")
    return version


@secretariat_required
def answer_audit(request, pk: int):
    engagement = get_object_or_404(Benchmarking.objects.select_related("cluster"), pk=pk)
    changes = AnswerChange.objects.filter(benchmarking=engagement).select_related(
        "indicator", "changed_by"
    )
    topic_changes = QualitativeChange.objects.filter(benchmarking=engagement).select_related(
        "changed_by"
    )
    return render(
        request,
        "engagements/audit.html",
        {"engagement": engagement, "changes": changes, "topic_changes": topic_changes},
    )
