"""Scratch space inside the workspace's cache, for the temporary files other programs make.

openpyxl writes each sheet of a large workbook to a temporary file first, and LibreOffice
needs a profile folder and temporary files of its own. In the system's temporary folder they
stay behind whenever the command is killed or the program hangs; here they stay inside the
workspace's cache (which is safe to delete), and the next command clears what a finished or
killed one left.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

SCRATCH = "tmp"  # in the cache folder
_LOCK = threading.Lock()
_OPEN: list = []  # the system's tempfile.tempdir, then the scratch folders open, oldest first
STALE_AFTER = 12 * 3600  # seconds: a scratch folder this old belongs to no running command


def _running(pid: int) -> bool:
    if os.name == "nt":  # pragma: no cover - no cheap check on Windows: go by age alone
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _clear_stale(base: Path) -> None:
    try:
        entries = list(base.iterdir())
    except OSError:
        return
    now = time.time()
    for entry in entries:
        pid_text = entry.name.split("-", 1)[0]
        try:
            old = now - entry.lstat().st_mtime > STALE_AFTER
        except OSError:
            continue
        if old or (pid_text.isdigit() and int(pid_text) != os.getpid()
                   and not _running(int(pid_text))):
            shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() and not entry.is_symlink() \
                else entry.unlink(missing_ok=True)


@contextmanager
def scratch(cache_dir: Path | None, prefix: str = "inspection-") -> Iterator[Path]:
    """A new folder for temporary files, removed afterwards: in `cache_dir` when the workspace
    keeps a cache, else in the system's temporary folder. While it is open, Python's own
    temporary files (openpyxl's among them) are made in it too."""
    folder: Path | None = None
    if cache_dir is not None:
        base = cache_dir / SCRATCH
        try:
            base.mkdir(parents=True, exist_ok=True)
            _clear_stale(base)
            folder = base / f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
            folder.mkdir()
        except OSError:
            folder = None
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix=prefix))
    with _LOCK:
        if not _OPEN:
            _OPEN.append(tempfile.tempdir)  # what to put back when the last one closes
        _OPEN.append(str(folder))
        tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        with _LOCK:
            # Threads (the browser form's server) open and close scratch folders in any order:
            # Python's temporary files go to one still open, never to one removed.
            _OPEN.remove(str(folder))
            tempfile.tempdir = _OPEN[-1]
            if len(_OPEN) == 1:
                _OPEN.clear()
        shutil.rmtree(folder, ignore_errors=True)
