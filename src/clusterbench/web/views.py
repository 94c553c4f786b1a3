from django.shortcuts import render

from clusterbench.clusters.models import Portfolio
from clusterbench.clusters.selectors import headline_get


def home(request):
    return render(
        request,
        "web/home.html",
        {
            "headline": headline_get(),
            "portfolios": Portfolio.objects.all(),
        },
    )
