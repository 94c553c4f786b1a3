"""The public database and certificate verification, as the public sees them."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clusterbench.clusters.models import Country, Portfolio
from clusterbench.clusters.reference_data import reference_data_load
from clusterbench.labels.models import Label
from tests.engagement_fixtures import make_benchmarking, new_cluster


@pytest.mark.django_db(transaction=True)
def test_the_public_searches_the_database_and_verifies_a_certificate(page, live_server, framework):
    reference_data_load(Country, Portfolio)  # emptied by earlier transactional tests
    belgrade = new_cluster("Кластер Београд", "RS")
    make_benchmarking(framework, belgrade, dt.date(2025, 3, 1))
    make_benchmarking(framework, new_cluster("Zlín Food", "CZ", "food"), dt.date(2025, 3, 1))
    Label.objects.create(
        cluster=belgrade,
        level="bronze",
        certificate_id="SRB0012025",
        valid_from=dt.date(2025, 3, 1),
        valid_until=timezone.localdate() + dt.timedelta(days=400),
    )

    page.goto(live_server.url)
    page.get_by_role("link", name="Benchmarked clusters").click()
    expect(page.locator(".headline")).to_have_text("2 cluster organisations from 2 countries")
    page.get_by_label("Name").fill("beograd")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#clusters tbody tr")).to_have_count(1)
    page.get_by_role("link", name="Кластер Београд").click()
    expect(page.get_by_role("img")).to_be_visible()
    page.get_by_role("link", name="SRB0012025", exact=True).click()
    expect(page.locator("#verdict")).to_contain_text("is valid until")
    page.goto(f"{live_server.url}/verify/NOSUCH0001/")
    expect(page.locator("#verdict")).to_contain_text("No certificate")


# Where a label is drawn against its control: right above it, or just before it on its line.
LABEL_BESIDE_CONTROL = """form => [...form.querySelectorAll('label[for]')].map(label => {
  const control = document.getElementById(label.htmlFor).getBoundingClientRect();
  const box = label.getBoundingClientRect();
  const above = box.bottom <= control.top + 1 && control.top - box.bottom <= 8
    && box.left < control.right && control.left < box.right;
  const before = box.top < control.bottom && control.top < box.bottom
    && control.left - box.right >= 0 && control.left - box.right <= 16;
  return above || before ? null : label.textContent;
}).filter(Boolean)"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1366])
def test_each_filter_label_sits_by_its_control(page, live_server, framework, width):
    reference_data_load(Country, Portfolio)  # emptied by earlier transactional tests
    make_benchmarking(framework, new_cluster("Кластер Београд", "RS"), dt.date(2025, 3, 1))
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/database/")
    for form in ("form.filters", "form.verify-box"):
        assert page.locator(form).evaluate(LABEL_BESIDE_CONTROL) == [], form
