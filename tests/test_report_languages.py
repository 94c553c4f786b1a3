"""The report in Serbian on request: a language per engagement (English by default), the same
document model built with translated prose, framework texts, numbers and dates, in Latin or
Cyrillic script; both languages released side by side, each immutable and identified."""

import datetime as dt
import subprocess

import pikepdf
import pytest
from django.core.management import call_command
from django.utils import translation

from clusterbench import flow
from clusterbench.engagements import workflow
from clusterbench.engagements.models import Benchmarking
from clusterbench.errors import StepRefused
from clusterbench.labels.models import Label
from clusterbench.languages.formats import long_date
from clusterbench.methodology.translations import framework_translation
from clusterbench.reports import services
from clusterbench.reports.formatting import amount, counted, figure
from clusterbench.reports.models import ReportVersion
from clusterbench.reports.pdf import render_pdf
from tests.api_fixtures import bearer
from tests.engagement_fixtures import PASSWORD, make_benchmarking, new_cluster
from tests.english_words import cyrillic_share, english_prose, pdf_lines, pdf_text, words


@pytest.fixture
def released(framework, cluster, people):
    """An interview compared with 24 peers, its English report released."""
    for i in range(24):
        make_benchmarking(
            framework,
            new_cluster(f"Peer {i}", "RS" if i < 8 else "DE"),
            dt.date(2026, 1, 1),
            S1=20 + 5 * i,
            V4=1 + i % 9,
            M4=40 + 2 * i,
            F3=10 + 3 * i,
        )
    engagement = make_benchmarking(
        framework, cluster, dt.date(2026, 10, 1), status="scheduled", S1=31, M4=45, A5=None
    )
    engagement.expert = people.expert
    engagement.save()
    flow.interview_close(user=people.expert, benchmarking=engagement)
    services.report_draft_ready(user=None, benchmarking=engagement)
    workflow.review_start(user=people.expert, benchmarking=engagement)
    flow.report_release(user=people.secretariat, version=engagement.reports.get())
    return Benchmarking.objects.get(pk=engagement.pk)


def serbian_too(engagement, people, language="sr-latn") -> ReportVersion:
    """The manager asks for the report in Serbian; the secretariat releases it."""
    services.report_language_choose(user=people.manager, benchmarking=engagement, language=language)
    draft = engagement.reports.get(status="draft", language=language)
    return flow.report_release(user=people.secretariat, version=draft)


def report_text(version: ReportVersion) -> str:
    """The text a reader copies out of the stored PDF."""
    return pdf_text(version.pdf.path)


def names_and_quotations(engagement) -> set[str]:
    """The words of what a report shows as written: names, addresses, the expert's name,
    the report identifiers, the evidence noted with each answer."""
    cluster = engagement.cluster
    texts = [cluster.name, cluster.name_en, cluster.address, cluster.region, cluster.website]
    texts += [engagement.expert.get_full_name()]
    texts += list(engagement.reports.values_list("identifier", flat=True))
    texts += list(engagement.answers.values_list("evidence", flat=True))
    return set().union(*(words(t or "") for t in texts))


class TestTheSerbianReport:
    def test_its_pdf_has_the_translated_indicator_names_and_no_english_prose(
        self, released, people
    ):
        english = released.reports.get(language="en")
        serbian = serbian_too(released, people)
        text, english_text = report_text(serbian), report_text(english)
        names = framework_translation("2026.1", "sr-latn")["indicators"]
        for code, fields in names.items():
            assert f"{code} {fields['name']}" in text, code
        assert "Rezime" in text and "Preporuke" in text and "Rečnik pojmova" in text
        # Every word of the English report's prose that the Serbian report also contains,
        # names and quotations aside, is one Serbian spells the same way.
        leaked = english_prose(text, english_text, names_and_quotations(released))
        assert not leaked, sorted(leaked)

    def test_a_long_word_in_a_narrow_column_is_hyphenated_in_latin_too(self, released, people):
        # Typst's Serbian patterns are Cyrillic: before, "Medijana" stood whole in its
        # narrow column and ran into the next one ("Medijana P75").
        lines = pdf_lines(serbian_too(released, people).pdf.path).splitlines()
        assert "Medija\u00ad" in lines
        assert "Medijana" in report_text(released.reports.get(language="sr-latn"))

    def test_the_check_finds_english_prose(self, released, people):
        english = report_text(released.reports.get(language="en"))
        leaked = english_prose(english, english, names_and_quotations(released))
        assert {"the", "peers", "median", "withheld"} <= leaked

    def test_the_cyrillic_report_is_in_cyrillic(self, released, people):
        text = report_text(serbian_too(released, people, "sr-cyrl"))
        cyrillic = framework_translation("2026.1", "sr-cyrl")["indicators"]
        latin = framework_translation("2026.1", "sr-latn")["indicators"]
        assert f"S1 {cyrillic['S1']['name']}" in text and "Резиме" in text
        assert latin["S1"]["name"] not in text
        # Latin letters remain only in what is never transliterated: names written in
        # Latin, codes (S1, P25, ECEI), the identifier, addresses.
        assert cyrillic_share(text) > 0.85, cyrillic_share(text)

    def test_numbers_and_dates_follow_serbian(self):
        with translation.override("sr-latn"):
            assert figure(4.5, "years") == "4,5 godine"
            assert figure(21, "participants") == "21 učesnik"
            assert figure(24, "participants") == "24 učesnika"
            assert amount(120000, "EUR") == "120.000 EUR"
            assert long_date(dt.date(2026, 11, 5)) == "5. novembra 2026"
            assert counted("poen|poena|poena", "21") == "poen"
        with translation.override("sr-cyrl"):
            assert figure(4.5, "years") == "4,5 године"
        with translation.override("en"):
            assert figure(4.5, "years") == "4.5 years"
            assert amount(120000, "EUR") == "EUR 120,000"
            assert long_date(dt.date(2026, 11, 5)) == "5 November 2026"


class TestBothLanguagesReleased:
    def test_side_by_side_each_immutable_and_identified(self, released, people):
        english = released.reports.get(language="en")
        serbian = serbian_too(released, people)
        assert serbian.language == "sr-latn" and serbian.is_released
        assert serbian.identifier != english.identifier
        assert serbian.country_number == english.country_number
        assert serbian.identifier[:12] == english.identifier[:12]  # country, number, month
        assert serbian.snapshot_id == english.snapshot_id  # the same figures
        assert serbian.replaces is None
        released.refresh_from_db()
        assert released.status == Benchmarking.Status.RELEASED
        assert Label.objects.filter(report__benchmarking=released).count() <= 1
        # Each stays as released: a second release of either is refused.
        with pytest.raises(StepRefused):
            flow.report_release(user=people.secretariat, version=serbian)
        assert serbian.document["language"] == "sr-latn"
        assert english.document["language"] == "en"
        latest = released.events.last()
        assert latest.text == (
            f"Report version {serbian.number} released in Serbian (Latin script): "
            f"{serbian.identifier}"
        )
        with translation.override("sr-latn"):
            assert latest.text.startswith(f"Objavljena verzija {serbian.number} izveštaja; jezik: ")

    def test_the_pdf_metadata_names_its_language(self, released, people):
        serbian = serbian_too(released, people, "sr-cyrl")
        with pikepdf.open(serbian.pdf.path) as pdf:
            assert str(pdf.Root.Lang).startswith("sr")
            assert "language: sr-Cyrl" in str(pdf.docinfo["/Keywords"])
        with pikepdf.open(released.reports.get(language="en").pdf.path) as pdf:
            assert str(pdf.Root.Lang) == "en"
            assert "language: en" in str(pdf.docinfo["/Keywords"])

    def test_a_correction_replaces_the_version_of_its_own_language(self, released, people):
        serbian = serbian_too(released, people)
        correction = services.report_correct(user=people.secretariat, version=serbian)
        assert correction.language == "sr-latn" and correction.replaces == serbian
        fixed = flow.report_release(user=people.secretariat, version=correction)
        assert fixed.country_number == serbian.country_number

    def test_every_version_compares_with_the_peers_of_the_first_release(
        self, framework, released, people
    ):
        # A peer benchmarked after the English release, before a correction is drafted and
        # the report asked for in Serbian: neither version counts it.
        english = released.reports.get(language="en")
        make_benchmarking(framework, new_cluster("Newcomer", "RS"), dt.date(2026, 9, 1), V4=7)
        correction = services.report_correct(user=people.secretariat, version=english)
        serbian = serbian_too(released, people)
        assert correction.snapshot_id == serbian.snapshot_id == english.snapshot_id
        fixed = flow.report_release(user=people.secretariat, version=correction)
        assert services.report_build(fixed).sections == services.report_build(english).sections

    def test_the_reports_list_and_the_engagement_page_show_the_language(
        self, client, released, people
    ):
        serbian = serbian_too(released, people)
        client.login(username="man", password=PASSWORD)
        page = client.get(f"/engagements/{released.pk}/report/?version={serbian.number}").text
        assert 'id="versions"' in page and "Serbian (Latin script)" in page
        assert 'lang="sr-Latn"' in page and "Rezime" in page
        detail = client.get(f"/engagements/{released.pk}/").text
        assert "The released report in Serbian (Latin script)" in detail
        assert "The released report in English" in detail
        pdf = client.get(f"/engagements/{released.pk}/report/pdf/?version={serbian.number}")
        assert pdf.status_code == 200
        assert serbian.identifier in pdf["Content-Disposition"]

    def test_the_api_lists_each_versions_language(self, client, released, people, tokens):
        serbian_too(released, people)
        body = client.get(
            f"/api/v1/engagements/{released.pk}/reports", **bearer(tokens["manager"])
        ).json()
        assert [(v["number"], v["language"]) for v in body["items"]] == [(2, "sr-latn"), (1, "en")]
        detail = client.get(f"/api/v1/engagements/{released.pk}", **bearer(tokens["manager"]))
        assert detail.json()["report_language"] == "sr-latn"


@pytest.mark.django_db
class TestChoosingTheLanguage:
    def test_english_unless_the_cluster_asks(self, framework, cluster):
        engagement = make_benchmarking(framework, cluster, None, status="requested")
        assert engagement.report_language == "en"

    def test_the_manager_chooses_it_on_the_engagement_page(
        self, client, framework, cluster, people
    ):
        engagement = make_benchmarking(framework, cluster, None, status="requested")
        client.login(username="man", password=PASSWORD)
        page = client.get(f"/engagements/{engagement.pk}/").text
        assert 'id="report-language-form"' in page
        response = client.post(
            f"/engagements/{engagement.pk}/report-language/", {"language": "sr-cyrl"}
        )
        assert response.status_code == 302
        engagement.refresh_from_db()
        assert engagement.report_language == "sr-cyrl"
        assert engagement.events.filter(description__contains="Serbian (Cyrillic").exists()

    def test_only_its_managers_and_the_secretariat_choose(self, framework, cluster, people):
        engagement = make_benchmarking(framework, cluster, None, status="requested")
        for user in (people.expert, people.other_manager, people.coordinator):
            with pytest.raises(StepRefused, match="choose the report's language"):
                services.report_language_choose(
                    user=user, benchmarking=engagement, language="sr-latn"
                )
        services.report_language_choose(
            user=people.secretariat, benchmarking=engagement, language="sr-latn"
        )

    def test_an_unknown_language_is_refused_with_the_choices(self, framework, cluster, people):
        engagement = make_benchmarking(framework, cluster, None, status="requested")
        with pytest.raises(StepRefused, match="English, Serbian"):
            services.report_language_choose(
                user=people.manager, benchmarking=engagement, language="de"
            )
        engagement.refresh_from_db()
        assert engagement.report_language == "en"

    def test_a_closed_interview_is_drafted_in_the_chosen_language(self, framework, cluster, people):
        for i in range(6):
            make_benchmarking(framework, new_cluster(f"Peer {i}", "RS"), dt.date(2026, 1, 1))
        engagement = make_benchmarking(framework, cluster, dt.date(2026, 10, 1), status="scheduled")
        engagement.expert = people.expert
        engagement.report_language = "sr-latn"
        engagement.save()
        flow.interview_close(user=people.expert, benchmarking=engagement)
        draft = services.report_draft_ready(user=None, benchmarking=engagement)
        assert draft.language == "sr-latn"
        document = services.report_build(draft)
        assert document.sections[0].title == "Rezime"
        assert render_pdf(document)[:4] == b"%PDF"


def test_the_render_command_renders_a_language(released, people, tmp_path):
    output = tmp_path / "r.pdf"
    call_command("render", str(released.pk), "--language", "sr-latn", "-o", str(output))
    text = subprocess.run(
        ["pdftotext", str(output), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Izveštaj o benčmarkingu upravljanja klasterom" in text
