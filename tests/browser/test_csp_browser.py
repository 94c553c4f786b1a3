"""Every kind of page still works under the Content-Security-Policy: a real browser reports
no violation, the charts keep their styles and the workspace script saves answers."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from clusterbench import flow
from clusterbench.interviews.models import Answer
from clusterbench.reports import services as reports
from tests.browser.test_engagement_browser import log_in, workspace_block
from tests.engagement_fixtures import make_benchmarking, new_cluster


@pytest.fixture
def setup(reference_data, framework, cluster, people, engagement_at):
    members = []
    for i in range(6):
        peer = new_cluster(f"Peer {i}", "RS")
        make_benchmarking(framework, peer, dt.date(2026, 1, 1), V4=i)
        members.append(peer)
    people.network.members.add(*members)
    drafted = make_benchmarking(framework, cluster, dt.date(2026, 4, 1), status="scheduled")
    drafted.expert = people.expert
    drafted.save()
    flow.interview_close(user=people.expert, benchmarking=drafted)
    if not drafted.reports.exists():
        reports.report_draft_ready(user=None, benchmarking=drafted)
    scheduled = engagement_at(framework, new_cluster("Scheduled", "RS"), people, "scheduled")
    return drafted, scheduled


@pytest.mark.django_db(transaction=True)
def test_no_page_of_any_role_breaks_the_content_security_policy(page, live_server, setup, people):
    drafted, scheduled = setup
    base = live_server.url
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.goto(f"{base}/")
    page.goto(f"{base}/database/")
    log_in(page, base, "exp")
    page.goto(f"{base}/engagements/{drafted.pk}/report/")
    expect(page.locator(".report figure svg").first).to_be_visible()
    page.goto(f"{base}/engagements/{scheduled.pk}/interview/")
    block = workspace_block(page, "S1")
    block.locator('[name="value"]').fill("70")
    block.locator('[name="value"]').blur()
    expect(block.locator(".state")).to_contain_text("Saved")
    assert Answer.objects.get(benchmarking=scheduled).value == 70
    log_in(page, base, "sec")
    for url in ("/engagements/", f"/engagements/{drafted.pk}/", "/admin/", "/networks/"):
        page.goto(base + url)
    log_in(page, base, "coord")
    page.goto(f"{base}/networks/{people.network.pk}/")
    expect(page.locator("#network-results svg").first).to_be_visible()
    assert violations == []
