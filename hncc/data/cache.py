"""The query index: one SQLite database per data root, in the user's own cache folder.

It keeps, for every data file, what reading it produced: its fingerprint, its own problems, the
compact index of its plan (hncc.data.index) and the full plan as JSON; the registry of agencies
as plain records; and the results of the checks across files. A warm run answers from it and
parses nothing. Nothing in it is executable: rows are JSON and numbers, a full plan is validated
again by the model when it is read (Plan.model_validate_json), and the database is opened with
`trusted_schema` off, so a planted or foreign index can at worst be refused, never run.

A row is used only when the file's size, mtime_ns, ctime_ns, inode and device all match (a
restored mtime changes the ctime), and when it was written by the same hncc and Python (and the
same model code); rows written close to the file's last change are checked against a hash of its
content. Anything else (a stale row, a corrupt, truncated or foreign database) is ignored and
rebuilt, never trusted.

The folder must belong to the user and be writable by nobody else; otherwise the index is not
used, with a one-line notice. The index lives outside the data repository (so it can never be
committed or handed to someone else); set HNCC_CACHE_DIR to move it, or HNCC_NO_CACHE=1 (the
`--no-cache` option) to turn it off. Deleting it loses nothing but time.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import os
import stat
import sys
import time
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import orjson

try:  # what hashlib.blake2b is, without hashlib loading OpenSSL for its other hashes (~3 ms)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

from hncc import __version__
from hncc.data import files
from hncc.domain.problems import Problem

if TYPE_CHECKING:
    from hncc.data.dataset import Head
    from hncc.data.model import Plan
    from hncc.domain.agencies import RegistryRecords

@cache
def format_key() -> str:
    """Changes whenever a cached entry written by another hncc could mean something else.

    Pydantic is not part of it: the indexes, problems and agency records are plain data, and a
    warm run does not import Pydantic. Full plans are keyed by `plan_format_key` too.
    """
    digest = blake2b(digest_size=16)
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
        return f"không mở được ({files.read_reason(error)})"
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


def _usable(home: Path, folder: Path) -> bool:
    """Make the cache folders (private) if missing; False, with a notice, when they are unsafe.
    Asked each time the index is opened: a folder deleted meanwhile is made again."""
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
    return (*_stat_key(status), blake2b(raw, digest_size=16).hexdigest())


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
    return _decoder(kind)(value)


def _raise(value: Any) -> Any:
    raise TypeError(value)


@cache
def _decoder(kind: Any) -> Callable[[Any], Any]:
    """What `_typed(kind, ·)` does, worked out once per type (the registry and every file's
    problems are decoded on each run)."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        optional = type(None) in typing.get_args(kind)
        inner = _decoder(next(a for a in typing.get_args(kind) if a is not type(None)))
        if not optional:
            return inner
        return lambda value: None if value is None else inner(value)
    if origin in (tuple, list):
        item = _decoder(typing.get_args(kind)[0])
        return lambda value: origin(map(item, value)) if isinstance(value, list) else \
            _raise(value)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        fields = tuple(_decoder(hint) for _, hint in _hints(kind))

        def record(value: Any) -> Any:
            if not isinstance(value, list) or len(value) != len(fields):
                raise TypeError(value)
            return kind(*(field(v) for field, v in zip(fields, value, strict=True)))

        return record
    if kind is dt.date:
        return dt.date.fromisoformat
    if kind is Path:
        text = _decoder(str)
        return lambda value: Path(text(value))
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind
    if kind in (str, int, bool):
        return lambda value: value if type(value) is kind else _raise(value)
    return _raise


def _problems(value: Any) -> list[Problem]:
    return _typed(list[Problem], value)


DB_NAME = "index.sqlite"
APPLICATION_ID = 0x686E6363  # "hncc": a database made by anything else is never read
SCHEMA_VERSION = 5
WRITE_BATCH = 5000  # derived rows of work written per transaction when many groups are made
BUSY_SECONDS = 10.0  # how long a writer waits for another hncc writing the same index

# The schema of the index. `files` is what the loader reads (one row per data file, with the
# compact index of its plan as one JSON value: the fast path of a warm run); `entries`,
# `occurrences`, `updates` and `roles` hold the same entries as plain rows, for SQL and for
# `hncc export --sqlite`. Their columns are generated from hncc.data.index.EntryIndex, so there
# is one description of an entry (tests/test_index_schema.py checks it); docs/index-schema.md
# explains every column.
def _entry_columns() -> list[str]:
    from hncc.data.index import EntryIndex
    return [name for name in EntryIndex._fields]


def schema() -> list[str]:
    """The CREATE statements of the index, in order."""
    columns = ", ".join(f'"{name}"' for name in _entry_columns())
    by_file = "file INTEGER NOT NULL REFERENCES files(id)"
    return [
        "CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE files(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, "
        "fingerprint TEXT NOT NULL, written_ns INTEGER NOT NULL, checked_with TEXT NOT NULL, "
        "problems TEXT NOT NULL, plan_key TEXT, head TEXT, named TEXT, packed TEXT, words TEXT, "
        "plan_format TEXT, plan BLOB)",
        f"CREATE TABLE entries({by_file}, {columns})",
        "CREATE INDEX entries_by_file ON entries(file)",
        f"CREATE TABLE occurrences({by_file}, ref TEXT NOT NULL, due TEXT NOT NULL, start TEXT, "
        "year INTEGER, approximate INTEGER NOT NULL, month INTEGER)",
        "CREATE INDEX occurrences_by_file ON occurrences(file)",
        f"CREATE TABLE updates({by_file}, ref TEXT NOT NULL, date TEXT NOT NULL, "
        "status TEXT NOT NULL, year INTEGER, month INTEGER)",
        "CREATE INDEX updates_by_file ON updates(file)",
        f"CREATE TABLE roles({by_file}, ref TEXT NOT NULL, role TEXT NOT NULL, "
        "agency TEXT NOT NULL)",
        "CREATE INDEX roles_by_file ON roles(file)",
        "CREATE TABLE registry(path TEXT NOT NULL, digest TEXT NOT NULL, agencies TEXT NOT NULL, "
        "successions TEXT NOT NULL, problems TEXT NOT NULL)",
        "CREATE TABLE checks(key TEXT NOT NULL, problems TEXT NOT NULL)",
        # Derived from groups of plans (those `implements` links join) by hncc.queries.derived:
        # the work items' tasks with their states over time, so that task lists, sums and
        # reports read rows instead of joining every plan again.
        "CREATE TABLE groups(kind TEXT NOT NULL, grp TEXT NOT NULL, signature TEXT NOT NULL)",
        "CREATE UNIQUE INDEX groups_by_kind ON groups(kind, grp)",
        "CREATE TABLE agency_lists(id INTEGER PRIMARY KEY, agencies TEXT NOT NULL UNIQUE)",
        "CREATE TABLE work(id INTEGER PRIMARY KEY, grp TEXT NOT NULL, source INTEGER NOT NULL, "
        "item TEXT NOT NULL, plan TEXT NOT NULL, ref TEXT NOT NULL, kind TEXT NOT NULL, "
        "title TEXT NOT NULL, deadline_text TEXT, deadline_source TEXT, budget_text TEXT, "
        "agencies INTEGER NOT NULL REFERENCES agency_lists(id), mentions TEXT NOT NULL, "
        "years TEXT NOT NULL, order_plan TEXT, "
        "order_n INTEGER NOT NULL, rank_plan TEXT NOT NULL, rank_n INTEGER NOT NULL, "
        "seq INTEGER NOT NULL, plans TEXT NOT NULL, yearly INTEGER NOT NULL, "
        "last_year INTEGER NOT NULL)",
        "CREATE INDEX work_by_group ON work(grp)",
        # `agencies`: the occurrence's own, when only some of the work's parts share its year
        # (NULL: the work's)
        "CREATE TABLE tasks(id INTEGER PRIMARY KEY, work INTEGER NOT NULL REFERENCES work(id), "
        "due INTEGER, year INTEGER, approximate INTEGER NOT NULL, month INTEGER, "
        "agencies INTEGER REFERENCES agency_lists(id))",
        "CREATE INDEX tasks_by_work ON tasks(work)",
        "CREATE TABLE task_states(task INTEGER NOT NULL REFERENCES tasks(id), "
        "start INTEGER NOT NULL, stop INTEGER NOT NULL, status TEXT, status_date INTEGER, "
        "derived TEXT, progress TEXT NOT NULL, late_since INTEGER)",
        "CREATE INDEX task_states_by_task ON task_states(task)",
        "CREATE TABLE shares(grp TEXT NOT NULL, seq INTEGER NOT NULL, plan TEXT NOT NULL, "
        "ref TEXT NOT NULL, title TEXT NOT NULL, lead TEXT NOT NULL, cooperating TEXT NOT NULL, "
        "budget_text TEXT, state TEXT NOT NULL, year INTEGER, amount TEXT, basis TEXT, "
        "restates TEXT, initiative TEXT, years TEXT NOT NULL)",
        "CREATE INDEX shares_by_group ON shares(grp)",
        # What `hncc agencies` adds up by leads and amount, read in that order from the index
        # alone (budget.counted_by_lead), and the shares several agencies lead, one by one: no
        # sort, and not the long rows of the table.
        "CREATE INDEX shares_by_lead ON shares(lead, amount, state, restates, year, plan, seq, ref)",
    ]


ROW_TABLES = ("entries", "occurrences", "updates", "roles")  # rows of one file each
# The kinds of rows derived per group of plans (hncc.queries.derived), and their tables.
DERIVED = {"tasks": ("task_states", "tasks", "work"), "budget": ("shares",)}
DERIVED_TABLES = (*(t for tables in DERIVED.values() for t in tables), "agency_lists", "groups")
AGENCIES_AT = 9  # where a row of `work` (without id and grp) has its agencies, as JSON
TASK_AGENCIES_AT = 4  # where a row of `tasks` (without id and work) has its own, JSON or None


def _why(error: Exception) -> str:
    """What went wrong with the index, in words for users (SQLite's own messages are English)."""
    text = str(error).lower()
    if "full" in text:
        return "không ghi được vì ổ đĩa đã đầy"
    if "readonly" in text or "read-only" in text or "permission" in text:
        return "không ghi được (chỉ được đọc)"
    if "unable to open" in text:
        return "không mở được"
    if "cấu trúc khác" in text:
        return "có cấu trúc khác (của phiên bản hncc khác hoặc không phải của hncc)"
    return "hỏng hoặc không phải của hncc"


def notice(message: str) -> None:
    """A one-line notice on stderr, once per message and process."""
    if message not in _said:
        _said.add(message)
        print(f"hncc: {message}", file=sys.stderr)


_said: set[str] = set()


R = TypeVar("R")


class IndexUnusable(Exception):
    """The index cannot be opened or made here; the run goes on without it."""


def row_name(path: Path) -> str:
    """A file's row name: its absolute path, so that a data root named relatively (`--root
    data`) and absolutely (found from the working folder) share their rows."""
    text = str(path)
    return text if os.path.isabs(text) else os.path.abspath(text)


class PlanCache:
    """The query index of one data root: one SQLite database in the user's cache folder.

    Reads happen in one transaction at the start of a load (`snapshot`), so a run sees one
    consistent state even while another hncc updates the index (the database is in WAL mode:
    readers never wait for a writer); a plan's index, words or whole plan, read later when a
    command needs it, is used only if its row still has the fingerprint the snapshot saw (else
    the file is read again). What a load found out (changed, added or removed files,
    the registry, the checks' results) is written at its end in one transaction (`flush`).
    A database that is corrupt, truncated, not hncc's, of another schema or not a regular file
    of the user is removed and made again, with a one-line notice; one locked by another writer
    for longer than BUSY_SECONDS is left alone this once, with a notice.
    """

    def __init__(self, data_dir: Path) -> None:
        root_id = blake2b(str(data_dir.resolve()).encode(), digest_size=8).hexdigest()
        self.home = _cache_home()
        self.folder = self.home / root_id
        self.path = self.folder / DB_NAME
        self._db: Any = None
        self._tried = False
        self._files: dict[str, tuple] | None = None
        self._named: dict[str, tuple[str, str | None]] | None = None  # path -> fingerprint, named
        self._registry: tuple | None = None
        self._checks: tuple | None = None
        self._pending_registry: tuple | None = None
        self._pending_checks: tuple | None = None
        self._seen: set[str] = set()  # files this run listed: the rows of the others are dropped
        self._writing = False
        self._write_failed = False

    # -- opening -------------------------------------------------------------------------------

    def _connection(self) -> Any:
        if self._tried:
            return self._db
        self._tried = True
        if not _usable(self.home, self.folder):
            return None
        import sqlite3

        for attempt in range(2):
            try:
                self._db = self._open(sqlite3)
                return self._db
            except IndexUnusable as error:
                if str(error):
                    notice(str(error))
                return None
            except sqlite3.OperationalError as error:
                if "locked" in str(error) or "busy" in str(error):
                    notice(f"chỉ mục trong “{self.path}” đang bị một tiến trình hncc khác khóa; "
                            "lần này đọc thẳng từ các tệp dữ liệu.")
                    return None
                reason = _why(error)
            except sqlite3.DatabaseError as error:
                reason = _why(error)
            self._close()
            if attempt == 0:
                notice(f"chỉ mục trong “{self.path}” {reason}; dựng lại từ các tệp dữ liệu.")
                self._remove()
        return None

    def _close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(Exception):  # closing a broken database must not fail a run
                self._db.close()
        self._db = None

    def _remove(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            target = Path(f"{self.path}{suffix}")
            with contextlib.suppress(OSError):
                if target.is_dir() and not target.is_symlink():
                    target.rmdir()
                else:
                    target.unlink(missing_ok=True)

    def _check_file(self) -> None:
        """The database and its companions, if present, are regular files of this user; anything
        else planted there (a link, a FIFO, a folder) is removed, or the index is not used."""
        for suffix in ("", "-wal", "-shm", "-journal"):
            target = Path(f"{self.path}{suffix}")
            try:
                status = target.lstat()
            except FileNotFoundError:
                continue
            except OSError as error:
                raise IndexUnusable(f"không đọc được chỉ mục “{target}” "
                                    f"({files.read_reason(error)}).") from None
            mine = os.name != "posix" or status.st_uid == os.getuid()
            if stat.S_ISREG(status.st_mode) and mine:
                continue
            notice(f"“{target}” không phải một tệp chỉ mục của hncc; xóa và dựng lại.")
            try:
                if stat.S_ISDIR(status.st_mode):
                    target.rmdir()
                else:
                    target.unlink()
            except OSError:
                raise IndexUnusable(f"không xóa được “{target}”; không dùng chỉ mục.") from None

    def _open(self, sqlite3: Any) -> Any:
        self._check_file()
        db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None,
                             check_same_thread=False)
        self._db = db
        db.execute("PRAGMA trusted_schema = OFF")  # a planted view or trigger runs no function
        application, version = (db.execute("PRAGMA application_id").fetchone()[0],
                                db.execute("PRAGMA user_version").fetchone()[0])
        tables = db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        if not tables and application == 0 and version == 0:
            self._create(db)
            return db
        expected = sorted(schema())
        found = sorted(sql for _, name, sql in tables if sql and not name.startswith("sqlite_"))
        if application != APPLICATION_ID or version != SCHEMA_VERSION or found != expected:
            raise sqlite3.DatabaseError("cấu trúc khác")
        return db

    def _create(self, db: Any) -> None:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("BEGIN IMMEDIATE")
        try:
            if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
                for statement in schema():
                    db.execute(statement)
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    # -- reading -------------------------------------------------------------------------------

    def _snapshot(self) -> None:
        """Read what the loader needs, in one read transaction."""
        if self._files is not None:
            return
        self._files, self._registry, self._checks = {}, None, None
        db = self._connection()
        if db is None:
            return
        import sqlite3

        try:
            db.execute("BEGIN")
            try:
                meta = dict(db.execute("SELECT name, value FROM meta"))
                if meta.get("format") == format_key():
                    self._files = {row[0]: row[1:] for row in db.execute(
                        "SELECT path, fingerprint, written_ns, checked_with, problems, head "
                        "FROM files")}
                    self._registry = db.execute(
                        "SELECT path, digest, agencies, successions, problems FROM registry").fetchone()
                    self._checks = db.execute("SELECT key, problems FROM checks").fetchone()
            finally:
                db.execute("COMMIT")
        except sqlite3.DatabaseError as error:
            self._files, self._registry, self._checks = {}, None, None
            notice(f"chỉ mục trong “{self.path}” {_why(error)}; dựng lại từ các tệp dữ liệu.")
            self._close()
            self._remove()

    def index(self, path: Path, status: os.stat_result, read: Callable[[], bytes],
              checked_with: str) -> tuple | None:
        """(key, head, problems) kept for `path` if the file is unchanged and its problems were
        found with the registry `checked_with` (a digest of agencies.yaml), else None. The head
        (hncc.data.dataset.head_of) is None for a file that is not a valid plan; its index is
        read when needed (`packed`).

        The stat fields decide, except for a file changed close to when its row was written,
        which is hashed (`read` gives its bytes).
        """
        self._snapshot()
        assert self._files is not None
        self._seen.add(row_name(path))
        row = self._files.get(row_name(path))
        if row is None or row[2] != checked_with:
            return None
        try:
            key, written_ns = tuple(orjson.loads(row[0])), int(row[1])
            if key[:5] != _stat_key(status):
                return None
            racy = max(status.st_mtime_ns, status.st_ctime_ns) >= written_ns - RACY_NS
            if racy and fingerprint(read(), status) != key:
                return None
            from hncc.data.dataset import head_from_json

            head = None if row[4] is None else head_from_json(orjson.loads(row[4]))
            return key, head, _problems(orjson.loads(row[3]))
        except (KeyError, TypeError, ValueError, RecursionError):
            return None

    def _row(self, path: Path, key: tuple, columns: str) -> tuple | None:
        """`columns` of the row of `path` if it is of exactly the file `key` describes (rows
        read after the snapshot are checked against the fingerprint it saw), else None."""
        db = self._connection()
        if db is None:
            return None
        import sqlite3

        try:
            row = db.execute(f"SELECT fingerprint, {columns} FROM files WHERE path = ?",
                             (row_name(path),)).fetchone()
            if row is None or tuple(orjson.loads(row[0])) != key:
                return None
        except (sqlite3.DatabaseError, TypeError, ValueError, RecursionError):
            return None
        return tuple(row[1:])

    def packed(self, path: Path, key: tuple) -> tuple | None:
        """The packed index of `path` (hncc.data.index.pack) if its row is of exactly the file
        `key` describes, else None."""
        row = self._row(path, key, "packed")
        if row is None or row[0] is None:
            return None
        try:
            packed = orjson.loads(row[0])
        except (ValueError, RecursionError):
            return None
        return tuple(packed) if isinstance(packed, list) else None

    def named(self, path: Path, key: tuple) -> tuple[str, ...] | None:
        """The agencies the plan in `path` names (hncc.data.dataset.PlanFile.named) if its row
        is of exactly the file `key` describes, else None. Those of every plan are read at the
        first call: the checks across files ask for them all."""
        if self._named is None:
            self._named = {}
            db = self._connection()
            if db is None:
                return None
            import sqlite3

            try:
                self._named = {row[0]: row[1:] for row in db.execute(
                    "SELECT path, fingerprint, named FROM files")}
            except sqlite3.DatabaseError:
                return None
        name = row_name(path)
        row = self._named.get(name)
        if row is None or row[1] is None:
            return None
        from hncc.data.dataset import named_from_json

        seen = (self._files or {}).get(name)  # the row the snapshot read, as its text
        try:
            if not ((seen is not None and seen[0] == row[0])
                    or tuple(orjson.loads(row[0])) == key):
                return None
            return named_from_json(orjson.loads(row[1]))
        except (TypeError, ValueError, RecursionError):
            return None

    def words(self, path: Path, key: tuple) -> str | None:
        """The words of the plan in `path` (hncc.data.index.words_of) if its row is of exactly
        the file `key` describes, else None."""
        row = self._row(path, key, "words")
        return row[0] if row is not None and isinstance(row[0], str) else None

    def plan(self, path: Path, key: tuple) -> Cached | None:
        """The full plan for `path` if it was made from exactly the file `key` describes; the
        model validates it again as it reads it."""
        row = self._row(path, key, "plan_format, problems, plan")
        if row is None or row[0] != plan_format_key():
            return None
        try:
            problems = _problems(orjson.loads(row[1]))
        except (KeyError, TypeError, ValueError, RecursionError):
            return None
        if row[2] is None:
            return Cached(None, problems)
        from pydantic import ValidationError

        from hncc.data.model import Plan

        try:
            return Cached(Plan.model_validate_json(row[2]), problems)
        except ValidationError:
            return None

    def registry(self, path: Path, digest: bytes) -> tuple[RegistryRecords, list[Problem]] | None:
        """The records and problems read before from exactly these bytes of agencies.yaml."""
        from hncc.domain.agencies import Agency, RegistryRecords, Succession

        self._snapshot()
        row = self._registry
        if not (row and row[0] == row_name(path) and row[1] == digest.hex()):
            return None
        try:
            return (RegistryRecords(_typed(list[Agency], orjson.loads(row[2])),
                                    _typed(list[Succession], orjson.loads(row[3]))),
                    _problems(orjson.loads(row[4])))
        except (KeyError, TypeError, ValueError, RecursionError):
            return None

    def checks(self, dataset_key: str) -> list[Problem] | None:
        """Cross-file problems found before for exactly this data (see loader)."""
        self._snapshot()
        row = self._checks
        if not (row and row[0] == dataset_key):
            return None
        try:
            return _problems(orjson.loads(row[1]))
        except (KeyError, TypeError, ValueError, RecursionError):
            return None

    # -- rows derived from groups of plans -----------------------------------------------------

    def derived(self, kind: str, wanted: dict[str, str],
                make: Callable[[list[str]], Iterable[DerivedGroup]],
                read: Callable[[Any], R], part: bool = False) -> R | None:
        """What `read(connection)` reads from the derived tables of `kind` (a key of DERIVED)
        once every group of plans in `wanted` (group -> signature) has the rows of that
        signature and no other group has any; None when the index cannot be used (the caller
        derives in memory).

        With `part` (the groups of the plans issued by an as-of date, hncc.data.dataset.
        Dataset.issued_by), the rows of other groups are kept, for the questions about every
        plan, and `read` sees only the groups `wanted`: in its transaction `work` and `shares`
        are temporary views of their rows (tasks and their states are read through `work`).

        Groups whose rows are missing or stale are made by `make(groups)` outside any
        transaction and written a batch at a time, each batch one transaction (groups another
        hncc wrote meanwhile are not written twice). `read` then runs in one read transaction
        that first checks again that every group has the wanted rows, so the answer is one
        state of the index even while another hncc writes it; if another wrote other versions
        meanwhile, None (the caller derives in memory).
        """
        if self._writing:
            self.flush()
        db = self._connection()
        if db is None:
            return None

        now = self._current(db, kind, wanted, read, part)
        if now is None or now[0] is None:
            return None if now is None else now[1]
        stale = now[0]
        batch: list[DerivedGroup] = []
        size = 0
        for made in make(stale):  # written a few hundred plans at a time: memory stays small
            batch.append(made)
            size += len(made[1])
            if size >= WRITE_BATCH:
                if not self._write_groups(kind, wanted, batch, False):
                    return None
                batch, size = [], 0
        if not self._write_groups(kind, wanted, batch, not part):
            return None
        now = self._current(db, kind, wanted, read, part)
        # None when another hncc wrote other versions meanwhile: the caller derives in memory
        return now[1] if now is not None and now[0] is None else None

    def _current(self, db: Any, kind: str, wanted: dict[str, str], read: Callable[[Any], R],
                 part: bool = False) -> tuple[list[str] | None, R | None] | None:
        """In one read transaction: when every group has the wanted rows and no other group
        has any (with `part`, whatever others have), (None, what `read` reads, of the wanted
        groups only with `part`); else (the groups whose rows are stale, None). None when the
        index cannot be read."""
        import sqlite3

        try:
            db.execute("BEGIN")
            try:
                meta = dict(db.execute("SELECT name, value FROM meta"))
                have = dict(db.execute("SELECT grp, signature FROM groups WHERE kind = ?",
                                       (kind,))) if meta.get("format") == format_key() else {}
                stale = [group for group, signature in wanted.items()
                         if have.get(group) != signature]
                if stale:
                    return stale, None
                if len(have) == len(wanted):
                    return None, read(db)
                if part:
                    return None, _read_part(db, kind, list(wanted), read)
                return stale, None
            finally:
                if db.in_transaction:
                    db.execute("COMMIT")
        except sqlite3.DatabaseError as error:
            self._failed(error)
            return None

    def _write_groups(self, kind: str, wanted: dict[str, str], made: list[DerivedGroup],
                      last: bool) -> bool:
        """Write the rows of these groups (those another hncc has not written meanwhile), and
        with `last` drop those of groups not `wanted`, in one transaction; False if the index
        cannot be written."""
        db = self._begin()
        if db is None:
            return False
        import sqlite3

        try:
            have = dict(db.execute("SELECT grp, signature FROM groups WHERE kind = ?", (kind,)))
            if last:
                for group in [g for g in have if g not in wanted]:
                    _drop_group(db, kind, group)
            for group, rows in made:
                if have.get(group) == wanted[group]:
                    continue  # written by another hncc meanwhile
                _drop_group(db, kind, group)
                db.execute("INSERT INTO groups VALUES (?, ?, ?)", (kind, group, wanted[group]))
                if kind == "tasks":
                    _insert_tasks(db, group, rows)
                elif rows:
                    marks = ", ".join("?" * (len(rows[0]) + 1))
                    db.executemany(f"INSERT INTO shares VALUES ({marks})",
                                   [(group, *row) for row in rows])
            if last and kind == "tasks":
                db.execute("DELETE FROM agency_lists WHERE id NOT IN "
                           "(SELECT agencies FROM work UNION "
                           "SELECT agencies FROM tasks WHERE agencies IS NOT NULL)")
            db.execute("COMMIT")
            self._writing = False
            return True
        except sqlite3.DatabaseError as error:
            self._failed(error)
            return False

    # -- writing -------------------------------------------------------------------------------

    def _begin(self) -> Any:
        """The connection inside this run's write transaction (begun on the first write), or
        None when the index cannot be written this time."""
        if self._writing:
            return self._db
        if self._write_failed:
            return None
        db = self._connection()
        if db is None:
            return None
        import sqlite3

        try:
            db.execute("BEGIN IMMEDIATE")
            meta = dict(db.execute("SELECT name, value FROM meta"))
            if meta.get("format") != format_key():  # written by another hncc: start afresh
                for table in (*ROW_TABLES, *DERIVED_TABLES, "files", "registry", "checks", "meta"):
                    db.execute(f"DELETE FROM {table}")
                db.execute("INSERT INTO meta VALUES ('format', ?)", (format_key(),))
        except sqlite3.DatabaseError as error:
            self._failed(error)
            return None
        self._writing = True
        return db

    def _failed(self, error: Exception) -> None:
        """A write that did not succeed: the transaction is rolled back, nothing is kept."""
        import sqlite3

        self._write_failed, self._writing = True, False
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
        if isinstance(error, sqlite3.OperationalError) and (
                "locked" in str(error) or "busy" in str(error)):
            notice(f"chỉ mục trong “{self.path}” đang bị một tiến trình hncc khác khóa; "
                    "lần này không cập nhật.")
        elif isinstance(error, sqlite3.OperationalError):
            notice(f"không ghi được chỉ mục “{self.path}”: {_why(error)}.")
        else:
            notice(f"chỉ mục trong “{self.path}” {_why(error)}; lần sau dựng lại.")
            self._close()
            self._remove()

    def put(self, path: Path, key: tuple, result: Cached, packed: Any, checked_with: str,
            made: Made | None = None) -> None:
        """Replace the rows of one plan file with what reading it produced (written in this
        run's transaction, committed by `flush`). `made`: the plan's JSON and rows, when a
        worker process made them already (`make`)."""
        self._snapshot()
        self._seen.add(row_name(path))
        db = self._begin()
        if db is None:
            return
        made = made or make(result.plan, packed)
        import sqlite3

        try:
            _drop(db, row_name(path))
            file = db.execute(
                "INSERT INTO files(path, fingerprint, written_ns, checked_with, problems, plan_key, "
                "head, named, packed, words, plan_format, plan) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (row_name(path), _json(list(key)), time.time_ns(), checked_with,
                 _json(_plain(result.problems)), packed[0] if packed is not None else None,
                 made.head, made.named,
                 made.packed, made.words, plan_format_key() if made.plan is not None else None, made.plan),
            ).lastrowid
            for table, rows in zip(ROW_TABLES, made.rows, strict=True):
                if rows:
                    marks = ", ".join("?" * (len(rows[0]) + 1))
                    db.executemany(f"INSERT INTO {table} VALUES ({marks})",
                                   [(file, *row) for row in rows])
        except sqlite3.DatabaseError as error:
            self._failed(error)

    def put_registry(self, path: Path, digest: bytes, records: RegistryRecords,
                     problems: list[Problem]) -> None:
        self._pending_registry = (row_name(path), digest.hex(), _json(_plain(records.agencies)),
                                  _json(_plain(records.successions)), _json(_plain(problems)))

    def put_checks(self, dataset_key: str, problems: list[Problem]) -> None:
        self._pending_checks = (dataset_key, _json(_plain(problems)))

    def flush(self) -> None:
        """Drop the rows of files that are gone, write the registry and the checks' results,
        and commit: the whole update is one transaction. A locked or broken index is left as it
        is (the next run tries again)."""
        self._snapshot()
        assert self._files is not None
        gone = [path for path in self._files if path not in self._seen]
        if self._writing or gone or self._pending_registry or self._pending_checks:
            self._commit(gone)
        self.release()

    def release(self) -> None:
        """Close the connection (outside a write transaction): what is asked later opens the
        index again. No connection outlives the load that needed it, and none is open when
        worker processes are forked."""
        if not self._writing:
            self._close()
            self._tried = False

    def _commit(self, gone: list[str]) -> None:
        db = self._begin()
        if db is None:
            return
        import sqlite3

        try:
            for path in gone:
                _drop(db, path)
            if self._pending_registry is not None:
                db.execute("DELETE FROM registry")
                db.execute("INSERT INTO registry VALUES (?, ?, ?, ?, ?)", self._pending_registry)
            if self._pending_checks is not None:
                db.execute("DELETE FROM checks")
                db.execute("INSERT INTO checks VALUES (?, ?)", self._pending_checks)
            db.execute("COMMIT")
            self._writing = False
        except sqlite3.DatabaseError as error:
            self._failed(error)
        self._pending_registry = self._pending_checks = None


def _read_part(db: Any, kind: str, groups: list[str], read: Callable[[Any], R]) -> R:
    """What `read(db)` reads of the derived rows of `kind` of these `groups` only: the tables
    with a group (`work`, `shares`) are shadowed, while it reads, by temporary views of their
    rows (SQLite looks a name up in `temp` first); the views are dropped after."""
    shadowed = [table for table in DERIVED[kind] if table in ("work", "shares")]
    db.execute("CREATE TEMP TABLE part_groups(grp TEXT PRIMARY KEY)")
    try:
        db.executemany("INSERT INTO temp.part_groups VALUES (?)", [(g,) for g in groups])
        for table in shadowed:
            db.execute(f"CREATE TEMP VIEW {table} AS SELECT * FROM main.{table} "
                       "WHERE grp IN (SELECT grp FROM temp.part_groups)")
        return read(db)
    finally:
        for table in shadowed:
            db.execute(f"DROP VIEW IF EXISTS temp.{table}")
        db.execute("DROP TABLE IF EXISTS temp.part_groups")


def _drop_group(db: Any, kind: str, group: str) -> None:
    """Remove the derived rows of one kind of one group of plans."""
    if kind == "tasks":
        db.execute("DELETE FROM task_states WHERE task IN (SELECT t.id FROM tasks t JOIN work w "
                   "ON w.id = t.work WHERE w.grp = ?)", (group,))
        db.execute("DELETE FROM tasks WHERE work IN (SELECT id FROM work WHERE grp = ?)",
                   (group,))
    for table in DERIVED[kind]:
        if table in ("work", "shares"):
            db.execute(f"DELETE FROM {table} WHERE grp = ?", (group,))
    db.execute("DELETE FROM groups WHERE kind = ? AND grp = ?", (kind, group))


def _insert_tasks(db: Any, group: str, works: list) -> None:
    """Insert one group's work, tasks and task states (see DerivedGroup)."""
    next_work, next_task = (db.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")
                            .fetchone()[0] for table in ("work", "tasks"))
    lists = {work[AGENCIES_AT] for work, _ in works} | {
        task[TASK_AGENCIES_AT] for _, occurrences in works for task, _ in occurrences
        if task[TASK_AGENCIES_AT] is not None}
    db.executemany("INSERT OR IGNORE INTO agency_lists(agencies) VALUES (?)",
                   [(text,) for text in lists])
    ids = dict(db.execute("SELECT agencies, id FROM agency_lists WHERE agencies IN "
                          "(SELECT value FROM json_each(?))", (_json(sorted(lists)),)))
    marks = ", ".join("?" * (len(works[0][0]) + 2)) if works else ""
    db.executemany(f"INSERT INTO work VALUES ({marks})",
                   [(next_work + i, group, *work[:AGENCIES_AT], ids[work[AGENCIES_AT]],
                     *work[AGENCIES_AT + 1:]) for i, (work, _) in enumerate(works)])
    tasks = [(next_work + i, task, states) for i, (_, occurrences) in enumerate(works)
             for task, states in occurrences]
    db.executemany("INSERT INTO tasks VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [(next_task + i, work, *task[:TASK_AGENCIES_AT],
                     None if task[TASK_AGENCIES_AT] is None else ids[task[TASK_AGENCIES_AT]])
                    for i, (work, task, _) in enumerate(tasks)])
    db.executemany("INSERT INTO task_states VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   [(next_task + i, *state) for i, (_, _, states) in enumerate(tasks)
                    for state in states])


# One group of plans' derived rows of one kind: (group, rows). Tasks: [(work row, [(task row,
# [state rows])])], the columns of `work` after id and grp, of `tasks` after id and work, of
# `task_states` after task. Budget: the rows of `shares` after grp.
DerivedGroup = tuple[str, list]


def _drop(db: Any, path: str) -> None:
    """Remove every row of one file."""
    found = db.execute("SELECT id FROM files WHERE path = ?", (path,)).fetchone()
    if found is None:
        return
    for table in ROW_TABLES:
        db.execute(f"DELETE FROM {table} WHERE file = ?", found)
    db.execute("DELETE FROM files WHERE id = ?", found)


class Made(NamedTuple):
    """What the index keeps of one plan besides its problems, ready to insert: the compact
    index and the plan as JSON, and the plain rows of ROW_TABLES (without their file id)."""

    packed: str | None  # without the words (`words`), which only `show` and reports read
    words: str | None
    plan: bytes | None
    rows: tuple[list[tuple], list[tuple], list[tuple], list[tuple]]
    head: str | None  # JSON of hncc.data.dataset.head_of
    named: str | None  # JSON of hncc.data.dataset.named_of


def head_of_made(made: Made) -> Head:
    """The head a worker process made, as the loader keeps it."""
    from hncc.data.dataset import head_from_json

    assert made.head is not None
    return head_from_json(orjson.loads(made.head))


def named_of_made(made: Made) -> tuple[str, ...]:
    """The agencies named in the plan a worker process made (PlanFile.named)."""
    from hncc.data.dataset import named_from_json

    assert made.named is not None
    return named_from_json(orjson.loads(made.named))


def _iso(ordinal: int | None) -> str | None:
    return None if ordinal is None else dt.date.fromordinal(ordinal).isoformat()


def make(plan: Plan | None, packed: Any) -> Made:
    """The Made of one plan (its packed index from hncc.data.index.pack): in a worker process
    on a cold load, so that the main process only inserts."""
    plan_json = None if plan is None else \
        plan.model_dump_json(by_alias=True, exclude_unset=True).encode()
    if packed is None:
        return Made(None, None, plan_json, ([], [], [], []), None, None)
    from hncc.data.dataset import head_of, named_of
    from hncc.data.index import EntryIndex, PlanIndex, unpack

    ref_at, dues_at, updates_at = (EntryIndex._fields.index(name)
                                   for name in ("ref", "due_ordinals", "update_ordinals"))
    lead_at, cooperating_at = EntryIndex._fields.index("lead"), EntryIndex._fields.index("cooperating")
    entries, occurrences, updates, roles = [], [], [], []
    for entry in packed[3]:
        entries.append(tuple(_json(v) if isinstance(v, (tuple, list)) else v for v in entry))
        ref = entry[ref_at]
        occurrences += [(ref, _iso(due), _iso(start), year, int(bool(approximate)), month)
                        for due, start, year, approximate, month in entry[dues_at]]
        updates += [(ref, _iso(date), status_, year, month)
                    for date, status_, year, month in entry[updates_at]]
        roles += [(ref, "lead", name) for name in entry[lead_at]]
        roles += [(ref, "cooperating", name) for name in entry[cooperating_at]]
    words_at = PlanIndex._fields.index("words")
    plan_index = unpack(packed)
    return Made(_json((*packed[:words_at], "", *packed[words_at + 1:])), packed[words_at],
                plan_json, (entries, occurrences, updates, roles),
                _json(tuple(head_of(plan_index))), _json(named_of(plan_index)))


def _json(record: Any) -> str:
    return orjson.dumps(record).decode()
