"""Rendering the campaign's Word documents through docxtpl templates the user can edit.

A template is read once per batch and its parts compiled once; each document is then made
from the template's bytes and a context built by `context.DocumentData`. Templates run in
Jinja's sandbox with strict undefined variables and autoescaping: a template cannot reach
Python internals or files, a misspelt variable is an error naming it and the template, and
no text can break the document's XML.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Sequence

from . import vnformat as vn
from .errors import InspectionError, InvalidFiles, Problem, TemplateProblem
from .fileio import describe_os_error, write_atomic
from .model import Visit
from .workspace import Loaded, Workspace, bundled_dir

KINDS = ("plan", "outline", "minutes", "conclusion", "report")
PER_UNIT = ("minutes", "conclusion")
KIND_LABELS = {"plan": "Kế hoạch kiểm tra", "outline": "Đề cương báo cáo",
               "minutes": "Biên bản kiểm tra", "conclusion": "Thông báo kết luận kiểm tra",
               "report": "Báo cáo kết quả kiểm tra"}
FILE_NAMES = {"plan": "ke-hoach-kiem-tra", "outline": "de-cuong-bao-cao",
              "report": "bao-cao-ket-qua-kiem-tra", "minutes": "bien-ban", "conclusion": "ket-luan"}
MANIFEST = ".inspection-rendered.json"
_CONTEXT_CHARS = 90


def file_name(kind: str, visit: Visit | None = None) -> str:
    """The stable ASCII name of a rendered document: "bien-ban-bhxh-tinh-yen-bai.docx"."""
    stem = FILE_NAMES[kind]
    return f"{stem}-{visit.unit.slug}.docx" if visit is not None else f"{stem}.docx"


# -- the Jinja environment ----------------------------------------------------------------


def _finalize(value):
    """How a value prints: nothing for None, "12/07/2022" for a date."""
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, dt.date):
        return vn.short_date(value)
    return value


@lru_cache(maxsize=None)
def _environment_class():
    from jinja2 import FunctionLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    class Environment(SandboxedEnvironment):
        """The sandbox, remembering compiled sources: a batch compiles each part once."""

        def __init__(self) -> None:
            super().__init__(undefined=StrictUndefined, autoescape=True, finalize=_finalize,
                             loader=FunctionLoader(lambda name: None))
            self.filters.update(vn.FILTERS)
            self.globals.update(vn.FILTERS)
            self._compiled: dict[str, object] = {}
            self.source: str = ""  # the part being rendered, for messages

        def from_string(self, source, globals=None, template_class=None):
            self.source = source if isinstance(source, str) else ""
            if globals is not None or template_class is not None or not isinstance(source, str):
                return super().from_string(source, globals, template_class)
            template = self._compiled.get(source)
            if template is None:
                if len(self._compiled) > 64:
                    self._compiled.clear()
                template = self._compiled[source] = super().from_string(source)
            return template
    return Environment


def environment():
    """A new sandboxed environment with the Vietnamese helpers (one per template)."""
    return _environment_class()()


@lru_cache(maxsize=None)
def _docx_class():
    from docxtpl import DocxTemplate
    from lxml import etree

    _STRICT_PARSER = etree.XMLParser(huge_tree=True, remove_blank_text=False)
    _W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    _CONTAINERS = {_W + name for name in ("body", "tc", "sdtContent", "txbxContent", "hdr", "ftr",
                                          "comment", "footnote", "endnote", "customXml")}

    class Docx(DocxTemplate):
        """docxtpl, remembering its tag clean-up per source and refusing broken XML."""

        patched: dict[str, str]
        column_loops: bool = True

        def patch_xml(self, src_xml):
            out = self.patched.get(src_xml)
            if out is None:
                if len(self.patched) > 64:
                    self.patched.clear()
                out = self.patched[src_xml] = super().patch_xml(src_xml)
            return out

        def fix_tables(self, xml):
            # docxtpl parses with recover=True, which silently drops what a misplaced tag
            # broke; parse strictly instead, so a broken document is an error, not a surprise.
            try:
                tree = etree.fromstring(xml, _STRICT_PARSER)
            except etree.XMLSyntaxError as exc:
                raise _BrokenXml(xml, exc) from None
            # Well-formed is not enough: a table or paragraph printed inside a sentence
            # ({{ table }} instead of {{p table }}) is XML that Word refuses to open.
            for element in tree.iter(_W + "p", _W + "tbl"):
                parent = element.getparent()
                if parent is not None and parent.tag not in _CONTAINERS:
                    while parent is not None and parent.tag != _W + "p":
                        parent = parent.getparent()
                    text = "".join(parent.itertext()) if parent is not None else ""
                    raise _BrokenXml.misplaced(" ".join(text.split())[:_CONTEXT_CHARS])
            if self.column_loops:
                return super().fix_tables(xml)  # {%tc %} loops may need the grid widened
            return tree
    return Docx


class _BrokenXml(Exception):
    """A rendered part that is not well-formed XML, and the paragraph where it breaks."""

    @classmethod
    def misplaced(cls, near: str) -> _BrokenXml:
        broken = cls.__new__(cls)
        Exception.__init__(broken, "a table or paragraph inside a paragraph")
        broken.near = near
        return broken

    def __init__(self, xml: str, exc: Exception):
        super().__init__(str(exc))
        line, column = getattr(exc, "position", (1, 0))
        lines = xml.split("\n")
        offset = sum(len(x) + 1 for x in lines[:max(line - 1, 0)]) + max(column - 1, 0)
        start = max(xml.rfind("<w:p>", 0, offset), xml.rfind("<w:p ", 0, offset), 0)
        end = xml.find("</w:p>", offset)
        self.near = _plain(xml[start:end if end >= 0 else offset + 400])[:_CONTEXT_CHARS]


# -- where a problem is -------------------------------------------------------------------


def _plain(xml_line: str) -> str:
    text = re.sub(r"<[^>]+>", "", xml_line)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace(
        "&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")
    return " ".join(text.split())


def _near(source: str, line: int | None) -> str:
    """The text of the paragraph at `line` of a part's source (each paragraph is a line)."""
    if not source or not line:
        return ""
    lines = source.splitlines()
    for index in (line - 1, line - 2, line):
        if 0 <= index < len(lines) and (text := _plain(lines[index])):
            if len(text) > _CONTEXT_CHARS:
                text = text[:_CONTEXT_CHARS - 1] + "…"
            return text
    return ""


def _template_line(exc: BaseException) -> int | None:
    """The line of the compiled template where `exc` was raised (Jinja keeps it)."""
    line = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _in_template(exc: BaseException) -> bool:
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            return True
        tb = tb.tb_next
    return False


def _describe(exc: BaseException) -> str:
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError, TemplateNotFound

    message = str(exc).strip()
    if isinstance(exc, SecurityError) or "is unsafe" in message:
        return f"the template reaches for something templates may not use ({message})"
    if isinstance(exc, UndefinedError):
        match = re.search(r"has no attribute '([^']+)'", message)
        if match:
            return (f"the template uses the field {match.group(1)!r}, which is not provided "
                    f"({message}); docs/templates.md lists what each template receives")
        match = re.search(r"'([^']+)' is undefined", message)
        if match:
            return (f"the template uses the variable {match.group(1)!r}, which is not provided; "
                    "docs/templates.md lists what each template receives")
        return f"{message}; docs/templates.md lists what each template receives"
    if isinstance(exc, TemplateSyntaxError):
        return f"Jinja syntax error: {message}"
    if isinstance(exc, TemplateNotFound):
        return f"templates cannot include other files ({message})"
    return f"{type(exc).__name__}: {message}"


# -- templates -------------------------------------------------------------------------------


@dataclass
class DocTemplate:
    """A DOCX template read once, rendering any number of documents."""

    data: bytes
    display: str  # as messages name it: "templates/minutes.docx" or "bundled minutes.docx"
    origin: str = "bundled"  # bundled, workspace or file

    def __post_init__(self) -> None:
        self.env = environment()
        self.patched: dict[str, str] = {}
        # docxtpl widens a table's grid after {%tc %} column loops; other templates need not.
        self.column_loops = b"{%tc" in re.sub(rb"<[^>]*>", b"", _document_xml(self.data))

    @classmethod
    def load(cls, path: Path, display: str | None = None, origin: str = "file") -> DocTemplate:
        """Read a template, refusing what is not a Word document."""
        display = display or str(path)
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise TemplateProblem(f"{display}: cannot be read: {describe_os_error(exc)}") from exc
        problem = docx_problem(data)
        if problem:
            raise TemplateProblem(f"{display}: {problem}. Export a fresh copy with "
                                  "`inspection templates export DIR`.")
        template = cls(data, display, origin)
        template.compile()
        return template

    def parts(self) -> list[str]:
        """The body, headers and footers as docxtpl gives them to Jinja."""
        from docx.opc.exceptions import PackageNotFoundError

        docx = _docx_class()(io.BytesIO(self.data))
        docx.patched = self.patched
        try:
            docx.init_docx()
        except (PackageNotFoundError, KeyError, ValueError) as exc:
            raise TemplateProblem(f"{self.display}: this Word document cannot be read ({exc}). "
                                  "Export a fresh copy with `inspection templates export DIR`.") \
                from None
        sources = [docx.patch_xml(docx.get_xml())]
        for uri in (docx.HEADER_URI, docx.FOOTER_URI):
            for _key, part in docx.get_headers_footers(uri):
                sources.append(docx.patch_xml(docx.get_part_xml(part)))
        return [re.sub(r"<w:p([ >])", r"\n<w:p\1", source) for source in sources]

    def compile(self) -> None:
        """Compile every part now, so that a syntax error stops a batch before it starts."""
        from jinja2 import TemplateSyntaxError

        for source in self.parts():
            try:
                self.env.from_string(source)
            except TemplateSyntaxError as exc:
                raise self._problem(exc, source) from None

    def _problem(self, exc: BaseException, source: str | None = None) -> TemplateProblem:
        source = self.env.source if source is None else source
        near = _near(source, _template_line(exc))
        where = f" (near «{near}»)" if near else ""
        return TemplateProblem(f"{self.display}: {_describe(exc)}{where}")

    def render(self, context: dict) -> bytes:
        """The document made from this template and `context`, as .docx bytes."""
        from jinja2 import TemplateError

        tpl = _docx_class()(io.BytesIO(self.data))
        tpl.patched = self.patched
        tpl.column_loops = self.column_loops
        try:
            tpl.render(context, self.env, autoescape=True)
        except _BrokenXml as exc:
            raise TemplateProblem(
                f"{self.display}: the template makes a broken document"
                + (f" (near «{exc.near}»)" if exc.near else "")
                + ": a {% %} tag that opens in one paragraph, row or cell must close in the same "
                  "kind of place (use {%p %} for paragraphs and {%tr %} for table rows), and a "
                  "generated table is placed with {{p name }} on a paragraph of its own") from None
        except TemplateError as exc:
            raise self._problem(exc) from None
        except (ArithmeticError, TypeError, ValueError, LookupError, AttributeError) as exc:
            if not _in_template(exc):
                raise
            raise self._problem(exc) from None
        out = io.BytesIO()
        tpl.save(out)
        return out.getvalue()


def _document_xml(data: bytes) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        return b""


def docx_problem(data: bytes) -> str | None:
    """Why `data` is not a usable .docx, or None."""
    if not data:
        return "the file is empty"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                return "this is not a Word document (.docx): it has no word/document.xml"
            bad = archive.testzip()
            if bad:
                return f"the file is damaged (its part {bad} is corrupt)"
    except (zipfile.BadZipFile, EOFError, OSError):
        kind = "an old Word 97-2003 document (.doc): save it as .docx in Word" \
            if data[:4] == b"\xd0\xcf\x11\xe0" else \
            "not a Word document (.docx), or it is damaged or truncated"
        return f"this is {kind}"
    return None


def template_path(ws: Workspace, kind: str) -> tuple[Path, str, str]:
    """Where the template of `kind` is: the workspace's templates/ folder first, then the
    bundled one."""
    res = ws.resource("templates", kind)
    if res is None:
        raise TemplateProblem(f"there is no template {kind}.docx, neither in "
                              f"{ws.display(ws.root / 'templates')} nor among the bundled ones "
                              "(is the installation complete?)")
    display = ws.display(res.path) if res.origin == "workspace" else \
        f"the bundled template {kind}.docx"
    return res.path, display, res.origin


def load_template(ws: Workspace, kind: str, override: Path | None = None) -> DocTemplate:
    """The template to render `kind` with: `override`, else the workspace's, else the
    bundled one."""
    if override is not None:
        if not Path(override).is_file():
            raise TemplateProblem(f"{override}: there is no such template file")
        return DocTemplate.load(Path(override), str(override), "file")
    path, display, origin = template_path(ws, kind)
    return DocTemplate.load(path, display, origin)


def export_templates(target: Path, force: bool = False) -> tuple[list[Path], list[Path]]:
    """Copy the bundled templates into `target` for editing; return (written, kept).

    A file already there that differs from the bundled one is kept unless `force`: it may
    hold the user's changes.
    """
    written, kept = [], []
    for kind in KINDS:
        source = bundled_dir("templates") / f"{kind}.docx"
        data = source.read_bytes()
        dest = Path(target) / source.name
        if dest.exists() and not force:
            try:
                same = dest.read_bytes() == data
            except OSError:
                same = False
            if not same:
                kept.append(dest)
                continue
        write_atomic(dest, data, display=str(dest))
        written.append(dest)
    return written, kept


# -- rendering a batch --------------------------------------------------------------------------


@dataclass
class Job:
    """One document to render."""

    kind: str
    visit: Visit | None
    target: Path


@dataclass
class Outcome:
    """What a batch did."""

    written: list[Job] = field(default_factory=list)
    kept: list[Job] = field(default_factory=list)  # changed by hand since rendered: not replaced
    failed: list[tuple[Job, str]] = field(default_factory=list)
    folder: Path | None = None


def jobs_for(loaded: Loaded, kinds: Sequence[str], visits: Sequence[Visit] | None,
             folder: Path) -> list[Job]:
    """The documents of `kinds`: per-unit kinds for `visits` (all units when None)."""
    chosen = list(loaded.campaign.visits) if visits is None else list(visits)
    jobs = []
    for kind in kinds:
        if kind in PER_UNIT:
            jobs += [Job(kind, v, folder / file_name(kind, v)) for v in chosen]
        else:
            jobs.append(Job(kind, None, folder / file_name(kind)))
    return jobs


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
    syntax error stops the batch) and the findings of the units involved."""
    from .context import DocumentData
    from .store import FindingsStore

    templates = {kind: load_template(ws, kind, template)
                 for kind in dict.fromkeys(job.kind for job in jobs)}
    data = DocumentData(loaded, store=FindingsStore(ws, loaded))
    if any(job.kind == "report" for job in jobs):
        data.read(loaded.campaign.visits)
    else:
        data.read(job.visit for job in jobs if job.visit is not None)
    return templates, data


def render_jobs(ws: Workspace, loaded: Loaded, jobs: Sequence[Job], *,
                template: Path | None = None, force: bool = False,
                progress: Callable[[Job], None] | None = None, prepared=None) -> Outcome:
    """Render `jobs`, writing each document atomically; a document changed by hand since it
    was rendered is kept (unless `force`), and a document that cannot be written does not stop
    the others. `prepared` is what `prepare` returned, when the caller already called it."""
    templates, data = prepared or prepare(ws, loaded, jobs, template)
    outcome = Outcome(folder=jobs[0].target.parent if jobs else None)
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
    finally:  # even when a template fails midway, remember what was written
        for manifest in manifests.values():
            try:
                manifest.save()
            except InspectionError:
                pass  # the documents are written; only the notice of later hand edits is lost
    return outcome


def render_one(ws: Workspace, loaded: Loaded, kind: str, visit: Visit | None = None,
               template: Path | None = None) -> bytes:
    """One document as .docx bytes, written nowhere (for a caller using the library)."""
    from .context import DocumentData
    from .store import FindingsStore

    data = DocumentData(loaded, store=FindingsStore(ws, loaded))
    return load_template(ws, kind, template).render(data.context(kind, visit))


# -- checking a template --------------------------------------------------------------------


def _tags(text: str) -> Iterable[str]:
    return re.findall(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", text)


def _paragraph_texts(data: bytes) -> list[tuple[str, str]]:
    """(where, text) of every paragraph of the body, headers and footers, in order."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = ["word/document.xml"] + sorted(
            n for n in archive.namelist() if re.fullmatch(r"word/(header|footer)\d*\.xml", n))
        for name in parts:
            root = etree.fromstring(archive.read(name))
            part = "body" if name == "word/document.xml" else name.split("/")[1][:-4]
            for number, p in enumerate(root.iter(f"{w}p"), 1):
                text = "".join(t.text or "" for t in p.iter(f"{w}t"))
                if text.strip():
                    out.append((f"{part}, paragraph {number}", text))
    return out


def check_template(path: Path, kind: str | None, ws: Workspace | None = None,
                   display: str | None = None) -> list[Problem]:
    """Problems of a template: Jinja syntax, variables the tool does not provide, Word's curly
    quotes inside tags, and what a trial render on real data reveals."""
    from jinja2 import TemplateSyntaxError, meta

    from .context import VARIABLES

    display = display or str(path)
    problems: list[Problem] = []

    def add(where: str, message: str, severity: str = "error") -> None:
        problems.append(Problem(display, None, where, message, severity))

    data = Path(path).read_bytes() if Path(path).is_file() else b""
    problem = docx_problem(data)
    if problem:
        raise TemplateProblem(f"{display}: {problem}")
    template = DocTemplate(data, display, "file")
    paragraphs = _paragraph_texts(template.data)
    for where, text in paragraphs:
        for tag in _tags(text):
            curly = sorted(set(re.findall(r"[“”‘’]", tag)))
            if curly:
                add(where, f"Word's curly quotes {' '.join(curly)} inside the tag {tag}: type "
                           "straight quotes (\" or ') — in Word, turn off AutoFormat As You Type, "
                           "\"Straight quotes\" with “smart quotes”", "warning")
        opened = text.count("{{") + text.count("{%")
        closed = text.count("}}") + text.count("%}")
        if opened != closed:
            add(where, f"a tag is not closed in this paragraph: «{text[:_CONTEXT_CHARS]}»")

    env = template.env
    used: set[str] = set()
    syntax_ok = True
    for source in template.parts():
        try:
            used |= meta.find_undeclared_variables(env.parse(source))
        except TemplateSyntaxError as exc:
            syntax_ok = False
            near = _near(source, exc.lineno)
            add(f"near «{near}»" if near else "", f"Jinja syntax error: {exc.message}")
    provided = set(VARIABLES.get(kind, ())) if kind else set().union(*VARIABLES.values())
    provided |= set(vn.FILTERS) | set(env.globals)
    for name in sorted(used - provided):
        where = next((w for w, text in paragraphs if any(re.search(rf"\b{re.escape(name)}\b", t)
                                                          for t in _tags(text))), "")
        which = f"the {kind} template" if kind else "any template"
        add(where, f"the variable {name!r} is not provided to {which}; docs/templates.md lists "
                   "what each template receives")
    if syntax_ok and kind and not any(p.severity == "error" for p in problems):
        problems += _trial(template, kind, ws, display)
    return problems


def _trial(template: DocTemplate, kind: str, ws: Workspace | None, display: str) -> list[Problem]:
    """Render the template on real data (the workspace's, else the bundled example's)."""
    from .context import DocumentData
    from .store import FindingsStore

    source = "the workspace"
    if ws is None or not ws.schedule_path.is_file():
        example = Workspace(ws.root if ws else ".").resource("examples", "bhxh-ttt-2022")
        if example is None:
            return []
        ws, source = Workspace(example.path), "the bundled example"
    try:
        loaded = ws.load()
    except InvalidFiles:
        return [Problem(display, None, "", f"not tried on {source}'s data: its files have errors "
                                           "(run `inspection check`)", "warning")]
    data = DocumentData(loaded, store=FindingsStore(ws, loaded))
    visits = list(loaded.campaign.visits[:1]) if kind in PER_UNIT else [None]
    problems = []
    for visit in visits:
        try:
            template.render(data.context(kind, visit))
        except TemplateProblem as exc:
            message = exc.message.split(": ", 1)[1] if ": " in exc.message else exc.message
            problems.append(Problem(display, None, "",
                                    f"rendering with {source}'s data: {message}"))
        except InvalidFiles:
            break
    return problems
