"""Concurrent requests on PostgreSQL, with threads: closing versus saving, releasing a
correction, and allocating identifiers. Each thread has its own database connection, as
each web worker does. SQLite takes one writer at a time, so these run on PostgreSQL only
(CI runs the suite on both)."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from clusterbench import flow
from clusterbench.clusters.models import Country, Portfolio
from clusterbench.clusters.reference_data import reference_data_load
from clusterbench.engagements import workflow
from clusterbench.engagements.models import Benchmarking
from clusterbench.errors import StepRefused
from clusterbench.interviews.services import answer_save
from clusterbench.reports import services as reports
from clusterbench.reports.models import ReportVersion
from tests.engagement_fixtures import make_benchmarking, new_cluster

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgresql_only(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("row locks between connections need PostgreSQL")
    if not Country.objects.exists():  # emptied by an earlier transactional test
        reference_data_load(Country, Portfolio)


def together(*calls):
    """Run the calls in threads started at once; return each one's result or exception."""
    results = [None] * len(calls)
    start = threading.Barrier(len(calls))

    def run(i, call):
        try:
            start.wait()
            results[i] = call()
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def in_review(framework, cluster, people):
    engagement = make_benchmarking(framework, cluster, dt.date(2026, 4, 15), status="scheduled")
    engagement.expert = people.expert
    engagement.save()
    flow.interview_close(user=people.expert, benchmarking=engagement)
    if not engagement.reports.exists():
        reports.report_draft_ready(user=None, benchmarking=engagement)
    workflow.review_start(user=people.expert, benchmarking=engagement)
    return Benchmarking.objects.get(pk=engagement.pk)


def test_no_answer_is_saved_once_the_interview_is_being_closed(
    framework, cluster, people, monkeypatch
):
    engagement = make_benchmarking(framework, cluster, dt.date(2026, 4, 15), status="scheduled")
    engagement.expert = people.expert
    engagement.save()
    stale = Benchmarking.objects.get(pk=engagement.pk)  # as a save request read it
    monkeypatch.setattr(flow, "_draft_enqueue", lambda pk: None)
    closing = threading.Event()
    missing = workflow.interview_missing

    def slow_missing(benchmarking):
        closing.set()  # the close holds the engagement's lock from here
        threading.Event().wait(0.5)
        return missing(benchmarking)

    monkeypatch.setattr(workflow, "interview_missing", slow_missing)

    def close():
        return flow.interview_close(user=people.expert, benchmarking=engagement)

    def save(code):
        def call():
            closing.wait(10)
            current = stale.answers.get(indicator__code=code).version
            return answer_save(
                user=people.expert,
                benchmarking=stale,
                code=code,
                raw="7",
                evidence="late",
                expected_version=current,
            )

        return call

    results = together(close, *(save(code) for code in ("V3", "V4", "V5", "V6")))
    assert not isinstance(results[0], Exception), results[0]
    assert Benchmarking.objects.get(pk=engagement.pk).status == "interviewed"
    assert all(isinstance(r, StepRefused) for r in results[1:]), results[1:]
    assert not engagement.answer_changes.filter(new_evidence="late").exists()


def test_a_correction_released_three_times_at_once_is_released_once(framework, cluster, people):
    engagement = in_review(framework, cluster, people)
    first = flow.report_release(user=people.secretariat, version=engagement.reports.get())
    correction = reports.report_correct(user=people.secretariat, version=first)

    def release():
        return flow.report_release(user=people.secretariat, version=correction)

    results = together(release, release, release)
    released = [r for r in results if isinstance(r, ReportVersion)]
    refused = [r for r in results if isinstance(r, StepRefused)]
    assert len(released) == 1 and len(refused) == 2, results
    stored = ReportVersion.objects.get(pk=correction.pk)
    assert (stored.identifier, stored.pdf_sha256) == (
        released[0].identifier,
        released[0].pdf_sha256,
    )
    identifiers = list(ReportVersion.objects.values_list("identifier", flat=True))
    assert len(identifiers) == len(set(identifiers)) == 2


def test_concurrent_first_releases_get_distinct_serials_and_country_numbers(framework, people):
    engagements = [
        in_review(framework, new_cluster(f"Cluster {i}", "RS"), people) for i in range(3)
    ]

    def release(engagement):
        return lambda: flow.report_release(
            user=people.secretariat, version=engagement.reports.get()
        )

    results = together(*(release(e) for e in engagements))
    assert all(isinstance(r, ReportVersion) for r in results), results
    identifiers = [r.identifier for r in results]  # SRB, running number, month, C, yy, serial
    assert sorted(identifier[-4:] for identifier in identifiers) == ["0001", "0002", "0003"]
    assert len({identifier[3:6] for identifier in identifiers}) == 3


def test_concurrent_silver_awards_get_distinct_certificate_serials(people):
    from django.utils import timezone

    from clusterbench.labels.models import Label
    from clusterbench.labels.services import label_record_audited

    clusters = [new_cluster(f"Audited {i}", "RS") for i in range(3)]

    def award(cluster):
        return lambda: label_record_audited(
            user=people.secretariat,
            cluster=cluster,
            level="silver",
            audit_date=timezone.localdate(),
        )

    results = together(*(award(c) for c in clusters))
    assert all(isinstance(r, Label) for r in results), results
    assert sorted(r.certificate_id[-4:] for r in results) == ["0001", "0002", "0003"]
