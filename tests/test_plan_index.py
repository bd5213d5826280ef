"""The compact index of a plan (hncc.data.index): what the read commands answer from."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from hncc.data import index, loader
from tests.conftest import HEADER

PLAN = HEADER + """\
horizon: {start: 2022, end: 2024}
content:
  - ref: III.1
    kind: group
    title: Hoạt động thành viên
  - ref: III.1.1
    kind: activity
    title: Tham dự hội nghị
    lead: [Sở Ngoại vụ]
    deadline: Hàng năm
    dossier: [Mục 14 Hồ sơ ứng cử]
    note: Ghi chú của người nhập
  - ref: III.1.1.a
    kind: assignment
    assignment: Sở Ngoại vụ chủ trì, cử đoàn
    body: [Đăng ký tham dự, Báo cáo kết quả]
    lead: [Sở Ngoại vụ]
    deadline: Hàng năm
    status:
      - date: 2023-03-01
        year: 2023
        status: in_progress
        note: Đã cử đoàn
        evidence: Công văn số 12/SNgV
      - date: 2023-08-01
        year: 2023
        status: suspended
        reason: Chờ ý kiến
        difficulties: Kinh phí chậm
appendix:
  rows:
    - ref: PL.I
      kind: group
      title: Nhiệm vụ thường xuyên
      budget: 9 tỷ
    - ref: PL.I.1
      title: Tham dự hội nghị
      lead: [Sở Ngoại vụ]
      deadline: Năm 2022-2023
      budget: {text: "1,5 tỷ", split: {2022: "0.25", 2023: "1.25"}}
      summarizes: [III.1.1]
    - ref: PL.I.2
      title: Quảng bá
      deadline: Hàng năm
      budget: 0,7 tỷ/năm
    - ref: PL.I.3
      title: Không kinh phí
      budget: "-"
    - ref: PL.I.4
      title: Không ghi
      budget: ""
"""


@pytest.fixture
def built(root):
    root.plan("2022-7.yaml", PLAN)
    dataset, problems = loader.load(root.data, {
        path: path.read_bytes() for path in root.data.rglob("*.yaml")})
    assert [p for p in problems if p.severity.name == "ERROR"] == []
    plan_file = dataset.plans[0]
    return plan_file.plan, index.build(plan_file.plan)


def test_index__survives_a_round_trip_through_json(built):
    _, plan_index = built
    assert index.unpack(json.loads(json.dumps(index.pack(plan_index)))) == plan_index


def test_index__headings_are_kept_apart_from_the_entries_task_lists_read(built):
    plan, plan_index = built
    assert [e.ref for e in plan_index.headings] == ["III.1", "PL.I"]
    assert "III.1" not in {e.ref for e in plan_index.entries}
    assert plan_index.date == plan.date.toordinal()


def test_index__budgets_keep_their_state_and_exact_amounts(built):
    _, plan_index = built
    rows = {e.ref: e for e in (*plan_index.entries, *plan_index.headings)}
    assert (rows["PL.I.1"].budget_state, Decimal(rows["PL.I.1"].budget_amount or "")) == \
        ("amount", Decimal("1.5"))
    assert [(year, Decimal(amount)) for year, amount in rows["PL.I.1"].budget_split] == \
        [(2022, Decimal("0.25")), (2023, Decimal("1.25"))]
    assert (rows["PL.I.2"].budget_per_year, rows["PL.I.2"].budget_amount) == (True, "0.7")
    assert (rows["PL.I.3"].budget_state, rows["PL.I.3"].budget_amount) == ("none", None)
    assert rows["PL.I.4"].budget_state == "not_stated"
    assert rows["III.1.1"].budget_state is None
    assert rows["PL.I"].budget_amount == "9"  # a heading's total, never added to its rows'


def test_index__words_are_what_the_plan_says(built):
    plan, plan_index = built
    words = index.words_of(plan_index)
    assert (words.kind, words.issuer) == (plan.kind, plan.issuer)
    for entry in plan.entries():
        said = words.entries[entry.ref]
        assert (said.assignment, list(said.body), said.lead_text, said.cooperating_text,
                said.no_deadline, said.no_lead, list(said.dossier), said.note) == \
            (entry.assignment, entry.body, entry.lead_text, entry.cooperating_text,
             entry.no_deadline, entry.no_lead, entry.dossier, entry.note)
        assert [(u.date, u.status, u.year, u.note, u.evidence, u.link, u.reason, u.difficulties)
                for u in said.updates] == \
            [(u.date.toordinal(), u.status, u.year, u.note, u.evidence, u.link, u.reason,
              u.difficulties) for u in entry.status]
    assert words.entries["III.1.1.a"].updates[1].difficulties == "Kinh phí chậm"
