"""Shared set-up for engagement tests: one cluster, one user per role, a framework."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from clusterbench.accounts.services import user_create
from clusterbench.clusters.models import Network
from clusterbench.clusters.services import cluster_create
from clusterbench.engagements.models import Benchmarking
from clusterbench.interviews.models import Answer

PASSWORD = "pw-long-enough"


class People:
    def __init__(self, cluster, other_cluster):
        self.secretariat = user_create(
            username="sec",
            password=PASSWORD,
            role="secretariat",
            email="sec@example.org",
            first_name="Sabine",
        )
        self.expert = user_create(
            username="exp",
            password=PASSWORD,
            role="expert",
            email="exp@example.org",
            first_name="Ed",
            last_name="Expert",
        )
        self.other_expert = user_create(username="exp2", password=PASSWORD, role="expert")
        self.manager = user_create(
            username="man",
            password=PASSWORD,
            role="cluster_manager",
            email="man@example.org",
            clusters=[cluster],
        )
        self.other_manager = user_create(
            username="man2", password=PASSWORD, role="cluster_manager", clusters=[other_cluster]
        )
        network = Network.objects.create(name="Test network")
        network.members.add(cluster)
        self.coordinator = user_create(
            username="coord", password=PASSWORD, role="network_coordinator", network=network
        )
        self.network = network


@pytest.fixture
def cluster(db):
    return cluster_create(
        name="Кластер",
        name_en="Belgrade Test Cluster",
        country_code="RS",
        portfolio_slug="ict",
        time_zone="Europe/Belgrade",
        address="Булевар 1, Београд",
    )


@pytest.fixture
def other_cluster(db):
    return cluster_create(
        name="Other",
        name_en="Other Cluster",
        country_code="HR",
        portfolio_slug="food",
        time_zone="Europe/Zagreb",
    )


@pytest.fixture
def people(cluster, other_cluster):
    return People(cluster, other_cluster)


def future(days=10, hour=9):
    return timezone.now().replace(hour=hour, minute=0, second=0, microsecond=0) + dt.timedelta(
        days=days
    )


@pytest.fixture
def engagement_at():
    """An engagement moved straight to a given step, with the expert assigned."""

    def make(framework, cluster, people, status, **fields):
        start = fields.pop("interview_start", future(5))
        fields.setdefault("expert", people.expert)
        return Benchmarking.objects.create(
            cluster=cluster,
            framework=framework,
            status=status,
            interview_start=start,
            interview_date=start.date() if start else None,
            interview_mode="video",
            interview_location="https://meet.example/abc",
            **fields,
        )

    return make


def make_benchmarking(framework, cluster, date, status="released", **values):
    benchmarking = Benchmarking.objects.create(
        cluster=cluster, framework=framework, interview_date=date, status=status
    )
    indicators = {i.code: i for i in framework.indicators.exclude(kind="derived")}
    answers = {code: Decimal(50) for code in indicators}
    answers.update(
        {
            "S1": Decimal(70),
            "S2": Decimal(5),
            "M2": Decimal(3),
            "C3": Decimal(3),
            "V1": Decimal(3),
            "V7": Decimal(2),
            "M7": Decimal(3),
            "A6": Decimal(2),
        }
    )
    answers.update({code: None if v is None else Decimal(str(v)) for code, v in values.items()})
    Answer.objects.bulk_create(
        Answer(
            benchmarking=benchmarking,
            indicator=indicators[code],
            value=value,
            not_known=value is None,
            answered_at=timezone.now(),
        )
        for code, value in answers.items()
    )
    return benchmarking


def new_cluster(name, country="DE", portfolio="ict"):
    return cluster_create(name=name, name_en=name, country_code=country, portfolio_slug=portfolio)
