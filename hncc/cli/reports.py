"""`hncc report` and `hncc calendar`: reports (Markdown, Word) from templates, deadlines as iCalendar.

Each command gets the report or calendar from hncc.api and writes it only once it is complete:
to stdout, or with --output atomically, so an existing file is replaced only by a complete new
one and is left untouched when anything fails. A report is rendered a piece at a time into the
temporary file it is then written from (a city's report is tens of megabytes), never held whole
in memory. Jinja and the report modules are imported inside the commands, so that the other
commands start without them.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from hncc import api
from hncc.cli.common import (
    DATE_METAVAR,
    EXIT_PROBLEMS,
    AsOfOption,
    RootOption,
    app,
    deliver,
    deliver_pieces,
    fail,
    load_dataset,
    parse_day,
    query_failed,
    refuse_document_name,
    valid_day,
)
from hncc.cli.queries import AgencyOption, PlanOption, succession_notice

OutputOption = Annotated[Path | None, typer.Option(
    "--output", "-o", help="Ghi vào tệp này (thay tệp cũ chỉ khi đã dựng xong); mặc định in ra "
    "màn hình.", show_default=False)]


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
               "30/2020/NĐ-CP (chỉ với --agency, cần --output; --output là tệp .docx thì cũng "
               "là docx).")] = ReportFormat.md,
           output: OutputOption = None,
           so_hieu: DocumentNumber = None, ky_hieu: DocumentCode = None,
           co_quan_chu_quan: ParentBody = None, chuc_vu: SignerTitle = None,
           nguoi_ky: SignerName = None, noi_nhan: Recipients = None, ngay: DocumentDate = None,
           ) -> None:
    """Báo cáo tiến độ năm của một cơ quan (--agency, Markdown hoặc Word) hoặc một kế hoạch (--plan)."""
    from hncc.queries.official import IssuerOptions

    # "-o bao-cao.docx" means a Word file: Markdown under that name would not open in Word
    docx = output_format is ReportFormat.docx or (
        output is not None and output.suffix.lower() == ".docx")
    document = IssuerOptions(
        number=so_hieu, code=ky_hieu, parent=co_quan_chu_quan, signer_title=tuple(chuc_vu or ()),
        signer=nguoi_ky, date=parse_day(ngay) if ngay else None, recipients=tuple(noi_nhan or ()))
    try:
        api.check_report_options(agency, plan, year, docx=docx, document=document)
    except api.UsageError as error:
        raise fail(str(error)) from None
    if docx and output is None:
        raise fail("--format docx cần --output TỆP.docx (tệp Word không in ra màn hình được).")
    if docx and output is not None and output.suffix.lower() != ".docx":
        raise fail(f"văn bản Word cần tên tệp .docx: --output “{output.stem}.docx” (tệp "
                   f"“{output.name}” Word sẽ không mở được hoặc mở sai).")
    if not docx and output is not None:
        refuse_document_name(output, "báo cáo dạng Markdown (văn bản thuần)",
                             f"Đặt tên .md (“{output.stem}.md”), hoặc --output “{output.stem}.docx” "
                             "để có văn bản Word (bản PDF: mở tệp .docx bằng Word rồi lưu thành PDF).")
    from hncc.render.templating import TemplateProblem

    dataset, day = load_dataset(root, as_of)
    try:
        made = api.make_report(dataset, day, agency=agency, plan=plan, year=year, docx=docx,
                               document=document)
    except api.QueryError as error:
        raise query_failed(error) from None
    try:
        deliver_pieces(made.write, output)
    except TemplateProblem as error:
        raise fail(str(error), EXIT_PROBLEMS) from None


@app.command()
def calendar(root: RootOption = None, as_of: AsOfOption = None, agency: AgencyOption = None,
             remind: Annotated[int, typer.Option(
                 "--remind", min=0, max=366, help="Nhắc trước hạn bao nhiêu ngày (0 = không "
                 "nhắc).")] = 7,
             output: OutputOption = None) -> None:
    """Mọi lần đến hạn thành sự kiện lịch iCalendar (.ics), để đăng ký trong chương trình lịch."""
    dataset, day = load_dataset(root, as_of)
    try:
        ics = api.calendar(dataset, day, agency, remind)
    except api.QueryError as error:
        raise query_failed(error) from None
    succession_notice(dataset, agency, day)
    deliver(ics, output)
