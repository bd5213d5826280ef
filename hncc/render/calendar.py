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
import io
import re
from collections.abc import Iterable, Iterator

from hncc.domain.dates import VIETNAM
from hncc.queries.calendar import REMIND_DAYS, Event

PRODID = "-//hncc//Hạn nhiệm vụ kế hoạch UBND thành phố Hà Nội//VI"

LINE_OCTETS = 74  # the longest line, or piece of a folded line (without its leading space)
CRLF = b"\r\n"
FOLD = b"\r\n "
_C = rb"(?![\x80-\xbf])"  # here a UTF-8 character starts (or the line ends)
_MARK = rb"(?=[\\^])"  # a backslash or a caret follows, which must not end a piece
# The pieces of one line (in UTF-8), in order. While more than 74 octets are left: the longest
# run of at most 74 octets that ends where a character starts (74, or 73, 72, 71 before a
# character of 2, 3, 4 octets that does not fit), without its last octet if that is a backslash
# or a caret: the first of the alternatives that matches, in order. Then what is left.
_PIECE = re.compile(rb"(?s)(?=.{%d})(?:" % (LINE_OCTETS + 1) + b"|".join(
    rb".{%d}" % (length - 1) + _MARK + rb"|.{%d}" % length + _C
    for length in range(LINE_OCTETS, LINE_OCTETS - 4, -1)) + rb")|.{1,%d}" % LINE_OCTETS)


# The control characters no content line may hold (RFC 5545, 3.1 and 3.3.11: none but the tab;
# line breaks are escaped before): Word's manual line break (U+000B) comes with text pasted from
# Word. Written as spaces, a byte at a time (in UTF-8 no other character has such a byte).
_SPACES = bytes.maketrans(bytes([*range(0x09), *range(0x0A, 0x20), 0x7F]), b" " * 0x20)


def text(value: str) -> str:
    """A TEXT value escaped (RFC 5545, 3.3.11) as the icalendar package escapes it: backslash,
    semicolon and comma escaped, every line break (and a written "\\N") as "\\n"."""
    if "\\" in value:
        value = value.replace("\\N", "\n").replace("\\", "\\\\")
    value = value.replace(";", "\\;").replace(",", "\\,")
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\n", "\\n")


def _unknown(value: str) -> str:
    """The value of a property of no declared type, as written (line breaks escaped)."""
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def content_line(line: str) -> bytes:
    """One content line in UTF-8 with its CRLF, folded (RFC 5545, 3.1) where it is longer than
    LINE_OCTETS octets; a control character in it (but the tab) as a space."""
    data = line.encode().translate(_SPACES)
    if len(data) <= LINE_OCTETS:
        return data + CRLF
    return FOLD.join(_PIECE.findall(data)) + CRLF


_DAYS: dict[dt.date, str] = {}


def _date(day: dt.date) -> str:
    """A DATE value (RFC 5545, 3.3.4): "20230531"."""
    found = _DAYS.get(day)
    if found is None:
        found = _DAYS[day] = f"{day.year:04}{day.month:02}{day.day:02}"
    return found


_STAMPS: dict[dt.date, str] = {}


def _stamp(day: dt.date) -> str:
    """The start of `day` in Vietnam, in UTC, as a DATE-TIME value: "20230530T170000Z"."""
    found = _STAMPS.get(day)
    if found is None:
        moment = dt.datetime.combine(day, dt.time(), VIETNAM).astimezone(dt.UTC)
        found = _STAMPS[day] = f"{_date(moment.date())}T{moment:%H%M%S}Z"
    return found


def _duration(days: int) -> str:
    """A DURATION of whole days (RFC 5545, 3.3.6): "-P7D"."""
    return f"-P{-days}D" if days < 0 else f"P{days}D"


class _Alarm:
    """What the alarm of every event says: a reminder `days` before the due date, from the
    start of a one-day event, from the end (the day after the last day) of a window, so that
    it falls on the same day either way."""

    def __init__(self, days: int) -> None:
        self.begins = b"BEGIN:VALARM\r\nACTION:DISPLAY\r\n"
        self.description = f"DESCRIPTION:{text(f'Còn {days} ngày đến hạn: ')}"
        self.on_the_day = f"TRIGGER:{_duration(-days)}\r\nEND:VALARM\r\n".encode()
        self.from_the_end = f"TRIGGER;RELATED=END:{_duration(-days - 1)}\r\nEND:VALARM\r\n".encode()


def _event(item: Event, alarm: _Alarm | None) -> bytes:
    summary = text(item.summary)
    lines = [b"BEGIN:VEVENT\r\n", content_line(f"SUMMARY:{summary}"),
             f"DTSTART;VALUE=DATE:{_date(item.start)}\r\nDTEND;VALUE=DATE:{_date(item.end)}\r\n"
             f"DTSTAMP:{_stamp(item.changed)}\r\n".encode(),
             content_line(f"UID:{text(item.uid)}"),
             content_line(f"DESCRIPTION:{text(item.description)}"),
             b"TRANSP:TRANSPARENT\r\n"]
    if alarm is not None:  # the escaped summary follows its escaped words unchanged
        lines += [alarm.begins, content_line(alarm.description + summary),
                  alarm.on_the_day if item.start == item.due else alarm.from_the_end]
    lines.append(b"END:VEVENT\r\n")
    return b"".join(lines)


# RFC 5545 (3.4, 3.6) wants at least one component in a calendar, and readers that check it
# refuse one without: a calendar with no event (an agency with no dated task) holds the time
# zone its dates are in, Vietnam's (UTC+7 since 13/6/1975, the tz database's Asia/Ho_Chi_Minh),
# which says nothing that is not so and adds no event.
TIME_ZONE = (b"BEGIN:VTIMEZONE\r\nTZID:Asia/Ho_Chi_Minh\r\nBEGIN:STANDARD\r\n"
             b"DTSTART:19750613T000000\r\nTZNAME:+07\r\nTZOFFSETFROM:+0800\r\n"
             b"TZOFFSETTO:+0700\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n")


def chunks(found: Iterable[Event], name: str, remind_days: int = REMIND_DAYS) -> Iterator[bytes]:
    """The iCalendar file `ics` makes, a piece at a time: the header, each event (or, when there
    is none, the time zone), the end."""
    yield b"".join(map(content_line, [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{text(PRODID)}", "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_unknown(name)}"]))
    alarm = _Alarm(remind_days) if remind_days else None
    empty = True
    for item in found:
        empty = False
        yield _event(item, alarm)
    if empty:
        yield TIME_ZONE
    yield b"END:VCALENDAR\r\n"


def ics(found: Iterable[Event], name: str, remind_days: int = REMIND_DAYS) -> bytes:
    """The events as an iCalendar file named `name`, with an alarm `remind_days` before each due
    date (none when 0). The same events give the same bytes, whatever the day."""
    written = io.BytesIO()  # its bytes are handed over, not copied: one copy of the file in memory
    for chunk in chunks(found, name, remind_days):
        written.write(chunk)
    return written.getvalue()
