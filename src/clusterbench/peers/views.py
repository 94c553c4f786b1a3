import dataclasses
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from clusterbench.accounts.decorators import secretariat_required
from clusterbench.analysis.eligibility import eligibility_failures
from clusterbench.analysis.recommendations import advice_in_language
from clusterbench.audits.services import baseline_failure_text
from clusterbench.clusters.names import country_name, portfolio_name
from clusterbench.clusters.search import search_query
from clusterbench.engagements.models import Benchmarking
from clusterbench.methodology.loader import framework_spec
from clusterbench.methodology.translations import (
    area_text,
    framework_in_language,
    framework_translation,
    indicator_text,
    unit_text,
)
from clusterbench.peers.analysis import benchmarking_analyse
from clusterbench.reports.build import group_label, reason_text

PAGE_SIZE = 50


@secretariat_required
def benchmarking_list(request):
    query = search_query(request.GET.get("q", ""))
    benchmarkings = Benchmarking.objects.select_related(
        "cluster__country", "cluster__portfolio"
    ).order_by("-interview_date", "-pk")
    if query:
        benchmarkings = benchmarkings.filter(
            Q(cluster__name__icontains=query) | Q(cluster__name_en__icontains=query)
        )
    page = Paginator(benchmarkings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "benchmarkings/list.html", {"page": page, "query": query})


@secretariat_required
def benchmarking_analysis(request, pk: int):
    benchmarking = get_object_or_404(
        Benchmarking.objects.select_related("cluster__country", "cluster__portfolio", "framework"),
        pk=pk,
    )
    analysis = _in_language(benchmarking_analyse(benchmarking=benchmarking), benchmarking)
    version = benchmarking.framework.version
    return render(
        request,
        "benchmarkings/analysis.html",
        {
            "benchmarking": benchmarking,
            "snapshot": benchmarking.snapshots.first(),
            "analysis": analysis,
            "areas": {
                area.code: area_text(version, area.code, "name", area.name)
                for area in benchmarking.framework.areas.all()
            },
        },
    )


def _in_language(analysis, benchmarking):
    """The analysis in the reader's language: the framework's names (areas, indicators and
    their units, ECEI criteria), the comparison groups, the eligibility conditions missed
    and the recommendations (as the report words them); the analysis itself computes in
    English."""
    version, language = analysis.framework_version, get_language() or "en"
    spec = framework_in_language(framework_spec(benchmarking.framework), language)
    cluster = benchmarking.cluster
    portfolio, country = portfolio_name(cluster.portfolio), country_name(cluster.country)

    def group_name(kind):
        return group_label(kind, portfolio, country)

    def named(item, text):
        return dataclasses.replace(item, name=text(version, item.code, "name", item.name))

    def judged(j):
        return dataclasses.replace(named(j, indicator_text), group_label=group_name(j.group))

    def advice(r):
        texts = advice_in_language(version, language, r)
        return dataclasses.replace(r, **texts, reason=reason_text(r, spec, analysis, group_name))

    # The baseline checked on the analysis's own values, as analysis.core does.
    values = {
        i.code: None if i.value is None else Decimal(str(i.value)) for i in analysis.indicators
    }
    criteria = framework_translation(version, language).get("criteria", {})
    return dataclasses.replace(
        analysis,
        groups=tuple(dataclasses.replace(g, label=group_name(g.kind)) for g in analysis.groups),
        recommendations=tuple(advice(r) for r in analysis.recommendations),
        indicators=tuple(
            dataclasses.replace(
                named(i, indicator_text), unit=unit_text(version, i.code, i.unit) if i.unit else ""
            )
            for i in analysis.indicators
        ),
        strengths=tuple(judged(j) for j in analysis.strengths),
        weaknesses=tuple(judged(j) for j in analysis.weaknesses),
        area_scores=tuple(named(a, area_text) for a in analysis.area_scores),
        excellence=dataclasses.replace(
            analysis.excellence,
            eligibility_failures=tuple(
                baseline_failure_text(f) for f in eligibility_failures(spec, values)
            ),
            criteria=tuple(
                dataclasses.replace(c, name=criteria.get(c.code) or c.name)
                for c in analysis.excellence.criteria
            ),
        ),
    )
