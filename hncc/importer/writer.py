"""A draft as YAML text for review: the data format's layout, each flag a `# KIỂM TRA:` comment.

The text is checked with the loader's own validation before anyone writes it, so a draft that the
model would refuse is reported rather than saved.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from hncc.data import loader, parsing, yamlio
from hncc.data.model import Plan
from hncc.domain.problems import Problem
from hncc.edit import atomic, fmt
from hncc.importer.agencies import proposed_entries
from hncc.importer.draft import Draft, Flag

MARK = "KIỂM TRA"


@dataclass
class RenderedDraft:
    """The YAML text of a draft, how many review points it has, and what validation found;
    `agencies` is the YAML of proposed registry entries ("" when every name is known)."""

    text: str
    flags: int
    problems: list[Problem]
    agencies: str = ""
    tasks: int = 0
    rows: int = 0
    led: int = 0

    @property
    def summary(self) -> str:
        """One line for the user: what was found and how much needs checking."""
        return (f"{self.tasks} nhiệm vụ ({self.led} có cơ quan chủ trì), {self.rows} dòng phụ lục, "
                f"{self.flags} chỗ cần kiểm tra (# {MARK})")


def _commented(value: Any) -> Any:
    if isinstance(value, dict):
        return CommentedMap((key, _commented(item)) for key, item in value.items())
    if isinstance(value, list):
        return CommentedSeq(_commented(item) for item in value)
    return value


def _attach(tree: CommentedMap, path: tuple, message: str) -> bool:
    """Put `message` at the end of the line of `path`; False when the path is not in the tree."""
    parent: Any = tree
    for step in path[:-1]:
        try:
            parent = parent[step]
        except (KeyError, IndexError, TypeError):
            return False
    last = path[-1]
    try:
        value = parent[last]
    except (KeyError, IndexError, TypeError):
        return False
    if isinstance(parent, CommentedSeq) and isinstance(value, CommentedMap):
        parent, last = value, next(iter(value))  # on the item's first line ("- ref: …")
    parent.yaml_add_eol_comment(f"# {MARK}: {message}", last)
    return True


def _annotate(tree: CommentedMap, flags: list[Flag]) -> list[str]:
    """Attach every flag to its line; return the messages that belong to the file as a whole."""
    by_path: dict[tuple, list[str]] = defaultdict(list)
    for flag in flags:
        by_path[flag.path].append(flag.message)
    general = []
    for path, messages in by_path.items():
        text = "; ".join(dict.fromkeys(messages))
        while path and not _attach(tree, path, text):
            path = path[:-1]  # the flagged key was left out of the draft: flag its parent
        if not path:
            general.append(text)
    return general


def render(draft: Draft, source_name: str) -> RenderedDraft:
    """The draft as YAML text with its review comments, validated by the loader."""
    tree = _commented(draft.plan)
    general = _annotate(tree, draft.flags)
    header = [
        f"Bản nháp do “hncc import” tạo từ {source_name}.",
        f"Xem lại {len(draft.flags)} chỗ đánh dấu “# {MARK}: …”, sửa theo nguồn nếu cần, rồi xóa "
        "các chú thích đó.",
        *(f"{MARK}: {message}" for message in general),
    ]
    tree.yaml_set_start_comment("\n".join(header))
    yaml = YAML()
    # one date for the plan and its decision is written twice, not as "&id001" and "*id001"
    yaml.representer.ignore_aliases = lambda _data: True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    stream = io.StringIO()
    yaml.dump(tree, stream)
    text = _canonical(stream.getvalue())
    entries = proposed_entries(draft.unknown_agencies)
    agencies = ""
    if entries:
        stream = io.StringIO()
        yaml.dump({"agencies": entries}, stream)
        agencies = stream.getvalue()
        text += (f"\n# {MARK}: {len(entries)} cơ quan chưa có trong danh mục. Đề xuất thêm vào "
                 "data/agencies.yaml (kiểm tra id và kind):\n"
                 + "".join(f"#   {line}\n" for line in agencies.splitlines()[1:]))
    return RenderedDraft(text, len(draft.flags), validate(text, Path(draft.file_name)), agencies,
                         *counts(draft.plan))


def _canonical(text: str) -> str:
    """The draft in `hncc fmt`'s layout (its keys in the model's order), so that the file a
    reviewer commits is not reformatted by the next `hncc fmt`; as it is when fmt cannot read it
    (validation then says why)."""
    try:
        return fmt.format_text(text, Plan)
    except fmt.CannotFormat:
        return text


def counts(plan: dict) -> tuple[int, int, int]:
    """(tasks, appendix rows, tasks with a lead) of a draft: tasks are the entries that are not
    groups, in content, duties and the appendix; the rows are counted again on their own."""
    rows = [row for row in plan.get("appendix", {}).get("rows", []) if row.get("kind") != "group"]
    tasks = [entry for key in ("content", "duties") for entry in plan.get(key, [])
             if entry.get("kind") != "group"] + rows
    return len(tasks), len(rows), sum(1 for entry in tasks if entry.get("lead"))


def validate(text: str, path: Path) -> list[Problem]:
    """What the loader finds wrong with a plan file's text (nothing is read from disk)."""
    source = loader.SourceFile(path, text)
    try:
        data = yamlio.parse(text)
    except yamlio.YamlSyntaxError as error:
        return [source.at(error.line, error.column, error.code, error.message)]
    _, problems = parsing.validate(source, data, Plan)
    return problems


def write(path: Path, text: str, force: bool) -> None:
    """Write the draft atomically; raise FileExistsError when `path` exists and not `force`,
    atomic.WriteRefused when it cannot be written."""
    with atomic.locked(path.parent):
        if path.exists() and not force:
            raise FileExistsError(path)
        atomic.write(path, text.encode("utf-8"))
