"""Finds user-facing text that is not marked for translation: in templates, the text
between tags, the user-facing attributes (aria-label, title, placeholder, alt) and
quoted literals in variables ({{ x|default:"none" }}); in Python, the messages given to
ValidationError, messages.* and the services' refusals."""

import re
from pathlib import Path

from django.template.base import tag_re

# Words that are the same in every language: the product's name, formats, acronyms.
UNTRANSLATED = {"ClusterBench", "PDF", "CSV", "ECEI", "ISO", "zip", "ics", "JSON", "UTC", "NUTS"}
WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]+")
BLOCK_OPEN = re.compile(r"\{%\s*(blocktranslate|blocktrans|comment|verbatim)\b")
BLOCK_CLOSE = {
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
    "comment": "endcomment",
    "verbatim": "endverbatim",
}
# Tags whose quoted arguments are names, comparisons or formats, never shown as text.
SILENT_TAGS = (
    "translate", "trans ", "url", "static", "extends", "if", "elif", "with",
    "for", "block", "load", "firstof", "now", "csrf_token", "timezone", "cycle",
)  # fmt: skip
USER_ATTRIBUTES = re.compile(r'\b(?:aria-label|title|placeholder|alt)="([^"]*)"')


def _words(text: str) -> list[str]:
    return [w for w in WORD.findall(text) if w not in UNTRANSLATED]


def template_untranslated(source: str) -> list[str]:
    """The pieces of a template's text a reader sees and no translation tag covers."""
    found = []
    # Drop the blocks whose content is translated (or not shown): blocktranslate, comment.
    while match := BLOCK_OPEN.search(source):
        end_tag = BLOCK_CLOSE[match.group(1)]
        end = re.compile(r"\{%\s*" + end_tag + r"\s*%\}").search(source, match.end())
        source = source[: match.start()] + " " + (source[end.end() :] if end else "")
    source = re.sub(r"<!--.*?-->", " ", source, flags=re.S)
    source = re.sub(r"<(script|style|pre)\b.*?</\1>", " ", source, flags=re.S)
    for token in tag_re.findall(source):
        inner = token[2:-2].strip()
        if token.startswith("{{"):
            # In a variable, only a literal shown as it is: {{ "text" }}, |default:"text".
            literals = re.findall(r'(?:^|\|default(?:_if_none)?:)\s*["\']([^"\']*)["\']', inner)
        elif token.startswith("{%") and not inner.startswith(SILENT_TAGS):
            literals = re.findall(r'"([^"]*)"', inner)
        else:
            literals = []
        # A path or a time zone name (engagements/table.html, Europe/Belgrade) is no text.
        found += [
            s
            for s in literals
            if _words(s) and not re.fullmatch(r"[\w./+-]+\.html|\w+/[\w/+-]+", s)
        ]
    source = tag_re.sub(" ", source)
    for value in USER_ATTRIBUTES.findall(source):
        if _words(value):
            found.append(value)
    text = re.sub(r"<[^>]*>", " ", source)
    found += [" ".join(_words(line)) for line in text.splitlines() if _words(line)]
    return found


def templates_untranslated(directory: Path) -> dict[str, list[str]]:
    result = {}
    for path in sorted(directory.rglob("*.html")):
        found = template_untranslated(path.read_text())
        if found:
            result[str(path.relative_to(directory))] = found
    return result
