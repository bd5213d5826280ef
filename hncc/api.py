"""Every command as a library function: arguments in, plain result data out. Nothing prints here.

The Typer commands in hncc.cli parse options, call one of these and render its result. Questions
about the plans take a loaded dataset (hncc.data.loader.load, which the command line runs first,
so that it can say when the data has errors); commands that read or write files take the data
folder. Problems a user can fix raise an exception whose message is for users: QueryError (a
name that names nothing), UsageError (arguments that cannot work), EditRefused, CannotFormat,
RevisionError, ImportRefused.

Modules that only some commands need (Pydantic, the YAML parser, Jinja, git) are imported inside
those functions, so that the other commands start without them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hncc.data import loader
from hncc.data.dataset import Dataset, PlanFile
from hncc.domain.problems import Problem, Severity
from hncc.domain.text import thousands
from hncc.queries import tasks as queries
from hncc.queries.tasks import QueryError, Role

if TYPE_CHECKING:
    from hncc.data.model import StatusEntry
    from hncc.edit.form_import import FormReading
    from hncc.edit.status_edit import StatusEdit
    from hncc.importer.draft import Draft
    from hncc.queries.budget import BudgetOverview, YearBudget
    from hncc.queries.diff import Comparison
    from hncc.queries.official import IssuerOptions
    from hncc.queries.workload import AgencyRecord, Workload

__all__ = ["QueryError", "UsageError"]


class UsageError(ValueError):
    """Arguments that cannot work together or name no valid value; the message is for users."""


class ImportRefused(ValueError):
    """A text `hncc import` will not read (too large, not a plan); the message is for users."""


# --- check -----------------------------------------------------------------------------------


@dataclass
class CheckResult:
    dataset: Dataset
    problems: list[Problem]
    strict: bool

    @property
    def ok(self) -> bool:
        """No errors; with --strict, no warnings either."""
        limit = Severity.WARNING if self.strict else Severity.ERROR
        return all(p.severity < limit for p in self.problems)

    @property
    def entries(self) -> int:
        """How many entries the valid plans hold."""
        return sum(pf.size for pf in self.dataset.plans)


def check(data_dir: Path, strict: bool = False, progress: loader.Progress | None = None) -> CheckResult:
    """Load everything under `data_dir` and report every problem, strict checks included if asked."""
    dataset, problems = loader.load(data_dir, progress=progress)
    if strict:
        from hncc.data import checks

        problems = sorted(problems + checks.run(dataset, checks.STRICT))
    return CheckResult(dataset, problems, strict)


# --- questions about the plans ------------------------------------------------------------------


def overdue(dataset: Dataset, as_of: dt.date, *, plan: str | None = None, agency: str | None = None,
            role: Role = "lead", year: int | None = None, status: str | None = None,
            mentions: bool = True) -> list[queries.OverdueTask]:
    """Occurrences past their due date on `as_of` that nothing records done or cancelled;
    without `mentions`, their `mentions` left empty (for output that does not show them)."""
    dataset = as_issued(dataset, as_of, plan)
    where = queries.scope(dataset, as_of, plan=plan, agency=agency, role=role, year=year,
                          status=status)
    return queries.overdue(dataset, as_of, where, mentions)


def upcoming(dataset: Dataset, as_of: dt.date, within: int, *, plan: str | None = None,
             agency: str | None = None, role: Role = "lead",
             status: str | None = None) -> list[queries.Task]:
    """Occurrences not done that fall due in the `within` days after `as_of`."""
    dataset = as_issued(dataset, as_of, plan)
    where = queries.scope(dataset, as_of, plan=plan, agency=agency, role=role, status=status)
    return queries.upcoming(dataset, as_of, within, where)


def tasks(dataset: Dataset, as_of: dt.date, *, plan: str | None = None, agency: str | None = None,
          role: Role = "lead", year: int | None = None, status: str | None = None,
          kind: str | None = None, unassigned: bool = False) -> list[queries.Task]:
    """Every occurrence of every task, one row each, filtered; with `unassigned`, only the open
    ones whose lead ended with no one named to take them over (to reassign)."""
    dataset = as_issued(dataset, as_of, plan)
    where = queries.scope(dataset, as_of, plan=plan, agency=agency, role=role, year=year,
                          status=status, kind=kind)
    if unassigned:
        from hncc.queries import responsibility

        return responsibility.unassigned(dataset, as_of, where)
    return queries.tasks(dataset, as_of, where)


def each_task(dataset: Dataset, as_of: dt.date, *, plan: str | None = None,
              agency: str | None = None, role: Role = "lead", year: int | None = None,
              status: str | None = None, kind: str | None = None) -> Iterator[queries.Task]:
    """`tasks` (without `unassigned`), one at a time as they are made: for writing a long list
    without holding it whole. The filters are checked at once (QueryError)."""
    dataset = as_issued(dataset, as_of, plan)
    where = queries.scope(dataset, as_of, plan=plan, agency=agency, role=role, year=year,
                          status=status, kind=kind)
    return queries.each_task(dataset, as_of, where)


def succession_notice(dataset: Dataset, agency: str | None, as_of: dt.date) -> str | None:
    """For an `--agency` whose duties passed to others by `as_of`: who answers now, and why."""
    if not agency or not dataset.registry.successions:
        return None
    from hncc.queries import responsibility

    return responsibility.notice(dataset.registry, queries.find_agency(dataset.registry, agency),
                                 as_of)


def as_issued(dataset: Dataset, as_of: dt.date, plan: str | None = None) -> Dataset:
    """The data as it stood on `as_of`: the plans issued by then (Dataset.issued_by), which
    every question about the plans asks (a plan issued later has no tasks, budget or roles
    yet, and gives none to the work of earlier plans). QueryError when `plan` names a plan
    issued after `as_of`."""
    issued = dataset.issued_by(as_of)
    if plan and issued is not dataset:
        found = queries.find_plan(dataset, plan)
        if found.head.date > as_of.toordinal():
            raise QueryError(f"{issued_after(found, as_of)}: đến ngày đó kế hoạch chưa có nên "
                             "chưa có nhiệm vụ, kinh phí hay phân công nào. Chọn ngày tính "
                             "(--as-of) từ ngày ban hành trở đi.")
    return issued


def issued_after(plan: PlanFile, as_of: dt.date) -> str:
    """"Kế hoạch … ban hành ngày …, sau ngày tính …" of a plan issued after `as_of`."""
    return (f"Kế hoạch {plan.key} ban hành ngày {_day(plan.head.date)}, sau ngày tính "
            f"{as_of:%d/%m/%Y}")


def _day(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).strftime("%d/%m/%Y")


def later_plans_notice(dataset: Dataset, as_of: dt.date, shown: int = 3,
                       left_out: bool = True) -> str | None:
    """For an `as_of` before some plan was issued: that those plans are left out of the
    answer (`as_issued`; with `left_out` False, for a command that keeps them, that they are
    still counted), naming the first `shown` of them; None when every plan was issued by then.
    When no plan was issued by then, says that the answer is empty. Reads the plans' heads
    only."""
    later = dataset.later(as_of)
    if not later:
        return None
    day = as_of.strftime("%d/%m/%Y")
    if left_out and len(later) == len(dataset.plans):
        return (f"chưa có kế hoạch nào ban hành đến ngày tính {day} (sớm nhất là {later[0].key}, "
                f"ban hành {_day(later[0].head.date)}): không có nhiệm vụ, kinh phí hay phân "
                "công nào để tính, kết quả trống.")
    named = "; ".join(f"{p.key} (ban hành {_day(p.head.date)})" for p in later[:shown])
    more = f" và {thousands(len(later) - shown)} kế hoạch khác" if len(later) > shown else ""
    if left_out:
        return (f"{thousands(len(later))} kế hoạch ban hành sau ngày tính {day} không được tính "
                f"(đến ngày đó chưa có: nhiệm vụ, thời hạn, phần việc và kinh phí của chúng đều "
                f"không có trong kết quả): {named}{more}.")
    return (f"{thousands(len(later))} kế hoạch ban hành sau ngày tính {day} vẫn được tính "
            f"(nhiệm vụ, thời hạn, phần việc và kinh phí của chúng): {named}{more}.")


def show(dataset: Dataset, ref: str, as_of: dt.date) -> queries.EntryDetail:
    """One entry named by `PLAN:REF` ("102:III.1.2.a"), in full, with its work items as they
    stood on `as_of` (of the plans issued by then). An entry of a plan issued after `as_of` is
    still shown, with the work items of every plan (`issued_after` says so)."""
    issued = dataset.issued_by(as_of)
    if issued is dataset:
        return queries.show(dataset, ref, as_of)
    try:
        return queries.show(issued, ref, as_of)
    except QueryError:  # not among the plans issued by then: of a later plan, or of none
        return queries.show(dataset, ref, as_of)


def budget_overview(dataset: Dataset, as_of: dt.date, *, plan: str | None = None,
                    agency: str | None = None) -> BudgetOverview:
    """The budget of every year, firm and apportioned (`hncc budget`)."""
    from hncc.queries import budget as budgets  # imported only by the commands that use it

    dataset = as_issued(dataset, as_of, plan)
    return budgets.overview(dataset, queries.scope(dataset, as_of, plan=plan, agency=agency))


def year_budget(dataset: Dataset, as_of: dt.date, year: int, by: str = "item", *,
                plan: str | None = None, agency: str | None = None) -> YearBudget:
    """The budget of one year grouped `by` item, plan, agency or initiative (`--year`)."""
    from hncc.queries import budget as budgets

    dataset = as_issued(dataset, as_of, plan)
    where = queries.scope(dataset, as_of, plan=plan, agency=agency)
    return budgets.year_budget(dataset, year, by, where)


def workload(dataset: Dataset, as_of: dt.date, *, plan: str | None = None,
             year: int | None = None) -> list[Workload]:
    """Every agency's workload (`hncc agencies`)."""
    from hncc.queries import workload as workloads

    dataset = as_issued(dataset, as_of, plan)
    return workloads.workload(dataset, as_of, queries.scope(dataset, as_of, plan=plan, year=year))


def agency_record(dataset: Dataset, as_of: dt.date, name: str, *, plan: str | None = None,
                  year: int | None = None) -> AgencyRecord:
    """One agency's names, succession and workload in full (`hncc agencies --show`)."""
    from hncc.queries import workload as workloads

    dataset = as_issued(dataset, as_of, plan)
    where = queries.scope(dataset, as_of, plan=plan, year=year)
    return workloads.agency_record(dataset, name, as_of, where)


def report(dataset: Dataset, as_of: dt.date, *, agency: str | None = None, plan: str | None = None,
           year: int | None = None, docx: bool = False,
           document: IssuerOptions | None = None) -> bytes:
    """The report of one agency (for `year`, default the as-of year) or of one plan, as bytes
    (`make_report`, rendered whole)."""
    pieces: list[bytes] = []
    make_report(dataset, as_of, agency=agency, plan=plan, year=year, docx=docx,
                document=document).write(pieces.append)
    return b"".join(pieces)


@dataclass(frozen=True)
class Report:
    """A report's data and the template that turns it into a document (`write`)."""

    project: Path  # where a project's own templates are looked up
    template: str
    context: dict[str, Any]
    docx: bool = False

    def write(self, write: Callable[[bytes], object]) -> None:
        """The document, handed to `write` a piece at a time as it is rendered (Markdown; a Word
        file at once): a city's report is never held whole. Raises hncc.render.templating.
        TemplateProblem for a broken template, after some pieces may have been written."""
        from hncc.render import templating

        if self.docx:
            from hncc.render import docx as word

            write(word.render(self.project, self.template, self.context))
            return
        templating.render_to(self.project, self.template, self.context,
                             lambda text: write(text.encode("utf-8")))


def make_report(dataset: Dataset, as_of: dt.date, *, agency: str | None = None,
                plan: str | None = None, year: int | None = None, docx: bool = False,
                document: IssuerOptions | None = None) -> Report:
    """The report of one agency (for `year`, default the as-of year) or of one plan, ready to
    write.

    An agency's report is the official document (hncc.queries.official): Markdown, or Word with
    `docx`; `document` holds what the command line says of the issuer, number, date and signer.
    Raises UsageError for options that do not go together and QueryError for a name that names
    nothing; a broken template is found when the report is written.
    """
    check_report_options(agency, plan, year, docx=docx, document=document)
    from hncc.queries import official, reports

    dataset = as_issued(dataset, as_of, plan)
    project = dataset.root.parent
    if agency is not None:
        made = official.official_report(dataset, agency, year or as_of.year, as_of,
                                        document or official.IssuerOptions())
        context: dict[str, Any] = {"report": made.report, "official": made}
        if docx:
            from hncc.render import docx as word

            return Report(project, word.AGENCY_TEMPLATE, context, docx=True)
        return Report(project, "agency_report.md.j2", context)
    return Report(project, "plan_report.md.j2",
                  {"report": reports.plan_report(dataset, plan or "", as_of)})


def check_report_options(agency: str | None, plan: str | None, year: int | None, *,
                         docx: bool = False, document: IssuerOptions | None = None) -> None:
    """UsageError unless the options of `report` go together (checked before loading anything)."""
    if (agency is None) == (plan is None):
        raise UsageError("cần đúng một trong hai tùy chọn: --agency (báo cáo của cơ quan) hoặc "
                         "--plan (báo cáo kế hoạch).")
    if year is not None and plan is not None:
        raise UsageError("--year chỉ dùng với --agency.")
    if plan is not None and (docx or (document is not None and document.given())):
        raise UsageError("--format docx và các tùy chọn của văn bản (--so-hieu, --chuc-vu…) chỉ "
                         "dùng với --agency.")


def calendar(dataset: Dataset, as_of: dt.date, agency: str | None = None,
             remind_days: int = 7) -> bytes:
    """Every occurrence as an iCalendar event (RFC 5545), of one agency (lead or cooperating),
    each with an alarm `remind_days` before its due date (none when 0)."""
    from hncc.queries import calendar as calendars
    from hncc.render.calendar import ics

    dataset = as_issued(dataset, as_of)
    where = queries.scope(dataset, as_of, agency=agency, role="any")
    name = queries.find_agency(dataset.registry, agency).name if agency else None
    title = f"Hạn nhiệm vụ: {name}" if name else "Hạn nhiệm vụ các kế hoạch"
    return ics(calendars.each_event(dataset, as_of, where), title, remind_days)


@dataclass
class MadeForm:
    """A fill-in table as a spreadsheet: for whom, how many rows, and the .xlsx bytes."""

    agency: str | None
    agency_id: str | None
    rows: int
    data: bytes


def form(dataset: Dataset, as_of: dt.date, year: int, agency: str | None = None) -> MadeForm:
    """The fill-in table of `agency` for `year` (every task once when None), as of `as_of`.

    Raises QueryError for a name that names nothing.
    """
    from hncc.queries import form as forms
    from hncc.render import xlsx

    made = forms.form(as_issued(dataset, as_of), agency, year, as_of)
    found = queries.find_agency(dataset.registry, agency) if agency else None
    return MadeForm(found.name if found else None, found.id if found else None, len(made.rows),
                    xlsx.workbook(made))


def forms_per_agency(dataset: Dataset, as_of: dt.date, year: int) -> list[MadeForm]:
    """One fill-in table for each agency that leads work in `year` (not for a group of
    agencies: `groups_leading`)."""
    from hncc.queries import form as forms
    from hncc.render import xlsx

    return [MadeForm(agency.name, agency.id, len(made.rows), xlsx.workbook(made))
            for agency, made in forms.agency_forms(as_issued(dataset, as_of), year, as_of)]


def groups_leading(dataset: Dataset, as_of: dt.date, year: int) -> list[tuple[str, int]]:
    """The groups of agencies ("các Sở, ngành") that lead work in `year`, each with its rows,
    which `forms_per_agency` leaves out: a group is no body that fills in a form."""
    from hncc.queries import form as forms

    return forms.groups_with_tasks(as_issued(dataset, as_of), year, as_of)


def unanswered_leading(dataset: Dataset, as_of: dt.date, year: int) -> list[tuple[str, int]]:
    """The agencies that ended with no one answering for their work of `year` (a district
    abolished on 01/7/2025), each with its rows: `forms_per_agency` makes them none."""
    from hncc.queries import form as forms

    return forms.unanswered_with_tasks(as_issued(dataset, as_of), year, as_of)


@dataclass
class FormsRead:
    """What filled-in forms say (`reading`: updates, problems with their cells, notices), the
    updates as `hncc diff` changes, and the plan files written (none on a dry run or a problem)."""

    reading: FormReading
    comparison: Comparison | None
    written: list[Path] = field(default_factory=list)


def status_from_forms(data_dir: Path, paths: Sequence[Path], today: dt.date,
                      dry_run: bool = False) -> FormsRead:
    """Read filled-in forms and append every update to the plan files, or none.

    Nothing is written when any row has a problem, when no row is filled, or with `dry_run`.
    `paths` may name folders and patterns (form_import.form_files). Raises UsageError for a
    form file that does not exist, and hncc.edit.atomic.WriteRefused
    when a plan file changed meanwhile or cannot be written (then every file is as it was).
    """
    from hncc.edit import form_import
    from hncc.queries import diff as diffing

    try:
        paths = form_import.form_files(paths)
    except form_import.NoForm as error:
        raise UsageError(str(error)) from None
    reading = form_import.read_forms(data_dir, paths, today)
    if reading.problems or not reading.edits:
        return FormsRead(reading, None)
    names = ", ".join(p.name for p in paths)
    comparison = diffing.Comparison("dữ liệu hiện tại", f"biểu mẫu {names}",
                                    form_import.changes(reading), [])
    written = [] if dry_run else form_import.apply(reading)
    return FormsRead(reading, comparison, written)


# --- export ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exported:
    """What `export_sqlite` wrote: the file, the as-of date, and the rows of each table."""

    path: Path
    as_of: dt.date
    counts: dict[str, int]


def export_sqlite(dataset: Dataset, as_of: dt.date, output: Path) -> Exported:
    """Write the data as a documented SQLite database to `output`, statuses as of `as_of`.

    The file is built whole in memory, then written atomically (a temporary file in the same
    folder, renamed over `output`): an earlier export is replaced only by a complete new one.
    An existing file is replaced only when it is an SQLite database (an earlier export) or
    empty. Raises UsageError for any other existing file, hncc.edit.atomic.WriteRefused when
    the system refuses the write (nothing is left behind then).
    """
    import sqlite3

    from hncc.edit import atomic
    from hncc.queries import export
    from hncc.render import sqlite_export

    _check_replaceable(output, sqlite_export.HEADER)
    rows = export.gather(dataset, as_of)

    def fill(temporary: Path) -> None:
        try:
            sqlite_export.write(rows, temporary)
        except sqlite3.OperationalError as error:  # a full disk, an I/O error: for users
            raise atomic.CannotWrite(output, sqlite_export.failure_reason(error)) from None

    atomic.write_with(output, fill)
    return Exported(output, as_of, {name: len(found) for name, found in rows.tables.items()})


def _check_replaceable(output: Path, header: bytes) -> None:
    """UsageError when `output` is an existing regular file that is neither empty nor an SQLite
    database: a mistyped name must not replace a plan file or a document with the export.
    (A folder, FIFO or device is refused by the atomic write, without opening it.)"""
    import stat

    try:
        found = output.stat()
    except OSError:
        return  # nothing there, or unreachable: the write says why
    if not stat.S_ISREG(found.st_mode) or found.st_size == 0:
        return
    try:
        with output.open("rb") as stream:
            start = stream.read(len(header))
    except OSError:
        return
    if start != header:
        raise UsageError(f"“{output}” đã có và không phải một tệp cơ sở dữ liệu SQLite (tệp xuất "
                         "lần trước); hncc không ghi đè lên nó. Chọn tên tệp khác, hoặc xóa tệp "
                         "đó trước nếu thật sự muốn thay.")


# --- edits ------------------------------------------------------------------------------------


def status_update(value: str, *, date: dt.date, year: int | None = None, note: str | None = None,
                  evidence: str | None = None, link: str | None = None,
                  reason: str | None = None, month: int | None = None) -> StatusEntry:
    """The update a user typed; UsageError for an unknown status word or a missing reason."""
    from hncc.edit import status_edit

    try:
        code = status_edit.status_code(value)
    except status_edit.EditRefused as error:
        raise UsageError(str(error)) from None
    if code in ("cancelled", "suspended") and not status_edit.typed_text(reason):
        raise UsageError(f"Trạng thái “{status_edit.STATUS_WORDS[code]}” cần lý do: thêm "
                         "--reason \"…\".")
    _check_period(year, month)
    return status_edit.status_update(date=date, status=code, year=year, month=month, note=note,
                                     evidence=evidence, link=link, reason=reason)


def _check_period(year: int | None, month: int | None) -> None:
    """--year and --month as typed: a year of four digits, a month of the year, a month only
    with its year (the model says the same in terms of the file's keys, for hand edits)."""
    from hncc.data.model import FIRST_YEAR, LAST_YEAR

    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise UsageError(f"--year {year} không phải một năm; viết đủ bốn chữ số, ví dụ --year 2023.")
    if month is not None and not 1 <= month <= 12:
        raise UsageError(f"--month {month} không phải một tháng; viết tháng đến hạn của kỳ, từ 1 "
                         "đến 12 (quý II là 6).")
    if month is not None and year is None:
        raise UsageError(f"--month {month} cần đi cùng --year (năm của kỳ), ví dụ --year 2025 "
                         f"--month {month}.")


def record_status(data_dir: Path, ref: str, value: str, *, date: dt.date, year: int | None = None,
                  note: str | None = None, evidence: str | None = None, link: str | None = None,
                  reason: str | None = None, month: int | None = None) -> StatusEdit:
    """Append a status update to the entry `ref` names, in its file (atomically).

    Raises UsageError (what was typed), EditRefused (an update the data refuses: a bad
    reference, a wrong year, an edit that would make the file invalid) and
    hncc.edit.atomic.FileChanged (the file changed on disk meanwhile).
    """
    from hncc.edit import status_edit

    code = status_update(value, date=date, year=year, note=note, evidence=evidence, link=link,
                         reason=reason, month=month)
    return status_edit.record_status(data_dir, ref, code)


@dataclass(frozen=True)
class FmtOutcome:
    """What `fmt` did with one file: "changed", "unchanged", "skipped" (other YAML of the
    project, which a pre-commit hook passes along), "outside" (a file outside the project: wrong
    usage) or "failed" (it could not be read or written), with why."""

    path: Path
    outcome: str
    reason: str = ""


@dataclass
class FmtResult:
    check: bool
    files: list[FmtOutcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No file failed; with --check, none needs formatting either."""
        return not any(f.outcome in ("failed", "outside") or (self.check and f.outcome == "changed")
                       for f in self.files)

    @property
    def exit_code(self) -> int:
        """2 when a file named is outside the project, else 1 when not ok, else 0."""
        if any(f.outcome == "outside" for f in self.files):
            return 2
        return 0 if self.ok else 1


def fmt(data_dir: Path, paths: Sequence[Path] | None = None, check: bool = False) -> FmtResult:
    """Put data files (by default every one: the registry and each plan) in the canonical layout.

    With `check`, nothing is written; the result says which files would change.
    """
    from hncc.edit import fmt as formatting
    from hncc.edit.atomic import WriteRefused

    result = FmtResult(check)
    for path in _fmt_files(data_dir, paths) if paths else formatting.data_files(data_dir):
        if not path.exists() and not path.is_symlink():  # a name mistyped ("agencies.yml")
            result.files.append(FmtOutcome(path, "failed", "không đọc được tệp (không có tệp này)"))
            continue
        model = formatting.model_for(path, data_dir)
        if model is None and path.resolve().is_relative_to(data_dir.parent.resolve()):
            # Other YAML of the project (CI, pre-commit config): the hook passes it along.
            result.files.append(FmtOutcome(path, "skipped", f"không phải tệp dữ liệu trong {data_dir}"))
            continue
        if model is None:
            result.files.append(FmtOutcome(
                path, "outside", f"nằm ngoài dự án {data_dir.parent}; hncc chỉ định dạng "
                f"{data_dir.name}/agencies.yaml và các tệp .yaml trong {data_dir.name}/plans/. Chỉ ra "
                "dự án của tệp bằng --root."))
            continue
        try:
            formatted = formatting.format_file(path, model, write=not check)
        except (formatting.CannotFormat, WriteRefused) as error:  # fmt goes on with the others
            result.files.append(FmtOutcome(path, "failed", str(error)))
            continue
        result.files.append(FmtOutcome(path, "changed" if formatted.changed else "unchanged"))
    return result


def _fmt_files(data_dir: Path, paths: Sequence[Path]) -> list[Path]:
    """The files `hncc fmt` is given, a folder ("data", "data/plans", ".") standing for the data
    files in it; a folder that holds none is left to be said so."""
    from hncc.edit import fmt as formatting

    found: list[Path] = []
    for path in paths:
        inside = [f for f in formatting.data_files(data_dir)
                  if f.resolve().is_relative_to(path.resolve())] if path.is_dir() else []
        found += inside or [path]
    return found


def schema(folder: Path) -> list[Path]:
    """Write the JSON Schemas of plan files and of the registry into `folder`; the files written."""
    from hncc.edit import schema as schemas

    return schemas.write_schemas(folder)


def schema_folder(data_dir: Path) -> Path:
    """Where the schemas go by default: schema/ next to data/."""
    from hncc.edit import schema as schemas

    return data_dir.parent / schemas.SCHEMA_DIR


def diff(data_dir: Path, rev_a: str = "HEAD", rev_b: str | None = None) -> Comparison:
    """What changed in the plans from git revision `rev_a` to `rev_b` (default: the working tree).

    Raises hncc.edit.revisions.RevisionError for a revision git does not know, or no repository.
    """
    from hncc.edit import revisions
    from hncc.queries import diff as diffing

    old = loader.load(data_dir, revisions.data_files_at(data_dir, rev_a))
    if rev_b is None:
        revisions.repository_root(data_dir)
        new = loader.load(data_dir)
    else:
        new = loader.load(data_dir, revisions.data_files_at(data_dir, rev_b))
    return diffing.compare(old, new, rev_a, rev_b or diffing.WORKING_TREE)


# --- import -----------------------------------------------------------------------------------


@dataclass
class ImportResult:
    """A draft, its YAML text with review comments, what it found (`summary`), the proposed
    registry entries of agencies not in the registry (`agencies`, YAML), and whether the draft
    validates (`problems`)."""

    draft: Draft
    text: str
    flags: int
    summary: str
    agencies: str
    problems: list[Problem]
    written: list[Path] = field(default_factory=list)


WORD_FACTOR = 4  # a .docx may be this many times the text size limit: pictures, fonts, styles


def _source_bytes(file: Path) -> bytes:
    """The bytes of a plan's source text, or ImportRefused for what cannot be one: only a
    regular file is read (/dev/zero or a FIFO would be read forever), up to the size limit."""
    from hncc.data import files

    try:
        raw = files.read_regular(file, files.MAX_FILE_BYTES * WORD_FACTOR)
        if raw[:4] != b"PK\x03\x04" and len(raw) > files.MAX_FILE_BYTES:
            raise files.TooLarge(file, len(raw), files.MAX_FILE_BYTES)
        return raw
    except files.NotAFile as error:
        raise ImportRefused(str(error)) from None
    except files.TooLarge as error:
        raise ImportRefused(f"{file}: văn bản lớn {thousands(error.size)} byte, quá giới hạn "
                            f"{thousands(error.limit)} "
                            "byte; một văn bản kế hoạch không lớn như vậy. Kiểm tra tệp (đặt "
                            "HNCC_MAX_FILE_BYTES để nâng giới hạn).") from None
    except OSError as error:
        raise ImportRefused(f"{file}: không đọc được tệp ({files.read_reason(error)}).") from None


def import_plan(data_dir: Path, file: Path, output: Path | None = None, force: bool = False,
                agencies: Path | None = None) -> ImportResult:
    """A draft plan file from a plan's published text (plain text, a law portal's Markdown or a
    Word file); written to `output` (and the proposed agencies to `agencies`) if given and valid.

    Raises ImportRefused (not a file, too large, or no plan in it) and FileExistsError (a target
    exists and `force` is not given); nothing is written then.
    """
    from hncc.importer import reader, writer

    registry = loader.read_files(data_dir).dataset.registry
    raw = _source_bytes(file)
    try:
        draft = reader.import_source(raw, registry, file.name)
    except reader.NotAPlan as error:
        raise ImportRefused(f"{file}: {error}") from None
    rendered = writer.render(draft, file.name)
    result = ImportResult(draft, rendered.text, rendered.flags, rendered.summary,
                          rendered.agencies, rendered.problems)
    if rendered.problems:
        return result
    targets = [(path, text) for path, text in ((output, rendered.text),
                                               (agencies, rendered.agencies or "agencies: []\n"))
               if path is not None]
    existing = [path for path, _ in targets if path.exists()]
    if existing and not force:
        raise FileExistsError(existing[0])
    for path, text in targets:
        writer.write(path, text, force=True)
        result.written.append(path)
    return result
