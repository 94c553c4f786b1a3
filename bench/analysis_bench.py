"""Peer analysis speed: snapshot statistics and one subject's analysis.

Prints, for the demonstration population in the database and for a synthetic
population of 100,000 clusters: the time to build a reference snapshot and its group
statistics, and the time to analyse one subject against it. With --all, also analyses
every demonstration benchmarking (in memory, nothing stored) and reports failures.

    DEBUG=1 .venv/bin/python bench/analysis_bench.py [--all]

Needs `make demo` (or load-framework + generate-demo) to have run first.
"""

import argparse
import dataclasses
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterbench.settings")

import django

django.setup()

from clusterbench.analysis.core import analyse  # noqa: E402
from clusterbench.analysis.peers import PeerStatistics, ReferencePopulation  # noqa: E402
from clusterbench.analysis.recommendations import catalogue_load  # noqa: E402
from clusterbench.engagements.models import Benchmarking  # noqa: E402
from clusterbench.methodology.loader import framework_latest, framework_spec  # noqa: E402
from clusterbench.peers.analysis import population_from_snapshot_data, snapshot_data, subject_of  # noqa: E402


def timed(function, repeat=5):
    """Median wall time of `repeat` runs, in milliseconds, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def synthetic_population(spec, size, seed=1):
    rng = np.random.default_rng(seed)
    codes = tuple(i.code for i in spec.indicators)
    values = rng.lognormal(3, 1, size=(size, len(codes))).round(1)
    values[rng.random(values.shape) < 0.03] = np.nan  # a few "not known"
    portfolios = np.array([f"p{k:02d}" for k in range(13)])[rng.integers(13, size=size)]
    countries = np.array([f"C{k:02d}" for k in range(48)])[rng.integers(48, size=size)]
    return ReferencePopulation(codes, values, portfolios, countries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="analyse every demo benchmarking")
    args = parser.parse_args()

    framework = framework_latest()
    spec = framework_spec(framework)
    catalogue = catalogue_load(spec.version)
    subject = (
        Benchmarking.objects.select_related("cluster__country", "cluster__portfolio")
        .filter(cluster__is_synthetic=True)
        .order_by("-interview_date")
        .first()
    )
    if subject is None:
        sys.exit("No demonstration population: run `make demo` first.")
    subject_data = subject_of(spec, subject)

    print(
        f"Demonstration population, subject benchmarking {subject.pk} ({subject.interview_date}):"
    )
    ms, data = timed(lambda: snapshot_data(benchmarking=subject, as_of=subject.interview_date))
    print(f"  reference population from the database: {ms:8.1f} ms ({len(data['peers'])} peers)")
    ms, stats = timed(lambda: PeerStatistics.build(population_from_snapshot_data(spec, data)))
    print(f"  snapshot statistics (all groups):       {ms:8.1f} ms ({len(stats.groups)} groups)")
    ms, _ = timed(lambda: analyse(spec, subject_data, stats, catalogue), repeat=20)
    print(f"  one subject's analysis:                 {ms:8.1f} ms")

    population = synthetic_population(spec, 100_000)
    print("Synthetic population of 100,000 clusters (13 portfolios, 48 countries):")
    ms, stats = timed(lambda: PeerStatistics.build(population))
    print(f"  snapshot statistics (all groups):       {ms:8.1f} ms ({len(stats.groups)} groups)")
    in_groups = dataclasses.replace(subject_data, portfolio="p03", country="C07")
    ms, _ = timed(lambda: analyse(spec, in_groups, stats, catalogue), repeat=20)
    print(f"  one subject's analysis:                 {ms:8.1f} ms")

    if args.all:
        benchmarkings = list(
            Benchmarking.objects.select_related("cluster__country", "cluster__portfolio").filter(
                cluster__is_synthetic=True,
                status__in=Benchmarking.COMPLETED,  # interviews held
            )
        )
        failures, start = [], time.perf_counter()
        for benchmarking in benchmarkings:
            try:
                data = snapshot_data(benchmarking=benchmarking, as_of=benchmarking.interview_date)
                analyse(
                    spec,
                    subject_of(spec, benchmarking),
                    PeerStatistics.build(population_from_snapshot_data(spec, data)),
                    catalogue,
                )
            except Exception as exc:  # report every failure, then fail
                failures.append((benchmarking.pk, repr(exc)))
        seconds = time.perf_counter() - start
        print(
            f"Analysed {len(benchmarkings) - len(failures)} of {len(benchmarkings)} "
            f"demonstration benchmarkings in {seconds:.1f} s "
            f"({len(benchmarkings) / seconds:.1f} per second)"
        )
        for pk, error in failures[:10]:
            print(f"  benchmarking {pk}: {error}")
        sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
