"""`--format xlsx`: the cells of CSV in a workbook, typed, so that Excel sorts and filters them
whatever its regional settings."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from hncc.render import spreadsheet, xlsx
from hncc.render.tables import Amount, Column, Table, csv_number
from tests.conftest import REPO
from tests.test_csv import FORMULA_LIKE, FORMULA_LIKE_TITLES, rows

AS_OF = "15/12/2023"


def sheet_rows(path, sheet: int = 0) -> tuple[list[str], list[tuple], list[str]]:
    """A sheet's header, its rows to the first blank one, and the notes below it."""
    book = load_workbook(path)
    lines = list(book[book.sheetnames[sheet]].iter_rows(values_only=True))
    blank = next((n for n, line in enumerate(lines) if all(v is None for v in line)), len(lines))
    notes = [line[0] for line in lines[blank + 1:]]
    return list(lines[0]), lines[1:blank], notes


def as_csv(value) -> str:
    """A typed cell as CSV writes the same value."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float):
        return csv_number(Decimal(repr(value)))
    return str(value)


@pytest.mark.parametrize("command", [["tasks"], ["overdue"], ["budget", "--year", "2023"],
                                     ["budget"], ["agencies"], ["upcoming", "--within", "400"]])
def test_xlsx__the_cells_of_csv_typed(hncc, tmp_path, command):
    target = tmp_path / "kết quả.xlsx"
    args = ["--root", REPO, *command, "--as-of", AS_OF]
    written = hncc(*args, "--format", "xlsx", "--output", target)
    assert written.exit_code == 0 and written.stderr.startswith("Đã ghi "), written.output
    header, found, notes = sheet_rows(target)
    csv_text = hncc(*args, "--format", "csv").stdout
    expected = rows(csv_text)
    assert [dict(zip(header, map(as_csv, row), strict=True)) for row in found] == expected
    assert found, "the shipped data has rows for each of these"
    # typed: the as-of date is a date, counts and amounts are numbers
    assert all(isinstance(row[header.index("Tính đến ngày")], dt.datetime) for row in found)
    for name in ("Quá hạn (ngày)", "Trong năm (tỷ đồng)", "Tổng (tỷ đồng)", "Xong đúng hạn"):
        if name in header:
            column = [row[header.index(name)] for row in found]
            assert all(isinstance(v, int | float) for v in column), (name, column)
    # what the table says below its rows, as CSV says it
    lines = list(csv.reader(io.StringIO(csv_text[1:]), delimiter=";"))
    said = [line[0] for line in lines[lines.index([]) + 1:]] if [] in lines else []
    assert notes == said


def test_xlsx__a_text_that_starts_like_a_formula_is_text_as_written(hncc, root, tmp_path):
    # A task titled "=HYPERLINK(…)" must not run in the department's Excel, and, unlike CSV,
    # needs no "'" before it: the cell is text.
    root.plan("2022-7.yaml", FORMULA_LIKE)
    target = tmp_path / "viec.xlsx"
    assert hncc("--root", root.path, "tasks", "--as-of", "01/07/2023", "-o", target).exit_code == 0
    book = load_workbook(target)
    sheet = book[book.sheetnames[0]]
    header = [c.value for c in sheet[1]]
    cells = {row[header.index("Mục")].value: row[header.index("Nội dung")]
             for row in sheet.iter_rows(min_row=2) if row[0].value}
    for ref, title in FORMULA_LIKE_TITLES.items():
        assert cells[ref].value == title and cells[ref].data_type == "s"
    with zipfile.ZipFile(target) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_xlsx__amounts_exact_dates_as_dates_and_the_same_file_each_time():
    table = Table((Column("Mục"), Column("Hạn", csv=("Hạn", "Ghi chú hạn")),
                   Column("Kinh phí", right=True), Column("Số", right=True)),
                  (("I.1", "31/12/2023", Amount("x", Decimal("1234.567891234")), "7"),
                   ("I.2\x1b[31m", "31/02/2023", Amount("y", Decimal("0.000000001")), ""),
                   ("I.3", "", Amount("z", Decimal("1234567.123456789")), "0")),
                  title="Thử: 2 dòng", notes=("Ghi chú một.", "=1+1"))
    made = spreadsheet.workbook([table], dt.date(2024, 1, 1))
    assert made == spreadsheet.workbook([table], dt.date(2024, 1, 1))  # reproducible
    with zipfile.ZipFile(io.BytesIO(made)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
        assert "<v>1234.567891234</v>" in xml and "<v>1e-09</v>" in xml
        assert {i.date_time for i in archive.infolist()} == {(2024, 1, 1, 0, 0, 0)}
    book = load_workbook(io.BytesIO(made))
    assert book.sheetnames == ["Thử"]
    sheet = book["Thử"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["Mục", "Hạn", "Ghi chú hạn", "Kinh phí (tỷ đồng)", "Số", "Tính đến ngày"]
    assert values[1][1] == dt.datetime(2023, 12, 31) and sheet["B2"].number_format == "DD/MM/YYYY"
    assert values[1][4] == 7 and values[2][4] is None
    assert values[2][0] == "I.2\\x1b[31m"  # a control character shown, never written raw
    assert values[2][1] == "31/02/2023"  # no such day: the text as it is
    # 16 significant digits: Excel would round the đồng away, so the amount is its text
    assert values[3][3] == "1234567,123456789" and values[3][4] == 0
    assert values[4] == [None] * 6 and [v[0] for v in values[5:]] == ["Ghi chú một.", "=1+1"]
    assert sheet["A7"].data_type == "s"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:F4"


@pytest.mark.parametrize(("args", "said"), [
    # an old habit (.xls, .doc) or a document to send (.pdf): text under that name would not open
    (("overdue", "-o", "qua-han.xls"), "Đặt tên theo dạng ghi (“qua-han.txt”), hoặc --output "
                                       "“qua-han.xlsx” để có tệp Excel."),
    (("budget", "--format", "csv", "-o", "kinh-phi.xlsx"), "bỏ --format csv để có tệp Excel"),
    (("tasks", "--format", "json", "-o", "viec.pdf"), "“viec.json”"),
    (("report", "--agency", "Sở Ngoại vụ", "-o", "bao-cao.doc"),
     "--output “bao-cao.docx” để có văn bản Word"),
    (("report", "--agency", "Sở Ngoại vụ", "-o", "bao-cao.pdf"), "Đặt tên .md (“bao-cao.md”)"),
    (("report", "--agency", "Sở Ngoại vụ", "--format", "docx", "-o", "bao-cao.md"),
     "văn bản Word cần tên tệp .docx: --output “bao-cao.docx”"),
], ids=["table-xls", "csv-xlsx", "json-pdf", "report-doc", "report-pdf", "docx-md"])
def test_output__a_file_named_as_another_kind_of_document_is_refused_before_reading(
        hncc, tmp_path, args, said):
    result = hncc("--root", tmp_path / "không có", *args[:-1], tmp_path / args[-1])
    assert result.exit_code == 2, result.output
    assert said in " ".join(result.stderr.split())
    assert not (tmp_path / args[-1]).exists()


def test_xlsx__several_tables_are_sheets_each_named_once(hncc, tmp_path):
    target = tmp_path / "muc.xlsx"
    assert hncc("--root", REPO, "show", "102:PL.I.2", "--as-of", AS_OF, "-o", target).exit_code == 0
    names = load_workbook(target).sheetnames
    assert len(names) == len({n.casefold() for n in names}) > 2
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert names[0] == "102-KH-UBND@2022-PL.I.2"
    assert spreadsheet._sheet_names([Table((Column("A"),), (), title="Bảng: 1"),
                                     Table((Column("A"),), (), title="bảng: 2"),
                                     Table((Column("A"),), ())]) == ["Bảng", "bảng (2)", "Bảng 3"]


def test_xlsx__needs_an_output_file_and_says_so_before_reading_the_data(hncc, tmp_path):
    result = hncc("--root", tmp_path / "không có", "overdue", "--format", "xlsx")
    assert result.exit_code == 2
    assert "--format xlsx cần --output TỆP.xlsx" in result.stderr
    # a file named .xlsx is Excel's, unless another format is asked for
    target = tmp_path / "bang.xlsx"
    assert hncc("--root", REPO, "overdue", "--as-of", AS_OF, "-o", target).exit_code == 0
    assert zipfile.is_zipfile(target)


def test_xlsx__a_row_with_wrapped_text_is_as_tall_as_its_lines():
    # Wrapped text in a row of the default height overlapped the next rows (LibreOffice, and
    # Excel until a row is edited): the row is made as tall as its text's lines.
    long = " ".join(["Việc"] * 40)
    table = Table((Column("Mục"), Column("Nội dung", wrap=True)),
                  (("I.1", "Ngắn"), ("I.2", long), ("I.3", "dòng một\ndòng hai")))
    sheet = load_workbook(io.BytesIO(spreadsheet.workbook([table]))).active
    width = sheet.column_dimensions["B"].width
    assert sheet.row_dimensions[2].height is None  # fits: Excel's own height
    assert sheet.row_dimensions[3].height == 15 * xlsx.wrapped_lines(long, width) > 15
    assert sheet.row_dimensions[4].height == 30
    assert sheet["B3"].alignment.wrap_text and not sheet["A3"].alignment.wrap_text
    assert xlsx.wrapped_lines("một hai ba", 8) == 2 and xlsx.wrapped_lines("", 8) == 1
