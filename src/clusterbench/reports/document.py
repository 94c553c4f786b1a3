"""The report as pure data: sections of blocks. Built once; the HTML and the PDF renderer
both read it, so the two always show the same text and the same numbers."""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass(frozen=True)
class Paragraph:
    text: str
    type: str = "paragraph"


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]
    type: str = "list"


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    widths: tuple[float, ...] = ()  # relative column widths
    type: str = "table"


@dataclass(frozen=True)
class Facts:
    """Label-value pairs, such as a profile."""

    items: tuple[tuple[str, str], ...]
    type: str = "facts"


@dataclass(frozen=True)
class Figure:
    svg: str
    caption: str
    width: int = 100  # percent of the text width
    alt: str = ""  # the alternative text: what the chart shows, in words and numbers
    # Its place among the report's figures, from 1, captioned "Figure N" by the page and the
    # PDF alike; 0 in documents released before figures carried it (the PDF counts those).
    number: int = 0
    type: str = "figure"


@dataclass(frozen=True)
class Callout:
    text: str
    tone: str = "note"  # note | strength | weakness
    title: str = ""
    type: str = "callout"


Block = Paragraph | BulletList | Table | Facts | Figure | Callout


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    blocks: tuple[Block, ...]
    level: int = 1
    new_page: bool = True  # a chapter starts on a new page; a level-2 section may follow on
    in_contents: bool = True


@dataclass(frozen=True)
class Document:
    title: str
    cluster_name: str
    cluster_name_en: str
    identifier: str
    facts: tuple[tuple[str, str], ...]  # shown on the cover
    status: str  # draft | released
    sections: tuple[Section, ...] = field(default=())
    language: str = "en"  # the report's language (languages.reports); older documents: English
    # The renderers' own words in the report's language (contents, page, draft, footer)
    # and the names on the cover; empty in documents released before reports had languages.
    chrome: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return _plain(self)

    def texts(self) -> list[str]:
        """Every string shown, for tests that compare the renderers with the model."""
        found: list[str] = []

        def walk(value):
            if isinstance(value, str):
                found.append(value)
            elif isinstance(value, dict):
                for key, item in value.items():
                    if key not in ("svg", "type", "tone", "id", "language", "lang"):
                        walk(item)
            elif isinstance(value, list | tuple):
                for item in value:
                    walk(item)

        walk(self.as_dict())
        return found


def _plain(value):
    """What dataclasses.asdict gives (dicts for dataclasses, tuples kept tuples), without
    its deep copy of every leaf: the model's leaves are strings, numbers and None, which
    are never changed, and a report has some 5,000 of them."""
    if isinstance(value, tuple | list):
        return type(value)(_plain(item) for item in value)
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    return value


BLOCK_TYPES = {
    cls.__dataclass_fields__["type"].default: cls
    for cls in (Paragraph, BulletList, Table, Facts, Figure, Callout)
}


def _tuples(value):
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def document_from_dict(data: dict) -> Document:
    """The inverse of Document.as_dict, for stored (released) documents."""
    sections = []
    for section in data["sections"]:
        blocks = tuple(
            BLOCK_TYPES[b["type"]](**{k: _tuples(v) for k, v in b.items()})
            for b in section["blocks"]
        )
        sections.append(Section(**{**section, "blocks": blocks}))
    fields = {k: _tuples(v) for k, v in data.items() if k != "sections"}
    return Document(**fields, sections=tuple(sections))
