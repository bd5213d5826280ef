"""`hncc report` and `hncc calendar`: Markdown reports from templates, deadlines as iCalendar.

Each command gets the report or calendar from hncc.api, rendered fully in memory, and only then
writes it: to stdout, or with --output atomically, so an existing file is replaced
only by a complete new one and is left untouched when anything fails. Jinja and the report
modules are imported inside the commands, so that the other commands start without them.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Annotated

import typer

from hncc import api
from hncc.cli.common import EXIT_PROBLEMS, AsOfOption, RootOption, app, fail, load_dataset
from hncc.cli.queries import AgencyOption, PlanOption

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
        reason = _OS_ERRORS.get(error.errno or 0, error.strerror or str(error))
        raise fail(f"không ghi được “{output}”: {reason}.", EXIT_PROBLEMS) from None


@app.command()
def report(root: RootOption = None, as_of: AsOfOption = None, agency: AgencyOption = None,
           plan: PlanOption = None,
           year: Annotated[int | None, typer.Option(
               "--year", help="Với --agency: năm báo cáo (mặc định: năm của --as-of).",
               show_default=False)] = None,
           output: OutputOption = None) -> None:
    """Báo cáo Markdown: tiến độ năm của một cơ quan (--agency) hoặc một kế hoạch (--plan)."""
    try:
        api.check_report_options(agency, plan, year)
    except api.UsageError as error:
        raise fail(str(error)) from None
    from hncc.render.templating import TemplateProblem

    dataset, day = load_dataset(root, as_of)
    try:
        text = api.report(dataset, day, agency=agency, plan=plan, year=year)
    except api.QueryError as error:
        raise fail(str(error)) from None
    except TemplateProblem as error:
        raise fail(str(error), EXIT_PROBLEMS) from None
    _deliver(text.encode("utf-8"), output)


@app.command()
def calendar(root: RootOption = None, as_of: AsOfOption = None, agency: AgencyOption = None,
             output: OutputOption = None) -> None:
    """Mọi lần đến hạn thành sự kiện lịch iCalendar (.ics), để đăng ký trong chương trình lịch."""
    dataset, day = load_dataset(root, as_of)
    try:
        ics = api.calendar(dataset, day, agency)
    except api.QueryError as error:
        raise fail(str(error)) from None
    _deliver(ics, output)
