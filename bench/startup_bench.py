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
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = str(ROOT / ".venv" / "bin" / "clusterbench")


def median_wall(command: list[str], runs: int) -> float:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--id", type=int, default=1233, help="a benchmarking (the showcase)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        pdf = str(Path(folder) / "report.pdf")
        render = median_wall([CLI, "render", str(args.id), "-o", pdf], args.runs)
        analyse = median_wall([CLI, "analyse", str(args.id), "--json"], args.runs)
    print(f"median of {args.runs} runs, process start included, PYTHONDONTWRITEBYTECODE=1:")
    print(f"  clusterbench render {args.id} -o FILE.pdf   {render:6.2f} s")
    print(f"  clusterbench analyse {args.id} --json       {analyse:6.2f} s")


if __name__ == "__main__":
    main()
