"""Text from the data on a terminal: control characters shown, never obeyed.

A title holding an escape sequence ("\\x1b]0;…\\x07" sets the window title, "\\x1b[2J" clears the
screen) would act on the reader's terminal; text that looks like rich markup ("[red]…") would be
styled. `visible` is the one way data text reaches a terminal (tables, `show`, problem lines):
every control character (C0 except tab and line break, DEL, C1) is written as its escape
("\\x1b"), so the reader sees what the file holds.
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """`text` with every control character written as `\\xNN`."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
