"""Text from the data in Markdown: one escaping function per place it can land.

Plan files come from pull requests; their text must read as text wherever a report puts it,
never as markup. Each function below is the one way for data to enter its context:

- `inline`: inside a line (after other text): no raw HTML or entity, no emphasis, link, image,
  code span or strike-through; every character shows as written (control characters as `\x1b`);
- `line`: a whole line: `inline`, folded to one line, and never a heading, quote, list or fence;
- `lines`: text of several lines in a block: each line as `line`, joined by hard line breaks;
- `cell`: a table cell: `inline`, `|` escaped, line breaks as <br>;
- `code`: a code span that holds any text, backticks included;
- `mermaid`: a label in a Mermaid chart: no statement separator, comment, directive or keyword;
- `gantt`: a report's timeline as the code of a Mermaid gantt chart, and whether Mermaid draws it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hncc.render.terminal import visible

if TYPE_CHECKING:
    from hncc.queries.reports import Timeline

_ENTITY = re.compile(r"&(?=#?\w+;)")
# Characters that start inline markup: emphasis, code, links and images, strike-through.
# A backslash before any ASCII punctuation shows that character as written (CommonMark).
_INLINE = re.compile(r"([\\`*_\[\]~])")
# Any character that one of the escapes below changes: text without one is shown as it is.
_SPECIAL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f&<\\`*_\[\]~]")
# What turns the start of a line into something else: a heading, quote, list, rule, fence, table.
_BLOCK_START = re.compile(r"[#>+*=`~|-]|\d+[.)]")


def no_html(text: str) -> str:
    """`text` that never becomes raw HTML or an entity: `<` and entity-like `&` escaped."""
    return _ENTITY.sub("&amp;", text).replace("<", "&lt;")


def _escaped(text: str) -> str:
    if not _SPECIAL.search(text):
        return text  # most text of a report (a fast path: the same result)
    return _INLINE.sub(r"\\\1", no_html(visible(text)))


def inline(text: str) -> str:
    """`text` inside a line of Markdown, shown as written: no HTML, no inline markup, and line
    breaks as spaces (a break could start a new block)."""
    return _escaped(" ".join(text.splitlines()))


def line(text: str) -> str:
    """`text` as one plain line of Markdown: never a heading, quote, list, fence or raw HTML.

    Line breaks are folded into spaces; a leading `#`, `>`, list marker or fence gets a backslash.
    """
    folded = _escaped(" ".join(text.split()))
    start = _BLOCK_START.match(folded)
    if start is None:
        return folded
    mark = start.end() - 1
    return f"{folded[:mark]}\\{folded[mark:]}"


def lines(text: str, indent: int = 0) -> str:
    """`text` written on several lines (a department's list of results) as the content of a
    Markdown block: each line as `line` makes it, blank lines dropped, joined by hard line breaks
    (a backslash at the end of the line), the lines after the first indented by `indent` spaces
    (the content of a list item "- " is indented by 2)."""
    parts = [line(part) for part in text.splitlines() if part.strip()]
    return ("\\\n" + " " * indent).join(parts)


def cell(text: str) -> str:
    """`text` safe inside a Markdown table cell: inline markup and `|` escaped, breaks as <br>."""
    return "<br>".join(_escaped(part).replace("|", "\\|") for part in text.splitlines())


def code(text: str) -> str:
    """`text` as a code span, verbatim: fenced by more backticks than it holds in a row."""
    folded = " ".join(text.splitlines())
    longest = max((len(run) for run in re.findall(r"`+", folded)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {folded} " if folded.startswith("`") or folded.endswith("`") else folded
    return f"{fence}{padded}{fence}"


# Mermaid: ":" ends a task's label, ";" and line breaks end a statement, "#" starts an entity
# code, "%%" a comment (which would hide the bar), "<" ">" would be HTML in a label.
_MERMAID_UNSAFE = re.compile(r"[:;#`%<>{}\[\]]+")
_MERMAID_KEYWORDS = frozenset(
    "section title dateformat axisformat tickinterval todaymarker excludes includes weekday "
    "click acctitle accdescr inclusiveenddates topaxis displaymode gantt".split())


def mermaid(text: str) -> str:
    """`text` as a label in a Mermaid gantt chart: one line, no separators, never a keyword."""
    label = " ".join(_MERMAID_UNSAFE.sub(" ", text).split())
    first = label.split(" ", 1)[0].casefold()
    if first in _MERMAID_KEYWORDS:
        label = "\u200b" + label  # a zero-width space: shown the same, no longer a keyword
    return label


# Mermaid's maxTextSize by default (its configuration schema): a longer diagram is not drawn,
# only "Maximum text size in diagram exceeded". GitHub and GitLab draw with the default.
MERMAID_MAX_TEXT = 50_000


@dataclass(frozen=True)
class Gantt:
    """A timeline as a Mermaid gantt chart: its code (the lines between the fences, each ending
    in a line break; empty when it is not drawn), the code's length as Mermaid counts it (UTF-16
    code units, as JavaScript does), its number of bars, and whether Mermaid draws it."""

    code: str
    size: int
    bars: int
    limit: int
    drawn: bool


def gantt(title: str, timeline: Timeline, limit: int = MERMAID_MAX_TEXT) -> Gantt:
    """The Mermaid gantt chart of `timeline` under `title`, if its code fits Mermaid's `limit`."""
    lines = ["gantt\n", f"    title {mermaid(title)}\n", "    dateFormat YYYY-MM-DD\n",
             "    axisFormat %m/%Y\n", "    todayMarker off\n"]
    for section in timeline.sections:
        lines.append(f"    section {mermaid(section.title)}\n")
        lines += [f"    {mermaid(bar.label)} :{bar.tag + ', ' if bar.tag else ''}"
                  f"{bar.start.isoformat()}, {bar.end.isoformat()}\n" for bar in section.bars]
    code = "".join(lines)
    size = len(code.encode("utf-16-le")) // 2
    drawn = size <= limit
    return Gantt(code if drawn else "", size, sum(len(s.bars) for s in timeline.sections), limit,
                 drawn)


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
