"""From files to a validated model: read every file of a data root, run the checks, collect problems.

Loading never raises for bad data: like beancount's loader, `load` returns what loaded and every
problem found, each with its file, line and column, together (`Loaded`). Only programming errors
raise.

Files the cache answers for are not parsed at all: a warm run reads the registry and the plans'
indexes from the cache, and the checks' results too, and imports neither the YAML parser nor
Pydantic (hncc.data.parsing does that, for the files that need it).
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from hncc.data import cache, index
from hncc.data.dataset import Dataset, PlanFile, SourceFile
from hncc.data.files import AGENCIES_FILE, PLANS_DIR, is_plan_name, plan_files, too_large
from hncc.domain.agencies import Registry
from hncc.domain.problems import Problem, Severity

if TYPE_CHECKING:
    from hncc.data.model import Plan


class Loaded(NamedTuple):
    """What `load` returns: the dataset and every problem found in it, sorted."""

    dataset: Dataset
    problems: list[Problem]


def _too_large(path: Path, size: int) -> Problem | None:
    reason = too_large(size)
    return Problem(path, 1, 1, "file-too-large", reason) if reason else None


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


def _refusal(path: Path, data_dir: Path, given: dict[Path, bytes] | None) -> Problem | None:
    """Why `path` is not read at all: a link out of the data root, or a file over the size limit."""
    if given is not None:
        return _too_large(path, len(given[path]))
    return _outside(path, data_dir) or _too_large(path, path.stat().st_size)


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
            records, problems = hit
            return SourceFile(path), Registry(*records), problems
        from hncc.data import parsing  # only when the cache cannot answer
        source, records, problems = parsing.read_registry(path, raw)
        if self.cache is not None:
            self.cache.put_registry(path, digest, records, problems)
        return source, Registry(*records), problems

    def plan_file(self, path: Path) -> tuple[PlanFile | None, list[Problem]]:
        """The plan in `path` (None if invalid) and the problems of that file alone."""
        if self.cache is None:
            raw = self.raw(path)
            assert raw is not None  # listed a moment ago
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
        plan_cache = self.cache
        assert plan_cache is not None  # full plans are loaded lazily only from the cache

        def load_plan() -> Plan:
            cached = plan_cache.plan(path, key)
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
         progress: Progress | None = None) -> Loaded:
    """The registry and every plan under `data_dir`, with every problem: the files' own and the
    checks' across files (hncc.data.checks.ALWAYS).

    With `files` (path below `data_dir` -> bytes), the data root is exactly those files, read from
    memory instead of the disk: an edit before it is written, or a git revision. Plans read from
    disk go through the cache (hncc.data.cache) unless it is turned off, and so do the checks'
    results, keyed on every file read. `progress` is told after each plan file.
    """
    with _collector_paused():
        dataset, file_problems, reader = _read(data_dir, files, progress)
        checks_key = hashlib.blake2b(repr((cache.format_key(), reader.fingerprints)).encode()).hexdigest()
        found = reader.cache.checks(checks_key) if reader.cache is not None else None
        if found is None:
            from hncc.data import checks  # a warm run has the checks' results from the cache

            found = checks.run(dataset)
            if reader.cache is not None:
                reader.cache.put_checks(checks_key, found)
    return Loaded(dataset, sorted(file_problems + found))


def read_files(data_dir: Path, files: dict[Path, bytes] | None = None) -> Loaded:
    """Like `load`, without the checks across files: for what needs only the registry or the
    plans' names (shell completion, `hncc import`); its problems are the files' own."""
    with _collector_paused():
        dataset, file_problems, _ = _read(data_dir, files, None)
    return Loaded(dataset, sorted(file_problems))


def _read(data_dir: Path, given: dict[Path, bytes] | None,
          progress: Progress | None) -> tuple[Dataset, list[Problem], _Reader]:
    reader = _Reader(data_dir, given)
    agencies_path = data_dir / AGENCIES_FILE
    problems: list[Problem] = []
    refused = _refusal(agencies_path, data_dir, given) if reader.exists(agencies_path) else None
    agencies_raw = None if refused else reader.raw(agencies_path)
    agencies_source, registry, found = reader.registry(agencies_path, agencies_raw)
    problems += [refused] if refused else found
    plans: list[PlanFile] = []
    paths = plan_files(data_dir, given)
    for position, path in enumerate(paths):
        if progress is not None:
            progress(position, len(paths))
        problem = None
        if not is_plan_name(path):
            problem = Problem(path, 0, 0, "not-a-plan-file",
                              "Tệp không có đuôi .yaml nên không được đọc như một kế hoạch.",
                              Severity.WARNING)
        problem = _refusal(path, data_dir, given) or problem
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
    if given is None:
        agencies_source.text = None  # positions are looked up again from disk if needed
    loaded = {plan_file.path for plan_file in plans}
    left_out = sorted({p.file for p in problems if p.severity is Severity.ERROR
                       and p.file.parent == data_dir / PLANS_DIR} - loaded)
    dataset = Dataset(data_dir, registry, agencies_source, plans, given, tuple(left_out))
    return dataset, problems, reader
