"""Every role against every Silver and Gold page and action, including guessed URLs."""

import pytest
from django.utils import timezone

from clusterbench.accounts.services import user_create
from clusterbench.audits import services
from clusterbench.audits.models import Application, GoldScore
from clusterbench.clusters.models import Country
from clusterbench.labels.rules import add_months
from tests.engagement_fixtures import PASSWORD, future, make_benchmarking
from tests.test_permission_matrix import ROLES, login

SEES = {"secretariat", "expert", "manager"}  # the secretariat, the assigned auditor, the manager


@pytest.fixture
def gold(framework, cluster, people):
    """A Gold visit held today, the second auditor from another country; the
    self-assessment not yet submitted."""
    people.expert.country = Country.objects.get(alpha2="RS")
    people.expert.save()
    foreign = user_create(username="aud2", password=PASSWORD, role="expert")
    foreign.country = Country.objects.get(alpha2="HR")
    foreign.save()
    make_benchmarking(framework, cluster, add_months(timezone.localdate(), -2))
    application = services.gold_apply(user=people.manager, cluster=cluster)
    services.auditors_assign(
        user=people.secretariat, application=application, auditors=[people.expert, foreign]
    )
    services.audit_propose(
        user=people.manager,
        application=application,
        starts=[future(20)],
        mode="on_site",
        location="Belgrade",
    )
    services.audit_confirm(user=people.secretariat, slot=application.slots.get())
    Application.objects.filter(pk=application.pk).update(audit_date=timezone.localdate())
    return application


def _only(roles, yes=200, no=404):
    return {r: yes if r in roles else no for r in ROLES[1:]}


PAGES = {
    "list": ("/ladder/", {**_only(set(ROLES[1:])), "coordinator": 404}),
    "detail": ("/ladder/{pk}/", _only(SEES)),
    "invitation": ("/ladder/{pk}/invite.ics", _only(SEES)),
    "self-assessment": ("/ladder/{pk}/self-assessment/", _only(SEES)),
    "scores": ("/ladder/{pk}/scores/", _only(set())),  # no self-assessment yet: nobody scores
    "reconcile": ("/ladder/{pk}/reconcile/", _only(set())),
    "silver form": ("/ladder/silver/{cluster}/", _only({"manager"})),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_pages(client, gold, role, page):
    url, expected = PAGES[page]
    login(client, role)
    response = client.get(url.format(pk=gold.pk, cluster=gold.cluster_id))
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected[role], (page, role)


AUTOSAVE = {
    "secretariat": 403,  # sees the application, but the self-assessment is the cluster's
    "expert": 403,
    "manager": 200,
    "other_expert": 404,
    "other_manager": 404,
    "coordinator": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_autosaving_a_self_assessment_score(client, gold, role):
    login(client, role)
    response = client.post(f"/ladder/{gold.pk}/self-assessment/2.1/", {"score": "4"})
    if role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == AUTOSAVE[role]
    saved = GoldScore.objects.filter(application=gold, kind="self", criterion="2.1").exists()
    assert saved == (role == "manager")


def test_only_the_assigned_auditors_score_once_the_self_assessment_is_in(client, gold, people):
    for indicator in services.ladder_of(gold).gold_indicators:
        services.self_assessment_save(
            user=people.manager, application=gold, code=indicator.code, raw="3"
        )
    Application.objects.filter(pk=gold.pk).update(self_assessment_submitted_at=timezone.now())
    for role, status in [("expert", 200), ("secretariat", 404), ("manager", 404)]:
        login(client, role)
        assert client.get(f"/ladder/{gold.pk}/scores/").status_code == status, role


@pytest.fixture
def silver(framework, cluster, people):
    today = timezone.localdate()
    make_benchmarking(framework, cluster, add_months(today, -20))
    make_benchmarking(framework, cluster, add_months(today, -1))
    areas = [
        {"criterion": code, "weakness": "w", "actions": "a", "evidence": "e"}
        for code in ("2.1", "2.2.3", "4.6.2")
    ]
    return services.silver_apply(user=people.manager, cluster=cluster, areas=areas)


SILVER_SEES = {"secretariat", "manager"}  # no auditor assigned yet
# (action, form data, the roles whose step succeeds); all others are refused or never see it.
ACTIONS = [
    ("assign", lambda people: {"auditor": people.expert.pk}, {"secretariat"}),
    ("decide", lambda people: {"decision": "award", "reason": "x"}, set()),  # not audited
    (
        "propose",
        lambda people: {"start": "2030-01-01T10:00", "mode": "video", "location": "x"},
        set(),  # no auditor yet
    ),
    ("findings", lambda people: {"baseline": "yes"}, set()),
    ("withdraw", lambda people: {"reason": "Not ready yet"}, {"secretariat", "manager"}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action,data,allowed", ACTIONS)
def test_actions(client, silver, people, role, action, data, allowed):
    login(client, role)
    response = client.post(f"/ladder/{silver.pk}/{action}/", data(people))
    changed = Application.objects.get(pk=silver.pk).status != silver.status
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role in allowed:
        assert response.status_code == 302  # back to the application, with a message
    elif role in SILVER_SEES:
        assert response.status_code == 400  # the page again, with why and what was typed
    else:
        assert response.status_code == 404  # a guessed URL reveals nothing
    assert changed == (role in allowed)


def test_gold_application_is_the_managers_alone(client, cluster, people):
    for role in ("other_manager", "secretariat", "expert"):
        login(client, role)
        assert client.post(f"/ladder/gold/{cluster.pk}/").status_code == 404
    assert not Application.objects.exists()


def test_actions_only_accept_post_and_unknown_ones_are_404(client, silver):
    login(client, "secretariat")
    assert client.get(f"/ladder/{silver.pk}/assign/").status_code == 405
    assert client.post(f"/ladder/{silver.pk}/explode/").status_code == 404
    assert client.post(f"/ladder/{silver.pk}/assign/", {"auditor": "x"}).status_code == 400


ODD_IDS = ["²", "١٢", "99999999999999999999999", "-1", "1e3", "0"]


@pytest.mark.parametrize("raw", ODD_IDS)
def test_an_odd_auditor_id_is_refused_with_a_message(client, silver, raw):
    login(client, "secretariat")
    response = client.post(f"/ladder/{silver.pk}/assign/", {"auditor": raw}, follow=True)
    assert response.status_code in (200, 400)
    assert "Choose the auditors from the list." in response.text
    assert Application.objects.get(pk=silver.pk).status == "applied"


@pytest.mark.parametrize("raw", [*ODD_IDS, " "])
def test_an_odd_slot_id_is_refused_with_a_message(client, silver, people, raw):
    services.auditors_assign(user=people.secretariat, application=silver, auditors=[people.expert])
    services.audit_propose(
        user=people.manager, application=silver, starts=[future(5)], mode="video", location="x"
    )
    login(client, "secretariat")
    response = client.post(f"/ladder/{silver.pk}/confirm/", {"slot": raw}, follow=True)
    assert response.status_code in (200, 400)
    assert "Choose one of the proposed times." in response.text
    assert Application.objects.get(pk=silver.pk).status == "assigned"


def test_an_auditor_chosen_twice_is_one_auditor(client, silver, people):
    login(client, "secretariat")
    pk = str(people.expert.pk)
    client.post(f"/ladder/{silver.pk}/assign/", {"auditor": [pk, pk]})
    silver.refresh_from_db()
    assert silver.status == "assigned"
    assert list(silver.assignments.values_list("auditor", flat=True)) == [people.expert.pk]


def test_a_gold_auditor_chosen_twice_is_refused_by_name(client, gold, people):
    Application.objects.filter(pk=gold.pk).update(status="assigned", audit_date=None)
    login(client, "secretariat")
    pk = str(people.expert.pk)
    response = client.post(f"/ladder/{gold.pk}/assign/", {"auditor": [pk, pk]}, follow=True)
    assert "Ed Expert is chosen twice" in response.text
    assert gold.assignments.count() == 2  # the earlier pair stays


UNAVAILABLE = "The rules of the Silver and Gold Labels cannot be read"


def test_without_a_framework_the_ladder_says_so_instead_of_failing(client, people, cluster):
    login(client, "manager")
    listing = client.get("/ladder/")
    assert listing.status_code == 200
    assert "No methodology framework is loaded" in listing.text
    assert "Apply for the Silver Label" not in listing.text
    silver = client.get(f"/ladder/silver/{cluster.pk}/")
    assert silver.status_code == 503 and UNAVAILABLE in silver.text
    gold = client.post(f"/ladder/gold/{cluster.pk}/")
    assert gold.status_code == 503 and UNAVAILABLE in gold.text
    assert not Application.objects.exists()


@pytest.fixture
def no_ladder_file(monkeypatch, tmp_path):
    from clusterbench.methodology import ladder

    monkeypatch.setattr(ladder, "LADDER_DIR", tmp_path)
    ladder.ladder_rules.cache_clear()
    yield
    monkeypatch.undo()
    ladder.ladder_rules.cache_clear()


def test_without_a_ladder_file_every_ladder_page_says_so(client, gold, people, no_ladder_file):
    login(client, "manager")
    listing = client.get("/ladder/")
    assert listing.status_code == 200
    assert "No ladder file for framework 2026.1" in listing.text
    for url in (f"/ladder/{gold.pk}/", f"/ladder/{gold.pk}/self-assessment/"):
        page = client.get(url)
        assert page.status_code == 503 and UNAVAILABLE in page.text, url
    saved = client.post(f"/ladder/{gold.pk}/self-assessment/2.1/", {"score": "4"})
    assert saved.status_code == 503 and UNAVAILABLE in saved.json()["error"]
    Application.objects.filter(pk=gold.pk).update(self_assessment_submitted_at=timezone.now())
    login(client, "expert")
    assert client.get(f"/ladder/{gold.pk}/scores/").status_code == 503
    login(client, "secretariat")
    assert client.get(f"/ladder/{gold.pk}/").status_code == 503
