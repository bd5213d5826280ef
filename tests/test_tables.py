"""Table rendering: plain text when piped, rich on a terminal, CSV with BOM, Markdown escaping."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hncc.render import markdown, tables, views
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


def test_csv__utf8_with_bom_semicolons_and_quoted_cells():
    text = tables.render([TABLE], "csv")
    assert text.startswith("\ufeffCơ quan;Kinh phí\r\n")
    assert '"Đoàn | Hội\nHà Nội";12 tỷ\r\n' in text


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


# Tables fitted to a terminal: identifiers, dates, amounts and statuses are never broken.

SHIPPED = Path(__file__).resolve().parent.parent / "data"
AS_OF = dt.date(2023, 12, 15)


def _shipped_tables() -> dict[str, list[Table]]:
    from hncc.data import loader
    from hncc.queries import budget, workload
    from hncc.queries import tasks as queries

    dataset = loader.load(SHIPPED).dataset
    where = queries.scope(dataset, AS_OF)
    return {
        "overdue": [views.overdue_table(queries.overdue(dataset, AS_OF, where), AS_OF)],
        "upcoming": [views.upcoming_table(queries.upcoming(dataset, AS_OF, 400, where), AS_OF, 400)],
        "tasks": [views.tasks_table(queries.tasks(dataset, AS_OF, where), AS_OF)],
        "show": views.show_tables(queries.show(dataset, "102:PL.I.2", AS_OF)),
        "budget": [views.overview_table(budget.overview(dataset, where))],
        "budget-year": [views.year_budget_table(budget.year_budget(dataset, 2023, "item", where))],
        "budget-agency": [views.year_budget_table(budget.year_budget(dataset, 2023, "agency",
                                                                     where))],
        "agencies": [views.workload_table(workload.workload(dataset, AS_OF, where), AS_OF)],
    }


@pytest.fixture(scope="module")
def shipped_tables() -> dict[str, list[Table]]:
    return _shipped_tables()


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("name", ["overdue", "upcoming", "tasks", "show", "budget", "budget-year",
                                  "budget-agency", "agencies"])
def test_fitted__no_identifier_date_amount_or_status_split(shipped_tables, name, width):
    shown = shipped_tables[name]
    lines = tables.render(shown, "table", terminal=True, width=width).splitlines()
    assert all(tables._width(line) <= width for line in lines), name
    for table in shown:
        assert table.rows, f"{name}: the shipped data should fill this table"
        for row in (*table.rows, *table.totals):
            for column, cell in zip(table.columns, row, strict=True):
                if column.wrap or not cell:
                    continue
                assert any(cell in line for line in lines), (name, width, cell)


def test_fitted__dates_and_plan_keys_of_every_overdue_row_whole_at_80(shipped_tables):
    shown = shipped_tables["overdue"]
    text = tables.render(shown, "table", terminal=True, width=80)
    keys = re.findall(r"\d+/KH-UBND@\d{4}", text)
    assert len(keys) == len(shown[0].rows)  # one whole key per row, none cut in two
    dates = re.findall(r"\b\d{2}/\d{2}/\d{4}\b", text)
    assert len(dates) >= len(shown[0].rows)
    assert not re.search(r"\d{2}/\d{2}/\d{1,3}$", text, re.MULTILINE)


def test_fitted__text_columns_in_the_grid_when_there_is_room(shipped_tables):
    wide = tables.render(shipped_tables["overdue"], "table", terminal=True, width=160)
    header = wide.splitlines()[1]
    assert "Nội dung" in header and "Chủ trì" in header and "\n  Nội dung:" not in wide


def test_fitted__narrow_terminal_moves_long_text_under_its_row(shipped_tables):
    narrow = tables.render(shipped_tables["overdue"], "table", terminal=True, width=80)
    first_row = shipped_tables["overdue"][0].rows[0]
    assert f"  Nội dung: {first_row[2].split()[0]}" in narrow
    assert "Nội dung" not in narrow.splitlines()[1]


def test_fitted__only_text_wraps_at_word_boundaries():
    table = Table((Column("Mục"), Column("Nội dung", wrap=True), Column("Hạn")),
                  (("102/KH-UBND@2022:III.2.2.1.a", "một hai ba bốn năm sáu bảy tám chín mười "
                    "mười một mười hai mười ba", "30/06/2022"),))
    lines = tables.render([table], "table", terminal=True, width=60).splitlines()
    assert "102/KH-UBND@2022:III.2.2.1.a" in lines[2] and "30/06/2022" in lines[2]
    words = " ".join(line[30:].replace("30/06/2022", "") for line in lines[2:]).split()
    assert words == "một hai ba bốn năm sáu bảy tám chín mười mười một mười hai mười ba".split()


def test_piped__plain_and_aligned_with_totals_after_rows():
    table = Table((Column("Năm"), Column("Tổng", right=True)), (("2022", "13 tỷ"),),
                  totals=(("Tổng", "13 tỷ"),))
    assert tables.render([table], "table") == (
        "Năm    Tổng\n----  -----\n2022  13 tỷ\nTổng  13 tỷ\n")


def _piped_cells(column: Column, cells: list[str]) -> list[str]:
    """The cells of a one-column table as piped, padding stripped."""
    lines = tables.render([Table((column,), tuple((c,) for c in cells))], "table").splitlines()
    return [line.rstrip() for line in lines[2:]]


def test_piped__a_cut_list_of_agencies_keeps_every_agency():
    # A co-lead after a long name with its successor was cut away whole ("…, nay là Văn phòng
    # Ủy ban nh…"): the reader of `hncc overdue | …` did not learn that there were two leads.
    lead = Column("Chủ trì", max_width=50, pieces="; ")
    successor = ("Sở Ngoại vụ, nay là Văn phòng Ủy ban nhân dân thành phố Hà Nội từ 01/3/2025; "
                 "Sở Văn hóa và Thể thao")
    ended = ("các Sở, Ban ngành và đơn vị liên quan; UBND các quận, huyện, thị xã, chấm dứt hoạt "
             "động từ 01/7/2025 (chuyển cho UBND các xã, phường mới; chưa phân công lại)")
    short = "Sở Tài chính; Sở Nội vụ"
    assert _piped_cells(lead, [successor, ended, short]) == [
        "Sở Ngoại vụ, nay là Văn p…; Sở Văn hóa và Thể thao",  # the short co-lead whole
        "các Sở, Ban ngành và đơn vị liên quan; UBND các q…",  # the first whole, then the next
        short,  # fits: unchanged
    ]


def test_piped__a_list_is_cut_outside_brackets_and_within_its_width():
    lead = Column("Chủ trì", max_width=30, pieces="; ")
    # "; " inside brackets does not part the list; too many pieces to keep each: cut whole
    cells = ["Sở A (chuyển cho B; C; D; E và F); Sở G", "A; B; C; D; E; F; G; H; I; J; K; L; M"]
    assert _piped_cells(lead, cells) == ["Sở A (chuyển cho B; C;…; Sở G",
                                         "A; B; C; D; E; F; G; H; I; J;…"]
    assert all(len(c) <= 30 for c in _piped_cells(lead, cells))
    # without `pieces`, a long cell is cut at its end as before
    assert _piped_cells(Column("Chủ trì", max_width=30), cells[:1]) == [
        "Sở A (chuyển cho B; C; D; E v…"]
