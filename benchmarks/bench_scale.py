"""Measure hncc at city scale against the targets of the speed issue, and print a table.

Usage: python benchmarks/bench_scale.py [--plans 2000] [--runs 3] [--out /tmp/hncc-scale]

Generates (once, deterministically) a data root of N plans (benchmarks/generate.py), then times,
each as the median of --runs runs in fresh processes:
- the parse of every plan file with ruamel's C safe loader alone, in one Python process;
- cold `hncc check` (empty cache) and warm `hncc overdue` (filled cache), with peak memory;
- `hncc overdue` on the shipped data against `python -c "import typer, pydantic"`, the two
  alternated over 5 × --runs runs.
Nothing here asserts speed; the figures go in the README.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from installed import REPO, environment  # benchmarks/ is on sys.path when run as a script

AS_OF = "2024-06-30"
PARSE = """
import sys, time
from pathlib import Path
from ruamel.yaml import YAML
yaml = YAML(typ="safe")
start = time.perf_counter()
for path in sorted(Path(sys.argv[1]).glob("*.yaml")):
    yaml.load(path.read_bytes())
print(time.perf_counter() - start)
"""
MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
elapsed = time.perf_counter() - start
print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.returncode)
"""


def timed(argv: list[str], env: dict, cwd: Path) -> tuple[float, int, int]:
    """Wall seconds, peak resident KB and exit code of one run of `argv`."""
    out = subprocess.run([sys.executable, "-c", MEASURE, *argv], env=env, cwd=cwd,
                         capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), int(out[1]), int(out[2])


def median_run(argv: list[str], env: dict, cwd: Path, runs: int, before=None) -> tuple[float, int]:
    results = []
    for _ in range(runs):
        if before:
            before()
        results.append(timed(argv, env, cwd))
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "hncc-scale")
    args = parser.parse_args()
    data = args.out / "data"
    if not (data / "plans").is_dir() or len(list((data / "plans").glob("*.yaml"))) != args.plans:
        shutil.rmtree(args.out, ignore_errors=True)
        from generate import generate
        generate(args.out, args.plans, seed=1)
    hncc = shutil.which("hncc") or str(Path(sys.executable).parent / "hncc")
    cache_dir = args.out.parent / (args.out.name + "-cache")
    env = environment(HNCC_CACHE_DIR=str(cache_dir))
    size = sum(p.stat().st_size for p in (data / "plans").glob("*.yaml"))

    parse = statistics.median(
        float(subprocess.run([sys.executable, "-c", PARSE, str(data / "plans")], capture_output=True,
                             text=True, check=True).stdout) for _ in range(args.runs))
    cold, cold_kb = median_run([hncc, "check"], env, args.out, args.runs,
                               before=lambda: shutil.rmtree(cache_dir, ignore_errors=True))
    timed([hncc, "check"], env, args.out)  # fill the cache, checks included
    warm, warm_kb = median_run([hncc, "overdue", "--as-of", AS_OF], env, args.out, args.runs)
    warm_agency, _ = median_run([hncc, "overdue", "--as-of", AS_OF, "--agency", "Sở Ngoại vụ"],
                                env, args.out, args.runs)
    timed([hncc, "overdue", "--as-of", AS_OF], env, REPO)  # fill the shipped data's cache
    base_times, shipped_times = [], []
    for _ in range(args.runs * 5):  # alternated, so that both meet the machine's ups and downs
        base_times.append(timed([sys.executable, "-c", "import typer, pydantic"], env, REPO)[0])
        shipped_times.append(timed([hncc, "overdue", "--as-of", AS_OF], env, REPO)[0])
    base, shipped = statistics.median(base_times), statistics.median(shipped_times)

    rows = [
        (f"parse {args.plans} plans ({size / 1e6:.0f} MB), ruamel C safe loader", parse, "", ""),
        ("cold hncc check (empty cache)", cold, f"{cold / parse:.2f}× parse", f"{cold_kb / 1024:.0f} MB"),
        ("warm hncc overdue", warm, f"{warm / parse:.3f}× parse", f"{warm_kb / 1024:.0f} MB"),
        ("warm hncc overdue --agency 'Sở Ngoại vụ'", warm_agency, f"{warm_agency / parse:.3f}× parse", ""),
        ("python -c 'import typer, pydantic'", base, "", ""),
        ("hncc overdue, shipped data (warm)", shipped, f"{shipped / base:.2f}× import", ""),
    ]
    print(f"{'measure':<62} {'median s':>9}  {'ratio':<16} peak memory")
    for name, seconds, ratio, memory in rows:
        print(f"{name:<62} {seconds:9.3f}  {ratio:<16} {memory}")


if __name__ == "__main__":
    main()
