"""Hostile input and odd dates: positions for every YAML error, limits, no tracebacks, leap days."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from hncc import api as commands
from hncc.data import loader, yamlio
from hncc.data.model import Deadline, Plan
from hncc.edit import fmt as formatting
from hncc.queries import tasks as queries
from tests.conftest import PLAN, flat


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
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 100)
    with pytest.raises(formatting.CannotFormat, match="quá giới hạn"):
        formatting.format_file(path, Plan, write=True)


def test_fmt__impossible_date_is_a_message_not_a_crash(hncc, root):
    root.plan("p.yaml", PLAN.replace("date: 2022-01-10", "date: 2023-02-31"))
    before = root.snapshot()
    result = hncc("fmt", "--root", root.path)
    assert result.exit_code == 1 and "ngày không có thật" in result.output
    assert root.snapshot() == before


def test_status__skips_a_plan_file_over_the_limit(hncc, root):
    root.plan("p.yaml", PLAN)
    huge = root.raw("huge.yaml", b"- x\n" * (loader.MAX_FILE_BYTES // 4 + 1))
    result = hncc("status", "7:III.1", "done", "--date", "2022-05-01", "--root", root.path)
    assert result.exit_code == 0, result.output
    assert huge.stat().st_size == loader.MAX_FILE_BYTES // 4 * 4 + 4


def test_import__text_over_the_limit_is_refused(hncc, root, tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 100)
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
    dataset = loader.load(root.data)
    assert not [p for p in dataset.problems if p.severity.name == "ERROR"], dataset.problems
    due = [t.due for t in queries.tasks(dataset, dt.date(2024, 1, 1)) if t.ref == "III.1"]
    assert due == [dt.date(2023, 2, 28), dt.date(2024, 2, 29)]


def test_dates__fourth_quarter_is_overdue_on_new_year(root):
    root.plan("p.yaml", LEAP)
    dataset = loader.load(root.data)
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
    dataset = loader.load(root.data)
    assert not [p for p in dataset.problems if p.severity.name == "ERROR"], dataset.problems
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
