"""The fill-in table an agency gets each year: one row per task it leads, and what identifies it.

Sở Văn hóa và Thể thao sends each agency a table to fill in (plan 102, V.2); hncc writes it
(hncc.render.xlsx) and reads it back (hncc.edit.form_import). This module says what is in it:
the columns, the rows, and for each row its identity (plan key, entry ref and year: stable,
whatever the plan file's layout) and the versions it was made from (a hash of the plan file, and
a hash of the entry as far as the row depends on it), so that a form made from older data is
never applied blindly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from hncc.data.loader import Dataset
from hncc.data.model import Entry
from hncc.domain import deadlines, status
from hncc.domain.agencies import Agency
from hncc.queries import official, reports, responsibility
from hncc.queries import tasks as queries
from hncc.queries.reports import Row

# Version 2 of the form: an agency's form has a row for each part it leads of a work item whose
# record another agency leads (an answer on the record would complete the whole work), and the
# lead column names who answers now for a lead merged into another agency ("Sở Ngoại vụ, nay là
# Văn phòng … từ 01/3/2025"). Version 1 had the item's row and the leads as written; a form of it
# is still read as it was made (its locked cells compared with what version 1 wrote).
FORMAT = "hncc-bieu-mau/2"
FORMAT_V1 = "hncc-bieu-mau/1"
READABLE = {FORMAT: 2, FORMAT_V1: 1}  # the version of each format read
SHEET = "Biểu mẫu"
INSTRUCTIONS_SHEET = "Hướng dẫn"
META_SHEET = "hncc"
HEADER_ROW = 3  # rows 1-2 hold the title and a reminder
FIRST_ROW = HEADER_ROW + 1
DATE_FORMAT = "dd/mm/yyyy"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    kind: str  # "fixed" (locked), "fill" (for the agency), "hidden" (identity, locked)


COLUMNS = (
    Column("number", "TT", 5, "fixed"),
    Column("plan", "Kế hoạch", 14, "fixed"),
    Column("ref", "Mục", 11, "fixed"),
    Column("title", "Nội dung nhiệm vụ", 50, "fixed"),
    Column("lead", "Cơ quan chủ trì", 22, "fixed"),
    Column("deadline", "Thời hạn", 18, "fixed"),
    Column("current", "Trạng thái đã ghi nhận", 20, "fixed"),
    Column("status", "Trạng thái mới", 18, "fill"),
    Column("date", f"Ngày ({DATE_FORMAT})", 14, "fill"),
    Column("note", "Kết quả thực hiện", 40, "fill"),
    Column("evidence", "Văn bản chứng minh (số, ngày)", 28, "fill"),
    Column("difficulties", "Khó khăn, vướng mắc", 30, "fill"),
    Column("reason", "Lý do (khi hủy hoặc tạm dừng)", 24, "fill"),
    Column("row_id", "Mã dòng", 30, "hidden"),
    Column("file_version", "Phiên bản tệp kế hoạch", 14, "hidden"),
    Column("row_version", "Phiên bản mục", 14, "hidden"),
)
FIXED = tuple(c.key for c in COLUMNS if c.kind == "fixed")
FILL = tuple(c.key for c in COLUMNS if c.kind == "fill")
STATUS_CHOICES = tuple(status.STATUS_LABELS[code] for code in status.STATUS_LABELS
                       if code != status.UNRECORDED)


@dataclass(frozen=True)
class FormRow:
    """One row of the form: what it shows in the fixed columns, and what identifies it."""

    row_id: str
    plan_key: str
    ref: str
    year: int | None
    month: int | None  # the month an occurrence of a duty recurring within the year falls due
    values: dict[str, str]  # the fixed columns, by key
    file_version: str
    row_version: str


@dataclass(frozen=True)
class Form:
    """The form for one agency (or for all, `agency` None) and year, made on `as_of`."""

    agency: str | None
    year: int
    as_of: dt.date
    rows: tuple[FormRow, ...]


def row_id(plan_key: str, ref: str, year: int | None, month: int | None = None) -> str:
    """"102/KH-UBND@2022|PL.I.2|2023": plan key, entry ref, and the year of a recurring entry;
    "7/KH-UBND@2025|I.1|2025|3": and the month an occurrence of a duty recurring within the
    year falls due (monthly, quarterly: each is a row of its own)."""
    found = f"{plan_key}|{ref}|{year if year is not None else ''}"
    return found if month is None else f"{found}|{month}"


def parse_row_id(text: str) -> tuple[str, str, int | None, int | None] | None:
    """The plan key, ref, year and month of a row id (`row_id`); None for what is not one."""
    parts = text.split("|")
    if len(parts) not in (3, 4) or not parts[0] or not parts[1]:
        return None
    if parts[2] and not parts[2].isdigit():
        return None
    month = None
    if len(parts) == 4:
        if not (parts[2] and parts[3].isdigit() and 1 <= int(parts[3]) <= 12):
            return None
        month = int(parts[3])
    return parts[0], parts[1], int(parts[2]) if parts[2] else None, month


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def file_version(data: bytes) -> str:
    """The version of a plan file: a hash of its bytes."""
    return _digest(data)


def occurrence_year(year: int | None, due: dt.date | None) -> int | None:
    """The year whose updates apply to an occurrence (as hncc.queries.tasks picks them)."""
    return year or (due.year if due else None)


def row_version(entry: Entry, year: int | None, month: int | None = None) -> str:
    """A hash of what a row depends on: the entry without its history, and the updates that
    apply to the row's occurrence (a recurring entry's other years, or other months, do not make
    it stale)."""
    data = entry.model_dump(mode="json", exclude={"status"})
    data["status"] = [u.model_dump(mode="json") for u in entry.status
                      if u.year in (None, year) and (month is None or u.month in (None, month))]
    return _digest(json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def _current(row: Row) -> str:
    task = row.task
    day = f" ({task.status_date:%d/%m/%Y})" if task.status_date else ""
    return task.status_label + day


def _deadline(row: Row) -> str:
    """The deadline column, as the official report writes it: a task without a deadline still
    has to be done within its plan's period, so it says by when (official.deadline_text)."""
    return official.deadline_text(row)


class FormEntries:
    """The entries a form's rows are made from, in full, by plan key and ref. The rows of one
    plan are spread over a form (each work item's rows, in the report's order), and a city's
    plans in full do not fit in memory at once (2,000 plans: 750 MB): so the entries the rows
    to make next will need are read first (`read`), each plan once for all of them, and the
    plans are let go."""

    def __init__(self, dataset: Dataset, versions: dict[str, str] | None = None) -> None:
        self.files = {plan_file.key: plan_file for plan_file in dataset.plans}  # of a key, the last
        self.found: dict[tuple[str, str], Entry] = {}
        # the plan files' versions, by key: those given (of the bytes already read), else read
        self.versions: dict[str, str] = dict(versions or {})

    def read(self, wanted: Iterable[tuple[str, str]]) -> None:
        """Read the entries (plan key, ref) `wanted` that were not read before."""
        refs: dict[str, set[str]] = {}
        for key, ref in wanted:
            if (key, ref) not in self.found:
                refs.setdefault(key, set()).add(ref)
        for key, missing in refs.items():
            plan_file = self.files.get(key)
            if plan_file is not None:  # a form's row of a plan, or an entry, no longer there
                by_ref = plan_file.read_plan().by_ref
                self.found.update(((key, ref), by_ref[ref]) for ref in missing if ref in by_ref)

    def __getitem__(self, key_ref: tuple[str, str]) -> Entry:
        return self.found[key_ref]

    def get(self, key: str, ref: str) -> Entry | None:
        """The entry, if it was read (and is there)."""
        return self.found.get((key, ref))

    def version(self, key: str) -> str:
        """The version of the plan's file (`file_version`), read once."""
        found = self.versions.get(key)
        if found is None:
            found = self.versions[key] = file_version(self.files[key].path.read_bytes())
        return found


def _form_row(entries: FormEntries, row: Row, version: int = 2) -> FormRow:
    task = row.task
    # who answers now for a merged lead, as the agency's report says it (version 2)
    lead = (task.lead_now if version >= 2 else None) or "; ".join(task.lead)
    entry = entries[task.plan, task.ref]
    year = occurrence_year(task.year, task.due)
    period = deadlines.period(task.year, task.month)  # "2023"; "3/2025" within the year
    shown = {"plan": row.plan_number, "ref": task.ref + (f" ({period})" if period else ""),
             "title": task.title, "lead": lead,
             "deadline": _deadline(row), "current": _current(row)}
    values = {key: official.writable(text) for key, text in shown.items()}
    return FormRow(row_id(task.plan, task.ref, task.year, task.month), task.plan, task.ref,
                   task.year, task.month, values, entries.version(task.plan),
                   row_version(entry, year, task.month))


def _led_rows(dataset: Dataset, agency: str, year: int, as_of: dt.date,
              ended_too: bool = False, parts_apart: bool = False,
              entries: FormEntries | None = None) -> tuple[Row, ...]:
    """The rows of the tasks `agency` leads in its report of `year`, a recurring task's other
    occurrences still late (which the report lists as late) each a row of its own, in the order
    they fall due, so that what they became can be answered too.

    With `parts_apart`, a work item whose record `agency` does not lead (it leads a part, such as
    one lettered assignment under a row another agency leads) gives a row for each of its parts
    instead: its answer is recorded on its part, as `hncc status` of the part would, not on the
    whole work, which an update on the record would complete for every agency (`entries`: those
    read so far, for the rows to be made next)."""
    made = reports.agency_report(dataset, agency, year, as_of, ended_too=ended_too,
                                 command="form")
    shown = [row for led in made.led for row in sorted((*led.earlier, led), key=_period_order)]
    if not parts_apart:
        return tuple(shown)
    day = min(as_of, dt.date(year, 12, 31))  # who answered in `year`, as the report says
    ids = queries.agency_scope_ids(dataset.registry, queries.find_agency(dataset.registry, agency),
                                   day)
    entries = entries or FormEntries(dataset)
    # the records, and the parts that may become rows of their own
    entries.read((t.plan, t.ref) for row in shown for t in (row.task, *(p.task for p in row.parts)))
    return tuple(part for row in shown for part in _own_rows(dataset, entries, row, ids))


def _own_rows(dataset: Dataset, entries: FormEntries, row: Row, ids: frozenset[str]) -> list[Row]:
    """`row`, when the agency (`ids`) leads its record; otherwise a row for each part of it the
    agency leads (the report shows them with the row)."""
    record = entries[row.task.plan, row.task.ref]
    if queries.agency_names(dataset.registry, record.lead)[1] & ids:
        return [row]
    mine = [part.task for part in row.parts if part.task.lead_ids & ids]
    return [replace(row, task=task, plan_number=reports.plan_number(dataset, task.plan), parts=(),
                    earlier=()) for task in mine] or [row]


def _period_order(row: Row) -> tuple[int, int]:
    return row.task.year or 0, row.task.month or 0


def form(dataset: Dataset, agency: str | None, year: int, as_of: dt.date,
         version: int = 2, entries: FormEntries | None = None) -> Form:
    """The form of the tasks `agency` leads in `year` (as its report lists them), or with
    `agency` None those of every agency in the registry, each task once (on its record: the
    compiler answers for the whole work).

    An agency's form has a row for each part it leads of a work item whose record another agency
    leads (`_led_rows`), and the lead column names who answers now after a merger; with
    `version` 1, the rows and cells a form of FORMAT_V1 had.

    `entries`: those read before, of this dataset (reading a filled-in form reads them too).
    Raises QueryError for an unknown or ambiguous agency.
    """
    entries = entries or FormEntries(dataset)
    if agency is not None:
        name = queries.find_agency(dataset.registry, agency).name
        rows: Sequence[Row] = _led_rows(dataset, agency, year, as_of, parts_apart=version >= 2,
                                        entries=entries)
    else:
        name = None
        found: dict[tuple, Row] = {}
        answering = [(a, False) for a in _reporting(dataset, year, as_of)]
        for known, ended in (*answering, *((a, True) for a in _unanswered(dataset, year, as_of))):
            for row in _led_rows(dataset, known.id, year, as_of, ended):
                found.setdefault((row.task.order, row.task.year, row.task.month), row)
        rows = [found[k] for k in sorted(found, key=lambda k: (k[0], k[1] or 0, k[2] or 0))]
    entries.read((r.task.plan, r.task.ref) for r in rows)
    return Form(name, year, as_of, tuple(_form_row(entries, r, version) for r in rows))


def _reporting(dataset: Dataset, year: int, as_of: dt.date) -> list[Agency]:
    """The agencies of the registry that report for `year`: not one merged into another by then
    (as its report would be made: on `as_of`, or on the year's last day when that is earlier);
    its successor lists the tasks it inherited."""
    day = min(as_of, dt.date(year, 12, 31))
    return [a for a in dataset.registry if responsibility.ended(dataset.registry, a, day) is None]


def _unanswered(dataset: Dataset, year: int, as_of: dt.date) -> list[Agency]:
    """The agencies of the registry that ended by then with no one answering for their tasks
    (a district abolished on 01/7/2025): no agency gets a form with their tasks, so the form for
    all agencies keeps them, for the compiler to answer or to reassign."""
    day = min(as_of, dt.date(year, 12, 31))
    return [a for a in dataset.registry
            if (gone := responsibility.ended(dataset.registry, a, day)) and not gone.current]


def agency_forms(dataset: Dataset, year: int, as_of: dt.date) -> list[tuple[Agency, Form]]:
    """Each agency that reports for `year` and leads at least one task in it, with its form,
    its rows made once; none for a group of agencies ("các Sở, ngành"): no one body fills in
    and signs its form (groups_with_tasks)."""
    return [(agency, made) for agency in _reporting(dataset, year, as_of)
            if agency.kind != "group" and (made := form(dataset, agency.id, year, as_of)).rows]


def unanswered_with_tasks(dataset: Dataset, year: int, as_of: dt.date) -> list[tuple[str, int]]:
    """The agencies that ended by then with no one answering for their tasks (`_unanswered`),
    each with its rows: no form is made for them, and the form for all agencies has them."""
    found = []
    for gone in _unanswered(dataset, year, as_of):
        if rows := _led_rows(dataset, gone.id, year, as_of, ended_too=True):
            found.append((gone.name, len(rows)))
    return found


def groups_with_tasks(dataset: Dataset, year: int, as_of: dt.date) -> list[tuple[str, int]]:
    """The groups of agencies of the registry that lead tasks in `year`, each with its rows:
    the form for all agencies has them, and a group's own form is made only when asked for."""
    found = []
    for group in _reporting(dataset, year, as_of):
        if group.kind == "group" and (rows := _led_rows(dataset, group.id, year, as_of)):
            found.append((group.name, len(rows)))
    return found
