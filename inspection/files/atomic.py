"""Writing files so that a crash, a kill, a full disk or a second process never leaves half a file.

Writes go to a temporary file beside the target, are flushed and synced to disk, then
replace the target in one step (`os.replace`). Locks use the operating system's own file
locks (`fcntl.flock` on Linux and macOS, `msvcrt.locking` on Windows): the `filelock`
package does the same but costs more start-up time than a whole `inspection status`.
"""

from __future__ import annotations

import errno
import io
import itertools
import os
import stat
import sys
import time
from pathlib import Path
from typing import BinaryIO, Callable

from ..errors import WorkspaceError
from ..i18n import _

_counter = itertools.count()


def describe_os_error(exc: OSError) -> str:
    """A plain-words reason for an OSError."""
    if exc.errno == errno.ENOSPC:
        return _("the disk is full")
    if exc.errno == errno.EROFS:
        return _("the disk or folder is read-only")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return _("permission denied (is the file open in Word or Excel, or the folder read-only?)")
    if exc.errno == errno.ENOENT:
        return _("the folder does not exist")
    return exc.strerror or str(exc)


# Workspaces open in this process: lexical root -> the real folder it is. What is written below
# a root must land inside it: a link in a workspace to a folder or a file elsewhere is never
# followed when writing (it could make the tool write anywhere the link points).
_ROOTS: dict[str, str] = {}


def confine(root: Path) -> None:
    """Keep every write below `root` inside it."""
    real = os.path.realpath(root)
    _ROOTS[os.path.abspath(root)] = _ROOTS[real] = real  # as named, and as it really is


def check_confined(path: Path | str, display: str | None = None) -> None:
    """Refuse to write `path` if it lies in a workspace but a link takes it outside."""
    if not _ROOTS:
        return
    where = os.path.abspath(path)
    for lexical, real in _ROOTS.items():
        if where != lexical and not where.startswith(lexical.rstrip(os.sep) + os.sep):
            continue
        landing = os.path.realpath(where)
        if landing == real or landing.startswith(real.rstrip(os.sep) + os.sep):
            continue  # inside this workspace; a workspace inside it is checked too
        # Name the link that leads out: the first part of the path that is one.
        part = lexical
        for name in Path(os.path.relpath(where, lexical)).parts:
            part = os.path.join(part, name)
            if os.path.islink(part):
                break
        shown = Path(os.path.relpath(part, lexical)).as_posix()
        target = os.readlink(part) if os.path.islink(part) else landing
        raise WorkspaceError(_(
            "{link}: this is a link to {target}, outside the workspace; nothing is written "
            "through it, so {path} was not written. Put a real folder (or file) there, inside "
            "the workspace, and repeat").format(link=shown, target=target, path=display or where))


def make_folder(folder: Path, display: str | None = None) -> None:
    """Create `folder` and its parents as needed; a file or a broken link in the way is named."""
    check_confined(folder, display)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return
    except (FileExistsError, NotADirectoryError) as exc:
        blocked = exc
    except OSError as exc:
        raise WorkspaceError(_("{folder}: the folder cannot be created: {reason}").format(
            folder=display or folder, reason=describe_os_error(exc))) from exc
    # The first part of the path that is there but is no folder.
    shown = Path(display) if display else folder
    for part in (folder, *folder.parents):
        if os.path.lexists(part) and not part.is_dir():
            if os.path.islink(part):
                problem = _("this is a link to {target}, which is not a folder").format(
                    target=os.readlink(part))
            else:
                problem = _("this is a file, not a folder")
            raise WorkspaceError(_("{path}: {problem}; rename or move it away, and repeat").format(
                path=shown if str(shown) not in ('', '.') else part, problem=problem)) from blocked
        shown = shown.parent
    raise WorkspaceError(_("{folder}: the folder cannot be created: {reason}").format(
        folder=display or folder, reason=describe_os_error(blocked))) from blocked


def fsync_dir(folder: Path) -> None:
    """Make the renames in `folder` durable (Windows neither needs nor allows this)."""
    if os.name == "nt":  # Windows cannot open a folder for syncing, and need not
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes | str, *, display: str | None = None) -> None:
    """Replace `path` with `data` in one step; on any failure the old file is left as it was."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    view = memoryview(data)

    def fill(fd: int) -> None:
        nonlocal view
        while view:
            written = os.write(fd, view)
            view = view[written:]
    _write(Path(path), fill, display)


def write_atomic_stream(path: Path, stream, *, display: str | None = None,
                        chunk: int = 1024 * 1024) -> None:
    """Replace `path` with what `stream` (a binary file object) holds, read piece by piece."""
    def fill(fd: int) -> None:
        while block := stream.read(chunk):
            view = memoryview(block)
            while view:
                view = view[os.write(fd, view):]
    _write(Path(path), fill, display)


def write_atomic_with(path: Path, writer, *, display: str | None = None) -> None:
    """Replace `path` with what `writer(file)` writes into a binary file object."""
    def fill(fd: int) -> None:
        with os.fdopen(fd, "wb", closefd=False) as stream:
            writer(stream)
    _write(Path(path), fill, display)


STDOUT = "-"  # as a file name the user gives: standard output, as click has it


def write_output(path: Path | str, data: bytes | str | Callable[[BinaryIO], None], *,
                 display: str | None = None) -> None:
    """Write a file the user named (`-o`): `data`, or what `data(stream)` writes.

    "-" is standard output. An ordinary file (or a new one) is replaced atomically; through a
    symbolic link, the file it points to is (the link stays); a device or a named pipe is
    written into as a stream, never replaced; a folder is refused.
    """
    shown = display or str(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if str(path) == STDOUT:
        _stream(sys.stdout.buffer, data)
        sys.stdout.buffer.flush()
        return
    check_confined(path, shown)
    try:
        info = os.stat(path)  # through a symbolic link: what it points to
    except FileNotFoundError:
        info = None
    except OSError as exc:
        if isinstance(exc, NotADirectoryError):  # a file where a folder of the path should be
            make_folder(Path(path).parent, str(Path(shown).parent))
        raise WorkspaceError(_("{path}: cannot be written: {reason}").format(
            path=shown, reason=describe_os_error(exc))) from exc
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise WorkspaceError(_("{path}: this is a folder; give the name of a file to write")
                             .format(path=shown))
    if info is not None and not stat.S_ISREG(info.st_mode):
        try:
            with open(path, "wb") as target:  # a device, a named pipe: written into as it is
                _stream(target, data)
        except OSError as exc:
            raise WorkspaceError(_("{path}: cannot be written: {reason}").format(
                path=shown, reason=describe_os_error(exc))) from exc
        return
    real = Path(os.path.realpath(path))
    if callable(data):
        write_atomic_with(real, data, display=shown)
    else:
        write_atomic(real, data, display=shown)


def _stream(target: BinaryIO, data) -> None:
    if callable(data):  # a writer may seek (a zip does): give it a file of its own first
        buffer = io.BytesIO()
        data(buffer)
        data = buffer.getvalue()
    target.write(data)


def _write(path: Path, fill, display: str | None) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{next(_counter)}.tmp")
    check_confined(path, display)
    make_folder(path.parent, str(Path(display).parent) if display else None)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
        try:
            fill(fd)
            os.fsync(fd)
        finally:
            os.close(fd)
        _replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        _discard(tmp)
        raise WorkspaceError(_("{path}: cannot be written: {reason}; the file was left as it "
                               "was").format(path=display or path,
                                             reason=describe_os_error(exc))) from exc
    except BaseException:  # what is written fails (a damaged zip member, Ctrl-C): no half file
        _discard(tmp)
        raise


def _discard(tmp: Path) -> None:
    try:
        tmp.unlink()
    except OSError:
        pass


def _replace(source: Path, target: Path) -> None:
    # On Windows a file open in another program (an antivirus scan, Excel) refuses to be
    # replaced for a moment; retry briefly before giving up.
    for attempt in range(20 if os.name == "nt" else 1):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == 19 or os.name != "nt":
                raise
            time.sleep(0.05)


class FileLock:
    """An exclusive lock on `path` between processes, on Linux, macOS and Windows."""

    def __init__(self, path: Path, timeout: float = 30.0, display: str | None = None):
        self.path = Path(path)
        self.timeout = timeout
        self.display = display or str(path)
        self._fd: int | None = None

    def __enter__(self) -> FileLock:
        make_folder(self.path.parent, str(Path(self.display).parent))  # confined
        try:
            # Never through a link: a lock file that points elsewhere would create the file
            # it points to, outside the workspace.
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
                         | getattr(os, "O_NONBLOCK", 0), 0o644)
        except OSError as exc:
            if os.path.islink(self.path):
                raise WorkspaceError(_(
                    "{path}: cannot be locked: its lock file {lock} is a link to {target}; "
                    "delete the link and repeat").format(
                        path=self.display, lock=self.path.name,
                        target=os.readlink(self.path))) from exc
            if isinstance(exc, IsADirectoryError):
                raise WorkspaceError(_(
                    "{path}: cannot be locked: its lock file {lock} is a folder; delete it and "
                    "repeat").format(path=self.display, lock=self.path.name)) from exc
            raise WorkspaceError(_("{path}: cannot be locked: {reason}").format(
                path=self.display, reason=describe_os_error(exc))) from exc
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise WorkspaceError(_(
                "{path}: cannot be locked: its lock file {lock} is not an ordinary file; delete "
                "it and repeat").format(path=self.display, lock=self.path.name))
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                _lock(fd)
                break
            except (BlockingIOError, PermissionError, OSError) as exc:
                if isinstance(exc, OSError) and exc.errno not in (
                        errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK, errno.EDEADLK, None):
                    os.close(fd)
                    raise WorkspaceError(_("{path}: cannot be locked: {reason}").format(
                        path=self.display, reason=describe_os_error(exc))) from exc
                if time.monotonic() > deadline:
                    os.close(fd)
                    raise WorkspaceError(_(
                        "{path}: another inspection command has been writing here for "
                        "{seconds} s; try again when it has finished").format(
                            path=self.display, seconds=f"{self.timeout:.0f}")) from None
                time.sleep(0.01)
        self._fd = fd
        return self

    def __exit__(self, *exc_info) -> None:
        if self._fd is not None:
            try:
                _unlock(self._fd)
            finally:
                os.close(self._fd)
                self._fd = None


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
