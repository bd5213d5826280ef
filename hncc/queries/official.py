"""An agency's report as the official document it sends (Decree 30/2020/NĐ-CP, Appendix I).

Built on the report data of hncc.queries.reports, it adds what makes the report a document a
department can sign: who issues it (parent body, code, signer title: from the registry or the
caller's options, never guessed; "…" where nobody said), its number, place and date, the subject
line naming the plans and the year, the recipient, and for each work item what was done: the
notes of its status updates with the number and date of the documents that prove them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from hncc.data.dataset import Dataset
from hncc.domain import status
from hncc.domain.agencies import Agency, Registry
from hncc.queries import reports
from hncc.queries import tasks as queries
from hncc.queries.entries import StatusRecord
from hncc.queries.reports import AgencyReport, PlanHeading, Row

PLACEHOLDER = "…"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECIPIENT = "Sở Văn hóa và Thể thao"  # plan 102, V.2: every agency reports to it yearly
# ... and it reports, with what it compiled, to the city's committee (102, V.2 and V.3).
RECIPIENT_OF_RECIPIENT = "UBND Thành phố"
PLACE = "Hà Nội"
DOCUMENT_KIND = "BÁO CÁO"
KIND_CODE = "BC"  # "Số: …/BC-SVHTT"
STANDARD_RECIPIENTS = ("Như trên;", "Lưu: VT.")


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
class WorkItem:
    """One work item of the report: the task, the agency's role, its state and what was done."""

    row: Row
    role: str  # "chủ trì" or "phối hợp"
    deadline: str
    progress: str  # two-by-two, with the days overdue: "Chưa hoàn thành, quá hạn 198 ngày"
    recorded: str  # the status in force as recorded: "đã hoàn thành ngày 15/11/2023"
    budget: str
    updates: tuple[Update, ...]


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
    items: tuple[WorkItem, ...]
    difficulties: tuple[Difficulty, ...]
    recipients: tuple[str, ...]
    signer_title: tuple[str, ...]
    signer: str
    placeholder: str = PLACEHOLDER  # what stands where a person has to write


def date_line(place: str, day: dt.date) -> str:
    """"Hà Nội, ngày 05 tháng 02 năm 2025": day below 10 and months 1-2 with a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(day: dt.date) -> str:
    """A date as documents cite one: "01/4/2022" (day two digits, month as it is)."""
    return f"{day.day:02d}/{day.month}/{day.year}"


def subject(plans: Sequence[PlanHeading], year: int) -> str:
    """"Kết quả thực hiện Kế hoạch số 102/KH-UBND ngày 01/4/2022 của UBND Thành phố năm 2023"."""
    if not plans:
        return f"Kết quả thực hiện nhiệm vụ năm {year}"
    one_issuer = len({p.issuer for p in plans}) == 1
    named = [f"{p.kind} số {p.number} ngày {short_date(p.date)}"
             + ("" if one_issuer else f" của {p.issuer}") for p in plans]
    listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} và {named[-1]}"
    by = f" của {plans[0].issuer}" if one_issuer else ""
    return f"Kết quả thực hiện {listed}{by} năm {year}"


def deadline_text(row: Row) -> str:
    """"31/12/2023 (Hàng năm)", "không có hạn"; "(dự kiến)" when the source says so."""
    task = row.task
    if task.due is None:
        return "không có hạn"
    text = f"{task.due:%d/%m/%Y}"
    if task.deadline_text:
        text += f" ({task.deadline_text})"
    return text + (" (dự kiến)" if task.approximate else "")


def _progress(row: Row) -> str:
    label = row.task.progress_label
    if row.days_overdue:
        label += f" {row.days_overdue} ngày"
    return f"{label[0].upper()}{label[1:]}"


def _recorded(row: Row) -> str:
    task = row.task
    day = f" ngày {task.status_date:%d/%m/%Y}" if task.status_date is not None else ""
    return task.status_label + day


def _budget(text: str | None) -> str:
    return text if text and text.strip() else "không ghi"


def _update(entry: StatusRecord, ref: str | None) -> Update:
    return Update(entry.date, status.STATUS_LABELS[entry.status], entry.note, entry.evidence,
                  entry.link, entry.reason, entry.difficulties, ref)


def _named(registry: Registry, written: str | None) -> str | None:
    if written is None:
        return None
    found = registry.resolve(written)
    return found.name if found else written


def recipient(registry: Registry, agency: Agency) -> str:
    """To whom `agency` sends its report: Sở Văn hóa và Thể thao, or the city's committee when
    the agency is Sở Văn hóa và Thể thao itself (it compiles the others' reports for it)."""
    compiler = registry.resolve(RECIPIENT)
    return RECIPIENT_OF_RECIPIENT if compiler is not None and compiler.id == agency.id else RECIPIENT


def _signer_title(given: Sequence[str], agency: Agency) -> tuple[str, ...]:
    lines = tuple(given) or tuple((agency.signer_title or "").splitlines())
    return tuple(line.strip().upper() for line in lines if line.strip()) or (PLACEHOLDER,)


def official_report(dataset: Dataset, agency: str, year: int, as_of: dt.date,
                    options: IssuerOptions = IssuerOptions()) -> OfficialReport:
    """The report of `agency` for `year`, on `as_of`, as a document to sign and send.

    Raises QueryError for an unknown or ambiguous agency name.
    """
    base = reports.agency_report(dataset, agency, year, as_of)
    found = queries.find_agency(dataset.registry, agency)
    numbers = {plan_file.key: plan_file.number for plan_file in dataset.plans}
    items, difficulties = [], []
    for role, rows in (("chủ trì", base.led), ("phối hợp", base.supported)):
        for row in rows:
            own = (row.task.plan, row.task.ref)
            items.append(WorkItem(row, role, deadline_text(row), _progress(row), _recorded(row),
                                  _budget(row.task.budget_text),
                                  tuple(_update(u.entry, None if (u.plan, u.ref) == own else u.ref)
                                        for u in row.updates)))
            difficulties += [Difficulty(numbers[u.plan], u.ref, u.entry.date, u.entry.difficulties)
                             for u in row.updates if u.entry.difficulties]
    parent = options.parent or _named(dataset.registry, found.parent)
    place = options.place or PLACE
    day = options.date or as_of
    return OfficialReport(
        report=base, parent=(parent or PLACEHOLDER).upper(), issuer=found.name.upper(),
        number=options.number or PLACEHOLDER, code=options.code or found.code or PLACEHOLDER,
        kind_code=KIND_CODE, nation=NATION, motto=MOTTO, place=place, date=day,
        date_line=date_line(place, day), document_kind=DOCUMENT_KIND,
        subject=subject(base.plans, year),
        recipient=recipient(dataset.registry, found),
        items=tuple(items), difficulties=tuple(difficulties),
        recipients=(*STANDARD_RECIPIENTS[:1], *options.recipients, *STANDARD_RECIPIENTS[1:]),
        signer_title=_signer_title(options.signer_title, found), signer=options.signer or PLACEHOLDER,
    )
