"""Query results as JSON: the one conversion the CLI and the tests share.

A value whose class has a `__json__` method is written as what it returns. Dataclass fields
become keys in declaration order (fields marked `{"json": False}` are left out, those marked
`{"omit_none": True}` too when None, `{"json_name": …}` renames one), dates become ISO strings
and Decimal amounts (tỷ đồng) decimal strings such as "1.5". Pydantic models are dumped by
alias; Pydantic is looked up only if something already imported it (no value can be a model
otherwise), so that queries answered from the cache never import it.

`jsonable` gives that as Python data; `json_chunks` writes it as the text the CLI prints (what
`json.dumps(jsonable(value), ensure_ascii=False, indent=2)` gives, byte for byte) with orjson,
a piece at a time, so that a long list is never held twice as text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from collections.abc import Callable, Iterator
from decimal import Decimal
from itertools import islice
from typing import Any, cast

from hncc.domain.money import plain

# (attribute, key, left out when None) for each dataclass, worked out once per class.
FieldPlan = tuple[tuple[str, str, bool], ...]
_plans: dict[type, FieldPlan] = {}


def _field_plan(cls: type) -> FieldPlan:
    found = _plans.get(cls)
    if found is None:
        found = _plans[cls] = tuple(
            (f.name, f.metadata.get("json_name", f.name), bool(f.metadata.get("omit_none")))
            for f in dataclasses.fields(cls) if f.metadata.get("json", True))
    return found


def _is_dataclass(value: Any) -> bool:
    return type(value) in _plans or (dataclasses.is_dataclass(value)
                                     and not isinstance(value, type))


def _fields(value: Any) -> dict[str, Any]:
    """A dataclass's JSON fields, their values not yet converted."""
    out = {}
    for name, key, omit_none in _field_plan(type(value)):
        item = getattr(value, name)
        if item is None and omit_none:
            continue
        out[key] = item
    return out


def _is_model(value: Any) -> bool:
    models = sys.modules.get("pydantic.main")  # where BaseModel is defined
    return models is not None and isinstance(value, models.BaseModel)


def jsonable(value: Any) -> Any:
    """`value` with dataclasses, models, dates, decimals and tuples turned into JSON types."""
    if _is_dataclass(value):
        return {key: jsonable(item) for key, item in _fields(value).items()}
    if isinstance(value, str | int | float | None):
        return value
    if _is_model(value):
        return jsonable(value.model_dump(by_alias=True, exclude_none=True))
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if hasattr(type(value), "__json__"):
        return jsonable(value.__json__())
    if isinstance(value, list | tuple | frozenset | set):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return plain(value)
    return value


def _one_level(value: Any) -> Any:
    """What orjson cannot write itself, as it comes (orjson's `default`): one level converted,
    the values inside left for orjson, which comes back here for those it cannot write."""
    convert = _converters.get(type(value))
    if convert is None:
        convert = _converters[type(value)] = _converter(value)
    return convert(value)


def _converter(value: Any) -> Callable[[Any], Any]:
    """How `_one_level` converts a value of this one's type (each the same way: by its type)."""
    if _is_dataclass(value):
        return _fields
    if isinstance(value, Decimal):
        return plain
    if isinstance(value, dt.date):  # datetimes too: isoformat, exactly as jsonable writes them
        return type(value).isoformat
    if isinstance(value, tuple | frozenset | set):  # a NamedTuple, a set
        return list
    written = getattr(type(value), "__json__", None)
    if written is not None:  # a value that says what it is in JSON (queries.workitems.Mentions)
        return cast(Callable[[Any], Any], written)
    if _is_model(value):
        return _dumped
    raise TypeError(f"{type(value).__name__} không ghi được thành JSON")


_converters: dict[type, Callable[[Any], Any]] = {}  # worked out once per type


def _dumped(model: Any) -> Any:
    return model.model_dump(by_alias=True, exclude_none=True)


def _encoded(value: Any, depth: int) -> bytes:
    """`value` as indented JSON that starts `depth` levels in (its first line not indented)."""
    import orjson  # only for JSON output: table output starts without it

    options = (orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_DATACLASS
               | orjson.OPT_PASSTHROUGH_DATETIME)
    try:
        text = orjson.dumps(value, default=_one_level, option=options)
    except orjson.JSONEncodeError:
        # A dict whose keys are not all text (orjson takes only text keys): str(key), as
        # jsonable writes them; anything else that cannot be written fails here again.
        text = orjson.dumps(jsonable(value), option=orjson.OPT_INDENT_2)
    # JSON text holds no raw line break (strings escape them), so every b"\n" starts a line.
    return text.replace(b"\n", b"\n" + b"  " * depth) if depth else text


STREAMED_LEVELS = 3  # objects at most this deep are written a member at a time
BATCH = 256  # elements of a list encoded together


def json_chunks(value: Any, depth: int = 0) -> Iterator[bytes]:
    """`value` as JSON text, indented by two spaces, in UTF-8 (no character escaped that JSON
    does not require), without a final line break, in pieces: the members of the outer
    objects one by one, and of their lists a batch of elements at a time, so that the whole text
    is never in memory at once."""
    if _is_dataclass(value):
        value = _fields(value)
    pad = b"  " * (depth + 1)
    if type(value) is dict and value and depth < STREAMED_LEVELS:
        if not all(type(key) is str for key in value):
            value = {str(key): item for key, item in value.items()}  # as jsonable: 1 and "1" meet
        yield b"{"
        for index, (key, item) in enumerate(value.items()):
            yield (b",\n" if index else b"\n") + pad + _encoded(str(key), 0) + b": "
            yield from json_chunks(item, depth + 1)
        yield b"\n" + pad[:-2] + b"}"
    elif (type(value) in (list, tuple) and value) or isinstance(value, Iterator):
        # A list (or what an iterator gives, taken a batch at a time, as a list), each batch
        # encoded as a JSON list without its brackets: each element on its own line, as they
        # would be written one by one (fewer calls into orjson).
        items = iter(value)
        batch = list(islice(items, BATCH))
        if not batch:  # an iterator that gives nothing
            yield b"[]"
            return
        yield b"["
        first = True
        while batch:
            text = _encoded(batch, depth)
            yield (b"" if first else b",") + text[1:-(2 + 2 * depth)]
            first = False
            batch = list(islice(items, BATCH))
        yield b"\n" + pad[:-2] + b"]"
    else:
        yield _encoded(value, depth)
