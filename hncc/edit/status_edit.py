"""Edits to hand-written plan files that keep everything else byte for byte.

`record_status` appends one status update to an entry. It splices the new lines into the text at
the end of the entry (or of its `status:` list), so the git diff is those lines and nothing else;
it then checks that the new text means the old data plus the update, validates it like `hncc
check` would, and writes it atomically. Only the edited file and the registry are read in full,
so an edit in a repository of thousands of plans stays fast.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode
from ruamel.yaml.scalarstring import LiteralScalarString

from hncc.data import loader, messages, parsing, yamlio
from hncc.data.dataset import PlanFile
from hncc.data.dataset import find_entry as entry_named
from hncc.data.files import AGENCIES_FILE, PLANS_DIR, is_plan_name, plan_files, too_large
from hncc.data.model import Deadline, Entry, Plan, StatusEntry
from hncc.domain.dates import today_in_vietnam
from hncc.domain.problems import Problem, Severity
from hncc.domain.refs import RefError, find_plan, short_number, split_entry
from hncc.domain.status import STATUS_WORDS, before_plan, status_from_words
from hncc.domain.text import nfc
from hncc.edit import atomic, newlines

INDENT = 2  # spaces per level; sequences sit under their key as "  - "


def canonical_yaml() -> YAML:
    """The round-trip YAML reader and writer with hncc's canonical layout."""
    yaml = YAML(typ="rt")
    yaml.indent(mapping=INDENT, sequence=2 * INDENT, offset=INDENT)
    yaml.width = 1_000_000  # one paragraph, one line: never fold long Vietnamese text
    yaml.preserve_quotes = True
    return yaml


def dump(data: Any) -> str:
    stream = io.StringIO()
    canonical_yaml().dump(data, stream)
    return stream.getvalue()


class EditRefused(Exception):
    """An edit hncc will not make; the message (Vietnamese) says why and how to fix it."""


class UpdateRefused(EditRefused):
    """One update among those `appended` adds is refused: which one (its index) and why, in
    `reasons` without the file's line numbers (a form names its row instead)."""

    def __init__(self, message: str, index: int, reasons: list[str]) -> None:
        super().__init__(message)
        self.index = index
        self.reasons = reasons


@dataclass(frozen=True)
class StatusEdit:
    """What `record_status` wrote: the file, the entry and the lines added (1-based first line)."""

    path: Path
    plan_key: str
    ref: str
    update: StatusEntry
    first_line: int
    added: str


def status_code(text: str) -> str:
    """The status code for what a user typed: "done", "in progress", "đã hoàn thành", "hủy"…"""
    code = status_from_words(text)
    if code is None:
        choices = ", ".join(f"{code} ({word})" for code, word in STATUS_WORDS.items())
        raise EditRefused(f"Không hiểu trạng thái “{text}”; chọn một trong: {choices}.")
    return code


def typed_text(value: str | None) -> str | None:
    """What a person typed for a note, evidence, link or reason: in NFC (a macOS terminal, a
    text copied from some PDF or web page give Vietnamese decomposed, NFD, which the data refuses)
    and without white space at either end; None when nothing but white space was typed, so that a
    reason of spaces is no reason."""
    if value is None:
        return None
    return nfc(value).strip() or None


def status_update(**fields: Any) -> StatusEntry:
    """A validated status update from its fields (None values left out; text as `typed_text`)."""
    given = {name: typed_text(value) if isinstance(value, str) else value
             for name, value in fields.items()}
    given = {name: value for name, value in given.items() if value is not None}
    try:
        return StatusEntry.model_validate(given)
    except ValidationError as error:
        reasons = [messages.translate(detail, StatusEntry)[1]
                   for detail in error.errors(include_url=False)]
        raise EditRefused(" ".join(reasons)) from None


def record_status(data_dir: Path, ref_text: str, update: StatusEntry,
                  today: dt.date | None = None) -> StatusEdit:
    """Append `update` to the status history of the entry `ref_text` names, in its file.

    Raises EditRefused (bad reference, wrong year, a date after `today` (by default the real
    date in Vietnam), the same update twice, an edit that would make the data invalid) and
    atomic.WriteRefused (the file changed on disk meanwhile, another hncc is writing, the disk
    refused); the file is then untouched.
    """
    now = today or today_in_vietnam()  # the real clock: only what has happened is recorded
    if update.date > now:
        raise EditRefused(f"Ngày cập nhật {update.date:%d/%m/%Y} ở sau hôm nay ({now:%d/%m/%Y}): "
                          "chỉ ghi điều đã xảy ra. Sửa --date.")
    if not (data_dir / PLANS_DIR).is_dir():
        find_entry(data_dir, ref_text)  # no plan at all: says so (EditRefused)
    with atomic.locked(data_dir / PLANS_DIR), _collector_off():  # read, check, write: one step
        snapshot, plan_file, entry = find_entry(data_dir, ref_text)
        early = before_plan(update.date, plan_file.plan.number, plan_file.plan.date)
        if early is not None and not update.note:
            raise EditRefused(f"Cập nhật {early}. Nếu việc đã làm trước khi có kế hoạch, ghi lại "
                              "kèm --note nói rõ điều đó.")
        new_text, edits = appended(data_dir, snapshot, plan_file.plan, [(entry, update)])
        atomic.write(snapshot.path, new_text.encode("utf-8"), expected=snapshot)
    return edits[0]


def appended(data_dir: Path, snapshot: atomic.Snapshot, plan: Plan,
             updates: list[tuple[Entry, StatusEntry]]) -> tuple[str, list[StatusEdit]]:
    """The text of the plan file `snapshot` with every update appended, in order; nothing written.

    Each update is checked as `record_status` checks one (its year, not recorded already, an
    append that only adds) and the result is validated once. Raises EditRefused. A StatusEdit's
    first line is where its lines were added, before later updates moved them. The caller holds
    the lock (atomic.locked) from reading `snapshot` to writing the result.
    """
    text = snapshot.data.decode("utf-8")
    edits = []
    spans: list[list[int]] = []  # [first line, lines] of each update's lines in `text`, 0-based
    for index, (entry, update) in enumerate(updates):
        try:
            _check_not_a_group(plan, entry)
            _check_year(plan, entry, update)
            _check_not_recorded(entry, update)
        except EditRefused as error:
            raise UpdateRefused(str(error), index, [str(error)]) from None
        path = plan.yaml_path(entry)
        new_text, start, added = append_status_text(text, path, update)
        new_text = newlines.like(text, new_text)  # a CRLF file (Windows) stays CRLF
        _check_meaning(text, new_text, path, update, (start, added))
        text = new_text
        edits.append(StatusEdit(snapshot.path, plan.key, entry.ref, update, start + 1, added))
        count = added.count("\n")
        for span in spans:
            span[0] += count if span[0] >= start else 0
        spans.append([start, count])
    _check_valid(data_dir, snapshot, text, spans)
    return text, edits


@contextlib.contextmanager
def _collector_off() -> Iterator[None]:
    """No cyclic garbage collection during an edit: parsing a large plan builds hundreds of
    thousands of objects that all stay alive, and the collector would scan them again and again
    (the parse of a plan of 10,000 entries takes twice as long with it)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def find_entry(data_dir: Path, ref_text: str) -> tuple[atomic.Snapshot, PlanFile, Entry]:
    """The file (as read), plan and entry that `PLAN:REF` names.

    Only files whose `number:` line could be the plan's are parsed; when none of them is the
    plan, every file is, so that the message lists every plan.
    """
    paths = _plan_paths(data_dir)
    if ":" not in ref_text and ref_text.strip():  # "PL.I.2", as a table's "Mục" column shows it
        return _find_bare(ref_text.strip(), paths)
    plan_text = ref_text.rpartition(":")[0]
    wanted = short_number(plan_text.partition("@")[0])
    likely = [path for path in paths if _maybe_plan(path, wanted)]
    snapshots, plans, broken = _read_plans(likely)
    if len(likely) < len(paths) and not _names_a_plan(plan_text, plans):
        snapshots, plans, broken = _read_plans(paths)
    try:
        plan_file, entry = entry_named(_ref_as_written(ref_text, plans), plans)
    except RefError as error:
        # the plan may be in a file that does not validate: say so, not only "no such plan"
        suspects = [path.name for path in broken if _maybe_plan(path, wanted)]
        hint = (f" Tệp {', '.join(suspects)} có lỗi nên hncc không đọc được (có thể kế hoạch ở "
                "đó): chạy “hncc check”, sửa lỗi rồi ghi lại.") if suspects else ""
        raise EditRefused(f"{error}{hint}") from None
    return snapshots[plan_file.path], plan_file, entry


def _find_bare(ref: str, paths: list[Path]) -> tuple[atomic.Snapshot, PlanFile, Entry]:
    """The entry `ref` of the one plan that has it (as `hncc show` reads a bare ref); else
    EditRefused naming the plans that have it, or saying none does."""
    snapshots, plans, _ = _read_plans(paths)
    found = [(plan_file, plan_file.plan.by_ref[written]) for plan_file in plans
             for written in [_ref_in(plan_file.plan, ref)] if written is not None]
    if len(found) == 1:
        plan_file, entry = found[0]
        return snapshots[plan_file.path], plan_file, entry
    if not found:
        raise EditRefused(f"Không kế hoạch nào có mục “{ref}”; ghi dạng KẾ_HOẠCH:MÃ_MỤC, ví dụ "
                          "“102/KH-UBND@2022:III.1.2.a”.")
    named = [f"{plan_file.key}:{entry.ref}" for plan_file, entry in found]
    raise EditRefused(f"Mục “{ref}” có ở {len(found)} kế hoạch ({', '.join(named)}); ghi kèm kế "
                      f"hoạch, ví dụ “{named[0]}”.")


def _ref_in(plan: Plan, ref: str) -> str | None:
    """`ref` as `plan` writes it: itself, or the one ref that differs from it only in case."""
    if ref in plan.by_ref:
        return ref
    alike = [written for written in plan.by_ref if written.casefold() == ref.casefold()]
    return alike[0] if len(alike) == 1 else None


def _ref_as_written(ref_text: str, plans: list[PlanFile]) -> str:
    """`PLAN:REF` with the ref as the plan writes it when it was typed in another case ("pl.i.2"
    without Shift) and one ref of the plan differs from it only so, as `hncc show` reads it."""
    try:
        plan_text, ref = split_entry(ref_text)
        plan = find_plan(plan_text, plans).plan
    except RefError:
        return ref_text  # entry_named says what is wrong
    written = _ref_in(plan, ref)
    return ref_text if written in (None, ref) else f"{plan_text}:{written}"


def _read_plans(paths: list[Path]) -> tuple[dict[Path, atomic.Snapshot], list[PlanFile],
                                            list[Path]]:
    """Each file as read, the plans among them that are valid, and the files that are not."""
    snapshots = {path: atomic.Snapshot.read(path) for path in paths}
    plans, broken = [], []
    for path, snapshot in snapshots.items():
        source, data, _ = parsing.read_yaml(path, snapshot.data)
        plan = parsing.validate(source, data, Plan)[0] if data is not None else None
        if plan is not None:
            plans.append(PlanFile.from_plan(source, plan))
        else:
            broken.append(path)
    return snapshots, plans, broken


def _names_a_plan(plan_text: str, plans: list[PlanFile]) -> bool:
    try:
        find_plan(plan_text, plans)
    except RefError:
        return False
    return True


def _plan_paths(data_dir: Path) -> list[Path]:
    """The plan files an edit may be in: not one over the size limit (`hncc check` says so)."""
    return [path for path in plan_files(data_dir)
            if is_plan_name(path) and not too_large(path.stat().st_size)]


_NUMBER_LINE = re.compile(rb"^number:[ \t]*['\"]?([^'\"\r\n#]*)", re.MULTILINE)


def _maybe_plan(path: Path, wanted: str) -> bool:
    """False only when the file's top-level `number:` line names another plan."""
    found = _NUMBER_LINE.search(path.read_bytes())
    if found is None:
        return True
    return short_number(found.group(1).decode("utf-8", "replace")) == wanted


def _check_not_a_group(plan: Plan, entry: Entry) -> None:
    """A heading's status would count for no work item (`hncc check` warns of one by hand)."""
    if not entry.is_group:
        return
    inside = [e.ref for e in plan.entries()
              if e.ref.startswith((f"{entry.ref}.", f"{entry.ref}-")) and not e.is_group]
    listed = f" ({', '.join(inside[:5])}{', …' if len(inside) > 5 else ''})" if inside else ""
    raise EditRefused(f"Mục {entry.ref} là đề mục (nhóm các mục), không phải một nhiệm vụ: trạng "
                      "thái ghi ở đó không được tính cho công việc nào. Ghi trạng thái cho từng "
                      f"mục trong nhóm{listed}.")


def _check_year(plan: Plan, entry: Entry, update: StatusEntry) -> None:
    deadline = plan.deadline_of(entry)  # a part of a work item keeps its appendix row's deadline
    if update.year is None:
        if deadline is not None and deadline.recurring:
            listed = ", ".join(map(str, deadline.occurrence_years(plan.years)))
            # within the year: the month names the period too (of any year: a period's report
            # due the month after it falls due in other months in the plan's first year)
            months = ", ".join(map(str, deadline.due_months(plan.years)))
            month = f" và --month (tháng đến hạn của kỳ: {months})" if deadline.every_months else ""
            raise EditRefused(f"Mục {entry.ref} lặp lại theo kỳ ({deadline.text}): ghi --year "
                              f"({listed}){month} để nói trạng thái thuộc kỳ nào.")
        return
    if deadline is None or not deadline.recurring:
        raise EditRefused(f"Mục {entry.ref} không lặp lại hàng năm nên không dùng --year.")
    years = deadline.occurrence_years(plan.years)
    if update.year not in years:
        raise EditRefused(f"Năm {update.year} không phải một kỳ của mục {entry.ref} "
                          f"({', '.join(map(str, years)) or 'không có kỳ nào'}).")
    _check_month(entry, deadline, update, plan.years)


def _check_month(entry: Entry, deadline: Deadline, update: StatusEntry,
                 horizon: tuple[int, int]) -> None:
    """A deadline recurring within the year has an occurrence a month (a quarter…): an update
    names it by the month it falls due; a yearly deadline has none."""
    every = deadline.every_months
    if every is None:
        if update.month is not None:
            raise EditRefused(f"Mục {entry.ref} không lặp lại trong năm ({deadline.text}) nên "
                              "không dùng --month.")
        return
    due = deadline.due_months(horizon, update.year)
    months = ", ".join(map(str, due))
    if update.month is None:
        raise EditRefused(f"Mục {entry.ref} lặp lại trong năm ({deadline.text}): ghi thêm "
                          f"--month (tháng đến hạn của kỳ: {months}) để nói cập nhật thuộc kỳ nào.")
    if update.month not in due:
        raise EditRefused(f"Tháng {update.month} không phải một kỳ của mục {entry.ref} "
                          f"({deadline.text}): các kỳ đến hạn vào tháng {months}.")


def _check_not_recorded(entry: Entry, update: StatusEntry) -> None:
    """The same update (date, status, year and words) twice is a slip, not history."""
    wanted = update.model_dump(exclude_none=True)
    for index, recorded in enumerate(entry.status, start=1):
        if recorded.model_dump(exclude_none=True) == wanted:
            raise EditRefused(f"Mục {entry.ref} đã có đúng cập nhật này (cập nhật thứ {index}, "
                              f"ngày {update.date:%d/%m/%Y}); không ghi lặp lại.")


def append_status_text(text: str, path: tuple, update: StatusEntry) -> tuple[str, int, str]:
    """`text` with `update` spliced in at the end of the entry at `path`.

    Returns the new text, the 0-based index of the first added line, and the added lines. They
    go after the last line of the entry's own content (or of its `status:` list), so comments and
    blank lines that follow it, often the heading of the next entry, stay where they are.
    """
    entry = _node_at(yamlio.compose(text), path)
    if entry.flow_style:  # "- {ref: …, …}": no line of its own to add the history under
        ref = next((value.value for key, value in entry.value if key.value == "ref"), "")
        raise EditRefused(f"Mục {ref} được viết trên một dòng ({{…}}); viết lại mục ở dạng khối "
                          "(mỗi khóa một dòng, như “ref: …” rồi “title: …” thẳng cột bên dưới), "
                          "rồi chạy lại lệnh.")
    status = next((value for key, value in entry.value if key.value == "status"), None)
    if status is not None and status.flow_style:
        raise EditRefused("“status” được viết trên một dòng ([…]); viết lại dạng khối (mỗi cập "
                          "nhật một dòng “- …”), hoặc xóa dòng “status: []”, rồi chạy lại lệnh.")
    lines = text.splitlines(keepends=True)
    if status is None:
        start = _end_line(lines, entry)
        column = _key_column(entry)
        added = [" " * column + "status:\n", *_item_lines(update, column + INDENT)]
    else:
        start = _end_line(lines, status)
        added = _item_lines(update, _dash_column(lines, status.value[0]))
    if start > 0 and not lines[start - 1].endswith("\n"):
        lines[start - 1] += "\n"  # the file ended without a line break
    lines[start:start] = added
    return "".join(lines), start, "".join(added)


def _node_at(node: Node, path: tuple) -> MappingNode:
    for step in path:
        if isinstance(node, MappingNode):
            node = next(value for key, value in node.value if key.value == step)
        else:
            node = node.value[step]
    assert isinstance(node, MappingNode)  # an entry is a mapping
    return node


def _key_column(mapping: MappingNode) -> int:
    return mapping.value[0][0].start_mark.column


def _dash_column(lines: list[str], item: Node) -> int:
    """The column of the "-" that starts a block sequence item."""
    line = lines[item.start_mark.line]
    return line.rindex("-", 0, item.start_mark.column)


def _content_end(node: Node) -> Any:
    """Where the last character of `node`'s own content ends (trailing comments excluded)."""
    if isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        return _content_end(last[1] if isinstance(node, MappingNode) else last)
    return node.end_mark


def _end_line(lines: list[str], node: Node) -> int:
    """The 0-based index of the line after `node`'s content (before trailing blank lines)."""
    mark = _content_end(node)
    after = mark.line + 1 if mark.column > 0 else mark.line
    while after > 0 and not lines[after - 1].strip():
        after -= 1
    return after


def _item_lines(update: StatusEntry, dash: int) -> list[str]:
    """The YAML lines of one status item, its "-" at column `dash`."""
    fields = update.model_dump(exclude_none=True, exclude_defaults=True)
    body = dump(CommentedMap({key: _block(value) for key, value in fields.items()})).splitlines(
        keepends=True)
    return [" " * dash + "- " + body[0]] + [" " * (dash + 2) + line for line in body[1:]]


def _block(value: Any) -> Any:
    """A text of several lines (a department's list of results) as a literal block, one line of
    the file a line of the text, so that the file and its git diff read as the text does, not
    as "Dòng 1\\nDòng 2" on one line."""
    if isinstance(value, str) and "\n" in value and not _UNBLOCKABLE.search(value):
        return LiteralScalarString(value)
    return value


# What a literal block cannot hold as itself: control characters other than tab and line feed
# (U+0085, "…" of Windows-1252 read as Latin-1, is a line break there), line and paragraph
# separators; such a text stays a quoted string with escapes.
_UNBLOCKABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _check_meaning(old: str, new: str, path: tuple, update: StatusEntry,
                   insertion: tuple[int, str]) -> None:
    """The new text is the old data plus the update, and the diff only adds (a guard for bugs).

    `insertion` is (0-based line, lines added): the new lines must be the old ones with exactly
    those inserted there, which is checked in one pass (a diff algorithm is quadratic on the
    long files it would matter for).
    """
    expected = yamlio.parse(old)
    entry = expected
    for step in path:
        entry = entry[step]
    entry.setdefault("status", []).append(yamlio.parse(dump(CommentedMap(
        update.model_dump(exclude_none=True, exclude_defaults=True)))))
    if yamlio.parse(new) != expected:
        raise AssertionError("status edit changed data besides the appended update")
    start, added = insertion
    old_lines = old.splitlines()
    if new.splitlines() != old_lines[:start] + added.splitlines() + old_lines[start:]:
        raise AssertionError("status edit changed existing lines")


def _check_valid(data_dir: Path, snapshot: atomic.Snapshot, new_text: str,
                 spans: list[list[int]]) -> None:
    """Refuse an edit that brings a problem (error or warning) the file did not have before;
    UpdateRefused names the update whose lines (`spans`: first line and count, 0-based) the
    first new problem is on."""
    agencies = data_dir / AGENCIES_FILE
    base = {agencies: agencies.read_bytes()} if agencies.is_file() else {}
    after = loader.load(data_dir, {**base, snapshot.path: new_text.encode("utf-8")}).problems
    worth = [p for p in after if p.severity >= Severity.WARNING]
    if not worth:
        return  # the usual case: the file as it was need not be checked at all
    before = _problem_keys(loader.load(data_dir, {**base, snapshot.path: snapshot.data}).problems)
    new = [p for p in worth if _problem_key(p) not in before]
    if new:
        reasons = "; ".join(f"dòng {p.line}: {p.message.rstrip('.')}" for p in new)
        message = (f"Không ghi: sau khi sửa, tệp {snapshot.path.name} sẽ có lỗi ({reasons}). Tệp "
                   "không bị thay đổi.")
        mine = [p for p in new if p.file == snapshot.path]
        owner = next((index for index, (first, count) in enumerate(spans)
                      if mine and first < mine[0].line <= first + count), None)
        if owner is None:
            raise EditRefused(message)
        first, count = spans[owner]
        raise UpdateRefused(message, owner, [p.message.rstrip(".") for p in mine
                                             if first < p.line <= first + count])


def _problem_key(problem: Problem) -> tuple[Path, str, str]:
    return problem.file, problem.code, problem.message


def _problem_keys(problems: list[Problem]) -> set[tuple[Path, str, str]]:
    return {_problem_key(p) for p in problems}

