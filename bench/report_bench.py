"""Report rendering speed, with WeasyPrint side by side.

Prints, for one demonstration benchmarking: the report from stored answers to finished
PDF (median of several runs, charts included; wall time, and beside it this process's CPU
time, which other work on a shared machine hardly moves), the same report as an HTML page, the same
HTML rendered to PDF by WeasyPrint, and then the batch of every demonstration report on
all cores.

    make demo   # once, for the data
    .tools/bin/uv sync --group bench   # WeasyPrint, for the comparison only
    DEBUG=1 .venv/bin/python bench/report_bench.py [--runs 5] [--id 1233] [--skip-batch]
        [--batch-limit N] [--reports-per-worker N [N ...]]

--reports-per-worker runs the batch once for each number given: a worker process renders
that many reports before a fresh one takes over (default: the batch's own choice).
"""

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterbench.settings")

import django

django.setup()

from django.utils import timezone  # noqa: E402

from clusterbench.engagements.models import Benchmarking  # noqa: E402
from clusterbench.peers.analysis import snapshot_data  # noqa: E402
from clusterbench.reports import charts  # noqa: E402
from clusterbench.reports.batch import REPORTS_PER_WORKER, all_answers, render_all  # noqa: E402
from clusterbench.reports.build import report_document  # noqa: E402
from clusterbench.reports.html import render_html  # noqa: E402
from clusterbench.reports.inputs import report_input  # noqa: E402
from clusterbench.reports.pdf import render_pdf  # noqa: E402

CPU = []  # the median CPU time of each median_seconds measurement, in order


def median_seconds(function, runs):
    """The median wall time of runs of function and its last result; the median CPU time
    of this process (all threads, Typst's too) is appended to CPU: on a shared machine
    the wall time waits for cores that other work holds, the CPU time hardly moves."""
    times, cpus = [], []
    result = None
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        result = function()
        times.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    CPU.append(statistics.median(cpus))
    return statistics.median(times), result


def document_for(benchmarking):
    """The report as its reader gets it: in the benchmarking's report language (the
    showcase 1233's is Serbian, Latin script)."""
    data = snapshot_data(benchmarking=benchmarking, as_of=benchmarking.interview_date)
    return report_document(
        report_input(
            benchmarking=benchmarking,
            snapshot_data=data,
            snapshot_date=benchmarking.interview_date,
            identifier="benchmark",
            issued=timezone.localdate(),
            language=benchmarking.report_language,
        )
    )


def chart_seconds(function, runs):
    """The median time spent inside the chart functions while function runs."""
    spent = [0.0]
    count = [0]
    originals = {name: getattr(charts, name) for name in ("distribution", "radar", "readiness")}

    def timed(original):
        def call(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - started
                count[0] += 1

        return call

    for name, original in originals.items():
        setattr(charts, name, timed(original))
    times = []
    try:
        for _ in range(runs):
            spent[0], count[0] = 0.0, 0
            function()
            times.append(spent[0])
    finally:
        for name, original in originals.items():
            setattr(charts, name, original)
    return statistics.median(times), count[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-batch", action="store_true")
    parser.add_argument("--id", type=int, help="a benchmarking (default: a released one)")
    parser.add_argument("--batch-limit", type=int, help="render only the first N of the batch")
    parser.add_argument(
        "--reports-per-worker",
        type=int,
        nargs="+",
        default=[REPORTS_PER_WORKER],
        help="reports a worker process renders before a fresh one takes over",
    )
    args = parser.parse_args()
    if min(args.reports_per_worker) < 1:
        parser.error("--reports-per-worker: each number must be at least 1")
    if args.id:
        benchmarking = Benchmarking.objects.get(pk=args.id)
    else:
        benchmarking = (
            Benchmarking.objects.filter(
                cluster__is_synthetic=True,
                status=Benchmarking.Status.RELEASED,
                interview_date__year__lt=2019,
            )
            .order_by("-interview_date")
            .first()
        )
    if benchmarking is None:
        sys.exit("No demonstration population: run `make demo` first.")
    print(
        f"Report of benchmarking {benchmarking.pk} ({benchmarking.cluster.name_en}, in "
        f"{benchmarking.report_language}), "
        f"median of {args.runs} runs (load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores):"
    )
    seconds, pdf = median_seconds(lambda: render_pdf(document_for(benchmarking)), args.runs)
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    print(
        f"  Typst: stored answers to finished PDF      {seconds:6.3f} s  "
        f"({CPU[-1]:.3f} s CPU; {len(pdf) / 1024:.0f} KiB, {pages} pages)"
    )
    total = seconds
    drawn, count = chart_seconds(lambda: document_for(benchmarking), args.runs)
    print(f"  all {count} charts of the report               {drawn * 1000:6.1f} ms")
    seconds, html = median_seconds(lambda: render_html(document_for(benchmarking)), args.runs)
    print(
        f"  stored answers to the HTML page            {seconds:6.2f} s  "
        f"({CPU[-1]:.2f} s CPU; {len(html) / 1024:.0f} KiB)"
    )
    document = document_for(benchmarking)
    typst_only, _ = median_seconds(lambda: render_pdf(document), args.runs)
    print(
        f"  Typst: document to PDF only                {typst_only:6.3f} s  ({CPU[-1]:.3f} s CPU)"
    )
    try:
        import weasyprint
    except ImportError:
        print("  WeasyPrint: not installed (.tools/bin/uv sync --group bench)")
    else:
        import logging

        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        logging.getLogger("fontTools").setLevel(logging.ERROR)
        page = render_html(document)
        weasy, weasy_pdf = median_seconds(
            lambda: weasyprint.HTML(string=page).write_pdf(), max(1, args.runs // 2)
        )
        building = total - typst_only  # answers to document, shared by both renderers
        print(
            f"  WeasyPrint: the same HTML to PDF           {weasy:6.2f} s  "
            f"({len(weasy_pdf) / 1024:.0f} KiB), {weasy / total:.1f} times the answers-to-PDF "
            f"time, {weasy / typst_only:.0f} times Typst's document-to-PDF time"
        )
        print(
            f"  end to end, answers to PDF: Typst {building + typst_only:.2f} s, WeasyPrint "
            f"{building + weasy:.2f} s ({(building + weasy) / (building + typst_only):.1f} "
            f"times faster with Typst)"
        )
    if args.skip_batch:
        return
    ids = list(
        Benchmarking.objects.filter(cluster__is_synthetic=True, status__in=Benchmarking.COMPLETED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    total = len(ids)
    if args.batch_limit:
        ids = ids[: args.batch_limit]
    workers = os.cpu_count() or 2
    answers = all_answers()
    for per_worker in args.reports_per_worker:
        with tempfile.TemporaryDirectory() as folder:
            times = render_all(
                ids, Path(folder), workers, reports_per_worker=per_worker, answers=answers
            )
        seconds, cpu = times.seconds, times.cpu_seconds
        print(
            f"Batch: {len(ids)} of {total} demonstration reports on {workers} cores, "
            f"{per_worker} a worker, in {seconds / 60:.1f} min ({seconds:.1f} s; "
            f"{len(ids) / seconds:.2f} reports per second; {cpu / len(ids):.3f} s of CPU per "
            f"report, so {total * cpu / len(ids) / workers / 60:.1f} min for all {total} on "
            f"{workers} idle cores; load average {os.getloadavg()[0]:.1f})",
            flush=True,
        )


if __name__ == "__main__":
    main()
