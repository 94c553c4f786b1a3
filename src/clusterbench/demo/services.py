"""Writing the demonstration population to the database, and removing it again."""

import time
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from clusterbench.accounts.models import User
from clusterbench.benchmarkings.models import Answer, Benchmarking
from clusterbench.clusters.models import ClusterOrganisation, Country, Network, Portfolio
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
    clusters = ClusterOrganisation.objects.filter(is_synthetic=True)
    Answer.objects.filter(benchmarking__cluster__in=clusters).delete()
    Benchmarking.objects.filter(cluster__in=clusters).delete()
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
            user.clusters.set([managed])
            acts_for = f"{managed.name_en} ({managed.name})"
        elif role == User.Role.NETWORK_COORDINATOR:
            acts_for = f"{network.name}, {network.members.count()} members"
        accounts.append(DemoAccount(username, password, user.get_role_display(), acts_for))
    return accounts
