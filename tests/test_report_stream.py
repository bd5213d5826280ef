"""Reports over many plans: made a batch of plans at a time, rendered a piece at a time, and
still written whole or not at all; templates keep their sandbox on the fast paths."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path

import pytest
from conftest import PLAN, REPO

from hncc import api
from hncc.cli import common as report_command  # deliver_pieces and its SPOOL live there
from hncc.data import loader
from hncc.queries import reports
from hncc.render import markdown, templating
from hncc.render.terminal import visible

AS_OF = "2024-01-01"
@pytest.fixture
def several_groups(tmp_path: Path) -> Path:
    """The shipped data (102 and 161, which carries out 102: one group of plans) and a copy of
    102 under another number (a group of its own)."""
    shutil.copytree(REPO / "data", tmp_path / "data", ignore=shutil.ignore_patterns("sources"))
    plans = tmp_path / "data" / "plans"
    original = next(p for p in plans.iterdir()
                    if re.search(r"^number: 102/KH-UBND$", p.read_text(encoding="utf-8"), re.M))
    copy = original.read_text(encoding="utf-8").replace("number: 102/KH-UBND",
                                                          "number: 902/KH-UBND", 1)
    (plans / "copy-902.yaml").write_text(copy, encoding="utf-8")
    return tmp_path


def _agency_report(root: Path) -> bytes:
    dataset = loader.load(root / "data").dataset
    return api.report(dataset, dt.date(2023, 12, 15), agency="Sở Ngoại vụ", year=2023)


def test_agency_report__is_the_same_whatever_the_batches_of_plans(several_groups, monkeypatch):
    whole = _agency_report(several_groups)
    assert b"902/KH-UBND" in whole and b"102/KH-UBND" in whole and b"161/KH-UBND" in whole
    monkeypatch.setattr(reports, "BATCH", 1)  # each group of plans a batch of its own
    assert _agency_report(several_groups) == whole


def test_agency_report__lets_go_of_the_plans_it_read(several_groups):
    _agency_report(several_groups)  # the first run makes the index and its derived rows
    dataset = loader.load(several_groups / "data").dataset
    assert dataset.store is not None and not any(pf.has_index for pf in dataset.plans)
    made = api.make_report(dataset, dt.date(2023, 12, 15), agency="Sở Ngoại vụ", year=2023)
    assert made.context["report"].led  # it read them…
    assert not any(pf.has_index for pf in dataset.plans)  # …and let them go


def test_agency_report__names_the_plans_of_its_items_and_their_parts_in_order(several_groups):
    dataset = loader.load(several_groups / "data").dataset
    found = reports.agency_report(dataset, "Sở Ngoại vụ", 2023, dt.date(2023, 12, 15))
    numbers = [p.number for p in found.plans]
    assert numbers == list(dict.fromkeys(numbers))
    assert set(numbers) == {"102/KH-UBND", "161/KH-UBND", "902/KH-UBND"}
    assert numbers.index("102/KH-UBND") < numbers.index("902/KH-UBND")


def test_agency_report__row_updates_are_its_history_and_latest_the_last_written(root):
    root.plan("p.yaml", PLAN + """\
      status:
        - date: 2022-05-02
          status: in_progress
          note: bắt đầu
        - date: 2022-03-01
          status: not_started
          note: ghi sau, ngày trước
        - date: 2022-05-02
          status: in_progress
          note: cùng ngày, ghi sau
""")
    dataset = loader.load(root.data).dataset
    found = reports.agency_report(dataset, "Sở Ngoại vụ", 2022, dt.date(2022, 12, 31))
    (row,) = [r for r in found.supported if r.task.ref == "PL.1"]
    assert [u.entry.note for u in row.updates] == ["ghi sau, ngày trước", "bắt đầu",
                                                   "cùng ngày, ghi sau"]
    assert row.latest is not None and row.latest.entry.note == "cùng ngày, ghi sau"
    assert {(u.plan, u.ref) for u in row.updates} == {("7/KH-UBND@2022", "PL.1")}


# --- written whole or not at all --------------------------------------------------------------

MUCH_THEN_WRONG = "{% for i in range(3000) %}{{ 'x' * 99 }}\n{% endfor %}{{ no_such_name }}\n"


@pytest.fixture
def broken_late(root):
    """A project whose agency template fails after writing far more than one piece."""
    root.plan("p.yaml", PLAN)
    (root.path / "templates").mkdir()
    (root.path / "templates" / "agency_report.md.j2").write_text(MUCH_THEN_WRONG, encoding="utf-8")
    return root


def test_report__template_failing_late_prints_nothing_on_stdout(hncc, broken_late):
    result = hncc("report", "--root", broken_late.path, "--agency", "Sở Ngoại vụ", "--as-of", AS_OF)
    assert result.exit_code == 1 and result.stdout == ""
    assert "no_such_name" in result.stderr and "không tệp nào được ghi" in result.stderr


def test_report__template_failing_late_leaves_the_output_and_its_folder_alone(hncc, broken_late):
    output = broken_late.path / "bao-cao.md"
    output.write_text("bản cũ\n", encoding="utf-8")
    before = sorted(p.name for p in broken_late.path.iterdir())
    result = hncc("report", "--root", broken_late.path, "--agency", "Sở Ngoại vụ", "--as-of", AS_OF,
                  "--output", output)
    assert result.exit_code == 1 and "Mẫu báo cáo" in result.stderr
    assert output.read_text(encoding="utf-8") == "bản cũ\n"
    assert sorted(p.name for p in broken_late.path.iterdir()) == before


@pytest.mark.parametrize("spool", [1 << 30, 1000], ids=["in memory", "spilled to a file"])
def test_report__a_long_report_reaches_stdout_and_the_output_file_whole(hncc, root, monkeypatch,
                                                                       spool):
    monkeypatch.setattr(report_command, "SPOOL", spool)
    root.plan("p.yaml", PLAN)
    (root.path / "templates").mkdir()
    (root.path / "templates" / "agency_report.md.j2").write_text(
        "{% for i in range(4000) %}{{ i }} {{ report.agency }}\n{% endfor %}", encoding="utf-8")
    expected = "".join(f"{i} Sở Ngoại vụ\n" for i in range(4000))
    result = hncc("report", "--root", root.path, "--agency", "Sở Ngoại vụ", "--as-of", AS_OF)
    assert result.exit_code == 0 and result.stdout == expected
    output = root.path / "bao-cao.md"
    result = hncc("report", "--root", root.path, "--agency", "Sở Ngoại vụ", "--as-of", AS_OF,
                  "--output", output)
    size = len(expected.encode("utf-8"))
    assert output.read_text(encoding="utf-8") == expected
    assert f"({size:,} byte)".replace(",", ".") in result.stderr


def test_report__a_full_temporary_folder_is_a_clear_error_not_a_bug(hncc, root, monkeypatch):
    import errno
    import tempfile

    class Full(io.BytesIO):
        def write(self, piece) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "SpooledTemporaryFile", lambda **_: Full())
    root.plan("p.yaml", PLAN)
    result = hncc("report", "--root", root.path, "--agency", "Sở Ngoại vụ", "--as-of", AS_OF)
    assert result.exit_code == 1 and result.stdout == ""
    assert "Không ghi được tệp tạm của báo cáo" in result.stderr and "ổ đĩa đã đầy" in result.stderr
    assert "No space" not in result.stderr  # the system's words are English


def test_render_to__hands_on_the_text_in_pieces_that_join_to_the_render(tmp_path, monkeypatch):
    monkeypatch.setattr(templating, "PIECE", 100)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "t.md.j2").write_text(
        "{% for i in range(500) %}{{ i }},{% endfor %}", encoding="utf-8")
    pieces: list[str] = []
    templating.render_to(tmp_path, "t.md.j2", {}, pieces.append)
    assert len(pieces) > 10 and "".join(pieces) == templating.render(tmp_path, "t.md.j2", {})
    assert "".join(pieces) == "".join(f"{i}," for i in range(500))


# --- the sandbox on its fast paths ------------------------------------------------------------

def _render(tmp_path: Path, text: str, **context) -> str:
    (tmp_path / "templates").mkdir(exist_ok=True)
    (tmp_path / "templates" / "t.md.j2").write_text(text, encoding="utf-8")
    return templating.render(tmp_path, "t.md.j2", context)


def test_templates__imported_macros_and_loops_work_as_jinja_has_them(tmp_path):
    text = ('{% import "macros.md.j2" as m %}{{ m.budget("") }}|{{ m.budget(text="6 tỷ") }}|'
            '{% for x in "abc" %}{{ loop.index }}{{ loop.last }}{{ loop.cycle("-", "+") }}'
            '{{ loop.length }}{% endfor %}|{% macro hi(who, end="!") %}chào {{ who }}{{ end }}'
            '{% endmacro %}{{ hi("bạn") }} {{ hi(who="Hà Nội", end=".") }}')
    assert _render(tmp_path, text) == ("không ghi|6 tỷ|1False-32False+33True-3|chào bạn! "
                                       "chào Hà Nội.")


@pytest.mark.parametrize("expression", [
    '{% import "macros.md.j2" as m %}{{ m._body_stream }}',
    '{% import "macros.md.j2" as m %}{{ m.__dict__ }}',
    '{% import "macros.md.j2" as m %}{{ m.item._func.__globals__ }}',
    '{% for x in "a" %}{{ loop.__class__ }}{% endfor %}',
    '{% for x in "a" %}{{ loop._iterator }}{% endfor %}',
])
def test_templates__private_parts_of_macros_modules_and_loops_stay_out_of_reach(tmp_path,
                                                                                expression):
    with pytest.raises(templating.TemplateProblem, match="không được phép"):
        _render(tmp_path, expression)


def test_markdown__text_is_left_as_it_is_only_when_no_escape_would_change_it():
    # Every character, alone and around the marks that make an entity or markup.
    for code in range(0x250):
        for text in (chr(code), f"a{chr(code)}b", f"&{chr(code)}x;", f"&#{chr(code)};"):
            slow = markdown._INLINE.sub(r"\\\1", markdown.no_html(visible(text)))
            assert markdown._escaped(text) == slow, repr(text)
