"""Reading the data files of a git revision, with git itself (`git ls-tree`, `git cat-file`)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from hncc.data.files import AGENCIES_FILE, PLANS_DIR


class RevisionError(Exception):
    """Not a git repository, or no such revision; the message is for users."""


def _git(folder: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], input=stdin,
                              capture_output=True, check=False)
    except FileNotFoundError:
        raise RevisionError("Không tìm thấy lệnh git; cài git để so sánh các phiên bản.") from None
    if done.returncode != 0:
        raise RevisionError(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


def repository_root(data_dir: Path) -> Path:
    try:
        return Path(_git(data_dir, "rev-parse", "--show-toplevel").decode().strip())
    except RevisionError:
        raise RevisionError(f"“{data_dir}” không nằm trong một kho git.") from None


def data_files_at(data_dir: Path, revision: str) -> dict[Path, bytes]:
    """The registry and plan files of `revision`, by their path in the working tree."""
    top = repository_root(data_dir)
    try:
        _git(top, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    except RevisionError:
        raise RevisionError(f"Không có phiên bản git “{revision}” trong kho {top}.") from None
    folder = data_dir.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if folder == "." else f"{folder}/"
    listing = _git(top, "ls-tree", "-r", "-z", revision, "--",
                   f"{prefix}{AGENCIES_FILE}", f"{prefix}{PLANS_DIR}/")
    names, objects = [], []
    for record in listing.split(b"\0"):
        meta, tab, name = record.partition(b"\t")
        fields = meta.split()
        if tab and len(fields) == 3 and fields[1] == b"blob":
            # A name may hold any byte but NUL, a line break included: never put it on a line.
            names.append(os.fsdecode(name))
            objects.append(fields[2].decode("ascii"))
    blobs = _read_blobs(top, objects)
    return {data_dir / name[len(prefix):]: blob for name, blob in zip(names, blobs, strict=True)}


def _read_blobs(top: Path, objects: list[str]) -> list[bytes]:
    """The contents of `objects` (blob ids), read in one `git cat-file --batch`."""
    if not objects:
        return []
    output = _git(top, "cat-file", "--batch", stdin="".join(f"{o}\n" for o in objects).encode())
    blobs, at = [], 0
    for _ in objects:
        header_end = output.index(b"\n", at)
        size = int(output[at:header_end].split()[2])
        blobs.append(output[header_end + 1: header_end + 1 + size])
        at = header_end + 1 + size + 1
    return blobs
