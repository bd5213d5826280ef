"""`hncc import`: a draft plan file from a plan's published text (importer modules loaded only here)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hncc import api
from hncc.cli.common import EXIT_OK, EXIT_PROBLEMS, RootOption, app, data_dir, fail
from hncc.render import problems as output


@app.command("import")
def import_plan(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True,
                                         help="Văn bản kế hoạch (.txt, UTF-8).")],
    output_path: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Ghi bản nháp vào tệp này (ví dụ data/plans/2022-102-KH-UBND.yaml). "
        "Mặc định: in ra màn hình.", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp đã có.")] = False,
    root: RootOption = None,
) -> None:
    """Tạo bản nháp YAML của một kế hoạch từ văn bản công bố, để người xem lại và sửa."""
    try:
        result = api.import_plan(data_dir(root), file, output_path, force)
    except api.ImportRefused as error:
        raise fail(str(error), EXIT_PROBLEMS) from None
    except FileExistsError:
        raise fail(f"tệp “{output_path}” đã có; không ghi đè. Thêm --force để ghi đè, hoặc "
                   "chọn tên khác bằng --output.", EXIT_PROBLEMS) from None
    if result.problems:
        for problem in result.problems:
            typer.echo(output.problem_line(problem, Path.cwd()), err=True)
        raise fail("bản nháp không hợp lệ với định dạng dữ liệu (lỗi của hncc import); không "
                   "ghi tệp.", EXIT_PROBLEMS)
    if output_path is None:
        typer.echo(result.text, nl=False)
    else:
        typer.echo(f"Đã ghi bản nháp vào {output_path}.", err=True)
    draft = result.draft
    typer.echo(f"Bản nháp {draft.plan['number']} ({draft.plan['date']:%d/%m/%Y}): "
               f"{result.flags} chỗ cần kiểm tra (# KIỂM TRA). Tên tệp gợi ý: "
               f"data/plans/{draft.file_name}", err=True)
    raise typer.Exit(EXIT_OK)
