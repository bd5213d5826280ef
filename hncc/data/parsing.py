"""Reading one data file: bytes to text, text to YAML data, data to a validated model.

This is where Pydantic and the YAML parser come in; the loader imports this module only for the
files the cache cannot answer for, so a warm run never pays for them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from hncc.data import cache, messages, yamlio
from hncc.data.dataset import SourceFile
from hncc.data.files import decode, too_large
from hncc.data.model import Agency as ModelAgency
from hncc.data.model import AgencyFile, Plan, SuccessionRecord
from hncc.domain.agencies import Agency, RegistryRecords, succession_from_model
from hncc.domain.problems import Problem


def read_yaml(path: Path, raw: bytes | None = None) -> tuple[SourceFile, Any, list[Problem]]:
    """Read and parse one YAML file; the data is None when it cannot be used.

    `raw` gives the file's bytes when they are not (or not yet) on disk: an edit about to be
    written, a file of an older git revision.
    """
    source = SourceFile(path)
    if raw is None:
        reason = too_large(path.stat().st_size)
        if reason:
            return source, None, [source.at(1, 1, "file-too-large", reason)]
        raw = path.read_bytes()
    text, encoding = decode(raw)
    problems = [source.at(line, column, code, message, sev)
                for line, column, code, message, sev in encoding]
    if text is None:
        return source, None, problems
    source.text = text
    try:
        data = yamlio.parse(text)
    except yamlio.YamlSyntaxError as error:
        return source, None, [*problems, source.at(error.line, error.column, error.code, error.message)]
    if data is None:
        problems.append(source.at(1, 1, "empty-file", "Tệp trống: không có dữ liệu. Điền nội dung "
                                  "theo docs/data-format.md hoặc xóa tệp."))
    elif not isinstance(data, dict):
        problems.append(source.at(1, 1, "wrong-type", "Tệp cần bắt đầu bằng các dòng “khóa: giá trị” "
                                  "(một nhóm), không phải một danh sách hay một giá trị đơn."))
        data = None
    return source, data, problems


def validate(source: SourceFile, data: dict, model: type[BaseModel]) -> tuple[Any, list[Problem]]:
    """Validate parsed data against `model`; problems point at the offending YAML node."""
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        problems = []
        for detail in error.errors(include_url=False):
            code, message = messages.translate(detail, model)
            problems.append(source.problem(tuple(detail["loc"]), code, message))
        return None, problems


def read_registry(path: Path, raw: bytes) -> tuple[SourceFile, RegistryRecords, list[Problem]]:
    """The agencies and successions of agencies.yaml (as plain records) and the problems of
    that file alone."""
    source, data, problems = read_yaml(path, raw)
    registry_file = None
    if data is not None:
        registry_file, found = validate(source, data, AgencyFile)
        problems += found
        if registry_file is None:
            registry_file = _valid_records(data)
    if registry_file is None:
        return source, RegistryRecords([], []), problems
    return source, RegistryRecords([Agency.from_model(a) for a in registry_file.agencies],
                                   [succession_from_model(s) for s in registry_file.successions]
                                   ), problems


def _valid_records(data: dict) -> AgencyFile | None:
    """The agencies and successions of a registry that did not validate whole, each kept if it
    validates alone (its problems are those of the whole file, already reported): one mistyped
    field of one agency must not leave every plan's every agency unknown. None when the file's
    shape itself is wrong (no list of agencies)."""
    agencies, successions = data.get("agencies"), data.get("successions", [])
    if not isinstance(agencies, list) or not isinstance(successions, list):
        return None

    def valid(model: type[BaseModel], records: list) -> list:
        found = []
        for record in records:
            try:
                found.append(model.model_validate(record))
            except ValidationError:
                continue  # reported with its line by the whole file's validation
        return found

    return AgencyFile.model_construct(agencies=valid(ModelAgency, agencies),
                                      successions=valid(SuccessionRecord, successions))


def read_plan(path: Path, raw: bytes) -> tuple[SourceFile, cache.Cached]:
    """The file's source (with its decoded text) and what validating it produced."""
    source, data, problems = read_yaml(path, raw)
    plan = None
    if data is not None:
        plan, found = validate(source, data, Plan)
        problems += found
    return source, cache.Cached(plan, problems)
