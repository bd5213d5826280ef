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


def medians_ms(commands: list[list[str]], runs: int, env: dict[str, str]) -> list[float | None]:
    """Median wall time of each command over `runs` rounds (None if the command does not exist).

    Each command runs once to warm up; then every round runs every command once, so that the
    machine's slower and faster moments fall on all of them alike and their ratios hold.
    """
    present = []
    for argv in commands:
        done = subprocess.run(argv, cwd=REPO, capture_output=True, text=True, env=env)
        present.append(not (done.returncode == 2 and "No such command" in done.stderr))
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for argv, seen, found in zip(commands, times, present, strict=True):
            if found:
                start = time.perf_counter()
                subprocess.run(argv, cwd=REPO, capture_output=True, env=env)
                seen.append(time.perf_counter() - start)
    return [statistics.median(seen) * 1000 if seen else None for seen in times]


def in_process_load_ms(runs: int) -> float:
    sys.path.insert(0, str(REPO))
    from hncc.data import loader

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
    commands = [[sys.executable, "-c", "import typer, pydantic"], *([hncc, *c] for c in COMMANDS)]
    names = ["python -c 'import typer, pydantic' (baseline)", *("hncc " + " ".join(c) for c in COMMANDS)]
    rows = list(zip(names, medians_ms(commands, args.runs, environment()), strict=True))
    rows.append(("loader.load(data/) in-process", in_process_load_ms(args.runs)))
    width = max(len(name) for name, _ in rows)
    print(f"{'command':<{width}}  median ms ({args.runs} runs)")
    for name, ms in rows:
        print(f"{name:<{width}}  {'(not available)' if ms is None else f'{ms:8.1f}'}")


if __name__ == "__main__":
    main()
