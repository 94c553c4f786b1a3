"""The report narrative bundled with each framework: what each indicator means for a
cluster and the good practice the qualitative answers are set against (data, not code)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from .translations import data_translation

NARRATIVE_DIR = Path(__file__).resolve().parent / "narrative"


class NarrativeError(ValueError):
    pass


@dataclass(frozen=True)
class IndicatorNarrative:
    why: str  # what the figure means for a cluster organisation
    more: str  # what a gap is counted in: "6 more committed participants"


@dataclass(frozen=True)
class Narrative:
    version: str
    indicators: dict[str, IndicatorNarrative]
    good_practice: dict[str, str]
    megatrends: dict[str, str]


def narrative_parse(data: object) -> Narrative:
    if not isinstance(data, dict):
        raise NarrativeError("the narrative must be a mapping")
    indicators = {}
    for code, entry in (data.get("indicators") or {}).items():
        if not isinstance(entry, dict) or not all(
            isinstance(entry.get(key), str) and entry[key].strip() for key in ("why", "more")
        ):
            raise NarrativeError(f"indicators.{code}: needs a non-empty `why` and `more`")
        indicators[str(code)] = IndicatorNarrative(entry["why"].strip(), entry["more"].strip())
    texts = {}
    for section in ("good_practice", "megatrends"):
        entries = data.get(section)
        if not isinstance(entries, dict) or not all(
            isinstance(v, str) and v.strip() for v in entries.values()
        ):
            raise NarrativeError(f"{section}: must map names to non-empty texts")
        texts[section] = {str(k): v.strip() for k, v in entries.items()}
    return Narrative(version=str(data.get("version", "")), indicators=indicators, **texts)


@functools.cache
def narrative_load(version: str, language: str = "en") -> Narrative:
    """The narrative of a framework version in a language: its translation
    (narrative/translations/<version>/<language>.yaml) over the English text, so that what
    a translation leaves out stays English."""
    path = NARRATIVE_DIR / f"{version}.yaml"
    if not path.exists():
        raise NarrativeError(f"no report narrative for framework {version} ({path})")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    translated = data_translation(NARRATIVE_DIR, version, language)
    if translated:
        data = _merged(data, translated)
    return narrative_parse(data)


def _merged(base, over):
    if isinstance(base, dict) and isinstance(over, dict):
        return {key: _merged(base[key], over[key]) if key in over else base[key] for key in base}
    return over if isinstance(over, str) and over.strip() else base
