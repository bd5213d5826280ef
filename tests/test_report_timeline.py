"""The reports' timeline: a Mermaid gantt chart, drawn only when Mermaid will draw it.

Mermaid refuses a diagram whose text is longer than its maxTextSize (50,000 characters by
default, counted as JavaScript counts: UTF-16 code units) and shows "Maximum text size in diagram
exceeded" instead. A report whose chart would be refused says so in Vietnamese and where the
deadlines are written instead.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import HEADER

from hncc.queries.reports import Bar, Timeline, TimelineSection
from hncc.render import templating

LIMIT = 50_000
FENCE = re.compile(r"```mermaid\n(.*?)```", re.S)
REFUSED = "Maximum text size in diagram exceeded"


def js_length(text: str) -> int:
    """The length of `text` as JavaScript (and so Mermaid) counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _timeline(labels: list[str]) -> Timeline:
    start = dt.date(2024, 1, 1)
    bars = tuple(Bar(label, start, start + dt.timedelta(days=30), "crit")
                 for label in labels)
    return Timeline((TimelineSection("Kế hoạch 7/KH-UBND", bars),), ())


def _gantt(root, timeline: Timeline) -> str:
    """The shipped gantt macro's output for `timeline`, through a department's own template."""
    folder = root.path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "bieu-do.md.j2").write_text(
        '{% import "macros.md.j2" as m %}{{ m.gantt("Tiến độ 🎯 năm 2024", timeline) }}',
        encoding="utf-8")
    return templating.render(root.path, "bieu-do.md.j2", {"timeline": timeline})


def test_gantt__drawn_at_mermaids_limit_and_explained_one_character_over(root):
    # Bars of one length, each label with a character outside the BMP (two UTF-16 units), as
    # many as fit; then the last label is lengthened until the block is exactly at the limit.
    def label(n: int) -> str:
        return f"III.{n:03d} Việc số {n:03d} của Sở Văn hóa và Thể thao 🎭"

    one, two = (js_length(FENCE.findall(_gantt(root, _timeline([label(n) for n in range(k)])))[0])
                for k in (1, 2))
    count = (LIMIT - one) // (two - one) + 1
    labels = [label(n) for n in range(count)]
    first = FENCE.findall(_gantt(root, _timeline(labels)))
    room = LIMIT - js_length(first[0])
    assert 0 <= room < two - one
    labels[-1] += "x" * room
    exact = _gantt(root, _timeline(labels))
    assert [js_length(code) for code in FENCE.findall(exact)] == [LIMIT]
    assert REFUSED not in exact

    labels[-1] += "x"
    over = _gantt(root, _timeline(labels))
    assert "```" not in over and "gantt" not in over
    assert "50.001 ký tự" in over and "giới hạn 50.000 ký tự" in over and REFUSED in over
    assert f"{count} mốc hạn" in over


def _big_plan(count: int) -> str:
    lines = [HEADER, "horizon: {start: 2022, end: 2025}\ncontent:\n"]
    for n in range(1, count + 1):
        lines.append(f"  - ref: III.{n}\n    kind: activity\n"
                     f"    title: Tổ chức hoạt động văn hóa sáng tạo số {n} tại các quận nội thành\n"
                     f"    lead: [Sở Văn hóa và Thể thao]\n"
                     f"    deadline: Tháng {n % 12 + 1}/{2022 + n % 4}\n")
    lines.append("  - ref: III.0\n    kind: activity\n    title: Việc không ghi hạn\n"
                 "    lead: [Sở Văn hóa và Thể thao]\n")
    return "".join(lines)


@pytest.mark.parametrize(("which", "where"), [
    (("--agency", "Sở Văn hóa và Thể thao", "--year", "2024"), "các bảng ở mục 2 và 3"),
    (("--plan", "7"), "bảng “Công việc”"),
])
def test_report__too_many_deadlines_for_mermaid_says_why_and_where_they_are(
        hncc, root, which, where):
    root.plan("p.yaml", _big_plan(800))
    result = hncc("report", *which, "--as-of", "2024-12-01", "--root", root.path)
    assert result.exit_code == 0, result.output[-500:]
    text = result.stdout
    assert "```mermaid" not in text
    said = next(line for line in text.splitlines() if REFUSED in line)
    assert "quá giới hạn 50.000 ký tự" in said and where in said
    # The deadlines are in the tables still, and the undated task is listed apart.
    assert "| III.798 |" in text and "III.0: Việc không ghi hạn" in text


@pytest.mark.parametrize("which", [("--agency", "Sở Văn hóa và Thể thao"), ("--plan", "7")])
def test_report__a_few_deadlines_are_drawn_as_written(hncc, root, which):
    root.plan("p.yaml", _big_plan(3))
    text = hncc("report", *which, "--as-of", "2024-12-01", "--root", root.path).stdout
    [code] = FENCE.findall(text)
    assert code.startswith("gantt\n    title ") and "\n    section " in code
    assert code.count(" :crit, ") >= 2
    assert REFUSED not in text


def test_report__a_departments_template_drawing_the_sections_itself_keeps_working(hncc, root):
    root.plan("p.yaml", _big_plan(3))
    (root.path / "templates").mkdir()
    (root.path / "templates" / "agency_report.md.j2").write_text(
        "{% for s in report.timeline.sections %}{{ s.title }}: {{ s.bars|length }} hạn\n"
        "{% endfor %}{{ report.timeline.undated|length }} không hạn\n", encoding="utf-8")
    result = hncc("report", "--agency", "Sở Văn hóa và Thể thao", "--year", "2024",
                  "--as-of", "2024-12-01", "--root", root.path)
    assert result.stdout == "Kế hoạch 7/KH-UBND: 2 hạn\n1 không hạn\n", result.output
