"""Label validity (METHODOLOGY section 5), as plain functions of dates.

Bronze: valid to the last day of the interview month, 24 months later. A renewal
benchmarking interviewed no later than 12 months after the previous expiry extends the
validity seamlessly to the previous end + 36 months; a later one counts as a first award.
Silver and Gold: 2 years from the month of the audit, the same way.
"""

from __future__ import annotations

import calendar
import datetime as dt

VALID_MONTHS = 24
RENEWAL_GRACE_MONTHS = 12
RENEWAL_EXTENSION_MONTHS = 36


def month_end(date: dt.date, months_later: int = 0) -> dt.date:
    """The last day of the month `months_later` months after date's month."""
    year, month = divmod(date.month - 1 + months_later, 12)
    year, month = date.year + year, month + 1
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def bronze_valid_until(interview: dt.date, previous_end: dt.date | None) -> dt.date:
    """The end of validity of a Bronze Label awarded for an interview on `interview`,
    given the end of the cluster's previous Bronze Label (None for a first award)."""
    if previous_end is not None and interview <= month_end(previous_end, RENEWAL_GRACE_MONTHS):
        return month_end(previous_end, RENEWAL_EXTENSION_MONTHS)
    return month_end(interview, VALID_MONTHS)


def audited_valid_until(audit: dt.date) -> dt.date:
    """Silver and Gold: two years from the month of the audit."""
    return month_end(audit, VALID_MONTHS)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, the month's last day when it has no such day
    (31 August + 18 months is 28 or 29 February)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- renewal reminders --------------------------------------------------------------

REMINDER_MONTHS = (3, 1)  # before a label's expiry


def reminder_due(valid_until: dt.date, today: dt.date, sent: set[int]) -> int | None:
    """The reminder (months before expiry) to send today, or None. Only the most
    imminent stage is sent: a label first seen a month before expiry gets the one-month
    reminder, not both; and a stage is never sent twice, nor after a nearer one."""
    if today > valid_until:
        return None
    due = [m for m in REMINDER_MONTHS if today >= add_months(valid_until, -m)]
    if not due:
        return None
    stage = min(due)
    return None if any(s <= stage for s in sent) else stage
