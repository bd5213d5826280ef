"""`hncc form` and `hncc status --from`: the fill-in table written, filled in, read back."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import time
import zipfile

import official_fixture as fixture
import pytest
from openpyxl import load_workbook

from hncc.data import loader
from hncc.queries import form as forms

AS_OF = fixture.AS_OF
COLUMN = {c.key: index for index, c in enumerate(forms.COLUMNS, start=1)}


@pytest.fixture
def data(root):
    fixture.write(root)
    return root


def make_form(hncc, data, name="bieu-mau.xlsx", *extra, year="2023", as_of=AS_OF):
    path = data.path / name
    result = hncc("form", "--root", data.path, "--agency", "Sở Ngoại vụ", "--year", year,
                  "--as-of", as_of, "--output", path, *extra)
    assert result.exit_code == 0, result.stderr
    return path


def read_back(hncc, data, *paths, today=AS_OF, dry_run=False):
    extra = ("--dry-run",) if dry_run else ()
    return hncc("status", "--root", data.path, "--from", *paths, "--as-of", today, *extra)


class Filled:
    """A form opened as a person would, in openpyxl: cells found by row id and column key."""

    def __init__(self, path):
        self.path = path
        self.book = load_workbook(path)
        self.sheet = self.book[forms.SHEET]
        self.rows = {self.sheet.cell(r, COLUMN["row_id"]).value: r
                     for r in range(forms.FIRST_ROW, self.sheet.max_row + 1)}

    def row(self, ref: str, year: int | None = None) -> int:
        return self.rows[forms.row_id("7/KH-UBND@2022", ref, year)]

    def set(self, row: int, **values) -> None:
        for key, value in values.items():
            self.sheet.cell(row, COLUMN[key]).value = value

    def save(self, path=None):
        self.book.save(path or self.path)
        return path or self.path


def test_form__one_row_per_led_task_with_locked_and_open_columns(hncc, data):
    book = load_workbook(make_form(hncc, data))
    assert book.sheetnames == [forms.INSTRUCTIONS_SHEET, forms.SHEET, forms.META_SHEET]
    assert book[forms.META_SHEET].sheet_state == "hidden"
    sheet = book[forms.SHEET]
    assert [c.value for c in sheet[forms.HEADER_ROW]] == [c.header for c in forms.COLUMNS]
    rows = list(sheet.iter_rows(min_row=forms.FIRST_ROW, values_only=True))
    assert [(r[COLUMN["ref"] - 1], r[COLUMN["row_id"] - 1]) for r in rows] == [
        ("III.1", "7/KH-UBND@2022|III.1|"), ("III.2 (2023)", "7/KH-UBND@2022|III.2|2023"),
        ("PL.1", "7/KH-UBND@2022|PL.1|")]  # III.3 is supported, not led: its lead reports it
    assert rows[1][COLUMN["current"] - 1] == "đang thực hiện (02/10/2023)"
    assert sheet.protection.sheet
    first = forms.FIRST_ROW
    for column in forms.COLUMNS:
        assert sheet.cell(first, COLUMN[column.key]).protection.locked == (column.kind != "fill")
        hidden = sheet.column_dimensions[sheet.cell(first, COLUMN[column.key]).column_letter].hidden
        assert hidden == (column.kind == "hidden")
    (validation,) = sheet.data_validations.dataValidation
    assert validation.formula1 == '"chưa bắt đầu,đang thực hiện,đã hoàn thành,đã hủy,tạm dừng"'
    assert str(validation.sqref) == f"H{first}:H{first + 2}"


def test_form__round_trip_refuses_bad_rows_with_positions_then_appends_exactly(hncc, data):
    form = Filled(make_form(hncc, data))
    plan = data.data / "plans" / fixture.PLAN_FILE
    before = plan.read_text(encoding="utf-8")
    iii1, iii2, pl1 = form.row("III.1"), form.row("III.2", 2023), form.row("PL.1")
    form.set(iii2, status="đã hoàn thành", date="20/11/2023", note="Đã phát hành ấn phẩm",
             evidence="Báo cáo số 60/BC-SNgV ngày 21/11/2023", difficulties="Thiếu người")
    form.set(pl1, status="xong rồi", date="01/12/2023")         # not a status word
    form.set(iii1, status="đang thực hiện", date="01/01/2024")  # after the as-of date
    form.set(pl1, title="Hội thảo khác")                        # a locked cell edited
    form.save()
    snapshot = data.snapshot()

    result = read_back(hncc, data, form.path)

    assert result.exit_code == 1
    assert f"dòng {pl1}, cột H (Trạng thái mới): “xong rồi” không phải một trạng thái" in result.stderr
    assert f"dòng {iii1}, cột I (Ngày (dd/mm/yyyy)): ngày 01/01/2024 ở tương lai" in result.stderr
    assert f"dòng {pl1}, cột D (Nội dung nhiệm vụ): cột đã khóa bị sửa: “Hội thảo khác”" in result.stderr
    assert "Không ghi gì: 3 lỗi" in result.stderr and "trang “Biểu mẫu”" in result.stderr
    assert data.snapshot() == snapshot

    form.set(pl1, status="đã hủy", title="Tổ chức hội thảo quốc tế", reason="Không còn cần thiết",
             date="01/12/2023")
    form.set(iii1, status=None, date=None)
    form.save()
    result = read_back(hncc, data, form.path)

    assert result.exit_code == 0, result.stderr
    assert ("Mục III.2: trạng thái “đã hoàn thành” (kỳ năm 2023) ngày 20/11/2023 — Đã phát hành"
            in result.stdout)
    after = plan.read_text(encoding="utf-8")
    added = [line for tag, line in _line_changes(before, after) if tag == "+"]
    assert all(tag == "+" for tag, _ in _line_changes(before, after))
    assert added == [
        "      - date: 2023-11-20",
        "        status: done",
        "        year: 2023",
        "        note: Đã phát hành ấn phẩm",
        "        evidence: Báo cáo số 60/BC-SNgV ngày 21/11/2023",
        "        difficulties: Thiếu người",
        "        - date: 2023-12-01",
        "          status: cancelled",
        "          reason: Không còn cần thiết",
    ]
    assert hncc("check", "--root", data.path).exit_code == 0
    report = hncc("report", "--root", data.path, "--agency", "Sở Ngoại vụ", "--as-of", AS_OF).stdout
    assert "20/11/2023, đã hoàn thành: Đã phát hành ấn phẩm (văn bản: Báo cáo số 60/BC-SNgV" in report
    assert "01/12/2023, đã hủy; lý do: Không còn cần thiết" in report
    assert "Thiếu người" in report.split("## 7.")[1]


def _line_changes(before: str, after: str) -> list[tuple[str, str]]:
    return [(line[0], line[1:]) for line in difflib.unified_diff(
        before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_form__dry_run_shows_the_updates_and_writes_nothing(hncc, data):
    form = Filled(make_form(hncc, data))
    form.set(form.row("III.1"), status="đã hoàn thành", date="01/12/2023", note="Bổ sung")
    form.save()
    snapshot = data.snapshot()
    result = read_back(hncc, data, form.path, dry_run=True)
    assert result.exit_code == 0
    assert ("Kế hoạch 7/KH-UBND@2022:\n  Mục III.1: trạng thái “đã hoàn thành” ngày 01/12/2023 — "
            "Bổ sung") in result.stdout
    assert "--dry-run: chưa ghi gì" in result.stdout and data.snapshot() == snapshot


def test_form__excel_date_cells_are_read_as_dates(hncc, data):
    import datetime as dt

    form = Filled(make_form(hncc, data))
    form.set(form.row("III.1"), status="Đã hoàn thành", date=dt.datetime(2023, 12, 1))
    form.save()
    assert read_back(hncc, data, form.path, dry_run=True).exit_code == 0


@pytest.mark.parametrize("typed", ["01.12.2023", "1-12-2023", " 2023-12-01 "])
def test_form__a_date_typed_as_status_date_takes_it_is_read(hncc, data, typed):
    # What `hncc status --date` reads, the form reads too: day first with "/", "." or "-", or ISO
    form = Filled(make_form(hncc, data))
    form.set(form.row("III.1"), status="hoan thanh", date=typed)
    form.save()
    result = read_back(hncc, data, form.path, dry_run=True)
    assert result.exit_code == 0, result.stderr
    assert "Mục III.1: trạng thái “đã hoàn thành” ngày 01/12/2023" in result.stdout


@pytest.mark.parametrize(("values", "message"), [
    ({"status": "đã hoàn thành"}, "thiếu ngày"),
    ({"date": "01/12/2023"}, "thiếu trạng thái mới"),
    ({"status": "đã hoàn thành", "date": "01/12/23"}, "không phải một ngày dạng dd/mm/yyyy"),
    ({"status": "đã hoàn thành", "date": "01/12-2023"}, "không phải một ngày dạng dd/mm/yyyy"),
    # the right shape, but no such day: said so, not "not a date in the form dd/mm/yyyy"
    ({"status": "đã hoàn thành", "date": "31/02/2023"}, "không có ngày “31/02/2023” trong lịch"),
    ({"status": "tạm dừng", "date": "01/12/2023"}, "cần lý do"),
    ({"status": "đã hoàn thành", "date": "01/01/2023"}, "cũ hơn cập nhật đã ghi ngày 20/06/2023"),
])
def test_form__each_wrong_row_is_refused_with_a_reason(hncc, data, values, message):
    form = Filled(make_form(hncc, data))
    form.set(form.row("III.1"), **values)
    form.save()
    snapshot = data.snapshot()
    result = read_back(hncc, data, form.path)
    assert result.exit_code == 1 and message in result.stderr, result.stderr
    assert data.snapshot() == snapshot


def test_form__the_same_row_filled_in_two_forms_is_a_duplicate(hncc, data):
    first = Filled(make_form(hncc, data, "a.xlsx"))
    first.set(first.row("III.1"), status="đã hoàn thành", date="01/12/2023")
    first.save()
    second = Filled(make_form(hncc, data, "b.xlsx"))
    second.set(second.row("III.1"), status="đang thực hiện", date="02/12/2023")
    second.save()
    snapshot = data.snapshot()
    result = read_back(hncc, data, first.path, second.path, today="2023-12-31")
    assert result.exit_code == 1
    assert "mục III.1 đã được điền ở a.xlsx" in result.stderr and "b.xlsx" in result.stderr
    assert data.snapshot() == snapshot


def test_form__a_row_added_by_hand_is_refused(hncc, data):
    form = Filled(make_form(hncc, data))
    form.set(form.sheet.max_row + 1, status="đã hoàn thành", date="01/12/2023", note="Việc mới")
    form.save()
    result = read_back(hncc, data, form.path)
    assert result.exit_code == 1 and "dòng không có mã của hncc" in result.stderr


def test_form__stale_form_is_reconciled_row_by_row(hncc, data):
    """Made before the data changed: the row whose entry changed is refused, nothing is
    written; the rows whose entries did not change are taken, with a note."""
    form = Filled(make_form(hncc, data))
    changed = hncc("status", "--root", data.path, "7:PL.1", "in_progress", "--date", "2023-12-10",
                   "--note", "Tiếp tục chuẩn bị")
    assert changed.exit_code == 0, changed.stderr
    form.set(form.row("PL.1"), status="đã hoàn thành", date="12/12/2023")
    form.set(form.row("III.1"), status="đã hoàn thành", date="12/12/2023", note="Bổ sung")
    form.save()
    snapshot = data.snapshot()

    result = read_back(hncc, data, form.path)

    assert result.exit_code == 1
    assert (f"dòng {form.row('PL.1')}: mục PL.1 (7/KH-UBND) đã thay đổi trong dữ liệu từ khi lập "
            "biểu mẫu") in result.stderr
    assert "Không ghi gì: 1 lỗi" in result.stderr and data.snapshot() == snapshot

    form.set(form.row("PL.1"), status=None, date=None)
    form.save()
    result = read_back(hncc, data, form.path)
    assert result.exit_code == 0, result.stderr
    assert (f"dòng {form.row('III.1')}: tệp kế hoạch 7/KH-UBND đã thay đổi từ khi lập biểu mẫu, "
            "nhưng mục III.1 không đổi: vẫn nhận") in result.stdout
    assert "Mục III.1: trạng thái “đã hoàn thành” ngày 12/12/2023 — Bổ sung" in result.stdout


def test_form__not_a_form_is_an_error_naming_the_file(hncc, data):
    other = data.path / "khac.xlsx"
    from openpyxl import Workbook

    Workbook().save(other)
    result = read_back(hncc, data, other)
    assert result.exit_code == 1 and "khac.xlsx: không phải biểu mẫu do hncc lập" in result.stderr


@pytest.mark.parametrize("name, content", [
    ("bieu-mau.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)),  # Excel 97-2003 (OLE)
    ("bieu-mau.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)),  # with a password
    ("bieu-mau.xlsx", "TT;Kế hoạch\n1;102\n".encode()),  # a CSV renamed
])
def test_form__a_file_that_is_not_an_xlsx_gets_a_vietnamese_reason_and_what_to_do(
        hncc, data, name, content):
    from test_vietnamese import _codes, english_words

    other = data.path / name
    other.write_bytes(content)
    result = read_back(hncc, data, other)
    assert result.exit_code == 1
    assert f"{name}: không phải tệp Excel .xlsx đọc được" in result.stderr
    assert "lưu lại thành sổ làm việc Excel (.xlsx)" in result.stderr
    assert not english_words(result.stderr, _codes()), result.stderr


def test_form__nothing_filled_writes_nothing(hncc, data):
    path = make_form(hncc, data)
    snapshot = data.snapshot()
    result = read_back(hncc, data, path)
    assert result.exit_code == 0 and "không có dòng nào được điền" in result.stdout
    assert data.snapshot() == snapshot


def test_form__for_all_agencies_lists_each_task_once(hncc, data):
    path = data.path / "tat-ca.xlsx"
    result = hncc("form", "--root", data.path, "--year", "2023", "--as-of", AS_OF, "--output", path)
    assert result.exit_code == 0, result.stderr
    sheet = load_workbook(path)[forms.SHEET]
    ids = [sheet.cell(r, COLUMN["row_id"]).value for r in range(forms.FIRST_ROW, sheet.max_row + 1)]
    assert ids == ["7/KH-UBND@2022|III.1|", "7/KH-UBND@2022|III.2|2023", "7/KH-UBND@2022|III.3|",
                   "7/KH-UBND@2022|PL.1|"]


def test_form__output_dir_writes_one_form_per_leading_agency(hncc, data):
    folder = data.path / "bieu-mau"
    folder.mkdir()
    result = hncc("form", "--root", data.path, "--year", "2023", "--as-of", AS_OF,
                  "--output-dir", folder)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == [
        "bieu-mau-so-ngoai-vu-2023.xlsx", "bieu-mau-so-van-hoa-va-the-thao-2023.xlsx"]
    # one line a file, saying whose form it is and its rows and size (it was said twice)
    said = [line for line in result.output.splitlines() if line.startswith("Đã ghi")]
    assert len(said) == 2 and said[0].startswith("Đã ghi ") and ": Sở Ngoại vụ, " in said[0]
    assert re.search(r": Sở Ngoại vụ, \d+ dòng \([\d.]+ byte\)\.$", said[0])


def test_form__output_dir_makes_no_form_for_a_group_of_agencies_and_says_where_its_rows_are(
        hncc, data):
    # "các Sở, ngành" leads a task: no one body fills in and signs a form for it, so the folder
    # gets none (a file "bieu-mau-cac-so-nganh-2023.xlsx" nobody can answer); the note names the
    # group with its rows and the forms that have them
    data.agencies(fixture.AGENCIES + """\
  - id: cac-so-nganh
    name: các Sở, ngành
    kind: group
""")
    data.plan(fixture.PLAN_FILE, fixture.PLAN.replace(
        "    lead: [Sở Văn hóa và Thể thao]\n    cooperating: [Sở Ngoại vụ]\n",
        "    lead: [\"các Sở, ngành\"]\n    cooperating: [Sở Ngoại vụ]\n"))
    folder = data.path / "bieu-mau"
    result = hncc("form", "--root", data.path, "--year", "2023", "--as-of", AS_OF,
                  "--output-dir", folder)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["bieu-mau-so-ngoai-vu-2023.xlsx"]
    said = " ".join(result.stderr.split())
    assert "không lập biểu mẫu riêng cho 1 nhóm cơ quan" in said
    assert "các Sở, ngành (1 dòng)" in said and "hncc form --year 2023 --output" in said
    # the form for all agencies still has the group's task, and so does the group's own
    for extra in ((), ("--agency", "các Sở, ngành")):
        path = data.path / "chung.xlsx"
        made = hncc("form", "--root", data.path, "--year", "2023", "--as-of", AS_OF,
                    "--output", path, *extra)
        assert made.exit_code == 0, made.stderr
        assert "7/KH-UBND@2022|III.3|" in [c.value for c in load_workbook(path)[forms.SHEET][
            forms.FIRST_ROW:forms.FIRST_ROW + 10] for c in c if c.column == COLUMN["row_id"]]


def test_form__output_dir_that_does_not_exist_is_made(hncc, data):
    folder = data.path / "bieu-mau" / "2023"
    result = hncc("form", "--root", data.path, "--year", "2023", "--as-of", AS_OF,
                  "--output-dir", folder)
    assert result.exit_code == 0, result.stderr
    assert len(list(folder.iterdir())) == 2


def test_form__output_dir_that_stops_midway_says_which_forms_were_not_written(hncc, data):
    folder = data.path / "bieu-mau"
    folder.mkdir()
    (folder / "bieu-mau-so-van-hoa-va-the-thao-2023.xlsx").mkdir()  # the second cannot be written
    result = hncc("form", "--root", data.path, "--year", "2023", "--as-of", AS_OF,
                  "--output-dir", folder)
    assert result.exit_code == 1
    assert "đã ghi 1 trong 2 biểu mẫu." in result.stderr
    assert (folder / "bieu-mau-so-ngoai-vu-2023.xlsx").is_file()


def test_form__output_dir_stopping_at_the_first_form_names_the_others(hncc, data):
    folder = data.path / "bieu-mau"
    folder.mkdir()
    (folder / "bieu-mau-so-ngoai-vu-2023.xlsx").mkdir()
    result = hncc("form", "--root", data.path, "--year", "2023", "--as-of", AS_OF,
                  "--output-dir", folder)
    assert result.exit_code == 1
    assert ("đã ghi 0 trong 2 biểu mẫu; chưa ghi biểu mẫu của Sở Văn hóa và Thể thao."
            in result.stderr)


@pytest.mark.parametrize(("args", "message"), [
    (("--year", "2023"), "cần đúng một trong hai"),
    (("--agency", "Sở Không Có", "--output", "x.xlsx"), "Không có cơ quan"),
    # an old habit (.xls) or no extension: Excel would not open the form, or warn and mangle it
    (("--output", "bieu-mau.xls"), "--output cần tên tệp .xlsx, ví dụ “bieu-mau.xlsx”"),
    (("--output", "bieu-mau"), "--output cần tên tệp .xlsx, ví dụ “bieu-mau.xlsx”"),
])
def test_form__wrong_usage_exits_2(hncc, data, args, message):
    result = hncc("form", "--root", data.path, *args)
    assert result.exit_code == 2 and message in result.stderr


def test_status__from_refuses_single_update_options(hncc, data):
    path = make_form(hncc, data)
    result = hncc("status", "--root", data.path, "--from", path, "--note", "x")
    assert result.exit_code == 2 and "--from đọc mọi thứ từ biểu mẫu" in result.stderr


def _rewritten(path, member, change):
    """The .xlsx at `path` with its part `member` changed by `change` (bytes to bytes)."""
    import zipfile

    with zipfile.ZipFile(path) as old:
        parts = [(info.filename, old.read(info.filename)) for info in old.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in parts:
            new.writestr(name, change(data) if name == member else data)
    return path


SHEET_PART = "xl/worksheets/sheet2.xml"  # the form sheet: the second of the workbook


@pytest.mark.parametrize("damage", ["half of the sheet", "not a zip", "a Word file", "cut short"])
def test_form__a_damaged_file_is_named_in_vietnamese_never_a_crash(hncc, data, damage):
    form = Filled(make_form(hncc, data))
    form.set(form.row("III.1"), status="đã hoàn thành", date="01/12/2023")
    path = form.save()
    if damage == "half of the sheet":
        _rewritten(path, SHEET_PART, lambda xml: xml[:len(xml) // 2])
    elif damage == "not a zip":
        path.write_text("Báo cáo tiến độ", encoding="utf-8")
    elif damage == "cut short":
        path.write_bytes(path.read_bytes()[:-200])
    else:
        path = path.rename(path.with_suffix(".docx"))
    snapshot = data.snapshot()
    result = read_back(hncc, data, path)
    assert result.exit_code == 1, result.stderr
    assert f"{path.name}: " in result.stderr and ".xlsx" in result.stderr
    assert "lỗi nội bộ" not in result.stderr
    assert not re.search(r"\b(file|zip|support|format|error|exception)\b", result.stderr, re.I)
    assert data.snapshot() == snapshot


def test_form__a_formula_without_its_computed_value_is_refused_never_read_as_empty(hncc, data):
    """openpyxl and other programs save formulas without their values: the note is not lost."""
    form = Filled(make_form(hncc, data))
    row = form.row("III.1")
    form.set(row, status="đã hoàn thành", date="01/12/2023", note='="Đã tham dự "&C' + str(row))
    form.save()
    snapshot = data.snapshot()
    result = read_back(hncc, data, form.path)
    assert result.exit_code == 1
    assert (f"dòng {row}, cột J (Kết quả thực hiện): ô có công thức “=\"Đã tham dự \"&C{row}” "
            "nhưng tệp không lưu kết quả của nó") in result.stderr
    assert data.snapshot() == snapshot


def test_form__a_formula_is_read_as_the_value_the_spreadsheet_computed(hncc, data):
    form = Filled(make_form(hncc, data))
    row = form.row("III.1")
    form.set(row, status="đã hoàn thành", date="01/12/2023", note=f'="Đã tham dự "&C{row}')
    path = form.save()
    # as Excel saves it: the formula and, beside it, the value it computed
    _rewritten(path, SHEET_PART, lambda xml: xml.replace(
        b"</f><v></v>", "</f><v>Đã tham dự III.1</v>".encode()).replace(
        f'<c r="J{row}" '.encode(), f'<c r="J{row}" t="str" '.encode()))
    result = read_back(hncc, data, path, dry_run=True)
    assert result.exit_code == 0, result.stderr
    assert "Mục III.1: trạng thái “đã hoàn thành” ngày 01/12/2023 — Đã tham dự III.1" in result.stdout


def test_form__decomposed_vietnamese_is_read_as_nfc(hncc, data):
    """Excel on a Mac types NFD; the plan files keep NFC, and the update is taken."""
    import unicodedata

    form = Filled(make_form(hncc, data))
    form.set(form.row("III.1"), status=unicodedata.normalize("NFD", "Đã hoàn thành"),
             date="01/12/2023", note=unicodedata.normalize("NFD", "Đã tham dự diễn đàn"))
    form.save()
    result = read_back(hncc, data, form.path)
    assert result.exit_code == 0, result.stderr
    text = (data.data / "plans" / fixture.PLAN_FILE).read_text(encoding="utf-8")
    assert "note: Đã tham dự diễn đàn" in text and unicodedata.is_normalized("NFC", text)
    assert hncc("check", "--root", data.path).exit_code == 0


def test_form__control_characters_in_the_data_are_written_as_spaces_and_read_back(hncc, data):
    """A title with Word's manual line break (U+000B), which a spreadsheet cannot hold."""
    plan = data.data / "plans" / fixture.PLAN_FILE
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "title: Tham dự diễn đàn Mạng lưới", 'title: "Tham dự diễn đàn\\vMạng lưới"'),
        encoding="utf-8")
    form = Filled(make_form(hncc, data))
    row = form.row("III.1")
    assert form.sheet.cell(row, COLUMN["title"]).value == "Tham dự diễn đàn Mạng lưới"
    form.set(row, status="đã hoàn thành", date="01/12/2023")
    form.save()
    result = read_back(hncc, data, form.path, dry_run=True)
    assert result.exit_code == 0, result.stderr


def test_form__prints_on_a4_one_page_wide_with_the_column_headers_on_every_page(hncc, data):
    book = load_workbook(make_form(hncc, data))
    for name, orientation in ((forms.INSTRUCTIONS_SHEET, "portrait"), (forms.SHEET, "landscape")):
        setup = book[name].page_setup
        assert (setup.paperSize, setup.orientation) == (9, orientation)  # 9: A4
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert book[name].sheet_properties.pageSetUpPr.fitToPage
    assert book[forms.SHEET].print_title_rows == f"${forms.HEADER_ROW}:${forms.HEADER_ROW}"
    guide = book[forms.INSTRUCTIONS_SHEET]
    assert all(guide.cell(r, 1).alignment.wrap_text for r in range(1, guide.max_row + 1))


def test_form__row_numbers_are_numbers_ids_never_shown_and_columns_can_be_widened(hncc, data):
    sheet = load_workbook(make_form(hncc, data))[forms.SHEET]
    first = forms.FIRST_ROW
    numbers = [sheet.cell(r, COLUMN["number"]) for r in range(first, sheet.max_row + 1)]
    assert [c.value for c in numbers] == [1, 2, 3] and {c.number_format for c in numbers} == {
        "General"}
    assert sheet.cell(first, COLUMN["date"]).number_format == "@"
    assert {sheet.cell(first, COLUMN[c.key]).number_format for c in forms.COLUMNS
            if c.kind == "hidden"} == {";;;"}
    assert sheet.protection.sheet and not sheet.protection.formatColumns
    assert not sheet.protection.formatRows and sheet.protection.insertRows


@pytest.mark.parametrize("where", ["--output", "--output-dir"])
def test_form__for_all_agencies_after_a_merger_the_successor_lists_the_tasks(hncc, data, where):
    """Sở Ngoại vụ merged in 2024 reports no more: no error, no form of its own; its
    successor's form lists the tasks it inherited, each once."""
    data.agencies(fixture.AGENCIES + fixture.MERGER)
    target = data.path / ("tat-ca.xlsx" if where == "--output" else "bieu-mau")
    if where == "--output-dir":
        target.mkdir()
    result = hncc("form", "--root", data.path, "--year", "2024", "--as-of", "2024-11-01", where,
                  target)
    assert result.exit_code == 0, result.stderr
    if where == "--output-dir":
        assert [p.name for p in target.iterdir()] == ["bieu-mau-so-van-hoa-va-the-thao-2024.xlsx"]
        target = next(target.iterdir())
    sheet = load_workbook(target)[forms.SHEET]
    ids = [sheet.cell(r, COLUMN["row_id"]).value for r in range(forms.FIRST_ROW, sheet.max_row + 1)]
    assert "7/KH-UBND@2022|III.2|2024" in ids and len(ids) == len(set(ids))


@pytest.mark.parametrize("command", ["form", "report"])
def test_output__a_file_open_in_excel_or_word_is_said_so_and_left_as_it_was(hncc, data, monkeypatch,
                                                                            command):
    """Windows refuses to replace a file Excel or Word holds open: EACCES, as for a
    permission."""
    import errno
    import os

    target = data.path / ("bieu-mau.xlsx" if command == "form" else "bao-cao.docx")
    target.write_bytes(b"the file open in Excel")

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    args = (("form", "--agency", "Sở Ngoại vụ", "--year", "2023") if command == "form" else
            ("report", "--agency", "Sở Ngoại vụ", "--year", "2023", "--format", "docx"))
    result = hncc(*args, "--root", data.path, "--as-of", AS_OF, "--output", target)
    assert result.exit_code == 1
    assert f"Không ghi được “{target}”" in result.stderr
    assert "tệp đang mở trong chương trình khác (Excel, Word): đóng tệp rồi chạy lại" in result.stderr
    assert target.read_bytes() == b"the file open in Excel"
    assert [p.name for p in data.path.iterdir() if p.name.startswith(".")] == []  # no temporary


def test_form__a_date_pasted_into_a_text_column_is_kept_as_the_user_saw_it(hncc, data):
    """Pasting a date cell brings its format: the note must say 20/11/2023, not 2023-11-20 00:00:00."""
    import datetime as dt

    form = Filled(make_form(hncc, data))
    form.set(form.row("III.1"), status="đã hoàn thành", date="01/12/2023",
             evidence=dt.datetime(2023, 11, 20), note=dt.datetime(2023, 11, 20, 14, 30))
    form.save()
    result = read_back(hncc, data, form.path, dry_run=True)
    assert result.exit_code == 0, result.stderr
    assert "ngày 01/12/2023 — 20/11/2023 14:30; văn bản: 20/11/2023" in result.stdout


def test_form__a_locked_cell_that_the_data_changed_is_not_blamed_on_the_user(hncc, data):
    """The registry renamed an agency after the form was made: the lead column no longer matches,
    though nobody touched it; the message says both causes and what to do."""
    form = Filled(make_form(hncc, data))
    form.set(form.row("III.1"), status="đã hoàn thành", date="01/12/2023")
    form.save()
    data.agencies(fixture.AGENCIES.replace("    name: Sở Ngoại vụ\n",
                                           "    name: Sở Ngoại vụ Hà Nội\n"))
    result = read_back(hncc, data, form.path)
    assert result.exit_code == 1
    assert ("cột E (Cơ quan chủ trì): cột đã khóa bị sửa: “Sở Ngoại vụ”, dữ liệu hiện tại ghi "
            "“Sở Ngoại vụ Hà Nội”") in result.stderr
    assert "nếu không ai sửa ô này thì dữ liệu (tên cơ quan, thời hạn…) đã đổi" in result.stderr
    assert "hncc form" in result.stderr


@pytest.mark.parametrize("change", ["merged before the form's date", "gone from the registry"])
def test_form__the_registry_changed_under_the_form_is_a_problem_of_the_file_not_a_crash(
        hncc, data, change):
    form = Filled(make_form(hncc, data))
    form.set(form.row("III.1"), status="đã hoàn thành", date="01/12/2023")
    form.save()
    if change == "merged before the form's date":
        data.agencies(fixture.AGENCIES + fixture.MERGER.replace("2024-03-01", "2023-03-01")
                      .replace("2024-02-25", "2023-02-25"))
    else:
        data.agencies(fixture.AGENCIES.replace("name: Sở Ngoại vụ", "name: Sở Đối ngoại")
                      .replace("aliases: [Sở Ngoại Vụ]", "aliases: [SĐN]"))
    snapshot = data.snapshot()
    result = read_back(hncc, data, form.path)
    assert result.exit_code == 1, result.stderr
    assert ("bieu-mau.xlsx, trang “Biểu mẫu”: biểu mẫu lập cho Sở Ngoại vụ năm 2023, nhưng theo "
            "dữ liệu hiện tại không lập được biểu mẫu đó") in result.stderr
    assert "lỗi nội bộ" not in result.stderr and data.snapshot() == snapshot


def test_form__read_again_after_it_was_applied_adds_nothing_and_says_so(hncc, data):
    """A department sends its form twice, or the same file is read again with one more row
    filled: what is already recorded is skipped with a note, the new row is taken."""
    form = Filled(make_form(hncc, data))
    form.set(form.row("III.1"), status="đã hoàn thành", date="01/12/2023", note="Bổ sung")
    form.save()
    assert read_back(hncc, data, form.path).exit_code == 0
    plan = data.data / "plans" / fixture.PLAN_FILE
    once = plan.read_bytes()

    again = read_back(hncc, data, form.path)
    assert again.exit_code == 0, again.stderr
    assert (f"dòng {form.row('III.1')}: cập nhật ngày 01/12/2023 của mục III.1 (7/KH-UBND) đã có "
            "trong dữ liệu: bỏ qua.") in again.stdout
    assert "Không có cập nhật mới: mọi dòng đã điền đều đã có trong dữ liệu." in again.stdout
    assert "không có dòng nào được điền" not in again.stdout and plan.read_bytes() == once

    form.set(form.row("PL.1"), status="đã hoàn thành", date="02/12/2023")
    form.save()
    more = read_back(hncc, data, form.path)
    assert more.exit_code == 0, more.stderr
    assert "Mục PL.1: trạng thái “đã hoàn thành” ngày 02/12/2023" in more.stdout
    assert "III.1 (7/KH-UBND) đã có trong dữ liệu: bỏ qua." in more.stdout


def test_form__made_again_later_with_the_same_as_of_is_the_same_file(hncc, data, monkeypatch):
    # openpyxl dates the file, and zip writers each member, by the clock: a form made again
    # with the same --as-of must be the same bytes.
    made = []
    for clock in (1_700_000_000.0, 1_800_000_000.0):
        monkeypatch.setattr(time, "time", lambda clock=clock: clock)
        made.append(make_form(hncc, data, f"{int(clock)}.xlsx").read_bytes())
    assert made[0] == made[1]


def test_form__line_breaks_typed_in_a_cell_are_kept_in_the_notes(hncc, data):
    # Alt+Enter in Excel: a department lists its results one per line, as `status --note` keeps.
    form = Filled(make_form(hncc, data))
    form.set(form.row("III.2", 2023), status="hoan thanh", date="20/11/2023",
             note="- Đã phát hành ấn phẩm\r\n-  Đã tổ chức  hội thảo\n\n",
             evidence="Báo cáo số 60/BC-SNgV\nQuyết định số 12/QĐ-UBND",
             difficulties="Thiếu người")
    form.save()

    result = read_back(hncc, data, form.path)

    assert result.exit_code == 0, result.stderr
    plan = loader.load(data.data).dataset.plans[0].plan
    (update,) = [u for u in plan.by_ref["III.2"].status if u.date.isoformat() == "2023-11-20"]
    assert update.note == "- Đã phát hành ấn phẩm\n- Đã tổ chức hội thảo"
    assert update.evidence == "Báo cáo số 60/BC-SNgV\nQuyết định số 12/QĐ-UBND"
    assert update.difficulties == "Thiếu người"


def test_form__a_yearly_task_s_earlier_year_still_late_is_a_row_to_answer(hncc, data):
    # III.2 (Hàng năm): 2023 is still open after its year, so the 2024 report lists it as late;
    # the form must let the agency say what it became, and the answer goes to 2023.
    path = make_form(hncc, data, "bieu-mau-2024.xlsx", year="2024", as_of="2024-02-01")
    form = Filled(path)
    sheet = form.sheet
    ids = [sheet.cell(r, COLUMN["row_id"]).value for r in range(forms.FIRST_ROW, sheet.max_row + 1)]
    assert ids.index("7/KH-UBND@2022|III.2|2023") + 1 == ids.index("7/KH-UBND@2022|III.2|2024")
    form.set(form.row("III.2", 2023), status="hoan thanh", date="20/01/2024", note="Xong muộn")
    form.save()

    result = read_back(hncc, data, path, today="2024-02-01")

    assert result.exit_code == 0, result.stderr
    assert "Mục III.2: trạng thái “đã hoàn thành” (kỳ năm 2023) ngày 20/01/2024" in result.stdout
    report = hncc("report", "--root", data.path, "--agency", "Sở Ngoại vụ", "--year", "2024",
                  "--as-of", "2024-02-01").stdout
    assert "kỳ năm 2023" not in report.split("## 2.")[1].split("## 3.")[0]


def test_form__a_task_without_a_deadline_says_it_is_due_by_the_plan_s_end(hncc, root):
    # Not "không có hạn": a task the source gives no deadline is still due within the plan.
    root.agencies(fixture.AGENCIES)
    root.plan(fixture.PLAN_FILE, fixture.PLAN.replace("    deadline: Tháng 5/2023\n", ""))
    path = root.path / "bieu-mau.xlsx"
    result = hncc("form", "--root", root.path, "--agency", "Sở Văn hóa và Thể thao", "--year",
                  "2023", "--as-of", AS_OF, "--output", path)
    assert result.exit_code == 0, result.stderr
    form = Filled(path)
    assert form.sheet.cell(form.row("III.3"), COLUMN["deadline"]).value == (
        "không ghi thời hạn; trong thời kỳ kế hoạch (đến 31/12/2024)")


def _co_led_forms(hncc, data, second_date: str):
    """Forms of the two co-leads of III.1 (Sở Ngoại vụ and Sở Văn hóa và Thể thao), each
    answering III.1: the second on `second_date`, the first on 01/12/2023, else the same."""
    data.plan(fixture.PLAN_FILE, fixture.PLAN.replace(
        "    lead: [Sở Ngoại vụ]\n    cooperating: [Sở Văn hóa và Thể thao]\n",
        "    lead: [Sở Ngoại vụ, Sở Văn hóa và Thể thao]\n"))
    paths = []
    for agency, day in (("Sở Ngoại vụ", "01/12/2023"), ("Sở Văn hóa và Thể thao", second_date)):
        path = data.path / f"{agency}.xlsx"
        made = hncc("form", "--root", data.path, "--agency", agency, "--year", "2023",
                    "--as-of", AS_OF, "--output", path)
        assert made.exit_code == 0, made.stderr
        form = Filled(path)
        form.set(form.row("III.1"), status="đã hoàn thành", date=day,
                 note="Đã tham dự diễn đàn\nĐã báo cáo UBND Thành phố",
                 evidence="Báo cáo số 70/BC-SNgV")
        paths.append(form.save())
    return paths


def test_form__co_leads_giving_the_same_answer_to_their_shared_row_record_it_once(hncc, data):
    paths = _co_led_forms(hncc, data, "01/12/2023")

    result = read_back(hncc, data, *paths)

    assert result.exit_code == 0, result.stderr
    plan = loader.load(data.data).dataset.plans[0].plan
    added = [u for u in plan.by_ref["III.1"].status if u.date.isoformat() == "2023-12-01"]
    assert len(added) == 1 and added[0].note == "Đã tham dự diễn đàn\nĐã báo cáo UBND Thành phố"
    assert "Sở Văn hóa và Thể thao.xlsx, dòng" in result.stdout
    assert "giống hệt câu trả lời ở Sở Ngoại vụ.xlsx" in result.stdout


def test_form__co_leads_giving_different_answers_to_their_shared_row_are_refused(hncc, data):
    paths = _co_led_forms(hncc, data, "02/12/2023")
    snapshot = data.snapshot()

    result = read_back(hncc, data, *paths)

    assert result.exit_code == 1
    assert "mục III.1 đã được điền ở Sở Ngoại vụ.xlsx" in result.stderr
    assert "điền giống hệt nhau" in result.stderr and data.snapshot() == snapshot


def _move_column(sheet, key: str, before: str) -> None:
    """Cut the column `key` and insert it before the column `before`, as Excel does (the sheet
    unprotected first: the form's protection has no password)."""
    source, target = COLUMN[key], COLUMN[before]
    assert target < source
    cells = [[sheet.cell(r, c).value for c in range(1, sheet.max_column + 1)]
             for r in range(1, sheet.max_row + 1)]
    for line in cells:
        line.insert(target - 1, line.pop(source - 1))
    for r, line in enumerate(cells, start=1):
        for c, value in enumerate(line, start=1):
            sheet.cell(r, c).value = value


def test_form__a_column_moved_by_the_department_is_read_by_its_header(hncc, data):
    form = Filled(make_form(hncc, data))
    form.set(form.row("III.2", 2023), status="đã hoàn thành", date="20/11/2023",
             note="Đã phát hành ấn phẩm")
    form.set(form.row("PL.1"), status="xong rồi", date="01/12/2023")
    form.sheet.protection.sheet = False
    _move_column(form.sheet, "note", "title")  # "Kết quả thực hiện" now column E
    form.save()

    refused = read_back(hncc, data, form.path)

    assert refused.exit_code == 1
    assert (f"dòng {form.row('PL.1')}, cột I (Trạng thái mới): “xong rồi” không phải một trạng "
            "thái") in refused.stderr

    form.sheet.cell(form.row("PL.1"), COLUMN["status"] + 1).value = None
    form.sheet.cell(form.row("PL.1"), COLUMN["date"] + 1).value = None
    form.save()
    result = read_back(hncc, data, form.path)

    assert result.exit_code == 0, result.stderr
    assert ("Mục III.2: trạng thái “đã hoàn thành” (kỳ năm 2023) ngày 20/11/2023 — Đã phát hành "
            "ấn phẩm") in result.stdout


def test_form__a_column_added_with_answers_in_it_is_refused_never_ignored(hncc, data):
    form = Filled(make_form(hncc, data))
    row = form.row("III.1")
    form.set(row, status="đã hoàn thành", date="01/12/2023")
    extra = len(forms.COLUMNS) + 1
    form.sheet.cell(forms.HEADER_ROW, extra).value = "Ghi chú"
    form.sheet.cell(row, extra).value = "Đã gửi báo cáo cho UBND Thành phố"
    form.save()
    snapshot = data.snapshot()

    result = read_back(hncc, data, form.path)

    assert result.exit_code == 1
    assert "cột Q “Ghi chú”" in result.stderr and data.snapshot() == snapshot

    form.sheet.cell(row, extra).value = None  # an empty column added: nothing to lose
    form.save()
    assert read_back(hncc, data, form.path).exit_code == 0


def test_form__a_column_deleted_is_named(hncc, data):
    form = Filled(make_form(hncc, data))
    form.sheet.protection.sheet = False
    form.sheet.delete_cols(COLUMN["evidence"])
    form.save()
    result = read_back(hncc, data, form.path)
    assert result.exit_code == 1
    assert "thiếu cột “Văn bản chứng minh (số, ngày)”" in result.stderr


ABOLISHED = """\
successions:
  - kind: abolished
    predecessors: [so-ngoai-vu]
    from: 2023-07-01
    source:
      act: Nghị quyết số 2/NQ-HĐND
      date: 2023-06-16
"""


def test_form__for_all_agencies_keeps_the_tasks_of_an_agency_abolished_with_no_successor(
        hncc, data):
    # Sở Ngoại vụ ends on 01/7/2023 and no one takes its work over: nobody gets a form for its
    # tasks, so the form for all (the compiler's) must still have them, to answer or reassign.
    data.agencies(fixture.AGENCIES + ABOLISHED)
    path = data.path / "tat-ca.xlsx"
    result = hncc("form", "--root", data.path, "--year", "2023", "--as-of", AS_OF, "--output", path)
    assert result.exit_code == 0, result.stderr
    form = Filled(path)
    assert set(form.rows) >= {"7/KH-UBND@2022|III.1|", "7/KH-UBND@2022|III.2|2023",
                              "7/KH-UBND@2022|PL.1|"}
    lead = form.sheet.cell(form.row("PL.1"), COLUMN["lead"]).value
    assert lead.startswith("Sở Ngoại vụ")

    form.set(form.row("PL.1"), status="đã hủy", date="01/12/2023", reason="Không còn đơn vị thực hiện")
    form.save()
    back = read_back(hncc, data, path)
    assert back.exit_code == 0, back.stderr
    assert "Mục PL.1: trạng thái “đã hủy” ngày 01/12/2023" in back.stdout


def test_form__output_dir_says_whose_tasks_no_agency_answers_for(hncc, data):
    # Sở Ngoại vụ ended on 01/7/2023 with no successor: no form in the folder has its tasks, so
    # the note names it with its rows and the form that has them
    data.agencies(fixture.AGENCIES + ABOLISHED)
    folder = data.path / "bieu-mau"
    result = hncc("form", "--root", data.path, "--year", "2023", "--as-of", AS_OF,
                  "--output-dir", folder)
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in folder.iterdir()] == ["bieu-mau-so-van-hoa-va-the-thao-2023.xlsx"]
    said = " ".join(result.stderr.split())
    assert "không lập biểu mẫu cho 1 cơ quan đã chấm dứt hoạt động" in said
    assert "Sở Ngoại vụ (3 dòng)" in said and "hncc tasks --unassigned" in said


def test_form__a_yearly_row_filled_twice_is_named_with_its_year(hncc, data):
    # III.2 recurs each year: "mục III.2" alone would not say which year's row was filled twice.
    first = Filled(make_form(hncc, data, "a.xlsx"))
    first.set(first.row("III.2", 2023), status="đã hoàn thành", date="01/12/2023")
    first.save()
    second = Filled(make_form(hncc, data, "b.xlsx"))
    second.set(second.row("III.2", 2023), status="đang thực hiện", date="02/12/2023")
    second.save()
    result = read_back(hncc, data, first.path, second.path, today="2023-12-31")
    assert result.exit_code == 1
    assert "mục III.2 (kỳ năm 2023) đã được điền ở a.xlsx" in result.stderr


# The monthly duty of official_fixture, its February recorded done, and a quarterly one.
MONTHLY = fixture.MONTHLY + """\
    status:
      - {date: 2023-02-18, year: 2023, month: 2, status: done, note: Báo cáo tháng 2}
  - ref: I.2
    kind: activity
    title: Rà soát thỏa thuận quốc tế
    lead: [Sở Ngoại vụ]
    deadline: Hằng quý
"""


def test_form__a_duty_within_the_year_has_a_row_per_month_named_and_read_back_to_it(hncc, data):
    # "hằng tháng", "hằng quý": each late period is a row of its own, named by the month it fell
    # due, and an answer goes to that period (year and month), never to the whole year.
    data.plan(fixture.MONTHLY_FILE, MONTHLY)
    path = make_form(hncc, data, as_of="2023-04-25")
    form = Filled(path)
    sheet = form.sheet
    shown = [(sheet.cell(r, COLUMN["ref"]).value, sheet.cell(r, COLUMN["row_id"]).value)
             for r in range(forms.FIRST_ROW, sheet.max_row + 1)
             if str(sheet.cell(r, COLUMN["row_id"]).value).startswith("9/KH-UBND")]
    # February is recorded done: January, March and April are late, in the order they fell due
    assert shown == [("I.1 (1/2023)", "9/KH-UBND@2023|I.1|2023|1"),
                     ("I.1 (3/2023)", "9/KH-UBND@2023|I.1|2023|3"),
                     ("I.1 (4/2023)", "9/KH-UBND@2023|I.1|2023|4"),
                     ("I.2 (3/2023)", "9/KH-UBND@2023|I.2|2023|3")]
    form.set(form.rows["9/KH-UBND@2023|I.1|2023|3"], status="đã hoàn thành",
             date="24/04/2023", note="Báo cáo tháng 3")
    form.save()

    result = read_back(hncc, data, path, today="2023-04-25")

    assert result.exit_code == 0, result.stderr
    assert "Mục I.1: trạng thái “đã hoàn thành” (kỳ đến hạn tháng 3/2023) ngày 24/04/2023" \
        in result.stdout
    plan = next(p for p in loader.load(data.data).dataset.plans if p.key == "9/KH-UBND@2023").plan
    assert [(u.year, u.month, u.note) for u in plan.by_ref["I.1"].status] == [
        (2023, 2, "Báo cáo tháng 2"), (2023, 3, "Báo cáo tháng 3")]


def test_form__a_row_id_names_its_month_and_an_old_form_s_id_still_reads():
    assert forms.parse_row_id(forms.row_id("7/KH-UBND@2022", "III.4", 2023, 3)) == (
        "7/KH-UBND@2022", "III.4", 2023, 3)
    assert forms.parse_row_id("7/KH-UBND@2022|III.2|2023") == ("7/KH-UBND@2022", "III.2", 2023, None)
    assert forms.parse_row_id("7/KH-UBND@2022|III.1|") == ("7/KH-UBND@2022", "III.1", None, None)
    for wrong in ("7/KH-UBND@2022|III.4|2023|13", "7/KH-UBND@2022|III.4||3",
                  "7/KH-UBND@2022|III.4|2023|x", "7/KH-UBND@2022|III.4|2023|3|1"):
        assert forms.parse_row_id(wrong) is None


def test_form__an_earlier_year_done_on_its_real_date_is_taken_after_a_later_year_s_update(hncc,
                                                                                          data):
    # III.2 (Hàng năm): 2024 has an update of March 2024 when the agency reports that 2023 was
    # done in December 2023. Each year's history is in date order: the real date is recorded,
    # never one made up to come after the other year's update.
    assert hncc("status", "--root", data.path, "7:III.2", "đang thực hiện", "--year", "2024",
                "--date", "2024-03-01").exit_code == 0
    path = make_form(hncc, data, "bieu-mau-2024.xlsx", year="2024", as_of="2024-06-01")
    form = Filled(path)
    form.set(form.row("III.2", 2023), status="đã hoàn thành", date="15/12/2023",
             evidence="Báo cáo số 70/BC-SNgV ngày 15/12/2023")
    form.save()

    result = read_back(hncc, data, path, today="2024-06-01")

    assert result.exit_code == 0, result.stderr
    assert "Mục III.2: trạng thái “đã hoàn thành” (kỳ năm 2023) ngày 15/12/2023" in result.stdout
    assert hncc("check", "--strict", "--root", data.path).exit_code == 0


def test_form__a_date_before_the_plan_is_named_on_its_row_and_taken_with_a_note(hncc, root):
    # "2021" typed for "2023", most likely: the row and cell are named (not the first row of
    # the plan, nor a line of the YAML file); work really done before the plan says so.
    root.agencies(fixture.AGENCIES)
    root.plan(fixture.PLAN_FILE, fixture.PLAN.replace(
        "lead: [Sở Văn hóa và Thể thao]\n    cooperating: [Sở Ngoại vụ]", "lead: [Sở Ngoại vụ]"))
    form = Filled(make_form(hncc, root))
    form.set(form.row("III.1"), status="đang thực hiện", date="01/12/2023")
    iii3 = form.row("III.3")
    form.set(iii3, status="đã hoàn thành", date="15/03/2021")
    form.save()
    snapshot = root.snapshot()

    result = read_back(hncc, root, form.path)

    assert result.exit_code == 1
    assert (f"dòng {iii3}, cột I (Ngày (dd/mm/yyyy)): ngày 15/03/2021 trước ngày ban hành Kế "
            "hoạch 7/KH-UBND (01/04/2022)") in result.stderr
    assert "Kết quả thực hiện" in result.stderr and "Không ghi gì: 1 lỗi" in result.stderr
    assert root.snapshot() == snapshot

    form.set(iii3, note="Đã hỗ trợ Lễ hội năm 2021, trước khi có kế hoạch")
    form.save()
    result = read_back(hncc, root, form.path)
    assert result.exit_code == 0, result.stderr
    assert hncc("check", "--strict", "--root", root.path).exit_code == 0


def test_status__from_a_folder_or_a_pattern_reads_the_forms_in_it_once_each(hncc, data):
    # The forms that came back, in one folder; Windows' command line passes "*.xlsx" as typed;
    # Excel keeps "~$name.xlsx" beside a form that is open
    folder = data.path / "nhan-ve"
    folder.mkdir()
    form = Filled(make_form(hncc, data, "nhan-ve/so-ngoai-vu.xlsx"))
    form.set(form.row("III.1"), status="đã hoàn thành", date="01/12/2023", note="Bổ sung")
    form.save()
    (folder / "~$so-ngoai-vu.xlsx").write_bytes(b"\x00owner")
    for given in ([folder], [folder / "*.xlsx", form.path]):
        result = read_back(hncc, data, *given, dry_run=True)
        assert result.exit_code == 0, result.stderr
        assert "Mục III.1: trạng thái “đã hoàn thành” ngày 01/12/2023 — Bổ sung" in result.stdout
        assert "Lưu ý" not in result.stdout  # read once, not as two forms giving one answer
    result = read_back(hncc, data, data.path / "khong-co" / "*.xlsx")
    assert result.exit_code == 2 and "không có tệp nào khớp" in result.stderr
    (folder / "so-ngoai-vu.xlsx").unlink()
    result = read_back(hncc, data, folder)
    assert result.exit_code == 2 and "không có tệp .xlsx nào" in result.stderr


def test_form__each_row_is_as_high_as_its_wrapped_text_and_excel_still_fits_rows(hncc, data):
    # LibreOffice Calc shows a row without a height one line high: a long task's text ran over
    # the rows below it, on screen and on paper. The height is given, not fixed: Excel still
    # fits a row to what the department types in it.
    from hncc.render import xlsx

    long_title = "Tổ chức hội thảo quốc tế " + "về mạng lưới các thành phố sáng tạo " * 6
    data.plan(fixture.PLAN_FILE, fixture.PLAN.replace("title: Tổ chức hội thảo quốc tế",
                                                      f"title: {long_title.strip()}"))
    path = make_form(hncc, data)
    book = load_workbook(path)
    sheet = book[forms.SHEET]
    width = forms.COLUMNS[COLUMN["title"] - 1].width
    pl1 = Filled(path).row("PL.1")
    lines = xlsx.wrapped_lines(long_title.strip(), width)
    assert lines >= 5
    assert sheet.row_dimensions[pl1].height == xlsx.LINE_HEIGHT * lines
    assert sheet.row_dimensions[forms.HEADER_ROW].height >= 2 * xlsx.LINE_HEIGHT  # "Trạng thái đã ghi nhận"
    guide = book[forms.INSTRUCTIONS_SHEET]
    assert all(guide.row_dimensions[r].height for r in range(1, guide.max_row + 1))
    assert {guide.cell(r, 1).font.name for r in range(1, guide.max_row + 1)} == {xlsx.FONT}
    with zipfile.ZipFile(path) as archive:
        assert not any(b'customHeight="1"' in archive.read(name) for name in archive.namelist()
                       if name.startswith("xl/worksheets/"))


@pytest.mark.parametrize(("text", "width", "lines"), [
    ("một hai ba", 20, 1), ("một hai ba", 5, 3), ("mộthaibabốnnăm", 6, 3),
    ("dòng một\ndòng hai", 40, 2), ("", 10, 1)])
def test_form__wrapped_lines_wraps_words_as_a_spreadsheet_does(text, width, lines):
    from hncc.render import xlsx

    assert xlsx.wrapped_lines(text, width) == lines


def test_form__a_link_on_a_filled_cell_is_kept_as_the_update_s_link(hncc, data):
    # A department pastes "Quyết định số 12/QĐ-UBND" linked to the document on the city's
    # portal: the text is the evidence, the address its link, never dropped
    from openpyxl.worksheet.hyperlink import Hyperlink

    form = Filled(make_form(hncc, data))
    row = form.row("III.1")
    form.set(row, status="đã hoàn thành", date="01/12/2023", evidence="Quyết định số 12/QĐ-UBND")
    cell = form.sheet.cell(row, COLUMN["evidence"])
    cell.hyperlink = Hyperlink(ref=cell.coordinate, target="https://hanoi.gov.vn/vb/12")
    form.save()

    result = read_back(hncc, data, form.path)

    assert result.exit_code == 0, result.stderr
    assert "văn bản: Quyết định số 12/QĐ-UBND; đường dẫn: https://hanoi.gov.vn/vb/12" in result.stdout
    update = loader.load(data.data).dataset.plans[0].plan.by_ref["III.1"].status[-1]
    assert (update.evidence, update.link) == ("Quyết định số 12/QĐ-UBND", "https://hanoi.gov.vn/vb/12")


# A work item whose record one agency leads, with a lettered part another agency leads.
PARTS_FILE = "2022-8-KH-UBND.yaml"
PARTS = """\
number: 8/KH-UBND
issuer: UBND Thành phố
date: 2022-05-01
title: KẾ HOẠCH CÓ PHẦN VIỆC
horizon: {start: 2022, end: 2024}
content:
  - ref: III.1
    kind: activity
    title: Lễ hội Thiết kế sáng tạo
  - ref: III.1.a
    kind: assignment
    assignment: "Sở Văn hóa và Thể thao chủ trì thực hiện:"
    lead: [Sở Văn hóa và Thể thao]
  - ref: III.1.b
    kind: assignment
    assignment: "Sở Ngoại vụ chủ trì thực hiện:"
    lead: [Sở Ngoại vụ]
appendix:
  rows:
    - ref: PL.1
      title: Tổ chức Lễ hội thiết kế sáng tạo
      lead: [Sở Văn hóa và Thể thao]
      deadline: Năm 2023
      summarizes: [III.1]
"""


def _ids(path) -> list[str]:
    sheet = load_workbook(path)[forms.SHEET]
    return [sheet.cell(r, COLUMN["row_id"]).value for r in range(forms.FIRST_ROW, sheet.max_row + 1)]


def _plan_8(data):
    return next(pf.plan for pf in loader.load(data.data).dataset.plans
                if pf.key == "8/KH-UBND@2022")


def _first_format_form(data, monkeypatch, agency: str, year: int, as_of: str = AS_OF):
    """A form as hncc wrote it before version 2 ("hncc-bieu-mau/1"), still in a department."""
    from hncc import api
    from hncc.render import xlsx

    day = dt.date.fromisoformat(as_of)
    made = forms.form(api.as_issued(loader.load(data.data).dataset, day), agency, year, day,
                      version=1)
    with monkeypatch.context() as patched:
        patched.setattr(xlsx, "FORMAT", forms.FORMAT_V1)
        path = data.path / "cu.xlsx"
        path.write_bytes(xlsx.workbook(made))
    return Filled(path)


def test_form__an_agency_leading_a_part_answers_on_its_part_not_on_the_whole_work(hncc, data):
    # Sở Ngoại vụ leads III.1.b of the festival (PL.1, led by Sở Văn hóa và Thể thao): its form
    # has a row for III.1.b, and its "done" is recorded there. On the row PL.1 it would complete
    # the whole festival, Sở Văn hóa và Thể thao's part with it.
    data.plan(PARTS_FILE, PARTS)
    form = Filled(make_form(hncc, data))
    assert "8/KH-UBND@2022|III.1.b|" in form.rows and "8/KH-UBND@2022|PL.1|" not in form.rows
    row = form.rows["8/KH-UBND@2022|III.1.b|"]
    assert (form.sheet.cell(row, COLUMN["ref"]).value,
            form.sheet.cell(row, COLUMN["lead"]).value) == ("III.1.b", "Sở Ngoại vụ")
    form.set(row, status="đã hoàn thành", date="20/11/2023", note="Đã mời đoàn quốc tế")

    result = read_back(hncc, data, form.save())

    assert result.exit_code == 0, result.stderr
    plan = _plan_8(data)
    assert [u.status for u in plan.by_ref["III.1.b"].status] == ["done"]
    assert not plan.by_ref["PL.1"].status
    # the lead of the record still answers for the whole work, on its row
    own = data.path / "vhtt.xlsx"
    made = hncc("form", "--root", data.path, "--agency", "Sở Văn hóa và Thể thao", "--year",
                "2023", "--as-of", AS_OF, "--output", own)
    assert made.exit_code == 0, made.stderr
    assert "8/KH-UBND@2022|PL.1|" in _ids(own)


def test_form__a_form_of_the_first_format_is_read_as_it_was_made(hncc, data, monkeypatch):
    # A form made before parts had rows of their own ("hncc-bieu-mau/1") has the work item's row
    # for Sở Ngoại vụ's part: it is still read, onto the row, as it was when it was sent out.
    data.plan(PARTS_FILE, PARTS)
    form = _first_format_form(data, monkeypatch, "Sở Ngoại vụ", 2023)
    form.set(form.rows["8/KH-UBND@2022|PL.1|"], status="đã hoàn thành", date="20/11/2023")

    result = read_back(hncc, data, form.save())

    assert result.exit_code == 0, result.stderr
    assert [u.status for u in _plan_8(data).by_ref["PL.1"].status] == ["done"]


def test_form__the_lead_column_names_who_answers_now_for_a_merged_lead(hncc, data, monkeypatch):
    # Sở Ngoại vụ merged into Sở Văn hóa và Thể thao on 01/3/2024: the latter's form of 2024 has
    # Sở Ngoại vụ's tasks, and says why ("nay là …"), as its report does; a form of version 1,
    # which wrote the lead alone, is still read.
    data.agencies(fixture.AGENCIES + fixture.MERGER)
    day = "2024-06-01"
    path = data.path / "bieu-mau.xlsx"
    made = hncc("form", "--root", data.path, "--agency", "Sở Văn hóa và Thể thao", "--year",
                "2024", "--as-of", day, "--output", path)
    assert made.exit_code == 0, made.stderr
    form = Filled(path)
    row = form.rows[forms.row_id("7/KH-UBND@2022", "III.2", 2024)]
    assert form.sheet.cell(row, COLUMN["lead"]).value == (
        "Sở Ngoại vụ, nay là Sở Văn hóa và Thể thao từ 01/3/2024")
    form.set(row, status="đang thực hiện", date="20/05/2024")
    result = read_back(hncc, data, form.save(), today=day)
    assert result.exit_code == 0, result.stderr

    old = _first_format_form(data, monkeypatch, "Sở Văn hóa và Thể thao", 2024, day)
    row = old.rows[forms.row_id("7/KH-UBND@2022", "III.2", 2024)]
    assert old.sheet.cell(row, COLUMN["lead"]).value == "Sở Ngoại vụ"
    old.set(row, status="đã hoàn thành", date="30/05/2024")
    result = read_back(hncc, data, old.save(), today=day)
    assert result.exit_code == 0, result.stderr
    plan = loader.load(data.data).dataset.plans[0].plan
    assert [(u.date.isoformat(), u.status) for u in plan.by_ref["III.2"].status
            if u.year == 2024] == [("2024-05-20", "in_progress"), ("2024-05-30", "done")]


def test_form__reads_in_full_only_the_plans_its_rows_name_and_keeps_none(data, root):
    """A form read every plan in full and kept it, and made a dictionary of them all again for
    each row: at 2,000 plans, 750 MB and five minutes for one agency's form. Now it reads the
    plans its rows name, one after another, and keeps none of them."""
    other = fixture.MONTHLY.replace("9/KH-UBND", "8/KH-UBND").replace("Sở Ngoại vụ",
                                                                      "Sở Văn hóa và Thể thao")
    root.plan("2023-8-KH-UBND.yaml", other)  # a plan Sở Ngoại vụ has no task in
    loader.load(root.data)  # the index made: the plans are read from it when asked for
    dataset = loader.load(root.data).dataset
    read: list[str] = []
    for plan_file in dataset.plans:
        load = plan_file._load_plan
        assert load is not None and plan_file._plan is None
        plan_file._load_plan = lambda key=plan_file.key, load=load: (read.append(key), load())[1]
    made = forms.form(dataset, "Sở Ngoại vụ", 2023, dt.date.fromisoformat(AS_OF))
    named = {row.plan_key for row in made.rows}
    assert named and named != {plan_file.key for plan_file in dataset.plans}
    assert sorted(read) == sorted(named)  # each once: its rows come together
    assert all(plan_file._plan is None for plan_file in dataset.plans)
