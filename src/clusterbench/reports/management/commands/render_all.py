import os
import signal
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from clusterbench.engagements.models import Benchmarking
from clusterbench.reports.batch import all_answers, render_all
from clusterbench.reports.pdf import UndisplayableText

STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)  # kill, a closed terminal


class Stopped(KeyboardInterrupt):
    """A stop signal, raised as Ctrl-C is so that the batch stops the same clean way: by
    default the process would end at once and leave its workers running."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _stop(signum, frame):
    raise Stopped(signum)


class Command(BaseCommand):
    help = (
        "Render the report of every demonstration benchmarking in parallel, as PDF files in "
        "a folder (nothing is stored in the database), and print reports per second."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--out",
            type=Path,
            default=Path(settings.MEDIA_ROOT) / "batch-reports",
            help="folder for the PDFs (default: MEDIA_ROOT/batch-reports)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 2,
            help="processes (default: one per core)",
        )
        parser.add_argument("--limit", type=int, help="render only the first N")

    def handle(self, *args, out, workers, limit, **options):
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        if limit is not None and limit < 1:
            raise CommandError("--limit must be at least 1.")
        if out.exists() and not out.is_dir():
            raise CommandError(f"--out {out} is a file: name a folder for the reports.")
        ids = list(
            Benchmarking.objects.filter(
                cluster__is_synthetic=True, status__in=Benchmarking.COMPLETED
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )[:limit]
        if not ids:
            raise CommandError("No demonstration benchmarkings: run `make demo` first.")

        def rendered(done: float) -> str:
            return (
                f"{int(done)} of {len(ids)} reports were rendered (in {out}), each whole; "
                "the others were not."
            )

        previous = {signum: signal.signal(signum, _stop) for signum in STOP_SIGNALS}
        try:
            with Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                "elapsed,",
                TimeRemainingColumn(),
                "left",
            ) as progress:
                bar = progress.add_task("Rendering reports", total=len(ids))
                try:
                    times = render_all(
                        ids, out, workers, lambda: progress.advance(bar), answers=all_answers()
                    )
                except UndisplayableText as exc:
                    raise CommandError(str(exc)) from None
                except OSError as exc:  # the folder cannot be made, a disk is full
                    where = f" ({exc.filename})" if exc.filename else ""
                    raise CommandError(f"Cannot write the reports: {exc.strerror}{where}") from None
                except BrokenProcessPool:  # a worker killed: the kernel out of memory, kill -9
                    raise CommandError(
                        "A worker process ended without finishing its report (killed, or out "
                        "of memory?): " + rendered(progress.tasks[bar].completed)
                    ) from None
                except KeyboardInterrupt as exc:
                    raise CommandError(
                        "Stopped: " + rendered(progress.tasks[bar].completed),
                        # A shell's code for a command a signal stopped: 130 for Ctrl-C.
                        returncode=128 + getattr(exc, "signum", signal.SIGINT),
                    ) from None
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        self.stdout.write(
            f"Rendered {len(ids)} report{'s' if len(ids) > 1 else ''} in {times.seconds:.1f} s "
            f"with {workers} process{'es' if workers > 1 else ''}: "
            f"{len(ids) / times.seconds:.2f} reports per second, "
            f"{times.cpu_seconds / len(ids):.2f} s of CPU a report "
            f"(PDFs in {out})."
        )
