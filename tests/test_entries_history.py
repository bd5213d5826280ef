"""Status histories and words of entries read from the plans' indexes (hncc.queries.entries):
what a report quotes, read without decoding a plan's words when nothing asks for them."""

from __future__ import annotations

import datetime as dt

import pytest

from hncc.data import index, loader
from hncc.data.index import PlanIndex
from hncc.queries.entries import Entries, StatusRecord
from hncc.queries.workitems import source_of
from tests.conftest import HEADER
from tests.test_plan_index import PLAN as INDEXED

# Plan 7 of the index's tests, with an update recorded on its heading III.1 too.
PLAN = INDEXED.replace("    kind: group\n    title: Hoạt động thành viên\n", """\
    kind: group
    title: Hoạt động thành viên
    status:
      - date: 2023-01-05
        status: in_progress
        note: Ghi cho cả nhóm
""")
assert PLAN != INDEXED

QUIET = HEADER + """\
horizon: {start: 2022, end: 2024}
content:
  - ref: III.1
    kind: activity
    title: Việc chưa ghi gì
    lead: [Sở Ngoại vụ]
    deadline: Năm 2023
"""


def _loaded(root, text: str):
    root.plan("2022-7.yaml", text)
    for _ in range(2):  # the second load reads the plan's index and words from the cache
        dataset, problems = loader.load(root.data)
        assert [p for p in problems if p.severity.name == "ERROR"] == []
    return dataset


def _every_entry(plan: PlanIndex):
    return [source_of(plan, entry) for entry in (*plan.entries, *plan.headings)]


def _from_words(entries: Entries, source) -> tuple[StatusRecord, ...]:
    """The history as read from the entry's words, update by update."""
    return tuple(StatusRecord(dt.date.fromordinal(u.date), u.status, u.year, u.note, u.evidence,
                              u.link, u.reason, u.difficulties)
                 for u in entries.words(source).updates)


def test_history__equals_the_updates_read_from_the_words_for_every_entry(root):
    dataset = _loaded(root, PLAN)
    entries = Entries(dataset)
    sources = _every_entry(dataset.plans[0].index)
    assert {s.entry.ref for s in sources} == {"III.1", "III.1.1", "III.1.1.a", "PL.I", "PL.I.1",
                                              "PL.I.2", "PL.I.3", "PL.I.4"}
    for source in sources:
        assert entries.history(source) == _from_words(entries, source)
    by_ref = {s.entry.ref: s for s in sources}
    assert [u.note for u in entries.history(by_ref["III.1"])] == ["Ghi cho cả nhóm"]
    assert [u.difficulties for u in entries.history(by_ref["III.1.1.a"])] == [None, "Kinh phí chậm"]
    assert entries.history(by_ref["III.1.1"]) == ()


def _unreadable() -> str:
    raise AssertionError("the plan's words were read")


def test_history__of_a_plan_that_records_nothing_does_not_read_its_words(root):
    dataset = _loaded(root, QUIET)
    plan = dataset.plans[0].index._replace(words=_unreadable)
    entries = Entries(dataset)
    assert [entries.history(source) for source in _every_entry(plan)] == [()]


def test_history__an_entry_without_updates_beside_one_with_them_is_empty(root):
    dataset = _loaded(root, PLAN)
    plan = dataset.plans[0].index._replace(words=_unreadable)
    entries = Entries(dataset)
    quiet = next(s for s in _every_entry(plan) if s.entry.ref == "III.1.1")
    assert entries.history(quiet) == ()
    with pytest.raises(AssertionError, match="words were read"):
        entries.history(next(s for s in _every_entry(plan) if s.entry.ref == "III.1.1.a"))


def test_words_of__reads_each_entry_as_the_plan_writes_it_from_a_warm_index(root):
    dataset = _loaded(root, PLAN)
    plan = dataset.plans[0].plan
    words = index.words_of(dataset.plans[0].index)
    assert not isinstance(dataset.plans[0].index.words, str)  # read from the query index
    assert (words.kind, words.issuer) == (plan.kind, plan.issuer)
    assert list(words.entries) == list(plan.by_ref) and len(words.entries) == len(plan.by_ref)
    for ref, entry in reversed(plan.by_ref.items()):  # any order: each row is read alone
        said = words.entries[ref]
        assert (said.assignment, list(said.body), list(said.dossier), said.note) == \
            (entry.assignment, entry.body, entry.dossier, entry.note)
        assert [(u.date, u.status, u.year, u.note, u.evidence, u.reason, u.difficulties)
                for u in said.updates] == \
            [(u.date.toordinal(), u.status, u.year, u.note, u.evidence, u.reason, u.difficulties)
             for u in entry.status]
        assert words.entries[ref] is said  # made once
    assert words.entries["III.1.1.a"].body == ("Đăng ký tham dự", "Báo cáo kết quả")
    with pytest.raises(KeyError):
        words.entries["III.9"]


def test_words_of__the_later_of_two_entries_with_one_ref_is_read(root):
    twice = PLAN + """\
    - ref: PL.I.1
      title: Dòng viết lại
      note: Ghi chú của dòng sau
"""
    root.plan("2022-7.yaml", twice)
    dataset, _ = loader.load(root.data)  # a duplicate ref is an error, and the plan still loads
    words = index.words_of(dataset.plans[0].index)
    assert words.entries["PL.I.1"].note == "Ghi chú của dòng sau"
    assert list(words.entries).count("PL.I.1") == 1
