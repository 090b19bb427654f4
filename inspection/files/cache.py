"""The cache of files read before, in the workspace's `.inspection-cache/` folder; safe to delete.

One entry per source file, holding the SHA-1 of the bytes it was made from: a file changed in
any way (by hand, by another process, restored from a backup) is simply parsed again. Entries
are written with `marshal`, which Python reads back several times faster than JSON and without
an import; they hold plain data only (mappings, lists, text, numbers), written by this tool
into the workspace's own cache folder. A damaged, foreign or outdated entry is ignored, and a
failure to write one only costs speed later.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys
from pathlib import Path
from typing import Any

try:  # the small built-in SHA-1; hashlib would load OpenSSL first, a few ms at every start
    from _sha1 import sha1
except ImportError:  # a Python built without it
    from hashlib import sha1

_VERSION = f"2-{sys.version_info[0]}.{sys.version_info[1]}"  # raise when the shape changes
_PLAIN_DATA = (dict, list, tuple, str, int, float, type(None))


def _entry(cache: Path, path: Path) -> Path:
    key = sha1(str(Path(path).resolve()).encode("utf-8")).hexdigest()[:20]
    return cache / f"{Path(path).stem[:40]}-{key}.bin"


def recall(cache: Path | None, path: Path, raw: bytes) -> Any:
    """What was remembered of `path` when it held `raw`, or None (always, without a `cache`)."""
    if cache is None:
        return None
    try:
        entry = marshal.loads(_entry(cache, path).read_bytes())
        if (type(entry) is dict and entry.get("v") == _VERSION
                and entry.get("sha1") == sha1(raw).hexdigest()
                and type(entry.get("data")) in _PLAIN_DATA):
            return entry["data"]
    except (OSError, ValueError, EOFError, TypeError):
        pass
    return None


def last(cache: Path | None, path: Path) -> Any:
    """What was last remembered of `path`, whatever the file holds now, or None."""
    if cache is None:
        return None
    try:
        entry = marshal.loads(_entry(cache, path).read_bytes())
        if type(entry) is dict and entry.get("v") == _VERSION and type(entry.get("data")) is dict:
            return entry["data"]
    except (OSError, ValueError, EOFError, TypeError):
        pass
    return None


def remember(cache: Path | None, path: Path, raw: bytes, data: Any) -> None:
    """Keep `data`, made from `raw` (the bytes of `path`), in the folder `cache` (if any)."""
    if cache is None:
        return
    try:
        cache.mkdir(parents=True, exist_ok=True)
        target = _entry(cache, path)
        temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        temp.unlink(missing_ok=True)  # left by a process of the same number that was killed
        # A new file, never through a link someone put in its place.
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                     | getattr(os, "O_BINARY", 0), 0o644)
        with os.fdopen(fd, "wb") as stream:
            stream.write(marshal.dumps({"v": _VERSION, "sha1": sha1(raw).hexdigest(),
                                        "data": data}))
        os.replace(temp, target)
    except (OSError, TypeError, ValueError):
        pass


def content_key(path: Path) -> str | None:
    """The size and SHA-256 of the bytes of the ordinary file at `path` (None for anything
    else: a missing file, a folder, a pipe): what a result made from the file is filed under.
    hashlib's, not the built-in SHA-1 above: eight times faster over 120 MB of findings, and
    the few milliseconds of loading OpenSSL do not matter to the commands that read them all."""
    import hashlib

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a pipe would never end
            return None
        data = Path(path).read_bytes()
    except OSError:
        return None
    return f"{len(data)}:{hashlib.sha256(data).hexdigest()}"


def fingerprint(paths) -> str:
    """The size and CRC-32 of each file's bytes: any change to a file changes its fingerprint
    (but for a one-in-four-billion chance, which would only show an old count). Reading the
    whole findings folder through SHA-1 would cost more than the rest of `status`."""
    import zlib

    parts = []
    for path in paths:
        try:
            if not stat.S_ISREG(os.stat(path).st_mode):  # a pipe would never end
                parts.append("?")
                continue
            data = Path(path).read_bytes()
        except OSError:
            parts.append("?")
            continue
        parts.append(f"{len(data)}:{zlib.crc32(data):08x}")
    return " ".join(parts)
