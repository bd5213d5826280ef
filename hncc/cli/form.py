"""`hncc form` writes the fill-in table; `hncc status --from` reads filled-in tables back.

openpyxl and the modules behind these commands are imported inside them, so that the other
commands start without them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from hncc import api
from hncc.cli.common import (
    EXIT_PROBLEMS,
    AsOfOption,
    RootOption,
    app,
    deliver,
    fail,
    load_dataset,
    query_failed,
)
from hncc.cli.queries import AgencyOption
from hncc.domain.problems import display_path
from hncc.edit import atomic


@app.command()
def form(root: RootOption = None, as_of: AsOfOption = None, agency: AgencyOption = None,
         year: Annotated[int | None, typer.Option(
             "--year", help="Năm báo cáo (mặc định: năm của --as-of).", show_default=False)] = None,
         output: Annotated[Path | None, typer.Option(
             "--output", "-o", help="Tệp .xlsx để ghi (một biểu mẫu: của --agency, hoặc của mọi "
             "cơ quan chủ trì khi không có --agency).", show_default=False)] = None,
         output_dir: Annotated[Path | None, typer.Option(
             "--output-dir", help="Ghi mỗi cơ quan chủ trì một biểu mẫu vào thư mục này "
             "(bieu-mau-<mã cơ quan>-<năm>.xlsx).", show_default=False)] = None) -> None:
    """Lập biểu mẫu Excel để cơ quan điền kết quả thực hiện; đọc lại bằng hncc status --from."""
    if (output is None) == (output_dir is None):
        raise fail("cần đúng một trong hai: --output TỆP.xlsx hoặc --output-dir THƯ_MỤC.")
    if output_dir is not None and agency is not None:
        raise fail("--output-dir lập biểu mẫu cho mọi cơ quan; bỏ --agency, hoặc dùng --output.")
    if output is not None and output.suffix.lower() != ".xlsx":  # Excel opens a file by its name
        raise fail(f"biểu mẫu là sổ làm việc Excel: --output cần tên tệp .xlsx, ví dụ "
                   f"“{output.with_name(output.stem + '.xlsx').name}” (tệp “{output.name}” Excel "
                   "sẽ không mở được hoặc mở sai).")
    dataset, day = load_dataset(root, as_of)
    period = year or day.year
    if output is not None:
        try:
            made = api.form(dataset, day, period, agency)
        except api.QueryError as error:
            raise query_failed(error) from None
        deliver(made.data, output, f": {made.rows} dòng")  # one line a file, with its rows
        return
    assert output_dir is not None
    try:  # made if missing, as `hncc schema` makes its folder
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise fail(f"không tạo được thư mục “{output_dir}” ({atomic.reason_of(error)}).",
                   EXIT_PROBLEMS) from None
    made_all = api.forms_per_agency(dataset, day, period)
    groups = api.groups_leading(dataset, day, period)
    unanswered = api.unanswered_leading(dataset, day, period)
    if not made_all:
        typer.echo(f"hncc: không cơ quan nào chủ trì nhiệm vụ năm {period} tính đến ngày "
                   f"{day:%d/%m/%Y}: không có biểu mẫu nào để ghi.", err=True)
    for at, made in enumerate(made_all):
        target = output_dir / f"bieu-mau-{made.agency_id}-{period}.xlsx"
        try:
            deliver(made.data, target, f": {made.agency}, {made.rows} dòng")
        except typer.Exit:
            rest = ", ".join(m.agency or "" for m in made_all[at + 1:])
            typer.echo(f"hncc: dừng ở biểu mẫu này: đã ghi {at} trong {len(made_all)} biểu mẫu"
                       + (f"; chưa ghi biểu mẫu của {rest}." if rest else "."), err=True)
            raise
    if groups:
        _say_groups_skipped(groups, period)
    if unanswered:
        named = "; ".join(f"{name} ({rows} dòng)" for name, rows in unanswered)
        typer.echo(f"Lưu ý: không lập biểu mẫu cho {len(unanswered)} cơ quan đã chấm dứt hoạt động "
                   f"mà chưa có cơ quan nhận nhiệm vụ: {named}. Các nhiệm vụ này có trong biểu mẫu "
                   f"chung (hncc form --year {period} --output bieu-mau-chung.xlsx, không có "
                   "--agency), để trả lời hoặc phân công lại (hncc tasks --unassigned).", err=True)


def _say_groups_skipped(groups: list[tuple[str, int]], period: int) -> None:
    """Name the groups of agencies whose tasks got no form of their own, and where they are."""
    named = "; ".join(f"{name} ({rows} dòng)" for name, rows in groups)
    typer.echo(f"Lưu ý: không lập biểu mẫu riêng cho {len(groups)} nhóm cơ quan chủ trì nhiệm vụ "
               f"(một nhóm không phải một cơ quan để điền và ký): {named}. Các nhiệm vụ này có "
               f"trong biểu mẫu chung (hncc form --year {period} --output bieu-mau-chung.xlsx, "
               "không có --agency); biểu mẫu của một nhóm: hncc form --agency \"TÊN NHÓM\" "
               f"--year {period} --output TỆP.xlsx.", err=True)


def status_from_forms(folder: Path, paths: list[Path], today: dt.date, dry_run: bool) -> None:
    """`hncc status --from`: check every filled-in row, show the updates, append all or none."""
    from hncc.edit.atomic import WriteRefused
    from hncc.render.diff import render_text

    cwd = Path.cwd()
    try:
        result = api.status_from_forms(folder, paths, today, dry_run)
    except api.UsageError as error:
        raise fail(str(error)) from None
    except WriteRefused as error:
        raise fail(str(error), EXIT_PROBLEMS) from None
    reading = result.reading
    for notice in reading.notices:
        typer.echo(f"Lưu ý: {notice}")
    if reading.problems:
        for problem in reading.problems:
            typer.echo(f"hncc: {problem.describe(display_path(problem.file, cwd))}", err=True)
        raise fail(f"Không ghi gì: {len(reading.problems)} lỗi trong biểu mẫu. Sửa các ô đã chỉ rồi "
                   "chạy lại; mọi tệp dữ liệu giữ nguyên.", EXIT_PROBLEMS)
    if result.comparison is None:
        typer.echo("Không có cập nhật mới: mọi dòng đã điền đều đã có trong dữ liệu." if reading.notices
                   else "Biểu mẫu không có dòng nào được điền: không có gì để ghi.")
        return
    typer.echo(render_text(result.comparison))
    if dry_run:
        typer.echo(f"\n--dry-run: chưa ghi gì ({len(reading.edits)} cập nhật sẽ được ghi).")
        return
    files = ", ".join(display_path(p, cwd) for p in result.written)
    typer.echo(f"\nĐã ghi {len(reading.edits)} cập nhật vào {files}. Xem lại (git diff, hncc diff) "
               "rồi commit.")
