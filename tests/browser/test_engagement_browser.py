"""An engagement clicked through in a real browser, by every role in turn."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from clusterbench.engagements.models import Benchmarking
from clusterbench.interviews.models import Answer, QualitativeEntry
from tests.engagement_fixtures import PASSWORD


@pytest.fixture
def setup(reference_data, framework, cluster, people):
    return people


def log_in(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(
        page.get_by_role("link", name="Log out").or_(page.get_by_role("button", name="Log out"))
    ).to_be_visible()


def workspace_block(page, code):
    return page.locator(f'.answer[data-code="{code}"]')


@pytest.mark.django_db(transaction=True)
class TestAnEngagementFromRequestToClosedInterview:
    def test_every_role_does_its_part(self, page, live_server, setup):
        base = live_server.url
        # The cluster manager requests a benchmarking.
        log_in(page, base, "man")
        page.goto(f"{base}/engagements/")
        page.get_by_role("link", name="Request a benchmarking").click()
        page.get_by_role("button", name="Send the request").click()
        expect(page.locator("#status")).to_have_text("Requested")
        engagement = Benchmarking.objects.get()
        detail = f"{base}/engagements/{engagement.pk}/"

        # The secretariat issues the quote and assigns the expert.
        log_in(page, base, "sec")
        page.goto(detail)
        page.get_by_role("link", name="Issue the quote").click()
        page.get_by_label("Travel (EUR)").fill("320.50")
        page.get_by_label("Accommodation (EUR)").fill("99.99")
        page.get_by_role("button", name="Issue the quote").click()
        expect(page.locator("#quote-total")).to_have_text("2,270.49")
        page.goto(detail)
        expect(page.locator("#status")).to_have_text("Quoted")
        page.get_by_label("Assign an expert").select_option(label="Ed Expert")
        page.get_by_role("button", name="Assign").click()
        expect(page.locator(".facts")).to_contain_text("Ed Expert")

        # The manager accepts the quote and proposes interview times.
        log_in(page, base, "man")
        page.goto(detail)
        page.get_by_role("link", name="Read the quote, then accept or decline it").click()
        expect(page.locator("#vat-note")).to_contain_text("No VAT charged")
        page.get_by_role("button", name="Accept the quote").click()
        expect(page.locator("#irreversible")).to_contain_text("an accepted quote is binding")
        page.get_by_role("button", name="Accept the quote").click()
        expect(page.locator("#status")).to_have_text("Accepted")
        soon = dt.datetime.now() + dt.timedelta(days=10)
        page.get_by_label("First choice").fill(soon.strftime("%Y-%m-%dT09:30"))
        page.get_by_label("Second choice").fill(
            (soon + dt.timedelta(days=2)).strftime("%Y-%m-%dT14:00")
        )
        page.get_by_label("Where").select_option("video")
        page.get_by_label("Address or video call link").fill("https://meet.example/cluster")
        page.get_by_role("button", name="Propose these times").click()
        expect(page.locator(".slots li")).to_have_count(2)

        # The expert confirms the first time.
        log_in(page, base, "exp")
        page.goto(detail)
        page.get_by_role("button", name="Confirm this time").first.click()
        expect(page.locator("#status")).to_have_text("Scheduled")
        expect(page.get_by_role("link", name="Calendar invitation (.ics)")).to_be_visible()

        # The expert fills in answers; each is saved the moment it is entered.
        page.get_by_role("link", name="Open the interview workspace").click()
        page.get_by_label("S1 Committed cluster participants").fill("70")
        page.get_by_label("S1 Committed cluster participants").press("Tab")
        expect(workspace_block(page, "S1").locator(".state")).to_contain_text("Saved")
        page.locator("#v-M2").fill("3.5")
        page.locator("#v-M2").press("Tab")
        expect(page.locator("#derived-M3")).to_have_text("20.00")
        page.locator("#v-S2").fill("12")
        page.locator("#v-S2").press("Tab")
        expect(workspace_block(page, "S2").locator(".error")).to_have_text(
            "S2 (Participant categories represented) must be a whole number from 0 to 8; got 12"
        )

        # Closing with answers missing is refused, with the list.
        page.get_by_role("button", name="Close the interview").click()
        expect(page.locator(".message.error")).to_contain_text("still need an answer")

        # A reload shows what was saved.
        page.reload()
        expect(page.locator("#v-S1")).to_have_value("70")
        expect(page.locator("#answered")).to_have_text("2")

        # Everything else is "not known" (ticked one by one, saved as ticked).
        for code in [
            c
            for c in page.locator(".answer[data-code]").evaluate_all(
                "els => els.map(e => e.dataset.code)"
            )
            if c not in ("S1", "M2")
        ]:
            workspace_block(page, code).locator('input[name="not_known"]').check()
            expect(workspace_block(page, code).locator(".state")).to_contain_text("Saved")
        expect(page.locator("#answered")).to_have_text("34")
        expect(page.locator("#missing")).to_be_hidden()
        # The interview is ten days ahead: closing now needs a reason, then a confirmation.
        page.get_by_role("button", name="Close the interview").click()
        expect(page.locator(".message.error")).to_contain_text("needs a reason")
        page.get_by_label("Closing it now needs a reason").fill("Held earlier by agreement")
        page.get_by_role("button", name="Close the interview").click()
        expect(page.locator("#irreversible")).to_contain_text("the answers become read-only")
        page.get_by_role("button", name="Close the interview").click()
        # Closing drafts the report; the test settings run that task inline.
        expect(page.locator("#status")).to_have_text("Draft ready")
        assert Answer.objects.filter(benchmarking=engagement).count() == 34


@pytest.mark.django_db(transaction=True)
class TestNothingIsLost:
    @pytest.fixture
    def workspace(self, page, live_server, setup, framework, cluster, engagement_at):
        engagement = engagement_at(framework, cluster, setup, "scheduled")
        log_in(page, live_server.url, "exp")
        page.goto(f"{live_server.url}/engagements/{engagement.pk}/interview/")
        return engagement

    def test_a_dropped_connection_keeps_the_answer_and_saves_it_when_back(self, page, workspace):
        page.context.set_offline(True)
        page.locator("#v-S1").fill("81")
        page.locator("#v-S1").press("Tab")
        expect(page.locator("#connection")).to_contain_text("Connection lost")
        expect(workspace_block(page, "S1").locator(".state")).to_contain_text(
            "kept in this browser"
        )
        page.context.set_offline(False)
        page.evaluate("window.dispatchEvent(new Event('online'))")
        expect(workspace_block(page, "S1").locator(".state")).to_contain_text("Saved")
        assert Answer.objects.get(benchmarking=workspace).value == 81

    def test_an_expired_session_keeps_the_answer_and_saves_it_after_logging_in(
        self, page, live_server, workspace
    ):
        page.context.clear_cookies()
        page.locator("#v-S1").fill("82")
        page.locator("#v-S1").press("Tab")
        expect(page.locator("#connection")).to_contain_text("Log in again")
        assert not Answer.objects.exists()
        other_tab = page.context.new_page()
        other_tab.goto(f"{live_server.url}/accounts/login/")
        other_tab.get_by_label("Username").fill("exp")
        other_tab.get_by_label("Password").fill(PASSWORD)
        other_tab.get_by_role("button", name="Log in").click()
        # Closed only once logged in: closing a tab in the middle of its navigation can
        # leave Chromium never answering the close.
        other_tab.wait_for_url(f"{live_server.url}/my-work/")
        other_tab.close()
        page.bring_to_front()
        page.evaluate("window.dispatchEvent(new Event('focus'))")
        expect(workspace_block(page, "S1").locator(".state")).to_contain_text("Saved")
        assert Answer.objects.get().value == 82

    def test_typing_in_a_qualitative_field_saves_it(self, page, workspace):
        story = page.locator('.topic[data-topic="story-1"]')
        story.get_by_label("Title").fill("Shared test bench")
        story.get_by_label("Year").fill("2024")
        story.get_by_label("Year").press("Tab")
        expect(story.locator(".state")).to_contain_text("Saved")
        entry = QualitativeEntry.objects.get(benchmarking=workspace, topic="story-1")
        assert (entry.title, entry.year, entry.version) == ("Shared test bench", 2024, 2)
        story.get_by_label("Title").fill("Line\u0007bell")
        story.get_by_label("Title").press("Tab")
        expect(story.locator(".error")).to_contain_text("control character (U+0007)")
        expect(page.locator("#connection")).to_contain_text("1 answer not saved")

    def test_a_qualitative_field_typed_offline_is_saved_when_back(self, page, workspace):
        page.context.set_offline(True)
        page.locator("#q-strategy").fill("Export first, then skills")
        page.locator("#q-strategy").press("Tab")
        strategy = page.locator('.topic[data-topic="strategy"]')
        expect(strategy.locator(".state")).to_contain_text("kept in this browser")
        page.context.set_offline(False)
        page.evaluate("window.dispatchEvent(new Event('online'))")
        expect(strategy.locator(".state")).to_contain_text("Saved")
        assert QualitativeEntry.objects.get(benchmarking=workspace).text == (
            "Export first, then skills"
        )

    def test_an_answer_typed_before_a_reload_is_restored_and_saved(self, page, workspace):
        page.context.set_offline(True)
        page.locator("#v-S1").fill("83")
        page.locator("#v-S1").press("Tab")
        expect(workspace_block(page, "S1").locator(".state")).to_contain_text(
            "kept in this browser"
        )
        # The save never arrives: blocked before going online, or the page's retry on
        # coming back online could get through first.
        page.route("**/answers/**", lambda route: route.abort())
        page.context.set_offline(False)
        page.reload()
        # Without waiting for a handler still running, which could hold up the page.
        page.unroute_all(behavior="ignoreErrors")
        expect(page.locator("#v-S1")).to_have_value("83")
        page.evaluate("window.dispatchEvent(new Event('focus'))")
        expect(workspace_block(page, "S1").locator(".state")).to_contain_text("Saved")
        assert Answer.objects.get().value == 83

    def test_a_conflict_is_shown_and_the_user_chooses(self, page, workspace, setup):
        from clusterbench.interviews.services import answer_record

        answer_record(benchmarking=workspace, code="S1", raw="50", user=setup.secretariat)
        page.locator("#v-S1").fill("84")
        page.locator("#v-S1").press("Tab")
        conflict = workspace_block(page, "S1").locator(".conflict")
        expect(conflict).to_contain_text("changed this answer")
        expect(conflict).to_contain_text("to 50. Yours: 84")
        conflict.get_by_role("button", name="Use mine").click()
        expect(workspace_block(page, "S1").locator(".state")).to_contain_text("Saved")
        assert Answer.objects.get().value == 84


@pytest.mark.django_db(transaction=True)
class TestSaveFeedback:
    @pytest.fixture
    def workspace(self, page, live_server, setup, framework, cluster, engagement_at):
        engagement = engagement_at(framework, cluster, setup, "scheduled")
        log_in(page, live_server.url, "exp")
        page.goto(f"{live_server.url}/engagements/{engagement.pk}/interview/")
        return engagement

    def test_the_summary_never_says_all_saved_beside_a_field_not_saved(self, page, workspace):
        page.locator("#v-S2").fill("12")  # beyond the 0 to 8 allowed
        page.locator("#v-S2").press("Tab")
        expect(workspace_block(page, "S2").locator(".state")).to_have_text("Not saved")
        expect(page.locator("#v-S2")).to_have_attribute("aria-invalid", "true")
        page.locator("#v-S1").fill("70")
        page.locator("#v-S1").press("Tab")
        expect(workspace_block(page, "S1").locator(".state")).to_contain_text("Saved")
        expect(page.locator("#connection")).to_have_text(
            "1 answer not saved: see the message by the field."
        )
        page.locator("#v-S2").fill("5")
        page.locator("#v-S2").press("Tab")
        expect(page.locator("#connection")).to_have_text("All answers saved.")
        expect(page.locator("#v-S2")).not_to_have_attribute("aria-invalid", "true")

    def test_the_missing_list_follows_the_answers(self, page, workspace):
        expect(page.locator("#missing-count")).to_have_text("34")
        page.locator("#v-S1").fill("70")
        page.locator("#v-S1").press("Tab")
        expect(page.locator("#missing-count")).to_have_text("33")
        expect(page.locator("#ready")).to_have_text("1")
        expect(page.locator("#answered")).to_have_text("1")

    def test_not_known_keeps_the_typed_value_to_come_back_to(self, page, workspace):
        block = workspace_block(page, "S1")
        page.locator("#v-S1").fill("70")
        with page.expect_response(lambda r: "/answers/S1/" in r.url) as saved:
            page.locator("#v-S1").press("Tab")
        assert saved.value.ok
        with page.expect_response(lambda r: "/answers/S1/" in r.url) as saved:
            block.locator('input[name="not_known"]').check()
        assert saved.value.ok
        assert Answer.objects.get(benchmarking=workspace).not_known
        expect(page.locator("#v-S1")).to_have_value("70")
        expect(page.locator("#v-S1")).to_be_disabled()
        expect(block.locator(".not-known-kept")).to_contain_text("Your value 70 is kept here")
        with page.expect_response(lambda r: "/answers/S1/" in r.url) as saved:
            block.locator('input[name="not_known"]').uncheck()
        assert saved.value.ok
        expect(page.locator("#v-S1")).to_be_enabled()
        expect(block.locator(".not-known-kept")).to_be_hidden()
        answer = Answer.objects.get(benchmarking=workspace)
        assert (answer.not_known, answer.value) == (False, 70)
