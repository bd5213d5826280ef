"""References to plans and entries, as written in data files and typed on the command line.

A plan is `NUMBER@YEAR` ("102/KH-UBND@2022"); the year, and on the command line the part after
the number ("102"), may be left out where that is unambiguous. An entry is `PLAN:REF`
("102/KH-UBND@2022:III.1.2.a").

This module knows the syntax and the rule of matching; it works on anything with a number, a
year and a key (hncc.data.dataset.PlanFile), so that it needs no data module.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from hncc.domain.text import fold


class RefError(ValueError):
    """A reference that names nothing, or more than one thing; the message is for users."""


class NumberedPlan(Protocol):
    @property
    def number(self) -> str: ...
    @property
    def year(self) -> int: ...
    @property
    def key(self) -> str: ...


P = TypeVar("P", bound=NumberedPlan)


def split_plan(text: str) -> tuple[str, int | None]:
    """The number and the year (None if left out) of "102/KH-UBND@2022"."""
    number, _, year = text.strip().partition("@")
    if year and not year.strip().isdigit():
        raise RefError(f"Năm “{year}” trong “{text}” không phải một số.")
    return number.strip(), int(year) if year else None


def split_entry(text: str) -> tuple[str, str]:
    """The plan part and the entry's ref of `PLAN:REF`."""
    plan_text, colon, ref = text.rpartition(":")
    if not colon or not plan_text or not ref:
        raise RefError(f"“{text}” không đúng dạng KẾ_HOẠCH:MÃ_MỤC, ví dụ “102/KH-UBND@2022:III.1.2.a”.")
    return plan_text, ref.strip()


def short_number(number: str) -> str:
    """The part of a plan number before "/", folded: what "102" on the command line matches."""
    return fold(number).split("/")[0]


def matching_plans(number: str, year: int | None, plans: Sequence[P]) -> list[P]:
    """The plans `number` (and `year`, unless None) names: the full number, case and accents aside;
    a number without "/" ("102") matches by the part before the "/" when nothing matches in full."""
    wanted = fold(number)
    found = [pf for pf in plans if fold(pf.number) == wanted and year in (None, pf.year)]
    if not found and "/" not in number:
        found = [pf for pf in plans if short_number(pf.number) == wanted and year in (None, pf.year)]
    return found


def find_plan(text: str, plans: Sequence[P]) -> P:
    """The one plan `text` names: "102/KH-UBND@2022", "102/KH-UBND", "102@2022" or "102"."""
    number, year = split_plan(text)
    found = matching_plans(number, year, plans)
    if len(found) == 1:
        return found[0]
    if not found:
        known = ", ".join(pf.key for pf in plans) or "không có"
        raise RefError(f"Không có kế hoạch “{text}”. Các kế hoạch đã có: {known}.")
    if len({pf.key for pf in found}) == 1:  # the same plan in several files: a year won't help
        raise RefError(f"Kế hoạch {found[0].key} có ở {len(found)} tệp (kế hoạch trùng, xem lỗi "
                       "“duplicate-id”): giữ một tệp, xóa các bản còn lại.")
    options = ", ".join(pf.key for pf in found)
    raise RefError(f"“{text}” chỉ nhiều kế hoạch ({options}); ghi thêm năm, ví dụ “{found[0].key}”.")
