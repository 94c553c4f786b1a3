from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from clusterbench.accounts.decorators import secretariat_required
from clusterbench.clusters.search import search_query
from clusterbench.engagements.models import Benchmarking
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
    analysis = benchmarking_analyse(benchmarking=benchmarking)
    return render(
        request,
        "benchmarkings/analysis.html",
        {
            "benchmarking": benchmarking,
            "snapshot": benchmarking.snapshots.first(),
            "analysis": analysis,
            "areas": {area.code: area.name for area in benchmarking.framework.areas.all()},
        },
    )
