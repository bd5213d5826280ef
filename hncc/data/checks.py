"""Checks on the loaded data that types alone cannot express. Each returns the problems it found.

`PER_PLAN` look at one plan and the registry: the loader runs them as it reads each file (in a
worker process on a cold load), and the index keeps their problems with the file's own. `ALWAYS`
look across files, from the plans' indexes only (hncc.data.index), so that they never load a
whole plan; the loader runs them on every load whose data the index has not seen. `STRICT` run
only with `hncc check --strict`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from hncc.data import succession_checks
from hncc.data.dataset import Dataset, PlanFile
from hncc.domain import refs
from hncc.domain.agencies import Registry
from hncc.domain.dates import today_in_vietnam
from hncc.domain.problems import Problem, Severity
from hncc.domain.refs import RefError
from hncc.domain.status import before_plan
from hncc.domain.text import fold

if TYPE_CHECKING:
    from hncc.data.model import Deadline, Entry, Plan, StatusEntry

AGENCY_FIELDS = ("lead", "cooperating")


def _entries(dataset: Dataset) -> Iterator[tuple[PlanFile, Entry, tuple]]:
    for plan_file in dataset.plans:
        for path, entry in plan_file.plan.located_entries():
            yield plan_file, entry, path


def agency_registry(dataset: Dataset) -> Iterator[Problem]:
    """Agency ids and names are unique (successions: hncc.data.succession_checks)."""
    source = dataset.agencies_source
    agencies = dataset.registry.all_in_file_order
    counts = Counter(agency.id for agency in agencies)
    for index, agency in enumerate(agencies):
        if counts[agency.id] > 1:
            yield source.problem(("agencies", index, "id"), "duplicate-id",
                                 f"Mã cơ quan “{agency.id}” dùng cho {counts[agency.id]} cơ quan; "
                                 "mỗi mã chỉ được dùng một lần.")
    for index, agency in enumerate(agencies):
        for field in ("short", "aliases"):
            names = getattr(agency, field)
            for start, end in _cut_runs(names):
                parts = list(names[start:end])
                whole = ", ".join(parts)
                pieces = ", ".join(f"“{p}”" for p in parts[:-1]) + f" và “{parts[-1]}”"
                yield source.problem(
                    ("agencies", index, field, start), "agency-split-at-comma",
                    f"{pieces} có lẽ là một tên có dấu phẩy, “{whole}” (không tên cơ quan nào mở "
                    f"đầu bằng chữ thường): trong danh sách [ … ] YAML tách tên ở dấu phẩy, nên "
                    f"danh mục có “{parts[1]}” là một tên của {agency.id}; viết tên trong dấu nháy "
                    f"[\"{whole}\"] hoặc mỗi tên một dòng “- {whole}”.", Severity.WARNING)
    for name, ids in sorted(dataset.registry.collisions().items()):
        index = next(i for i, a in enumerate(agencies) if a.id in ids)
        yield source.problem(("agencies", index), "duplicate-name",
                             f"Tên “{name}” thuộc về nhiều cơ quan ({', '.join(sorted(ids))}); "
                             "một tên chỉ được chỉ một cơ quan.")


def duplicate_plans(dataset: Dataset) -> Iterator[Problem]:
    """One file per plan: number and year together identify it."""
    seen: dict[str, PlanFile] = {}
    for plan_file in dataset.plans:
        key = plan_file.key.casefold()
        if key in seen:
            yield plan_file.source.problem(
                ("number",), "duplicate-id",
                f"Kế hoạch {plan_file.number} năm {plan_file.year} đã có trong tệp "
                f"“{seen[key].path.name}”.")
        else:
            seen[key] = plan_file


def duplicate_refs(plan_file: PlanFile, registry: Registry) -> Iterator[Problem]:
    """Refs are unique within a plan."""
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


def _unknown_agency(registry: Registry, plan_file: PlanFile, path: tuple, ref: str) -> Problem:
    suggestions = registry.suggest(ref)
    return plan_file.source.problem(path, "unknown-agency", _unknown_agency_message(ref, suggestions))


def agency_refs(plan_file: PlanFile, registry: Registry) -> Iterator[Problem]:
    """Every agency named in a plan is in the registry."""
    plan = plan_file.plan
    if registry.resolve(plan.issuer) is None:
        yield _unknown_agency(registry, plan_file, ("issuer",), plan.issuer)
    for index, cite in enumerate(plan.cites):
        if cite.issuer and registry.resolve(cite.issuer) is None:
            yield _unknown_agency(registry, plan_file, ("cites", index, "issuer"), cite.issuer)
    for path, entry in plan.located_entries():
        for name in AGENCY_FIELDS:
            names = getattr(entry, name)
            yield from _agency_list_problems(
                registry, plan_file.source.problem, name,
                [((*path, name, index), ref) for index, ref in enumerate(names)])
        directing = getattr(entry, "directing", None)
        if directing and registry.resolve(directing) is None:
            yield _unknown_agency(registry, plan_file, (*path, "directing"), directing)


def _agency_list_problems(registry: Registry, problem: Callable[..., Problem], field: str,
                          located: list[tuple[tuple, str]]) -> Iterator[Problem]:
    """The problems of one list of agencies (`lead`, `cooperating`), each name with where it
    is: a name cut at its commas, several agencies in one name, an unknown name."""
    names = [ref for _, ref in located]
    joined = _split_at_commas(registry, names)
    for index, (where, ref) in enumerate(located):
        if index in joined:
            whole, parts, known = joined[index]
            pieces = ", ".join(f"“{p}”" for p in parts[:-1]) + f" và “{parts[-1]}”"
            said = ("là một tên có dấu phẩy" if known else
                    "có lẽ là một tên có dấu phẩy (không tên cơ quan nào mở đầu bằng chữ thường)")
            add = ("" if known else
                   f" Danh mục chưa có tên “{whole}”: thêm vào data/agencies.yaml (tên chung của "
                   "nhiều cơ quan là một nhóm, “kind: group”) hoặc làm alias của cơ quan đã có.")
            yield problem(
                where, "agency-split-at-comma",
                f"{pieces} {said}, “{whole}”: trong danh sách [ … ] YAML tách tên ở dấu phẩy; "
                f"viết tên trong dấu nháy [\"{whole}\"] hoặc mỗi tên một dòng “- {whole}”.{add}")
        elif registry.resolve(ref) is None and not any(
                start < index < start + len(parts) for start, (_, parts, _) in joined.items()):
            several = _several_agencies(registry, ref)
            if several:
                yield problem(
                    where, "unknown-agency",
                    f"“{ref}” là tên của {len(several)} cơ quan trong danh mục: viết mỗi cơ quan "
                    f"một phần tử, “{field}: [{', '.join(several)}]”; cách viết của nguồn ghi "
                    f"nguyên văn vào “{field}_text”.")
            else:
                yield problem(where, "unknown-agency",
                              _unknown_agency_message(ref, registry.suggest(ref)))


_SEPARATOR = re.compile(r"\s*[,;]\s*|\s+và\s+")


def _several_agencies(registry: Registry, name: str) -> list[str]:
    """The known agencies that one unknown name lists ("Sở A, Sở B", "Sở A; Sở B", "Sở A và
    Sở B", as a table cell writes two leads), in order; [] when it is not such a list. Names
    that hold "và" themselves ("Sở Văn hóa và Thể thao") stay whole where that reads."""
    cuts = [(m.start(), m.end()) for m in _SEPARATOR.finditer(name)]
    if len(cuts) > 12:  # a cell lists a few leads; a longer text is no such cell (and is bounded)
        return []

    def split(begin: int, first_cut: int) -> list[str] | None:
        if registry.resolve(name[begin:]):
            return [name[begin:].strip()]
        for index in range(first_cut, len(cuts)):
            start, end = cuts[index]
            piece = name[begin:start]
            if registry.resolve(piece):
                rest = split(end, index + 1)
                if rest:
                    return [piece.strip(), *rest]
        return None

    found = split(0, 0) if cuts else None
    return found if found and len(found) > 1 else []


def _split_at_commas(registry: Registry, names: Sequence[str]
                     ) -> dict[int, tuple[str, list[str], bool]]:
    """Runs of unknown names that are one name once joined with ", ": "lead: [các sở,
    ngành]" is read by YAML as two names. {first index: (the whole name, its pieces, whether
    the registry knows the whole)}. A whole the registry does not know is taken where each
    piece after the first starts in lower case ("Các Sở", "ban", "ngành"; "UBND xã",
    "phường"): no agency's name does, but a collective one ("các đơn vị liên quan")."""
    def unknown(name: str) -> bool:
        return registry.resolve(name) is None

    found: dict[int, tuple[str, list[str], bool]] = {}
    if len(names) < 2 or not any(unknown(name) for name in names):
        return found
    index = 0
    while index < len(names):
        for end in range(len(names), index + 1, -1):
            parts = list(names[index:end])
            whole = ", ".join(parts)
            if all(unknown(p) for p in parts) and registry.resolve(whole):
                found[index] = (whole, parts, True)
                index = end - 1
                break
        else:
            end = _run_end(names, index, unknown) if unknown(names[index]) else index + 1
            if end > index + 1:
                parts = list(names[index:end])
                found[index] = (", ".join(parts), parts, False)
                index = end - 1
        index += 1
    return found


def _cut_runs(names: Sequence[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of names of a registry list that read as one name cut at its
    commas: a name followed by pieces that start in lower case (_continues_a_name)."""
    index = 0
    while index < len(names):
        end = _run_end(names, index)
        if end > index + 1:
            yield index, end
        index = end


def _run_end(names: Sequence[str], index: int,
             fits: Callable[[str], bool] = lambda name: True) -> int:
    """Where the run of pieces that continue the name at `index` (and that `fits`) ends."""
    end = index + 1
    while end < len(names) and _continues_a_name(names[end]) and fits(names[end]):
        end += 1
    return end


def _continues_a_name(piece: str) -> bool:
    """Whether a piece of a list can only be the rest of a name cut at a comma: it starts in
    lower case, and not as a collective name does ("các …", "những …", "một số …")."""
    text = piece.strip()
    return bool(text) and text[0].islower() and fold(text).split(" ", 1)[0] not in _COLLECTIVE


_COLLECTIVE = frozenset({"cac", "nhung", "mot", "moi", "toan"})


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
    from hncc.data import files, parsing  # only for files with errors, which are rare

    for path in dataset.left_out:
        raw = dataset.memory.get(path) if dataset.memory is not None else None
        if dataset.memory is not None and raw is None:
            continue
        try:  # what the loader refused unread (too large, not a file) is not read here either
            size = len(raw) if raw is not None else path.stat().st_size
        except OSError:
            continue
        if files.too_large(size) or (raw is None and not path.is_file()):
            continue
        try:
            source, data, _ = parsing.read_yaml(path, raw)
        except OSError:
            continue
        if data is None:
            continue
        lists: dict[tuple, list[tuple[tuple, str]]] = {}  # the names of one list together
        for where, name in _raw_agency_names(data):
            if not isinstance(where[-1], int):  # the issuer, a directing body: one name
                if dataset.registry.resolve(name) is None:
                    yield source.problem(where, "unknown-agency", _unknown_agency_message(
                        name, dataset.registry.suggest(name)))
            else:
                lists.setdefault(where[:-1], []).append((where, name))
        for key, located in lists.items():
            yield from _agency_list_problems(dataset.registry, source.problem, key[-1], located)


def links(plan_file: PlanFile, registry: Registry) -> Iterator[Problem]:
    """`summarizes` and `achieved_by` point at entries of the plan that exist."""
    for path, entry in plan_file.plan.located_entries():
        for key in ("summarizes", "achieved_by"):
            for index, ref in enumerate(getattr(entry, key, [])):
                if ref not in plan_file.plan.by_ref:
                    meant = [r for r in plan_file.plan.by_ref if r.casefold() == ref.casefold()]
                    hint = f" Có phải ý là “{meant[0]}”?" if meant else ""
                    yield plan_file.source.problem((*path, key, index), "broken-link",
                                                   f"Không có mục “{ref}” trong kế hoạch này.{hint}")


def implements(dataset: Dataset) -> Iterator[Problem]:
    """`implements` points at an entry of a loaded plan that exists (from the indexes)."""
    for plan_file in dataset.plans:
        for text in dict.fromkeys(text for _, text, _ in plan_file.implementing):
            try:
                plan_text, ref = refs.split_entry(text)
                # Looked up by number; all plans only to name them when none matches.
                candidates = dataset.find_plans(*refs.split_plan(plan_text))
                target = refs.find_plan(plan_text, candidates or dataset.plans)
                if not target.index.has(ref):
                    raise RefError(f"Kế hoạch {target.key} không có mục “{ref}”.")
            except RefError as error:
                message = str(error)
                if not candidates and dataset.left_out:
                    # The plan may be in a file with errors, which is not read: say so, rather
                    # than send the author looking for a plan that is there.
                    files = ", ".join(path.name for path in dataset.left_out)
                    message += (f" Tệp kế hoạch có lỗi nên chưa đọc được: {files}; nếu kế hoạch "
                                "ở đó, sửa các lỗi của tệp trước.")
                # Where: read from the plan's index, only for a link that is broken.
                for path, written in plan_file.index.implements:
                    if written == text:
                        yield plan_file.source.problem((*path, "implements"), "broken-link",
                                                       message)


def citations(dataset: Dataset) -> Iterator[Problem]:
    """A citation's date agrees with the cited plan, where that plan is loaded."""
    for plan_file in dataset.plans:
        for index, number, ordinal in plan_file.head.cites:
            if ordinal is None:
                continue
            date = dt.date.fromordinal(ordinal)
            cited = dataset.find_plans(number, date.year)
            if cited and all(pf.head.date != ordinal for pf in cited):
                issued = dt.date.fromordinal(cited[0].head.date)
                yield plan_file.source.problem(
                    ("cites", index, "date"), "citation-date",
                    f"Trích dẫn {number} ngày {date:%d/%m/%Y}, nhưng kế hoạch "
                    f"{cited[0].number} trong dữ liệu ban hành ngày {issued:%d/%m/%Y}. "
                    "Nếu nguồn ghi sai ngày, giữ nguyên và ghi chú vào “note”.",
                    Severity.WARNING)


def statuses(plan_file: PlanFile, registry: Registry) -> Iterator[Problem]:
    """Status years fit the deadline; the history is in date order (append-only)."""
    for path, entry in plan_file.plan.located_entries():
        if not entry.status:
            continue
        if entry.is_group:
            yield plan_file.source.problem(
                (*path, "status"), "status-on-group",
                f"Mục {entry.ref} là đề mục (nhóm các mục), không phải một nhiệm vụ: trạng thái "
                "ghi ở đây không được tính cho công việc nào. Ghi trạng thái vào từng mục trong "
                "nhóm.", Severity.WARNING)
            continue
        deadline = plan_file.plan.deadline_of(entry)  # a part keeps its row's deadline
        years = set(deadline.occurrence_years(plan_file.plan.years)) if deadline else set()
        recurring = deadline is not None and deadline.recurring
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
            else:
                yield from _status_month(plan_file, where, update, deadline)
            early = before_plan(update.date, plan_file.plan.number, plan_file.plan.date)
            if early is not None:
                yield _before_plan(plan_file, (*where, "date"), update, early)
            previous = max((u.date for u in entry.status[:index] if same_occurrence(u, update)),
                           default=None)
            if previous is not None and update.date < previous:
                yield plan_file.source.problem(
                    (*where, "date"), "status-order",
                    f"Cập nhật ngày {update.date:%d/%m/%Y} đứng sau cập nhật ngày "
                    f"{previous:%d/%m/%Y} của cùng kỳ: lịch sử chỉ được ghi thêm vào cuối, theo "
                    "thứ tự ngày.", Severity.WARNING)


def _before_plan(plan_file: PlanFile, where: tuple, update: StatusEntry, early: str) -> Problem:
    """An update dated before its plan was issued (hncc.domain.status.before_plan): a warning,
    or only a note when the update has a note of its own (work done before the plan, as
    `hncc status` asks it to say)."""
    if update.note:
        return plan_file.source.problem(
            where, "status-before-plan", f"Cập nhật có ghi chú {early}, nếu ghi chú không nói "
            "việc đã làm trước khi có kế hoạch.", Severity.NOTE)
    return plan_file.source.problem(
        where, "status-before-plan", f"Cập nhật {early}; nếu việc đã làm trước khi có kế hoạch, "
        "giữ nguyên và ghi rõ trong “note”.", Severity.WARNING)


def same_occurrence(one: StatusEntry, other: StatusEntry) -> bool:
    """Whether two updates can speak of one occurrence: an update without a year (or month) is
    of every one. An earlier year's occurrence reported late (its real date, before a later
    year's update) keeps each occurrence's history in date order."""
    return (None in (one.year, other.year) or one.year == other.year) and \
        (None in (one.month, other.month) or one.month == other.month)


def phrases(plan_file: PlanFile, registry: Registry) -> Iterator[Problem]:
    """Say which deadline and budget phrases hncc could not read (their structured value stands)."""
    for path, entry in plan_file.plan.located_entries():
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
        deadline = entry.deadline
        issued = plan_file.plan.date
        if deadline and not deadline.recurring and deadline.due and deadline.due < issued:
            yield plan_file.source.problem(
                (*path, "deadline"), "deadline-before-plan",
                f"Thời hạn “{deadline.text or deadline.due}” (hạn {deadline.due:%d/%m/%Y}) trước "
                f"ngày ban hành kế hoạch ({issued:%d/%m/%Y}): nhiệm vụ quá hạn ngay khi được giao. "
                "Kiểm tra lại năm theo nguồn; nếu nguồn ghi đúng như vậy, giữ nguyên.",
                Severity.WARNING)
        elif deadline and deadline.recurring and deadline.first_year is None:
            early = [o for o in deadline.occurrences(plan_file.plan.years) if o.due < issued]
            if early:
                later = max(o.year or o.due.year for o in early) + 1
                yield plan_file.source.problem(
                    (*path, "deadline"), "deadline-before-plan",
                    f"Kỳ đầu của thời hạn “{deadline.text}” (hạn {early[0].due:%d/%m/%Y}) trước ngày "
                    f"ban hành kế hoạch ({issued:%d/%m/%Y}): kỳ đó quá hạn ngay khi được giao. Nếu "
                    f"nguồn muốn bắt đầu từ năm sau, ghi “deadline: {{text: {deadline.text}, "
                    f"first_year: {later}}}”.", Severity.WARNING)
        explicit_years = deadline is not None and (deadline.first_year or deadline.last_year)
        if deadline and explicit_years and deadline.recurring and not deadline.occurrences(
                plan_file.plan.years):
            yield plan_file.source.problem(
                (*path, "deadline"), "deadline-outside-horizon",
                "Thời hạn lặp lại không có kỳ nào trong khung thời gian của kế hoạch (horizon).",
                Severity.WARNING)


def horizon(plan_file: PlanFile, registry: Registry) -> Iterator[Problem]:
    """A plan without `horizon` covers its own year only: say so where its work runs past it
    ("Hàng năm" would count that year alone, a task without deadline be late a year early)."""
    plan = plan_file.plan
    if plan.horizon is not None:
        return
    year = plan.years[0]
    last = year
    found = []
    for _, entry in plan.located_entries():
        deadline = entry.deadline
        if deadline is None:
            continue
        if deadline.recurring:
            found.append(f"{entry.ref} ({deadline.text or 'lặp lại'})")
        elif deadline.due is not None and deadline.due.year > year:
            last = max(last, deadline.due.year)
            found.append(f"{entry.ref} ({deadline.text or deadline.due.year})")
    if found:
        shown = ", ".join(found[:3]) + (f" và {len(found) - 3} mục khác" if len(found) > 3 else "")
        yield plan_file.source.problem(
            (), "horizon-missing",
            f"Kế hoạch không ghi “horizon” nên chỉ tính năm {year}: “hằng năm” chỉ có kỳ năm {year}, "
            f"nhiệm vụ không có thời hạn tính là quá thời hạn kế hoạch từ năm {year + 1}; nhưng có "
            f"việc kéo dài hơn: {shown}. Ghi khung thời gian theo nguồn, ví dụ “horizon: "
            f"{{start: {year}, end: {last if last > year else '…'}}}”.", Severity.WARNING)


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


def _with_children(plan: Plan) -> set[str]:
    """Refs of the entries that have entries below them (headings of lettered assignments)."""
    found = set()
    for entry in plan.entries():
        parent = plan.parent(entry)
        if parent is not None and not entry.is_group:
            found.add(parent.ref)
    return found


def missing_leads(dataset: Dataset) -> Iterator[Problem]:
    """A task (an assignment, a duty, an appendix row; not a heading above lettered ones, not a
    target) names its lead, or says why it cannot (`no_lead`)."""
    for plan_file in dataset.plans:
        plan = plan_file.plan
        headings = _with_children(plan)
        for key, entries in plan.sections():
            if key == "targets":
                continue
            for entry in entries:
                if entry.is_group or entry.lead or entry.no_lead or entry.ref in headings:
                    continue
                yield plan_file.source.problem(
                    plan.yaml_path(entry), "no-lead",
                    f"Mục {entry.ref} không ghi cơ quan chủ trì và không ghi lý do: thêm “lead” "
                    "theo nguồn (kể cả khi cơ quan được nêu trong câu giao việc, như “Sở Ngoại vụ "
                    "chủ trì phối hợp …”), hoặc “no_lead: …” nói vì sao không có.",
                    Severity.WARNING)


def _dues(plan: Plan, entry: Entry) -> list:
    return [o.due for o in entry.deadline.occurrences(plan.years)] if entry.deadline else []


def _below(plan: Plan, ref: str) -> list[Entry]:
    """The entry `ref` and every entry below it."""
    return [e for e in plan.entries() if e.ref == ref or e.ref.startswith((ref + ".", ref + "-"))]


def deadline_disagreements(dataset: Dataset) -> Iterator[Problem]:
    """Where a target or a section III entry writes a deadline that differs from the appendix
    row (or entry) naming the same work, say so: a reader sees both, the data keeps both."""
    for plan_file in dataset.plans:
        plan = plan_file.plan
        for key, entries in plan.sections():
            for entry in entries:
                linked = getattr(entry, "achieved_by", []) if key == "targets" else []
                for ref in linked:
                    work = plan.by_ref.get(ref)
                    if work is not None and work.deadline and entry.deadline and (
                            _dues(plan, work) != _dues(plan, entry)):
                        yield _disagreement(plan_file, entry, work.ref, work.deadline.text)
                if key != "appendix" or not entry.deadline:
                    continue
                for ref in getattr(entry, "summarizes", []):
                    for part in _below(plan, ref):
                        if part.deadline and _dues(plan, part) != _dues(plan, entry):
                            yield _disagreement(plan_file, part, entry.ref, entry.deadline.text)


def _disagreement(plan_file: PlanFile, mention: Entry, work: str, text: str | None) -> Problem:
    plan = plan_file.plan
    written = mention.deadline.text if mention.deadline else ""
    return plan_file.source.problem(
        (*plan.yaml_path(mention), "deadline"), "deadline-disagrees",
        f"Mục {mention.ref} ghi thời hạn “{written}”, còn {work} (cùng công việc) ghi “{text}”. "
        f"Công việc tính theo thời hạn của {work}, báo cáo cho thấy cả hai; nếu nguồn ghi vậy "
        "thì giữ nguyên.", Severity.WARNING)


def status_history(dataset: Dataset) -> Iterator[Problem]:
    """No update twice in an entry's history, and none dated after today."""
    now = today_in_vietnam()  # the real clock: only to tell updates dated in the future
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


Check = Callable[[Dataset], Iterator[Problem]]
PlanCheck = Callable[[PlanFile, Registry], Iterator[Problem]]
PER_PLAN: list[PlanCheck] = [duplicate_refs, agency_refs, links, statuses, phrases, horizon]
ALWAYS: list[Check] = [agency_registry, duplicate_plans, agency_refs_in_broken_plans, implements,
                       citations, succession_checks.records,
                       succession_checks.named_after_succession]
STRICT: list[Check] = [two_leads, missing_deadlines, missing_leads, deadline_disagreements,
                       status_history, succession_checks.unassigned_tasks]


def run(dataset: Dataset, checks: list[Check] = ALWAYS) -> list[Problem]:
    """The problems found by `checks` (by default, those across files run on every load)."""
    return [problem for check in checks for problem in check(dataset)]


def run_on_plan(plan_file: PlanFile, registry: Registry) -> list[Problem]:
    """The problems PER_PLAN checks find in one plan."""
    return [problem for check in PER_PLAN for problem in check(plan_file, registry)]


def _status_month(plan_file: PlanFile, where: tuple, update: StatusEntry,
                  deadline: Deadline | None) -> Iterator[Problem]:
    """The `month` of a status update names an occurrence of a deadline recurring within the
    year (the month it falls due); a month that is not one, or that the deadline lacks, is an
    error (the update would apply to nothing). A yearly status of such a deadline (no month)
    applies to every occurrence of its year: warned, as it may close months not yet due."""
    within = deadline is not None and deadline.every_months is not None
    due = deadline.due_months(plan_file.plan.years, update.year) \
        if deadline is not None and within and update.month is not None else []
    if update.month is not None and not within:
        yield plan_file.source.problem(
            (*where, "month"), "status-month",
            "“month” chỉ dùng cho mục lặp lại trong năm (hằng tháng, hằng quý, 6 tháng một "
            "lần); thời hạn của mục này không lặp lại như vậy.")
    elif deadline is not None and update.month is not None and update.month not in due:
        yield plan_file.source.problem(
            (*where, "month"), "status-month",
            f"Tháng {update.month} không phải một kỳ của thời hạn “{deadline.text or ''}”: các "
            f"kỳ đến hạn vào tháng {', '.join(map(str, due))} (ghi tháng đến hạn của kỳ, ví dụ "
            f"quý II là tháng {7 if deadline.next_month else 6}).")
    elif within and update.year is not None and update.month is None \
            and update.status in ("done", "cancelled"):
        yield plan_file.source.problem(
            where, "status-month",
            f"Mục lặp lại trong năm: trạng thái năm {update.year} không ghi “month” nên áp dụng "
            "cho mọi kỳ của năm, kể cả các kỳ chưa đến hạn; ghi “month” (tháng đến hạn của kỳ) "
            "nếu chỉ nói về một kỳ.", Severity.WARNING)
