"""The command line: parse options, call a library function, hand its result to a renderer."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from hncc import __version__, commands, output
from hncc.loader import RootNotFound, find_root

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

app = typer.Typer(
    name="hncc",
    help="hncc: theo dõi các kế hoạch của UBND thành phố Hà Nội lưu dưới dạng tệp YAML.",
    no_args_is_help=True,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)

RootOption = Annotated[
    Optional[Path],
    typer.Option("--root", envvar="HNCC_ROOT", help="Thư mục dự án chứa data/ (hoặc chính data/). "
                 "Mặc định: tìm data/ từ thư mục hiện tại trở lên.", show_default=False),
]


class CheckFormat(str, Enum):
    text = "text"
    json = "json"


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print `message` to stderr and return the Exit to raise."""
    typer.echo(f"hncc: {message}", err=True)
    return typer.Exit(code)


def data_dir(root: Path | None) -> Path:
    try:
        return find_root(Path.cwd(), root)
    except RootNotFound as error:
        raise fail(str(error)) from None


@app.command()
def check(
    root: RootOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Thêm cảnh báo (hai cơ quan chủ trì, "
                                         "mục không có thời hạn) và coi cảnh báo là lỗi.")] = False,
    fmt: Annotated[CheckFormat, typer.Option("--format", help="Dạng kết quả.")] = CheckFormat.text,
) -> None:
    """Kiểm tra toàn bộ dữ liệu và liệt kê mọi lỗi, kèm tệp, dòng và cách sửa."""
    result = commands.check(data_dir(root), strict=strict)
    cwd = Path.cwd()
    if fmt is CheckFormat.json:
        typer.echo(output.problems_json(result.problems, cwd, result.ok))
    else:
        for problem in result.problems:
            typer.echo(output.problem_line(problem, cwd))
        dataset = result.dataset
        entries = sum(len(pf.plan.by_ref) for pf in dataset.plans)
        typer.echo(output.summary(result.problems, len(dataset.plans), entries, len(dataset.registry)),
                   err=bool(result.problems))
    raise typer.Exit(EXIT_OK if result.ok else EXIT_PROBLEMS)


@app.command()
def version() -> None:
    """In phiên bản hncc."""
    typer.echo(__version__)


def main() -> None:
    """Entry point: a bug in hncc prints a short note instead of a traceback (HNCC_DEBUG=1 shows it)."""
    try:
        app()
    except Exception as error:  # noqa: BLE001 - reported as a bug in hncc, never as a data problem
        if os.environ.get("HNCC_DEBUG"):
            raise
        typer.echo(
            f"hncc: lỗi nội bộ ({type(error).__name__}: {error}). Đây là lỗi của chương trình, không "
            "phải của dữ liệu. Hãy báo lỗi kèm lệnh đã chạy; đặt HNCC_DEBUG=1 để xem chi tiết.",
            err=True,
        )
        sys.exit(EXIT_BUG)
