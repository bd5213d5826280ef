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

from hncc.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    RootOption,
    app,
    data_dir,
    fail,
    parse_day,
    today_in_vietnam,
)
from hncc.domain.problems import display_path


def _date(value: str | None) -> dt.date:
    return today_in_vietnam() if value is None else parse_day(value)


@app.command()
def status(
    ref: Annotated[str, typer.Argument(metavar="MỤC", help="Mục cần cập nhật, ví dụ "
                                       "102/KH-UBND@2022:III.1.2.a hoặc 102:III.1.2.a.")],
    value: Annotated[str, typer.Argument(metavar="TRẠNG_THÁI", help="not_started, in_progress, "
                                         "done, cancelled, suspended (hoặc “đã hoàn thành”…).")],
    date: Annotated[str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="Ngày cập "
                                             "nhật (mặc định: hôm nay, giờ Việt Nam).")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Kỳ (năm) của mục lặp lại hàng "
                                             "năm mà cập nhật này thuộc về.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Ghi chú.")] = None,
    evidence: Annotated[str | None, typer.Option("--evidence", help="Văn bản chứng minh, ví dụ "
                                                 "“Quyết định số 1234/QĐ-UBND”.")] = None,
    link: Annotated[str | None, typer.Option("--link", help="Đường dẫn tới văn bản.")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Lý do (bắt buộc khi hủy "
                                               "hoặc tạm dừng).")] = None,
    root: RootOption = None,
) -> None:
    """Ghi thêm một cập nhật trạng thái vào cuối lịch sử của một mục, giữ nguyên phần còn lại."""
    from hncc.edit import status_edit as editing
    from hncc.edit.atomic import WriteRefused

    folder = data_dir(root)
    try:  # a status word or a reason the command line lacks is wrong usage (exit 2)
        code = editing.status_code(value)
    except editing.EditRefused as error:
        raise fail(str(error)) from None
    if code in ("cancelled", "suspended") and not reason:
        raise fail(f"Trạng thái “{editing.STATUS_WORDS[code]}” cần lý do: thêm --reason \"…\".")
    try:
        update = editing.status_update(date=_date(date), status=code, year=year, note=note,
                                       evidence=evidence, link=link, reason=reason)
        edit = editing.record_status(folder, ref, update)
    except (editing.EditRefused, WriteRefused) as error:
        raise fail(str(error), EXIT_PROBLEMS) from None
    where = display_path(edit.path, Path.cwd())
    typer.echo(f"Đã ghi “{editing.STATUS_WORDS[code]}” cho {edit.plan_key}:{edit.ref} vào "
               f"{where} (từ dòng {edit.first_line}):")
    typer.echo(edit.added, nl=False)


@app.command()
def fmt(
    files: Annotated[list[Path] | None, typer.Argument(metavar="[TỆP]...", help="Các tệp cần "
                                                       "định dạng (mặc định: toàn bộ dữ liệu).",
                                                       show_default=False)] = None,
    check: Annotated[bool, typer.Option("--check", help="Không sửa gì; liệt kê các tệp cần "
                                        "định dạng lại và thoát với mã 1 nếu có.")] = False,
    root: RootOption = None,
) -> None:
    """Đưa các tệp dữ liệu về một dạng chuẩn (thứ tự khóa, thụt lề), giữ nguyên chú thích."""
    from hncc.edit import fmt as formatting
    from hncc.edit.atomic import WriteRefused

    folder = data_dir(root)
    cwd = Path.cwd()
    outcome = EXIT_OK
    for path in files or formatting.data_files(folder):
        model = formatting.model_for(path, folder)
        if model is None and path.resolve().is_relative_to(folder.parent.resolve()):
            # Other YAML of the project (CI, pre-commit config): the hook passes it along.
            typer.echo(f"Bỏ qua {path}: không phải tệp dữ liệu trong {folder}.", err=True)
            continue
        if model is None:
            typer.echo(f"hncc: {path}: nằm ngoài dự án {folder.parent}; hncc chỉ định dạng "
                       f"{folder.name}/agencies.yaml và các tệp .yaml trong {folder.name}/plans/. "
                       "Chỉ ra dự án của tệp bằng --root.", err=True)
            outcome = max(outcome, EXIT_USAGE)
            continue
        try:
            result = formatting.format_file(path, model, write=not check)
        except (formatting.CannotFormat, WriteRefused) as error:
            typer.echo(f"hncc: {display_path(path, cwd)}: {error}", err=True)
            outcome = max(outcome, EXIT_PROBLEMS)
            continue
        if result.changed:
            verb = "cần định dạng lại" if check else "đã định dạng lại"
            typer.echo(f"{display_path(path, cwd)}: {verb}")
            outcome = max(outcome, EXIT_PROBLEMS) if check else outcome
    raise typer.Exit(outcome)


@app.command("schema")
def schema_command(
    output_dir: Annotated[Path | None, typer.Option("--output-dir", help="Thư mục ghi (mặc định: "
                                                    "schema/ cạnh data/).")] = None,
    root: RootOption = None,
) -> None:
    """Ghi JSON Schema của tệp kế hoạch và danh mục cơ quan, để trình soạn thảo kiểm tra khi gõ."""
    from hncc.edit import schema
    from hncc.edit.atomic import WriteRefused

    folder = output_dir or data_dir(root).parent / schema.SCHEMA_DIR
    try:
        written = schema.write_schemas(folder)
    except WriteRefused as error:
        raise fail(str(error), EXIT_PROBLEMS) from None
    for path in written:
        typer.echo(f"Đã ghi {display_path(path, Path.cwd())}")


class DiffFormat(StrEnum):
    text = "text"
    json = "json"


WORKING_TREE = "thư mục làm việc"


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
    from hncc.data import loader
    from hncc.edit import revisions
    from hncc.queries import diff as diffing

    folder = data_dir(root)
    try:
        old = loader.load(folder, revisions.data_files_at(folder, rev_a))
        if rev_b is None:
            revisions.repository_root(folder)
            new = loader.load(folder)
        else:
            new = loader.load(folder, revisions.data_files_at(folder, rev_b))
    except revisions.RevisionError as error:
        raise fail(str(error), EXIT_USAGE) from None
    comparison = diffing.compare(old, new, rev_a, rev_b or WORKING_TREE)
    if output is DiffFormat.json:
        typer.echo(json.dumps(comparison.as_dict(Path.cwd()), ensure_ascii=False, indent=2))
    else:
        typer.echo(diffing.render_text(comparison))
