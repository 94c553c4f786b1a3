"""A cluster manager works in Serbian Cyrillic: switches the language on the page, fills
in the self-assessment with decimal commas and reads the result in Cyrillic; the pages
pass axe-core."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from clusterbench.engagements.models import Benchmarking
from clusterbench.interviews.models import Answer
from clusterbench.languages.transliterate import to_cyrillic
from tests.browser.test_engagement_browser import log_in, workspace_block

axe = Axe()


def serious_faults(page) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}) {[n['target'] for n in v['nodes'][:3]]}"
        for v in axe.run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.django_db(transaction=True)
def test_a_manager_fills_the_self_assessment_in_serbian_cyrillic(
    page, live_server, reference_data, framework, cluster, people, engagement_at
):
    engagement = engagement_at(framework, cluster, people, Benchmarking.Status.ACCEPTED)
    log_in(page, live_server.url, "man")
    page.goto(f"{live_server.url}/engagements/{engagement.pk}/")

    # The switcher at the foot of every page.
    page.get_by_label("Language", exact=True).select_option("sr-cyrl")
    page.get_by_role("button", name="Change language").click()
    expect(page.locator("html")).to_have_attribute("lang", "sr-cyrl")
    expect(page.get_by_role("heading", name=to_cyrillic("Sledeći koraci"))).to_be_visible()
    people.manager.refresh_from_db()
    assert people.manager.language == "sr-cyrl"

    page.get_by_role("link", name=to_cyrillic("Popunite samoprocenu"), exact=False).click()
    expect(page.locator("h1")).to_contain_text(to_cyrillic("Samoprocena"))
    expect(page.locator('.answer[data-code="S1"] .question')).to_have_text(
        to_cyrillic("Koliko posvećenih učesnika klaster ima na dan ovog intervjua?")
    )
    assert serious_faults(page) == []

    # Decimal commas, as written in Serbian.
    for code, typed in (("S3", "42,5"), ("M2", "3,25")):
        page.locator(f"#v-{code}").fill(typed)
        page.locator(f"#v-{code}").press("Tab")
        expect(workspace_block(page, code).locator(".state")).to_contain_text(
            to_cyrillic("Sačuvano u")
        )
    expect(page.locator("#connection")).to_have_text(to_cyrillic("Svi odgovori su sačuvani."))
    # A number with digit-group separators is refused, in Cyrillic.
    page.locator("#v-S1").fill("1.200.000")
    page.locator("#v-S1").press("Tab")
    expect(page.locator("#error-S1")).to_contain_text(to_cyrillic("razdvajače hiljada"))
    page.locator("#v-S1").fill("85")
    page.locator("#v-S1").press("Tab")
    expect(page.locator("#error-S1")).to_have_text("")
    expect(workspace_block(page, "S1").locator(".state")).to_contain_text(to_cyrillic("Sačuvano u"))

    stored = dict(
        Answer.objects.filter(benchmarking=engagement).values_list("indicator__code", "value")
    )
    assert {code: str(value.normalize()) for code, value in stored.items()} == {
        "S3": "42.5",
        "M2": "3.25",
        "S1": "85",
    }

    # The result, read back in Cyrillic: the values as written, the engagement's progress.
    page.reload()
    expect(page.locator("#v-S3")).to_have_value("42,5")
    expect(page.locator("#v-M2")).to_have_value("3,25")
    expect(workspace_block(page, "S3").locator(".state")).to_have_text(
        to_cyrillic("Samoprocena klastera")
    )
    expect(page.locator("#answered")).to_have_text("3")
    page.goto(f"{live_server.url}/engagements/{engagement.pk}/")
    expect(page.locator("dl.facts")).to_contain_text(to_cyrillic("Odgovori"))
    expect(page.locator("dl.facts")).to_contain_text(to_cyrillic("3 od 34"))
    assert serious_faults(page) == []
