"""A search key for names in any script: lower case, no accents, Cyrillic and Greek
written in Latin letters, so that "beograd", "Beograd" and "Београд" find each other.

Serbian Latin and Cyrillic map letter for letter (đ and ђ both become "dj", the way đ is
typed on a keyboard without it; dž and џ "dz"; lj and љ "lj"; ...). Decomposition strips
the accents of č, ć, š, ž and splits the one-character digraphs (ǆ, ǉ, ǌ); the Latin
letters below have no decomposition and are mapped by hand.
"""

import unicodedata

CYRILLIC = dict(
    zip(
        "абвгдђежзијклљмнњопрстћуфхцчџшщъыьэюяєіїґѓќѕ",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "dj",
            "e",
            "z",
            "z",
            "i",
            "j",
            "k",
            "l",
            "lj",
            "m",
            "n",
            "nj",
            "o",
            "p",
            "r",
            "s",
            "t",
            "c",
            "u",
            "f",
            "h",
            "c",
            "c",
            "dz",
            "s",
            "sc",
            "",
            "y",
            "",
            "e",
            "ju",
            "ja",
            "je",
            "i",
            "ji",
            "g",
            "gj",
            "kj",
            "dz",
        ],
        strict=True,
    )
)
GREEK = dict(
    zip(
        "αβγδεζηθικλμνξοπρσςτυφχψω",
        [
            "a",
            "v",
            "g",
            "d",
            "e",
            "z",
            "i",
            "th",
            "i",
            "k",
            "l",
            "m",
            "n",
            "x",
            "o",
            "p",
            "r",
            "s",
            "s",
            "t",
            "y",
            "f",
            "ch",
            "ps",
            "o",
        ],
        strict=True,
    )
)
LATIN = {"đ": "dj", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ð": "d"}
LETTERS = {**CYRILLIC, **GREEK, **LATIN}


QUERY_MAX = 100  # characters of a search as typed


def search_query(raw: str) -> str:
    """A search as typed, read the one way every search box and the API read it: each
    space of any kind a plain space, the characters no name holds (NUL, other control
    and format characters, which PostgreSQL may refuse) dropped, trimmed, at most
    QUERY_MAX characters."""
    kept = "".join(" " if ch.isspace() else ch for ch in raw if ch.isspace() or ch.isprintable())
    return kept.strip()[:QUERY_MAX]


def search_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(LETTERS.get(ch, ch) for ch in plain)
