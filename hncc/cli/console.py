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


# The five Vietnamese tone marks, as combining characters; the other marks (â ê ô ơ ư ă) make
# letters of their own, which code pages such as cp1258 and cp1252 have precomposed.
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _candidates(char: str) -> list[str]:
    """Ways to write `char`, nearest first: decomposed, letter + tone mark (cp1258 writes
    Vietnamese so), the letter without its tone, without any mark, plain typography."""
    decomposed = unicodedata.normalize("NFD", char)
    tones = "".join(c for c in decomposed if c in _TONES)
    letter = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return [decomposed, letter + tones, letter, bare, char.translate(_PLAIN),
            bare.translate(_PLAIN)]


def transliterate(error: UnicodeError, encoding: str) -> tuple[str, int]:
    """Codec error handler for `encoding`: each character it lacks, written as near as it can be.

    (The error names the codec family, "charmap" for the Windows code pages, not the code page,
    so the handler is made for one encoding: see `error_handler`.)
    """
    if not isinstance(error, UnicodeEncodeError):
        raise error
    shown = []
    for char in error.object[error.start:error.end]:
        for candidate in _candidates(char):
            try:
                candidate.encode(encoding)
            except UnicodeEncodeError:
                continue
            shown.append(candidate)
            break
        else:
            shown.append("?")
    return "".join(shown), error.end


def error_handler(encoding: str) -> str:
    """The name of the transliterating error handler for `encoding`, registered on first use."""
    name = f"{ERRORS}-{codecs.lookup(encoding).name}"
    try:
        codecs.lookup_error(name)
    except LookupError:
        codecs.register_error(name, lambda error: transliterate(error, encoding))
    return name


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
        stream.reconfigure(errors=error_handler(stream.encoding))


def prepare_standard_streams() -> None:
    prepare(sys.stdout)
    prepare(sys.stderr)
