"""Report versions: drafts, the expert's edits, release and corrections."""

import datetime as dt
import logging
from dataclasses import asdict

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from clusterbench.engagements import workflow
from clusterbench.engagements.models import Benchmarking
from clusterbench.engagements.permissions import is_assigned_expert, is_manager, is_secretariat
from clusterbench.engagements.steps import language_value, step
from clusterbench.errors import StepRefused
from clusterbench.languages.reports import REPORT_LANGUAGES
from clusterbench.peers.analysis import snapshot_freeze
from clusterbench.text import TextError, report_text_check

from .build import default_recommendations, generated_summary, report_document
from .document import Document, document_from_dict
from .inputs import report_input
from .models import ReportVersion
from .pdf import UndisplayableText, render_pdf
from .selectors import report_snapshot

log = logging.getLogger(__name__)
S = Benchmarking.Status
REVIEWABLE = (S.DRAFT_READY, S.IN_REVIEW)
EDIT_FIELDS = ("title", "what", "why", "first_step")
RECOMMENDATIONS_MAX = 100  # a report's recommendations; the editor shows one more to add


@transaction.atomic
def report_draft_create(*, benchmarking: Benchmarking, language: str = "") -> ReportVersion:
    """The draft of a benchmarking's next report version in a language (the engagement's
    report language unless given): its first version on a newly frozen snapshot, every
    later one (a correction, the report in another language) on the snapshot of the
    versions before it (report_snapshot), so that all show the same peer figures."""
    language = language or benchmarking.report_language
    versions = benchmarking.reports.all()
    existing = versions.filter(status=ReportVersion.Status.DRAFT, language=language).first()
    if existing is not None:
        return existing
    previous = versions.filter(status=ReportVersion.Status.RELEASED, language=language).first()
    latest = versions.first()
    snapshot = report_snapshot(benchmarking=benchmarking, language=language)
    return ReportVersion.objects.create(
        benchmarking=benchmarking,
        language=language,
        snapshot=snapshot or snapshot_freeze(benchmarking=benchmarking),
        replaces=previous,
        number=(latest.number + 1) if latest else 1,
        # The expert's edits carry over to a correction, never into another language.
        summary=previous.summary if previous else "",
        recommendations=previous.recommendations if previous else None,
    )


@transaction.atomic
def report_draft_ready(*, user, benchmarking: Benchmarking) -> ReportVersion:
    """Draft the report of a closed interview, check that it renders, and move the
    engagement to "draft ready". user None is the background worker; the secretariat
    drafts at once when the worker has not (it died, or drafting failed)."""
    if user is not None and not is_secretariat(user):
        raise StepRefused(_("Only the secretariat drafts the report."))
    # Under the engagement's lock: the worker and the secretariat never draft at once.
    engagement = workflow._locked(benchmarking)
    workflow._require_state(engagement, _("Drafting the report"), (S.INTERVIEWED,))
    version = report_draft_create(benchmarking=engagement)
    render_pdf(report_build(version))  # a draft that cannot render is not ready
    workflow.draft_mark_ready(user=user, benchmarking=engagement)
    return version


class DraftFailed(StepRefused):
    """Drafting at once failed (the report did not render): the step is kept, the error
    logged, and the message says so."""


def report_draft_now(*, user, benchmarking: Benchmarking) -> ReportVersion:
    """The secretariat drafts the report at once, from the engagement page or the API: the
    first draft when the background worker has not (it died, or drafting failed), or again.
    A refused step is raised as it is; any other failure, the one the worker would record,
    is logged and raised as DraftFailed, with nothing written."""
    try:
        return report_draft_ready(user=user, benchmarking=benchmarking)
    except (StepRefused, UndisplayableText):  # each says what to change
        raise
    except Exception as exc:
        log.exception("Drafting the report of engagement %s failed", benchmarking.pk)
        raise DraftFailed(
            _("Drafting the report failed (%(error)s); the error was logged.")
            % {"error": exc.__class__.__name__}
        ) from None


def report_build(
    version: ReportVersion, *, identifier: str | None = None, issued: dt.date | None = None
) -> Document:
    """The document of a version: stored when released, else built from live data."""
    if version.is_released:
        return document_from_dict(version.document)
    benchmarking = version.benchmarking
    return report_document(
        report_input(
            benchmarking=benchmarking,
            snapshot_data=version.snapshot.data,
            snapshot_date=version.snapshot.reference_date,
            identifier=identifier or _draft_identifier(version),
            issued=issued or timezone.localdate(),
            summary=version.summary,
            recommendations=version.recommendations,
            status="released" if identifier else "draft",
            version=version.number,
            replaces=version.replaces.identifier if version.replaces else "",
            language=version.language,
        )
    )


def _draft_identifier(version: ReportVersion) -> str:
    with translation.override(version.language):
        return _("draft %(number)s (identifier given on release)") % {"number": version.number}


def report_editorial(version: ReportVersion) -> tuple[str, list[dict]]:
    """The summary and recommendations as the expert edits them: the stored edits, or the
    generated text and the analysis's recommendations before the first edit."""
    if version.summary and version.recommendations is not None:
        return version.summary, version.recommendations
    data = report_input(
        benchmarking=version.benchmarking,
        snapshot_data=version.snapshot.data,
        snapshot_date=version.snapshot.reference_date,
        identifier="",
        issued=timezone.localdate(),
        language=version.language,
    )
    summary = version.summary or generated_summary(data)
    recommendations = version.recommendations
    if recommendations is None:
        recommendations = [asdict(r) for r in default_recommendations(data)]
    return summary, recommendations


class EditRefused(StepRefused):
    """Edits refused field by field: errors maps (position in the list given, field name)
    to what is wrong, so a page can point at the very field."""

    FIELD_NAMES = {"title": "a title", "what": "what to do"}

    def __init__(self, errors: dict[tuple[int, str], str]):
        self.errors = errors
        by_item: dict[int, list[str]] = {}
        for index, name in errors:
            by_item.setdefault(index, []).append(self.FIELD_NAMES.get(name, name))
        super().__init__(
            " ".join(
                f"Recommendation {index + 1} needs {' and '.join(names)}."
                for index, names in sorted(by_item.items())
            )
        )


def _displayable(what: str, text: str) -> None:
    """Refuse text the report's fonts cannot show (the PDF could not be drawn)."""
    try:
        report_text_check(text, what=what)
    except TextError as exc:
        raise StepRefused(str(exc)) from None


class EditConflict(Exception):
    """The summary and recommendations were saved since the editor opened them; carries
    the version as saved now (its revision, who saved it and when)."""

    def __init__(self, current: ReportVersion):
        super().__init__(f"report version {current.number} was edited meanwhile")
        self.current = current


@transaction.atomic
def report_edit(
    *,
    user,
    version: ReportVersion,
    summary: str,
    recommendations: list[dict],
    expected_revision: int,
) -> ReportVersion:
    """The expert's (or secretariat's) edits: the summary text and the recommendations,
    chosen, reordered, rewritten or added. Nothing is saved unless every one is complete.

    expected_revision is the revision the editor opened; a different current revision
    raises EditConflict instead of silently overwriting someone else's save.
    """
    engagement = version.benchmarking
    if not (is_assigned_expert(user, engagement) or is_secretariat(user)):
        raise StepRefused(_("Only the assigned expert or the secretariat edits the draft."))
    # Read afresh under the row lock a release takes: no edit lands on a released version
    # or on a save its editor has not seen.
    version = ReportVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_released:
        raise StepRefused(_("A released report cannot change; create a correction instead."))
    cleaned = []
    errors: dict[tuple[int, str], str] = {}
    summary = workflow._text(summary, _("The summary"), max_length=20000, multiline=True)
    _displayable(_("The summary"), summary)
    for index, item in enumerate(recommendations):
        entry = {
            key: workflow._text(
                str(item.get(key, "")),
                f"Recommendation {index + 1}, {key.replace('_', ' ')}",
                max_length=4000,
                multiline=True,
            )
            for key in (*EDIT_FIELDS, "reason")
        }
        if not any(entry[key] for key in EDIT_FIELDS):
            continue  # an empty added row is ignored
        for key in (*EDIT_FIELDS, "reason"):
            _displayable(f"Recommendation {index + 1}, {key.replace('_', ' ')}", entry[key])
        if not entry["title"]:
            errors[(index, "title")] = "Give the recommendation a title."
        if not entry["what"]:
            errors[(index, "what")] = "Say what the cluster should do."
        cleaned.append(entry)
    if errors:
        raise EditRefused(errors)
    if len(cleaned) > RECOMMENDATIONS_MAX:
        raise StepRefused(
            _(
                "A report holds at most %(max)s recommendations; this edit has %(count)s. "
                "Remove some to save."
            )
            % {"max": RECOMMENDATIONS_MAX, "count": len(cleaned)}
        )
    if version.revision != expected_revision:
        if (version.summary, version.recommendations) == (summary, cleaned):
            return version  # the same save sent twice (a double click): nothing to lose
        raise EditConflict(version)
    version.summary = summary
    version.recommendations = cleaned
    version.revision += 1
    version.edited_by, version.edited_at = user, timezone.now()
    version.save(update_fields=["summary", "recommendations", "revision", "edited_by", "edited_at"])
    return version


def report_release_check(*, user, version: ReportVersion, engagement: Benchmarking) -> bool:
    """Why this version may not be released now, raised as StepRefused (before any PDF is
    rendered or stored); else whether it follows a report already released for this
    benchmarking (a correction, or the report in another language), which completes no
    step and awards no label."""
    if not is_secretariat(user):
        raise StepRefused(_("Only the secretariat releases reports."))
    if version.is_released:
        raise StepRefused(_("This version is already released."))
    follows = (
        engagement.status == S.RELEASED
        and engagement.reports.filter(status=ReportVersion.Status.RELEASED).exists()
    )
    if not follows and engagement.status != S.IN_REVIEW:
        raise StepRefused(
            _(
                "A report is released from review: start the review first (the engagement "
                "is %(status)s)."
            )
            % {"status": str(engagement.get_status_display()).lower()}
        )
    if not follows:
        workflow.report_release_check(user=user, engagement=engagement)
        return False
    released_on = report_snapshot(benchmarking=engagement, language=version.language)
    if version.snapshot_id != released_on.pk:
        # Every draft is made on report_snapshot, and the drafts that corrections froze
        # anew before were moved to it (migration reports 0005); a version on other peers
        # is still never released beside the report it would be differenced with.
        raise StepRefused(
            _(
                "This version compares with other peers than the released report, and "
                "releasing both would let their difference reveal peers' answers."
            )
        )
    return True


ORPHAN_AGE = dt.timedelta(hours=1)


def report_files_sweep() -> int:
    """Remove report PDFs that no report version references: left by a release whose
    process was killed between writing the file and committing. Files younger than an
    hour are left alone, as they may belong to a release still under way."""
    storage = ReportVersion._meta.get_field("pdf").storage
    try:
        _folders, files = storage.listdir("reports")
    except FileNotFoundError:
        return 0
    referenced = set(ReportVersion.objects.exclude(pdf="").values_list("pdf", flat=True))
    cutoff = timezone.now() - ORPHAN_AGE
    removed = 0
    for name in files:
        path = f"reports/{name}"
        if path not in referenced and storage.get_modified_time(path) < cutoff:
            storage.delete(path)
            removed += 1
    return removed


def report_for_benchmarking(benchmarking: Benchmarking, *, language: str = "") -> Document:
    """The document of a benchmarking's latest report version, released or draft (the
    latest in a language when one is given); when there is none, one built on the
    snapshot of its latest version, or its latest snapshot (frozen now if it has none)."""
    versions = benchmarking.reports.all()
    version = (versions.filter(language=language) if language else versions).first()
    if version is not None:
        return report_build(version)
    latest = versions.first()
    snapshot = (
        latest.snapshot
        if latest is not None
        else benchmarking.snapshots.first() or snapshot_freeze(benchmarking=benchmarking)
    )
    language = language or benchmarking.report_language
    with translation.override(language):
        identifier = pgettext("report identifier", "not released")
    return report_document(
        report_input(
            benchmarking=benchmarking,
            snapshot_data=snapshot.data,
            snapshot_date=snapshot.reference_date,
            identifier=identifier,
            issued=timezone.localdate(),
            language=language,
        )
    )


DRAFTED = (S.DRAFT_READY, S.IN_REVIEW, S.RELEASED)


@transaction.atomic
def report_language_choose(*, user, benchmarking: Benchmarking, language: str) -> Benchmarking:
    """The language the cluster wants its report in, chosen by one of its managers or the
    secretariat. Once the report is drafted (or released), a draft in the newly chosen
    language is made beside the existing versions, on the same snapshot, for the expert
    to review and the secretariat to release: both languages can be released."""
    engagement = workflow._locked(benchmarking)
    if not (is_secretariat(user) or is_manager(user, engagement)):
        raise StepRefused(
            _("Only the cluster's managers or the secretariat choose the report's language.")
        )
    if language not in dict(REPORT_LANGUAGES):
        raise StepRefused(
            _("Choose the report's language: %(languages)s.")
            % {"languages": ", ".join(str(name) for _code, name in REPORT_LANGUAGES)}
        )
    if engagement.status == S.CANCELLED:
        raise StepRefused(_("The engagement is cancelled: its report has no language to choose."))
    if engagement.report_language == language:
        return engagement
    engagement.report_language = language
    engagement.save(update_fields=["report_language"])
    workflow._record(
        engagement,
        user,
        engagement.status,
        step("report_language", language=language_value(language)),
    )
    if engagement.status in DRAFTED and not engagement.reports.filter(language=language).exists():
        report_draft_create(benchmarking=engagement, language=language)
    return engagement


def report_correct(*, user, version: ReportVersion) -> ReportVersion:
    if not is_secretariat(user):
        raise StepRefused(_("Only the secretariat corrects a released report."))
    if not version.is_released:
        raise StepRefused(_("Only a released report is corrected; edit the draft instead."))
    return report_draft_create(benchmarking=version.benchmarking)
