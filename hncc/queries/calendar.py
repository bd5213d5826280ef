"""Deadlines as an iCalendar file (RFC 5545), so staff can subscribe in their calendar program.

One all-day event per occurrence of a work item's deadline (a piece of work named in several
places is one event, hncc.queries.workitems): on the due date, or across the window of a
yearly window ("vào tháng 10-11 hàng năm": 01/10 to 30/11). The UID comes from the plan, the
entry and the year, so a calendar program updates an event instead of adding a copy, and DTSTAMP
is the as-of date, so the same data and date give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from hncc.data.loader import Dataset
from hncc.data.model import Plan
from hncc.domain.text import shorten
from hncc.queries import reports
from hncc.queries import tasks as queries
from hncc.queries.tasks import EVERYTHING, Scope, Task

PRODID = "-//hncc//Hạn nhiệm vụ kế hoạch UBND thành phố Hà Nội//VI"
VIETNAM = dt.timezone(dt.timedelta(hours=7))
SUMMARY_WIDTH = 60
_UNSAFE_UID = re.compile(r"[^0-9A-Za-z.-]+")


@dataclass(frozen=True)
class Event:
    """One occurrence as a calendar event; `end` is exclusive (the day after the last day)."""

    uid: str
    start: dt.date
    end: dt.date
    summary: str
    description: str


def uid(task: Task) -> str:
    """A stable identifier: plan key, ref and (for a recurring deadline) the year."""
    parts = [task.plan, task.ref] + ([str(task.year)] if task.year else [])
    return _UNSAFE_UID.sub("-", "-".join(parts)) + "@hncc"


def _description(number: str, task: Task, as_of: dt.date) -> str:
    lines = [
        f"Kế hoạch {number}, mục {task.ref}",
        f"Nội dung: {task.title}",
        f"Thời gian (nguyên văn): {task.deadline_text or ''}"
        + (f" ({task.deadline_source})" if task.deadline_source else ""),
        f"Chủ trì: {'; '.join(task.lead) or 'không ghi'}",
        f"Phối hợp: {'; '.join(task.cooperating) or 'không ghi'}",
        f"Trạng thái ngày {as_of:%d/%m/%Y}: {task.status_label} ({task.progress_label})"
        + (f"; {task.status_derived}" if task.status_derived else ""),
    ]
    others = [f"{m.plan.split('@')[0]} {m.ref}" for m in task.mentions if m.role != "item"]
    if others:
        lines.append(f"Cũng nhắc ở: {'; '.join(others)}")
    return "\n".join(lines)


def _event(plan: Plan, task: Task, as_of: dt.date) -> Event:
    window = reports.occurrence_start(plan, task) if task.year else None
    year = f" ({task.year})" if task.year else ""
    approximate = " (dự kiến)" if task.approximate else ""
    return Event(
        uid=uid(task), start=window or task.due, end=task.due + dt.timedelta(days=1),
        summary=f"{plan.number} {task.ref}{year}: {shorten(task.title, SUMMARY_WIDTH)}"
                f"{approximate}",
        description=_description(plan.number, task, as_of),
    )


def events(dataset: Dataset, as_of: dt.date, where: Scope = EVERYTHING) -> list[Event]:
    """An event for every occurrence of a work item in scope that has a due date, in plan and
    file order."""
    plans = reports.plans_by_key(dataset)
    return [_event(plans[t.plan], t, as_of) for t in queries.tasks(dataset, as_of, where)
            if t.due is not None]


def ics(found: list[Event], name: str, as_of: dt.date) -> bytes:
    """The events as an iCalendar file named `name`, stamped with midnight of `as_of` in Vietnam."""
    import icalendar

    stamp = dt.datetime.combine(as_of, dt.time(), VIETNAM).astimezone(dt.UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for item in found:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
