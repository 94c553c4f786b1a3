import dataclasses

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from clusterbench.accounts.decorators import secretariat_required
from clusterbench.clusters.search import search_query
from clusterbench.engagements.models import Benchmarking
from clusterbench.methodology.translations import (
    area_text,
    framework_translation,
    indicator_text,
    unit_text,
)
from clusterbench.peers.analysis import benchmarking_analyse

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
    analysis = _in_language(benchmarking_analyse(benchmarking=benchmarking))
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


def _in_language(analysis):
    """The analysis with the framework's names (areas, indicators and their units, ECEI
    criteria) in the reader's language; the analysis itself computes in English."""
    version = analysis.framework_version

    def named(item, text):
        return dataclasses.replace(item, name=text(version, item.code, "name", item.name))

    criteria = framework_translation(version, get_language() or "en").get("criteria", {})
    return dataclasses.replace(
        analysis,
        indicators=tuple(
            dataclasses.replace(
                named(i, indicator_text), unit=unit_text(version, i.code, i.unit) if i.unit else ""
            )
            for i in analysis.indicators
        ),
        strengths=tuple(named(j, indicator_text) for j in analysis.strengths),
        weaknesses=tuple(named(j, indicator_text) for j in analysis.weaknesses),
        area_scores=tuple(named(a, area_text) for a in analysis.area_scores),
        excellence=dataclasses.replace(
            analysis.excellence,
            criteria=tuple(
                dataclasses.replace(c, name=criteria.get(c.code) or c.name)
                for c in analysis.excellence.criteria
            ),
        ),
    )
