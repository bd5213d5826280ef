"""The command line. Each module below registers its commands on `app`; only this package prints.

Commands parse options, call one library function (hncc.api) and hand the result to a
renderer, in a few lines.
"""

from __future__ import annotations

import contextlib
import os
import sys

import typer

from hncc.cli import check as _check  # noqa: F401  (registers commands)
from hncc.cli import edit as _edit  # noqa: F401  (registers commands)
from hncc.cli import export as _export  # noqa: F401  (registers commands)
from hncc.cli import form as _form  # noqa: F401  (registers commands)
from hncc.cli import importer as _importer  # noqa: F401  (registers commands)
from hncc.cli import queries as _queries  # noqa: F401  (registers commands)
from hncc.cli import reports as _reports  # noqa: F401  (registers commands)
from hncc.cli.common import EXIT_BUG, app
from hncc.cli.console import prepare_standard_streams
from hncc.cli.vietnamese import install as _install_vietnamese
from hncc.data.loader import DataChanged

_install_vietnamese(app)  # after every command module has registered its commands


def main() -> None:
    """Entry point: a bug in hncc prints a short note instead of a traceback (HNCC_DEBUG=1 shows it)."""
    prepare_standard_streams()
    try:
        app()
    except DataChanged as error:  # a file edited while the command ran: not a bug
        typer.echo(f"hncc: {error}", err=True)
        sys.exit(1)
    except Exception as error:
        if os.environ.get("HNCC_DEBUG"):
            raise
        typer.echo(
            f"hncc: lỗi nội bộ ({type(error).__name__}: {error}). Đây là lỗi của chương trình, không "
            "phải của dữ liệu. Hãy báo lỗi kèm lệnh đã chạy; đặt HNCC_DEBUG=1 để xem chi tiết.",
            err=True,
        )
        sys.exit(EXIT_BUG)


def run() -> None:
    """The `hncc` command: `main`, then the process ends at once, its output flushed, without
    freeing its objects one by one (tens of thousands of tasks take a tenth of a second to free
    at city scale; mypy ends the same way). hncc registers nothing to run at exit and has
    committed every write to the index by then, which the next run would find in any case."""
    try:
        main()
        code = 0
    except SystemExit as done:
        if isinstance(done.code, int):
            code = done.code
        elif done.code is None:
            code = 0
        else:  # what Python prints for sys.exit("text")
            print(done.code, file=sys.stderr)
            code = 1
    for stream in (sys.stdout, sys.stderr):
        # A reader gone (`| head`), a stream closed: nothing more to say.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


__all__ = ["app", "main", "run"]
