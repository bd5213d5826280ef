"""`hncc overdue`, `upcoming`, `budget`, `agencies`, `tasks` and `show`: questions about the plans.

Each command parses its options, calls one library function (hncc.api) and prints the result as
a table, JSON, CSV or Markdown. No logic lives here.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from collections.abc import Callable, Iterable
from enum import StrEnum
from itertools import chain
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from hncc import api
from hncc.cli.common import (
    AsOfOption,
    RootOption,
    app,
    deliver_pieces,
    fail,
    keep,
    load_dataset,
    print_pieces,
    query_failed,
    refuse_document_name,
)
from hncc.data import loader
from hncc.data.dataset import Dataset
from hncc.data.files import RootNotFound, find_root
from hncc.domain.text import fold
from hncc.render import tables, views
from hncc.render.jsonable import json_chunks

T = TypeVar("T")


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"
    xlsx = "xlsx"


class Role(StrEnum):
    lead = "lead"
    any = "any"


class Status(StrEnum):
    unrecorded = "unrecorded"
    not_started = "not_started"
    in_progress = "in_progress"
    done = "done"
    cancelled = "cancelled"
    suspended = "suspended"


class Kind(StrEnum):
    target = "target"
    activity = "activity"
    initiative = "initiative"
    assignment = "assignment"
    duty = "duty"
    row = "row"


class By(StrEnum):
    item = "item"
    plan = "plan"
    agency = "agency"
    initiative = "initiative"


def _completion_dataset() -> Dataset | None:
    """The data under the current folder (or HNCC_ROOT) for shell completion; None if none."""
    explicit = os.environ.get("HNCC_ROOT")
    try:
        return loader.read_files(find_root(Path.cwd(), Path(explicit) if explicit else None)).dataset
    except (RootNotFound, OSError):
        return None


def complete_agency(incomplete: str) -> list[str]:
    """Official and short names of agencies that start like `incomplete`, accents ignored."""
    dataset = _completion_dataset()
    wanted = fold(incomplete)
    return [name for agency in (dataset.registry if dataset else [])
            for name in (agency.name, *agency.short) if fold(name).startswith(wanted)]


def complete_plan(incomplete: str) -> list[str]:
    dataset = _completion_dataset()
    return [pf.key for pf in (dataset.plans if dataset else [])
            if fold(pf.key).startswith(fold(incomplete))]


def _not_empty(value: str | None) -> str | None:
    """An option given with nothing in it ("") is a mistake, not "every one"."""
    if value is not None and not value.strip():
        raise typer.BadParameter("giá trị trống; ghi một tên, hoặc bỏ hẳn tùy chọn này để lấy "
                                 "tất cả.")
    return value


PlanOption = Annotated[str | None, typer.Option(
    "--plan", help="Chỉ kế hoạch này, ví dụ 102/KH-UBND@2022 hoặc 102.",
    autocompletion=complete_plan, show_default=False, callback=_not_empty)]
AgencyOption = Annotated[str | None, typer.Option(
    "--agency", help="Chỉ cơ quan này (tên, tên viết tắt như “Sở VHTT”; không phân biệt hoa "
    "thường, có dấu hay không dấu).", autocompletion=complete_agency, show_default=False,
    callback=_not_empty)]
RoleOption = Annotated[Role, typer.Option(
    "--role", help="Với --agency: chủ trì = chỉ mục cơ quan chủ trì; tất cả = cả mục phối hợp.")]
YearOption = Annotated[int | None, typer.Option(
    "--year", help="Chỉ các lần đến hạn trong năm này.", show_default=False)]
StatusOption = Annotated[Status | None, typer.Option(
    "--status", help="Chỉ trạng thái đã ghi này (có dấu hay không dấu; “xong” = hoàn thành).",
    show_default=False)]
FormatOption = Annotated[Format, typer.Option(
    "--format", help="bảng, json, csv (UTF-8 có BOM, số tiền là số, mở được bằng Excel), md "
    "(Markdown) hoặc xlsx (tệp Excel: ngày là ngày, số tiền là số; cần --output; --output là tệp "
    ".xlsx thì cũng là xlsx).")]
OutputOption = Annotated[Path | None, typer.Option(
    "--output", "-o", help="Ghi kết quả vào tệp này (thay tệp cũ chỉ khi đã ghi xong) thay vì in "
    "ra; trong PowerShell nên dùng thay cho “> tệp.csv”, vì PowerShell đổi mã chữ của những gì "
    "chuyển qua “>”.", show_default=False)]


def _asked(question: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """The answer to a question; a name that names nothing is wrong usage (exit 2)."""
    try:
        return question(*args, **kwargs)
    except api.QueryError as error:
        raise query_failed(error) from None


def succession_notice(dataset: Dataset, agency: str | None, day: dt.date) -> None:
    """Who answers now for an agency that was succeeded, on stderr: the tasks still list on
    stdout, as JSON or CSV too."""
    said = api.succession_notice(dataset, agency, day)
    if said:
        typer.echo(f"Lưu ý: {said}", err=True)


def _format(fmt: Format, output: Path | None) -> Format:
    """The format asked: "-o bang.xlsx" is an Excel file (a text table there would not open);
    an Excel file needs --output (wrong usage, found before any data is read)."""
    if output is not None and fmt is Format.table and output.suffix.lower() == ".xlsx":
        return Format.xlsx
    if fmt is Format.xlsx and output is None:
        raise fail("--format xlsx cần --output TỆP.xlsx (tệp Excel không in ra màn hình được).")
    if fmt is not Format.xlsx and output is not None:
        excel = (f"bỏ --format {fmt.value} để có tệp Excel" if output.suffix.lower() == ".xlsx"
                 else f"--output “{output.stem}.xlsx” để có tệp Excel")
        refuse_document_name(output, _WRITTEN[fmt],
                             f"Đặt tên theo dạng ghi (“{output.stem}.{_ENDING[fmt]}”), hoặc {excel}.")
    return fmt


_WRITTEN = {Format.table: "bảng dạng văn bản thuần", Format.json: "dữ liệu JSON",
            Format.csv: "bảng CSV", Format.md: "bảng Markdown"}
_ENDING = {Format.table: "txt", Format.json: "json", Format.csv: "csv", Format.md: "md"}


def _emit(result: Any, shown: Callable[[], list[tables.Table]], fmt: Format,
          as_of: dt.date, output: Path | None = None) -> None:
    """Print `result` as JSON, or its tables (`shown()`, made only then) as `fmt` (`_format`'s),
    fitted to the width on a terminal; written as it is made. With `output`, write that file
    instead (what a pipe would get), atomically."""
    keep(result)
    if fmt is Format.xlsx:  # as `_format` made it, before the data was read
        from hncc.render import spreadsheet

        assert output is not None  # _format refused it
        made = shown()
        _write_file([spreadsheet.workbook(made, as_of)], output)
        return
    pieces: Iterable[str] | Iterable[bytes]
    if fmt is Format.json:
        pieces = chain(json_chunks(result), [b"\n"])
    else:
        terminal = output is None and sys.stdout.isatty()
        made = shown()
        keep(made)
        pieces = tables.chunks(made, fmt.value, terminal=terminal,
                               color=terminal and not os.environ.get("NO_COLOR"),
                               width=shutil.get_terminal_size().columns, as_of=as_of)
    if output is None:
        print_pieces(pieces, exact=fmt is Format.csv)
    else:
        _write_file(pieces, output)


def _write_file(pieces: Iterable[str] | Iterable[bytes], output: Path) -> None:
    """The pieces in UTF-8 as `output`, replaced only once complete; says so on stderr, as a
    report written with --output does."""
    def make(write: Callable[[bytes], object]) -> None:
        for piece in pieces:
            write(piece if isinstance(piece, bytes) else piece.encode())

    deliver_pieces(make, output)


@app.command()
def overdue(root: RootOption = None, as_of: AsOfOption = None, plan: PlanOption = None,
            agency: AgencyOption = None, role: RoleOption = Role.lead, year: YearOption = None,
            status: StatusOption = None, fmt: FormatOption = Format.table,
            output: OutputOption = None) -> None:
    """Các nhiệm vụ quá hạn mà chưa ghi hoàn thành hay hủy, hạn sớm nhất trước."""
    fmt = _format(fmt, output)
    dataset, day = load_dataset(root, as_of)
    found = _asked(api.overdue, dataset, day, plan=plan, agency=agency, role=role.value, year=year,
                   status=status.value if status else None, mentions=fmt is Format.json)
    succession_notice(dataset, agency, day)
    _emit(found, lambda: [views.overdue_table(found, day)], fmt, day, output)


@app.command()
def upcoming(root: RootOption = None, as_of: AsOfOption = None,
             within: Annotated[int, typer.Option("--within", min=0, max=36500,
                                                  help="Số ngày tới.")] = 30,
             plan: PlanOption = None, agency: AgencyOption = None, role: RoleOption = Role.lead,
             status: StatusOption = None, fmt: FormatOption = Format.table,
            output: OutputOption = None) -> None:
    """Các nhiệm vụ chưa hoàn thành đến hạn trong số ngày tới (mặc định 30)."""
    fmt = _format(fmt, output)
    dataset, day = load_dataset(root, as_of)
    found = _asked(api.upcoming, dataset, day, within, plan=plan, agency=agency, role=role.value,
                   status=status.value if status else None)
    succession_notice(dataset, agency, day)
    _emit(found, lambda: [views.upcoming_table(found, day, within)], fmt, day, output)


@app.command()
def tasks(root: RootOption = None, as_of: AsOfOption = None, plan: PlanOption = None,
          agency: AgencyOption = None, role: RoleOption = Role.lead, year: YearOption = None,
          status: StatusOption = None,
          kind: Annotated[Kind | None, typer.Option("--kind", help="Chỉ loại mục này.",
                                                    show_default=False)] = None,
          unassigned: Annotated[bool, typer.Option(
              "--unassigned", help="Chỉ nhiệm vụ chưa xong mà cơ quan chủ trì đã chấm dứt hoặc "
              "chia tách, chưa phân công lại cho cơ quan nào (cần phân công lại).")] = False,
          fmt: FormatOption = Format.table, output: OutputOption = None) -> None:
    """Liệt kê nhiệm vụ (mỗi lần đến hạn một dòng), lọc theo kế hoạch, cơ quan, năm, trạng thái."""
    fmt = _format(fmt, output)
    dataset, day = load_dataset(root, as_of)
    asked = dict(plan=plan, agency=agency, role=role.value, year=year,
                 status=status.value if status else None, kind=kind.value if kind else None)
    found: Any
    if unassigned:
        found = _asked(api.tasks, dataset, day, unassigned=True, **asked)
        table = views.unassigned_table
    else:  # made as they are written: a city's list of tasks is never held whole, only its cells
        found = _asked(api.each_task, dataset, day, **asked)
        table = views.tasks_table
    succession_notice(dataset, agency, day)
    _emit(found, lambda: [table(found, day)], fmt, day, output)


@app.command()
def show(ref: Annotated[str, typer.Argument(
             help="Mục cần xem, ví dụ 102:III.1.2.a; chỉ mã mục (PL.I.2) khi chỉ một kế hoạch "
             "có mục đó.")],
         root: RootOption = None, as_of: AsOfOption = None,
         fmt: FormatOption = Format.table, output: OutputOption = None) -> None:
    """Xem đầy đủ một mục: nội dung, các lần đến hạn, lịch sử trạng thái và liên kết."""
    fmt = _format(fmt, output)
    dataset, day = load_dataset(root, as_of)
    detail = _asked(api.show, dataset, ref, day)
    shown = dataset.find_plan(detail.plan)
    if shown.head.date > day.toordinal():
        typer.echo(f"Lưu ý: {api.issued_after(shown, day)}: mục này là của kế hoạch chưa có vào "
                   "ngày đó (các nhiệm vụ quá hạn, sắp đến hạn, kinh phí… tính đến ngày đó "
                   "không gồm nó).", err=True)
    _emit(detail, lambda: views.show_tables(detail), fmt, day, output)


@app.command()
def budget(root: RootOption = None, as_of: AsOfOption = None,
           year: Annotated[int | None, typer.Option(
               "--year", help="Năm cần xem; bỏ trống để xem bảng theo từng năm.",
               show_default=False)] = None,
           by: Annotated[By | None, typer.Option("--by", help="Nhóm theo mục, kế hoạch, cơ quan "
                                                 "chủ trì hoặc sáng kiến (chỉ với --year; mặc "
                                                 "định: theo mục).", show_default=False)] = None,
           plan: PlanOption = None, agency: AgencyOption = None,
           fmt: FormatOption = Format.table, output: OutputOption = None) -> None:
    """Dự kiến kinh phí của một năm, hoặc theo từng năm; không cộng trùng giữa các kế hoạch."""
    if year is None and by is not None:
        raise fail("--by chỉ dùng với --year: bảng theo từng năm không nhóm được; thêm --year NĂM, "
                   "hoặc bỏ --by.")
    fmt = _format(fmt, output)
    dataset, day = load_dataset(root, as_of)
    if year is None:
        overview = _asked(api.budget_overview, dataset, day, plan=plan, agency=agency)
        succession_notice(dataset, agency, day)
        _emit(overview, lambda: [views.overview_table(overview)], fmt, day, output)
        return
    result = _asked(api.year_budget, dataset, day, year, (by or By.item).value, plan=plan,
                    agency=agency)
    succession_notice(dataset, agency, day)
    _emit(result, lambda: [views.year_budget_table(result)], fmt, day, output)


@app.command()
def agencies(root: RootOption = None, as_of: AsOfOption = None,
             show_name: Annotated[str | None, typer.Option(
                 "--show", help="Xem một cơ quan: tên chính thức, các cách viết, khối lượng việc.",
                 autocompletion=complete_agency, show_default=False, callback=_not_empty)] = None,
             plan: PlanOption = None, year: YearOption = None,
             fmt: FormatOption = Format.table, output: OutputOption = None) -> None:
    """Khối lượng công việc của từng cơ quan (chủ trì, phối hợp, đúng hạn / quá hạn, kinh phí)."""
    fmt = _format(fmt, output)
    dataset, day = load_dataset(root, as_of)
    if show_name is None:
        found = _asked(api.workload, dataset, day, plan=plan, year=year)
        _emit(found, lambda: [views.workload_table(found, day, year, _plan_key(dataset, plan))],
              fmt, day, output)
        return
    record = _asked(api.agency_record, dataset, day, show_name, plan=plan, year=year)
    _emit(record, lambda: views.agency_tables(record, day, dataset.registry.display_name, year,
                                              _plan_key(dataset, plan)), fmt, day, output)


def _plan_key(dataset: Dataset, typed: str | None) -> str | None:
    """The key of the plan `typed` names ("102" -> "102/KH-UBND@2022"), once a query found it."""
    return dataset.find_plan(typed).key if typed else None
