"""A Word file (.docx) into paragraphs and tables, in document order (python-docx).

Word keeps paragraphs whole and tables as tables, so nothing needs unwrapping: each paragraph's
text (white space squeezed) and each table's cells (their paragraphs) are taken as they are. A
merged cell appears once in its row, so the row is as short as the source shows it. Source line
numbers are the block's position in the document (1-based).
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from hncc.domain.text import nfc
from hncc.importer.document import Block, Cell, Paragraph, Table, squeeze
from hncc.importer.draft import NotAPlan

if TYPE_CHECKING:
    from docx.table import _Row


def _lines(text: str) -> list[str]:
    """A Word paragraph's lines (a manual line break starts a line), squeezed, empty ones left out."""
    return [line for line in map(squeeze, nfc(text).split("\n")) if line]


def _cells(row: _Row) -> list[Cell]:
    cells: list[Cell] = []
    seen: set[int] = set()
    for cell in row.cells:
        if id(cell._tc) in seen:  # a cell merged across columns is returned once per column
            continue
        seen.add(id(cell._tc))
        texts = tuple(text for p in cell.paragraphs for text in _lines(p.text))
        cells.append(Cell(texts, 0))
    return cells


def blocks(raw: bytes) -> list[Block]:
    """The blocks of a .docx file; NotAPlan when it is no Word document python-docx can open."""
    import docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

    try:
        document = docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise NotAPlan(f"Không mở được tệp Word (.docx): {error}.") from None
    found: list[Block] = []
    for number, item in enumerate(document.iter_inner_content(), start=1):
        if isinstance(item, DocxParagraph):
            found += [Paragraph(line, number) for line in _lines(item.text)]
        elif isinstance(item, DocxTable):
            found.append(Table([_cells(row) for row in item.rows], number))
    if not found:
        raise NotAPlan("Tệp Word trống: không có văn bản để nhập.")
    return found
