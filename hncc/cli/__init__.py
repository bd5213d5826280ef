"""The command line. Each module below registers its commands on `app`; only this package prints.

Commands parse options, call one library function (hncc.api) and hand the result to a
renderer, in a few lines. A command line that names a command imports the module of that
command alone (COMMAND_MODULES); `app` here is the whole app, every command registered.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import sys
from typing import Any

import typer

from hncc.cli import common
from hncc.cli.common import EXIT_BUG, command_name, command_named
from hncc.cli.console import prepare_standard_streams
from hncc.cli.vietnamese import install as _install_vietnamese
from hncc.data.loader import DataChanged

# The module of hncc.cli that registers each command (a test checks it against the whole app).
COMMAND_MODULES = {
    "version": "common", "check": "check", "status": "edit", "fmt": "edit", "schema": "edit",
    "diff": "edit", "export": "export", "overdue": "queries", "upcoming": "queries",
    "tasks": "queries", "show": "queries", "budget": "queries", "agencies": "queries",
    "report": "reports", "calendar": "reports", "form": "form", "import": "importer",
}


def _registered(modules: set[str]) -> typer.Typer:
    """The Typer app once `modules` have registered their commands, in Vietnamese."""
    for module in sorted(modules):
        importlib.import_module(f"hncc.cli.{module}")
    _install_vietnamese(common.app)  # after the modules have registered their commands
    return common.app


def __getattr__(name: str) -> Any:
    if name == "app":  # the whole app: help, tests, tools
        app = _registered(set(COMMAND_MODULES.values()))
        # In the order help lists them, whichever module a command run before registered first.
        order = {name: place for place, name in enumerate(COMMAND_MODULES)}
        app.registered_commands.sort(key=lambda c: order.get(command_name(c), len(order)))
        globals()["app"] = app
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _app_for(arguments: list[str]) -> Any:
    """The app to run `arguments` with: with the command they name alone registered, if any."""
    if "app" in globals():  # the whole app was asked for (or replaced, by a test)
        return globals()["app"]
    module = COMMAND_MODULES.get(command_named(arguments) or "")
    return _registered({module}) if module else __getattr__("app")


def _imported_without_collector(arguments: list[str]) -> Any:
    """`_app_for(arguments)`, the cyclic garbage collector paused meanwhile: the classes and
    functions the imports make live until the command ends, and the collector would only walk
    them again and again (a few ms of a query's start)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _app_for(arguments)
    finally:
        if collecting:
            gc.enable()


def main() -> None:
    """Entry point: a bug in hncc prints a short note instead of a traceback (HNCC_DEBUG=1 shows it)."""
    prepare_standard_streams()
    try:
        _imported_without_collector(sys.argv[1:])()
    except DataChanged as error:  # a file edited while the command ran: not a bug
        typer.echo(f"hncc: {error}", err=True)
        sys.exit(1)
    except OSError as error:  # the system refused a read or a write (a full disk): not a bug
        from hncc.edit.atomic import reason_of  # only then: start-up does not import it

        typer.echo(f"hncc: hệ thống không cho đọc hay ghi ({reason_of(error)}); lệnh dừng lại.",
                   err=True)
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
    common.kept = []  # what commands make is not freed: the process ends at once
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
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader has gone (`| head`): nothing more was wanted
        pass
    except (OSError, ValueError) as error:  # what was printed last did not all get written
        with contextlib.suppress(OSError, ValueError):
            print(f"hncc: không ghi được hết kết quả ({error}).", file=sys.stderr)
        code = code or 1
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(code)


__all__ = ["COMMAND_MODULES", "app", "main", "run"]
