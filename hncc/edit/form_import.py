"""Reading filled-in forms back into the plan files: every row checked, all appended or none.

`read_forms` reads one or more forms (hncc.queries.form, written by hncc.render.xlsx) and checks
each filled-in row against the data as it is now: a known row, a status word, a date in
dd/mm/yyyy not after today, the locked columns as they were made, not older than what the data
records, not given twice, not already recorded. A form made from an older version of a plan file
is reconciled row by row: a row whose entry has not changed since is taken (and said so); a row
whose entry changed is refused. `apply` then appends every update to every plan file through
hncc.edit.status_edit, or writes nothing: any problem leaves every file byte-identical.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hncc.data import files, loader
from hncc.data.model import Entry, Plan, StatusEntry
from hncc.domain import status
from hncc.domain.deadlines import period_words
from hncc.domain.text import nfc, shorten
from hncc.edit import atomic, status_edit
from hncc.edit.status_edit import EditRefused, StatusEdit, UpdateRefused
from hncc.queries import form as forms
from hncc.queries.tasks import QueryError

# The forms `hncc status --date` takes: day first ("/", "." or "-" between), or ISO
_DAY = re.compile(r"\s*(\d{1,2})([/.-])(\d{1,2})\2(\d{4})\s*")
_ISO = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")
FILE_LEVEL = 0  # the row number of a problem with the whole file


Report = Callable[[str, str], None]  # (column key or "", message): a problem of the row


@dataclass(frozen=True)
class FormProblem:
    """What is wrong, where: file, sheet, row and column as the spreadsheet shows them."""

    file: Path
    sheet: str
    row: int
    column: str  # "H (Trạng thái mới)", or "" for the whole row or file
    message: str

    def describe(self, shown: str) -> str:
        where = [shown]
        if self.sheet:
            where.append(f"trang “{self.sheet}”")
        if self.row:
            where.append(f"dòng {self.row}")
        if self.column:
            where.append(f"cột {self.column}")
        return f"{', '.join(where)}: {self.message}"


@dataclass(frozen=True)
class FilledRow:
    """A checked row: where it came from, the entry it updates and the update."""

    file: Path
    row: int
    plan_key: str
    entry: Entry
    update: StatusEntry


@dataclass
class FormReading:
    """What the forms say: the updates to append, problems, and notes on reconciled rows."""

    rows: list[FilledRow] = field(default_factory=list)
    problems: list[FormProblem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    texts: dict[Path, tuple[atomic.Snapshot, str]] = field(default_factory=dict)
    edits: list[StatusEdit] = field(default_factory=list)


def _letter(index: int) -> str:
    """The spreadsheet's letter of the column at 0-based `index` ("A")."""
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def _columns(sheet: Any) -> tuple[dict[str, int], list[str]]:
    """Where each column of the form is in the sheet (its key: 0-based index), found by its
    header, so that a column the department moved is still read; and what is wrong with the
    headers: a column missing or twice, or a column added with something written in it (an
    answer there would be lost: it is refused, never ignored). An added empty column is
    ignored."""
    keys = {column.header: column.key for column in forms.COLUMNS}
    found: dict[str, int] = {}
    wrong: list[str] = []
    added: list[tuple[int, str]] = []
    for index, cell in enumerate(sheet[forms.HEADER_ROW]):
        header = _text(cell.value)
        key = keys.get(header)
        if key is None:
            added.append((index, header))
        elif key in found:
            wrong.append(f"cột “{header}” có hai lần ({_letter(found[key])} và {_letter(index)})")
        else:
            found[key] = index
    wrong += [f"thiếu cột “{c.header}”" for c in forms.COLUMNS if c.key not in found]
    for index, header in added:
        written = any(_text(row[0]) for row in sheet.iter_rows(
            min_row=forms.FIRST_ROW, min_col=index + 1, max_col=index + 1, values_only=True))
        if written:
            named = f"“{header}”" if header else "không tiêu đề"
            wrong.append(f"cột {_letter(index)} {named} không thuộc biểu mẫu mà có nội dung, "
                         "hncc không đọc cột đó: chuyển nội dung sang cột của biểu mẫu (Kết quả "
                         "thực hiện, Khó khăn, vướng mắc…) hoặc xóa cột")
    return found, wrong


def _text(value: Any) -> str:
    """A cell as text: spaces and line breaks collapsed, in NFC (Excel on a Mac and some input
    methods type Vietnamese decomposed, NFD)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    if isinstance(value, dt.date | dt.datetime):  # pasted into a text column: as it was shown
        value = f"{value:%d/%m/%Y %H:%M}" if isinstance(value, dt.datetime) else f"{value:%d/%m/%Y}"
    return nfc(" ".join(str(value).split()))


def _paragraphs(value: Any) -> str:
    """A free-text cell (result, evidence, difficulties, reason) as `_text` reads a cell, but
    with its line breaks kept (Alt+Enter in Excel): a department's list of results stays a list,
    as `hncc status --note` keeps it. Blank lines at either end are dropped."""
    lines = [_text(line) for line in str(value if value is not None else "").splitlines()]
    return "\n".join(lines).strip("\n") if len(lines) > 1 else _text(value)


@dataclass(frozen=True)
class _Uncomputed:
    """A formula cell whose file holds no computed value (saved by a program that does not
    compute formulas): hncc does not compute it either, so it is refused, never read as empty."""

    formula: str


# What reading a damaged or foreign file raises in openpyxl, zipfile, zlib and the XML parsers
# (ElementTree's and lxml's errors are SyntaxErrors); found by damaging forms byte by byte.
_UNREADABLE = (zipfile.BadZipFile, zlib.error, SyntaxError, KeyError, ValueError, TypeError,
               EOFError, NotImplementedError)


def _day(value: Any) -> dt.date | None:
    """A date cell: text dd/mm/yyyy (or dd.mm.yyyy, dd-mm-yyyy, yyyy-mm-dd, as `hncc status
    --date` reads them), or a date the spreadsheet program made of it; else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value)
    if found := _DAY.fullmatch(text):
        day, month, year = int(found[1]), int(found[3]), int(found[4])
    elif found := _ISO.fullmatch(text):
        year, month, day = map(int, found.groups())
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


class _Context:
    """The data as it is now, and what has been read so far."""

    def __init__(self, data_dir: Path, today: dt.date) -> None:
        self.data_dir = data_dir
        self.today = today
        self.dataset = loader.load(data_dir).dataset
        self.plan_files = {pf.key: pf for pf in self.dataset.plans}
        self.snapshots = {pf.key: atomic.Snapshot.read(pf.path) for pf in self.dataset.plans}
        self.versions = {key: forms.file_version(s.data) for key, s in self.snapshots.items()}
        # what the rows name, read for a file; the versions of the bytes read here, not read again
        self.entries = forms.FormEntries(self.dataset, self.versions)
        # The first row read of each row id: file, row number and its update (None if wrong)
        self.seen: dict[str, tuple[Path, int, StatusEntry | None]] = {}
        self.made: dict[tuple[str, int, dt.date, int], dict[str, forms.FormRow]] = {}

    def current_rows(self, agency: str, year: int, as_of: dt.date,
                     version: int = 2) -> dict[str, forms.FormRow]:
        """The rows a form of `version` for `agency` (or all) made on `as_of` would have from
        today's data."""
        key = (agency, year, as_of, version)
        if key not in self.made:
            made = forms.form(self.dataset, agency or None, year, as_of, version, self.entries)
            self.made[key] = {row.row_id: row for row in made.rows}
        return self.made[key]


class NoForm(Exception):
    """A form named on the command line that is not there; the message says so in Vietnamese."""


def _forms_in(found: list[Path]) -> list[Path]:
    """The files among `found`, without the owner files Excel keeps beside an open workbook
    ("~$bieu-mau.xlsx"), in name order."""
    return sorted(p for p in found if p.is_file() and not p.name.startswith("~$"))


def form_files(paths: Sequence[Path]) -> list[Path]:
    """The form files `paths` name, each once: a file; a folder, for the .xlsx files in it (the
    forms that came back); a pattern such as "bieu-mau/*.xlsx", which the Windows command line
    passes on as typed. Raises NoForm for a name that gives no file."""
    import glob

    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = _forms_in(list(path.glob("*.xlsx")))
            if not inside:
                raise NoForm(f"thư mục “{path}” không có tệp .xlsx nào.")
            found += inside
        elif path.is_file():
            found.append(path)
        elif glob.has_magic(str(path)) and (matched := _forms_in(
                [Path(name) for name in glob.glob(str(path))])):
            found += matched
        else:
            raise NoForm(f"không có tệp nào khớp “{path}”." if glob.has_magic(str(path))
                         else f"không có tệp “{path}”.")
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def read_forms(data_dir: Path, paths: Sequence[Path], today: dt.date) -> FormReading:
    """Check every filled-in row of the forms at `paths` against the data; write nothing.

    When there is no problem, `texts` holds the new text of each plan file to change.
    """
    context = _Context(data_dir, today)
    reading = FormReading()
    for path in paths:
        _read_file(context, reading, path)
    if not reading.problems and reading.rows:
        _prepare(context, reading)
    return reading


def _read_file(context: _Context, reading: FormReading, path: Path) -> None:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    def whole(message: str, sheet: str = "") -> None:
        reading.problems.append(FormProblem(path, sheet, FILE_LEVEL, "", message))

    try:
        book = load_workbook(path)
    except PermissionError:
        whole("không mở được tệp để đọc (không có quyền, hoặc chương trình khác đang khóa tệp); "
              "đóng tệp trong Excel hoặc chép tệp ra chỗ khác rồi chạy lại.")
        return
    except OSError as error:
        whole(f"không đọc được tệp bảng tính ({files.read_reason(error)}).")
        return
    except (InvalidFileException, *_UNREADABLE):
        # an old .xls, a workbook with a password (both not zip files), a .csv renamed, a broken file
        whole("không phải tệp Excel .xlsx đọc được (có thể là tệp .xls cũ, tệp đặt mật khẩu hay "
              "tệp bị hỏng); mở tệp bằng Excel, lưu lại thành sổ làm việc Excel (.xlsx), không "
              "đặt mật khẩu, rồi chạy lại.")
        return
    if forms.META_SHEET not in book.sheetnames or forms.SHEET not in book.sheetnames:
        whole(f"không phải biểu mẫu do hncc lập (thiếu trang “{forms.SHEET}” hoặc trang dữ liệu "
              "ẩn); lập biểu mẫu bằng “hncc form”.")
        return
    meta = {_text(row[0]): _text(row[1]) for row in book[forms.META_SHEET].iter_rows(
        min_row=1, max_col=2, values_only=True)}
    if meta.get("format") not in forms.READABLE:
        whole(f"biểu mẫu dạng “{meta.get('format')}”, hncc này đọc dạng "
              f"{', '.join(f'“{known}”' for known in forms.READABLE)}.")
        return
    try:
        year, as_of = int(meta["year"]), dt.date.fromisoformat(meta["as_of"])
    except (KeyError, ValueError):
        whole("trang dữ liệu ẩn của biểu mẫu đã bị sửa; lập biểu mẫu mới bằng “hncc form”.")
        return
    sheet = book[forms.SHEET]
    positions, wrong = _columns(sheet)
    if wrong:
        whole(f"{'; '.join(wrong)}. Sửa lại các cột (tên cột giữ như khi lập biểu mẫu; đổi chỗ "
              "cột thì được), hoặc lập biểu mẫu mới.", forms.SHEET)
        return
    agency = meta.get("agency", "")
    try:
        expected = context.current_rows(agency, year, as_of, forms.READABLE[meta["format"]])
    except QueryError as error:  # the registry changed: the agency is gone, or merged by then
        whole(f"biểu mẫu lập cho {agency or 'mọi cơ quan'} năm {year}, nhưng theo dữ liệu hiện tại "
              f"không lập được biểu mẫu đó: {error} Không ghi dòng nào của tệp này; lập biểu mẫu "
              "mới bằng “hncc form” và điền lại.", forms.SHEET)
        return
    width = max(positions.values()) + 1
    rows = [[cells[positions[c.key]] for c in forms.COLUMNS]
            for cells in sheet.iter_rows(min_row=forms.FIRST_ROW, max_col=width)]
    computed = _computed(path, rows)
    letters = {key: f"{_letter(index)} ({header})" for key, index, header in
               ((c.key, positions[c.key], c.header) for c in forms.COLUMNS)}
    row_values = [{column.key: computed.get(cell.coordinate, cell.value) if cell.data_type == "f"
                   else cell.value for column, cell in zip(forms.COLUMNS, cells, strict=True)}
                  for cells in rows]
    # the entries the rows name, each plan read once for all its rows
    context.entries.read(identity[:2] for values in row_values
                         if (identity := forms.parse_row_id(_text(values["row_id"]))))
    for number, (cells, values) in enumerate(zip(rows, row_values, strict=True),
                                             start=forms.FIRST_ROW):
        _read_row(context, reading, path, number, values, expected, letters,
                  _links(dict(zip(forms.COLUMNS, cells, strict=True))))


def _links(cells: dict[forms.Column, Any]) -> str | None:
    """The addresses the filled-in cells of a row link to (a decision's number pasted with its
    link to the city's portal), those not written in the cell's text, one a line; they are the
    update's link, never dropped with the cell's formatting."""
    found = [cell.hyperlink.target for column, cell in cells.items() if column.kind == "fill"
             and cell.hyperlink is not None and cell.hyperlink.target
             and cell.hyperlink.target not in _text(cell.value)]
    return "\n".join(dict.fromkeys(found)) or None


def _computed(path: Path, rows: Sequence[Sequence[Any]]) -> dict[str, Any]:
    """The values the spreadsheet program computed for the form's formula cells, by coordinate
    ("J5"); _Uncomputed where the file holds none. Read only when there are formulas."""
    formulas = {cell.coordinate: cell.value for cells in rows for cell in cells
                if cell.data_type == "f"}
    if not formulas:
        return {}
    from openpyxl import load_workbook

    sheet = load_workbook(path, data_only=True)[forms.SHEET]
    found = {coordinate: sheet[coordinate].value for coordinate in formulas}
    return {coordinate: _Uncomputed(str(getattr(formula, "text", None) or formula))
            if found[coordinate] is None else found[coordinate]
            for coordinate, formula in formulas.items()}


def _read_row(context: _Context, reading: FormReading, path: Path, number: int,
              values: dict[str, Any], expected: dict[str, forms.FormRow],
              letters: dict[str, str], link: str | None) -> None:
    known = len(reading.problems)

    def problem(key: str, message: str) -> None:
        reading.problems.append(FormProblem(path, forms.SHEET, number, letters[key] if key else "",
                                            message))

    for key, value in values.items():
        if isinstance(value, _Uncomputed):
            problem(key, f"ô có công thức “{shorten(value.formula, 60)}” nhưng tệp không lưu kết "
                    "quả của nó (tệp không được lưu bằng Excel?): gõ thẳng giá trị vào ô.")
    if len(reading.problems) > known:
        return
    filled = any(_text(values[key]) for key in forms.FILL)
    identity = forms.parse_row_id(_text(values["row_id"]))
    if identity is None:
        if filled:
            problem("row_id", "dòng không có mã của hncc (dòng thêm vào hoặc mã bị xóa); chỉ điền "
                    "vào các dòng có sẵn.")
        return
    plan_key, ref, year, month = identity
    plan_file = context.plan_files.get(plan_key)
    entry = context.entries.get(plan_key, ref)
    if plan_file is None or entry is None:
        if filled:
            problem("row_id", f"không còn mục {ref} của kế hoạch {plan_key} trong dữ liệu.")
        return
    occurrence = forms.occurrence_year(year, entry.deadline.due if entry.deadline else None)
    # the row, as messages say it: "PL.I.2 (kỳ năm 2023)", "I.1 (kỳ đến hạn tháng 3/2025)"
    named = f"{ref} (kỳ {period_words(year, month)})" if year is not None else ref
    current_version = forms.row_version(entry, occurrence, month)
    same_row = _text(values["row_version"]) == current_version
    if same_row:
        _check_fixed(values, expected.get(_text(values["row_id"])), problem)
    if not filled:
        return
    update = _update(context, values, year, month, link, problem)
    if update is not None and update in _history(entry, occurrence, month):
        # A form read again, or sent twice: what it says is recorded, so the row adds nothing
        # (and the entry "changed since the form was made" by this very update).
        reading.notices.append(f"{path.name}, dòng {number}: cập nhật ngày {update.date:%d/%m/%Y} "
                               f"của mục {named} ({plan_file.number}) đã có trong dữ liệu: bỏ qua.")
        return
    if not same_row:
        problem("", f"mục {named} ({plan_file.number}) đã thay đổi trong dữ liệu từ khi lập biểu mẫu "
                "(thời hạn, nội dung hay trạng thái mới được ghi): không ghi dòng này; lập biểu "
                "mẫu mới bằng “hncc form” và điền lại.")
    elif _text(values["file_version"]) != context.versions[plan_key]:
        reading.notices.append(f"{path.name}, dòng {number}: tệp kế hoạch {plan_file.number} đã thay "
                               f"đổi từ khi lập biểu mẫu, nhưng mục {named} không đổi: vẫn nhận.")
    row_key = _text(values["row_id"])
    if row_key in context.seen:
        first_file, first_row, first_update = context.seen[row_key]
        if update is not None and update == first_update:
            # The co-leads of a task each answer its row in their own form: one answer, once.
            reading.notices.append(f"{path.name}, dòng {number}: mục {named} ({plan_file.number}) điền "
                                   f"giống hệt câu trả lời ở {first_file.name}, dòng {first_row}: "
                                   "ghi một lần.")
            return
        problem("", f"mục {named} đã được điền ở {first_file.name}, dòng {first_row}: mỗi mục chỉ "
                "điền một lần, hoặc điền giống hệt nhau ở mọi biểu mẫu (các cơ quan cùng chủ trì "
                "thống nhất một câu trả lời).")
    context.seen.setdefault(row_key, (path, number, update))
    if update is not None:
        _check_against_history(plan_file.plan, entry, occurrence, month, update, problem)
    if len(reading.problems) == known and update is not None:
        reading.rows.append(FilledRow(path, number, plan_key, entry, update))


def _check_fixed(values: dict[str, Any], made: forms.FormRow | None, problem: Report) -> None:
    if made is None:
        problem("row_id", "mã dòng không thuộc biểu mẫu này (dòng chép từ biểu mẫu khác?).")
        return
    for key, written in made.values.items():
        if _text(values[key]) != _text(written):
            problem(key, f"cột đã khóa bị sửa: “{shorten(_text(values[key]), 60)}”, dữ liệu hiện "
                    f"tại ghi “{shorten(_text(written), 60)}”. Trả lại như cũ; nếu không ai sửa ô "
                    "này thì dữ liệu (tên cơ quan, thời hạn…) đã đổi từ khi lập biểu mẫu: lập biểu "
                    "mẫu mới bằng “hncc form” và điền lại.")


def _update(context: _Context, values: dict[str, Any], year: int | None, month: int | None,
            link: str | None, problem: Report) -> StatusEntry | None:
    word = _text(values["status"])
    code = None
    if not word:
        problem("status", f"thiếu trạng thái mới; chọn một trong: {', '.join(forms.STATUS_CHOICES)}.")
    else:
        try:
            code = status_edit.status_code(word)
        except EditRefused:
            problem("status", f"“{word}” không phải một trạng thái; chọn một trong: "
                    f"{', '.join(forms.STATUS_CHOICES)}.")
    raw_day = values["date"]
    day = _day(raw_day) if raw_day not in (None, "") else None
    if raw_day in (None, ""):
        problem("date", "thiếu ngày (dd/mm/yyyy).")
    elif day is None and (_DAY.fullmatch(str(raw_day)) or _ISO.fullmatch(str(raw_day))):
        problem("date", f"không có ngày “{_text(raw_day)}” trong lịch; sửa lại ngày (dd/mm/yyyy).")
    elif day is None:
        problem("date", f"“{_text(raw_day)}” không phải một ngày dạng dd/mm/yyyy.")
    elif day > context.today:
        problem("date", f"ngày {day:%d/%m/%Y} ở tương lai (hôm nay {context.today:%d/%m/%Y}).")
    reason = _paragraphs(values["reason"]) or None
    if code in ("cancelled", "suspended") and not reason:
        problem("reason", f"trạng thái “{status.STATUS_LABELS[code]}” cần lý do.")
        return None
    if code is None or day is None:
        return None
    try:
        return status_edit.status_update(
            date=day, status=code, year=year, month=month,
            note=_paragraphs(values["note"]) or None,
            evidence=_paragraphs(values["evidence"]) or None, reason=reason, link=link,
            difficulties=_paragraphs(values["difficulties"]) or None)
    except EditRefused as error:
        problem("", str(error))
        return None


def _history(entry: Entry, year: int | None, month: int | None = None) -> list[StatusEntry]:
    """The updates recorded for the occurrence of `year` and `month` (or for every one)."""
    return [u for u in entry.status
            if u.year in (None, year) and (month is None or u.month in (None, month))]


def _check_against_history(plan: Plan, entry: Entry, year: int | None, month: int | None,
                           update: StatusEntry, problem: Report) -> None:
    latest = max((u.date for u in _history(entry, year, month)), default=None)
    if latest is not None and update.date < latest:
        problem("date", f"ngày {update.date:%d/%m/%Y} cũ hơn cập nhật đã ghi ngày "
                f"{latest:%d/%m/%Y}; lịch sử chỉ ghi thêm về sau.")
    elif not update.note and (early := status.before_plan(update.date, plan.number,
                                                           plan.date)) is not None:
        problem("date", f"{early}; nếu việc đã làm trước khi có kế hoạch, ghi rõ điều đó ở cột "
                "“Kết quả thực hiện”.")


def _prepare(context: _Context, reading: FormReading) -> None:
    """The new text of each plan file with its rows appended (status_edit's checks included)."""
    by_plan: dict[str, list[FilledRow]] = {}
    for row in reading.rows:
        by_plan.setdefault(row.plan_key, []).append(row)
    for plan_key, rows in by_plan.items():
        snapshot = context.snapshots[plan_key]
        try:
            plan = context.plan_files[plan_key].plan  # its entries are where the rows go
            text, edits = status_edit.appended(context.data_dir, snapshot, plan,
                                               [(plan.by_ref[r.entry.ref], r.update) for r in rows])
        except UpdateRefused as error:  # the row whose update it is, without the file's lines
            row = rows[error.index]
            reading.problems.append(FormProblem(row.file, forms.SHEET, row.row, "", (
                f"dữ liệu không nhận cập nhật của dòng này: {'; '.join(error.reasons)}.")))
            continue
        except EditRefused as error:
            reading.problems.append(FormProblem(rows[0].file, forms.SHEET, rows[0].row, "",
                                                str(error)))
            continue
        reading.texts[snapshot.path] = (snapshot, text)
        reading.edits += edits
    if reading.problems:
        reading.texts.clear()
        reading.edits.clear()


def apply(reading: FormReading) -> list[Path]:
    """Write every changed plan file, or none: if a file changed on disk since it was read,
    nothing is written (files already replaced are put back). Holds the writers' lock of the
    plans folder from the last look at the files to the last write, so no other hncc writes in
    between. Raises atomic.FileChanged, and atomic.WriteRefused when the disk refuses."""
    pending = list(reading.texts.values())
    if not pending:
        return []
    with atomic.locked(pending[0][0].path.parent):
        for snapshot, _ in pending:
            if not snapshot.unchanged():
                raise atomic.FileChanged(snapshot.path)
        written: list[atomic.Snapshot] = []
        try:
            for snapshot, text in pending:
                atomic.write(snapshot.path, text.encode("utf-8"), expected=snapshot)
                written.append(snapshot)
        except BaseException:
            for snapshot in written:
                atomic.write(snapshot.path, snapshot.data)
            raise
    return [snapshot.path for snapshot, _ in pending]


def changes(reading: FormReading) -> list[Any]:
    """The updates as hncc.queries.diff changes, to print as `hncc diff` does."""
    from hncc.queries.diff import Change

    return [Change(edit.plan_key, "status-added", edit.ref,
                   new=edit.update.model_dump(mode="json", exclude_none=True))
            for edit in reading.edits]

