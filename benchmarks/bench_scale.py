"""Measure hncc at city scale against the targets of issue 14, and print tables of figures.

Usage: python benchmarks/bench_scale.py [--tree replicated|generated|both] [--plans 2000]
           [--runs 3] [--out /tmp/hncc-scale] [--only CMD[,CMD...]] [--quick]

Makes (once, deterministically) a data root of N plans under OUT/<tree>/: `replicated` is N
renumbered copies of the shipped plan 102 (benchmarks/generate.py replicate), `generated` the
synthetic plans of benchmarks/generate.py. Then, each figure the median of --runs runs in fresh
processes (stdout not a terminal), with the peak resident memory of the command (its process and
any workers it starts: their sum sampled every 50 ms, at least the largest one's own peak):

- the floor: every plan file parsed once by ruamel's C safe loader, in one Python process;
- every read command cold (cache folder deleted before each run) and warm (cache filled by a
  previous run of the same command), with a pinned --as-of, its ratio to the floor and the
  issue's target for it;
- `edit`: `hncc overdue` right after one plan file changed (restored afterwards);
- `task`: Taskwarrior's `task overdue` (when `task` is on PATH) on as many pending, past-due
  tasks as hncc's overdue lists occurrences, alternated with warm `hncc overdue`;
- `startup`: `hncc overdue` on the shipped data against `python -c "import typer, pydantic"`,
  alternated over 5 × --runs runs.

--only takes names from: overdue, overdue-json, upcoming, tasks, show, budget, agencies, report,
calendar, check, edit, task, startup. --quick is one run (unless --runs says), and cold runs for
`check` only.
Progress goes to stderr; the tables (the last one in Markdown, for the README) to stdout.
Nothing here asserts speed. With today's per-file cache, a cold run at 2,000 plans takes minutes
(the floor itself 25-50 s on the 2-core machine), so a full default run takes an hour or more;
`--quick --only overdue,task` at 2,000 plans about 5 minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from installed import REPO, environment  # benchmarks/ is on sys.path when run as a script

NSV = "Sở Ngoại vụ"
AS_OF = {"replicated": "01/01/2024", "generated": "30/06/2024"}
SHOW = {"replicated": "1001:III.1.2.a", "generated": "1/KH-UBND:III.1.1.a"}
SHIPPED_AS_OF = "2023-12-15"
MEMORY_MB = 300  # the ceiling of peak memory for every command
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
import os, resource, subprocess, sys, threading, time
PAGE = os.sysconf("SC_PAGE_SIZE")

def tree_kb(pid):
    # resident KB of pid and all its descendants (worker processes included)
    total = 0
    try:
        with open(f"/proc/{pid}/statm") as statm:
            total = int(statm.read().split()[1]) * PAGE // 1024
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as children:
                total += sum(tree_kb(int(child)) for child in children.read().split())
    except (OSError, ValueError):
        pass
    return total

def sample(child, done, peak):
    while not done.wait(0.05):  # every 50 ms, in a thread: the timing waits on the child alone
        peak[0] = max(peak[0], tree_kb(child.pid))

start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
done, peak = threading.Event(), [0]
sampler = threading.Thread(target=sample, args=(child, done, peak))
sampler.start()
code = child.wait()
elapsed = time.perf_counter() - start
done.set()
sampler.join()
largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(elapsed, max(peak[0], largest), code)
"""

@dataclass(frozen=True)
class Command:
    """One read command: its name for --only, its arguments, and the issue's targets for it."""

    name: str
    args: tuple[str, ...]
    warm_target: float | None = None  # at most this × the floor, warm
    cold_target: float | None = None  # at most this × the floor, cold
    as_of: bool = True


def commands(tree: str) -> list[Command]:
    return [
        Command("overdue", ("overdue",)),  # its target is Taskwarrior's time (the `task` row)
        Command("overdue-json", ("overdue", "--format", "json"), warm_target=0.05),
        Command("upcoming", ("upcoming",)),
        Command("tasks", ("tasks",)),
        Command("show", ("show", SHOW[tree]), warm_target=0.02),
        Command("budget", ("budget", "--year", "2023"), warm_target=0.02),
        Command("agencies", ("agencies",), warm_target=0.02),
        Command("report", ("report", "--agency", NSV), warm_target=0.02),
        Command("calendar", ("calendar", "--agency", NSV), warm_target=0.02),
        Command("check", ("check",), cold_target=1.0, as_of=False),
    ]


EXTRAS = ("edit", "task", "startup")
NAMES = (*(c.name for c in commands("replicated")), *EXTRAS)


@dataclass
class Sample:
    """The runs of one measure: seconds, peak resident KB, exit codes."""

    seconds: list[float] = field(default_factory=list)
    kb: list[int] = field(default_factory=list)
    codes: set[int] = field(default_factory=set)

    def add(self, measured: tuple[float, int, int]) -> None:
        self.seconds.append(measured[0])
        self.kb.append(measured[1])
        self.codes.add(measured[2])

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak_mb(self) -> float:
        return max(self.kb) / 1024


def timed(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, int, int]:
    """Wall seconds, peak resident KB and exit code of one run of `argv`."""
    out = subprocess.run([sys.executable, "-c", MEASURE, *argv], env=env, cwd=cwd,
                         capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), int(out[1]), int(out[2])


def progress(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def make_tree(out: Path, tree: str, plans: int) -> Path:
    """The project folder of `tree` with `plans` plans, made unless it is already there."""
    from generate import generate, replicate

    root = out / tree
    stamp = root / "made-by-bench-scale.txt"
    wanted = f"{tree} {plans}\n"
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == wanted:
        return root
    progress(f"making the {tree} tree of {plans} plans in {root}")
    shutil.rmtree(root, ignore_errors=True)
    if tree == "replicated":
        replicate(root, plans)
    else:
        generate(root, plans, seed=1)
    stamp.write_text(wanted, encoding="utf-8")
    return root


def floor_seconds(plans: Path) -> float:
    return float(subprocess.run([sys.executable, "-c", PARSE, str(plans)], capture_output=True,
                                text=True, check=True).stdout)


class Bench:
    """The runs on one tree: its project folder, cache folder, hncc and environment."""

    def __init__(self, root: Path, cache_dir: Path, hncc: str, as_of: str) -> None:
        self.root = root
        self.cache_dir = cache_dir
        self.hncc = hncc
        self.as_of = as_of
        self.env = environment(HNCC_CACHE_DIR=str(cache_dir))

    def argv(self, command: Command) -> list[str]:
        return [self.hncc, *command.args, *(("--as-of", self.as_of) if command.as_of else ())]

    def run(self, command: Command) -> tuple[float, int, int]:
        return timed(self.argv(command), self.env, self.root)

    def cold(self, command: Command) -> tuple[float, int, int]:
        shutil.rmtree(self.cache_dir, ignore_errors=True)
        return self.run(command)

    def output(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([self.hncc, *args], env=self.env, cwd=self.root, capture_output=True,
                              text=True)


@dataclass
class TreeFigures:
    """Everything measured on one tree."""

    tree: str
    plans: int
    megabytes: float
    floor: list[float] = field(default_factory=list)
    cold: dict[str, Sample] = field(default_factory=dict)
    warm: dict[str, Sample] = field(default_factory=dict)
    edit: Sample | None = None
    overdue_rows: int | None = None
    task: Sample | None = None
    task_hncc: Sample | None = None
    task_import_seconds: float | None = None
    task_note: str = ""

    @property
    def floor_median(self) -> float:
        return statistics.median(self.floor)


def edited_overdue(bench: Bench, runs: int) -> Sample:
    """`hncc overdue` right after one plan file changed (a comment appended), each run anew."""
    plans = sorted((bench.root / "data" / "plans").glob("*.yaml"))
    plan = plans[len(plans) // 2]
    original = plan.read_bytes()
    overdue = Command("overdue", ("overdue",))
    bench.run(overdue)  # a warm cache to begin with, whatever ran before
    sample = Sample()
    try:
        for run in range(runs):
            plan.write_bytes(original + f"# sửa lần {run + 1} để đo (bench_scale)\n".encode())
            sample.add(bench.run(overdue))
    finally:
        plan.write_bytes(original)
    bench.run(overdue)  # the restored file back in the cache
    return sample


def taskwarrior(bench: Bench, figures: TreeFigures, runs: int, task: str) -> None:
    """Taskwarrior's `task overdue` on as many tasks as hncc lists overdue, alternated with hncc."""
    listed = bench.output("overdue", "--format", "json", "--as-of", bench.as_of)
    if listed.returncode not in (0, 1):
        sys.exit(f"hncc overdue --format json failed: {listed.stderr.strip()}")
    occurrences = json.loads(listed.stdout)
    figures.overdue_rows = len(occurrences)
    with tempfile.TemporaryDirectory(prefix="hncc-bench-task-") as folder:
        home = Path(folder)
        (home / "data").mkdir()
        settings = {"data.location": str(home / "data"), "confirmation": "off", "verbose": "nothing",
                    "hooks": "off", "gc": "off", "recurrence": "off", "color": "off",
                    "detection": "off", "news.version": "99.0.0"}
        (home / "taskrc").write_text("".join(f"{k}={v}\n" for k, v in settings.items()),
                                     encoding="utf-8")
        env = {**os.environ, "TASKRC": str(home / "taskrc"), "TASKDATA": str(home / "data")}
        lines = []
        for occurrence in occurrences:
            due = occurrence["due"].replace("-", "") + "T000000Z"
            project = re.sub(r"[^0-9A-Za-z]+", "_", occurrence["plan"]).strip("_")
            lines.append(json.dumps({"description": occurrence["title"] or occurrence["item"],
                                     "due": due, "project": project, "status": "pending",
                                     "entry": "20220101T000000Z"}, ensure_ascii=False))
        start = time.perf_counter()
        for batch in range(0, len(lines), 5000):  # batches keep each import's memory modest
            tasks_file = home / "import.json"
            tasks_file.write_text("\n".join(lines[batch:batch + 5000]) + "\n", encoding="utf-8")
            subprocess.run([task, "import", str(tasks_file)], env=env, check=True,
                           capture_output=True)
        figures.task_import_seconds = time.perf_counter() - start
        counted = subprocess.run([task, "+OVERDUE", "count"], env=env, capture_output=True,
                                 text=True, check=True).stdout.strip()
        if counted != str(len(lines)):
            figures.task_note = f"Taskwarrior counts {counted} overdue of {len(lines)} imported"
        figures.task, figures.task_hncc = Sample(), Sample()
        overdue = Command("overdue", ("overdue",))
        for _ in range(runs):
            figures.task.add(timed([task, "overdue"], env, home))
            figures.task_hncc.add(bench.run(overdue))


def measure_tree(tree: str, args: argparse.Namespace, selected: set[str]) -> TreeFigures:
    root = make_tree(args.out, tree, args.plans)
    plans = root / "data" / "plans"
    bench = Bench(root, args.out / f"{tree}-cache", hncc_path(), AS_OF[tree])
    figures = TreeFigures(tree, args.plans, sum(p.stat().st_size for p in plans.glob("*.yaml")) / 1e6)
    chosen = [c for c in commands(tree) if c.name in selected]
    if any(c.name == "show" for c in chosen):
        bench.output("check")  # fill the cache, so that the look-up below is a warm one
        found = bench.output("show", SHOW[tree], "--as-of", bench.as_of)
        if found.returncode != 0:
            sys.exit(f"{SHOW[tree]} not found in the {tree} tree: {found.stderr.strip()}")
    colds = [c for c in chosen if not args.quick or c.name == "check"]
    for run in range(args.runs):  # the floor alternates with the cold runs: both meet the same load
        progress(f"{tree}: floor and cold runs, round {run + 1} of {args.runs}")
        figures.floor.append(floor_seconds(plans))
        for command in colds:
            figures.cold.setdefault(command.name, Sample()).add(bench.cold(command))
    for command in chosen:  # warm: the cache filled by a previous run of the same command
        bench.run(command)
    for run in range(args.runs):
        progress(f"{tree}: warm runs, round {run + 1} of {args.runs}")
        for command in chosen:
            figures.warm.setdefault(command.name, Sample()).add(bench.run(command))
    if "edit" in selected:
        progress(f"{tree}: overdue after an edit")
        figures.edit = edited_overdue(bench, args.runs)
    task = shutil.which("task")
    if "task" in selected and task:
        progress(f"{tree}: Taskwarrior")
        taskwarrior(bench, figures, args.runs, task)
    elif "task" in selected:
        figures.task_note = "Taskwarrior not installed (`task` not on PATH): not compared"
    return figures


def startup(runs: int, cache_dir: Path) -> tuple[Sample, Sample]:
    """Warm `hncc overdue` on the shipped data and the import of typer and pydantic, alternated."""
    env = environment(HNCC_CACHE_DIR=str(cache_dir))
    argv = [hncc_path(), "overdue", "--as-of", SHIPPED_AS_OF]
    timed(argv, env, REPO)  # fill the shipped data's cache
    base, shipped = Sample(), Sample()
    for _ in range(runs * 5):  # alternated, so that both meet the machine's ups and downs
        base.add(timed([sys.executable, "-c", "import typer, pydantic"], env, REPO))
        shipped.add(timed(argv, env, REPO))
    return base, shipped


def hncc_path() -> str:
    return shutil.which("hncc") or str(Path(sys.executable).parent / "hncc")


def ratio_text(seconds: float, floor: float, target: float | None) -> tuple[str, str]:
    """The ratio to the floor and the target with whether it is met."""
    ratio = seconds / floor
    shown = f"{ratio:.3f}×" if ratio < 0.1 else f"{ratio:.2f}×"
    if target is None:
        return shown, ""
    return shown, f"≤ {target:g}× {'yes' if ratio <= target else 'NO'}"


def memory_text(sample: Sample | None) -> str:
    if sample is None:
        return ""
    mb = sample.peak_mb
    return f"{mb:.0f}" + ("" if mb < MEMORY_MB else " (≥ 300)")


def codes_text(sample: Sample | None) -> str:
    if sample is None or sample.codes == {0}:
        return ""
    return "exit " + "/".join(str(c) for c in sorted(sample.codes))


def table_rows(figures: TreeFigures) -> list[list[str]]:
    """Rows of: measure, warm s, warm ratio, warm target, warm MB, cold s, cold ratio, cold target,
    cold MB, note."""
    floor = figures.floor_median
    rows = [[f"floor: parse {figures.plans} plans ({figures.megabytes:.0f} MB), ruamel C safe "
             "loader", f"{floor:.2f}", "1×", "", "", "", "", "", "", ""]]
    for command in commands(figures.tree):
        warm, cold = figures.warm.get(command.name), figures.cold.get(command.name)
        if warm is None and cold is None:
            continue
        label = "hncc " + " ".join(f'"{a}"' if " " in a else a for a in command.args)
        row = [label]
        for sample, target in ((warm, command.warm_target), (cold, command.cold_target)):
            if sample is None:
                row += ["", "", "", ""]
            else:
                row += [f"{sample.median:.3f}", *ratio_text(sample.median, floor, target),
                        memory_text(sample)]
        row.append(" ".join(t for t in (codes_text(warm), codes_text(cold)) if t))
        rows.append(row)
    if figures.edit is not None:
        rows.append(["hncc overdue after editing one plan file",
                     f"{figures.edit.median:.3f}",
                     *ratio_text(figures.edit.median, floor, 0.05), memory_text(figures.edit),
                     "", "", "", "", codes_text(figures.edit)])
    if figures.task is not None and figures.task_hncc is not None:
        task, ours = figures.task.median, figures.task_hncc.median
        rows.append([f"task overdue ({figures.overdue_rows:,} tasks; import took "
                     f"{figures.task_import_seconds:.1f} s)", f"{task:.3f}", "", "",
                     memory_text(figures.task), "", "", "", "", figures.task_note])
        rows.append(["hncc overdue, alternated with task overdue", f"{ours:.3f}",
                     f"{ours / task:.2f}× task", f"< 1× task {'yes' if ours < task else 'NO'}",
                     memory_text(figures.task_hncc), "", "", "", "", codes_text(figures.task_hncc)])
    elif figures.task_note:
        rows.append(["task overdue", "", "", "", "", "", "", "", "", figures.task_note])
    return rows


HEADER = ["measure", "warm s", "× floor", "target", "MB", "cold s", "× floor", "target", "MB",
          "note"]


def print_plain(title: str, rows: list[list[str]]) -> None:
    widths = [max(len(row[i]) for row in [HEADER, *rows]) for i in range(len(HEADER))]
    print(f"\n{title}")
    for row in [HEADER, *rows]:
        print("  ".join(cell.ljust(width) if i == 0 or i == len(row) - 1 else cell.rjust(width)
                        for i, (cell, width) in enumerate(zip(row, widths, strict=True))).rstrip())


def print_markdown(title: str, rows: list[list[str]]) -> None:
    print(f"\n{title}\n")
    print("| " + " | ".join(HEADER) + " |")
    print("| --- | " + " | ".join("---:" for _ in HEADER[1:-1]) + " | --- |")
    for row in rows:
        print("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", choices=("replicated", "generated", "both"), default="replicated")
    parser.add_argument("--plans", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=None, help="3, or 1 with --quick")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "hncc-scale")
    parser.add_argument("--only", help="comma-separated: " + ", ".join(NAMES))
    parser.add_argument("--quick", action="store_true",
                        help="one run (unless --runs says), cold runs only for check")
    args = parser.parse_args()
    if args.runs is None:
        args.runs = 1 if args.quick else 3
    selected = set(NAMES) if args.only is None else {n.strip() for n in args.only.split(",")}
    unknown = selected - set(NAMES)
    if unknown:
        parser.error(f"unknown in --only: {', '.join(sorted(unknown))} (known: {', '.join(NAMES)})")
    args.out.mkdir(parents=True, exist_ok=True)
    trees = ("replicated", "generated") if args.tree == "both" else (args.tree,)
    results: list[tuple[str, list[list[str]]]] = []
    for tree in trees:
        figures = measure_tree(tree, args, selected)
        title = (f"{figures.plans} plans, {tree} tree, --as-of {AS_OF[tree]}: medians of "
                 f"{args.runs} run(s), MB = peak resident memory, workers included")
        rows = table_rows(figures)
        print_plain(title, rows)
        results.append((title, rows))
    if "startup" in selected:
        progress("start-up on the shipped data")
        base, shipped = startup(args.runs, args.out / "shipped-cache")
        ratio = shipped.median / base.median
        rows = [["python -c 'import typer, pydantic'", f"{base.median:.3f}", "", "", "", "", "",
                 "", "", ""],
                [f"hncc overdue --as-of {SHIPPED_AS_OF}, shipped data", f"{shipped.median:.3f}",
                 f"{ratio:.2f}× import", f"≤ 1.5× {'yes' if ratio <= 1.5 else 'NO'}",
                 memory_text(shipped), "", "", "", "", codes_text(shipped)]]
        title = f"start-up, shipped data (warm), {args.runs * 5} alternated runs"
        print_plain(title, rows)
        results.append((title, rows))
    print("\nMarkdown, for the README:")
    for title, rows in results:
        print_markdown(title, rows)


if __name__ == "__main__":
    main()
