"""What a data author and a reviewer see of plans of other provinces, written as the importer
drafts them: time phrases hncc cannot read, labelled blocks, tables with their own columns."""

from __future__ import annotations

import json

import pytest
from conftest import HEADER, PLAN, flat


def unread_time_plan(phrase: str, head: str = "") -> str:
    """Plan 7 with one activity whose time the source writes as `phrase`, which hncc cannot read
    (kept in time_text); `head`: more keys of the plan's head (a horizon)."""
    return HEADER + head + f"""\
content:
  - ref: II.1
    kind: activity
    title: Tuyên truyền, phổ biến Luật
    lead: [Sở Công Thương]
    time_text: {phrase}
    no_deadline: Nguồn ghi thời gian hncc không đọc được (time_text).
"""


def test_show__time_phrase_hncc_cannot_read_is_shown_verbatim(hncc, root):
    """"Thường xuyên" is kept in time_text; show says it where the time is, not only the reason
    why there is no deadline (the phrase was nowhere in the output)."""
    root.plan("2022-7-KH-UBND.yaml", unread_time_plan("Quý IV năm 2025 và các năm tiếp theo"))
    result = hncc("--root", root.path, "show", "7/KH-UBND:II.1", "--as-of", "01/12/2022")
    assert result.exit_code == 0, result.output
    assert "Quý IV năm 2025 và các năm tiếp theo" in flat(result.output)


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["index", "no-cache"])
def test_tasks__time_phrase_hncc_cannot_read_is_the_task_s_time_as_written(hncc, root, cache):
    """The task lists' "Thời gian (nguyên văn)" (and JSON's deadline_text) say the source's
    phrase for a task hncc cannot date, as `show` does; they were empty."""
    root.plan("2022-7-KH-UBND.yaml", unread_time_plan("Thường xuyên"))
    result = hncc(*cache, "--root", root.path, "tasks", "--format", "json", "--as-of", "01/12/2022")
    assert result.exit_code == 0, result.output
    (task,) = json.loads(result.stdout)
    assert task["deadline_text"] == "Thường xuyên" and task["due"] is None
    listed = hncc(*cache, "--root", root.path, "tasks", "--format", "csv", "--as-of", "01/12/2022")
    assert ";Thường xuyên;" in listed.stdout


def test_report__a_task_without_a_deadline_is_due_within_the_plan_with_the_source_s_words(
        hncc, root):
    """Never "không có hạn" (no deadline ever, DOMAIN.md): by when it is still due, and the
    source's time phrase that hncc cannot read."""
    root.plan("2022-7-KH-UBND.yaml", unread_time_plan("Thường xuyên",
                                                          "horizon: {start: 2022, end: 2023}\n"))
    result = hncc("--root", root.path, "report", "--agency", "Sở Công Thương", "--year", "2022",
                  "--as-of", "01/12/2022")
    assert result.exit_code == 0, result.output
    assert ("thời hạn: không ghi thời hạn (Thường xuyên); trong thời kỳ kế hoạch (đến "
            "31/12/2023)") in result.stdout
    assert "không có hạn" not in result.stdout


def test_report__another_province_s_agency_is_not_sent_to_hanoi_s_department(hncc, root):
    """Plan 102 has its agencies report to Sở Văn hóa và Thể thao in Hà Nội; an agency whose
    tasks come from a plan that never names that department gets "…" to fill in, for the place
    and the recipient, instead of Hà Nội's."""
    root.plan("2022-7-KH-UBND.yaml", PLAN)
    root.plan("2025-9-KH-UBND.yaml", """\
number: 9/KH-UBND
issuer: UBND Thành phố
date: 2025-11-19
title: KẾ HOẠCH CỦA TỈNH KHÁC
content:
  - ref: II.1
    kind: activity
    title: Tuyên truyền Luật
    lead: [Đoàn Thanh niên]
    deadline: Quý IV/2025
""")
    other = hncc("--root", root.path, "report", "--agency", "Đoàn Thanh niên", "--year", "2025",
                 "--as-of", "01/12/2025")
    assert other.exit_code == 0, other.output
    assert "Kính gửi: …" in other.stdout and "_…, ngày 01 tháng 12 năm 2025_" in other.stdout
    assert "Sở Văn hóa và Thể thao" not in other.stdout
    hanoi = hncc("--root", root.path, "report", "--agency", "Sở Ngoại vụ", "--year", "2022",
                 "--as-of", "01/12/2022")
    assert hanoi.exit_code == 0, hanoi.output
    assert "Kính gửi: Sở Văn hóa và Thể thao" in hanoi.stdout
    assert "_Hà Nội, ngày 01 tháng 12 năm 2022_" in hanoi.stdout
