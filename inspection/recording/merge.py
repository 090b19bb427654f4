"""Bringing in the findings recorded on another laptop, and settling the answers that differ.

A member's answers arrive as another workspace (or its findings folder), or as a bundle made
by `inspection pack`. Per answer: new ones are added; identical ones are ignored; one that the
other side changed from ours (ours is in its history) replaces ours, ours going to the
history; ours being newer than theirs (theirs in our history) keeps ours. Anything else is a
conflict: ours stays current and theirs is kept beside it until `inspection resolve` picks one.
Nothing is overwritten without being kept.
"""

from __future__ import annotations

import json
import os
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Iterator

from ..errors import InspectionError, Problem
from ..files import yamlfile
from ..files.atomic import write_output
from ..files.transaction import Transaction
from ..files.findings import incomplete, parse_unit_record
from ..i18n import _
from ..model.campaign import Visit
from ..model.findings import Evidence, UnitRecord, now
from ..values import field, replace, value
from ..vn.text import fold
from .store import FindingsStore

BUNDLE_LIMIT = 4 * 1024**3  # refuse bundles that would unpack to more than this


@value(frozen=False)
class MergeCount:
    """What a merge did to one unit."""

    unit: str
    added: int = 0
    identical: int = 0
    updated: int = 0
    kept_ours: int = 0
    conflicts: int = 0
    evidence: int = 0
    notes: list[str] = field(default_factory=list)


# -- where the other side's findings come from ---------------------------------------


class _Source:
    """The other side: a workspace, a findings folder or a bundle (.zip)."""

    def __init__(self, path: Path):
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        if path.is_file():
            try:
                self.zip = zipfile.ZipFile(path)
                total = sum(info.file_size for info in self.zip.infolist())
            except (zipfile.BadZipFile, OSError) as exc:
                raise InspectionError(_("{path}: this is not a findings bundle (.zip made by "
                                        "`inspection pack`): {reason}").format(
                                            path=path, reason=exc)) from None
            if total > BUNDLE_LIMIT:
                raise InspectionError(_("{path}: the bundle would unpack to {size} GB; refused")
                                      .format(path=path, size=f"{total / 1e9:.1f}"))
            self._check_whole()
            self.manifest = self._manifest()
        elif (path / "findings").is_dir():
            self.root, self.findings = path, path / "findings"
            self.manifest = {}
        elif path.is_dir():
            self.root, self.findings = path.parent, path
            self.manifest = {}
        else:
            raise InspectionError(_("{path}: there is no such folder or bundle").format(path=path))

    def _check_whole(self) -> None:
        """Read every part of the bundle once, so that a damaged one stops the merge before
        anything is changed."""
        refused = _("{path}: this bundle cannot be merged; nothing was merged. Ask the member "
                    "for a new one (`inspection pack`).").format(path=self.path)
        try:
            bad = self.zip.testzip()
        except NotImplementedError as exc:  # before RuntimeError, of which it is a kind
            raise InspectionError(refused + " " + _(
                "Some of its parts are compressed in a way this tool cannot read ({reason})")
                .format(reason=exc)) from None
        except RuntimeError as exc:  # zipfile says so of encrypted parts
            raise InspectionError(refused + " " + _(
                "Some of its parts are protected by a password ({reason})").format(
                    reason=exc)) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            raise InspectionError(refused + " " + _("It is damaged ({reason})").format(
                reason=exc)) from None
        if bad is not None:
            raise InspectionError(refused + " " + _(
                "Its part {part} is damaged (its checksum is wrong)").format(part=bad))

    def _manifest(self) -> dict:
        try:
            found = json.loads(self.zip.read("manifest.json").decode("utf-8"))
        except KeyError:
            return {}
        except (ValueError, UnicodeDecodeError):
            found = None
        if not isinstance(found, dict):
            raise InspectionError(_("{path}: its manifest.json is not what `inspection pack` "
                                    "writes; nothing was merged. Ask the member for a new "
                                    "bundle.").format(path=self.path))
        return found

    def campaign(self) -> str | None:
        if self.zip is not None:
            return self.manifest.get("campaign")
        schedule = self.root / "schedule.yaml"
        if schedule.is_file():
            doc = yamlfile.load(schedule, str(schedule), [])
            if doc is not None and isinstance(doc.data, dict):
                return doc.data.get("id")
        return None

    def unit_files(self) -> Iterator[tuple[str, str, bytes]]:
        """(slug, shown name, content) of every findings file."""
        if self.zip is not None:
            for info in sorted(self.zip.infolist(), key=lambda i: i.filename):
                posix = PurePosixPath(info.filename)
                if (not info.is_dir() and len(posix.parts) == 2 and posix.parts[0] == "findings"
                        and posix.suffix == ".yaml"):
                    yield posix.stem, f"{self.path.name}:{info.filename}", self.zip.read(info)
        else:
            for path in sorted(self.findings.glob("*.yaml")):
                if path.is_file():  # a folder or a named pipe called so is no unit's findings
                    yield path.stem, str(path), path.read_bytes()

    def open_evidence(self, relative: str):
        """A readable file object for an evidence file of the other side, or None."""
        posix = PurePosixPath(relative)
        if posix.is_absolute() or ".." in posix.parts:
            return None
        if self.zip is not None:
            try:
                return self.zip.open(str(posix))
            except KeyError:
                return None
        path = self.root / posix
        return path.open("rb") if path.is_file() else None


# -- merging ----------------------------------------------------------------------------


def _key(version) -> tuple:
    return (version, version.recorded_by, version.recorded_at)


def _union(*groups) -> tuple:
    seen, result = set(), []
    for group in groups:
        for version in group:
            if _key(version) not in seen:
                seen.add(_key(version))
                result.append(version)
    return tuple(result)


def _merge_entry(ours, theirs, attr: str):
    """Merge one answer (attr "answer") or figure (attr "value"); return (entry, outcome)."""
    if ours is None:
        return theirs, "added"
    mine, other = getattr(ours, attr), getattr(theirs, attr)
    if mine == other:
        conflicts = _union(ours.conflicts, [c for c in theirs.conflicts if c != mine])
        return replace(ours, conflicts=conflicts), ("identical" if conflicts == ours.conflicts else "conflicts")
    if other in ours.history:
        conflicts = _union(ours.conflicts, [c for c in theirs.conflicts if c != mine])
        return replace(ours, conflicts=conflicts), "kept_ours"
    if mine in theirs.history:
        history = _union(ours.history, theirs.history, [mine])
        history = tuple(v for v in history if not (v == other and _key(v) == _key(other)))
        conflicts = _union(ours.conflicts, [c for c in theirs.conflicts if c != other])
        return replace(theirs, history=history, conflicts=conflicts), "updated"
    conflicts = _union(ours.conflicts, [other], [c for c in theirs.conflicts if c != mine])
    if conflicts == ours.conflicts:  # a conflict already known from an earlier merge
        return ours, "identical"
    return replace(ours, conflicts=conflicts), "conflicts"


def merge_record(ours: UnitRecord, theirs: UnitRecord, count: MergeCount) -> None:
    """Merge `theirs` into `ours` (evidence apart), counting what happens."""
    for key, entry in theirs.findings.items():
        merged, outcome = _merge_entry(ours.findings.get(key), entry, "answer")
        ours.findings[key] = merged
        setattr(count, outcome, getattr(count, outcome) + 1)
    for key, entry in theirs.indicators.items():
        merged, outcome = _merge_entry(ours.indicators.get(key), entry, "value")
        ours.indicators[key] = merged
        setattr(count, outcome, getattr(count, outcome) + 1)
    for row, text in theirs.notes.items():
        mine = ours.notes.get(row)
        if mine is None:
            ours.notes[row] = text
        elif mine != text:
            ours.notes[row] = f"{mine}\n{text}"
            count.notes.append(_("the notes of indicator row {row} differed: both are kept, "
                                 "one after the other").format(row=row))


def _rename_evidence(theirs: UnitRecord, old: str, new: str) -> None:
    for key, finding in theirs.findings.items():
        refs = tuple(new if ref == old else ref for ref in finding.answer.evidence)
        theirs.findings[key] = replace(finding, answer=replace(finding.answer, evidence=refs))


def merge_path(store: FindingsStore, path: Path) -> tuple[list[MergeCount], list[Problem]]:
    """Merge the findings at `path` (workspace, findings folder or bundle) into the store."""
    source = _Source(path)
    campaign = source.campaign()
    own = store.loaded.campaign.id
    if campaign and campaign != own:
        raise InspectionError(_("{path} holds findings of campaign {campaign}, not of this "
                                "workspace's campaign {own}; nothing was merged").format(
                                    path=path, campaign=campaign, own=own))
    by_slug = {v.unit.slug: v for v in store.loaded.campaign.visits}
    by_name = {fold(v.unit.name): v for v in store.loaded.campaign.visits}
    planned, problems = [], []
    for slug, shown, content in source.unit_files():
        own_problems: list[Problem] = []
        cut = incomplete(content, shown, _("ask the member for a new copy"))
        if cut is not None:
            problems.append(cut)
            continue
        doc = yamlfile.parse_bytes(content, shown, own_problems)
        if doc is not None and doc.data is None:
            own_problems.append(Problem(shown, None, "", _("the file is empty")))
        record = parse_unit_record(doc, own_problems) if doc is not None and doc.data else None
        visit = by_slug.get(slug) or (by_name.get(fold(record.name)) if record else None)
        if visit is None:
            problems.append(Problem(shown, None, "",
                                    _("this unit is not in the schedule; it was not merged"),
                                    "warning"))
            continue
        if record is not None:
            # Checked against our campaign, but not for evidence files in our workspace: they
            # come with the merge (from the bundle or the other workspace).
            parse_unit_record(doc, own_problems, replace(store.context(visit), root=None))
        errors = [p for p in own_problems if p.severity == "error"]
        if errors or record is None:
            problems.extend(errors or own_problems)
            continue
        planned.append((visit, record))
    if any(p.severity == "error" for p in problems):
        return [], problems  # all or nothing: every file is read and checked before any change
    counts = [MergeCount(visit.unit.name) for visit, _record in planned]
    # All or nothing again when saving: every unit and every evidence file in one change.
    store.update_many([(visit, _merge_unit(store, source, record, count))
                       for (visit, record), count in zip(planned, counts)])
    return counts, problems


def _merge_unit(store: FindingsStore, source: _Source, theirs: UnitRecord, count: MergeCount):
    """The change that merges `theirs` into our record of the unit."""
    def change(ours: UnitRecord, tx: Transaction) -> None:
        by_hash = {e.sha256: e for e in ours.evidence}
        ids = {e.id for e in ours.evidence}
        for evidence in theirs.evidence:
            if evidence.sha256 in by_hash:
                if by_hash[evidence.sha256].id != evidence.id:
                    _rename_evidence(theirs, evidence.id, by_hash[evidence.sha256].id)
                continue
            new_id = evidence.id
            n = 2
            while new_id in ids:
                new_id, n = f"{evidence.id}-{n}", n + 1
            if new_id != evidence.id:
                _rename_evidence(theirs, evidence.id, new_id)
            copied = _copy_evidence(store, source, evidence, tx)
            if copied is None:
                count.notes.append(_("evidence {name} could not be found on the other side: its "
                                     "record is kept, the file is missing").format(
                                         name=evidence.original_name))
            ours.evidence.append(replace(evidence, id=new_id, file=copied or evidence.file))
            ids.add(new_id)
            by_hash[evidence.sha256] = ours.evidence[-1]
            count.evidence += 1
        merge_record(ours, theirs, count)
    return change


def _copy_evidence(store: FindingsStore, source: _Source, evidence: Evidence,
                   tx: Transaction) -> str | None:
    """Copy an evidence file from the other side into ours; return its path in our workspace."""
    stream = source.open_evidence(evidence.file)
    if stream is None:
        return None
    ws = store.ws
    wanted = PurePosixPath(evidence.file.replace("\\", "/"))
    if wanted.is_absolute() or ".." in wanted.parts or wanted.parts[:1] != ("evidence",) \
            or len(wanted.parts) < 2:
        wanted = PurePosixPath("evidence", visit_folder(evidence.file))
    target = ws.root / wanted  # a link on the way out of the workspace is refused when writing
    stem, suffix, n = target.stem, target.suffix, 2
    while tx.taken(target):
        target, n = target.with_name(f"{stem}-{n}{suffix}"), n + 1
    with stream:
        tx.stage_stream(target, stream)
    return target.relative_to(ws.root).as_posix()


def visit_folder(relative: str) -> str:
    return PurePosixPath(relative).name or "tai-lieu"


# -- resolving --------------------------------------------------------------------------


def conflicts(store: FindingsStore) -> list[tuple[Visit, str, str, int]]:
    """(visit, "finding"/"indicator", key text, number of versions) of every open conflict."""
    result = []
    for visit in store.loaded.campaign.visits:
        record = store.read(visit)
        for (item, site), finding in record.findings.items():
            if finding.conflicts:
                result.append((visit, "finding", f"{item} {site}", len(finding.conflicts) + 1))
        for (row, period), entry in record.indicators.items():
            if entry.conflicts:
                result.append((visit, "indicator", f"{row} {period}", len(entry.conflicts) + 1))
    return result


def resolve(store: FindingsStore, visit: Visit, key: tuple[str, str], keep: int, by: str,
            indicator: bool = False):
    """Keep version `keep` (1 = the current one, 2… = the conflicting ones) of an answer or figure.

    The versions not kept go to the history: nothing is lost.
    """
    attr = "value" if indicator else "answer"

    def change(record: UnitRecord):
        entries = record.indicators if indicator else record.findings
        entry = entries.get(key)
        if entry is None or not entry.conflicts:
            raise InspectionError(_("{key} of {unit} has no conflict to resolve").format(
                key=" ".join(key), unit=visit.unit.name))
        versions = (getattr(entry, attr),) + entry.conflicts
        if not 1 <= keep <= len(versions):
            raise InspectionError(_("there are {n} versions; choose 1 to {n}").format(
                n=len(versions)))
        chosen = versions[keep - 1]
        others = tuple(v for i, v in enumerate(versions) if i != keep - 1)
        entries[key] = replace(entry, **{attr: chosen}, history=_union(entry.history, others),
                               conflicts=())
        return chosen
    return store.update(visit, change)


# -- packing ----------------------------------------------------------------------------


def pack(store: FindingsStore, target: Path, by: str) -> tuple[int, int]:
    """Write a bundle (.zip) of the workspace's findings and evidence; return (units, files)."""
    ws = store.ws
    root = ws.root
    # What would reach the team lead is checked first: a unit's findings that cannot be read
    # (cut short, edited wrongly, a folder or a pipe in its place) would be missing there.
    problems: list[Problem] = []
    for visit in store.loaded.campaign.visits:
        if os.path.lexists(store.path(visit)):
            store.read(visit, problems, check=False)
    units = sorted(p for p in ws.findings_dir.glob("*.yaml")) if ws.findings_dir.is_dir() else []
    evidence = sorted(ws.evidence_dir.rglob("*")) if ws.evidence_dir.is_dir() else []
    evidence_root = ws.evidence_dir.resolve()
    for path in evidence:
        if path.is_symlink() and not path.resolve().is_relative_to(evidence_root):
            problems.append(Problem(path.relative_to(root).as_posix(), None, "",
                                    _("this is a link to a file outside the workspace; attach "
                                      "the file itself (`inspection attach`)")))
    problems = [p for p in problems if p.severity == "error"]
    if problems:
        raise InspectionError("\n".join([str(p) for p in problems] + [
            _("{n} error(s); nothing was packed. Fix them (`inspection check`) and pack again.")
            .format(n=len(problems))]))
    units = [p for p in units if p.is_file()]
    evidence = [p for p in evidence if p.is_file()]
    manifest = {"campaign": store.loaded.campaign.id, "packed_by": by, "packed_at": now(),
                "units": [p.stem for p in units]}

    def write(stream) -> None:
        with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            bundle.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
            for path in units + evidence:
                bundle.write(path, path.relative_to(root).as_posix())
    write_output(target, write, display=str(target))
    return len(units), len(units) + len(evidence)
