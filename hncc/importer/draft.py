"""What an import produces: the draft plan, the points a reviewer must check, and the refusal."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field


class NotAPlan(ValueError):
    """The text holds no plan the importer can read; the message is for users."""


@dataclass(frozen=True)
class Flag:
    """A point for the reviewer: `path` is a path of keys and indexes into the draft."""

    path: tuple
    message: str


@dataclass
class Review:
    """The flags collected while a draft is built."""

    flags: list[Flag] = field(default_factory=list)

    def flag(self, path: tuple, message: str) -> None:
        self.flags.append(Flag(tuple(path), message))

    def at(self, path: tuple) -> Callable[[tuple, str], None]:
        """A flagger for the inside of `path`: at(("content", 3))(("lead", 0), "…")."""
        return lambda where, message: self.flag((*path, *where), message)


@dataclass
class Draft:
    """A plan in the data format (plain dicts), and what a person must check before committing."""

    plan: dict
    flags: list[Flag]
    unknown_agencies: list[str] = field(default_factory=list)  # names kept verbatim, not known

    @property
    def file_name(self) -> str:
        """The usual file name in data/plans/: "2022-102-KH-UBND.yaml"."""
        number = re.sub(r"[^\w-]+", "-", self.plan["number"]).strip("-")
        return f"{self.plan['date'].year}-{number}.yaml"
