"""Serbian Latin to Cyrillic and back, letter for letter (the two scripts map one to one,
with lj, nj and dž written as one Cyrillic letter each).

What is not Serbian text stays as written: placeholders (%(name)s, %s, {name}), HTML
tags and entities, addresses (https://..., name@example.org), the product's name and
words that cannot be Serbian (written with q, w, x or y), international acronyms and
formats (ECEI, PDF, CSV, EUR, UTC) and codes mixing letters and digits (P25, a certificate
identifier), which Serbian Cyrillic text keeps in Latin letters. Serbian acronyms (PDV)
are transliterated like any word.
"""

import re

_LATIN_TO_CYRILLIC_DIGRAPHS = {
    "lj": "љ", "Lj": "Љ", "LJ": "Љ",
    "nj": "њ", "Nj": "Њ", "NJ": "Њ",
    "dž": "џ", "Dž": "Џ", "DŽ": "Џ",
}  # fmt: skip
_LATIN_TO_CYRILLIC_LETTERS = dict(
    zip(
        "abcčćdđefghijklmnoprsštuvzžABCČĆDĐEFGHIJKLMNOPRSŠTUVZŽ",
        "абцчћдђефгхијклмнопрсштувзжАБЦЧЋДЂЕФГХИЈКЛМНОПРСШТУВЗЖ",
        strict=True,
    )
)
_CYRILLIC_TO_LATIN = {c: latin for latin, c in _LATIN_TO_CYRILLIC_LETTERS.items()} | {
    "љ": "lj", "Љ": "Lj", "њ": "nj", "Њ": "Nj", "џ": "dž", "Џ": "Dž",
}  # fmt: skip

# The pieces left untouched, tried in this order at every position.
_KEEP = re.compile(
    r"""
      %\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]   # %(name)s
    | %[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]            # %s, %d
    | \{[^{}\s]*\}                                           # {name}, {0}
    | <[^>]*>                                                # HTML tags
    | &[#\w]+;                                               # HTML entities
    | (?:https?://|www\.)[^\s<>"]*                           # addresses, a bare scheme too
    | [\w.+-]+@[\w-]+(?:\.[\w-]+)+                            # e-mail addresses
    | \b(?:ClusterBench|ECEI|PDF|CSV|JSON|SHA|EUR|UTC|ISO|ICS|zip|ics)\b  # names, formats
    | \b[A-Za-z]*[QWXYqwxy][A-Za-z]*\b                       # words Serbian never spells
    | \b(?=[A-Za-z]*\d)[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*\b    # codes: P25, DNK0632C16
    """,
    re.VERBOSE,
)
_LATIN_WORD_PIECE = re.compile(r"[Ll][Jj]|[Nn][Jj]|[Dd][žŽ]|.", re.DOTALL)


def _latin_piece_to_cyrillic(text: str) -> str:
    out = []
    for piece in _LATIN_WORD_PIECE.findall(text):
        if piece in _LATIN_TO_CYRILLIC_DIGRAPHS:
            out.append(_LATIN_TO_CYRILLIC_DIGRAPHS[piece])
        elif len(piece) == 2:  # lJ, nJ, dŽ: not a digraph as written, two letters
            out.extend(_LATIN_TO_CYRILLIC_LETTERS.get(ch, ch) for ch in piece)
        else:
            out.append(_LATIN_TO_CYRILLIC_LETTERS.get(piece, piece))
    return "".join(out)


def _split(text: str):
    """(kept, piece) pairs covering text: kept pieces are left as written."""
    position = 0
    for match in _KEEP.finditer(text):
        if match.start() > position:
            yield False, text[position : match.start()]
        yield True, match.group()
        position = match.end()
    if position < len(text):
        yield False, text[position:]


def to_cyrillic(text: str) -> str:
    """Serbian Latin text in Cyrillic, leaving placeholders, markup and foreign words."""
    return "".join(
        piece if kept else _latin_piece_to_cyrillic(piece) for kept, piece in _split(text)
    )


def to_latin(text: str) -> str:
    """Serbian Cyrillic text in Latin. A capital Љ, Њ or Џ before another capital is
    written LJ, NJ, DŽ (as in a word in capitals), else Lj, Nj, Dž."""
    out = []
    for index, ch in enumerate(text):
        latin = _CYRILLIC_TO_LATIN.get(ch, ch)
        if ch in "ЉЊЏ":
            following = text[index + 1 : index + 2]
            if following.isupper() or (
                not following.isalpha() and index and text[index - 1].isupper()
            ):
                latin = latin.upper()
        out.append(latin)
    return "".join(out)
