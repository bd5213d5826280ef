"""hncc's own iCalendar writer (hncc.render.calendar) writes the bytes the icalendar package writes.

The reference below builds the calendar through the icalendar package, as hncc did before it
wrote the file itself; the two must agree byte for byte: on the events of the shipped data, and
on generated events whose texts are long Vietnamese lines, commas, semicolons, backslashes,
carets, line breaks and emoji. Then the folding itself, by RFC 5545's rules.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar.parser import Contentline

from hncc.data import loader
from hncc.domain.dates import VIETNAM
from hncc.queries import calendar as calendars
from hncc.queries.calendar import Event
from hncc.queries.tasks import scope
from hncc.render import calendar as writer
from hncc.render.calendar import PRODID, content_line
from tests.conftest import HEADER, REPO


def reference(found: list[Event], name: str, remind_days: int) -> bytes:
    """The calendar as the icalendar package writes it (hncc's renderer before it wrote its own)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for item in found:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", dt.datetime.combine(item.changed, dt.time(), VIETNAM)
                  .astimezone(dt.UTC))
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("transp", "TRANSPARENT")
        if remind_days:
            event.add_component(_reference_alarm(item, remind_days))
        calendar.add_component(event)
    if not found:
        calendar.add_component(_reference_time_zone())
    return calendar.to_ical()


def _reference_time_zone() -> Any:
    """Vietnam's time zone, UTC+7 since 13/6/1975 (the tz database's Asia/Ho_Chi_Minh)."""
    zone = icalendar.Timezone()
    zone.add("tzid", "Asia/Ho_Chi_Minh")
    standard = icalendar.TimezoneStandard()
    standard.add("dtstart", dt.datetime(1975, 6, 13))
    standard.add("tzoffsetfrom", dt.timedelta(hours=8))
    standard.add("tzoffsetto", dt.timedelta(hours=7))
    standard.add("tzname", "+07")
    zone.add_component(standard)
    return zone


def _reference_alarm(item: Event, days: int) -> Any:
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Còn {days} ngày đến hạn: {item.summary}")
    if item.start == item.due:
        alarm.add("trigger", dt.timedelta(days=-days))
    else:
        alarm.add("trigger", dt.timedelta(days=-days - 1), parameters={"RELATED": "END"})
    return alarm


@pytest.fixture(scope="module")
def shipped():
    dataset, _ = loader.load(REPO / "data")
    return dataset


@pytest.mark.parametrize("as_of", [dt.date(2022, 1, 1), dt.date(2023, 6, 30), dt.date(2026, 1, 1)])
def test_calendar_writer__shipped_data_as_icalendar_writes_it(shipped, as_of):
    found = calendars.events(shipped, as_of)
    assert len(found) > 20
    for remind in (0, 1, 7, 366):
        assert writer.ics(found, "Hạn nhiệm vụ các kế hoạch", remind) == \
            reference(found, "Hạn nhiệm vụ các kế hoạch", remind), remind


def test_calendar_writer__each_agency_of_the_shipped_data(shipped):
    as_of = dt.date(2024, 1, 1)
    for agency in shipped.registry:
        found = calendars.events(shipped, as_of, scope(shipped, as_of, agency=agency.id, role="any"))
        name = f"Hạn nhiệm vụ: {agency.name}"
        assert writer.ics(found, name) == reference(found, name, 7), agency.id


# Texts that test escaping and folding: Vietnamese (precomposed and combining marks), what TEXT
# escapes, the caret and backslash a fold must not follow, line breaks of every kind, "\N", emoji.
VIETNAMESE = "ạảãàáâậầấẩẫăắằặẳẵđêềếểễệôồốổỗộơờớởỡợưừứửữựĐƯƠÂÊÔ"
SPECIAL = ",;\\^:\"\n\r\tN \u0301\u0323"
EMOJI = "📅🇻🇳👩‍💼✅"
texts = st.text(alphabet=st.one_of(st.sampled_from(VIETNAMESE), st.sampled_from(SPECIAL),
                                   st.sampled_from(EMOJI), st.sampled_from("abcXYZ019.-/()…")),
                max_size=400)
# The calendar's name: a line break there is what the package cannot write (see below).
names = texts.map(lambda name: name.replace("\r", " ").replace("\n", " "))
dates = st.dates(min_value=dt.date(1900, 1, 2), max_value=dt.date(9998, 12, 30))


@st.composite
def events(draw) -> Event:
    due = draw(dates)
    start = draw(st.one_of(st.just(due), dates.filter(lambda d: d <= due)))
    return Event(uid=draw(st.one_of(texts, st.from_regex(r"[0-9A-Za-z.-]{1,120}@hncc",
                                                          fullmatch=True))),
                 start=start, end=due + dt.timedelta(days=1), summary=draw(texts),
                 description=draw(texts), due=due, changed=draw(dates))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(found=st.lists(events(), max_size=4), name=names, remind=st.integers(-3, 366))
def test_calendar_writer__generated_events_as_icalendar_writes_them(found, name, remind):
    assert writer.ics(found, name, remind) == reference(found, name, remind)


@settings(max_examples=300, deadline=None)
@given(value=texts, name=st.sampled_from(["SUMMARY", "DESCRIPTION", "X-WR-CALNAME"]))
def test_calendar_writer__a_folded_line_unfolds_to_itself_in_pieces_of_75_octets(value, name):
    line = f"{name}:{writer.text(value)}"
    written = content_line(line)
    assert written.endswith(b"\r\n") and b"\n" not in written[:-2].replace(b"\r\n ", b"")
    physical = written[:-2].split(b"\r\n")
    assert all(len(piece) <= 75 for piece in physical)
    assert all(piece.startswith(b" ") for piece in physical[1:])
    for piece in physical:
        piece.decode("utf-8")  # no character is split between two lines
    assert written[:-2].replace(b"\r\n ", b"").decode("utf-8") == line


@pytest.mark.parametrize("mark", ["\\", "^"])
def test_calendar_writer__a_fold_never_falls_just_after_a_backslash_or_a_caret(mark):
    # 73 octets, then the mark: the piece would end with it, so it goes to the next line.
    line = "DESCRIPTION:" + "ạ" * 20 + "a" + mark + ",b"
    assert content_line(line) == ("DESCRIPTION:" + "ạ" * 20 + "a\r\n " + mark + ",b\r\n").encode()
    assert content_line(line) == Contentline(line).to_ical() + b"\r\n"


def test_calendar_writer__calendar_name_as_the_package_writes_it_but_a_line_break_escaped():
    name = "Hạn nhiệm vụ: Bộ Văn hóa, Thể thao và Du lịch; \\ 📅"
    assert writer.ics([], name) == reference([], name, 7)
    assert b"X-WR-CALNAME:H\xe1\xba\xa1n nhi\xe1\xbb\x87m v\xe1\xbb\xa5: B" in writer.ics([], name)
    with pytest.raises(AssertionError):  # the package refuses a line break there
        reference([], "Sở\nNgoại vụ", 7)
    assert b"X-WR-CALNAME:S\xe1\xbb\x9f\\nNgo\xe1\xba\xa1i v\xe1\xbb\xa5\r\n" in \
        writer.ics([], "Sở\r\nNgoại vụ")


def test_calendar_writer__text_escapes_what_rfc_5545_asks():
    assert writer.text("a,b;c\\d\ne\r\nf\rg") == "a\\,b\\;c\\\\d\\ne\\nf\\ng"


def test_calendar_writer__control_characters_which_text_cannot_hold_are_spaces():
    """Word's manual line break (U+000B), pasted into a plan with its text, and the other
    controls (RFC 5545, 3.3.11: TEXT holds none but the tab): Outlook refuses such a file."""
    pasted = writer.text("Tham dự\x0bdiễn đàn\x01\x7f\tHà Nội")
    assert content_line("SUMMARY:" + pasted) == "SUMMARY:Tham dự diễn đàn  \tHà Nội\r\n".encode()
    event = Event(uid="7-KH-UBND-2022-III.1@hncc", start=dt.date(2023, 6, 30),
                  end=dt.date(2023, 7, 1), summary="Diễn\x0bđàn", description="Ghi\x1fchú",
                  due=dt.date(2023, 6, 30), changed=dt.date(2023, 1, 1))
    written = writer.ics([event], "Sở\x0bNgoại vụ")
    assert not [c for c in written if c < 0x20 and c not in b"\t\r\n"] and b"\x7f" not in written
    assert "SUMMARY:Diễn đàn\r\n".encode() in written and b"DESCRIPTION:Ghi ch" in written


def test_calendar_writer__a_calendar_without_events_still_holds_a_component(hncc, root):
    # RFC 5545 (3.4, 3.6) wants at least one component in a VCALENDAR; readers that check it
    # refuse an empty one. An agency with no dated task gets the calendar's time zone alone.
    root.plan("2022-7.yaml", HEADER + """\
horizon: {start: 2022, end: 2023}
content:
  - {ref: III.1, kind: activity, title: Việc có hạn, lead: [Sở Văn hóa và Thể thao],
     deadline: Năm 2023}
  - {ref: III.2, kind: activity, title: Việc không có hạn, lead: [Sở Công Thương]}
""")
    result = hncc("--root", root.path, "calendar", "--agency", "Sở Công Thương",
                  "--as-of", "01/07/2023")
    assert result.exit_code == 0
    calendar = icalendar.Calendar.from_ical(result.stdout_bytes)
    assert not calendar.walk("VEVENT")
    assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE"]
    assert calendar.subcomponents[0]["TZID"] == "Asia/Ho_Chi_Minh"
    assert writer.ics([], "Hạn nhiệm vụ: Sở Công Thương") == \
        reference([], "Hạn nhiệm vụ: Sở Công Thương", 7)
    # A calendar with events has no time zone it does not use.
    every = icalendar.Calendar.from_ical(hncc("--root", root.path, "calendar", "--as-of",
                                              "01/07/2023").stdout_bytes)
    assert {c.name for c in every.subcomponents} == {"VEVENT"}
