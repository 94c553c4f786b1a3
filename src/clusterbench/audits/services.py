"""The Silver and Gold workflows: apply, assign auditors, schedule the audit, record it,
decide. Each step checks who may take it and from which state, under a row lock, and is
recorded on the application's timeline and e-mailed to whoever must act next; a refused
step raises StepRefused saying why. The rules themselves are in rules.py.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from clusterbench.accounts.models import User
from clusterbench.analysis.eligibility import eligibility_failures
from clusterbench.engagements.models import Benchmarking
from clusterbench.engagements.permissions import is_secretariat
from clusterbench.engagements.steps import (
    Step,
    day_value,
    moment_value,
    moments_value,
    month_value,
    person_value,
)
from clusterbench.engagements.workflow import expert_conflicts, slots_check
from clusterbench.errors import InputInvalid, StepRefused
from clusterbench.labels.models import Label
from clusterbench.labels.services import label_record_audited
from clusterbench.languages.formats import long_date, month, separators
from clusterbench.methodology.ladder import LadderError, LadderRules, ladder_rules
from clusterbench.methodology.loader import framework_latest, framework_spec
from clusterbench.methodology.models import Framework
from clusterbench.methodology.translations import framework_in_language
from clusterbench.numbers import NumberError, number_parse
from clusterbench.text import TextError, quoted, text_check

from . import emails, rules
from .models import (
    OPEN_STATUSES,
    Application,
    ApplicationEvent,
    AuditorAssignment,
    AuditSlot,
    GoldScore,
    ImprovementArea,
)
from .steps import APPLICATION_STEPS, application_step

A = Application.Status
BEFORE_AUDIT = (A.APPLIED, A.ASSIGNED)


def ladder_of(application: Application) -> LadderRules:
    return ladder_rules(application.framework.version)


def ladder_latest() -> tuple[Framework, LadderRules]:
    """The framework new applications follow and its ladder; LadderError saying what is
    missing when there is none (no framework loaded, or no ladder file for it)."""
    framework = framework_latest()
    if framework is None:
        raise LadderError(_("No methodology framework is loaded yet; ask the secretariat."))
    return framework, ladder_rules(framework.version)


# --- who may see and do what ---------------------------------------------------------


def is_cluster_manager(user, cluster) -> bool:
    return (
        user.is_authenticated
        and user.role == User.Role.CLUSTER_MANAGER
        and user.clusters.filter(pk=cluster.pk).exists()
    )


def is_auditor(user, application: Application) -> bool:
    # Read from the application's assignments (at most two), prefetched for a list.
    return user.is_authenticated and any(
        a.auditor_id == user.pk for a in application.assignments.all()
    )


def managed_clusters(user) -> set[int]:
    """The ids of the clusters this person manages (none unless a cluster manager)."""
    if not user.is_authenticated or user.role != User.Role.CLUSTER_MANAGER:
        return set()
    return set(user.clusters.values_list("pk", flat=True))


def applications_for(user):
    """All for the secretariat; their organisations' for a manager; those they audit for
    an auditor; none for anyone else."""
    applications = Application.objects.select_related("cluster__country")
    if not user.is_authenticated:
        return applications.none()
    if is_secretariat(user):
        return applications
    if user.role == User.Role.CLUSTER_MANAGER:
        return applications.filter(cluster__in=user.clusters.all())
    if user.role == User.Role.EXPERT:
        return applications.filter(assignments__auditor=user).distinct()
    return applications.none()


# --- helpers -----------------------------------------------------------------------


def _text(raw: str, what: str, *, max_length: int, multiline: bool = False) -> str:
    try:
        return text_check(raw, what=what, max_length=max_length, multiline=multiline).strip()
    except TextError as exc:
        raise InputInvalid(str(exc)) from None


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("cluster__country", "framework")
        .get(pk=application.pk)
    )


def _require(application: Application, action: str, allowed, level: str | None = None) -> None:
    if level is not None and application.level != level:
        raise StepRefused(
            _("%(action)s is part of the %(level)s audit only.")
            % {"action": action, "level": Application.Level(level).label}
        )
    if application.status not in allowed:
        names = ", ".join(A(state).label.lower() for state in allowed)
        raise StepRefused(
            _(
                "%(action)s is not possible now: the application is %(status)s (allowed when: "
                "%(allowed)s)."
            )
            % {
                "action": action,
                "status": str(application.get_status_display()).lower(),
                "allowed": names,
            }
        )


def _record(application: Application, user, from_status: str, recorded: Step, *, invite=False):
    limit = ApplicationEvent._meta.get_field("description").max_length
    event = ApplicationEvent.objects.create(
        application=application,
        actor=user,
        from_status=from_status,
        to_status=application.status,
        **APPLICATION_STEPS.fields(recorded, limit),
    )
    transaction.on_commit(lambda: emails.event_notify(event.pk, invite=invite))
    return event


def _move(application: Application, user, to_status: str, recorded: Step, **kwargs):
    from_status = application.status
    application.status = to_status
    application.save(update_fields=["status"])
    _record(application, user, from_status, recorded, **kwargs)
    return application


def _cluster_today(cluster) -> dt.date:
    return timezone.now().astimezone(zoneinfo.ZoneInfo(cluster.time_zone)).date()


def _name(user) -> str:
    return user.get_full_name() or user.username


def _open_application(cluster) -> Application | None:
    return cluster.applications.filter(status__in=OPEN_STATUSES).first()


def revoked_bronze_labels(benchmarkings) -> dict[int, Label]:
    """The revoked Bronze Labels of these benchmarkings, by benchmarking id: the label of
    its report, or one recorded without a report (the historical ones) from its interview
    date, which is where every Bronze Label starts."""
    benchmarkings = [b for b in benchmarkings if b is not None]
    revoked = Label.objects.filter(
        level=Label.Level.BRONZE,
        revoked_at__isnull=False,
        cluster__in={b.cluster_id for b in benchmarkings},
    ).values_list("pk", "cluster", "report__benchmarking", "valid_from")
    found = {}
    for pk, cluster, reported, valid_from in revoked:
        for b in benchmarkings:
            if reported == b.pk or (
                reported is None and (cluster, valid_from) == (b.cluster_id, b.interview_date)
            ):
                found[b.pk] = pk
    labels = Label.objects.in_bulk(set(found.values()))
    return {b: labels[pk] for b, pk in found.items()}


def bronze_benchmarkings(cluster) -> list[Benchmarking]:
    """The cluster's Bronze benchmarkings, oldest first: released, meeting the eligibility
    baseline (what brings the Bronze Label), and not with a revoked label."""
    released = list(
        cluster.benchmarkings.filter(status=Benchmarking.Status.RELEASED).select_related(
            "framework"
        )
    )
    revoked = revoked_bronze_labels(released)
    return sorted(
        (b for b in released if b.pk not in revoked and not _baseline_failures(b)),
        key=lambda b: (b.interview_date, b.pk),
    )


def silver_basis(cluster, ladder: LadderRules) -> tuple[Benchmarking, Benchmarking] | str:
    """The two Bronze benchmarkings a Silver application rests on, or why there are none."""
    bronzes = bronze_benchmarkings(cluster)
    if not bronzes:
        return _(
            "Silver needs a Bronze Label first: a released benchmarking of an eligible cluster."
        )
    pair = rules.silver_pair([b.interview_date for b in bronzes], ladder)
    if pair is None:
        first = bronzes[-1].interview_date
        earliest, latest = rules.silver_window(first, ladder)
        low, high = ladder.silver_window_months
        return _(
            "Silver needs a second Bronze benchmarking %(low)s-%(high)s months after the first. "
            "The latest Bronze interview was on %(first)s: a second benchmarking interviewed "
            "between %(earliest)s and %(latest)s opens the way."
        ) % {
            "low": low,
            "high": high,
            "first": long_date(first),
            "earliest": long_date(earliest),
            "latest": long_date(latest),
        }
    by_date = {b.interview_date: b for b in bronzes}
    return by_date[pair[0]], by_date[pair[1]]


def improvement_suggestions(benchmarking: Benchmarking) -> list[dict]:
    """The previous report's weaknesses against ECEI quality indicators: the criteria its
    answers did not meet, each with the value and the threshold (the starting point of
    the three improvement areas)."""
    spec = framework_spec(benchmarking.framework)
    answers = dict(benchmarking.answers.values_list("indicator__code", "value"))
    suggestions = []
    for criterion in spec.criteria:
        if criterion.audit_only:
            continue
        value = answers.get(criterion.indicator)
        if value is None or value < criterion.threshold:
            names = {
                "indicator": criterion.indicator,
                "month": month(benchmarking.interview_date),
                "threshold": separators(format(criterion.threshold.normalize(), "f")),
            }
            if value is None:
                weakness = _(
                    "The answer to %(indicator)s was not known in the report of %(month)s; "
                    "the ECEI check asks for %(threshold)s or more."
                )
            else:
                names["value"] = separators(format(value.normalize(), "f"))
                weakness = _(
                    "%(indicator)s was %(value)s in the report of %(month)s; the ECEI check "
                    "asks for %(threshold)s or more."
                )
            # The weakness starts the manager's own text, in their language.
            suggestions.append(
                {"code": criterion.code, "name": criterion.name, "weakness": weakness % names}
            )
    return suggestions


# --- applying ----------------------------------------------------------------------


@transaction.atomic
def silver_apply(*, user, cluster, areas: list[dict]) -> Application:
    """areas: one dict per improvement area with criterion, weakness, actions, evidence."""
    if not is_cluster_manager(user, cluster):
        raise StepRefused(_("Only a manager of this cluster organisation applies for its labels."))
    framework, ladder = ladder_latest()
    _refuse_if_open(cluster)
    basis = silver_basis(cluster, ladder)
    if isinstance(basis, str):
        raise StepRefused(basis)
    first, second = basis
    codes = {c.code for c in framework_spec(framework).criteria}
    wanted = ladder.silver_improvement_areas
    areas = [a for a in areas if any((a.get(k) or "").strip() for k in a)]
    if len(areas) != wanted:
        raise StepRefused(
            _("Describe %(wanted)s improvement areas; %(count)s filled in.")
            % {"wanted": wanted, "count": len(areas)}
        )
    checked = []
    for i, area in enumerate(areas, 1):
        code = (area.get("criterion") or "").strip()
        if code not in codes:
            raise StepRefused(
                _("Improvement area %(n)s: choose an ECEI quality indicator.") % {"n": i}
            )
        fields = {
            "weakness": _("Improvement area %(n)s: the weakness") % {"n": i},
            "actions": _("Improvement area %(n)s: what was done") % {"n": i},
            "evidence": _("Improvement area %(n)s: the evidence") % {"n": i},
        }
        texts = {
            key: _text(area.get(key, ""), what, max_length=3000, multiline=True)
            for key, what in fields.items()
        }
        missing = {
            "weakness": _("Improvement area %(n)s: say what the weakness was."),
            "actions": _("Improvement area %(n)s: say what was done."),
            "evidence": _("Improvement area %(n)s: give the evidence."),
        }
        for key, message in missing.items():
            if not texts[key]:
                raise StepRefused(message % {"n": i})
        checked.append((code, texts))
    if len({code for code, _ in checked}) != len(checked):
        raise StepRefused(_("Each improvement area needs a different ECEI quality indicator."))
    application = Application.objects.create(
        cluster=cluster,
        level=Application.Level.SILVER,
        framework=framework,
        applied_by=user,
        first_benchmarking=first,
        benchmarking=second,
        audit_minutes=ladder.silver_audit_minutes,
    )
    ImprovementArea.objects.bulk_create(
        ImprovementArea(application=application, position=i, criterion=code, **texts)
        for i, (code, texts) in enumerate(checked, 1)
    )
    _record(
        application,
        user,
        A.APPLIED,
        application_step(
            "silver_applied",
            first=month_value(first.interview_date),
            second=month_value(second.interview_date),
            areas=", ".join(code for code, _ in checked),
        ),
    )
    return application


@transaction.atomic
def gold_apply(*, user, cluster) -> Application:
    if not is_cluster_manager(user, cluster):
        raise StepRefused(_("Only a manager of this cluster organisation applies for its labels."))
    framework, ladder = ladder_latest()
    _refuse_if_open(cluster)
    latest = (
        cluster.benchmarkings.filter(status=Benchmarking.Status.RELEASED)
        .order_by("-interview_date", "-pk")
        .first()
    )
    if latest is None:
        raise StepRefused(_("Gold needs a released benchmarking of the cluster first."))
    failures = _baseline_failures(latest)
    if failures:
        raise StepRefused(
            _(
                "Gold needs the eligibility baseline, which the latest benchmarking (%(month)s) "
                "does not meet: %(failures)s."
            )
            % {"month": month(latest.interview_date), "failures": "; ".join(failures)}
        )
    application = Application.objects.create(
        cluster=cluster,
        level=Application.Level.GOLD,
        framework=framework,
        applied_by=user,
        benchmarking=latest,
        audit_minutes=ladder.gold_visit_minutes,
    )
    _record(application, user, A.APPLIED, application_step("gold_applied"))
    return application


def _refuse_if_open(cluster) -> None:
    # Under the row lock of the cluster, so two applications at once cannot both pass.
    type(cluster).objects.select_for_update().filter(pk=cluster.pk).first()
    ongoing = _open_application(cluster)
    if ongoing is not None:
        raise StepRefused(
            _("%(cluster)s already has a %(level)s application in progress (#%(pk)s, %(status)s).")
            % {
                "cluster": cluster.name_en,
                "level": ongoing.get_level_display(),
                "pk": ongoing.pk,
                "status": str(ongoing.get_status_display()).lower(),
            }
        )


def _baseline_failures(benchmarking: Benchmarking) -> list[str]:
    """The eligibility conditions the benchmarking misses, in the reader's language."""
    answers = dict(benchmarking.answers.values_list("indicator__code", "value"))
    spec = framework_in_language(framework_spec(benchmarking.framework), get_language())
    return [baseline_failure_text(f) for f in eligibility_failures(spec, answers)]


def baseline_failure_text(failure) -> str:
    """An eligibility condition missed (analysis.eligibility), in the active language."""
    names = {"requirement": failure.requirement, "indicator": failure.indicator}
    if failure.value is None:
        return _("%(requirement)s: the answer to %(indicator)s is not known") % names
    value = separators(format(failure.value.normalize(), "f"))
    return _("%(requirement)s: %(indicator)s is %(value)s") % {**names, "value": value}


def _baseline_refusal(failures: list[str]) -> str:
    return _("The eligibility baseline is not met: %(failures)s.") % {
        "failures": "; ".join(failures)
    }


# --- auditors ----------------------------------------------------------------------


def auditor_conflict(auditor: User, application: Application) -> str | None:
    """Why this person may not audit this application, or None."""
    return auditor_conflicts(application, [auditor])[auditor.pk]


def auditor_conflicts(application: Application, auditors) -> dict[int, str | None]:
    """Why each of these people may not audit this application (None: they may), by id;
    the same two queries however many people."""
    auditors = list(auditors)
    declared = expert_conflicts(auditors, application.cluster)
    rested_on = set(
        Benchmarking.objects.filter(
            pk__in=[application.benchmarking_id, application.first_benchmarking_id]
        ).values_list("expert", flat=True)
    )
    conflicts: dict[int, str | None] = {}
    for auditor in auditors:
        conflict = None
        if auditor.role != User.Role.EXPERT or not auditor.is_active:
            conflict = _("%(name)s is not an active expert.") % {"name": _name(auditor)}
        elif auditor.pk in declared:
            found = declared[auditor.pk]
            conflict = _("%(name)s declared a conflict of interest with %(with)s (%(reason)s).") % {
                "name": _name(auditor),
                "with": found.cluster or found.network,
                "reason": found.reason,
            }
        elif auditor.pk in rested_on:
            conflict = _(
                "%(name)s was the expert of a benchmarking this application rests on; the "
                "audit needs an independent auditor."
            ) % {"name": _name(auditor)}
        conflicts[auditor.pk] = conflict
    return conflicts


@transaction.atomic
def auditors_assign(*, user, application: Application, auditors: list[User]) -> Application:
    application = _locked(application)
    if not is_secretariat(user):
        raise StepRefused(_("Only the secretariat assigns auditors."))
    _require(application, _("Assigning auditors"), BEFORE_AUDIT)
    unique = list(dict.fromkeys(auditors))
    if application.level == Application.Level.GOLD and len(unique) < len(auditors):
        twice = next(a for a in unique if auditors.count(a) > 1)
        raise StepRefused(
            _("%(name)s is chosen twice; a Gold audit needs two different auditors.")
            % {"name": _name(twice)}
        )
    auditors = unique
    conflicts = auditor_conflicts(application, auditors)
    for auditor in auditors:
        if conflicts[auditor.pk]:
            raise StepRefused(conflicts[auditor.pk])
    if application.level == Application.Level.SILVER:
        if len(auditors) != 1:
            raise StepRefused(
                _("A Silver audit has one auditor; %(count)s chosen.") % {"count": len(auditors)}
            )
    else:
        refusal = rules.auditors_refusal(
            application.cluster.country_id, [a.country_id for a in auditors]
        )
        if refusal:
            raise StepRefused(refusal)
    application.assignments.all().delete()
    AuditorAssignment.objects.bulk_create(
        AuditorAssignment(application=application, auditor=a) for a in auditors
    )
    people = [person_value(_name(a), a.country) for a in auditors]
    if len(people) == 1:
        recorded = application_step("auditor_assigned", auditor=people[0])
    else:  # a Gold audit's two
        recorded = application_step("auditors_assigned", first=people[0], second=people[1])
    return _move(application, user, A.ASSIGNED, recorded)


# --- scheduling (the interview's rules, for the audit) ------------------------------


@transaction.atomic
def audit_propose(
    *, user, application: Application, starts: list[dt.datetime], mode: str, location: str
) -> list[AuditSlot]:
    application = _locked(application)
    if not is_cluster_manager(user, application.cluster):
        raise StepRefused(_("Only a manager of the cluster organisation proposes audit times."))
    _require(application, _("Proposing audit times"), (A.ASSIGNED,))
    zone = application.cluster.time_zone

    def waiting(time: str) -> str:
        return _(
            "%(time)s is already proposed and waiting for an auditor's answer; propose another "
            "time."
        ) % {"time": time}

    if application.level == Application.Level.GOLD:
        # The self-assessment is submitted at least this many days before the visit.
        least = ladder_of(application).gold_self_assessment_days[0]
        slots_check(
            starts,
            slots=application.slots,
            zone=zone,
            waiting=waiting,
            not_before=timezone.now() + dt.timedelta(days=least),
            too_soon=lambda time: (
                _(
                    "%(time)s is too soon: the visit comes at least %(days)s days after today, so "
                    "that the self-assessment can be submitted before it."
                )
                % {"time": time, "days": least}
            ),
        )
    else:
        slots_check(starts, slots=application.slots, zone=zone, waiting=waiting)
    if mode not in ("on_site", "video"):
        raise InputInvalid(_("Choose whether the audit is on site or by video call."))
    if application.level == Application.Level.GOLD and mode != "on_site":
        raise InputInvalid(_("The Gold audit is a visit on site."))
    location = _text(location, _("The address or video call link"), max_length=500)
    if not location:
        raise InputInvalid(_("Give the address (on site) or the video call link."))
    application.audit_mode, application.audit_location = mode, location
    application.save(update_fields=["audit_mode", "audit_location"])
    slots = AuditSlot.objects.bulk_create(
        AuditSlot(application=application, start=start, proposed_by=user) for start in starts
    )
    _record(
        application,
        user,
        application.status,
        application_step("times_proposed", times=moments_value(starts, zone), zone=zone),
    )
    return slots


@transaction.atomic
def audit_confirm(*, user, slot: AuditSlot) -> Application:
    application = _locked(slot.application)
    if not (is_auditor(user, application) or is_secretariat(user)):
        raise StepRefused(_("Only an assigned auditor or the secretariat confirms the audit time."))
    _require(application, _("Confirming the audit time"), (A.ASSIGNED,))
    if slot.start <= timezone.now():
        raise StepRefused(_("This time is in the past; ask the cluster for new times."))
    tz = zoneinfo.ZoneInfo(application.cluster.time_zone)
    visit = slot.start.astimezone(tz).date()
    if application.level == Application.Level.GOLD:
        # Confirmed after its last day, the self-assessment could never be submitted and
        # the visit could never be scored.
        ladder = ladder_of(application)
        first, last = rules.self_assessment_window(visit, ladder)
        if _cluster_today(application.cluster) > last:
            least, most = ladder.gold_self_assessment_days
            raise StepRefused(
                _(
                    "The Gold visit of %(visit)s can no longer be confirmed: the "
                    "self-assessment is submitted %(least)s-%(most)s days before it, between "
                    "%(first)s and %(last)s, and %(last)s has passed. Ask the cluster for a "
                    "later time."
                )
                % {
                    "visit": long_date(visit),
                    "least": least,
                    "most": most,
                    "first": long_date(first),
                    "last": long_date(last),
                }
            )
    slot.confirmed = True
    slot.save(update_fields=["confirmed"])
    application.audit_start = slot.start
    application.audit_date = visit
    application.save(update_fields=["audit_start", "audit_date"])
    time = moment_value(slot.start, application.cluster.time_zone)
    if application.level == Application.Level.GOLD:
        first, last = rules.self_assessment_window(application.audit_date, ladder_of(application))
        recorded = application_step(
            "gold_confirmed", time=time, first=day_value(first), last=day_value(last)
        )
    else:
        recorded = application_step("silver_confirmed", time=time)
    return _move(application, user, A.SCHEDULED, recorded, invite=True)


def audit_held(application: Application) -> bool:
    """The audit's day has come, in the cluster's time zone."""
    return application.audit_date is not None and application.audit_date <= _cluster_today(
        application.cluster
    )


def _audit_held(application: Application, what: str) -> None:
    if not audit_held(application):
        raise StepRefused(
            _("%(what)s is recorded from the audit's day on (%(day)s).")
            % {
                "what": what,
                "day": long_date(application.audit_date) if application.audit_date else "—",
            }
        )


# --- Silver: the audit's findings ---------------------------------------------------


@transaction.atomic
def silver_findings_record(
    *,
    user,
    application: Application,
    findings: dict[int, tuple],
    baseline_confirmed: bool | None,
    baseline_note: str,
) -> Application:
    """findings: position -> (validated: bool | None, finding text)."""
    application = _locked(application)
    if not is_auditor(user, application):
        raise StepRefused(_("Only the assigned auditor records the audit's findings."))
    _require(application, _("Recording the findings"), (A.SCHEDULED,), Application.Level.SILVER)
    _audit_held(application, _("The audit"))
    areas = list(application.areas.all())
    for area in areas:
        validated, text = findings.get(area.position, (None, ""))
        if validated is None:
            raise StepRefused(
                _("Improvement area %(n)s (%(criterion)s): say whether the audit validates it.")
                % {"n": area.position, "criterion": area.criterion}
            )
        text = _text(
            text,
            _("The finding on area %(n)s") % {"n": area.position},
            max_length=3000,
            multiline=True,
        )
        if not text:
            raise StepRefused(
                _("Improvement area %(n)s: write the finding.") % {"n": area.position}
            )
        area.validated, area.finding = validated, text
    if baseline_confirmed is None:
        raise StepRefused(_("Say whether the eligibility baseline is confirmed."))
    note = _text(baseline_note, _("The baseline check"), max_length=3000, multiline=True)
    if not note:
        raise StepRefused(_("Say what the baseline check rests on."))
    ImprovementArea.objects.bulk_update(areas, ["validated", "finding"])
    application.baseline_confirmed, application.baseline_note = baseline_confirmed, note
    application.save(update_fields=["baseline_confirmed", "baseline_note"])
    validated = sum(a.validated for a in areas)
    code = "findings_recorded" if baseline_confirmed else "findings_recorded_unconfirmed"
    return _move(
        application,
        user,
        A.AUDITED,
        application_step(code, validated=validated, areas=len(areas)),
    )


# --- Gold: self-assessment, independent scores, agreed scores -----------------------


def _score_value(raw, code: str, ladder: LadderRules) -> int:
    # Read as every number typed in the product is (int() took U+0663, U+FF13 and "0_3" as 3).
    try:
        score = int(
            number_parse(
                raw,
                what=_("The score of %(code)s") % {"code": code},
                max_digits=3,
                decimal_places=0,
            )
        )
    except NumberError as exc:
        raise InputInvalid(str(exc)) from None
    refusal = rules.score_refusal(code, score, ladder)
    if refusal:
        raise InputInvalid(refusal)
    return score


@transaction.atomic
def self_assessment_save(*, user, application: Application, code: str, raw) -> GoldScore:
    """One indicator of the self-assessment, autosaved as the manager types."""
    application = _locked(application)
    if not is_cluster_manager(user, application.cluster):
        raise StepRefused(_("Only a manager of the cluster fills in its self-assessment."))
    _require(
        application, _("The self-assessment"), (*BEFORE_AUDIT, A.SCHEDULED), Application.Level.GOLD
    )
    if application.self_assessment_submitted_at:
        raise StepRefused(_("The self-assessment was submitted; it can no longer change."))
    ladder = ladder_of(application)
    if code not in {i.code for i in ladder.gold_indicators}:
        raise InputInvalid(
            _("%(code)s is not a quality indicator of this audit.") % {"code": quoted(code)}
        )
    score = _score_value(raw, code, ladder)
    row, _created = GoldScore.objects.update_or_create(
        application=application,
        criterion=code,
        kind=GoldScore.Kind.SELF,
        defaults={"score": score},
    )
    return row


@transaction.atomic
def self_assessment_submit(*, user, application: Application) -> Application:
    application = _locked(application)
    if not is_cluster_manager(user, application.cluster):
        raise StepRefused(_("Only a manager of the cluster submits its self-assessment."))
    _require(
        application, _("Submitting the self-assessment"), (A.SCHEDULED,), Application.Level.GOLD
    )
    if application.self_assessment_submitted_at:
        raise StepRefused(_("The self-assessment is already submitted."))
    ladder = ladder_of(application)
    scored = set(
        application.scores.filter(kind=GoldScore.Kind.SELF).values_list("criterion", flat=True)
    )
    missing = [i.code for i in ladder.gold_indicators if i.code not in scored]
    if missing:
        raise StepRefused(
            _("Score every quality indicator first; missing: %(codes)s.")
            % {"codes": ", ".join(missing)}
        )
    refusal = rules.self_assessment_refusal(
        _cluster_today(application.cluster), application.audit_date, ladder
    )
    if refusal:
        raise StepRefused(refusal)
    application.self_assessment_submitted_at = timezone.now()
    application.save(update_fields=["self_assessment_submitted_at"])
    total = sum(application.scores.filter(kind=GoldScore.Kind.SELF).values_list("score", flat=True))
    _record(
        application,
        user,
        application.status,
        application_step("self_assessment_submitted", total=total, maximum=ladder.gold_maximum),
    )
    return application


@transaction.atomic
def gold_scores_submit(*, user, application: Application, raw: dict[str, object]) -> Application:
    """One auditor's independent scores of every quality indicator, final once submitted."""
    application = _locked(application)
    if not is_auditor(user, application):
        raise StepRefused(_("Only an assigned auditor scores the visit."))
    _require(application, _("Scoring"), (A.SCHEDULED,), Application.Level.GOLD)
    if application.self_assessment_submitted_at is None:
        raise StepRefused(_("The cluster's self-assessment has not been submitted yet."))
    _audit_held(application, _("The visit's scoring"))
    assignment = application.assignments.select_for_update().get(auditor=user)
    if assignment.scores_submitted_at:
        raise StepRefused(_("Your scores are submitted; they no longer change."))
    ladder = ladder_of(application)
    scores = {
        i.code: _score_value(raw.get(i.code, ""), i.code, ladder) for i in ladder.gold_indicators
    }
    GoldScore.objects.bulk_create(
        GoldScore(
            application=application,
            criterion=code,
            kind=GoldScore.Kind.AUDITOR,
            scorer=user,
            score=score,
        )
        for code, score in scores.items()
    )
    assignment.scores_submitted_at = timezone.now()
    assignment.save(update_fields=["scores_submitted_at"])
    # The timeline shows the actor beside the description, so it does not name them.
    _record(application, user, application.status, application_step("scores_submitted"))
    return application


def scorings(application: Application) -> dict[str, dict]:
    """Per quality indicator: the self-assessment, each auditor's score and the final."""
    table: dict[str, dict] = {}
    for row in application.scores.all():
        entry = table.setdefault(
            row.criterion, {"self": None, "auditors": {}, "final": None, "reason": ""}
        )
        if row.kind == GoldScore.Kind.SELF:
            entry["self"] = row.score
        elif row.kind == GoldScore.Kind.AUDITOR:
            entry["auditors"][row.scorer_id] = row.score
        else:
            entry["final"], entry["reason"] = row.score, row.reason
    return table


@transaction.atomic
def gold_reconcile(*, user, application: Application, finals: dict[str, tuple]) -> Application:
    """finals: code -> (score, reason); a reason wherever the two auditors differed."""
    application = _locked(application)
    if not is_auditor(user, application):
        raise StepRefused(_("Only an assigned auditor records the agreed scores."))
    _require(application, _("Agreeing the final scores"), (A.SCHEDULED,), Application.Level.GOLD)
    if application.assignments.filter(scores_submitted_at__isnull=True).exists():
        raise StepRefused(_("Both auditors submit their independent scores first."))
    ladder = ladder_of(application)
    table = scorings(application)
    rows, final = [], {}
    for indicator in ladder.gold_indicators:
        score_raw, reason = finals.get(indicator.code, ("", ""))
        score = _score_value(score_raw, indicator.code, ladder)
        reason = _text(
            reason, _("The reason for %(code)s") % {"code": indicator.code}, max_length=1000
        )
        refusal = rules.reconcile_refusal(
            indicator.code, list(table[indicator.code]["auditors"].values()), score, reason
        )
        if refusal:
            raise StepRefused(refusal)
        final[indicator.code] = score
        rows.append(
            GoldScore(
                application=application,
                criterion=indicator.code,
                kind=GoldScore.Kind.FINAL,
                score=score,
                reason=reason,
                scorer=user,
            )
        )
    GoldScore.objects.bulk_create(rows)
    result = rules.gold_result(final, ladder)
    return _move(application, user, A.AUDITED, scores_agreed_step(result))


def scores_agreed_step(result: rules.GoldResult) -> Step:
    values = {"total": result.total, "maximum": result.maximum, "percent": f"{result.percent:.0f}"}
    if result.below_threshold:
        return application_step("scores_agreed_below", below=len(result.below_threshold), **values)
    return application_step("scores_agreed", **values)


def gold_final_result(application: Application) -> rules.GoldResult:
    final = dict(
        application.scores.filter(kind=GoldScore.Kind.FINAL).values_list("criterion", "score")
    )
    return rules.gold_result(final, ladder_of(application))


# --- the decision -------------------------------------------------------------------


def award_refusal(application: Application) -> str | None:
    """Why the audit does not allow the award, or None."""
    if application.level == Application.Level.SILVER:
        # The Bronze Labels it rests on, as they stand now: one may have been revoked
        # since the application.
        revoked = revoked_bronze_labels([application.first_benchmarking, application.benchmarking])
        if revoked:
            label = min(revoked.values(), key=lambda label: label.revoked_at)
            return _(
                "The Bronze Label %(certificate)s this application rests on was revoked on "
                "%(day)s (%(reason)s)."
            ) % {
                "certificate": label.certificate_id,
                "day": long_date(timezone.localtime(label.revoked_at)),
                "reason": label.revoked_reason,
            }
        return rules.silver_outcome_refusal(
            [a.validated for a in application.areas.all()], application.baseline_confirmed
        )
    failures = _baseline_failures(application.benchmarking)
    if failures:
        return _baseline_refusal(failures)
    return rules.gold_outcome_refusal(gold_final_result(application))


@transaction.atomic
def application_decide(*, user, application: Application, award: bool, reason: str) -> Application:
    application = _locked(application)
    if not is_secretariat(user):
        raise StepRefused(_("Only the secretariat decides on a label."))
    # An award follows the recorded audit; a scheduled application that cannot go on (a
    # visit whose self-assessment can no longer be submitted) may be declined.
    if award:
        _require(application, _("Awarding"), (A.AUDITED,))
    else:
        _require(application, _("Declining"), (A.SCHEDULED, A.AUDITED))
    reason = _text(reason, _("The reasons"), max_length=2000, multiline=True)
    if not reason:
        raise InputInvalid(_("Give the reasons for the decision; the cluster reads them."))
    level = application.get_level_display()
    if award:
        refusal = award_refusal(application)
        if refusal:
            raise StepRefused(
                _("%(level)s cannot be awarded: %(refusal)s") % {"level": level, "refusal": refusal}
            )
        label = label_record_audited(
            user=user,
            cluster=application.cluster,
            level=application.level,
            audit_date=application.audit_date,
        )
        application.label = label
    application.decided_at, application.decided_by = timezone.now(), user
    application.decision_reason = reason
    application.save(update_fields=["label", "decided_at", "decided_by", "decision_reason"])
    if award:
        return _move(
            application,
            user,
            A.AWARDED,
            application_step(
                f"{application.level}_awarded",
                certificate=application.label.certificate_id,
                day=day_value(application.label.valid_until),
                reason=reason,
            ),
        )
    return _move(
        application,
        user,
        A.DECLINED,
        application_step(f"{application.level}_declined", reason=reason),
    )


@transaction.atomic
def application_withdraw(*, user, application: Application, reason: str) -> Application:
    """The cluster (or the secretariat) withdraws an application before its audit is held;
    the cluster may apply again later. Once held, the audit ends in a decision."""
    application = _locked(application)
    if not (is_secretariat(user) or is_cluster_manager(user, application.cluster)):
        raise StepRefused(_("Only a manager of the cluster or the secretariat withdraws it."))
    _require(application, _("Withdrawing"), (*BEFORE_AUDIT, A.SCHEDULED))
    if audit_held(application):
        raise StepRefused(
            _(
                "The audit was held on %(day)s: the application can no longer be withdrawn; "
                "it ends with the secretariat's decision."
            )
            % {"day": long_date(application.audit_date)}
        )
    reason = _text(reason, _("The reason"), max_length=400)
    if not reason:
        raise InputInvalid(_("Give the reason for withdrawing the application."))
    return _move(application, user, A.WITHDRAWN, application_step("withdrawn", reason=reason))


def next_steps(user, application: Application, *, managed: set[int] | None = None) -> set[str]:
    """The steps this user may take now, for the page's buttons (the services decide).

    A list of applications passes `managed` (managed_clusters, read once) and prefetches
    their assignments and slots, so that each application costs no query."""
    steps = set()
    status, gold = application.status, application.level == Application.Level.GOLD
    secretariat = is_secretariat(user)
    if managed is None:
        managed = managed_clusters(user)
    manager = application.cluster_id in managed
    auditor = is_auditor(user, application)
    assignments = list(application.assignments.all())
    held = audit_held(application)
    if secretariat and status in BEFORE_AUDIT:
        steps.add("assign")
    if manager and status == A.ASSIGNED:
        steps.add("propose")
    if (auditor or secretariat) and status == A.ASSIGNED and application.slots.all():
        steps.add("confirm")
    if (
        gold
        and manager
        and status in (*BEFORE_AUDIT, A.SCHEDULED)
        and not (application.self_assessment_submitted_at)
    ):
        steps.add("self_assessment")
    if not gold and auditor and status == A.SCHEDULED and held:
        steps.add("findings")
    if (
        gold
        and auditor
        and status == A.SCHEDULED
        and held
        and (application.self_assessment_submitted_at)
    ):
        mine = next(a for a in assignments if a.auditor_id == user.pk)
        if mine.scores_submitted_at is None:
            steps.add("score")
        elif all(a.scores_submitted_at for a in assignments):
            steps.add("reconcile")
    if secretariat and status == A.AUDITED:
        steps.add("decide")
    if secretariat and status == A.SCHEDULED:
        steps.add("decline")
    if (secretariat or manager) and status in (*BEFORE_AUDIT, A.SCHEDULED) and not held:
        steps.add("withdraw")
    return steps


def auditor_choices(application: Application) -> list[tuple[User, str | None]]:
    """Every active expert with what stops them auditing this application, if anything."""
    experts = (
        User.objects.filter(role=User.Role.EXPERT, is_active=True)
        .select_related("country")
        .order_by("last_name", "first_name", "pk")
    )
    conflicts = auditor_conflicts(application, experts)
    return [(e, conflicts[e.pk]) for e in experts]


def eligible_levels(user, cluster) -> dict[str, str | None]:
    """For a manager's page: for each level, None if the cluster may apply, else why not;
    for the level of an application in progress, where it stands (one at a time)."""
    _framework, ladder = ladder_latest()
    basis = silver_basis(cluster, ladder)
    latest = (
        cluster.benchmarkings.filter(status=Benchmarking.Status.RELEASED)
        .order_by("-interview_date")
        .first()
    )
    gold = None
    if latest is None:
        gold = _("Gold needs a released benchmarking first.")
    elif failures := _baseline_failures(latest):
        gold = _baseline_refusal(failures)
    levels = {"silver": basis if isinstance(basis, str) else None, "gold": gold}
    ongoing = _open_application(cluster)
    if ongoing is None:
        return levels
    waiting = _("One application at a time: the %(level)s application #%(pk)s is in progress.") % {
        "level": ongoing.get_level_display(),
        "pk": ongoing.pk,
    }
    return {
        level: application_progress(ongoing) if level == ongoing.level else (why or waiting)
        for level, why in levels.items()
    }


def application_progress(application: Application) -> str:
    """Where an application stands and whose step comes next, for its cluster's managers
    (their ladder page and their home). Reads its slots and assignments (prefetched for a
    list) and its framework's ladder."""
    names = {"level": application.get_level_display(), "pk": application.pk}
    status, gold = application.status, application.level == Application.Level.GOLD
    if status == A.APPLIED:
        return (
            _("%(level)s application #%(pk)s is with the secretariat, who assigns the auditors.")
            % names
        )
    if status == A.ASSIGNED:
        if any(not slot.confirmed for slot in application.slots.all()):
            return (
                _(
                    "%(level)s application #%(pk)s: the times you proposed wait for the "
                    "auditors' confirmation."
                )
                % names
            )
        return (
            _("%(level)s application #%(pk)s: the auditors are assigned; propose audit times.")
            % names
        )
    if status == A.AUDITED:
        return _(
            "%(level)s application #%(pk)s: the audit is recorded; the secretariat decides."
        ) % (names)
    if status != A.SCHEDULED:
        return _("%(level)s application #%(pk)s: %(status)s.") % {
            **names,
            "status": application.get_status_display().lower(),
        }
    names["day"] = long_date(application.audit_date)
    submitted = application.self_assessment_submitted_at is not None
    if not audit_held(application):
        if gold and not submitted:
            first, last = rules.self_assessment_window(
                application.audit_date, ladder_of(application)
            )
            return _(
                "%(level)s application #%(pk)s: the visit is on %(day)s; submit the "
                "self-assessment between %(first)s and %(last)s."
            ) % {
                **names,
                "first": long_date(first),
                "last": long_date(last),
            }
        return _("%(level)s application #%(pk)s: the audit is on %(day)s.") % names
    if not gold:
        return (
            _(
                "%(level)s application #%(pk)s: the audit was held on %(day)s; the auditor "
                "records the findings."
            )
            % names
        )
    if not submitted:
        return (
            _(
                "%(level)s application #%(pk)s: the visit began on %(day)s without the "
                "self-assessment; the secretariat decides."
            )
            % names
        )
    if all(a.scores_submitted_at for a in application.assignments.all()):
        return (
            _(
                "%(level)s application #%(pk)s: the visit began on %(day)s; the auditors "
                "agree the final scores."
            )
            % names
        )
    return (
        _(
            "%(level)s application #%(pk)s: the visit began on %(day)s; each auditor scores "
            "it independently."
        )
        % names
    )


def applications_awaiting(user):
    """What waits for this user, for the lists: open applications they can act on."""
    return applications_for(user).filter(status__in=OPEN_STATUSES)


# What each next step is called on a person's home, and where it is taken.
STEP_TASKS = {
    "assign": (gettext_lazy("Assign the auditors"), "application_detail"),
    "propose": (gettext_lazy("Propose audit times"), "application_detail"),
    "confirm": (gettext_lazy("Confirm an audit time"), "application_detail"),
    "self_assessment": (gettext_lazy("Fill in the Gold self-assessment"), "self_assessment"),
    "findings": (gettext_lazy("Record the audit's findings"), "application_detail"),
    "score": (gettext_lazy("Score the Gold visit"), "scoring"),
    "reconcile": (gettext_lazy("Agree the final Gold scores"), "reconcile"),
    "decide": (gettext_lazy("Decide on the label"), "application_detail"),
}


def ladder_work(user):
    """The Silver and Gold steps waiting for this person, for their home page; for a
    cluster manager also where each of their applications stands while it waits for
    someone else, and the certificates of their valid Silver and Gold Labels. A fixed
    number of queries however many applications."""
    from django.urls import reverse

    from clusterbench.engagements.selectors import Task, TaskList

    work = TaskList(_("Silver and Gold"), _("Label applications waiting for your step."))
    yours = TaskList(
        _("Your label applications"),
        _("Where each Silver or Gold application stands, and your labels' certificates."),
    )
    managed = managed_clusters(user)
    applications = (
        applications_awaiting(user)
        .select_related("framework")
        .prefetch_related("assignments", "slots")
    )
    for application in applications:
        subject = f"{application.cluster.name_en} ({application.get_level_display()})"
        url = reverse("application_detail", args=[application.pk])
        steps = next_steps(user, application, managed=managed) - {"withdraw", "decline"}
        for step in sorted(steps):
            what, page = STEP_TASKS[step]
            work.tasks.append(
                Task(
                    str(what),
                    subject,
                    reverse(page, args=[application.pk]),
                    urgent=step in ("findings", "reconcile", "decide"),
                )
            )
        if not steps and application.cluster_id in managed:
            yours.tasks.append(
                Task(_("Follow the application"), subject, url, application_progress(application))
            )
    awarded = (
        Application.objects.filter(
            cluster__in=managed,
            status=A.AWARDED,
            label__revoked_at__isnull=True,
            label__valid_until__gte=timezone.localdate(),
        )
        .select_related("cluster", "label")
        .order_by("cluster__name_en", "pk")
    )
    for application in awarded:
        label = application.label
        yours.tasks.append(
            Task(
                _("Download the certificate"),
                f"{application.cluster.name_en} ({label.get_level_display()})",
                reverse("certificate_download", args=[label.certificate_id]),
                _("%(level)s Label %(certificate)s, valid until %(day)s")
                % {
                    "level": label.get_level_display(),
                    "certificate": label.certificate_id,
                    "day": long_date(label.valid_until),
                },
            )
        )
    return [task_list for task_list in (work, yours) if task_list.tasks]
