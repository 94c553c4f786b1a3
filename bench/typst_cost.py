"""Typst's cost of laying out reports, counted in instructions: a figure that other work on
a shared machine does not move (wall and CPU times there moved by up to 40 % between runs).

Builds the documents of some English demonstration reports (every 100th released one),
then, for each template given (default: the report's own), compiles them in a process
under valgrind's callgrind and prints the instructions per report; the same process
compiling none of them is counted first and subtracted. Typst runs on one thread here.
About 40 seconds a template with the default two reports; valgrind must be installed.

    make demo
    DEBUG=1 .venv/bin/python bench/typst_cost.py [--reports 2] [TEMPLATE ...]
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def compile_all(template: str, documents: str, count: int) -> None:
    """The measured process: only Typst and the documents, no Django."""
    import typst

    from clusterbench.typefaces import FONT_DIR

    compiler = typst.Compiler(template, font_paths=[str(FONT_DIR)], ignore_system_fonts=True)
    for text in json.loads(Path(documents).read_text())[:count]:
        compiler.compile(sys_inputs={"doc": text}, pdf_standards=["ua-1"])


def instructions(template: str, documents: str, count: int) -> int:
    result = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            __file__,
            "--compile",
            template,
            documents,
            str(count),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "RAYON_NUM_THREADS": "1"},
        check=True,
    )
    return int(re.search(r"Collected : (\d+)", result.stderr).group(1))


def english_documents(count: int) -> list[str]:
    """The documents of count English demonstration reports, as the batch draws them."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterbench.settings")
    import django

    django.setup()
    from clusterbench.engagements.models import Benchmarking
    from clusterbench.reports.batch import batch_document
    from clusterbench.reports.pdf import typst_input

    ids = Benchmarking.objects.filter(
        cluster__is_synthetic=True, status__in=Benchmarking.COMPLETED, report_language="en"
    ).order_by("pk")
    return [
        typst_input(batch_document(pk))
        for pk in list(ids.values_list("pk", flat=True))[::100][:count]
    ]


def main() -> None:
    if sys.argv[1:2] == ["--compile"]:
        compile_all(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=2)
    parser.add_argument("templates", nargs="*")
    args = parser.parse_args()
    from clusterbench.reports.pdf import TEMPLATE

    templates = args.templates or [str(TEMPLATE)]
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind).")
    texts = english_documents(args.reports)
    if not texts:
        sys.exit("No English demonstration reports: run `make demo` first.")
    with tempfile.NamedTemporaryFile("w", suffix=".json") as documents:
        json.dump(texts, documents)
        documents.flush()
        start = instructions(templates[0], documents.name, 0)
        print(f"{len(texts)} English demonstration reports, instructions per report (callgrind):")
        for template in templates:
            total = instructions(template, documents.name, len(texts))
            print(f"  {template}: {(total - start) / len(texts) / 1e6:,.0f} million")


if __name__ == "__main__":
    main()
