"""A compact index of a plan: what task lists need from each entry, without its body text.

Built from a validated Plan, the index is what the cache keeps for fast warm runs: loading the
indexes of thousands of plans costs a fraction of loading the plans themselves. The read
commands (task lists, budgets, workload, `show`, agency reports, the calendar) read only the
index; what edits, diffs and forms of whole plans need is in the plan itself (PlanFile.plan).

Dates inside an entry are kept as ordinals (date.toordinal) and the index is stored as plain
rows (`pack`/`unpack`, JSON in the cache): reading plain numbers and strings is several times
faster than building date objects, and a warm run reads hundreds of thousands of them. Amounts
of money are kept as the exact decimal strings of their Decimal values.

Headings (entries of kind "group") are indexed apart (`PlanIndex.headings`), so that task lists
never meet them while `show`, budgets and reports can still name and follow them. The words of
every entry that only `show` and the reports print (assignment, bullets, notes, the notes of
status updates) are kept per plan as one compressed string (`PlanIndex.words`, read with
`words_of`, an entry's row decoded alone): a handful of entries need them, and every warm run
reads the rest of the index.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from itertools import accumulate
from sys import intern
from typing import TYPE_CHECKING, NamedTuple

import orjson  # the C decoder: a report decodes the words of thousands of plans

if TYPE_CHECKING:
    from decimal import Decimal

    from hncc.data.model import Entry, Plan


class Update(NamedTuple):
    """A recorded status update, as much of it as the status of an occurrence depends on."""

    date: dt.date
    status: str
    year: int | None
    month: int | None = None  # of an occurrence of a deadline recurring within the year


class OccurrenceIndex(NamedTuple):
    due: dt.date
    start: dt.date | None
    year: int | None
    approximate: bool
    month: int | None = None  # the month it falls due, when the deadline recurs within a year


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
    # (due, start, year, approximate, month): month only when it recurs within a year
    due_ordinals: tuple[tuple[int, int | None, int | None, bool, int | None], ...]
    years: tuple[int, ...]         # the calendar years the deadline spans
    update_ordinals: tuple[tuple[int, str, int | None, int | None], ...]  # date, status, year, month
    budget_text: str | None
    section: str                   # "targets", "content", "duties" or "appendix"
    parent: str | None             # ref of the nearest entry above it (Plan.parent), if any
    links: tuple[str, ...]         # refs it summarizes (a row) or is achieved by (a target)
    implements: str | None         # "PLAN:REF" of the entry of another plan it carries out
    inferred: str | None           # why its links are a judgement, not the source's words
    budget_state: str | None       # Budget.state ("amount", "none", "not_stated"); None: no budget
    budget_amount: str | None      # Budget.amount, the exact Decimal as a string
    budget_per_year: bool          # "2 tỷ/năm": the amount falls in each year
    budget_split: tuple[tuple[int, str], ...]  # Budget.split: (year, exact amount) as written

    def occurrences(self, among: list | None = None) -> list[OccurrenceIndex]:
        """The occurrences with their dates (of `among`, a part of due_ordinals, if given)."""
        return [OccurrenceIndex(dt.date.fromordinal(due), _date(start), year, approximate, month)
                for due, start, year, approximate, month
                in (self.due_ordinals if among is None else among)]

    def updates(self) -> list[Update]:
        return [Update(dt.date.fromordinal(date), status, year, month)
                for date, status, year, month in self.update_ordinals]


class PlanIndex(NamedTuple):
    key: str
    number: str
    year: int
    entries: tuple[EntryIndex, ...]
    size: int  # entries with distinct refs, headings included (len(Plan.by_ref)), for summaries
    horizon: tuple[int, int]  # Plan.years: the first and last year the plan runs
    date: int  # the plan's date, as an ordinal
    headings: tuple[EntryIndex, ...]  # the entries of kind "group", in file order
    # What `words_of` reads: the words of every entry, compressed; from the query index, a
    # function that reads them (only `show` and reports need them: a task list never does).
    words: str | Callable[[], str]
    # What the checks across files need besides, so that they never load a whole plan:
    cites: tuple[tuple[int, str, int | None], ...]  # (position in `cites`, number, date ordinal)
    implements: tuple[tuple[tuple, str], ...]      # (YAML path of the entry, "PLAN:REF" it names)

    def has(self, ref: str) -> bool:
        """Whether an entry of the plan, a heading or not, has this ref."""
        return any(e.ref == ref for e in self.entries) or any(e.ref == ref for e in self.headings)


class StatusWords(NamedTuple):
    """A recorded status update in full, its words included (hncc.data.model.StatusEntry)."""

    date: int  # an ordinal
    status: str
    year: int | None
    note: str | None
    evidence: str | None
    link: str | None
    reason: str | None
    difficulties: str | None
    month: int | None = None


class EntryWords(NamedTuple):
    """What an entry says that task lists do not need, as written."""

    title: str | None  # its own title (EntryIndex.title may be other words: Plan.display_title)
    assignment: str | None
    body: tuple[str, ...]
    lead_text: str | None
    cooperating_text: str | None
    no_deadline: str | None
    no_lead: str | None
    dossier: tuple[str, ...]
    note: str | None
    updates: tuple[StatusWords, ...]  # the entry's `status`, in the order written


class PlanWords(NamedTuple):
    """The plan's own words that a report's heading or `show` names, and its entries' words."""

    kind: str
    issuer: str
    entries: Mapping[str, EntryWords]  # each entry's words made when first asked for


def _words(plan: Plan) -> str:
    """The words of the plan's entries, compressed: a head (the plan's kind and issuer, each
    entry's ref and where its row ends), a line break, then each entry's row as JSON, one after
    the other, so that reading one entry's words decodes that entry's row alone."""
    entries = {entry.ref: [entry.title, entry.assignment, entry.body, entry.lead_text,
                           entry.cooperating_text, entry.no_deadline, entry.no_lead, entry.dossier,
                           entry.note,
                           [[u.date.toordinal(), u.status, u.year, u.note, u.evidence, u.link,
                             u.reason, u.difficulties, u.month]
                            for u in entry.status]]
               for entry in plan.entries()}
    import base64  # only when a plan is indexed or its words read: not on every start
    import zlib

    rows = [orjson.dumps(row) for row in entries.values()]
    ends = list(accumulate(map(len, rows)))
    head = orjson.dumps([plan.kind, plan.issuer, list(entries), ends])  # no line break in it
    raw = b"\n".join([head, b"".join(rows)])
    return base64.b64encode(zlib.compress(raw)).decode("ascii")


class _EntriesWords(Mapping[str, EntryWords]):
    """Ref -> the entry's words, each decoded from its row when first asked for (see `_words`):
    a report reads the words of a few entries of each plan, not of its every entry."""

    def __init__(self, refs: list[str], ends: list[int], rows: memoryview) -> None:
        self._at = dict(zip(refs, range(len(refs)), strict=True))
        self._ends = ends
        self._rows = rows
        self._made: dict[str, EntryWords] = {}

    def __getitem__(self, ref: str) -> EntryWords:
        found = self._made.get(ref)
        if found is None:
            at = self._at[ref]
            (title, assignment, body, lead_text, cooperating_text, no_deadline, no_lead, dossier,
             note, updates) = orjson.loads(self._rows[self._ends[at - 1] if at else 0:
                                                      self._ends[at]])
            found = self._made[ref] = EntryWords(
                title, assignment, tuple(body), lead_text, cooperating_text, no_deadline, no_lead,
                tuple(dossier), note, tuple(StatusWords(*u) for u in updates))
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)


def words_of(index: PlanIndex) -> PlanWords:
    """The words of the plan, and of its entries as they are asked for (keep what it returns:
    it holds the plan's words, decompressed)."""
    import base64
    import zlib

    text = index.words if isinstance(index.words, str) else index.words()
    raw = zlib.decompress(base64.b64decode(text))
    cut = raw.index(b"\n")
    kind, issuer, refs, ends = orjson.loads(raw[:cut])
    return PlanWords(kind, issuer, _EntriesWords(refs, ends, memoryview(raw)[cut + 1:]))


def _entry(plan: Plan, order: int, section: str, entry: Entry) -> EntryIndex:
    deadline = entry.deadline
    parent = plan.parent(entry)
    occurrences = deadline.occurrences(plan.years) if deadline else []
    return EntryIndex(
        order=order, ref=entry.ref, kind=getattr(entry, "kind", ""),
        title=plan.display_title(entry), lead=tuple(entry.lead),
        cooperating=tuple(entry.cooperating),
        deadline_text=deadline.text if deadline else entry.time_text,  # as written, read or not
        due_ordinals=tuple((o.due.toordinal(), o.start.toordinal() if o.start else None, o.year,
                            o.approximate, o.month) for o in occurrences),
        years=tuple(deadline.years(plan.years)) if deadline else (),
        update_ordinals=tuple((u.date.toordinal(), u.status, u.year, u.month)
                              for u in entry.status),
        budget_text=entry.budget.text if entry.budget else None,
        section=section, parent=parent.ref if parent else None,
        links=tuple(getattr(entry, "summarizes", ()) or getattr(entry, "achieved_by", ())),
        implements=entry.implements, inferred=entry.inferred,
        budget_state=entry.budget.state if entry.budget else None,
        budget_amount=_amount(entry.budget.amount) if entry.budget else None,
        budget_per_year=bool(entry.budget and entry.budget.per_year),
        budget_split=tuple((year, str(amount)) for year, amount in entry.budget.split.items())
        if entry.budget and entry.budget.split else (),
    )


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def build(plan: Plan) -> PlanIndex:
    """The index of `plan`: every entry that is not a heading, in file order."""
    entries: list[EntryIndex] = []
    headings: list[EntryIndex] = []
    order = 0
    for section, found in plan.sections():
        for entry in found:
            (headings if entry.is_group else entries).append(_entry(plan, order, section, entry))
            order += 1
    return PlanIndex(plan.key, plan.number, plan.year, tuple(entries), len(plan.by_ref),
                     plan.years, plan.date.toordinal(), tuple(headings), _words(plan),
                     tuple((position, cite.number, cite.date.toordinal() if cite.date else None)
                           for position, cite in enumerate(plan.cites)),
                     tuple((path, entry.implements) for path, entry in plan.located_entries()
                           if entry.implements))


def pack(index: PlanIndex) -> tuple:
    """The index as plain tuples, for storing."""
    return (index.key, index.number, index.year, tuple(tuple(e) for e in index.entries), index.size,
            index.horizon, index.date, tuple(tuple(e) for e in index.headings),
            index.words if isinstance(index.words, str) else index.words(),
            index.cites, index.implements)


_tuple_new = tuple.__new__  # a NamedTuple made from its fields at once: a warm run makes 100,000s


_known: dict[tuple, tuple] = {}  # equal small tuples of dates and words, kept once (see _pairs)


def _pairs(rows: list) -> tuple:
    """Rows of a list as tuples. The same dates recur across thousands of entries (every
    "Năm 2023" is due on 31/12/2023): equal tuples are kept once in memory."""
    if not rows:
        return ()
    whole = tuple(_known.setdefault(row, row) for row in map(tuple, rows))
    return _known.setdefault(whole, whole)


def _shared(names: list[str]) -> tuple[str, ...]:
    """Agency names and other words that repeat across thousands of entries, kept once in
    memory (sys.intern) instead of once per entry."""
    return tuple(map(intern, names)) if names else ()


def _updates(rows: list) -> tuple:
    if not rows:
        return ()
    return tuple(_known.setdefault(row, row)
                 for row in ((date, intern(status), year, month)
                             for date, status, year, month in rows))


def _entry_from_row(row: list) -> EntryIndex:
    """An entry from its stored row (JSON lists where the index has tuples)."""
    (order, ref, kind, title, lead, cooperating, text, dues, years, updates, budget, section,
     parent, links, implements, inferred, budget_state, budget_amount, per_year, split) = row
    return _tuple_new(EntryIndex, (
        order, ref, intern(kind), title, _shared(lead), _shared(cooperating),
        text and intern(text), _pairs(dues), tuple(years), _updates(updates),
        budget and intern(budget), intern(section), parent, tuple(links), implements, inferred,
        budget_state and intern(budget_state), budget_amount, per_year, _pairs(split)))


def unpack(packed: tuple) -> PlanIndex:
    """The index from what `pack` made, after a round trip through JSON (lists for tuples)."""
    key, number, year, entries, size, horizon, date, headings, words, cites, implements = packed
    return PlanIndex(key, number, year, tuple(map(_entry_from_row, entries)), size, tuple(horizon),
                     date, tuple(map(_entry_from_row, headings)), words, tuple(map(tuple, cites)),
                     tuple((tuple(path), text) for path, text in implements))
