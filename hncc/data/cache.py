"""A cache of validated plans, one file per plan file, in the user's own cache folder.

Nothing in the cache is executable: entries are JSON, and a full plan is validated again by the
model when it is read (Plan.model_validate_json), so a planted or foreign entry can at worst be
refused, never run. An entry is used only when the plan file's size, mtime_ns, ctime_ns, inode
and device all match (a restored mtime changes the ctime), and when it was written by the same
hncc and Python (and the same model code); entries written close to the file's last change are
checked against a hash of its content. The registry of agencies is kept too, as plain records,
keyed by the content of agencies.yaml. Anything else (a stale, truncated, corrupt or foreign
entry) is ignored and rebuilt, never trusted.

The folder must belong to the user and be writable by nobody else; otherwise the cache is not
used, with a one-line notice. Only regular files of the user, up to a size limit, are read: a
FIFO or a link to /dev/zero planted as an entry is ignored. The cache lives outside the data
repository (so it can never be committed or handed to someone else); set HNCC_CACHE_DIR to move
it, or HNCC_NO_CACHE=1 (the `--no-cache` option) to turn it off.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import json
import os
import stat
import sys
import time
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hncc import __version__
from hncc.data.files import NotAFile, TooLarge, read_regular
from hncc.domain.problems import Problem

if TYPE_CHECKING:
    from hncc.data.model import Plan
    from hncc.domain.agencies import RegistryRecords

MAX_ENTRY_BYTES = 256 * 1024 * 1024  # far above the entry of any plan under the size limit


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
    """format_key and the version of Pydantic, which validates a cached full plan."""
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


def _unsafe(folder: Path) -> str | None:
    """Why `folder` must not hold the cache (None when it is the user's own and private)."""
    try:
        status = folder.lstat()
    except OSError as error:
        return f"không mở được ({error.strerror or error})"
    if stat.S_ISLNK(status.st_mode):
        return "là một liên kết (symlink)"
    if not stat.S_ISDIR(status.st_mode):
        return "không phải một thư mục"
    if os.name != "posix":
        return None
    if status.st_uid != os.getuid():
        return "thuộc về người dùng khác"
    if status.st_mode & 0o022:
        return "người khác cũng ghi được vào đó"
    return None


_notices: set[Path] = set()


@cache
def _usable(home: Path, folder: Path) -> bool:
    """Make the cache folders (private) if missing; False, with a notice, when they are unsafe."""
    for level in (home, folder):
        try:
            level.mkdir(mode=0o700, exist_ok=True)
        except OSError:
            return False  # a cache that cannot be made is simply not used
        reason = _unsafe(level)
        if reason is not None:
            if level not in _notices:
                _notices.add(level)
                print(f"hncc: không dùng bộ đệm trong “{level}”: thư mục {reason}. Đặt "
                      "HNCC_CACHE_DIR tới một thư mục riêng (chmod 700).", file=sys.stderr)
            return False
    return True


@dataclass(frozen=True)
class Cached:
    """What loading one plan file produced: the plan (None if invalid) and its own problems."""

    plan: Plan | None
    problems: list[Problem]


# A file changed this close to the moment its entry was written may have changed again within
# the resolution of its timestamps ("racy git"): such entries are trusted only after hashing.
RACY_NS = 2_000_000_000


def fingerprint(raw: bytes, status: os.stat_result) -> tuple:
    """What identifies one version of a file: its stat fields and a hash of its bytes."""
    return (*_stat_key(status), hashlib.blake2b(raw, digest_size=16).hexdigest())


def _stat_key(status: os.stat_result) -> tuple[int, ...]:
    # ctime cannot be set back (touch -d, a copy tool or git checkout change it with the mtime),
    # and a file written anew has another inode: a restored mtime does not fool the key.
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev)


# Records as JSON: dataclasses as lists of their fields, decoded by their type hints.

def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [_plain(getattr(value, f.name)) for f in dataclasses.fields(value)]
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    return value


@cache
def _hints(kind: type) -> tuple[tuple[str, Any], ...]:
    hints = typing.get_type_hints(kind)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(kind))


def _typed(kind: Any, value: Any) -> Any:
    """`value` (plain JSON) as an object of type `kind`; TypeError or ValueError when it is not."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in typing.get_args(kind):
            return None
        kind = next(a for a in typing.get_args(kind) if a is not type(None))
        origin = typing.get_origin(kind)
    if origin in (tuple, list):
        if not isinstance(value, list):
            raise TypeError(value)
        item = typing.get_args(kind)[0]
        return origin(_typed(item, v) for v in value)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        if not isinstance(value, list) or len(value) != len(hints):
            raise TypeError(value)
        return kind(*(_typed(hint, v) for (_, hint), v in zip(hints, value, strict=True)))
    if kind is dt.date:
        return dt.date.fromisoformat(value)
    if kind is Path:
        return Path(_typed(str, value))
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind(value)
    if kind in (str, int, bool) and type(value) is kind:
        return value
    raise TypeError(value)


def _problems(value: Any) -> list[Problem]:
    return _typed(list[Problem], value)


class PlanCache:
    """The cache of one data root: per plan file an index record and the full plan."""

    def __init__(self, data_dir: Path) -> None:
        root_id = hashlib.blake2b(str(data_dir.resolve()).encode(), digest_size=8).hexdigest()
        self.home = _cache_home()
        self.folder = self.home / root_id

    def _file(self, path: Path, kind: str) -> Path:
        name = hashlib.blake2b(str(path).encode(), digest_size=12).hexdigest()
        return self.folder / f"{name}.{kind}"

    def _read(self, file: Path) -> bytes | None:
        """The bytes of an entry: a regular file of this user, not a link, not too large."""
        if not _usable(self.home, self.folder):
            return None
        try:
            return read_regular(file, MAX_ENTRY_BYTES, follow_links=False,
                                owner=os.getuid() if os.name == "posix" else None)
        except (OSError, NotAFile, TooLarge):
            return None

    def _record(self, file: Path) -> dict | None:
        raw = self._read(file)
        if raw is None:
            return None
        try:
            record = json.loads(raw)
        except (ValueError, RecursionError):
            return None  # corrupt or truncated: rebuilt by the caller
        return record if isinstance(record, dict) else None

    def index(self, path: Path, status: os.stat_result, read: Callable[[], bytes]) -> tuple | None:
        """(key, index, problems) cached for `path` if the file is unchanged, else None.

        The stat fields decide, except for a file changed close to when its entry was written,
        which is hashed (`read` gives its bytes).
        """
        record = self._record(self._file(path, "index"))
        if not (record and record.get("format") == format_key() and record.get("path") == str(path)):
            return None
        try:
            key, written_ns = tuple(record["key"]), int(record["written_ns"])
            if key[:5] != _stat_key(status):
                return None
            racy = max(status.st_mtime_ns, status.st_ctime_ns) >= written_ns - RACY_NS
            if racy and fingerprint(read(), status) != key:
                return None
            packed = record["index"]
            return key, None if packed is None else tuple(packed), _problems(record["problems"])
        except (KeyError, TypeError, ValueError):
            return None

    def plan(self, path: Path, key: tuple) -> Cached | None:
        """The full result for `path` if it was made from exactly the file `key` describes.

        The entry is a line of JSON (what identifies it, and the problems) and then the plan as
        JSON, which the model validates again as it reads it.
        """
        raw = self._read(self._file(path, "plan"))
        if raw is None:
            return None
        head, _, body = raw.partition(b"\n")
        try:
            record = json.loads(head)
            if not (isinstance(record, dict) and record.get("format") == plan_format_key()
                    and record.get("path") == str(path) and tuple(record.get("key", ())) == key):
                return None
            problems = _problems(record["problems"])
        except (KeyError, TypeError, ValueError, RecursionError):
            return None
        if not body:
            return Cached(None, problems)
        from pydantic import ValidationError

        from hncc.data.model import Plan

        try:
            return Cached(Plan.model_validate_json(body), problems)
        except ValidationError:
            return None

    def put(self, path: Path, key: tuple, result: Cached, index: Any) -> None:
        """Store the full result and the index record of one plan file."""
        head = {"format": plan_format_key(), "path": str(path), "key": list(key),
                "problems": _plain(result.problems)}
        body = b"" if result.plan is None else \
            result.plan.model_dump_json(by_alias=True, exclude_unset=True).encode()
        self._write(self._file(path, "plan"), _json(head) + b"\n" + body)
        record = {"format": format_key(), "path": str(path), "key": list(key),
                  "written_ns": time.time_ns(), "index": _plain(index),
                  "problems": _plain(result.problems)}
        self._write(self._file(path, "index"), _json(record))

    def registry(self, path: Path, digest: bytes) -> tuple[RegistryRecords, list[Problem]] | None:
        """The records and problems read before from exactly these bytes of agencies.yaml."""
        from hncc.domain.agencies import Agency, RegistryRecords, Succession

        record = self._record(self.folder / "agencies")
        if not (record and record.get("format") == format_key() and record.get("path") == str(path)
                and record.get("digest") == digest.hex()):
            return None
        try:
            return (RegistryRecords(_typed(list[Agency], record["agencies"]),
                                    _typed(list[Succession], record["successions"])),
                    _problems(record["problems"]))
        except (KeyError, TypeError, ValueError):
            return None

    def put_registry(self, path: Path, digest: bytes, records: RegistryRecords,
                     problems: list[Problem]) -> None:
        record = {"format": format_key(), "path": str(path), "digest": digest.hex(),
                  "agencies": _plain(records.agencies), "successions": _plain(records.successions),
                  "problems": _plain(problems)}
        self._write(self.folder / "agencies", _json(record))

    def checks(self, dataset_key: str) -> list[Problem] | None:
        """Cross-file problems found before for exactly this data (see loader)."""
        record = self._record(self.folder / "checks")
        if not (record and record.get("key") == dataset_key):
            return None
        try:
            return _problems(record["problems"])
        except (KeyError, TypeError, ValueError):
            return None

    def put_checks(self, dataset_key: str, problems: list[Problem]) -> None:
        self._write(self.folder / "checks", _json({"key": dataset_key, "problems": _plain(problems)}))

    def _write(self, target: Path, blob: bytes) -> None:
        """Write atomically; a cache that cannot be written is simply not used."""
        if not _usable(self.home, self.folder):
            return
        import tempfile  # only when writing: a warm run writes nothing

        try:
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(blob)
            os.replace(temporary, target)
        except OSError:
            Path(temporary).unlink(missing_ok=True)


def _json(record: dict) -> bytes:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode()
