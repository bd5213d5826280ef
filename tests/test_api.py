"""Every command as a library call (hncc.api), without the command line."""

from __future__ import annotations

import datetime as dt
import subprocess
from decimal import Decimal

import pytest
from conftest import PLAN, REPO
from test_fmt import MESSY

from hncc import api
from hncc.data import files, loader
from hncc.edit.status_edit import EditRefused
from hncc.queries.budget import BudgetOverview, YearBudget

AS_OF = dt.date(2023, 7, 1)
SOURCES = REPO / "data" / "sources"


@pytest.fixture
def data(root):
    root.plan("2022-7.yaml", PLAN)
    return root


@pytest.fixture
def dataset(data):
    return loader.load(data.data).dataset


def test_api__check_counts_plans_entries_and_agencies_of_the_shipped_data():
    result = api.check(REPO / "data")
    assert result.ok and result.problems == []
    assert (len(result.dataset.plans), result.entries, len(result.dataset.registry)) == (2, 80, 86)


def test_api__check_strict_turns_a_second_lead_into_a_failure(data):
    data.plan("2022-8.yaml", PLAN.replace("7/KH-UBND", "8/KH-UBND").replace(
        "lead: [Sở Ngoại Vụ]", "lead: [Sở Ngoại Vụ, Sở Công Thương]"))
    assert api.check(data.data).ok
    strict = api.check(data.data, strict=True)
    codes = [p.code for p in strict.problems]
    # PLAN's III.1 (Quý II/2022) and its row PL.1 (Năm 2022-2023) disagree: a warning too.
    assert not strict.ok and sorted(codes) == ["deadline-disagrees", "deadline-disagrees", "two-leads"]


def test_api__task_lists_filter_by_agency_and_year(dataset):
    overdue = api.overdue(dataset, AS_OF, agency="so van hoa va the thao")
    # One work item: row PL.1 with its part III.1, late since the part's own Quý II/2022.
    assert [(t.ref, t.due, t.late_since) for t in overdue] == [
        ("PL.1", dt.date(2023, 12, 31), dt.date(2022, 6, 30))]
    yearly = api.tasks(dataset, AS_OF, agency="Sở Ngoại vụ", year=2023)
    assert [(t.ref, t.year) for t in yearly] == [("III.2", 2023)]
    soon = api.upcoming(dataset, dt.date(2022, 12, 1), 31, role="any", agency="Sở Ngoại vụ")
    assert [t.ref for t in soon] == ["III.2"]


def test_api__unknown_agency_is_a_query_error(dataset):
    with pytest.raises(api.QueryError, match="Không có cơ quan"):
        api.overdue(dataset, AS_OF, agency="Sở Không Có")


def test_api__show_gives_the_entry_in_full(dataset):
    detail = api.show(dataset, "7:III.1", AS_OF)
    assert (detail.plan, detail.ref, detail.deadline_text) == ("7/KH-UBND@2022", "III.1", "Quý II/2022")


def test_api__budgets_by_year_and_of_one_year(dataset):
    overview = api.budget_overview(dataset, AS_OF)
    assert isinstance(overview, BudgetOverview)
    assert {y.year: y.total for y in overview.years} == {2022: Decimal(3), 2023: Decimal(3),
                                                         2024: Decimal(0)}
    year = api.year_budget(dataset, AS_OF, 2023, "plan")
    assert isinstance(year, YearBudget) and year.total == Decimal(3)


def test_api__workload_and_one_agency(dataset):
    rows = {w.id: (w.led, w.supported) for w in api.workload(dataset, AS_OF)}
    assert rows["so-ngoai-vu"] == (1, 1)
    record = api.agency_record(dataset, AS_OF, "so ngoai vu")
    assert record.id == "so-ngoai-vu"


def test_api__report_needs_exactly_one_of_agency_and_plan(dataset):
    with pytest.raises(api.UsageError):
        api.report(dataset, AS_OF)
    with pytest.raises(api.UsageError):
        api.check_report_options("Sở Ngoại vụ", "7", None)
    with pytest.raises(api.UsageError, match="--year"):
        api.check_report_options(None, "7", 2023)
    with pytest.raises(api.UsageError, match="docx"):
        api.check_report_options(None, "7", None, docx=True)
    text = api.report(dataset, AS_OF, plan="7").decode("utf-8")
    assert text.startswith("# Kế hoạch 7/KH-UBND")
    word = api.report(dataset, AS_OF, agency="Sở Văn hóa và Thể thao", docx=True)
    assert word.startswith(b"PK")  # a Word file is a zip archive


def test_api__calendar_is_icalendar_of_one_agency(dataset):
    ics = api.calendar(dataset, AS_OF, "Sở Văn hóa và Thể thao")
    assert ics.startswith(b"BEGIN:VCALENDAR") and "III.1" in ics.decode("utf-8")


def test_api__record_status_appends_and_refuses_what_cannot_be(data):
    edit = api.record_status(data.data, "7:III.1", "đã hoàn thành", date=dt.date(2022, 6, 1))
    assert (edit.ref, edit.update.status) == ("III.1", "done")
    assert "status: done" in (data.data / "plans" / "2022-7.yaml").read_text(encoding="utf-8")
    with pytest.raises(api.UsageError, match="Không hiểu trạng thái"):
        api.record_status(data.data, "7:III.1", "xong rồi", date=AS_OF)
    with pytest.raises(api.UsageError, match="cần lý do"):
        api.record_status(data.data, "7:III.1", "cancelled", date=AS_OF)
    with pytest.raises(EditRefused, match="không có mục"):
        api.record_status(data.data, "7:IX", "done", date=AS_OF)


def test_api__fmt_reports_each_file_and_check_writes_nothing(data):
    messy = data.plan("2022-8.yaml", MESSY.replace("7/KH-UBND", "8/KH-UBND"))
    data.plan("2022-9.yaml", "number: [\n")
    stray = data.path / "notes.yaml"
    stray.write_text("a: 1\n", encoding="utf-8")
    before = messy.read_bytes()
    checked = api.fmt(data.data, check=True)
    outcomes = {f.path.name: f.outcome for f in checked.files}
    assert outcomes == {"agencies.yaml": "unchanged", "2022-7.yaml": "unchanged",
                        "2022-8.yaml": "changed", "2022-9.yaml": "failed"}
    assert not checked.ok and messy.read_bytes() == before
    named = api.fmt(data.data, [messy, stray])
    assert [(f.path, f.outcome) for f in named.files] == [(messy, "changed"), (stray, "skipped")]
    assert named.ok and messy.read_bytes() != before


def test_api__fmt_refuses_a_file_over_the_size_limit(data, monkeypatch):
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 100)
    result = api.fmt(data.data)
    assert {f.outcome for f in result.files} == {"failed"}
    assert all("quá giới hạn" in f.reason for f in result.files)


def test_api__schema_writes_both_schemas(tmp_path, data):
    written = api.schema(tmp_path)
    assert sorted(p.name for p in written) == ["agencies.schema.json", "plan.schema.json"]
    assert api.schema_folder(data.data) == data.path / "schema"


def test_api__diff_against_the_working_tree(data):
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(data.path), "-c", "user.name=t", "-c",
                        "user.email=t@example.org", *args], check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", ".")
    git("commit", "-q", "-m", "one")
    plan = data.data / "plans" / "2022-7.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("budget: 6 tỷ", "budget: 8 tỷ"),
                    encoding="utf-8")
    comparison = api.diff(data.data)
    assert [(c.kind, c.ref) for c in comparison.changes] == [("budget", "PL.1")]
    assert comparison.new_label == "thư mục làm việc"


def test_api__import_drafts_a_plan_and_refuses_what_is_not_one(tmp_path):
    result = api.import_plan(REPO / "data", SOURCES / "002_7a0329d468c6a074.txt",
                             tmp_path / "draft.yaml")
    assert result.problems == [] and result.draft.plan["number"] == "161/KH-UBND"
    assert (tmp_path / "draft.yaml").read_text(encoding="utf-8") == result.text
    with pytest.raises(FileExistsError):
        api.import_plan(REPO / "data", SOURCES / "002_7a0329d468c6a074.txt", tmp_path / "draft.yaml")
    with pytest.raises(api.ImportRefused, match="Không tìm thấy văn bản kế hoạch"):
        api.import_plan(REPO / "data", SOURCES / "000_aeb1d259c08137a1.txt")


def test_api__import_refuses_a_text_over_the_size_limit(monkeypatch):
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 100)
    with pytest.raises(api.ImportRefused, match="quá giới hạn"):
        api.import_plan(REPO / "data", SOURCES / "002_7a0329d468c6a074.txt")


def test_api__form_is_a_spreadsheet_of_the_agencys_rows(dataset):
    made = api.form(dataset, AS_OF, 2023, "so van hoa va the thao")
    assert made.data.startswith(b"PK")  # an .xlsx file is a zip archive
    assert (made.agency, made.agency_id) == ("Sở Văn hóa và Thể thao", "so-van-hoa-va-the-thao")
    assert made.rows >= 1
    assert {m.agency for m in api.forms_per_agency(dataset, AS_OF, 2023)} >= {made.agency}


def test_api__status_from_a_form_that_does_not_exist_is_wrong_usage(data, tmp_path):
    with pytest.raises(api.UsageError, match="không có tệp"):
        api.status_from_forms(data.data, [tmp_path / "bieu-mau.xlsx"], AS_OF)
