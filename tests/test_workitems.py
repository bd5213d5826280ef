"""Work items on small plans: one piece of work named in several places, one derived status.

A status recorded on a part changes its work item's status, and one recorded on the item
changes its parts', in every command: overdue, tasks, agencies, report, calendar.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from hncc.data import loader
from hncc.queries import reports, workitems, workload
from hncc.queries import tasks as queries
from hncc.queries.tasks import Scope
from tests.conftest import HEADER

D = dt.date
AS_OF = D(2023, 1, 15)

PLAN = HEADER + """\
horizon: {start: 2022, end: 2023}
targets:
  - ref: II.1
    title: "Tổ chức Lễ hội: Năm 2022."
    deadline: Năm 2022
    achieved_by: [PL.1]
    inferred: Cùng tên Lễ hội
content:
  - ref: III.1
    kind: initiative
    title: Lễ hội
  - ref: III.1.a
    kind: assignment
    assignment: "Sở Văn hóa và Thể thao chủ trì thực hiện:"
    lead: [Sở Văn hóa và Thể thao]
    body: [Xây dựng kế hoạch Lễ hội.]
    no_deadline: Nguồn không ghi
  - ref: III.1.b
    kind: assignment
    assignment: "Sở Ngoại vụ chủ trì thực hiện:"
    lead: [Sở Ngoại vụ]
    body: [Mời đại biểu quốc tế.]
    no_deadline: Nguồn không ghi
  - ref: III.2
    kind: activity
    title: Việc riêng
    lead: [Sở Công Thương]
    no_deadline: Nguồn không ghi
appendix:
  rows:
    - ref: PL.1
      title: Tổ chức Lễ hội
      lead: [Sở Văn hóa và Thể thao]
      deadline: Năm 2022
      budget: 2 tỷ
      summarizes: [III.1]
"""


def load(root, **status: str):
    """The plan with status updates (YAML flow mappings) recorded on the given refs."""
    text = PLAN
    for ref, updates in status.items():
        ref = ref.replace("_", ".")
        anchor = f"  - ref: {ref}\n" if not ref.startswith("PL") else f"    - ref: {ref}\n"
        indent = " " * (len(anchor) - len(anchor.lstrip()) + 2)
        lines = "".join(f"{indent}  - {u}\n" for u in updates.split(";"))
        text = text.replace(anchor, f"{anchor}{indent}status:\n{lines}", 1)
    root.plan("2022-7.yaml", text)
    return loader.load(root.data).dataset


def festival(dataset, as_of=AS_OF) -> queries.Task:
    [task] = [t for t in queries.tasks(dataset, as_of) if t.item.endswith(":PL.1")]
    return task


def test_work_item__row_joins_its_parts_heading_and_target(root):
    dataset = load(root)
    book = workitems.book(dataset)
    assert [i.id for i in book.items] == ["7/KH-UBND@2022:III.2", "7/KH-UBND@2022:PL.1"]
    [item] = book.items_of("7/KH-UBND@2022", "III.1.b")
    assert [p.entry.ref for p in item.parts] == ["III.1.a", "III.1.b"]
    roles = {(m.ref, m.role, m.inferred) for m in item.mentions}
    assert roles == {("PL.1", "item", None), ("III.1.a", "part", None), ("III.1.b", "part", None),
                     ("III.1", "heading", None), ("II.1", "target", "Cùng tên Lễ hội")}


def test_work_item__part_without_deadline_inherits_the_rows_and_says_so(root):
    dataset = load(root)
    [item] = workitems.book(dataset).items_of("7/KH-UBND@2022", "PL.1")
    part = item.parts[1]
    [task] = queries.part_tasks(dataset, item, part, AS_OF)
    assert (task.due, task.deadline_source) == (D(2022, 12, 31),
                                                "theo Kế hoạch 7/KH-UBND, Phụ lục, dòng PL.1")
    assert task.progress == "overdue"


def test_tasks__targets_only_when_asked_and_plan_level(root):
    dataset = load(root)
    assert {t.kind for t in queries.tasks(dataset, AS_OF)} == {"row", "activity"}
    [target] = queries.tasks(dataset, AS_OF, Scope(kind="target"))
    assert (target.ref, target.lead, target.progress_label) == ("II.1", (), "chưa đạt, quá hạn")
    assert [m.ref for m in target.mentions] == ["PL.1"]


def test_status__one_part_done_leaves_the_item_in_progress_and_overdue(root):
    dataset = load(root, III_1_a="{date: 2022-10-01, status: done}")
    task = festival(dataset)
    assert (task.status, task.status_derived, task.progress) == (
        "in_progress", "1/2 phần đã xong", "overdue")
    assert [t.item for t in queries.overdue(dataset, AS_OF)] == ["7/KH-UBND@2022:PL.1"]


def test_status__every_part_done_makes_the_item_done_in_every_command(root, hncc):
    dataset = load(root, III_1_a="{date: 2022-10-01, status: done}",
                   III_1_b="{date: 2022-11-20, status: done, evidence: Báo cáo 5/BC-SNV}")
    task = festival(dataset)
    assert (task.status, task.status_date, task.progress) == ("done", D(2022, 11, 20),
                                                              "done_on_time")
    assert task.status_derived == "mọi phần (2) đã xong"
    assert queries.overdue(dataset, AS_OF) == []
    [target] = queries.tasks(dataset, AS_OF, Scope(kind="target"))
    assert (target.status, target.progress) == ("done", "done_on_time")  # reached through PL.1
    rows = {w.id: w for w in workload.workload(dataset, AS_OF)}
    assert (rows["so-van-hoa-va-the-thao"].done_on_time, rows["so-van-hoa-va-the-thao"].overdue) \
        == (1, 0)
    report = reports.agency_report(dataset, "Sở Ngoại vụ", 2022, AS_OF)
    [row] = report.led
    assert (row.task.ref, row.task.progress) == ("PL.1", "done_on_time")
    assert (row.latest.ref, row.latest.entry.evidence) == ("III.1.b", "Báo cáo 5/BC-SNV")
    expected = {
        "overdue": "Công việc quá hạn tính đến 15/01/2023: 0",
        "tasks": "đã hoàn thành (20/11/2022) mọi phần (2) đã xong đã hoàn thành đúng hạn",
        "calendar": "Trạng thái: đã hoàn thành (đã hoàn thành đúng hạn)",
        "report": "| Đã hoàn thành đúng hạn | 1 | 0 | 1 |",
    }
    for args in (("overdue",), ("tasks",), ("calendar",),
                 ("report", "--agency", "Sở Văn hóa và Thể thao", "--year", "2022")):
        result = hncc(*args, "--root", root.path, "--as-of", AS_OF.isoformat())
        assert result.exit_code == 0, result.output
        unfolded = result.stdout.replace("\r\n ", "").replace("\n ", "")  # iCalendar folding
        text = " ".join(unfolded.replace("\\", "").split())
        assert expected[args[0]] in text, args


def test_status__done_on_the_item_settles_its_parts_and_target(root, hncc):
    dataset = load(root, PL_1="{date: 2022-12-01, status: done, note: Đã tổ chức}")
    [item] = workitems.book(dataset).items_of("7/KH-UBND@2022", "PL.1")
    parts = [queries.part_tasks(dataset, item, p, AS_OF)[0] for p in item.parts]
    assert [(t.ref, t.status, t.status_derived) for t in parts] == [
        ("III.1.a", "done", "ghi cho cả công việc PL.1"),
        ("III.1.b", "done", "ghi cho cả công việc PL.1")]
    assert festival(dataset).progress == "done_on_time"
    assert queries.overdue(dataset, AS_OF) == []
    detail = queries.show(dataset, "7:III.1.b", AS_OF)
    assert [(t.status, t.progress) for t in detail.occurrences] == [("done", "done_on_time")]
    [target] = queries.tasks(dataset, AS_OF, Scope(kind="target"))
    assert target.progress == "done_on_time"
    rows = {w.id: w for w in workload.workload(dataset, AS_OF)}
    assert rows["so-ngoai-vu"].done_on_time == 1  # it leads part III.1.b
    report = reports.agency_report(dataset, "Sở Ngoại vụ", 2022, AS_OF)
    [row] = report.led
    assert [(p.task.ref, p.task.status) for p in row.parts] == [("III.1.b", "done")]
    assert (row.latest.ref, row.latest.entry.note) == ("PL.1", "Đã tổ chức")
    text = hncc("report", "--agency", "Sở Ngoại vụ", "--year", "2022", "--root", root.path,
                "--as-of", AS_OF.isoformat()).stdout
    assert "trạng thái: đã hoàn thành đúng hạn (đã hoàn thành; ghi cho cả công việc PL.1)" in text
    calendar = hncc("calendar", "--root", root.path, "--as-of", AS_OF.isoformat()).stdout
    assert "đã hoàn thành (đã hoàn thành đúng hạn)" in calendar.replace("\r\n ", "").replace("\n ", "")


def test_status__a_later_update_on_a_part_reopens_the_item(root):
    dataset = load(root, PL_1="{date: 2022-10-01, status: done}",
                   III_1_b="{date: 2022-11-01, status: in_progress, note: Còn mời đại biểu}")
    task = festival(dataset)
    assert (task.status, task.status_date, task.progress) == ("in_progress", D(2022, 11, 1),
                                                              "overdue")
    # Before the part's update, the item's own "done" was the latest: a past as-of shows that.
    assert festival(dataset, D(2022, 10, 15)).status == "done"


def test_overdue__item_is_late_when_a_part_is_late_against_its_own_deadline(root):
    text = PLAN.replace("    body: [Mời đại biểu quốc tế.]\n    no_deadline: Nguồn không ghi\n",
                        "    body: [Mời đại biểu quốc tế.]\n    deadline: Tháng 6/2022\n")
    root.plan("2022-7.yaml", text)
    dataset = loader.load(root.data).dataset
    [late] = queries.overdue(dataset, D(2022, 7, 10))
    assert (late.ref, late.due, late.late_since, late.days_overdue) == (
        "PL.1", D(2022, 12, 31), D(2022, 6, 30), 10)
    assert late.status_derived == "phần việc III.1.b quá hạn 30/06/2022"


def test_show__lists_the_items_mentions_and_parts(root, hncc):
    dataset = load(root)
    detail = queries.show(dataset, "7:III.1", AS_OF)
    [item] = detail.items
    assert item.id == "7/KH-UBND@2022:PL.1"
    assert [p.ref for p in item.parts] == ["III.1.a", "III.1.b"]
    text = " ".join(hncc("show", "7:II.1", "--root", root.path, "--as-of", "2023-01-15")
                    .stdout.split())
    assert "đạt được qua (liên kết suy luận)" in text
    assert "Các phần việc của công việc 7/KH-UBND@2022:PL.1" in text


def test_json__tasks_carry_the_work_item_and_its_mentions(root, hncc):
    dataset = load(root)
    result = hncc("tasks", "--root", root.path, "--as-of", "2023-01-15", "--format", "json")
    document = json.loads(result.stdout)
    row = next(r for r in document if r["ref"] == "PL.1")
    assert row["item"] == "7/KH-UBND@2022:PL.1"
    assert [(m["ref"], m["role"]) for m in row["mentions"]] == [
        ("PL.1", "item"), ("III.1.a", "part"), ("III.1.b", "part"), ("III.1", "heading"),
        ("II.1", "target")]
    assert row["mentions"][-1]["inferred"] == "Cùng tên Lễ hội"
    assert len(document) == len(queries.tasks(dataset, AS_OF))


@pytest.mark.parametrize(("as_of", "progress"), [(D(2023, 12, 31), "no_deadline"),
                                                 (D(2024, 1, 1), "past_plan")])
def test_tasks__never_in_time_without_a_deadline(root, as_of, progress):
    dataset = load(root)
    [own] = [t for t in queries.tasks(dataset, as_of) if t.ref == "III.2"]
    assert (own.due, own.progress) == (None, progress)


ANNUAL_8 = """\
number: 8/KH-UBND
issuer: UBND Thành phố
date: 2023-03-01
title: KẾ HOẠCH NĂM
content:
  - ref: II.1
    kind: activity
    title: Mời đại biểu năm 2023
    lead: [Sở Ngoại vụ]
    deadline: Tháng 5/2023
    implements: 7/KH-UBND@2022:III.1.b
    inferred: Cùng nội dung
"""


def test_implements__an_annual_plans_item_is_a_part_of_the_multi_year_item(root):
    root.plan("2022-7.yaml", PLAN)
    root.plan("2023-8.yaml", ANNUAL_8)
    dataset = loader.load(root.data).dataset
    book = workitems.book(dataset)
    assert len(book.items) == 2  # the annual plan's item is no work item of its own
    [item] = book.items_of("8/KH-UBND@2023", "II.1")
    assert item.id == "7/KH-UBND@2022:PL.1"
    [mention] = [m for m in item.mentions if m.plan == "8/KH-UBND@2023"]
    assert (mention.role, mention.inferred) == ("part", "Cùng nội dung")
    # A plan filter finds the work item through its part in that plan.
    where = Scope(plan="8/KH-UBND@2023")
    assert [t.item for t in queries.tasks(dataset, AS_OF, where)] == [item.id]


def test_check_strict__assignment_without_lead_or_reason(root, hncc):
    root.plan("2022-7.yaml", PLAN.replace("    lead: [Sở Công Thương]\n", ""))
    result = hncc("check", "--strict", "--root", root.path)
    assert "no-lead" in result.stdout + result.stderr
    assert "III.2" in result.stdout + result.stderr
    root.plan("2022-7.yaml", PLAN.replace("    lead: [Sở Công Thương]\n",
                                          "    no_lead: Nguồn bị cắt\n"))
    result = hncc("check", "--strict", "--root", root.path)
    assert "no-lead" not in result.stdout + result.stderr


@pytest.mark.parametrize(("recorded", "done"), [
    ({"III_1_a": "{date: 2022-10-01, status: done}"}, False),  # one part of two: not done
    ({"III_1_a": "{date: 2022-10-01, status: done}",
      "III_1_b": "{date: 2022-11-20, status: done}"}, True),   # every part: done
    ({"PL_1": "{date: 2022-11-20, status: done}"}, True),      # the item itself: done
])
def test_status__every_command_agrees(root, hncc, recorded, done):
    load(root, **recorded)

    def run(*args: str) -> str:
        result = hncc(*args, "--root", root.path, "--as-of", AS_OF.isoformat())
        assert result.exit_code == 0, result.output
        return result.stdout

    overdue = json.loads(run("overdue", "--format", "json"))
    assert [r["ref"] for r in overdue] == ([] if done else ["PL.1"])
    [row] = [r for r in json.loads(run("tasks", "--format", "json")) if r["ref"] == "PL.1"]
    assert row["status"] == ("done" if done else "in_progress")
    agencies = {r["id"]: r for r in json.loads(run("agencies", "--format", "json"))}
    for agency in ("so-van-hoa-va-the-thao", "so-ngoai-vu"):  # the row's lead, a part's lead
        assert (agencies[agency]["done_on_time"], agencies[agency]["overdue"]) == (
            (1, 0) if done else (0, 1))
    report = run("report", "--agency", "Sở Ngoại vụ", "--year", "2022")
    assert ("| Đã hoàn thành đúng hạn | 1 |" in report) is done
    calendar = run("calendar").replace("\r\n ", "").replace("\n ", "")
    assert ("(đã hoàn thành đúng hạn)" in calendar) is done


def test_part_of_an_annual_plan_does_not_inherit_the_multi_year_rows_deadline(root):
    root.plan("2022-7.yaml", PLAN)
    root.plan("2023-8.yaml", """\
number: 8/KH-UBND
issuer: UBND Thành phố
date: 2023-03-01
title: KẾ HOẠCH NĂM
content:
  - ref: II.1
    kind: activity
    title: Mời đại biểu năm 2023
    lead: [Sở Ngoại vụ]
    no_deadline: Nguồn bị cắt
    implements: 7/KH-UBND@2022:III.1.b
""")
    dataset = loader.load(root.data).dataset
    [item] = workitems.book(dataset).items_of("8/KH-UBND@2023", "II.1")
    part = next(p for p in item.parts if p.plan.key == "8/KH-UBND@2023")
    [task] = queries.part_tasks(dataset, item, part, D(2023, 6, 1))
    assert (task.due, task.deadline_source, task.progress) == (None, None, "no_deadline")
    [task] = queries.part_tasks(dataset, item, part, D(2024, 1, 1))  # plan 8 ran in 2023 only
    assert task.progress == "past_plan"


def test_status__a_part_records_one_year_of_its_rows_yearly_deadline(root, hncc):
    root.plan("2022-7.yaml", PLAN.replace("      deadline: Năm 2022\n      budget: 2 tỷ\n",
                                          "      deadline: Hàng năm\n      budget: 2 tỷ/năm\n"))
    result = hncc("status", "7:III.1.b", "done", "--date", "2022-11-20", "--year", "2022",
                  "--root", root.path)
    assert result.exit_code == 0, result.output
    assert hncc("check", "--root", root.path).exit_code == 0
    dataset = loader.load(root.data).dataset
    [item] = workitems.book(dataset).items_of("7/KH-UBND@2022", "PL.1")
    found = {t.year: t.status for t in queries.part_tasks(dataset, item, item.parts[1], AS_OF)}
    assert found == {2022: "done", 2023: "unrecorded"}
    refused = hncc("status", "7:III.1.b", "done", "--date", "2022-11-21", "--root", root.path)
    assert refused.exit_code != 0  # yearly through its row: the year must be named


def test_upcoming__a_parts_own_earlier_deadline_is_listed_before_it_is_late(hncc, root):
    """conftest's PLAN: III.1 writes Quý II/2022; its row PL.1 is due at the end of 2023. A month
    before 30/06/2022 the part is due soon, though its item is not."""
    from conftest import PLAN as ONE_ROW_PLAN

    root.plan("2022-7.yaml", ONE_ROW_PLAN)
    dataset = loader.load(root.data).dataset
    soon = queries.upcoming(dataset, dt.date(2022, 6, 1), 30)
    assert [(t.ref, t.item, t.due) for t in soon] == [
        ("III.1", "7/KH-UBND@2022:PL.1", dt.date(2022, 6, 30))]
    assert queries.upcoming(dataset, dt.date(2022, 6, 1), 30, Scope(kind="target")) == []
    # A window that holds the item's own date too lists the work once, by its earliest date.
    longer = queries.upcoming(dataset, dt.date(2022, 6, 1), 600)
    assert [(t.ref, t.due) for t in longer if t.item == "7/KH-UBND@2022:PL.1"] == [
        ("III.1", dt.date(2022, 6, 30))]


# Carries out plan 8 (so, in turn, plan 7's festival); plan 10 is linked to none of them.
ANNUAL_9 = ANNUAL_8.replace("8/KH-UBND", "9/KH-UBND").replace(
    "7/KH-UBND@2022:III.1.b", "8/KH-UBND@2023:II.1").replace("2023-03-01", "2023-04-01")


def _as_joined(book: workitems.Book, plan) -> list[tuple]:
    """Everything the work items of a plan's entries and targets hold, comparable."""
    found: list[tuple] = []
    for entry in (*plan.entries, *plan.headings):
        for item in book.items_of(plan.key, entry.ref):
            found.append((entry.ref, item.id, item.record.key, [p.key for p in item.parts],
                          item.mentions, item.deadline.key if item.deadline else None,
                          item.deadline_source, [h.key for h in item.headings], item.order,
                          item.first_part_due, [t.key for t in book.targets_of(item)]))
    found += [(link.target.key, [i.id for i in link.items]) for link in book.targets
              if link.target.plan.key == plan.key]
    return found


def test_book_around__a_plans_items_are_those_of_the_whole_book(root):
    root.plan("2022-7.yaml", PLAN)
    root.plan("2023-8.yaml", ANNUAL_8)
    root.plan("2023-9.yaml", ANNUAL_9)
    root.plan("2022-10.yaml", PLAN.replace("7/KH-UBND", "10/KH-UBND"))
    dataset = loader.load(root.data).dataset  # the whole book is never built for this one
    whole = workitems.book(loader.load(root.data).dataset)
    for plan_file in dataset.plans:
        around = workitems.book_around(dataset, plan_file.key)
        assert _as_joined(around, plan_file.index) == _as_joined(whole, plan_file.index)
        assert _as_joined(around, plan_file.index)
    assert {i.plan for i in workitems.book_around(dataset, "9/KH-UBND@2023").items} == \
        {"7/KH-UBND@2022"}  # plan 10 was not joined
    assert {i.plan for i in workitems.book_around(dataset, "10/KH-UBND@2022").items} == \
        {"10/KH-UBND@2022"}
    [item] = workitems.book_around(dataset, "9/KH-UBND@2023").items_of("9/KH-UBND@2023", "II.1")
    assert item.id == "7/KH-UBND@2022:PL.1"  # through plan 8, which carries out plan 7
