"""Rendering tables: fitted to a terminal's width, aligned plain text when piped, CSV, Markdown.

A query's result is first turned into `Table`s of text cells (hncc.render.views); this module
only lays them out. Nothing here prints: every function returns a string, or (`chunks`) yields
the text in pieces, so that a long table is written as it is made, never held whole.

On a terminal, identifiers, dates, amounts and statuses are never broken: only the columns of
long text (`Column.wrap`) wrap. When even those cannot get a useful width (an 80-column
terminal and a wide task list), they move under their row as "Nội dung: …" lines, and so do the
last fixed columns if the rest still does not fit.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import chain, islice, repeat
from typing import Any

from hncc.render.terminal import visible

BOM = "\ufeff"
GAP = 2  # spaces between columns
MIN_TEXT_WIDTH = 16  # narrower than this, a text column moves under its row
CELLS_KEPT = 4096  # texts of a column kept laid out on a terminal, for the rows that repeat them
# Excel with Vietnamese regional settings (vi-VN) reads ";" as the list separator and "," as the
# decimal mark, so its CSV files are written that way; with other settings use Data > From
# Text/CSV, which asks. Scripts read --format json.
CSV_DELIMITER = ";"
CSV_DECIMAL = ","
AMOUNT_UNIT = "tỷ đồng"
AS_OF_HEADER = "Tính đến ngày"


class Amount(str):
    """An amount's text as shown ("1,5 tỷ") that also carries its value in tỷ đồng, for CSV."""

    value: Decimal

    def __new__(cls, text: str, value: Decimal) -> Amount:
        made = super().__new__(cls, text)
        made.value = value
        return made


class Parts(str):
    """A cell's text as people read it ("31/05/2023 (dự kiến)") that also carries its parts
    (the date; what is said of it), which CSV writes in cells of their own (`Column.csv`), so
    that a spreadsheet sorts and filters each."""

    parts: tuple[str, ...]

    def __new__(cls, text: str, parts: tuple[str, ...]) -> Parts:
        made = super().__new__(cls, text)
        made.parts = parts
        return made


@dataclass(frozen=True)
class Column:
    header: str
    right: bool = False  # numbers and amounts are right-aligned
    max_width: int | None = None  # long text is cut (plain) at this width, wrapped (terminal)
    wrap: bool = False  # long text that may wrap; other columns (ids, dates, amounts) never do
    # In CSV, the headers of the cells this column is written as, one per part of its `Parts`
    # (a cell that is not one goes whole in the first); none: one cell, as shown.
    csv: tuple[str, ...] = ()
    # Cells that list several things joined by this ("; " between agencies): cut to max_width
    # (plain) piece by piece, so that every piece still shows its start and none is cut away.
    pieces: str | None = None


@dataclass(frozen=True)
class Table:
    """Text cells under headers, with a title above and notes (one line each) below.

    `totals` come after the rows in tables for people, and are left out of CSV, so that a
    spreadsheet's sum of a column is the total. `stamp`: what the whole table is of (its year),
    which its title says to people; CSV, which leaves a lone table's title out, writes each as
    a cell of every row (header, value), before the as-of date.
    """

    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    title: str | None = None
    notes: tuple[str, ...] = ()
    totals: tuple[tuple[str, ...], ...] = ()
    stamp: tuple[tuple[str, str], ...] = ()


# Anything but Latin letters and marks (U+0000–U+02FF), Vietnamese letters (Latin Extended
# Additional, U+1E00–U+1EFF) and common punctuation (dashes, quotes, "…", U+2010–U+2027), all of
# which take one cell. Text with anything else is measured character by character. (A class of
# the few kinds that are not one cell wide took 5 ms to compile at every start.)
_MAYBE_NOT_ONE_CELL = re.compile("[^\x00-\u02ff\u1e00-\u1eff\u2010-\u2027]")


def _width(text: str) -> int:
    """Display width: East Asian wide characters take two cells, combining marks none.

    Text without such characters (NFC Vietnamese included) is as wide as it is long.
    """
    if not _MAYBE_NOT_ONE_CELL.search(text):
        return len(text)
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF"
               else 1 for c in text)


def _one_line(text: str, limit: int | None) -> str:
    text = " ".join(visible(text).split())
    return text if limit is None or len(text) <= limit else _cut(text, limit, None)


# What `_one_line` changes: control characters and whitespace other than a single space inside
# (str.split's whitespace). A column is looked at all at once, each of its texts once (in any
# order), joined by a private use character (which can only make a clean cell look suspect,
# never the reverse).
_SEPARATOR = "\ue000"
_NOT_A_SPACE = re.compile("[\x00-\x1f\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f"
                          "\u3000]")


def _joined(cells: Sequence[str], separator: str = _SEPARATOR) -> Iterator[str]:
    """The distinct texts of a column (long lists repeat many), joined a few thousand at a
    time: looked at all at once, without the whole column's text in one string."""
    distinct = list(set(cells))
    for start in range(0, len(distinct), JOINED_AT_ONCE):
        yield separator.join(distinct[start:start + JOINED_AT_ONCE])


JOINED_AT_ONCE = 4096


def _one_line_column(cells: Sequence[str], limit: int | None,
                     pieces: str | None = None) -> Sequence[str]:
    """`_one_line` of every cell of a column (with `pieces`, cut piece by piece: `_cut`)."""
    if any(_NOT_A_SPACE.search(joined) or "  " in joined or f" {_SEPARATOR}" in joined
           or f"{_SEPARATOR} " in joined or joined.startswith(" ") or joined.endswith(" ")
           for joined in _joined(cells)):
        cells = [_one_line(cell, None) for cell in cells]
    if limit is None or max(map(len, cells), default=0) <= limit:
        return cells
    if pieces is None:  # _cut without pieces, written out: a city's task list cuts 100,000 titles
        return [cell if len(cell) <= limit else cell[: limit - 1].rstrip() + "…"
                for cell in cells]
    return [cell if len(cell) <= limit else _cut(cell, limit, pieces) for cell in cells]


def _cut(text: str, limit: int, separator: str | None) -> str:
    """`text` (one line, longer than `limit`) cut to `limit` characters, ending in "…". With
    `separator`, a list ("Sở A, nay là …; Sở B") is cut piece by piece (pieces split outside
    brackets), the room shared so that the short ones stay whole and every piece keeps its
    start: a co-lead after a long name is never cut away."""
    found = _split_outside_brackets(text, separator) if separator else [text]
    room = limit - len(separator or "") * (len(found) - 1)
    if separator is None or len(found) < 2 or room < PIECE_LEAST * len(found):
        return text[: limit - 1].rstrip() + "…"
    sizes: dict[int, int] = {}
    for at in sorted(range(len(found)), key=lambda i: len(found[i])):  # shortest first
        if len(found[at]) > room // (len(found) - len(sizes)):
            break  # this one and the longer ones do not fit in an equal share
        sizes[at] = len(found[at])  # whole
        room -= sizes[at]
    long = [at for at in range(len(found)) if at not in sizes]
    for n, at in enumerate(long):  # in their order: each as much as leaves the later their least
        sizes[at] = min(len(found[at]), room - PIECE_LEAST * (len(long) - n - 1))
        room -= sizes[at]
    return separator.join(piece if len(piece) <= sizes[at]
                          else piece[: sizes[at] - 1].rstrip() + "…"
                          for at, piece in enumerate(found))


PIECE_LEAST = 10  # characters each piece of a cut list keeps at least, else the cell is cut whole


def _split_outside_brackets(text: str, separator: str) -> list[str]:
    """`text` split at `separator` where no bracket is open ("…(chuyển cho A; B)" stays whole)."""
    found, depth, start, at = [], 0, 0, 0
    while at < len(text):
        char = text[at]
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(depth - 1, 0)
        elif depth == 0 and text.startswith(separator, at):
            found.append(text[start:at])
            at = start = at + len(separator)
            continue
        at += 1
    found.append(text[start:])
    return found


def _cell_widths(cells: list[str]) -> list[int]:
    """`_width` of every cell of a column."""
    return _odd_widths(cells) or list(map(len, cells))


def _odd_widths(cells: Sequence[str]) -> list[int] | None:
    """`_width` of every cell of a column, or None when each is as wide as it is long."""
    if any(_MAYBE_NOT_ONE_CELL.search(joined) for joined in _joined(cells, "")):
        return [_width(cell) for cell in cells]
    return None


def plain(table: Table) -> str:
    """Aligned text, one line per row, no colours or box drawing: for pipes, grep and diff."""
    return "\n".join(plain_lines(table))


def plain_lines(table: Table) -> Iterator[str]:
    """The lines of `plain(table)`, one at a time (the cells are measured before the first)."""
    rows = (*table.rows, *table.totals)
    texts: list[Sequence[str]] = []  # column by column
    sizes: list[list[int] | None] = []  # None: every cell as wide as it is long
    for column, cells in zip(table.columns, zip(*rows, strict=True) if rows
                             else [()] * len(table.columns), strict=True):
        texts.append(_one_line_column(cells, column.max_width, column.pieces))
        sizes.append(_odd_widths(texts[-1]))
    header_sizes = [_width(c.header) for c in table.columns]
    widths = [max(own, max(column if column is not None else map(len, cells), default=0))
              for own, column, cells in zip(header_sizes, sizes, texts, strict=True)]
    right = [c.right for c in table.columns]

    def line(cells: Iterable[str], own: Iterable[int]) -> str:
        return "  ".join(" " * (w - n) + c if r else c + " " * (w - n)
                         for c, n, w, r in zip(cells, own, widths, right, strict=True)).rstrip()

    if table.title:
        yield visible(table.title)
    yield line([c.header for c in table.columns], header_sizes)
    yield "  ".join("-" * w for w in widths)
    last = len(texts) - 1
    for start in range(0, len(rows), LINES_AT_ONCE):  # padded a few hundred rows at a time
        rows_at = slice(start, start + LINES_AT_ONCE)
        padded = [_padded(cells[rows_at], None if own is None else own[rows_at], width, align,
                          index == last)
                  for index, (cells, own, width, align)
                  in enumerate(zip(texts, sizes, widths, right, strict=True))]
        # Every line is stripped of its end: the last column, when on the left, needs no padding.
        yield from map(str.rstrip, map("  ".join, zip(*padded, strict=True)))
    yield from map(visible, table.notes)


def _padded(cells: Sequence[str], sizes: list[int] | None, width: int, right: bool,
            last: bool) -> Sequence[str]:
    """A column's cells padded with spaces to `width` cells, on the left when `right`."""
    if sizes is None:
        if right:
            return list(map(str.rjust, cells, repeat(width)))
        return cells if last else list(map(str.ljust, cells, repeat(width)))
    if right:
        return [" " * (width - n) + c for c, n in zip(cells, sizes, strict=True)]
    return [c + " " * (width - n) for c, n in zip(cells, sizes, strict=True)]


def _wrap(text: str, width: int, breakable: bool = True) -> list[str]:
    """`text` in lines of at most `width` cells, broken at spaces (and inside a word too long
    for a line only when `breakable`); line breaks in the text are kept."""
    measure = _width if _MAYBE_NOT_ONE_CELL.search(text) else len
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split()
        whole = " ".join(words)
        if measure(whole) <= width:  # what the loop below gives when every word fits
            lines.append(whole)
            continue
        line, used = "", 0
        for word in words:
            size = measure(word)
            if line and used + 1 + size <= width:
                line, used = f"{line} {word}", used + 1 + size
                continue
            if line:
                lines.append(line)
            while breakable and size > width > 0:
                lines.append(word[:width])
                word = word[width:]
                size = measure(word)
            line, used = word, size
        lines.append(line)
    return lines


def _longest_word(text: str) -> int:
    return max((_width(w) for w in text.split()), default=0)


def _column_widths(table: Table, width: int) -> tuple[list[int], dict[int, int]]:
    """The columns shown in the grid (index -> width) and those moved under each row."""
    rows = (*table.rows, *table.totals)
    natural, least = [], []
    for i, column in enumerate(table.columns):
        texts = {row[i] for row in rows}  # each text once: only the widest matter
        measure = _width if _MAYBE_NOT_ONE_CELL.search("".join(texts)) else len
        cells = [max(map(measure, text.split("\n"))) for text in texts]
        header = _longest_word(column.header)
        if column.wrap:
            wanted = max([*cells, _width(column.header)])
            wanted = min(wanted, column.max_width) if column.max_width else wanted
            natural.append(max(wanted, header))
            least.append(max(min(natural[-1], MIN_TEXT_WIDTH), header))
        else:
            single = [measure(" ".join(text.split())) for text in texts]
            natural.append(max([*single, header]))
            least.append(natural[-1])
    shown = list(range(len(table.columns)))

    def room(columns: list[int], sizes: list[int]) -> int:
        return width - sum(sizes[i] for i in columns) - GAP * (len(columns) - 1)

    if room(shown, least) < 0:  # text moves under the row, then the last fixed columns
        shown = [i for i in shown if not table.columns[i].wrap] or shown[:1]
        while len(shown) > 1 and room(shown, least) < 0:
            shown.pop()
    sizes = {i: least[i] for i in shown}
    spare = room(shown, least)
    wanting = {i: natural[i] - sizes[i] for i in shown if natural[i] > sizes[i]}
    total = sum(wanting.values())
    for i, want in wanting.items():  # text first, in proportion to what each lacks
        sizes[i] += min(want, spare * want // total)
    spare = width - sum(sizes.values()) - GAP * (len(shown) - 1)
    for i in shown:  # then what is left: text to its full width, headers on one line
        wanted = natural[i] if table.columns[i].wrap else max(_width(table.columns[i].header),
                                                              sizes[i])
        extra = min(wanted - sizes[i], spare)
        if extra > 0:
            sizes[i] += extra
            spare -= extra
    return shown, sizes


def _visible(table: Table) -> Table:
    """The table with every text made safe for a terminal (an Amount stays an Amount when it is
    already safe, as amounts are)."""
    def row(cells: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(visible(cell) for cell in cells)

    def rows(found: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
        every = "".join(chain.from_iterable(found))
        return found if visible(every) == every else tuple(map(row, found))

    return replace(table, title=visible(table.title) if table.title else table.title,
                   rows=rows(table.rows), totals=rows(table.totals),
                   notes=tuple(map(visible, table.notes)))


def fitted(table: Table, width: int, color: bool = False) -> str:
    """`table` for a terminal of `width` columns; the header bold when `color`. Text from the
    data is shown, never obeyed: control characters come out as their escapes (`visible`)."""
    return "\n".join(fitted_lines(table, width, color))


def fitted_lines(table: Table, width: int, color: bool = False) -> Iterator[str]:
    """The lines of `fitted(table, width, color)`, one at a time (the cells are measured before
    the first)."""
    table = _visible(table)
    shown, sizes = _column_widths(table, width)
    moved = [i for i in range(len(table.columns)) if i not in sizes]

    # A cell's lines, padded to its column's width, worked out once for each text of a column
    # (of the last few thousand: a long list repeats many, and must not be held twice).
    made: dict[int, dict[str, list[str]]] = {i: {} for i in shown}
    blank = [" " * sizes[i] for i in shown]

    def cell_lines(i: int, text: str, bold: bool) -> list[str]:
        column = table.columns[i]
        if not (bold or column.wrap):
            text = " ".join(text.split())
        lines = _wrap(text, sizes[i], breakable=column.wrap) if bold or column.wrap else [text]
        right = column.right and not bold
        return [" " * max(sizes[i] - _width(cell), 0) + cell if right
                else cell + " " * max(sizes[i] - _width(cell), 0) for cell in lines]

    def grid_lines(cells: list[str], bold: bool = False) -> list[str]:
        parts = []
        for i in shown:
            part = made[i].get(cells[i]) if not bold else None
            if part is None:
                part = cell_lines(i, cells[i], bold)
                if not bold:
                    if len(made[i]) >= CELLS_KEPT:
                        made[i].clear()
                    made[i][cells[i]] = part
            parts.append(part)
        lines = []
        for n in range(max(map(len, parts))):
            line = (" " * GAP).join([part[n] if n < len(part) else empty
                                     for part, empty in zip(parts, blank, strict=True)]).rstrip()
            lines.append(f"\x1b[1m{line}\x1b[0m" if bold and color and line else line)
        return lines

    if table.title:
        yield from _wrap(table.title, width)
    yield from grid_lines([c.header for c in table.columns], bold=True)
    yield (" " * GAP).join("─" * sizes[i] for i in shown)
    for row in (*table.rows, *table.totals):
        yield from grid_lines(list(row))
        for i in moved:  # "Nội dung: …" under the row, for what the grid has no room for
            if row[i].strip():
                yield from ("  " + line for line in _wrap(f"{table.columns[i].header}: {row[i]}",
                                                          max(width - 2, MIN_TEXT_WIDTH)))
    for note in table.notes:
        yield from _wrap(note, width)


def csv_number(value: Decimal) -> str:
    """An amount as Excel's Vietnamese settings read a number: "1,5" (no thousands marks)."""
    text = format(value.normalize() if value else Decimal(0), "f")
    return text.replace(".", CSV_DECIMAL)


def _csv_cell(cell: str) -> str:
    return csv_number(cell.value) if isinstance(cell, Amount) else cell


def amount_columns(table: Table) -> list[int]:
    """The columns with amounts in them, in the rows or the totals (which a table of no row,
    or of no amount stated, has too): numbers in CSV, under a header that says the unit."""
    every = (*table.rows, *table.totals)
    columns = zip(*every, strict=True) if every else [()] * len(table.columns)
    return [index for index, cells in enumerate(columns)
            if any(issubclass(kind, Amount) for kind in set(map(type, cells)))]


def csv_headers(table: Table, amounts: list[int]) -> list[str]:
    headers: list[str] = []
    for i, c in enumerate(table.columns):
        if c.csv:
            headers += c.csv
        else:
            headers.append(f"{c.header} ({AMOUNT_UNIT})" if i in amounts
                           and AMOUNT_UNIT not in c.header else c.header)
    return headers


def _parts(cell: str, size: int) -> tuple[str, ...]:
    """The `size` CSV cells of a cell of a column written as several (see `Column.csv`)."""
    found = cell.parts if isinstance(cell, Parts) else (cell,)
    return (*found[:size], *[""] * (size - len(found)))


def csv_rows(table: Table, amounts: list[int], stamp: tuple[str, ...],
              amount: Callable[[str], Any] = _csv_cell) -> Iterator[tuple[Any, ...]]:
    """The table's rows as CSV has them: a column of `Column.csv` parts in a cell each, the
    `stamp` cells after; `amount` makes the cells of the amount columns (CSV: a number's text)."""
    split = [(index, len(c.csv)) for index, c in enumerate(table.columns) if c.csv]
    if not amounts and not split:
        for row in table.rows:
            yield (*row, *stamp)
        return
    for row in table.rows:
        cells: list[Any] = list(row)
        for index in amounts:
            cells[index] = amount(cells[index])
        for index, size in split:
            cells[index] = _parts(cells[index], size)
        if split:
            cells = [part for cell in cells
                     for part in (cell if isinstance(cell, tuple) else (cell,))]
        yield (*cells, *stamp)


# What makes csv.writer quote a cell (with the delimiter above, "\r\n" lines, minimal quoting).
_CSV_QUOTED = re.compile('[;"\r\n]')


# A cell that starts with "=", "+", "-" or "@" (or a tab or a carriage return) is read by Excel
# as a formula: a bullet "- Đã tổ chức…" shows as #NAME?, and "=HYPERLINK(…)" from a data file
# would run (CSV injection, OWASP). Such a cell is written with "'" before it, as OWASP advises,
# and so is one that starts with "'" itself, so that the text is recovered exactly by removing
# the first "'" of every cell that starts with one. Numbers ("-1,5") and "-" alone (no budget)
# are no formulas and are written as they are. JSON is always verbatim.
FORMULA_STARTS = "=+-@\t\r'"
_FORMULA_START = re.compile(f"(?:^|{_SEPARATOR})[{re.escape(FORMULA_STARTS)}]")
_CSV_NUMBER = re.compile(r"-?\d+(?:,\d+)?|-")


def defused(cell: str) -> str:
    """`cell` as CSV writes it: with "'" before it when a spreadsheet would read it as a formula
    (or when it starts with "'"), see FORMULA_STARTS."""
    if cell[:1] in FORMULA_STARTS and cell and not _CSV_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def _defused_column(cells: Sequence[str]) -> Sequence[str]:
    """`defused` of every cell of a column (looked at all at once first)."""
    if not any(_FORMULA_START.search(joined) for joined in _joined(cells)):
        return cells
    return list(map(defused, cells))


def _csv_column(cells: Sequence[str]) -> Sequence[str]:
    """A column's cells as csv.writer writes them: quoted (quotes doubled) when they hold the
    delimiter, a quote or a line break."""
    cells = _defused_column(cells)
    if not _CSV_QUOTED.search("".join(cells)):
        return cells
    return ['"' + cell.replace('"', '""') + '"' if _CSV_QUOTED.search(cell) else cell
            for cell in cells]


def _write_rows(rows: list[tuple[str, ...]], writer: Any, out: _Pieces) -> None:
    """`rows` (one or more) as `writer` (a csv.writer onto `out`) writes them: worked out a
    column at a time when they are text, two cells or more each (a row of one empty cell is
    written differently)."""
    if len(rows[0]) > 1:
        try:
            columns = [_csv_column(cells) for cells in zip(*rows, strict=True)]
            out.write("\r\n".join(map(CSV_DELIMITER.join, zip(*columns, strict=True))) + "\r\n")
            return
        except (TypeError, ValueError):  # a cell that is not text, rows of unequal lengths
            pass
    writer.writerows([defused(cell) if isinstance(cell, str) else cell for cell in row]
                     for row in rows)


def csv_text(tables: list[Table], as_of: dt.date | None = None) -> str:
    """CSV in UTF-8 with a byte-order mark (so Excel reads Vietnamese); tables one after another.

    Amounts are numbers in tỷ đồng in their own columns, totals rows are left out (a sum of the
    column gives them), and with `as_of` every row says the date the answer holds for. Each
    table's notes follow its rows after a blank line, one a line; of several tables, each is
    named by its title above its header.
    """
    return "".join(csv_chunks(tables, as_of))


CSV_ROWS_AT_ONCE = 256  # rows written into one piece of CSV text
LINES_AT_ONCE = 256  # lines of a table joined into one piece of text


class _Pieces(list[str]):
    """A file for csv.writer that keeps what is written, to be taken piece by piece."""

    def write(self, text: str) -> None:
        self.append(text)

    def taken(self) -> str:
        text = "".join(self)
        self.clear()
        return text


def csv_chunks(tables: list[Table], as_of: dt.date | None = None) -> Iterator[str]:
    """The text of `csv_text(tables, as_of)` in pieces of a few hundred rows."""
    import csv  # only CSV output needs it: not at every start

    out = _Pieces([BOM])
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    dated = (f"{as_of:%d/%m/%Y}",) if as_of else ()
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        if len(tables) > 1 and table.title:  # which table this is (one alone: its header first)
            writer.writerow([defused(table.title)])
        amounts = amount_columns(table)
        writer.writerow(csv_headers(table, amounts) + [header for header, _ in table.stamp]
                        + ([AS_OF_HEADER] if as_of else []))
        rows = csv_rows(table, amounts, (*(value for _, value in table.stamp), *dated))
        while batch := list(islice(rows, CSV_ROWS_AT_ONCE)):
            _write_rows(batch, writer, out)
            yield out.taken()
        if table.notes:  # what the table says below its rows, after a blank line, a line each
            writer.writerow([])
            writer.writerows([defused(note)] for note in table.notes)
    yield out.taken()


def markdown_text(table: Table) -> str:
    from hncc.render import markdown  # only Markdown output needs it: not at every start

    parts = [f"**{markdown.cell(table.title)}**", ""] if table.title else []
    parts.append(markdown.table([c.header for c in table.columns], (*table.rows, *table.totals),
                                [c.right for c in table.columns]))
    parts += ["", "\n\n".join(table.notes)] if table.notes else []
    return "\n".join(parts)


def render(tables: list[Table], fmt: str, *, terminal: bool = False, color: bool = False,
           width: int = 100, as_of: dt.date | None = None) -> str:
    """`tables` as `fmt` ("table", "csv" or "md"). "table" is fitted to a terminal's `width`,
    else plain; CSV states `as_of` in a column of its own."""
    return "".join(chunks(tables, fmt, terminal=terminal, color=color, width=width, as_of=as_of))


def chunks(tables: list[Table], fmt: str, *, terminal: bool = False, color: bool = False,
           width: int = 100, as_of: dt.date | None = None) -> Iterator[str]:
    """The text of `render(...)` in pieces, to be written as they are made: CSV and tables a
    few hundred rows at a time, Markdown a table at a time."""
    if fmt == "csv":
        yield from csv_chunks(tables, as_of)
        return
    for index, table in enumerate(tables):
        if index:
            yield "\n\n"
        if fmt == "md":
            yield markdown_text(table)
            continue
        lines = fitted_lines(table, width, color) if terminal else plain_lines(table)
        batch = list(islice(lines, LINES_AT_ONCE))
        yield "\n".join(batch)
        while batch := list(islice(lines, LINES_AT_ONCE)):
            yield "\n" + "\n".join(batch)
    yield "\n"
