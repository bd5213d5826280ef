"""The appendix table ("PHỤ LỤC … BẢNG PHÂN CÔNG …") as portal texts lay it out.

Each cell is a block of lines; blocks are separated by one empty line, and each further empty line
is an empty cell. A row starts with its number in the "TT" column: a Roman numeral for a section
row (number and title only), then 1, 2, … for the rows of that section.
"""

from __future__ import annotations

from hncc.domain import deadlines, money
from hncc.domain.text import fold
from hncc.importer.agencies import AgencyReader, Flagger
from hncc.importer.draft import Review

_ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
_HEADERS = (  # words of a column header (folded) and the field of that column
    ("chu tri", "lead"), ("phoi hop", "cooperating"), ("ban hanh", "directing"),
    ("chi dao", "directing"), ("thoi gian", "deadline"), ("kinh phi", "budget"), ("ten", "title"),
    ("noi dung", "title"),
)
_ATTACHED = "phu luc dinh kem"


def _cells(lines: list[str]) -> list[str]:
    cells: list[str] = []
    block: list[str] = []
    blanks = 0
    for line in lines:
        if line:
            if not block and cells:
                cells += [""] * max(0, blanks - 1)
            block.append(line)
            blanks = 0
            continue
        if block:
            cells.append(" ".join(block))
            block = []
        blanks += 1
    if block:
        cells.append(" ".join(block))
    return cells


def _column(header: str) -> str | None:
    folded = fold(header)
    return next((name for words, name in _HEADERS if words in folded), None)


def read_appendix(lines: list[str], reader: AgencyReader,
                  review: Review) -> tuple[dict | None, list[dict]]:
    """The appendix (title and rows) from the lines starting at "PHỤ LỤC", and the gaps it shows."""
    cells = _cells(lines[1:])
    start = next((i for i, cell in enumerate(cells) if fold(cell) in ("tt", "stt")), None)
    if start is None:
        review.flag(("appendix",), "không tìm thấy bảng (cột “TT”) trong phụ lục")
        return None, []
    columns = []
    index = start + 1
    while index < len(cells) and cells[index] not in ("I", "1"):
        columns.append(_column(cells[index]))
        index += 1
    if None in columns:
        review.flag(("appendix",), "có cột không nhận ra trong phụ lục; các ô của cột đó bị bỏ qua")
    table = _Table(columns, reader, review)
    table.read(cells, index)
    appendix = {"title": cells[0], "rows": table.rows} if start > 0 else {"rows": table.rows}
    attached = next((line for line in lines if _ATTACHED in fold(line)), None)
    gaps = [] if attached is None else [{
        "where": "PL",
        "note": f"Sau dòng cuối của phụ lục, nguồn ghi: “{attached}” Phần đính kèm không có "
                "trong nguồn.",
    }]
    return appendix, gaps


class _Table:
    """Rows of the appendix, read cell by cell."""

    def __init__(self, columns: list[str | None], reader: AgencyReader, review: Review) -> None:
        self.columns, self.reader, self.review = columns, reader, review
        self.rows: list[dict] = []
        self._section: str | None = None
        self._number = 0

    def _next_numbers(self) -> tuple[str, str]:
        roman = _ROMANS[_ROMANS.index(self._section) + 1] if self._section else "I"
        return roman, str(self._number + 1)

    def read(self, cells: list[str], index: int) -> None:
        """Read rows from cells[index] until a cell that does not start the next row."""
        while index < len(cells):
            roman, number = self._next_numbers()
            if cells[index] == roman and index + 1 < len(cells):
                self._section, self._number = roman, 0
                self.rows.append({"ref": f"PL.{roman}", "kind": "group", "title": cells[index + 1]})
                index += 2
            elif cells[index] == number:
                index = self._row(cells, index + 1)
            else:
                return

    def _row(self, cells: list[str], index: int) -> int:
        self._number += 1
        ref = f"PL.{self._section}.{self._number}" if self._section else f"PL.{self._number}"
        stops = set(self._next_numbers())
        values: dict[str, str] = {}
        path = ("appendix", "rows", len(self.rows))
        for column in self.columns:
            if index >= len(cells) or cells[index] in stops:
                self.review.flag(path, "dòng có ít ô hơn số cột: các ô cuối được coi là trống; "
                                 "đối chiếu với nguồn")
                break
            if column is not None:
                values[column] = cells[index]
            index += 1
        self.rows.append(self._fields(ref, values, path))
        return index

    def _fields(self, ref: str, values: dict[str, str], path: tuple) -> dict:
        row: dict = {"ref": ref, "title": values.get("title", "")}
        flag = self.review.at(path)
        for key in ("lead", "cooperating"):
            if values.get(key):
                self.reader.add(row, key, self.reader.split(values[key]), flag)
                row[f"{key}_text"] = values[key]
        if values.get("directing"):
            name = self.reader.name(values["directing"])
            row["directing"] = name.text
            if name.agency is None:
                flag(("directing",), "chưa có trong danh mục cơ quan")
        self._time_and_money(row, values, flag)
        return row

    def _time_and_money(self, row: dict, values: dict[str, str], flag: Flagger) -> None:
        time = values.get("deadline", "")
        if time and deadlines.parse_phrase(time) is not None:
            row["deadline"] = time
        else:
            row["no_deadline"] = f"Nguồn ghi thời gian: “{time}”." if time else "Ô thời gian trống."
            if time:
                flag(("no_deadline",), "hncc không đọc được thời hạn này")
        budget = values.get("budget", "")
        if money.parse_phrase(budget) is not None:
            row["budget"] = budget
            if not budget:
                flag(("budget",), "ô kinh phí trống (không ghi), khác với “-” (không có kinh phí)")
        else:
            row["note"] = f"Nguồn ghi kinh phí: “{budget}”."
            flag(("note",), "hncc không đọc được kinh phí này")
