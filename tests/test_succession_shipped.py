"""Hanoi's 2025 reorganisation on the shipped data (data/agencies.yaml, `successions:`).

What ../shared/DOMAIN.md states, and only that: from 01/3/2025 Sở Ngoại vụ is part of Văn phòng
UBND Thành phố, Sở Thông tin và Truyền thông of Sở Khoa học và Công nghệ, Sở Nông nghiệp và
Phát triển nông thôn (with Sở Tài nguyên và Môi trường) formed Sở Nông nghiệp và Môi trường; from
01/7/2025 there are no district people's committees, and no successor is named for their work.
The other mergers of 01/3/2025 (Sở Kế hoạch và Đầu tư into Sở Tài chính, Sở Lao động - Thương binh
và Xã hội into Sở Nội vụ, Sở Giao thông vận tải into Sở Xây dựng, Sở Dân tộc và Tôn giáo formed
from Ban Dân tộc) are recorded too, with their departments: the city has 15 departments after.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from conftest import REPO

from hncc import api
from hncc.data import loader
from hncc.queries import reports, responsibility
from hncc.queries import tasks as queries

D = dt.date
DATA = REPO / "data"
VAN_PHONG = "Văn phòng Ủy ban nhân dân thành phố Hà Nội"


@pytest.fixture(scope="module")
def dataset():
    return loader.load(DATA).dataset


def test_shipped__every_succession_has_a_source_with_the_press_report_or_act(dataset):
    records = dataset.registry.successions.records
    assert len(records) == 8
    for record in records:
        assert record.source.act and record.source.date and record.from_
    merger = [r for r in records if r.from_ == D(2025, 3, 1)]
    assert len(merger) == 7
    for record in merger:
        assert record.source.date == D(2025, 2, 25)
        assert [(p.name, p.date) for p in record.source.press] == [
            ("Người Lao Động", D(2025, 2, 25)), ("Thanh Niên", D(2025, 2, 25))]


@pytest.mark.parametrize(("lead", "now"), [
    ("so-ngoai-vu", "van-phong-ubnd-thanh-pho"),
    ("so-thong-tin-truyen-thong", "so-khoa-hoc-cong-nghe"),
    ("so-nong-nghiep-ptnt", "so-nong-nghiep-moi-truong"),
    ("so-tai-nguyen-moi-truong", "so-nong-nghiep-moi-truong"),
    ("so-ke-hoach-dau-tu", "so-tai-chinh"),
    ("so-lao-dong-thuong-binh-xa-hoi", "so-noi-vu"),
    ("so-giao-thong-van-tai", "so-xay-dung"),
    ("ban-dan-toc", "so-dan-toc-ton-giao"),
])
def test_shipped__the_merged_departments_pass_on_from_01_3_2025(dataset, lead, now):
    assert dataset.registry.responsible(lead, D(2025, 2, 28)).current == (lead,)
    assert dataset.registry.responsible(lead, D(2025, 3, 1)).current == (now,)


def test_shipped__every_district_committee_is_abolished_without_a_successor(dataset):
    districts = [a.id for a in dataset.registry.by_id.values()
                 if a.kind == "district_committee" or a.id == "ubnd-cac-quan-huyen-thi-xa"]
    assert len(districts) == 8
    for agency_id in districts:
        found = dataset.registry.responsible(agency_id, D(2025, 7, 1))
        assert found.current == () and not found.settled
        assert found.chain[0].note == "chuyển cho UBND các xã, phường mới; chưa phân công lại"
        assert dataset.registry.responsible(agency_id, D(2025, 6, 30)).current == (agency_id,)


def test_shipped__van_phong_report_2025_includes_so_ngoai_vu_work_as_inherited(dataset):
    report = reports.agency_report(dataset, "Văn phòng UBND Thành phố", 2025, D(2025, 12, 1))
    inherited = {(r.task.plan, r.task.ref) for r in report.led
                 if r.inherited_from == "Sở Ngoại vụ, từ 01/3/2025"}
    # What Sở Ngoại vụ leads (tests/test_workitems_shipped.py lists them from the source texts):
    # work items, each once; III.1.2.a is a part of PL.I.2 and is listed under it.
    assert {("102/KH-UBND@2022", ref) for ref in ("PL.I.2", "PL.II.10", "V.4")} <= inherited
    [row] = [r for r in report.led if r.task.ref == "PL.I.2"]
    assert "III.1.2.a" in {line.task.ref for line in row.parts}
    assert [i.predecessor for i in report.inherited] == ["Sở Ngoại vụ"]


def test_shipped__so_ngoai_vu_report_2024_is_unchanged_by_the_successions(tmp_path, hncc):
    """The same report as from the registry without `successions:` (as before this change)."""
    shutil.copytree(DATA, tmp_path / "data")
    registry = tmp_path / "data" / "agencies.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text[:text.index("\nsuccessions:")] + "\n", encoding="utf-8")
    for as_of in ("2024-11-25", "2026-12-01"):
        args = ("report", "--agency", "Sở Ngoại vụ", "--year", "2024", "--as-of", as_of)
        before = hncc(*args, "--root", tmp_path)
        now = hncc(*args, "--root", REPO)
        assert before.exit_code == now.exit_code == 0
        assert now.stdout == before.stdout


def test_shipped__so_ngoai_vu_in_2026_names_its_successor(hncc):
    tasks = hncc("tasks", "--root", REPO, "--agency", "Sở Ngoại vụ", "--as-of", "2026-06-01")
    assert tasks.exit_code == 0
    assert f"Nhiệm vụ của Sở Ngoại vụ nay do {VAN_PHONG} chịu trách nhiệm" in tasks.stderr
    report = hncc("report", "--root", REPO, "--agency", "Sở Ngoại vụ", "--year", "2026")
    assert report.exit_code == 2 and VAN_PHONG in report.stderr
    shown = hncc("agencies", "--root", REPO, "--show", "Sở Thông tin và Truyền thông",
                 "--as-of", "2026-06-01")
    assert "Sở Khoa học và Công nghệ từ 01/3/2025" in shown.stdout


def test_shipped__district_tasks_of_102_need_reassignment_from_01_7_2025(dataset):
    districts = {a.id for a in dataset.registry.by_id.values()
                 if a.kind == "district_committee" or a.id == "ubnd-cac-quan-huyen-thi-xa"}
    day = D(2025, 7, 1)
    open_district_work = {t.ref for t in queries.tasks(dataset, day)
                          if t.lead_ids & districts and t.progress not in responsibility.CLOSED}
    found = {t.ref for t in responsibility.unassigned(dataset, day)}
    assert found == open_district_work
    assert {"III.2.1.1.c", "III.2.1.2.c", "III.2.1.2.d", "III.2.1.2.e", "V.2-1", "V.2-3"} <= found
    assert not responsibility.unassigned(dataset, D(2025, 6, 30))
    strict = api.check(DATA, strict=True)
    flagged = {p.message.split(":")[0] for p in strict.problems if p.code == "needs-reassignment"}
    assert flagged == {f"Mục {ref}" for ref in found}


def test_shipped__plan_report_names_who_leads_now_only_from_the_date(hncc):
    args = ("report", "--root", REPO, "--plan", "102/KH-UBND")
    before = hncc(*args, "--as-of", "2025-02-28").stdout
    after = hncc(*args, "--as-of", "2025-07-01").stdout
    assert "Chủ trì hiện nay" not in before and "nay là" not in before
    assert f"- Chủ trì hiện nay: Sở Ngoại vụ, nay là {VAN_PHONG} từ 01/3/2025" in after
    assert "- Chủ trì hiện nay: UBND các quận, huyện, thị xã, chấm dứt hoạt động từ 01/7/2025" in after


def test_shipped__the_city_has_15_departments_after_01_3_2025_as_domain_says(dataset):
    registry = dataset.registry
    day = D(2025, 3, 1)
    standing = sorted(a.name for a in registry.by_id.values()
                      if (a.kind == "city_department" or a.id == "van-phong-ubnd-thanh-pho")
                      and responsibility.exists_on(registry, a, day)
                      and registry.responsible(a.id, day).current == (a.id,))
    assert len(standing) == 15, standing
    before = D(2025, 2, 28)
    assert not responsibility.exists_on(registry, registry.by_id["so-dan-toc-ton-giao"], before)
    assert responsibility.exists_on(registry, registry.by_id["ban-dan-toc"], before)


def test_shipped__a_department_formed_from_one_body_is_said_reorganised_not_merged(dataset):
    from hncc.domain.succession import record_text

    registry = dataset.registry
    [record] = [r for r in registry.successions.records if r.predecessors == ("ban-dan-toc",)]
    assert record_text(record, registry.display_name).startswith(
        "Ban Dân tộc thành phố Hà Nội tổ chức lại thành Sở Dân tộc và Tôn giáo từ 01/3/2025")
    [merged] = [r for r in registry.successions.records
                if "so-nong-nghiep-ptnt" in r.predecessors]
    assert "cùng cơ quan khác" not in record_text(merged, registry.display_name)


PLAN_2024 = """\
number: 77/KH-UBND
kind: Kế hoạch
issuer: UBND Thành phố
date: 2024-03-01
title: KẾ HOẠCH THỬ
horizon: {start: 2024, end: 2026}
content:
  - ref: I.1
    kind: activity
    title: Rà soát chính sách trợ cấp
    lead: [Sở LĐTBXH]
    cooperating: [Sở Kế hoạch và Đầu tư, Công an Thành phố]
    deadline: Năm 2025
  - ref: I.2
    kind: activity
    title: Cải tạo tuyến đường
    lead: [Sở Giao thông vận tải]
    deadline: Năm 2026
  - ref: I.3
    kind: activity
    title: Tuyên truyền ở cơ sở
    lead: ["UBND xã, phường"]
    deadline: Năm 2026
"""


def test_shipped__a_plan_naming_other_departments_is_read_and_follows_their_successors(
        tmp_path, hncc):
    shutil.copytree(DATA, tmp_path / "data")
    (tmp_path / "data" / "plans" / "2024-77-KH-UBND.yaml").write_text(PLAN_2024, encoding="utf-8")
    checked = hncc("check", "--root", tmp_path)
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    noi_vu = hncc("tasks", "--root", tmp_path, "--agency", "Sở Nội vụ", "--as-of", "2026-01-05",
                  "--format", "json")
    assert noi_vu.exit_code == 0, noi_vu.stderr
    assert [t["ref"] for t in json.loads(noi_vu.stdout)] == ["I.1"]
    xay_dung = hncc("overdue", "--root", tmp_path, "--agency", "Sở Xây dựng", "--as-of",
                    "2027-01-05", "--format", "csv")
    assert "Cải tạo tuyến đường" in xay_dung.stdout
    assert "Sở Giao thông vận tải, nay là Sở Xây dựng từ 01/3/2025" in xay_dung.stdout
    communes = hncc("tasks", "--root", tmp_path, "--agency", "ubnd cac xa phuong", "--as-of",
                    "2026-01-05", "--format", "json")
    assert [t["ref"] for t in json.loads(communes.stdout)] == ["I.3"]
