"""Writing files that people edit by hand: all or nothing, and never over someone else's change.

A write goes to a temporary file in the same folder, is flushed to disk (fsync) and renamed over
the original (os.replace), so a crash leaves either the old file or the new one, never half of
each. A file read for editing is remembered as a `Snapshot`; the write is refused when the file
changed on disk since then (an editor saved it, another hncc ran, git checked out a branch).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


class FileChanged(Exception):
    """The file on disk is no longer the one that was read; the message is for users."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"Tệp “{path}” đã bị thay đổi từ khi hncc đọc nó (có thể do trình soạn "
                         "thảo hoặc git). hncc không ghi đè; chạy lại lệnh.")
        self.path = path


@dataclass(frozen=True)
class Snapshot:
    """A file as it was read: its bytes and the stat fields that change when it is written."""

    path: Path
    data: bytes
    mtime_ns: int
    size: int

    @classmethod
    def read(cls, path: Path) -> Snapshot:
        stat = path.stat()
        return cls(path, path.read_bytes(), stat.st_mtime_ns, stat.st_size)

    def unchanged(self) -> bool:
        """True when the file on disk still has the bytes and mtime that were read."""
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return False
        same_stat = (stat.st_mtime_ns, stat.st_size) == (self.mtime_ns, self.size)
        return same_stat and self.path.read_bytes() == self.data


def write(path: Path, data: bytes, expected: Snapshot | None = None) -> None:
    """Replace `path` with `data` atomically; with `expected`, only if the file is still as read.

    Raises FileChanged when `expected` no longer matches the file on disk.
    """
    if expected is not None and not expected.unchanged():
        raise FileChanged(path)
    folder = path.parent
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        _replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_folder(folder)


WINDOWS = os.name == "nt"
REPLACE_TRIES = 10  # Windows: about two seconds in all


def _replace(temporary: str, path: Path) -> None:
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
