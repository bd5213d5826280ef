"""Every command and format on the shipped data at a pinned date gives the recorded output.

The recordings in tests/golden/commands/ were made from the code before the package was split
into layers (commit 03a235f), so this test shows that restructuring changes no output: the exit
code, stdout, stderr and any file a command writes. Regenerate on purpose only, with
`HNCC_UPDATE_GOLDEN=1 pytest tests/test_same_outputs.py`, and review the diff.

Each command runs in process (Typer's runner) twice, with a cold and then a warm cache, since
the two take different paths through the loader.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import PLAN, REPO, DataRoot, dedent
from test_fmt import MESSY
from typer.testing import CliRunner

from hncc.cli import app

GOLDEN = REPO / "tests" / "golden" / "commands"
AS_OF = "2023-12-15"
SOURCES = REPO / "data" / "sources"
NSV = "Sở Ngoại vụ"
FORMATS = ("table", "json", "csv", "md")


@dataclass
class Case:
    """One command line; `setup(scratch[, request])` may prepare a project, return more arguments."""

    name: str
    args: list[str]
    setup: Callable[..., list[str]] | None = None
    files: list[str] = field(default_factory=list)  # files (below the scratch folder) to record
    warm: bool = True  # also run a second time with the cache filled


def _formats(name: str, args: list[str]) -> list[Case]:
    return [Case(f"{name}-{fmt}", [*args, "--format", fmt]) for fmt in FORMATS]


def _copy_shipped(scratch: Path) -> Path:
    shutil.copytree(REPO / "data", scratch / "data", ignore=shutil.ignore_patterns("sources"))
    return scratch


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), "-c", "user.name=t", "-c", "user.email=t@example.org",
                    *args], check=True, capture_output=True)


def _shipped_repo_with_an_edit(scratch: Path) -> list[str]:
    """The shipped data committed in a fresh repository, then one status and one budget edit."""
    _copy_shipped(scratch)
    _git(scratch, "init", "-q", "-b", "main")
    _git(scratch, "add", ".")
    _git(scratch, "commit", "-q", "-m", "shipped")
    plan = scratch / "data" / "plans" / "2022-102-KH-UBND.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("budget: 6 tỷ", "budget: 7,5 tỷ", 1), encoding="utf-8")
    done = CliRunner().invoke(app, ["status", "102:III.1.2.a", "done", "--year", "2023",
                                    "--date", "2023-11-20", "--evidence", "Báo cáo số 12/BC-SNV",
                                    "--root", str(scratch)])
    assert done.exit_code == 0, done.output
    return ["--root", str(scratch)]


def _shipped_copy(scratch: Path) -> list[str]:
    return ["--root", str(_copy_shipped(scratch))]


STATUSES = [
    ["102:III.1.2.a", "done", "--year", "2022", "--date", "2022-10-01", "--evidence",
     "Báo cáo số 12/BC-SNV"],
    ["102:PL.I.1", "done", "--date", "2022-08-01", "--note", "muộn"],
    ["102:PL.II.9", "done", "--year", "2022", "--date", "2022-12-01"],
    ["102:PL.II.9", "in_progress", "--year", "2023", "--date", "2023-10-01"],
    ["102:PL.II.1", "suspended", "--date", "2023-03-01", "--reason", "chờ kinh phí"],
    ["161:II.1.1", "cancelled", "--date", "2023-09-01", "--reason", "gộp vào II.1.2"],
]


@pytest.fixture(scope="module")
def statuses_template(tmp_path_factory) -> Path:
    """The shipped data with recorded statuses: done on time and late, in progress, stopped."""
    folder = _copy_shipped(tmp_path_factory.mktemp("statuses"))
    for update in STATUSES:
        done = CliRunner().invoke(app, ["status", *update, "--root", str(folder)])
        assert done.exit_code == 0, done.output
    return folder


def _shipped_with_statuses(scratch: Path, request: pytest.FixtureRequest) -> list[str]:
    shutil.copytree(request.getfixturevalue("statuses_template") / "data", scratch / "data")
    return ["--root", str(scratch)]


def _fmt_project(scratch: Path) -> list[str]:
    """A small project: one canonical plan, one messy, one unreadable, and a stray file."""
    root = DataRoot(scratch / "project")
    root.plan("2022-7.yaml", PLAN)
    root.plan("2022-8.yaml", MESSY.replace("7/KH-UBND", "8/KH-UBND"))
    root.plan("2022-9.yaml", "number: [unclosed\n")
    (scratch / "notes.yaml").write_text(dedent("a: 1\n"), encoding="utf-8")
    return ["--root", str(root.path)]


def _fmt_files(scratch: Path) -> list[str]:
    args = _fmt_project(scratch)
    plans = scratch / "project" / "data" / "plans"
    return [str(plans / "2022-8.yaml"), str(scratch / "notes.yaml"), str(plans / "2022-9.yaml"),
            *args]


def _text_file(scratch: Path) -> list[str]:
    """A file that is not a database, where an export is asked to go: left as it is."""
    (scratch / "notes.txt").write_text("ghi chú\n", encoding="utf-8")
    return [str(scratch / "notes.txt")]


CASES: list[Case] = [
    Case("version", ["version"]),
    Case("check-text", ["check"]),
    Case("check-json", ["check", "--format", "json"]),
    Case("check-strict-text", ["check", "--strict"]),
    Case("check-strict-json", ["check", "--strict", "--format", "json"]),
    *_formats("overdue", ["overdue", "--as-of", AS_OF]),
    *_formats("overdue-agency-any", ["overdue", "--as-of", AS_OF, "--agency", "so ngoai vu",
                                     "--role", "any"]),
    Case("overdue-plan-year-status", ["overdue", "--as-of", AS_OF, "--plan", "102", "--year", "2022",
                                      "--status", "unrecorded"]),
    Case("overdue-unknown-agency", ["overdue", "--as-of", AS_OF, "--agency", "Sở Không Có"]),
    Case("overdue-ambiguous-plan", ["overdue", "--as-of", AS_OF, "--plan", "999"]),
    *_formats("upcoming", ["upcoming", "--as-of", AS_OF, "--within", "400"]),
    Case("upcoming-default", ["upcoming", "--as-of", "2022-11-15"]),
    *_formats("tasks", ["tasks", "--as-of", AS_OF]),
    Case("tasks-kind-row-agency", ["tasks", "--as-of", AS_OF, "--kind", "row", "--agency",
                                   "Sở Văn hóa và Thể thao"]),
    *[Case(f"{name}-with-statuses", args, setup=_shipped_with_statuses) for name, args in [
        ("tasks", ["tasks", "--as-of", AS_OF]),
        ("tasks-done", ["tasks", "--status", "done", "--as-of", AS_OF]),
        ("tasks-json", ["tasks", "--format", "json", "--as-of", AS_OF]),
        ("overdue", ["overdue", "--as-of", AS_OF]),
        ("agencies", ["agencies", "--as-of", AS_OF]),
        ("agencies-show", ["agencies", "--show", NSV, "--format", "json", "--as-of", AS_OF]),
        ("show", ["show", "102:PL.II.9", "--as-of", AS_OF]),
        ("report-agency", ["report", "--agency", "Sở Văn hóa và Thể thao", "--as-of", AS_OF]),
        ("report-plan", ["report", "--plan", "102", "--as-of", AS_OF]),
        ("calendar", ["calendar", "--as-of", AS_OF]),
        ("check", ["check", "--strict"]),
    ]],
    *_formats("show-assignment", ["show", "102:III.1.2.a", "--as-of", AS_OF]),
    *_formats("show-row", ["show", "102/KH-UBND@2022:PL.II.9", "--as-of", AS_OF]),
    Case("show-plan-161", ["show", "161:II.1.1", "--as-of", AS_OF]),
    Case("show-unknown", ["show", "102:IX.9", "--as-of", AS_OF]),
    *_formats("budget-overview", ["budget", "--as-of", AS_OF]),
    *[case for by in ("item", "plan", "agency", "initiative")
      for case in _formats(f"budget-2023-{by}", ["budget", "--as-of", AS_OF, "--year", "2023",
                                                  "--by", by])],
    Case("budget-2022-plan-161", ["budget", "--as-of", AS_OF, "--year", "2023", "--plan", "161"]),
    Case("budget-agency", ["budget", "--as-of", AS_OF, "--agency", NSV]),
    *_formats("agencies", ["agencies", "--as-of", AS_OF]),
    Case("agencies-year-plan", ["agencies", "--as-of", AS_OF, "--year", "2023", "--plan", "102"]),
    *_formats("agencies-show", ["agencies", "--as-of", AS_OF, "--show", "so ngoai vu"]),
    Case("agencies-show-ambiguous", ["agencies", "--as-of", AS_OF, "--show", "Sở"]),
    Case("report-agency", ["report", "--as-of", AS_OF, "--agency", NSV, "--year", "2023"]),
    Case("report-agency-default-year", ["report", "--as-of", "2024-11-20", "--agency",
                                        "Sở Văn hóa và Thể thao"]),
    Case("report-plan-102", ["report", "--as-of", AS_OF, "--plan", "102"]),
    Case("report-plan-161", ["report", "--as-of", AS_OF, "--plan", "161/KH-UBND@2023"]),
    Case("report-both-options", ["report", "--as-of", AS_OF, "--agency", NSV, "--plan", "102"]),
    Case("report-output", ["report", "--as-of", AS_OF, "--plan", "161", "--output"],
         setup=lambda scratch: [str(scratch / "report.md")], files=["report.md"]),
    Case("report-output-missing-folder", ["report", "--as-of", AS_OF, "--plan", "102", "--output"],
         setup=lambda scratch: [str(scratch / "out" / "report.md")]),
    Case("calendar", ["calendar", "--as-of", AS_OF]),
    Case("calendar-agency", ["calendar", "--as-of", AS_OF, "--agency", NSV]),
    Case("export-sqlite", ["export", "--as-of", AS_OF, "--sqlite"],
         setup=lambda scratch: [str(scratch / "hncc.sqlite")]),
    Case("export-over-a-text-file", ["export", "--as-of", AS_OF, "--sqlite"],
         setup=_text_file, files=["notes.txt"]),
    Case("import-102", ["import", str(SOURCES / "004_d650fb2dcdec8f27.txt")]),
    Case("import-161", ["import", str(SOURCES / "002_7a0329d468c6a074.txt")]),
    Case("import-news-article", ["import", str(SOURCES / "000_aeb1d259c08137a1.txt")]),
    Case("import-output", ["import", str(SOURCES / "002_7a0329d468c6a074.txt")],
         setup=lambda scratch: ["--output", str(scratch / "draft.yaml")], files=["draft.yaml"]),
    Case("fmt-check-shipped", ["fmt", "--check"]),
    Case("fmt-check-project", ["fmt", "--check"], setup=_fmt_project, warm=False),
    Case("fmt-project", ["fmt"], setup=_fmt_project,
         files=["project/data/plans/2022-7.yaml", "project/data/plans/2022-8.yaml"], warm=False),
    Case("fmt-named-files", ["fmt"], setup=_fmt_files, files=["project/data/plans/2022-8.yaml"],
         warm=False),
    Case("schema", ["schema", "--output-dir"], setup=lambda scratch: [str(scratch / "schema")],
         files=["schema/plan.schema.json", "schema/agencies.schema.json"]),
    Case("status-done", ["status", "102:III.1.2.a", "done", "--year", "2023", "--date",
                         "2023-11-20", "--evidence",
                         "Báo cáo số 12/BC-SNV", "--note", "đã cử đoàn"], setup=_shipped_copy,
         warm=False),
    Case("status-yearly", ["status", "102:PL.II.9", "in_progress", "--year", "2023", "--date",
                           "2023-10-01"], setup=_shipped_copy, warm=False),
    Case("status-cancelled-without-reason", ["status", "102:III.1.2.a", "cancelled"],
         setup=_shipped_copy, warm=False),
    Case("status-unknown-entry", ["status", "102:IX.9", "done", "--date", "2023-11-20"],
         setup=_shipped_copy, warm=False),
    Case("diff-text", ["diff"], setup=_shipped_repo_with_an_edit, warm=False),
    Case("diff-json", ["diff", "--format", "json"], setup=_shipped_repo_with_an_edit, warm=False),
    Case("diff-bad-revision", ["diff", "no-such-revision"], setup=_shipped_repo_with_an_edit,
         warm=False),
]


def _record(result, scratch: Path, case: Case) -> str:
    def clean(text: str) -> str:
        return text.replace(str(scratch), "<tmp>").replace(str(REPO), "<repo>")

    parts = [f"exit: {result.exit_code}", "--- stdout", clean(result.stdout), "--- stderr",
             clean(result.stderr)]
    for name in case.files:
        path = scratch / name
        parts += [f"--- file {name}", path.read_text(encoding="utf-8") if path.exists() else "(none)"]
    return "\n".join(parts)


def _run(case: Case, scratch: Path, request: pytest.FixtureRequest) -> str:
    scratch.mkdir()
    extra: list[str] = []
    if case.setup is _shipped_with_statuses:
        extra = case.setup(scratch, request)
    elif case.setup is not None:
        extra = case.setup(scratch)
    args = [*case.args, *extra]
    if "--root" not in args and args[0] not in ("version", "import", "schema"):
        args += ["--root", str(REPO)]
    if args[0] == "import":
        args += ["--root", str(REPO)]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    return _record(result, scratch, case)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_same_outputs(case: Case, tmp_path: Path, monkeypatch, request) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("NO_COLOR", raising=False)
    cold = _run(case, tmp_path / "cold", request)
    golden = GOLDEN / f"{case.name}.txt"
    if os.environ.get("HNCC_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(cold, encoding="utf-8")
    assert cold == golden.read_text(encoding="utf-8")
    if case.warm:
        assert _run(case, tmp_path / "warm", request) == cold
