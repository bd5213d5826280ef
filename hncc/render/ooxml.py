"""Office files (.xlsx, .docx) that are the same bytes whenever they are made from the same data.

A Word or Excel file is a zip archive, and zip writers stamp every member with the clock's time:
the same report made twice a minute apart would differ. `stamped` gives every member the
document's own date instead, so a report or form made again with the same --as-of is the same
file (and its checksum can be compared).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile


def stamped(data: bytes, moment: dt.datetime) -> bytes:
    """The zip archive `data` with every member dated `moment` (and nothing else changed)."""
    when = max(moment, dt.datetime(1980, 1, 1)).timetuple()[:6]  # zip dates start in 1980
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=when)
            info.compress_type = member.compress_type
            info.external_attr = member.external_attr
            target.writestr(info, source.read(member))
    return out.getvalue()
