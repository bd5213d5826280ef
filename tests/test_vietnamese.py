"""Vietnamese from end to end: help and errors, dates as people write them, global options,
choices in Vietnamese words, agency initialisms, CSV that Excel can add up, a calendar that
stays put, any console encoding, and the parts of Windows that can be tested here."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from decimal import Decimal

import icalendar
import pytest
from conftest import PLAN, REPO, dedent

from hncc.cli import app, console
from hncc.cli.vietnamese import CHOICE_WORDS
from hncc.data import cache, loader
from hncc.domain.agencies import initialisms
from hncc.edit import atomic, newlines
from hncc.queries import budget
from hncc.queries import tasks as queries

# Words that may appear in help and errors though they are not Vietnamese: names of things that
# have no Vietnamese name (formats, programs, the git revision HEAD, the shell and its Tab key).
# Command names, option names, choice ids and environment variables are codes, collected from
# the application itself below; text the user typed, echoed in “…”, is not ours either.
ALLOWED = {"json", "csv", "md", "markdown", "yaml", "utf", "bom", "excel", "icalendar", "ics",
           "schema", "git", "head", "shell", "tab", "unesco", "hncc", "ubnd", "kh", "pl", "iii",
           "ii", "vi", "mermaid", "ct", "dd", "mm", "yyyy", "yyyymmdd", "txt", "powershell",
           "data",  # the folder data/
           "word", "docx", "xlsx", "xls", "pdf",  # Word and its files, spreadsheets
           "sqlite",  # the database format of `hncc export`
           "kt", "svhtt", "bc"}  # "KT. GIÁM ĐỐC" (ký thay), a document code, "BC" (báo cáo)
# One Vietnamese syllable written without marks: initial consonant, vowels, final consonant.
SYLLABLE = re.compile(r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
                      r"[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?")
WORD = re.compile(r"[^\W\d_]+")  # letters, Vietnamese ones included


def _commands():
    import typer.main

    group = typer.main.get_command(app)
    return group, sorted(group.commands)


def _codes() -> set[str]:
    """Command names and choice ids: the codes a user types, allowed in any text. (Option names
    and snake_case ids are taken out of the text as a whole before its words are read.)"""
    _, names = _commands()
    return {c.lower() for c in (*names, *CHOICE_WORDS)}


def english_words(text: str, codes: set[str]) -> set[str]:
    """Words of `text` that are neither Vietnamese nor an allowed code."""
    text = re.sub(r"“[^”]*”", " ", text)  # what the user typed, quoted back
    text = re.sub(r"\S*/\S*", " ", text)  # paths and plan numbers: data/plans/…, 102/KH-UBND
    text = re.sub(r"\b[A-Za-z0-9]+_[A-Za-z0-9_]+\b", " ", text)  # env variables, snake_case ids
    text = re.sub(r"(?<![\w-])--?[a-z][a-z-]*", " ", text)  # option names
    found = set()
    for word in WORD.findall(text):
        low = word.lower()
        if not low.isascii() or low in codes or low in ALLOWED or len(low) == 1 \
                or SYLLABLE.fullmatch(low):
            continue
        found.add(word)
    return found


def test_english_words__the_detector_catches_english_and_passes_vietnamese():
    codes = _codes()
    assert english_words("Usage: hncc [OPTIONS] COMMAND [ARGS]...", codes) >= {"Usage", "OPTIONS"}
    assert english_words("'abc' is not a valid int. File does not exist.", codes) >= {
        "valid", "int", "File", "does", "exist"}
    assert english_words("Install completion for the current shell.", codes) >= {
        "Install", "completion", "current"}
    assert not english_words("Thu muc du an chua data; chua cap nhat, hoan thanh", codes - {"x"}) \
        - {"data"}
    assert not english_words("Tính theo ngày này, dd/mm/yyyy hoặc yyyy-mm-dd.", codes)


WRONG = [
    ["overdue", "--year", "abc"], ["overdue", "thừa"], ["import", "/không/có.txt"],
    ["overdue", "--status", "zz"], ["upcoming", "--within", "-1"],
    ["overdue", "--as-of", "31/02/2023"], ["overdue", "--as-of", "2023/12/15"],
    ["overdue", "--khong-co"], ["khongco"], ["show"], ["overdue", "--format", "xls"],
    ["overdue", "--agency", ""], ["overdue", "--year"], ["status"], ["report"],
    ["check", "--format", "xml"], ["budget", "--by", "zz"], ["calendar", "--remind", "-1"],
    ["diff", "--format", "zz"], ["status", "102:PL.II.1", "zz"],
    ["overdue", "--agency", "Sở Không Có"], ["status", "102:PL.II.1", "done", "--date", "hôm qua"],
]


def test_help__every_screen_is_vietnamese(hncc):
    codes = _codes()
    _, names = _commands()
    screens = {"hncc": hncc("--help").output, "hncc (không lệnh)": hncc().output}
    screens.update({name: hncc(name, "--help").output for name in names})
    assert len(screens) >= 17
    leaks = {name: words for name, text in screens.items() if (words := english_words(text, codes))}
    assert not leaks
    assert all("Cách dùng:" in text for text in screens.values())


@pytest.mark.parametrize("args", WRONG, ids=" ".join)
def test_errors__wrong_invocations_answer_in_vietnamese_with_exit_2(hncc, args):
    without_root = args[0] in ("khongco", "report", "import")
    result = hncc(*args) if without_root else hncc(*args[:1], "--root", REPO, *args[1:])
    assert result.exit_code == 2, result.output
    assert result.output.strip()
    assert not english_words(result.output, _codes())


def test_help__bare_hncc_shows_help_and_exits_0(hncc):
    result = hncc()
    assert result.exit_code == 0 and "LỆNH [ĐỐI_SỐ]..." in result.output
    assert "Lỗi" not in result.output


def test_version__option_and_command(hncc):
    from hncc import __version__

    assert hncc("--version").output.strip() == f"hncc {__version__}"
    assert hncc("version").output.strip() == __version__


# Dates as people write them.

def _json(hncc, *args):
    result = hncc(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("command", ["overdue", "upcoming", "tasks", "agencies", "budget"])
def test_dates__dd_mm_yyyy_and_iso_give_identical_answers(hncc, command):
    iso = _json(hncc, command, "--root", REPO, "--as-of", "2023-12-15")
    assert iso == _json(hncc, command, "--root", REPO, "--as-of", "15/12/2023")
    assert iso == _json(hncc, command, "--root", REPO, "--as-of", "15.12.2023")
    assert _json(hncc, command, "--root", REPO, "--as-of", "2022-04-01") == _json(
        hncc, command, "--root", REPO, "--as-of", "1/4/2022")


@pytest.mark.parametrize("text", ["31/02/2023", "15-12-23", "2023/12/15", "hôm nay", "12/2023"])
def test_dates__a_wrong_date_names_the_forms_expected_exit_2(hncc, text):
    result = hncc("overdue", "--root", REPO, "--as-of", text)
    assert result.exit_code == 2
    assert "dd/mm/yyyy" in result.output and "yyyy-mm-dd" in result.output


def test_dates__status_date_in_dd_mm_yyyy(hncc, root):
    root.plan("2022-7.yaml", PLAN)
    result = hncc("status", "7:III.1", "xong", "--date", "20/11/2022", "--root", root.path)
    assert result.exit_code == 0, result.output
    text = (root.data / "plans" / "2022-7.yaml").read_text(encoding="utf-8")
    assert "date: 2022-11-20" in text and "status: done" in text


# Global options anywhere.

def test_root__before_or_after_the_command(hncc, root, monkeypatch, tmp_path):
    root.plan("2022-7.yaml", PLAN)
    monkeypatch.chdir(tmp_path)
    before = hncc("--root", root.path, "tasks", "--as-of", "2023-01-01", "--format", "json")
    after = hncc("tasks", "--root", root.path, "--as-of", "2023-01-01", "--format", "json")
    assert before.exit_code == after.exit_code == 0
    assert before.stdout == after.stdout and "III.1" in before.stdout


def test_root__after_the_command_wins_over_before_and_over_hncc_root(hncc, root, monkeypatch,
                                                                     tmp_path):
    root.plan("2022-7.yaml", PLAN)
    monkeypatch.setenv("HNCC_ROOT", str(tmp_path / "nowhere"))
    assert hncc("check").exit_code == 2  # HNCC_ROOT is read
    assert hncc("check", "--root", root.path).exit_code == 0
    assert hncc("--root", tmp_path / "nowhere", "check", "--root", root.path).exit_code == 0
    assert hncc("--root", root.path, "check").exit_code == 0


# Choices in Vietnamese words.

@pytest.mark.parametrize(("words", "code"), [
    ("hoàn thành", "done"), ("xong", "done"), ("hoan thanh", "done"), ("HỦY", "cancelled"),
    ("huy", "cancelled"), ("tạm dừng", "suspended"), ("chưa bắt đầu", "not_started"),
    ("dang-thuc-hien", "in_progress"), ("chưa cập nhật", "unrecorded"), ("done", "done"),
])
def test_choices__status_filter_reads_vietnamese_words(hncc, words, code):
    ids = _json(hncc, "tasks", "--root", REPO, "--as-of", "2023-12-15", "--status", code)
    assert ids == _json(hncc, "tasks", "--root", REPO, "--as-of", "2023-12-15", "--status", words)


@pytest.mark.parametrize(("option", "words", "code"), [
    ("--kind", "chỉ tiêu", "target"), ("--kind", "chi tieu", "target"),
    ("--kind", "nhiệm vụ", "duty"), ("--kind", "dòng phụ lục", "row"),
    ("--role", "tất cả", "any"), ("--role", "chủ trì", "lead"),
])
def test_choices__kind_and_role_read_vietnamese_words(hncc, option, words, code):
    extra = ["--agency", "Sở Ngoại vụ"] if option == "--role" else []
    ids = _json(hncc, "tasks", "--root", REPO, "--as-of", "2023-12-15", *extra, option, code)
    assert ids and ids == _json(hncc, "tasks", "--root", REPO, "--as-of", "2023-12-15", *extra,
                                option, words)


def test_choices__status_command_takes_xong(hncc, root):
    root.plan("2022-7.yaml", PLAN)
    result = hncc("status", "7:III.1", "xong", "--date", "2022-06-01", "--root", root.path)
    assert result.exit_code == 0 and "đã hoàn thành" in result.output


# Agency initialisms.

def test_initialisms__derived_from_the_name():
    assert initialisms("Sở Văn hóa và Thể thao")[:3] == ["Sở VHTT", "SVHTT", "VHTT"]
    assert "SNgV" in initialisms("Sở Ngoại vụ") and "NV" in initialisms("Sở Ngoại vụ")
    assert initialisms("Sở Quy hoạch - Kiến trúc")[2] == "QHKT"
    assert initialisms("Sở Giáo dục và Đào tạo")[2] == "GDĐT"
    assert initialisms("Ban Thư ký UNESCO") == [] and initialisms("Sở Du") == []


@pytest.mark.parametrize(("typed", "name"), [
    ("Sở VHTT", "Sở Văn hóa và Thể thao"), ("VHTT", "Sở Văn hóa và Thể thao"),
    ("so vhtt", "Sở Văn hóa và Thể thao"), ("SVHTT", "Sở Văn hóa và Thể thao"),
    ("SNgV", "Sở Ngoại vụ"), ("Sở NgV", "Sở Ngoại vụ"), ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
    ("NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
])
def test_initialisms__accepted_for_the_shipped_registry(typed, name):
    match = loader.load(REPO / "data").dataset.registry.match(typed)
    assert match.agency is not None and match.agency.name == name


@pytest.mark.parametrize(("typed", "name"), [
    # "TP", "VP" and "UBND" as people write them; the name's own words beat a longer name that
    # also holds them (Văn phòng UBND thành phố Hà Nội holds every word of UBND TP Hà Nội)
    ("UBND TP Hà Nội", "Ủy ban nhân dân thành phố Hà Nội"),
    ("VP UBND TP", "Văn phòng Ủy ban nhân dân thành phố Hà Nội"),
    # a dash or a comma where the name has "và"
    ("Sở Văn hóa - Thể thao", "Sở Văn hóa và Thể thao"), ("sở văn hóa, thể thao", "Sở Văn hóa và Thể thao"),
])
def test_agency_words__abbreviations_and_punctuation_as_people_type_them(typed, name):
    match = loader.load(REPO / "data").dataset.registry.match(typed)
    assert match.agency is not None and match.agency.name == name, match.candidates


def test_initialisms__ambiguous_initialism_lists_both(root):
    root.agencies("""\
        agencies:
          - {id: so-noi-vu, name: Sở Nội vụ, kind: city_department}
          - {id: so-ngoai-vu, name: Sở Ngoại vụ, kind: city_department}
        """)
    registry = loader.load(root.data).dataset.registry
    match = registry.match("SNV")
    assert match.ambiguous and {a.name for a in match.candidates} == {"Sở Nội vụ", "Sở Ngoại vụ"}
    assert registry.match("SNgV").agency.name == "Sở Ngoại vụ"


def test_agency_words__an_id_is_matched_as_typed_never_by_its_words(root):
    # The id keeps the words of the agency's old name: typing that name must not find it by
    # them while the plans that write that name no longer resolve to it.
    root.agencies("""\
        agencies:
          - {id: so-ngoai-vu, name: Sở Đối ngoại, kind: city_department}
        """)
    registry = loader.load(root.data).dataset.registry
    assert registry.match("Sở Ngoại vụ").agency is None
    assert registry.match("so-ngoai-vu").agency.name == "Sở Đối ngoại"


def test_completion__without_accents(monkeypatch):
    from hncc.cli.queries import complete_agency

    monkeypatch.chdir(REPO)
    assert "Sở Ngoại vụ" in complete_agency("so ngoai")
    assert "Sở Văn hóa và Thể thao" in complete_agency("so")


def test_completion__the_shell_gets_matches_typed_without_accents(monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("_HNCC_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", "hncc overdue --agency so ngoai")
    monkeypatch.setenv("COMP_CWORD", "3")
    with pytest.raises(SystemExit):
        app(prog_name="hncc")
    assert "Sở Ngoại vụ" in capsys.readouterr().out


def test_empty_agency__is_an_error(hncc):
    for args in (["overdue", "--agency", ""], ["report", "--agency", " "],
                 ["agencies", "--show", ""], ["tasks", "--plan", ""]):
        result = hncc(*args, "--root", REPO)
        assert result.exit_code == 2 and "trống" in result.output, args


# CSV that Excel can add up.

def _csv_rows(text: str) -> list[dict[str, str]]:
    """The rows of the table, to the blank line after which its notes come (where a
    spreadsheet's filter and table end)."""
    assert text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    header, *found = lines[:lines.index([])] if [] in lines else lines
    return [dict(zip(header, row, strict=True)) for row in found]


def _number(cell: str) -> Decimal:
    return Decimal(cell.replace(",", "."))


def test_csv__amount_column_sums_to_the_budget_total(hncc):
    dataset = loader.load(REPO / "data").dataset
    overview = budget.overview(dataset, queries.scope(dataset, dt.date(2023, 12, 15)))
    rows = _csv_rows(hncc("budget", "--root", REPO, "--as-of", "15/12/2023", "--format",
                          "csv").stdout)
    assert [r["Năm"] for r in rows] == [str(y.year) for y in overview.years]  # no totals row
    assert sum(_number(r["Tổng (tỷ đồng)"]) for r in rows) == overview.total
    assert sum(_number(r["Chắc chắn (tỷ đồng)"]) for r in rows) == overview.firm
    assert {r["Tính đến ngày"] for r in rows} == {"15/12/2023"}


def test_csv__year_items_sum_to_the_year_total_with_decimal_comma(hncc, root):
    root.plan("2022-7.yaml", PLAN.replace("budget: 6 tỷ", "budget: 1,5 tỷ"))
    dataset = loader.load(root.data).dataset
    year = budget.year_budget(dataset, 2022, "item", queries.scope(dataset, dt.date(2022, 1, 1)))
    rows = _csv_rows(hncc("budget", "--root", root.path, "--year", "2022", "--as-of",
                          "2022-01-10", "--format", "csv").stdout)
    amounts = [r["Trong năm (tỷ đồng)"] for r in rows]
    assert amounts == ["0,75"] and "Tổng" not in {r["Kế hoạch"] for r in rows}
    assert sum(map(_number, amounts)) == year.total == Decimal("0.75")


# A calendar that stays put.

def test_calendar__reexport_of_unchanged_data_is_byte_identical(hncc, root):
    root.plan("2022-7.yaml", PLAN)
    first = hncc("calendar", "--root", root.path, "--as-of", "2022-07-10").stdout_bytes
    assert first == hncc("calendar", "--root", root.path, "--as-of", "2022-07-10").stdout_bytes
    # No due date passes and nothing is recorded between these days: the same bytes.
    assert first == hncc("calendar", "--root", root.path, "--as-of", "2022-11-30").stdout_bytes
    later = hncc("calendar", "--root", root.path, "--as-of", "2023-01-05").stdout_bytes
    assert later != first  # 31/12/2022 passed: that occurrence is now overdue


def test_calendar__a_status_update_changes_only_its_event(hncc, root):
    root.plan("2022-7.yaml", PLAN)
    before = icalendar.Calendar.from_ical(hncc("calendar", "--root", root.path, "--as-of",
                                               "2022-07-10").stdout_bytes)
    assert hncc("status", "7:III.2", "đang thực hiện", "--year", "2022", "--date", "2022-07-01",
                "--root", root.path).exit_code == 0
    after = icalendar.Calendar.from_ical(hncc("calendar", "--root", root.path, "--as-of",
                                              "2022-07-10").stdout_bytes)
    changed = {str(b["UID"]) for b, a in zip(before.walk("VEVENT"), after.walk("VEVENT"),
                                             strict=True) if b.to_ical() != a.to_ical()}
    assert changed == {"7-KH-UBND-2022-III.2-2022@hncc"}


def test_calendar__alarm_days_before_each_deadline(hncc, root):
    root.plan("2022-7.yaml", PLAN.replace("appendix:", "  - ref: III.3\n    kind: activity\n"
                                          "    title: Việc ba\n    deadline: vào tháng 10-11 "
                                          "hàng năm\nappendix:"))
    events = icalendar.Calendar.from_ical(hncc("calendar", "--root", root.path, "--as-of",
                                               "2022-01-10").stdout_bytes).walk("VEVENT")
    assert events and all(len(e.walk("VALARM")) == 1 for e in events)
    one_day = next(e for e in events if e["DTSTART"].dt == e["DTEND"].dt - dt.timedelta(days=1))
    assert one_day.walk("VALARM")[0]["TRIGGER"].dt == dt.timedelta(days=-7)
    window = next(e for e in events if str(e["UID"]).startswith("7-KH-UBND-2022-III.3"))
    trigger = window.walk("VALARM")[0]["TRIGGER"]
    assert trigger.params["RELATED"] == "END" and trigger.dt == dt.timedelta(days=-8)
    three = icalendar.Calendar.from_ical(hncc("calendar", "--root", root.path, "--as-of",
                                              "2022-01-10", "--remind", "3").stdout_bytes)
    assert {a["TRIGGER"].dt for a in three.walk("VALARM")} >= {dt.timedelta(days=-3)}
    none = hncc("calendar", "--root", root.path, "--as-of", "2022-01-10", "--remind", "0")
    assert b"VALARM" not in none.stdout_bytes


# Commands that write a file say what they wrote.

def test_output__report_and_calendar_say_what_they_wrote(hncc, tmp_path):
    for command, name in ((["report", "--plan", "102"], "bao-cao.md"),
                          (["calendar"], "han.ics")):
        target = tmp_path / name
        result = hncc(*command, "--root", REPO, "--as-of", "2023-12-15", "--output", target)
        assert result.exit_code == 0 and target.exists()
        assert f"Đã ghi {target}" in result.output and "byte" in result.output


# Any console encoding: no crash, files and pipes in UTF-8.

ENCODED_RUNS = [
    ["overdue", "--as-of", "15/12/2023"], ["overdue", "--as-of", "15/12/2023", "--format", "csv"],
    ["overdue", "--as-of", "15/12/2023", "--format", "json"],
    ["overdue", "--as-of", "15/12/2023", "--format", "md"], ["upcoming", "--within", "400"],
    ["tasks", "--format", "csv"], ["show", "102:PL.I.2"], ["budget", "--format", "csv"],
    ["budget", "--year", "2023"], ["agencies"], ["agencies", "--show", "VHTT"], ["check"],
    ["report", "--agency", "Sở Ngoại vụ", "--year", "2023"], ["calendar"], ["--help"],
    ["overdue", "--help"],
]


def _run(args, encoding):
    env = {**os.environ, "PYTHONIOENCODING": encoding, "HNCC_ROOT": str(REPO)}
    return subprocess.run([sys.executable, "-m", "hncc", *args], capture_output=True, env=env,
                          timeout=120, check=False)


@pytest.mark.parametrize("encoding", ["cp1258", "cp1252", "ascii"])
def test_encodings__every_command_and_format_exits_0_and_pipes_get_utf8(encoding):
    for args in ENCODED_RUNS:
        done = _run(args, encoding)
        assert done.returncode == 0, (args, done.stderr.decode("utf-8", "replace"))
        assert done.stdout.decode("utf-8")  # UTF-8 in the pipe, whatever the setting


@pytest.mark.parametrize("encoding", ["cp1258", "cp1252", "ascii"])
def test_encodings__errors_on_stderr_never_crash(encoding):
    done = _run(["overdue", "--as-of", "hôm qua"], encoding)
    assert done.returncode == 2 and "dd/mm/yyyy" in done.stderr.decode("utf-8")


class _Console(io.TextIOWrapper):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("encoding", "expected"), [
    ("cp1258", "Nhiệm vụ quá hạn “Sở Ngoại vụ” …"),  # decomposed: cp1258 has the tone marks
    ("cp1252", "Nhiêm vu quá han \u201cSo Ngoai vu\u201d \u2026"),  # ê and á exist there
    ("ascii", 'Nhiem vu qua han "So Ngoai vu" ...'),
])
def test_encodings__a_console_gets_what_it_can_show(encoding, expected):
    raw = io.BytesIO()
    stream = _Console(raw, encoding=encoding)
    console.prepare(stream)
    stream.write("Nhiệm vụ quá hạn “Sở Ngoại vụ” …")
    stream.flush()
    shown = raw.getvalue().decode(encoding)
    import unicodedata

    assert unicodedata.normalize("NFC", shown) == expected


def test_encodings__a_pipe_in_a_legacy_code_page_becomes_utf8():
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp1258")
    console.prepare(stream)
    stream.write("Sở Ngoại vụ")
    stream.flush()
    assert raw.getvalue().decode("utf-8") == "Sở Ngoại vụ"


# Windows: what can run here.

def test_windows__crlf_file_keeps_crlf_through_status_and_fmt(hncc, root):
    path = root.plan("2022-7.yaml", PLAN)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert hncc("fmt", "--check", "--root", root.path).exit_code == 0
    assert hncc("status", "7:III.1", "xong", "--date", "1/6/2022", "--root",
                root.path).exit_code == 0
    data = path.read_bytes()
    assert b"status: done\r\n" in data and data.count(b"\n") == data.count(b"\r\n")
    assert hncc("check", "--root", root.path).exit_code == 0
    assert hncc("fmt", "--check", "--root", root.path).exit_code == 0


def test_windows__line_ending_helpers():
    assert newlines.uses_crlf("a\r\nb\r\n") and not newlines.uses_crlf("a\nb\n")
    assert newlines.like("x\r\n", "a\nb\r\nc\n") == "a\r\nb\r\nc\r\n"
    assert newlines.like("x\n", "a\nb\n") == "a\nb\n"


def test_windows__replace_retries_while_another_program_holds_the_file(tmp_path, monkeypatch):
    target = tmp_path / "plan.yaml"
    target.write_bytes(b"old")
    real, calls = os.replace, []

    def locked_twice(source, destination):
        calls.append(destination)
        if len(calls) <= 2:
            raise PermissionError(13, "being used by another process")
        real(source, destination)

    monkeypatch.setattr(atomic, "WINDOWS", True)
    monkeypatch.setattr(atomic.os, "replace", locked_twice)
    atomic.write(target, b"new")
    assert target.read_bytes() == b"new" and len(calls) == 3
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]


def test_windows__a_lock_that_stays_is_an_error_and_leaves_the_file(tmp_path, monkeypatch):
    target = tmp_path / "plan.yaml"
    target.write_bytes(b"old")

    def locked(source, destination):
        raise PermissionError(13, "being used by another process")

    monkeypatch.setattr(atomic, "WINDOWS", False)
    monkeypatch.setattr(atomic.os, "replace", locked)
    with pytest.raises(atomic.CannotWrite, match="không có quyền ghi"):
        atomic.write(target, b"new")
    assert target.read_bytes() == b"old" and len(list(tmp_path.iterdir())) == 1


def test_windows__cache_under_localappdata(monkeypatch, tmp_path):
    monkeypatch.delenv("HNCC_CACHE_DIR", raising=False)
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    monkeypatch.setattr(cache, "WINDOWS", True)
    assert cache._cache_home() == tmp_path / "hncc" / "Cache"
    monkeypatch.setattr(cache, "WINDOWS", False)
    assert cache._cache_home() != tmp_path / "hncc" / "Cache"


def test_report__source_gaps_named_in_vietnamese(hncc, root):
    root.plan("2022-7.yaml", PLAN.replace("horizon:", dedent("""\
        source:
          complete: false
          gaps:
            - where: end
              note: Văn bản dừng giữa chừng.
            - where: header
              note: Không rõ ngày ký.
        horizon:""")))
    result = hncc("report", "--plan", "7", "--root", root.path, "--as-of", "2022-03-01")
    assert result.exit_code == 0, result.output
    assert "- Cuối văn bản: Văn bản dừng giữa chừng." in result.stdout
    assert "- Phần đầu văn bản: Không rõ ngày ký." in result.stdout
    assert "Mục end" not in result.stdout and "Mục header" not in result.stdout


def test_readme__install_commands_create_the_virtual_environment_first():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    linux = re.search(r"```sh\n(python3 -m venv .venv[^\n]*)\nhncc check\n```", readme)
    windows = re.search(r"```powershell\n(py -3 -m venv .venv[^\n]*)\nhncc check\n```", readme)
    assert linux and windows
    for line in (linux[1], windows[1]):
        assert line.index("venv") < line.index("Activate" if "ps1" in line else "activate") \
            < line.index('pip install -e ".[test]"')
