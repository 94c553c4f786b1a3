"""Every document other than the report in the reader's language: the quote, the network
brief (PDF and CSV), the certificate and the label files in the language of the person
downloading them, the engagement's timeline on its page and in each person's e-mail, and
the confirmation pages of the steps that cannot be undone. In Serbian no English prose
remains (the report's check, tests/english_words.py), the Cyrillic ones are in Cyrillic
(from the catalogue, never transliterated in code), numbers have a decimal comma and
dates Serbian month names."""

import csv
import datetime as dt
import importlib
import io
import re
import zipfile
import zoneinfo
from decimal import Decimal

import icalendar
import pikepdf
import pytest
import yaml
from django.core import mail
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.formats import date_format

from clusterbench.engagements import workflow
from clusterbench.engagements.calendar import interview_ics
from clusterbench.engagements.models import Benchmarking, EngagementEvent
from clusterbench.engagements.steps import STEP_TEXTS, step_text
from clusterbench.labels.files import certificate_pdf, label_files_zip
from clusterbench.labels.models import Label
from clusterbench.languages.formats import long_date, month, weekday_time
from clusterbench.methodology.translations import framework_translation
from clusterbench.offers import quotes
from clusterbench.offers.models import QuoteLine
from clusterbench.offers.pricing import BUNDLED_PRICE_LIST, BUNDLED_TEXTS
from clusterbench.offers.quote_document import line_text, quote_data
from tests.engagement_fixtures import make_benchmarking, new_cluster
from tests.english_words import SHARED_WORDS, cyrillic_share, english_prose, pdf_text, words

S = Benchmarking.Status


def as_reader(client, user, language: str):
    """The client logged in as user, who chose language ("" for the site's default)."""
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)
    return client


def latin_prose(text: str, names: set[str]) -> set[str]:
    """The words written in Latin letters that are neither names nor words every language
    writes so: in a Cyrillic document, what was left untranslated or transliterated away."""
    return words(text) - names - SHARED_WORDS


def names_in(*texts: str) -> set[str]:
    return set().union(*(words(t or "") for t in texts))


def date_format_in(language: str, moment: dt.datetime) -> str:
    """A time as the timeline writes one, in a language: "Tuesday 12 January 2027, 11:00",
    "utorak, 12. januara 2027, 11:00"."""
    written = "l j F Y, H:i" if language == "en" else "l, j. E Y, H:i"
    with translation.override(language):
        return date_format(moment, written)


class TestDates:
    def test_a_long_date_in_each_language_and_script(self):
        day = dt.date(2026, 11, 5)
        with translation.override("en"):
            assert long_date(day) == "5 November 2026"
        with translation.override("sr-latn"):
            assert long_date(day) == "5. novembra 2026"
        with translation.override("sr-cyrl"):  # the format is not transliterated
            assert long_date(day) == "5. новембра 2026"

    def test_serbian_names_the_month_of_a_day_in_the_genitive_and_a_month_alone_not(self):
        """ "do 23. decembra", not "do 23. decembar"; "decembar 2027" for the month alone."""
        day = dt.date(2027, 12, 23)
        genitive = ("januara", "februara", "marta", "aprila", "maja", "juna", "jula")
        genitive += ("avgusta", "septembra", "oktobra", "novembra", "decembra")
        with translation.override("sr-latn"):
            assert [long_date(dt.date(2027, m, 1)) for m in range(1, 13)] == [
                f"1. {name} 2027" for name in genitive
            ]
            assert date_format(day, "DATE_FORMAT") == "23. decembra 2027."
            assert date_format(day, "SHORT_DATE_FORMAT") == "23. decembra 2027."
            assert date_format(day, "MONTH_DAY_FORMAT") == "23. decembra"
            assert month(day) == "decembar 2027"
            moment = dt.datetime(2027, 12, 23, 14, 0)
            assert weekday_time(moment) == "četvrtak, 23. decembra 2027, 14:00"
        with translation.override("sr-cyrl"):
            assert long_date(day) == "23. децембра 2027"
            assert date_format(day, "DATE_FORMAT") == "23. децембра 2027."
            assert month(day) == "децембар 2027"
        with translation.override("en"):
            assert date_format(day, "DATE_FORMAT") == "23 December 2027"
            assert weekday_time(moment) == "Thursday 23 December 2027, 14:00"


# --- the quote ---------------------------------------------------------------------


@pytest.fixture
def quoted(framework, cluster, people):
    engagement = workflow.engagement_request(user=people.manager, cluster=cluster)
    return quotes.quote_issue(
        user=people.secretariat,
        benchmarking=engagement,
        travel="1320.50",
        accommodation="99.99",
    )


def quote_names(quote) -> set[str]:
    """What a quote shows as written: the supplier's and the client's names, addresses,
    numbers."""
    supplier = quotes.price_list_current().supplier
    cluster = quote.benchmarking.cluster
    return names_in(
        supplier.name,
        " ".join(supplier.address),
        supplier.email,
        supplier.vat_number,
        cluster.name,
        cluster.name_en,
        cluster.address,
        quote.number,
    )


def quote_pdf_text(client, quote, people, language: str) -> str:
    url = f"/engagements/{quote.benchmarking_id}/quote/{quote.pk}/pdf/"
    response = as_reader(client, people.manager, language).get(url)
    assert response.status_code == 200
    return pdf_text(response.content)


class TestTheQuote:
    def test_the_serbian_pdf_has_no_english_prose(self, client, quoted, people):
        english = quote_pdf_text(client, quoted, people, "")
        serbian = quote_pdf_text(client, quoted, people, "sr-latn")
        assert "Ponuda" in serbian and "Ukupno" in serbian and "Srbija" in serbian
        # The fee, travel and accommodation from the catalogue; the VAT note too.
        assert "Benčmarking klasterske organizacije" in serbian
        assert "PDV se ne obračunava" in serbian
        # Amounts with a decimal comma, dates with Serbian month names.
        assert "1.850,00" in serbian and "1.320,50" in serbian and "3.270,49" in serbian
        issued = quoted.issued_on
        with translation.override("sr-latn"):
            assert f"{issued.day}. " in serbian and translation.gettext("Quote") == "Ponuda"
        month = ["januara", "februara", "marta", "aprila", "maja", "juna", "jula", "avgusta",
                 "septembra", "oktobra", "novembra", "decembra"][issued.month - 1]  # fmt: skip
        assert f"{issued.day}. {month} {issued.year}" in serbian
        leaked = english_prose(serbian, english, quote_names(quoted))
        assert not leaked, sorted(leaked)

    def test_the_check_finds_the_english_quote_english(self, client, quoted, people):
        english = quote_pdf_text(client, quoted, people, "")
        assert {"quote", "valid", "until", "total", "travel"} <= english_prose(
            english, english, quote_names(quoted)
        )
        assert "1,850.00" in english and "3,270.49" in english

    def test_the_cyrillic_pdf_is_in_cyrillic(self, client, quoted, people):
        text = quote_pdf_text(client, quoted, people, "sr-cyrl")
        assert "Понуда" in text and "Укупно" in text and "ПДВ" in text
        with translation.override("sr-cyrl"):
            assert long_date(quoted.valid_until) in text
        assert not latin_prose(text, quote_names(quoted)), sorted(latin_prose(text, set()))
        assert cyrillic_share(text) > 0.6

    def test_the_pdf_declares_its_language(self, client, quoted, people):
        url = f"/engagements/{quoted.benchmarking_id}/quote/{quoted.pk}/pdf/"
        pdf = as_reader(client, people.manager, "sr-latn").get(url).content
        with pikepdf.open(io.BytesIO(pdf)) as opened:
            assert str(opened.Root.Lang).startswith("sr")

    def test_the_quote_page_shows_the_lines_in_serbian(self, client, quoted, people):
        page = as_reader(client, people.manager, "sr-latn").get(
            f"/engagements/{quoted.benchmarking_id}/quote/"
        )
        assert "Putni troškovi eksperta" in page.text and "3.270,49" in page.text
        assert "Travel of the expert" not in page.text

    def test_a_discount_line_is_written_from_the_quotes_figures(self, quoted):
        line = QuoteLine(kind="discount", description="as stored", amount=Decimal("-185.00"))
        quoted.discount_percent, quoted.group_clusters = Decimal("12.5"), 5
        with translation.override("sr-latn"):
            assert line_text(line, quoted) == (
                "Popust za grupnu ponudu: 12,5 % naknade za benčmarking (5 klastera)"
            )
        with translation.override("en"):
            assert line_text(line, quoted) == (
                "Group bid discount: 12.5 % of the benchmarking fee (5 clusters)"
            )
        quoted.group_clusters = None  # issued before quotes kept their group's size
        assert line_text(line, quoted) == "as stored"

    def test_the_bundled_price_lists_texts_are_the_catalogues_messages(self):
        data = yaml.safe_load(BUNDLED_PRICE_LIST.read_text(encoding="utf-8"))
        texts = {
            data["fee"]["description"],
            data["travel"]["description"],
            data["accommodation"]["description"],
            data["vat"]["reverse_charge_note"],
            data["vat"]["outside_note"],
        }
        assert texts == set(BUNDLED_TEXTS)
        with translation.override("sr-latn"):
            for text in texts:
                assert translation.gettext(text) != text, text

    def test_a_deployments_own_wording_is_shown_as_written(self, quoted):
        quoted.lines.filter(kind="fee").update(description="Our own benchmarking package")
        with translation.override("sr-latn"):
            data = quote_data(quoted, quotes.price_list_current())
        assert data["lines"][0]["description"] == "Our own benchmarking package"


# --- the network brief -------------------------------------------------------------


@pytest.fixture
def compared(framework, people):
    """Eight benchmarked non-members and six benchmarked members of the network."""
    for i in range(8):
        make_benchmarking(framework, new_cluster(f"Outsider {i}"), dt.date(2025, 3, 1), S1=40 + i)
    for i in range(6):
        member = new_cluster(f"Member {i}", country="RS")
        make_benchmarking(framework, member, dt.date(2025, 5, 1), S1=100_000 + 10_000 * i)
        people.network.members.add(member)
    cache.clear()
    return people.network


def brief_texts(client, network, people, language: str) -> tuple[str, str]:
    as_reader(client, people.coordinator, language)
    pdf = client.get(f"/networks/{network.pk}/brief.pdf")
    figures = client.get(f"/networks/{network.pk}/brief.csv")
    assert pdf.status_code == 200 and figures.status_code == 200
    return pdf_text(pdf.content), figures.content.decode()


BRIEF_NAMES = names_in("Test network", "ClusterBench")


class TestTheNetworkBrief:
    def test_the_serbian_pdf_has_no_english_prose(self, client, compared, people):
        english, _ = brief_texts(client, compared, people, "")
        serbian, _ = brief_texts(client, compared, people, "sr-latn")
        assert "Oblasti upravljanja" in serbian and "Medijana mreže" in serbian
        areas = framework_translation("2026.1", "sr-latn")["areas"]
        for area in areas.values():
            assert area["name"] in serbian, area["name"]
        # The median of the members' S1 with a point between thousands.
        assert "130.000" in serbian or "Gde je mreža najslabija" in serbian
        leaked = english_prose(serbian, english, BRIEF_NAMES)
        assert not leaked, sorted(leaked)
        assert {"median", "where", "strongest", "clusters"} <= english_prose(
            english, english, BRIEF_NAMES
        )

    def test_the_cyrillic_pdf_is_in_cyrillic(self, client, compared, people):
        text, _ = brief_texts(client, compared, people, "sr-cyrl")
        assert "Области управљања" in text
        assert not latin_prose(text, BRIEF_NAMES), sorted(latin_prose(text, BRIEF_NAMES))
        assert cyrillic_share(text) > 0.8

    def test_the_csv_has_serbian_headers_and_names_and_numbers_a_machine_reads(
        self, client, compared, people
    ):
        _, english = brief_texts(client, compared, people, "")
        _, serbian = brief_texts(client, compared, people, "sr-latn")
        rows = list(csv.reader(io.StringIO(serbian)))
        assert rows[0] == ["odeljak", "šifra", "naziv", "jedinica", "mreža", "svi_klasteri"]
        english_rows = list(csv.DictReader(io.StringIO(english)))
        s1 = next(r for r in rows if r[0] == "medijana indikatora" and r[1] == "S1")
        s1_english = next(
            r for r in english_rows if r["section"] == "indicator median" and r["code"] == "S1"
        )
        assert s1[2] == framework_translation("2026.1", "sr-latn")["indicators"]["S1"]["name"]
        assert s1[4] == s1_english["network"] == "125000"  # the same figures
        assert len(rows) == len(english_rows) + 1
        leaked = english_prose(serbian, english, BRIEF_NAMES) - {"fte"}
        assert not leaked, sorted(leaked)

    def test_a_withheld_figure_says_so_in_serbian(self, client, framework, people):
        member = new_cluster("Lonely member", country="RS")
        make_benchmarking(framework, member, dt.date(2025, 5, 1))
        people.network.members.add(member)
        cache.clear()
        pdf, figures = brief_texts(client, people.network, people, "sr-latn")
        assert "Manje od 5 članova ima objavljen benčmarking" in pdf
        assert "uskraćeno" in figures and "withheld" not in figures


# --- the certificate and the label files -----------------------------------------


@pytest.fixture
def label(framework, cluster, people):
    make_benchmarking(framework, cluster, dt.date(2026, 4, 15))
    return Label.objects.create(
        cluster=cluster,
        level="bronze",
        certificate_id="SRB0012026",
        valid_from=dt.date(2026, 4, 15),
        valid_until=dt.date(2028, 4, 30),
        awarded_by=people.secretariat,
    )


def label_names(label) -> set[str]:
    return names_in(
        label.cluster.name,
        label.cluster.name_en,
        label.certificate_id,
        label.awarded_by.get_full_name(),
        "http://127.0.0.1:8000/verify/ ClusterBench",  # the verification address
    )


class TestTheCertificate:
    def test_the_serbian_certificate_has_no_english_prose(self, client, label, people):
        url = f"/labels/{label.certificate_id}/certificate.pdf"
        english = pdf_text(as_reader(client, people.manager, "").get(url).content)
        serbian = pdf_text(as_reader(client, people.manager, "sr-latn").get(url).content)
        for expected in ("Sertifikat", "Bronzana oznaka", "Na putu ka izvrsnosti klastera",
                         "Srbija", "Intervju 15. aprila 2026", "30. aprila 2028"):  # fmt: skip
            assert expected in serbian, expected
        leaked = english_prose(serbian, english, label_names(label))
        assert not leaked, sorted(leaked)
        assert {"certificate", "awarded", "valid", "issued"} <= english_prose(
            english, english, label_names(label)
        )

    def test_the_cyrillic_certificate_is_in_cyrillic(self, label):
        with translation.override("sr-cyrl"):
            pdf = certificate_pdf(label)
        text = pdf_text(pdf)
        assert "Сертификат" in text and "Бронзана ознака" in text and "Србија" in text
        assert not latin_prose(text, label_names(label))
        with pikepdf.open(io.BytesIO(pdf)) as opened:
            assert str(opened.Root.Lang).startswith("sr")

    def test_the_label_files_are_in_the_readers_language(self, label):
        with translation.override("sr-latn"):
            archive = zipfile.ZipFile(io.BytesIO(label_files_zip(label)))
        svg = archive.read("bronze-label-2028.svg").decode()  # the same names in every language
        assert "BRONZANA" in svg and "IZVRSNOST KLASTERA" in svg and "važi do 2028." in svg
        assert "Na putu ka izvrsnosti klastera" in svg
        assert not re.search(r"BRONZE|LABEL|EXCELLENCE|valid until|Striving", svg)
        text = pdf_text(archive.read("bronze-label-2028.pdf"))
        assert "BRONZANA" in text and "OZNAKA" in text
        with translation.override("sr-cyrl"):
            archive = zipfile.ZipFile(io.BytesIO(label_files_zip(label)))
        assert "БРОНЗАНА" in archive.read("bronze-label-2028.svg").decode()

    def test_the_badge_follows_the_readers_language(self, client, label):
        client.cookies["django_language"] = "sr-cyrl"
        badge = client.get(f"/clusters/{label.cluster_id}/badge.svg").text
        assert "БРОНЗАНА" in badge and "BRONZE" not in badge


# --- the timeline ------------------------------------------------------------------


class TestTheTimeline:
    def test_each_step_is_shown_in_the_readers_language(self, client, quoted, people):
        engagement = quoted.benchmarking
        page = as_reader(client, people.manager, "sr-latn").get(f"/engagements/{engagement.pk}/")
        assert f"Ponuda {quoted.number} izdata: 3.270,49 EUR" in page.text
        assert "Benčmarking zatražen" in page.text
        assert "Benchmarking requested" not in page.text and " issued: " not in page.text
        page = as_reader(client, people.manager, "sr-cyrl").get(f"/engagements/{engagement.pk}/")
        assert f"Понуда {quoted.number} издата: 3.270,49 EUR" in page.text
        english = as_reader(client, people.manager, "").get(f"/engagements/{engagement.pk}/")
        assert f"Quote {quoted.number} issued: 3,270.49 EUR" in english.text

    def test_the_description_keeps_the_english_sentence_as_recorded(self, quoted):
        event = quoted.benchmarking.events.last()
        assert event.code == "quote_issued"
        assert event.params == {
            "number": quoted.number,
            "amount": {"money": "3270.49", "currency": "EUR"},
        }
        assert event.description == f"Quote {quoted.number} issued: 3,270.49 EUR"

    def test_times_are_written_in_the_readers_language_and_the_clusters_zone(
        self, framework, cluster, people, engagement_at
    ):
        engagement = engagement_at(framework, cluster, people, S.ACCEPTED, interview_start=None)
        start = (timezone.now() + dt.timedelta(days=30)).replace(
            hour=9, minute=0, second=0, microsecond=0
        )
        workflow.slots_propose(
            user=people.manager,
            benchmarking=engagement,
            starts=[start],
            mode="video",
            location="https://meet.example/x",
        )
        event = engagement.events.get(code="times_proposed")
        local = start.astimezone(zoneinfo.ZoneInfo("Europe/Belgrade"))
        with translation.override("sr-latn"):
            text = event.text
            month = date_format(local, "E")  # the genitive: "decembra"
        assert text == (
            f"Predloženi termini intervjua: {date_format_in('sr-latn', local)} (Europe/Belgrade)"
        )
        assert month in text and f"{local:%H:%M}" in text
        with translation.override("en"):
            assert event.text == event.description

    def test_each_recipient_reads_the_step_in_their_language(
        self, framework, cluster, people, django_capture_on_commit_callbacks
    ):
        people.manager.language = "sr-cyrl"
        people.manager.save()
        engagement = workflow.engagement_request(user=people.manager, cluster=cluster)
        Benchmarking.objects.filter(pk=engagement.pk).update(expert=people.expert)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            quote = quotes.quote_issue(user=people.secretariat, benchmarking=engagement)
        by_recipient = {tuple(m.to): m for m in mail.outbox}
        serbian, english = by_recipient[("man@example.org",)], by_recipient[("exp@example.org",)]
        assert f"Понуда {quote.number} издата: 1.850,00 EUR" in serbian.subject
        assert f"Понуда {quote.number} издата" in serbian.body
        assert f"Quote {quote.number} issued: 1,850.00 EUR" in english.subject

    def test_the_calendar_invitation_is_in_the_readers_language(
        self, framework, cluster, people, engagement_at
    ):
        engagement = engagement_at(framework, cluster, people, S.SCHEDULED)
        with translation.override("sr-latn"):
            invitation = icalendar.Calendar.from_ical(interview_ics(engagement))
        [event] = invitation.walk("VEVENT")
        assert str(event["summary"]) == "Intervju za benčmarking: Belgrade Test Cluster"
        description = str(event["description"])
        assert "Intervju za benčmarking klastera" in description
        assert "(150 minuta, video-poziv)" in description and "Angažman: http" in description
        assert "minutes" not in description and "Engagement" not in description

    def test_every_step_has_a_serbian_sentence_with_its_placeholders(self):
        placeholder = re.compile(r"%\(\w+\)s")
        for code, message in STEP_TEXTS.items():
            with translation.override("en"):
                english = str(message)
            with translation.override("sr-latn"):
                serbian = str(message)
            assert serbian != english, code
            assert sorted(placeholder.findall(serbian)) == sorted(placeholder.findall(english))

    def test_a_step_recorded_before_codes_is_shown_as_described(self, quoted):
        engagement = quoted.benchmarking
        old = EngagementEvent.objects.create(
            benchmarking=engagement,
            from_status=engagement.status,
            to_status=engagement.status,
            description="Something an earlier version wrote",
        )
        with translation.override("sr-latn"):
            assert old.text == "Something an earlier version wrote"


MIGRATION = importlib.import_module("clusterbench.engagements.migrations.0003_event_codes")


class TestStepsRecordedBefore:
    """The data migration reads each step the workflow wrote in English back into its code
    and values: shown in English, it is the sentence it was."""

    @pytest.mark.parametrize(
        "description",
        [
            "Benchmarking requested",
            "Cancelled: the cluster postponed its benchmarking to next year",
            "Quote Q-2026-0012-1 issued: 2,460.50 EUR",
            "Quote Q-2026-0012-2 issued: 1,850.00 EUR, replacing Q-2026-0012-1",
            "Quote Q-2026-0012-2 accepted",
            "Quote Q-2026-0012-2 declined: Video please",
            "Joined the group bid Balkans 2027; a new quote will carry the group discount",
            "Left the group bid Balkans 2027",
            "Expert assigned: Ed Expert",
            "Interview times proposed: Tuesday 12 January 2027, 11:00; "
            "Wednesday 13 January 2027, 09:30 (Europe/Belgrade)",
            "Interview confirmed for Tuesday 12 January 2027, 11:00 (Europe/Belgrade)",
            "Interview closed; answers are read-only",
            "Interview closed; answers are read-only (closed before its scheduled time: "
            "held earlier by agreement)",
            "Interview re-opened: a missing answer",
            "Draft report ready",
            "Drafting the report failed after 3 attempts: KeyError. The secretariat has been told.",
            "Drafting the report failed: The report cannot be drawn: none of its fonts can "
            "show it.",
            "Review of the draft started",
            "Report language: Serbian (Cyrillic script)",
            "Report released",
        ],
    )
    def test_a_recorded_sentence_becomes_its_step(self, description):
        code, params = MIGRATION.step_of(description)
        with translation.override("en"):
            assert step_text(code, params) == description
        with translation.override("sr-latn"):
            assert step_text(code, params) != description

    def test_the_demonstrations_wording_loses_only_the_actor_shown_beside_it(self):
        assert MIGRATION.step_of("Benchmarking requested by Ana Petrović") == ("requested", {})
        assert MIGRATION.step_of("Quote Q-1 accepted by Ana Petrović")[0] == "quote_accepted"

    @pytest.mark.parametrize(
        "description",
        [
            "Interview confirmed for utorak 12 januar 2027, 11:00 (Europe/Belgrade)",
            "Something else entirely",
        ],
    )
    def test_what_it_cannot_read_keeps_no_code(self, description):
        assert MIGRATION.step_of(description) is None


# --- the confirmation pages --------------------------------------------------------


class TestConfirmationPages:
    def test_releasing_the_report_is_confirmed_in_serbian(
        self, client, framework, cluster, people, engagement_at
    ):
        from clusterbench.reports.services import report_draft_create

        engagement = engagement_at(
            framework, cluster, people, S.IN_REVIEW, interview_start=timezone.now()
        )
        version = report_draft_create(benchmarking=engagement)
        as_reader(client, people.secretariat, "sr-latn")
        page = client.post(f"/engagements/{engagement.pk}/report/release/").text
        assert "Objaviti izveštaj?" in page and "Objavi izveštaj" in page
        assert f"Verzija {version.number} izveštaja klastera" in page
        assert "Release the report" not in page and "gets its identifier" not in page

    def test_accepting_the_quote_is_confirmed_in_serbian(self, client, quoted, people):
        as_reader(client, people.manager, "sr-latn")
        page = client.post(f"/engagements/{quoted.benchmarking_id}/quote/{quoted.pk}/accept/").text
        assert f"Prihvatiti ponudu {quoted.number}?" in page and "3.270,49 EUR" in page
        assert "Accept quote" not in page

    def test_closing_the_interview_is_confirmed_in_serbian(
        self, client, framework, cluster, people, engagement_at
    ):
        engagement = engagement_at(
            framework, cluster, people, S.SCHEDULED, interview_start=timezone.now()
        )
        make_benchmarking_answers(framework, engagement)
        as_reader(client, people.expert, "sr-latn")
        page = client.post(f"/engagements/{engagement.pk}/close/").text
        assert "Zatvoriti intervju?" in page and "odgovora klastera" in page


def make_benchmarking_answers(framework, engagement):
    """Every asked indicator answered, as make_benchmarking answers them."""
    scratch = make_benchmarking(framework, new_cluster("Scratch"), dt.date(2026, 1, 1))
    for answer in scratch.answers.all():
        answer.pk, answer.benchmarking = None, engagement
        answer.save()
