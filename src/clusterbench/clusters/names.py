"""Country and portfolio names in the reader's language.

The registry stores them in English (the exports, the API and the English report use
them); a translation per language lives beside the reference data, in
data/translations/<language>.yaml, keyed by alpha-2 code and portfolio slug, as the
framework's translations are. Serbian Cyrillic is the transliteration of the Serbian Latin
file. What a translation leaves out is shown in English.
"""

from functools import cache
from pathlib import Path

import yaml
from django.utils import translation

from clusterbench.languages.transliterate import to_cyrillic
from clusterbench.methodology.translations import DERIVED_SCRIPTS
from clusterbench.yamlfiles import SAFE_LOADER

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "data" / "translations"
# Each script's alphabetical order, written in Cyrillic letters (one letter each for lj,
# nj and dž): the Latin abeceda and the Cyrillic azbuka order the same letters differently.
_ORDER = {
    "sr-latn": "абцчћдџђефгхијклљмнњопрсштувзж",
    "sr-cyrl": "абвгдђежзијклљмнњопрстћуфхцчџш",
}


@cache
def names_in(language: str) -> dict[str, dict[str, str]]:
    """{"countries": {alpha2: name}, "portfolios": {slug: name}} in one language; empty for
    English or a language without a translation."""
    if language in DERIVED_SCRIPTS:
        source, convert = DERIVED_SCRIPTS[language]
        return {
            kind: {key: convert(name) for key, name in names.items()}
            for kind, names in names_in(source).items()
        }
    path = TRANSLATIONS_DIR / f"{language}.yaml"
    if not path.exists():
        return {"countries": {}, "portfolios": {}}
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    return {"countries": data.get("countries") or {}, "portfolios": data.get("portfolios") or {}}


def _language(language: str | None) -> str:
    return (language or translation.get_language() or "en").lower()


def country_name(alpha2: str, english: str, language: str | None = None) -> str:
    return names_in(_language(language))["countries"].get(alpha2) or english


def portfolio_name(slug: str, english: str, language: str | None = None) -> str:
    return names_in(_language(language))["portfolios"].get(slug) or english


def sort_key(name: str, language: str | None = None) -> list[int] | str:
    """A name's place in the language's alphabetical order (Serbian: the abeceda in Latin
    letters, the azbuka in Cyrillic), so that a list of names reads in order: spaces and
    punctuation before letters, letters of other alphabets after."""
    language = _language(language)
    order = _ORDER.get(language)
    if order is None:
        return name.casefold()
    letters = to_cyrillic(name.lower()) if language == "sr-latn" else name.lower()
    return [
        order.index(ch) if ch in order else len(order) + ord(ch) if ch.isalpha() else -1
        for ch in letters
    ]


def by_local_name(items) -> list:
    """Countries (or anything with a local_name) in the reader's alphabetical order."""
    return sorted(items, key=lambda item: sort_key(item.local_name))
