"""Status histories and words of entries read from the plans' indexes (hncc.queries.entries):
what a report quotes, read without decoding a plan's words when nothing asks for them."""

from __future__ import annotations

import base64
import datetime as dt
import json
import zlib

import pytest

from hncc.data import index, loader
from hncc.data.index import PlanIndex
from hncc.queries.entries import Entries, StatusRecord
from hncc.queries.workitems import source_of
from tests.conftest import HEADER

PLAN = HEADER + """\
horizon: {start: 2022, end: 2024}
content:
  - ref: III.1
    kind: group
    title: Hoạt động thành viên
    status:
      - date: 2023-01-05
        status: in_progress
        note: Ghi cho cả nhóm
  - ref: III.1.1
    kind: activity
    title: Tham dự hội nghị
    lead: [Sở Ngoại vụ]
    deadline: Hàng năm
  - ref: III.1.2
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
    - ref: PL.I.1
      title: Tham dự hội nghị
      lead: [Sở Ngoại vụ]
      deadline: Năm 2022-2023
      summarizes: [III.1.1, III.1.2]
"""

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
    assert {s.entry.ref for s in sources} == {"III.1", "III.1.1", "III.1.2", "PL.I.1"}
    for source in sources:
        assert entries.history(source) == _from_words(entries, source)
    by_ref = {s.entry.ref: s for s in sources}
    assert [u.note for u in entries.history(by_ref["III.1"])] == ["Ghi cho cả nhóm"]
    assert [u.difficulties for u in entries.history(by_ref["III.1.2"])] == [None, "Kinh phí chậm"]
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
        entries.history(next(s for s in _every_entry(plan) if s.entry.ref == "III.1.2"))


def test_words_of__each_entry_is_what_a_whole_decode_of_the_words_gives(root):
    dataset = _loaded(root, PLAN)
    plan = dataset.plans[0].index
    text = plan.words if isinstance(plan.words, str) else plan.words()
    kind, issuer, rows = json.loads(zlib.decompress(base64.b64decode(text)))
    words = index.words_of(plan)
    assert (words.kind, words.issuer) == (kind, issuer)
    assert list(words.entries) == list(rows) and len(words.entries) == len(rows)
    for ref, (assignment, body, lead_text, cooperating_text, no_deadline, no_lead, dossier, note,
              updates) in rows.items():
        assert words.entries[ref] == index.EntryWords(
            assignment, tuple(body), lead_text, cooperating_text, no_deadline, no_lead,
            tuple(dossier), note, tuple(index.StatusWords(*u) for u in updates))
        assert words.entries[ref] is words.entries[ref]  # made once
    assert words.entries["III.1.2"].body == ("Đăng ký tham dự", "Báo cáo kết quả")
    with pytest.raises(KeyError):
        words.entries["III.9"]
