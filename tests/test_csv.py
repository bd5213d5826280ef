"""CSV as a spreadsheet opens it: one value per cell, dates that sort as dates."""

from __future__ import annotations

import csv
import io

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
    """The CSV hncc wrote, as a spreadsheet reads it: a dict per row, by header."""
    assert output.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(output[1:]), delimiter=";"))


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
