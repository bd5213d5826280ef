"""A Word file (.docx) into paragraphs and tables, in document order (python-docx).

Word keeps paragraphs whole and tables as tables, so nothing needs unwrapping: each paragraph's
text (white space squeezed) and each table's cells (their paragraphs) are taken as they are. A
cell merged up to the row's end appears once, so the row is as short as the source shows it;
one merged in mid-row leaves its other columns empty. Source line
numbers are the block's position in the document (1-based).

Numbers and bullets of Word's automatic lists ("I.", "1.", "a)", "-") are no part of a
paragraph's text: they are computed here from the document's list definitions and put back in
front of it, as Word shows them, so that headings and parts keep their places.
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from hncc.domain.text import nfc
from hncc.importer.document import Block, Cell, Paragraph, Table, squeeze
from hncc.importer.draft import NotAPlan

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import _Row
    from docx.text.paragraph import Paragraph as DocxParagraph

_LEVELS = 9  # list levels Word allows (w:ilvl 0–8)
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _roman(number: int) -> str:
    found = ""
    for value, letters in _ROMAN:
        while number >= value:
            found, number = found + letters, number - value
    return found


def _letters(number: int) -> str:
    """Word's letters: a … z, then aa … zz."""
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def _int(value: str | None, default: int) -> int:
    """A number attribute of the list definitions; `default` where a file holds none readable."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _formatted(number: int, kind: str) -> str:
    if kind in ("lowerLetter", "upperLetter"):
        found = _letters(number)
    elif kind in ("lowerRoman", "upperRoman"):
        found = _roman(number)
    elif kind == "decimalZero":
        found = f"{number:02d}"
    else:
        found = str(number)
    return found.upper() if kind.startswith("upper") else found


class _Numbering:
    """The labels of Word's automatic lists, counted in document order like Word does."""

    def __init__(self, document: DocxDocument) -> None:
        from docx.oxml.ns import qn

        self._qn = qn
        # numId -> level -> (format, text such as "%1.", start)
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        # Lists of one definition (w:abstractNum) count on together, as in Word; a list that
        # overrides its start ("Restart at 1") starts again where it first appears.
        self.definition: dict[str, str | None] = {}
        self.restarts: dict[str, list[int]] = {}
        self.counters: dict[str | None, list[int | None]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstract = {node.get(qn("w:abstractNumId")): self._read(node)
                    for node in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            definition = ref.get(qn("w:val")) if ref is not None else None
            levels = dict(abstract.get(definition, {}))
            restarts = []
            for override in num.findall(qn("w:lvlOverride")):
                level = _int(override.get(qn("w:ilvl")), 0)
                replaced = self._read(override).get(level)
                start = override.find(qn("w:startOverride"))
                if replaced is not None:
                    levels[level] = replaced
                if start is not None and level in levels:
                    kind, text, _ = levels[level]
                    levels[level] = (kind, text, _int(start.get(qn("w:val")), 1))
                    restarts.append(level)
            number = num.get(qn("w:numId"))
            self.levels[number], self.definition[number] = levels, definition
            self.restarts[number] = restarts

    def _read(self, node: object) -> dict[int, tuple[str, str, int]]:
        qn = self._qn
        found = {}
        for level in node.findall(qn("w:lvl")):  # type: ignore[attr-defined]
            kind, text, start = (level.find(qn(name)) for name in ("w:numFmt", "w:lvlText",
                                                                  "w:start"))
            found[_int(level.get(qn("w:ilvl")), 0)] = (
                kind.get(qn("w:val"), "decimal") if kind is not None else "decimal",
                text.get(qn("w:val"), "") if text is not None else "",
                _int(start.get(qn("w:val")), 1) if start is not None else 1)
        return found

    def _list_of(self, paragraph: DocxParagraph) -> tuple[str | None, int]:
        """(numId, level) of a paragraph: its own, else its style's (or the style it is based on)."""
        qn = self._qn
        path = f"{qn('w:pPr')}/{qn('w:numPr')}"
        number: str | None = None
        level: int | None = None
        elements = [paragraph._p]
        style = paragraph.style
        while style is not None:
            elements.append(style.element)
            style = style.base_style
        for element in elements:
            found = element.find(path)
            if found is None:
                continue
            listed, depth = found.find(qn("w:numId")), found.find(qn("w:ilvl"))
            if number is None and listed is not None:
                number = listed.get(qn("w:val"))
            if level is None and depth is not None:
                level = _int(depth.get(qn("w:val")), 0)
        return number, level or 0

    def label(self, paragraph: DocxParagraph) -> str:
        """The number or bullet Word shows before `paragraph` ("II.", "1.", "a)", "-"), or ""."""
        number, level = self._list_of(paragraph)
        levels = self.levels.get(number or "0")
        if not levels or level not in levels or number is None or not 0 <= level < _LEVELS:
            return ""
        kind, text, _ = levels[level]
        if kind == "bullet":
            return "-"
        counters = self.counters.setdefault(self.definition.get(number), [None] * _LEVELS)
        for restart in self.restarts.pop(number, []):
            counters[restart] = None
        current = counters[level]
        counters[level] = levels[level][2] if current is None else current + 1
        for deeper in range(level + 1, _LEVELS):
            counters[deeper] = None
        if kind == "none":
            return ""
        for shown in range(_LEVELS):
            if f"%{shown + 1}" in text:
                value = counters[shown] if counters[shown] is not None else \
                    levels.get(shown, ("decimal", "", 1))[2]
                text = text.replace(f"%{shown + 1}", _formatted(value or 0, levels.get(
                    shown, ("decimal", "", 1))[0]))
        return text.strip()


def _lines(text: str) -> list[str]:
    """A Word paragraph's lines (a manual line break starts a line), squeezed, empty ones left out."""
    return [line for line in map(squeeze, nfc(text).split("\n")) if line]


def _numbered(paragraph: DocxParagraph, numbering: _Numbering) -> list[str]:
    """A paragraph's lines, the first after the list number Word shows before it."""
    lines = _lines(paragraph.text)
    label = numbering.label(paragraph)
    if not label:
        return lines
    return [f"{label} {lines[0]}", *lines[1:]] if lines else [label]


def _cells(row: _Row, numbering: _Numbering) -> list[Cell]:
    """A row's cells. A cell merged across columns is returned once per column: once it is, and
    the columns it covers are empty cells, so those after it keep their columns; merged up to
    the row's end ("I | NHÓM MỘT" over the whole row) it ends the row, short as the portal's."""
    grid = list(row.cells)
    ids = [id(cell._tc) for cell in grid]
    last = ids.index(ids[-1]) if ids else 0  # where the row's last cell starts
    cells: list[Cell] = []
    for index, cell in enumerate(grid):
        if index and ids[index] == ids[index - 1]:
            if index > last:
                break
            cells.append(Cell((), 0))
            continue
        texts = tuple(text for p in cell.paragraphs for text in _numbered(p, numbering))
        cells.append(Cell(texts, 0))
    return cells


_BROKEN = ("Không mở được tệp Word (.docx): tệp hỏng hoặc không phải Word. Mở tệp bằng Word, "
           "lưu lại dạng .docx rồi chạy lại.")
# What else comes as a zip, by a file it holds: what it is and what to do instead
_OTHER_ZIPS = (
    ("xl/workbook.xml", "Tệp Excel (.xlsx), không phải văn bản kế hoạch: hncc nhập văn bản kế hoạch "
     "(.docx, .txt, .md). Nhập tệp Word của kế hoạch; nếu danh mục nhiệm vụ chỉ có ở Excel, chép "
     "bảng vào cuối văn bản (phần phụ lục) rồi chạy lại."),
    ("ppt/presentation.xml", "Tệp PowerPoint (.pptx), không phải văn bản kế hoạch: nhập tệp Word "
     "(.docx) hoặc văn bản (.txt) của kế hoạch."),
    ("mimetype", "Tệp OpenDocument (.odt, LibreOffice), không phải Word (.docx): mở tệp bằng "
     "LibreOffice hoặc Word, lưu lại dạng Word (.docx) rồi chạy lại."),
)


def _refuse_other_zips(raw: bytes) -> None:
    """NotAPlan, naming what the file is, for a zip that is no Word document."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise NotAPlan(_BROKEN) from None
    if "word/document.xml" in names:
        return
    for member, message in _OTHER_ZIPS:
        if member in names:
            raise NotAPlan(message)
    raise NotAPlan("Tệp nén (.zip) không phải tệp Word (.docx): giải nén, rồi nhập tệp văn bản "
                   "kế hoạch (.docx, .txt, .md) trong đó.")


def blocks(raw: bytes) -> list[Block]:
    """The blocks of a .docx file; NotAPlan when it is no Word document python-docx can open."""
    import docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

    _refuse_other_zips(raw)
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception:  # whatever python-docx trips on in a file it cannot read: one message
        raise NotAPlan(_BROKEN) from None
    found: list[Block] = []
    numbering = _Numbering(document)
    for number, item in enumerate(document.iter_inner_content(), start=1):
        if isinstance(item, DocxParagraph):
            found += [Paragraph(line, number) for line in _numbered(item, numbering)]
        elif isinstance(item, DocxTable):
            found.append(Table([_cells(row, numbering) for row in item.rows], number))
    if not found:
        raise NotAPlan("Tệp Word trống: không có văn bản để nhập.")
    return found
