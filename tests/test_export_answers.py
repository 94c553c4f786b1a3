import csv
import datetime as dt
import io
import tracemalloc

import pytest
from django.core.management import CommandError, call_command

from clusterbench.clusters.services import cluster_create
from clusterbench.engagements.models import Benchmarking
from clusterbench.interviews import exports
from clusterbench.interviews.exports import answers_write_csv
from clusterbench.interviews.services import answer_record


@pytest.fixture
def benchmarking(framework):
    cluster = cluster_create(
        name="Klaster", name_en="Export Cluster", country_code="RS", portfolio_slug="food"
    )
    benchmarking = Benchmarking.objects.create(
        cluster=cluster, framework=framework, status="released", interview_date=dt.date(2017, 3, 14)
    )
    answer_record(benchmarking=benchmarking, code="S1", raw="70")
    answer_record(benchmarking=benchmarking, code="M2", raw="3.5")
    answer_record(benchmarking=benchmarking, code="F1", raw="280000")
    answer_record(benchmarking=benchmarking, code="A5", raw="not known")
    return benchmarking


def export() -> list[dict]:
    stream = io.StringIO()
    answers_write_csv(stream)
    return list(csv.DictReader(io.StringIO(stream.getvalue())))


@pytest.mark.django_db
class TestTheAnswersExport:
    def test_it_has_the_fixed_columns_then_one_per_indicator(self, benchmarking):
        stream = io.StringIO()
        answers_write_csv(stream)
        header = stream.getvalue().splitlines()[0].split(",")
        assert header[:6] == [
            "benchmarking_id",
            "cluster_id",
            "status",
            "country",
            "portfolio",
            "interview_date",
        ]
        assert header[6:9] == ["S1", "S2", "S3"]
        assert len(header) == 6 + 36

    def test_a_row_holds_the_benchmarking_and_its_values(self, benchmarking):
        [row] = export()
        assert row["benchmarking_id"] == str(benchmarking.pk)
        assert row["cluster_id"] == str(benchmarking.cluster_id)
        assert (row["status"], row["country"], row["portfolio"]) == (
            "released",
            "SRB",
            "Food industry",
        )
        assert row["interview_date"] == "2017-03-14"
        assert (row["S1"], row["M2"], row["F1"]) == ("70", "3.5", "280000")

    def test_not_known_and_unanswered_are_empty_never_zero(self, benchmarking):
        [row] = export()
        assert row["A5"] == ""
        assert row["S2"] == ""

    def test_derived_indicators_are_computed(self, benchmarking):
        [row] = export()
        assert row["M3"] == "20"  # 70 participants / 3.5 FTE
        assert row["F2"] == "4000"  # EUR 280,000 / 70 participants

    def test_it_reads_in_chunks_with_a_bounded_number_of_queries(
        self, framework, monkeypatch, django_assert_max_num_queries
    ):
        cluster = cluster_create(name="K", name_en="K", country_code="DE", portfolio_slug="ict")
        Benchmarking.objects.bulk_create(
            Benchmarking(cluster=cluster, framework=framework, status="released") for _ in range(25)
        )
        monkeypatch.setattr(exports, "CHUNK", 10)
        with django_assert_max_num_queries(1 + 3 * 2 + 1):  # columns, 3 chunks x 2, the end
            rows = export()
        assert len(rows) == 25

    def test_memory_stays_flat_as_rows_grow(self, framework, monkeypatch):
        cluster = cluster_create(name="K", name_en="K", country_code="DE", portfolio_slug="ict")
        monkeypatch.setattr(exports, "CHUNK", 50)

        def peak_for(total):
            have = Benchmarking.objects.count()
            Benchmarking.objects.bulk_create(
                Benchmarking(cluster=cluster, framework=framework) for _ in range(total - have)
            )
            tracemalloc.start()
            answers_write_csv(NullStream())
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            return peak

        small, large = peak_for(200), peak_for(2000)
        assert large < small * 2  # ten times the rows, not ten times the memory

    def test_the_command_writes_the_file_and_reports_the_count(self, benchmarking, tmp_path):
        target = tmp_path / "answers.csv"
        call_command("export_answers", str(target))
        assert len(target.read_text(encoding="utf-8").splitlines()) == 2
        assert [f.name for f in tmp_path.iterdir()] == ["answers.csv"]  # no part left

    def test_an_unwritable_target_is_a_clear_error(self, benchmarking, tmp_path):
        with pytest.raises(CommandError, match="Cannot write"):
            call_command("export_answers", str(tmp_path / "missing-dir" / "a.csv"))


class NullStream:
    def write(self, text):
        return len(text)
