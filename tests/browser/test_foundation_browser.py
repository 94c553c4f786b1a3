import pytest
from playwright.sync_api import expect

from clusterbench.clusters.models import Country, Portfolio
from clusterbench.clusters.reference_data import reference_data_load
from clusterbench.demo.services import demo_accounts_create, demo_population_create


@pytest.fixture
def demo(framework):
    # Transactional tests empty the database afterwards, reference data included.
    reference_data_load(Country, Portfolio)
    demo_population_create(framework=framework)
    return {account.username: account for account in demo_accounts_create()}


@pytest.mark.django_db(transaction=True)
class TestANewcomerFindsAWorkingPlatform:
    def test_the_home_page_shows_the_headline_and_the_synthetic_mark(self, page, live_server, demo):
        page.goto(live_server.url)
        headline = page.locator(".headline")
        assert headline.inner_text() == (
            "936 cluster organisations from 41 countries have been benchmarked."
        )
        assert "synthetic" in page.locator(".synthetic-banner").inner_text()

    def test_the_secretariat_logs_in_and_finds_the_clusters_in_the_admin(
        self, page, live_server, demo
    ):
        page.goto(live_server.url)
        page.get_by_role("link", name="Log in").click()
        page.get_by_label("Username").fill("secretariat")
        page.get_by_label("Password").fill(demo["secretariat"].password)
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("link", name="Administration").click()
        page.get_by_role("link", name="Cluster organisations").click()
        assert "936 cluster organisations" in page.locator("#changelist-form").inner_text()
        page.get_by_role("textbox", name="Search").fill("Београд")
        page.keyboard.press("Enter")
        expect(page.locator("#result_list")).to_contain_text("Belgrade")
        expect(page.locator("#result_list")).not_to_contain_text("Hesse")

    def test_a_wrong_password_is_refused_with_a_message(self, page, live_server, demo):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill("secretariat")
        page.get_by_label("Password").fill("wrong")
        page.get_by_role("button", name="Log in").click()
        assert "Please enter a correct username and password" in page.content()
