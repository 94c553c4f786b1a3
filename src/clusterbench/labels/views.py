"""Public pages about labels: verification and the embeddable badge. Nothing here is
cached by anyone: a label that expired or was revoked must disappear at once."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from clusterbench.accounts.decorators import secretariat_required
from clusterbench.clusters.models import ClusterOrganisation
from clusterbench.errors import StepRefused
from clusterbench.web.confirm import is_confirmed
from clusterbench.web.selectors import label_now, with_label_now

from .badge import label_svg
from .files import certificate_pdf, label_files_zip
from .models import STATUS_NAMES, Label
from .services import (
    certificate_clean,
    label_by_certificate,
    label_revoke,
)


@never_cache
def verify_lookup(request):
    """The verify box on the home page and the database: to the certificate's page."""
    certificate_id = certificate_clean(request.GET.get("certificate", ""))
    if not certificate_id:
        # The box sent empty is a request to correct; the address alone asks for the box.
        return render(
            request,
            "labels/verify_unknown.html",
            {"certificate_id": "", "empty": True},
            status=400 if "certificate" in request.GET else 200,
        )
    return redirect("verify", certificate_id)


@never_cache
def verify(request, certificate_id: str):
    # The same page for malformed and unknown identifiers: nothing tells which exist.
    label = label_by_certificate(certificate_id)
    if label is None:
        return render(
            request, "labels/verify_unknown.html", {"certificate_id": certificate_id}, status=404
        )
    today = timezone.localdate()
    return render(request, "labels/verify.html", {"label": label, "status": label.status_on(today)})


@never_cache
def badge(request, pk: int):
    # The label it is known by, as on its page, in the database and the API.
    now = label_now(get_object_or_404(with_label_now(ClusterOrganisation.objects.all()), pk=pk))
    valid = now.status == "valid"
    svg = label_svg(
        level=now.level,
        status=now.status,
        motto=Label.MOTTO[now.level] if valid else "ClusterBench",
        valid_until_year=now.valid_until.year if valid else None,
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
        raise Http404(_("No valid label of yours has this certificate identifier."))
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


@secretariat_required
def label_revoke_page(request, certificate_id: str):
    """The secretariat revokes a label in the product: a reason, and a tick saying that
    this cannot be undone; the labels service does the rest."""
    label = get_object_or_404(
        Label.objects.select_related("cluster__country"), certificate_id=certificate_id
    )
    errors = {}
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        if not reason.strip():
            errors["reason"] = _("Give the reason for revoking the label; it is shown publicly.")
        if not is_confirmed(request):
            errors["confirmed"] = _("Tick the box to confirm that the revocation is final.")
        if not errors:
            try:
                label_revoke(user=request.user, label=label, reason=reason)
            except StepRefused as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    _(
                        "%(level)s Label %(certificate)s of %(cluster)s revoked: %(reason)s. The "
                        "public database, the cluster's page, its badge and the verification page "
                        "now say so."
                    )
                    % {
                        "level": label.get_level_display(),
                        "certificate": label.certificate_id,
                        "cluster": label.cluster.name_en,
                        "reason": reason.strip(),
                    },
                )
                return redirect("public_cluster", label.cluster_id)
    return render(
        request,
        "labels/revoke.html",
        {
            "label": label,
            "status": STATUS_NAMES[label.status_on(timezone.localdate())],
            "errors": errors,
            "reason": request.POST.get("reason", ""),
            "verify_url": reverse("verify", args=[label.certificate_id]),
        },
        status=400 if errors else 200,
    )
