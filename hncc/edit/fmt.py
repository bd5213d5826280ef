"""`hncc fmt`: one canonical layout for data files, so that diffs show changes of meaning only.

The layout is ruamel.yaml's round-trip output with hncc's settings (editing.canonical_yaml:
2-space indentation, sequences indented under their key, no line folding, quotes as written),
with the keys of every mapping in the order of the model's fields. Comments stay with the key
they follow. Formatting never changes what a file means: the result is parsed again and compared.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from hncc.data import files, yamlio
from hncc.data.files import AGENCIES_FILE, PLANS_DIR, is_plan_name, plan_files
from hncc.data.model import AgencyFile, Entry, Plan
from hncc.edit import atomic, newlines
from hncc.edit import status_edit as editing

# Entries read in the order of the source's sentence: the assignment "X chủ trì, phối hợp Y
# thực hiện:" then who leads and cooperates, the bullets, the deadline and budget; the status
# history last, where it grows.
ENTRY_ORDER = (
    "ref", "kind", "title", "dossier", "assignment", "lead", "lead_text", "no_lead",
    "cooperating", "cooperating_text", "directing", "body", "deadline", "no_deadline", "time_text",
    "budget", "funding_source", "outputs", "summarizes", "achieved_by", "implements", "inferred",
    "unlinked", "note", "status",
)


class CannotFormat(Exception):
    """A file that is not YAML hncc can read; the message is for users."""


@dataclass(frozen=True)
class Formatted:
    path: Path
    changed: bool


def model_for(path: Path, data_dir: Path) -> type[BaseModel] | None:
    """The model of a data file: the registry, a plan, or None for a file outside the data."""
    path, data_dir = path.resolve(), data_dir.resolve()
    if path == data_dir / AGENCIES_FILE:
        return AgencyFile
    if path.parent == data_dir / PLANS_DIR and is_plan_name(path):
        return Plan
    return None


def data_files(data_dir: Path) -> list[Path]:
    """Every file `hncc fmt` formats when given none: the registry and each plan."""
    plans = [path for path in plan_files(data_dir) if is_plan_name(path)]
    registry = data_dir / AGENCIES_FILE
    return ([registry] if registry.is_file() else []) + plans


def format_text(text: str, model: type[BaseModel]) -> str:
    """`text` in the canonical layout, NFC (as `hncc check` asks: text saved decomposed, as some
    editors on macOS do, is composed); raises CannotFormat when it is not readable YAML."""
    text = unicodedata.normalize("NFC", text)
    try:
        meaning = yamlio.parse(text)
        data = editing.canonical_yaml().load(text)
    except yamlio.YamlSyntaxError as error:
        raise CannotFormat(f"{_at(error.line, error.column)}không đọc được YAML ({error})") from None
    except YAMLError as error:  # what only the round-trip reader refuses: its words are English
        mark = getattr(error, "problem_mark", None)
        where = _at(mark.line + 1, mark.column + 1) if mark is not None else ""
        raise CannotFormat(f"{where}không đọc được YAML; chạy “hncc check” để biết vì sao, "
                           "sửa rồi định dạng lại") from None
    except ValueError:  # the round-trip reader builds dates: 2023-02-31 fails there
        raise CannotFormat(_impossible_day(text)) from None
    _order_keys(data, model)
    result = editing.dump(data)
    if yamlio.parse(result) != meaning:
        raise AssertionError("formatting changed the meaning of the data")
    return result


# A date written alone as a value ("date: 2023-02-30", "- 2023-02-30"), as the round-trip
# reader builds it: group 1 is the date
_PLAIN_DAY = re.compile(r"^[ \t]*(?:- )?(?:[\w.]+:[ \t]+)?(\d{4}-\d{1,2}-\d{1,2})[ \t]*(?:#.*)?$",
                        re.MULTILINE)


def _impossible_day(text: str) -> str:
    """Why the round-trip reader refused `text` for a date: the first one not in the calendar,
    with its line, or where to find out."""
    plain = text.replace("\r\n", "\n")
    for found in _PLAIN_DAY.finditer(plain):
        try:
            dt.date(*map(int, found[1].split("-")))
        except ValueError:
            line = plain.count("\n", 0, found.start(1)) + 1
            column = found.start(1) - plain.rfind("\n", 0, found.start(1))
            return (f"{_at(line, column)}ngày “{found[1]}” không có trong lịch; sửa ngày rồi định "
                    "dạng lại")
    return "có một ngày không có thật; chạy “hncc check” để biết dòng nào, sửa rồi định dạng lại"


def _at(line: int, column: int) -> str:
    """Where in the file, as the start of a reason ("dòng 5, cột 1: "); "" when unknown."""
    return f"dòng {line}, cột {column}: " if line > 0 else ""


def format_file(path: Path, model: type[BaseModel], write: bool) -> Formatted:
    """Format one file (rewriting it atomically when `write` and it changes).

    A file over the loader's size limit is refused before it is read: formatting keeps comments,
    which makes it far slower than loading, and such a file is no plan anyway. So is anything
    that is not a regular file (a folder or a FIFO named like a plan). Raises CannotFormat, and
    atomic.WriteRefused when the file cannot be written.
    """
    with atomic.locked(path.parent):  # read, format and write as one step
        try:
            raw = atomic.read_regular(path, files.MAX_FILE_BYTES)
        except atomic.NotAFile as error:
            raise CannotFormat(str(error)) from None
        except atomic.TooLarge as error:
            raise CannotFormat(files.too_large(error.size) or str(error)) from None
        except OSError as error:
            raise CannotFormat(f"không đọc được tệp ({files.read_reason(error)})") from None
        status = path.stat()
        snapshot = atomic.Snapshot(path, raw, status.st_mtime_ns, status.st_size)
        try:
            text = snapshot.data.decode("utf-8")
        except UnicodeDecodeError:
            _, found = files.decode(snapshot.data)  # the loader's words, with line and column
            line, column, _, message, _ = found[0]
            raise CannotFormat(f"{_at(line, column)}{message}") from None
        result = newlines.like(text, format_text(newlines.to_lf(text), model))  # CRLF stays CRLF
        changed = result != text
        if changed and write:
            atomic.write(path, result.encode("utf-8"), expected=snapshot)
    return Formatted(path, changed)


def key_order(model: type[BaseModel]) -> list[str]:
    """The canonical order of a mapping's keys: the model's fields, by their YAML names."""
    if issubclass(model, Entry):
        return list(ENTRY_ORDER)
    return [field.alias or name for name, field in model.model_fields.items()]


def _order_keys(node: object, model: type[BaseModel] | None) -> None:
    if model is None:
        return
    if isinstance(node, CommentedSeq):
        for item in node:
            _order_keys(item, model)
    elif isinstance(node, CommentedMap):
        order = {key: index for index, key in enumerate(key_order(model))}
        wanted = sorted(node, key=lambda key: order.get(key, len(order)))
        if list(node) != wanted:
            for key in wanted:
                node.move_to_end(key)
        fields = {field.alias or name: field for name, field in model.model_fields.items()}
        for key, value in node.items():
            field = fields.get(key)
            _order_keys(value, _model_in(field.annotation) if field else None)


def _model_in(annotation: object) -> type[BaseModel] | None:
    """The model inside a field's type: Deadline in `Deadline | None`, Target in `list[Target]`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (list, typing.Union, types.UnionType):
        for argument in typing.get_args(annotation):
            found = _model_in(argument)
            if found is not None:
                return found
    return None
