"""Rendering every demonstration report in parallel (the batch command and the benchmark).

Each worker process builds reports from the database without storing anything: the
reference population is computed in memory, the PDF written to the output folder. A worker
keeps what every report reads alike: all answers (loaded once, so that each report's peer
population is assembled in memory), the framework, and the Typst compiler with its fonts.
"""

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import django


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterbench.settings")
    django.setup()
    from django.db import connections

    connections.close_all()  # a forked worker must open its own connections


_ANSWERS: dict | None = None


def _all_answers() -> dict:
    """Every benchmarking's answers, read once per worker process."""
    global _ANSWERS
    if _ANSWERS is None:
        from clusterbench.engagements.models import Benchmarking
        from clusterbench.peers.analysis import answers_by_benchmarking

        _ANSWERS = answers_by_benchmarking(list(Benchmarking.objects.values_list("pk", flat=True)))
    return _ANSWERS


def render_one(benchmarking_id: int, folder: str) -> tuple[int, int]:
    """Render one benchmarking's report to folder; return (id, PDF size in bytes)."""
    from django.utils import timezone

    from clusterbench.engagements.models import Benchmarking
    from clusterbench.peers.analysis import snapshot_data

    from .build import report_document
    from .inputs import report_input
    from .pdf import UndisplayableText, render_pdf

    benchmarking = Benchmarking.objects.select_related(
        "cluster__country", "cluster__portfolio", "framework", "expert"
    ).get(pk=benchmarking_id)
    data = snapshot_data(
        benchmarking=benchmarking, as_of=benchmarking.interview_date, answers=_all_answers()
    )
    document = report_document(
        report_input(
            benchmarking=benchmarking,
            snapshot_data=data,
            snapshot_date=benchmarking.interview_date,
            identifier=f"batch-{benchmarking_id}",
            issued=timezone.localdate(),
        )
    )
    try:
        pdf = render_pdf(document)
    except UndisplayableText as exc:
        raise UndisplayableText(f"Benchmarking {benchmarking_id}: {exc}") from None
    (Path(folder) / f"report-{benchmarking_id}.pdf").write_bytes(pdf)
    return benchmarking_id, len(pdf)


def render_all(ids: list[int], folder: Path, workers: int, progress=None) -> float:
    """Render the reports of ids with `workers` processes; return the seconds taken."""
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    # Spawned, not forked: a process that already rendered holds Typst's threads and locks,
    # and a forked copy of them can hang forever.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, initializer=_setup, mp_context=context) as pool:
        futures = [pool.submit(render_one, pk, str(folder)) for pk in ids]
        for future in as_completed(futures):
            future.result()
            if progress is not None:
                progress()
    return time.perf_counter() - started
