"""The report narrative bundled with each framework: what each indicator means for a
cluster and the good practice the qualitative answers are set against (data, not code)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

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
def narrative_load(version: str) -> Narrative:
    path = NARRATIVE_DIR / f"{version}.yaml"
    if not path.exists():
        raise NarrativeError(f"no report narrative for framework {version} ({path})")
    return narrative_parse(yaml.safe_load(path.read_text(encoding="utf-8")))
