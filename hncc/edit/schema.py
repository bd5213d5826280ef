"""JSON Schema of the data files, generated from the model, for editors that validate as you type.

VS Code's YAML extension reads the first line of each data file
(`# yaml-language-server: $schema=../../schema/plan.schema.json`) and then flags unknown keys,
wrong types and values outside a list, and completes keys.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from pydantic import BaseModel

from hncc.data.model import AgencyFile, Plan
from hncc.edit import atomic

SCHEMA_DIR = "schema"
SCHEMAS: dict[str, type[BaseModel]] = {
    "plan.schema.json": Plan,
    "agencies.schema.json": AgencyFile,
}
# Models that also accept a bare phrase (model_validator mode="before"): "deadline: Quý II/2022".
PHRASE_FORMS = {
    "Deadline": "Cụm từ thời hạn như nguồn ghi, ví dụ “Quý II/2022”, “Hàng năm”.",
    "Budget": "Ô kinh phí như nguồn ghi, ví dụ “2 tỷ/năm”, “6 tỷ”, “-” (không có), “” (không ghi).",
}
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_of(model: type[BaseModel]) -> dict:
    """The JSON Schema of `model`, with the phrase shorthand allowed where the model accepts it."""
    schema = model.model_json_schema()
    for definition in [schema, *schema.get("$defs", {}).values()]:
        definition.pop("description", None)  # docstrings are for programmers, in English
    for name, description in PHRASE_FORMS.items():
        mapping = schema.get("$defs", {}).get(name)
        if mapping is not None:
            schema["$defs"][name] = {
                "title": mapping.get("title", name),
                "anyOf": [{"type": "string", "description": description}, mapping],
            }
    return {"$schema": DIALECT, **schema}


def render(model: type[BaseModel]) -> str:
    return json.dumps(schema_of(model), ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder` (atomically); return the paths written.

    Raises atomic.WriteRefused when the system refuses; folders made for it are then removed.
    """
    created = _missing_folders(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise atomic.CannotWrite.from_error(folder, error) from None
    written = []
    try:
        with atomic.locked(folder):
            for name, model in SCHEMAS.items():
                path = folder / name
                atomic.write(path, render(model).encode("utf-8"))
                written.append(path)
    except atomic.WriteRefused:
        if not written:  # leave no empty folder behind
            for made in created:
                with contextlib.suppress(OSError):
                    made.rmdir()
        raise
    return written


def _missing_folders(folder: Path) -> list[Path]:
    """`folder` and those of its parents that do not exist yet, innermost first."""
    missing = []
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            break
        missing.append(candidate)
    return missing
