"""Task tables ("PHỤ LỤC … BẢNG PHÂN CÔNG …", "DANH MỤC NHIỆM VỤ …") into appendix rows.

Columns are found by their headers, not their positions: TT/STT, the task (nội dung, tên nhiệm
vụ, nhiệm vụ, giải pháp), the lead (cơ quan chủ trì, đơn vị thực hiện), cooperating, the time
(thời gian thực hiện / hoàn thành), outputs (sản phẩm, kết quả dự kiến), money (kinh phí) and its
source (nguồn kinh phí). A row numbered I, II or A, B with no lead is a group row; a header row
repeated mid-table is skipped; a row with fewer cells than the header (merged cells in the
source) is read cell by cell from the left and flagged. A table with no header after a task table
of the same width continues it (the portal cuts long tables).
"""

from __future__ import annotations

import re

from hncc.domain import deadlines, money
from hncc.domain.text import fold
from hncc.importer.agencies import AgencyReader, Flagger
from hncc.importer.document import Cell, Table
from hncc.importer.draft import Review

_HEADERS = (  # words of a column header (folded), in the order they are tried, and the field
    (("phoi hop",), "cooperating"), (("ban hanh", "chi dao"), "directing"),
    (("chu tri", "don vi thuc hien", "co quan thuc hien", "trach nhiem", "don vi thuc hien"),
     "lead"),
    (("nguon kinh phi", "nguon von"), "funding_source"), (("kinh phi", "du toan"), "budget"),
    (("thoi gian", "thoi han", "tien do", "hoan thanh", "lo trinh", "nam thuc hien"), "deadline"),
    (("san pham", "ket qua"), "outputs"),
    (("noi dung", "nhiem vu", "giai phap", "ten ", "hoat dong", "de an", "danh muc"), "title"),
    (("ghi chu",), "remarks"),
)
_NUMBER_HEADERS = ("tt", "stt", "so tt", "so thu tu")
_GROUP = re.compile(r"^(?:[IVXLC]+|[A-ZĐ])\.?$")
_MERGED_GROUP = re.compile(r"^(?P<number>[IVXLC]+|[A-ZĐ])\.\s+(?P<title>\S.*)$")
_ROW_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3})*\.?$")


def column(header: str) -> str | None:
    """The field a column holds, from its header text; None for columns hncc does not read."""
    folded = fold(header).strip(" .:")
    if folded in _NUMBER_HEADERS:
        return "number"
    return next((name for words, name in _HEADERS if any(w in f"{folded} " for w in words)), None)


def _header(row: list[Cell]) -> list[str | None] | None:
    """The fields of a header row, or None when `row` is no task table's header."""
    fields = [column(cell.text) for cell in row]
    known = {name for name in fields if name}
    task = "lead" in known or {"title", "deadline"} <= known  # who, or what and when
    return fields if len(known) >= 3 and task else None


def _repeated_header(cells: list[Cell]) -> bool:
    """Whether a row holds headers only ("Nội dung | Đơn vị thực hiện" after a page break)."""
    texts = [cell.text for cell in cells if cell.text]
    return len(texts) >= 2 and all(column(text) for text in texts)


def read_tables(tables: list[Table], follows: list[bool], title: str | None,
                reader: AgencyReader, review: Review) -> tuple[dict | None, list[dict]]:
    """The appendix (title and rows) from the document's task tables, and the gaps they show.

    `follows[i]` says that table i comes right after table i - 1 (nothing but a cut between).
    """
    rows: list[dict] = []
    read: list[_Rows] = []
    gaps: list[dict] = []
    skipped = 0
    for table, after in zip(tables, follows, strict=True):
        header = _header(table.rows[0])
        if header is None and after and read and \
                len(read[-1].header) == max(len(r) for r in table.rows):
            gaps.append({"where": rows[-1]["ref"] if rows else "PL",
                         "note": "Bảng trong nguồn bị cắt (dòng “…”) rồi tiếp tục; có thể thiếu dòng."})
            read[-1].cut()
            read[-1].read(table.rows)
            continue
        if header is None:
            skipped += 1
            continue
        prefix = "PL" if not read else f"PL{len(read) + 1}"
        if len(read) == 1:
            review.flag(("appendix",), "nguồn có nhiều bảng nhiệm vụ; dòng của bảng thứ hai trở đi "
                        "có ref “PL2…”")
        header, names = _spanned(header, [cell.text for cell in table.rows[0]])
        body = table.rows[1:]
        parts: dict[int, str] = {}
        if body and _subheader(body[0], header):  # "Kinh phí" over "Ngân sách tỉnh | Xã hội hóa"
            parts = {index: cell.text for index, cell in enumerate(body[0]) if cell.text}
            names = [f"{name}, {parts[index]}" if index in parts else name
                     for index, name in enumerate(names)]
            body = body[1:]
        read.append(_Rows(header, prefix, reader, review, rows, _budget_unit(table.rows[0], header),
                          names, parts))
        read[-1].read(body)
    if skipped:
        review.flag((), f"nguồn có {skipped} bảng không phải bảng nhiệm vụ (không có cột cơ quan "
                    "chủ trì, hoặc nội dung và thời gian): không nhập; xem lại nếu cần")
    if not read:
        return None, gaps
    appendix: dict = {"rows": rows}
    if title:
        appendix = {"title": title, **appendix}
    return appendix, gaps


_UNIT = re.compile(r"\((?:đơn vị(?: tính)?\s*:?\s*)?(?P<unit>[^()]+)\)", re.I)
_VND = re.compile(r"\bVN[ĐD]\b", re.I)  # "triệu VNĐ" is "triệu đồng"
_BARE_AMOUNT = re.compile(r"(?P<num>\d[\d.,]*)\s*(?P<per>/\s*năm)?", re.I)


def _budget_unit(row: list[Cell], header: list[str | None]) -> str | None:
    """The unit the budget column's header gives its bare numbers: "triệu đồng" of
    "Kinh phí (triệu đồng)" or "(triệu VNĐ)"; None when the header names none that hncc reads."""
    for cell, field in zip(row, header, strict=False):
        unit = unit_of(cell.text) if field == "budget" else None
        if unit:
            return unit
    return None


class _Rows:
    """Rows of one task table, appended to the appendix's list of rows."""

    def __init__(self, header: list[str | None], prefix: str, reader: AgencyReader,
                 review: Review, rows: list[dict], unit: str | None = None,
                 names: list[str] | None = None, parts: dict[int, str] | None = None) -> None:
        self.header, self.prefix, self.reader, self.review = header, prefix, reader, review
        self.unit = unit                # of the budget column's bare numbers ("triệu đồng")
        self.names = names or []        # the header's texts, to name what no field holds
        self.parts = parts or {}        # a second header row's texts by column ("Xã hội hóa")
        self.rows = rows
        self.group: str | None = None   # the ref of the group the next rows belong to ("A.I")
        self.part = ""                  # the letter of the current part (A, B, …), if any
        self.count = 0
        self.refs = {row["ref"] for row in rows}

    def read(self, body: list[list[Cell]]) -> None:
        width = len(self.header)
        body = [_aligned(cells, width) for cells in body]
        for index, cells in enumerate(body):
            values = self._values(cells)
            if _repeated_header(cells) or not any(values.values()):
                continue  # a header row repeated mid-table (after a page break), or an empty one
            if all(re.fullmatch(r"\(?\d{1,2}\)?", cell.text) for cell in cells if cell.text):
                continue  # the row of column numbers "(1) (2) (3)" under the header
            number = values.get("number", "")
            filled = [cell.text for cell in cells if cell.text]
            merged = _MERGED_GROUP.match(filled[0]) if len(filled) == 1 else None
            if merged:  # "I. NÂNG CAO NHẬN THỨC …" in one cell across the row
                self._group(merged["number"], merged["title"])
            elif _GROUP.match(number) and (not values.get("lead") or len(filled) <= 2 < len(
                    self.header)):  # "| II | NHÓM HAI |": the rest of the row merged
                self._group(number.rstrip("."), _first_text(cells, number))
            elif len(filled) == 2 and _heads(number, body[index + 1:index + 2], self.header):
                self._subgroup(number.rstrip("."), _first_text(cells, number))
            else:
                self._row(values, cells)

    def _group(self, number: str, title: str) -> None:
        """A group row; letters A, B, … hold Roman-numbered groups ("PL.A.I")."""
        following = chr(ord(self.part) + 1) if self.part else "A"
        if number == following and not (number == "I" and self.part == "H"):
            self.part = number
            wanted = f"{self.prefix}.{number}"
        else:
            wanted = f"{self.prefix}.{self.part}.{number}" if self.part else \
                f"{self.prefix}.{number}"
        ref = self._ref(wanted)
        if ref != wanted:  # its rows go under this group's own ref, not the first one's
            self.review.flag(("appendix", "rows", len(self.rows)), f"số nhóm {number} lặp lại "
                             f"trong nguồn; ghi là {ref}, các dòng của nhóm theo số ấy")
        self.group = ref[len(self.prefix) + 1:]
        self.count = 0
        self._append({"ref": ref, "kind": "group", "title": title})

    def _subgroup(self, number: str, title: str) -> None:
        """A numbered row heading the rows numbered under it ("5.1 Thương mại" over 5.1.1, …)."""
        base = f"{self.prefix}.{self.group}" if self.group else self.prefix
        self._append({"ref": self._ref(f"{base}.{number}"), "kind": "group", "title": title})

    def cut(self) -> None:
        """The source cut the table here: the rows after it belong to groups it does not show."""
        self.group, self.count = None, 0

    def _values(self, cells: list[Cell]) -> dict[str, str]:
        """The row's text by field; a short row's missing cells are empty, as the source shows."""
        values: dict[str, str] = {}
        for index, field in enumerate(self.header):
            if field is not None and field not in values:
                values[field] = cells[index].text if index < len(cells) else ""
        return values

    def _ref(self, wanted: str) -> str:
        ref, suffix = wanted, 1
        while ref in self.refs:
            suffix += 1
            ref = f"{wanted}-{suffix}"
        self.refs.add(ref)
        return ref

    def _append(self, row: dict) -> None:
        self.rows.append(row)

    def _row(self, values: dict[str, str], cells: list[Cell]) -> None:
        self.count += 1
        number = values.get("number", "").rstrip(".")
        own = number if _ROW_NUMBER.match(number) else str(self.count)
        base = f"{self.prefix}.{self.group}" if self.group else self.prefix
        wanted = f"{base}.{own}"
        ref = self._ref(wanted)
        path = ("appendix", "rows", len(self.rows))
        flag = self.review.at(path)
        if ref != wanted:
            flag((), f"số thứ tự {own} lặp lại trong nguồn; ref đổi thành {ref}")
        if len(cells) != len(self.header):
            flag((), f"dòng có {len(cells)} ô, bảng có {len(self.header)} cột (ô gộp trong "
                 "nguồn): các ô được đọc từ trái sang; đối chiếu với nguồn")
        row: dict = {"ref": ref, "title": values.get("title", "")}
        for key in ("lead", "cooperating"):
            if values.get(key):
                self.reader.add(row, key, self.reader.split(values[key]), flag)
                row[f"{key}_text"] = values[key]
        if values.get("directing"):
            name = self.reader.name(values["directing"])
            row["directing"] = name.text
            if name.agency is None:
                self.reader.unknown[name.text] = None
                flag(("directing",), "chưa có trong danh mục cơ quan (xem đề xuất cuối tệp)")
        _time(row, values.get("deadline"), flag)
        self._budget_parts(values, cells, row, flag)
        _money(row, values, flag, self.unit)
        if values.get("outputs"):
            row["outputs"] = values["outputs"]
        if values.get("remarks"):  # "Ghi chú": kept beside what hncc notes itself
            _add_note(row, f"Ghi chú trong nguồn: “{values['remarks']}”.")
        for column_name, text in self._unused(cells):
            _add_note(row, f"{column_name}: “{text}”.")
        self._append(row)

    def _budget_columns(self) -> list[int]:
        return [index for index, field in enumerate(self.header) if field == "budget"]

    def _budget_parts(self, values: dict[str, str], cells: list[Cell], row: dict,
                      flag: Flagger) -> None:
        """A budget over several columns (by source of funds): the one filled in is the
        budget, its column's source the funding source; several are kept as written in the
        note, never added up ("Tổng" / "Tổng số", if filled in, is the budget)."""
        columns = self._budget_columns()
        if len(columns) < 2:
            return
        filled = [index for index in columns if index < len(cells) and cells[index].text]
        total = [index for index in filled if fold(self.parts.get(index, "")).startswith("tong")]
        if len(filled) == 1 or total:
            chosen = (total or filled)[0]
            values["budget"] = cells[chosen].text
            source = self.parts.get(chosen)
            if source and not total and not values.get("funding_source"):
                values["funding_source"] = source
            filled.remove(chosen)
        elif filled:
            del values["budget"]
            flag(("note",), "kinh phí ghi theo nhiều nguồn: hncc không cộng các số; ghi “budget” "
                 "nếu cần")
        for index in filled:
            _add_note(row, f"{self.names[index]}: “{cells[index].text}”.")

    def _unused(self, cells: list[Cell]) -> list[tuple[str, str]]:
        """(column name, text) of the row's cells that no field holds ("Địa điểm", a second
        column of one field), so that none is dropped unseen."""
        found, seen = [], set()
        parts = set(self._budget_columns()) if len(self._budget_columns()) > 1 else set()
        for index in range(max(len(self.header), len(cells))):
            field = self.header[index] if index < len(self.header) else None
            text = cells[index].text if index < len(cells) else ""
            if text and index not in parts and (field is None or field in seen):
                name = self.names[index] if index < len(self.names) and self.names[index] else \
                    f"Cột {index + 1}"
                found.append((name, text))
            seen.add(field)
        return found


def _spanned(header: list[str | None], names: list[str]) -> tuple[list[str | None], list[str]]:
    """The header with each empty cell right of a named one read as that one's (a header cell
    merged across columns: "Kinh phí" over two sources), and the columns' names likewise."""
    fields, texts = list(header), list(names)
    for index in range(1, len(fields)):
        if not texts[index] and fields[index - 1] is not None and fields[index] is None:
            fields[index], texts[index] = fields[index - 1], texts[index - 1]
    return fields, texts


def _subheader(cells: list[Cell], header: list[str | None]) -> bool:
    """Whether a row under the header is a second header row: labels only (no figures), none
    under the number, the task or the lead ("| | | | Ngân sách tỉnh | Xã hội hóa |")."""
    if not any(cell.text for cell in cells) or any(
            char.isdigit() for cell in cells for char in cell.text):
        return False
    return not any(cell.text for cell, field in zip(cells, header, strict=False)
                   if field in ("number", "title", "lead"))


def _add_note(row: dict, text: str) -> None:
    row["note"] = f"{row['note']} {text}" if row.get("note") else text


def _aligned(cells: list[Cell], width: int) -> list[Cell]:
    """A row with more cells than the header, its extra cells empty ones at its start (the
    portal's trace of a merged cell in the row above), without them: its number under "STT"."""
    start = 0
    while len(cells) - start > width and not cells[start].text:
        start += 1
    return cells[start:]


def _heads(number: str, following: list[list[Cell]], header: list[str | None]) -> bool:
    """Whether the row numbered `number` ("5.1") heads the next row ("5.1.1"): a sub-group."""
    column = header.index("number") if "number" in header else None
    if column is None or not _ROW_NUMBER.match(number) or not following:
        return False
    cells = following[0]
    return column < len(cells) and cells[column].text.startswith(f"{number.rstrip('.')}.")


def _first_text(cells: list[Cell], number: str) -> str:
    return next((cell.text for cell in cells if cell.text and cell.text != number), "")


def _time(row: dict, time: str | None, flag: Flagger) -> None:
    """The row's deadline from its time cell (None: the table has no time column)."""
    if time is None:
        row["no_deadline"] = "Bảng không có cột thời gian."
    elif time and deadlines.parse_phrase(time) is not None:
        row["deadline"] = time
    elif time:
        row["time_text"] = time
        row["no_deadline"] = "Nguồn ghi thời gian hncc không đọc được (time_text)."
        flag(("time_text",), "hncc không đọc được thời hạn này: giữ nguyên văn; ghi “deadline: "
             "{text: …, due: …}” nếu có hạn cụ thể")
    else:
        row["no_deadline"] = "Ô thời gian trống."


def _money(row: dict, values: dict[str, str], flag: Flagger, unit: str | None = None) -> None:
    if values.get("funding_source"):
        row["funding_source"] = values["funding_source"]
    if "budget" not in values:
        return
    budget = values["budget"]
    in_unit = amount_in_unit(budget, unit)
    if in_unit is not None:  # "500" under "Kinh phí (triệu đồng)": the cell verbatim, its value in tỷ
        row["budget"] = in_unit
        flag(("budget",), f"số tiền tính theo đơn vị ở tiêu đề cột (“{unit}”), ra tỷ đồng")
    elif money.parse_phrase(budget) is not None:
        row["budget"] = budget
        if not budget:
            flag(("budget",), "ô kinh phí trống (không ghi), khác với “-” (không có kinh phí)")
    elif names_funding(budget) and "funding_source" not in row:
        row["funding_source"] = budget
        flag(("funding_source",), "ô cột kinh phí không ghi số tiền: ghi là nguồn kinh phí")
    else:
        row["note"] = f"Nguồn ghi kinh phí: “{budget}”."
        flag(("note",), "hncc không đọc được kinh phí này")


def amount_in_unit(text: str, unit: str | None) -> dict | None:
    """A bare number written under a unit ("1.500" under "Kinh phí (triệu đồng)") as a budget
    mapping: the text verbatim and its exact value in tỷ đồng; None if `text` is no bare number
    or hncc does not read the unit."""
    bare = _BARE_AMOUNT.fullmatch(text.strip().rstrip(".")) if unit else None
    read = money.parse_phrase(f"{bare['num']} {unit}") if bare else None
    if not bare or not read:
        return None
    return {"text": text, "amount": money.plain(read["amount"]),
            **({"per_year": True} if bare["per"] else {})}


def unit_of(label: str) -> str | None:
    """The unit a header or label gives in brackets: "triệu đồng" of "Kinh phí (triệu đồng)" or
    "(Đơn vị tính: triệu VNĐ)"; None when it names none that hncc reads."""
    found = _UNIT.search(label)
    unit = _VND.sub("đồng", found["unit"].strip()) if found else ""
    return unit if unit and money.parse_phrase(f"1 {unit}") else None


def names_funding(text: str) -> bool:
    """Whether a budget cell or label without an amount names where money comes from ("Ngân
    sách tỉnh", "Từ nguồn chi thường xuyên …"), rather than saying there is none ("Không")."""
    return bool(text) and not any(char.isdigit() for char in text) and \
        not fold(text).startswith("khong")
