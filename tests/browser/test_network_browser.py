"""A group bid clicked through in a real browser: the coordinator forms the group and
reads the network brief, the secretariat quotes a member, its manager accepts."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from clusterbench.accounts.services import user_create
from clusterbench.engagements.models import Benchmarking
from tests.browser.test_engagement_browser import log_in
from tests.engagement_fixtures import PASSWORD, make_benchmarking, new_cluster


@pytest.fixture
def setup(reference_data, framework, people):
    members = []
    for i in range(5):
        cluster = new_cluster(f"Member {i}", country="RS")
        make_benchmarking(framework, cluster, dt.date(2025, 5, 1), S1=100 + i)
        members.append(cluster)
    for i in range(5):
        make_benchmarking(framework, new_cluster(f"Outsider {i}"), dt.date(2025, 5, 1))
    people.network.members.add(*members)
    user_create(
        username="member0", password=PASSWORD, role="cluster_manager", clusters=[members[0]]
    )
    return members


@pytest.mark.django_db(transaction=True)
class TestAGroupBid:
    def test_from_the_group_to_an_accepted_discounted_quote(self, page, live_server, setup):
        base = live_server.url
        log_in(page, base, "coord")
        page.get_by_role("link", name="My network").click()
        expect(page.locator("#network-results")).to_contain_text("Where the network is strongest")
        with page.expect_download() as download:
            page.get_by_role("link", name="Download the brief (PDF)").click()
        assert download.value.suggested_filename.endswith("-brief.pdf")
        with page.expect_download() as download:
            page.get_by_role("link", name="Download the figures (CSV)").click()
        assert download.value.suggested_filename.endswith("-brief.csv")

        page.get_by_role("link", name="Form a group").click()
        page.get_by_label("Name of the group").fill("Serbia 2027")
        for i in range(4):
            page.get_by_label(f"Member {i}").check()
        page.get_by_role("button", name="Form the group").click()
        page.get_by_role("button", name="Ask for the group bid").click()
        expect(page.locator(".message.error")).to_contain_text("Add 1 more.")
        page.get_by_label("Add a member").select_option(label="Member 4 (Serbia)")
        page.get_by_role("button", name="Add").click()
        page.get_by_role("button", name="Ask for the group bid").click()
        expect(page.locator("#group-members")).to_contain_text("Requested")
        engagement = Benchmarking.objects.get(cluster=setup[0], group_bid__isnull=False)

        log_in(page, base, "sec")
        page.goto(f"{base}/engagements/{engagement.pk}/quote/")
        page.get_by_label("Travel (EUR)").fill("100")
        page.get_by_role("button", name="Issue the quote").click()
        expect(page.locator("#quote-lines")).to_contain_text("Group bid discount")
        expect(page.locator("#quote-total")).to_have_text("1,765.00")

        log_in(page, base, "member0")
        page.goto(f"{base}/engagements/{engagement.pk}/")
        page.get_by_role("link", name="Read the quote, then accept or decline it").click()
        page.get_by_role("button", name="Accept the quote").click()
        expect(page.locator("#irreversible")).to_contain_text("an accepted quote is binding")
        page.get_by_role("button", name="Accept the quote").click()
        expect(page.locator("#status")).to_have_text("Accepted")

        log_in(page, base, "coord")
        page.get_by_role("link", name="My network").click()
        page.get_by_role("link", name="Serbia 2027").click()
        expect(page.locator("#group-members")).to_contain_text("1,765.00 EUR, accepted")


# Each text of the brief's radar as drawn: its size in pixels against the page's own text.
RADAR_TEXT = """() => {
  const svg = document.querySelector('#network-results figure svg');
  const scale = svg.getScreenCTM().a;
  const page = parseFloat(getComputedStyle(document.querySelector('main p')).fontSize);
  return [...svg.querySelectorAll('text')].map(text => ({
    text: text.textContent, ratio: parseFloat(text.getAttribute('font-size')) * scale / page,
  }));
}"""


@pytest.mark.django_db(transaction=True)
def test_the_radars_text_reads_about_as_large_as_the_page(page, live_server, setup, people):
    """Its area names and legend at least four fifths of the page's text, its scale's
    numbers three fifths, on a phone and on a laptop."""
    log_in(page, live_server.url, "coord")
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/networks/{people.network.pk}/")
        texts = page.evaluate(RADAR_TEXT)
        words = [t for t in texts if not t["text"].isdigit()]
        numbers = [t for t in texts if t["text"].isdigit()]
        assert len(words) >= 8 and len(numbers) == 4
        assert [t for t in words if t["ratio"] < 0.8] == [], width
        assert [t for t in numbers if t["ratio"] < 0.6] == [], width
