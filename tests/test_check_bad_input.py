"""`hncc check` on broken files: every problem with file, line and a Vietnamese message."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from tests.conftest import AGENCIES, PLAN, flat


def check_json(hncc, root):
    result = hncc("check", "--root", root.path, "--format", "json")
    return result, json.loads(result.stdout)


def codes(document) -> set[str]:
    return {p["code"] for p in document["problems"]}


def only(document, code):
    found = [p for p in document["problems"] if p["code"] == code]
    assert len(found) == 1, document
    return found[0]


def test_check__valid_fixture_is_clean(hncc, root):
    root.plan("p.yaml", PLAN)
    result = hncc("check", "--root", root.path)
    assert result.exit_code == 0, result.output
    assert "Dữ liệu hợp lệ: 1 kế hoạch, 3 mục, 6 cơ quan." in result.output


CASES = [
    # (name, file text, code, line, words in the message)
    ("syntax", "number: 7/KH-UBND\ntitle: [KẾ HOẠCH\n", "yaml-syntax", 3, "cú pháp YAML"),
    ("tab", "number: 7/KH-UBND\ncontent:\n\t- ref: x\n", "yaml-tab", 3, "tab"),
    ("duplicate key", "number: 7/KH-UBND\ntitle: A\ntitle: B\n", "duplicate-key", 3, "bị lặp"),
]


@pytest.mark.parametrize(("name", "text", "code", "line", "words"), CASES, ids=[c[0] for c in CASES])
def test_check__yaml_errors_have_position(hncc, root, name, text, code, line, words):
    path = root.plan("p.yaml", text)
    before = root.snapshot()
    result, document = check_json(hncc, root)
    assert result.exit_code == 1
    problem = only(document, code)
    assert problem["file"] == str(path.relative_to(path.parents[2])) or problem["file"].endswith("p.yaml")
    assert problem["line"] == line
    assert words in problem["message"]
    assert root.snapshot() == before


@pytest.mark.parametrize(("text", "words"), [
    # what people get wrong by hand: a line indented one space off, "a: b: c"
    ("number: 7/KH-UBND\ntitle: A\n - ref: x\n", "thụt lề không khớp"),
    ("number: 7/KH-UBND\ntitle: Kế hoạch: thử\n", "trong dấu nháy"),
    # a second document, a Windows path in double quotes
    ("number: 7/KH-UBND\n---\ntitle: A\n", "tài liệu thứ hai"),
    ('number: 7/KH-UBND\ntitle: "C:\\Tài liệu\\kh.docx"\n', "dấu nháy đơn"),
], ids=["indent", "colon", "two-documents", "windows-path"])
def test_check__yaml_errors_of_the_fast_parser_are_explained_in_vietnamese(hncc, root, text, words):
    root.plan("p.yaml", text)
    _, document = check_json(hncc, root)
    message = only(document, "yaml-syntax")["message"]
    assert message.startswith("Lỗi cú pháp YAML: ") and words in message, message
    # explained, the parser's English adds nothing a Vietnamese reader can use
    assert not re.search(r"\b(?:not|found|expected|allowed|mapping|escape)\b", message), message


def test_check__unknown_field_suggests_the_right_name(hncc, root):
    root.plan("p.yaml", PLAN.replace("    lead: [Sở Ngoại Vụ]", "    lead_agncy: [Sở Ngoại Vụ]"))
    result, document = check_json(hncc, root)
    assert result.exit_code == 1
    problem = only(document, "unknown-field")
    assert problem["line"] == 16
    assert "lead_agncy" in problem["message"] and "“lead”" in problem["message"]


def test_check__an_agency_with_its_tone_mark_placed_the_old_way_is_that_agency(hncc, root):
    # "hoá" and "hóa" (old and new tone placement) are one spelling; Unikey types either
    root.plan("p.yaml", PLAN.replace("lead: [Sở Ngoại Vụ]\n", "lead: [Sở Văn hoá và Thể thao]\n"))
    result = hncc("check", "--root", root.path)
    assert result.exit_code == 0, result.output
    listed = hncc("tasks", "--root", root.path, "--as-of", "2022-12-31", "--agency", "so van hoa",
                  "--format", "json")
    assert "III.2" in {row["ref"] for row in json.loads(listed.stdout)}


def test_check__ubnd_written_out_or_not_is_one_name(hncc, root):
    # "UBND" is "Ủy ban nhân dân" wherever it is written: the registry lists "UBND Thành phố"
    root.plan("p.yaml", PLAN.replace("lead: [Sở Ngoại Vụ]\n", "lead: [Uỷ ban nhân dân Thành phố]\n")
              .replace("issuer: UBND Thành phố", "issuer: Ủy Ban Nhân Dân Thành Phố"))
    result = hncc("check", "--root", root.path)
    assert result.exit_code == 0, result.output
    listed = hncc("tasks", "--root", root.path, "--as-of", "2022-12-31", "--agency", "UBND TP",
                  "--format", "json")
    assert "III.2" in {row["ref"] for row in json.loads(listed.stdout)}


def test_check__wrong_type_names_the_field(hncc, root):
    root.plan("p.yaml", PLAN.replace("horizon: {start: 2022, end: 2024}", "horizon: {start: hai, end: 2024}"))
    result, document = check_json(hncc, root)
    problem = only(document, "wrong-type")
    assert (problem["line"], result.exit_code) == (5, 1)
    assert "start" in problem["message"] and "số nguyên" in problem["message"]


def test_check__unknown_agency_suggests_nearest(hncc, root):
    root.plan("p.yaml", PLAN.replace("lead: [Sở Ngoại Vụ]", "lead: [Sở Ngoai vu]"))
    _, document = check_json(hncc, root)
    problem = only(document, "unknown-agency")
    assert problem["line"] == 16
    assert "Sở Ngoai vu" in problem["message"] and "Sở Ngoại vụ" in problem["message"]


def test_check__impossible_date(hncc, root):
    root.plan("p.yaml", PLAN.replace("date: 2022-01-10", "date: 2023-02-31"))
    result, document = check_json(hncc, root)
    problem = only(document, "invalid-date")
    assert (problem["line"], result.exit_code) == (3, 1)
    assert "2023-02-31" in problem["message"]


def test_check__nfd_file_is_read_and_flagged(hncc, root):
    import unicodedata
    root.raw("p.yaml", unicodedata.normalize("NFD", PLAN).encode())
    before = root.snapshot()
    result, document = check_json(hncc, root)
    problem = only(document, "not-nfc")
    assert problem["line"] == 2  # "UBND Thành phố" is the first line with a diacritic
    assert problem["severity"] == "warning" and "NFC" in problem["message"]
    assert result.exit_code == 0  # the data itself loads: agencies resolve after normalization
    assert root.snapshot() == before
    # the message says what fixes it, and that does
    assert "Chạy “hncc fmt”" in problem["message"]
    assert hncc("fmt", "--root", root.path).exit_code == 0
    assert not [p for p in check_json(hncc, root)[1]["problems"] if p["code"] == "not-nfc"]


def test_check__bom_is_read_and_flagged(hncc, root):
    root.raw("p.yaml", b"\xef\xbb\xbf" + PLAN.encode())
    result, document = check_json(hncc, root)
    problem = only(document, "bom")
    assert (problem["line"], problem["severity"], result.exit_code) == (1, "warning", 0)


def test_check__plan_saved_as_utf16_is_named_so_not_called_binary(hncc, root):
    # Notepad's "Unicode": the advice must be to save it as UTF-8, not to delete a "binary" file
    root.raw("p.yaml", PLAN.encode("utf-16"))
    result, document = check_json(hncc, root)
    message = only(document, "not-text")["message"]
    assert "UTF-16" in message and "UTF-8" in message and "nhị phân" not in message
    assert result.exit_code == 1


def test_check__plan_saved_in_the_windows_vietnamese_code_page_names_line_column_and_save_as(hncc, root):
    # Notepad's "ANSI" on a Vietnamese Windows: cp1258, tone marks as combining characters
    root.raw("p.yaml", unicodedata.normalize("NFD", PLAN).encode("cp1258", errors="replace"))
    result, document = check_json(hncc, root)
    problem = only(document, "not-text")
    assert problem["line"] == 2 and problem["column"] == 17  # the tone mark of "Thành"
    assert "vị trí" not in problem["message"]
    assert "Windows-1258" in problem["message"] and "UTF-8" in problem["message"]
    assert result.exit_code == 1


def test_check__a_plan_named_in_capitals_is_read_like_any_other(hncc, root):
    # Windows does not tell "X.YAML" from "x.yaml": such a plan must not be left out unread
    root.plan("2022-7-KH-UBND.YAML", PLAN)
    result = hncc("check", "--root", root.path)
    assert result.exit_code == 0, result.output
    assert "Dữ liệu hợp lệ: 1 kế hoạch, 3 mục, 6 cơ quan." in result.output
    listed = hncc("tasks", "--root", root.path, "--as-of", "2022-12-31", "--format", "json")
    assert {row["ref"] for row in json.loads(listed.stdout)} >= {"PL.1", "III.2"}


def test_check__empty_file(hncc, root):
    root.raw("p.yaml", b"# only a comment\n")
    result, document = check_json(hncc, root)
    assert (only(document, "empty-file")["line"], result.exit_code) == (1, 1)


def test_check__binary_file_in_plans(hncc, root):
    root.raw("p.yaml", bytes(range(256)))
    root.raw("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    before = root.snapshot()
    result, document = check_json(hncc, root)
    assert only(document, "not-text")["line"] == 1
    assert only(document, "not-a-plan-file")["severity"] == "warning"
    assert result.exit_code == 1
    assert root.snapshot() == before


def test_check__text_output_is_path_line_column_code_message(hncc, root):
    root.plan("p.yaml", PLAN.replace("lead: [Sở Ngoại Vụ]", "lead: [Sở Ngoai vu]"))
    result = hncc("check", "--root", root.path)
    assert result.exit_code == 1
    line = result.stdout.splitlines()[0]
    assert line.endswith("p.yaml:16:12: unknown-agency: Không tìm thấy cơ quan “Sở Ngoai vu” trong "
                         "danh mục. Gần giống: “Sở Ngoại vụ” (so-ngoai-vu).")
    assert "Traceback" not in result.output


def test_check__reports_every_problem_in_one_run(hncc, root):
    root.plan("a.yaml", PLAN.replace("lead: [Sở Ngoại Vụ]", "lead: [Sở Không Có]"))
    root.plan("b.yaml", "number: 8/KH-UBND\ntitle: A\ntitle: B\n")
    root.raw("c.yaml", b"")
    _, document = check_json(hncc, root)
    assert {"unknown-agency", "duplicate-key", "empty-file"} <= codes(document)


def test_check__alias_bomb_is_refused_quickly(hncc, root):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]" for i in range(9)]
    root.plan("bomb.yaml", "\n".join(lines) + "\n")
    result, document = check_json(hncc, root)
    assert (only(document, "alias-bomb")["line"], result.exit_code) == (1, 1)


def test_check__absurd_nesting_is_refused(hncc, root):
    root.plan("deep.yaml", "number: " + "[" * 3000 + "]" * 3000 + "\n")
    result, document = check_json(hncc, root)
    assert (only(document, "too-deep")["code"], result.exit_code) == ("too-deep", 1)


@pytest.mark.parametrize(("args", "words"), [
    (["chek"], "Không có lệnh “chek”. Có phải ý là 'check'"),
    (["check", "--frmat", "json"], "Không có tùy chọn --frmat."),
    (["check", "--format", "xml"], "“xml” không phải một lựa chọn"),
])
def test_cli__usage_errors_are_vietnamese_and_exit_2(hncc, root, args, words):
    result = hncc(*args, "--root", root.path) if args[0] == "check" else hncc(*args)
    assert result.exit_code == 2
    assert words in flat(result.output)


def test_cli__outside_a_data_root_says_how_to_point_at_one(hncc, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HNCC_ROOT", raising=False)
    result = hncc("check")
    assert result.exit_code == 2
    assert "Không tìm thấy thư mục dữ liệu" in result.output and "--root" in result.output


def test_check__links_out_of_the_data_root_are_refused(hncc, root, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.yaml").write_text(PLAN, encoding="utf-8")
    (root.data / "plans" / "link.yaml").symlink_to(outside / "secret.yaml")
    root.plan("inside.yaml", PLAN.replace("7/KH-UBND", "8/KH-UBND"))
    (root.data / "plans" / "alias.yaml").symlink_to(root.data / "plans" / "inside.yaml")
    result, document = check_json(hncc, root)
    problem = only(document, "link-outside-root")
    assert problem["file"].endswith("link.yaml") and "ngoài thư mục dữ liệu" in problem["message"]
    assert result.exit_code == 1
    # A link that stays inside the root is read like any file (here: the same plan twice).
    assert "duplicate-id" in codes(document)


def test_check__a_plans_folder_linked_out_of_the_data_root_is_refused_file_by_file(
        hncc, root, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.yaml").write_text(PLAN, encoding="utf-8")
    (root.data / "plans").rmdir()
    (root.data / "plans").symlink_to(outside)
    result, document = check_json(hncc, root)
    problem = only(document, "link-outside-root")
    assert problem["file"].endswith("secret.yaml") and "ngoài thư mục dữ liệu" in problem["message"]
    assert result.exit_code == 1


def test_check__agencies_file_over_the_size_limit_is_refused_unread(hncc, root, monkeypatch):
    from hncc.data import files

    monkeypatch.setattr(files, "MAX_FILE_BYTES", 100)
    result, document = check_json(hncc, root)
    problem = only(document, "file-too-large")
    assert problem["file"].endswith("agencies.yaml") and result.exit_code == 1


def test_check__a_plan_saved_with_notepad_s_txt_says_how_to_rename_it(hncc, root):
    root.plan("moi.yaml.txt", PLAN)
    root.plan("ghi-chu.txt", "Ghi chú\n")
    result, document = check_json(hncc, root)
    said = {p["file"].rsplit("/", 1)[-1]: p["message"] for p in document["problems"]
            if p["code"] == "not-a-plan-file"}
    assert "đổi tên tệp thành “moi.yaml”" in said["moi.yaml.txt"]
    assert "đổi tên" not in said["ghi-chu.txt"]  # a note is not taken for a plan
    assert result.exit_code == 0  # warnings


def test_check__one_broken_agency_leaves_the_others_known(hncc, root):
    # `aliases:` left empty (null) on one agency: that agency's record is refused with its
    # line; every other agency still resolves, so the plans' other names raise nothing.
    from tests.conftest import AGENCIES

    root.agencies(AGENCIES.replace("aliases: [Sở Ngoại Vụ]", "aliases:"))
    root.plan("p.yaml", PLAN)
    result, document = check_json(hncc, root)
    broken = only(document, "wrong-type")
    assert broken["file"].endswith("agencies.yaml") and broken["line"] == 12
    unknown = {p["message"].split("“")[1].split("”")[0].casefold() for p in document["problems"]
               if p["code"] == "unknown-agency"}
    assert unknown == {"sở ngoại vụ"}  # only the refused agency's names, as PLAN writes them
    assert codes(document) == {"wrong-type", "unknown-agency"}
    assert result.exit_code == 1
    listed = hncc("overdue", "--root", root.path, "--as-of", "2024-01-01", "--agency",
                  "Sở Văn hóa và Thể thao")
    assert listed.exit_code == 0 and "quá hạn tính đến 01/01/2024: 1\n" in listed.stdout


def test_check__agencies_file_without_a_list_of_agencies_knows_none(hncc, root):
    root.agencies("agencies: Sở Ngoại vụ\n")
    root.plan("p.yaml", PLAN)
    result, document = check_json(hncc, root)
    assert codes(document) == {"wrong-type", "registry-unread"}  # names unchecked, said once
    assert result.exit_code == 1


@pytest.mark.parametrize(("english", "vietnamese"), [
    # click's messages (Typer up to 0.28, whose parameters click converts)
    ("Invalid value for '--within': 999999999 is not in the range 0<=x<=36500.",
     "Giá trị không hợp lệ cho '--within': “999999999”: giá trị phải lớn hơn hoặc bằng 0 và "
     "nhỏ hơn hoặc bằng 36500."),
    ("-1 is not in the range x>=0.", "“-1”: giá trị phải lớn hơn hoặc bằng 0."),
    ("7 is not in the range 1<x<5.", "“7”: giá trị phải lớn hơn 1 và nhỏ hơn 5."),
    ("'abc' is not a valid integer.", "“abc” không phải một số nguyên."),
    # Pydantic's (Typer 0.29, whose parameters Pydantic converts)
    ("Input should be less than or equal to 36500", "giá trị phải nhỏ hơn hoặc bằng 36500."),
    ("Input should be a valid integer, unable to parse string as an integer", "cần một số nguyên."),
    # hncc's own words pass through
    ("“2023-02-31” không phải một ngày dạng YYYY-MM-DD.",
     "“2023-02-31” không phải một ngày dạng YYYY-MM-DD."),
])
def test_cli__click_and_pydantic_messages_are_translated(english, vietnamese):
    from hncc.cli.vietnamese import translate

    assert translate(english) == vietnamese


STATUS_PLAN = PLAN.replace("    deadline: Quý II/2022\n", """\
    deadline: Quý II/2022
    status:
      - date: DATE
        status: WORD
        note: Đã xong
""", 1)


def status_plan(date: str, word: str) -> str:
    return STATUS_PLAN.replace("DATE", date).replace("WORD", word)


@pytest.mark.parametrize(("word", "meant"), [
    ("Done", "done"), ("DONE", "done"), ("Hoàn thành", "done"), ("hoan thanh", "done"),
    ("In Progress", "in_progress"), ("đang thực hiện", "in_progress"), ("Đã hủy", "cancelled"),
])
def test_check__a_status_word_written_as_people_say_it_names_the_code_to_write(hncc, root, word, meant):
    root.plan("p.yaml", status_plan("2022-05-02", word))
    result, document = check_json(hncc, root)
    assert result.exit_code == 1
    problem = only(document, "invalid-value")
    assert problem["line"] == 15
    assert f"viết “{meant}”" in problem["message"]
    assert " or " not in problem["message"] and "'" not in problem["message"]
    assert "“done” (đã hoàn thành)" in problem["message"]


def test_check__a_status_word_nothing_like_a_status_lists_the_codes_in_vietnamese(hncc, root):
    root.plan("p.yaml", status_plan("2022-05-02", "Tốt"))
    _, document = check_json(hncc, root)
    message = only(document, "invalid-value")["message"]
    assert "viết “" not in message and " or " not in message
    assert "“not_started” (chưa bắt đầu)" in message and "hoặc “suspended” (tạm dừng)" in message


@pytest.mark.parametrize(("written", "iso"), [("30/08/2022", "2022-08-30"), ("2/5/2022", "2022-05-02"),
                                              ("02.05.2022", "2022-05-02"), ("2022-5-2", "2022-05-02"),
                                              ("2022/05/02", "2022-05-02"),
                                              ("ngày 02 tháng 5 năm 2022", "2022-05-02")])
def test_check__an_update_dated_day_first_is_a_real_date_written_the_other_way(hncc, root, written, iso):
    root.plan("p.yaml", status_plan(written, "done"))
    result, document = check_json(hncc, root)
    assert result.exit_code == 1
    problem = only(document, "invalid-date")
    assert "không phải một ngày có thật" not in problem["message"]
    assert f"“{iso}”" in problem["message"]


def test_check__an_update_dated_on_a_day_that_does_not_exist_says_so(hncc, root):
    root.plan("p.yaml", status_plan("31/04/2022", "done"))
    _, document = check_json(hncc, root)
    assert "không phải một ngày có thật" in only(document, "invalid-date")["message"]


def test_check__a_deadline_written_as_a_bare_year_reads_as_that_year(hncc, root):
    root.plan("p.yaml", PLAN.replace("deadline: Năm 2022-2023", "deadline: 2023"))
    result = hncc("check", "--root", root.path)
    assert result.exit_code == 0, result.stdout
    listed = hncc("tasks", "--root", root.path, "--as-of", "2023-06-01", "--format", "json")
    due = {row["ref"]: row["due"] for row in json.loads(listed.stdout)}
    assert due["PL.1"] == "2023-12-31"


@pytest.mark.parametrize("written", ["1.5", "2", "1500"])
def test_check__a_budget_written_as_a_bare_number_asks_for_its_unit(hncc, root, written):
    root.plan("p.yaml", PLAN.replace("budget: 6 tỷ", f"budget: {written}"))
    result, document = check_json(hncc, root)
    assert result.exit_code == 1
    problem = only(document, "budget-unreadable")
    assert problem["line"] == 24
    assert "đơn vị" in problem["message"] and "“1,5 tỷ”" in problem["message"]
    assert "khóa: giá trị" not in problem["message"] and "{{" not in problem["message"]


@pytest.mark.parametrize(("amount", "meant"), [
    ('"0,5"', "“0.5”"), ("'1.250,75'", "“1250.75”"), ('"500 triệu"', "không kèm chữ")])
def test_check__an_amount_written_the_vietnamese_way_names_the_number_to_write(
        hncc, root, amount, meant):
    """`amount` holds a number in tỷ đồng: an official writes the decimal comma ("0,5"), as
    the budget's own text does, or the unit with it. The message says what to write instead,
    not only that it is no number."""
    root.plan("p.yaml", PLAN.replace("budget: 6 tỷ", f"budget: {{text: 6 tỷ, amount: {amount}}}"))
    result, document = check_json(hncc, root)
    assert result.exit_code == 1
    problem = only(document, "wrong-type")
    assert problem["line"] == 24 and "amount" in problem["message"]
    assert meant in problem["message"], problem["message"]


def test_check__a_time_phrase_that_names_no_date_in_deadline_points_to_time_text(hncc, root):
    root.plan("p.yaml", PLAN.replace("deadline: Quý II/2022", "deadline: Thường xuyên"))
    result, document = check_json(hncc, root)
    assert result.exit_code == 1
    problem = only(document, "deadline-unreadable")
    assert problem["line"] == 12
    assert "time_text: Thường xuyên" in problem["message"] and "no_deadline" in problem["message"]


def test_check__a_link_to_a_plan_whose_file_has_errors_names_that_file_not_a_missing_plan(hncc, root):
    root.plan("2022-7.yaml", PLAN.replace("title: KẾ HOẠCH THỬ", "title: [KẾ HOẠCH THỬ"))
    root.plan("2023-8.yaml", PLAN.replace("number: 7/KH-UBND", "number: 8/KH-UBND").replace(
        "date: 2022-01-10", "date: 2023-01-10").replace(
        "    deadline: Quý II/2022\n", "    deadline: Quý II/2022\n    implements: 7/KH-UBND@2022:III.1\n"
        "    inferred: Cùng việc\n", 1))
    result, document = check_json(hncc, root)
    assert result.exit_code == 1
    errors = {p["code"] for p in document["problems"] if p["severity"] == "error"}
    assert errors == {"yaml-syntax", "broken-link"}
    message = only(document, "broken-link")["message"]
    assert "2022-7.yaml" in message and "có lỗi" in message


NO_HORIZON = PLAN.replace("horizon: {start: 2022, end: 2024}\n", "")


def test_check__a_plan_without_horizon_whose_work_runs_past_its_year_is_warned(hncc, root):
    # "Hàng năm" would count 2022 only, and a task without deadline would be late from 2023
    root.plan("p.yaml", NO_HORIZON)
    result, document = check_json(hncc, root)
    assert result.exit_code == 0
    problem = only(document, "horizon-missing")
    assert problem["severity"] == "warning" and problem["line"] == 1
    assert "III.2" in problem["message"] and "horizon: {start: 2022, end:" in problem["message"]
    assert hncc("check", "--strict", "--root", root.path).exit_code == 1


def test_check__a_plan_without_horizon_whose_work_is_all_in_its_year_is_fine(hncc, root):
    root.plan("p.yaml", NO_HORIZON.replace("deadline: Hàng năm", "deadline: Năm 2022").replace(
        "deadline: Năm 2022-2023", "deadline: Quý IV/2022"))
    result, document = check_json(hncc, root)
    assert result.exit_code == 0 and "horizon-missing" not in codes(document)


@pytest.mark.parametrize("cell", ["Sở Văn hóa và Thể thao, Sở Ngoại vụ",
                                  "Sở Văn hóa và Thể thao; Sở Ngoại vụ",
                                  "Sở Văn hóa và Thể thao và Sở Ngoại vụ"])
def test_check__two_agencies_written_as_one_name_are_named_with_the_list_to_write(hncc, root, cell):
    root.plan("p.yaml", PLAN.replace("lead: [Sở Văn hóa và Thể thao]\n    cooperating",
                                     f"lead: [\"{cell}\"]\n    cooperating"))
    result, document = check_json(hncc, root)
    assert result.exit_code == 1
    problem = only(document, "unknown-agency")
    assert problem["line"] == 10
    assert "[Sở Văn hóa và Thể thao, Sở Ngoại vụ]" in problem["message"]
    assert "lead_text" in problem["message"]


def test_check__an_update_dated_before_its_plan_was_issued_is_warned(hncc, root):
    # 2022 meant: the plan is of 10/01/2022
    root.plan("p.yaml", status_plan("2021-05-02", "done").replace("        note: Đã xong\n", ""))
    result, document = check_json(hncc, root)
    assert result.exit_code == 0
    problem = only(document, "status-before-plan")
    assert problem["severity"] == "warning" and problem["line"] == 14
    assert "02/05/2021" in problem["message"] and "10/01/2022" in problem["message"]
    # with a note of its own (work done before the plan, as the warning asks): only a note,
    # which `check --strict` does not fail on (what `hncc status --note` writes)
    root.plan("p.yaml", status_plan("2021-05-02", "done"))
    problem = only(check_json(hncc, root)[1], "status-before-plan")
    assert problem["severity"] == "note" and "có ghi chú" in problem["message"]
    root.plan("p.yaml", status_plan("2022-01-10", "done"))
    _, document = check_json(hncc, root)
    assert "status-before-plan" not in codes(document)


@pytest.mark.parametrize(("broken", "code"), [
    (AGENCIES.replace("  - id: so-ngoai-vu\n", "\t- id: so-ngoai-vu\n"), "yaml-tab"),
    (AGENCIES.replace("agencies:\n", "agencies: [\n"), "yaml-syntax"),
])
def test_check__an_unreadable_registry_is_one_problem_not_every_agency_of_every_plan(
        hncc, root, broken, code):
    root.plan("p.yaml", PLAN)
    root.agencies(broken)
    result, document = check_json(hncc, root)
    assert result.exit_code == 1
    assert codes(document) == {code, "registry-unread"}
    note = only(document, "registry-unread")
    assert note["file"].endswith("agencies.yaml") and "1 kế hoạch" in note["message"]


def test_check__an_unreadable_registry_in_cp1258_is_one_problem(hncc, root):
    root.plan("p.yaml", PLAN)
    # Windows' Vietnamese code page: tone marks as combining characters, hence NFD first
    (root.data / "agencies.yaml").write_bytes(
        unicodedata.normalize("NFD", AGENCIES).encode("cp1258", errors="replace"))
    result, document = check_json(hncc, root)
    assert result.exit_code == 1
    assert codes(document) == {"not-text", "registry-unread"}


def test_check__a_deadline_before_its_plan_was_issued_is_warned(hncc, root):
    # the plan is of 10/01/2022: "Quý IV/2021" is late the day it is given, 2022 most likely meant
    root.plan("p.yaml", PLAN.replace("deadline: Quý II/2022", "deadline: Quý IV/2021"))
    result, document = check_json(hncc, root)
    assert result.exit_code == 0
    problem = only(document, "deadline-before-plan")
    assert problem["severity"] == "warning" and problem["line"] == 12
    assert "31/12/2021" in problem["message"] and "10/01/2022" in problem["message"]


def test_check__a_deadline_on_or_after_the_plan_s_date_is_not_warned(hncc, root):
    root.plan("p.yaml", PLAN.replace("deadline: Quý II/2022", "deadline: Trước ngày 10/01/2022"))
    _, document = check_json(hncc, root)
    assert "deadline-before-plan" not in codes(document)


def test_check__a_single_lead_written_without_brackets_names_the_list_to_write(hncc, root):
    root.plan("p.yaml", PLAN.replace("lead: [Sở Văn hóa và Thể thao]\n    cooperating",
                                     "lead: Sở Văn hóa và Thể thao\n    cooperating"))
    result, document = check_json(hncc, root)
    assert result.exit_code == 1
    problem = only(document, "wrong-type")
    assert problem["line"] == 10 and "“lead: [Sở Văn hóa và Thể thao]”" in problem["message"]


def test_check__a_link_to_a_ref_in_another_case_names_the_ref_meant(hncc, root):
    root.plan("p.yaml", PLAN.replace("summarizes: [III.1]", "summarizes: [iii.1]"))
    _, document = check_json(hncc, root)
    assert "“III.1”" in only(document, "broken-link")["message"]


def test_check__a_link_to_a_plan_kept_in_two_files_says_it_is_duplicated_not_to_add_the_year(hncc, root):
    root.plan("2022-7.yaml", PLAN)
    root.plan("2022-7-ban-sao.yaml", PLAN)
    root.plan("2023-8.yaml", PLAN.replace("number: 7/KH-UBND", "number: 8/KH-UBND").replace(
        "date: 2022-01-10", "date: 2023-01-10").replace("Quý II/2022", "Quý II/2023").replace(
        "    deadline: Quý II/2023\n", "    deadline: Quý II/2023\n    implements: 7/KH-UBND@2022:III.1\n"
        "    inferred: Cùng việc\n", 1))
    _, document = check_json(hncc, root)
    message = only(document, "broken-link")["message"]
    assert "trùng" in message and "ghi thêm năm" not in message


def test_check__a_yearly_deadline_whose_first_occurrence_precedes_the_plan_is_warned(hncc, root):
    # a plan issued 10/07/2022 with a report "trước ngày 30/6 hằng năm": its 2022 one is late at once
    root.plan("p.yaml", PLAN.replace("date: 2022-01-10", "date: 2022-07-10").replace(
        "deadline: Hàng năm", "deadline: Trước ngày 30/6 hằng năm").replace(
        "deadline: Quý II/2022", "deadline: Quý IV/2022"))
    result, document = check_json(hncc, root)
    assert result.exit_code == 0
    problem = only(document, "deadline-before-plan")
    assert problem["line"] == 17
    assert "30/06/2022" in problem["message"] and "first_year: 2023" in problem["message"]


def test_check__a_deadline_written_as_a_list_says_a_task_has_one_deadline(hncc, root):
    root.plan("p.yaml", PLAN.replace("deadline: Quý II/2022", "deadline: [Quý II/2022, Quý IV/2022]"))
    result, document = check_json(hncc, root)
    assert result.exit_code == 1
    problem = only(document, "wrong-type")
    assert "không phải một danh sách" in problem["message"] and "time_text" in problem["message"]
    assert "nhóm “khóa: giá trị”, nhưng" not in problem["message"]
