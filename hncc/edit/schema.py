"""JSON Schema of the data files, generated from the model, for editors that validate as you type.

VS Code's YAML extension reads the first line of each data file
(`# yaml-language-server: $schema=../../schema/plan.schema.json`) and then flags unknown keys,
wrong types and values outside a list, and completes keys.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from pydantic import BaseModel

from hncc.data.model import AgencyFile, Plan
from hncc.edit import atomic

SCHEMA_DIR = "schema"
SCHEMAS: dict[str, type[BaseModel]] = {
    "plan.schema.json": Plan,
    "agencies.schema.json": AgencyFile,
}
# Models that also accept a bare phrase (model_validator mode="before"): "deadline: Quý II/2022".
PHRASE_FORMS = {
    "Deadline": "Cụm từ thời hạn như nguồn ghi, ví dụ “Quý II/2022”, “Hàng năm”.",
    "Budget": "Ô kinh phí như nguồn ghi, ví dụ “2 tỷ/năm”, “6 tỷ”, “-” (không có), “” (không ghi).",
}
DIALECT = "https://json-schema.org/draft/2020-12/schema"
AMOUNT_PATTERN = r"^\d+(\.\d+)?$"  # "1.5" (tỷ đồng): a decimal point, in quotes
STOPS = ("cancelled", "suspended")  # statuses that need a reason

# What an editor shows on hover, in Vietnamese: the models' titles and descriptions, and each key's.
# Kept here, by name, rather than on every model field, so that the model stays code. A key
# named here for one model ("Agency.kind") wins over the same key anywhere ("kind"). A key with
# no words here keeps its name as its title (tests/test_schema.py lists the missing ones).
MODEL_WORDS: dict[str, tuple[str, str]] = {
    "Plan": ("Kế hoạch", "Một kế hoạch (văn bản) và các mục của nó, ghi đúng như nguồn."),
    "AgencyFile": ("Danh mục cơ quan", "Các cơ quan và nhóm cơ quan mà kế hoạch nhắc đến, với "
                   "mọi cách viết tên."),
    "Agency": ("Cơ quan", "Một cơ quan hoặc nhóm cơ quan, với tên chính thức và các cách viết."),
    "Succession": ("Kế nhiệm", "Từ một ngày, nhiệm vụ của cơ quan này chuyển cho cơ quan khác, "
                   "theo văn bản nguồn."),
    "SuccessionRecord": ("Kế nhiệm (bản ghi)", "Cơ quan nào nhận nhiệm vụ của cơ quan nào, từ ngày "
                         "nào, theo hình thức nào (sáp nhập, hợp nhất, chia tách, chấm dứt), theo "
                         "văn bản nào."),
    "SuccessionSource": ("Nguồn kế nhiệm", "Văn bản quyết định việc sắp xếp, và báo chí đưa tin."),
    "PressReport": ("Bài báo", "Một bài báo đưa tin, với tên báo và ngày đăng."),
    "Appendix": ("Phụ lục", "Bảng phân công của kế hoạch."),
    "AppendixRow": ("Dòng phụ lục", "Một dòng của bảng phân công: nhiệm vụ, cơ quan chủ trì, "
                    "phối hợp, thời gian, kinh phí."),
    "ContentItem": ("Mục nội dung", "Một mục của phần nội dung (hoạt động, sáng kiến, phân công)."),
    "Target": ("Chỉ tiêu", "Một chỉ tiêu (kết quả kế hoạch hướng tới)."),
    "Duty": ("Nhiệm vụ", "Một nhiệm vụ trong phần tổ chức thực hiện."),
    "Deadline": ("Thời hạn", "Thời hạn: cụm từ của nguồn và giá trị đã đọc."),
    "Budget": ("Kinh phí", "Dự kiến kinh phí: ô của nguồn và số tiền (tỷ đồng)."),
    "Citation": ("Văn bản dẫn chiếu", "Một văn bản mà kế hoạch căn cứ hoặc thực hiện."),
    "Gap": ("Chỗ thiếu", "Một chỗ nguồn không đầy đủ hoặc không rõ."),
    "Horizon": ("Thời kỳ", "Các năm kế hoạch bao trùm."),
    "Source": ("Nguồn", "Văn bản nguồn mà dữ liệu được chép từ đó."),
    "StatusEntry": ("Cập nhật trạng thái", "Một lần ghi trạng thái, có ngày, ghi chú và căn cứ."),
}
FIELD_WORDS: dict[str, tuple[str, str]] = {
    "number": ("Số", "Số văn bản, ví dụ 102/KH-UBND."),
    "kind": ("Loại", "Loại văn bản hoặc loại mục."),
    "issuer": ("Cơ quan ban hành", "Cơ quan ban hành văn bản (tên trong danh mục cơ quan)."),
    "date": ("Ngày", "Ngày, dạng YYYY-MM-DD."),
    "signer": ("Người ký", "Người ký văn bản, như nguồn ghi."),
    "signer_title": ("Chức vụ người ký", "Chức vụ người ký, như nguồn ghi."),
    "title": ("Tên", "Tên hoặc nội dung, nguyên văn."),
    "horizon": ("Thời kỳ", "Năm đầu và năm cuối của kế hoạch."),
    "cites": ("Văn bản dẫn chiếu", "Các văn bản mà kế hoạch căn cứ hoặc thực hiện."),
    "source": ("Nguồn", "Nguồn của thông tin này."),
    "purpose": ("Mục đích", "Phần mục đích, nguyên văn."),
    "requirements": ("Yêu cầu", "Phần yêu cầu, nguyên văn."),
    "funding": ("Kinh phí thực hiện", "Phần kinh phí của kế hoạch, nguyên văn."),
    "targets": ("Chỉ tiêu", "Các chỉ tiêu của kế hoạch."),
    "content": ("Nội dung", "Các mục của phần nội dung."),
    "duties": ("Tổ chức thực hiện", "Các nhiệm vụ trong phần tổ chức thực hiện."),
    "appendix": ("Phụ lục", "Bảng phân công của kế hoạch."),
    "rows": ("Các dòng", "Các dòng của bảng phân công."),
    "ref": ("Mã mục", "Số hiệu của mục trong kế hoạch, ví dụ III.1.2.a hoặc PL.II.1."),
    "assignment": ("Giao việc", "Câu giao việc, nguyên văn."),
    "body": ("Chi tiết", "Các ý (gạch đầu dòng) của mục, nguyên văn."),
    "lead": ("Chủ trì", "Cơ quan chủ trì (tên trong danh mục cơ quan)."),
    "cooperating": ("Phối hợp", "Cơ quan phối hợp (tên trong danh mục cơ quan)."),
    "lead_text": ("Chủ trì (nguyên văn)", "Ô chủ trì như nguồn ghi, khi khác danh sách đã tách."),
    "cooperating_text": ("Phối hợp (nguyên văn)", "Ô phối hợp như nguồn ghi, khi khác danh sách "
                         "đã tách."),
    "deadline": ("Thời hạn", "Thời gian như nguồn ghi, ví dụ “Quý II/2022”, “Hàng năm”."),
    "no_deadline": ("Lý do không có hạn", "Vì sao mục không có thời hạn."),
    "budget": ("Kinh phí", "Dự kiến kinh phí như nguồn ghi, ví dụ “2 tỷ/năm”, “6 tỷ”, “-”."),
    "dossier": ("Hồ sơ ứng cử", "Các mục của hồ sơ ứng cử mà mục này nhắc đến."),
    "implements": ("Thực hiện mục", "Mục của kế hoạch gốc mà mục này thực hiện."),
    "note": ("Ghi chú", "Ghi chú của người nhập liệu."),
    "status": ("Trạng thái", "Lịch sử cập nhật trạng thái, chỉ ghi thêm vào cuối."),
    "directing": ("Cơ quan chỉ đạo", "Cơ quan chỉ đạo, ban hành (cột của phụ lục)."),
    "summarizes": ("Tóm tắt các mục", "Các mục phần nội dung mà dòng phụ lục này tóm tắt."),
    "text": ("Nguyên văn", "Cụm từ đúng như nguồn ghi."),
    "amount": ("Số tiền", "Số tiền, tỷ đồng, viết trong dấu nháy, ví dụ \"1.5\"."),
    "per_year": ("Mỗi năm", "Số tiền tính cho từng năm (“/năm”)."),
    "split": ("Phân bổ theo năm", "Số tiền của từng năm khi nguồn ghi rõ cách chia."),
    "relation": ("Quan hệ", "“căn cứ” hoặc “thực hiện”."),
    "where": ("Vị trí", "Chỗ trong văn bản: mã mục, “header” (phần đầu), “end” (cuối), “PL” "
              "(phụ lục)."),
    "due": ("Hạn", "Ngày đến hạn, dạng YYYY-MM-DD."),
    "start": ("Bắt đầu", "Ngày hoặc năm bắt đầu."),
    "end": ("Kết thúc", "Năm kết thúc."),
    "every_years": ("Mấy năm một lần", "Số năm giữa hai lần (1 = hàng năm)."),
    "every_months": ("Mấy tháng một lần", "Lặp lại trong năm: 1 = hằng tháng, 3 = hằng quý, "
                     "6 = 6 tháng một lần (cũng được 2, 4); hạn là ngày cuối mỗi kỳ nếu nguồn "
                     "không ghi ngày."),
    "day_of_month": ("Ngày trong tháng", "Với every_months: hạn vào ngày này của tháng cuối mỗi "
                     "kỳ (“trước ngày 20 hằng tháng”: 20)."),
    "next_month": ("Tháng sau kỳ", "Với every_months: hạn vào tháng ngay sau mỗi kỳ (“ngày 15 "
                   "tháng đầu quý sau”: ngày 15 các tháng 1, 4, 7, 10; kỳ quý IV đến hạn tháng 1 "
                   "năm sau)."),
    "periods": ("Những kỳ trong năm", "Với every_months: chỉ những kỳ này của mỗi năm, đếm từ 1, "
                "mỗi kỳ là một khoảng từ ngày đầu kỳ (“Quý I và Quý III hằng năm”: every_months 3, "
                "periods [1, 3])."),
    "first_year": ("Năm đầu", "Năm của lần đầu tiên."),
    "last_year": ("Năm cuối", "Năm của lần cuối cùng."),
    "day": ("Ngày trong năm", "Hạn trong mỗi năm, dạng DD/MM."),
    "window_start": ("Đầu khoảng", "Ngày bắt đầu khoảng thời gian mỗi năm, dạng DD/MM."),
    "approximate": ("Ước chừng", "Nguồn ghi thời gian ước chừng (“dự kiến”, “đầu năm”)."),
    "document": ("Văn bản", "Tệp văn bản nguồn trong data/sources/."),
    "description": ("Mô tả", "Mô tả nguồn."),
    "url": ("Địa chỉ", "Địa chỉ trang web của nguồn."),
    "complete": ("Đầy đủ", "Nguồn có đầy đủ không (false: ghi chỗ thiếu vào “gaps”)."),
    "gaps": ("Chỗ thiếu", "Những chỗ nguồn không đầy đủ hoặc không rõ."),
    "year": ("Năm", "Kỳ (năm) của mục lặp lại mà cập nhật này thuộc về."),
    "month": ("Tháng", "Với “year”, của mục lặp lại trong năm: tháng đến hạn của kỳ mà cập nhật "
              "này thuộc về (tháng 3 của báo cáo hằng tháng; quý II là tháng 6)."),
    "evidence": ("Căn cứ", "Văn bản chứng minh, ví dụ “Quyết định số 1234/QĐ-UBND”."),
    "link": ("Đường dẫn", "Đường dẫn tới văn bản chứng minh."),
    "reason": ("Lý do", "Lý do (bắt buộc khi hủy hoặc tạm dừng)."),
    "parent": ("Cơ quan chủ quản", "Cơ quan cấp trên, ghi trên đầu văn bản (chỉ khi có nguồn)."),
    "code": ("Ký hiệu", "Chữ viết tắt của cơ quan trong số văn bản, ví dụ “SVHTT” trong "
             "“Số: …/BC-SVHTT” (chỉ khi có nguồn)."),
    "successions": ("Các lần kế nhiệm", "Việc sắp xếp cơ quan: ai nhận nhiệm vụ của ai, từ ngày nào, "
                    "theo văn bản nào."),
    "predecessors": ("Cơ quan trước", "Mã các cơ quan có nhiệm vụ được chuyển đi."),
    "successors": ("Cơ quan kế nhiệm", "Mã các cơ quan nhận nhiệm vụ (để trống khi chấm dứt mà "
                   "chưa phân công lại)."),
    "others": ("Cơ quan khác", "Các cơ quan khác cùng hợp nhất, ghi như nguồn (không có trong "
               "danh mục)."),
    "act": ("Văn bản", "Văn bản quyết định, ghi như nguồn."),
    "press": ("Báo chí", "Các bài báo đưa tin, với ngày đăng."),
    "time_text": ("Thời gian (chưa đọc được)", "Cụm từ thời gian hncc chưa đọc được, nguyên văn "
                  "(ví dụ “Thực hiện thường xuyên”); lý do ghi ở no_deadline."),
    "funding_source": ("Nguồn kinh phí", "Nguồn kinh phí, nguyên văn (ví dụ “Ngân sách tỉnh”, "
                       "“Xã hội hóa”)."),
    "outputs": ("Sản phẩm đầu ra", "Sản phẩm hoặc kết quả dự kiến, nguyên văn."),
    "attached_to": ("Ban hành kèm theo", "Văn bản (thường là Quyết định) mà kế hoạch được ban "
                    "hành kèm theo, khi kế hoạch không có số riêng."),
    "inferred": ("Liên kết suy luận", "Ghi khi liên kết là nhận định của người nhập liệu, không "
                 "phải lời của văn bản: nói vì sao (hncc ghi “(liên kết suy luận)” bên cạnh)."),
    "no_lead": ("Lý do không ghi chủ trì", "Vì sao mục này không có cơ quan chủ trì (nguồn không "
                "ghi, hoặc giao chung cho cả kế hoạch)."),
    "achieved_by": ("Đạt được qua", "Các mục (dòng phụ lục, nội dung) mà chỉ tiêu này đạt được "
                    "qua; cùng một công việc."),
    "unlinked": ("Vì sao không nối", "Vì sao chỉ tiêu này không nối với công việc nào."),
    "difficulties": ("Khó khăn", "Khó khăn, vướng mắc gặp phải khi thực hiện (đưa vào báo cáo của cơ quan)."),
    "agencies": ("Các cơ quan", "Mọi cơ quan và nhóm cơ quan."),
    "id": ("Mã", "Mã cố định của cơ quan, chữ thường không dấu, nối bằng gạch ngang."),
    "name": ("Tên chính thức", "Tên chính thức, đầy đủ."),
    "short": ("Tên viết tắt", "Các tên viết tắt thường dùng."),
    "aliases": ("Cách viết khác", "Các cách viết khác gặp trong văn bản."),
    "succession": ("Kế nhiệm", "Cơ quan nhận lại nhiệm vụ, từ ngày nào, theo văn bản nào."),
    "successor": ("Cơ quan kế nhiệm", "Mã của cơ quan nhận nhiệm vụ."),
    "from": ("Từ ngày", "Ngày bắt đầu, dạng YYYY-MM-DD."),
    "Agency.kind": ("Loại cơ quan", "Sở, ban, cơ quan trung ương, tổ chức quốc tế, nhóm…"),
    "Plan.kind": ("Loại văn bản", "Loại văn bản, ví dụ “Kế hoạch”."),
    "Citation.kind": ("Loại văn bản", "Loại văn bản dẫn chiếu, ví dụ “Kế hoạch”, “Chương trình”."),
    "StatusEntry.status": ("Trạng thái", "not_started (chưa bắt đầu), in_progress (đang thực "
                           "hiện), done (đã hoàn thành), cancelled (đã hủy), suspended (tạm "
                           "dừng)."),
    "StatusEntry.note": ("Ghi chú", "Việc đã làm, kết quả."),
    "StatusEntry.date": ("Ngày cập nhật", "Ngày của cập nhật, dạng YYYY-MM-DD."),
    "Budget.source": ("Nguồn kinh phí", "ngan_sach (ngân sách) hoặc xa_hoi_hoa (xã hội hóa)."),
    "Succession.source": ("Văn bản nguồn", "Văn bản (và bài báo) cho biết sự kế nhiệm."),
    "Horizon.start": ("Năm đầu", "Năm đầu của kế hoạch."),
    "Horizon.end": ("Năm cuối", "Năm cuối của kế hoạch."),
}


def _words(model: str, name: str, words: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    return words.get(f"{model}.{name}") or words.get(name)


def _vietnamese(definition: dict, model: str) -> None:
    """Vietnamese title and description for `definition` (a model) and each of its keys."""
    title, description = MODEL_WORDS.get(model, (definition.get("title", model), ""))
    definition["title"] = title
    if description:
        definition["description"] = description
    for name, prop in definition.get("properties", {}).items():
        found = _words(model, name, FIELD_WORDS)
        if found:
            prop["title"], prop["description"] = found
        else:
            prop["title"] = name  # a key without words here: its own name, as written in YAML


def schema_of(model: type[BaseModel]) -> dict:
    """The JSON Schema of `model`, with the phrase shorthand allowed where the model accepts it,
    and Vietnamese titles and descriptions for editors to show."""
    schema = model.model_json_schema()
    for definition in [schema, *schema.get("$defs", {}).values()]:
        definition.pop("description", None)  # docstrings are for programmers, in English
    _vietnamese(schema, model.__name__)
    for name, definition in schema.get("$defs", {}).items():
        _vietnamese(definition, name)
    _exact_amounts(schema)
    status = schema.get("$defs", {}).get("StatusEntry")
    if status is not None:  # as the model: a stop needs its reason
        status["if"] = {"properties": {"status": {"enum": list(STOPS)}}, "required": ["status"]}
        status["then"] = {"required": ["reason"]}
    for name, description in PHRASE_FORMS.items():
        mapping = schema.get("$defs", {}).get(name)
        if mapping is not None:
            schema["$defs"][name] = {
                "title": mapping.get("title", name),
                "description": mapping.get("description", ""),
                "anyOf": [{"type": "string", "description": description}, mapping],
            }
    return {"$schema": DIALECT, **schema}


def _exact_amounts(node: object) -> None:
    """Amounts (Decimal: a number or a string) as the model takes them: an integer, or a decimal
    in quotes; a YAML float ("amount: 0.5") is refused there, so the editor flags it too."""
    if isinstance(node, list):
        for item in node:
            _exact_amounts(item)
        return
    if not isinstance(node, dict):
        return
    choices = node.get("anyOf")
    if isinstance(choices, list) and {"type": "number"} in choices and {"type": "string"} in choices:
        node["anyOf"] = [{"type": "integer"} if c == {"type": "number"} else
                         {"type": "string", "pattern": AMOUNT_PATTERN} if c == {"type": "string"}
                         else c for c in choices]
    for value in node.values():
        _exact_amounts(value)


def render(model: type[BaseModel]) -> str:
    return json.dumps(schema_of(model), ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder` (atomically); return the paths written.

    Raises atomic.WriteRefused when the system refuses; folders made for it are then removed.
    """
    created = _missing_folders(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise atomic.CannotWrite.from_error(folder, error) from None
    written = []
    try:
        with atomic.locked(folder):
            for name, model in SCHEMAS.items():
                path = folder / name
                atomic.write(path, render(model).encode("utf-8"))
                written.append(path)
    except atomic.WriteRefused:
        if not written:  # leave no empty folder behind
            for made in created:
                with contextlib.suppress(OSError):
                    made.rmdir()
        raise
    return written


def _missing_folders(folder: Path) -> list[Path]:
    """`folder` and those of its parents that do not exist yet, innermost first."""
    missing = []
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            break
        missing.append(candidate)
    return missing
