"""The engagement workflow: requested, quoted, accepted, scheduled, interviewed, draft ready,
in review, released (and cancelled).

Each step is a function that checks who may take it and whether it is allowed from the
current state, under a row lock so two people cannot take it at once; a refused step
raises StepRefused saying why. Every step is recorded as an EngagementEvent.
Quoting and accepting (quotes.py) and group bids (groups.py) build on the same helpers.
"""

import datetime as dt
import zoneinfo
from collections.abc import Callable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterbench.accounts.models import User
from clusterbench.clusters.models import ClusterOrganisation
from clusterbench.engagements import emails
from clusterbench.engagements.models import (
    Benchmarking,
    ConflictOfInterest,
    EngagementEvent,
    SlotProposal,
)
from clusterbench.engagements.permissions import is_assigned_expert, is_manager, is_secretariat
from clusterbench.engagements.steps import (
    ENGAGEMENT_STEPS,
    Step,
    language_value,
    moment_value,
    moments_value,
    step,
)
from clusterbench.engagements.times import local_time_text
from clusterbench.errors import InputInvalid, StepRefused
from clusterbench.languages.formats import long_date, weekday_time
from clusterbench.methodology.loader import framework_latest
from clusterbench.methodology.translations import indicator_text
from clusterbench.numbers import id_parse
from clusterbench.text import TextError, quoted, text_check

S = Benchmarking.Status
BEFORE_INTERVIEW = (S.REQUESTED, S.QUOTED, S.ACCEPTED, S.SCHEDULED)
# Closing an interview more than this before its confirmed start needs a reason: it was
# most likely not held yet (an interview moved earlier by agreement can say so).
EARLY_CLOSE = dt.timedelta(hours=24)


def _locked(benchmarking: Benchmarking) -> Benchmarking:
    return (
        Benchmarking.objects.select_for_update().select_related("cluster").get(pk=benchmarking.pk)
    )


def _require_state(engagement: Benchmarking, action: str, allowed) -> None:
    if engagement.status not in allowed:
        names = ", ".join(str(S(state).label) for state in allowed)
        raise StepRefused(
            _(
                "%(action)s is not possible now: the engagement is %(status)s (allowed when: "
                "%(allowed)s)."
            )
            % {
                "action": action,
                "status": str(engagement.get_status_display()).lower(),
                "allowed": names,
            }
        )


def _text(raw: str, what: str, *, max_length: int, multiline: bool = False) -> str:
    """Typed text, checked before anything is written: it goes into e-mail subjects, the
    timeline (500 characters a line) and calendar files, so a line break in a one-line
    field or a control character is refused here rather than failing after the commit."""
    try:
        return text_check(raw, what=what, max_length=max_length, multiline=multiline)
    except TextError as exc:
        raise InputInvalid(str(exc)) from None


REASON_MAX = 400  # a reason is shown on the timeline after a short prefix
NOTE_MAX = 2000  # a request's note


def _record(
    engagement: Benchmarking, user, from_status: str, recorded: Step, notify: bool = True
) -> EngagementEvent:
    event = EngagementEvent.objects.create(
        benchmarking=engagement,
        actor=user,
        from_status=from_status,
        to_status=engagement.status,
        **event_fields(recorded),
    )
    if notify:
        transaction.on_commit(lambda: emails.event_notify(event.pk))
    return event


def event_fields(recorded: Step) -> dict:
    """An event's code, values and description (the English sentence, as recorded, cut to
    the column's length)."""
    limit = EngagementEvent._meta.get_field("description").max_length
    return ENGAGEMENT_STEPS.fields(recorded, limit)


def _move(engagement: Benchmarking, user, to_status: str, recorded: Step) -> Benchmarking:
    from_status = engagement.status
    engagement.status = to_status
    engagement.save(update_fields=["status"])
    _record(engagement, user, from_status, recorded)
    return engagement


# --- requests -----------------------------------------------------------------------


@transaction.atomic
def engagement_request(*, user, cluster: ClusterOrganisation, note: str = "") -> Benchmarking:
    if not (
        user.is_authenticated
        and user.role == User.Role.CLUSTER_MANAGER
        and user.clusters.filter(pk=cluster.pk).exists()
    ):
        raise StepRefused(
            _("Only a manager of this cluster organisation can request its benchmarking.")
        )
    ongoing = engagement_ongoing(cluster)
    if ongoing is not None:
        raise StepRefused(
            _("%(cluster)s already has an engagement in progress (#%(number)s, %(status)s).")
            % {
                "cluster": cluster.name_en,
                "number": ongoing.pk,
                "status": str(ongoing.get_status_display()).lower(),
            }
        )
    return engagement_open(cluster=cluster, user=user, note=note)


def request_note_check(note: str) -> str:
    """A request's note as it is stored, or InputInvalid naming the problem. The request
    page calls it before it registers a new cluster organisation for the request, so a
    refused note writes nothing."""
    return _text(note, _("The note"), max_length=NOTE_MAX, multiline=True)


def engagement_ongoing(cluster: ClusterOrganisation) -> Benchmarking | None:
    return cluster.benchmarkings.exclude(status__in=(S.RELEASED, S.CANCELLED)).first()


def engagement_open(
    *, cluster: ClusterOrganisation, user, note: str = "", group_bid=None
) -> Benchmarking:
    """A new engagement in its first step; the caller has checked who may open it."""
    framework = framework_latest()
    if framework is None:
        raise StepRefused(_("No methodology framework is loaded yet; ask the secretariat."))
    note = request_note_check(note)
    engagement = Benchmarking.objects.create(
        cluster=cluster,
        framework=framework,
        requested_by=user,
        request_note=note,
        group_bid=group_bid,
    )
    _record(engagement, user, S.REQUESTED, step("requested"))  # the actor is recorded
    return engagement


# --- simple steps -------------------------------------------------------------------


@transaction.atomic
def engagement_cancel(*, user, benchmarking: Benchmarking, reason: str) -> Benchmarking:
    engagement = _locked(benchmarking)
    manager_may = is_manager(user, engagement) and engagement.status in (S.REQUESTED, S.QUOTED)
    if not (is_secretariat(user) or manager_may):
        raise StepRefused(
            _("Only the secretariat can cancel an engagement once a quote is accepted.")
        )
    reason = _text(reason, _("The reason"), max_length=REASON_MAX)
    if not reason:
        raise InputInvalid(_("Give a reason for cancelling."))
    _require_state(
        engagement, _("Cancelling"), (*BEFORE_INTERVIEW, S.INTERVIEWED, S.DRAFT_READY, S.IN_REVIEW)
    )
    return _move(engagement, user, S.CANCELLED, step("cancelled", reason=reason))


@transaction.atomic
def draft_mark_ready(*, user, benchmarking: Benchmarking) -> Benchmarking:
    """Called by the drafting service once the draft exists and renders; never without
    a draft, so review and release always have a report to work on."""
    engagement = _locked(benchmarking)
    if user is not None and not is_secretariat(user):  # None: the background renderer
        raise StepRefused(_("Only the secretariat marks a draft as ready."))
    _require_state(engagement, _("Marking the draft ready"), (S.INTERVIEWED,))
    if not engagement.reports.filter(status="draft").exists():
        raise StepRefused(_("There is no draft report yet: draft the report first."))
    return _move(engagement, user, S.DRAFT_READY, step("draft_ready"))


@transaction.atomic
def review_start(*, user, benchmarking: Benchmarking) -> Benchmarking:
    engagement = _locked(benchmarking)
    if not (is_secretariat(user) or is_assigned_expert(user, engagement)):
        raise StepRefused(_("Only the assigned expert or the secretariat starts the review."))
    _require_state(engagement, _("Starting the review"), (S.DRAFT_READY,))
    return _move(engagement, user, S.IN_REVIEW, step("review_started"))


def report_release_check(*, user, engagement: Benchmarking) -> None:
    """Why a report may not be released now, raised as StepRefused; nothing if it may.
    A report (and the label it brings) is never released for an interview yet to come."""
    if not is_secretariat(user):
        raise StepRefused(_("Only the secretariat releases reports."))
    _require_state(engagement, _("Releasing the report"), (S.IN_REVIEW,))
    today = _cluster_today(engagement)
    if engagement.interview_date is None:
        raise StepRefused(
            _(
                "The report cannot be released: its interview has no date, and a report (with "
                "its label) is released only for an interview that has taken place. Check the "
                "interview date, or re-open the interview."
            )
        )
    if engagement.interview_date > today:
        raise StepRefused(
            _(
                "The report cannot be released: its interview is dated %(date)s, and a report "
                "(with its label) is released only for an interview that has taken place. "
                "Check the interview date, or re-open the interview."
            )
            % {"date": long_date(engagement.interview_date)}
        )


@transaction.atomic
def report_release(*, user, benchmarking: Benchmarking) -> Benchmarking:
    """Called by the release service with the released report stored; never without it."""
    engagement = _locked(benchmarking)
    report_release_check(user=user, engagement=engagement)
    if not engagement.reports.filter(status="released").exclude(pdf="").exists():
        raise StepRefused(_("There is no released report with its PDF: release the report itself."))
    return _move(engagement, user, S.RELEASED, step("report_released"))


def report_version_released(*, user, benchmarking: Benchmarking, version) -> None:
    """Record a report released after the first (a correction, or the report in another
    language), inside the release's transaction: it moves the engagement nowhere, but its
    people see it on the timeline and by e-mail as they saw the first."""
    _record(
        benchmarking,
        user,
        benchmarking.status,
        step(
            "report_version_released",
            number=version.number,
            language=language_value(version.language),
            identifier=version.identifier,
        ),
    )


def _cluster_today(engagement: Benchmarking) -> dt.date:
    return timezone.now().astimezone(zoneinfo.ZoneInfo(engagement.cluster.time_zone)).date()


# --- experts ------------------------------------------------------------------------


def expert_conflict(expert: User, cluster: ClusterOrganisation) -> ConflictOfInterest | None:
    return expert_conflicts([expert], cluster).get(expert.pk)


def expert_conflicts(experts, cluster: ClusterOrganisation) -> dict[int, ConflictOfInterest]:
    """The conflict each of these experts declared with the cluster or a network it belongs
    to (the first declared), by expert id; one query however many experts."""
    found: dict[int, ConflictOfInterest] = {}
    for conflict in (
        ConflictOfInterest.objects.filter(
            Q(cluster=cluster) | Q(network__members=cluster), expert__in=experts
        )
        .select_related("cluster", "network")
        .order_by("pk")
    ):
        found.setdefault(conflict.expert_id, conflict)
    return found


def expert_named(raw: object) -> User:
    """The user an assignment names by id, as posted on the page or sent to the API (an id
    that is not plain digits, or too long for any row, names no one); else InputInvalid."""
    expert = User.objects.filter(pk=id_parse(raw)).first()
    if expert is not None:
        return expert
    if str(raw if raw is not None else "").strip() == "":
        raise InputInvalid(_("Choose an expert."))
    raise InputInvalid(
        _("No user has the id %(id)s; choose an expert.") % {"id": str(raw).strip()[:30]}
    )


@transaction.atomic
def expert_assign(*, user, benchmarking: Benchmarking, expert: User) -> Benchmarking:
    engagement = _locked(benchmarking)
    if not is_secretariat(user):
        raise StepRefused(_("Only the secretariat assigns experts."))
    if expert.role != User.Role.EXPERT or not expert.is_active:
        raise InputInvalid(
            _("%(name)s is not an active benchmarking expert.") % {"name": _name(expert)}
        )
    _require_state(engagement, _("Assigning an expert"), BEFORE_INTERVIEW)
    conflict = expert_conflict(expert, engagement.cluster)
    if conflict is not None:
        raise StepRefused(
            _(
                "%(name)s cannot be assigned: declared conflict of interest with %(with)s "
                "(%(reason)s)."
            )
            % {
                "name": _name(expert),
                "with": conflict.cluster or conflict.network,
                "reason": conflict.reason,
            }
        )
    engagement.expert = expert
    engagement.save(update_fields=["expert"])
    _record(engagement, user, engagement.status, step("expert_assigned", name=_name(expert)))
    return engagement


def conflict_declare(
    *, user, reason: str, cluster: ClusterOrganisation | None = None, network=None
) -> ConflictOfInterest:
    if user.role != User.Role.EXPERT:
        raise StepRefused(_("Only experts declare conflicts of interest."))
    reason = _text(reason, _("The conflict"), max_length=300)
    if not reason:
        raise InputInvalid(_("Say what the conflict of interest is."))
    conflict = ConflictOfInterest(expert=user, cluster=cluster, network=network, reason=reason)
    conflict.full_clean()
    conflict.save()
    return conflict


# --- scheduling ---------------------------------------------------------------------

SLOTS_AT_ONCE = 10  # times proposed in one go
SLOTS_OPEN = 20  # unconfirmed times an engagement may have
SLOTS_AHEAD = dt.timedelta(days=366)  # how far ahead an interview may be proposed


def slot_time(raw: str, time_zone: str) -> dt.datetime:
    """A proposed time as typed ("2026-05-04T10:00", the cluster's local time) in UTC.

    An explicit offset ("+05:00") is honoured, not replaced by the cluster's zone; a local
    time that does not exist (skipped when the clocks go forward) is refused.
    """
    tz = zoneinfo.ZoneInfo(time_zone)
    try:
        typed = dt.datetime.fromisoformat(raw.strip())
    except ValueError:
        raise InputInvalid(
            _("%(typed)s is not a date and time.") % {"typed": quoted(raw)}
        ) from None
    try:
        if typed.tzinfo is not None:
            return typed.astimezone(dt.UTC)
        local = typed.replace(tzinfo=tz)
        exists = local.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None) == typed
    except OverflowError:  # at the end of year 9999
        raise InputInvalid(
            _("%(typed)s is too far ahead; propose times within the next twelve months.")
            % {"typed": quoted(raw)}
        ) from None
    if not exists:
        raise InputInvalid(
            _(
                "%(time)s does not exist in %(zone)s: the clocks go forward then. Choose another "
                "time."
            )
            % {"time": weekday_time(typed), "zone": time_zone}
        )
    return local.astimezone(dt.UTC)


def slots_check(
    starts: list[dt.datetime],
    *,
    slots,
    zone: str,
    waiting: Callable[[str], str],
    not_before: dt.datetime | None = None,
    too_soon: Callable[[str], str] | None = None,
) -> None:
    """The checks of every proposal of times, an interview's or an audit's: at least one,
    at most SLOTS_AT_ONCE at once and SLOTS_OPEN waiting with the unconfirmed `slots`
    already proposed, each in the future (and after `not_before` when given, `too_soon`
    saying why for the time as shown), within SLOTS_AHEAD, none listed twice and none
    already proposed (`waiting` saying, for the time as shown, whose answer it awaits)."""
    if not starts:
        raise InputInvalid(_("Propose at least one time."))
    if len(starts) > SLOTS_AT_ONCE:
        raise InputInvalid(
            _("Propose at most %(most)d times at once; got %(got)d.")
            % {"most": SLOTS_AT_ONCE, "got": len(starts)}
        )
    unconfirmed = slots.filter(confirmed=False).count()
    if unconfirmed + len(starts) > SLOTS_OPEN:
        raise StepRefused(
            _(
                "There are already %(open)d proposed times; at most %(most)d may wait for "
                "confirmation."
            )
            % {"open": unconfirmed, "most": SLOTS_OPEN}
        )
    now = timezone.now()
    # Times are proposed only before one is confirmed: every time there awaits an answer.
    existing = set(slots.values_list("start", flat=True))
    for start in starts:
        if start <= now:
            raise InputInvalid(
                _("%(time)s is in the past; propose future times.")
                % {"time": local_time_text(start, zone)}
            )
        if not_before is not None and start <= not_before:
            raise InputInvalid(too_soon(local_time_text(start, zone)))
        if start > now + SLOTS_AHEAD:
            raise InputInvalid(
                _(
                    "%(date)s is more than a year ahead; propose times within the next twelve "
                    "months."
                )
                % {"date": long_date(start)}
            )
        if start in existing:
            raise InputInvalid(waiting(local_time_text(start, zone)))
        if starts.count(start) > 1:
            raise InputInvalid(
                _("%(time)s is listed twice; list each time once.")
                % {"time": local_time_text(start, zone)}
            )


@transaction.atomic
def slots_propose(
    *, user, benchmarking: Benchmarking, starts: list[dt.datetime], mode: str, location: str
) -> list[SlotProposal]:
    engagement = _locked(benchmarking)
    if not is_manager(user, engagement):
        raise StepRefused(_("Only a manager of the cluster organisation proposes interview times."))
    _require_state(engagement, _("Proposing interview times"), (S.ACCEPTED,))
    zone = engagement.cluster.time_zone
    slots_check(
        starts,
        slots=engagement.slots,
        zone=zone,
        waiting=lambda time: (
            _(
                "%(time)s is already proposed and waiting for the expert's answer; propose "
                "another time."
            )
            % {"time": time}
        ),
    )
    if mode not in ("on_site", "video"):
        raise InputInvalid(_("Choose whether the interview is on site or by video call."))
    location = _text(location, _("The address or video call link"), max_length=500)
    if not location:
        raise InputInvalid(_("Give the address (on site) or the video call link."))
    engagement.interview_mode = mode
    engagement.interview_location = location
    engagement.save(update_fields=["interview_mode", "interview_location"])
    slots = SlotProposal.objects.bulk_create(
        SlotProposal(benchmarking=engagement, start=start, proposed_by=user) for start in starts
    )
    _record(
        engagement,
        user,
        engagement.status,
        step("times_proposed", times=moments_value(starts, zone), zone=zone),
    )
    return slots


@transaction.atomic
def slot_confirm(*, user, slot: SlotProposal) -> Benchmarking:
    engagement = _locked(slot.benchmarking)
    if not (is_assigned_expert(user, engagement) or is_secretariat(user)):
        raise StepRefused(
            _("Only the assigned expert or the secretariat confirms the interview time.")
        )
    confirmed = engagement.slots.filter(confirmed=True).first()
    if confirmed is not None:
        raise StepRefused(
            _("An interview time is already confirmed: %(time)s.")
            % {"time": local_time_text(confirmed.start, engagement.cluster.time_zone)}
        )
    _require_state(engagement, _("Confirming the interview time"), (S.ACCEPTED,))
    if engagement.expert_id is None:
        raise StepRefused(_("Assign an expert before confirming the interview time."))
    if slot.start <= timezone.now():
        raise StepRefused(_("This time is in the past; ask the cluster for new times."))
    slot.confirmed = True
    slot.save(update_fields=["confirmed"])
    tz = zoneinfo.ZoneInfo(engagement.cluster.time_zone)
    engagement.interview_start = slot.start
    engagement.interview_date = slot.start.astimezone(tz).date()
    engagement.save(update_fields=["interview_start", "interview_date"])
    return _move(
        engagement,
        user,
        S.SCHEDULED,
        step("interview_confirmed", time=moment_value(slot.start, engagement.cluster.time_zone)),
    )


# --- the interview ------------------------------------------------------------------


def interview_missing(benchmarking: Benchmarking) -> list[str]:
    """What stops the interview from closing: unanswered or unconfirmed asked indicators."""
    answers = {a.indicator_id: a for a in benchmarking.answers.all()}
    missing, version = [], benchmarking.framework.version
    for indicator in benchmarking.framework.indicators.exclude(kind="derived"):
        answer = answers.get(indicator.pk)
        name = indicator_text(version, indicator.code, "name", indicator.name)
        if answer is None:
            missing.append(
                _("%(code)s %(name)s: no answer") % {"code": indicator.code, "name": name}
            )
        elif answer.self_assessed:
            missing.append(
                _("%(code)s %(name)s: self-assessed, not yet confirmed by the expert")
                % {"code": indicator.code, "name": name}
            )
    return missing


def interview_closes_early(engagement: Benchmarking) -> bool:
    """Whether closing now would be long before the interview's confirmed time."""
    start = engagement.interview_start
    if start is None:
        return engagement.interview_date is not None and (
            engagement.interview_date > _cluster_today(engagement)
        )
    return timezone.now() < start - EARLY_CLOSE


def interview_close_check(*, user, engagement: Benchmarking, reason: str = "") -> str:
    """Why the interview may not be closed now, raised as StepRefused; if it may, the
    reason as it is recorded (checked like every reason: it goes into the timeline)."""
    if not is_assigned_expert(user, engagement):
        raise StepRefused(_("Only the assigned expert closes the interview."))
    _require_state(engagement, _("Closing the interview"), (S.SCHEDULED,))
    missing = interview_missing(engagement)
    if missing:
        raise StepRefused(
            ngettext(
                "The interview cannot be closed: %(count)d indicator still needs an answer or "
                '"not known": %(missing)s',
                "The interview cannot be closed: %(count)d indicators still need an answer or "
                '"not known": %(missing)s',
                len(missing),
            )
            % {"count": len(missing), "missing": "; ".join(missing)}
        )
    reason = _text(reason, _("The reason"), max_length=REASON_MAX)
    if interview_closes_early(engagement) and not reason:
        zone = engagement.cluster.time_zone
        when = (
            local_time_text(engagement.interview_start, zone)
            if engagement.interview_start
            else long_date(engagement.interview_date)
        )
        raise InputInvalid(
            _(
                "The interview is scheduled for %(when)s; closing it more than a day before "
                "that needs a reason (for example: held earlier by agreement)."
            )
            % {"when": when}
        )
    return reason


# Drafting takes seconds; a closed interview with no draft after this long means the
# background worker stopped (or was killed) and the secretariat is offered "Draft again".
DRAFT_PATIENCE = dt.timedelta(minutes=10)


def draft_state(benchmarking: Benchmarking) -> dict | None:
    """For a closed interview awaiting its draft: whether drafting is under way, failed
    (the worker recorded it) or stalled (nothing after DRAFT_PATIENCE), with a sentence
    for the secretariat; None in any other step or once the draft is there."""
    if benchmarking.status != S.INTERVIEWED or benchmarking.reports.filter(status="draft").exists():
        return None
    closed = (
        benchmarking.events.filter(to_status=S.INTERVIEWED)
        .exclude(from_status=S.INTERVIEWED)
        .order_by("-at", "-pk")
        .first()
    )
    since = closed.at if closed else benchmarking.created_at
    failure = (
        benchmarking.events.filter(at__gte=since, code__in=("draft_failed", "draft_refused"))
        .order_by("-at", "-pk")
        .first()
    )
    if failure is not None:
        return {"state": "failed", "text": failure.text, "at": failure.at}
    if timezone.now() - since > DRAFT_PATIENCE:
        return {
            "state": "stalled",
            "text": _(
                "No draft %(time)s after the interview was closed: the background worker may "
                "have stopped. Draft the report again from here."
            )
            % {"time": timesince(since)},
            "at": since,
        }
    return {
        "state": "drafting",
        "text": _("The report is being drafted in the background; this takes seconds."),
        "at": since,
    }


@transaction.atomic
def interview_reopen(*, user, benchmarking: Benchmarking, reason: str) -> Benchmarking:
    engagement = _locked(benchmarking)
    if not is_secretariat(user):
        raise StepRefused(_("Only the secretariat re-opens a closed interview."))
    reason = _text(reason, _("The reason"), max_length=REASON_MAX)
    if not reason:
        raise InputInvalid(_("Give a reason for re-opening the interview."))
    _require_state(
        engagement, _("Re-opening the interview"), (S.INTERVIEWED, S.DRAFT_READY, S.IN_REVIEW)
    )
    return _move(engagement, user, S.SCHEDULED, step("interview_reopened", reason=reason))


def _name(user) -> str:
    return user.get_full_name() or user.username
