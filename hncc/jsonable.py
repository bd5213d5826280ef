"""Query results as JSON-able data: the one conversion the CLI and the tests share.

Dataclass fields become keys in declaration order (fields marked `{"json": False}` are left
out), dates become ISO strings and Decimal amounts (tỷ đồng) decimal strings such as "1.5".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from hncc.money import plain


def jsonable(value: Any) -> Any:
    """`value` with dataclasses, models, dates, decimals and tuples turned into JSON types."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.metadata.get("json", True)}
    if isinstance(value, BaseModel):
        return jsonable(value.model_dump(by_alias=True, exclude_none=True))
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | frozenset | set):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return plain(value)
    return value
