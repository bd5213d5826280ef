"""Query results as tables of Vietnamese text: dates dd/mm/yyyy, amounts "1,5 tỷ".

Each function takes a result from hncc.queries (tasks, budget, workload) and returns
hncc.render.tables.Table objects, which hncc.render.tables lays out as a terminal table, text,
CSV or Markdown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from hncc.domain.dates import format_date
from hncc.domain.money import as_written, vnd
from hncc.domain.status import STATUS_LABELS
from hncc.render.tables import Amount, Column, Parts, Table

if TYPE_CHECKING:  # the task lists, which must start fast, need none of these modules
    from hncc.queries.budget import BudgetOverview, Share, Unbudgeted, YearBudget
    from hncc.queries.tasks import EntryDetail, ItemDetail, Link, OverdueTask, Task
    from hncc.queries.workitems import Mention
    from hncc.queries.workload import AgencyRecord, Workload

# A date as shown, "05/03/2023": a task list of a city shows the same few hundred dates in tens
# of thousands of rows, and strftime is slow.
date = lru_cache(maxsize=4096)(format_date)

TITLE_WIDTH = 60
# The leads' column, piped: a name and its successor ("Sở Ngoại vụ, nay là Văn phòng …") and
# a co-lead after it show their starts (a list is cut name by name: tables.Column.pieces).
LEAD_WIDTH = 50
NO_DEADLINE = "chưa có thời hạn"
PLAN_LEVEL = "chỉ tiêu cấp kế hoạch"
INFERRED = "(liên kết suy luận)"
ROLE_LABELS = {"item": "bản ghi chính", "part": "phần việc", "heading": "mục tổng",
               "target": "chỉ tiêu", "work": "công việc"}
ENTRY_KIND_LABELS = {
    "target": "chỉ tiêu", "group": "đề mục", "activity": "hoạt động", "initiative": "sáng kiến",
    "assignment": "phân công", "duty": "nhiệm vụ", "row": "dòng phụ lục",
}


def names(values: Sequence[str]) -> str:
    return "; ".join(values)


APPROXIMATE = "dự kiến"
# CSV writes the deadline as a date alone, which a spreadsheet sorts and filters as a date, and
# what is said of it (approximate, where it comes from, that there is none) in the next cell.
DUE_CSV = ("Hạn", "Ghi chú hạn")


def _due(task: Task) -> Parts:
    """The deadline as people read it ("31/03/2023 (dự kiến)"), in parts for CSV (`DUE_CSV`)."""
    return _due_cell(task.due, task.approximate, task.deadline_source)


# A city's task list shows the same few hundred deadlines and statuses in tens of thousands of
# rows: each cell is made once and shared (a Parts is several times the size of its text).
@lru_cache(maxsize=4096)
def _due_cell(due: dt.date | None, approximate: bool, source: str | None) -> Parts:
    if due is None:
        return Parts(NO_DEADLINE, ("", NO_DEADLINE))
    notes = [APPROXIMATE] if approximate else []
    notes += [source] if source else []
    day = date(due)
    return Parts(" ".join([day, *(f"({note})" for note in notes)]), (day, "; ".join(notes)))


# CSV writes the leads as the data names them and who answers now after a succession
# ("Sở Ngoại vụ, nay là Văn phòng … từ 01/3/2025") in cells of their own, so that a filter or a
# lookup by an agency's name finds its rows.
LEAD_CSV = ("Chủ trì", "Chủ trì hiện nay")


def lead_cell(task: Task) -> str:
    """The leads (with who answers now, after a succession), or for a target that it belongs to
    the plan as a whole; in parts for CSV (`LEAD_CSV`) after a succession."""
    if task.kind == "target":
        return PLAN_LEVEL
    if task.lead_now:
        return _succeeded_lead_cell(tuple(task.lead), task.lead_now)
    return names(task.lead)


@lru_cache(maxsize=4096)
def _succeeded_lead_cell(lead: tuple[str, ...], now: str) -> Parts:
    return Parts(now, (names(lead), now))


# CSV writes the status and the day it was recorded in cells of their own, so that a
# spreadsheet filters by status and sorts by date.
STATUS_CSV = ("Trạng thái", "Ngày cập nhật")


def status_cell(task: Task) -> Parts:
    """The status in force, with its date (never broken across lines in a table), in parts for
    CSV (`STATUS_CSV`)."""
    return _status_cell(task.status_label, task.status_date)


@lru_cache(maxsize=4096)
def _status_cell(label: str, day: dt.date | None) -> Parts:
    if day is None:
        return Parts(label, (label, ""))
    shown = date(day)
    return Parts(f"{label} ({shown})", (label, shown))


STATUS = Column("Trạng thái", csv=STATUS_CSV)
# How a status was derived when it was not recorded on the row itself: text, which may wrap.
DERIVED = Column("Căn cứ trạng thái", max_width=40, wrap=True)


def mention_refs(mentions: Sequence[Mention]) -> str:
    """Where else the work is named: "III.1.2 (mục tổng); II.4 (chỉ tiêu, liên kết suy luận)"."""
    found = []
    for m in mentions:
        if m.role == "item":
            continue
        words = ROLE_LABELS[m.role] + (", liên kết suy luận" if m.inferred else "")
        found.append(f"{m.plan.split('@')[0]} {m.ref} ({words})")
    return "; ".join(found)


def _task_columns(last: Sequence[Column]) -> tuple[Column, ...]:
    return (Column("Kế hoạch"), Column("Mục"), Column("Nội dung", max_width=TITLE_WIDTH, wrap=True),
            Column("Chủ trì", max_width=LEAD_WIDTH, wrap=True, csv=LEAD_CSV, pieces="; "),
            Column("Hạn", max_width=40, wrap=True, csv=DUE_CSV), *last)


def _task_cells(task: Task) -> tuple[str, ...]:
    return (task.plan, task.ref, task.title, lead_cell(task), _due(task))


def overdue_table(found: list[OverdueTask], as_of: dt.date) -> Table:
    past_plan = sum(1 for t in found if t.due is None)
    return Table(
        _task_columns([Column("Quá hạn (ngày)", right=True), Column("Kỳ quá hạn"),
                       STATUS, DERIVED, Column("Phân loại")]),
        tuple((*_task_cells(t), str(t.days_overdue),
               ", ".join(t.late_periods), status_cell(t),
               t.status_derived or "", t.progress_label) for t in found),
        title=f"Công việc quá hạn tính đến {date(as_of)}: {len(found)}"
              + (f" (trong đó {past_plan} quá thời hạn của kế hoạch)" if past_plan else ""),
        notes=("Mỗi công việc một dòng, dù được nhắc ở nhiều mục; công việc lặp lại hàng năm ghi "
               "kỳ quá hạn sớm nhất và các năm quá hạn. Công việc không có thời hạn tính là quá "
               "thời hạn của kế hoạch khi kế hoạch đã hết thời kỳ.",
               *((WITHIN_YEAR,) if any(t.late_months for t in found) else ())),
    )


# Said under a table with occurrences of a deadline recurring within the year.
WITHIN_YEAR = ("Công việc lặp lại trong năm (hằng tháng, hằng quý, 6 tháng một lần) có một kỳ mỗi "
               "tháng, quý hoặc 6 tháng, ghi tháng/năm đến hạn (quý II/2025 là 6/2025), hoặc "
               "tháng sau kỳ khi nguồn ghi hạn ở tháng đó (“ngày 15 tháng đầu quý sau”: quý "
               "II/2025 là 7/2025); nguồn không ghi ngày thì hạn là ngày cuối kỳ theo quy ước "
               "(hạn ở tháng sau kỳ: ngày cuối tháng đó).")


def upcoming_table(found: list[Task], as_of: dt.date, within: int) -> Table:
    return Table(
        _task_columns([Column("Còn (ngày)", right=True), STATUS, DERIVED]),
        tuple((*_task_cells(t), str((t.due - as_of).days) if t.due else "", status_cell(t),
               t.status_derived or "") for t in found),
        title=f"Công việc đến hạn trong {within} ngày kể từ {date(as_of)}: {len(found)}",
    )


def tasks_table(found: Iterable[Task], as_of: dt.date) -> Table:
    """The task list; `found` is gone through once (tasks made as they are taken need not all
    be held: only their cells are)."""
    rows = []
    targets = True
    mentions: Sequence[Mention] | None = None
    refs = ""
    for t in found:
        targets = targets and t.kind == "target"
        if t.mentions is not mentions:  # the tasks of one work, together, share its mentions
            mentions, refs = t.mentions, mention_refs(t.mentions)
        rows.append((*_task_cells(t), t.deadline_text or "", status_cell(t),
                     t.status_derived or "", t.progress_label, refs))
    return Table(
        _task_columns([Column("Thời gian (nguyên văn)", wrap=True), STATUS, DERIVED,
                       Column("Phân loại"), Column("Cũng nhắc ở", max_width=40, wrap=True)]),
        tuple(rows),
        title=(f"Chỉ tiêu tính đến {date(as_of)}: {len(rows)}" if rows and targets
               else f"Công việc tính đến {date(as_of)}: {len(rows)}"),
    )


def unassigned_table(found: list[Task], as_of: dt.date) -> Table:
    return Table(
        _task_columns([Column("Trạng thái"), Column("Phân loại")]),
        tuple((*_task_cells(t), t.status_label, t.progress_label) for t in found),
        title=f"Nhiệm vụ cần phân công lại tính đến {date(as_of)}: {len(found)}",
        notes=("Cơ quan chủ trì đã chấm dứt hoạt động hoặc chia tách mà chưa phân công lại; "
               "dữ liệu giữ cơ quan chủ trì ban đầu.",),
    )


def _detail_rows(detail: EntryDetail) -> list[tuple[str, str]]:
    # a duty is titled by its own words: its body, already the "Nội dung", is not said twice
    body = "" if " ".join(detail.body) == detail.title else "\n".join(detail.body)
    fields = [
        ("Kế hoạch", detail.plan_label), ("Mục", detail.ref),
        ("Loại", ENTRY_KIND_LABELS.get(detail.kind, detail.kind)),
        ("Tiêu đề", detail.written_title or ""),
        ("Nội dung", detail.title), ("Giao việc", detail.assignment or ""),
        ("Chi tiết", body), ("Chủ trì", names(detail.lead)),
        ("Chủ trì hiện nay", detail.lead_now or ""),
        ("Chủ trì (nguyên văn)", detail.lead_text or ""), ("Phối hợp", names(detail.cooperating)),
        ("Phối hợp (nguyên văn)", detail.cooperating_text or ""),
        ("Thời gian", detail.deadline_text or detail.no_deadline or ""),
        ("Không ghi chủ trì", detail.no_lead or ""),
        ("Kinh phí", as_written(detail.budget_text, detail.budget_amount, detail.budget_per_year)
         if detail.budget_text is not None else ""),
        ("Hồ sơ ứng cử", names(detail.dossier)), ("Ghi chú", detail.note or ""),
    ]
    return [(label, value) for label, value in fields if value]


def _link_relation(link: Link) -> str:
    return f"{link.relation} {INFERRED}" if link.inferred else link.relation


def _occurrence_rows(found: Sequence[Task], leads_by_year: dict[int, tuple[str, ...]] | None = None
                     ) -> tuple[tuple[str, ...], ...]:
    """An occurrence a row; with `leads_by_year`, who leads the occurrence's year after its
    period (ItemDetail.leads_by_year)."""
    by_year = leads_by_year or {}
    return tuple((t.period, *((names(by_year.get(t.year or 0, ())),) if by_year else ()), _due(t),
                  status_cell(t), t.status_derived or "", t.progress_label) for t in found)


def _occurrence_columns(found: Sequence[Task], leads_by_year: dict[int, tuple[str, ...]] | None
                        = None) -> tuple[Column, ...]:
    """A deadline recurring within the year has an occurrence a month or quarter ("3/2025", the
    month it falls due): its column is the period ("Kỳ"), not the year. Years led by different
    agencies (an annual plan's part) name each year's leads ("Chủ trì trong năm")."""
    return (Column("Kỳ (tháng/năm)" if any(t.month for t in found) else "Năm"),
            *((Column("Chủ trì trong năm", max_width=LEAD_WIDTH, wrap=True, pieces="; "),)
              if leads_by_year else ()),
            Column("Hạn", max_width=50, wrap=True, csv=DUE_CSV), STATUS, DERIVED,
            Column("Phân loại"))


def item_tables(item: ItemDetail) -> list[Table]:
    """A work item: its deadline and status, where it is named, and each part's status."""
    deadline = item.deadline_text or NO_DEADLINE
    if item.deadline_source:
        deadline += f" ({item.deadline_source})"
    notes = tuple(f"Thời hạn khác: {other}" for other in item.other_deadlines)
    return [
        Table(_occurrence_columns(item.occurrences, item.leads_by_year),
              _occurrence_rows(item.occurrences, item.leads_by_year),
              title=f"Công việc {item.id}: {item.title} — thời hạn {deadline}", notes=notes),
        Table((Column("Vai trò"), Column("Kế hoạch"), Column("Mục"),
               Column("Liên kết", wrap=True), Column("Thời gian (nguyên văn)", wrap=True),
               Column("Lý do suy luận", max_width=TITLE_WIDTH, wrap=True)),
              tuple((ROLE_LABELS[m.role], m.plan, m.ref,
                     m.relation + (f" {INFERRED}" if m.inferred else ""), m.deadline_text or "",
                     m.inferred or "") for m in item.mentions),
              title=f"Các chỗ nhắc đến công việc {item.id}"),
        Table((Column("Kế hoạch"), Column("Mục"),
               Column("Nội dung", max_width=TITLE_WIDTH, wrap=True),
               Column("Chủ trì", max_width=LEAD_WIDTH, wrap=True, pieces="; "),
               *_occurrence_columns(item.parts)),
              tuple((t.plan, t.ref, t.title, names(t.lead), *row)
                    for t, row in zip(item.parts, _occurrence_rows(item.parts), strict=True)),
              title=f"Các phần việc của công việc {item.id}"),
    ]


def show_tables(detail: EntryDetail) -> list[Table]:
    """The entry's fields, its occurrences, status history and links (those it has), then the
    work items it belongs to."""
    found = [Table((Column("Trường"), Column("Nội dung", wrap=True)), tuple(_detail_rows(detail)),
                   title=f"{detail.plan}:{detail.ref}")]
    if detail.occurrences:
        # the entry that records a work item has the item's occurrences, and its years' leads
        by_year = next((i.leads_by_year for i in detail.items
                        if i.id == f"{detail.plan}:{detail.ref}"), None)
        found.append(Table(_occurrence_columns(detail.occurrences, by_year),
                           _occurrence_rows(detail.occurrences, by_year), title="Các lần đến hạn",
                           notes=(WITHIN_YEAR,) if any(t.month for t in detail.occurrences)
                           else ()))
    if detail.history:
        found.append(Table(
            (Column("Ngày"), Column("Kỳ" if any(h.month for h in detail.history) else "Năm"),
             Column("Trạng thái"), Column("Ghi chú", wrap=True),
             Column("Căn cứ", wrap=True), Column("Lý do", wrap=True)),
            tuple((date(h.date), h.period, STATUS_LABELS[h.status], h.note or "",
                   " ".join(x for x in (h.evidence, h.link) if x), h.reason or "")
                  for h in detail.history),
            title="Lịch sử cập nhật",
        ))
    if detail.links:
        found.append(Table(
            (Column("Liên kết"), Column("Kế hoạch"), Column("Mục"),
             Column("Nội dung", max_width=TITLE_WIDTH, wrap=True)),
            tuple((_link_relation(link), link.plan, link.ref, link.title)
                  for link in detail.links),
            title="Liên kết",
        ))
    for item in detail.items:
        found += item_tables(item)
    return found


def _amount(value: Decimal) -> Amount:
    """An amount in a table: "1,5 tỷ" for people, its number in tỷ đồng for CSV."""
    return Amount(vnd(value) if value else "0", value)


def _apart_rows(label: str, items: Sequence[Unbudgeted]) -> list[str]:
    return [f"{label}: {u.plan}:{u.ref} {u.title}" for u in items]


def _share_note(share: Share, label: str) -> str:
    return f"{label}: {share.plan}:{share.ref} {share.title} ({vnd(share.amount)})"


def year_budget_table(result: YearBudget) -> Table:
    """The year's rows, a total line, then what is listed apart and the rule used."""
    from hncc.queries.budget import BASIS_LABELS

    columns: tuple[Column, ...]
    rows: list[tuple[str, ...]]
    totals: tuple[str, ...]
    if result.by == "item":
        columns = (Column("Kế hoạch"), Column("Mục"),
                   Column("Nội dung", max_width=TITLE_WIDTH, wrap=True),
                   Column("Chủ trì", max_width=LEAD_WIDTH, wrap=True, pieces="; "),
                   Column("Kinh phí ghi"),
                   Column("Trong năm", right=True), Column("Cách tính"))
        rows = [(s.plan, s.ref, s.title, names(s.lead), s.budget_text or "",
                 Amount(vnd(s.amount), s.amount), BASIS_LABELS[s.basis])
                for r in result.rows for s in r.items]
        totals = ("Tổng", "", "", "", "", _amount(result.total), "")
    else:
        columns = (Column({"plan": "Kế hoạch", "agency": "Cơ quan chủ trì",
                           "initiative": "Sáng kiến"}[result.by], max_width=TITLE_WIDTH,
                          wrap=result.by != "plan"),
                   Column("Chắc chắn", right=True), Column("Phân bổ", right=True),
                   Column("Tổng", right=True), Column("Số mục", right=True))
        rows = [(r.label, _amount(r.firm), _amount(r.apportioned), _amount(r.total),
                 str(len(r.items))) for r in result.rows]
        totals = ("Tổng", _amount(result.firm), _amount(result.apportioned), _amount(result.total),
                  "")
    notes = [
        *[_share_note(s, f"Nhắc lại {s.restates}, không cộng") for s in result.restated],
        *[_share_note(s, "Không xác định năm") for s in result.undated],
        *_apart_rows("Không có kinh phí (“-”)", result.no_budget),
        *_apart_rows("Không ghi kinh phí", result.not_stated),
        result.rule,
    ]
    if result.stated:
        title = (f"Dự kiến kinh phí năm {result.year}: {vnd(result.total)} (chắc chắn "
                 f"{_amount(result.firm)}, phân bổ {_amount(result.apportioned)})")
    else:  # "0" would claim an amount of zero, which no item states: nor does the total
        title = (f"Dự kiến kinh phí năm {result.year}: không công việc nào ghi khoản kinh phí "
                 "cho năm này (không phải 0 đồng)")
        totals = tuple(Amount(BUDGET_NOT_STATED, cell.value) if isinstance(cell, Amount) else cell
                       for cell in totals)
    return Table(columns, tuple(rows), title=title, notes=tuple(notes), totals=(totals,),
                 stamp=(("Năm", str(result.year)),))


def overview_table(result: BudgetOverview) -> Table:
    # A year that no item states an amount for says so (CSV too), rather than 0
    rows = [(str(y.year), _amount(y.firm), _amount(y.apportioned), _amount(y.total)) if y.stated
            else (str(y.year), *[BUDGET_NOT_STATED] * 3) for y in result.years]
    totals = ("Tổng", _amount(result.firm), _amount(result.apportioned), _amount(result.total))
    notes = [*[_share_note(s, "Không xác định năm") for s in result.undated], result.rule]
    return Table((Column("Năm"), Column("Chắc chắn", right=True), Column("Phân bổ", right=True),
                  Column("Tổng", right=True)), tuple(rows), title="Dự kiến kinh phí theo năm",
                 notes=tuple(notes), totals=(totals,))


_WORKLOAD_COLUMNS = (
    Column("Chủ trì", right=True), Column("Phối hợp", right=True),
    Column("Xong đúng hạn", right=True), Column("Xong quá hạn", right=True),
    Column("Chưa xong, trong hạn", right=True), Column("Chưa xong, quá hạn", right=True),
    Column("Chưa có thời hạn", right=True), Column("Quá thời hạn kế hoạch", right=True),
    Column("Đã hủy", right=True), Column("Kinh phí chủ trì", right=True),
)


# The money led when no amount is stated for it, as `hncc budget` words those items: never "0".
BUDGET_NOT_STATED = "không ghi"
BUDGET_NONE = "không có (“-”)"
BUDGET_UNDATED = "không xác định năm"


def _budget_led_cell(w: Workload) -> str:
    """The money an agency leads: an amount, or why there is none (blank when it leads
    nothing)."""
    if w.budget_led is not None:
        return _amount(w.budget_led)
    if not w.led:
        return ""
    return {"none": BUDGET_NONE, "undated": BUDGET_UNDATED}.get(w.budget_state,
                                                                 BUDGET_NOT_STATED)


def _workload_cells(w: Workload) -> tuple[str, ...]:
    counts = (w.led, w.supported, w.done_on_time, w.done_late, w.pending, w.overdue,
              w.no_deadline, w.past_plan, w.cancelled)
    return (*(str(n) for n in counts), _budget_led_cell(w))


SHARED_NOTES = 20  # items of split money a table names; JSON names them all


def _shared_notes(found: Sequence[Workload]) -> list[str]:
    """The items whose money is split between their leads, SHARED_NOTES at most (a city's table
    would end in thousands of lines), and how many more there are."""
    shared = list(dict.fromkeys(item for w in found for item in w.budget_shared))
    notes = [f"Kinh phí đồng chủ trì: {item}" for item in shared[:SHARED_NOTES]]
    if len(shared) > SHARED_NOTES:
        more = f"{len(shared) - SHARED_NOTES:,}".replace(",", ".")  # 3.980: Vietnamese thousands
        notes.append(f"Kinh phí đồng chủ trì: … và {more} công việc khác (--format json liệt kê "
                     "đủ).")
    return notes


# What the counts of a workload are: items for the roles, occurrences for the states (a yearly
# item led counts once under "Chủ trì" and once a year in its state's column).
WORKLOAD_COUNTS = (
    "Số công việc chủ trì, phối hợp đếm mỗi công việc một lần (dòng phụ lục cùng các mục nó tóm "
    "tắt là một công việc); cơ quan chủ trì một phần việc được tính là chủ trì công việc. Các cột "
    "trạng thái đếm theo lần đến hạn của các công việc chủ trì; “chưa có thời hạn” và “quá thời "
    "hạn kế hoạch” là công việc không có thời hạn, khi kế hoạch còn và khi kế hoạch đã hết thời kỳ.")


# CSV writes an agency's name and what became of it ("…, nay là … từ 01/3/2025") apart.
AGENCY_CSV = ("Cơ quan", "Tình trạng")

NARROWED = "Chỉ liệt kê các cơ quan có công việc trong kế hoạch hoặc năm đã chọn."


def _workload_scope(year: int | None, plan: str | None) -> tuple[tuple[str, str], ...]:
    """The year and the plan (key) a workload is counted in, as a table's stamp."""
    return (*((("Năm", str(year)),) if year is not None else ()),
            *((("Kế hoạch", plan),) if plan is not None else ()))


def _of_scope(scope: tuple[tuple[str, str], ...]) -> str:
    """" năm 2023, Kế hoạch 102/KH-UBND@2022," for a title: what the counts are of."""
    return "".join(f" {'năm' if header == 'Năm' else header} {value}," for header, value in scope)


def workload_table(found: list[Workload], as_of: dt.date, year: int | None = None,
                   plan: str | None = None) -> Table:
    """The workload table, of `year` and of `plan` (its key) when given, which list only the
    agencies with work in them (hncc.queries.workload.workload), and say so; the title names
    them, CSV in a cell of every row."""
    total = sum((w.budget_led for w in found if w.budget_led is not None), Decimal(0))
    scope = _workload_scope(year, plan)
    return Table(
        (Column("Cơ quan", max_width=50, wrap=True, csv=AGENCY_CSV), *_WORKLOAD_COLUMNS),
        tuple((Parts(w.now, (w.agency, w.now)) if w.now else w.agency, *_workload_cells(w))
              for w in found),
        totals=(("Tổng kinh phí", *[""] * (len(_WORKLOAD_COLUMNS) - 1), _amount(total)),),
        title=f"Khối lượng công việc theo cơ quan{_of_scope(scope) or ','} tính đến {date(as_of)}",
        stamp=scope,
        notes=(WORKLOAD_COUNTS, *((NARROWED,) if scope else ()), *_shared_notes(found),
               "Kinh phí của công việc có nhiều cơ quan chủ trì được chia đều; cột kinh phí cộng "
               "lại bằng tổng của “hncc budget” cùng kỳ. “Không ghi”: công việc cơ quan chủ trì "
               "không ghi số tiền; “không có”: ghi “-” (không có kinh phí); “không xác định năm”: có số "
               "tiền nhưng không rõ năm (“hncc budget” liệt kê riêng); không phải số 0."),
    )


def agency_tables(record: AgencyRecord, as_of: dt.date, name_of: Callable[[str], str] = str,
                  year: int | None = None, plan: str | None = None) -> list[Table]:
    """The record's fields and its workload (of `year` and `plan` when given); `name_of` names
    the agencies of its successions."""
    from hncc.domain.succession import record_text

    fields = [
        ("Tên chính thức", record.name), ("Mã", record.id), ("Loại", record.kind_label),
        ("Tên viết tắt", names(record.short)), ("Cách viết khác", names(record.aliases)),
        ("Kế nhiệm", "\n".join(record_text(s, name_of) for s in record.succession)),
        (f"Tình trạng ngày {date(as_of)}", record.now or ""),
        ("Tiếp nhận nhiệm vụ của", "\n".join(i.reason for i in record.inherited or ())
         or names(record.predecessors)),
        ("Ghi chú", record.note or ""),
    ]
    scope = _workload_scope(year, plan)
    return [
        Table((Column("Trường"), Column("Nội dung", wrap=True)),
              tuple((k, v) for k, v in fields if v),
              title=record.name),
        Table(_WORKLOAD_COLUMNS, (_workload_cells(record.workload),),
              title=f"Khối lượng công việc{_of_scope(scope)} tính đến {date(as_of)}",
              stamp=scope,
              notes=(WORKLOAD_COUNTS, *_shared_notes([record.workload]))),
    ]
