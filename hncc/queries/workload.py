"""The workload of agencies: what each leads and supports, in two-by-two terms, and its budget.

An agency's workload includes the entries of the agencies it succeeded by the as-of date
(hncc.queries.responsibility); an agency whose duties passed to others by then counts none of
its own (they count under its successors), an abolished one keeps them, marked. Groups ("các
đơn vị liên quan") are agencies of their own and are never expanded into members.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from hncc.data.dataset import Dataset
from hncc.domain import status
from hncc.domain.agencies import AGENCY_KIND_LABELS, Agency, Succession
from hncc.domain.text import sort_key
from hncc.queries import budget, responsibility
from hncc.queries.tasks import EVERYTHING, OMIT_NONE, Scope, Task, find_agency, tasks


@dataclass(frozen=True)
class Workload:
    """One agency's load: entries led and supported, led tasks two by two, budget led.

    The counts by progress are over tasks (occurrences) it leads; `budget_led` sums the budget
    shares (firm and apportioned, restated ones left out) of entries it leads, in `year` only
    when the scope has a year. A joint-led entry counts fully for each of its leads.
    """

    agency: str
    id: str
    kind: str
    led: int
    supported: int
    done_on_time: int
    done_late: int
    pending: int
    overdue: int
    cancelled: int
    budget_led: Decimal
    now: str | None = field(default=None, metadata=OMIT_NONE)  # set when it has ended


@dataclass(frozen=True)
class AgencyRecord:
    """`hncc agencies --show`: the registry record, its successions and its workload."""

    id: str
    name: str
    kind: str
    kind_label: str
    short: tuple[str, ...]
    aliases: tuple[str, ...]
    succession: tuple[Succession, ...]
    predecessors: tuple[str, ...]
    note: str | None
    workload: Workload
    now: str | None = field(default=None, metadata=OMIT_NONE)
    reason: str | None = field(default=None, metadata=OMIT_NONE)
    inherited: tuple[responsibility.Inheritance, ...] | None = field(default=None, metadata=OMIT_NONE)


def _workload(agency: Agency, ids: frozenset[str], in_scope: list[Task],
              shares: list[budget.Share], now: str | None = None) -> Workload:
    led = [t for t in in_scope if t.lead_ids & ids]
    supported = {(t.plan, t.ref) for t in in_scope if t.cooperating_ids & ids}
    counts = Counter(t.progress for t in led)
    return Workload(
        agency=agency.name, id=agency.id, kind=agency.kind,
        led=len({(t.plan, t.ref) for t in led}), supported=len(supported),
        done_on_time=counts[status.DONE_ON_TIME], done_late=counts[status.DONE_LATE],
        pending=counts[status.PENDING], overdue=counts[status.OVERDUE],
        cancelled=counts[status.CANCELLED],
        budget_led=sum((s.amount for s in shares if s.lead_ids & ids), Decimal(0)), now=now,
    )


def _counted_shares(dataset: Dataset, where: Scope) -> list[budget.Share]:
    return [s for s in budget.shares(dataset)
            if s.restates is None and where.year in (None, s.year) and where.plan in (None, s.plan)]


def workload(dataset: Dataset, as_of: dt.date, where: Scope = EVERYTHING) -> list[Workload]:
    """The workload of every agency in the registry (those formed after `as_of` left out), in
    Vietnamese alphabetical order.

    The scope's plan and year narrow the tasks counted; its agency filter is not used here.
    """
    in_scope = tasks(dataset, as_of, Scope(plan=where.plan, year=where.year))
    shares = _counted_shares(dataset, where)
    registry = dataset.registry
    return [_workload(a, responsibility.workload_ids(registry, a, as_of), in_scope, shares,
                      responsibility.agency_now(registry, a, as_of))
            for a in sorted(registry.by_id.values(), key=lambda a: sort_key(a.name))
            if responsibility.exists_on(registry, a, as_of)]


def agency_record(dataset: Dataset, name: str, as_of: dt.date,
                  where: Scope = EVERYTHING) -> AgencyRecord:
    """The agency a user names (by name, alias, without accents), with its workload."""
    registry = dataset.registry
    agency = find_agency(registry, name)
    ids = responsibility.workload_ids(registry, agency, as_of)
    in_scope = tasks(dataset, as_of, Scope(plan=where.plan, year=where.year))
    predecessors = sorted((registry.by_id[i].name for i in registry.predecessors(agency.id, as_of)),
                          key=sort_key)
    now = responsibility.agency_now(registry, agency, as_of)
    return AgencyRecord(
        id=agency.id, name=agency.name, kind=agency.kind, kind_label=AGENCY_KIND_LABELS[agency.kind],
        short=tuple(agency.short), aliases=tuple(agency.aliases),
        succession=tuple(registry.successions.of(agency.id)), predecessors=tuple(predecessors),
        note=agency.note,
        workload=_workload(agency, ids, in_scope, _counted_shares(dataset, where), now),
        now=now, reason=responsibility.notice(registry, agency, as_of),
        inherited=responsibility.inherited(registry, agency, as_of) or None,
    )
