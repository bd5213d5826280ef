"""A comparison of two versions of the plan data (hncc.queries.diff) as Vietnamese text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hncc.domain.dates import format_date
from hncc.domain.deadlines import period_words
from hncc.domain.money import vnd
from hncc.domain.status import STATUS_WORDS
from hncc.queries.diff import AGENCY_ROLES, REGISTRY, Change, Comparison


def render_text(comparison: Comparison) -> str:
    """The comparison in Vietnamese, one block per plan."""
    lines = [f"So sánh dữ liệu kế hoạch: {comparison.old_label} → {comparison.new_label}"]
    plan = None
    for change in comparison.changes:
        if change.plan != plan:
            plan = change.plan
            lines.append(f"\nDanh mục cơ quan ({REGISTRY}):" if plan == REGISTRY
                         else f"\nKế hoạch {plan}:")
        # A note written on several lines stays inside its change, indented under it
        lines.append("  " + describe(change).replace("\n", "\n    "))
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
        case "title":
            return f"{where}: nội dung “{change.old}” → “{change.new}”"
        case "agency-added":
            return f"+ Thêm cơ quan {change.new} ({change.ref})"
        case "agency-removed":
            return f"- Bỏ cơ quan {change.old} ({change.ref})"
        case "agency-changed":
            return f"Cơ quan {change.ref}: " + "; ".join(
                f"{_AGENCY_FIELDS[name]} {_listed(change.old[name])} → {_listed(change.new[name])}"
                for name in change.new if change.old[name] != change.new[name])
        case "succession-added":
            return f"+ Kế nhiệm: {change.new}"
        case "succession-removed":
            return f"- Bỏ kế nhiệm: {change.old}"
        case "status-rewritten":
            return (f"{where}: lịch sử trạng thái bị sửa (không chỉ ghi thêm vào cuối): "
                    f"{len(change.old)} → {len(change.new)} cập nhật; cần xem kỹ")
        case "deadline":
            return f"{where}: thời hạn {_deadline(change.old)} → {_deadline(change.new)}"
        case "budget":
            return f"{where}: kinh phí {_budget(change.old)} → {_budget(change.new)}"
        case "field":
            name = change.new["field"]
            return (f"{where or 'Phần đầu kế hoạch'}: {_FIELD_WORDS.get(name, name)} "
                    f"{_any(change.old['value'])} → {_any(change.new['value'])}")
        case _:
            before, after = (", ".join(v) or "(không có)" for v in (change.old, change.new))
            return f"{where}: {AGENCY_ROLES[change.kind]} {before} → {after}"


# What a reviewer calls the keys that `field` changes name (docs/data-format.md); others by key.
_FIELD_WORDS = {
    "kind": "loại", "assignment": "câu giao việc", "body": "nội dung chi tiết",
    "lead_text": "chủ trì (nguyên văn)", "cooperating_text": "phối hợp (nguyên văn)",
    "no_lead": "lý do không có chủ trì", "directing": "cơ quan ban hành chỉ đạo",
    "no_deadline": "lý do không có thời hạn", "time_text": "thời gian (nguyên văn, chưa đọc được)",
    "funding_source": "nguồn kinh phí", "outputs": "sản phẩm", "dossier": "mục hồ sơ",
    "summarizes": "tóm tắt mục", "achieved_by": "đạt được nhờ", "implements": "thực hiện mục",
    "inferred": "lý do suy luận", "unlinked": "lý do không liên kết", "note": "ghi chú",
    "number": "số", "issuer": "cơ quan ban hành", "date": "ngày ban hành", "signer": "người ký",
    "signer_title": "chức vụ người ký", "horizon": "thời kỳ", "attached_to": "ban hành kèm theo",
    "cites": "văn bản dẫn chiếu", "source": "nguồn", "purpose": "mục đích",
    "requirements": "yêu cầu", "funding": "kinh phí (nguyên văn)", "appendix.title": "tên phụ lục",
}


def _any(value: object) -> str:
    """A value of any key, as a reviewer reads it: text quoted, lists item by item."""
    if value is None or value == []:
        return "(không có)"
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, list):
        return "; ".join(_any(item) for item in value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_any(item)}" for key, item in value.items()) + "}"
    return str(value)


_AGENCY_FIELDS = {"name": "tên", "short": "tên viết tắt", "aliases": "cách viết khác",
                  "kind": "loại"}


def _listed(value: str | list[str]) -> str:
    if isinstance(value, str):
        return f"“{value}”"
    return ", ".join(f"“{v}”" for v in value) or "(không có)"


def _status(update: dict) -> str:
    words = [f"“{STATUS_WORDS[update['status']]}”"]
    if "year" in update:
        words.append(f"(kỳ {period_words(update['year'], update.get('month'))})")
    words.append(f"ngày {_date(update['date'])}")
    # Each text named, as the report names them, so a reviewer sees which column of a form
    # (or which option) said what: the note bare, the others by what they are
    said = [f"{_UPDATE_WORDS[key]}{update[key]}" for key in _UPDATE_WORDS if key in update]
    if said:
        words.append("— " + "; ".join(said))
    return " ".join(words)


_UPDATE_WORDS = {"note": "", "evidence": "văn bản: ", "reason": "lý do: ",
                 "difficulties": "khó khăn: ", "link": "đường dẫn: "}


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
        amount = vnd(Decimal(str(value["amount"])), "tỷ đồng")  # "1,5 tỷ đồng", never "1.5"
        text += f" = {amount}{'/năm' if value.get('per_year') else ''}"
    return text
