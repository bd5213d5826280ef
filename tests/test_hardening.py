"""Hostile input and odd dates: positions for every YAML error, limits, no tracebacks, leap days."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
from pydantic import ValidationError

from hncc import api as commands
from hncc.data import files, loader, yamlio
from hncc.data.model import Deadline, Plan
from hncc.edit import fmt as formatting
from hncc.queries import tasks as queries
from tests.conftest import AGENCIES, PLAN, dedent, flat


def test_yaml__control_character_has_its_line_and_column():
    with pytest.raises(yamlio.YamlSyntaxError) as caught:
        yamlio.parse("a: b\nc: d\x08e\n")
    error = caught.value
    assert (error.code, error.line, error.column) == ("yaml-syntax", 2, 5)
    assert "U+0008" in error.message


def test_yaml__too_deep_points_at_the_deep_line():
    with pytest.raises(yamlio.YamlSyntaxError) as caught:
        yamlio.parse("a: 1\nb: 2\nc: " + "[" * 60 + "]" * 60 + "\n")
    assert (caught.value.code, caught.value.line) == ("too-deep", 3)


def test_fmt__file_over_the_limit_is_refused_before_reading(root, monkeypatch):
    path = root.plan("p.yaml", PLAN)
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 100)
    with pytest.raises(formatting.CannotFormat, match="quá giới hạn"):
        formatting.format_file(path, Plan, write=True)


def test_fmt__impossible_date_is_a_message_not_a_crash(hncc, root):
    root.plan("p.yaml", PLAN.replace("date: 2022-01-10", "date: 2023-02-31"))
    before = root.snapshot()
    result = hncc("fmt", "--root", root.path)
    assert result.exit_code == 1 and "ngày “2023-02-31” không có trong lịch" in result.output
    assert root.snapshot() == before


def test_status__skips_a_plan_file_over_the_limit(hncc, root):
    root.plan("p.yaml", PLAN)
    huge = root.raw("huge.yaml", b"- x\n" * (files.MAX_FILE_BYTES // 4 + 1))
    result = hncc("status", "7:III.1", "done", "--date", "2022-05-01", "--root", root.path)
    assert result.exit_code == 0, result.output
    assert huge.stat().st_size == files.MAX_FILE_BYTES // 4 * 4 + 4


def test_import__text_over_the_limit_is_refused(hncc, root, tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 100)
    source = tmp_path / "big.txt"
    source.write_text("KẾ HOẠCH\n" * 50, encoding="utf-8")
    result = hncc("import", source, "--root", root.path)
    assert result.exit_code == 1 and "quá giới hạn" in result.output


@pytest.mark.parametrize("written", ["due: 9999-12-31", "due: 1899-12-31"])
def test_model__dates_outside_the_years_hncc_reckons_with_are_refused(root, written):
    root.plan("p.yaml", PLAN.replace("    deadline: Quý II/2022\n",
                                     f"    deadline:\n      text: x\n      {written}\n"))
    problems = commands.check(root.data).problems
    assert [(p.code, p.line) for p in problems] == [("date-out-of-range", 14)]
    assert "1900–2200" in problems[0].message


def test_model__a_phrase_far_in_the_future_is_refused():
    with pytest.raises(ValidationError, match="1900–2200"):
        Deadline.model_validate({"text": "Năm 9999"})


# Dates (issue #7, item 5)

LEAP = """\
number: 9/KH-UBND
issuer: UBND Thành phố
date: 2023-01-05
title: KẾ HOẠCH NĂM NHUẬN
horizon: {start: 2023, end: 2024}
content:
  - ref: III.1
    kind: activity
    title: Báo cáo hằng năm
    lead: [Sở Văn hóa và Thể thao]
    deadline:
      text: Hàng năm (trước ngày 29/02)
      every_years: 1
      day: 29/02
  - ref: III.2
    kind: activity
    title: Tổng kết năm
    lead: [Sở Văn hóa và Thể thao]
    deadline: Quý IV/2023
"""


def test_dates__29_02_falls_on_28_02_in_a_common_year(root):
    root.plan("p.yaml", LEAP)
    dataset, problems = loader.load(root.data)
    assert not [p for p in problems if p.severity.name == "ERROR"], problems
    due = [t.due for t in queries.tasks(dataset, dt.date(2024, 1, 1)) if t.ref == "III.1"]
    assert due == [dt.date(2023, 2, 28), dt.date(2024, 2, 29)]


def test_dates__fourth_quarter_is_overdue_on_new_year(root):
    root.plan("p.yaml", LEAP)
    dataset = loader.load(root.data).dataset
    on_due = [t.ref for t in queries.overdue(dataset, dt.date(2023, 12, 31))]
    after = {t.ref: t.days_overdue for t in queries.overdue(dataset, dt.date(2024, 1, 1))}
    assert "III.2" not in on_due and after["III.2"] == 1


QUERY_COMMANDS = [["overdue"], ["upcoming"], ["tasks"], ["budget"], ["agencies"],
                  ["show", "9:III.1"], ["report", "--plan", "9"],
                  ["report", "--agency", "Sở Văn hóa và Thể thao"], ["calendar"]]


@pytest.mark.parametrize("day", ["1900-01-01", "2999-12-31"])
@pytest.mark.parametrize("args", QUERY_COMMANDS, ids=[" ".join(a) for a in QUERY_COMMANDS])
def test_dates__as_of_far_in_the_past_or_future_works(hncc, root, args, day):
    root.plan("p.yaml", LEAP)
    result = hncc(*args, "--as-of", day, "--root", root.path)
    if args[:2] == ["report", "--plan"] and day == "1900-01-01":  # a plan not issued by then
        assert result.exit_code == 2 and "sau ngày tính 01/01/1900" in result.stderr, result.output
        return
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("day", ["2023-02-29", "9999-12-31", "0001-01-01", "hôm qua"])
def test_dates__bad_as_of_is_a_usage_error_in_vietnamese(hncc, root, day):
    root.plan("p.yaml", LEAP)
    result = hncc("overdue", "--as-of", day, "--root", root.path)
    assert result.exit_code == 2
    assert "Giá trị không hợp lệ" in flat(result.output) and day in result.output


def test_dates__within_is_bounded(hncc, root):
    root.plan("p.yaml", LEAP)
    result = hncc("upcoming", "--within", "999999999", "--root", root.path)
    assert result.exit_code == 2 and "nhỏ hơn hoặc bằng 36500" in flat(result.output)


# No tracebacks (item 3)

def _run_main(monkeypatch, capsys, root, debug: bool):
    from hncc import cli

    def broken(*args, **kwargs):
        raise RuntimeError("hỏng có chủ ý")

    monkeypatch.setattr(commands, "check", broken)
    monkeypatch.setattr("sys.argv", ["hncc", "check", "--root", str(root.path)])
    if debug:
        monkeypatch.setenv("HNCC_DEBUG", "1")
    else:
        monkeypatch.delenv("HNCC_DEBUG", raising=False)
    cli.main()


def test_cli__internal_error_prints_a_short_note_and_exits_3(monkeypatch, capsys, root):
    with pytest.raises(SystemExit) as exit_:
        _run_main(monkeypatch, capsys, root, debug=False)
    err = capsys.readouterr().err
    assert exit_.value.code == 3
    assert "lỗi nội bộ" in err and "Hãy báo lỗi" in err and "HNCC_DEBUG=1" in err
    assert "Traceback" not in err


def test_cli__internal_error_with_debug_shows_the_traceback(monkeypatch, capsys, root):
    with pytest.raises(RuntimeError, match="hỏng có chủ ý"):
        _run_main(monkeypatch, capsys, root, debug=True)


# Templates (item 4): an override cannot read outside its folder

@pytest.mark.parametrize("target", ["../../etc/passwd", "/etc/passwd", "../data/agencies.yaml"])
@pytest.mark.parametrize("tag", ["include", "import"])
def test_templates__override_cannot_reach_outside_its_folder(hncc, root, target, tag):
    pytest.importorskip("hncc.render.templating")
    folder = root.path / "templates"
    folder.mkdir()
    (folder / "plan_report.md.j2").write_text(f'{{% {tag} "{target}" %}}\n', encoding="utf-8")
    root.plan("p.yaml", LEAP)
    result = hncc("report", "--plan", "9", "--as-of", "2024-01-01", "--root", root.path)
    assert result.exit_code == 1, result.output
    assert "Mẫu báo cáo" in result.output and "root:" not in result.output
    assert "Traceback" not in result.output


def test_check__json_is_valid_for_every_corpus_style_error(hncc, root):
    root.raw("p.yaml", b"a: \x07\n")
    result = hncc("check", "--root", root.path, "--format", "json")
    assert json.loads(result.stdout)["problems"][0]["line"] == 1


def test_template_override_that_links_outside_its_folder_is_refused(hncc, tmp_path):
    import shutil

    from tests.conftest import REPO

    project = tmp_path / "project"
    shutil.copytree(REPO / "data", project / "data")
    (project / "templates").mkdir()
    secret = tmp_path / "outside.txt"
    secret.write_text("BÍ MẬT", encoding="utf-8")
    (project / "templates" / "plan_report.md.j2").symlink_to(secret)
    result = hncc("report", "--plan", "102", "--as-of", "2023-12-15", "--root", project)
    assert result.exit_code == 1
    assert "BÍ MẬT" not in result.output and "ra ngoài thư mục mẫu" in result.output


# Lost updates (issue #15, item 1): every writer holds the folder's lock from read to write

ROUNDS = 50
CANONICAL_III_2 = "  - ref: III.2\n    kind: activity\n    title: Việc hai\n"
SHUFFLED_III_2 = "  - ref: III.2\n    title: Việc hai\n    kind: activity\n"


def _record_note(task: tuple[str, str]) -> tuple[str, str]:
    """One `hncc status` (the library call the command makes), in a worker process."""
    from hncc.edit import atomic
    from hncc.edit import status_edit as editing

    data, note = task
    update = editing.status_update(date=dt.date(2022, 5, 1), status="in_progress", note=note)
    try:
        editing.record_status(Path(data), "7:III.1", update)
    except (editing.EditRefused, atomic.WriteRefused) as error:
        return note, f"refused: {error}"
    return note, "ok"


def _format_plan(task: tuple[str, str]) -> tuple[str, str]:
    """One `hncc fmt` of the plan file, in a worker process."""
    from hncc.edit import atomic

    path, _ = task
    try:
        formatting.format_file(Path(path), Plan, write=True)
    except (formatting.CannotFormat, atomic.WriteRefused) as error:
        return "", f"refused: {error}"
    return "", "ok"


def _run_rounds(root, jobs) -> list[tuple[str, str]]:
    """ROUNDS rounds of the `jobs` (function, argument) started together in separate processes."""
    import multiprocessing

    path = root.data / "plans" / "p.yaml"
    outcomes: list[tuple[str, str]] = []
    with multiprocessing.get_context("fork").Pool(len(jobs(0))) as pool:
        for number in range(ROUNDS):
            text = path.read_text("utf-8")
            path.write_text(text.replace(CANONICAL_III_2, SHUFFLED_III_2), encoding="utf-8")
            pending = [pool.apply_async(function, (argument,)) for function, argument
                       in jobs(number)]
            outcomes += [result.get(timeout=60) for result in pending]
    return outcomes


def _assert_no_update_lost(root, outcomes: list[tuple[str, str]]) -> None:
    text = (root.data / "plans" / "p.yaml").read_text("utf-8")
    dataset, problems = loader.load(root.data)
    assert not [p for p in problems if p.severity.name == "ERROR"], problems
    notes = [u.note for u in dataset.plans[0].plan.by_ref["III.1"].status]
    for note, outcome in outcomes:
        if note and outcome == "ok":
            assert notes.count(note) == 1, (note, text)
        elif outcome != "ok":
            assert "hncc" in outcome or "Tệp" in outcome, outcome  # refused with a message
    assert sorted(notes) == sorted(n for n, o in outcomes if n and o == "ok")


def test_lock__four_simultaneous_status_runs_lose_no_update(root):
    root.plan("p.yaml", PLAN)
    data = str(root.data)
    outcomes = _run_rounds(root, lambda n: [(_record_note, (data, f"r{n}-{i}")) for i in range(4)])
    _assert_no_update_lost(root, outcomes)
    assert sum(o == "ok" for _, o in outcomes) > ROUNDS  # the lock waits: most runs succeed


def test_lock__status_and_fmt_together_lose_no_update(root):
    path = root.plan("p.yaml", PLAN)
    data = str(root.data)
    outcomes = _run_rounds(root, lambda n: [
        (_record_note, (data, f"r{n}-a")), (_format_plan, (str(path), "")),
        (_record_note, (data, f"r{n}-b")), (_format_plan, (str(path), ""))])
    _assert_no_update_lost(root, outcomes)
    assert SHUFFLED_III_2 not in path.read_text("utf-8")  # fmt did run


def _hold_lock(folder: str, held, release) -> None:
    from hncc.edit import atomic

    with atomic.locked(Path(folder)):
        held.set()
        release.wait(30)


def test_lock__a_writer_that_waits_too_long_is_refused_with_a_message(hncc, root, monkeypatch):
    import multiprocessing

    from hncc.edit import atomic

    root.plan("p.yaml", PLAN)
    before = root.snapshot()
    context = multiprocessing.get_context("fork")
    held, release = context.Event(), context.Event()
    holder = context.Process(target=_hold_lock, args=(str(root.data / "plans"), held, release))
    holder.start()
    try:
        assert held.wait(30)
        monkeypatch.setattr(atomic, "LOCK_WAIT", 0.2)
        result = hncc("status", "7:III.1", "done", "--date", "2022-05-01", "--root", root.path)
        formatted = hncc("fmt", "--root", root.path)
    finally:
        release.set()
        holder.join(30)
    assert result.exit_code == 1 and "Một lệnh hncc khác đang ghi" in result.stderr
    assert formatted.exit_code == 1 and "Một lệnh hncc khác đang ghi" in formatted.stderr
    assert root.snapshot() == before


# Impossible deadlines and amounts are problems with a line, never a crash (items 3 and 8)

EVERY_COMMAND = [["check", "--strict"], ["overdue", "--as-of", "2024-01-01"],
                 ["upcoming", "--as-of", "2022-06-01"], ["tasks"], ["budget"], ["agencies"],
                 ["show", "7:III.1"], ["report", "--plan", "7", "--as-of", "2024-01-01"],
                 ["calendar", "--as-of", "2024-01-01"], ["fmt", "--check"]]


def _no_command_crashes(hncc, root) -> None:
    for args in EVERY_COMMAND:
        result = hncc(*args, "--root", root.path)
        assert result.exit_code in (0, 1, 2), (args, result.output)
        assert "lỗi nội bộ" not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("day", ["31/04", "30/02", "31/06", "32/01", "00/01", "15/13"])
def test_deadline__impossible_day_in_a_yearly_phrase_is_a_problem_at_its_line(hncc, root, day):
    root.plan("p.yaml", PLAN.replace("    deadline: Hàng năm\n",
                                     f'    deadline: "Hàng năm (trước ngày {day})"\n'))
    result = hncc("check", "--root", root.path, "--format", "json")
    problems = json.loads(result.stdout)["problems"]
    assert result.exit_code == 1
    assert [(p["code"], p["line"], p["file"].endswith("p.yaml")) for p in problems] == [
        ("deadline-invalid", 17, True)]
    assert "không có thật" in problems[0]["message"] or "không có tháng" in problems[0]["message"]
    _no_command_crashes(hncc, root)


@pytest.mark.parametrize(("written", "says"), [
    ("Năm 2025-2022", "năm kết thúc 2022 đứng trước năm bắt đầu 2025"),
    ("Tháng 11-10/2023", "tháng kết thúc 10 đứng trước tháng bắt đầu 11"),
    ("vào tháng 11-10 hàng năm", "đi ngược"),
    ("vào tháng 12-1 hàng năm", "vắt qua năm mới"),
    ("0 năm/01 lần", "không bao giờ đến hạn"),
    ("Tháng 13/2023", "không có tháng 13"),
    ("ngày 31/04/2023", "ngày 31/04/2023 không có thật"),
])
def test_deadline__reversed_or_never_due_phrase_is_a_problem(hncc, root, written, says):
    root.plan("p.yaml", PLAN.replace("    deadline: Hàng năm\n", f"    deadline: {written}\n"))
    problems = commands.check(root.data).problems
    assert [(p.code, p.line) for p in problems] == [("deadline-invalid", 17)]
    assert says in problems[0].message
    _no_command_crashes(hncc, root)


@pytest.mark.parametrize("structured", [
    "{text: x, start: 2025-01-01, due: 2022-01-01}",
    "{text: Hàng năm, every_years: 1, first_year: 2024, last_year: 2022}",
    "{text: x, every_years: 1, window_start: 01/12, day: 31/01}",
])
def test_deadline__contradicting_structured_fields_are_a_problem(hncc, root, structured):
    root.plan("p.yaml", PLAN.replace("    deadline: Hàng năm\n", f"    deadline: {structured}\n"))
    problems = commands.check(root.data).problems
    assert [(p.code, p.line) for p in problems] == [("deadline-invalid", 17)]
    _no_command_crashes(hncc, root)


def test_deadline__impossible_phrase_with_a_structured_value_keeps_the_value(root):
    root.plan("p.yaml", PLAN.replace(
        "    deadline: Hàng năm\n",
        "    deadline:\n      text: vào tháng 12-1 hàng năm\n      every_years: 1\n      day: 31/01\n"))
    dataset, problems = loader.load(root.data)
    assert not [p for p in problems if p.severity.name == "ERROR"], problems
    due = [t.due for t in queries.tasks(dataset, dt.date(2025, 1, 1)) if t.ref == "III.2"]
    assert due == [dt.date(2022, 1, 31), dt.date(2023, 1, 31), dt.date(2024, 1, 31)]


def test_calendar__a_yearly_window_ends_after_it_starts(hncc, root):
    root.plan("p.yaml", PLAN.replace("    deadline: Hàng năm\n",
                                     "    deadline: vào tháng 10-11 hàng năm\n"))
    result = hncc("calendar", "--as-of", "2022-01-10", "--root", root.path)  # the plan's date
    assert result.exit_code == 0
    from icalendar import Calendar

    events = [e for e in Calendar.from_ical(result.stdout).walk("VEVENT")
              if "III.2" in str(e.get("summary"))]
    assert events and all(e.decoded("dtend") > e.decoded("dtstart") for e in events)


@pytest.mark.parametrize(("amount", "says"), [
    ('"-5"', "là số âm"), ('"-0.5"', "là số âm"), ('"1E+5000"', "lớn hơn"),
    ('"1E+9999999"', "lớn hơn"), ('"' + "9" * 4400 + '"', "lớn hơn"),
    ('"1E-5000"', "nhỏ hơn một đồng"), ('"0.0000000001"', "nhỏ hơn một đồng"),
])
def test_budget__impossible_amount_is_a_problem_at_its_line(hncc, root, amount, says):
    root.plan("p.yaml", PLAN.replace("      budget: 6 tỷ\n",
                                     f"      budget:\n        text: x\n        amount: {amount}\n"))
    problems = commands.check(root.data).problems
    assert [(p.code, p.line) for p in problems] == [("budget-invalid", 26)]
    assert says in problems[0].message and len(problems[0].message) < 400
    _no_command_crashes(hncc, root)


@pytest.mark.parametrize("split", ["{2022: '-1'}", "{2022: '1E+5000'}"])
def test_budget__impossible_amount_in_a_split_is_a_problem(root, split):
    root.plan("p.yaml", PLAN.replace("      budget: 6 tỷ\n",
                                     f"      budget:\n        text: 6 tỷ\n        split: {split}\n"))
    assert [p.code for p in commands.check(root.data).problems] == ["budget-invalid"]


def test_budget__a_phrase_with_thousands_of_digits_is_a_problem(hncc, root):
    root.plan("p.yaml", PLAN.replace("      budget: 6 tỷ\n", f'      budget: "{"1" * 5000} tỷ"\n'))
    problems = commands.check(root.data).problems
    assert [(p.code, p.line) for p in problems] == [("budget-invalid", 24)]
    _no_command_crashes(hncc, root)


# Deep nesting never reaches the C parser (item 4)

def _run_cli(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    import os
    import sys

    env = {k: v for k, v in os.environ.items() if k != "HNCC_DEBUG"}
    return subprocess.run([sys.executable, "-m", "hncc", *args], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=cwd)


@pytest.mark.parametrize("command", [["check"], ["overdue", "--as-of", "2024-01-01"], ["fmt"]])
def test_yaml__100000_brackets_are_refused_without_a_crash(root, command):
    root.plan("p.yaml", PLAN)
    root.raw("deep.yaml", b"a: " + b"[" * 100_000 + b"]" * 100_000 + b"\n")
    done = _run_cli(*command, "--root", str(root.path), cwd=root.path)
    assert done.returncode == 1, (done.returncode, done.stderr[-2000:])
    said = "bỏ qua tệp data/plans/deep.yaml" if command[0] == "overdue" else "lồng nhau quá 40 cấp"
    assert said in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_yaml__deep_indentation_is_refused_at_its_line():
    text = "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 60)) + "  " * 60 + "x\n"
    with pytest.raises(yamlio.YamlSyntaxError) as caught:
        yamlio.parse(text)
    assert caught.value.code == "too-deep" and caught.value.line == 41


def test_yaml__brackets_inside_quoted_text_are_not_nesting():
    data = yamlio.parse('title: "' + "[" * 200 + '"\n')
    assert data == {"title": "[" * 200}


# Markup from the data stays text (item 7)

HOSTILE_PLAN = PLAN.replace(
    "number: 7/KH-UBND\n",
    'number: "7/KH-UBND\\n# Tiêu đề giả"\nkind: "<script>alert(1)</script>"\n'
    "source:\n  document: \"a`b``c.txt\"\n",
).replace(
    "    title: Việc một\n", '    title: "Việc ![ảnh](http://evil.example/x.png) <b>một</b> %% ẩn"\n',
).replace(
    "  - ref: III.2\n", '  - ref: "section Evil"\n',
).replace(
    "    title: Việc hai\n", '    title: "*nghiêng* [liên kết](http://evil.example) `mã` ~~gạch~~ &amp;"\n',
)


def _markdown_tokens(text: str) -> list:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)
    return [t for token in tokens for t in [token, *(token.children or [])]]


def test_report__markup_in_the_data_stays_text(hncc, root):
    root.plan("p.yaml", HOSTILE_PLAN)
    result = hncc("report", "--plan", "7", "--as-of", "2023-01-01", "--root", root.path)
    assert result.exit_code == 0, result.output
    report = result.stdout
    tokens = _markdown_tokens(report)
    # The one HTML a report writes itself: <br> for a line break inside a table cell.
    kinds = {t.type for t in tokens if not (t.type == "html_inline" and t.content == "<br>")}
    assert not kinds & {"html_inline", "html_block", "image", "link_open", "em_open", "s_open"}
    headings = [t for t in tokens if t.type == "heading_open" and t.tag == "h1"]
    assert len(headings) == 1
    code = [t.content for t in tokens if t.type == "code_inline"]
    assert "a`b``c.txt" in code
    chart = report.split("```mermaid", 1)[1].split("```", 1)[0]
    sections = [line.strip() for line in chart.splitlines() if line.strip().startswith("section")]
    assert len(sections) == len(set(sections)) and not any("Evil" in s for s in sections)
    assert "%%" not in chart and "\u200bsection Evil" in chart


@pytest.mark.parametrize("fmt", ["md", "table"])
def test_tables__markup_and_escapes_in_the_data_stay_text(hncc, root, fmt):
    root.plan("p.yaml", PLAN.replace("    title: Việc hai\n",
                                     '    title: "<img src=x> [red]đỏ[/red] \\e]0;pwned\\a \\e[2J'
                                     ' \\x9b31m"\n'))
    result = hncc("tasks", "--format", fmt, "--root", root.path)
    assert result.exit_code == 0
    assert not any(c in result.stdout for c in "\x1b\x07\x9b")
    if fmt == "md":
        assert "<img" not in result.stdout and "&lt;img" in result.stdout
    else:
        assert "\\x1b]0;pwned\\x07" in result.stdout and "[red]đỏ[/red]" in result.stdout


@pytest.mark.parametrize("terminal", [False, True], ids=["piped", "terminal"])
def test_show_and_overdue__escape_sequences_reach_no_terminal(root, terminal):
    from hncc.render import tables, views

    root.plan("p.yaml", PLAN.replace("    title: Việc hai\n",
                                     '    title: "Việc \\e]0;x\\a hai [bold]đậm[/bold]"\n'))
    dataset, _ = loader.load(root.data)
    day = dt.date(2024, 1, 1)
    for shown in (views.show_tables(queries.show(dataset, "7:III.2", day)),
                  [views.overdue_table(queries.overdue(dataset, day), day)]):
        text = tables.render(shown, "table", terminal=terminal, color=terminal, width=200)
        assert "\x1b]0" not in text and "\x07" not in text
        assert "\\x1b]0;x\\x07" in text and "[bold]đậm[/bold]" in text


# Templates within limits (item 11)

TEMPLATE_BOMBS = {
    "nested loops": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}"
                    "{% endfor %}",
    "huge string": "{{ 'x' * 10**9 }}",
    "huge power": "{{ 2 ** (10 ** 9) }}",
    "huge format width": "{{ '%999999999d' % 1 }}",
    "huge range": "{% for i in range(10**9) %}{% endfor %}",
    "recursion": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "huge output": "{% for i in range(100000) %}{{ 'x' * 900000 }}{% endfor %}",
    "division by zero": "{{ 1 / 0 }}",
}


def _plan_report_with(hncc, root, template: str):
    """`hncc report --plan 9` with the project's own plan_report.md.j2 (`template`)."""
    folder = root.path / "templates"
    folder.mkdir()
    (folder / "plan_report.md.j2").write_text(template, encoding="utf-8")
    root.plan("p.yaml", LEAP)
    return hncc("report", "--plan", "9", "--as-of", "2024-01-01", "--root", root.path)


@pytest.mark.parametrize("body", TEMPLATE_BOMBS.values(), ids=TEMPLATE_BOMBS.keys())
def test_templates__bombs_are_template_problems(hncc, root, body):
    result = _plan_report_with(hncc, root, body + "\n")
    assert result.exit_code == 1, result.output[-500:]
    assert "Mẫu báo cáo" in result.stderr and "plan_report.md.j2" in result.stderr


@pytest.mark.parametrize(("body", "said"), [
    ("{% for i in range(10**9) %}{% endfor %}", "range có hơn 1.000.000 số"),
    ("{{ 'x' * 10**9 }}", "hơn 1.000.000 phần tử"),
    ("{% for i in range(100000) %}{{ 'x' * 900000 }}{% endfor %}", "dài quá 200.000.000 ký tự"),
])
def test_templates__limits_are_written_with_vietnamese_thousands_dots(hncc, root, body, said):
    result = _plan_report_with(hncc, root, body + "\n")
    assert result.exit_code == 1 and said in result.stderr, result.stderr


def test_templates__a_range_under_the_limit_is_not_refused_in_english(hncc, root):
    # Jinja's sandbox refuses range() over 100,000 in English; hncc's limit is its own.
    result = _plan_report_with(hncc, root, "{% for i in range(200000) %}{% endfor %}done\n")
    assert result.exit_code == 0 and result.stdout == "done\n", result.stderr


def test_templates__a_loop_that_calls_nothing_is_stopped_by_the_clock(hncc, root, monkeypatch):
    from hncc.render import templating

    monkeypatch.setattr(templating, "MAX_SECONDS", 1.0)
    result = _plan_report_with(
        hncc, root,
        "{% set s = 'x' * 999999 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}\n")
    assert result.exit_code == 1 and "mẫu chạy quá 1 giây" in result.stderr


@pytest.mark.parametrize("call", ["report.plan.model_validate({})", "report.plan.model_dump()",
                                  "report.plan.model_copy()", "report.plan.copy()",
                                  "report.plan.model_fields", "report.plan.__class__"])
def test_templates__pydantic_methods_are_not_reachable(hncc, root, call):
    result = _plan_report_with(hncc, root, "{{ " + call + " }}\n")
    assert result.exit_code == 1 and "Mẫu báo cáo" in result.stderr


def test_templates__fields_and_properties_of_the_model_stay_reachable(hncc, root):
    result = _plan_report_with(
        hncc, root, "{{ report.plan.number }} {{ report.plan.years }} {{ report.plan.key }}\n")
    assert result.exit_code == 0 and result.stdout == "9/KH-UBND (2023, 2024) 9/KH-UBND@2023\n"


# Special files: never read, never hang (item 9)

@pytest.mark.parametrize("special", ["/dev/zero", "link to /dev/zero", "fifo", "folder"])
def test_import__special_files_are_refused_at_once(hncc, root, tmp_path, alarm, special):
    import os

    source = tmp_path / "source.txt"
    if special == "/dev/zero":
        source = Path("/dev/zero")
    elif special == "link to /dev/zero":
        source.symlink_to("/dev/zero")
    elif special == "fifo":
        os.mkfifo(source)
    else:
        source.mkdir()
    result = hncc("import", source, "--root", root.path)
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output
    if special != "folder":  # a folder is refused by the option parser (exit 2)
        assert "không phải một tệp" in result.stderr


@pytest.mark.parametrize("special", ["fifo", "folder"])
@pytest.mark.parametrize("check", [True, False])
def test_fmt__fifo_or_folder_named_like_a_plan_is_reported_and_the_rest_formatted(
        hncc, root, alarm, special, check):
    import os

    root.plan("p.yaml", PLAN.replace("    kind: activity\n    title: Việc hai\n",
                                     "    title: Việc hai\n    kind: activity\n"))
    odd = root.data / "plans" / "x.yaml"
    os.mkfifo(odd) if special == "fifo" else odd.mkdir()
    result = hncc("fmt", *(["--check"] if check else []), "--root", root.path)
    assert result.exit_code == 1
    assert "x.yaml" in result.stderr and "không phải một tệp" in result.stderr
    assert "p.yaml" in result.stdout  # the plan after it was still formatted (or listed)


def test_fmt__file_outside_the_project_is_a_usage_error(hncc, root, tmp_path):
    outside = tmp_path / "x.yaml"
    outside.write_text("a: 1\n", encoding="utf-8")
    result = hncc("fmt", "--check", outside, "--root", root.path)
    assert result.exit_code == 2 and "nằm ngoài dự án" in result.stderr


# A file name with a line break in git history (item 10)

def test_diff__file_name_with_a_line_break_in_history(hncc, root):
    git = ["git", "-C", str(root.path), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    root.plan("p.yaml", PLAN)
    root.plan("evil\nname.yaml", PLAN.replace("7/KH-UBND", "8/KH-UBND"))
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "data"], check=True)
    root.plan("p.yaml", PLAN.replace("Quý II/2022", "Quý III/2022"))
    result = hncc("diff", "HEAD", "--format", "json", "--root", root.path)
    assert result.exit_code == 0, result.output
    assert "Quý III/2022" in result.stdout and "8/KH-UBND" not in result.stdout
    old = hncc("diff", "HEAD", "HEAD", "--root", root.path)
    assert old.exit_code == 0 and "Traceback" not in old.output


# Write errors are user errors naming the file (item 12)

def _failing(monkeypatch, code: int, where: str = "replace") -> None:
    import errno
    import os

    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, where, refuse)
    assert errno.errorcode[code]


@pytest.mark.parametrize(("code", "says"), [(28, "ổ đĩa đã đầy"), (13, "không có quyền ghi")])
def test_status__write_error_is_a_user_error_with_the_path(hncc, root, monkeypatch, code, says):
    path = root.plan("p.yaml", PLAN)
    before = root.snapshot()
    _failing(monkeypatch, code)
    result = hncc("status", "7:III.1", "done", "--date", "2022-05-01", "--root", root.path)
    assert result.exit_code == 1 and says in result.stderr and str(path) in result.stderr
    assert "lỗi nội bộ" not in result.stderr
    assert root.snapshot() == before


def test_fmt__continues_past_a_file_it_cannot_write(hncc, root, monkeypatch):
    from hncc.edit import atomic

    shuffled = PLAN.replace("    kind: activity\n    title: Việc hai\n",
                            "    title: Việc hai\n    kind: activity\n")
    root.plan("a.yaml", shuffled)
    root.plan("b.yaml", shuffled.replace("7/KH-UBND", "8/KH-UBND"))
    real = atomic._replace

    def full_for_a(path, data, old):
        if path.name == "a.yaml":
            raise atomic.CannotWrite(path, "ổ đĩa đã đầy", 28)
        real(path, data, old)

    monkeypatch.setattr(atomic, "_replace", full_for_a)
    result = hncc("fmt", "--root", root.path)
    assert result.exit_code == 1 and "a.yaml" in result.stderr and "ổ đĩa đã đầy" in result.stderr
    assert "b.yaml: đã định dạng lại" in result.stdout


def test_schema__write_error_leaves_no_empty_folder(hncc, root, monkeypatch, tmp_path):
    target = tmp_path / "new" / "schema"
    _failing(monkeypatch, 28)
    result = hncc("schema", "--output-dir", target, "--root", root.path)
    assert result.exit_code == 1 and "ổ đĩa đã đầy" in result.stderr
    assert not (tmp_path / "new").exists()


def test_import__write_error_is_a_user_error(hncc, root, monkeypatch, tmp_path):
    from tests.conftest import REPO

    source = REPO / "data" / "sources" / "002_7a0329d468c6a074.txt"
    _failing(monkeypatch, 13)
    result = hncc("import", source, "--output", root.data / "plans" / "new.yaml", "--root", REPO)
    assert result.exit_code == 1 and "không có quyền ghi" in result.stderr
    assert not (root.data / "plans" / "new.yaml").exists()


# Atomic writes keep what they should, and leave nothing behind (item 13)

def test_status__read_only_file_is_refused_and_untouched(hncc, root):
    path = root.plan("p.yaml", PLAN)
    path.chmod(0o444)
    before = root.snapshot()
    result = hncc("status", "7:III.1", "done", "--date", "2022-05-01", "--root", root.path)
    assert result.exit_code == 1 and "chỉ cho đọc" in result.stderr
    assert root.snapshot() == before and path.stat().st_mode & 0o777 == 0o444


def test_status__keeps_the_group_and_mode_of_the_file(hncc, root):
    import grp
    import os

    groups = [g for g in os.getgroups() if g != os.getegid()] or \
        ([grp.getgrnam("nogroup").gr_gid] if os.geteuid() == 0 else [])
    if not groups:
        pytest.skip("no second group to give the file")
    path = root.plan("p.yaml", PLAN)
    os.chown(path, -1, groups[0])
    path.chmod(0o664)
    result = hncc("status", "7:III.1", "done", "--date", "2022-05-01", "--root", root.path)
    assert result.exit_code == 0, result.output
    assert (path.stat().st_gid, path.stat().st_mode & 0o777) == (groups[0], 0o664)


def test_status__temporary_files_of_a_killed_writer_are_cleaned_and_ignored_by_git(hncc, root):
    root.plan("p.yaml", PLAN)
    stale = root.data / "plans" / ".p.yaml.k1ll3d.tmp"
    stale.write_text("half", encoding="utf-8")
    result = hncc("status", "7:III.1", "done", "--date", "2022-05-01", "--root", root.path)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (root.data / "plans").iterdir()) == ["p.yaml"]
    from tests.conftest import REPO

    ignored = (REPO / ".gitignore").read_text("utf-8").splitlines()
    assert ".*.tmp" in ignored and ".hncc.lock" in ignored


# `check` names every problem of a file at once; queries say what they left out (item 15)

AGENCIES_TEXT = dedent(AGENCIES).encode("utf-8")
THREE_PROBLEMS = PLAN.replace("    lead: [Sở Văn hóa và Thể thao]\n    cooperating:",
                              "    lead_agncy: [Sở Văn hóa và Thể thao]\n    cooperating:") \
    .replace("deadline: Hàng năm", "deadline: Quý V/2022") \
    .replace("lead: [Sở Ngoại Vụ]", "lead: [Sở Không Có Thật]")


def test_check__reports_every_problem_of_a_file_in_one_run(hncc, root):
    root.plan("p.yaml", THREE_PROBLEMS)
    result = hncc("check", "--root", root.path, "--format", "json")
    found = {(p["code"], p["line"]) for p in json.loads(result.stdout)["problems"]}
    assert result.exit_code == 1
    assert found == {("unknown-field", 10), ("deadline-unreadable", 17), ("unknown-agency", 16)}


def test_check__unknown_agency_of_a_broken_plan_in_memory_is_read_from_memory(root):
    path = root.plan("p.yaml", PLAN)
    _, problems = loader.load(root.data, {root.data / "agencies.yaml": AGENCIES_TEXT,
                                      path: THREE_PROBLEMS.encode("utf-8")})
    assert {p.code for p in problems} == {"unknown-field", "deadline-unreadable",
                                                  "unknown-agency"}


def test_check__hint_shows_single_braces(root):
    root.plan("p.yaml", PLAN.replace("deadline: Hàng năm", "deadline: Quý V/2022"))
    (problem,) = commands.check(root.data).problems
    assert "deadline: {text: …, due: 2023-12-31}" in problem.message and "{{" not in problem.message


@pytest.mark.parametrize(("args", "shown"), [
    (["overdue", "--as-of", "2024-01-01"], "7/KH-UBND"), (["tasks"], "7/KH-UBND"),
    (["budget"], "6 tỷ"), (["upcoming", "--as-of", "2023-12-15"], "7/KH-UBND")])
def test_queries__a_plan_left_out_is_named_and_the_exit_code_is_1(hncc, root, args, shown):
    root.plan("a.yaml", PLAN)
    root.plan("b.yaml", PLAN.replace("7/KH-UBND", "8/KH-UBND").replace("Hàng năm", "Quý V/2022"))
    result = hncc(*args, "--root", root.path)
    assert result.exit_code == 1
    assert "bỏ qua tệp" in result.stderr and "b.yaml" in result.stderr
    assert shown in result.stdout  # what could be read is still shown


@pytest.mark.parametrize("args", [
    ["report", "--plan", "8"], ["show", "8:III.1"], ["overdue", "--plan", "8"],
    ["tasks", "--plan", "8"],
])
def test_queries__a_name_in_a_plan_left_out_exits_1_and_says_where_it_may_be(hncc, root, args):
    # Plan 8 is in b.yaml, left out for its errors: "no plan 8" is not the user's mistake
    # (exit 2) but the data's (exit 1), and the message says where it may be.
    root.plan("a.yaml", PLAN)
    root.plan("b.yaml", PLAN.replace("7/KH-UBND", "8/KH-UBND").replace("Hàng năm", "Quý V/2022"))
    result = hncc(*args, "--as-of", "2024-01-01", "--root", root.path)
    assert result.exit_code == 1, result.stderr
    assert "bỏ qua tệp" in result.stderr and "b.yaml" in result.stderr
    assert "Có thể nó nằm trong tệp bị bỏ qua vì có lỗi" in result.stderr


def test_queries__an_unknown_name_with_no_file_left_out_is_wrong_usage(hncc, root):
    root.plan("a.yaml", PLAN)
    result = hncc("report", "--plan", "8", "--as-of", "2024-01-01", "--root", root.path)
    assert result.exit_code == 2 and "Không có kế hoạch “8”" in result.stderr
    assert "bỏ qua" not in result.stderr


def test_queries__errors_that_leave_no_file_out_keep_exit_0(hncc, root):
    root.plan("a.yaml", PLAN.replace("lead: [Sở Ngoại Vụ]", "lead: [Sở Không Có Thật]"))
    result = hncc("overdue", "--as-of", "2024-01-01", "--root", root.path)
    assert result.exit_code == 0 and "dữ liệu có 1 lỗi" in result.stderr
    assert "bỏ qua tệp" not in result.stderr


# Settings (item 16)

@pytest.mark.parametrize(("written", "limit"), [("5MB", 5 * 1024 * 1024), ("5 MiB", 5 * 1024 * 1024),
                                                 ("512k", 512 * 1024), ("1000", 1000)])
def test_settings__max_file_bytes_is_read_with_units(written, limit):
    assert files.file_size(written) == limit


@pytest.mark.parametrize(("written", "says"), [("5MB", None), ("năm MB", "không phải một cỡ tệp"),
                                               ("-1", "không phải một cỡ tệp")])
def test_settings__bad_max_file_bytes_is_a_message_not_a_traceback(root, written, says):
    import os
    import sys

    env = {**os.environ, "HNCC_MAX_FILE_BYTES": written}
    for args in (["--help"], ["check", "--root", str(root.path)]):
        done = subprocess.run([sys.executable, "-m", "hncc", *args], capture_output=True,
                              text=True, env=env, timeout=60)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        if says and args[0] == "check":
            assert says in done.stderr and "HNCC_MAX_FILE_BYTES" in done.stderr


# Status edits with guards (item 17)

def test_status__a_date_after_today_is_refused(hncc, root, monkeypatch):
    from hncc.edit import status_edit

    root.plan("p.yaml", PLAN)
    before = root.snapshot()
    monkeypatch.setattr(status_edit, "today_in_vietnam", lambda: dt.date(2026, 12, 1))
    result = hncc("status", "7:III.2", "done", "--date", "2030-01-01", "--year", "2023",
                  "--root", root.path)
    assert result.exit_code == 1 and "ở sau hôm nay (01/12/2026)" in result.stderr
    assert root.snapshot() == before


def test_status__today_is_injectable_in_the_library(root):
    from hncc.edit import status_edit as editing

    root.plan("p.yaml", PLAN)
    update = editing.status_update(date=dt.date(2023, 5, 2), status="done", year=2023)
    with pytest.raises(editing.EditRefused, match="ở sau hôm nay"):
        editing.record_status(root.data, "7:III.2", update, today=dt.date(2023, 5, 1))
    editing.record_status(root.data, "7:III.2", update, today=dt.date(2023, 5, 2))


def test_status__a_year_outside_the_entry_is_refused(hncc, root):
    root.plan("p.yaml", PLAN)
    result = hncc("status", "7:III.2", "done", "--date", "2023-01-01", "--year", "2030",
                  "--root", root.path)
    assert result.exit_code == 1 and "Năm 2030 không phải một kỳ" in result.stderr


def test_status__the_same_update_twice_is_refused(hncc, root):
    root.plan("p.yaml", PLAN)
    args = ("status", "7:III.1", "done", "--date", "2022-05-01", "--note", "xong", "--root",
            root.path)
    assert hncc(*args).exit_code == 0
    before = root.snapshot()
    again = hncc(*args)
    assert again.exit_code == 1 and "đã có đúng cập nhật này" in again.stderr
    assert root.snapshot() == before
    other = hncc("status", "7:III.1", "done", "--date", "2022-05-01", "--note", "xong hẳn",
                 "--root", root.path)
    assert other.exit_code == 0  # another note on the same day is another update


def test_check_strict__reports_duplicate_and_future_updates(hncc, root, monkeypatch):
    from hncc.data import checks

    monkeypatch.setattr(checks, "today_in_vietnam", lambda: dt.date(2026, 12, 1))
    root.plan("p.yaml", PLAN.replace("    deadline: Quý II/2022\n", """\
    deadline: Quý II/2022
    status:
      - date: 2022-05-01
        status: done
      - date: 2022-05-01
        status: done
      - date: 2030-01-01
        status: done
"""))
    plain = hncc("check", "--root", root.path)
    assert plain.exit_code == 0
    strict = hncc("check", "--strict", "--root", root.path, "--format", "json")
    found = [(p["code"], p["line"]) for p in json.loads(strict.stdout)["problems"]]
    assert strict.exit_code == 1
    assert ("status-duplicate", 16) in found and ("status-future", 18) in found


def test_budget__an_unquoted_huge_float_is_a_problem_without_a_python_warning(root):
    root.plan("p.yaml", PLAN.replace("      budget: 6 tỷ\n", "      budget: {text: x, amount: 1E+5000}\n"))
    for command in (["check"], ["fmt", "--check"]):
        done = _run_cli(*command, "--root", str(root.path), cwd=root.path)
        assert done.returncode == 1 and "Warning" not in done.stderr, done.stderr
    said = _run_cli("check", "--root", str(root.path), cwd=root.path).stdout
    assert "float-amount" in said and "Số tiền quá lớn được đọc" in said
    assert " inf " not in said  # Python's word for it


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
@pytest.mark.parametrize("command", [["--version"], ["overdue", "--as-of", "2024-01-01"],
                                     ["tasks", "--format", "json"]])
def test_output__a_full_disk_is_said_in_vietnamese_with_exit_1_not_as_a_bug(root, command):
    import os
    import sys

    root.plan("p.yaml", PLAN)
    env = {k: v for k, v in os.environ.items() if k != "HNCC_DEBUG"}
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "hncc", "--root", str(root.path), *command],
                              stdout=full, stderr=subprocess.PIPE, text=True, env=env,
                              timeout=60)
    assert done.returncode == 1, done.stderr
    assert "ổ đĩa đã đầy" in done.stderr
    assert "lỗi nội bộ" not in done.stderr and "Traceback" not in done.stderr
