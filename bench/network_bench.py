"""Network brief speed: the comparison of a network's members with all benchmarked
clusters, the brief's radar and PDF, and the CSV.

Prints, for the demonstration network in the database (loading included) and for a
synthetic population of 100,000 clusters with a network of 5,000 members (the pure
comparison alone), the median of 5 runs.

    DEBUG=1 .venv/bin/python bench/network_bench.py

Needs `make demo` (or load-framework, generate-demo, create-demo-accounts) first.
"""

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

from django.utils import timezone  # noqa: E402

from clusterbench.analysis.network import network_compare  # noqa: E402
from clusterbench.analysis.peers import ReferencePopulation  # noqa: E402
from clusterbench.clusters.models import Network  # noqa: E402
from clusterbench.methodology.loader import framework_latest, framework_spec  # noqa: E402
from clusterbench.networks.brief import brief_csv, brief_data, brief_pdf  # noqa: E402
from clusterbench.networks.selectors import _compare  # noqa: E402


def timed(function, repeat=5):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main() -> None:
    framework = framework_latest()
    spec = framework_spec(framework)
    network = Network.objects.order_by("pk").first()
    if network is None:
        sys.exit("No network: run `make demo` (or create-demo-accounts) first.")
    ms, (comparison, edition_date) = timed(lambda: _compare(network, framework))
    print(f"{network.name}: {network.members.count()} members, shown: {comparison.shown}")
    print(f"  load and compare        {ms:8.1f} ms")
    ms, data = timed(
        lambda: brief_data(
            network_name=network.name,
            members=network.members.count(),
            comparison=comparison,
            today=timezone.localdate(),
            edition_date=edition_date,
        )
    )
    print(f"  brief with radar chart  {ms:8.1f} ms")
    ms, pdf = timed(lambda: brief_pdf(data))
    print(f"  PDF (Typst)             {ms:8.1f} ms  ({len(pdf) / 1024:.0f} KB)")
    ms, _ = timed(lambda: brief_csv(comparison))
    print(f"  CSV                     {ms:8.1f} ms")

    rng = np.random.default_rng(1)
    size = 100_000
    codes = tuple(i.code for i in spec.indicators)
    values = rng.gamma(2.0, 10.0, size=(size, len(codes)))
    values[rng.random(values.shape) < 0.03] = np.nan
    population = ReferencePopulation(
        codes=codes,
        values=values,
        portfolios=np.array(["ict"] * size),
        countries=np.array(["RS"] * size),
    )
    members = np.zeros(size, dtype=bool)
    members[:5000] = True
    ms, _ = timed(lambda: network_compare(spec, population, members))
    print(f"synthetic: 5,000 members of {size:,} clusters, pure comparison {ms:8.1f} ms")


if __name__ == "__main__":
    main()
