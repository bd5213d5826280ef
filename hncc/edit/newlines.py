"""Line endings of the files people edit, kept as each file has them.

On Windows, Notepad and git's `core.autocrlf=true` write CRLF ("\r\n"); elsewhere files end
lines with LF. hncc reads either. An edit (`hncc status`) or a format (`hncc fmt`) writes the
file back with the endings it had, so a Windows checkout is not rewritten line by line and
`fmt --check` does not flag a file only for its endings.
"""

from __future__ import annotations

import re

CRLF = "\r\n"
_BARE_LF = re.compile(r"(?<!\r)\n")


def uses_crlf(text: str) -> bool:
    """True when most of the lines of `text` end with CRLF."""
    crlf = text.count(CRLF)
    return crlf > 0 and crlf * 2 >= text.count("\n")


def to_lf(text: str) -> str:
    return text.replace(CRLF, "\n")


def like(original: str, text: str) -> str:
    """`text` with the line endings of `original`: every line CRLF if `original` is mostly so."""
    if not uses_crlf(original):
        return text
    return _BARE_LF.sub(CRLF, text)
