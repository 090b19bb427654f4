"""The Word templates: read once per batch, rendered in Jinja's sandbox, checked for what breaks
a document.

A template is read once and its parts compiled once; each document is then made from the
template's bytes and a context. Templates run in Jinja's sandbox with strict undefined
variables and autoescaping: a template cannot reach Python internals or files, a misspelt
variable is an error naming it and the template, and no text can break the document's XML.
docxtpl, Jinja and lxml are imported only when a template is read.
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import lru_cache
from pathlib import Path

from ..errors import TemplateProblem
from ..files.atomic import write_atomic
from ..files.reading import Unreadable, read_regular
from ..files.workspace import Workspace, bundled_dir
from ..i18n import N_, _
from ..values import value
from ..vn import dates, numbers, text
from . import limits
from .kinds import KINDS

# The helpers a template can use as filters and functions (docs/templates.md lists them).
FILTERS = {
    "vn_date": dates.vn_date,
    "place_date": dates.place_date,
    "short_date": dates.short_date,
    "vn_number": numbers.vn_number,
    "vn_percent": numbers.vn_percent,
    "doc_number": numbers.doc_number,
    "number_line": numbers.number_line,
    "two_digits": numbers.two_digits,
    "roman": numbers.roman,
    "letter": numbers.letter,
    "lcfirst": text.lcfirst,
    "ucfirst": text.ucfirst,
    "end_with": text.end_with,
    "at": text.at_place,
}
_CONTEXT_CHARS = 90
MAX_TEMPLATE_BYTES = 64 * 2**20  # a template with its pictures; Word's own are far smaller


# -- the Jinja environment ----------------------------------------------------------------


def _finalize(value):
    """How a value prints: nothing for None, "12/07/2022" for a date."""
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, str):
        if "{_" in value or "_}" in value:
            # docxtpl turns "{_{" into "{{" after rendering (its way to write a literal tag
            # in a template); text someone recorded must print as it was typed.
            from markupsafe import Markup, escape

            return Markup(str(escape(value)).replace("{_", "{&#95;").replace("_}", "&#95;}"))
        return value
    if isinstance(value, dt.date):
        return dates.short_date(value)
    return value


def _remembered(cache: dict, key: str, make):
    """What `make()` gives for `key`, made once while `cache` holds it (a few dozen at most)."""
    found = cache.get(key)
    if found is None:
        if len(cache) > 64:
            cache.clear()
        found = cache[key] = make()
    return found


@lru_cache(maxsize=None)
def _environment_class():
    from jinja2 import FunctionLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    class Environment(SandboxedEnvironment):
        """The sandbox, within limits (documents/limits.py), remembering compiled sources: a
        batch compiles each part once."""

        intercepted_binops = frozenset({"*", "**", "%"})
        concat = staticmethod(limits.concat)

        def __init__(self) -> None:
            super().__init__(undefined=StrictUndefined, autoescape=True, finalize=_finalize,
                             loader=FunctionLoader(lambda name: None))
            self.filters.update(limits.limited_filters(self.filters))
            self.filters.update(FILTERS)
            self.globals.update(FILTERS)
            self._compiled: dict[str, object] = {}
            self.source: str = ""  # the part being rendered, for messages

        def call_binop(self, context, operator, left, right):
            return limits.binop(operator, left, right)

        def wrap_str_format(self, value):
            wrapped = super().wrap_str_format(value)
            if wrapped is None:
                return None
            limits.check_widths(value.__self__)
            return lambda *args, **kwargs: limits.check_size(wrapped(*args, **kwargs),
                                                             N_("a formatted text"))

        def from_string(self, source, globals=None, template_class=None):
            self.source = source if isinstance(source, str) else ""
            if globals is not None or template_class is not None or not isinstance(source, str):
                return super().from_string(source, globals, template_class)
            return _remembered(self._compiled, source, lambda: _joins_limited(
                super(Environment, self).from_string(source)))
    return Environment


def _joins_limited(template):
    """`template` with its `~` joins bounded: Jinja compiles them to calls of markup_join and
    str_join, names of the compiled module (they are not operators the sandbox intercepts)."""
    namespace = template.root_render_func.__globals__
    for name in ("markup_join", "str_join"):
        if name in namespace:
            namespace[name] = limits.joining(namespace[name])
    return template


def environment():
    """A new sandboxed environment with the Vietnamese helpers (one per template)."""
    return _environment_class()()


@lru_cache(maxsize=None)
def _docx_class():
    from docxtpl import DocxTemplate
    from lxml import etree

    _STRICT_PARSER = etree.XMLParser(huge_tree=True, remove_blank_text=False,
                                     resolve_entities=False, no_network=True)
    _W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    # (XPath, so that the check costs a few milliseconds even for a long report.)
    _NS = {"w": _W[1:-1]}
    _CONTAINERS = " or ".join(f"parent::w:{name}" for name in (
        "body", "tc", "sdtContent", "txbxContent", "hdr", "ftr", "comment", "footnote",
        "endnote", "customXml"))
    _NESTED = etree.XPath(f"//w:p[not({_CONTAINERS})] | //w:tbl[not({_CONTAINERS})]",
                          namespaces=_NS)
    _STRAY_TEXT = etree.XPath(
        "//text()[normalize-space()][parent::w:* and not(parent::w:t or parent::w:instrText "
        "or parent::w:delText or parent::w:delInstrText or parent::w:fldData)]", namespaces=_NS)

    def checked(xml):
        """The rendered part's tree, refused when Word would not open it: not well formed, a
        table or paragraph inside a paragraph, text outside a run's text."""
        # docxtpl parses with recover=True, which silently drops what a misplaced tag
        # broke; parse strictly instead, so a broken document is an error, not a surprise.
        try:
            tree = etree.fromstring(xml, _STRICT_PARSER)
        except etree.XMLSyntaxError as exc:
            raise _BrokenXml(xml if isinstance(xml, str) else xml.decode("utf-8", "replace"),
                             exc) from None
        # Well-formed is not enough: a table or paragraph printed inside a sentence
        # ({{ table }} instead of {{p table }}) is XML that Word refuses to open.
        for element in _NESTED(tree):
            parent = element.getparent()
            while parent is not None and parent.tag != _W + "p":
                parent = parent.getparent()
            text = "".join(parent.itertext()) if parent is not None else ""
            raise _BrokenXml.misplaced(" ".join(text.split())[:_CONTEXT_CHARS])
        # Nor is text anywhere but inside <w:t> (and its kin): {{p name }} and {{r name }}
        # replace a paragraph or a run by a bare text, which Word reports as a damaged file.
        for stray in _STRAY_TEXT(tree):
            raise _BrokenXml.stray_text(" ".join(stray.split())[:_CONTEXT_CHARS])
        return tree

    class Docx(DocxTemplate):
        """docxtpl, remembering its tag clean-up per source and refusing broken XML."""

        patched: dict[str, str]
        column_loops: bool = True

        def patch_xml(self, src_xml):
            return _remembered(self.patched, src_xml, lambda: super(Docx, self).patch_xml(src_xml))

        def render_xml_part(self, src_xml, part, context, jinja_env=None):
            # docxtpl's own, with the compiled Jinja template of each part kept for the next
            # document of the batch: compiling took longer than rendering.
            compiled = getattr(self, "compiled", None)
            if jinja_env is None or compiled is None:
                return super().render_xml_part(src_xml, part, context, jinja_env)
            from jinja2 import TemplateError

            src_xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
            try:
                self.current_rendering_part = part
                template = _remembered(compiled, src_xml, lambda: jinja_env.from_string(src_xml))
                dst_xml = template.render(context)
            except TemplateError as exc:
                if getattr(exc, "lineno", None) is not None:
                    line = max(exc.lineno - 4, 0)
                    exc.docx_context = [re.sub(r"<[^>]+>", "", x)
                                        for x in src_xml.splitlines()[line:line + 7]]
                raise
            dst_xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", dst_xml)
            dst_xml = (dst_xml.replace("{_{", "{{").replace("}_}", "}}")
                       .replace("{_%", "{%").replace("%_}", "%}"))
            return self.resolve_listing(dst_xml)

        def build_xml(self, context, jinja_env=None):
            # The body as UTF-8 bytes, not text: Vietnamese makes Python hold the text at two
            # bytes a character, and it stays alive beside the tree parsed from it (a summary
            # report of thousands of units is 10 MB of XML).
            return super().build_xml(context, jinja_env).encode("utf-8")

        def fix_tables(self, xml):
            tree = checked(xml)
            if self.column_loops:
                return super().fix_tables(xml)  # {%tc %} loops may need the grid widened
            return tree

        def map_headers_footers_xml(self, relKey, xml):
            checked(xml)
            return super().map_headers_footers_xml(relKey, xml)

        def render_footnotes(self, context, jinja_env=None):
            super().render_footnotes(context, jinja_env)
            for part in self.docx.part.package.parts:
                if part.content_type.endswith(".footnotes+xml"):
                    checked(part.blob)
    return Docx


class _BrokenXml(Exception):
    """A rendered part that is not well-formed XML, and the paragraph where it breaks."""

    stray = False  # text outside a run, rather than a tag closed in the wrong place

    @classmethod
    def misplaced(cls, near: str) -> _BrokenXml:
        broken = cls.__new__(cls)
        Exception.__init__(broken, "a table or paragraph inside a paragraph")
        broken.near = near
        return broken

    @classmethod
    def stray_text(cls, near: str) -> _BrokenXml:
        broken = cls.misplaced(near)
        broken.stray = True
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


def _fill(message: str, **values) -> str:
    """`message` with its {name} placeholders replaced by `values`, and every other brace
    left as it is: for messages that show Jinja's tags ({{p name }}, {% %})."""
    for name, filling in values.items():
        message = message.replace("{" + name + "}", str(filling))
    return message


def near_text(near: str) -> str:
    """" (near «…»)", where a problem is in a template; nothing when that is not known."""
    return " (" + _("near «{text}»").format(text=near) + ")" if near else ""



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
            # A frame of the compiled code itself (Jinja rewrites the traceback of an
            # Exception, not of the limits' OutOfTime): its line is the compiled code's.
            compiled = tb.tb_frame.f_globals.get("__jinja_template__")
            if compiled is not None:
                line = compiled.get_corresponding_lineno(line)
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
        return _("the template reaches for something templates may not use "
                 "({message})").format(message=message)
    if isinstance(exc, UndefinedError):
        match = re.search(r"has no attribute '([^']+)'", message)
        if match:
            return _("the template uses the field {field}, which is not provided ({message}); "
                     "docs/templates.md lists what each template receives").format(
                field=repr(match.group(1)), message=message)
        match = re.search(r"'([^']+)' is undefined", message)
        if match:
            return _("the template uses the variable {name}, which is not provided; "
                     "docs/templates.md lists what each template receives").format(
                name=repr(match.group(1)))
        return _("{message}; docs/templates.md lists what each template "
                 "receives").format(message=message)
    if isinstance(exc, TemplateSyntaxError):
        return _("Jinja syntax error: {message}").format(message=message)
    if isinstance(exc, TemplateNotFound):
        return _("templates cannot include other files ({message})").format(message=message)
    return f"{type(exc).__name__}: {message}"


# -- templates -------------------------------------------------------------------------------


@value(frozen=False)
class DocTemplate:
    """A DOCX template read once, rendering any number of documents."""

    data: bytes
    display: str  # as messages name it: "templates/minutes.docx" or "bundled minutes.docx"
    origin: str = "bundled"  # bundled, workspace or file

    def __post_init__(self) -> None:
        self.env = environment()
        self.patched: dict[str, str] = {}
        self.compiled: dict = {}  # the parts' Jinja templates, compiled with self.env
        # docxtpl widens a table's grid after {%tc %} column loops; other templates need not.
        self.column_loops = b"{%tc" in re.sub(rb"<[^>]*>", b"", _document_xml(self.data))

    @classmethod
    def load(cls, path: Path, display: str | None = None, origin: str = "file", *,
             compile: bool = True) -> DocTemplate:
        """Read a template, refusing what is not a Word document (or, with `compile`, has
        errors in its tags)."""
        display = display or str(path)
        try:
            data = read_regular(path, MAX_TEMPLATE_BYTES, _("a template"))
        except Unreadable as exc:
            raise TemplateProblem(f"{display}: {exc}") from None
        problem = docx_problem(data)
        if problem:
            raise TemplateProblem(f"{display}: " + _(
                "{problem}. Export a fresh copy with `inspection templates export DIR`."
            ).format(problem=problem))
        template = cls(data, display, origin)
        if compile:
            template.compile()
        return template

    def parts(self) -> list[str]:
        """The body, headers and footers as docxtpl gives them to Jinja."""
        from docx.opc.exceptions import PackageNotFoundError

        docx = _docx_class()(io.BytesIO(self.data))
        docx.patched = self.patched
        try:
            docx.init_docx()
        except (PackageNotFoundError, KeyError, ValueError, SyntaxError) as exc:
            raise TemplateProblem(f"{self.display}: " + _(
                "this Word document cannot be read ({error}). Export a fresh copy with "
                "`inspection templates export DIR`.").format(error=exc)) from None
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
            except RecursionError as exc:
                raise self._problem(exc, source, _("a tag nests brackets or blocks far too "
                                                   "deeply to be read")) from None

    def _problem(self, exc: BaseException, source: str | None = None,
                 what: str | None = None) -> TemplateProblem:
        source = self.env.source if source is None else source
        where = near_text(_near(source, _template_line(exc)))
        return TemplateProblem(f"{self.display}: {what or _describe(exc)}{where}")

    def render(self, context: dict) -> bytes:
        """The document made from this template and `context`, as .docx bytes."""
        from jinja2 import TemplateError

        tpl = _docx_class()(io.BytesIO(self.data))
        tpl.patched = self.patched
        tpl.compiled = self.compiled
        tpl.column_loops = self.column_loops
        try:
            with limits.Deadline(limits.RENDER_SECONDS):
                tpl.render(context, self.env, autoescape=True)
            _stamp(tpl.docx.core_properties, context)
            out = io.BytesIO()
            tpl.save(out)
        except _BrokenXml as exc:
            near = near_text(exc.near)
            # (_fill, not format: the messages show Jinja's tags, braces and all)
            if exc.stray:
                raise TemplateProblem(f"{self.display}: " + _fill(_(
                    "the template puts text where Word allows none{near}, and Word would "
                    "report the document as damaged: {{p name }} and {{r name }} replace a "
                    "whole paragraph or run and are only for what the tool gives as one (a "
                    "table, a formatted text); for a value such as a name write {{ name }}"),
                    near=near)) from None
            raise TemplateProblem(f"{self.display}: " + _fill(_(
                "the template makes a broken document{near}: a {% %} tag that opens in one "
                "paragraph, row or cell must close in the same kind of place (use {%p %} for "
                "paragraphs and {%tr %} for table rows), and a generated table is placed with "
                "{{p name }} on a paragraph of its own"), near=near)) from None
        except TemplateError as exc:
            raise self._problem(exc) from None
        except limits.OutOfTime as exc:
            raise self._problem(exc, what=_(
                "the template was stopped after {seconds} seconds (a document takes a second "
                "or two): a loop runs too many times, e.g. loops inside loops over range()"
            ).format(seconds=f"{limits.RENDER_SECONDS:.0f}")) from None
        except RecursionError as exc:
            raise self._problem(exc, what=_(
                "a macro calls itself without end (or nests far too deeply)")) from None
        except MemoryError as exc:
            raise self._problem(exc, what=_(
                "the template asks for more memory than there is, e.g. a text repeated or "
                "padded millions of times")) from None
        except limits.TooMuch as exc:
            raise self._problem(exc, what=_("the template makes {what}").format(
                what=exc)) from None
        except (ArithmeticError, TypeError, ValueError, LookupError, AttributeError) as exc:
            if not _in_template(exc):
                raise
            raise self._problem(exc) from None
        return out.getvalue()


def _stamp(properties, context: dict) -> None:
    """The document's properties (File > Info in Word): written by the issuing agency, now."""
    import datetime as dt
    import html

    agency = getattr(context.get("agency"), "name", "")
    if agency:
        properties.author = properties.last_modified_by = agency
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    properties.created = properties.modified = now
    # docxtpl rendered the title's tags with autoescaping, for XML; the property is plain text.
    properties.title = html.unescape(properties.title)


def _document_xml(data: bytes) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        return b""


# The parts Jinja renders, and with them the ones Word reads as text: all must be plain XML.
_TEXT_PART = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|styles|"
                        r"settings|numbering)\.xml")


def docx_problem(data: bytes) -> str | None:
    """Why `data` is not a usable .docx, or None: checked before docxtpl reads any of it."""
    if not data:
        return _("the file is empty")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if "word/document.xml" not in names:
                return _("this is not a Word document (.docx): it has no word/document.xml")
            for info in infos:
                if info.flag_bits & 0x1:
                    return _("its part {part} is protected by a password").format(
                        part=info.filename)
                if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    return _("its part {part} is compressed in a way Word does not use (method "
                             "{method}); open it in Word and save it again").format(
                        part=info.filename, method=info.compress_type)
                if _TEXT_PART.fullmatch(info.filename) and info.file_size > limits.MAX_PART_XML:
                    return _("its part {part} would unpack to {size} MB, far more than a "
                             "template's text (at most {limit} MB)").format(
                        part=info.filename, size=f"{info.file_size / 2**20:.0f}",
                        limit=limits.MAX_PART_XML // 2**20)
            unpacked = sum(info.file_size for info in infos)
            if unpacked > limits.MAX_UNPACKED or len(infos) > 10_000:
                return _("it would unpack to {size} MB in {count} parts, far more than a "
                         "template needs").format(size=f"{unpacked / 2**20:.0f}",
                                                  count=len(infos))
            bad = archive.testzip()
            if bad:
                return _("the file is damaged (its part {part} is corrupt)").format(part=bad)
            for name in sorted(n for n in names if _TEXT_PART.fullmatch(n)):
                problem = _xml_problem(name, archive.read(name))
                if problem:
                    return problem
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError,
            ValueError):
        if data[:4] == b"\xd0\xcf\x11\xe0":
            return _("this is an old Word 97-2003 document (.doc): save it as .docx in Word")
        return _("this is not a Word document (.docx), or it is damaged or truncated")
    return None


def _xml_problem(name: str, xml: bytes) -> str | None:
    """Why the part `name` is not XML Word writes (well formed, no DTD, no entities), or None."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=True)
    try:
        tree = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        line, column = getattr(exc, "position", (0, 0))
        message = str(exc.msg if hasattr(exc, "msg") else exc)
        message = re.sub(r", line \d+, column \d+$", "", message)
        entity = re.search(r"Entity '([^']+)' not defined", message)
        if entity:
            message = _("it uses the XML entity &{entity}; which is not defined (Word never "
                        "writes one)").format(entity=entity.group(1))
        near = _BrokenXml(xml.decode("utf-8", "replace"), exc).near
        if near:
            return _("its part {part} is not well-formed XML (line {line}, column {column}, "
                     "near «{near}»): {message}").format(part=name, line=line, column=column,
                                                          near=near, message=message)
        return _("its part {part} is not well-formed XML (line {line}, column {column}): "
                 "{message}").format(part=name, line=line, column=column, message=message)
    if tree.getroottree().docinfo.doctype or b"<!ENTITY" in xml[:65536]:
        return _("its part {part} declares a DTD or XML entities, which Word never writes "
                 "(they can make a reader run out of memory or read other files)").format(
            part=name)
    return None


def template_path(ws: Workspace, kind: str) -> tuple[Path, str, str]:
    """Where the template of `kind` is: the workspace's templates/ folder first, then the
    bundled one."""
    res = ws.resource("templates", kind)
    if res is None:
        raise TemplateProblem(_("there is no template {file}, neither in {folder} nor among "
                                "the bundled ones (is the installation complete?)").format(
            file=f"{kind}.docx", folder=ws.display(ws.root / "templates")))
    display = ws.display(res.path) if res.origin == "workspace" else \
        _("the bundled template {file}").format(file=f"{kind}.docx")
    return res.path, display, res.origin


def load_template(ws: Workspace, kind: str, override: Path | None = None) -> DocTemplate:
    """The template to render `kind` with: `override`, else the workspace's, else the
    bundled one."""
    if override is not None:
        return DocTemplate.load(Path(override), str(override), "file")
    path, display, origin = template_path(ws, kind)
    return DocTemplate.load(path, display, origin)


def export_templates(target: Path, force: bool = False) -> tuple[list[Path], list[Path]]:
    """Copy the bundled templates into `target` for editing; return (written, kept).

    A file already there that differs from the bundled one is kept unless `force`: it may
    hold the user's changes.
    """
    written, kept = [], []
    for kind in KINDS.values():
        source = bundled_dir("templates") / kind.template
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

