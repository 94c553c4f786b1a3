"""Silver and Gold clicked through in a real browser: apply, audit, decide, download the
certificate. The audit's day is moved to today in between (it cannot be waited for)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clusterbench.audits import services
from clusterbench.audits.models import Application
from clusterbench.clusters.models import Country
from clusterbench.labels.rules import add_months
from tests.browser.test_engagement_browser import log_in
from tests.engagement_fixtures import future, make_benchmarking


def _audit_today():
    Application.objects.update(audit_date=timezone.localdate())


def _download_certificate(page, base, application):
    log_in(page, base, "man")
    page.goto(f"{base}/ladder/{application.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Certificate (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"


@pytest.fixture
def auditors(reference_data, framework, cluster, people):
    people.expert.country = Country.objects.get(alpha2="RS")
    people.expert.save()
    people.other_expert.country = Country.objects.get(alpha2="HR")
    people.other_expert.first_name, people.other_expert.last_name = "Ivana", "Horvat"
    people.other_expert.save()
    return people


@pytest.mark.django_db(transaction=True)
def test_silver_apply_audit_decide_and_download(page, live_server, auditors, framework, cluster):
    people, base = auditors, live_server.url
    today = timezone.localdate()
    make_benchmarking(framework, cluster, add_months(today, -20))
    make_benchmarking(framework, cluster, add_months(today, -1))

    # The manager applies, starting from the previous report's weaknesses.
    log_in(page, base, "man")
    page.goto(f"{base}/ladder/")
    page.get_by_role("link", name="Apply for the Silver Label").click()
    for n in (1, 2, 3):
        expect(page.locator(f"#criterion{n}")).not_to_have_value("")  # suggested
        page.locator(f"#actions{n}").fill(f"Action plan {n} carried out")
        page.locator(f"#evidence{n}").fill(f"Board minutes {n}")
    page.get_by_role("button", name="Apply for the Silver Label").click()
    expect(page.locator("#status")).to_have_text("Applied")
    application = Application.objects.get()
    detail = f"{base}/ladder/{application.pk}/"

    # The secretariat assigns the auditor; the manager proposes; the auditor confirms.
    log_in(page, base, "sec")
    page.goto(detail)
    page.get_by_label("Auditor").select_option(str(people.expert.pk))
    page.get_by_role("button", name="Assign").click()
    expect(page.locator("#status")).to_have_text("Auditors assigned")
    log_in(page, base, "man")
    page.goto(detail)
    page.get_by_label("First choice").fill(future(7).strftime("%Y-%m-%dT09:00"))
    page.get_by_label("Where").select_option("video")
    page.get_by_label("Address or video call link").fill("https://meet.example/silver")
    page.get_by_role("button", name="Propose these times").click()
    log_in(page, base, "exp")
    page.goto(detail)
    page.get_by_role("button", name="Confirm this time").click()
    expect(page.locator("#status")).to_have_text("Audit scheduled")
    expect(page.get_by_role("link", name="Calendar invitation (.ics)")).to_be_visible()

    # The audit is held: the auditor records a finding per area and the baseline check.
    _audit_today()
    page.goto(detail)
    for n in (1, 2, 3):
        page.locator(f'input[name="validated{n}"][value="yes"]').check()
        page.locator(f"#finding{n}").fill(f"Seen on site: {n}")
    page.locator('input[name="baseline"][value="yes"]').check()
    page.locator("#baseline_note").fill("0.8 FTE, 70 members, English website")
    page.get_by_role("button", name="Record the findings").click()
    expect(page.locator("#status")).to_have_text("Audited")

    # The secretariat awards; the manager downloads the certificate.
    log_in(page, base, "sec")
    page.goto(detail)
    page.locator('input[name="decision"][value="award"]').check()
    page.locator("#reason").fill("All three improvement areas validated.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#status")).to_have_text("Awarded")
    _download_certificate(page, base, application)


@pytest.mark.django_db(transaction=True)
def test_gold_apply_score_reconcile_decide_and_download(
    page, live_server, auditors, framework, cluster
):
    people, base = auditors, live_server.url
    make_benchmarking(framework, cluster, add_months(timezone.localdate(), -2))
    log_in(page, base, "man")
    page.goto(f"{base}/ladder/")
    page.get_by_role("button", name="Apply for the Gold Label").click()
    expect(page.locator("#status")).to_have_text("Applied")
    application = Application.objects.get()
    detail = f"{base}/ladder/{application.pk}/"
    # Assigning and scheduling are clicked through in the Silver test; here, the services.
    services.auditors_assign(
        user=people.secretariat,
        application=application,
        auditors=[people.expert, people.other_expert],
    )
    services.audit_propose(
        user=people.manager,
        application=application,
        starts=[future(20)],
        mode="on_site",
        location="Belgrade",
    )
    services.audit_confirm(user=people.secretariat, slot=application.slots.get())

    # The self-assessment saves each score as it is typed, then is submitted.
    ladder = services.ladder_of(application)
    page.goto(f"{base}/ladder/{application.pk}/self-assessment/")
    first = page.locator("#score-1\\.1\\.0")
    first.fill("4")
    first.press("Tab")
    expect(page.locator("tr", has=first).locator(".save-state")).to_have_text("Saved")
    for indicator in ladder.gold_indicators[1:]:
        services.self_assessment_save(
            user=people.manager, application=application, code=indicator.code, raw="4"
        )
    page.reload()
    page.get_by_role("button", name="Submit the self-assessment").click()
    expect(page.locator(".facts")).to_contain_text("submitted")

    # The visit: each auditor scores independently, then they agree the final scores.
    _audit_today()
    full = {i.code: i.points for i in ladder.gold_indicators}
    services.gold_scores_submit(
        user=people.other_expert, application=application, raw={**full, "2.1": 3}
    )
    log_in(page, base, "exp")
    page.goto(detail)
    page.get_by_role("link", name="Score the 31 quality indicators").click()
    for code, points in full.items():
        page.locator(f'input[name="score-{code}"]').fill(str(points))
    page.get_by_role("button", name="Submit my scores").click()
    page.get_by_role("link", name="Agree the final scores").click()
    expect(page.locator("tr.differ")).to_have_count(1)
    page.locator('input[name="final-2.1"]').fill("4")
    page.get_by_label("Reason for 2.1").fill("The plan is young but followed")
    page.get_by_role("button", name="Record the agreed scores").click()
    expect(page.locator("#status")).to_have_text("Audited")
    expect(page.locator("#gold-total")).to_contain_text("149 of 150 points")

    log_in(page, base, "sec")
    page.goto(detail)
    page.locator('input[name="decision"][value="award"]').check()
    page.locator("#reason").fill("149 of 150 points, every threshold met.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#status")).to_have_text("Awarded")
    _download_certificate(page, base, application)
