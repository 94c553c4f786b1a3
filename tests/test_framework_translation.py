"""The questionnaire in Serbian: the framework's text translated in the framework data,
per framework version, and shown in the workspace and the self-assessment."""

import pytest
import yaml
from django.urls import reverse
from django.utils import translation

from clusterbench.engagements.models import Benchmarking
from clusterbench.languages.transliterate import to_cyrillic
from clusterbench.methodology.loader import bundled_framework_files
from clusterbench.methodology.translations import (
    framework_translation,
    indicator_text,
    translation_path,
)

from .engagement_fixtures import PASSWORD


def framework_data(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", bundled_framework_files(), ids=lambda p: p.stem)
def test_every_bundled_framework_is_translated_into_serbian_completely(path):
    data = framework_data(path)
    serbian = framework_translation(data["version"], "sr-latn")
    assert serbian["areas"].keys() == {a["code"] for a in data["areas"]}
    assert serbian["indicators"].keys() == {i["code"] for i in data["indicators"]}
    for area in serbian["areas"].values():
        assert area.get("name") and area.get("description")
    for indicator in data["indicators"]:
        text = serbian["indicators"][indicator["code"]]
        wanted = {"name", "help", "unit"} | ({"question"} if indicator.get("question") else set())
        assert wanted <= {field for field, value in text.items() if value}, indicator["code"]
        assert len(text.get("levels", [])) == len(indicator.get("levels", [])), indicator["code"]


def test_the_translation_belongs_to_its_framework_version():
    assert translation_path("2026.1", "sr-latn").parent.name == "2026.1"
    assert framework_translation("1999.1", "sr-latn") == {
        "title": "",
        "areas": {},
        "indicators": {},
        "criteria": {},
        "eligibility": {},
    }
    assert indicator_text("1999.1", "S1", "name", "English", "sr-latn") == "English"


def test_cyrillic_is_the_transliteration_of_the_latin_text():
    latin = framework_translation("2026.1", "sr-latn")["indicators"]["M7"]
    cyrillic = framework_translation("2026.1", "sr-cyrl")["indicators"]["M7"]
    assert cyrillic["question"] == to_cyrillic(latin["question"])
    assert cyrillic["levels"] == [to_cyrillic(level) for level in latin["levels"]]


def test_english_is_the_framework_itself():
    assert indicator_text("2026.1", "S1", "name", "Committed cluster participants", "en-gb") == (
        "Committed cluster participants"
    )


@pytest.mark.django_db
def test_the_self_assessment_asks_in_serbian_cyrillic(
    client, framework, cluster, people, engagement_at
):
    engagement = engagement_at(framework, cluster, people, Benchmarking.Status.ACCEPTED)
    people.manager.language = "sr-cyrl"
    people.manager.save()
    client.login(username="man", password=PASSWORD)
    page = client.get(reverse("interview_workspace", args=[engagement.pk])).content.decode()
    assert "<h1>Самопроцена:" in page
    assert "Колико посвећених учесника кластер има на дан овог интервјуа?" in page  # S1
    assert "<h2>Структура</h2>" in page
    m7_top_level = "Upravni odbor biraju učesnici, sa pravom odlučivanja"
    assert to_cyrillic(m7_top_level) in page
    assert "How many committed participants" not in page


@pytest.mark.django_db
def test_a_refused_answer_names_the_indicator_in_the_readers_language(
    client, framework, cluster, people, engagement_at
):
    engagement = engagement_at(framework, cluster, people, Benchmarking.Status.ACCEPTED)
    client.login(username="man", password=PASSWORD)
    with translation.override("sr-latn"):
        client.post(reverse("set_language"), {"language": "sr-latn", "next": "/"})
    response = client.post(
        reverse("answer_autosave", args=[engagement.pk, "S3"]),
        data='{"value": "120", "not_known": false, "evidence": "", "version": 0}',
        content_type="application/json",
    )
    message = response.json()["error"]
    assert "S3 (Udeo MSP među učesnicima iz privrede)" in message
    assert "broj od 0 do 100" in message


@pytest.mark.parametrize("path", bundled_framework_files(), ids=lambda p: p.stem)
def test_the_quality_indicators_and_the_baseline_are_translated_for_the_report(path):
    data = framework_data(path)
    serbian = framework_translation(data["version"], "sr-latn")
    assert serbian["title"]
    assert serbian["criteria"].keys() == {c["code"] for c in data["criteria"]}
    assert serbian["eligibility"].keys() == {e["indicator"] for e in data["eligibility"]}
