"""Reading one data file: bytes to text, text to YAML data, data to a validated model.

This is where Pydantic and the YAML parser come in; the loader imports this module only for the
files the cache cannot answer for, so a warm run never pays for them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from hncc.data import cache, loader, messages, yamlio
from hncc.data.loader import SourceFile
from hncc.data.model import AgencyFile, Plan
from hncc.domain.agencies import Agency, RegistryRecords, succession_from_model
from hncc.domain.problems import Problem, Severity
from hncc.domain.text import first_non_nfc_line, nfc


def decode(raw: bytes) -> tuple[str | None, list[tuple[int, str, str, Severity]]]:
    """Text of a file and the (line, code, message, severity) problems of its encoding."""
    found: list[tuple[int, str, str, Severity]] = []
    if b"\x00" in raw:
        return None, [(1, "not-text", "Tệp nhị phân (có byte NUL), không phải văn bản YAML. "
                       "Xóa tệp hoặc chuyển ra khỏi thư mục dữ liệu.", Severity.ERROR)]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        found.append((1, "bom", "Tệp bắt đầu bằng dấu BOM; hncc đọc được nhưng nên lưu lại "
                      "dạng UTF-8 không BOM.", Severity.WARNING))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [(line, "not-text", "Tệp không phải văn bản UTF-8 (byte không hợp lệ ở "
                       f"vị trí {error.start}). Lưu lại tệp với mã hóa UTF-8.", Severity.ERROR)]
    bad_line = first_non_nfc_line(text)
    if bad_line is not None:
        found.append((bad_line, "not-nfc", "Văn bản không ở dạng Unicode NFC (chữ có dấu bị tách "
                      "thành chữ gốc và dấu, thường do soạn trên macOS); hncc chuẩn hóa khi đọc. "
                      "Lưu lại tệp ở dạng NFC.", Severity.WARNING))
        text = nfc(text)
    return text, found


def read_yaml(path: Path, raw: bytes | None = None) -> tuple[SourceFile, Any, list[Problem]]:
    """Read and parse one YAML file; the data is None when it cannot be used.

    `raw` gives the file's bytes when they are not (or not yet) on disk: an edit about to be
    written, a file of an older git revision.
    """
    source = SourceFile(path)
    if raw is None:
        too_large = loader.too_large(path, path.stat().st_size)
        if too_large:
            return source, None, [too_large]
        raw = path.read_bytes()
    text, encoding = decode(raw)
    problems = [source.at(line, 1, code, message, sev) for line, code, message, sev in encoding]
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
        return source, RegistryRecords([], []), problems
    return source, RegistryRecords([Agency.from_model(a) for a in registry_file.agencies],
                                   [succession_from_model(s) for s in registry_file.successions]
                                   ), problems


def read_plan(path: Path, raw: bytes) -> tuple[SourceFile, cache.Cached]:
    """The file's source (with its decoded text) and what validating it produced."""
    source, data, problems = read_yaml(path, raw)
    plan = None
    if data is not None:
        plan, found = validate(source, data, Plan)
        problems += found
    return source, cache.Cached(plan, problems)
