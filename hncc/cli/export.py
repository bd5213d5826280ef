"""`hncc export --sqlite FILE`: the data as one documented SQLite database, for analysts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hncc import api
from hncc.cli.common import EXIT_PROBLEMS, AsOfOption, RootOption, app, fail, load_dataset
from hncc.domain.problems import display_path

SqliteOption = Annotated[Path, typer.Option(
    "--sqlite", metavar="TỆP", help="Ghi cơ sở dữ liệu SQLite vào tệp này (thay tệp xuất lần "
    "trước chỉ khi đã ghi xong; không ghi đè tệp khác).", show_default=False)]


@app.command()
def export(sqlite: SqliteOption, root: RootOption = None, as_of: AsOfOption = None) -> None:
    """Xuất dữ liệu ra tệp SQLite có mô tả và khung nhìn tên cột tiếng Việt, mở được không cần hncc.

    Mô tả các bảng và cột nằm ở bảng bang_mo_ta; mở bằng chương trình đọc SQLite, hoặc bằng Excel.
    """
    from hncc.edit import atomic

    dataset, day = load_dataset(root, as_of, keeps_later=True)  # the data, statuses as of
    try:
        done = api.export_sqlite(dataset, day, sqlite)
    except api.UsageError as error:
        raise fail(str(error)) from None
    except atomic.WriteRefused as error:  # names the file and why, in Vietnamese
        raise fail(str(error), EXIT_PROBLEMS) from None
    counts = done.counts
    typer.echo(f"Đã ghi {display_path(sqlite, Path.cwd())}: {counts['plans']} kế hoạch, "
               f"{counts['entries']} mục, {counts['work_items']} công việc, "
               f"{counts['occurrences']} lần đến hạn, {counts['status_updates']} lần cập nhật "
               f"trạng thái, {counts['agencies']} cơ quan, {counts['budget_shares']} khoản kinh "
               f"phí; trạng thái tính đến ngày {day:%d/%m/%Y}.", err=True)
