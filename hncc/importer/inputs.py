"""Which kind of input a plan's source is (a Word file, a law portal's Markdown, plain text),
and reading it into the document blocks every kind becomes (hncc.importer.document).

The readers of each kind build on hncc.importer.document; this module sits above them, so that
the blocks and their readers do not import each other.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

from hncc.data.files import UTF16_BOMS, UTF16_SAVED
from hncc.importer import markdown, plain
from hncc.importer.document import Document, decode
from hncc.importer.draft import NotAPlan

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 (.doc) and other old Office files
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
    """The document in `raw`, whatever its kind; raise NotAPlan for what cannot be read.

    A text saved as UTF-16 with a byte-order mark (Notepad's "Unicode") is read as the text it is.
    """
    if raw.startswith(_OLE):
        raise NotAPlan("Tệp Word cũ (.doc) hoặc tệp cũ khác của Word, Excel: hncc đọc tệp Word "
                       "dạng .docx. Mở tệp bằng Word, lưu lại dạng .docx rồi chạy lại.")
    if raw.startswith(b"%PDF-"):
        raise NotAPlan("Tệp PDF: hncc không đọc PDF. Chép văn bản trong PDF ra một tệp .txt "
                       "(UTF-8), hoặc mở PDF bằng Word và lưu dạng .docx, rồi chạy lại.")
    if raw[:2] in UTF16_BOMS:
        try:
            raw = raw.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise NotAPlan(UTF16_SAVED) from None
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
