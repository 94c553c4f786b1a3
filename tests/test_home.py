import datetime as dt

import pytest

from clusterbench.clusters.services import cluster_create
from clusterbench.engagements.models import Benchmarking


def benchmarked(framework, name_en, country, status="released", synthetic=False):
    cluster = cluster_create(
        name=name_en,
        name_en=name_en,
        country_code=country,
        portfolio_slug="ict",
        is_synthetic=synthetic,
    )
    Benchmarking.objects.create(
        cluster=cluster, framework=framework, status=status, interview_date=dt.date(2016, 5, 1)
    )
    return cluster


@pytest.mark.django_db
class TestTheHomePage:
    def test_it_counts_benchmarked_clusters_and_their_countries(self, client, framework):
        benchmarked(framework, "A", "RS")
        benchmarked(framework, "B", "RS")
        benchmarked(framework, "C", "DE")
        benchmarked(framework, "Requested only", "FR", status="requested")
        response = client.get("/")
        assert response.status_code == 200
        assert response.context["headline"].clusters == 3
        assert response.context["headline"].countries == 2
        assert "<strong>3</strong> cluster organisations from" in response.text

    def test_a_cluster_benchmarked_twice_counts_once(self, client, framework):
        cluster = benchmarked(framework, "A", "RS")
        Benchmarking.objects.create(
            cluster=cluster,
            framework=framework,
            status="released",
            interview_date=dt.date(2018, 5, 1),
        )
        assert client.get("/").context["headline"].clusters == 1

    def test_it_marks_synthetic_data_as_such(self, client, framework):
        assert "synthetic" not in client.get("/").text
        benchmarked(framework, "A", "RS", synthetic=True)
        assert "Demonstration data" in client.get("/").text

    def test_an_empty_platform_says_zero(self, client, db):
        assert "<strong>0</strong> cluster organisations" in client.get("/").text
