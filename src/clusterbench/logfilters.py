"""Filters for the log handlers configured in the settings."""

import logging

from django.core.exceptions import PermissionDenied


class RefusalWithoutTraceback(logging.Filter):
    """A refused step (PermissionDenied, answered with 403) is an expected answer, not a
    fault: keep Django's one line ("Forbidden (Permission denied): /path"), add the reason
    given, and drop the traceback that would otherwise follow every refusal."""

    def filter(self, record: logging.LogRecord) -> bool:
        refusal = record.exc_info[1] if record.exc_info else None
        if isinstance(refusal, PermissionDenied):
            record.exc_info = None
            record.exc_text = None
            reason = str(refusal)
            if reason:
                record.msg = f"{record.msg} (%s)"
                record.args = (*(record.args or ()), reason)
        return True
