"""Keyset pagination: rows in a fixed order that ends on a unique field, a page asked for
as the rows after (or before) the key of a row, its values in that order. A page then
never skips or repeats a row when others are added meanwhile, and the thousandth page
costs what the first does: the database walks its index from the key rather than
counting its way past every row before it (OFFSET).

A cursor carries the key to the next request: "after:" or "before:" and the key's values
as JSON, in URL-safe base64 ("after:42" for a key of one id).
"""

import base64
import binascii
import json
from collections.abc import Sequence

from django.db.models import Q

DIRECTIONS = ("after", "before")


def cursor_make(direction: str, key: Sequence) -> str:
    text = f"{direction}:{json.dumps(list(key), ensure_ascii=False)[1:-1]}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def cursor_read(cursor: str) -> tuple[str, list] | None:
    """(direction, key values) of a cursor cursor_make wrote; None for anything else."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        direction, _, values = text.partition(":")
        key = json.loads(f"[{values}]")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    if direction not in DIRECTIONS or not key:
        return None
    if not all(isinstance(v, str) or (isinstance(v, int) and not isinstance(v, bool)) for v in key):
        return None
    return direction, key


def _beyond(order: Sequence[str], key: Sequence, *, before: bool) -> Q:
    """Rows that come after the key in this order (before it, if before): the first field
    past the key's value, or equal to it and the next field past, and so on."""
    beyond = Q()
    for i, field in enumerate(order):
        name = field.removeprefix("-")
        later = field.startswith("-") == before  # descending, or ascending backwards
        step = Q(**{f"{name}__{'gt' if later else 'lt'}": key[i]})
        for earlier, value in zip(order[:i], key[:i], strict=True):
            step &= Q(**{earlier.removeprefix("-"): value})
        beyond |= step
    return beyond


def _reversed(order: Sequence[str]) -> list[str]:
    return [field.removeprefix("-") if field.startswith("-") else f"-{field}" for field in order]


def keyset_page(
    queryset,
    *,
    order: Sequence[str],
    key: Sequence | None = None,
    before: bool = False,
    limit: int,
) -> tuple[list, bool]:
    """One page of rows in `order` (fields, "-" for descending, the last one unique): the
    first `limit` after `key` (from the start if None), or with before, the last `limit`
    before it. Returns the rows in order and whether more lie beyond them (after the
    page, or before it with before)."""
    if key is not None and len(key) != len(order):
        raise ValueError("a key has one value for each field of the order")
    if key is not None:
        queryset = queryset.filter(_beyond(order, key, before=before))
    rows = list(queryset.order_by(*(_reversed(order) if before else order))[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return (rows[::-1] if before else rows), more


def key_of_row(row, order: Sequence[str]) -> tuple:
    """A row's key: its values of the order's fields (a tuple row from values_list in the
    same fields is its own key)."""
    if isinstance(row, tuple):
        return row
    return tuple(getattr(row, field.removeprefix("-")) for field in order)
