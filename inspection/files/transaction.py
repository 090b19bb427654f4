"""Changing several files of a workspace as one: after a crash, a kill or a full disk, either
every change is there or none is.

The new contents are first written into a folder of their own (findings/.pending/<id>/) and
synced to disk; then a plan saying where each one goes is written — that is the moment the
change is made — and the files are moved into place. Whoever next changes the workspace
finishes a change whose plan was written, and takes away one whose plan was not.

Used by `merge`, which changes many units' findings and brings in evidence at once; a change
to one file is simply written atomically (files/atomic.py).
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from contextlib import ExitStack
from pathlib import Path
from typing import Callable

from ..errors import WorkspaceError
from ..i18n import _, ngettext
from .atomic import FileLock, check_confined, describe_os_error, fsync_dir, make_folder

PENDING = ".pending"  # in the findings folder
PLAN = "plan.json"
LOCK = ".pending.lock"


def pending_folder(findings: Path) -> Path:
    return findings / PENDING


def lock(findings: Path) -> FileLock:
    """The lock every change of several files holds from start to end."""
    return FileLock(findings / LOCK, display=f"{findings.name}/{LOCK}", timeout=120)


class Transaction:
    """New contents for files of the workspace at `root`, put in place together by `commit`."""

    def __init__(self, root: Path, findings: Path):
        self.root = root
        self.folder = pending_folder(findings) / uuid.uuid4().hex[:12]
        self.moves: list[tuple[str, Path]] = []  # (staged name, target)
        self.targets: set[Path] = set()

    def _staged(self, target: Path) -> Path:
        if target in self.targets:
            raise ValueError(f"{target} is staged twice")
        check_confined(target)
        if not self.moves:
            make_folder(self.folder)
        self.targets.add(target)
        name = f"{len(self.moves):05d}"
        self.moves.append((name, target))
        return self.folder / name

    def taken(self, target: Path) -> bool:
        """Whether `target` exists or is already to be written by this change."""
        return target in self.targets or os.path.lexists(target)

    def stage(self, target: Path, data: bytes | Callable[[int], None]) -> None:
        """Write what will replace (or create) `target`: bytes, or what `data(fd)` writes."""
        staged = self._staged(target)
        fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     0o644)
        try:
            if callable(data):
                data(fd)
            else:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)

    def stage_stream(self, target: Path, stream, chunk: int = 1 << 20) -> None:
        def fill(fd: int) -> None:
            while block := stream.read(chunk):
                view = memoryview(block)
                while view:
                    view = view[os.write(fd, view):]
        self.stage(target, fill)

    def commit(self) -> None:
        """Make the change: write the plan, then move every file into place."""
        if not self.moves:
            return
        fsync_dir(self.folder)
        plan = [[name, os.path.relpath(target, self.root)] for name, target in self.moves]
        tmp = self.folder / f".{PLAN}.tmp"
        with open(tmp, "w", encoding="utf-8") as out:
            json.dump({"moves": plan}, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, self.folder / PLAN)  # from here on, the change is made
        fsync_dir(self.folder)
        _apply(self.folder, self.root)

    def abandon(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        _remove_if_empty(self.folder.parent)


def _apply(folder: Path, root: Path) -> None:
    """Move what the plan in `folder` names into place (again, if it was begun), then clear."""
    touched = set()
    for name, relative in _moves(folder):
        staged, target = folder / name, root / relative
        if staged.exists():  # not yet moved (moving is done once: the staged file goes)
            make_folder(target.parent)
            os.replace(staged, target)
            touched.add(target.parent)
    for parent in touched:
        fsync_dir(parent)
    shutil.rmtree(folder, ignore_errors=True)
    _remove_if_empty(folder.parent)


def _moves(folder: Path) -> list[tuple[str, str]]:
    with open(folder / PLAN, encoding="utf-8") as src:
        moves = json.load(src)["moves"]
    for name, relative in moves:
        if not isinstance(name, str) or not isinstance(relative, str) or \
                os.path.isabs(relative) or ".." in Path(relative).parts:
            raise ValueError(f"a move to {relative!r} is not inside the workspace")
    return [(name, relative) for name, relative in moves]


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass


def changes_left(findings: Path) -> bool:
    """Whether a change of several files was interrupted (cheap: one look at a folder)."""
    return os.path.isdir(pending_folder(findings))


def finish(root: Path, findings: Path, units_lock: Callable[[list[Path]], ExitStack]) -> list[str]:
    """Finish or take away every interrupted change; the caller holds the lock (`lock()`).

    `units_lock(targets)` locks the findings files a plan will replace. Returns what was done,
    for a message.
    """
    done = []
    folder = pending_folder(findings)
    try:
        entries = sorted(folder.iterdir())
    except FileNotFoundError:
        return done
    except OSError as exc:
        raise WorkspaceError(_("{folder}: cannot be read: {reason}").format(
            folder=f"{findings.name}/{PENDING}", reason=describe_os_error(exc))) from exc
    for change in entries:
        if not change.is_dir() or change.is_symlink():
            continue
        if (change / PLAN).is_file():
            try:
                targets = [root / relative for _name, relative in _moves(change)]
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise WorkspaceError(_(
                    "{plan}: the plan of an interrupted merge cannot be read ({reason}); the "
                    "files it brings are in that folder. Move the folder away and merge the "
                    "bundle again.").format(plan=f"{findings.name}/{PENDING}/{change.name}/{PLAN}",
                                            reason=exc)) from exc
            with units_lock(targets):
                _apply(change, root)
            done.append(ngettext("an interrupted merge was finished ({n} file)",
                                 "an interrupted merge was finished ({n} files)",
                                 len(targets)).format(n=len(targets)))
        else:
            shutil.rmtree(change, ignore_errors=True)
            done.append(_("an interrupted merge was taken back: nothing of it had been saved"))
    _remove_if_empty(folder)
    return done
