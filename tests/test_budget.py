"""Budgets by year: firm, apportioned, listed apart, and never counted twice across plans."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from hncc.data import loader
from hncc.queries import budget
from hncc.queries import tasks as queries
from hncc.queries.budget import apportion
from tests.conftest import AGENCIES, HEADER, dedent

PLAN = """\
number: 7/KH-UBND
issuer: UBND Thành phố
date: 2022-01-10
title: KẾ HOẠCH THỬ
horizon: {start: 2022, end: 2024}
content:
  - ref: III.1
    kind: initiative
    title: Sáng kiến một
  - ref: III.1.a
    kind: assignment
    assignment: Sở Văn hóa và Thể thao chủ trì thực hiện
    lead: [Sở Văn hóa và Thể thao]
    deadline: Năm 2022-2023
appendix:
  rows:
    - ref: PL.I
      kind: group
      title: Nhóm dòng
      budget: 100 tỷ
    - ref: PL.I.1
      title: Mỗi năm
      lead: [Sở Ngoại Vụ, Sở Văn hóa và Thể thao]
      deadline: Hàng năm
      budget: 2 tỷ/năm
    - ref: PL.I.2
      title: Một năm
      lead: [Sở Văn hóa và Thể thao]
      deadline: Năm 2023
      budget: 1,5 tỷ
    - ref: PL.I.3
      title: Hai năm
      lead: [Sở Văn hóa và Thể thao]
      deadline: Năm 2022-2023
      budget: 6 tỷ
      summarizes: [III.1.a]
    - ref: PL.I.4
      title: Không có kinh phí
      lead: [Sở Công Thương]
      deadline: Năm 2022
      budget: "-"
    - ref: PL.I.5
      title: Không ghi
      lead: [Sở Công Thương]
      deadline: Năm 2023
      budget: ""
    - ref: PL.I.6
      title: Ba năm, chia theo dữ liệu
      lead: [Sở Công Thương]
      deadline: Năm 2022-2024
      budget: {text: 3 tỷ, split: {2022: "2", 2023: "1", 2024: "0"}}
    - ref: PL.I.7
      title: Không thời hạn
      lead: [Sở Công Thương]
      budget: 500 triệu
"""

# A yearly plan carrying out plan 7: its row restates the 2023 part of PL.I.3 (through III.1.a,
# which PL.I.3 summarizes) and adds money of its own.
ANNUAL = """\
number: 9/KH-UBND
issuer: UBND Thành phố
date: 2023-03-01
title: KẾ HOẠCH NĂM 2023
appendix:
  rows:
    - ref: PL.1
      title: Nhắc lại
      lead: [Sở Văn hóa và Thể thao]
      deadline: Năm 2023
      budget: 3 tỷ
      implements: 7/KH-UBND@2022:III.1.a
    - ref: PL.2
      title: Mới
      lead: [Sở Văn hóa và Thể thao]
      deadline: Năm 2023
      budget: 4 tỷ
"""

D = dt.date(2023, 6, 1)


@pytest.fixture
def dataset(root):
    root.plan("2022-7.yaml", PLAN)
    root.plan("2023-9.yaml", ANNUAL)
    return loader.load(root.data).dataset


def amounts(result) -> dict[str, tuple[Decimal, str]]:
    return {f"{s.plan.split('/')[0]}:{s.ref}": (s.amount, s.basis)
            for row in result.rows for s in row.items}


def test_budget__2022_by_hand(dataset):
    # 2022: PL.I.1 2 (per year) + PL.I.6 2 (split) = firm 2, apportioned 2 + 3 (6 over 2022-2023)
    # = 5; PL.I.4 "-" listed apart; the heading PL.I's 100 never counts.
    result = budget.year_budget(dataset, 2022)
    assert amounts(result) == {
        "7:PL.I.1": (Decimal(2), "per_year"), "7:PL.I.3": (Decimal(3), "apportioned"),
        "7:PL.I.6": (Decimal(2), "apportioned"),
    }
    assert (result.firm, result.apportioned, result.total) == (2, 5, 7)
    assert [u.ref for u in result.no_budget] == ["PL.I.4"] and not result.not_stated
    assert [s.ref for s in result.undated] == ["PL.I.7"]


def test_budget__2023_by_hand_restated_money_is_not_counted_twice(dataset):
    # 2023: firm PL.I.1 2 + PL.I.2 1,5 + 9:PL.2 4 = 7,5; apportioned PL.I.3 3 + PL.I.6 1 = 4;
    # total 11,5. 9:PL.1 (3 tỷ) restates PL.I.3's 2023 share: listed apart, not added.
    result = budget.year_budget(dataset, 2023)
    assert (result.firm, result.apportioned, result.total) == (Decimal("7.5"), 4, Decimal("11.5"))
    assert [(s.plan, s.ref, s.restates) for s in result.restated] == [
        ("9/KH-UBND@2023", "PL.1", "7/KH-UBND@2022:PL.I.3")]
    assert [u.ref for u in result.not_stated] == ["PL.I.5"] and not result.no_budget


def test_budget__restated_money_stays_apart_when_the_plan_it_restates_is_filtered_out(dataset):
    result = budget.year_budget(dataset, 2023, where=queries.Scope(plan="9/KH-UBND@2023"))
    assert [(s.ref, s.restates) for s in result.restated] == [("PL.1", "7/KH-UBND@2022:PL.I.3")]
    assert [s.ref for r in result.rows for s in r.items] == ["PL.2"] and result.total == 4


def test_budget__by_agency_joint_leads_form_one_row(dataset):
    rows = {r.label: r.total for r in budget.year_budget(dataset, 2023, "agency").rows}
    assert rows == {
        "Sở Công Thương": 1, "Sở Ngoại vụ; Sở Văn hóa và Thể thao": 2,
        "Sở Văn hóa và Thể thao": Decimal("8.5"),
    }
    assert sum(rows.values()) == budget.year_budget(dataset, 2023).total


def test_budget__by_agency_names_joint_leads_as_every_list_does(hncc, root):
    # A name may hold a comma ("Bộ Văn hóa, Thể thao và Du lịch"): joint leads joined by ", "
    # read as three agencies, and differed from the "Chủ trì" cell of the same item ("; "), in
    # budget --by agency and in the agencies table's note on money split between leads.
    root.agencies(AGENCIES + "  - id: bo-van-hoa-the-thao-va-du-lich\n"
                  "    name: Bộ Văn hóa, Thể thao và Du lịch\n    kind: central_body\n")
    root.plan("2022-7.yaml", HEADER + dedent("""\
        horizon: {start: 2022, end: 2023}
        appendix:
          rows:
            - ref: PL.1
              title: Dòng hai cơ quan chủ trì
              lead: ["Bộ Văn hóa, Thể thao và Du lịch", Sở Ngoại vụ]
              deadline: Năm 2022
              budget: 2 tỷ
        """))
    args = ("--root", root.path, "budget", "--year", "2022", "--as-of", "01/01/2023")
    by_agency = json.loads(hncc(*args, "--by", "agency", "--format", "json").stdout)
    by_item = hncc(*args, "--format", "csv").stdout
    joined = "Bộ Văn hóa, Thể thao và Du lịch; Sở Ngoại vụ"
    assert [row["label"] for row in by_agency["rows"]] == [joined]
    assert f'"{joined}"' in by_item
    workload = hncc("--root", root.path, "agencies", "--as-of", "01/01/2023").stdout
    assert f"7/KH-UBND@2022:PL.1 ({joined}: chia đều)" in workload


def test_budget__by_plan_and_by_initiative(dataset):
    by_plan = {r.label: r.total for r in budget.year_budget(dataset, 2023, "plan").rows}
    assert by_plan == {"7/KH-UBND@2022": Decimal("7.5"), "9/KH-UBND@2023": 4}
    by_initiative = {r.label: r.total for r in budget.year_budget(dataset, 2022, "initiative").rows}
    assert by_initiative == {"7/KH-UBND III.1: Sáng kiến một": 3,
                             "(không gắn với sáng kiến)": 4}


def test_budget__agency_filter_keeps_its_rows(dataset):
    where = queries.scope(dataset, D, agency="so cong thuong")
    result = budget.year_budget(dataset, 2022, where=where)
    assert result.total == 2 and [u.ref for u in result.no_budget] == ["PL.I.4"]


def test_budget__overview_year_by_year_with_total(dataset):
    result = budget.overview(dataset)
    assert [(y.year, y.firm, y.apportioned, y.total) for y in result.years] == [
        (2022, 2, 5, 7), (2023, Decimal("7.5"), 4, Decimal("11.5")), (2024, 2, 0, 2)]
    assert result.total == Decimal("20.5")
    assert [s.amount for s in result.undated] == [Decimal("0.5")]


def test_apportion__shares_sum_exactly_to_the_total():
    assert apportion(Decimal(6), [2022, 2023], None) == {2022: 3, 2023: 3}
    thirds = apportion(Decimal(1), [2022, 2023, 2024], None)
    assert thirds == {2022: Decimal("0.333333"), 2023: Decimal("0.333333"),
                      2024: Decimal("0.333334")}
    assert sum(thirds.values()) == 1


def test_budget__rows_are_what_their_constructor_makes(dataset):
    from dataclasses import fields

    for by in budget.GROUPINGS:
        for row in budget.year_budget(dataset, 2023, by).rows:
            made = budget.BudgetRow(**{f.name: getattr(row, f.name) for f in fields(row)})
            assert row == made and vars(row) == vars(made)
            assert row.total == row.firm + row.apportioned == sum(
                (s.amount for s in row.items), Decimal(0))
