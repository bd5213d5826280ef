"""What a load produces: the data files, the valid plans in them, the registry; plan look-up.

Plain containers: nothing here reads a whole data root (hncc.data.loader does) or checks it
(hncc.data.checks does).
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from sys import intern
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

from hncc.data import files, index
from hncc.data.index import PlanIndex
from hncc.domain import refs
from hncc.domain.agencies import Registry
from hncc.domain.problems import Problem, Severity
from hncc.domain.text import fold

if TYPE_CHECKING:
    from hncc.data import yamlio
    from hncc.data.model import Entry, Plan


@dataclass
class SourceFile:
    """One data file: its path and, on demand, the positions of its YAML nodes."""

    path: Path
    text: str | None = None
    _locator: yamlio.Locator | None = field(default=None, repr=False)

    def problem(self, path: tuple, code: str, message: str,
                severity: Severity = Severity.ERROR) -> Problem:
        if self._locator is None:
            from hncc.data import yamlio  # positions are looked up only for problems

            self._locator = yamlio.Locator(self.text if self.text is not None else _reread(self.path))
        line, column = self._locator.locate(path)
        return Problem(self.path, line, column, code, message, severity)

    def at(self, line: int, column: int, code: str, message: str,
           severity: Severity = Severity.ERROR) -> Problem:
        return Problem(self.path, line, column, code, message, severity)


def _reread(path: Path) -> str:
    text, _ = files.decode(path.read_bytes())
    return text or ""


class PlanFile:
    """One valid plan file: its head (key, number, year, size), its index, loaded when first
    used, and its full plan, loaded when first used.

    On a warm run the index and the plan stay in the query index (hncc.data.cache) until
    something needs them: `hncc check` needs neither, task lists only the index
    (hncc.data.index), and only what prints an entry's words needs the plan.
    """

    def __init__(self, source: SourceFile, index: PlanIndex | None = None, plan: Plan | None = None,
                 load_plan: Callable[[], Plan] | None = None,
                 load_index: Callable[[], PlanIndex] | None = None,
                 head: Head | None = None,
                 load_named: Callable[[], tuple[str, ...] | None] | None = None,
                 named: tuple[str, ...] | None = None) -> None:
        self.source = source
        self._index = index
        self._plan = plan
        self._load_plan = load_plan
        self._load_index = load_index
        self._load_named = load_named
        self._named = named
        if head is None:
            if index is None:
                raise ValueError("PlanFile needs its index or its head")
            head = head_of(index)
        self.head = head

    @classmethod
    def from_plan(cls, source: SourceFile, plan: Plan) -> PlanFile:
        return cls(source, index.build(plan), plan=plan)

    @property
    def index(self) -> PlanIndex:
        if self._index is None:
            if self._load_index is None:
                raise RuntimeError(f"PlanFile for {self.path} has neither an index nor a way to load it")
            self._index = self._load_index()
        return self._index

    @property
    def named(self) -> tuple[str, ...]:
        """The agencies leading or supporting an entry, as written, each once (for the checks
        across files): kept apart from the head, read when first asked for, from the query
        index when it has them, else from the plan's index."""
        if self._named is None:
            found = self._load_named() if self._load_named is not None else None
            self._named = found if found is not None else named_of(self.index)
        return self._named

    @property
    def has_index(self) -> bool:
        """Whether the index is in memory (read, or given)."""
        return self._index is not None

    def let_go_index(self) -> None:
        """Drop an index read from the query index (it is read again when asked for); one
        given is kept."""
        if self._load_index is not None:
            self._index = None

    @property
    def path(self) -> Path:
        return self.source.path

    @property
    def key(self) -> str:
        return self.head[0]

    @property
    def number(self) -> str:
        return self.head[1]

    @property
    def year(self) -> int:
        return self.head[2]

    @property
    def size(self) -> int:
        """Entries with distinct refs, headings included (len(Plan.by_ref))."""
        return self.head[3]

    @property
    def horizon(self) -> tuple[int, int]:
        """The first and last year the plan runs."""
        return self.head.horizon

    @property
    def implementing(self) -> tuple[tuple[str, str, bool], ...]:
        """(ref, "PLAN:REF" it carries out, whether it is a heading) of each entry with an
        `implements`: what joining plans needs to know, without reading every plan's index."""
        return self.head.implementing

    @property
    def plan(self) -> Plan:
        if self._plan is None:
            self._plan = self.read_plan()
        return self._plan

    def read_plan(self) -> Plan:
        """The plan in full, read again each time unless `plan` keeps it: for what reads many
        plans one after another and lets each go (a fill-in form over a city's plans, which do
        not fit in memory at once)."""
        if self._plan is not None:
            return self._plan
        if self._load_plan is None:
            raise RuntimeError(f"PlanFile for {self.path} has neither a plan nor a way to load it")
        return self._load_plan()


class Head(NamedTuple):
    """What a PlanFile knows of its plan before it reads the plan's index: enough to sort and
    name it, to join plans, and for the checks across files (hncc.data.checks.ALWAYS), which
    so never read a whole index."""

    key: str
    number: str
    year: int
    size: int
    implementing: tuple[tuple[str, str, bool], ...]  # (ref, "PLAN:REF", is a heading)
    date: int                                       # the plan's date, an ordinal
    cites: tuple[tuple[int, str, int | None], ...]  # as PlanIndex.cites
    horizon: tuple[int, int]                        # the first and last year the plan runs


def head_of(plan_index: PlanIndex) -> Head:
    """The Head of a plan's index."""
    implementing = tuple((e.ref, e.implements, heading)
                         for group, heading in ((plan_index.entries, False),
                                                (plan_index.headings, True))
                         for e in group if e.implements)
    return Head(plan_index.key, plan_index.number, plan_index.year, plan_index.size, implementing,
                plan_index.date, plan_index.cites, plan_index.horizon)


def named_of(plan_index: PlanIndex) -> tuple[str, ...]:
    """The agencies leading or supporting an entry of a plan, as written, each once, in order
    (PlanFile.named)."""
    return tuple(dict.fromkeys(name for e in plan_index.entries
                               for name in (*e.lead, *e.cooperating)))


def named_from_json(value: list) -> tuple[str, ...]:
    """PlanFile.named from its JSON; TypeError when it is not a list of texts."""
    if type(value) is not list:
        raise TypeError(value)
    return tuple(map(intern, value))  # the same few names in every plan (intern: str only)


def head_from_json(value: list) -> Head:
    """A Head from its JSON (lists for tuples); TypeError or ValueError when it is not one."""
    key, number, year, size, implementing, date, cites, (first, last) = value
    if not (type(key) is type(number) is str and type(year) is type(size) is type(date) is int):
        raise TypeError(value)
    return Head(key, number, year, size,
                tuple((str(ref), str(text), bool(heading)) for ref, text, heading in implementing),
                date, tuple((int(i), str(n), d if d is None else int(d)) for i, n, d in cites),
                (int(first), int(last)))


def find_entry(text: str, plans: list[PlanFile]) -> tuple[PlanFile, Entry]:
    """The plan and entry that `PLAN:REF` names; RefError (message for users) otherwise."""
    plan_text, ref = refs.split_entry(text)
    plan_file = refs.find_plan(plan_text, plans)
    entry = plan_file.plan.by_ref.get(ref)
    if entry is None:
        raise refs.RefError(f"Kế hoạch {plan_file.plan.key} không có mục “{ref}”.")
    return plan_file, entry


@dataclass
class Dataset:
    """Everything under one data root that loaded. Its problems come with it from the loader."""

    root: Path
    registry: Registry
    agencies_source: SourceFile
    plans: list[PlanFile]
    memory: dict[Path, bytes] | None = None  # the files when given in memory, not read from disk
    left_out: tuple[Path, ...] = ()  # plan files with errors, not among `plans` (not answered for)
    # The query index the plans were read through (hncc.data.cache.PlanCache), and each plan
    # file's fingerprint there (by path): rows derived from the plans are kept in it.
    store: Any = field(default=None, repr=False, compare=False)
    fingerprints: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    # When not None, an ordinal: this dataset is the part of another issued by that day
    # (`issued_by`); rows derived from it are kept in the index next to those of every plan.
    cut: int | None = field(default=None, repr=False, compare=False)
    _by_number: dict[str, list[PlanFile]] | None = field(default=None, init=False, repr=False,
                                                          compare=False)
    _issued: dict[int, Dataset] = field(default_factory=dict, init=False, repr=False,
                                        compare=False)
    _last_issued: int | None = field(default=None, init=False, repr=False, compare=False)

    def later(self, day: dt.date) -> list[PlanFile]:
        """The plans issued after `day`, by date of issue (then key)."""
        ordinal = day.toordinal()
        return sorted((p for p in self.plans if p.head.date > ordinal),
                      key=lambda p: (p.head.date, p.key))

    def issued_by(self, day: dt.date) -> Dataset:
        """The data as it stood on `day`: the plans issued by then, and nothing of those issued
        after (their tasks, and the deadlines, parts, agencies and money they give to the work
        of earlier plans). Itself when every plan was issued by then; else a dataset of those
        plans (made once per day), which shares this one's files, registry and query index."""
        ordinal = day.toordinal()
        if self._last_issued is None:
            self._last_issued = max((p.head.date for p in self.plans), default=0)
        if self._last_issued <= ordinal:
            return self
        made = self._issued.get(ordinal)
        if made is None:
            made = self._issued[ordinal] = Dataset(
                self.root, self.registry, self.agencies_source,
                [p for p in self.plans if p.head.date <= ordinal], self.memory, self.left_out,
                self.store, self.fingerprints, ordinal)
        return made

    def find_plans(self, number: str, year: int | None = None) -> list[PlanFile]:
        """The plans that `number` (and `year`) name; see hncc.domain.refs.matching_plans.

        Looked up by the folded number (the checks ask once per citation of every plan: a scan
        of all plans each time would make a city-scale check quadratic)."""
        if self._by_number is None:
            self._by_number = {}
            for plan_file in self.plans:
                for form in {fold(plan_file.number), refs.short_number(plan_file.number)}:
                    self._by_number.setdefault(form, []).append(plan_file)
        candidates = self._by_number.get(fold(number), [])
        return refs.matching_plans(number, year, candidates)

    def find_plan(self, text: str) -> PlanFile:
        """The one plan `text` names ("102", "102/KH-UBND@2022"); RefError otherwise."""
        return refs.find_plan(text, self.plans)

    def find_entry(self, text: str) -> tuple[PlanFile, Entry]:
        """The plan and entry `PLAN:REF` names; RefError otherwise."""
        return find_entry(text, self.plans)


T = TypeVar("T")
_HELD: dict[tuple[str, int], tuple[weakref.ref, Any]] = {}


def once_per_dataset(name: str, dataset: Dataset, make: Callable[[Dataset], T]) -> T:
    """What `make` builds from `dataset`, built once per loaded dataset (`name` tells apart
    the things built; those of datasets gone are dropped)."""
    held = _HELD.get((name, id(dataset)))
    if held is not None and held[0]() is dataset:
        return cast(T, held[1])
    for key in [k for k, (ref, _) in _HELD.items() if ref() is None]:
        del _HELD[key]
    found = make(dataset)
    _HELD[(name, id(dataset))] = (weakref.ref(dataset), found)
    return found


def built_for(name: str, dataset: Dataset) -> Any | None:
    """What `once_per_dataset(name, dataset, …)` built already, or None."""
    held = _HELD.get((name, id(dataset)))
    return held[1] if held is not None and held[0]() is dataset else None
