"""From files to a validated model: find the data root, read every file, collect problems.

Loading never raises for bad data: it returns what loaded and a list of problems, each with its
file, line and column. Only programming errors raise.

Files the cache answers for are not parsed at all: a warm run reads the registry and the plans'
indexes from the cache and imports neither the YAML parser nor Pydantic (hncc.parsing does that,
for the files that need it).
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from hncc.data import cache, index
from hncc.data.index import PlanIndex
from hncc.domain.agencies import Registry
from hncc.domain.problems import Problem, Severity

if TYPE_CHECKING:
    from hncc.data import yamlio
    from hncc.data.model import Plan

DATA_DIR = "data"
AGENCIES_FILE = "agencies.yaml"
PLANS_DIR = "plans"
PLAN_SUFFIXES = (".yaml", ".yml")
DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024
_SIZE_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "kib": 1024, "m": 1024 ** 2, "mb": 1024 ** 2,
               "mib": 1024 ** 2, "g": 1024 ** 3, "gb": 1024 ** 3, "gib": 1024 ** 3}


def file_size(text: str) -> int:
    """A size as people write it: "5000000", "5MB", "5 MiB", "512k", "1,5 MB" (units of 1024).

    Raises ValueError when `text` is no size.
    """
    number, unit = text.strip(), ""
    while number and number[-1].isalpha():
        number, unit = number[:-1], number[-1] + unit
    scale = _SIZE_UNITS.get(unit.lower())
    digits = number.strip().replace(",", ".")
    if scale is None or not digits or not digits.replace(".", "", 1).isdigit():
        raise ValueError(text)
    return int(float(digits) * scale)


def _max_file_bytes() -> tuple[int, str | None]:
    """The limit from HNCC_MAX_FILE_BYTES, and a message when the setting cannot be read."""
    written = os.environ.get("HNCC_MAX_FILE_BYTES", "")
    if not written.strip():
        return DEFAULT_MAX_FILE_BYTES, None
    try:
        return file_size(written), None
    except ValueError:
        return DEFAULT_MAX_FILE_BYTES, (
            f"HNCC_MAX_FILE_BYTES=“{written}” không phải một cỡ tệp (ví dụ 5000000, 5MB, 512KB); "
            "dùng giới hạn mặc định 5 MB.")


MAX_FILE_BYTES, SETTING_PROBLEM = _max_file_bytes()


class RootNotFound(Exception):
    """No data root where one was looked for."""


def find_root(start: Path, explicit: Path | None = None) -> Path:
    """The data folder: `explicit` (--root or HNCC_ROOT), else the nearest `data/` upwards.

    `explicit` may name the project folder (holding `data/`) or the data folder itself.
    """
    if explicit is not None:
        for candidate in (explicit / DATA_DIR, explicit):
            if (candidate / AGENCIES_FILE).is_file() or (candidate / PLANS_DIR).is_dir():
                return candidate
        raise RootNotFound(f"“{explicit}” không chứa dữ liệu hncc ({DATA_DIR}/{AGENCIES_FILE}).")
    for folder in (start, *start.parents):
        candidate = folder / DATA_DIR
        if (candidate / AGENCIES_FILE).is_file() or (candidate / PLANS_DIR).is_dir():
            return candidate
    raise RootNotFound(
        f"Không tìm thấy thư mục dữ liệu “{DATA_DIR}/” từ “{start}” trở lên. Chạy hncc trong "
        "kho dữ liệu, hoặc chỉ ra bằng --root THƯ_MỤC hay biến môi trường HNCC_ROOT."
    )


@dataclass
class SourceFile:
    """One data file: its path and, on demand, the positions of its YAML nodes."""

    path: Path
    text: str | None = None
    _locator: yamlio.Locator | None = field(default=None, repr=False)

    def problem(self, path: tuple, code: str, message: str,
                severity: Severity = Severity.ERROR) -> Problem:
        if self._locator is None:
            from hncc.data import yamlio  # positions are looked up only for problems

            self._locator = yamlio.Locator(self.text if self.text is not None else _reread(self.path))
        line, column = self._locator.locate(path)
        return Problem(self.path, line, column, code, message, severity)

    def at(self, line: int, column: int, code: str, message: str,
           severity: Severity = Severity.ERROR) -> Problem:
        return Problem(self.path, line, column, code, message, severity)


def _reread(path: Path) -> str:
    from hncc.data.parsing import decode

    text, _ = decode(path.read_bytes())
    return text or ""


class PlanFile:
    """One valid plan file: its index, always loaded, and its full plan, loaded when first used.

    On a warm run the full plan stays on disk (in the cache) until something needs its words;
    task lists need only the index (hncc.index).
    """

    def __init__(self, source: SourceFile, index: PlanIndex, plan: Plan | None = None,
                 load_plan: Callable[[], Plan] | None = None) -> None:
        self.source = source
        self.index = index
        self._plan = plan
        self._load_plan = load_plan

    @classmethod
    def from_plan(cls, source: SourceFile, plan: Plan) -> PlanFile:
        return cls(source, index.build(plan), plan=plan)

    @property
    def path(self) -> Path:
        return self.source.path

    @property
    def key(self) -> str:
        return self.index.key

    @property
    def number(self) -> str:
        return self.index.number

    @property
    def year(self) -> int:
        return self.index.year

    @property
    def plan(self) -> Plan:
        if self._plan is None:
            self._plan = self._load_plan()
        return self._plan


@dataclass
class Dataset:
    """Everything under one data root that loaded, and every problem found on the way."""

    root: Path
    registry: Registry
    agencies_source: SourceFile
    plans: list[PlanFile]
    file_problems: list[Problem]
    checks_key: str | None = None        # identifies exactly these files, for the cache
    plan_cache: cache.PlanCache | None = None
    memory: dict[Path, bytes] | None = None  # the files when given in memory, not read from disk

    @cached_property
    def problems(self) -> list[Problem]:
        """Problems of the files themselves and of the checks across them, sorted."""
        found = self.plan_cache.checks(self.checks_key) if self.plan_cache and self.checks_key else None
        if found is None:
            from hncc.data import checks

            with _collector_paused():  # the checks load every full plan
                found = checks.run(self)
            if self.plan_cache and self.checks_key:
                self.plan_cache.put_checks(self.checks_key, found)
        return sorted(self.file_problems + found)

    def find_plans(self, number: str, year: int | None = None) -> list[PlanFile]:
        return [
            pf for pf in self.plans
            if pf.number.casefold() == number.casefold() and year in (None, pf.year)
        ]


def too_large(path: Path, size: int) -> Problem | None:
    if size <= MAX_FILE_BYTES:
        return None
    return Problem(path, 1, 1, "file-too-large",
                   f"Tệp lớn {size:,} byte, quá giới hạn {MAX_FILE_BYTES:,} byte; một kế hoạch không "
                   "lớn như vậy. Kiểm tra tệp (đặt HNCC_MAX_FILE_BYTES để nâng giới hạn).")


def _outside(path: Path, data_dir: Path) -> Problem | None:
    """A link that leads out of the data root is refused: hncc reads only the data it is given."""
    if not path.is_symlink() and not path.parent.is_symlink():
        return None
    target = path.resolve()
    if target.is_relative_to(data_dir.resolve()):
        return None
    return Problem(path, 0, 0, "link-outside-root",
                   f"“{path.name}” là liên kết trỏ ra ngoài thư mục dữ liệu (tới {target}); hncc "
                   "không đọc tệp ngoài thư mục dữ liệu. Chép tệp vào đây thay cho liên kết.")


def _refusal(path: Path, data_dir: Path, files: dict[Path, bytes] | None) -> Problem | None:
    """Why `path` is not read at all: a link out of the data root, or a file over the size limit."""
    if files is not None:
        return too_large(path, len(files[path]))
    return _outside(path, data_dir) or too_large(path, path.stat().st_size)


def _plan_paths(plans_dir: Path, files: dict[Path, bytes] | None) -> list[Path]:
    if files is not None:
        return sorted(p for p in files if p.parent == plans_dir)
    if not plans_dir.is_dir():
        return []
    return sorted(p for p in plans_dir.iterdir() if p.is_file())


def _parse_plan(path: Path, raw: bytes) -> tuple[SourceFile, cache.Cached]:
    from hncc.data import parsing  # only for files the cache cannot answer for
    return parsing.read_plan(path, raw)


class _Reader:
    """Reads one data root's plan files from disk through the cache, or from memory."""

    def __init__(self, data_dir: Path, files: dict[Path, bytes] | None) -> None:
        self.data_dir = data_dir
        self.files = files
        self.cache = cache.PlanCache(data_dir) if files is None and cache.enabled() else None
        self.fingerprints: list[tuple] = []  # of every file read, for the cross-file checks' key

    def exists(self, path: Path) -> bool:
        return path in self.files if self.files is not None else path.is_file()

    def raw(self, path: Path) -> bytes | None:
        if self.files is not None:
            return self.files.get(path)
        return path.read_bytes() if path.is_file() else None

    def registry(self, path: Path, raw: bytes | None) -> tuple[SourceFile, Registry, list[Problem]]:
        """The registry in agencies.yaml (`raw`: its bytes, None if missing or refused) and its
        problems."""
        digest = hashlib.blake2b(raw or b"").digest()
        self.fingerprints.append(("agencies", digest))
        if raw is None:
            return SourceFile(path), Registry([]), [Problem(
                path, 0, 0, "missing-file",
                f"Thiếu tệp danh mục cơ quan “{AGENCIES_FILE}” trong {self.data_dir}.")]
        hit = self.cache.registry(path, digest) if self.cache is not None else None
        if hit is not None:
            agencies, problems = hit
            return SourceFile(path), Registry(agencies), problems
        from hncc.data import parsing  # only when the cache cannot answer
        source, agencies, problems = parsing.read_registry(path, raw)
        if self.cache is not None:
            self.cache.put_registry(path, digest, agencies, problems)
        return source, Registry(agencies), problems

    def plan_file(self, path: Path) -> tuple[PlanFile | None, list[Problem]]:
        """The plan in `path` (None if invalid) and the problems of that file alone."""
        if self.cache is None:
            raw = self.raw(path)
            source, result = _parse_plan(path, raw)
            self.fingerprints.append((str(path), hashlib.blake2b(raw).digest()))
            if self.files is None:
                source.text = None  # positions are looked up again from disk if needed
            # Text from memory (an edit, a git revision) is kept: positions cannot be re-read.
            return self._from_result(source, result)
        stat = path.stat()
        hit = self.cache.index(path, stat, path.read_bytes)
        if hit is not None:
            key, packed, problems = hit
            self.fingerprints.append((str(path), key))
            if packed is None:
                return None, problems
            plan_index = index.unpack(packed)
            return PlanFile(SourceFile(path), plan_index, load_plan=self._lazy(path, key)), problems
        raw = path.read_bytes()
        key = cache.fingerprint(raw, stat)
        _, result = _parse_plan(path, raw)
        plan_file, problems = self._from_result(SourceFile(path), result)
        self.cache.put(path, key, result, index.pack(plan_file.index) if plan_file else None)
        self.fingerprints.append((str(path), key))
        return plan_file, problems

    @staticmethod
    def _from_result(source: SourceFile, result: cache.Cached) -> tuple[PlanFile | None, list[Problem]]:
        if result.plan is None:
            return None, result.problems
        return PlanFile.from_plan(source, result.plan), result.problems

    def _lazy(self, path: Path, key: tuple) -> Callable[[], Plan]:
        def load_plan() -> Plan:
            cached = self.cache.plan(path, key)
            plan = cached.plan if cached is not None else _parse_plan(path, path.read_bytes())[1].plan
            if plan is None:
                raise RuntimeError(f"{path} changed while hncc was running; run the command again")
            return plan
        return load_plan


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Keep Python's cyclic garbage collector off the objects a bulk load keeps.

    Loading thousands of plans allocates millions of objects that all stay alive, and the
    collector would walk that growing heap again and again (a quarter of a cold load). Inside
    this block, `settle()` after each file collects that file's garbage and moves what survived
    out of the collector's sight (gc.freeze); everything is handed back at the end.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def settle() -> None:
    """Inside _collector_paused: collect the garbage of the file just read (only the young
    generations, so only that file's objects are scanned), then put what survived out of the
    collector's sight."""
    gc.collect(1)
    gc.freeze()


Progress = Callable[[int, int], None]  # (plan files read and validated so far, all of them)


def load(data_dir: Path, files: dict[Path, bytes] | None = None,
         progress: Progress | None = None) -> Dataset:
    """Load the registry and every plan under `data_dir`; checks run when problems are asked for.

    With `files` (path below `data_dir` -> bytes), the data root is exactly those files, read from
    memory instead of the disk: an edit before it is written, or a git revision. Plans read from
    disk go through the cache (hncc.cache) unless it is turned off. `progress` is told after
    each plan file.
    """
    with _collector_paused():
        return _load(data_dir, files, progress)


def _load(data_dir: Path, files: dict[Path, bytes] | None, progress: Progress | None) -> Dataset:
    reader = _Reader(data_dir, files)
    agencies_path = data_dir / AGENCIES_FILE
    problems: list[Problem] = []
    refused = _refusal(agencies_path, data_dir, files) if reader.exists(agencies_path) else None
    agencies_raw = None if refused else reader.raw(agencies_path)
    agencies_source, registry, found = reader.registry(agencies_path, agencies_raw)
    problems += [refused] if refused else found
    plans: list[PlanFile] = []
    paths = _plan_paths(data_dir / PLANS_DIR, files)
    for position, path in enumerate(paths):
        if progress is not None:
            progress(position, len(paths))
        if path.name.startswith("."):
            continue
        problem = None
        if path.suffix not in PLAN_SUFFIXES:
            problem = Problem(path, 0, 0, "not-a-plan-file",
                              "Tệp không có đuôi .yaml nên không được đọc như một kế hoạch.",
                              Severity.WARNING)
        problem = _refusal(path, data_dir, files) or problem
        if problem is not None:
            problems.append(problem)
            reader.fingerprints.append((str(path), problem.code))
            continue
        plan_file, found = reader.plan_file(path)
        problems += found
        settle()
        if plan_file is not None:
            plans.append(plan_file)
    if progress is not None:
        progress(len(paths), len(paths))
    plans.sort(key=lambda pf: (pf.year, pf.number))
    if files is None:
        agencies_source.text = None  # positions are looked up again from disk if needed
    checks_key = hashlib.blake2b(repr((cache.format_key(), reader.fingerprints)).encode()).hexdigest()
    return Dataset(data_dir, registry, agencies_source, plans, problems, checks_key, reader.cache,
                   files)
