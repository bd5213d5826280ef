"""What every command shares: the Typer app, exit codes, and options defined once."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from hncc import __version__
from hncc.data import cache, loader
from hncc.data.loader import Dataset, RootNotFound, find_root, load
from hncc.domain.problems import Severity, display_path

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3
VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")  # no daylight saving in Vietnam

app = typer.Typer(
    name="hncc",
    help="hncc: theo dõi các kế hoạch của UBND thành phố Hà Nội lưu dưới dạng tệp YAML.",
    no_args_is_help=True,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def today_in_vietnam() -> dt.date:
    return dt.datetime.now(VIETNAM).date()


AS_OF_RANGE = (dt.date(1900, 1, 1), dt.date(2999, 12, 31))  # wide; date arithmetic stays safe


def parse_day(value: str) -> dt.date:
    """A date typed as YYYY-MM-DD; a usage error in Vietnamese otherwise."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"“{value}” không phải một ngày dạng YYYY-MM-DD.") from None


def _parse_as_of(value: str | None) -> dt.date | None:
    if value is None:
        return None
    day = parse_day(value)
    first, last = AS_OF_RANGE
    if not first <= day <= last:
        raise typer.BadParameter(f"“{value}” nằm ngoài khoảng {first:%d/%m/%Y}–{last:%d/%m/%Y} "
                                 "mà hncc tính đến.")
    return day


RootOption = Annotated[
    Path | None,
    typer.Option("--root", envvar="HNCC_ROOT", help="Thư mục dự án chứa data/ (hoặc chính data/). "
                 "Mặc định: tìm data/ từ thư mục hiện tại trở lên.", show_default=False),
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", metavar="YYYY-MM-DD", help="Tính theo ngày này (mặc định: hôm nay, "
                 "giờ Việt Nam), để kết quả tái lập được.", show_default=False),
]


def as_of_date(value: str | None) -> dt.date:
    """The --as-of date, or today in Vietnam's time zone."""
    return _parse_as_of(value) or today_in_vietnam()


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print `message` to stderr and return the Exit to raise."""
    typer.echo(f"hncc: {message}", err=True)
    return typer.Exit(code)


def data_dir(root: Path | None) -> Path:
    try:
        return find_root(Path.cwd(), root)
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


def load_dataset(root: Path | None, as_of: str | None) -> tuple[Dataset, dt.date]:
    """The dataset and the as-of date for a query; a note on stderr when the data has errors.

    When a whole file was left out (a plan that does not load), the note names it and the
    command exits 1 after its output: an answer without that plan must not look complete.
    """
    day = as_of_date(as_of)
    dataset = load(data_dir(root), progress=LoadProgress())
    errors = sum(1 for p in dataset.problems if p.severity is Severity.ERROR)
    if errors:
        typer.echo(f"hncc: dữ liệu có {errors} lỗi, kết quả có thể thiếu; chạy “hncc check” "
                   "để xem.", err=True)
    left_out = sorted({p.file for p in dataset.file_problems if p.severity is Severity.ERROR}
                      - {plan_file.path for plan_file in dataset.plans})
    for path in left_out:
        typer.echo(f"hncc: bỏ qua tệp {display_path(path, Path.cwd())} vì tệp có lỗi; kết quả "
                   "không gồm nội dung của tệp đó.", err=True)
    _left_out[:] = left_out
    return dataset, day


# Files the running command left out of its answer; the command then exits 1 (_after_command).
_left_out: list[Path] = []


def _after_command(*_: Any, **__: Any) -> None:
    """After a command that answered without some file of the data: exit 1, not 0."""
    if _left_out:
        raise typer.Exit(EXIT_PROBLEMS)


@app.callback(result_callback=_after_command)
def _global_options(
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Đọc lại mọi tệp, không dùng bộ đệm "
                                           "kế hoạch đã kiểm tra (cũng: HNCC_NO_CACHE=1).")] = False,
) -> None:
    """hncc: theo dõi các kế hoạch của UBND thành phố Hà Nội lưu dưới dạng tệp YAML."""
    cache.turn_off(no_cache)
    _left_out.clear()
    if loader.SETTING_PROBLEM:
        typer.echo(f"hncc: {loader.SETTING_PROBLEM}", err=True)


@app.command()
def version() -> None:
    """In phiên bản hncc."""
    typer.echo(__version__)
