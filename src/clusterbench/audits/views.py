"""The Silver and Gold pages: thin, every step through the services, every page guarded
by who may see the application (a guessed address reveals nothing)."""

import functools
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterbench.accounts.models import User
from clusterbench.clusters.models import ClusterOrganisation
from clusterbench.engagements.times import duration_text, local_time_text
from clusterbench.engagements.workflow import slot_time
from clusterbench.errors import InputInvalid, StepRefused
from clusterbench.languages.formats import month
from clusterbench.methodology.ladder import LadderError
from clusterbench.methodology.loader import framework_spec
from clusterbench.methodology.translations import framework_in_language
from clusterbench.numbers import id_parse

from . import services
from .models import Application, AuditSlot, GoldScore
from .rules import self_assessment_window

log = logging.getLogger(__name__)


def _unavailable_text() -> str:
    return _(
        "The rules of the Silver and Gold Labels cannot be read, so this cannot be done now. "
        "Nothing was changed."
    )


def ladder_readable(view):
    """A ladder page when the ladder cannot be read (no framework loaded, no or a broken
    ladder file): a page saying so, with what is wrong (503), never a server error."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except LadderError as exc:
            log.error("The label ladder cannot be read: %s", exc)
            return render(
                request,
                "audits/unavailable.html",
                {"message": _unavailable_text(), "problem": str(exc)},
                status=503,
            )

    return wrapped


def _get(user, pk: int) -> Application:
    application = (
        services.applications_for(user)
        .select_related("framework", "benchmarking", "first_benchmarking", "label")
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404(_("No such application."))
    return application


def _criteria(framework) -> dict[str, str]:
    """The ECEI quality indicators' names, in the reader's language."""
    spec = framework_in_language(framework_spec(framework), get_language())
    return {c.code: c.name for c in spec.criteria}


@login_required
def ladder_list(request):
    """The applications a user may see; for a manager, what each cluster may apply for."""
    clusters, unavailable = [], ""
    if request.user.role == User.Role.CLUSTER_MANAGER:
        try:
            for cluster in request.user.clusters.select_related("country").order_by("name_en"):
                clusters.append((cluster, services.eligible_levels(request.user, cluster)))
        except LadderError as exc:
            # The applications are still listed; only applying waits for the ladder.
            log.error("The label ladder cannot be read: %s", exc)
            clusters, unavailable = [], str(exc)
    elif not (request.user.is_secretariat or request.user.role == User.Role.EXPERT):
        raise Http404(_("No label applications here."))
    return render(
        request,
        "audits/list.html",
        {
            "applications": services.applications_for(request.user)[:200],
            "clusters": clusters,
            "unavailable": unavailable,
        },
    )


@login_required
@ladder_readable
def silver_apply_page(request, cluster_pk: int):
    cluster = get_object_or_404(ClusterOrganisation, pk=cluster_pk)
    if not services.is_cluster_manager(request.user, cluster):
        raise Http404(_("No such cluster of yours."))
    framework, ladder = services.ladder_latest()
    basis = services.silver_basis(cluster, ladder)
    suggestions = [] if isinstance(basis, str) else services.improvement_suggestions(basis[0])
    count = ladder.silver_improvement_areas
    areas = [
        {
            "criterion": request.POST.get(f"criterion{i}", s["code"] if s else ""),
            "weakness": request.POST.get(f"weakness{i}", s["weakness"] if s else ""),
            "actions": request.POST.get(f"actions{i}", ""),
            "evidence": request.POST.get(f"evidence{i}", ""),
            "n": i,
        }
        for i, s in enumerate((suggestions + [None] * count)[:count], 1)
    ]
    status = 200
    if request.method == "POST":
        try:
            application = services.silver_apply(
                user=request.user,
                cluster=cluster,
                areas=[
                    {k: a[k] for k in ("criterion", "weakness", "actions", "evidence")}
                    for a in areas
                ],
            )
        except StepRefused as exc:
            messages.error(request, str(exc))
            status = 400
        else:
            messages.success(request, _("Your Silver application is with the secretariat."))
            return redirect("application_detail", application.pk)
    return render(
        request,
        "audits/silver_apply.html",
        {
            "cluster": cluster,
            "refusal": basis if isinstance(basis, str) else None,
            "pair": None if isinstance(basis, str) else basis,
            # in a sentence: without the point Serbian puts after a year standing alone
            "first_report_month": (
                None if isinstance(basis, str) else month(basis[0].interview_date)
            ),
            "areas": areas,
            "criteria": _criteria(framework),
            "suggestions": suggestions,
        },
        status=status,
    )


@login_required
@require_POST
@ladder_readable
def gold_apply_page(request, cluster_pk: int):
    cluster = get_object_or_404(ClusterOrganisation, pk=cluster_pk)
    if not services.is_cluster_manager(request.user, cluster):
        raise Http404(_("No such cluster of yours."))
    try:
        application = services.gold_apply(user=request.user, cluster=cluster)
    except StepRefused as exc:
        messages.error(request, str(exc))
        return redirect("ladder_list")
    messages.success(request, _("Your Gold application is with the secretariat."))
    return redirect("application_detail", application.pk)


@login_required
@ladder_readable
def application_detail(request, pk: int):
    return _detail_page(request, _get(request.user, pk))


def _detail_page(request, application, *, refused: str = "", status: int = 200):
    """The application's page; after a refused step (`refused`, the action's name) its
    form keeps what was typed, beside the message saying why."""
    zone = application.cluster.time_zone
    criteria = _criteria(application.framework)
    areas = [(a, criteria.get(a.criterion, "")) for a in application.areas.all()]
    typed = request.POST if refused else {}
    context = {
        "application": application,
        "next": services.next_steps(request.user, application),
        "areas": areas,
        "refused": refused,
        "typed": typed,
        "findings_form": [
            {
                "area": area,
                "name": name,
                "validated": typed.get(f"validated{area.position}", "")
                if refused == "findings"
                else "",
                "finding": typed.get(f"finding{area.position}", "")
                if refused == "findings"
                else "",
            }
            for area, name in areas
        ],
        "typed_starts": typed.getlist("start") if refused == "propose" else [],
        "assignments": application.assignments.select_related("auditor__country"),
        "events": application.events.select_related("actor"),
        "slots": [(s, local_time_text(s.start, zone)) for s in application.slots.all()],
        "audit_text": local_time_text(application.audit_start, zone)
        if application.audit_start
        else "",
        "audit_duration": duration_text(application.audit_start, application.audit_minutes, zone)
        if application.audit_start
        else "",
        "is_secretariat": request.user.is_secretariat,
        "is_manager": services.is_cluster_manager(request.user, application.cluster),
        # valid, expired or revoked: the label's own reading, as on its verification page
        "label_status": application.label.status_on(timezone.localdate())
        if application.label
        else None,
    }
    if application.level == Application.Level.GOLD:
        ladder = services.ladder_of(application)
        context["ladder"] = ladder
        if application.audit_date:
            context["self_window"] = self_assessment_window(application.audit_date, ladder)
        if application.status in (
            Application.Status.AUDITED,
            Application.Status.AWARDED,
            Application.Status.DECLINED,
        ):
            context["result"] = services.gold_final_result(application)
    if "assign" in context["next"]:
        context["auditors"] = services.auditor_choices(application)
    if "decide" in context["next"]:
        context["award_refusal"] = services.award_refusal(application)
    return render(request, "audits/detail.html", context, status=status)


@login_required
def application_invite(request, pk: int):
    application = _get(request.user, pk)
    if application.audit_start is None:
        return HttpResponse(_("The audit time is not confirmed yet."), status=404)
    from .emails import audit_ics

    response = HttpResponse(audit_ics(application), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="audit-{pk}.ics"'
    return response


def _assign(request, application):
    # Every id as the one parser reads it (0 for anything but plain digits, which no row
    # has); the same person chosen twice is passed on twice, for the service to judge.
    chosen = [id_parse(raw) for raw in request.POST.getlist("auditor") if raw.strip()]
    found = User.objects.in_bulk(set(chosen) - {0})
    if any(pk not in found for pk in chosen):
        raise StepRefused(_("Choose the auditors from the list."))
    services.auditors_assign(
        user=request.user, application=application, auditors=[found[pk] for pk in chosen]
    )


def _propose(request, application):
    zone = application.cluster.time_zone
    starts = [slot_time(raw, zone) for raw in request.POST.getlist("start") if raw.strip()]
    services.audit_propose(
        user=request.user,
        application=application,
        starts=starts,
        mode=request.POST.get("mode", ""),
        location=request.POST.get("location", ""),
    )


def _confirm(request, application):
    slot = AuditSlot.objects.filter(
        application=application, pk=id_parse(request.POST.get("slot"))
    ).first()
    if slot is None:
        raise StepRefused(_("Choose one of the proposed times."))
    services.audit_confirm(user=request.user, slot=slot)


def _yes_no(raw: str) -> bool | None:
    return {"yes": True, "no": False}.get(raw)


def _findings(request, application):
    findings = {
        area.position: (
            _yes_no(request.POST.get(f"validated{area.position}", "")),
            request.POST.get(f"finding{area.position}", ""),
        )
        for area in application.areas.all()
    }
    services.silver_findings_record(
        user=request.user,
        application=application,
        findings=findings,
        baseline_confirmed=_yes_no(request.POST.get("baseline", "")),
        baseline_note=request.POST.get("baseline_note", ""),
    )


def _decide(request, application):
    decision = request.POST.get("decision", "")
    if decision not in ("award", "decline"):
        raise StepRefused(_("Choose to award or to decline."))
    services.application_decide(
        user=request.user,
        application=application,
        award=decision == "award",
        reason=request.POST.get("reason", ""),
    )


def _submit_self(request, application):
    services.self_assessment_submit(user=request.user, application=application)


def _withdraw(request, application):
    services.application_withdraw(
        user=request.user, application=application, reason=request.POST.get("reason", "")
    )


ACTIONS = {
    "withdraw": _withdraw,
    "assign": _assign,
    "propose": _propose,
    "confirm": _confirm,
    "findings": _findings,
    "decide": _decide,
    "submit-self-assessment": _submit_self,
}


@login_required
@require_POST
@ladder_readable
def application_action(request, pk: int, action: str):
    application = _get(request.user, pk)
    step = ACTIONS.get(action)
    if step is None:
        return HttpResponse(_("Unknown action."), status=404)
    try:
        step(request, application)
    except StepRefused as exc:
        # The page again, read afresh, with the message and what was typed (400).
        messages.error(request, str(exc))
        return _detail_page(request, _get(request.user, pk), refused=action, status=400)
    messages.success(request, f"{application.events.last().text}.")
    return redirect("application_detail", pk)


def _score_rows(application, kind_values: dict[str, object]):
    ladder = services.ladder_of(application)
    criteria = _criteria(application.framework)
    return [
        {
            "code": i.code,
            "name": criteria.get(i.code, ""),
            "points": i.points,
            "threshold": i.threshold,
            "value": kind_values.get(i.code, ""),
        }
        for i in ladder.gold_indicators
    ]


@login_required
@ladder_readable
def self_assessment_page(request, pk: int):
    """The Gold self-assessment: each score autosaved as it is typed (see
    static/js/score-autosave.js); without JavaScript the form saves them all at once."""
    application = _get(request.user, pk)
    if application.level != Application.Level.GOLD:
        raise Http404(_("Only a Gold application has a self-assessment."))
    manager = services.is_cluster_manager(request.user, application.cluster)
    if request.method == "POST":
        if not manager:
            raise Http404(_("Only the cluster's managers fill in the self-assessment."))
        try:
            for row in _score_rows(application, {}):
                raw = request.POST.get(f"score-{row['code']}", "").strip()
                if raw:
                    services.self_assessment_save(
                        user=request.user, application=application, code=row["code"], raw=raw
                    )
            if "submit" in request.POST:
                services.self_assessment_submit(user=request.user, application=application)
                messages.success(request, _("Self-assessment submitted."))
                return redirect("application_detail", pk)
            messages.success(request, _("Self-assessment saved."))
        except StepRefused as exc:
            messages.error(request, str(exc))
        return redirect("self_assessment", pk)
    values = dict(
        application.scores.filter(kind=GoldScore.Kind.SELF).values_list("criterion", "score")
    )
    ladder = services.ladder_of(application)
    return render(
        request,
        "audits/self_assessment.html",
        {
            "application": application,
            "rows": _score_rows(application, values),
            "days": ladder.gold_self_assessment_days,
            "window": self_assessment_window(application.audit_date, ladder)
            if application.audit_date
            else None,
            "editable": manager
            and "self_assessment" in services.next_steps(request.user, application),
        },
    )


@login_required
@require_POST
def self_assessment_autosave(request, pk: int, code: str):
    application = _get(request.user, pk)
    try:
        row = services.self_assessment_save(
            user=request.user, application=application, code=code, raw=request.POST.get("score", "")
        )
    except InputInvalid as exc:  # the score typed, or an indicator the audit has not
        return JsonResponse({"error": str(exc)}, status=422)
    except StepRefused as exc:  # not this person's to fill in, or no longer open
        return JsonResponse({"error": str(exc)}, status=403)
    except LadderError as exc:
        log.error("The label ladder cannot be read: %s", exc)
        return JsonResponse({"error": f"{_unavailable_text()} ({exc})"}, status=503)
    total = sum(application.scores.filter(kind=GoldScore.Kind.SELF).values_list("score", flat=True))
    return JsonResponse({"saved": row.score, "total": total})


@login_required
@ladder_readable
def scoring_page(request, pk: int):
    """An auditor's independent scores of the visit."""
    application = _get(request.user, pk)
    if "score" not in services.next_steps(request.user, application):
        raise Http404(_("Nothing to score here now."))
    if request.method == "POST":
        raw = {
            k.removeprefix("score-"): v for k, v in request.POST.items() if k.startswith("score-")
        }
        try:
            services.gold_scores_submit(user=request.user, application=application, raw=raw)
        except StepRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your scores are submitted."))
            return redirect("application_detail", pk)
    values = {k.removeprefix("score-"): v for k, v in request.POST.items()}
    return render(
        request,
        "audits/scoring.html",
        {"application": application, "rows": _score_rows(application, values)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@ladder_readable
def reconcile_page(request, pk: int):
    """The two auditors' scores side by side; they record one agreed score each."""
    application = _get(request.user, pk)
    if "reconcile" not in services.next_steps(request.user, application):
        raise Http404(_("Nothing to reconcile here now."))
    table = services.scorings(application)
    assignments = list(application.assignments.select_related("auditor"))
    if request.method == "POST":
        finals = {
            code: (request.POST.get(f"final-{code}", ""), request.POST.get(f"reason-{code}", ""))
            for code in table
        }
        try:
            services.gold_reconcile(user=request.user, application=application, finals=finals)
        except StepRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"{application.events.last().text}.")
            return redirect("application_detail", pk)
    rows = []
    for row in _score_rows(application, {}):
        entry = table.get(row["code"], {"auditors": {}, "self": None})
        scores = [entry["auditors"].get(a.auditor_id) for a in assignments]
        agreed = scores[0] if len(set(scores)) == 1 else ""
        row.update(
            {
                "self": entry["self"],
                "scores": scores,
                "differ": len(set(scores)) > 1,
                "value": request.POST.get(f"final-{row['code']}", agreed),
                "reason": request.POST.get(f"reason-{row['code']}", ""),
            }
        )
        rows.append(row)
    return render(
        request,
        "audits/reconcile.html",
        {
            "application": application,
            "rows": rows,
            "assignments": assignments,
            "differing": sum(r["differ"] for r in rows),
        },
        status=400 if request.method == "POST" else 200,
    )
