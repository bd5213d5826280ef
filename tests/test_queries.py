"""Tasks, overdue and upcoming on small plans, with pinned as-of dates."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from hncc.data import loader
from hncc.queries import tasks as queries
from hncc.queries.tasks import QueryError, Scope

D = dt.date

PLAN = """\
number: 7/KH-UBND
issuer: UBND Thành phố
date: 2022-01-10
title: KẾ HOẠCH THỬ
horizon: {start: 2022, end: 2024}
content:
  - ref: III.1
    kind: group
    title: Nhóm việc
  - ref: III.1.1
    kind: activity
    title: Việc theo quý
    lead: [Sở Văn hóa và Thể thao]
    cooperating: [Sở Ngoại vụ, các đơn vị liên quan]
    deadline: Quý II/2022
  - ref: III.1.2
    kind: activity
    title: Việc theo tháng
    lead: [Sở Ngoại Vụ]
    deadline: Tháng 5/2023
  - ref: III.2
    kind: activity
    title: Việc hàng năm
    lead: [Sở Công Thương]
    deadline: Hàng năm
  - ref: III.3
    kind: activity
    title: Việc không có hạn
    lead: [Sở Công Thương]
    no_deadline: Nguồn không ghi thời gian
"""


@pytest.fixture
def dataset(root):
    root.plan("2022-7.yaml", PLAN)
    return loader.load(root.data).dataset


def refs(found) -> list[tuple[str, int | None]]:
    return [(t.ref, t.year) for t in found]


@pytest.mark.parametrize(("as_of", "late"), [(D(2022, 6, 30), False), (D(2022, 7, 1), True)])
def test_overdue__quarter_is_due_on_its_last_day(dataset, as_of, late):
    assert (("III.1.1", None) in refs(queries.overdue(dataset, as_of))) is late


@pytest.mark.parametrize(("as_of", "late"), [(D(2023, 5, 31), False), (D(2023, 6, 1), True)])
def test_overdue__month_is_due_on_its_last_day(dataset, as_of, late):
    assert (("III.1.2", None) in refs(queries.overdue(dataset, as_of))) is late


def test_tasks__yearly_item_yields_one_task_per_horizon_year_and_none_after(dataset):
    found = queries.tasks(dataset, D(2030, 1, 1), Scope(kind="activity"))
    assert [t.due for t in found if t.ref == "III.2"] == [D(2022, 12, 31), D(2023, 12, 31),
                                                         D(2024, 12, 31)]


def test_tasks__headings_are_never_tasks_and_undated_items_are_never_in_time(dataset):
    found = queries.tasks(dataset, D(2023, 1, 1))
    assert "III.1" not in {t.ref for t in found}
    undated = [t for t in found if t.ref == "III.3"]
    assert [(t.due, t.progress, t.progress_label) for t in undated] == [
        (None, "no_deadline", "chưa hoàn thành, chưa có thời hạn")]


def test_tasks__undated_item_is_late_against_the_plan_once_its_horizon_ended(dataset):
    # The plan runs 2022-2024: on 31/12/2024 III.3 still has no deadline, a day later it is late.
    [during] = [t for t in queries.tasks(dataset, D(2024, 12, 31)) if t.ref == "III.3"]
    assert during.progress == "no_deadline"
    [late] = [t for t in queries.overdue(dataset, D(2025, 1, 10)) if t.ref == "III.3"]
    assert (late.due, late.progress, late.days_overdue) == (None, "past_plan", 10)
    assert late.progress_label == "chưa hoàn thành, quá thời hạn của kế hoạch"


def test_overdue__one_line_per_work_item_with_its_missed_years_oldest_first(dataset):
    found = queries.overdue(dataset, D(2024, 1, 15))
    assert refs(found) == [("III.1.1", None), ("III.2", 2022), ("III.1.2", None)]
    assert found[1].late_years == (2022, 2023)
    assert found[0].days_overdue == (D(2024, 1, 15) - D(2022, 6, 30)).days
    assert found[0].status == "unrecorded" and found[0].status_label == "chưa cập nhật"


def with_status(root, ref: str, status_yaml: str):
    text = PLAN.replace(f"  - ref: {ref}\n", f"  - ref: {ref}\n    status:\n{status_yaml}", 1)
    root.plan("2022-7.yaml", text)
    return loader.load(root.data).dataset


def test_overdue__done_removes_the_item(root):
    dataset = with_status(root, "III.1.1", "      - {date: 2022-08-01, status: done}\n")
    assert ("III.1.1", None) not in refs(queries.overdue(dataset, D(2022, 9, 1)))
    # Before the update was recorded, the item was overdue: a past as-of reproduces that.
    assert ("III.1.1", None) in refs(queries.overdue(dataset, D(2022, 7, 15)))


def test_overdue__done_for_one_year_removes_only_that_year(root):
    dataset = with_status(root, "III.2", "      - {date: 2023-01-05, status: done, year: 2022}\n")
    assert [t.year for t in queries.overdue(dataset, D(2024, 2, 1)) if t.ref == "III.2"] == [2023]


def test_overdue__cancelled_is_not_overdue_and_latest_update_wins(root):
    updates = ("      - {date: 2022-05-01, status: in_progress}\n"
               "      - {date: 2022-06-01, status: cancelled, reason: Gộp vào việc khác}\n")
    dataset = with_status(root, "III.1.1", updates)
    assert ("III.1.1", None) not in refs(queries.overdue(dataset, D(2022, 9, 1)))
    [task] = [t for t in queries.tasks(dataset, D(2022, 5, 15)) if t.ref == "III.1.1"]
    assert (task.status, task.status_label, task.status_date) == ("in_progress", "đang thực hiện",
                                                                 D(2022, 5, 1))


def test_progress__done_late_and_on_time(root):
    dataset = with_status(root, "III.2", "      - {date: 2023-01-05, status: done, year: 2022}\n"
                                         "      - {date: 2023-12-01, status: done, year: 2023}\n")
    found = {t.year: t.progress for t in queries.tasks(dataset, D(2024, 1, 1)) if t.ref == "III.2"}
    assert found == {2022: "done_late", 2023: "done_on_time", 2024: "pending"}


@pytest.mark.parametrize("typed", ["so ngoai vu", "Sở Ngoại Vụ", "Sở Ngoại vụ", "SỞ NGOẠI VỤ",
                                   "So\u0302\u0309 Ngoa\u0323i vu\u0323"])
def test_scope__agency_matches_without_case_accents_or_nfc(dataset, typed):
    where = queries.scope(dataset, D(2023, 1, 1), agency=typed)
    assert where.agency_ids == {"so-ngoai-vu"}


def test_overdue__agency_leads_or_with_role_any_also_supports(dataset):
    as_of = D(2023, 7, 1)
    lead = queries.scope(dataset, as_of, agency="so ngoai vu")
    any_role = queries.scope(dataset, as_of, agency="so ngoai vu", role="any")
    assert refs(queries.overdue(dataset, as_of, lead)) == [("III.1.2", None)]
    assert refs(queries.overdue(dataset, as_of, any_role)) == [("III.1.1", None), ("III.1.2", None)]


def test_scope__groups_are_agencies_of_their_own(dataset):
    where = queries.scope(dataset, D(2023, 7, 1), agency="các đơn vị liên quan", role="any")
    assert refs(queries.overdue(dataset, D(2023, 7, 1), where)) == [("III.1.1", None)]


@pytest.mark.parametrize(("typed", "words"), [
    ("Sở", "nhiều cơ quan"), ("Sở Tư pháp", "Không có cơ quan"), ("xyz", "Không có cơ quan"),
])
def test_scope__unknown_or_ambiguous_agency_lists_candidates(dataset, typed, words):
    with pytest.raises(QueryError, match=words) as error:
        queries.scope(dataset, D(2023, 1, 1), agency=typed)
    if typed == "Sở":
        assert "Sở Công Thương" in str(error.value) and "Sở Ngoại vụ" in str(error.value)


def test_scope__a_name_that_matches_nothing_is_unknown_even_with_several_lookalikes(dataset):
    # Nothing is called "Sở Ngoại Thương": two names that merely look like it are suggestions,
    # not two agencies the text matches.
    with pytest.raises(QueryError) as error:
        queries.scope(dataset, D(2023, 1, 1), agency="Sở Ngoại Thương")
    message = str(error.value)
    assert "Không có cơ quan “Sở Ngoại Thương”" in message and "nhiều cơ quan" not in message
    assert "Có phải: Sở Công Thương; Sở Ngoại vụ?" in message


def test_scope__successor_inherits_predecessor_tasks_from_its_date(root):
    root.agencies(AGENCIES_WITH_MERGER)
    root.plan("2022-7.yaml", PLAN)
    dataset = loader.load(root.data).dataset
    before = queries.scope(dataset, D(2025, 2, 28), agency="Sở Mới")
    after = queries.scope(dataset, D(2025, 3, 1), agency="Sở Mới")
    assert not queries.tasks(dataset, D(2025, 2, 28), before)
    assert {t.ref for t in queries.tasks(dataset, D(2025, 3, 1), after)} == {"III.2", "III.3"}


AGENCIES_WITH_MERGER = """\
agencies:
  - id: ubnd-thanh-pho
    name: Ủy ban nhân dân thành phố Hà Nội
    short: [UBND Thành phố]
    kind: city_government
  - id: so-van-hoa-va-the-thao
    name: Sở Văn hóa và Thể thao
    kind: city_department
  - id: so-ngoai-vu
    name: Sở Ngoại vụ
    aliases: [Sở Ngoại Vụ]
    kind: city_department
  - id: so-cong-thuong
    name: Sở Công Thương
    kind: city_department
    succession:
      - {successor: so-moi, from: 2025-03-01, source: Nghị quyết thử}
  - id: so-moi
    name: Sở Mới
    kind: city_department
  - id: cac-don-vi-lien-quan
    name: các đơn vị liên quan
    kind: group
"""


def test_agencies_show__succession_in_json_the_same_from_the_cache(root, hncc):
    root.agencies(AGENCIES_WITH_MERGER)
    root.plan("2022-7.yaml", PLAN)
    args = ("agencies", "--show", "so cong thuong", "--as-of", "2025-06-01", "--format", "json",
            "--root", root.path)
    cold, warm = hncc(*args), hncc(*args)  # the second reads the registry from the cache
    assert cold.exit_code == warm.exit_code == 0
    assert cold.stdout == warm.stdout
    record = json.loads(warm.stdout)
    assert record["succession"] == [{
        "kind": "succeeded_by", "predecessors": ["so-cong-thuong"], "successors": ["so-moi"],
        "from": "2025-03-01", "source": {"act": "Nghị quyết thử", "date": None, "press": []},
        "others": [], "note": None}]
    assert record["now"] == "Sở Công Thương, nay là Sở Mới từ 01/3/2025"
    assert (record["name"], record["short"], record["aliases"]) == ("Sở Công Thương", [], [])


def test_tasks__filters_by_plan_year_status_and_kind(dataset):
    as_of = D(2023, 1, 1)
    found = queries.tasks(dataset, as_of, queries.scope(dataset, as_of, plan="7", year=2023))
    # III.3 has no deadline: it is to be done while the plan runs (2022-2024), 2023 included.
    assert refs(found) == [("III.1.2", None), ("III.2", 2023), ("III.3", None)]
    assert not queries.tasks(dataset, as_of, Scope(status="done"))
    assert {t.kind for t in queries.tasks(dataset, as_of, Scope(kind="activity"))} == {"activity"}


def test_scope__unknown_plan_lists_the_plans(dataset):
    with pytest.raises(QueryError, match="7/KH-UBND@2022"):
        queries.scope(dataset, D(2023, 1, 1), plan="8")


def test_upcoming__due_within_the_window_and_not_done(dataset):
    found = queries.upcoming(dataset, D(2023, 5, 1), within=30)
    assert refs(found) == [("III.1.2", None)]
    assert refs(queries.upcoming(dataset, D(2023, 5, 1), within=29)) == []
    assert refs(queries.upcoming(dataset, D(2023, 12, 1))) == [("III.2", 2023)]


def test_show__entry_in_full_with_history_and_occurrences(root):
    dataset = with_status(root, "III.2", "      - {date: 2023-01-05, status: done, year: 2022, "
                                         "evidence: Báo cáo số 1/BC-SVHTT}\n")
    detail = queries.show(dataset, "7:III.2", D(2023, 2, 1))
    assert (detail.plan, detail.ref) == ("7/KH-UBND@2022", "III.2")
    assert detail.lead == ("Sở Công Thương",)
    assert [(t.year, t.status) for t in detail.occurrences] == [
        (2022, "done"), (2023, "unrecorded"), (2024, "unrecorded")]
    assert detail.history[0].evidence == "Báo cáo số 1/BC-SVHTT"
    with pytest.raises(QueryError):
        queries.show(dataset, "7:IX.9", D(2023, 2, 1))
