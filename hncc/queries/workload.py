"""The workload of agencies: what each leads and supports, in two-by-two terms, and its budget.

Counted in work items (hncc.queries.workitems): a piece of work named in several places counts
once. An agency leads an item when it leads the item's record or one of its parts. An agency's
workload includes the items of the agencies it succeeded by the as-of date
(hncc.queries.responsibility); an agency whose duties passed to others by then counts none of
its own (they count under its successors), an abolished one keeps them, marked. Groups ("các
đơn vị liên quan") are agencies of their own and are never expanded into members. The money of
an item with several leads is split evenly between them and the split is named, so that the
column adds up to `hncc budget`'s total.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from hncc.data.dataset import Dataset
from hncc.domain import status
from hncc.domain.agencies import AGENCY_KIND_LABELS, Agency, Succession
from hncc.domain.text import sort_key
from hncc.queries import budget, responsibility
from hncc.queries.tasks import EVERYTHING, OMIT_NONE, Counted, Scope, counted, find_agency


@dataclass(frozen=True)
class Workload:
    """One agency's load: work items led and supported, led tasks two by two, budget led.

    The counts by progress are over the occurrences of the items it leads; `no_deadline` and
    `past_plan` are the occurrences without any deadline, while the plan runs and after it ended.
    `budget_led` sums the budget shares (firm and apportioned, restated and undated ones left out)
    of items it leads, in `year` only when the scope has a year; an item with several leads gives
    each an even part, and `budget_shared` names those items. When no amount is stated for what
    it leads, `budget_led` is None (never 0, which would claim an amount of zero) and
    `budget_state` says why: "undated" when an amount is stated but in no known year (which no
    year's total counts), "none" when what it leads writes "-" (no budget), "not_stated"
    otherwise (empty cells, tasks without a budget, or nothing led).
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
    no_deadline: int
    past_plan: int
    cancelled: int
    budget_led: Decimal | None
    budget_shared: tuple[str, ...]
    budget_state: Literal["amount", "none", "not_stated", "undated"] = "amount"
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


def _split(lead_ids: frozenset[str], amount: Decimal) -> dict[str, Decimal]:
    """What each lead gets of an amount: all of it, or an even part of several leads."""
    ids = sorted(lead_ids)
    if len(ids) < 2:
        return dict.fromkeys(ids, amount)
    parts = budget.apportion(amount, list(range(len(ids))), None)
    return {agency: parts[index] for index, agency in enumerate(ids)}


@dataclass(frozen=True)
class _LeadBudget:
    """The counted budget shares of the items one list of leads leads: what each lead gets of
    them (an even part of each when several lead), and the items split, with their place in
    the order counted."""

    lead_ids: frozenset[str]
    by_lead: dict[str, Decimal]
    shared: list[tuple[int, str]]


def _lead_budgets(groups: list[budget.LeadAmount], shared: list[budget.Counted]
                  ) -> list[_LeadBudget]:
    """The budgets of every list of leads from the counted shares added up by leads and amount
    (budget.counted_by_lead): each share of several leads is split evenly, and so each of a
    group's shares alike."""
    found: dict[frozenset[str], _LeadBudget] = {}

    def of(lead_ids: frozenset[str]) -> _LeadBudget:
        sums = found.get(lead_ids)
        if sums is None:
            sums = found[lead_ids] = _LeadBudget(lead_ids, {}, [])
        return sums

    for group in groups:
        split = _split(group.lead_ids, group.amount)
        if not split:
            continue
        by_lead = of(group.lead_ids).by_lead
        for agency, amount in split.items():
            by_lead[agency] = by_lead.get(agency, Decimal(0)) + amount * group.times
    for position, share in enumerate(shared):
        of(share.lead_ids).shared.append(
            (position, f"{share.plan}:{share.ref} ({'; '.join(share.lead)}: chia đều)"))
    return list(found.values())


@dataclass(frozen=True)
class _InScope:
    """The tasks in scope counted by their agencies, and the budget counted by its leads: few
    groups, whatever the number of plans, so every agency's workload is found quickly."""

    tasks: list[Counted]
    budgets: list[_LeadBudget]
    uncounted: set[tuple[frozenset[str], str]]  # (leads, why) of money no year counts


def _workload(agency: Agency, ids: frozenset[str], in_scope: _InScope,
              now: str | None = None) -> Workload:
    led = [g for g in in_scope.tasks if g.lead_ids & ids]
    # An item in one group that it leads and supports counts as led only; an item in several
    # groups (`shared`: its years have different agencies) counts once, as led if any of its
    # groups says so.
    helping = [g for g in in_scope.tasks if g.cooperating_ids & ids and not g.lead_ids & ids]
    led_shared = frozenset().union(*(g.shared for g in led))
    helping_shared = frozenset().union(*(g.shared for g in helping)) - led_shared
    supported = sum(g.items - len(g.shared) for g in helping) + len(helping_shared)
    counts: Counter[str] = Counter()
    for group in led:
        counts.update(group.progress)
    mine = [b for b in in_scope.budgets if b.lead_ids & ids]
    # Money split between leads that all answer through this agency now (a co-lead merged into
    # the other) comes to it whole: not named as split.
    shared = [label for _, label in sorted(p for b in mine if not b.lead_ids <= ids
                                           for p in b.shared)]
    amounts = [amount for b in mine for i, amount in b.by_lead.items() if i in ids]
    apart = {state for lead_ids, state in in_scope.uncounted if lead_ids & ids}
    budget_state: Literal["amount", "none", "not_stated", "undated"] = (
        "amount" if amounts else "undated" if "undated" in apart
        else "none" if apart == {"none"} else "not_stated")
    return Workload(
        agency=agency.name, id=agency.id, kind=agency.kind,
        led=sum(g.items - len(g.shared) for g in led) + len(led_shared), supported=supported,
        done_on_time=counts[status.DONE_ON_TIME], done_late=counts[status.DONE_LATE],
        pending=counts[status.PENDING], overdue=counts[status.OVERDUE],
        no_deadline=counts[status.NO_DEADLINE], past_plan=counts[status.PAST_PLAN],
        cancelled=counts[status.CANCELLED],
        budget_led=sum(amounts, Decimal(0)) if amounts else None,
        budget_shared=tuple(dict.fromkeys(shared)), budget_state=budget_state, now=now,
    )


def _in_scope(dataset: Dataset, as_of: dt.date, where: Scope) -> _InScope:
    """The tasks (in the scope's plan and year) and the budget shares `hncc budget` counts (in
    the scope's plan and year; every dated one without a year)."""
    return _InScope(counted(dataset, as_of, Scope(plan=where.plan, year=where.year)),
                    _lead_budgets(*budget.counted_by_lead(dataset, where.plan, where.year)),
                    budget.uncounted_leads(dataset, where.plan, where.year))


def workload(dataset: Dataset, as_of: dt.date, where: Scope = EVERYTHING) -> list[Workload]:
    """The workload of every agency in the registry (those formed after `as_of` left out), in
    Vietnamese alphabetical order.

    The scope's plan and year narrow the tasks counted, and then the agencies listed to those
    with work in them (a plan names a few of a registry's agencies); its agency filter is not
    used here.
    """
    in_scope = _in_scope(dataset, as_of, where)
    registry = dataset.registry
    found = [_workload(a, responsibility.workload_ids(registry, a, as_of), in_scope,
                       responsibility.agency_now(registry, a, as_of))
             for a in sorted(registry.by_id.values(), key=lambda a: sort_key(a.name))
             if responsibility.exists_on(registry, a, as_of)]
    if where.plan is None and where.year is None:
        return found
    return [w for w in found if w.led or w.supported or w.budget_led is not None]


def agency_record(dataset: Dataset, name: str, as_of: dt.date,
                  where: Scope = EVERYTHING) -> AgencyRecord:
    """The agency a user names (by name, alias, without accents), with its workload."""
    registry = dataset.registry
    agency = find_agency(registry, name)
    ids = responsibility.workload_ids(registry, agency, as_of)
    in_scope = _in_scope(dataset, as_of, where)
    predecessors = sorted((registry.by_id[i].name for i in registry.predecessors(agency.id, as_of)),
                          key=sort_key)
    now = responsibility.agency_now(registry, agency, as_of)
    return AgencyRecord(
        id=agency.id, name=agency.name, kind=agency.kind, kind_label=AGENCY_KIND_LABELS[agency.kind],
        short=tuple(agency.short), aliases=tuple(agency.aliases),
        succession=tuple(registry.successions.of(agency.id)), predecessors=tuple(predecessors),
        note=agency.note,
        workload=_workload(agency, ids, in_scope, now),
        now=now, reason=responsibility.notice(registry, agency, as_of),
        inherited=responsibility.inherited(registry, agency, as_of) or None,
    )
