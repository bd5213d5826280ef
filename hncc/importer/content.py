"""Sections "NỘI DUNG" (content) and "TỔ CHỨC THỰC HIỆN" (duties) of an imported plan.

Two passes: the lines are first cut into nodes (numbered headings, lettered assignments, dash
assignments, their bullets and labelled lines such as "Đơn vị chủ trì:"); each node then becomes
an entry, with its agencies resolved and its guesses flagged at their final place in the draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hncc.domain import deadlines, money
from hncc.domain.text import fold
from hncc.importer.agencies import AgencyReader, Flagger, Name
from hncc.importer.appendix import amount_in_unit, names_funding, unit_of
from hncc.importer.document import BULLET
from hncc.importer.draft import Review
from hncc.importer.sentences import COOPERATE, TOPIC, first_verb, has_verb, subject_parties

# "1.", "1.2." and, as some type them, "1)" or "1/"; "a)", "a." and "a/"
_NUMBER = re.compile(r"^(?P<num>\d+(?:\.\d+)*)(?:[.)]|\.?/)?\s+(?P<text>\S.*)$")
_LETTER = re.compile(r"^(?P<letter>[a-zđ])(?:\)\s*|[./]\s+)(?P<text>\S.*)$")
_BULLET = re.compile(rf"^{BULLET}\s*(?P<text>\S.*)$")
_BODY = r"(?:(?:đơn vị|cơ quan)(?:\s*,\s*(?:đơn vị|cơ quan|địa phương))*\s+)"  # "Cơ quan, đơn vị …"
_LABELS = (
    (re.compile(rf"^{_BODY}?(?:thực hiện )?phối hợp(?: thực hiện)?\s*:\s*", re.I), "cooperating"),
    (re.compile(rf"^{_BODY}?chủ trì(?: tham mưu)?(?: thực hiện)?(?: tham mưu)?(?: chính)?\s*:\s*",
                re.I), "lead"),
    (re.compile(rf"^(?:{_BODY}(?:thực hiện|chịu trách nhiệm)(?: chính)?|trách nhiệm thực hiện)"
                r"\s*:\s*(?=\S)", re.I), "lead"),
    (re.compile(rf"^{_BODY}(?:thực hiện|chịu trách nhiệm)\s*:\s*$", re.I), "marker"),
    (re.compile(r"^(?:thời (?:gian|hạn)|tiến độ)(?: thực hiện| hoàn thành)?\s*:\s*", re.I),
     "deadline"),
    (re.compile(r"^(?:nội dung(?: thực hiện)?|nhiệm vụ)\s*:\s*", re.I), "body"),
    (re.compile(r"^nguồn (?:kinh phí|vốn)(?: thực hiện)?\s*:\s*", re.I), "funding_source"),
    (re.compile(r"^(?:dự kiến |dự toán )?kinh phí(?: dự kiến| thực hiện)?(?:\s*\([^()]*\))?\s*:\s*",
                re.I), "budget"),  # "Kinh phí (triệu đồng): 1.500": the unit is read from the label
    (re.compile(r"^(?:sản phẩm(?: đầu ra| dự kiến)?|kết quả(?: dự kiến| đầu ra)?)\s*:\s*", re.I),
     "outputs"),
)
_REPEATS = ("lead", "deadline")  # a second one of these under one heading starts another task
_DOSSIER = re.compile(r"\(\s*([Mm]ục\s+\d[^()]*?)\s*\)")
_BY = re.compile(r"\bdo\s+(?P<name>[^,;:]+)$")
_LEAD = re.compile(r"\s*,?\s+chủ trì\b,?\s*", re.I)
_WITHOUT_LEAD_WORD = re.compile(r"\s+phối hợp\b", re.I)
_PHRASE_END = re.compile(r"\s+(?:thực hiện|hướng dẫn|triển khai)\b|\s*:", re.I)
_DASH_ASSIGNMENT = re.compile(r"^(?P<sentence>.+?\bchủ trì\b.*?thực hiện\s*:)\s*(?P<rest>.*)$",
                              re.I)
_TOPIC_LABEL = re.compile(r"^(?P<topic>[^:]+):\s*(?P<sentence>\S.*)$")  # "Topic: sentence"
# An item's heading that names the time of the whole plan, not a task ("Thời gian thực hiện")
_TIME_OF_THE_PLAN = re.compile(r"^(?:thời gian|tiến độ)(?: (?:thực hiện|triển khai|tổ chức))?"
                               r"(?: (?:kế hoạch|đợt thi đua|phong trào))?[\s.:]*$", re.I)
MAX_HEADING_NAME_WORDS = 16  # a heading longer than this is a sentence, not who does its parts
MAX_LABEL_WORDS = 30  # a lead label longer than this is a sentence, not a list of names
NO_TIME = "Nguồn không ghi thời gian ở mục này."


def _trim_phrase(text: str) -> str:
    """A candidate time phrase without the punctuation around it; "" for a bare number ("2025"
    is a year in a time column, but in running text it is too often something else)."""
    text = text.strip(",.;:“”\"' ").lstrip("(")
    text = text if "(" in text else text.rstrip(")")
    return text if any(char.isalpha() for char in text) else ""


# The date of a document cited ("Nghị quyết số 36-NQ/TW ngày 22/10/2018", "Quyết định số 1855/QĐ-TTg
# ngày 11 tháng 11 năm 2009", "Nghị định 145/2020/NĐ-CP ngày …"): when it was signed, no deadline
_CITED_DATE = re.compile(r"(?P<document>(?:\bsố\s+[^\s,;]+(?:\s+[A-ZĐ]{2,}[^\s,;]*)?"
                         r"|\b\d+[^\s,;/]*/[^\s,;]+))\s+ngày\s+\d{1,2}"
                         r"(?:\s*/\s*\d{1,2}\s*/\s*\d{4}|\s+tháng\s+\d{1,2}\s+năm\s+\d{4})")


def time_phrase(text: str, max_words: int = 8) -> str | None:
    """The longest phrase in `text` that the deadline parser reads ("Năm 2022-2023"), or None;
    the dates of documents cited are not such phrases."""
    words = _CITED_DATE.sub(r"\g<document>", text).split()
    best: str | None = None
    for start in range(len(words)):
        for end in range(start + 1, min(len(words), start + max_words) + 1):
            candidate = _trim_phrase(" ".join(words[start:end]))
            if (candidate and (best is None or len(candidate) > len(best))
                    and deadlines.parse_phrase(candidate) is not None):
                best = candidate
    return best


def leading_time_phrase(text: str, max_words: int = 8) -> str | None:
    """A time phrase that opens `text` ("Hàng năm, …", "Định kỳ hàng năm (trước ngày 30/11) …")."""
    words = text.split()
    for end in range(min(len(words), max_words), 0, -1):
        candidate = _trim_phrase(" ".join(words[:end]))
        if candidate and deadlines.parse_phrase(candidate) is not None:
            return candidate
    return None


def assignment_parties(sentence: str) -> tuple[str, str | None, bool]:
    """(lead phrase, cooperating phrase, guessed) of "X chủ trì, phối hợp với Y thực hiện:".

    `guessed` is True when the sentence does not say "chủ trì" and the lead is read from its start.
    """
    found = _LEAD.search(sentence)
    if found:
        lead, rest, guessed = sentence[:found.start()], sentence[found.end():], False
    else:
        found = _WITHOUT_LEAD_WORD.search(sentence)
        cut = found.start() if found else len(sentence)
        lead, rest, guessed = sentence[:cut], sentence[cut:].strip(), True
        lead = lead.split(":")[0] if not found and lead.endswith(":") else lead
    cooperate = COOPERATE.match(rest)
    if not cooperate:
        return lead.strip(" ,.:"), None, guessed
    tail = rest[cooperate.end():]
    end = _PHRASE_END.search(tail)
    return lead.strip(" ,.:"), (tail[:end.start()] if end else tail).strip(" ,."), guessed


_NAMES_CUT = re.compile(r"\s*[,;]\s*|\s+và\s+")  # between the names of a list
_LABEL_CUT = re.compile(r"(?<=[;.])\s+")  # where a label may follow the task in one paragraph
_INLINE = {"lead", "cooperating", "deadline", "budget", "funding_source", "outputs"}


def _inline_labels(text: str) -> tuple[str, list[str]]:
    """A task's text and the labels written after it in the same paragraph ("Tập huấn …; đơn
    vị chủ trì: Sở Y tế; thời gian: hằng năm.", "Tổ chức …. Đơn vị chủ trì: Sở …. Thời gian:
    …"): each "; label: value" or ". Label: value" from the first on."""
    cuts = [0, *(found.end() for found in _LABEL_CUT.finditer(text))]
    for index, cut in enumerate(cuts[1:], start=1):
        rest = [text[at:end].strip(" ;.") for at, end in
                zip(cuts[index:], [*cuts[index + 1:], len(text)], strict=True)]
        if all(_label_name(part) in _INLINE for part in rest):  # nothing else is dropped
            task = text[:cut].rstrip()
            return (task.rstrip(";").rstrip() if task.endswith(";") else task), rest
    return text, []


def _unmarked(line: str) -> str:
    """A line without the number, letter or dash before it."""
    found = _NUMBER.match(line) or _LETTER.match(line) or _BULLET.match(line)
    return found["text"] if found else line


def _names_a_class(heading: str, subject: str) -> bool:
    """Whether a heading over duties names bodies by the part they play, not by name: "Các Sở,
    ngành chủ trì, quản lý các dự án …" (a plural subject, a verb of role, and no stop at its end,
    as a sentence or a lead-in to its parts would have)."""
    if heading.rstrip().endswith((":", ".", ";")):
        return False
    rest = heading.split(subject, 1)[1] if subject in heading else ""
    return bool(_PLURAL.match(subject)) and bool(_ROLE.match(rest))


def _plain_name(name: str) -> str:
    """A name folded, without "các"/"những": "Ủy ban nhân dân các xã" and "… xã" are one."""
    return re.sub(r"\b(?:cac|nhung)\s+", "", fold(name)).strip(" .,:;")


_PLURAL = re.compile(r"^(?:các|những)\s", re.I)
_ROLE = re.compile(r"^[\s,]*(?:chủ trì|quản lý|tham gia|phụ trách|được giao|được phân công|có "
                   r"liên quan)\b", re.I)


_LETTERS = "abcdđefghiklmnopqrstuvxy"
_CITED_BEFORE = ("điểm", "tiết", "mục", "khoản", "Điểm", "Mục", "Khoản")  # "điểm b. Khoản 2"


def _next_letter_inside(line: str) -> int | None:
    """Where a lettered line holds the next letter's part, the line break between them lost
    ("a. Thời gian thực hiện: Từ tháng 3 đến tháng 11 hàng năm b. Địa điểm, số điểm quan trắc"):
    the index of that letter, or None."""
    letter = _LETTER.match(line)
    if letter is None or letter["letter"] not in _LETTERS[:-1]:
        return None
    following = _LETTERS[_LETTERS.index(letter["letter"]) + 1]
    mark = re.compile(rf"\s{following}[.)]\s+(?=\w)")
    for found in mark.finditer(line, letter.start("text")):
        if line[found.end()].isupper() and \
                not line[:found.start()].rstrip().endswith(_CITED_BEFORE):
            return found.start() + 1
    return None


# The closing words of a plan, after its last item: what to do in case of difficulties ("Trong
# quá trình thực hiện, nếu có khó khăn, vướng mắc …"), what the plan replaces, and the issuer's
# last call on every body when it ends the document ("Yêu cầu các sở, ngành … nghiêm túc triển khai
# thực hiện./.", "Ủy ban nhân dân tỉnh giao Giám đốc các sở, … triển khai thực hiện …./."), or
# comes just before the note sending to the appendix, and that note.
_DIFFICULTIES = r"Trong quá trình\b[^.]*?\b(?:khó khăn|vướng mắc)"
_CLOSING = re.compile(rf"^(?:{_DIFFICULTIES}"
                      r"|(?:Kế hoạch|Văn bản) này (?:thay thế|bãi bỏ|có hiệu lực))", re.I)
_DIFFICULTIES_ITEM = re.compile(rf"^{_DIFFICULTIES}", re.I)
_LAST_CALL = re.compile(r"^(?:(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)(?:\s+(?:tỉnh|thành phố))?\s+)?"
                        r"(?:yêu cầu|giao|đề nghị)\s", re.I)
_DOCUMENT_END = "./."
# "(Kèm theo Phụ lục danh mục các nhiệm vụ …)": the note after the text that sends to its appendix
_ATTACHED_NOTE = re.compile(r"^\(\s*(?:Kèm theo|Đính kèm|Chi tiết (?:tại|theo))\b.*\)\.?$", re.I)
MAX_QUOTED = 600  # the closing words are left out: quoted whole, unless very long


def _closing_start(lines: list[str]) -> int:
    """Where the plan's closing paragraphs start among the last lines of a section (len(lines)
    when there are none): the first closing paragraph of those after the last item's mark, and all
    after it. Never the section's first line (a section of one such paragraph is what it says)."""
    start = len(lines)
    while start > 1 and not _marked(lines[start - 1]):
        start -= 1
    start = max(start, 1)
    for index in range(start, len(lines)):
        text = lines[index]
        notes = all(_ATTACHED_NOTE.match(line) for line in lines[index + 1:])
        if _CLOSING.match(text) or (notes and _ATTACHED_NOTE.match(text)) or (
                notes and _LAST_CALL.match(text) and (
                    text.endswith(_DOCUMENT_END) or index + 1 < len(lines))):
            return index
    return len(lines)


def _marked(line: str) -> bool:
    """Whether a line opens with a number, a letter or a dash."""
    return bool(_NUMBER.match(line) or _LETTER.match(line) or _BULLET.match(line))


def _quoted(text: str) -> str:
    return text if len(text) <= MAX_QUOTED else f"{text[:MAX_QUOTED].rstrip()} …"


def _label_name(text: str) -> str | None:
    return next((name for pattern, name in _LABELS if pattern.match(text)), None)


def _is_trailing_words(names: list[Name]) -> bool:
    """Whether the last of `names` is unknown words that go on the sentence ("theo dõi, …")."""
    last = names[-1] if len(names) > 1 else None
    return last is not None and last.agency is None and last.text[:1].islower() and \
        not last.text.startswith(("các ", "những ", "một "))


@dataclass
class _Node:
    """A piece of the section before it becomes an entry."""

    ref: str
    title: str | None = None
    assignment: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    body: list[str] = field(default_factory=list)
    parent: _Node | None = None
    child: bool = False           # a lettered or dash assignment (or a dash duty)
    sub_headings: bool = False
    dashes: int = 0
    labelled_at: int = 0          # len(body) when the last label was read
    task_text: bool = False       # the body was introduced by "Nhiệm vụ:" / "Nội dung:"
    split: bool = False           # its tasks became parts (each with its own labels)
    listing: bool = False         # after an empty "Cơ quan thực hiện:": the lines name who does it
    listed: list[str] = field(default_factory=list)  # those lines ("+ Sở Y tế chủ trì, …")
    acting: bool = False          # a dash whose sentence opens with the body that acts
    numbered: list[str] = field(default_factory=list)  # its labels numbered as items ("2. Thời …")
    written: dict[str, str] = field(default_factory=dict)  # each label's line as the source has it
    kept: list[str] = field(default_factory=list)  # label lines kept as text (a sentence, no names)


class ContentReader:
    """Reads one section (content or duties) into entries, flagging its guesses."""

    def __init__(self, roman: str, key: str, reader: AgencyReader, review: Review,
                 offset: int = 0, title: str | None = None) -> None:
        self.roman, self.key, self.reader, self.review = roman, key, reader, review
        self.title = title  # the section's heading ("TỔ CHỨC HỘI NGHỊ SƠ KẾT"), if known
        self._before: list[str] = []  # paragraphs before the first numbered item
        self.offset = offset  # entries of the same key read from earlier sections
        self.duties = key == "duties"
        self._nodes: list[_Node] = []
        self._numbers: list[int] = []
        self._heading: _Node | None = None
        self._child: _Node | None = None
        self._by_subject = True  # dashes opening with the body that acts are tasks of their own
        self._pending: tuple[_Node, str] | None = None  # a label alone on its line: value below

    def read(self, lines: list[str]) -> list[dict]:
        closing = _closing_start(lines)
        for text in lines[closing:]:
            self.review.flag((self.key,), "bỏ qua đoạn kết của văn bản sau mục cuối (lời chung "
                             f"cho mọi cơ quan, không phải việc của mục đó): “{_quoted(text)}”")
        lines = lines[:closing]
        # Where labels say who leads ("Đơn vị chủ trì: …"), they say it for the dashes above them
        self._by_subject = not any(_label_name(_unmarked(line)) in _REPEATS for line in lines)
        if self.duties and lines and not any(_NUMBER.match(line) for line in lines):
            self._unnumbered(lines)
        else:
            for line in lines:
                self._line(line)
        for text in self._before if not self._nodes or self._nodes[0].ref != self.roman else []:
            self.review.flag((self.key,), f"bỏ qua đoạn trước mục đánh số đầu tiên: “{text[:80]}”")
        if self.duties:
            self._merge_single_duties()
        self._drop_items_that_are_no_tasks()
        return [self._entry(node, self.offset + index) for index, node in enumerate(self._nodes)]

    def _drop_items_that_are_no_tasks(self) -> None:
        """Leave out a numbered item, with no parts or labels, that only says when the plan runs
        ("1. Thời gian thực hiện" then "Đợt thi đua được triển khai thực hiện từ …") or what to
        do in case of difficulties ("5. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc
        …", as the closing words are when not numbered): no task, and no one's; flagged, quoted."""
        for node in list(self._nodes):
            title = node.title or ""
            if node.parent is not None or node.child or node.labels or node.assignment or \
                    any(other.parent is node for other in self._nodes):
                continue
            if _TIME_OF_THE_PLAN.match(title):
                said = " ".join(node.body)
                why = "thời gian của cả kế hoạch, không phải một nhiệm vụ" + (
                    f": “{_quoted(said)}”" if said else "")
                self.review.flag((self.key,), f"bỏ qua mục {node.ref} “{title}”: {why}")
            elif _DIFFICULTIES_ITEM.match(title):
                self.review.flag((self.key,), f"bỏ qua mục {node.ref}: lời dặn khi có khó khăn, "
                                 f"vướng mắc, không phải một nhiệm vụ: “{_quoted(title)}”")
            else:
                continue
            self._nodes.remove(node)

    # -- pass 1: lines into nodes ---------------------------------------------------------------

    def _follows(self, number: str) -> bool:
        """Whether `number` ("1.2.1") continues the numbering so far (a child or a next sibling)."""
        parts = [int(p) for p in number.split(".")]
        current = self._numbers
        if parts == [*current, 1]:
            return True
        depth = len(parts)
        return depth <= len(current) and parts[:-1] == current[:depth - 1] and \
            parts[-1] == current[depth - 1] + 1

    def _line(self, line: str) -> None:
        joined = _next_letter_inside(line)
        if joined is not None:  # "a. Thời gian: Từ tháng 3 … hàng năm b. Địa điểm …": two lines
            self._line(line[:joined].rstrip())
            self._line(line[joined:].lstrip())
            return
        pending, self._pending = self._pending, None
        if pending is not None and self._label_value(*pending, line):
            return
        number = _NUMBER.match(line)
        if number and self._follows(number["num"]) and self._numbered_label(number["num"],
                                                                              number["text"]):
            return
        if number and self._follows(number["num"]):
            text, labels = _inline_labels(number["text"])
            self._open_heading(number["num"], text)
            for label in labels:
                self._label(label)
            return
        letter = _LETTER.match(line)
        if letter and self._heading is not None and self._label(letter["text"]):
            return
        if letter and self._heading is not None:
            text, labels = _inline_labels(letter["text"])
            self._open_child(f"{self._heading.ref}.{letter['letter']}", text)
            for label in labels:
                self._label(label)
            return
        bullet = _BULLET.match(line)
        text = bullet["text"] if bullet else line
        if self._heading is None:
            self._before.append(text)
        elif not self._label(text):
            self._paragraph(text, bullet is not None)

    def _label_value(self, node: _Node, name: str, line: str) -> bool:
        """Read `line` as the value of a label left alone on the line above ("Thời gian thực
        hiện:" then "Quý IV/2025."), if it reads as one: not an item or a label of its own, a
        time, names or a short phrase, not one dash of a list. Return whether it was read so."""
        number = _NUMBER.match(line)
        if (number and self._follows(number["num"])) or _LETTER.match(line):
            return False
        bullet = _BULLET.match(line)
        text = (bullet["text"] if bullet else line).strip()
        if not text or _label_name(text):
            return False
        value = text.rstrip(".;").rstrip()
        if name == "deadline" and deadlines.parse_phrase(value) is not None:
            pass
        elif bullet:
            return False  # the first dash of a list: the list is the text, as it was
        elif name in ("lead", "cooperating"):
            if not self.reader.opens_name(text):
                return False
        elif len(text.split()) > MAX_LABEL_WORDS:
            return False
        node.labels[name] = value
        node.written[name] = f"{node.written.get(name, '')} {text}".strip()
        node.labelled_at = len(node.body)
        return True

    def _numbered_label(self, number: str, text: str) -> bool:
        """A label numbered as an item ("2. Thời gian thực hiện: Quý I/2026" after "1. Tập huấn
        …"): it tells about the item above (at its level, or the one it is under), not a task of
        its own. Return whether it was read so."""
        name = _label_name(text)
        if name in (None, "body", "marker"):
            return False
        if self._heading is None and not self._nodes and number == "1":
            # "II. TỔ CHỨC HỘI NGHỊ" then "1. Cơ quan chủ trì: …": the section itself is the
            # item, and the paragraphs before the label are its text
            self._heading = _Node(self.roman, title=self.title, body=self._before)
            self._nodes.append(self._heading)
        above = self._heading
        while above is not None and above.ref.count(".") > number.count(".") + 1:
            above = above.parent
        if above is None or name in above.labels:
            return False
        self._numbers = [int(p) for p in number.split(".")]
        self._heading, self._child = above, None
        self._label(text)
        above.numbered.append(f"{number}. {text}")
        return True

    def _unnumbered(self, lines: list[str]) -> None:
        """A duties section written as paragraphs with no numbers: each paragraph (or dash) is a
        duty, numbered by hncc in order, so that none is passed over."""
        self.review.flag((self.key, self.offset), "mục không đánh số: mỗi đoạn là một nhiệm "
                         "vụ, số thứ tự do hncc đặt theo thứ tự trong nguồn")
        for number, line in enumerate(lines, start=1):
            bullet = _BULLET.match(line)
            self._open_heading(str(number), bullet["text"] if bullet else line)

    def _open_heading(self, number: str, title: str) -> None:
        self._numbers = [int(p) for p in number.split(".")]
        parent = self._heading
        while parent is not None and not self._is_ancestor(parent, number):
            parent = parent.parent
        if parent is not None:
            parent.sub_headings = True
        self._heading = _Node(f"{self.roman}.{number}", title=title, parent=parent)
        self._child = None
        self._nodes.append(self._heading)

    def _is_ancestor(self, node: _Node, number: str) -> bool:
        if "." not in node.ref:
            return False  # the section itself, read as an item: its numbers are its labels
        return number.startswith(node.ref.split(".", 1)[1] + ".")

    def _open_child(self, ref: str, assignment: str | None) -> _Node:
        self._child = _Node(ref, assignment=assignment, parent=self._heading, child=True)
        self._nodes.append(self._child)
        return self._child

    def _label(self, text: str) -> bool:
        for pattern, name in _LABELS:
            found = pattern.match(text)
            if not found:
                continue
            node = self._child or self._heading
            if node is None:
                return False
            rest = text[found.end():].strip()
            node.listing = name == "marker"
            if name == "marker":
                return True
            if name == "body":
                node.body += [rest] if rest else []
                node.task_text = True
                return True
            if name in _REPEATS and name in node.labels:
                node = self._split(node)
            node.labels[name] = rest.rstrip(".;").rstrip()
            node.written[name] = text
            if not rest and name in _INLINE:
                self._pending = (node, name)
            if name == "budget" and unit_of(found.group(0)):
                node.labels["budget_unit"] = unit_of(found.group(0)) or ""
            node.labelled_at = len(node.body)
            if rest.endswith(":"):
                node.assignment = text
            return True
        return False

    def _split(self, node: _Node) -> _Node:
        """A second task under one heading (its own labels): the paragraphs since the last
        labels become a new part; the heading's first task becomes a part too."""
        heading = self._heading
        if heading is None:
            return node
        if node is heading:
            first = _Node(f"{heading.ref}-1", parent=heading, child=True, labels=heading.labels,
                          body=heading.body[:heading.labelled_at], written=heading.written)
            heading.dashes = 1
            rest = heading.body[heading.labelled_at:]
            heading.labels, heading.body, heading.split, heading.written = {}, [], True, {}
            self._nodes.insert(self._nodes.index(heading) + 1, first)
        else:
            rest = node.body[node.labelled_at:]
            del node.body[node.labelled_at:]
        heading.dashes += 1
        child = self._open_child(f"{heading.ref}-{heading.dashes}", None)
        child.body += rest
        return child

    def _paragraph(self, text: str, bullet: bool) -> None:
        heading = self._heading
        if heading is None:
            return  # the caller flags text before the first heading
        if bullet and self.duties and self._child is not None and \
                self._child.assignment is not None:
            self._child.body.append(text)  # "b) …:" then its dashes: one duty, its list below
            return
        if bullet and self.duties:
            heading.dashes += 1
            self._open_child(f"{heading.ref}-{heading.dashes}", None).body.append(text)
            return
        if self.duties and self._another_duty(heading, text):
            heading.dashes += 1
            child = self._open_child(f"{heading.ref}-{heading.dashes}", None)
            child.body.append(text)
            child.acting = True
            return
        dash = _DASH_ASSIGNMENT.match(text) if bullet and not self.duties else None
        if dash and (self._child is None or "-" in self._child.ref):
            heading.dashes += 1
            child = self._open_child(f"{heading.ref}-{heading.dashes}", dash["sentence"])
            child.body += [dash["rest"]] if dash["rest"] else []
            return
        if bullet and self._by_subject and not self.duties and \
                (self._child is None or "-" in self._child.ref) and \
                not (self._child or heading).listing and subject_parties(text, self.reader.opens_name):
            # "+ Các cơ quan, đơn vị liên quan thu thập …": a step of its own, done by that body
            heading.dashes += 1
            self._open_child(f"{heading.ref}-{heading.dashes}", text).acting = True
            return
        node = self._child or heading
        if node.acting and not node.labels and not (node.assignment or "").endswith(":"):
            node = heading  # a sentence complete in itself: what follows is the heading's again
        if node.listing:
            node.listed.append(text)
        if (node is heading and not bullet and not (node.body or node.assignment or node.labels)
                and _LEAD.search(text) and text.endswith(":")):
            node.assignment = text
        else:
            node.body.append(text)

    def _another_duty(self, heading: _Node, text: str) -> bool:
        """Whether a paragraph with no mark under a duty heading is a duty of another body, its
        number lost: the heading is a whole sentence with its own subject ("18. Khuyến khích Mặt
        trận … phát huy vai trò …."), and the paragraph opens with another body that acts ("Hội,
        hiệp hội xã hội nghề nghiệp chủ động …"), not the heading's again."""
        title = (heading.title or "").rstrip()
        if (self._child is not None and not self._child.acting) or not title.endswith((".", ";")):
            return False
        own = subject_parties(title, self.reader.opens_name)
        other = subject_parties(text, self.reader.opens_name)
        return own is not None and other is not None and \
            _plain_name(other[0]) != _plain_name(own[0]) and \
            self.reader.identity(other[0]) != self.reader.identity(own[0])

    def _merge_single_duties(self) -> None:
        """A duty heading with one paragraph is one duty, not a group of one (unless that
        paragraph is another body's duty)."""
        for node in list(self._nodes):
            children = [n for n in self._nodes if n.parent is node and n.child]
            if len(children) == 1 and not node.body and not children[0].acting:
                node.body = children[0].body
                self._nodes.remove(children[0])

    # -- pass 2: nodes into entries --------------------------------------------------------------

    def _kind(self, node: _Node) -> str:
        has_children = any(n.parent is node and n.child for n in self._nodes)
        if self.duties:
            return "group" if has_children and not self._own_work(node) else "duty"
        if node.child:
            return "assignment"
        if (node.sub_headings or node.split) and not (node.body or node.assignment or node.labels):
            return "group"
        if node.parent is not None and "sang kien" in fold(node.parent.title or ""):
            return "initiative"
        return "activity"

    def _own_work(self, node: _Node) -> bool:
        """Whether a duty heading with parts below is itself a duty: a sentence that ends as one
        (".", ";"), with a verb after the body that acts ("1. Các cơ quan … xây dựng kế hoạch
        …." then dashes); not a name ("2. Sở Nội vụ"), nor a lead-in ("… các nội dung sau:")."""
        title = (node.title or "").rstrip()
        return not node.child and title.endswith((".", ";")) and \
            subject_parties(title, self.reader.opens_name) is not None

    def _entry(self, node: _Node, index: int) -> dict:
        path = (self.key, index)
        entry: dict = {"ref": node.ref, "kind": self._kind(node)}
        for name in ("title", "assignment"):
            if getattr(node, name):
                entry[name] = getattr(node, name)
        dossier = [m for text in [node.title or "", *node.body] for m in _DOSSIER.findall(text)]
        if dossier:
            entry["dossier"] = dossier
        self._parties(node, entry, path)
        if entry["kind"] != "group":
            self._deadline(node, entry, path)
        if self.duties and entry["kind"] == "duty" and any(n.parent is node and n.child
                                                             and not n.acting for n in self._nodes):
            self.review.flag(path, "câu của tiêu đề mục cũng là một nhiệm vụ (các mục con bên "
                             "dưới là việc riêng): ghi “kind: group” nếu không phải")
        if self.duties and node.acting:
            self.review.flag(path, "đoạn không đánh số sau mục này mở đầu bằng một cơ quan khác: "
                             "đọc là nhiệm vụ riêng của cơ quan đó, số thứ tự do hncc đặt")
        if node.ref == self.roman:
            self.review.flag(path, "mục lớn mở đầu bằng nhãn đánh số (“1. Cơ quan chủ trì: …”), "
                             "không có mục con: đọc cả mục là một nhiệm vụ")
        for line in node.numbered:
            self.review.flag(path, f"lấy từ dòng đánh số riêng “{line}” ngay sau mục này: kiểm "
                             "tra đó là của mục này hay của cả mục lớn")
        for name in ("funding_source", "outputs"):
            if node.labels.get(name):
                entry[name] = node.labels[name]
        if "budget" in node.labels:
            self._budget(node.labels["budget"], entry, path, node.labels.get("budget_unit"))
        if node.body or node.kept:
            entry["body"] = [*node.body, *node.kept]
        return entry

    def _is_sentence(self, lead: str) -> bool:
        """Whether a lead label's value is a sentence, not a list of names: it says "chủ trì",
        is long and has a verb, or goes on after names the registry knows with a verb and what is done ("Sở
        Tư pháp tham mưu UBND tỉnh ban hành …")."""
        if _LEAD.search(lead):
            return True
        verb = first_verb(lead)
        if verb is None:
            return False  # names, however many
        if len(lead.split()) > MAX_LABEL_WORDS or not self.reader.opens_name(lead):
            return True  # long, or what is done and no name ("Hằng năm tổ chức kiểm tra …")
        if len(lead[verb.end():].split()) < 2:
            return False
        subject = lead[:verb.start()].strip(" ,;")
        return bool(subject) and all(name.agency for name in self.reader.split(subject))

    def _parties(self, node: _Node, entry: dict, path: tuple) -> None:
        lead, cooperating, source = self._phrases(node)
        flag = self.review.at(path)
        if source in ("label sentence", "label guess"):
            # who leads is read from the sentence; its words stay in the body, as the source has
            # them, and the lead is names only
            line = node.written.get("lead") or node.labels["lead"]
            node.kept.append(line)
            label = line.split(":", 1)[0].strip()
            if lead:
                unsaid = " (câu không dùng từ “chủ trì”)" if source == "label guess" else ""
                self.review.flag((*path, "lead"), f"nhãn “{label}” ghi cả một câu: cơ quan chủ "
                                 f"trì lấy từ đầu câu{unsaid}; câu giữ nguyên văn trong body")
            else:
                self.review.flag(path, f"nhãn “{label}” ghi cả một câu, đầu câu không phải tên "
                                 "cơ quan: chưa ghi cơ quan chủ trì (“lead”); câu giữ nguyên văn "
                                 "trong body, ghi “lead” theo câu ấy")
        if lead:
            written = lead if source == "label" else None
            if source == "class":
                written = ((node.parent.title if node.child and node.parent else node.title)
                           or "").rstrip()
            self._add(entry, "lead", self.reader.split(lead), flag, written)
            if source == "guess":
                self.review.flag((*path, "lead"), "nguồn không dùng từ “chủ trì”: cơ quan chủ trì "
                                 "đoán từ đầu câu")
            elif source == "title":
                self.review.flag((*path, "lead"), "cơ quan thực hiện lấy từ tiêu đề mục")
            elif source == "class":
                self.review.flag((*path, "lead"), "tiêu đề mục chỉ một nhóm cơ quan theo việc họ "
                                 f"làm (“{entry.get('lead_text')}”), không phải một cơ quan: "
                                 "“lead” ghi tên nhóm; thay bằng các cơ quan cụ thể nếu biết")
            elif source == "listed":
                self.review.flag((*path, "lead"), "lấy từ các dòng sau “Cơ quan thực hiện:” (giữ "
                                 "nguyên văn trong body)")
        if cooperating:
            names = self.reader.split(cooperating)
            if source != "label" and _is_trailing_words(names):
                flag(("cooperating",), f"bỏ phần cuối câu “{names.pop().text}”")
            self._add(entry, "cooperating", names, flag, cooperating if source == "label" else None)
        leads = {self.reader.identity(text) for text in entry.get("lead", [])}
        for paragraph in node.body:
            named = [n for n in self.reader.named_as_cooperating(paragraph)
                     if n.identity not in leads]
            self.reader.add(entry, "cooperating", named, flag,
                            why="lấy từ nội dung (“… phối hợp …”)")

    def _phrases(self, node: _Node) -> tuple[str | None, str | None, str]:
        """The lead and cooperating phrases of a node, and where they come from."""
        if "lead" in node.labels or "cooperating" in node.labels:
            cooperating = node.labels.get("cooperating")
            if cooperating:
                cooperating = self._listed_names(cooperating)
            lead = node.labels.get("lead")
            if lead and self._is_sentence(lead):
                # a sentence, not a list: "Sở X chủ trì, phối hợp với Y tham mưu …"
                parties = subject_parties(lead, self.reader.opens_name)
                if parties is not None:
                    return (parties[0], parties[1] or cooperating,
                            "label sentence" if parties[2] else "label guess")
                return None, cooperating, "label sentence"
            return lead, cooperating, "label"
        if node.listed:
            return self._listed_phrases(node.listed)
        if self.duties:
            return self._duty_phrases(node)
        if node.acting:
            parties = subject_parties(node.assignment or "", self.reader.opens_name)
            if parties is not None:
                return parties[0], parties[1], "sentence" if parties[2] else "guess"
        if node.assignment:
            lead, cooperating, guessed = assignment_parties(node.assignment)
            if not guessed and not self.reader.opens_name(lead):
                by = _BY.search(lead)  # "… do cơ quan nhà nước chủ trì thực hiện"
                if by is None or not self.reader.opens_name(by["name"]):
                    return None, None, "none"
                lead = by["name"]
            if guessed and not self._names_only(lead):
                # no "chủ trì": the subject of the sentence, if it names a body
                parties = subject_parties(node.assignment, self.reader.opens_name)
                if parties is None:
                    return None, None, "none"  # a lettered task, not an agency's assignment
                lead, cooperating = parties[0], parties[1] or cooperating
            return lead, cooperating, "guess" if guessed else "sentence"
        for sentence in (node.title, node.body[0] if len(node.body) == 1 else None):
            parties = subject_parties(sentence, self.reader.opens_name) if sentence and \
                _LEAD.search(sentence) else None
            if parties is not None and parties[2]:  # "1. Sở Y tế chủ trì, phối hợp với … tổ chức …"
                return parties[0], parties[1], "sentence"
        labelled = _TOPIC_LABEL.match(node.title or "")
        if labelled and not self.reader.opens_name(labelled["topic"]):
            # "2. Khen thưởng cấp Nhà nước: Sở Nội vụ phối hợp với … báo cáo …"
            parties = subject_parties(labelled["sentence"], self.reader.opens_name)
            if parties is not None:
                return parties[0], parties[1], "sentence" if parties[2] else "guess"
        return None, None, "none"

    def _listed_names(self, value: str) -> str:
        """A label's list of names, up to the words that go on as a sentence ("Sở Y tế hướng dẫn
        …"); a name holding such words ("Ban Chỉ đạo thực hiện các Chương trình …") or a group
        ("các cơ quan được giao thực hiện nhiệm vụ") does not end the list when more names
        follow it ("…; Ủy ban nhân dân các xã, phường")."""
        start = 0
        for cut in _NAMES_CUT.finditer(value):
            rest = value[cut.end():]
            if self.reader.opens_name(rest) and not TOPIC.match(rest):
                start = cut.end()
        end = _PHRASE_END.search(value, start)
        return value[:end.start()] if end else value

    def _listed_phrases(self, listed: list[str]) -> tuple[str | None, str | None, str]:
        """The leads and cooperating of the lines under an empty "Cơ quan thực hiện:", each
        opening with the body that acts ("+ Sở Y tế chủ trì, phối hợp với …")."""
        leads, cooperating = [], []
        for line in listed:
            parties = subject_parties(line, self.reader.opens_name)
            if parties is not None:
                leads.append(parties[0])
                cooperating += [parties[1]] if parties[1] else []
        if not leads:
            return None, None, "none"
        return "; ".join(leads), "; ".join(cooperating) or None, "listed"

    def _names_heading(self, node: _Node, title: str) -> bool:
        """Whether a duty heading with parts below it is who does them: short, opening like a
        name, no "chủ trì", not a sentence ("5. Các chủ đầu tư xây dựng và kinh doanh hạ tầng")."""
        heading = node.parent if node.child else node
        has_parts = heading is not None and any(n.parent is heading and n.child for n in self._nodes)
        return has_parts and len(title.split()) <= MAX_HEADING_NAME_WORDS and \
            self.reader.opens_name(title) and not _LEAD.search(title) and \
            not title.endswith((":", ".")) and (heading is None or not heading.body)

    def _cooperating_of_own(self, lead: str, own: str) -> str | None:
        """Who cooperates in a part that opens "Chủ trì, phối hợp với X …" under a heading that
        names its lead: read as the sentence "<lead> chủ trì, phối hợp với X …"."""
        if not fold(own).startswith("chu tri"):
            return None
        parties = subject_parties(f"{lead} {own[:1].lower()}{own[1:]}", self.reader.opens_name)
        return parties[1] if parties is not None else None

    def _another_body(self, subject: str, heading: str) -> bool:
        """Whether the subject opening a part names bodies, and not those of its heading: "a)
        Các doanh nghiệp viễn thông, doanh nghiệp bưu chính ưu tiên …" under "19. Các doanh
        nghiệp công nghệ số" (not "Ủy ban nhân dân các xã, phường …" under "Ủy ban nhân dân xã,
        phường", nor "Sở Văn hóa và Thể thao cơ quan thường trực …" under "Sở Văn hóa và Thể thao";
        nor a subject after a lead-in, "Trên cơ sở đề xuất của …, Sở X tổng hợp …")."""
        if not self.reader.is_name(subject):
            return False
        return not _plain_name(subject).startswith(_plain_name(heading)) and \
            self.reader.identity(subject) != self.reader.identity(heading)

    def _names_only(self, phrase: str) -> bool:
        """Whether `phrase` is names and nothing else: it opens like one, and either has no verb
        or is made of names the registry knows."""
        if not self.reader.opens_name(phrase):
            return False
        return not has_verb(phrase) or all(name.agency for name in self.reader.split(phrase))

    def _duty_phrases(self, node: _Node) -> tuple[str | None, str | None, str]:
        """A duty's lead: its own sentence's subject ("Sở X chủ trì, phối hợp …", "Giao Sở Y
        theo dõi …"), else its heading when that is a name alone ("2. Sở Tài chính")."""
        title = (node.parent.title if node.child and node.parent else node.title) or ""
        title = re.sub(r"^Đề nghị\s*:?\s*", "", title).rstrip(" :.")
        heading_is_name = (self.reader.is_name(title) or self._names_heading(node, title)) and \
            not TOPIC.match(title)
        if not node.child and heading_is_name:  # "2. Sở Tài chính", its duty below
            own = node.body[0] if node.body else ""  # "Chủ trì, phối hợp với X …": X cooperates
            return title, self._cooperating_of_own(title, own), "title"
        own = (node.assignment or (node.body[0] if node.body else "")) if node.child else title
        parties = subject_parties(own, self.reader.opens_name)
        if parties is None and not node.child and node.body:
            parties = subject_parties(node.body[0], self.reader.opens_name)
        if parties is not None and not node.child and own == title and \
                _names_a_class(node.title or "", parties[0]):
            return parties[0], None, "class"  # the heading of a group of duties, by role
        if parties is not None and (parties[2] or not heading_is_name or (
                node.child and own.startswith(parties[0]) and self._another_body(parties[0], title))):
            return parties[0], parties[1], "sentence" if parties[2] else "guess"
        if heading_is_name:  # a part of "2. Sở Tài chính": unless it says who else leads it
            return title, self._cooperating_of_own(title, own), "title"
        parent = subject_parties(title, self.reader.opens_name) if node.child else None
        if parent is not None and node.parent and _names_a_class(node.parent.title or "", parent[0]):
            return parent[0], None, "class"  # "2. Các Sở, ngành chủ trì, quản lý các dự án …"
        if parent is not None:  # "1. Sở X chỉ đạo … thực hiện các nội dung sau:" then dashes
            return parent[0], None, "title"
        return None, None, "none"

    def _add(self, entry: dict, key: str, names: list[Name], flag: Flagger,
             written: str | None) -> None:
        """Add names to entry[key]; keep the phrase as written where the list does not show it."""
        self.reader.add(entry, key, names, flag)
        if key in entry and written is not None and ", ".join(n.written for n in names) != written:
            entry[f"{key}_text"] = written

    def _deadline(self, node: _Node, entry: dict, path: tuple) -> None:
        phrase = node.labels.get("deadline")
        if phrase is not None and deadlines.parse_phrase(phrase) is not None:
            entry["deadline"] = phrase
            return
        if phrase:
            entry["time_text"] = phrase
            entry["no_deadline"] = "Nguồn ghi thời gian hncc không đọc được (time_text)."
            self.review.flag((*path, "time_text"), "hncc không đọc được thời hạn này: giữ nguyên "
                             "văn; ghi “deadline: {text: …, due: …}” nếu có hạn cụ thể")
            return
        # its one paragraph, or a lettered part's own sentence ("e) Hằng năm, tổ chức kiểm tra …")
        texts = node.body or ([node.assignment] if node.child and node.assignment else [])
        leading = leading_time_phrase(texts[0]) if len(texts) == 1 else None
        if leading:
            entry["deadline"] = leading
            self.review.flag((*path, "deadline"), "thời hạn lấy từ đầu đoạn nội dung")
            return
        entry["no_deadline"] = NO_TIME
        own = node.title or node.assignment  # "1. Sở Y tế … trước ngày …", "a) …; hoàn thành …"
        texts = node.body or ([own] if own else [])
        found = [p for p in map(time_phrase, texts) if p]
        if found:
            listed = "; ".join(f"“{p}”" for p in dict.fromkeys(found))
            self.review.flag((*path, "no_deadline"), f"nội dung có cụm thời gian {listed}: thêm "
                             "“deadline” nếu đó là thời hạn của cả mục")

    def _budget(self, phrase: str, entry: dict, path: tuple, unit: str | None = None) -> None:
        in_unit = amount_in_unit(phrase, unit)
        if in_unit is not None:  # "Kinh phí (triệu đồng): 1.500"
            entry["budget"] = in_unit
            self.review.flag((*path, "budget"), f"số tiền tính theo đơn vị ghi ở nhãn (“{unit}”), "
                             "ra tỷ đồng")
        elif money.parse_phrase(phrase) is not None:
            entry["budget"] = phrase
        elif names_funding(phrase) and "funding_source" not in entry:
            entry["funding_source"] = phrase  # "Kinh phí: Từ nguồn chi thường xuyên …"
            self.review.flag((*path, "funding_source"), "mục “Kinh phí” không ghi số tiền: ghi là "
                             "nguồn kinh phí")
        else:
            entry["note"] = f"Nguồn ghi kinh phí: “{phrase}”."
            self.review.flag((*path, "note"), "hncc không đọc được kinh phí này")

