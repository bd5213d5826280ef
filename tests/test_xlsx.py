"""Spreadsheets hncc writes (hncc.render.xlsx), as Excel opens them."""

from __future__ import annotations

import zipfile

from openpyxl import load_workbook

from hncc.queries import form as forms
from tests.test_csv import FORMULA_LIKE, FORMULA_LIKE_TITLES


def test_form__a_text_that_looks_like_a_formula_is_text_in_the_sheet(hncc, root):
    # openpyxl writes any text that starts with "=" as a formula: a task titled
    # "=HYPERLINK(…)" became a live formula in the form sent to a department.
    root.plan("2022-7.yaml", FORMULA_LIKE)
    path = root.path / "bieu-mau.xlsx"
    result = hncc("form", "--root", root.path, "--year", "2023", "--as-of", "01/12/2023",
                  "--output", path)
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(path) as archive:
        assert not any("<f>" in archive.read(name).decode() for name in archive.namelist()
                       if name.startswith("xl/worksheets/"))
    sheet = load_workbook(path)[forms.SHEET]
    title = next(i for i, c in enumerate(forms.COLUMNS, 1) if c.key == "title")
    cells = [sheet.cell(row, title) for row in range(forms.FIRST_ROW, sheet.max_row + 1)]
    assert sorted((c.value, c.data_type) for c in cells) == \
        sorted((title, "s") for title in FORMULA_LIKE_TITLES.values())
    # and the form reads back as written: nothing filled, nothing to write, no locked cell
    # reported as changed
    back = hncc("status", "--root", root.path, "--from", path, "--as-of", "01/12/2023")
    assert "đã bị sửa" not in back.stderr and back.exit_code == 0, back.stderr
