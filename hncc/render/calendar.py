"""Calendar events (hncc.queries.calendar) as an iCalendar file (RFC 5545).

DTSTAMP is the as-of date, so the same data and date give the same bytes. The icalendar package
is imported only here, when a calendar is asked for.
"""

from __future__ import annotations

import datetime as dt

from hncc.domain.dates import VIETNAM
from hncc.queries.calendar import Event

PRODID = "-//hncc//Hạn nhiệm vụ kế hoạch UBND thành phố Hà Nội//VI"


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
