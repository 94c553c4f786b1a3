"""The report's fonts: every script the registry's clusters write their names and addresses
in (the demonstration's Latin, Greek, Cyrillic, Hebrew and Korean) is shown by a bundled
font, the same in the PDF, the HTML page and the charts; a character no bundled font has
never reaches Typst: a cluster's own name falls back to its English name with a note, any
other text is refused before rendering with a message naming the character and where it
is."""

import dataclasses
import datetime as dt
import io
import os
import re
import subprocess
import sys
import unicodedata

import pytest
import typst
from django.core.management import CommandError, call_command
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from clusterbench import flow, typefaces
from clusterbench.clusters.services import cluster_create
from clusterbench.demo import population
from clusterbench.engagements.models import Benchmarking, EngagementEvent
from clusterbench.errors import StepRefused
from clusterbench.interviews.qualitative import Qualitative, Story
from clusterbench.labels.files import certificate_pdf
from clusterbench.labels.models import Label
from clusterbench.reports import charts, fonts, services
from clusterbench.reports.build import report_document
from clusterbench.reports.document import Document, Facts
from clusterbench.reports.html import render_html
from clusterbench.reports.models import ReportVersion
from clusterbench.reports.pdf import TEMPLATE, UndisplayableText, render_pdf, typst_pdf
from tests.api_fixtures import bearer
from tests.engagement_fixtures import PASSWORD, make_benchmarking, new_cluster
from tests.test_report_content import demo_population, report_input_of

THAI = "คลัสเตอร์ยานยนต์"  # "automotive cluster"
CSS = typefaces.FONT_DIR.parent / "css" / "fonts.css"
TEMPLATES = [
    typefaces.FONT_DIR.parent.parent / "reports" / "typst" / "report.typ",
    typefaces.FONT_DIR.parent.parent / "networks" / "typst" / "brief.typ",
    typefaces.FONT_DIR.parent.parent / "labels" / "typst" / "certificate.typ",
    typefaces.FONT_DIR.parent.parent / "offers" / "typst" / "quote.typ",
]


def cluster_of(country: str):
    """The demonstration cluster of country most recently benchmarked."""
    found = [c for c in demo_population() if c.country == country]
    return max(found, key=lambda c: c.benchmarkings[-1].interview_date)


def input_of(country: str):
    return report_input_of(cluster_of(country), demo_population())


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def demonstration_texts() -> list[str]:
    """Every name and address the demonstration can give a cluster or a person: the naming
    material of every country (regions, cities, topics, name patterns, streets, people)."""
    found = []
    for country in population.load_country_data()["countries"]:
        for region in country["regions"]:
            found += [region["name"], region["city"], region["name_en"], region["city_en"]]
        found += list(country["topics"].values()) + country["patterns"] + country["streets"]
        found += [person["name"] for person in country["people"]]
    return found


def profile_of(document) -> dict[str, str]:
    """The profile's label-value pairs."""
    section = next(s for s in document.sections if s.id == "profile")
    return dict(next(b for b in section.blocks if isinstance(b, Facts)).items)


def font_cmap(name: str) -> set[int]:
    return set(TTFont(typefaces.FONT_DIR / name, lazy=True).getBestCmap())


class TestCoverage:
    def test_every_character_of_the_demonstration_names_and_addresses_is_covered(self):
        texts = demonstration_texts()
        assert any("청주" in t for t in texts) and any("חיפה" in t for t in texts)
        assert [t for t in texts if typefaces.uncovered(t)] == []

    def test_the_coverage_is_the_font_files_own(self):
        # Read from the font files themselves, not from the generated table.
        covered = set()
        for font in typefaces.FONTS:
            for name in font.faces.values():
                covered |= font_cmap(name)
        for text in demonstration_texts():
            for char in text:
                assert ord(char) in covered or not typefaces.needs_glyph(char), (char, text)
        for code in (0x0E01, 0x4E2D, 0x0627, 0x1F600):  # Thai, Han, Arabic, an emoji
            assert code not in covered
            assert typefaces.uncovered(chr(code)) == [chr(code)]

    def test_each_face_covers_what_its_regular_face_covers(self):
        # Bold Korean or Hebrew text must not fall through to another font.
        for font in typefaces.FONTS:
            if "bold" in font.faces:  # else bold text is set in the regular face
                regular = font_cmap(font.faces["regular"])
                assert regular <= font_cmap(font.faces["bold"]), font.family

    def test_the_korean_subset_has_every_hangul_syllable_and_no_han(self):
        korean = font_cmap("NotoSansCJKkr-Regular-Hangul.otf")
        assert set(range(0xAC00, 0xD7A4)) <= korean
        assert not any(0x4E00 <= code <= 0x9FFF for code in korean)

    def test_every_font_file_has_its_licence_beside_it(self):
        for font in typefaces.FONTS:
            licence = (typefaces.FONT_DIR / font.licence).read_text(encoding="utf-8")
            assert "SIL Open Font License, Version 1.1" in licence
            for name in font.faces.values():
                assert name in licence, (name, font.licence)

    def test_control_and_format_characters_need_no_glyph(self):
        # Typst lays them out without one (a bidi mark in a Hebrew address, a line break).
        for char in "\n\t\u200b\u200d\u200e\u200f\u2066\u00ad":
            assert typefaces.uncovered(f"a{char}b") == []


class TestKoreanAndHebrewReports:
    @pytest.mark.parametrize("country", ["KR", "IL"])
    def test_the_report_renders_with_the_native_name_and_address(self, country):
        data = input_of(country)
        assert typefaces.uncovered(data.cluster.name) == []
        document = report_document(data)
        assert document.cluster_name == data.cluster.name
        assert profile_of(document)["Address"] == data.cluster.address
        pdf = render_pdf(document)
        text = pdf_text(pdf)
        assert data.cluster.name_en in text
        if country == "KR":  # pypdf gives right-to-left text in its visual order
            assert data.cluster.name in text and data.cluster.address in text

    def test_the_korean_pdf_embeds_the_korean_font(self):
        import pikepdf

        pdf = render_pdf(report_document(input_of("KR")))
        with pikepdf.open(io.BytesIO(pdf)) as opened:
            names = {
                str(obj.get("/FontName"))
                for obj in opened.objects
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor"
            }
        assert any("NotoSansCJKkr" in name for name in names), names

    def test_the_html_file_embeds_a_fallback_font_only_when_the_report_needs_it(self):
        korean = render_html(report_document(input_of("KR")))
        serbian = render_html(report_document(input_of("RS")))
        assert '@font-face{font-family:"Noto Sans CJK KR"' in korean
        assert '@font-face{font-family:"Noto Sans CJK KR"' not in serbian
        assert '@font-face{font-family:"Noto Sans"' in serbian
        assert len(serbian) < len(korean) - 1_000_000  # the Korean font is not carried along
        # Of a fallback font only the regular face is embedded (a browser emboldens it).
        assert korean.count('@font-face{font-family:"Noto Sans CJK KR"') == 1


class TestOneFontStack:
    def test_typst_the_charts_and_the_web_page_name_the_same_fonts_in_the_same_order(self):
        families = [font.family for font in typefaces.FONTS]
        assert families[0] == "Noto Sans" and len(families) >= 3
        stack = ", ".join(f"'{family}'" for family in families) + ", sans-serif"
        assert f'font-family="{stack}"' in charts.radar([("Structure", 40)], reference=[])
        assert typefaces.CSS_STACK in CSS.read_text(encoding="utf-8")
        # The report and the network brief are set in this list; the certificate and the
        # quote in Typst's serif, followed by the same fallback fonts.
        fallbacks = ", ".join(f'"{family}"' for family in families[1:]) + ")"
        for template in TEMPLATES:
            source = template.read_text(encoding="utf-8")
            assert re.search(r"#set text\(font: \([^)]*" + re.escape(fallbacks), source), template
        for template in TEMPLATES[:2]:
            assert f'#set text(font: ("Noto Sans", {fallbacks}' in template.read_text("utf-8")

    def test_a_fallback_font_sets_in_typst_only_what_the_web_page_takes_from_it(self):
        # A character a fallback font has beyond its unicode-range (the browser would draw
        # it from another font) counts as not covered, so the PDF never shows it either.
        for char in ("\u27dc", "\u2bfe"):  # in the Math subset, outside its range
            assert ord(char) in font_cmap("NotoSansMath-Regular-Symbols.ttf")
            assert typefaces.uncovered(char) == [char]
        for font in typefaces.FONTS[1:]:
            ranges = typefaces.unicode_ranges(font)
            for code in range(0x80, 0x10000):
                if typefaces.font_of(chr(code)) is font:
                    assert any(low <= code <= high for low, high in ranges), hex(code)

    def test_the_web_page_loads_a_fallback_font_only_for_its_own_characters(self):
        css = CSS.read_text(encoding="utf-8")
        for font in typefaces.FONTS[1:]:
            rules = [r for r in css.split("@font-face")[1:] if f'"{font.family}"' in r]
            assert rules and all("unicode-range:" in rule for rule in rules), font.family


class TestChartLabels:
    def test_hangul_and_hebrew_are_measured_with_their_own_font(self):
        # Noto Sans CJK KR sets every Hangul syllable 0.92 em wide; not the widest glyph.
        assert fonts.text_width("청주", 10) == pytest.approx(18.4)
        hebrew = fonts.text_width("חיפה", 10)
        assert 10 < hebrew < 30
        assert fonts.text_width("Busan 부산", 10) == pytest.approx(
            fonts.text_width("Busan ", 10) + fonts.text_width("부산", 10)
        )

    def test_the_fallback_letters_fit_the_line_the_charts_allow(self):
        # Labels are placed by Noto Sans's ascender and descender; the letters of the other
        # fonts (arrows and signs, every seventh Hangul syllable, the jamo, every Hebrew
        # letter and point) stay inside them.
        from fontTools.pens.boundsPen import BoundsPen

        letters = {
            "Noto Sans Math": [*range(0x2190, 0x21A0), 0x2264, 0x2265, 0x2212, 0x221A],
            "Noto Sans CJK KR": [*range(0xAC00, 0xD7A4, 7), *range(0x3131, 0x318F)],
            "Noto Sans Hebrew": [*range(0x05B0, 0x05C3), *range(0x05D0, 0x05EB)],
        }
        for font in typefaces.FONTS[1:]:
            for name in font.faces.values():
                opened = TTFont(typefaces.FONT_DIR / name)
                glyphs, cmap = opened.getGlyphSet(), opened.getBestCmap()
                units = opened["head"].unitsPerEm
                for code in letters[font.family]:
                    pen = BoundsPen(glyphs)
                    glyphs[cmap[code]].draw(pen)
                    if pen.bounds:
                        assert pen.bounds[3] / units <= fonts.ASCENT_EM, (name, hex(code))
                        assert -pen.bounds[1] / units <= fonts.DESCENT_EM, (name, hex(code))

    def test_a_korean_label_wraps_inside_the_drawing(self):
        label = "Same portfolio: 충청북도 스마트제조 혁신클러스터 네트워크 " * 2
        svg = charts.distribution(
            [{"label": label, "shown": True, "note": "", "p10": 1, "p25": 2, "median": 3}],
            2,
        )
        assert "혁신클러스터" in svg


class TestCharactersNoFontHas:
    def thai(self, **changes):
        data = input_of("KR")
        cluster = dataclasses.replace(data.cluster, **changes)
        return dataclasses.replace(data, cluster=cluster)

    def test_a_name_no_font_shows_falls_back_to_the_english_name_with_a_note(self):
        data = self.thai(name=f"{THAI} ชลบุรี", name_en="Chonburi Automotive Cluster")
        document = report_document(data)
        assert document.cluster_name == ""  # the cover shows the English name alone
        assert typefaces.uncovered(" ".join(document.texts())) == []
        profile = profile_of(document)
        assert profile["English name"] == "Chonburi Automotive Cluster"
        assert "U+0E04 THAI CHARACTER KHO KHWAI" in profile["Name"]
        assert "English name" in profile["Name"]
        text = pdf_text(render_pdf(document))
        assert "Chonburi Automotive Cluster" in text and "THAI CHARACTER" in text
        assert 'class="own-name"' not in render_html(document)

    def test_in_a_serbian_report_the_headline_is_the_own_name_unless_no_font_shows_it(self):
        korean = report_document(dataclasses.replace(input_of("KR"), language="sr-latn"))
        assert korean.chrome["headline"] == input_of("KR").cluster.name
        assert korean.chrome["subline"] == input_of("KR").cluster.name_en
        data = self.thai(name=THAI, name_en="Chonburi Automotive Cluster")
        document = report_document(dataclasses.replace(data, language="sr-latn"))
        assert document.chrome["headline"] == "Chonburi Automotive Cluster"
        assert document.chrome["subline"] == ""
        name = profile_of(document)["Naziv"]
        assert name.startswith("Nije prikazano") and "U+0E04 THAI CHARACTER KHO KHWAI" in name
        text = pdf_text(render_pdf(document))
        assert "Chonburi Automotive Cluster" in text and "Nije prikazano" in text

    def test_an_address_no_font_shows_is_left_out_with_a_note(self):
        document = report_document(self.thai(address=f"99 ถนนสุขุมวิท, {THAI}"))
        address = profile_of(document)["Address"]
        assert "THAI CHARACTER" in address and "registry" in address
        render_pdf(document)  # renders

    def test_other_text_no_font_shows_is_refused_before_typst_with_a_named_message(self):
        story = Story(f"Partnership with {THAI}", 2025, "Three SMEs", "Two products")
        data = dataclasses.replace(input_of("IL"), qualitative=Qualitative(stories=(story,)))
        document = report_document(data)
        with pytest.raises(UndisplayableText) as refused:
            render_pdf(document)
        message = str(refused.value)
        assert "U+0E04 THAI CHARACTER KHO KHWAI" in message
        assert "Success stories" in message
        assert "Noto Sans CJK KR" in message  # which fonts were tried
        assert "Typst" not in message and "PDF/UA" not in message

    def test_an_emoji_in_the_summary_is_named(self):
        data = dataclasses.replace(input_of("KR"), summary="A strong year \U0001f600.")
        with pytest.raises(UndisplayableText, match="U\\+1F600 GRINNING FACE"):
            render_pdf(report_document(data))

    @pytest.mark.parametrize(
        "char",
        # A sample of categories: letters of scripts with and without a bundled font,
        # marks, symbols, spaces, format characters.
        "aé\u0301ßΩЖљאשׁ가ㄱ\u1100、·—…€→≥√∞\u2009\u3000\u200b\u200e\u00ad"
        "กا中あ\u2615\U0001f600\u1680\u2028\u0e31\u05c1",
    )
    def test_the_check_agrees_with_typst(self, char):
        # Typst itself, without the check: it fails exactly on what the check names.
        document = Document("Report", "Cluster", "Cluster", "ID", (("Name", f"a{char}b"),), "draft")
        uncovered = typefaces.uncovered(char)
        try:
            typst_pdf(TEMPLATE, "doc", document.as_dict(), pdf_standards=["ua-1"])
        except typst.TypstError:
            assert uncovered == [char], unicodedata.name(char, hex(ord(char)))
        else:
            assert uncovered == [], unicodedata.name(char, hex(ord(char)))
        if uncovered:
            with pytest.raises(UndisplayableText):
                render_pdf(document)


# --- through the product: drafting, the pages, the command and the API -----------------

KOREAN = {
    "name": "청주 스마트제조 네트워크",
    "name_en": "Cheongju Advanced Manufacturing Network",
    "country_code": "KR",
    "time_zone": "Asia/Seoul",
    "address": "세종대로 8, 청주",
}
HEBREW = {
    "name": "אשכול התעופה והחלל בחיפה",
    "name_en": "Haifa Aerospace Cluster",
    "country_code": "IL",
    "time_zone": "Asia/Jerusalem",
    "address": "רחוב הרצל 12, חיפה",
}


def closed_interview(framework, cluster, people):
    """A closed interview of cluster with a few peers; drafting runs inline in tests."""
    for i in range(6):
        make_benchmarking(framework, new_cluster(f"Peer {i}", "DE"), dt.date(2026, 1, 1), S1=40 + i)
    engagement = make_benchmarking(framework, cluster, dt.date(2026, 10, 1), status="scheduled")
    engagement.expert = people.expert
    engagement.save()
    flow.interview_close(user=people.expert, benchmarking=engagement)
    return Benchmarking.objects.get(pk=engagement.pk)


@pytest.fixture
def secretariat(client, people):
    client.raise_request_exception = False
    client.login(username="sec", password=PASSWORD)
    return client


class TestDraftingThroughTheProduct:
    @pytest.mark.parametrize("profile", [KOREAN, HEBREW], ids=["KR", "IL"])
    def test_a_closed_interview_of_a_korean_or_israeli_cluster_is_drafted_and_downloads(
        self, framework, people, secretariat, django_capture_on_commit_callbacks, profile
    ):
        cluster = cluster_create(portfolio_slug="ict", **profile)
        with django_capture_on_commit_callbacks(execute=True):
            engagement = closed_interview(framework, cluster, people)
        assert Benchmarking.objects.get(pk=engagement.pk).status == "draft_ready"
        response = secretariat.get(f"/engagements/{engagement.pk}/report/pdf/")
        assert response.status_code == 200
        text = pdf_text(response.content)
        assert profile["name_en"] in text
        if profile is KOREAN:
            assert profile["name"] in text and profile["address"] in text
        page = secretariat.get(f"/engagements/{engagement.pk}/report/").content.decode()
        assert profile["name"] in page and profile["address"] in page

    def test_a_text_no_font_has_stops_the_draft_at_once_with_the_named_message(
        self, framework, cluster, people, secretariat, django_capture_on_commit_callbacks
    ):
        people.expert.first_name = "สมชาย"  # the expert's name is on the cover
        people.expert.save()
        with django_capture_on_commit_callbacks(execute=True):
            engagement = closed_interview(framework, cluster, people)
        assert Benchmarking.objects.get(pk=engagement.pk).status == "interviewed"
        assert not ReportVersion.objects.filter(benchmarking=engagement).exists()
        [failure] = EngagementEvent.objects.filter(
            benchmarking=engagement, description__startswith="Drafting the report failed"
        )
        assert "U+0E2A THAI CHARACTER SO SUA" in failure.description
        assert "on the cover" in failure.description and "attempts" not in failure.description
        page = secretariat.get(f"/engagements/{engagement.pk}/").content.decode()
        assert "U+0E2A THAI CHARACTER SO SUA" in page
        again = secretariat.post(f"/engagements/{engagement.pk}/draft-ready/", follow=True)
        assert again.status_code == 200
        assert "none of its fonts" in again.content.decode()
        with pytest.raises(CommandError, match="U\\+0E2A THAI CHARACTER SO SUA"):
            call_command("render", engagement.pk, "-o", "/dev/null")

    def test_the_api_says_409_with_the_named_message(
        self, framework, cluster, people, tokens, client
    ):
        engagement = closed_interview(framework, cluster, people)  # drafting not run
        people.expert.first_name = "สมชาย"
        people.expert.save()
        response = client.post(
            f"/api/v1/engagements/{engagement.pk}/draft", **bearer(tokens["secretariat"])
        )
        assert response.status_code == 409
        assert "U+0E2A THAI CHARACTER SO SUA" in response.json()["detail"]

    def test_the_editor_refuses_a_summary_no_font_shows(
        self, framework, cluster, people, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            engagement = closed_interview(framework, cluster, people)
        version = engagement.reports.get()
        with pytest.raises(StepRefused, match="U\\+1F600 GRINNING FACE"):
            services.report_edit(
                user=people.expert,
                version=version,
                summary="A strong year \U0001f600",
                recommendations=[],
                expected_revision=0,
            )
        with pytest.raises(StepRefused, match="Recommendation 1, what"):
            services.report_edit(
                user=people.expert,
                version=version,
                summary="A strong year.",
                recommendations=[{"title": "Grow", "what": "Partner with คลัสเตอร์"}],
                expected_revision=0,
            )


class TestTheCertificate:
    def certificate(self, framework, **profile):
        cluster = cluster_create(portfolio_slug="ict", **profile)
        make_benchmarking(framework, cluster, dt.date(2026, 4, 15))
        label = Label.objects.create(
            cluster=cluster,
            level="bronze",
            certificate_id="KOR0012026",
            valid_from=dt.date(2026, 4, 15),
            valid_until=dt.date(2028, 4, 30),
        )
        return certificate_pdf(label)

    def test_a_korean_name_is_set_in_the_korean_font_not_as_empty_boxes(self, framework):
        import pikepdf

        pdf = self.certificate(framework, **KOREAN)
        assert KOREAN["name"] in pdf_text(pdf)
        with pikepdf.open(io.BytesIO(pdf)) as opened:
            names = {
                str(obj.get("/FontName"))
                for obj in opened.objects
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor"
            }
        assert any("NotoSansCJKkr" in name for name in names), names

    def test_a_name_no_font_has_gives_way_to_the_english_name(self, framework):
        profile = {**KOREAN, "name": THAI, "name_en": "Chonburi Automotive Cluster"}
        text = pdf_text(self.certificate(framework, **profile))
        assert "Chonburi Automotive Cluster" in text
        assert typefaces.uncovered(text) == []  # no Thai letter, nor its empty box


class TestFindingTheCharactersToCheck:
    def test_each_character_beyond_ascii_once_in_order_of_first_appearance(self):
        text = "Кластер ≥ 5 \u2013 Klaster ≥ 6 \u2013 כ 한 Кластер"
        assert typefaces.non_ascii(text) == list("Кластер≥\u2013כ한")
        assert typefaces.non_ascii("ASCII only, 100 %") == []


class TestTheStartOfRender:
    def test_drawing_a_released_report_imports_neither_numpy_nor_yaml(self):
        # `clusterbench render` of a released report: the command, the stored document and
        # the check of its characters, in a new process (NumPy would cost its start 40 ms,
        # PyYAML 13 ms).
        code = (
            "import sys, django; django.setup();"
            "import clusterbench.reports.management.commands.render;"
            "from clusterbench.reports.selectors import released_document;"
            "from clusterbench.typefaces import uncovered;"
            "uncovered('Кластер ≥ 5 \u2013 כ 한 \u0e01');"
            "print([name for name in ('numpy', 'yaml') if name in sys.modules])"
        )
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "clusterbench.settings", "DEBUG": "1"}
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "[]"
