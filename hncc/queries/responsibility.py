"""Who answers for tasks after agencies changed: notices, inheritances, tasks left without anyone.

A thin layer over hncc.domain.succession for the queries: the data keeps each task's original
lead; these functions say, as of a date, whether an agency still answers for its tasks (and if
not, who does and why), what an agency inherited and from whom, and which tasks no one answers
for (an abolished district's work) so that the city can reassign them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hncc.data.loader import Dataset
from hncc.domain import status
from hncc.domain.agencies import Agency, Registry
from hncc.domain.succession import (
    MERGED_TO_FORM,
    NOT_SETTLED,
    Responsibility,
    how,
    now_text,
    official_date,
    reason_text,
)
from hncc.queries.tasks import EVERYTHING, Scope, Task, tasks

CLOSED = (status.DONE_ON_TIME, status.DONE_LATE, status.CANCELLED)


@dataclass(frozen=True)
class Inheritance:
    """Tasks an agency answers for since `from_` because `predecessor` passed them on."""

    predecessor: str
    predecessor_id: str
    from_: dt.date | None
    how: str
    reason: str


def ended(registry: Registry, agency: Agency, on: dt.date) -> Responsibility | None:
    """The agency's own succession by `on` (it no longer answers for its tasks), or None."""
    found = registry.responsible(agency.id, on)
    return found if found.changed else None


def notice(registry: Registry, agency: Agency, on: dt.date) -> str | None:
    """What to tell a user who names an agency that no longer answers for its tasks on `on`.

    "Sở Ngoại vụ sáp nhập vào Văn phòng … từ 01/3/2025 [nguồn: …]. Nhiệm vụ của Sở Ngoại vụ
    nay do Văn phòng … chịu trách nhiệm." None while the agency still answers for them.
    """
    found = ended(registry, agency, on)
    if found is None:
        return None
    text = f"{reason_text(found, registry.display_name)}."
    if found.current:
        now = "; ".join(map(registry.display_name, found.current))
        text += f" Nhiệm vụ của {agency.name} nay do {now} chịu trách nhiệm"
        text += f" ({NOT_SETTLED})." if not found.settled else "."
    else:
        text += (f" Nhiệm vụ của {agency.name} không còn cơ quan chịu trách nhiệm ({NOT_SETTLED}): "
                 "xem “hncc tasks --unassigned”.")
    return text


def inherited(registry: Registry, agency: Agency, on: dt.date) -> tuple[Inheritance, ...]:
    """The predecessors whose tasks `agency` answers for on `on`, with when, how and why."""
    found = []
    for predecessor in registry.predecessors(agency.id, on):
        responsibility = registry.responsible(predecessor, on)
        into = next((r for r in responsibility.chain if agency.id in r.successors), None)
        found.append(Inheritance(
            predecessor=registry.display_name(predecessor), predecessor_id=predecessor,
            from_=into.from_ if into else None,
            how=how(into) if into else "",
            reason=reason_text(responsibility, registry.display_name)))
    return tuple(sorted(found, key=lambda i: (i.from_ or dt.date.max, i.predecessor_id)))


def inherited_label(inheritance: Inheritance) -> str:
    """"Sở Ngoại vụ, từ 01/3/2025", for a marked row."""
    day = f", từ {official_date(inheritance.from_)}" if inheritance.from_ else ""
    return f"{inheritance.predecessor}{day}"


def unassigned(dataset: Dataset, as_of: dt.date, where: Scope = EVERYTHING) -> list[Task]:
    """Tasks not done or cancelled on `as_of` whose lead (one of them) ended without a single
    successor: an abolished district's work, or a split agency's, to be reassigned."""
    registry = dataset.registry
    if not registry.successions:
        return []

    def unsettled(task: Task) -> bool:
        return any(not registry.responsible(i, as_of).settled for i in task.lead_ids)

    return [t for t in tasks(dataset, as_of, where) if t.progress not in CLOSED and unsettled(t)]


def workload_ids(registry: Registry, agency: Agency, on: dt.date) -> frozenset[str]:
    """The leads whose tasks count under `agency` on `on`: its own unless they passed to
    others, and those of the agencies it succeeded. An abolished agency keeps its own, as no
    one else answers for them."""
    found = ended(registry, agency, on)
    own = {agency.id} if found is None or not found.current else set()
    return frozenset(own | registry.predecessors(agency.id, on))


def exists_on(registry: Registry, agency: Agency, on: dt.date) -> bool:
    """False for an agency formed by a merger dated after `on` (it did not exist yet)."""
    return not any(r.kind == MERGED_TO_FORM and r.from_ is not None and r.from_ > on
                   for r in registry.successions.into(agency.id))


def agency_now(registry: Registry, agency: Agency, on: dt.date) -> str | None:
    """"Sở Ngoại vụ, nay là Văn phòng … từ 01/3/2025" when the agency has ended by `on`."""
    found = ended(registry, agency, on)
    return now_text(found, registry.display_name) if found else None
