"""Report data: an agency's yearly progress report and a plan report, ready for a template.

Nothing is worked out twice: work items and their status come from hncc.queries (tasks,
workitems), budgets from hncc.queries.budget. Each work item is reported once, with its parts
(for an agency: the parts it leads or supports), their bullets, inherited deadlines labelled and
the latest recorded update; targets are reported apart. This module picks what a report shows
and groups it; hncc.render.templating turns it into Markdown. Every function takes an as-of
date, so a report can be reproduced later.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from hncc.data.dataset import Dataset
from hncc.data.index import PlanIndex
from hncc.domain import status
from hncc.domain.agencies import lead_now
from hncc.domain.text import shorten, sort_key
from hncc.queries import budget, responsibility, workitems
from hncc.queries import tasks as queries
from hncc.queries.budget import Share, YearBudget, YearTotal
from hncc.queries.entries import Entries, StatusRecord
from hncc.queries.entries import of as entries_of
from hncc.queries.tasks import EntryDetail, Scope, Task
from hncc.queries.workitems import Book, Source, WorkItem

if TYPE_CHECKING:
    from hncc.data.model import Entry, Plan
    from hncc.domain.agencies import Agency

STOPPED = "stopped"
SUMMARY_LABELS = {
    status.DONE_ON_TIME: status.PROGRESS_LABELS[status.DONE_ON_TIME],
    status.DONE_LATE: status.PROGRESS_LABELS[status.DONE_LATE],
    status.PENDING: status.PROGRESS_LABELS[status.PENDING],
    status.OVERDUE: status.PROGRESS_LABELS[status.OVERDUE],
    status.NO_DEADLINE: status.PROGRESS_LABELS[status.NO_DEADLINE],
    status.PAST_PLAN: status.PROGRESS_LABELS[status.PAST_PLAN],
    STOPPED: "đã hủy/tạm dừng",
}
SECTION_TITLES = {"targets": "Chỉ tiêu", "content": "Nội dung", "duties": "Tổ chức thực hiện",
                  "appendix": "Phụ lục"}
LABEL_WIDTH = 50
# Plans whose work items a report reads at once; their indexes and words are let go after. Of
# 2,000 plans, batches of 100 peak 50 MB lower than batches of 400: fewer holes in memory that
# the rows made later cannot fill.
BATCH = 100


@dataclass(frozen=True)
class Update:
    """A recorded status update as a report quotes it, and the entry it was recorded on (`ref`,
    in the plan with the key `plan`)."""

    ref: str
    entry: StatusRecord
    plan: str = ""


@dataclass(frozen=True)
class PartLine:
    """A part of a work item: its task (status, deadline, inherited or not), assignment sentence
    and bullets."""

    task: Task
    assignment: str | None
    body: tuple[str, ...]


@dataclass(frozen=True)
class Row:
    """One task in a report, the start of its occurrence, its days late (0 if not), the parts
    shown with it and the latest update recorded on the item or a part, on or before as-of."""

    task: Task
    plan_number: str
    start: dt.date | None
    days_overdue: int
    inherited_from: str | None = None  # "Sở Ngoại vụ (từ 01/3/2025)": a predecessor's task
    parts: tuple[PartLine, ...] = ()
    latest: Update | None = None
    other_deadlines: tuple[str, ...] = ()
    earlier: tuple[Row, ...] = ()  # other occurrences of the item in the period, still open
    # Every update recorded up to the as-of date for this occurrence on a mention of its work
    # item (its record, its parts, the headings above them), oldest first: one piece of work,
    # one history, as its derived status is. `latest` is the last of them in the data's order.
    updates: tuple[Update, ...] = ()
    # Whose the task's money is when the report's agency leads only a part of the work item:
    # "của cả công việc, tính cho cơ quan chủ trì: Sở Văn hóa và Thể thao" (None: its own).
    budget_of: str | None = None


@dataclass(frozen=True)
class Bar:
    """A bar of the timeline; `end` is the day after the due date, so the bar covers that day."""

    label: str
    start: dt.date
    end: dt.date
    tag: str  # Mermaid's "crit" (overdue), "done", or ""


@dataclass(frozen=True)
class TimelineSection:
    title: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Timeline:
    """Bars for the tasks with a due date, by section; the tasks without one apart."""

    sections: tuple[TimelineSection, ...]
    undated: tuple[Row, ...]


@dataclass(frozen=True)
class Count:
    """One line of the two-by-two summary: tasks the agency leads and tasks it supports."""

    label: str
    led: int
    supported: int


@dataclass(frozen=True)
class Counted:
    """A row the summary counts in another class than the state its table shows, and why: a
    yearly item within this year's deadline with an earlier year still late, a late task that
    was suspended."""

    row: Row
    label: str  # the summary's line: "chưa hoàn thành, quá hạn"
    why: str  # "kỳ năm 2023 còn quá hạn", "đã tạm dừng"


@dataclass(frozen=True)
class PlanHeading:
    """What a report's subject line says of a plan."""

    kind: str
    number: str
    date: dt.date
    issuer: str


def plan_heading(entries: Entries, plan: PlanIndex) -> PlanHeading:
    said = entries.plan_words(plan)
    return PlanHeading(said.kind, plan.number, dt.date.fromordinal(plan.date), said.issuer)


@dataclass(frozen=True)
class AgencyReport:
    """An agency's yearly progress report (plan 102, section V.2): its tasks of the year, and
    the plans they (and their parts) belong to, in the order the tasks name them."""

    agency: str
    predecessors: tuple[str, ...]
    inherited: tuple[responsibility.Inheritance, ...]
    year: int
    as_of: dt.date
    led: tuple[Row, ...]
    supported: tuple[Row, ...]
    summary: tuple[Count, ...]
    budget: YearBudget
    timeline: Timeline
    targets: tuple[Row, ...]
    plans: tuple[PlanHeading, ...] = ()
    counted_apart: tuple[Counted, ...] = ()  # rows the summary counts otherwise than they show


@dataclass(frozen=True)
class Block:
    """An entry of the content or duties; `heading` is its Markdown level, 0 when untitled."""

    detail: EntryDetail
    heading: int
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class AppendixLine:
    """An appendix row with its budget share in each year of the report (None: nothing)."""

    ref: str
    title: str
    is_group: bool
    lead: tuple[str, ...]
    deadline_text: str | None
    budget_text: str | None
    by_year: tuple[Share | None, ...]


@dataclass(frozen=True)
class PlanReport:
    """A plan in full: header, sources, targets, content, duties, appendix, overdue, timeline."""

    plan: Plan
    issuer: str
    as_of: dt.date
    targets: tuple[Row, ...]
    items: tuple[Row, ...]
    content: tuple[Block, ...]
    duties: tuple[Block, ...]
    years: tuple[int, ...]
    appendix: tuple[AppendixLine, ...]
    totals: tuple[YearTotal, ...]
    budget_rule: str
    overdue: tuple[Row, ...]
    timeline: Timeline
    # The entries outside the appendix that state a budget (a plan that gives "Kinh phí" task
    # by task), as appendix lines: the plan's totals count them too.
    budgeted: tuple[AppendixLine, ...] = ()


class Around:
    """The work items of some groups of plans that `implements` links (hncc.queries.workitems.
    plan_groups: an item never reaches out of its group) and their entries: what the rows of a
    report are made of."""

    def __init__(self, book: Book, entries: Entries) -> None:
        self.book = book
        self.entries = entries
        self.items = {item.id: item for item in book.items}
        self._parts: dict[tuple[str, tuple[str, str]], list[Task]] = {}
        self._history: dict[tuple[str, str], tuple[StatusRecord, ...]] = {}

    def part_tasks(self, dataset: Dataset, item: WorkItem, part: Source,
                   as_of: dt.date) -> list[Task]:
        """The tasks of a part of a work item (hncc.queries.tasks.part_tasks), made once for
        the rows of all the item's occurrences."""
        key = (item.id, part.key)
        found = self._parts.get(key)
        if found is None:
            found = self._parts[key] = queries.part_tasks(dataset, item, part, as_of)
        return found

    def history(self, source: Source) -> tuple[StatusRecord, ...]:
        """The updates recorded on an entry (Entries.history), read once for every row that
        names it."""
        found = self._history.get(source.key)
        if found is None:
            found = self._history[source.key] = self.entries.history(source)
        return found


def _batches(dataset: Dataset, tasks: Sequence[Task]) -> Iterator[tuple[Around, list[int]]]:
    """The positions in `tasks` of the tasks of about BATCH plans at a time (whole groups of
    plans), with the work items and entries of those plans. What was read for a batch (the
    plans' indexes and words) is let go after it: a report over a city's plans never holds them
    all."""
    groups = workitems.plan_groups(dataset)
    group_of = {key: n for n, keys in enumerate(groups) for key in keys}
    wanted: dict[int, list[int]] = {}
    for position, task in enumerate(tasks):
        wanted.setdefault(group_of[task.plan], []).append(position)
    for numbers, only in workitems.in_batches(dataset, ((n, groups[n]) for n in sorted(wanted)),
                                              BATCH):
        yield (Around(workitems.build(dataset, only), Entries(dataset)),
               [position for number in numbers for position in wanted[number]])


def _late_days(task: Task, as_of: dt.date) -> int:
    if task.progress not in status.LATE:
        return 0
    return queries.days_late(task, as_of)


def _plan_numbers(dataset: Dataset) -> dict[str, str]:
    """Each plan's number as reports name it, by key: "102/KH-UBND", with its year when another
    plan of the data has the same number ("12/KH-UBND (2026)": numbers restart every year)."""
    count = Counter(plan_file.number for plan_file in dataset.plans)
    return {plan_file.key: plan_file.number if count[plan_file.number] == 1
            else f"{plan_file.number} ({plan_file.key.rpartition('@')[2]})"
            for plan_file in dataset.plans}


def plan_number(dataset: Dataset, key: str) -> str:
    """The number of the plan with `key` as reports name it (see `_plan_numbers`)."""
    return workitems.once_per_dataset("plan numbers", dataset, _plan_numbers)[key]


def _row(entries: Entries, task: Task, as_of: dt.date, parts: tuple[PartLine, ...] = (),
         updates: tuple[Update, ...] = (), latest: Update | None = None,
         other_deadlines: tuple[str, ...] = ()) -> Row:
    return Row(task, plan_number(entries.dataset, task.plan),
               entries.occurrence_start(task.plan, task.ref, task.due),
               _late_days(task, as_of), parts=parts, latest=latest,
               other_deadlines=other_deadlines, updates=updates)


def recorded_updates(around: Around, sources: Sequence[Source], task: Task,
                     as_of: dt.date) -> tuple[tuple[Update, ...], Update | None]:
    """The updates recorded up to `as_of` on any of `sources` that apply to the task's
    occurrence, oldest first; and the latest of them (of one day, the later written in its
    entry, then the first source's)."""
    year = task.year or (task.due.year if task.due else None)
    unique: dict[tuple[str, str], Source] = {}
    for source in sources:  # an entry twice (the record among the parts) counts once
        unique.setdefault(source.key, source)
    found = [(u.date, i, Update(s.entry.ref, u, s.plan.key)) for s in unique.values()
             for i, u in enumerate(around.history(s)) if u.date <= as_of and u.year in (None, year)]
    latest = max(found, key=lambda f: f[:2])[2] if found else None
    return tuple(u for _, _, u in sorted(found, key=lambda f: f[0])), latest


def _part_line(dataset: Dataset, around: Around, item: WorkItem, part: Source, task: Task,
               as_of: dt.date) -> list[PartLine]:
    """The part's occurrence matching the item's task (the only one for a one-off part)."""
    found = around.part_tasks(dataset, item, part, as_of)
    year = task.year
    chosen = [t for t in found if t.year is None or t.year == year][:1] or found[:1]
    said = around.entries.words(part)
    return [PartLine(t, said.assignment, said.body) for t in chosen]


def item_row(dataset: Dataset, around: Around, task: Task, as_of: dt.date,
             shown: frozenset[str] | None = None, role: str = "lead") -> Row:
    """A work item's task with its parts (those `shown` agencies lead, or support with role
    "any", or all of them), the updates recorded on it and the deadlines its mentions disagree
    on."""
    item = around.items[task.item]
    parts = [p for p in item.parts if (p.key != item.record.key or len(item.parts) > 1)
             and workitems.shares_year(p, task.year)]
    if shown is not None:
        ids = [queries.agency_names(dataset.registry, p.entry.lead)[1] for p in parts]
        if role == "any":
            ids = [a | queries.agency_names(dataset.registry, p.entry.cooperating)[1]
                   for a, p in zip(ids, parts, strict=True)]
        mine = [p for p, a in zip(parts, ids, strict=True) if a & shown]
        parts = mine or parts
    lines = [line for p in parts for line in _part_line(dataset, around, item, p, task, as_of)]
    updates, latest = recorded_updates(around, [item.record, *item.parts, *item.headings], task,
                                       as_of)
    return _row(around.entries, task, as_of, tuple(lines), updates, latest,
                tuple(workitems.other_deadlines(around.book, item)))


def _bar(row: Row) -> Bar:
    task = row.task
    assert task.due is not None  # bars are drawn for dated tasks only (timeline)
    done = task.progress in (status.DONE_ON_TIME, status.DONE_LATE)
    tag = "crit" if row.days_overdue else "done" if done else ""
    year = f" ({task.year})" if task.year else ""
    return Bar(f"{task.ref}{year} {shorten(task.title, LABEL_WIDTH)}", row.start or task.due,
               task.due + dt.timedelta(days=1), tag)


def timeline(groups: Sequence[tuple[str, Sequence[Row]]]) -> Timeline:
    """Bars per section for rows with a due date; rows without one listed apart."""
    sections = [TimelineSection(title, tuple(_bar(r) for r in rows if r.task.due))
                for title, rows in groups]
    return Timeline(tuple(s for s in sections if s.bars),
                    tuple(r for _, rows in groups for r in rows if r.task.due is None))


def _in_period(task: Task, year: int) -> bool:
    """Due in `year` (without a due date: while its plan runs); due before (or, without one,
    its plan ended before), still open or updated in `year`."""
    if year in task.years:
        return True
    updated = task.status_date is not None and task.status_date.year == year
    before = max(task.years, default=year) < year
    return before and (task.progress in status.LATE or updated)


def _summary_class(row: Row) -> str:
    """The two-by-two class, with cancelled and suspended tasks together apart; an item with an
    earlier occurrence still late counts as late."""
    task = row.task
    stopped = task.progress == status.CANCELLED or task.status == "suspended"
    late = [r.task.progress for r in row.earlier if r.task.progress in status.LATE]
    return STOPPED if stopped else late[0] if late else task.progress


def _once(rows: Sequence[Row], year: int, *, targets: bool = False) -> list[Row]:
    """One row per work item (with `targets`, per target): its occurrence of `year` (else its
    latest), and its other occurrences that are late kept as `earlier`."""
    by_item: dict[object, list[Row]] = {}
    for row in rows:
        # A target's task names its work item, which two targets can share: a target is its entry
        key = (row.task.plan, row.task.ref) if targets else row.task.item
        by_item.setdefault(key, []).append(row)
    found = []
    for same in by_item.values():
        chosen = next((r for r in same if r.task.year == year), same[-1])
        earlier = tuple(r for r in same if r is not chosen and r.task.progress in status.LATE)
        found.append(replace(chosen, earlier=earlier) if earlier else chosen)
    return found


def _counted_apart(rows: Sequence[Row]) -> tuple[Counted, ...]:
    """The rows whose summary class is not their own state's, with why."""
    found = []
    for row in rows:
        code, own = _summary_class(row), row.task.progress
        if code == own or (code == STOPPED and own == status.CANCELLED):
            continue
        if code == STOPPED:
            why = "đã tạm dừng"
        else:
            late = [r.task for r in row.earlier if r.task.progress in status.LATE and r.task.year]
            years = [t.period for t in late]
            said = " và ".join((", ".join(years[:-1]), years[-1])) if len(years) > 1 else "".join(years)
            # a deadline within the year: its periods are months ("kỳ đến hạn tháng 3/2025, 4/2025")
            said = f"{'đến hạn tháng' if any(t.month for t in late) else 'năm'} {said}"
            why = f"kỳ {said} còn quá hạn" if years else "kỳ trước còn quá hạn"
        found.append(Counted(row, SUMMARY_LABELS[code], why))
    return tuple(found)


def _summary(led: Sequence[Row], supported: Sequence[Row]) -> tuple[Count, ...]:
    led_by = Counter(_summary_class(r) for r in led)
    supported_by = Counter(_summary_class(r) for r in supported)
    return tuple(Count(label, led_by[code], supported_by[code])
                 for code, label in SUMMARY_LABELS.items())


def _target_rows(dataset: Dataset, around: Around, as_of: dt.date,
                 items: set[str] | None = None, plan: str | None = None) -> list[Row]:
    """Targets (of `plan`, or reached through one of `items`), each occurrence a row."""
    found = []
    for link in around.book.targets:
        if plan is not None and link.target.plan.key != plan:
            continue
        if items is not None and not {i.id for i in link.items} & items:
            continue
        found += [_row(around.entries, t, as_of) for t in queries.target_tasks(dataset, link, as_of)]
    return found


def agency_report(dataset: Dataset, agency: str, year: int, as_of: dt.date, *,
                  ended_too: bool = False, command: str = "report") -> AgencyReport:
    """The work items an agency leads or supports in `year`, in every plan, with status on
    `as_of`: each item once, with the agency's parts.

    Listed: the items due in `year`, those without a deadline of plans running in `year`, and
    those due before that are still open (or were updated in `year`); with what the agency
    inherited from those it succeeded. Raises QueryError for an unknown or ambiguous name, and
    for an agency that no longer answered for its tasks by then, unless `ended_too` (the rows
    of an agency abolished with no successor, which the form for all agencies keeps); the
    refusal names the `command` ("report", or "form" for its fill-in table) to make instead.
    """
    day = min(as_of, dt.date(year, 12, 31))  # who answered in `year`, as known on `as_of`
    where = queries.scope(dataset, day, agency=agency, role="any")
    found = queries.find_agency(dataset.registry, agency)
    ended = responsibility.notice(dataset.registry, found, day)
    if ended and not ended_too:
        raise queries.QueryError(f"{found.name} không còn lập báo cáo năm {year}: {ended}"
                                 + _report_instead(dataset, found, day, agency, command, as_of))
    inherited = responsibility.inherited(dataset.registry, found, day)
    ids = where.agency_ids or frozenset()
    in_period = [t for t in queries.tasks(dataset, as_of, where) if _in_period(t, year)]
    wanted = {t.item for t in in_period}
    targets: list[tuple[int, Row]] = []
    headings: dict[str, PlanHeading] = {}
    position = {plan_file.key: i for i, plan_file in enumerate(dataset.plans)}
    made: dict[int, Row] = {}
    for around, chosen in _batches(dataset, in_period):
        for at in chosen:
            # the task's agencies are its occurrence's (tasks.occurrence_written): a part an
            # annual plan gives for one year does not bring the agency into the item's others
            task = in_period[at]
            row = item_row(dataset, around, task, as_of, ids,
                           "lead" if task.lead_ids & ids else "any")
            row = _inherited_row(dataset, row, found.id, inherited, day)
            made[at] = _with_budget_of(dataset, around.items[task.item], row, ids)
            for key in (task.plan, *(line.task.plan for line in row.parts)):
                if key not in headings:
                    headings[key] = plan_heading(around.entries, around.entries.plans[key])
        # A batch's targets come in plan order; batches are sorted back into it below.
        targets += [(position[r.task.plan], r) for r in _target_rows(dataset, around, as_of, wanted)
                    if _in_period(r.task, year)]
    rows = [made[at] for at in range(len(in_period)) if at in made]
    led = [r for r in rows if r.task.lead_ids & ids]
    supported = [r for r in rows if not r.task.lead_ids & ids]
    by_plan: dict[str, list[Row]] = {}
    for row in (*led, *supported):
        by_plan.setdefault(f"Kế hoạch {row.plan_number}", []).append(row)
    led, supported = _once(led, year), _once(supported, year)
    named = dict.fromkeys(key for row in (*led, *supported)
                          for key in (row.task.plan, *(line.task.plan for line in row.parts)))
    return AgencyReport(
        agency=found.name,
        predecessors=tuple(sorted((dataset.registry.by_id[i].name for i in ids - {found.id}),
                                  key=sort_key)),
        inherited=inherited, year=year, as_of=as_of, led=tuple(led), supported=tuple(supported),
        summary=_summary(led, supported),
        budget=budget.year_budget(dataset, year, "item", replace(where, role="lead")),
        timeline=timeline(list(by_plan.items())),
        targets=tuple(_once([r for _, r in sorted(targets, key=lambda t: t[0])], year,
                            targets=True)),
        # oldest first, as a document cites plans (not in the order the items came)
        plans=tuple(sorted((headings[key] for key in named), key=lambda h: h.date)),
        counted_apart=_counted_apart((*led, *supported)),
    )


_DOCUMENTS = {"report": "báo cáo", "form": "biểu mẫu"}  # what `hncc report`/`hncc form` make


def _report_instead(dataset: Dataset, agency: Agency, day: dt.date, typed: str, command: str,
                    as_of: dt.date) -> str:
    """The reports (with `command` "form", the forms) that can be made instead of a year the
    agency no longer answered for: its successor's of that year (when one agency answers), and
    its own of the last year it ended within its own duties; each as the command to type, with
    the as-of date the refused one had (without it, the command would count to today)."""
    registry = dataset.registry
    found = responsibility.ended(registry, agency, day)
    if found is None:
        return ""
    hints = []
    what = _DOCUMENTS[command]
    dated = f" --as-of {as_of:%d/%m/%Y}"
    if found.settled and len(found.current) == 1:
        successor = registry.display_name(found.current[0])
        hints.append(f"{what} năm {day.year} của cơ quan nhận nhiệm vụ (hncc {command} --agency "
                     f"\"{successor}\" --year {day.year}{dated})")
    start = min((r.from_ for r in found.chain if r.from_), default=None)
    if start is not None and start.year - 1 >= 1900:
        hints.append(f"{what} của {agency.name} năm {start.year - 1} (hncc {command} --agency "
                     f"\"{typed}\" --year {start.year - 1}{dated})")
    return " Có thể lập " + "; ".join(hints) + "." if hints else ""


def _with_budget_of(dataset: Dataset, item: WorkItem, row: Row, ids: frozenset[str]) -> Row:
    """The row, saying whose its money is when the agency (`ids`) leads a part of the work item
    but not its record, which states the money: budgets count for the lead of the entry that
    states them (hncc.queries.budget), so it is not in the agency's total."""
    if not row.task.budget_text or not row.task.lead_ids & ids:
        return row
    names, owners = queries.agency_names(dataset.registry, item.record.entry.lead)
    if not names or owners & ids:
        return row
    return replace(row, budget_of=f"của cả công việc, tính cho cơ quan chủ trì: {'; '.join(names)}")


def _inherited_row(dataset: Dataset, row: Row, agency_id: str,
                   inherited: Sequence[responsibility.Inheritance], day: dt.date) -> Row:
    """The row with its leads as they stood on `day` (not on the as-of date: a report of a past
    year names who answered then) and, for a task the agency has only through a predecessor,
    from whom."""
    if not dataset.registry.successions:
        return row
    task = row.task
    # In the role the report lists it under: led if any of its leads counts, else supported.
    led = any(i.predecessor_id in task.lead_ids for i in inherited) or agency_id in task.lead_ids
    named = task.lead_ids if led else task.cooperating_ids
    came = None if agency_id in named else next(
        (i for i in inherited if i.predecessor_id in named), None)
    now = lead_now(dataset.registry, task.lead, day)
    parts = _parts_on(dataset, row.parts, day)
    if came is None and now == task.lead_now and parts is row.parts:
        return row  # as it stands (most rows: a report of the as-of date's year)
    return replace(row, task=task if now == task.lead_now else replace(task, lead_now=now),
                   inherited_from=responsibility.inherited_label(came) if came else None,
                   parts=parts)


def _parts_on(dataset: Dataset, parts: tuple[PartLine, ...],
              day: dt.date) -> tuple[PartLine, ...]:
    """The parts with their leads as they stood on `day`, as their row's (the same tuple when
    none changed)."""
    found, changed = [], False
    for part in parts:
        now = lead_now(dataset.registry, part.task.lead, day)
        if now != part.task.lead_now:
            part, changed = replace(part, task=replace(part.task, lead_now=now)), True
        found.append(part)
    return tuple(found) if changed else parts


def _heading(entry: Entry) -> int:
    """Markdown heading level for a titled entry: "III.1" is 3, "III.1.1" 4, at most 6."""
    if not entry.title:
        return 0
    depth = entry.ref.count(".") + entry.ref.count("-")
    return min(6, 2 + depth)


def _blocks(dataset: Dataset, plan: Plan, shown: Sequence[Entry],
            as_of: dt.date) -> tuple[Block, ...]:
    """Each entry in full, with its own status rows (as a part, a record or a target)."""
    entries = entries_of(dataset)
    found = []
    for entry in shown:
        detail = queries.show(dataset, f"{plan.key}:{entry.ref}", as_of)
        rows = tuple(_row(entries, t, as_of) for t in detail.occurrences)
        found.append(Block(detail, _heading(entry), rows))
    return tuple(found)


def _budget_lines(dataset: Dataset, plan: Plan, rows: Sequence[Entry],
                  years: Sequence[int]) -> tuple[AppendixLine, ...]:
    """The entries `rows` with their budget share in each of `years`."""
    found = {(s.ref, s.year): s for s in budget.shares(dataset, Scope(plan=plan.key))}
    return tuple(
        AppendixLine(
            ref=row.ref, title=plan.display_title(row), is_group=row.is_group,
            lead=queries.agency_names(dataset.registry, row.lead)[0],
            deadline_text=row.deadline.text if row.deadline else None,
            budget_text=row.budget.text if row.budget else None,
            by_year=tuple(found.get((row.ref, y)) for y in years),
        )
        for row in rows
    )


def plan_report(dataset: Dataset, plan: str, as_of: dt.date) -> PlanReport:
    """A plan (as a user names it, "102/KH-UBND" or "102") in full, with status on `as_of`.

    Raises QueryError when the plan is unknown or ambiguous.
    """
    found = queries.find_plan(dataset, plan).plan
    where = Scope(plan=found.key)
    # The work items of the plan's group of plans only (workitems.book_around): a plan's report
    # never joins a city's other plans.
    around = Around(workitems.book_around(dataset, found.key), entries_of(dataset))
    items = [item_row(dataset, around, t, as_of) for t in queries.tasks(dataset, as_of, where)]
    overview = budget.overview(dataset, where)
    years = tuple(t.year for t in overview.years)
    sections = {e.ref: key for key, entries in found.sections() for e in entries}
    groups: dict[str, list[Row]] = {}
    for row in items:
        title = (SECTION_TITLES[sections[row.task.ref]] if row.task.plan == found.key
                 else f"Công việc của Kế hoạch {row.plan_number}")
        groups.setdefault(title, []).append(row)
    return PlanReport(
        plan=found, issuer=queries.agency_names(dataset.registry, [found.issuer])[0][0],
        as_of=as_of, targets=tuple(_once(_target_rows(dataset, around, as_of, plan=found.key),
                                         as_of.year, targets=True)),
        items=tuple(_once(items, as_of.year)),
        content=_blocks(dataset, found, found.content, as_of),
        duties=_blocks(dataset, found, found.duties, as_of),
        years=years, totals=overview.years,
        appendix=_budget_lines(dataset, found, found.appendix.rows if found.appendix else (), years),
        budgeted=_budget_lines(dataset, found, [e for key, entries in found.sections()
                                                if key != "appendix" for e in entries
                                                if e.budget is not None], years),
        budget_rule=overview.rule,
        overdue=tuple(item_row(dataset, around, t, as_of)
                      for t in queries.overdue(dataset, as_of, where)),
        timeline=timeline(list(groups.items())),
    )
