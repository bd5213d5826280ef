"""Reading files hncc did not make: only regular files, never more than a limit.

A FIFO or a device named like a data file (or a cache entry) must not hang hncc or fill its
memory: files are opened without blocking, checked to be regular files, and read up to a limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


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
        super().__init__(f"“{path}” lớn {size:,} byte, quá giới hạn {limit:,} byte.")
        self.path, self.size, self.limit = path, size, limit


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
