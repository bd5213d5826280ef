"""The budget parser as tables: phrase -> amount in tỷ đồng, and phrase -> the problem it gives.

Vietnamese writes the decimal comma and dots for thousands (DOMAIN.md, "Budgets"); a number
that could be read two ways is refused, never guessed.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import plan_problems, quoted

from hncc.data.model import Budget
from hncc.domain.money import parse_number, parse_phrase, vnd
from hncc.domain.problems import Severity

READS = [
    # DOMAIN.md
    ("2 tỷ/năm", Decimal(2), True),
    ("6 tỷ", Decimal(6), False),
    ("1,5 tỷ", Decimal("1.5"), False),
    ("1.500 triệu", Decimal("1.5"), False),
    # the shipped plans and more
    ("3 tỷ/năm", Decimal(3), True),
    ("500 triệu", Decimal("0.5"), False),
    ("0,5 tỷ", Decimal("0.5"), False),
    ("1,05 tỷ", Decimal("1.05"), False),
    ("2 nghìn tỷ", Decimal(2000), False),
    ("1,5 tỷ đồng", Decimal("1.5"), False),
    ("10 tỷ đồng/năm", Decimal(10), True),
    ("10 tỷ đồng / năm", Decimal(10), True),
    ("2 tỷ đồng.", Decimal(2), False),
    ("1.000.000 triệu", Decimal(1000), False),
    ("2 TỶ", Decimal(2), False),
    ("2 ty", Decimal(2), False),  # typed without accents
    ("0 tỷ", Decimal(0), False),
    # amounts in đồng, as provinces' tables write them
    ("150.000.000 đồng", Decimal("0.15"), False),
    ("1.500.000.000 đồng/năm", Decimal("1.5"), True),
    ("20.000 nghìn đồng", Decimal("0.02"), False),
    ("3 ngàn tỷ", Decimal(3000), False),
    # the currency as administrative tables write it after the unit, or in place of "đồng"
    ("1,5 tỷ VNĐ", Decimal("1.5"), False),
    ("1.500 triệu VND", Decimal("1.5"), False),
    ("2 tỷ VNĐ/năm", Decimal(2), True),
    ("150.000.000 VNĐ", Decimal("0.15"), False),
    ("150.000.000 đ", Decimal("0.15"), False),
    ("1,5 tỷ đ", Decimal("1.5"), False),
]


@pytest.mark.parametrize(("phrase", "amount", "per_year"), READS, ids=[p for p, _, _ in READS])
def test_money__phrase_reads_as(phrase, amount, per_year):
    assert parse_phrase(phrase) == {"amount": amount, "per_year": per_year}


@pytest.mark.parametrize("phrase", ["-", "", "  ", " - ", "–", "—"])
def test_money__dash_and_empty_cell_carry_no_amount(phrase):
    assert parse_phrase(phrase) == {}


# "–" and "—": the dash of a cell typed in Word or Excel (autocorrect), or pasted from a PDF
@pytest.mark.parametrize(("phrase", "state"), [("-", "none"), ("–", "none"), ("—", "none"),
                                               ("", "not_stated"), ("6 tỷ", "amount")])
def test_money__dash_means_none_and_empty_means_not_stated_never_zero(phrase, state):
    budget = Budget.model_validate(phrase)
    assert budget.state == state
    assert budget.amount == (Decimal(6) if state == "amount" else None)


UNREADABLE = [
    "1.5 tỷ",  # an English decimal point, or a badly grouped thousand?
    "1.50 tỷ",
    "1,2,3 tỷ",
    "xã hội hóa",
    "Ngân sách thành phố",
    "hai tỷ",
    "2 tỷ USD",
    "-2 tỷ",
    "2",
    "tỷ",
]


@pytest.mark.parametrize("phrase", UNREADABLE)
def test_money__phrase_is_refused(phrase):
    assert parse_phrase(phrase) is None


@pytest.mark.parametrize(("text", "number"), [
    ("2", Decimal(2)), ("1,5", Decimal("1.5")), ("1.500", Decimal(1500)),
    ("1.500,25", Decimal("1500.25")), ("12.345.678", Decimal(12345678)),
    ("1.5", None), ("1.5000", None), ("1,", None), ("1,5,0", None), (",5", None),
])
def test_money__vietnamese_number(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize(("amount", "text"), [
    (Decimal("1.5"), "1,5 tỷ"), (Decimal(1500), "1.500 tỷ"), (Decimal("2.50"), "2,5 tỷ"),
    (Decimal(0), "0 tỷ"), (Decimal("-0.25"), "-0,25 tỷ"), (Decimal("1234567.125"), "1.234.567,125 tỷ"),
])
def test_money__amount_is_written_the_vietnamese_way(amount, text):
    assert vnd(amount) == text


def test_money__equal_amounts_are_written_alike_whichever_is_written_first():
    # vnd keeps what it wrote by amount: equal Decimals must not differ in what they become.
    for first, second in ((Decimal("2.5"), Decimal("2.500")), (Decimal("1E+3"), Decimal(1000)),
                          (Decimal("-0"), Decimal("0.00"))):
        assert vnd(first) == vnd(second) == vnd.__wrapped__(first) == vnd.__wrapped__(second)
    assert vnd(Decimal("1.5"), "triệu") == "1,5 triệu" and vnd(Decimal("1.5")) == "1,5 tỷ"


def budget_problems(root, budget_yaml: str) -> list[tuple[str, Severity]]:
    return plan_problems(root, f"budget: {budget_yaml}", "budget: 6 tỷ")


phrase = quoted

PROBLEMS = [
    (phrase("6 tỷ"), []),
    (phrase("-"), []),
    (phrase(""), []),
    (phrase("1.5 tỷ"), [("budget-unreadable", Severity.ERROR)]),
    (phrase("xã hội hóa"), [("budget-unreadable", Severity.ERROR)]),
    # The author adds the amount beside a phrase hncc cannot read: a note says so.
    ("{text: Khoảng 6 tỷ, amount: 6}", [("budget-unparsed", Severity.NOTE)]),
    ("{text: 6 tỷ, amount: 7}", [("budget-mismatch", Severity.ERROR)]),
    ("{text: '-', amount: 7}", [("budget-mismatch", Severity.ERROR)]),
    ("{text: 6 tỷ, amount: 6}", []),
]


@pytest.mark.parametrize(("budget", "expected"), PROBLEMS, ids=[b for b, _ in PROBLEMS])
def test_money__phrase_in_a_plan_gives_problem(root, budget, expected):
    assert budget_problems(root, budget) == expected


@pytest.mark.parametrize(("written", "meant"), [("1.5 tỷ", "1,5 tỷ"), ("0.75 tỷ/năm", "0,75 tỷ/năm"),
                                                ("2.5 triệu đồng", "2,5 triệu đồng")])
def test_money__an_english_decimal_point_is_refused_with_the_comma_form_to_write(written, meant):
    with pytest.raises(ValueError, match=f"“{meant}”") as error:
        Budget.model_validate(written)
    assert "dấu phẩy" in str(error.value)


def test_money__an_unreadable_amount_with_no_decimal_point_gets_the_general_hint():
    with pytest.raises(ValueError, match="Không đọc được kinh phí") as error:
        Budget.model_validate("Khoảng 2 tỷ")
    assert "dấu phẩy" not in str(error.value)
