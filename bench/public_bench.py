"""The public database under concurrent load, with 10,000 cluster organisations.

Builds a separate SQLite database (var/bench-public-10000.sqlite3, one per size) with
10,000 benchmarked clusters and their labels, serves it with gunicorn (production
settings, 2 workers) on 127.0.0.1, and sends requests from 8 concurrent clients for a
fixed number of rounds: the listing, a filtered listing, a search, a verification, pages
all over the listing ("any page": a different page each request, so that few are served
from a cache) and searches for one cluster's number ("any search", likewise). Prints
requests per second and p50/p95 latency for each, then the server's CPU time per request
measured in-process (a figure that other work on a shared machine hardly moves).

    .tools/bin/uv sync --group bench
    .venv/bin/python bench/public_bench.py [--clusters 10000] [--requests 400] [--reuse]
        [--postgres postgres://postgres@127.0.0.1:5432]

--postgres serves the clusters from that PostgreSQL server instead, in a database of the
benchmark's own (clusterbench_bench_public_10000, dropped and made anew unless --reuse).

BENCH_PORT sets the port (8765; the benchmark stops if another server holds it);
BENCH_SRC runs another checkout's sources (the code before a change) against the same
database.
"""

import argparse
import datetime as dt
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_PORT", "8765"))
CLIENTS = 8
ENV = {
    **os.environ,
    "DEBUG": "0",
    "SECRET_KEY": "bench-" + "x" * 40,
    "SECURE_SSL_REDIRECT": "0",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SITE_URL": f"http://127.0.0.1:{PORT}",
    "LOCAL_ENV_FILE": "",  # production settings, not the demo's var/local.env
    "DATABASE_URL": "",
    "DJANGO_SETTINGS_MODULE": "clusterbench.settings",
    # BENCH_SRC: another checkout's sources, to measure the code before a change.
    "PYTHONPATH": os.environ.get("BENCH_SRC", str(ROOT / "src")),
}
PATHS = (
    ("listing", "/database/"),
    ("filtered listing", "/database/?country=DE&portfolio=ict"),
    ("search", "/database/?q=energy+cluster+01"),
    ("verification", "/verify/BEN00000042/"),
    ("any page", "/database/?page={page}"),  # a page drawn at random each request
    # a search for one cluster's number drawn at random each request: few are cached
    ("any search", "/database/?q={number}"),
)


def database_path(clusters: int) -> Path:
    return ROOT / "var" / f"bench-public-{clusters}.sqlite3"


def postgres_database(server: str, clusters: int, *, anew: bool) -> tuple[str, bool]:
    """The URL of the benchmark's own database on a PostgreSQL server, made anew if asked
    or missing, and whether it was."""
    import psycopg

    name = f"clusterbench_bench_public_{clusters}"

    def database(name: str) -> str:  # the server's URL, whatever database it names
        return urlsplit(server)._replace(path=f"/{name}").geturl()

    with psycopg.connect(database("postgres"), autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if exists and anew:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        if anew or not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    return database(name), anew or not exists


def port_check() -> None:
    """Stop if something else listens on the port: the figures would be its own."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn does
        try:
            probe.bind(("127.0.0.1", PORT))
        except OSError:
            sys.exit(f"Port {PORT} is in use; set BENCH_PORT to a free one.")


def build(clusters: int) -> None:
    """A database with `clusters` benchmarked cluster organisations and their labels."""
    # Run as a child of main(), with its environment (ENV), the database chosen there.
    if not os.environ["DATABASE_URL"]:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{os.environ['SQLITE_PATH']}{suffix}").unlink(missing_ok=True)
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
    if os.environ["DATABASE_URL"]:
        from django.db import connection

        # PostgreSQL's planner needs the tables' statistics; right after a bulk load it has
        # none until autovacuum's next round, and picks plans that take a second a page.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def workers_cpu(server: subprocess.Popen) -> float:
    """The CPU seconds (user and system) the gunicorn workers of `server` used so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a process that ended meanwhile
        if int(fields[1]) == server.pid:  # the parent: a worker of this server
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def asked(path: str, draw: random.Random, pages: int) -> str:
    """The path with its "{page}" (a page of the listing) and "{number}" (a cluster's
    number, as its name has it) drawn at random."""
    return path.format(page=draw.randint(1, pages), number=f"{draw.randrange(pages * 25):05d}")


def load(path: str, requests: int, pages: int) -> tuple[float, float, float, float]:
    """requests in total from CLIENTS threads; returns (per second, p50 ms, p95 ms, the
    clients' own CPU ms per request). "{page}" in the path: a page of the listing (of
    `pages`) drawn at random each time."""
    latencies: list[float] = []
    lock = threading.Lock()

    def client(count: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        draw = random.Random(threading.get_ident())
        for _ in range(count):
            started = time.perf_counter()
            connection.request("GET", asked(path, draw, pages))
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: HTTP {response.status}")
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)
        connection.close()

    threads = [threading.Thread(target=client, args=(requests // CLIENTS,)) for _ in range(CLIENTS)]
    started, cpu = time.perf_counter(), time.process_time()
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
        (time.process_time() - cpu) * 1000 / len(latencies),
    )


def cpu_per_request(requests: int, pages: int) -> None:
    """The server's own CPU time per request, in this process (Django's test client, no
    network, one client): a figure that other work on the machine hardly moves, unlike
    the latency under load. Run as a child of main(), with its environment."""
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    draw = random.Random(2)
    print("CPU time per request, in-process (median, p95):")
    for label, path in PATHS:
        client.get(asked(path, draw, pages))
        times = []
        for _ in range(requests):
            started = time.process_time()
            response = client.get(asked(path, draw, pages))
            times.append((time.process_time() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{path}: HTTP {response.status_code}")
        times.sort()
        print(
            f"  {label:<17} {statistics.median(times):6.1f} ms   "
            f"p95 {times[int(0.95 * (len(times) - 1))]:6.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clusters", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--reuse", action="store_true", help="keep the database already built")
    parser.add_argument("--postgres", metavar="SERVER", help="a PostgreSQL server's URL")
    args = parser.parse_args()
    port_check()
    started = time.perf_counter()
    if args.postgres:
        ENV["DATABASE_URL"], made = postgres_database(
            args.postgres, args.clusters, anew=not args.reuse
        )
        built = not made
    else:
        ENV["SQLITE_PATH"] = str(database_path(args.clusters))
        built = args.reuse and database_path(args.clusters).exists()
    pages = -(-args.clusters // 25)
    if not built:
        subprocess.run(
            [sys.executable, __file__, "--build-only", str(args.clusters)], env=ENV, check=True
        )
        print(f"Built {args.clusters} clusters in {time.perf_counter() - started:.0f} s")
    print(f"Load average before the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    command = str(ROOT / ".venv" / "bin" / "clusterbench")
    with tempfile.TemporaryDirectory() as static:
        env = {**ENV, "STATIC_ROOT": static}
        # A database kept from an earlier run gets the migrations added since.
        subprocess.run([command, "migrate", "-v0"], env=env, check=True)
        subprocess.run([command, "collectstatic", "--no-input", "-v0"], env=env, check=True)
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
            if server.poll() is not None:
                sys.exit("The server did not start.")
            load("/database/", 16, pages)  # warm up
            print(
                f"{CLIENTS} concurrent clients, {args.requests} requests each test; CPU per "
                "request of the gunicorn workers (server) and of the clients:"
            )
            for label, path in PATHS:
                server_cpu = workers_cpu(server)
                per_second, p50, p95, client_cpu = load(path, args.requests, pages)
                server_cpu = (workers_cpu(server) - server_cpu) * 1000 / args.requests
                print(
                    f"  {label:<17} {per_second:7.1f} requests/s   p50 {p50:6.1f} ms   "
                    f"p95 {p95:6.1f} ms   CPU server {server_cpu:5.1f} ms, "
                    f"clients {client_cpu:4.1f} ms"
                )
            print(f"Load average after the run: {os.getloadavg()[0]:.1f}")
        finally:
            server.terminate()
            server.wait()
        subprocess.run(
            [sys.executable, __file__, "--cpu-only", str(args.requests // 4), str(pages)],
            env=env,
            check=True,
        )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--build-only":
        build(int(sys.argv[2]))
    elif len(sys.argv) == 4 and sys.argv[1] == "--cpu-only":
        cpu_per_request(int(sys.argv[2]), int(sys.argv[3]))
    else:
        main()
