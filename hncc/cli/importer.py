"""`hncc import`: a draft plan file from a plan's published text (importer modules loaded only here)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hncc.cli.common import EXIT_OK, EXIT_PROBLEMS, RootOption, app, data_dir, fail
from hncc.data import loader
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
    from hncc.edit import atomic
    from hncc.importer import reader as importer
    from hncc.importer import writer as importer_yaml

    registry = loader.load(data_dir(root)).registry
    try:  # only a regular file: /dev/zero or a FIFO would be read forever
        raw = atomic.read_regular(file, loader.MAX_FILE_BYTES)
    except atomic.NotAFile as error:
        raise fail(str(error), EXIT_PROBLEMS) from None
    except atomic.TooLarge as error:
        raise fail(f"{file}: văn bản lớn {error.size:,} byte, quá giới hạn "
                   f"{loader.MAX_FILE_BYTES:,} byte; một văn bản kế hoạch không lớn như vậy. "
                   "Kiểm tra tệp (đặt HNCC_MAX_FILE_BYTES để nâng giới hạn).",
                   EXIT_PROBLEMS) from None
    except OSError as error:
        raise fail(f"{file}: không đọc được ({error.strerror or error}).", EXIT_PROBLEMS) from None
    try:
        draft = importer.import_text(importer.read_source(raw), registry, file.name)
    except importer.NotAPlan as error:
        raise fail(f"{file}: {error}", EXIT_PROBLEMS) from None
    rendered = importer_yaml.render(draft, file.name)
    if rendered.problems:
        for problem in rendered.problems:
            typer.echo(output.problem_line(problem, Path.cwd()), err=True)
        raise fail("bản nháp không hợp lệ với định dạng dữ liệu (lỗi của hncc import); không "
                   "ghi tệp.", EXIT_PROBLEMS)
    if output_path is None:
        typer.echo(rendered.text, nl=False)
    else:
        try:
            importer_yaml.write(output_path, rendered.text, force)
        except FileExistsError:
            raise fail(f"tệp “{output_path}” đã có; không ghi đè. Thêm --force để ghi đè, hoặc "
                       "chọn tên khác bằng --output.", EXIT_PROBLEMS) from None
        except atomic.WriteRefused as error:
            raise fail(str(error), EXIT_PROBLEMS) from None
    typer.echo(f"Bản nháp {draft.plan['number']} ({draft.plan['date']:%d/%m/%Y}): "
               f"{rendered.flags} chỗ cần kiểm tra (# KIỂM TRA). Tên tệp gợi ý: "
               f"data/plans/{draft.file_name}", err=True)
    raise typer.Exit(EXIT_OK)
