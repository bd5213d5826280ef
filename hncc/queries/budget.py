"""Estimated budgets by year: what falls in a year for certain, what is apportioned, what is apart.

Amounts are Decimal tỷ đồng. An entry's budget falls in years as follows:
- "2 tỷ/năm" (per year): that amount in each year of the entry's deadline ("Hàng năm": each year
  of the plan's horizon). Firm.
- a total whose deadline spans one year: in that year. Firm.
- a total whose deadline spans several years ("Năm 2022-2023"): apportioned, evenly or by the
  data's `split`. Even shares that do not divide exactly are rounded to 0.000001 tỷ and the
  remainder goes to the last year, so shares always sum to the total.
- an amount without deadline years: "không xác định năm", listed apart, in no year.
"-" (no budget) and an empty cell (not stated) are listed apart and never count as 0.
Headings (kind "group") are left out, so a heading's total is never added to its rows'.

Not counting twice: a share of an entry that `implements` an entry of another plan is "restated"
when the implemented entry, an ancestor of it, or an appendix row summarizing either has a share
in the same year; the implemented (usually multi-year) plan's figure counts and the restated
share is listed apart with the entry it restates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields, replace
from decimal import ROUND_DOWN, Decimal
from typing import Any, Literal, NamedTuple

import orjson

from hncc.data.dataset import Dataset
from hncc.domain.text import sort_key
from hncc.queries import derived
from hncc.queries.entries import Entries
from hncc.queries.entries import of as entries_of
from hncc.queries.tasks import EVERYTHING, HIDDEN, Scope, agency_names, built
from hncc.queries.workitems import Names, Source, source_of

Basis = Literal["per_year", "single_year", "apportioned", "undated"]
BASIS_LABELS = {
    "per_year": "theo năm", "single_year": "trong năm", "apportioned": "phân bổ",
    "undated": "không xác định năm",
}
GROUPINGS = ("item", "plan", "agency", "initiative")
STEP = Decimal("0.000001")
ZERO = Decimal(0)
RULE = (
    "Cách tính: khoản ghi “/năm” tính vào từng năm của thời hạn; khoản của mục trong một năm "
    "tính vào năm đó; tổng của mục nhiều năm được phân bổ cho các năm (đều nhau, hoặc theo tỷ lệ "
    "dữ liệu ghi) và ghi là “phân bổ”; kinh phí mà kế hoạch thực hiện nhắc lại của kế hoạch gốc "
    "trong cùng năm không cộng lần nữa; mục ghi “-” và mục không ghi kinh phí liệt kê riêng, "
    "không tính là 0. Đơn vị: tỷ đồng."
)


@dataclass(frozen=True)
class Share:
    """The part of one entry's estimated budget that falls in one year (None: no year known)."""

    plan: str
    ref: str
    title: str
    lead: tuple[str, ...]
    budget_text: str | None
    year: int | None
    amount: Decimal
    basis: Basis
    restates: str | None
    lead_ids: frozenset[str] = field(metadata=HIDDEN)
    cooperating_ids: frozenset[str] = field(metadata=HIDDEN)
    group: str = field(metadata=HIDDEN)  # the initiative label, for grouping

    @property
    def firm(self) -> bool:
        return self.basis in FIRM


_SHARE_FIELDS = tuple(f.name for f in fields(Share))


@dataclass(frozen=True)
class Unbudgeted:
    """An entry whose budget is "-" (none) or an empty cell (not stated)."""

    plan: str
    ref: str
    title: str
    lead: tuple[str, ...]
    budget_text: str | None
    state: Literal["none", "not_stated"]
    years: tuple[int, ...]
    lead_ids: frozenset[str] = field(metadata=HIDDEN)
    cooperating_ids: frozenset[str] = field(metadata=HIDDEN)


@dataclass(frozen=True)
class BudgetRow:
    label: str
    firm: Decimal
    apportioned: Decimal
    total: Decimal
    items: tuple[Share, ...]


@dataclass(frozen=True)
class YearBudget:
    """`hncc budget --year`: one year's budget, grouped `by` item, plan, agency or initiative."""

    year: int
    by: str
    firm: Decimal
    apportioned: Decimal
    total: Decimal
    rows: tuple[BudgetRow, ...]
    restated: tuple[Share, ...]
    undated: tuple[Share, ...]
    no_budget: tuple[Unbudgeted, ...]
    not_stated: tuple[Unbudgeted, ...]
    rule: str = RULE
    # whether any item states an amount for the year (counted or restated): else the total is
    # no amount at all, not one of 0
    stated: bool = True


@dataclass(frozen=True)
class YearTotal:
    year: int
    firm: Decimal
    apportioned: Decimal
    total: Decimal
    # whether any item states an amount for the year: a year of a plan's period that none
    # does has no amount at all, not one of 0
    stated: bool = True


@dataclass(frozen=True)
class BudgetOverview:
    """`hncc budget` without a year: every year of every horizon in scope, and the total."""

    years: tuple[YearTotal, ...]
    firm: Decimal
    apportioned: Decimal
    total: Decimal
    undated: tuple[Share, ...]
    rule: str = RULE


def apportion(total: Decimal, years: list[int],
              split: dict[int, Decimal] | None) -> dict[int, Decimal]:
    """Share `total` over `years`: by `split` when given, else evenly, summing exactly to it."""
    if split:
        return {year: split.get(year, ZERO) for year in years}
    even = total / len(years)
    if even * len(years) != total:
        even = even.quantize(STEP, rounding=ROUND_DOWN)
    shares = dict.fromkeys(years[:-1], even)
    shares[years[-1]] = total - even * (len(years) - 1)
    return shares


def _initiative(entries: Entries, source: Source) -> str:
    """The initiative (or top-level content heading) an entry belongs to or a row summarizes."""
    labels = []
    plan = source.plan
    for ref in source.entry.links if source.entry.section == "appendix" else [source.entry.ref]:
        current = entries.get(plan.key, ref)
        while current is not None and current.entry.kind != "initiative":
            parent = entries.parent(current)
            if parent is None:
                break
            current = parent
        label = f"{plan.number} {current.entry.ref}: {current.entry.title}" if current else ""
        if label and label not in labels:
            labels.append(label)
    return "; ".join(labels) or "(không gắn với sáng kiến)"


def _entry_shares(dataset: Dataset, entries: Entries, source: Source) -> list[Share]:
    entry = source.entry
    assert entry.budget_amount is not None  # only entries with an amount
    amount = Decimal(entry.budget_amount)
    years = list(entry.years)
    amounts: dict[int | None, Decimal]
    if entry.budget_per_year and years:
        amounts, basis = dict.fromkeys(years, amount), "per_year"
    elif len(years) == 1:
        amounts, basis = {years[0]: amount}, "single_year"
    elif years:
        split = {year: Decimal(part) for year, part in entry.budget_split} or None
        shared = apportion(amount, years, split)
        amounts, basis = {year: shared[year] for year in shared}, "apportioned"
    else:
        amounts, basis = {None: amount}, "undated"
    lead, lead_ids = agency_names(dataset.registry, entry.lead)
    _, cooperating_ids = agency_names(dataset.registry, entry.cooperating)
    common: dict[str, Any] = {
        "plan": source.plan.key, "ref": entry.ref, "title": entry.title, "lead": lead,
        "budget_text": entry.budget_text, "basis": basis, "restates": None, "lead_ids": lead_ids,
        "cooperating_ids": cooperating_ids, "group": _initiative(entries, source),
    }
    return [Share(year=year, amount=amount, **common) for year, amount in amounts.items()]


def _budgeted(dataset: Dataset, where: Scope, only: frozenset[str] | None = None
              ) -> Iterator[Source]:
    """The entries (headings aside) that write a budget, whose plan and agencies `where`
    admits (and whose plan is one of `only`), in plan and file order."""
    for plan_file in dataset.plans:
        if where.plan not in (None, plan_file.key) or (only is not None
                                                       and plan_file.key not in only):
            continue  # before its index is read
        plan = plan_file.index
        for entry in plan.entries:
            if entry.budget_state is not None and (where.agency_ids is None or where.admits_owner(
                    plan.key, agency_names(dataset.registry, entry.lead)[1],
                    agency_names(dataset.registry, entry.cooperating)[1])):
                yield source_of(plan, entry)


def _carried_out(entries: Entries, source: Source) -> list[Source]:
    """The entry `source` implements, its ancestors, and appendix rows summarizing any of them."""
    target = entries.implemented(source)
    if target is None:
        return []
    chain: list[Source] = []
    current: Source | None = target
    while current is not None:
        chain.append(current)
        current = entries.parent(current)
    refs = {s.entry.ref for s in chain}
    rows = [source_of(target.plan, r) for r in target.plan.entries
            if r.section == "appendix" and refs & set(r.links)]
    return chain + rows


def shares(dataset: Dataset, where: Scope = EVERYTHING, year: int | None = None) -> list[Share]:
    """Every budget share of the entries in scope (plan and agency filters of `where`),
    restated ones marked, in plan and file order; with `year`, those of that year and those in
    no year.

    Read from the query index when there is one (hncc.queries.derived); else worked out only
    for those entries and the entries they restate."""
    kept = _derived(dataset, where, year)
    return kept[0] if kept is not None else _direct_shares_in(dataset, where, year)


def _direct_shares_in(dataset: Dataset, where: Scope, year: int | None) -> list[Share]:
    """`shares` without the index."""
    found = _direct_shares(dataset, where)
    return found if year is None else [s for s in found if s.year in (year, None)]


class Counted(NamedTuple):
    """As much of a budget share counted in a year's total as summing it by lead needs."""

    plan: str
    ref: str
    lead: tuple[str, ...]
    lead_ids: frozenset[str]
    amount: Decimal


def counted(dataset: Dataset, plan: str | None = None, year: int | None = None) -> list[Counted]:
    """The shares counted in `hncc budget`'s totals (dated, not restating another), of `plan`
    and `year` when given, in plan and file order: as much of each as summing by lead needs
    (`counted_by_lead` adds them up in the index without making a share of each)."""
    return [Counted(s.plan, s.ref, s.lead, s.lead_ids, s.amount)
            for s in shares(dataset, Scope(plan=plan), year)
            if s.restates is None and s.year is not None and year in (None, s.year)]


class LeadAmount(NamedTuple):
    """Counted shares (see `counted`) of one list of leads and one amount: how many."""

    lead: tuple[str, ...]
    lead_ids: frozenset[str]
    amount: Decimal
    times: int


def counted_by_lead(dataset: Dataset, plan: str | None = None, year: int | None = None
                    ) -> tuple[list[LeadAmount], list[Counted]]:
    """The shares `counted` gives, added up by list of leads and amount (sorted by those); and,
    one by one as `counted` gives them, those that several agencies lead. A city's shares come
    to a few groups: the index adds them up without making a row of each."""
    conditions, parameters = _counted_where(plan, year)
    rows = _fetched(dataset, f"SELECT lead, amount, count(*) FROM shares WHERE "
                    f"{' AND '.join(conditions)} GROUP BY lead, amount", parameters)
    if rows is None:
        every = counted(dataset, plan, year)
        return (_merged(LeadAmount(s.lead, s.lead_ids, s.amount, 1) for s in every),
                [s for s in every if len(s.lead_ids) > 1])
    resolved = _names_of(dataset)
    found = _merged(LeadAmount(*resolved(lead_text), Decimal(amount), n)
                    for lead_text, amount, n in rows)
    several = sorted({lead_text for lead_text, _, _ in rows if len(resolved(lead_text)[1]) > 1})
    if not several:
        return found, []
    shared = _kept(dataset, "ref, lead, amount", [
        *conditions, "lead IN (SELECT value FROM json_each(?))"],
        [*parameters, orjson.dumps(several).decode()])
    return found, [Counted(key, ref, *resolved(lead_text), Decimal(amount))
                   for key, _, ref, lead_text, amount in shared or ()]


def uncounted_leads(dataset: Dataset, plan: str | None = None, year: int | None = None
                    ) -> set[tuple[frozenset[str], str]]:
    """The lists of leads (ids) of the entries whose money no year's total counts (of `plan`,
    and of `year` or no year when given), each with why: "none" ("-"), "not_stated" (an empty
    cell) or "undated" (an amount in no known year). The index adds them up without making a
    row of each."""
    conditions, parameters = ["(state != 'amount' OR year IS NULL)"], list[Any]()
    if plan is not None:
        conditions.append("plan = ?")
        parameters.append(plan)
    rows = _fetched(dataset, f"SELECT lead, state, years FROM shares WHERE "
                    f"{' AND '.join(conditions)} GROUP BY lead, state, years", parameters)
    found: list[tuple[frozenset[str], str, tuple[int, ...]]]
    if rows is None:
        found = [(u.lead_ids, u.state, u.years) for u in unbudgeted(dataset, Scope(plan=plan))]
        found += [(s.lead_ids, "amount", ()) for s in shares(dataset, Scope(plan=plan))
                  if s.year is None]
    else:
        resolved = _names_of(dataset)
        found = [(resolved(lead)[1], state, tuple(orjson.loads(years or "[]")))
                 for lead, state, years in rows]
    return {(lead_ids, "undated" if state == "amount" else state)
            for lead_ids, state, years in found if year is None or year in years or not years}


def _merged(groups: Iterable[LeadAmount]) -> list[LeadAmount]:
    """`groups` with those of the same leads and amount made one, sorted by those."""
    times: dict[tuple[tuple[str, ...], Decimal], LeadAmount] = {}
    for group in groups:
        key = (group.lead, group.amount)
        before = times.get(key)
        times[key] = group if before is None else before._replace(
            times=before.times + group.times)
    return [times[key] for key in sorted(times)]


def _counted_where(plan: str | None, year: int | None) -> tuple[list[str], list[Any]]:
    """The conditions on the index's `shares` (and their parameters) of `counted`."""
    conditions = ["state = 'amount'", "restates IS NULL", "year IS NOT NULL"]
    parameters: list[Any] = []
    for column, value in (("plan", plan), ("year", year)):
        if value is not None:
            conditions.append(f"{column} = ?")
            parameters.append(value)
    return conditions, parameters


def _kept(dataset: Dataset, columns: str, conditions: list[str], parameters: list[Any]
          ) -> list[tuple] | None:
    """Rows (plan, seq, `columns`) of the index's `shares` that meet every condition, in plan
    and file order; None without a usable index."""
    rows = _fetched(dataset, f"SELECT plan, seq, {columns} FROM shares WHERE "
                    f"{' AND '.join(conditions)}", parameters)
    if rows is not None:
        position = {plan_file.key: i for i, plan_file in enumerate(dataset.plans)}
        rows.sort(key=lambda row: (position[row[0]], row[1]))
    return rows


def _fetched(dataset: Dataset, query: str, parameters: list[Any]) -> list[tuple] | None:
    """The rows of `query` over the index's budget rows, brought up to date first; None without
    a usable index."""
    return derived.read(dataset, "budget", derived_rows,
                        lambda db: db.execute(query, parameters).fetchall())


def _names_of(dataset: Dataset) -> Callable[[str], Names]:
    """The official names and ids of a list of agencies as the index keeps it (JSON of the names
    written), each list read once."""
    registry = dataset.registry
    names: dict[str, Names] = {}

    def resolved(written: str) -> Names:
        if written not in names:
            names[written] = agency_names(registry, tuple(orjson.loads(written)))
        return names[written]

    return resolved


def unbudgeted(dataset: Dataset, where: Scope = EVERYTHING) -> list[Unbudgeted]:
    """Entries in scope whose budget is "-" or an empty cell, in plan and file order."""
    kept = _derived(dataset, where, None, "unbudgeted")
    return kept[1] if kept is not None else _direct_unbudgeted(dataset, where)


def _direct_shares(dataset: Dataset, where: Scope, entries: Entries | None = None,
                   only: frozenset[str] | None = None) -> list[Share]:
    entries = entries or entries_of(dataset)
    by_entry: dict[int, list[Share]] = {}

    def shares_of(source: Source) -> list[Share]:
        entry = source.entry
        if id(entry) not in by_entry:  # headings and entries without an amount have none
            by_entry[id(entry)] = _entry_shares(dataset, entries, source) \
                if entry.budget_state == "amount" and entry.kind != "group" else []
        return by_entry[id(entry)]

    found = []
    for source in _budgeted(dataset, where, only):
        mine = shares_of(source)
        originals = [s for e in _carried_out(entries, source) for s in shares_of(e)
                     if s.year is not None] if mine else []
        for share in mine:
            same_year = [s for s in originals if s.year == share.year]
            found.append(replace(share, restates=f"{same_year[0].plan}:{same_year[0].ref}")
                         if same_year else share)
    return found


def _direct_unbudgeted(dataset: Dataset, where: Scope,
                       only: frozenset[str] | None = None) -> list[Unbudgeted]:
    found = []
    for source in _budgeted(dataset, where, only):
        entry = source.entry
        if entry.budget_state != "amount":
            lead, lead_ids = agency_names(dataset.registry, entry.lead)
            _, cooperating_ids = agency_names(dataset.registry, entry.cooperating)
            state: Literal["none", "not_stated"] = \
                "none" if entry.budget_state == "none" else "not_stated"
            found.append(Unbudgeted(
                source.plan.key, entry.ref, entry.title, lead, entry.budget_text, state,
                entry.years, lead_ids, cooperating_ids,
            ))
    return found


# --- kept in the query index (hncc.queries.derived) -----------------------------------------


def derived_rows(dataset: Dataset, only: frozenset[str],
                 group_of: dict[str, str]) -> dict[str, list]:
    """The shares and the entries without an amount of the plans `only`, as rows of the
    index's `shares` (see docs/index-schema.md), by group of plans; agencies as written."""
    entries = Entries(dataset)  # its own: what it holds of these plans goes with it
    found: dict[str, list] = {}

    def written(plan: str, ref: str) -> tuple[str, str]:
        source = entries.get(plan, ref)
        assert source is not None  # a share is made from an entry of the plan
        return orjson.dumps(source.entry.lead).decode(), \
            orjson.dumps(source.entry.cooperating).decode()

    for share in _direct_shares(dataset, EVERYTHING, entries, only):  # in plan and file order
        rows = found.setdefault(group_of[share.plan], [])
        rows.append((len(rows), share.plan, share.ref, share.title,
                     *written(share.plan, share.ref), share.budget_text, "amount",
                     share.year, str(share.amount), share.basis, share.restates,
                     share.group, "[]"))
    for entry in _direct_unbudgeted(dataset, EVERYTHING, only):
        rows = found.setdefault(group_of[entry.plan], [])
        rows.append((len(rows), entry.plan, entry.ref, entry.title,
                     *written(entry.plan, entry.ref), entry.budget_text, entry.state, None,
                     None, None, None, None, orjson.dumps(entry.years).decode()))
    return found


def _derived(dataset: Dataset, where: Scope, year: int | None,
             wanted: Literal["shares", "unbudgeted", "both"] = "shares"
             ) -> tuple[list[Share], list[Unbudgeted]] | None:
    """The shares in scope (with `year`: of that year and in no year), the entries in scope
    without an amount, or both, from the query index; None without one."""
    amounts, parameters = "state = 'amount'", list[Any]()
    if year is not None and wanted != "unbudgeted":
        amounts += " AND (year = ? OR year IS NULL)"
        parameters.append(year)
    conditions = [amounts if wanted == "shares" else "state != 'amount'" if wanted == "unbudgeted"
                  else f"(({amounts}) OR state != 'amount')"]
    if where.plan is not None:
        conditions.append("plan = ?")
        parameters.append(where.plan)
    rows = _kept(dataset, "ref, title, lead, cooperating, budget_text, state, year, amount, "
                 "basis, restates, initiative, years", conditions, parameters)
    if rows is None:
        return None
    resolved = _names_of(dataset)
    found_shares: list[Share] = []
    found_unbudgeted: list[Unbudgeted] = []
    for (plan, _, ref, title, lead_text, cooperating_text, budget_text, state, share_year,
         amount, basis, restates, initiative, years) in rows:
        lead, lead_ids = resolved(lead_text)
        cooperating_ids = resolved(cooperating_text)[1]
        if where.agency_ids is not None and not where.admits_owner(plan, lead_ids,
                                                                    cooperating_ids):
            continue
        if state == "amount":
            found_shares.append(built(Share, dict(zip(_SHARE_FIELDS, (
                plan, ref, title, lead, budget_text, share_year, Decimal(amount), basis,
                restates, lead_ids, cooperating_ids, initiative), strict=True))))
        else:
            found_unbudgeted.append(Unbudgeted(plan, ref, title, lead, budget_text, state,
                                               tuple(orjson.loads(years)), lead_ids,
                                               cooperating_ids))
    return found_shares, found_unbudgeted


FIRM = ("per_year", "single_year")  # the bases of a firm amount (Share.firm)


def _sums(items: list[Share]) -> tuple[Decimal, Decimal, Decimal]:
    """Firm, apportioned and both, each added up in the shares' order (one pass)."""
    firm = apportioned = ZERO
    for share in items:
        if share.basis in FIRM:
            firm += share.amount
        elif share.basis == "apportioned":
            apportioned += share.amount
    return firm, apportioned, firm + apportioned


def _row_label(share: Share, by: str) -> str:
    if by == "plan":
        return share.plan
    if by == "agency":
        return "; ".join(share.lead) or "(không ghi cơ quan chủ trì)"  # as every list of names
    if by == "initiative":
        return share.group
    return f"{share.plan}:{share.ref}"


def _rows(counted: list[Share], by: str) -> tuple[BudgetRow, ...]:
    groups: dict[str, list[Share]] = {}
    for share in counted:
        groups.setdefault(_row_label(share, by), []).append(share)
    labels = sorted(groups, key=sort_key) if by == "agency" else list(groups)
    found = []
    for label in labels:  # made as the constructor makes them, without it (a city's 16,000 rows)
        firm, apportioned, total = _sums(groups[label])
        found.append(built(BudgetRow, {"label": label, "firm": firm, "apportioned": apportioned,
                                       "total": total, "items": tuple(groups[label])}))
    return tuple(found)


def year_budget(dataset: Dataset, year: int, by: str = "item",
                where: Scope = EVERYTHING) -> YearBudget:
    """The estimated budget of `year` in scope (plan and agency filters), grouped `by`."""
    if by not in GROUPINGS:
        raise ValueError(by)
    both = _derived(dataset, where, year, "both")  # one read of the index for both
    in_scope, without = both if both is not None else (_direct_shares_in(dataset, where, year),
                                                      _direct_unbudgeted(dataset, where))
    in_year = [s for s in in_scope if s.year == year]
    counted = [s for s in in_year if s.restates is None]
    apart = [u for u in without if year in u.years or not u.years]
    return YearBudget(
        year, by, *_sums(counted), rows=_rows(counted, by),
        restated=tuple(s for s in in_year if s.restates is not None),
        undated=tuple(s for s in in_scope if s.year is None),
        no_budget=tuple(u for u in apart if u.state == "none"),
        not_stated=tuple(u for u in apart if u.state == "not_stated"),
        stated=bool(in_year),
    )


def overview(dataset: Dataset, where: Scope = EVERYTHING) -> BudgetOverview:
    """Firm, apportioned and total budget for each year of every horizon in scope."""
    in_scope = shares(dataset, where)
    counted = [s for s in in_scope if s.restates is None and s.year is not None]
    years = {s.year for s in counted if s.year is not None}
    for plan_file in dataset.plans:
        if where.plan in (None, plan_file.key):
            first, last = plan_file.horizon
            years.update(range(first, last + 1))
    by_year: dict[int | None, list[Share]] = {y: [] for y in years}
    for share in counted:
        by_year[share.year].append(share)
    totals = tuple(YearTotal(y, *_sums(by_year[y]), stated=bool(by_year[y]))
                   for y in sorted(years))
    return BudgetOverview(totals, *_sums(counted),
                          undated=tuple(s for s in in_scope if s.year is None))
