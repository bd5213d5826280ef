"""The deadline parser as tables: phrase -> structured value, and phrase -> the problem it gives.

Every phrase of DOMAIN.md is here: the Deadlines table, and the phrases of other cities' plans
("More plans"), which hncc either reads correctly or says it cannot read, never a guess.
Impossible dates, reversed spans and windows are refused (issue 15), never read as something.
"""

from __future__ import annotations

import json
import re
from datetime import date as D

import pytest
from conftest import PLAN, flat, plan_problems, quoted
from test_within_year import HEADER, duty

from hncc.domain.deadlines import (
    ImpossibleDeadline,
    NotOneDeadline,
    occurrences,
    parse_phrase,
    read_phrase,
)
from hncc.domain.problems import Severity


def once(start: D, due: D, **more) -> dict:
    return {"start": start, "due": due, **more}


# DOMAIN.md, "Deadlines": each phrase and what it means.
DOMAIN_TABLE = [
    ("Tháng 5/2023", once(D(2023, 5, 1), D(2023, 5, 31))),
    ("Quý II/2022", once(D(2022, 4, 1), D(2022, 6, 30))),
    ("Năm 2022", once(D(2022, 1, 1), D(2022, 12, 31))),
    ("Năm 2022-2023", once(D(2022, 1, 1), D(2023, 12, 31))),
    ("Hàng năm", {"every_years": 1}),
    ("vào tháng 10-11 hàng năm", {"every_years": 1, "window_start": "01/10", "day": "30/11"}),
    ("Định kỳ hàng năm (trước ngày 30/11)", {"every_years": 1, "day": "30/11"}),
    ("04 năm/01 lần", {"every_years": 4}),
    ("dự kiến vào đầu năm 2023", once(D(2023, 1, 1), D(2023, 3, 31), approximate=True)),
]

# More ways of writing the same things, as the shipped plans and other plans do.
VARIANTS = [
    ("Quý I/2024", once(D(2024, 1, 1), D(2024, 3, 31))),
    ("Quý IV/2023", once(D(2023, 10, 1), D(2023, 12, 31))),
    ("quý 3/2023", once(D(2023, 7, 1), D(2023, 9, 30))),
    ("Quý II năm 2022", once(D(2022, 4, 1), D(2022, 6, 30))),
    ("Tháng 7 năm 2023", once(D(2023, 7, 1), D(2023, 7, 31))),
    ("Tháng 2/2024", once(D(2024, 2, 1), D(2024, 2, 29))),  # leap year
    ("Tháng 2/2023", once(D(2023, 2, 1), D(2023, 2, 28))),
    ("Tháng 10-12/2023", once(D(2023, 10, 1), D(2023, 12, 31))),
    ("Năm 2022 - 2023", once(D(2022, 1, 1), D(2023, 12, 31))),
    ("Giai đoạn 2022-2025", once(D(2022, 1, 1), D(2025, 12, 31))),
    ("giữa năm 2024", once(D(2024, 4, 1), D(2024, 6, 30), approximate=True)),
    ("cuối năm 2024", once(D(2024, 10, 1), D(2024, 12, 31))),
    ("dự kiến Quý III/2023", once(D(2023, 7, 1), D(2023, 9, 30), approximate=True)),
    ("Trước ngày 15/3/2024", {"due": D(2024, 3, 15)}),
    ("29/02/2024", {"due": D(2024, 2, 29)}),
    ("01 năm/01 lần", {"every_years": 1}),
    ("Định kỳ hàng năm", {"every_years": 1}),
    ("Hàng năm (trước ngày 15/12).", {"every_years": 1, "day": "15/12"}),
    ("QUÝ II/2022", once(D(2022, 4, 1), D(2022, 6, 30))),
    ("Quy II/2022", once(D(2022, 4, 1), D(2022, 6, 30))),  # typed without accents
    # pasted from Word, which turns " - " into an en dash as it is typed
    ("Năm 2022 – 2023", once(D(2022, 1, 1), D(2023, 12, 31))),
    ("Năm 2022–2023", once(D(2022, 1, 1), D(2023, 12, 31))),
    ("Giai đoạn 2022 — 2025", once(D(2022, 1, 1), D(2025, 12, 31))),
    ("vào tháng 10–11 hàng năm", {"every_years": 1, "window_start": "01/10", "day": "30/11"}),
    ("Tháng 10 – 12/2023", once(D(2023, 10, 1), D(2023, 12, 31))),
    # a quarter each year, as "Tháng 12 hằng năm" is a month each year
    ("Quý IV hằng năm", {"every_years": 1, "window_start": "01/10", "day": "31/12"}),
    ("quý II hàng năm", {"every_years": 1, "window_start": "01/04", "day": "30/06"}),
    ("Quý 1 hằng năm", {"every_years": 1, "window_start": "01/01", "day": "31/03"}),
]


@pytest.mark.parametrize(("phrase", "expected"), DOMAIN_TABLE + VARIANTS,
                         ids=[p for p, _ in DOMAIN_TABLE + VARIANTS])
def test_deadlines__phrase_reads_as(phrase, expected):
    assert parse_phrase(phrase) == expected


# DOMAIN.md, "More plans": the only right reading of each phrase. None: hncc must refuse it
# (it names no date, or a condition); a dict: if hncc reads it, it must read exactly that.
MORE_PLANS = [
    ("Hoàn thành trong năm 2025", once(D(2025, 1, 1), D(2025, 12, 31))),
    ("Thực hiện thường xuyên", None),
    ("Quý IV/2025 - Quý II/2026", once(D(2025, 10, 1), D(2026, 6, 30))),
    ("Trước ngày 30/11/2025", {"due": D(2025, 11, 30)}),
    ("Hằng năm", {"every_years": 1}),
    ("Sau khi có Quy chế của Trung ương", None),
]


# Seen elsewhere.
ALSO_SEEN = [("trước ngày 30/11 hàng năm", {"every_years": 1, "day": "30/11"}),
             ("Trước ngày 15/12 hàng năm", {"every_years": 1, "day": "15/12"})]


@pytest.mark.parametrize(("phrase", "right"), MORE_PLANS + ALSO_SEEN,
                         ids=[p for p, _ in MORE_PLANS + ALSO_SEEN])
def test_deadlines__other_plans_phrase_is_read_right_or_refused(phrase, right):
    assert parse_phrase(phrase) in (None, right)


def test_deadlines__what_the_parser_reads_of_other_plans_today():
    """Which of the "More plans" phrases hncc reads now; the others it refuses, saying so."""
    read = [phrase for phrase, _ in MORE_PLANS if parse_phrase(phrase) is not None]
    assert read == ["Hoàn thành trong năm 2025", "Quý IV/2025 - Quý II/2026", "Trước ngày 30/11/2025",
                    "Hằng năm"]


# Phrases that name no date of the calendar, or nothing at all: never a guess.
UNREADABLE = [
    "", "Tháng 13/2023", "Tháng 0/2023", "Quý V/2022", "31/04/2023", "30/02/2023",
    "29/02/2023", "Trước ngày 31/04/2023", "trước ngày 31/04 hàng năm", "Sớm nhất có thể",
    "Năm hai nghìn",
]


# "Trước" (before) a period: done by the day before it begins, never during it; "đến" (hết)
# (by, until the end of) a period: due at its end, with no start the source does not give.
BEFORE_AND_BY = [
    ("Hoàn thành trước năm 2026", {"due": D(2025, 12, 31)}),
    ("Trước quý III/2025", {"due": D(2025, 6, 30)}),
    ("trước Quý I/2025", {"due": D(2024, 12, 31)}),
    ("Trước tháng 6/2025", {"due": D(2025, 5, 31)}),
    ("Dự kiến trước tháng 6/2025", {"due": D(2025, 5, 31), "approximate": True}),
    ("Trước tháng 10 hàng năm", {"every_years": 1, "day": "30/09"}),
    ("Trước 15/12 hằng năm", {"every_years": 1, "day": "15/12"}),
    ("Đến năm 2030", {"due": D(2030, 12, 31)}),
    ("đến hết năm 2025", {"due": D(2025, 12, 31)}),
    ("Đến quý II/2025", {"due": D(2025, 6, 30)}),
    ("Đến tháng 10 hàng năm", {"every_years": 1, "day": "31/10"}),
    ("Đến ngày 30/6/2025", {"due": D(2025, 6, 30)}),
    ("Trước quý III hằng năm", {"every_years": 1, "day": "30/06"}),
    ("Đến quý II hằng năm", {"every_years": 1, "day": "30/06"}),
    # "chậm nhất" (at the latest) and "từ nay đến" (from now until) say "by", as "đến" does
    ("Chậm nhất ngày 20/12/2025", {"due": D(2025, 12, 20)}),
    ("chậm nhất là ngày 15/3/2026", {"due": D(2026, 3, 15)}),
    ("Chậm nhất trong quý II/2026", {"due": D(2026, 6, 30)}),
    ("Chậm nhất vào tháng 9/2026", {"due": D(2026, 9, 30)}),
    ("Từ nay đến hết năm 2025", {"due": D(2025, 12, 31)}),
    ("Từ nay đến năm 2030", {"due": D(2030, 12, 31)}),
]


@pytest.mark.parametrize(("phrase", "expected"), BEFORE_AND_BY, ids=[p for p, _ in BEFORE_AND_BY])
def test_deadlines__before_a_period_is_the_day_before_it_and_by_a_period_its_end(phrase,
                                                                                 expected):
    assert parse_phrase(phrase) == expected


@pytest.mark.parametrize("phrase", [
    "Trước năm 2025-2026", "trước đầu năm 2026", "Trước tháng 10-11 hàng năm",
    "Trước tháng 1 hàng năm", "Trước tháng 3 hàng năm",  # 31/12 of which year; 28/02 or 29/02
    "Trước quý I hằng năm",
])
def test_deadlines__before_a_period_whose_eve_is_not_sure_is_refused(phrase):
    assert parse_phrase(phrase) is None


def test_deadlines__a_bare_year_in_a_time_column_is_that_year():
    """Task tables write the year alone in their "Thời gian" column: that year, as "Năm 2023"."""
    assert parse_phrase("2023") == parse_phrase("Năm 2023") == once(D(2023, 1, 1), D(2023, 12, 31))


@pytest.mark.parametrize("phrase", UNREADABLE)
def test_deadlines__phrase_is_refused(phrase):
    assert parse_phrase(phrase) is None


@pytest.mark.parametrize("phrase", [
    pytest.param("Năm 2025-2022", id="reversed years"),
    pytest.param("Tháng 11-10/2023", id="reversed months"),
    pytest.param("Định kỳ hàng năm (trước ngày 30/02)", id="30/02 each year"),
    pytest.param("trước ngày 31/04 hàng năm", id="31/04 each year"),
    pytest.param("00 năm/01 lần", id="every 0 years"),
    pytest.param("Quý II/2026 - Quý IV/2025", id="reversed quarters"),
    pytest.param("Tháng 12/2025 - Tháng 1/2025", id="reversed months of two years"),
])
def test_deadlines__impossible_phrase_is_refused(phrase):
    assert parse_phrase(phrase) is None


def test_deadlines__window_across_the_new_year_starts_before_it_ends():
    """December to January each year: read as such (the window ends in the next year), or refused."""
    fields = parse_phrase("vào tháng 12-1 hàng năm")
    if fields is not None:
        found = occurrences(due=None, start=None, every_years=fields.get("every_years"),
                            first_year=None, last_year=None, day=fields.get("day"),
                            window_start=fields.get("window_start"), approximate=False,
                            horizon=(2023, 2024))
        assert [(o.start, o.due) for o in found] == [(D(2023, 12, 1), D(2024, 1, 31)),
                                                     (D(2024, 12, 1), D(2025, 1, 31))]


@pytest.mark.parametrize(("fields", "horizon", "expected"), [
    ({"every_years": 1}, (2022, 2025),
     [D(2022, 12, 31), D(2023, 12, 31), D(2024, 12, 31), D(2025, 12, 31)]),
    ({"every_years": 1, "day": "30/11"}, (2022, 2023), [D(2022, 11, 30), D(2023, 11, 30)]),
    ({"every_years": 4, "first_year": 2023}, (2022, 2031), [D(2023, 12, 31), D(2027, 12, 31),
                                                            D(2031, 12, 31)]),
    ({"every_years": 1, "day": "29/02"}, (2023, 2024), [D(2023, 2, 28), D(2024, 2, 29)]),
    ({"due": D(2023, 5, 31)}, (2022, 2025), [D(2023, 5, 31)]),
    ({}, (2022, 2025), []),
])
def test_deadlines__occurrences_within_the_horizon(fields, horizon, expected):
    found = occurrences(due=fields.get("due"), start=None, every_years=fields.get("every_years"),
                        first_year=fields.get("first_year"), last_year=None,
                        day=fields.get("day"), window_start=None, approximate=False,
                        horizon=horizon)
    assert [o.due for o in found] == expected


def deadline_problems(root, deadline_yaml: str) -> list[tuple[str, Severity]]:
    """What `hncc check` says about a deadline written in a plan: (code, severity) each."""
    return plan_problems(root, f"deadline: {deadline_yaml}", "deadline: Quý II/2022")


phrase = quoted

PROBLEMS = [
    (phrase("Quý II/2022"), []),
    (phrase("Thực hiện thường xuyên"), [("deadline-unreadable", Severity.ERROR)]),
    (phrase("Sau khi có Quy chế của Trung ương"), [("deadline-unreadable", Severity.ERROR)]),
    (phrase("31/04/2023"), [("deadline-invalid", Severity.ERROR)]),
    (phrase("Tháng 13/2023"), [("deadline-invalid", Severity.ERROR)]),
    (phrase(""), [("deadline-empty", Severity.ERROR)]),
    # The author adds the structured value beside a phrase hncc cannot read: a note says so.
    ("{text: Thực hiện thường xuyên, due: 2025-12-31}", [("deadline-unparsed", Severity.NOTE)]),
    # A structured value that disagrees with the phrase.
    ("{text: Quý II/2022, due: 2022-12-31}", [("deadline-mismatch", Severity.ERROR)]),
    ("{text: Năm 2022, due: 2022-12-31}", []),
]


@pytest.mark.parametrize(("deadline", "expected"), PROBLEMS, ids=[d for d, _ in PROBLEMS])
def test_deadlines__phrase_in_a_plan_gives_problem(root, deadline, expected):
    assert deadline_problems(root, deadline) == expected


def test_deadlines__reversed_span_in_a_plan_is_an_error(root):
    found = deadline_problems(root, phrase("Năm 2025-2022"))
    assert found and all(severity is Severity.ERROR for _, severity in found)


# Spans and yearly days as provinces write them in words ("đến", "từ … đến …", "ngày … tháng …").
IN_WORDS = [
    ("Quý IV năm 2025 đến Quý II năm 2026", once(D(2025, 10, 1), D(2026, 6, 30))),
    ("Từ quý IV/2025 đến quý II/2026", once(D(2025, 10, 1), D(2026, 6, 30))),
    ("Quý 4/2025 - Quý 2/2026", once(D(2025, 10, 1), D(2026, 6, 30))),
    ("Từ tháng 10/2025 đến tháng 12/2025", once(D(2025, 10, 1), D(2025, 12, 31))),
    ("Tháng 10/2025 đến tháng 3/2026", once(D(2025, 10, 1), D(2026, 3, 31))),
    ("Từ năm 2026 đến năm 2030", once(D(2026, 1, 1), D(2030, 12, 31))),
    ("Năm 2026 đến năm 2030", once(D(2026, 1, 1), D(2030, 12, 31))),
    ("Trước ngày 20 tháng 12 hằng năm", {"every_years": 1, "day": "20/12"}),
]


@pytest.mark.parametrize(("phrase", "expected"), IN_WORDS, ids=[p for p, _ in IN_WORDS])
def test_deadlines__spans_and_yearly_days_written_in_words(phrase, expected):
    assert parse_phrase(phrase) == expected


@pytest.mark.parametrize("phrase", ["Từ năm 2026", "Năm 2026 và các năm tiếp theo",
                                    "Từ tháng 10/2025"])
def test_deadlines__a_start_without_an_end_is_not_a_deadline(phrase):
    assert parse_phrase(phrase) is None


@pytest.mark.parametrize("phrase", ["Tháng 2 hằng năm", "vào tháng 1-2 hàng năm"])
def test_deadlines__a_window_ending_in_february_ends_on_its_last_day_in_a_leap_year(phrase):
    fields = parse_phrase(phrase)
    found = occurrences(due=None, start=None, every_years=1, first_year=None, last_year=None,
                        day=fields["day"], window_start=fields["window_start"], approximate=False,
                        horizon=(2027, 2028))
    assert [o.due for o in found] == [D(2027, 2, 28), D(2028, 2, 29)]


# Several quarters or months of one year, listed ("Quý III, IV/2026") or as a range ("Quý
# III-IV/2026"): one span from the first period's start to the last one's end.
LISTS = [
    ("Quý III, IV/2026", once(D(2026, 7, 1), D(2026, 12, 31))),
    ("Quý III và IV/2026", once(D(2026, 7, 1), D(2026, 12, 31))),
    ("Quý III, Quý IV năm 2026", once(D(2026, 7, 1), D(2026, 12, 31))),
    ("Quý III và quý IV năm 2026", once(D(2026, 7, 1), D(2026, 12, 31))),
    ("Quý III-IV/2026", once(D(2026, 7, 1), D(2026, 12, 31))),
    ("Quý III – IV/2026", once(D(2026, 7, 1), D(2026, 12, 31))),
    ("quý 3, 4/2026", once(D(2026, 7, 1), D(2026, 12, 31))),
    ("Quý I, II, III/2026", once(D(2026, 1, 1), D(2026, 9, 30))),
    ("Quí II, quí III/2025", once(D(2025, 4, 1), D(2025, 9, 30))),
    # a range names its two ends, as "Tháng 10-12/2023" does: the quarter between is in it
    ("Quý I-III/2026", once(D(2026, 1, 1), D(2026, 9, 30))),
    ("Từ quý III đến quý IV năm 2026", once(D(2026, 7, 1), D(2026, 12, 31))),
    ("Dự kiến Quý III, IV/2026", once(D(2026, 7, 1), D(2026, 12, 31), approximate=True)),
    ("Tháng 11, 12/2025", once(D(2025, 11, 1), D(2025, 12, 31))),
    ("Tháng 11 và 12/2025", once(D(2025, 11, 1), D(2025, 12, 31))),
    ("tháng 11, 12 năm 2025", once(D(2025, 11, 1), D(2025, 12, 31))),
    ("Tháng 11 và tháng 12/2025", once(D(2025, 11, 1), D(2025, 12, 31))),
    ("Tháng 1, 2/2024", once(D(2024, 1, 1), D(2024, 2, 29))),
    ("Từ tháng 3 đến tháng 10 năm 2026", once(D(2026, 3, 1), D(2026, 10, 31))),
    ("Tháng 10-12 năm 2023", once(D(2023, 10, 1), D(2023, 12, 31))),
    # "đến" a list: by the end of its last period
    ("Đến quý III, IV/2026", {"due": D(2026, 12, 31)}),
    ("Hoàn thành trong tháng 11, 12/2025", once(D(2025, 11, 1), D(2025, 12, 31))),
]


@pytest.mark.parametrize(("phrase", "expected"), LISTS, ids=[p for p, _ in LISTS])
def test_deadlines__periods_of_one_year_listed_are_one_span(phrase, expected):
    assert read_phrase(phrase) == expected


# A list that goes back, repeats or skips a period is refused with the reason, never reordered
# nor filled in: "Quý I, III/2026" is two periods apart (the first and the third quarter, not
# the second), so it has no one start and due date.
LISTS_REFUSED = [
    ("Quý IV, III/2026", "“quý IV, III” đi ngược hoặc lặp lại"),
    ("Quý IV và quý III năm 2026", "“quý IV và III” đi ngược hoặc lặp lại"),
    ("Quý III, III/2026", "“quý III, III” đi ngược hoặc lặp lại"),
    ("Quý I, III/2026", "quý I và quý III không liền nhau"),
    ("Quý I và Quý IV năm 2026", "quý I và quý IV không liền nhau"),
    ("Quý IV-III/2026", "quý kết thúc III đứng trước quý bắt đầu IV"),
    ("Quý I, II-IV/2026", "vừa liệt kê vừa ghi khoảng"),
    ("Tháng 12, 11/2025", "“tháng 12, 11” đi ngược hoặc lặp lại"),
    ("Tháng 11, 11/2025", "“tháng 11, 11” đi ngược hoặc lặp lại"),
    ("Tháng 3, 5/2026", "tháng 3 và tháng 5 không liền nhau: đó là những kỳ riêng"),
    ("vào tháng 4 và tháng 8 năm 2026", "tháng 4 và tháng 8 không liền nhau"),
    ("Tháng 12, 13/2025", "không có tháng 13"),
    ("Tháng 11-10/2023", "tháng kết thúc 10 đứng trước tháng bắt đầu 11"),
]


@pytest.mark.parametrize(("phrase", "reason"), LISTS_REFUSED, ids=[p for p, _ in LISTS_REFUSED])
def test_deadlines__a_list_back_repeated_or_with_a_gap_is_refused_with_its_reason(phrase, reason):
    with pytest.raises(ImpossibleDeadline, match=re.escape(reason)):
        read_phrase(phrase)
    assert parse_phrase(phrase) is None


@pytest.mark.parametrize("phrase", [
    "Quý IV, V/2026",  # no fifth quarter
    "Trước quý III, IV/2026",  # "before" a span: the day meant is not sure
    "Quý III, IV/2026 và các năm tiếp theo",  # a start without an end
    "Tháng 11, 12",  # no year
])
def test_deadlines__a_list_that_names_no_span_is_not_read(phrase):
    assert parse_phrase(phrase) is None


# A week of a month: the first 7 days, days 8-14 …, or the month's last 7 days.
WEEKS = [
    ("Tuần đầu tháng 12/2025", once(D(2025, 12, 1), D(2025, 12, 7))),
    ("Tuần đầu tiên của tháng 12 năm 2025", once(D(2025, 12, 1), D(2025, 12, 7))),
    ("Trong tuần đầu tháng 12/2025", once(D(2025, 12, 1), D(2025, 12, 7))),
    ("Tuần cuối tháng 12/2025", once(D(2025, 12, 25), D(2025, 12, 31))),
    ("tuần cuối cùng của tháng 11/2025", once(D(2025, 11, 24), D(2025, 11, 30))),
    ("Tuần cuối tháng 2/2024", once(D(2024, 2, 23), D(2024, 2, 29))),
    ("Tuần cuối tháng 2/2025", once(D(2025, 2, 22), D(2025, 2, 28))),
    ("tuần thứ 2 tháng 3/2026", once(D(2026, 3, 8), D(2026, 3, 14))),
    ("Tuần thứ hai tháng 3/2026", once(D(2026, 3, 8), D(2026, 3, 14))),
    ("tuần thứ tư tháng 3/2026", once(D(2026, 3, 22), D(2026, 3, 28))),
    ("Trước tuần đầu tháng 12/2025", {"due": D(2025, 11, 30)}),
    ("Trước tuần đầu tháng 1/2026", {"due": D(2025, 12, 31)}),
    ("Trước tuần cuối tháng 12/2025", {"due": D(2025, 12, 24)}),
    ("Đến tuần cuối tháng 12/2025", {"due": D(2025, 12, 31)}),
]


@pytest.mark.parametrize(("phrase", "expected"), WEEKS, ids=[p for p, _ in WEEKS])
def test_deadlines__a_week_of_a_month_is_seven_days_of_it(phrase, expected):
    assert read_phrase(phrase) == expected


@pytest.mark.parametrize(("phrase", "reason"), [
    ("tuần thứ 5 tháng 3/2026", "không rõ “tuần thứ 5” của tháng là những ngày nào"),
    ("Tuần thứ 0 tháng 3/2026", "không rõ “tuần thứ 0” của tháng là những ngày nào"),
    ("Tuần đầu tháng 13/2025", "không có tháng 13"),
])
def test_deadlines__a_week_that_is_not_seven_days_of_the_month_is_refused(phrase, reason):
    with pytest.raises(ImpossibleDeadline, match=re.escape(reason)):
        read_phrase(phrase)


# A yearly window written in words, as "tháng 3-11 hằng năm".
YEARLY_WINDOWS = [
    ("Từ tháng 3 đến tháng 11 hằng năm", {"every_years": 1, "window_start": "01/03", "day": "30/11"}),
    ("Tháng 3 đến tháng 11 hàng năm", {"every_years": 1, "window_start": "01/03", "day": "30/11"}),
    ("tháng 3 - tháng 11 hằng năm", {"every_years": 1, "window_start": "01/03", "day": "30/11"}),
    ("Tháng 11, 12 hằng năm", {"every_years": 1, "window_start": "01/11", "day": "31/12"}),
]


@pytest.mark.parametrize(("phrase", "expected"), YEARLY_WINDOWS, ids=[p for p, _ in YEARLY_WINDOWS])
def test_deadlines__a_yearly_window_in_words_reads_as_with_a_dash(phrase, expected):
    assert read_phrase(phrase) == expected


def test_deadlines__a_yearly_window_from_a_month_to_a_month_is_the_window_with_a_dash():
    assert read_phrase("Từ tháng 3 đến tháng 11 hằng năm") == read_phrase("tháng 3-11 hằng năm")


@pytest.mark.parametrize(("phrase", "reason"), [
    ("Từ tháng 11 đến tháng 3 hằng năm", "khoảng “tháng 11-3” đi ngược hoặc vắt qua năm mới"),
    ("Tháng 5, 3 hằng năm", "“tháng 5, 3” đi ngược hoặc lặp lại"),
])
def test_deadlines__a_yearly_window_in_words_going_back_is_refused(phrase, reason):
    with pytest.raises(ImpossibleDeadline, match=re.escape(reason)):
        read_phrase(phrase)


@pytest.mark.parametrize(("deadline", "message"), [
    ("Quý IV, III/2026", "Thời hạn “Quý IV, III/2026” không thể đúng: “quý IV, III” đi ngược hoặc "
                         "lặp lại"),
    # periods apart, a fifth week: maybe just what the source says, so not "cannot be"
    ("Quý I, III/2026", "Thời hạn “Quý I, III/2026” không thành một hạn: quý I và quý III không "
                        "liền nhau"),
    ("tuần thứ 5 tháng 3/2026", "Thời hạn “tuần thứ 5 tháng 3/2026” không thành một hạn: không rõ "
                                "“tuần thứ 5” của tháng là những ngày nào"),
])
def test_check__an_impossible_list_or_week_is_an_error_that_says_why(hncc, root, deadline,
                                                                   message):
    root.plan("2022-7.yaml", PLAN.replace("deadline: Quý II/2022", f"deadline: {deadline}"))
    result = hncc("check", "--root", root.path)
    assert result.exit_code == 1
    assert message in flat(result.output)


def test_check__lists_weeks_and_windows_in_words_are_valid(root):
    for deadline in ("Quý III, IV/2026", "Tháng 11 và 12/2025", "Tuần đầu tháng 12/2025",
                     "Từ tháng 3 đến tháng 11 hằng năm"):
        assert deadline_problems(root, phrase(deadline)) == [], deadline


def yearly(window_start: str, day: str) -> dict:
    return {"every_years": 1, "window_start": window_start, "day": day}


# Quarters listed each year ("Quý III, IV hằng năm"): a window each year from the first quarter's
# start to the last one's end, as "Tháng 11, 12 hằng năm" is for months.
YEARLY_QUARTERS = [
    ("Quý III, IV hằng năm", yearly("01/07", "31/12")),
    ("Quý III và Quý IV hàng năm", yearly("01/07", "31/12")),
    ("quý 1, 2 hằng năm", yearly("01/01", "30/06")),
    ("Quý I, II và III định kỳ hằng năm", yearly("01/01", "30/09")),
    ("Quý II-III hằng năm", yearly("01/04", "30/09")),
    ("Đến quý III, IV hằng năm", {"every_years": 1, "day": "31/12"}),
]


@pytest.mark.parametrize(("phrase", "expected"), YEARLY_QUARTERS,
                         ids=[p for p, _ in YEARLY_QUARTERS])
def test_deadlines__quarters_listed_each_year_are_a_window_each_year(phrase, expected):
    assert read_phrase(phrase) == expected


# A week of a month each year ("tuần đầu tháng 12 hằng năm"): its seven days each year.
YEARLY_WEEKS = [
    ("tuần đầu tháng 12 hằng năm", yearly("01/12", "07/12")),
    ("Tuần đầu tiên của tháng 12 hàng năm", yearly("01/12", "07/12")),
    ("tuần cuối tháng 6 hằng năm", yearly("24/06", "30/06")),
    ("Tuần cuối cùng của tháng 12 hằng năm", yearly("25/12", "31/12")),
    ("tuần thứ 2 tháng 3 hằng năm", yearly("08/03", "14/03")),
    ("Trong tuần thứ tư của tháng 9 hằng năm", yearly("22/09", "28/09")),
    ("Trước tuần cuối tháng 6 hằng năm", {"every_years": 1, "day": "23/06"}),
    ("Trước tuần đầu tháng 12 hằng năm", {"every_years": 1, "day": "30/11"}),
    ("Đến tuần đầu tháng 12 hằng năm", {"every_years": 1, "day": "07/12"}),
    # the day before is in the year before, or is 28/02 or 29/02: not read
    ("Trước tuần đầu tháng 1 hằng năm", None),
    ("Trước tuần đầu tháng 3 hằng năm", None),
]


@pytest.mark.parametrize(("phrase", "expected"), YEARLY_WEEKS, ids=[p for p, _ in YEARLY_WEEKS])
def test_deadlines__a_week_of_a_month_each_year_is_its_seven_days_each_year(phrase, expected):
    assert read_phrase(phrase) == expected


# Quarters or months of two years listed, each with its year: one span when each follows the
# one before, as a list within one year is; apart, back or repeated, refused with the reason.
ACROSS_YEARS = [
    ("Quý IV/2025, Quý I/2026", once(D(2025, 10, 1), D(2026, 3, 31))),
    ("Quý IV năm 2025 và Quý I năm 2026", once(D(2025, 10, 1), D(2026, 3, 31))),
    ("Quý III, IV/2025 và Quý I/2026", once(D(2025, 7, 1), D(2026, 3, 31))),
    ("Quý IV/2025, Quý I-II/2026", once(D(2025, 10, 1), D(2026, 6, 30))),
    ("Quý IV/2025, Quý I/2026, Quý II/2026", once(D(2025, 10, 1), D(2026, 6, 30))),
    ("Tháng 12/2025 và tháng 01/2026", once(D(2025, 12, 1), D(2026, 1, 31))),
    ("Tháng 11, 12/2027 và tháng 1, 2/2028", once(D(2027, 11, 1), D(2028, 2, 29))),
    ("Tháng 12 năm 2025, tháng 1 năm 2026", once(D(2025, 12, 1), D(2026, 1, 31))),
    ("Dự kiến tháng 12/2025 và tháng 01/2026",
     once(D(2025, 12, 1), D(2026, 1, 31), approximate=True)),
    ("Đến Quý IV/2025, Quý I/2026", {"due": D(2026, 3, 31)}),
    # the later periods without their word, years listed
    ("Quý IV/2025 và I/2026", once(D(2025, 10, 1), D(2026, 3, 31))),
    ("Tháng 12/2025 và 01/2026", once(D(2025, 12, 1), D(2026, 1, 31))),
    ("Năm 2025 và 2026", once(D(2025, 1, 1), D(2026, 12, 31))),
    ("Trong năm 2025, năm 2026 và năm 2027", once(D(2025, 1, 1), D(2027, 12, 31))),
    ("Đến năm 2025 và 2026", {"due": D(2026, 12, 31)}),
]


@pytest.mark.parametrize(("phrase", "expected"), ACROSS_YEARS, ids=[p for p, _ in ACROSS_YEARS])
def test_deadlines__periods_of_two_years_listed_one_after_another_are_one_span(phrase, expected):
    assert read_phrase(phrase) == expected


ACROSS_YEARS_REFUSED = [
    ("Quý III/2025, Quý I/2026", NotOneDeadline,
     "quý III/2025 và quý I/2026 không liền nhau: đó là những kỳ riêng"),
    ("Tháng 11/2025 và tháng 01/2026", NotOneDeadline, "tháng 11/2025 và tháng 1/2026 không liền nhau"),
    ("Quý IV/2025, Quý I/2027", NotOneDeadline, "quý IV/2025 và quý I/2027 không liền nhau"),
    ("Quý I/2026, Quý IV/2025", ImpossibleDeadline,
     "quý I/2026 rồi đến quý IV/2025 là đi ngược hoặc lặp lại"),
    ("Tháng 1/2026 và tháng 1/2026", ImpossibleDeadline,
     "tháng 1/2026 rồi đến tháng 1/2026 là đi ngược hoặc lặp lại"),
    ("Tháng 12/2025 và tháng 13/2026", ImpossibleDeadline, "không có tháng 13"),
    ("Năm 2025, 2027", NotOneDeadline, "năm 2025 và năm 2027 không liền nhau"),
    ("Năm 2026 và 2025", ImpossibleDeadline, "năm 2026 rồi đến năm 2025 là đi ngược"),
]


@pytest.mark.parametrize(("phrase", "kind", "reason"), ACROSS_YEARS_REFUSED,
                         ids=[p for p, _, _ in ACROSS_YEARS_REFUSED])
def test_deadlines__periods_of_two_years_apart_or_back_are_refused_with_the_reason(phrase, kind,
                                                                                 reason):
    with pytest.raises(ImpossibleDeadline, match=re.escape(reason)) as refused:
        read_phrase(phrase)
    assert isinstance(refused.value, kind)
    assert parse_phrase(phrase) is None


@pytest.mark.parametrize(("phrase", "reason"), [
    ("Quý IV, III hằng năm", "“quý IV, III” đi ngược hoặc lặp lại"),
    ("tuần cuối tháng 2 hằng năm", "tuần cuối tháng 2 không phải cùng những ngày mỗi năm"),
    ("tuần thứ 5 tháng 3 hằng năm", "không rõ “tuần thứ 5” của tháng là những ngày nào"),
])
def test_deadlines__quarters_apart_or_a_week_not_the_same_days_each_year_are_refused(phrase,
                                                                                   reason):
    with pytest.raises(ImpossibleDeadline, match=re.escape(reason)):
        read_phrase(phrase)


def test_tasks__quarters_and_weeks_each_year_and_lists_of_two_years_fall_due_as_read(hncc, root):
    phrases = {"V.1": "Quý III, IV hằng năm", "V.2": "tuần đầu tháng 12 hằng năm",
               "V.3": "tuần cuối tháng 6 hằng năm", "V.4": "Quý IV/2025, Quý I/2026",
               "V.5": "Tháng 12/2025 và tháng 01/2026"}
    root.plan("p.yaml", HEADER + "".join(duty(ref, phrase) for ref, phrase in phrases.items()))
    assert hncc("check", "--root", root.path).exit_code == 0
    result = hncc("tasks", "--root", root.path, "--as-of", "2026-04-01", "--format", "json")
    assert result.exit_code == 0, result.output
    due = sorted((task["ref"], task["due"]) for task in json.loads(result.stdout))
    assert due == [("V.1", "2025-12-31"), ("V.1", "2026-12-31"), ("V.2", "2025-12-07"),
                   ("V.2", "2026-12-07"), ("V.3", "2025-06-30"), ("V.3", "2026-06-30"),
                   ("V.4", "2026-03-31"), ("V.5", "2026-01-31")]
    late = hncc("overdue", "--root", root.path, "--as-of", "2026-04-01", "--format", "json")
    assert sorted(task["ref"] for task in json.loads(late.stdout)) == [
        "V.1", "V.2", "V.3", "V.4", "V.5"]
    # the window each year: the calendar's event of V.2 spans its first week of December
    ics = hncc("calendar", "--root", root.path, "--as-of", "2025-11-20").stdout
    assert "DTSTART;VALUE=DATE:20251201\nDTEND;VALUE=DATE:20251208" in ics.replace("\r\n", "\n")


@pytest.mark.parametrize(("deadline", "message"), [
    ("Quý III/2025, Quý I/2026", "Thời hạn “Quý III/2025, Quý I/2026” không thành một hạn: quý "
                                 "III/2025 và quý I/2026 không liền nhau"),
    ("Quý I, III/2026", "Thời hạn “Quý I, III/2026” không thành một hạn: quý I và quý III không "
                        "liền nhau"),
    ("Quý I/2026, Quý IV/2025", "Thời hạn “Quý I/2026, Quý IV/2025” không thể đúng: quý I/2026 "
                                "rồi đến quý IV/2025 là đi ngược"),
])
def test_check__a_list_of_two_years_or_each_year_apart_says_why(hncc, root, deadline, message):
    root.plan("2022-7.yaml", PLAN.replace("deadline: Quý II/2022", f"deadline: {deadline}"))
    result = hncc("check", "--root", root.path)
    assert result.exit_code == 1
    assert message in flat(result.output)
