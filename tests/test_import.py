"""`hncc import`: the command, its refusals, and variants of the seed texts."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest

from hncc.data import loader, yamlio
from hncc.importer import reader as importer

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "data" / "sources"
PLAN_102 = SOURCES / "004_d650fb2dcdec8f27.txt"
PLAN_161 = SOURCES / "002_7a0329d468c6a074.txt"
NEWS = SOURCES / "000_aeb1d259c08137a1.txt"
CHROME_BEFORE = "Trang chủ\n\nKẾ HOẠCH\n\nVăn bản mới\nSố: 12/KH-UBND mới ban hành\n\n"
CHROME_AFTER = "\n\nÝ KIẾN BẠN ĐỌC\n\n1\n\nBài viết hay quá!\n\nTin liên quan\n- Hà Nội mở lễ hội\n"


@pytest.fixture(scope="module")
def registry():
    return loader.load(REPO / "data").dataset.registry


def draft(text: str, registry) -> dict:
    return importer.import_text(text, registry, "x.txt").plan


def test_import__prints_a_valid_draft(hncc):
    result = hncc("import", PLAN_161, "--root", REPO)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Bản nháp do “hncc import” tạo từ 002_7a0329d468c6a074.txt.")
    assert "signer: Vũ Thu Hà  # KIỂM TRA: văn bản không có khối chữ ký" in result.stdout
    assert yamlio.parse(result.stdout)["number"] == "161/KH-UBND"
    assert "data/plans/2023-161-KH-UBND.yaml" in result.stderr


def test_import__writes_once_then_refuses_without_force(hncc, tmp_path):
    target = tmp_path / "draft.yaml"
    assert hncc("import", PLAN_161, "--root", REPO, "--output", target).exit_code == 0
    written = target.read_text(encoding="utf-8")
    target.write_text("# sửa tay\n", encoding="utf-8")
    refused = hncc("import", PLAN_161, "--root", REPO, "--output", target)
    assert refused.exit_code == 1
    assert "đã có; không ghi đè" in refused.stderr
    assert target.read_text(encoding="utf-8") == "# sửa tay\n"
    assert hncc("import", PLAN_161, "--root", REPO, "-o", target, "--force").exit_code == 0
    assert target.read_text(encoding="utf-8") == written
    assert [p.name for p in tmp_path.iterdir()] == ["draft.yaml"]  # no temporary file left


def test_import__output_into_a_missing_folder_names_that_folder_not_a_lock_file(hncc, tmp_path):
    target = tmp_path / "nhap" / "ke-hoach.yaml"
    result = hncc("import", PLAN_161, "--root", REPO, "--output", target)
    assert result.exit_code == 1
    assert f"Không ghi được “{tmp_path / 'nhap'}”: thư mục không tồn tại." in result.stderr
    assert ".hncc.lock" not in result.stderr
    assert not target.parent.exists()


def test_import__draft_passes_check_except_at_flagged_lines(hncc, tmp_path):
    data = tmp_path / "data"
    (data / "plans").mkdir(parents=True)
    shutil.copy(REPO / "data" / "agencies.yaml", data / "agencies.yaml")
    target = data / "plans" / "2022-102-KH-UBND.yaml"
    assert hncc("import", PLAN_102, "--root", REPO, "-o", target).exit_code == 0
    lines = target.read_text(encoding="utf-8").splitlines()
    result = hncc("check", "--root", tmp_path, "--format", "json")
    problems = yamlio.parse(result.stdout)["problems"]
    errors = [p for p in problems if p["severity"] == "error"]
    assert errors, "the draft names agencies that are not in the registry"
    assert all(p["code"] == "unknown-agency" and "KIỂM TRA" in lines[p["line"] - 1] for p in errors)


def _zipped(files: dict[str, str]) -> bytes:
    import io
    import zipfile

    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return packed.getvalue()


@pytest.mark.parametrize("name, content, words", [
    ("empty.txt", b"", "Tệp trống"),
    ("blank.txt", b"\r\n  \n", "Tệp trống"),
    ("news.txt", NEWS.read_bytes(), "không phải văn bản kế hoạch"),
    ("latin1.txt", b"K\xe9 ho\xb8ch\xff", "không phải văn bản UTF-8"),
    # what plans are published as: an old Word file, a PDF; each with what to do instead
    ("ke-hoach.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "lưu lại dạng .docx"),
    ("ke-hoach.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "ra một tệp .txt"),
    # other zip files a user may take for the plan: an Excel list of tasks (it gave hncc's
    # internal error, exit 3), a LibreOffice text, a zip; each named, without python-docx's words
    ("danh-muc.xlsx", _zipped({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<x/>"}),
     "Tệp Excel (.xlsx)"),
    ("danh-muc.docx", _zipped({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<x/>"}),
     "Tệp Excel (.xlsx)"),
    ("ke-hoach.odt", _zipped({"mimetype": "application/vnd.oasis.opendocument.text",
                              "content.xml": "<x/>"}), "LibreOffice"),
    ("ke-hoach.docx", _zipped({"ke-hoach.txt": "KẾ HOẠCH"}), "không phải tệp Word"),
])
def test_import__refuses_what_is_not_a_plan(hncc, tmp_path, name, content, words):
    source = tmp_path / name
    source.write_bytes(content)
    result = hncc("import", source, "--root", REPO, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 1
    assert words in result.stderr
    assert "There is no item" not in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out.yaml").exists()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_import__text_saved_as_utf16_by_notepad_reads_as_its_utf8_twin(hncc, tmp_path, encoding):
    # Notepad's "Unicode" (and "Unicode big endian"): UTF-16 behind a byte-order mark
    text = PLAN_161.read_text(encoding="utf-8")
    source = tmp_path / "ke-hoach.txt"
    source.write_bytes(("\ufeff" if encoding == "utf-16-be" else "").encode(encoding)
                       + text.encode(encoding))
    twin = tmp_path / "twin" / "ke-hoach.txt"
    twin.parent.mkdir()
    twin.write_text(text, encoding="utf-8")
    result, expected = hncc("import", source, "--root", REPO), hncc("import", twin, "--root", REPO)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected.stdout


@pytest.mark.parametrize("variant", [
    lambda text: text.replace("\n", "\r\n"),
    lambda text: unicodedata.normalize("NFD", text),
    lambda text: CHROME_BEFORE + text + CHROME_AFTER,
])
def test_import__same_draft_from_variants_of_the_text(registry, variant):
    for source in (PLAN_102, PLAN_161):
        text = source.read_text(encoding="utf-8")
        assert draft(variant(text), registry) == draft(text, registry)


CITED = "Căn cứ Kế hoạch 102/KH-UBND ngày 01/4/2022 của Ủy ban nhân dân thành phố Hà Nội về việc"


@pytest.mark.parametrize(("cited", "issuer", "date"), [
    # the date after the issuer, in words, or one the source got wrong (31/02: none, flagged)
    ("Căn cứ Kế hoạch 102/KH-UBND của Ủy ban nhân dân thành phố Hà Nội ngày 01/4/2022 về việc",
     "Ủy ban nhân dân thành phố Hà Nội", "2022-04-01"),
    ("Căn cứ Kế hoạch 102/KH-UBND ngày 01 tháng 4 năm 2022 của Ủy ban nhân dân thành phố Hà Nội "
     "về việc", "Ủy ban nhân dân thành phố Hà Nội", "2022-04-01"),
    ("Căn cứ Kế hoạch 102/KH-UBND ngày 31/02/2022 của Ủy ban nhân dân thành phố Hà Nội về việc",
     "Ủy ban nhân dân thành phố Hà Nội", None),
    ("Căn cứ Kế hoạch 102/KH-UBND của UBND Thành phố.\nCăn cứ nhiệm vụ", "UBND Thành phố", None),
], ids=["date-after-issuer", "date-in-words", "date-that-does-not-exist", "period-after-issuer"])
def test_import__citation_date_and_issuer_as_written_around_them(hncc, tmp_path, cited, issuer,
                                                                date):
    text = PLAN_161.read_text(encoding="utf-8")
    assert CITED in text
    source = tmp_path / "ke-hoach.txt"
    source.write_text(text.replace(CITED, cited), encoding="utf-8")
    result = hncc("import", source, "--root", REPO)
    assert result.exit_code == 0, result.stderr
    cite = yamlio.parse(result.stdout)["cites"][0]
    assert (cite["issuer"], cite.get("date")) == (issuer, date)
    if "31/02" in cited:
        assert "ngày 31/02/2022 của văn bản được dẫn không có thật" in result.stdout


def test_import__co_quan_chu_tri_reads_like_don_vi_chu_tri(registry):
    text = PLAN_161.read_text(encoding="utf-8")
    variant = text.replace("Đơn vị chủ trì:", "Cơ quan chủ trì:").replace("Đơn vị phối hợp:",
                                                                          "Cơ quan phối hợp:")
    assert variant != text
    assert draft(variant, registry) == draft(text, registry)


def test_import__text_without_appendix(registry):
    text = PLAN_102.read_text(encoding="utf-8")
    plan = draft(text[:text.index("PHỤ LỤC")], registry)
    assert "appendix" not in plan
    assert plan["content"] == draft(text, registry)["content"]
    assert plan["signer"] == "Chử Xuân Dũng"


def test_import__unknown_agency_is_kept_verbatim_and_flagged(registry):
    text = PLAN_161.read_text(encoding="utf-8").replace(
        "Đơn vị phối hợp: Văn phòng UBND Thành phố, Sở Ngoại vụ.",
        "Đơn vị phối hợp: Văn phòng UBND Thành phố, Sở Sáng tạo Thủ đô, Sở Ngoai vu.")
    result = importer.import_text(text, registry, "x.txt")
    entry = result.plan["content"][1]
    assert entry["cooperating"] == ["Văn phòng UBND Thành phố", "Sở Sáng tạo Thủ đô", "Sở Ngoại vụ"]
    flags = {f.path: f.message for f in result.flags}
    assert "chưa có trong danh mục" in flags[("content", 1, "cooperating", 1)]
    assert "nguồn viết “Sở Ngoai vu”" in flags[("content", 1, "cooperating", 2)]
