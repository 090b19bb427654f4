"""Checking a template a user edited in Word: Jinja syntax, variables the tool does not provide,
Word's curly quotes inside tags, and a trial render on real data."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Iterable

from ..errors import InvalidFiles, Problem, TemplateProblem
from ..files.workspace import Workspace
from ..i18n import _
from .kinds import KINDS
from .templates import _CONTEXT_CHARS, FILTERS, DocTemplate, _near

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
            part = _("body") if name == "word/document.xml" else name.split("/")[1][:-4]
            for number, p in enumerate(root.iter(f"{w}p"), 1):
                text = "".join(t.text or "" for t in p.iter(f"{w}t"))
                if text.strip():
                    out.append((_("{part}, paragraph {number}").format(part=part, number=number),
                                text))
    return out


def check_template(path: Path, kind: str | None, ws: Workspace | None = None,
                   display: str | None = None) -> list[Problem]:
    """Problems of a template: Jinja syntax, variables the tool does not provide, Word's curly
    quotes inside tags, and what a trial render on real data reveals."""
    from jinja2 import TemplateSyntaxError, meta

    display = display or str(path)
    problems: list[Problem] = []

    def add(where: str, message: str, severity: str = "error") -> None:
        problems.append(Problem(display, None, where, message, severity))

    template = DocTemplate.load(Path(path), display, "file", compile=False)
    paragraphs = _paragraph_texts(template.data)
    for where, text in paragraphs:
        for tag in _tags(text):
            curly = sorted(set(re.findall(r"[“”‘’]", tag)))
            if curly:
                add(where, _("Word's curly quotes {quotes} inside the tag {tag}: type straight "
                             "quotes (\" or ') — in Word, turn off AutoFormat As You Type, "
                             "\"Straight quotes\" with “smart quotes”").format(
                    quotes=" ".join(curly), tag=tag), "warning")
        opened = text.count("{{") + text.count("{%")
        closed = text.count("}}") + text.count("%}")
        if opened != closed:
            add(where, _("a tag is not closed in this paragraph: «{text}»").format(
                text=text[:_CONTEXT_CHARS]))

    env = template.env
    used: set[str] = set()
    syntax_ok = True
    for source in template.parts():
        try:
            used |= meta.find_undeclared_variables(env.parse(source))
        except TemplateSyntaxError as exc:
            syntax_ok = False
            near = _near(source, exc.lineno)
            add(_("near «{text}»").format(text=near) if near else "",
                _("Jinja syntax error: {message}").format(message=exc.message))
        except RecursionError:
            syntax_ok = False
            add("", _("a tag nests brackets or blocks far too deeply to be read"))
    provided = set(KINDS[kind].variables) if kind else set().union(
        *(k.variables for k in KINDS.values()))
    provided |= set(FILTERS) | set(env.globals)
    for name in sorted(used - provided):
        where = next((w for w, text in paragraphs if any(re.search(rf"\b{re.escape(name)}\b", t)
                                                          for t in _tags(text))), "")
        if kind:
            add(where, _("the variable {name} is not provided to the {kind} template; "
                         "docs/templates.md lists what each template receives").format(
                name=repr(name), kind=kind))
        else:
            add(where, _("the variable {name} is not provided to any template; "
                         "docs/templates.md lists what each template receives").format(
                name=repr(name)))
    if syntax_ok and kind and not any(p.severity == "error" for p in problems):
        problems += _trial(template, kind, ws, display)
    return problems


def _trial(template: DocTemplate, kind: str, ws: Workspace | None, display: str) -> list[Problem]:
    """Render the template on real data (the workspace's, else the bundled example's)."""
    from ..recording.store import FindingsStore
    from .data import DocumentData

    bundled = ws is None or not ws.schedule_path.is_file()
    if bundled:
        example = Workspace(ws.root if ws else ".").resource("examples", "bhxh-ttt-2022")
        if example is None:
            return []
        ws = Workspace(example.path, cache=False)
    try:
        loaded = ws.load()
    except InvalidFiles:
        return [Problem(display, None, "", _(
            "not tried on the bundled example's data: its files have errors (run `inspection "
            "check`)") if bundled else _(
            "not tried on the workspace's data: its files have errors (run `inspection "
            "check`)"), "warning")]
    data = DocumentData(loaded, store=FindingsStore(ws, loaded))
    visits = list(loaded.campaign.visits[:1]) if KINDS[kind].per_unit else [None]
    problems = []
    for visit in visits:
        try:
            template.render(data.context(kind, visit))
        except TemplateProblem as exc:
            message = exc.message.split(": ", 1)[1] if ": " in exc.message else exc.message
            problems.append(Problem(display, None, "", (_(
                "rendering with the bundled example's data: {problem}") if bundled else _(
                "rendering with the workspace's data: {problem}")).format(problem=message)))
        except InvalidFiles:
            break
    return problems
