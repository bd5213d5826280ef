"""`hncc fmt`: one canonical layout, idempotent, comments kept; `--check` for CI."""

from __future__ import annotations

import unicodedata

import pytest

from hncc.data.model import AppendixRow, ContentItem, Duty, Plan, Target
from hncc.edit import fmt as formatting

MESSY = """\
# yaml-language-server: $schema=../../schema/plan.schema.json
title: KẾ HOẠCH THỬ    # the title, as written
number: 7/KH-UBND
date: 2022-01-10
issuer: UBND Thành phố
horizon: {start: 2022, end: 2024}
content:
- kind: activity
  ref: III.1
  deadline: Quý II/2022
  lead:
  - Sở Văn hóa và Thể thao   # the lead
  title: "Việc một"
"""

CANONICAL = """\
# yaml-language-server: $schema=../../schema/plan.schema.json
number: 7/KH-UBND
issuer: UBND Thành phố
date: 2022-01-10
title: KẾ HOẠCH THỬ    # the title, as written
horizon: {start: 2022, end: 2024}
content:
  - ref: III.1
    kind: activity
    title: "Việc một"
    lead:
      - Sở Văn hóa và Thể thao # the lead
    deadline: Quý II/2022
"""


def test_fmt__puts_keys_in_model_order_and_keeps_comments():
    assert formatting.format_text(MESSY, Plan) == CANONICAL


def test_fmt__twice_equals_once():
    once = formatting.format_text(MESSY, Plan)
    assert formatting.format_text(once, Plan) == once


def test_fmt__entry_order_names_every_field_of_every_entry_kind():
    for model in (Target, ContentItem, Duty, AppendixRow):
        assert set(model.model_fields) <= set(formatting.ENTRY_ORDER), model


def test_fmt__check_lists_files_and_exits_1_without_changing_them(hncc, root):
    root.plan("messy.yaml", MESSY)
    before = root.snapshot()
    result = hncc("fmt", "--check", "--root", root.path)
    assert result.exit_code == 1
    assert "messy.yaml: cần định dạng lại" in result.stdout
    assert root.snapshot() == before


def test_fmt__rewrites_then_check_passes(hncc, root):
    plan = root.plan("messy.yaml", MESSY)
    assert hncc("fmt", "--root", root.path).exit_code == 0
    assert plan.read_text(encoding="utf-8") == CANONICAL
    result = hncc("fmt", "--check", "--root", root.path)
    assert (result.exit_code, result.stdout) == (0, "")


def test_fmt__given_files_only(hncc, root):
    messy = root.plan("messy.yaml", MESSY)
    other = root.plan("other.yaml", MESSY)
    assert hncc("fmt", messy, "--root", root.path).exit_code == 0
    assert messy.read_text(encoding="utf-8") == CANONICAL
    assert other.read_text(encoding="utf-8") == MESSY


def test_fmt__skips_yaml_outside_the_data(hncc, root):
    config = root.path / ".pre-commit-config.yaml"
    config.write_text("repos:\n- repo: local\n", encoding="utf-8")
    result = hncc("fmt", "--check", config, "--root", root.path)
    assert result.exit_code == 0 and "Bỏ qua" in result.stderr


def test_fmt__unreadable_yaml_is_reported_not_rewritten(hncc, root):
    broken = root.plan("broken.yaml", "number: [unclosed\n")
    result = hncc("fmt", "--root", root.path)
    assert result.exit_code == 1 and "broken.yaml" in result.stderr
    assert broken.read_text(encoding="utf-8") == "number: [unclosed\n"


def test_cli__a_named_file_that_does_not_exist_is_said_in_vietnamese(hncc, root):
    result = hncc("fmt", root.data / "plans" / "khong-co.yaml", "--root", root.path)
    assert result.exit_code == 1
    assert "khong-co.yaml: không đọc được tệp (không có tệp này)" in result.stderr
    assert "No such file" not in result.stderr


def test_cli__a_date_that_does_not_exist_is_said_without_english(hncc, root):
    from test_vietnamese import _codes, english_words

    root.plan("2022-7.yaml", CANONICAL.replace("date: 2022-01-10", "date: 2022-02-30"))
    result = hncc("fmt", "--root", root.path)
    assert result.exit_code == 1
    assert "dòng 4, cột 7: ngày “2022-02-30” không có trong lịch" in result.stderr
    assert not english_words(result.stderr, _codes()), result.stderr


def test_fmt__composes_text_saved_decomposed_and_keeps_crlf(hncc, root):
    """`hncc check` warns that a file saved NFD (macOS) should be saved NFC: fmt is the tool that
    does it, and --check lists such a file; Windows line ends stay."""
    import unicodedata

    plan = root.raw("2022-7-KH-UBND.yaml",
                    unicodedata.normalize("NFD", CANONICAL).replace("\n", "\r\n").encode("utf-8"))
    assert hncc("fmt", "--check", "--root", root.path).exit_code == 1
    assert hncc("fmt", "--root", root.path).exit_code == 0
    assert plan.read_bytes().decode("utf-8") == CANONICAL.replace("\n", "\r\n")


@pytest.mark.parametrize(("broken", "where"), [
    (CANONICAL.replace("number: 7/KH-UBND\n", "number: 7/KH-UBND\n\tnote: x\n"), "dòng 3"),
    (CANONICAL.replace("issuer: UBND Thành phố\n", "issuer: [UBND Thành phố\n"), "dòng "),
])
def test_fmt__a_file_it_cannot_read_is_named_with_its_line(hncc, root, broken, where):
    root.plan("2022-7.yaml", broken)
    result = hncc("fmt", "--root", root.path)
    assert result.exit_code == 1
    assert f"2022-7.yaml: {where}" in result.stderr


def test_fmt__a_file_in_the_windows_code_page_is_named_with_its_line(hncc, root):
    root.raw("2022-7.yaml", unicodedata.normalize("NFD", CANONICAL).encode("cp1258", errors="replace"))
    result = hncc("fmt", "--root", root.path)
    assert result.exit_code == 1
    assert "2022-7.yaml: dòng 3, cột" in result.stderr and "UTF-8" in result.stderr


def test_fmt__a_folder_is_the_data_files_in_it_and_a_mistyped_name_is_no_file(hncc, root):
    # "hncc fmt data" or "hncc fmt data/plans" formats them, never "Bỏ qua … exit 0"; a name
    # mistyped ("agencies.yml") is no file, never other YAML skipped
    messy = root.plan("messy.yaml", MESSY)
    for folder in (root.data / "plans", root.data, root.path):
        result = hncc("fmt", "--check", folder, "--root", root.path)
        assert result.exit_code == 1 and "messy.yaml: cần định dạng lại" in result.stdout
    assert hncc("fmt", root.data, "--root", root.path).exit_code == 0
    assert messy.read_text(encoding="utf-8") == CANONICAL
    result = hncc("fmt", root.data / "agencies.yml", "--root", root.path)
    assert result.exit_code == 1
    assert "agencies.yml: không đọc được tệp (không có tệp này)" in result.stderr
