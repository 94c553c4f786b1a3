import datetime as dt
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from clusterbench.analysis.eligibility import eligibility_failures
from clusterbench.clusters.models import ClusterOrganisation
from clusterbench.demo import population
from clusterbench.demo.models import DemoPopulation
from clusterbench.demo.services import demo_accounts_create, demo_population_create
from clusterbench.engagements.models import Benchmarking
from clusterbench.interviews.models import Answer
from clusterbench.methodology.loader import bundled_framework_files, framework_read_file


@pytest.fixture(scope="module")
def spec():
    return framework_read_file(bundled_framework_files()[0])[0]


REFERENCE = dt.date(2026, 5, 15)  # the population as of this date: interviews to April 2026


@pytest.fixture(scope="module")
def clusters(spec):
    return population.generate(spec, reference_date=REFERENCE)


class TestDeterminism:
    def test_the_same_seed_and_reference_date_give_the_same_population(self, spec, clusters):
        assert population.generate(spec, reference_date=REFERENCE) == clusters

    def test_another_seed_gives_another_population(self, spec, clusters):
        other = population.generate(spec, seed=7, reference_date=REFERENCE)
        assert population.fingerprint(other) != population.fingerprint(clusters)

    def test_a_reference_date_without_five_years_of_interviews_is_refused(self, spec):
        with pytest.raises(ValueError, match="reference date must be in 2015 or later"):
            population.generate(spec, reference_date=dt.date(2014, 6, 1))

    def test_fewer_clusters_than_countries_are_refused(self, spec):
        with pytest.raises(ValueError, match="at least 41 cluster organisations"):
            population.generate(spec, count=40, reference_date=REFERENCE)


class TestShape:
    def test_936_clusters_from_41_countries_in_13_portfolios(self, clusters):
        assert len(clusters) == 936
        assert len({c.country for c in clusters}) == 41
        assert len({c.portfolio for c in clusters}) == 13

    def test_the_largest_countries_have_the_most_clusters(self, clusters):
        per_country = Counter(c.country for c in clusters)
        assert per_country.most_common(1)[0][0] == "DE"
        assert per_country["MX"] >= 1 and per_country["LU"] >= 1

    def test_english_names_are_unique_within_a_country(self, clusters):
        keys = [(c.country, c.name_en.lower()) for c in clusters]
        assert len(set(keys)) == len(keys)

    def test_names_keep_their_own_scripts(self, clusters):
        serbian = [c.name for c in clusters if c.country == "RS"]
        assert all(any("\u0400" <= ch <= "\u04ff" for ch in name) for name in serbian)
        greek = [c.name for c in clusters if c.country == "GR"]
        assert all(any("\u0370" <= ch <= "\u03ff" for ch in name) for name in greek)

    def test_interviews_run_from_november_2010_to_the_month_before_the_reference_date(
        self, clusters
    ):
        dates = [run.interview_date for c in clusters for run in c.benchmarkings]
        assert dt.date(2010, 11, 1) <= min(dates) < dt.date(2011, 6, 1)
        assert dt.date(2026, 3, 1) <= max(dates) <= dt.date(2026, 4, 30)
        assert all(date.weekday() < 5 for date in dates)  # held on working days

    def test_a_quarter_were_last_interviewed_within_two_years_half_within_five(self, clusters):
        latest = [c.benchmarkings[-1].interview_date for c in clusters]
        within = lambda years: sum(d > REFERENCE.replace(year=2026 - years) for d in latest)  # noqa: E731
        assert 0.22 <= within(2) / len(clusters) <= 0.32
        assert 0.45 <= within(5) / len(clusters) <= 0.65

    def test_organisations_are_founded_before_their_first_interview_and_m1_is_their_age(
        self, clusters
    ):
        for cluster in clusters:
            assert cluster.year_founded < cluster.benchmarkings[0].interview_date.year
            for run in cluster.benchmarkings:
                assert run.values["M1"] in (None, run.interview_date.year - cluster.year_founded)

    def test_evidence_is_dated_on_its_own_interview(self, clusters):
        for cluster in clusters[:50]:
            for run in cluster.benchmarkings:
                day = f"{run.interview_date.day} {run.interview_date:%B %Y}"
                for code, value in run.values.items():
                    if value is not None:
                        assert run.evidence[code].endswith(f"interview on {day}.")

    def test_some_clusters_were_benchmarked_two_or_three_times(self, clusters):
        runs = Counter(len(c.benchmarkings) for c in clusters)
        assert set(runs) == {1, 2, 3}
        assert 0.15 <= (runs[2] + runs[3]) / len(clusters) <= 0.35
        for cluster in clusters:
            dates = [run.interview_date for run in cluster.benchmarkings]
            assert dates == sorted(dates) and len(set(dates)) == len(dates)

    def test_every_value_is_valid_for_its_indicator(self, spec, clusters):
        for cluster in clusters:
            for run in cluster.benchmarkings:
                assert set(run.values) == {i.code for i in spec.asked}
                for code, value in run.values.items():
                    if value is not None:
                        spec.indicator(code).validate(value)

    def test_a_few_answers_are_not_known_with_an_evidence_note(self, clusters):
        answers = [
            (v, run.evidence[code])
            for c in clusters
            for run in c.benchmarkings
            for code, v in run.values.items()
        ]
        not_known = [note for value, note in answers if value is None]
        assert 0.01 <= len(not_known) / len(answers) <= 0.05
        assert all(note for _value, note in answers)

    def test_about_ten_percent_of_clusters_fail_the_eligibility_baseline(self, spec, clusters):
        failing = [c for c in clusters if eligibility_failures(spec, c.benchmarkings[-1].values)]
        assert 0.07 <= len(failing) / len(clusters) <= 0.13

    def test_values_look_like_real_clusters(self, clusters):
        import numpy as np

        def median(code):
            values = [
                float(run.values[code])
                for c in clusters
                for run in c.benchmarkings
                if run.values[code] is not None
            ]
            return float(np.median(values))

        assert 55 <= median("S1") <= 85  # participants, median about 70
        assert 2.5 <= median("M2") <= 3.5  # management FTE, median about 3
        assert 30 <= median("F3") <= 40  # private financing, median about 35 %
        assert median("S5") > 75  # most participants close by
        assert 80_000 <= median("F1") / median("M2") <= 100_000  # budget per FTE


@pytest.mark.django_db
class TestStoring:
    def test_it_stores_what_was_generated_and_runs_only_once(self, framework, clusters):
        result = demo_population_create(framework=framework, reference_date=REFERENCE)
        assert result.created
        assert result.clusters == 936
        assert ClusterOrganisation.objects.filter(is_synthetic=True).count() == 936
        assert (ClusterOrganisation.objects.values("country").distinct().count()) == 41
        assert Benchmarking.objects.count() == sum(len(c.benchmarkings) for c in clusters)
        assert result.fingerprint == population.fingerprint(clusters)

        again = demo_population_create(framework=framework)
        assert not again.created
        assert again.reference_date == REFERENCE  # fixed once generated
        assert ClusterOrganisation.objects.count() == 936
        assert Answer.objects.count() == result.answers

    def test_the_reference_date_is_today_by_default_and_never_in_the_future(self, framework):
        from clusterbench.demo.services import DemoError

        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        with pytest.raises(DemoError, match="after today"):
            demo_population_create(framework=framework, reference_date=tomorrow)
        assert not ClusterOrganisation.objects.exists()
        result = demo_population_create(framework=framework, clusters=60)
        assert result.reference_date == timezone.localdate()
        assert DemoPopulation.objects.get().reference_date == timezone.localdate()
        assert ClusterOrganisation.objects.count() == 60

    def test_the_database_holds_exactly_the_generated_values(self, framework, clusters):
        demo_population_create(framework=framework, reference_date=REFERENCE)
        stored = {
            (
                row["benchmarking__cluster__country_id"],
                row["benchmarking__cluster__name_en"],
                row["benchmarking__interview_date"],
                row["indicator__code"],
            ): row["value"]
            for row in Answer.objects.values(
                "benchmarking__cluster__country_id",
                "benchmarking__cluster__name_en",
                "benchmarking__interview_date",
                "indicator__code",
                "value",
            )
        }
        generated = {
            (c.country, c.name_en, run.interview_date, code): value
            for c in clusters
            for run in c.benchmarkings
            for code, value in run.values.items()
        }
        assert stored == generated

    def test_replace_generates_anew_without_duplicates(self, framework):
        demo_population_create(framework=framework)
        demo_population_create(framework=framework, replace=True)
        assert ClusterOrganisation.objects.count() == 936

    def test_the_home_page_shows_936_and_41(self, client, framework):
        demo_population_create(framework=framework)
        text = client.get("/").text
        assert "<strong>936</strong> cluster organisations from" in text
        assert "<strong>41</strong> countries" in text
        assert "synthetic" in text

    def test_demo_accounts_are_one_per_role_and_can_be_reset(self, client, framework):
        demo_population_create(framework=framework)
        accounts = demo_accounts_create()
        assert [a.username for a in accounts] == ["secretariat", "expert", "manager", "coordinator"]
        demo_accounts_create()
        for account in accounts:
            assert client.login(username=account.username, password=account.password)

    def test_the_command_refuses_demo_accounts_in_production(self, framework):
        from django.core.management import CommandError

        with pytest.raises(CommandError, match="published passwords"):
            call_command("create_demo_accounts")


@pytest.mark.django_db
def test_replace_also_removes_engagements_reports_and_labels(framework):
    from clusterbench.demo.services import demo_engagements_create, demo_labels_create
    from clusterbench.labels.models import Label
    from clusterbench.reports.models import ReportVersion

    demo_population_create(framework=framework)
    demo_accounts_create()
    demo_labels_create()
    demo_engagements_create()
    assert ReportVersion.objects.exists() and Label.objects.exists()
    result = demo_population_create(framework=framework, replace=True)
    assert result.created and ClusterOrganisation.objects.count() == 936
    assert not ReportVersion.objects.exists() and not Label.objects.exists()
