"""The framework's text in the reader's language: area names and descriptions, per
indicator its name, question, help, unit and level names, the ECEI quality indicators'
names and the eligibility baseline's requirements (which the report shows).

A translation belongs to one framework version: frameworks/translations/<version>/
<language>.yaml, keyed by the codes of that version (a new version gets its own file).
Serbian Cyrillic is the transliteration of the Serbian Latin file, so the two scripts
never drift. What a translation leaves out is shown in English, from the framework.
"""

import dataclasses
from functools import cache
from pathlib import Path

import yaml
from django.utils import translation

from clusterbench.languages.transliterate import to_cyrillic

from .spec import FrameworkError, FrameworkSpec

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "frameworks" / "translations"
INDICATOR_FIELDS = ("name", "question", "help", "unit")
AREA_FIELDS = ("name", "description")
# A language written in another script of one that has a file: (source, transliteration).
DERIVED_SCRIPTS = {"sr-cyrl": ("sr-latn", to_cyrillic)}


def translation_path(version: str, language: str) -> Path:
    return TRANSLATIONS_DIR / version / f"{language}.yaml"


def _checked(data: object, path: Path) -> dict:
    """The file's title, areas, indicators, criteria and eligibility, or FrameworkError
    naming what is wrong."""
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
    texts = {}
    for key in ("criteria", "eligibility"):
        texts[key] = {str(code): text for code, text in (data.get(key) or {}).items()}
        for code, text in texts[key].items():
            if not isinstance(text, str) or not text.strip():
                raise FrameworkError(f"{path}: {key} {code} must be a non-empty text")
    title = data.get("title") or ""
    if not isinstance(title, str):
        raise FrameworkError(f"{path}: title must be a text")
    return {"title": title, "areas": areas, "indicators": indicators, **texts}


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
        return {"title": "", "areas": {}, "indicators": {}, "criteria": {}, "eligibility": {}}
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


def framework_in_language(spec: FrameworkSpec, language: str) -> FrameworkSpec:
    """The framework with its texts in a language (what the translation leaves out stays
    English): area names and descriptions, indicator names, questions, help and level
    names, quality indicator names and eligibility requirements. Codes, units (which the
    report's formatting reads), bounds and formulas are the framework's own."""
    text = framework_translation(spec.version, _language(language))
    if not any(text.values()):  # English, or a language without a translation
        return spec
    areas, indicators = text["areas"], text["indicators"]

    def indicator(i):
        fields = indicators.get(i.code, {})
        names = fields.get("levels") or []
        return dataclasses.replace(
            i,
            name=fields.get("name") or i.name,
            question=fields.get("question") or i.question,
            help=fields.get("help") or i.help,
            levels=tuple(
                dataclasses.replace(level, label=names[n] if n < len(names) else level.label)
                for n, level in enumerate(i.levels)
            ),
        )

    return dataclasses.replace(
        spec,
        title=text["title"] or spec.title,
        areas=tuple(
            dataclasses.replace(
                a,
                name=areas.get(a.code, {}).get("name") or a.name,
                description=areas.get(a.code, {}).get("description") or a.description,
            )
            for a in spec.areas
        ),
        indicators=tuple(indicator(i) for i in spec.indicators),
        criteria=tuple(
            dataclasses.replace(c, name=text["criteria"].get(c.code) or c.name)
            for c in spec.criteria
        ),
        eligibility=tuple(
            dataclasses.replace(
                e, requirement=text["eligibility"].get(e.indicator) or e.requirement
            )
            for e in spec.eligibility
        ),
        _by_code={},  # never the English spec's own index
    )


def unit_text(version: str, code: str, english: str, language: str | None = None) -> str:
    """An indicator's unit word in a language (the English one for English)."""
    return indicator_text(version, code, "unit", english, language)


@cache
def data_translation(directory: Path, version: str, language: str) -> dict:
    """A translation of the report's data kept beside a framework version (the narrative,
    the recommendations catalogue): directory/translations/<version>/<language>.yaml, its
    Cyrillic the transliteration of its Latin; {} for English or when there is none."""
    language = _language(language)
    if language in DERIVED_SCRIPTS:
        source, convert = DERIVED_SCRIPTS[language]
        return _transliterated(data_translation(directory, version, source), convert)
    path = directory / "translations" / version / f"{language}.yaml"
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise FrameworkError(f"{path}: must be a mapping")
    return data
