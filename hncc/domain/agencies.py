"""The registry of agencies: resolving names written in plans and typed by users.

The registry holds plain records (Agency below, Succession from hncc.domain.succession), copied
from the validated model of agencies.yaml (hncc.model): the cache keeps them as they are, so a warm
run never needs Pydantic. Who answers for an agency's tasks on a date: Registry.responsible.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from hncc.domain.succession import (
    SUCCEEDED_BY,
    PressReport,
    Responsibility,
    Source,
    Succession,
    Successions,
    now_text,
)
from hncc.domain.text import fold, key, sort_key, tone_key

# The kinds of agency in the registry (`kind:`), as users read them.
AGENCY_KIND_LABELS = {
    "city_government": "UBND Thành phố",
    "city_department": "Sở, ngành",
    "city_unit": "Đơn vị thuộc Thành phố",
    "district_committee": "UBND quận, huyện, thị xã",
    "commune_committee": "UBND xã, phường",
    "party_mass_org": "Tổ chức Đảng, đoàn thể",
    "association": "Hội",
    "central_body": "Cơ quan trung ương",
    "international_body": "Tổ chức quốc tế",
    "enterprise": "Doanh nghiệp",
    "press": "Báo chí",
    "education": "Cơ sở giáo dục",
    "group": "Nhóm (không tách thành cơ quan)",
}


@dataclass(frozen=True, slots=True)
class Agency:
    """One agency of the registry, as validated (hncc.data.model.Agency)."""

    id: str
    name: str
    short: tuple[str, ...]
    aliases: tuple[str, ...]
    kind: str
    succession: tuple[Succession, ...]
    note: str | None
    parent: str | None = None  # the body above it, as written (resolve through the registry)
    code: str | None = None  # its code in document numbers ("SVHTT")
    signer_title: str | None = None  # who signs its reports ("GIÁM ĐỐC")

    @property
    def names(self) -> list[str]:
        """Every way to write this agency: id, official name, short names, aliases."""
        return [self.id, self.name, *self.short, *self.aliases]

    @classmethod
    def from_model(cls, model: Any) -> Agency:
        """The record of a validated hncc.data.model.Agency."""
        return cls(model.id, model.name, tuple(model.short), tuple(model.aliases), model.kind,
                   tuple(Succession(SUCCEEDED_BY, (model.id,), (s.successor,), s.from_,
                                    Source(s.source)) for s in model.succession),
                   model.note, model.parent, model.code, model.signer_title)


def succession_from_model(model: Any) -> Succession:
    """The record of a validated hncc.model.SuccessionRecord (no source: an empty one)."""
    source = model.source
    return Succession(
        model.kind, tuple(model.predecessors), tuple(model.successors), model.from_,
        Source(source.act, source.date, tuple(PressReport(p.name, p.date) for p in source.press))
        if source else Source(),
        tuple(model.others), model.note)


class RegistryRecords(NamedTuple):
    """What agencies.yaml holds, as plain records (what the cache keeps)."""

    agencies: list[Agency]
    successions: list[Succession]


@dataclass(frozen=True)
class AgencyMatch:
    """What a user's text matched: one agency, or the candidates when ambiguous or unknown.

    `suggested`: the text matched nothing and the candidates only look like it (`suggest`).
    """

    text: str
    agency: Agency | None
    candidates: list[Agency] = field(default_factory=list)
    suggested: bool = False

    @property
    def ambiguous(self) -> bool:
        return self.agency is None and not self.suggested and len(self.candidates) > 1


class Registry:
    """Agencies by id, with every way of writing each one."""

    def __init__(self, agencies: Iterable[Agency], successions: Iterable[Succession] = ()) -> None:
        self.by_id: dict[str, Agency] = {}
        self.all_in_file_order = list(agencies)  # duplicates of an id included, for checks
        self._exact: dict[str, set[str]] = defaultdict(set)
        self._resolved: dict[str, Agency | None] = {}
        for agency in self.all_in_file_order:
            self.by_id.setdefault(agency.id, agency)
            for name in agency.names:
                self._exact[key(name)].add(agency.id)
        # Records under `successions:` first, then the short form written under an agency.
        self.successions = Successions(
            [*successions, *(s for a in self.all_in_file_order for s in a.succession)])

    # Names without accents and initialisms serve what users type (`match`, `suggest`); plans
    # name agencies as the registry writes them (`resolve`), so a query need not make these.
    def _names_by(self, key_of: Callable[[str], str]) -> dict[str, set[str]]:
        """The ids of the agencies of each name, the names compared by `key_of`."""
        found: dict[str, set[str]] = defaultdict(set)
        for agency in self.all_in_file_order:
            for name in agency.names:
                found[key_of(name)].add(agency.id)
        return found

    @cached_property
    def _loose(self) -> dict[str, set[str]]:
        return self._names_by(fold)

    @cached_property
    def _tone_placed(self) -> dict[str, set[str]]:
        """Names by `tone_key`: "Sở Văn hoá" names Sở Văn hóa (the tone placed the old way)."""
        return self._names_by(tone_key)

    @cached_property
    def _spelled_out(self) -> dict[str, set[str]]:
        """Names by `spelled_key`: "Ủy ban nhân dân cấp xã" names what "UBND cấp xã" names."""
        return self._names_by(spelled_key)

    @cached_property
    def _initials(self) -> dict[str, set[str]]:
        initials: dict[str, set[str]] = defaultdict(set)
        for agency in self.all_in_file_order:
            if agency.kind != "group":
                for form in initialisms(agency.name):
                    initials[_initials_key(form)].add(agency.id)
        return initials

    def __iter__(self) -> Iterator[Agency]:
        return iter(sorted(self.by_id.values(), key=lambda a: sort_key(a.name)))

    def __len__(self) -> int:
        return len(self.by_id)

    def collisions(self) -> dict[str, set[str]]:
        """Names (case-insensitively) claimed by more than one agency."""
        return {name: ids for name, ids in self._exact.items() if len(ids) > 1}

    def resolve(self, ref: str) -> Agency | None:
        """The agency a plan file means by `ref`: id, name, short name or alias, ignoring case and
        where a word's tone mark is placed ("hoá" or "hóa")."""
        try:
            return self._resolved[ref]
        except KeyError:
            ids = (self._exact.get(key(ref)) or self._tone_placed.get(tone_key(ref))
                   or self._spelled_out.get(spelled_key(ref)))
            found = self.by_id[next(iter(ids))] if ids and len(ids) == 1 else None
            self._resolved[ref] = found  # plans repeat the same few names thousands of times
            return found

    def suggest(self, text: str, limit: int = 3) -> list[Agency]:
        """The agencies whose names look most like `text`."""
        import difflib  # only for names that match nothing: not at every start

        folded = fold(text)
        names = list(self._loose)
        close = difflib.get_close_matches(folded, names, n=limit * 3, cutoff=0.6)
        found: list[Agency] = []
        for name in close:
            for agency_id in sorted(self._loose[name]):
                agency = self.by_id[agency_id]
                if agency not in found:
                    found.append(agency)
        return found[:limit]

    def match(self, text: str) -> AgencyMatch:
        """Match what a user typed: exactly, then without accents, then by its words.

        Then by a usual initialism ("Sở VHTT", "VHTT", "SVHTT"; see `initialisms`), one that
        names two agencies giving both as candidates.
        By words (`match_words`: punctuation and "và" aside, "TP" for "thành phố"): the words of
        a name, in any order ("UBND TP Hà Nội" is Ủy ban nhân dân thành phố Hà Nội, not also its
        Văn phòng); failing that, every word typed is a whole word of a name ("ngoai vu" finds
        Sở Ngoại vụ); failing that, the beginning of one ("so ngoai" finds it too). Ambiguous or
        unknown text gives the candidates instead.
        """
        exact = self.resolve(text)
        if exact:
            return AgencyMatch(text, exact)
        folded = fold(text)
        found = self._loose.get(folded, set()) or self._initials.get(_initials_key(text), set())
        words = match_words(folded)
        for fits in (_same_words, _whole_words, _word_prefixes):
            if found or not words:
                break
            # Names only: an id ("so-ngoai-vu") is matched as typed, never by its words, which
            # may be those of a name the agency no longer has.
            found = {i for name, ids in self._loose.items()
                     if name not in self.by_id and fits(words, match_words(name)) for i in ids}
        agencies = sorted((self.by_id[i] for i in found), key=lambda a: sort_key(a.name))
        if len(agencies) == 1:
            return AgencyMatch(text, agencies[0])
        if agencies:
            return AgencyMatch(text, None, agencies)
        return AgencyMatch(text, None, self.suggest(text), suggested=True)

    def predecessors(self, agency_id: str, as_of: dt.date) -> set[str]:
        """Agencies whose duties `agency_id` had inherited by `as_of`, transitively."""
        return self.successions.inherited(agency_id, as_of)

    def responsible(self, agency_id: str, on: dt.date) -> Responsibility:
        """Who answers on `on` for the tasks a plan gives to `agency_id` (hncc.domain.succession)."""
        return self.successions.responsible(agency_id, on)

    def display_name(self, agency_id: str) -> str:
        """The official name of a registry id (the id itself if unknown), for messages."""
        agency = self.by_id.get(agency_id)
        return agency.name if agency else agency_id


def lead_now(registry: Registry, written: Sequence[str], on: dt.date) -> str | None:
    """The lead cell of a task on `on` when a succession changed who answers for it, else None.

    Each lead by its official name, a changed one with who answers now and since when
    ("Sở Ngoại vụ, nay là Văn phòng … từ 01/3/2025"); names not in the registry as written.
    """
    if not registry.successions:
        return None
    cells: list[tuple[str | None, str]] = []  # (the agency answering as itself, the words)
    answering: set[str] = set()  # who answers through a changed lead: "nay là …" names them
    changed = False
    for name in written:
        agency = registry.resolve(name)
        found = registry.responsible(agency.id, on) if agency else None
        if agency and found and found.changed:
            changed = True
            answering.update(found.current)
            cells.append((None, now_text(found, registry.display_name)))
        else:
            cells.append((agency.id if agency else None, agency.name if agency else name))
    if not changed:
        return None
    # A co-lead that a changed lead merged into is said once, in "nay là …", not a second time.
    kept = [words for agency_id, words in cells if agency_id is None or agency_id not in answering]
    return "; ".join(kept)


# Heads of names that are written with an initialism of the rest: "Sở VHTT", "Bộ VHTTDL".
INITIALISM_HEADS = ("Sở", "Bộ")
_CONNECTIVES = {"và", "&", "-", "–"}


_DIGRAPHS = ("ngh", "ng", "nh", "ch", "th", "tr", "gh", "gi", "kh", "ph", "qu")


def initialisms(name: str) -> list[str]:
    """The usual short forms of a department's or ministry's name, derived from its words.

    "Sở Văn hóa và Thể thao" -> "Sở VHTT", "SVHTT", "VHTT": the first letter of each word
    after the head, leaving out "và" and dashes ("Sở Quy hoạch - Kiến trúc" -> "QHKT"), Đ kept
    as Đ. Where two departments' letters would be the same, offices write one word's leading
    consonant pair instead ("SNgV" for Sở Ngoại vụ beside "SNV" for Sở Nội vụ): those variants,
    one word at a time, are derived too. Other names give none.
    """
    words = re.sub(r"[,()]", " ", name).split()
    if len(words) < 3 or words[0] not in INITIALISM_HEADS:
        return []
    head, rest = words[0], [w for w in words[1:] if w.casefold() not in _CONNECTIVES]
    plain = [w[0].upper() for w in rest]
    variants = ["".join(plain)]
    for i, word in enumerate(rest):
        pair = next((d for d in _DIGRAPHS if fold(word).startswith(d)), None)
        if pair:
            variants.append("".join([*plain[:i], word[:len(pair)].capitalize(), *plain[i + 1:]]))
    return [form for letters in variants
            for form in (f"{head} {letters}", f"{head[0]}{letters}", letters)]


def _initials_key(text: str) -> str:
    """What is compared for initialisms: no accents, case, spaces, "&", dots or dashes."""
    return re.sub(r"[\s&.\-–]", "", fold(text))


# Abbreviations people type for words of names ("UBND TP Hà Nội", "VP UBND TP"), folded.
# Initialisms that official names write out, with their accents: "UBND" is "Ủy ban nhân dân"
# wherever it is written ("TP" is not: "TP" may be a name's own letters).
_SPELLED_OUT = {"ubnd": "ủy ban nhân dân", "hđnd": "hội đồng nhân dân"}


def spelled_key(text: str) -> str:
    """`tone_key` with "UBND" and "HĐND" written out: how `resolve` compares names last."""
    return tone_key(" ".join(_SPELLED_OUT.get(word, word) for word in key(text).split()))


# What users type, folded: the initialisms above, and "TP", "VP" as well.
_ABBREVIATIONS = {"tp": "thanh pho", "vp": "van phong",
                  **{fold(short): fold(long) for short, long in _SPELLED_OUT.items()}}
_PUNCTUATION = re.compile(r"[,;.()&\-–—/]+")


def match_words(folded: str) -> list[str]:
    """The words of a folded name as `match` compares them: punctuation and "và" left out (so
    "Sở Văn hóa - Thể thao" and "Sở Văn hóa, Thể thao" are Sở Văn hóa và Thể thao), and the
    usual abbreviations written out ("tp" -> "thanh pho")."""
    words = _PUNCTUATION.sub(" ", folded).split()
    return [part for word in words if word != "va"
            for part in _ABBREVIATIONS.get(word, word).split()]


def _same_words(typed: list[str], name: list[str]) -> bool:
    return set(typed) == set(name)


def _whole_words(typed: list[str], name: list[str]) -> bool:
    return all(word in name for word in typed)


def _word_prefixes(typed: list[str], name: list[str]) -> bool:
    return all(any(part.startswith(word) for part in name) for word in typed)
