import datetime as dt
import io
import time
import zipfile
from urllib.parse import urlparse

import pikepdf
import pytest
import zxingcpp
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from clusterbench.labels.files import certificate_pdf, label_files_zip, verify_url
from clusterbench.labels.models import Label
from tests.engagement_fixtures import PASSWORD, make_benchmarking


@pytest.fixture
def label(framework, cluster):
    make_benchmarking(framework, cluster, dt.date(2026, 4, 15))
    today = timezone.localdate()
    return Label.objects.create(
        cluster=cluster,
        level="bronze",
        certificate_id="SRB0012026",
        valid_from=today,
        valid_until=dt.date(2028, 4, 30),
    )


def text_lines(page) -> list[tuple[float, str]]:
    """The page's lines of text with their baselines (points from the bottom), top first."""
    lines = []

    def visit(text, matrix, text_matrix, font, size):
        if len(text.strip()) > 1:
            lines.append((matrix[5], text.strip()))

    page.extract_text(visitor_text=visit)
    return sorted(lines, key=lambda line: -line[0])


class TestTheCertificate:
    def test_it_is_an_a4_pdf_with_the_names_dates_and_identifier(self, label):
        pdf = certificate_pdf(label)
        with pikepdf.open(io.BytesIO(pdf)) as opened:
            assert len(opened.pages) == 1
            width, height = (float(v) for v in opened.pages[0].mediabox[2:])
            assert (round(width), round(height)) == (595, 842)  # A4 in points
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        for expected in (
            "Bronze Label",
            "Striving for Cluster Excellence",
            "Кластер",
            "Belgrade Test Cluster",
            "Serbia",
            "SRB0012026",
            "30 April 2028",
        ):
            assert expected in text, expected

    def test_it_names_the_interview_date_and_the_issuer_on_a_signature_line(self, label, people):
        label.awarded_by = people.secretariat
        label.valid_from = dt.date(2026, 4, 15)
        text = " ".join(
            p.extract_text() for p in PdfReader(io.BytesIO(certificate_pdf(label))).pages
        )
        assert "Interview 15 April 2026" in text
        assert "Sabine" in text and "for the ClusterBench secretariat" in text

    def test_a_long_name_wraps_above_the_country_and_the_dates_on_one_page(self, label):
        label.cluster.name = ("Национални кластер за напредну индустријску производњу " * 4)[:200]
        label.cluster.name_en = ("National Cluster of Advanced Manufacturing and Robotics " * 4)[
            :200
        ]
        pdf = PdfReader(io.BytesIO(certificate_pdf(label)))
        assert len(pdf.pages) == 1
        lines = text_lines(pdf.pages[0])  # (baseline from the bottom, text), top to bottom
        country = next(y for y, text in lines if text == "Serbia")
        interview = next(y for y, text in lines if text.startswith("Interview"))
        names = [y for y, text in lines if "кластер" in text or "Manufacturing" in text]
        assert len(names) >= 4  # both names wrapped
        assert min(names) > country + 12  # every name line above the country
        assert country > interview + 24  # the country well above the dates, never over them

    def test_its_qr_code_opens_the_verification_page(self, label, client):
        png = certificate_pdf(label, image_ppi=150)
        [code] = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
        assert code.text == verify_url(label)
        response = client.get(urlparse(code.text).path)
        assert response.status_code == 200 and "<strong>valid</strong>" in response.text

    def test_it_renders_in_well_under_a_second(self, label):
        certificate_pdf(label)  # fonts loaded once per process
        started = time.perf_counter()
        certificate_pdf(label)
        assert time.perf_counter() - started < 1.0


class TestTheLabelFiles:
    def test_the_zip_has_svg_png_at_three_sizes_and_pdf(self, label):
        archive = zipfile.ZipFile(io.BytesIO(label_files_zip(label)))
        names = sorted(archive.namelist())
        assert names == [
            "bronze-label-2028-1024px.png",
            "bronze-label-2028-256px.png",
            "bronze-label-2028-512px.png",
            "bronze-label-2028.pdf",
            "bronze-label-2028.svg",
        ]
        for size in (256, 512, 1024):
            image = Image.open(io.BytesIO(archive.read(f"bronze-label-2028-{size}px.png")))
            assert image.size == (size, size)
        svg = archive.read("bronze-label-2028.svg").decode()
        assert "BRONZE" in svg and "valid until 2028" in svg
        assert archive.read("bronze-label-2028.pdf").startswith(b"%PDF")


class TestDownloads:
    def test_the_clusters_manager_downloads_certificate_and_files(self, client, label, people):
        client.login(username="man", password=PASSWORD)
        certificate = client.get(f"/labels/{label.certificate_id}/certificate.pdf")
        assert certificate.status_code == 200
        assert certificate["Content-Type"] == "application/pdf"
        files = client.get(f"/labels/{label.certificate_id}/files.zip")
        assert files.status_code == 200 and files["Content-Type"] == "application/zip"

    @pytest.mark.parametrize("username", ["man2", "exp", "coord"])
    def test_others_get_not_found(self, client, label, people, username):
        client.login(username=username, password=PASSWORD)
        assert client.get(f"/labels/{label.certificate_id}/certificate.pdf").status_code == 404

    def test_an_expired_or_revoked_label_has_no_files(self, client, label, people):
        client.login(username="man", password=PASSWORD)
        Label.objects.filter(pk=label.pk).update(revoked_at=timezone.now())
        assert client.get(f"/labels/{label.certificate_id}/files.zip").status_code == 404
