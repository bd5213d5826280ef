"""Checks on the loaded data that types alone cannot express. Each returns the problems it found.

`ALWAYS` run on every load; `STRICT` only with `hncc check --strict`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from hncc.domain.problems import Problem, Severity
from hncc.domain.refs import RefError, parse_entry_ref

if TYPE_CHECKING:
    from hncc.data.loader import Dataset, PlanFile
    from hncc.data.model import Entry

AGENCY_FIELDS = ("lead", "cooperating")


def _entries(dataset: Dataset) -> Iterator[tuple[PlanFile, Entry, tuple]]:
    for plan_file in dataset.plans:
        for path, entry in plan_file.plan.located_entries():
            yield plan_file, entry, path


def agency_registry(dataset: Dataset) -> Iterator[Problem]:
    """Agency ids and names are unique; successors exist."""
    source = dataset.agencies_source
    agencies = dataset.registry.all_in_file_order
    counts = Counter(agency.id for agency in agencies)
    for index, agency in enumerate(agencies):
        if counts[agency.id] > 1:
            yield source.problem(("agencies", index, "id"), "duplicate-id",
                                 f"Mã cơ quan “{agency.id}” dùng cho {counts[agency.id]} cơ quan; "
                                 "mỗi mã chỉ được dùng một lần.")
        for step, succession in enumerate(agency.succession):
            if succession.successor not in dataset.registry.by_id:
                yield source.problem(("agencies", index, "succession", step, "successor"),
                                     "unknown-agency",
                                     f"Cơ quan kế nhiệm “{succession.successor}” không có trong danh mục.")
    for name, ids in sorted(dataset.registry.collisions().items()):
        index = next(i for i, a in enumerate(agencies) if a.id in ids)
        yield source.problem(("agencies", index), "duplicate-name",
                             f"Tên “{name}” thuộc về nhiều cơ quan ({', '.join(sorted(ids))}); "
                             "một tên chỉ được chỉ một cơ quan.")


def duplicate_plans(dataset: Dataset) -> Iterator[Problem]:
    """One file per plan: number and year together identify it."""
    seen: dict[str, PlanFile] = {}
    for plan_file in dataset.plans:
        key = plan_file.plan.key.casefold()
        if key in seen:
            yield plan_file.source.problem(
                ("number",), "duplicate-id",
                f"Kế hoạch {plan_file.plan.number} năm {plan_file.plan.year} đã có trong tệp "
                f"“{seen[key].path.name}”.")
        else:
            seen[key] = plan_file


def duplicate_refs(dataset: Dataset) -> Iterator[Problem]:
    """Refs are unique within a plan."""
    for plan_file in dataset.plans:
        seen: set[str] = set()
        for entry in plan_file.plan.entries():
            if entry.ref in seen:
                path = (*plan_file.plan.yaml_path(entry), "ref")
                yield plan_file.source.problem(path, "duplicate-id",
                                               f"Mã mục “{entry.ref}” đã dùng cho một mục khác "
                                               "trong kế hoạch này; đổi thành mã đúng theo nguồn.")
            seen.add(entry.ref)


def _unknown_agency_message(ref: str, suggestions: list) -> str:
    hint = ("Gần giống: " + "; ".join(f"“{a.name}” ({a.id})" for a in suggestions) + "."
            if suggestions else "Thêm cơ quan vào data/agencies.yaml (hoặc thêm tên này làm alias).")
    return f"Không tìm thấy cơ quan “{ref}” trong danh mục. {hint}"


def _unknown_agency(dataset: Dataset, plan_file: PlanFile, path: tuple, ref: str) -> Problem:
    suggestions = dataset.registry.suggest(ref)
    return plan_file.source.problem(path, "unknown-agency", _unknown_agency_message(ref, suggestions))


def agency_refs(dataset: Dataset) -> Iterator[Problem]:
    """Every agency named in a plan is in the registry."""
    registry = dataset.registry
    for plan_file in dataset.plans:
        plan = plan_file.plan
        if registry.resolve(plan.issuer) is None:
            yield _unknown_agency(dataset, plan_file, ("issuer",), plan.issuer)
        for index, cite in enumerate(plan.cites):
            if cite.issuer and registry.resolve(cite.issuer) is None:
                yield _unknown_agency(dataset, plan_file, ("cites", index, "issuer"), cite.issuer)
    for plan_file, entry, path in _entries(dataset):
        for name in AGENCY_FIELDS:
            for index, ref in enumerate(getattr(entry, name)):
                if registry.resolve(ref) is None:
                    yield _unknown_agency(dataset, plan_file, (*path, name, index), ref)
        directing = getattr(entry, "directing", None)
        if directing and registry.resolve(directing) is None:
            yield _unknown_agency(dataset, plan_file, (*path, "directing"), directing)


def _raw_agency_names(data: dict) -> Iterator[tuple[tuple, str]]:
    """(path, name) of every agency named in a plan's parsed data, however broken the rest."""
    if isinstance(data.get("issuer"), str):
        yield ("issuer",), data["issuer"]
    for index, cite in enumerate(data.get("cites") or []):
        if isinstance(cite, dict) and isinstance(cite.get("issuer"), str):
            yield ("cites", index, "issuer"), cite["issuer"]
    appendix = data.get("appendix")
    sections: list[tuple[tuple[str, ...], object]] = [
        ((key,), data.get(key)) for key in ("targets", "content", "duties")]
    if isinstance(appendix, dict):
        sections.append((("appendix", "rows"), appendix.get("rows")))
    for prefix, entries in sections:
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            if not isinstance(entry, dict):
                continue
            for name in AGENCY_FIELDS:
                values = entry.get(name)
                for position, value in enumerate(values if isinstance(values, list) else []):
                    if isinstance(value, str):
                        yield (*prefix, index, name, position), value
            if isinstance(entry.get("directing"), str):
                yield (*prefix, index, "directing"), entry["directing"]


def agency_refs_in_broken_plans(dataset: Dataset) -> Iterator[Problem]:
    """Unknown agencies in plan files that did not validate, so that `check` names every problem
    of a file in one run rather than this one only after the others are fixed."""
    from hncc.data import loader, parsing  # only for files with errors, which are rare

    loaded = {plan_file.path for plan_file in dataset.plans}
    broken = sorted({p.file for p in dataset.file_problems if p.severity is Severity.ERROR
                     and p.file.parent.name == loader.PLANS_DIR and p.file.suffix in
                     loader.PLAN_SUFFIXES and p.code != "file-too-large"} - loaded)
    for path in broken:
        raw = dataset.memory.get(path) if dataset.memory is not None else None
        if dataset.memory is not None and raw is None:
            continue
        try:
            source, data, _ = parsing.read_yaml(path, raw)
        except OSError:
            continue
        if data is None:
            continue
        for where, name in _raw_agency_names(data):
            if dataset.registry.resolve(name) is None:
                suggestions = dataset.registry.suggest(name)
                yield source.problem(where, "unknown-agency", _unknown_agency_message(
                    name, suggestions))


def links(dataset: Dataset) -> Iterator[Problem]:
    """`summarizes` and `implements` point at entries that exist."""
    for plan_file, entry, path in _entries(dataset):
        for index, ref in enumerate(getattr(entry, "summarizes", [])):
            if ref not in plan_file.plan.by_ref:
                yield plan_file.source.problem((*path, "summarizes", index), "broken-link",
                                               f"Không có mục “{ref}” trong kế hoạch này.")
        if entry.implements:
            try:
                parse_entry_ref(entry.implements, dataset.plans)
            except RefError as error:
                yield plan_file.source.problem((*path, "implements"), "broken-link", str(error))


def citations(dataset: Dataset) -> Iterator[Problem]:
    """A citation's date agrees with the cited plan, where that plan is loaded."""
    for plan_file in dataset.plans:
        for index, cite in enumerate(plan_file.plan.cites):
            if cite.date is None:
                continue
            cited = [pf.plan for pf in dataset.find_plans(cite.number, cite.date.year)]
            if cited and all(plan.date != cite.date for plan in cited):
                yield plan_file.source.problem(
                    ("cites", index, "date"), "citation-date",
                    f"Trích dẫn {cite.number} ngày {cite.date:%d/%m/%Y}, nhưng kế hoạch "
                    f"{cited[0].number} trong dữ liệu ban hành ngày {cited[0].date:%d/%m/%Y}. "
                    "Nếu nguồn ghi sai ngày, giữ nguyên và ghi chú vào “note”.",
                    Severity.WARNING)


def statuses(dataset: Dataset) -> Iterator[Problem]:
    """Status years fit the deadline; the history is in date order (append-only)."""
    for plan_file, entry, path in _entries(dataset):
        if not entry.status:
            continue
        years = set(entry.deadline.years(plan_file.plan.years)) if entry.deadline else set()
        recurring = entry.deadline is not None and entry.deadline.recurring
        previous = None
        for index, update in enumerate(entry.status):
            where = (*path, "status", index)
            if update.year is not None and not recurring:
                yield plan_file.source.problem(
                    (*where, "year"), "status-year",
                    "“year” chỉ dùng cho mục lặp lại hàng năm; mục này có một thời hạn duy nhất.")
            elif update.year is not None and update.year not in years:
                yield plan_file.source.problem(
                    (*where, "year"), "status-year",
                    f"Năm {update.year} không phải một kỳ của thời hạn "
                    f"({', '.join(map(str, sorted(years))) or 'không có kỳ nào'}).")
            elif recurring and update.year is None:
                yield plan_file.source.problem(
                    where, "status-year",
                    "Mục lặp lại hàng năm: ghi “year” để biết trạng thái thuộc kỳ nào.",
                    Severity.WARNING)
            if previous is not None and update.date < previous:
                yield plan_file.source.problem(
                    (*where, "date"), "status-order",
                    f"Cập nhật ngày {update.date:%d/%m/%Y} đứng sau cập nhật ngày "
                    f"{previous:%d/%m/%Y}: lịch sử chỉ được ghi thêm vào cuối, theo thứ tự ngày.",
                    Severity.WARNING)
            previous = update.date


def phrases(dataset: Dataset) -> Iterator[Problem]:
    """Say which deadline and budget phrases hncc could not read (their structured value stands)."""
    for plan_file, entry, path in _entries(dataset):
        if entry.deadline and entry.deadline.phrase_unread:
            yield plan_file.source.problem(
                (*path, "deadline"), "deadline-unparsed",
                f"hncc không đọc được thời hạn “{entry.deadline.text}”; dùng giá trị cấu trúc đã ghi.",
                Severity.NOTE)
        if entry.budget and entry.budget.phrase_unread:
            yield plan_file.source.problem(
                (*path, "budget"), "budget-unparsed",
                f"hncc không đọc được kinh phí “{entry.budget.text}”; dùng giá trị đã ghi.",
                Severity.NOTE)
        explicit_years = entry.deadline and (entry.deadline.first_year or entry.deadline.last_year)
        if explicit_years and entry.deadline.recurring and not entry.deadline.occurrences(
                plan_file.plan.years):
            yield plan_file.source.problem(
                (*path, "deadline"), "deadline-outside-horizon",
                "Thời hạn lặp lại không có kỳ nào trong khung thời gian của kế hoạch (horizon).",
                Severity.WARNING)


def two_leads(dataset: Dataset) -> Iterator[Problem]:
    """Decree 39/2022/NĐ-CP: one lead per task."""
    for plan_file, entry, path in _entries(dataset):
        if len(entry.lead) > 1 and not entry.is_group:
            yield plan_file.source.problem(
                (*path, "lead"), "two-leads",
                f"Mục {entry.ref} có {len(entry.lead)} cơ quan chủ trì; Nghị định 39/2022/NĐ-CP "
                "yêu cầu mỗi nhiệm vụ một cơ quan chủ trì. Giữ như nguồn nếu nguồn ghi vậy.",
                Severity.WARNING)


def missing_deadlines(dataset: Dataset) -> Iterator[Problem]:
    """A task without a deadline says why."""
    for plan_file, entry, path in _entries(dataset):
        if not entry.is_group and entry.deadline is None and not entry.no_deadline:
            yield plan_file.source.problem(
                path, "no-deadline",
                f"Mục {entry.ref} không có thời hạn và không ghi lý do: thêm “deadline” theo nguồn, "
                "hoặc “no_deadline: …” (ví dụ “Nguồn không ghi thời gian”).",
                Severity.WARNING)


VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")  # no daylight saving in Vietnam


def today() -> dt.date:
    """Today in Vietnam, by the real clock: only for telling updates dated in the future."""
    return dt.datetime.now(VIETNAM).date()


def status_history(dataset: Dataset) -> Iterator[Problem]:
    """No update twice in an entry's history, and none dated after today."""
    now = today()
    for plan_file, entry, path in _entries(dataset):
        seen: dict[tuple, int] = {}
        for index, update in enumerate(entry.status):
            where = (*path, "status", index)
            key = tuple(sorted(update.model_dump(exclude_none=True).items()))
            if key in seen:
                yield plan_file.source.problem(
                    where, "status-duplicate",
                    f"Cập nhật này lặp lại y hệt cập nhật thứ {seen[key] + 1} của mục {entry.ref} "
                    "(cùng ngày, trạng thái và nội dung); xóa bản lặp.", Severity.WARNING)
            seen.setdefault(key, index)
            if update.date > now:
                yield plan_file.source.problem(
                    (*where, "date"), "status-future",
                    f"Cập nhật ghi ngày {update.date:%d/%m/%Y}, sau hôm nay ({now:%d/%m/%Y}): "
                    "chưa thể biết việc đã xảy ra. Sửa ngày theo văn bản chứng minh.",
                    Severity.WARNING)


Check = Callable[["Dataset"], Iterator[Problem]]
ALWAYS: list[Check] = [agency_registry, duplicate_plans, duplicate_refs, agency_refs,
                       agency_refs_in_broken_plans, links, citations, statuses, phrases]
STRICT: list[Check] = [two_leads, missing_deadlines, status_history]


def run(dataset: Dataset, checks: list[Check] = ALWAYS) -> list[Problem]:
    """The problems found by `checks` (by default, those run on every load)."""
    return [problem for check in checks for problem in check(dataset)]
