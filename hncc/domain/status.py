"""The status of one occurrence of an entry, as recorded and as derived on an as-of date.

People record updates (`status:` in the YAML); this module picks the update that applies to an
occurrence on a date and classifies the occurrence the way Vietnamese task tracking does:
đã hoàn thành (đúng hạn / quá hạn), chưa hoàn thành (trong hạn / quá hạn), and cancelled apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol, TypeVar

from hncc.domain.text import fold


class Update(Protocol):
    """A recorded status update, as far as deriving a status needs it (hncc.data.index.Update)."""

    @property
    def date(self) -> dt.date: ...
    @property
    def status(self) -> str: ...
    @property
    def year(self) -> int | None: ...
    @property
    def month(self) -> int | None: ...


UNRECORDED = "unrecorded"
STATUS_LABELS = {
    UNRECORDED: "chưa cập nhật",
    "not_started": "chưa bắt đầu",
    "in_progress": "đang thực hiện",
    "done": "đã hoàn thành",
    "cancelled": "đã hủy",
    "suspended": "tạm dừng",
}
# The statuses people record, with their words: all but "chưa cập nhật", which is the absence of
# a record, never a status to write.
STATUS_WORDS = {code: word for code, word in STATUS_LABELS.items() if code != UNRECORDED}
# The ways people write a status (code or words, any case, with or without accents), folded.
_STATUS_SPELLINGS = {
    **{fold(code.replace("_", " ")): code for code in STATUS_WORDS},
    **{fold(word): code for code, word in STATUS_WORDS.items()},
    fold("chưa thực hiện"): "not_started",
    fold("hoàn thành"): "done",
    fold("hủy"): "cancelled",
    fold("tạm ngừng"): "suspended",
    fold("xong"): "done",
    fold("đã xong"): "done",  # as "đã hoàn thành" is to "hoàn thành"
}


def status_from_words(text: str) -> str | None:
    """The status code for a status as people write it ("done", "In Progress", "đã hoàn thành",
    "hủy", "Tạm dừng."), or None."""
    # A full stop typed after the word, as in a sentence ("Tạm dừng."), is not part of it
    return _STATUS_SPELLINGS.get(fold(text.replace("_", " ").strip().rstrip(".")))

DONE_ON_TIME, DONE_LATE, PENDING, OVERDUE, CANCELLED = (
    "done_on_time", "done_late", "pending", "overdue", "cancelled",
)
# Beside the two-by-two: a task with no deadline at all is never "trong hạn"; once its plan's
# horizon has ended it is late against the plan itself (DOMAIN.md).
NO_DEADLINE, PAST_PLAN = "no_deadline", "past_plan"
PROGRESS_LABELS = {
    DONE_ON_TIME: "đã hoàn thành đúng hạn",
    DONE_LATE: "đã hoàn thành quá hạn",
    PENDING: "chưa hoàn thành, trong hạn",
    OVERDUE: "chưa hoàn thành, quá hạn",
    NO_DEADLINE: "chưa hoàn thành, chưa có thời hạn",
    PAST_PLAN: "chưa hoàn thành, quá thời hạn của kế hoạch",
    CANCELLED: "đã hủy",
}
LATE = frozenset({OVERDUE, PAST_PLAN})
TARGET_LABELS = {  # a target (chỉ tiêu) is reached or not, rather than done
    DONE_ON_TIME: "đã đạt, đúng hạn",
    DONE_LATE: "đã đạt, quá hạn",
    PENDING: "chưa đạt, trong hạn",
    OVERDUE: "chưa đạt, quá hạn",
    NO_DEADLINE: "chưa đạt, chưa có thời hạn",
    PAST_PLAN: "chưa đạt, quá thời hạn của kế hoạch",
    CANCELLED: "đã hủy",
}


U = TypeVar("U", bound=Update)


def latest_update(updates: Sequence[U], year: int | None, as_of: dt.date,
                  month: int | None = None) -> U | None:
    """The update in force for the occurrence of `year` (and `month`, for a deadline recurring
    within the year) on `as_of`, or None.

    That is the latest update (by date, then by order in the file) dated on or before `as_of`
    whose `year` is unset (it applies to every occurrence) or equals `year`, and whose `month` is
    unset (every occurrence of its year) or equals `month`. Updates dated after `as_of` are
    ignored, so a past as-of date reproduces a past report.
    """
    found = None
    for update in updates:  # in file order: on the same date, the later one wins
        if update.date <= as_of and (update.year is None or update.year == year) and (
                update.month is None or update.month == month) and (
                found is None or update.date >= found.date):
            found = update
    return found


def status_code(update: Update | None) -> str:
    """The recorded status, or "unrecorded" when nothing is recorded."""
    return update.status if update else UNRECORDED


def progress(update: Update | None, due: dt.date | None, as_of: dt.date,
             plan_end: dt.date | None = None) -> str:
    """Classify an occurrence two by two (done on time/late, pending/overdue) or as cancelled.

    Done counts as on time when the update recording it is dated on or before the due date.
    An occurrence without a due date is "no_deadline" while its plan runs and "past_plan" after
    `plan_end` (the last day of the plan's horizon); done after that end is done late.
    """
    if update is not None and update.status == "cancelled":
        return CANCELLED
    limit = due or plan_end
    if update is not None and update.status == "done":
        return DONE_ON_TIME if limit is None or update.date <= limit else DONE_LATE
    if due is not None:
        return OVERDUE if as_of > due else PENDING
    return PAST_PLAN if plan_end is not None and as_of > plan_end else NO_DEADLINE


def before_plan(day: dt.date, number: str, issued: dt.date) -> str | None:
    """What is wrong with an update dated `day` on a plan (`number`) issued on `issued`, or
    None when nothing is: dated before the plan, it is most likely a year mistyped ("2024" for
    "2025"). Such an update stands only with a note that says the work was done before the plan:
    `hncc check` warns of one without a note, and the edits (`hncc status`, a filled-in form)
    refuse it; each says how to give the note. The words start in lower case, after the
    caller's "Cập nhật" or a row's place."""
    if day >= issued:
        return None
    return (f"ngày {day:%d/%m/%Y} trước ngày ban hành Kế hoạch {number} ({issued:%d/%m/%Y}): "
            "kiểm tra lại ngày (nhất là năm)")
