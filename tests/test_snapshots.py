import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils.html import escape

from clusterbench.accounts.services import user_create
from clusterbench.analysis.recommendations import advice_in_language
from clusterbench.interviews.models import Answer
from clusterbench.peers.analysis import (
    benchmarking_analyse,
    reference_benchmarkings,
    reference_window,
    snapshot_freeze,
)
from clusterbench.peers.models import ReferenceSnapshot
from tests.engagement_fixtures import make_benchmarking, new_cluster

SUBJECT_DATE = dt.date(2017, 6, 15)


@pytest.fixture
def subject(framework):
    return make_benchmarking(framework, new_cluster("Subject", "RS"), SUBJECT_DATE)


@pytest.mark.django_db
class TestTheReferencePopulation:
    def test_the_window_is_five_years_up_to_and_including_the_date(self):
        assert reference_window(SUBJECT_DATE) == (dt.date(2012, 6, 15), SUBJECT_DATE)
        assert reference_window(dt.date(2016, 2, 29)) == (
            dt.date(2011, 2, 28),
            dt.date(2016, 2, 29),
        )

    def test_it_takes_each_other_clusters_latest_completed_benchmarking(self, framework, subject):
        peer = new_cluster("Peer")
        make_benchmarking(framework, peer, dt.date(2013, 1, 1))
        latest = make_benchmarking(framework, peer, dt.date(2015, 1, 1))
        make_benchmarking(framework, peer, dt.date(2018, 1, 1))  # after the subject
        ids = [pk for pk, _p, _c in reference_benchmarkings(subject=subject, as_of=SUBJECT_DATE)]
        assert ids == [latest.pk]

    def test_it_keeps_the_window_edges_and_drops_what_is_outside(self, framework, subject):
        on_start = make_benchmarking(framework, new_cluster("A"), dt.date(2012, 6, 15))
        on_end = make_benchmarking(framework, new_cluster("B"), SUBJECT_DATE)
        make_benchmarking(framework, new_cluster("C"), dt.date(2012, 6, 14))
        make_benchmarking(framework, new_cluster("D"), dt.date(2017, 6, 16))
        ids = {pk for pk, _p, _c in reference_benchmarkings(subject=subject, as_of=SUBJECT_DATE)}
        assert ids == {on_start.pk, on_end.pk}

    def test_it_excludes_the_subjects_own_cluster_and_incomplete_benchmarkings(
        self, framework, subject
    ):
        make_benchmarking(framework, subject.cluster, dt.date(2015, 1, 1))
        make_benchmarking(
            framework, new_cluster("Requested"), dt.date(2016, 1, 1), status="scheduled"
        )
        make_benchmarking(
            framework, new_cluster("Cancelled"), dt.date(2016, 1, 1), status="cancelled"
        )
        assert reference_benchmarkings(subject=subject, as_of=SUBJECT_DATE) == []


@pytest.mark.django_db
class TestFrozenSnapshots:
    def test_a_rerun_gives_exactly_the_same_result_after_peers_change(self, framework, subject):
        peers = [
            make_benchmarking(framework, new_cluster(f"P{i}"), dt.date(2016, 1, 1), V4=i)
            for i in range(12)
        ]
        snapshot = snapshot_freeze(benchmarking=subject)
        before = benchmarking_analyse(benchmarking=subject, snapshot=snapshot)
        Answer.objects.filter(benchmarking=peers[0], indicator__code="V4").update(value=999)
        make_benchmarking(framework, new_cluster("Newcomer"), dt.date(2017, 1, 1), V4=500)
        after = benchmarking_analyse(benchmarking=subject, snapshot=snapshot)
        assert after == before
        fresh = benchmarking_analyse(
            benchmarking=subject, snapshot=snapshot_freeze(benchmarking=subject)
        )
        assert fresh != before and fresh.peers == 13

    def test_it_stores_exact_decimals_and_a_hash(self, framework, subject):
        make_benchmarking(framework, new_cluster("P"), dt.date(2016, 1, 1), M2="2.5", A5=None)
        snapshot = snapshot_freeze(benchmarking=subject)
        codes = snapshot.data["codes"]
        [row] = snapshot.data["peers"]
        assert row[3 + codes.index("M2")] == "2.5"
        assert row[3 + codes.index("A5")] is None
        assert len(snapshot.data_sha256) == 64 and snapshot.peers == 1

    def test_analysis_without_a_snapshot_freezes_one(self, framework, subject):
        benchmarking_analyse(benchmarking=subject)
        assert ReferenceSnapshot.objects.filter(subject=subject).count() == 1
        benchmarking_analyse(benchmarking=subject)
        assert ReferenceSnapshot.objects.filter(subject=subject).count() == 1


@pytest.mark.django_db
class TestTheAnalyseCommand:
    def test_it_prints_the_whole_analysis_as_json(self, framework, subject, capsys):
        for i in range(6):
            make_benchmarking(
                framework, new_cluster(f"P{i}", portfolio="ict"), dt.date(2016, 1, 1), V4=i * 3
            )
        call_command("analyse", str(subject.pk), "--json")
        result = json.loads(capsys.readouterr().out)
        assert result["benchmarking"] == subject.pk and result["peers"] == 6
        assert set(result) >= {
            "groups",
            "indicators",
            "strengths",
            "weaknesses",
            "area_scores",
            "excellence",
            "recommendations",
            "snapshot",
        }
        v4 = next(i for i in result["indicators"] if i["code"] == "V4")
        assert [g["kind"] for g in v4["groups"]] == ["portfolio", "all", "country"]
        # Six peers: the rank is published only as its quarter.
        assert v4["groups"][0]["shown"] and v4["groups"][0]["quarter"] is not None
        assert v4["groups"][0]["rank"] is None
        assert not v4["groups"][2]["shown"]  # no Serbian peers
        assert result["excellence"]["assessable"] == 28

    def test_it_prints_a_summary_without_json(self, framework, subject, capsys):
        call_command("analyse", str(subject.pk))
        assert "Excellence readiness" in capsys.readouterr().out

    def test_an_unknown_benchmarking_is_named(self, db):
        with pytest.raises(CommandError, match="No benchmarking with id 424242"):
            call_command("analyse", "424242")


@pytest.mark.django_db
class TestTheAnalysisPage:
    def test_the_secretariat_sees_the_tables(self, client, framework, subject):
        for i in range(6):
            make_benchmarking(framework, new_cluster(f"P{i}"), dt.date(2016, 1, 1), V4=i)
        user_create(username="sec", password="pw-long-enough", role="secretariat")
        client.login(username="sec", password="pw-long-enough")
        response = client.get(f"/benchmarkings/{subject.pk}/analysis/")
        assert response.status_code == 200
        for text in (
            "Area scores",
            "Strengths",
            "Weaknesses",
            "Excellence readiness",
            "Recommendations",
            "Same portfolio: ICT",
            "too few peers to compare",
            "assessed only in the on-site Gold audit",
        ):
            assert text in response.text, text
        assert "Subject" in client.get("/benchmarkings/?q=subj").text

    def test_a_serbian_reader_reads_the_groups_and_recommendations_in_serbian(
        self, client, framework, subject
    ):
        for i in range(6):
            make_benchmarking(framework, new_cluster(f"P{i}"), dt.date(2016, 1, 1), V4=i)
        user_create(username="sec", password="pw-long-enough", role="secretariat")
        client.login(username="sec", password="pw-long-enough")
        client.cookies["django_language"] = "sr-latn"
        page = client.get(f"/benchmarkings/{subject.pk}/analysis/").text
        analysis = benchmarking_analyse(benchmarking=subject)
        assert analysis.recommendations
        for r in analysis.recommendations:
            serbian = advice_in_language(framework.version, "sr-latn", r)
            assert serbian["title"] != r.title
            assert escape(serbian["title"]) in page and escape(r.title) not in page
            assert escape(r.reason) not in page
        for text in ("Isti portfolio: IKT", "Svi klasteri", "Ista zemlja: Srbija"):
            assert text in page, text
        for english in ("Same portfolio", "Same country", "Weakness:", ">met<", ">not met<"):
            assert english not in page, english

    @pytest.mark.parametrize("role", ["expert", "cluster_manager"])
    def test_other_roles_are_refused(self, client, framework, subject, role):
        user_create(username="u", password="pw-long-enough", role=role)
        client.login(username="u", password="pw-long-enough")
        assert client.get(f"/benchmarkings/{subject.pk}/analysis/").status_code == 403
        assert client.get("/benchmarkings/").status_code == 403

    def test_the_public_is_sent_to_log_in(self, client, framework, subject):
        response = client.get(f"/benchmarkings/{subject.pk}/analysis/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_an_unknown_benchmarking_is_404(self, client, db):
        user_create(username="sec", password="pw-long-enough", role="secretariat")
        client.login(username="sec", password="pw-long-enough")
        assert client.get("/benchmarkings/999999/analysis/").status_code == 404
        assert client.get("/benchmarkings/?page=-1&q=" + "x" * 500).status_code == 200
