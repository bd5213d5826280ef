"""What a data author and a reviewer see of plans of other provinces, written as the importer
drafts them: time phrases hncc cannot read, labelled blocks, tables with their own columns."""

from __future__ import annotations

from conftest import HEADER, flat


def test_show__time_phrase_hncc_cannot_read_is_shown_verbatim(hncc, root):
    """"Thường xuyên" is kept in time_text; show says it where the time is, not only the reason
    why there is no deadline (the phrase was nowhere in the output)."""
    root.plan("2022-7-KH-UBND.yaml", HEADER + """\
content:
  - ref: II.1
    kind: activity
    title: Tuyên truyền, phổ biến Luật
    lead: [Sở Công Thương]
    time_text: Quý IV năm 2025 và các năm tiếp theo
    no_deadline: Nguồn ghi thời gian hncc không đọc được (time_text).
""")
    result = hncc("--root", root.path, "show", "7/KH-UBND:II.1", "--as-of", "01/12/2022")
    assert result.exit_code == 0, result.output
    assert "Quý IV năm 2025 và các năm tiếp theo" in flat(result.output)
