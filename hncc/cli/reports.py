"""`hncc report` and `hncc calendar`: Markdown reports from templates, deadlines as iCalendar.

Each command builds the report data (hncc.reports, hncc.calendar), renders it fully in memory
and only then writes it: to stdout, or with --output atomically, so an existing file is replaced
only by a complete new one and is left untouched when anything fails. Jinja and the report
modules are imported inside the commands, so that the other commands start without them.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Annotated

import typer

from hncc.cli.common import EXIT_PROBLEMS, AsOfOption, RootOption, app, fail, load_dataset
from hncc.cli.queries import AgencyOption, PlanOption
from hncc.domain.problems import display_path
from hncc.queries import tasks as queries

OutputOption = Annotated[Path | None, typer.Option(
    "--output", "-o", help="Ghi vào tệp này (thay tệp cũ chỉ khi đã dựng xong); mặc định in ra "
    "màn hình.", show_default=False)]


_OS_ERRORS = {errno.ENOENT: "thư mục không tồn tại", errno.EACCES: "không có quyền ghi",
              errno.EISDIR: "đó là một thư mục", errno.ENOSPC: "đĩa đã đầy",
              errno.EROFS: "ổ đĩa chỉ cho đọc"}


def _deliver(data: bytes, output: Path | None) -> None:
    from hncc.edit import atomic

    if output is None:
        typer.echo(data, nl=False)
        return
    try:
        atomic.write(output, data)
    except OSError as error:
        reason = _OS_ERRORS.get(error.errno, error.strerror or str(error))
        raise fail(f"không ghi được “{output}”: {reason}.", EXIT_PROBLEMS) from None
    typer.echo(f"Đã ghi {display_path(output, Path.cwd())} ({len(data):,} byte).".replace(",", "."),
               err=True)  # stdout stays for data


@app.command()
def report(root: RootOption = None, as_of: AsOfOption = None, agency: AgencyOption = None,
           plan: PlanOption = None,
           year: Annotated[int | None, typer.Option(
               "--year", help="Với --agency: năm báo cáo (mặc định: năm của --as-of).",
               show_default=False)] = None,
           output: OutputOption = None) -> None:
    """Báo cáo Markdown: tiến độ năm của một cơ quan (--agency) hoặc một kế hoạch (--plan)."""
    if (agency is None) == (plan is None):
        raise fail("cần đúng một trong hai tùy chọn: --agency (báo cáo của cơ quan) hoặc --plan "
                   "(báo cáo kế hoạch).")
    if year is not None and plan is not None:
        raise fail("--year chỉ dùng với --agency.")
    from hncc.queries import reports
    from hncc.render import templating

    dataset, day = load_dataset(root, as_of)
    try:
        if agency is not None:
            data = reports.agency_report(dataset, agency, year or day.year, day)
            name = "agency_report.md.j2"
        else:
            data = reports.plan_report(dataset, plan, day)
            name = "plan_report.md.j2"
        text = templating.render(dataset.root.parent, name, {"report": data})
    except queries.QueryError as error:
        raise fail(str(error)) from None
    except templating.TemplateProblem as error:
        raise fail(str(error), EXIT_PROBLEMS) from None
    _deliver(text.encode("utf-8"), output)


@app.command()
def calendar(root: RootOption = None, as_of: AsOfOption = None, agency: AgencyOption = None,
             remind: Annotated[int, typer.Option(
                 "--remind", min=0, max=366, help="Nhắc trước hạn bao nhiêu ngày (0 = không "
                 "nhắc).")] = 7,
             output: OutputOption = None) -> None:
    """Mọi lần đến hạn thành sự kiện lịch iCalendar (.ics), để đăng ký trong chương trình lịch."""
    from hncc.queries import calendar as calendars

    dataset, day = load_dataset(root, as_of)
    try:
        where = queries.scope(dataset, day, agency=agency, role="any")
        name = queries.find_agency(dataset.registry, agency).name if agency else None
    except queries.QueryError as error:
        raise fail(str(error)) from None
    title = f"Hạn nhiệm vụ: {name}" if name else "Hạn nhiệm vụ các kế hoạch"
    _deliver(calendars.ics(calendars.events(dataset, day, where), title, remind), output)
