"""Time `hncc status` in a data root of many plans, and show that only the edited file changes.

Usage: python benchmarks/bench_edit.py [--plans N] [--runs N]
Generates N valid plan files (default 2,000) in a temporary folder, appends one status update
per run to the same entry of one plan (the CLI as a user runs it, and the library call alone),
and prints a table of medians. Nothing here asserts speed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from installed import REPO, environment  # benchmarks/ is on sys.path when run as a script

AGENCIES = """\
agencies:
  - id: ubnd-thanh-pho
    name: Ủy ban nhân dân thành phố Hà Nội
    short: [UBND Thành phố]
    kind: city_government
  - id: so-van-hoa-va-the-thao
    name: Sở Văn hóa và Thể thao
    kind: city_department
"""
QUARTERS = ["I", "II", "III", "IV"]
ENTRY = """\
  - ref: III.{i}
    kind: activity
    title: Nhiệm vụ {i} của kế hoạch {n}
    lead: [Sở Văn hóa và Thể thao]
    body:
      - Tổ chức thực hiện nhiệm vụ {i}.   # a comment that must survive
    deadline: Quý {q}/2023
"""


def plan_text(number: int, entries: int = 20) -> str:
    body = "".join(ENTRY.format(i=i, n=number, q=QUARTERS[i % 4])
                   for i in range(1, entries + 1))
    return (f"# yaml-language-server: $schema=../../schema/plan.schema.json\n"
            f"number: {number}/KH-UBND\nissuer: UBND Thành phố\ndate: 2023-01-10\n"
            f"title: KẾ HOẠCH SỐ {number}\nhorizon:\n  start: 2023\n  end: 2023\ncontent:\n{body}")


def generate(root: Path, plans: int) -> None:
    (root / "data" / "plans").mkdir(parents=True)
    (root / "data" / "agencies.yaml").write_text(AGENCIES, encoding="utf-8")
    for number in range(1, plans + 1):
        path = root / "data" / "plans" / f"2023-{number}-KH-UBND.yaml"
        path.write_text(plan_text(number), encoding="utf-8")


ENV = environment()


def hashes(root: Path) -> dict[Path, str]:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()}


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, env=ENV)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from hncc.edit import status_edit as editing

    hncc = shutil.which("hncc") or str(Path(sys.executable).parent / "hncc")
    target_number = args.plans // 2
    ref = f"{target_number}/KH-UBND@2023:III.7"
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        generate(root, args.plans)
        target = root / "data" / "plans" / f"2023-{target_number}-KH-UBND.yaml"
        before = hashes(root)
        day = dt.date(2023, 1, 1)
        cli_times, library_times = [], []
        for _ in range(args.runs):
            day += dt.timedelta(days=1)
            cli_times.append(timed([hncc, "status", ref, "in_progress", "--date",
                                    day.isoformat(), "--root", str(root)]))
            day += dt.timedelta(days=1)
            update = editing.status_update(date=day, status="in_progress")
            start = time.perf_counter()
            editing.record_status(root / "data", ref, update)
            library_times.append(time.perf_counter() - start)
        startup_times = [timed([hncc, "version"]) for _ in range(args.runs)]
        after = hashes(root)
        changed = sorted(p.name for p in after if after[p] != before.get(p))
    rows = [("hncc status (command line, one process)", cli_times),
            ("hncc version (start-up alone)", startup_times),
            ("editing.record_status (in process)", library_times)]
    print(f"{args.plans} plan files, {args.runs} runs each, median in milliseconds\n")
    print(f"| {'measure':<40} | {'ms':>7} |\n|{'-' * 42}|{'-' * 9}|")
    for name, times in rows:
        print(f"| {name:<40} | {statistics.median(times) * 1000:>7.1f} |")
    print(f"\nfiles changed: {changed}")
    if changed != [target.name]:
        raise SystemExit(f"expected only {target.name} to change")


if __name__ == "__main__":
    main()
