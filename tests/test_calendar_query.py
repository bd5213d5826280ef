"""The calendar's events read from the query index are the events made from the tasks directly.

hncc.queries.calendar reads the dated occurrences from the task rows the query index keeps,
with the agency filter in SQL, and the window of a yearly occurrence from the entry's row; the
same data without the index (`--no-cache`) makes them from hncc.queries.tasks and the plans'
indexes. These tests compare the two on plans written for it (yearly windows, an inherited
deadline, a recorded status, an agency that succeeded another, two entries with one ref) and on
the shipped plans with status updates recorded, on several days and for several scopes.
"""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from hncc.data import loader
from hncc.queries import calendar as calendars
from hncc.queries.tasks import EVERYTHING, Scope, scope
from tests.conftest import AGENCIES, HEADER
from tests.test_derived import _copy_shipped, _record_updates

REGISTRY = AGENCIES + """\
  - id: so-a
    name: Sở A
    kind: city_department
    succession: [{successor: so-b, from: 2024-03-01, source: Nghị quyết thử}]
  - id: so-b
    name: Sở B
    kind: city_department
"""

MULTI_YEAR = HEADER + """\
horizon: {start: 2022, end: 2025}
content:
  - ref: III.1
    kind: activity
    title: Lễ hội thiết kế sáng tạo, tổ chức; trưng bày \\ “các tác phẩm” trong và ngoài nước
    lead: [Sở Văn hóa và Thể thao]
    cooperating: [Sở Ngoại vụ, các đơn vị liên quan]
    deadline: vào tháng 10-11 hàng năm
  - ref: III.2
    kind: activity
    title: Đón đoàn
    lead: [Sở A]
    deadline: Hàng năm
    status:
      - {date: 2023-11-20, status: done, year: 2023}
  - ref: III.3
    kind: activity
    title: Hội thảo
    lead: [Sở Ngoại vụ]
    no_deadline: Nguồn không ghi; kế hoạch năm ghi.
  - ref: III.4
    kind: activity
    title: Tọa đàm
    lead: [Sở B]
    cooperating: [Sở Ngoại vụ]
    deadline: Quý II/2024
    status:
      - {date: 2024-05-02, status: in_progress, note: Đang chuẩn bị}
"""

ANNUAL = """\
number: 8/KH-UBND
issuer: UBND Thành phố
date: 2023-03-01
title: KẾ HOẠCH NĂM
content:
  - ref: II.1
    kind: activity
    title: Hội thảo năm 2023
    lead: [Sở Ngoại vụ]
    deadline: vào tháng 10-11 hàng năm
    implements: 7/KH-UBND@2022:III.3
"""

DAYS = [dt.date(2022, 1, 1), dt.date(2023, 10, 15), dt.date(2023, 12, 1), dt.date(2024, 7, 1),
        dt.date(2026, 12, 31)]


def _loaded(root):
    """The dataset, read the second time (warm: from the query index)."""
    loader.load(root.data)
    dataset, _ = loader.load(root.data)
    return dataset


def _direct(dataset):
    """The same dataset without its index: events made from the tasks."""
    plain = copy.copy(dataset)
    plain.store = None
    return plain


def _compare(dataset, days, scopes, monkeypatch, order=list) -> int:
    """Compare the events with and without the index (in the order `order` gives them); the
    indexed ones derive no task."""
    plain = _direct(dataset)
    compared = 0
    for day in days:
        for where in scopes(day):
            with monkeypatch.context() as patched:
                patched.setattr(calendars.queries, "tasks", _no_tasks)
                kept = calendars.events(dataset, day, where)
            assert order(kept) == order(calendars.events(plain, day, where)), (day, where)
            compared += len(kept)
    return compared


def _no_tasks(*_, **__):
    raise AssertionError("the events were made from tasks, not read from the index")


@pytest.fixture
def written(root):
    root.agencies(REGISTRY)
    root.plan("2022-7.yaml", MULTI_YEAR)
    root.plan("2023-8.yaml", ANNUAL)
    return root


def test_calendar_query__index_and_tasks_give_the_same_events(written, monkeypatch):
    dataset = _loaded(written)

    def scopes(day: dt.date) -> list[Scope]:
        return [EVERYTHING, *(scope(dataset, day, agency=a, role=role)
                              for a in ("Sở Ngoại vụ", "Sở B", "Sở A", "Sở Văn hóa và Thể thao")
                              for role in ("any", "lead")),
                scope(dataset, day, plan="8/KH-UBND@2023")]

    assert calendars.events(dataset, dt.date(2023, 12, 1))
    assert not any(plan_file.has_index for plan_file in dataset.plans), "no plan's index is read"
    assert _compare(dataset, DAYS, scopes, monkeypatch) > 50


def test_calendar_query__a_yearly_window_of_the_entry_and_none_for_an_inherited_deadline(written):
    dataset = _loaded(written)
    found = {e.uid: e for e in calendars.events(dataset, dt.date(2023, 12, 1))}
    festival = found["7-KH-UBND-2022-III.1-2023@hncc"]
    assert (festival.start, festival.due, festival.end) == (
        dt.date(2023, 10, 1), dt.date(2023, 11, 30), dt.date(2023, 12, 1))
    # III.3 has its deadline from plan 8's window, but no window of its own (as before).
    seminar = found["7-KH-UBND-2022-III.3-2023@hncc"]
    assert seminar.start == seminar.due == dt.date(2023, 11, 30)
    assert "(theo Kế hoạch 8/KH-UBND" in seminar.description
    assert found == {e.uid: e for e in calendars.events(_direct(dataset), dt.date(2023, 12, 1))}


def test_calendar_query__the_successor_has_its_predecessors_events_once_it_succeeded(written):
    dataset = _loaded(written)

    def of_so_b(day: dt.date) -> set[str]:
        return {e.uid for e in calendars.events(dataset, day, scope(dataset, day, agency="Sở B"))}

    welcome = "7-KH-UBND-2022-III.2-2024@hncc"  # Sở A's, Sở B's from 01/3/2024
    assert "7-KH-UBND-2022-III.4@hncc" in of_so_b(dt.date(2024, 2, 1))
    assert welcome not in of_so_b(dt.date(2024, 2, 1))
    assert welcome in of_so_b(dt.date(2024, 3, 1))


@pytest.mark.parametrize(("earlier", "later", "opens"), [
    ("vào tháng 10-11 hàng năm", "Hàng năm", None),
    ("Hàng năm", "vào tháng 10-11 hàng năm", dt.date(2023, 10, 1)),
])
def test_calendar_query__of_two_entries_with_one_ref_the_later_counts(root, monkeypatch, earlier,
                                                                       later, opens):
    root.agencies(REGISTRY)
    root.plan("2022-7.yaml", MULTI_YEAR.replace("deadline: vào tháng 10-11 hàng năm",
                                                f"deadline: {earlier}") + f"""\
  - ref: III.1
    kind: activity
    title: Lễ hội, ghi lại
    lead: [Sở Ngoại vụ]
    deadline: {later}
""")
    dataset = _loaded(root)
    found = {e.uid: e for e in calendars.events(dataset, dt.date(2023, 1, 1))}
    festival = found["7-KH-UBND-2022-III.1-2023@hncc"]
    assert "Lễ hội, ghi lại" in festival.summary
    assert festival.start == (opens or festival.due)
    assert _compare(dataset, DAYS[:2], lambda day: [EVERYTHING], monkeypatch)


def test_calendar_query__shipped_plans_with_recorded_statuses(root, monkeypatch):
    _copy_shipped(root)
    _record_updates(root, seed=14, count=6)
    dataset = _loaded(root)

    def scopes(day: dt.date) -> list[Scope]:
        return [EVERYTHING, *(scope(dataset, day, agency=agency.id, role="any")
                              for agency in dataset.registry)]

    assert _compare(dataset, DAYS, scopes, monkeypatch) > 500


def test_calendar_query__same_file_with_and_without_the_index(written, hncc):
    for args in (("calendar",), ("calendar", "--agency", "Sở Ngoại vụ", "--remind", "3")):
        where = ("--root", written.path, "--as-of", "2023-12-01")
        cold, warm = hncc(*args, *where), hncc(*args, *where)
        direct = hncc("--no-cache", *args, *where)
        assert cold.exit_code == warm.exit_code == direct.exit_code == 0, direct.output
        assert cold.stdout_bytes == warm.stdout_bytes == direct.stdout_bytes
        assert b"DTSTART;VALUE=DATE:20231001" in warm.stdout_bytes
