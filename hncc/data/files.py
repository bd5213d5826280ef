"""Where the data files are, which of them are plans, how large one may be, how its bytes decode,
and how files hncc did not make are read: only regular files, never more than a limit.

The one place for these rules, so that loading, `hncc fmt`, status edits and `hncc import` agree.
A FIFO or a device named like a data file (or a cache entry) must not hang hncc or fill its
memory: such files are opened without blocking, checked to be regular files, and read up to a
limit. Nothing here imports the YAML parser or Pydantic.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from hncc.domain.problems import Severity
from hncc.domain.text import first_non_nfc_line, nfc, thousands

DATA_DIR = "data"
AGENCIES_FILE = "agencies.yaml"
PLANS_DIR = "plans"
PLAN_SUFFIXES = (".yaml", ".yml")
DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024
_SIZE_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "kib": 1024, "m": 1024 ** 2, "mb": 1024 ** 2,
               "mib": 1024 ** 2, "g": 1024 ** 3, "gb": 1024 ** 3, "gib": 1024 ** 3}


def file_size(text: str) -> int:
    """A size as people write it: "5000000", "5MB", "5 MiB", "512k", "1,5 MB" (units of 1024).

    Raises ValueError when `text` is no size.
    """
    number, unit = text.strip(), ""
    while number and number[-1].isalpha():
        number, unit = number[:-1], number[-1] + unit
    scale = _SIZE_UNITS.get(unit.lower())
    digits = number.strip().replace(",", ".")
    if scale is None or not digits or not digits.replace(".", "", 1).isdigit():
        raise ValueError(text)
    return int(float(digits) * scale)


def _max_file_bytes() -> tuple[int, str | None]:
    """The limit from HNCC_MAX_FILE_BYTES, and a message when the setting cannot be read."""
    written = os.environ.get("HNCC_MAX_FILE_BYTES", "")
    if not written.strip():
        return DEFAULT_MAX_FILE_BYTES, None
    try:
        return file_size(written), None
    except ValueError:
        return DEFAULT_MAX_FILE_BYTES, (
            f"HNCC_MAX_FILE_BYTES=“{written}” không phải một cỡ tệp (ví dụ 5000000, 5MB, 512KB); "
            "dùng giới hạn mặc định 5 MB.")


MAX_FILE_BYTES, SETTING_PROBLEM = _max_file_bytes()


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
    files do so, the loader warns about them. Something named like a plan that is no regular file
    (a folder or a FIFO called "x.yaml") is listed too, so that whoever reads it says so
    (`read_regular` refuses it without blocking) instead of passing over it in silence.
    """
    plans_dir = data_dir / PLANS_DIR
    if among is not None:
        found = [path for path in among if path.parent == plans_dir]
    elif plans_dir.is_dir():
        with os.scandir(plans_dir) as entries:  # the folder's own file types: no stat per file
            listed = [(entry.is_file(), plans_dir / entry.name) for entry in entries]
        found = [path for regular, path in listed if regular or is_plan_name(path)]
    else:
        found = []
    # All in one folder: sorted by name as paths sort (case-folded where the system does).
    return sorted((path for path in found if not path.name.startswith(".")),
                  key=lambda path: os.path.normcase(path.name))


def is_plan_name(path: Path) -> bool:
    """A plan file's name ends in .yaml or .yml, in any case (Windows does not tell X.YAML apart)."""
    return path.suffix.lower() in PLAN_SUFFIXES


def too_large(size: int) -> str | None:
    """Why a file of `size` bytes is refused unread, or None: one limit for every command."""
    if size <= MAX_FILE_BYTES:
        return None
    return (f"Tệp lớn {thousands(size)} byte, quá giới hạn {thousands(MAX_FILE_BYTES)} byte; một "
            "kế hoạch không lớn như vậy. Kiểm tra tệp (đặt HNCC_MAX_FILE_BYTES để nâng giới hạn).")


# What Windows Notepad calls "Unicode" (and "Unicode big endian"): UTF-16 with a byte-order mark.
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
UTF16_SAVED = ("Tệp được lưu dạng UTF-16 (trong Notepad: “Unicode”); hncc đọc văn bản UTF-8. Mở "
               "tệp, lưu lại với mã hóa UTF-8 rồi chạy lại.")


def decode(raw: bytes) -> tuple[str | None, list[tuple[int, int, str, str, Severity]]]:
    """Text of a file and the (line, column, code, message, severity) problems of its encoding."""
    found: list[tuple[int, int, str, str, Severity]] = []
    if raw[:2] in UTF16_BOMS:
        return None, [(1, 1, "not-text", UTF16_SAVED, Severity.ERROR)]
    if b"\x00" in raw:
        return None, [(1, 1, "not-text", "Tệp nhị phân (có byte NUL), không phải văn bản YAML. "
                       "Xóa tệp hoặc chuyển ra khỏi thư mục dữ liệu.", Severity.ERROR)]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        found.append((1, 1, "bom", "Tệp bắt đầu bằng dấu BOM; hncc đọc được nhưng nên lưu lại "
                      "dạng UTF-8 không BOM.", Severity.WARNING))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        begins = raw.rfind(b"\n", 0, error.start) + 1
        column = len(raw[begins:error.start].decode("utf-8", errors="replace")) + 1
        return None, [(line, column, "not-text", f"Tệp không phải văn bản UTF-8 (cột {column}: byte "
                       f"0x{raw[error.start]:02X}); có lẽ tệp được lưu bằng bảng mã Windows (trong "
                       "Notepad: “ANSI”, Windows-1258). Mở tệp, chọn Lưu thành (Save As), Mã hóa "
                       "(Encoding): UTF-8, rồi chạy lại.", Severity.ERROR)]
    bad_line = first_non_nfc_line(text)
    if bad_line is not None:
        found.append((bad_line, 1, "not-nfc", "Văn bản không ở dạng Unicode NFC (chữ có dấu bị tách "
                      "thành chữ gốc và dấu, thường do soạn trên macOS); hncc chuẩn hóa khi đọc. "
                      "Chạy “hncc fmt” để lưu lại tệp ở dạng NFC.", Severity.WARNING))
        text = nfc(text)
    return text, found


class NotAFile(Exception):
    """A path that is a folder, a FIFO, a device or a socket; the message is for users."""

    def __init__(self, path: Path, mode: int) -> None:
        kind = ("một thư mục" if stat.S_ISDIR(mode) else "một ống dẫn (FIFO)" if stat.S_ISFIFO(mode)
                else "một thiết bị" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                else "một socket" if stat.S_ISSOCK(mode) else "không phải tệp thường")
        super().__init__(f"“{path}” là {kind}, không phải một tệp; hncc chỉ đọc tệp thường.")
        self.path = path


class TooLarge(Exception):
    """A regular file over the size limit given to `read_regular`."""

    def __init__(self, path: Path, size: int, limit: int) -> None:
        super().__init__(f"“{path}” lớn {thousands(size)} byte, quá giới hạn {thousands(limit)} byte.")
        self.path, self.size, self.limit = path, size, limit


_READ_REASONS = {
    errno.ENOENT: "không có tệp này", errno.EACCES: "không có quyền đọc",
    errno.EPERM: "không có quyền đọc", errno.EISDIR: "đó là một thư mục",
    errno.ENOTDIR: "đường dẫn đi qua một tệp, không phải thư mục",
    errno.ELOOP: "đó là một liên kết (link)", errno.EIO: "lỗi vào ra của thiết bị",
}


def read_reason(error: OSError) -> str:
    """Why the system refused a read, in words for users (its own are English)."""
    return _READ_REASONS.get(error.errno or 0, error.strerror or str(error))


def read_regular(path: Path, limit: int | None = None, follow_links: bool = True,
                 owner: int | None = None) -> bytes:
    """The bytes of `path`, only if it is a regular file (and at most `limit` bytes long).

    Opened without blocking, so a FIFO never hangs the read; a folder, FIFO, device or socket
    raises NotAFile, a file over `limit` TooLarge (nothing read). With `follow_links=False` a
    link raises OSError (ELOOP); with `owner`, a file of another user is NotAFile too. Reading
    stops at `limit` even if the file grows meanwhile.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags)
    except IsADirectoryError:
        raise NotAFile(path, stat.S_IFDIR) from None
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode) or (owner is not None and status.st_uid != owner):
        os.close(descriptor)
        raise NotAFile(path, status.st_mode)
    with os.fdopen(descriptor, "rb") as stream:
        if limit is not None and status.st_size > limit:
            raise TooLarge(path, status.st_size, limit)
        data = stream.read() if limit is None else stream.read(limit + 1)
    if limit is not None and len(data) > limit:
        raise TooLarge(path, len(data), limit)
    return data
