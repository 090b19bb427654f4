"""The recommendation register on disk: followup/<unit>.yaml, one file per unit.

A change takes the unit's lock, reads the file as it is now, adds to it and writes it whole
and atomically, as the findings store does: two processes reporting for one unit wait for each
other, a crash leaves the old file or the new one, and a file that cannot be read (a bad hand
edit) is never written over. Reports of what became of a recommendation are only appended.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable

from ..errors import InspectionError, InvalidFiles, NotFound, Problem
from ..files import yamlfile
from ..files.atomic import FileLock, write_atomic
from ..files.schema import Reader
from ..files.workspace import Workspace
from ..i18n import _
from ..model.findings import now
from ..values import replace
from ..vn.dates import short_date
from . import model
from .model import Attachment, Tracked, UnitFollowup, Update

FOLDER = "followup"
LOCKS = ".locks"

_TRACKED_KEYS = ("id", "conclusion", "conclusion_date", "order", "text", "owner", "due",
                 "report_by", "ref", "campaign", "carried_from", "withdrawn", "updates")
_UPDATE_KEYS = ("status", "date", "done", "reason", "reported_by", "evidence", "documents",
                "recorded_by", "recorded_at", "via", "verified")
_VERIFIED_CHOICES = {key: key for key in model.VERIFIED_TEXT}
_ATTACHMENT_KEYS = ("file", "name", "sha256", "size")
_STATUS_CHOICES = {status: status for status in model.STATUSES}


def folder(ws: Workspace) -> Path:
    return ws.root / FOLDER


def unit_path(ws: Workspace, unit: str) -> Path:
    return folder(ws) / f"{unit}.yaml"


# -- to and from the file ---------------------------------------------------------------------
def _pruned(data: dict) -> dict:
    """Leave out what is empty, so that a file holds only what was said."""
    return {k: v for k, v in data.items() if v not in (None, "", (), [], False)}


def _update_data(update: Update) -> dict:
    return _pruned({
        "status": update.status, "date": short_date(update.date) if update.date else None,
        "done": update.done, "reason": update.reason, "reported_by": update.reported_by,
        "evidence": [_pruned({"file": a.file, "name": a.name, "sha256": a.sha256,
                              "size": a.size}) for a in update.evidence],
        "documents": update.documents,
        "recorded_by": update.recorded_by, "recorded_at": update.recorded_at, "via": update.via,
        "verified": update.verified})


def unit_data(register: UnitFollowup) -> dict:
    return {"unit": register.unit, "name": register.name, "recommendations": [_pruned({
        "id": r.id, "conclusion": r.conclusion,
        "conclusion_date": short_date(r.conclusion_date) if r.conclusion_date else None,
        "order": r.order, "text": r.text, "owner": r.owner,
        "due": short_date(r.due) if r.due else None,
        "report_by": short_date(r.report_by) if r.report_by else None,
        "ref": r.ref, "campaign": r.campaign, "carried_from": r.carried_from,
        "withdrawn": r.withdrawn,
        "updates": [_update_data(u) for u in r.updates]}) for r in register.recommendations]}


def _update(read: Reader, raw: Any, path: tuple) -> Update | None:
    data = read.mapping(raw, path, _UPDATE_KEYS, required=("status",))
    if data is None:
        return None
    status = read.choice(data.get("status"), path + ("status",), _STATUS_CHOICES)
    evidence = []
    for where, item in read.items(data.get("evidence"), path + ("evidence",)):
        entry = read.mapping(item, where, _ATTACHMENT_KEYS, required=("file",))
        if entry is not None:
            evidence.append(Attachment(
                file=read.text(entry.get("file"), where + ("file",)) or "",
                name=read.text(entry.get("name"), where + ("name",)) or "",
                sha256=read.text(entry.get("sha256"), where + ("sha256",)) or "",
                size=read.integer(entry.get("size"), where + ("size",), minimum=0) or 0))
    if status is None:
        return None
    return Update(status=status, date=read.date(data.get("date"), path + ("date",)),
                  done=read.text(data.get("done"), path + ("done",)),
                  reason=read.text(data.get("reason"), path + ("reason",)),
                  reported_by=read.text(data.get("reported_by"), path + ("reported_by",)),
                  evidence=tuple(evidence),
                  documents=read.text(data.get("documents"), path + ("documents",)),
                  recorded_by=read.text(data.get("recorded_by"), path + ("recorded_by",)),
                  recorded_at=read.text(data.get("recorded_at"), path + ("recorded_at",)),
                  via=read.text(data.get("via"), path + ("via",)),
                  verified=read.choice(data.get("verified"), path + ("verified",),
                                       _VERIFIED_CHOICES))


def _tracked(read: Reader, unit: str, raw: Any, path: tuple, seen: set[str]) -> Tracked | None:
    data = read.mapping(raw, path, _TRACKED_KEYS, required=("id", "text"))
    if data is None:
        return None
    rec_id = read.text(data.get("id"), path + ("id",), required=True)
    text = read.text(data.get("text"), path + ("text",), required=True)
    order = read.integer(data.get("order"), path + ("order",), minimum=1)
    updates = [_update(read, item, where)
               for where, item in read.items(data.get("updates"), path + ("updates",))]
    if rec_id in seen:
        read.error(path + ("id",), _("the recommendation {id} is listed twice").format(
            id=rec_id))
        return None
    if rec_id is None or text is None or None in updates:
        return None
    seen.add(rec_id)
    return Tracked(
        id=rec_id, unit=unit, text=text, order=order or 0,
        conclusion=read.text(data.get("conclusion"), path + ("conclusion",)) or "",
        conclusion_date=read.date(data.get("conclusion_date"), path + ("conclusion_date",)),
        owner=read.text(data.get("owner"), path + ("owner",)),
        due=read.date(data.get("due"), path + ("due",)),
        report_by=read.date(data.get("report_by"), path + ("report_by",)),
        ref=read.text(data.get("ref"), path + ("ref",)),
        campaign=read.text(data.get("campaign"), path + ("campaign",)) or "",
        carried_from=read.text(data.get("carried_from"), path + ("carried_from",)) or "",
        withdrawn=bool(read.boolean(data.get("withdrawn"), path + ("withdrawn",))),
        updates=tuple(u for u in updates if u is not None))


def read_unit(ws: Workspace, unit: str, name: str, problems: list[Problem]) -> UnitFollowup | None:
    """The unit's register as its file holds it: empty when there is no file yet, None (with
    the problems added) when the file cannot be read."""
    path = unit_path(ws, unit)
    if not path.exists() and not path.is_symlink():
        return UnitFollowup(unit=unit, name=name)
    before = len(problems)
    doc = yamlfile.load(path, ws.display(path), problems, cache=ws.cache_dir)
    if doc is None:
        return None
    read = Reader(doc, problems)
    data = read.mapping(doc.data, (), ("unit", "name", "recommendations"))
    if data is None:
        return None
    if read.text(data.get("unit"), ("unit",)) not in (None, unit):
        read.error(("unit",), _("this file is for the unit {found}, not {unit}").format(
            found=repr(data.get("unit")), unit=repr(unit)))
    seen: set[str] = set()
    recs = [_tracked(read, unit, item, where, seen)
            for where, item in read.items(data.get("recommendations"), ("recommendations",))]
    if any(p.severity == "error" for p in problems[before:]):
        return None
    return UnitFollowup(unit=unit, name=read.text(data.get("name"), ("name",)) or name,
                        recommendations=[r for r in recs if r is not None])


def change_unit(ws: Workspace, unit: str, name: str,
                change: Callable[[UnitFollowup], None]) -> UnitFollowup:
    """Apply `change` to the unit's register under its lock and write it; a file that cannot
    be read is left as it is and the change refused with its problems."""
    path = unit_path(ws, unit)
    lock = folder(ws) / LOCKS / f"{unit}.lock"
    with FileLock(lock, display=ws.display(lock)):
        problems: list[Problem] = []
        register = read_unit(ws, unit, name, problems)
        if register is None:
            raise InvalidFiles(problems)
        change(register)
        write_atomic(path, yamlfile.dump(unit_data(register)), display=ws.display(path))
    return register


def check_update(rec_id: str, update: Update, *, today: dt.date | None = None) -> None:
    """Refuse a report that cannot be true."""
    if update.status == model.NOT_FEASIBLE and not update.reason:
        raise InspectionError(_("{id}: say why it cannot be carried out (--reason)").format(
            id=rec_id))
    if update.status == model.DONE and update.date and update.date > (today or dt.date.today()):
        raise InspectionError(_("{id}: {date} is in the future: a recommendation is carried out "
                                "on a day that has come").format(
                                    id=rec_id, date=short_date(update.date)))


def add_update(ws: Workspace, unit: str, name: str, rec_id: str, update: Update, *,
               today: dt.date | None = None) -> Tracked:
    """Append one report to the recommendation `rec_id` of the unit; return it as it is now."""
    return add_updates(ws, unit, name, [(rec_id, update)], today=today)[0][0]


def same_report(one: Update, other: Update) -> bool:
    """Whether two reports say the same (the same form imported twice)."""
    return (one.status, one.date, one.done, one.reason, one.documents, one.evidence) == \
        (other.status, other.date, other.done, other.reason, other.documents, other.evidence)


def add_updates(ws: Workspace, unit: str, name: str, updates: list[tuple[str, Update]], *,
                today: dt.date | None = None, skip_same: bool = False
                ) -> list[tuple[Tracked, bool]]:
    """Append reports to recommendations of the unit, all in one write under its lock (all or
    none); return each recommendation as it is now, and whether the report was added: with
    `skip_same`, a report that says what the recommendation's last report says is not added
    again."""
    for rec_id, update in updates:
        check_update(rec_id, update, today=today)
    stamp = now()
    result: list[tuple[Tracked, bool]] = []

    def append(register: UnitFollowup) -> None:
        index = {rec.id: i for i, rec in enumerate(register.recommendations)}
        for rec_id, update in updates:
            if rec_id not in index:
                raise NotFound(_("{unit} has no recommendation {id}").format(unit=name, id=rec_id))
            i = index[rec_id]
            rec = register.recommendations[i]
            added = not (skip_same and rec.updates and same_report(rec.updates[-1], update))
            if added:
                if update.recorded_at is None:
                    update = replace(update, recorded_at=stamp)
                rec = register.recommendations[i] = replace(rec, updates=rec.updates + (update,))
            result.append((rec, added))

    change_unit(ws, unit, name, append)
    return result


def read_all(ws: Workspace, visits, *, problems: list[Problem] | None = None
             ) -> list[UnitFollowup]:
    """The register of every visit's unit, in the schedule's order (empty for a unit with no
    file yet). A file that cannot be read raises InvalidFiles naming every problem, unless
    `problems` is given to collect them (its unit then left out)."""
    collected: list[Problem] = [] if problems is None else problems
    registers = []
    for visit in visits:
        register = read_unit(ws, visit.unit.slug, visit.unit.name, collected)
        if register is not None:
            registers.append(register)
    if problems is None and any(p.severity == "error" for p in collected):
        raise InvalidFiles(collected)
    return registers
