"""Time hncc on the shipped data: each command as a user runs it, and the load in-process.

Usage: python benchmarks/bench_shipped.py [--runs N]
Prints a table of medians (milliseconds). Figures go in the README; nothing here asserts speed.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from installed import REPO, environment  # benchmarks/ is on sys.path when run as a script

AS_OF = "2023-12-15"
COMMANDS = [
    ["check"],
    ["overdue", "--as-of", AS_OF],
    ["upcoming", "--as-of", AS_OF],
    ["budget", "--year", "2023", "--as-of", AS_OF],
    ["agencies", "--as-of", AS_OF],
    ["tasks", "--as-of", AS_OF],
    ["report", "--agency", "Sở Ngoại vụ", "--year", "2023", "--as-of", AS_OF],
]


def median_ms(argv: list[str], runs: int, env: dict[str, str]) -> float | None:
    """Median wall time of `argv` over `runs` runs (after one run to warm up), or None if the
    command does not exist."""
    subprocess.run(argv, cwd=REPO, capture_output=True, env=env)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(argv, cwd=REPO, capture_output=True, text=True, env=env)
        times.append(time.perf_counter() - start)
        if done.returncode == 2 and "No such command" in done.stderr:
            return None
    return statistics.median(times) * 1000


def in_process_load_ms(runs: int) -> float:
    sys.path.insert(0, str(REPO))
    from hncc import loader

    data_dir = REPO / "data"
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        loader.load(data_dir)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    hncc = shutil.which("hncc") or str(Path(sys.executable).parent / "hncc")
    env = environment()
    rows = [("python -c 'import typer, pydantic' (baseline)",
             median_ms([sys.executable, "-c", "import typer, pydantic"], args.runs, env))]
    for command in COMMANDS:
        rows.append(("hncc " + " ".join(command), median_ms([hncc, *command], args.runs, env)))
    rows.append(("loader.load(data/) in-process", in_process_load_ms(args.runs)))
    width = max(len(name) for name, _ in rows)
    print(f"{'command':<{width}}  median ms ({args.runs} runs)")
    for name, ms in rows:
        print(f"{name:<{width}}  {'(not available)' if ms is None else f'{ms:8.1f}'}")


if __name__ == "__main__":
    main()
