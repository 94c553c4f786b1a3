"""The public database under concurrent load, with 10,000 cluster organisations.

Builds a separate SQLite database (var/bench-public.sqlite3) with 10,000 benchmarked
clusters and their labels, serves it with gunicorn (production settings, 2 workers) on
127.0.0.1, and sends requests from 8 concurrent clients for a fixed number of rounds:
the listing, a filtered listing and a search. Prints requests per second and p50/p95
latency for each.

    .tools/bin/uv sync --group bench
    .venv/bin/python bench/public_bench.py [--clusters 10000] [--requests 400]
"""

import argparse
import datetime as dt
import http.client
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = ROOT / "var" / "bench-public.sqlite3"
PORT = 8765
CLIENTS = 8
ENV = {
    **os.environ,
    "SQLITE_PATH": str(DB),
    "DEBUG": "0",
    "SECRET_KEY": "bench-" + "x" * 40,
    "SECURE_SSL_REDIRECT": "0",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SITE_URL": f"http://127.0.0.1:{PORT}",
    "LOCAL_ENV_FILE": "",  # production settings, not the demo's var/local.env
    "DATABASE_URL": "",
    "DJANGO_SETTINGS_MODULE": "clusterbench.settings",
    "PYTHONPATH": str(ROOT / "src"),
}


def build(clusters: int) -> None:
    """A database with `clusters` benchmarked cluster organisations and their labels."""
    os.environ.update(ENV)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB}{suffix}").unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_framework", verbosity=0)
    from clusterbench.clusters.models import ClusterOrganisation, Country, Portfolio
    from clusterbench.clusters.search import search_key
    from clusterbench.engagements.models import Benchmarking
    from clusterbench.labels.models import Label
    from clusterbench.methodology.loader import framework_latest

    rng = random.Random(1)
    countries = list(Country.objects.all()[:48])
    portfolios = list(Portfolio.objects.all())
    words = ["Energy", "Food", "Mobility", "Health", "ICT", "Materials", "Tourism", "Space"]
    rows = []
    for i in range(clusters):
        name_en = f"{rng.choice(words)} Cluster {i:05d}"
        rows.append(
            ClusterOrganisation(
                name=f"Кластер {i:05d}" if i % 5 == 0 else name_en,
                name_en=name_en,
                country=rng.choice(countries),
                portfolio=rng.choice(portfolios),
                website=f"https://cluster{i}.example",
                is_synthetic=True,
                search_text=search_key(f"Кластер {i:05d} {name_en}"),
            )
        )
    created = ClusterOrganisation.objects.bulk_create(rows, batch_size=2000)
    framework = framework_latest()
    Benchmarking.objects.bulk_create(
        (
            Benchmarking(
                cluster=c,
                framework=framework,
                status="released",
                interview_date=dt.date(2024, 1, 1) + dt.timedelta(days=i % 700),
            )
            for i, c in enumerate(created)
        ),
        batch_size=2000,
    )
    Label.objects.bulk_create(
        (
            Label(
                cluster=c,
                level="bronze",
                certificate_id=f"BEN{i:08d}",
                valid_from=dt.date(2024, 1, 1),
                valid_until=dt.date(2026, 1, 31) + dt.timedelta(days=i % 900),
            )
            for i, c in enumerate(created)
        ),
        batch_size=2000,
    )


def load(path: str, requests: int) -> tuple[float, float, float]:
    """requests in total from CLIENTS threads; returns (per second, p50 ms, p95 ms)."""
    latencies: list[float] = []
    lock = threading.Lock()

    def client(count: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        for _ in range(count):
            started = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: HTTP {response.status}")
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)
        connection.close()

    threads = [threading.Thread(target=client, args=(requests // CLIENTS,)) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    latencies.sort()
    return (
        len(latencies) / seconds,
        statistics.median(latencies),
        latencies[int(0.95 * (len(latencies) - 1))],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clusters", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, __file__, "--build-only", str(args.clusters)], env=ENV, check=True
    )
    print(f"Built {args.clusters} clusters in {time.perf_counter() - started:.0f} s")
    with tempfile.TemporaryDirectory() as static:
        env = {**ENV, "STATIC_ROOT": static}
        subprocess.run(
            [str(ROOT / ".venv" / "bin" / "clusterbench"), "collectstatic", "--no-input", "-v0"],
            env=env,
            check=True,
        )
        server = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "clusterbench.wsgi",
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{PORT}",
                "--log-level",
                "warning",
            ],
            env=env,
        )
        try:
            time.sleep(3)
            load("/database/", 16)  # warm up
            print(f"{CLIENTS} concurrent clients, {args.requests} requests each test:")
            for label, path in (
                ("listing", "/database/"),
                ("filtered listing", "/database/?country=DE&portfolio=ict"),
                ("search", "/database/?q=energy+cluster+01"),
                ("verification", "/verify/BEN00000042/"),
            ):
                per_second, p50, p95 = load(path, args.requests)
                print(
                    f"  {label:<17} {per_second:7.1f} requests/s   p50 {p50:6.1f} ms   "
                    f"p95 {p95:6.1f} ms"
                )
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--build-only":
        build(int(sys.argv[2]))
    else:
        main()
