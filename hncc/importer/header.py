"""Where the plan is in a document, and its header: number, date, issuer, title, horizon,
signature and the documents its opening paragraph cites.

A plan is found at its "KẾ HOẠCH" heading, with the "Số: …" line of the header above it, or a
"(Ban hành kèm theo Quyết định số …)" line below it for a plan issued with a decision.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from hncc.domain.text import fold
from hncc.importer.agencies import AgencyReader
from hncc.importer.document import Table
from hncc.importer.draft import NotAPlan, Review

ROMAN_HEADING = re.compile(r"^(?P<roman>[IVX]+)\.\s+(?P<title>\S.*)$")
HEADING = "KẾ HOẠCH"
_ATTACHED_TO = re.compile(r"kèm theo (?P<kind>Quyết định)\s+(?:số\s+)?(?P<number>\d+[\w./-]*/[\w./-]*\w)"
                          r"(?:\s+ngày\s+(?P<d>\d{1,2})(?:/|\s+tháng\s+)(?P<m>\d{1,2})"
                          r"(?:/|\s+năm\s+)(?P<y>\d{4}))?", re.I)
_NUMBER = re.compile(r"^Số\s*:\s*(?P<number>\S+)")
_DATE = re.compile(r"ngày\s+(?P<d>\d{1,2})(?:\s+tháng\s+|\s*/\s*)(?P<m>\d{1,2})"
                   r"(?:\s+năm\s+|\s*/\s*)(?P<y>\d{4})")
_SIGNER_ATTRIBUTE = re.compile(r"Người ký\s*:?\s*(?P<name>\S.*)$")
_HORIZON = re.compile(r"(?<!THÁNG )(?<!THÁNG \d)(?<!THÁNG \d\d)"
                      r"(?:GIAI ĐOẠN\s+(?P<first>\d{4})\s*[-–]\s*(?:NĂM\s+)?|(?:ĐẾN\s+)?NĂM\s+)"
                      r"(?P<last>\d{4})")
_CITE_DATE = (r"\s+ngày\s+(?P<d{n}>\d{{1,2}})(?:\s+tháng\s+|\s*/\s*)(?P<m{n}>\d{{1,2}})"
              r"(?:\s+năm\s+|\s*/\s*)(?P<y{n}>\d{{4}})")
# "Quyết định số 411/QĐ-TTg [ngày 31/3/2022 | ngày 15 tháng 8 năm 2024] [của Thủ tướng Chính phủ]
# [ngày 31/3/2022]": the date before or after the issuer, and no final period in the issuer.
_CITATION = re.compile(
    r"(?P<kind>(?:Kế hoạch|Chương trình)(?: hành động)?|Quyết định|Nghị quyết|Chỉ thị|Kết luận"
    r"|Thông báo)"
    r"(?:\s+số)?\s+(?P<number>\d+[\w./-]*/[\w./-]*\w)"
    rf"(?:{_CITE_DATE.format(n='')})?"
    r"(?:\s+của\s+(?P<issuer>.+?)(?=\s+(?i:về|và|thực hiện|ban hành|triển khai|quy định|phê duyệt"
    r"|sửa đổi|bổ sung|kết luận|hướng dẫn|ngày)\b|\s+\((?i:nay)\b|[,;]|\.?$))?"
    rf"(?:{_CITE_DATE.format(n='2')})?"
)
_DATE_AFTER = re.compile(_CITE_DATE.format(n="3"))
_QUOTED_SUBJECT = re.compile(r"\s+về\s+“[^”]*”")
TRUNCATED = "[...]"
MAIN_END_WORDS = ("tren day la", "noi nhan")


@dataclass
class Layout:
    """Where the parts of the plan are in the list of lines."""

    lines: list[str]
    top: int          # first line of the document's header ("ỦY BAN NHÂN DÂN")
    heading: int      # the "KẾ HOẠCH" line
    end: int          # end of the main text
    appendix: int | None
    tables: dict[int, Table]
    attached: re.Match | None = None   # "(Ban hành kèm theo Quyết định số …)"
    title_start: str = ""              # the title's start on the heading's line, if any


def is_heading(line: str, inline: bool = True) -> bool:
    """Whether a line is the plan's "KẾ HOẠCH" heading, alone or (`inline`) with its title
    on the same line in capitals ("KẾ HOẠCH TRIỂN KHAI …")."""
    return line == HEADING or (inline and line == line.upper() and line.startswith(f"{HEADING} "))


def locate(lines: list[str], tables: dict[int, Table]) -> Layout:
    if not any(lines) and not tables:
        raise NotAPlan("Tệp trống: không có văn bản để nhập.")
    for inline in (False, True):  # "KẾ HOẠCH" alone, else "KẾ HOẠCH TRIỂN KHAI …" on one line
        for index, line in enumerate(lines):
            if not is_heading(line, inline) or (inline and line == HEADING):
                continue
            header = lines[max(0, index - 20):index]
            attached = next((m for m in map(_ATTACHED_TO.search, lines[index + 1:index + 8]) if m),
                            None)
            if any(_NUMBER.match(h) for h in header) or attached:
                return _layout(lines, tables, index, attached, line[len(HEADING):].strip())
    raise NotAPlan("Không tìm thấy văn bản kế hoạch trong tệp: cần dòng tiêu đề “KẾ HOẠCH” và, ở "
                   "phần đầu văn bản, dòng số hiệu “Số: …/KH-UBND”. Tệp này có thể là một bài báo "
                   "hay một trang khác, không phải văn bản kế hoạch.")


def _appendix_heading(line: str) -> bool:
    """"PHỤ LỤC", "Phụ lục II", "PHỤ LỤC 01": the heading of an appendix (not a mention of one)."""
    return line.startswith("PHỤ LỤC") or (fold(line).startswith("phu luc") and len(line) <= 16)


def _layout(lines: list[str], tables: dict[int, Table], index: int, attached: re.Match | None,
            title_start: str) -> Layout:
    """The layout around the heading at `index`; a plan attached to a decision has its header
    (issuer, date) at the top of the decision, however far above."""
    first = 0 if attached else max(0, index - 20)
    top = next((i for i in range(first, index) if fold(lines[i]) == "uy ban nhan dan"),
               max(0, index - 20))
    appendix = next((i for i in range(index, len(lines)) if _appendix_heading(lines[i])), None)
    stop = appendix if appendix is not None else len(lines)
    end = next((i for i in range(index, stop) if lines[i] == TRUNCATED
                or fold(lines[i]).startswith(MAIN_END_WORDS) or _SIGNATURE_START.match(lines[i])),
               stop)
    return Layout(lines, top, index, end, appendix, tables, attached, title_start)


def read_header(layout: Layout, reader: AgencyReader, review: Review) -> dict:
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
        if line and (line != line.upper() or ROMAN_HEADING.match(line)):
            break
        title_lines.append(line)
    title = " ".join(filter(None, title_lines)) or _sentence_case_title(layout, review)
    if number is None or date is None or not title:
        raise NotAPlan("Văn bản thiếu số hiệu (“Số: …”), ngày ban hành (“Hà Nội, ngày … tháng … "
                       "năm …”) hoặc tiêu đề sau dòng “KẾ HOẠCH”: không tạo được bản nháp.")
    issuer = _issuer(header, reader, review) or _attached_issuer(attached, reader, review)
    if not issuer:
        raise NotAPlan("Văn bản không ghi cơ quan ban hành (phần đầu “ỦY BAN NHÂN DÂN …” hoặc "
                       "“… kèm theo Quyết định số … của …”): không tạo được bản nháp.")
    plan = {
        "number": number,
        "kind": "Kế hoạch",
        "issuer": issuer,
        "date": date,
        **_signature(layout, review),
        "title": title,
    }
    if attached is not None:
        plan["attached_to"] = {"kind": attached["kind"], "number": attached["number"],
                               **({"date": date} if attached["y"] else {}),
                               "text": attached.group(0)}
    horizon = _HORIZON.search(title.upper())
    first = plan["date"].year  # "… ĐẾN NĂM 2030": from the plan's own year
    if horizon and horizon["first"]:
        first = int(horizon["first"])
    elif horizon and horizon.group(0).startswith("NĂM"):  # "… NĂM 2026": that year alone
        first = int(horizon["last"])
    if horizon and int(horizon["last"]) >= first:
        plan["horizon"] = {"start": first, "end": int(horizon["last"])}
        review.flag(("horizon",), f"khung thời gian đoán từ tiêu đề (“{horizon.group(0)}”)")
    else:  # the model's default: the plan's own year, after which its undated tasks are late
        year = plan["date"].year
        review.flag(("date",), f"tiêu đề không ghi khung thời gian: hncc coi kế hoạch chỉ trong "
                    f"năm {year} (“Hằng năm” là năm {year}; việc không có thời hạn tính là quá "
                    f"thời hạn của kế hoạch sau 31/12/{year}); thêm “horizon: {{start: …, end: …}}” "
                    "nếu nội dung kế hoạch kéo dài hơn")
    return plan


def _sentence_case_title(layout: Layout, review: Review) -> str:
    """The title when it is not in capitals: the first line after "KẾ HOẠCH", unless that line
    is the opening sentence ("Căn cứ …", "… như sau:"), a heading ("I. …") or the "(Ban hành
    kèm theo …)" line; "" if none."""
    first = next((line for line in layout.lines[layout.heading + 1:layout.end] if line), "")
    if not first or ROMAN_HEADING.match(first) or first.startswith("(") or \
            first.endswith((".", ":", ";")) or fold(first).startswith("can cu"):
        return ""
    review.flag(("title",), "tiêu đề không viết hoa: lấy dòng đầu tiên sau “KẾ HOẠCH”; đối chiếu "
                "với nguồn")
    return first


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
    if not written:
        return ""
    name = reader.name(written)
    if name.agency is None:
        reader.unknown[written] = None
        reader.foreign_issuer = written
        review.flag(("issuer",), "cơ quan ban hành chưa có trong danh mục cơ quan (xem đề xuất "
                    "cuối tệp)")
        return written
    return name.agency.name


_ATTACHED_BY = re.compile(r"[^()]*?\s+của\s+(?P<issuer>[^()]+?)\s*\)?\s*$")


def _attached_issuer(attached: re.Match | None, reader: AgencyReader, review: Review) -> str:
    """The issuer named in "(Ban hành kèm theo Quyết định số … của Ủy ban nhân dân tỉnh …)",
    for a plan whose header block is not in the text; "" when that line names none."""
    found = _ATTACHED_BY.match(attached.string, attached.end()) if attached else None
    if found is None:
        return ""
    review.flag(("issuer",), "văn bản không có phần đầu: cơ quan ban hành lấy từ dòng “Ban hành "
                "kèm theo …”")
    return _issuer([found["issuer"]], reader, review)


def _signature(layout: Layout, review: Review) -> dict:
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
            titles = _without_body_signed_for(titles)
            review.flag(("signer_title",), "ghép từ khối chữ ký: " + " / ".join(block[first:index]))
            return {"signer": signer, "signer_title": ", ".join(titles)}
    found = next((m for m in map(_SIGNER_ATTRIBUTE.search, lines[:layout.top]) if m), None)
    if found:
        review.flag(("signer",), "văn bản không có khối chữ ký; người ký lấy từ phần thuộc tính "
                    "của trang đăng văn bản")
        return {"signer": found["name"].strip()}
    return {}


_SIGNING = ("TM.", "KT.", "Q.", "TL.", "TUQ.")
# "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH": where the signature opens, also before "Nơi nhận:"
_SIGNATURE_START = re.compile(r"^(?:TM|KT|Q|TL|TUQ)\.\s*[A-ZĐÀ-Ỹ]{2,}(?:\s|$)")
_TITLE_START = re.compile(r"^(?:KT\.|Q\.|TL\.|TUQ\.|(?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG BAN"
                          r"|BÍ THƯ|CHÁNH VĂN PHÒNG|THỦ TRƯỞNG)\b)")


def _without_body_signed_for(titles: list[str]) -> list[str]:
    """The signer's titles without "TM. ỦY BAN NHÂN DÂN" (the body signed for), also when the
    source wraps it ("TM. ỦY BAN NHÂN" / "DÂN" / "CHỦ TỊCH"): up to the line a title opens."""
    if len(titles) < 2 or not titles[0].startswith("TM."):
        return titles
    opens = next((i for i, line in enumerate(titles[1:], start=1) if _TITLE_START.match(line)),
                 1)
    return titles[opens:]


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


def citations(opening: list[str], reader: AgencyReader, review: Review,
              attached: str | None = None) -> list[dict]:
    """The documents the opening paragraph carries out or is based on ("Căn cứ Kế hoạch …");
    not the decision the plan is attached to (`attached`, its number: attached_to says it)."""
    cites: list[dict] = []
    for paragraph in opening:
        relation = "căn cứ" if fold(paragraph).startswith("can cu") else "thực hiện"
        for match in _CITATION.finditer(paragraph):
            if match["number"] == attached:
                continue  # "(Ban hành kèm theo Quyết định số … của UBND tỉnh)"
            cite = {"kind": match["kind"], "number": match["number"]}
            path = ("cites", len(cites))
            end = match.end()
            issuer = match["issuer"]
            if issuer:
                issuer, end = _whole_name(paragraph, issuer, end, reader)
            day = match.group("d", "m", "y") if match["y"] else match.group("d2", "m2", "y2")
            dated = _DATE_AFTER.match(paragraph, end) if not day[2] else None
            if dated:  # "… của Bộ Văn hóa, Thể thao và Du lịch ngày 10/01/2025"
                day, end = dated.group("d3", "m3", "y3"), dated.end()
            if day[2]:
                try:
                    cite["date"] = dt.date(int(day[2]), int(day[1]), int(day[0]))
                except ValueError:  # a date the source got wrong stays in the text only
                    review.flag((*path, "text"), f"ngày {day[0]}/{day[1]}/{day[2]} của văn bản "
                                "được dẫn không có thật; không ghi “date”, xem lại nguồn")
            if issuer and issuer.count(")") > issuer.count("("):  # "(… của UBND tỉnh)": not its ")"
                end -= len(issuer) - issuer.rfind(")")
                issuer = issuer[:issuer.rfind(")")].rstrip()
            if issuer:
                cite["issuer"] = _cited_issuer(issuer, reader, review, path)
            cite["relation"] = relation
            subject = _QUOTED_SUBJECT.match(paragraph, end)
            cite["text"] = paragraph[match.start():subject.end() if subject else end]
            cite["where"] = "header"
            review.flag((*path, "relation"), f"quan hệ đoán từ chữ đầu đoạn mở đầu (“{relation}”)")
            cites.append(cite)
    return cites


# a name the citation's issuer pattern cuts at its comma: "Bộ Văn hóa, Thể thao và Du lịch"
_GOES_ON = re.compile(r",\s*Thể thao và Du lịch(?:[^,;.]*?)(?=\s+(?:về|thực hiện|ban hành|triển khai"
                      r"|quy định|phê duyệt|ngày)\s|[,;]|\.?$)")


# "Bộ Nông nghiệp và Phát triển nông thôn": "và" then a capitalised word goes on the name, unless
# that word opens another document or body ("… của UBND tỉnh và Kế hoạch số …")
_AND_NAME = re.compile(r"\s+và\s+(?P<more>[A-ZĐÀ-Ỵ][^,;.(]*?)(?=\s+(?i:về|và|thực hiện|ban hành"
                       r"|triển khai|quy định|phê duyệt|sửa đổi|bổ sung|ngày)\b|\s*[,;(]|\.?$)")
_NOT_A_NAME_PART = ("Kế hoạch", "Quyết định", "Nghị quyết", "Chỉ thị", "Kết luận", "Thông báo",
                    "Chương trình", "Công văn", "Thông tư", "Nghị định", "Luật", "UBND", "Ủy ban",
                    "Uỷ ban", "Bộ ", "Sở ", "các ")


def _whole_name(paragraph: str, issuer: str, end: int, reader: AgencyReader) -> tuple[str, int]:
    """The cited issuer and where it ends, past a comma inside its name: ", Thể thao và Du
    lịch …", or the longest continuation that makes a name the registry knows."""
    goes_on = _GOES_ON.match(paragraph, end)
    if goes_on and issuer.endswith("Văn hóa"):
        return issuer + goes_on.group(0), goes_on.end()
    joined = _AND_NAME.match(paragraph, end)
    if joined and not joined["more"].startswith(_NOT_A_NAME_PART):  # "… và Phát triển nông thôn"
        return issuer + joined.group(0), joined.end()
    words = re.findall(r"\S+\s*", paragraph[end:end + 200])
    for count in range(min(len(words), 12), 0, -1):
        tail = "".join(words[:count]).rstrip()
        if tail.startswith(",") and reader.lookup(f"{issuer}{tail}".rstrip(" ,;.")):
            longer = f"{issuer}{tail}".rstrip(" ,;.")
            return longer, end + len(longer) - len(issuer)
    return issuer, end


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
