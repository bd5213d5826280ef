"""`hncc check`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from hncc import api
from hncc.cli.common import EXIT_OK, EXIT_PROBLEMS, LoadProgress, RootOption, app, data_dir
from hncc.render import problems as output


class CheckFormat(StrEnum):
    text = "text"
    json = "json"


@app.command()
def check(
    root: RootOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Thêm cảnh báo (hai cơ quan chủ trì, "
                                         "mục không có thời hạn, nhiệm vụ cần phân công lại vì cơ "
                                         "quan chủ trì đã chấm dứt) và coi cảnh báo là lỗi.")] = False,
    fmt: Annotated[CheckFormat, typer.Option("--format", help="Dạng kết quả.")] = CheckFormat.text,
) -> None:
    """Kiểm tra toàn bộ dữ liệu và liệt kê mọi lỗi, kèm tệp, dòng và cách sửa."""
    result = api.check(data_dir(root), strict=strict, progress=LoadProgress())
    cwd = Path.cwd()
    if fmt is CheckFormat.json:
        typer.echo(output.problems_json(result.problems, cwd, result.ok))
    else:
        for problem in result.problems:
            typer.echo(output.problem_line(problem, cwd))
        typer.echo(output.summary(result.problems, len(result.dataset.plans), result.entries,
                                  len(result.dataset.registry)), err=bool(result.problems))
    raise typer.Exit(EXIT_OK if result.ok else EXIT_PROBLEMS)
