"""A question asked as of a date is answered from the plans issued by then.

Plan 161 (31/5/2023) carries out parts of plan 102 (1/4/2022): it gives 102's work deadlines,
parts, agencies and money. Asked as of 1/12/2022, every read command answers as the data stood
then: exactly what it answers on the same data without the plans issued later (the oracle
here), whether the query index is cold, warm, or turned off, and whichever as-of dates were
asked before with the same index. The later plans are named on stderr as left out. An as-of
date before every plan gives an empty answer and says why; `--plan` of a later plan is refused
with its date; `show` of a later plan's entry still shows it, and says that it was issued
after the as-of date.

The data: the shipped plans, and two copies of 102 as plans of their own (no plan carries them
out): 901 issued 1/6/2021, before every as-of date asked, and 900 issued 1/2/2024, after them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO
from typer.testing import CliRunner

from hncc.cli import app

EARLY, MIDDLE, LATE, BEFORE_ALL = "2022-12-01", "2023-12-15", "2026-01-01", "2020-01-01"
NSV = "Sở Văn hóa và Thể thao"
COMMANDS = {  # name -> arguments (the as-of date and root are added)
    "overdue": ["overdue"],
    "overdue-json": ["overdue", "--format", "json"],
    "upcoming": ["upcoming", "--within", "400", "--format", "csv"],
    "tasks-json": ["tasks", "--format", "json"],
    "tasks-agency-any": ["tasks", "--agency", "so ngoai vu", "--role", "any", "--format", "md"],
    "tasks-plan-102": ["tasks", "--plan", "102", "--format", "json"],
    "show": ["show", "102:III.1.1.2", "--format", "json"],
    "show-table": ["show", "102:III.1.1.1"],
    "budget": ["budget", "--format", "json"],
    "budget-year": ["budget", "--year", "2023", "--by", "plan", "--format", "json"],
    "budget-agency": ["budget", "--year", "2022", "--agency", NSV],
    "agencies": ["agencies", "--format", "json"],
    "agencies-show": ["agencies", "--show", NSV, "--format", "json"],
    "report-agency": ["report", "--agency", NSV, "--year", "2022"],
    "report-plan": ["report", "--plan", "102"],
    "calendar": ["calendar"],
    "calendar-agency": ["calendar", "--agency", NSV],
}


def _copy_of_102(plans: Path, number: str, date: str, start: str) -> None:
    text = (plans / "2022-102-KH-UBND.yaml").read_text(encoding="utf-8")
    for old, new in (("number: 102/KH-UBND", f"number: {number}/KH-UBND"),
                     ("date: 2022-04-01", f"date: {date}"), ("start: 2022", f"start: {start}")):
        assert old in text
        text = text.replace(old, new, 1)
    (plans / f"{date[:4]}-{number}-KH-UBND.yaml").write_text(text, encoding="utf-8")


def _data(folder: Path, later_than: str | None = None) -> Path:
    """The data described above; with `later_than`, without the plans issued after that day."""
    shutil.copytree(REPO / "data", folder / "data", ignore=shutil.ignore_patterns("sources"))
    plans = folder / "data" / "plans"
    _copy_of_102(plans, "901", "2021-06-01", "2021")
    _copy_of_102(plans, "900", "2024-02-01", "2024")
    if later_than is not None:
        for path in plans.glob("*.yaml"):
            date = next(line for line in path.read_text(encoding="utf-8").splitlines()
                        if line.startswith("date: "))[6:16]
            if date > later_than:
                path.unlink()
    return folder


@pytest.fixture(scope="module")
def every(tmp_path_factory) -> Path:
    return _data(tmp_path_factory.mktemp("every"))


@pytest.fixture(scope="module")
def then(tmp_path_factory) -> dict[str, Path]:
    """For each as-of date: the data without the plans issued after it."""
    return {day: _data(tmp_path_factory.mktemp(f"then-{day}"), day) for day in (EARLY, MIDDLE)}


def _run(root: Path, args: list[str], cache: Path | None, monkeypatch) -> tuple[int, str, str]:
    if cache is not None:
        cache.mkdir(mode=0o700, exist_ok=True)
        monkeypatch.setenv("HNCC_CACHE_DIR", str(cache))
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.chdir(root)
    argv = [*(["--no-cache"] if cache is None else []), *args, "--root", str(root)]
    result = CliRunner().invoke(app, argv, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_as_of__the_data_has_what_the_tests_need(every: Path, then: dict[str, Path]) -> None:
    names = {day: sorted(p.name for p in (root / "data" / "plans").glob("*.yaml"))
             for day, root in then.items()}
    assert names[EARLY] == ["2021-901-KH-UBND.yaml", "2022-102-KH-UBND.yaml"]
    assert names[MIDDLE] == [*names[EARLY], "2023-161-KH-UBND.yaml"]
    assert CliRunner().invoke(app, ["check", "--root", str(every)]).exit_code == 0


@pytest.mark.parametrize("day", [EARLY, MIDDLE])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_as_of__a_command_answers_from_the_plans_issued_by_then(
        name: str, day: str, every: Path, then: dict[str, Path], tmp_path: Path,
        monkeypatch) -> None:
    args = [*COMMANDS[name], "--as-of", day]
    code, expected, said = _run(then[day], args, tmp_path / "oracle", monkeypatch)
    assert code == 0 and expected, said
    assert "ban hành sau ngày tính" not in said
    cold = _run(every, args, tmp_path / "cache", monkeypatch)
    assert cold[:2] == (code, expected), "cold index"
    left_out = "161/KH-UBND@2023 (ban hành 31/05/2023); " if day == EARLY else ""
    assert (f"kế hoạch ban hành sau ngày tính {day[8:]}/{day[5:7]}/{day[:4]} không được tính "
            in cold[2]), cold[2]
    assert f"{left_out}900/KH-UBND@2024 (ban hành 01/02/2024)." in cold[2]
    assert _run(every, args, tmp_path / "cache", monkeypatch) == cold, "warm index"
    assert _run(every, args, None, monkeypatch) == cold, "--no-cache"
    mixed = tmp_path / "mixed"  # an index that holds the rows of every plan first
    assert _run(every, [*COMMANDS[name], "--as-of", LATE], mixed, monkeypatch)[0] == 0
    assert _run(every, args, mixed, monkeypatch) == cold, "index holding every plan's rows too"


def test_as_of__one_index_answers_each_date_as_it_stood(every: Path, then: dict[str, Path],
                                                       tmp_path: Path, monkeypatch) -> None:
    """One index asked in turn about every plan, as of an earlier date, again about every plan
    and so on: each answer is that of its date (the rows of the plans issued by a date are kept
    next to those of every plan, and read apart from them)."""
    cache = tmp_path / "cache"
    expected = {day: _run(then.get(day, every), ["tasks", "--format", "json", "--as-of", day],
                          tmp_path / f"oracle-{day}", monkeypatch)[1]
                for day in (EARLY, MIDDLE, LATE)}
    assert len(set(expected.values())) == 3
    for day in (LATE, EARLY, LATE, MIDDLE, EARLY, MIDDLE, LATE):
        for name in ("tasks-json", "budget-year", "agencies"):
            args = [*COMMANDS[name], "--as-of", day]
            found = _run(every, args, cache, monkeypatch)
            assert found == _run(every, args, None, monkeypatch), (name, day)
            if name == "tasks-json":
                assert found[1] == expected[day], day


def test_as_of__an_answer_before_161_has_nothing_of_it(every: Path, tmp_path: Path,
                                                      monkeypatch) -> None:
    """What the oracle comparison means on the shipped data: as of 1/12/2022 plan 161 gives 102's
    III.1.1.2 no part or mention; as of 15/12/2023 it does."""
    import json

    def shown(day: str) -> dict:
        code, out, said = _run(every, ["show", "102:III.1.1.2", "--format", "json", "--as-of", day],
                               tmp_path / "cache", monkeypatch)
        assert code == 0, said
        return json.loads(out)

    def listed(day: str) -> str:
        code, out, said = _run(every, ["tasks", "--format", "json", "--as-of", day],
                               tmp_path / "cache", monkeypatch)
        assert code == 0, said
        return out

    assert "161/KH-UBND@2023" not in json.dumps(shown(EARLY))
    assert "161/KH-UBND@2023" in json.dumps(shown(MIDDLE))
    assert "161/KH-UBND@2023" not in listed(EARLY)
    assert "161/KH-UBND@2023" in listed(MIDDLE)
    assert "900/KH-UBND@2024" not in listed(MIDDLE)


@pytest.mark.parametrize("cache", [True, False], ids=["index", "no-cache"])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_as_of__before_every_plan_the_answer_is_empty_and_says_why(
        name: str, cache: bool, every: Path, tmp_path: Path, monkeypatch) -> None:
    code, out, said = _run(every, [*COMMANDS[name], "--as-of", BEFORE_ALL],
                           tmp_path / "cache" if cache else None, monkeypatch)
    assert ("Lưu ý: chưa có kế hoạch nào ban hành đến ngày tính 01/01/2020 (sớm nhất là "
            "901/KH-UBND@2021, ban hành 01/06/2021)" in said), said
    assert "Traceback" not in out + said
    if name in ("report-plan", "tasks-plan-102"):  # a plan not issued yet: refused, with its date
        assert code == 2 and ("hncc: Kế hoạch 102/KH-UBND@2022 ban hành ngày 01/04/2022, sau "
                              "ngày tính 01/01/2020: đến ngày đó kế hoạch chưa có") in said
        return
    assert code == 0, said
    if name.startswith("show"):  # still shown, saying the plan was issued later
        assert ("Lưu ý: Kế hoạch 102/KH-UBND@2022 ban hành ngày 01/04/2022, sau ngày tính "
                "01/01/2020: mục này là của kế hoạch chưa có vào ngày đó") in said
        return
    assert "102/KH-UBND" not in out and "901/KH-UBND" not in out
    if name in ("overdue-json", "tasks-json"):
        assert out.strip() == "[]"
    if name == "calendar":
        assert "BEGIN:VEVENT" not in out


def test_as_of__plan_of_a_later_plan_is_refused_with_its_date(every: Path, tmp_path: Path,
                                                             monkeypatch) -> None:
    for args in (["overdue", "--plan", "161"], ["budget", "--plan", "161"],
                 ["agencies", "--plan", "161"], ["report", "--plan", "161/KH-UBND@2023"]):
        code, out, said = _run(every, [*args, "--as-of", EARLY], tmp_path / "cache", monkeypatch)
        assert code == 2 and not out, (args, out)
        assert ("hncc: Kế hoạch 161/KH-UBND@2023 ban hành ngày 31/05/2023, sau ngày tính "
                "01/12/2022: đến ngày đó kế hoạch chưa có") in said, said


def test_as_of__show_of_a_later_plan_says_it_was_issued_after(every: Path, tmp_path: Path,
                                                             monkeypatch) -> None:
    args = ["show", "161:II.1.1", "--format", "json"]
    code, out, said = _run(every, [*args, "--as-of", EARLY], tmp_path / "cache", monkeypatch)
    assert code == 0 and '"plan": "161/KH-UBND@2023"' in out, said
    assert ("Lưu ý: Kế hoạch 161/KH-UBND@2023 ban hành ngày 31/05/2023, sau ngày tính "
            "01/12/2022: mục này là của kế hoạch chưa có vào ngày đó") in said
    code, out, said = _run(every, [*args, "--as-of", MIDDLE], tmp_path / "cache", monkeypatch)
    assert code == 0 and "mục này là của kế hoạch chưa có" not in said


def test_as_of__form_has_the_rows_of_the_plans_issued_by_then(every: Path,
                                                              then: dict[str, Path],
                                                              tmp_path: Path, monkeypatch) -> None:
    from openpyxl import load_workbook

    def rows(root: Path, cache: Path | None, name: str) -> list[tuple]:
        target = tmp_path / name
        code, _, said = _run(root, ["form", "--agency", NSV, "--year", "2023", "--as-of", EARLY,
                                    "--output", str(target)], cache, monkeypatch)
        assert code == 0, said
        return [tuple(row) for sheet in load_workbook(target).worksheets
                for row in sheet.iter_rows(values_only=True)]

    expected = rows(then[EARLY], tmp_path / "oracle", "oracle.xlsx")
    assert any("102/KH-UBND" in str(row) for row in expected)
    assert rows(every, tmp_path / "cache", "cold.xlsx") == expected
    assert rows(every, tmp_path / "cache", "warm.xlsx") == expected
    assert rows(every, None, "direct.xlsx") == expected


def test_as_of__forms_per_agency_before_every_plan_say_there_is_none(every: Path, tmp_path: Path,
                                                                    monkeypatch) -> None:
    folder = tmp_path / "forms"
    code, _, said = _run(every, ["form", "--output-dir", str(folder), "--as-of", BEFORE_ALL],
                         tmp_path / "cache", monkeypatch)
    assert code == 0 and not any(folder.iterdir())
    assert ("hncc: không cơ quan nào chủ trì nhiệm vụ năm 2020 tính đến ngày 01/01/2020: không "
            "có biểu mẫu nào để ghi.") in said, said
