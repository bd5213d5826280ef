"""hncc report and hncc calendar: golden files, Markdown that parses, iCalendar, atomic output.

The golden files in tests/golden/ are compared exactly. After a deliberate change to a report
template or to the shipped data, regenerate them and review the diff before committing:

    HNCC_UPDATE_GOLDEN=1 pytest tests/test_reports.py
"""

from __future__ import annotations

import datetime as dt
import os
import re

import icalendar
import pytest
from conftest import HEADER, REPO
from markdown_it import MarkdownIt

from hncc.data import loader
from hncc.queries import reports
from hncc.queries import tasks as queries
from hncc.render import markdown

GOLDEN = REPO / "tests" / "golden"
AS_OF = "2023-12-15"
AGENCY_ARGS = ("report", "--root", REPO, "--agency", "Sở Ngoại vụ", "--year", "2023",
               "--as-of", AS_OF)
PLAN_ARGS = ("report", "--root", REPO, "--plan", "102/KH-UBND", "--as-of", AS_OF)
CALENDAR_ARGS = ("calendar", "--root", REPO, "--agency", "Sở Ngoại vụ", "--as-of", AS_OF)

# Every work item of the shipped plans that Sở Ngoại vụ (also written "Sở Ngoại Vụ") leads or
# supports in 2023, read by hand from the source texts: plan 102 is
# data/sources/004_d650fb2dcdec8f27.txt, plan 161 is data/sources/002_7a0329d468c6a074.txt (line
# numbers below are of those files). An appendix row and the section III assignments it
# summarizes are one work item; the agency leads it when it leads the row or one of its parts.
SO_NGOAI_VU_LEADS = {
    # 442-452: row I.2 "Tham dự các Hội nghị, diễn đàn …", lead cell "Sở Ngoại Vụ, Sở Văn hóa và
    # Thể thao", Hàng năm; its parts are 1.2 a) (151: "Sở Ngoại vụ chủ trì thực hiện:") and b).
    ("102/KH-UBND", "PL.I.2"),
    # 612-622: row II.10, the forum, lead cell "Sở Ngoại Vụ Sở Văn hóa và Thể thao", Năm 2023; its
    # parts are the two dashes of 2.2.2 (307: "- Sở Ngoại vụ chủ trì phối hợp Ủy ban Quốc gia …").
    ("102/KH-UBND", "PL.II.10"),
    # 313: "a) Sở Văn hóa và Thể thao, Sở Ngoại vụ, Thành đoàn Hà Nội phối hợp các đơn vị liên quan
    # thực hiện …": the three carry it out together (no "chủ trì"); the data records them as leads.
    # No appendix row summarizes 2.2.3, so it is a work item of its own, with no deadline.
    ("102/KH-UBND", "III.2.2.3.a"),
    ("102/KH-UBND", "V.4"),          # 363-365: "4. Sở Ngoại vụ" / "Tham mưu thúc đẩy …"
}
SO_NGOAI_VU_SUPPORTS = {
    # 426-438: row I.1 (Quý II/2022, still open in 2023), cooperating cell "…, Sở Ngoại Vụ"; it
    # summarizes 1.1.2 (139: "Đơn vị phối hợp: …, Sở Ngoại vụ, …"), which 161's 1.2-1.4 carry out.
    ("102/KH-UBND", "PL.I.1"),
    # 127: 1.1.1 "Đơn vị phối hợp: …, Sở Ngoại vụ."; no row summarizes it; 161 1.1 carries it out
    # (161, line 53: "Đơn vị phối hợp: …, Sở Ngoại vụ."; line 55: "Thời gian: Tháng 5/2023.").
    ("102/KH-UBND", "III.1.1.1"),
}


def check_golden(name: str, actual: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("HNCC_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(actual)
        return
    assert path.exists(), f"{path} missing: run HNCC_UPDATE_GOLDEN=1 pytest tests/test_reports.py"
    assert actual.decode("utf-8") == path.read_bytes().decode("utf-8")


def table_shapes(text: str) -> list[list[int]]:
    """For each table of a Markdown text, the number of cells of each row, header first."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    shapes: list[list[int]] = []
    for token in tokens:
        if token.type == "table_open":
            shapes.append([])
        elif token.type == "tr_open":
            shapes[-1].append(0)
        elif token.type in ("th_open", "td_open"):
            shapes[-1][-1] += 1
    return shapes


def assert_tables_whole(text: str) -> None:
    shapes = table_shapes(text)
    assert shapes
    for rows in shapes:
        assert all(cells == rows[0] for cells in rows), rows


@pytest.mark.parametrize(("name", "args"), [("agency_report_so_ngoai_vu_2023.md", AGENCY_ARGS),
                                            ("plan_report_102.md", PLAN_ARGS)])
def test_report__matches_golden_file_and_tables_parse(hncc, name, args):
    result = hncc(*args)
    assert result.exit_code == 0, result.stderr
    check_golden(name, result.stdout_bytes)
    assert_tables_whole(result.stdout)


def test_calendar__matches_golden_file_with_one_event_per_occurrence(hncc):
    result = hncc(*CALENDAR_ARGS)
    assert result.exit_code == 0, result.stderr
    check_golden("calendar_so_ngoai_vu.ics", result.stdout_bytes)
    parsed = icalendar.Calendar.from_ical(result.stdout_bytes)
    found = parsed.walk("VEVENT")
    dataset = loader.load(REPO / "data").dataset
    day = dt.date.fromisoformat(AS_OF)
    where = queries.scope(dataset, day, agency="Sở Ngoại vụ", role="any")
    expected = [t for t in queries.tasks(dataset, day, where) if t.due is not None]
    # By hand: PL.I.1 (Quý II/2022), III.1.1.1 (Tháng 5/2023, from 161 1.1), PL.I.2 (Hàng năm:
    # 2022-2025, four events), PL.II.10 (Năm 2023); V.4 and III.2.2.3.a have no deadline.
    assert len(found) == len(expected) == 7
    assert len({str(e["UID"]) for e in found}) == len(found)
    assert [e.decoded("DTSTART") for e in found] == [t.due for t in expected]
    assert str(parsed["X-WR-CALNAME"]) == "Hạn nhiệm vụ: Sở Ngoại vụ"


def test_calendar__yearly_window_starts_at_window_and_ends_after_due(hncc, root):
    root.plan("2022-7.yaml", HEADER + """\
horizon: {start: 2022, end: 2023}
content:
  - ref: III.1
    kind: activity
    title: Lễ hội
    lead: [Sở Văn hóa và Thể thao]
    deadline: vào tháng 10-11 hàng năm
""")
    result = hncc("calendar", "--root", root.path, "--as-of", AS_OF)
    events = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(result.stdout_bytes)
              .walk("VEVENT")}
    festival = events["7-KH-UBND-2022-III.1-2023@hncc"]
    assert festival.decoded("DTSTART") == dt.date(2023, 10, 1)
    assert festival.decoded("DTEND") == dt.date(2023, 12, 1)
    assert "vào tháng 10-11 hàng năm" in str(festival["DESCRIPTION"])


def test_calendar__design_festival_is_one_event_a_year(hncc):
    # 107 (target 4), 287-299 (2.2.1 a-c) and 596-608 (row II.9, Hàng năm): one festival.
    result = hncc("calendar", "--root", REPO, "--as-of", AS_OF)
    events = icalendar.Calendar.from_ical(result.stdout_bytes).walk("VEVENT")
    festival = sorted(str(e["UID"]) for e in events if "Lễ hội" in str(e["SUMMARY"]))
    assert festival == [f"102-KH-UBND-2022-PL.II.9-{year}@hncc" for year in range(2022, 2026)]


def test_agency_report__lists_every_item_of_so_ngoai_vu_in_the_sources():
    dataset = loader.load(REPO / "data").dataset
    found = reports.agency_report(dataset, "so ngoai vu", 2023, dt.date(2023, 12, 15))
    assert {(r.plan_number, r.task.ref) for r in found.led} == SO_NGOAI_VU_LEADS
    assert {(r.plan_number, r.task.ref) for r in found.supported} == SO_NGOAI_VU_SUPPORTS
    assert len(found.led) == 4 and len(found.supported) == 2  # each work item once
    led = {r.task.ref: r for r in found.led}
    # The agency's own parts, with their bullets and the row's deadline, labelled as inherited.
    assert [p.task.ref for p in led["PL.I.2"].parts] == ["III.1.2.a"]
    assert led["PL.I.2"].parts[0].body[0].startswith("Tham mưu việc tổ chức Đoàn công tác")
    [forum] = led["PL.II.10"].parts
    assert (forum.task.ref, forum.task.lead, forum.task.due) == (
        "III.2.2.2-1", ("Sở Ngoại vụ",), dt.date(2023, 12, 31))
    assert forum.task.deadline_source == "theo Kế hoạch 102/KH-UBND, Phụ lục, dòng PL.II.10"
    assert led["V.4"].task.title.startswith("Tham mưu thúc đẩy các chương trình hợp tác quốc tế")
    # Targets apart: the forum (target 5, line 109) and the young designers' network (6, 111).
    assert [r.task.ref for r in found.targets] == ["II.5", "II.6"]


def test_agency_report__rendered_tables_hold_every_item(hncc):
    text = hncc(*AGENCY_ARGS).stdout
    for number, ref in SO_NGOAI_VU_LEADS | SO_NGOAI_VU_SUPPORTS:
        assert f"| {number} | {ref} |" in text
    assert "**quá hạn 198 ngày**" in text  # 161 II.1.1, due 31/05/2023
    for heading in ("Khó khăn, vướng mắc", "Đề xuất, kiến nghị"):  # nothing recorded: spaces
        assert re.search(rf"^## \d\. {heading}\n\n_\(Cơ quan điền nội dung\)_$", text, re.M)
    results = text[text.index("## 6. Kết quả đạt được"):text.index("## 7.")]
    # Each work item once, nothing recorded on any of them in the shipped data.
    assert results.count("- **Đã thực hiện:** chưa ghi nhận kết quả nào.") == len(
        SO_NGOAI_VU_LEADS | SO_NGOAI_VU_SUPPORTS)


AWKWARD_PLAN = """\
number: 9/KH-UBND
issuer: UBND Thành phố
date: 2023-02-01
title: "# KẾ HOẠCH <b>THỬ</b>"
horizon: {start: 2023, end: 2023}
content:
  - ref: II.1
    kind: activity
    title: "Việc có | gạch đứng\\nvà xuống dòng: # không phải tiêu đề"
    lead: [Sở Ngoại vụ]
    deadline: Tháng 5/2023
  - ref: II.2
    kind: activity
    title: "# Bắt đầu bằng dấu thăng <script>x</script>"
    cooperating: [Sở Ngoại Vụ]
    body: ["- không phải danh sách", "> không phải trích dẫn"]
appendix:
  rows:
    - ref: PL.1
      title: "Dòng | phụ lục\\n1. không phải danh sách"
      lead: [Sở Ngoại vụ]
      deadline: Năm 2023
      budget: 1,5 tỷ
"""


@pytest.fixture
def awkward(root):
    root.plan("2023-9-KH-UBND.yaml", AWKWARD_PLAN)
    return root


@pytest.mark.parametrize("which", [("--agency", "Sở Ngoại vụ"), ("--plan", "9/KH-UBND")])
def test_report__titles_with_pipes_newlines_and_markup_keep_tables_whole(hncc, awkward, which):
    result = hncc("report", "--root", awkward.path, *which, "--as-of", "2023-12-15")
    assert result.exit_code == 0, result.stderr
    assert_tables_whole(result.stdout)
    assert "Việc có \\| gạch đứng<br>và xuống dòng" in result.stdout
    assert "<script>" not in result.stdout and "<b>" not in result.stdout
    tokens = MarkdownIt("commonmark").enable("table").parse(result.stdout)
    headings = [t for t in tokens if t.type == "heading_open"]
    assert all(t.map is not None for t in headings)
    assert "1,5 tỷ đồng" in result.stdout or which[0] == "--agency"


def test_report__agency_amount_and_dates_in_vietnamese(hncc, awkward):
    text = hncc("report", "--root", awkward.path, "--agency", "Sở Ngoại vụ",
                "--as-of", "2023-12-15").stdout
    assert "Kinh phí dự kiến năm 2023 của các công việc chủ trì: **1,5 tỷ đồng**" in text
    assert "| 9/KH-UBND | II.1 |" in text and "31/05/2023 (Tháng 5/2023)" in text


def test_markdown_line__data_text_never_starts_a_block():
    assert markdown.line("# a") == "\\# a"
    assert markdown.line("1. a") == "1\\. a"
    assert markdown.line("- a\n# b") == "\\- a # b"
    assert markdown.line("<b>a</b> &amp;") == "&lt;b>a&lt;/b> &amp;amp;"
    assert markdown.line("Sở NN&PTNT") == "Sở NN&PTNT"


def test_report__project_template_overrides_the_default_by_name(hncc, awkward):
    (awkward.path / "templates").mkdir()
    (awkward.path / "templates" / "plan_report.md.j2").write_text(
        "Kế hoạch {{ report.plan.number }}: {{ report.overdue|length }} việc quá hạn\n",
        encoding="utf-8")
    result = hncc("report", "--root", awkward.path, "--plan", "9", "--as-of", "2023-12-15")
    assert result.stdout == "Kế hoạch 9/KH-UBND: 1 việc quá hạn\n"


@pytest.mark.parametrize(("template", "line", "what"), [
    ("# {{ report.agency }}\n\n{{ report.agnecy }}\n", 3, "tên không có trong dữ liệu"),
    ("# {{ report.agency }}\n{% for x in %}\n", 2, "lỗi cú pháp"),
    ("{{ report.__class__ }}\n", 1, "không được phép"),
    ("{{ report.agency.format.__globals__ }}\n", 1, "không được phép"),
])
def test_report__bad_template_names_file_and_line_and_leaves_output_alone(
        hncc, awkward, template, line, what):
    (awkward.path / "templates").mkdir()
    path = awkward.path / "templates" / "agency_report.md.j2"
    path.write_text(template, encoding="utf-8")
    output = awkward.path / "bao-cao.md"
    output.write_text("bản cũ\n", encoding="utf-8")
    result = hncc("report", "--root", awkward.path, "--agency", "Sở Ngoại vụ",
                  "--as-of", "2023-12-15", "--output", output)
    assert result.exit_code == 1
    assert f"“{path}”, dòng {line}" in result.stderr and what in result.stderr
    assert output.read_text(encoding="utf-8") == "bản cũ\n"
    assert sorted(p.name for p in awkward.path.iterdir()) == ["bao-cao.md", "data", "templates"]


def test_report__output_replaces_the_file_whole(hncc, awkward):
    output = awkward.path / "bao-cao.md"
    output.write_text("bản cũ\n", encoding="utf-8")
    result = hncc("report", "--root", awkward.path, "--agency", "Sở Ngoại vụ",
                  "--as-of", "2023-12-15", "--output", output)
    assert result.exit_code == 0 and result.stdout == ""
    expected = hncc("report", "--root", awkward.path, "--agency", "Sở Ngoại vụ",
                    "--as-of", "2023-12-15").stdout
    assert output.read_text(encoding="utf-8") == expected
    assert sorted(p.name for p in awkward.path.iterdir()) == ["bao-cao.md", "data"]


def test_calendar__output_to_a_missing_folder_is_an_error(hncc, awkward):
    result = hncc("calendar", "--root", awkward.path, "--output", awkward.path / "no" / "x.ics")
    assert result.exit_code == 1 and "Không ghi được" in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    ((), "cần đúng một trong hai"),
    (("--agency", "Sở Ngoại vụ", "--plan", "9"), "cần đúng một trong hai"),
    (("--plan", "9", "--year", "2023"), "--year chỉ dùng với --agency"),
    (("--agency", "Sở Không Có"), "Không có cơ quan"),
    (("--plan", "77"), "Không có kế hoạch"),
])
def test_report__wrong_usage_exits_2_with_a_vietnamese_message(hncc, awkward, args, message):
    result = hncc("report", "--root", awkward.path, *args)
    assert result.exit_code == 2 and message in result.stderr


YEARLY_PLAN = """\
number: 45/KH-UBND
issuer: UBND Thành phố
date: 2024-02-20
title: KẾ HOẠCH NHIỀU NĂM
horizon: {start: 2024, end: 2026}
appendix:
  rows:
    - ref: PL.1
      title: Xúc tiến đầu tư vào các không gian sáng tạo
      lead: [Sở Ngoại vụ]
      deadline: Hàng năm
      budget: 1 tỷ/năm
"""
ANNUAL_PLAN = """\
number: 12/KH-UBND
issuer: UBND Thành phố
date: 2026-01-15
title: KẾ HOẠCH NĂM 2026
horizon: {start: 2026, end: 2026}
content:
  - ref: II.1
    kind: activity
    title: Xúc tiến đầu tư năm 2026
    lead: [Sở Công Thương]
    deadline: Quý II/2026
    implements: 45/KH-UBND@2024:PL.1
"""


@pytest.fixture
def annual_part(root):
    """A yearly row of a multi-year plan, and the part of it that the 2026 plan gives another
    agency: that agency has a share of the 2026 occurrence only."""
    root.plan("2024-45.yaml", YEARLY_PLAN)
    root.plan("2026-12.yaml", ANNUAL_PLAN)
    return root


def test_agency_report__a_part_of_another_year_does_not_make_an_occurrence_the_agency_s(
        hncc, annual_part):
    args = ("report", "--root", annual_part.path, "--agency", "Sở Công Thương")
    earlier = hncc(*args, "--year", "2024", "--as-of", "2026-02-01").stdout
    assert "| 45/KH-UBND | PL.1 |" not in earlier and "Không có công việc chủ trì" in earlier
    own = hncc(*args, "--year", "2026", "--as-of", "2026-02-01").stdout
    assert "| 45/KH-UBND | PL.1 |" in own.split("## 2.")[1].split("## 3.")[0]
    # The lead of the row itself still reports its 2024 occurrence, without the 2026 part.
    lead = hncc("report", "--root", annual_part.path, "--agency", "Sở Ngoại vụ", "--year", "2024",
                "--as-of", "2024-12-01").stdout
    assert "| 45/KH-UBND | PL.1 |" in lead and "Phần việc 12/KH-UBND II.1" not in lead


def test_form__a_part_of_another_year_gives_the_agency_no_row_for_that_year(hncc, annual_part):
    from openpyxl import load_workbook

    output = annual_part.path / "bieu-mau.xlsx"
    result = hncc("form", "--root", annual_part.path, "--agency", "Sở Công Thương", "--year",
                  "2024", "--as-of", "2026-02-01", "--output", output)
    rows = [] if not output.exists() else list(load_workbook(output)["Biểu mẫu"].iter_rows(
        min_row=4, values_only=True))
    assert not any(r[2] and str(r[2]).startswith("PL.1") for r in rows), (result.output, rows)


BLOCKS_PLAN = """\
number: 30/KH-UBND
issuer: UBND Thành phố
date: 2025-03-10
title: KẾ HOẠCH CÓ KINH PHÍ Ở TỪNG NHIỆM VỤ
horizon: {start: 2025, end: 2026}
content:
  - ref: II.1
    kind: activity
    title: Số hóa hiện vật bảo tàng
    lead: [Sở Văn hóa và Thể thao]
    deadline: Năm 2025-2026
    budget: 4 tỷ
  - ref: II.2
    kind: activity
    title: Tuyên truyền
    lead: [Sở Văn hóa và Thể thao]
    deadline: Hàng năm
    budget: "-"
"""


def test_plan_report__money_written_on_the_tasks_themselves_is_shown(hncc, root):
    # Plans of other provinces give "Kinh phí" task by task, without an appendix table.
    root.plan("2025-30.yaml", BLOCKS_PLAN)
    text = hncc("report", "--root", root.path, "--plan", "30", "--as-of", "2025-06-01").stdout
    assert_tables_whole(text)
    block = text.split("### II.1 ")[1].split("###")[0]
    assert "- Kinh phí: 4 tỷ" in block
    assert "- Kinh phí: -" in text.split("### II.2 ")[1]
    money = text.split("## Phụ lục")[1].split("## Công việc quá hạn")[0]
    assert "| II.1 | Số hóa hiện vật bảo tàng | Sở Văn hóa và Thể thao | Năm 2025-2026 | 4 tỷ |" \
        in money
    assert "2 tỷ đồng (phân bổ)" in money and "**2 tỷ đồng** | **2 tỷ đồng** |" in money


def test_agency_report__two_plans_with_one_number_are_told_apart_by_their_year(hncc, root):
    # Plan numbers restart every year: 12/KH-UBND of 2025 and 12/KH-UBND of 2026 are two plans.
    for year, title in ((2025, "Việc năm trước"), (2026, "Việc năm nay")):
        root.plan(f"{year}-12.yaml", f"""\
            number: 12/KH-UBND
            issuer: UBND Thành phố
            date: {year}-01-15
            title: KẾ HOẠCH NĂM {year}
            horizon: {{start: {year}, end: {year}}}
            content:
              - ref: II.1
                kind: activity
                title: {title}
                lead: [Sở Ngoại vụ]
                deadline: Quý I/{year}
            """)
    text = hncc("report", "--root", root.path, "--agency", "Sở Ngoại vụ", "--year", "2026",
                "--as-of", "2026-06-01").stdout
    assert "| 12/KH-UBND (2025) | II.1 | Việc năm trước |" in text
    assert "| 12/KH-UBND (2026) | II.1 | Việc năm nay |" in text
    assert "section Kế hoạch 12/KH-UBND (2025)" in text
    plan = hncc("report", "--root", root.path, "--plan", "12/KH-UBND@2026", "--as-of",
                "2026-06-01").stdout
    assert plan.startswith("# Kế hoạch 12/KH-UBND ngày 15/01/2026")


def test_agency_report__money_of_a_work_item_it_leads_only_a_part_of_says_whose_it_is(hncc):
    # Sở Du lịch leads part III.2.2.1.b of the festival (row PL.II.9, "3 tỷ/năm", led by Sở Văn
    # hóa và Thể thao): the row's money is counted for the row's lead, not in Sở Du lịch's total,
    # and its table must not show the 3 tỷ/năm as if it were Sở Du lịch's.
    text = hncc("report", "--root", REPO, "--agency", "Sở Du lịch", "--year", "2024",
                "--as-of", "2024-11-20").stdout
    assert "không công việc nào ghi khoản kinh phí cho năm này" in text
    row = next(line for line in text.splitlines() if line.startswith("| 102/KH-UBND | PL.II.9 |"))
    assert row.endswith("| 3 tỷ/năm (của cả công việc, tính cho cơ quan chủ trì: Sở Văn hóa và "
                        "Thể thao) |"), row
    assert "kinh phí dự kiến: 3 tỷ/năm (của cả công việc, tính cho cơ quan chủ trì: Sở Văn hóa " \
        "và Thể thao)" in text
    # The row's own lead sees its money as its own.
    own = hncc("report", "--root", REPO, "--agency", "Sở Văn hóa và Thể thao", "--year", "2024",
               "--as-of", "2024-11-20").stdout
    assert "| 3 tỷ/năm |" in next(line for line in own.splitlines()
                                  if line.startswith("| 102/KH-UBND | PL.II.9 |"))


YEARLY_TARGET_PLAN = """\
    number: 20/KH-UBND
    issuer: UBND Thành phố
    date: 2022-01-10
    title: KẾ HOẠCH THỬ
    horizon: {start: 2022, end: 2025}
    targets:
      - ref: II.1
        title: Tổ chức Lễ hội 01 năm/01 lần.
        deadline: Hàng năm
        achieved_by: [PL.1]
    appendix:
      rows:
        - ref: PL.1
          title: Tổ chức Lễ hội
          lead: [Sở Văn hóa và Thể thao]
          deadline: Hàng năm
          budget: 3 tỷ/năm
    """


def test_agency_and_plan_report__a_yearly_target_is_one_row_with_its_late_years(hncc, root):
    # A target reached every year is one target: the reports list its work item once (its year's
    # occurrence, with the earlier years still late), and list the target once the same way,
    # not once per year with the same words.
    root.plan("2022-20.yaml", YEARLY_TARGET_PLAN)
    for args in (("--agency", "Sở Văn hóa và Thể thao", "--year", "2024"), ("--plan", "20")):
        text = hncc("report", "--root", root.path, *args, "--as-of", "2024-11-20").stdout
        rows = [line for line in text.splitlines() if "| II.1 | Tổ chức Lễ hội 01 năm" in line]
        assert len(rows) == 1, rows
        assert "31/12/2024" in rows[0]
        assert "kỳ năm 2022: **quá hạn 690 ngày**" in rows[0]
        assert "kỳ năm 2023: **quá hạn 325 ngày**" in rows[0]


def test_plan_report__a_work_item_recorded_in_another_plan_is_named_with_that_plan(hncc):
    # Plan 161 carries out items of plan 102: in 161's report, "III.1.1.1" and "PL.I.1" are
    # refs of 102, which a reader of 161 would look for in 161 and not find.
    text = hncc("report", "--root", REPO, "--plan", "161", "--as-of", "2023-11-25").stdout
    items = text.split("## Công việc\n")[1].split("\n## ")[0]
    overdue = text.split("## Công việc quá hạn\n")[1].split("\n## ")[0]
    for table in (items, overdue):
        rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line]
        assert len(rows) == 3, rows  # the header and two work items, both of plan 102
        assert all(line.startswith("| 102/KH-UBND ") for line in rows[1:]), rows
    assert "| 102/KH-UBND III.1.1.1 | Kiện toàn thành viên của Thành phố" in items
    # A plan's own items keep their bare ref.
    own = hncc("report", "--root", REPO, "--plan", "102", "--as-of", "2023-11-25").stdout
    assert "| III.1.1.1 | Kiện toàn thành viên của Thành phố" in own
