"""`hncc export --sqlite`: a documented SQLite database that says what the commands say.

On the shipped data its counts and sums are the library's own (work items, the task list, the
budget of every year, exactly); every table, view and column is described; views with Vietnamese
column names select; the same data gives the same bytes; a write that fails leaves nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import PLAN, REPO
from test_succession import AGENCIES as SUCCESSION_AGENCIES
from test_succession import PLAN as SUCCESSION_PLAN

from hncc import __version__, api
from hncc.data import loader
from hncc.domain.money import plain
from hncc.queries import workitems
from hncc.render import sqlite_export

AS_OF = dt.date(2023, 12, 15)
TY = 10 ** 9


@pytest.fixture(scope="module")
def shipped() -> loader.Dataset:
    return loader.load(REPO / "data")[0]


@pytest.fixture(scope="module")
def exported(shipped, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "hncc.sqlite"
    api.export_sqlite(shipped, AS_OF, path)
    return path


def rows(path: Path, sql: str, *args) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql, args).fetchall()
    finally:
        connection.close()


def objects(path: Path) -> list[tuple[str, str]]:
    return rows(path, "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') "
                      "AND name NOT LIKE 'sqlite_%' ORDER BY rowid")


# --- the shipped data: the same counts and sums as the library ---------------------------------


def test_shipped__one_row_per_work_item(exported, shipped):
    ids = [r[0] for r in rows(exported, "SELECT item_id FROM work_items ORDER BY position")]
    assert len(ids) == 35
    assert ids == [item.id for item in workitems.book(shipped).items]


def test_shipped__occurrences_are_the_task_list_row_for_row(exported, shipped):
    found = rows(exported, "SELECT item_id, year, due_date, status, progress, deadline_source, "
                           "lead_now FROM occurrences ORDER BY position")
    tasks = api.tasks(shipped, AS_OF)
    assert len(found) == len(tasks) == 56
    assert found == [(t.item, t.year, t.due.isoformat() if t.due else None, t.status, t.progress,
                      t.deadline_source, t.lead_now) for t in tasks]


def test_shipped__targets_are_the_target_list(exported, shipped):
    found = rows(exported, "SELECT plan_key, ref, due_date, status, progress, reached_by FROM "
                           "targets ORDER BY position")
    targets = api.tasks(shipped, AS_OF, kind="target")
    assert len(found) == len(targets) == 11
    assert [r[:5] for r in found] == [(t.plan, t.ref, t.due.isoformat() if t.due else None,
                                       t.status, t.progress) for t in targets]
    assert found[0][5] == "102/KH-UBND@2022:PL.II.1"  # target II.1 is reached by row PL.II.1


def test_shipped__overdue_view_holds_every_late_item(exported, shipped):
    late = {(r[0], r[1]) for r in rows(exported, 'SELECT "kế hoạch", "mục" FROM viec_qua_han')}
    assert late == {(t.plan, t.ref) for t in api.overdue(shipped, AS_OF)}


def test_shipped__budget_of_every_year_is_the_budget_commands_exactly(exported, shipped, hncc):
    view = {r[0]: r[1:] for r in rows(exported, "SELECT * FROM kinh_phi_theo_nam")}
    overview = api.budget_overview(shipped, AS_OF)
    assert sorted(view) == [y.year for y in overview.years] == [2022, 2023, 2024, 2025]
    assert rows(exported, "SELECT year, firm_ty_dong, apportioned_ty_dong, total_ty_dong FROM "
                          "budget_years ORDER BY year") == [
        (y.year, plain(y.firm), plain(y.apportioned), plain(y.total)) for y in overview.years]
    for year in view:
        made = api.year_budget(shipped, AS_OF, year)
        printed = json.loads(hncc("budget", "--year", year, "--format", "json", "--as-of",
                                  AS_OF.isoformat(), "--root", REPO).stdout)
        assert Decimal(printed["total"]) == made.total
        firm, apportioned, total, words = view[year]
        assert (firm, apportioned, total) == (made.firm * TY, made.apportioned * TY, made.total * TY)
        assert words == str(made.total).replace(".", ",")
        counted = rows(exported, "SELECT SUM(amount_dong) FROM budget_shares WHERE year = ? AND "
                                 "counted = 1", year)[0][0]
        assert counted == made.total * TY


def test_shipped__agencies_and_successions_are_the_registry(exported, shipped):
    assert [r[0] for r in rows(exported, "SELECT agency_id FROM agencies ORDER BY rowid")] == [
        a.id for a in shipped.registry]
    records = shipped.registry.successions.records
    assert rows(exported, "SELECT COUNT(DISTINCT succession_no) FROM agency_successions")[0][0] \
        == len(records) > 0
    merger = rows(exported, "SELECT successor_id, from_date, act, press FROM agency_successions "
                            "WHERE predecessor_id = 'so-ngoai-vu'")
    assert merger == [("van-phong-ubnd-thanh-pho", "2025-03-01",
                       "Nghị quyết của HĐND thành phố Hà Nội (kỳ họp thứ 21)",
                       "Người Lao Động 25/02/2025; Thanh Niên 25/02/2025")]


def test_shipped__metadata_records_date_version_and_fingerprint(exported, shipped):
    info = dict(rows(exported, "SELECT key, value FROM thong_tin"))
    assert info["as_of"] == "2023-12-15"
    assert info["hncc_version"] == __version__
    assert len(info["data_fingerprint"]) == 64 and info["plans"] == "2"


# --- descriptions and views ----------------------------------------------------------------------


def test_descriptions__every_table_view_and_column_is_described(exported):
    described = rows(exported, "SELECT table_name, table_type, column_position, column_name, "
                               "meaning FROM bang_mo_ta")
    assert all(meaning.strip() for *_, meaning in described)
    for name, kind in objects(exported):
        columns = [r[1] for r in rows(exported, f"PRAGMA table_info({sqlite_export.quoted(name)})")]
        mine = [(r[2], r[3]) for r in described if r[0] == name and r[3] is not None]
        assert [c for _, c in mine] == columns, name
        assert [p for p, _ in mine] == list(range(1, len(columns) + 1))
        assert [r[1] for r in described if r[0] == name and r[3] is None] == [kind], name
    assert {r[0] for r in described} == {name for name, _ in objects(exported)}


def test_views__every_view_selects_and_the_task_view_speaks_vietnamese(exported):
    views = [name for name, kind in objects(exported) if kind == "view"]
    assert {"viec_can_lam", "viec_qua_han", "kinh_phi_theo_nam", "kinh_phi_tung_khoan",
            "cap_nhat_trang_thai", "phan_cong", "co_quan", "chi_tieu"} <= set(views)
    assert all(name.isascii() for name in views)  # ODBC tools choke on other letters in names
    described = [r[0] for r in rows(exported, "SELECT column_name FROM bang_mo_ta WHERE "
                                               "table_type = 'view' AND column_name IS NOT NULL")]
    assert all(unicodedata.is_normalized("NFC", name) for name in described)  # as people type
    for view in views:
        rows(exported, f"SELECT * FROM {view}")
    columns = [r[1] for r in rows(exported, "PRAGMA table_info(viec_can_lam)")]
    assert {"công việc", "hạn", "trạng thái", "cơ quan chủ trì", "kinh phí"} <= set(columns)
    found = rows(exported, 'SELECT "công việc", "hạn", "cơ quan chủ trì" FROM viec_can_lam '
                           'WHERE "mục" = ? AND "năm" = 2023', "PL.II.9")
    assert found == [("Kế hoạch Tổ chức Lễ hội thiết kế sáng tạo", "2023-12-31",
                      "Sở Văn hóa và Thể thao")]
    assert len(rows(exported, "SELECT * FROM viec_can_lam")) == 56


def test_tables__no_floating_point_anywhere(exported):
    for name, _ in objects(exported):
        columns = [r[1] for r in rows(exported, f"PRAGMA table_info({sqlite_export.quoted(name)})")]
        for column in columns:
            kinds = rows(exported, f"SELECT DISTINCT typeof({sqlite_export.quoted(column)}) "
                                   f"FROM {sqlite_export.quoted(name)}")
            assert ("real",) not in kinds, (name, column)


# --- data in the data language: exact money, status as of a date, successions -----------------


def test_money__an_uneven_apportionment_is_stored_exactly(root, tmp_path):
    root.plan("2022-7.yaml", PLAN.replace("budget: 6 tỷ", "budget: 1 tỷ").replace(
        "deadline: Năm 2022-2023", "deadline: Năm 2022-2024"))
    dataset = loader.load(root.data)[0]
    out = tmp_path / "x.sqlite"
    api.export_sqlite(dataset, AS_OF, out)
    found = rows(out, "SELECT year, amount_ty_dong, amount_dong, typeof(amount_ty_dong), "
                      "typeof(amount_dong), basis FROM budget_shares ORDER BY year")
    assert found == [(2022, "0.333333", 333_333_000, "text", "integer", "apportioned"),
                     (2023, "0.333333", 333_333_000, "text", "integer", "apportioned"),
                     (2024, "0.333334", 333_334_000, "text", "integer", "apportioned")]
    years = rows(out, 'SELECT "năm", "tổng (đồng)", "kinh phí (tỷ đồng)" FROM kinh_phi_theo_nam')
    assert years == [(2022, 333_333_000, "0,333333"), (2023, 333_333_000, "0,333333"),
                     (2024, 333_334_000, "0,333334")]


STATUSES = """\
    status:
      - {date: 2022-05-01, status: in_progress, note: đã giao việc}
      - {date: 2022-07-01, status: done, evidence: Báo cáo số 1/BC-SVHTT}
"""


def test_status__in_force_on_the_as_of_date_and_every_update_kept(root, tmp_path):
    root.plan("2022-7.yaml", PLAN.replace("    deadline: Quý II/2022\n",
                                          "    deadline: Quý II/2022\n" + STATUSES))
    dataset = loader.load(root.data)[0]
    early, late = tmp_path / "early.sqlite", tmp_path / "late.sqlite"
    api.export_sqlite(dataset, dt.date(2022, 6, 1), early)
    api.export_sqlite(dataset, dt.date(2022, 8, 1), late)
    query = "SELECT status, progress FROM occurrences WHERE item_id = '7/KH-UBND@2022:PL.1'"
    assert rows(early, query) == [("in_progress", "pending")]
    assert rows(late, query) == [("done", "done_on_time")]  # the row is due in 2023
    for path in (early, late):
        assert rows(path, "SELECT ref, position, update_date, status, note, evidence FROM "
                          "status_updates") == [
            ("III.1", 1, "2022-05-01", "in_progress", "đã giao việc", None),
            ("III.1", 2, "2022-07-01", "done", None, "Báo cáo số 1/BC-SVHTT")]
    assert dict(rows(early, "SELECT key, value FROM thong_tin"))["as_of"] == "2022-06-01"


def test_status__the_people_s_view_keeps_links_and_difficulties(root, tmp_path):
    root.plan("2022-7.yaml", PLAN.replace("    deadline: Quý II/2022\n", "    deadline: Quý II/2022\n"
                                          "    status:\n      - {date: 2022-05-01, status: "
                                          "in_progress, link: 'https://vb.hanoi.gov.vn/1', "
                                          "difficulties: thiếu kinh phí}\n"))
    path = tmp_path / "x.sqlite"
    api.export_sqlite(loader.load(root.data)[0], dt.date(2022, 6, 1), path)
    assert rows(path, 'SELECT "liên kết", "khó khăn, vướng mắc" FROM cap_nhat_trang_thai') == [
        ("https://vb.hanoi.gov.vn/1", "thiếu kinh phí")]


def test_succession__roles_say_who_answers_on_the_as_of_date(root, tmp_path):
    root.agencies(SUCCESSION_AGENCIES)
    root.plan("2022-9.yaml", SUCCESSION_PLAN)
    dataset = loader.load(root.data)[0]
    before, after = tmp_path / "before.sqlite", tmp_path / "after.sqlite"
    api.export_sqlite(dataset, dt.date(2025, 2, 28), before)
    api.export_sqlite(dataset, dt.date(2025, 3, 1), after)
    query = ("SELECT role, written_as, agency_id, answered_by_ids, settled FROM agency_roles "
             "WHERE ref = ? ORDER BY rowid")
    assert rows(before, query, "A.1") == [("lead", "Sở Ngoại Vụ", "so-ngoai-vu", None, None),
                                          ("cooperating", "Sở Văn hóa và Thể thao", "so-van-hoa",
                                           None, None)]
    assert rows(after, query, "A.1")[0] == ("lead", "Sở Ngoại Vụ", "so-ngoai-vu", "van-phong", 1)
    assert rows(after, query, "C.1") == [("lead", "Sở Tách", "so-tach", "so-bac; so-nam", 0)]
    assert rows(after, 'SELECT "nay do" FROM viec_can_lam WHERE "mục" = ?', "A.1") == [
        ("Sở Ngoại vụ, nay là Văn phòng UBND Thành phố từ 01/3/2025",)]
    abolished = rows(after, "SELECT kind, successor_id, note FROM agency_successions WHERE "
                            "predecessor_id = 'ubnd-quan-thu'")
    assert abolished == [("abolished", None,
                          "chuyển cho UBND các xã, phường mới; chưa phân công lại")]
    merged = rows(after, "SELECT predecessor_id, successor_id, others FROM agency_successions "
                         "WHERE kind = 'merged_to_form'")
    assert merged == [("so-mot", "so-moi", "Sở Ngoài Danh Mục"),
                      ("so-hai", "so-moi", "Sở Ngoài Danh Mục")]


def test_fingerprint__changes_with_the_data_and_only_with_it(root, tmp_path):
    root.plan("2022-7.yaml", PLAN)
    out = tmp_path / "x.sqlite"

    def fingerprint() -> str:
        api.export_sqlite(loader.load(root.data)[0], AS_OF, out)
        return dict(rows(out, "SELECT key, value FROM thong_tin"))["data_fingerprint"]

    first = fingerprint()
    assert fingerprint() == first
    root.plan("2022-7.yaml", PLAN.replace("Việc hai", "Việc hai đã sửa"))
    assert fingerprint() != first


# --- writing: stable bytes, atomic, nothing left behind -------------------------------------------


def test_write__the_same_data_gives_the_same_bytes(shipped, exported, tmp_path):
    again = tmp_path / "again.sqlite"
    api.export_sqlite(shipped, AS_OF, again)
    assert again.read_bytes() == exported.read_bytes()
    api.export_sqlite(shipped, AS_OF, again)  # over the earlier export
    assert again.read_bytes() == exported.read_bytes()


def test_cli__writes_the_file_and_says_what_is_in_it(hncc, tmp_path):
    out = tmp_path / "hncc.sqlite"
    result = hncc("export", "--sqlite", out, "--as-of", "15/12/2023", "--root", REPO)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "35 công việc, 56 lần đến hạn" in result.stderr
    assert "tính đến ngày 15/12/2023" in result.stderr
    assert rows(out, "SELECT COUNT(*) FROM work_items") == [(35,)]


def test_cli__a_missing_folder_fails_and_leaves_nothing(hncc, tmp_path):
    out = tmp_path / "khong-co" / "hncc.sqlite"
    result = hncc("export", "--sqlite", out, "--root", REPO)
    assert result.exit_code == 1
    assert "thư mục không tồn tại" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_cli__a_folder_is_refused_untouched(hncc, tmp_path):
    folder = tmp_path / "thu-muc"
    folder.mkdir()
    (folder / "a.txt").write_text("giữ nguyên", encoding="utf-8")
    result = hncc("export", "--sqlite", folder, "--root", REPO)
    assert result.exit_code == 1
    assert "không phải một tệp thường" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["thu-muc"]
    assert (folder / "a.txt").read_text(encoding="utf-8") == "giữ nguyên"


def test_cli__a_file_that_is_not_a_database_is_not_overwritten(hncc, root, tmp_path):
    root.plan("2022-7.yaml", PLAN)
    plan = root.data / "plans" / "2022-7.yaml"
    before = plan.read_bytes()
    result = hncc("export", "--sqlite", plan, "--root", root.path)
    assert result.exit_code == 2
    assert "không phải một tệp cơ sở dữ liệu SQLite" in result.stderr
    assert plan.read_bytes() == before
    assert sorted(p.name for p in plan.parent.iterdir()) == ["2022-7.yaml"]


def test_cli__a_disk_full_halfway_leaves_the_earlier_export_and_nothing_else(hncc, tmp_path,
                                                                           monkeypatch):
    out = tmp_path / "hncc.sqlite"
    assert hncc("export", "--sqlite", out, "--root", REPO).exit_code == 0
    earlier = out.read_bytes()

    def full(_rows, path: Path) -> None:
        connection = sqlite3.connect(path)
        connection.execute("CREATE TABLE half (x)")
        connection.commit()
        connection.close()
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorcode = sqlite3.SQLITE_FULL
        raise error

    monkeypatch.setattr(sqlite_export, "write", full)
    result = hncc("export", "--sqlite", out, "--root", REPO)
    assert result.exit_code == 1
    assert "ổ đĩa đã đầy" in result.stderr and "Traceback" not in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["hncc.sqlite"]
    assert out.read_bytes() == earlier


def test_cli__a_plan_with_errors_is_named_and_the_export_exits_1(hncc, root, tmp_path):
    root.plan("2022-7.yaml", PLAN)
    root.plan("2022-8.yaml", "number: [unclosed\n")
    out = tmp_path / "x.sqlite"
    result = hncc("export", "--sqlite", out, "--root", root.path)
    assert result.exit_code == 1
    assert "2022-8.yaml" in result.stderr
    assert dict(rows(out, "SELECT key, value FROM thong_tin"))["left_out"] == "2022-8.yaml"


CORPUS = Path(__file__).parent / "corpus"


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.iterdir()
                                         if p.name != "expected.yaml"))
def test_corpus__every_known_bad_file_exports_or_is_named_never_a_crash(hncc, root, tmp_path, name):
    from test_corpus import EXPECTED

    root.raw(EXPECTED[name].get("as", name), (CORPUS / name).read_bytes())
    before = root.snapshot()
    out = tmp_path / "x.sqlite"
    result = hncc("export", "--sqlite", out, "--as-of", "2024-01-01", "--root", root.path)
    assert result.exit_code in (0, 1), result.output
    assert "lỗi nội bộ" not in result.output
    for view in [name for name, kind in objects(out) if kind == "view"]:
        rows(out, f"SELECT * FROM {view}")
    assert root.snapshot() == before
