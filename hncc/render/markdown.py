"""Markdown from data text: table cells, lines of text and raw HTML that never break the layout."""

from __future__ import annotations

import re
from collections.abc import Sequence

_ENTITY = re.compile(r"&(?=#?\w+;)")
# What turns the start of a line into something else: a heading, quote, list, rule, fence, table.
_BLOCK_START = re.compile(r"[#>+*=`~|-]|\d+[.)]")


def no_html(text: str) -> str:
    """`text` that never becomes raw HTML or an entity: `<` and entity-like `&` escaped."""
    return _ENTITY.sub("&amp;", text).replace("<", "&lt;")


def line(text: str) -> str:
    """`text` as one plain line of Markdown: never a heading, quote, list, fence or raw HTML.

    Line breaks are folded into spaces; a leading `#`, `>`, list marker or fence gets a backslash.
    """
    folded = no_html(" ".join(text.split()))
    start = _BLOCK_START.match(folded)
    if start is None:
        return folded
    mark = start.end() - 1
    return f"{folded[:mark]}\\{folded[mark:]}"


def cell(text: str) -> str:
    """`text` safe inside a Markdown table cell: `|` escaped, line breaks as <br>."""
    escaped = text.replace("\\", "\\\\").replace("|", "\\|")
    return "<br>".join(escaped.splitlines()) if escaped else ""


def table(headers: Sequence[str], rows: Sequence[Sequence[str]],
          right: Sequence[bool] | None = None) -> str:
    """A GitHub-flavoured Markdown table; `right[i]` right-aligns column i."""
    right = right or [False] * len(headers)
    lines = [
        "| " + " | ".join(cell(h) for h in headers) + " |",
        "| " + " | ".join("---:" if r else "---" for r in right) + " |",
    ]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
