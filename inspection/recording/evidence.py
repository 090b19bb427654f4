"""Attaching documents to findings: copies in the workspace's evidence folder, under safe names.

Each file is streamed (never read whole) into a temporary file beside its destination while its
SHA-256 is computed, then renamed into place under the unit's lock, so a crash leaves no half
copy and two people attaching at once get different names. The same content is never copied
twice. Destinations are built from ASCII slugs only, so nothing a file is called — "..",
slashes, drive letters, 300 characters — can place a copy outside the workspace.

A PDF that cannot be read (encrypted, damaged, incomplete) is still attached, with a warning
and no page count: it is what the unit handed over, and the team may not get another copy
once it has left. The warning says what is wrong, so the team can ask for a good one.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
import warnings as py_warnings
from pathlib import Path

from ..errors import InspectionError, WorkspaceError
from ..files.atomic import describe_os_error, fsync_dir, make_folder
from ..i18n import _
from ..model.campaign import Visit
from ..model.checklist import ChecklistItem
from ..model.findings import Answer, Evidence, UnitRecord, now, with_answer
from ..values import field, replace, value
from ..vn.text import ascii_fold, clean_text, direction_marks, slugify

CHUNK = 1024 * 1024
MAX_STEM = 60  # characters of the original name kept in the copy's name


@value(frozen=False)
class Prepared:
    """A file copied beside its destination, waiting to be recorded."""

    source: Path
    original_name: str
    tmp: Path
    size: int
    sha256: str
    pages: int | None
    warnings: list[str] = field(default_factory=list)


@value
class Attached:
    """What became of one file: its evidence record, and whether it was already there."""

    evidence: Evidence
    source: str
    duplicate: bool
    warnings: tuple[str, ...] = ()


def check_sources(paths: list[Path]) -> None:
    """Refuse the whole command if any file is missing, a folder or not a regular file."""
    problems = []
    for path in paths:
        shown = clean_text(str(path))
        if not path.exists():
            problems.append(_("{file}: there is no such file").format(file=shown))
        elif path.is_dir():
            problems.append(_("{file}: this is a folder; attach the files in it (e.g. {files})"
                              ).format(file=shown, files=Path(shown) / '*'))
        elif not path.is_file():
            problems.append(_("{file}: this is not a regular file").format(file=shown))
    if problems:
        raise InspectionError("\n".join(problems + [_("Nothing was attached.")]))


def safe_name(item: str, original: str, taken: set[str]) -> str:
    """`<item>-<slug of the original name>.<ext>`, ASCII, short, and not in `taken`."""
    base = re.split(r"[\\/]", original)[-1]  # a Windows path typed on Linux, too
    stem, dot, ext = base.rpartition(".")
    if not dot or not stem.strip(". "):
        stem, ext = base, ""
    ext = re.sub(r"[^a-z0-9]", "", ascii_fold(ext).lower())[:10]
    has_letters = re.search(r"[a-z0-9]", ascii_fold(stem).lower())
    stem_slug = slugify(stem, MAX_STEM) if has_letters else "tai-lieu"
    name = f"{slugify(item, 20)}-{stem_slug}"
    suffix = f".{ext}" if ext else ""
    candidate, n = name + suffix, 2
    while candidate.casefold() in taken:  # case-insensitive: Windows and macOS disks
        candidate, n = f"{name}-{n}{suffix}", n + 1
    return candidate


def _copy(source: Path, folder: Path, display: str) -> tuple[Path, int, str]:
    """Stream `source` into a new temporary file in `folder`; its path, size and SHA-256."""
    digest = hashlib.sha256()
    size = 0
    tmp = None
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=".attach-", suffix=".tmp")
        tmp = Path(name)
        with open(source, "rb") as src, os.fdopen(fd, "wb") as dst:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                dst.write(chunk)
                size += len(chunk)
            dst.flush()
            os.fsync(dst.fileno())
    except OSError as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        where = display if exc.filename in (None, str(source)) else exc.filename
        raise WorkspaceError(_("{file}: cannot be copied: {error}; nothing was attached").format(
            file=where, error=describe_os_error(exc))) from exc
    return tmp, size, digest.hexdigest()


def pdf_pages(path: Path, name: str) -> tuple[int | None, list[str]]:
    """The page count of a PDF, and warnings when it cannot be read."""
    from pypdf import PdfReader

    warnings: list[str] = []
    with open(path, "rb") as fh:
        fh.seek(max(0, path.stat().st_size - 1024))
        complete = b"%%EOF" in fh.read()
    if not complete:
        warnings.append(_("{file}: the PDF seems incomplete (it has no end-of-file mark): was it "
                          "copied or downloaded only in part? It was attached as it is."
                          ).format(file=name))
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)  # pypdf logs every oddity of a damaged file
    try:
        with py_warnings.catch_warnings():
            py_warnings.simplefilter("ignore")
            reader = PdfReader(str(path), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                warnings.append(_("{file}: the PDF is protected by a password, so its pages "
                                  "cannot be counted; it was attached as it is. Ask the unit for "
                                  "a copy without a password if the team needs to read it."
                                  ).format(file=name))
                return None, warnings
            return len(reader.pages), warnings
    # pypdf raises many kinds of exceptions on damaged files; none is hidden: the reason is
    # shown to the user, and the file is attached as it is.
    except Exception as exc:  # noqa: BLE001
        if complete:
            warnings.append(_("{file}: the PDF cannot be read ({error}); it is damaged or not "
                              "really a PDF. It was attached as it is, without a page count."
                              ).format(file=name, error=f"{type(exc).__name__}: {exc}"))
        return None, warnings
    finally:
        logger.setLevel(level)


def _head(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(1024)


def attach(store, visit: Visit, item: ChecklistItem, site: str, sources: list[Path],
           by: str | None) -> list[Attached]:
    """Copy `sources` into evidence/<unit>/, record them, and link them to the finding."""
    check_sources(sources)
    ws = store.ws
    folder = ws.evidence_dir / visit.unit.slug
    root = ws.evidence_dir.resolve()
    prepared: list[Prepared] = []
    moved: list[Path] = []
    make_folder(folder, ws.display(folder))
    try:
        for source in sources:
            original = clean_text(source.name)
            shown = clean_text(str(source))  # never print what reverses the text after it
            tmp, size, sha = _copy(source, folder, shown)
            item_ = Prepared(source, original, tmp, size, sha, None)
            prepared.append(item_)
            if direction_marks(source.name):
                item_.warnings.append(_(
                    "{file}: the file name holds invisible marks that change the order its "
                    "letters are shown in (they can hide the real extension); it is recorded as "
                    "“{name}”").format(file=shown, name=original))
            if size == 0:
                item_.warnings.append(_("{file}: the file is empty").format(file=shown))
            elif b"%PDF-" in _head(tmp):  # the mark may follow a few bytes of junk
                item_.pages, found = pdf_pages(tmp, shown)
                item_.warnings.extend(found)
            elif original.lower().endswith(".pdf"):
                item_.warnings.append(_("{file}: the name ends in .pdf, but this is not a PDF; "
                                        "it was attached as it is, without a page count"
                                        ).format(file=shown))

        def change(record: UnitRecord) -> list[Attached]:
            at = now()
            results = []
            by_sha = {e.sha256: e for e in record.evidence}
            taken = {p.name.casefold() for p in folder.iterdir()} if folder.is_dir() else set()
            taken |= {Path(e.file).name.casefold() for e in record.evidence}
            for p in prepared:
                existing = by_sha.get(p.sha256)
                if existing is not None:
                    target = ws.root / existing.file
                    if not target.exists() and _inside(target, root):
                        os.replace(p.tmp, target)  # the copy was deleted: put it back
                        moved.append(target)
                    results.append(Attached(existing, str(p.source), True, tuple(p.warnings)))
                    continue
                name = safe_name(item.id, p.original_name, taken)
                taken.add(name.casefold())
                target = folder / name
                if not _inside(target, root):  # cannot happen with slugs; never write outside
                    raise WorkspaceError(_("{file}: refusing to write outside the workspace"
                                           ).format(file=p.source))
                os.replace(p.tmp, target)
                moved.append(target)
                evidence = Evidence(
                    id=_next_id(record), file=target.relative_to(ws.root).as_posix(),
                    original_name=p.original_name, size=p.size, sha256=p.sha256, item=item.id,
                    site=site, pages=p.pages, added_by=by, added_at=at)
                record.evidence.append(evidence)
                by_sha[p.sha256] = evidence
                results.append(Attached(evidence, str(p.source), False, tuple(p.warnings)))
            fsync_dir(folder)
            ids = tuple(dict.fromkeys(r.evidence.id for r in results))
            current = record.finding(item.id, site)
            base = current.answer if current else Answer()
            new = tuple(i for i in ids if i not in base.evidence)
            if new:
                answer = replace(base, evidence=base.evidence + new, recorded_by=by, recorded_at=at)
                record.findings[(item.id, site)] = with_answer(current, item.id, site, answer)
            return results

        results = store.update(visit, change)
        moved.clear()
        return results
    finally:
        for p in prepared:
            p.tmp.unlink(missing_ok=True)
        for path in moved:  # the findings file could not be written: no orphan copies
            path.unlink(missing_ok=True)


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root)


def _next_id(record: UnitRecord) -> str:
    numbers = [int(m.group(1)) for e in record.evidence
               if (m := re.fullmatch(r"E([0-9]{1,9})", e.id))]
    return f"E{max(numbers, default=0) + 1:02d}"


def human_size(size: int) -> str:
    """1 234 567 bytes as "1.2 MB"."""
    if size < 1024:
        return _("{size} bytes").format(size=size)
    value = float(size)
    for unit in ("KB", "MB", "GB", "TB"):
        value /= 1024
        if value < 1024 or unit == "TB":
            return f"{value:.1f} {unit}".replace(".0 ", " ")
    return _("{size} bytes").format(size=size)
