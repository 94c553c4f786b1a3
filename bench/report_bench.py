"""Report rendering speed, with WeasyPrint side by side.

Prints, for one demonstration benchmarking: the report from stored answers to finished
PDF (median of several runs, charts included), the same report as an HTML page, the same
HTML rendered to PDF by WeasyPrint, and then the batch of every demonstration report on
all cores.

    make demo   # once, for the data
    .tools/bin/uv sync --group bench   # WeasyPrint, for the comparison only
    DEBUG=1 .venv/bin/python bench/report_bench.py [--runs 5] [--skip-batch]
"""

import argparse
import os
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
from clusterbench.reports.batch import render_all  # noqa: E402
from clusterbench.reports.build import report_document  # noqa: E402
from clusterbench.reports.html import render_html  # noqa: E402
from clusterbench.reports.inputs import report_input  # noqa: E402
from clusterbench.reports.pdf import render_pdf  # noqa: E402


def median_seconds(function, runs):
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def document_for(benchmarking):
    data = snapshot_data(benchmarking=benchmarking, as_of=benchmarking.interview_date)
    return report_document(
        report_input(
            benchmarking=benchmarking,
            snapshot_data=data,
            snapshot_date=benchmarking.interview_date,
            identifier="benchmark",
            issued=timezone.localdate(),
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-batch", action="store_true")
    args = parser.parse_args()
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
        f"Report of benchmarking {benchmarking.pk} ({benchmarking.cluster.name_en}), "
        f"median of {args.runs} runs:"
    )
    seconds, pdf = median_seconds(lambda: render_pdf(document_for(benchmarking)), args.runs)
    print(
        f"  Typst: stored answers to finished PDF      {seconds:6.2f} s  "
        f"({len(pdf) / 1024:.0f} KiB)"
    )
    total = seconds
    seconds, html = median_seconds(lambda: render_html(document_for(benchmarking)), args.runs)
    print(
        f"  stored answers to the HTML page            {seconds:6.2f} s  "
        f"({len(html) / 1024:.0f} KiB)"
    )
    document = document_for(benchmarking)
    typst_only, _ = median_seconds(lambda: render_pdf(document), args.runs)
    print(f"  Typst: document to PDF only                {typst_only:6.2f} s")
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
            f"({len(weasy_pdf) / 1024:.0f} KiB), {weasy / typst_only:.0f} times Typst's "
            f"document-to-PDF time"
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
    workers = os.cpu_count() or 2
    with tempfile.TemporaryDirectory() as folder:
        seconds = render_all(ids, Path(folder), workers)
    print(
        f"Batch: {len(ids)} demonstration reports on {workers} cores in {seconds / 60:.1f} min "
        f"({len(ids) / seconds:.2f} reports per second)"
    )


if __name__ == "__main__":
    main()
