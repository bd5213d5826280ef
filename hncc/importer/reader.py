"""Draft a plan's data from its published text (`hncc import`).

The text is normalised (NFC, LF), the plan is located inside whatever page surrounds it (portal
menus, reader comments), and its parts are read into plain dicts in the data format: the header,
section I (purpose, requirements), the targets, the content, the funding, the duties and the
appendix. Every guess is recorded as a `Flag` at the place it applies, for the writer to show as
a `# KIỂM TRA:` comment. Nothing here prints or writes files.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from hncc.domain.agencies import Registry
from hncc.domain.text import fold, nfc
from hncc.importer.agencies import AgencyReader
from hncc.importer.appendix import read_tables
from hncc.importer.content import ContentReader, time_phrase
from hncc.importer.document import Document, Paragraph, Table, decode, read_document
from hncc.importer.draft import Draft, NotAPlan, Review

_HEADING = "KẾ HOẠCH"
_ROMAN_HEADING = re.compile(r"^(?P<roman>[IVX]+)\.\s+(?P<title>\S.*)$")
_ATTACHED_TO = re.compile(r"kèm theo (?P<kind>Quyết định)\s+(?:số\s+)?(?P<number>\d+[\w./-]*/[\w./-]*\w)"
                          r"(?:\s+ngày\s+(?P<d>\d{1,2})(?:/|\s+tháng\s+)(?P<m>\d{1,2})"
                          r"(?:/|\s+năm\s+)(?P<y>\d{4}))?", re.I)
_NUMBERED = re.compile(r"^(?P<num>\d+)\.\s*(?P<text>\S.*)$")
_NUMBER = re.compile(r"^Số\s*:\s*(?P<number>\S+)")
_DATE = re.compile(r"ngày\s+(?P<d>\d{1,2})(?:\s+tháng\s+|\s*/\s*)(?P<m>\d{1,2})"
                   r"(?:\s+năm\s+|\s*/\s*)(?P<y>\d{4})")
_SIGNER_ATTRIBUTE = re.compile(r"Người ký\s*:?\s*(?P<name>\S.*)$")
_HORIZON = re.compile(r"(?<!THÁNG )(?<!THÁNG \d)(?<!THÁNG \d\d)"
                      r"(?:GIAI ĐOẠN\s+(?P<first>\d{4})\s*[-–]\s*(?:NĂM\s+)?|(?:ĐẾN\s+)?NĂM\s+)"
                      r"(?P<last>\d{4})")
_CITATION = re.compile(
    r"(?P<kind>Kế hoạch|Chương trình|Quyết định|Nghị quyết|Chỉ thị|Kết luận|Thông báo)"
    r"(?:\s+số)?\s+(?P<number>\d+[\w./-]*/[\w./-]*\w)"
    r"(?:\s+ngày\s+(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4}))?"
    r"(?:\s+của\s+(?P<issuer>.+?)(?=\s+(?:về|và|thực hiện|ban hành|triển khai|quy định|phê duyệt)\s"
    r"|[,;]|$))?"
)
_QUOTED_SUBJECT = re.compile(r"\s+về\s+“[^”]*”")
_TRUNCATED = "[...]"
MAIN_END_WORDS = ("tren day la", "noi nhan")


def read_source(raw: bytes) -> str:
    """The text of a source file: UTF-8, with or without a byte-order mark."""
    return decode(raw)


def _flat(table: Table) -> bool:
    """Whether a table is layout rather than data (the header, the signature): read as lines."""
    return len(table.rows) < 2 or max(len(row) for row in table.rows) < 3


def _lines(document: Document) -> tuple[list[str], dict[int, Table]]:
    """The document as lines (a paragraph or a layout cell's paragraph each) and its data
    tables, each at the index of an empty line standing in for it."""
    lines: list[str] = []
    tables: dict[int, Table] = {}
    heading = False  # tables before the "KẾ HOẠCH" heading are the header's layout
    for block in document.blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
            heading = heading or block.text == _HEADING
        elif _flat(block) or not heading:
            lines += [text for row in block.rows for cell in row for text in cell.paragraphs]
        else:
            tables[len(lines)] = block
            lines.append("")
    return lines, tables


@dataclass
class _Layout:
    """Where the parts of the plan are in the list of lines."""

    lines: list[str]
    top: int          # first line of the document's header ("ỦY BAN NHÂN DÂN")
    heading: int      # the "KẾ HOẠCH" line
    end: int          # end of the main text
    appendix: int | None
    tables: dict[int, Table]
    attached: re.Match | None = None   # "(Ban hành kèm theo Quyết định số …)"
    title_start: str = ""              # the title's start on the heading's line, if any


def _locate(lines: list[str], tables: dict[int, Table]) -> _Layout:
    if not any(lines) and not tables:
        raise NotAPlan("Tệp trống: không có văn bản để nhập.")
    for inline in (False, True):  # "KẾ HOẠCH" alone, else "KẾ HOẠCH TRIỂN KHAI …" on one line
        for index, line in enumerate(lines):
            if line != line.upper() or not (line.startswith(f"{_HEADING} ") if inline
                                            else line == _HEADING):
                continue
            header = lines[max(0, index - 20):index]
            attached = next((m for m in map(_ATTACHED_TO.search, lines[index + 1:index + 8]) if m),
                            None)
            if any(_NUMBER.match(h) for h in header) or attached:
                return _layout(lines, tables, index, attached, line[len(_HEADING):].strip())
    raise NotAPlan("Không tìm thấy văn bản kế hoạch trong tệp: cần dòng tiêu đề “KẾ HOẠCH” và, ở "
                   "phần đầu văn bản, dòng số hiệu “Số: …/KH-UBND”. Tệp này có thể là một bài báo "
                   "hay một trang khác, không phải văn bản kế hoạch.")


def _layout(lines: list[str], tables: dict[int, Table], index: int, attached: re.Match | None,
            title_start: str) -> _Layout:
    """The layout around the heading at `index`; a plan attached to a decision has its header
    (issuer, date) at the top of the decision, however far above."""
    first = 0 if attached else max(0, index - 20)
    top = next((i for i in range(first, index) if fold(lines[i]) == "uy ban nhan dan"),
               max(0, index - 20))
    appendix = next((i for i in range(index, len(lines)) if lines[i].startswith("PHỤ LỤC")), None)
    stop = appendix if appendix is not None else len(lines)
    end = next((i for i in range(index, stop) if lines[i] == _TRUNCATED
                or fold(lines[i]).startswith(MAIN_END_WORDS)), stop)
    return _Layout(lines, top, index, end, appendix, tables, attached, title_start)


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
    layout = _locate(lines, tables)
    review = Review()
    reader = AgencyReader(registry)
    plan = _header(layout, reader, review)
    sections = _sections(layout)
    plan["cites"] = _citations(sections.pop(0)[2], reader, review)
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
    gaps += appendix_gaps
    if layout.end < len(layout.lines) and layout.lines[layout.end] == _TRUNCATED:
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


def _appendix_title(layout: _Layout) -> str | None:
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


def _without_empty(plan: dict) -> dict:
    return {key: value for key, value in plan.items() if value not in ({}, [], None, "")}


def _header(layout: _Layout, reader: AgencyReader, review: Review) -> dict:
    lines = layout.lines
    header = lines[layout.top:layout.heading]
    number = next((m["number"] for m in map(_NUMBER.match, header) if m), None)
    date: dt.date | None = next((_date(m) for m in map(_DATE.search, header) if m), None)
    attached = layout.attached
    if attached is not None and (number is None or "/QĐ" in number):
        number = attached["number"]
        date = _date(attached) if attached["y"] else date
        review.flag(("number",), "kế hoạch ban hành kèm theo Quyết định, không có số riêng: "
                    "số hiệu và ngày là của Quyết định")
    title_lines = [layout.title_start] if layout.title_start else []
    for line in lines[layout.heading + 1:layout.end]:
        if line and (line != line.upper() or _ROMAN_HEADING.match(line)):
            break
        title_lines.append(line)
    title = " ".join(filter(None, title_lines))
    if number is None or date is None or not title:
        raise NotAPlan("Văn bản thiếu số hiệu (“Số: …”), ngày ban hành (“Hà Nội, ngày … tháng … "
                       "năm …”) hoặc tiêu đề sau dòng “KẾ HOẠCH”: không tạo được bản nháp.")
    plan = {
        "number": number,
        "kind": "Kế hoạch",
        "issuer": _issuer(header, reader, review),
        "date": date,
        **_signature(layout, review),
        "title": title,
    }
    if attached is not None:
        plan["attached_to"] = {"kind": attached["kind"], "number": attached["number"],
                               **({"date": date} if attached["y"] else {}),
                               "text": attached.group(0)}
    horizon = _HORIZON.search(title)
    first = int(horizon["first"]) if horizon and horizon["first"] else plan["date"].year
    if horizon and int(horizon["last"]) >= first:
        plan["horizon"] = {"start": first, "end": int(horizon["last"])}
        review.flag(("horizon",), f"khung thời gian đoán từ tiêu đề (“{horizon.group(0)}”)")
    return plan


def _date(match: re.Match) -> dt.date | None:
    try:
        return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def _issuer(header: list[str], reader: AgencyReader, review: Review) -> str:
    """The issuing body: the header lines above the "-------" rule ("ỦY BAN NHÂN DÂN / …")."""
    words = []
    for line in header:
        if not line or set(line) == {"-"} or _NUMBER.match(line) or \
                fold(line).startswith("cong hoa xa hoi"):
            break
        words.append(line)
    written = " ".join(words)
    name = reader.name(written)
    if name.agency is None:
        reader.unknown[written] = None
        review.flag(("issuer",), "cơ quan ban hành chưa có trong danh mục cơ quan (xem đề xuất "
                    "cuối tệp)")
        return written
    return name.agency.name


def _signature(layout: _Layout, review: Review) -> dict:
    """Signer and title from the signature block, or from the page's "Người ký" attribute."""
    lines = layout.lines
    block_end = layout.appendix if layout.appendix is not None else len(lines)
    block = lines[layout.end:block_end]
    for line in block:
        joined = _joined_signature(line)
        if joined:
            review.flag(("signer_title",), "tách từ khối chữ ký: " + line)
            return joined
    first = next((i for i, line in enumerate(block) if line.startswith(("TM.", "KT.", "Q."))), None)
    if first is not None:
        titles = []
        index = first
        while index < len(block) and block[index] and block[index] == block[index].upper():
            titles.append(block[index])
            index += 1
        signer = next((line for line in block[index:] if line), None)
        if signer:
            titles = [t for t in titles if not t.startswith("TM.")] or titles
            review.flag(("signer_title",), "ghép từ khối chữ ký: " + " / ".join(block[first:index]))
            return {"signer": signer, "signer_title": ", ".join(titles)}
    found = next((m for m in map(_SIGNER_ATTRIBUTE.search, lines[:layout.top]) if m), None)
    if found:
        review.flag(("signer",), "văn bản không có khối chữ ký; người ký lấy từ phần thuộc tính "
                    "của trang đăng văn bản")
        return {"signer": found["name"].strip()}
    return {}


_SIGNING = ("TM.", "KT.", "Q.", "TL.", "TUQ.")


def _joined_signature(line: str) -> dict | None:
    """Signer and title of a signature block read as one line: "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH
    PHÓ CHỦ TỊCH Phạm Văn Thịnh" (titles in capitals, then the name)."""
    words = line.split()
    if not words or words[0] not in _SIGNING:
        return None
    name: list[str] = []
    while words and len(name) < 5 and words[-1][:1].isupper() and words[-1][1:].islower():
        name.insert(0, words.pop())
    if len(name) < 2 or not words or any(word != word.upper() for word in words):
        return None
    titles = " ".join(words)
    for mark in _SIGNING[1:]:
        at = titles.find(mark)
        if at > 0:
            titles = titles[at:]  # "TM. ỦY BAN NHÂN DÂN" is the body signed for, not a title
            break
    return {"signer": " ".join(name), "signer_title": titles}


def _sections(layout: _Layout) -> list[tuple[str, str, list[str]]]:
    """The main text cut at its Roman-numeral headings: [("opening", "", lines), (ref, title,
    lines), …]; a number used twice gets a suffix ("II-2") so that refs stay unique."""
    sections: list[tuple[str, str, list[str]]] = [("opening", "", [])]
    seen: dict[str, int] = {}
    for line in layout.lines[layout.heading + 1:layout.end]:
        match = _ROMAN_HEADING.match(line)
        if match:
            roman = match["roman"]
            seen[roman] = seen.get(roman, 0) + 1
            ref = roman if seen[roman] == 1 else f"{roman}-{seen[roman]}"
            sections.append((ref, match["title"], []))
        elif line:
            sections[-1][2].append(line)
    opening = sections[0][2]
    sections[0] = ("opening", "", [line for line in opening if line != line.upper()])
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
            key = kind
            done = len(plan.get(key, []))
            entries = ContentReader(roman, key, reader, review, offset=done).read(lines)
            plan.setdefault(key, []).extend(entries)
        elif kind == "funding":
            text = "\n".join(_strip_marker(line) for line in lines)  # a paragraph a line
            plan["funding"] = f"{plan['funding']}\n{text}" if plan.get("funding") else text
            review.flag(("funding",), f"lấy từ mục {roman}. {title}")
        elif not _tasks_of_unknown_section(roman, title, lines, plan, reader, review):
            review.flag((), f"chưa nhập mục {roman}. {title} (hncc không biết mục này ứng với phần "
                        "nào của dữ liệu)")
    return gaps


def _tasks_of_unknown_section(roman: str, title: str, lines: list[str], plan: dict,
                              reader: AgencyReader, review: Review) -> bool:
    """Read a section whose heading says nothing hncc knows ("IV. PHÁT TRIỂN KINH TẾ SỐ …") as
    content when it assigns tasks to leads; return whether it did."""
    trial, unknown = Review(), dict(reader.unknown)
    done = len(plan.get("content", []))
    entries = ContentReader(roman, "content", reader, trial, offset=done).read(lines)
    if not any(entry.get("lead") for entry in entries):
        reader.unknown = unknown  # names of a section left out are not proposed
        return False
    plan.setdefault("content", []).extend(entries)
    review.flags += trial.flags
    review.flag(("content", done), f"mục {roman}. {title} đọc như mục nội dung vì có giao nhiệm "
                "vụ cho cơ quan chủ trì; kiểm tra")
    return True


def _strip_marker(line: str) -> str:
    return re.sub(r"^[-+•]\s+", "", line)


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


def _citations(opening: list[str], reader: AgencyReader, review: Review) -> list[dict]:
    """The documents the opening paragraph carries out or is based on ("Căn cứ Kế hoạch …")."""
    cites: list[dict] = []
    for paragraph in opening:
        relation = "căn cứ" if fold(paragraph).startswith("can cu") else "thực hiện"
        for match in _CITATION.finditer(paragraph):
            cite = {"kind": match["kind"], "number": match["number"]}
            if match["y"]:
                cite["date"] = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
            path = ("cites", len(cites))
            if match["issuer"]:
                cite["issuer"] = _cited_issuer(match["issuer"], reader, review, path)
            cite["relation"] = relation
            subject = _QUOTED_SUBJECT.match(paragraph, match.end())
            cite["text"] = paragraph[match.start():subject.end() if subject else match.end()]
            cite["where"] = "header"
            review.flag((*path, "relation"), f"quan hệ đoán từ chữ đầu đoạn mở đầu (“{relation}”)")
            cites.append(cite)
    return cites


def _cited_issuer(written: str, reader: AgencyReader, review: Review, path: tuple) -> str:
    """The issuer of a cited document; "… (UBND Thành phố)" resolves by either name."""
    for candidate in (written, re.sub(r"\s*\([^)]*\)$", "", written)):
        name = reader.name(candidate)
        if name.agency is not None:
            return name.text
    reader.unknown[written] = None
    review.flag((*path, "issuer"), "cơ quan ban hành chưa có trong danh mục cơ quan (xem đề xuất "
                "cuối tệp)")
    return written
