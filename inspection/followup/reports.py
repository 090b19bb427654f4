"""Recording what became of a recommendation: one report of the unit (by hand), documents that
prove it, and what the team found at the next visit of one carried from the previous campaign.

The command line and the browser form call these; each report is checked before anything is
copied or written, and only ever added to the recommendation's history.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from ..model.campaign import Visit
from ..values import replace
from . import evidence as evidence_
from . import listing, model, store
from .model import Tracked, UnitFollowup, Update

# What the team found of a carried recommendation, and the status that makes it
VERIFIED_STATUS = {model.FIXED: model.DONE, model.PARTLY_FIXED: model.IN_PROGRESS,
                   model.NOT_FIXED: model.NOT_STARTED}


def report(ws, visit: Visit, register: UnitFollowup, query: str, update: Update,
           evidence: Sequence[Path] = ()) -> Tracked:
    """Add `update` to the recommendation `query` names (its id, its number in the conclusion
    or its id in the draft), with copies of `evidence`; return it as it is now."""
    rec = listing.find(register, query)
    store.check_update(rec.id, update)  # before any evidence is copied
    if evidence:
        update = replace(update, evidence=evidence_.keep(ws, visit.unit.slug, rec.id, evidence))
    return store.add_update(ws, visit.unit.slug, visit.unit.name, rec.id, update)


def verify(ws, visit: Visit, register: UnitFollowup, query: str, result: str, *,
           note: str | None, by: str, evidence: Sequence[Path] = ()) -> Tracked:
    """Record what the team found at this visit of a recommendation carried from the previous
    campaign: đã khắc phục, khắc phục một phần or chưa khắc phục (model.VERIFIED_TEXT)."""
    update = Update(status=VERIFIED_STATUS[result], done=note, reported_by=by, recorded_by=by,
                    via="verify", verified=result)
    return report(ws, visit, register, query, update, evidence)


def attach(ws, visit: Visit, register: UnitFollowup, query: str, files: Sequence[Path], *,
           note: str | None, by: str) -> Tracked:
    """Attach documents proving what became of a recommendation, its status unchanged."""
    rec = listing.find(register, query)
    return report(ws, visit, register, rec.id, Update(
        status=rec.status, done=note, reported_by=by, recorded_by=by, via="attach"), files)
