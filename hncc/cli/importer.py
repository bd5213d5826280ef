"""`hncc import`: a draft plan file from a plan's published text (importer modules loaded only here)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hncc.cli.common import EXIT_OK, EXIT_PROBLEMS, RootOption, app, data_dir, fail
from hncc.data import loader
from hncc.render import problems as output

WORD_FACTOR = 4  # a .docx may be this many times the text size limit: pictures, fonts, styles


def _source_bytes(file: Path) -> bytes:
    """The bytes of the source file, or a clear refusal (exit 1) for what cannot be one."""
    if file.is_dir():
        raise fail(f"{file}: là một thư mục; cần một tệp văn bản kế hoạch (.txt, .md, .docx).",
                   EXIT_PROBLEMS)
    if not file.is_file():
        raise fail(f"{file}: không có tệp này.", EXIT_PROBLEMS)
    try:
        size = file.stat().st_size
        with file.open("rb") as stream:
            word = stream.read(4) == b"PK\x03\x04"
            limit = loader.MAX_FILE_BYTES * (WORD_FACTOR if word else 1)
            if size > limit:
                raise fail(f"{file}: văn bản lớn {size:,} byte, quá giới hạn {limit:,} byte; một "
                           "văn bản kế hoạch không lớn như vậy. Kiểm tra tệp (đặt "
                           "HNCC_MAX_FILE_BYTES để nâng giới hạn).", EXIT_PROBLEMS)
            stream.seek(0)
            return stream.read()
    except OSError as error:
        raise fail(f"{file}: không đọc được tệp ({error.strerror}).", EXIT_PROBLEMS) from None


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
    from hncc.importer import reader as importer
    from hncc.importer import writer as importer_yaml

    registry = loader.load(data_dir(root)).registry
    raw = _source_bytes(file)
    try:
        draft = importer.import_source(raw, registry, file.name)
    except importer.NotAPlan as error:
        raise fail(f"{file}: {error}", EXIT_PROBLEMS) from None
    rendered = importer_yaml.render(draft, file.name)
    if rendered.problems:
        for problem in rendered.problems:
            typer.echo(output.problem_line(problem, Path.cwd()), err=True)
        raise fail("bản nháp không hợp lệ với định dạng dữ liệu (lỗi của hncc import); không "
                   "ghi tệp.", EXIT_PROBLEMS)
    targets = [(path, text) for path, text in ((output_path, rendered.text),
                                               (agencies_path, rendered.agencies or "agencies: []\n"))
               if path]
    existing = [path for path, _ in targets if path.exists()]
    if existing and not force:
        raise fail(f"tệp “{existing[0]}” đã có; không ghi đè. Thêm --force để ghi đè, hoặc "
                   "chọn tên khác bằng --output.", EXIT_PROBLEMS)
    if output_path is None:
        typer.echo(rendered.text, nl=False)
    for path, text in targets:
        importer_yaml.write(path, text, force=True)
    typer.echo(f"Bản nháp {draft.plan['number']} ({draft.plan['date']:%d/%m/%Y}): "
               f"{rendered.summary}. Tên tệp gợi ý: data/plans/{draft.file_name}", err=True)
    raise typer.Exit(EXIT_OK)
