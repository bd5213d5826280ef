"""Entries by reference in every plan, headings included, read from the plans' indexes.

What `show`, budgets, the calendar and the agency reports look up: the entry that "PLAN:REF"
names, the entry above one (Plan.parent), the entry of another plan it carries out
(`implements`), and what it says and records in words (hncc.data.index.words_of). Nothing here
loads a whole plan. A plan's entries are put in a table by ref only when first asked for, so a
question about one entry costs as much as its plan, not as much as the data root.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from hncc.data import index
from hncc.data.dataset import Dataset, PlanFile
from hncc.data.index import EntryIndex, EntryWords, PlanIndex, PlanWords
from hncc.domain import deadlines, refs
from hncc.queries.workitems import OMIT_NONE, Source, once_per_dataset, source_of


@dataclass(frozen=True)
class StatusRecord:
    """One recorded update of an entry's status, as the data file writes it (the fields of
    hncc.data.model.StatusEntry, those not written left out of JSON)."""

    date: dt.date
    status: str
    year: int | None = field(default=None, metadata=OMIT_NONE)
    note: str | None = field(default=None, metadata=OMIT_NONE)
    evidence: str | None = field(default=None, metadata=OMIT_NONE)
    link: str | None = field(default=None, metadata=OMIT_NONE)
    reason: str | None = field(default=None, metadata=OMIT_NONE)
    difficulties: str | None = field(default=None, metadata=OMIT_NONE)
    month: int | None = field(default=None, metadata=OMIT_NONE)

    @property
    def period(self) -> str:
        """The occurrence the update names: "3/2025" (year and month), "2025", or ""."""
        return deadlines.period(self.year, self.month)


class _Indexes(Mapping[str, PlanIndex]):
    """Plan key -> the plan's index, each read from the query index only when asked for (`show`
    on one plan of thousands reads that plan's alone)."""

    def __init__(self, plans: list[PlanFile]) -> None:
        self._files = {pf.key: pf for pf in plans}

    def __getitem__(self, key: str) -> PlanIndex:
        return self._files[key].index

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)


class Entries:
    """The entries of one dataset by (plan key, ref); see the module's docstring."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.plans: Mapping[str, PlanIndex] = _Indexes(dataset.plans)
        self._by_ref: dict[str, dict[str, EntryIndex]] = {}
        self._plan_named: dict[str, str | None] = {}
        self._words: dict[str, PlanWords] = {}
        self._recording: dict[str, frozenset[str]] = {}

    def _refs(self, plan: PlanIndex) -> dict[str, EntryIndex]:
        found = self._by_ref.get(plan.key)
        if found is None:
            # In file order, so that of two entries with one ref the later counts (Plan.by_ref).
            ordered = sorted((*plan.entries, *plan.headings), key=lambda e: e.order)
            found = self._by_ref[plan.key] = {entry.ref: entry for entry in ordered}
        return found

    def get(self, plan_key: str, ref: str) -> Source | None:
        """The entry `ref` of the plan with key `plan_key`, or None."""
        plan = self.plans.get(plan_key)
        entry = self._refs(plan).get(ref) if plan is not None else None
        return source_of(plan, entry) if plan is not None and entry is not None else None

    def find(self, text: str) -> Source:
        """The entry `PLAN:REF` names, or a bare `REF` ("PL.I.2", as a table's "Mục" column
        shows it) that one plan alone has; RefError (message for users) otherwise."""
        if ":" not in text and text.strip():
            return self._find_bare(text.strip(), text)
        plan_text, ref = refs.split_entry(text)
        plan_file = refs.find_plan(plan_text, self.dataset.plans)
        found = self._in_plan(plan_file.key, ref)
        if found is None:
            raise refs.RefError(f"Kế hoạch {plan_file.key} không có mục “{ref}”.")
        return found

    def _in_plan(self, plan_key: str, ref: str) -> Source | None:
        """The entry `ref` of a plan; else the one ref that differs only in case ("pl.i.2"
        typed without Shift)."""
        found = self.get(plan_key, ref)
        if found is None:
            plan = self.plans.get(plan_key)
            alike = [r for r in self._refs(plan) if r.casefold() == ref.casefold()] if plan else []
            found = self.get(plan_key, alike[0]) if len(alike) == 1 else None
        return found

    def _find_bare(self, ref: str, text: str) -> Source:
        """The entry `ref` of the one plan that has it (reads every plan's refs: a fallback)."""
        found = [s for s in (self._in_plan(pf.key, ref) for pf in self.dataset.plans) if s]
        if len(found) == 1:
            return found[0]
        if not found:
            raise refs.RefError(f"Không kế hoạch nào có mục “{ref}”; ghi dạng KẾ_HOẠCH:MÃ_MỤC, "
                                "ví dụ “102/KH-UBND@2022:III.1.2.a”.")
        named = [f"{s.plan.key}:{s.entry.ref}" for s in found]
        shown = ", ".join(named[:5]) + (f" và {len(named) - 5} kế hoạch khác" if len(named) > 5
                                        else "")
        raise refs.RefError(f"Mục “{text.strip()}” có ở {len(found)} kế hoạch ({shown}); ghi kèm "
                            f"kế hoạch, ví dụ “{named[0]}”.")

    def parent(self, source: Source) -> Source | None:
        """The entry above (Plan.parent): the one whose ref is the longest prefix of this one's."""
        parent = source.entry.parent
        return self.get(source.plan.key, parent) if parent is not None else None

    def implemented(self, source: Source) -> Source | None:
        """The entry `source` carries out (`implements`), or None (no link, or a broken one)."""
        text = source.entry.implements
        if not text:
            return None
        try:
            plan_text, ref = refs.split_entry(text)
        except refs.RefError:
            return None  # a malformed link is reported by `hncc check`
        if plan_text not in self._plan_named:
            try:
                self._plan_named[plan_text] = refs.find_plan(plan_text, self.dataset.plans).key
            except refs.RefError:
                self._plan_named[plan_text] = None  # a broken link is reported by `hncc check`
        plan_key = self._plan_named[plan_text]
        return self.get(plan_key, ref) if plan_key is not None else None

    def occurrence_start(self, plan_key: str, ref: str, due: dt.date | None) -> dt.date | None:
        """The start of the occurrence of entry `ref`'s own deadline that is due on `due` ("vào
        tháng 10-11": 01/10), or None."""
        found = self.get(plan_key, ref) if due is not None else None
        if found is None or due is None:
            return None
        ordinal = due.toordinal()
        start = next((start for day, start, *_ in found.entry.due_ordinals if day == ordinal), None)
        return dt.date.fromordinal(start) if start is not None else None


    def plan_words(self, plan: PlanIndex) -> PlanWords:
        """The words of a plan and its entries, decoded the first time asked (a report reads
        those of every plan it names, several times)."""
        found = self._words.get(plan.key)
        if found is None:
            found = self._words[plan.key] = index.words_of(plan)
        return found

    def words(self, source: Source) -> EntryWords:
        """What the entry with this ref says beyond its index row: assignment, bullets, notes
        and such (of two entries with one ref, the later, as Plan.by_ref)."""
        return self.plan_words(source.plan).entries[source.entry.ref]

    def _refs_recording(self, plan: PlanIndex) -> frozenset[str]:
        """The refs of the plan's entries (headings included) that record a status update."""
        found = self._recording.get(plan.key)
        if found is None:
            found = self._recording[plan.key] = frozenset(
                e.ref for group in (plan.entries, plan.headings) for e in group
                if e.update_ordinals)
        return found

    def history(self, source: Source) -> tuple[StatusRecord, ...]:
        """The recorded updates of the entry with this ref, in the order written.

        An entry whose ref no entry of its plan records an update on has none: its plan's words
        are then not decoded (most entries of a city's plans record nothing)."""
        if source.entry.ref not in self._refs_recording(source.plan):
            return ()
        return tuple(StatusRecord(dt.date.fromordinal(u.date), u.status, u.year, u.note,
                                  u.evidence, u.link, u.reason, u.difficulties, u.month)
                     for u in self.words(source).updates)


def of(dataset: Dataset) -> Entries:
    """The entries of `dataset`, one table per loaded dataset."""
    return once_per_dataset("entries", dataset, Entries)
