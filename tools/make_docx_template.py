"""Build hncc's default Word template for the agency report: hncc/render/templates/agency_report.docx.

The template is a Word file with Jinja tags (docxtpl): `{{ … }}` in a run, `{%p … %}` for a
paragraph, `{%tr … %}` for a table row. Its layout follows Decree 30/2020/NĐ-CP, Appendix I:
A4, margins 20/20/30/15 mm, Times New Roman 14 pt, at least 6 pt between paragraphs, the page
number at the top centre from page 2 on, the issuer and national heading side by side, "Nơi nhận"
and the signer at the bottom; the text's language is Vietnamese (so Word checks its spelling as
Vietnamese, not as English). The data it reads is described in
hncc/render/docx.py. A department restyles its copy in Word and commits it as
templates/agency_report.docx; run this script only to change the default:

    python tools/make_docx_template.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TARGET = Path(__file__).resolve().parent.parent / "hncc" / "render" / "templates" / "agency_report.docx"
FONT = "Times New Roman"
BODY_PT = 14
PAGE_NUMBER_PT = 13
LANGUAGE = "vi-VN"
CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY


def _set_font(style_font, size: int) -> None:
    style_font.name = FONT
    style_font.size = Pt(size)
    fonts = style_font.element.rPr.find(qn("w:rFonts"))
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def para(cell_or_doc, text: str = "", *, size: int = BODY_PT, bold: bool = False,
         italic: bool = False, align=JUSTIFY, indent: bool = False, after: int = 6,
         keep: bool = False):
    """A paragraph of one run (docxtpl needs each `{{ … }}` inside one run); `keep`: on the
    same page as the next (a heading, the closing sentence above the signature)."""
    paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(0)
    if keep:
        paragraph.paragraph_format.keep_with_next = True
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(10)
    if text:
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold
        run.italic = italic
    return paragraph


def tag(cell_or_doc, text: str):
    """A paragraph holding only a docxtpl tag; it disappears when the template is rendered."""
    return para(cell_or_doc, text, after=0)


def rule(cell, inset_mm: float, before_pt: int = 3):
    """A short horizontal line (a top border of a tiny paragraph), `inset_mm` in from each side."""
    paragraph = para(cell, size=2, align=CENTER, after=0)
    paragraph.paragraph_format.space_before = Pt(before_pt)
    paragraph.paragraph_format.left_indent = Mm(inset_mm)
    paragraph.paragraph_format.right_indent = Mm(inset_mm)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(name), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().append(borders)
    paragraph.add_run().font.size = Pt(2)


def _column_widths(table, widths_mm: tuple[int, ...]) -> None:
    """Widths in the table grid too: LibreOffice reads those, Word the cells'."""
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)


def layout_table(doc, widths_mm: tuple[int, ...], rows: int = 1):
    """A table without borders for the side-by-side blocks."""
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _column_widths(table, widths_mm)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
            cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return table


def grid_table(doc, headers: tuple[str, ...], cells: tuple[str, ...], widths_mm: tuple[int, ...],
               loop: str, size: int = 12, centred: tuple[int, ...] = (0,)):
    """A bordered table: a header row, then one row per item of `loop` (docxtpl `{%tr %}`);
    the `centred` columns (numbers) centred, the others (text) from the left."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _column_widths(table, widths_mm)
    repeated = OxmlElement("w:tblHeader")  # the header row again on every page the table spans
    table.rows[0]._tr.get_or_add_trPr().append(repeated)
    texts = (headers, (f"{{%tr for {loop} %}}",) + ("",) * (len(headers) - 1), cells,
             ("{%tr endfor %}",) + ("",) * (len(headers) - 1))
    for row, values in zip(table.rows, texts, strict=True):
        for index, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            cell.width = Mm(widths_mm[index])
            paragraph = cell.paragraphs[0]
            paragraph.alignment = (CENTER if values is headers or index in centred
                                   else WD_ALIGN_PARAGRAPH.LEFT)
            run = paragraph.add_run(value)
            run.font.size = Pt(size)
            run.bold = values is headers
    return table


def heading(doc) -> None:
    # The number and the date in a row of their own, so that they stand on one line however
    # many lines the issuer's name takes
    table = layout_table(doc, (70, 95), rows=2)  # the issuer on one line where it can be
    left, right = table.rows[0].cells
    para(left, "{{ official.parent }}", size=13, align=CENTER, after=0)
    para(left, "{{ official.issuer }}", size=13, bold=True, align=CENTER, after=0)
    rule(left, 23)
    para(right, "{{ official.nation }}", size=12, bold=True, align=CENTER, after=0)
    para(right, "{{ official.motto }}", size=13, bold=True, align=CENTER, after=0)
    rule(right, 18)
    number, day = table.rows[1].cells
    para(number, "Số: {{ official.number }}/{{ official.kind_code }}-{{ official.code }}", size=13,
         align=CENTER, after=0).paragraph_format.space_before = Pt(6)
    para(day, "{{ official.date_line }}", size=14, italic=True, align=CENTER,
         after=0).paragraph_format.space_before = Pt(6)


def work_items(doc) -> None:
    para(doc, "I. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ", bold=True, keep=True)
    tag(doc, "{%p for item in official.items %}")
    para(doc, "{{ loop.index }}. {{ item.row.task.title }}", bold=True, indent=True, keep=True)
    para(doc, "- Thuộc {{ item.row.plan_number }}, mục {{ item.row.task.ref }}{% if "
         "item.row.task.year %} (kỳ năm {{ item.row.task.year }}){% endif %}; cơ quan "
         "{{ item.role }}{% if item.role == 'phối hợp' %} (chủ trì: "
         "{{ item.lead }}){% endif %}{% if item.row.inherited_from %}; kế "
         "thừa từ {{ item.row.inherited_from }}{% endif %}.", indent=True)
    para(doc, "- Thời hạn: {{ item.deadline }}. Kinh phí dự kiến: {{ item.budget }}.",
         indent=True)
    tag(doc, "{%p for other in item.row.other_deadlines %}")
    para(doc, "- Thời hạn khác: {{ other }}.", indent=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for part in item.parts %}")
    para(doc, "- Phần việc {{ part.ref }}: {{ part.text }} (chủ trì: {{ part.lead }}; thời hạn: "
         "{{ part.deadline }}; {{ part.state }}).", indent=True)
    tag(doc, "{%p for line in part.body %}")
    para(doc, "+ {{ line }}", indent=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    para(doc, "- Kết quả thực hiện:", indent=True)
    tag(doc, "{%p for u in item.updates %}")
    para(doc, "+ Ngày {{ u.date|date }}{% if u.ref %} (mục {{ u.ref }}){% endif %}, "
         "{{ u.status_label }}{% if u.note %}: {{ u.note }}"
         "{% endif %}{% if u.evidence %} (văn bản: {{ u.evidence }}){% endif %}"
         "{% if u.reason %}; lý do: {{ u.reason }}{% endif %}{% if u.link %} ({{ u.link }})"
         "{% endif %}.", indent=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not item.updates %}")
    para(doc, "+ Chưa ghi nhận kết quả nào.", indent=True)
    tag(doc, "{%p endif %}")
    para(doc, "- Đánh giá: {{ item.progress }} (trạng thái ghi nhận: {{ item.recorded }})"
         "{% for e in item.earlier %}; {{ e }}{% endfor %}.", indent=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not official.items %}")
    para(doc, "Không có nhiệm vụ nào trong kỳ báo cáo.", indent=True)
    tag(doc, "{%p endif %}")


def summary(doc) -> None:
    para(doc, "II. TỔNG HỢP", bold=True, keep=True)
    para(doc, "1. Danh sách nhiệm vụ", bold=True, indent=True, keep=True)
    tag(doc, "{%p if official.items %}")  # no table of headers alone
    grid_table(doc, ("TT", "Nhiệm vụ", "Kế hoạch, mục", "Vai trò", "Thời hạn", "Đánh giá",
                     "Kinh phí dự kiến"),
               ("{{ loop.index }}", "{{ item.row.task.title }}",
                "{{ item.row.plan_number }}, {{ item.row.task.ref }}{% if item.row.task.year %} "
                "({{ item.row.task.year }}){% endif %}", "{{ item.role }}",
                "{{ item.deadline }}", "{{ item.progress }}{% for e in item.earlier %}; {{ e }}"
                "{% endfor %}", "{{ item.budget }}"),
               (10, 45, 24, 16, 24, 25, 21), "item in official.items", size=11)
    para(doc, "")
    tag(doc, "{%p else %}")
    para(doc, "Không có nhiệm vụ nào trong kỳ báo cáo.", indent=True)
    tag(doc, "{%p endif %}")
    para(doc, "2. Phân loại theo tiến độ", bold=True, indent=True, keep=True)
    grid_table(doc, ("Phân loại", "Chủ trì", "Phối hợp", "Tổng"),
               ("{{ c.label|capitalize }}", "{{ c.led }}", "{{ c.supported }}",
                "{{ c.led + c.supported }}"),
               (75, 30, 30, 30), "c in report.summary", centred=(1, 2, 3))
    para(doc, "")
    tag(doc, "{%p if report.counted_apart %}")
    para(doc, "Tính khác trạng thái của kỳ năm {{ report.year }}: {% for c in "
         "report.counted_apart %}{{ c.row.plan_number }} {{ c.row.task.ref }} tính ở dòng "
         "“{{ c.label|capitalize }}” ({{ c.why }}){% if not loop.last %}; {% endif %}"
         "{% endfor %}.", indent=True)
    tag(doc, "{%p endif %}")
    para(doc, "Kinh phí dự kiến năm {{ report.year }} của các nhiệm vụ chủ trì: "
         "{% if report.budget.rows or report.budget.restated %}"
         "{{ report.budget.total|amount }}{% if report.budget.apportioned %} (trong đó "
         "{{ report.budget.apportioned|amount }} là phần phân bổ của khoản chi nhiều năm)"
         "{% endif %}{% else %}không nhiệm vụ nào ghi khoản kinh phí cho năm này (không phải "
         "0 đồng){% endif %}.{% if official.shared_budget %} Trong đó, kinh phí của "
         "{{ official.shared_budget|join('; ') }} được tính đủ trong báo cáo của mỗi cơ quan chủ "
         "trì.{% endif %}", indent=True)
    para(doc, "3. Chỉ tiêu liên quan", bold=True, indent=True, keep=True)
    tag(doc, "{%p if official.targets %}")
    grid_table(doc, ("TT", "Chỉ tiêu", "Kế hoạch, mục", "Thời hạn", "Kết quả", "Đạt được qua"),
               ("{{ loop.index }}", "{{ t.row.task.title }}",
                "{{ t.row.plan_number }}, {{ t.row.task.ref }}{% if t.row.task.year %} "
                "({{ t.row.task.year }}){% endif %}", "{{ t.deadline }}", "{{ t.result }}",
                "{{ t.via }}"),
               (10, 45, 24, 24, 37, 25), "t in official.targets", size=11)
    para(doc, "")
    tag(doc, "{%p else %}")
    para(doc, "Không có chỉ tiêu nối với công việc của cơ quan trong kỳ.", indent=True)
    tag(doc, "{%p endif %}")


def difficulties(doc) -> None:
    para(doc, "III. KHÓ KHĂN, VƯỚNG MẮC", bold=True, keep=True)
    tag(doc, "{%p for d in official.difficulties %}")
    para(doc, "- {{ d.plan_number }}, mục {{ d.ref }} ({{ d.date|date }}): {{ d.text }}", indent=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not official.difficulties %}")
    para(doc, "{{ official.placeholder }}", indent=True)
    tag(doc, "{%p endif %}")
    para(doc, "IV. ĐỀ XUẤT, KIẾN NGHỊ", bold=True, keep=True)
    para(doc, "{{ official.placeholder }}", indent=True)
    para(doc, "Trên đây là báo cáo kết quả thực hiện năm {{ report.year }} của {{ report.agency }}, "
         "kính gửi {{ official.recipient }} {{ official.request }}./.", indent=True, keep=True)


def signature(doc) -> None:
    para(doc, "", after=6, keep=True)
    table = layout_table(doc, (80, 85))
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # one page
    left, right = table.rows[0].cells
    para(left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
    tag(left, "{%p for r in official.recipients %}")
    para(left, "- {{ r }}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
    tag(left, "{%p endfor %}")
    tag(right, "{%p for line in official.signer_title %}")
    para(right, "{{ line }}", bold=True, align=CENTER, after=0)
    tag(right, "{%p endfor %}")
    for _ in range(4):
        para(right, "", align=CENTER, after=0)
    para(right, "{{ official.signer }}", bold=True, align=CENTER, after=0)


def _field(paragraph, instruction: str, size: int) -> None:
    """A Word field (PAGE, …) as its three runs: begin, instruction, end."""
    for kind, text in (("begin", None), (None, f" {instruction} "), ("end", None)):
        run = paragraph.add_run()
        run.font.size = Pt(size)
        if kind:
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), kind)
            run._r.append(mark)
        else:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = text
            run._r.append(code)


def page_numbers(section) -> None:
    """The page number centred at the top, not on the first page (Decree 30/2020, Appendix I)."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.alignment = CENTER
    _field(paragraph, "PAGE", PAGE_NUMBER_PT)


def language(doc, tag: str) -> None:
    """The language every run is in, unless it says otherwise (docDefaults and Normal)."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    for properties in (defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")),
                       doc.styles["Normal"].element.get_or_add_rPr()):
        lang = properties.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            properties.append(lang)
        lang.set(qn("w:val"), tag)


def build() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    _set_font(normal.font, BODY_PT)
    normal.paragraph_format.line_spacing = 1.1
    language(doc, LANGUAGE)
    page_numbers(section)
    heading(doc)
    para(doc, "", after=6)
    para(doc, "{{ official.document_kind }}", bold=True, align=CENTER, after=0)
    para(doc, "{{ official.subject }}", bold=True, align=CENTER, after=0)
    rule(doc, 60, before_pt=8)
    para(doc, "Kính gửi: {{ official.recipient }}.", align=CENTER, after=12)
    tag(doc, "{%p for i in report.inherited %}")
    para(doc, "{{ i.reason }}.", indent=True)
    tag(doc, "{%p endfor %}")
    para(doc, "{{ report.agency }} báo cáo kết quả thực hiện năm {{ report.year }} (số liệu tính "
         "đến ngày {{ report.as_of|date }}{% if report.inherited %}, gồm cả nhiệm vụ kế thừa"
         "{% endif %}) như sau:", indent=True)
    work_items(doc)
    summary(doc)
    difficulties(doc)
    signature(doc)
    properties = doc.core_properties
    properties.author = properties.last_modified_by = "hncc"
    properties.title = "Báo cáo kết quả thực hiện kế hoạch"
    properties.comments = ""  # python-docx's "generated by python-docx"
    properties.language = LANGUAGE
    return doc


if __name__ == "__main__":
    build().save(TARGET)
    print(f"wrote {TARGET}")
