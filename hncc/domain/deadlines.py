"""Vietnamese deadline phrases ("Quý II/2022", "Hàng năm", …) and the occurrences they yield.

`read_phrase` reads a phrase into the structured fields it determines, and refuses one that
reads as a deadline but cannot be one (31/04, "Năm 2025-2022", "0 năm/01 lần"); `check_fields`
refuses structured fields that contradict each other; `occurrences` expands a structured
deadline into due dates within a plan's horizon. All are pure functions.
"""

from __future__ import annotations

import calendar
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from hncc.domain.text import fold

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_DAY_MONTH = re.compile(r"^(\d{1,2})/(\d{1,2})$")


class ImpossibleDeadline(ValueError):
    """A deadline that cannot be: a day that does not exist, a span or window reversed, a task
    never due. The message (Vietnamese) says what is wrong."""


class NotOneDeadline(ImpossibleDeadline):
    """A phrase that may well be right but names no one deadline hncc can take: periods apart
    ("Quý I, III/2026"), a week that is not seven days of the month. The message says why."""


@dataclass(frozen=True)
class Occurrence:
    """One due date of a deadline; `year` is set for recurring deadlines, `month` (the month
    it falls due) for those that recur within a year ("Hằng tháng", "Hằng quý")."""

    due: date
    start: date | None = None
    year: int | None = None
    approximate: bool = False
    month: int | None = None


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _day_of(year: int, month: int, day: int | None) -> date:
    """The `day` of a month (its last day when None, or when the month is shorter)."""
    last = calendar.monthrange(year, month)[1]
    return date(year, month, last if day is None else min(day, last))


def parse_day_month(text: str) -> tuple[int, int]:
    """Read "30/11" into (30, 11); raise ValueError when it is not a day of the year."""
    match = _DAY_MONTH.match(text.strip())
    if not match:
        raise ValueError(text)
    day, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2024, month)[1]:
        raise ValueError(text)
    return day, month


def day_in_year(year: int, day_month: str) -> date:
    """The date of "DD/MM" in `year`; 29/02 falls on 28/02 in a common year."""
    day, month = parse_day_month(day_month)
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


# The last day of a month each year is written as in a leap year ("29/02"): day_in_year moves it
# to 28/02 in a common year, so a window to the end of February ends on its last day every year.
_LEAP = 2024


def _dm(day: int, month: int) -> str:
    return f"{day:02d}/{month:02d}"


def _once(start: date, due: date) -> dict:
    if due < start:  # "Quý II/2026 - Quý IV/2025": the ends swapped
        raise ImpossibleDeadline(f"kết thúc {due:%d/%m/%Y} trước khi bắt đầu {start:%d/%m/%Y}")
    return {"start": start, "due": due}


def _month_number(text: str) -> int:
    month = int(text)
    if not 1 <= month <= 12:
        raise ImpossibleDeadline(f"không có tháng {month} (chỉ từ 1 đến 12)")
    return month


def _month(m: re.Match) -> dict:
    year, month = int(m["y"]), _month_number(m["m"])
    return _once(date(year, month, 1), month_end(year, month))


def _first_and_last(items: list[int], joiners: list[str], name: Callable[[int], str]
                    ) -> tuple[int, int]:
    """The first and last period of "11, 12" or "III và IV" (a list: each the one after the one
    before) or of "10-12", "III đến IV" (a range: its two ends, in order). A list that goes back,
    repeats or skips a period is refused, never reordered or filled in."""
    if any(_RANGE_JOINER.search(joiner) for joiner in joiners):
        if len(items) != 2:
            raise ImpossibleDeadline(
                f"“{_written(items, joiners, name)}” vừa liệt kê vừa ghi khoảng, nên không rõ "
                "nguồn muốn nói những kỳ nào")
        first, last = items
        if last < first:
            kind, end = name(last).split()
            raise ImpossibleDeadline(f"{kind} kết thúc {end} đứng trước {kind} bắt đầu "
                                     f"{name(first).split()[-1]}")
        return first, last
    for before, after in itertools.pairwise(items):
        if after <= before:
            raise ImpossibleDeadline(
                f"“{_written(items, joiners, name)}” đi ngược hoặc lặp lại: các kỳ liệt kê phải "
                "theo thứ tự tăng dần")
        if after != before + 1:
            raise _apart(name(before), name(after))
    return items[0], items[-1]


def _apart(before: str, after: str) -> NotOneDeadline:
    """ "quý I và quý III không liền nhau …": two periods listed with a gap between them."""
    return NotOneDeadline(f"{before} và {after} không liền nhau: đó là những kỳ riêng, không phải "
                          "một khoảng thời gian liền, nên không có một hạn")


def _written(items: list[int], joiners: list[str], name: Callable[[int], str]) -> str:
    """ "tháng 11, 12", "quý III-IV": the periods as the phrase lists them (without its year)."""
    text = name(items[0])
    for joiner, item in zip(joiners, items[1:], strict=True):
        text += ("-" if _RANGE_JOINER.search(joiner) else " và " if "va" in joiner.split()
                 else ", ") + name(item).split()[-1]
    return text


def _listed(text: str, word: str) -> tuple[list[str], list[str]]:
    """The periods of "11, 12", "III và quý IV" and what joins them ("," "và" "-" "đến")."""
    joiners = _LIST_JOINER.findall(text)
    items = [re.sub(rf"^{word}\s+", "", item) for item in _LIST_JOINER.split(text)]
    return items, joiners


def _months(m: re.Match) -> dict:
    """ "Tháng 10-12/2023", "Tháng 11, 12/2025", "Từ tháng 3 đến tháng 10 năm 2026"."""
    year = int(m["y"])
    items, joiners = _listed(m["list"], "thang")
    first, last = _first_and_last([_month_number(item) for item in items], joiners,
                                  lambda month: f"tháng {month}")
    return _once(date(year, first, 1), month_end(year, last))


def _quarter(m: re.Match) -> dict:
    year, quarter = int(m["y"]), _ROMAN[m["q"]]
    return _once(date(year, 3 * quarter - 2, 1), month_end(year, 3 * quarter))


_QUARTER_NAMES = ("I", "II", "III", "IV")


def _quarter_list(m: re.Match) -> dict:
    """ "Quý III, IV/2026", "Quý III và Quý IV năm 2026", "Quý III-IV/2026"."""
    year = int(m["y"])
    items, joiners = _listed(m["list"], "qu[yi]")
    first, last = _first_and_last([_ROMAN[item] for item in items], joiners,
                                  lambda quarter: f"quý {_QUARTER_NAMES[quarter - 1]}")
    return _once(date(year, 3 * first - 2, 1), month_end(year, 3 * last))


_WEEK_WORDS = {"nhat": 1, "hai": 2, "ba": 3, "tu": 4}


def _week_start(m: re.Match, year: int, month: int) -> int:
    """The first day of a week of a month: "tuần đầu" 1, "tuần thứ 2" 8 … "tuần thứ 4" 22, "tuần
    cuối" its last 7 days. A fifth week is refused: in most months it is not 7 days."""
    if m["part"] == "cuoi":
        return calendar.monthrange(year, month)[1] - 6
    week = 1 if m["part"] else _WEEK_WORDS.get(m["nth"] or "") or int(m["nth"] or m["n"])
    if not 1 <= week <= 4:
        raise NotOneDeadline(
            f"không rõ “tuần thứ {week}” của tháng là những ngày nào: hncc đọc tuần thứ 1 đến 4 "
            "(ngày 1-7, 8-14, 15-21, 22-28) và tuần cuối (7 ngày cuối tháng)")
    return 7 * week - 6


def _week(m: re.Match) -> dict:
    """A week of a month of a year: "Tuần đầu tháng 12/2025" 01/12-07/12/2025."""
    year, month = int(m["y"]), _month_number(m["m"])
    first = _week_start(m, year, month)
    return _once(date(year, month, first), date(year, month, first + 6))


def _yearly_week(m: re.Match) -> dict:
    """A week of a month each year: "tuần đầu tháng 12 hằng năm" 01/12-07/12 each year. The last
    week of February is refused: it is not the same days each year (22-28, or 23-29 in a leap
    year)."""
    month = _month_number(m["m"])
    if m["part"] == "cuoi" and month == 2:
        raise NotOneDeadline(
            "tuần cuối tháng 2 không phải cùng những ngày mỗi năm (22-28/02, năm nhuận 23-29/02), "
            "nên không có một khoảng mỗi năm")
    first = _week_start(m, _LEAP, month)
    return {"every_years": 1, "window_start": _dm(first, month), "day": _dm(first + 6, month)}


def _chained(groups: list[tuple[int, int, int]], name: Callable[[int, int], str],
             per_year: int) -> tuple[int, int]:
    """The first and last period, counted from year 0 (year * per_year + period - 1), of groups
    (year, first, last) listed one after another ("Quý IV/2025, Quý I/2026"): each group must
    begin right after the one before ends, as the periods of a list within one year must."""
    spans = [(year * per_year + first - 1, year * per_year + last - 1)
             for year, first, last in groups]
    for (_, before), (after, _) in itertools.pairwise(spans):
        if after <= before:
            raise ImpossibleDeadline(
                f"{name(*divmod(before, per_year))} rồi đến {name(*divmod(after, per_year))} là "
                "đi ngược hoặc lặp lại: các kỳ liệt kê phải theo thứ tự tăng dần")
        if after != before + 1:
            raise _apart(name(*divmod(before, per_year)), name(*divmod(after, per_year)))
    return spans[0][0], spans[-1][1]


def _named(kind: str, year: str | int) -> Callable[[int], str]:
    """How a message names a quarter or month of `year`: "quý IV/2025", "tháng 12/2025"."""
    if kind == "quý":
        return lambda quarter: f"quý {_QUARTER_NAMES[quarter - 1]}/{year}"
    return lambda month: f"tháng {month}/{year}"


def _quarters_listed(m: re.Match) -> dict:
    """ "Quý IV/2025, Quý I/2026", "Quý III, IV/2025 và Quý I/2026": quarters of several years
    listed, each after the one before, read as one span."""
    groups = []
    for group in _QUARTER_GROUP.finditer(m[0]):
        items, joiners = _listed(group["list"], "qu[yi]")
        first, last = _first_and_last([_ROMAN[item] for item in items], joiners,
                                      _named("quý", group["y"]))
        groups.append((int(group["y"]), first, last))
    first, last = _chained(groups, lambda year, quarter: _named("quý", year)(quarter + 1), 4)
    return _once(date(first // 4, 3 * (first % 4) + 1, 1),
                 month_end(last // 4, 3 * (last % 4) + 3))


def _months_listed(m: re.Match) -> dict:
    """ "Tháng 12/2025 và tháng 01/2026", "Tháng 11, 12/2025 và tháng 1/2026": months of several
    years listed, each after the one before, read as one span."""
    groups = []
    for group in _MONTH_GROUP.finditer(m[0]):
        items, joiners = _listed(group["list"], "thang")
        first, last = _first_and_last([_month_number(item) for item in items], joiners,
                                      _named("tháng", group["y"]))
        groups.append((int(group["y"]), first, last))
    first, last = _chained(groups, lambda year, month: _named("tháng", year)(month + 1), 12)
    return _once(date(first // 12, first % 12 + 1, 1), month_end(last // 12, last % 12 + 1))


def _years_listed(m: re.Match) -> dict:
    """ "Năm 2025 và 2026", "năm 2025, năm 2026": years listed, each after the one before, read
    as one span."""
    years = [int(year) for year in re.findall(r"\d{4}", m[0])]
    first, last = _chained([(year, 1, 1) for year in years], lambda year, _: f"năm {year}", 1)
    return _once(date(first, 1, 1), date(last, 12, 31))


def _year(m: re.Match) -> dict:
    year = int(m["y"])
    return _once(date(year, 1, 1), date(year, 12, 31))


def _span(m: re.Match) -> dict:
    first, last = int(m["y1"]), int(m["y2"])
    if last < first:
        raise ImpossibleDeadline(f"năm kết thúc {last} đứng trước năm bắt đầu {first}")
    return _once(date(first, 1, 1), date(last, 12, 31))


def _part_of_year(m: re.Match) -> dict:
    year = int(m["y"])
    first, last = {"dau": (1, 3), "giua": (4, 6), "cuoi": (10, 12)}[m["part"]]
    fields = _once(date(year, first, 1), month_end(year, last))
    if m["part"] != "cuoi":
        fields["approximate"] = True
    return fields


def _quarters(m: re.Match) -> dict:
    first, last = _ROMAN[m["q1"]], _ROMAN[m["q2"]]
    return _once(date(int(m["y1"]), 3 * first - 2, 1), month_end(int(m["y2"]), 3 * last))


def _month_span(m: re.Match) -> dict:
    return _once(date(int(m["y1"]), int(m["m1"]), 1), month_end(int(m["y2"]), int(m["m2"])))


def _yearly_month(m: re.Match) -> dict:
    month = int(m["m"])
    return {"every_years": 1, "window_start": _dm(1, month),
            "day": _dm(calendar.monthrange(_LEAP, month)[1], month)}


def _yearly_quarter(m: re.Match) -> dict:
    quarter = _ROMAN[m["q"]]
    return {"every_years": 1, "window_start": _dm(1, 3 * quarter - 2),
            "day": _dm(calendar.monthrange(_LEAP, 3 * quarter)[1], 3 * quarter)}


def _periods_apart(items: list[int], joiners: list[str], every_months: int) -> dict | None:
    """ "Quý I và Quý III hằng năm", "Tháng 6 và tháng 12 hằng năm": periods of each year listed
    in order with a gap between some of them, each its own window every year (`periods`); None
    for a range or a list without a gap (one window), or one that goes back or repeats (refused
    by _first_and_last, with the reason)."""
    if any(_RANGE_JOINER.search(joiner) for joiner in joiners) or \
            any(after <= before for before, after in itertools.pairwise(items)) or \
            items[-1] - items[0] == len(items) - 1:
        return None
    return {"every_months": every_months, "periods": items}


def _yearly_quarters(m: re.Match) -> dict:
    """ "Quý III, IV hằng năm": each year, from the first quarter's start to the last one's end;
    quarters apart ("Quý I và Quý III hằng năm"), each quarter listed every year."""
    items, joiners = _listed(m["list"], "qu[yi]")
    quarters = [_ROMAN[item] for item in items]
    apart = _periods_apart(quarters, joiners, 3)
    if apart is not None:
        return apart
    first, last = _first_and_last(quarters, joiners,
                                  lambda quarter: f"quý {_QUARTER_NAMES[quarter - 1]}")
    return {"every_years": 1, "window_start": _dm(1, 3 * first - 2),
            "day": _dm(calendar.monthrange(_LEAP, 3 * last)[1], 3 * last)}


def _half_year(m: re.Match) -> dict:
    year = int(m["y"])
    first, last = (1, 6) if m["part"] == "dau" else (7, 12)
    return _once(date(year, first, 1), month_end(year, last))


def _exact(m: re.Match) -> dict:
    try:
        return {"due": date(int(m["y"]), int(m["mo"]), int(m["d"]))}
    except ValueError:
        raise ImpossibleDeadline(f"ngày {m['d']}/{m['mo']}/{m['y']} không có thật") from None


def _yearly(_: re.Match) -> dict:
    return {"every_years": 1}


def _every(m: re.Match) -> dict:
    every = int(m["n"])
    if every < 1:
        raise ImpossibleDeadline(f"“{every} năm một lần” thì không bao giờ đến hạn")
    return {"every_years": every}


def _monthly(_: re.Match) -> dict:
    return {"every_months": 1}


def _quarterly(_: re.Match) -> dict:
    return {"every_months": 3}


def _half_yearly(_: re.Match) -> dict:
    return {"every_months": 6}


def _day_of_month(m: re.Match) -> int:
    day = int(m["d"])
    if not 1 <= day <= 31:
        raise ImpossibleDeadline(f"không có ngày {day} trong tháng (chỉ từ 1 đến 31)")
    return day


def _monthly_by(m: re.Match) -> dict:
    return {"every_months": 1, "day_of_month": _day_of_month(m)}


def _quarterly_by(m: re.Match) -> dict:
    """ "trước ngày 15 của tháng cuối quý": the 15th of each quarter's last month."""
    return {"every_months": 3, "day_of_month": _day_of_month(m)}


def _next_quarter_by(m: re.Match) -> dict:
    """ "ngày 15 tháng đầu quý sau": each quarter's duty falls due on the 15th of the month after
    it (15/4 for quarter I … 15/1 of the next year for quarter IV); no day, that month's end."""
    fields: dict = {"every_months": 3, "next_month": True}
    if m["d"] is not None:
        fields["day_of_month"] = _day_of_month(m)
    return fields


def _next_month_by(m: re.Match) -> dict:
    """ "Hằng tháng, trước ngày 5 tháng sau": each month's duty falls due on the 5th of the month
    after it; "Hằng quý, trước ngày 5 tháng sau", each quarter's on the 5th of the month after
    the quarter."""
    every = 3 if m["every"].endswith("quy") else 1
    return {"every_months": every, "day_of_month": _day_of_month(m), "next_month": True}


def _day_of_year(day: str, month: str) -> str:
    text = f"{int(day):02d}/{int(month):02d}"
    try:
        parse_day_month(text)
    except ValueError:
        raise ImpossibleDeadline(f"ngày {text} không có thật trong năm") from None
    return text


def _yearly_by(m: re.Match) -> dict:
    return {"every_years": 1, "day": _day_of_year(m["d"], m["mo"])}


def _yearly_window(m: re.Match) -> dict:
    items, joiners = _listed(m["list"], "thang")
    months = [_month_number(item) for item in items]
    if len(items) == 2 and any(_RANGE_JOINER.search(joiner) for joiner in joiners):
        first, last = months
    else:  # "Tháng 11, 12 hằng năm": a list (in order; months apart each their own window)
        apart = _periods_apart(months, joiners, 1)
        if apart is not None:
            return apart
        first, last = _first_and_last(months, joiners, lambda month: f"tháng {month}")
    if last < first:
        raise ImpossibleDeadline(
            f"khoảng “tháng {first}-{last}” đi ngược hoặc vắt qua năm mới, nên không rõ mỗi kỳ "
            "thuộc năm nào; nếu nguồn viết như vậy, ghi thêm giá trị cấu trúc (every_years, day) "
            "cho kỳ hạn mà nguồn muốn nói")
    return {
        "every_years": 1,
        "window_start": _dm(1, first),
        "day": _dm(calendar.monthrange(_LEAP, last)[1], last),
    }


_MONTHLY = r"(?:dinh ky\s+)?hang thang"
_QUARTERLY = r"(?:dinh ky\s+)?hang quy"
_HALF = r"0?6\s+thang"
_ONCE = r"(?:\s*/\s*(?:0?1\s+)?|\s+(?:0?1|mot)\s+)lan"  # "/lần", "/01 lần", " một lần"
_Y = r"(?:nam\s+)?(?P<y>\d{4})"
_OF = r"(?:\s*/\s*|\s+nam\s+|\s+)"            # "Quý IV/2025", "Quý IV năm 2025"
_TO = r"(?:\s*-\s*(?:den\s+)?|\s+den\s+)"      # "… - …", "… đến …" (both ends of a span)
_IN_YEAR = r"(?:\s*/\s*|\s+nam\s+)(?P<y>\d{4})"  # "… /2026", "… năm 2026" after a list
# Periods of one year listed ("III, IV", "11 và 12", "III, Quý IV") or as a range ("III-IV",
# "3 đến tháng 10"): _listed splits them at these joiners, and a dash or "đến" makes a range.
_JOINED = r"(?:\s*,\s*(?:va\s+)?|\s+va\s+|\s*-\s*(?:den\s+)?|\s+den\s+)"
_LIST_JOINER = re.compile(_JOINED)
_RANGE_JOINER = re.compile(r"-|den")
_Q = r"(?:iv|iii|ii|i|[1-4])"
_MONTH_LIST = rf"(?:tu\s+)?thang\s+(?P<list>\d{{1,2}}(?:{_JOINED}(?:thang\s+)?\d{{1,2}})+)"
_LAST_MONTH_OF_QUARTER = r"(?:cua\s+)?thang\s+cuoi\s+(?:cua\s+)?(?:moi\s+|hang\s+)?quy"
_NEXT = r"(?:sau|tiep theo|ke tiep)"
_DAY_IN = r"\s*,?\s*\(?\s*(?:truoc\s+)?(?:vao\s+)?"  # "Hằng quý, trước ", "Hằng tháng (vào "
_FIRST_MONTH_OF_NEXT_QUARTER = rf"(?:cua\s+)?thang\s+dau(?:\s+tien)?\s+(?:cua\s+)?quy\s+{_NEXT}"
_WEEK_OF = (r"tuan\s+(?:(?P<part>dau|cuoi)(?:\s+(?:tien|cung))?|thu\s+(?P<nth>nhat|hai|ba|tu|\d{1,2})"
            r"|(?P<n>\d{1,2}))\s+(?:cua\s+)?thang\s+(?P<m>\d{1,2})")
# Periods of several years listed, each with its year ("Quý IV/2025, Quý I/2026"): groups of
# one year's periods, joined as a list (a dash or "đến" between two is a span, read apart).
_GROUP_JOINER = r"(?:\s*,\s*(?:va\s+)?|\s+va\s+)"
_QUARTER_GROUP_TEXT = (rf"(?:qu[yi]\s+)?(?P<list>{_Q}(?:{_JOINED}(?:qu[yi]\s+)?{_Q})*)"
                       rf"{_OF}(?P<y>\d{{4}})")
_QUARTER_GROUP = re.compile(_QUARTER_GROUP_TEXT)
_MONTH_GROUP_TEXT = (rf"(?:thang\s+)?(?P<list>\d{{1,2}}(?:{_JOINED}(?:thang\s+)?\d{{1,2}})*)"
                     rf"{_OF}(?P<y>\d{{4}})")
_MONTH_GROUP = re.compile(_MONTH_GROUP_TEXT)


def _groups(word: str, group: str) -> str:
    """Two or more groups of one year's periods, listed ("Quý IV/2025, Quý I/2026"), the first
    named by its word ("quý", "tháng"), the others maybe not ("Tháng 12/2025 và 01/2026")."""
    plain = re.sub(r"\(\?P<\w+>", "(?:", group)
    return rf"(?:tu\s+)?{word}\s+{plain}(?:{_GROUP_JOINER}{plain})+"


_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], dict]]] = [
    (re.compile(rf"thang\s+(?P<m>\d{{1,2}})\s*/\s*{_Y}"), _month),
    (re.compile(rf"thang\s+(?P<m>\d{{1,2}})\s+{_Y}"), _month),
    (re.compile(rf"{_MONTH_LIST}{_IN_YEAR}"), _months),
    (re.compile(rf"qu[yi]\s+(?P<q>iv|iii|ii|i|[1-4])\s*(?:/|-|\s)\s*{_Y}"), _quarter),
    (re.compile(rf"(?:tu\s+)?qu[yi]\s+(?P<list>{_Q}(?:{_JOINED}(?:qu[yi]\s+)?{_Q})+){_IN_YEAR}"),
     _quarter_list),
    (re.compile(rf"{_WEEK_OF}{_IN_YEAR}"), _week),
    (re.compile(_groups("qu[yi]", _QUARTER_GROUP_TEXT)), _quarters_listed),
    (re.compile(_groups("thang", _MONTH_GROUP_TEXT)), _months_listed),
    (re.compile(rf"nam\s+\d{{4}}(?:{_GROUP_JOINER}(?:nam\s+)?\d{{4}})+"), _years_listed),
    (re.compile(rf"(?:giai doan\s+|nam\s+|tu\s+nam\s+)?(?P<y1>\d{{4}}){_TO}(?:nam\s+)?"
                r"(?P<y2>\d{4})"), _span),
    (re.compile(rf"(?:tu\s+)?qu[yi]\s+(?P<q1>iv|iii|ii|i|[1-4]){_OF}(?P<y1>\d{{4}}){_TO}"
                rf"qu[yi]\s+(?P<q2>iv|iii|ii|i|[1-4]){_OF}(?P<y2>\d{{4}})"), _quarters),
    (re.compile(rf"(?:tu\s+)?thang\s+(?P<m1>\d{{1,2}}){_OF}(?P<y1>\d{{4}}){_TO}"
                rf"thang\s+(?P<m2>\d{{1,2}}){_OF}(?P<y2>\d{{4}})"), _month_span),
    (re.compile(r"(?P<y>\d{4})"), _year),
    (re.compile(r"nam\s+(?P<y>\d{4})"), _year),
    (re.compile(r"(?P<part>dau|giua|cuoi)\s+nam\s+(?P<y>\d{4})"), _part_of_year),
    (re.compile(r"0?6\s+thang\s+(?P<part>dau|cuoi)\s+nam\s+(?P<y>\d{4})"), _half_year),
    (re.compile(r"(?:truoc\s+)?ngay\s+(?P<d>\d{1,2})/(?P<mo>\d{1,2})/(?P<y>\d{4})"), _exact),
    (re.compile(r"(?P<d>\d{1,2})/(?P<mo>\d{1,2})/(?P<y>\d{4})"), _exact),
    (re.compile(r"(?:ngay\s+)?(?P<d>\d{1,2})\s+thang\s+(?P<mo>\d{1,2})\s+nam\s+(?P<y>\d{4})"), _exact),
    (re.compile(r"(?:dinh ky\s+)?hang nam"), _yearly),
    (re.compile(r"0?1\s+nam\s*/\s*0?1\s+lan"), _yearly),
    (re.compile(r"(?P<n>\d{1,2})\s+nam\s*/\s*0?1\s+lan"), _every),
    (
        re.compile(
            r"(?:dinh ky\s+)?hang nam\s*,?\s*\(?\s*truoc\s+ngay\s+(?P<d>\d{1,2})/(?P<mo>\d{1,2})\s*\)?"
        ),
        _yearly_by,
    ),
    (  # "trước ngày 30/11 hàng năm" ("trước" is a lead-in, taken off before patterns are tried)
        re.compile(r"(?:ngay\s+)?(?P<d>\d{1,2})/(?P<mo>\d{1,2})\s+(?:dinh ky\s+)?hang nam"),
        _yearly_by,
    ),
    (re.compile(rf"{_MONTH_LIST}\s+(?:dinh ky\s+)?hang nam"), _yearly_window),
    (re.compile(r"thang\s+(?P<m>\d{1,2})\s+(?:dinh ky\s+)?hang nam"), _yearly_month),
    (re.compile(r"qu[yi]\s+(?P<q>iv|iii|ii|i|[1-4])\s+(?:dinh ky\s+)?hang nam"), _yearly_quarter),
    (re.compile(rf"qu[yi]\s+(?P<list>{_Q}(?:{_JOINED}(?:qu[yi]\s+)?{_Q})+)\s+(?:dinh ky\s+)?hang nam"),
     _yearly_quarters),
    (re.compile(rf"{_WEEK_OF}\s+(?:dinh ky\s+)?hang nam"), _yearly_week),
    (  # "trước ngày 20 tháng 12 hằng năm"
        re.compile(r"(?:ngay\s+)?(?P<d>\d{1,2})\s+thang\s+(?P<mo>\d{1,2})\s+(?:dinh ky\s+)?hang nam"),
        _yearly_by,
    ),
    # Within the year: the phrase's day of the month, else the period's end (month_end).
    (re.compile(_MONTHLY), _monthly),
    (re.compile(rf"(?:ngay\s+)?(?P<d>\d{{1,2}})\s+{_MONTHLY}"), _monthly_by),
    (re.compile(rf"{_MONTHLY}\s*,?\s*\(?\s*(?:truoc\s+)?ngay\s+(?P<d>\d{{1,2}})\s*\)?"),
     _monthly_by),
    (re.compile(_QUARTERLY), _quarterly),
    # "trước ngày 15 của tháng cuối quý", "Hằng quý, trước ngày 15 của tháng cuối quý"
    (re.compile(rf"(?:ngay\s+)?(?P<d>\d{{1,2}})\s+{_LAST_MONTH_OF_QUARTER}"), _quarterly_by),
    (re.compile(rf"{_QUARTERLY}\s*,?\s*\(?\s*(?:truoc\s+)?(?:vao\s+)?ngay\s+(?P<d>\d{{1,2}})\s+"
                rf"{_LAST_MONTH_OF_QUARTER}\s*\)?"), _quarterly_by),
    # The month after each period: "ngày 15 tháng đầu quý sau", "Hằng tháng, trước ngày 5 tháng
    # sau" (a day of the next month, said of each period, is read only after "hằng tháng" or
    # "hằng quý")
    (re.compile(rf"(?:{_QUARTERLY}{_DAY_IN})?(?:(?:ngay\s+)?(?P<d>\d{{1,2}})\s+)?"
                rf"{_FIRST_MONTH_OF_NEXT_QUARTER}\s*\)?"), _next_quarter_by),
    (re.compile(rf"(?P<every>{_MONTHLY}|{_QUARTERLY}){_DAY_IN}ngay\s+(?P<d>\d{{1,2}})\s+"
                rf"(?:cua\s+)?thang\s+{_NEXT}\s*\)?"), _next_month_by),
    # The yearly report falls due with the fourth quarter's (31/12): every due date is a quarter's
    (re.compile(rf"{_QUARTERLY}\s*(?:,|va)\s*hang nam"), _quarterly),
    (re.compile(rf"dinh ky\s+{_HALF}(?:{_ONCE})?"), _half_yearly),  # "định kỳ 6 tháng"
    (re.compile(rf"(?:dinh ky\s+)?{_HALF}{_ONCE}"), _half_yearly),  # "06 tháng/01 lần"
]
# Word turns "2024 - 2025" into "2024 – 2025" as it is typed: every dash reads as a hyphen.
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-",
                         "\u2212": "-"})
_LEAD_IN = re.compile(r"^(?:(?:du kien|vao|trong|den|het|truoc|hoan thanh|thuc hien|cham nhat(?:\s+la)?"
                      r"|tu nay)\s+)+")
_BY = {"den", "het", "cham"}  # "đến (hết)", "chậm nhất": by the period's end, not only during it
# The periods that "trước" (before) may name: the day before the period starts is the due date.
_BEFORE = (_month, _quarter, _year, _week)


def _before(build: Callable[[re.Match[str]], dict], match: re.Match[str], fields: dict
            ) -> dict | None:
    """What "trước" (before) a period means: done by the day before it begins ("trước năm
    2026": 31/12/2025; "trước tháng 10 hàng năm": 30/9 each year). None where that day is not
    sure: a span, a part of a year ("trước đầu năm 2026"), a window; January or March each year
    (the day before is in another year, or is 28/02 or 29/02), or their first week."""
    if build in _BEFORE:
        return {"due": date.fromordinal(fields["start"].toordinal() - 1)}
    if build is _yearly_week and not fields["window_start"].startswith("01/"):
        day, month = parse_day_month(fields["window_start"])  # "trước tuần cuối tháng 6 …": 23/06
        return {"every_years": 1, "day": _dm(day - 1, month)}
    month = (int(match["m"]) - 1 if build in (_yearly_month, _yearly_week)
             else 3 * _ROMAN[match["q"]] - 3 if build is _yearly_quarter else 0)
    if month in (0, 2):
        return None
    return {"every_years": 1, "day": _dm(calendar.monthrange(_LEAP, month)[1], month)}


def read_phrase(text: str) -> dict | None:
    """Read a deadline phrase into the structured fields it determines, or None if unreadable.

    Raises ImpossibleDeadline when the phrase reads as a deadline that cannot be.

    >>> read_phrase("Quý II/2022")["due"]
    datetime.date(2022, 6, 30)
    """
    folded = fold(text).translate(_DASHES).rstrip(" .;")
    approximate = folded.startswith("du kien")
    lead_in = _LEAD_IN.match(folded)
    words = lead_in.group(0).split() if lead_in else []
    body = folded[lead_in.end():] if lead_in else folded
    for pattern, build in _PATTERNS:
        match = pattern.fullmatch(body)
        if match:
            try:
                fields = build(match)
            except KeyError:
                return None  # "Quý V/2022": not a quarter
            except ImpossibleDeadline:
                raise
            except ValueError:
                raise ImpossibleDeadline("có ngày không có thật") from None
            opens = "start" in fields or "window_start" in fields
            if opens and "truoc" in words:
                before = _before(build, match, fields)
                if before is None:
                    return None
                fields = before
            elif opens and _BY.intersection(words):
                # "Đến (hết) năm 2030", "đến tháng 10 hàng năm": by its end, not only during it
                fields.pop("start", None)
                fields.pop("window_start", None)
            if approximate:
                fields["approximate"] = True
            return fields
    return None


def parse_phrase(text: str) -> dict | None:
    """Like `read_phrase`, but None for an impossible deadline too (for guessing, as the
    importer does)."""
    try:
        return read_phrase(text)
    except ImpossibleDeadline:
        return None


# How often a deadline may recur within a year, in months: each divides the year evenly, so
# every period ends in the same months each year (a quarter on 31/3, 30/6, 30/9 and 31/12).
EVERY_MONTHS = (1, 2, 3, 4, 6)


def check_fields(*, due: date | None, start: date | None, first_year: int | None,
                 last_year: int | None, day: str | None, window_start: str | None,
                 every_years: int | None = None, every_months: int | None = None,
                 day_of_month: int | None = None, next_month: bool = False,
                 periods: list[int] | None = None) -> None:
    """Raise ImpossibleDeadline when structured fields contradict each other."""
    if next_month and every_months is None:
        raise ImpossibleDeadline(
            "“next_month” (hạn vào tháng sau mỗi kỳ) chỉ dùng cùng “every_months” (thời hạn lặp "
            "lại hằng tháng, hằng quý)")
    if every_months is not None:
        _check_within_year(due=due, start=start, every_years=every_years, day=day,
                           window_start=window_start, every_months=every_months)
    elif day_of_month is not None:
        raise ImpossibleDeadline(
            "“day_of_month” (ngày trong tháng) chỉ dùng cùng “every_months” (thời hạn lặp lại "
            "hằng tháng, hằng quý); hạn mỗi năm ghi “day: DD/MM”")
    if periods is not None:
        _check_periods(periods, every_months)
    if due is not None and start is not None and start > due:
        raise ImpossibleDeadline(f"ngày bắt đầu {start:%d/%m/%Y} đứng sau hạn {due:%d/%m/%Y}")
    if first_year is not None and last_year is not None and last_year < first_year:
        raise ImpossibleDeadline(f"năm cuối {last_year} đứng trước năm đầu {first_year}")
    if window_start is not None:
        start_day, start_month = parse_day_month(window_start)
        end_day, end_month = parse_day_month(day or "31/12")
        if (end_month, end_day) < (start_month, start_day):
            raise ImpossibleDeadline(
                f"khoảng mỗi năm bắt đầu {window_start} đứng sau hạn {day or '31/12'} (đi ngược "
                "hoặc vắt qua năm mới)")


def _check_periods(periods: list[int], every_months: int | None) -> None:
    """`periods`: which periods of each year, in order, counted from 1 (quarter I is 1)."""
    if every_months is None:
        raise ImpossibleDeadline(
            "“periods” (những kỳ nào trong năm: “Quý I và Quý III hằng năm” là [1, 3]) chỉ dùng "
            "cùng “every_months” (3: các quý; 1: các tháng)")
    count = 12 // every_months
    if not periods or any(not 1 <= number <= count for number in periods):
        raise ImpossibleDeadline(
            f"“periods” ghi số thứ tự các kỳ trong năm, từ 1 đến {count} (với every_months: "
            f"{every_months}), ít nhất một kỳ")
    if any(after <= before for before, after in itertools.pairwise(periods)):
        raise ImpossibleDeadline("các kỳ trong “periods” phải theo thứ tự tăng dần, không lặp lại")


def _check_within_year(*, due: date | None, start: date | None, every_years: int | None,
                       day: str | None, window_start: str | None, every_months: int) -> None:
    if every_months not in EVERY_MONTHS:
        raise ImpossibleDeadline(
            f"“every_months: {every_months}” không chia đều một năm; ghi 1 (hằng tháng), 2, 3 "
            "(hằng quý), 4 hoặc 6 (6 tháng một lần); một năm một lần ghi “every_years: 1”")
    said = [name for name, value in (("every_years", every_years), ("due", due),
                                     ("start", start), ("day", day),
                                     ("window_start", window_start)) if value is not None]
    if said:
        raise ImpossibleDeadline(
            f"thời hạn lặp lại trong năm (every_months) không đi cùng {', '.join(said)}; ngày "
            "đến hạn trong tháng ghi “day_of_month”")


def period(year: int | None, month: int | None) -> str:
    """An occurrence as tables name it: "2025" each year, "3/2025" (the month it falls due)
    within the year, "" for a one-off deadline."""
    if year is None:
        return ""
    return f"{month}/{year}" if month else str(year)


def period_words(year: int | None, month: int | None) -> str:
    """An occurrence as a sentence names it after "kỳ": "năm 2025", "đến hạn tháng 3/2025"
    (within the year: a quarter is named by the month it falls due), "" for a one-off."""
    if year is None:
        return ""
    return f"đến hạn tháng {month}/{year}" if month else f"năm {year}"


def _falls_due(year: int, end: int, next_month: bool) -> tuple[int, int]:
    """The year and month a period ending in month `end` of `year` falls due: that month, or with
    `next_month` the one after (January of the next year after December)."""
    return (year, end) if not next_month else (year + end // 12, end % 12 + 1)


def occurrences(
    *,
    due: date | None,
    start: date | None,
    every_years: int | None,
    first_year: int | None,
    last_year: int | None,
    day: str | None,
    window_start: str | None,
    approximate: bool,
    horizon: tuple[int, int],
    every_months: int | None = None,
    day_of_month: int | None = None,
    next_month: bool = False,
    periods: list[int] | None = None,
) -> list[Occurrence]:
    """Expand structured deadline fields into due dates, recurring ones within `horizon`.

    A deadline recurring every `every_months` months falls due at the end of each period (the
    months that divide evenly: 31/3, 30/6… for a quarter), or on its `day_of_month` of the
    period's last month (clamped to that month's last day); with `next_month`, in the month after
    the period (the fourth quarter's in January of the next year). An occurrence is named by the
    year and month it falls due. With `periods` ("Quý I và Quý III hằng năm": [1, 3]), only
    those periods of each year, each a window from its first day.
    """
    if every_months:
        first = first_year if first_year is not None else horizon[0]
        last = last_year if last_year is not None else horizon[1]
        ends = [end for end in range(every_months, 13, every_months)  # each period's last month
                if periods is None or end // every_months in periods]
        dues = [(year, end, *_falls_due(year, end, next_month))
                for year in range(first, last + 1) for end in ends]
        return [Occurrence(due=_day_of(due_year, month, day_of_month), year=due_year, month=month,
                           start=None if periods is None else date(year, end - every_months + 1, 1),
                           approximate=approximate) for year, end, due_year, month in dues]
    if every_years:
        first = first_year if first_year is not None else horizon[0]
        last = last_year if last_year is not None else horizon[1]
        return [
            Occurrence(
                due=day_in_year(year, day or "31/12"),
                start=day_in_year(year, window_start) if window_start else None,
                year=year,
                approximate=approximate,
            )
            for year in range(first, last + 1, every_years)
        ]
    if due is not None:
        return [Occurrence(due=due, start=start, approximate=approximate)]
    return []
