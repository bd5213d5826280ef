"""Work items across linked plans: a later plan carrying out a multi-year plan's yearly row.

Every read command counts the work once and gives each occurrence the deadline of the plan
that states it, saying where it comes from, with the query index and without it.
"""

from __future__ import annotations

import csv
import json
import re

import pytest

from tests.conftest import HEADER

CACHE = pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["index", "no-cache"])

MULTI_YEAR = HEADER + """\
horizon: {start: 2022, end: 2025}
content:
  - ref: III.1
    kind: activity
    title: Lễ hội hằng năm
    lead: [Sở Văn hóa và Thể thao]
    no_deadline: Thời gian ghi ở Phụ lục
appendix:
  rows:
    - ref: PL.1
      title: Tổ chức Lễ hội
      lead: [Sở Văn hóa và Thể thao]
      deadline: Hàng năm
      budget: 2 tỷ/năm
      summarizes: [III.1]
"""

LATER = """\
number: 9/KH-UBND
issuer: UBND Thành phố
date: 2025-02-10
title: KẾ HOẠCH 2025-2026
horizon: {start: 2025, end: 2026}
content:
  - ref: II.1
    kind: activity
    title: Tổ chức Lễ hội năm 2025 và 2026
    lead: [Sở Văn hóa và Thể thao]
    deadline: Hàng năm
    implements: 7/KH-UBND@2022:PL.1
"""

ITEM = "7/KH-UBND@2022:PL.1"
LATER_SOURCE = "theo Kế hoạch 9/KH-UBND, mục II.1"


@pytest.fixture
def linked(root):
    root.plan("2022-7.yaml", MULTI_YEAR)
    root.plan("2025-9.yaml", LATER)
    return root


def _json(hncc, root, *args):
    result = hncc(*args, "--root", root.path, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@CACHE
def test_linked__a_later_plans_year_past_the_rows_plan_is_an_occurrence_of_the_item(
        hncc, linked, cache):
    # 102-like row "Hàng năm" runs 2022-2025; the 2025-2026 plan carries it out in 2026 too
    found = _json(hncc, linked, *cache, "tasks", "--as-of", "2027-02-01")
    assert [(t["item"], t["year"], t["due"], t["deadline_source"]) for t in found] == [
        (ITEM, 2022, "2022-12-31", None), (ITEM, 2023, "2023-12-31", None),
        (ITEM, 2024, "2024-12-31", None), (ITEM, 2025, "2025-12-31", None),
        (ITEM, 2026, "2026-12-31", LATER_SOURCE)]
    assert found[-1]["deadline_text"] == "Hàng năm"
    [late] = _json(hncc, linked, *cache, "overdue", "--as-of", "2027-02-01")
    assert (late["item"], late["late_years"]) == (ITEM, [2022, 2023, 2024, 2025, 2026])
    in_2026 = _json(hncc, linked, *cache, "tasks", "--as-of", "2026-06-01", "--year", "2026")
    assert [(t["item"], t["progress"]) for t in in_2026] == [(ITEM, "pending")]


@CACHE
def test_linked__the_multi_year_plans_own_part_is_not_counted_in_a_later_plans_year(
        hncc, linked, cache):
    # III.1 (2022-2025) done for 2026 would be nonsense: the later plan's part alone decides 2026
    linked.plan("2025-9.yaml", LATER.replace(
        "    implements:", "    status:\n      - {date: 2026-11-20, status: done, year: 2026}\n"
        "    implements:"))
    found = _json(hncc, linked, *cache, "tasks", "--as-of", "2026-12-01", "--year", "2026")
    assert [(t["year"], t["status"], t["status_derived"]) for t in found] == [
        (2026, "done", "mọi phần (1) đã xong")]


@CACHE
def test_linked__calendar_and_agency_report_have_the_later_year(hncc, linked, cache):
    result = hncc(*cache, "calendar", "--root", linked.path, "--as-of", "2026-06-01")
    assert result.exit_code == 0, result.output
    assert "DTSTART;VALUE=DATE:20261231" in result.stdout
    unfolded = re.sub(r"\r?\n ", "", result.stdout).replace("\\,", ",")
    assert f"Hàng năm ({LATER_SOURCE})" in unfolded
    report = hncc(*cache, "report", "--root", linked.path, "--agency", "Sở Văn hóa và Thể thao",
                  "--year", "2026", "--as-of", "2026-12-01")
    assert report.exit_code == 0, report.output
    assert "31/12/2026" in report.stdout


@CACHE
def test_linked__an_undated_part_of_a_later_plan_is_not_counted_before_its_plan(
        hncc, linked, cache):
    # a 2025-2026 part with no deadline of its own has nothing to do with the 2022 festival
    linked.plan("2025-9.yaml", LATER.replace("    deadline: Hàng năm\n",
                                             "    no_deadline: Nguồn không ghi\n"))
    linked.plan("2022-7.yaml", MULTI_YEAR.replace(
        "    no_deadline: Thời gian ghi ở Phụ lục\n",
        "    no_deadline: Thời gian ghi ở Phụ lục\n"
        "    status:\n      - {date: 2022-11-20, status: done, year: 2022}\n"))
    found = _json(hncc, linked, *cache, "tasks", "--as-of", "2023-02-01", "--year", "2022")
    assert [(t["year"], t["status"], t["progress"]) for t in found] == [
        (2022, "done", "done_on_time")]


@CACHE
def test_linked__a_later_year_carries_the_money_of_the_plan_that_states_it(hncc, linked, cache):
    # "2 tỷ/năm" is the row's money in 2022-2025: the 2025-2026 plan states none for 2026
    found = _json(hncc, linked, *cache, "tasks", "--as-of", "2026-06-01")
    assert [(t["year"], t["budget_text"]) for t in found] == [
        (2022, "2 tỷ/năm"), (2023, "2 tỷ/năm"), (2024, "2 tỷ/năm"), (2025, "2 tỷ/năm"),
        (2026, None)]


def test_linked__the_deadline_of_the_later_years_is_not_another_deadline(hncc, linked):
    # 9's II.1 "Hàng năm" is due when the row is in 2025, and is the deadline of 2026
    shown = _json(hncc, linked, "show", "7:PL.1", "--as-of", "2026-06-01")
    [item] = shown["items"]
    assert item["other_deadlines"] == []
    linked.plan("2025-9.yaml", LATER.replace("deadline: Hàng năm",
                                             "deadline: Trước ngày 30/11 hằng năm"))
    [item] = _json(hncc, linked, "show", "7:PL.1", "--as-of", "2026-06-01")["items"]
    assert item["other_deadlines"] == [
        "Kế hoạch 9/KH-UBND, mục II.1: Trước ngày 30/11 hằng năm"]


def test_linked__an_agency_report_names_its_plans_oldest_first(hncc, root):
    # PL.1 (with a part of 9, 2025) is listed before PL.2 (with a part of 8, 2023): the subject
    # line named "7, 9 và 8"
    root.plan("2022-7.yaml", MULTI_YEAR.replace("      summarizes: [III.1]\n", """\
      summarizes: [III.1]
    - ref: PL.2
      title: Hợp tác quốc tế
      lead: [Sở Văn hóa và Thể thao]
      deadline: Năm 2022-2023
      budget: 6 tỷ
"""))
    root.plan("2025-9.yaml", LATER)
    root.plan("2023-8.yaml", LATER.replace("number: 9/KH-UBND", "number: 8/KH-UBND")
              .replace("date: 2025-02-10", "date: 2023-03-10")
              .replace("{start: 2025, end: 2026}", "{start: 2023, end: 2023}")
              .replace("implements: 7/KH-UBND@2022:PL.1", "implements: 7/KH-UBND@2022:PL.2")
              .replace("deadline: Hàng năm", "no_deadline: Nguồn không ghi"))
    report = hncc("report", "--root", root.path, "--agency", "Sở Văn hóa và Thể thao",
                  "--year", "2026", "--as-of", "2026-12-01")
    assert report.exit_code == 0, report.output
    assert ("Kết quả thực hiện Kế hoạch số 7/KH-UBND ngày 10/1/2022, Kế hoạch số 8/KH-UBND "
            "ngày 10/3/2023 và Kế hoạch số 9/KH-UBND ngày 10/2/2025 của UBND Thành phố năm "
            "2026") in report.stdout, report.stdout


@CACHE
def test_linked__a_plan_filter_leaves_out_the_years_the_plan_has_no_part_in(hncc, linked, cache):
    # the 2025-2026 plan carries out the yearly row in 2025 and 2026, not in 2022-2024
    found = _json(hncc, linked, *cache, "tasks", "--plan", "9", "--as-of", "2027-02-01")
    assert [(t["item"], t["year"]) for t in found] == [(ITEM, 2025), (ITEM, 2026)]
    [late] = _json(hncc, linked, *cache, "overdue", "--plan", "9", "--as-of", "2027-02-01")
    assert (late["due"], late["late_years"]) == ("2025-12-31", [2025, 2026])
    # and the multi-year plan's own list ends with its own years
    found = _json(hncc, linked, *cache, "tasks", "--plan", "7", "--as-of", "2027-02-01")
    assert [t["year"] for t in found] == [2022, 2023, 2024, 2025]
    result = hncc(*cache, "report", "--root", linked.path, "--plan", "9", "--as-of", "2027-02-01")
    assert result.exit_code == 0, result.output
    assert "31/12/2022" not in result.stdout


@CACHE
def test_linked__a_monthly_item_carried_out_by_a_later_plan_has_each_later_month(
        hncc, root, cache):
    root.plan("2022-7.yaml", MULTI_YEAR.replace("deadline: Hàng năm", "deadline: Hằng quý"))
    root.plan("2025-9.yaml", LATER.replace("deadline: Hàng năm", "deadline: Hằng quý"))
    found = _json(hncc, root, *cache, "tasks", "--as-of", "2027-02-01")
    later = [(t["year"], t["month"], t["deadline_source"]) for t in found if t["year"] == 2026]
    assert later == [(2026, month, LATER_SOURCE) for month in (3, 6, 9, 12)]
    assert len(found) == 4 * 4 + 4  # 2022-2025 from the row, 2026 from the later plan


ANNUAL = """\
number: 12/KH-UBND
issuer: UBND Thành phố
date: 2024-02-01
title: KẾ HOẠCH NĂM 2024
horizon: {start: 2024, end: 2024}
content:
  - ref: II.1
    kind: activity
    title: Tổ chức Lễ hội năm 2024
    lead: [Sở Ngoại vụ]
    cooperating: [Sở Công Thương]
    deadline: Quý III/2024
    implements: 7/KH-UBND@2022:PL.1
"""


@pytest.fixture
def annual(root):
    root.plan("2022-7.yaml", MULTI_YEAR)
    root.plan("2024-12.yaml", ANNUAL)
    return root


@CACHE
def test_linked__an_annual_plans_lead_answers_for_its_year_only(hncc, annual, cache):
    # The 2024 plan gives the yearly row's 2024 to Sở Ngoại vụ: it leads that occurrence with
    # the row's own lead, and nothing of 2022, 2023 or 2025.
    day = ("--as-of", "2025-01-10")
    mine = _json(hncc, annual, *cache, "tasks", *day, "--agency", "Sở Ngoại vụ")
    assert [(t["item"], t["year"]) for t in mine] == [(ITEM, 2024)]
    helping = _json(hncc, annual, *cache, "tasks", *day, "--agency", "Sở Công Thương",
                    "--role", "any")
    assert [t["year"] for t in helping] == [2024]
    [late] = _json(hncc, annual, *cache, "overdue", *day, "--agency", "Sở Ngoại vụ")
    assert (late["year"], late["late_years"]) == (2024, [2024])
    [row_lead] = _json(hncc, annual, *cache, "overdue", *day, "--agency", "Sở Văn hóa và Thể thao")
    assert row_lead["late_years"] == [2022, 2023, 2024]  # the row's lead answers for every year
    calendar = hncc(*cache, "calendar", "--root", annual.path, *day, "--agency", "Sở Ngoại vụ")
    assert calendar.exit_code == 0, calendar.output
    assert re.findall(r"DTSTART;VALUE=DATE:(\d{8})", calendar.stdout) == ["20241231"]


@CACHE
def test_linked__an_item_led_in_one_year_only_counts_once_for_each_agency(hncc, annual, cache):
    rows = {w["agency"]: w for w in _json(hncc, annual, *cache, "agencies", "--as-of",
                                          "2025-01-10")}
    ngoai_vu, van_hoa = rows["Sở Ngoại vụ"], rows["Sở Văn hóa và Thể thao"]
    assert (ngoai_vu["led"], ngoai_vu["overdue"], ngoai_vu["pending"]) == (1, 1, 0)
    assert (van_hoa["led"], van_hoa["overdue"], van_hoa["pending"]) == (1, 3, 1)
    assert (rows["Sở Công Thương"]["led"], rows["Sở Công Thương"]["supported"]) == (0, 1)
    report = hncc(*cache, "report", "--root", annual.path, "--agency", "Sở Ngoại vụ", "--year",
                  "2023", "--as-of", "2023-12-01")
    assert report.exit_code == 0, report.output
    assert "PL.1" not in report.stdout  # its year is 2024


def test_linked__show_names_each_years_leads_where_an_annual_plan_adds_one(hncc, annual):
    # `show` of the yearly row: its occurrences, as the record's and as the work item's, say
    # that 2024 is led by Sở Ngoại vụ too (the 2024 plan's part), and the other years are not
    day = ("--as-of", "2025-01-10")
    result = hncc("show", ITEM, "--root", annual.path, *day, "--format", "csv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    tables = [lines[at:lines.index("", at)] for at, line in enumerate(lines)
              if line.startswith("Năm;")]
    assert len(tables) == 2  # "Các lần đến hạn", and the work item's
    for table in tables:
        rows = list(csv.reader(table, delimiter=";"))
        assert rows[0][:2] == ["Năm", "Chủ trì trong năm"]
        assert [r[:2] for r in rows[1:]] == [
            ["2022", "Sở Văn hóa và Thể thao"], ["2023", "Sở Văn hóa và Thể thao"],
            ["2024", "Sở Văn hóa và Thể thao; Sở Ngoại vụ"], ["2025", "Sở Văn hóa và Thể thao"]]
    [item] = _json(hncc, annual, "show", ITEM, *day)["items"]
    assert item["leads_by_year"]["2024"] == ["Sở Văn hóa và Thể thao", "Sở Ngoại vụ"]
    # without the 2024 plan, every year has the same leads: no such column
    (annual.data / "plans" / "2024-12.yaml").unlink()
    alone = hncc("show", ITEM, "--root", annual.path, *day)
    assert alone.exit_code == 0, alone.output
    assert "Chủ trì trong năm" not in alone.stdout


@CACHE
def test_linked__a_row_naming_no_lead_shows_each_years_own_leads(hncc, root, cache):
    # The row names no lead: each year shows the leads of the parts that share it, in a task
    # list and in the calendar alike, with the query index and without it.
    root.plan("2022-7.yaml", MULTI_YEAR.replace(
        "      title: Tổ chức Lễ hội\n      lead: [Sở Văn hóa và Thể thao]\n",
        "      title: Tổ chức Lễ hội\n"))
    root.plan("2024-12.yaml", ANNUAL)
    found = _json(hncc, root, *cache, "tasks", "--as-of", "2025-01-10")
    assert [(t["year"], t["lead"]) for t in found] == [
        (2022, ["Sở Văn hóa và Thể thao"]), (2023, ["Sở Văn hóa và Thể thao"]),
        (2024, ["Sở Văn hóa và Thể thao", "Sở Ngoại vụ"]), (2025, ["Sở Văn hóa và Thể thao"])]
    calendar = hncc(*cache, "calendar", "--root", root.path, "--as-of", "2025-01-10")
    assert calendar.exit_code == 0, calendar.output
    unfolded = re.sub(r"\r?\n ", "", calendar.stdout)
    events = {re.search(r"DTSTART;VALUE=DATE:(\d{4})", e)[1]: e
              for e in unfolded.split("BEGIN:VEVENT")[1:]}
    assert "Sở Ngoại vụ" in events["2024"]
    assert not any("Sở Ngoại vụ" in events[year] for year in ("2022", "2023", "2025"))
