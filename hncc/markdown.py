"""Markdown tables: cells escaped so that `|` and line breaks never break a row."""

from __future__ import annotations

from collections.abc import Sequence


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
