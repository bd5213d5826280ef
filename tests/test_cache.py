"""The cache of validated plans: used only when a file is exactly as cached, rebuilt otherwise."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import pickle
import sqlite3
import sys
from pathlib import Path

import pytest

from hncc.data import cache, loader, parsing
from tests.conftest import AGENCIES, PLAN

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from generate import generate


def index_path(data_dir: Path) -> Path:
    return cache.PlanCache(data_dir).path


def query(data_dir: Path, sql: str, *args) -> list[tuple]:
    """Rows of the data root's index, read as another program would."""
    with contextlib.closing(sqlite3.connect(index_path(data_dir))) as db:
        return db.execute(sql, args).fetchall()


def change(data_dir: Path, sql: str, *args) -> None:
    """Change the index behind hncc's back, as a damaged disk or another program might."""
    with contextlib.closing(sqlite3.connect(index_path(data_dir))) as db, db:
        db.execute(sql, args)


def cache_files(data_dir: Path) -> dict[str, tuple]:
    """The row of each plan file in the index (empty when there is no index)."""
    if not index_path(data_dir).exists():
        return {}
    return {Path(row[0]).name: row[1:] for row in query(
        data_dir, "SELECT path, fingerprint, written_ns, checked_with, problems, plan_key, head, "
        "packed, plan_format, plan FROM files")}


def spy_reads(monkeypatch, reader: str = "read_plan") -> list[Path]:
    """Record which files are parsed and validated (cache misses): plan files, or with
    reader="read_registry" agencies.yaml."""
    parsed: list[Path] = []
    real = getattr(parsing, reader)

    def counting(path, raw):
        parsed.append(path.name)
        return real(path, raw)

    monkeypatch.setattr(parsing, reader, counting)
    return parsed


def test_cache__second_load_parses_nothing(root, monkeypatch):
    root.plan("a.yaml", PLAN)
    root.plan("b.yaml", PLAN.replace("7/KH-UBND", "8/KH-UBND"))
    loader.load(root.data)
    parsed = spy_reads(monkeypatch)
    again = loader.load(root.data).dataset
    assert parsed == []
    assert [pf.plan.number for pf in again.plans] == ["7/KH-UBND", "8/KH-UBND"]


def test_cache__changing_one_file_invalidates_only_its_entry(root, monkeypatch):
    root.plan("a.yaml", PLAN)
    b = root.plan("b.yaml", PLAN.replace("7/KH-UBND", "8/KH-UBND"))
    loader.load(root.data)
    before = cache_files(root.data)
    # Same size and a restored mtime: only the content hash can tell the change.
    stat = b.stat()
    b.write_text(b.read_text(encoding="utf-8").replace("Việc hai", "Việc ba!"), encoding="utf-8")
    os.utime(b, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert b.stat().st_size == stat.st_size
    parsed = spy_reads(monkeypatch)
    dataset = loader.load(root.data).dataset
    assert parsed == ["b.yaml"]
    assert dataset.find_plans("8/KH-UBND")[0].plan.by_ref["III.2"].title == "Việc ba!"
    after = cache_files(root.data)
    assert [name for name in before if before[name] != after[name]] == ["b.yaml"]
    assert query(root.data, "SELECT DISTINCT title FROM entries WHERE ref = 'III.2'") == [
        ("Việc hai",), ("Việc ba!",)]  # a.yaml's rows were not rewritten, b.yaml's were


def test_cache__a_removed_file_loses_its_rows(root):
    root.plan("a.yaml", PLAN)
    b = root.plan("b.yaml", PLAN.replace("7/KH-UBND", "8/KH-UBND"))
    loader.load(root.data)
    b.unlink()
    assert [pf.number for pf in loader.load(root.data).dataset.plans] == ["7/KH-UBND"]
    assert list(cache_files(root.data)) == ["a.yaml"]
    for table in ("entries", "occurrences", "updates", "roles"):
        assert query(root.data, f"SELECT count(*) FROM {table} WHERE file NOT IN "
                                "(SELECT id FROM files)") == [(0,)]


DAMAGED_ROWS = {
    "index-not-json": "UPDATE files SET packed = 'not json'",
    "index-wrong-shape": "UPDATE files SET packed = '[1, 2]'",
    "index-object": "UPDATE files SET packed = '{\"format\": 1}'",
    "index-truncated": "UPDATE files SET packed = substr(packed, 1, 50)",
    "foreign-key": "UPDATE files SET fingerprint = '[1, 2, 3, 4, 5, \"00\"]'",
    "head-wrong-type": "UPDATE files SET head = '[1, 2, 3, 4]'",
    "problems-wrong-type": "UPDATE files SET problems = '[[\"a.yaml\", \"one\", 1, \"x\", \"y\", 2]]'",
    "other-registry": "UPDATE files SET checked_with = 'another'",
    "other-version": "UPDATE meta SET value = 'another hncc'",
    "plan-truncated": "UPDATE files SET plan = substr(plan, 1, length(plan) - 20)",
    "plan-not-json": "UPDATE files SET plan = 'not json'",
    "plan-other-pydantic": "UPDATE files SET plan_format = 'another'",
}


@pytest.mark.parametrize("damage", list(DAMAGED_ROWS))
def test_cache__damaged_row_is_ignored_and_rebuilt(root, monkeypatch, damage):
    root.plan("a.yaml", PLAN)
    loader.load(root.data)
    change(root.data, DAMAGED_ROWS[damage])
    parsed = spy_reads(monkeypatch)
    dataset = loader.load(root.data).dataset
    assert dataset.plans[0].index.entries[0].title == "Việc một"
    assert dataset.plans[0].plan.by_ref["III.1"].title == "Việc một"
    assert parsed == ["a.yaml"]
    if not damage.startswith("plan-"):  # a rebuilt row is written again; a bad plan is re-read
        parsed.clear()
        assert loader.load(root.data).dataset.plans[0].index.entries[0].ref
        assert parsed == []


DAMAGED_FILES = {
    "not sqlite": b"not a database at all" * 100,
    "truncated": "truncate",
    "foreign sqlite": "foreign",
    "planted trigger": "trigger",
    "pickle": "pickle",
}


@pytest.mark.parametrize("damage", list(DAMAGED_FILES))
def test_cache__damaged_or_foreign_index_is_rebuilt_with_a_notice(root, monkeypatch, tmp_path,
                                                                   capfd, damage):
    root.plan("a.yaml", PLAN)
    loader.load(root.data)
    target = index_path(root.data)
    proof = tmp_path / "ran"
    kind = DAMAGED_FILES[damage]
    if kind == "truncate":
        target.write_bytes(target.read_bytes()[:1000])
    elif kind == "foreign":
        target.unlink()
        with contextlib.closing(sqlite3.connect(target)) as db, db:
            db.execute("CREATE TABLE files(path TEXT)")
    elif kind == "trigger":  # hncc's own schema, and something more
        change(root.data, "CREATE TRIGGER planted AFTER INSERT ON files BEGIN "
                          "DELETE FROM checks; END")
    elif kind == "pickle":
        monkeypatch.setenv("HNCC_PLANTED", str(proof))
        target.write_bytes(pickle.dumps(_Planted()))
    else:
        assert isinstance(kind, bytes)
        target.write_bytes(kind)
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    capfd.readouterr()
    parsed = spy_reads(monkeypatch)
    dataset, problems = loader.load(root.data)
    assert dataset.plans[0].plan.by_ref["III.1"].title == "Việc một" and problems == []
    assert parsed == ["a.yaml"]
    err = capfd.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "dựng lại" in err
    assert "not a database" not in err and "malformed" not in err  # no SQLite English
    assert not proof.exists()
    parsed.clear()
    loader.load(root.data)  # rebuilt: the next run reads it
    assert parsed == [] and query(root.data, "PRAGMA application_id") == [(cache.APPLICATION_ID,)]


def test_cache__problems_keep_file_and_line_through_the_cache(root):
    path = root.plan("a.yaml", PLAN.replace("date: 2022-01-10", "date: 2023-02-31"))
    first = loader.load(root.data).problems
    second = loader.load(root.data).problems
    assert first == second
    assert [(p.file, p.line, p.code) for p in second] == [(path, 3, "invalid-date")]


def test_cache__no_cache_option_and_env_turn_it_off(root, monkeypatch, hncc):
    root.plan("a.yaml", PLAN)
    assert hncc("--no-cache", "check", "--root", root.path).exit_code == 0
    assert cache_files(root.data) == {}
    monkeypatch.setenv("HNCC_NO_CACHE", "1")
    loader.load(root.data)
    assert cache_files(root.data) == {}


def test_cache__same_results_with_and_without_on_generated_data(tmp_path, monkeypatch):
    data = generate(tmp_path, plans=40, seed=7)
    cold = loader.load(data)
    warm = loader.load(data)
    monkeypatch.setenv("HNCC_NO_CACHE", "1")
    uncached = loader.load(data)
    plans = [[pf.plan for pf in loaded.dataset.plans] for loaded in (cold, warm, uncached)]
    assert plans[0] == plans[1] == plans[2]
    assert cold.problems == warm.problems == uncached.problems


def test_cache__warm_task_list_reads_no_full_plan(root, monkeypatch):
    from hncc.queries import tasks as queries

    root.plan("a.yaml", PLAN)
    loader.load(root.data)
    parsed = spy_reads(monkeypatch)
    monkeypatch.setattr(cache.PlanCache, "plan", lambda *a: pytest.fail("full plan loaded"))
    dataset = loader.load(root.data).dataset
    late = queries.overdue(dataset, dt.date(2023, 1, 1))
    # III.1 is a part of row PL.1 (due 31/12/2023) and late against its own Quý II/2022.
    assert [(t.ref, t.due) for t in late] == [
        ("PL.1", dt.date(2023, 12, 31)), ("III.2", dt.date(2022, 12, 31))]
    assert parsed == []


def test_cache__cross_file_checks_are_cached_for_identical_data(root, monkeypatch):
    from hncc.data import checks

    root.plan("a.yaml", PLAN.replace("lead: [Sở Ngoại Vụ]", "lead: [Sở Không Có]"))
    first = loader.load(root.data).problems
    monkeypatch.setattr(checks, "run", lambda *a: pytest.fail("checks ran again"))
    assert loader.load(root.data).problems == first
    assert [p.code for p in first] == ["unknown-agency"]


def test_cache__registry_is_cached_as_plain_records_until_agencies_yaml_changes(root, monkeypatch):
    from hncc.domain.agencies import Agency

    first = loader.load(root.data).dataset
    parsed = spy_reads(monkeypatch, "read_registry")
    warm = loader.load(root.data).dataset
    assert parsed == []
    assert list(warm.registry) == list(first.registry)
    assert all(type(agency) is Agency for agency in warm.registry)  # no Pydantic model inside
    agencies = root.data / "agencies.yaml"
    agencies.write_text(agencies.read_text(encoding="utf-8").replace(
        "aliases: [Sở Ngoại Vụ]", "aliases: [Sở Ngoại Vụ, SNgV]"), encoding="utf-8")
    changed = loader.load(root.data).dataset
    assert parsed == ["agencies.yaml"]
    assert changed.registry.match("sngv").agency.id == "so-ngoai-vu"


@pytest.mark.parametrize("damage", [
    "UPDATE registry SET agencies = 'not json'", "UPDATE registry SET agencies = '[\"not an agency\"]'",
    "UPDATE registry SET successions = '[[1]'", "UPDATE meta SET value = 'other'",
    "UPDATE registry SET digest = 'other'"])
def test_cache__damaged_registry_row_is_ignored_and_rebuilt(root, monkeypatch, damage):
    loader.load(root.data)
    change(root.data, damage)
    parsed = spy_reads(monkeypatch, "read_registry")
    dataset = loader.load(root.data).dataset
    assert parsed == ["agencies.yaml"]
    assert dataset.registry.match("Sở Ngoại vụ").agency.id == "so-ngoai-vu"
    parsed.clear()
    loader.load(root.data)
    assert parsed == []  # written again


def test_cache__registry_problems_keep_file_and_line_through_the_cache(root):
    path = root.agencies(AGENCIES.replace("kind: city_department", "kind: ministry", 1))
    first = loader.load(root.data).problems
    second = loader.load(root.data).problems
    assert first == second
    assert [(p.file, p.code) for p in second][:1] == [(path, "invalid-value")]
    assert second[0].line > 1


def test_load__reports_progress_after_each_plan_file(root):
    root.plan("a.yaml", PLAN)
    root.plan("b.yaml", PLAN.replace("7/KH-UBND", "8/KH-UBND"))
    seen: list[tuple[int, int]] = []
    loader.load(root.data, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 2), (1, 2), (2, 2)]


def test_progress_bar__only_on_a_terminal_and_after_a_second(monkeypatch):
    from hncc.cli import common

    monkeypatch.setattr(common.sys.stdout, "isatty", lambda: False, raising=False)
    piped = common.LoadProgress()
    piped._started -= 5
    piped(1, 10)
    assert not piped.shown
    monkeypatch.setattr(common.sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(common.sys.stderr, "isatty", lambda: True, raising=False)
    quick = common.LoadProgress()
    quick(1, 10)
    assert not quick.shown
    slow = common.LoadProgress()
    slow._started -= 5
    slow(1, 10)
    assert slow.shown
    slow(10, 10)


# Nothing executable, nothing special, nobody else's folder (issue #15, items 2 and 5)

class _Planted:
    def __reduce__(self):
        return (Path.touch, (Path(os.environ["HNCC_PLANTED"]),))


def test_cache__no_pickle_anywhere_in_the_package():
    package = Path(cache.__file__).resolve().parent.parent
    assert not [p for p in package.rglob("*.py") if b"import pickle" in p.read_bytes()
                or b"pickle.load" in p.read_bytes()]


@pytest.mark.parametrize("special", ["fifo", "dev-zero", "folder", "link-to-own-copy"])
@pytest.mark.parametrize("suffix", ["", "-wal"])
def test_cache__special_files_planted_as_the_index_are_never_read(root, alarm, special, suffix):
    root.plan("a.yaml", PLAN)
    loader.load(root.data)
    target = Path(f"{index_path(root.data)}{suffix}")
    good = index_path(root.data).read_bytes()
    target.unlink(missing_ok=True)
    if special == "fifo":
        os.mkfifo(target)
    elif special == "dev-zero":
        target.symlink_to("/dev/zero")
    elif special == "folder":
        target.mkdir()
    else:
        copy = target.parent / "elsewhere"
        copy.write_bytes(good)
        target.symlink_to(copy)
    dataset, problems = loader.load(root.data)
    assert dataset.plans[0].plan.by_ref["III.1"].title == "Việc một" and problems == []
    assert not target.is_symlink() and (not target.exists() or target.is_file())


def test_cache__locked_index_answers_from_the_files_with_a_notice(root, monkeypatch, capfd):
    root.plan("a.yaml", PLAN)
    loader.load(root.data)
    b = root.plan("b.yaml", PLAN.replace("7/KH-UBND", "8/KH-UBND"))
    monkeypatch.setattr(cache, "BUSY_SECONDS", 0.2)
    capfd.readouterr()
    with contextlib.closing(sqlite3.connect(index_path(root.data), isolation_level=None)) as other:
        other.execute("BEGIN EXCLUSIVE")  # another hncc in the middle of a long update
        dataset = loader.load(root.data).dataset
        other.execute("ROLLBACK")
    assert [pf.number for pf in dataset.plans] == ["7/KH-UBND", "8/KH-UBND"]
    assert "khóa" in capfd.readouterr().err
    parsed = spy_reads(monkeypatch)
    loader.load(root.data)  # free again: the new file is written now
    assert parsed == [b.name]
    parsed.clear()
    loader.load(root.data)
    assert parsed == []


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o757])
def test_cache__folder_others_can_write_is_not_used_with_a_notice(root, tmp_path, monkeypatch,
                                                                    capfd, mode):
    shared = tmp_path / f"shared-{mode:o}"
    shared.mkdir()
    shared.chmod(mode)
    monkeypatch.setenv("HNCC_CACHE_DIR", str(shared))
    root.plan("a.yaml", PLAN)
    parsed = spy_reads(monkeypatch)
    for _ in range(2):
        assert loader.load(root.data).dataset.plans[0].plan.by_ref["III.1"].title == "Việc một"
    assert parsed == ["a.yaml", "a.yaml"]  # read afresh both times: the cache is not used
    assert list(shared.iterdir()) == []
    err = capfd.readouterr().err
    assert err.count("không dùng bộ đệm") == 1 and "người khác cũng ghi được" in err
    assert len(err.strip().splitlines()) == 1


def test_cache__folder_of_another_user_is_not_used(root, tmp_path, monkeypatch, capfd):
    monkeypatch.setenv("HNCC_CACHE_DIR", str(tmp_path / "theirs"))
    (tmp_path / "theirs").mkdir(mode=0o700)
    real = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real + 1)
    root.plan("a.yaml", PLAN)
    loader.load(root.data)
    assert list((tmp_path / "theirs").iterdir()) == []
    assert "thuộc về người dùng khác" in capfd.readouterr().err


def test_cache__new_folders_are_private(root, tmp_path, monkeypatch):
    monkeypatch.setenv("HNCC_CACHE_DIR", str(tmp_path / "new" / "hncc"))
    (tmp_path / "new").mkdir()
    root.plan("a.yaml", PLAN)
    loader.load(root.data)
    folder = cache.PlanCache(root.data).folder
    assert (tmp_path / "new" / "hncc").stat().st_mode & 0o777 == 0o700
    assert folder.stat().st_mode & 0o777 == 0o700 and any(folder.iterdir())


def test_cache__edit_with_a_restored_old_mtime_is_seen(root, hncc):
    path = root.plan("a.yaml", PLAN)
    old = dt.datetime(2020, 1, 1).timestamp()
    os.utime(path, (old, old))  # cached long after the file's mtime: hashing is not asked
    assert "Quý II/2022" in hncc("show", "7:III.1", "--root", root.path).stdout
    path.write_text(PLAN.replace("Quý II/2022", "Quý IV/2022"), encoding="utf-8")
    os.utime(path, (old, old))  # same size, same mtime: as `touch -d` or a copy tool leaves it
    assert "Quý IV/2022" in hncc("show", "7:III.1", "--root", root.path).stdout


def test_cache__edit_with_a_restored_mtime_is_checked(root, hncc):
    path = root.plan("a.yaml", PLAN)
    old = dt.datetime(2020, 1, 1).timestamp()
    os.utime(path, (old, old))
    assert hncc("check", "--root", root.path).exit_code == 0
    path.write_text(PLAN.replace("Quý II/2022", "Quý V/2022 "), encoding="utf-8")
    os.utime(path, (old, old))
    result = hncc("check", "--root", root.path)
    assert result.exit_code == 1 and "Quý V/2022" in result.output


def test_cache__words_are_read_only_when_asked_and_a_lost_row_is_mended(root, monkeypatch):
    from hncc.data import index

    root.plan("a.yaml", PLAN)
    first = loader.load(root.data).dataset
    expected = index.words_of(first.plans[0].index)
    change(root.data, "UPDATE files SET words = NULL")
    parsed = spy_reads(monkeypatch)
    dataset = loader.load(root.data).dataset
    assert dataset.plans[0].index.entries[0].title == "Việc một" and parsed == []  # no words yet
    assert index.words_of(dataset.plans[0].index) == expected
    assert parsed == ["a.yaml"]  # read again for its words, and its row written again
    assert query(root.data, "SELECT words IS NOT NULL FROM files") == [(1,)]


def test_cache__a_root_named_relatively_shares_the_rows_of_the_same_root_named_absolutely(
        root, monkeypatch):
    from hncc import api
    from hncc.queries import tasks

    root.plan("a.yaml", PLAN)
    root.plan("b.yaml", PLAN.replace("7/KH-UBND", "8/KH-UBND"))
    day = dt.date(2023, 7, 1)
    absolute = loader.load(root.data.absolute()).dataset
    listed = tasks.tasks(absolute, day)
    calendar = api.calendar(absolute, day)
    monkeypatch.chdir(root.data.parent)
    parsed = spy_reads(monkeypatch)
    made = []
    real = tasks.derived_rows
    monkeypatch.setattr(tasks, "derived_rows", lambda *args: made.append(args) or real(*args))
    relative = loader.load(Path(root.data.name)).dataset
    assert not relative.plans[0].path.is_absolute()
    assert tasks.tasks(relative, day) == listed
    assert api.calendar(relative, day) == calendar
    assert parsed == [] and made == []  # no file read again, no derived row made again
    with sqlite3.connect(cache.PlanCache(root.data).path) as db:
        paths = [row[0] for row in db.execute("SELECT path FROM files")]
    assert paths and all(Path(path).is_absolute() for path in paths)
