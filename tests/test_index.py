"""The query index (hncc.data.cache): its schema, parallel cold loads, concurrent readers, and
that deleting it at any point loses nothing."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hncc.data import cache, loader
from hncc.data.dataset import named_of
from hncc.data.index import EntryIndex
from tests.conftest import PLAN

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate  # noqa: E402


def _tables() -> dict[str, list[str]]:
    """Table -> columns, from the CREATE statements hncc makes."""
    found = {}
    for statement in cache.schema():
        match = re.match(r"CREATE TABLE (\w+)\((.*)\)$", statement)
        if match:
            found[match[1]] = [part.strip().split()[0].strip('"') for part in match[2].split(",")]
    return found


def test_index_schema__entries_are_the_fields_of_entry_index():
    assert _tables()["entries"] == ["file", *EntryIndex._fields]


def test_index_schema__every_table_and_column_is_documented():
    text = (REPO / "docs" / "index-schema.md").read_text(encoding="utf-8")
    for table, columns in _tables().items():
        assert f"`{table}`" in text, table
        section = text.split(f"### `{table}`")[1].split("\n### ")[0]
        for column in columns:
            assert f"`{column}`" in section, f"{table}.{column}"


def test_index_schema__plain_rows_agree_with_the_loaded_index(root):
    root.plan("a.yaml", PLAN)
    dataset = loader.load(root.data).dataset
    (plan_file,) = dataset.plans
    import sqlite3

    with sqlite3.connect(cache.PlanCache(root.data).path) as db:
        refs = [r for (r,) in db.execute('SELECT ref FROM entries ORDER BY "order"')]
        dues = db.execute("SELECT ref, due, year FROM occurrences ORDER BY ref, due").fetchall()
        roles = db.execute("SELECT ref, role, agency FROM roles ORDER BY ref, role").fetchall()
    assert refs == [e.ref for e in plan_file.index.entries]
    assert dues == sorted((e.ref, o.due.isoformat(), o.year) for e in plan_file.index.entries
                          for o in e.occurrences())
    assert roles == sorted((e.ref, role, name) for e in plan_file.index.entries
                           for role in ("lead", "cooperating") for name in getattr(e, role))


def _words_read(plan_index):
    """The index with its words as text (from the query index they come as a reader)."""
    words = plan_index.words
    return plan_index._replace(words=words if isinstance(words, str) else words())


BROKEN = "number: 9/KH-UBND\nissuer: UBND Thành phố\ndate: 2022-02-30\n"


def _snapshot(loaded: loader.Loaded) -> tuple:
    """Everything a load produced, in comparable form: problems, indexes, the agencies each
    plan names (kept apart in the query index) and full plans."""
    dataset, problems = loaded
    named = [pf.named for pf in dataset.plans]  # before the index is read: from the query index
    assert named == [named_of(pf.index) for pf in dataset.plans]
    return (problems, named, [(pf.path, _words_read(pf.index)) for pf in dataset.plans],
            [pf.plan.model_dump() for pf in dataset.plans], dataset.left_out)


@pytest.fixture
def many(tmp_path: Path) -> Path:
    data = generate(tmp_path / "root", plans=24, seed=3)
    (data / "plans" / "2022-9-KH-UBND.yaml").write_text(BROKEN, encoding="utf-8")
    plan = (data / "plans").glob("*.yaml").__next__()
    plan.write_text(plan.read_text(encoding="utf-8").replace("lead: [", "lead: [Sở Không Có, ", 1),
                    encoding="utf-8")
    return data


def test_parallel_load__results_are_those_of_one_process(many, monkeypatch, tmp_path):
    monkeypatch.setenv("HNCC_WORKERS", "1")
    monkeypatch.setenv("HNCC_NO_CACHE", "1")
    alone = _snapshot(loader.load(many))
    assert {p.code for p in alone[0]} >= {"invalid-date", "unknown-agency"}
    monkeypatch.setenv("HNCC_WORKERS", "2")
    parallel_uncached = _snapshot(loader.load(many))
    monkeypatch.delenv("HNCC_NO_CACHE")
    monkeypatch.setenv("HNCC_CACHE_DIR", str(tmp_path / "cold"))
    parallel_cold = _snapshot(loader.load(many))
    warm = _snapshot(loader.load(many))
    assert alone == parallel_uncached == parallel_cold == warm


def test_parallel_load__workers_run_only_for_many_unread_files(many, monkeypatch):
    started = []
    import concurrent.futures

    real = concurrent.futures.ProcessPoolExecutor

    def counting(*args, **kwargs):
        started.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", counting)
    monkeypatch.setenv("HNCC_WORKERS", "2")
    loader.load(many)
    assert started == [2]
    next(iter((many / "plans").glob("*.yaml"))).touch()
    loader.load(many)  # one changed file: read here, no workers
    assert started == [2]


def test_index__deleting_the_cache_folder_between_runs_loses_nothing(many):
    first = _snapshot(loader.load(many))
    shutil.rmtree(cache.PlanCache(many).folder)
    assert _snapshot(loader.load(many)) == first
    assert _snapshot(loader.load(many)) == first


def test_index__deleting_the_cache_folder_during_a_run_loses_nothing(many, monkeypatch):
    expected = _snapshot(loader.load(many))
    shutil.rmtree(cache.PlanCache(many).folder)
    real = cache.PlanCache._snapshot

    def then_delete(self):
        real(self)
        shutil.rmtree(self.folder, ignore_errors=True)

    monkeypatch.setattr(cache.PlanCache, "_snapshot", then_delete)
    assert _snapshot(loader.load(many)) == expected
    monkeypatch.undo()
    assert _snapshot(loader.load(many)) == expected


READER = """
import json, sys
from pathlib import Path
from hncc.data import loader
from hncc.queries import tasks
import datetime as dt
data = Path(sys.argv[1])
seen = []
for _ in range(int(sys.argv[2])):
    dataset = loader.load(data).dataset
    late = tasks.overdue(dataset, dt.date(2024, 1, 1))
    seen.append([[t.plan, t.ref, str(t.due), list(t.late_years)] for t in late])
print(json.dumps(seen))
"""


def test_index__concurrent_readers_and_writer_get_consistent_answers(root, tmp_path):
    """One process keeps editing a plan (each edit written atomically), loading and asking
    what is overdue, so it updates the index and the rows derived from it; another keeps
    loading and asking. Every answer is that of one of the two versions."""
    path = root.plan("a.yaml", PLAN)
    done = PLAN.replace("deadline: Hàng năm\n", "deadline: Hàng năm\n    status:\n      - {date: "
                        "2023-06-01, status: done, year: 2022}\n", 1)
    assert done != PLAN
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    def answer(text: str) -> list:
        path.write_text(text, encoding="utf-8")
        out = subprocess.run([sys.executable, "-c", READER, str(root.data), "1"], env=env,
                             capture_output=True, text=True, check=True).stdout
        return json.loads(out)[0]

    versions = [answer(PLAN), answer(done)]
    assert versions[0] != versions[1]
    writer = textwrap.dedent(f"""
        import datetime as dt, os, sys
        from pathlib import Path
        from hncc.data import loader
        from hncc.queries import tasks
        path, texts = Path({str(path)!r}), [{PLAN!r}, {done!r}]
        for i in range(30):
            temporary = path.parent.parent / "a.tmp"  # beside plans/, on the same disk
            temporary.write_text(texts[i % 2], encoding="utf-8")
            os.replace(temporary, path)
            tasks.overdue(loader.load(path.parent.parent).dataset, dt.date(2024, 1, 1))
    """)
    writing = subprocess.Popen([sys.executable, "-c", writer], env=env)
    reading = subprocess.run([sys.executable, "-c", READER, str(root.data), "30"], env=env,
                             capture_output=True, text=True, timeout=300)
    assert writing.wait(timeout=300) == 0
    assert reading.returncode == 0, reading.stderr
    answers = json.loads(reading.stdout)
    assert len(answers) == 30 and all(a in versions for a in answers)
    assert "hỏng" not in reading.stderr


@pytest.mark.parametrize("workers", ["1", "2"])
def test_load__a_plan_file_that_cannot_be_read_is_a_problem_not_a_crash(many, monkeypatch, workers):
    locked = sorted((many / "plans").glob("*.yaml"))[3]
    real = Path.read_bytes

    def refusing(self):
        if self == locked:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refusing)
    monkeypatch.setenv("HNCC_WORKERS", workers)
    dataset, problems = loader.load(many)
    assert [(p.file, p.code) for p in problems if p.code == "unreadable-file"] == [
        (locked, "unreadable-file")]
    assert locked not in {pf.path for pf in dataset.plans}
    assert len(dataset.plans) == 23  # the 24 generated plans but this one; the broken file apart


def test_check__reads_no_plan_index_cold_or_warm(many, monkeypatch):
    """The checks across files read the plans' heads: a city-scale check never holds every
    plan's index in memory (the per-plan checks run where each file is read)."""
    from hncc.data import index

    monkeypatch.setenv("HNCC_WORKERS", "2")
    read: list[str] = []
    real = index.unpack
    monkeypatch.setattr(index, "unpack", lambda packed: (read.append(packed[0]), real(packed))[1])
    cold = loader.load(many).problems
    assert read == [] and {p.code for p in cold} >= {"invalid-date", "unknown-agency"}
    warm = loader.load(many).problems
    assert read == [] and warm == cold


def test_load__a_file_changed_while_a_command_reads_it_stops_it_with_a_message(root, monkeypatch,
                                                                               capsys):
    import hncc.cli as cli
    from tests.test_cache import change

    path = root.plan("a.yaml", PLAN)
    loader.load(root.data)
    dataset = loader.load(root.data).dataset  # warm: the plan's index is read when asked for
    change(root.data, "UPDATE files SET packed = 'damaged'")  # so the file must be read again
    path.write_text(PLAN.replace("Việc một", "Việc đã sửa"), encoding="utf-8")
    with pytest.raises(loader.DataChanged) as raised:
        assert dataset.plans[0].index is None  # never reached: reading the index stops
    monkeypatch.setattr(cli, "app", lambda: (_ for _ in ()).throw(raised.value))
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert "vừa thay đổi" in err and "a.yaml" in err and "lỗi nội bộ" not in err


@pytest.mark.parametrize("value", ["zero", "-2", "0", "1.5"])
def test_workers__a_value_that_is_no_positive_number_is_said_and_one_per_core_used(
        monkeypatch, capsys, value):
    monkeypatch.setenv("HNCC_WORKERS", value)
    monkeypatch.setattr(cache, "_said", set())
    assert loader.workers() >= 1
    assert f"HNCC_WORKERS=“{value}” không phải một số nguyên dương" in capsys.readouterr().err
