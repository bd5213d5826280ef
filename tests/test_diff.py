"""`hncc diff`: changes between two git revisions, in domain terms."""

from __future__ import annotations

import json
import subprocess

import pytest
from conftest import PLAN, dedent


def git(root, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root.path), *args], check=True, capture_output=True,
                          text=True)
    return done.stdout.strip()


@pytest.fixture
def repo(root):
    root.plan("2022-7.yaml", PLAN)
    git(root, "init", "-q", "-b", "main")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "one")
    return root


def commit(root, message: str) -> str:
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", message)
    return git(root, "rev-parse", "HEAD")


def edit_status_and_budget(hncc, root) -> None:
    result = hncc("status", "7:III.1", "done", "--date", "2023-11-20", "--evidence",
                  "Quyết định số 1234/QĐ-UBND", "--root", root.path)
    assert result.exit_code == 0, result.output
    plan = root.data / "plans" / "2022-7.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("budget: 6 tỷ", "budget: 8 tỷ"), encoding="utf-8")


def test_diff__between_two_commits_reports_status_and_budget(hncc, repo):
    first = git(repo, "rev-parse", "HEAD")
    edit_status_and_budget(hncc, repo)
    second = commit(repo, "two")
    result = hncc("diff", first, second, "--root", repo.path)
    assert result.exit_code == 0, result.output
    assert "Kế hoạch 7/KH-UBND@2022:" in result.stdout
    assert ("Mục III.1: trạng thái “đã hoàn thành” ngày 20/11/2023 — văn bản: Quyết định số "
            "1234/QĐ-UBND" in result.stdout)
    assert "Mục PL.1: kinh phí “6 tỷ” = 6 tỷ đồng → “8 tỷ” = 8 tỷ đồng" in result.stdout


def test_diff__json_lists_the_changes(hncc, repo):
    edit_status_and_budget(hncc, repo)
    result = hncc("diff", "--format", "json", "--root", repo.path)
    document = json.loads(result.stdout)
    # the working tree is no revision: null for scripts (the text names it in Vietnamese)
    assert (document["from"], document["to"]) == ("HEAD", None)
    kinds = {(c["kind"], c["ref"]) for c in document["changes"]}
    assert kinds == {("status-added", "III.1"), ("budget", "PL.1")}
    status = next(c for c in document["changes"] if c["kind"] == "status-added")
    assert status["new"] == {"date": "2023-11-20", "status": "done",
                             "evidence": "Quyết định số 1234/QĐ-UBND"}


def test_diff__entries_plans_and_deadlines(hncc, repo):
    plan = repo.data / "plans" / "2022-7.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("deadline: Quý II/2022", "deadline: Quý III/2022")
    text = text.replace("  - ref: III.2\n", "  - ref: III.3\n")
    plan.write_text(text, encoding="utf-8")
    repo.plan("2023-8.yaml", PLAN.replace("7/KH-UBND", "8/KH-UBND").replace("2022-01-10",
                                                                            "2023-01-10"))
    out = hncc("diff", "--root", repo.path).stdout
    assert ("Mục III.1: thời hạn “Quý II/2022” (hạn 30/06/2022) → “Quý III/2022” "
            "(hạn 30/09/2022)") in out
    assert "+ Thêm mục III.3: Việc hai" in out and "- Bỏ mục III.2: Việc hai" in out
    assert "Kế hoạch 8/KH-UBND@2023:\n  + Kế hoạch mới: KẾ HOẠCH THỬ" in out


def diff_after_editing(hncc, repo, old: str, new: str) -> str:
    """What `hncc diff` says once `old` is replaced by `new` in the plan file."""
    plan = repo.data / "plans" / "2022-7.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return hncc("diff", "--root", repo.path).stdout


def test_diff__lead_change(hncc, repo):
    out = diff_after_editing(hncc, repo, "lead: [Sở Ngoại Vụ]", "lead: [Sở Công Thương]")
    assert "Mục III.2: cơ quan chủ trì Sở Ngoại Vụ → Sở Công Thương" in out


def test_diff__an_entry_s_words_changed_are_shown(hncc, repo):
    # the words of a task are what a reviewer checks against the source: never left unsaid
    out = diff_after_editing(hncc, repo, "title: Việc hai", "title: Việc hai, sửa")
    assert "Mục III.2: nội dung “Việc hai” → “Việc hai, sửa”" in out


def test_diff__agencies_and_successions_changed_are_shown(hncc, repo):
    # who answers for whose tasks changes with the registry as much as with a plan's lead
    registry = repo.data / "agencies.yaml"
    text = registry.read_text(encoding="utf-8")
    text = text.replace("    aliases: [Sở Ngoại Vụ]\n", "    aliases: [Sở Ngoại Vụ, SNgV]\n")
    registry.write_text(text + dedent("""\
          - id: so-moi
            name: Sở Mới
            kind: city_department
        successions:
          - kind: merged_into
            predecessors: [so-ngoai-vu]
            successors: [so-moi]
            from: 2025-03-01
            source: {act: Nghị quyết thử}
        """), encoding="utf-8")
    result = hncc("diff", "--root", repo.path)
    assert result.exit_code == 0 and "Lỗi dữ liệu" not in result.stdout, result.stdout
    assert "Danh mục cơ quan (data/agencies.yaml):\n  + Thêm cơ quan Sở Mới (so-moi)" in result.stdout
    assert ("Cơ quan so-ngoai-vu: cách viết khác “Sở Ngoại Vụ” → “Sở Ngoại Vụ”, “SNgV”"
            in result.stdout)
    assert "+ Kế nhiệm: Sở Ngoại vụ sáp nhập vào Sở Mới từ 01/3/2025" in result.stdout


def test_diff__invalid_file_is_a_problem_not_a_crash(hncc, repo):
    (repo.data / "plans" / "2022-7.yaml").write_text("number: [broken\n", encoding="utf-8")
    result = hncc("diff", "--root", repo.path)
    assert result.exit_code == 0
    assert "[thư mục làm việc] 2022-7.yaml:" in result.stdout
    assert "Kế hoạch 7/KH-UBND@2022:\n  - Đã xóa kế hoạch" in result.stdout


def test_diff__no_changes(hncc, repo):
    result = hncc("diff", "--root", repo.path)
    assert "Không có thay đổi nào" in result.stdout


def test_diff__bad_revision_exits_2(hncc, repo):
    result = hncc("diff", "no-such-rev", "--root", repo.path)
    assert result.exit_code == 2 and "Không có phiên bản git “no-such-rev”" in result.stderr


def test_diff__outside_git_exits_2(hncc, root):
    outside = {"GIT_CEILING_DIRECTORIES": str(root.path.parent)}
    result = hncc("diff", "--root", root.path, env=outside)
    assert result.exit_code == 2 and "không nằm trong một kho git" in result.stderr


def test_diff__problem_in_a_file_gone_from_the_working_tree(hncc, repo):
    plan = repo.data / "plans" / "2022-7.yaml"
    plan.write_text(PLAN.replace("[Sở Ngoại Vụ]", "[Sở Không Có]"), encoding="utf-8")
    commit(repo, "unknown agency")
    plan.unlink()
    result = hncc("diff", "--root", repo.path)
    assert result.exit_code == 0
    assert "[HEAD] 2022-7.yaml:16: Không tìm thấy cơ quan “Sở Không Có”" in result.stdout


@pytest.mark.parametrize(("old", "new", "said"), [
    pytest.param("    title: Việc hai\n", "    title: Việc hai\n    time_text: Thường xuyên\n",
                 "Mục III.2: thời gian (nguyên văn, chưa đọc được) (không có) → “Thường xuyên”",
                 id="time_text added"),
    pytest.param("    lead: [Sở Ngoại Vụ]\n",
                 "    lead: [Sở Ngoại Vụ]\n    lead_text: Sở Ngoại Vụ chủ trì\n",
                 "Mục III.2: chủ trì (nguyên văn) (không có) → “Sở Ngoại Vụ chủ trì”",
                 id="lead_text"),
    pytest.param("      budget: 6 tỷ\n", "      budget: 6 tỷ\n      funding_source: Xã hội hóa\n",
                 "Mục PL.1: nguồn kinh phí (không có) → “Xã hội hóa”", id="funding source"),
    pytest.param("      summarizes: [III.1]\n", "      summarizes: [III.1, III.2]\n",
                 "Mục PL.1: tóm tắt mục “III.1” → “III.1”; “III.2”", id="links"),
    pytest.param("horizon: {start: 2022, end: 2024}", "horizon: {start: 2022, end: 2025}",
                 "Phần đầu kế hoạch: thời kỳ {start: 2022, end: 2024} → {start: 2022, end: 2025}",
                 id="plan horizon"),
])
def test_diff__every_other_key_changed_is_shown(hncc, repo, old, new, said):
    """The source's words beside the lists (lead_text, time_text, body, funding source), the
    encoder's links and the plan's head: a change there said "no change" to the reviewer."""
    out = diff_after_editing(hncc, repo, old, new)
    assert said in out, out
    assert "Không có thay đổi" not in out


def test_diff__a_note_on_several_lines_stays_indented_under_its_change(hncc, repo):
    result = hncc("status", "7:III.1", "in_progress", "--date", "2023-11-20", "--note",
                  "Đã họp ngày 01/11\nĐã trình dự thảo", "--root", repo.path)
    assert result.exit_code == 0, result.output
    result = hncc("diff", "--root", repo.path)
    assert result.exit_code == 0, result.output
    assert ("  Mục III.1: trạng thái “đang thực hiện” ngày 20/11/2023 — Đã họp ngày 01/11\n"
            "    Đã trình dự thảo\n") in result.stdout


def test_diff__an_amount_is_written_the_vietnamese_way(hncc, repo):
    plan = repo.data / "plans" / "2022-7.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("budget: 6 tỷ", "budget: 1.500 triệu/năm"), encoding="utf-8")
    result = hncc("diff", "--root", repo.path)
    assert result.exit_code == 0, result.output
    assert "“6 tỷ” = 6 tỷ đồng → “1.500 triệu/năm” = 1,5 tỷ đồng/năm" in result.stdout


def test_diff__each_text_of_an_update_is_named_so_a_reviewer_sees_what_said_what(hncc, repo):
    # A form's "Kết quả thực hiện", "Văn bản chứng minh", "Khó khăn" and "Lý do" columns: a text
    # typed in the wrong one is seen in review, not read as the note
    result = hncc("status", "7:III.1", "tạm dừng", "--date", "2023-11-20", "--note", "Đã họp",
                  "--evidence", "Công văn số 5/SNgV", "--reason", "Chờ kinh phí", "--link",
                  "https://example.vn/5", "--root", repo.path)
    assert result.exit_code == 0, result.output
    result = hncc("diff", "--root", repo.path)
    assert ("Mục III.1: trạng thái “tạm dừng” ngày 20/11/2023 — Đã họp; văn bản: Công văn số "
            "5/SNgV; lý do: Chờ kinh phí; đường dẫn: https://example.vn/5") in result.stdout
