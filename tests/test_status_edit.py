"""`hncc status`: an appended status update is the only change in the file."""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata

import pytest

from hncc.data import loader
from hncc.edit import atomic
from hncc.edit import status_edit as editing

PLAN_WITH_COMMENTS = """\
# yaml-language-server: $schema=../../schema/plan.schema.json
number: 7/KH-UBND
issuer: UBND Thành phố
date: 2022-01-10
title: KẾ HOẠCH THỬ
horizon: {start: 2022, end: 2024}
content:
  # the first activity
  - ref: III.1
    kind: activity
    title: 'Việc một'                  # quoted on purpose
    lead: [Sở Văn hóa và Thể thao]
    deadline: Quý II/2022  # "Quý II/2022" in the source
    # a comment inside the item, after its last key

  # --- the next item ---
  - ref: III.2
    kind: activity
    title: Việc hai
    lead: [Sở Ngoại Vụ]
    deadline: Hàng năm
    status:
      - date: 2022-12-20
        status: done
        year: 2022   # the first year
    note: ghi chú của người nhập liệu
"""


@pytest.fixture
def plan(root):
    return root.plan("2022-7-KH-UBND.yaml", PLAN_WITH_COMMENTS)


def diff_lines(old: str, new: str) -> tuple[list[str], list[str]]:
    """(removed, added) lines between two texts."""
    lines = list(difflib.ndiff(old.splitlines(), new.splitlines()))
    removed = [line[2:] for line in lines if line.startswith("- ")]
    return removed, [line[2:] for line in lines if line.startswith("+ ")]


def test_status__new_key_is_the_only_addition(hncc, root, plan):
    result = hncc("status", "7:III.1", "done", "--date", "2023-11-20", "--note", "Đã xong: tốt",
                  "--evidence", "Quyết định số 1234/QĐ-UBND", "--root", root.path)
    assert result.exit_code == 0, result.output
    removed, added = diff_lines(PLAN_WITH_COMMENTS, plan.read_text(encoding="utf-8"))
    assert removed == []
    assert added == [
        "    status:",
        "      - date: 2023-11-20",
        "        status: done",
        "        note: 'Đã xong: tốt'",
        "        evidence: Quyết định số 1234/QĐ-UBND",
    ]
    text = plan.read_text(encoding="utf-8")
    assert "    deadline: Quý II/2022  # \"Quý II/2022\" in the source\n    status:\n" in text
    assert "# a comment inside the item" in text
    assert "  # --- the next item ---\n  - ref: III.2" in text


def test_status__appends_at_the_end_of_an_existing_history(hncc, root, plan):
    result = hncc("status", "7/KH-UBND@2022:III.2", "đang thực hiện", "--date", "2023-11-20",
                  "--year", "2023", "--root", root.path)
    assert result.exit_code == 0, result.output
    new = plan.read_text(encoding="utf-8")
    removed, added = diff_lines(PLAN_WITH_COMMENTS, new)
    assert (removed, added) == ([], ["      - date: 2023-11-20", "        status: in_progress",
                                     "        year: 2023"])
    assert "year: 2022   # the first year\n      - date: 2023-11-20\n" in new


@pytest.mark.parametrize(("args", "message"), [
    (["7:III.1", "done", "--year", "2023"], "không lặp lại"),
    (["7:III.2", "done"], "--year"),
    (["7:III.2", "done", "--year", "2030"], "không phải một kỳ"),
    (["7:III.2", "done", "--year", "2022", "--date", "2022-06-01"], "lịch sử chỉ được ghi thêm"),
    (["7:III.1", "cancelled"], "--reason"),
    (["7:III.1", "xong rồi"], "Không hiểu trạng thái"),
    (["7:III.9", "done"], "không có mục “III.9”"),
    (["8:III.1", "done"], "Không có kế hoạch “8”"),
])
def test_status__refused_edit_leaves_the_file_byte_identical(hncc, root, plan, args, message):
    before = root.snapshot()
    date = [] if "--date" in args else ["--date", "2023-11-20"]
    result = hncc("status", *args, *date, "--root", root.path)
    wrong_usage = message in ("--reason", "Không hiểu trạng thái")  # the command line itself
    assert result.exit_code == (2 if wrong_usage else 1)
    assert message in result.stderr
    assert root.snapshot() == before


# PLAN_WITH_COMMENTS's first activity under a heading
GROUPED = PLAN_WITH_COMMENTS.split("  # --- the next item")[0].replace(
    "  # the first activity\n  - ref: III.1\n",
    "  - ref: III\n    kind: group\n    title: Nhóm việc\n  - ref: III.1\n")


def test_status__on_a_heading_is_refused_naming_the_entries_under_it(hncc, root):
    # a heading's status counts for no task: accepting it would leave its tasks "chưa cập nhật"
    root.plan("2022-7-KH-UBND.yaml", GROUPED)
    before = root.snapshot()
    result = hncc("status", "7:III", "done", "--date", "2023-11-20", "--root", root.path)
    assert result.exit_code == 1
    assert "Mục III là đề mục" in result.stderr and "(III.1)" in result.stderr
    assert root.snapshot() == before


def test_check__a_status_written_by_hand_on_a_heading_is_a_warning(hncc, root):
    root.plan("2022-7-KH-UBND.yaml", GROUPED.replace("    title: Nhóm việc\n", (
        "    title: Nhóm việc\n    status:\n      - date: 2023-11-20\n        status: done\n")))
    result = hncc("check", "--root", root.path)
    assert result.exit_code == 0
    assert "2022-7-KH-UBND.yaml:11:5: status-on-group: cảnh báo: Mục III là đề mục" in result.stdout


def test_status__a_plan_whose_file_has_errors_is_named_not_said_missing(hncc, root, plan):
    # "Không có kế hoạch “7”" alone sends the user looking for a plan that is there, broken
    plan.write_text(PLAN_WITH_COMMENTS.replace("date: 2022-01-10", "date: 2022-02-30"),
                    encoding="utf-8")
    before = root.snapshot()
    result = hncc("status", "7:III.1", "done", "--date", "2023-11-20", "--root", root.path)
    assert result.exit_code == 1
    assert ("Tệp 2022-7-KH-UBND.yaml có lỗi nên hncc không đọc được (có thể kế hoạch ở đó): "
            "chạy “hncc check”") in result.stderr
    assert root.snapshot() == before


def test_status__a_ref_typed_in_lower_case_is_the_entry_it_can_only_be(hncc, root, plan):
    # as `hncc show` reads it: "iii.1" typed without Shift is III.1, written as the plan writes it
    result = hncc("status", "7:iii.1", "done", "--date", "2023-11-20", "--root", root.path)
    assert result.exit_code == 0, result.output
    assert "cho 7/KH-UBND@2022:III.1 vào" in result.stdout


def test_status__only_problems_the_edit_brings_refuse_it(root, plan):
    plan.write_text(PLAN_WITH_COMMENTS.replace("[Sở Văn hóa và Thể thao]", "[Sở Không Có]"),
                    encoding="utf-8")
    update = editing.status_update(date=dt.date(2023, 11, 20), status="done")
    editing.record_status(root.data, "7:III.1", update)  # the unknown agency was there before
    before = plan.read_bytes()
    earlier = editing.status_update(date=dt.date(2023, 1, 1), status="in_progress")
    with pytest.raises(editing.EditRefused, match="theo thứ tự ngày") as refused:
        editing.record_status(root.data, "7:III.1", earlier)
    # the file and the line, as `hncc check` names them: the user edited no file by hand
    assert str(refused.value).startswith(
        f"Không ghi: sau khi sửa, tệp {plan.name} sẽ có lỗi (dòng 17: Cập nhật ngày 01/01/2023")
    assert plan.read_bytes() == before


def test_status__file_changed_between_read_and_write_is_detected(root, plan, monkeypatch):
    real_write = atomic.write

    def someone_saves_first(path, data, expected=None):
        path.write_text(PLAN_WITH_COMMENTS + "# edited meanwhile\n", encoding="utf-8")
        real_write(path, data, expected)

    monkeypatch.setattr(atomic, "write", someone_saves_first)
    update = editing.status_update(date=dt.date(2023, 11, 20), status="done")
    with pytest.raises(atomic.FileChanged):
        editing.record_status(root.data, "7:III.1", update)
    assert plan.read_text(encoding="utf-8").endswith("# edited meanwhile\n")


def test_status__file_without_final_newline(root):
    plan = root.plan("x.yaml", PLAN_WITH_COMMENTS.rstrip("\n"))
    update = editing.status_update(date=dt.date(2023, 11, 20), status="done", year=2023)
    editing.record_status(root.data, "7:III.2", update)
    removed, added = diff_lines(PLAN_WITH_COMMENTS, plan.read_text(encoding="utf-8"))
    assert removed == [] and len(added) == 3


def test_status__other_files_are_untouched(root, plan):
    other = root.plan("2023-9.yaml", PLAN_WITH_COMMENTS.replace("7/KH-UBND", "9/KH-UBND"))
    before = other.read_bytes()
    update = editing.status_update(date=dt.date(2023, 11, 20), status="done")
    edit = editing.record_status(root.data, "7:III.1", update)
    assert edit.path == plan and other.read_bytes() == before
    assert not list(plan.parent.glob(".*.tmp"))


@pytest.mark.parametrize(("typed", "code"), [
    ("Tạm dừng.", "suspended"), ("da hoan thanh. ", "done"), ("Đã xong", "done"),
    ("đang thực hiện", "in_progress")])
def test_status__a_word_typed_as_in_a_sentence_is_the_status_it_says(typed, code):
    # A form's cell or --status typed with a closing full stop, or "đã" before "xong"
    assert editing.status_code(typed) == code


def test_status__a_word_that_is_no_status_is_still_refused():
    with pytest.raises(editing.EditRefused):
        editing.status_code("Hoàn thành đúng hạn")  # on time or not is derived, never typed


FLOW_ENTRIES = """\
number: 7/KH-UBND
issuer: UBND Thành phố
date: 2022-01-10
title: KẾ HOẠCH THỬ
horizon: {start: 2022, end: 2024}
content:
  - {ref: III.1, kind: activity, title: Việc một, lead: [Sở Văn hóa và Thể thao], deadline: Quý II/2022}
  - ref: III.2
    kind: activity
    title: Việc hai
    lead: [Sở Văn hóa và Thể thao]
    deadline: Năm 2023
"""


def test_status__on_an_entry_written_on_one_line_is_refused_saying_how_to_rewrite_it(hncc, root):
    root.plan("2022-7-KH-UBND.yaml", FLOW_ENTRIES)
    before = root.snapshot()
    result = hncc("status", "7:III.1", "done", "--date", "2023-11-20", "--root", root.path)
    assert result.exit_code == 1, result.stderr
    assert "Mục III.1 được viết trên một dòng" in result.stderr and "dạng khối" in result.stderr
    assert "lỗi nội bộ" not in result.stderr
    assert root.snapshot() == before
    # the entry written in block form next to it takes the update
    assert hncc("status", "7:III.2", "done", "--date", "2023-11-20", "--root", root.path).exit_code == 0


def test_status__text_typed_decomposed_or_padded_is_written_in_nfc_and_trimmed(hncc, root, plan):
    # A macOS terminal, or a text copied from a PDF, gives "Hoàn thành" decomposed (NFD)
    decomposed = unicodedata.normalize("NFD", "Đã tổ chức hội nghị") + "  "
    result = hncc("status", "7:III.1", "done", "--date", "2023-11-20", "--note", decomposed,
                  "--evidence", " Quyết định số 5/QĐ-UBND", "--root", root.path)
    assert result.exit_code == 0, result.stderr
    _, added = diff_lines(PLAN_WITH_COMMENTS, plan.read_text(encoding="utf-8"))
    assert "        note: Đã tổ chức hội nghị" in added
    assert "        evidence: Quyết định số 5/QĐ-UBND" in added


def test_status__a_reason_of_spaces_is_no_reason(hncc, root, plan):
    before = root.snapshot()
    result = hncc("status", "7:III.1", "tạm dừng", "--date", "2023-11-20", "--reason", "   ",
                  "--root", root.path)
    assert result.exit_code == 2 and "--reason" in result.stderr
    assert root.snapshot() == before


def test_status__a_date_before_the_plan_is_refused_unless_a_note_says_why(hncc, root, plan):
    # The plan is of 10/01/2022: "2021" typed for "2022", most likely
    args = ("status", "7:III.1", "done", "--date", "2021-11-20", "--root", root.path)
    before = root.snapshot()
    result = hncc(*args)
    assert result.exit_code == 1
    assert "trước ngày ban hành Kế hoạch 7/KH-UBND (10/01/2022)" in result.stderr
    assert "--note" in result.stderr and root.snapshot() == before
    result = hncc(*args, "--note", "Đã làm xong trước khi có kế hoạch")
    assert result.exit_code == 0, result.stderr
    assert hncc("check", "--strict", "--root", root.path).exit_code == 0


def test_status__the_update_that_makes_the_file_wrong_is_named_among_several(root, plan):
    # `appended` takes the rows of a form: a problem it finds on the lines one of them added is
    # that one's, so the form can name its row
    snapshot = atomic.Snapshot.read(plan)
    plan_file = loader.load(root.data).dataset.plans[0]
    first, second = (plan_file.plan.by_ref[ref] for ref in ("III.2", "III.1"))
    fine = editing.status_update(date=dt.date(2023, 11, 20), status="done", year=2023)
    early = editing.status_update(date=dt.date(2021, 11, 20), status="done")
    with pytest.raises(editing.UpdateRefused) as refused:
        editing.appended(root.data, snapshot, plan_file.plan, [(first, fine), (second, early)])
    assert refused.value.index == 1
    assert refused.value.reasons[0].startswith("Cập nhật ngày 20/11/2021 trước ngày ban hành")


@pytest.mark.parametrize(("period", "says"), [
    (["--year", "23"], "--year 23 không phải một năm"),
    (["--year", "20233"], "--year 20233 không phải một năm"),
    (["--year", "2023", "--month", "13"], "--month 13 không phải một tháng"),
    (["--year", "2023", "--month", "0"], "--month 0 không phải một tháng"),
    (["--month", "3"], "--month 3 cần đi cùng --year"),
])
def test_status__a_year_or_month_mistyped_is_wrong_usage_named_by_its_option(hncc, root, plan,
                                                                              period, says):
    # not "“year” phải từ 1900 trở lên": the user typed options, not the file's keys
    before = root.snapshot()
    result = hncc("status", "7:III.2", "done", "--date", "2023-11-20", *period, "--root", root.path)
    assert result.exit_code == 2 and says in result.stderr, result.stderr
    assert "“year”" not in result.stderr and "“month”" not in result.stderr
    assert root.snapshot() == before


def test_status__a_bare_ref_is_the_entry_of_the_one_plan_that_has_it(hncc, root, plan):
    # As `hncc show PL.I.2` reads it: the "Mục" column of a table, typed as it is shown
    other = root.plan("2023-8-KH-UBND.yaml", PLAN_WITH_COMMENTS.replace(
        "number: 7/KH-UBND", "number: 8/KH-UBND").replace("date: 2022-01-10", "date: 2023-01-10")
        .replace("ref: III.1\n", "ref: III.5\n"))
    result = hncc("status", "iii.1", "done", "--date", "2023-11-20", "--root", root.path)
    assert result.exit_code == 0, result.stderr
    assert "cho 7/KH-UBND@2022:III.1 vào" in result.stdout
    before = root.snapshot()
    result = hncc("status", "III.2", "done", "--year", "2023", "--date", "2023-11-20",
                  "--root", root.path)
    assert result.exit_code == 1
    assert ("Mục “III.2” có ở 2 kế hoạch (7/KH-UBND@2022:III.2, 8/KH-UBND@2023:III.2); ghi kèm "
            "kế hoạch") in result.stderr
    result = hncc("status", "III.9", "done", "--date", "2023-11-20", "--root", root.path)
    assert result.exit_code == 1 and "Không kế hoạch nào có mục “III.9”" in result.stderr
    assert root.snapshot() == before and other.exists()


def test_status__a_note_of_several_lines_is_written_a_line_of_the_file_a_line(hncc, root, plan):
    # A list of results (Alt+Enter in a form's cell, or a note typed on several lines) reads in
    # the file and its git diff as it was typed, not as "…\nDòng 2" on one line
    result = hncc("status", "7:III.1", "done", "--date", "2023-11-20", "--note",
                  "Kết quả:\n- Đã tổ chức hội nghị\n- Đã báo cáo: số 5", "--root", root.path)
    assert result.exit_code == 0, result.stderr
    _, added = diff_lines(PLAN_WITH_COMMENTS, plan.read_text(encoding="utf-8"))
    assert added[-4:] == ["        note: |-", "          Kết quả:", "          - Đã tổ chức hội nghị",
                          "          - Đã báo cáo: số 5"]
    update = loader.load(root.data).dataset.plans[0].plan.by_ref["III.1"].status[-1]
    assert update.note == "Kết quả:\n- Đã tổ chức hội nghị\n- Đã báo cáo: số 5"
    assert hncc("fmt", "--root", root.path).exit_code == 0  # and fmt keeps it so
    assert ("        note: |-\n          Kết quả:\n          - Đã tổ chức hội nghị\n"
            "          - Đã báo cáo: số 5\n") in plan.read_text(encoding="utf-8")


@pytest.mark.parametrize("note", ["Đã họp\n\x85 xong", "Đã họp\r\nxong", "Đã họp\u2028xong\nđủ"])
def test_status__a_note_with_a_break_a_block_cannot_hold_is_written_quoted(hncc, root, plan, note):
    # U+0085 ("…" of Windows-1252 read as Latin-1) is a line break inside a literal block
    result = hncc("status", "7:III.1", "done", "--date", "2023-11-20", "--note", note,
                  "--root", root.path)
    assert result.exit_code == 0, result.stderr
    assert loader.load(root.data).dataset.plans[0].plan.by_ref["III.1"].status[-1].note == note
