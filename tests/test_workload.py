"""Agency workload: items led and supported, two-by-two counts, budget led, Vietnamese order."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from hncc.data import loader
from hncc.domain.text import sort_key
from hncc.queries import workload
from hncc.queries.tasks import QueryError, Scope
from tests.conftest import HEADER


def dataset_files(root):
    """The data root's files as bytes: a dataset read from memory, without the index."""
    return {path: path.read_bytes() for path in root.data.rglob("*.yaml")}

PLAN = """\
number: 7/KH-UBND
issuer: UBND Thành phố
date: 2022-01-10
title: KẾ HOẠCH THỬ
horizon: {start: 2022, end: 2023}
content:
  - ref: III.1
    kind: activity
    title: Xong đúng hạn
    lead: [Sở Văn hóa và Thể thao]
    cooperating: [Sở Ngoại vụ]
    deadline: Quý II/2022
    status:
      - {date: 2022-06-30, status: done}
  - ref: III.2
    kind: activity
    title: Hàng năm, năm đầu xong muộn
    lead: [Sở Văn hóa và Thể thao]
    cooperating: [Sở Ngoại vụ, các đơn vị liên quan]
    deadline: Hàng năm
    status:
      - {date: 2023-01-10, status: done, year: 2022}
  - ref: III.3
    kind: activity
    title: Quá hạn
    lead: [Sở Văn hóa và Thể thao]
    deadline: Tháng 5/2023
  - ref: III.4
    kind: activity
    title: Đã hủy
    lead: [Sở Văn hóa và Thể thao]
    deadline: Năm 2023
    status:
      - {date: 2023-02-01, status: cancelled, reason: Không còn cần thiết}
appendix:
  rows:
    - ref: PL.1
      title: Dòng
      lead: [Sở Văn hóa và Thể thao, Sở Ngoại Vụ]
      deadline: Hàng năm
      budget: 2 tỷ/năm
"""


@pytest.fixture
def dataset(root):
    root.plan("2022-7.yaml", PLAN)
    return loader.load(root.data).dataset


def test_workload__two_by_two_counts_and_budget(dataset):
    rows = {w.id: w for w in workload.workload(dataset, dt.date(2023, 7, 1))}
    culture = rows["so-van-hoa-va-the-thao"]
    # Tasks led: III.1, III.2 ×2, III.3, III.4, PL.1 ×2 = 7 occurrences of 5 items.
    assert (culture.led, culture.supported) == (5, 0)
    assert (culture.done_on_time, culture.done_late, culture.pending, culture.overdue,
            culture.cancelled) == (1, 1, 2, 2, 1)  # overdue: III.3 and PL.1 of 2022
    # PL.1: 2 tỷ in 2022 and in 2023, led by two agencies: each is shown half, and says so.
    assert culture.budget_led == 2
    assert culture.budget_shared == (
        "7/KH-UBND@2022:PL.1 (Sở Văn hóa và Thể thao; Sở Ngoại vụ: chia đều)",)
    assert (rows["so-ngoai-vu"].led, rows["so-ngoai-vu"].supported) == (1, 2)
    assert rows["cac-don-vi-lien-quan"].supported == 1


def test_workload__a_split_ref_in_two_plans_is_named_with_each_plan(root):
    root.plan("2022-7.yaml", PLAN)
    root.plan("2022-8.yaml", PLAN.replace("number: 7/KH-UBND", "number: 8/KH-UBND")
              .replace("2 tỷ/năm", "3 tỷ/năm"))
    dataset = loader.load(root.data).dataset
    for data in (dataset, loader.load(root.data, files=dataset_files(root)).dataset):
        rows = {w.id: w for w in workload.workload(data, dt.date(2023, 7, 1))}
        culture = rows["so-van-hoa-va-the-thao"]
        assert culture.budget_shared == (
            "7/KH-UBND@2022:PL.1 (Sở Văn hóa và Thể thao; Sở Ngoại vụ: chia đều)",
            "8/KH-UBND@2022:PL.1 (Sở Văn hóa và Thể thao; Sở Ngoại vụ: chia đều)")
        assert culture.budget_led == 5  # halves of 2 and 3 tỷ in 2022 and 2023
        assert rows["so-ngoai-vu"].budget_led == 5


def test_workload__every_agency_in_vietnamese_order(dataset):
    names = [w.agency for w in workload.workload(dataset, dt.date(2023, 7, 1))]
    assert names == sorted(names, key=sort_key)
    assert names.index("Đoàn Thanh niên") > names.index("các đơn vị liên quan")
    assert len(names) == 6


@pytest.mark.parametrize("where", [Scope(plan="7/KH-UBND@2022"), Scope(year=2023)],
                         ids=["plan", "year"])
def test_workload__a_plan_or_a_year_lists_only_the_agencies_with_work_in_it(dataset, where):
    # The registry has six agencies; the plan names three (UBND Thành phố issues it, Công
    # Thương and Đoàn Thanh niên have nothing): rows of zeros for the rest were noise.
    every = workload.workload(dataset, dt.date(2023, 7, 1))
    narrowed = workload.workload(dataset, dt.date(2023, 7, 1), where)
    assert {w.id for w in narrowed} == {"so-van-hoa-va-the-thao", "so-ngoai-vu",
                                       "cac-don-vi-lien-quan"}
    assert all(w.led or w.supported for w in narrowed)
    assert len(every) == 6  # the whole registry when nothing narrows it


def test_workload__year_narrows_tasks_and_budget(dataset):
    where = Scope(year=2022)
    rows = {w.id: w for w in workload.workload(dataset, dt.date(2023, 7, 1), where)}
    assert rows["so-van-hoa-va-the-thao"].budget_led == 1  # half of PL.1's 2 tỷ of 2022
    assert rows["so-van-hoa-va-the-thao"].overdue == 1  # PL.1's 2022 occurrence


def test_agency_record__by_alias_without_accents(dataset):
    record = workload.agency_record(dataset, "so ngoai VU", dt.date(2023, 7, 1))
    assert (record.name, record.aliases, record.kind_label) == ("Sở Ngoại vụ", ("Sở Ngoại Vụ",),
                                                                 "Sở, ngành")
    assert record.workload.budget_led == 2
    with pytest.raises(QueryError, match="Không có cơ quan"):
        workload.agency_record(dataset, "Bộ Ngoại giao", dt.date(2023, 7, 1))


def test_workload__money_column_adds_up_to_the_budget_total(dataset):
    from hncc.queries import budget

    for where, total in ((Scope(), budget.overview(dataset).total),
                         (Scope(year=2022), budget.year_budget(dataset, 2022).total)):
        found = workload.workload(dataset, dt.date(2023, 7, 1), where)
        assert sum(w.budget_led for w in found if w.budget_led is not None) == total


def test_workload__counts_work_items_once_and_undated_ones_apart(root):
    root.plan("2022-7.yaml", HEADER + """\
horizon: {start: 2022, end: 2023}
content:
  - ref: III.1
    kind: activity
    title: Việc có hai phần
  - ref: III.1.a
    kind: assignment
    lead: [Sở Văn hóa và Thể thao]
    no_deadline: Nguồn không ghi
  - ref: III.1.b
    kind: assignment
    lead: [Sở Ngoại vụ]
    cooperating: [Sở Văn hóa và Thể thao]
    no_deadline: Nguồn không ghi
  - ref: III.2
    kind: activity
    title: Việc không có hạn
    lead: [Sở Văn hóa và Thể thao]
    no_deadline: Nguồn không ghi
appendix:
  rows:
    - ref: PL.1
      title: Dòng tóm tắt III.1
      lead: [Sở Văn hóa và Thể thao]
      deadline: Năm 2022
      summarizes: [III.1]
""")
    dataset = loader.load(root.data).dataset
    during = {w.id: w for w in workload.workload(dataset, dt.date(2023, 7, 1))}
    culture = during["so-van-hoa-va-the-thao"]
    # PL.1, III.1.a and III.1.b are one work item; III.2 is another.
    assert (culture.led, culture.supported, culture.overdue, culture.no_deadline) == (2, 0, 1, 1)
    assert (during["so-ngoai-vu"].led, during["so-ngoai-vu"].supported) == (1, 0)
    after = {w.id: w for w in workload.workload(dataset, dt.date(2024, 1, 2))}
    assert (after["so-van-hoa-va-the-thao"].no_deadline,
            after["so-van-hoa-va-the-thao"].past_plan) == (0, 1)


def test_agencies_table__names_twenty_split_items_and_counts_the_others(root):
    from hncc.render import views

    for number in range(1, 24):
        root.plan(f"2022-{number}.yaml", PLAN.replace("number: 7/KH-UBND", f"number: {number}/KH-UBND"))
    dataset = loader.load(root.data).dataset
    found = workload.workload(dataset, dt.date(2023, 7, 1))
    culture = next(w for w in found if w.id == "so-van-hoa-va-the-thao")
    assert len(culture.budget_shared) == 23  # JSON names them all
    notes = [n for n in views.workload_table(found, dt.date(2023, 7, 1)).notes
             if n.startswith("Kinh phí đồng chủ trì")]
    assert notes[:20] == [f"Kinh phí đồng chủ trì: {item}" for item in culture.budget_shared[:20]]
    assert notes[20:] == ["Kinh phí đồng chủ trì: … và 3 công việc khác (--format json liệt kê đủ)."]


def test_agency_card__says_its_state_columns_count_occurrences_as_the_table_does(hncc, root):
    # "Chủ trì 5" over state columns that add up to more (a yearly item once a year) needs the
    # sentence the agencies table carries, or it reads as counted twice
    root.plan("2022-7.yaml", PLAN)
    shown = hncc("agencies", "--show", "vhtt", "--as-of", "2024-01-01", "--root", root.path)
    table = hncc("agencies", "--as-of", "2024-01-01", "--root", root.path)
    sentence = "Các cột trạng thái đếm theo lần đến hạn của các công việc chủ trì"
    assert shown.exit_code == 0 and sentence in shown.stdout and sentence in table.stdout


UNSTATED_MONEY = HEADER + """\
horizon: {start: 2022, end: 2023}
content:
  - ref: III.1
    kind: activity
    title: Việc không ghi kinh phí ở đâu cả
    lead: [Đoàn Thanh niên]
    deadline: Năm 2022
appendix:
  rows:
    - ref: PL.1
      title: Dòng ghi “-”
      lead: [Sở Công Thương]
      deadline: Năm 2022
      budget: "-"
    - ref: PL.2
      title: Dòng bỏ trống kinh phí
      lead: [Sở Ngoại vụ]
      deadline: Năm 2022
      budget: ""
    - ref: PL.3
      title: Dòng có kinh phí
      lead: [Sở Văn hóa và Thể thao]
      deadline: Năm 2022
      budget: 1,5 tỷ
"""


def test_workload__an_agency_whose_items_state_no_amount_has_none_not_zero(root, hncc):
    # Neither "-" nor an empty cell nor a task without a budget is an amount of 0: the money
    # led is "not stated" (or "none" for "-" alone) in the query, the table, CSV and JSON.
    root.plan("2022-7.yaml", UNSTATED_MONEY)
    dataset = loader.load(root.data).dataset
    for data in (dataset, loader.load(root.data, files=dataset_files(root)).dataset):
        rows = {w.id: w for w in workload.workload(data, dt.date(2023, 7, 1))}
        assert (rows["so-van-hoa-va-the-thao"].budget_led,
                rows["so-van-hoa-va-the-thao"].budget_state) == (Decimal("1.5"), "amount")
        for agency, state in (("doan-thanh-nien", "not_stated"), ("so-ngoai-vu", "not_stated"),
                              ("so-cong-thuong", "none")):
            assert (rows[agency].budget_led, rows[agency].budget_state) == (None, state)
        assert rows["cac-don-vi-lien-quan"].led == 0  # leads nothing: no amount either
        assert rows["cac-don-vi-lien-quan"].budget_led is None
        in_2023 = {w.id: w for w in workload.workload(data, dt.date(2023, 7, 1), Scope(year=2023))}
        assert "so-cong-thuong" not in in_2023  # nothing of 2023: not listed

    table = hncc("--root", root.path, "agencies", "--as-of", "01/07/2023").stdout
    lines = {line.split("  ")[0]: line for line in table.splitlines()}
    assert lines["Đoàn Thanh niên"].endswith(" không ghi")
    assert lines["Sở Ngoại vụ"].endswith(" không ghi")
    assert lines["Sở Công Thương"].endswith(" không có (“-”)")
    assert lines["Sở Văn hóa và Thể thao"].endswith(" 1,5 tỷ")
    assert lines["các đơn vị liên quan"].endswith(" 0")  # the count of tasks, no money cell

    from tests.test_csv import rows

    csv = hncc("--root", root.path, "agencies", "--as-of", "01/07/2023", "--format", "csv").stdout
    cells = {row["Cơ quan"]: row["Kinh phí chủ trì (tỷ đồng)"] for row in rows(csv)}
    assert cells == {"các đơn vị liên quan": "", "Đoàn Thanh niên": "không ghi",
                     "Sở Công Thương": "không có (“-”)", "Sở Ngoại vụ": "không ghi",
                     "Sở Văn hóa và Thể thao": "1,5", "Ủy ban nhân dân thành phố Hà Nội": ""}

    found = json.loads(hncc("--root", root.path, "agencies", "--as-of", "01/07/2023",
                            "--format", "json").stdout)
    money = {w["id"]: (w["budget_led"], w["budget_state"]) for w in found}
    assert money["doan-thanh-nien"] == (None, "not_stated")
    assert money["so-cong-thuong"] == (None, "none")
    assert money["so-van-hoa-va-the-thao"] == ("1.5", "amount")


def test_workload__an_amount_in_no_known_year_is_said_so_not_not_stated(root, hncc):
    # An amount whose item has no time is left out of the yearly money (as `budget` leaves it
    # out of every year); the agency's money is then "in no known year", not "not stated".
    root.plan("2022-7.yaml", HEADER + """\
horizon: {start: 2022, end: 2023}
appendix:
  rows:
    - {ref: PL.1, title: Dòng không có thời gian, lead: [Sở Ngoại vụ], budget: 3 tỷ}
    - {ref: PL.2, title: Dòng không ghi kinh phí, lead: [Sở Công Thương], budget: ""}
""")
    dataset = loader.load(root.data).dataset
    for data in (dataset, loader.load(root.data, files=dataset_files(root)).dataset):
        rows = {w.id: w for w in workload.workload(data, dt.date(2023, 7, 1))}
        assert (rows["so-ngoai-vu"].budget_led, rows["so-ngoai-vu"].budget_state) == \
            (None, "undated")
        assert rows["so-cong-thuong"].budget_state == "not_stated"
    table = hncc("--root", root.path, "agencies", "--as-of", "01/07/2023").stdout
    assert next(line for line in table.splitlines() if line.startswith("Sở Ngoại vụ ")) \
        .endswith(" không xác định năm")
