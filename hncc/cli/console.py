"""Output streams that never fail for encoding reasons, whatever the console or the pipe.

Files and pipes get UTF-8 (a Windows console redirected to a file would otherwise get the ANSI
code page, cp1258 on Vietnamese Windows, and Vietnamese text stops the command with a
UnicodeEncodeError). A console gets what its encoding can show: a letter it lacks is written
decomposed (cp1258 has the Vietnamese tone marks as combining characters), else without its
marks, else replaced ("?"); nothing is ever refused.

Windows: since Python 3.6 a real console is written through the wide-character API and takes
any Unicode (PEP 528), so the fallback matters for consoles in legacy mode
(PYTHONLEGACYWINDOWSSTDIO) and for other programs' terminals; `PYTHONIOENCODING` simulates them.
"""

from __future__ import annotations

import codecs
import io
import sys
import unicodedata

ERRORS = "hncc-transliterate"
# What typography and box drawing become where a code page has no such character.
_PLAIN = str.maketrans({
    "“": '"', "”": '"', "‘": "'", "’": "'", "…": "...", "–": "-", "—": "-", "→": "->",
    "─": "-", "━": "-", "│": "|", "┃": "|", "╭": "+", "╮": "+", "╰": "+", "╯": "+", "•": "*",
    "đ": "d", "Đ": "D", "\ufeff": "",
})


def _candidates(char: str) -> list[str]:
    decomposed = unicodedata.normalize("NFD", char)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return [decomposed, bare, char.translate(_PLAIN), bare.translate(_PLAIN)]


def transliterate(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: each character the encoding lacks, written as near as it can be."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    shown = []
    for char in error.object[error.start:error.end]:
        for candidate in _candidates(char):
            try:
                candidate.encode(error.encoding)
            except UnicodeEncodeError:
                continue
            shown.append(candidate)
            break
        else:
            shown.append("?")
    return "".join(shown), error.end


codecs.register_error(ERRORS, transliterate)


def _is_utf(encoding: str | None) -> bool:
    return (encoding or "").lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig")


def prepare(stream: object) -> None:
    """Make `stream` safe: UTF-8 when it is a file or a pipe, transliteration on a console."""
    if not isinstance(stream, io.TextIOWrapper):
        return  # a test runner's capture, or a stream someone else replaced: leave it alone
    try:
        terminal = stream.isatty()
    except ValueError:  # closed
        return
    if not terminal:
        if not _is_utf(stream.encoding):
            stream.reconfigure(encoding="utf-8", errors="strict")
    elif not _is_utf(stream.encoding):
        stream.reconfigure(errors=ERRORS)


def prepare_standard_streams() -> None:
    prepare(sys.stdout)
    prepare(sys.stderr)
