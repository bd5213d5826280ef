"""Successions of agencies: who answers for a task on a date, and what the tool says about it.

One registry with every kind of succession, dated 01/3/2025 (and an abolition on 01/7/2025):
Sở Ngoại vụ merged into Văn phòng (one to one); Sở Một and Sở Hai merged to form Sở Mới (many
into one); Sở Tách split among Sở Bắc and Sở Nam (one among many); UBND quận Thử abolished with
no successor. Each is looked at the day before its date, on it, and after it.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import dedent

from hncc import api
from hncc.data import loader
from hncc.domain.problems import Severity
from hncc.domain.succession import official_date
from hncc.queries import reports, responsibility, workload
from hncc.queries import tasks as queries

D = dt.date
MERGER = D(2025, 3, 1)
DISTRICTS_END = D(2025, 7, 1)
SIDES = [(D(2025, 2, 28), False), (MERGER, True), (D(2026, 1, 1), True)]
SOURCE = """\
    source:
      act: Nghị quyết thử của HĐND
      date: 2025-02-25
      press:
        - {name: Báo Thử, date: 2025-02-25}
"""
AGENCIES = """\
agencies:
  - {id: ubnd-thanh-pho, name: Ủy ban nhân dân thành phố Hà Nội, short: [UBND Thành phố],
     kind: city_government}
  - {id: so-ngoai-vu, name: Sở Ngoại vụ, aliases: [Sở Ngoại Vụ], kind: city_department}
  - {id: van-phong, name: Văn phòng UBND Thành phố, kind: city_unit}
  - {id: so-mot, name: Sở Một, kind: city_department}
  - {id: so-hai, name: Sở Hai, kind: city_department}
  - {id: so-moi, name: Sở Mới, kind: city_department}
  - {id: so-tach, name: Sở Tách, kind: city_department}
  - {id: so-bac, name: Sở Bắc, kind: city_department}
  - {id: so-nam, name: Sở Nam, kind: city_department}
  - {id: ubnd-quan-thu, name: UBND quận Thử, kind: district_committee}
  - {id: so-van-hoa, name: Sở Văn hóa và Thể thao, kind: city_department}
successions:
  - kind: merged_into
    predecessors: [so-ngoai-vu]
    successors: [van-phong]
    from: 2025-03-01
""" + SOURCE + """\
  - kind: merged_to_form
    predecessors: [so-mot, so-hai]
    others: [Sở Ngoài Danh Mục]
    successors: [so-moi]
    from: 2025-03-01
""" + SOURCE + """\
  - kind: split_among
    predecessors: [so-tach]
    successors: [so-bac, so-nam]
    from: 2025-03-01
""" + SOURCE + """\
  - kind: abolished
    predecessors: [ubnd-quan-thu]
    from: 2025-07-01
    note: chuyển cho UBND các xã, phường mới; chưa phân công lại
""" + SOURCE

PLAN = """\
number: 9/KH-UBND
issuer: UBND Thành phố
date: 2022-01-10
title: KẾ HOẠCH THỬ
horizon: {start: 2022, end: 2026}
content:
  - {ref: A.1, kind: activity, title: Việc đối ngoại, lead: [Sở Ngoại Vụ],
     cooperating: [Sở Văn hóa và Thể thao], deadline: Năm 2025}
  - {ref: A.2, kind: activity, title: Việc văn hóa, lead: [Sở Văn hóa và Thể thao],
     cooperating: [Sở Ngoại vụ], deadline: Năm 2025}
  - {ref: B.1, kind: activity, title: Việc sở một, lead: [Sở Một], deadline: Năm 2025}
  - {ref: B.2, kind: activity, title: Việc sở hai, lead: [Sở Hai], deadline: Năm 2026}
  - {ref: C.1, kind: activity, title: Việc sở tách, lead: [Sở Tách], deadline: Năm 2025}
  - {ref: Q.1, kind: activity, title: Việc của quận, lead: [UBND quận Thử], deadline: Năm 2025}
  - ref: Q.2
    kind: activity
    title: Việc quận đã xong
    lead: [UBND quận Thử]
    deadline: Năm 2024
    status:
      - {date: 2024-10-01, status: done}
  - {ref: V.1, kind: activity, title: Việc văn phòng, lead: [Văn phòng UBND Thành phố],
     deadline: Năm 2024}
"""


@pytest.fixture
def dataset(root):
    root.agencies(AGENCIES)
    root.plan("2022-9.yaml", PLAN)
    return loader.load(root.data).dataset


def refs(found) -> set[str]:
    return {t.ref for t in found}


def led_by(dataset, agency: str, day: dt.date) -> set[str]:
    return refs(queries.tasks(dataset, day, queries.scope(dataset, day, agency=agency)))


# --- who answers, by kind and by side of the date ----------------------------------------------

@pytest.mark.parametrize(("day", "after"), SIDES)
def test_one_to_one__successor_answers_from_the_date_on(dataset, day, after):
    found = dataset.registry.responsible("so-ngoai-vu", day)
    assert found.current == (("van-phong",) if after else ("so-ngoai-vu",))
    assert found.changed is after and found.settled
    assert led_by(dataset, "Văn phòng UBND Thành phố", day) == ({"A.1", "V.1"} if after else {"V.1"})


@pytest.mark.parametrize(("day", "after"), SIDES)
def test_many_into_one__both_predecessors_pass_to_the_new_agency(dataset, day, after):
    for lead in ("so-mot", "so-hai"):
        assert dataset.registry.responsible(lead, day).current == (("so-moi",) if after else (lead,))
    assert led_by(dataset, "Sở Mới", day) == ({"B.1", "B.2"} if after else set())
    listed = {w.agency for w in workload.workload(dataset, day)}
    assert ("Sở Mới" in listed) is after  # formed by the merger: it did not exist before


@pytest.mark.parametrize(("day", "after"), SIDES)
def test_split_among_many__each_successor_sees_it_and_no_one_is_picked(dataset, day, after):
    found = dataset.registry.responsible("so-tach", day)
    assert found.current == (("so-bac", "so-nam") if after else ("so-tach",))
    assert found.settled is not after
    for successor in ("Sở Bắc", "Sở Nam"):
        assert led_by(dataset, successor, day) == ({"C.1"} if after else set())
    assert ("C.1" in refs(responsibility.unassigned(dataset, day))) is after


@pytest.mark.parametrize(("day", "after"), [(D(2025, 6, 30), False), (DISTRICTS_END, True),
                                            (D(2026, 1, 1), True)])
def test_abolished__no_one_answers_and_open_work_needs_reassignment(dataset, day, after):
    found = dataset.registry.responsible("ubnd-quan-thu", day)
    assert found.current == (() if after else ("ubnd-quan-thu",))
    assert found.settled is not after
    unassigned = refs(responsibility.unassigned(dataset, day))
    assert ("Q.1" in unassigned) is after
    assert "Q.2" not in unassigned  # recorded done: nothing to reassign


def test_chain__a_successor_that_ends_later_passes_the_work_on(root):
    chained = AGENCIES + """\
  - kind: abolished
    predecessors: [van-phong]
    from: 2026-01-01
""" + SOURCE
    root.agencies(chained)
    root.plan("2022-9.yaml", PLAN)
    dataset = loader.load(root.data).dataset
    found = dataset.registry.responsible("so-ngoai-vu", D(2026, 2, 1))
    assert found.current == () and not found.settled
    assert [r.kind for r in found.chain] == ["merged_into", "abolished"]
    assert "A.1" in refs(responsibility.unassigned(dataset, D(2026, 2, 1)))


# --- how tasks show it ------------------------------------------------------------------------

@pytest.mark.parametrize(("day", "after"), SIDES)
def test_tasks__lead_shown_with_who_answers_now_from_the_date(dataset, day, after):
    task = next(t for t in queries.tasks(dataset, day) if t.ref == "A.1")
    assert task.lead == ("Sở Ngoại vụ",)  # the data keeps the original lead
    expected = f"Sở Ngoại vụ, nay là Văn phòng UBND Thành phố từ {official_date(MERGER)}"
    assert task.lead_now == (expected if after else None)


def test_tasks__a_split_and_an_abolition_say_no_one_was_picked(dataset):
    by_ref = {t.ref: t for t in queries.tasks(dataset, D(2025, 8, 1))}
    assert by_ref["C.1"].lead_now == "Sở Tách, chia tách cho Sở Bắc, Sở Nam từ 01/3/2025 (chưa phân công lại)"
    assert by_ref["Q.1"].lead_now == ("UBND quận Thử, chấm dứt hoạt động từ 01/7/2025 (chuyển cho "
                                      "UBND các xã, phường mới; chưa phân công lại)")


def test_tasks__a_co_lead_merged_into_the_other_is_named_once(root):
    """Sở Một leads with Sở Mới, which it merged into: "nay là Sở Mới" names Sở Mới already, so
    who answers now does not name it a second time; a co-lead still apart is kept."""
    plan = PLAN + """\
  - {ref: M.1, kind: activity, title: Việc chung, lead: [Sở Một, Sở Mới], deadline: Năm 2025}
  - {ref: M.2, kind: activity, title: Việc chung khác, lead: [Sở Mới, Sở Hai, Sở Văn hóa và Thể thao],
     deadline: Năm 2025}
"""
    root.agencies(AGENCIES)
    root.plan("2022-9.yaml", plan)
    dataset = loader.load(root.data).dataset
    by_ref = {t.ref: t for t in queries.tasks(dataset, D(2025, 8, 1))}
    assert by_ref["M.1"].lead_now == "Sở Một, nay là Sở Mới từ 01/3/2025"
    assert by_ref["M.2"].lead_now == ("Sở Hai, nay là Sở Mới từ 01/3/2025; "
                                      "Sở Văn hóa và Thể thao")
    assert by_ref["M.1"].lead == ("Sở Một", "Sở Mới")  # the data keeps what the plan says


def test_cli_tasks__json_has_no_new_key_before_the_date(root, hncc, dataset):
    before = hncc("tasks", "--root", root.path, "--as-of", "2025-02-28", "--format", "json")
    after = hncc("tasks", "--root", root.path, "--as-of", "2025-03-01", "--format", "json")
    assert not any("lead_now" in t for t in json.loads(before.stdout))
    assert {t["ref"] for t in json.loads(after.stdout) if "lead_now" in t} == {"A.1", "B.1", "B.2", "C.1"}


@pytest.mark.parametrize(("day", "after"), SIDES)
def test_cli_agency_predecessor__after_the_date_names_the_successor_and_why(root, hncc, dataset,
                                                                             day, after):
    result = hncc("tasks", "--root", root.path, "--agency", "so ngoai vu", "--as-of", day)
    assert result.exit_code == 0
    assert "A.1" in result.stdout  # its tasks still list: not silence
    if after:
        assert "Văn phòng UBND Thành phố" in result.stderr
        assert "sáp nhập vào" in result.stderr and "Nghị quyết thử của HĐND" in result.stderr
    else:
        assert result.stderr == ""


@pytest.mark.parametrize("command", [["budget"], ["budget", "--year", "2024"], ["calendar"],
                                     ["overdue"], ["upcoming"]])
@pytest.mark.parametrize(("day", "after"), SIDES)
def test_cli_agency_predecessor__every_query_by_agency_says_who_answers_now(
        root, hncc, dataset, command, day, after):
    result = hncc(*command, "--root", root.path, "--agency", "so ngoai vu", "--as-of", day)
    assert result.exit_code == 0, result.stderr
    said = "Lưu ý: " in result.stderr and "sáp nhập vào" in result.stderr
    assert said == after, result.stderr


def test_cli_tasks_unassigned__lists_the_abolished_district_work(root, hncc, dataset):
    result = hncc("tasks", "--root", root.path, "--unassigned", "--as-of", "2025-07-01",
                  "--format", "json")
    assert result.exit_code == 0
    assert {t["ref"] for t in json.loads(result.stdout)} == {"C.1", "Q.1"}
    table = hncc("tasks", "--root", root.path, "--unassigned", "--as-of", "2025-07-01")
    assert "cần phân công lại" in table.stdout
    assert "--unassigned" in hncc("tasks", "--help").stdout


# --- workload and reports -----------------------------------------------------------------------

def test_workload__inherited_work_counts_under_the_successor_only(dataset):
    day = D(2025, 6, 1)
    found = {w.id: w for w in workload.workload(dataset, day)}
    assert found["van-phong"].led == 2 and found["van-phong"].supported == 1
    assert found["so-ngoai-vu"].led == found["so-ngoai-vu"].supported == 0
    assert found["so-ngoai-vu"].now == "Sở Ngoại vụ, nay là Văn phòng UBND Thành phố từ 01/3/2025"
    before = {w.id: w for w in workload.workload(dataset, D(2025, 2, 28))}
    assert (before["van-phong"].led, before["so-ngoai-vu"].led) == (1, 1)
    assert before["so-ngoai-vu"].now is None


def test_workload__an_abolished_agency_keeps_its_work_marked(dataset):
    found = {w.id: w for w in workload.workload(dataset, D(2025, 8, 1))}
    assert found["ubnd-quan-thu"].led == 2
    assert "chấm dứt hoạt động" in (found["ubnd-quan-thu"].now or "")


def test_agency_record__says_who_answers_now_and_what_it_inherited(dataset):
    record = workload.agency_record(dataset, "Sở Mới", D(2025, 3, 1))
    assert record.predecessors == ("Sở Hai", "Sở Một")
    assert [i.predecessor for i in record.inherited or ()] == ["Sở Hai", "Sở Một"]
    assert "Sở Ngoài Danh Mục" in (record.inherited or ())[0].reason
    old = workload.agency_record(dataset, "Sở Một", D(2025, 3, 1))
    assert old.now == "Sở Một, nay là Sở Mới từ 01/3/2025"
    assert [r.kind for r in old.succession] == ["merged_to_form"]


def test_report__successor_lists_inherited_work_marked_with_whom_from(dataset):
    report = reports.agency_report(dataset, "Văn phòng UBND Thành phố", 2025, D(2025, 12, 1))
    assert [i.predecessor for i in report.inherited] == ["Sở Ngoại vụ"]
    rows = {r.task.ref: r for r in (*report.led, *report.supported)}
    assert rows["A.1"].inherited_from == "Sở Ngoại vụ, từ 01/3/2025" and rows["A.1"] in report.led
    assert rows["A.2"].inherited_from == "Sở Ngoại vụ, từ 01/3/2025" and rows["A.2"] in report.supported


def test_report__successor_in_markdown_says_what_was_inherited(root, hncc, dataset):
    result = hncc("report", "--root", root.path, "--agency", "Văn phòng UBND Thành phố",
                  "--year", "2025", "--as-of", "2025-12-01")
    assert result.exit_code == 0
    assert "Sở Ngoại vụ sáp nhập vào Văn phòng UBND Thành phố từ 01/3/2025" in result.stdout
    assert "_(kế thừa từ Sở Ngoại vụ, từ 01/3/2025)_" in result.stdout


def test_report__a_merger_naming_its_other_predecessors_says_so_once(root, hncc, dataset):
    # "Sở Một, Sở Hai (cùng Sở Ngoài Danh Mục) hợp nhất thành Sở Mới": the others are named, so
    # "(cùng cơ quan khác)" after them said it twice.
    result = hncc("report", "--root", root.path, "--agency", "Sở Mới", "--year", "2025",
                  "--as-of", "2025-12-01")
    assert "- Sở Một, Sở Hai (cùng Sở Ngoài Danh Mục) hợp nhất thành Sở Mới từ 01/3/2025 " \
        in result.stdout
    assert "cơ quan khác" not in result.stdout


@pytest.mark.parametrize("agency", ["Sở Ngoại vụ", "UBND quận Thử", "Sở Tách"])
def test_report__an_agency_that_ended_before_the_period_gets_its_successor_named(root, hncc,
                                                                                 dataset, agency):
    result = hncc("report", "--root", root.path, "--agency", agency, "--year", "2026",
                  "--as-of", "2026-06-01")
    assert result.exit_code == 2
    assert "không còn lập báo cáo năm 2026" in result.stderr
    expected = {"Sở Ngoại vụ": "Văn phòng UBND Thành phố", "UBND quận Thử": "hncc tasks --unassigned",
                "Sở Tách": "Sở Bắc; Sở Nam"}[agency]
    assert expected in result.stderr


def test_report__a_year_before_the_date_is_byte_identical_to_one_without_successions(root, hncc):
    root.plan("2022-9.yaml", PLAN)
    plain_registry = AGENCIES[:AGENCIES.index("successions:")]
    outputs = []
    for agencies in (plain_registry, AGENCIES):
        root.agencies(agencies)
        outputs.append([hncc("report", "--root", root.path, "--agency", name, "--year", "2024",
                             "--as-of", as_of).stdout
                        for name in ("Sở Ngoại vụ", "Văn phòng UBND Thành phố", "Sở Văn hóa và Thể thao")
                        for as_of in ("2024-11-25", "2026-06-01")])
    assert outputs[0] == outputs[1]
    assert all("**Kỳ báo cáo:** năm 2024" in text for text in outputs[1])


# --- checks -------------------------------------------------------------------------------------

def check_codes(root, agencies: str, strict: bool = False) -> list[tuple[str, str]]:
    root.agencies(agencies)
    root.plan("2022-9.yaml", PLAN)
    result = api.check(root.data, strict=strict)
    return [(p.code, p.message) for p in result.problems]


def test_check__the_fixture_registry_is_clean(root):
    assert check_codes(root, AGENCIES) == []


def test_check__a_succession_without_a_source_fails(root, hncc):
    unsourced = AGENCIES + """\
  - kind: merged_into
    predecessors: [so-bac]
    successors: [so-nam]
    from: 2026-03-01
"""
    codes = check_codes(root, unsourced)
    assert [c for c, _ in codes] == ["succession-source"]
    result = hncc("check", "--root", root.path)
    assert result.exit_code == 1
    assert "agencies.yaml:" in result.stdout and "không ghi nguồn" in result.stdout


def test_check__a_date_before_the_predecessor_got_its_tasks_is_a_warning_naming_both_readings(root):
    early = AGENCIES.replace("predecessors: [so-ngoai-vu]\n    successors: [van-phong]\n    from: 2025-03-01",
                             "predecessors: [so-ngoai-vu]\n    successors: [van-phong]\n    from: 2021-03-01")
    codes = [c for c in check_codes(root, early, strict=True) if c[0] == "succession-date"]
    assert [p.severity for p in api.check(root.data).problems] == [Severity.WARNING]
    assert len(codes) == 1
    assert "10/01/2022" in codes[0][1] and "Sở Ngoại vụ" in codes[0][1]
    assert "tên cũ" in codes[0][1] and "kiểm tra lại ngày kế nhiệm" in codes[0][1]


NEW_PLAN_WITH_OLD_NAME = """\
number: 30/KH-UBND
issuer: UBND Thành phố
date: 2026-01-20
title: KẾ HOẠCH NĂM 2026
horizon: {start: 2026, end: 2026}
content:
  - {ref: A.1, kind: activity, title: Việc đối ngoại năm 2026, lead: [Sở Ngoại vụ], deadline: Quý II/2026}
"""


def test_check__a_plan_written_after_a_merger_with_the_old_name_passes_and_is_answered_by_the_successor(
        root, hncc):
    root.agencies(AGENCIES)
    root.plan("2026-30.yaml", NEW_PLAN_WITH_OLD_NAME)
    result = hncc("check", "--root", root.path)
    assert result.exit_code == 0, result.stdout
    strict = hncc("check", "--strict", "--root", root.path)
    assert strict.exit_code == 1
    assert "succession-date" in strict.stdout and "30/KH-UBND@2026" in strict.stdout
    tasks = hncc("tasks", "--root", root.path, "--as-of", "2026-07-01")
    assert tasks.exit_code == 0 and "dữ liệu có" not in tasks.stderr
    assert "nay là Văn phòng" in tasks.stdout


NEW_PLAN_NAMING_GONE_AGENCIES = """\
number: 31/KH-UBND
issuer: UBND Thành phố
date: 2025-11-17
title: KẾ HOẠCH NĂM 2026
horizon: {start: 2025, end: 2026}
content:
  - {ref: A.1, kind: activity, title: Việc một, lead: [Sở Văn hóa và Thể thao],
     cooperating: [Sở Ngoại Vụ, Sở Tách], deadline: Năm 2026}
  - {ref: A.2, kind: activity, title: Việc hai, lead: [Sở Ngoại vụ], deadline: Năm 2026}
  - {ref: A.3, kind: activity, title: Việc ba, lead: [Sở Mới], deadline: Năm 2026}
"""


def test_check__a_plan_issued_after_a_succession_naming_the_old_agency_is_warned_once_per_agency(
        root, hncc):
    """A plan of 17/11/2025 typed with "Sở Ngoại Vụ" (merged 01/3/2025) and "Sở Tách" (split
    01/3/2025): older plans name them too, so the registry's dates raise nothing; the new plan
    gets one warning per agency, where it first names it, saying who answers since when and
    what to check. The new agency (Sở Mới) and the older plan get none."""
    root.agencies(AGENCIES)
    root.plan("2022-9.yaml", PLAN)
    root.plan("2025-31.yaml", NEW_PLAN_NAMING_GONE_AGENCIES)
    problems = [p for p in api.check(root.data).problems]
    assert [(p.code, p.file.name, p.line, p.severity) for p in problems] == [
        ("agency-succeeded", "2025-31.yaml", 8, Severity.WARNING),
        ("agency-succeeded", "2025-31.yaml", 8, Severity.WARNING)]
    merged, split = (p.message for p in problems)
    assert "“Sở Ngoại Vụ”" in merged and "17/11/2025" in merged
    assert "nay là Văn phòng UBND Thành phố từ 01/3/2025" in merged
    assert "2 chỗ" in merged and "cơ quan kế nhiệm" in merged
    assert "“Sở Tách”" in split and "hncc tasks --unassigned" in split
    result = hncc("check", "--root", root.path)
    assert result.exit_code == 0 and "2025-31.yaml:8:" in result.stdout


def test_check__a_cycle_of_successions_fails(root):
    cycle = AGENCIES + """\
  - kind: merged_into
    predecessors: [van-phong]
    successors: [so-ngoai-vu]
    from: 2026-01-01
""" + SOURCE
    codes = check_codes(root, cycle)
    assert [c for c, _ in codes] == ["succession-cycle"]
    assert "Sở Ngoại vụ → Văn phòng UBND Thành phố → Sở Ngoại vụ" in codes[0][1]


@pytest.mark.parametrize(("kind", "successors"), [
    ("abolished", "[so-bac]"), ("split_among", "[so-bac]"), ("merged_into", "[so-bac, so-nam]"),
    ("merged_into", "[so-tach]"),
])
def test_check__successors_that_do_not_fit_the_kind_fail(root, kind, successors):
    wrong = AGENCIES + f"""\
  - kind: {kind}
    predecessors: [so-tach]
    successors: {successors}
    from: 2026-01-01
""" + SOURCE
    assert "succession-kind" in [c for c, _ in check_codes(root, wrong)]


def test_check__an_unknown_agency_in_a_succession_fails(root):
    unknown = AGENCIES.replace("successors: [van-phong]", "successors: [van-phong-moi]")
    assert [c for c, _ in check_codes(root, unknown)] == ["unknown-agency"]


def test_check__a_succession_without_a_date_is_noted_and_never_applied(root):
    undated = AGENCIES + """\
  - kind: merged_into
    predecessors: [so-bac]
    successors: [so-nam]
""" + SOURCE
    assert [c for c, _ in check_codes(root, undated)] == ["succession-undated"]
    dataset = loader.load(root.data).dataset
    assert dataset.registry.responsible("so-bac", D(2100, 1, 1)).current == ("so-bac",)


def test_check_strict__open_tasks_of_ended_leads_need_reassignment(root, hncc):
    codes = check_codes(root, AGENCIES, strict=True)
    flagged = sorted(m.split(":")[0] for c, m in codes if c == "needs-reassignment")
    assert flagged == ["Mục C.1", "Mục Q.1"]  # Q.2 is recorded done
    result = hncc("check", "--root", root.path, "--strict")
    assert result.exit_code == 1 and "needs-reassignment" in result.stdout
    assert hncc("check", "--root", root.path).exit_code == 0


def test_registry__successions_the_same_from_the_cache(root, hncc):
    root.agencies(AGENCIES)
    root.plan("2022-9.yaml", PLAN)
    args = ("agencies", "--show", "so tach", "--as-of", "2025-06-01", "--format", "json",
            "--root", root.path)
    cold, warm = hncc(*args), hncc(*args)
    assert cold.exit_code == warm.exit_code == 0 and cold.stdout == warm.stdout
    record = json.loads(warm.stdout)
    assert record["succession"][0]["source"] == {
        "act": "Nghị quyết thử của HĐND", "date": "2025-02-25",
        "press": [{"name": "Báo Thử", "date": "2025-02-25"}]}
    assert record["now"] == "Sở Tách, chia tách cho Sở Bắc, Sở Nam từ 01/3/2025 (chưa phân công lại)"


def test_short_form_under_an_agency__still_reads_as_a_succession(root):
    root.agencies(dedent("""\
        agencies:
          - {id: so-a, name: Sở A, kind: city_department,
             succession: [{successor: so-b, from: 2025-03-01, source: Nghị quyết thử}]}
          - {id: so-b, name: Sở B, kind: city_department}
          - {id: ubnd-thanh-pho, name: UBND Thành phố, kind: city_government}
        """))
    dataset, problems = loader.load(root.data)
    assert dataset.registry.responsible("so-a", D(2025, 3, 1)).current == ("so-b",)
    assert not problems


def test_first_assigned__the_earliest_plan_of_each_agency_whatever_name_it_is_written_under(
        tmp_path):
    import re
    import sys

    from hncc.data.succession_checks import _first_assigned
    from tests.conftest import REPO

    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate

    data = generate(tmp_path / "root", plans=30, seed=11)
    plans = sorted((data / "plans").glob("*.yaml"))
    # Two plans of one date naming one agency under two spellings: the first in order counts.
    for path, name in ((plans[3], "Sở Ngoại Vụ"), (plans[4], "Sở Ngoại vụ")):
        text = re.sub(r"\ndate: [0-9-]+", "\ndate: 2015-01-02", path.read_text(encoding="utf-8"),
                      count=1)
        path.write_text(text.replace("lead: [", f"lead: [{name}, ", 1), encoding="utf-8")
    loaded = loader.load(data)
    assert not [p for p in loaded.problems if p.file in plans[3:5] and p.severity.name == "ERROR"]
    dataset = loaded.dataset
    expected: dict[str, tuple[dt.date, str]] = {}  # every name of every plan, one by one
    for plan_file in dataset.plans:
        date = dt.date.fromordinal(plan_file.head.date)
        for entry in plan_file.index.entries:
            for name in (*entry.lead, *entry.cooperating):
                agency = dataset.registry.resolve(name)
                if agency and (agency.id not in expected or date < expected[agency.id][0]):
                    expected[agency.id] = (date, plan_file.key)
    found = _first_assigned(dataset)
    assert found == expected
    assert found["so-ngoai-vu"] == (dt.date(2015, 1, 2), dataset.plans[0].key)
    assert dataset.plans[0].path in plans[3:5]  # the earlier of the two in the dataset's order


def test_check__a_plan_after_an_abolition_naming_the_abolished_body_says_no_one_took_its_tasks(root):
    root.agencies(AGENCIES)
    root.plan("2026-30.yaml", NEW_PLAN_WITH_OLD_NAME.replace("lead: [Sở Ngoại vụ]", "lead: [UBND quận Thử]"))
    found = [p.message for p in api.check(root.data, strict=True).problems if p.code == "succession-date"]
    assert len(found) == 1
    assert "hncc tasks --unassigned" in found[0] and "tính cho cơ quan kế nhiệm" not in found[0]


def test_report__a_refused_year_names_the_reports_that_can_be_made_instead(root, hncc, dataset):
    merged = hncc("report", "--root", root.path, "--agency", "so ngoai vu", "--year", "2026",
                  "--as-of", "2026-06-01")
    assert merged.exit_code == 2
    # each with the as-of date asked for: without it, the command typed would count to today
    assert ("Có thể lập báo cáo năm 2026 của cơ quan nhận nhiệm vụ (hncc report --agency "
            "\"Văn phòng UBND Thành phố\" --year 2026 --as-of 01/06/2026)") in merged.stderr
    assert ("báo cáo của Sở Ngoại vụ năm 2024 (hncc report --agency \"so ngoai vu\" --year 2024 "
            "--as-of 01/06/2026).") in merged.stderr
    assert hncc("report", "--root", root.path, "--agency", "so ngoai vu", "--year", "2024",
                "--as-of", "2026-06-01").exit_code == 0
    abolished = hncc("report", "--root", root.path, "--agency", "UBND quận Thử", "--year", "2026",
                     "--as-of", "2026-06-01")
    assert "cơ quan nhận nhiệm vụ" not in abolished.stderr  # no one took its work over
    assert "--year 2024 --as-of 01/06/2026)" in abolished.stderr


def test_workload__money_of_co_leads_merged_into_one_is_not_named_as_split(root):
    # Sở Ngoại vụ and Văn phòng lead M.1 together; Sở Ngoại vụ merges into Văn phòng on 01/3/2025:
    # from then on the money comes to Văn phòng whole, and no note says it is split.
    plan = PLAN + """\
  - {ref: M.1, kind: activity, title: Việc chung, lead: [Sở Ngoại vụ, Văn phòng UBND Thành phố],
     deadline: Năm 2025, budget: 2 tỷ}
"""
    root.agencies(AGENCIES)
    root.plan("2022-9.yaml", plan)
    dataset = loader.load(root.data).dataset
    before = {w.agency: w for w in workload.workload(dataset, D(2025, 2, 1))}
    after = {w.agency: w for w in workload.workload(dataset, D(2025, 8, 1))}
    split = ("9/KH-UBND@2022:M.1 (Sở Ngoại vụ; Văn phòng UBND Thành phố: chia đều)",)
    assert before["Sở Ngoại vụ"].budget_shared == before["Văn phòng UBND Thành phố"].budget_shared \
        == split
    assert str(before["Văn phòng UBND Thành phố"].budget_led) == "1"
    assert str(after["Văn phòng UBND Thành phố"].budget_led) == "2"
    assert after["Văn phòng UBND Thành phố"].budget_shared == ()


def test_form__a_refused_year_names_the_forms_that_can_be_made_instead(root, hncc, dataset,
                                                                       tmp_path):
    # The form of a merged agency's year was refused with "hncc report …" to type instead: the
    # user asked for a form, and a year other than the as-of one must be said too.
    merged = hncc("form", "--root", root.path, "--agency", "so ngoai vu", "--year", "2025",
                  "--as-of", "2026-06-01", "--output", tmp_path / "bieu-mau.xlsx")
    assert merged.exit_code == 2
    assert ("Có thể lập biểu mẫu năm 2025 của cơ quan nhận nhiệm vụ (hncc form --agency "
            "\"Văn phòng UBND Thành phố\" --year 2025 --as-of 01/06/2026); biểu mẫu của Sở "
            "Ngoại vụ năm 2024 (hncc form --agency \"so ngoai vu\" --year 2024 --as-of "
            "01/06/2026).") in merged.stderr
    assert "hncc report" not in merged.stderr and not (tmp_path / "bieu-mau.xlsx").exists()
