"""Running numbers (a report identifier's serial and country number, a Silver or Gold
certificate's serial), each taken from its counter under the counter's row lock: two
releases or awards at once wait for each other and never get the same number, and a
deleted row never gives its number out again."""

from .models import IdentifierCounter


def number_next(key: str, *, floor: int) -> int:
    """The next number of a sequence, under its counter's row lock (held to the end of the
    caller's transaction); floor is how many were given out before the counter existed."""
    counter, _ = IdentifierCounter.objects.select_for_update().get_or_create(key=key)
    counter.value = max(counter.value, floor) + 1
    counter.save(update_fields=["value"])
    return counter.value
