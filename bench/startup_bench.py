"""The commands as a user runs them: process start included, from a plain shell.

Prints the median wall time of `clusterbench render ID -o FILE.pdf` and of
`clusterbench analyse ID --json`, each run as a new process with PYTHONDONTWRITEBYTECODE=1
(as on machines that never write bytecode next to the sources: what was not compiled at
install is compiled again on every start).

    make demo   # once, for the data (and the showcase engagement's number)
    .venv/bin/python bench/startup_bench.py [--id 1233] [--runs 5]
"""

import argparse
import os
import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = str(ROOT / ".venv" / "bin" / "clusterbench")


def median_wall(command: list[str], runs: int) -> tuple[float, float]:
    """The median wall time and the median CPU time (user and system, all threads) of
    runs of command. On a shared machine the wall time waits for cores that other work
    holds; the CPU time is what the command itself costs."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(
            command,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
        )
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--id", type=int, default=1233, help="a benchmarking (the showcase)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        pdf = str(Path(folder) / "report.pdf")
        render = median_wall([CLI, "render", str(args.id), "-o", pdf], args.runs)
        analyse = median_wall([CLI, "analyse", str(args.id), "--json"], args.runs)
    print(f"median of {args.runs} runs, process start included, PYTHONDONTWRITEBYTECODE=1")
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores):")
    for label, (wall, cpu) in (
        (f"clusterbench render {args.id} -o FILE.pdf", render),
        (f"clusterbench analyse {args.id} --json", analyse),
    ):
        print(f"  {label:<38} {wall:6.2f} s wall, {cpu:6.2f} s CPU")


if __name__ == "__main__":
    main()
