"""Output worked out a column (or a list) at a time gives the bytes that writing each cell, row
or element on its own gives: csv.writer's CSV, the plain table padded cell by cell, the task
lists' dates."""

from __future__ import annotations

import csv
import datetime as dt
import io

from hypothesis import given
from hypothesis import strategies as st

from hncc.domain.dates import format_date
from hncc.render import tables, views
from hncc.render.tables import Column, Table

# Text with what makes csv.writer quote a cell, spaces, wide and combining letters, control
# characters and odd spaces (which a plain table writes on one line).
CELL = st.text(alphabet=st.sampled_from(list('aĐệ ;"\r\n\t\x1b\u00a0\u3000中\u0301,=+-@\'1')),
               max_size=8)


def _written_by_csv_writer(rows: list[tuple[str, ...]]) -> str:
    """csv.writer's text of `rows`, each cell made safe from spreadsheets (`defused`) alone."""
    out = io.StringIO()
    csv.writer(out, delimiter=tables.CSV_DELIMITER, lineterminator="\r\n").writerows(
        [tables.defused(cell) for cell in row] for row in rows)
    return out.getvalue()


@given(st.integers(1, 4).flatmap(lambda n: st.lists(st.tuples(*[CELL] * n), min_size=1,
                                                    max_size=6)))
def test_csv_rows__same_text_as_csv_writer_one_row_at_a_time(rows):
    pieces = tables._Pieces()
    tables._write_rows(rows, csv.writer(pieces, delimiter=tables.CSV_DELIMITER,
                                        lineterminator="\r\n"), pieces)
    assert pieces.taken() == _written_by_csv_writer(rows)


def test_csv__a_long_table_of_one_column_with_empty_cells_as_csv_writer_writes_it():
    rows = tuple((("", "x;y", 'a "b"')[n % 3],) for n in range(600))
    table = Table((Column("Ghi chú"),), rows)
    expected = _written_by_csv_writer([("Ghi chú",), *rows])
    assert tables.csv_text([table]) == tables.BOM + expected


def _plain_cell_by_cell(table: Table) -> str:
    """The plain table as it was written before columns were padded at once."""
    rows = (*table.rows, *table.totals)
    texts = [[tables._one_line(row[i], c.max_width) for row in rows]
             for i, c in enumerate(table.columns)]
    sizes = [[tables._width(cell) for cell in cells] for cells in texts]
    header_sizes = [tables._width(c.header) for c in table.columns]
    widths = [max([own, *column]) for own, column in zip(header_sizes, sizes, strict=True)]
    right = [c.right for c in table.columns]

    def line(cells, own):
        return "  ".join(" " * (w - n) + c if r else c + " " * (w - n)
                         for c, n, w, r in zip(cells, own, widths, right, strict=True)).rstrip()

    lines = [tables.visible(table.title)] if table.title else []
    lines.append(line([c.header for c in table.columns], header_sizes))
    lines.append("  ".join("-" * w for w in widths))
    lines += [line(cells, own) for cells, own
              in zip(zip(*texts, strict=True), zip(*sizes, strict=True), strict=True)]
    lines += [tables.visible(note) for note in table.notes]
    return "\n".join(lines) + "\n"


@given(st.lists(st.tuples(CELL, CELL, CELL), max_size=5), st.booleans(), st.booleans(),
       st.none() | st.integers(1, 6))
def test_plain__same_lines_as_padding_each_cell(rows, right_first, right_last, limit):
    table = Table((Column("Mục", right=right_first), Column("Nội dung", max_width=limit),
                   Column("Số", right=right_last)), tuple(rows), title="Bảng", notes=("Ghi chú",))
    assert tables.render([table], "table") == _plain_cell_by_cell(table)


def test_plain__a_table_longer_than_a_piece_is_written_whole():
    rows = tuple((f"PL.{n}", "Việc " * (n % 7), str(n)) for n in range(3 * tables.LINES_AT_ONCE))
    table = Table((Column("Mục"), Column("Nội dung", max_width=20), Column("Số", right=True)),
                  rows)
    pieces = list(tables.chunks([table, table], "table"))
    assert len(pieces) > 6
    assert "".join(pieces) == "\n\n".join([_plain_cell_by_cell(table)[:-1]] * 2) + "\n"


@given(st.dates())
def test_views_date__the_date_as_documents_write_it(day: dt.date):
    assert views.date(day) == format_date(day)


@given(st.lists(st.tuples(CELL, CELL, CELL), min_size=1, max_size=8), st.integers(20, 60))
def test_fitted__same_lines_however_few_laid_out_texts_are_kept(rows, width):
    table = Table((Column("Mục"), Column("Nội dung", max_width=30, wrap=True),
                   Column("Số", right=True)), tuple(rows * 3), title="Bảng")
    kept = tables.CELLS_KEPT
    try:
        tables.CELLS_KEPT = 1
        each_time = tables.render([table], "table", terminal=True, width=width)
    finally:
        tables.CELLS_KEPT = kept
    assert tables.render([table], "table", terminal=True, width=width) == each_time
