"""Engagement pages: thin views over the workflow services."""

import datetime as dt
import zoneinfo
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from clusterbench import flow
from clusterbench.accounts.models import User
from clusterbench.clusters.models import ClusterOrganisation, Country, Network, Portfolio
from clusterbench.clusters.names import by_local_name
from clusterbench.clusters.search import search_query
from clusterbench.clusters.services import cluster_create
from clusterbench.engagements import workflow
from clusterbench.engagements.calendar import interview_ics
from clusterbench.engagements.models import Benchmarking, ConflictOfInterest
from clusterbench.engagements.permissions import (
    engagement_get_for_user,
    engagements_for,
    is_assigned_expert,
    is_manager,
    is_secretariat,
)
from clusterbench.engagements.selectors import (
    engagement_next_steps,
    engagement_steps,
    slot_get,
)
from clusterbench.engagements.times import duration_text, local_time_text
from clusterbench.errors import StepRefused
from clusterbench.labels.models import Label
from clusterbench.languages.reports import REPORT_LANGUAGES
from clusterbench.numbers import NumberError, id_parse, number_parse
from clusterbench.reports.pdf import UndisplayableText
from clusterbench.reports.services import report_draft_now
from clusterbench.web.confirm import confirmation_page, is_confirmed

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
            engagement.draft_problem = {
                "failed": _("drafting failed"),
                "stalled": _("no draft"),
            }.get(draft["state"] if draft else "")
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
        note = request.POST.get("note", "")
        try:
            workflow.request_note_check(note)  # a bad note refuses before anything is written
            with transaction.atomic():  # a refused request leaves no new organisation behind
                if request.POST.get("cluster") == "new":
                    cluster = _register_cluster(request)
                else:
                    cluster = get_object_or_404(user.clusters, pk=_id(request.POST.get("cluster")))
                engagement = workflow.engagement_request(user=user, cluster=cluster, note=note)
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
            "countries": by_local_name(Country.objects.all()),
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
            "interview_length": duration_text(
                engagement.interview_start,
                engagement.interview_minutes,
                engagement.cluster.time_zone,
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
            "reports": _reports_by_language(user, engagement),
            "report_languages": REPORT_LANGUAGES,
            "can_choose_language": engagement.status != Benchmarking.Status.CANCELLED
            and (is_secretariat(user) or is_manager(user, engagement)),
        },
    )


def _reports_by_language(user, engagement) -> list:
    """The latest report version this person may read in each language, newest first."""
    from clusterbench.reports.selectors import report_versions_for

    latest = {}
    for version in report_versions_for(user, engagement):
        latest.setdefault(version.language, version)
    return list(latest.values())


ACTIONS = {
    "cancel": lambda request, e: workflow.engagement_cancel(
        user=request.user, benchmarking=e, reason=request.POST.get("reason", "")
    ),
    "assign": lambda request, e: workflow.expert_assign(
        user=request.user, benchmarking=e, expert=workflow.expert_named(request.POST.get("expert"))
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
        user=request.user, slot=slot_get(e, request.POST.get("slot"))
    ),
    "close": lambda request, e: flow.interview_close(
        user=request.user, benchmarking=e, reason=request.POST.get("reason", "")
    ),
    "reopen": lambda request, e: workflow.interview_reopen(
        user=request.user, benchmarking=e, reason=request.POST.get("reason", "")
    ),
    # Releasing is a report page step (reports.views): it needs the report itself.
    "draft-ready": lambda request, e: report_draft_now(user=request.user, benchmarking=e),
    "review": lambda request, e: workflow.review_start(user=request.user, benchmarking=e),
    "report-language": lambda request, e: _report_language(request, e),
}


def _report_language(request, engagement):
    from clusterbench.reports.services import report_language_choose

    return report_language_choose(
        user=request.user, benchmarking=engagement, language=request.POST.get("language", "")
    )


def _id(raw) -> int:
    """A posted id, or 0 (which matches nothing) when it is not a whole number."""
    return id_parse(raw)


def _confirm_close(request, engagement):
    workflow.interview_close_check(
        user=request.user, engagement=engagement, reason=request.POST.get("reason", "")
    )
    answered = engagement.answers.count()
    return confirmation_page(
        request,
        title=_("Close the interview?"),
        happens=ngettext(
            "The %(count)s answer of %(cluster)s is kept as it is and the draft report is "
            "prepared from it.",
            "The %(count)s answers of %(cluster)s are kept as they are and the draft report is "
            "prepared from them.",
            answered,
        )
        % {"count": answered, "cluster": engagement.cluster.name_en},
        irreversible=_(
            "the answers become read-only; only the secretariat can re-open the interview."
        ),
        button=_("Close the interview"),
        back_url=reverse("interview_workspace", args=[engagement.pk]),
    )


# Steps that cannot be undone: checked first (a refusal says why at once), then confirmed.
CONFIRMATIONS = {"close": _confirm_close}


@login_required
@require_POST
def engagement_action(request, pk: int, action: str):
    engagement = engagement_get_for_user(request.user, pk)
    step = ACTIONS.get(action)
    if step is None:
        return HttpResponse(_("Unknown action."), status=404)
    try:
        if action in CONFIRMATIONS and not is_confirmed(request):
            return CONFIRMATIONS[action](request, engagement)
        step(request, engagement)
    except (StepRefused, UndisplayableText) as exc:  # the latter: text the report cannot show
        messages.error(request, str(exc))
        if action == "close":  # back to the workspace, where the missing answers are
            return redirect("interview_workspace", pk)
    else:
        # Say what happened, in the words of the timeline.
        messages.success(request, f"{engagement.events.last().text}.")
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
    query = search_query(request.GET.get("q", ""))
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
