"""Agency names in an imported text: split a written phrase into registry names.

A phrase such as "Ban Tuyên giáo Thành ủy, Văn phòng UBND Thành phố, Sở Ngoại vụ, và các đơn vị
liên quan" or "Sở Ngoại Vụ Sở Văn hóa và Thể thao" (no comma) is cut at word boundaries so that
as many words as possible belong to names the registry knows, with as few names as possible.
Words that belong to no known name stay together, verbatim, for a person to review.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from hncc.domain.agencies import Agency, Registry
from hncc.domain.text import fold
from hncc.importer.sentences import has_verb

Flagger = Callable[[tuple, str], None]
MAX_NAME_WORDS = 24
MAX_LIST_WORDS = 40  # "Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố, Hội Liên hiệp Phụ nữ …, các …"
_EDGE_PUNCTUATION = ",;:. "
_JOINERS = ("và ", "với ")
_COOPERATION = re.compile(r"phối hợp(?:\s+với)?\s+", re.IGNORECASE)
_COOPERATES = re.compile(r"\s+(?:là cơ quan\s+)?phối hợp\b", re.IGNORECASE)
# Words that open the name of a body: where a list of names not in the registry is cut. Those of
# the second list open a name only before a capitalised word ("Sở Tư pháp", not "Ban hành").
AGENCY_WORDS = (
    "UBND", "Ủy ban nhân dân", "Uỷ ban nhân dân", "Ủy ban Mặt trận", "Công an", "Văn phòng",
    "Trung tâm", "Đài", "Báo và", "Liên đoàn", "Tỉnh đoàn", "Thành đoàn", "Chi cục", "Bảo hiểm",
    "Ngân hàng", "Kho bạc", "Mặt trận", "Bộ Chỉ huy", "Bộ CHQS", "Bệnh viện", "Hội đồng", "Tòa án",
    "Viện kiểm sát", "Các", "các", "Cơ quan", "cơ quan", "Đơn vị", "đơn vị", "Tổng công ty",
    "Công ty", "Đảng ủy", "Tỉnh ủy", "Thành ủy", "Hiệp hội", "Liên minh", "Ban Quản lý",
    "Ban Chỉ huy", "Ban Chỉ đạo", "Chủ tịch", "Thường trực", "Người đứng đầu", "Thủ trưởng",
    "Giám đốc", "Sở, ban, ngành", "Sở, ngành", "sở, ban, ngành", "sở, ngành", "Hội, hiệp hội",
    "Hội, Hiệp hội",
)
CAPITALISED_AGENCY_WORDS = ("Sở", "Ban", "Bộ", "Ủy ban", "Uỷ ban", "Báo", "Hội", "Đoàn", "Cục",
                            "Viện", "Trường", "Quỹ", "Thuế")


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


# Kinds of a body of one city or province: the same name elsewhere is another body.
LOCAL_KINDS = frozenset(("city_government", "city_department", "city_unit", "district_committee",
                         "commune_committee", "party_mass_org", "press"))
_NAME_START = re.compile(rf"^(?:(?:{_alternatives(AGENCY_WORDS)})\b"
                         rf"|(?:{_alternatives(CAPITALISED_AGENCY_WORDS)})\s+[A-ZĐÀ-Ỹ])")
_LIST_CUT = re.compile(r"\s*;\s*|,\s+(?=\S)|\s+và\s+(?=\S)")
# "Ủy ban nhân dân phường, xã, đặc khu", "UBND các huyện, thị xã và thành phố", "UBND cấp huyện,
# cấp xã": the committees of several kinds of local unit, one group. Its commas and "và" join
# kinds of unit, not names: it is never cut, nor read as a shorter name and some words after it.
# ("thành phố" in lower case only: "UBND Thành phố, …" is the city's committee, then a list. Before
# a colon the units are named next, "UBND các quận, huyện: Hoàng Mai, …": kept as the source has it.)
_UNIT_KIND = r"(?:cấp\s+)?(?:thị trấn|thị xã|đặc khu|phường|quận|huyện|xã|(?-i:thành phố))\b"
_UNITS_COMMITTEE = re.compile(rf"(?<!\S)(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)(?:\s+các)?\s+"
                              rf"{_UNIT_KIND}(?:(?:\s*,\s*|\s+và\s+){_UNIT_KIND})++(?!\s*:)", re.I)
_BRACKETED = re.compile(r"^\([^()]*\)$")  # words wholly in brackets
# Who heads a body, written before its name ("Chủ tịch UBND tỉnh", "Giám đốc Sở Y tế"): the task
# is that body's, the source's words kept as written
_HEADS = frozenset(("chu tich", "pho chu tich", "giam doc", "pho giam doc", "thu truong",
                    "nguoi dung dau"))


@dataclass(frozen=True)
class Name:
    """One name found in a phrase: the text to write and the agency it resolves to, if any."""

    text: str
    agency: Agency | None
    written: str          # as the source writes it (differs from `text` in accents, or by the
    #                       head of the body before its name: "Giám đốc Sở Y tế")
    label: bool = False   # an unknown lead-in such as "các báo:" before a list of names
    aside: bool = False   # words in brackets after a name: "Sở Nội vụ (Cơ quan thường trực …)"

    @property
    def identity(self) -> str:
        return self.agency.id if self.agency else self.text


def words_of(phrase: str) -> list[str]:
    """The words of a phrase, a group of committees of several kinds of unit as one word."""
    words: list[str] = []
    last = 0
    for found in _UNITS_COMMITTEE.finditer(phrase):
        words += [*phrase[last:found.start()].split(), " ".join(found.group(0).split())]
        last = found.end()
    return words + phrase[last:].split()


def _is_units_committee(word: str) -> bool:
    return _UNITS_COMMITTEE.fullmatch(word) is not None


def _clean(text: str) -> str:
    """A name candidate without the separators around it ("và các đơn vị," -> "các đơn vị")."""
    text = text.strip(_EDGE_PUNCTUATION)
    changed = True
    while changed:
        changed = False
        for joiner in _JOINERS:
            if text.casefold().startswith(joiner):
                text, changed = text[len(joiner):].strip(_EDGE_PUNCTUATION), True
    return text


class AgencyReader:
    """Resolves names through the registry: exactly (ignoring case), then ignoring accents."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.unknown: dict[str, None] = {}   # names not in the registry, as written, in order
        # the issuer as written when the registry does not know it: a plan of another province,
        # whose "Sở Tư pháp" may be its own department, not the registry's one of that name
        self.foreign_issuer: str | None = None
        self._folded: dict[str, set[str]] = defaultdict(set)
        for agency in registry.by_id.values():
            for name in agency.names:
                self._folded[fold(name)].add(agency.id)

    def lookup(self, text: str) -> Agency | None:
        found = self.registry.resolve(text)
        if found is not None:
            return found
        ids = self._folded.get(fold(text), set())
        return self.registry.by_id[next(iter(ids))] if len(ids) == 1 else None

    def identity(self, text: str) -> str:
        """The agency id `text` names, or the text itself when it names none."""
        agency = self.lookup(text)
        return agency.id if agency else text

    def name(self, written: str) -> Name:
        """`written` as one name; spelt as the registry does when only the accents differ."""
        agency = self.lookup(written)
        exact = agency is not None and self.registry.resolve(written) is not None
        text = written if agency is None or exact else agency.name
        return Name(text, agency, written)

    def split(self, phrase: str) -> list[Name]:
        """The names in `phrase`, in order: known ones cut out, unknown words kept together."""
        words = words_of(phrase)
        spans = self._best_spans(words)
        names: list[Name] = []
        unknown: list[str] = []
        for start, end, agency in spans:
            if agency is None and _is_units_committee(words[start]):
                names += self._unknown(unknown, followed=True)
                names.append(Name(words[start], None, words[start]))  # one group, not known
                unknown = []
                continue
            if agency is None:
                unknown.append(words[start])
                continue
            name = self.name(_clean(" ".join(words[start:end])))
            head = _clean(" ".join(unknown))
            if fold(head) in _HEADS:  # "Giám đốc Sở Tài chính": the body its head acts for
                name = Name(name.text, name.agency, f"{head} {name.written}")
            else:
                names += self._unknown(unknown, followed=True)
            unknown = []
            names.append(name)
        names += self._unknown(unknown, followed=False)
        return _distinct([Name(name.text, None, name.written, aside=True)
                          if index and name.agency is None and _BRACKETED.match(name.text)
                          else name for index, name in enumerate(names)])

    def _unknown(self, words: list[str], followed: bool) -> list[Name]:
        raw = " ".join(words)
        text = _clean(raw)
        if not text:
            return []
        if followed and raw.rstrip().endswith(":"):
            return [Name(text, None, text, label=True)]
        return [Name(part, None, part) for part in split_unknown(text)]

    def opens_name(self, phrase: str) -> bool:
        """Whether `phrase` starts like the name of a body: a registry name or an agency word."""
        if _NAME_START.match(phrase):
            return True
        words = words_of(phrase)
        return any(self.lookup(_clean(" ".join(words[:end]))) for end in
                   range(1, min(len(words), MAX_NAME_WORDS) + 1))

    def is_name(self, phrase: str) -> bool:
        """Whether `phrase` is a list of names alone ("Sở Tài chính", "Công an tỉnh"): short (each
        name of a list no longer than a name may be), opens like a name, and with no verb in it."""
        pieces = _LIST_CUT.split(phrase)
        return bool(phrase) and len(phrase.split()) <= MAX_LIST_WORDS and \
            max(len(piece.split()) for piece in pieces) <= MAX_NAME_WORDS and \
            self.opens_name(phrase) and not has_verb(phrase)

    def unknown_names(self) -> list[str]:
        """The names added to drafts that the registry does not know, in order of appearance."""
        return list(self.unknown)

    def _best_spans(self, words: list[str]) -> list[tuple[int, int, Agency | None]]:
        """Dynamic programming from the end: fewest unknown words, then fewest names."""
        count = len(words)
        best: list[tuple[int, int, list]] = [(0, 0, [])] * (count + 1)
        for start in range(count - 1, -1, -1):
            unknown, names, spans = best[start + 1]
            choice = (unknown + 1, names, [(start, start + 1, None), *spans])
            for end in range(start + 1, min(count, start + MAX_NAME_WORDS) + 1):
                text = _clean(" ".join(words[start:end]))
                agency = self.lookup(text) if text else None
                if agency is not None:
                    unknown, names, spans = best[end]
                    candidate = (unknown, names + 1, [(start, end, agency), *spans])
                    if candidate[:2] < choice[:2]:
                        choice = candidate
            best[start] = choice
        return best[0][2]

    def named_as_cooperating(self, paragraph: str) -> list[Name]:
        """Known names a paragraph gives as cooperating: "phối hợp với X, Y …", "X phối hợp"."""
        found: list[Name] = []
        for match in _COOPERATES.finditer(paragraph):
            words = words_of(paragraph[:match.start()])
            for start in range(max(0, len(words) - MAX_NAME_WORDS), len(words)):
                text = _clean(" ".join(words[start:]))
                if text and self.lookup(text) is not None:
                    found.append(self.name(text))
                    break
        for match in _COOPERATION.finditer(paragraph):
            words = words_of(paragraph[match.end():])
            start = 0
            while start < len(words):
                end = self._longest_known(words, start)
                if end is None:
                    break
                found.append(self.name(_clean(" ".join(words[start:end]))))
                if words[end - 1].endswith((".", ";", ":")):
                    break
                start = end
        return _distinct(found)

    def add(self, entry: dict, key: str, names: list[Name], flag: Flagger,
            why: str | None = None) -> None:
        """Append names to entry[key], each agency once, flagging the unknown and the respelt.

        `flag(where, message)` records a review point at `where`, a path inside the entry.
        """
        listed = entry.setdefault(key, [])
        seen = {self.identity(text) for text in listed}
        for name in names:
            if name.label:
                flag((key,), f"bỏ cụm “{name.text}” (lời dẫn trước danh sách)")
                continue
            if name.aside:
                flag((key,), f"bỏ cụm “{name.text}” trong ngoặc sau tên: lời nói thêm về cơ quan "
                     "trước đó, không phải một cơ quan")
                continue
            if name.identity in seen:
                continue
            seen.add(name.identity)
            where = (key, len(listed))
            listed.append(name.text)
            if name.agency is None:
                self.unknown[name.text] = None
                flag(where, "chưa có trong danh mục cơ quan: thêm vào data/agencies.yaml (xem "
                     "đề xuất cuối tệp) hoặc sửa tên")
            elif name.text != name.written:
                flag(where, f"nguồn viết “{name.written}”; ghi theo tên trong danh mục")
            if name.agency is not None and self.foreign_issuer and name.agency.kind in LOCAL_KINDS:
                flag(where, f"trùng tên với “{name.agency.name}” ({name.agency.id}) đã có trong "
                     f"danh mục, nhưng kế hoạch do “{self.foreign_issuer}” ban hành: nếu đây là "
                     "cơ quan của địa phương đó, thêm nó vào danh mục với id riêng, ghi id ấy ở "
                     f"đây và giữ tên như nguồn trong “{key}_text”")
            if why:
                flag(where, why)
        if not listed:
            del entry[key]

    def _longest_known(self, words: list[str], start: int) -> int | None:
        for end in range(min(len(words), start + MAX_NAME_WORDS), start, -1):
            text = _clean(" ".join(words[start:end]))
            if text and self.lookup(text) is not None:
                return end
        return None


def split_unknown(text: str) -> list[str]:
    """Names not in the registry cut where a new name starts ("Bộ CHQS tỉnh; UBND cấp xã").

    A list is cut at ";" always, and at "," or "và" only where the next words open a body's name
    ("Sở …", "UBND …"), so that "các cơ quan, đơn vị liên quan" stays one group.
    """
    parts: list[str] = []
    last = 0
    for match in _LIST_CUT.finditer(text):
        rest = text[match.end():]
        if ";" in match.group(0) or (_NAME_START.match(rest) and not rest.startswith(
                ("đơn vị", "cơ quan"))):
            parts.append(text[last:match.start()])
            last = match.end()
    parts.append(text[last:])
    return [part for part in (_clean(p) for p in parts) if part]


def _distinct(names: list[Name]) -> list[Name]:
    """Each agency once (the first spelling); unknown names by their text."""
    seen: set[str] = set()
    kept = []
    for name in names:
        if name.identity not in seen:
            seen.add(name.identity)
            kept.append(name)
    return kept


_KIND_WORDS = (  # how a name starts (folded) and the registry kind it most likely has
    (("cac ", "nhung ", "co quan", "don vi", "dia phuong", "so, "), "group"),
    (("so ",), "city_department"),
    (("ubnd cac", "uy ban nhan dan cac", "ubnd cap xa", "uy ban nhan dan cap xa", "ubnd xa,",
      "ubnd phuong,", "uy ban nhan dan xa,", "uy ban nhan dan phuong,"), "group"),
    (("ubnd xa ", "ubnd phuong ", "uy ban nhan dan xa ", "uy ban nhan dan phuong "),
     "commune_committee"),  # one commune or ward: the local level from 01/7/2025
    (("ubnd tinh", "uy ban nhan dan tinh", "ubnd thanh pho", "uy ban nhan dan thanh pho"),
     "city_government"),  # a province's or a city's committee, the level above its departments
    (("ubnd", "uy ban nhan dan"), "district_committee"),
    (("bao ", "dai phat thanh", "dai truyen hinh"), "press"),
    (("hoi ", "lien doan", "lien hiep"), "association"),
    (("mat tran", "doan ", "tinh doan", "thanh doan", "hoi lien hiep phu nu", "ban tuyen giao",
      "ban dan van", "tinh uy", "thanh uy", "dang uy"), "party_mass_org"),
    (("bo ", "chinh phu", "thu tuong", "quoc hoi"), "central_body"),
    (("truong ", "dai hoc", "hoc vien"), "education"),
    (("cong ty", "tong cong ty", "ngan hang", "tap doan"), "enterprise"),
)


def proposed_entries(names: list[str]) -> list[dict]:
    """Registry entries a reviewer may add for names the registry does not know.

    The id is the folded name (names spelt differently with one id become aliases); the kind is
    a guess from the name's first words ("Sở …": a department), which the reviewer confirms.
    """
    entries: dict[str, dict] = {}
    for name in names:
        folded = fold(name)
        # "UBND các xã" and "Ủy ban nhân dân các xã" are one name: one id, the other an alias
        spelt = re.sub(r"\bubnd\b", "uy ban nhan dan", folded)
        ident = re.sub(r"[^a-z0-9]+", "-", spelt).strip("-")[:60].strip("-") or "co-quan"
        if ident in entries:  # the same name spelt another way: an alias of the first
            entries[ident].setdefault("aliases", []).append(name)
            continue
        kind = next((kind for starts, kind in _KIND_WORDS if folded.startswith(starts)),
                    "city_unit")
        entries[ident] = {"id": ident, "name": name, "kind": kind}
    return [{key: entry[key] for key in ("id", "name", "aliases", "kind") if key in entry}
            for entry in entries.values()]
