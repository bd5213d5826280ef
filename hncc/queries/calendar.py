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
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from hncc.data.dataset import Dataset
from hncc.domain.text import shorten
from hncc.queries import tasks as queries
from hncc.queries.entries import Entries
from hncc.queries.entries import of as entries_of
from hncc.queries.tasks import EVERYTHING, Scope, Task

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


def uid(task: Task) -> str:
    """A stable identifier: plan key, ref and (for a recurring deadline) the year."""
    parts = [task.plan, task.ref] + ([str(task.year)] if task.year else [])
    return _UNSAFE_UID.sub("-", "-".join(parts)) + "@hncc"


def _description(number: str, task: Task) -> str:
    lines = [
        f"Kế hoạch {number}, mục {task.ref}",
        f"Nội dung: {task.title}",
        f"Thời gian (nguyên văn): {task.deadline_text or ''}"
        + (f" ({task.deadline_source})" if task.deadline_source else ""),
        f"Chủ trì: {'; '.join(task.lead) or 'không ghi'}",
        f"Phối hợp: {'; '.join(task.cooperating) or 'không ghi'}",
        f"Trạng thái: {task.status_label} ({task.progress_label})"
        + (f"; {task.status_derived}" if task.status_derived else "")
        + (f", cập nhật ngày {task.status_date:%d/%m/%Y}" if task.status_date else ""),
    ]
    others = [f"{m.plan.split('@')[0]} {m.ref}" for m in task.mentions if m.role != "item"]
    if others:
        lines.append(f"Cũng nhắc ở: {'; '.join(others)}")
    return "\n".join(lines)


def _event(entries: Entries, task: Task, due: dt.date, as_of: dt.date) -> Event:
    """The event of `task`, which is due on `due`."""
    plan = entries.plans[task.plan]
    window = entries.occurrence_start(task.plan, task.ref, task.due) if task.year else None
    year = f" ({task.year})" if task.year else ""
    approximate = " (dự kiến)" if task.approximate else ""
    after_due = due + dt.timedelta(days=1)
    issued = dt.date.fromordinal(plan.date)
    changes = [issued, task.status_date or issued, after_due if as_of >= after_due else issued]
    return Event(
        uid=uid(task), start=window or due, end=after_due,
        summary=f"{plan.number} {task.ref}{year}: {shorten(task.title, SUMMARY_WIDTH)}"
                f"{approximate}",
        description=_description(plan.number, task), due=due, changed=max(changes),
    )


def events(dataset: Dataset, as_of: dt.date, where: Scope = EVERYTHING) -> list[Event]:
    """An event for every occurrence of a work item in scope that has a due date, in plan and
    file order: one event a year for a yearly item, however many parts it has."""
    entries = entries_of(dataset)
    return [_event(entries, t, t.due, as_of) for t in queries.tasks(dataset, as_of, where)
            if t.due is not None]
