"""Query results as tables of Vietnamese text: dates dd/mm/yyyy, amounts "1,5 tỷ".

Each function takes a result from hncc.queries (tasks, budget, workload) and returns
hncc.render.tables.Table objects, which hncc.render.tables lays out as a terminal table, text,
CSV or Markdown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from hncc.domain.dates import format_date as date
from hncc.domain.money import vnd
from hncc.domain.status import STATUS_LABELS
from hncc.render.tables import Amount, Column, Table

if TYPE_CHECKING:  # the task lists, which must start fast, need none of these modules
    from hncc.queries.budget import BudgetOverview, Share, Unbudgeted, YearBudget
    from hncc.queries.tasks import EntryDetail, OverdueTask, Task
    from hncc.queries.workload import AgencyRecord, Workload

TITLE_WIDTH = 60
NO_DEADLINE = "không có hạn"
ENTRY_KIND_LABELS = {
    "target": "chỉ tiêu", "group": "đề mục", "activity": "hoạt động", "initiative": "sáng kiến",
    "assignment": "phân công", "duty": "nhiệm vụ", "row": "dòng phụ lục",
}


def names(values: Sequence[str]) -> str:
    return "; ".join(values)


def _due(task: Task) -> str:
    if task.due is None:
        return NO_DEADLINE
    return date(task.due) + (" (dự kiến)" if task.approximate else "")


def _task_columns(last: Sequence[Column]) -> tuple[Column, ...]:
    return (Column("Kế hoạch"), Column("Mục"), Column("Nội dung", max_width=TITLE_WIDTH, wrap=True),
            Column("Chủ trì", max_width=40, wrap=True), Column("Hạn"), *last)


def _task_cells(task: Task) -> tuple[str, ...]:
    return (task.plan, task.ref, task.title, task.lead_now or names(task.lead), _due(task))


def overdue_table(found: list[OverdueTask], as_of: dt.date) -> Table:
    return Table(
        _task_columns([Column("Quá hạn (ngày)", right=True), Column("Trạng thái")]),
        tuple((*_task_cells(t), str(t.days_overdue), t.status_label) for t in found),
        title=f"Nhiệm vụ quá hạn tính đến {date(as_of)}: {len(found)}",
    )


def upcoming_table(found: list[Task], as_of: dt.date, within: int) -> Table:
    return Table(
        _task_columns([Column("Còn (ngày)", right=True), Column("Trạng thái")]),
        tuple((*_task_cells(t), str((t.due - as_of).days) if t.due else "", t.status_label)
              for t in found),
        title=f"Nhiệm vụ đến hạn trong {within} ngày kể từ {date(as_of)}: {len(found)}",
    )


def tasks_table(found: list[Task], as_of: dt.date) -> Table:
    return Table(
        _task_columns([Column("Thời gian (nguyên văn)", wrap=True), Column("Trạng thái"),
                       Column("Phân loại")]),
        tuple((*_task_cells(t), t.deadline_text or "", t.status_label, t.progress_label)
              for t in found),
        title=f"Nhiệm vụ tính đến {date(as_of)}: {len(found)}",
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
    fields = [
        ("Kế hoạch", detail.plan_label), ("Mục", detail.ref),
        ("Loại", ENTRY_KIND_LABELS.get(detail.kind, detail.kind)),
        ("Nội dung", detail.title), ("Giao việc", detail.assignment or ""),
        ("Chi tiết", "\n".join(detail.body)), ("Chủ trì", names(detail.lead)),
        ("Chủ trì hiện nay", detail.lead_now or ""),
        ("Chủ trì (nguyên văn)", detail.lead_text or ""), ("Phối hợp", names(detail.cooperating)),
        ("Phối hợp (nguyên văn)", detail.cooperating_text or ""),
        ("Thời gian", detail.deadline_text or detail.no_deadline or ""),
        ("Kinh phí (tỷ đồng)", detail.budget_text if detail.budget_text is not None else ""),
        ("Hồ sơ ứng cử", names(detail.dossier)), ("Ghi chú", detail.note or ""),
    ]
    return [(label, value) for label, value in fields if value]


def show_tables(detail: EntryDetail) -> list[Table]:
    """The entry's fields, then its occurrences, status history and links (those it has)."""
    found = [Table((Column("Trường"), Column("Nội dung", wrap=True)), tuple(_detail_rows(detail)),
                   title=f"{detail.plan}:{detail.ref}")]
    if detail.occurrences:
        found.append(Table(
            (Column("Năm"), Column("Hạn"), Column("Trạng thái"), Column("Phân loại")),
            tuple((str(t.year or ""), _due(t), t.status_label, t.progress_label)
                  for t in detail.occurrences),
            title="Các lần đến hạn",
        ))
    if detail.history:
        found.append(Table(
            (Column("Ngày"), Column("Năm"), Column("Trạng thái"), Column("Ghi chú", wrap=True),
             Column("Căn cứ", wrap=True), Column("Lý do", wrap=True)),
            tuple((date(h.date), str(h.year or ""), STATUS_LABELS[h.status], h.note or "",
                   " ".join(x for x in (h.evidence, h.link) if x), h.reason or "")
                  for h in detail.history),
            title="Lịch sử cập nhật",
        ))
    if detail.links:
        found.append(Table(
            (Column("Liên kết"), Column("Kế hoạch"), Column("Mục"),
             Column("Nội dung", max_width=TITLE_WIDTH, wrap=True)),
            tuple((link.relation, link.plan, link.ref, link.title) for link in detail.links),
            title="Liên kết",
        ))
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
                   Column("Chủ trì", max_width=40, wrap=True), Column("Kinh phí ghi"),
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
    title = (f"Dự kiến kinh phí năm {result.year}: {vnd(result.total)} (chắc chắn "
             f"{_amount(result.firm)}, phân bổ {_amount(result.apportioned)})")
    return Table(columns, tuple(rows), title=title, notes=tuple(notes), totals=(totals,))


def overview_table(result: BudgetOverview) -> Table:
    rows = [(str(y.year), _amount(y.firm), _amount(y.apportioned), _amount(y.total))
            for y in result.years]
    totals = ("Tổng", _amount(result.firm), _amount(result.apportioned), _amount(result.total))
    notes = [*[_share_note(s, "Không xác định năm") for s in result.undated], result.rule]
    return Table((Column("Năm"), Column("Chắc chắn", right=True), Column("Phân bổ", right=True),
                  Column("Tổng", right=True)), tuple(rows), title="Dự kiến kinh phí theo năm",
                 notes=tuple(notes), totals=(totals,))


_WORKLOAD_COLUMNS = (
    Column("Chủ trì", right=True), Column("Phối hợp", right=True),
    Column("Xong đúng hạn", right=True), Column("Xong quá hạn", right=True),
    Column("Chưa xong, trong hạn", right=True), Column("Chưa xong, quá hạn", right=True),
    Column("Đã hủy", right=True), Column("Kinh phí chủ trì", right=True),
)


def _workload_cells(w: Workload) -> tuple[str, ...]:
    counts = (w.led, w.supported, w.done_on_time, w.done_late, w.pending, w.overdue, w.cancelled)
    return (*(str(n) for n in counts), _amount(w.budget_led))


def workload_table(found: list[Workload], as_of: dt.date) -> Table:
    return Table(
        (Column("Cơ quan", max_width=50, wrap=True), *_WORKLOAD_COLUMNS),
        tuple((w.now or w.agency, *_workload_cells(w)) for w in found),
        title=f"Khối lượng công việc theo cơ quan, tính đến {date(as_of)}",
        notes=("Số mục chủ trì, phối hợp đếm theo mục; các cột trạng thái đếm theo lần đến hạn "
               "của các mục chủ trì.",),
    )


def agency_tables(record: AgencyRecord, as_of: dt.date,
                  name_of: Callable[[str], str] = str) -> list[Table]:
    """The record's fields and its workload; `name_of` names the agencies of its successions."""
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
    return [
        Table((Column("Trường"), Column("Nội dung", wrap=True)),
              tuple((k, v) for k, v in fields if v),
              title=record.name),
        Table(_WORKLOAD_COLUMNS, (_workload_cells(record.workload),),
              title=f"Khối lượng công việc tính đến {date(as_of)}"),
    ]
