"""From files to a validated model: read every file of a data root, run the checks, collect problems.

Loading never raises for bad data: like beancount's loader, `load` returns what loaded and every
problem found, each with its file, line and column, together (`Loaded`). Only programming errors
raise.

Files the cache answers for are not parsed at all: a warm run reads the registry and the plans'
indexes from the cache, and the checks' results too, and imports neither the YAML parser nor
Pydantic (hncc.data.parsing does that, for the files that need it).
"""

from __future__ import annotations

import contextlib
import gc
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from hncc.data import cache, files, index
from hncc.data.cache import blake2b
from hncc.data.dataset import Dataset, PlanFile, SourceFile
from hncc.data.files import AGENCIES_FILE, PLANS_DIR, is_plan_name, plan_files, too_large
from hncc.data.index import PlanIndex
from hncc.domain.agencies import Registry, RegistryRecords
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


def _outside(path: Path, data_dir: Path, links: dict[Path, bool] | None = None
             ) -> Problem | None:
    """A link that leads out of the data root is refused: hncc reads only the data it is given.
    `links`: whether paths are links, as far as already known (filled in as they are asked)."""
    known = {} if links is None else links
    if not _is_link(path, known) and not _is_link(path.parent, known):
        return None
    target = path.resolve()
    if target.is_relative_to(data_dir.resolve()):
        return None
    return Problem(path, 0, 0, "link-outside-root",
                   f"“{path.name}” là liên kết trỏ ra ngoài thư mục dữ liệu (tới {target}); hncc "
                   "không đọc tệp ngoài thư mục dữ liệu. Chép tệp vào đây thay cho liên kết.")


def _is_link(path: Path, known: dict[Path, bool]) -> bool:
    """Whether `path` is a symbolic link, asked of the system once (`known`)."""
    found = known.get(path)
    if found is None:
        found = known[path] = path.is_symlink()
    return found


def _refusal(path: Path, data_dir: Path, given: dict[Path, bytes] | None,
             status: os.stat_result | None = None,
             links: dict[Path, bool] | None = None,
             folder_link: bool | None = None) -> Problem | None:
    """Why `path` is not read at all: a link out of the data root, or a file over the size limit.
    `status`: the file's own (not followed) stat, when already known; `links`: see _outside;
    `folder_link`: whether the file's folder is a link, when already known."""
    if given is not None:
        return _too_large(path, len(given[path]))
    if status is not None and not stat.S_ISLNK(status.st_mode):
        if folder_link is False:  # neither the file nor its folder is a link: inside the root
            return _too_large(path, status.st_size)
        links = {} if links is None else links
        links[path] = False
        return _outside(path, data_dir, links) or _too_large(path, status.st_size)
    return _outside(path, data_dir, links) or _too_large(path, path.stat().st_size)


def _parse_plan(path: Path, raw: bytes) -> tuple[SourceFile, cache.Cached]:
    from hncc.data import parsing  # only for files the cache cannot answer for
    return parsing.read_plan(path, raw)


class DataChanged(Exception):
    """A plan file changed while a command was reading it: the command stops rather than mix two
    versions (the message is for users)."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"tệp “{path}” vừa thay đổi trong khi hncc đang đọc dữ liệu; chạy lại "
                         "lệnh để có kết quả theo dữ liệu mới.")


def _not_a_plan(path: Path) -> str:
    """Why a file in the plans folder is not read, and, for "x.yaml.txt" (Notepad adds ".txt"
    when saving "All files" is not chosen), what to do."""
    said = "Tệp không có đuôi .yaml nên không được đọc như một kế hoạch."
    if is_plan_name(path.with_suffix("")):
        said += (f" Có lẽ trình soạn thảo (Notepad) đã thêm đuôi “{path.suffix}” khi lưu: đổi tên "
                 f"tệp thành “{path.with_suffix('').name}”.")
    return said


def unreadable(path: Path, error: OSError) -> Problem:
    """A plan file that was listed but could not be read (gone meanwhile, no permission)."""
    return Problem(path, 0, 0, "unreadable-file",
                   f"Không đọc được tệp “{path.name}” ({files.read_reason(error)}). Kiểm tra tệp còn "
                   "đó và người dùng này được phép đọc nó.")


def _checked(source: SourceFile, result: cache.Cached, registry: Registry
             ) -> tuple[PlanFile | None, list[Problem]]:
    """The plan file of a parse result and its problems: its own and the PER_PLAN checks'."""
    if result.plan is None:
        return None, result.problems
    from hncc.data import checks  # only for files the cache cannot answer for

    plan_file = PlanFile.from_plan(source, result.plan)
    return plan_file, result.problems + checks.run_on_plan(plan_file, registry)


# -- worker processes ---------------------------------------------------------------------------

_worker_registry: Registry | None = None
_worker_keeps_plans = True


def _start_worker(records: RegistryRecords, keep_plans: bool) -> None:
    global _worker_registry, _worker_keeps_plans
    _worker_registry, _worker_keeps_plans = Registry(*records), keep_plans


def _read_in_worker(name: str) -> tuple:
    """Read, validate, index and check one plan file in a worker process; return compact rows:
    (fingerprint, packed index or None, problems, what the index keeps of it or None)."""
    assert _worker_registry is not None
    path = Path(name)
    try:
        stat = path.stat()
        raw = path.read_bytes()
    except OSError as error:
        return None, None, [unreadable(path, error)], None
    source, result = _parse_plan(path, raw)
    plan_file, problems = _checked(source, result, _worker_registry)
    packed = index.pack(plan_file.index) if plan_file is not None else None
    made = cache.make(result.plan, packed) if _worker_keeps_plans else None
    return cache.fingerprint(raw, stat), packed, problems, made


PARALLEL_FROM = 8  # fewer files than this are read in the main process: starting workers costs more


def workers() -> int:
    """How many worker processes read files on a cold load: HNCC_WORKERS, or one per core."""
    explicit = os.environ.get("HNCC_WORKERS", "").strip()
    if explicit.isdigit() and int(explicit) > 0:
        return int(explicit)
    if explicit:
        cache.notice(f"HNCC_WORKERS=“{explicit}” không phải một số nguyên dương; dùng một tiến "
                     "trình đọc cho mỗi lõi.")
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class _Reader:
    """Reads one data root's plan files from disk through the index, or from memory."""

    def __init__(self, data_dir: Path, files: dict[Path, bytes] | None) -> None:
        self.data_dir = data_dir
        self.files = files
        self.cache = cache.PlanCache(data_dir) if files is None and cache.enabled() else None
        self.fingerprints: dict[str, tuple | str] = {}  # of every file read: the checks' key
        self.registry_digest = ""
        self.records = RegistryRecords([], [])

    def exists(self, path: Path) -> bool:
        return path in self.files if self.files is not None else path.is_file()

    def raw(self, path: Path) -> bytes | None:
        if self.files is not None:
            return self.files.get(path)
        return path.read_bytes() if path.is_file() else None

    def registry(self, path: Path, raw: bytes | None) -> tuple[SourceFile, Registry, list[Problem]]:
        """The registry in agencies.yaml (`raw`: its bytes, None if missing or refused) and its
        problems."""
        digest = blake2b(raw or b"").digest()
        self.registry_digest = digest.hex()
        self.fingerprints["agencies"] = digest.hex()
        if raw is None:
            self.records = RegistryRecords([], [])
            return SourceFile(path), Registry([]), [Problem(
                path, 0, 0, "missing-file",
                f"Thiếu tệp danh mục cơ quan “{AGENCIES_FILE}” trong {self.data_dir}.")]
        hit = self.cache.registry(path, digest) if self.cache is not None else None
        if hit is not None:
            self.records, problems = hit
            return SourceFile(path), Registry(*self.records), problems
        from hncc.data import parsing  # only when the cache cannot answer
        source, self.records, problems = parsing.read_registry(path, raw)
        if self.cache is not None:
            self.cache.put_registry(path, digest, self.records, problems)
        return source, Registry(*self.records), problems

    def cached(self, path: Path, status: os.stat_result | None = None
               ) -> tuple[PlanFile | None, list[Problem]] | None:
        """The plan file and problems the index keeps for `path` (`status`: its stat, when
        already known), if it is up to date. The plan's own index is read from the query
        index when first used."""
        if self.cache is None:
            return None
        hit = self.cache.index(path, status or path.stat(), path.read_bytes,
                               self.registry_digest)
        if hit is None:
            return None
        key, head, problems = hit
        self.fingerprints[str(path)] = key
        if head is None:
            return None, problems
        cache_ = self.cache
        return PlanFile(SourceFile(path), head=head, load_plan=self._lazy(path, key),
                        load_index=self._lazy_index(path, key),
                        load_named=lambda: cache_.named(path, key)), problems

    def read(self, path: Path, registry: Registry) -> tuple[PlanFile | None, list[Problem]]:
        """Parse, validate and check one plan file in this process."""
        try:
            stat = path.stat() if self.files is None else None
            raw = self.raw(path)
            if raw is None:
                raise FileNotFoundError(2, "tệp không còn nữa")
        except OSError as error:
            self.fingerprints[str(path)] = "unreadable-file"
            return None, [unreadable(path, error)]
        source, result = _parse_plan(path, raw)
        plan_file, problems = _checked(source, result, registry)
        key = cache.fingerprint(raw, stat) if stat is not None else \
            (blake2b(raw).hexdigest(),)
        self.fingerprints[str(path)] = key
        if self.files is None:
            source.text = None  # positions are looked up again from disk if needed
        # Text from memory (an edit, a git revision) is kept: positions cannot be re-read.
        if self.cache is not None:
            packed = index.pack(plan_file.index) if plan_file is not None else None
            self.cache.put(path, key, cache.Cached(result.plan, problems), packed,
                           self.registry_digest)
        return plan_file, problems

    def read_many(self, paths: list[Path], registry: Registry, progress: Callable[[], None]
                  ) -> Iterator[tuple[Path, PlanFile | None, list[Problem]]]:
        """Read `paths` (none in the index) in worker processes, one per core, in order; each
        returns compact rows that this process writes to the index. Few files, one core or
        files given in memory: read here."""
        count = min(workers(), len(paths))
        if self.files is not None or count < 2 or len(paths) < PARALLEL_FROM:
            for path in paths:
                plan_file, problems = self.read(path, registry)
                settle()
                progress()
                yield path, plan_file, problems
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        if self.cache is not None:
            self.cache.release()  # a forked worker must not hold the index's connection
        with ProcessPoolExecutor(count, multiprocessing.get_context(method), _start_worker,
                                 (self.records, self.cache is not None)) as pool:
            for path, (key, packed, problems, made) in zip(
                    paths, pool.map(_read_in_worker, map(str, paths), chunksize=4), strict=True):
                self.fingerprints[str(path)] = key if key is not None else "unreadable-file"
                if self.cache is not None and key is not None:
                    self.cache.put(path, key, cache.Cached(None, problems), packed,
                                   self.registry_digest, made)
                plan_file = None
                if packed is not None and made is not None:  # `made` comes with the index on
                    # Its index stays in the query index until a command reads it: a cold
                    # `check` reads only the heads (hncc.data.checks.ALWAYS).
                    plan_file = PlanFile(SourceFile(path), head=cache.head_of_made(made),
                                         load_plan=self._lazy(path, key),
                                         load_index=self._lazy_index(path, key),
                                         named=cache.named_of_made(made))
                elif packed is not None:
                    plan_file = PlanFile(SourceFile(path), index.unpack(packed),
                                         load_plan=self._lazy(path, key))
                settle()
                progress()
                yield path, plan_file, problems

    def _lazy_index(self, path: Path, key: tuple) -> Callable[[], PlanIndex]:
        plan_cache = self.cache
        assert plan_cache is not None

        def load_words() -> str:
            found = plan_cache.words(path, key)
            if found is not None:
                return found
            words = self._mend(path, key).words
            assert isinstance(words, str)  # made from the plan just now
            return words

        def load_index() -> PlanIndex:
            packed = plan_cache.packed(path, key)
            if packed is not None:
                with contextlib.suppress(TypeError, ValueError):
                    return index.unpack(packed)._replace(words=load_words)
            return self._mend(path, key)
        return load_index

    def _mend(self, path: Path, key: tuple) -> PlanIndex:
        """The index of `path` read from the file again, when its row is damaged; the row is
        written again."""
        assert self.cache is not None
        plan_file, _ = self.read(path, Registry(*self.records))  # written to the index again
        self.cache.flush()
        if plan_file is None or self.fingerprints[str(path)] != key:
            raise DataChanged(path)
        return plan_file.index

    def _lazy(self, path: Path, key: tuple) -> Callable[[], Plan]:
        plan_cache = self.cache

        def load_plan() -> Plan:
            cached = plan_cache.plan(path, key) if plan_cache is not None else None
            if cached is not None and cached.plan is not None:
                return cached.plan
            raw = path.read_bytes()
            plan = _parse_plan(path, raw)[1].plan
            if plan is None or (len(key) > 1 and cache.fingerprint(raw, path.stat()) != key):
                raise DataChanged(path)
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
    """The registry and every plan under `data_dir`, with every problem: the files' own, the
    PER_PLAN checks' and the checks' across files (hncc.data.checks.ALWAYS).

    With `files` (path below `data_dir` -> bytes), the data root is exactly those files, read from
    memory instead of the disk: an edit before it is written, or a git revision. Plans read from
    disk go through the index (hncc.data.cache) unless it is turned off, and so do the checks'
    results, keyed on every file read. `progress` is told after each plan file.
    """
    with _collector_paused():
        dataset, file_problems, reader = _read(data_dir, files, progress)
        fingerprints = sorted(reader.fingerprints.items())
        checks_key = blake2b(repr((cache.format_key(), fingerprints)).encode()).hexdigest()
        found = reader.cache.checks(checks_key) if reader.cache is not None else None
        if found is None:
            from hncc.data import checks  # a warm run has the checks' results from the index

            found = checks.run(dataset)
            if reader.cache is not None:
                reader.cache.put_checks(checks_key, found)
        if reader.cache is not None:
            reader.cache.flush()
    return Loaded(dataset, sorted(_registry_unread(dataset, file_problems + found)))


def _registry_unread(dataset: Dataset, problems: list[Problem]) -> list[Problem]:
    """`problems`, where agencies.yaml could not be read at all (a tab, a syntax error, another
    encoding), with every plan's "unknown agency" replaced by one problem saying that the names
    were not checked: hundreds of them would bury the one error to fix, and tell the author to
    add to the registry agencies that are in it."""
    path = dataset.agencies_source.path
    if len(dataset.registry) or not any(
            p.file == path and p.severity is Severity.ERROR for p in problems):
        return problems
    unchecked = {p.file for p in problems if p.code == "unknown-agency" and p.file != path}
    if not unchecked:
        return problems
    kept = [p for p in problems if p.code != "unknown-agency" or p.file == path]
    return [*kept, Problem(path, 1, 1, "registry-unread",
                           f"Không đọc được danh mục cơ quan, nên chưa kiểm tra tên cơ quan trong "
                           f"{len(unchecked)} kế hoạch. Sửa lỗi của tệp này (ở trên) rồi chạy lại.")]


def read_files(data_dir: Path, files: dict[Path, bytes] | None = None) -> Loaded:
    """Like `load`, without the checks across files: for what needs only the registry or the
    plans' names (shell completion, `hncc import`); its problems are the files' own."""
    with _collector_paused():
        dataset, file_problems, reader = _read(data_dir, files, None)
        if reader.cache is not None:
            reader.cache.flush()
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
    paths = plan_files(data_dir, given)
    done = 0

    def step() -> None:
        nonlocal done
        if progress is not None:
            progress(done, len(paths))
        done += 1

    outcomes: list[tuple[PlanFile | None, list[Problem]] | None] = [None] * len(paths)
    unread: list[int] = []
    links: dict[Path, bool] = {}  # whether the folder of the plans is a link, asked once
    folder_link = None if given is not None else _is_link(data_dir / PLANS_DIR, links)
    for at, path in enumerate(paths):
        problem = None
        if not is_plan_name(path):
            problem = Problem(path, 0, 0, "not-a-plan-file", _not_a_plan(path), Severity.WARNING)
        try:  # one system call per file when the index answers for it
            status = None if given is not None else os.lstat(path)
        except OSError:
            status = None
        problem = _refusal(path, data_dir, given, status, links, folder_link) or problem
        if problem is not None:
            outcomes[at] = (None, [problem])
            reader.fingerprints[str(path)] = problem.code
            step()
            continue
        try:
            regular = status is not None and stat.S_ISREG(status.st_mode)
            hit = reader.cached(path, status if regular else None)
        except OSError:
            hit = None  # read again below, which says what is wrong
        if hit is None:
            unread.append(at)
        else:
            outcomes[at] = hit
            settle()
            step()
    for at, (_, plan_file, found) in zip(unread, reader.read_many(
            [paths[at] for at in unread], registry, step), strict=True):
        outcomes[at] = (plan_file, found)
    if progress is not None:
        progress(len(paths), len(paths))
    plans: list[PlanFile] = []
    for outcome in outcomes:
        assert outcome is not None  # every file is read or refused above
        plan_file, found = outcome
        problems += found
        if plan_file is not None:
            plans.append(plan_file)
    plans.sort(key=lambda pf: (pf.year, pf.number))
    if given is None:
        agencies_source.text = None  # positions are looked up again from disk if needed
    loaded = {plan_file.path for plan_file in plans}
    left_out = sorted({p.file for p in problems if p.severity is Severity.ERROR
                       and p.file.parent == data_dir / PLANS_DIR} - loaded)
    dataset = Dataset(data_dir, registry, agencies_source, plans, given, tuple(left_out),
                      store=reader.cache, fingerprints=reader.fingerprints)
    return dataset, problems, reader
