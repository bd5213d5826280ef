"""Test helpers: small data roots written from YAML text, and the real command line."""

from __future__ import annotations

import hashlib
import json
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hncc.cli import app
from hncc.data import cache
from hncc.domain.problems import Severity

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"

AGENCIES = """\
agencies:
  - id: ubnd-thanh-pho
    name: Ủy ban nhân dân thành phố Hà Nội
    short: [UBND Thành phố, UBND TP]
    kind: city_government
  - id: so-van-hoa-va-the-thao
    name: Sở Văn hóa và Thể thao
    aliases: [Sở Văn hóa và Thể thao Hà Nội]
    kind: city_department
  - id: so-ngoai-vu
    name: Sở Ngoại vụ
    aliases: [Sở Ngoại Vụ]
    kind: city_department
  - id: so-cong-thuong
    name: Sở Công Thương
    kind: city_department
  - id: doan-thanh-nien
    name: Đoàn Thanh niên
    kind: party_mass_org
  - id: cac-don-vi-lien-quan
    name: các đơn vị liên quan
    kind: group
"""

HEADER = """\
number: 7/KH-UBND
issuer: UBND Thành phố
date: 2022-01-10
title: KẾ HOẠCH THỬ
"""

PLAN = HEADER + """\
horizon: {start: 2022, end: 2024}
content:
  - ref: III.1
    kind: activity
    title: Việc một
    lead: [Sở Văn hóa và Thể thao]
    cooperating: [Sở Ngoại vụ, các đơn vị liên quan]
    deadline: Quý II/2022
  - ref: III.2
    kind: activity
    title: Việc hai
    lead: [Sở Ngoại Vụ]
    deadline: Hàng năm
appendix:
  rows:
    - ref: PL.1
      title: Dòng một
      lead: [Sở Văn hóa và Thể thao]
      deadline: Năm 2022-2023
      budget: 6 tỷ
      summarizes: [III.1]
"""


def flat(output: str) -> str:
    """Terminal output with rich's box drawing removed and white space folded, for `in` checks."""
    return " ".join(output.translate({ord(c): " " for c in "│╭╮╰╯─"}).split())


def quoted(text: str) -> str:
    """`text` as a YAML double-quoted string."""
    return json.dumps(text, ensure_ascii=False)


def plan_problems(root: DataRoot, written: str, instead: str) -> list[tuple[str, Severity]]:
    """(code, severity) of every problem of PLAN with `written` in place of `instead`."""
    from hncc.data import loader

    root.plan("2022-7.yaml", PLAN.replace(instead, written))
    _, problems = loader.load(root.data)
    return [(p.code, p.severity) for p in problems]


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


class DataRoot:
    """A project folder with data/agencies.yaml and data/plans/, written from YAML text."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data = path / "data"
        (self.data / "plans").mkdir(parents=True)
        self.agencies(AGENCIES)

    def agencies(self, text: str) -> Path:
        target = self.data / "agencies.yaml"
        target.write_text(dedent(text), encoding="utf-8")
        return target

    def plan(self, name: str, text: str) -> Path:
        target = self.data / "plans" / name
        target.write_text(dedent(text), encoding="utf-8")
        return target

    def raw(self, name: str, content: bytes) -> Path:
        target = self.data / "plans" / name
        target.write_bytes(content)
        return target

    def snapshot(self) -> dict[str, str]:
        """A hash of every file below the root, to show that nothing changed."""
        return {str(p.relative_to(self.path)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(self.path.rglob("*")) if p.is_file()}


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Tests never read or write the user's cache of validated plans; each starts with it on."""
    monkeypatch.setenv("HNCC_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("HNCC_NO_CACHE", raising=False)
    monkeypatch.setattr(cache, "_turned_off_by_option", False)
    monkeypatch.setattr(cache, "_said", set())  # each test sees the index's notices afresh


@pytest.fixture
def root(tmp_path: Path) -> DataRoot:
    return DataRoot(tmp_path / "project")


@pytest.fixture
def hncc():
    """Run the real command line; returns the click Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def run(*args: str, **kwargs):
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False, **kwargs)

    return run


@pytest.fixture
def alarm():
    """Fail (instead of hanging the suite) when a read or a command blocks for 20 seconds: the
    tests of special files (FIFOs, /dev/zero) planted where hncc reads."""
    import signal

    def hung(*_):
        raise TimeoutError("hncc hung on a special file")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)
