"""Tables as an Excel workbook (`--format xlsx`): typed cells that Excel sorts and filters.

The same cells as CSV (hncc.render.tables: a deadline's date and what is said of it in cells of
their own, amounts as numbers in tỷ đồng, every row with the as-of date, totals left out, the
notes below the rows after a blank one), but typed, so nothing depends on the regional
settings that CSV needs: a date ("30/06/2022") is a date cell shown dd/mm/yyyy, an amount a
number (its text, as CSV writes it, when Excel could not hold it exactly), a count a number;
every other cell is text, even one that starts with "=" (never a formula, and with no "'"
before it). One sheet per table, the header row bold, frozen and filtered. The file is the
same bytes whenever it is made from the same data and as-of date (hncc.render.xlsx.saved).
"""

from __future__ import annotations

import datetime as dt
import re
from copy import copy
from decimal import Decimal
from itertools import chain, islice
from typing import Any

from hncc.queries.official import writable
from hncc.render import tables, xlsx
from hncc.render.terminal import visible

DATE_FORMAT = "DD/MM/YYYY"
AMOUNT_FORMAT = "#,##0.#########"  # tỷ đồng to the đồng; Excel shows its own decimal mark
WIDEST = 50  # characters: a longer text column wraps
MEASURED_ROWS = 500  # rows looked at for a column's width
EXACT_DIGITS = 15  # significant digits a number in Excel keeps
SHEET_NAME_SIZE = 31  # Excel's limit
_NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
# where a table's title goes on to say what it found: ": 17", ", tính đến …", " (chắc chắn …)"
_SAYS = re.compile(r": |,? tính đến | \(")
_DATE = re.compile(r"(\d{2})/(\d{2})/(\d{4})")
_WHOLE = re.compile(r"-?\d{1,15}")


def _sheet_names(found: list[tables.Table]) -> list[str]:
    """A name for each table's sheet, each once: its title up to what it says of the data
    ("Công việc quá hạn tính đến 01/12/2025: 17" is "Công việc quá hạn"), within Excel's 31
    characters, "/" and the other characters a name cannot hold as "-"."""
    names: list[str] = []
    for number, table in enumerate(found, start=1):
        title = " ".join(visible(table.title or "").split())
        title = _SAYS.split(title, maxsplit=1)[0]
        base = _NOT_IN_SHEET_NAME.sub("-", title).strip(" '")
        if len(base) > SHEET_NAME_SIZE:  # at a space, when one is not too far back
            cut = base[:SHEET_NAME_SIZE + 1].rpartition(" ")[0]
            base = cut if len(cut) >= SHEET_NAME_SIZE // 2 else base[:SHEET_NAME_SIZE]
        base = base.strip(" '") or f"Bảng {number}"
        name, again = base, 2
        while name.casefold() in {n.casefold() for n in names}:
            suffix = f" ({again})"
            name, again = base[:SHEET_NAME_SIZE - len(suffix)] + suffix, again + 1
        names.append(name)
    return names


def _value(cell: Any, whole: bool) -> Any:
    """What Excel is given for a cell: a number, a date, None for an empty cell, else text
    (a number written as text in a column of counts, `whole`, is a number)."""
    if isinstance(cell, Decimal):
        # Excel keeps a number in a double: exact to 15 significant digits. An amount finer
        # than that (a city's sum to the đồng over 1,000 tỷ) is its text, never rounded.
        return cell if len(cell.normalize().as_tuple().digits) <= EXACT_DIGITS \
            else tables.csv_number(cell)
    if not cell:
        return None
    date = _DATE.fullmatch(cell)
    if date is not None:
        try:
            return dt.date(int(date[3]), int(date[2]), int(date[1]))
        except ValueError:
            pass  # not a day: the text as it is
    if whole and _WHOLE.fullmatch(cell):
        return int(cell)
    return cell


def _amount(cell: str) -> Decimal | str:
    return cell.value if isinstance(cell, tables.Amount) else cell


def _sheet(book: Any, name: str, table: tables.Table, as_of: dt.date | None) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(name)
    amounts = tables.amount_columns(table)
    headers = [*tables.csv_headers(table, amounts), *(h for h, _ in table.stamp),
               *([tables.AS_OF_HEADER] if as_of else [])]
    # per cell of a row: whether it is a column of counts (right-aligned, not split, no amount)
    whole = [flag for index, column in enumerate(table.columns)
             for flag in ([False] * len(column.csv) if column.csv
                          else [column.right and index not in amounts])]
    whole += [True] * len(table.stamp) + ([False] if as_of else [])
    wrapped = [column.wrap for column in table.columns for _ in (column.csv or (None,))]
    wrapped += [False] * (len(headers) - len(wrapped))
    stamp = (*(value for _, value in table.stamp), *([f"{as_of:%d/%m/%Y}"] if as_of else []))
    rows = ([_value(cell, whole[at]) for at, cell in enumerate(row)]
            for row in tables.csv_rows(table, amounts, stamp, _amount))
    first = list(islice(rows, MEASURED_ROWS))  # the widths are written before any row
    widths = []
    for at, header in enumerate(headers):
        sizes = [len(header)] + [len(str(row[at])) for row in first if row[at] is not None]
        widths.append(max(min(max(sizes), WIDEST) + 2, 8))
        sheet.column_dimensions[get_column_letter(at + 1)].width = widths[-1]
    sheet.freeze_panes = "A2"
    # Each kind of cell's style made once and copied to every cell of that kind: set cell by
    # cell, openpyxl hashes the style each time (most of a city's sheet's time).
    top, wrap = Alignment(vertical="top"), Alignment(vertical="top", wrap_text=True)
    styles = {"header": _style(sheet, font=Font(bold=True)), "note": _style(sheet),
              "text": _style(sheet, alignment=top), "wrap": _style(sheet, alignment=wrap),
              "date": _style(sheet, alignment=top, number_format=DATE_FORMAT),
              "amount": _style(sheet, alignment=top, number_format=AMOUNT_FORMAT),
              "number": _style(sheet, alignment=top)}

    def cell(value: Any, kind: str) -> Any:
        made = WriteOnlyCell(sheet, value=writable(visible(value)) if kind in TEXTS else value)
        if kind in TEXTS:
            made.data_type = "s"  # never a formula, whatever it starts with
        made._style = copy(styles[kind])
        return made

    texts = ["wrap" if flag else "text" for flag in wrapped]
    sheet.append([cell(header, "header") for header in headers])
    count = 0
    for row in chain(first, rows):
        lines = max((xlsx.wrapped_lines(value, widths[at]) for at, value in enumerate(row)
                     if wrapped[at] and isinstance(value, str)), default=1)
        if lines > 1:  # a wrapped text's row as tall as its lines (LibreOffice does not fit it)
            sheet.row_dimensions[count + 2].height = xlsx.LINE_HEIGHT * lines
        sheet.append([cell(value, texts[at]) if isinstance(value, str)
                      else None if value is None
                      else cell(value, "date" if isinstance(value, dt.date)
                                else "amount" if isinstance(value, Decimal) else "number")
                      for at, value in enumerate(row)])
        count += 1
    if headers:  # the filter's range, once the rows are counted (written after them)
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    if table.notes:  # below the rows after a blank one, as in CSV: a sum of a column stays its total
        sheet.append([])
        for note in table.notes:
            sheet.append([cell(note, "note")])


TEXTS = frozenset({"header", "note", "text", "wrap"})


def _style(sheet: Any, **settings: Any) -> Any:
    """The style array of a cell with these settings (font, alignment, number_format)."""
    from openpyxl.cell import WriteOnlyCell

    made = WriteOnlyCell(sheet)
    for key, setting in settings.items():
        setattr(made, key, setting)
    return made._style


def workbook(found: list[tables.Table], as_of: dt.date | None = None) -> bytes:
    """The tables as an .xlsx file, a sheet each (see the module's docstring)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for name, table in zip(_sheet_names(found), found, strict=True):
        _sheet(book, name, table, as_of)
    if not found:
        book.create_sheet("Bảng 1")
    return xlsx.saved(book, dt.datetime.combine(as_of or dt.date(1980, 1, 1), dt.time()),
                      visible(found[0].title or "") if found else "")
