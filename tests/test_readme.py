"""The README documents every command, and its example output is what hncc prints."""

from __future__ import annotations

import re

import typer.main

from hncc.cli import app
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme__names_every_command():
    commands = typer.main.get_command(app).commands
    missing = [name for name in commands if f"`hncc {name}" not in README]
    assert missing == []


def test_readme__install_run_and_test_commands():
    assert 'pip install -e ".[test]"' in README and "\nhncc check\n" in README and "\npytest\n" in README


def test_readme__tour_output_is_real(hncc):
    result = hncc("overdue", "--as-of", "2023-12-15", "--agency", "so ngoai vu", "--role", "any",
                  "--root", REPO)
    assert result.exit_code == 0
    for line in result.stdout.splitlines():
        assert line.rstrip() in README


def _organisation() -> str:
    start = README.index("## How the code is organised")
    return README[start:README.index("\n## ", start + 1)]


def test_readme__every_package_and_module_it_names_exists():
    named = re.findall(r"`(hncc/[\w/.]*)`", _organisation())
    assert named, "the section names the packages"
    assert [path for path in named if not (REPO / path).exists()] == []


def test_readme__names_every_package():
    named = set(re.findall(r"`hncc/(\w+)/`", _organisation()))
    packages = {p.parent.name for p in (REPO / "hncc").glob("*/__init__.py")}
    assert packages == named
