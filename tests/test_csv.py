"""CSV as a spreadsheet opens it: one value per cell, dates that sort as dates."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest

from tests.conftest import HEADER, REPO

DEADLINES = HEADER + """\
horizon: {start: 2022, end: 2024}
content:
  - ref: III.1
    kind: activity
    title: Việc có hạn
    lead: [Sở Văn hóa và Thể thao]
    deadline: Tháng 5/2023
  - ref: III.2
    kind: activity
    title: Việc có hạn dự kiến
    lead: [Sở Ngoại vụ]
    deadline: dự kiến vào đầu năm 2023
  - ref: III.3
    kind: activity
    title: Việc không có hạn
    lead: [Sở Công Thương]
"""


def rows(output: str) -> list[dict[str, str]]:
    """The CSV hncc wrote, as a spreadsheet's filter takes it: a dict per row, by header, to the
    blank line after which the table's notes come."""
    assert output.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(output[1:]), delimiter=";"))
    header, *found = lines[:lines.index([])] if [] in lines else lines
    return [dict(zip(header, row, strict=True)) for row in found]


@pytest.mark.parametrize("command", ["tasks", "upcoming", "overdue"])
def test_csv__the_deadline_is_a_date_alone_and_its_notes_a_column_of_their_own(hncc, root,
                                                                             command):
    root.plan("2022-7.yaml", DEADLINES)
    as_of = "01/01/2026" if command == "overdue" else "01/01/2023"
    extra = ["--within", "365"] if command == "upcoming" else []
    found = rows(hncc("--root", root.path, command, "--as-of", as_of, "--format", "csv",
                      *extra).stdout)
    by_ref = {row["Mục"]: (row["Hạn"], row["Ghi chú hạn"]) for row in found}
    assert by_ref["III.1"] == ("31/05/2023", "")
    assert by_ref["III.2"] == ("31/03/2023", "dự kiến")
    if command != "upcoming":  # one without a deadline is never upcoming
        assert by_ref["III.3"] == ("", "chưa có thời hạn")


def test_csv__a_deadline_taken_from_another_plan_says_where_in_its_own_column(hncc):
    found = rows(hncc("--root", REPO, "tasks", "--as-of", "01/01/2024", "--format", "csv").stdout)
    inherited = [row for row in found if row["Ghi chú hạn"].startswith("theo ")]
    assert inherited
    assert all(len(row["Hạn"]) == 10 and row["Hạn"].count("/") == 2 for row in inherited)
    # Tables for people keep them together, as people read them.
    table = hncc("--root", REPO, "tasks", "--as-of", "01/01/2024", "--format", "md").stdout
    assert f"{inherited[0]['Hạn']} ({inherited[0]['Ghi chú hạn']})" in " ".join(table.split())


FORMULA_LIKE = HEADER + """\
horizon: {start: 2022, end: 2024}
content:
  - ref: III.1
    kind: activity
    title: "=HYPERLINK(\\"http://x\\";\\"Bấm\\")"
    lead: [Sở Văn hóa và Thể thao]
    deadline: Năm 2023
    status:
      - {date: 2023-03-01, status: in_progress, note: "- Đã tổ chức hội nghị"}
  - ref: III.2
    kind: activity
    title: "+84 là mã Việt Nam"
    lead: [Sở Ngoại vụ]
    deadline: Năm 2023
  - ref: III.3
    kind: activity
    title: "@ tên miền"
    lead: [Sở Công Thương]
    deadline: Năm 2023
  - ref: III.4
    kind: activity
    title: "'Hà Nội' trong ngoặc đơn"
    lead: [Sở Công Thương]
    deadline: Năm 2023
  - ref: III.5
    kind: activity
    title: Việc thường
    lead: [Sở Công Thương]
    deadline: Năm 2023
"""


def undone(cell: str) -> str:
    """The text of a cell hncc wrote, as the README says to recover it: without the "'" put
    before a cell that a spreadsheet would read as a formula."""
    return cell[1:] if cell.startswith("'") else cell


FORMULA_LIKE_TITLES = {
    "III.1": '=HYPERLINK("http://x";"Bấm")', "III.2": "+84 là mã Việt Nam", "III.3": "@ tên miền",
    "III.4": "'Hà Nội' trong ngoặc đơn", "III.5": "Việc thường"}


def test_csv__a_cell_a_spreadsheet_would_read_as_a_formula_is_text_and_recoverable(hncc, root):
    root.plan("2022-7.yaml", FORMULA_LIKE)
    titles = FORMULA_LIKE_TITLES
    found = rows(hncc("--root", root.path, "tasks", "--as-of", "01/07/2023",
                      "--format", "csv").stdout)
    written = {row["Mục"]: row["Nội dung"] for row in found}
    for ref, title in titles.items():
        assert undone(written[ref]) == title  # nothing lost
        # Excel reads a cell starting with = + - @ as a formula (#NAME?, or worse).
        assert written[ref][0] not in "=+-@"
    assert written["III.5"] == "Việc thường"  # other text as written
    history = hncc("--root", root.path, "show", "7/KH-UBND:III.1", "--as-of", "01/07/2023",
                   "--format", "csv").stdout
    assert ";'- Đã tổ chức hội nghị;" in history
    # JSON, for scripts, is verbatim.
    data = json.loads(hncc("--root", root.path, "tasks", "--as-of", "01/07/2023",
                           "--format", "json").stdout)
    assert {t["ref"]: t["title"] for t in data} == titles


def test_csv__numbers_are_left_as_numbers():
    from hncc.render.tables import Column, Table, csv_text

    # A number stays a number, and "-" alone (no budget) is no formula: both as written.
    table = Table((Column("Số"), Column("Chữ")), (("-1,5", "-1,5 tỷ"), ("12", "-")))
    assert csv_text([table]).splitlines()[1:] == ["-1,5;'-1,5 tỷ", "12;-"]


def test_csv__the_status_and_the_day_it_was_recorded_are_cells_of_their_own(hncc, root):
    root.plan("2022-7.yaml", DEADLINES.replace("    deadline: Tháng 5/2023\n", """\
    deadline: Tháng 5/2023
    status:
      - {date: 2023-02-05, status: in_progress}
""", 1))
    for command in (["tasks"], ["upcoming", "--within", "365"]):
        found = rows(hncc("--root", root.path, *command, "--as-of", "01/03/2023",
                          "--format", "csv").stdout)
        by_ref = {row["Mục"]: (row["Trạng thái"], row["Ngày cập nhật"]) for row in found}
        assert by_ref["III.1"] == ("đang thực hiện", "05/02/2023")
        assert by_ref["III.2"] == ("chưa cập nhật", "")
    table = hncc("--root", root.path, "tasks", "--as-of", "01/03/2023").stdout
    assert "đang thực hiện (05/02/2023)" in table  # together for people


def test_csv__what_the_table_says_below_its_rows_is_not_lost(hncc):
    # budget lists apart the items without an amount: a spreadsheet must have them too, after
    # the rows (a blank line between), so that the sum of the column is still the total.
    output = hncc("--root", REPO, "budget", "--year", "2023", "--as-of", "01/01/2024",
                  "--format", "csv").stdout
    table = hncc("--root", REPO, "budget", "--year", "2023", "--as-of", "01/01/2024").stdout
    listed_apart = [line for line in table.splitlines() if line.startswith("Không ghi kinh phí")]
    assert listed_apart
    every = list(csv.reader(io.StringIO(output[1:]), delimiter=";"))
    blank = every.index([])
    header, amounts, notes = every[0], every[1:blank], every[blank + 1:]
    column = header.index("Trong năm (tỷ đồng)")
    assert sum(Decimal(row[column].replace(",", ".")) for row in amounts) == 19
    assert [note for note in notes if note[0].startswith("Không ghi kinh phí")] == \
        [[line] for line in listed_apart]


def test_csv__of_several_tables_each_is_named_and_keeps_its_notes(hncc):
    # show: the entry, its occurrences, links, then its work item's tables; the item's other
    # deadlines ("Thời hạn khác", where the plans disagree) are a note of its table.
    output = hncc("--root", REPO, "show", "102:PL.I.1", "--as-of", "01/01/2024",
                  "--format", "csv").stdout
    table = hncc("--root", REPO, "show", "102:PL.I.1", "--as-of", "01/01/2024").stdout
    lines = output[1:].splitlines()
    for said in ("Các lần đến hạn", "Thời hạn khác: Kế hoạch 161/KH-UBND, mục II.1.2: Tháng 5/2023",
                 "Các chỗ nhắc đến công việc 102/KH-UBND@2022:PL.I.1"):
        assert said in table
        assert said in lines


@pytest.mark.parametrize("command, header", [
    (["budget", "--year", "2030"], "Trong năm (tỷ đồng)"),
    (["budget", "--year", "2030", "--by", "agency"], "Tổng (tỷ đồng)"),
    (["agencies"], "Kinh phí chủ trì (tỷ đồng)"),
])
def test_csv__an_amount_column_says_its_unit_even_with_no_amount_in_it(hncc, root, command,
                                                                       header):
    # The same command gives the same headers whatever the data: a spreadsheet or a script
    # that looks for a column by its header finds it. (No task of this plan states an amount.)
    root.plan("2022-7.yaml", DEADLINES)
    output = hncc("--root", root.path, *command, "--as-of", "01/01/2023", "--format", "csv")
    assert header in output.stdout[1:].splitlines()[0].split(";")


def test_csv__an_agency_s_name_and_who_answers_for_it_now_are_cells_of_their_own(hncc, root):
    # "Sở Ngoại vụ, nay là Văn phòng … từ 01/3/2025" in the agency's cell: a filter or a lookup
    # by the agency's name missed it. The name stays as written; the succession has its cell.
    from tests.test_succession import AGENCIES as SUCCESSIONS
    from tests.test_succession import PLAN as SUCCEEDED

    root.agencies(SUCCESSIONS)
    root.plan("2022-9.yaml", SUCCEEDED)
    tasks = rows(hncc("--root", root.path, "tasks", "--as-of", "01/01/2026", "--format",
                      "csv").stdout)
    by_ref = {row["Mục"]: (row["Chủ trì"], row["Chủ trì hiện nay"]) for row in tasks}
    assert by_ref["A.1"] == (
        "Sở Ngoại vụ", "Sở Ngoại vụ, nay là Văn phòng UBND Thành phố từ 01/3/2025")
    assert by_ref["A.2"] == ("Sở Văn hóa và Thể thao", "")
    agencies = rows(hncc("--root", root.path, "agencies", "--as-of", "01/01/2026", "--format",
                         "csv").stdout)
    by_name = {row["Cơ quan"]: row["Tình trạng"] for row in agencies}
    assert by_name["Sở Ngoại vụ"] == "Sở Ngoại vụ, nay là Văn phòng UBND Thành phố từ 01/3/2025"
    assert by_name["Sở Văn hóa và Thể thao"] == ""
    # For people, one cell as before.
    table = hncc("--root", root.path, "agencies", "--as-of", "01/01/2026", "--format", "md")
    assert "| Sở Ngoại vụ, nay là Văn phòng UBND Thành phố từ 01/3/2025 |" in table.stdout


@pytest.mark.parametrize("by", ["item", "plan", "agency", "initiative"])
def test_csv__a_year_s_budget_says_its_year_in_every_row(hncc, by):
    # The year was only in the table's title, which a CSV of one table leaves out: a file of
    # "Trong năm (tỷ đồng)" amounts said of no year which year they are, nor could two years'
    # files be put together in one sheet.
    found = {year: rows(hncc("--root", REPO, "budget", "--year", year, "--by", by, "--as-of",
                             "01/01/2024", "--format", "csv").stdout) for year in ("2022", "2023")}
    for year, listed in found.items():
        assert listed and {row["Năm"] for row in listed} == {year}
        assert list(listed[0])[-2:] == ["Năm", "Tính đến ngày"]


def test_csv__agencies_of_a_year_and_a_plan_say_which_in_every_row_and_the_title(hncc):
    # `agencies --year 2023 --plan 102` counts that year's work of that plan only; its table
    # said "tính đến …" alone, and its CSV said neither: the same file as the whole workload's.
    args = ("--root", REPO, "agencies", "--as-of", "15/12/2023", "--year", "2023", "--plan", "102")
    listed = rows(hncc(*args, "--format", "csv").stdout)
    assert listed and {(row["Năm"], row["Kế hoạch"]) for row in listed} == {
        ("2023", "102/KH-UBND@2022")}
    assert list(listed[0])[-3:] == ["Năm", "Kế hoạch", "Tính đến ngày"]
    title = hncc(*args).stdout.splitlines()[0]
    assert title == ("Khối lượng công việc theo cơ quan năm 2023, Kế hoạch 102/KH-UBND@2022, "
                     "tính đến 15/12/2023")
    card = hncc(*args, "--show", "so ngoai vu").stdout
    assert "Khối lượng công việc năm 2023, Kế hoạch 102/KH-UBND@2022, tính đến 15/12/2023" in card
    whole = rows(hncc("--root", REPO, "agencies", "--as-of", "15/12/2023", "--format",
                      "csv").stdout)
    assert "Năm" not in whole[0] and "Kế hoạch" not in whole[0]


def test_csv__redirected_on_windows_keeps_one_crlf_a_line(monkeypatch):
    # Windows' standard output is a text stream that writes every "\n" as "\r\n": CSV's own
    # "\r\n" became "\r\r\n" in `hncc budget --format csv > kinh-phi.csv`, an empty line (or a
    # stray CR in the last cell) between rows. Its bytes go out as written.
    import os
    import sys

    from hncc.cli import app

    written = io.BytesIO()
    monkeypatch.setattr(os, "linesep", "\r\n")
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(written, encoding="utf-8",
                                                        newline="\r\n", write_through=True))
    app(["--root", str(REPO), "budget", "--as-of", "01/01/2024", "--format", "csv"],
        standalone_mode=False)
    sys.stdout.flush()
    data = written.getvalue()
    assert data.startswith("\ufeffNăm;".encode()) and b"\r\r\n" not in data
    assert data.count(b"\r\n") == data.count(b"\n") > 5


@pytest.mark.parametrize("fmt", ["csv", "json", "md", "table"])
@pytest.mark.parametrize("command", [["tasks"], ["overdue"], ["budget", "--year", "2023"],
                                     ["agencies"], ["show", "102:PL.I.2"], ["upcoming"]])
def test_csv__a_query_s_output_option_writes_the_same_bytes_it_prints(hncc, tmp_path, command,
                                                                      fmt):
    # In Windows PowerShell, `hncc … --format csv > tệp.csv` decodes hncc's UTF-8 with the
    # console's code page and writes UTF-16: Vietnamese garbled, one column in Excel. --output
    # writes the file itself (atomically), as report and calendar do.
    args = ["--root", REPO, *command, "--as-of", "15/12/2023", "--format", fmt]
    printed = hncc(*args)
    target = tmp_path / f"kết quả.{fmt}"
    written = hncc(*args, "--output", target)
    assert written.exit_code == 0 and written.stdout == "", written.output
    assert target.read_bytes() == printed.stdout_bytes
    assert written.stderr.startswith("Đã ghi ") and "byte" in written.stderr


def test_csv__an_output_that_is_a_folder_is_refused_with_a_message(hncc, tmp_path):
    result = hncc("--root", REPO, "tasks", "--format", "csv", "--output", tmp_path)
    assert result.exit_code == 1 and "không phải một tệp thường" in result.stderr
