"""`hncc report` and `hncc calendar`: reports (Markdown, Word) from templates, deadlines as iCalendar.

Each command builds the report data (hncc.reports, hncc.calendar), renders it fully in memory
and only then writes it: to stdout, or with --output atomically, so an existing file is replaced
only by a complete new one and is left untouched when anything fails. Jinja and the report
modules are imported inside the commands, so that the other commands start without them.
"""

from __future__ import annotations

import errno
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from hncc.cli.common import (
    DATE_METAVAR,
    EXIT_PROBLEMS,
    AsOfOption,
    RootOption,
    app,
    fail,
    load_dataset,
    parse_day,
    valid_day,
)
from hncc.cli.queries import AgencyOption, PlanOption
from hncc.domain.problems import display_path
from hncc.queries import tasks as queries

OutputOption = Annotated[Path | None, typer.Option(
    "--output", "-o", help="Ghi vào tệp này (thay tệp cũ chỉ khi đã dựng xong); mặc định in ra "
    "màn hình.", show_default=False)]


_OS_ERRORS = {errno.ENOENT: "thư mục không tồn tại", errno.EACCES: "không có quyền ghi",
              errno.EISDIR: "đó là một thư mục", errno.ENOSPC: "đĩa đã đầy",
              errno.EROFS: "ổ đĩa chỉ cho đọc"}


def deliver(data: bytes, output: Path | None) -> None:
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


class ReportFormat(StrEnum):
    md = "md"
    docx = "docx"


DocumentNumber = Annotated[str | None, typer.Option(
    "--so-hieu", help="Với --agency: số của văn bản (“Số: …/BC-…”); mặc định “…”.",
    show_default=False)]
DocumentCode = Annotated[str | None, typer.Option(
    "--ky-hieu", help="Với --agency: chữ viết tắt của cơ quan trong số văn bản (ví dụ SVHTT); "
    "mặc định: theo danh mục cơ quan, nếu không có thì “…”.", show_default=False)]
ParentBody = Annotated[str | None, typer.Option(
    "--co-quan-chu-quan", help="Với --agency: cơ quan cấp trên, ghi trên cùng bên trái; mặc "
    "định: theo danh mục cơ quan, nếu không có thì “…”.", show_default=False)]
SignerTitle = Annotated[list[str] | None, typer.Option(
    "--chuc-vu", help="Với --agency: chức vụ người ký, mỗi lần một dòng (--chuc-vu \"KT. GIÁM "
    "ĐỐC\" --chuc-vu \"PHÓ GIÁM ĐỐC\"); mặc định: theo danh mục, nếu không có thì “…”.",
    show_default=False)]
SignerName = Annotated[str | None, typer.Option(
    "--nguoi-ky", help="Với --agency: họ tên người ký; mặc định “…”.", show_default=False)]
Recipients = Annotated[list[str] | None, typer.Option(
    "--noi-nhan", help="Với --agency: thêm một nơi nhận (sau “Như trên”), mỗi lần một nơi.",
    show_default=False)]
DocumentDate = Annotated[str | None, typer.Option(
    "--ngay", metavar=DATE_METAVAR, help="Với --agency: ngày ghi trên văn bản, dd/mm/yyyy hoặc "
    "yyyy-mm-dd (mặc định: ngày của --as-of).", show_default=False, callback=valid_day)]


@app.command()
def report(root: RootOption = None, as_of: AsOfOption = None, agency: AgencyOption = None,
           plan: PlanOption = None,
           year: Annotated[int | None, typer.Option(
               "--year", help="Với --agency: năm báo cáo (mặc định: năm của --as-of).",
               show_default=False)] = None,
           output_format: Annotated[ReportFormat, typer.Option(
               "--format", help="md: Markdown; docx: văn bản Word theo thể thức Nghị định "
               "30/2020/NĐ-CP (chỉ với --agency, cần --output).")] = ReportFormat.md,
           output: OutputOption = None,
           so_hieu: DocumentNumber = None, ky_hieu: DocumentCode = None,
           co_quan_chu_quan: ParentBody = None, chuc_vu: SignerTitle = None,
           nguoi_ky: SignerName = None, noi_nhan: Recipients = None, ngay: DocumentDate = None,
           ) -> None:
    """Báo cáo tiến độ năm của một cơ quan (--agency, Markdown hoặc Word) hoặc một kế hoạch (--plan)."""
    if (agency is None) == (plan is None):
        raise fail("cần đúng một trong hai tùy chọn: --agency (báo cáo của cơ quan) hoặc --plan "
                   "(báo cáo kế hoạch).")
    document = (so_hieu, ky_hieu, co_quan_chu_quan, chuc_vu, nguoi_ky, noi_nhan, ngay)
    if year is not None and plan is not None:
        raise fail("--year chỉ dùng với --agency.")
    if plan is not None and (any(document) or output_format is ReportFormat.docx):
        raise fail("--format docx và các tùy chọn của văn bản (--so-hieu, --chuc-vu…) chỉ dùng "
                   "với --agency.")
    if output_format is ReportFormat.docx and output is None:
        raise fail("--format docx cần --output TỆP.docx (tệp Word không in ra màn hình được).")
    from hncc.queries import official, reports
    from hncc.render import templating

    dataset, day = load_dataset(root, as_of)
    try:
        if agency is not None:
            options = official.IssuerOptions(
                number=so_hieu, code=ky_hieu, parent=co_quan_chu_quan, signer_title=tuple(chuc_vu or ()),
                signer=nguoi_ky, date=parse_day(ngay) if ngay else None,
                recipients=tuple(noi_nhan or ()))
            document_data = official.official_report(dataset, agency, year or day.year, day, options)
            context = {"report": document_data.report, "official": document_data}
            if output_format is ReportFormat.docx:
                from hncc.render import docx

                deliver(docx.render(dataset.root.parent, docx.AGENCY_TEMPLATE, context), output)
                return
            text = templating.render(dataset.root.parent, "agency_report.md.j2", context)
        else:
            data = reports.plan_report(dataset, plan, day)
            text = templating.render(dataset.root.parent, "plan_report.md.j2", {"report": data})
    except queries.QueryError as error:
        raise fail(str(error)) from None
    except templating.TemplateProblem as error:
        raise fail(str(error), EXIT_PROBLEMS) from None
    deliver(text.encode("utf-8"), output)


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
    deliver(calendars.ics(calendars.events(dataset, day, where), title, remind), output)
