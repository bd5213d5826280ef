"""A law portal's Markdown extraction of a document, unwrapped into paragraphs and tables.

The extraction hard-wraps lines, marks emphasis with `**` and `*`, and writes a table one cell
per group of lines: cells separated by a line holding only `|`, rows by two such lines (each row
opens and closes with one), an empty cell as nothing between two `|` lines. Two `|` lines are
thus either an empty cell or the end of a row; a row ends there when what follows looks like the
number of the next row, or when the row already has as many cells as the table's first row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hncc.importer.document import Block, Cell, Paragraph, Table, squeeze

_MARKER = re.compile(r"(?<!\()\*+(?!\))")
_RULE = re.compile(r"^[-_=–—]{3,}$")
_PIPE = "|"
# Where a new paragraph starts although no blank line separates it from the previous one.
_STARTS = re.compile(r"^(?:[-+•–]\s|\d+(?:\.\d+)*\.?\s|\d+\)\s|[a-zđ]\)\s|[IVXLC]+\.\s|[A-ZĐ]\.\s)")
_SENTENCE_END = (".", ":", ";", "!", "?", ".”", ":”")
ROW_NUMBER = re.compile(r"^(?:[IVXLC]+|[A-ZĐ]|\d{1,3}(?:\.\d{1,3})*)\.?$")


def plain(line: str) -> str:
    """A source line without emphasis markers and outer white space."""
    return squeeze(_MARKER.sub("", line))


def _is_rule(line: str) -> bool:
    return _RULE.match(line) is not None


def paragraphs(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """(line, text) of the paragraphs in (line, plain text) pairs: wrapped lines joined."""
    found: list[tuple[int, list[str]]] = []
    previous = ""
    for number, text in lines:
        if not text or _is_rule(text):
            previous = ""
            if _is_rule(text) and found:
                found.append((number, []))  # a rule ends the paragraph and is kept as a break
            continue
        starts = not previous or _STARTS.match(text) is not None or (
            previous.endswith(_SENTENCE_END) and text[:1].isupper())
        if starts:
            found.append((number, [text]))
        else:
            found[-1][1].append(text)
        previous = text
    return [(number, " ".join(parts)) for number, parts in found if parts]


@dataclass
class _Token:
    line: int
    lines: list[tuple[int, str]]   # a cell's content; empty for a `|` line

    @property
    def pipe(self) -> bool:
        return not self.lines


def _cell(token: _Token | None) -> Cell:
    if token is None:
        return Cell((), 0)
    return Cell(tuple(text for _, text in paragraphs(token.lines)), token.line)


def _table(tokens: list[_Token]) -> tuple[Table, list[_Token]]:
    """The table in `tokens` (starting with a `|`), and the tokens after it that are text."""
    table = Table(line=tokens[0].line)
    row: list[Cell] = []
    width = 0
    index = 1
    while index < len(tokens):
        token = tokens[index]
        if not token.pipe:
            row.append(_cell(token))
            index += 1
            continue
        pipes = 0
        while index < len(tokens) and tokens[index].pipe:
            pipes += 1
            index += 1
        following = tokens[index] if index < len(tokens) else None
        if following is None:
            row += [_cell(None)] * max(0, pipes - 2)
            break
        first = following.lines[0][1]
        boundary = pipes >= 2 and (
            ROW_NUMBER.match(first) is not None or width == 0 or len(row) + pipes > width)
        if not boundary:
            row += [_cell(None)] * (pipes - 1)
            continue
        empties = pipes - 2
        trailing = min(empties, max(0, width - len(row))) if width else empties
        row += [_cell(None)] * trailing
        table.rows.append(row)
        width = width or len(row)
        row = [_cell(None)] * (empties - trailing)
    if row:
        table.rows.append(row)
    return table, []


def blocks(text: str) -> list[Block]:
    """The paragraphs and tables of a Markdown extraction."""
    lines = [(number, plain(line)) for number, line in enumerate(text.split("\n"), start=1)]
    found: list[Block] = []
    index = 0
    while index < len(lines):
        number, line = lines[index]
        if line != _PIPE:
            end = index
            while end < len(lines) and lines[end][1] != _PIPE:
                end += 1
            found += [Paragraph(t, n) for n, t in paragraphs(lines[index:end])]
            index = end
            continue
        end = index
        while end < len(lines) and lines[end][1]:
            end += 1
        tokens = _tokens(lines[index:end])
        tail = _trailing_text(tokens)
        table, _ = _table(tokens[:len(tokens) - len(tail)])
        if table.rows:
            found.append(table)
        for token in tail:
            found += [Paragraph(t, n) for n, t in paragraphs(token.lines)]
        index = max(end, index + 1)
    return found


def _tokens(lines: list[tuple[int, str]]) -> list[_Token]:
    tokens: list[_Token] = []
    for number, text in lines:
        if text == _PIPE:
            tokens.append(_Token(number, []))
        elif tokens and not tokens[-1].pipe:
            tokens[-1].lines.append((number, text))
        else:
            tokens.append(_Token(number, [(number, text)]))
    return tokens


def _trailing_text(tokens: list[_Token]) -> list[_Token]:
    """Text after the table's last `|` (no blank line between): not a cell of it."""
    if len(tokens) > 2 and not tokens[-1].pipe and tokens[-2].pipe:
        return tokens[-1:]
    return []
