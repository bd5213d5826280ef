"""Reading YAML text: a fast parse for loading, and a lazy look-up of positions for messages.

Loading uses ruamel.yaml's safe loader (C-accelerated where ruamel.yaml.clib is installed) and
keeps timestamps as strings, so that Pydantic validates dates and reports impossible ones
(2023-02-31) like any other wrong value. Positions are found only when a problem needs one, by
composing the node tree of that one file (`Locator`).
"""

from __future__ import annotations

import re
import warnings
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import DuplicateKeyError, SafeConstructor
from ruamel.yaml.error import MantissaNoDotYAML1_1Warning, MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import BaseResolver, implicit_resolvers

from hncc.domain.text import thousands

# ruamel warns (on stderr, several lines) about a YAML 1.1 float like 1E+5000 without a dot;
# hncc reads YAML 1.2, and a float where an amount belongs is reported as a problem anyway.
warnings.filterwarnings("ignore", category=MantissaNoDotYAML1_1Warning)


class _Constructor(SafeConstructor):
    """Safe constructor that leaves dates as text for the model to validate."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str)


class _Resolver12(BaseResolver):
    """YAML 1.2 tag resolution, fixed once.

    ruamel's default VersionedResolver works out the YAML version for every scalar, which costs
    about half of the load time of a plan file; hncc's files are YAML 1.2 throughout.
    """

    def __init__(self, version: Any = None, loader: Any = None, loadumper: Any = None) -> None:
        super().__init__(loadumper=loadumper or loader)


for _versions, _tag, _regexp, _first in implicit_resolvers:
    if (1, 2) in _versions:
        _Resolver12.add_implicit_resolver_base(_tag, _regexp, _first)


def _yaml() -> YAML:
    yaml = YAML(typ="safe")
    yaml.Constructor = _Constructor
    yaml.Resolver = _Resolver12
    return yaml


class YamlSyntaxError(Exception):
    """The text is not valid YAML; carries a code, a Vietnamese message and a 1-based position."""

    def __init__(self, code: str, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.code, self.message, self.line, self.column = code, message, line, column


_KNOWN = [
    ("could not find expected ':'", "thiếu dấu “:” sau khóa"),
    # The pure-Python parser says "here", the C one (which reads plan files) "in this context".
    ("mapping values are not allowed here",
     "không được có “: ” ở đây; đặt giá trị chứa “: ” trong dấu nháy"),
    ("mapping values are not allowed in this context",
     "thụt lề không khớp, hoặc có “: ” trong giá trị; đặt giá trị chứa “: ” trong dấu nháy"),
    ("but found another document",
     "dòng “---” bắt đầu một tài liệu thứ hai; mỗi tệp chỉ chứa một tài liệu, xóa dòng đó"),
    ("did not find expected <document start>",
     "còn nội dung sau dòng “...” (kết thúc tài liệu); xóa dòng “...”"),
    ("found unknown escape character",
     "trong dấu nháy kép, “\\” phải đi với một ký tự thoát hợp lệ (đường dẫn Windows như "
     "C:\\Tài liệu: đặt trong dấu nháy đơn '…')"),
    ("second occurrence", "nhãn (anchor “&…”) được đặt hai lần"),
    ("did not find expected alphabetic or numeric character",
     "sau “&” hoặc “*” cần một tên (hoặc đặt giá trị trong dấu nháy)"),
    ("did not find expected key", "thụt lề không khớp hoặc thiếu khóa"),
    ("did not find expected node content", "thiếu giá trị"),
    ("did not find expected '-' indicator", "thụt lề của danh sách không khớp"),
    ("did not find expected ',' or ']'", "danh sách “[…” thiếu dấu “,” hoặc dấu đóng “]”"),
    ("did not find expected ',' or '}'", "nhóm “{…” thiếu dấu “,” hoặc dấu đóng “}”"),
    ("found undefined alias", "bí danh (alias “*…”) chưa được định nghĩa"),
    ("found unexpected end of stream", "tệp kết thúc giữa chừng (thiếu dấu nháy hay ngoặc đóng?)"),
    ("found character that cannot start any token", "ký tự không hợp lệ ở đầu giá trị"),
    ("expected <block end>", "thụt lề không khớp"),
    ("could not determine a constructor", "thẻ (tag “!…”) không được hỗ trợ"),
]


def _translate(error: MarkedYAMLError) -> str:
    problem = error.problem or str(error)
    for english, vietnamese in _KNOWN:
        if english in problem:
            return f"Lỗi cú pháp YAML: {vietnamese}."
    return f"Lỗi cú pháp YAML (bộ đọc YAML báo: “{problem}”)."


def _reader_error(error: ReaderError, text: str) -> YamlSyntaxError:
    """A character YAML does not allow (control characters): its line and column in `text`."""
    before = text[: error.position]
    line, column = before.count("\n") + 1, error.position - before.rfind("\n")
    character = error.character if isinstance(error.character, int) else 0
    return YamlSyntaxError(
        "yaml-syntax",
        f"Lỗi cú pháp YAML: ký tự điều khiển U+{character:04X} không được phép trong tệp (thường "
        "do dán văn bản từ nơi khác). Xóa ký tự đó (trình soạn thảo có thể không hiện nó).",
        line, column,
    )


def _syntax_error(error: YAMLError, text: str) -> YamlSyntaxError:
    if isinstance(error, ReaderError):
        return _reader_error(error, text)
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    if isinstance(error, DuplicateKeyError):
        found = re.search(r'found duplicate key "(.*?)"', error.problem or "")
        first = error.context_mark.line + 1 if error.context_mark else 0
        key = found.group(1) if found else "?"
        return YamlSyntaxError(
            "duplicate-key",
            f"Khóa “{key}” bị lặp trong cùng một mục (mục bắt đầu ở dòng {first}): giá trị sau "
            "sẽ đè mất giá trị trước. Gộp hai giá trị hoặc xóa một khóa.",
            line, column,
        )
    lines = text.splitlines()
    if 0 < line <= len(lines) and "\t" in lines[line - 1][: max(column, 1)]:
        return YamlSyntaxError(
            "yaml-tab",
            "Dòng được thụt lề bằng ký tự tab; YAML chỉ cho phép dấu cách. "
            "Thay tab bằng dấu cách (hncc dùng 2 dấu cách một cấp).",
            line, column,
        )
    if isinstance(error, MarkedYAMLError):
        return YamlSyntaxError("yaml-syntax", _translate(error), line, column)
    return YamlSyntaxError("yaml-syntax", f"Lỗi cú pháp YAML (bộ đọc YAML báo: “{error}”).", line, column)


_BEFORE_ANCHOR = frozenset(" \t\r\n[{,:-")
_NOT_IN_ANCHOR = frozenset(" \t\r\n,[]{}")


def _has_anchor(text: str) -> bool:
    """Whether `text` has a YAML anchor ("&name" after a space, "[", "{", ",", ":" or "-").

    A scan for "&" with str.find: a regular expression tried at every position of a large file
    cost as much as a tenth of its parse.
    """
    at = text.find("&")
    while at != -1:
        before = text[at - 1] if at else "\n"
        after = text[at + 1:at + 2]
        if before in _BEFORE_ANCHOR and after and after not in _NOT_IN_ANCHOR:
            return True
        at = text.find("&", at + 1)
    return False
MAX_DEPTH = 40          # a plan nests about 8 levels deep
MAX_NODES = 2_000_000   # values after expanding aliases; far above any real plan


_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_DEEP_INDENT = re.compile(rf"^ {{{2 * MAX_DEPTH},}}\S", re.MULTILINE)


def _may_nest_deeply(text: str) -> bool:
    """A cheap over-estimate: could the data nest deeper than MAX_DEPTH? (brackets, indentation)"""
    if _DEEP_INDENT.search(text):
        return True
    depth = 0
    for bracket in _NOT_BRACKETS.sub("", text):
        depth += 1 if bracket in "[{" else -1
        if depth > MAX_DEPTH:
            return True
    return False


def _deep_line(text: str) -> int:
    """The first line where indentation or open brackets go deeper than MAX_DEPTH (else 1)."""
    depth = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if _DEEP_INDENT.match(line):
            return number
        for bracket in _NOT_BRACKETS.sub("", line):
            depth += 1 if bracket in "[{" else -1
            if depth > MAX_DEPTH:
                return number
    return 1


def _check_size(data: Any) -> None:
    """Refuse alias bombs ("billion laughs") and absurd nesting in data that uses aliases.

    Sizes are counted per distinct object, so shared (aliased) subtrees cost one visit each.
    """
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        node, children_done = stack.pop()
        if not isinstance(node, (dict, list)) or (id(node) in sizes and not children_done):
            continue
        children = list(node.values()) if isinstance(node, dict) else node
        containers = [c for c in children if isinstance(c, (dict, list))]
        if not children_done:
            stack.append((node, True))
            stack.extend((c, False) for c in containers)
            continue
        sizes[id(node)] = 1 + len(children) + sum(sizes.get(id(c), 0) for c in containers)
        depths[id(node)] = 1 + max((depths.get(id(c), 0) for c in containers), default=0)
        if depths[id(node)] > MAX_DEPTH:
            raise _too_deep(1)
        if sizes[id(node)] > MAX_NODES:
            raise YamlSyntaxError("alias-bomb", "Tệp dùng bí danh YAML (&/*) nhân bản dữ liệu lên "
                                  f"quá {thousands(MAX_NODES)} giá trị; hncc từ chối đọc. Viết dữ liệu trực "
                                  "tiếp, không dùng bí danh lồng nhau.", 1, 1)


def _too_deep(line: int) -> YamlSyntaxError:
    return YamlSyntaxError("too-deep", f"Dữ liệu lồng nhau quá {MAX_DEPTH} cấp; một kế hoạch "
                           "không sâu như vậy. Kiểm tra thụt lề và các dấu ngoặc [ { của tệp.",
                           line, 1)


def _check_depth(text: str) -> None:
    """Raise too-deep before the C parser sees data nested deeper than MAX_DEPTH.

    The C parser and constructor recurse once per level without a limit of their own: 100,000
    "[" crash the process (a segmentation fault, not an exception). ruamel's pure-Python parser
    is a state machine that does not recurse, so its events measure the depth safely; it runs
    only on text that the cheap over-estimate (`_may_nest_deeply`) finds suspicious.
    """
    if not _may_nest_deeply(text):
        return
    from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent

    depth = 0
    try:
        for event in YAML(typ="safe", pure=True).parse(text):
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _too_deep(event.start_mark.line + 1 if event.start_mark else 1)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except YAMLError:
        return  # bad syntax: the real parse reports it with its own message


def parse(text: str) -> Any:
    """Parse YAML text into plain Python data; raise YamlSyntaxError on bad or hostile YAML."""
    _check_depth(text)
    try:
        data = _yaml().load(text)
    except YAMLError as error:
        raise _syntax_error(error, text) from None
    except RecursionError:
        raise YamlSyntaxError("too-deep", "Dữ liệu lồng nhau quá sâu để đọc; kiểm tra thụt lề và "
                              "các dấu ngoặc [ { của tệp.", _deep_line(text), 1) from None
    if _has_anchor(text) or _may_nest_deeply(text):
        try:
            _check_size(data)
        except YamlSyntaxError as error:
            if error.code == "too-deep":
                error.line = _deep_line(text)
            raise
    return data


def compose(text: str) -> Node:
    """The node tree of `text` (C-accelerated), with the position of every node, for edits that
    splice lines into the text; raise YamlSyntaxError like `parse`."""
    _check_depth(text)
    try:
        return _yaml().compose(text)
    except YAMLError as error:
        raise _syntax_error(error, text) from None


class Locator:
    """Finds the line and column of a path of keys and indexes in one YAML text."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._root: Node | None = None
        self._composed = False

    def _tree(self) -> Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = _yaml().compose(self._text)
            except (YAMLError, RecursionError):
                self._root = None
        return self._root

    def locate(self, path: tuple) -> tuple[int, int]:
        """1-based (line, column) of the deepest node on `path` that exists; (1, 1) at worst.

        A mapping key points at the key itself, so "unknown field" marks the misspelt key.
        """
        node = self._tree()
        if node is None:
            return (1, 1)
        mark = node.start_mark
        for step in path:
            if isinstance(node, MappingNode):
                found = next(
                    ((k, v) for k, v in node.value if getattr(k, "value", None) == str(step)),
                    None,
                )
                if found is None:
                    break
                mark, node = found[0].start_mark, found[1]
            elif isinstance(node, SequenceNode) and isinstance(step, int):
                if not 0 <= step < len(node.value):
                    break
                node = node.value[step]
                mark = node.start_mark
            else:
                break
        return (mark.line + 1, mark.column + 1)
