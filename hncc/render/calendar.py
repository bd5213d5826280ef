"""Calendar events (hncc.queries.calendar) as an iCalendar file (RFC 5545).

Nothing in the file depends on the day it is written: DTSTAMP is the day an event's content last
changed, so the same data gives the same bytes. Each event carries an alarm a number of days
before its due date. The icalendar package is imported only here, when a calendar is asked for.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hncc.domain.dates import VIETNAM
from hncc.queries.calendar import REMIND_DAYS, Event

PRODID = "-//hncc//Hạn nhiệm vụ kế hoạch UBND thành phố Hà Nội//VI"


def _stamp(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), VIETNAM).astimezone(dt.UTC)


def _alarm(item: Event, days: int) -> Any:
    """A reminder `days` before the due date: from the start of a one-day event, from the end
    (the day after the last day) of a window, so that it falls on the same day either way."""
    import icalendar

    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Còn {days} ngày đến hạn: {item.summary}")
    if item.start == item.due:
        alarm.add("trigger", dt.timedelta(days=-days))
    else:
        alarm.add("trigger", dt.timedelta(days=-days - 1), parameters={"RELATED": "END"})
    return alarm


def ics(found: list[Event], name: str, remind_days: int = REMIND_DAYS) -> bytes:
    """The events as an iCalendar file named `name`, with an alarm `remind_days` before each due
    date (none when 0). The same events give the same bytes, whatever the day."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for item in found:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", _stamp(item.changed))
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("transp", "TRANSPARENT")
        if remind_days:
            event.add_component(_alarm(item, remind_days))
        calendar.add_component(event)
    return calendar.to_ical()
