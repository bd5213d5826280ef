"""What changed in the plan data between two versions, in the terms a reviewer thinks in.

`compare` takes two loaded datasets and returns plain data: plans and entries added or removed,
status updates appended, deadlines, budgets and agencies changed. `render_text` says it in
Vietnamese, grouped by plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from hncc.data.loader import Loaded
from hncc.data.model import Entry, Plan
from hncc.domain.dates import format_date
from hncc.domain.problems import Problem, Severity
from hncc.domain.status import STATUS_WORDS

AGENCY_ROLES = {"lead": "cơ quan chủ trì", "cooperating": "cơ quan phối hợp"}


@dataclass(frozen=True)
class Change:
    """One change. `kind` is a stable code; `old` and `new` are JSON-ready values."""

    plan: str
    kind: str  # plan-added, plan-removed, entry-added, entry-removed, status-added,
    #            status-rewritten, deadline, budget, lead, cooperating
    ref: str | None = None
    old: Any = None
    new: Any = None


@dataclass(frozen=True)
class Comparison:
    old_label: str
    new_label: str
    changes: list[Change]
    problems: list[tuple[str, Problem]]  # (label of the version, an error found there)

    def as_dict(self, cwd: Any = None) -> dict:
        return {
            "from": self.old_label,
            "to": self.new_label,
            "changes": [asdict(change) for change in self.changes],
            "problems": [{"version": label, **problem.as_dict(cwd)}
                         for label, problem in self.problems],
        }


def compare(old: Loaded, new: Loaded, old_label: str, new_label: str) -> Comparison:
    """The changes from `old` to `new`, plan by plan, in file order of `new`."""
    old_plans = {pf.plan.key: pf.plan for pf in old.dataset.plans}
    new_plans = {pf.plan.key: pf.plan for pf in new.dataset.plans}
    changes: list[Change] = []
    for key, plan in new_plans.items():
        if key in old_plans:
            changes += _plan_changes(old_plans[key], plan)
        else:
            changes.append(Change(key, "plan-added", new=plan.title))
    changes += [Change(key, "plan-removed", old=plan.title)
                for key, plan in old_plans.items() if key not in new_plans]
    problems = [(label, problem) for label, dataset in ((old_label, old), (new_label, new))
                for problem in dataset.problems if problem.severity is Severity.ERROR]
    return Comparison(old_label, new_label, changes, problems)


def _plan_changes(old: Plan, new: Plan) -> list[Change]:
    changes = []
    for ref, entry in new.by_ref.items():
        before = old.by_ref.get(ref)
        if before is None:
            changes.append(Change(new.key, "entry-added", ref, new=new.display_title(entry)))
        else:
            changes += _entry_changes(new.key, before, entry)
    changes += [Change(new.key, "entry-removed", ref, old=old.display_title(entry))
                for ref, entry in old.by_ref.items() if ref not in new.by_ref]
    return changes


def _entry_changes(plan: str, old: Entry, new: Entry) -> list[Change]:
    changes = []
    for name in ("deadline", "budget"):
        before, after = _value(getattr(old, name)), _value(getattr(new, name))
        if before != after:
            changes.append(Change(plan, name, new.ref, before, after))
    for name in AGENCY_ROLES:
        if getattr(old, name) != getattr(new, name):
            changes.append(Change(plan, name, new.ref, getattr(old, name), getattr(new, name)))
    old_history, new_history = [_value(s) for s in old.status], [_value(s) for s in new.status]
    if new_history[: len(old_history)] == old_history:
        changes += [Change(plan, "status-added", new.ref, new=update)
                    for update in new_history[len(old_history):]]
    else:
        changes.append(Change(plan, "status-rewritten", new.ref, old_history, new_history))
    return changes


def _value(model: Any) -> dict | None:
    return None if model is None else model.model_dump(mode="json", exclude_none=True)


def render_text(comparison: Comparison) -> str:
    """The comparison in Vietnamese, one block per plan."""
    lines = [f"So sánh dữ liệu kế hoạch: {comparison.old_label} → {comparison.new_label}"]
    plan = None
    for change in comparison.changes:
        if change.plan != plan:
            plan = change.plan
            lines.append(f"\nKế hoạch {plan}:")
        lines.append(f"  {describe(change)}")
    if not comparison.changes:
        lines.append("Không có thay đổi nào về nội dung kế hoạch.")
    if comparison.problems:
        lines.append("\nLỗi dữ liệu (các tệp này không so sánh được đầy đủ):")
        lines += [f"  [{label}] {problem.file.name}:{problem.line}: {problem.message}"
                  for label, problem in comparison.problems]
    return "\n".join(lines)


def describe(change: Change) -> str:
    """One change as a Vietnamese sentence."""
    where = f"Mục {change.ref}" if change.ref else ""
    match change.kind:
        case "plan-added":
            return f"+ Kế hoạch mới: {change.new}"
        case "plan-removed":
            return f"- Đã xóa kế hoạch: {change.old}"
        case "entry-added":
            return f"+ Thêm mục {change.ref}: {change.new}"
        case "entry-removed":
            return f"- Bỏ mục {change.ref}: {change.old}"
        case "status-added":
            return f"{where}: trạng thái {_status(change.new)}"
        case "status-rewritten":
            return (f"{where}: lịch sử trạng thái bị sửa (không chỉ ghi thêm vào cuối): "
                    f"{len(change.old)} → {len(change.new)} cập nhật; cần xem kỹ")
        case "deadline":
            return f"{where}: thời hạn {_deadline(change.old)} → {_deadline(change.new)}"
        case "budget":
            return f"{where}: kinh phí {_budget(change.old)} → {_budget(change.new)}"
        case _:
            before, after = (", ".join(v) or "(không có)" for v in (change.old, change.new))
            return f"{where}: {AGENCY_ROLES[change.kind]} {before} → {after}"


def _status(update: dict) -> str:
    words = [f"“{STATUS_WORDS[update['status']]}”"]
    if "year" in update:
        words.append(f"(kỳ năm {update['year']})")
    words.append(f"ngày {_date(update['date'])}")
    words += [f"— {update[key]}" for key in ("note", "evidence", "reason", "link") if key in update]
    return " ".join(words)


def _date(iso: str) -> str:
    return format_date(dt.date.fromisoformat(iso))


def _deadline(value: dict | None) -> str:
    if value is None:
        return "(không có)"
    text = f"“{value['text']}”" if "text" in value else "(không ghi cụm từ)"
    return f"{text} (hạn {_date(value['due'])})" if "due" in value else text


def _budget(value: dict | None) -> str:
    if value is None:
        return "(không có)"
    text = f"“{value['text']}”" if "text" in value else "(không ghi)"
    if "amount" in value:
        text += f" = {value['amount']} tỷ đồng{'/năm' if value.get('per_year') else ''}"
    return text
