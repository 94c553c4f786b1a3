"""Report pages: the document as a web page, the PDF, the expert's edits, release."""

import re

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
from clusterbench.numbers import id_parse, whole_parse
from clusterbench.text import shown
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
# The form shows every recommendation and an empty one to add.
ROWS_MAX = services.RECOMMENDATIONS_MAX + 1
REVISION_MAX = 2**31 - 1  # the largest the revision column holds
LAST = 10**9  # the place of a recommendation whose order is left empty
ROW_FIELD = re.compile(r"r([0-9]+)-")


class FormUnreadable(ValueError):
    """A posted edit form that is not the one the page sent (a field missing, a count or
    revision that is no whole number, rows beyond its count): read as it came, it could
    drop recommendations, so nothing is saved. The message names the field."""


@login_required
def report_edit(request, pk: int):
    version = _version_for(request, pk)
    if version.is_released or not (
        is_secretariat(request.user) or is_assigned_expert(request.user, version.benchmarking)
    ):
        messages.error(request, _("Only the assigned expert or the secretariat edits a draft."))
        return redirect("report_page", pk)
    if request.method != "POST":
        return _saved_edit_page(request, version)
    try:
        revision, summary, rows = _posted_edit(request.POST)
    except FormUnreadable as exc:
        messages.error(
            request,
            _("%(problem)s Nothing was saved; the editor shows the saved text again.")
            % {"problem": exc},
        )
        return _saved_edit_page(request, version, status=400)
    kept = [i for i, row in enumerate(rows) if not row["remove"]]
    for i in kept:
        if _position(rows[i]["order"]) is None:
            rows[i]["errors"]["order"] = _(
                "Give the order as a whole number (0 or more), or leave it empty to put "
                "this one last."
            )
    if any(rows[i]["errors"] for i in kept):
        return _edit_page(request, version, summary, rows, revision=revision, status=400)
    kept.sort(key=lambda i: _position(rows[i]["order"]))
    try:
        services.report_edit(
            user=request.user,
            version=version,
            summary=summary,
            recommendations=[{key: rows[i][key] for key in EDIT_KEYS} for i in kept],
            expected_revision=revision,
        )
    except services.EditConflict as exc:
        # What was typed stays in the form, now on the saved revision: saving it again,
        # after merging by hand, replaces the text shown beside it.
        current = exc.current
        return _edit_page(
            request, version, summary, rows, revision=current.revision, status=409, saved=current
        )
    except services.EditRefused as exc:
        for (position, name), problem in exc.errors.items():
            rows[kept[position]]["errors"][name] = problem
        return _edit_page(request, version, summary, rows, revision=revision, status=400)
    except StepRefused as exc:
        messages.error(request, str(exc))
        return _edit_page(request, version, summary, rows, revision=revision, status=400)
    messages.success(request, _("Saved. The report below shows your changes."))
    return _to_version(pk, version)


def _posted_edit(post) -> tuple[int, str, list[dict]]:
    """(revision, summary, rows) of a posted edit form, the rows as typed in the form's
    order; FormUnreadable naming the first field that is not as the page sent it."""
    revision = _whole_field(post, "revision", most=REVISION_MAX)
    count = _whole_field(post, "count", most=ROWS_MAX)
    beyond = [
        match.group(1)
        for name in post
        if (match := ROW_FIELD.match(name))
        and (len(match.group(1)) > 6 or int(match.group(1)) >= count)
    ]
    if beyond:
        raise FormUnreadable(
            _("The form has rows beyond its field “%(name)s” (%(count)s).")
            % {"name": "count", "count": count}
        )
    _require_fields(post, ["summary"])
    rows = []
    for i in range(count):
        _require_fields(post, [f"r{i}-{key}" for key in ("order", *EDIT_KEYS)])
        rows.append(
            {
                "order": post[f"r{i}-order"],
                "remove": bool(post.get(f"r{i}-remove")),
                **{key: post[f"r{i}-{key}"] for key in EDIT_KEYS},
                "errors": {},
            }
        )
    return revision, post["summary"], rows


def _require_fields(post, names: list[str]) -> None:
    for name in names:
        if name not in post:
            raise FormUnreadable(_("The form has no field “%(name)s”.") % {"name": name})


def _whole_field(post, name: str, *, most: int) -> int:
    """A whole number the page wrote into its form, from 0 to most; else FormUnreadable."""
    _require_fields(post, [name])
    value = whole_parse(post[name])
    if value is not None and value <= most:
        return value
    raise FormUnreadable(
        _("The form's field “%(name)s” must be a whole number from 0 to %(most)s, not “%(got)s”.")
        % {"name": name, "most": most, "got": shown(post[name].strip(), 20)}
    )


def _position(text: str) -> int | None:
    """Where the editor put a recommendation: the whole number typed (0 is the top), LAST
    when left empty, None when it is neither."""
    return whole_parse(text) if text.strip() else LAST


def _saved_edit_page(request, version: ReportVersion, status: int = 200):
    summary, recommendations = services.report_editorial(version)
    rows = [
        {"order": str(n), "remove": False, **{k: r.get(k, "") for k in EDIT_KEYS}, "errors": {}}
        for n, r in enumerate([*recommendations, {}], start=1)
    ]
    return _edit_page(request, version, summary, rows, revision=version.revision, status=status)


def _edit_page(
    request,
    version: ReportVersion,
    summary: str,
    rows: list[dict],
    *,
    revision: int,
    status: int = 200,
    saved: ReportVersion | None = None,
):
    """The editor with what is in its form; saved: the version as saved by someone else
    since the form was opened, shown beside it to merge by hand."""
    problems = [
        (n, name, problem) for n, row in enumerate(rows) for name, problem in row["errors"].items()
    ]
    saved_summary, saved_recommendations = (
        services.report_editorial(saved) if saved is not None else ("", [])
    )
    return render(
        request,
        "reports/edit.html",
        {
            "engagement": version.benchmarking,
            "version": version,
            "summary": summary,
            "recommendations": rows,
            "problems": problems,
            "revision": revision,
            "saved": saved,
            "saved_summary": saved_summary,
            "saved_recommendations": saved_recommendations,
        },
        status=status,
    )


def _confirm_release(request, version: ReportVersion):
    engagement = version.benchmarking
    correction = services.report_release_check(
        user=request.user, version=version, engagement=engagement
    )
    values = {
        "number": version.number,
        "cluster": engagement.cluster.name_en,
        "language": version.get_language_display(),
    }
    if correction and version.replaces is not None:
        happens = _(
            "Version %(number)s of the report of %(cluster)s (%(language)s) gets its "
            "identifier and its final PDF; the cluster's managers can read and download it, "
            "and it replaces %(replaced)s."
        ) % {**values, "replaced": version.replaces.identifier}
    elif correction:
        happens = (
            _(
                "Version %(number)s of the report of %(cluster)s (%(language)s) gets its "
                "identifier and its final PDF; the cluster's managers can read and download "
                "it, beside the report already released in another language."
            )
            % values
        )
    else:
        happens = (
            _(
                "Version %(number)s of the report of %(cluster)s (%(language)s) gets its "
                "identifier and its final PDF; the cluster's managers can read and download "
                "it; if the cluster meets the eligibility baseline it is awarded the Bronze "
                "Label, listed in the public database."
            )
            % values
        )
    return confirmation_page(
        request,
        title=_("Release the report?"),
        happens=happens,
        irreversible=_(
            "a released report never changes (a correction is a new version), and its "
            "identifier and any label it brings are public at once."
        ),
        button=_("Release the report"),
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
