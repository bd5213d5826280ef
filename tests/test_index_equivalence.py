"""Every read command gives the same output whatever state the cache is in.

On a copy of the shipped data (and on the copy with recorded statuses of test_same_outputs),
each read command and format of the recorded cases (tests/test_same_outputs.py, pinned --as-of)
runs four ways: cold (an empty cache folder), warm (the cache filled by that cold run), after
the cache folder was deleted, and with `--no-cache`; exit code, stdout and stderr must be the
same each time. The cases are in-process (Typer's runner); one test runs real processes, since
a process that starts after the cache folder was deleted is what a user meets.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_same_outputs import CASES, FORMATS, Case, _copy_shipped, _shipped_with_statuses
from test_same_outputs import statuses_template as statuses_template  # a fixture, used below
from typer.testing import CliRunner

from hncc.cli import app

READ_COMMANDS = ("overdue", "upcoming", "tasks", "show", "budget", "agencies", "report", "calendar",
                 "check")


def _options(case: Case) -> tuple[str, frozenset[str]]:
    """A case's command and the options it sets, but for --format and --as-of."""
    return case.args[0], frozenset(a for a in case.args[1:] if a.startswith("--")
                                   and a not in ("--format", "--as-of"))


def _read_cases() -> list[Case]:
    """The recorded read cases: every format of each command's first set of options, one case of
    each other set of options, and every case on the data with recorded statuses."""
    first: dict[str, frozenset[str]] = {}
    chosen: dict[tuple[str, frozenset[str]], list[Case]] = {}
    with_statuses = []
    for case in CASES:
        if case.args[0] not in READ_COMMANDS or case.files:
            continue
        if case.setup is _shipped_with_statuses:
            with_statuses.append(case)
        elif case.setup is None:
            command, options = _options(case)
            cases = chosen.setdefault((command, options), [])
            if first.setdefault(command, options) == options or not cases:
                cases.append(case)
    return [*(case for cases in chosen.values() for case in cases), *with_statuses]


READ_CASES = _read_cases()


def test_index_equivalence__the_cases_cover_every_read_command_and_format() -> None:
    covered = {(case.args[0], case.args[case.args.index("--format") + 1] if "--format" in case.args
                else "") for case in READ_CASES}
    wanted = {(command, fmt) for command in ("overdue", "upcoming", "tasks", "show", "budget",
                                             "agencies") for fmt in FORMATS}
    wanted |= {("check", ""), ("check", "json"), ("report", ""), ("calendar", "")}
    assert wanted <= covered, sorted(wanted - covered)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    """A copy of the repository's data root (the commands only read it)."""
    return _copy_shipped(tmp_path_factory.mktemp("shipped"))


def _output(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("case", READ_CASES, ids=[case.name for case in READ_CASES])
def test_index_equivalence__cold_warm_deleted_and_uncached_agree(
        case: Case, tmp_path: Path, monkeypatch, request) -> None:
    root = request.getfixturevalue("statuses_template" if case.setup else "shipped")
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir(mode=0o700)
    monkeypatch.setenv("HNCC_CACHE_DIR", str(cache_dir))
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.chdir(root)
    args = [*case.args, "--root", str(root)]

    cold = _output(args)
    assert cold[1] or cold[2], "the command printed nothing: the comparison would prove nothing"
    assert _output(args) == cold, "warm (cache filled by the cold run)"
    shutil.rmtree(cache_dir)
    assert _output(args) == cold, "after the cache folder was deleted"
    assert _output(["--no-cache", *args]) == cold, "--no-cache"


def test_index_equivalence__a_process_after_the_cache_folder_was_deleted(shipped: Path,
                                                                         tmp_path: Path) -> None:
    """Processes, as users run them: fill the cache, delete its folder, run again, run warm."""
    env = {**os.environ, "HNCC_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "200"}
    env.pop("HNCC_NO_CACHE", None)
    commands = [["overdue", "--as-of", "2023-12-15", "--format", "json"],
                ["budget", "--as-of", "2023-12-15", "--year", "2023", "--format", "csv"]]
    for command in commands:
        argv = [sys.executable, "-m", "hncc", *command, "--root", str(shipped)]

        def run(argv: list[str] = argv) -> tuple[int, str, str]:
            done = subprocess.run(argv, env=env, capture_output=True, text=True, cwd=shipped)
            return done.returncode, done.stdout, done.stderr

        first = run()
        assert first[0] == 0 and first[1], first[2]
        shutil.rmtree(tmp_path / "cache")
        assert run() == first, f"{command[0]}: the run after the cache folder was deleted"
        assert any((tmp_path / "cache").rglob("*")), "the cache is made again"
        assert run() == first, f"{command[0]}: the warm run after that"
