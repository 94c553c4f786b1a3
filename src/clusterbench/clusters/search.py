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


def search_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(LETTERS.get(ch, ch) for ch in plain)
