"""References to plans and entries, as written in data files and typed on the command line.

A plan is `NUMBER@YEAR` ("102/KH-UBND@2022"); the year, and on the command line the part after
the number ("102"), may be left out where that is unambiguous. An entry is `PLAN:REF`
("102/KH-UBND@2022:III.1.2.a").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hncc.domain.text import fold

if TYPE_CHECKING:
    from hncc.data.loader import PlanFile
    from hncc.data.model import Entry


class RefError(ValueError):
    """A reference that names nothing, or more than one thing; the message is for users."""


def _split_plan(text: str) -> tuple[str, int | None]:
    number, _, year = text.strip().partition("@")
    if year and not year.strip().isdigit():
        raise RefError(f"Năm “{year}” trong “{text}” không phải một số.")
    return number.strip(), int(year) if year else None


def find_plan(text: str, plans: list[PlanFile]) -> PlanFile:
    """The one plan `text` names: "102/KH-UBND@2022", "102/KH-UBND", "102@2022" or "102"."""
    number, year = _split_plan(text)
    wanted = fold(number)
    found = [pf for pf in plans
             if fold(pf.number) == wanted and year in (None, pf.year)]
    if not found and "/" not in number:
        found = [pf for pf in plans if fold(pf.number).split("/")[0] == wanted
                 and year in (None, pf.year)]
    if len(found) == 1:
        return found[0]
    if not found:
        known = ", ".join(pf.key for pf in plans) or "không có"
        raise RefError(f"Không có kế hoạch “{text}”. Các kế hoạch đã có: {known}.")
    options = ", ".join(pf.key for pf in found)
    raise RefError(f"“{text}” chỉ nhiều kế hoạch ({options}); ghi thêm năm, ví dụ “{found[0].key}”.")


def parse_entry_ref(text: str, plans: list[PlanFile]) -> tuple[PlanFile, Entry]:
    """The plan and entry that `PLAN:REF` names."""
    plan_text, colon, ref = text.rpartition(":")
    if not colon or not plan_text or not ref:
        raise RefError(f"“{text}” không đúng dạng KẾ_HOẠCH:MÃ_MỤC, ví dụ “102/KH-UBND@2022:III.1.2.a”.")
    plan_file = find_plan(plan_text, plans)
    entry = plan_file.plan.by_ref.get(ref.strip())
    if entry is None:
        raise RefError(f"Kế hoạch {plan_file.plan.key} không có mục “{ref.strip()}”.")
    return plan_file, entry
