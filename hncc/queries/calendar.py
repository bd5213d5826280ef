"""Deadlines as calendar events, which hncc.render.calendar writes as an iCalendar file (RFC 5545),
so staff can subscribe in their calendar program.

One all-day event per occurrence of a work item's deadline (a piece of work named in several
places is one event, hncc.queries.workitems): on the due date, or across the window of a
yearly window ("vào tháng 10-11 hàng năm": 01/10 to 30/11). The UID comes from the plan, the
entry and the year, so a calendar program updates an event instead of adding a copy. Nothing in
the file depends on the day it is written: DTSTAMP is the day the event's content last changed
(the plan's date, the latest status update, or the day after the due date, when it became
overdue), and the description states the status without the as-of date, so a calendar
re-exported every day from unchanged data is the same bytes and a subscribed calendar stays put.
Each event carries an alarm a number of days before the due date (VALARM, `remind_days`).

The occurrences are read from the task rows the query index keeps (hncc.queries.derived), the
agency filter applied in SQL, so that a city's calendar reads only its own rows and no plan's
index; without a usable index (`--no-cache`, data in memory) they are the tasks of
hncc.queries.tasks. Both give the same events (tests/test_calendar_query.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

import orjson

from hncc.data.dataset import Dataset, PlanFile
from hncc.domain import status
from hncc.domain.text import shorten
from hncc.queries import derived
from hncc.queries import tasks as queries
from hncc.queries.entries import of as entries_of
from hncc.queries.tasks import EVERYTHING, Scope, Task
from hncc.queries.workitems import ItemNames

SUMMARY_WIDTH = 60
REMIND_DAYS = 7
_UNSAFE_UID = re.compile(r"[^0-9A-Za-z.-]+")


@dataclass(frozen=True)
class Event:
    """One occurrence as a calendar event; `end` is exclusive (the day after the last day)."""

    uid: str
    start: dt.date
    end: dt.date
    summary: str
    description: str
    due: dt.date  # the last day; `start` is earlier for a yearly window
    changed: dt.date  # when the content last changed: the event's DTSTAMP


class Due(NamedTuple):
    """What an event says of one dated occurrence of a work item (a Task, or a row of the
    query index): its record's plan and ref, its words, agencies and state on the as-of date."""

    plan: str
    ref: str
    year: int | None
    title: str
    deadline_text: str | None
    deadline_source: str | None
    lead: tuple[str, ...]
    cooperating: tuple[str, ...]
    status_label: str
    progress_label: str
    status_derived: str | None
    status_date: dt.date | None
    elsewhere: tuple[str, ...]  # the other places that name it: "161/KH-UBND II.1.1"
    approximate: bool
    due: dt.date


def uid(plan: str, ref: str, year: int | None) -> str:
    """A stable identifier: plan key, ref and (for a recurring deadline) the year."""
    parts = [plan, ref] + ([str(year)] if year else [])
    return _UNSAFE_UID.sub("-", "-".join(parts)) + "@hncc"


def _description(number: str, due: Due) -> str:
    lines = [
        f"Kế hoạch {number}, mục {due.ref}",
        f"Nội dung: {due.title}",
        f"Thời gian (nguyên văn): {due.deadline_text or ''}"
        + (f" ({due.deadline_source})" if due.deadline_source else ""),
        f"Chủ trì: {'; '.join(due.lead) or 'không ghi'}",
        f"Phối hợp: {'; '.join(due.cooperating) or 'không ghi'}",
        f"Trạng thái: {due.status_label} ({due.progress_label})"
        + (f"; {due.status_derived}" if due.status_derived else "")
        + (f", cập nhật ngày {due.status_date:%d/%m/%Y}" if due.status_date else ""),
    ]
    if due.elsewhere:
        lines.append(f"Cũng nhắc ở: {'; '.join(due.elsewhere)}")
    return "\n".join(lines)


def _event(plan: PlanFile, due: Due, window: dt.date | None, as_of: dt.date) -> Event:
    """The event of `due`, in `plan` (its record's), opening on `window` if that is given."""
    year = f" ({due.year})" if due.year else ""
    approximate = " (dự kiến)" if due.approximate else ""
    after_due = due.due + dt.timedelta(days=1)
    issued = dt.date.fromordinal(plan.head.date)
    changes = [issued, due.status_date or issued, after_due if as_of >= after_due else issued]
    return Event(
        uid=uid(due.plan, due.ref, due.year), start=window or due.due, end=after_due,
        summary=f"{plan.number} {due.ref}{year}: {shorten(due.title, SUMMARY_WIDTH)}"
                f"{approximate}",
        description=_description(plan.number, due), due=due.due, changed=max(changes),
    )


def events(dataset: Dataset, as_of: dt.date, where: Scope = EVERYTHING) -> list[Event]:
    """An event for every occurrence of a work item in scope that has a due date, in plan and
    file order: one event a year for a yearly item, however many parts it has."""
    found = _from_index(dataset, as_of, where)
    if found is None:
        found = [_of_task(t) for t in queries.tasks(dataset, as_of, where) if t.due is not None]
    plans = {plan_file.key: plan_file for plan_file in dataset.plans}  # of one key, the last
    windows = _windows(dataset, plans, [d for d in found if d.year])
    return [_event(plans[d.plan], d, windows.get((d.plan, d.ref, d.due)), as_of) for d in found]


def _of_task(task: Task) -> Due:
    assert task.due is not None
    return Due(task.plan, task.ref, task.year, task.title, task.deadline_text,
               task.deadline_source, task.lead, task.cooperating, task.status_label,
               task.progress_label, task.status_derived, task.status_date,
               tuple(_elsewhere(m.plan, m.ref) for m in task.mentions if m.role != "item"),
               task.approximate, task.due)


def _elsewhere(plan: str, ref: str) -> str:
    return f"{plan.split('@')[0]} {ref}"


# The dated occurrences of work items with their state on an as-of date (?, ?), their work and
# the place of the work in plan order; work is read first, so that a filter on its agencies
# (the `{}`) reads only the occurrences of the works it keeps.
_OCCURRENCES = (
    "SELECT w.plan, w.ref, t.year, w.title, w.deadline_text, w.deadline_source, w.agencies, "
    "w.mentions, w.kind, s.status, s.progress, s.derived, s.status_date, t.approximate, t.due, "
    "w.rank_plan, w.rank_n, w.seq, t.id "
    "FROM work w CROSS JOIN tasks t ON t.work = w.id CROSS JOIN task_states s ON s.task = t.id "
    "WHERE w.source = ? AND t.due IS NOT NULL AND s.start <= ? AND ? < s.stop{}")


def _from_index(dataset: Dataset, as_of: dt.date, where: Scope) -> list[Due] | None:
    """The Dues of `events` from the query index; None without a usable one, or for a scope
    this reads no faster than a task list (a year, a status, a kind)."""
    if where.year is not None or where.status is not None or where.kind is not None:
        return None
    registry = dataset.registry
    names: dict[int, ItemNames] = {}

    def reader(db: Any) -> list[tuple]:
        clauses, parameters = [], []
        for agencies, written in derived.agency_lists(db).items():
            written_names = tuple(tuple(n) for n in orjson.loads(written))
            names[agencies] = queries.names_of(registry, written_names)  # type: ignore[arg-type]
        if where.agency_ids is not None:
            owner = replace(where, plan=None)  # the plan is asked of the work below
            kept = [agencies for agencies, found in names.items()
                    if owner.admits_owner("", found[2], found[3])]
            clauses.append("w.agencies IN (SELECT value FROM json_each(?))")
            parameters.append(orjson.dumps(kept).decode())
        if where.plan is not None:  # an item with a part in the plan, as a task list
            clauses.append("EXISTS (SELECT 1 FROM json_each(w.plans) WHERE value = ?)")
            parameters.append(where.plan)
        query = _OCCURRENCES.format("".join(f" AND {clause}" for clause in clauses))
        day = as_of.toordinal()
        return db.execute(query, (derived.ITEM, day, day, *parameters)).fetchall()

    rows = derived.read(dataset, "tasks", queries.derived_rows, reader)
    if rows is None:
        return None
    position = {plan_file.key: i for i, plan_file in enumerate(dataset.plans)}
    rows.sort(key=lambda r: (position[r[15]], r[16], r[17], r[18]))  # as a task list
    elsewhere: dict[str, tuple[str, ...]] = {}
    found = []
    for (plan, ref, year, title, deadline_text, deadline_source, agencies, mentions, kind, code,
         progress, how, date, approximate, due, *_) in rows:
        others = elsewhere.get(mentions)
        if others is None:
            others = elsewhere[mentions] = tuple(_elsewhere(m[0], m[1])
                                                 for m in orjson.loads(mentions) if m[3] != "item")
        labels = status.TARGET_LABELS if kind == "target" else status.PROGRESS_LABELS
        resolved = names[agencies]
        found.append(Due(
            plan, ref, year, title, deadline_text, deadline_source, resolved[0][0],
            resolved[1][0], status.STATUS_LABELS[code or status.UNRECORDED], labels[progress],
            how, dt.date.fromordinal(date) if date else None, others, bool(approximate),
            dt.date.fromordinal(due)))
    return found


Window = tuple[str, str, dt.date]  # plan key, ref, due date


def _windows(dataset: Dataset, plans: dict[str, PlanFile], yearly: Iterable[Due]
             ) -> dict[Window, dt.date]:
    """(plan, ref, due) -> the day the window of that occurrence of the entry's own deadline
    opens ("vào tháng 10-11 hàng năm": 01/10), for the yearly occurrences that have one
    (hncc.queries.entries.Entries.occurrence_start, the entry's row read from the query index
    where it can be, the plan's index where not)."""
    wanted = {(d.plan, d.ref, d.due) for d in yearly}
    found: dict[Window, dt.date] = {}
    rows = _entry_rows(dataset, plans, wanted) if wanted else {}
    entries = None
    for plan, ref, due in wanted:
        dues = rows.get((plan, ref))
        if dues is None:
            entries = entries or entries_of(dataset)
            start = entries.occurrence_start(plan, ref, due)
        else:
            day = due.toordinal()
            start = next((dt.date.fromordinal(begins) for ends, begins, _, _ in dues
                          if ends == day and begins is not None), None)
        if start is not None:
            found[plan, ref, due] = start
    return found


# The rows of `entries` with these refs in the plan files with these paths, with whether the
# file is of the plan read (its fingerprint) and has two entries with one ref.
_ENTRY_ROWS = (
    "SELECT f.path, f.fingerprint, instr(f.problems, '\"duplicate-id\"'), e.ref, e.\"order\", "
    "e.due_ordinals FROM files f JOIN entries e ON e.file = f.id "
    "WHERE f.path IN (SELECT value FROM json_each(?)) AND e.ref IN (SELECT value FROM json_each(?))")


def _entry_rows(dataset: Dataset, plans: dict[str, PlanFile], wanted: set[Window]
                ) -> dict[tuple[str, str], list]:
    """(plan, ref) -> the due_ordinals of that entry, from the query index: only for an entry
    of a plan file whose row is of the file read, with no other entry of the same ref (whose
    ref a heading may share: then the plan's index says which counts)."""
    key_of = {str(plans[plan].path): plan for plan, _, _ in wanted}
    paths = orjson.dumps(sorted(key_of)).decode()
    refs = orjson.dumps(sorted({ref for _, ref, _ in wanted})).decode()
    selected = derived.read(dataset, "tasks", queries.derived_rows,
                            lambda db: db.execute(_ENTRY_ROWS, (paths, refs)).fetchall())
    found: dict[tuple[str, str], list] = {}
    doubtful: set[tuple[str, str]] = set()
    for path, fingerprint, duplicates, ref, _, dues in sorted(selected or (), key=lambda r: r[4]):
        key = (key_of[path], ref)
        if duplicates or key in found or \
                tuple(orjson.loads(fingerprint)) != dataset.fingerprints.get(path):
            doubtful.add(key)
        found[key] = orjson.loads(dues)
    return {key: dues for key, dues in found.items() if key not in doubtful}
