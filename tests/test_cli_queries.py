"""The query commands through the real command line: JSON equals the library's result."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from hncc.cli.queries import complete_agency, complete_plan
from hncc.data import loader
from hncc.queries import budget, workload
from hncc.queries import tasks as queries
from hncc.render.jsonable import jsonable
from tests.conftest import HEADER, dedent
from tests.conftest import PLAN as WITH_APPENDIX
from tests.test_budget import ANNUAL
from tests.test_budget import PLAN as BUDGET_PLAN
from tests.test_queries import PLAN, with_status

AS_OF = dt.date(2023, 7, 1)
ITEM_KEYS = {"plan", "ref", "kind", "title", "lead", "cooperating", "deadline_text", "due",
             "status", "budget_text"}


@pytest.fixture
def dataset(root):
    root.plan("2022-7.yaml", PLAN)
    root.plan("2022-8.yaml", BUDGET_PLAN.replace("7/KH-UBND", "8/KH-UBND"))
    root.plan("2023-9.yaml", ANNUAL.replace("7/KH-UBND", "8/KH-UBND"))
    return loader.load(root.data).dataset


def run_json(hncc, root, *args):
    result = hncc(*args, "--root", root.path, "--as-of", AS_OF.isoformat(), "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_overdue__json_equals_library_and_carries_the_item_keys(hncc, root, dataset):
    document = run_json(hncc, root, "overdue", "--agency", "so ngoai vu", "--role", "any")
    where = queries.scope(dataset, AS_OF, agency="so ngoai vu", role="any")
    assert document == jsonable(queries.overdue(dataset, AS_OF, where))
    assert ITEM_KEYS | {"days_overdue"} <= set(document[0])
    assert document[0]["due"] == "2022-06-30" and document[0]["status"] == "unrecorded"


@pytest.mark.parametrize(("args", "expected"), [
    (["upcoming", "--within", "200"], lambda d: queries.upcoming(d, AS_OF, 200)),
    (["tasks", "--plan", "7", "--year", "2023"],
     lambda d: queries.tasks(d, AS_OF, queries.scope(d, AS_OF, plan="7", year=2023))),
    (["show", "7:III.2"], lambda d: queries.show(d, "7:III.2", AS_OF)),
    (["budget", "--year", "2023", "--by", "agency"],
     lambda d: budget.year_budget(d, 2023, "agency")),
    (["budget"], lambda d: budget.overview(d)),
    (["agencies"], lambda d: workload.workload(d, AS_OF)),
    (["agencies", "--show", "Sở Ngoại Vụ"],
     lambda d: workload.agency_record(d, "Sở Ngoại vụ", AS_OF)),
])
def test_commands__json_equals_library(hncc, root, dataset, args, expected):
    assert run_json(hncc, root, *args) == jsonable(expected(dataset))


def test_budget__json_shape_with_decimal_strings(hncc, root, dataset):
    document = run_json(hncc, root, "budget", "--year", "2023")
    keys = {"year", "firm", "apportioned", "total", "no_budget", "not_stated", "rows"}
    assert keys <= set(document)
    assert (document["firm"], document["total"]) == ("7.5", "11.5")
    assert document["not_stated"][0]["ref"] == "PL.I.5"


@pytest.mark.parametrize("args", [
    ["overdue", "--agency", "Sở"], ["tasks", "--agency", "Bộ Tài chính"], ["tasks", "--plan", "5"],
    ["show", "7:IX"], ["agencies", "--show", "so"],
])
def test_commands__unknown_or_ambiguous_names_exit_2_with_candidates(hncc, root, dataset, args):
    result = hncc(*args, "--root", root.path)
    assert result.exit_code == 2
    assert result.stderr.startswith("hncc: ")
    if args[-1] == "Sở":
        assert "Sở Công Thương" in result.stderr


def test_overdue__table_when_piped_is_plain_text(hncc, root, dataset):
    result = hncc("overdue", "--root", root.path, "--as-of", "2022-07-01", env={"NO_COLOR": "1"})
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    assert "Công việc quá hạn tính đến 01/07/2022: 1" in result.stdout
    assert "30/06/2022" in result.stdout and "chưa cập nhật" in result.stdout


@pytest.mark.parametrize("by", ["plan", "agency", "item"])
def test_budget__by_without_a_year_is_refused_not_ignored(hncc, root, dataset, by):
    # The table by year is not grouped: --by there was silently dropped.
    result = hncc("budget", "--root", root.path, "--by", by)
    assert result.exit_code == 2 and "--by chỉ dùng với --year" in result.stderr
    assert result.stdout == ""


def test_budget__csv_has_bom_and_md_is_a_table(hncc, root, dataset):
    csv_out = hncc("budget", "--root", root.path, "--year", "2022", "--format", "csv")
    assert csv_out.stdout_bytes.startswith(b"\xef\xbb\xbfK")
    md_out = hncc("budget", "--root", root.path, "--year", "2022", "--format", "md")
    assert "| Kế hoạch | Mục |" in md_out.stdout and "phân bổ" in md_out.stdout


@pytest.mark.parametrize("by", [[], ["--by", "plan"]])
def test_budget__a_year_with_no_stated_amount_does_not_claim_zero(hncc, root, dataset, by):
    # 1990 is before every plan: nothing states money for it, which is not "0 tỷ".
    result = hncc("budget", "--root", root.path, "--year", "1990", *by)
    assert result.exit_code == 0
    assert ("Dự kiến kinh phí năm 1990: không công việc nào ghi khoản kinh phí cho năm này "
            "(không phải 0 đồng)") in result.stdout
    assert "năm 1990: 0" not in result.stdout
    [total] = [line for line in result.stdout.splitlines() if line.startswith("Tổng")]
    assert total.split()[1:] == ["không", "ghi"] * (1 if not by else 3)  # not "0"
    stated = hncc("budget", "--root", root.path, "--year", "2022", *by)
    assert "Dự kiến kinh phí năm 2022: " in stated.stdout and "không phải 0 đồng" not in stated.stdout
    assert [line for line in stated.stdout.splitlines() if line.startswith("Tổng")]


def test_completion__agency_names_and_plan_keys(root, dataset, monkeypatch):
    monkeypatch.chdir(root.path)
    assert "Sở Ngoại vụ" in complete_agency("so ng")
    assert complete_plan("7") == ["7/KH-UBND@2022"]


def test_completion__never_raises_outside_a_data_root(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HNCC_ROOT", raising=False)
    assert complete_agency("so") == [] and complete_plan("") == []


def test_show__table_in_vietnamese_with_history(hncc, root):
    with_status(root, "III.2", "      - {date: 2023-01-05, status: done, year: 2022}\n")
    result = hncc("show", "7:III.2", "--root", root.path, "--as-of", "2023-02-01")
    assert result.exit_code == 0, result.output
    assert any(line.split() == ["Loại", "hoạt", "động"] for line in result.stdout.splitlines())
    assert "05/01/2023  2022  đã hoàn thành" in result.stdout
    assert "2023 31/12/2023 chưa cập nhật chưa hoàn thành, trong hạn" in " ".join(result.stdout.split())


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["index", "no-cache"])
def test_show__a_ref_typed_in_lower_case_finds_the_one_entry_it_can_be(hncc, root, dataset, cache):
    # "iii.1.1" typed without Shift is III.1.1: no other ref of the plan differs only in case
    result = hncc(*cache, "show", "7:iii.1.1", "--root", root.path, "--as-of", "2023-02-01")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("7/KH-UBND@2022:III.1.1\n")


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["index", "no-cache"])
def test_show__a_bare_ref_one_plan_alone_has_is_that_entry_and_a_shared_one_names_the_plans(
        hncc, root, dataset, cache):
    alone = hncc(*cache, "show", "pl.i.2", "--root", root.path, "--as-of", "2023-02-01")
    assert alone.exit_code == 0, alone.output
    assert alone.stdout.startswith("8/KH-UBND@2022:PL.I.2\n")
    shared = hncc(*cache, "show", "III.1", "--root", root.path, "--as-of", "2023-02-01")
    assert shared.exit_code == 2
    assert ("Mục “III.1” có ở 2 kế hoạch (7/KH-UBND@2022:III.1, 8/KH-UBND@2022:III.1); ghi kèm "
            "kế hoạch, ví dụ “7/KH-UBND@2022:III.1”.") in shared.stderr
    nowhere = hncc(*cache, "show", "IX.9", "--root", root.path, "--as-of", "2023-02-01")
    assert nowhere.exit_code == 2 and "Không kế hoạch nào có mục “IX.9”" in nowhere.stderr


@pytest.mark.parametrize(("typed", "found"), [
    ("ngoai vu", "Sở Ngoại vụ"), ("so ngoai", "Sở Ngoại vụ"), ("SỞ NGOẠI VỤ", "Sở Ngoại vụ")])
def test_agency_match__by_words_without_accents(root, typed, found):
    dataset = loader.load(root.data).dataset
    assert dataset.registry.match(typed).agency.name == found


def test_agency_match__candidates_share_the_typed_word(root):
    candidates = loader.load(root.data).dataset.registry.match("Sở").candidates
    assert [a.name for a in candidates] == ["Sở Công Thương", "Sở Ngoại vụ", "Sở Văn hóa và Thể thao"]


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["index", "no-cache"])
def test_show__an_update_recorded_after_the_as_of_date_is_not_in_the_history(hncc, root, cache):
    # The same show with the same --as-of, before and after a later update is recorded.
    with_status(root, "III.2", "      - {date: 2023-01-05, status: done, year: 2022}\n")
    args = (*cache, "show", "7:III.2", "--root", root.path, "--as-of", "2023-02-01")
    before = hncc(*args)
    result = hncc("status", "7:III.2", "in_progress", "--year", "2023", "--date", "2023-03-10",
                  "--note", "Đang làm", "--root", root.path)
    assert result.exit_code == 0, result.output
    after = hncc(*args)
    assert after.exit_code == 0, after.output
    assert "Đang làm" not in after.stdout and "10/03/2023" not in after.stdout
    assert after.stdout == before.stdout


MONEY_AS_WRITTEN = WITH_APPENDIX + """\
    - ref: PL.2
      title: Dòng ghi theo bảng tính bằng triệu đồng
      lead: [Sở Văn hóa và Thể thao]
      deadline: Năm 2022
      budget: {text: "500", amount: "0.5"}
    - ref: PL.3
      title: Dòng ghi bằng đồng
      lead: [Sở Văn hóa và Thể thao]
      deadline: Năm 2022
      budget: 150.000.000 đồng
"""


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["index", "no-cache"])
def test_show__money_written_in_another_unit_says_its_amount_in_ty_dong(hncc, root, cache):
    # "500" from a table headed "Kinh phí (triệu đồng)" is 0,5 tỷ: under a label "(tỷ đồng)" it
    # read as 500 tỷ; JSON gave the text alone, so a script could not tell the amount either.
    root.plan("2022-7.yaml", MONEY_AS_WRITTEN)
    args = (*cache, "show", "--root", root.path, "--as-of", "2023-02-01")
    lines = hncc(*args[:-4], "7:PL.2", *args[-4:]).stdout.splitlines()
    money = [line.split(None, 2) for line in lines if line.startswith("Kinh phí")]
    assert money == [["Kinh", "phí", "“500” = 0,5 tỷ đồng"]]
    written = hncc(*args[:-4], "7:PL.3", *args[-4:]).stdout
    assert "“150.000.000 đồng” = 0,15 tỷ đồng" in written and "(tỷ đồng)" not in written
    document = json.loads(hncc(*args[:-4], "7:PL.2", *args[-4:], "--format", "json").stdout)
    assert (document["budget_text"], document["budget_amount"]) == ("500", "0.5")
    assert document["budget_per_year"] is False


def test_show__money_written_in_ty_dong_is_shown_as_written(hncc, root):
    root.plan("2022-7.yaml", WITH_APPENDIX)
    result = hncc("show", "7:PL.1", "--root", root.path, "--as-of", "2023-02-01")
    assert [line.split(None, 2) for line in result.stdout.splitlines()
            if line.startswith("Kinh phí")] == [["Kinh", "phí", "6 tỷ"]]


def test_show__a_duty_titled_by_its_words_says_them_once(hncc, root):
    # a duty's "Nội dung" is its body: "Chi tiết" repeated the same sentence below it
    root.plan("2022-7.yaml", PLAN + """\
duties:
  - ref: V.1
    kind: duty
    lead: [Sở Ngoại Vụ]
    body:
      - Tham mưu thúc đẩy các chương trình hợp tác quốc tế.
    no_deadline: Nguồn không ghi thời gian.
""")
    result = hncc("show", "7:V.1", "--root", root.path, "--as-of", "2023-02-01")
    assert result.exit_code == 0, result.output
    table = result.stdout.split("\n\n")[0]  # the entry's fields, before its occurrences
    lines = [line for line in table.splitlines()
             if "Tham mưu thúc đẩy các chương trình hợp tác quốc tế." in line]
    assert [line.split(None, 2)[:2] for line in lines] == [["Nội", "dung"]], result.stdout


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["index", "no-cache"])
def test_show__a_duty_with_a_title_of_its_own_says_it_and_its_words_once_each(hncc, root, cache):
    # 102's V.1 "Đề nghị Ban Tuyên giáo Thành ủy": the duty is titled by its body in task lists,
    # and `show` lost the title the data writes
    root.plan("2022-7.yaml", PLAN + """\
duties:
  - ref: V.1
    kind: duty
    title: Đề nghị Ban Tuyên giáo Thành ủy
    lead: [Sở Ngoại Vụ]
    body:
      - Tham gia phối hợp trong quá trình tổ chức triển khai các nhiệm vụ theo Kế hoạch.
    no_deadline: Nguồn không ghi thời gian.
""")
    result = hncc(*cache, "show", "7:V.1", "--root", root.path, "--as-of", "2023-02-01")
    assert result.exit_code == 0, result.output
    table = result.stdout.split("\n\n")[0]  # the entry's fields, before its occurrences
    for words, label in (("Đề nghị Ban Tuyên giáo Thành ủy", ["Tiêu", "đề"]),
                         ("Tham gia phối hợp trong quá trình", ["Nội", "dung"])):
        lines = [line for line in table.splitlines() if words in line]
        assert [line.split(None, 2)[:2] for line in lines] == [label], result.stdout
    shown = json.loads(hncc(*cache, "show", "7:V.1", "--root", root.path, "--as-of",
                            "2023-02-01", "--format", "json").stdout)
    assert (shown["written_title"], shown["body"]) == (
        "Đề nghị Ban Tuyên giáo Thành ủy",
        ["Tham gia phối hợp trong quá trình tổ chức triển khai các nhiệm vụ theo Kế hoạch."])


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["index", "no-cache"])
def test_tasks_and_agencies__an_update_dated_after_the_as_of_date_does_not_count(hncc, root, cache):
    """III.1.1 (due 30/06/2022) recorded done on 01/8/2022: on 15/7/2022 it is still overdue
    and unrecorded, in the task list and in the agency's counts, from the index as without
    it; from 01/8/2022 on it is done late."""
    with_status(root, "III.1.1", "      - {date: 2022-08-01, status: done}\n")

    def asked(day: str) -> tuple[dict, dict]:
        common = ("--root", root.path, "--as-of", day, "--format", "json")
        listed = hncc(*cache, "tasks", *common)
        counted = hncc(*cache, "agencies", *common)
        assert listed.exit_code == counted.exit_code == 0, listed.output + counted.output
        [task] = [t for t in json.loads(listed.stdout) if t["ref"] == "III.1.1"]
        [agency] = [a for a in json.loads(counted.stdout) if a["id"] == "so-van-hoa-va-the-thao"]
        return task, agency

    task, agency = asked("2022-07-15")
    assert (task["status"], task["progress"]) == ("unrecorded", "overdue")
    assert (agency["overdue"], agency["done_late"]) == (1, 0)
    task, agency = asked("2022-08-01")
    assert (task["status"], task["progress"]) == ("done", "done_late")
    assert (agency["overdue"], agency["done_late"]) == (0, 1)


def test_tasks__an_as_of_date_before_a_plan_was_issued_leaves_that_plan_out(hncc, root):
    """Plan 161 (31/5/2023) was not issued on 1/6/2022: the task list as of that day has none of
    its tasks, and says on stderr that it left the plan out, so that a JSON or CSV answer stays
    what it was (tests/test_as_of_issue.py compares every command with the data without it)."""
    root.plan("2022-7.yaml", PLAN)
    root.plan("2023-161.yaml", PLAN.replace("7/KH-UBND", "161/KH-UBND")
              .replace("date: 2022-01-10", "date: 2023-05-31"))
    early = hncc("tasks", "--root", root.path, "--as-of", "2022-06-01", "--format", "json")
    assert early.exit_code == 0, early.output
    assert "161/KH-UBND@2023 (ban hành 31/05/2023)" in early.stderr
    assert "1 kế hoạch ban hành sau ngày tính 01/06/2022 không được tính" in early.stderr
    assert "7/KH-UBND@2022" not in early.stderr
    assert {row["plan"] for row in json.loads(early.stdout)} == {"7/KH-UBND@2022"}
    later = hncc("overdue", "--root", root.path, "--as-of", "2023-05-31")
    assert later.exit_code == 0 and "ban hành sau ngày tính" not in later.stderr


def test_budget__a_year_of_the_period_that_no_item_states_money_for_is_not_zero(hncc, root):
    # The table by year showed "0" for every year of a plan's period that no item states money
    # for, while `--year` for the same year said "không ghi": CSV and JSON too.
    root.plan("2022-7.yaml", HEADER + dedent("""\
        horizon: {start: 2022, end: 2024}
        appendix:
          rows:
            - ref: PL.1
              title: Một năm
              lead: [Sở Văn hóa và Thể thao]
              deadline: Năm 2022
              budget: 2 tỷ
            - ref: PL.2
              title: Năm sau, không ghi kinh phí
              lead: [Sở Văn hóa và Thể thao]
              deadline: Năm 2023
        """))
    table = hncc("budget", "--root", root.path, "--as-of", "2024-01-01")
    assert table.exit_code == 0, table.output
    rows = {line.split()[0]: line.split()[1:] for line in table.stdout.splitlines()
            if line[:4].isdigit()}
    assert rows == {"2022": ["2", "tỷ", "0", "2", "tỷ"],
                    "2023": ["không", "ghi"] * 3, "2024": ["không", "ghi"] * 3}
    csv_rows = hncc("budget", "--root", root.path, "--as-of", "2024-01-01", "--format",
                    "csv").stdout.splitlines()
    assert csv_rows[1:4] == ["2022;2;0;2;01/01/2024", "2023;không ghi;không ghi;không ghi;01/01/2024",
                             "2024;không ghi;không ghi;không ghi;01/01/2024"]
    years = run_json(hncc, root, "budget")["years"]
    assert [(y["year"], y["total"], y["stated"]) for y in years] == [
        (2022, "2", True), (2023, "0", False), (2024, "0", False)]
    assert run_json(hncc, root, "budget", "--year", "2023")["stated"] is False
    assert run_json(hncc, root, "budget", "--year", "2022")["stated"] is True
