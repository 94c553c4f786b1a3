"""Gathering a report's plain inputs from the database."""

import datetime as dt

from clusterbench.clusters.names import country_name, portfolio_name
from clusterbench.engagements.models import Benchmarking
from clusterbench.interviews.qualitative import Qualitative
from clusterbench.interviews.selectors import qualitative_of
from clusterbench.languages.reports import ENGLISH
from clusterbench.methodology.loader import framework_spec
from clusterbench.methodology.translations import framework_in_language
from clusterbench.peers.analysis import analyse_against, peer_statistics

from .build import AnswerRecord, ClusterProfile, EditedRecommendation, Previous, ReportInput


def previous_benchmarking(benchmarking: Benchmarking) -> Benchmarking | None:
    """The cluster's latest completed benchmarking interviewed before this one on the same
    framework (another framework's indicators do not compare), if any."""
    if benchmarking.interview_date is None:
        return None
    return (
        Benchmarking.objects.filter(
            cluster_id=benchmarking.cluster_id,
            framework_id=benchmarking.framework_id,
            status__in=Benchmarking.COMPLETED,
            interview_date__lt=benchmarking.interview_date,
        )
        .exclude(pk=benchmarking.pk)
        .order_by("-interview_date", "-pk")
        .first()
    )


def report_identifier(benchmarking: Benchmarking, *, running: int, serial: int, issued) -> str:
    """METHODOLOGY section 5: alpha-3, the country's 3-digit running number of
    benchmarkings, interview year and month, "C", 2-digit year of issue, 4-digit serial.
    The numbers are allocated by the caller (reports.services, under a lock)."""
    alpha3 = benchmarking.cluster.country.alpha3
    date = benchmarking.interview_date
    return f"{alpha3}{running % 1000:03d}{date:%Y%m}C{issued:%y}{serial % 10000:04d}"


def report_input(
    *,
    benchmarking: Benchmarking,
    snapshot_data: dict,
    snapshot_date: dt.date,
    identifier: str,
    issued: dt.date,
    summary: str = "",
    recommendations=None,
    status: str = "draft",
    version: int = 1,
    replaces: str = "",
    qualitative: Qualitative | None = None,
    language: str = ENGLISH,
) -> ReportInput:
    """The report's inputs, in its language (the framework's texts, the country and the
    portfolio); the qualitative part is the interview's confirmed one unless given."""
    spec = framework_spec(benchmarking.framework)
    cluster = benchmarking.cluster
    stats = peer_statistics(spec, snapshot_data)  # shared by the current and previous analysis
    analysis = analyse_against(
        benchmarking=benchmarking, data=snapshot_data, spec=spec, stats=stats
    )
    answers = {
        code: AnswerRecord(value, not_known, evidence)
        for code, value, not_known, evidence in benchmarking.answers.values_list(
            "indicator__code", "value", "not_known", "evidence"
        )
    }
    edited = (
        None
        if recommendations is None
        else tuple(EditedRecommendation(**item) for item in recommendations)
    )
    earlier = previous_benchmarking(benchmarking)
    # The previous answers are analysed against this report's snapshot, so that then and
    # now are measured against the same peers and differ only by the cluster's own answers.
    previous = (
        None
        if earlier is None
        else Previous(
            interview_date=earlier.interview_date,
            analysis=analyse_against(
                benchmarking=earlier, data=snapshot_data, spec=spec, stats=stats
            ),
        )
    )
    return ReportInput(
        framework=framework_in_language(spec, language),
        cluster=ClusterProfile(
            name=cluster.name,
            name_en=cluster.name_en,
            country=country_name(cluster.country, language),
            region=cluster.region,
            portfolio=portfolio_name(cluster.portfolio, language),
            website=cluster.website,
            year_founded=cluster.year_founded,
            address=cluster.address,
        ),
        identifier=identifier,
        interview_date=benchmarking.interview_date,
        expert=(benchmarking.expert.get_full_name() or benchmarking.expert.username)
        if benchmarking.expert
        else "—",
        snapshot_date=snapshot_date,
        answers=answers,
        analysis=analysis,
        summary=summary,
        recommendations=edited,
        status=status,
        version=version,
        replaces=replaces,
        issued=issued,
        synthetic=cluster.is_synthetic,
        previous=previous,
        qualitative=qualitative_of(benchmarking) if qualitative is None else qualitative,
        language=language,
    )
