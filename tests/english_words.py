"""The check that a document in Serbian carries no English prose, shared by the tests of
every translated document (the report, the quote, the network brief, the certificate):
the words the Serbian text has in common with the English text of the same document,
names and quotations aside, must be words Serbian spells the same way."""

import re
import subprocess
from pathlib import Path

WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]{2,}")
# Words a Serbian (Latin) text shares with English: Serbian words spelled like English ones
# ("model", "status", "bar" = at least, "put" = way, "cent" of a euro, the months "april",
# "jun" and "jul", "one" = those, "minus", "token"), and what no language translates (the
# product's name, ECEI, EUR).
SHARED_WORDS = {
    "bar", "put", "model", "minimum", "region", "marketing", "percentile", "status",
    "formula", "megatrend", "plan", "portfolio", "cent", "april", "clusterbench", "ecei",
    "eur", "jun", "jul", "one", "minus", "token",
}  # fmt: skip


def pdf_lines(pdf: bytes | str | Path) -> str:
    """A PDF's text as poppler's pdftotext reads it, line by line; pdf is the file's bytes
    or its path. A word hyphenated at a line's end ends that line in a soft hyphen."""
    path, data = ("-", pdf) if isinstance(pdf, bytes) else (str(pdf), None)
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", path, "-"], input=data, capture_output=True, check=True
    )
    return done.stdout.decode()


def pdf_text(pdf: bytes | str | Path) -> str:
    """The text a reader copies out of a PDF, spaces collapsed and hyphenated words joined
    again, as PDF viewers join them."""
    return re.sub(r"\s+", " ", re.sub("\u00ad\\s*", "", pdf_lines(pdf)))


def words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text)}


def english_prose(text: str, english_text: str, names: set[str] = frozenset()) -> set[str]:
    """The words of the English document's text that the translated one still has, other
    than names and quotations (`names`, as words) and words Serbian shares with English:
    empty when the translated text carries no English prose."""
    return (words(english_text) & words(text)) - names - SHARED_WORDS


def cyrillic_share(text: str) -> float:
    """The share of Cyrillic letters among the text's letters."""
    letters = [ch for ch in text if ch.isalpha()]
    return sum("\u0400" <= ch <= "\u04ff" for ch in letters) / len(letters)
