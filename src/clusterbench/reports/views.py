"""Report pages: the document as a web page, the PDF, the expert's edits, release."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterbench import flow
from clusterbench.engagements.permissions import (
    engagement_get_for_user,
    is_assigned_expert,
    is_manager,
    is_secretariat,
)
from clusterbench.errors import StepRefused
from clusterbench.numbers import id_parse
from clusterbench.web.confirm import confirmation_page, is_confirmed

from . import services
from .downloads import report_pdf_download
from .models import ReportVersion
from .pdf import UndisplayableText
from .selectors import report_version_for


def _version_for(request, pk: int) -> ReportVersion:
    """The report version a user may read (?version=n, else the latest): managers see
    released versions only."""
    engagement = engagement_get_for_user(request.user, pk)
    number = request.GET.get("version", "")
    return report_version_for(request.user, engagement, id_parse(number) if number else None)


@login_required
def report_page(request, pk: int):
    version = _version_for(request, pk)
    engagement = version.benchmarking
    document = services.report_build(version)
    readable = (
        engagement.reports.all()
        if (is_secretariat(request.user) or is_assigned_expert(request.user, engagement))
        else engagement.reports.filter(status=ReportVersion.Status.RELEASED)
    )
    return render(
        request,
        "reports/report.html",
        {
            "engagement": engagement,
            "version": version,
            "document": document.as_dict(),
            "versions": readable,
            "can_edit": not version.is_released
            and (is_secretariat(request.user) or is_assigned_expert(request.user, engagement)),
            "can_release": not version.is_released and is_secretariat(request.user),
            "can_correct": version.is_released
            and is_secretariat(request.user)
            and not hasattr(version, "replaced_by"),
            "is_manager": is_manager(request.user, engagement),
        },
    )


@login_required
def report_pdf(request, pk: int):
    try:
        return report_pdf_download(_version_for(request, pk))
    except UndisplayableText as exc:  # what to change, and where, on the report's page
        messages.error(request, str(exc))
        return redirect("report_page", pk)


EDIT_KEYS = ("title", "what", "why", "first_step", "reason")


@login_required
def report_edit(request, pk: int):
    version = _version_for(request, pk)
    if version.is_released or not (
        is_secretariat(request.user) or is_assigned_expert(request.user, version.benchmarking)
    ):
        messages.error(request, _("Only the assigned expert or the secretariat edits a draft."))
        return redirect("report_page", pk)
    if request.method == "POST":
        # The rows as typed, in the form's order; kept whole if anything is refused.
        rows = [
            {
                "order": request.POST.get(f"r{i}-order", str(i + 1)),
                "remove": bool(request.POST.get(f"r{i}-remove")),
                **{key: request.POST.get(f"r{i}-{key}", "") for key in EDIT_KEYS},
                "errors": {},
            }
            for i in range(min(_whole(request.POST.get("count", "")), 100))
        ]
        kept = sorted(
            (i for i, row in enumerate(rows) if not row["remove"]),
            key=lambda i: _as_number(rows[i]["order"]),
        )
        summary = request.POST.get("summary", "")
        try:
            services.report_edit(
                user=request.user,
                version=version,
                summary=summary,
                recommendations=[{key: rows[i][key] for key in EDIT_KEYS} for i in kept],
            )
        except services.EditRefused as exc:
            for (position, name), problem in exc.errors.items():
                rows[kept[position]]["errors"][name] = problem
            return _edit_page(request, version, summary, rows, status=400)
        except StepRefused as exc:
            messages.error(request, str(exc))
            return _edit_page(request, version, summary, rows, status=400)
        messages.success(request, _("Saved. The report below shows your changes."))
        return _to_version(pk, version)
    summary, recommendations = services.report_editorial(version)
    rows = [
        {"order": str(n), "remove": False, **{k: r.get(k, "") for k in EDIT_KEYS}, "errors": {}}
        for n, r in enumerate([*recommendations, {}], start=1)
    ]
    return _edit_page(request, version, summary, rows)


def _edit_page(request, version, summary: str, rows: list[dict], status: int = 200):
    problems = [
        (n, name, problem) for n, row in enumerate(rows) for name, problem in row["errors"].items()
    ]
    return render(
        request,
        "reports/edit.html",
        {
            "engagement": version.benchmarking,
            "version": version,
            "summary": summary,
            "recommendations": rows,
            "problems": problems,
        },
        status=status,
    )


def _whole(text: str) -> int:
    return id_parse(text)


def _as_number(text: str) -> int:
    # A position typed by the editor; anything else goes last.
    return id_parse(text) or 10**9


def _confirm_release(request, version: ReportVersion):
    engagement = version.benchmarking
    correction = services.report_release_check(
        user=request.user, version=version, engagement=engagement
    )
    happens = (
        f"Version {version.number} of the report of {engagement.cluster.name_en}, in "
        f"{version.get_language_display()}, gets its identifier and its final PDF; the "
        "cluster's managers can read and download it"
    )
    happens += (
        f", and it replaces {version.replaces.identifier}."
        if correction and version.replaces is not None
        else ", beside the report already released in another language."
        if correction
        else "; if the cluster meets the eligibility baseline it is awarded the Bronze Label, "
        "listed in the public database."
    )
    return confirmation_page(
        request,
        title="Release the report?",
        happens=happens,
        irreversible="a released report never changes (a correction is a new version), and "
        "its identifier and any label it brings are public at once.",
        button="Release the report",
        back_url=reverse("report_page", args=[engagement.pk]) + f"?version={version.number}",
    )


@login_required
@require_POST
def report_release(request, pk: int):
    version = _version_for(request, pk)
    try:
        if not is_confirmed(request):
            return _confirm_release(request, version)
        released = flow.report_release(user=request.user, version=version)
    except (StepRefused, UndisplayableText) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Report %(identifier)s released.") % {"identifier": released.identifier}
        )
    return _to_version(pk, version)


def _to_version(pk: int, version: ReportVersion):
    return redirect(reverse("report_page", args=[pk]) + f"?version={version.number}")


@login_required
@require_POST
def report_correct(request, pk: int):
    version = _version_for(request, pk)
    try:
        draft = services.report_correct(user=request.user, version=version)
    except StepRefused as exc:
        messages.error(request, str(exc))
        return redirect("report_page", pk)
    messages.success(
        request, _("Correction drafted as version %(number)s.") % {"number": draft.number}
    )
    return redirect(f"/engagements/{pk}/report/?version={draft.number}")
