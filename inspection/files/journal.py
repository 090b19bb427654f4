"""An append-only journal of the changes whose files do not say who made them: the drafts of
the conclusions and of the summary report (drafts/.journal.jsonl).

Findings, recommendations and issued documents carry who changed them and when inside their
own files; a draft is a file the team lead edits, so each write by the tool adds a line here:
when, who, which file, how (drafted, edited on its page) and the SHA-256 of what was written.
A draft whose content no line accounts for was changed by hand. One JSON object per line,
appended and synced: a line cut short by a crash is skipped when read, never the others.
"""

from __future__ import annotations

import os
from pathlib import Path

JOURNAL = ".journal.jsonl"


def append(folder: Path, file: str, action: str, content: bytes, by: str | None) -> None:
    """Add that `file` (a workspace path) was written with `content` by `by`, now."""
    import hashlib
    import json

    from ..model.findings import now

    line = json.dumps({"at": now(), "by": by, "file": file, "action": action,
                       "sha256": hashlib.sha256(content).hexdigest()}, ensure_ascii=False)
    try:
        fd = os.open(folder / JOURNAL, os.O_WRONLY | os.O_APPEND | os.O_CREAT |
                     getattr(os, "O_BINARY", 0), 0o644)
        try:
            os.write(fd, (line + "\n").encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        # The draft itself is written; without its line the log shows it as changed by hand.
        pass


def entries(folder: Path) -> list[dict]:
    """Every whole line of the journal, oldest first ([] without one)."""
    try:
        data = (folder / JOURNAL).read_bytes()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return []
    import json

    found = []
    for raw in data.splitlines():
        try:
            entry = json.loads(raw)
        except ValueError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("file"), str):
            found.append(entry)
    return found
