"""Checks on the succession records of agencies.yaml, and the tasks left without anyone.

`records` runs on every load (hncc.checks.ALWAYS): each record names known agencies, has a
source, a shape that fits its kind and no cycle; a date before the first plan that gave its
predecessors tasks is a warning (the plan may name the old agency as its source does), and so
is a later plan, issued after the succession, that names the old agency (`named_after_succession`).
`unassigned_tasks` is a strict check: the tasks whose lead was abolished (or split) with nothing
recorded done or cancelled, which the city must reassign.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from hncc.data.dataset import once_per_dataset
from hncc.data.index import Update
from hncc.domain import status
from hncc.domain.problems import Problem, Severity
from hncc.domain.succession import (
    ABOLISHED,
    KIND_LABELS,
    SPLIT_AMONG,
    SUCCEEDED_BY,
    Succession,
    now_text,
    official_date,
)

if TYPE_CHECKING:
    from hncc.data.dataset import Dataset, PlanFile
    from hncc.data.model import Entry
    from hncc.domain.agencies import Registry

CLOSED = ("done", "cancelled")


def _located(dataset: Dataset) -> Iterator[tuple[tuple, Succession]]:
    """(path in agencies.yaml, record): `successions:` first, then the short form per agency."""
    records = dataset.registry.successions.records
    full = [r for r in records if r.kind != SUCCEEDED_BY]
    for index, record in enumerate(full):
        yield ("successions", index), record
    for index, agency in enumerate(dataset.registry.all_in_file_order):
        for step, record in enumerate(agency.succession):
            yield ("agencies", index, "succession", step), record


def _shape(record: Succession) -> str | None:
    """What is wrong with the successors for the record's kind, or None."""
    count = len(record.successors)
    if set(record.successors) & set(record.predecessors):
        return "một cơ quan không thể vừa là cơ quan trước vừa là cơ quan kế nhiệm"
    if record.kind == ABOLISHED and count:
        return "“abolished” (chấm dứt) không có cơ quan kế nhiệm; ghi nơi nhận việc vào “note”"
    if record.kind == SPLIT_AMONG and (count < 2 or len(record.predecessors) > 1):
        return "“split_among” (chia tách) cần một cơ quan trước và từ hai cơ quan kế nhiệm"
    if record.kind not in (ABOLISHED, SPLIT_AMONG) and count != 1:
        return f"“{record.kind}” ({KIND_LABELS[record.kind]}) cần đúng một cơ quan kế nhiệm"
    return None


def _first_assigned(dataset: Dataset) -> dict[str, tuple[dt.date, str]]:
    """For each agency id: the date of the earliest plan giving it a task, and that plan's key
    (of two plans of one date, the first in the dataset's order). Worked out once for the
    dataset the checks run on (`records` and `named_after_succession` both ask)."""
    return once_per_dataset("first assigned", dataset, _first_assigned_in)


def _first_assigned_in(dataset: Dataset) -> dict[str, tuple[dt.date, str]]:
    earliest: dict[str, tuple[int, int]] = {}  # name as written -> (date, plan's place), least
    for place, plan_file in enumerate(dataset.plans):
        date = plan_file.head.date
        for name in plan_file.named:  # kept apart in the query index: no index is read
            found = earliest.get(name)
            if found is None or (date, place) < found:
                earliest[name] = (date, place)
    # Each name as written is resolved once: a city's plans write the same few names thousands
    # of times.
    first: dict[str, tuple[int, int]] = {}
    for name, when in earliest.items():
        agency = dataset.registry.resolve(name)
        if agency and (agency.id not in first or when < first[agency.id]):
            first[agency.id] = when
    return {agency_id: (dt.date.fromordinal(date), dataset.plans[place].key)
            for agency_id, (date, place) in first.items()}


def records(dataset: Dataset) -> Iterator[Problem]:
    """Every succession names known agencies, has a source, fits its kind, and is in time."""
    source = dataset.agencies_source
    registry = dataset.registry
    first = _first_assigned(dataset)
    for path, record in _located(dataset):
        short = record.kind == SUCCEEDED_BY  # written under its predecessor: "successor: id"
        for field in ("predecessors", "successors"):
            for index, agency_id in enumerate(getattr(record, field)):
                if agency_id not in registry.by_id:
                    where = (*path, "successor") if short else (*path, field, index)
                    yield source.problem(where, "unknown-agency",
                                         f"Cơ quan “{agency_id}” (mã) không có trong danh mục.")
        if not short and not record.source.given:
            yield source.problem(path, "succession-source",
                                 "Bản ghi kế nhiệm không ghi nguồn: thêm “source” (văn bản quyết "
                                 "định, báo đưa tin và ngày). Không ghi kế nhiệm khi không có nguồn.")
        problem = _shape(record)
        if problem:
            yield source.problem((*path, "successors"), "succession-kind", f"Bản ghi kế nhiệm: {problem}.")
        if record.from_ is None:
            yield source.problem(path, "succession-undated",
                                 "Bản ghi kế nhiệm không ghi ngày (“from”): chỉ hiển thị, không dùng để "
                                 "chuyển nhiệm vụ.", Severity.NOTE)
            continue
        for agency_id in record.predecessors:
            if agency_id in first and record.from_ < first[agency_id][0]:
                assigned, plan = first[agency_id]
                # A plan written after a merger may still name the old agency (its text copied
                # from an earlier plan): then the record is right and the successor answers for
                # the task. Only a person with the sources can tell, so this is a warning.
                taken = ("nhiệm vụ tính cho cơ quan kế nhiệm" if record.successors and
                         record.kind != SPLIT_AMONG else
                         "nhiệm vụ chưa có cơ quan nhận, xem “hncc tasks --unassigned”")
                yield source.problem(
                    (*path, "from"), "succession-date",
                    f"Ngày kế nhiệm {official_date(record.from_)} trước ngày {official_date(assigned)} "
                    f"của kế hoạch {plan}, kế hoạch giao việc cho “{registry.display_name(agency_id)}”. "
                    f"Nếu kế hoạch ghi tên cũ như nguồn thì giữ nguyên ({taken}); nếu không, kiểm tra "
                    "lại ngày kế nhiệm theo nguồn.", Severity.WARNING)
    yield from _cycles(dataset)


def named_after_succession(dataset: Dataset) -> Iterator[Problem]:
    """A plan issued on or after a succession that names the old agency: once per agency,
    where the plan first names it. The source may name it so (a text copied from an older
    plan): then the successor answers; or the person who typed the plan wrote the name the
    agency had before. The first plan to name an agency is left to `records`, whose warning on
    the succession's date names it. Only the plans that name such an agency are read."""
    registry = dataset.registry
    if not registry.successions:
        return
    first = _first_assigned(dataset)
    resolved: dict[str, str | None] = {}
    changed: dict[tuple[str, dt.date], bool] = {}  # a city's plans share a few dates and names
    for plan_file in dataset.plans:
        day = dt.date.fromordinal(plan_file.head.date)
        gone = set()
        for name in plan_file.named:
            if name not in resolved:
                agency = registry.resolve(name)
                resolved[name] = agency.id if agency else None
            agency_id = resolved[name]
            if agency_id is None:
                continue
            was = changed.get((agency_id, day))
            if was is None:
                was = changed[(agency_id, day)] = registry.responsible(agency_id, day).changed
            if was and first.get(agency_id, (None, None))[1] != plan_file.key:
                gone.add(agency_id)
        if gone:
            yield from _named_after_succession(plan_file, registry, gone, day)


def _named_after_succession(plan_file: PlanFile, registry: Registry, gone: set[str],
                            day: dt.date) -> Iterator[Problem]:
    places: dict[str, list[tuple[tuple, str]]] = {}  # agency id -> (where, name as written)
    for path, entry in plan_file.plan.located_entries():
        for field in ("lead", "cooperating"):
            for index, name in enumerate(getattr(entry, field)):
                agency = registry.resolve(name)
                if agency is not None and agency.id in gone:
                    places.setdefault(agency.id, []).append(((*path, field, index), name))
    for agency_id, found in places.items():
        where, name = found[0]
        responsibility = registry.responsible(agency_id, day)
        count = f" (ở {len(found)} chỗ)" if len(found) > 1 else ""
        taken = ("nhiệm vụ tính cho cơ quan kế nhiệm" if responsibility.settled else
                 "nhiệm vụ chưa có cơ quan nhận, xem “hncc tasks --unassigned”")
        yield plan_file.source.problem(
            where, "agency-succeeded",
            f"Kế hoạch ban hành ngày {official_date(day)} mà ghi “{name}”{count}: "
            f"{now_text(responsibility, registry.display_name)}. Nếu nguồn ghi tên này thì giữ "
            f"nguyên ({taken}); nếu không, ghi tên cơ quan như nguồn.", Severity.WARNING)


def _cycles(dataset: Dataset) -> Iterator[Problem]:
    located = list(_located(dataset))
    for cycle in dataset.registry.successions.cycles():
        path = next(p for p, r in located if cycle[0] in r.predecessors)
        names = " → ".join(dataset.registry.display_name(i) for i in (*cycle, cycle[0]))
        yield dataset.agencies_source.problem(
            path, "succession-cycle",
            f"Các bản ghi kế nhiệm tạo thành vòng: {names}. Một cơ quan không thể kế nhiệm chính nó.")


def unsettled_from(dataset: Dataset, agency_id: str) -> dt.date | None:
    """The first day from which no single agency answers for `agency_id`'s tasks, if any."""
    registry = dataset.registry
    days = sorted({r.from_ for r in registry.successions.records if r.from_ is not None})
    return next((day for day in days if not registry.responsible(agency_id, day).settled), None)


def _open(entry: Entry, plan_file: PlanFile) -> bool:
    """Whether some occurrence of `entry` has no update recording it done or cancelled."""
    updates = [Update(s.date, s.status, s.year, s.month) for s in entry.status]
    found = entry.deadline.occurrences(plan_file.plan.years) if entry.deadline else []
    # As in the task lists: an update with a `year` applies to a one-off deadline of that year.
    periods: list[tuple[int | None, int | None]] = [
        (o.year or o.due.year, o.month) for o in found] or [(None, None)]
    for year, month in periods:
        latest = status.latest_update(updates, year, dt.date.max, month)
        if latest is None or latest.status not in CLOSED:
            return True
    return False


def unassigned_tasks(dataset: Dataset) -> Iterator[Problem]:
    """Tasks whose lead ended without a single successor, still open: to be reassigned."""
    registry = dataset.registry
    if not registry.successions:
        return
    for plan_file in dataset.plans:
        for path, entry in plan_file.plan.located_entries():
            if entry.is_group:
                continue
            ended = []
            for name in entry.lead:
                agency = registry.resolve(name)
                day = unsettled_from(dataset, agency.id) if agency else None
                if agency and day:
                    ended.append(now_text(registry.responsible(agency.id, day), registry.display_name))
            if ended and _open(entry, plan_file):
                yield plan_file.source.problem(
                    (*path, "lead"), "needs-reassignment",
                    f"Mục {entry.ref}: {'; '.join(ended)}. Nhiệm vụ chưa ghi hoàn thành hay hủy: "
                    "cần phân công lại cho cơ quan chịu trách nhiệm (xem “hncc tasks --unassigned”).",
                    Severity.WARNING)
