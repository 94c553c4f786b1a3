from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from clusterbench.clusters.models import Portfolio
from clusterbench.engagements.selectors import work_for
from clusterbench.web.selectors import headline_get


def home(request):
    return render(
        request,
        "web/home.html",
        {
            "headline": headline_get(),
            "portfolios": Portfolio.objects.all(),
        },
    )


@login_required
def my_work(request):
    """Each role's home after logging in: what needs them now."""
    return render(request, "web/my_work.html", {"work": work_for(request.user)})
