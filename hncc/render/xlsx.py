"""The fill-in table as a spreadsheet (openpyxl): instructions first, then the rows to fill.

The fixed columns and the hidden identity columns are locked (sheet protection, no password:
it guards against slips, not against intent; hncc checks the locked cells when it reads the form
back). "Trạng thái mới" is a drop-down of the Vietnamese status words; dates are text cells in
dd/mm/yyyy, so that a spreadsheet program does not turn them into its own date format.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from copy import copy
from typing import Any

from hncc.queries.form import (
    COLUMNS,
    DATE_FORMAT,
    FIRST_ROW,
    FORMAT,
    HEADER_ROW,
    INSTRUCTIONS_SHEET,
    META_SHEET,
    SHEET,
    STATUS_CHOICES,
    Form,
)
from hncc.queries.official import writable
from hncc.render.ooxml import stamped

FILL_COLOUR, FIXED_COLOUR = "FFF2CC", "E7E6E6"
GUIDE_WIDTH = 85  # characters: the lines wrap, and A4 portrait holds them unscaled
LINE_HEIGHT = 15  # points: a line of the default font, Excel's default row height
# The workbook's default font, named on the cells that set a font of their own too: a font
# without a name is shown in whatever the program picks (LibreOffice: a wider serif, which
# wraps more lines than the row heights allow)
FONT = "Calibri"


def instructions(form: Form) -> list[str]:
    """The lines of the instructions sheet."""
    who = form.agency or "các cơ quan chủ trì"
    return [
        f"BIỂU MẪU BÁO CÁO TIẾN ĐỘ NĂM {form.year}: {who.upper()}",
        f"Số liệu tính đến ngày {form.as_of:%d/%m/%Y}. Gửi lại Sở Văn hóa và Thể thao trước 30/11.",
        "",
        f"Trang “{SHEET}” có một dòng cho mỗi nhiệm vụ mà cơ quan chủ trì trong năm (nhiệm vụ "
        "hàng năm: thêm một dòng cho mỗi năm trước còn quá hạn).",
        *(["Cơ quan chỉ chủ trì một phần việc của công việc do cơ quan khác chủ trì: dòng là phần "
           "việc đó (mục của phần việc), và kết quả được ghi cho phần việc, không cho cả công việc."]
          if form.agency else []),
        "Các cột màu xám (kế hoạch, mục, nội dung, thời hạn, trạng thái đã ghi nhận) đã khóa: "
        "không sửa.",
        "Với mỗi nhiệm vụ có kết quả mới, điền các cột màu vàng:",
        f"  - Trạng thái mới: chọn trong danh sách ({', '.join(STATUS_CHOICES)});",
        f"  - Ngày: ngày của kết quả, dạng {DATE_FORMAT} (ví dụ 15/11/{form.year}), không sau ngày gửi;",
        "  - Kết quả thực hiện: đã làm được gì;",
        "  - Văn bản chứng minh: số và ngày của văn bản (ví dụ “Báo cáo số 55/BC-SNgV ngày "
        f"10/11/{form.year}”);",
        "  - Khó khăn, vướng mắc: nếu có;",
        "  - Lý do: bắt buộc khi chọn “đã hủy” hoặc “tạm dừng”.",
        "Dòng không có kết quả mới thì để trống. Không thêm, xóa hay sắp xếp lại dòng.",
        "",
        "Khi nhận lại, hncc kiểm tra từng dòng (hncc status --from TỆP.xlsx) và chỉ ghi vào dữ liệu "
        "khi mọi dòng đều hợp lệ; dòng sai được chỉ rõ trang, dòng và cột.",
    ]


def _cell(sheet: Any, row: int, column: int, value: Any) -> Any:
    """The cell at `row`, `column` holding `value`; a text as text, even one that starts with
    "=" (which openpyxl would write as a formula: a task titled "=HYPERLINK(…)" would run in the
    department's Excel)."""
    cell = sheet.cell(row, column, value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def wrapped_lines(text: str, width: float) -> int:
    """How many lines `text` takes in a wrapping cell `width` characters wide (a column's
    width, in widths of "0"): words wrapped as a spreadsheet program wraps them, a word longer
    than the line broken. Generous, as a letter of Vietnamese is narrower than "0": a row a
    little too high reads, a row too low cuts its text."""
    room = max(int(width) - 1, 1)
    count = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0
        for word in paragraph.split():
            if used and used + 1 + len(word) > room:
                lines, used = lines + 1, 0
            used += (1 if used else 0) + len(word)
            while used > room:
                lines, used = lines + 1, used - room
        count += lines
    return count


def _fit_rows(sheet: Any, widths: dict[int, float], first: int) -> None:
    """Give each row from `first` on the height its wrapped text needs (`widths`: the shown
    columns, by 1-based index). LibreOffice Calc shows a row without a height one line high,
    its text overlapping the rows below, on screen and on paper; Excel fits rows itself, and
    `_auto_height` keeps the heights automatic there (a row grows as the department types)."""
    for row in sheet.iter_rows(min_row=first):
        lines = max((wrapped_lines(str(cell.value), widths[cell.column]) for cell in row
                     if cell.value is not None and cell.column in widths), default=1)
        sheet.row_dimensions[row[0].row].height = LINE_HEIGHT * lines


def _auto_height(data: bytes) -> bytes:
    """The .xlsx `data` with its row heights not marked custom (openpyxl marks every height it
    writes so): Excel then still fits a row to what is typed in it, LibreOffice shows the height
    given."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename.startswith("xl/worksheets/sheet"):
                content = content.replace(b' customHeight="1"', b"")
            target.writestr(member, content)
    return out.getvalue()


def _print_setup(sheet: Any, orientation: str) -> None:
    """Printed on A4, as wide as one page (any number of pages down)."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = orientation
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def workbook(form: Form) -> bytes:
    """The form as an .xlsx file."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.protection import WorkbookProtection
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    guide = book.active
    guide.title = INSTRUCTIONS_SHEET
    lines = [writable(line) for line in instructions(form)]
    for number, line in enumerate(lines, start=1):
        cell = _cell(guide, number, 1, line)
        cell.font = Font(FONT, 11, bold=number == 1)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    guide.column_dimensions["A"].width = GUIDE_WIDTH
    _fit_rows(guide, {1: GUIDE_WIDTH}, 1)
    guide.protection.sheet = True
    _print_setup(guide, guide.ORIENTATION_PORTRAIT)

    sheet = book.create_sheet(SHEET)
    _cell(sheet, 1, 1, lines[0]).font = Font(FONT, 13, bold=True)
    _cell(sheet, 2, 1, f"Xem trang “{INSTRUCTIONS_SHEET}”. Chỉ điền các cột màu vàng.")
    fills = {"fill": PatternFill("solid", fgColor=FILL_COLOUR),
             "fixed": PatternFill("solid", fgColor=FIXED_COLOUR)}
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        header = _cell(sheet, HEADER_ROW, index, column.header)
        header.font = Font(FONT, 11, bold=True)
        header.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[letter].width = column.width
        sheet.column_dimensions[letter].hidden = column.kind == "hidden"
    styles: list[Any] = []  # each column's style, as the first row's cells were given it
    for offset, row in enumerate(form.rows):
        at = FIRST_ROW + offset
        values = {**row.values, "number": offset + 1, "row_id": row.row_id,
                  "file_version": row.file_version, "row_version": row.row_version}
        for index, column in enumerate(COLUMNS, start=1):
            cell = _cell(sheet, at, index, values.get(column.key))
            if styles:  # the same style, shared as openpyxl's own copy of a sheet shares it:
                cell._style = copy(styles[index - 1])  # setting it anew costs most of a big form
                continue
            cell.alignment = wrap
            if column.kind == "hidden":  # shown by no program (LibreOffice prints hidden columns'
                cell.number_format = ";;;"  # text where it overflows into the next empty cells)
            elif column.key != "number":  # a number, else Excel flags each "stored as text"
                cell.number_format = "@"  # text: a typed date stays as typed
            if column.kind in fills:
                cell.fill = fills[column.kind]
            cell.protection = Protection(locked=column.kind != "fill")
        styles = styles or [sheet.cell(at, index)._style for index in range(1, len(COLUMNS) + 1)]
    _fit_rows(sheet, {index: c.width for index, c in enumerate(COLUMNS, start=1)
                      if c.kind != "hidden"}, HEADER_ROW)
    last = FIRST_ROW + max(len(form.rows), 1) - 1
    status_letter = get_column_letter(next(i for i, c in enumerate(COLUMNS, 1) if c.key == "status"))
    choices = DataValidation(type="list", formula1=f'"{",".join(STATUS_CHOICES)}"', allow_blank=True,
                             showErrorMessage=True, errorTitle="Trạng thái không hợp lệ",
                             error="Chọn một trạng thái trong danh sách.")
    choices.add(f"{status_letter}{FIRST_ROW}:{status_letter}{last}")
    sheet.add_data_validation(choices)
    sheet.freeze_panes = sheet.cell(FIRST_ROW, 1)
    sheet.protection.sheet = True
    # widening a column or a row to read or type a long text is no edit of the data
    sheet.protection.formatColumns = sheet.protection.formatRows = False
    _print_setup(sheet, sheet.ORIENTATION_LANDSCAPE)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"

    meta = book.create_sheet(META_SHEET)
    for number, (key, value) in enumerate((("format", FORMAT), ("agency", form.agency or ""),
                                           ("year", str(form.year)),
                                           ("as_of", form.as_of.isoformat())), start=1):
        _cell(meta, number, 1, key)
        _cell(meta, number, 2, value)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    book.security = WorkbookProtection(lockStructure=True)
    return saved(book, dt.datetime.combine(form.as_of, dt.time()))


def saved(book: Any, moment: dt.datetime, title: str = "") -> bytes:
    """The workbook as .xlsx bytes, dated `moment` inside and in the archive, with row heights
    Excel may still fit (`_auto_height`): the same workbook made again is the same file."""
    from openpyxl.writer.excel import ExcelWriter

    book.properties.creator = "hncc"
    book.properties.title = title or None
    book.properties.created = book.properties.modified = moment
    stream = io.BytesIO()
    # Not book.save(), which dates the file by the clock.
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).save()
    return stamped(_auto_height(stream.getvalue()), moment)
