"""Long text in the quote's PDF: a cluster's names and address as long as its registration
allows, and a group bid's name as long as its form allows, with runs longer than a line
without a space (a token, a URL), all reach the page, inside its text area, on one page.
The report's check (tests/test_report_long_text.py) read the same way."""

import pytest

from clusterbench.clusters.services import cluster_create
from clusterbench.engagements import workflow
from clusterbench.engagements.models import GroupBid
from clusterbench.offers import quotes
from clusterbench.offers.quote_document import quote_pdf
from tests.test_report_long_text import MM, PAGE_HEIGHT, PAGE_WIDTH, SLACK, pages_words, text_of

MARGIN_X, MARGIN_Y = 22 * MM, 20 * MM  # quote.typ's margins


def token(prefix: str, length: int) -> str:
    """A run without a space of exactly length characters, every part distinct, ending in
    END so that a lost end is noticed."""
    run = "".join(f"{prefix}{i:03d}" for i in range(length))
    return run[: length - 3] + "END"


def words(prefix: str, length: int) -> str:
    """Distinct words separated by spaces, exactly length characters."""
    text = " ".join(f"{prefix}{i:03d}" for i in range(length))[:length]
    return text.rstrip() + "x" * (length - len(text.rstrip()))


# The longest each field takes (clusters/models.py, offers/groups.py): the own name and
# the group's name in one run, the English name and the address in words and a long run.
NAME = token("own", 200)
NAME_EN = words("en", 120) + " " + token("eng", 79)
ADDRESS = words("street", 150) + " " + token("https://addr.example/", 149)
GROUP = token("grp", 200)


@pytest.fixture
def long_quote_pdf(framework, people):
    cluster = cluster_create(
        name=NAME,
        name_en=NAME_EN,
        country_code="HR",
        portfolio_slug="ict",
        time_zone="Europe/Zagreb",
        address=ADDRESS,
    )
    people.manager.clusters.add(cluster)
    engagement = workflow.engagement_request(user=people.manager, cluster=cluster)
    quote = quotes.quote_issue(
        user=people.secretariat,
        benchmarking=engagement,
        travel="1320.50",
        client_vat_number="HR12345678901",
    )
    quote.group_bid = GroupBid(name=GROUP)  # shown in the engagement's sentence
    return quote_pdf(quote, quotes.price_list_current())


def footer_words() -> set[str]:
    supplier = quotes.price_list_current().supplier
    return set(f"{supplier.name} · VAT {supplier.vat_number} · {supplier.email}".split())


def test_the_longest_names_and_address_are_in_the_pdf_as_written(long_quote_pdf):
    joined = "".join(text_of(long_quote_pdf).split())
    for text in (NAME, NAME_EN, ADDRESS, GROUP):
        assert "".join(text.split()) in joined, text[:20]


def test_every_word_of_the_address_and_names_is_in_the_pdf(long_quote_pdf):
    found = set(text_of(long_quote_pdf).split())
    expected = [word for text in (NAME_EN, ADDRESS) for word in text.split()[:-1]]
    assert [word for word in expected if word not in found] == []


def test_no_text_runs_past_the_text_area_and_the_quote_stays_on_one_page(long_quote_pdf):
    pages = pages_words(long_quote_pdf)
    assert len(pages) == 1
    footer = footer_words()
    for x0, _y0, x1, y1, word in pages[0]:
        if word in footer and y1 > PAGE_HEIGHT - MARGIN_Y:
            continue  # the footer, in the bottom margin
        assert x0 >= MARGIN_X - SLACK and x1 <= PAGE_WIDTH - MARGIN_X + SLACK, word
        assert y1 <= PAGE_HEIGHT - MARGIN_Y + SLACK, word
