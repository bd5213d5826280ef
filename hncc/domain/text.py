"""Vietnamese text: NFC normalization, accent-insensitive folding and collation."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Marks that make a distinct letter of the alphabet (ă â ê ô ơ ư); the rest are tones.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
# Tone order used by Vietnamese dictionaries: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_LETTER_RANK = {letter: 1000 + i for i, letter in enumerate(_ALPHABET)}


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC."""
    return unicodedata.normalize("NFC", text)


def squash(text: str) -> str:
    """NFC, with runs of white space folded to one space and the ends trimmed (str.split's white
    space is the regular expressions' \\s: the same characters)."""
    return " ".join(nfc(text).split())


def key(text: str) -> str:
    """Exact-match key: NFC, case-folded, white space folded. Keeps diacritics."""
    return squash(text).casefold()


# The five tone marks (grave, acute, hook above, tilde, dot below); the marks of ă â ê ô ơ ư stay.
_TONES = frozenset("\u0300\u0301\u0309\u0303\u0323")


def tone_key(text: str) -> str:
    """Like `key`, but the same for both places of a word's tone mark: "hoá" and "hóa", "Thuỷ"
    and "Thủy" (old and new style, both in use; Unikey types either). Each word keeps its
    letters and its tone, wherever the tone was written."""
    words = []
    for word in key(text).split():
        decomposed = unicodedata.normalize("NFD", word)
        tones = sorted(c for c in decomposed if c in _TONES)
        words.append(nfc("".join(c for c in decomposed if c not in _TONES)) + "".join(tones))
    return " ".join(words)


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Loose-match key: like `key`, and without diacritics ("Sở Ngoại vụ" -> "so ngoai vu").

    Kept for the last few thousand texts: the checks across files fold the same few plan
    numbers and agency names once per citation of every plan."""
    decomposed = unicodedata.normalize("NFD", squash(text).casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("đ", "d")


def _letter_and_tone(char: str) -> tuple[int, int]:
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    tone = 0
    letter_marks = ""
    for mark in marks:
        if mark in _LETTER_MARKS:
            letter_marks += mark
        else:
            tone = _TONE_RANK.get(mark, 6)
    letter = unicodedata.normalize("NFC", base + letter_marks)
    rank = _LETTER_RANK.get(letter)
    if rank is None:
        rank = ord(letter) if ord(letter) < 1000 else 2000 + ord(letter)
    return rank, tone


def sort_key(text: str) -> tuple:
    """Collation key in Vietnamese alphabetical order: letters first, tones second, case last.

    Python's default order puts "Đ" after "Z" and "Ư" after everything; this one follows
    a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.
    """
    lowered = squash(text).casefold()
    pairs = [_letter_and_tone(c) for c in lowered]
    return (tuple(p[0] for p in pairs), tuple(p[1] for p in pairs), squash(text))


def first_non_nfc_line(text: str) -> int | None:
    """The 1-based number of the first line that is not NFC, or None."""
    if unicodedata.is_normalized("NFC", text):
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        if not unicodedata.is_normalized("NFC", line):
            return number
    return None


def thousands(number: int) -> str:
    """A whole number as Vietnamese writes it, dots between thousands: 12.345.678."""
    return f"{number:,}".replace(",", ".")


def shorten(text: str, limit: int) -> str:
    """`text` on one line (white space folded), cut to `limit` characters with "…"."""
    one = squash(text)
    return one if len(one) <= limit else one[: limit - 1].rstrip() + "…"
