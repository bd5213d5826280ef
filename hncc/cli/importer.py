"""`hncc import`: a draft plan file from a plan's published text (importer modules loaded only here)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hncc import api
from hncc.cli.common import EXIT_OK, EXIT_PROBLEMS, RootOption, app, data_dir, fail
from hncc.domain.problems import display_path
from hncc.render import problems as output


@app.command("import")
def import_plan(
    file: Annotated[Path, typer.Argument(
        help="Văn bản kế hoạch: văn bản thường (.txt, UTF-8), văn bản Markdown của cổng pháp luật "
        "(.md) hoặc tệp Word (.docx).")],
    output_path: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Ghi bản nháp vào tệp này (ví dụ data/plans/2022-102-KH-UBND.yaml). "
        "Mặc định: in ra màn hình.", show_default=False)] = None,
    agencies_path: Annotated[Path | None, typer.Option(
        "--agencies", help="Ghi các cơ quan chưa có trong danh mục (đề xuất, dạng "
        "data/agencies.yaml) vào tệp này. Bản nháp luôn liệt kê chúng ở cuối, trong chú thích.",
        show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp đã có.")] = False,
    root: RootOption = None,
) -> None:
    """Tạo bản nháp YAML của một kế hoạch từ văn bản công bố, để người xem lại và sửa."""
    if not file.exists() and not file.is_symlink():  # a path that names nothing: wrong usage
        raise fail(f"{file}: không có tệp này.")
    from hncc.edit.atomic import WriteRefused

    try:
        result = api.import_plan(data_dir(root), file, output_path, force, agencies_path)
    except (api.ImportRefused, WriteRefused) as error:
        raise fail(str(error), EXIT_PROBLEMS) from None
    except FileExistsError as error:
        raise fail(f"tệp “{error}” đã có; không ghi đè. Thêm --force để ghi đè, hoặc "
                   "chọn tên khác.", EXIT_PROBLEMS) from None
    if result.problems:
        for problem in result.problems:
            typer.echo(output.problem_line(problem, Path.cwd()), err=True)
        raise fail("bản nháp không hợp lệ với định dạng dữ liệu (lỗi của hncc import); không "
                   "ghi tệp.", EXIT_PROBLEMS)
    if output_path is None:
        typer.echo(result.text, nl=False)
    for path in result.written:
        typer.echo(f"Đã ghi {display_path(path, Path.cwd())}.", err=True)
    draft = result.draft
    typer.echo(f"Bản nháp {draft.plan['number']} ({draft.plan['date']:%d/%m/%Y}): "
               f"{result.summary}. Tên tệp gợi ý: data/plans/{draft.file_name}", err=True)
    raise typer.Exit(EXIT_OK)
