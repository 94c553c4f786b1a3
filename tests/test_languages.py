"""English, Serbian Latin and Serbian Cyrillic: the switcher, the remembered choice, emails
in each recipient's language, numbers and dates in the language's conventions, and the
catalogues (the Cyrillic one generated from the Latin one, both compiled and complete)."""

import ast
import csv
import datetime as dt
import re
import sys
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation.template import templatize

from clusterbench.engagements import workflow
from clusterbench.engagements.models import Benchmarking
from clusterbench.languages.catalogues import cyrillic_from_latin, po_path
from clusterbench.languages.transliterate import to_cyrillic, to_latin
from clusterbench.numbers import NumberError, number_parse

from .engagement_fixtures import PASSWORD

sys.path.insert(0, str(Path(__file__).parent))
from translation_scan import templates_untranslated

SOURCE = Path(settings.BASE_DIR)
TEMPLATES = SOURCE / "templates"


def catalogue(locale: str) -> polib.POFile:
    return polib.pofile(str(po_path(locale)))


class TestTransliteration:
    def test_letters_and_digraphs_become_one_cyrillic_letter_each(self):
        assert to_cyrillic("ljubav njiva džep đak ćup čaša šuma žaba") == (
            "љубав њива џеп ђак ћуп чаша шума жаба"
        )

    def test_capitalised_and_upper_case_digraphs(self):
        assert to_cyrillic("Ljubljana Njegoš Džakarta") == "Љубљана Његош Џакарта"
        assert to_cyrillic("LJUBAV NJIVA DŽEP") == "ЉУБАВ ЊИВА ЏЕП"

    def test_placeholders_markup_and_addresses_stay_as_written(self):
        text = 'Pogledaj %(name)s, %s i {count} na <a href="/nj/">linku</a> &amp;'
        assert (
            to_cyrillic(text) == 'Погледај %(name)s, %s и {count} на <a href="/nj/">линку</a> &amp;'
        )
        assert (
            to_cyrillic("https://lj.example/nj ana@lj.rs nj") == "https://lj.example/nj ana@lj.rs њ"
        )
        # A bare scheme, as a website field's placeholder shows it, is an address too.
        assert to_cyrillic("https://") == "https://"

    def test_the_product_international_acronyms_and_codes_stay_in_latin(self):
        assert to_cyrillic("ClusterBench, ECEI, PDF, P25, DNK0632C16, PDV") == (
            "ClusterBench, ECEI, PDF, P25, DNK0632C16, ПДВ"
        )

    def test_back_to_latin_writes_digraphs_in_the_case_of_their_word(self):
        assert to_latin("Љубљана ЉУБАВ Џеп џ") == "Ljubljana LJUBAV Džep dž"

    @pytest.mark.parametrize("locale", ["sr_Latn"])
    def test_every_catalogue_entry_survives_a_round_trip(self, locale):
        for entry in catalogue(locale):
            for text in [entry.msgstr, *entry.msgstr_plural.values()]:
                assert to_latin(to_cyrillic(text)) == text, text


class TestCatalogues:
    def test_the_cyrillic_catalogue_is_the_transliteration_of_the_latin_one(self):
        generated = {(e.msgctxt, e.msgid): e for e in cyrillic_from_latin(catalogue("sr_Latn"))}
        stored = {(e.msgctxt, e.msgid): e for e in catalogue("sr_Cyrl")}
        assert generated.keys() == stored.keys()
        for key, entry in stored.items():
            assert entry.msgstr == generated[key].msgstr
            assert entry.msgstr_plural == generated[key].msgstr_plural

    @pytest.mark.parametrize("locale", ["sr_Latn", "sr_Cyrl"])
    def test_the_compiled_catalogue_is_up_to_date(self, locale):
        po = catalogue(locale)
        mo = polib.mofile(str(po_path(locale).with_suffix(".mo")))
        translated = {
            (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in po.translated_entries()
        }
        compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo if e.msgid}
        assert compiled == translated, "run `clusterbench build_catalogues`"

    def test_every_entry_of_the_latin_catalogue_is_translated(self):
        po = catalogue("sr_Latn")
        assert not po.untranslated_entries()
        assert not po.fuzzy_entries()
        assert len(po.translated_entries()) > 500

    def test_the_software_is_called_an_application_not_goods(self):
        # "The product" (ClusterBench itself) is "aplikacija" in Serbian: "proizvod" is a
        # product made or sold (the reconcile page said "Proizvod zatim računa zbir").
        po = catalogue("sr_Latn")
        wrong = [
            e.msgstr
            for e in po.translated_entries()
            if re.search(r"\bthe product\b", e.msgid, re.I)
            and re.search(r"proizvod[a-z]*\b", e.msgstr, re.I)
        ]
        assert wrong == []

    def test_translations_keep_the_placeholders_of_their_message(self):
        import re

        placeholder = re.compile(r"%\(\w+\)[sd]|%%")
        for entry in catalogue("sr_Latn"):
            wanted = sorted(placeholder.findall(entry.msgid))
            texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
            for text in texts:
                assert sorted(placeholder.findall(text)) == wanted, entry.msgid


def _python_messages(path: Path) -> set[str]:
    names = {
        "_",
        "gettext",
        "gettext_lazy",
        "gettext_noop",
        "ngettext",
        "ngettext_lazy",
        "pgettext",
    }
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in names and node.args:
            # pgettext's first argument is the context; its message comes second.
            message = node.args[1 if node.func.id == "pgettext" else 0]
            if isinstance(message, ast.Constant):
                found.add(message.value)
    return found


def _template_messages(path: Path) -> set[str]:
    # Django's own conversion of a template to gettext calls, as makemessages does.
    return _python_messages_from_source(templatize(path.read_text(), origin=str(path)))


def _python_messages_from_source(source: str) -> set[str]:
    import re

    found = set()
    for match in re.finditer(r"\b(?:gettext|ngettext)\(u?'((?:[^'\\]|\\.)*)'", source):
        found.add(match.group(1).replace("\\'", "'").replace("\\\\", "\\"))
    return found


class TestMarkedText:
    def test_no_template_shows_text_that_is_not_marked_for_translation(self):
        assert templates_untranslated(TEMPLATES) == {}

    def test_every_marked_message_is_in_the_catalogue(self):
        known = {e.msgid for e in catalogue("sr_Latn").translated_entries()}
        marked = set()
        for path in SOURCE.rglob("*.py"):
            if "migrations" not in path.parts:
                marked |= _python_messages(path)
        for path in TEMPLATES.rglob("*.html"):
            marked |= _template_messages(path)
        assert len(marked) > 500
        assert sorted(marked - known) == []


class TestConventions:
    def test_serbian_writes_a_decimal_comma_and_serbian_month_names(self):
        day = dt.date(2026, 11, 25)
        with translation.override("sr-latn"):
            assert number_format(Decimal("2.5")) == "2,5"
            assert "novembar" in date_format(day, "j F Y")
        with translation.override("sr-cyrl"):
            assert number_format(Decimal("2.5")) == "2,5"
            assert "новембар" in date_format(day, "j F Y")
        with translation.override("en-gb"):
            assert number_format(Decimal("2.5")) == "2.5"

    def test_a_number_typed_with_either_separator_is_read_in_every_language(self):
        for language in ("en-gb", "sr-latn", "sr-cyrl"):
            with translation.override(language):
                for typed in ("2,5", "2.5"):
                    assert number_parse(typed, what="x", max_digits=5, decimal_places=2) == Decimal(
                        "2.5"
                    )

    def test_a_refused_number_is_explained_in_the_readers_language(self):
        with translation.override("sr-cyrl"), pytest.raises(NumberError) as refused:
            number_parse("1.200.000", what="Број", max_digits=12, decimal_places=2)
        assert "раздвајаче хиљада" in str(refused.value)


@pytest.mark.django_db
class TestSwitcher:
    def test_every_page_offers_the_three_languages(self, client):
        page = client.get(reverse("home")).content.decode()
        assert f'action="{reverse("set_language")}"' in page
        for code, name in settings.LANGUAGES:
            assert f'value="{code}"' in page and name in page

    def test_choosing_cyrillic_turns_the_page_into_cyrillic(self, client):
        response = client.post(reverse("set_language"), {"language": "sr-cyrl", "next": "/"})
        assert response.status_code == 302
        page = client.get(reverse("home")).content.decode()
        assert '<html lang="sr-cyrl">' in page
        assert "Бенчмаркинг кластерских организација" in page

    def test_a_logged_in_persons_choice_is_kept_and_follows_them_to_another_browser(
        self, client, people
    ):
        client.login(username="man", password=PASSWORD)
        client.post(reverse("set_language"), {"language": "sr-latn", "next": "/"})
        people.manager.refresh_from_db()
        assert people.manager.language == "sr-latn"
        from django.test import Client

        elsewhere = Client()
        elsewhere.login(username="man", password=PASSWORD)
        page = elsewhere.get(reverse("my_work")).content.decode()
        assert '<html lang="sr-latn">' in page and "Moji zadaci" in page

    @pytest.mark.parametrize("language", ["en-gb", "sr-latn", "sr-cyrl"])
    def test_each_language_is_named_in_itself_whatever_the_pages_language(self, client, language):
        page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
        switcher = page[page.index('id="language-choice"') : page.index("</select>")]
        options = re.findall(
            r'<option value="([^"]+)" lang="[^"]+"[^>]*>([^<]+)</option>', switcher
        )
        assert options == [
            ("en-gb", "English"),
            ("sr-latn", "Srpski (latinica)"),
            ("sr-cyrl", "Српски (ћирилица)"),
        ]

    def test_an_unknown_language_is_not_stored(self, client, people):
        client.login(username="man", password=PASSWORD)
        client.post(reverse("set_language"), {"language": "xx", "next": "/"})
        people.manager.refresh_from_db()
        assert people.manager.language == ""


@pytest.mark.django_db
def test_each_recipient_gets_the_email_in_their_own_language(
    framework, cluster, people, engagement_at, django_capture_on_commit_callbacks
):
    people.manager.language = "sr-cyrl"
    people.manager.save()
    engagement = engagement_at(framework, cluster, people, Benchmarking.Status.REQUESTED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.engagement_cancel(user=people.secretariat, benchmarking=engagement, reason="Test")
    by_recipient = {tuple(m.to): m for m in mail.outbox}
    serbian = by_recipient[("man@example.org",)]
    assert "Ангажман:" in serbian.body and "отказано" in serbian.body
    [english] = [m for m in mail.outbox if "exp@example.org" in m.to]
    assert "Engagement:" in english.body and "cancelled" in english.body


class TestReferenceNames:
    """Countries and portfolios are stored in English and shown in the reader's language,
    in its alphabetical order; a label's status and date too."""

    def test_every_country_and_portfolio_has_a_serbian_name(self):
        from clusterbench.clusters.names import names_in
        from clusterbench.clusters.reference_data import COUNTRIES_CSV, PORTFOLIOS

        with COUNTRIES_CSV.open(encoding="utf-8", newline="") as stream:
            codes = {row["alpha2"] for row in csv.DictReader(stream)}
        for language in ("sr-latn", "sr-cyrl"):
            names = names_in(language)
            assert codes <= set(names["countries"])
            assert set(names["portfolios"]) == {slug for slug, _ in PORTFOLIOS}
            assert all(isinstance(name, str) and name for name in names["countries"].values())
        assert names_in("sr-latn")["countries"]["NO"] == "Norveška"  # a key, not "no"
        assert names_in("sr-cyrl")["countries"]["RS"] == "Србија"

    @pytest.mark.django_db
    def test_the_database_shows_them_in_the_readers_language(self, client, framework):
        from clusterbench.labels.models import Label

        from .engagement_fixtures import make_benchmarking, new_cluster

        belgrade = new_cluster("Кластер Београд", "RS", "ict")
        zlin = new_cluster("Zlín Food Network", "CZ", "food")
        for cluster in (belgrade, zlin, new_cluster("Berlin Digital", "DE", "ict")):
            make_benchmarking(framework, cluster, dt.date(2020, 1, 1))
        Label.objects.create(
            cluster=zlin,
            level="bronze",
            certificate_id="CZE001",
            valid_from=dt.date(2020, 1, 1),
            valid_until=dt.date(2022, 11, 30),
        )
        Label.objects.create(
            cluster=belgrade,
            level="bronze",
            certificate_id="SRB001",
            valid_from=dt.date(2025, 3, 1),
            valid_until=dt.date(2099, 3, 31),
        )
        latin = client.get("/database/", HTTP_ACCEPT_LANGUAGE="sr-latn").text
        rows = latin[latin.index('<table class="data" id="clusters">') :]
        for english in ("Serbia", "Czechia", "Germany", "ICT", "Food industry", ">expired<"):
            assert english not in rows, english
        for serbian in ("Srbija", "Češka", "Nemačka", "IKT", "Prehrambena industrija"):
            assert serbian in rows, serbian
        # Serbian writes the day as an ordinal and the month out: not Django's "31 Mar. 2099".
        assert "istekla" in rows and "Bronzana, 31. marta 2099." in rows and "Mar. 2099" not in rows
        # The country filter in the abeceda: Č after C and before D
        countries = re.findall(r'<option value="[A-Z]{2}"[^>]*>([^<]+)</option>', latin)
        assert countries == ["Češka", "Nemačka", "Srbija"]
        cyrillic = client.get("/database/", HTTP_ACCEPT_LANGUAGE="sr-cyrl").text
        assert "Србија" in cyrillic and "ИКТ" in cyrillic and "Serbia" not in cyrillic
        countries = re.findall(r'<option value="[A-Z]{2}"[^>]*>([^<]+)</option>', cyrillic)
        assert countries == ["Немачка", "Србија", "Чешка"]  # the azbuka: Ч near the end
        english = client.get("/database/", HTTP_ACCEPT_LANGUAGE="en-gb").text
        assert "Serbia" in english and "Food industry" in english and ">expired<" in english

    @pytest.mark.django_db
    def test_a_clusters_label_history_says_its_status_in_the_readers_language(
        self, client, framework
    ):
        from clusterbench.labels.models import Label

        from .engagement_fixtures import make_benchmarking, new_cluster

        zlin = new_cluster("Zlín Food Network", "CZ", "food")
        make_benchmarking(framework, zlin, dt.date(2020, 1, 1))
        Label.objects.create(
            cluster=zlin,
            level="bronze",
            certificate_id="CZE001",
            valid_from=dt.date(2020, 1, 1),
            valid_until=dt.date(2022, 11, 30),
        )
        page = client.get(f"/clusters/{zlin.pk}/", HTTP_ACCEPT_LANGUAGE="sr-latn").text
        history = page[page.index("<tbody>") : page.index("</tbody>")]
        assert "<td>istekla</td>" in history and "expired" not in history
        # A date ending a sentence ends it once: no "2022.." where Serbian's date of its
        # own ends with a point.
        assert "30. novembra 2022." in page and "2022.." not in page
        verified = client.get("/verify/CZE001/", HTTP_ACCEPT_LANGUAGE="sr-latn").text
        assert "30. novembra 2022." in verified and "2022.." not in verified
        # "sertifikat ... je istekao": the certificate's own gender, not the label's "istekla"
        assert "<strong>istekao</strong>" in verified
