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
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, NamedTuple

import orjson

from hncc.data import cache
from hncc.data.dataset import Dataset, PlanFile
from hncc.domain import deadlines, status
from hncc.domain.text import shorten
from hncc.queries import derived
from hncc.queries import tasks as queries
from hncc.queries.entries import of as entries_of
from hncc.queries.tasks import EVERYTHING, Scope, Task

SUMMARY_WIDTH = 60
REMIND_DAYS = 7
_UNSAFE_UID = re.compile(r"[^0-9A-Za-z.-]+")


class Event(NamedTuple):
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
    month: int | None = None  # of an occurrence of a deadline recurring within the year

    @property
    def period(self) -> str:
        """The occurrence's period: "2025", "3/2025" (within the year), or ""."""
        return deadlines.period(self.year, self.month)


Window = tuple[str, str, dt.date]  # the plan key and ref of an entry, a due date of its own


def uid(plan: str, ref: str, year: int | None, month: int | None = None) -> str:
    """A stable identifier: plan key, ref and (for a recurring deadline) the year, and the
    month for one recurring within the year (each month's report is an event of its own)."""
    period = f"-{year}" if year else ""
    return f"{_safe(plan)}-{_safe(ref)}{period}{f'-{month:02d}' if month else ''}@hncc"


@lru_cache(maxsize=8192)
def _safe(part: str) -> str:
    """`part` of a UID, every run of other characters than letters, digits, "." and "-" as "-"
    (those never run across the "-" between parts, so each part is made safe once)."""
    return _UNSAFE_UID.sub("-", part)


@lru_cache(maxsize=8192)
def _short(title: str) -> str:
    """The title as a summary shows it (the same titles recur in every year and many plans)."""
    return shorten(title, SUMMARY_WIDTH)


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
    year = f" ({due.period})" if due.year else ""
    approximate = " (dự kiến)" if due.approximate else ""
    after_due = due.due + dt.timedelta(days=1)
    issued = dt.date.fromordinal(plan.head.date)
    changed = max(issued, due.status_date or issued, after_due if as_of >= after_due else issued)
    return Event(uid(due.plan, due.ref, due.year, due.month), window or due.due, after_due,
                 f"{plan.number} {due.ref}{year}: {_short(due.title)}{approximate}",
                 _description(plan.number, due), due.due, changed)


def events(dataset: Dataset, as_of: dt.date, where: Scope = EVERYTHING) -> list[Event]:
    """An event for every occurrence of a work item in scope that has a due date, in plan and
    file order: one event a year for a yearly item, however many parts it has."""
    return list(each_event(dataset, as_of, where))


def each_event(dataset: Dataset, as_of: dt.date, where: Scope = EVERYTHING) -> Iterator[Event]:
    """The events of `events`, made one at a time as they are asked for (a calendar of a
    city's plans is written without holding them all); what they say is read at once."""
    plans = {plan_file.key: plan_file for plan_file in dataset.plans}  # of one key, the last
    read = _from_index(dataset, plans, as_of, where)
    found, windows = read if read is not None else (
        [_of_task(t) for t in queries.tasks(dataset, as_of, where) if t.due is not None],
        Windows(dataset))
    return (_event(plans[d.plan], d, windows.of(d), as_of) for d in found)


class Windows:
    """The day the window of a yearly occurrence opens ("vào tháng 10-11 hàng năm": 01/10), as
    Entries.occurrence_start finds it in the entry's own deadline: read from the index's
    `occurrences` for the plans in `known` (`starts`: the windows there; `doubtful`: where two
    entries of the plan have the ref, whose later Entries takes), else from the plan's index."""

    def __init__(self, dataset: Dataset, known: frozenset[str] = frozenset(),
                 starts: dict[Window, dt.date] | None = None,
                 doubtful: frozenset[Window] = frozenset()) -> None:
        self.dataset = dataset
        self.known = known
        self.starts = starts or {}
        self.doubtful = doubtful

    def of(self, due: Due) -> dt.date | None:
        if not due.year:
            return None
        key = (due.plan, due.ref, due.due)
        if due.plan in self.known and key not in self.doubtful:
            return self.starts.get(key)
        return entries_of(self.dataset).occurrence_start(*key)


def _of_task(task: Task) -> Due:
    assert task.due is not None
    return Due(task.plan, task.ref, task.year, task.title, task.deadline_text,
               task.deadline_source, task.lead, task.cooperating, task.status_label,
               task.progress_label, task.status_derived, task.status_date,
               tuple(_elsewhere(m.plan, m.ref) for m in task.mentions if m.role != "item"),
               task.approximate, task.due, task.month)


def _elsewhere(plan: str, ref: str) -> str:
    return f"{plan.split('@')[0]} {ref}"


# The works of work items with the dated occurrences each has, with their state on an as-of date
# (?, ?), as a JSON list; works are read first, so that a filter on their agencies (the `{}`)
# reads only the occurrences of the works it keeps.
_WORKS = (
    "SELECT w.plan, w.ref, w.title, w.deadline_text, w.deadline_source, w.agencies, w.mentions, "
    "w.kind, w.rank_plan, w.rank_n, w.seq, json_group_array(json_array(t.id, t.due, t.year, "
    "t.approximate, s.status, s.progress, s.derived, s.status_date, t.month, t.agencies)) "
    "FROM work w CROSS JOIN tasks t ON t.work = w.id CROSS JOIN task_states s ON s.task = t.id "
    "WHERE w.source = ? AND t.due IS NOT NULL AND s.start <= ? AND ? < s.stop{} GROUP BY w.id")


def _from_index(dataset: Dataset, plans: dict[str, PlanFile], as_of: dt.date, where: Scope
                ) -> tuple[list[Due], Windows] | None:
    """The Dues of `events` from the query index, and the Windows it can tell; None without a
    usable index, or for a scope this reads no faster than a task list (a year, a status, a
    kind)."""
    if where.year is not None or where.status is not None or where.kind is not None:
        return None
    position = {plan_file.key: i for i, plan_file in enumerate(dataset.plans)}

    def reader(db: Any) -> tuple[list[Due], Windows]:
        lists = derived.agency_lists(db)
        names = {agencies: queries.agency_list_names(dataset.registry, written)
                 for agencies, written in lists.items()}
        # The agencies as a task list admits them; the plan (an item with a part in it), too.
        only, chosen = derived.admitted_clause(lists, queries.lists_admitted(dataset.registry,
                                                                             where))
        clauses, parameters = queries.scope_clauses(where)
        query = _WORKS.format(only + "".join(f" AND {clause}" for clause in clauses))
        day = as_of.toordinal()
        found = []
        for (plan, ref, title, deadline_text, deadline_source, agencies, mentions, kind,
             rank_plan, rank_n, seq, occurrences) in db.execute(query, (derived.ITEM, day, day,
                                                                        *chosen, *parameters)):
            rank = (position[rank_plan], rank_n, seq)
            resolved = names[agencies]
            elsewhere = tuple(_elsewhere(m[0], m[1]) for m in orjson.loads(mentions)
                              if m[3] != "item")
            labels = status.TARGET_LABELS if kind == "target" else status.PROGRESS_LABELS
            for (task, due, year, approximate, code, progress, how, date,
                 month, own) in orjson.loads(occurrences):
                # an occurrence only some parts share has its own agencies (tasks.agencies)
                who = resolved if own is None else names[own]
                found.append((rank, task, Due(
                    plan, ref, year, title, deadline_text, deadline_source, who[0][0],
                    who[1][0], status.STATUS_LABELS[code or status.UNRECORDED],
                    labels[progress], how, dt.date.fromordinal(date) if date else None,
                    elsewhere, bool(approximate), dt.date.fromordinal(due), month)))
        found.sort(key=lambda triple: triple[:2])  # as a task list: by the work's rank, in turn
        dues = [due for _, _, due in found]
        return dues, _windows(db, dataset, plans, [d for d in dues if d.year])

    return derived.read(dataset, "tasks", queries.derived_rows, reader)


# The plan files of the index with these paths: their ids, whether the row is of the file read
# (its fingerprint), and whether the file has two entries (or an entry and a heading) of one ref.
_FILES = ("SELECT id, path, fingerprint, instr(problems, '\"duplicate-id\"') FROM files "
          "WHERE path IN (SELECT value FROM json_each(?))")
# The occurrences with a window of the entries with these refs, in every plan file.
_STARTS = ("SELECT file, ref, due, start FROM occurrences "
           "WHERE start IS NOT NULL AND ref IN (SELECT value FROM json_each(?))")


def _windows(db: Any, dataset: Dataset, plans: dict[str, PlanFile], yearly: list[Due]
             ) -> Windows:
    """The Windows of the `yearly` occurrences, read from the index's `occurrences`, for the
    plan files whose row is of the file read and that have no ref twice."""
    names = {cache.row_name(plans[d.plan].path): d.plan for d in yearly}
    known = {file: names[name] for file, name, fingerprint, doubled
             in db.execute(_FILES, (orjson.dumps(list(names)).decode(),))
             if not doubled and tuple(orjson.loads(fingerprint))
             == dataset.fingerprints.get(str(plans[names[name]].path))}
    starts: dict[Window, dt.date] = {}
    doubtful = set()
    refs = orjson.dumps(sorted({d.ref for d in yearly})).decode()
    for file, ref, due, start in db.execute(_STARTS, (refs,)):
        plan = known.get(file)
        if plan is not None:
            key = (plan, ref, dt.date.fromisoformat(due))
            if key in starts:
                doubtful.add(key)  # two entries of one ref: Entries takes the later
            starts[key] = dt.date.fromisoformat(start)
    return Windows(dataset, frozenset(known.values()), starts, frozenset(doubtful))
