"""Background work: drafting the report once an interview is closed.

Runs in the task worker (django-tasks; `make demo` starts one), so nobody waits on a
request. A failed render is retried, and a final failure is recorded on the engagement's
timeline and emailed, never left half-stored (the draft row is written in one transaction
and holds no file until release).
"""

import logging
import time

from django_tasks import task

from clusterbench.benchmarkings import emails
from clusterbench.benchmarkings.models import Benchmarking, EngagementEvent

from .services import report_draft_ready

log = logging.getLogger(__name__)
ATTEMPTS = 3


@task()
def report_draft_task(benchmarking_id: int) -> int | None:
    engagement = Benchmarking.objects.select_related("cluster", "framework").get(pk=benchmarking_id)
    if engagement.status != Benchmarking.Status.INTERVIEWED:
        return None  # re-opened or moved on meanwhile: nothing to draft
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return report_draft_ready(user=None, benchmarking=engagement).pk
        except Exception as exc:
            log.exception(
                "Drafting the report of benchmarking %s failed (attempt %s of %s)",
                benchmarking_id,
                attempt,
                ATTEMPTS,
            )
            if attempt == ATTEMPTS:
                event = EngagementEvent.objects.create(
                    benchmarking=engagement,
                    from_status=engagement.status,
                    to_status=engagement.status,
                    description=f"Drafting the report failed after {ATTEMPTS} attempts: "
                    f"{exc.__class__.__name__}. The secretariat has been told.",
                )
                emails.event_notify(event.pk)
                raise
            time.sleep(attempt)  # a short back-off before trying again
    return None
