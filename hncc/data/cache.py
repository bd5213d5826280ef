"""A cache of validated plans, one file per plan file, in the user's cache folder.

An entry is used only when the plan file's size, mtime_ns and content hash all match, and when it
was written by the same hncc and Python (and the same model code); a full plan, which is a pickle
of Pydantic models, also by the same Pydantic. The registry of agencies is kept too, as plain
records, keyed by the content of agencies.yaml. Anything else — a stale, truncated or corrupt
entry — is ignored and rebuilt, never trusted. The cache lives outside
the data repository (so it can never be committed or handed to someone else); set
HNCC_CACHE_DIR to move it, or HNCC_NO_CACHE=1 (the `--no-cache` option) to turn it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hncc import __version__
from hncc.domain.problems import Problem

if TYPE_CHECKING:
    from hncc.data.model import Plan
    from hncc.domain.agencies import RegistryRecords

# The modules whose code decides what a cached plan and its problems look like.
_UNREADABLE = (pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError,
               KeyError, TypeError, ValueError, MemoryError)


@cache
def format_key() -> str:
    """Changes whenever a cached entry written by another hncc could mean something else.

    Pydantic is not part of it: the indexes, problems and agency records are plain data, and a
    warm run does not import Pydantic. Full plans are keyed by `plan_format_key` too.
    """
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{__version__}|{sys.version}".encode())
    # Every module of the two layers whose output the cache keeps: no hand-kept list to forget.
    package = Path(__file__).resolve().parent.parent
    for layer in ("domain", "data"):
        for module in sorted((package / layer).glob("*.py")):
            digest.update(module.read_bytes())
    return digest.hexdigest()


def plan_format_key() -> str:
    """format_key and the version of Pydantic, whose objects a cached full plan holds."""
    import pydantic  # only asked when a full plan is read or written: Pydantic is loaded then
    return f"{format_key()}|{pydantic.VERSION}"


_turned_off_by_option = False


def turn_off(off: bool) -> None:
    """Set by the `--no-cache` option of each invocation."""
    global _turned_off_by_option
    _turned_off_by_option = off


def enabled() -> bool:
    return not _turned_off_by_option and os.environ.get("HNCC_NO_CACHE", "") in ("", "0")


WINDOWS = os.name == "nt"


def _cache_home() -> Path:
    explicit = os.environ.get("HNCC_CACHE_DIR")
    if explicit:
        return Path(explicit)
    local = os.environ.get("LOCALAPPDATA")
    if WINDOWS and local:  # Windows keeps caches in %LOCALAPPDATA%, not in the home folder
        return Path(local) / "hncc" / "Cache"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "hncc"


@dataclass(frozen=True)
class Cached:
    """What loading one plan file produced: the plan (None if invalid) and its own problems."""

    plan: Plan | None
    problems: list[Problem]


# A file modified this close to the moment its entry was written may have changed within the
# resolution of its mtime ("racy git"): such entries are trusted only after hashing the file.
RACY_NS = 2_000_000_000


def fingerprint(raw: bytes, stat: os.stat_result) -> tuple:
    return (stat.st_size, stat.st_mtime_ns, hashlib.blake2b(raw, digest_size=16).digest())


def _read_record(file: Path) -> Any:
    try:
        return pickle.loads(file.read_bytes())
    except OSError:
        return None
    except _UNREADABLE:
        return None  # corrupt or truncated: rebuilt by the caller


class PlanCache:
    """The cache of one data root: per plan file an index record and the full plan."""

    def __init__(self, data_dir: Path) -> None:
        root_id = hashlib.blake2b(str(data_dir.resolve()).encode(), digest_size=8).hexdigest()
        self.folder = _cache_home() / root_id

    def _file(self, path: Path, kind: str) -> Path:
        name = hashlib.blake2b(str(path).encode(), digest_size=12).hexdigest()
        return self.folder / f"{name}.{kind}"

    def index(self, path: Path, stat: os.stat_result, read: Callable[[], bytes]) -> tuple | None:
        """(key, index, problems) cached for `path` if the file is unchanged, else None.

        Size and mtime decide, except for a file modified close to when its entry was written,
        which is hashed (`read` gives its bytes).
        """
        record = _read_record(self._file(path, "index"))
        if not (isinstance(record, tuple) and len(record) == 6
                and record[:2] == (format_key(), str(path))):
            return None
        _, _, key, written_ns, index, problems = record
        if not (isinstance(key, tuple) and key[:2] == (stat.st_size, stat.st_mtime_ns)):
            return None
        if stat.st_mtime_ns >= written_ns - RACY_NS and fingerprint(read(), stat) != key:
            return None
        return key, index, problems

    def plan(self, path: Path, key: tuple) -> Cached | None:
        """The full result for `path` if it was made from exactly the file `key` describes."""
        record = _read_record(self._file(path, "plan"))
        if (isinstance(record, tuple) and len(record) == 4
                and record[:3] == (plan_format_key(), str(path), key) and isinstance(record[3], Cached)):
            return record[3]
        return None

    def put(self, path: Path, key: tuple, result: Cached, index: Any) -> None:
        """Store the full result and the index record of one plan file."""
        self._write(self._file(path, "plan"), (plan_format_key(), str(path), key, result))
        record = (format_key(), str(path), key, time.time_ns(), index, result.problems)
        self._write(self._file(path, "index"), record)

    def registry(self, path: Path, digest: bytes) -> tuple[RegistryRecords, list[Problem]] | None:
        """The records and problems read before from exactly these bytes of agencies.yaml."""
        from hncc.domain.agencies import Agency, RegistryRecords, Succession

        record = _read_record(self.folder / "agencies")
        if (isinstance(record, tuple) and len(record) == 5
                and record[:3] == (format_key(), str(path), digest)
                and isinstance(record[3], RegistryRecords)
                and all(isinstance(a, Agency) for a in record[3].agencies)
                and all(isinstance(s, Succession) for s in record[3].successions)):
            return record[3], record[4]
        return None

    def put_registry(self, path: Path, digest: bytes, records: RegistryRecords,
                     problems: list[Problem]) -> None:
        self._write(self.folder / "agencies", (format_key(), str(path), digest, records, problems))

    def checks(self, dataset_key: str) -> list[Problem] | None:
        """Cross-file problems found before for exactly this data (see loader)."""
        record = _read_record(self.folder / "checks")
        if isinstance(record, tuple) and len(record) == 2 and record[0] == dataset_key:
            return record[1]
        return None

    def put_checks(self, dataset_key: str, problems: list[Problem]) -> None:
        self._write(self.folder / "checks", (dataset_key, problems))

    def _write(self, target: Path, record: Any) -> None:
        """Write atomically; a cache that cannot be written is simply not used."""
        import tempfile  # only when writing: a warm run writes nothing

        blob = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(blob)
            os.replace(temporary, target)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
