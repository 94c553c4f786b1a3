"""Writing the demonstration population to the database, and removing it again."""

import datetime as dt
import itertools
import time
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from clusterbench.accounts.models import User
from clusterbench.benchmarkings.models import (
    Answer,
    Benchmarking,
    EngagementEvent,
    GroupBid,
    Quote,
    ReferenceSnapshot,
    SlotProposal,
)
from clusterbench.benchmarkings.quotes import price_list_current, quote_record
from clusterbench.clusters.models import ClusterOrganisation, Country, Network, Portfolio
from clusterbench.clusters.search import search_key
from clusterbench.methodology.loader import framework_latest, framework_spec
from clusterbench.methodology.models import Framework

from . import population

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


class DemoError(RuntimeError):
    pass


def demo_population_exists() -> bool:
    return ClusterOrganisation.objects.filter(is_synthetic=True).exists()


@transaction.atomic
def demo_population_delete() -> None:
    """Remove the synthetic clusters with everything that hangs on them. Labels, report
    versions and snapshots protect what they point at, so they go first, in that order."""
    from clusterbench.labels.models import Label
    from clusterbench.reports.models import ReportVersion

    clusters = ClusterOrganisation.objects.filter(is_synthetic=True)
    benchmarkings = Benchmarking.objects.filter(cluster__in=clusters)
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


def demo_population_create(
    *, seed: int = population.SEED, replace: bool = False, framework: Framework | None = None
) -> DemoResult:
    """Generate and store the synthetic population, unless it is already there."""
    started = time.perf_counter()
    framework = framework or framework_latest()
    if framework is None:
        raise DemoError("No framework is loaded: run `clusterbench load-framework` first.")
    if demo_population_exists() and not replace:
        return DemoResult(
            False,
            ClusterOrganisation.objects.filter(is_synthetic=True).count(),
            0,
            0,
            time.perf_counter() - started,
            "",
        )
    spec = framework_spec(framework)
    clusters = population.generate(spec, seed=seed)
    with transaction.atomic():
        if replace:
            demo_population_delete()
        counts = _store(framework, clusters)
    return DemoResult(
        True, *counts, time.perf_counter() - started, population.fingerprint(clusters)
    )


def _store(framework: Framework, clusters: list[population.SyntheticCluster]):
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
    answered_at = timezone.now()
    answers = [
        Answer(
            benchmarking=benchmarking,
            indicator=indicators[code],
            value=value,
            not_known=value is None,
            evidence=run.evidence[code],
            answered_by=benchmarking.expert,
            answered_at=answered_at,
        )
        for benchmarking, (_row, run) in zip(benchmarkings, runs, strict=True)
        for code, value in run.values.items()
    ]
    Answer.objects.bulk_create(answers, batch_size=2000)
    return len(rows), len(benchmarkings), len(answers)


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
    managed = synthetic.filter(country__alpha2="RS").order_by("name_en").first()
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
            user.clusters.add(managed)  # keeps any organisation the demo engagements added
            acts_for = "; ".join(c.name_en for c in user.clusters.order_by("name_en"))
        elif role == User.Role.NETWORK_COORDINATOR:
            acts_for = f"{network.name}, {network.members.count()} members"
        accounts.append(DemoAccount(username, password, user.get_role_display(), acts_for))
    return accounts


# Engagements in every step of the workflow, around today, for the demonstration accounts.
# Built directly (not through the workflow services) so that their timelines can lie in
# the past and no emails are sent; each timeline follows the workflow's own order.
DEMO_ENGAGEMENT_STEPS = [
    # (status, days from today of the interview or None, answers: none/some/all)
    ("requested", None, "none"),
    ("quoted", None, "none"),  # the demo manager's own cluster: accept the quote
    ("accepted", None, "some"),  # times proposed, the demo expert confirms one
    ("scheduled", 9, "some"),  # the demo expert's next interview, partly self-assessed
    ("scheduled", -40, "all"),  # interview held but not closed: overdue
    ("interviewed", -45, "all"),  # overdue report
    ("draft_ready", -20, "all"),
    ("in_review", -30, "all"),
    ("released", -60, "all"),
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
STEP_TEXT = {
    "quoted": "Quote issued",
    "accepted": "Quote accepted",
    "scheduled": "Interview confirmed",
    "interviewed": "Interview closed; answers are read-only",
    "draft_ready": "Draft report ready",
    "in_review": "Review of the draft started",
    "released": "Report released",
}


def demo_engagements_exist() -> bool:
    return (
        Benchmarking.objects.filter(cluster__is_synthetic=True)
        .exclude(status=Benchmarking.Status.RELEASED, interview_date__year__lt=2019)
        .exists()
    )


@transaction.atomic
def demo_engagements_create(*, today=None) -> int:
    """Engagements in every step for the demonstration accounts; idempotent."""
    if demo_engagements_exist():
        return 0
    today = today or timezone.localdate()
    secretariat = User.objects.get(username="secretariat")
    expert = User.objects.get(username="expert")
    manager = User.objects.get(username="manager")
    framework = framework_latest()
    own = manager.clusters.first()
    others = list(
        ClusterOrganisation.objects.filter(is_synthetic=True, country__alpha2__in=NETWORK_COUNTRIES)
        .exclude(pk=own.pk)
        .order_by("country_id", "name_en")[: len(DEMO_ENGAGEMENT_STEPS)]
    )
    indicators = {i.code: i for i in framework.indicators.exclude(kind="derived")}
    created = 0
    for i, (status, interview_in, answered) in enumerate(DEMO_ENGAGEMENT_STEPS):
        cluster = own if status == "quoted" else others[i]
        if status == "released":
            # The demo manager acts for this organisation too, to read a released report.
            manager.clusters.add(cluster)
        cluster_manager = (
            manager
            if manager.clusters.filter(pk=cluster.pk).exists()
            else (_cluster_manager(cluster))
        )
        start = None
        if interview_in is not None:
            start = timezone.make_aware(
                dt.datetime.combine(today + dt.timedelta(days=interview_in), dt.time(9, 30))
            )
        engagement = Benchmarking.objects.create(
            cluster=cluster,
            framework=framework,
            status=status,
            requested_by=cluster_manager,
            expert=expert if status not in ("requested", "quoted", "cancelled") else None,
            interview_start=start,
            interview_date=start.date() if start else None,
            interview_mode="on_site" if start else "",
            interview_location=cluster.address if start or status == "accepted" else "",
        )
        created += 1
        # A released one's last step is taken for real below, with its report.
        shown = "in_review" if status == "released" else status
        _demo_timeline(engagement, shown, cluster_manager, secretariat, expert, today)
        if status != "requested":
            _demo_quote(engagement, status, secretariat, cluster_manager, today)
        if status == "accepted":
            for days in (12, 14, 19):
                SlotProposal.objects.create(
                    benchmarking=engagement,
                    proposed_by=cluster_manager,
                    start=timezone.make_aware(
                        dt.datetime.combine(today + dt.timedelta(days=days), dt.time(10, 0))
                    ),
                )
        if answered != "none":
            _demo_answers(engagement, indicators, answered, expert, cluster_manager)
        if status in ("draft_ready", "in_review", "released"):
            _demo_report(engagement, status, secretariat)
    return created


def _demo_quote(engagement, status, secretariat, manager, today) -> None:
    """The quote behind each step: open for the demo manager to accept, accepted for every
    engagement past that step, declined for the cancelled one."""
    issued_on = today - dt.timedelta(days=3 if status == "quoted" else 74)
    quote = quote_record(
        engagement=engagement,
        price_list=price_list_current(),
        issued_by=secretariat,
        issued_on=issued_on,
        travel=Decimal("420.00"),
        accommodation=Decimal("190.00"),
    )
    if status in ("quoted", "cancelled"):
        if status == "cancelled":
            _demo_decide(quote, Quote.Status.DECLINED, manager, "We postpone to next year.")
        return
    _demo_decide(quote, Quote.Status.ACCEPTED, manager)


def _demo_decide(quote, status, manager, reason: str = "") -> None:
    quote.status = status
    quote.decided_by = manager
    quote.decided_at = timezone.make_aware(
        dt.datetime.combine(quote.issued_on + dt.timedelta(days=4), dt.time(11, 0))
    )
    quote.decline_reason = reason
    quote.save(update_fields=["status", "decided_by", "decided_at", "decline_reason"])


def _demo_report(engagement, status, secretariat) -> None:
    """A draft for the expert to review; released, a report the manager can download."""
    from clusterbench.reports.services import report_draft_create, report_release

    version = report_draft_create(benchmarking=engagement)
    if status == "released":
        # Released through the real service, so the stored PDF, hash and identifier are real.
        engagement.status = Benchmarking.Status.IN_REVIEW
        engagement.save(update_fields=["status"])
        report_release(user=secretariat, version=version)


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


def _demo_timeline(engagement, status, manager, secretariat, expert, today) -> None:
    steps = ["requested"] + (PATH[1 : PATH.index(status) + 1] if status in PATH else ["quoted"])
    start = today - dt.timedelta(days=80)
    events = [("requested", "requested", manager, "Benchmarking requested")]
    for previous, step in itertools.pairwise(steps):
        actor = {"accepted": manager, "interviewed": expert, "in_review": expert}.get(
            step, secretariat
        )
        events.append((previous, step, actor, STEP_TEXT[step]))
        if step == "quoted" and status not in ("quoted", "requested"):
            events.append((step, step, secretariat, f"Expert assigned: {expert.get_full_name()}"))
    if status == "cancelled":
        events.append(
            (
                "quoted",
                "cancelled",
                secretariat,
                "Cancelled: the cluster postponed its benchmarking to next year",
            )
        )
    for n, (from_status, to_status, actor, text) in enumerate(events):
        event = EngagementEvent.objects.create(
            benchmarking=engagement,
            actor=actor,
            from_status=from_status,
            to_status=to_status,
            description=text,
        )
        # Backdate: one step every few days, ending no later than today.
        at = timezone.make_aware(
            dt.datetime.combine(start + dt.timedelta(days=6 * n), dt.time(9 + n % 7, 15))
        )
        EngagementEvent.objects.filter(pk=event.pk).update(at=min(at, timezone.now()))


def _demo_answers(engagement, indicators, answered, expert, manager) -> None:
    """The cluster's previous answers as this benchmarking's: all confirmed by the expert,
    or a dozen self-assessed by the cluster before the interview."""
    previous = (
        Answer.objects.filter(benchmarking__cluster=engagement.cluster)
        .exclude(benchmarking=engagement)
        .order_by("-benchmarking__interview_date")
    )
    latest = {}
    for answer in previous.select_related("indicator"):
        latest.setdefault(answer.indicator.code, answer)
    codes = list(indicators) if answered == "all" else list(indicators)[:12]
    now = timezone.now()
    Answer.objects.bulk_create(
        Answer(
            benchmarking=engagement,
            indicator=indicators[code],
            value=latest[code].value,
            not_known=latest[code].not_known,
            evidence=latest[code].evidence,
            answered_by=expert if answered == "all" else manager,
            answered_at=now,
            self_assessed=answered != "all",
        )
        for code in codes
        if code in latest
    )


@transaction.atomic
def demo_labels_create() -> int:
    """Bronze Labels for the historical demonstration benchmarkings of eligible clusters,
    in interview order so that renewals follow the rules; one revoked. Idempotent."""
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
        benchmarking__cluster__is_synthetic=True,
        benchmarking__interview_date__year__lt=2019,
        indicator__code__in=baseline,
    ).values_list("benchmarking_id", "indicator__code", "value"):
        values.setdefault(pk, {})[code] = value
    runs = (
        Benchmarking.objects.filter(pk__in=values)
        .select_related("cluster__country")
        .order_by("interview_date", "pk")
    )
    last_end: dict[int, dt.date] = {}
    per_country: dict[str, int] = {}
    labels = []
    for serial, run in enumerate(runs, start=1):
        country = run.cluster.country.alpha3
        per_country[country] = per_country.get(country, 0) + 1
        if eligibility_failures(spec, values[run.pk]):
            continue
        end = bronze_valid_until(run.interview_date, last_end.get(run.cluster_id))
        last_end[run.cluster_id] = end
        labels.append(
            Label(
                cluster=run.cluster,
                level=Label.Level.BRONZE,
                valid_from=run.interview_date,
                valid_until=end,
                certificate_id=f"{country}{per_country[country] % 1000:03d}"
                f"{run.interview_date:%Y%m}C{run.interview_date:%y}{serial:04d}",
            )
        )
    Label.objects.bulk_create(labels)
    revoked = labels[0]
    Label.objects.filter(pk=revoked.pk).update(
        revoked_at=timezone.now(),
        revoked_reason="The cluster organisation was dissolved (demonstration of a revoked label)",
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
    coordinator = User.objects.get(username="coordinator")
    secretariat = User.objects.get(username="secretariat")
    busy = Benchmarking.objects.exclude(
        status__in=(Benchmarking.Status.RELEASED, Benchmarking.Status.CANCELLED)
    ).values("cluster")
    free = network.members.exclude(pk__in=busy).exclude(managers__username="manager")
    group = GroupBid.objects.create(
        network=network,
        name=DEMO_GROUP_NAME,
        created_by=coordinator,
        requested_at=timezone.now() - dt.timedelta(days=40),
    )
    price_list = price_list_current()
    chosen = []
    for country, states, vat_number in DEMO_GROUP:
        cluster = free.filter(country__alpha2=country).order_by("name_en").first()
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
        requested_on = today - dt.timedelta(days=50)
        _demo_event(engagement, coordinator, "requested", "Benchmarking requested", requested_on)
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
                engagement, secretariat, "quoted", f"Quote {quote.number} issued", issued_on
            )
        decided_on = issued_on + dt.timedelta(days=4)
        if state == "accepted":
            _demo_decide(quote, Quote.Status.ACCEPTED, manager)
            _demo_event(
                engagement, manager, "accepted", f"Quote {quote.number} accepted", decided_on
            )
        elif state == "declined":
            _demo_decide(
                quote, Quote.Status.DECLINED, manager, "Please quote a video interview instead."
            )
            _demo_event(
                engagement,
                manager,
                "requested",
                f"Quote {quote.number} declined: {quote.decline_reason}",
                decided_on,
            )
    forming = GroupBid.objects.create(
        network=network, name=DEMO_FORMING_GROUP, created_by=coordinator
    )
    forming.members.set(free.filter(country__alpha2="RO").order_by("name_en")[:3])
    return 2


def _demo_event(engagement, actor, to_status: str, text: str, on: dt.date) -> None:
    """Move the engagement and record the step, dated as it happened."""
    from_status = engagement.status
    engagement.status = to_status
    engagement.save(update_fields=["status"])
    event = EngagementEvent.objects.create(
        benchmarking=engagement,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        description=text,
    )
    at = timezone.make_aware(dt.datetime.combine(on, dt.time(10, 0)))
    EngagementEvent.objects.filter(pk=event.pk).update(at=min(at, timezone.now()))
