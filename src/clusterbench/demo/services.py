"""Writing the demonstration population to the database, and removing it again; the
demonstration accounts with their engagements, labels and group bids.

Every demonstration story is coherent in time (METHODOLOGY section 7): the accounts'
engagements are dated around today, each step after the one before it in the workflow's
order (a quote before its acceptance, a time confirmed before the interview, evidence
dated on its own interview), for organisations whose last benchmarking is long enough
ago for a new one.
"""

import datetime as dt
import time
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from clusterbench.accounts.models import User
from clusterbench.clusters.models import ClusterOrganisation, Country, Network, Portfolio
from clusterbench.clusters.search import search_key
from clusterbench.engagements.models import Benchmarking, EngagementEvent, GroupBid, SlotProposal
from clusterbench.engagements.steps import (
    Step,
    language_value,
    moment_value,
    moments_value,
    money_value,
    step,
)
from clusterbench.engagements.workflow import event_fields
from clusterbench.interviews.models import Answer, QualitativeEntry
from clusterbench.methodology.loader import framework_latest, framework_spec
from clusterbench.methodology.models import Framework
from clusterbench.offers.models import Quote
from clusterbench.offers.quotes import price_list_current, quote_record
from clusterbench.peers.models import ReferenceSnapshot

from . import population
from .models import DemoPopulation
from .qualitative import qualitative_content

EXPERT_NAMES = [
    ("Ana", "Kovač"),
    ("Lars", "Henriksen"),
    ("Maria", "Lopes"),
    ("Tomasz", "Nowak"),
    ("Elena", "Rossi"),
    ("Jan", "de Vries"),
    ("Ingrid", "Berg"),
    ("Nikos", "Papadakis"),
    ("Sofia", "Marin"),
    ("Pieter", "Claes"),
    ("Katarina", "Horvat"),
    ("Jonas", "Weber"),
]


@dataclass(frozen=True)
class DemoResult:
    created: bool
    clusters: int
    benchmarkings: int
    answers: int
    seconds: float
    fingerprint: str
    reference_date: dt.date | None
    countries: int = 0
    first_interview: dt.date | None = None
    last_interview: dt.date | None = None


class DemoError(RuntimeError):
    pass


def demo_population_exists() -> bool:
    return ClusterOrganisation.objects.filter(is_synthetic=True).exists()


def demo_reference_date() -> dt.date:
    """The date the stored population was generated as of (today when none is stored)."""
    stored = DemoPopulation.objects.first()
    return stored.reference_date if stored else timezone.localdate()


@transaction.atomic
def demo_population_delete() -> None:
    """Remove the synthetic clusters with everything that hangs on them. Labels, report
    versions and snapshots protect what they point at, so they go first, in that order."""
    from clusterbench.audits.models import Application
    from clusterbench.labels.models import Label
    from clusterbench.reports.models import ReportVersion

    clusters = ClusterOrganisation.objects.filter(is_synthetic=True)
    benchmarkings = Benchmarking.objects.filter(cluster__in=clusters)
    Application.objects.filter(cluster__in=clusters).delete()  # it protects labels
    Label.objects.filter(cluster__in=clusters).delete()
    reports = ReportVersion.objects.filter(benchmarking__in=benchmarkings)
    reports.update(replaces=None)  # corrections protect the versions they replace
    reports.delete()
    ReferenceSnapshot.objects.filter(subject__in=benchmarkings).delete()
    quotes = Quote.objects.filter(benchmarking__in=benchmarkings)
    quotes.update(replaces=None)  # a new quote protects the one it replaces
    quotes.delete()
    groups = list(GroupBid.objects.filter(members__in=clusters).distinct())
    benchmarkings.delete()  # answers, events, slots and the audit trail go with them
    GroupBid.objects.filter(pk__in=[g.pk for g in groups]).delete()
    clusters.delete()
    DemoPopulation.objects.all().delete()


def demo_population_create(
    *,
    seed: int = population.SEED,
    replace: bool = False,
    framework: Framework | None = None,
    reference_date: dt.date | None = None,
    clusters: int = population.CLUSTER_COUNT,
) -> DemoResult:
    """Generate and store the synthetic population, unless it is already there. Its
    interviews run up to the month before reference_date (default: today), which is
    stored with it, so the population stays as generated while time passes."""
    started = time.perf_counter()
    framework = framework or framework_latest()
    if framework is None:
        raise DemoError("No framework is loaded: run `clusterbench load-framework` first.")
    if demo_population_exists() and not replace:
        stored = DemoPopulation.objects.first()  # none: generated before dates were kept
        return DemoResult(
            False,
            ClusterOrganisation.objects.filter(is_synthetic=True).count(),
            0,
            0,
            time.perf_counter() - started,
            "",
            stored.reference_date if stored else None,
        )
    today = timezone.localdate()
    reference_date = reference_date or today
    if reference_date > today:
        raise DemoError(
            f"The reference date {reference_date:%d %B %Y} is after today: the "
            "demonstration would hold interviews that have not happened yet."
        )
    spec = framework_spec(framework)
    try:
        generated = population.generate(
            spec, seed=seed, count=clusters, reference_date=reference_date
        )
    except ValueError as exc:
        raise DemoError(str(exc)) from None
    fingerprint = population.fingerprint(generated)
    with transaction.atomic():
        if replace:
            demo_population_delete()
        counts = _store(framework, generated, reference_date)
        DemoPopulation.objects.create(
            seed=seed,
            reference_date=reference_date,
            clusters=len(generated),
            fingerprint=fingerprint,
        )
    dates = [run.interview_date for c in generated for run in c.benchmarkings]
    return DemoResult(
        True,
        *counts,
        time.perf_counter() - started,
        fingerprint,
        reference_date,
        countries=len({c.country for c in generated}),
        first_interview=min(dates),
        last_interview=max(dates),
    )


# The population's benchmarkings interviewed this many days before its reference date or
# later have the qualitative part (strategy, megatrends, observations, success stories).
QUALITATIVE_RECENT_DAYS = 3 * 365


def _store(
    framework: Framework, clusters: list[population.SyntheticCluster], reference_date: dt.date
):
    countries = {c.alpha2: c for c in Country.objects.all()}
    portfolios = {p.slug: p for p in Portfolio.objects.all()}
    missing = {c.country for c in clusters} - countries.keys()
    if missing:
        raise DemoError(f"Unknown country codes in the demonstration data: {sorted(missing)}")
    experts = _experts()
    rows = ClusterOrganisation.objects.bulk_create(
        ClusterOrganisation(
            name=c.name,
            name_en=c.name_en,
            country=countries[c.country],
            region=c.region,
            portfolio=portfolios[c.portfolio],
            website=c.website,
            year_founded=c.year_founded,
            address=c.address,
            contact_name=c.contact_name,
            contact_email=c.contact_email,
            time_zone=c.time_zone,
            is_synthetic=True,
            search_text=search_key(f"{c.name} {c.name_en}"),
        )
        for c in clusters
    )
    runs = [
        (row, run)
        for row, cluster in zip(rows, clusters, strict=True)
        for run in cluster.benchmarkings
    ]
    benchmarkings = Benchmarking.objects.bulk_create(
        Benchmarking(
            cluster=row,
            framework=framework,
            expert=experts[run.expert_index],
            interview_date=run.interview_date,
            status=Benchmarking.Status.RELEASED,
        )
        for row, run in runs
    )
    indicators = {i.code: i for i in framework.indicators.all()}
    answers = [
        Answer(
            benchmarking=benchmarking,
            indicator=indicators[code],
            value=value,
            not_known=value is None,
            evidence=run.evidence[code],
            answered_by=benchmarking.expert,
            answered_at=_at(run.interview_date, dt.time(11, 0)),  # during its interview
        )
        for benchmarking, (_row, run) in zip(benchmarkings, runs, strict=True)
        for code, value in run.values.items()
    ]
    Answer.objects.bulk_create(answers, batch_size=2000)
    area_codes = list(framework.areas.values_list("code", flat=True))
    recent = reference_date - dt.timedelta(days=QUALITATIVE_RECENT_DAYS)
    QualitativeEntry.objects.bulk_create(
        (
            entry
            for benchmarking, (row, run) in zip(benchmarkings, runs, strict=True)
            if run.interview_date >= recent
            for entry in _qualitative_entries(
                benchmarking,
                qualitative_content(
                    name=row.name_en,
                    portfolio=row.portfolio.slug,
                    country=row.country.name,
                    interview=run.interview_date,
                    year_founded=row.year_founded,
                    area_codes=area_codes,
                    answers=run.values,
                ),
                user=benchmarking.expert,
                at=_at(run.interview_date, dt.time(12, 0)),
            )
        ),
        batch_size=2000,
    )
    return len(rows), len(benchmarkings), len(answers)


def _qualitative_entries(
    benchmarking, topics: dict[str, dict], *, user, at, self_assessed=False
) -> list[QualitativeEntry]:
    """The qualitative part's rows for one benchmarking, as entered by user at that moment
    (confirmed by the expert, or pre-filled by the cluster when self_assessed)."""
    return [
        QualitativeEntry(
            benchmarking=benchmarking,
            topic=topic,
            text=fields.get("text", fields.get("outcome", "")),
            title=fields.get("title", ""),
            year=fields.get("year"),
            partners=fields.get("partners", ""),
            entered_by=user,
            entered_at=at,
            self_assessed=self_assessed,
        )
        for topic, fields in topics.items()
    ]


def _at(day: dt.date, clock: dt.time, zone: str = "UTC") -> dt.datetime:
    """An aware moment: a day and a time of day in a time zone."""
    return dt.datetime.combine(day, clock, tzinfo=zoneinfo.ZoneInfo(zone))


def _working_day(day: dt.date) -> dt.date:
    """Interviews are held on working days: a weekend day moves on to the Monday."""
    return day + dt.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def _historical():
    """The generated benchmarkings: released before the platform, requested by nobody in it."""
    return Benchmarking.objects.filter(
        cluster__is_synthetic=True,
        status=Benchmarking.Status.RELEASED,
        requested_by__isnull=True,
    )


def _experts() -> list[User]:
    """The synthetic experts who "interviewed" the population; they cannot log in."""
    experts = []
    for i, (first, last) in enumerate(EXPERT_NAMES, start=1):
        user, _ = User.objects.get_or_create(
            username=f"demo-expert-{i:02d}",
            defaults={
                "first_name": first,
                "last_name": last,
                "role": User.Role.EXPERT,
                "email": f"demo-expert-{i:02d}@clusterbench.example",
                "password": make_password(None),
            },
        )
        experts.append(user)
    return experts


NETWORK_NAME = "Balkan and Black Sea Cluster Network"
NETWORK_COUNTRIES = ["RS", "BA", "ME", "MK", "AL", "BG", "RO", "MD", "GR", "TR", "UA", "HR"]
MANAGER_COUNTRY = "RS"  # the demo manager's two organisations, when the population has them
DUE_MONTHS = 18  # a cluster asks for a new benchmarking no sooner after its last interview


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    acts_for: str


# Published on purpose: these accounts exist only in demonstration databases.
DEMO_ACCOUNTS = [
    ("secretariat", "secretariat-demo", User.Role.SECRETARIAT, "Sabine", "Keller"),
    ("expert", "expert-demo", User.Role.EXPERT, "Marko", "Ilić"),
    ("manager", "manager-demo", User.Role.CLUSTER_MANAGER, "Jelena", "Popović"),
    ("coordinator", "coordinator-demo", User.Role.NETWORK_COORDINATOR, "Dragan", "Stojanović"),
]


def _due_clusters(as_of: dt.date):
    """Synthetic organisations whose latest interview is at least DUE_MONTHS before as_of,
    so that a new benchmarking of theirs is plausible."""
    return (
        ClusterOrganisation.objects.filter(is_synthetic=True)
        .annotate(latest_interview=Max("benchmarkings__interview_date"))
        .filter(latest_interview__lte=population.add_months(as_of, -DUE_MONTHS))
        .select_related("country")
    )


def _pick(candidates: list, count: int, *, fallbacks=()) -> list:
    """The first `count` candidates, topped up from the fallbacks (for small populations)."""
    picked = list(candidates[:count])
    for fallback in fallbacks:
        chosen = {c.pk for c in picked}
        picked += [c for c in fallback if c.pk not in chosen][: count - len(picked)]
    return picked


def _manager_clusters(as_of: dt.date) -> list[ClusterOrganisation]:
    """The demo manager's two organisations, due for a new benchmarking: the first gets a
    quote to accept, the second the showcase report (Serbia has enough peers for every
    comparison group)."""
    due = _due_clusters(as_of).order_by("name_en", "pk")
    synthetic = ClusterOrganisation.objects.filter(is_synthetic=True).order_by("pk")
    return _pick(
        due.filter(country__alpha2=MANAGER_COUNTRY),
        2,
        fallbacks=(due.filter(country__alpha2__in=NETWORK_COUNTRIES), due, synthetic),
    )


@transaction.atomic
def demo_accounts_create() -> list[DemoAccount]:
    """One account per role, tied to demonstration clusters; re-running resets them."""
    synthetic = ClusterOrganisation.objects.filter(is_synthetic=True).select_related("country")
    if not synthetic.exists():
        raise DemoError(
            "Generate the demonstration population first (`clusterbench generate-demo`)."
        )
    network, _ = Network.objects.get_or_create(name=NETWORK_NAME)
    network.members.set(synthetic.filter(country__alpha2__in=NETWORK_COUNTRIES))
    accounts = []
    for username, password, role, first, last in DEMO_ACCOUNTS:
        user = User.objects.filter(username=username).first() or User(username=username)
        user.first_name, user.last_name, user.role = first, last, role
        user.email = f"{username}@clusterbench.example"
        user.network = network if role == User.Role.NETWORK_COORDINATOR else None
        user.is_staff = role == User.Role.SECRETARIAT
        user.is_active = True
        user.set_password(password)
        user.full_clean()
        user.save()
        acts_for = ""
        if role == User.Role.CLUSTER_MANAGER:
            if not demo_engagements_exist():  # else keep those the engagements were made for
                user.clusters.set(_manager_clusters(demo_reference_date()))
            quoted, *rest = _managed(user)
            acts_for = f"{quoted.name_en}, {quoted.country.name} (a quote to accept)"
            if rest:
                showcase = rest[-1]
                acts_for += f" and {showcase.name_en}, {showcase.country.name} (a released report)"
        elif role == User.Role.NETWORK_COORDINATOR:
            acts_for = f"{network.name}, {network.members.count()} members"
        accounts.append(DemoAccount(username, password, user.get_role_display(), acts_for))
    return accounts


def _managed(manager: User) -> list[ClusterOrganisation]:
    """The demo manager's organisations in a fixed order: the quoted one, the showcase."""
    return list(manager.clusters.select_related("country").order_by("name_en", "pk"))


def demo_showcase():
    """The demonstration's latest released report: the one a newcomer should open."""
    from clusterbench.reports.models import ReportVersion

    return (
        ReportVersion.objects.filter(
            status=ReportVersion.Status.RELEASED, benchmarking__cluster__is_synthetic=True
        )
        .select_related("benchmarking__cluster", "snapshot")
        .order_by("-released_at", "-pk")
        .first()
    )


# The showcase's report is released in English and, on its manager's request, in Serbian.
SHOWCASE_LANGUAGE = "sr-latn"

# Engagements in every step of the workflow, around today, for the demonstration accounts.
# Built directly (not through the workflow services) so that their timelines can lie in
# the past and no emails are sent; each timeline follows the workflow's own order.
DEMO_ENGAGEMENT_STEPS = [
    # (status, days from today of the interview or None, answers: none/some/all)
    ("requested", None, "none"),
    ("quoted", None, "none"),  # the demo manager's first organisation: accept the quote
    ("accepted", None, "some"),  # times proposed, the demo expert confirms one
    ("scheduled", 9, "some"),  # the demo expert's next interview, partly self-assessed
    ("scheduled", -40, "all"),  # interview held but not closed: overdue
    ("interviewed", -45, "all"),  # overdue report
    ("draft_ready", -20, "all"),
    ("in_review", -30, "all"),
    ("released", -33, "all"),  # the demo manager's second organisation: the showcase
    ("cancelled", None, "none"),
]
PATH = [
    "requested",
    "quoted",
    "accepted",
    "scheduled",
    "interviewed",
    "draft_ready",
    "in_review",
    "released",
]
# When each step happened: days before the interview and the local time of day.
BEFORE_INTERVIEW = {
    "requested": (-40, dt.time(9, 5)),
    "quoted": (-38, dt.time(14, 20)),
    "accepted": (-33, dt.time(11, 0)),
    "assigned": (-32, dt.time(10, 10)),
    "proposed": (-30, dt.time(16, 45)),
    "scheduled": (-28, dt.time(9, 40)),
}
# The same for engagements without an interview time yet: days before today.
WITHOUT_INTERVIEW = {
    "requested": {"requested": (-2, dt.time(10, 20))},
    "quoted": {"requested": (-6, dt.time(9, 15)), "quoted": (-3, dt.time(15, 0))},
    "accepted": {
        "requested": (-20, dt.time(9, 30)),
        "quoted": (-18, dt.time(14, 0)),
        "accepted": (-14, dt.time(11, 0)),
        "assigned": (-13, dt.time(10, 10)),
        "proposed": (-2, dt.time(16, 45)),
    },
    "cancelled": {
        "requested": (-30, dt.time(9, 0)),
        "quoted": (-28, dt.time(14, 0)),
        "declined": (-24, dt.time(11, 30)),
        "cancelled": (-23, dt.time(10, 0)),
    },
}
INTERVIEW_AT = dt.time(9, 30)  # local time; the interview lasts 2.5 hours


def demo_engagements_exist() -> bool:
    return Benchmarking.objects.filter(
        cluster__is_synthetic=True, requested_by__isnull=False
    ).exists()


@dataclass
class _Cast:
    secretariat: User
    expert: User
    manager: User  # who acts for the cluster: the demo manager or the cluster's contact
    today: dt.date
    now: dt.datetime


@transaction.atomic
def demo_engagements_create(*, today=None) -> int:
    """Engagements in every step for the demonstration accounts; idempotent."""
    if demo_engagements_exist():
        return 0
    today = today or timezone.localdate()
    demo_manager = User.objects.get(username="manager")
    managed = _managed(demo_manager)
    due = _due_clusters(today).exclude(pk__in=[c.pk for c in managed])
    others = _pick(
        _spread(due.filter(country__alpha2__in=NETWORK_COUNTRIES)),
        len(DEMO_ENGAGEMENT_STEPS) - 2,
        fallbacks=(due.order_by("pk"),),
    )
    framework = framework_latest()
    indicators = {i.code: i for i in framework.indicators.exclude(kind="derived")}
    created = 0
    for status, interview_in, answered in DEMO_ENGAGEMENT_STEPS:
        if status == "quoted":
            cluster = managed[0]
        elif status == "released":
            cluster = managed[-1]
        elif others:
            cluster = others.pop(0)
        else:  # a small population has fewer organisations due for a benchmarking
            continue
        cast = _Cast(
            secretariat=User.objects.get(username="secretariat"),
            expert=User.objects.get(username="expert"),
            manager=demo_manager if cluster in managed else _cluster_manager(cluster),
            today=today,
            now=timezone.now(),
        )
        engagement = _demo_engagement(cluster, framework, status, interview_in, cast)
        if answered != "none":
            _demo_answers(engagement, indicators, answered, cast)
            _demo_qualitative(engagement, answered, cast)
        if status in ("draft_ready", "in_review", "released"):
            _demo_report(engagement, status, cast)
        created += 1
    return created


def _spread(clusters) -> list[ClusterOrganisation]:
    """Organisations taken in turn from each network country, for engagements in many zones."""
    by_country = defaultdict(list)
    for cluster in clusters.order_by("name_en", "pk"):
        by_country[cluster.country_id].append(cluster)
    queues = [by_country[country] for country in NETWORK_COUNTRIES if by_country[country]]
    spread = []
    while any(queues):
        spread += [queue.pop(0) for queue in queues if queue]
    return spread


def _demo_engagement(cluster, framework, status, interview_in, cast: _Cast) -> Benchmarking:
    """One engagement with its quote, interview times and timeline, every step dated."""
    zone = cluster.time_zone
    start = None
    if interview_in is None:
        plan = {
            step: _at(cast.today + dt.timedelta(days=days), clock, zone)
            for step, (days, clock) in WITHOUT_INTERVIEW[status].items()
        }
    else:
        day = _working_day(cast.today + dt.timedelta(days=interview_in))
        start = _at(day, INTERVIEW_AT, zone)
        plan = {
            step: _at(day + dt.timedelta(days=days), clock, zone)
            for step, (days, clock) in BEFORE_INTERVIEW.items()
        }
        after = PATH[PATH.index("scheduled") + 1 : PATH.index(status) + 1]
        if "interviewed" in after:
            plan["interviewed"] = start + dt.timedelta(minutes=150)
        if "draft_ready" in after:
            plan["draft_ready"] = start + dt.timedelta(minutes=153)  # the background draft
        if "in_review" in after:
            plan["in_review"] = _at(day + dt.timedelta(days=6), dt.time(10, 0), zone)
    plan = {step: min(at, cast.now) for step, at in plan.items()}
    assigned = "assigned" in plan
    engagement = Benchmarking.objects.create(
        cluster=cluster,
        framework=framework,
        # The released one's last step is taken for real, with its report.
        status="in_review" if status == "released" else status,
        requested_by=cast.manager,
        expert=cast.expert if assigned else None,
        interview_start=start,
        interview_date=start.date() if start else None,
        interview_mode="on_site" if "proposed" in plan else "",
        interview_location=cluster.address if "proposed" in plan else "",
    )
    Benchmarking.objects.filter(pk=engagement.pk).update(created_at=plan["requested"])
    _event(
        engagement,
        plan,
        "requested",
        cast.manager,
        "requested",
        "requested",
        step("requested"),
    )
    quote = None
    if "quoted" in plan:
        quote = quote_record(
            engagement=engagement,
            price_list=price_list_current(),
            issued_by=cast.secretariat,
            issued_on=plan["quoted"].date(),
            travel=Decimal("420.00"),
            accommodation=Decimal("190.00"),
        )
        _event(
            engagement,
            plan,
            "quoted",
            cast.secretariat,
            "requested",
            "quoted",
            step(
                "quote_issued",
                number=quote.number,
                amount=money_value(quote.total, quote.currency),
            ),
        )
    if "accepted" in plan:
        _demo_decide(quote, Quote.Status.ACCEPTED, cast.manager, plan["accepted"])
        _event(
            engagement,
            plan,
            "accepted",
            cast.manager,
            "quoted",
            "accepted",
            step("quote_accepted", number=quote.number),
        )
    if assigned:
        _event(
            engagement,
            plan,
            "assigned",
            cast.secretariat,
            "accepted",
            "accepted",
            step("expert_assigned", name=_name(cast.expert)),
        )
    if "proposed" in plan:
        _demo_slots(engagement, plan, start, cast)
    if "scheduled" in plan:
        _event(
            engagement,
            plan,
            "scheduled",
            cast.expert,
            "accepted",
            "scheduled",
            step("interview_confirmed", time=moment_value(start, zone)),
        )
    reached = [status for status in PATH[PATH.index("scheduled") + 1 :] if status in plan]
    recorded = {
        "interviewed": (cast.expert, step("interview_closed")),
        "draft_ready": (None, step("draft_ready")),  # the background worker
        "in_review": (cast.expert, step("review_started")),
    }
    previous = "scheduled"
    for status in reached:
        actor, what = recorded[status]
        _event(engagement, plan, status, actor, previous, status, what)
        previous = status
    if "declined" in plan:
        reason = "We postpone our benchmarking to next year."
        _demo_decide(quote, Quote.Status.DECLINED, cast.manager, plan["declined"], reason)
        _event(
            engagement,
            plan,
            "declined",
            cast.manager,
            "quoted",
            "requested",
            step("quote_declined", number=quote.number, reason=reason),
        )
        _event(
            engagement,
            plan,
            "cancelled",
            cast.manager,
            "requested",
            "cancelled",
            step("cancelled", reason="the cluster postponed its benchmarking to next year"),
        )
    return engagement


def _event(engagement, plan, when, actor, from_status, to_status, recorded: Step) -> None:
    """A step recorded as the workflow records it, dated as planned (plan[when])."""
    event = EngagementEvent.objects.create(
        benchmarking=engagement,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        **event_fields(recorded),
    )
    EngagementEvent.objects.filter(pk=event.pk).update(at=plan[when])


def _demo_slots(engagement, plan, start, cast: _Cast) -> None:
    """The times the cluster proposed: the confirmed interview and two others; before any
    is confirmed, three times in the coming weeks at 10:00 in the cluster's zone."""
    zone = engagement.cluster.time_zone
    if start is None:
        days = [_working_day(cast.today + dt.timedelta(days=n)) for n in (12, 14, 19)]
        starts = [_at(day, dt.time(10, 0), zone) for day in days]
    else:
        day = start.astimezone(zoneinfo.ZoneInfo(zone)).date()
        starts = [
            start,
            _at(_working_day(day + dt.timedelta(days=3)), dt.time(13, 30), zone),
            _at(_working_day(day + dt.timedelta(days=6)), INTERVIEW_AT, zone),
        ]
    slots = SlotProposal.objects.bulk_create(
        SlotProposal(
            benchmarking=engagement,
            start=moment,
            proposed_by=cast.manager,
            confirmed=moment == start,
        )
        for moment in starts
    )
    SlotProposal.objects.filter(pk__in=[s.pk for s in slots]).update(proposed_at=plan["proposed"])
    _event(
        engagement,
        plan,
        "proposed",
        cast.manager,
        "accepted",
        "accepted",
        step("times_proposed", times=moments_value(starts, zone), zone=zone),
    )


def _demo_decide(quote, status, manager, at: dt.datetime, reason: str = "") -> None:
    quote.status = status
    quote.decided_by = manager
    quote.decided_at = at
    quote.decline_reason = reason
    quote.save(update_fields=["status", "decided_by", "decided_at", "decline_reason"])


def _demo_report(engagement, status, cast: _Cast) -> None:
    """A draft for the expert to review; released, a report the manager can download.
    The draft and its snapshot are dated when the interview closed, like the real ones."""
    from clusterbench.flow import report_release
    from clusterbench.reports.models import ReportVersion
    from clusterbench.reports.services import report_draft_create

    version = report_draft_create(benchmarking=engagement)
    drafted = engagement.events.get(to_status="draft_ready", from_status="interviewed").at
    ReportVersion.objects.filter(pk=version.pk).update(created_at=drafted)
    ReferenceSnapshot.objects.filter(pk=version.snapshot_id).update(created_at=drafted)
    if status == "released":
        # Released through the real service, so the stored PDF, hash and identifier are real.
        report_release(user=cast.secretariat, version=version)
        # The manager then asked for the report in Serbian too: the same document, in Serbian
        # (Latin script), released beside the English one with its own identifier.
        engagement.refresh_from_db(fields=["status"])  # released, under the release's lock
        engagement.report_language = SHOWCASE_LANGUAGE
        engagement.save(update_fields=["report_language"])
        EngagementEvent.objects.create(
            benchmarking=engagement,
            actor=cast.manager,
            from_status=engagement.status,
            to_status=engagement.status,
            **event_fields(step("report_language", language=language_value(SHOWCASE_LANGUAGE))),
        )
        serbian = report_draft_create(benchmarking=engagement, language=SHOWCASE_LANGUAGE)
        report_release(user=cast.secretariat, version=serbian)


def _cluster_manager(cluster: ClusterOrganisation) -> User:
    """The cluster's contact person as its (synthetic, log-in-less) manager account."""
    first, _, last = cluster.contact_name.partition(" ")
    user, created = User.objects.get_or_create(
        username=f"demo-manager-{cluster.pk}",
        defaults={
            "first_name": first,
            "last_name": last,
            "email": cluster.contact_email,
            "role": User.Role.CLUSTER_MANAGER,
            "password": make_password(None),
        },
    )
    if created:
        user.clusters.add(cluster)
    return user


def _name(user) -> str:
    return user.get_full_name() or user.username


def _demo_answers(engagement, indicators, answered, cast: _Cast) -> None:
    """This benchmarking's answers, following on from the cluster's previous ones (its
    age as of this interview): all confirmed by the expert during the interview, or a
    dozen self-assessed by the cluster beforehand. Evidence is this interview's own."""
    previous = (
        Answer.objects.filter(benchmarking__cluster=engagement.cluster)
        .exclude(benchmarking=engagement)
        .order_by("-benchmarking__interview_date")
    )
    latest = {}
    for answer in previous.select_related("indicator"):
        latest.setdefault(answer.indicator.code, answer)
    day = engagement.interview_date
    values = population.follow_up_values(
        {code: answer.value for code, answer in latest.items()},
        year_founded=engagement.cluster.year_founded,
        interview_date=day or cast.today,
    )
    by_expert = answered == "all"
    codes = [code for code in indicators if code in values][: None if by_expert else 12]
    proposed = engagement.events.filter(code="times_proposed").first()
    Answer.objects.bulk_create(
        Answer(
            benchmarking=engagement,
            indicator=indicators[code],
            value=values[code],
            not_known=values[code] is None,
            evidence=_evidence(code, values[code], day if by_expert else None),
            answered_by=cast.expert if by_expert else cast.manager,
            answered_at=(
                engagement.interview_start + dt.timedelta(minutes=4 * n)
                if by_expert
                else min(proposed.at + dt.timedelta(hours=20, minutes=3 * n), cast.now)
            ),
            self_assessed=not by_expert,
        )
        for n, code in enumerate(codes)
    )


# What a cluster manager typically pre-fills in the self-assessment before the interview.
PREFILLED_TOPICS = ("strategy", "business_model", "digital", "story-1")


def _demo_qualitative(engagement, answered, cast: _Cast) -> None:
    """The qualitative part: all of it confirmed by the expert in the interview, or a
    few topics pre-filled by the cluster before it."""
    cluster = engagement.cluster
    topics = qualitative_content(
        name=cluster.name_en,
        portfolio=cluster.portfolio.slug,
        country=cluster.country.name,
        interview=engagement.interview_date or cast.today,
        year_founded=cluster.year_founded,
        area_codes=list(engagement.framework.areas.values_list("code", flat=True)),
        answers=dict(engagement.answers.values_list("indicator__code", "value")),
    )
    if answered == "all":
        QualitativeEntry.objects.bulk_create(
            _qualitative_entries(
                engagement,
                topics,
                user=cast.expert,
                at=engagement.interview_start + dt.timedelta(minutes=140),
            )
        )
        return
    proposed = engagement.events.filter(code="times_proposed").first()
    QualitativeEntry.objects.bulk_create(
        _qualitative_entries(
            engagement,
            {topic: topics[topic] for topic in PREFILLED_TOPICS if topic in topics},
            user=cast.manager,
            at=min(proposed.at + dt.timedelta(hours=21), cast.now),
            self_assessed=True,
        )
    )


def _evidence(code: str, value, interview: dt.date | None) -> str:
    if value is None:
        return population.NOT_RECORDED
    if interview is None:
        source = population.evidence_source(code, value)
        return f"Self-assessed by the cluster management from {source}, before the interview."
    return population.evidence_note(code, interview, value)


@transaction.atomic
def demo_labels_create() -> int:
    """Bronze Labels for the historical demonstration benchmarkings of eligible clusters,
    in interview order so that renewals follow the rules, each awarded when its report
    was released (four weeks after the interview); one revoked. Idempotent."""
    from clusterbench.analysis.eligibility import eligibility_failures
    from clusterbench.labels.models import Label
    from clusterbench.labels.rules import bronze_valid_until

    if Label.objects.filter(cluster__is_synthetic=True, report__isnull=True).exists():
        return 0
    framework = framework_latest()
    spec = framework_spec(framework)
    baseline = [c.indicator for c in spec.eligibility]
    values: dict[int, dict] = {}
    for pk, code, value in Answer.objects.filter(
        benchmarking__in=_historical(), indicator__code__in=baseline
    ).values_list("benchmarking_id", "indicator__code", "value"):
        values.setdefault(pk, {})[code] = value
    runs = (
        Benchmarking.objects.filter(pk__in=values)
        .select_related("cluster__country")
        .order_by("interview_date", "pk")
    )
    now = timezone.now()
    last_end: dict[int, dt.date] = {}
    per_country: dict[str, int] = {}
    labels, awarded = [], []
    for serial, run in enumerate(runs, start=1):
        country = run.cluster.country.alpha3
        per_country[country] = per_country.get(country, 0) + 1
        if eligibility_failures(spec, values[run.pk]):
            continue
        end = bronze_valid_until(run.interview_date, last_end.get(run.cluster_id))
        last_end[run.cluster_id] = end
        released = min(_at(run.interview_date + dt.timedelta(weeks=4), dt.time(12, 0)), now)
        labels.append(
            Label(
                cluster=run.cluster,
                level=Label.Level.BRONZE,
                valid_from=run.interview_date,
                valid_until=end,
                certificate_id=f"{country}{per_country[country] % 1000:03d}"
                f"{run.interview_date:%Y%m}C{released:%y}{serial:04d}",
            )
        )
        awarded.append(released)
    Label.objects.bulk_create(labels)
    for label, at in zip(labels, awarded, strict=True):
        label.awarded_at = at  # bulk_create stamps them now; they were awarded back then
    Label.objects.bulk_update(labels, ["awarded_at"], batch_size=500)
    today = timezone.localdate()
    revoked = next(
        (
            label
            for label in labels
            if label.valid_until >= today and label.cluster.country_id not in NETWORK_COUNTRIES
        ),
        labels[0] if labels else None,
    )
    if revoked is not None:
        Label.objects.filter(pk=revoked.pk).update(
            revoked_at=max(
                min(revoked.awarded_at + dt.timedelta(days=150), now), revoked.awarded_at
            ),
            revoked_reason="The cluster organisation was dissolved "
            "(demonstration of a revoked label)",
        )
    return len(labels)


# The demonstration group bid: five members in Serbia and its neighbours, their quotes in
# every state (accepted, open, replaced, declined, expired), and a group still forming.
DEMO_GROUP_NAME = "Western Balkans and Black Sea 2027"
DEMO_GROUP = [
    # (country, quote states in order, client VAT number)
    ("RS", ["accepted"], ""),
    ("BA", ["issued"], ""),
    ("HR", ["replaced", "issued"], "HR12345678901"),  # a business abroad: reverse charge
    ("BG", ["declined"], ""),  # Bulgarian VAT charged; declined, awaiting a new quote
    ("MK", ["expired"], ""),
]
DEMO_FORMING_GROUP = "Danube clusters 2028"


@transaction.atomic
def demo_group_bids_create(*, today=None) -> int:
    """The demonstration network's group bids; idempotent."""
    network = Network.objects.get(name=NETWORK_NAME)
    if network.group_bids.exists():
        return 0
    today = today or timezone.localdate()
    now = timezone.now()
    coordinator = User.objects.get(username="coordinator")
    secretariat = User.objects.get(username="secretariat")
    busy = Benchmarking.objects.exclude(
        status__in=(Benchmarking.Status.RELEASED, Benchmarking.Status.CANCELLED)
    ).values("cluster")
    free = network.members.exclude(pk__in=busy).exclude(managers__username="manager")
    due = free.filter(pk__in=_due_clusters(today).values("pk"))
    requested_at = min(_at(today - dt.timedelta(days=50), dt.time(10, 0)), now)
    group = GroupBid.objects.create(
        network=network,
        name=DEMO_GROUP_NAME,
        created_by=coordinator,
        requested_at=requested_at,
    )
    GroupBid.objects.filter(pk=group.pk).update(created_at=requested_at - dt.timedelta(days=2))
    price_list = price_list_current()
    chosen = []
    for country, states, vat_number in DEMO_GROUP:
        members = due.filter(country__alpha2=country).order_by("name_en")
        cluster = (
            members.first() or free.filter(country__alpha2=country).order_by("name_en").first()
        )
        if cluster is not None:  # another seed may leave no free member in this country
            chosen.append((cluster, states, vat_number))
    # Every member first, so that each member's quote is priced for the whole group.
    group.members.add(*(cluster for cluster, _, _ in chosen))
    for cluster, states, vat_number in chosen:
        manager = _cluster_manager(cluster)
        engagement = Benchmarking.objects.create(
            cluster=cluster,
            framework=framework_latest(),
            requested_by=coordinator,
            request_note=f"Group bid “{group.name}” of {network.name}",
            group_bid=group,
        )
        Benchmarking.objects.filter(pk=engagement.pk).update(created_at=requested_at)
        _demo_event(engagement, coordinator, "requested", step("requested"), requested_at)
        for n, state in enumerate(states):
            issued_on = today - dt.timedelta(days=45 if state == "expired" else 20 - 8 * n)
            quote = quote_record(
                engagement=engagement,
                price_list=price_list,
                issued_by=secretariat,
                issued_on=issued_on,
                travel=Decimal("385.40"),
                accommodation=Decimal("142.00"),
                client_vat_number=vat_number,
            )
            _demo_event(
                engagement,
                secretariat,
                "quoted",
                step(
                    "quote_issued",
                    number=quote.number,
                    amount=money_value(quote.total, quote.currency),
                ),
                min(_at(issued_on, dt.time(10, 0)), now),
            )
        decided_at = min(_at(issued_on + dt.timedelta(days=4), dt.time(11, 0)), now)
        if state == "accepted":
            _demo_decide(quote, Quote.Status.ACCEPTED, manager, decided_at)
            _demo_event(
                engagement,
                manager,
                "accepted",
                step("quote_accepted", number=quote.number),
                decided_at,
            )
        elif state == "declined":
            reason = "Please quote a video interview instead."
            _demo_decide(quote, Quote.Status.DECLINED, manager, decided_at, reason)
            _demo_event(
                engagement,
                manager,
                "requested",
                step("quote_declined", number=quote.number, reason=reason),
                decided_at,
            )
    forming = GroupBid.objects.create(
        network=network, name=DEMO_FORMING_GROUP, created_by=coordinator
    )
    GroupBid.objects.filter(pk=forming.pk).update(
        created_at=min(_at(today - dt.timedelta(days=5), dt.time(15, 0)), now)
    )
    forming.members.set(free.filter(country__alpha2="RO").order_by("name_en")[:3])
    return 2


def _demo_event(engagement, actor, to_status: str, recorded: Step, at: dt.datetime) -> None:
    """Move the engagement and record the step, dated as it happened."""
    from_status = engagement.status
    engagement.status = to_status
    engagement.save(update_fields=["status"])
    event = EngagementEvent.objects.create(
        benchmarking=engagement,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        **event_fields(recorded),
    )
    EngagementEvent.objects.filter(pk=event.pk).update(at=at)
