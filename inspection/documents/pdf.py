"""PDF: converting documents with LibreOffice, and a unit's dossier joined with pypdf.

A batch is converted by one LibreOffice process per core, each with a share of the documents
(starting one costs seconds, so each gets several). Each runs with a profile of its own in a
temporary folder, so they run side by side and while the user has LibreOffice open, and writes
into a temporary folder: each PDF then replaces its target in one step.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path
from typing import Sequence

from ..errors import ExportError
from ..files.atomic import write_atomic, write_output
from ..files.scratch import scratch
from ..files.workspace import Loaded, Workspace
from ..i18n import N_, _, ngettext
from ..model.campaign import Visit
from ..values import field, value
from .kinds import KINDS

ENV_VAR = "INSPECTION_SOFFICE"
_CANDIDATES = (
    "C:/Program Files/LibreOffice/program/soffice.exe",
    "C:/Program Files (x86)/LibreOffice/program/soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
)
DOSSIER_KINDS = ("minutes", "conclusion")  # the unit's documents a dossier starts with
CONVERTIBLE = {".docx", ".doc", ".odt", ".rtf", ".xlsx", ".xls", ".ods", ".pptx", ".ppt",
               ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".txt"}
MISSING = N_("LibreOffice is not installed, and it is needed to make PDF files. Install it "
             "(https://www.libreoffice.org/download, or on Debian/Ubuntu: sudo apt install "
             "libreoffice-writer), or name its soffice program in the environment variable "
             "{variable}.")
# How the summary of a dossier names the unit's documents it starts with
DOSSIER_PARTS = {"minutes": N_("inspection minutes"),
                 "conclusion": N_("notice of inspection conclusion")}


def _missing() -> ExportError:
    return ExportError(_(MISSING).format(variable=ENV_VAR))


def find_soffice() -> str | None:
    """The LibreOffice program: $INSPECTION_SOFFICE, else soffice on the PATH, else the usual
    places of an installation."""
    named = os.environ.get(ENV_VAR)
    if named:
        return named if Path(named).is_file() or shutil.which(named) else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((c for c in _CANDIDATES if Path(c).is_file()), None)


def _timeout(count: int) -> float:
    return 120 + 30 * count


def _run(command: list[str], workdir: Path, timeout: float) -> subprocess.CompletedProcess:
    """Run LibreOffice with its temporary files in `workdir`; on a timeout, stop it and every
    process it started (soffice starts soffice.bin, which would otherwise go on)."""
    temp = (workdir / "tmp").resolve()  # a relative TMPDIR makes LibreOffice write nothing
    temp.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(temp), "TMP": str(temp), "TEMP": str(temp)}
    posix = os.name != "nt"
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, start_new_session=posix)
    try:
        out, err = proc.communicate(timeout=timeout)
    except BaseException:  # the timeout, or Ctrl-C: LibreOffice must not outlive the command
        if posix:
            import signal

            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
        proc.kill()
        proc.communicate()
        raise
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


MAX_PROCESSES = 4  # LibreOffice processes at once: each takes a core and 200-300 MB
PER_PROCESS = 4  # documents a process should have to be worth its start (2-3 s)


def processes_for(count: int) -> int:
    """How many LibreOffice processes convert `count` documents: one per core, each with a
    few documents at least, never more than MAX_PROCESSES."""
    return max(1, min(os.cpu_count() or 1, MAX_PROCESSES, count // PER_PROCESS))


def convert(sources: Sequence[Path], workdir: Path, processes: int | None = None
            ) -> dict[Path, Path]:
    """Convert `sources` to PDF in `workdir`, with one LibreOffice process per core (each
    with its own profile and output folder in `workdir`); source -> PDF made.

    A source LibreOffice could not convert is missing from the result; ExportError when
    LibreOffice is missing, or converted nothing at all.
    """
    from concurrent.futures import ThreadPoolExecutor

    soffice = find_soffice()
    if soffice is None:
        raise _missing()
    if not sources:
        return {}
    workdir.mkdir(parents=True, exist_ok=True)
    # Two sources with the same name would overwrite each other's PDF: give each its own copy.
    staged = []
    seen: set[str] = set()
    for index, source in enumerate(sources):
        name = source.name
        if name.lower() in seen:
            copy = workdir / f"src{index}" / name
            copy.parent.mkdir()
            shutil.copyfile(source, copy)
            staged.append((source, copy))
        else:
            staged.append((source, source))
        seen.add(name.lower())
    count = processes or processes_for(len(staged))
    # Shared out by size, the largest first to the process with the least so far: a summary
    # report takes as long as dozens of minutes, and the processes should end together.
    shares: list[list[tuple[Path, Path]]] = [[] for _ in range(count)]
    loads = [0] * count
    sizes = {pair[1]: _size(pair[1]) for pair in staged}
    for pair in sorted(staged, key=lambda pair: -sizes[pair[1]]):
        least = loads.index(min(loads))
        shares[least].append(pair)
        loads[least] += sizes[pair[1]] + 30_000  # and a little for each document's own cost
    with ThreadPoolExecutor(max_workers=count) as pool:
        done = list(pool.map(lambda i: _convert_share(soffice, shares[i], workdir / f"lo{i}"),
                             range(count)))
    made: dict[Path, Path] = {}
    details = []
    for share_made, detail in done:
        made.update(share_made)
        details += detail
    if not made:
        raise ExportError(details[-1] if details else _("LibreOffice converted nothing"))
    return made


def _size(path: Path) -> int:
    """How much there is to lay out in a document, roughly: the size of a Word document's
    text unpacked (a 50-page report is ten times a 5-page minutes, its file only three)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return archive.getinfo("word/document.xml").file_size
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        try:
            return path.stat().st_size
        except OSError:
            return 0


def _convert_share(soffice: str, staged: list[tuple[Path, Path]], workdir: Path
                   ) -> tuple[dict[Path, Path], list[str]]:
    """One LibreOffice process's share: (source -> PDF made, what went wrong)."""
    profile = workdir / "profile"
    out = workdir / "pdf"
    out.mkdir(parents=True, exist_ok=True)
    groups: list[list[tuple[Path, Path]]] = [[]]
    for pair in staged:
        if any(p[1].name.lower() == pair[1].name.lower() for p in groups[-1]):
            groups.append([])
        groups[-1].append(pair)
    made: dict[Path, Path] = {}
    problems: list[str] = []
    for group in groups:
        if not group:
            continue
        # Whole paths: with a workspace named as "-w kiem-tra", LibreOffice wrote no PDF
        # ("Write Code:16").
        command = [soffice, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
                   "--norestore", "--nolockcheck", "--convert-to", "pdf", "--outdir",
                   str(out.resolve())]
        command += [str(copy.resolve()) for _, copy in group]
        try:
            done = _run(command, workdir, _timeout(len(group)))
        except FileNotFoundError:
            raise _missing() from None
        except subprocess.TimeoutExpired:
            problems.append(_("LibreOffice did not finish converting {count} file(s) in "
                              "{seconds} s; try fewer at a time").format(
                count=len(group), seconds=f"{_timeout(len(group)):.0f}"))
            continue
        except OSError as exc:
            raise ExportError(_("LibreOffice could not be started ({program}): {error}").format(
                program=soffice, error=exc)) from None
        for source, copy in group:
            pdf = out / (copy.stem + ".pdf")
            if pdf.is_file() and pdf.stat().st_size > 0:
                made[source] = pdf
        if not any(source in made for source, _ in group):
            detail = (done.stderr or done.stdout or "").strip().splitlines()
            problems.append(
                _("LibreOffice converted nothing: {detail}").format(detail=detail[-1]) if detail
                else _("LibreOffice converted nothing (exit code {code})").format(
                    code=done.returncode))
    return made, problems


# The letters a Vietnamese document needs beyond Latin-1: ă â đ ê ô ơ ư and the tone-marked
# vowels of Unicode's Latin Extended Additional (U+1EA0–U+1EF9).
VIETNAMESE = "ăâđêôơưĂÂĐÊÔƠƯ" + "".join(chr(c) for c in range(0x1EA0, 0x1EFA))
DOCUMENT_FONT = "Times New Roman"


def _charset(ranges: str) -> set[int]:
    found = set()
    for part in ranges.split():
        low, _sep, high = part.partition("-")
        try:
            found.update(range(int(low, 16), int(high or low, 16) + 1))
        except ValueError:
            continue
    return found


def font_warning(font: str = DOCUMENT_FONT) -> str | None:
    """A warning when the font LibreOffice will draw `font` with lacks Vietnamese letters:
    LibreOffice then draws those letters in another font, and the page looks patched (as with
    Debian's fonts-liberation 1.07 without fonts-liberation2). None when the font is complete,
    or when this cannot be told (no fontconfig, as on Windows, which has Times New Roman)."""
    import shutil

    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    try:
        done = subprocess.run([fc_match, "-f", "%{family}\n%{charset}", font], capture_output=True,
                              text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    family, _sep, ranges = done.stdout.partition("\n")
    if done.returncode != 0 or not ranges.strip():
        return None
    missing = [c for c in VIETNAMESE if ord(c) not in _charset(ranges)]
    if not missing:
        return None
    family = family.split(",")[0].strip() or _("another font")
    letters = "".join(missing[:8])
    if family.casefold() == font.casefold():
        return _("warning: {font}, which LibreOffice will use, lacks {count} Vietnamese letters "
                 "({letters}…): they will be drawn in another font. Install Times New Roman, or "
                 "Liberation 2 (on Debian or Ubuntu: sudo apt install fonts-liberation2)."
                 ).format(font=font, count=len(missing), letters=letters)
    return _("warning: {font} is not installed and {family}, which LibreOffice will use "
             "instead, lacks {count} Vietnamese letters ({letters}…): they will be drawn in "
             "another font. Install Times New Roman, or Liberation 2 (on Debian or Ubuntu: sudo "
             "apt install fonts-liberation2).").format(font=font, family=family,
                                                       count=len(missing), letters=letters)


def convert_many(sources: Sequence[Path], folder: Path, cache_dir: Path | None = None,
                 failed: list[tuple[Path, str]] | None = None) -> list[Path]:
    """Convert documents to PDF beside each other in `folder`, each written atomically, with
    one LibreOffice process per core; their profiles and temporary files are kept in the
    workspace's cache (`cache_dir`) and removed afterwards.

    A document that cannot be converted does not stop the others: it is added to `failed`
    with the reason, or, without `failed`, named in the ExportError raised once every other
    PDF is written."""
    with scratch(cache_dir, "inspection-pdf-") as tmp:
        made = convert(list(sources), tmp)
        written, missed = [], []
        for source in sources:
            pdf = made.get(source)
            if pdf is None:
                missed.append((source, _("LibreOffice could not convert it to PDF")))
                continue
            target = folder / (source.stem + ".pdf")
            write_atomic(target, pdf.read_bytes(), display=str(target))
            written.append(target)
    if failed is not None:
        failed.extend(missed)
    elif missed:
        raise ExportError("\n".join(f"{source}: {reason}" for source, reason in missed)
                          + ("\n" + _("The other {n} PDF(s) were written.").format(
                              n=len(written)) if written else ""))
    return written


# -- the dossier ------------------------------------------------------------------------


@value(frozen=False)
class Dossier:
    path: Path
    pages: int
    parts: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def build_dossier(ws: Workspace, loaded: Loaded, visit: Visit,
                  output: Path | None = None) -> Dossier:
    """One PDF of the unit's minutes, conclusion and evidence, with a bookmark for each."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError

    from ..recording.store import FindingsStore
    from .render import jobs_for, render_jobs

    folder = ws.output_dir
    target = output or folder / f"ho-so-{visit.unit.slug}.pdf"
    documents = [(kind, folder / KINDS[kind].file_name(visit)) for kind in DOSSIER_KINDS]
    missing = [kind for kind, path in documents if not path.is_file()]
    if missing:
        render_jobs(ws, loaded, jobs_for(loaded, missing, [visit], folder))
    record = FindingsStore(ws, loaded).read(visit)
    skipped: list[str] = []
    evidence = []
    root = ws.root.resolve()
    for item in record.evidence:
        path = (ws.root / item.file).resolve()
        label = item.original_name + (f" (nội dung {item.item})" if item.item else "")
        if not path.is_relative_to(root) or not path.is_file():
            skipped.append(f"{item.file}: " + _("the file is missing from the workspace"))
        elif path.suffix.lower() == ".pdf" or path.suffix.lower() in CONVERTIBLE:
            evidence.append((label, path))
        else:
            skipped.append(f"{item.file}: " + (
                _("a {suffix} file cannot be put in a PDF").format(suffix=path.suffix)
                if path.suffix else _("a file without an extension cannot be put in a PDF")))
    with scratch(ws.cache_dir, "inspection-dossier-") as tmp:
        to_convert = [p for _, p in documents] + \
            [p for _, p in evidence if p.suffix.lower() != ".pdf"]
        made = convert(to_convert, tmp)
        writer = PdfWriter()
        parts = []

        def append(pdf: Path) -> int | None:
            """Add the pages of `pdf`; the index of its first page, or None if unreadable."""
            try:
                reader = PdfReader(str(pdf))
                if reader.is_encrypted:
                    reader.decrypt("")
                pages = list(reader.pages)
                if not pages:
                    raise ValueError(_("it has no pages"))
            except (PdfReadError, OSError, ValueError, KeyError) as exc:
                skipped.append(f"{pdf.name}: " + _("cannot be read as a PDF ({error})").format(
                    error=exc))
                return None
            start = len(writer.pages)
            for page in pages:
                writer.add_page(page)
            return start
        for kind, path in documents:
            if path not in made:
                raise ExportError(f"{path}: " + _("LibreOffice could not convert it to PDF"))
            start = append(made[path])
            if start is None:
                raise ExportError(f"{path}: " + _("LibreOffice made a PDF that cannot be read"))
            writer.add_outline_item(title=f"{KINDS[kind].label} - {visit.unit.name}",
                                    page_number=start)
            parts.append(_(DOSSIER_PARTS[kind]) if kind in DOSSIER_PARTS else
                         KINDS[kind].label.lower())
        parent, added = None, 0
        for label, path in evidence:
            pdf = path if path.suffix.lower() == ".pdf" else made.get(path)
            if pdf is None:
                skipped.append(f"{path.name}: " + _("LibreOffice could not convert it"))
                continue
            start = append(pdf)
            if start is None:
                continue
            if parent is None:  # a bookmark must point at a page already in the file
                parent = writer.add_outline_item(title="Tài liệu, chứng cứ", page_number=start)
            writer.add_outline_item(title=label, page_number=start, parent=parent)
            added += 1
        if evidence:
            parts.append(ngettext("{count} evidence document", "{count} evidence documents",
                                  added).format(count=added))
        writer.page_mode = "/UseOutlines"
        writer.add_metadata({"/Title": f"Hồ sơ kiểm tra {visit.unit.name}",
                             "/Producer": "inspection"})
        buffer = io.BytesIO()
        writer.write(buffer)
        pages = len(writer.pages)
    write_output(target, buffer.getvalue(), display=str(target))
    return Dossier(target, pages, parts, skipped)
