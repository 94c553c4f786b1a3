"""The framework's text in the reader's language: area names and descriptions, and per
indicator its name, question, help, unit and level names.

A translation belongs to one framework version: frameworks/translations/<version>/
<language>.yaml, keyed by the codes of that version (a new version gets its own file).
Serbian Cyrillic is the transliteration of the Serbian Latin file, so the two scripts
never drift. What a translation leaves out is shown in English, from the framework.
"""

from functools import cache
from pathlib import Path

import yaml
from django.utils import translation

from clusterbench.languages.transliterate import to_cyrillic

from .spec import FrameworkError

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "frameworks" / "translations"
INDICATOR_FIELDS = ("name", "question", "help", "unit")
AREA_FIELDS = ("name", "description")
# A language written in another script of one that has a file: (source, transliteration).
DERIVED_SCRIPTS = {"sr-cyrl": ("sr-latn", to_cyrillic)}


def translation_path(version: str, language: str) -> Path:
    return TRANSLATIONS_DIR / version / f"{language}.yaml"


def _checked(data: object, path: Path) -> dict:
    """The file's areas and indicators, or FrameworkError naming what is wrong."""
    if not isinstance(data, dict):
        raise FrameworkError(f"{path}: must be a mapping with areas and indicators")
    areas, indicators = data.get("areas") or {}, data.get("indicators") or {}
    for code, fields in {**areas, **indicators}.items():
        if not isinstance(fields, dict):
            raise FrameworkError(f"{path}: {code} must be a mapping of fields")
    for code, fields in areas.items():
        unknown = set(fields) - set(AREA_FIELDS)
        if unknown:
            raise FrameworkError(f"{path}: area {code} has unknown fields {sorted(unknown)}")
    for code, fields in indicators.items():
        unknown = set(fields) - {*INDICATOR_FIELDS, "levels"}
        if unknown:
            raise FrameworkError(f"{path}: indicator {code} has unknown fields {sorted(unknown)}")
        if "levels" in fields and not isinstance(fields["levels"], list):
            raise FrameworkError(f"{path}: indicator {code}: levels must be a list of names")
    return {"areas": areas, "indicators": indicators}


def _transliterated(tree, convert):
    if isinstance(tree, dict):
        return {key: _transliterated(value, convert) for key, value in tree.items()}
    if isinstance(tree, list):
        return [_transliterated(value, convert) for value in tree]
    return convert(tree) if isinstance(tree, str) else tree


@cache
def framework_translation(version: str, language: str) -> dict:
    """{"areas": {code: fields}, "indicators": {code: fields}} of one framework version in
    one language; empty for English or a language without a translation."""
    if language in DERIVED_SCRIPTS:
        source, convert = DERIVED_SCRIPTS[language]
        return _transliterated(framework_translation(version, source), convert)
    path = translation_path(version, language)
    if not path.exists():
        return {"areas": {}, "indicators": {}}
    return _checked(yaml.safe_load(path.read_text(encoding="utf-8")), path)


def _language(language: str | None) -> str:
    return (language or translation.get_language() or "en").lower()


def area_text(
    version: str, code: str, field: str, english: str, language: str | None = None
) -> str:
    fields = framework_translation(version, _language(language))["areas"].get(code, {})
    return fields.get(field) or english


def indicator_text(
    version: str, code: str, field: str, english: str, language: str | None = None
) -> str:
    fields = framework_translation(version, _language(language))["indicators"].get(code, {})
    return fields.get(field) or english


def level_text(
    version: str, code: str, position: int, english: str, language: str | None = None
) -> str:
    fields = framework_translation(version, _language(language))["indicators"].get(code, {})
    levels = fields.get("levels") or []
    return levels[position] if position < len(levels) else english
