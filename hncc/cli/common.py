"""What every command shares: the Typer app, exit codes, and options defined once."""

from __future__ import annotations

import copy
import datetime as dt
import gc
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Annotated, Any

import typer

from hncc import __version__
from hncc.data import cache, files
from hncc.data.dataset import Dataset
from hncc.data.files import RootNotFound, find_root
from hncc.data.loader import load
from hncc.domain.dates import today_in_vietnam
from hncc.domain.problems import Severity, display_path

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3
_ROOT_KEY = "hncc.root"  # the global --root, kept in the click context's meta

class App(typer.Typer):
    """The Typer app, which, run on a command line that names one of its commands, makes click's
    form of that command alone (with the global options), not of all of them.

    Typer makes every registered command's click command before parsing the line, reading each
    function's signature and type hints: for seventeen commands about 15 ms, a tenth of a warm
    `hncc overdue` on the shipped data. The command run is the same, so its options, help and
    errors are the same; a line that names no command (`hncc`, `hncc --help`, `hncc --version`,
    a misspelt command, shell completion) gets the whole app.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return typer.Typer.__call__(self.for_arguments(kwargs.get("args", sys.argv[1:])), *args,
                                    **kwargs)

    def for_arguments(self, arguments: list[str]) -> typer.Typer:
        """This app with only the command `arguments` name, or the whole app."""
        name = command_named(arguments)
        chosen = [c for c in self.registered_commands if command_name(c) == name]
        completing = any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ)
        if name is None or len(chosen) != 1 or completing:
            return self
        single = copy.copy(self)
        single.registered_commands = chosen
        return single


def command_name(command: Any) -> str:
    """The name a registered command is called by (Typer's rule: the function's, with dashes)."""
    return command.name or command.callback.__name__.lower().replace("_", "-")


# The global options (see _global_options) that take a value; the others are flags.
_GLOBAL_VALUES, _GLOBAL_FLAGS = ("--root",), ("--no-cache",)


def command_named(arguments: list[str]) -> str | None:
    """The command a command line names after the global options, or None when it names none or
    asks for something of the app itself (help, version, completion)."""
    words = iter(arguments)
    for word in words:
        if word in _GLOBAL_VALUES:
            next(words, None)
        elif word.split("=", 1)[0] in _GLOBAL_VALUES or word in _GLOBAL_FLAGS:
            continue
        elif word.startswith("-"):
            return None
        else:
            return word
    return None


app = App(
    name="hncc",
    help="hncc: theo dõi các kế hoạch của UBND thành phố Hà Nội lưu dưới dạng tệp YAML.",
    no_args_is_help=True,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


AS_OF_RANGE = (dt.date(1900, 1, 1), dt.date(2999, 12, 31))  # wide; date arithmetic stays safe


DATE_FORMS = "dd/mm/yyyy (ví dụ 15/12/2023) hoặc yyyy-mm-dd (ví dụ 2023-12-15)"
DATE_METAVAR = "NGÀY"
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_day(value: str) -> dt.date:
    """A date as people write it (15/12/2023, 1/4/2022) or in ISO form (2023-12-15).

    Day first, as Vietnamese writes dates; "." and "-" separate too (15.12.2023). A usage error
    in Vietnamese, naming the forms expected, otherwise.
    """
    text = value.strip()
    if match := _DAY_FIRST.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise typer.BadParameter(f"“{value}” không phải một ngày; viết {DATE_FORMS}.")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise typer.BadParameter(f"không có ngày {day:02d}/{month:02d}/{year} trong lịch "
                                 f"(“{value}”); viết {DATE_FORMS}.") from None


def _parse_as_of(value: str | None) -> dt.date | None:
    if value is None:
        return None
    day = parse_day(value)
    first, last = AS_OF_RANGE
    if not first <= day <= last:
        raise typer.BadParameter(f"“{value}” nằm ngoài khoảng {first:%d/%m/%Y}–{last:%d/%m/%Y} "
                                 "mà hncc tính đến.")
    return day


ROOT_HELP = ("Thư mục dự án chứa data/ (hoặc chính data/); đặt trước hay sau tên lệnh đều được. "
             "Mặc định: HNCC_ROOT, hoặc tìm data/ từ thư mục hiện tại trở lên.")
# Without envvar here: HNCC_ROOT is read by the global option, so that `hncc --root A cmd` is
# not overridden by the environment at the command's level.
RootOption = Annotated[
    Path | None,
    typer.Option("--root", metavar="THƯ_MỤC", help=ROOT_HELP, show_default=False),
]
def valid_day(value: str | None) -> str | None:
    """Option callback: a date option's text, once it reads as a date (so that a wrong date is
    reported with the option's name)."""
    if value is not None:
        _parse_as_of(value)
    return value


AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", metavar=DATE_METAVAR, help="Tính theo ngày này, dd/mm/yyyy hoặc "
                 "yyyy-mm-dd (mặc định: hôm nay, giờ Việt Nam), để kết quả tái lập được.",
                 show_default=False, callback=valid_day),
]


def as_of_date(value: str | None) -> dt.date:
    """The --as-of date, or today in Vietnam's time zone."""
    return _parse_as_of(value) or today_in_vietnam()


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print `message` to stderr and return the Exit to raise."""
    typer.echo(f"hncc: {message}", err=True)
    return typer.Exit(code)


# Endings that a program opens as a document of its own kind: the text hncc writes (a table, CSV,
# JSON, Markdown) under such a name would not open there, or would open as something else.
DOCUMENT_ENDINGS = {".doc": "Word", ".docx": "Word", ".rtf": "Word", ".odt": "LibreOffice",
                    ".pdf": "trình đọc PDF", ".xls": "Excel", ".xlsx": "Excel",
                    ".ods": "LibreOffice"}


def refuse_document_name(output: Path | None, written: str, instead: str) -> None:
    """Wrong usage (found before any data is read) when `output` is named as a document of
    another kind (DOCUMENT_ENDINGS) than `written`, what the command writes there; `instead`
    says what to type."""
    if output is None or (opener := DOCUMENT_ENDINGS.get(output.suffix.lower())) is None:
        return
    raise fail(f"--output “{output.name}”: tệp đuôi {output.suffix.lower()} được mở bằng {opener}, "
               f"nhưng hncc sẽ ghi vào đó {written}: tệp sẽ không mở được hoặc mở sai. {instead}")


def query_failed(error: Exception) -> typer.Exit:
    """A name that names nothing (a plan, an entry, an agency) is wrong usage, exit 2; but when
    files were left out of the data for their errors it may be in one of them: exit 1, saying
    so."""
    if _left_out:
        return fail(f"{error} Có thể nó nằm trong tệp bị bỏ qua vì có lỗi (ở trên): sửa theo "
                    "“hncc check” rồi chạy lại.", EXIT_PROBLEMS)
    return fail(str(error))


PIECE_SIZE = 1 << 16  # characters (or bytes) gathered before a write to standard output


def _takes_utf8_bytes(stream: Any, exact: bool = False) -> bool:
    """Whether UTF-8 bytes can go to `stream`'s buffer as they are: it writes UTF-8 and does
    not turn "\n" into "\r\n" (as text streams do on Windows), or the text holds its own line
    endings (`exact`), which that would double."""
    encoding = getattr(stream, "encoding", None) or ""
    return ((os.linesep == "\n" or exact)
            and encoding.lower().replace("_", "-") in ("utf-8", "utf8"))


def print_pieces(pieces: Iterable[str] | Iterable[bytes], exact: bool = False) -> None:
    """Write text (or UTF-8 bytes) to standard output as it is made, a few tens of kilobytes at
    a time, so that a long answer is never held whole; what typer.echo would write, byte for
    byte. Pieces must end where a line or a row ends (so that escape sequences, which echo takes
    out of piped text, are never cut). When the reader stops reading (`hncc tasks | head`),
    nothing more is made and the command ends as it would have (exit 0). `exact`: the text
    ends its lines itself (CSV's "\r\n"), and goes out as UTF-8 bytes where standard output
    takes them (a file or a pipe, made UTF-8 at start), never with "\r\r\n" on Windows."""
    stream = sys.stdout
    as_bytes = _takes_utf8_bytes(stream, exact)
    gathered: list[Any] = []
    size = 0

    def write() -> None:
        if gathered and isinstance(gathered[0], bytes):
            joined = b"".join(gathered)
            typer.echo(joined if as_bytes else joined.decode("utf-8"), nl=False)
        elif gathered:
            text = "".join(gathered)
            typer.echo(text.encode() if exact and as_bytes else text, nl=False)
        gathered.clear()

    try:
        for piece in pieces:
            gathered.append(piece)
            size += len(piece)
            if size >= PIECE_SIZE:
                write()
                size = 0
        write()
    except BrokenPipeError:  # the reader has gone (`| head`): the rest is not wanted
        _discard_standard_output()


def _discard_standard_output() -> None:
    """Send what is left in stdout's buffers to /dev/null, so that Python's own flush at exit
    does not fail on the closed pipe."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (a test runner's capture)
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, descriptor)
    os.close(null)


def click_context() -> Any:
    """The click context being run, whichever click this Typer uses (vendored or the package)."""
    import importlib

    package = typer.Context.__mro__[1].__module__.rsplit(".", 1)[0]  # typer._click or click
    return importlib.import_module(f"{package}.globals").get_current_context(silent=True)


def _global_root() -> Path | None:
    """The --root given before the command (or HNCC_ROOT), if any."""
    context = click_context()
    while context is not None:
        if context.meta.get(_ROOT_KEY) is not None:
            return context.meta[_ROOT_KEY]
        context = context.parent
    return None


def data_dir(root: Path | None) -> Path:
    """The data folder: --root after the command, else before it (or HNCC_ROOT), else search."""
    try:
        return find_root(Path.cwd(), root or _global_root())
    except RootNotFound as error:
        raise fail(str(error)) from None


class LoadProgress:
    """A progress bar on stderr for a load that takes more than about a second.

    Only when both stdout and stderr are terminals: never in a pipe, a file or CI logs. The bar
    disappears when loading ends, so it leaves nothing in the output.
    """

    DELAY = 1.0  # seconds before a bar is worth showing

    def __init__(self) -> None:
        self._started = time.monotonic()
        self._shown = sys.stdout.isatty() and sys.stderr.isatty()
        self._bar: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            if not self._shown or time.monotonic() - self._started < self.DELAY:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._bar = Progress(TextColumn("Đọc và kiểm tra các kế hoạch"), BarColumn(),
                                 MofNCompleteColumn(), console=Console(stderr=True), transient=True)
            self._bar.start()
            self._task = self._bar.add_task("", total=total)
        self._bar.update(self._task, completed=done, total=total)
        if done >= total:
            self._bar.stop()

    @property
    def shown(self) -> bool:
        return self._bar is not None


def load_dataset(root: Path | None, as_of: str | None, keeps_later: bool = False
                 ) -> tuple[Dataset, dt.date]:
    """The dataset and the as-of date for a query; a note on stderr when the data has errors,
    and when some plans were issued after the as-of date: that the answer leaves them out
    (hncc.api.as_issued), or with `keeps_later` (a command that keeps them) that it does not.

    When a whole file was left out (a plan that does not load), the note names it and the
    command exits 1 after its output: an answer without that plan must not look complete.
    """
    day = as_of_date(as_of)
    dataset, problems = load(data_dir(root), progress=LoadProgress())
    # A read command keeps what it loads and makes until it ends, moments later: the cyclic
    # collector would only walk those objects again and again (a third of a task list over a
    # city's plans). Reference counting still frees what is dropped.
    gc.disable()
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    if errors:
        typer.echo(f"hncc: dữ liệu có {errors} lỗi, kết quả có thể thiếu; chạy “hncc check” "
                   "để xem.", err=True)
    left_out = list(dataset.left_out)
    for path in left_out:
        typer.echo(f"hncc: bỏ qua tệp {display_path(path, Path.cwd())} vì tệp có lỗi; kết quả "
                   "không gồm nội dung của tệp đó.", err=True)
    _left_out[:] = left_out
    from hncc import api  # the query layer, once data is loaded

    later = api.later_plans_notice(dataset, day, left_out=not keeps_later)
    if later:
        typer.echo(f"Lưu ý: {later}", err=True)
    keep(dataset)
    return dataset, day


# What a command made, kept to the end when the process ends at once (hncc.cli.run): freeing a
# city's plans and tasks one by one as the command returns would take a tenth of a second for
# nothing. None (main() in a process that goes on, such as the tests): freed as usual.
kept: list[Any] | None = None


def keep(*made: Any) -> None:
    """Keep `made` to the end of the process when it ends at once (see `kept`)."""
    if kept is not None:
        kept.extend(made)


# Files the running command left out of its answer; the command then exits 1 (_after_command).
_left_out: list[Path] = []


def _after_command(*_: Any, **__: Any) -> None:
    """After a command that answered without some file of the data: exit 1, not 0."""
    if _left_out:
        raise typer.Exit(EXIT_PROBLEMS)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"hncc {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback(result_callback=_after_command)
def _global_options(
    context: typer.Context,
    root: Annotated[Path | None, typer.Option("--root", envvar="HNCC_ROOT", metavar="THƯ_MỤC",
                                              help=ROOT_HELP, show_default=False)] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Đọc lại mọi tệp, không dùng bộ đệm "
                                           "kế hoạch đã kiểm tra (cũng: HNCC_NO_CACHE=1).")] = False,
    _version: Annotated[bool, typer.Option("--version", help="In phiên bản hncc rồi thoát.",
                                           callback=_show_version, is_eager=True)] = False,
) -> None:
    """hncc: theo dõi các kế hoạch của UBND thành phố Hà Nội lưu dưới dạng tệp YAML."""
    context.meta[_ROOT_KEY] = root
    cache.turn_off(no_cache)
    _left_out.clear()
    if files.SETTING_PROBLEM:
        typer.echo(f"hncc: {files.SETTING_PROBLEM}", err=True)


@app.command()
def version() -> None:
    """In phiên bản hncc."""
    typer.echo(__version__)


def deliver(data: bytes, output: Path | None, what: str = "") -> None:
    """`data` on standard output, or written atomically to `output`, saying what was written
    (and `what` it holds, ": Sở Ngoại vụ, 4 dòng")."""
    from hncc.edit import atomic

    if output is None:
        typer.echo(data, nl=False)
        return
    try:
        atomic.write(output, data)
    except atomic.WriteRefused as error:  # names the file and why, in Vietnamese
        raise fail(str(error), EXIT_PROBLEMS) from None
    _say_written(output, len(data), what)


def _say_written(output: Path, size: int, what: str = "") -> None:
    typer.echo(f"Đã ghi {display_path(output, Path.cwd())}{what} "
               + f"({size:,} byte).".replace(",", "."), err=True)  # stdout stays for data


Write = Callable[[bytes], object]
SPOOL = 1 << 23  # bytes of a report on its way to stdout kept in memory; more go to a temporary file


def deliver_pieces(make: Callable[[Write], object], output: Path | None) -> None:
    """What `make` writes, a piece at a time, on standard output once it is all written (kept
    meanwhile in a temporary file), or written atomically to `output`, saying what was written.
    What `make` raises goes through, and nothing is written."""
    import tempfile

    from hncc.edit import atomic

    size = 0

    def counted(stream: IO[bytes], where: str | None = None) -> Write:
        def write(piece: bytes) -> None:
            nonlocal size
            size += len(piece)
            try:
                stream.write(piece)
            except OSError as error:
                if where is None:
                    raise  # the caller says which file could not be written
                raise fail(f"Không ghi được tệp tạm của báo cáo trong “{where}” ("
                           f"{atomic.reason_of(error)}); chưa in gì ra.", EXIT_PROBLEMS) from None
        return write

    if output is None:
        with tempfile.SpooledTemporaryFile(max_size=SPOOL) as spool:
            make(counted(spool, tempfile.gettempdir()))
            spool.seek(0)
            print_pieces(spool)  # line by line, as the other commands print
        return

    def fill(temporary: Path) -> None:
        with temporary.open("wb") as stream:
            make(counted(stream))

    try:
        atomic.write_with(output, fill)
    except atomic.WriteRefused as error:  # names the file and why, in Vietnamese
        raise fail(str(error), EXIT_PROBLEMS) from None
    _say_written(output, size)
