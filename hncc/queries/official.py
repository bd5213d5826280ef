"""An agency's report as the official document it sends (Decree 30/2020/NĐ-CP, Appendix I).

Built on the report data of hncc.queries.reports, it adds what makes the report a document a
department can sign: who issues it (parent body, code, signer title: from the registry or the
caller's options, never guessed; "…" where nobody said), its number, place and date, the subject
line naming the plans and the year, the recipient, and for each work item what was done: the
notes of its status updates with the number and date of the documents that prove them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from hncc.data.dataset import Dataset
from hncc.domain import status
from hncc.domain.agencies import Agency, Registry, lead_now
from hncc.domain.text import nfc
from hncc.queries import reports
from hncc.queries import tasks as queries
from hncc.queries.entries import StatusRecord
from hncc.queries.reports import AgencyReport, PartLine, PlanHeading, Row
from hncc.queries.tasks import Task

PLACEHOLDER = "…"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECIPIENT = "Sở Văn hóa và Thể thao"  # plan 102, V.2: every agency reports to it yearly
REQUEST = "tổng hợp"  # what the recipient is asked to do: compile ("gửi về … tổng hợp chung")
# It compiles them and reports to the plans' issuer "xem xét, chỉ đạo" (plan 102, V.2; V.3): its
# own report goes there.
ISSUER_REQUEST = "xem xét, chỉ đạo"
PLACE = "Hà Nội"
DOCUMENT_KIND = "BÁO CÁO"
KIND_CODE = "BC"  # "Số: …/BC-SVHTT"
STANDARD_RECIPIENTS = ("Như trên;", "Lưu: VT.")
# What XML 1.0, and so a Word or Excel file, cannot hold: control characters (Word's manual line
# break, U+000B, comes with text pasted from Word), lone surrogates, U+FFFE and U+FFFF.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def writable(text: str) -> str:
    """`text` as an Office file can hold it: what XML cannot carry becomes a space, so words
    stay apart and nothing else changes."""
    return _NOT_IN_XML.sub(" ", text)


@dataclass(frozen=True)
class IssuerOptions:
    """What the person making the report says about it; None: from the registry, else "…"."""

    number: str | None = None
    code: str | None = None
    parent: str | None = None
    signer_title: tuple[str, ...] = ()
    signer: str | None = None
    place: str | None = None
    date: dt.date | None = None
    recipients: tuple[str, ...] = ()

    def given(self) -> bool:
        """Whether anything at all was said."""
        return any((self.number, self.code, self.parent, self.signer_title, self.signer,
                    self.place, self.date, self.recipients))

    def normalized(self) -> IssuerOptions:
        """The same options with every text in NFC: a terminal on macOS, or a Vietnamese input
        method set to combining marks, types them decomposed, and the document keeps NFC."""
        def text(value: str | None) -> str | None:
            return nfc(value) if value else value

        return replace(self, number=text(self.number), code=text(self.code),
                       parent=text(self.parent), signer_title=tuple(map(nfc, self.signer_title)),
                       signer=text(self.signer), place=text(self.place),
                       recipients=tuple(map(nfc, self.recipients)))


@dataclass(frozen=True)
class Update:
    """One recorded status update of a work item, as the report shows it."""

    date: dt.date
    status_label: str
    note: str | None
    evidence: str | None
    link: str | None
    reason: str | None
    difficulties: str | None
    ref: str | None = None  # the mention it was recorded on, when not the work item's own record


@dataclass(frozen=True)
class Part:
    """A part of a work item (an assignment of it in a section or another plan), as shown."""

    ref: str  # "III.1.1.2", or "161/KH-UBND II.1.2" in another plan
    text: str  # its assignment sentence, or its title
    lead: str
    deadline: str
    state: str  # "chưa hoàn thành, quá hạn (chưa cập nhật)"
    body: tuple[str, ...]


@dataclass(frozen=True)
class WorkItem:
    """One work item of the report: the task, the agency's role, its state and what was done."""

    row: Row
    role: str  # "chủ trì" or "phối hợp"
    lead: str  # who leads it on the report's day: "Sở Ngoại vụ, nay là … từ 01/3/2025"
    deadline: str
    progress: str  # two-by-two, with the days overdue: "Chưa hoàn thành, quá hạn 198 ngày"
    recorded: str  # the status in force as recorded: "đã hoàn thành ngày 15/11/2023"
    budget: str
    updates: tuple[Update, ...]
    earlier: tuple[str, ...] = ()  # earlier occurrences still open: "kỳ năm 2022: … quá hạn …"
    parts: tuple[Part, ...] = ()


@dataclass(frozen=True)
class TargetLine:
    """A target the agency's work reaches, as the Word report lists it (the Markdown one reads
    the report's rows)."""

    row: Row
    deadline: str
    result: str  # "Chưa đạt, trong hạn; kỳ năm 2022: chưa đạt, quá hạn 690 ngày"
    via: str  # the work that reaches it: "PL.II.9 (liên kết suy luận)"


@dataclass(frozen=True)
class Difficulty:
    plan_number: str
    ref: str
    date: dt.date
    text: str


@dataclass(frozen=True)
class OfficialReport:
    """The agency report with its heading, subject line, work items and signature block."""

    report: AgencyReport
    parent: str
    issuer: str
    number: str
    code: str
    kind_code: str
    nation: str
    motto: str
    place: str
    date: dt.date
    date_line: str
    document_kind: str
    subject: str
    recipient: str
    request: str  # "tổng hợp", or "xem xét, chỉ đạo" for the plans' issuer
    items: tuple[WorkItem, ...]
    difficulties: tuple[Difficulty, ...]
    recipients: tuple[str, ...]
    signer_title: tuple[str, ...]
    signer: str
    placeholder: str = PLACEHOLDER  # what stands where a person has to write
    targets: tuple[TargetLine, ...] = ()
    # The tasks of the year's budget that several agencies lead, each counting the whole amount:
    # "9/KH-UBND PL.1 (cùng chủ trì: Sở Ngoại vụ; Sở Văn hóa và Thể thao)"
    shared_budget: tuple[str, ...] = ()


def date_line(place: str, day: dt.date) -> str:
    """"Hà Nội, ngày 05 tháng 02 năm 2025": day below 10 and months 1-2 with a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(day: dt.date) -> str:
    """A date as documents cite one: "01/4/2022" (day two digits, month as it is)."""
    return f"{day.day:02d}/{day.month}/{day.year}"


def subject(plans: Sequence[PlanHeading], year: int, registry: Registry | None = None) -> str:
    """"Kết quả thực hiện Kế hoạch số 102/KH-UBND ngày 01/4/2022 của UBND Thành phố năm 2023".

    Plans of one issuer name it once, at the end, as the first plan writes it: with `registry`,
    however each plan writes it ("UBND Thành phố", "Ủy ban nhân dân thành phố Hà Nội")."""
    if not plans:
        return f"Kết quả thực hiện nhiệm vụ năm {year}"
    one_issuer = len({_issuer_key(registry, p.issuer) for p in plans}) == 1
    named = [f"{p.kind} số {p.number} ngày {short_date(p.date)}"
             + ("" if one_issuer else f" của {p.issuer}") for p in plans]
    listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} và {named[-1]}"
    by = f" của {plans[0].issuer}" if one_issuer else ""
    return f"Kết quả thực hiện {listed}{by} năm {year}"


def _issuer_key(registry: Registry | None, written: str) -> str:
    """The registry's id of an issuer written as `written`, or the words as written."""
    found = registry.resolve(written) if registry is not None else None
    return found.id if found is not None else written


def deadline_text(row: Row, *, source: bool = False) -> str:
    """"31/12/2023 (Hàng năm)"; "(dự kiến)" when the source says so. With `source`, where a
    deadline the item does not give itself comes from, as the Markdown report says it:
    "31/05/2023 (Tháng 5/2023, theo Kế hoạch 161/KH-UBND, mục II.1.1)". Without a deadline, by
    when it is still due: "không ghi thời hạn; trong thời kỳ kế hoạch (đến 31/12/2025)" (never
    "no deadline" at all: DOMAIN.md), with the source's time phrase if it writes one."""
    return _deadline(row.task, source)


def _deadline(task: Task, source: bool) -> str:
    if task.due is None:
        said = f" ({task.deadline_text})" if task.deadline_text else ""
        if task.plan_end == dt.date.max:
            return "không ghi thời hạn" + said
        return f"không ghi thời hạn{said}; trong thời kỳ kế hoạch (đến {task.plan_end:%d/%m/%Y})"
    said = ", ".join(filter(None, (task.deadline_text, task.deadline_source if source else None)))
    text = f"{task.due:%d/%m/%Y}" + (f" ({said})" if said else "")
    return text + (" (dự kiến)" if task.approximate else "")


def _state(row: Row) -> str:
    label = row.task.progress_label
    return f"{label} {row.days_overdue} ngày" if row.days_overdue else label


def _progress(row: Row) -> str:
    """The row's state as a sentence; a duty recurring within the year names its period first
    ("Kỳ đến hạn tháng 1/2025: chưa hoàn thành, quá hạn 125 ngày"), as its other periods are."""
    label = _state(row)
    if row.task.month:
        label = f"kỳ {row.task.period_words}: {label}"
    return f"{label[0].upper()}{label[1:]}"


def _earlier(row: Row) -> tuple[str, ...]:
    """The earlier occurrences of a recurring item still open: "kỳ năm 2022: chưa hoàn thành,
    quá hạn 350 ngày"."""
    return tuple(f"kỳ {other.task.period_words or 'khác'}: {_state(other)}"
                 for other in row.earlier)


def _part(row: Row, part: PartLine) -> Part:
    task = part.task
    ref = task.ref if task.plan == row.task.plan else f"{task.plan.split('@')[0]} {task.ref}"
    return Part(ref, part.assignment or task.title, _lead(task),
                _deadline(task, True), f"{task.progress_label} ({task.status_label})", part.body)


def _target(row: Row) -> TargetLine:
    task = row.task
    via = [f"{'' if m.plan == task.plan else m.plan.split('@')[0] + ' '}{m.ref}"
           + (" (liên kết suy luận)" if m.inferred else "")
           for m in task.mentions if m.role != "item"]
    return TargetLine(row, deadline_text(row, source=True),
                      "; ".join((_progress(row), *_earlier(row))), "; ".join(via))


def _shared_budget(dataset: Dataset, base: AgencyReport) -> tuple[str, ...]:
    """The tasks in the agency's budget of the year that several agencies lead (each lead's
    report counts their whole amount), named with their leads as of the report's year."""
    registry, day = dataset.registry, min(base.as_of, dt.date(base.year, 12, 31))
    found = dict.fromkeys(
        f"{reports.plan_number(dataset, share.plan)} {share.ref} (cùng chủ trì: "
        f"{lead_now(registry, share.lead, day) or '; '.join(queries.agency_names(registry, share.lead)[0])})"
        for row in base.budget.rows for share in row.items if len(share.lead_ids) > 1)
    return tuple(found)


def _lead(task: Task) -> str:
    """Who leads the task, and who answers for it now after a succession (Task.lead_now)."""
    return task.lead_now or "; ".join(task.lead) or "không ghi"


def _recorded(row: Row) -> str:
    task = row.task
    day = f" ngày {task.status_date:%d/%m/%Y}" if task.status_date is not None else ""
    return task.status_label + day


def _budget(row: Row) -> str:
    text = row.task.budget_text
    if not text or not text.strip():
        return "không ghi"
    return f"{text} ({row.budget_of})" if row.budget_of else text


def _update(entry: StatusRecord, ref: str | None) -> Update:
    return Update(entry.date, status.STATUS_LABELS[entry.status], entry.note, entry.evidence,
                  entry.link, entry.reason, entry.difficulties, ref)


def _listed(recipient: str) -> str:
    """A recipient as a line of "Nơi nhận" ends: with a semicolon, however it was typed ("- Sở
    Tài chính." or "Sở Tài chính" is "Sở Tài chính;"); the list's dash is the template's."""
    return recipient.strip().lstrip("-–• ").rstrip(";.,: ") + ";"


def _named(registry: Registry, written: str | None) -> str | None:
    if written is None:
        return None
    found = registry.resolve(written)
    return found.name if found else written


def _signer_title(given: Sequence[str], agency: Agency) -> tuple[str, ...]:
    lines = tuple(given) or tuple((agency.signer_title or "").splitlines())
    return tuple(line.strip().upper() for line in lines if line.strip()) or (PLACEHOLDER,)


def _names_compiler(dataset: Dataset, plans: set[str]) -> bool:
    """Whether any of `plans` (keys; all plans when empty) names the department every agency
    reports to (RECIPIENT), as a lead or a cooperating agency."""
    compiler = dataset.registry.resolve(RECIPIENT)
    if compiler is None:
        return False
    for plan_file in dataset.plans:
        if plans and plan_file.key not in plans:
            continue
        # The names a plan writes (PlanFile.named: read at once from the query index, without
        # the plans' own indexes, which a city's report lets go as it reads them)
        for written in plan_file.named:
            agency = dataset.registry.resolve(written)
            if agency is not None and agency.id == compiler.id:
                return True
    return False


def _recipient(registry: Registry, found: Agency, plans: Sequence[PlanHeading]) -> tuple[str, str]:
    """To whom the report goes and what it asks: Sở Văn hóa và Thể thao, to compile it, except
    its own report, which goes to the plans' issuer ("…" when the plans have several)."""
    compiler = registry.resolve(RECIPIENT)
    if compiler is None or compiler.id != found.id:
        return RECIPIENT, REQUEST
    issuers = {_named(registry, plan.issuer) for plan in plans}
    return (issuers.pop() or PLACEHOLDER) if len(issuers) == 1 else PLACEHOLDER, ISSUER_REQUEST


def official_report(dataset: Dataset, agency: str, year: int, as_of: dt.date,
                    options: IssuerOptions = IssuerOptions()) -> OfficialReport:
    """The report of `agency` for `year`, on `as_of`, as a document to sign and send.

    Raises QueryError for an unknown or ambiguous agency name, and for a group of agencies.
    """
    options = options.normalized()
    found = queries.find_agency(dataset.registry, agency)
    if found.kind == "group":  # no body that signs: each member reports on its own
        raise queries.QueryError(
            f"“{found.name}” là một nhóm cơ quan, không phải một cơ quan: nhóm không lập báo "
            "cáo. Mỗi cơ quan trong nhóm lập báo cáo của mình; công việc giao cho cả nhóm xem "
            f"bằng hncc tasks --agency \"{found.name}\" --role any --year {year}.")
    base = reports.agency_report(dataset, agency, year, as_of)
    items, difficulties = [], []
    for role, rows in (("chủ trì", base.led), ("phối hợp", base.supported)):
        for row in rows:
            own = (row.task.plan, row.task.ref)
            items.append(WorkItem(row, role, _lead(row.task), deadline_text(row, source=True),
                                  _progress(row), _recorded(row), _budget(row),
                                  tuple(_update(u.entry, None if (u.plan, u.ref) == own else u.ref)
                                        for u in row.updates), _earlier(row),
                                  tuple(_part(row, part) for part in row.parts)))
            difficulties += [Difficulty(reports.plan_number(dataset, u.plan), u.ref, u.entry.date,
                                        u.entry.difficulties)
                             for u in row.updates if u.entry.difficulties]
    parent = options.parent or _named(dataset.registry, found.parent)
    # Plan 102 (V.2) has every agency it names report to Sở Văn hóa và Thể thao, in Hà Nội; a
    # report on plans that never name that department (another province's) is left to fill in.
    compiled = _names_compiler(dataset, {row.task.plan for row in (*base.led, *base.supported)})
    place = options.place or (PLACE if compiled else PLACEHOLDER)
    day = options.date or as_of
    recipient, request = _recipient(dataset.registry, found, base.plans)
    if not compiled and recipient == RECIPIENT:
        recipient = PLACEHOLDER
    return OfficialReport(
        report=base, parent=(parent or PLACEHOLDER).upper(), issuer=found.name.upper(),
        number=options.number or PLACEHOLDER, code=options.code or found.code or PLACEHOLDER,
        kind_code=KIND_CODE, nation=NATION, motto=MOTTO, place=place, date=day,
        date_line=date_line(place, day), document_kind=DOCUMENT_KIND,
        subject=subject(base.plans, year, dataset.registry),
        recipient=recipient, request=request,
        items=tuple(items), difficulties=tuple(difficulties),
        recipients=(*STANDARD_RECIPIENTS[:1],
                    *(_listed(r) for r in options.recipients if _listed(r) != ";"),
                    *STANDARD_RECIPIENTS[1:]),
        signer_title=_signer_title(options.signer_title, found), signer=options.signer or PLACEHOLDER,
        targets=tuple(_target(row) for row in base.targets),
        shared_budget=_shared_budget(dataset, base),
    )
