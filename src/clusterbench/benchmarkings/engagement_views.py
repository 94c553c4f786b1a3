"""Engagement pages: thin views over the workflow services."""

import datetime as dt
import json
import logging
import zoneinfo
from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterbench.accounts.decorators import secretariat_required
from clusterbench.accounts.models import User
from clusterbench.clusters.models import ClusterOrganisation, Country, Network, Portfolio
from clusterbench.clusters.services import cluster_create
from clusterbench.labels.models import Label
from clusterbench.methodology.spec import derived_value
from clusterbench.numbers import NumberError, id_parse, number_parse
from clusterbench.web.confirm import confirmation_page, is_confirmed

from . import workflow
from .calendar import interview_ics
from .models import AnswerChange, Benchmarking, ConflictOfInterest
from .permissions import (
    engagement_get_for_user,
    engagements_for,
    is_assigned_expert,
    is_manager,
    is_secretariat,
)
from .selectors import engagement_next_steps, engagement_steps
from .services import AnswerConflict, answer_save, answer_shown
from .times import cluster_zone, local_time_text
from .workflow import StepRefused
from .workspace_text import workspace_messages

log = logging.getLogger(__name__)
S = Benchmarking.Status
RECENT_DAYS = 90
STEP_ORDER = [
    S.REQUESTED,
    S.QUOTED,
    S.ACCEPTED,
    S.SCHEDULED,
    S.INTERVIEWED,
    S.DRAFT_READY,
    S.IN_REVIEW,
    S.RELEASED,
    S.CANCELLED,
]


@login_required
def engagement_list(request):
    today = timezone.localdate()
    engagements = engagements_for(request.user)
    if is_secretariat(request.user):
        # The dashboard: open engagements, and the releases of the last three months.
        engagements = engagements.exclude(
            status__in=(S.RELEASED, S.CANCELLED),
            interview_date__lt=today - dt.timedelta(days=RECENT_DAYS),
        )
    by_step = defaultdict(list)
    for engagement in engagements:
        if engagement.status == S.INTERVIEWED and is_secretariat(request.user):
            draft = workflow.draft_state(engagement)
            engagement.draft_problem = {"failed": "drafting failed", "stalled": "no draft"}.get(
                draft["state"] if draft else ""
            )
        engagement.overdue = bool(
            engagement.is_open and engagement.report_due and engagement.report_due < today
        )
        by_step[engagement.status].append(engagement)
    for step, items in by_step.items():
        if step in (S.RELEASED, S.CANCELLED):  # finished: the most recent first
            items.sort(key=lambda e: (e.interview_date or dt.date.min, e.pk), reverse=True)
        else:  # overdue first, then the oldest due date, so the most urgent is at the top
            items.sort(key=lambda e: (not e.overdue, e.report_due or dt.date.max, e.pk))
    steps = [(S(step).label, by_step[step]) for step in STEP_ORDER if by_step[step]]
    overdue = [e for e in engagements if e.overdue]
    overdue.sort(key=lambda e: e.report_due)
    return render(
        request,
        "engagements/list.html",
        {
            "steps": steps,
            "overdue": overdue,
            "today": today,
            "can_request": request.user.role == User.Role.CLUSTER_MANAGER,
        },
    )


@login_required
def engagement_request(request):
    user = request.user
    if user.role != User.Role.CLUSTER_MANAGER:
        raise PermissionDenied(_("Only cluster managers request benchmarkings."))
    errors = {}
    if request.method == "POST":
        try:
            if request.POST.get("cluster") == "new":
                cluster = _register_cluster(request)
            else:
                cluster = get_object_or_404(user.clusters, pk=_id(request.POST.get("cluster")))
            engagement = workflow.engagement_request(
                user=user, cluster=cluster, note=request.POST.get("note", "")
            )
        except ValidationError as exc:
            errors = exc.message_dict
        except StepRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your request has been sent to the secretariat."))
            return redirect("engagement_detail", engagement.pk)
    return render(
        request,
        "engagements/request.html",
        {
            "clusters": user.clusters.all(),
            "errors": errors,
            "form": request.POST,
            "countries": Country.objects.all(),
            "portfolios": Portfolio.objects.all(),
        },
    )


def _register_cluster(request):
    """A manager registers their organisation; atomic with the request that follows."""
    post = request.POST
    year = post.get("year_founded", "").strip()
    try:
        founded = (
            number_parse(year, what="Year founded", max_digits=4, decimal_places=0)
            if year
            else None
        )
    except NumberError:
        raise ValidationError({"year_founded": "Year founded must be a year, e.g. 2009."}) from None
    cluster = cluster_create(
        name=post.get("name", "").strip(),
        name_en=post.get("name_en", "").strip(),
        country_code=post.get("country", ""),
        portfolio_slug=post.get("portfolio", ""),
        region=post.get("region", "").strip(),
        website=post.get("website", "").strip(),
        year_founded=int(founded) if founded is not None else None,
        address=post.get("address", "").strip(),
        contact_name=request.user.get_full_name(),
        contact_email=request.user.email,
        time_zone=post.get("time_zone", "").strip() or "Europe/Brussels",
        lookalike_confirmed=post.get("confirm_lookalike") == "1",
    )
    request.user.clusters.add(cluster)
    return cluster


@login_required
def engagement_detail(request, pk: int):
    engagement = engagement_get_for_user(request.user, pk)
    user = request.user
    zone = engagement.cluster.time_zone
    tz = zoneinfo.ZoneInfo(zone)
    slots = [
        (slot, local_time_text(slot.start, zone, named=False)) for slot in engagement.slots.all()
    ]
    experts = []
    if is_secretariat(user) and engagement.status in workflow.BEFORE_INTERVIEW:
        conflicted = set(
            ConflictOfInterest.objects.filter(
                Q(cluster=engagement.cluster) | Q(network__members=engagement.cluster)
            ).values_list("expert_id", flat=True)
        )
        experts = [
            (e, e.pk in conflicted)
            for e in User.objects.filter(role=User.Role.EXPERT, is_active=True).order_by(
                "last_name", "first_name"
            )
        ]
    quote = engagement.quotes.first()
    return render(
        request,
        "engagements/detail.html",
        {
            "engagement": engagement,
            "steps": engagement_steps(engagement),
            "next": engagement_next_steps(user, engagement),
            "quote": quote,
            "quote_expired": quote.is_expired(timezone.localdate()) if quote else False,
            "shows_quotes": is_secretariat(user) or is_manager(user, engagement),
            "events": engagement.events.select_related("actor"),
            "slots": slots,
            "interview_text": local_time_text(
                engagement.interview_start, engagement.cluster.time_zone
            )
            if engagement.interview_start
            else "",
            "experts": experts,
            "is_secretariat": is_secretariat(user),
            "is_manager": is_manager(user, engagement),
            "is_expert": is_assigned_expert(user, engagement),
            "has_report": engagement.reports.filter(status="released").exists()
            or (
                engagement.reports.exists()
                and (is_secretariat(user) or is_assigned_expert(user, engagement))
            ),
            "answered": engagement.answers.count(),
            "label": Label.objects.filter(
                report__benchmarking=engagement, revoked_at__isnull=True
            ).first(),
            "asked": engagement.framework.indicators.exclude(kind="derived").count(),
            "min_slot": timezone.now().astimezone(tz).strftime("%Y-%m-%dT%H:%M"),
            "draft": workflow.draft_state(engagement) if is_secretariat(user) else None,
        },
    )


ACTIONS = {
    "cancel": lambda request, e: workflow.engagement_cancel(
        user=request.user, benchmarking=e, reason=request.POST.get("reason", "")
    ),
    "assign": lambda request, e: workflow.expert_assign(
        user=request.user, benchmarking=e, expert=_expert(request.POST.get("expert"))
    ),
    "propose": lambda request, e: workflow.slots_propose(
        user=request.user,
        benchmarking=e,
        starts=[
            workflow.slot_time(raw, e.cluster.time_zone)
            for raw in request.POST.getlist("start")
            if raw.strip()
        ],
        mode=request.POST.get("mode", ""),
        location=request.POST.get("location", ""),
    ),
    "confirm": lambda request, e: workflow.slot_confirm(
        user=request.user, slot=get_object_or_404(e.slots, pk=_id(request.POST.get("slot")))
    ),
    "close": lambda request, e: workflow.interview_close(
        user=request.user, benchmarking=e, reason=request.POST.get("reason", "")
    ),
    "reopen": lambda request, e: workflow.interview_reopen(
        user=request.user, benchmarking=e, reason=request.POST.get("reason", "")
    ),
    "draft-ready": lambda request, e: _draft_now(request.user, e),
    "review": lambda request, e: workflow.review_start(user=request.user, benchmarking=e),
}


def _draft_now(user, engagement):
    # The secretariat drafts the report at once: the first draft when the background
    # worker has not (it died, or drafting failed), or again. Releasing is a report page
    # step (reports.views), since it needs the report itself.
    from clusterbench.reports.services import report_draft_ready

    try:
        return report_draft_ready(user=user, benchmarking=engagement)
    except StepRefused:
        raise
    except Exception as exc:  # the same failure the worker records: say so, keep the step
        log.exception("Drafting the report of engagement %s failed", engagement.pk)
        raise StepRefused(
            _("Drafting the report failed (%(error)s); the error was logged.")
            % {"error": exc.__class__.__name__}
        ) from None


def _id(raw) -> int:
    """A posted id, or 0 (which matches nothing) when it is not a whole number."""
    return id_parse(raw)


def _expert(raw) -> User:
    expert = User.objects.filter(pk=id_parse(raw)).first()
    if expert is None:
        raise StepRefused(_("Choose an expert."))
    return expert


def _confirm_close(request, engagement):
    workflow.interview_close_check(
        user=request.user, engagement=engagement, reason=request.POST.get("reason", "")
    )
    answered = engagement.answers.count()
    return confirmation_page(
        request,
        title="Close the interview?",
        happens=f"The {answered} answers of {engagement.cluster.name_en} are kept as they are "
        "and the draft report is prepared from them.",
        irreversible="the answers become read-only; only the secretariat can re-open the "
        "interview.",
        button="Close the interview",
        back_url=reverse("interview_workspace", args=[engagement.pk]),
    )


def _confirm_release(request, engagement):
    workflow.report_release_check(user=request.user, engagement=engagement)
    return confirmation_page(
        request,
        title="Release the report?",
        happens=f"The engagement of {engagement.cluster.name_en} is marked released.",
        irreversible="a released report never changes; a correction is a new version.",
        button="Release",
        back_url=reverse("engagement_detail", args=[engagement.pk]),
    )


# Steps that cannot be undone: checked first (a refusal says why at once), then confirmed.
CONFIRMATIONS = {"close": _confirm_close, "release": _confirm_release}


@login_required
@require_POST
def engagement_action(request, pk: int, action: str):
    engagement = engagement_get_for_user(request.user, pk)
    step = ACTIONS.get(action)
    if step is None:
        return HttpResponse("Unknown action.", status=404)
    try:
        if action in CONFIRMATIONS and not is_confirmed(request):
            return CONFIRMATIONS[action](request, engagement)
        step(request, engagement)
    except StepRefused as exc:
        messages.error(request, str(exc))
        if action == "close":  # back to the workspace, where the missing answers are
            return redirect("interview_workspace", pk)
    else:
        # Say what happened, in the words of the timeline.
        messages.success(request, f"{engagement.events.last().description}.")
    return redirect("engagement_detail", pk)


@login_required
def engagement_invite(request, pk: int):
    engagement = engagement_get_for_user(request.user, pk)
    if engagement.interview_start is None:
        return HttpResponse("The interview time is not confirmed yet.", status=404)
    response = HttpResponse(interview_ics(engagement), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="interview-{pk}.ics"'
    return response


# --- the interview workspace --------------------------------------------------------


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
            "derived": _derived(engagement),
            "messages_for_script": workspace_messages(),
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


@login_required
def conflicts(request):
    user = request.user
    if user.role != User.Role.EXPERT:
        raise PermissionDenied(_("Only experts declare conflicts of interest."))
    if request.method == "POST":
        kind, _sep, key = request.POST.get("target", "").partition(":")
        try:
            workflow.conflict_declare(
                user=user,
                reason=request.POST.get("reason", ""),
                cluster=_cluster_by_pk(key) if kind == "cluster" else None,
                network=Network.objects.filter(pk=id_parse(key)).first()
                if kind == "network"
                else None,
            )
        except (StepRefused, ValidationError) as exc:
            messages.error(
                request, exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
            )
        else:
            messages.success(request, _("Conflict of interest declared."))
            return redirect("conflicts")
    query = request.GET.get("q", "").strip()[:100]
    found = (
        ClusterOrganisation.objects.filter(
            Q(name__icontains=query) | Q(name_en__icontains=query)
        ).select_related("country")[:20]
        if query
        else []
    )
    return render(
        request,
        "engagements/conflicts.html",
        {
            "declared": user.conflicts.select_related("cluster", "network"),
            "found": found,
            "query": query,
            "networks": Network.objects.all(),
        },
    )


def _cluster_by_pk(key: str):
    return ClusterOrganisation.objects.filter(pk=id_parse(key)).first()
