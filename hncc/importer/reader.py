"""Draft a plan's data from its published text (`hncc import`).

The source becomes blocks (document.py: plain text, portal Markdown or Word), the plan is
located inside whatever page surrounds it (header.py), and its parts are read into plain dicts in
the data format: the header, section I (purpose, requirements), the targets, the content, the
funding, the duties and the task tables (appendix.py). Every guess is recorded as a `Flag` at
the place it applies, for the writer to show as a `# KIỂM TRA:` comment. Nothing here prints or
writes files.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from hncc.domain.agencies import Registry
from hncc.domain.text import fold, nfc
from hncc.importer.agencies import AgencyReader
from hncc.importer.appendix import read_tables
from hncc.importer.content import TOPIC, ContentReader, time_phrase
from hncc.importer.document import BULLET, Document, Paragraph, Table, decode
from hncc.importer.draft import Draft, NotAPlan, Review
from hncc.importer.header import (
    ROMAN_HEADING,
    TRUNCATED,
    Layout,
    citations,
    is_heading,
    locate,
    read_header,
)
from hncc.importer.inputs import read_document

__all__ = ["NotAPlan", "import_document", "import_source", "import_text", "read_source"]

_NUMBERED = re.compile(r"^(?P<num>\d+)[.)/]\s*(?P<text>\S.*)$")
def read_source(raw: bytes) -> str:
    """The text of a source file: UTF-8, with or without a byte-order mark."""
    return decode(raw)


def _flat(table: Table) -> bool:
    """Whether a table is layout rather than data (the header, the signature): read as lines."""
    return len(table.rows) < 2 or max(len(row) for row in table.rows) < 3


def _signature_table(table: Table) -> bool:
    """Whether a table is the layout of "Nơi nhận:" beside the signature."""
    first = table.rows[0][0].text if table.rows and table.rows[0] else ""
    return fold(first).startswith("noi nhan")


def _by_columns(table: Table) -> list[str]:
    """A layout table's lines column by column: the issuer (or "Nơi nhận") on the left, then
    the nation's name (or the signature) on the right, however many rows the lines take."""
    width = max((len(row) for row in table.rows), default=0)
    return [text for column in range(width) for row in table.rows if column < len(row)
            for text in row[column].paragraphs]


def _lines(document: Document) -> tuple[list[str], dict[int, Table]]:
    """The document as lines (a paragraph or a layout cell's paragraph each) and its data
    tables, each at the index of an empty line standing in for it."""
    lines: list[str] = []
    tables: dict[int, Table] = {}
    heading = False  # tables before the "KẾ HOẠCH" heading are the header's layout
    for block in document.blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
            heading = heading or is_heading(block.text)
        elif not heading or _signature_table(block):
            lines += _by_columns(block)
        elif _flat(block):
            lines += [text for row in block.rows for cell in row for text in cell.paragraphs]
        else:
            tables[len(lines)] = block
            lines.append("")
    return lines, tables


def import_text(text: str, registry: Registry, document: str | None = None) -> Draft:
    """Read the published text of a plan (plain or portal Markdown) into a draft."""
    raw = nfc(text).encode("utf-8")
    return import_document(read_document(raw, document or ""), registry, document)


def import_source(raw: bytes, registry: Registry, document: str) -> Draft:
    """Read a source file's bytes (text, Markdown or .docx) into a draft; NotAPlan if none."""
    return import_document(read_document(raw, document), registry, document)


def import_document(source: Document, registry: Registry, document: str | None = None) -> Draft:
    """Read a document's blocks into a draft; raise NotAPlan when they hold no plan."""
    lines, tables = _lines(source)
    layout = locate(lines, tables)
    review = Review()
    reader = AgencyReader(registry)
    plan = read_header(layout, reader, review)
    sections = _sections(layout, review)
    plan["cites"] = citations(sections.pop(0)[2], reader, review,
                              plan.get("attached_to", {}).get("number"))
    plan["source"] = {"document": document} if document else {}
    gaps = _read_sections(sections, plan, reader, review)
    placed = [(at, table) for at, table in sorted(tables.items()) if at > layout.heading]
    follows = [i > 0 and _adjacent(lines[placed[i - 1][0] + 1:at]) for i, (at, _) in enumerate(placed)]
    appendix, appendix_gaps = read_tables([table for _, table in placed], follows,
                                          _appendix_title(layout), reader, review)
    if appendix is not None:
        plan["appendix"] = appendix
    if layout.appendix is not None:
        gaps += _attached_gaps(layout.lines[layout.appendix:])
    elif not placed:
        gaps += _missing_appendix(layout.lines[layout.heading:layout.end])
    gaps += appendix_gaps
    if layout.end < len(layout.lines) and layout.lines[layout.end] == TRUNCATED:
        last = plan["content"][-1]["ref"] if plan.get("content") else "end"
        gaps.append({"where": last, "note": "Văn bản đăng tải dừng ở đây, đánh dấu “[...]”: phần "
                     "sau không có trong nguồn."})
    if gaps:
        plan["source"].update(complete=False, gaps=gaps)
        review.flag(("source", "gaps"), "nguồn không đầy đủ; kiểm tra và bổ sung ghi chú")
    _unique_refs(plan, review)
    return Draft(_without_empty(plan), review.flags, reader.unknown_names())


def _unique_refs(plan: dict, review: Review) -> None:
    """Refs are unique in a plan: a ref the source numbering gives twice (two "1." under one
    heading) gets a suffix ("II.1-2"), flagged."""
    seen: set[str] = set()
    places = [("targets",), ("content",), ("duties",), ("appendix", "rows")]
    for place in places:
        entries = plan.get(place[0], [])
        if len(place) == 2:
            entries = entries.get("rows", []) if isinstance(entries, dict) else []
        for index, entry in enumerate(entries):
            ref, suffix = entry["ref"], 1
            while entry["ref"] in seen:
                suffix += 1
                entry["ref"] = f"{ref}-{suffix}"
            if suffix > 1:
                review.flag((*place, index, "ref"), f"số mục {ref} lặp lại trong nguồn; ghi là "
                            f"{entry['ref']}")
            seen.add(entry["ref"])


def _adjacent(between: list[str]) -> bool:
    """Whether two tables are one, cut in two: nothing between them but blanks or dots ("….")."""
    return all(not line or set(line) <= set("….·-_ ") for line in between)


def _appendix_title(layout: Layout) -> str | None:
    """The line after "PHỤ LỤC" (the table's title), if the document has an appendix."""
    if layout.appendix is None:
        return None
    return next((line for line in layout.lines[layout.appendix + 1:] if line), None)


_ATTACHED = "phu luc dinh kem"


def _attached_gaps(lines: list[str]) -> list[dict]:
    attached = next((line for line in lines if _ATTACHED in fold(line)), None)
    if attached is None:
        return []
    return [{"where": "PL", "note": f"Sau dòng cuối của phụ lục, nguồn ghi: “{attached}” Phần "
             "đính kèm không có trong nguồn."}]


# "(Chi tiết tại Phụ lục kèm theo)", "theo Phụ lục I đính kèm": the plan's own appendix, not
# "Phụ lục ban hành kèm theo Nghị định …" (another document's)
_OWN_APPENDIX = re.compile(r"\bPhụ lục(?:\s+(?:[IVX]+|\d+|số\s+\d+))?\s+(?:chi tiết\s+)?"
                           r"(?:ban hành\s+)?(?:kèm theo|đính kèm)\b(?!\s+(?:Nghị định|Quyết "
                           r"định|Thông tư|Công văn|Chỉ thị|Nghị quyết|Luật|Văn bản|Hướng dẫn)\b)",
                           re.I)


def _missing_appendix(lines: list[str]) -> list[dict]:
    """A gap when the main text sends the reader to its appendix and the source has none (the
    main text saved alone): the appendix's tasks are not in the draft."""
    cited = next((found for line in lines if (found := _OWN_APPENDIX.search(line))), None)
    if cited is None:
        return []
    return [{"where": "PL", "note": f"Văn bản dẫn tới phụ lục (“{cited.group(0)}”) nhưng nguồn "
             "không có phụ lục: các nhiệm vụ trong phụ lục chưa được nhập. Nhập lại từ tệp có "
             "đủ phụ lục, hoặc ghi các nhiệm vụ ấy vào “appendix” theo nguồn."}]


def _without_empty(plan: dict) -> dict:
    return {key: value for key, value in plan.items() if value not in ({}, [], None, "")}


# Sections numbered otherwise, read when no "I." heading is found: "PHẦN I. …", "I/ …", "I - …",
# "A. MỤC ĐÍCH …" (a letter before a title in capitals)
_OTHER_SECTION = re.compile(r"^(?:(?:PHẦN|Phần)\s+(?P<part>[IVX]+)\s*[.:/)-]?|(?P<roman>[IVX]+)"
                            r"\s*[/)-]|(?P<letter>[A-H])\.)\s+(?P<title>\S.*)$")


def _sections(layout: Layout, review: Review) -> list[tuple[str, str, list[str]]]:
    """The main text cut at its Roman-numeral headings: [("opening", "", lines), (ref, title,
    lines), …]; a number used twice gets a suffix ("II-2") so that refs stay unique. With no
    "I." heading, the other ways of numbering them; with none at all, the reviewer is told."""
    lines = layout.lines[layout.heading + 1:layout.end]
    sections = _cut(lines, _roman_heading)
    if len(sections) == 1:
        sections = _cut(lines, _other_heading)
        if len(sections) > 1:
            first = next(match for line in lines if _other_heading(line) and
                         (match := _OTHER_SECTION.match(line)))
            mark = first.string[:first.start("title")].strip()
            review.flag((), f"các mục lớn đánh số “{mark}”, … (không phải “I.”): đọc như các "
                        "mục I., II., …; kiểm tra")
        elif any(lines):
            review.flag((), "không tìm thấy mục lớn nào (“I. …”, “II. …”): phần thân văn bản "
                        "chưa được nhập; thêm số La Mã trước các đề mục lớn rồi nhập lại")
    opening = sections[0][2]
    sections[0] = ("opening", "", [line for line in opening if line != line.upper()])
    return sections


def _roman_heading(line: str) -> tuple[str, str] | None:
    match = ROMAN_HEADING.match(line)
    return (match["roman"], match["title"]) if match else None


def _other_heading(line: str) -> tuple[str, str] | None:
    match = _OTHER_SECTION.match(line)
    if match is None or (match["letter"] and match["title"] != match["title"].upper()):
        return None
    return match["part"] or match["roman"] or match["letter"], match["title"]


def _cut(lines: list[str], heading: Callable[[str], tuple[str, str] | None]
         ) -> list[tuple[str, str, list[str]]]:
    sections: list[tuple[str, str, list[str]]] = [("opening", "", [])]
    seen: dict[str, int] = {}
    for line in lines:
        found = heading(line)
        if found:
            number, title = found
            seen[number] = seen.get(number, 0) + 1
            ref = number if seen[number] == 1 else f"{number}-{seen[number]}"
            sections.append((ref, title, []))
        elif line:
            sections[-1][2].append(line)
    return sections


_KINDS = (  # words of a section heading (folded) and the part of the plan it holds
    (("muc dich", "yeu cau"), "purpose"), (("chi tieu", "muc tieu"), "targets"),
    (("to chuc thuc hien", "trach nhiem", "phan cong"), "duties"),
    (("kinh phi",), "funding"),
    (("noi dung", "nhiem vu", "giai phap", "hoat dong"), "content"),
)


def _kind(title: str) -> str | None:
    folded = fold(title)
    return next((kind for words, kind in _KINDS if any(w in folded for w in words)), None)


def _read_sections(sections: list, plan: dict, reader: AgencyReader, review: Review) -> list[dict]:
    """Fill `plan` from sections I–V by what their headings say; return the gaps found."""
    gaps: list[dict] = []
    for roman, title, lines in sections:
        if roman[:1].isupper() and "-" in roman:
            review.flag((), f"số mục {roman.split('-')[0]} dùng hai lần trong nguồn; mục thứ hai "
                        f"ghi là {roman}")
        kind = _kind(title)
        if kind == "purpose":
            for key, paragraphs in _purpose(lines).items():
                plan.setdefault(key, []).extend(paragraphs)
        elif kind == "targets":
            plan.setdefault("targets", []).extend(_targets(roman, lines, review,
                                                           len(plan.get("targets", []))))
        elif kind in ("content", "duties"):
            key = "duties" if kind == "content" and _agency_headed(lines, reader) else kind
            if key != kind:
                review.flag((key, len(plan.get(key, []))), f"mục {roman}. {title} giao nhiệm vụ "
                            "theo từng cơ quan (“1. Sở …”): đọc như mục tổ chức thực hiện, mỗi "
                            "việc một nhiệm vụ của cơ quan ở tiêu đề")
            done = len(plan.get(key, []))
            entries = ContentReader(roman, key, reader, review, offset=done,
                                    title=title).read(lines)
            plan.setdefault(key, []).extend(entries)
        elif kind == "funding":
            text = "\n".join(_strip_marker(line) for line in lines)  # a paragraph a line
            plan["funding"] = f"{plan['funding']}\n{text}" if plan.get("funding") else text
            review.flag(("funding",), f"lấy từ mục {roman}. {title}")
        elif not _tasks_of_unknown_section(roman, title, lines, plan, reader, review):
            times = _times_in(lines)
            review.flag((), f"chưa nhập mục {roman}. {title} (hncc không biết mục này ứng với phần "
                        "nào của dữ liệu)" + (f"; mục có cụm thời gian {times}: thêm vào nhiệm "
                                              "vụ liên quan nếu là thời hạn" if times else ""))
    return gaps


_DATED = re.compile(r"\d.*\b(?:ngày|tháng|quý|năm)\b|\b(?:ngày|tháng|quý|năm)\b.*\d", re.I)
MAX_TIMES_NAMED = 3


def _times_in(lines: list[str]) -> str:
    """The time phrases of a section left out ("“trước ngày 31/3/2026”"), so that the reviewer
    does not miss a deadline in it; the lines without a number and a time word are passed by."""
    found = [phrase for line in lines if _DATED.search(line) for phrase in [time_phrase(line)]
             if phrase]
    return ", ".join(f"“{phrase}”" for phrase in list(dict.fromkeys(found))[:MAX_TIMES_NAMED])


_TOP_NUMBER = re.compile(r"^(?P<num>\d+)[.)/]\s+(?P<text>\S.*)$")
_REQUEST = re.compile(r"^Đề nghị\s*:?\s*")


def _agency_headed(lines: list[str], reader: AgencyReader) -> bool:
    """Whether a section is written agency by agency: most of its numbered headings ("1. Sở Y
    tế", "2. Sở Tài chính", "7. Đề nghị Ủy ban Mặt trận …") are names alone, each heading the
    duties of that body."""
    titles = [_REQUEST.sub("", match["text"]).rstrip(" :.") for match in map(_TOP_NUMBER.match,
                                                                              lines) if match]
    names = sum(1 for title in titles if reader.is_name(title) and not TOPIC.match(title))
    return len(titles) >= 2 and 2 * names > len(titles)



_WHOM = ("doi tuong", "pham vi")


def _tasks_of_unknown_section(roman: str, title: str, lines: list[str], plan: dict,
                              reader: AgencyReader, review: Review) -> bool:
    """Read a section whose heading says nothing hncc knows ("IV. PHÁT TRIỂN KINH TẾ SỐ …") as
    content when it assigns tasks to leads; return whether it did."""
    if fold(title).startswith(_WHOM):
        return False  # "ĐỐI TƯỢNG, PHẠM VI …": whom the plan covers, listed, not tasks given
    trial, unknown = Review(), dict(reader.unknown)
    # paragraphs with no numbers ("VII. CHẾ ĐỘ BÁO CÁO": "Các sở, ngành gửi báo cáo … trước
    # ngày …"): each says who does what, as a duties section without numbers does
    key = "content" if any(_TOP_NUMBER.match(line) for line in lines) else "duties"
    done = len(plan.get(key, []))
    entries = ContentReader(roman, key, reader, trial, offset=done, title=title).read(lines)
    if not any(entry.get("lead") for entry in entries):
        reader.unknown = unknown  # names of a section left out are not proposed
        return False
    plan.setdefault(key, []).extend(entries)
    review.flags += trial.flags
    read_as = "nội dung" if key == "content" else "tổ chức thực hiện (mỗi đoạn một nhiệm vụ)"
    review.flag((key, done), f"mục {roman}. {title} đọc như mục {read_as} vì có giao nhiệm vụ "
                "cho cơ quan chủ trì; kiểm tra")
    return True


def _strip_marker(line: str) -> str:
    return re.sub(rf"^{BULLET}\s+", "", line)


def _purpose(lines: list[str]) -> dict:
    """Section I: "1. Mục đích" paragraphs into purpose, "2. Yêu cầu" into requirements."""
    parts: dict[str, list[str]] = {"purpose": [], "requirements": []}
    key = "purpose"
    for line in lines:
        match = _NUMBERED.match(line)
        if match and len(match["text"]) < 40:
            key = "requirements" if "yeu cau" in fold(match["text"]) else "purpose"
            continue
        parts[key].append(_strip_marker(line))
    return parts


def _targets(roman: str, lines: list[str], review: Review, offset: int = 0) -> list[dict]:
    """Section "CÁC CHỈ TIÊU": a target per numbered line; its deadline is the time phrase in it."""
    targets: list[dict] = []
    for line in lines:
        match = _NUMBERED.match(line)
        if not match:
            if targets:
                targets[-1].setdefault("body", []).append(_strip_marker(line))
            continue
        target = {"ref": f"{roman}.{match['num']}", "title": match["text"]}
        phrase = time_phrase(match["text"])
        path = ("targets", offset + len(targets))
        if phrase:
            target["deadline"] = phrase
            review.flag((*path, "deadline"), "thời hạn lấy từ câu của chỉ tiêu")
        else:
            target["no_deadline"] = "Nguồn không ghi thời gian"
        targets.append(target)
    return targets

