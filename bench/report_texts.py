"""The document model's text of a few demonstration reports, as digests: run it on two
checkouts to show that a change left every word and number of the reports as it was.

    DEBUG=1 .venv/bin/python bench/report_texts.py            # this checkout
    DEBUG=1 PYTHONPATH=../other/src .venv/bin/python bench/report_texts.py   # another one

Prints, for the showcase (1233, in each report language) and the first released
benchmarkings, the number of texts of its freshly built document (charts aside) and a
digest of them, and the same for the showcase's stored, released document.
"""

import datetime as dt
import hashlib
import json
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterbench.settings")

import django

django.setup()

from clusterbench.engagements.models import Benchmarking  # noqa: E402
from clusterbench.languages.reports import ENGLISH, REPORT_LANGUAGES  # noqa: E402
from clusterbench.peers.analysis import snapshot_data  # noqa: E402
from clusterbench.reports.build import report_document  # noqa: E402
from clusterbench.reports.inputs import report_input  # noqa: E402
from clusterbench.reports.services import report_for_benchmarking  # noqa: E402


def digest(texts: list[str]) -> str:
    return f"{len(texts)} texts, {hashlib.sha256(json.dumps(texts).encode()).hexdigest()[:16]}"


released = Benchmarking.objects.filter(status="released").order_by("pk")
builds = [(1233, code) for code, _ in REPORT_LANGUAGES]
builds += [(pk, ENGLISH) for pk in released.values_list("pk", flat=True)[:4]]
for pk, language in builds:
    benchmarking = Benchmarking.objects.get(pk=pk)
    data = snapshot_data(benchmarking=benchmarking, as_of=benchmarking.interview_date)
    document = report_document(
        report_input(
            benchmarking=benchmarking,
            snapshot_data=data,
            snapshot_date=benchmarking.interview_date,
            identifier="compare",
            issued=dt.date(2026, 1, 1),
            language=language,
        )
    )
    print(f"benchmarking {pk}, built in {language}: {digest(document.texts())}")
stored = report_for_benchmarking(Benchmarking.objects.get(pk=1233))
print(f"benchmarking 1233, stored: {digest(stored.texts())}")
