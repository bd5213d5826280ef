"""Writing files that people edit by hand: all or nothing, one writer at a time, never over
someone else's change.

A write goes to a temporary file in the same folder, is flushed to disk (fsync) and renamed over
the original (os.replace), so a crash leaves either the old file or the new one, never half of
each; the new file keeps the old one's mode and group. Every writer holds the folder's lock
(`locked`, a lock file beside the data) from the moment it reads a file until it has written it,
so two hncc processes never both read the same text and each write their own change over it. A
file read for editing is also remembered as a `Snapshot`: the write is refused when the file
changed on disk since then (an editor saved it, git checked out a branch), since those do not
take hncc's lock.

Failures users can fix (a full disk, no permission, a read-only file, another hncc still writing)
are `WriteRefused` exceptions with a Vietnamese message that names the file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from hncc.data.files import NotAFile, TooLarge, read_regular

__all__ = ["Busy", "CannotWrite", "FileChanged", "NotAFile", "Snapshot", "TooLarge", "WriteRefused",
           "locked", "read_regular", "write", "write_with"]

LOCK_NAME = ".hncc.lock"  # in the folder written to, while writing; .gitignore lists it
LOCK_WAIT = 10.0          # seconds to wait for another hncc to finish writing before giving up
TEMPORARY_SUFFIX = ".tmp"  # temporaries are ".NAME.XXXX.tmp": .gitignore lists ".*.tmp"


class WriteRefused(Exception):
    """A write hncc did not make; the message (Vietnamese) says why and names the file."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message

    def __str__(self) -> str:
        return self.message


class FileChanged(WriteRefused):
    """The file on disk is no longer the one that was read."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, f"Tệp “{path}” đã bị thay đổi từ khi hncc đọc nó (có thể do trình "
                               "soạn thảo hoặc git). hncc không ghi đè; chạy lại lệnh.")


class Busy(WriteRefused):
    """Another process holds the folder's lock for longer than hncc waits."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder, f"Một lệnh hncc khác đang ghi vào thư mục “{folder}” (chờ "
                                 f"{LOCK_WAIT:g} giây chưa xong). Không ghi gì; chạy lại lệnh "
                                 "sau khi lệnh kia kết thúc.")


_REASONS = {
    errno.ENOSPC: "ổ đĩa đã đầy", errno.EDQUOT: "đã hết hạn mức dung lượng",
    # Windows says EACCES, too, when another program (Excel, Word) has the file open
    errno.EACCES: "không có quyền ghi, hoặc tệp đang mở trong chương trình khác (Excel, Word): "
                  "đóng tệp rồi chạy lại", errno.EPERM: "không có quyền ghi",
    errno.EROFS: "ổ đĩa chỉ cho đọc", errno.ENOENT: "thư mục không tồn tại",
    errno.EISDIR: "đó là một thư mục", errno.ENOTDIR: "đường dẫn đi qua một tệp, không phải thư mục",
    errno.EIO: "lỗi vào ra của thiết bị",
    errno.EEXIST: "đã có một tệp hay thư mục mang tên này", errno.ENAMETOOLONG: "tên quá dài",
}
# Windows: the file is open in another program that does not share it (Word, Excel): a
# "sharing violation" or "lock violation", which Python reports as a permission error.
_WINDOWS_IN_USE = {32, 33}
IN_USE = "tệp đang mở trong chương trình khác (Word, Excel…); đóng tệp đó rồi chạy lại"


def reason_of(error: OSError) -> str:
    """Why the system refused a write, in words for users (its own are English)."""
    if getattr(error, "winerror", None) in _WINDOWS_IN_USE:
        return IN_USE
    return _REASONS.get(error.errno or 0, error.strerror or str(error))


class CannotWrite(WriteRefused, OSError):
    """The operating system refused the write (full disk, permission, read-only file)."""

    def __init__(self, path: Path, reason: str, code: int = 0) -> None:
        OSError.__init__(self, code, reason)
        WriteRefused.__init__(self, path, f"Không ghi được “{path}”: {reason}. Tệp cũ (nếu có) "
                                          "vẫn nguyên như trước.")

    @classmethod
    def from_error(cls, path: Path, error: OSError) -> CannotWrite:
        return cls(path, reason_of(error), error.errno or 0)


@dataclass(frozen=True)
class Snapshot:
    """A file as it was read: its bytes and the stat fields that change when it is written."""

    path: Path
    data: bytes
    mtime_ns: int
    size: int

    @classmethod
    def read(cls, path: Path) -> Snapshot:
        data = read_regular(path)
        status = path.stat()
        return cls(path, data, status.st_mtime_ns, status.st_size)

    def unchanged(self) -> bool:
        """True when the file on disk still has the bytes and mtime that were read."""
        try:
            status = self.path.stat()
            same_stat = (status.st_mtime_ns, status.st_size) == (self.mtime_ns, self.size)
            return same_stat and read_regular(self.path) == self.data
        except (OSError, NotAFile):
            return False


# Folders whose lock this process holds, with how many `locked` blocks hold it: a writer that
# calls another writer (status checks, then writes) must not wait for itself.
_held: dict[Path, tuple[int, int]] = {}


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the write lock of `folder` (waiting up to LOCK_WAIT seconds; Busy after that).

    Every hncc writer reads, checks and writes a file of `folder` inside this block. The lock
    is advisory (flock on POSIX, msvcrt on Windows): editors do not take it, Snapshot covers them.
    """
    key = folder.resolve()
    if key in _held:
        descriptor, depth = _held[key]
        _held[key] = (descriptor, depth + 1)
        try:
            yield
        finally:
            _held[key] = (descriptor, _held[key][1] - 1)
        return
    lock_file = key / LOCK_NAME
    descriptor = _acquire(lock_file, key)
    _held[key] = (descriptor, 1)
    try:
        yield
    finally:
        del _held[key]
        # Removed while still locked: a writer waiting on this file finds it gone and retries.
        with contextlib.suppress(OSError):
            os.unlink(lock_file)
        _release(descriptor)
        os.close(descriptor)


def _acquire(lock_file: Path, folder: Path) -> int:
    """A descriptor of `lock_file`, locked; the file is the one on disk at that moment.

    The lock file is removed when released (it leaves nothing in the data), so a lock obtained
    on a file that its holder has just removed is worth nothing: open it again and retry.
    """
    deadline = time.monotonic() + LOCK_WAIT
    pause = 0.005
    while True:
        try:
            descriptor = os.open(lock_file, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0),
                                 0o666)
        except OSError as error:  # the folder's fault (missing, read-only): name it, not the lock
            raise CannotWrite.from_error(folder, error) from None
        if _try_lock(descriptor):
            if _same_file(descriptor, lock_file):
                return descriptor
            _release(descriptor)
        os.close(descriptor)
        if time.monotonic() >= deadline:
            raise Busy(folder)
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def _same_file(descriptor: int, path: Path) -> bool:
    try:
        on_disk = path.stat()
    except OSError:
        return False
    mine = os.fstat(descriptor)
    return (mine.st_dev, mine.st_ino) == (on_disk.st_dev, on_disk.st_ino)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(descriptor: int) -> bool:
        os.lseek(descriptor, 0, os.SEEK_SET)
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _release(descriptor: int) -> None:
        os.lseek(descriptor, 0, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(descriptor: int) -> bool:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _release(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)


def write(path: Path, data: bytes, expected: Snapshot | None = None) -> None:
    """Replace `path` with `data` atomically; with `expected`, only if the file is still as read.

    The new file keeps the mode and group of the one it replaces. Raises FileChanged when
    `expected` no longer matches the file on disk, CannotWrite when the system refuses (the old
    file is then untouched and no temporary file is left).
    """
    if expected is not None and not expected.unchanged():
        raise FileChanged(path)
    _write(path, data)


def write_with(path: Path, fill: Callable[[Path], None]) -> None:
    """Replace `path` atomically with the file that `fill` writes at the path it is given.

    For files made by a library that writes by name (an SQLite database): `fill` gets the
    temporary file (empty, in the same folder) and writes it; then, as `write` does, it is
    flushed to disk and renamed over `path`. Anything `fill` raises leaves `path` untouched and
    no temporary file behind.
    """
    _write(path, fill)


def _write(path: Path, data: bytes | Callable[[Path], None]) -> None:
    folder = path.parent
    try:
        old = path.stat()
    except FileNotFoundError:
        old = None
    except OSError as error:
        raise CannotWrite.from_error(path, error) from None
    if old is not None and not stat.S_ISREG(old.st_mode):
        raise CannotWrite(path, "đó không phải một tệp thường (thư mục, FIFO hay thiết bị)")
    if old is not None and not old.st_mode & 0o222:
        raise CannotWrite(path, "tệp chỉ cho đọc (không ai có quyền ghi); bỏ thuộc tính chỉ đọc "
                                "nếu thật sự muốn sửa", errno.EACCES)
    if folder.resolve() in _held:
        _remove_stale_temporaries(path)
    _replace(path, data, old)
    with contextlib.suppress(OSError):  # the data is written; only durability of the rename
        _fsync_folder(folder)


def _replace(path: Path, data: bytes | Callable[[Path], None], old: os.stat_result | None) -> None:
    import tempfile  # only when writing

    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                             suffix=TEMPORARY_SUFFIX)
    except OSError as error:
        raise CannotWrite.from_error(path, error) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            if callable(data):
                data(Path(temporary))  # written by name; the fsync below covers it too
            else:
                stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if old is None:
            os.chmod(temporary, 0o666 & ~_umask())
        else:
            _keep_group(temporary, old, path)
            os.chmod(temporary, stat.S_IMODE(old.st_mode))
        _rename(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError) and not isinstance(error, WriteRefused):
            raise CannotWrite.from_error(path, error) from None
        raise


def _keep_group(temporary: str, old: os.stat_result, path: Path) -> None:
    """Give the new file the old one's group; refuse rather than silently change it."""
    if os.name != "posix" or os.stat(temporary).st_gid == old.st_gid:
        return
    try:
        os.chown(temporary, -1, old.st_gid)
    except PermissionError:
        raise CannotWrite(path, f"không giữ được nhóm (group {old.st_gid}) của tệp cũ vì người "
                                "dùng không thuộc nhóm đó", errno.EPERM) from None


def _remove_stale_temporaries(path: Path) -> None:
    """Temporaries of `path` left by a killed writer: safe to remove while holding the lock."""
    prefix = f".{path.name}."
    with contextlib.suppress(OSError):
        for candidate in path.parent.iterdir():
            name = candidate.name
            if name.startswith(prefix) and name.endswith(TEMPORARY_SUFFIX):
                with contextlib.suppress(OSError):
                    candidate.unlink()


WINDOWS = os.name == "nt"
REPLACE_TRIES = 10  # Windows: about two seconds in all


def _rename(temporary: str, path: Path) -> None:
    """os.replace, which is atomic on POSIX and on Windows (MoveFileEx with REPLACE_EXISTING).

    Windows refuses to replace a file that another program holds open without sharing delete
    (an antivirus scan, a search indexer, Excel) with PermissionError; such locks last moments,
    so the rename is tried again a few times before the error goes to the user.
    """
    import time

    tries = REPLACE_TRIES if WINDOWS else 1
    for attempt in range(1, tries + 1):
        try:
            os.replace(temporary, path)
            return
        except PermissionError:
            if attempt == tries:
                raise
            time.sleep(0.02 * attempt)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); folders cannot be opened this way on Windows."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
