"""A report version's PDF as a download, the same from the report page and the API."""

from django.http import FileResponse, HttpResponse

from . import services
from .models import ReportVersion
from .pdf import render_pdf


def report_pdf_download(version: ReportVersion) -> HttpResponse:
    """The stored PDF of a released version; a draft's, rendered now. Never kept by a
    browser or a proxy: a draft changes, and a report is private."""
    if version.is_released:
        response = FileResponse(version.pdf.open("rb"), content_type="application/pdf")
        name = f"{version.identifier}.pdf"
    else:
        response = HttpResponse(
            render_pdf(services.report_build(version)), content_type="application/pdf"
        )
        name = f"draft-{version.benchmarking_id}-v{version.number}-{version.language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
