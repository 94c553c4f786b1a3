"""The message catalogues: the Serbian Cyrillic one is generated from the Serbian Latin
one (so the two never drift), and both are compiled to the .mo files Django reads, with
polib (pure Python: no system gettext needed). The compiled files are committed, so a
fresh checkout needs no build step; `clusterbench build_catalogues` rebuilds them after a
translator edits a .po file, and a test fails while they are stale.
"""

from pathlib import Path

import polib
from django.conf import settings

from .transliterate import to_cyrillic

DOMAIN = "django"


def locale_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def po_path(locale: str) -> Path:
    return locale_dir() / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def is_format(entry: polib.POEntry) -> bool:
    """A format, not text: a date format ("j. F Y", context "long date format") is the
    same in both scripts, its letters are Django's format characters (the month names come
    from Django's locale of the script)."""
    return (entry.msgctxt or "").endswith(" format")


def cyrillic_from_latin(latin: polib.POFile) -> polib.POFile:
    """The Cyrillic catalogue: every translation of the Latin one transliterated (a format
    kept as it is)."""
    cyrillic = polib.POFile(wrapwidth=latin.wrapwidth)
    cyrillic.metadata = {**latin.metadata, "Language": "sr_Cyrl"}
    cyrillic.header = (
        "Serbian (Cyrillic) messages of ClusterBench. GENERATED from sr_Latn by\n"
        "`clusterbench build_catalogues`: edit the Latin catalogue, never this one."
    )
    for entry in latin:
        if entry.obsolete:
            continue
        convert = (lambda text: text) if is_format(entry) else to_cyrillic
        cyrillic.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgid_plural=entry.msgid_plural,
                msgctxt=entry.msgctxt,
                msgstr=convert(entry.msgstr),
                msgstr_plural={k: convert(v) for k, v in entry.msgstr_plural.items()},
                occurrences=entry.occurrences,
                flags=[f for f in entry.flags if f != "fuzzy"]
                if entry.translated()
                else entry.flags,
                comment=entry.comment,
            )
        )
    return cyrillic


def build() -> list[Path]:
    """Write sr_Cyrl's .po from sr_Latn's and compile every catalogue; the files written."""
    latin = polib.pofile(str(po_path("sr_Latn")))
    cyrillic_path = po_path("sr_Cyrl")
    cyrillic_path.parent.mkdir(parents=True, exist_ok=True)
    cyrillic_from_latin(latin).save(str(cyrillic_path))
    written = [cyrillic_path]
    for po in sorted(locale_dir().glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo = po.with_suffix(".mo")
        polib.pofile(str(po)).save_as_mofile(str(mo))
        written.append(mo)
    return written
