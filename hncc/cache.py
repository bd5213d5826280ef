"""A cache of validated plans, one file per plan file, in the user's cache folder.

An entry is used only when the plan file's size, mtime_ns and content hash all match, and when it
was written by the same hncc, Python and Pydantic (and the same model code). Anything else — a
stale, truncated or corrupt entry — is ignored and rebuilt, never trusted. The cache lives outside
the data repository (so it can never be committed or handed to someone else); set
HNCC_CACHE_DIR to move it, or HNCC_NO_CACHE=1 (the `--no-cache` option) to turn it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pydantic

from hncc import __version__
from hncc.model import Plan
from hncc.problems import Problem

# The modules whose code decides what a cached plan and its problems look like.
_MODEL_MODULES = ("model.py", "deadlines.py", "money.py", "text.py", "messages.py", "problems.py")
_UNREADABLE = (pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError,
               KeyError, TypeError, ValueError, MemoryError)


@cache
def format_key() -> str:
    """Changes whenever a cached entry written by another hncc could mean something else."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{__version__}|{sys.version}|{pydantic.VERSION}".encode())
    package = Path(__file__).resolve().parent
    for name in _MODEL_MODULES:
        digest.update((package / name).read_bytes())
    return digest.hexdigest()


_turned_off_by_option = False


def turn_off(off: bool) -> None:
    """Set by the `--no-cache` option of each invocation."""
    global _turned_off_by_option
    _turned_off_by_option = off


def enabled() -> bool:
    return not _turned_off_by_option and os.environ.get("HNCC_NO_CACHE", "") in ("", "0")


def _cache_home() -> Path:
    explicit = os.environ.get("HNCC_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "hncc"


@dataclass(frozen=True)
class Cached:
    """What loading one plan file produced: the plan (None if invalid) and its own problems."""

    plan: Plan | None
    problems: list[Problem]


def fingerprint(raw: bytes, stat: os.stat_result) -> tuple:
    return (stat.st_size, stat.st_mtime_ns, hashlib.blake2b(raw, digest_size=16).digest())


class PlanCache:
    """The cache of one data root."""

    def __init__(self, data_dir: Path) -> None:
        root_id = hashlib.blake2b(str(data_dir.resolve()).encode(), digest_size=8).hexdigest()
        self.folder = _cache_home() / root_id

    def _file(self, path: Path) -> Path:
        return self.folder / (hashlib.blake2b(str(path).encode(), digest_size=12).hexdigest() + ".pickle")

    def get(self, path: Path, key: tuple) -> Cached | None:
        """The cached result for `path` if it was made from exactly these bytes, else None."""
        try:
            stored = self._file(path).read_bytes()
        except OSError:
            return None
        try:
            record: Any = pickle.loads(stored)
        except _UNREADABLE:
            return None  # corrupt or truncated: rebuilt by the caller
        if (not isinstance(record, tuple) or len(record) != 4 or record[:3] != (format_key(), str(path), key)
                or not isinstance(record[3], Cached)):
            return None
        return record[3]

    def put(self, path: Path, key: tuple, result: Cached) -> None:
        """Store `result` atomically; a cache that cannot be written is simply not used."""
        blob = pickle.dumps((format_key(), str(path), key, result), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(blob)
            os.replace(temporary, self._file(path))
        except OSError:
            Path(temporary).unlink(missing_ok=True)
