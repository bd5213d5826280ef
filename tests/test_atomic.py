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
