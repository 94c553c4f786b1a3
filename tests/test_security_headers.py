"""Login throttling, the Content-Security-Policy, no-store on private pages and CSV cells
that no spreadsheet runs as formulas."""

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest

from clusterbench import flow
from clusterbench.clusters.models import Portfolio
from clusterbench.interviews.exports import answers_write_csv
from clusterbench.reports import services as reports
from tests.engagement_fixtures import PASSWORD, make_benchmarking, new_cluster

TEMPLATES = Path(__file__).resolve().parent.parent / "src" / "clusterbench" / "templates"


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True


def log_in(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


class TestLoginThrottling:
    def test_repeated_wrong_passwords_lock_the_login_even_for_the_right_one(
        self, client, people, throttled
    ):
        for _ in range(4):
            assert log_in(client, "sec", "wrong-password").status_code == 200
        assert log_in(client, "sec", "wrong-password").status_code == 429  # the fifth
        response = log_in(client, "sec", PASSWORD)
        assert response.status_code == 429
        assert "Too many failed log-ins" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_the_lockout_is_for_that_username_only(self, client, people, throttled):
        for _ in range(5):
            log_in(client, "sec", "wrong-password")
        assert log_in(client, "exp", PASSWORD).status_code == 302

    def test_a_success_before_the_limit_resets_the_count(self, client, people, throttled):
        for _ in range(4):
            log_in(client, "sec", "wrong-password")
        assert log_in(client, "sec", PASSWORD).status_code == 302
        client.post("/accounts/logout/")
        for _ in range(4):
            log_in(client, "sec", "wrong-password")
        assert log_in(client, "sec", PASSWORD).status_code == 302


def policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


@pytest.fixture
def released_report(framework, cluster, people):
    for i in range(6):
        make_benchmarking(framework, new_cluster(f"Peer {i}"), dt.date(2026, 1, 1), V4=i)
    engagement = make_benchmarking(framework, cluster, dt.date(2026, 4, 15), status="scheduled")
    engagement.expert = people.expert
    engagement.save()
    flow.interview_close(user=people.expert, benchmarking=engagement)
    reports.report_draft_ready(user=None, benchmarking=engagement)
    return engagement


class TestContentSecurityPolicy:
    def test_every_page_carries_a_policy_that_allows_no_inline_script(self, client, db):
        rules = policy(client.get("/"))
        assert rules["script-src"] == "script-src 'self'"
        assert rules["object-src"] == "object-src 'none'"
        assert rules["frame-ancestors"] == "frame-ancestors 'none'"
        assert "'unsafe-inline'" not in rules["style-src"]

    def test_the_charts_need_no_inline_style_and_any_style_element_carries_the_nonce(
        self, client, released_report
    ):
        client.login(username="sec", password=PASSWORD)
        response = client.get(f"/engagements/{released_report.pk}/report/")
        nonce = re.search(r"'nonce-([^']+)'", policy(response)["style-src"]).group(1)
        page = response.content.decode()
        charts = re.findall(r"<svg\b.*?</svg>", page, re.S)
        assert len(charts) > 30
        assert not any("<style" in chart or " style=" in chart for chart in charts)
        styles = re.findall(r"<style[^>]*>", page)
        assert all(f'nonce="{nonce}"' in tag for tag in styles)

    def test_a_chart_style_element_gets_the_pages_nonce(self, rf):
        from django.template import Context, Template

        request = rf.get("/")
        request.csp_nonce = "abc123"
        shown = Template("{% load svg %}{% inline_svg svg 'A chart' %}").render(
            Context({"svg": "<svg><style>text{fill:red}</style></svg>", "request": request})
        )
        assert '<style nonce="abc123">' in shown

    def test_no_template_has_an_inline_script_or_event_handler(self):
        for template in TEMPLATES.rglob("*.html"):
            text = template.read_text(encoding="utf-8")
            assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), template
            assert not re.search(r"\son[a-z]+\s*=", text), template


class TestPrivatePagesAreNeverStored:
    def test_report_workspace_engagement_and_quote_pages_say_no_store(
        self, client, released_report, framework, people
    ):
        from clusterbench.offers.quotes import quote_issue

        requested = make_benchmarking(
            framework, new_cluster("Quoted", "RS"), None, status="requested"
        )
        quote_issue(user=people.secretariat, benchmarking=requested)
        client.login(username="sec", password=PASSWORD)
        pk = released_report.pk
        for url in (
            f"/engagements/{pk}/report/",
            f"/engagements/{pk}/interview/",
            f"/engagements/{pk}/",
            "/engagements/",
            f"/engagements/{requested.pk}/quote/",
            f"/engagements/{pk}/audit/",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            cache = response.headers.get("Cache-Control", "")
            assert "no-store" in cache and "private" in cache, url


class TestCsvCells:
    def test_the_public_csv_neutralises_cells_that_start_a_formula(self, client, framework):
        evil = new_cluster('=HYPERLINK("https://evil.example","Click")', "DE")
        make_benchmarking(framework, evil, dt.date(2026, 1, 1))
        rows = list(csv.reader(io.StringIO(client.get("/database.csv").content.decode())))
        names = [row[0] for row in rows[1:]]
        assert names == ['\'=HYPERLINK("https://evil.example","Click")']

    @pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
    def test_every_formula_start_is_neutralised_in_the_answers_export(
        self, framework, cluster, start
    ):
        portfolio = Portfolio.objects.create(
            slug="evil", name=f"{start}cmd|' /C calc'!A0", position=99
        )
        cluster.portfolio = portfolio
        cluster.save()
        make_benchmarking(framework, cluster, dt.date(2026, 1, 1), A4=-12.5)
        out = io.StringIO()
        answers_write_csv(out)
        header, row = list(csv.reader(io.StringIO(out.getvalue())))
        assert row[header.index("portfolio")] == f"'{start}cmd|' /C calc'!A0"
        assert row[header.index("A4")] == "-12.5"  # a negative number stays a number

    def test_the_network_brief_csv_neutralises_cells_that_start_a_formula(self):
        from types import SimpleNamespace as Row

        from clusterbench.networks.brief import brief_csv

        comparison = Row(
            framework_version="2026.1",
            # a code no framework has, so the name is the one given here, in any language
            areas=[Row(code="Z9", name="=1+1", network_median=-3.0, all_median=50.0)],
            indicators=[],
        )
        rows = list(csv.reader(io.StringIO(brief_csv(comparison))))
        assert rows[0][4] == "network"
        assert rows[1][2] == "'=1+1" and rows[1][4] == "-3"
