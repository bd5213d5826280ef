"""`hncc status`, `hncc fmt`, `hncc schema` and `hncc diff`: safe edits and review support.

The modules behind these commands (the round-trip YAML machinery, git, JSON Schema) are imported
inside each command, so that the other commands start without them.
"""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from hncc import api
from hncc.cli.common import (
    DATE_METAVAR,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    RootOption,
    app,
    data_dir,
    fail,
    parse_day,
    valid_day,
)
from hncc.cli.vietnamese import choice_id
from hncc.domain.dates import today_in_vietnam
from hncc.domain.problems import display_path
from hncc.domain.status import STATUS_WORDS


def _date(value: str | None) -> dt.date:
    return today_in_vietnam() if value is None else parse_day(value)


@app.command()
def status(
    items: Annotated[list[str] | None, typer.Argument(
        metavar="MỤC TRẠNG_THÁI", help="Mục cần cập nhật (ví dụ 102/KH-UBND@2022:III.1.2.a, "
        "102:III.1.2.a, hoặc III.1.2.a khi chỉ một kế hoạch có mục đó) và trạng thái: chưa bắt "
        "đầu, đang thực hiện, hoàn thành (xong), hủy, tạm dừng; có dấu hay không dấu. Với "
        "--from: thêm các tệp biểu mẫu.", show_default=False)] = None,
    date: Annotated[str | None, typer.Option("--date", metavar=DATE_METAVAR, help="Ngày cập "
                                             "nhật, dd/mm/yyyy hoặc yyyy-mm-dd (mặc định: hôm "
                                             "nay, giờ Việt Nam).",
                                             callback=valid_day)] = None,
    year: Annotated[int | None, typer.Option("--year", help="Kỳ (năm) của mục lặp lại hàng "
                                             "năm mà cập nhật này thuộc về.")] = None,
    month: Annotated[int | None, typer.Option("--month", help="Với --year, của mục lặp lại "
                                              "trong năm (hằng tháng, hằng quý): tháng đến hạn "
                                              "của kỳ (quý II là 6).")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Ghi chú.")] = None,
    evidence: Annotated[str | None, typer.Option("--evidence", help="Văn bản chứng minh, ví dụ "
                                                 "“Quyết định số 1234/QĐ-UBND”.")] = None,
    link: Annotated[str | None, typer.Option("--link", help="Đường dẫn tới văn bản.")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Lý do (bắt buộc khi hủy "
                                               "hoặc tạm dừng).")] = None,
    forms: Annotated[list[Path] | None, typer.Option(
        "--from", metavar="TỆP.xlsx", help="Đọc các biểu mẫu đã điền (hncc form): tệp, thư mục "
        "(mọi tệp .xlsx trong đó) hoặc mẫu như bieu-mau\\*.xlsx; kiểm tra mọi dòng, rồi ghi tất "
        "cả hoặc không ghi gì.", show_default=False)] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Với --from: chỉ cho xem những gì "
                                          "sẽ ghi.")] = False,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar=DATE_METAVAR, help="Với --from: ngày hôm nay khi kiểm tra (ngày điền "
        "không được sau ngày này), dd/mm/yyyy hoặc yyyy-mm-dd.", show_default=False,
        callback=valid_day)] = None,
    root: RootOption = None,
) -> None:
    """Ghi thêm cập nhật trạng thái vào cuối lịch sử của một mục (hoặc từ biểu mẫu đã điền)."""
    from hncc.edit.atomic import WriteRefused
    from hncc.edit.status_edit import EditRefused

    folder = data_dir(root)
    if forms:
        if any(v is not None for v in (date, year, month, note, evidence, link, reason)):
            raise fail("--from đọc mọi thứ từ biểu mẫu; bỏ --date, --year, --month, --note, "
                       "--evidence, --link, --reason.")
        from hncc.cli.form import status_from_forms

        status_from_forms(folder, [*forms, *map(Path, items or [])], _date(as_of), dry_run)
        return
    if dry_run or as_of is not None:
        raise fail("--dry-run và --as-of chỉ dùng với --from.")
    if not items or len(items) != 2:
        raise fail("cần MỤC và TRẠNG_THÁI, ví dụ: hncc status 102:III.1.2.a done; hoặc --from "
                   "TỆP.xlsx.")
    ref, value = items
    value = choice_id(value, list(STATUS_WORDS)) or value  # Vietnamese words, accents or none
    try:
        edit = api.record_status(folder, ref, value, date=_date(date), year=year, note=note,
                                 evidence=evidence, link=link, reason=reason, month=month)
    except api.UsageError as error:  # a status word or a reason the command line lacks
        raise fail(str(error)) from None
    except (EditRefused, WriteRefused) as error:
        raise fail(str(error), EXIT_PROBLEMS) from None
    where = display_path(edit.path, Path.cwd())
    typer.echo(f"Đã ghi “{STATUS_WORDS[edit.update.status]}” cho {edit.plan_key}:{edit.ref} vào "
               f"{where} (từ dòng {edit.first_line}):")
    typer.echo(edit.added, nl=False)


@app.command()
def fmt(
    files: Annotated[list[Path] | None, typer.Argument(metavar="[TỆP]...", help="Các tệp cần "
                                                       "định dạng, hoặc thư mục (các tệp dữ liệu "
                                                       "trong đó); mặc định: toàn bộ dữ liệu.",
                                                       show_default=False)] = None,
    check: Annotated[bool, typer.Option("--check", help="Không sửa gì; liệt kê các tệp cần "
                                        "định dạng lại và thoát với mã 1 nếu có.")] = False,
    root: RootOption = None,
) -> None:
    """Đưa các tệp dữ liệu về một dạng chuẩn (thứ tự khóa, thụt lề), giữ nguyên chú thích."""
    result = api.fmt(data_dir(root), files, check)
    cwd = Path.cwd()
    for done in result.files:
        if done.outcome == "skipped":
            typer.echo(f"Bỏ qua {done.path}: {done.reason}.", err=True)
        elif done.outcome in ("failed", "outside"):
            typer.echo(f"hncc: {display_path(done.path, cwd)}: {done.reason}", err=True)
        elif done.outcome == "changed":
            verb = "cần định dạng lại" if check else "đã định dạng lại"
            typer.echo(f"{display_path(done.path, cwd)}: {verb}")
    raise typer.Exit(result.exit_code)


@app.command("schema")
def schema_command(
    output_dir: Annotated[Path | None, typer.Option("--output-dir", help="Thư mục ghi (mặc định: "
                                                    "schema/ cạnh data/).")] = None,
    root: RootOption = None,
) -> None:
    """Ghi JSON Schema của tệp kế hoạch và danh mục cơ quan, để trình soạn thảo kiểm tra khi gõ."""
    from hncc.edit.atomic import WriteRefused

    try:
        written = api.schema(output_dir or api.schema_folder(data_dir(root)))
    except WriteRefused as error:
        raise fail(str(error), EXIT_PROBLEMS) from None
    for path in written:
        typer.echo(f"Đã ghi {display_path(path, Path.cwd())}")


class DiffFormat(StrEnum):
    text = "text"
    json = "json"


@app.command()
def diff(
    rev_a: Annotated[str, typer.Argument(metavar="[PHIÊN_BẢN_A]", help="Phiên bản git gốc.")]
    = "HEAD",
    rev_b: Annotated[str | None, typer.Argument(metavar="[PHIÊN_BẢN_B]", help="Phiên bản git "
                                                "mới (mặc định: thư mục làm việc).",
                                                show_default=False)] = None,
    output: Annotated[DiffFormat, typer.Option("--format", help="Dạng kết quả.")] = DiffFormat.text,
    root: RootOption = None,
) -> None:
    """Những gì thay đổi trong dữ liệu kế hoạch giữa hai phiên bản git, để duyệt thay đổi."""
    from hncc.edit.revisions import RevisionError
    from hncc.render import diff as diffing

    try:
        comparison = api.diff(data_dir(root), rev_a, rev_b)
    except RevisionError as error:
        raise fail(str(error), EXIT_USAGE) from None
    if output is DiffFormat.json:
        typer.echo(json.dumps(comparison.as_dict(Path.cwd()), ensure_ascii=False, indent=2))
    else:
        typer.echo(diffing.render_text(comparison))
