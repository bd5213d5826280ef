"""Budget phrases ("2 tỷ/năm", "1,5 tỷ", "500 triệu", "-") and Vietnamese money formatting.

Amounts are Decimal, in tỷ đồng (10^9 VND). Vietnamese writes the decimal comma and dots for
thousands: "1,5 tỷ" is 1.5 tỷ, "1.500 triệu" is 1500 triệu.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from hncc.domain.text import fold, thousands

NO_BUDGET = "-"
# The same mark as Word and Excel may leave it: an en dash, an em dash, a minus sign.
_NO_BUDGET_MARKS = frozenset((NO_BUDGET, "\u2013", "\u2014", "\u2212"))
MAX_AMOUNT = Decimal(1_000_000)  # tỷ đồng: far above any plan's budget; more is a typo
PLACES = 9                       # 1 tỷ = 10^9 đồng: no amount is finer than one đồng
_UNITS = {"ty": Decimal(1), "trieu": Decimal("0.001"), "nghin ty": Decimal(1000),
          "ngan ty": Decimal(1000), "nghin dong": Decimal("1e-6"), "ngan dong": Decimal("1e-6"),
          "dong": Decimal("1e-9"), "vnd": Decimal("1e-9"), "d": Decimal("1e-9")}
# "đồng" after the unit may be written as the currency's sign: "1,5 tỷ VNĐ", "150.000.000 đ".
_PHRASE = re.compile(
    r"(?P<num>\d[\d.,]*)\s*(?P<unit>ngh?[iaà]n (?:ty|dong)|ty|trieu|dong|vnd|d)"
    r"(?:\s+(?:dong|vnd|d))?(?P<per>\s*/\s*nam)?"
)
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_number(text: str) -> Decimal | None:
    """Read a Vietnamese number: "1,5" -> 1.5, "1.500" -> 1500, "2" -> 2; None when unsure."""
    if "," in text:
        whole, _, fraction = text.partition(",")
        if "," in fraction or not fraction.isdigit():
            return None
        integer = parse_number(whole)
        return None if integer is None else integer + Decimal("0." + fraction)
    if "." in text:
        # Dots group thousands; "1.5" is ambiguous (English decimal point?) and is refused.
        return Decimal(text.replace(".", "")) if _THOUSANDS.match(text) else None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


class ImpossibleAmount(ValueError):
    """An amount that cannot be a budget (negative, not finite, absurdly large or fine); the
    message (Vietnamese) says why."""


def check_amount(amount: Decimal) -> Decimal:
    """`amount` (tỷ đồng) if it can be a budget; raise ImpossibleAmount otherwise."""
    if not amount.is_finite():
        raise ImpossibleAmount("không phải một số hữu hạn")
    if amount < 0:
        raise ImpossibleAmount("là số âm; kinh phí dự kiến không âm (ghi “-” nếu không có kinh phí)")
    if amount > MAX_AMOUNT:
        raise ImpossibleAmount(f"lớn hơn {thousands(int(MAX_AMOUNT))} tỷ đồng; kiểm tra số chữ số và đơn vị")
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -PLACES and amount != amount.quantize(
            Decimal(1).scaleb(-PLACES)):
        raise ImpossibleAmount("nhỏ hơn một đồng (quá 9 chữ số sau dấu phẩy, tính theo tỷ đồng)")
    return amount


def is_no_budget(text: str) -> bool:
    """Whether `text` is the "-" that says explicitly: no budget (an en or em dash too)."""
    return text.strip() in _NO_BUDGET_MARKS


def parse_phrase(text: str) -> dict | None:
    """Read a budget phrase into the fields it determines, or None if unreadable.

    "-" means explicitly no budget; "" (an empty cell) means not stated.
    """
    stripped = text.strip()
    if not stripped or is_no_budget(stripped):
        return {}
    match = _PHRASE.fullmatch(fold(stripped).rstrip(" ."))
    if not match:
        return None
    number = parse_number(match["num"])
    if number is None:
        return None
    amount = Decimal(plain(number * _UNITS[match["unit"]]))  # 0.150000000 (đồng) -> 0.15
    return {"amount": amount, "per_year": bool(match["per"])}


_POINT = re.compile(r"(?<![\d.,])(\d+)\.(\d{1,2}|\d{4,})(?![\d.,])")


def with_decimal_comma(text: str) -> str | None:
    """`text` with an English decimal point turned into the Vietnamese comma ("1.5 tỷ" ->
    "1,5 tỷ"), where that makes a phrase hncc reads and the dot cannot group thousands;
    else None. For the hint of a message only: the data keeps what its author writes."""
    if "," in text or len(_POINT.findall(text)) != 1:
        return None
    fixed = _POINT.sub(r"\1,\2", text)
    return fixed if parse_phrase(fixed) else None


def plain(amount: Decimal) -> str:
    """A decimal string without exponent or trailing zeros: Decimal('2.50') -> '2.5'."""
    text = format(amount.normalize(), "f")
    return text


@lru_cache(maxsize=4096)  # a city's budget table writes the same few amounts thousands of times
def vnd(amount: Decimal, unit: str = "tỷ") -> str:
    """Vietnamese style: 1.5 -> "1,5 tỷ"; 1500 -> "1.500 tỷ". Equal amounts (2.50 and 2.5) are
    written alike, so one written text serves both."""
    sign = "-" if amount < 0 else ""
    whole, _, fraction = plain(abs(amount)).partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    number = f"{grouped},{fraction}" if fraction else grouped
    return f"{sign}{number} {unit}"


def as_written(text: str, amount: Decimal | None, per_year: bool = False) -> str:
    """A budget as its text, with its exact amount in tỷ đồng after it unless the text says it
    already: "3 tỷ/năm", but "“500” = 0,5 tỷ đồng" (a table counting in triệu đồng) and
    "“150.000.000 đồng” = 0,15 tỷ đồng", so that no reader takes 500 for 500 tỷ."""
    if amount is None:
        return text
    each = "/năm" if per_year else ""
    if text in (f"{vnd(amount)}{each}", f"{vnd(amount, 'tỷ đồng')}{each}"):
        return text
    return f"“{text}” = {vnd(amount, 'tỷ đồng')}{each}"
