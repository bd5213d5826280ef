"""Where the data files are, which of them are plans, how large one may be, how its bytes decode.

The one place for these rules, so that loading, `hncc fmt`, status edits and `hncc import` agree.
Nothing here imports the YAML parser or Pydantic.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from hncc.domain.problems import Severity
from hncc.domain.text import first_non_nfc_line, nfc

DATA_DIR = "data"
AGENCIES_FILE = "agencies.yaml"
PLANS_DIR = "plans"
PLAN_SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = int(os.environ.get("HNCC_MAX_FILE_BYTES", 5 * 1024 * 1024))


class RootNotFound(Exception):
    """No data root where one was looked for."""


def find_root(start: Path, explicit: Path | None = None) -> Path:
    """The data folder: `explicit` (--root or HNCC_ROOT), else the nearest `data/` upwards.

    `explicit` may name the project folder (holding `data/`) or the data folder itself.
    """
    if explicit is not None:
        for candidate in (explicit / DATA_DIR, explicit):
            if (candidate / AGENCIES_FILE).is_file() or (candidate / PLANS_DIR).is_dir():
                return candidate
        raise RootNotFound(f"“{explicit}” không chứa dữ liệu hncc ({DATA_DIR}/{AGENCIES_FILE}).")
    for folder in (start, *start.parents):
        candidate = folder / DATA_DIR
        if (candidate / AGENCIES_FILE).is_file() or (candidate / PLANS_DIR).is_dir():
            return candidate
    raise RootNotFound(
        f"Không tìm thấy thư mục dữ liệu “{DATA_DIR}/” từ “{start}” trở lên. Chạy hncc trong "
        "kho dữ liệu, hoặc chỉ ra bằng --root THƯ_MỤC hay biến môi trường HNCC_ROOT."
    )


def plan_files(data_dir: Path, among: Iterable[Path] | None = None) -> list[Path]:
    """The files in `data_dir/plans/`, sorted, hidden ones (".name") left out, whatever their suffix.

    `among` gives the files of the data root when they are not read from the disk (an edit, a git
    revision). Whether a file is a plan by its name is `is_plan_name`; callers that skip other
    files do so, the loader warns about them.
    """
    plans_dir = data_dir / PLANS_DIR
    if among is not None:
        found = [path for path in among if path.parent == plans_dir]
    elif plans_dir.is_dir():
        found = [path for path in plans_dir.iterdir() if path.is_file()]
    else:
        found = []
    return sorted(path for path in found if not path.name.startswith("."))


def is_plan_name(path: Path) -> bool:
    return path.suffix in PLAN_SUFFIXES


def too_large(size: int) -> str | None:
    """Why a file of `size` bytes is refused unread, or None: one limit for every command."""
    if size <= MAX_FILE_BYTES:
        return None
    return (f"Tệp lớn {size:,} byte, quá giới hạn {MAX_FILE_BYTES:,} byte; một kế hoạch không lớn "
            "như vậy. Kiểm tra tệp (đặt HNCC_MAX_FILE_BYTES để nâng giới hạn).")


def decode(raw: bytes) -> tuple[str | None, list[tuple[int, str, str, Severity]]]:
    """Text of a file and the (line, code, message, severity) problems of its encoding."""
    found: list[tuple[int, str, str, Severity]] = []
    if b"\x00" in raw:
        return None, [(1, "not-text", "Tệp nhị phân (có byte NUL), không phải văn bản YAML. "
                       "Xóa tệp hoặc chuyển ra khỏi thư mục dữ liệu.", Severity.ERROR)]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        found.append((1, "bom", "Tệp bắt đầu bằng dấu BOM; hncc đọc được nhưng nên lưu lại "
                      "dạng UTF-8 không BOM.", Severity.WARNING))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [(line, "not-text", "Tệp không phải văn bản UTF-8 (byte không hợp lệ ở "
                       f"vị trí {error.start}). Lưu lại tệp với mã hóa UTF-8.", Severity.ERROR)]
    bad_line = first_non_nfc_line(text)
    if bad_line is not None:
        found.append((bad_line, "not-nfc", "Văn bản không ở dạng Unicode NFC (chữ có dấu bị tách "
                      "thành chữ gốc và dấu, thường do soạn trên macOS); hncc chuẩn hóa khi đọc. "
                      "Lưu lại tệp ở dạng NFC.", Severity.WARNING))
        text = nfc(text)
    return text, found
