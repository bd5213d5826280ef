"""The agency report in the official layout (Decree 30/2020/NĐ-CP): Markdown and Word.

Golden files (tests/golden/official_*): regenerate on purpose with
    HNCC_UPDATE_GOLDEN=1 pytest tests/test_official_report.py
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import time

import official_fixture as fixture
import pytest
from docx import Document
from docx.shared import Pt
from test_reports import YEARLY_TARGET_PLAN, assert_tables_whole, check_golden

from hncc.data import loader
from hncc.queries import official

DOCUMENT_OPTIONS = ("--so-hieu", "55", "--nguoi-ky", "Nguyễn Văn An", "--ngay", "2023-11-25",
                    "--noi-nhan", "UBND Thành phố (để b/c);")


@pytest.fixture
def data(root):
    fixture.write(root)
    return root


def agency_args(data, *extra: str) -> tuple:
    return ("report", "--root", data.path, "--agency", "so ngoai vu", "--year", "2023",
            "--as-of", fixture.AS_OF, *DOCUMENT_OPTIONS, *extra)


def docx_text(document) -> str:
    """The text of a Word document in body order: paragraphs, and tables row by row."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            lines.append(Paragraph(child, document).text)
        elif child.tag.endswith("}tbl"):
            for row in Table(child, document).rows:
                cells = [" / ".join(p.text for p in cell.paragraphs if p.text) for cell in row.cells]
                lines.append(" | ".join(cells))
    return "\n".join(lines) + "\n"


@pytest.fixture
def word(hncc, data):
    output = data.path / "bao-cao.docx"
    result = hncc(*agency_args(data, "--format", "docx", "--output", output))
    assert result.exit_code == 0, result.stderr
    return Document(str(output))


def test_official__issuer_details_come_from_the_registry_and_options(data):
    dataset = loader.load(data.data).dataset
    options = official.IssuerOptions(number="55", date=dt.date(2023, 11, 25))
    report = official.official_report(dataset, "Sở Ngoại vụ", 2023, dt.date(2023, 12, 15), options)
    assert (report.parent, report.issuer, report.code) == (
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "SỞ NGOẠI VỤ", "SNgV")
    assert report.signer_title == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    assert report.date_line == "Hà Nội, ngày 25 tháng 11 năm 2023"
    assert report.subject == ("Kết quả thực hiện Kế hoạch số 7/KH-UBND ngày 01/4/2022 của UBND "
                              "Thành phố năm 2023")
    assert report.signer == "…"  # nobody said who signs: a space for a person to fill


def test_official__plans_of_one_issuer_written_two_ways_name_it_once(data):
    # Plan 9 writes its issuer in full ("Ủy ban nhân dân thành phố Hà Nội"), plan 7 as
    # "UBND Thành phố": one issuer, named once at the end, not "… của UBND Thành phố và … của Ủy
    # ban nhân dân thành phố Hà Nội" as if two bodies had issued them
    data.plan(fixture.MONTHLY_FILE, fixture.MONTHLY.replace(
        "issuer: UBND Thành phố", "issuer: Ủy ban nhân dân thành phố Hà Nội"))
    dataset = loader.load(data.data).dataset
    report = official.official_report(dataset, "Sở Ngoại vụ", 2023, dt.date(2023, 12, 15))
    assert report.subject == ("Kết quả thực hiện Kế hoạch số 7/KH-UBND ngày 01/4/2022 và Kế hoạch "
                              "số 9/KH-UBND ngày 05/1/2023 của UBND Thành phố năm 2023")


def test_official__unknown_issuer_details_are_placeholders_never_guesses(data):
    dataset = loader.load(data.data).dataset
    report = official.official_report(dataset, "Sở Văn hóa và Thể thao", 2023, dt.date(2023, 12, 15))
    assert (report.parent, report.code, report.number, report.signer_title) == (
        "…", "…", "…", ("…",))


def test_official__the_compiler_s_own_report_goes_to_the_plans_issuer_not_to_itself(data):
    """Agencies report to Sở Văn hóa và Thể thao to compile; it reports to the city (plan 102,
    V.2: "gửi về Sở Văn hóa và Thể thao tổng hợp chung, báo cáo UBND Thành phố xem xét, chỉ đạo")."""
    dataset = loader.load(data.data).dataset
    day = dt.date(2023, 12, 15)
    own = official.official_report(dataset, "Sở Văn hóa và Thể thao", 2023, day)
    assert (own.recipient, own.request) == ("Ủy ban nhân dân thành phố Hà Nội", "xem xét, chỉ đạo")
    other = official.official_report(dataset, "Sở Ngoại vụ", 2023, day)
    assert (other.recipient, other.request) == ("Sở Văn hóa và Thể thao", "tổng hợp")


ANNUAL_PLAN = """\
number: 8/KH-UBND
issuer: UBND Thành phố
date: 2023-02-01
title: KẾ HOẠCH NĂM 2023
horizon: {start: 2023, end: 2023}
content:
  - ref: II.1
    kind: activity
    title: Biên soạn ấn phẩm
    lead: [Sở Ngoại vụ]
    deadline: Tháng 10/2023
    implements: 7/KH-UBND@2022:III.4
"""


def test_docx__says_what_the_markdown_report_says_deadline_sources_earlier_years_links_and_inheritance(
        hncc, data):
    """Nothing the Markdown report shows is dropped from the Word one: where a deadline comes from,
    the parts of the work, an earlier year still open, the link of an update, and the tasks
    inherited from a merged agency."""
    plan = data.data / "plans" / fixture.PLAN_FILE
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "        evidence: Công văn số 12/SNgV-HTQT ngày 02/10/2023\n",
        "        evidence: Công văn số 12/SNgV-HTQT ngày 02/10/2023\n"
        "        link: https://songoaivu.hanoi.gov.vn/cv-12\n").replace(
        "appendix:", "  - ref: III.4\n    kind: activity\n    title: Biên soạn ấn phẩm giới thiệu\n"
        "    lead: [Sở Ngoại vụ]\nappendix:"), encoding="utf-8")
    data.plan("2023-8-KH-UBND.yaml", ANNUAL_PLAN)
    data.agencies(fixture.AGENCIES + fixture.MERGER)
    assert hncc("check", "--root", data.path).exit_code == 0

    def word(agency, year, as_of):
        output = data.path / f"{year}.docx"
        result = hncc("report", "--root", data.path, "--agency", agency, "--year", str(year),
                      "--as-of", as_of, "--format", "docx", "--output", output)
        assert result.exit_code == 0, result.stderr
        return docx_text(Document(str(output)))

    before = word("Sở Ngoại vụ", 2023, "2023-12-15")
    assert "- Thời hạn: 31/10/2023 (Tháng 10/2023, theo Kế hoạch 8/KH-UBND, mục II.1)." in before
    assert "Công văn số 12/SNgV-HTQT ngày 02/10/2023) (https://songoaivu.hanoi.gov.vn/cv-12)." in before
    assert ("- Phần việc 8/KH-UBND II.1: Biên soạn ấn phẩm (chủ trì: Sở Ngoại vụ; thời hạn: "
            "31/10/2023 (Tháng 10/2023); chưa hoàn thành, quá hạn (chưa cập nhật)).") in before
    after = word("Sở Văn hóa và Thể thao", 2024, "2024-06-30")
    assert "gồm cả nhiệm vụ kế thừa) như sau:" in after
    assert "\nSở Ngoại vụ sáp nhập vào Sở Văn hóa và Thể thao từ 01/3/2024 [nguồn: " in after
    assert "- Thuộc 7/KH-UBND, mục III.2 (kỳ năm 2024); cơ quan chủ trì; kế thừa từ Sở Ngoại vụ" in after
    assert "; kỳ năm 2023: chưa hoàn thành, quá hạn" in after


def test_official__date_line_pads_days_below_10_and_months_1_and_2():
    assert official.date_line("Hà Nội", dt.date(2025, 2, 5)) == "Hà Nội, ngày 05 tháng 02 năm 2025"
    assert official.date_line("Hà Nội", dt.date(2025, 11, 25)) == "Hà Nội, ngày 25 tháng 11 năm 2025"


def test_official__work_items_carry_the_updates_of_their_occurrence(data):
    dataset = loader.load(data.data).dataset
    report = official.official_report(dataset, "Sở Ngoại vụ", 2023, dt.date(2023, 12, 15))
    by_ref = {item.row.task.ref: item for item in report.items}
    assert [u.note for u in by_ref["III.1"].updates] == ["Đã cử đoàn đăng ký",
                                                        "Đã tham dự diễn đàn tại Băng Cốc"]
    assert [u.note for u in by_ref["III.2"].updates] == ["Đã in ấn phẩm"]  # not 2022's
    assert by_ref["III.3"].role == "phối hợp" and by_ref["III.3"].updates == ()
    assert [(d.ref, d.text) for d in report.difficulties] == [
        ("III.1", "Kinh phí đoàn ra được duyệt chậm")]


def test_official__updates_after_the_as_of_date_are_not_shown(data):
    dataset = loader.load(data.data).dataset
    report = official.official_report(dataset, "Sở Ngoại vụ", 2023, dt.date(2023, 5, 1))
    first = next(i for i in report.items if i.row.task.ref == "III.1")
    assert [u.note for u in first.updates] == ["Đã cử đoàn đăng ký"]


def test_markdown__official_report_matches_golden_file_with_notes_and_evidence(hncc, data):
    result = hncc(*agency_args(data))
    assert result.exit_code == 0, result.stderr
    check_golden("official_report_so_ngoai_vu.md", result.stdout_bytes)
    assert_tables_whole(result.stdout)
    text = result.stdout
    assert ("20/06/2023, đã hoàn thành: Đã tham dự diễn đàn tại Băng Cốc (văn bản: Báo cáo số "
            "55/BC-SNgV ngày 25/6/2023)") in text
    assert "Số: 55/BC-SNgV" in text and "_Hà Nội, ngày 25 tháng 11 năm 2023_" in text
    assert "Kinh phí đoàn ra được duyệt chậm" in text.split("## 7.")[1]


def test_docx__text_matches_golden_file(word):
    check_golden("official_report_so_ngoai_vu.docx.txt", docx_text(word).encode("utf-8"))


def test_docx__page_is_a4_with_the_decree_margins(word):
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35 and 15 <= round(section.right_margin.mm) <= 20


def test_docx__times_new_roman_13_to_14_pt_body(word):
    normal = word.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size == Pt(14)
    fonts = normal.element.rPr.rFonts
    assert {fonts.get(f"{{{fonts.nsmap['w']}}}{k}") for k in ("ascii", "hAnsi", "eastAsia")} == {
        "Times New Roman"}
    body = [r for p in word.paragraphs for r in p.runs if r.text.strip()]
    assert body and all(r.font.name in (None, "Times New Roman") for r in body)
    assert all(r.font.size is None or Pt(13) <= r.font.size <= Pt(14) for r in body)


def test_docx__heading_blocks_in_their_places_and_styles(word):
    rows = word.tables[0].rows
    left = [p for row in rows for p in row.cells[0].paragraphs if p.text]
    right = [p for row in rows for p in row.cells[1].paragraphs if p.text]
    assert [p.text for p in left] == ["ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "SỞ NGOẠI VỤ",
                                      "Số: 55/BC-SNgV"]
    assert [bool(p.runs[0].bold) for p in left] == [False, True, False]
    assert [p.text for p in right] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                       "Độc lập - Tự do - Hạnh phúc",
                                       "Hà Nội, ngày 25 tháng 11 năm 2023"]
    assert right[0].runs[0].bold and Pt(12) <= right[0].runs[0].font.size <= Pt(13)
    assert right[1].runs[0].bold and right[2].runs[0].italic
    texts = [p.text for p in word.paragraphs]
    kind = texts.index("BÁO CÁO")
    assert texts[kind + 1].startswith("Kết quả thực hiện Kế hoạch số 7/KH-UBND ngày 01/4/2022")
    assert "Kính gửi: Sở Văn hóa và Thể thao." in texts
    signature = word.tables[-1].rows[0].cells
    assert signature[0].paragraphs[0].text == "Nơi nhận:"
    assert signature[0].paragraphs[0].runs[0].bold and signature[0].paragraphs[0].runs[0].italic
    signer = [p.text for p in signature[1].paragraphs if p.text]
    assert signer == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"]


def test_docx__text_is_vietnamese_for_word_s_spelling_checker(word):
    """Marked en-US, Word underlines every Vietnamese word as a spelling mistake."""
    w = word.styles.element.nsmap["w"]
    defaults = word.styles.element.find(f"{{{w}}}docDefaults").find(f".//{{{w}}}lang")
    normal = word.styles["Normal"].element.rPr.find(f"{{{w}}}lang")
    assert {defaults.get(f"{{{w}}}val"), normal.get(f"{{{w}}}val")} == {"vi-VN"}
    assert not word.element.body.xpath(".//w:lang[@w:val != 'vi-VN']")
    assert word.core_properties.language == "vi-VN" and "python-docx" not in word.core_properties.comments


def test_docx__page_number_at_the_top_centre_from_page_2_on(word):
    section = word.sections[0]
    assert section.different_first_page_header_footer
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()
    (paragraph,) = section.header.paragraphs
    assert paragraph.alignment == 1  # centre
    assert [t.text.strip() for t in paragraph._p.xpath(".//w:instrText")] == ["PAGE"]
    assert all(Pt(13) <= r.font.size <= Pt(14) for r in paragraph.runs)


def test_docx__at_least_6_pt_between_body_paragraphs_and_table_headers_repeat(word):
    body = [p for p in word.paragraphs if p.text.strip() and p.alignment == 3]  # justified
    assert body and all(p.paragraph_format.space_after >= Pt(6) for p in body)
    tasks = next(t for t in word.tables if t.rows[0].cells[0].text == "TT")
    assert tasks.rows[0]._tr.xpath("./w:trPr/w:tblHeader")


def test_docx__counts_centred_and_labels_from_the_left_in_the_progress_table(word):
    table = next(t for t in word.tables if t.rows[0].cells[0].text == "Phân loại")
    for row in table.rows[1:]:
        label, *counts = (cell.paragraphs[0].alignment for cell in row.cells)
        assert label == 0 and counts == [1, 1, 1]  # left, centre


def test_docx__file_dated_by_the_document_date_not_the_template(word):
    vietnam = dt.timezone(dt.timedelta(hours=7))
    for moment in (word.core_properties.created, word.core_properties.modified):
        assert moment.astimezone(vietnam) == dt.datetime(2023, 11, 25, tzinfo=vietnam)


def test_docx__one_table_row_per_work_item(word, data):
    dataset = loader.load(data.data).dataset
    items = official.official_report(dataset, "Sở Ngoại vụ", 2023, dt.date(2023, 12, 15)).items
    table = next(t for t in word.tables if t.rows[0].cells[0].text == "TT")
    assert len(table.rows) == 1 + len(items) == 5
    assert [r.cells[2].text for r in table.rows[1:]] == [
        "7/KH-UBND, III.1", "7/KH-UBND, III.2 (2023)", "7/KH-UBND, PL.1", "7/KH-UBND, III.3"]


def test_docx__needs_an_output_file(hncc, data):
    result = hncc(*agency_args(data, "--format", "docx"))
    assert result.exit_code == 2 and "--output" in result.stderr


def test_docx__project_template_overrides_the_default(hncc, data):
    template = Document()
    template.add_paragraph("{{ official.issuer }}: {{ official.items|length }} nhiệm vụ")
    (data.path / "templates").mkdir()
    template.save(str(data.path / "templates" / "agency_report.docx"))
    output = data.path / "bao-cao.docx"
    assert hncc(*agency_args(data, "--format", "docx", "--output", output)).exit_code == 0
    assert [p.text for p in Document(str(output)).paragraphs] == ["SỞ NGOẠI VỤ: 4 nhiệm vụ"]


@pytest.mark.parametrize(("tag", "what"), [
    ("{{ official.isuer }}", "tên không có trong dữ liệu"),
    ("{{ official.__class__ }}", "không được phép"),
    ("{% for x in %}", "lỗi cú pháp"),
])
def test_docx__bad_project_template_is_an_error_and_writes_nothing(hncc, data, tag, what):
    template = Document()
    template.add_paragraph(tag)
    (data.path / "templates").mkdir()
    template.save(str(data.path / "templates" / "agency_report.docx"))
    output = data.path / "bao-cao.docx"
    result = hncc(*agency_args(data, "--format", "docx", "--output", output))
    assert result.exit_code == 1 and what in result.stderr and "agency_report.docx" in result.stderr
    assert not output.exists()


def test_docx__values_with_markup_characters_stay_text(hncc, data):
    plan = data.data / "plans" / fixture.PLAN_FILE
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "Tham dự diễn đàn Mạng lưới", "Diễn đàn <b>A</b> & B"), encoding="utf-8")
    output = data.path / "bao-cao.docx"
    assert hncc(*agency_args(data, "--format", "docx", "--output", output)).exit_code == 0
    assert "1. Diễn đàn <b>A</b> & B" in docx_text(Document(str(output)))


def test_docx__control_characters_pasted_from_word_become_spaces(hncc, data):
    """U+000B is Word's manual line break; XML cannot carry it nor the other control
    characters, so Word would refuse the file or run the words together."""
    plan = data.data / "plans" / fixture.PLAN_FILE
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "title: Tham dự diễn đàn Mạng lưới", 'title: "Tham dự diễn đàn\\vMạng\\x01lưới"'),
        encoding="utf-8")
    output = data.path / "bao-cao.docx"
    assert hncc(*agency_args(data, "--format", "docx", "--output", output)).exit_code == 0
    assert "1. Tham dự diễn đàn Mạng lưới" in docx_text(Document(str(output)))


def test_docx__issuer_options_typed_decomposed_are_written_in_nfc(hncc, data):
    """A terminal on macOS, or an input method set to combining marks, types NFD."""
    import unicodedata

    def nfd(text):
        return unicodedata.normalize("NFD", text)

    output = data.path / "bao-cao.docx"
    result = hncc("report", "--root", data.path, "--agency", "so ngoai vu", "--year", "2023",
                  "--as-of", fixture.AS_OF, "--nguoi-ky", nfd("Nguyễn Văn An"), "--chuc-vu",
                  nfd("Phó giám đốc"), "--noi-nhan", nfd("Sở Tài chính;"), "--co-quan-chu-quan",
                  nfd("Ủy ban nhân dân thành phố Hà Nội"), "--format", "docx", "--output", output)
    assert result.exit_code == 0, result.stderr
    text = docx_text(Document(str(output)))
    assert unicodedata.is_normalized("NFC", text)
    assert "Nguyễn Văn An" in text and "PHÓ GIÁM ĐỐC" in text and "- Sở Tài chính;" in text


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) không có: cài gói Debian "
                    "libreoffice-writer để kiểm tra bản PDF")
def test_docx__libreoffice_renders_it_to_an_a4_pdf(hncc, data, tmp_path):
    output = data.path / "bao-cao.docx"
    assert hncc(*agency_args(data, "--format", "docx", "--output", output)).exit_code == 0
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(output)],
                   check=True, capture_output=True, timeout=180)
    pdf = (tmp_path / "bao-cao.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert boxes and all(abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1 for w, h in boxes)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                              check=True).stdout.decode("utf-8")
        assert "BÁO CÁO" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


@pytest.mark.skipif(SOFFICE is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (soffice) hoặc pdftotext không có")
def test_docx__the_usual_parent_body_and_the_national_name_each_on_one_line(hncc, data, tmp_path):
    output = data.path / "bao-cao.docx"
    result = hncc("report", "--root", data.path, "--agency", "so ngoai vu", "--year", "2023",
                  "--as-of", fixture.AS_OF, "--co-quan-chu-quan", "UBND thành phố Hà Nội",
                  "--format", "docx", "--output", output)
    assert result.exit_code == 0, result.stderr
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(output)],
                   check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "bao-cao.pdf"), "-"],
                          capture_output=True, check=True).stdout.decode("utf-8")
    first = text.splitlines()[:3]
    assert any("UBND THÀNH PHỐ HÀ NỘI" in line and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line
               for line in first), first


def test_docx__template_in_package_is_the_one_the_script_builds():
    """The shipped template holds the same text as a fresh build (run the script after editing)."""
    import importlib.util

    from conftest import REPO

    spec = importlib.util.spec_from_file_location("make", REPO / "tools" / "make_docx_template.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    stream = io.BytesIO()
    module.build().save(stream)
    fresh = Document(io.BytesIO(stream.getvalue()))
    shipped = Document(str(module.TARGET))
    assert docx_text(fresh) == docx_text(shipped)


def test_docx__an_output_file_named_docx_gets_a_word_document_without_format(hncc, data):
    # Markdown written under a .docx name is a file Word calls damaged
    output = data.path / "bao-cao.docx"
    result = hncc("report", "--root", data.path, "--agency", "so ngoai vu", "--year", "2023",
                  "--as-of", fixture.AS_OF, "--output", output)
    assert result.exit_code == 0, result.stderr
    assert "Kính gửi: Sở Văn hóa và Thể thao." in [p.text for p in Document(str(output)).paragraphs]


def test_docx__made_again_later_is_the_same_file(hncc, data, monkeypatch):
    # Zip writers date each member by the clock: the same report must not differ by the minute.
    made = []
    for clock in (1_700_000_000.0, 1_800_000_000.0):
        monkeypatch.setattr(time, "time", lambda clock=clock: clock)
        output = data.path / f"{int(clock)}.docx"
        result = hncc(*agency_args(data, "--format", "docx", "--output", output))
        assert result.exit_code == 0, result.stderr
        made.append(output.read_bytes())
    assert made[0] == made[1]


def test_report__no_amount_stated_for_the_year_is_not_said_to_be_zero(hncc, data):
    # Sở Văn hóa và Thể thao leads only III.3, which states no budget: "not stated", never 0.
    args = ("report", "--root", data.path, "--agency", "Sở Văn hóa và Thể thao", "--year", "2023",
            "--as-of", fixture.AS_OF)
    markdown = hncc(*args)
    assert markdown.exit_code == 0, markdown.stderr
    assert ("Kinh phí dự kiến năm 2023 của các công việc chủ trì: không công việc nào ghi khoản "
            "kinh phí cho năm này (không phải 0 đồng).") in markdown.stdout
    output = data.path / "bao-cao.docx"
    result = hncc(*args, "--format", "docx", "--output", output)
    assert result.exit_code == 0, result.stderr
    text = docx_text(Document(str(output)))
    assert "chủ trì: không nhiệm vụ nào ghi khoản kinh phí cho năm này (không phải 0 đồng)." in text
    assert "0 tỷ đồng" not in text and "0 tỷ đồng" not in markdown.stdout


def test_report__an_amount_stated_for_the_year_is_still_summed(hncc, data):
    result = hncc(*agency_args(data))
    assert result.exit_code == 0, result.stderr
    assert "Kinh phí dự kiến năm 2023 của các công việc chủ trì: **1,5 tỷ đồng**" in result.stdout


def test_markdown__an_update_written_on_several_lines_keeps_its_lines(hncc, data):
    # A department lists its results one per line (Alt+Enter in the form, or --note "a\nb");
    # Word keeps the lines, and so must the Markdown report (hard line breaks, never run together).
    data.plan(fixture.PLAN_FILE, fixture.PLAN.replace(
        "        note: Đã tham dự diễn đàn tại Băng Cốc\n",
        '        note: "Đã tham dự diễn đàn tại Băng Cốc\\n- Đã ký 2 biên bản ghi nhớ"\n').replace(
        "        difficulties: Kinh phí đoàn ra được duyệt chậm\n",
        '        difficulties: "Kinh phí đoàn ra được duyệt chậm\\n# Thiếu phiên dịch"\n'))
    from markdown_it import MarkdownIt

    result = hncc(*agency_args(data))
    assert result.exit_code == 0, result.stderr
    done, difficulties = result.stdout.split("\n## 6.")[1].split("\n## 7.")
    for part, first, second in ((done, "tại Băng Cốc", "Đã ký 2 biên bản ghi nhớ"),
                                (difficulties, "duyệt chậm", "Thiếu phiên dịch")):
        tokens = [t for block in MarkdownIt("commonmark").parse(part) for t in block.children or ()]
        texts = [(t.type, t.content) for t in tokens]
        start = next(n for n, (_, text) in enumerate(texts) if text.endswith(first))
        assert texts[start + 1][0] == "hardbreak", texts[start:start + 3]
        assert texts[start + 2][1].startswith(("- " + second, "# " + second)), texts[start:start + 3]
        assert not any(t.type in ("heading_open", "bullet_list_open") and t.map and
                       second in part.splitlines()[t.map[0]]
                       for t in MarkdownIt("commonmark").parse(part))


def test_plan_report__the_task_list_says_who_answers_now_after_a_merger(hncc, data):
    # The list of tasks names the lead the plan wrote and who answers for it on the as-of date,
    # as the list of overdue tasks and each entry's block do.
    data.agencies(fixture.AGENCIES + fixture.MERGER)
    text = hncc("report", "--root", data.path, "--plan", "7", "--as-of", "2024-06-01").stdout
    tasks = text.split("\n## Công việc\n")[1].split("\n## ")[0]
    row = next(line for line in tasks.splitlines() if line.startswith("| III.2 |"))
    assert "Sở Ngoại vụ, nay là Sở Văn hóa và Thể thao từ 01/3/2024" in row
    before = hncc("report", "--root", data.path, "--plan", "7", "--as-of", "2024-01-01").stdout
    assert "nay là" not in before.split("\n## Công việc\n")[1].split("\n## ")[0]


def test_agency_report__the_budget_column_claims_no_unit_its_cells_do_not_have(hncc, data):
    # Budget cells are the source's words with their own unit ("1,5 tỷ", "250 triệu/năm"): a
    # column headed "(tỷ đồng)" would have "1.234,5 triệu" read as 1.234,5 tỷ.
    plan = data.data / "plans" / fixture.PLAN_FILE
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "    deadline: Quý II/2023\n", "    deadline: Quý II/2023\n    budget: 1.234,5 triệu\n", 1),
        encoding="utf-8")
    assert hncc("check", "--root", data.path).exit_code == 0
    text = hncc(*agency_args(data)).stdout
    row = next(line for line in text.splitlines() if line.startswith("| 7/KH-UBND | III.1 |"))
    assert row.endswith("| 1.234,5 triệu |")
    header = text[:text.index(row)].splitlines()[-2]
    assert header.endswith("| Kinh phí dự kiến |"), header
    assert "(tỷ đồng)" not in text
    output = data.path / "bao-cao.docx"
    assert hncc(*agency_args(data, "--output", output)).exit_code == 0
    [table] = [t for t in Document(str(output)).tables if t.rows[0].cells[0].text == "TT"]
    assert table.rows[0].cells[-1].text == "Kinh phí dự kiến"
    assert "1.234,5 triệu" in [row.cells[-1].text for row in table.rows]


def test_docx__number_and_date_on_one_line_however_long_the_issuer_s_name(word):
    # Decree 30/2020, Appendix I: "Số: …" under the issuer and the place and date under the motto
    # stand on one line; an issuer or parent body written on two lines must not push the number
    # below the date (they were in one cell each, under blocks of different heights).
    heading = word.tables[0]
    number, day = (cell.paragraphs for cell in heading.rows[-1].cells)
    assert [p.text for p in number if p.text] == ["Số: 55/BC-SNgV"]
    assert [p.text for p in day if p.text] == ["Hà Nội, ngày 25 tháng 11 năm 2023"]
    assert all(p.text not in ("Số: 55/BC-SNgV", "Hà Nội, ngày 25 tháng 11 năm 2023")
               for row in heading.rows[:-1] for cell in row.cells for p in cell.paragraphs)


def test_docx__headings_and_the_closing_sentence_stay_with_what_follows(word):
    # A section heading alone at the foot of a page, or the signature alone on the last page
    # with no line of the report above it, is not how a document is sent.
    paragraphs = word.paragraphs
    texts = [p.text for p in paragraphs]
    for heading in ("I. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ", "II. TỔNG HỢP", "1. Danh sách nhiệm vụ",
                    "2. Phân loại theo tiến độ", "III. KHÓ KHĂN, VƯỚNG MẮC",
                    "IV. ĐỀ XUẤT, KIẾN NGHỊ", "1. Tham dự diễn đàn Mạng lưới"):
        assert paragraphs[texts.index(heading)].paragraph_format.keep_with_next, heading
    closing = next(i for i, t in enumerate(texts) if t.startswith("Trên đây là báo cáo"))
    assert all(p.paragraph_format.keep_with_next for p in paragraphs[closing:])
    signature = word.tables[-1].rows[0]
    assert signature._tr.xpath("./w:trPr/w:cantSplit")


def test_docx__an_agency_with_nothing_to_report_gets_no_empty_table(hncc, data):
    output = data.path / "bao-cao.docx"
    result = hncc("report", "--root", data.path, "--agency", "UBND Thành phố", "--year", "2023",
                  "--as-of", fixture.AS_OF, "--output", output)
    assert result.exit_code == 0, result.stderr
    document = Document(str(output))
    assert not [t for t in document.tables if t.rows[0].cells[0].text == "TT"]
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("1. Danh sách nhiệm vụ") + 1] == "Không có nhiệm vụ nào trong kỳ báo cáo."


MERGED_LEAD_AGENCIES = fixture.AGENCIES + """\
  - id: van-phong
    name: Văn phòng Ủy ban nhân dân thành phố Hà Nội
    kind: city_unit
  - id: so-cong-thuong
    name: Sở Công Thương
    kind: city_department
successions:
  - kind: merged_into
    predecessors: [so-ngoai-vu]
    successors: [van-phong]
    from: 2025-03-01
    source:
      act: Nghị quyết của HĐND thành phố Hà Nội
      date: 2025-02-25
"""

MERGED_LEAD_PLAN = """\
number: 9/KH-UBND
issuer: UBND Thành phố
date: 2024-06-01
title: KẾ HOẠCH THỬ
horizon: {start: 2024, end: 2025}
content:
  - ref: III.1
    kind: initiative
    title: Diễn đàn quốc tế
  - ref: III.1.a
    kind: assignment
    assignment: "Sở Ngoại vụ chủ trì, phối hợp Sở Công Thương thực hiện:"
    lead: [Sở Ngoại vụ]
    cooperating: [Sở Công Thương]
    body: [Mời đại biểu quốc tế.]
appendix:
  rows:
    - ref: PL.1
      title: Tổ chức Diễn đàn quốc tế
      lead: [Sở Ngoại vụ]
      cooperating: [Sở Công Thương]
      deadline: Năm 2025
      summarizes: [III.1]
"""


def test_agency_report__a_supported_item_s_lead_merged_away_is_named_with_who_answers_now(
        hncc, root):
    # Sở Công Thương supports work led by Sở Ngoại vụ, merged into Văn phòng UBND from 01/3/2025:
    # its 2025 report (Word and Markdown) names who answers for the work now, and why, for the
    # item and for its part, not a department that no longer exists.
    root.agencies(MERGED_LEAD_AGENCIES)
    root.plan("2024-9.yaml", MERGED_LEAD_PLAN)
    assert hncc("check", "--root", root.path).exit_code == 0
    args = ("report", "--root", root.path, "--agency", "Sở Công Thương", "--year", "2025",
            "--as-of", "2025-11-20")
    now = "Sở Ngoại vụ, nay là Văn phòng Ủy ban nhân dân thành phố Hà Nội từ 01/3/2025"
    text = hncc(*args).stdout
    assert f"  - Chủ trì: {now}; hạn: 31/12/2025" in text
    output = root.path / "bao-cao.docx"
    assert hncc(*args, "--output", output).exit_code == 0
    said = [p.text for p in Document(str(output)).paragraphs]
    assert f"- Thuộc 9/KH-UBND, mục PL.1; cơ quan phối hợp (chủ trì: {now})." in said
    assert any(p.startswith("- Phần việc III.1.a: Sở Ngoại vụ chủ trì, phối hợp Sở Công Thương "
                            f"thực hiện: (chủ trì: {now}; thời hạn: 31/12/2025") for p in said)
    # Before the merger, the same report names Sở Ngoại vụ alone.
    before = hncc("report", "--root", root.path, "--agency", "Sở Công Thương", "--year", "2025",
                  "--as-of", "2025-02-20").stdout
    assert "nay là" not in before and "  - Chủ trì: Sở Ngoại vụ; hạn:" in before


def test_agency_report__rows_counted_in_another_class_than_their_state_are_named(hncc, data):
    # In 2024, III.2 (yearly) is within its 2024 deadline but its 2023 occurrence is still late,
    # and PL.1 is late but suspended: the summary counts them as late and as stopped. A reader
    # counting the rows by their state must be told which rows are counted otherwise, and why.
    args = ("report", "--root", data.path, "--agency", "so ngoai vu", "--year", "2024",
            "--as-of", "2024-11-20")
    note = ("Tính khác trạng thái của kỳ năm 2024: 7/KH-UBND III.2 tính ở dòng “Chưa hoàn thành, "
            "quá hạn” (kỳ năm 2023 còn quá hạn); 7/KH-UBND PL.1 tính ở dòng “Đã hủy/tạm dừng” "
            "(đã tạm dừng).")
    text = hncc(*args).stdout
    assert "| Chưa hoàn thành, quá hạn | 1 | 1 | 2 |" in text
    assert "| Đã hủy/tạm dừng | 1 | 0 | 1 |" in text
    assert note in text.split("## 2.")[0]
    output = data.path / "bao-cao.docx"
    assert hncc(*args, "--output", output).exit_code == 0
    assert note in [p.text for p in Document(str(output)).paragraphs]
    # Nothing counted otherwise, nothing said.
    plain = hncc("report", "--root", data.path, "--agency", "so ngoai vu", "--year", "2023",
                 "--as-of", "2023-06-01").stdout
    assert "Tính khác trạng thái" not in plain


def test_official__each_added_recipient_ends_with_a_semicolon_as_the_list_wants(hncc, data):
    # "Nơi nhận": each line "- …;" and the last "- Lưu: VT." (Decree 30/2020, Appendix I), however
    # the person typed it: with or without the semicolon, with a dash of their own, or a full stop.
    args = (*agency_args(data)[:-8], "--noi-nhan", "UBND Thành phố (để b/c)", "--noi-nhan",
            "Sở Nội vụ;", "--noi-nhan", "- Sở Tài chính.")
    lines = ["Như trên;", "UBND Thành phố (để b/c);", "Sở Nội vụ;", "Sở Tài chính;", "Lưu: VT."]
    text = hncc(*args).stdout
    assert "**_Nơi nhận:_**" + "".join(f"<br>- {line}" for line in lines) + " |" in text
    output = data.path / "bao-cao.docx"
    assert hncc(*args, "--output", output).exit_code == 0
    cell = Document(str(output)).tables[-1].rows[0].cells[0]
    assert [p.text for p in cell.paragraphs if p.text][1:] == [f"- {line}" for line in lines]


def test_markdown__the_assessment_of_a_yearly_item_names_its_earlier_years_still_late(hncc, data):
    # Section 6 assesses each item as the Word report does: a yearly item within this year's
    # deadline whose 2023 occurrence is still late says so, as the summary counts it late.
    text = hncc("report", "--root", data.path, "--agency", "so ngoai vu", "--year", "2024",
                "--as-of", "2024-11-20").stdout
    item = text.split("7/KH-UBND III.2 (kỳ năm 2024)")[1].split("###")[0]
    assert ("- **Đánh giá:** Chưa hoàn thành, trong hạn (trạng thái ghi nhận: chưa cập nhật); "
            "kỳ năm 2023: chưa hoàn thành, quá hạn 325 ngày\n") in item


def test_docx__the_targets_the_agency_s_work_reaches_are_reported_as_in_markdown(hncc, root):
    # The Markdown report's section 4 (targets reached through the agency's work, reached or
    # not) was missing from the Word one: the document sent lost what the plan aims at.
    root.plan("2022-20.yaml", YEARLY_TARGET_PLAN)
    output = root.path / "bao-cao.docx"
    result = hncc("report", "--root", root.path, "--agency", "Sở Văn hóa và Thể thao", "--year",
                  "2024", "--as-of", "2024-11-20", "--output", output)
    assert result.exit_code == 0, result.stderr
    document = Document(str(output))
    texts = [p.text for p in document.paragraphs]
    assert "3. Chỉ tiêu liên quan" in texts
    [table] = [t for t in document.tables if t.rows[0].cells[1].text == "Chỉ tiêu"]
    assert [c.text for c in table.rows[0].cells] == [
        "TT", "Chỉ tiêu", "Kế hoạch, mục", "Thời hạn", "Kết quả", "Đạt được qua"]
    assert [[c.text for c in row.cells] for row in table.rows[1:]] == [[
        "1", "Tổ chức Lễ hội 01 năm/01 lần.", "20/KH-UBND, II.1 (2024)", "31/12/2024 (Hàng năm)",
        "Chưa đạt, trong hạn; kỳ năm 2022: chưa đạt, quá hạn 690 ngày; kỳ năm 2023: chưa đạt, "
        "quá hạn 325 ngày", "PL.1"]]
    # An agency whose work reaches no target says so, with no table.
    none = root.path / "khong.docx"
    assert hncc("report", "--root", root.path, "--agency", "Sở Ngoại vụ", "--year", "2024",
                "--as-of", "2024-11-20", "--output", none).exit_code == 0
    said = [p.text for p in Document(str(none)).paragraphs]
    assert said[said.index("3. Chỉ tiêu liên quan") + 1] == (
        "Không có chỉ tiêu nối với công việc của cơ quan trong kỳ.")


def test_docx__money_of_a_co_led_task_counted_in_full_for_each_lead_says_so(hncc, root):
    # Two leads each report the whole 2 tỷ of a task they lead together: the document says so,
    # so that Sở Văn hóa và Thể thao, adding the reports up, does not count it twice.
    root.plan("2024-9.yaml", """\
        number: 9/KH-UBND
        issuer: UBND Thành phố
        date: 2024-01-10
        title: KẾ HOẠCH THỬ
        horizon: {start: 2024, end: 2024}
        appendix:
          rows:
            - ref: PL.1
              title: Hội thảo quốc tế
              lead: [Sở Ngoại vụ, Sở Văn hóa và Thể thao]
              deadline: Năm 2024
              budget: 2 tỷ
            - ref: PL.2
              title: Ấn phẩm
              lead: [Sở Ngoại vụ]
              deadline: Năm 2024
              budget: 1,5 tỷ
        """)
    output = root.path / "bao-cao.docx"
    assert hncc("report", "--root", root.path, "--agency", "Sở Ngoại vụ", "--year", "2024",
                "--as-of", "2024-11-20", "--output", output).exit_code == 0
    said = next(p.text for p in Document(str(output)).paragraphs if p.text.startswith("Kinh phí"))
    assert said == ("Kinh phí dự kiến năm 2024 của các nhiệm vụ chủ trì: 3,5 tỷ đồng. Trong đó, "
                    "kinh phí của 9/KH-UBND PL.1 (cùng chủ trì: Sở Ngoại vụ; Sở Văn hóa và Thể "
                    "thao) được tính đủ trong báo cáo của mỗi cơ quan chủ trì.")


@pytest.mark.parametrize("group", ["các đơn vị liên quan", "UBND các quận, huyện, thị xã"])
def test_report__a_group_of_agencies_issues_no_report_and_is_told_what_to_do(hncc, group):
    # A group named in a plan is no body that signs a document: "CÁC ĐƠN VỊ LIÊN QUAN" at the top
    # of a report is not something a department could send. Each member reports on its own.
    from conftest import REPO

    result = hncc("report", "--root", REPO, "--agency", group, "--year", "2024", "--as-of",
                  "2024-11-20")
    assert result.exit_code == 2 and not result.stdout
    assert "là một nhóm cơ quan, không phải một cơ quan" in result.stderr
    assert "hncc tasks --agency" in result.stderr


def test_official__a_monthly_duty_names_the_period_of_its_main_state_as_of_its_others(hncc, data):
    # The row of a duty recurring within the year is its first late period: its state says
    # which, as the other periods' do; not a bare "quá hạn" read as the whole year's.
    data.plan(fixture.MONTHLY_FILE, fixture.MONTHLY)
    args = ("report", "--root", data.path, "--agency", "Sở Ngoại vụ", "--year", "2023",
            "--as-of", "2023-03-25")
    markdown = hncc(*args).stdout
    assert ("| kỳ đến hạn tháng 1/2023: **quá hạn 64 ngày** (chưa cập nhật); kỳ đến hạn tháng "
            "2/2023: **quá hạn 33 ngày** (chưa cập nhật); kỳ đến hạn tháng 3/2023: **quá hạn 5 "
            "ngày** (chưa cập nhật) |") in markdown
    path = data.path / "bao-cao.docx"
    assert hncc(*args, "--output", path).exit_code == 0
    assert ("Đánh giá: Kỳ đến hạn tháng 1/2023: chưa hoàn thành, quá hạn 64 ngày (trạng thái ghi "
            "nhận: chưa cập nhật); kỳ đến hạn tháng 2/2023: chưa hoàn thành, quá hạn 33 ngày"
            in docx_text(Document(str(path))))
