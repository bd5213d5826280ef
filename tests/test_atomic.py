"""Atomic writes: all or nothing, and never over a change made since the file was read."""

from __future__ import annotations

import os

import pytest

from hncc.edit import atomic


def test_write__replaces_the_file_and_keeps_its_mode(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"old\n")
    os.chmod(path, 0o640)
    atomic.write(path, b"new\n", expected=atomic.Snapshot.read(path))
    assert path.read_bytes() == b"new\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]


def test_write__refuses_when_the_file_changed_since_read(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"old\n")
    snapshot = atomic.Snapshot.read(path)
    path.write_bytes(b"someone else\n")
    with pytest.raises(atomic.FileChanged):
        atomic.write(path, b"new\n", expected=snapshot)
    assert path.read_bytes() == b"someone else\n"


def test_write__failure_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"old\n")

    def crash(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        atomic.write(path, b"new\n")
    assert path.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]


def test_write__a_file_open_in_word_on_windows_is_said_so(hncc, root, monkeypatch):
    # Windows reports a file held open by Word or Excel as a permission error (a sharing
    # violation, winerror 32): "không có quyền ghi" would send the user after the wrong cause
    from conftest import PLAN

    root.plan("2022-7.yaml", PLAN)
    target = root.path / "bao-cao.md"
    target.write_text("báo cáo cũ\n", encoding="utf-8")

    def held_open(*args):
        error = PermissionError(13, "The process cannot access the file", str(target))
        error.winerror = 32
        raise error

    monkeypatch.setattr(os, "replace", held_open)
    result = hncc("report", "--plan", "7", "--as-of", "2023-01-01", "--root", root.path,
                  "--output", target)
    assert result.exit_code == 1
    assert "tệp đang mở trong chương trình khác (Word, Excel…); đóng tệp đó" in result.stderr
    assert target.read_text(encoding="utf-8") == "báo cáo cũ\n"


def test_write__a_folder_to_make_where_a_file_is_gets_a_vietnamese_reason(hncc, root):
    from test_vietnamese import _codes, english_words

    (root.path / "schema-moi").write_text("một tệp\n", encoding="utf-8")
    result = hncc("schema", "--output-dir", root.path / "schema-moi", "--root", root.path)
    assert result.exit_code == 1
    assert "đã có một tệp hay thư mục mang tên này" in result.stderr
    assert not english_words(result.stderr, _codes()), result.stderr
