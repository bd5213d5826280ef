"""Problems found in the data: what, where, how bad, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path


class Severity(IntEnum):
    NOTE = 0      # worth knowing (a phrase read from its structured value)
    WARNING = 1   # probably wrong; fails only `check --strict`
    ERROR = 2     # the data cannot be trusted as it is


SEVERITY_WORDS = {Severity.ERROR: "lỗi", Severity.WARNING: "cảnh báo", Severity.NOTE: "ghi chú"}


@dataclass(frozen=True, order=True)
class Problem:
    """A problem in one file, at a line and column (1-based; 0 when unknown)."""

    file: Path
    line: int
    column: int
    code: str
    message: str
    severity: Severity = field(default=Severity.ERROR, compare=False)

    def as_dict(self, relative_to: Path | None = None) -> dict:
        return {
            "file": display_path(self.file, relative_to),
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity.name.lower(),
            "message": self.message,
        }


def display_path(path: Path, relative_to: Path | None) -> str:
    """`path` relative to `relative_to` when it lies below it, else as given."""
    if relative_to is not None:
        try:
            return str(path.resolve().relative_to(relative_to.resolve()))
        except ValueError:
            pass
    return str(path)


def worst(problems: list[Problem]) -> Severity | None:
    return max((p.severity for p in problems), default=None)
