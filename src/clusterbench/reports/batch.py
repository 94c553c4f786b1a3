"""Rendering every demonstration report in parallel (the batch command and the benchmark).

Each worker process builds reports from the database without storing anything: the
reference population is computed in memory, the PDF written to the output folder. A worker
keeps what every report reads alike: all answers (read once by the batch and handed to each
worker, so that each report's peer population is assembled in memory), the framework, and
the Typst compiler with its fonts; fresh workers take over every few dozen reports, before
a long-lived process slows the next ones down. Workers are forked from a server process
that has set up Django and imported the report's modules once (`batch_preload`), so a
fresh worker costs milliseconds, not the 0.6 s of CPU of a new interpreter.

Stopped (Ctrl-C, kill, or a report that cannot be drawn), the batch stops at once: what is
queued is dropped, the reports being drawn are abandoned, and the folder holds only whole
PDFs. Killed outright (kill -9), it leaves no worker behind either, but a report being
written then stays a .part file beside the PDFs.
"""

import multiprocessing
import os
import select
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import django

from clusterbench.files import parts_written_by, write_atomically


def _exit_with(batch: int) -> None:
    """End this worker once the batch's process (batch, its process id) is gone. Killed
    outright (kill -9, out of memory), the batch cannot stop its workers, and each would
    wait for work forever, holding its memory (close to 1 GB after a few hundred reports).
    The worker's parent is the fork server, which lives on while its workers do, and
    multiprocessing.parent_process() in such a worker reports the batch gone from the
    start (Python 3.11): so the batch is watched by its process id."""
    try:
        ended = os.pidfd_open(batch)  # Linux: readable once that process has ended
    except (AttributeError, OSError):
        while _running(batch):
            time.sleep(0.25)
    else:
        select.select([ended], [], [])
    os._exit(1)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _setup(batch: int, answers: dict | None) -> None:
    # Ctrl-C reaches every process of the terminal's group: the parent alone decides what
    # stops (and says so once), the workers do not each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(batch,), daemon=True).start()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterbench.settings")
    django.setup()  # done already when the fork server preloaded it
    global _ANSWERS
    _ANSWERS = answers


_ANSWERS: dict | None = None


def all_answers() -> dict:
    """Every benchmarking's answers: those the batch handed to this worker, or else read
    once per process."""
    global _ANSWERS
    if _ANSWERS is None:
        from clusterbench.engagements.models import Benchmarking
        from clusterbench.peers.analysis import answers_by_benchmarking

        _ANSWERS = answers_by_benchmarking(list(Benchmarking.objects.values_list("pk", flat=True)))
    return _ANSWERS


def batch_document(benchmarking_id: int, answers: dict | None = None):
    """The report of one benchmarking as the batch draws it: built on its reference
    population as of its interview (from answers loaded beforehand, when given), in its
    engagement's language, nothing stored."""
    from django.utils import timezone

    from clusterbench.engagements.models import Benchmarking
    from clusterbench.peers.analysis import snapshot_data

    from .build import report_document
    from .inputs import report_input

    benchmarking = Benchmarking.objects.select_related(
        "cluster__country", "cluster__portfolio", "framework", "expert"
    ).get(pk=benchmarking_id)
    data = snapshot_data(
        benchmarking=benchmarking, as_of=benchmarking.interview_date, answers=answers
    )
    return report_document(
        report_input(
            benchmarking=benchmarking,
            snapshot_data=data,
            snapshot_date=benchmarking.interview_date,
            identifier=f"batch-{benchmarking_id}",
            issued=timezone.localdate(),
        )
    )


def render_one(benchmarking_id: int, folder: str) -> tuple[int, int]:
    """Render one benchmarking's report to folder; return (id, PDF size in bytes)."""
    from .pdf import UndisplayableText, render_pdf

    document = batch_document(benchmarking_id, all_answers())
    try:
        pdf = render_pdf(document)
    except UndisplayableText as exc:
        raise UndisplayableText(f"Benchmarking {benchmarking_id}: {exc}") from None
    write_atomically(Path(folder) / f"report-{benchmarking_id}.pdf", pdf)
    return benchmarking_id, len(pdf)


# A process that renders report after report grows (to about 0.8 GB) and each report costs
# more than the one before (the same 70 reports: 0.250 s of CPU each in a fresh process,
# 0.313 s after 230 others), although typst-py evicts from Typst's memo what the last ten
# compilations did not use; the cause is not pinned down. So the batch runs in rounds of about
# this many reports a worker, each round in fresh processes. Measured on the whole batch
# (bench/report_bench.py --reports-per-worker): 25 to 150 alike, 12 % faster than one round,
# when a fresh worker cost 0.6 s of CPU; forked from the fork server, 20 and 50 alike.
# ProcessPoolExecutor's own max_tasks_per_child is not used: on Python 3.11 it stops
# replacing workers while work is queued, and the batch hangs (CPython gh-115634).
REPORTS_PER_WORKER = 50


@dataclass(frozen=True)
class BatchTimes:
    seconds: float  # from the first worker's start to the last report
    cpu_seconds: float  # the workers' CPU time (all their threads), the fork server's not


def _timed(render: Callable[[int, str], object], pk: int, folder: str) -> tuple[int, float]:
    """render(pk, folder) in a worker; returns the worker's process id and its CPU time so
    far. The workers are the fork server's children, not the batch's, so the batch's own
    resource usage does not count them."""
    render(pk, folder)
    return os.getpid(), time.process_time()


def _fork_server():
    """The context whose workers are forked from a server process started once for the
    batch (multiprocessing's forkserver), with Django and the report's modules imported
    (`batch_preload`). Not forked from the batch itself: it may hold threads (the progress
    bar's) and database connections, which a forked copy must not use; nor from a process
    that has rendered, whose Typst threads and locks a forked copy can hang on."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["clusterbench.reports.batch_preload"])
    return context


def render_all(
    ids: list[int],
    folder: Path,
    workers: int,
    progress: Callable[[], None] | None = None,
    render: Callable[[int, str], object] = render_one,
    reports_per_worker: int = REPORTS_PER_WORKER,
    answers: dict | None = None,
) -> BatchTimes:
    """Render the reports of ids with `workers` processes (each report by render(id,
    folder)); return the time taken. The reports are drawn in rounds of workers *
    reports_per_worker, each by fresh processes. answers (all_answers(), read by the
    caller) are handed to every worker, so that none reads them again. An exception in a
    report or in progress (Ctrl-C) stops every worker before it propagates."""
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    cpu = 0.0
    per_round = workers * reports_per_worker
    for first in range(0, len(ids), per_round):
        round_ids = ids[first : first + per_round]
        cpu += _render_round(round_ids, folder, workers, progress, render, answers)
    return BatchTimes(time.perf_counter() - started, cpu)


def _render_round(
    ids: list[int],
    folder: Path,
    workers: int,
    progress: Callable[[], None] | None,
    render: Callable[[int, str], object],
    answers: dict | None,
) -> float:
    """Render ids with fresh workers; return their CPU time."""
    before = set(multiprocessing.active_children())  # processes that are not the pool's
    pool = ProcessPoolExecutor(
        max_workers=workers,
        initializer=_setup,
        initargs=(os.getpid(), answers),
        mp_context=_fork_server(),
    )
    try:
        futures = [pool.submit(_timed, render, pk, str(folder)) for pk in ids]
        cpu: dict[int, float] = {}  # worker process id -> its CPU time at its latest report
        for future in as_completed(futures):
            pid, seconds = future.result()
            cpu[pid] = max(cpu.get(pid, 0.0), seconds)
            if progress is not None:
                progress()
        return sum(cpu.values())
    except BaseException:
        # Leaving the pool as it is would first finish every queued report (minutes):
        # drop the queue and stop the workers where they are.
        pool.shutdown(wait=False, cancel_futures=True)
        workers_left = set(multiprocessing.active_children()) - before
        for process in workers_left:
            process.terminate()
        for process in workers_left:
            process.join()
            # The report it was writing; another batch's in the same folder are its own.
            for part in parts_written_by(folder, process.pid):
                part.unlink(missing_ok=True)
        raise
    finally:
        pool.shutdown()
