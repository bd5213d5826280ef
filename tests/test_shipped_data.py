"""The shipped data in data/ against its source texts in data/sources/."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from hncc import api as commands
from hncc.data import loader
from hncc.domain.text import squash

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
SOURCES = DATA / "sources"


@pytest.fixture(scope="module")
def dataset():
    return loader.load(DATA).dataset


@pytest.fixture(scope="module")
def plan102(dataset):
    return dataset.find_plans("102/KH-UBND", 2022)[0].plan


@pytest.fixture(scope="module")
def plan161(dataset):
    return dataset.find_plans("161/KH-UBND", 2023)[0].plan


def source_text(name: str) -> str:
    return squash((SOURCES / name).read_text(encoding="utf-8"))


def test_shipped_data__checks_clean(hncc):
    result = hncc("check", "--root", REPO)
    assert result.exit_code == 0, result.output
    assert commands.check(DATA).problems == []


def test_shipped_data__counts_match_the_source(plan102, plan161):
    assert len(plan102.targets) == 8
    rows = [r for r in plan102.appendix.rows if r.kind == "row"]
    assert [r.ref for r in rows] == [f"PL.I.{i}" for i in range(1, 5)] + [f"PL.II.{i}" for i in range(1, 11)]
    initiatives = [e.ref for e in plan102.content if e.kind == "initiative"]
    assert initiatives == ["III.2.1.1", "III.2.1.2", "III.2.1.3", "III.2.2.1", "III.2.2.2", "III.2.2.3"]
    assert [e.ref for e in plan161.content] == ["II.1", "II.1.1", "II.1.2", "II.1.3", "II.1.4"]


# Every row of the appendix: time and budget exactly as the source prints them (004, lines 402-622).
APPENDIX = {
    "PL.I.1": ("Quý II/2022", "-"), "PL.I.2": ("Hàng năm", "2 tỷ/năm"),
    "PL.I.3": ("Năm 2023", ""), "PL.I.4": ("Hàng năm", "1 tỷ/năm"),
    "PL.II.1": ("Năm 2022-2023", "6 tỷ"), "PL.II.2": ("Hàng năm", "2 tỷ/năm"),
    "PL.II.3": ("Năm 2022", "-"), "PL.II.4": ("Năm 2022", "1 tỷ"),
    "PL.II.5": ("Năm 2022-2023", "2 tỷ"), "PL.II.6": ("Năm 2022", "2 tỷ"),
    "PL.II.7": ("Năm 2022", "-"), "PL.II.8": ("Hàng năm", "2 tỷ/năm"),
    "PL.II.9": ("Hàng năm", "3 tỷ/năm"), "PL.II.10": ("Năm 2023", "5 tỷ"),
}


def test_shipped_data__appendix_time_and_budget_verbatim(plan102):
    found = {r.ref: (r.deadline.text, r.budget.text) for r in plan102.appendix.rows if r.kind == "row"}
    assert found == APPENDIX


def test_shipped_data__empty_cell_and_dash_stay_apart(plan102):
    assert plan102.by_ref["PL.I.3"].budget.state == "not_stated"
    assert plan102.by_ref["PL.I.1"].budget.state == "none"
    assert plan102.by_ref["PL.II.9"].budget.amount == 3 and plan102.by_ref["PL.II.9"].budget.per_year


def test_shipped_data__two_leads_recorded_as_written(dataset, plan102):
    for ref, written in [("PL.I.2", "Sở Ngoại Vụ, Sở Văn hóa và Thể thao"),
                         ("PL.II.10", "Sở Ngoại Vụ Sở Văn hóa và Thể thao")]:
        row = plan102.by_ref[ref]
        assert row.lead_text == written
        assert [dataset.registry.resolve(name).id for name in row.lead] == [
            dataset.registry.resolve("Sở Ngoại vụ").id, dataset.registry.resolve("Sở Văn hóa và Thể thao").id]


def test_shipped_data__header_fields(plan102, plan161):
    assert (plan102.number, plan102.date.isoformat(), plan102.signer) == (
        "102/KH-UBND", "2022-04-01", "Chử Xuân Dũng")
    assert (plan102.horizon.start, plan102.horizon.end) == (2022, 2025)
    assert (plan161.number, plan161.date.isoformat(), plan161.signer) == (
        "161/KH-UBND", "2023-05-31", "Vũ Thu Hà")
    assert {(c.number, c.date.isoformat()) for c in plan102.cites if c.date} >= {
        ("176/KH-UBND", "2021-07-30"), ("06-CTr/TU", "2021-03-17")}
    assert [(c.number, c.date.isoformat(), c.relation) for c in plan161.cites] == [
        ("102/KH-UBND", "2022-04-01", "căn cứ")]


def test_shipped_data__incomplete_sources_say_so(plan102, plan161):
    assert not plan102.source.complete
    assert any("phụ lục đính kèm" in gap.note for gap in plan102.source.gaps)
    assert not plan161.source.complete
    assert any(gap.where == "II.1.4" for gap in plan161.source.gaps)


def test_shipped_data__records_no_status(dataset):
    assert all(not entry.status for pf in dataset.plans for entry in pf.plan.entries())


def test_shipped_data__161_links_to_102(dataset, plan161):
    linked = {e.ref: dataset.find_entry(e.implements)[1].ref
              for e in plan161.content if e.implements}
    assert linked["II.1.1"] == "III.1.1.1"


def _quoted(plan):
    """Every string that claims to be the source's words."""
    yield plan.title
    yield from plan.purpose
    yield from plan.requirements
    if plan.funding:
        yield plan.funding
    for entry in plan.entries():
        yield from (s for s in (entry.title, entry.assignment, entry.lead_text, entry.cooperating_text) if s)
        yield from entry.body
        yield from entry.dossier
        if entry.deadline and entry.deadline.text:
            yield entry.deadline.text
        if entry.budget and entry.budget.text:
            yield entry.budget.text


@pytest.mark.parametrize(("number", "year", "source"), [
    ("102/KH-UBND", 2022, "004_d650fb2dcdec8f27.txt"),
    ("161/KH-UBND", 2023, "002_7a0329d468c6a074.txt"),
])
def test_shipped_data__every_quoted_string_is_verbatim(dataset, number, year, source):
    text = source_text(source)
    plan = dataset.find_plans(number, year)[0].plan
    missing = [s for s in _quoted(plan) if squash(s) not in text]
    assert missing == []


def test_shipped_data__files_are_nfc():
    for path in [DATA / "agencies.yaml", *sorted((DATA / "plans").glob("*.yaml"))]:
        text = path.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), path
