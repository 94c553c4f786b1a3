"""The secretariat's full export of answers, one row per benchmarking.

Streams: benchmarkings are read in chunks of CHUNK with their answers in one query per
chunk, and rows are written as they come, so memory stays flat however large the
database is.
"""

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from clusterbench.engagements.models import Benchmarking
from clusterbench.interviews.models import Answer
from clusterbench.methodology.models import Indicator
from clusterbench.methodology.spec import derived_value
from clusterbench.text import csv_writer

CHUNK = 500
FIXED_COLUMNS = [
    "benchmarking_id",
    "cluster_id",
    "status",
    "country",
    "portfolio",
    "interview_date",
]


def indicator_columns() -> tuple[list[str], dict[str, tuple[str, str]]]:
    """Indicator codes in framework order across all versions, and the derived formulas."""
    codes: list[str] = []
    formulas: dict[str, tuple[str, str]] = {}
    rows = Indicator.objects.order_by("-framework__published", "position").values_list(
        "code", "numerator", "denominator"
    )
    for code, numerator, denominator in rows:
        if code not in codes:
            codes.append(code)
        if numerator:
            formulas[code] = (numerator, denominator)
    return codes, formulas


def answer_rows() -> Iterator[list[str]]:
    codes, formulas = indicator_columns()
    yield FIXED_COLUMNS + codes
    benchmarkings = Benchmarking.objects.order_by("pk").values_list(
        "pk",
        "cluster_id",
        "status",
        "cluster__country__alpha3",
        "cluster__portfolio__name",
        "interview_date",
    )
    last_pk = 0
    while True:
        chunk = list(benchmarkings.filter(pk__gt=last_pk)[:CHUNK])
        if not chunk:
            return
        last_pk = chunk[-1][0]
        values: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
        answers = Answer.objects.filter(benchmarking_id__in=[row[0] for row in chunk])
        for benchmarking_id, code, value in answers.values_list(
            "benchmarking_id", "indicator__code", "value"
        ):
            values[benchmarking_id][code] = value
        for pk, cluster_id, status, country, portfolio, interview_date in chunk:
            answered = values.get(pk, {})
            for code, (top, bottom) in formulas.items():
                answered[code] = derived_value(top, bottom, answered)
            yield [
                str(pk),
                str(cluster_id),
                status,
                country,
                portfolio,
                interview_date.isoformat() if interview_date else "",
            ] + [_plain(answered.get(code)) for code in codes]


def answers_write_csv(stream) -> int:
    """Write the export to a text stream; return the number of benchmarking rows."""
    writer = csv_writer(stream)
    count = -1
    for row in answer_rows():
        writer.writerow(row)
        count += 1
    return count


def _plain(value: Decimal | None) -> str:
    # Empty for "not known" (and for derived values whose inputs are missing).
    return "" if value is None else format(round(value, 4).normalize(), "f")
