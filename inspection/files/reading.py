"""Reading a file the user named or owns, whole, without surprises.

A folder, a named pipe, a device or a link to /dev/zero where a file is expected is refused at
once with a reason — never waited on, never read forever — and so is a file over the size the
caller can take.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..i18n import N_, _


class Unreadable(Exception):
    """A file that cannot be read as one; the message says why in plain words."""


def _reason(exc: OSError) -> str:
    from .atomic import describe_os_error

    if isinstance(exc, FileNotFoundError):
        return _("the file does not exist")
    if isinstance(exc, IsADirectoryError):
        return _("this is a folder, not a file")
    return _("cannot be read: {error}").format(error=describe_os_error(exc))


def _megabytes(size: int) -> str:
    unit, name = (2**30, "GB") if size >= 2**30 else (2**20, "MB")
    return f"{size // unit} {name}" if size % unit == 0 else f"{size / unit:.1f} {name}"


def read_regular(path: Path | str, limit: int, what: str = N_("a file here")) -> bytes:
    """The bytes of the ordinary file at `path`, at most `limit` of them; else Unreadable.

    `what` names what the file is for ("a template"), marked N_() by the caller.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)  # non-blocking: opening a named pipe does not wait for a writer
    except OSError as exc:
        if isinstance(exc, FileNotFoundError) and os.path.islink(path):
            raise Unreadable(_("this is a link to {target}, which does not exist").format(
                target=os.readlink(path))) from None
        raise Unreadable(_reason(exc)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise Unreadable(_("this is a folder, not a file"))
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable(_("this is not an ordinary file (it is a named pipe, a device or a "
                               "socket); it cannot be read as a file"))
        too_big = _("{what} must be under {size}").format(what=_(what), size=_megabytes(limit))
        if info.st_size > limit:
            raise Unreadable(_("the file is {size}; {limit}").format(
                size=_megabytes(info.st_size), limit=too_big))
        chunks, size = [], 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # it grew while being read
                raise Unreadable(_("the file is over {size}; {limit}").format(
                    size=_megabytes(limit), limit=too_big))
        return b"".join(chunks)
    except OSError as exc:
        raise Unreadable(_reason(exc)) from None
    finally:
        os.close(fd)
