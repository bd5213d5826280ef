"""The validated model of plan and agency files (Pydantic v2).

Field names are the YAML keys (see docs/data-format.md). Validation errors that are about meaning
rather than type carry a stable code as their error type (PydanticCustomError), so the loader can
report them as problems with that code.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Sequence
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from hncc.domain import deadlines, money
from hncc.domain.deadlines import Occurrence
from hncc.domain.text import thousands


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, values are not silently coerced."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def _no_float(value: Any) -> Any:
    if isinstance(value, float):
        # Python's words for a float out of range ("inf", "nan") are no amount people read
        said = (str(value) if math.isfinite(value)
                else "quá lớn" if math.isinf(value) else "không phải một số")
        raise PydanticCustomError(
            "float-amount",
            "Số tiền {value} được đọc thành số thực dấu phẩy động; viết trong dấu nháy, "
            'ví dụ "1.5" (tỷ đồng), để giữ giá trị chính xác.',
            {"value": said},
        )
    return value


def _possible_amount(value: Decimal) -> Decimal:
    try:
        return money.check_amount(value)
    except money.ImpossibleAmount as error:
        raise PydanticCustomError(
            "budget-invalid", "Số tiền {value} {reason}.", {"value": _short(value), "reason": str(error)},
        ) from None


def _short(value: object, limit: int = 40) -> str:
    """A value as text for a message, cut when it is absurdly long (a 5,000-digit number)."""
    text = str(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({thousands(len(text))} ký tự)"


Amount = Annotated[Decimal, BeforeValidator(_no_float), AfterValidator(_possible_amount)]


def _day_month(value: Any) -> Any:
    if isinstance(value, str):
        try:
            deadlines.parse_day_month(value)
        except ValueError:
            raise PydanticCustomError(
                "invalid-date", "“{value}” không phải một ngày trong năm (dạng DD/MM).",
                {"value": value},
            ) from None
    return value


DayMonth = Annotated[str, BeforeValidator(_day_month)]
FIRST_YEAR, LAST_YEAR = 1900, 2200  # the years hncc reckons with; outside them a year is a typo


def _in_range(value: dt.date) -> dt.date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise PydanticCustomError(
            "date-out-of-range",
            "Ngày {value} nằm ngoài các năm {first}–{last} mà hncc tính đến; kiểm tra lại năm.",
            {"value": f"{value:%d/%m/%Y}", "first": FIRST_YEAR, "last": LAST_YEAR},
        )
    return value


Day = Annotated[dt.date, AfterValidator(_in_range)]


class Deadline(Strict):
    """A deadline: the verbatim phrase and the structured value it means."""

    text: str | None = None
    due: Day | None = None
    start: Day | None = None
    every_years: int | None = Field(default=None, ge=1, le=100)
    every_months: int | None = Field(default=None, ge=1, le=12)  # within a year (EVERY_MONTHS)
    day_of_month: int | None = Field(default=None, ge=1, le=31)  # with every_months
    next_month: bool = False  # with every_months: due in the month after each period
    periods: list[int] | None = None  # with every_months: only these periods of each year
    first_year: int | None = Field(default=None, ge=FIRST_YEAR, le=LAST_YEAR)
    last_year: int | None = Field(default=None, ge=FIRST_YEAR, le=LAST_YEAR)
    day: DayMonth | None = None
    window_start: DayMonth | None = None
    approximate: bool = False
    _phrase_unread: bool = PrivateAttr(default=False)

    @model_validator(mode="before")
    @classmethod
    def _phrase_form(cls, value: Any) -> Any:
        """A bare phrase is shorthand for {text: phrase}; a bare year (`deadline: 2026`, which
        YAML reads as a number) is the phrase "2026"."""
        if isinstance(value, int) and not isinstance(value, bool):
            return {"text": str(value)}
        if isinstance(value, list):  # "deadline: [Quý II/2023, Quý IV/2023]"
            raise PydanticCustomError(
                "wrong-type",
                "“deadline” là một cụm từ thời hạn (“deadline: Quý II/2022”) hoặc một nhóm “text: …” "
                "với các khóa cấu trúc, không phải một danh sách: một mục có một thời hạn. Nguồn ghi "
                "nhiều mốc thì ghi mỗi mốc ở mục con của nó, hoặc chép nguyên câu của nguồn vào "
                "“time_text” và ghi lý do vào “no_deadline”.")
        return {"text": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _merge_phrase(self) -> Deadline:
        structured = (self.due is not None or self.every_years is not None
                      or self.every_months is not None)
        if not self.text:
            if not structured:
                raise PydanticCustomError(
                    "deadline-empty", "Thời hạn trống: ghi cụm từ của nguồn vào “text”, "
                    "hoặc bỏ hẳn “deadline” và ghi lý do vào “no_deadline”.",
                )
            return self._consistent()
        try:
            parsed = deadlines.read_phrase(self.text)
        except deadlines.ImpossibleDeadline as error:
            if not structured:
                # Periods apart or a fifth week may well be what the source says: not "cannot be"
                said = ("không thành một hạn" if isinstance(error, deadlines.NotOneDeadline)
                        else "không thể đúng")
                raise PydanticCustomError(
                    "deadline-invalid",
                    "Thời hạn “{text}” {said}: {reason}. Sửa theo nguồn; nếu nguồn viết đúng như "
                    "vậy, ghi giá trị cấu trúc bên cạnh, ví dụ “deadline: {example}”.",
                    {"text": _short(self.text, 200), "said": said, "reason": str(error),
                     "example": "{text: …, due: 2023-12-31}"},
                ) from None
            parsed = None
        if parsed is None:
            if not structured:
                raise PydanticCustomError(
                    "deadline-unreadable",
                    "Không đọc được thời hạn “{text}”. Nếu cụm từ có nói một thời hạn, ghi giá trị "
                    "cấu trúc bên cạnh, ví dụ “deadline: {example}”; nếu không (“Thường xuyên”, "
                    "“Theo kế hoạch riêng”), thay “deadline” bằng “time_text: {text}” và ghi lý do "
                    "vào “no_deadline”.",
                    {"text": _short(self.text, 200), "example": "{text: …, due: 2023-12-31}"},
                )
            self._phrase_unread = True
            return self._consistent()
        for name, value in parsed.items():
            written = getattr(self, name)
            if name in self.model_fields_set and written != value:
                raise PydanticCustomError(
                    "deadline-mismatch",
                    "Thời hạn “{text}” có nghĩa {name} = {parsed}, nhưng giá trị ghi là {written}. "
                    "Sửa một trong hai cho khớp.",
                    {"text": self.text, "name": name, "parsed": str(value), "written": str(written)},
                )
            if isinstance(value, dt.date):
                _in_range(value)  # "Năm 9999": the phrase's dates are bounded like written ones
            object.__setattr__(self, name, value)
        if self.every_years is None and self.due is None and self.every_months is None:
            raise PydanticCustomError("deadline-unreadable", "Thời hạn không có ngày đến hạn.")
        return self._consistent()

    def _consistent(self) -> Deadline:
        """Refuse structured fields that contradict each other (a start after the due date…)."""
        try:
            deadlines.check_fields(due=self.due, start=self.start, first_year=self.first_year,
                                   last_year=self.last_year, day=self.day,
                                   window_start=self.window_start, every_years=self.every_years,
                                   every_months=self.every_months,
                                   day_of_month=self.day_of_month, next_month=self.next_month,
                                   periods=self.periods)
        except deadlines.ImpossibleDeadline as error:
            raise PydanticCustomError(
                "deadline-invalid", "Thời hạn “{text}” không thể đúng: {reason}.",
                {"text": _short(self.text or "", 200), "reason": str(error)},
            ) from None
        return self

    @property
    def phrase_unread(self) -> bool:
        """True when the phrase could not be read and the structured value stands alone."""
        return self._phrase_unread

    @property
    def recurring(self) -> bool:
        return self.every_years is not None or self.every_months is not None

    def occurrences(self, horizon: tuple[int, int]) -> list[Occurrence]:
        return deadlines.occurrences(
            due=self.due, start=self.start, every_years=self.every_years,
            first_year=self.first_year, last_year=self.last_year, day=self.day,
            window_start=self.window_start, approximate=self.approximate, horizon=horizon,
            every_months=self.every_months, day_of_month=self.day_of_month,
            next_month=self.next_month, periods=self.periods,
        )

    def due_months(self, horizon: tuple[int, int], year: int | None = None) -> list[int]:
        """The months its occurrences (of `year`, if given) fall due, in order: 3, 6, 9, 12 for
        "Hằng quý"; 4, 7, 10 in a plan's first year and 1 in the year after its last for "ngày
        15 tháng đầu quý sau". None of them for a deadline that does not recur within the year."""
        return sorted({o.month for o in self.occurrences(horizon)
                       if o.month is not None and year in (None, o.year)})

    def occurrence_years(self, horizon: tuple[int, int]) -> list[int]:
        """The years a recurring deadline's occurrences are named by (a status's `year`): those
        they fall due in, the January after the plan's last year too for `next_month`."""
        return sorted({o.year for o in self.occurrences(horizon) if o.year is not None})

    def years(self, horizon: tuple[int, int]) -> list[int]:
        """The calendar years the deadline spans: each occurrence year, or start..due. A period's
        report due the month after it (`next_month`) belongs to the period's year: the fourth
        quarter of 2026, due 15/01/2027, does not add 2027 (its money is of the plan's years)."""
        if self.recurring:
            return sorted({o.due.year - 1 if self.next_month and o.due.month == 1 else o.due.year
                           for o in self.occurrences(horizon)})
        if self.due is None:
            return []
        first = self.start.year if self.start else self.due.year
        return list(range(first, self.due.year + 1))


FundingSource = Literal["ngan_sach", "xa_hoi_hoa"]


class Budget(Strict):
    """An estimated budget: the verbatim cell and its value in tỷ đồng."""

    text: str | None = None
    amount: Amount | None = None
    per_year: bool | None = None
    source: FundingSource | None = None
    split: dict[int, Amount] | None = None
    _phrase_unread: bool = PrivateAttr(default=False)

    @model_validator(mode="before")
    @classmethod
    def _phrase_form(cls, value: Any) -> Any:
        """A bare phrase is shorthand for {text: phrase}. A bare number (`budget: 1.5`) has no
        unit, and YAML has already read "1.500" as 1.5: refused, asking for the cell as written."""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            raise PydanticCustomError(
                "budget-unreadable",
                "Kinh phí {value} là một con số không có đơn vị. Viết ô kinh phí như nguồn, kèm đơn "
                "vị và trong dấu nháy, ví dụ “1,5 tỷ”, “500 triệu”, “2 tỷ/năm”; hoặc ghi "
                "“{example}” (amount tính bằng tỷ đồng).",
                {"value": _short(value), "example": "{text: …, amount: …}"},
            )
        return {"text": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _merge_phrase(self) -> Budget:
        if self.text is None:
            return self
        parsed = money.parse_phrase(self.text)
        if parsed and parsed["amount"] is not None:
            try:
                money.check_amount(parsed["amount"])
            except money.ImpossibleAmount as error:
                raise PydanticCustomError(
                    "budget-invalid", "Kinh phí “{text}”: số tiền {reason}.",
                    {"text": _short(self.text), "reason": str(error)},
                ) from None
        if parsed is None:
            fixed = money.with_decimal_comma(self.text)
            if self.amount is None and fixed:
                raise PydanticCustomError(
                    "budget-unreadable",
                    "Không đọc được kinh phí “{text}”: số thập phân viết với dấu phẩy (dấu chấm "
                    "ngăn cách hàng nghìn). Nếu là số thập phân, viết “{fixed}”.",
                    {"text": self.text, "fixed": fixed},
                )
            if self.amount is None:
                raise PydanticCustomError(
                    "budget-unreadable",
                    "Không đọc được kinh phí “{text}”. Viết như “2 tỷ/năm”, “1,5 tỷ”, “500 triệu”, "
                    "“-” (không có kinh phí) hoặc “” (không ghi); hoặc ghi “amount” bên cạnh.",
                    {"text": self.text},
                )
            self._phrase_unread = True
            return self
        if not parsed and self.amount is not None:
            raise PydanticCustomError(
                "budget-mismatch",
                "Kinh phí ghi “{text}” (không có số tiền) nhưng “amount” là {amount}.",
                {"text": self.text, "amount": str(self.amount)},
            )
        for name, value in parsed.items():
            written = getattr(self, name)
            if name in self.model_fields_set and written != value:
                raise PydanticCustomError(
                    "budget-mismatch",
                    "Kinh phí “{text}” có nghĩa {name} = {parsed}, nhưng giá trị ghi là {written}.",
                    {"text": self.text, "name": name, "parsed": str(value), "written": str(written)},
                )
            object.__setattr__(self, name, value)
        return self

    @property
    def phrase_unread(self) -> bool:
        return self._phrase_unread

    @property
    def state(self) -> Literal["amount", "none", "not_stated"]:
        """'amount' (a figure), 'none' (written "-") or 'not_stated' (empty cell)."""
        if self.amount is not None:
            return "amount"
        if self.text is not None and money.is_no_budget(self.text):
            return "none"
        return "not_stated"


StatusValue = Literal["not_started", "in_progress", "done", "cancelled", "suspended"]


class StatusEntry(Strict):
    """One recorded update of an entry's status. The history is append-only."""

    date: Day
    status: StatusValue
    year: int | None = Field(default=None, ge=FIRST_YEAR, le=LAST_YEAR)
    # The month an occurrence of a deadline recurring within the year falls due (with `year`):
    # 3 for "tháng 3" of a monthly duty, 6 for "quý II" of a quarterly one.
    month: int | None = Field(default=None, ge=1, le=12)
    note: str | None = None
    evidence: str | None = None
    link: str | None = None
    reason: str | None = None
    difficulties: str | None = None  # what stands in the way, as the agency reports it

    @model_validator(mode="after")
    def _reason_for_stop(self) -> StatusEntry:
        if self.month is not None and self.year is None:
            raise PydanticCustomError(
                "status-month-without-year",
                "Trạng thái ghi “month: {month}” mà không có “year”: ghi cả năm của kỳ, ví dụ "
                "“year: 2025, month: {month}”.", {"month": self.month})
        if self.status in ("cancelled", "suspended") and not self.reason:
            raise PydanticCustomError(
                "status-reason-missing",
                "Trạng thái “{status}” cần lý do: thêm “reason: …”.", {"status": self.status},
            )
        return self


AgencyRef = str
ContentKind = Literal["group", "activity", "initiative", "assignment"]


class Entry(Strict):
    """What targets, content items, duties and appendix rows have in common."""

    ref: str = Field(min_length=1)
    title: str | None = None
    assignment: str | None = None
    body: list[str] = []
    lead: list[AgencyRef] = []
    cooperating: list[AgencyRef] = []
    lead_text: str | None = None
    cooperating_text: str | None = None
    deadline: Deadline | None = None
    no_deadline: str | None = None
    budget: Budget | None = None
    dossier: list[str] = []
    # What plans of other cities state beside these (all verbatim from the source):
    outputs: str | None = None          # "Sản phẩm đầu ra", "Kết quả dự kiến"
    funding_source: str | None = None   # "Nguồn kinh phí": "Ngân sách tỉnh", "Xã hội hóa"
    time_text: str | None = None        # a time phrase hncc cannot read ("Thường xuyên")
    implements: str | None = None
    inferred: str | None = None
    no_lead: str | None = None
    note: str | None = None
    status: list[StatusEntry] = []

    @property
    def is_group(self) -> bool:
        return getattr(self, "kind", None) == "group"


class Target(Entry):
    """A result the plan aims at (chỉ tiêu): reached or not, never a task of its own.

    `achieved_by` names the entries (an appendix row, a content item) whose work reaches it;
    `unlinked` says why a target names none.
    """

    kind: Literal["target"] = "target"
    achieved_by: list[str] = []
    unlinked: str | None = None


class ContentItem(Entry):
    kind: ContentKind


class Duty(Entry):
    kind: Literal["group", "duty"] = "duty"


class AppendixRow(Entry):
    kind: Literal["group", "row"] = "row"
    directing: AgencyRef | None = None
    summarizes: list[str] = []


class Appendix(Strict):
    title: str | None = None
    rows: list[AppendixRow] = []


class Horizon(Strict):
    start: int = Field(ge=FIRST_YEAR, le=LAST_YEAR)
    end: int = Field(ge=FIRST_YEAR, le=LAST_YEAR)

    @model_validator(mode="after")
    def _ordered(self) -> Horizon:
        if self.end < self.start:
            raise PydanticCustomError(
                "invalid-horizon", "Năm kết thúc {end} trước năm bắt đầu {start}.",
                {"start": self.start, "end": self.end},
            )
        return self


class Citation(Strict):
    """A document the plan cites ("Căn cứ Kế hoạch 102/KH-UBND ngày 01/4/2022 …")."""

    kind: str
    number: str
    date: Day | None = None
    issuer: AgencyRef | None = None
    relation: Literal["thực hiện", "căn cứ"] | None = None
    text: str | None = None
    where: str = "header"
    note: str | None = None


class Gap(Strict):
    where: str
    note: str


class Source(Strict):
    document: str | None = None
    description: str | None = None
    url: str | None = None
    complete: bool = True
    gaps: list[Gap] = []

    @model_validator(mode="after")
    def _gaps_when_incomplete(self) -> Source:
        if not self.complete and not self.gaps:
            raise PydanticCustomError(
                "source-gap-missing", "Nguồn ghi “complete: false” nhưng không nói thiếu gì: "
                "thêm “gaps: [{where: …, note: …}]”.",
            )
        return self


class Plan(Strict):
    """One plan ("Kế hoạch 102/KH-UBND ngày 01/4/2022"), encoded from its source text."""

    number: str = Field(min_length=1)
    kind: str = "Kế hoạch"
    issuer: AgencyRef
    date: Day
    signer: str | None = None
    signer_title: str | None = None
    title: str
    horizon: Horizon | None = None
    attached_to: Citation | None = None  # the decision a plan with no number of its own came with
    cites: list[Citation] = []
    source: Source = Source()
    purpose: list[str] = []
    requirements: list[str] = []
    funding: str | None = None
    targets: list[Target] = []
    content: list[ContentItem] = []
    duties: list[Duty] = []
    appendix: Appendix | None = None

    @field_validator("number")
    @classmethod
    def _number_shape(cls, value: str) -> str:
        if "@" in value or ":" in value:
            raise PydanticCustomError(
                "invalid-value", "Số hiệu “{value}” không được chứa “@” hoặc “:”.", {"value": value}
            )
        return value

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def key(self) -> str:
        """The plan's identity: number and year, e.g. "102/KH-UBND@2022"."""
        return f"{self.number}@{self.year}"

    @property
    def label(self) -> str:
        return f"{self.number} ({self.date:%d/%m/%Y})"

    @property
    def years(self) -> tuple[int, int]:
        """The horizon as (first, last) year; a plan without one covers its own year."""
        if self.horizon:
            return (self.horizon.start, self.horizon.end)
        return (self.year, self.year)

    def sections(self) -> Iterator[tuple[str, Sequence[Entry]]]:
        """(YAML key, entries) for each list of entries, in document order."""
        yield "targets", self.targets
        yield "content", self.content
        yield "duties", self.duties
        if self.appendix is not None:
            yield "appendix", self.appendix.rows

    def entries(self) -> Iterator[Entry]:
        for _, entries in self.sections():
            yield from entries

    @cached_property
    def by_ref(self) -> dict[str, Entry]:
        return {entry.ref: entry for entry in self.entries()}

    def located_entries(self) -> Iterator[tuple[tuple, Entry]]:
        """(path in the YAML file, entry) for every entry, in document order."""
        for key, entries in self.sections():
            prefix = ("appendix", "rows") if key == "appendix" else (key,)
            for index, entry in enumerate(entries):
                yield (*prefix, index), entry

    @cached_property
    def _paths(self) -> dict[int, tuple]:
        return {id(entry): path for path, entry in self.located_entries()}

    def yaml_path(self, entry: Entry) -> tuple:
        """Where `entry` sits in the YAML file, as a path of keys and indexes."""
        return self._paths[id(entry)]

    def parent(self, entry: Entry) -> Entry | None:
        """The entry whose ref is the longest proper prefix of this one's ("III.1.2" of "III.1.2.a")."""
        ref = entry.ref
        while True:
            cut = max(ref.rfind("."), ref.rfind("-"))
            if cut <= 0:
                return None
            ref = ref[:cut]
            found = self.by_ref.get(ref)
            if found is not None:
                return found

    def deadline_of(self, entry: Entry) -> Deadline | None:
        """The entry's deadline, or else that of the appendix row summarizing it (or an entry
        above it): a part of a work item keeps the row's deadline (hncc.queries.workitems)."""
        if entry.deadline is not None:
            return entry.deadline
        refs = set()
        current: Entry | None = entry
        while current is not None:
            refs.add(current.ref)
            current = self.parent(current)
        rows = self.appendix.rows if self.appendix else []
        return next((r.deadline for r in rows if refs & set(r.summarizes) and r.deadline), None)

    def display_title(self, entry: Entry) -> str:
        """A title for tables: the entry's own, or its parent's with the assignment sentence.

        A duty of section V is titled by what it asks (its body), not by the agency heading it.
        """
        if getattr(entry, "kind", None) == "duty" and entry.body:
            return " ".join(entry.body)
        if entry.title:
            return entry.title
        parent = self.parent(entry)
        head = self.display_title(parent) if parent else ""
        tail = entry.assignment or (entry.body[0] if entry.body else "")
        return f"{head} — {tail}" if head and tail else head or tail or entry.ref


AgencyKind = Literal[
    "city_government", "city_department", "city_unit", "district_committee", "commune_committee",
    "party_mass_org", "association", "central_body", "international_body", "enterprise", "press",
    "education", "group",
]


class Succession(Strict):
    """This agency's duties passed to `successor` from a date, by the act named in `source`.

    The short form, written under the agency; `successions:` (SuccessionRecord) says more.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    successor: str
    from_: Day = Field(alias="from")
    source: str = Field(min_length=1)


SuccessionKind = Literal["merged_into", "merged_to_form", "split_among", "abolished"]


class PressReport(Strict):
    """A newspaper's report of the act: its name as written, and the date of the report."""

    name: str = Field(min_length=1)
    date: Day | None = None


class SuccessionSource(Strict):
    """The act that decided a succession, as its reports name it, and the press reports."""

    act: str | None = None
    date: Day | None = None  # the day the act was passed or signed
    press: list[PressReport] = []


class SuccessionRecord(Strict):
    """From `from` on, the duties of `predecessors` are with `successors` (registry ids).

    `from` is left out when the date is not known; `others` names predecessors that are not in
    the registry, as the source writes them. `source` is required by `hncc check`, which says so
    with the record's line (a missing key would otherwise refuse the whole record).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    kind: SuccessionKind
    predecessors: list[str] = Field(min_length=1)
    others: list[str] = []
    successors: list[str] = []
    from_: Day | None = Field(default=None, alias="from")
    source: SuccessionSource | None = None
    note: str | None = None


class Agency(Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    name: str = Field(min_length=1)
    short: list[str] = []
    aliases: list[str] = []
    kind: AgencyKind
    succession: list[Succession] = []
    note: str | None = None
    # What heads its official documents (Decree 30/2020/NĐ-CP), recorded only from a source:
    parent: AgencyRef | None = None  # the body above it ("UBND Thành phố")
    code: str | None = None  # its code in document numbers ("SVHTT" in "…/BC-SVHTT")
    signer_title: str | None = None  # who signs its reports ("GIÁM ĐỐC")

    @property
    def names(self) -> list[str]:
        """Every way to write this agency: id, official name, short names, aliases."""
        return [self.id, self.name, *self.short, *self.aliases]


class AgencyFile(Strict):
    agencies: list[Agency]
    successions: list[SuccessionRecord] = []
