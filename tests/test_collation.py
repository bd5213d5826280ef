"""Vietnamese alphabetical order, against an order written out by hand (not computed by hncc).

The alphabet is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y; words compare letter
by letter first, and only then by tone: ngang, huyền, hỏi, ngã, sắc, nặng (DOMAIN.md).
"""

from __future__ import annotations

import random
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hncc.domain.text import sort_key, squash

# Written out by hand, in the order a Vietnamese dictionary lists them. Only names whose order
# is the same whether tones are compared syllable by syllable (dictionaries) or after all the
# letters (ICU's collation, and hncc's): "Ba Vì" against "Bà" is ordered differently by the two.
EXPECTED = [
    "An",
    "Ăn",
    "Âm",
    "Ba",
    "Bà",
    "Bả",
    "Bã",
    "Bá",
    "Bạ",
    "Bác",
    "Cà Mau",
    "Cao Bằng",
    "Dân",
    "Du lịch",
    "Đà Nẵng",
    "Đông Anh",
    "Em",
    "Ê",
    "Gia Lâm",
    "Giáo dục",
    "Hà Nội",
    "Hải Phòng",
    "Huế",
    "Im",
    "Kế hoạch",
    "Lào Cai",
    "Mê Linh",
    "Nông nghiệp",
    "Ô Chợ Dừa",
    "Ơn",
    "Phú Thọ",
    "Quốc Oai",
    "Sóc Sơn",
    "Sở Công Thương",
    "Sở Du lịch",
    "Sở Đô thị",
    "Sở Ngoại vụ",
    "Sở Văn hóa và Thể thao",
    "Tây Hồ",
    "Thanh Trì",
    "Uông Bí",
    "Ưng Hòa",
    "Văn phòng",
    "Xuân Mai",
    "Yên Bái",
]


def test_collation__hand_written_order_from_any_start():
    shuffled = EXPECTED[:]
    random.Random(12).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == EXPECTED
    assert sorted(reversed(EXPECTED), key=sort_key) == EXPECTED


def test_collation__python_order_is_not_vietnamese_order():
    """What the test guards against: code points put Đ after Z and Ư after every letter."""
    assert sorted(EXPECTED) != EXPECTED


def test_collation__decomposed_text_sorts_like_composed():
    decomposed = [unicodedata.normalize("NFD", name) for name in reversed(EXPECTED)]
    ordered = sorted(decomposed, key=sort_key)
    assert [unicodedata.normalize("NFC", name) for name in ordered] == EXPECTED


@pytest.mark.parametrize(("first", "second"), [
    ("D", "Đ"), ("Đ", "E"), ("A", "Ă"), ("Ă", "Â"), ("O", "Ô"), ("Ô", "Ơ"), ("U", "Ư"), ("Ư", "V"),
    ("ma", "mà"), ("mà", "mả"), ("mả", "mã"), ("mã", "má"), ("má", "mạ"), ("mạ", "mac"),
])
def test_collation__pairs(first, second):
    assert sort_key(first) < sort_key(second)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(
    " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2007\u200b\u2028\u2029\u202f\u205f"
    "\u3000\ufeffaĐđ̀ế.,") | st.characters(), max_size=30))
def test_squash__folds_the_white_space_a_regular_expression_matches(text):
    import re

    assert squash(text) == re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
