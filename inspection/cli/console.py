"""The console: output that never fails on its encoding, input that is refused when it is not
in the console's encoding.

A Vietnamese Windows console, or output redirected to a file there, may use cp1258 or cp1252,
which cannot write every precomposed Vietnamese letter. Each letter is then written as the
console's encoding can (cp1258 has the tone marks as combining characters: "ễ" becomes "ê" and
a combining tilde), else as "?", and the user is told once.
"""

from __future__ import annotations

import atexit
import codecs
import sys
import unicodedata

_HANDLER = "inspection-console"
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_replaced: set[str] = set()
_registered: list = []


def _handler(encoding: str):
    """What to write for the letters `encoding` does not have."""
    def write_as_possible(error: UnicodeEncodeError) -> tuple[str, int]:
        out = []
        for char in error.object[error.start:error.end]:
            decomposed = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in decomposed if c in _TONES)
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
            try:
                (base + tones).encode(encoding)
                out.append(base + tones)
            except (UnicodeEncodeError, LookupError):
                out.append("?")
                _replaced.add(encoding)
        return "".join(out), error.end
    return write_as_possible


def _say_so() -> None:
    if _replaced:  # in ASCII: the console could not show more
        from ..i18n import _

        # Translators: ASCII only (no diacritics): this console cannot show more.
        sys.stderr.write(_(
            "Note: this console's encoding ({encodings}) cannot show some letters; they were "
            "written as '?'; set PYTHONIOENCODING=utf-8 to see them all."
        ).format(encodings=", ".join(sorted(_replaced))) + "\n")


def prepare() -> None:
    """Make standard output and error write whatever they are given."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or ""
        if codecs.lookup(encoding).name in ("utf-8", "utf-8-sig") if encoding else True:
            continue
        if hasattr(stream, "reconfigure"):
            name = f"{_HANDLER}-{encoding}"
            codecs.register_error(name, _handler(encoding))
            try:
                stream.reconfigure(errors=name)
            except (ValueError, OSError):
                pass
    if hasattr(sys.stdin, "reconfigure"):
        try:  # bytes that are not in the encoding stay visible to `unreadable`, not a crash
            sys.stdin.reconfigure(errors="surrogateescape")
        except (ValueError, OSError):
            pass
    if _say_so not in _registered:
        atexit.register(_say_so)
        _registered.append(_say_so)


def unreadable(text: str) -> bool:
    """Whether `text` holds bytes that were not in the console's (or the system's) encoding."""
    return any("\udc80" <= c <= "\udcff" for c in text)
