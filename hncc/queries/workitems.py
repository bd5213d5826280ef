"""Work items: one piece of work, joined from the places that name it, with one status.

A plan names the same work in several places (DOMAIN.md, "One piece of work, several mentions"):
- an appendix row is a work item; the entries it `summarizes` are its parts, and an entry with
  lettered children gives its children as parts (one per lead) and is itself a heading mention;
- an entry of section III or V that no row summarizes is a work item of its own, its only part;
- an entry of another plan that `implements` an entry (or sits under one that does) is a part of
  that entry's work item: the annual plan carries out a piece of the multi-year one;
- a target (chỉ tiêu) is not a task: it names the work that reaches it (`achieved_by`) and is
  reported apart, as reached or not.

Statuses are recorded on the item's record or on a part; `item_state`, `part_state` and
`target_state` derive the one status of an occurrence from them (see `combine`). Built from the
plans' indexes only (`book(dataset)`, once per loaded dataset), so task lists stay fast.
Every link says where it comes from, and whether the data marks it as a judgement (`inferred`).
"""

from __future__ import annotations

import datetime as dt
import gc
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from sys import intern
from typing import Any, NamedTuple, TypeVar, cast, overload

import orjson

from hncc.data.dataset import built_for, once_per_dataset
from hncc.data.index import EntryIndex, OccurrenceIndex, PlanIndex, Update
from hncc.data.loader import Dataset
from hncc.domain import refs, status
from hncc.domain.agencies import Registry

HIDDEN = {"json": False}  # field metadata: kept for filtering and sorting, left out of output
OMIT_NONE = {"omit_none": True}  # field metadata: left out of JSON when None
CLOSED = ("done", "cancelled")
Names = tuple[tuple[str, ...], frozenset[str]]
# An item's leads and cooperating agencies as shown, and the ids of every agency leading and
# supporting any part of it (hncc.queries.tasks.item_names).
ItemNames = tuple[Names, Names, frozenset[str], frozenset[str]]


_NAMES: weakref.WeakKeyDictionary[Registry, dict[tuple[str, ...], Names]] = \
    weakref.WeakKeyDictionary()


def agency_names(registry: Registry, written: Sequence[str]) -> Names:
    """Official names (or the written name when unknown) and the ids of the known ones.

    Resolved once per registry and list of names: thousands of entries write the same few."""
    known = _NAMES.get(registry)
    if known is None:
        known = _NAMES[registry] = {}
    names = tuple(written)
    found = known.get(names)
    if found is None:
        agencies = [(name, registry.resolve(name)) for name in names]
        found = known[names] = (tuple(a.name if a else name for name, a in agencies),
                                frozenset(a.id for _, a in agencies if a))
    return found


@dataclass(frozen=True, slots=True)
class Mention:
    """One place that names a work item: its record, a part, a heading above parts, a target.

    `inferred` is the data's reason when the link is a judgement rather than the source's words.
    """

    plan: str
    ref: str
    kind: str
    role: str  # "item", "part", "heading", "target"; on a target's row, "work" (what reaches it)
    relation: str
    deadline_text: str | None
    inferred: str | None


MENTION_FIELDS = ("plan", "ref", "kind", "role", "relation", "deadline_text", "inferred")


class Mentions(Sequence[Mention]):
    """The mentions of a work item as the query index keeps them (a JSON list of the values of
    MENTION_FIELDS for each), made into Mentions when first read. Equal to the tuple of its
    Mentions, and hashed as it. Written as JSON (`__json__`) from those lists: a city's list of
    tasks in JSON makes no Mention."""

    __slots__ = ("_made", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._made: tuple[Mention, ...] | None = None

    @property
    def made(self) -> tuple[Mention, ...]:
        if self._made is None:
            # One string for the many equal plan keys, kinds, roles and relations of mentions.
            self._made = tuple(Mention(intern(m[0]), m[1], intern(m[2]), intern(m[3]),
                                       intern(m[4]), m[5], m[6])
                               for m in orjson.loads(self._text))
        return self._made

    def __len__(self) -> int:
        return len(self.made)

    @overload
    def __getitem__(self, index: int) -> Mention: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Mention, ...]: ...

    def __getitem__(self, index: int | slice) -> Mention | tuple[Mention, ...]:
        return self.made[index]

    def __iter__(self) -> Iterator[Mention]:
        return iter(self.made)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mentions):
            return self._text == other._text or self.made == other.made
        if isinstance(other, tuple):
            return self.made == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.made)

    def __repr__(self) -> str:
        return repr(self.made)

    def __json__(self) -> list[dict[str, Any]]:
        """As JSON: what writing each Mention (a dataclass) gives."""
        return [dict(zip(MENTION_FIELDS, m, strict=True)) for m in orjson.loads(self._text)]


class Source(NamedTuple):
    """An entry together with the index of its plan; `key` is (plan key, ref). Build with
    `source_of()`."""

    plan: PlanIndex
    entry: EntryIndex
    key: tuple[str, str]

    @property
    def label(self) -> str:
        """Where it is written: "Kế hoạch 102/KH-UBND, Phụ lục, dòng PL.I.2", "…, mục II.1.1"."""
        where = (f"Phụ lục, dòng {self.entry.ref}" if self.entry.section == "appendix"
                 else f"mục {self.entry.ref}")
        return f"Kế hoạch {self.plan.number}, {where}"

    @property
    def plan_end(self) -> dt.date:
        return dt.date(self.plan.horizon[1], 12, 31)


class Mentioned(NamedTuple):
    """A place that names a work item, as found while joining: the Mention is made only when
    asked for (most items of a city's data are never shown)."""

    source: Source
    role: str
    relation: str
    inferred: str | None

    def mention(self) -> Mention:
        entry = self.source.entry
        return Mention(self.source.plan.key, entry.ref, entry.kind, self.role, self.relation,
                       entry.deadline_text, self.inferred)


def source_of(plan: PlanIndex, entry: EntryIndex) -> Source:
    return Source(plan, entry, (plan.key, entry.ref))


def occurrences_or_none(source: Source | None) -> list[OccurrenceIndex | None]:
    """The occurrences of the entry's deadline, or one None (no due date) when it has none."""
    found: list[OccurrenceIndex | None] = list(source.entry.occurrences()) if source else []
    return found or [None]


# (due, start, year, approximate, month) as the index (EntryIndex.due_ordinals)
Due = tuple[int, int | None, int | None, bool, int | None]


class Schedule(NamedTuple):
    """Occurrences of a work item and the deadline they follow: the item's own (`label` as
    WorkItem.deadline_source), or that of a part of a later plan for the years past the item's
    (`label` "theo Kế hoạch 9/KH-UBND, mục II.1"). `dues` as EntryIndex.due_ordinals; `money`
    the entry whose budget they carry (the record's "2 tỷ/năm" is money of its plan's years,
    not of a later plan's)."""

    deadline: Source | None
    label: str | None
    dues: tuple[Due, ...]
    money: Source

    def occurrences(self, among: list[Due] | None = None) -> list[OccurrenceIndex]:
        """Its occurrences (of `among`, a part of `dues`, if given)."""
        if self.deadline is None:
            return []
        return self.deadline.entry.occurrences(list(self.dues) if among is None else among)


@dataclass(eq=False)
class WorkItem:
    """One piece of work. `record` is where its deadline and money are written (an appendix row,
    or the entry itself); `parts` are what each lead does; `deadline` is the entry whose
    deadline the item keeps (the record's, else a part's, labelled by `deadline_source`);
    `mentions` every place that names it, the record first. Read-only once built (not frozen:
    a city's data builds a hundred thousand of them, and frozen ones take twice as long)."""

    id: str
    record: Source
    parts: tuple[Source, ...]
    others: tuple[Mentioned, ...]  # the mentions besides the record's own
    deadline: Source | None
    deadline_source: str | None  # None: the record's own deadline (or none at all)
    headings: tuple[Source, ...]
    order: tuple[int, int]
    first_part_due: int | None  # the earliest due date (ordinal) a part writes itself
    # The occurrences of parts of later plans in years past the item's recurring deadline (a
    # 2025-2026 plan carrying out a yearly row of a plan that ends in 2025), each part's own.
    later: tuple[Schedule, ...] = ()
    names: ItemNames | None = field(default=None, init=False, repr=False)  # see tasks.item_names

    @cached_property
    def mentions(self) -> tuple[Mention, ...]:
        """Every place that names the work: the record (role "item"), then parts, headings and
        targets."""
        entry = self.record.entry
        return (Mention(self.plan, entry.ref, entry.kind, "item", "bản ghi chính",
                        entry.deadline_text, None), *(m.mention() for m in self.others))

    @property
    def plan(self) -> str:
        return self.record.plan.key

    @property
    def ref(self) -> str:
        return self.record.entry.ref

    def occurrences(self) -> list[OccurrenceIndex | None]:
        """The occurrences of its deadline (or one None when it has none), then those of the
        parts of later plans past its years (`later`)."""
        found = occurrences_or_none(self.deadline)
        for schedule in self.later:
            found += schedule.occurrences()
        return found

    def schedules(self) -> list[Schedule]:
        """Its occurrences by the deadline they follow: its own, then each of `later`."""
        own = Schedule(self.deadline, self.deadline_source,
                       self.deadline.entry.due_ordinals if self.deadline else (), self.record)
        return [own, *self.later]

    def may_be_late(self, occurrence: OccurrenceIndex | None, as_of: dt.date) -> bool:
        """False when this occurrence cannot be late on `as_of`: nothing it or a part writes is
        due before, and (without a due date) its plan still runs. Saves deriving its status."""
        part_due = self.first_part_due is not None and self.first_part_due < as_of.toordinal()
        if occurrence is None:
            return as_of > self.record.plan_end or part_due
        return occurrence.due < as_of or part_due

    def part_deadline(self, part: Source) -> tuple[Source | None, str | None]:
        """The part's deadline entry and, when inherited from the item, where it comes from.

        Only a part of the record's own plan inherits: an annual plan's part without a deadline
        does not take the multi-year row's (161 was issued after row I.1's Quý II/2022)."""
        if part.entry.due_ordinals:
            return part, None
        if self.deadline is None or part.plan.key != self.record.plan.key:
            return None, None
        return self.deadline, f"theo {self.deadline.label}"


@dataclass(frozen=True)
class TargetLink:
    """A target and the work items whose completion reaches it."""

    target: Source
    items: tuple[WorkItem, ...]


class Book:
    """Every work item and target of a dataset, and where each entry went."""

    def __init__(self, items: dict[tuple[str, str], WorkItem], targets: tuple[TargetLink, ...],
                 claimed: dict[tuple[str, str], list[tuple[str, str]]],
                 headings: dict[tuple[str, str], list[tuple[str, str]]]) -> None:
        self.items = tuple(items.values())
        self.targets = targets
        self._by_key = items
        self._claimed = claimed    # entry -> the records of the items it is part or mention of
        self._headings = headings  # an entry no item names -> the items of the entries below it
        self._targets: dict[int, list[Source]] | None = None  # id(item) -> targets it reaches

    def targets_of(self, item: WorkItem) -> list[Source]:
        """The targets `item` is one of the ways to reach, in the order of `targets`."""
        if self._targets is None:
            self._targets = {}
            for link in self.targets:
                for reaching in {id(i): i for i in link.items}:
                    self._targets.setdefault(reaching, []).append(link.target)
        return self._targets.get(id(item), [])

    def items_of(self, plan: str, ref: str) -> tuple[WorkItem, ...]:
        """The work items an entry is the record, a part or a mention of (a heading: those of
        the entries below it)."""
        keys = self._claimed.get((plan, ref)) or self._headings.get((plan, ref)) or []
        return tuple(self._by_key[k] for k in keys if k in self._by_key)


class _Builder:
    def __init__(self, dataset: Dataset, only: frozenset[str] | None = None) -> None:
        self.dataset = dataset
        self.plans = [pf.index for pf in dataset.plans if only is None or pf.key in only]
        self.children: dict[tuple[str, str], list[EntryIndex]] = {}
        self.by_ref: dict[tuple[str, str], Source] = {}
        self.sections: dict[str, list[Source]] = {}
        for plan in self.plans:
            plan_key = plan.key
            for entry in plan.entries:
                key = (plan_key, entry.ref)
                found = self.by_ref[key] = Source(plan, entry, key)
                self.sections.setdefault(entry.section, []).append(found)
                if entry.parent is not None:
                    self.children.setdefault((plan_key, entry.parent), []).append(entry)
        self._named: dict[str, str | None] = {}  # plan as an `implements` names it -> its key
        self.parts: dict[tuple[str, str], list[tuple[Source, Mentioned | None]]] = {}
        self.mentions: dict[tuple[str, str], list[Mentioned]] = {}
        self.headings: dict[tuple[str, str], list[Source]] = {}
        self.claimed: dict[tuple[str, str], list[tuple[str, str]]] = {}  # entry -> item ids

    def is_unit(self, plan: PlanIndex, entry: EntryIndex) -> bool:
        """A piece that someone does: no entries below it, or a lead of its own."""
        return not self.children.get((plan.key, entry.ref)) or bool(entry.lead)

    def descend(self, source: Source) -> tuple[list[Source], list[Source]]:
        """The units at or below `source`, and the headings passed on the way."""
        units, headings = [], []
        if self.is_unit(source.plan, source.entry):
            units.append(source)
        if self.children.get(source.key):
            headings.append(source)
            for child in self.children[source.key]:
                found = self.descend(source_of(source.plan, child))
                units += found[0]
                headings += found[1]
        return units, headings

    def own(self, unit: Source) -> None:
        """`unit` is a work item of its own, its only part."""
        self.parts[unit.key] = [(unit, None)]
        self.claimed.setdefault(unit.key, []).append(unit.key)

    def claim(self, item: tuple[str, str], source: Source, role: str, relation: str,
              inferred: str | None) -> None:
        mention = Mentioned(source, role, relation, inferred)
        if role == "part":
            self.parts.setdefault(item, []).append((source, mention))
        elif role == "heading":
            self.headings.setdefault(item, []).append(source)
            self.mentions.setdefault(item, []).append(mention)
        else:
            self.mentions.setdefault(item, []).append(mention)
        claimed = self.claimed.setdefault(source.key, [])
        if item not in claimed:
            claimed.append(item)

    def section(self, *names: str) -> list[Source]:
        """The entries of these sections of every plan, section by section, in plan and file
        order within each."""
        return [s for name in names for s in self.sections.get(name, [])]

    def rows(self) -> list[Source]:
        rows = self.section("appendix")
        for row in rows:
            entry = row.entry
            self.claimed.setdefault(row.key, []).append(row.key)
            for ref in entry.links:
                linked = self.by_ref.get((row.plan.key, ref))
                if linked is None:
                    continue  # a broken link is reported by `hncc check`
                units, headings = self.descend(linked)
                for unit in units:
                    self.claim(row.key, unit, "part", f"phần việc (dòng {entry.ref} tóm tắt)",
                               entry.inferred)
                for heading in headings:
                    self.claim(row.key, heading, "heading", f"mục tổng (dòng {entry.ref} tóm tắt)",
                               entry.inferred)
        return rows

    def implemented(self, source: Source) -> tuple[Source, Source] | None:
        """(the entry carrying out, the entry of another plan it implements), looking upwards."""
        current: Source | None = source
        while current is not None:
            if current.entry.implements:
                target = self.resolve(current.entry.implements)
                return (current, target) if target else None
            parent = current.entry.parent
            current = self.by_ref.get((current.plan.key, parent)) if parent else None
        return None

    def resolve(self, text: str) -> Source | None:
        plan_text, _, ref = text.rpartition(":")
        if plan_text not in self._named:  # an annual plan names the same plan again and again
            try:
                self._named[plan_text] = refs.find_plan(plan_text, self.dataset.plans).key
            except refs.RefError:
                self._named[plan_text] = None  # reported by `hncc check`
        plan_key = self._named[plan_text]
        return self.by_ref.get((plan_key, ref.strip())) if plan_key is not None else None

    def items_under(self, key: tuple[str, str]) -> list[tuple[str, str]]:
        """Items an entry belongs to, or those of the entries below it."""
        if key in self.claimed:
            return self.claimed[key]
        found: list[tuple[str, str]] = []
        for child in self.children.get(key, []):
            for item in self.items_under((key[0], child.ref)):
                if item not in found:
                    found.append(item)
        return found

    def units(self) -> list[Source]:
        """Units of sections III and V (and of other plans), not rows, not targets."""
        return [s for s in self.section("content", "duties") if self.is_unit(s.plan, s.entry)]


def _deadline(record: Source, parts: Sequence[Source]) -> tuple[Source | None, str | None]:
    """The record's deadline; else a part's (the latest one-off due, else the first recurring)."""
    if record.entry.due_ordinals:
        return record, None
    dated = [p for p in parts if p.entry.due_ordinals]
    if not dated:
        return None, None
    once = [p for p in dated if len(p.entry.due_ordinals) == 1 and p.entry.due_ordinals[0][2] is None]
    chosen = max(once, key=lambda p: p.entry.due_ordinals[0][0]) if once else dated[0]
    return chosen, f"theo {chosen.label}"


def _later(record: Source, deadline: Source | None, parts: Sequence[Source]
           ) -> tuple[Schedule, ...]:
    """The occurrences that parts of other plans give a recurring item in years its own
    deadline does not reach, each part's with its own dates (a year of a one-off date is that
    of its due date), so that each occurrence follows the plan that states it."""
    if deadline is None or not any(due[2] is not None for due in deadline.entry.due_ordinals):
        return ()
    others = [p for p in parts if p.plan.key != record.plan.key and p.entry.due_ordinals]
    if not others:
        return ()
    periods = {(_year(due), due[4]) for due in deadline.entry.due_ordinals}
    reached = {year for year, _ in periods}
    found = []
    for part in others:
        dues: list[Due] = []
        for due in part.entry.due_ordinals:
            year = _year(due)
            if year not in reached and (year, due[4]) not in periods:
                periods.add((year, due[4]))  # a month of a later year (or the year) once
                dues.append((due[0], due[1], year, due[3], due[4]))
        if dues:
            found.append(Schedule(part, f"theo {part.label}", tuple(dues), part))
    return tuple(found)


def _year(due: Due) -> int:
    """The status year of an occurrence as the index keeps it (as `year_key`)."""
    return due[2] if due[2] is not None else dt.date.fromordinal(due[0]).year


def build(dataset: Dataset, only: frozenset[str] | None = None) -> Book:
    """Join every plan's entries into work items (see the module's docstring); with `only`,
    the plans with these keys (a set of plans that `implements` links to no other plan)."""
    builder = _Builder(dataset, only)
    records = builder.rows()
    open_units = [u for u in builder.units() if u.key not in builder.claimed]
    carried = {u.key: builder.implemented(u) for u in open_units}
    for unit in open_units:  # first the work of each plan, then what carries out another's
        if carried[unit.key] is None:
            records.append(unit)
            builder.own(unit)
    for unit in open_units:
        link = carried[unit.key]
        if link is None:
            continue
        upper, original = link
        items = list(builder.claimed.get(original.key, []))
        for item in items:
            builder.claim(item, unit, "part",
                          f"thực hiện mục {original.entry.ref} của Kế hoạch {original.plan.number}",
                          upper.entry.inferred)
        if not items:
            records.append(unit)
            builder.own(unit)
    targets = []
    for target in builder.section("targets"):
        entry = target.entry
        linked = list(dict.fromkeys(item for ref in entry.links
                                    for item in builder.items_under((target.plan.key, ref))))
        for item in linked:
            builder.claim(item, target, "target", "chỉ tiêu", entry.inferred)
        targets.append((target, linked))
    position = {plan_file.key: i for i, plan_file in enumerate(dataset.plans)}

    def order(record: Source) -> tuple[int, int]:
        return (position[record.plan.key], record.entry.order)

    built: dict[tuple[str, str], WorkItem] = {}
    for record in sorted(records, key=order):
        key = record.key
        claimed = builder.parts.get(key, [])
        parts = [p for p, _ in claimed]
        deadline, source = _deadline(record, parts)
        others = [m for _, m in claimed if m is not None] + builder.mentions.get(key, [])
        dues = [p.entry.due_ordinals[0][0] for p in parts if p.entry.due_ordinals]  # earliest
        # A ref written twice (a duplicate-id error): the later record counts, in its place.
        built.pop(key, None)
        built[key] = WorkItem(f"{key[0]}:{key[1]}", record, tuple(parts), tuple(others), deadline,
                              source, tuple(builder.headings.get(key, ())), order(record),
                              min(dues) if dues else None, _later(record, deadline, parts))
    headings = {key: builder.items_under(key) for key in builder.children
                if key in builder.by_ref and key not in builder.claimed}
    return Book(built, tuple(TargetLink(t, tuple(built[i] for i in ids)) for t, ids in targets),
                builder.claimed, headings)


def _frozen_build(dataset: Dataset, only: frozenset[str] | None = None) -> Book:
    gc.freeze()  # keep the collector off the loaded indexes while joining them (as the loader)
    try:
        return build(dataset, only)
    finally:
        gc.unfreeze()


def book(dataset: Dataset) -> Book:
    """The work items of `dataset`, built once per loaded dataset."""
    return once_per_dataset("book", dataset, _frozen_build)


def _implements_links(dataset: Dataset) -> dict[str, set[str]]:
    """Plan key -> the plans its entries carry out or that carry out its entries (as the
    joining follows `implements`: on entries, not headings)."""
    links: dict[str, set[str]] = {plan_file.key: set() for plan_file in dataset.plans}
    named: dict[str, str | None] = {}
    for plan_file in dataset.plans:
        for _, implements, heading in plan_file.implementing:  # no plan's index is read
            if heading:
                continue
            plan_text = implements.rpartition(":")[0]
            if plan_text not in named:
                try:
                    named[plan_text] = refs.find_plan(plan_text, dataset.plans).key
                except refs.RefError:
                    named[plan_text] = None
            other = named[plan_text]
            if other is not None and other != plan_file.key:
                links[plan_file.key].add(other)
                links[other].add(plan_file.key)
    return links


def plan_groups(dataset: Dataset) -> list[tuple[str, ...]]:
    """The groups of plans that `implements` links, either way and in turn (the joining never
    crosses from one group to another): each group's plan keys sorted, the groups in plan
    order. Found once per loaded dataset, from the plans' heads."""
    return once_per_dataset("plan groups", dataset, _plan_groups)


def _plan_groups(dataset: Dataset) -> list[tuple[str, ...]]:
    links = once_per_dataset("implements", dataset, _implements_links)
    seen: set[str] = set()
    found = []
    for plan_file in dataset.plans:
        if plan_file.key in seen:
            continue
        group, todo = {plan_file.key}, [plan_file.key]
        while todo:
            for other in links.get(todo.pop(), ()):
                if other not in group:
                    group.add(other)
                    todo.append(other)
        seen |= group
        found.append(tuple(sorted(group)))
    return found


G = TypeVar("G")


def in_batches(dataset: Dataset, groups: Iterable[tuple[G, Sequence[str]]], size: int
               ) -> Iterator[tuple[list[G], frozenset[str]]]:
    """Groups of plans (each a handle and its plan keys; see plan_groups) gathered whole until
    they hold about `size` plans: each batch's handles and plan keys. When the caller asks for
    the next batch, the plans' indexes read for this one are let go (read again if anything
    asks for them), so that work over a city's plans never holds them all."""
    chosen = list(groups)
    batch: list[G] = []
    keys: list[str] = []
    for at, (handle, group_keys) in enumerate(chosen):
        batch.append(handle)
        keys += group_keys
        if len(keys) < size and at < len(chosen) - 1:
            continue
        only = frozenset(keys)
        held = [pf for pf in dataset.plans if pf.key in only and not pf.has_index]
        yield batch, only
        for plan_file in held:
            plan_file.let_go_index()
        batch, keys = [], []


def book_around(dataset: Dataset, plan_key: str) -> Book:
    """The work items of the group of plans of `plan_key` (plan_groups): every item that an
    entry of that plan is the record, a part or a mention of, and each exactly as `book` has
    it, without joining a city's other plans. The whole book when it is built."""
    whole = built_for("book", dataset)
    if whole is not None:
        return cast(Book, whole)
    groups = plan_groups(dataset)
    group = next((g for g in groups if plan_key in g), (plan_key,))
    if len(groups) == 1:
        return book(dataset)
    only = frozenset(group)
    return once_per_dataset("book of " + "|".join(group), dataset,
                            lambda whole: _frozen_build(whole, only))


# --- status --------------------------------------------------------------------------------


@dataclass(frozen=True)
class State:
    """The status of one occurrence on a date: the update in force (recorded or derived), how
    it was derived (None: recorded on this very entry), and its two-by-two class."""

    update: Update | None
    derived: str | None
    progress: str
    late_since: dt.date | None = None  # the due date it is late against, when that is a part's


def year_key(occurrence: OccurrenceIndex | None) -> int | None:
    """The year a status update must name to apply to this occurrence (None: any year)."""
    if occurrence is None:
        return None
    return occurrence.year or occurrence.due.year


def month_key(occurrence: OccurrenceIndex | None) -> int | None:
    """The month a status update may name to apply to this occurrence alone (a deadline that
    recurs within the year: "tháng 3/2025"), else None."""
    return occurrence.month if occurrence is not None else None


def _latest(updates: Iterable[Update], year: int | None, as_of: dt.date,
            month: int | None = None) -> Update | None:
    return status.latest_update(list(updates), year, as_of, month)


def combine(own: Sequence[Update], parts: Sequence[Sequence[Update]], year: int | None,
            as_of: dt.date, month: int | None = None) -> tuple[Update | None, str | None]:
    """One status from the updates recorded on a whole (`own`) and on each of its parts.

    An update on the whole applies to every part. The whole is done (or cancelled) when every
    part is; otherwise the latest dated update decides, and a part's "done" then means the whole
    is in progress. The second value says how a status not recorded on the whole was derived.
    """
    effective = [_latest([*own, *updates], year, as_of, month) for updates in parts] or [
        _latest(own, year, as_of, month)]
    closed = [u for u in effective if u is not None and u.status in CLOSED]
    if closed and len(closed) == len(effective):
        last = max([u for u in closed if u.status == "done"] or closed, key=lambda u: u.date)
        mine = any(u is last for u in own)
        return last, None if mine else f"mọi phần ({len(effective)}) đã xong"
    latest = _latest([*own, *(u for updates in parts for u in updates)], year, as_of, month)
    if latest is None or latest.status not in CLOSED:
        return latest, None
    return (Update(latest.date, "in_progress", latest.year, latest.month),
            f"{len(closed)}/{len(effective)} phần đã xong")


def shares_year(part: Source, year: int | None) -> bool:
    """Whether a part shares its item's occurrence of the recurring `year` (None: a one-off
    occurrence, which every part shares): a part with dates of its own shares only the years
    they fall in (an annual plan's part, its year), one without only those of its plan."""
    if year is None:
        return True
    if part.entry.due_ordinals:  # a report due the month after its plan's last period: its year
        return year in part.entry.years or year == part.entry.due_ordinals[-1][2]
    first, last = part.plan.horizon
    return first <= year <= last


def _counted(item: WorkItem, occurrence: OccurrenceIndex | None) -> list[Source]:
    """The parts (other than the record) that share this occurrence of the item."""
    year = occurrence.year if occurrence else None
    return [p for p in item.parts if p.key != item.record.key and shares_year(p, year)]


def _own(item: WorkItem) -> list[Update]:
    """Updates on the record and on the headings above the parts: they speak for the whole."""
    return [u for source in (item.record, *item.headings) for u in source.entry.updates()]


class Recorded:
    """The updates recorded on a work item's record and headings (`own`) and on each part, read
    once for all the item's occurrences."""

    def __init__(self, item: WorkItem) -> None:
        self.own = _own(item)
        self.parts = {p.key: p.entry.updates() for p in item.parts if p.key != item.record.key}


def item_state(item: WorkItem, occurrence: OccurrenceIndex | None, as_of: dt.date,
               recorded: Recorded | None = None) -> State:
    """The one status of an occurrence of a work item on `as_of` (see `combine`).

    An item not done is late as soon as one of its parts is late against a deadline of the
    part's own (the festival "vào tháng 10-11" inside a row due "Hàng năm"); `late_since` is then
    that part's due date.
    """
    counted = _counted(item, occurrence) if recorded is None or recorded.parts else []
    recorded = recorded or Recorded(item)
    if counted:
        parts = [recorded.parts[p.key] for p in counted]
        update, how = combine(recorded.own, parts, year_key(occurrence), as_of,
                              month_key(occurrence))
    else:  # an item of its own (or a row with no parts): its own record decides
        update, how = _latest(recorded.own, year_key(occurrence), as_of,
                              month_key(occurrence)), None
    due = occurrence.due if occurrence else None
    found = status.progress(update, due, as_of, None if due else item.record.plan_end)
    if found in (status.PENDING, status.NO_DEADLINE):
        for part in counted:
            if not part.entry.due_ordinals:
                continue
            own = matching_part(part, occurrence)
            late = part_state(item, part, own, as_of)
            if late.progress == status.OVERDUE and own is not None:
                return State(update, f"phần việc {part.entry.ref} quá hạn {own.due:%d/%m/%Y}",
                             status.OVERDUE, own.due)
    return State(update, how, found)


def matching_part(part: Source, occurrence: OccurrenceIndex | None) -> OccurrenceIndex | None:
    """The part's own occurrence that falls in the item's occurrence (by year; a one-off part's
    only one)."""
    found = part.entry.occurrences()
    year = occurrence.year if occurrence else None
    month = month_key(occurrence)
    return next((o for o in found if year is None or (
        year_key(o) == year and (month is None or o.month in (None, month)))), None)


def part_state(item: WorkItem, part: Source, occurrence: OccurrenceIndex | None,
               as_of: dt.date) -> State:
    """A part's status: its own latest update, or the item's when that is later."""
    own = _own(item) if part.key != item.record.key else []
    update = _latest([*own, *part.entry.updates()], year_key(occurrence), as_of,
                     month_key(occurrence))
    how = f"ghi cho cả công việc {item.ref}" if any(u is update for u in own) else None
    due = occurrence.due if occurrence else None
    return State(update, how, status.progress(update, due, as_of, None if due else part.plan_end))


def matching(item: WorkItem, year: int | None, month: int | None = None
             ) -> OccurrenceIndex | None:
    """The item's occurrence for a status year (and month; a one-off item has only one)."""
    found = item.occurrences()
    return next((o for o in found if year_key(o) == year and month_key(o) in (None, month)),
                found[0] if len(found) == 1 else None)


def target_state(link: TargetLink, occurrence: OccurrenceIndex | None, as_of: dt.date) -> State:
    """A target is reached when recorded so, or when every work item reaching it is done."""
    year, month = year_key(occurrence), month_key(occurrence)
    derived = []
    for item in link.items:
        found = item_state(item, matching(item, year, month), as_of).update
        derived.append([Update(found.date, found.status, None)] if found else [])
    own = link.target.entry.updates()
    update, how = combine(own, derived, year, as_of, month)
    if update is not None and not any(u is update for u in own):
        partial = how if how and update.status not in CLOSED else None  # "1/2 phần đã xong"
        how = "theo " + ", ".join(i.ref for i in link.items) + (f": {partial}" if partial else "")
    due = occurrence.due if occurrence else None
    return State(update, how, status.progress(update, due, as_of,
                                              None if due else link.target.plan_end))


def other_deadlines(book: Book, item: WorkItem) -> list[str]:
    """The deadlines that the item's parts, headings and targets write and that differ from its
    own (target II.1 "Năm 2022" against row PL.II.1 "Năm 2022-2023"), each with where it is."""
    own = item.deadline.entry.due_ordinals if item.deadline else ()
    every = {due[0] for schedule in item.schedules() for due in schedule.dues}
    followed = [schedule.deadline for schedule in item.later]
    targets = book.targets_of(item)
    found = []
    for source in (*item.parts, *item.headings, *targets):
        dues = source.entry.due_ordinals
        if not dues or source is item.deadline or [d[0] for d in dues] == [d[0] for d in own]:
            continue
        if any(source is f for f in followed) and {d[0] for d in dues} <= every:
            continue  # the deadline of the item's later years, due when the item is before
        found.append(f"{source.label}: {source.entry.deadline_text}")
    return found
