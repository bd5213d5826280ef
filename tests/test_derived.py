"""The tasks kept in the query index (hncc.queries.derived) are the tasks derived directly.

Each task keeps its states as segments of as-of dates, found by deriving its state on the days
where a comparison with a date of the data can change. These tests derive every task list
directly (without the index) on every such day, the day before and the day after, and compare:
on the shipped plans, and on the shipped plans with status updates recorded here and there.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import random
import re
import shutil
import sqlite3
from decimal import Decimal

import pytest

from hncc.data import cache, loader
from hncc.queries import budget, derived, workitems, workload
from hncc.queries import tasks as queries
from hncc.queries.tasks import Scope, Window
from tests.conftest import HEADER, REPO

STATUSES = ("done", "in_progress", "cancelled", "not_started", "suspended")


def _copy_shipped(root) -> None:
    shutil.copy(REPO / "data" / "agencies.yaml", root.data / "agencies.yaml")
    for path in (REPO / "data" / "plans").glob("*.yaml"):
        shutil.copy(path, root.data / "plans" / path.name)


def _record_updates(root, seed: int, count: int) -> None:
    """Status updates on `count` entries of the shipped plans, chosen and dated by `seed`."""
    chance = random.Random(seed)
    for path in sorted((root.data / "plans").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        anchors = re.findall(r"^( *)- ref: (\S+)\n", text, flags=re.M)
        for indent, ref in chance.sample(anchors, min(count, len(anchors))):
            updates = []
            for _ in range(chance.randint(1, 3)):
                day = dt.date(2022, 1, 1) + dt.timedelta(days=chance.randrange(4 * 365))
                updates.append(f"{{date: {day.isoformat()}, status: {chance.choice(STATUSES)}, "
                               "reason: Chờ kinh phí}")
            lines = "".join(f"{indent}    - {u}\n" for u in updates)
            anchor = f"{indent}- ref: {ref}\n"
            text = text.replace(anchor, f"{anchor}{indent}  status:\n{lines}", 1)
        path.write_text(text, encoding="utf-8")


def _days(dataset) -> list[dt.date]:
    """Every day where a state can change, with the day before and after, and a few others."""
    found = {dt.date(2021, 1, 1), dt.date(2030, 1, 1)}
    for plan_file in dataset.plans:
        plan = plan_file.index
        found.add(dt.date(plan.horizon[1], 12, 31))
        for entry in (*plan.entries, *plan.headings):
            found.update(dt.date.fromordinal(d[0]) for d in entry.due_ordinals)
            found.update(dt.date.fromordinal(u[0]) for u in entry.update_ordinals)
    return sorted({day + dt.timedelta(days=shift) for day in found for shift in (-1, 0, 1)})


def _direct(dataset):
    """The same dataset without its index: tasks derived directly."""
    plain = copy.copy(dataset)
    plain.store = None
    return plain


def _compare(dataset, days) -> int:
    plain = _direct(dataset)
    compared = 0
    for day in days:
        for where in (Scope(), Scope(kind="target")):
            kept = queries.tasks(dataset, day, where)
            assert kept == queries.tasks(plain, day, where), (day, where)
            compared += len(kept)
        assert queries.part_deadlines(dataset, day) == queries.part_deadlines(plain, day), day
        late = queries.overdue(plain, day)
        assert queries.overdue(dataset, day) == late, day
        assert queries.overdue(dataset, day, mentions=False) == \
            queries.overdue(plain, day, mentions=False) == \
            [dataclasses.replace(t, mentions=()) for t in late], day
        assert queries.upcoming(dataset, day, 90) == queries.upcoming(plain, day, 90), day
        for where in (Scope(), Scope(year=day.year)):
            assert workload.workload(dataset, day, where) == workload.workload(plain, day, where)
    return compared


def test_derived__the_shipped_tasks_on_every_day_are_those_derived_directly(root):
    _copy_shipped(root)
    dataset = loader.load(root.data).dataset
    assert derived.select(dataset, queries.derived_rows, derived.ITEM, dt.date(2023, 1, 1)) \
        is not None  # the index is used, not the direct way twice
    assert _compare(dataset, _days(dataset)) > 0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_derived__tasks_with_status_updates_on_every_day_are_those_derived_directly(root, seed):
    _copy_shipped(root)
    _record_updates(root, seed, 12)
    loaded = loader.load(root.data)
    assert not [p for p in loaded.problems if p.severity.name == "ERROR"], loaded.problems[:3]
    dataset = loaded.dataset
    assert any(e.update_ordinals for pf in dataset.plans for e in pf.index.entries)
    assert _compare(dataset, _days(dataset)) > 0


def test_derived__filters_and_windows_are_those_of_the_direct_way(root):
    _copy_shipped(root)
    _record_updates(root, 7, 10)
    dataset = loader.load(root.data).dataset
    plain = _direct(dataset)
    registry = dataset.registry
    for day in (dt.date(2022, 7, 1), dt.date(2023, 12, 15), dt.date(2026, 1, 2)):
        scopes = [Scope(plan=dataset.plans[-1].key), Scope(plan=dataset.plans[0].key),
                  Scope(kind="assignment"), Scope(year=2023), Scope(status="done"),
                  Scope(status="unrecorded"), Scope(year=2024, status="in_progress"),
                  Scope(kind="target"), Scope(kind="target", year=2022)]
        for name in ("Sở Ngoại vụ", "Sở Văn hóa và Thể thao"):
            ids = queries.agency_scope_ids(registry, queries.find_agency(registry, name), day)
            scopes += [Scope(agency_ids=ids), Scope(agency_ids=ids, role="any"),
                       Scope(plan=dataset.plans[-1].key, agency_ids=ids, role="any")]
        windows = [None, Window(day, day + dt.timedelta(days=200), frozenset({"pending"})),
                   Window(dt.date.min, dt.date.max, frozenset({"overdue", "past_plan"}),
                          undated=True, late_on=day)]
        for where in scopes:
            for window in windows:
                assert queries.tasks(dataset, day, where, window) == \
                    queries.tasks(plain, day, where, window), (day, where, window)
            assert queries.overdue(dataset, day, where) == queries.overdue(plain, day, where)
            assert list(queries.each_task(dataset, day, where)) == \
                queries.tasks(plain, day, where), (day, where)
            if where.agency_ids is None:
                assert _counts(queries.counted(dataset, day, where)) == \
                    _counts(queries.counted(plain, day, where)), (day, where)


def _counts(counted: list[queries.Counted]) -> dict:
    """Counts by agencies, whatever their order."""
    found = {(c.lead_ids, c.cooperating_ids): (c.items, c.progress) for c in counted}
    assert len(found) == len(counted)  # each list of agencies once
    return found


def _groups(root) -> dict[str, str]:
    with sqlite3.connect(cache.PlanCache(root.data).path) as db:
        return dict(db.execute("SELECT grp, signature FROM groups"))


def test_derived__an_edit_makes_again_only_the_rows_of_its_group(root):
    _copy_shipped(root)
    other = (root.data / "plans" / "2023-161-KH-UBND.yaml").read_text(encoding="utf-8")
    # A third plan, linked to no other: a group of its own.
    assert "number: 161/KH-UBND" in other
    alone = re.sub(r"^ *implements: .*\n", "",
                   other.replace("number: 161/KH-UBND", "number: 999/KH-UBND"), flags=re.M)
    (root.data / "plans" / "2023-999-KH-UBND.yaml").write_text(alone, encoding="utf-8")
    day = dt.date(2024, 1, 1)
    first = loader.load(root.data).dataset
    before_tasks = queries.tasks(first, day)
    before = _groups(root)
    assert len(before) == 2
    path = root.data / "plans" / "2023-999-KH-UBND.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "title: Sửa", 1),
                    encoding="utf-8")
    second = loader.load(root.data).dataset
    queries.tasks(second, day)
    after = _groups(root)
    assert set(after) == set(before)
    changed = [g for g in before if before[g] != after[g]]
    assert len(changed) == 1
    assert queries.tasks(second, day) == queries.tasks(_direct(second), day)
    assert len(before_tasks) == len(queries.tasks(second, day))


def test_derived__rows_are_kept_per_group_and_dropped_with_their_plans(root):
    _copy_shipped(root)
    dataset = loader.load(root.data).dataset
    queries.tasks(dataset, dt.date(2024, 1, 1))
    with sqlite3.connect(cache.PlanCache(root.data).path) as db:
        works = db.execute("SELECT count(*) FROM work").fetchone()[0]
    plain, day = _direct(dataset), dt.date(2024, 1, 1)
    items = {t.item for t in queries.tasks(plain, day)}
    targets = {(t.plan, t.ref) for t in queries.tasks(plain, day, Scope(kind="target"))}
    parts = {(t.item, t.plan, t.ref) for t in queries.part_deadlines(plain, day)}
    assert len(workitems.book(plain).items) == len(items)
    assert works == len(items) + len(targets) + len(parts)
    for path in (root.data / "plans").glob("*.yaml"):
        path.unlink()
    empty = loader.load(root.data).dataset
    assert queries.tasks(empty, dt.date(2024, 1, 1)) == []
    with sqlite3.connect(cache.PlanCache(root.data).path) as db:
        assert db.execute("SELECT count(*) FROM work").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM task_states").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM agency_lists").fetchone()[0] == 0


def test_derived__segments_cover_every_day_once():
    state = workitems.State(None, None, "pending")
    late = workitems.State(None, None, "overdue")
    found = derived.segments(lambda day: late if day > dt.date(2023, 6, 30) else state,
                             [dt.date(2023, 6, 30).toordinal() + 1, 5, 10**9])
    assert [(s[0], s[1], s[5]) for s in found] == [
        (derived.FIRST, dt.date(2023, 7, 1).toordinal(), "pending"),
        (dt.date(2023, 7, 1).toordinal(), derived.END, "overdue")]


def test_derived__budget_shares_are_those_worked_out_directly(root):
    _copy_shipped(root)
    dataset = loader.load(root.data).dataset
    plain = _direct(dataset)
    registry = dataset.registry
    ids = queries.agency_scope_ids(registry, queries.find_agency(registry, "Sở Ngoại vụ"),
                                   dt.date(2024, 1, 1))
    scopes = [Scope(), Scope(plan=dataset.plans[0].key), Scope(plan=dataset.plans[-1].key),
              Scope(agency_ids=ids), Scope(agency_ids=ids, role="any")]
    kept = budget.shares(dataset)
    assert kept
    assert budget.unbudgeted(dataset)
    for where in scopes:
        assert budget.shares(dataset, where) == budget.shares(plain, where), where
        assert budget.unbudgeted(dataset, where) == budget.unbudgeted(plain, where), where
        assert budget.overview(dataset, where) == budget.overview(plain, where), where
        for year in range(2021, 2027):
            assert budget.shares(dataset, where, year) == budget.shares(plain, where, year)
            for by in budget.GROUPINGS:
                assert budget.year_budget(dataset, year, by, where) == \
                    budget.year_budget(plain, year, by, where), (year, by, where)
    for plan in (None, dataset.plans[0].key, dataset.plans[-1].key):
        for year in (None, *range(2021, 2027)):
            found = budget.counted(dataset, plan, year)
            assert found == budget.counted(plain, plan, year), (plan, year)
            grouped = budget.counted_by_lead(dataset, plan, year)
            assert grouped == budget.counted_by_lead(plain, plan, year), (plan, year)
            assert sum(g.amount * g.times for g in grouped[0]) == sum(
                (c.amount for c in found), Decimal(0))
            assert grouped[1] == [c for c in found if len(c.lead_ids) > 1]
            assert sum(c.amount for c in found) == sum(
                (r.total for y in ([year] if year else range(2021, 2027))
                 for r in budget.year_budget(dataset, y, "item", Scope(plan=plan)).rows),
                Decimal(0)), (plan, year)  # what `hncc budget` adds up
    with sqlite3.connect(cache.PlanCache(root.data).path) as db:
        assert db.execute("SELECT count(*) FROM shares WHERE state = 'amount'").fetchone()[0] \
            == len(kept)



def test_derived__of_a_ref_written_twice_the_later_entry_counts_in_its_place(root):
    root.plan("2022-7.yaml", HEADER + """\
horizon: {start: 2022, end: 2025}
content:
  - ref: III.1
    kind: activity
    title: Lễ hội
    lead: [Sở Văn hóa và Thể thao]
    deadline: Hàng năm
  - ref: III.2
    kind: activity
    title: Đón đoàn
    lead: [Sở Ngoại vụ]
    deadline: Quý II/2024
  - ref: III.1
    kind: activity
    title: Lễ hội, ghi lại
    lead: [Sở Ngoại vụ]
    deadline: Hàng năm
""")
    loaded = loader.load(root.data)
    assert any(p.code == "duplicate-id" for p in loaded.problems)
    dataset = loaded.dataset
    day = dt.date(2023, 1, 1)
    kept = queries.tasks(dataset, day)
    assert [(t.ref, t.title, t.year) for t in kept] == [
        ("III.2", "Đón đoàn", None),  # a one-off: no year of its own
        *(("III.1", "Lễ hội, ghi lại", year) for year in range(2022, 2026))]
    assert kept == queries.tasks(_direct(dataset), day)
