"""The rows of `hncc export --sqlite`: the data as plain tables, gathered from the other queries.

Every table is a list of NamedTuples whose field names are the table's column names (the writer,
hncc.render.sqlite_export, describes each column). Nothing here is computed anew: work items come
from the book (hncc.queries.workitems), occurrences and their status from the task list
(hncc.queries.tasks), budget shares from hncc.queries.budget, agencies and successions from the
registry; so the export says what the commands say. Dates are ISO text (YYYY-MM-DD), booleans
0 or 1, lists of names joined with "; ".
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from hncc import __version__
from hncc.data import files
from hncc.data.dataset import Dataset
from hncc.domain import status
from hncc.domain.agencies import AGENCY_KIND_LABELS, Registry
from hncc.domain.money import plain
from hncc.domain.succession import how, now_text, record_text
from hncc.queries import budget, workitems
from hncc.queries import tasks as task_queries

DONG_PER_TY = 10 ** 9
JOIN = "; "


class PlanRow(NamedTuple):
    plan_key: str
    number: str
    kind: str
    plan_date: str
    year: int
    title: str
    issuer: str
    signer: str | None
    horizon_start: int
    horizon_end: int
    source_complete: int
    file: str


class EntryRow(NamedTuple):
    plan_key: str
    ref: str
    position: int
    section: str
    kind: str
    parent_ref: str | None
    is_heading: int
    title: str
    lead_as_written: str | None
    cooperating_as_written: str | None
    deadline_text: str | None
    budget_text: str | None
    budget_state: str | None
    implements: str | None
    inferred: str | None


class WorkItemRow(NamedTuple):
    item_id: str
    position: int
    plan_key: str
    ref: str
    kind: str
    title: str
    lead: str | None
    cooperating: str | None
    lead_as_written: str | None
    cooperating_as_written: str | None
    deadline_text: str | None
    deadline_source: str | None
    budget_text: str | None
    parts: int


class MentionRow(NamedTuple):
    item_id: str
    plan_key: str
    ref: str
    kind: str
    role: str
    relation: str
    deadline_text: str | None
    inferred: str | None


class OccurrenceRow(NamedTuple):
    position: int
    item_id: str
    year: int | None
    due_date: str | None
    approximate: int
    deadline_text: str | None
    deadline_source: str | None
    status: str
    status_label: str
    status_date: str | None
    status_derived: str | None
    progress: str
    progress_label: str
    late_since: str | None
    lead_now: str | None


class TargetRow(NamedTuple):
    position: int
    plan_key: str
    ref: str
    title: str
    year: int | None
    due_date: str | None
    deadline_text: str | None
    status: str
    status_label: str
    status_date: str | None
    status_derived: str | None
    progress: str
    progress_label: str
    reached_by: str | None


class StatusUpdateRow(NamedTuple):
    plan_key: str
    ref: str
    position: int
    update_date: str
    status: str
    status_label: str
    year: int | None
    note: str | None
    evidence: str | None
    link: str | None
    reason: str | None
    difficulties: str | None


class AgencyRoleRow(NamedTuple):
    item_id: str
    plan_key: str
    ref: str
    role: str
    written_as: str
    agency_id: str | None
    agency_name: str
    answered_by_ids: str | None
    answered_by: str | None
    succession_text: str | None
    settled: int | None


class AgencyRow(NamedTuple):
    agency_id: str
    name: str
    kind: str
    kind_label: str
    short_names: str | None
    aliases: str | None
    parent: str | None
    code: str | None
    note: str | None


class SuccessionRow(NamedTuple):
    succession_no: int
    kind: str
    kind_label: str
    predecessor_id: str
    successor_id: str | None
    from_date: str | None
    act: str | None
    act_date: str | None
    press: str | None
    others: str | None
    note: str | None
    description: str


class BudgetShareRow(NamedTuple):
    plan_key: str
    ref: str
    title: str
    lead: str | None
    budget_text: str | None
    year: int | None
    amount_ty_dong: str
    amount_dong: int | None
    basis: str
    basis_label: str
    restates: str | None
    counted: int


class BudgetYearRow(NamedTuple):
    year: int
    firm_ty_dong: str
    apportioned_ty_dong: str
    total_ty_dong: str
    firm_dong: int | None
    apportioned_dong: int | None
    total_dong: int | None


class InfoRow(NamedTuple):
    key: str
    value: str
    meaning: str


@dataclass(frozen=True)
class ExportRows:
    """Every table of the export, by table name, and the as-of date they were gathered for."""

    as_of: dt.date
    tables: dict[str, list[tuple]]


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _joined(names: tuple[str, ...] | list[str]) -> str | None:
    return JOIN.join(names) if names else None


def _dong(amount: Decimal) -> int | None:
    """The amount (tỷ đồng) in whole đồng, or None when it is not a whole number of đồng."""
    value = amount * DONG_PER_TY
    return int(value) if value == value.to_integral_value() else None


def _relative(dataset: Dataset, path: Path) -> str:
    """A data file's name from the data folder (data/plans/x.yaml -> plans/x.yaml)."""
    return path.relative_to(dataset.root).as_posix() if path.is_relative_to(dataset.root) \
        else path.name


def fingerprint(dataset: Dataset) -> str:
    """A SHA-256 over the data files the export was made from (name and bytes of each), so
    that an export can be matched with the data it came from."""
    digest = hashlib.sha256()
    paths = [dataset.agencies_source.path, *(pf.path for pf in dataset.plans), *dataset.left_out]
    for path in sorted(set(paths)):
        if dataset.memory is not None and path in dataset.memory:
            raw = dataset.memory[path]
        else:
            try:
                raw = files.read_regular(path)
            except (OSError, files.NotAFile, files.TooLarge):
                raw = b""  # gone or replaced since it was loaded: the name still counts
        digest.update(f"{_relative(dataset, path)}\0{len(raw)}\0".encode())
        digest.update(raw)
    return digest.hexdigest()


def _plans(dataset: Dataset) -> list[tuple]:
    rows: list[tuple] = []
    for plan_file in dataset.plans:
        plan = plan_file.plan
        first, last = plan.years
        rows.append(PlanRow(plan.key, plan.number, plan.kind, plan.date.isoformat(), plan.year,
                            plan.title, plan.issuer, plan.signer, first, last,
                            int(plan.source.complete),
                            _relative(dataset, plan_file.path)))
    return rows


def _entries(dataset: Dataset) -> tuple[list[tuple], list[tuple]]:
    """Every entry (headings included) and every status update recorded on one."""
    entries: list[tuple] = []
    updates: list[tuple] = []
    for plan_file in dataset.plans:
        plan = plan_file.plan
        position = 0
        for section, found in plan.sections():
            for entry in found:
                parent = plan.parent(entry)
                budget_state = entry.budget.state if entry.budget else None
                entries.append(EntryRow(
                    plan.key, entry.ref, position, section, getattr(entry, "kind", ""),
                    parent.ref if parent else None, int(entry.is_group), plan.display_title(entry),
                    _joined(entry.lead), _joined(entry.cooperating),
                    entry.deadline.text if entry.deadline else None,
                    entry.budget.text if entry.budget else None, budget_state,
                    entry.implements, entry.inferred))
                position += 1
                updates += [StatusUpdateRow(
                    plan.key, entry.ref, number, u.date.isoformat(), u.status,
                    status.STATUS_LABELS[u.status], u.year, u.note, u.evidence, u.link, u.reason,
                    u.difficulties) for number, u in enumerate(entry.status, start=1)]
    return entries, updates


def _written(sources: list[workitems.Source], attribute: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for s in sources for name in getattr(s.entry, attribute)))


def _work_items(dataset: Dataset, book: workitems.Book) -> tuple[list[tuple], list[tuple]]:
    items: list[tuple] = []
    mentions: list[tuple] = []
    for position, item in enumerate(book.items, start=1):
        lead, cooperating, _, _ = task_queries.item_names(dataset, item)
        # As written on the record, or on the parts when the record names none (as item_names).
        lead_written = _written([item.record], "lead") or _written(list(item.parts), "lead")
        cooperating_written = (_written([item.record], "cooperating")
                               or _written(list(item.parts), "cooperating"))
        entry = item.record.entry
        items.append(WorkItemRow(
            item.id, position, item.plan, item.ref, entry.kind, entry.title, _joined(lead[0]),
            _joined(cooperating[0]), _joined(lead_written), _joined(cooperating_written),
            item.deadline.entry.deadline_text if item.deadline else None, item.deadline_source,
            entry.budget_text, len(item.parts)))
        mentions += [MentionRow(item.id, m.plan, m.ref, m.kind, m.role, m.relation,
                                m.deadline_text, m.inferred) for m in item.mentions]
    return items, mentions


def _occurrences(dataset: Dataset, as_of: dt.date) -> list[tuple]:
    return [OccurrenceRow(
        position, t.item, t.year, _iso(t.due), int(t.approximate), t.deadline_text,
        t.deadline_source, t.status, t.status_label, _iso(t.status_date), t.status_derived,
        t.progress, t.progress_label, _iso(t.late_since), t.lead_now)
        for position, t in enumerate(task_queries.tasks(dataset, as_of), start=1)]


def _targets(dataset: Dataset, as_of: dt.date) -> list[tuple]:
    """The targets' occurrences, reached or not, as `hncc tasks --kind target` lists them."""
    found = task_queries.tasks(dataset, as_of, task_queries.Scope(kind="target"))
    return [TargetRow(
        position, t.plan, t.ref, t.title, t.year, _iso(t.due), t.deadline_text, t.status,
        t.status_label, _iso(t.status_date), t.status_derived, t.progress, t.progress_label,
        _joined([f"{m.plan}:{m.ref}" for m in t.mentions if m.role == "work"]))
        for position, t in enumerate(found, start=1)]


def _roles(registry: Registry, book: workitems.Book, as_of: dt.date) -> list[tuple]:
    """Who leads and who cooperates in each work item, entry by entry (the record, then each
    part), with who answers on `as_of` when a succession changed it."""
    rows: list[tuple] = []
    for item in book.items:
        sources = [item.record, *(p for p in item.parts if p.key != item.record.key)]
        for source in sources:
            for role, names in (("lead", source.entry.lead), ("cooperating", source.entry.cooperating)):
                for written in dict.fromkeys(names):
                    agency = registry.resolve(written)
                    found = registry.responsible(agency.id, as_of) if agency else None
                    changed = found is not None and found.changed
                    rows.append(AgencyRoleRow(
                        item.id, source.plan.key, source.entry.ref, role, written,
                        agency.id if agency else None, agency.name if agency else written,
                        _joined(found.current) if found and changed else None,
                        _joined([registry.display_name(i) for i in found.current])
                        if found and changed else None,
                        now_text(found, registry.display_name) if found and changed else None,
                        int(found.settled) if found and changed else None))
    return rows


def _agencies(registry: Registry) -> list[tuple]:
    return [AgencyRow(a.id, a.name, a.kind, AGENCY_KIND_LABELS.get(a.kind, a.kind),
                      _joined(a.short), _joined(a.aliases), a.parent, a.code, a.note)
            for a in registry]


def _successions(registry: Registry) -> list[tuple]:
    rows: list[tuple] = []
    for number, record in enumerate(registry.successions.records, start=1):
        source = record.source
        press = _joined([p.text() for p in source.press])
        text = record_text(record, registry.display_name)
        for predecessor in record.predecessors:
            for successor in record.successors or (None,):
                rows.append(SuccessionRow(
                    number, record.kind, how(record), predecessor,
                    successor, _iso(record.from_), source.act, _iso(source.date), press,
                    _joined(record.others), record.note, text))
    return rows


def _budget_shares(dataset: Dataset) -> list[tuple]:
    return [BudgetShareRow(
        s.plan, s.ref, s.title, _joined(s.lead), s.budget_text, s.year, plain(s.amount),
        _dong(s.amount), s.basis, budget.BASIS_LABELS[s.basis], s.restates,
        int(s.restates is None and s.year is not None))
        for s in budget.shares(dataset)]


def _budget_years(dataset: Dataset) -> list[tuple]:
    """The totals of every year, as `hncc budget` prints them."""
    return [BudgetYearRow(y.year, plain(y.firm), plain(y.apportioned), plain(y.total),
                          _dong(y.firm), _dong(y.apportioned), _dong(y.total))
            for y in budget.overview(dataset).years]


def _info(dataset: Dataset, as_of: dt.date) -> list[tuple]:
    return [
        InfoRow("as_of", as_of.isoformat(), "Ngày tính trạng thái và phân loại (--as-of)."),
        InfoRow("hncc_version", __version__, "Phiên bản hncc đã xuất tệp này."),
        InfoRow("data_fingerprint", fingerprint(dataset),
                "Dấu vân tay SHA-256 của các tệp dữ liệu (tên và nội dung từng tệp): cùng dữ liệu "
                "thì cùng dấu."),
        InfoRow("plans", str(len(dataset.plans)), "Số kế hoạch trong tệp."),
        InfoRow("left_out", JOIN.join(p.name for p in dataset.left_out),
                "Tệp kế hoạch có lỗi nên không có trong tệp này (trống: không có)."),
        InfoRow("money_unit", "tỷ đồng; đồng",
                "Số tiền ghi chính xác: amount_ty_dong là số thập phân dạng chữ (tỷ đồng, dấu "
                "chấm thập phân), amount_dong là số nguyên đồng; không dùng số thực dấu phẩy động."),
    ]


def gather(dataset: Dataset, as_of: dt.date) -> ExportRows:
    """Every table of the export of `dataset`, statuses as of `as_of`."""
    book = workitems.book(dataset)
    entries, updates = _entries(dataset)
    items, mentions = _work_items(dataset, book)
    return ExportRows(as_of, {
        "thong_tin": _info(dataset, as_of),
        "plans": _plans(dataset),
        "entries": entries,
        "work_items": items,
        "work_item_mentions": mentions,
        "occurrences": _occurrences(dataset, as_of),
        "targets": _targets(dataset, as_of),
        "status_updates": updates,
        "agency_roles": _roles(dataset.registry, book, as_of),
        "agencies": _agencies(dataset.registry),
        "agency_successions": _successions(dataset.registry),
        "budget_shares": _budget_shares(dataset),
        "budget_years": _budget_years(dataset),
    })


ROW_TYPES: dict[str, type] = {
    "thong_tin": InfoRow, "plans": PlanRow, "entries": EntryRow, "work_items": WorkItemRow,
    "work_item_mentions": MentionRow, "occurrences": OccurrenceRow, "targets": TargetRow,
    "status_updates": StatusUpdateRow, "agency_roles": AgencyRoleRow, "agencies": AgencyRow,
    "agency_successions": SuccessionRow, "budget_shares": BudgetShareRow,
    "budget_years": BudgetYearRow,
}
