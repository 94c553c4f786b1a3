"""Silver and Gold taken through the product's services, step by step, with the refusals
a person meets on the way; and the label history showing the highest valid level."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone, translation

from clusterbench.audits import services
from clusterbench.audits.models import Application, GoldScore
from clusterbench.clusters.models import Country
from clusterbench.engagements.models import ConflictOfInterest
from clusterbench.errors import StepRefused
from clusterbench.labels.models import Label
from clusterbench.labels.rules import add_months, audited_valid_until
from clusterbench.labels.services import label_current, label_revoke
from clusterbench.methodology.ladder import ladder_rules
from tests.engagement_fixtures import future, make_benchmarking

LADDER = ladder_rules("2026.1")


def _today():
    return timezone.localdate()


@pytest.fixture
def auditors(people):
    people.expert.country = Country.objects.get(alpha2="RS")
    people.expert.save()
    people.other_expert.country = Country.objects.get(alpha2="HR")
    people.other_expert.email = "exp2@example.org"
    people.other_expert.save()
    return people.expert, people.other_expert


@pytest.fixture
def two_bronzes(framework, cluster):
    first = make_benchmarking(framework, cluster, add_months(_today(), -20))
    second = make_benchmarking(framework, cluster, add_months(_today(), -1))
    return first, second


AREAS = [
    {
        "criterion": code,
        "weakness": f"Weak on {code}",
        "actions": "Did things",
        "evidence": "Minutes of the board",
    }
    for code in ("4.1.2", "2.2.3", "4.6.2")
]


def _audit_held(application, days_ago=0):
    Application.objects.filter(pk=application.pk).update(
        audit_date=_today() - dt.timedelta(days=days_ago)
    )
    application.refresh_from_db()


def test_silver_from_application_to_certificate(
    people, cluster, two_bronzes, auditors, client, mailoutbox, django_capture_on_commit_callbacks
):
    first, second = two_bronzes
    application = services.silver_apply(user=people.manager, cluster=cluster, areas=AREAS)
    assert (application.first_benchmarking, application.benchmarking) == (first, second)
    assert application.audit_minutes == 240  # a half day, from the ladder file
    with pytest.raises(StepRefused, match="already has a Silver application in progress"):
        services.silver_apply(user=people.manager, cluster=cluster, areas=AREAS)

    with pytest.raises(StepRefused, match="one auditor; 2 chosen"):
        services.auditors_assign(
            user=people.secretariat, application=application, auditors=list(auditors)
        )
    services.auditors_assign(
        user=people.secretariat, application=application, auditors=[people.expert]
    )
    services.audit_propose(
        user=people.manager,
        application=application,
        starts=[future(5)],
        mode="video",
        location="https://meet.example/silver",
    )
    slot = application.slots.get()
    with pytest.raises(StepRefused, match="Only an assigned auditor or the secretariat"):
        services.audit_confirm(user=people.other_expert, slot=slot)
    with django_capture_on_commit_callbacks(execute=True):
        services.audit_confirm(user=people.expert, slot=slot)
    application.refresh_from_db()
    assert application.status == "scheduled"
    (email,) = mailoutbox
    name, ics, _ = email.attachments[0]
    assert name == "audit.ics" and "Silver audit: Belgrade Test Cluster" in str(ics)
    assert "man@example.org" in email.to and "exp@example.org" not in email.to  # the actor

    findings = {n: (True, f"Seen: area {n}") for n in (1, 2, 3)}
    with pytest.raises(StepRefused, match="recorded from the audit's day on"):
        services.silver_findings_record(
            user=people.expert,
            application=application,
            findings=findings,
            baseline_confirmed=True,
            baseline_note="Checked",
        )
    _audit_held(application)
    with pytest.raises(StepRefused, match=r"area 2 .* say whether the audit validates it"):
        services.silver_findings_record(
            user=people.expert,
            application=application,
            findings={1: (True, "ok")},
            baseline_confirmed=True,
            baseline_note="Checked",
        )
    services.silver_findings_record(
        user=people.expert,
        application=application,
        findings=findings,
        baseline_confirmed=True,
        baseline_note="0.8 FTE, 40 members, English website",
    )
    with pytest.raises(StepRefused, match="Only the secretariat decides"):
        services.application_decide(
            user=people.expert, application=application, award=True, reason="Fine"
        )
    services.application_decide(
        user=people.secretariat,
        application=application,
        award=True,
        reason="All three areas validated.",
    )
    application.refresh_from_db()
    label = application.label
    assert (application.status, label.level) == ("awarded", "silver")
    assert label.valid_until == audited_valid_until(application.audit_date)
    assert label_current(cluster) == label
    steps = list(application.events.values_list("to_status", flat=True))
    assert steps == ["applied", "assigned", "assigned", "scheduled", "audited", "awarded"]

    client.force_login(people.manager)
    response = client.get(f"/labels/{label.certificate_id}/certificate.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_silver_is_refused_without_a_second_bronze_in_the_window(people, framework, cluster):
    make_benchmarking(framework, cluster, add_months(_today(), -30))
    make_benchmarking(framework, cluster, add_months(_today(), -1))  # 29 months after
    with pytest.raises(StepRefused, match="second Bronze benchmarking 18-24 months"):
        services.silver_apply(user=people.manager, cluster=cluster, areas=AREAS)


def test_silver_needs_three_different_quality_indicators(people, cluster, two_bronzes):
    with pytest.raises(StepRefused, match="Describe 3 improvement areas; 2 filled in"):
        services.silver_apply(user=people.manager, cluster=cluster, areas=AREAS[:2])
    twice = [AREAS[0], AREAS[1], {**AREAS[2], "criterion": AREAS[0]["criterion"]}]
    with pytest.raises(StepRefused, match="different ECEI quality indicator"):
        services.silver_apply(user=people.manager, cluster=cluster, areas=twice)
    with pytest.raises(StepRefused, match="Only a manager of this cluster"):
        services.silver_apply(user=people.other_manager, cluster=cluster, areas=AREAS)


def test_silver_starts_from_the_previous_reports_weaknesses(framework, cluster):
    first = make_benchmarking(framework, cluster, add_months(_today(), -20), C3=2, M5=1)
    codes = [s["code"] for s in services.improvement_suggestions(first)]
    assert "4.6.2" in codes and "2.2.3" in codes  # C3 >= 3 and M5 >= 3 not met


def _gold_scheduled(people, cluster, framework, auditors, visit_in=20):
    make_benchmarking(framework, cluster, add_months(_today(), -2))
    application = services.gold_apply(user=people.manager, cluster=cluster)
    services.auditors_assign(
        user=people.secretariat, application=application, auditors=list(auditors)
    )
    services.audit_propose(
        user=people.manager,
        application=application,
        starts=[future(visit_in)],
        mode="on_site",
        location="Belgrade",
    )
    services.audit_confirm(user=people.secretariat, slot=application.slots.get())
    application.refresh_from_db()
    return application


def _self_assess(people, application, score=4):
    for indicator in LADDER.gold_indicators:
        services.self_assessment_save(
            user=people.manager,
            application=application,
            code=indicator.code,
            raw=str(min(score, indicator.points)),
        )


@pytest.mark.parametrize(
    "raw,problem",
    [
        ("\u0663", "uses digits other than 0-9"),  # Arabic-Indic three
        ("\uff13", "uses digits other than 0-9"),  # full-width three
        ("0_3", "has digit-group separators"),
        ("2,5", "must be a whole number; got 2,5"),
    ],
)
def test_a_score_is_read_as_every_number_is(people, cluster, framework, auditors, raw, problem):
    # int() read all of these as a score (3, 3, 3, and "1_0" as 10).
    application = _gold_scheduled(people, cluster, framework, auditors)
    with pytest.raises(StepRefused) as refused:
        services.self_assessment_save(
            user=people.manager, application=application, code="2.1", raw=raw
        )
    assert problem in str(refused.value) and "The score of 2.1" in str(refused.value)
    assert not application.scores.exists()


def test_gold_from_application_to_the_highest_label(people, cluster, framework, auditors):
    application = _gold_scheduled(people, cluster, framework, auditors)
    assert application.audit_minutes == 1920  # two days
    _self_assess(people, application)
    services.self_assessment_submit(user=people.manager, application=application)
    with pytest.raises(StepRefused, match="no longer change"):
        services.self_assessment_save(
            user=people.manager, application=application, code="2.1", raw="5"
        )
    national, foreign = auditors
    full = {i.code: i.points for i in LADDER.gold_indicators}
    with pytest.raises(StepRefused, match="recorded from the audit's day on"):
        services.gold_scores_submit(user=national, application=application, raw=full)
    _audit_held(application)
    services.gold_scores_submit(user=national, application=application, raw=full)
    with pytest.raises(StepRefused, match="submitted; they no longer change"):
        services.gold_scores_submit(user=national, application=application, raw=full)
    with pytest.raises(StepRefused, match="Both auditors submit"):
        services.gold_reconcile(user=national, application=application, finals={})
    services.gold_scores_submit(
        user=foreign, application=application, raw={**full, "2.1": 3, "4.2": 4}
    )
    finals = {code: (points, "") for code, points in full.items()}
    with pytest.raises(StepRefused, match=r"2\.1: the auditors scored 5 and 3"):
        services.gold_reconcile(user=foreign, application=application, finals=finals)
    finals["2.1"] = (4, "Maturity shown, but the plan is young")
    finals["4.2"] = (5, "The goal is documented in the strategy")
    services.gold_reconcile(user=foreign, application=application, finals=finals)
    application.refresh_from_db()
    assert application.status == "audited"
    result = services.gold_final_result(application)
    assert (result.total, result.passes) == (149, True)
    services.application_decide(
        user=people.secretariat,
        application=application,
        award=True,
        reason="149 of 150 points; every threshold met.",
    )
    application.refresh_from_db()
    assert application.label.level == "gold"
    # One label history: a Bronze Label next to it, and Gold shows as the highest.
    Label.objects.create(
        cluster=cluster,
        level="bronze",
        certificate_id="SRB001202601C260001",
        valid_from=_today(),
        valid_until=add_months(_today(), 30),
    )
    assert label_current(cluster).level == "gold"
    label_revoke(user=people.secretariat, label=application.label, reason="Misstated facts")
    assert label_current(cluster).level == "bronze"


def test_gold_needs_a_national_and_a_foreign_auditor_without_conflicts(
    people, cluster, framework, auditors
):
    make_benchmarking(framework, cluster, add_months(_today(), -2))
    application = services.gold_apply(user=people.manager, cluster=cluster)
    national, foreign = auditors
    foreign.country = national.country
    foreign.save()
    with pytest.raises(StepRefused, match="both are from the same country"):
        services.auditors_assign(
            user=people.secretariat, application=application, auditors=[national, foreign]
        )
    foreign.country = Country.objects.get(alpha2="HR")
    foreign.save()
    ConflictOfInterest.objects.create(expert=foreign, cluster=cluster, reason="Board member")
    with pytest.raises(
        StepRefused, match=r"conflict of interest with Belgrade Test Cluster \(Board member\)"
    ):
        services.auditors_assign(
            user=people.secretariat, application=application, auditors=[national, foreign]
        )


def test_an_auditor_may_not_audit_a_benchmarking_they_did(people, cluster, framework, auditors):
    benchmarking = make_benchmarking(framework, cluster, add_months(_today(), -2))
    benchmarking.expert = people.expert
    benchmarking.save()
    application = services.gold_apply(user=people.manager, cluster=cluster)
    with pytest.raises(StepRefused, match="independent auditor"):
        services.auditors_assign(
            user=people.secretariat, application=application, auditors=list(auditors)
        )


def test_the_gold_visit_and_self_assessment_keep_their_weeks(people, cluster, framework, auditors):
    make_benchmarking(framework, cluster, add_months(_today(), -2))
    application = services.gold_apply(user=people.manager, cluster=cluster)
    services.auditors_assign(
        user=people.secretariat, application=application, auditors=list(auditors)
    )
    with pytest.raises(StepRefused, match="at least 14 days after today"):
        services.audit_propose(
            user=people.manager,
            application=application,
            starts=[future(10)],
            mode="on_site",
            location="Belgrade",
        )
    services.audit_propose(
        user=people.manager,
        application=application,
        starts=[future(30)],
        mode="on_site",
        location="Belgrade",
    )
    services.audit_confirm(user=people.expert, slot=application.slots.get())
    _self_assess(people, application)
    with pytest.raises(StepRefused, match="too early today"):
        services.self_assessment_submit(user=people.manager, application=application)


def test_gold_below_120_points_can_only_be_declined(people, cluster, framework, auditors):
    application = _gold_scheduled(people, cluster, framework, auditors)
    _self_assess(people, application)
    services.self_assessment_submit(user=people.manager, application=application)
    _audit_held(application)
    low = {i.code: i.threshold + 1 for i in LADDER.gold_indicators}  # all thresholds met
    for auditor in auditors:
        services.gold_scores_submit(user=auditor, application=application, raw=low)
    services.gold_reconcile(
        user=auditors[0], application=application, finals={c: (s, "") for c, s in low.items()}
    )
    with pytest.raises(StepRefused, match="fewer than the 120 needed"):
        services.application_decide(
            user=people.secretariat, application=application, award=True, reason="Try"
        )
    services.application_decide(
        user=people.secretariat,
        application=application,
        award=False,
        reason="Below 80 % of the maximum score.",
    )
    application.refresh_from_db()
    assert (application.status, application.label) == ("declined", None)
    assert GoldScore.objects.filter(application=application, kind="final").count() == 31


def test_the_public_pages_show_the_highest_valid_level(client, framework, cluster):
    make_benchmarking(framework, cluster, add_months(_today(), -2))
    today = _today()
    Label.objects.create(
        cluster=cluster,
        level="bronze",
        certificate_id="SRB001202601C260001",
        valid_from=today,
        valid_until=add_months(today, 30),
    )
    gold = Label.objects.create(
        cluster=cluster,
        level="gold",
        certificate_id="SRBG202611C260002",
        valid_from=today,
        valid_until=audited_valid_until(today),
    )
    row = client.get("/database/").text
    assert f"Gold, {gold.valid_until:%d %b %Y}" in row
    assert ">GOLD<" in client.get(f"/clusters/{cluster.pk}/badge.svg").text
    assert "Gold Label valid until" in client.get(f"/clusters/{cluster.pk}/").text
    verified = client.get(f"/verify/{gold.certificate_id}/").text
    assert "Gold" in verified and "valid" in verified
    gold.revoked_at = timezone.now()
    gold.save()
    assert "Gold," not in client.get("/database/").text


def test_each_persons_home_lists_the_ladder_steps_waiting_for_them(
    client, people, cluster, two_bronzes, auditors
):
    application = services.silver_apply(user=people.manager, cluster=cluster, areas=AREAS)
    client.force_login(people.secretariat)
    assert "Assign the auditors: Belgrade Test Cluster (Silver)" in client.get("/my-work/").text
    services.auditors_assign(
        user=people.secretariat, application=application, auditors=[people.expert]
    )
    client.force_login(people.manager)
    assert "Propose audit times: Belgrade Test Cluster" in client.get("/my-work/").text
    client.force_login(people.other_expert)
    assert "Label applications waiting" not in client.get("/my-work/").text


def test_a_withdrawn_application_frees_the_cluster_to_apply_again(people, cluster, two_bronzes):
    application = services.silver_apply(user=people.manager, cluster=cluster, areas=AREAS)
    with pytest.raises(StepRefused, match="Give the reason"):
        services.application_withdraw(user=people.manager, application=application, reason=" ")
    with pytest.raises(StepRefused, match="Only a manager of the cluster or the secretariat"):
        services.application_withdraw(
            user=people.other_manager, application=application, reason="No"
        )
    services.application_withdraw(user=people.manager, application=application, reason="Later")
    application.refresh_from_db()
    assert application.status == "withdrawn"
    assert services.silver_apply(user=people.manager, cluster=cluster, areas=AREAS).pk


def _gold_assigned(people, cluster, framework, auditors):
    make_benchmarking(framework, cluster, add_months(_today(), -2))
    application = services.gold_apply(user=people.manager, cluster=cluster)
    services.auditors_assign(
        user=people.secretariat, application=application, auditors=list(auditors)
    )
    return application


def test_a_gold_visit_confirmed_too_late_for_the_self_assessment_is_refused(
    people, cluster, framework, auditors
):
    application = _gold_assigned(people, cluster, framework, auditors)
    # Proposed three weeks ahead, left unconfirmed for ten days: 11 days to go.
    start = future(11)
    slot = application.slots.create(start=start, proposed_by=people.manager)
    visit = start.astimezone(zoneinfo.ZoneInfo(cluster.time_zone)).date()
    with pytest.raises(StepRefused) as refused:
        services.audit_confirm(user=people.secretariat, slot=slot)
    last = visit - dt.timedelta(days=14)
    assert f"between {visit - dt.timedelta(days=21):%-d %B %Y} and {last:%-d %B %Y}" in str(
        refused.value
    )
    assert f"visit of {visit:%-d %B %Y}" in str(refused.value)
    application.refresh_from_db()
    assert (application.status, application.audit_date) == ("assigned", None)
    # A time with room for the self-assessment is still confirmed.
    later = application.slots.create(start=future(16), proposed_by=people.manager)
    services.audit_confirm(user=people.secretariat, slot=later)
    application.refresh_from_db()
    assert application.status == "scheduled"


def test_the_secretariat_declines_a_scheduled_application_but_awards_only_an_audited_one(
    people, cluster, framework, auditors
):
    application = _gold_scheduled(people, cluster, framework, auditors)
    assert "decline" in services.next_steps(people.secretariat, application)
    assert "decline" not in services.next_steps(people.manager, application)
    with pytest.raises(StepRefused, match="not possible now"):
        services.application_decide(
            user=people.secretariat, application=application, award=True, reason="Early"
        )
    services.application_decide(
        user=people.secretariat,
        application=application,
        award=False,
        reason="The self-assessment was never submitted.",
    )
    application.refresh_from_db()
    assert (application.status, application.label) == ("declined", None)


def test_the_secretariat_declines_a_scheduled_application_on_its_page(
    client, people, cluster, framework, auditors
):
    application = _gold_scheduled(people, cluster, framework, auditors)
    client.force_login(people.secretariat)
    page = client.get(f"/ladder/{application.pk}/").text
    assert "Decline this application" in page
    client.post(
        f"/ladder/{application.pk}/decide/",
        {"decision": "decline", "reason": "The visit cannot take place."},
    )
    application.refresh_from_db()
    assert application.status == "declined"
    client.force_login(people.manager)
    assert "Decline this application" not in client.get(f"/ladder/{application.pk}/").text


def test_an_application_is_not_withdrawn_once_its_audit_was_held(
    people, cluster, two_bronzes, auditors
):
    application = services.silver_apply(user=people.manager, cluster=cluster, areas=AREAS)
    services.auditors_assign(
        user=people.secretariat, application=application, auditors=[people.expert]
    )
    services.audit_propose(
        user=people.manager, application=application, starts=[future(5)], mode="video", location="x"
    )
    services.audit_confirm(user=people.expert, slot=application.slots.get())
    application.refresh_from_db()
    assert "withdraw" in services.next_steps(people.manager, application)
    _audit_held(application, days_ago=1)
    assert "withdraw" not in services.next_steps(people.manager, application)
    held = f"{application.audit_date:%-d %B %Y}"
    for user in (people.manager, people.secretariat):
        with pytest.raises(StepRefused, match=f"The audit was held on {held}"):
            services.application_withdraw(
                user=user, application=application, reason="Changed our mind"
            )
    application.refresh_from_db()
    assert application.status == "scheduled"


def _silver_audited(people, cluster, auditors):
    application = services.silver_apply(user=people.manager, cluster=cluster, areas=AREAS)
    services.auditors_assign(
        user=people.secretariat, application=application, auditors=[people.expert]
    )
    services.audit_propose(
        user=people.manager, application=application, starts=[future(5)], mode="video", location="x"
    )
    services.audit_confirm(user=people.expert, slot=application.slots.get())
    application.refresh_from_db()
    _audit_held(application)
    services.silver_findings_record(
        user=people.expert,
        application=application,
        findings={n: (True, f"Seen: area {n}") for n in (1, 2, 3)},
        baseline_confirmed=True,
        baseline_note="Checked",
    )
    application.refresh_from_db()
    return application


def test_silver_is_not_awarded_on_a_bronze_label_revoked_since_the_application(
    people, cluster, two_bronzes, auditors
):
    first, second = two_bronzes
    bronze = Label.objects.create(  # recorded without a report, as the historical ones
        cluster=cluster,
        level="bronze",
        certificate_id="SRB001202610C260001",
        valid_from=second.interview_date,
        valid_until=add_months(second.interview_date, 24),
    )
    application = _silver_audited(people, cluster, auditors)
    assert services.award_refusal(application) is None
    label_revoke(user=people.secretariat, label=bronze, reason="Misstated membership")
    assert "SRB001202610C260001" in services.award_refusal(application)
    with pytest.raises(StepRefused, match=r"Bronze Label SRB001202610C260001 .* was revoked"):
        services.application_decide(
            user=people.secretariat, application=application, award=True, reason="Fine"
        )
    application.refresh_from_db()
    assert (application.status, application.label) == ("audited", None)
    # and a new Silver application cannot rest on it either
    assert services.bronze_benchmarkings(cluster) == [first]


def test_silver_and_gold_certificates_never_repeat_a_serial_after_a_deletion(people, cluster):
    from clusterbench.labels.services import label_record_audited

    def record():
        return label_record_audited(
            user=people.secretariat, cluster=cluster, level="silver", audit_date=_today()
        )

    first, second = record(), record()
    Label.objects.filter(pk=first.pk).delete()  # e.g. recorded by mistake and removed
    third = record()
    ids = [first.certificate_id, second.certificate_id, third.certificate_id]
    assert len(set(ids)) == 3
    assert [int(i[-4:]) for i in ids] == [1, 2, 3]


def test_audit_times_are_capped_and_checked_as_interview_times_are(
    people, cluster, two_bronzes, auditors
):
    application = services.silver_apply(user=people.manager, cluster=cluster, areas=AREAS)
    services.auditors_assign(
        user=people.secretariat, application=application, auditors=[people.expert]
    )

    def propose(starts):
        services.audit_propose(
            user=people.manager, application=application, starts=starts, mode="video", location="x"
        )

    with pytest.raises(StepRefused, match="propose times within the next twelve months"):
        propose([future(400)])
    for batch in range(2):
        propose([future(3 + batch, hour=h) for h in range(6, 16)])
    with pytest.raises(StepRefused, match="at most 20 may wait for confirmation"):
        propose([future(9)])
    assert application.slots.count() == 20


def _queries(call) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


def test_the_ladder_work_list_reads_a_fixed_number_of_queries(people, framework, auditors):
    from tests.engagement_fixtures import new_cluster

    def applications(count, start):
        for i in range(start, start + count):
            cluster = new_cluster(f"Work {i}", "RS")
            people.manager.clusters.add(cluster)
            application = Application.objects.create(
                cluster=cluster,
                level="gold" if i % 2 else "silver",
                status=("applied", "assigned", "scheduled")[i % 3],
                framework=framework,
                benchmarking=make_benchmarking(framework, cluster, add_months(_today(), -2)),
                audit_minutes=240,
                audit_date=_today() if i % 3 == 2 else None,
            )
            application.assignments.create(auditor=people.expert)
            application.slots.create(start=future(5 + i), proposed_by=people.manager)

    applications(3, 0)
    few = {
        who: _queries(lambda who=who: services.ladder_work(who))
        for who in (people.secretariat, people.manager, people.expert)
    }
    applications(9, 3)
    for who, count in few.items():
        tasks = services.ladder_work(who)[0].tasks
        assert len({t.url for t in tasks}) >= 6, who
        assert _queries(lambda who=who: services.ladder_work(who)) == count, who


def test_the_auditor_choices_read_a_fixed_number_of_queries(people, cluster, two_bronzes):
    from clusterbench.accounts.services import user_create

    application = services.silver_apply(user=people.manager, cluster=cluster, areas=AREAS)

    def experts(start, count):
        for i in range(start, start + count):
            expert = user_create(username=f"aud{i}", password="pw-long-enough", role="expert")
            if i % 2:
                ConflictOfInterest.objects.create(expert=expert, cluster=cluster, reason="Board")
            if i % 3 == 0:
                ConflictOfInterest.objects.create(
                    expert=expert, network=people.network, reason="Member"
                )

    experts(0, 3)
    few = _queries(lambda: services.auditor_choices(application))
    experts(3, 12)
    choices = services.auditor_choices(application)
    assert _queries(lambda: services.auditor_choices(application)) == few
    conflicts = {e.username: c for e, c in choices}
    assert "conflict of interest with Belgrade Test Cluster (Board)" in conflicts["aud5"]
    assert "conflict of interest with Test network (Member)" in conflicts["aud6"]
    assert conflicts["aud4"] is None


def test_a_refused_findings_form_keeps_what_the_auditor_typed(
    client, people, cluster, two_bronzes, auditors
):
    application = services.silver_apply(user=people.manager, cluster=cluster, areas=AREAS)
    services.auditors_assign(
        user=people.secretariat, application=application, auditors=[people.expert]
    )
    services.audit_propose(
        user=people.manager, application=application, starts=[future(5)], mode="video", location="x"
    )
    services.audit_confirm(user=people.expert, slot=application.slots.get())
    _audit_held(application)
    client.force_login(people.expert)
    page = client.post(
        f"/ladder/{application.pk}/findings/",
        {
            "validated1": "yes",
            "finding1": "Board minutes of March & the plan",
            "validated2": "no",
            "finding2": "No evidence of the second action",
            "finding3": "Half done",  # area 3 neither validated nor not
            "baseline": "yes",
            "baseline_note": "0.8 FTE, 40 members",
        },
    )
    assert page.status_code == 400
    text = page.text
    assert "say whether the audit validates it" in text
    assert ">Board minutes of March &amp; the plan</textarea>" in text
    assert ">No evidence of the second action</textarea>" in text
    assert ">Half done</textarea>" in text
    assert ">0.8 FTE, 40 members</textarea>" in text
    assert 'name="validated1" value="yes" checked' in text
    assert 'name="validated2" value="no" checked' in text
    assert 'name="baseline" value="yes" checked' in text
    application.refresh_from_db()
    assert application.status == "scheduled"


def test_a_refused_decision_keeps_the_reasons_typed(client, people, cluster, two_bronzes, auditors):
    application = _silver_audited(people, cluster, auditors)
    client.force_login(people.secretariat)
    page = client.post(
        f"/ladder/{application.pk}/decide/", {"reason": "All three areas well evidenced"}
    )
    assert page.status_code == 400
    assert "Choose to award or to decline." in page.text
    assert ">All three areas well evidenced</textarea>" in page.text
    page = client.post(f"/ladder/{application.pk}/decide/", {"decision": "decline", "reason": " "})
    assert 'name="decision" value="decline" checked' in page.text
    application.refresh_from_db()
    assert application.status == "audited"


def test_a_manager_sees_where_each_application_stands(
    client, people, cluster, two_bronzes, auditors
):
    application = services.silver_apply(user=people.manager, cluster=cluster, areas=AREAS)
    levels = services.eligible_levels(people.manager, cluster)
    assert levels["silver"] == (
        f"Silver application #{application.pk} is with the secretariat, who assigns the auditors."
    )
    assert levels["gold"] == (
        f"One application at a time: the Silver application #{application.pk} is in progress."
    )
    client.force_login(people.manager)
    work = client.get("/my-work/").text
    assert "Your label applications" in work
    assert "Follow the application: Belgrade Test Cluster (Silver)" in work
    services.auditors_assign(
        user=people.secretariat, application=application, auditors=[people.expert]
    )
    work = client.get("/my-work/").text  # the manager's own step now, listed once
    assert "Propose audit times: Belgrade Test Cluster" in work
    assert "Follow the application" not in work
    services.audit_propose(
        user=people.manager, application=application, starts=[future(5)], mode="video", location="x"
    )
    assert (
        "wait for the auditors' confirmation"
        in services.eligible_levels(people.manager, cluster)["silver"]
    )
    Application.objects.filter(pk=application.pk).update(status="awarded")
    Label.objects.create(
        cluster=cluster,
        level="silver",
        certificate_id="SRBS202611C260001",
        valid_from=_today(),
        valid_until=audited_valid_until(_today()),
    )
    Application.objects.filter(pk=application.pk).update(
        label=Label.objects.get(certificate_id="SRBS202611C260001")
    )
    work = client.get("/my-work/").text
    assert "Download the certificate: Belgrade Test Cluster (Silver)" in work
    assert "/labels/SRBS202611C260001/certificate.pdf" in work


def test_audit_durations_read_in_hours_and_days(client, people, cluster, framework, auditors):
    from clusterbench.audits.emails import audit_ics

    application = _gold_scheduled(people, cluster, framework, auditors)
    end = (application.audit_start + dt.timedelta(minutes=1920)).astimezone(
        zoneinfo.ZoneInfo(cluster.time_zone)
    )
    client.force_login(people.manager)
    page = client.get(f"/ladder/{application.pk}/").text
    assert f"2 days, until {end:%A %-d %B %Y, %H:%M}" in page
    assert "1920" not in page
    description = audit_ics(application).decode().replace("\r\n ", "").replace("\\,", ",")
    assert "2 days, until" in description and "32 hours" not in description
    serbian = client.get(f"/ladder/{application.pk}/", HTTP_ACCEPT_LANGUAGE="sr-latn").text
    assert "2 dana, do" in serbian


def test_a_duration_within_a_day_reads_in_hours_and_minutes():
    from clusterbench.engagements.times import duration_text

    start = dt.datetime(2027, 3, 1, 8, 0, tzinfo=dt.UTC)  # 09:00 in Belgrade
    assert duration_text(start, 240, "Europe/Belgrade") == "4 hours"
    assert duration_text(start, 60, "Europe/Belgrade") == "1 hour"
    assert duration_text(start, 150, "Europe/Belgrade") == "2 hours and 30 minutes"
    assert duration_text(start, 45, "Europe/Belgrade") == "45 minutes"
    assert duration_text(start, 1920, "Europe/Belgrade") == (
        "2 days, until Tuesday 2 March 2027, 17:00"
    )
    with translation.override("sr-latn"):
        assert duration_text(start, 240, "Europe/Belgrade") == "4 sata"
        assert duration_text(start, 300, "Europe/Belgrade") == "5 sati"
        assert duration_text(start, 60, "Europe/Belgrade") == "1 sat"
