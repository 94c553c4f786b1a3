"""The recommendations catalogue: parsing (pure) and the file bundled with each framework."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from clusterbench.methodology.translations import data_translation
from clusterbench.text import quoted
from clusterbench.yamlfiles import SAFE_LOADER

CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "methodology" / "recommendations"
FIELDS = ("id", "title", "what", "why", "first_step")


class CatalogueError(ValueError):
    pass


@dataclass(frozen=True)
class Advice:
    id: str
    title: str
    what: str
    why: str
    first_step: str
    when_known: str = ""  # an indicator whose known answer makes the other first step apply
    first_step_when_known: str = ""

    def step(self, values: dict[str, float | None]) -> str:
        """The first step, never asking for a figure the report already knows."""
        if self.when_known and values.get(self.when_known) is not None:
            return self.first_step_when_known
        return self.first_step


@dataclass(frozen=True)
class Catalogue:
    version: str
    indicators: dict[str, tuple[Advice, ...]]
    criteria: dict[str, tuple[Advice, ...]]


def catalogue_parse(data: object) -> Catalogue:
    if not isinstance(data, dict):
        raise CatalogueError("the catalogue must be a mapping")
    seen: set[str] = set()
    sections = {}
    for section in ("indicators", "criteria"):
        entries = data.get(section)
        if not isinstance(entries, dict):
            raise CatalogueError(f"{section}: must be a mapping of codes to lists of advice")
        sections[section] = {
            str(code): tuple(
                _advice(item, f"{section}.{code}[{i}]", seen) for i, item in enumerate(items or [])
            )
            for code, items in entries.items()
        }
    return Catalogue(version=str(data.get("version", "")), **sections)


@functools.cache
def catalogue_load(version: str) -> Catalogue:
    """The catalogue bundled for a framework version, read once per process (like the
    disclosure policy and the narrative: files that ship with the code)."""
    path = CATALOGUE_DIR / f"{version}.yaml"
    if not path.exists():
        raise CatalogueError(f"no recommendations catalogue for framework {version} ({path})")
    return catalogue_parse(yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER))


def _advice(item: object, where: str, seen: set[str]) -> Advice:
    if not isinstance(item, dict):
        raise CatalogueError(f"{where}: must be a mapping")
    for key in FIELDS:
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise CatalogueError(f"{where}.{key}: missing or empty text")
    if item["id"] in seen:
        raise CatalogueError(f"{where}.id: {quoted(item['id'])} appears more than once")
    seen.add(item["id"])
    if bool(item.get("when_known")) != bool(item.get("first_step_when_known")):
        raise CatalogueError(f"{where}: when_known and first_step_when_known go together")
    optional = {
        key: str(item[key]).strip()
        for key in ("when_known", "first_step_when_known")
        if item.get(key)
    }
    return Advice(**{key: item[key].strip() for key in FIELDS}, **optional)


def advice_in_language(version: str, language: str, recommendation) -> dict[str, str]:
    """A chosen recommendation's title, what, why and first step in a language, from the
    catalogue's translation (recommendations/translations/<version>/<language>.yaml, keyed
    by the advice's id); the first step is the translation of the one the analysis chose.
    What the translation leaves out stays as the analysis gave it (English)."""
    texts = {key: getattr(recommendation, key) for key in ("title", "what", "why", "first_step")}
    translated = data_translation(CATALOGUE_DIR, version, language).get(recommendation.id)
    if not translated:
        return texts
    english = next(
        (
            advice
            for section in (catalogue_load(version).indicators, catalogue_load(version).criteria)
            for entries in section.values()
            for advice in entries
            if advice.id == recommendation.id
        ),
        None,
    )
    step = "first_step"
    if (
        english is not None
        and english.when_known
        and recommendation.first_step == english.first_step_when_known
    ):
        step = "first_step_when_known"
    for key in ("title", "what", "why"):
        texts[key] = str(translated.get(key) or texts[key]).strip()
    texts["first_step"] = str(translated.get(step) or texts["first_step"]).strip()
    return texts
