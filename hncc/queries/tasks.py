"""Questions about tasks: what is overdue, what is coming up, what a plan or agency has to do.

Every function takes the loaded Dataset and an as-of date and returns frozen dataclasses; nothing
here prints. A task is one occurrence of an entry that is not a heading (kind "group"): a
recurring entry ("Hàng năm") yields one task per year of its plan's horizon, an entry without a
deadline yields one task with no due date.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from hncc.data.index import EntryIndex, OccurrenceIndex, Update
from hncc.data.loader import Dataset, PlanFile
from hncc.domain import refs, status
from hncc.domain.agencies import Agency, Registry

if TYPE_CHECKING:
    from hncc.data.model import Entry, Plan, StatusEntry

Role = Literal["lead", "any"]
HIDDEN = {"json": False}  # field metadata: kept for filtering and sorting, left out of output


class QueryError(ValueError):
    """A filter that names nothing or more than one thing; the message is for users."""


@dataclass(frozen=True)
class Task:
    """One occurrence of an entry, with its status on the as-of date.

    `status` is the recorded status code ("unrecorded" when nothing is recorded) and `progress`
    the two-by-two class (see hncc.status); `year` is set for recurring deadlines.
    """

    plan: str
    ref: str
    kind: str
    title: str
    lead: tuple[str, ...]
    cooperating: tuple[str, ...]
    deadline_text: str | None
    due: dt.date | None
    year: int | None
    approximate: bool
    status: str
    status_label: str
    status_date: dt.date | None
    progress: str
    progress_label: str
    budget_text: str | None
    lead_ids: frozenset[str] = field(metadata=HIDDEN)
    cooperating_ids: frozenset[str] = field(metadata=HIDDEN)
    years: tuple[int, ...] = field(metadata=HIDDEN)
    order: tuple[int, int] = field(metadata=HIDDEN)


@dataclass(frozen=True)
class OverdueTask(Task):
    days_overdue: int = 0


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
        if self.agency_ids is None:
            return True
        ids = lead_ids | cooperating_ids if self.role == "any" else lead_ids
        return bool(ids & self.agency_ids)

    def admits(self, task: Task) -> bool:
        return (
            self.admits_owner(task.plan, task.lead_ids, task.cooperating_ids)
            and (self.year is None or self.year in task.years)
            and (self.status is None or task.status == self.status)
            and (self.kind is None or task.kind == self.kind)
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
        return refs.find_plan(text, dataset.plans)
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


def agency_names(registry: Registry, written: Sequence[str]) -> tuple[tuple[str, ...], frozenset[str]]:
    """Official names (or the written name when unknown) and the ids of the known ones."""
    agencies = [(name, registry.resolve(name)) for name in written]
    return (tuple(a.name if a else name for name, a in agencies),
            frozenset(a.id for _, a in agencies if a))


Names = tuple[tuple[str, ...], frozenset[str]]


@dataclass(frozen=True)
class Window:
    """Narrows a task list to occurrences due from `first` through `last` whose two-by-two class
    (hncc.status) is one of `progress`. Applied before tasks are built: a warm run over thousands
    of plans builds only the tasks it returns."""

    first: dt.date
    last: dt.date
    progress: frozenset[str]


def _classify(updates: list[Update], occurrence: OccurrenceIndex | None,
              as_of: dt.date) -> tuple[Update | None, str]:
    """The update in force for an occurrence and its two-by-two class on `as_of`."""
    due = occurrence.due if occurrence else None
    year = occurrence.year if occurrence else None
    # An update with a `year` applies to a one-off deadline too, when it is due in that year.
    update = status.latest_update(updates, year or (due.year if due else None), as_of)
    return update, status.progress(update, due, as_of)


def _task(plan_key: str, entry: EntryIndex, occurrence: OccurrenceIndex | None,
          classified: tuple[Update | None, str], order: tuple[int, int],
          lead: Names, cooperating: Names) -> Task:
    update, stage = classified
    code = status.status_code(update)
    year = occurrence.year if occurrence else None
    return Task(
        plan=plan_key, ref=entry.ref, kind=entry.kind, title=entry.title, lead=lead[0],
        cooperating=cooperating[0], deadline_text=entry.deadline_text,
        due=occurrence.due if occurrence else None, year=year,
        approximate=bool(occurrence and occurrence.approximate), status=code,
        status_label=status.STATUS_LABELS[code], status_date=update.date if update else None,
        progress=stage, progress_label=status.PROGRESS_LABELS[stage], budget_text=entry.budget_text,
        lead_ids=lead[1], cooperating_ids=cooperating[1],
        years=(year,) if year is not None else entry.years, order=order,
    )


def entry_tasks(dataset: Dataset, plan_key: str, entry: EntryIndex, as_of: dt.date,
                order: tuple[int, int] = (0, 0)) -> list[Task]:
    """The tasks of one entry: one per occurrence, or one without a due date."""
    lead = agency_names(dataset.registry, entry.lead)
    cooperating = agency_names(dataset.registry, entry.cooperating)
    updates = entry.updates()
    return [_task(plan_key, entry, o, _classify(updates, o, as_of), order, lead, cooperating)
            for o in entry.occurrences() or [None]]


def all_tasks(dataset: Dataset, as_of: dt.date, where: Scope = EVERYTHING,
              window: Window | None = None) -> Iterator[Task]:
    """Every task of every plan, in plan order, then file order, then due date.

    Reads only the plans' indexes (hncc.index), so that a warm run never loads a whole plan.
    The plan, agency and kind filters of `where` and the `window` are applied before a task is
    built; the caller applies the rest of `where`.
    """
    registry = dataset.registry
    ids: dict[str, str | None] = {}  # plans repeat the same few names thousands of times

    def id_of(name: str) -> str | None:
        if name not in ids:
            agency = registry.resolve(name)
            ids[name] = agency.id if agency else None
        return ids[name]

    first, last = (window.first.toordinal(), window.last.toordinal()) if window else (0, 0)
    for plan_index, plan_file in enumerate(dataset.plans):
        if where.plan is not None and plan_file.key != where.plan:
            continue
        for entry in plan_file.index.entries:
            if where.kind is not None and entry.kind != where.kind:
                continue
            lead_ids = frozenset(filter(None, map(id_of, entry.lead)))
            cooperating_ids = frozenset(filter(None, map(id_of, entry.cooperating)))
            if not where.admits_owner(plan_file.key, lead_ids, cooperating_ids):
                continue
            if window is None:
                occurrences = entry.occurrences() or [None]
            else:
                occurrences = entry.occurrences([o for o in entry.due_ordinals if first <= o[0] <= last])
            updates = entry.updates() if occurrences else []
            names = None
            for occurrence in occurrences:
                classified = _classify(updates, occurrence, as_of)
                if window is not None and classified[1] not in window.progress:
                    continue
                if names is None:
                    names = (agency_names(registry, entry.lead), agency_names(registry, entry.cooperating))
                yield _task(plan_file.key, entry, occurrence, classified, (plan_index, entry.order), *names)


def tasks(dataset: Dataset, as_of: dt.date, where: Scope = EVERYTHING,
          window: Window | None = None) -> list[Task]:
    """Every task in scope, in plan and file order (`window`: see all_tasks)."""
    return [t for t in all_tasks(dataset, as_of, where, window) if where.admits(t)]


def _by_due(task: Task) -> tuple:
    return (task.due or dt.date.max, task.order)


def overdue(dataset: Dataset, as_of: dt.date, where: Scope = EVERYTHING) -> list[OverdueTask]:
    """Tasks past due on `as_of` and not recorded done or cancelled, oldest due date first.

    A recurring entry is listed once per missed occurrence.
    """
    window = Window(dt.date.min, as_of - dt.timedelta(days=1), frozenset({status.OVERDUE}))
    late = tasks(dataset, as_of, where, window)
    return [OverdueTask(**vars(t), days_overdue=(as_of - t.due).days)
            for t in sorted(late, key=_by_due)]


def upcoming(dataset: Dataset, as_of: dt.date, within: int = 30,
             where: Scope = EVERYTHING) -> list[Task]:
    """Tasks due from `as_of` through `within` days later, not done or cancelled, by due date."""
    last = as_of + dt.timedelta(days=within)
    return sorted(tasks(dataset, as_of, where, Window(as_of, last, frozenset({status.PENDING}))),
                  key=_by_due)


@dataclass(frozen=True)
class Link:
    """Another entry this one is linked to, and how."""

    relation: str
    plan: str
    ref: str
    title: str


@dataclass(frozen=True)
class EntryDetail:
    """One entry in full: its words, its occurrences with their status, its history and links."""

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
    budget_text: str | None
    dossier: tuple[str, ...]
    note: str | None
    occurrences: tuple[Task, ...]
    history: tuple[StatusEntry, ...]
    links: tuple[Link, ...]


def _link(relation: str, plan: Plan, entry: Entry) -> Link:
    return Link(relation, plan.key, entry.ref, plan.display_title(entry))


@dataclass(frozen=True)
class _Links:
    """Who points at whom in one dataset, built once: a report shows every entry of a plan, and
    looking through every entry of every plan for each of them took quadratic time."""

    summarized_by: dict[tuple[str, str], list[Entry]]       # (plan key, ref) -> appendix rows
    implemented_by: dict[int, list[tuple[Plan, Entry]]]     # id(entry) -> (plan, entry) implementing
    indexed: dict[tuple[str, str], list[EntryIndex]]        # (plan key, ref) -> index entries


_built: tuple[weakref.ref[Dataset], _Links] | None = None


def _links_of(dataset: Dataset) -> _Links:
    global _built
    if _built is not None and _built[0]() is dataset:
        return _built[1]
    summarized_by: dict[tuple[str, str], list[Entry]] = {}
    implemented_by: dict[int, list[tuple[Plan, Entry]]] = {}
    indexed: dict[tuple[str, str], list[EntryIndex]] = {}
    for plan_file in dataset.plans:
        for indexed_entry in plan_file.index.entries:
            indexed.setdefault((plan_file.key, indexed_entry.ref), []).append(indexed_entry)
        plan = plan_file.plan
        for row in plan.appendix.rows if plan.appendix else []:
            for ref in dict.fromkeys(row.summarizes):
                summarized_by.setdefault((plan.key, ref), []).append(row)
        for candidate in plan.entries():
            target = implemented(dataset, candidate)
            if target is not None:
                implemented_by.setdefault(id(target[1]), []).append((plan, candidate))
    links = _Links(summarized_by, implemented_by, indexed)
    _built = (weakref.ref(dataset), links)
    return links


def _links(dataset: Dataset, plan_file: PlanFile, entry: Entry) -> Iterator[Link]:
    """Parent, summarizing rows, summarized items, what it implements and what implements it."""
    plan = plan_file.plan
    known = _links_of(dataset)
    parent = plan.parent(entry)
    if parent is not None:
        yield _link("thuộc mục", plan, parent)
    for ref in getattr(entry, "summarizes", []):
        if ref in plan.by_ref:
            yield _link("tóm tắt mục", plan, plan.by_ref[ref])
    for row in known.summarized_by.get((plan.key, entry.ref), []):
        yield _link("được tóm tắt ở dòng phụ lục", plan, row)
    target = implemented(dataset, entry)
    if target is not None:
        yield _link("thực hiện mục", target[0].plan, target[1])
    for other_plan, candidate in known.implemented_by.get(id(entry), []):
        yield _link("được thực hiện bởi", other_plan, candidate)


def implemented(dataset: Dataset, entry: Entry) -> tuple[PlanFile, Entry] | None:
    """The plan and entry that `entry` implements, or None (no link, or a broken one)."""
    if not entry.implements:
        return None
    try:
        return refs.parse_entry_ref(entry.implements, dataset.plans)
    except refs.RefError:
        return None  # a broken link is reported by `hncc check`


def show(dataset: Dataset, ref: str, as_of: dt.date) -> EntryDetail:
    """One entry named by `PLAN:REF` ("102:III.1.2.a"), in full."""
    try:
        plan_file, entry = refs.parse_entry_ref(ref, dataset.plans)
    except refs.RefError as error:
        raise QueryError(str(error)) from None
    plan = plan_file.plan
    lead, _ = agency_names(dataset.registry, entry.lead)
    cooperating, _ = agency_names(dataset.registry, entry.cooperating)
    return EntryDetail(
        plan=plan.key, plan_label=f"{plan.kind} {plan.label}", ref=entry.ref,
        kind=getattr(entry, "kind", ""), title=plan.display_title(entry),
        assignment=entry.assignment, body=tuple(entry.body), lead=lead, cooperating=cooperating,
        lead_text=entry.lead_text, cooperating_text=entry.cooperating_text,
        deadline_text=entry.deadline.text if entry.deadline else None,
        no_deadline=entry.no_deadline, budget_text=entry.budget.text if entry.budget else None,
        dossier=tuple(entry.dossier), note=entry.note,
        occurrences=tuple(task for indexed in _links_of(dataset).indexed.get((plan.key, entry.ref), [])
                          for task in entry_tasks(dataset, plan.key, indexed, as_of)),
        history=tuple(entry.status), links=tuple(_links(dataset, plan_file, entry)),
    )
