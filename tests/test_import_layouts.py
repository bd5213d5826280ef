"""`hncc import` on the inputs and layouts of plans other than the seeds (issue 19).

Small plans are written here in the law portal's Markdown (hard wraps, `**` emphasis, tables one
cell per line group between `|` lines), as the corpus has them.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import dedent

from hncc.data import files, loader, yamlio
from hncc.importer import reader as importer
from hncc.importer import writer as importer_yaml
from hncc.importer.agencies import AgencyReader
from hncc.importer.document import Table
from hncc.importer.inputs import input_kind, read_document

REPO = Path(__file__).resolve().parent.parent

HEADER = """\
|
**ỦY BAN NHÂN DÂN**
TỈNH THỬ
-------
|
**CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
|
Số: 12/KH-UBND
|
*Thử, ngày 20
tháng 11 năm 2025*
|

**KẾ HOẠCH**

TRIỂN KHAI THỬ NGHIỆM
GIAI ĐOẠN 2026 - 2030

"""


def table(*rows: list[str]) -> str:
    """A table as the portal writes it: each row between `|` lines, a cell per line group."""
    return "".join("|\n" + "".join(f"{cell}\n|\n" if cell else "|\n" for cell in row)
                   for row in rows)


_TYPED_NUMBER = (  # a number typed before a paragraph, and the Word list that shows it instead
    (r"^([IVX]+)\.\s+", "upperRoman", "%1."), (r"^(\d+)\.\s+", "decimal", "%1."),
    (r"^([a-z])\)\s*", "lowerLetter", "%1)"), (r"^(-)\s*", "bullet", "-"))


class _WordLists:
    """Word's automatic lists in a python-docx document: a list per kind of number, restarted
    (a new w:num with a start override) where the typed numbering starts again."""

    def __init__(self, word) -> None:
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        self.word, self.parse, self.ns = word, parse_xml, nsdecls("w")
        self.root = word.part.numbering_part.element
        self.current: dict[str, int] = {}
        for index, (_, kind, text) in enumerate(_TYPED_NUMBER):
            self.root.insert(0, parse_xml(
                f'<w:abstractNum {self.ns} w:abstractNumId="{90 + index}"><w:lvl w:ilvl="0">'
                f'<w:start w:val="1"/><w:numFmt w:val="{kind}"/><w:lvlText w:val="{text}"/>'
                "</w:lvl></w:abstractNum>"))

    def add(self, paragraph, text: str) -> None:
        """Write `text` in `paragraph`, its typed number (if any) shown by a Word list instead."""
        import re

        for index, (pattern, kind, _) in enumerate(_TYPED_NUMBER):
            found = re.match(pattern, text)
            if not found:
                continue
            if kind == "bullet":  # bullets do not count
                number = self.current.setdefault(kind, self._list(index))
            elif found[1] in ("I", "1", "a") or kind not in self.current:
                number = self.current[kind] = self._list(index)
            else:
                number = self.current[kind]
            numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            numbering.get_or_add_ilvl().val = 0
            numbering.get_or_add_numId().val = number
            text = text[found.end():]
            break
        paragraph.add_run(text)

    def _list(self, index: int) -> int:
        number = 300 + len(self.root.findall(self.root.tag.replace("numbering", "num")))
        self.root.append(self.parse(
            f'<w:num {self.ns} w:numId="{number}"><w:abstractNumId w:val="{90 + index}"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
        return number


def word_file(blocks: list, path: Path, lists: bool = False) -> None:
    """Write `blocks` as a Word file with python-docx: paragraphs, and tables as tables (a short
    row's last cell merged across the rest, as Word shows merged cells). With `lists`, typed
    numbers ("I.", "1.", "a)", "-") become Word's automatic lists, in paragraphs and cells (the
    first column's bare numbers too, as "1.")."""
    import docx

    word = docx.Document()
    numbered = _WordLists(word) if lists else None
    for block in blocks:
        if not isinstance(block, Table):
            if numbered is None:
                word.add_paragraph(block.text)
            else:
                numbered.add(word.add_paragraph(), block.text)
            continue
        width = max(len(row) for row in block.rows)
        made = word.add_table(rows=len(block.rows), cols=width)
        for row, cells in zip(made.rows, block.rows, strict=True):
            if 0 < len(cells) < width:
                row.cells[len(cells) - 1].merge(row.cells[width - 1])
            for index, cell in enumerate(cells):
                target = row.cells[index]
                first = cell.paragraphs[0] if cell.paragraphs else ""
                if numbered is None:
                    target.text = first
                else:
                    stt = index == 0 and first.isdigit()  # "STT" auto-numbered: "1.", "2." …
                    numbered.add(target.paragraphs[0], f"{first}." if stt else first)
                for paragraph in cell.paragraphs[1:]:
                    target.add_paragraph(paragraph)
    word.save(path)


@pytest.fixture(scope="module")
def registry():
    return loader.load(REPO / "data").dataset.registry


def draft(text: str, registry) -> importer.Draft:
    return importer.import_text(text, registry, "thu.md")


def flags_at(result: importer.Draft, *path) -> str:
    return " ".join(f.message for f in result.flags if f.path[:len(path)] == path)


# -- inputs ------------------------------------------------------------------------------------


def test_input_kind__from_content_then_name():
    assert input_kind(b"PK\x03\x04rest", "x.txt") == "docx"
    assert input_kind(b"|\n**TT**\n|\n**A**\n|\n", "x.txt") == "markdown"
    assert input_kind("KẾ HOẠCH\nSố: 1/KH\n".encode(), "x.md") == "markdown"
    assert input_kind("KẾ HOẠCH\nSố: 1/KH\n".encode(), "x.txt") == "text"


def test_markdown__wrapped_lines_and_emphasis_become_one_paragraph():
    document = read_document(dedent("""
        **1. Rà soát,
        kiện toàn đội ngũ**

        *Đơn vị chủ trì thực hiện: *Sở Nội
        vụ.
    """).encode(), "x.md")
    assert [b.text for b in document.blocks] == ["1. Rà soát, kiện toàn đội ngũ",
                                                  "Đơn vị chủ trì thực hiện: Sở Nội vụ."]
    assert [b.line for b in document.blocks] == [1, 4]


def test_markdown__empty_cells_and_row_ends_are_told_apart():
    text = table(["TT", "Nội dung", "Cơ quan chủ trì", "Thời gian"],
                 ["1", "Việc một", "", "2025"],
                 ["2", "Việc hai", "Sở Y tế", ""],
                 ["3", "Việc ba", "Sở Tài chính", "2026"])
    found = read_document(text.encode(), "x.md").blocks
    assert len(found) == 1 and isinstance(found[0], Table)
    assert [[c.text for c in row] for row in found[0].rows] == [
        ["TT", "Nội dung", "Cơ quan chủ trì", "Thời gian"],
        ["1", "Việc một", "", "2025"],
        ["2", "Việc hai", "Sở Y tế", ""],
        ["3", "Việc ba", "Sở Tài chính", "2026"]]


def test_markdown__paragraphs_without_blank_lines_split_at_markers():
    document = read_document(dedent("""
        **II. NỘI DUNG**
        1. Kiện toàn và hoàn thiện cơ chế chỉ đạo, điều
        hành phòng thủ dân sự.
        2. Triển khai thực hiện.
        - Một việc.
    """).encode(), "x.md")
    assert [b.text for b in document.blocks] == [
        "II. NỘI DUNG", "1. Kiện toàn và hoàn thiện cơ chế chỉ đạo, điều hành phòng thủ dân sự.",
        "2. Triển khai thực hiện.", "- Một việc."]


def test_plain_text__hard_wrapped_lines_are_unwrapped(registry):
    markdown = dedent(HEADER).split("**KẾ HOẠCH**")[1] + dedent("""
        **I. NHIỆM VỤ, GIẢI PHÁP**

        **1. Nâng cao năng lực cho đội ngũ cán bộ, công chức làm
        công tác xây dựng pháp luật**

        - Tổ chức tập huấn, bồi dưỡng kiến thức, kỹ năng xây
        dựng pháp luật cho đội ngũ cán bộ.

        *Đơn vị chủ trì tham mưu thực
        hiện: *Sở Tư pháp.
    """)
    header = "ỦY BAN NHÂN DÂN\nTỈNH THỬ\n-------\nSố: 12/KH-UBND\nThử, ngày 20 tháng 11 năm 2025\n\nKẾ HOẠCH"
    text = header + markdown.replace("**", "").replace("*", "")
    from_text = importer.import_source(text.encode(), registry, "thu.txt")
    assert read_document(text.encode(), "thu.txt").kind == "text"
    assert from_text.plan["content"] == draft(dedent(HEADER) + markdown, registry).plan["content"]
    assert from_text.plan["content"][0]["lead"] == ["Sở Tư pháp"]


TASKS = [["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"],
         ["I", "NHÓM MỘT"],
         ["1", "Việc một", "Sở Y tế", "Quý IV/2025"],
         ["2", "Việc hai", "", "Thường xuyên"]]


def _rows(result: importer.Draft) -> list[tuple]:
    return [(r["ref"], r["title"], r.get("lead"), r.get("deadline") or r.get("time_text"))
            for r in result.plan["appendix"]["rows"]]


def test_tables__every_way_of_writing_one_gives_the_same_rows(registry):
    portal = draft(dedent(HEADER) + "**PHỤ LỤC**\n\n" + table(*TASKS), registry)
    grid = "\n".join("| " + " | ".join(row + [""] * (4 - len(row))) + " |" for row in TASKS)
    grid = grid.replace("\n", "\n|---|---|---|---|\n", 1)
    markdown = draft(dedent(HEADER) + "**PHỤ LỤC**\n\n" + grid + "\n", registry)
    tabs = "\n".join("\t".join(row + [""] * (4 - len(row))) for row in TASKS)
    plain = importer.import_source(
        ("ỦY BAN NHÂN DÂN\nTỈNH THỬ\nSố: 12/KH-UBND\nThử, ngày 20 tháng 11 năm 2025\nKẾ HOẠCH\n"
         "TRIỂN KHAI THỬ NGHIỆM\nPHỤ LỤC DANH MỤC\n\n" + tabs + "\n").encode(), registry, "thu.txt")
    expected = [("PL.I", "NHÓM MỘT", None, None),
                ("PL.I.1", "Việc một", ["Sở Y tế"], "Quý IV/2025"),
                ("PL.I.2", "Việc hai", None, "Thường xuyên")]
    assert _rows(portal) == _rows(markdown) == expected
    assert [row[1:] for row in _rows(plain)] == [row[1:] for row in expected]


def test_layout__title_on_the_heading_line(registry):
    text = dedent(HEADER).replace("**KẾ HOẠCH**\n\nTRIỂN KHAI", "**KẾ HOẠCH TRIỂN KHAI")
    assert draft(text, registry).plan["title"] == "TRIỂN KHAI THỬ NGHIỆM GIAI ĐOẠN 2026 - 2030"


@pytest.mark.parametrize("lists", [False, True], ids=["typed numbers", "Word's automatic lists"])
def test_docx__same_draft_as_the_markdown_text(registry, tmp_path, lists):
    # With lists, "I.", "1.", "a)", "-" and the STT column are Word's automatic numbers, no part
    # of the paragraphs' text: the sections, the agency headings and their parts were lost
    source = dedent(HEADER) + dedent("""
        **I. NHIỆM VỤ**

        **1. Sở Tài chính**

        a) Bố trí kinh phí thực hiện.

        b) Hướng dẫn thanh toán.

        **2. Sở Y tế**

        - Theo dõi, đôn đốc thực hiện Kế hoạch.

        - Tổng hợp, báo cáo kết quả.

        **II. TỔ CHỨC THỰC HIỆN**

        1. Sở Nội vụ chủ trì theo dõi.

        2. Sở Tư pháp chủ trì kiểm tra.

        **PHỤ LỤC**

        DANH MỤC NHIỆM VỤ

    """) + table(["TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
                 ["I", "NHÓM MỘT"],
                 ["1", "Việc một", "Sở Y tế", "Sở Tài chính", "Quý IV/2025 - Quý II/2026"],
                 ["2", "Việc hai", "Sở Xây dựng", "", "Thường xuyên"])
    path = tmp_path / "thu.docx"
    word_file(read_document(source.encode(), "x.md").blocks, path, lists=lists)
    from_word = importer.import_source(path.read_bytes(), registry, "thu.md")
    from_text = importer.import_source(source.encode(), registry, "thu.md")
    assert from_word.plan == from_text.plan
    assert len(from_text.plan["appendix"]["rows"]) == 3
    assert [d["lead"] for d in from_text.plan["duties"]][-2:] == [["Sở Nội vụ"], ["Sở Tư pháp"]]


def test_docx__lists_of_one_definition_count_on_and_a_restart_starts_again():
    # Word counts the lists of one definition together; "Restart at 1" is a start override
    docx = pytest.importorskip("docx")
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    from hncc.importer import word as word_reader

    word = docx.Document()
    root = word.part.numbering_part.element
    styled = word.styles["List Number"].element.pPr.numPr.numId.val  # "%1." through the style
    definition = next(n for n in root.findall(qn("w:num")) if n.get(qn("w:numId")) == str(styled)
                      ).find(qn("w:abstractNumId")).get(qn("w:val"))
    root.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="71"><w:abstractNumId w:val='
                          f'"{definition}"/></w:num>'))
    root.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="72"><w:abstractNumId w:val='
                          f'"{definition}"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>'
                          '</w:lvlOverride></w:num>'))
    word.add_paragraph("Một", style="List Number")
    word.add_paragraph("Hai", style="List Number")
    for text, number in (("Ba", 71), ("Bốn", 72), ("Năm", 72), ("Sáu", 0)):
        numbering = word.add_paragraph(text)._p.get_or_add_pPr().get_or_add_numPr()
        numbering.get_or_add_ilvl().val = 0
        numbering.get_or_add_numId().val = number
    saved = io.BytesIO()
    word.save(saved)
    assert [block.text for block in word_reader.blocks(saved.getvalue())] == [
        "1. Một", "2. Hai", "3. Ba", "1. Bốn", "2. Năm", "Sáu"]


def test_docx__a_cell_merged_across_columns_in_mid_row_keeps_the_next_cells_in_theirs(registry,
                                                                                     tmp_path):
    # "Sở Y tế" merged over "Cơ quan chủ trì" and "Cơ quan phối hợp": the time after it was read
    # as who cooperates, and the row had no deadline
    docx = pytest.importorskip("docx")
    source = dedent(HEADER) + dedent("""
        **I. NHIỆM VỤ**

        **1. Sở Tài chính**

        Bố trí kinh phí thực hiện.

        **PHỤ LỤC**

        DANH MỤC NHIỆM VỤ

    """) + table(["TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
                 ["1", "Việc một", "Sở Y tế", "", "Quý IV/2025"],
                 ["2", "Việc hai", "Sở Xây dựng", "Sở Tài chính", "Năm 2026"])
    path = tmp_path / "thu.docx"
    word_file(read_document(source.encode(), "x.md").blocks, path)
    word = docx.Document(str(path))
    appendix = word.tables[-1]
    appendix.cell(1, 2).merge(appendix.cell(1, 3)).text = "Sở Y tế"
    word.save(str(path))
    rows = importer.import_source(path.read_bytes(), registry, "thu.md").plan["appendix"]["rows"]
    assert [(r["title"], r.get("lead_text"), r.get("cooperating_text"), r.get("deadline"))
            for r in rows] == [("Việc một", "Sở Y tế", None, "Quý IV/2025"),
                               ("Việc hai", "Sở Xây dựng", "Sở Tài chính", "Năm 2026")]


def test_docx__broken_word_file_is_refused(registry):
    with pytest.raises(importer.NotAPlan, match="Word"):
        importer.import_source(b"PK\x03\x04 not really a zip", registry, "x.docx")


# -- layouts -----------------------------------------------------------------------------------


def test_layout__labelled_blocks_under_one_heading_are_separate_tasks(registry):
    result = draft(dedent(HEADER) + dedent("""
        **I. NHIỆM VỤ, GIẢI PHÁP**

        **1. Nâng cao năng lực**

        - Tổ chức tập huấn.

        *Đơn vị chủ trì tham mưu thực
        hiện: *Sở Tư pháp.

        *Thời gian thực hiện: *Hằng năm.

        - Bồi dưỡng kiến thức.

        *Đơn vị chủ trì: *Sở Nội vụ.

        *Đơn vị phối hợp thực hiện: *Sở
        Tư pháp; các cơ quan liên quan.

        *Thời gian thực hiện: *Sau khi có Quy chế của Trung ương.
    """), registry)
    content = result.plan["content"]
    assert [(e["ref"], e["kind"]) for e in content] == [
        ("I.1", "group"), ("I.1-1", "assignment"), ("I.1-2", "assignment")]
    first, second = content[1], content[2]
    assert (first["lead"], first["deadline"], first["body"]) == (
        ["Sở Tư pháp"], "Hằng năm", ["Tổ chức tập huấn."])
    assert second["lead"] == ["Sở Nội vụ"]
    assert second["cooperating"] == ["Sở Tư pháp", "các cơ quan liên quan"]
    assert second["time_text"] == "Sau khi có Quy chế của Trung ương"
    assert "không đọc được" in flags_at(result, "content", 2, "time_text")


@pytest.mark.parametrize("lead_label, cooperating_label, time_label", [
    ("Đơn vị chủ trì thực hiện:", "Đơn vị phối hợp:", "Thời gian thực hiện:"),
    ("Cơ quan chủ trì:", "Cơ quan phối hợp thực hiện:", "Thời gian hoàn thành:"),
    ("Chủ trì:", "Phối hợp:", "Tiến độ:"),
    ("Trách nhiệm thực hiện:", "Đơn vị phối hợp thực hiện:", "Thời hạn:"),
    ("Cơ quan thực hiện:", "Cơ quan phối hợp:", "Thời gian:"),
])
def test_layout__label_wordings(registry, lead_label, cooperating_label, time_label):
    content = draft(dedent(HEADER) + dedent(f"""
        **I. NHIỆM VỤ**

        **1. Rà soát văn bản**

        - {lead_label} Sở Tư pháp.

        - {cooperating_label} Các sở, ngành.

        - {time_label} Quý I/2026.
    """), registry).plan["content"]
    assert (content[0]["lead"], content[0]["cooperating"], content[0]["deadline"]) == (
        ["Sở Tư pháp"], ["Các sở, ngành"], "Quý I/2026")


def test_layout__task_who_when_lettered(registry):
    content = draft(dedent(HEADER) + dedent("""
        **II. NHIỆM VỤ**

        **1. Về dữ liệu**

        a) Nhiệm vụ: Rà soát dữ liệu.

        b) Cơ quan thực hiện:

        - Đơn vị chủ trì: Công an tỉnh.

        - Đơn vị phối hợp: Các Sở, ban, ngành.

        c) Thời gian thực hiện: Hoàn
        thành trong năm 2025.
    """), registry).plan["content"]
    assert content == [{
        "ref": "II.1", "kind": "activity", "title": "Về dữ liệu", "lead": ["Công an tỉnh"],
        "cooperating": ["Các Sở, ban, ngành"], "deadline": "Hoàn thành trong năm 2025",
        "body": ["Rà soát dữ liệu."]}]


def test_layout__agency_headed_duties_and_chu_tri_sentences(registry):
    result = draft(dedent(HEADER) + dedent("""
        **IV. TỔ CHỨC THỰC HIỆN**

        **1. Sở Tài chính**

        a) Thẩm định dự toán kinh phí.

        b) Phối hợp huy động nguồn vốn.

        **2. **Sở Nội vụ chủ trì, phối hợp với các cơ quan, đơn vị thực hiện kịp thời các
        nhiệm vụ.

        **3. **Giao Sở Tư pháp theo dõi, đôn đốc việc thực hiện.
    """), registry)
    duties = {d["ref"]: d for d in result.plan["duties"]}
    assert duties["IV.1"]["kind"] == "group"
    assert duties["IV.1.a"]["lead"] == duties["IV.1.b"]["lead"] == ["Sở Tài chính"]
    assert (duties["IV.2"]["lead"], duties["IV.2"]["cooperating"]) == (
        ["Sở Nội vụ"], ["các cơ quan, đơn vị"])
    assert duties["IV.3"]["lead"] == ["Sở Tư pháp"]
    assert "đoán" in flags_at(result, "duties", 4, "lead")  # no "chủ trì": a guess, flagged


def test_layout__numbered_chu_tri_sentence_in_content(registry):
    content = draft(dedent(HEADER) + dedent("""
        **II. NỘI DUNG**

        **1. **Sở Y tế chủ trì, phối hợp với Ủy ban nhân dân các xã, phường tổ chức khám sàng lọc.

        **2. **Tổ chức tuyên truyền về an toàn thực phẩm.
    """), registry).plan["content"]
    assert (content[0]["lead"], content[0]["cooperating"]) == (
        ["Sở Y tế"], ["Ủy ban nhân dân các xã, phường"])
    assert "lead" not in content[1]  # no body named: no lead guessed


def test_layout__appendix_columns_found_by_header_not_position(registry):
    result = draft(dedent(HEADER) + "**PHỤ LỤC**\n\n" + table(
        ["STT", "Cơ quan chủ trì", "Tên nhiệm vụ", "Kết quả dự kiến", "Thời gian thực hiện",
         "Nguồn kinh phí"],
        ["A", "NHÓM A"],
        ["1", "Sở Y tế", "Khám sàng lọc", "Báo cáo", "Quý IV/2025", "Ngân sách tỉnh"],
        ["STT", "Cơ quan chủ trì", "Tên nhiệm vụ", "Kết quả dự kiến", "Thời gian thực hiện",
         "Nguồn kinh phí"],
        ["B", "NHÓM B"],
        ["1", "Sở Xây dựng", "Sửa đường", "Tuyến đường", "Thường xuyên"],
    ), registry)
    rows = result.plan["appendix"]["rows"]
    assert [(r["ref"], r.get("kind", "row")) for r in rows] == [
        ("PL.A", "group"), ("PL.A.1", "row"), ("PL.B", "group"), ("PL.B.1", "row")]
    assert rows[1] | {} == {
        "ref": "PL.A.1", "title": "Khám sàng lọc", "lead": ["Sở Y tế"], "lead_text": "Sở Y tế",
        "deadline": "Quý IV/2025", "funding_source": "Ngân sách tỉnh", "outputs": "Báo cáo"}
    assert rows[3]["time_text"] == "Thường xuyên"
    assert "ô gộp" in flags_at(result, "appendix", "rows", 3)  # five cells under six columns


def test_layout__plan_attached_to_a_decision(registry):
    text = dedent("""
        |
        **ỦY BAN NHÂN DÂN**
        TỈNH THỬ
        -------
        |
        **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
        |
        |
        Số: 345/QĐ-UBND
        |
        *Thử, ngày 20 tháng 11 năm 2025*
        |

        **QUYẾT ĐỊNH**

        **Ban hành Kế hoạch triển khai thử nghiệm**

        **Điều 1.** Ban hành kèm theo Quyết định này Kế hoạch triển khai thử nghiệm.

        **Điều 2.** Quyết định này có hiệu lực kể từ ngày ký.

        **Điều 3.** Chánh Văn phòng UBND tỉnh, Giám đốc các sở, ban, ngành và các cơ quan, đơn vị
        có liên quan chịu trách nhiệm thi hành Quyết định này.

        - Như Điều 3;

        - Lưu: VT.

        **TM. ỦY BAN NHÂN DÂN**

        **CHỦ TỊCH**

        **Nguyễn Văn A**

        -------

        **KẾ HOẠCH**

        TRIỂN KHAI THỬ NGHIỆM

        *(Ban hành kèm theo Quyết định số 345/QĐ-UBND ngày 20/11/2025 của UBND tỉnh)*

        **I. NHIỆM VỤ**

        **1. Sở Y tế**

        Khám sàng lọc.
    """)
    result = draft(text, registry)
    plan = result.plan
    assert (plan["number"], plan["date"].isoformat()) == ("345/QĐ-UBND", "2025-11-20")
    assert plan["attached_to"]["kind"] == "Quyết định"
    assert plan["attached_to"]["number"] == "345/QĐ-UBND"
    assert plan["title"] == "TRIỂN KHAI THỬ NGHIỆM"
    assert "kèm theo Quyết định" in flags_at(result, "number")
    assert importer_yaml.render(result, "thu.md").problems == []


def test_layout__duplicated_section_numbers_keep_refs_unique(registry):
    result = draft(dedent(HEADER) + dedent("""
        **II. NHIỆM VỤ**

        **1. Việc một**

        *Đơn vị chủ trì: *Sở Y tế.

        **II. GIẢI PHÁP**

        **1. Việc hai**

        *Đơn vị chủ trì: *Sở Xây dựng.
    """), registry)
    assert [e["ref"] for e in result.plan["content"]] == ["II.1", "II-2.1"]
    assert "dùng hai lần" in flags_at(result)
    assert importer_yaml.render(result, "thu.md").problems == []


def test_layout__a_number_given_twice_gets_a_unique_ref(registry):
    result = draft(dedent(HEADER) + dedent("""
        **II. MỤC TIÊU**

        **1. Mục tiêu chung**

        Nâng cao chất lượng.

        **1. Mục tiêu cụ thể**

        Đến năm 2030, 100% cơ quan có kế hoạch.
    """), registry)
    assert [t["ref"] for t in result.plan["targets"]] == ["II.1", "II.1-2"]
    assert "lặp lại" in flags_at(result, "targets", 1, "ref")
    assert importer_yaml.render(result, "thu.md").problems == []


def test_agencies__one_name_spelt_two_ways_is_one_proposal_with_an_alias():
    from hncc.importer.agencies import proposed_entries

    assert proposed_entries(["Thủ tưởng Chính phủ", "Thủ tướng Chính phủ", "Sở Y tế"]) == [
        {"id": "thu-tuong-chinh-phu", "name": "Thủ tưởng Chính phủ",
         "aliases": ["Thủ tướng Chính phủ"], "kind": "central_body"},
        {"id": "so-y-te", "name": "Sở Y tế", "kind": "city_department"}]


def test_agencies__ubnd_spelt_out_or_not_is_one_proposal_and_a_province_is_no_district():
    from hncc.importer.agencies import proposed_entries

    assert proposed_entries(["Ủy ban nhân dân các xã, phường", "UBND các xã, phường",
                             "Ủy ban nhân dân tỉnh", "UBND tỉnh Lai Châu", "UBND huyện Mường Tè"]) == [
        {"id": "uy-ban-nhan-dan-cac-xa-phuong", "name": "Ủy ban nhân dân các xã, phường",
         "aliases": ["UBND các xã, phường"], "kind": "group"},
        {"id": "uy-ban-nhan-dan-tinh", "name": "Ủy ban nhân dân tỉnh", "kind": "city_government"},
        {"id": "uy-ban-nhan-dan-tinh-lai-chau", "name": "UBND tỉnh Lai Châu",
         "kind": "city_government"},
        {"id": "uy-ban-nhan-dan-huyen-muong-te", "name": "UBND huyện Mường Tè",
         "kind": "district_committee"}]


def test_agencies__a_commune_is_a_commune_and_the_communes_together_a_group():
    from hncc.importer.agencies import proposed_entries

    assert [(e["name"], e["kind"]) for e in proposed_entries(
        ["UBND xã, phường", "UBND cấp xã", "UBND phường Hoàn Kiếm", "Ủy ban nhân dân xã Sóc Sơn",
         "UBND quận Ba Đình"])] == [
        ("UBND xã, phường", "group"), ("UBND cấp xã", "group"),
        ("UBND phường Hoàn Kiếm", "commune_committee"),
        ("Ủy ban nhân dân xã Sóc Sơn", "commune_committee"),
        ("UBND quận Ba Đình", "district_committee")]


def test_agencies__unknown_names_kept_verbatim_and_proposed(registry):
    result = draft(dedent(HEADER) + "**PHỤ LỤC**\n\n" + table(
        ["TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"],
        ["1", "Việc một", "Bộ CHQS tỉnh; UBND cấp xã",
         "Sở Tài chính, Sở Giao thông công chính và các đơn vị liên quan", "2025"]), registry)
    row = result.plan["appendix"]["rows"][0]
    assert row["lead"] == ["Bộ CHQS tỉnh", "UBND cấp xã"]
    assert row["cooperating"] == ["Sở Tài chính", "Sở Giao thông công chính", "các đơn vị liên quan"]
    rendered = importer_yaml.render(result, "thu.md")
    proposed = yamlio.parse(rendered.agencies)["agencies"]
    assert {"id": "bo-chqs-tinh", "name": "Bộ CHQS tỉnh", "kind": "central_body"} in proposed
    assert {"id": "so-giao-thong-cong-chinh", "name": "Sở Giao thông công chính",
            "kind": "city_department"} in proposed
    assert "Sở Tài chính" not in [entry["name"] for entry in proposed]  # in the registry
    assert "# KIỂM TRA: " in rendered.text
    assert "#       name: Sở Giao thông công chính" in rendered.text


# -- the command -------------------------------------------------------------------------------


@pytest.fixture
def plan_md(tmp_path) -> Path:
    path = tmp_path / "thu.md"
    path.write_text(dedent(HEADER) + dedent("""
        **I. TỔ CHỨC THỰC HIỆN**

        **1. Sở Giao thông công chính**

        Khám sàng lọc.
    """), encoding="utf-8")
    return path


def test_import__writes_draft_and_proposed_agencies(hncc, tmp_path, plan_md):
    result = hncc("import", plan_md, "--root", REPO, "-o", tmp_path / "d.yaml",
                  "--agencies", tmp_path / "a.yaml")
    assert result.exit_code == 0, result.output
    assert "1 nhiệm vụ (1 có cơ quan chủ trì), 0 dòng phụ lục," in result.stderr
    assert yamlio.parse((tmp_path / "d.yaml").read_text(encoding="utf-8"))["number"] == "12/KH-UBND"
    names = [a["name"] for a in yamlio.parse((tmp_path / "a.yaml").read_text("utf-8"))["agencies"]]
    assert names == ["ỦY BAN NHÂN DÂN TỈNH THỬ", "Sở Giao thông công chính"]


@pytest.mark.parametrize("name, content, words", [
    ("empty.md", b"", "Tệp trống"),
    ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "nhị phân"),
    ("broken.docx", b"PK\x03\x04 not a zip", "Word"),
    ("note.md", "**Ghi chú**\n\nKhông có kế hoạch nào ở đây.\n".encode(), "không phải văn bản kế hoạch"),
])
def test_import__bad_input_refused_with_exit_1_and_nothing_written(hncc, tmp_path, name, content,
                                                                    words):
    source = tmp_path / name
    source.write_bytes(content)
    result = hncc("import", source, "--root", REPO, "-o", tmp_path / "out.yaml",
                  "--agencies", tmp_path / "a.yaml")
    assert result.exit_code == 1
    assert words in result.stderr and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_import__directory_and_huge_file_refused(hncc, tmp_path, plan_md, monkeypatch):
    result = hncc("import", tmp_path, "--root", REPO, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 1 and "thư mục" in result.stderr
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 100)
    result = hncc("import", plan_md, "--root", REPO, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 1 and "quá giới hạn" in result.stderr
    assert not (tmp_path / "out.yaml").exists()


def test_layout__lead_label_written_as_a_sentence_keeps_its_words_in_the_body(registry):
    """"Cơ quan thực hiện: Sở X tiến hành …; các sở … rà soát …" is read for its subject, and the
    sentence is kept in the body: the lead alone would drop what the others must do, and a lead
    (or lead_text) is names, not a sentence."""
    entry = draft(dedent(HEADER) + dedent("""
        **I. NHIỆM VỤ**

        **1. Rà soát văn bản**

        - Nội dung: Rà soát các văn bản có liên quan.

        - Cơ quan thực hiện: Sở Tư pháp tiến hành rà soát các văn bản thuộc thẩm quyền quản lý
        nhà nước của mình; các sở, ngành liên quan và Ủy ban nhân dân các xã, phường rà soát văn
        bản do cơ quan mình tham mưu ban hành có liên quan đến Luật thuộc phạm vi, lĩnh vực, địa
        bàn quản lý nhà nước được phân công và gửi kết quả về Sở Tư pháp để tổng hợp.
    """), registry).plan["content"][0]
    assert entry["lead"] == ["Sở Tư pháp"] and "lead_text" not in entry
    assert entry["body"][0] == "Rà soát các văn bản có liên quan."
    assert entry["body"][1].startswith("Cơ quan thực hiện: Sở Tư pháp tiến hành rà soát")
    assert "các sở, ngành liên quan và Ủy ban nhân dân các xã, phường rà soát" in entry["body"][1]


def test_header__title_without_years_asks_for_the_horizon(registry):
    """A plan without a horizon covers its own year only: after it, every task without a deadline
    is late against the plan's end. The draft says so where the reviewer reads the date."""
    result = draft(dedent(HEADER).replace("GIAI ĐOẠN 2026 - 2030", "TRÊN ĐỊA BÀN TỈNH") + dedent("""
        **I. NHIỆM VỤ**

        **1. Phối hợp kiểm tra việc thi hành Luật**

        - Cơ quan chủ trì: Sở Tư pháp.

        - Thời gian thực hiện: Năm 2026 và các năm tiếp theo.
    """), registry)
    assert "horizon" not in result.plan
    assert "chỉ trong năm 2025" in flags_at(result, "date")
    with_years = draft(dedent(HEADER), registry)
    assert with_years.plan["horizon"] == {"start": 2026, "end": 2030}
    assert flags_at(with_years, "date") == ""


def test_layout__bare_amounts_read_in_the_unit_of_their_column_header(registry, tmp_path):
    """"Kinh phí (triệu đồng)" with cells "500", "1.200/năm": the cell stays verbatim, its value in
    tỷ đồng beside it (flagged); an amount with its own unit needs none; the draft validates."""
    result = draft(dedent(HEADER) + "**PHỤ LỤC**\n\n" + table(
        ["STT", "Nội dung", "Cơ quan chủ trì", "Thời gian thực hiện", "Kinh phí (triệu đồng)",
         "Nguồn kinh phí"],
        ["1", "Khám sàng lọc", "Sở Y tế", "Quý IV/2025 - Quý II/2026", "500", "Ngân sách tỉnh"],
        ["2", "Tập huấn", "Sở Y tế", "Hằng năm", "1.200/năm", "Xã hội hóa"],
        ["3", "In tài liệu", "Sở Y tế", "Năm 2026", "150.000.000 đồng", "Ngân sách tỉnh"],
    ), registry)
    rows = result.plan["appendix"]["rows"]
    assert [row["budget"] for row in rows] == [
        {"text": "500", "amount": "0.5"}, {"text": "1.200/năm", "amount": "1.2", "per_year": True},
        "150.000.000 đồng"]
    assert "triệu đồng" in flags_at(result, "appendix", "rows", 0, "budget")
    rendered = importer_yaml.render(result, "thu.md")
    assert [p for p in rendered.problems if p.severity.name == "ERROR"] == []


def test_agencies__a_plan_of_another_province_flags_names_the_registry_has_for_its_own(registry):
    """The registry is Hà Nội's: "Sở Công Thương" in a plan of "TỈNH THỬ" may be that province's
    own department. The draft keeps the match but asks; a ministry is the same everywhere;
    a plan of the registry's own city is not flagged."""
    text = dedent(HEADER) + dedent("""
        **I. NHIỆM VỤ**

        **1. Phát triển thương mại điện tử**

        - Cơ quan chủ trì: Sở Công Thương.

        - Cơ quan phối hợp: Bộ Ngoại giao.
    """)
    result = draft(text, registry)
    entry = result.plan["content"][0]
    assert entry["lead"] == ["Sở Công Thương"]
    assert "trùng tên" in flags_at(result, "content", 0, "lead", 0)
    assert entry["cooperating"] == ["Bộ Ngoại giao"]
    assert "trùng tên" not in flags_at(result, "content", 0, "cooperating")
    hanoi = draft(text.replace("TỈNH THỬ", "THÀNH PHỐ HÀ NỘI"), registry)
    assert flags_at(hanoi, "issuer") == ""
    assert "trùng tên" not in flags_at(hanoi, "content")


def test_import__draft_is_written_in_the_layout_hncc_fmt_keeps(registry):
    """A reviewer commits the draft after fixing its flags: `hncc fmt --check` must not then ask
    to reformat the whole file (the draft had the keys in another order: deadline after body,
    funding after content)."""
    from hncc.data.model import Plan
    from hncc.edit import fmt

    result = draft(dedent(HEADER) + dedent("""
        **I. NHIỆM VỤ**

        **1. Phối hợp kiểm tra**

        - Nội dung: Kiểm tra việc thi hành Luật.

        - Cơ quan chủ trì: Sở Công Thương.

        - Thời gian thực hiện: Thường xuyên.

        **II. KINH PHÍ THỰC HIỆN**

        Kinh phí thực hiện từ ngân sách tỉnh.
    """), registry)
    text = importer_yaml.render(result, "thu.md").text
    plan = text.split(f"\n# {importer_yaml.MARK}: ")[0]  # before the proposed agencies
    assert fmt.format_text(plan, Plan) == plan


def test_header__a_citation_inside_brackets_does_not_take_the_closing_bracket(registry):
    result = draft(dedent(HEADER) + dedent("""
        (Thực hiện Kế hoạch số 12/KH-UBND ngày 01/02/2025 của UBND tỉnh)

        **I. NHIỆM VỤ**

        **1. Khám sàng lọc**

        - Cơ quan chủ trì: Sở Công Thương.
    """), registry)
    cite = result.plan["cites"][0]
    assert (cite["number"], cite["issuer"]) == ("12/KH-UBND", "UBND tỉnh")
    assert cite["text"] == "Kế hoạch số 12/KH-UBND ngày 01/02/2025 của UBND tỉnh"


def test_header__a_plan_attached_to_a_decision_does_not_cite_it_and_writes_no_yaml_alias(registry):
    """"(Ban hành kèm theo Quyết định số 345/QĐ-UBND …)" is attached_to, not a document the plan
    carries out; its date, the plan's too, is written as a date twice, not as &id001/*id001."""
    text = dedent(HEADER).replace("Số: 12/KH-UBND", "Số: 345/QĐ-UBND") + dedent("""
        *(Ban hành kèm theo Quyết định số 345/QĐ-UBND ngày 20/11/2025 của UBND tỉnh)*

        **I. NHIỆM VỤ**

        **1. Khám sàng lọc**

        - Cơ quan chủ trì: Sở Công Thương.
    """)
    result = draft(text, registry)
    assert result.plan["attached_to"]["number"] == "345/QĐ-UBND"
    assert [c["number"] for c in result.plan.get("cites", [])] == []
    rendered = importer_yaml.render(result, "thu.md")
    assert "&id" not in rendered.text and "*id" not in rendered.text
    assert rendered.problems == []


def test_header__an_action_programme_is_cited_too(registry):
    """"Chương trình hành động số 10-CTr/TU" was skipped: the citation pattern wanted the number
    right after "Chương trình"."""
    cites = draft(dedent(HEADER) + dedent("""
        Thực hiện Kế hoạch số 283/KH-UBND ngày 24/9/2025 của UBND tỉnh về thực hiện Chương trình
        hành động số 10-CTr/TU ngày 13/8/2025 của Ban Thường vụ Tỉnh uỷ;

        **I. NHIỆM VỤ**

        **1. Khám sàng lọc**

        - Cơ quan chủ trì: Sở Công Thương.
    """), registry).plan["cites"]
    assert [(c["kind"], c["number"]) for c in cites] == [
        ("Kế hoạch", "283/KH-UBND"), ("Chương trình hành động", "10-CTr/TU")]
    assert cites[1]["text"].startswith("Chương trình hành động số 10-CTr/TU ngày 13/8/2025")


def test_layout__unnumbered_paragraph_of_another_body_after_a_duty_is_its_own_duty(registry):
    # dong-nai-179: "18. Khuyến khích Mặt trận … ." then "Hội, hiệp hội …", its number lost
    result = draft(dedent(HEADER) + dedent("""
        **IV. TỔ CHỨC THỰC HIỆN**

        **1. **Sở Nội vụ chủ trì, phối hợp với các cơ quan, đơn vị thực hiện kịp thời các
        nhiệm vụ.

        **2.** Khuyến khích Mặt trận Tổ quốc Việt Nam tỉnh và các
        tổ chức chính trị - xã hội phát huy vai trò trong tuyên truyền, vận động, giám
        sát thực hiện Kế hoạch.

        Hội, hiệp hội xã hội nghề nghiệp chủ động, tích cực
        trong việc tham mưu, phản biện chính sách, pháp luật.

        **3. **Sở Tài chính bố trí kinh phí thực hiện Kế hoạch.

        Kinh phí bố trí trong dự toán chi thường xuyên hằng năm.
    """), registry)
    duties = {d["ref"]: d for d in result.plan["duties"]}
    assert "body" not in duties["IV.2"]
    assert duties["IV.2"]["lead"][0].startswith("Mặt trận Tổ quốc")
    assert duties["IV.2-1"]["lead"] == ["Hội, hiệp hội xã hội nghề nghiệp"]
    assert duties["IV.2-1"]["body"][0].startswith("Hội, hiệp hội xã hội nghề nghiệp chủ động")
    assert "số thứ tự do hncc đặt" in flags_at(result, "duties", 2)
    assert "kind: group" not in flags_at(result, "duties", 1)
    # a paragraph that goes on the duty above (no body of its own) stays its text
    assert duties["IV.3"]["body"] == ["Kinh phí bố trí trong dự toán chi thường xuyên hằng năm."]
    assert "IV.3-1" not in duties


def test_layout__a_lettered_sentence_with_xem_xet_takes_only_its_subject_as_lead(registry):
    # can-tho-157: "Chủ tịch … xem xét tặng Bằng khen … của Ủy ban nhân dân thành phố Quy định
    # về …" had its whole sentence cut into "names"
    result = draft(dedent(HEADER) + dedent("""
        **II. NỘI DUNG**

        **1. Cấp tỉnh**

        a) Chủ tịch Ủy ban nhân dân tỉnh xem xét tặng Bằng khen cho các tập thể, cá nhân có
        thành tích xuất sắc theo quy định tại Quyết định số 10/2024/QĐ-UBND ngày 13 tháng 6
        năm 2024 của Ủy ban nhân dân tỉnh Quy định về công tác thi đua, khen thưởng;
    """), registry)
    entry = result.plan["content"][1]
    assert entry["ref"] == "II.1.a"
    assert not [name for name in entry["lead"] if "xem xét" in name or "Quy định" in name]


def test_layout__an_item_that_says_when_the_plan_runs_is_no_task_and_is_flagged(registry):
    # nghe-an-982: "V. THỜI GIAN VÀ TRÁCH NHIỆM THỰC HIỆN", "1. Thời gian thực hiện" then when
    result = draft(dedent(HEADER) + dedent("""
        **IV. THỜI GIAN VÀ TRÁCH NHIỆM THỰC HIỆN**

        **1. Thời gian thực hiện**

        Đợt thi đua được triển khai thực hiện từ ngày ban hành Kế hoạch đến hết năm 2026.

        **2. Trách nhiệm thực hiện**

        Sở Nội vụ chủ trì, phối hợp với các cơ quan, đơn vị hướng dẫn thực hiện Kế hoạch.
    """), registry)
    duties = result.plan["duties"]
    assert [d["ref"] for d in duties] == ["IV.2"] and duties[0]["lead"] == ["Sở Nội vụ"]
    flags = flags_at(result, "duties")
    assert "bỏ qua mục IV.1 “Thời gian thực hiện”" in flags and "đến hết năm 2026" in flags


def test_agencies__the_head_of_a_body_before_its_name_is_that_body_not_a_name_of_its_own(registry):
    # can-tho-157: "Chủ tịch Ủy ban nhân dân thành phố xem xét …" led by "Chủ tịch" and the UBND
    reader = AgencyReader(registry)
    names = reader.split("Giám đốc Sở Tài chính và Chủ tịch UBND Thành phố")
    assert [(name.text, name.written) for name in names] == [
        ("Sở Tài chính", "Giám đốc Sở Tài chính"), ("UBND Thành phố", "Chủ tịch UBND Thành phố")]
    assert [name.agency.id for name in names if name.agency] == ["so-tai-chinh", "ubnd-thanh-pho"]
    entry: dict = {}
    flags: list[str] = []
    reader.add(entry, "lead", names, lambda where, message: flags.append(message))
    assert entry["lead"] == ["Sở Tài chính", "UBND Thành phố"]
    assert "nguồn viết “Giám đốc Sở Tài chính”" in " ".join(flags)
    # a head of bodies the registry does not know stays one name, as written
    assert [n.text for n in reader.split("Thủ trưởng các sở, ban, ngành")] == [
        "Thủ trưởng các sở, ban, ngành"]


def test_layout__a_numbered_item_on_what_to_do_in_case_of_difficulties_is_no_task(registry):
    # nghe-an-980 IV.5, lai-chau-7360 IV.3: the closing words, numbered as the last duty
    result = draft(dedent(HEADER) + dedent("""
        **IV. TỔ CHỨC THỰC HIỆN**

        1. Sở Tài chính bố trí ngân sách nhà nước để thực hiện Kế hoạch này.

        2. Trong quá trình triển khai thực hiện Kế hoạch, nếu
        có khó khăn, vướng mắc, các sở, ban, ngành kịp thời phản ánh về Sở Nội vụ để tổng hợp.
    """), registry)
    assert [d["ref"] for d in result.plan["duties"]] == ["IV.1"]
    assert "bỏ qua mục IV.2: lời dặn khi có khó khăn, vướng mắc" in flags_at(result, "duties")


def test_layout__the_date_of_a_document_cited_is_not_offered_as_a_deadline(registry):
    # ho-chi-minh-174, ha-tinh-624 …: "theo Quyết định số 1855/QĐ-TTg ngày 11 tháng 11 năm 2009"
    # was the time phrase offered, and hid the one the duty gives
    result = draft(dedent(HEADER) + dedent("""
        **IV. TỔ CHỨC THỰC HIỆN**

        1. Sở Nội vụ kiện toàn Ban Vì sự tiến bộ phụ nữ theo Quyết định số 1855/QĐ-TTg ngày 11
        tháng 11 năm 2009 của Thủ tướng Chính phủ, báo cáo trước ngày 15/12/2026.

        2. Sở Y tế triển khai Nghị quyết số 36-NQ/TW ngày 22/10/2018 của Ban Chấp hành Trung ương.
    """), registry)
    first, second = flags_at(result, "duties", 0), flags_at(result, "duties", 1)
    assert "“trước ngày 15/12/2026”" in first and "2009" not in first
    assert "cụm thời gian" not in second
