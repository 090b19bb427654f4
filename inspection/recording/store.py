"""The findings store: reading and changing a unit's findings file so that no answer is ever lost.

Every change takes the unit's lock, reads the file as it is on disk now, applies the change,
and writes the whole file atomically. Two processes recording into the same unit therefore
wait for each other and each sees the other's answers; a crash at any moment leaves either
the old file or the new one. A file that cannot be read (say, after a bad hand edit) is never
overwritten: the change is refused with the file's problems.
"""

from __future__ import annotations

import os
import stat
from contextlib import ExitStack
from pathlib import Path
from typing import Callable, TypeVar

from ..errors import EditConflict, InspectionError, InvalidFiles, Problem, WorkspaceError
from ..files import cache as cache_
from ..files import transaction, yamlfile
from ..files.atomic import FileLock, describe_os_error, make_folder, write_atomic
from ..files.transaction import Transaction
from ..files.findings import (Context, incomplete, parse_unit_record, record_data,
                              record_from_data, record_text)
from ..files.workspace import CACHE_DIR, Loaded, Workspace
from ..i18n import _
from ..model.campaign import Visit
from ..model.findings import Answer, IndicatorValue, UnitRecord, now, put_figure, with_answer
from ..values import replace
from ..vn.dates import moment

T = TypeVar("T")


def _leftovers(path: Path) -> list[str]:
    """Temporary files `.NAME.*.tmp` beside `path` (a scan: Path.glob compiles a pattern)."""
    prefix = f".{path.name}."
    try:
        with os.scandir(path.parent) as entries:
            return [e.path for e in entries if e.name.startswith(prefix) and e.name.endswith(".tmp")]
    except FileNotFoundError:
        return []


def _contents(record: UnitRecord) -> tuple:
    """What a change may change in a record (the values are frozen: copies of the containers
    are enough to compare before and after)."""
    return (record.name, dict(record.findings), dict(record.indicators), dict(record.notes),
            list(record.evidence))


def _same(path: Path, raw: bytes) -> bool:
    try:
        return path.read_bytes() == raw
    except OSError:
        return False


LOCKS = ".locks"  # in findings/: one empty lock file per unit, out of the way of the findings


def lock_path(path: Path) -> Path:
    """The lock a findings file is changed under: findings/.locks/<unit>.lock (it stays, empty:
    removing a lock file another process waits on would let two processes in)."""
    return path.parent / LOCKS / f"{path.stem}.lock"


class FindingsStore:
    """The findings of every unit of a loaded workspace."""

    def __init__(self, ws: Workspace, loaded: Loaded):
        self.ws = ws
        self.loaded = loaded
        self.settled: list[str] = self.settle()  # what was done about an interrupted merge

    def settle(self) -> list[str]:
        """Finish (or take back) a change of several units that was interrupted, so that
        every unit is seen either before it or after it."""
        findings = self.ws.findings_dir
        if not transaction.changes_left(findings):
            return []
        with transaction.lock(findings):
            return transaction.finish(self.ws.root, findings, self._lock_all)

    def _lock_all(self, paths) -> ExitStack:
        """The locks of the findings files among `paths`, taken in one order (no deadlock)."""
        stack = ExitStack()
        try:
            for path in sorted({Path(p) for p in paths if Path(p).suffix == ".yaml"
                                and Path(p).parent == self.ws.findings_dir}):
                stack.enter_context(FileLock(lock_path(path),
                                             display=self.ws.display(path)))
        except BaseException:
            stack.close()
            raise
        return stack

    def path(self, visit: Visit) -> Path:
        return self.ws.findings_dir / f"{visit.unit.slug}.yaml"

    def context(self, visit: Visit) -> Context:
        return Context(visit.unit.slug, tuple(s.id for s in visit.sites), self.loaded.checklist,
                       self.loaded.outline.appendix, self.ws.root)

    def read(self, visit: Visit, problems: list[Problem] | None = None,
             check: bool | None = None) -> UnitRecord:
        """The unit's findings as on disk (empty when nothing is recorded yet).

        Raises InvalidFiles if the file cannot be read, unless `problems` is given to collect
        them. With `check` (the default when collecting problems), every item, site, rating and
        figure is also checked against the campaign.
        """
        path = self.path(visit)
        if not path.exists():
            return UnitRecord(visit.unit.slug, visit.unit.name)
        checking = problems is not None if check is None else check
        # A file read and found sound before comes from the workspace's cache, whether or not
        # this Workspace object loaded the campaign; a check always reads the file itself.
        record, own = self._parse(visit, self.ws.cache_dir if not checking else None, checking)
        errors = [p for p in own if p.severity == "error"]
        if errors and not checking:
            record, own = self._parse(visit, None, False)  # again in full: messages with lines
            errors = [p for p in own if p.severity == "error"]
        if problems is not None:
            problems.extend(own)
            return record or UnitRecord(visit.unit.slug, visit.unit.name)
        if errors or record is None:
            raise InvalidFiles(errors or own)
        return record

    def _parse(self, visit: Visit, cache_dir: Path | None,
               checking: bool) -> tuple[UnitRecord | None, list[Problem]]:
        """Parse the unit's file; a file read and found sound before comes from the cache."""
        path = self.path(visit)
        shown = self.ws.display(path)
        own: list[Problem] = []
        raw = yamlfile.read_bytes(path, shown, own)
        if raw is None:
            return None, own
        if cache_dir is not None:
            cached = cache_.recall(cache_dir, path, raw)
            if cached is not None:
                try:
                    return record_from_data(cached), own
                except (KeyError, TypeError, ValueError):
                    pass  # a cache from another version: parse the file
        cut = incomplete(raw, shown, self._recovery(visit))
        if cut is not None:
            return None, own + [cut]
        doc = yamlfile.parse_bytes(raw, shown, own)
        if doc is None:
            return None, own
        if doc.data is None:
            own.append(Problem(shown, None, "", _("the file is empty")))
            return None, own
        record = parse_unit_record(doc, own, self.context(visit) if checking else None,
                                   unit=visit.unit.slug)
        if cache_dir is not None and raw is not None and record is not None and not own:
            cache_.remember(cache_dir, path, raw, self._data(record))
        return record, own

    def _recovery(self, visit: Visit) -> str:
        """How to get back a findings file that was cut short."""
        return _("the last version read whole can be put back with `inspection recover {unit}` "
                 "(the damaged file is kept beside it)").format(unit=visit.unit.slug)

    def _data(self, record: UnitRecord) -> dict:
        return record_data(record, self.loaded.checklist, self.loaded.outline.appendix)

    def update(self, visit: Visit, change: Callable[[UnitRecord], T]) -> T:
        """Apply `change` to the unit's findings under its lock, then save them atomically."""
        path = self.path(visit)
        self.settle()  # before this unit's lock: settling takes the locks it needs
        with FileLock(lock_path(path), display=self.ws.display(path)):
            # Temporary files of a writer killed mid-write; every writer holds this lock.
            for stale in _leftovers(path):
                Path(stale).unlink(missing_ok=True)
            record = self.read(visit)
            before = _contents(record)
            record.name = visit.unit.name
            result = change(record)
            if _contents(record) != before or not path.exists():
                self.write(visit, record)
        return result

    def _new_bytes(self, visit: Visit, record: UnitRecord) -> tuple[bytes | None, bytes, dict]:
        """(what to write, or None if the file already holds exactly it; the bytes; the data).
        A file made read-only is refused: someone meant it not to change."""
        data = self._data(record)
        path = self.path(visit)
        shown = self.ws.display(path)
        raw = record_text(visit.unit.name, data).encode("utf-8")
        if len(raw) > yamlfile.MAX_BYTES:  # never write a file this tool would refuse to read
            raise WorkspaceError(_(
                "{path}: with this change the file would be {size} MB, more than the {limit} MB "
                "a findings file may hold; nothing was changed. Put long texts in a document and "
                "attach it (`inspection attach`).").format(
                    path=shown, size=f"{len(raw) / 2**20:.1f}", limit=yamlfile.MAX_BYTES // 2**20))
        try:
            info = os.stat(path)
        except FileNotFoundError:
            info = None
        except OSError as exc:
            raise WorkspaceError(_("{path}: cannot be read: {reason}").format(
                path=shown, reason=exc.strerror or exc)) from exc
        if info is not None:
            if not info.st_mode & stat.S_IWUSR:
                raise WorkspaceError(_(
                    "{path}: the file is read-only, so nothing was changed. If it should be "
                    "changed, make it writable again (Windows: Properties, untick Read-only; "
                    "Linux: chmod u+w) and repeat.").format(path=shown))
            if info.st_size == len(raw) and _same(path, raw):
                return None, raw, data
        return raw, raw, data

    def write(self, visit: Visit, record: UnitRecord) -> None:
        """Save the unit's findings atomically, unless the file already holds exactly them (a
        change that changes nothing leaves the file, its date and its comments alone)."""
        path = self.path(visit)
        new, raw, data = self._new_bytes(visit, record)
        if new is not None:
            write_atomic(path, new, display=self.ws.display(path))
        cache_.remember(self.ws.cache_dir, path, raw, data)

    def update_many(self, changes: list[tuple[Visit, Callable[[UnitRecord, Transaction], T]]]
                    ) -> list[T]:
        """Apply `changes` to several units as one: after a crash or a kill, either all of them
        are saved or none. Each change may stage more files (evidence) in the transaction."""
        findings = self.ws.findings_dir
        make_folder(findings, self.ws.display(findings))
        with transaction.lock(findings):
            transaction.finish(self.ws.root, findings, self._lock_all)
            with self._lock_all([self.path(v) for v, _change in changes]):
                for visit, _change in changes:
                    for stale in _leftovers(self.path(visit)):
                        Path(stale).unlink(missing_ok=True)
                tx = Transaction(self.ws.root, findings)
                results, remembered = [], []
                try:
                    for visit, change in changes:
                        record = self.read(visit)
                        before = _contents(record)
                        record.name = visit.unit.name
                        results.append(change(record, tx))
                        path = self.path(visit)
                        if _contents(record) == before and path.exists():
                            continue
                        new, raw, data = self._new_bytes(visit, record)
                        if new is not None:
                            tx.stage(path, new)
                        remembered.append((path, raw, data))
                    tx.commit()
                except BaseException as exc:
                    made = (tx.folder / transaction.PLAN).exists()
                    if not made:
                        tx.abandon()
                    if isinstance(exc, OSError):
                        message = _("{folder}: the change could not be saved: {reason}; it "
                                    "will be finished by the next command") if made else \
                            _("{folder}: the change could not be saved: {reason}; nothing was "
                              "changed")
                        raise WorkspaceError(message.format(
                            folder=self.ws.display(findings),
                            reason=describe_os_error(exc))) from exc
                    raise
        for path, raw, data in remembered:
            cache_.remember(self.ws.cache_dir, path, raw, data)
        return results

    def recover(self, visit: Visit) -> tuple[Path, Path | None]:
        """Put back the last version of the unit's findings that was read whole, keeping the
        damaged file beside it; return (the file put back, where the damaged one went, if any).
        A findings file deleted by mistake comes back the same way."""
        path = self.path(visit)
        shown = self.ws.display(path)
        with FileLock(lock_path(path), display=shown):
            problems: list[Problem] = []
            missing = not os.path.lexists(path)
            if not missing:
                self.read(visit, problems, check=False)
                if not [p for p in problems if p.severity == "error"]:
                    raise InspectionError(_("{path}: the file reads whole; there is nothing to "
                                            "recover").format(path=shown))
            kept = cache_.last(self.ws.cache_dir, path)
            try:
                record = record_from_data(kept) if kept is not None else None
            except (KeyError, TypeError, ValueError):
                record = None
            if record is None or record.unit != visit.unit.slug:
                raise InspectionError(_(
                    "{path}: no earlier version of this file was kept (the cache folder {cache}/ "
                    "was deleted?). Restore it from a backup, or correct it by hand and run "
                    "`inspection check`.").format(path=shown, cache=CACHE_DIR))
            damaged = None
            if not missing:
                stamp = now().replace(":", "").replace("-", "")[:15]
                damaged = path.with_name(f"{path.name}.damaged-{stamp}")
                try:
                    os.replace(path, damaged)
                except OSError as exc:
                    raise InspectionError(_("{path}: cannot be moved aside: {reason}; nothing "
                                            "was changed").format(
                                                path=shown, reason=exc.strerror or exc)) from exc
            self.write(visit, record)
        return path, damaged

    # -- the changes the commands make -------------------------------------------------
    def record_answer(self, visit: Visit, item: str, site: str, changes: dict, by: str | None,
                      amend_of: str | None = None, add: dict | None = None) -> Answer:
        """Set some fields of the answer for (item, site), and append to others (`add`);
        every other field keeps its value on disk.

        `amend_of` is the time of this person's previous save of the same answer in the same
        sitting: if the answer on disk is still that one, it is amended in place rather than
        pushed into the history.
        """
        def change(record: UnitRecord) -> Answer:
            current = record.finding(item, site)
            base = current.answer if current else Answer()
            updates = dict(changes)
            for name, more in (add or {}).items():
                updates[name] = tuple(getattr(base, name)) + tuple(more)
            answer = replace(base, **updates, recorded_by=by, recorded_at=now())
            amend = (amend_of is not None and current is not None
                     and current.answer.recorded_at == amend_of and current.answer.recorded_by == by)
            record.findings[(item, site)] = with_answer(current, item, site, answer, amend)
            return record.findings[(item, site)].answer
        return self.update(visit, change)

    def save_answer(self, visit: Visit, item: str, site: str, answer: Answer, by: str | None,
                    base: str | None) -> Answer:
        """Make `answer` (every field but the evidence) the answer for (item, site), if the one
        on disk is still the version `base` (its recorded_at; None: there was none), under the
        unit's lock; else EditConflict, nothing written. The answer replaced goes to the
        history; saving what is already there changes nothing."""
        def change(record: UnitRecord) -> Answer:
            current = record.finding(item, site)
            now_at = current.answer.recorded_at if current and not current.answer.is_empty \
                else None
            if now_at != (base or None):
                raise EditConflict(_(
                    "{item} was saved by {who} at {when} after this page was opened: your "
                    "text was not saved over theirs; both are shown, keep one or join them "
                    "and save again").format(
                        item=item, who=current.answer.recorded_by if current else "?",
                        when=moment(now_at) if now_at else "?"), current.answer if current
                    else Answer())
            old = current.answer if current else Answer()
            new = replace(answer, evidence=old.evidence, recorded_by=by, recorded_at=now())
            if current is not None and new == old:
                return old
            record.findings[(item, site)] = with_answer(current, item, site, new)
            return new
        return self.update(visit, change)

    def restore(self, visit: Visit, item: str, site: str, version: int, by: str | None) -> Answer:
        """Make an earlier version (1 = the oldest) the current answer; the current one is kept."""
        def change(record: UnitRecord) -> Answer:
            current = record.finding(item, site)
            if current is None or not 1 <= version <= len(current.history):
                count = len(current.history) if current else 0
                raise InspectionError(_(
                    "{item} ({site}) has {count} earlier version(s); there is no version "
                    "{version}").format(item=item, site=site, count=count, version=version))
            chosen = replace(current.history[version - 1], recorded_by=by, recorded_at=now())
            record.findings[(item, site)] = with_answer(current, item, site, chosen)
            return chosen
        return self.update(visit, change)

    def set_indicator(self, visit: Visit, row: str, period: str, by: str | None, *,
                      reported: str | None = None, verified: str | None = None) -> IndicatorValue:
        """Set the reported and/or verified figure of an indicator for a period."""
        def change(record: UnitRecord) -> IndicatorValue:
            put_figure(record, row, period, by, now(), reported=reported, verified=verified)
            return record.indicators[(row, period)].value
        return self.update(visit, change)
