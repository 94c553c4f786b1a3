"""The Silver and Gold applications in the reader's language: the timeline written when it
is read (as the engagement's is), each recipient's e-mail and calendar invitation, the
refusals; and the data migration that read the steps recorded in English back."""

import datetime as dt
import importlib
import re

import icalendar
import pytest
from django.core import mail
from django.utils import timezone, translation

from clusterbench.audits import rules, services
from clusterbench.audits.models import Application, ApplicationEvent, AuditSlot
from clusterbench.clusters.models import Country
from clusterbench.errors import StepRefused
from clusterbench.labels.rules import add_months
from clusterbench.languages.formats import month
from clusterbench.methodology.ladder import ladder_rules
from tests.engagement_fixtures import future, make_benchmarking
from tests.english_words import english_prose, words

AREAS = [
    {
        "criterion": code,
        "weakness": "Weak",
        "actions": "Did things",
        "evidence": "Minutes",
    }
    for code in ("4.1.2", "2.2.3", "4.6.2")
]


@pytest.fixture
def scheduled(people, framework, cluster, django_capture_on_commit_callbacks):
    """A Silver application whose audit the expert (from Serbia) confirmed; the manager
    reads Serbian, the secretariat English (the site's default)."""
    people.expert.country = Country.objects.get(alpha2="RS")
    people.expert.save()
    people.manager.language = "sr-latn"
    people.manager.save()
    today = timezone.localdate()
    make_benchmarking(framework, cluster, add_months(today, -20))
    make_benchmarking(framework, cluster, add_months(today, -1))
    application = services.silver_apply(user=people.manager, cluster=cluster, areas=AREAS)
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
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.audit_confirm(user=people.expert, slot=application.slots.get())
    application.refresh_from_db()
    return application


def timeline(client, user, application, language: str) -> str:
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)
    page = client.get(f"/ladder/{application.pk}/").text
    found = re.search(r'<ol class="timeline">(.*?)</ol>', page, re.S)
    return re.sub(r"<[^>]+>", " ", found.group(1))


class TestTheTimeline:
    def test_a_serbian_reader_reads_every_step_in_serbian(self, client, scheduled, people):
        serbian = timeline(client, people.manager, scheduled, "sr-latn")
        assert "Podneta prijava za Srebrnu oznaku (intervjui za Bronzanu oznaku:" in serbian
        assert "Dodeljen proveravač: Ed Expert (Srbija)" in serbian
        assert "Predloženi termini provere:" in serbian
        assert "Provera za Srebrnu oznaku potvrđena za" in serbian
        english = timeline(client, people.manager, scheduled, "en")
        assert "Silver Label applied for (Bronze interviews of" in english
        assert "Auditor assigned: Ed Expert (Serbia)" in english
        # Names and codes aside, nothing of the English timeline is left in Serbian (its
        # dates too: "5. novembra 2026.", not "5 Nov 2026").
        names = words("Ed Expert Sabine man Europe Belgrade")
        assert english_prose(serbian, english, names) == set()

    def test_the_cyrillic_reader_reads_it_in_cyrillic(self, client, scheduled, people):
        cyrillic = timeline(client, people.manager, scheduled, "sr-cyrl")
        assert "Провера за Сребрну ознаку потврђена за" in cyrillic

    def test_the_description_keeps_the_english_sentence_as_recorded(self, scheduled):
        event = scheduled.events.get(code="auditor_assigned")
        assert event.params == {
            "auditor": {"person": "Ed Expert", "country": "RS", "country_name": "Serbia"}
        }
        assert event.description == "Auditor assigned: Ed Expert (Serbia)"
        with translation.override("sr-latn"):
            assert event.text == "Dodeljen proveravač: Ed Expert (Srbija)"

    def test_the_message_after_a_step_is_in_the_readers_language(
        self, client, people, framework, cluster
    ):
        make_benchmarking(framework, cluster, add_months(timezone.localdate(), -2))
        application = services.gold_apply(user=people.manager, cluster=cluster)
        people.manager.language = "sr-latn"
        people.manager.save()
        client.force_login(people.manager)
        page = client.post(
            f"/ladder/{application.pk}/withdraw/", {"reason": "Kasnije"}, follow=True
        ).text
        assert "Prijava povučena: Kasnije." in page and "withdrawn" not in page

    def test_every_step_has_a_serbian_sentence_with_its_placeholders(self):
        from clusterbench.audits.steps import APPLICATION_STEPS

        placeholder = re.compile(r"%\(\w+\)s")
        for code, message in APPLICATION_STEPS.texts.items():
            with translation.override("en"):
                english = str(message)
            with translation.override("sr-latn"):
                serbian = str(message)
            assert serbian != english, code
            assert sorted(placeholder.findall(serbian)) == sorted(placeholder.findall(english))


class TestTheEmails:
    def test_each_recipient_reads_the_step_and_the_invitation_in_their_language(self, scheduled):
        by_recipient = {tuple(m.to): m for m in mail.outbox}
        serbian, english = by_recipient[("man@example.org",)], by_recipient[("sec@example.org",)]
        assert serbian.subject.startswith(
            "[ClusterBench] Belgrade Test Cluster: Provera za Srebrnu oznaku potvrđena za "
        )
        assert "Provera za Srebrnu oznaku potvrđena za" in serbian.body
        assert "confirmed" not in serbian.subject + serbian.body
        assert english.subject.startswith(
            "[ClusterBench] Belgrade Test Cluster: Silver audit confirmed for "
        )
        invitations = {}
        for language, message in (("sr-latn", serbian), ("en", english)):
            name, ics, _type = message.attachments[0]
            assert name == "audit.ics"
            [event] = icalendar.Calendar.from_ical(ics).walk("VEVENT")
            invitations[language] = f"{event['summary']} {event['description']}"
        assert "Provera za Srebrnu oznaku: Belgrade Test Cluster" in invitations["sr-latn"]
        assert "Silver audit: Belgrade Test Cluster" in invitations["en"]
        names = words("Belgrade Test Cluster http testserver ladder Europe")
        assert english_prose(invitations["sr-latn"], invitations["en"], names) == set()


class TestRefusals:
    def test_a_refused_step_says_why_in_serbian(self, scheduled, people):
        with translation.override("sr-latn"), pytest.raises(StepRefused) as refused:
            services.silver_findings_record(
                user=people.expert,
                application=scheduled,
                findings={},
                baseline_confirmed=True,
                baseline_note="",
            )
        assert str(refused.value).startswith("Provera se beleži od dana provere")

    def test_the_ladders_rules_refuse_in_serbian(self):
        ladder = ladder_rules("2026.1")
        with translation.override("sr-latn"):
            pairing = rules.auditors_refusal("RS", ["RS", "RS"])
            window = rules.self_assessment_refusal(dt.date(2027, 1, 1), dt.date(2027, 3, 1), ladder)
            silver = rules.silver_window_refusal(dt.date(2025, 1, 10), dt.date(2025, 6, 1), ladder)
        assert pairing.endswith("oba su iz iste države.")
        assert "(danas je prerano)" in window and "2027" in window
        assert silver.startswith("Za Srebrnu oznaku potreban je drugi benčmarking")
        assert "January" not in silver and "januar" in silver

    def test_the_quality_indicators_are_named_in_serbian(self, client, scheduled, people):
        people.expert.language = "sr-latn"
        people.expert.save()
        client.force_login(people.expert)
        page = client.get(f"/ladder/{scheduled.pk}/").text
        assert "4.1.2 Dokumentovanost strategije" in page
        assert "Documentation of the strategy" not in page


class TestTheSilverForm:
    def test_it_names_the_first_reports_month_in_a_serbian_sentence(
        self, client, people, framework, cluster
    ):
        first = add_months(timezone.localdate(), -20)
        make_benchmarking(framework, cluster, first)
        make_benchmarking(framework, cluster, add_months(timezone.localdate(), -1))
        people.manager.language = "sr-latn"
        people.manager.save()
        client.force_login(people.manager)
        page = client.get(f"/ladder/silver/{cluster.pk}/").text
        with translation.override("sr-latn"):
            named = month(first)
        # a month inside a sentence, without the point Serbian puts after a year alone
        assert f"iz izveštaja ({named})" in page

    def test_without_a_second_benchmarking_it_names_the_first_one(
        self, client, people, framework, cluster
    ):
        # One Bronze benchmarking: the form says why it cannot be sent yet, and its
        # sentence names "your first benchmarking", never a missing month ("None").
        make_benchmarking(framework, cluster, add_months(timezone.localdate(), -7))
        people.manager.language = "sr-latn"
        people.manager.save()
        client.force_login(people.manager)
        page = client.get(f"/ladder/silver/{cluster.pk}/").text
        # The page's text, not its markup: a random CSRF token may hold "None".
        assert "None" not in re.sub(r"<[^>]+>", " ", page)
        assert "iz izveštaja (vaš prvi benčmarking)" in page


class TestTheGoldScoringPage:
    def test_an_auditor_scores_the_visit_in_serbian(self, client, people, framework, cluster):
        from tests.test_label_ladder import _audit_held, _gold_scheduled, _self_assess

        people.other_expert.country = Country.objects.get(alpha2="HR")
        people.other_expert.save()
        people.expert.country = Country.objects.get(alpha2="RS")
        auditors = (people.expert, people.other_expert)
        application = _gold_scheduled(people, cluster, framework, auditors)
        _self_assess(people, application)
        services.self_assessment_submit(user=people.manager, application=application)
        _audit_held(application)
        pages = {}
        for language in ("en", "sr-latn"):
            people.expert.language = language
            people.expert.save()
            client.force_login(people.expert)
            response = client.get(f"/ladder/{application.pk}/scores/")
            assert response.status_code == 200
            main = re.search(r"<main.*?</main>", response.text, re.S)[0]  # not the switcher
            pages[language] = re.sub(r"<[^>]+>", " ", main)
        names = words(f"{cluster.name} {cluster.name_en} Ed Expert Belgrade ECEI")
        assert english_prose(pages["sr-latn"], pages["en"], names) == set()
        assert "Dokumentovanost strategije" in pages["sr-latn"]


MIGRATION = importlib.import_module("clusterbench.audits.migrations.0002_event_codes")
COUNTRIES = {"Serbia": "RS", "Austria": "AT"}


class TestStepsRecordedBefore:
    """The data migration reads each step recorded in English back into its code and
    values: shown in English, it is the sentence it was."""

    @pytest.mark.parametrize(
        "description",
        [
            "Silver Label applied for (Bronze interviews of November 2024 and September 2026; "
            "improvement areas 1.1.0, 2.5, 4.1.5)",
            "Gold Label applied for",
            "Auditor assigned: Ana Marković (Serbia)",
            "Auditor assigned: Ed Expert",
            "Auditors assigned: Ana Marković (Serbia) and Thomas Gruber (Austria)",
            "Audit times proposed: Tuesday 12 January 2027, 11:00; Wednesday 13 January 2027, "
            "09:30 (Europe/Belgrade)",
            "Silver audit confirmed for Wednesday 25 November 2026, 09:00 (Europe/Athens)",
            "Gold visit confirmed for Monday 29 June 2026, 09:00 (Europe/Vienna)",
            "Audit findings recorded: 2 of 3 improvement areas validated, baseline confirmed",
            "Audit findings recorded: 3 of 3 improvement areas validated, baseline not confirmed",
            "Self-assessment submitted (140 of 150 points)",
            "Independent scores submitted",
            "Final scores agreed: 145 of 150 points (97 %)",
            "Final scores agreed: 119 of 150 points (79 %), 2 below threshold",
            "Gold Label awarded, certificate AUTG202606C260003, valid until 30 June 2028: 145 "
            "of 150 points, every threshold met.",
            "Silver Label declined: Area 2\nwas not shown",
            "Application withdrawn: we apply next year",
        ],
    )
    def test_a_recorded_sentence_becomes_its_step(self, description):
        from clusterbench.audits.steps import APPLICATION_STEPS

        code, params = MIGRATION.step_of(description, COUNTRIES)
        with translation.override("en"):
            assert APPLICATION_STEPS.text(code, params) == description
        with translation.override("sr-latn"):
            assert APPLICATION_STEPS.text(code, params) != description

    def test_a_gold_visit_with_its_window_keeps_the_window_across_the_new_year(self):
        code, params = MIGRATION.step_of(
            "Gold visit confirmed for Monday 18 January 2027, 09:00 (Europe/Belgrade); "
            "self-assessment due between 19 December and 04 January 2027",
            COUNTRIES,
        )
        assert code == "gold_confirmed"
        assert params["first"] == {"day": "2026-12-19"} and params["last"] == {"day": "2027-01-04"}

    def test_what_it_cannot_read_keeps_no_code(self):
        assert MIGRATION.step_of("Something else entirely", COUNTRIES) is None
        serbian = "Silver audit confirmed for sreda 25 novembar 2026, 09:00 (Europe/Athens)"
        assert MIGRATION.step_of(serbian, COUNTRIES) is None

    def test_the_demonstrations_short_steps_take_their_values_from_the_application(self, scheduled):
        from django.apps import apps

        ApplicationEvent.objects.filter(application=scheduled).update(code="", params={})
        ApplicationEvent.objects.filter(code="", description__startswith="Silver Label").update(
            description="Silver Label applied for"
        )
        ApplicationEvent.objects.filter(description__startswith="Audit times").update(
            description="Audit times proposed"
        )
        MIGRATION.codes_from_descriptions(apps, None)
        applied = scheduled.events.get(code="silver_applied")
        assert applied.params["areas"] == "4.1.2, 2.2.3, 4.6.2"
        proposed = scheduled.events.get(code="times_proposed")
        [slot] = AuditSlot.objects.filter(application=scheduled)
        assert proposed.params["times"]["moments"] == [slot.start.astimezone(dt.UTC).isoformat()]
        with translation.override("sr-latn"):
            assert proposed.text.startswith("Predloženi termini provere: ")
        assert not scheduled.events.filter(code="").exists()
        assert Application.objects.get(pk=scheduled.pk).status == "scheduled"

    def test_a_short_step_whose_benchmarking_has_no_date_keeps_its_description(self, scheduled):
        """A date cleared in the admin must not stop the migration (and the deploy)."""
        from django.apps import apps

        ApplicationEvent.objects.filter(application=scheduled).update(code="", params={})
        ApplicationEvent.objects.filter(description__startswith="Silver Label").update(
            description="Silver Label applied for"
        )
        type(scheduled.first_benchmarking).objects.filter(
            pk=scheduled.first_benchmarking_id
        ).update(interview_date=None)
        MIGRATION.codes_from_descriptions(apps, None)
        kept = scheduled.events.get(description="Silver Label applied for")
        assert kept.code == "" and kept.text == "Silver Label applied for"
