"""Report data: an agency's yearly progress report and a plan report, ready for a template.

Nothing is worked out twice: tasks and their status come from hncc.queries.tasks, budgets
from hncc.queries.budget. This module picks what a report shows and groups it;
hncc.render.templating turns it into Markdown. Every function takes an as-of date, so a report
can be reproduced later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from hncc.data.dataset import Dataset
from hncc.data.model import Entry, Plan
from hncc.domain import status
from hncc.domain.agencies import lead_now
from hncc.domain.text import shorten, sort_key
from hncc.queries import budget, responsibility
from hncc.queries import tasks as queries
from hncc.queries.budget import Share, YearBudget, YearTotal
from hncc.queries.tasks import EntryDetail, Scope, Task

STOPPED = "stopped"
SUMMARY_LABELS = {
    status.DONE_ON_TIME: status.PROGRESS_LABELS[status.DONE_ON_TIME],
    status.DONE_LATE: status.PROGRESS_LABELS[status.DONE_LATE],
    status.PENDING: status.PROGRESS_LABELS[status.PENDING],
    status.OVERDUE: status.PROGRESS_LABELS[status.OVERDUE],
    STOPPED: "đã hủy/tạm dừng",
}
SECTION_TITLES = {"targets": "Chỉ tiêu", "content": "Nội dung", "duties": "Tổ chức thực hiện",
                  "appendix": "Phụ lục"}
LABEL_WIDTH = 50


@dataclass(frozen=True)
class Row:
    """One task in a report, the start of its occurrence, and its days overdue (0 if not)."""

    task: Task
    plan_number: str
    start: dt.date | None
    days_overdue: int
    inherited_from: str | None = None  # "Sở Ngoại vụ (từ 01/3/2025)": a predecessor's task


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
class AgencyReport:
    """An agency's yearly progress report (plan 102, section V.2): its tasks of the year."""

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
    content: tuple[Block, ...]
    duties: tuple[Block, ...]
    years: tuple[int, ...]
    appendix: tuple[AppendixLine, ...]
    totals: tuple[YearTotal, ...]
    budget_rule: str
    overdue: tuple[Row, ...]
    timeline: Timeline


def occurrence_start(plan: Plan, task: Task) -> dt.date | None:
    """The start of the task's occurrence ("vào tháng 10-11": 01/10), or None."""
    deadline = plan.by_ref[task.ref].deadline
    found = deadline.occurrences(plan.years) if deadline and task.due else []
    return next((o.start for o in found if o.due == task.due), None)


def plans_by_key(dataset: Dataset) -> dict[str, Plan]:
    return {plan_file.plan.key: plan_file.plan for plan_file in dataset.plans}


def _row(plans: dict[str, Plan], task: Task, as_of: dt.date) -> Row:
    plan = plans[task.plan]
    late = (as_of - task.due).days if task.progress == status.OVERDUE and task.due else 0
    return Row(task, plan.number, occurrence_start(plan, task), late)


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


def _in_period(plan: Plan, task: Task, year: int) -> bool:
    """Due in `year`; without a due date, while its plan runs; due before, still open or
    updated in `year`."""
    if task.due is None:
        first, last = plan.years
        return first <= year <= last
    if year in task.years:
        return True
    updated = task.status_date is not None and task.status_date.year == year
    return task.due.year < year and (task.progress == status.OVERDUE or updated)


def _summary_class(task: Task) -> str:
    """The two-by-two class, with cancelled and suspended tasks together apart."""
    stopped = task.progress == status.CANCELLED or task.status == "suspended"
    return STOPPED if stopped else task.progress


def _summary(led: Sequence[Row], supported: Sequence[Row]) -> tuple[Count, ...]:
    def count(rows: Sequence[Row], code: str) -> int:
        return sum(1 for r in rows if _summary_class(r.task) == code)

    return tuple(Count(label, count(led, code), count(supported, code))
                 for code, label in SUMMARY_LABELS.items())


def agency_report(dataset: Dataset, agency: str, year: int, as_of: dt.date) -> AgencyReport:
    """The tasks an agency leads or supports in `year`, in every plan, with status on `as_of`.

    Listed: the tasks due in `year`, those without a due date of plans running in `year`, and
    those due before that are still open (or were updated in `year`); with what the agency
    inherited from those it succeeded. Raises QueryError for an unknown or ambiguous name.
    """
    day = min(as_of, dt.date(year, 12, 31))  # who answered in `year`, as known on `as_of`
    where = queries.scope(dataset, day, agency=agency, role="any")
    found = queries.find_agency(dataset.registry, agency)
    ended = responsibility.notice(dataset.registry, found, day)
    if ended:
        raise queries.QueryError(f"{found.name} không còn lập báo cáo năm {year}: {ended}")
    inherited = responsibility.inherited(dataset.registry, found, day)
    ids = where.agency_ids or frozenset()
    plans = plans_by_key(dataset)
    rows = [_inherited_row(dataset, _row(plans, t, as_of), found.id, inherited, day)
            for t in queries.tasks(dataset, as_of, where) if _in_period(plans[t.plan], t, year)]
    led = tuple(r for r in rows if r.task.lead_ids & ids)
    supported = tuple(r for r in rows if not r.task.lead_ids & ids)
    by_plan: dict[str, list[Row]] = {}
    for row in rows:
        by_plan.setdefault(f"Kế hoạch {row.plan_number}", []).append(row)
    return AgencyReport(
        agency=found.name,
        predecessors=tuple(sorted((dataset.registry.by_id[i].name for i in ids - {found.id}),
                                  key=sort_key)),
        inherited=inherited, year=year, as_of=as_of, led=led, supported=supported,
        summary=_summary(led, supported),
        budget=budget.year_budget(dataset, year, "item", replace(where, role="lead")),
        timeline=timeline(list(by_plan.items())),
    )


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
    return replace(row, task=replace(task, lead_now=lead_now(dataset.registry, task.lead, day)),
                   inherited_from=responsibility.inherited_label(came) if came else None)


def _heading(entry: Entry) -> int:
    """Markdown heading level for a titled entry: "III.1" is 3, "III.1.1" 4, at most 6."""
    if not entry.title:
        return 0
    depth = entry.ref.count(".") + entry.ref.count("-")
    return min(6, 2 + depth)


def _blocks(dataset: Dataset, plan: Plan, entries: Sequence[Entry],
            rows: dict[str, list[Row]], as_of: dt.date) -> tuple[Block, ...]:
    return tuple(
        Block(queries.show(dataset, f"{plan.key}:{e.ref}", as_of), _heading(e),
              tuple(rows.get(e.ref, ())))
        for e in entries
    )


def _appendix(dataset: Dataset, plan: Plan, years: Sequence[int]) -> tuple[AppendixLine, ...]:
    found = {(s.ref, s.year): s for s in budget.shares(dataset) if s.plan == plan.key}
    return tuple(
        AppendixLine(
            ref=row.ref, title=plan.display_title(row), is_group=row.is_group,
            lead=queries.agency_names(dataset.registry, row.lead)[0],
            deadline_text=row.deadline.text if row.deadline else None,
            budget_text=row.budget.text if row.budget else None,
            by_year=tuple(found.get((row.ref, y)) for y in years),
        )
        for row in (plan.appendix.rows if plan.appendix else [])
    )


def plan_report(dataset: Dataset, plan: str, as_of: dt.date) -> PlanReport:
    """A plan (as a user names it, "102/KH-UBND" or "102") in full, with status on `as_of`.

    Raises QueryError when the plan is unknown or ambiguous.
    """
    found = queries.find_plan(dataset, plan).plan
    where = Scope(plan=found.key)
    plans = plans_by_key(dataset)
    rows: dict[str, list[Row]] = {}
    for task in queries.tasks(dataset, as_of, where):
        rows.setdefault(task.ref, []).append(_row(plans, task, as_of))
    overview = budget.overview(dataset, where)
    years = tuple(t.year for t in overview.years)
    groups = [(SECTION_TITLES[key], [r for e in entries for r in rows.get(e.ref, [])])
              for key, entries in found.sections()]
    return PlanReport(
        plan=found, issuer=queries.agency_names(dataset.registry, [found.issuer])[0][0],
        as_of=as_of, targets=tuple(r for t in found.targets for r in rows.get(t.ref, [])),
        content=_blocks(dataset, found, found.content, rows, as_of),
        duties=_blocks(dataset, found, found.duties, rows, as_of),
        years=years, appendix=_appendix(dataset, found, years), totals=overview.years,
        budget_rule=overview.rule,
        overdue=tuple(_row(plans, t, as_of) for t in queries.overdue(dataset, as_of, where)),
        timeline=timeline(groups),
    )
