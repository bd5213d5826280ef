"""Rows derived from the plans and kept in the query index: the tasks of every work item, with
the state each has on every date, so that a task list over a city's plans is one SQL query.

Work items join entries across the plans that `implements` links (hncc.queries.workitems), and
never across two such groups of plans. So the derived rows are kept per group: a group's rows
are made again only when one of its plans changed (its signature is the plans' fingerprints
and the code that derives them), and an edit to one plan redoes only its group.

A task's state depends on the as-of date only through comparisons with the dates the data
writes (an update applies from its date on, an occurrence is late from the day after its due
date, an undated one from the day after its plan ends). So each task keeps its states as
segments [start, stop) of as-of ordinals: the state is derived, by the same functions as
always, at the first day and at each day where one of those comparisons can change, and a
segment runs until the state changes. tests/test_derived.py checks the segments against the
states derived directly, on every day around every such date.

Asked as of a date before some plans were issued, the groups are those of the plans issued by
then (hncc.data.dataset.Dataset.issued_by): a group that a later plan joined is a smaller group
then, with rows of its own. Those rows are kept next to the rows of every plan and read apart
from them (hncc.data.cache.PlanCache.derived's `part`); a question about every plan drops them.

This module keeps the machinery (groups, signatures, segments, the query); what a task row
holds is hncc.queries.tasks's. Without an index (`--no-cache`, data in memory) nothing here is
used and tasks are derived directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import orjson

from hncc.data import cache
from hncc.data.cache import blake2b
from hncc.data.dataset import Dataset, PlanFile
from hncc.queries import workitems
from hncc.queries.workitems import State

FIRST = 1  # dt.date.min
END = dt.date.max.toordinal() + 1  # the stop of a segment that never ends
ITEM, PART, TARGET = 0, 1, 2  # what a task row is the occurrence of (tasks.source)
# The modules whose code decides what the derived rows hold (with the data and domain layers,
# which cache.format_key covers).
_CODE = ("workitems.py", "tasks.py", "budget.py", "derived.py", "entries.py")

Segment = tuple[int, int, str | None, int | None, str | None, str, int | None]
# Makes the rows of one kind for the plans of some groups (`only`), by group (`group_of`: plan
# key -> group), as hncc.data.cache.DerivedGroup describes them.
Make = Callable[[Dataset, frozenset[str], dict[str, str]], dict[str, list]]


def code_key() -> str:
    digest = blake2b(cache.format_key().encode(), digest_size=16)
    folder = Path(__file__).resolve().parent
    for name in _CODE:
        digest.update((folder / name).read_bytes())
    return digest.hexdigest()


class Groups:
    """The groups of plans of a dataset: each one's key and signature, and each plan's group."""

    def __init__(self, dataset: Dataset) -> None:
        code = code_key()
        self.wanted: dict[str, str] = {}
        self.of_plan: dict[str, str] = {}
        self.plans: dict[str, list[str]] = {}
        files: dict[str, list[PlanFile]] = {}  # two files of one plan are both read (an error)
        for plan_file in dataset.plans:
            files.setdefault(plan_file.key, []).append(plan_file)
        for keys in workitems.plan_groups(dataset):
            group = blake2b("\n".join(keys).encode(), digest_size=12).hexdigest()
            # The file's name, not its path: a root named relatively or absolutely is one root.
            prints = [(key, plan_file.path.name, dataset.fingerprints.get(str(plan_file.path)))
                      for key in keys for plan_file in files[key]]
            self.wanted[group] = blake2b(repr((code, prints)).encode(),
                                                 digest_size=16).hexdigest()
            self.plans[group] = list(keys)
            for key in keys:
                self.of_plan[key] = group


def _groups(dataset: Dataset) -> Groups:
    return workitems.once_per_dataset("derived groups", dataset, Groups)


# Plans joined at once when many groups are made: their indexes are let go after. At 2,000
# plans, remaking every group peaks at 120 MB in batches of 200 and 194 MB in batches of 400,
# for the same CPU time (a cold run of `agencies`: 142 MB against 218 MB).
BATCH = 200


def _made(dataset: Dataset, groups: Groups, stale: list[str], make: Make
          ) -> Iterator[cache.DerivedGroup]:
    """The rows of the `stale` groups, made a batch of plans at a time (the plans' indexes read
    for it are let go after)."""
    for batch, only in workitems.in_batches(dataset, ((g, groups.plans[g]) for g in stale),
                                            BATCH):
        rows = make(dataset, only, groups.of_plan)
        for group in batch:
            yield group, rows.get(group, [])


R = TypeVar("R")


def read(dataset: Dataset, kind: str, make: Make, reader: Callable[[Any], R]) -> R | None:
    """What `reader(connection)` reads from the derived tables of `kind` (hncc.data.cache.
    DERIVED) once every group's rows are up to date (made by `make` where not); None without a
    usable index (the caller derives directly)."""
    store = dataset.store
    if store is None or dataset.memory is not None:
        return None
    groups = _groups(dataset)
    return store.derived(kind, groups.wanted, lambda stale: _made(dataset, groups, stale, make),
                         reader, part=dataset.cut is not None)


def book_of(dataset: Dataset, only: frozenset[str]) -> workitems.Book:
    """The work items of the plans `only` (whole groups), for a Make."""
    return workitems._frozen_build(dataset, only)


_WHERE = ("FROM task_states s JOIN tasks t ON t.id = s.task JOIN work w ON w.id = t.work "
          "WHERE w.source = ? AND s.start <= ? AND ? < s.stop")
# An occurrence and its state, as `select` gives them.
_STATE = ("t.work, t.id, t.due, t.year, t.approximate, s.status, s.status_date, s.derived, "
          "s.progress, s.late_since, t.month, t.agencies")
# Who leads and supports an occurrence: its own list when only some parts share its year.
AGENCIES = "coalesce(t.agencies, w.agencies)"


def _condition(where: str) -> str:
    """The states of one kind of row on a day (parameters: source, day, day), and `where`."""
    return _WHERE + (f" AND {where}" if where else "")


Admitted = Callable[[dict[int, str]], Iterable[int]]  # agency_lists -> the ids of those wanted


def select(dataset: Dataset, make: Make, source: int, as_of: dt.date, where: str = "",
           parameters: Iterable[Any] = (), admitted: Admitted | None = None
           ) -> tuple[list[tuple], dict[int, tuple], dict[int, str]] | None:
    """The occurrences of one kind of row (ITEM, PART, TARGET) in the state they have on
    `as_of`, where that state and the occurrence satisfy `where` (SQL over `s`, the state, `t`,
    the occurrence, and `w`, its work), the stale groups made first by `make`: as rows
    (work, task, due, year, approximate, status, status_date, derived, progress, late_since,
    month, agencies: the occurrence's own list of agencies, or None for its work's),
    `task` numbering the occurrences of one work in order; their work by id (the columns of
    `work` from `item` on); and the `agency_lists`. With `admitted`, only the occurrences whose
    list of agencies (AGENCIES: their own, else their work's) it admits, read in the same
    transaction. None without a usable index."""
    day = as_of.toordinal()

    def reader(db: Any) -> tuple[list[tuple], dict[int, tuple], dict[int, str]]:
        lists = agency_lists(db)
        only, chosen = admitted_clause(lists, admitted)
        occurrences = db.execute(f"SELECT {_STATE} {_condition(where)}{only}",
                                 (source, day, day, *parameters, *chosen)).fetchall()
        ids = orjson.dumps(sorted({row[0] for row in occurrences})).decode()
        works = db.execute(
            f"SELECT w.id, {_WORK} FROM work w WHERE w.id IN (SELECT value FROM json_each(?))",
            (ids,)).fetchall()
        return occurrences, {row[0]: row[1:] for row in works}, lists

    return read(dataset, "tasks", make, reader)


def select_first(dataset: Dataset, make: Make, source: int, as_of: dt.date, where: str = "",
                 parameters: Iterable[Any] = (), mentions: bool = True,
                 admitted: Admitted | None = None) -> tuple[list[tuple], dict[int, str]] | None:
    """As `select`, one row per work item (its works: one per deadline followed, see
    tasks.item_tasks): its first occurrence by due date (none last), then by order, followed
    by a JSON list of [due (UNDATED when none), task, year, month] of all its occurrences
    selected (NULL when that is the only one), the first occurrence's own list of agencies (or
    NULL), then by the work of that first occurrence (the
    columns of `work` from `item` on, its `mentions` NULL unless `mentions`); and the `agency_lists`
    (`admitted`: as `select`)."""
    day = as_of.toordinal()
    # With GROUP BY, SQLite takes the bare columns from the row of the one min() aggregate.
    # The work's own columns (long texts) are joined after grouping, not carried through it.
    columns = _WORK if mentions else _WORK.replace("w.mentions", "NULL")

    def reader(db: Any) -> tuple[list[tuple], dict[int, str]]:
        lists = agency_lists(db)
        only, chosen = admitted_clause(lists, admitted)
        grouped = (f"SELECT {_STATE}, CASE WHEN count(*) > 1 THEN "
                   f"json_group_array(json_array(coalesce(t.due, {UNDATED}), t.id, t.year, "
                   "t.month)) "
                   "END AS late, "
                   f"min(coalesce(t.due, {UNDATED}) * 1000000000000 + t.id) "
                   f"{_condition(where)}{only} GROUP BY w.item")
        query = (f"SELECT g.work, g.id, g.due, g.year, g.approximate, g.status, g.status_date, "
                 f"g.derived, g.progress, g.late_since, g.month, g.late, g.agencies, {columns} "
                 f"FROM ({grouped}) g "
                 "JOIN work w ON w.id = g.work")
        return db.execute(query, (source, day, day, *parameters, *chosen)).fetchall(), lists

    return read(dataset, "tasks", make, reader)


def admitted_clause(lists: dict[int, str], admitted: Admitted | None
                    ) -> tuple[str, tuple[str, ...]]:
    """The SQL (" AND …" over `w`) and its parameter that keep only the works `admitted` wants
    (nothing without `admitted`)."""
    if admitted is None:
        return "", ()
    chosen = orjson.dumps(sorted(admitted(lists))).decode()
    # A work's list holds every agency of its occurrences' own lists, so a work whose list is
    # not admitted has no occurrence admitted: its tasks are not read at all.
    return (" AND w.agencies IN (SELECT value FROM json_each(?)) "
            f"AND {AGENCIES} IN (SELECT value FROM json_each(?))", (chosen, chosen))


def select_counted(dataset: Dataset, make: Make, source: int, as_of: dt.date, where: str = "",
                   parameters: Iterable[Any] = ()
                   ) -> tuple[list[tuple], list[tuple], list[tuple], dict[int, str]] | None:
    """As `select`, only counted by list of agencies (an occurrence's, AGENCIES): rows
    (agencies, progress, occurrences), rows (agencies, distinct work items), rows (agencies,
    work item) of the items whose occurrences have several lists (an annual plan's part leads
    one year of a yearly row: counted by item, such an item is in two lists); and the
    `agency_lists`."""
    day = as_of.toordinal()
    values = (source, day, day, *parameters)
    # One pass over the states in scope, counted three ways.
    # Only an item with an occurrence of agencies of its own (`own`) can be in several lists:
    # those few are grouped by item, not the city's every task.
    query = (f"WITH chosen AS MATERIALIZED (SELECT {AGENCIES} AS agencies, w.item, s.progress, "
             f"t.agencies AS own {_condition(where)}) "
             "SELECT 0, agencies, progress, count(*) FROM chosen GROUP BY agencies, progress "
             "UNION ALL SELECT 1, agencies, NULL, count(DISTINCT item) FROM chosen "
             "GROUP BY agencies "
             "UNION ALL SELECT DISTINCT 2, agencies, item, NULL FROM chosen WHERE item IN "
             "(SELECT item FROM chosen WHERE item IN (SELECT item FROM chosen WHERE own IS NOT "
             "NULL) GROUP BY item HAVING min(agencies) < max(agencies))")

    def reader(db: Any) -> tuple[list[tuple], list[tuple], list[tuple], dict[int, str]]:
        rows = db.execute(query, values).fetchall()
        return ([r[1:] for r in rows if r[0] == 0], [(r[1], r[3]) for r in rows if r[0] == 1],
                [(r[1], r[2]) for r in rows if r[0] == 2], agency_lists(db))

    return read(dataset, "tasks", make, reader)


def agency_lists(db: Any) -> dict[int, str]:
    """`work.agencies` -> the lists of agencies it stands for, as JSON (`agency_lists`)."""
    return dict(db.execute("SELECT id, agencies FROM agency_lists"))


UNDATED = 9_000_000  # an ordinal after every date (9999-12-31 is 3,652,059): no due date sorts last
WORK_COLUMNS = (  # the columns of `work` that `select` and `select_first` read, in order
    "item", "plan", "ref", "kind", "title", "deadline_text", "deadline_source", "budget_text",
    "agencies", "mentions", "years", "order_plan", "order_n", "rank_plan", "rank_n", "seq",
    "plans", "yearly", "last_year")
_WORK = ", ".join(f"w.{column}" for column in WORK_COLUMNS)


def segments(state_at: Callable[[dt.date], State], dates: Iterable[int]) -> list[Segment]:
    """The states of one occurrence from the first day on, as segments: `dates` are the
    ordinals where a comparison of the as-of date with a date of the data can change."""
    found: list[Segment] = []
    start, current = FIRST, _state(state_at(dt.date.min))
    for day in sorted({d for d in dates if FIRST < d < END}):
        state = _state(state_at(dt.date.fromordinal(day)))
        if state != current:
            found.append((start, day, *current))
            start, current = day, state
    found.append((start, END, *current))
    return found


def _state(state: State) -> tuple[str | None, int | None, str | None, str, int | None]:
    update = state.update
    return (update.status if update else None, update.date.toordinal() if update else None,
            state.derived, state.progress,
            state.late_since.toordinal() if state.late_since else None)
