"""A source document as the importer reads it: paragraphs and tables, each with its source line.

Every input kind (plain text, a law portal's Markdown extraction, a Word file) becomes the same
list of blocks, so that the plan reader knows nothing of the format it came from. Texts are NFC,
unwrapped (a paragraph is one string), without emphasis markers, otherwise as the source writes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hncc.domain.text import nfc
from hncc.importer.draft import NotAPlan

# What opens a list's part: dashes, and the bullets Word's "Plain Text" keeps as characters
# (Symbol's U+F0B7, Wingdings' U+F0A7 and U+F0D8, "·", "▪", "●", "◦", "■")
BULLET = "[" + re.escape("-+•–·▪●◦■\uf0b7\uf0a7\uf0d8") + "]"
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")


def squeeze(text: str) -> str:
    """One space between words, none at the ends (no-break and other wide spaces included)."""
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text; `line` is the source line (1-based) it starts on."""

    text: str
    line: int


@dataclass(frozen=True)
class Cell:
    """A table cell: its paragraphs (often one) and the source line it starts on (0: none)."""

    paragraphs: tuple[str, ...]
    line: int

    @property
    def text(self) -> str:
        return " ".join(self.paragraphs)


@dataclass
class Table:
    """A table as rows of cells; rows may be short where the source merged cells."""

    rows: list[list[Cell]] = field(default_factory=list)
    line: int = 0


Block = Paragraph | Table


@dataclass
class Document:
    """The blocks of a source, what kind of input it was, and its text after unwrapping."""

    blocks: list[Block]
    kind: str                 # "text", "markdown" or "docx"

    @property
    def unwrapped(self) -> str:
        """Every string the document holds, one per line: what a draft's strings must occur in."""
        parts: list[str] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                parts.append(block.text)
            else:
                parts += [cell.text for row in block.rows for cell in row]
        return "\n".join(parts)


def decode(raw: bytes) -> str:
    """The text of a source file: UTF-8, with or without a byte-order mark, NFC, LF line ends."""
    if b"\x00" in raw[:4096]:
        raise NotAPlan("Tệp là tệp nhị phân, không phải văn bản (.txt, .md) hay tệp Word (.docx).")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise NotAPlan(f"Tệp không phải văn bản UTF-8 (byte không hợp lệ ở vị trí {error.start}). "
                       "Lưu văn bản dưới dạng .txt với mã hóa UTF-8 rồi chạy lại.") from None
    return nfc(text).replace("\r\n", "\n").replace("\r", "\n")
