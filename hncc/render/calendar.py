"""Calendar events (hncc.queries.calendar) as an iCalendar file (RFC 5545), written directly.

Nothing in the file depends on the day it is written: DTSTAMP is the day an event's content last
changed, so the same data gives the same bytes. Each event carries an alarm a number of days
before its due date.

The file is written here, an event at a time, rather than built as a tree of objects by the
`icalendar` package, which took most of the time and memory of a calendar of a city's plans.
It is the same bytes the package writes (tests/test_calendar_writer.py compares them, on the
shipped data and on generated texts): properties in the package's order, TEXT values escaped as
it escapes them, lines of at most 74 octets folded with CRLF and a space, never inside a
character, and never just after a backslash or a caret (so that no escape is split). Like the
package (version 7), the calendar's name (X-WR-CALNAME, an extension of no declared type) is
written as it is, commas and semicolons unescaped; only a line break, which the package cannot
write there, is written as an escaped one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

from hncc.domain.dates import VIETNAM
from hncc.queries.calendar import REMIND_DAYS, Event

PRODID = "-//hncc//Hạn nhiệm vụ kế hoạch UBND thành phố Hà Nội//VI"

LINE_OCTETS = 74  # the longest line (or piece of a folded line, without its leading space)
CRLF = b"\r\n"
FOLD = b"\r\n "
# The longest run of at most LINE_OCTETS bytes that ends between two UTF-8 characters.
_PIECE = re.compile(rb"(?s).{1,%d}(?![\x80-\xbf])" % LINE_OCTETS)
_ESCAPE_AT_FOLD = (b"\\" + FOLD, b"^" + FOLD)


def text(value: str) -> str:
    """A TEXT value escaped (RFC 5545, 3.3.11) as the icalendar package escapes it: backslash,
    semicolon and comma escaped, every line break (and a written "\\N") as "\\n"."""
    return (value.replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;")
            .replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _unknown(value: str) -> str:
    """The value of a property of no declared type, as written (line breaks escaped)."""
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def content_line(line: str) -> bytes:
    """One content line in UTF-8 with its CRLF, folded (RFC 5545, 3.1) where it is longer than
    LINE_OCTETS octets."""
    data = line.encode()
    if len(data) <= LINE_OCTETS:
        return data + CRLF
    folded = FOLD.join(_PIECE.findall(data))
    if any(mark in folded for mark in _ESCAPE_AT_FOLD):  # rare: fold again, one piece at a time
        folded = FOLD.join(_pieces(data))
    return folded + CRLF


def _pieces(data: bytes) -> Iterator[bytes]:
    """The pieces of a folded line: each the longest that fits, but one that would end with a
    backslash or a caret leaves it to the next piece (as icalendar does, so that an escape such
    as "\\," stays on one line)."""
    start = 0
    while len(data) - start > LINE_OCTETS:
        cut = start + LINE_OCTETS
        while data[cut] & 0xC0 == 0x80:  # inside a character: cut before it
            cut -= 1
        if data[cut - 1] in b"\\^" and cut - start > 1:
            cut -= 1
        yield data[start:cut]
        start = cut
    yield data[start:]


def _date(day: dt.date) -> str:
    return f"{day.year:04}{day.month:02}{day.day:02}"


_STAMPS: dict[dt.date, str] = {}


def _stamp(day: dt.date) -> str:
    """The start of `day` in Vietnam, in UTC ("20230530T170000Z")."""
    found = _STAMPS.get(day)
    if found is None:
        moment = dt.datetime.combine(day, dt.time(), VIETNAM).astimezone(dt.UTC)
        found = _STAMPS[day] = f"{_date(moment)}T{moment:%H%M%S}Z"
    return found


def _duration(days: int) -> str:
    """A DURATION of whole days (RFC 5545, 3.3.6): "-P7D"."""
    return f"-P{-days}D" if days < 0 else f"P{days}D"


def _alarm(item: Event, days: int) -> list[str]:
    """A reminder `days` before the due date: from the start of a one-day event, from the end
    (the day after the last day) of a window, so that it falls on the same day either way."""
    trigger = (f"TRIGGER:{_duration(-days)}" if item.start == item.due
               else f"TRIGGER;RELATED=END:{_duration(-days - 1)}")
    return ["BEGIN:VALARM", "ACTION:DISPLAY",
            f"DESCRIPTION:{text(f'Còn {days} ngày đến hạn: {item.summary}')}", trigger,
            "END:VALARM"]


def _event(item: Event, remind_days: int) -> bytes:
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY:{text(item.summary)}",
        f"DTSTART;VALUE=DATE:{_date(item.start)}",
        f"DTEND;VALUE=DATE:{_date(item.end)}",
        f"DTSTAMP:{_stamp(item.changed)}",
        f"UID:{text(item.uid)}",
        f"DESCRIPTION:{text(item.description)}",
        "TRANSP:TRANSPARENT",
        *(_alarm(item, remind_days) if remind_days else ()),
        "END:VEVENT",
    ]
    return b"".join(map(content_line, lines))


def chunks(found: Iterable[Event], name: str, remind_days: int = REMIND_DAYS) -> Iterator[bytes]:
    """The iCalendar file `ics` makes, a piece at a time: the header, each event, the end."""
    yield b"".join(map(content_line, [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{text(PRODID)}", "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_unknown(name)}"]))
    for item in found:
        yield _event(item, remind_days)
    yield content_line("END:VCALENDAR")


def ics(found: Iterable[Event], name: str, remind_days: int = REMIND_DAYS) -> bytes:
    """The events as an iCalendar file named `name`, with an alarm `remind_days` before each due
    date (none when 0). The same events give the same bytes, whatever the day."""
    return b"".join(chunks(found, name, remind_days))
