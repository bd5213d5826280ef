"""A plain text (one paragraph a line) into paragraphs, and its appendix into a table.

In the plain texts law portals give, the appendix table comes one cell per block of lines: blocks
separated by one empty line, each further empty line an empty cell. A row starts with its number
in the "TT" column: a Roman numeral for a group row, then 1, 2, … for the rows of the group.
"""

from __future__ import annotations

from hncc.domain.text import fold
from hncc.importer.document import Block, Cell, Paragraph, Table, squeeze

ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
          "XV", "XVI", "XVII", "XVIII", "XIX", "XX"]
_APPENDIX = "PHỤ LỤC"


def _cells(lines: list[tuple[int, str]]) -> list[Cell]:
    """The cells of one-cell-a-block lines; an extra empty line is an empty cell."""
    cells: list[Cell] = []
    block: list[tuple[int, str]] = []
    blanks = 0
    for number, line in lines:
        if line:
            if not block and cells:
                cells += [Cell((), 0)] * max(0, blanks - 1)
            block.append((number, line))
            blanks = 0
            continue
        if block:
            cells.append(Cell((" ".join(t for _, t in block),), block[0][0]))
            block = []
        blanks += 1
    if block:
        cells.append(Cell((" ".join(t for _, t in block),), block[0][0]))
    return cells


def _next_numbers(group: str | None, number: int) -> tuple[str, str]:
    roman = ROMANS[ROMANS.index(group) + 1] if group in ROMANS[:-1] else "I"
    return roman, str(number + 1)


def _rows(cells: list[Cell], width: int) -> tuple[list[list[Cell]], int]:
    """Rows from cells[0] on (after the header), and the index of the first cell not read."""
    rows: list[list[Cell]] = []
    group: str | None = None
    number = 0
    index = 0
    while index < len(cells):
        roman, following = _next_numbers(group, number)
        text = cells[index].text
        if text == roman and index + 1 < len(cells):
            group, number = roman, 0
            rows.append(cells[index:index + 2])
            index += 2
        elif text == following:
            number += 1
            stops = set(_next_numbers(group, number))
            end = index + 1
            while end < min(len(cells), index + width) and cells[end].text not in stops:
                end += 1
            rows.append(cells[index:end])
            index = end
        else:
            break
    return rows, index


def _appendix(lines: list[tuple[int, str]]) -> list[Block]:
    """The appendix: its title paragraphs, the table, and any text after it."""
    cells = _cells(lines)
    start = next((i for i, cell in enumerate(cells) if fold(cell.text) in ("tt", "stt")), None)
    if start is None:
        return [Paragraph(t, n) for n, t in lines if t]
    header_end = next((i for i in range(start, len(cells)) if cells[i].text in ("I", "1")),
                      len(cells))
    header = cells[start:header_end]
    rows, used = _rows(cells[header_end:], len(header))
    found: list[Block] = [Paragraph(cell.text, cell.line) for cell in cells[:start]]
    found.append(Table([header, *rows], header[0].line))
    after = next((cell.line for cell in cells[header_end + used:] if cell.text), None)
    if after is not None:  # the text after the table, a paragraph a line as elsewhere
        found += [Paragraph(text, number) for number, text in lines if number >= after and text]
    return found


def blocks(text: str) -> list[Block]:
    """Each line a paragraph (empty ones kept: they end a signature's titles); from a line
    "PHỤ LỤC" on, the appendix's table."""
    raw = text.split("\n")
    lines = [(number, squeeze(line)) for number, line in enumerate(raw, start=1)]
    found: list[Block] = []
    for index, (number, line) in enumerate(lines):
        if line.startswith(_APPENDIX) and not any(r.count("\t") >= 2 for r in raw[index:]):
            found.append(Paragraph(line, number))
            return found + _appendix(lines[index + 1:])
        if raw[index].count("\t") >= 2:  # a table copied from Word: cells between tabs
            cells = [Cell((text,) if (text := squeeze(cell)) else (), number)
                     for cell in raw[index].strip("\n").split("\t")]
            if found and isinstance(found[-1], Table):
                found[-1].rows.append(cells)
            else:
                found.append(Table([cells], number))
            continue
        found.append(Paragraph(line, number))
    return found
