"""Keyset pagination: items in id order, the cursor names the last id a page held, so a
page never skips or repeats an item when others are added meanwhile."""

import base64
import binascii

from .problems import BadRequest

MAX_LIMIT = 100


def cursor_make(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"after:{last_id}".encode()).decode().rstrip("=")


def cursor_read(cursor: str | None) -> int:
    """The id a cursor continues after (0: from the start), or BadRequest."""
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    prefix, _, number = text.partition(":")
    if prefix != "after" or not number.isdigit() or len(number) > 18:
        raise BadRequest(
            "The cursor is not one this API gave out; use the next_cursor of the previous page."
        )
    return int(number)


def page_of(queryset, *, cursor: str | None, limit: int) -> tuple[list, str | None]:
    """One page of a queryset in id order, and the cursor of the next (None: the last)."""
    rows = list(queryset.filter(pk__gt=cursor_read(cursor)).order_by("pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, cursor_make(rows[-1].pk) if more else None
