"""Quotes: issued by the secretariat, accepted or declined by the cluster's manager."""

import datetime as dt
import io
from decimal import Decimal

import pypdf
import pytest
from django.utils import timezone

from clusterbench.engagements import workflow
from clusterbench.engagements.models import Benchmarking
from clusterbench.errors import StepRefused
from clusterbench.offers import quotes
from clusterbench.offers.models import Quote
from tests.engagement_fixtures import PASSWORD

S = Benchmarking.Status
D = Decimal


@pytest.fixture
def requested(framework, cluster, people):
    return workflow.engagement_request(user=people.manager, cluster=cluster)


def issue(engagement, people, **fields):
    return quotes.quote_issue(user=people.secretariat, benchmarking=engagement, **fields)


def status_of(engagement):
    return Benchmarking.objects.get(pk=engagement.pk).status


class TestIssuing:
    def test_the_secretariat_issues_a_numbered_quote_valid_for_30_days(self, requested, people):
        quote = issue(requested, people, travel="420", accommodation="190.50")
        today = timezone.localdate()
        assert quote.number == f"Q-{today.year}-{requested.pk:04d}-1"
        assert quote.issued_on == today
        assert quote.valid_until == today + dt.timedelta(days=30)
        assert [line.amount for line in quote.lines.all()] == [D("1850"), D("420"), D("190.50")]
        assert quote.total == D("2460.50")  # Serbia: no VAT
        assert quote.vat_note.startswith("No VAT charged")
        assert status_of(requested) == S.QUOTED
        assert requested.events.last().description == (f"Quote {quote.number} issued: 2,460.50 EUR")

    def test_only_the_secretariat_issues_quotes(self, requested, people):
        with pytest.raises(StepRefused, match="Only the secretariat issues quotes"):
            quotes.quote_issue(user=people.manager, benchmarking=requested)
        assert not Quote.objects.exists()

    @pytest.mark.parametrize(
        "fields,message",
        [
            ({"travel": "-20"}, "Travel cannot be negative"),
            ({"accommodation": "lots"}, "Accommodation must be a number such as 12 or 3,5"),
            ({"travel": "10.9999"}, "Travel accepts at most 2 decimal places"),
            ({"currency": "USD"}, "Unknown currency “USD”: quotes are issued in EUR."),
            ({"client_vat_number": "12"}, "“12” is not a VAT identification number"),
        ],
    )
    def test_bad_input_is_refused_and_nothing_is_written(self, requested, people, fields, message):
        with pytest.raises(StepRefused, match=message):
            issue(requested, people, **fields)
        assert not Quote.objects.exists()
        assert status_of(requested) == S.REQUESTED

    def test_a_new_quote_replaces_the_open_one_and_both_are_kept(self, requested, people):
        first = issue(requested, people)
        second = issue(requested, people, travel="200")
        first.refresh_from_db()
        assert first.status == Quote.Status.REPLACED
        assert second.replaces == first and second.status == Quote.Status.ISSUED
        assert second.number.endswith("-2")
        assert "replacing " + first.number in requested.events.last().description

    def test_a_reverse_charged_client_gets_the_note(self, framework, other_cluster, people):
        engagement = workflow.engagement_request(user=people.other_manager, cluster=other_cluster)
        quote = issue(engagement, people, client_vat_number="hr 1234567890-1")
        assert quote.client_vat_number == "HR12345678901"
        assert quote.vat == 0 and "reverse charge" in quote.vat_note

    def test_an_accepted_quote_cannot_be_replaced(self, requested, people):
        quote = issue(requested, people)
        quotes.quote_accept(user=people.manager, quote=quote)
        with pytest.raises(StepRefused, match="Issuing a quote is not possible now"):
            issue(requested, people, travel="1")
        quote.refresh_from_db()
        assert quote.status == Quote.Status.ACCEPTED and quote.total == D("1850.00")


class TestDeciding:
    def test_the_manager_accepts_and_the_engagement_moves_on(self, requested, people):
        quote = quotes.quote_accept(user=people.manager, quote=issue(requested, people))
        assert quote.status == Quote.Status.ACCEPTED and quote.decided_by == people.manager
        assert status_of(requested) == S.ACCEPTED

    def test_another_clusters_manager_cannot_accept(self, requested, people):
        quote = issue(requested, people)
        with pytest.raises(StepRefused, match="Only a manager of the cluster organisation"):
            quotes.quote_accept(user=people.other_manager, quote=quote)
        assert status_of(requested) == S.QUOTED

    def test_an_expired_quote_cannot_be_accepted(self, requested, people):
        quote = issue(requested, people)
        Quote.objects.filter(pk=quote.pk).update(
            issued_on=dt.date(2020, 1, 1), valid_until=dt.date(2020, 1, 31)
        )
        with pytest.raises(StepRefused, match="expired on 31 January 2020; ask the secretariat"):
            quotes.quote_accept(user=people.manager, quote=quote)
        assert Quote.objects.get(pk=quote.pk).status == Quote.Status.ISSUED
        assert status_of(requested) == S.QUOTED

    def test_a_replaced_quote_cannot_be_accepted(self, requested, people):
        first = issue(requested, people)
        second = issue(requested, people)
        with pytest.raises(StepRefused, match=f"it was replaced by {second.number}"):
            quotes.quote_accept(user=people.manager, quote=first)

    def test_declining_needs_a_reason_and_goes_back_to_the_secretariat(self, requested, people):
        quote = issue(requested, people)
        with pytest.raises(StepRefused, match="Say why you decline"):
            quotes.quote_decline(user=people.manager, quote=quote, reason="  ")
        quotes.quote_decline(user=people.manager, quote=quote, reason="Too expensive")
        quote.refresh_from_db()
        assert quote.status == Quote.Status.DECLINED and quote.decline_reason == "Too expensive"
        assert status_of(requested) == S.REQUESTED
        assert (
            requested.events.last().description == f"Quote {quote.number} declined: Too expensive"
        )
        with pytest.raises(StepRefused, match="it is already declined"):
            quotes.quote_accept(user=people.manager, quote=quote)
        # The secretariat answers with a new quote, which points at the declined one.
        again = issue(requested, people)
        assert again.replaces == quote and status_of(requested) == S.QUOTED


class TestQuotePages:
    def test_the_secretariat_issues_from_the_page(self, client, requested, people):
        client.login(username="sec", password=PASSWORD)
        response = client.post(
            f"/engagements/{requested.pk}/quote/",
            {"travel": "1000,10", "accommodation": "", "currency": "EUR"},
        )
        assert response.status_code == 302
        page = client.get(f"/engagements/{requested.pk}/quote/").content.decode()
        assert "2,850.10" in page and "No VAT charged" in page

    def test_a_bad_amount_on_the_page_says_why_and_keeps_what_was_typed(
        self, client, requested, people
    ):
        client.login(username="sec", password=PASSWORD)
        response = client.post(
            f"/engagements/{requested.pk}/quote/", {"travel": "-5", "accommodation": "80"}
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert "Travel cannot be negative; got -5." in page
        assert 'value="80"' in page
        assert not Quote.objects.exists()

    def test_the_manager_accepts_on_the_page(self, client, requested, people):
        quote = issue(requested, people)
        client.login(username="man", password=PASSWORD)
        page = client.get(f"/engagements/{requested.pk}/quote/").content.decode()
        assert "Accept the quote" in page
        url = f"/engagements/{requested.pk}/quote/{quote.pk}/accept/"
        assert "This cannot be undone" in client.post(url).content.decode()  # asked first
        assert status_of(requested) == S.QUOTED
        response = client.post(url, {"confirmed": "yes"})
        assert response.status_code == 302
        assert status_of(requested) == S.ACCEPTED

    def test_the_manager_declines_on_the_page(self, client, requested, people):
        quote = issue(requested, people)
        client.login(username="man", password=PASSWORD)
        client.post(
            f"/engagements/{requested.pk}/quote/{quote.pk}/decline/", {"reason": "Video please"}
        )
        assert Quote.objects.get(pk=quote.pk).decline_reason == "Video please"

    def test_the_pdf_shows_the_lines_and_the_total(self, client, requested, people):
        quote = issue(requested, people, travel="320.50", accommodation="99.99")
        client.login(username="man", password=PASSWORD)
        response = client.get(f"/engagements/{requested.pk}/quote/{quote.pk}/pdf/")
        assert response["Content-Type"] == "application/pdf"
        text = pypdf.PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
        for expected in (quote.number, "1,850.00", "320.50", "99.99", "2,270.49", "Кластер"):
            assert expected in text

    @pytest.mark.parametrize("username", ["exp", "coord", "man2"])
    def test_others_do_not_see_quotes(self, client, requested, people, username):
        quote = issue(requested, people)
        Benchmarking.objects.filter(pk=requested.pk).update(expert=people.expert)
        client.login(username=username, password=PASSWORD)
        assert client.get(f"/engagements/{requested.pk}/quote/").status_code in (403, 404)
        pdf = client.get(f"/engagements/{requested.pk}/quote/{quote.pk}/pdf/")
        assert pdf.status_code in (403, 404)
        client.post(f"/engagements/{requested.pk}/quote/{quote.pk}/accept/")
        assert status_of(requested) == S.QUOTED

    def test_a_quote_of_another_engagement_is_not_found(
        self, client, framework, requested, other_cluster, people
    ):
        theirs = workflow.engagement_request(user=people.other_manager, cluster=other_cluster)
        quote = issue(theirs, people)
        client.login(username="man", password=PASSWORD)
        response = client.post(f"/engagements/{requested.pk}/quote/{quote.pk}/accept/")
        assert response.status_code == 404
        assert status_of(theirs) == S.QUOTED


class TestQuotesInTheAdmin:
    def test_the_secretariat_reads_quotes_but_cannot_change_them(self, client, requested, people):
        quote = issue(requested, people, travel="12")
        client.login(username="sec", password=PASSWORD)
        assert quote.number in client.get("/admin/offers/quote/").content.decode()
        page = client.get(f"/admin/offers/quote/{quote.pk}/change/")
        assert page.status_code == 200 and "12.00" in page.content.decode()
        client.post(f"/admin/offers/quote/{quote.pk}/change/", {"total": "1"})
        assert Quote.objects.get(pk=quote.pk).total == D("1862.00")
        assert client.get("/admin/engagements/groupbid/").status_code == 200
