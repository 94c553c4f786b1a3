"""Country and comparative portfolio names in a language (data/names/<language>.yaml),
for the documents written in it (a report in Serbian); the Cyrillic names are the
transliteration of the Latin ones. A name a file leaves out stays English."""

from functools import cache
from pathlib import Path

import yaml

from clusterbench.languages.transliterate import to_cyrillic

NAMES_DIR = Path(__file__).resolve().parent / "data" / "names"
DERIVED = {"sr-cyrl": ("sr-latn", to_cyrillic)}


@cache
def names_in(language: str) -> dict[str, dict[str, str]]:
    """{"countries": {alpha2: name}, "portfolios": {slug: name}} in a language."""
    language = (language or "en").lower()
    if language in DERIVED:
        source, convert = DERIVED[language]
        return {
            kind: {key: convert(name) for key, name in names.items()}
            for kind, names in names_in(source).items()
        }
    path = NAMES_DIR / f"{language}.yaml"
    if not path.exists():
        return {"countries": {}, "portfolios": {}}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {kind: dict(data.get(kind) or {}) for kind in ("countries", "portfolios")}


def country_name(country, language: str) -> str:
    return names_in(language)["countries"].get(country.alpha2, country.name)


def portfolio_name(portfolio, language: str) -> str:
    return names_in(language)["portfolios"].get(portfolio.slug, portfolio.name)
