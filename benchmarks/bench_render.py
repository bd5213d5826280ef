"""Time the rendering of big task lists (table, CSV, JSON), after the query, in one process.

Usage: python benchmarks/bench_render.py [DATA_ROOT] [--rounds N] [--as-of YYYY-MM-DD]
                                         [--lists overdue,upcoming,tasks]
Loads DATA_ROOT (for instance a tree of 2,000 copies of a plan) through the index, runs the
overdue, upcoming and task lists once, then renders each several times with the cyclic
collector off (as the CLI runs) and prints the best time and the size of each output.
Nothing here asserts speed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from hncc import api
from hncc.data.loader import load
from hncc.render import tables, views
from hncc.render.jsonable import json_chunks


def _text(pieces: Iterable[str]) -> int:
    return len("".join(pieces).encode())


def _best(make: Callable[[], int], rounds: int) -> tuple[float, int]:
    best, size = float("inf"), 0
    for _ in range(rounds):
        start = time.perf_counter()
        size = make()
        best = min(best, time.perf_counter() - start)
    return best, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", nargs="?", default="/tmp/hncc-scale/replicated/data")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--as-of", default="2024-01-01")
    parser.add_argument("--lists", default="overdue,upcoming,tasks")
    args = parser.parse_args()
    day = dt.date.fromisoformat(args.as_of)
    dataset = load(Path(args.root)).dataset
    gc.disable()
    lists: dict[str, tuple[list, Callable[[], tables.Table]]] = {}
    overdue = api.overdue(dataset, day)
    lists["overdue"] = (overdue, lambda: views.overdue_table(overdue, day))
    upcoming = api.upcoming(dataset, day, 365)
    lists["upcoming"] = (upcoming, lambda: views.upcoming_table(upcoming, day, 365))
    every = api.tasks(dataset, day)
    lists["tasks"] = (every, lambda: views.tasks_table(every, day))
    print(f"{'list':<9}{'rows':>7}  {'what':<16}{'best s':>8}{'MB':>8}")
    for name, (found, table) in lists.items():
        if name not in args.lists.split(","):
            continue
        figures = {
            "view": lambda table=table: len(table().rows),
            "view+table": lambda table=table: _text(tables.chunks(
                [table()], "table", terminal=False, color=False, width=80, as_of=day)),
            "view+csv": lambda table=table: _text(tables.chunks(
                [table()], "csv", terminal=False, color=False, width=80, as_of=day)),
            "view+terminal": lambda table=table: _text(tables.chunks(
                [table()], "table", terminal=True, color=True, width=120, as_of=day)),
            "json": lambda found=found: len(b"".join(json_chunks(found))),
        }
        for what, make in figures.items():
            best, size = _best(make, args.rounds)
            shown = f"{size / 1e6:8.1f}" if what != "view" else ""
            print(f"{name:<9}{len(found):>7}  {what:<16}{best:8.3f}{shown}", flush=True)


if __name__ == "__main__":
    main()
