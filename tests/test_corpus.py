"""Known-bad files (tests/corpus/): each gives its problem, at its line, in Vietnamese.

Every file of the corpus is put into a fresh data root; `hncc check --format json` must report
the code, line and words that tests/corpus/expected.yaml lists for it. On every corpus root the
library's queries and reports and the query commands run without a traceback and change nothing.
Files too big to commit (a file over the size limit, 100 MB of junk) are made here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hncc.data import files, yamlio
from tests.conftest import REPO, DataRoot
from tests.hostile import exercise

CORPUS = Path(__file__).parent / "corpus"
EXPECTED = yamlio.parse((CORPUS / "expected.yaml").read_text("utf-8"))
QUERY_COMMANDS = [
    ["overdue", "--as-of", "2024-01-01"], ["upcoming", "--as-of", "2022-06-01"],
    ["budget", "--year", "2023"], ["agencies"], ["tasks", "--format", "json"],
    ["show", "7:III.1"], ["report", "--plan", "7", "--as-of", "2024-01-01"],
    ["calendar", "--as-of", "2024-01-01"], ["fmt", "--check"],
]


def test_corpus__every_file_is_listed():
    assert sorted(p.name for p in CORPUS.iterdir() if p.name != "expected.yaml") == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus__check_names_the_problem_and_its_line(hncc, root, name):
    case = EXPECTED[name]
    path = root.raw(case.get("as", name), (CORPUS / name).read_bytes())
    before = root.snapshot()
    result = hncc("check", "--root", root.path, "--format", "json")
    document = json.loads(result.stdout)
    found = [p for p in document["problems"] if p["code"] == case["code"]]
    assert found, document
    assert found[0]["file"].endswith(path.name)
    assert found[0]["line"] == case["line"], found[0]
    assert case["says"] in found[0]["message"], found[0]["message"]
    assert result.exit_code == case.get("exit", 1)
    assert root.snapshot() == before


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus__queries_and_reports_run_and_change_nothing(hncc, root, name):
    root.raw(EXPECTED[name].get("as", name), (CORPUS / name).read_bytes())
    before = root.snapshot()
    exercise(root.data)
    for args in QUERY_COMMANDS:
        result = hncc(*args, "--root", root.path)
        assert result.exit_code in (0, 1, 2), (args, result.output)
        assert "Traceback" not in result.output
    assert root.snapshot() == before


def test_corpus__sizes_in_messages_use_vietnamese_thousands_dots(monkeypatch):
    # "12,345,678" reads as twelve and a fraction where the decimal mark is a comma
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 10_000_000)
    message = files.too_large(12_345_678)
    assert message is not None
    assert "12.345.678 byte, quá giới hạn 10.000.000 byte" in message


def test_corpus__file_over_the_size_limit_is_refused_unread(hncc, root):
    huge = root.raw("huge.yaml", b"- x\n" * (files.MAX_FILE_BYTES // 4 + 1))
    before = root.snapshot()
    result = hncc("check", "--root", root.path, "--format", "json")
    problems = json.loads(result.stdout)["problems"]
    problem = next(p for p in problems if p["file"].endswith(huge.name))
    assert (problem["code"], problem["line"], result.exit_code) == ("file-too-large", 1, 1)
    assert "quá giới hạn" in problem["message"] and "HNCC_MAX_FILE_BYTES" in problem["message"]
    formatted = hncc("fmt", "--check", "--root", root.path)
    assert formatted.exit_code == 1 and "quá giới hạn" in formatted.output
    assert root.snapshot() == before


JUNK_COMMANDS = [
    # (arguments, words the output must contain)
    (["check"], "file-too-large"),
    (["overdue", "--as-of", "2024-01-01"], "dữ liệu có 1 lỗi"),
    (["upcoming", "--as-of", "2024-01-01"], "dữ liệu có 1 lỗi"),
    (["budget"], "dữ liệu có 1 lỗi"),
    (["agencies"], "dữ liệu có 1 lỗi"),
    (["tasks"], "dữ liệu có 1 lỗi"),
    (["show", "102:III.1.1.1"], "dữ liệu có 1 lỗi"),
    (["report", "--plan", "102", "--as-of", "2024-01-01"], "dữ liệu có 1 lỗi"),
    (["calendar", "--as-of", "2024-01-01"], "dữ liệu có 1 lỗi"),
    (["fmt", "--check"], "quá giới hạn"),
    (["diff", "HEAD"], "Không có thay đổi"),
    (["status", "102:III.1.1.1", "done", "--date", "2024-01-01"], "Đã ghi"),
]


@pytest.fixture(scope="module")
def junk_project(tmp_path_factory) -> Path:
    """The shipped data in a git repository, plus 100 MB of (valid YAML) junk in data/plans/."""
    project = tmp_path_factory.mktemp("junk") / "project"
    DataRoot(project)
    for name in ("agencies.yaml", "plans/2022-102-KH-UBND.yaml", "plans/2023-161-KH-UBND.yaml"):
        (project / "data" / name).write_bytes((REPO / "data" / name).read_bytes())
    git = ["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "data"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "data"], check=True)
    (project / "data" / "plans" / "junk.yaml").write_bytes(b"- x\n" * (26 * 1024 * 1024))
    return project


@pytest.mark.parametrize(("args", "words"), JUNK_COMMANDS, ids=[a[0] for a, _ in JUNK_COMMANDS])
def test_corpus__100_mb_junk_every_command_ends_quickly(junk_project, tmp_path, args, words):
    junk = junk_project / "data" / "plans" / "junk.yaml"
    size = junk.stat().st_size
    env = {**os.environ, "HNCC_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("HNCC_DEBUG", None)
    done = subprocess.run([sys.executable, "-m", "hncc", *args, "--root", str(junk_project)],
                          capture_output=True, text=True, timeout=20, env=env, cwd=tmp_path)
    output = done.stdout + done.stderr
    assert done.returncode in (0, 1), output
    assert "Traceback" not in output and words in output, output[-2000:]
    assert junk.stat().st_size == size


def test_corpus__100_mb_text_is_not_imported(junk_project, tmp_path):
    text = tmp_path / "junk.txt"
    text.write_bytes(b"KE HOACH\n" * (12 * 1024 * 1024))
    done = subprocess.run([sys.executable, "-m", "hncc", "import", str(text), "--root",
                           str(junk_project)], capture_output=True, text=True, timeout=20,
                          env={**os.environ, "HNCC_CACHE_DIR": str(tmp_path / "cache")})
    assert done.returncode == 1 and "quá giới hạn" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
