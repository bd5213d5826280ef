"""The registry of agencies: resolving names written in plans and typed by users.

The registry holds plain records (Agency, Succession below), copied from the validated model of
agencies.yaml (hncc.data.model): the cache keeps them as they are, so a warm run never needs Pydantic.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from hncc.domain.text import fold, key, sort_key

# The kinds of agency in the registry (`kind:`), as users read them.
AGENCY_KIND_LABELS = {
    "city_government": "UBND Thành phố",
    "city_department": "Sở, ngành",
    "city_unit": "Đơn vị thuộc Thành phố",
    "district_committee": "UBND quận, huyện, thị xã",
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
class Succession:
    """This agency's duties passed to `successor` from a date, by the act named in `source`."""

    successor: str
    from_: dt.date = field(metadata={"json_name": "from"})
    source: str


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

    @property
    def names(self) -> list[str]:
        """Every way to write this agency: id, official name, short names, aliases."""
        return [self.id, self.name, *self.short, *self.aliases]

    @classmethod
    def from_model(cls, model: Any) -> Agency:
        """The record of a validated hncc.data.model.Agency."""
        return cls(model.id, model.name, tuple(model.short), tuple(model.aliases), model.kind,
                   tuple(Succession(s.successor, s.from_, s.source) for s in model.succession),
                   model.note)


@dataclass(frozen=True)
class AgencyMatch:
    """What a user's text matched: one agency, or the candidates when ambiguous or unknown."""

    text: str
    agency: Agency | None
    candidates: list[Agency] = field(default_factory=list)

    @property
    def ambiguous(self) -> bool:
        return self.agency is None and len(self.candidates) > 1


class Registry:
    """Agencies by id, with every way of writing each one."""

    def __init__(self, agencies: Iterable[Agency]) -> None:
        self.by_id: dict[str, Agency] = {}
        self.all_in_file_order = list(agencies)  # duplicates of an id included, for checks
        self._exact: dict[str, set[str]] = defaultdict(set)
        self._loose: dict[str, set[str]] = defaultdict(set)
        self._resolved: dict[str, Agency | None] = {}
        for agency in agencies:
            self.by_id.setdefault(agency.id, agency)
            for name in agency.names:
                self._exact[key(name)].add(agency.id)
                self._loose[fold(name)].add(agency.id)

    def __iter__(self) -> Iterator[Agency]:
        return iter(sorted(self.by_id.values(), key=lambda a: sort_key(a.name)))

    def __len__(self) -> int:
        return len(self.by_id)

    def collisions(self) -> dict[str, set[str]]:
        """Names (case-insensitively) claimed by more than one agency."""
        return {name: ids for name, ids in self._exact.items() if len(ids) > 1}

    def resolve(self, ref: str) -> Agency | None:
        """The agency a plan file means by `ref`: id, name, short name or alias, ignoring case."""
        try:
            return self._resolved[ref]
        except KeyError:
            ids = self._exact.get(key(ref))
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

        By words: every word typed is a whole word of a name ("ngoai vu" finds Sở Ngoại vụ);
        failing that, the beginning of one ("so ngoai" finds it too). Ambiguous or unknown text
        gives the candidates instead.
        """
        exact = self.resolve(text)
        if exact:
            return AgencyMatch(text, exact)
        folded = fold(text)
        found = self._loose.get(folded, set())
        words = folded.split()
        for fits in (_whole_words, _word_prefixes):
            if found or not words:
                break
            found = {i for name, ids in self._loose.items() if fits(words, name.split()) for i in ids}
        agencies = sorted((self.by_id[i] for i in found), key=lambda a: sort_key(a.name))
        if len(agencies) == 1:
            return AgencyMatch(text, agencies[0])
        return AgencyMatch(text, None, agencies or self.suggest(text))

    def predecessors(self, agency_id: str, as_of: dt.date) -> set[str]:
        """Agencies whose duties `agency_id` had inherited by `as_of`, transitively."""
        inherited: set[str] = set()
        frontier = {agency_id}
        while frontier:
            current = frontier.pop()
            for agency in self.by_id.values():
                if agency.id in inherited or agency.id == agency_id:
                    continue
                if any(s.successor == current and s.from_ <= as_of for s in agency.succession):
                    inherited.add(agency.id)
                    frontier.add(agency.id)
        return inherited


def _whole_words(typed: list[str], name: list[str]) -> bool:
    return all(word in name for word in typed)


def _word_prefixes(typed: list[str], name: list[str]) -> bool:
    return all(any(part.startswith(word) for part in name) for word in typed)
