"""Issuing documents: a number and a date given once, the document rendered one last time and
kept unchanged in issued/, with its SHA-256, who issued it and when (issued/register.yaml).

An issued document is never written over: rendering again writes a draft into output/, and
issuing again needs a reason and makes a new version beside the earlier one. The register keeps
the SHA-256 of the files the document was made from, so that `status` and `check` can say that
the findings or the draft moved on after the issue. Issuing a conclusion enters its
recommendations into the follow-up register (store.py).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, Sequence

from ..errors import InspectionError, InvalidFiles, Problem
from ..files import yamlfile
from ..files.atomic import FileLock, write_atomic
from ..files.schema import Reader
from ..files.workspace import Loaded, Workspace
from ..i18n import _
from ..model.campaign import Visit
from ..model.findings import now
from ..values import replace, value
from ..vn.dates import short_date
from .model import Inputs, Issued

FOLDER = "issued"
REGISTER = "register.yaml"
LOCK = ".lock"
_KEYS = ("kind", "unit", "number", "number_text", "date", "version", "file", "sha256", "pdf",
         "pdf_sha256", "issued_by", "issued_at", "reason", "inputs")


def folder(ws: Workspace) -> Path:
    return ws.root / FOLDER


def register_path(ws: Workspace) -> Path:
    return folder(ws) / REGISTER


def sha256_of(path: Path) -> str:
    """The file's SHA-256, "" when there is no such file."""
    import hashlib  # here: `status` and `check` import this module, and OpenSSL takes 4 ms

    digest = hashlib.sha256()
    try:
        with open(path, "rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return ""
    return digest.hexdigest()


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


# -- the register on disk ------------------------------------------------------------------
def _data(entry: Issued) -> dict:
    data: dict[str, Any] = {
        "kind": entry.kind, "unit": entry.unit or None, "number": entry.number,
        "number_text": entry.number_text, "date": short_date(entry.date),
        "version": entry.version, "file": entry.file, "sha256": entry.sha256,
        "pdf": entry.pdf or None, "pdf_sha256": entry.pdf_sha256 or None,
        "issued_by": entry.issued_by, "issued_at": entry.issued_at, "reason": entry.reason,
        "inputs": [{"file": f, "sha256": h} for f, h in entry.inputs.files] or None}
    return {k: v for k, v in data.items() if v is not None}


def _entry(read: Reader, raw: Any, path: tuple) -> Issued | None:
    data = read.mapping(raw, path, _KEYS, required=("kind", "number", "date", "file", "sha256"))
    if data is None:
        return None
    inputs = []
    for where, item in read.items(data.get("inputs"), path + ("inputs",)):
        entry = read.mapping(item, where, ("file", "sha256"), required=("file",))
        if entry is not None:
            inputs.append((read.text(entry.get("file"), where + ("file",)) or "",
                           read.text(entry.get("sha256"), where + ("sha256",)) or ""))
    values = dict(
        kind=read.text(data.get("kind"), path + ("kind",)),
        unit=read.text(data.get("unit"), path + ("unit",)) or "",
        number=read.integer(data.get("number"), path + ("number",), minimum=0),
        number_text=read.text(data.get("number_text"), path + ("number_text",)) or "",
        date=read.date(data.get("date"), path + ("date",)),
        version=read.integer(data.get("version"), path + ("version",), minimum=1) or 1,
        file=read.text(data.get("file"), path + ("file",)),
        sha256=read.text(data.get("sha256"), path + ("sha256",)),
        pdf=read.text(data.get("pdf"), path + ("pdf",)) or "",
        pdf_sha256=read.text(data.get("pdf_sha256"), path + ("pdf_sha256",)) or "",
        issued_by=read.text(data.get("issued_by"), path + ("issued_by",)),
        issued_at=read.text(data.get("issued_at"), path + ("issued_at",)),
        reason=read.text(data.get("reason"), path + ("reason",)))
    if None in (values["kind"], values["number"], values["date"], values["file"],
                values["sha256"]):
        return None
    return Issued(**values, inputs=Inputs(tuple(inputs)))


def read_register(ws: Workspace, problems: list[Problem] | None = None) -> list[Issued]:
    """Every version of every issued document, in the order issued (none without a register).
    A register that cannot be read raises InvalidFiles, unless `problems` collects them."""
    path = register_path(ws)
    if not path.exists() and not path.is_symlink():
        return []
    collected: list[Problem] = [] if problems is None else problems
    before = len(collected)
    doc = yamlfile.load(path, ws.display(path), collected)
    entries: list[Issued] = []
    if doc is not None:
        read = Reader(doc, collected)
        data = read.mapping(doc.data, (), ("documents",))
        if data is not None:
            for where, raw in read.items(data.get("documents"), ("documents",)):
                entry = _entry(read, raw, where)
                if entry is not None:
                    entries.append(entry)
    if problems is None and any(p.severity == "error" for p in collected[before:]):
        raise InvalidFiles(collected)
    return entries


def latest(entries: Sequence[Issued]) -> dict[tuple[str, str], Issued]:
    """The last version of each document, by (kind, unit)."""
    found: dict[tuple[str, str], Issued] = {}
    for entry in entries:
        if entry.key not in found or entry.version >= found[entry.key].version:
            found[entry.key] = entry
    return found


def _write_register(ws: Workspace, entries: Sequence[Issued]) -> None:
    path = register_path(ws)
    text = ("# The documents issued: written by `inspection issue`; do not edit.\n"
            + yamlfile.dump({"documents": [_data(e) for e in entries]}))
    write_atomic(path, text, display=ws.display(path))


# -- what a document was made from --------------------------------------------------------------
def _folder_digest(ws: Workspace, name: str) -> tuple[str, str]:
    """One digest of every .yaml file of a folder: the report's inputs, without 3,000 lines."""
    import hashlib

    digest = hashlib.sha256()
    root = ws.root / name
    for path in sorted(root.glob("*.yaml")) if root.is_dir() else ():
        digest.update(f"{path.name}\0{sha256_of(path)}\n".encode())
    return f"{name}/", digest.hexdigest()


def input_files(ws: Workspace, kind: str, visit: Visit | None) -> list[tuple[str, str]]:
    """The files a document is made from, with their SHA-256 now."""
    def one(path: Path) -> tuple[str, str]:
        return ws.display(path), sha256_of(path)

    from ..documents.kinds import KINDS
    from ..files.drafts import REPORT, draft_path

    files = [one(ws.schedule_path)]
    if kind in KINDS and not KINDS[kind].in_all:
        # a reminder or the follow-up report says where things stood on its date: the reports
        # that come in afterwards are what it asked for, not a change to issue it again for
        return files
    if visit is not None:
        files += [one(ws.findings_dir / f"{visit.unit.slug}.yaml"),
                  one(draft_path(ws.root, visit.unit.slug))]
    elif kind == "report":
        files += [one(draft_path(ws.root, REPORT)), _folder_digest(ws, "findings"),
                  _folder_digest(ws, "drafts")]
    return files


def _current(ws: Workspace, name: str) -> str:
    if name.endswith("/"):
        return _folder_digest(ws, name.rstrip("/"))[1]
    return sha256_of(ws.root / name)


def changed_since_issue(ws: Workspace, entry: Issued) -> list[str]:
    """The files (workspace paths) changed since `entry` was issued."""
    return [name for name, sha in entry.inputs.files if _current(ws, name) != sha]


def check_kept(ws: Workspace, entry: Issued) -> list[str]:
    """What is wrong with the kept files of `entry`: missing, or not what was issued."""
    problems = []
    for name, sha in ((entry.file, entry.sha256), (entry.pdf, entry.pdf_sha256)):
        if not name:
            continue
        current = sha256_of(ws.root / name)
        if not current:
            problems.append(_("{file}: missing").format(file=name))
        elif current != sha:
            problems.append(_("{file}: changed since it was issued (its SHA-256 is no longer the "
                              "one recorded)").format(file=name))
    return problems


# -- issuing ----------------------------------------------------------------------------------
@value
class Target:
    """One document to issue: its kind and, for a kind made per unit, the unit's visit."""

    kind: str
    visit: Visit | None

    @property
    def unit(self) -> str:
        return self.visit.unit.slug if self.visit is not None else ""

    def name(self) -> str:
        from ..documents.kinds import KINDS

        label = KINDS[self.kind].label
        return f"{label} ({self.visit.unit.name})" if self.visit is not None else label


def _planned(loaded: Loaded, target: Target) -> int | None:
    """The number the schedule gives the document, if any."""
    if target.visit is not None and target.kind in target.visit.numbers:
        return target.visit.numbers[target.kind]
    return loaded.campaign.document(target.kind).number


def _number_text(loaded: Loaded, kind: str, number: int) -> str:
    from ..documents.kinds import KINDS

    from ..vn.numbers import doc_number

    return doc_number(loaded.campaign.document(kind).number_pattern, number, KINDS[kind].code)


def _plan(loaded: Loaded, targets: Sequence[Target], entries: list[Issued], *,
          number: int | None, date: dt.date | None, reason: str | None, today: dt.date
          ) -> list[tuple[Target, int, dt.date, int]]:
    """The number, date and version of each target, every problem named before any is issued."""
    current = latest(entries)
    # Kinds that print their numbers alike (a report and the follow-up report: "…/BC-…")
    # draw them from one series: a number is taken by whichever document printed it first.
    taken: dict[str, tuple[str, str]] = {e.number_text: e.key for e in current.values()}
    series = {kind: loaded.campaign.document(kind).number_pattern for kind in
              {t.kind for t in targets} | {e.kind for e in current.values()}
              if kind in loaded.campaign.documents}
    problems, planned = [], []
    if number is not None and len(targets) > 1:
        raise InspectionError(_("--number gives the number of one document; {count} are to be "
                                "issued: name one unit").format(count=len(targets)))
    for target in targets:
        key = (target.kind, target.unit)
        before = current.get(key)
        if before is not None and not reason:
            problems.append(_("{document} was issued already as số {number} on {date} "
                              "({file}); to issue it again, say why with --reason").format(
                document=target.name(), number=before.number_text,
                date=short_date(before.date), file=before.file))
            continue
        chosen = number if number is not None else (
            before.number if before is not None else _planned(loaded, target))
        if chosen is None:
            chosen = 1 + max((e.number for e in current.values() if series.get(e.kind) ==
                              series[target.kind]), default=0)
            while _number_text(loaded, target.kind, chosen) in taken:  # issued in this batch
                chosen += 1
        printed = _number_text(loaded, target.kind, chosen)
        holder = taken.get(printed)
        if holder is not None and holder != key:
            problems.append(_("{document}: số {number} is the number of another document "
                              "already issued{unit}; choose another with --number").format(
                document=target.name(), number=_number_text(loaded, target.kind, chosen),
                unit=f" ({holder[1]})" if holder[1] else ""))
            continue
        when = date or (before.date if before is not None else None) or (
            target.visit.end if target.kind == "minutes" and target.visit is not None else None
        ) or loaded.campaign.document(target.kind).date or today
        if when > today:
            problems.append(_("{document}: its date {date} is still to come; give the day it is "
                              "issued with --date").format(document=target.name(),
                                                           date=short_date(when)))
            continue
        taken[printed] = key
        planned.append((target, chosen, when, (before.version + 1) if before else 1))
    if problems:
        raise InspectionError("\n".join(problems))
    return planned


def _kept_name(target: Target, version: int) -> str:
    from ..documents.kinds import KINDS

    name = KINDS[target.kind].file_name(target.visit)
    if version > 1:
        name = name.removesuffix(".docx") + f"-v{version}.docx"
    return f"{FOLDER}/{name}"


def issue(ws: Workspace, loaded: Loaded, targets: Sequence[Target], *, by: str | None,
          number: int | None = None, date: dt.date | None = None, reason: str | None = None,
          today: dt.date | None = None, pdf: bool = True, progress=None) -> list[Issued]:
    """Issue `targets`: number, date, render and keep each; return the entries added.

    Nothing is issued when any target cannot be (already issued without a reason, a number
    taken, a date to come). The register is written after each document, so that a crash
    leaves every document kept so far registered."""
    from ..documents.data import DocumentData
    from ..documents.templates import load_template
    from ..recording.store import FindingsStore

    today = today or dt.date.today()
    if date is not None and date > today:
        raise InspectionError(_("--date {date} is still to come: a document is issued on a day "
                                "that has come").format(date=short_date(date)))
    reason = " ".join(reason.split()) if reason else None
    lock = folder(ws) / LOCK
    added: list[Issued] = []
    with FileLock(lock, display=ws.display(lock)):
        entries = read_register(ws)
        planned = _plan(loaded, targets, entries, number=number, date=date, reason=reason,
                        today=today)
        templates = {kind: load_template(ws, kind)
                     for kind in dict.fromkeys(t.kind for t, *_ in planned)}
        store = FindingsStore(ws, loaded)
        for target, chosen, when, version in planned:
            provisional = Issued(kind=target.kind, unit=target.unit, number=chosen,
                                 number_text=_number_text(loaded, target.kind, chosen),
                                 date=when, version=version, file=_kept_name(target, version),
                                 sha256="")
            issued = latest(entries) | {provisional.key: provisional}
            data = DocumentData(loaded, store=store, issued=issued)
            from ..documents.kinds import KINDS

            file_name = KINDS[target.kind].file_name(target.visit)
            raw = templates[target.kind].render(data.context(target.kind, target.visit,
                                                             file_name))
            path = ws.root / provisional.file
            write_atomic(path, raw, display=provisional.file)
            _read_only(path)
            entry = replace(provisional, sha256=_sha256(raw),
                            issued_by=by, issued_at=now(),
                            reason=reason if version > 1 else None,
                            inputs=Inputs(tuple(input_files(ws, target.kind, target.visit))))
            entries.append(entry)
            added.append(entry)
            _write_register(ws, entries)
            if target.kind == "conclusion" and target.visit is not None:
                from .tracking import enter_conclusion

                enter_conclusion(ws, data, target.visit, entry, by=by)
            if progress is not None:
                progress(entry)
        if pdf and added:
            added = _with_pdfs(ws, entries, added)
    return added


def _read_only(path: Path) -> None:
    try:
        os.chmod(path, 0o444)
    except OSError:  # a file system without modes: the hash still guards it
        pass


def _with_pdfs(ws: Workspace, entries: list[Issued], added: list[Issued]) -> list[Issued]:
    """The PDF of each document just issued, where LibreOffice is installed."""
    from ..documents import pdf as pdf_

    if pdf_.find_soffice() is None:
        return added
    sources = [ws.root / e.file for e in added]
    failed: list = []
    try:
        pdf_.convert_many(sources, folder(ws), ws.cache_dir, failed)
    except InspectionError:
        return added  # the DOCX is issued; `inspection documents` shows no PDF beside it
    missing = {source for source, _reason in failed}
    done = []
    for entry, source in zip(added, sources):
        path = folder(ws) / (source.stem + ".pdf")
        if source in missing or not path.is_file():  # that one's DOCX stands alone
            done.append(entry)
            continue
        _read_only(path)
        with_pdf = replace(entry, pdf=ws.display(path), pdf_sha256=sha256_of(path))
        entries[entries.index(entry)] = with_pdf
        done.append(with_pdf)
    _write_register(ws, entries)
    return done


def after_issue(ws: Workspace, problems: list[Problem] | None = None) -> list[Problem]:
    """Warnings for `check` and `status`: each file changed after the document made from it
    was issued, and errors for kept files missing or changed. A damaged register is among the
    problems, not raised."""
    from ..documents.kinds import KINDS

    out: list[Problem] = [] if problems is None else problems
    for entry in latest(read_register(ws, out)).values():
        label = KINDS[entry.kind].label if entry.kind in KINDS else entry.kind
        document = _("{label} số {number} of {date}").format(
            label=label, number=entry.number_text, date=short_date(entry.date))
        for problem in check_kept(ws, entry):
            out.append(Problem(entry.file, None, "", _(
                "{problem}: the issued document {document} must stay as issued").format(
                    problem=problem.split(": ", 1)[-1], document=document)))
        for name in changed_since_issue(ws, entry):
            out.append(Problem(name, None, "", _(
                "changed after issue: {document} was issued from an earlier version of this "
                "file; issue it again with --reason if the change must be in it").format(
                    document=document), "warning"))
    return out
