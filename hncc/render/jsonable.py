"""Query results as JSON-able data: the one conversion the CLI and the tests share.

Dataclass fields become keys in declaration order (fields marked `{"json": False}` are left
out, those marked `{"omit_none": True}` too when None, `{"json_name": …}` renames one), dates
become ISO strings and Decimal amounts (tỷ đồng)
decimal strings such as "1.5". Pydantic models are dumped by alias; Pydantic is looked up only if
something already imported it (no value can be a model otherwise), so that queries answered from
the cache never import it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from decimal import Decimal
from typing import Any

from hncc.domain.money import plain


def _is_model(value: Any) -> bool:
    models = sys.modules.get("pydantic.main")  # where BaseModel is defined
    return models is not None and isinstance(value, models.BaseModel)


def jsonable(value: Any) -> Any:
    """`value` with dataclasses, models, dates, decimals and tuples turned into JSON types."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.metadata.get("json_name", f.name): jsonable(getattr(value, f.name))
                for f in dataclasses.fields(value) if f.metadata.get("json", True)
                and not (f.metadata.get("omit_none") and getattr(value, f.name) is None)}
    if _is_model(value):
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
