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

from hncc.importer.document import BULLET, Block, Cell, Paragraph, Table, squeeze

_MARKER = re.compile(r"(?<!\()\*+(?!\))")
_RULE = re.compile(r"^[-_=–—]{3,}$")
_PIPE = "|"
# Where a new paragraph starts although no blank line separates it from the previous one.
_STARTS = re.compile(rf"^(?:{BULLET}\s|\d+(?:\.\d+)*(?:\.|\.?/)\s|\d+\)\s|[a-zđ][)./]\s|[IVXLC]+[./]\s"
                     r"|[A-ZĐ]\.\s)")
_SENTENCE_END = (".", ":", ";", "!", "?", ".”", ":”")
_HEADING = re.compile(r"^(?:PHỤ LỤC|KẾ HOẠCH|QUYẾT ĐỊNH|[IVX]+\.\s)")
_LONE_MARKER = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[a-zđ]\)|[IVXLC]+\.)$")
_CUT = re.compile(r"^[….·]{3,}$")  # where the portal cut a long table ("…..........")
_GROUP_ROW = re.compile(r"^(?:[IVXLC]+|[A-ZĐ])\.\s")
ROW_NUMBER = re.compile(r"^(?:[IVXLC]+|[A-ZĐ]|\d{1,3}(?:\.\d{1,3})*)\.?$")


def plain(line: str) -> str:
    """A source line without emphasis markers and outer white space."""
    return squeeze(_MARKER.sub("", line))


def _is_rule(line: str) -> bool:
    return _RULE.match(line) is not None


def paragraphs(lines: list[tuple[int, str]], by_blanks: bool = False,
               bold: frozenset[int] = frozenset()) -> list[tuple[int, str]]:
    """(line, text) of the paragraphs in (line, text) pairs: wrapped lines joined.

    Where the source separates paragraphs by blank lines (`by_blanks`), only a blank line (or a
    heading's end) starts a paragraph; otherwise so do list markers and a capital after a full stop.

    A text whose source line closes a bold run that opened its paragraph ("**1. Mục đích**") is a
    heading and ends there; the caller marks that by a trailing `_BOLD_END` on the text, and
    gives in `bold` the lines that open a bold run. A numbered heading the portal wrote as two
    bold paragraphs is one (`_heading_goes_on`).
    """
    found: list[tuple[int, list[str]]] = []
    headings: set[int] = set()  # indexes in `found` of the paragraphs bold from start to end
    previous = last = ""
    for number, marked in lines:
        heading_end = marked.endswith(_BOLD_END)
        text = marked.removesuffix(_BOLD_END)
        if not text or _is_rule(text):
            if previous:
                last = previous
            previous = ""
            if _is_rule(text) and found:
                found.append((number, []))  # a rule ends the paragraph and is kept as a break
            continue
        starts = not previous or (_is_upper(previous) and not _is_upper(text) and
                                  not _last_word_in_capitals(text)) or (
            not by_blanks and (_STARTS.match(text) is not None or (
                previous.endswith(_SENTENCE_END) and text[:1].isupper())))
        if starts and not previous and found and found[-1][1] and _continues(last, text):
            starts = False  # a paragraph broken by a stray blank line: "… địa phương" / "liên quan."
        if starts and found and _LONE_MARKER.match(" ".join(found[-1][1])):
            starts = False  # "**1.****" then "**Rà soát …**": the number and its heading
        if starts:
            found.append((number, [text]))
        else:
            found[-1][1].append(text)
        if heading_end and found[-1][0] in bold:
            headings.add(len(found) - 1)
        previous = "" if heading_end else text
    joined: list[tuple[int, list[str]]] = []
    for index, (number, parts) in enumerate(found):
        if index - 1 in headings and index in headings and joined and \
                _heading_goes_on(" ".join(joined[-1][1]), " ".join(parts)):
            joined[-1][1].extend(parts)
        else:
            joined.append((number, parts))
    return [(number, " ".join(parts)) for number, parts in joined if parts]


_NUMBERED_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*[.)/]?|[a-zđ][).]|[IVXLC]+\.)\s")
MAX_HEADING_TAIL_WORDS = 20


def _heading_goes_on(heading: str, text: str) -> bool:
    """Whether a bold paragraph `text` right after the bold numbered heading `heading` is the
    rest of it, the portal having closed and reopened the bold where the line wrapped ("**3. Đề
    nghị Ủy ban Mặt trận …, Hội Liên hiệp**" then "**Phụ nữ Thành phố và …**"): the heading
    stops mid-sentence, and `text` is short, opens no item of its own, ends no sentence, and is
    in capitals only if the heading is."""
    return _NUMBERED_HEADING.match(heading) is not None and \
        not heading.endswith(_SENTENCE_END) and not _STARTS.match(text) and \
        not _HEADING.match(text) and not text.endswith((".", ";", "!", "?")) and \
        len(text.split()) <= MAX_HEADING_TAIL_WORDS and \
        (text == text.upper()) == (heading == heading.upper())


_BOLD_END = "\x00"


def _continues(last: str, text: str) -> bool:
    """Whether `text`, after a blank line, goes on with `last`: it opens in lower case and `last`
    stops mid-sentence."""
    return text[:1].islower() and not _STARTS.match(text) and \
        not last.endswith((*_SENTENCE_END, ")", "”"))


def _last_word_in_capitals(text: str) -> bool:
    """A lone word in capitals ("HIỆN" of "THỰC / HIỆN"): a heading in capitals wrapped before
    its last word goes on, though one word is no line in capitals for `_is_upper`."""
    return text.isalpha() and text == text.upper()


def _is_upper(text: str) -> bool:
    """A line in capitals (a heading or title line), with at least two words of letters."""
    return text == text.upper() and sum(1 for word in text.split() if word.isalpha()) >= 2


def _mark_bold_headings(raw: list[str]) -> list[str]:
    """Each line as plain text, with `_BOLD_END` after a line that ends a bold heading."""
    marked: list[str] = []
    heading = False
    for line in raw:
        stripped = line.strip()
        if not heading and stripped.startswith("**"):
            heading = True
        text = plain(line)
        closes = heading and stripped.endswith("**") and stripped.count("**") % 2 == (
            0 if stripped.startswith("**") else 1)
        if closes or not stripped:
            heading = False
        marked.append(text + _BOLD_END if closes and text else text)
    return marked


@dataclass
class _Token:
    line: int
    lines: list[tuple[int, str]]   # a cell's content; empty for a `|` line

    @property
    def pipe(self) -> bool:
        return not self.lines

    @property
    def bold(self) -> bool:
        """Whether the cell is bold to its end (headers and group rows are)."""
        return bool(self.lines) and self.lines[-1][1].endswith(_BOLD_END)

    @property
    def blank(self) -> bool:
        return self.lines == [(self.line, "")]


def _cell(token: _Token | None) -> Cell:
    if token is None:
        return Cell((), 0)
    return Cell(tuple(text for _, text in paragraphs(token.lines)), token.line)


MAX_CELL_LINES = 40  # more lines than a cell has: the text after a table, not a cell of it


def _pipe_at(tokens: list[_Token], index: int) -> bool:
    return index < len(tokens) and tokens[index].pipe


def _ends(first: str, full: bool, tokens: list[_Token], index: int) -> bool:
    """Whether the table ends at a single `|` before tokens[index], whose first line is `first`:
    a heading or the portal's cut follows, or the row is full and text follows, not a cell."""
    if _HEADING.match(first) or _CUT.match(first):
        return True
    return full and (len(tokens[index].lines) > MAX_CELL_LINES or not _pipe_at(tokens, index + 1))


def _table(tokens: list[_Token]) -> tuple[Table, int]:
    """The table at the start of `tokens` (a `|` first) and how many tokens it takes.

    The table ends at a single `|` after a row as wide as the widest before it: what follows
    is text again (some extractions leave no blank line after a table).
    """
    table = Table(line=tokens[0].line)
    row: list[Cell] = []
    bold_row = True  # every cell of the row so far is bold (a header or group row)
    width = 0
    index = 1
    while index < len(tokens):
        token = tokens[index]
        if token.blank:
            break  # no cell spans a blank line: the table ended
        if not token.pipe:
            bold_row = bold_row and token.bold
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
        first = following.lines[0][1].removesuffix(_BOLD_END)
        if pipes == 1 and _ends(first, len(row) >= width >= 2, tokens, index):
            break
        boundary = pipes >= 2 and (
            ROW_NUMBER.match(first) is not None or _GROUP_ROW.match(first) is not None
            or width == 0 or len(row) + pipes > width
            or (len(row) >= 2 and bold_row and following.bold))  # a header after a group row

        if not boundary:
            row += [_cell(None)] * (pipes - 1)
            continue
        empties = pipes - 2
        trailing = min(empties, max(0, width - len(row))) if width else empties
        row += [_cell(None)] * trailing
        table.rows.append(row)
        width = max(width, len(row))
        row = [_cell(None)] * (empties - trailing)
        bold_row = True
    if row:
        table.rows.append(row)
    return table, index


def blocks(text: str) -> list[Block]:
    """The paragraphs and tables of a Markdown extraction."""
    raw = text.split("\n")
    marked = _mark_bold_headings(raw)
    by_blanks = _separated_by_blanks([line.strip() for line in text.strip().split("\n")])
    found: list[Block] = []
    start = 0
    for first, last in _grid_tables(raw):  # "| a | b |" rows, as most Markdown writes tables
        found += _portal_blocks(raw, marked, start, first, by_blanks)
        found.append(_grid_table(raw, first, last))
        start = last
    return found + _portal_blocks(raw, marked, start, len(raw), by_blanks)


_GRID_ROW = re.compile(r"^\s*\|.*\|\s*$")
_GRID_RULE = re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$")


def _grid_tables(raw: list[str]) -> list[tuple[int, int]]:
    """(first, past last) line index of each table written a row a line with a "|---|" rule."""
    found = []
    index = 0
    while index < len(raw) - 1:
        if _GRID_ROW.match(raw[index]) and raw[index].count("|") >= 3 and \
                _GRID_RULE.match(raw[index + 1]):
            last = index + 2
            while last < len(raw) and _GRID_ROW.match(raw[last]):
                last += 1
            found.append((index, last))
            index = last
        else:
            index += 1
    return found


def _grid_table(raw: list[str], first: int, last: int) -> Table:
    table = Table(line=first + 1)
    for number in range(first, last):
        if number == first + 1:
            continue  # the "|---|---|" rule under the header
        cells = raw[number].strip().strip("|").split("|")
        table.rows.append([Cell((text,) if (text := plain(cell)) else (), number + 1)
                           for cell in cells])
    return table


def _portal_blocks(raw: list[str], marked: list[str], start: int, stop: int,
                   by_blanks: bool) -> list[Block]:
    """The blocks of raw[start:stop], in the portal's layout (tables one cell per line group)."""
    lines = [(number, line) for number, (line, source) in
             enumerate(zip(marked[start:stop], raw[start:stop], strict=True), start=start + 1)
             if line or not source.strip()]  # a line of markers only ("** **") is no break
    tokens = _tokens(_without_page_breaks(lines))
    bold = frozenset(number for number in range(start + 1, stop + 1)
                     if raw[number - 1].strip().startswith("**"))
    found: list[Block] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.blank:
            index += 1
        elif token.pipe:
            table, used = _table(tokens[index:])
            if any(cell.paragraphs for row in table.rows for cell in row):
                found.append(table)
            index += used
        else:
            found += [Paragraph(t, n) for n, t in paragraphs(token.lines, by_blanks, bold)]
            index += 1
    return found


def _without_page_breaks(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The lines without blank runs between two `|` lines: a table cut by a page break."""
    kept: list[tuple[int, str]] = []
    for index, (number, text) in enumerate(lines):
        if not text and kept and kept[-1][1].removesuffix(_BOLD_END) == _PIPE:
            following = next((t for _, t in lines[index + 1:] if t), "")
            if following.removesuffix(_BOLD_END) == _PIPE:
                continue
        kept.append((number, text))
    return kept


def _separated_by_blanks(raw: list[str]) -> bool:
    """Whether the running text (lines with no `|` line next to them) has blank lines between
    its paragraphs, rather than none at all (as some extractions leave it)."""
    blank = raw.count("")
    text = sum(1 for i, line in enumerate(raw) if line and line != _PIPE
               and (i == 0 or raw[i - 1] != _PIPE) and (i + 1 == len(raw) or raw[i + 1] != _PIPE))
    return blank > 0.15 * text


def _tokens(lines: list[tuple[int, str]]) -> list[_Token]:
    """`|` lines and the groups of lines between them; a blank line ends a table."""
    tokens: list[_Token] = []
    in_table = False
    for number, text in lines:
        last = tokens[-1] if tokens else None
        text_goes_on = last is not None and not last.pipe and not last.blank
        if text.removesuffix(_BOLD_END) == _PIPE:
            tokens.append(_Token(number, []))
            in_table = True
        elif not text and in_table:
            tokens.append(_Token(number, [(number, "")]))  # text again: no cell spans a blank
            in_table = False
        elif text_goes_on and last is not None:
            last.lines.append((number, text))
        elif text:
            tokens.append(_Token(number, [(number, text)]))
    return tokens
