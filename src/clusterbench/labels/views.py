"""Public pages about labels: verification and the embeddable badge. Nothing here is
cached by anyone: a label that expired or was revoked must disappear at once."""

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from clusterbench.clusters.models import ClusterOrganisation

from .badge import label_svg
from .files import certificate_pdf, label_files_zip
from .models import Label
from .services import label_current

CERTIFICATE_ID = re.compile(r"^[A-Z0-9]{6,24}$")


@never_cache
def verify(request, certificate_id: str):
    # One indexed lookup whatever the input, and the same page for malformed and unknown
    # identifiers, so that nothing tells which identifiers exist.
    key = certificate_id.upper() if CERTIFICATE_ID.match(certificate_id.upper()) else ""
    label = Label.objects.select_related("cluster__country").filter(certificate_id=key).first()
    if label is None:
        return render(
            request, "labels/verify_unknown.html", {"certificate_id": certificate_id}, status=404
        )
    today = timezone.localdate()
    return render(request, "labels/verify.html", {"label": label, "status": label.status_on(today)})


@never_cache
def badge(request, pk: int):
    cluster = get_object_or_404(ClusterOrganisation, pk=pk)
    label = label_current(cluster)
    svg = label_svg(
        level=label.level if label else "none",
        motto=label.motto if label else "ClusterBench",
        valid_until_year=label.valid_until.year if label else None,
        size=160,
    )
    return HttpResponse(svg, content_type="image/svg+xml")


def _label_for_download(request, certificate_id: str) -> Label:
    """A valid label of one of the user's organisations (or any, for the secretariat)."""
    label = (
        Label.objects.select_related("cluster__country")
        .filter(certificate_id=certificate_id)
        .first()
    )
    allowed = (
        label is not None
        and request.user.is_authenticated
        and (
            getattr(request.user, "is_secretariat", False)
            or request.user.clusters.filter(pk=label.cluster_id).exists()
        )
    )
    if not allowed or label.status_on(timezone.localdate()) != "valid":
        raise Http404("No valid label of yours has this certificate identifier.")
    return label


@login_required
@never_cache
def certificate_download(request, certificate_id: str):
    label = _label_for_download(request, certificate_id)
    response = HttpResponse(certificate_pdf(label), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate_id}.pdf"'
    return response


@login_required
@never_cache
def label_files_download(request, certificate_id: str):
    label = _label_for_download(request, certificate_id)
    response = HttpResponse(label_files_zip(label), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="label-files-{certificate_id}.zip"'
    return response
