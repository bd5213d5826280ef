"""`hncc export --sqlite`: the export's rows as one SQLite database file, described inside itself.

Tables have plain English snake_case names (stable names for programs, like the keys of JSON
output); views for people have ASCII names too, since some ODBC drivers and tools choke on other
letters in table names, and Vietnamese column names, always double-quoted. Every table, view and
column is described in Vietnamese in the table `bang_mo_ta`, from the descriptions below: one
place says what each column means, and the database is built from it.

The database is written into a new file that the caller gives (a temporary file, renamed into
place when complete: hncc.edit.atomic.write_with); the same rows give the same bytes. Plain
declared types (no STRICT tables): older SQLite programs (DB Browser for SQLite before 3.13,
ODBC drivers) refuse STRICT schemas.
Money is never a floating-point number: text decimals in tỷ đồng and whole đồng as integers.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from hncc.queries.export import ROW_TYPES, ExportRows

DESCRIPTION_TABLE = "bang_mo_ta"
HEADER = b"SQLite format 3\x00"  # the first bytes of every SQLite database file


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # the declared SQLite type: TEXT or INTEGER (and constraints)
    meaning: str


@dataclass(frozen=True)
class Table:
    name: str
    meaning: str
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class View:
    name: str
    meaning: str
    columns: tuple[tuple[str, str], ...]  # (Vietnamese column name, meaning), in order
    sql: str  # the SELECT; its columns are named by `columns`, in the same order


def _c(name: str, kind: str, meaning: str) -> Column:
    return Column(name, kind, meaning)


TEXT, INTEGER = "TEXT", "INTEGER"  # nullable columns
ITEM = "TEXT NOT NULL REFERENCES work_items(item_id)"
PLAN_KEY = _c("plan_key", "TEXT NOT NULL", "Kế hoạch: số hiệu và năm, ví dụ “102/KH-UBND@2022” "
              "(số hiệu kế hoạch bắt đầu lại mỗi năm).")
REF = _c("ref", "TEXT NOT NULL", "Mục trong kế hoạch, ví dụ “III.1.2.a”, “PL.II.9” (dòng phụ lục).")
ITEM_ID = _c("item_id", ITEM, "Công việc (bảng work_items): “KẾ_HOẠCH:MỤC” của bản ghi chính.")
AS_WRITTEN = "đúng như văn bản ghi, cách nhau bằng “; ”"

TABLES: tuple[Table, ...] = (
    Table("thong_tin", "Thông tin về lần xuất: ngày tính, phiên bản hncc, dấu vân tay dữ liệu.", (
        _c("key", "TEXT PRIMARY KEY", "Tên thông tin (mã tiếng Anh cố định)."),
        _c("value", TEXT, "Giá trị."),
        _c("meaning", TEXT, "Ý nghĩa, bằng tiếng Việt."),
    )),
    Table(DESCRIPTION_TABLE, "Mô tả mọi bảng, khung nhìn và cột của tệp này.", (
        _c("table_name", "TEXT NOT NULL", "Tên bảng hoặc khung nhìn."),
        _c("table_type", "TEXT NOT NULL", "“table” (bảng dữ liệu) hoặc “view” (khung nhìn cho "
           "người đọc, tên cột tiếng Việt)."),
        _c("column_position", INTEGER, "Thứ tự của cột trong bảng (từ 1); trống ở dòng mô tả cả bảng."),
        _c("column_name", TEXT, "Tên cột; trống ở dòng mô tả cả bảng."),
        _c("meaning", "TEXT NOT NULL", "Ý nghĩa, bằng tiếng Việt."),
    )),
    Table("plans", "Các kế hoạch (mỗi tệp kế hoạch một dòng).", (
        _c("plan_key", "TEXT NOT NULL", PLAN_KEY.meaning),
        _c("number", "TEXT NOT NULL", "Số hiệu kế hoạch, ví dụ “102/KH-UBND”."),
        _c("kind", "TEXT NOT NULL", "Loại văn bản (“Kế hoạch”)."),
        _c("plan_date", "TEXT NOT NULL", "Ngày ban hành (YYYY-MM-DD)."),
        _c("year", "INTEGER NOT NULL", "Năm ban hành."),
        _c("title", "TEXT NOT NULL", "Trích yếu (tên kế hoạch)."),
        _c("issuer", "TEXT NOT NULL", "Cơ quan ban hành, như dữ liệu ghi."),
        _c("signer", TEXT, "Người ký (trống: không ghi)."),
        _c("horizon_start", "INTEGER NOT NULL", "Năm đầu của thời kỳ kế hoạch."),
        _c("horizon_end", "INTEGER NOT NULL", "Năm cuối của thời kỳ kế hoạch."),
        _c("source_complete", "INTEGER NOT NULL", "1: văn bản nguồn đầy đủ; 0: văn bản công bố "
           "thiếu phần (xem tệp kế hoạch, source.gaps)."),
        _c("file", "TEXT NOT NULL", "Tệp dữ liệu, tính từ thư mục data/."),
    )),
    Table("entries", "Mọi mục của các kế hoạch (chỉ tiêu, nội dung, nhiệm vụ, dòng phụ lục, cả "
          "mục tổng), theo thứ tự trong tệp.", (
        PLAN_KEY, REF,
        _c("position", "INTEGER NOT NULL", "Thứ tự của mục trong kế hoạch (từ 0)."),
        _c("section", "TEXT NOT NULL", "Phần: targets (chỉ tiêu), content (nội dung, mục III), "
           "duties (tổ chức thực hiện, mục V), appendix (phụ lục)."),
        _c("kind", "TEXT NOT NULL", "Loại mục: target, activity, initiative, assignment, duty, "
           "row, group (mục tổng)."),
        _c("parent_ref", TEXT, "Mục cha (trống: không có)."),
        _c("is_heading", "INTEGER NOT NULL", "1: mục tổng (nhóm các mục con), 0: mục thường."),
        _c("title", "TEXT NOT NULL", "Tên mục như hncc hiển thị (tên của mục, hoặc tên mục cha "
           "kèm câu giao việc)."),
        _c("lead_as_written", TEXT, f"Cơ quan chủ trì, {AS_WRITTEN}."),
        _c("cooperating_as_written", TEXT, f"Cơ quan phối hợp, {AS_WRITTEN}."),
        _c("deadline_text", TEXT, "Thời gian, đúng như văn bản ghi (trống: không ghi)."),
        _c("budget_text", TEXT, "Kinh phí, đúng như văn bản ghi; “-” là không có kinh phí."),
        _c("budget_state", TEXT, "amount (có số tiền), none (ghi “-”), not_stated (ô để trống); "
           "trống: mục không có ô kinh phí."),
        _c("implements", TEXT, "Mục của kế hoạch khác mà mục này thực hiện (“KẾ_HOẠCH:MỤC”)."),
        _c("inferred", TEXT, "Lý do, khi liên kết của mục là suy luận chứ không phải lời văn bản."),
    )),
    Table("work_items", "Công việc: mỗi việc một dòng dù được nhắc ở nhiều mục (dòng phụ lục, "
          "mục III, chỉ tiêu, kế hoạch năm), như các lệnh của hncc đếm.", (
        _c("item_id", "TEXT PRIMARY KEY", "Mã công việc: “KẾ_HOẠCH:MỤC” của bản ghi chính."),
        _c("position", "INTEGER NOT NULL", "Thứ tự (theo kế hoạch, rồi theo tệp)."),
        _c("plan_key", "TEXT NOT NULL", "Kế hoạch của bản ghi chính."),
        _c("ref", "TEXT NOT NULL", "Mục của bản ghi chính (nơi ghi thời gian và kinh phí)."),
        _c("kind", "TEXT NOT NULL", "Loại của bản ghi chính (row: dòng phụ lục; activity, "
           "assignment, duty…)."),
        _c("title", "TEXT NOT NULL", "Tên công việc."),
        _c("lead", TEXT, "Cơ quan chủ trì theo tên chính thức trong danh mục (tên chưa có trong "
           "danh mục giữ như văn bản ghi), cách nhau bằng “; ”; ghi ở bản ghi chính, nếu bản ghi "
           "không ghi thì ở các phần việc."),
        _c("cooperating", TEXT, "Cơ quan phối hợp, như cột lead."),
        _c("lead_as_written", TEXT, f"Cơ quan chủ trì, {AS_WRITTEN}."),
        _c("cooperating_as_written", TEXT, f"Cơ quan phối hợp, {AS_WRITTEN}."),
        _c("deadline_text", TEXT, "Thời gian của công việc, như văn bản ghi (trống: không có)."),
        _c("deadline_source", TEXT, "Nơi lấy thời gian khi bản ghi chính không ghi (“theo Kế hoạch "
           "161/KH-UBND, mục II.1.1”); trống: thời gian của chính bản ghi."),
        _c("budget_text", TEXT, "Kinh phí của bản ghi chính, như văn bản ghi."),
        _c("parts", "INTEGER NOT NULL", "Số phần việc (việc của từng cơ quan chủ trì)."),
    )),
    Table("work_item_mentions", "Mọi nơi nhắc đến một công việc: bản ghi chính, phần việc, mục "
          "tổng, chỉ tiêu.", (
        ITEM_ID,
        _c("plan_key", "TEXT NOT NULL", "Kế hoạch của nơi nhắc."),
        _c("ref", "TEXT NOT NULL", "Mục của nơi nhắc."),
        _c("kind", "TEXT NOT NULL", "Loại mục của nơi nhắc."),
        _c("role", "TEXT NOT NULL", "item (bản ghi chính), part (phần việc), heading (mục tổng), "
           "target (chỉ tiêu)."),
        _c("relation", "TEXT NOT NULL", "Quan hệ, bằng lời."),
        _c("deadline_text", TEXT, "Thời gian nơi đó ghi."),
        _c("inferred", TEXT, "Lý do, khi liên kết là suy luận."),
    )),
    Table("occurrences", "Các lần đến hạn của công việc (việc hằng năm: mỗi năm một dòng; việc "
          "không có thời hạn: một dòng không có hạn), với trạng thái tính đến ngày as_of trong "
          "bảng thong_tin: đúng các dòng của “hncc tasks”.", (
        _c("position", "INTEGER NOT NULL", "Thứ tự như “hncc tasks”."),
        ITEM_ID,
        _c("year", INTEGER, "Năm của lần đến hạn, với việc lặp lại (trống: việc một lần)."),
        _c("due_date", TEXT, "Hạn (YYYY-MM-DD); trống: không có thời hạn."),
        _c("approximate", "INTEGER NOT NULL", "1: hạn ước chừng (“dự kiến vào đầu năm 2023”)."),
        _c("deadline_text", TEXT, "Thời gian, như văn bản ghi."),
        _c("deadline_source", TEXT, "Nơi lấy thời gian khi công việc không tự ghi."),
        _c("status", "TEXT NOT NULL", "Mã trạng thái: unrecorded (chưa cập nhật), not_started, "
           "in_progress, done, cancelled, suspended."),
        _c("status_label", "TEXT NOT NULL", "Trạng thái, bằng tiếng Việt."),
        _c("status_date", TEXT, "Ngày của lần cập nhật quyết định trạng thái."),
        _c("status_derived", TEXT, "Trạng thái được suy ra thế nào, khi không ghi trên chính bản "
           "ghi (“mọi phần (2) đã xong”)."),
        _c("progress", "TEXT NOT NULL", "Phân loại: done_on_time, done_late, pending, overdue, "
           "no_deadline, past_plan, cancelled."),
        _c("progress_label", "TEXT NOT NULL", "Phân loại, bằng tiếng Việt (đã hoàn thành đúng "
           "hạn / quá hạn; chưa hoàn thành trong hạn / quá hạn…)."),
        _c("late_since", TEXT, "Hạn sớm hơn của một phần việc mà công việc đã trễ."),
        _c("lead_now", TEXT, "Ai trả lời cho việc vào ngày as_of, khi cơ quan chủ trì đã được sáp "
           "nhập hay chuyển giao (“Sở Ngoại vụ, nay là … từ 01/3/2025”)."),
    )),
    Table("targets", "Các chỉ tiêu (mục II của kế hoạch), đạt hay chưa tính đến ngày as_of, "
          "như “hncc tasks --kind target”: chỉ tiêu không phải nhiệm vụ, không tính vào "
          "occurrences.", (
        _c("position", "INTEGER NOT NULL", "Thứ tự."),
        PLAN_KEY, REF,
        _c("title", "TEXT NOT NULL", "Tên chỉ tiêu."),
        _c("year", INTEGER, "Năm, với chỉ tiêu lặp lại."),
        _c("due_date", TEXT, "Hạn (YYYY-MM-DD)."),
        _c("deadline_text", TEXT, "Thời gian, như văn bản ghi."),
        _c("status", "TEXT NOT NULL", "Mã trạng thái."),
        _c("status_label", "TEXT NOT NULL", "Trạng thái, bằng tiếng Việt."),
        _c("status_date", TEXT, "Ngày của lần cập nhật quyết định trạng thái."),
        _c("status_derived", TEXT, "Trạng thái được suy ra thế nào (theo các công việc đạt "
           "được chỉ tiêu)."),
        _c("progress", "TEXT NOT NULL", "Phân loại (mã)."),
        _c("progress_label", "TEXT NOT NULL", "Đạt hay chưa đạt, đúng hạn hay quá hạn."),
        _c("reached_by", TEXT, "Các công việc (item_id) mà chỉ tiêu đạt được qua, cách nhau "
           "bằng “; ”."),
    )),
    Table("status_updates", "Mọi lần cập nhật trạng thái đã ghi trong dữ liệu (cả những lần sau "
          "ngày as_of), theo thứ tự ghi.", (
        PLAN_KEY, REF,
        _c("position", "INTEGER NOT NULL", "Thứ tự trong lịch sử của mục (từ 1)."),
        _c("update_date", "TEXT NOT NULL", "Ngày cập nhật (YYYY-MM-DD)."),
        _c("status", "TEXT NOT NULL", "Mã trạng thái."),
        _c("status_label", "TEXT NOT NULL", "Trạng thái, bằng tiếng Việt."),
        _c("year", INTEGER, "Năm (lần đến hạn) mà cập nhật nói đến, với việc lặp lại."),
        _c("note", TEXT, "Ghi chú."),
        _c("evidence", TEXT, "Căn cứ (số văn bản, báo cáo)."),
        _c("link", TEXT, "Liên kết."),
        _c("reason", TEXT, "Lý do (hủy, tạm dừng)."),
        _c("difficulties", TEXT, "Khó khăn, vướng mắc cơ quan báo cáo."),
    )),
    Table("agency_roles", "Cơ quan chủ trì và phối hợp của từng công việc, theo từng mục ghi "
          "(bản ghi chính và các phần việc), với cơ quan trả lời vào ngày as_of khi có chuyển "
          "giao.", (
        ITEM_ID,
        _c("plan_key", "TEXT NOT NULL", "Kế hoạch của mục ghi tên cơ quan."),
        _c("ref", "TEXT NOT NULL", "Mục ghi tên cơ quan."),
        _c("role", "TEXT NOT NULL", "lead (chủ trì) hoặc cooperating (phối hợp)."),
        _c("written_as", "TEXT NOT NULL", "Tên cơ quan như văn bản ghi."),
        _c("agency_id", "TEXT REFERENCES agencies(agency_id)", "Mã cơ quan trong danh mục "
           "(trống: tên chưa có trong danh mục)."),
        _c("agency_name", "TEXT NOT NULL", "Tên chính thức (hoặc như văn bản ghi)."),
        _c("answered_by_ids", TEXT, "Mã các cơ quan trả lời cho việc vào ngày as_of, khi đã có "
           "chuyển giao (trống: không đổi)."),
        _c("answered_by", TEXT, "Tên các cơ quan đó."),
        _c("succession_text", TEXT, "Chuyển giao bằng lời (“Sở Ngoại vụ, nay là … từ 01/3/2025”)."),
        _c("settled", INTEGER, "1: có đúng một cơ quan nhận; 0: chưa phân công lại (giải thể, chia "
           "tách); trống: không có chuyển giao."),
    )),
    Table("agencies", "Danh mục cơ quan (data/agencies.yaml).", (
        _c("agency_id", "TEXT PRIMARY KEY", "Mã cơ quan."),
        _c("name", "TEXT NOT NULL", "Tên chính thức."),
        _c("kind", "TEXT NOT NULL", "Mã loại cơ quan."),
        _c("kind_label", "TEXT NOT NULL", "Loại cơ quan, bằng tiếng Việt."),
        _c("short_names", TEXT, "Tên viết tắt, cách nhau bằng “; ”."),
        _c("aliases", TEXT, "Các cách viết khác, cách nhau bằng “; ”."),
        _c("parent", TEXT, "Cơ quan cấp trên, như dữ liệu ghi."),
        _c("code", TEXT, "Chữ viết tắt trong số văn bản (“SVHTT”)."),
        _c("note", TEXT, "Ghi chú."),
    )),
    Table("agency_successions", "Chuyển giao nhiệm vụ giữa các cơ quan (sáp nhập, hợp nhất, chia "
          "tách, giải thể), với nguồn; mỗi cặp cơ quan cũ - cơ quan nhận một dòng.", (
        _c("succession_no", "INTEGER NOT NULL", "Số thứ tự của bản ghi chuyển giao (các dòng "
           "cùng số là một bản ghi)."),
        _c("kind", "TEXT NOT NULL", "Mã cách chuyển: merged_into, merged_to_form, split_among, "
           "abolished, succeeded_by."),
        _c("kind_label", "TEXT NOT NULL", "Cách chuyển, bằng tiếng Việt."),
        _c("predecessor_id", "TEXT NOT NULL REFERENCES agencies(agency_id)", "Cơ quan cũ (mã)."),
        _c("successor_id", "TEXT REFERENCES agencies(agency_id)", "Cơ quan nhận (mã); trống: "
           "không có cơ quan nhận (giải thể)."),
        _c("from_date", TEXT, "Từ ngày (YYYY-MM-DD); trống: chưa rõ ngày, không áp dụng cho việc."),
        _c("act", TEXT, "Văn bản quyết định chuyển giao."),
        _c("act_date", TEXT, "Ngày của văn bản đó."),
        _c("press", TEXT, "Báo đưa tin, với ngày."),
        _c("others", TEXT, "Cơ quan cũ khác không có trong danh mục, như văn bản ghi."),
        _c("note", TEXT, "Ghi chú (nhiệm vụ đi đâu, khi không có cơ quan nhận)."),
        _c("description", "TEXT NOT NULL", "Cả bản ghi bằng lời, kèm nguồn."),
    )),
    Table("budget_shares", "Kinh phí dự kiến theo năm, từng khoản của từng mục, như “hncc "
          "budget” tính: khoản “/năm” vào từng năm, khoản của việc một năm vào năm đó, tổng của "
          "việc nhiều năm được phân bổ. Số tiền chính xác, không dùng số thực dấu phẩy động.", (
        PLAN_KEY, REF,
        _c("title", "TEXT NOT NULL", "Tên mục."),
        _c("lead", TEXT, "Cơ quan chủ trì (tên chính thức), cách nhau bằng “; ”."),
        _c("budget_text", TEXT, "Kinh phí, như văn bản ghi."),
        _c("year", INTEGER, "Năm; trống: không xác định năm (không cộng vào năm nào)."),
        _c("amount_ty_dong", "TEXT NOT NULL", "Số tiền, tỷ đồng, số thập phân chính xác dạng chữ "
           "(dấu chấm thập phân, ví dụ “1.5”)."),
        _c("amount_dong", INTEGER, "Số tiền, đồng, số nguyên chính xác (trống nếu không tròn đồng; "
           "hncc không nhận số tiền lẻ hơn một đồng). Cộng cột này để có tổng chính xác."),
        _c("basis", "TEXT NOT NULL", "Cách tính: per_year (ghi “/năm”), single_year (việc trong "
           "một năm), apportioned (phân bổ tổng của việc nhiều năm), undated (không xác định năm)."),
        _c("basis_label", "TEXT NOT NULL", "Cách tính, bằng tiếng Việt."),
        _c("restates", TEXT, "Khoản nhắc lại kinh phí của mục kế hoạch gốc cùng năm "
           "(“KẾ_HOẠCH:MỤC”): không cộng lần nữa."),
        _c("counted", "INTEGER NOT NULL", "1: được cộng vào tổng của năm (có năm, không nhắc "
           "lại); 0: không."),
    )),
    Table("budget_years", "Kinh phí dự kiến của mỗi năm trong các thời kỳ kế hoạch, đúng như "
          "“hncc budget” (cộng các khoản có counted = 1 của bảng budget_shares). Số tiền chính "
          "xác: tỷ đồng dạng chữ và đồng là số nguyên.", (
        _c("year", "INTEGER PRIMARY KEY", "Năm."),
        _c("firm_ty_dong", "TEXT NOT NULL", "Chắc chắn (khoản ghi “/năm” và khoản của việc trong "
           "một năm), tỷ đồng, số thập phân dạng chữ (dấu chấm thập phân)."),
        _c("apportioned_ty_dong", "TEXT NOT NULL", "Phân bổ (phần của tổng các việc nhiều năm), "
           "tỷ đồng, dạng chữ."),
        _c("total_ty_dong", "TEXT NOT NULL", "Tổng, tỷ đồng, dạng chữ."),
        _c("firm_dong", INTEGER, "Chắc chắn, đồng, số nguyên."),
        _c("apportioned_dong", INTEGER, "Phân bổ, đồng, số nguyên."),
        _c("total_dong", INTEGER, "Tổng, đồng, số nguyên."),
    )),
)


def _ty(column: str) -> str:
    """SQL giving a whole number of đồng as exact tỷ đồng text with the decimal comma."""
    return (f"(({column}) / 1000000000) || CASE WHEN ({column}) % 1000000000 = 0 THEN '' "
            f"ELSE ',' || rtrim(printf('%09d', abs(({column}) % 1000000000)), '0') END")


_TASK_COLUMNS = (
    ("công việc", "Tên công việc."),
    ("kế hoạch", "Kế hoạch của bản ghi chính."),
    ("mục", "Mục của bản ghi chính."),
    ("năm", "Năm của lần đến hạn (việc lặp lại)."),
    ("hạn", "Hạn (YYYY-MM-DD); trống: không có thời hạn."),
    ("thời gian theo văn bản", "Thời gian như văn bản ghi."),
    ("nguồn của hạn", "Nơi lấy thời gian khi công việc không tự ghi."),
    ("trạng thái", "Trạng thái tính đến ngày as_of."),
    ("phân loại", "Đã hoàn thành đúng hạn / quá hạn; chưa hoàn thành trong hạn / quá hạn…"),
    ("cơ quan chủ trì", "Cơ quan chủ trì."),
    ("nay do", "Cơ quan trả lời vào ngày as_of khi cơ quan chủ trì đã được chuyển giao."),
    ("cơ quan phối hợp", "Cơ quan phối hợp."),
    ("kinh phí", "Kinh phí như văn bản ghi."),
)
_TASK_SELECT = """SELECT w.title, w.plan_key, w.ref, o.year, o.due_date, o.deadline_text,
  o.deadline_source, o.status_label, o.progress_label, w.lead, o.lead_now, w.cooperating,
  w.budget_text
FROM occurrences AS o JOIN work_items AS w ON w.item_id = o.item_id"""

VIEWS: tuple[View, ...] = (
    View("viec_can_lam", "Các lần đến hạn của mọi công việc, tên cột tiếng Việt (như “hncc "
         "tasks”).", _TASK_COLUMNS, f"{_TASK_SELECT}\nORDER BY o.position"),
    View("viec_qua_han", "Các lần đến hạn đã quá hạn (hoặc quá thời hạn của kế hoạch) tính đến "
         "ngày as_of, chưa xong; một việc hằng năm có thể có nhiều dòng (mỗi năm quá hạn một "
         "dòng), khác “hncc overdue” chỉ ghi mỗi việc một lần.", _TASK_COLUMNS,
         f"{_TASK_SELECT}\nWHERE o.progress IN ('overdue', 'past_plan')\nORDER BY o.position"),
    View("chi_tieu", "Các chỉ tiêu, đạt hay chưa, tên cột tiếng Việt.", (
        ("kế hoạch", "Kế hoạch."),
        ("mục", "Mục."),
        ("chỉ tiêu", "Tên chỉ tiêu."),
        ("năm", "Năm (chỉ tiêu lặp lại)."),
        ("hạn", "Hạn (YYYY-MM-DD)."),
        ("trạng thái", "Trạng thái tính đến ngày as_of."),
        ("phân loại", "Đạt hay chưa đạt, đúng hạn hay quá hạn."),
        ("đạt được qua", "Các công việc mà chỉ tiêu đạt được qua."),
    ), """SELECT plan_key, ref, title, year, due_date, status_label, progress_label, reached_by
FROM targets ORDER BY position"""),
    View("kinh_phi_theo_nam", "Kinh phí dự kiến mỗi năm của các thời kỳ kế hoạch, như “hncc "
         "budget”: chắc chắn, phân bổ và tổng, tính chính xác bằng đồng.", (
             ("năm", "Năm."),
             ("chắc chắn (đồng)", "Khoản ghi “/năm” và khoản của việc trong một năm, đồng."),
             ("phân bổ (đồng)", "Phần phân bổ của tổng các việc nhiều năm, đồng."),
             ("tổng (đồng)", "Tổng, đồng."),
             ("kinh phí (tỷ đồng)", "Tổng, tỷ đồng, dạng chữ với dấu phẩy thập phân."),
         ), f"""SELECT year, firm_dong, apportioned_dong, total_dong, {_ty("total_dong")}
FROM budget_years ORDER BY year"""),
    View("kinh_phi_tung_khoan", "Từng khoản kinh phí theo năm, tên cột tiếng Việt.", (
        ("kế hoạch", "Kế hoạch."),
        ("mục", "Mục."),
        ("công việc", "Tên mục."),
        ("cơ quan chủ trì", "Cơ quan chủ trì."),
        ("năm", "Năm (trống: không xác định năm)."),
        ("kinh phí", "Kinh phí như văn bản ghi."),
        ("số tiền (tỷ đồng)", "Số tiền của năm, tỷ đồng, dấu phẩy thập phân."),
        ("số tiền (đồng)", "Số tiền của năm, đồng."),
        ("cách tính", "Theo năm, trong năm, phân bổ, không xác định năm."),
        ("nhắc lại khoản của", "Khoản kế hoạch gốc cùng năm mà khoản này nhắc lại (không cộng)."),
        ("được cộng", "“có”: được cộng vào tổng của năm."),
    ), f"""SELECT plan_key, ref, title, lead, year, budget_text, {_ty("amount_dong")},
  amount_dong, basis_label, restates, CASE counted WHEN 1 THEN 'có' ELSE 'không' END
FROM budget_shares ORDER BY rowid"""),
    View("cap_nhat_trang_thai", "Mọi lần cập nhật trạng thái, tên cột tiếng Việt.", (
        ("kế hoạch", "Kế hoạch."),
        ("mục", "Mục."),
        ("ngày", "Ngày cập nhật."),
        ("trạng thái", "Trạng thái."),
        ("năm", "Năm (lần đến hạn) mà cập nhật nói đến."),
        ("ghi chú", "Ghi chú."),
        ("căn cứ", "Căn cứ (văn bản, báo cáo)."),
        ("liên kết", "Liên kết đến văn bản hay kết quả."),
        ("lý do", "Lý do (hủy, tạm dừng)."),
        ("khó khăn, vướng mắc", "Khó khăn, vướng mắc cơ quan nêu khi cập nhật."),
    ), """SELECT plan_key, ref, update_date, status_label, year, note, evidence, link, reason,
  difficulties
FROM status_updates ORDER BY rowid"""),
    View("phan_cong", "Cơ quan chủ trì và phối hợp của từng công việc, tên cột tiếng Việt.", (
        ("công việc", "Tên công việc."),
        ("kế hoạch", "Kế hoạch của công việc."),
        ("mục", "Mục của công việc."),
        ("ghi ở mục", "Mục ghi tên cơ quan (bản ghi chính hoặc phần việc)."),
        ("vai trò", "Chủ trì hoặc phối hợp."),
        ("cơ quan", "Tên chính thức của cơ quan."),
        ("nay do", "Cơ quan trả lời vào ngày as_of, khi đã có chuyển giao."),
    ), """SELECT w.title, w.plan_key, w.ref, r.plan_key || ':' || r.ref,
  CASE r.role WHEN 'lead' THEN 'chủ trì' ELSE 'phối hợp' END, r.agency_name, r.succession_text
FROM agency_roles AS r JOIN work_items AS w ON w.item_id = r.item_id
ORDER BY w.position, r.rowid"""),
    View("co_quan", "Danh mục cơ quan, với chuyển giao, tên cột tiếng Việt.", (
        ("mã", "Mã cơ quan."),
        ("tên", "Tên chính thức."),
        ("loại", "Loại cơ quan."),
        ("tên viết tắt", "Tên viết tắt."),
        ("tên khác", "Các cách viết khác."),
        ("chuyển giao", "Các bản ghi chuyển giao mà cơ quan là cơ quan cũ, kèm nguồn."),
    ), """SELECT a.agency_id, a.name, a.kind_label, a.short_names, a.aliases,
  (SELECT group_concat(description, ' | ') FROM (
     SELECT DISTINCT s.succession_no, s.description FROM agency_successions AS s
     WHERE s.predecessor_id = a.agency_id ORDER BY s.succession_no))
FROM agencies AS a ORDER BY a.rowid"""),
)


def quoted(name: str) -> str:
    """An SQL identifier in double quotes (a double quote inside doubled)."""
    return '"' + name.replace('"', '""') + '"'


def schema() -> list[str]:
    """The statements that create every table and view."""
    statements = []
    for table in TABLES:
        columns = ",\n  ".join(f"{quoted(c.name)} {c.type}" for c in table.columns)
        statements.append(f"CREATE TABLE {quoted(table.name)} (\n  {columns}\n)")
    for view in VIEWS:
        names = ", ".join(quoted(name) for name, _ in view.columns)
        statements.append(f"CREATE VIEW {quoted(view.name)} ({names}) AS\n{view.sql}")
    return statements


def descriptions() -> list[tuple]:
    """The rows of `bang_mo_ta`: each table and view, then each of its columns."""
    rows: list[tuple] = []
    for table in TABLES:
        rows.append((table.name, "table", None, None, table.meaning))
        rows += [(table.name, "table", i, c.name, c.meaning)
                 for i, c in enumerate(table.columns, start=1)]
    for view in VIEWS:
        rows.append((view.name, "view", None, None, view.meaning))
        rows += [(view.name, "view", i, name, meaning)
                 for i, (name, meaning) in enumerate(view.columns, start=1)]
    return rows


INDEXES = (
    "CREATE INDEX entries_by_ref ON entries (plan_key, ref)",
    "CREATE INDEX occurrences_by_item ON occurrences (item_id)",
    "CREATE INDEX status_updates_by_ref ON status_updates (plan_key, ref)",
    "CREATE INDEX agency_roles_by_item ON agency_roles (item_id)",
    "CREATE INDEX agency_roles_by_agency ON agency_roles (agency_id)",
    "CREATE INDEX budget_shares_by_year ON budget_shares (year)",
)


def write(rows: ExportRows, path: Path) -> None:
    """Write `rows`, their descriptions and the views as an SQLite database at `path` (a new,
    empty file: the caller's temporary file, which it flushes to disk and renames)."""
    tables = {**rows.tables, DESCRIPTION_TABLE: descriptions()}
    connection = sqlite3.connect(path)
    try:
        # No journal, no syncs: the file is new and is renamed into place only when complete.
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        with connection:
            for statement in schema():
                connection.execute(statement)
            for table in TABLES:
                names = [c.name for c in table.columns]
                row_type = ROW_TYPES.get(table.name)
                if row_type is not None and list(row_type._fields) != names:  # type: ignore[attr-defined]
                    raise ValueError(f"{table.name}: rows {row_type._fields} do not match its "  # type: ignore[attr-defined]
                                     f"columns {names}")
                marks = ", ".join("?" * len(names))
                connection.executemany(f"INSERT INTO {quoted(table.name)} VALUES ({marks})",
                                       tables[table.name])
            for statement in INDEXES:
                connection.execute(statement)
    finally:
        connection.close()


_REASONS = {sqlite3.SQLITE_FULL: "ổ đĩa đã đầy", sqlite3.SQLITE_IOERR: "lỗi đọc ghi trên đĩa",
            sqlite3.SQLITE_READONLY: "không có quyền ghi", sqlite3.SQLITE_PERM: "không có quyền ghi",
            sqlite3.SQLITE_CANTOPEN: "không mở được tệp tạm để ghi"}


def failure_reason(error: sqlite3.Error) -> str:
    """Why SQLite could not write the database, in Vietnamese (a full disk, an I/O error)."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF  # the primary code of an extended one
    return _REASONS.get(code, f"SQLite báo lỗi {getattr(error, 'sqlite_errorname', '') or code}")
