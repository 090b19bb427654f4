"""Rendering a batch of documents: each written atomically, hand edits noticed and kept.

`jobs_for` lists the documents of some kinds and units, `prepare` reads what they need before
anything is written (templates compiled, findings read), `render_jobs` writes them. A document
changed by hand since it was rendered is kept unless forced, and a document that cannot be
written does not stop the others.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Callable, Sequence

from ..errors import InspectionError
from ..files.atomic import write_atomic
from ..files.workspace import Loaded, Workspace
from ..model.campaign import Visit
from ..values import field, value
from .kinds import KINDS
from .templates import load_template

MANIFEST = ".inspection-rendered.json"


# -- rendering a batch --------------------------------------------------------------------------


@value
class Job:
    """One document to render."""

    kind: str
    visit: Visit | None
    target: Path


@value(frozen=False)
class Outcome:
    """What a batch did."""

    jobs: list[Job] = field(default_factory=list)  # every document of the batch, in order
    written: list[Job] = field(default_factory=list)
    kept: list[Job] = field(default_factory=list)  # changed by hand since rendered: not replaced
    failed: list[tuple[Job, str]] = field(default_factory=list)
    folder: Path | None = None
    # drafts (their paths) that miss findings recorded since, with how many: run `draft`
    stale: list[tuple[Path, int]] = field(default_factory=list)


def jobs_for(loaded: Loaded, kinds: Sequence[str], visits: Sequence[Visit] | None,
             folder: Path) -> list[Job]:
    """The documents of `kinds`: per-unit kinds for `visits` (all units when None)."""
    chosen = list(loaded.campaign.visits) if visits is None else list(visits)
    jobs = []
    for kind in kinds:
        entry = KINDS[kind]
        if entry.per_unit:
            jobs += [Job(kind, v, folder / entry.file_name(v)) for v in chosen]
        else:
            jobs.append(Job(kind, None, folder / entry.file_name()))
    return jobs


def chosen_visits(ws: Workspace, loaded: Loaded, kind: str, visits: Sequence[Visit] | None,
                  as_of=None) -> list[Visit] | None:
    """The units a document of `kind` is made for: `visits` (None: every unit), except for a
    kind that chooses its units (a reminder goes only where something is overdue on `as_of`,
    default its date or today): a unit named that it would not choose is an error."""
    import datetime as dt

    from ..i18n import _
    from ..vn.dates import short_date

    entry = KINDS[kind]
    chooser = entry.chooser()
    if chooser is None or not entry.per_unit:
        return None if visits is None else list(visits)
    as_of = as_of or loaded.campaign.document(kind).date or dt.date.today()
    given = list(loaded.campaign.visits) if visits is None else list(visits)
    chosen = chooser(ws, loaded, given, as_of)
    if visits is not None and len(chosen) < len(given):
        left = [v.unit.name for v in given if v not in chosen]
        raise InspectionError(_("{label}: {units} has no recommendation overdue or not reported "
                                "on by {date}; nothing to remind it of").format(
                                    label=entry.label, units=", ".join(left),
                                    date=short_date(as_of)))
    if not chosen:
        raise InspectionError(_("{label}: no unit has a recommendation overdue or not reported on "
                                "by {date} (inspection followup --overdue)").format(
                                    label=entry.label, date=short_date(as_of)))
    return chosen


class Manifest:
    """What this tool last wrote into an output folder, to notice files changed by hand."""

    def __init__(self, folder: Path):
        self.path = folder / MANIFEST
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.hashes = {k: v for k, v in data.get("files", {}).items() if isinstance(v, str)}
        except (OSError, ValueError, AttributeError):
            self.hashes = {}

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    def changed_by_hand(self, target: Path) -> bool:
        """Whether `target` exists and is not what this tool last wrote there."""
        try:
            current = self.digest(target.read_bytes())
        except FileNotFoundError:
            return False
        except OSError:
            return True
        return self.hashes.get(target.name) != current

    def save(self) -> None:
        data = {"about": "Files written by `inspection render`, to notice changes made by hand.",
                "files": dict(sorted(self.hashes.items()))}
        write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                     display=str(self.path))


def prepare(ws: Workspace, loaded: Loaded, jobs: Sequence[Job], template: Path | None = None):
    """What a batch needs, read before anything is written: the templates (compiled, so a
    syntax error stops the batch) and the findings of the units of its documents made per
    unit. The summary report reads every unit's in its own pass, letting each go once counted
    (gathering.py): a bad file stops it before it is written, as here."""
    from ..recording.store import FindingsStore
    from .data import DocumentData

    templates = {kind: load_template(ws, kind, template)
                 for kind in dict.fromkeys(job.kind for job in jobs)}
    data = DocumentData(loaded, store=FindingsStore(ws, loaded))
    data.read(job.visit for job in jobs if job.visit is not None)
    return templates, data


def render_jobs(ws: Workspace, loaded: Loaded, jobs: Sequence[Job], *,
                template: Path | None = None, force: bool = False,
                progress: Callable[[Job], None] | None = None, prepared=None) -> Outcome:
    """Render `jobs`, writing each document atomically; a document changed by hand since it
    was rendered is kept (unless `force`), and a document that cannot be written does not stop
    the others. `prepared` is what `prepare` returned, when the caller already called it."""
    templates, data = prepared or prepare(ws, loaded, jobs, template)
    outcome = Outcome(list(jobs), folder=jobs[0].target.parent if jobs else None)
    manifests: dict[Path, Manifest] = {}
    try:
        for job in jobs:
            manifest = manifests.get(job.target.parent) or manifests.setdefault(
                job.target.parent, Manifest(job.target.parent))
            if not force and manifest.changed_by_hand(job.target):
                outcome.kept.append(job)
            else:
                context = data.context(job.kind, job.visit, job.target.name)
                document = templates[job.kind].render(context)
                try:
                    write_atomic(job.target, document, display=str(job.target))
                except InspectionError as exc:
                    outcome.failed.append((job, exc.message))
                else:
                    manifest.hashes[job.target.name] = Manifest.digest(document)
                    outcome.written.append(job)
            if progress is not None:
                progress(job)
        outcome.stale = _stale_drafts(ws, data, outcome.written)
    finally:  # even when a template fails midway, remember what was written
        for manifest in manifests.values():
            try:
                manifest.save()
            except InspectionError:
                pass  # the documents are written; only the notice of later hand edits is lost
    return outcome


def _stale_drafts(ws: Workspace, data, written: Sequence[Job]) -> list[tuple[Path, int]]:
    """The drafts the written conclusions and report came from that miss findings recorded
    after them (rendering never changes a draft: the lead runs `inspection draft`)."""
    import os

    from ..files.drafts import draft_path, report_path

    missing = data.missing_points
    out = []
    for job in written:
        if job.kind == "conclusion" and job.visit is not None:
            if count := missing(job.visit):
                out.append((draft_path(ws.root, job.visit.unit.slug), count))
        elif job.kind == "report" and os.path.lexists(report_path(ws.root)):
            # what its units' drafts miss, it misses too
            count = len(set(data.composed_report().drafted) - set(data.report_draft().drafted)) \
                + sum(missing(v) for v in data.campaign.visits)
            if count:
                out.append((report_path(ws.root), count))
    return out


def render_one(ws: Workspace, loaded: Loaded, kind: str, visit: Visit | None = None,
               template: Path | None = None) -> bytes:
    """One document as .docx bytes, written nowhere (for a caller using the library)."""
    from ..recording.store import FindingsStore
    from .data import DocumentData

    data = DocumentData(loaded, store=FindingsStore(ws, loaded))
    return load_template(ws, kind, template).render(data.context(kind, visit))

