"""Start-up: a command imports only what it needs (issue: city-scale speed).

Each case runs hncc in a fresh Python process, as a user does, and lists the modules it
imported; no timing is asserted. A warm task list or check (plans and registry in the cache)
must not import Pydantic, the YAML parser, Jinja or the report and edit machinery, and piped
output must not import rich. A command line that names a command imports that command's module
of hncc.cli alone and makes click's form of that command alone, with the same output, help and
errors as the whole app.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests import official_fixture
from tests.conftest import PLAN, REPO

RUN = """
import json, sys
from hncc.cli import main
sys.argv = ["hncc", *json.loads(sys.argv[1])]
try:
    main()
finally:  # also when main() exits
    sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
"""

# Never needed to answer a query from the cache, nor to print it into a pipe.
HEAVY = ("pydantic", "pydantic_core", "ruamel", "jinja2", "icalendar", "rich", "hncc.data.model",
         "hncc.data.parsing", "hncc.data.yamlio", "hncc.queries.reports", "hncc.render.templating",
         "hncc.edit.status_edit", "hncc.edit.fmt", "hncc.importer.reader", "hncc.queries.diff",
         "hncc.render.diff", "hncc.edit.schema")


def imported(args: list[str], env: dict) -> tuple[subprocess.CompletedProcess, set[str]]:
    result = subprocess.run([sys.executable, "-c", RUN, json.dumps(args)], capture_output=True,
                            text=True, env=env, cwd=REPO, timeout=120)
    line = next(x for x in result.stderr.splitlines() if x.startswith("MODULES "))
    return result, set(json.loads(line.removeprefix("MODULES ")))


# Never needed by the commands that print whole entries, their words or budgets (show, budget,
# agencies, calendar, an agency's report): the index has what they print.
PARSING = ("pydantic", "pydantic_core", "ruamel", "hncc.data.model", "hncc.data.parsing",
           "hncc.data.yamlio")


def heavy(modules: set[str], names: tuple[str, ...] = HEAVY) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in names))


@pytest.fixture
def env(tmp_path):
    return {**os.environ, "HNCC_CACHE_DIR": str(tmp_path / "cache"), "HNCC_NO_CACHE": "",
            "NO_COLOR": "1"}


@pytest.mark.parametrize("args", [
    ["overdue", "--as-of", "2024-01-01"],
    ["upcoming", "--as-of", "2023-06-01", "--within", "90", "--agency", "Sở Ngoại vụ"],
    ["tasks", "--as-of", "2023-06-01", "--format", "json"],
    ["overdue", "--as-of", "2024-01-01", "--year", "2022", "--format", "csv"],
    ["check"],
])
def test_startup__warm_queries_import_no_pydantic_yaml_jinja_or_rich(args, env, root):
    root.plan("a.yaml", PLAN)
    for where in ([], ["--root", str(root.path)]):  # the data as shipped, and a root of its own
        cold, modules = imported([*args, *where], env)
        assert cold.returncode == 0, cold.stderr
        assert "hncc.data.parsing" in modules  # the first run reads and validates the files
        warm, modules = imported([*args, *where], env)
        assert warm.returncode == 0, warm.stderr
        assert warm.stdout.strip()
        assert heavy(modules) == []


@pytest.mark.parametrize("args", [
    ["budget", "--year", "2023"],
    ["budget", "--format", "json"],
    ["agencies"],
    ["agencies", "--show", "Sở Ngoại vụ"],
    ["show", "7:III.2", "--format", "json"],
    ["show", "7:PL.1"],
    ["calendar", "--agency", "Sở Ngoại vụ"],
    ["report", "--agency", "Sở Ngoại vụ", "--year", "2023"],
])
def test_startup__warm_entries_budgets_and_reports_are_read_from_the_index(args, env, root):
    official_fixture.write(root)  # with notes, evidence and reasons recorded
    where = ["--root", str(root.path), "--as-of", official_fixture.AS_OF]
    cold, modules = imported([*args, *where], env)
    assert cold.returncode == 0, cold.stderr
    assert "hncc.data.parsing" in modules
    warm, modules = imported([*args, *where], env)
    assert warm.returncode == 0, warm.stderr
    assert warm.stdout == cold.stdout
    assert heavy(modules, PARSING) == []


# What a warm task list on the shipped data (the start-up benchmark) never needs: the other
# commands' modules, CSV and Markdown, the problems' renderer, OpenSSL's hashes (BLAKE2 is
# Python's own).
UNUSED = ("hncc.cli.check", "hncc.cli.edit", "hncc.cli.export", "hncc.cli.form",
          "hncc.cli.importer", "hncc.cli.reports", "hncc.render.problems", "hncc.render.markdown",
          "csv", "_csv", "_hashlib")


@pytest.mark.parametrize("args", [
    ["overdue", "--as-of", "2023-12-15"],
    ["overdue", "--as-of", "2023-12-15", "--format", "json"],
    ["upcoming", "--as-of", "2023-06-01", "--within", "90", "--agency", "Sở Ngoại vụ"],
])
def test_startup__a_query_imports_only_its_own_command_module(args, env):
    imported([*args], env)  # fills the cache
    result, modules = imported([*args], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    assert "hncc.cli.queries" in modules
    assert heavy(modules, HEAVY + UNUSED) == []


def test_startup__cold_run_and_no_cache_still_validate(env):
    _, modules = imported(["--no-cache", "overdue", "--as-of", "2024-01-01"], env)
    assert {"hncc.data.parsing", "hncc.data.model", "pydantic"} <= modules


def test_startup__help_and_usage_errors_need_no_data_machinery(env):
    for args, code in ((["--help"], 0), (["overdue", "--as-of", "hôm qua"], 2)):
        result, modules = imported(args, env)
        assert result.returncode == code
        assert not {"hncc.data.parsing", "hncc.data.model", "pydantic", "ruamel.yaml"} & modules, args


# A command line that names a command makes click's form of that command alone; the same
# command runs, so the same output, help and errors come out.
@pytest.mark.parametrize("args", [
    ["overdue", "--as-of", "2024-01-01"],
    ["--no-cache", "tasks", "--as-of", "2023-06-01", "--format", "json"],
    ["upcoming", "--as-of", "2023-06-01", "--within", "90", "--agency", "Sở Ngoại vụ"],
    ["show", "7:III.2", "--as-of", "2023-06-01"],
    ["overdue", "-h"],
    ["overdue", "--as-of", "hôm qua"],
    ["budget", "--year", "hai nghìn"],
    ["show"],
    ["check"],
])
def test_startup__the_named_command_alone_answers_as_the_whole_app_does(args, root):
    from typer.testing import CliRunner

    from hncc.cli import app

    root.plan("a.yaml", PLAN)
    for line in (args, ["--root", str(root.path), *args], [f"--root={root.path}", *args]):
        single = app.for_arguments(line)
        assert len(single.registered_commands) == 1 < len(app.registered_commands)
        whole = CliRunner().invoke(app, line, env={"NO_COLOR": "1"})
        alone = CliRunner().invoke(single, line, env={"NO_COLOR": "1"})
        assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output)
        assert alone.output.strip()


@pytest.mark.parametrize("args", [[], ["--help"], ["-h"], ["--version"], ["overdu"], ["--root"],
                                  ["--root", "x"], ["--install-completion"], ["--", "overdue"]])
def test_startup__a_line_naming_no_command_gets_the_whole_app(args):
    from hncc.cli import app

    assert app.for_arguments(args) is app


def test_startup__each_command_is_registered_by_the_module_named_for_it():
    from hncc.cli import COMMAND_MODULES, app
    from hncc.cli.common import command_name

    registered = [(command_name(c), c.callback.__module__) for c in app.registered_commands]
    assert registered == [(name, f"hncc.cli.{module}") for name, module in COMMAND_MODULES.items()]


def test_startup__shell_completion_gets_the_whole_app(monkeypatch):
    from hncc.cli import app

    monkeypatch.setenv("_HNCC_COMPLETE", "complete_bash")
    assert app.for_arguments(["overdue"]) is app
