"""A source document as the importer reads it: paragraphs and tables, each with its source line.

Every input kind (plain text, a law portal's Markdown extraction, a Word file) becomes the same
list of blocks, so that the plan reader knows nothing of the format it came from. Texts are NFC,
unwrapped (a paragraph is one string), without emphasis markers, otherwise as the source writes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from hncc.domain.text import nfc
from hncc.importer.draft import NotAPlan

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


_PIPE_LINE = re.compile(r"^\s*\|\s*$", re.M)
_TABLE_RULE = re.compile(r"^\s*\|(?:\s*:?-{3,}:?\s*\|){2,}\s*$", re.M)  # "|---|---|"
_EMPHASIS = re.compile(r"\*\*[^*\n]+\*\*|(?<![\w*])\*[^*\s][^*\n]*\*(?![\w*])")


def input_kind(raw: bytes, name: str = "") -> str:
    """"docx", "markdown" or "text": from the content first (a Word file is a zip), then the name."""
    if raw[:4] == b"PK\x03\x04":
        return "docx"
    suffix = Path(name).suffix.lower()
    head = raw[:200_000].decode("utf-8", errors="ignore")
    if len(_PIPE_LINE.findall(head)) >= 2 or len(_EMPHASIS.findall(head)) >= 3 or \
            _TABLE_RULE.search(head):
        return "markdown"
    return "markdown" if suffix in (".md", ".markdown") else "text"


def read_document(raw: bytes, name: str = "") -> Document:
    """The document in `raw`, whatever its kind; raise NotAPlan for what cannot be read."""
    from hncc.importer import markdown, plain

    kind = input_kind(raw, name)
    if kind == "docx":
        from hncc.importer import word

        return Document(word.blocks(raw), kind)
    text = decode(raw)
    if not text.strip():
        raise NotAPlan("Tệp trống: không có văn bản để nhập.")
    if kind == "markdown" or hard_wrapped(text):  # a PDF's text is wrapped like the portal's
        return Document(markdown.blocks(text), kind)
    return Document(plain.blocks(text), kind)


WRAPPED_SHARE = 0.15  # seeds: under 0.01; wrapped texts: 0.45 and more


def hard_wrapped(text: str) -> bool:
    """Whether a plain text has its paragraphs wrapped over several lines: many lines go on, in
    lower case, from a line that does not end a sentence."""
    lines = [line.strip() for line in text.split("\n")]
    filled = sum(1 for line in lines if line)
    goes_on = sum(1 for before, line in pairwise(lines)
                  if before and line[:1].islower() and not before.endswith((".", ":", ";")))
    return filled > 0 and goes_on > WRAPPED_SHARE * filled
