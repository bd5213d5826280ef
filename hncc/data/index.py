"""A compact index of a plan: what task lists need from each entry, without its body text.

Built from a validated Plan, the index is what the cache keeps for fast warm runs: loading the
indexes of thousands of plans costs a fraction of loading the plans themselves. Queries that list
tasks (overdue, upcoming, tasks, agency workload) read only the index; anything that needs the
full words of an entry loads its plan.

Dates inside an entry are kept as ordinals (date.toordinal) and the index is stored as plain
rows (`pack`/`unpack`, JSON in the cache): reading plain numbers and strings is several times
faster than building date objects, and a warm run reads hundreds of thousands of them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from hncc.data.model import Entry, Plan


class Update(NamedTuple):
    """A recorded status update, as much of it as the status of an occurrence depends on."""

    date: dt.date
    status: str
    year: int | None


class OccurrenceIndex(NamedTuple):
    due: dt.date
    start: dt.date | None
    year: int | None
    approximate: bool


def _date(ordinal: int | None) -> dt.date | None:
    return None if ordinal is None else dt.date.fromordinal(ordinal)


class EntryIndex(NamedTuple):
    """One entry of a plan (not a heading), as task lists see it."""

    order: int                     # position among the plan's entries, for file order
    ref: str
    kind: str
    title: str                     # Plan.display_title
    lead: tuple[str, ...]          # agency names as written; resolved through the registry
    cooperating: tuple[str, ...]
    deadline_text: str | None
    due_ordinals: tuple[tuple[int, int | None, int | None, bool], ...]  # (due, start, year, approx.)
    years: tuple[int, ...]         # the calendar years the deadline spans
    update_ordinals: tuple[tuple[int, str, int | None], ...]            # (date, status, year)
    budget_text: str | None
    section: str                   # "targets", "content", "duties" or "appendix"
    parent: str | None             # ref of the nearest entry above it (Plan.parent), if any
    links: tuple[str, ...]         # refs it summarizes (a row) or is achieved by (a target)
    implements: str | None         # "PLAN:REF" of the entry of another plan it carries out
    inferred: str | None           # why its links are a judgement, not the source's words

    def occurrences(self, among: list | None = None) -> list[OccurrenceIndex]:
        """The occurrences with their dates (of `among`, a part of due_ordinals, if given)."""
        return [OccurrenceIndex(dt.date.fromordinal(due), _date(start), year, approximate)
                for due, start, year, approximate in (self.due_ordinals if among is None else among)]

    def updates(self) -> list[Update]:
        return [Update(dt.date.fromordinal(date), status, year)
                for date, status, year in self.update_ordinals]


class PlanIndex(NamedTuple):
    key: str
    number: str
    year: int
    entries: tuple[EntryIndex, ...]
    size: int  # entries with distinct refs, headings included (len(Plan.by_ref)), for summaries
    horizon: tuple[int, int]  # Plan.years: the first and last year the plan runs
    # What the checks across files need, so that they never load a whole plan:
    date: int                                      # the plan's date, as an ordinal
    cites: tuple[tuple[int, str, int | None], ...]  # (position in `cites`, number, date ordinal)
    refs: tuple[str, ...]                          # every entry's ref, headings included
    implements: tuple[tuple[tuple, str], ...]      # (YAML path of the entry, "PLAN:REF" it names)


def _entry(plan: Plan, order: int, section: str, entry: Entry) -> EntryIndex:
    deadline = entry.deadline
    parent = plan.parent(entry)
    occurrences = deadline.occurrences(plan.years) if deadline else []
    return EntryIndex(
        order=order, ref=entry.ref, kind=getattr(entry, "kind", ""),
        title=plan.display_title(entry), lead=tuple(entry.lead),
        cooperating=tuple(entry.cooperating),
        deadline_text=deadline.text if deadline else None,
        due_ordinals=tuple((o.due.toordinal(), o.start.toordinal() if o.start else None, o.year,
                            o.approximate) for o in occurrences),
        years=tuple(deadline.years(plan.years)) if deadline else (),
        update_ordinals=tuple((u.date.toordinal(), u.status, u.year) for u in entry.status),
        budget_text=entry.budget.text if entry.budget else None,
        section=section, parent=parent.ref if parent else None,
        links=tuple(getattr(entry, "summarizes", ()) or getattr(entry, "achieved_by", ())),
        implements=entry.implements, inferred=entry.inferred,
    )


def build(plan: Plan) -> PlanIndex:
    """The index of `plan`: every entry that is not a heading, in file order."""
    entries = []
    order = 0
    for section, found in plan.sections():
        for entry in found:
            if not entry.is_group:
                entries.append(_entry(plan, order, section, entry))
            order += 1
    return PlanIndex(plan.key, plan.number, plan.year, tuple(entries), len(plan.by_ref),
                     plan.years, plan.date.toordinal(),
                     tuple((position, cite.number, cite.date.toordinal() if cite.date else None)
                           for position, cite in enumerate(plan.cites)),
                     tuple(entry.ref for entry in plan.entries()),
                     tuple((path, entry.implements) for path, entry in plan.located_entries()
                           if entry.implements))


def pack(index: PlanIndex) -> tuple:
    """The index as plain tuples, for storing."""
    return (index.key, index.number, index.year, tuple(tuple(e) for e in index.entries), index.size,
            index.horizon, index.date, index.cites, index.refs, index.implements)


def _entry_from_row(row: list) -> EntryIndex:
    """An entry from its stored row (JSON lists where the index has tuples)."""
    (order, ref, kind, title, lead, cooperating, text, dues, years, updates, budget, section,
     parent, links, implements, inferred) = row
    return EntryIndex(order, ref, kind, title, tuple(lead), tuple(cooperating), text,
                      tuple(map(tuple, dues)), tuple(years), tuple(map(tuple, updates)), budget,
                      section, parent, tuple(links), implements, inferred)


def unpack(packed: tuple) -> PlanIndex:
    """The index from what `pack` made, after a round trip through JSON (lists for tuples)."""
    key, number, year, entries, size, horizon, date, cites, refs, implements = packed
    return PlanIndex(key, number, year, tuple(map(_entry_from_row, entries)), size, tuple(horizon),
                     date, tuple(map(tuple, cites)), tuple(refs),
                     tuple((tuple(path), text) for path, text in implements))
