"""Time `hncc report --plan` and `hncc status` on ONE plan of many entries, at several sizes.

Usage: python benchmarks/bench_hardening.py [--sizes 1000 10000 100000] [--runs 3]

For each size, writes a data root holding one plan with that many entries (content items with
deadlines, one appendix row summarizing every tenth item, every item's status history one update
long), raises HNCC_MAX_FILE_BYTES so that the file is under the size limit, and times in fresh
processes (median of --runs): `hncc report --plan` with a filled cache, and `hncc status` on an
entry in the middle of the file (the file is restored between runs). Both should grow about
linearly with the size: the last column divides by thousands of entries. Nothing here asserts
speed.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from installed import environment  # benchmarks/ is on sys.path when run as a script

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
DEADLINES = ["Quý I/2023", "Quý II/2023", "Năm 2023", "Hàng năm", "vào tháng 10-11 hàng năm"]
ITEM = """\
  - ref: III.{i}
    kind: activity
    title: Nhiệm vụ số {i} của kế hoạch thử
    lead: [Sở Văn hóa và Thể thao]
    deadline: {deadline}
    status:
      - date: 2023-01-05
        status: in_progress
        note: Đã giao nhiệm vụ {i}.
"""
ROW = """\
    - ref: PL.{i}
      title: Dòng phụ lục {i}
      lead: [Sở Văn hóa và Thể thao]
      deadline: Năm 2023
      budget: 1 tỷ
      summarizes: [III.{i}]
"""


def plan_text(entries: int) -> str:
    items = "".join(ITEM.format(i=i, deadline=DEADLINES[i % len(DEADLINES)])
                    for i in range(1, entries + 1))
    rows = "".join(ROW.format(i=i) for i in range(1, entries + 1, 10))
    return ("number: 1/KH-UBND\nissuer: UBND Thành phố\ndate: 2023-01-02\ntitle: KẾ HOẠCH LỚN\n"
            f"horizon: {{start: 2023, end: 2024}}\ncontent:\n{items}appendix:\n  rows:\n{rows}")


def timed(argv: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def measure(entries: int, runs: int, hncc: str) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "data" / "plans").mkdir(parents=True)
        (root / "data" / "agencies.yaml").write_text(AGENCIES, encoding="utf-8")
        plan = root / "data" / "plans" / "2023-1-KH-UBND.yaml"
        plan.write_text(plan_text(entries), encoding="utf-8")
        original = plan.read_bytes()
        env = environment(HNCC_MAX_FILE_BYTES=str(4 * len(original)),
                          HNCC_CACHE_DIR=str(root / "cache"))
        report = [hncc, "report", "--plan", "1", "--as-of", "2023-12-01", "--root", str(root)]
        timed(report, env)  # fill the cache
        report_times = [timed(report, env) for _ in range(runs)]
        status = [hncc, "status", f"1:III.{entries // 2}", "done", "--date", "2023-06-01",
                  "--note", "xong", "--root", str(root)]
        status_times = []
        for _ in range(runs):
            status_times.append(timed(status, env))
            plan.write_bytes(original)
        return len(original) / 1e6, statistics.median(report_times), statistics.median(status_times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    hncc = shutil.which("hncc") or str(Path(sys.executable).parent / "hncc")
    print(f"| {'entries':>8} | {'file MB':>7} | {'report --plan s':>15} | {'status s':>8} "
          f"| {'report s / 1k':>13} | {'status s / 1k':>13} |")
    print(f"|{'-' * 10}|{'-' * 9}|{'-' * 17}|{'-' * 10}|{'-' * 15}|{'-' * 15}|")
    for entries in args.sizes:
        size, report, status = measure(entries, args.runs, hncc)
        per = entries / 1000
        print(f"| {entries:>8,} | {size:>7.1f} | {report:>15.2f} | {status:>8.2f} "
              f"| {report / per:>13.3f} | {status / per:>13.3f} |", flush=True)


if __name__ == "__main__":
    main()
