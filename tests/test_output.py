"""Fast output: JSON written by orjson and tables written as they are made, the same bytes as
the standard library's encoder and the whole-string renderers give."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

import pytest
import typer
from hypothesis import example, given, settings
from hypothesis import strategies as st

from hncc.cli import common, console
from hncc.data import loader
from hncc.queries import budget
from hncc.queries import tasks as queries
from hncc.queries.tasks import OMIT_NONE
from hncc.queries.workitems import HIDDEN
from hncc.render import jsonable as jsonable_module
from hncc.render import tables
from hncc.render.jsonable import BATCH, json_chunks, jsonable
from hncc.render.tables import Amount, Column, Table
from tests.conftest import REPO
from tests.test_budget import PLAN as BUDGET_PLAN
from tests.test_queries import with_status

AS_OF = dt.date(2023, 7, 1)


def standard(value: Any) -> bytes:
    """What hncc printed before orjson: the standard library's encoder, indented by two."""
    return json.dumps(jsonable(value), ensure_ascii=False, indent=2).encode("utf-8")


def written(value: Any) -> bytes:
    return b"".join(json_chunks(value))


class Pair(NamedTuple):
    year: int
    label: str


@dataclass(frozen=True)
class Share:
    amount: Decimal
    due: dt.date | None
    title: str
    kept_out: frozenset[str] = field(default=frozenset({"so-ngoai-vu"}), metadata=HIDDEN)
    lead_now: str | None = field(default=None, metadata=OMIT_NONE)
    renamed: str = field(default="x", metadata={"json_name": "tên khác"})


@dataclass(frozen=True)
class Result:
    rows: tuple[Share, ...]
    by_year: dict[Any, Any]
    pairs: tuple[Pair, ...]
    nested: tuple[Any, ...]
    tags: frozenset[str]
    empty: tuple[()] = ()
    none: None = None


TRICKY = Result(
    rows=(Share(Decimal("1.234567890123456789012345678"), dt.date(2023, 12, 31),
                "Tổ chức “Tuần Văn hóa” – Hà Nội \\ \"trích\" \x1b[31m\t\n\u2028 Đ̀"),
          Share(Decimal("2.50"), None, "", lead_now="Sở Tách, chia tách từ 01/3/2025"),
          Share(Decimal("0E-7"), dt.date(999, 1, 2), "中文 ✓ \U0001f600", renamed="đổi tên"),
          Share(Decimal("1E+3"), None, " ")),
    by_year={2023: Decimal("0.1"), None: [], dt.date(2024, 1, 1): {"a": ()}},
    pairs=(Pair(2023, "năm"),),
    nested=((1, (2, (3, ((), {}))), {"k": [None, True, False, 0, -7, 2 ** 62]}),),
    tags=frozenset({"một"}),
)


@pytest.mark.parametrize("value", [
    TRICKY, [TRICKY, TRICKY], {"kết quả": TRICKY}, {"a": {"b": {"c": {"d": [TRICKY]}}}},
    [], {}, (), None, "Việt Nam", Decimal("0.000100"), dt.date(2024, 2, 29),
    dt.datetime(2024, 2, 29, 7, 30, 1, 5), [[[]]], {1: "một", 2: ["hai"]}, TRICKY.rows[0],
])
def test_json__same_bytes_as_the_standard_encoder(value):
    assert written(value) == standard(value)


def test_json__fields_marked_hidden_left_out_and_omit_none_only_when_none():
    shares = jsonable(TRICKY)["rows"]
    assert [sorted(s) for s in shares[:2]] == [
        ["amount", "due", "title", "tên khác"],
        ["amount", "due", "lead_now", "title", "tên khác"]]
    assert shares[0]["amount"] == "1.234567890123456789012345678"  # 28 digits, Decimal's own
    assert shares[1]["amount"] == "2.5" and shares[1]["due"] is None
    assert shares[2]["amount"] == "0" and shares[2]["due"] == "0999-01-02"
    assert shares[3]["amount"] == "1000"
    assert b'"kept_out"' not in written(TRICKY)


def test_json__long_lists_come_a_batch_of_elements_a_piece():
    rows = tuple(Share(Decimal(n), dt.date(2023, 1, 1), f"Việc {n}") for n in range(10 * BATCH))
    pieces = list(json_chunks(Result(rows, {}, (), (), frozenset())))
    assert len(pieces) > 10
    assert max(map(len, pieces)) < len(b"".join(pieces)) / 9
    assert max(piece.count(b'"amount"') for piece in pieces) == BATCH


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2 ** 63, 2 ** 63 - 1) | st.text()
    | st.dates() | st.decimals(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=5) | st.integers(0, 9), inner, max_size=4),
    max_leaves=20)


@given(json_values)
def test_json__any_value_same_bytes_as_the_standard_encoder(value):
    assert written(value) == standard(value)


@given(st.text())
def test_json__any_text_same_bytes_as_the_standard_encoder(text):
    assert written([text, {text: text}]) == standard([text, {text: text}])


def test_json__a_class_fields_are_worked_out_once():
    jsonable(TRICKY)
    plan = jsonable_module._plans[Share]
    assert [key for _, key, _ in plan] == ["amount", "due", "title", "lead_now", "tên khác"]
    jsonable(TRICKY)
    assert jsonable_module._plans[Share] is plan


@pytest.fixture
def dataset(root):
    with_status(root, "III.2", "      - {date: 2023-03-01, status: in_progress}\n")
    root.plan("2022-8.yaml", BUDGET_PLAN.replace("7/KH-UBND", "8/KH-UBND"))
    return loader.load(root.data).dataset


@pytest.mark.parametrize(("args", "expected"), [
    (["tasks"], lambda d: queries.tasks(d, AS_OF, queries.scope(d, AS_OF))),
    (["overdue", "--role", "any"], lambda d: queries.overdue(d, AS_OF, queries.scope(d, AS_OF))),
    (["budget", "--year", "2023"], lambda d: budget.year_budget(d, 2023, "item")),
])
def test_cli_json__bytes_are_the_standard_encoders_with_a_final_line_break(hncc, root, dataset,
                                                                           args, expected):
    result = hncc(*args, "--root", root.path, "--as-of", AS_OF.isoformat(), "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == standard(expected(dataset)) + b"\n"


TABLE = Table(
    (Column("Cơ quan", max_width=12), Column("Kinh phí", right=True), Column("Ghi chú")),
    (("Sở  Ngoại\tvụ\n", Amount("1,5 tỷ", Decimal("1.5")), " có\u00a0khoảng "),
     ("Đoàn 中文", Amount("12 tỷ", Decimal(12)), "\x1b[31mđỏ"),
     ("Sở Văn hóa và Thể thao", Amount("0", Decimal(0)), "")),
    title="Kinh phí", notes=("Đơn vị: tỷ đồng.",),
    totals=(("Tổng", Amount("13,5 tỷ", Decimal("13.5")), ""),),
)


def test_plain__odd_spaces_control_characters_and_wide_letters():
    assert tables.render([TABLE, TABLE], "table") == "\n\n".join([(
        "Kinh phí\n"
        "Cơ quan      Kinh phí  Ghi chú\n"
        "-----------  --------  ----------\n"
        "Sở Ngoại vụ    1,5 tỷ  có khoảng\n"
        "Đoàn 中文       12 tỷ  \\x1b[31mđỏ\n"
        "Sở Văn hóa…         0\n"  # cut at 12, without the space before "…"
        "Tổng          13,5 tỷ\n"
        "Đơn vị: tỷ đồng.")] * 2) + "\n"


def test_csv__written_a_few_hundred_rows_at_a_time_amounts_as_numbers():
    rows = tuple((f"Sở {n}", Amount(f"{n} tỷ", Decimal(n) / 4), "x") for n in range(1000))
    table = Table(TABLE.columns, rows)
    pieces = list(tables.chunks([table, TABLE], "csv", as_of=AS_OF))
    text = "".join(pieces)
    assert len(pieces) > 4 and max(map(len, pieces)) < len(text) / 3
    assert text == tables.csv_text([table, TABLE], AS_OF)
    lines = text.split("\r\n")
    assert lines[0] == "\ufeffCơ quan;Kinh phí (tỷ đồng);Ghi chú;Tính đến ngày"
    assert lines[2] == "Sở 1;0,25;x;01/07/2023"
    assert lines[1002:1004] == ["Kinh phí", "Cơ quan;Kinh phí (tỷ đồng);Ghi chú;Tính đến ngày"]
    assert lines[1004] == '"Sở  Ngoại\tvụ\n";1,5; có\u00a0khoảng ;01/07/2023'
    assert lines[-3:] == ["", "Đơn vị: tỷ đồng.", ""]  # the notes after the rows


def test_chunks__joined_are_the_rendered_text_in_every_format():
    for fmt in ("table", "csv", "md"):
        for terminal in (False, True):
            assert "".join(tables.chunks([TABLE, TABLE], fmt, terminal=terminal, width=60,
                                         as_of=AS_OF)) == \
                tables.render([TABLE, TABLE], fmt, terminal=terminal, width=60, as_of=AS_OF)


def _stdout(monkeypatch, encoding: str, errors: str = "strict") -> io.BytesIO:
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding=encoding, errors=errors,
                                                        newline="\n", write_through=True))
    return raw


def test_print_pieces__writes_before_the_last_piece_is_made(monkeypatch):
    raw = _stdout(monkeypatch, "utf-8")
    seen_before_last = []

    def pieces():
        for _ in range(3 * common.PIECE_SIZE // 1000):
            yield "ệ" * 999 + "\n"
        seen_before_last.append(len(raw.getvalue()))
        yield "cuối\n"

    common.print_pieces(pieces())
    assert seen_before_last[0] >= 2 * common.PIECE_SIZE
    assert raw.getvalue() == ("ệ" * 999 + "\n").encode() * (3 * common.PIECE_SIZE // 1000) \
        + "cuối\n".encode()


@pytest.mark.parametrize("encoding", ["utf-8", "cp1258", "ascii"])
def test_print_pieces__json_bytes_as_echo_writes_the_text_on_any_console(monkeypatch, encoding):
    handler = console.error_handler(encoding)
    text = json.dumps({"tiêu đề": "Kế hoạch “Hà Nội” – Đ 中"}, ensure_ascii=False, indent=2)
    echoed = _stdout(monkeypatch, encoding, handler)
    typer.echo(text)
    printed = _stdout(monkeypatch, encoding, handler)
    common.print_pieces([text.encode("utf-8"), b"\n"])
    assert printed.getvalue() == echoed.getvalue()


def word_by_word(text: str, width: int, breakable: bool) -> list[str]:
    """Greedy wrapping measured one word at a time: what `_wrap` must give, however fast."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for word in paragraph.split():
            size = tables._width(word)
            if line and used + 1 + size <= width:
                line, used = f"{line} {word}", used + 1 + size
                continue
            if line:
                lines.append(line)
            while breakable and size > width > 0:
                lines.append(word[:width])
                word = word[width:]
                size = tables._width(word)
            line, used = word, size
        lines.append(line)
    return lines


CELL_TEXT = st.text(alphabet="aệĐ –中\u0301", max_size=12) | st.text(alphabet=st.sampled_from(
    ["a", "ệ", "Đ", " ", "\t", "\n", "\x1b", "\x85", "\xa0", "\u3000", "\u2028", "中",
     "\u0301", "\ue000", "–"]), max_size=12)


@given(CELL_TEXT, st.integers(0, 12), st.booleans())
def test_wrap__same_lines_as_wrapping_word_by_word(text, width, breakable):
    assert tables._wrap(text, width, breakable) == word_by_word(text, width, breakable)


@given(st.lists(CELL_TEXT, min_size=1, max_size=5), st.none() | st.integers(1, 8))
@example(["a  b", "c"], None)
@example(["a", " b"], None)
@example([" a"], None)
@example(["a ", "b"], 2)
@example(["ệ\u3000ệ"], None)
def test_plain_column__same_cells_and_widths_as_one_cell_at_a_time(cells, limit):
    one_line = tables._one_line_column(cells, limit)
    assert one_line == [tables._one_line(cell, limit) for cell in cells]
    assert tables._cell_widths(one_line) == [tables._width(cell) for cell in one_line]


def test_cli__a_reader_that_stops_early_ends_the_command_quietly(tmp_path):
    """`hncc tasks --format json | head`: the shipped task list (more than a pipe holds) stops
    being written when the reader goes, without an error (exit 0, as when written at once)."""
    env = {**os.environ, "HNCC_CACHE_DIR": str(tmp_path / "cache")}
    process = subprocess.Popen([sys.executable, "-m", "hncc", "tasks", "--as-of", "2023-12-15",
                                "--format", "json"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, cwd=REPO, env=env)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(100).startswith(b"[\n  {")
    process.stdout.close()
    assert process.wait(timeout=300) == 0
    assert process.stderr.read() == b""


def test_json__keys_that_write_the_same_are_one_member_as_in_jsonable():
    value = {"1": None, 1: 2, "x": {3: "a", "3": "b"}}
    assert b"".join(json_chunks(value)).decode() == \
        json.dumps(jsonable(value), ensure_ascii=False, indent=2)
    assert json.loads(b"".join(json_chunks(value))) == {"1": 2, "x": {"3": "b"}}


@settings(max_examples=50, deadline=None)
@given(st.lists(json_values, max_size=3 * BATCH // 2))
def test_json__what_an_iterator_gives_is_written_as_the_list_of_it(values):
    assert b"".join(json_chunks(iter(values))) == b"".join(json_chunks(values))


def test_json__an_iterator_that_gives_nothing_is_an_empty_list():
    assert b"".join(json_chunks(iter(()))) == b"[]"


MENTION_ROWS = st.lists(st.tuples(
    st.sampled_from(["102/KH-UBND@2022", "161/KH-UBND@2023"]), st.text(max_size=8),
    st.sampled_from(["row", "activity"]), st.sampled_from(["item", "part", "heading", "target"]),
    st.sampled_from(["same", "implements"]), st.none() | st.text(max_size=12),
    st.none() | st.text(max_size=12)), max_size=4)


@settings(max_examples=60, deadline=None)
@given(MENTION_ROWS)
def test_mentions__as_the_index_keeps_them_equal_and_written_as_their_mentions(rows):
    from hncc.queries.workitems import Mention, Mentions

    made = tuple(Mention(*row) for row in rows)
    kept = Mentions(json.dumps([list(row) for row in rows], ensure_ascii=False))
    assert kept == made and made == kept and hash(kept) == hash(made)
    assert (kept != made) is False and kept == Mentions(json.dumps([list(r) for r in rows]))
    assert list(kept) == list(made) and len(kept) == len(made) and bool(kept) == bool(made)
    assert kept[:1] == made[:1]
    for value in (kept, [kept], {"mentions": kept}):
        assert jsonable(value) == jsonable(value if value is not kept else made)
        assert written(value) == standard(value)
    assert written(kept) == written(made)
    task_like = {"a": [kept, made]}
    assert written(task_like) == standard(task_like)
