"""The report in a real browser: the expert reviews and edits, the manager downloads."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from clusterbench import flow
from clusterbench.clusters.models import Country, Portfolio
from clusterbench.clusters.reference_data import reference_data_load
from clusterbench.engagements import workflow
from tests.browser.test_engagement_browser import log_in
from tests.engagement_fixtures import make_benchmarking, new_cluster

# The summary radar's words (not its scale's numbers), each as drawn against the page text.
RADAR_WORDS = """() => {
  const svg = document.querySelector('.report figure.figure-60 svg');
  const scale = svg.getScreenCTM().a;
  const page = parseFloat(getComputedStyle(document.querySelector('main p')).fontSize);
  return [...svg.querySelectorAll('text')].filter(t => !/^\\d+$/.test(t.textContent))
    .map(t => parseFloat(t.getAttribute('font-size')) * scale / page);
}"""


@pytest.fixture
def in_review(transactional_db):
    reference_data_load(Country, Portfolio)  # emptied by earlier transactional tests


@pytest.mark.django_db(transaction=True)
def test_the_expert_reviews_and_the_manager_downloads(
    page, live_server, in_review, framework, cluster, people
):
    for i in range(6):
        make_benchmarking(framework, new_cluster(f"Peer {i}"), dt.date(2026, 1, 1), V4=i)
    engagement = make_benchmarking(framework, cluster, dt.date(2026, 10, 1), status="scheduled")
    engagement.expert = people.expert
    engagement.save()
    flow.interview_close(user=people.expert, benchmarking=engagement)  # drafts inline
    workflow.review_start(user=people.expert, benchmarking=engagement)
    base = live_server.url

    log_in(page, base, "exp")
    page.goto(f"{base}/engagements/{engagement.pk}/")
    page.get_by_role("link", name="The draft report in English", exact=True).click()
    expect(page.locator(".report h1")).to_have_text("Belgrade Test Cluster")
    # On a laptop the summary's radar, drawn at 60 % of the text's width, names its areas
    # about as large as the page's text (it was stretched to the whole width: 1.5 times).
    page.set_viewport_size({"width": 1366, "height": 900})
    ratios = page.evaluate(RADAR_WORDS)
    assert ratios and min(ratios) >= 0.8 and max(ratios) <= 1.1, ratios
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.get_by_role("link", name="Edit summary and recommendations").click()
    page.locator("#r0-title").fill("Meet every member twice a year")
    page.get_by_role("button", name="Save and show the report").click()
    expect(page.locator("#recommendations")).to_contain_text("1. Meet every member twice a year")

    flow.report_release(user=people.secretariat, version=engagement.reports.get())
    log_in(page, base, "man")
    page.goto(f"{base}/engagements/{engagement.pk}/")
    page.get_by_role("link", name="The released report in English", exact=True).click()
    expect(page.locator("#recommendations")).to_contain_text("Meet every member twice a year")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    assert download.value.suggested_filename.startswith("SRB")
