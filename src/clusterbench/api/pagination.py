"""Keyset pagination: items in id order, the cursor names the last id a page held, so a
page never skips or repeats an item when others are added meanwhile (clusterbench.keyset,
which the public database's pages share)."""

from clusterbench.keyset import cursor_make, cursor_read, keyset_page

from .problems import BadRequest

MAX_LIMIT = 100


def _after(cursor: str | None) -> list | None:
    """The key (one id) a cursor continues after (None: from the start), or BadRequest."""
    if not cursor:
        return None
    read = cursor_read(cursor)
    if read is not None and read[0] == "after" and len(read[1]) == 1:
        (last_id,) = read[1]
        if isinstance(last_id, int) and 0 <= last_id < 10**18:
            return [last_id]
    raise BadRequest(
        "The cursor is not one this API gave out; use the next_cursor of the previous page."
    )


def page_of(queryset, *, cursor: str | None, limit: int) -> tuple[list, str | None]:
    """One page of a queryset in id order, and the cursor of the next (None: the last)."""
    rows, more = keyset_page(queryset, order=("pk",), key=_after(cursor), limit=limit)
    return rows, cursor_make("after", (rows[-1].pk,)) if more else None
