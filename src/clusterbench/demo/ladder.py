"""The Silver and Gold demonstration: a Silver application whose audit was held yesterday
(its findings are the auditor's next step), a Gold visit whose two independent scorings
wait to be reconciled, a cluster holding a valid Gold Label, and two auditors (one from
Serbia, one from abroad) with a second cluster manager for the ladder's clusters.

Built directly, like the demonstration engagements, so that the timelines lie in the
past and no e-mails are sent; every step follows the workflow's own order and rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from clusterbench.accounts.models import User
from clusterbench.audits import rules
from clusterbench.audits.models import (
    Application,
    ApplicationEvent,
    AuditorAssignment,
    AuditSlot,
    GoldScore,
    ImprovementArea,
)
from clusterbench.audits.services import (
    _baseline_failures,
    improvement_suggestions,
    scores_agreed_step,
)
from clusterbench.audits.steps import APPLICATION_STEPS, application_step
from clusterbench.clusters.models import ClusterOrganisation, Country
from clusterbench.engagements.models import Benchmarking
from clusterbench.engagements.steps import (
    day_value,
    moment_value,
    moments_value,
    month_value,
    person_value,
)
from clusterbench.interviews.models import Answer, QualitativeEntry
from clusterbench.labels.models import Label
from clusterbench.labels.rules import audited_valid_until, bronze_valid_until
from clusterbench.methodology.ladder import ladder_rules
from clusterbench.methodology.loader import framework_latest

from .qualitative import qualitative_content
from .services import NETWORK_COUNTRIES, DemoAccount, _at, _evidence, _qualitative_entries

# Published on purpose: these accounts exist only in demonstration databases.
LADDER_ACCOUNTS = [
    # username, password, role, first, last, country
    ("auditor", "auditor-demo", User.Role.EXPERT, "Ana", "Marković", "RS"),
    ("auditor-abroad", "auditor-abroad-demo", User.Role.EXPERT, "Thomas", "Gruber", "AT"),
    ("manager2", "manager2-demo", User.Role.CLUSTER_MANAGER, "Milica", "Jovanović", None),
]
# The Gold clusters: Serbian (the national auditor's) to reconcile, Austrian (the other
# auditor's) awarded; each audit pairs one national and one foreign auditor.
HOME, ABROAD = "RS", "AT"


@dataclass
class _Story:
    today: dt.date
    secretariat: User
    national: User
    foreign: User
    manager: User


def demo_ladder_exists() -> bool:
    return Application.objects.filter(cluster__is_synthetic=True).exists()


@transaction.atomic
def demo_ladder_accounts() -> list[DemoAccount]:
    accounts = []
    for username, password, role, first, last, country in LADDER_ACCOUNTS:
        user = User.objects.filter(username=username).first() or User(username=username)
        user.first_name, user.last_name, user.role = first, last, role
        user.email = f"{username}@clusterbench.example"
        user.country = Country.objects.get(alpha2=country) if country else None
        user.is_active = True
        user.set_password(password)
        user.full_clean()
        user.save()
        acts_for = f"auditor from {user.country.name}" if user.country else ""
        if role == User.Role.CLUSTER_MANAGER:
            acts_for = " and ".join(
                f"{c.name_en}, {c.country.name}" for c in user.clusters.select_related("country")
            )
        accounts.append(DemoAccount(username, password, user.get_role_display(), acts_for))
    return accounts


def _candidates(used: set[int]):
    """Synthetic clusters free for the ladder: no manager yet, no engagement in the
    product, latest released benchmarking meeting the eligibility baseline."""
    taken = set(
        Benchmarking.objects.filter(requested_by__isnull=False).values_list("cluster", flat=True)
    ) | set(User.objects.filter(clusters__isnull=False).values_list("clusters", flat=True))
    clusters = (
        ClusterOrganisation.objects.filter(is_synthetic=True)
        .exclude(pk__in=taken | used)
        .select_related("country")
        .order_by("name_en", "pk")
    )
    for cluster in clusters:
        latest = (
            cluster.benchmarkings.filter(status=Benchmarking.Status.RELEASED)
            .order_by("-interview_date", "-pk")
            .first()
        )
        if latest is not None and not _baseline_failures(latest):
            yield cluster, latest


def _event(application, actor, at, from_status, to_status, recorded):
    limit = ApplicationEvent._meta.get_field("description").max_length
    event = ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        **APPLICATION_STEPS.fields(recorded, limit),
    )
    ApplicationEvent.objects.filter(pk=event.pk).update(at=at)


@transaction.atomic
def demo_ladder_create(*, today: dt.date | None = None) -> int:
    """The ladder's demonstration; idempotent. Returns how many applications it made."""
    if demo_ladder_exists():
        return 0
    today = today or timezone.localdate()
    story = _Story(
        today=today,
        secretariat=User.objects.get(username="secretariat"),
        national=User.objects.get(username="auditor"),
        foreign=User.objects.get(username="auditor-abroad"),
        manager=User.objects.get(username="manager2"),
    )
    framework = framework_latest()
    used: set[int] = set()
    silver = _silver_cluster(used, today)
    gold_pending = _pick(used, country=HOME)
    gold_awarded = _pick(used, country=ABROAD)
    made = 0
    if silver is not None:
        _silver_in_audit(story, framework, *silver)
        made += 1
    if gold_pending is not None:
        _gold_to_reconcile(story, framework, *gold_pending)
        made += 1
    if gold_awarded is not None:
        _gold_awarded(story, framework, *gold_awarded)
        made += 1
    story.manager.clusters.set([x[0] for x in (silver, gold_pending) if x is not None])
    return made


def _pick(used: set[int], *, country: str):
    for cluster, latest in _candidates(used):
        if cluster.country_id != country:
            continue
        used.add(cluster.pk)
        return cluster, latest
    return None


def _silver_cluster(used: set[int], today: dt.date):
    """A network cluster whose latest Bronze interview was 19-24 months ago: its second
    Bronze benchmarking (two months ago) falls in the Silver window."""
    second = today - dt.timedelta(days=60)
    for cluster, latest in _candidates(used):
        if cluster.country_id not in NETWORK_COUNTRIES:
            continue
        if rules.silver_window_refusal(latest.interview_date, second, ladder_rules("2026.1")):
            continue
        used.add(cluster.pk)
        return cluster, latest, second
    return None


def _silver_in_audit(story: _Story, framework, cluster, first: Benchmarking, second_day):
    """The second Bronze benchmarking, the application with three improvement areas from
    the first report's weaknesses, the auditor assigned, the audit held yesterday."""
    # Maturity (2.1, the organisation's age) grows by itself: not an area to improve.
    suggestions = [s for s in improvement_suggestions(first) if s["code"] != "2.1"][:3]
    improved = {}
    answers = list(first.answers.select_related("indicator"))
    second = Benchmarking.objects.create(
        cluster=cluster,
        framework=framework,
        interview_date=second_day,
        interview_start=_at(second_day, dt.time(9, 30), cluster.time_zone),
        status=Benchmarking.Status.RELEASED,
        expert=first.expert,
    )
    criteria = {c.code: c for c in _framework_criteria(framework)}
    for s in suggestions:
        criterion = criteria[s["code"]]
        improved[criterion.indicator] = criterion.threshold  # the improvement, measured
    if cluster.year_founded:
        improved["M1"] = second_day.year - cluster.year_founded  # its age, as in every run
    Answer.objects.bulk_create(
        Answer(
            benchmarking=second,
            indicator=a.indicator,
            value=improved.get(a.indicator.code, a.value),
            not_known=a.not_known and a.indicator.code not in improved,
            evidence=_evidence(
                a.indicator.code, improved.get(a.indicator.code, a.value), second_day
            ),
            answered_at=_at(second_day, dt.time(11, 0), cluster.time_zone),
        )
        for a in answers
    )
    # Like every recent benchmarking of the population, it has its qualitative part.
    QualitativeEntry.objects.bulk_create(
        _qualitative_entries(
            second,
            qualitative_content(
                name=cluster.name_en,
                portfolio=cluster.portfolio.slug,
                country=cluster.country.name,
                interview=second_day,
                year_founded=cluster.year_founded,
                area_codes=list(framework.areas.values_list("code", flat=True)),
                answers=dict(second.answers.values_list("indicator__code", "value")),
            ),
            user=first.expert,
            at=_at(second_day, dt.time(12, 0), cluster.time_zone),
        )
    )
    previous = cluster.labels.filter(revoked_at__isnull=True).order_by("-valid_until").first()
    Label.objects.create(
        cluster=cluster,
        level=Label.Level.BRONZE,
        certificate_id=f"{cluster.country.alpha3}9{second.pk % 100:02d}{second_day:%Y%m}C"
        f"{second_day:%y}{second.pk % 10000:04d}",
        valid_from=second_day,
        valid_until=bronze_valid_until(second_day, previous.valid_until if previous else None),
    )
    ladder = ladder_rules(framework.version)
    held = story.today - dt.timedelta(days=1)
    start = _at(held, dt.time(9, 0), cluster.time_zone)
    application = Application.objects.create(
        cluster=cluster,
        level=Application.Level.SILVER,
        status=Application.Status.SCHEDULED,
        framework=framework,
        applied_by=story.manager,
        first_benchmarking=first,
        benchmarking=second,
        audit_start=start,
        audit_date=held,
        audit_minutes=ladder.silver_audit_minutes,
        audit_mode="on_site",
        audit_location=cluster.address or f"Offices of {cluster.name_en}",
    )
    ImprovementArea.objects.bulk_create(
        ImprovementArea(
            application=application,
            position=i,
            criterion=s["code"],
            weakness=s["weakness"],
            actions=f"An action plan on {s['name'].lower()}, adopted by the board and "
            "carried out over the year; progress reviewed every quarter.",
            evidence="Board minutes, the action plan and the quarterly progress notes.",
        )
        for i, s in enumerate(suggestions, 1)
    )
    AuditorAssignment.objects.create(application=application, auditor=story.national)
    AuditSlot.objects.create(
        application=application, start=start, proposed_by=story.manager, confirmed=True
    )
    applied = _at(story.today - dt.timedelta(days=40), dt.time(10, 0))
    zone = cluster.time_zone
    steps = [
        (
            applied,
            story.manager,
            "applied",
            "applied",
            application_step(
                "silver_applied",
                first=month_value(first.interview_date),
                second=month_value(second_day),
                areas=", ".join(s["code"] for s in suggestions),
            ),
        ),
        (
            applied + dt.timedelta(days=2),
            story.secretariat,
            "applied",
            "assigned",
            application_step(
                "auditor_assigned",
                auditor=person_value(story.national.get_full_name(), story.national.country),
            ),
        ),
        (
            applied + dt.timedelta(days=4),
            story.manager,
            "assigned",
            "assigned",
            application_step("times_proposed", times=moments_value([start], zone), zone=zone),
        ),
        (
            applied + dt.timedelta(days=5),
            story.national,
            "assigned",
            "scheduled",
            application_step("silver_confirmed", time=moment_value(start, zone)),
        ),
    ]
    for at, actor, before, after, text in steps:
        _event(application, actor, at, before, after, text)


def _framework_criteria(framework):
    from clusterbench.methodology.loader import framework_spec

    return framework_spec(framework).criteria


# Where the two auditors scored differently, and the self-assessment's optimism [model].
NATIONAL_LOWER = {"2.2.2": 1, "4.1.4": 1, "5.1": 1}
FOREIGN_LOWER = {"2.1": 1, "2.7": 2, "4.2": 1, "4.5": 1}
COMMON_LOWER = {"1.1.1": 1, "1.2": 1, "3.2": 1, "4.6.2": 1, "5.3": 1}


def _gold_scores(ladder):
    national, foreign, own = {}, {}, {}
    for ind in ladder.gold_indicators:
        base = ind.points - COMMON_LOWER.get(ind.code, 0)
        national[ind.code] = base - NATIONAL_LOWER.get(ind.code, 0)
        foreign[ind.code] = base - FOREIGN_LOWER.get(ind.code, 0)
        own[ind.code] = ind.points
    return national, foreign, own


def _gold_application(story, framework, cluster, latest, *, held, status, manager):
    ladder = ladder_rules(framework.version)
    start = _at(held, dt.time(9, 0), cluster.time_zone)
    submitted = _at(held - dt.timedelta(days=16), dt.time(15, 0), cluster.time_zone)
    application = Application.objects.create(
        cluster=cluster,
        level=Application.Level.GOLD,
        status=status,
        framework=framework,
        applied_by=manager,
        benchmarking=latest,
        audit_start=start,
        audit_date=held,
        audit_minutes=ladder.gold_visit_minutes,
        audit_mode="on_site",
        audit_location=cluster.address or f"Offices of {cluster.name_en}",
        self_assessment_submitted_at=submitted,
    )
    national, foreign, own = _gold_scores(ladder)
    scored = start + dt.timedelta(days=1, hours=8)
    for auditor in (story.national, story.foreign):
        AuditorAssignment.objects.create(
            application=application, auditor=auditor, scores_submitted_at=scored
        )
    AuditSlot.objects.create(application=application, start=start, confirmed=True)
    rows = [
        GoldScore(application=application, criterion=c, kind="self", score=s)
        for c, s in own.items()
    ]
    for auditor, scores in ((story.national, national), (story.foreign, foreign)):
        rows += [
            GoldScore(application=application, criterion=c, kind="auditor", scorer=auditor, score=s)
            for c, s in scores.items()
        ]
    GoldScore.objects.bulk_create(rows)
    applied = start - dt.timedelta(days=45)
    zone = cluster.time_zone
    first, last = rules.self_assessment_window(held, ladder)
    steps = [
        (applied, manager, "applied", "applied", application_step("gold_applied")),
        (
            applied + dt.timedelta(days=2),
            story.secretariat,
            "applied",
            "assigned",
            application_step(
                "auditors_assigned",
                first=person_value(story.national.get_full_name(), story.national.country),
                second=person_value(story.foreign.get_full_name(), story.foreign.country),
            ),
        ),
        (
            applied + dt.timedelta(days=4),
            manager,
            "assigned",
            "assigned",
            application_step("times_proposed", times=moments_value([start], zone), zone=zone),
        ),
        (
            applied + dt.timedelta(days=5),
            story.national,
            "assigned",
            "scheduled",
            application_step(
                "gold_confirmed",
                time=moment_value(start, zone),
                first=day_value(first),
                last=day_value(last),
            ),
        ),
        (
            submitted,
            manager,
            "scheduled",
            "scheduled",
            application_step(
                "self_assessment_submitted", total=sum(own.values()), maximum=ladder.gold_maximum
            ),
        ),
        (
            scored - dt.timedelta(hours=1),
            story.national,
            "scheduled",
            "scheduled",
            application_step("scores_submitted"),
        ),
        (
            scored,
            story.foreign,
            "scheduled",
            "scheduled",
            application_step("scores_submitted"),
        ),
    ]
    for at, actor, before, after, text in steps:
        _event(application, actor, at, before, after, text)
    return application, national, foreign, scored


def _gold_to_reconcile(story, framework, cluster, latest):
    """The visit ends today: both scorings are in, the agreed scores are the next step."""
    _gold_application(
        story,
        framework,
        cluster,
        latest,
        held=story.today - dt.timedelta(days=1),
        status=Application.Status.SCHEDULED,
        manager=story.manager,
    )


def _gold_awarded(story, framework, cluster, latest):
    """Audited five months ago, reconciled, awarded: the cluster shows the Gold Label."""
    held = story.today - dt.timedelta(days=150)
    application, national, foreign, scored = _gold_application(
        story,
        framework,
        cluster,
        latest,
        held=held,
        status=Application.Status.AWARDED,
        manager=None,
    )
    ladder = ladder_rules(framework.version)
    finals = {c: max(national[c], foreign[c]) for c in national}
    GoldScore.objects.bulk_create(
        GoldScore(
            application=application,
            criterion=c,
            kind="final",
            scorer=story.national,
            score=s,
            reason=""
            if national[c] == foreign[c]
            else "Agreed on the evidence seen on the second day",
        )
        for c, s in finals.items()
    )
    result = rules.gold_result(finals, ladder)
    decided = scored + dt.timedelta(days=9)
    label = Label.objects.create(
        cluster=cluster,
        level=Label.Level.GOLD,
        certificate_id=f"{cluster.country.alpha3}G{held:%Y%m}C{decided:%y}{application.pk:04d}",
        valid_from=held,
        valid_until=audited_valid_until(held),
        awarded_by=story.secretariat,
    )
    Label.objects.filter(pk=label.pk).update(awarded_at=decided)
    reason = f"{result.total} of {result.maximum} points, every threshold met."
    Application.objects.filter(pk=application.pk).update(
        label=label, decided_at=decided, decided_by=story.secretariat, decision_reason=reason
    )
    _event(
        application,
        story.national,
        scored + dt.timedelta(hours=2),
        "scheduled",
        "audited",
        scores_agreed_step(result),
    )
    _event(
        application,
        story.secretariat,
        decided,
        "audited",
        "awarded",
        application_step(
            "gold_awarded",
            certificate=label.certificate_id,
            day=day_value(label.valid_until),
            reason=reason,
        ),
    )
