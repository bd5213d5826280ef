"""Deadlines that recur within a year: "Hằng tháng", "trước ngày 20 hằng tháng", "Hằng quý",
"định kỳ 6 tháng" (every_months, day_of_month), their occurrences and what each command says."""

from __future__ import annotations

import json

import pytest
from conftest import flat

from hncc.domain.deadlines import ImpossibleDeadline, read_phrase

HEADER = """\
number: 9/KH-UBND
issuer: UBND Thành phố
date: 2025-01-10
title: KẾ HOẠCH THỬ
horizon: {start: 2025, end: 2026}
duties:
"""


def duty(ref: str, deadline: str, status: str = "", lead: str = "Sở Công Thương") -> str:
    return (f"  - ref: {ref}\n    lead: [{lead}]\n    body: [Báo cáo {ref}.]\n"
            f"    deadline: {deadline}\n{status}")


@pytest.mark.parametrize(("phrase", "fields"), [
    ("Hằng tháng", {"every_months": 1}),
    ("Hàng tháng", {"every_months": 1}),
    ("Định kỳ hằng tháng", {"every_months": 1}),
    ("trước ngày 20 hằng tháng", {"every_months": 1, "day_of_month": 20}),
    ("Trước ngày 15 hàng tháng", {"every_months": 1, "day_of_month": 15}),
    ("Hằng tháng (trước ngày 20)", {"every_months": 1, "day_of_month": 20}),
    ("Hằng quý", {"every_months": 3}),
    ("Hàng quý", {"every_months": 3}),
    ("hằng quý và hằng năm", {"every_months": 3}),
    ("định kỳ 6 tháng", {"every_months": 6}),
    ("6 tháng/lần", {"every_months": 6}),
    ("06 tháng/01 lần", {"every_months": 6}),
    ("6 tháng một lần", {"every_months": 6}),
    # a day of each quarter's last month, as "trước ngày 20 hằng tháng" is a day of each month
    ("trước ngày 15 của tháng cuối quý", {"every_months": 3, "day_of_month": 15}),
    ("Hằng quý, trước ngày 15 của tháng cuối quý", {"every_months": 3, "day_of_month": 15}),
    ("ngày 15 tháng cuối mỗi quý", {"every_months": 3, "day_of_month": 15}),
    ("Hằng quý (trước ngày 20 của tháng cuối quý)", {"every_months": 3, "day_of_month": 20}),
    ("Chậm nhất ngày 10 tháng cuối của mỗi quý", {"every_months": 3, "day_of_month": 10}),
])
def test_within_year__phrases_read_as_a_period_and_a_day_of_month(phrase, fields):
    assert read_phrase(phrase) == fields


@pytest.mark.parametrize("phrase", [
    # a day of the quarter that does not say of which month: the first, the last, or the one
    # after the quarter (reports on a quarter are often due early in the next)
    "trước ngày 15 hằng quý", "Hằng quý, trước ngày 15",
    # a day of the month after, said of no period: once (after the plan?) or each month?
    "trước ngày 5 tháng sau",
])
def test_within_year__a_day_of_the_quarter_without_its_month_is_not_read(phrase):
    assert read_phrase(phrase) is None


# A day of the month after each period: a quarter's report "trước ngày 15 tháng đầu quý sau"
# (15/4 for quarter I … 15/1 of the next year for quarter IV), a month's "trước ngày 5 tháng sau".
NEXT_MONTH = [
    ("ngày 15 tháng đầu quý sau", {"every_months": 3, "day_of_month": 15, "next_month": True}),
    ("Trước ngày 15 của tháng đầu quý sau",
     {"every_months": 3, "day_of_month": 15, "next_month": True}),
    ("Hằng quý, trước ngày 15 tháng đầu quý sau",
     {"every_months": 3, "day_of_month": 15, "next_month": True}),
    ("Hằng quý (trước ngày 10 tháng đầu tiên của quý tiếp theo)",
     {"every_months": 3, "day_of_month": 10, "next_month": True}),
    ("Trong tháng đầu quý sau", {"every_months": 3, "next_month": True}),
    ("Hằng tháng, trước ngày 5 tháng sau",
     {"every_months": 1, "day_of_month": 5, "next_month": True}),
    ("Hằng tháng (trước ngày 05 của tháng tiếp theo)",
     {"every_months": 1, "day_of_month": 5, "next_month": True}),
    # "tháng sau" of a quarter: the month after the quarter (5/4 … 5/1 of the next year)
    ("Hằng quý, trước ngày 5 tháng sau",
     {"every_months": 3, "day_of_month": 5, "next_month": True}),
    ("Hàng quý (trước ngày 10 của tháng tiếp theo)",
     {"every_months": 3, "day_of_month": 10, "next_month": True}),
]


@pytest.mark.parametrize(("phrase", "fields"), NEXT_MONTH, ids=[p for p, _ in NEXT_MONTH])
def test_within_year__a_day_of_the_month_after_each_period(phrase, fields):
    assert read_phrase(phrase) == fields


def test_within_year__a_day_that_no_month_has_is_refused_each_quarter():
    with pytest.raises(ImpossibleDeadline, match="không có ngày 32 trong tháng"):
        read_phrase("trước ngày 32 của tháng cuối quý")
    with pytest.raises(ImpossibleDeadline, match="không có ngày 32 trong tháng"):
        read_phrase("trước ngày 32 tháng đầu quý sau")


def test_within_year__phrases_of_a_period_once_keep_their_meaning():
    assert read_phrase("6 tháng đầu năm 2025")["due"].isoformat() == "2025-06-30"
    assert read_phrase("Hàng năm") == {"every_years": 1}


def occurrence_rows(output: str) -> list[list[str]]:
    """(Kỳ, Hạn, …) of the "Các lần đến hạn" table of `show`."""
    lines = output.split("Các lần đến hạn\n", 1)[1].split("\n\n", 1)[0].splitlines()[2:]
    return [line.split()[:2] for line in lines if line[:1].isdigit()]


def test_show__a_monthly_duty_falls_due_each_month_of_the_plan_on_its_day(hncc, root):
    root.plan("p.yaml", HEADER + duty("V.1", "trước ngày 20 hằng tháng"))
    result = hncc("show", "9:V.1", "--root", root.path, "--as-of", "2025-05-01")
    assert result.exit_code == 0, result.output
    rows = occurrence_rows(result.stdout)
    assert len(rows) == 24  # every month of 2025 and 2026
    assert rows[0] == ["1/2025", "20/01/2025"] and rows[-1] == ["12/2026", "20/12/2026"]
    assert "Kỳ (tháng/năm)" in result.stdout


def test_show__without_a_day_a_period_falls_due_at_its_end(hncc, root):
    root.plan("p.yaml", HEADER + duty("V.1", "Hằng tháng") + duty("V.2", "Hằng quý")
              + duty("V.3", "định kỳ 6 tháng"))
    dues = {}
    for ref in ("V.1", "V.2", "V.3"):
        result = hncc("show", f"9:{ref}", "--root", root.path, "--as-of", "2025-05-01")
        dues[ref] = [due for _, due in occurrence_rows(result.stdout)]
        assert "nguồn không ghi ngày thì hạn là ngày cuối kỳ theo quy ước" in flat(result.stdout)
    assert dues["V.1"][:3] == ["31/01/2025", "28/02/2025", "31/03/2025"]
    assert dues["V.2"] == ["31/03/2025", "30/06/2025", "30/09/2025", "31/12/2025",
                           "31/03/2026", "30/06/2026", "30/09/2026", "31/12/2026"]
    assert dues["V.3"] == ["30/06/2025", "31/12/2025", "30/06/2026", "31/12/2026"]


QUARTER_DAYS = [
    ("Hằng quý, trước ngày 15 của tháng cuối quý",
     [["3/2025", "15/03/2025"], ["6/2025", "15/06/2025"], ["9/2025", "15/09/2025"],
      ["12/2025", "15/12/2025"], ["3/2026", "15/03/2026"], ["6/2026", "15/06/2026"],
      ["9/2026", "15/09/2026"], ["12/2026", "15/12/2026"]]),
    # the month after each quarter: the fourth quarter's in January of the next year
    ("Hằng quý, trước ngày 15 tháng đầu quý sau",
     [["4/2025", "15/04/2025"], ["7/2025", "15/07/2025"], ["10/2025", "15/10/2025"],
      ["1/2026", "15/01/2026"], ["4/2026", "15/04/2026"], ["7/2026", "15/07/2026"],
      ["10/2026", "15/10/2026"], ["1/2027", "15/01/2027"]]),
    ("Hằng quý, trước ngày 5 tháng sau",
     [["4/2025", "05/04/2025"], ["7/2025", "05/07/2025"], ["10/2025", "05/10/2025"],
      ["1/2026", "05/01/2026"], ["4/2026", "05/04/2026"], ["7/2026", "05/07/2026"],
      ["10/2026", "05/10/2026"], ["1/2027", "05/01/2027"]]),
]


@pytest.mark.parametrize(("phrase", "rows"), QUARTER_DAYS, ids=[p for p, _ in QUARTER_DAYS])
def test_show__a_day_of_a_quarters_month_falls_due_that_day_each_quarter(hncc, root, phrase,
                                                                         rows):
    root.plan("p.yaml", HEADER + duty("V.1", phrase))
    result = hncc("show", "9:V.1", "--root", root.path, "--as-of", "2025-05-01")
    assert result.exit_code == 0, result.output
    assert occurrence_rows(result.stdout) == rows
    # the note under the table says how a period is named, the month after as well
    assert "“ngày 15 tháng đầu quý sau”: quý II/2025 là 7/2025" in flat(result.stdout)


NEXT_QUARTER_DONE = """\
    status:
      - {date: 2025-04-10, status: done, year: 2025, month: 4}
"""


def test_commands__a_quarter_due_in_the_month_after_it_is_late_listed_and_reported_so(hncc, root):
    root.plan("p.yaml", HEADER + duty("V.1", "trước ngày 15 tháng đầu quý sau",
                                      NEXT_QUARTER_DONE))
    assert check(hncc, root) == (0, [])
    args = ("--root", root.path, "--as-of", "2026-02-01", "--format", "json")
    cached, direct = hncc("overdue", *args).stdout, hncc("--no-cache", "overdue", *args).stdout
    assert cached == direct
    (late,) = json.loads(cached)
    assert late["due"] == "2025-07-15" and late["late_months"] == [7, 10, 1]
    assert late["late_years"] == [2025, 2025, 2026]
    soon = hncc("upcoming", "--root", root.path, "--as-of", "2025-12-20", "--within", "30",
                "--format", "json")
    assert [(t["due"], t["month"]) for t in json.loads(soon.stdout)] == [("2026-01-15", 1)]
    ics = hncc("calendar", "--root", root.path, "--as-of", "2025-05-01").stdout
    assert "UID:9-KH-UBND-2025-V.1-2026-01@hncc" in ics.replace("\r\n ", "")
    assert "DTSTART;VALUE=DATE:20260115" in ics
    report = flat(hncc("report", "--agency", "Sở Công Thương", "--year", "2026", "--as-of",
                       "2026-02-01", "--root", root.path).stdout)
    assert "kỳ đến hạn tháng 1/2026: **quá hạn 17 ngày**" in report


@pytest.mark.parametrize(("status", "message"), [
    ("{date: 2025-04-10, status: done, year: 2025, month: 6}",
     "Tháng 6 không phải một kỳ của thời hạn “trước ngày 15 tháng đầu quý sau”: các kỳ đến hạn "
     "vào tháng 4, 7, 10 (ghi tháng đến hạn của kỳ, ví dụ quý II là tháng 7)"),
    # the first quarter of 2025 falls due in April; January 2025 is the quarter before the plan's
    ("{date: 2025-04-10, status: done, year: 2025, month: 1}", "các kỳ đến hạn vào tháng 4, 7, 10"),
    ("{date: 2026-04-10, status: done, year: 2027, month: 4}", "các kỳ đến hạn vào tháng 1 "),
])
def test_check__a_status_month_of_a_quarter_due_in_the_month_after_names_one(hncc, root, status,
                                                                            message):
    root.plan("p.yaml", HEADER + duty("V.1", "trước ngày 15 tháng đầu quý sau",
                                      f"    status:\n      - {status}\n"))
    result = hncc("check", "--root", root.path)
    assert result.exit_code == 1 and message in flat(result.output)


def test_status__a_quarter_due_in_the_month_after_is_recorded_by_that_month(hncc, root):
    path = root.plan("p.yaml", HEADER + duty("V.1", "trước ngày 15 tháng đầu quý sau"))
    refused = hncc("status", "9:V.1", "done", "--date", "2025-06-18", "--year", "2025",
                   "--month", "6", "--root", root.path)
    assert refused.exit_code == 1
    assert "các kỳ đến hạn vào tháng 4, 7, 10" in flat(refused.output)
    result = hncc("status", "9:V.1", "done", "--date", "2025-07-10", "--year", "2025",
                  "--month", "7", "--root", root.path)
    assert result.exit_code == 0, result.output
    assert "        year: 2025\n        month: 7\n" in path.read_text(encoding="utf-8")


MONTHLY_DONE = """\
    status:
      - {date: 2025-01-14, status: done, year: 2025, month: 1}
      - {date: 2025-02-16, status: done, year: 2025, month: 2}
"""


def test_overdue__only_the_months_past_and_not_done_are_late(hncc, root):
    root.plan("p.yaml", HEADER + duty("V.1", "Trước ngày 15 hàng tháng", MONTHLY_DONE))
    result = hncc("overdue", "--root", root.path, "--as-of", "2025-05-01", "--format", "json")
    assert result.exit_code == 0, result.output
    (late,) = json.loads(result.stdout)
    assert late["due"] == "2025-03-15" and late["month"] == 3
    assert late["late_years"] == [2025, 2025] and late["late_months"] == [3, 4]
    table = hncc("overdue", "--root", root.path, "--as-of", "2025-05-01").stdout
    assert "3/2025, 4/2025" in table
    assert "ghi tháng/năm đến hạn (quý II/2025 là 6/2025)" in flat(table)


def test_overdue__the_index_and_a_direct_reading_agree(hncc, root):
    root.plan("p.yaml", HEADER + duty("V.1", "Trước ngày 15 hàng tháng", MONTHLY_DONE)
              + duty("V.2", "Hằng quý"))
    args = ("overdue", "--root", root.path, "--as-of", "2025-08-01", "--format", "json")
    cached, direct = hncc(*args).stdout, hncc("--no-cache", *args).stdout
    assert cached == direct
    found = {t["ref"]: t["late_months"] for t in json.loads(cached)}
    assert found == {"V.1": [3, 4, 5, 6, 7], "V.2": [3, 6]}


def test_upcoming__each_month_in_the_window_is_listed(hncc, root):
    root.plan("p.yaml", HEADER + duty("V.1", "trước ngày 20 hằng tháng"))
    result = hncc("upcoming", "--root", root.path, "--as-of", "2025-05-01", "--within", "60",
                  "--format", "json")
    assert [t["due"] for t in json.loads(result.stdout)] == ["2025-05-20", "2025-06-20"]


def test_tasks__a_monthly_duty_has_a_task_a_month_of_the_year(hncc, root):
    root.plan("p.yaml", HEADER + duty("V.1", "Hằng tháng", MONTHLY_DONE))
    result = hncc("tasks", "--root", root.path, "--as-of", "2025-05-01", "--year", "2025",
                  "--format", "json")
    found = json.loads(result.stdout)
    assert [(t["month"], t["status"]) for t in found][:3] == [
        (1, "done"), (2, "done"), (3, "unrecorded")]
    assert len(found) == 12


def test_calendar__each_month_is_an_event_of_its_own(hncc, root):
    root.plan("p.yaml", HEADER + duty("V.1", "trước ngày 20 hằng tháng"))
    result = hncc("calendar", "--root", root.path, "--as-of", "2025-05-01")
    text = result.stdout.replace("\r\n ", "")
    uids = [line for line in text.splitlines() if line.startswith("UID:")]
    assert len(uids) == 24 and len(set(uids)) == 24
    assert "UID:9-KH-UBND-2025-V.1-2025-03@hncc" in uids
    assert "DTSTART;VALUE=DATE:20250320" in text
    assert "SUMMARY:9/KH-UBND V.1 (3/2025)" in text


def check(hncc, root) -> tuple[int, list[tuple[str, int, str]]]:
    result = hncc("check", "--root", root.path, "--format", "json")
    found = json.loads(result.stdout)["problems"]
    return result.exit_code, [(p["code"], p["line"], p["severity"]) for p in found]


def test_check__phrases_recurring_within_the_year_are_valid(hncc, root):
    root.plan("p.yaml", HEADER + duty("V.1", "trước ngày 20 hằng tháng", MONTHLY_DONE)
              + duty("V.2", "Hằng quý") + duty("V.3", "6 tháng/lần")
              # a day the body gives beside a phrase that gives none, as with `day` each year
              + duty("V.4", "{text: Hằng tháng, day_of_month: 20}")
              + duty("V.5", "Hằng quý, trước ngày 15 của tháng cuối quý"))
    assert check(hncc, root) == (0, [])


@pytest.mark.parametrize(("deadline", "code"), [
    ("{text: Báo cáo định kỳ, every_months: 5}", "deadline-invalid"),
    ("{text: Hằng tháng, every_years: 1}", "deadline-invalid"),
    ("{every_months: 1, day: 30/11}", "deadline-invalid"),
    ("{text: Hàng năm, day_of_month: 20}", "deadline-invalid"),
    ("{text: trước ngày 20 hằng tháng, day_of_month: 15}", "deadline-mismatch"),
    ("trước ngày 32 hằng tháng", "deadline-invalid"),
    ("{text: Hàng năm, next_month: true}", "deadline-invalid"),
    ("{text: trước ngày 15 tháng đầu quý sau, next_month: false}", "deadline-mismatch"),
    ("{text: Hàng năm, periods: [1, 3]}", "deadline-invalid"),
    ("{text: Hằng quý, periods: [5]}", "deadline-invalid"),
    ("{text: Hằng quý, periods: [3, 1]}", "deadline-invalid"),
    ("{text: Hằng quý, periods: []}", "deadline-invalid"),
    ("{text: Quý I và Quý III hằng năm, periods: [1, 2]}", "deadline-mismatch"),
])
def test_check__impossible_combinations_are_refused_with_their_line(hncc, root, deadline, code):
    root.plan("p.yaml", HEADER + duty("V.1", deadline))
    exit_code, found = check(hncc, root)
    assert exit_code == 1 and [(c, line) for c, line, _ in found] == [(code, 10)]


def test_check__a_status_month_names_an_occurrence_of_the_deadline(hncc, root):
    root.plan("p.yaml", HEADER + duty("V.1", "Hằng quý", """\
    status:
      - {date: 2025-04-05, status: done, year: 2025, month: 3}
      - {date: 2025-04-05, status: done, year: 2025, month: 4}
      - {date: 2025-04-05, status: done, year: 2025}
""") + duty("V.2", "Hàng năm", """\
    status:
      - {date: 2025-04-05, status: done, year: 2025, month: 4}
"""))
    assert check(hncc, root) == (1, [("status-month", 13, "error"), ("status-month", 14, "warning"),
                                     ("status-month", 20, "error")])
    result = hncc("check", "--root", root.path)
    assert "Tháng 4 không phải một kỳ của thời hạn “Hằng quý”" in flat(result.output)


def test_check__a_status_month_without_its_year_is_refused(hncc, root):
    root.plan("p.yaml", HEADER + duty("V.1", "Hằng tháng", """\
    status:
      - {date: 2025-04-05, status: done, month: 3}
"""))
    exit_code, found = check(hncc, root)
    assert exit_code == 1 and [c for c, _, _ in found] == ["status-month-without-year"]


def test_status__records_the_month_of_an_occurrence_and_overdue_drops_it(hncc, root):
    path = root.plan("p.yaml", HEADER + duty("V.1", "trước ngày 20 hằng tháng"))
    result = hncc("status", "9:V.1", "done", "--date", "2025-03-18", "--year", "2025",
                  "--month", "3", "--root", root.path)
    assert result.exit_code == 0, result.output
    assert "      - date: 2025-03-18\n        status: done\n        year: 2025\n        month: 3\n" \
        in path.read_text(encoding="utf-8")
    late = json.loads(hncc("overdue", "--root", root.path, "--as-of", "2025-05-01",
                           "--format", "json").stdout)
    assert late[0]["late_months"] == [1, 2, 4]


@pytest.mark.parametrize(("deadline", "args", "message"), [
    ("Hằng tháng", ["--year", "2025"], "ghi thêm --month (tháng đến hạn của kỳ: 1, 2, 3"),
    # neither: both named at once, not --year first and --month on the next try
    ("Hằng quý", [], "ghi --year (2025, 2026) và --month (tháng đến hạn của kỳ: 3, 6, 9, 12)"),
    ("Hằng quý", ["--year", "2025", "--month", "5"],
     "Tháng 5 không phải một kỳ của mục V.1 (Hằng quý): các kỳ đến hạn vào tháng 3, 6, 9, 12"),
    ("Hàng năm", ["--year", "2025", "--month", "5"], "không lặp lại trong năm"),
])
def test_status__a_month_that_names_no_occurrence_is_refused(hncc, root, deadline, args,
                                                            message):
    path = root.plan("p.yaml", HEADER + duty("V.1", deadline))
    before = path.read_bytes()
    result = hncc("status", "9:V.1", "done", "--date", "2025-03-18", *args, "--root", root.path)
    assert result.exit_code == 1 and message in flat(result.output)
    assert path.read_bytes() == before


def test_report__a_monthly_duty_names_its_late_months_not_its_year_twice(hncc, root):
    root.plan("p.yaml", HEADER + duty("V.1", "Trước ngày 15 hàng tháng", MONTHLY_DONE))
    result = hncc("report", "--agency", "Sở Công Thương", "--year", "2025", "--as-of",
                  "2025-05-01", "--root", root.path)
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    assert "kỳ đến hạn tháng 3/2025: **quá hạn 47 ngày**" in text
    assert "kỳ đến hạn tháng 4/2025: **quá hạn 16 ngày**" in text
    assert "(kỳ đến hạn tháng 3/2025 và 4/2025 còn quá hạn)" in text
    assert "kỳ năm 2025: **quá hạn" not in text


def test_diff__a_status_of_a_month_says_its_period():
    from hncc.render.diff import _status

    assert "(kỳ đến hạn tháng 3/2025)" in _status(
        {"status": "done", "year": 2025, "month": 3, "date": "2025-03-18"})
    assert "(kỳ năm 2025)" in _status({"status": "done", "year": 2025, "date": "2025-03-18"})


def test_budget__a_quarters_report_due_the_january_after_adds_no_year_of_money(hncc, root):
    root.plan("p.yaml", HEADER
              + duty("V.1", "Hằng quý, trước ngày 15 tháng đầu quý sau") + "    budget: 1 tỷ/năm\n"
              + duty("V.2", "trước ngày 15 tháng đầu quý sau") + "    budget: 6 tỷ\n")
    result = hncc("budget", "--root", root.path, "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert [(y["year"], y["firm"], y["apportioned"]) for y in found["years"]] == [
        (2025, "1", "3"), (2026, "1", "3")]


def test_tasks__the_report_due_the_january_after_the_plan_is_of_that_year_and_plan(hncc, root):
    root.plan("p.yaml", HEADER + duty("V.1", "trước ngày 15 tháng đầu quý sau", """\
    status:
      - {date: 2026-12-20, status: in_progress, year: 2027, month: 1}
"""))
    assert check(hncc, root) == (0, [])
    args = ("tasks", "--root", root.path, "--plan", "9", "--year", "2027", "--as-of",
            "2027-02-01", "--format", "json")
    cached, direct = hncc(*args).stdout, hncc("--no-cache", *args).stdout
    assert cached == direct
    assert [(t["due"], t["year"], t["month"], t["status"]) for t in json.loads(cached)] == [
        ("2027-01-15", 2027, 1, "in_progress")]


# Periods of each year listed with a gap: each its own window every year, named by the month it
# falls due ("Quý IV hằng năm" is one window; "Quý I và Quý III hằng năm" two).
PERIODS_APART = [
    ("Quý I và Quý III hằng năm", {"every_months": 3, "periods": [1, 3]}),
    ("Quý I, II và IV hàng năm", {"every_months": 3, "periods": [1, 2, 4]}),
    ("Tháng 6 và tháng 12 hằng năm", {"every_months": 1, "periods": [6, 12]}),
]


@pytest.mark.parametrize(("phrase", "fields"), PERIODS_APART, ids=[p for p, _ in PERIODS_APART])
def test_within_year__periods_apart_each_year_are_those_periods(phrase, fields):
    assert read_phrase(phrase) == fields


def test_within_year__periods_in_a_row_each_year_stay_one_window():
    assert read_phrase("Quý I, II hằng năm") == {"every_years": 1, "window_start": "01/01",
                                                 "day": "30/06"}
    with pytest.raises(ImpossibleDeadline, match="đi ngược hoặc lặp lại"):
        read_phrase("Quý III và I hằng năm")


def test_tasks__quarters_apart_each_year_fall_due_each_in_its_own_window(hncc, root):
    root.plan("p.yaml", HEADER + duty("V.1", "Quý I và Quý III hằng năm", """\
    status:
      - {date: 2025-03-20, status: done, year: 2025, month: 3}
"""))
    assert check(hncc, root) == (0, [])
    result = hncc("tasks", "--root", root.path, "--as-of", "2025-05-01", "--format", "json")
    assert result.exit_code == 0, result.output
    assert sorted(task["due"] for task in json.loads(result.stdout)) == [
        "2025-03-31", "2025-09-30", "2026-03-31", "2026-09-30"]
    ics = hncc("calendar", "--root", root.path, "--as-of", "2025-05-01").stdout.replace("\r\n", "\n")
    assert "DTSTART;VALUE=DATE:20250701\nDTEND;VALUE=DATE:20251001" in ics
    root.plan("p.yaml", HEADER + duty("V.1", "Quý I và Quý III hằng năm", """\
    status:
      - {date: 2025-06-20, status: done, year: 2025, month: 6}
"""))
    assert [code for code, _, _ in check(hncc, root)[1]] == ["status-month"]
