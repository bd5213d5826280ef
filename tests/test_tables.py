"""Table rendering: plain text when piped, rich on a terminal, CSV with BOM, Markdown escaping."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from hncc.render import markdown, tables
from hncc.render.tables import Column, Table

TABLE = Table(
    (Column("Cơ quan"), Column("Kinh phí", right=True)),
    (("Sở Ngoại vụ", "1,5 tỷ"), ("Đoàn | Hội\nHà Nội", "12 tỷ")),
    title="Kinh phí", notes=("Đơn vị: tỷ đồng.",),
)


def test_plain__aligned_columns_one_line_per_row_no_ansi():
    assert tables.render([TABLE], "table") == (
        "Kinh phí\n"
        "Cơ quan            Kinh phí\n"
        "-----------------  --------\n"
        "Sở Ngoại vụ          1,5 tỷ\n"
        "Đoàn | Hội Hà Nội     12 tỷ\n"
        "Đơn vị: tỷ đồng.\n"
    )


def test_rich__colours_only_when_asked():
    coloured = tables.render([TABLE], "table", terminal=True, color=True, width=80)
    assert "\x1b[" in coloured and "Sở Ngoại vụ" in coloured
    assert "\x1b[" not in tables.render([TABLE], "table", terminal=True, color=False, width=80)


def test_csv__utf8_with_bom_and_quoted_cells():
    text = tables.render([TABLE], "csv")
    assert text.startswith("\ufeffCơ quan,Kinh phí\r\n")
    assert '"Đoàn | Hội\nHà Nội",12 tỷ\r\n' in text


def test_markdown__pipes_and_line_breaks_escaped():
    assert markdown.cell("a | b\nc") == "a \\| b<br>c"
    text = tables.render([TABLE], "md")
    assert "| Cơ quan | Kinh phí |\n| --- | ---: |\n" in text
    assert "| Đoàn \\| Hội<br>Hà Nội | 12 tỷ |" in text


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30)
       | st.text(alphabet="aăâđơưạảấầẩẫậắặẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ –“”…中文\u0301\u200b",
                 max_size=30))
def test_width__fast_path_agrees_with_measuring_each_character(text):
    measured = sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF"
                   else 1 for c in text)
    assert tables._width(text) == measured


def test_width__wide_and_combining_characters_in_plain_tables():
    table = Table((Column("A"), Column("B")), (("中文", "x"), ("e\u0301", "y")))
    lines = tables.render([table], "table").splitlines()
    assert lines[2:] == ["中文  x", "e\u0301     y"]  # the mark takes no cell
