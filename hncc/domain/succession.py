"""Who answers for an agency's tasks on a date: successions of agencies, with their sources.

A succession record (agencies.yaml, `successions:`) says that from a date the duties of its
predecessors passed to its successors, how (KIND_LABELS) and by which act, as reported where
(Source). `Successions.responsible(lead, day)` follows the records that hold on `day` from the
lead written in a plan to whoever answers for its tasks now, and says why. The records are plain
data (the registry's cache keeps them); nothing here reads files or knows about plans.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

MERGED_INTO, MERGED_TO_FORM, SPLIT_AMONG, ABOLISHED = (
    "merged_into", "merged_to_form", "split_among", "abolished")
SUCCEEDED_BY = "succeeded_by"  # the short form under an agency, which names no kind
# How the duties passed, as a verb phrase after the predecessor's name.
KIND_LABELS = {
    SUCCEEDED_BY: "chuyển nhiệm vụ cho",
    MERGED_INTO: "sáp nhập vào",
    MERGED_TO_FORM: "hợp nhất (cùng cơ quan khác) thành",
    SPLIT_AMONG: "chia tách cho",
    ABOLISHED: "chấm dứt hoạt động",
}
NOT_SETTLED = "chưa phân công lại"


def official_date(day: dt.date) -> str:
    """A date as Vietnamese documents write it (Decree 30/2020): 01/3/2025, 25/02/2025."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


@dataclass(frozen=True, slots=True)
class PressReport:
    """A newspaper's report of the act, and its date (None: not known)."""

    name: str
    date: dt.date | None = None

    def text(self) -> str:
        return f"{self.name} {official_date(self.date)}" if self.date else self.name


@dataclass(frozen=True, slots=True)
class Source:
    """Where a succession is stated: the act (as its reports name it) and the press reports."""

    act: str | None = None
    date: dt.date | None = None  # the day the act was passed or signed
    press: tuple[PressReport, ...] = ()

    @property
    def given(self) -> bool:
        """Whether it names anything at all: an act or a report."""
        return bool(self.act or self.press)

    def text(self) -> str:
        """"Nghị quyết … ngày 25/02/2025; báo Người Lao Động 25/02/2025, Thanh Niên 25/02/2025"."""
        parts = []
        if self.act:
            parts.append(f"{self.act} ngày {official_date(self.date)}" if self.date else self.act)
        if self.press:
            parts.append("báo " + ", ".join(report.text() for report in self.press))
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class Succession:
    """From `from_` on, the duties of `predecessors` are with `successors` (ids of the registry).

    `others` names predecessors that are not in the registry (no plan names them), as written;
    `from_` is None when the date is not known: such a record is shown, never applied to tasks.
    An abolition has no successor; `note` then says where the duties went, in words.
    """

    kind: str
    predecessors: tuple[str, ...]
    successors: tuple[str, ...]
    from_: dt.date | None = field(metadata={"json_name": "from"})
    source: Source
    others: tuple[str, ...] = ()
    note: str | None = None

    @property
    def settled(self) -> bool:
        """Whether one agency answers for the predecessors' tasks (not an abolition or split)."""
        return self.kind in (MERGED_INTO, MERGED_TO_FORM, SUCCEEDED_BY) and len(self.successors) == 1

    def holds_on(self, day: dt.date) -> bool:
        return self.from_ is not None and self.from_ <= day


@dataclass(frozen=True)
class Responsibility:
    """Who answers on `on` for the tasks a plan gives to `lead`, and the successions that say so.

    `current` is empty when no one does (an abolition with no successor); `settled` is False when
    a step gave the duties to no one or to several agencies without saying which: the tasks must
    be reassigned. Without a succession, `current` is just the lead.
    """

    lead: str
    on: dt.date
    current: tuple[str, ...]
    chain: tuple[Succession, ...] = ()
    settled: bool = True

    @property
    def changed(self) -> bool:
        return bool(self.chain)


Names = Callable[[str], str]


class Successions:
    """The succession records of a registry, found by predecessor and by successor."""

    def __init__(self, records: Iterable[Succession]) -> None:
        self.records = tuple(records)
        self._by_predecessor: dict[str, list[Succession]] = {}
        for record in self.records:
            for agency_id in record.predecessors:
                self._by_predecessor.setdefault(agency_id, []).append(record)
        for found in self._by_predecessor.values():
            found.sort(key=lambda r: r.from_ or dt.date.max)
        self._memo: dict[tuple[str, dt.date], Responsibility] = {}

    def __bool__(self) -> bool:
        return bool(self.records)

    def of(self, agency_id: str) -> list[Succession]:
        """The records in which `agency_id` is a predecessor, earliest first (undated last)."""
        return self._by_predecessor.get(agency_id, [])

    def into(self, agency_id: str) -> list[Succession]:
        """The records in which `agency_id` is a successor."""
        return [r for r in self.records if agency_id in r.successors]

    def step(self, agency_id: str, day: dt.date) -> Succession | None:
        """The record that ended `agency_id`'s own responsibility by `day` (the earliest), if any."""
        return next((r for r in self.of(agency_id) if r.holds_on(day)), None)

    def responsible(self, lead: str, day: dt.date) -> Responsibility:
        """Who answers for `lead`'s tasks on `day`, following every record that holds by then."""
        key = (lead, day)
        if key not in self._memo:
            self._memo[key] = self._follow(lead, day)
        return self._memo[key]

    def _follow(self, lead: str, day: dt.date) -> Responsibility:
        current: list[str] = []
        chain: list[Succession] = []
        settled = True
        frontier, seen = [lead], {lead}
        while frontier:
            agency_id = frontier.pop(0)
            record = self.step(agency_id, day)
            if record is None:
                current.append(agency_id)
                continue
            if record not in chain:
                chain.append(record)
            settled = settled and record.settled
            for successor in record.successors:
                if successor not in seen:  # a cycle is reported by `hncc check`; never loop
                    seen.add(successor)
                    frontier.append(successor)
        return Responsibility(lead, day, tuple(current), tuple(chain), settled)

    def inherited(self, agency_id: str, day: dt.date) -> set[str]:
        """The agencies whose tasks `agency_id` answers for on `day`, besides its own."""
        return {lead for lead in self._by_predecessor if lead != agency_id
                and agency_id in self.responsible(lead, day).current}

    def cycles(self) -> list[tuple[str, ...]]:
        """Each cycle of predecessor-to-successor links (whatever their dates), once."""
        links = {a: {s for r in rs for s in r.successors} for a, rs in self._by_predecessor.items()}
        found: list[tuple[str, ...]] = []
        done: set[str] = set()

        def visit(node: str, path: list[str]) -> None:
            if node in path:
                cycle = path[path.index(node):]
                start = cycle.index(min(cycle))
                ordered = tuple(cycle[start:] + cycle[:start])
                if ordered not in found:
                    found.append(ordered)
                return
            if node in done:
                return
            for successor in sorted(links.get(node, ())):
                visit(successor, [*path, node])
            done.add(node)

        for node in sorted(links):
            visit(node, [])
        return found


def now_text(responsibility: Responsibility, name: Names) -> str:
    """The lead and who answers now: "Sở Ngoại vụ, nay là Văn phòng … từ 01/3/2025"."""
    text = name(responsibility.lead)
    for record in responsibility.chain:
        day = official_date(record.from_) if record.from_ else "?"
        if record.kind == ABOLISHED:
            text += f", {KIND_LABELS[ABOLISHED]} từ {day}"
        elif record.kind == SPLIT_AMONG:
            text += f", {KIND_LABELS[SPLIT_AMONG]} {', '.join(map(name, record.successors))} từ {day}"
        else:
            text += f", nay là {', '.join(map(name, record.successors))} từ {day}"
        if record.note:
            text += f" ({record.note})"
    if not responsibility.settled and NOT_SETTLED not in text:
        text += f" ({NOT_SETTLED})"
    return text


def how(record: Succession) -> str:
    """How the duties passed, as a verb phrase: KIND_LABELS, except for a new body formed from
    bodies all named ("hợp nhất thành") or from one body alone ("tổ chức lại thành": nothing says
    another body joined it)."""
    if record.kind == MERGED_TO_FORM and (record.others or len(record.predecessors) > 1):
        return "hợp nhất thành"  # every body merged is named: no "(cùng cơ quan khác)"
    if record.kind == MERGED_TO_FORM:
        return "tổ chức lại thành"
    return KIND_LABELS[record.kind]


def record_text(record: Succession, name: Names) -> str:
    """One record in words: who, how, to whom, from when, its note and its source."""
    day = official_date(record.from_) if record.from_ else "chưa rõ ngày"
    who = ", ".join(map(name, record.predecessors))
    if record.others:
        who += " (cùng " + ", ".join(record.others) + ")"
    text = f"{who} {how(record)}"
    if record.successors:
        text += " " + ", ".join(map(name, record.successors))
    text += f" từ {day}"
    if record.note:
        text += f" ({record.note})"
    if record.source.given:
        text += f" [nguồn: {record.source.text()}]"
    return text


def reason_text(responsibility: Responsibility, name: Names) -> str:
    """Why: each step with its kind, date, note and source, in Vietnamese."""
    return "; ".join(record_text(record, name) for record in responsibility.chain)
