"""Questions about tasks: what is overdue, what is coming up, what a plan or agency has to do.

Every function takes the loaded Dataset and an as-of date and returns frozen dataclasses; nothing
here prints. A task is one occurrence of a work item (hncc.queries.workitems): a piece of work
counted once, however many places name it. A recurring item ("Hàng năm") yields one task per year
of its deadline, an item without a deadline one task with no due date. Targets (chỉ tiêu) are
not tasks: they are listed only when asked for (`kind="target"`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from functools import partial
from typing import Any, Literal, NamedTuple, TypeVar

import orjson

from hncc.data.dataset import Dataset, PlanFile
from hncc.data.index import EntryIndex, OccurrenceIndex, PlanIndex
from hncc.domain import deadlines, refs, status
from hncc.domain.agencies import Agency, Registry, lead_now
from hncc.queries import derived, workitems
from hncc.queries.entries import Entries, StatusRecord
from hncc.queries.entries import of as entries_of
from hncc.queries.workitems import (
    HIDDEN,
    OMIT_NONE,
    ItemNames,
    Mention,
    Mentions,
    Names,
    Source,
    State,
    TargetLink,
    WorkItem,
    agency_names,
    source_of,
)

Role = Literal["lead", "any"]
PLAN_LEVEL = "chỉ tiêu cấp kế hoạch"  # what a target shows where a task shows its lead
__all__ = ["HIDDEN", "OMIT_NONE", "Names", "agency_names"]


class QueryError(ValueError):
    """A filter that names nothing or more than one thing; the message is for users."""


@dataclass(frozen=True)
class Task:
    """One occurrence of a work item (or of one of its parts, or of a target) on the as-of date.

    `item` is the work item's id ("PLAN:REF" of its record); `plan` and `ref` the entry this row
    is about. `deadline_source` says where an inherited deadline comes from ("theo Kế hoạch
    102/KH-UBND, Phụ lục, dòng PL.I.2"); None means the entry's own. `status` is the status in
    force ("unrecorded" when nothing is recorded), `status_derived` how it was derived when not
    recorded on this entry, and `progress` the two-by-two class (see hncc.domain.status).
    `lead_now` is set when a succession changed who answers for the task by the as-of date (see
    hncc.domain.agencies.lead_now): "Sở Ngoại vụ, nay là Văn phòng … từ 01/3/2025".
    """

    item: str
    plan: str
    ref: str
    kind: str
    title: str
    lead: tuple[str, ...]
    cooperating: tuple[str, ...]
    deadline_text: str | None
    deadline_source: str | None
    due: dt.date | None
    year: int | None
    approximate: bool
    status: str
    status_label: str
    status_date: dt.date | None
    status_derived: str | None
    progress: str
    progress_label: str
    late_since: dt.date | None
    budget_text: str | None
    mentions: Sequence[Mention]  # a tuple, or as the index keeps them (workitems.Mentions)
    lead_ids: frozenset[str] = field(metadata=HIDDEN)
    cooperating_ids: frozenset[str] = field(metadata=HIDDEN)
    years: tuple[int, ...] = field(metadata=HIDDEN)
    order: tuple[int, int] = field(metadata=HIDDEN)
    lead_now: str | None = field(default=None, metadata=OMIT_NONE)
    yearly: bool = field(default=False, metadata=HIDDEN)  # its work item recurs every year
    plan_end: dt.date = field(default=dt.date.max, metadata=HIDDEN)  # the end of its plan's horizon
    # The month the occurrence falls due, when its deadline recurs within the year ("Hằng
    # tháng", "Hằng quý"): with `year`, the period a status update names (year, month).
    month: int | None = field(default=None, metadata=OMIT_NONE)

    @property
    def period(self) -> str:
        """The occurrence as a table names it: "3/2025" within a year, "2025" each year."""
        return deadlines.period(self.year, self.month)

    @property
    def period_words(self) -> str:
        """The occurrence after "kỳ" in a sentence: "năm 2025", "đến hạn tháng 3/2025"."""
        return deadlines.period_words(self.year, self.month)


@dataclass(frozen=True)
class OverdueTask(Task):
    """A work item late on the as-of date, once: its oldest late occurrence, and how many."""

    days_overdue: int = 0
    late_years: tuple[int, ...] = ()
    # With a deadline recurring within the year, the month of each late occurrence, in the
    # order of `late_years` (one per occurrence: a year repeats in `late_years`).
    late_months: tuple[int, ...] | None = field(default=None, metadata=OMIT_NONE)

    @property
    def late_periods(self) -> tuple[str, ...]:
        """The late occurrences as a table names them ("2022", "3/2025")."""
        if self.late_months is None:
            return tuple(map(str, self.late_years))
        return tuple(deadlines.period(y, m)
                     for y, m in zip(self.late_years, self.late_months, strict=True))


@dataclass(frozen=True)
class Scope:
    """Which tasks a query looks at. Build it with `scope()`, which resolves what users type."""

    plan: str | None = None
    agency_ids: frozenset[str] | None = None
    role: Role = "lead"
    year: int | None = None
    status: str | None = None
    kind: str | None = None

    def admits_owner(self, plan: str, lead_ids: frozenset[str],
                     cooperating_ids: frozenset[str]) -> bool:
        """Whether the plan and agency filters admit an entry of `plan` with these agencies."""
        if self.plan is not None and plan != self.plan:
            return False
        return self.agency_ids is None or self.admits_agencies(lead_ids, cooperating_ids)

    def admits_agencies(self, lead_ids: frozenset[str], cooperating_ids: frozenset[str]) -> bool:
        """Whether the agency filter (there is one) admits an entry with these agencies."""
        assert self.agency_ids is not None
        ids = lead_ids | cooperating_ids if self.role == "any" else lead_ids
        return bool(ids & self.agency_ids)

    def admits(self, task: Task) -> bool:
        return self._admits(task.plan, task.lead_ids, task.cooperating_ids, task.years,
                            task.status, task.kind)

    def admits_fields(self, task: dict[str, Any]) -> bool:
        """`admits` for a task's fields, before the task is made."""
        return self._admits(task["plan"], task["lead_ids"], task["cooperating_ids"],
                            task["years"], task["status"], task["kind"])

    def _admits(self, plan: str, lead_ids: frozenset[str], cooperating_ids: frozenset[str],
                years: tuple[int, ...], status: str, kind: str) -> bool:
        return (
            self.admits_owner(plan, lead_ids, cooperating_ids)
            and (self.year is None or self.year in years)
            and (self.status is None or status == self.status)
            and (self.kind is None or kind == self.kind)
        )


EVERYTHING = Scope()


def find_agency(registry: Registry, text: str) -> Agency:
    """The one agency a user means by `text`; QueryError listing the candidates otherwise."""
    found = registry.match(text)
    if found.agency is not None:
        return found.agency
    names = "; ".join(a.name for a in found.candidates)
    if found.ambiguous:
        raise QueryError(f"“{text}” khớp với nhiều cơ quan: {names}. Ghi rõ hơn.")
    hint = f" Có phải: {names}?" if names else ""
    raise QueryError(f"Không có cơ quan “{text}” trong danh mục.{hint}")


def find_plan(dataset: Dataset, text: str) -> PlanFile:
    try:
        return dataset.find_plan(text)
    except refs.RefError as error:
        raise QueryError(str(error)) from None


def agency_scope_ids(registry: Registry, agency: Agency, as_of: dt.date) -> frozenset[str]:
    """The agency and every agency whose duties it had inherited by `as_of`."""
    return frozenset({agency.id, *registry.predecessors(agency.id, as_of)})


def scope(dataset: Dataset, as_of: dt.date, *, plan: str | None = None,
          agency: str | None = None, role: Role = "lead", year: int | None = None,
          status: str | None = None, kind: str | None = None) -> Scope:
    """A Scope from what a user typed; raises QueryError for an unknown or ambiguous name.

    `agency` takes in the tasks of the agencies it succeeded (by `as_of`); with role "any" the
    tasks it supports (cooperating) count too. `year` keeps tasks whose deadline spans that year
    (for a recurring deadline: that year's occurrence).
    """
    plan_key = find_plan(dataset, plan).key if plan else None
    agency_ids = None
    if agency:
        found = find_agency(dataset.registry, agency)
        agency_ids = agency_scope_ids(dataset.registry, found, as_of)
    return Scope(plan_key, agency_ids, role, year, status, kind)


@dataclass(frozen=True)
class Window:
    """Narrows a task list to occurrences due from `first` through `last` (and, if `undated`,
    those without a due date) whose two-by-two class (hncc.domain.status) is one of `progress`."""

    first: dt.date
    last: dt.date
    progress: frozenset[str]
    undated: bool = False
    late_on: dt.date | None = None  # only occurrences that may be late on this date

    def dated(self, due: dt.date | None) -> bool:
        return self.undated if due is None else self.first <= due <= self.last

    def admits(self, due: dt.date | None, progress: str) -> bool:
        return self.dated(due) and progress in self.progress


_DISTINCT: dict[tuple[str, ...], tuple[str, ...]] = {}  # names as written -> each once


def _distinct(sources: Sequence[Source], attribute: str) -> tuple[str, ...]:
    """The agencies written in `attribute` ("lead", "cooperating") of `sources`, each once."""
    written: tuple[str, ...] = getattr(sources[0].entry, attribute) if len(sources) == 1 else \
        tuple(name for s in sources for name in getattr(s.entry, attribute))
    distinct = _DISTINCT.get(written)
    if distinct is None:
        distinct = _DISTINCT[written] = tuple(dict.fromkeys(written))
    return distinct


def _names(dataset: Dataset, sources: Sequence[Source], attribute: str) -> Names:
    """The agencies written in `attribute` of `sources`, each once, resolved."""
    return agency_names(dataset.registry, _distinct(sources, attribute))


# An item's agencies as written, each once: the leads and cooperating agencies shown, and every
# agency leading and supporting any part (what ItemNames resolves).
Written = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def item_written(item: WorkItem) -> Written:
    """The item's leads and cooperating agencies as written on its record (on its parts when
    the record names none), and those of every part."""
    record = (item.record,)
    alone = item.parts == record  # an item of its own: its record is everyone
    everyone = record if alone else (item.record, *item.parts)
    lead = _distinct(record if item.record.entry.lead else item.parts, "lead")
    cooperating = _distinct(record if item.record.entry.cooperating else item.parts, "cooperating")
    return (lead, cooperating, lead if alone else _distinct(everyone, "lead"),
            cooperating if alone else _distinct(everyone, "cooperating"))


def occurrence_written(item: WorkItem, year: int | None) -> Written:
    """`item_written` for the item's occurrence of the recurring `year`: its record and the
    parts that share that year (workitems.shares_year). An annual plan's part leads its year
    only: the agency that leads the 2024 part of a yearly row does not answer for the row's
    2022 and 2023, nor is it listed, counted or reported for them."""
    if year is None:
        return item_written(item)
    parts = tuple(p for p in item.parts if workitems.shares_year(p, year))
    if len(parts) == len(item.parts):
        return item_written(item)
    record = (item.record,)
    everyone = (item.record, *(p for p in parts if p.key != item.record.key))  # it may be one

    def said(attribute: str) -> tuple[str, ...]:
        own = getattr(item.record.entry, attribute)
        return _distinct(record, attribute) if own or not parts else _distinct(parts, attribute)

    return (said("lead"), said("cooperating"), _distinct(everyone, "lead"),
            _distinct(everyone, "cooperating"))


def names_of(registry: Registry, written: Written) -> ItemNames:
    lead, cooperating = agency_names(registry, written[0]), agency_names(registry, written[1])
    return (lead, cooperating, agency_names(registry, written[2])[1],
            agency_names(registry, written[3])[1])


def _years(source: Source, dated: Source | None) -> tuple[int, ...]:
    """The years a one-off task spans; without any deadline, every year of its plan."""
    if dated is not None:
        return dated.entry.years
    first, last = source.plan.horizon
    return tuple(range(first, last + 1))


def _row(item: str, source: Source, occurrence: OccurrenceIndex | None, state: State,
         deadline: tuple[Source | None, str | None], names: ItemNames,
         mentions: tuple[Mention, ...], order: tuple[int, int], now: str | None = None,
         yearly: bool = False, money: Source | None = None) -> Task:
    """The task of one occurrence of `source`, with the budget of `money` (default: its own)."""
    update = state.update
    code = status.status_code(update)
    dated, source_label = deadline
    year = occurrence.year if occurrence else None
    label = (status.TARGET_LABELS if source.entry.kind == "target" else status.PROGRESS_LABELS)
    return Task(
        item=item, plan=source.plan.key, ref=source.entry.ref, kind=source.entry.kind,
        title=source.entry.title, lead=names[0][0], cooperating=names[1][0],
        # no deadline: the time phrase the source writes that hncc cannot read ("Thường xuyên")
        deadline_text=(dated or source).entry.deadline_text, deadline_source=source_label,
        due=occurrence.due if occurrence else None, year=year,
        approximate=bool(occurrence and occurrence.approximate), status=code,
        status_label=status.STATUS_LABELS[code], status_date=update.date if update else None,
        status_derived=state.derived, progress=state.progress,
        progress_label=label[state.progress], late_since=state.late_since,
        budget_text=(money or source).entry.budget_text,
        mentions=mentions, lead_ids=names[2], cooperating_ids=names[3],
        years=(year,) if year is not None else _years(source, dated), order=order, lead_now=now,
        yearly=yearly, plan_end=source.plan_end, month=occurrence.month if occurrence else None,
    )


def item_names(dataset: Dataset, item: WorkItem) -> ItemNames:
    """The item's leads and cooperating agencies as written on its record (on its parts when
    the record names none), and the ids of every agency leading or supporting any part.

    Found once per item (it belongs to one dataset, with one registry)."""
    if item.names is None:
        item.names = _item_names(dataset, item)
    return item.names


def _item_names(dataset: Dataset, item: WorkItem) -> ItemNames:
    return names_of(dataset.registry, item_written(item))


def is_yearly(item: WorkItem) -> bool:
    """Whether the item's deadline recurs every year ("Hàng năm")."""
    return item.deadline is not None and any(due[2] is not None
                                             for due in item.deadline.entry.due_ordinals)


def _admissible(item: WorkItem, schedule: workitems.Schedule, window: Window | None
                ) -> list[OccurrenceIndex | None]:
    """The occurrences of one of the item's schedules, those the window cannot admit left out
    before their dates are read (a warm list over thousands of plans reads only what it may
    return); one None for an item without a deadline."""
    if schedule.deadline is None:
        return [None]
    if window is None:
        return list(schedule.occurrences())
    first, last = window.first.toordinal(), window.last.toordinal()
    if window.late_on is not None and (item.first_part_due is None
                                       or item.first_part_due >= window.late_on.toordinal()):
        last = min(last, window.late_on.toordinal() - 1)  # late only once past its own due date
    return list(schedule.occurrences([r for r in schedule.dues if first <= r[0] <= last]))


def item_tasks(dataset: Dataset, item: WorkItem, as_of: dt.date,
               window: Window | None = None) -> list[Task]:
    """The tasks of one work item: one per occurrence of its deadline (or one without), then
    one per occurrence a later plan's part gives it (WorkItem.later), each saying whose
    deadline it follows."""
    found = []
    named: dict[Written, tuple[ItemNames, str | None]] = {}
    recorded = None
    for schedule in item.schedules():
        for occurrence in _admissible(item, schedule, window):
            if window is not None and window.late_on and not item.may_be_late(occurrence,
                                                                               window.late_on):
                continue
            if window is not None and not window.dated(occurrence.due if occurrence else None):
                continue
            recorded = recorded or workitems.Recorded(item)
            state = workitems.item_state(item, occurrence, as_of, recorded)
            if window is not None and state.progress not in window.progress:
                continue
            written = occurrence_written(item, occurrence.year if occurrence else None)
            if written not in named:
                names = item_names(dataset, item) if written == item_written(item) else \
                    names_of(dataset.registry, written)
                named[written] = (names, lead_now(dataset.registry, names[0][0], as_of))
            names, now = named[written]
            found.append(_row(item.id, item.record, occurrence, state,
                              (schedule.deadline, schedule.label), names, item.mentions,
                              item.order, now, is_yearly(item), schedule.money))
    return found


def part_tasks(dataset: Dataset, item: WorkItem, part: Source, as_of: dt.date) -> list[Task]:
    """The tasks of one part of a work item, with the item's deadline when it has none."""
    deadline = item.part_deadline(part)
    lead, cooperating = _names(dataset, [part], "lead"), _names(dataset, [part], "cooperating")
    names = (lead, cooperating, lead[1], cooperating[1])
    now = lead_now(dataset.registry, lead[0], as_of)
    return [_row(item.id, part, o, workitems.part_state(item, part, o, as_of), deadline, names,
                 (), item.order, now, is_yearly(item))
            for o in workitems.occurrences_or_none(deadline[0])]


def target_tasks(dataset: Dataset, link: TargetLink, as_of: dt.date) -> list[Task]:
    """The occurrences of a target, reached or not (by its own record or its work items)."""
    target = link.target
    none: Names = ((), frozenset())
    names = [item_names(dataset, i) for i in link.items]
    ids = frozenset().union(*(n[2] for n in names))
    supported = frozenset().union(*(n[3] for n in names))
    item = link.items[0].id if len(link.items) == 1 else f"{target.plan.key}:{target.entry.ref}"
    work = tuple(Mention(i.plan, i.ref, i.record.entry.kind, "work", "đạt được qua công việc",
                         i.record.entry.deadline_text, target.entry.inferred) for i in link.items)
    return [_row(item, target, o, workitems.target_state(link, o, as_of), (target, None),
                 (none, none, ids, supported), work, (0, target.entry.order),
                 yearly=len(link.items) == 1 and is_yearly(link.items[0]))
            for o in workitems.occurrences_or_none(target)]


def all_tasks(dataset: Dataset, as_of: dt.date, where: Scope = EVERYTHING,
              window: Window | None = None) -> Iterator[Task]:
    """Every task of every work item (or, with `where.kind == "target"`, every target), in plan
    order, then file order, then due date. A plan filter admits the items with a part in it.

    Read from the rows the query index keeps (hncc.queries.derived) when there is one; else
    derived from the plans' indexes (hncc.data.index), never from whole plans. The plan, agency
    and kind filters of `where` and the `window` are applied before a task is built; the caller
    applies the rest of `where`.
    """
    source = derived.TARGET if where.kind == "target" else derived.ITEM
    kept = _derived(dataset, as_of, source, where, window)
    if kept is not None:
        yield from kept
        return
    book = workitems.book(dataset)
    if where.kind == "target":
        for link in book.targets:
            if where.plan is None or link.target.plan.key == where.plan:
                yield from (t for t in target_tasks(dataset, link, as_of)
                            if window is None or window.admits(t.due, t.progress))
        return
    for item in book.items:
        years = None
        if where.plan is not None:
            years = next((y for plan, *y in plan_years(item) if plan == where.plan), None)
            if years is None:
                continue
        if where.kind is not None and item.record.entry.kind != where.kind:
            continue
        if where.agency_ids is not None:
            _, _, lead_ids, cooperating_ids = item_names(dataset, item)
            if not where.admits_owner(item.plan, lead_ids, cooperating_ids):
                continue
        found = item_tasks(dataset, item, as_of, window)
        yield from found if years is None else (
            t for t in found if t.year is None or years[0] <= t.year <= years[1])


class Counted(NamedTuple):
    """The tasks of one list of agencies, counted together (hncc.queries.workload): who leads
    and supports them, how many work items they are, and how many tasks of each progress class.
    A work item's tasks have the item's agencies, except the occurrences of a year that only
    some of its parts share (an annual plan's part leads its year): such an item is in several
    `Counted`, and `shared` names it in each, so that an agency counts it once."""

    lead_ids: frozenset[str]
    cooperating_ids: frozenset[str]
    items: int
    progress: dict[str, int]
    shared: frozenset[str] = frozenset()


def counted(dataset: Dataset, as_of: dt.date, where: Scope = EVERYTHING) -> list[Counted]:
    """The tasks `tasks(dataset, as_of, where)` lists, counted by their agencies (SQL counts
    them when the query index keeps them). The scope's agency filter is not supported."""
    if where.agency_ids is not None:
        raise ValueError("counted() takes no agency filter")
    source = derived.TARGET if where.kind == "target" else derived.ITEM
    clauses, parameters = scope_clauses(where)
    selected = derived.select_counted(dataset, derived_rows, source, as_of,
                                      " AND ".join(clauses), parameters)
    progress: dict[Agencies, Counter[str]] = {}
    items: Counter[Agencies] = Counter()
    shared: dict[Agencies, set[str]] = {}
    if selected is None:
        seen: dict[Agencies, set[str]] = {}
        for task in tasks(dataset, as_of, where):
            key = (task.lead_ids, task.cooperating_ids)
            progress.setdefault(key, Counter())[task.progress] += 1
            seen.setdefault(key, set()).add(task.item)
        items.update({key: len(found) for key, found in seen.items()})
        keys_of: dict[str, list[Agencies]] = {}
        for key, found in seen.items():
            for item in found:
                keys_of.setdefault(item, []).append(key)
        for item, keys in keys_of.items():
            if len(keys) > 1:
                for key in keys:
                    shared.setdefault(key, set()).add(item)
    else:
        by_progress, by_items, by_shared, lists = selected
        registry = dataset.registry

        def key_of(agencies: int) -> Agencies:
            resolved = agency_list_names(registry, lists[agencies])
            return resolved[2], resolved[3]

        for agencies, progress_, tasks_ in by_progress:
            progress.setdefault(key_of(agencies), Counter())[progress_] += tasks_
        for agencies, items_ in by_items:
            items[key_of(agencies)] += items_
        for agencies, item in by_shared:
            shared.setdefault(key_of(agencies), set()).add(item)
    return [Counted(*key, items[key], dict(counts), frozenset(shared.get(key, ())))
            for key, counts in progress.items()]


Agencies = tuple[frozenset[str], frozenset[str]]  # the ids of those who lead, who support


# A plan filter over a task's work `w` and occurrence `t` (`work.plans`: plan_years): the plan
# has a part of the work, and a part sharing the occurrence's year if it is a recurring one.
PLAN_CLAUSE = ("EXISTS (SELECT 1 FROM json_each(w.plans) WHERE json_extract(value, '$[0]') = ? "
               "AND (t.year IS NULL OR t.year BETWEEN json_extract(value, '$[1]') "
               "AND json_extract(value, '$[2]')))")


def plan_years(item: WorkItem) -> list[list]:
    """[plan key, first year, last year] of each plan with a part of the item (its record's
    first): the years its parts' dates span, or those of the plan for a part without dates (as
    workitems.shares_year). A plan filter admits a recurring occurrence of those years only: a
    2025 plan carrying out a yearly row has nothing to do with the row's 2022."""
    found: dict[str, list] = {}
    for source in (item.record, *item.parts):
        entry = source.entry
        first, last = (dated_span(entry) if entry.due_ordinals and entry.years
                       else source.plan.horizon)
        known = found.get(source.plan.key)
        if known is None:
            found[source.plan.key] = [source.plan.key, first, last]
        else:
            known[1], known[2] = min(known[1], first), max(known[2], last)
    return list(found.values())


def _plan_of(part: Source) -> list[list]:
    """`work.plans` of a part's own deadline: its plan, over the years of its dates."""
    first, last = dated_span(part.entry) if part.entry.years else part.plan.horizon
    return [[part.plan.key, first, last]]


def dated_span(entry: EntryIndex) -> tuple[int, int]:
    """The first and last year of an entry's dates: the years its deadline spans, and the year
    its last occurrence is named by (a quarter's report due the January after the plan's last
    year, "ngày 15 tháng đầu quý sau", is in that year)."""
    last = entry.due_ordinals[-1][2] if entry.due_ordinals else None
    return min(entry.years), max(*entry.years, last or 0)


def scope_clauses(where: Scope) -> tuple[list[str], list[Any]]:
    """SQL over a task's work `w`, occurrence `t` and state `s` for the plan, kind, status and
    year filters of `where`, as `tasks` applies them (a plan filter admits a work with a part
    in the plan; a year, an occurrence of that year or, for one-offs, a work spanning it)."""
    clauses: list[str] = []
    parameters: list[Any] = []
    if where.plan is not None:
        clauses.append(PLAN_CLAUSE)
        parameters.append(where.plan)
    if where.kind is not None:
        clauses.append("w.kind = ?")
        parameters.append(where.kind)
    if where.status is not None:
        clauses.append("coalesce(s.status, ?) = ?")
        parameters += [status.UNRECORDED, where.status]
    if where.year is not None:
        clauses.append("(t.year = ? OR (t.year IS NULL AND "
                       "EXISTS (SELECT 1 FROM json_each(w.years) WHERE value = ?)))")
        parameters += [where.year, where.year]
    return clauses, parameters


def lists_admitted(registry: Registry, where: Scope) -> derived.Admitted | None:
    """For a scope with an agency filter, which lists of agencies (`work.agencies`) have an
    agency it admits: SQL then reads only their works (the plan filter is checked after)."""
    if where.agency_ids is None:
        return None

    def admitted(lists: dict[int, str]) -> list[int]:
        return [list_id for list_id, text in lists.items()
                if where.admits_agencies(*agency_list_names(registry, text)[2:])]

    return admitted


def agency_list_names(registry: Registry, agencies: str) -> ItemNames:
    """The names and ids of the agencies of a work, from `work.agencies`."""
    written = tuple(tuple(names_) for names_ in orjson.loads(agencies))
    return names_of(registry, written)  # type: ignore[arg-type]


def tasks(dataset: Dataset, as_of: dt.date, where: Scope = EVERYTHING,
          window: Window | None = None) -> list[Task]:
    """Every task in scope, in plan and file order (`window`: see all_tasks)."""
    return list(each_task(dataset, as_of, where, window))


def each_task(dataset: Dataset, as_of: dt.date, where: Scope = EVERYTHING,
              window: Window | None = None) -> Iterator[Task]:
    """`tasks`, one at a time, each made as it is taken: a long list written as it comes
    never holds every task at once."""
    rest = replace(where, plan=None)  # all_tasks has applied the plan filter, parts included
    return (t for t in all_tasks(dataset, as_of, where, window) if rest.admits(t))


def _by_due(task: Task) -> tuple:
    return (task.due or dt.date.max, task.order)


def fields_of(task: Task) -> dict[str, Any]:
    """A task's fields by name (what its constructor takes)."""
    return {name: getattr(task, name) for name in _TASK_FIELDS}


T = TypeVar("T")


def built(kind: type[T], values: dict[str, Any]) -> T:
    """The frozen dataclass (a task, a budget share…) made of these values of every one of its
    fields, as its constructor would make it, ten times faster: without setting each field
    through object.__setattr__ (a good part of a warm task list's time at city scale).
    `values` becomes the object's own attributes: the caller must not change it afterwards."""
    made = object.__new__(kind)
    object.__setattr__(made, "__dict__", values)
    return made


_built = built


_TASK_FIELDS = tuple(f.name for f in fields(Task))


def days_late(task: Task, as_of: dt.date) -> int:
    """Days past the due date (a late part's, if that is earlier), or past the plan's end for a
    task without one (as `overdue` counts them)."""
    return _days_past(task.late_since, task.due, task.plan_end, as_of)


def _days_past(late_since: dt.date | None, due: dt.date | None, plan_end: dt.date,
               as_of: dt.date) -> int:
    return (as_of - (late_since or due or plan_end)).days


def overdue(dataset: Dataset, as_of: dt.date, where: Scope = EVERYTHING,
            mentions: bool = True) -> list[OverdueTask]:
    """Work items late on `as_of` and not recorded done or cancelled, oldest first, each once.

    Late: past due, or without a deadline once the plan's horizon has ended ("quá thời hạn của
    kế hoạch"). A recurring item shows its oldest late occurrence and the years it missed.
    Without `mentions`, each task's `mentions` is left empty: a table does not show them, and
    making them is a fifth of the time at city scale.
    """
    chosen = _derived_overdue(dataset, as_of, where, mentions)
    if chosen is not None:
        return chosen
    return [task if mentions else replace(task, mentions=())
            for task in _overdue(dataset, as_of, where)]


def _late(late: list[dict[str, Any]]) -> dict[str, Any]:
    """`late_years` and `late_months` of an item's late occurrences (fields, by due date)."""
    dated = [t for t in late if t["year"] is not None]
    months = tuple(t["month"] for t in dated if t["month"] is not None)
    return {"late_years": tuple(t["year"] for t in dated),
            "late_months": months if len(months) == len(dated) and months else None}


def _overdue(dataset: Dataset, as_of: dt.date, where: Scope) -> list[OverdueTask]:
    window = Window(dt.date.min, dt.date.max, status.LATE, undated=True, late_on=as_of)
    source = derived.TARGET if where.kind == "target" else derived.ITEM
    kept = _derived_fields(dataset, as_of, source, where, window)
    rest = replace(where, plan=None)  # as `tasks`
    late_ones = [fields_of(t) for t in tasks(dataset, as_of, where, window)] if kept is None else \
        [fields_ for fields_ in kept if rest.admits_fields(fields_)]
    by_item: dict[str, list[dict[str, Any]]] = {}
    for task in sorted(late_ones, key=lambda t: (t["due"] or dt.date.max, t["order"])):
        by_item.setdefault(task["item"], []).append(task)
    mentioned: dict[str, Mentions] = {}
    found = [(_built if kept is None else partial(_task_of, mentioned=mentioned))(OverdueTask, {
        **late[0], **_late(late),
        "days_overdue": _days_past(late[0]["late_since"], late[0]["due"], late[0]["plan_end"],
                                   as_of)}) for late in by_item.values()]
    return sorted(found, key=lambda t: (-t.days_overdue, t.order))


def upcoming(dataset: Dataset, as_of: dt.date, within: int = 30,
             where: Scope = EVERYTHING) -> list[Task]:
    """Tasks due from `as_of` through `within` days later, not done or cancelled, by due date.

    Each piece of work once (a yearly one once a year): the work item's occurrence, or a part's
    own deadline when it falls earlier (part_deadlines), so that a part due before its item is
    seen before it is late."""
    window = Window(as_of, as_of + dt.timedelta(days=within), frozenset({status.PENDING}))
    first: dict[tuple[str, int | None, int | None], Task] = {}
    for task in [*tasks(dataset, as_of, where, window), *part_deadlines(dataset, as_of, where, window)]:
        # A yearly item once a year (a monthly one once a month), any other once: by its
        # earliest date in the window.
        period = (task.year or (task.due.year if task.due else None)) if task.yearly else None
        key = (task.item, period, task.month)
        if key not in first or _by_due(task) < _by_due(first[key]):
            first[key] = task
    return sorted(first.values(), key=_by_due)


def part_deadlines(dataset: Dataset, as_of: dt.date, where: Scope = EVERYTHING,
                   window: Window | None = None) -> list[Task]:
    """The occurrences of parts that write a deadline of their own, other than their work
    item's (III.1 "Quý II/2022" inside row PL.1 "Năm 2022-2023"): the item's list shows its own
    date, and a part due earlier must not go unseen until it is late. In file order."""
    if where.kind == "target":
        return []
    rest = replace(where, plan=None)  # the plan filter is the part's plan, checked below
    kept = _derived(dataset, as_of, derived.PART, where, window)
    if kept is not None:
        return [task for task in kept if rest.admits(task)]
    found = []
    for item in workitems.book(dataset).items:
        for part in _own_deadline_parts(item):
            if where.plan is not None and part.plan.key != where.plan:
                continue
            if window is not None and not any(window.first.toordinal() <= due[0]
                                              <= window.last.toordinal()
                                              for due in part.entry.due_ordinals):
                continue
            found += [task for task in part_tasks(dataset, item, part, as_of)
                      if rest.admits(task)
                      and (window is None or window.admits(task.due, task.progress))]
    return found


def _own_deadline_parts(item: WorkItem) -> Iterator[Source]:
    """The parts of `item` that write a deadline other than the item's (part_deadlines)."""
    own_dues = set(item.deadline.entry.due_ordinals) if item.deadline else set()
    for part in item.parts:
        if part.key == item.record.key or not part.entry.due_ordinals \
                or set(part.entry.due_ordinals) <= own_dues:
            continue  # the part is the record, inherits, or is due when the item is
        yield part


# --- tasks kept in the query index (hncc.queries.derived) -----------------------------------


def _days(sources: Iterable[Source]) -> set[int]:
    """The days (ordinals) where the state of a task with these sources can change: an update
    applies from its date, a due date or a plan's end is passed the day after."""
    days: set[int] = set()
    for source in sources:
        entry = source.entry
        days.update(update[0] for update in entry.update_ordinals)
        days.update(due[0] + 1 for due in entry.due_ordinals)
        days.add(source.plan_end.toordinal() + 1)
    return days


def _mention(mention: Mention) -> list:
    return [mention.plan, mention.ref, mention.kind, mention.role, mention.relation,
            mention.deadline_text, mention.inferred]


def _work_row(source_kind: int, item: str, source: Source,
              deadline: tuple[Source | None, str | None], written: Written, mentions: list,
              order: tuple[str | None, int], rank: tuple[str, int], seq: int, plans: list[list],
              yearly: bool, money: Source | None = None) -> tuple:
    """A row of the index's `work` (see docs/index-schema.md): what `_row` makes of a piece of
    work that depends neither on the occurrence nor on the as-of date, agencies as written."""
    dated, label = deadline
    entry = source.entry
    return (source_kind, item, source.plan.key, entry.ref, entry.kind, entry.title,
            (dated or source).entry.deadline_text, label, (money or source).entry.budget_text,
            orjson.dumps(written).decode(), orjson.dumps(mentions).decode(),
            orjson.dumps(_years(source, dated)).decode(), *order, *rank, seq,
            orjson.dumps(plans).decode(), int(yearly), source.plan.horizon[1])


def _occurrence_row(occurrence: OccurrenceIndex | None, agencies: str | None = None) -> tuple:
    """A row of the index's `tasks`: (due, year, approximate, month, agencies), `agencies` the
    occurrence's own as written (JSON) when they are not its work's."""
    if occurrence is None:
        return (None, None, 0, None, agencies)
    return (occurrence.due.toordinal(), occurrence.year, int(occurrence.approximate),
            occurrence.month, agencies)


def _own_agencies(item: WorkItem, occurrence: OccurrenceIndex | None, agencies: Written
                  ) -> str | None:
    """The agencies of the item's occurrence as `tasks.agencies` keeps them: None when they are
    the item's (`agencies`), else as written (JSON)."""
    written = occurrence_written(item, occurrence.year if occurrence else None)
    return None if written == agencies else orjson.dumps(written).decode()


def derived_rows(dataset: Dataset, only: frozenset[str],
                 group_of: dict[str, str]) -> dict[str, list]:
    """Every task of the plans `only` (items, parts with deadlines of their own, targets) as
    rows of the query index with their state segments, by group of plans."""
    book = derived.book_of(dataset, only)
    found: dict[str, list] = {}
    for item in book.items:
        rows = found.setdefault(group_of[item.plan], [])
        recorded = workitems.Recorded(item)
        yearly = is_yearly(item)
        order = (item.plan, item.record.entry.order)
        plans = plan_years(item)
        days = _days((item.record, *item.headings, *item.parts))
        agencies = item_written(item)
        mentions = [_mention(m) for m in item.mentions]
        for schedule in item.schedules():  # a work per deadline followed: item_tasks
            rows.append((_work_row(derived.ITEM, item.id, item.record,
                                   (schedule.deadline, schedule.label), agencies, mentions,
                                   order, order, len(rows), plans, yearly, schedule.money),
                         [(_occurrence_row(occurrence, _own_agencies(item, occurrence, agencies)),
                           derived.segments(partial(workitems.item_state, item, occurrence,
                                                    recorded=recorded), days))
                          for occurrence in _admissible(item, schedule, None)]))
        for part in _own_deadline_parts(item):
            lead, cooperating = _distinct([part], "lead"), _distinct([part], "cooperating")
            part_days = _days((item.record, *item.headings, part))
            deadline = item.part_deadline(part)
            rows.append((_work_row(derived.PART, item.id, part, deadline,
                                   (lead, cooperating, lead, cooperating), [], order, order,
                                   len(rows), _plan_of(part), yearly),
                         [(_occurrence_row(occurrence),
                           derived.segments(partial(workitems.part_state, item, part,
                                                    occurrence), part_days))
                          for occurrence in workitems.occurrences_or_none(deadline[0])]))
    for link in book.targets:
        target = link.target
        rows = found.setdefault(group_of[target.plan.key], [])
        item_id = link.items[0].id if len(link.items) == 1 else \
            f"{target.plan.key}:{target.entry.ref}"
        everyone = [item_written(i) for i in link.items]
        written: Written = ((), (), tuple(dict.fromkeys(n for w in everyone for n in w[2])),
                            tuple(dict.fromkeys(n for w in everyone for n in w[3])))
        work = [[i.plan, i.ref, i.record.entry.kind, "work", "đạt được qua công việc",
                 i.record.entry.deadline_text, target.entry.inferred] for i in link.items]
        days = _days((target, *(s for i in link.items
                                for s in (i.record, *i.headings, *i.parts))))
        rows.append((_work_row(derived.TARGET, item_id, target, (target, None), written, work,
                               (None, target.entry.order), (target.plan.key, 0), len(rows),
                               [[target.plan.key, *target.plan.horizon]],
                               len(link.items) == 1 and is_yearly(link.items[0])),
                     [(_occurrence_row(occurrence),
                       derived.segments(partial(workitems.target_state, link, occurrence), days))
                      for occurrence in workitems.occurrences_or_none(target)]))
    return found


def _derived(dataset: Dataset, as_of: dt.date, source: int, where: Scope,
             window: Window | None) -> Iterator[Task] | None:
    """The tasks of one kind of row (derived.ITEM, PART or TARGET) that the query index keeps,
    as all_tasks (or part_deadlines) finds them, made as they are taken; None without a usable
    index."""
    found = _derived_fields(dataset, as_of, source, where, window)
    if found is None:
        return None
    return _tasks_of(found)


def _tasks_of(found: Iterator[dict[str, Any]]) -> Iterator[Task]:
    mentioned: dict[str, Mentions] = {}  # the tasks of one work share its mentions
    for fields_ in found:
        if fields_["mentions"] not in mentioned:
            mentioned.clear()  # a work's tasks come together: the last work's are enough
        yield _task_of(Task, fields_, mentioned)


def _task_of(kind: type[T], fields_: dict[str, Any],
             mentioned: dict[str, Mentions]) -> T:
    """A task from the fields `_derived_fields` read, with its mentions as the index keeps them
    (workitems.Mentions, made into Mentions when read), one object per piece of work."""
    text = fields_["mentions"]
    found = mentioned.get(text)
    if found is None:
        found = mentioned[text] = Mentions(text)
    fields_["mentions"] = found
    return _built(kind, fields_)


def _derived_fields(dataset: Dataset, as_of: dt.date, source: int, where: Scope,
                    window: Window | None) -> Iterator[dict[str, Any]] | None:
    """The fields of the tasks `_derived` makes, in the same order, each made as it is taken
    (a task list makes them into tasks; `overdue` only those of each item's oldest late
    occurrence); None without a usable index. Read first, they are sorted as small rows, so
    that a list of every task never holds the fields of all at once."""
    clauses: list[str] = []
    parameters: list[Any] = []
    if window is not None:
        clauses.append(f"s.progress IN ({', '.join('?' * len(window.progress))})")
        parameters += sorted(window.progress)
        clauses.append("(t.due BETWEEN ? AND ?" + (" OR t.due IS NULL)" if window.undated else ")"))
        parameters += [window.first.toordinal(), window.last.toordinal()]
    if where.kind is not None:
        clauses.append("w.kind = ?")
        parameters.append(where.kind)
    if where.plan is not None:  # an occurrence of a year the plan has no part in is left out
        clauses.append(PLAN_CLAUSE)
        parameters.append(where.plan)
    selected = derived.select(dataset, derived_rows, source, as_of, " AND ".join(clauses),
                              parameters, lists_admitted(dataset.registry, where))
    if selected is None:
        return None
    occurrences, works, lists = selected
    position = {plan_file.key: i for i, plan_file in enumerate(dataset.plans)}
    # In plan and file order: by the work's rank (its plan's place, `rank_n`, `seq`), then the
    # task's; a work's tasks come together.
    plan_at, n_at, seq_at = _RANK_AT
    ranks = {work: (position[row[plan_at]], row[n_at], row[seq_at]) for work, row in works.items()}
    occurrences.sort(key=lambda row: (ranks[row[0]], row[1]))
    return _fields_in_order(dataset, as_of, source, where, occurrences, works, lists, position)


_RANK_AT = tuple(derived.WORK_COLUMNS.index(c) for c in ("rank_plan", "rank_n", "seq"))


def _fields_in_order(dataset: Dataset, as_of: dt.date, source: int, where: Scope,
                     occurrences: list[tuple], works: dict[int, tuple], lists: dict[int, str],
                     position: dict[str, int]) -> Iterator[dict[str, Any]]:
    registry = dataset.registry
    names: dict[int, ItemNames] = {}
    now: dict[tuple[str, ...], str | None] = {}
    work_now, common = None, None
    for index, (work, _, due, year, approximate, code, date, how, progress,
                late_since, month, agencies) in enumerate(occurrences):
        occurrences[index] = ()  # read: let go
        if work != work_now:
            work_now = work
            common = _common(works.pop(work), where, registry, lists, names, now, position,
                             source == derived.TARGET, as_of)
        if common is None:
            continue
        # Each task but the work's last takes a copy of the work's fields; the last takes them.
        last = index + 1 == len(occurrences) or occurrences[index + 1][0] != work
        values = _fields(common, due, year, approximate, code or status.UNRECORDED, date, how,
                         progress, late_since, month, copy=not last)
        if agencies is not None:
            _own(values, agencies, registry, lists, names, now, as_of)
        yield values


def _fields(common: dict[str, Any], due: int | None, year: int | None, approximate: int,
            code: str, date: int | None, how: str | None, progress: str,
            late_since: int | None, month: int | None, copy: bool = True) -> dict[str, Any]:
    """The fields of one task: those of its work (`_common`: copied, unless this is its only
    task) and its occurrence's and state's."""
    values = dict(common) if copy else common
    values.update(
        due=dt.date.fromordinal(due) if due else None, year=year, approximate=bool(approximate),
        status=code, status_label=status.STATUS_LABELS[code],
        status_date=dt.date.fromordinal(date) if date else None, status_derived=how,
        progress=progress, progress_label=values.pop("labels")[progress],
        late_since=dt.date.fromordinal(late_since) if late_since else None, month=month)
    if year is not None:
        values["years"] = (year,)
    return values


def _own(values: dict[str, Any], agencies: int, registry: Registry, lists: dict[int, str],
         names: dict[int, ItemNames], now: dict[tuple[str, ...], str | None],
         as_of: dt.date) -> None:
    """A task's fields with its occurrence's own agencies (`tasks.agencies`, a list of
    `agency_lists`) in place of its work's."""
    resolved = names.get(agencies)
    if resolved is None:
        resolved = names[agencies] = agency_list_names(registry, lists[agencies])
    lead = resolved[0][0]
    if lead not in now:
        now[lead] = lead_now(registry, lead, as_of)
    values.update(lead=lead, cooperating=resolved[1][0], lead_ids=resolved[2],
                  cooperating_ids=resolved[3], lead_now=now[lead])


def _derived_overdue(dataset: Dataset, as_of: dt.date, where: Scope,
                     mentions: bool) -> list[OverdueTask] | None:
    """`overdue` from the query index, each work item's oldest late occurrence chosen by SQL;
    None without a usable index, or for targets (several may share an item)."""
    if where.kind == "target":
        return None
    clauses, parameters = scope_clauses(where)
    clauses.append("s.progress IN (?, ?)")
    parameters += sorted(status.LATE)
    selected = derived.select_first(dataset, derived_rows, derived.ITEM, as_of,
                                    " AND ".join(clauses), parameters, mentions,
                                    lists_admitted(dataset.registry, where))
    if selected is None:
        return None
    rows, lists = selected
    registry = dataset.registry
    position = {plan_file.key: i for i, plan_file in enumerate(dataset.plans)}
    names: dict[int, ItemNames] = {}
    now: dict[tuple[str, ...], str | None] = {}
    mentioned: dict[str, Mentions] = {}
    found = []
    for row in rows:
        (due, year, approximate, code, date, how, progress, late_since, month, late,
         agencies) = row[2:13]
        common = _common(row[13:], where, registry, lists, names, now, position, False, as_of)
        if common is None:
            continue
        values = _fields(common, due, year, approximate, code or status.UNRECORDED, date, how,
                         progress, late_since, month, copy=False)
        if agencies is not None:
            _own(values, agencies, registry, lists, names, now, as_of)
        # [due, task, year, month] lists: by due date, none last (derived.UNDATED), then order
        values.update(_late([{"year": year, "month": month}] if late is None else
                            [{"year": o[2], "month": o[3]} for o in sorted(orjson.loads(late))]))
        values["days_overdue"] = _days_past(values["late_since"], values["due"],
                                            values["plan_end"], as_of)
        if mentions:
            found.append(_task_of(OverdueTask, values, mentioned))
        else:
            values["mentions"] = ()
            found.append(_built(OverdueTask, values))
    return sorted(found, key=lambda t: (-t.days_overdue, t.order))


_YEARS: dict[str, tuple[int, ...]] = {}


def _years_of(text: str) -> tuple[int, ...]:
    """`work.years` as a tuple, one per distinct text (a city's works span a few ranges)."""
    found = _YEARS.get(text)
    if found is None:
        found = _YEARS[text] = tuple(orjson.loads(text))
    return found


def _common(work: tuple, where: Scope, registry: Registry, lists: dict[int, str],
            names: dict[int, ItemNames], now: dict[tuple[str, ...], str | None],
            position: dict[str, int], target: bool, as_of: dt.date) -> dict[str, Any] | None:
    """What every occurrence of one row of `work` shares, as Task fields; None when the scope's
    plan or agency filter leaves it out."""
    (item, plan, ref, kind, title, deadline_text, deadline_source, budget_text, agencies,
     mentions, years, order_plan, order_n, _, _, _, plans, yearly, last_year) = work
    if where.plan is not None and all(p[0] != where.plan for p in orjson.loads(plans)):
        return None
    resolved = names.get(agencies)
    if resolved is None:
        resolved = names[agencies] = agency_list_names(registry, lists[agencies])
    if where.agency_ids is not None and not where.admits_owner(plan, resolved[2], resolved[3]):
        return None
    lead = resolved[0][0]
    if target:
        lead_text = None
    elif lead in now:
        lead_text = now[lead]
    else:
        lead_text = now[lead] = lead_now(registry, lead, as_of)
    return {
        "item": item, "plan": plan, "ref": ref, "kind": kind, "title": title, "lead": lead,
        "cooperating": resolved[1][0], "deadline_text": deadline_text,
        "deadline_source": deadline_source, "budget_text": budget_text,
        "mentions": mentions,  # JSON, made into Mentions by _task_of
        "lead_ids": resolved[2], "cooperating_ids": resolved[3],
        "years": _years_of(years),
        "order": (position[order_plan] if order_plan is not None else 0, order_n),
        "lead_now": lead_text, "yearly": bool(yearly), "plan_end": dt.date(last_year, 12, 31),
        "labels": status.TARGET_LABELS if kind == "target" else status.PROGRESS_LABELS,
    }


@dataclass(frozen=True)
class Link:
    """Another entry this one is linked to, and how; `inferred` is the data's reason when the
    link is a judgement rather than the source's own words."""

    relation: str
    plan: str
    ref: str
    title: str
    inferred: str | None = None


@dataclass(frozen=True)
class ItemDetail:
    """A work item as `show` lists it: its status, every mention, every part with its status,
    and the deadlines its mentions give that differ from its own."""

    id: str
    title: str
    deadline_text: str | None
    deadline_source: str | None
    occurrences: tuple[Task, ...]
    mentions: tuple[Mention, ...]
    parts: tuple[Task, ...]
    other_deadlines: tuple[str, ...]
    # Who leads each year's occurrence (its record's leads and those of its parts of that year),
    # when the years differ: an annual plan's part gives its year an agency the other years do
    # not have. None (and left out of JSON) when every year has the same leads.
    leads_by_year: dict[int, tuple[str, ...]] | None = field(default=None, metadata=OMIT_NONE)


@dataclass(frozen=True)
class EntryDetail:
    """One entry in full: its words, its occurrences with their status, its history and links,
    and the work items it belongs to."""

    plan: str
    plan_label: str
    ref: str
    kind: str
    title: str
    assignment: str | None
    body: tuple[str, ...]
    lead: tuple[str, ...]
    cooperating: tuple[str, ...]
    lead_text: str | None
    cooperating_text: str | None
    deadline_text: str | None
    no_deadline: str | None
    no_lead: str | None
    budget_text: str | None
    dossier: tuple[str, ...]
    note: str | None
    occurrences: tuple[Task, ...]
    history: tuple[StatusRecord, ...]
    links: tuple[Link, ...]
    items: tuple[ItemDetail, ...]
    lead_now: str | None = field(default=None, metadata=OMIT_NONE)  # see Task.lead_now
    # the budget's exact amount in tỷ đồng (budget_text may count in đồng or triệu: "500")
    budget_amount: Decimal | None = None
    budget_per_year: bool = False  # "2 tỷ/năm": the amount falls in each year of its span
    # its own title as the data writes it, where `title` is other words (a duty is titled by
    # what it asks: 102's V.1 "Đề nghị Ban Tuyên giáo Thành ủy")
    written_title: str | None = field(default=None, metadata=OMIT_NONE)


def _link(relation: str, source: Source, inferred: str | None = None) -> Link:
    return Link(relation, source.plan.key, source.entry.ref, source.entry.title, inferred)


@dataclass(frozen=True)
class _Links:
    """Who points at whom in one dataset, found once: a plan report shows every entry of a plan,
    and looking through every entry of every plan for each of them took quadratic time. Rows
    and targets point within their own plan, so those are found a plan at a time, when asked."""

    entries: Entries
    implemented_by: dict[tuple[str, str], list[Source]]  # (plan key, ref) -> entries carrying it out
    within: dict[str, tuple[dict[str, list[Source]], dict[str, list[Source]]]]  # plan key ->
    # (ref -> appendix rows summarizing it, ref -> targets it reaches)

    def summarized_by(self, source: Source) -> list[Source]:
        return self._within(source.plan)[0].get(source.entry.ref, [])

    def reached_by(self, source: Source) -> list[Source]:
        return self._within(source.plan)[1].get(source.entry.ref, [])

    def _within(self, plan: PlanIndex) -> tuple[dict[str, list[Source]], dict[str, list[Source]]]:
        found = self.within.get(plan.key)
        if found is None:
            rows: dict[str, list[Source]] = {}
            targets: dict[str, list[Source]] = {}
            for entry in sorted((*plan.entries, *plan.headings), key=lambda e: e.order):
                if entry.section not in ("appendix", "targets"):
                    continue
                linked = rows if entry.section == "appendix" else targets
                for ref in dict.fromkeys(entry.links):
                    linked.setdefault(ref, []).append(source_of(plan, entry))
            found = self.within[plan.key] = (rows, targets)
        return found


def _find_links(dataset: Dataset) -> _Links:
    entries = entries_of(dataset)
    implemented_by: dict[tuple[str, str], list[Source]] = {}
    for plan_file in dataset.plans:
        if not plan_file.implementing:
            continue  # the index of a plan that carries out no other's is not read
        plan = plan_file.index
        carrying = [e for e in (*plan.entries, *plan.headings) if e.implements]
        for entry in sorted(carrying, key=lambda e: e.order):
            candidate = source_of(plan, entry)
            carried_out = entries.implemented(candidate)
            if carried_out is not None:
                implemented_by.setdefault(carried_out.key, []).append(candidate)
    return _Links(entries, implemented_by, {})


def _links(dataset: Dataset, source: Source) -> Iterator[Link]:
    """Parent, summarizing rows, summarized items, what it implements and what implements it,
    the work a target is reached by and the targets an entry reaches."""
    known = workitems.once_per_dataset("links", dataset, _find_links)
    entries = known.entries
    entry = source.entry
    parent = entries.parent(source)
    if parent is not None:
        yield _link("thuộc mục", parent)
    relation = "tóm tắt mục" if entry.section == "appendix" else "đạt được qua"
    for ref in entry.links:  # what a row summarizes, or the work a target is reached by
        linked = entries.get(source.plan.key, ref)
        if linked is not None:
            yield _link(relation, linked, entry.inferred)
    for row in known.summarized_by(source):
        yield _link("được tóm tắt ở dòng phụ lục", row, row.entry.inferred)
    for target in known.reached_by(source):
        yield _link("là cách đạt chỉ tiêu", target, target.entry.inferred)
    implementing = entries.implemented(source)
    if implementing is not None:
        yield _link("thực hiện mục", implementing, entry.inferred)
    for candidate in known.implemented_by.get(source.key, []):
        yield _link("được thực hiện bởi", candidate, candidate.entry.inferred)


def item_detail(dataset: Dataset, book: workitems.Book, item: WorkItem,
                as_of: dt.date) -> ItemDetail:
    """A work item of `book` with its mentions and the status of each of its parts."""
    occurrences = tuple(item_tasks(dataset, item, as_of))
    return ItemDetail(
        id=item.id, title=item.record.entry.title,
        deadline_text=item.deadline.entry.deadline_text if item.deadline else None,
        deadline_source=item.deadline_source, occurrences=occurrences,
        mentions=item.mentions,
        parts=tuple(t for part in item.parts for t in part_tasks(dataset, item, part, as_of)),
        other_deadlines=tuple(workitems.other_deadlines(book, item)),
        leads_by_year=_leads_by_year(dataset, item, occurrences),
    )


def _leads_by_year(dataset: Dataset, item: WorkItem,
                   occurrences: Sequence[Task]) -> dict[int, tuple[str, ...]] | None:
    """The agencies leading each year's occurrence of `item` (occurrence_written), when not
    every year has the same; otherwise None."""
    found = {}
    for year in sorted({t.year for t in occurrences if t.year is not None}):
        names, _ = agency_names(dataset.registry, occurrence_written(item, year)[2])
        found[year] = tuple(dict.fromkeys(names))
    return found if len(set(found.values())) > 1 else None


def _occurrences(dataset: Dataset, book: workitems.Book, key: tuple[str, str],
                 as_of: dt.date) -> tuple[Task, ...]:
    """The entry's own tasks: as a work item's record, as a part (of its first item), or as a
    target; none for a heading, whose work is its items'."""
    for link in book.targets:
        if link.target.key == key:
            return tuple(target_tasks(dataset, link, as_of))
    for item in book.items_of(*key):
        if item.record.key == key:
            return tuple(item_tasks(dataset, item, as_of))
        for part in item.parts:
            if part.key == key:
                return tuple(part_tasks(dataset, item, part, as_of))
    return ()


def show(dataset: Dataset, ref: str, as_of: dt.date) -> EntryDetail:
    """One entry named by `PLAN:REF` ("102:III.1.2.a"), in full, with its work items."""
    try:
        source = entries_of(dataset).find(ref)
    except refs.RefError as error:
        raise QueryError(str(error)) from None
    plan, entry = source.plan, source.entry
    entries = entries_of(dataset)
    said = entries.words(source)
    lead, _ = agency_names(dataset.registry, entry.lead)
    cooperating, _ = agency_names(dataset.registry, entry.cooperating)
    work = workitems.book_around(dataset, plan.key)  # its items, not every plan's
    return EntryDetail(
        plan=plan.key,
        plan_label=f"{entries.plan_words(plan).kind} {plan.number} "
                   f"({dt.date.fromordinal(plan.date):%d/%m/%Y})",
        ref=entry.ref, kind=entry.kind, title=entry.title, assignment=said.assignment,
        body=said.body, lead=lead, cooperating=cooperating, lead_text=said.lead_text,
        cooperating_text=said.cooperating_text, deadline_text=entry.deadline_text,
        no_deadline=said.no_deadline, no_lead=said.no_lead, budget_text=entry.budget_text,
        dossier=said.dossier, note=said.note,
        occurrences=_occurrences(dataset, work, source.key, as_of),
        # as known on `as_of`: an update recorded later must not change a reproduced answer
        history=tuple(r for r in entries.history(source) if r.date <= as_of),
        links=tuple(_links(dataset, source)),
        lead_now=lead_now(dataset.registry, entry.lead, as_of),
        items=tuple(item_detail(dataset, work, item, as_of)
                    for item in work.items_of(*source.key)),
        budget_amount=Decimal(entry.budget_amount) if entry.budget_amount else None,
        budget_per_year=entry.budget_per_year,
        written_title=said.title if said.title != entry.title else None,
    )
