"""Every page of every role, as a newcomer meets it on a phone (390 px) and a laptop
(1366 px): nothing wider than the screen, no serious or critical accessibility violation
(axe-core, from the axe-playwright-python package), and each role's home lists its work.

Lean on purpose: the demonstration is built once for the module and served by one live
server; each role logs in once and goes through its pages.
"""

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.test.utils import override_settings, setup_databases, teardown_databases
from playwright.sync_api import expect

PASSWORDS = {
    "secretariat": "secretariat-demo",
    "expert": "expert-demo",
    "manager": "manager-demo",
    "coordinator": "coordinator-demo",
    "auditor": "auditor-demo",
    "manager2": "manager2-demo",
}
axe = Axe()


def _is_test_database(connection) -> bool:
    return Path(str(connection.settings_dict["NAME"])).name.startswith("test_")


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The demonstration (population, accounts, engagements in every step, labels, group
    bids) and a live server, for the whole module. Built outside any test transaction so
    the server sees it; the tests read it too (the database stays unblocked while the
    module runs); emptied again at the end, back to the state after migrating."""
    from django.db import connection
    from pytest_django.live_server_helper import LiveServer

    from clusterbench.clusters.models import Country, Portfolio
    from clusterbench.clusters.reference_data import reference_data_load
    from clusterbench.demo import services as demo
    from clusterbench.demo.ladder import demo_ladder_accounts, demo_ladder_create
    from clusterbench.methodology.loader import bundled_framework_files, framework_load

    media = tempfile.TemporaryDirectory()
    overridden = override_settings(
        MEDIA_ROOT=media.name,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    )
    overridden.enable()
    # The tests of this module use no database marker (a test transaction would hold
    # SQLite's write lock against the server), so pytest-django sets up the test database
    # only when other tests need it: alone, this module sets it up itself.
    with django_db_blocker.unblock():
        own_test_database = None
        if not _is_test_database(connection):
            own_test_database = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        # Never build on, or empty, anything but a test database.
        assert _is_test_database(connection), connection.settings_dict["NAME"]
        reference_data_load(Country, Portfolio)
        framework, _ = framework_load(path=bundled_framework_files()[0])
        demo.demo_population_create(framework=framework)
        demo.demo_accounts_create()
        demo.demo_labels_create()
        demo.demo_engagements_create()
        demo.demo_group_bids_create()
        demo_ladder_accounts()
        demo_ladder_create()
        _tokens_made()
        server = LiveServer("localhost:0")
        try:
            yield {"url": server.url, "pages": _pages()}
        finally:
            server.stop()
            # Back to the state after migrating: empty, with the reference data.
            call_command("flush", verbosity=0, interactive=False)
            reference_data_load(Country, Portfolio)
            if own_test_database is not None:
                teardown_databases(own_test_database, verbosity=0)
            overridden.disable()
            media.cleanup()


def _tokens_made() -> None:
    """A personal API token for each account, so that its tokens page shows the table."""
    from clusterbench.accounts.models import User
    from clusterbench.accounts.tokens import token_create

    for user in User.objects.filter(username__in=PASSWORDS):
        token_create(user=user, name="Spreadsheet of the network's figures, refreshed weekly")


def _pages() -> dict[str, list[str]]:
    """Each role's pages, from the demonstration's own engagements, groups and labels."""
    from clusterbench.accounts.models import User
    from clusterbench.engagements.models import Benchmarking, GroupBid
    from clusterbench.engagements.permissions import engagements_for
    from clusterbench.labels.models import Label

    S = Benchmarking.Status
    users = {u.username: u for u in User.objects.filter(username__in=PASSWORDS)}
    valid = (
        Label.objects.filter(revoked_at__isnull=True, valid_until__gte=dt.date.today()).first()
        or Label.objects.first()
    )
    revoked = Label.objects.filter(revoked_at__isnull=False).first()
    labelled = valid.cluster_id
    public = [
        "/",
        "/database/",
        "/database/?q=beograd&sort=label",
        f"/clusters/{labelled}/",
        f"/verify/{valid.certificate_id}/",
        f"/verify/{revoked.certificate_id}/",
        "/verify/NOSUCH000000/",
        "/verify/?certificate=",
    ]

    def engagement_pages(user) -> list[str]:
        """The pages of one engagement in each step the user sees (the same step gives the
        same page shape; the historical population's released records are left out)."""
        urls, steps = [], set()
        for e in engagements_for(user).exclude(status=S.RELEASED, reports__isnull=True):
            if e.status in steps:
                continue
            steps.add(e.status)
            urls.append(f"/engagements/{e.pk}/")
            if e.status in (S.ACCEPTED, S.SCHEDULED, S.INTERVIEWED):
                urls.append(f"/engagements/{e.pk}/interview/")
            if e.reports.exists() and (e.status == S.RELEASED or user.role != "cluster_manager"):
                urls.append(f"/engagements/{e.pk}/report/")
            if e.status == S.IN_REVIEW and user.role != "cluster_manager":
                urls.append(f"/engagements/{e.pk}/report/edit/")
            if e.quotes.exists() and user.role in ("secretariat", "cluster_manager"):
                urls.append(f"/engagements/{e.pk}/quote/")
        return urls

    from clusterbench.audits.models import Application

    silver = Application.objects.get(level="silver")
    gold = Application.objects.get(level="gold", status="scheduled")
    gold_ready = users["manager"].clusters.order_by("-name_en").first()
    secretariat = users["secretariat"]
    in_review = Benchmarking.objects.filter(status=S.IN_REVIEW).first()
    network = users["coordinator"].network_id
    group_pages = [f"/networks/{network}/groups/{g.pk}/" for g in GroupBid.objects.all()]
    return {
        "anonymous": [*public, "/accounts/login/"],
        "secretariat": [
            "/my-work/",
            "/engagements/",
            *engagement_pages(secretariat),
            f"/engagements/{in_review.pk}/audit/",
            "/benchmarkings/",
            f"/benchmarkings/{in_review.pk}/analysis/",
            "/networks/",
            f"/networks/{network}/",
            *group_pages,
            f"/clusters/{labelled}/",
            f"/labels/{valid.certificate_id}/revoke/",
            "/ladder/",
            f"/ladder/{silver.pk}/",
            f"/ladder/{gold.pk}/",
            f"/ladder/{gold.pk}/self-assessment/",
            "/accounts/tokens/",
        ],
        "expert": [
            "/my-work/",
            "/engagements/",
            *engagement_pages(users["expert"]),
            "/engagements/conflicts/",
            "/accounts/tokens/",
        ],
        "manager": [
            "/my-work/",
            "/engagements/",
            *engagement_pages(users["manager"]),
            "/engagements/request/",
            "/ladder/",
            f"/ladder/silver/{gold_ready.pk}/",
            "/accounts/tokens/",
        ],
        "coordinator": [
            "/my-work/",
            f"/networks/{network}/",
            f"/networks/{network}/groups/new/",
            f"/networks/{network}/groups/new/?filter=sofia",
            *group_pages,
            "/accounts/tokens/",
        ],
        # The Silver and Gold steps: the auditor's findings and agreed scores, the
        # applicant's self-assessment.
        "auditor": [
            "/my-work/",
            "/ladder/",
            f"/ladder/{silver.pk}/",
            f"/ladder/{gold.pk}/",
            f"/ladder/{gold.pk}/reconcile/",
            "/accounts/tokens/",
        ],
        "manager2": [
            "/my-work/",
            "/ladder/",
            f"/ladder/{silver.pk}/",
            f"/ladder/{gold.pk}/",
            f"/ladder/{gold.pk}/self-assessment/",
            "/accounts/tokens/",
        ],
    }


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORDS[username])
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/my-work/")


def too_wide(page, path: str, width: int) -> list[str]:
    scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    if scroll_width > page.evaluate("innerWidth"):
        return [f"{path} at {width} px is {scroll_width} px wide"]
    return []


def problems_of(page, path: str, width: int) -> list[str]:
    """What is wrong with the page as shown: too wide, or serious accessibility faults."""
    problems = too_wide(page, path, width)
    for violation in axe.run(page).response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [node["target"] for node in violation["nodes"][:3]]
            problems.append(
                f"{path} at {width} px: {violation['id']} ({violation['impact']}) {targets}"
            )
    return problems


def check_pages(browser, site, role: str) -> list[str]:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        if role in PASSWORDS:
            log_in(page, site["url"], role)
        problems = []
        for n, path in enumerate(site["pages"][role]):
            # Loaded once at 1366 px, where every part is shown, for the accessibility
            # check; then the same page reflowed to 390 px (and checked again for the
            # first page, where the phone's collapsed menu is).
            page.set_viewport_size({"width": 1366, "height": 900})
            response = page.goto(site["url"] + path)
            assert response is not None
            if response.status >= 500:
                problems.append(f"{path}: status {response.status}")
                continue
            problems += problems_of(page, path, 1366)
            page.set_viewport_size({"width": 390, "height": 900})
            problems += problems_of(page, path, 390) if n == 0 else too_wide(page, path, 390)
        return problems
    finally:
        context.close()


@pytest.mark.parametrize(
    "role", ["anonymous", "secretariat", "expert", "manager", "coordinator", "auditor", "manager2"]
)
def test_every_page_fits_the_screen_and_has_no_serious_accessibility_fault(browser, site, role):
    problems = check_pages(browser, site, role)
    assert not problems, "\n".join(problems)


HOMES = {
    "secretariat": ["Overdue", "Quotes to issue", "Reports to release"],
    "expert": ["Interview times to confirm", "Interviews to hold", "Drafts to review"],
    "manager": ["Quotes to accept", "Released reports"],
    "coordinator": ["Your group bids", "Western Balkans and Black Sea 2027", "Danube clusters"],
}


@pytest.mark.parametrize("role", list(HOMES))
def test_each_role_lands_on_its_home_listing_its_work(browser, site, role):
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    try:
        log_in(page, site["url"], role)
        for text in HOMES[role]:
            expect(page.locator("#work")).to_contain_text(text)
        # On a phone the menu is collapsed, opens on a tap, and Log out is on the screen.
        log_out = page.get_by_role("button", name="Log out")
        expect(log_out).to_be_hidden()
        page.get_by_text("Menu").click()
        expect(log_out).to_be_in_viewport()
    finally:
        context.close()


def test_confirmation_pages_fit_and_are_accessible(browser, site):
    """A confirmation page is the answer to a POST: reached by clicking, checked like the rest."""
    from clusterbench.engagements.models import Benchmarking

    in_review = Benchmarking.objects.filter(status=Benchmarking.Status.IN_REVIEW).first()
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    try:
        log_in(page, site["url"], "secretariat")
        page.goto(f"{site['url']}/engagements/{in_review.pk}/report/")
        page.get_by_role("button", name="Release this report").click()
        expect(page.locator("#irreversible")).to_contain_text("This cannot be undone")
        assert not problems_of(page, "release confirmation", 390)
        page.get_by_role("link", name="No, go back").click()
        expect(page.get_by_role("button", name="Release this report")).to_be_visible()
        assert (
            not Benchmarking.objects.get(pk=in_review.pk).reports.filter(status="released").exists()
        )
    finally:
        context.close()
