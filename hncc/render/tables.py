"""Rendering tables: a rich table on a terminal, aligned plain text when piped, CSV, Markdown.

A query's result is first turned into `Table`s of text cells (hncc.views); this module only
lays them out. Nothing here prints: every function returns a string.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass

from hncc.render import markdown
from hncc.render.terminal import visible

BOM = "\ufeff"


@dataclass(frozen=True)
class Column:
    header: str
    right: bool = False  # numbers and amounts are right-aligned
    max_width: int | None = None  # long text is cut (plain) or wrapped (rich) at this width


@dataclass(frozen=True)
class Table:
    """Text cells under headers, with a title above and notes (one line each) below."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    title: str | None = None
    notes: tuple[str, ...] = ()


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
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def plain(table: Table) -> str:
    """Aligned text, one line per row, no colours or box drawing: for pipes, grep and diff."""
    limits = [c.max_width for c in table.columns]
    grid = [[c.header for c in table.columns],
            *[[_one_line(c, n) for c, n in zip(row, limits, strict=True)] for row in table.rows]]
    cell_widths = [[_width(cell) for cell in row] for row in grid]
    widths = [max(row[i] for row in cell_widths) for i in range(len(table.columns))]

    def line(cells: list[str], own: list[int]) -> str:
        padded = [
            " " * (w - n) + c if col.right else c + " " * (w - n)
            for c, n, w, col in zip(cells, own, widths, table.columns, strict=True)
        ]
        return "  ".join(padded).rstrip()

    lines = [visible(table.title)] if table.title else []
    lines += [line(grid[0], cell_widths[0]), "  ".join("-" * w for w in widths)]
    lines += [line(row, own) for row, own in zip(grid[1:], cell_widths[1:], strict=True)]
    return "\n".join([*lines, *map(visible, table.notes)])


def rich_text(table: Table, width: int, color: bool) -> str:
    """A rich table for a terminal of `width` columns; ANSI colours only when `color`."""
    from rich import box  # rich only on a terminal: piped output does without it
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    # Text objects, not strings: "[red]" in the data is text, not rich markup.
    shown = RichTable(title=Text(visible(table.title)) if table.title else None,
                      box=box.SIMPLE_HEAD, header_style="bold" if color else "")
    for column in table.columns:
        shown.add_column(column.header, justify="right" if column.right else "left",
                         max_width=column.max_width, overflow="fold")
    for row in table.rows:
        shown.add_row(*(Text(visible(cell)) for cell in row))
    console = Console(file=io.StringIO(), width=width, force_terminal=color,
                      color_system="standard" if color else None, no_color=not color,
                      highlight=False)
    console.print(shown)
    for note in table.notes:
        console.print(Text(visible(note)))
    return console.file.getvalue().rstrip("\n")


def csv_text(tables: list[Table]) -> str:
    """CSV in UTF-8 with a byte-order mark (so Excel reads Vietnamese); tables one after another."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        writer.writerow([c.header for c in table.columns])
        writer.writerows(table.rows)
    return BOM + out.getvalue()


def markdown_text(table: Table) -> str:
    parts = [f"**{markdown.cell(table.title)}**", ""] if table.title else []
    parts.append(markdown.table([c.header for c in table.columns], table.rows,
                                [c.right for c in table.columns]))
    parts += ["", "\n\n".join(table.notes)] if table.notes else []
    return "\n".join(parts)


def render(tables: list[Table], fmt: str, *, terminal: bool = False, color: bool = False,
           width: int = 100) -> str:
    """`tables` as `fmt` ("table", "csv" or "md"). "table" is rich on a terminal, else plain."""
    if fmt == "csv":
        return csv_text(tables)
    if fmt == "md":
        return "\n\n".join(markdown_text(t) for t in tables) + "\n"
    if terminal:
        return "\n\n".join(rich_text(t, width, color) for t in tables) + "\n"
    return "\n\n".join(plain(t) for t in tables) + "\n"
