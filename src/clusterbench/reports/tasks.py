"""Background work: drafting the report once an interview is closed.

Runs in the task worker (django-tasks; `make demo` starts one), so nobody waits on a
request. A failed render is retried, and a final failure is recorded on the engagement's
timeline and emailed, never left half-stored (the draft row is written in one transaction
and holds no file until release). A worker that dies mid-task leaves its task "running"
for good (django-tasks' database backend does not take it back); the engagement then
shows the secretariat that no draft came (workflow.draft_state) and offers "Draft
again", which drafts at once under the same lock.
"""

import logging
import time

from django_tasks import task

from clusterbench.engagements import emails
from clusterbench.engagements.models import Benchmarking, EngagementEvent
from clusterbench.engagements.workflow import DRAFT_FAILED
from clusterbench.errors import StepRefused

from .pdf import UndisplayableText
from .services import report_draft_ready

log = logging.getLogger(__name__)
ATTEMPTS = 3


def _failure_record(engagement: Benchmarking, description: str) -> None:
    """The failure on the engagement's timeline (shown to the secretariat), e-mailed."""
    limit = EngagementEvent._meta.get_field("description").max_length
    if len(description) > limit:
        description = description[: limit - 1] + "…"
    event = EngagementEvent.objects.create(
        benchmarking=engagement,
        from_status=engagement.status,
        to_status=engagement.status,
        description=description,
    )
    emails.event_notify(event.pk)


@task()
def report_draft_task(benchmarking_id: int) -> int | None:
    for attempt in range(1, ATTEMPTS + 1):
        engagement = Benchmarking.objects.select_related("cluster", "framework").get(
            pk=benchmarking_id
        )
        if engagement.status != Benchmarking.Status.INTERVIEWED:
            return None  # re-opened, or drafted by the secretariat meanwhile
        try:
            return report_draft_ready(user=None, benchmarking=engagement).pk
        except StepRefused:
            return None  # the step moved on under the lock: someone else drafted it
        except UndisplayableText as exc:
            # The same text fails every time: say at once what to change, and where.
            _failure_record(engagement, f"{DRAFT_FAILED}: {exc}")
            return None
        except Exception as exc:
            log.exception(
                "Drafting the report of benchmarking %s failed (attempt %s of %s)",
                benchmarking_id,
                attempt,
                ATTEMPTS,
            )
            if attempt == ATTEMPTS:
                _failure_record(
                    engagement,
                    f"{DRAFT_FAILED} after {ATTEMPTS} attempts: "
                    f"{exc.__class__.__name__}. The secretariat has been told.",
                )
                raise
            time.sleep(attempt)  # a short back-off before trying again
    return None
