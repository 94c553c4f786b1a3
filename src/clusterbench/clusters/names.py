"""Country and comparative portfolio names in a language (data/names/<language>.yaml).

The registry stores them in English (the exports, the API and an English report use
those names); pages show them in the reader's language and a report in its own, and lists
of them follow that language's alphabetical order. The Cyrillic names are the
transliteration of the Latin ones. A name a file leaves out stays English.
"""

from functools import cache
from pathlib import Path

from django.utils import translation

from clusterbench.languages.transliterate import to_cyrillic

NAMES_DIR = Path(__file__).resolve().parent / "data" / "names"
DERIVED = {"sr-cyrl": ("sr-latn", to_cyrillic)}
# Each script's alphabetical order, written in Cyrillic letters (one letter each for lj,
# nj and dž): the Latin abeceda and the Cyrillic azbuka order the same letters differently.
_ORDER = {
    "sr-latn": "абцчћдџђефгхијклљмнњопрсштувзж",
    "sr-cyrl": "абвгдђежзијклљмнњопрстћуфхцчџш",
}


def _language(language: str | None) -> str:
    return (language or translation.get_language() or "en").lower()


@cache
def names_in(language: str) -> dict[str, dict[str, str]]:
    """{"countries": {alpha2: name}, "portfolios": {slug: name}} in a language; empty for
    English or a language without a file."""
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
    import yaml  # when a language's names are first needed: a command's start reads none

    from clusterbench.yamlfiles import SAFE_LOADER

    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
    return {kind: dict(data.get(kind) or {}) for kind in ("countries", "portfolios")}


def country_name(country, language: str | None = None) -> str:
    """The country's name in a language (by default the active one, as a page's)."""
    return names_in(_language(language))["countries"].get(country.alpha2, country.name)


def portfolio_name(portfolio, language: str | None = None) -> str:
    return names_in(_language(language))["portfolios"].get(portfolio.slug, portfolio.name)


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
