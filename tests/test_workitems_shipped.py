"""Work items of the shipped plans, counted by hand from the source texts.

Plan 102 is data/sources/004_d650fb2dcdec8f27.txt, plan 161 is data/sources/002_7a0329d468c6a074.txt;
line numbers below are of those files. A piece of work is counted once: an appendix row with the
section III assignments it summarizes, an annual plan's item with the multi-year item it carries
out; section III and V entries no row summarizes are work items of their own; targets (chỉ tiêu)
are listed apart.
"""

from __future__ import annotations

import datetime as dt

import pytest

from hncc.data import loader
from hncc.queries import budget, workitems, workload
from hncc.queries import tasks as queries
from hncc.queries.tasks import Scope
from tests.conftest import REPO

DATA = REPO / "data"
P102, P161 = "102/KH-UBND@2022", "161/KH-UBND@2023"
pytestmark = pytest.mark.skipif(not (DATA / "plans").is_dir(), reason="no shipped data")

ROWS = [f"PL.I.{n}" for n in range(1, 5)] + [f"PL.II.{n}" for n in range(1, 11)]  # 426-622
# Section III entries that no appendix row summarizes, each a work item of its own:
OWN_CONTENT = [
    "III.1.1.1",                  # 123: 1.1.1 Kiện toàn thành viên (row I.1 is the board, 1.1.2)
    "III.1.4.b", "III.1.4.c",     # 193, 197: Sở Thông tin và Truyền thông; the press
    "III.2.1.1.c",                # 225: UBND các quận, huyện, thị xã
    "III.2.1.2.c", "III.2.1.2.d", "III.2.1.2.e", "III.2.1.2.f",  # 245, 253, 261, 265
    "III.2.2.3.a", "III.2.2.3.b", "III.2.2.3.c",  # 313, 321, 327: no row for 2.2.3
]
# Section V (345-375): 1; 2 (three dashes, 351-355); 3 (two, 359-361); 4; 5; 6 (two, 373-375).
DUTIES = ["V.1", "V.2-1", "V.2-2", "V.2-3", "V.3-1", "V.3-2", "V.4", "V.5", "V.6-1", "V.6-2"]


@pytest.fixture(scope="module")
def dataset():
    return loader.load(DATA).dataset


def ids(refs: list[str]) -> set[str]:
    return {f"{P102}:{ref}" for ref in refs}


def test_work_items__35_in_102_and_none_new_in_161(dataset):
    book = workitems.book(dataset)
    # 14 rows + 11 section III entries of their own + 10 duties = 35.
    assert {i.id for i in book.items} == ids(ROWS + OWN_CONTENT + DUTIES)
    assert len(book.items) == 35
    # 161 (lines 49-79): 1.1 carries out 102's 1.1.1; 1.2, 1.3 and 1.4 carry out the three
    # bullets of 1.1.2 (143-147), which row I.1 summarizes. So 161 names 2 work items, both of 102.
    in_161 = {i.id for i in book.items if any(p.plan.key == P161 for p in i.parts)}
    assert in_161 == ids(["III.1.1.1", "PL.I.1"])
    where = Scope(plan=P161)
    assert {t.item for t in queries.tasks(dataset, dt.date(2023, 12, 15), where)} == in_161


def test_targets__eight_listed_apart_never_counted_as_tasks(dataset):
    as_of = dt.date(2023, 12, 15)
    assert not [t for t in queries.tasks(dataset, as_of) if t.kind == "target"]
    targets = queries.tasks(dataset, as_of, Scope(kind="target"))
    assert sorted({t.ref for t in targets}) == [f"II.{n}" for n in range(1, 9)]  # 101-115
    assert all(t.lead == () for t in targets)


# Overdue at 15/12/2023, by hand (nothing is recorded done in the shipped data):
#   I.1 Quý II/2022 (436); I.2, I.4, II.2, II.8, II.9 Hàng năm (450, 476, 508, 592, 606): their
#   2022 occurrence; II.3, II.4, II.6, II.7 Năm 2022 (522, 536, 564, 578); 1.1.1 via 161 1.1
#   "Tháng 5/2023" (161, line 55); V.2 third dash "trước ngày 30/11" yearly (355); V.5 "Hàng năm"
#   (369). Not yet: I.3, II.1, II.5, II.10 (due 31/12/2023) and every item without a deadline
#   while the plan runs (to 2025).
OVERDUE_2023 = ["PL.I.1", "PL.I.2", "PL.I.4", "PL.II.2", "PL.II.3", "PL.II.4", "PL.II.6",
                "PL.II.7", "PL.II.8", "PL.II.9", "III.1.1.1", "V.2-3", "V.5"]


def test_overdue__13_work_items_at_15_12_2023(dataset):
    found = queries.overdue(dataset, dt.date(2023, 12, 15))
    assert sorted(t.item for t in found) == sorted(ids(OVERDUE_2023))
    assert all(t.progress == "overdue" for t in found)
    by_ref = {t.ref: t for t in found}
    assert by_ref["V.2-3"].late_years == (2022, 2023)  # 30/11/2022 and 30/11/2023
    # The festival's own part 2.2.1 a) says "vào tháng 10-11 hàng năm" (283): late in 2023 too.
    assert by_ref["PL.II.9"].late_years == (2022, 2023)


def test_overdue__all_35_at_01_12_2026_after_plan_102_ended(dataset):
    found = queries.overdue(dataset, dt.date(2026, 12, 1))
    assert len(found) == len({t.item for t in found}) == 35
    undated = {t.ref for t in found if t.due is None}
    # The 18 items without any deadline are late against the plan's end, 31/12/2025.
    assert undated == set(OWN_CONTENT + DUTIES) - {"III.1.1.1", "V.2-3", "V.5"}
    assert {t.progress for t in found if t.due is None} == {"past_plan"}
    assert {t.days_overdue for t in found if t.due is None} == {335}


def test_no_task_is_in_time_without_a_deadline(dataset):
    for as_of in (dt.date(2022, 5, 1), dt.date(2023, 12, 15), dt.date(2026, 12, 1)):
        for task in queries.tasks(dataset, as_of):
            assert task.due is not None or task.progress != "pending", task.ref


@pytest.mark.parametrize("year", [2022, 2023, 2024, 2025])
def test_design_festival__once_per_year(dataset, year):
    # Target 4 (107), 2.2.1 a)-c) (279-299) and row II.9 (596-608) are one festival.
    found = [t for t in queries.tasks(dataset, dt.date(2023, 12, 15), Scope(year=year))
             if "Lễ hội" in t.title]
    assert [(t.ref, t.year) for t in found] == [("PL.II.9", year)]
    mentions = {(m.ref, m.role) for m in found[0].mentions}
    assert {("III.2.2.1.a", "part"), ("III.2.2.1.b", "part"), ("III.2.2.1.c", "part"),
            ("II.4", "target")} <= mentions


def test_so_ngoai_vu__led_and_supported_work_items_of_2023(dataset):
    rows = {w.id: w for w in workload.workload(dataset, dt.date(2023, 12, 15), Scope(year=2023))}
    # Led: row I.2 (with 1.2 a), line 151), row II.10 (with 2.2.2's first dash, 307), 2.2.3 a)
    # (313) and V.4 (365). Supported with a deadline in 2023: 1.1.1 (127; 161 1.1, "Tháng 5/2023").
    ngoai_vu = rows["so-ngoai-vu"]
    assert (ngoai_vu.led, ngoai_vu.supported) == (4, 1)
    # Row I.2: 2 tỷ/năm, row II.10: 5 tỷ (452, 622), each led with Sở Văn hóa và Thể thao: halves.
    assert ngoai_vu.budget_led == 1 + 2.5


def test_show__the_forum_has_its_lead_through_its_parts(dataset):
    detail = queries.show(dataset, "102:III.2.2.2", dt.date(2023, 12, 15))
    [item] = detail.items
    assert item.id == f"{P102}:PL.II.10"
    assert [(p.ref, p.lead) for p in item.parts] == [
        ("III.2.2.2-1", ("Sở Ngoại vụ",)), ("III.2.2.2-2", ("Sở Văn hóa và Thể thao",))]
    # The heading says "dự kiến vào đầu năm 2023" (303), the row "Năm 2023" (620): both shown.
    assert item.other_deadlines == (
        "Kế hoạch 102/KH-UBND, mục III.2.2.2: dự kiến vào đầu năm 2023",)
    forum = queries.scope(dataset, dt.date(2024, 1, 2), agency="Sở Ngoại vụ")
    assert f"{P102}:PL.II.10" in {t.item for t in queries.overdue(dataset, dt.date(2024, 1, 2),
                                                                    forum)}


def test_target_II_1__settled_by_row_II_1_and_its_deadlines_disagree(dataset):
    # Target 1 (101): "Năm 2022"; row II.1 (486-496): "Năm 2022-2023". The same Đề án.
    [link] = [t for t in workitems.book(dataset).targets if t.target.entry.ref == "II.1"]
    assert [i.ref for i in link.items] == ["PL.II.1"]
    [item] = link.items
    assert workitems.other_deadlines(workitems.book(dataset), item) == [
        "Kế hoạch 102/KH-UBND, mục II.1: Năm 2022"]


def test_check_strict__reports_the_disagreeing_deadlines(hncc):
    result = hncc("check", "--strict", "--root", REPO)
    found = [line for line in (result.stdout + result.stderr).splitlines()
             if "deadline-disagrees" in line]
    assert len(found) == 3  # target II.1, 2.2.1 a) "tháng 10-11", 2.2.2 "đầu năm 2023"
    assert "no-lead" not in result.stdout + result.stderr


@pytest.mark.parametrize("year", [2022, 2023, 2024, 2025, None])
def test_agencies__money_column_adds_up_to_the_budget_total(dataset, year):
    found = workload.workload(dataset, dt.date(2023, 12, 15), Scope(year=year))
    total = (budget.year_budget(dataset, year).total if year else budget.overview(dataset).total)
    assert sum(w.budget_led for w in found if w.budget_led is not None) == total


def test_status__done_on_row_II_1_settles_target_II_1_and_its_part(hncc, tmp_path):
    import shutil

    shutil.copytree(DATA, tmp_path / "data")
    result = hncc("status", "102:PL.II.1", "done", "--date", "2023-11-20", "--evidence",
                  "Quyết định số 1234/QĐ-UBND", "--root", tmp_path)
    assert result.exit_code == 0, result.output
    dataset = loader.load(tmp_path / "data").dataset
    as_of = dt.date(2023, 12, 15)
    [target] = [t for t in queries.tasks(dataset, as_of, Scope(kind="target")) if t.ref == "II.1"]
    # Target 1 says "Năm 2022" (101): reached, but late against its own year.
    assert (target.status, target.progress, target.status_derived) == (
        "done", "done_late", "theo PL.II.1")
    [item] = workitems.book(dataset).items_of(P102, "PL.II.1")
    [part] = queries.part_tasks(dataset, item, item.parts[0], as_of)
    assert (part.ref, part.status, part.progress) == ("III.2.1.1.a", "done", "done_on_time")
    # III.2.1.1.a is also a part of row II.2 (Hàng năm): that work is not done by this.
    [other] = [t for t in queries.tasks(dataset, as_of, Scope(year=2023)) if t.ref == "PL.II.2"]
    assert other.status == "unrecorded"
