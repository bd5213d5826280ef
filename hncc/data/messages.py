"""Vietnamese messages for Pydantic validation errors, each with a stable problem code."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from hncc.domain.status import STATUS_WORDS, status_from_words
from hncc.domain.text import fold

# Pydantic error types -> (problem code, message template). {field} is the last key on the path,
# {input} the value as written, {expected} Pydantic's list of allowed values.
_BY_TYPE: dict[str, tuple[str, str]] = {
    "missing": ("missing-field", "Thiếu trường bắt buộc “{field}”."),
    "extra_forbidden": ("unknown-field", "Trường “{field}” không có trong định dạng của hncc."),
    "string_type": ("wrong-type", "“{field}” cần một chuỗi văn bản, nhưng giá trị là {kind}."),
    "int_type": ("wrong-type", "“{field}” cần một số nguyên, nhưng giá trị là {kind}."),
    "int_parsing": ("wrong-type", "“{field}” cần một số nguyên, nhưng giá trị là “{input}”."),
    "int_from_float": ("wrong-type", "“{field}” cần một số nguyên, nhưng giá trị là “{input}”."),
    "bool_type": ("wrong-type", "“{field}” cần true hoặc false, nhưng giá trị là “{input}”."),
    "bool_parsing": ("wrong-type", "“{field}” cần true hoặc false, nhưng giá trị là “{input}”."),
    "list_type": ("wrong-type", "“{field}” cần một danh sách (mỗi phần tử một dòng “- …”)."),
    "dict_type": ("wrong-type", "“{field}” cần một nhóm “khóa: giá trị”, nhưng giá trị là {kind}."),
    "model_type": ("wrong-type", "“{field}” cần một nhóm “khóa: giá trị”, nhưng giá trị là {kind}."),
    "model_attributes_type": (
        "wrong-type", "“{field}” cần một nhóm “khóa: giá trị”, nhưng giá trị là {kind}."),
    "decimal_type": ("wrong-type", "“{field}” cần một số thập phân viết trong dấu nháy."),
    "decimal_parsing": ("wrong-type", "“{field}”: “{input}” không phải một số."),
    "string_pattern_mismatch": (
        "invalid-value",
        "“{input}” không đúng dạng mã: chỉ dùng chữ thường không dấu, chữ số và dấu “-”."),
    "string_too_short": ("invalid-value", "“{field}” không được để trống."),
    "too_short": ("invalid-value", "“{field}” không được để trống."),
    "greater_than_equal": ("invalid-value", "“{field}” phải từ {ge} trở lên, nhưng là {input}."),
    "less_than_equal": ("invalid-value", "“{field}” phải không quá {le}, nhưng là {input}."),
    "date_type": ("invalid-date", "“{field}” cần một ngày dạng YYYY-MM-DD, nhưng giá trị là {kind}."),
}
_DATE_TYPES = {"date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"}
_KINDS = {
    str: "một chuỗi văn bản", int: "một số nguyên", float: "một số thực", bool: "true/false",
    list: "một danh sách", dict: "một nhóm khóa: giá trị", type(None): "trống",
}


def _kind(value: Any) -> str:
    return _KINDS.get(type(value), type(value).__name__)


def _field_names(model: type[BaseModel], seen: set | None = None) -> set[str]:
    """Every YAML key that `model` and the models inside it accept."""
    seen = seen if seen is not None else set()
    if model in seen:
        return set()
    seen.add(model)
    names: set[str] = set()
    for name, info in model.model_fields.items():
        names.add(info.alias or name)
        for arg in _nested_models(info.annotation):
            names |= _field_names(arg, seen)
    return names


def _nested_models(annotation: Any) -> list[type[BaseModel]]:
    found = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.append(annotation)
    for arg in getattr(annotation, "__args__", ()) or ():
        found.extend(_nested_models(arg))
    return found


def translate(error: Mapping[str, Any], model: type[BaseModel]) -> tuple[str, str]:
    """(problem code, Vietnamese message with a hint) for one Pydantic error."""
    kind = error["type"]
    loc = error.get("loc", ())
    field = next((str(step) for step in reversed(loc) if isinstance(step, str)), "giá trị")
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind in _DATE_TYPES:
        return "invalid-date", _not_a_date(field, value)
    if kind == "literal_error":
        return "invalid-value", _not_a_choice(field, value, str(ctx.get("expected", "")))
    if kind in _BY_TYPE:
        code, template = _BY_TYPE[kind]
        shown = value if isinstance(value, (str, int, float, bool)) else _kind(value)
        message = template.format(field=field, input=shown, kind=_kind(value), **ctx)
        if kind == "extra_forbidden":
            close = difflib.get_close_matches(field, sorted(_field_names(model)), n=1, cutoff=0.5)
            hint = f" Có phải ý là “{close[0]}”?" if close else " Xóa hoặc đổi tên trường này."
            message += hint
        if kind == "string_type" and isinstance(value, (int, float, bool)):
            message += " Đặt giá trị trong dấu nháy."
        if kind == "decimal_parsing" and isinstance(value, str):
            message += _decimal_hint(value)
        if kind == "list_type" and isinstance(value, str) and "\n" not in value:
            message += f" Một phần tử thì viết “{field}: [{value}]”."
        return code, message
    if kind in ("value_error", "assertion_error"):
        return "invalid-value", error["msg"].removeprefix("Value error, ")
    if "-" in kind:  # our own PydanticCustomError codes are kebab-case
        return kind, error["msg"]
    return "invalid-value", f"“{field}”: giá trị không hợp lệ ({error['msg']})."


_DECIMAL_COMMA = re.compile(r"\s*-?\d+(?:\.\d{3})*,\d+\s*")


def _decimal_hint(written: str) -> str:
    """How to write a decimal typed the Vietnamese way ("0,5": a comma for the decimal point)
    or with its unit ("500 triệu"), in a field that holds a number (an amount in tỷ đồng)."""
    if _DECIMAL_COMMA.fullmatch(written):
        number = written.strip().replace(".", "").replace(",", ".")
        return (f" Trong tệp dữ liệu, số thập phân viết bằng dấu chấm, không có dấu phân cách "
                f"hàng nghìn: “{number}”.")
    if any(character.isalpha() for character in written):
        return (" Ghi một số (tỷ đồng), không kèm chữ: cụm từ như nguồn ghi để ở “text”, ví dụ "
                "{text: 500 triệu đồng, amount: \"0.5\"}.")
    return ""


def _not_a_choice(field: str, value: Any, expected: str) -> str:
    """A value outside a fixed list (a status, a kind): the value meant, and the list in words."""
    choices = re.findall(r"'([^']*)'", expected)  # Pydantic writes "'a', 'b' or 'c'"
    shown = [f"“{c}” ({STATUS_WORDS[c]})" if c in STATUS_WORDS else f"“{c}”" for c in choices]
    listed = f"{', '.join(shown[:-1])} hoặc {shown[-1]}" if len(shown) > 1 else "".join(shown)
    message = f"“{field}” không nhận giá trị “{value}”; chọn một trong: {listed}."
    meant = _meant(str(value), choices) if isinstance(value, str) else None
    return message + (f" Ý là “{meant}”? Trong tệp dữ liệu, viết “{meant}”." if meant else "")


def _meant(written: str, choices: list[str]) -> str | None:
    """The choice `written` stands for: the same code in another case or spacing ("In Progress"),
    or a status in words ("Hoàn thành"); None when nothing is close enough to say."""
    folded = {fold(choice.replace("_", " ")): choice for choice in choices}
    found = folded.get(fold(written.replace("_", " ").replace("-", " ").strip()))
    if found is None and set(choices) <= set(STATUS_WORDS):
        found = status_from_words(written)
    return found if found in choices else None


# A date written another way than YYYY-MM-DD: day first ("30/08/2026", "2.5.2026"), year first
# without the zeros or with slashes ("2026-8-30", "2026/08/30"), or in words ("ngày 30 tháng 8 năm
# 2026"). Each group name says which part it is.
_OTHER_DATE_FORMS = [
    re.compile(r"\s*(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})\s*"),
    re.compile(r"\s*(?P<y>\d{4})[/.-](?P<m>\d{1,2})[/.-](?P<d>\d{1,2})\s*"),
    re.compile(r"\s*(?:ngày\s+)?(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})\s*",
               re.IGNORECASE),
]


def _not_a_date(field: str, value: Any) -> str:
    """A date Pydantic could not read: one written another way (as people write dates) is named
    in the form to write; otherwise the value is no real day."""
    iso = _real_day(value) if isinstance(value, str) else None
    if iso:
        return (f"“{field}”: “{value}” là ngày viết theo cách khác; trong tệp dữ liệu, ngày viết "
                f"dạng YYYY-MM-DD: “{iso}”.")
    return (f"“{field}”: “{value}” không phải một ngày có thật; viết dạng YYYY-MM-DD "
            "(ví dụ 2023-02-28).")


def _real_day(written: str) -> str | None:
    """The ISO form of a real day written in one of _OTHER_DATE_FORMS, else None."""
    for form in _OTHER_DATE_FORMS:
        found = form.fullmatch(written)
        if found:
            try:
                return dt.date(int(found["y"]), int(found["m"]), int(found["d"])).isoformat()
            except ValueError:
                return None
    return None
