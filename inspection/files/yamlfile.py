"""Reading and writing the YAML files a user owns, with the line of every value kept for messages.

Every plain scalar is read as a string (or None when empty, "~" or "null"): "05", "2.10",
"2022-07-12" and "yes" stay exactly what the user typed, and the model decides what a
value means. That avoids YAML 1.1's surprises (dates, octal numbers, "no" as false) and
lets a message quote the user's own text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .. import values
from ..errors import Problem
from ..i18n import N_, _
from . import cache as _cache
from .reading import Unreadable, read_regular

MAX_BYTES = 32 * 1024 * 1024

_CBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = {_NULL, _STR, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
                 "tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp",
                 "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


_RESOLVERS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == _NULL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_NULLS = frozenset(("", "~", "null", "Null", "NULL"))  # what YAML's null resolver matches
_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


class _Loader(_CBase):  # type: ignore[misc, valid-type]
    """A safe loader (LibYAML's when installed) that resolves plain scalars to strings, except null.

    LibYAML calls back into Python to resolve the tag of every value and to track the path of
    every node; with no path resolvers and one implicit one, both are done here without regular
    expressions: a third of parsing a findings file went there."""

    yaml_implicit_resolvers = _RESOLVERS

    def descend_resolver(self, current_node, current_index) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind, value, implicit) -> str:
        if kind is yaml.ScalarNode:
            return _NULL if implicit[0] and value in _NULLS else _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


class _PyLoader(yaml.SafeLoader):
    """The same, in pure Python: slower, but deep nesting raises RecursionError instead of crashing."""

    yaml_implicit_resolvers = _RESOLVERS


# LibYAML composes recursively in C and crashes the interpreter on absurdly deep nesting,
# which the nesting a file can reach is bounded by: its deepest indent plus its brackets.
_SAFE_DEPTH = 400


Path_ = tuple  # a key path: ("visits", 2, "days", 0, "date")


def format_path(path: tuple) -> str:
    """Return a key path as users read it: visits[2].days[0].date."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@values.value(frozen=False)
class YamlDocument:
    """A YAML file as plain data, with the line where each value starts."""

    name: str
    data: Any
    lines: dict = values.field(default_factory=dict)

    def line(self, path: tuple) -> int | None:
        """Return the line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


class _Walk:
    """Turns composed YAML nodes into plain data, recording lines and problems."""

    def __init__(self, name: str, problems: list[Problem]):
        self.name = name
        self.problems = problems
        self.lines: dict = {}
        self.seen: set[int] = set()
        self.aliased = False

    def problem(self, node: yaml.Node, path: tuple, message: str) -> None:
        self.problems.append(Problem(self.name, node.start_mark.line + 1,
                                     format_path(path), message))

    def value(self, node: yaml.Node, path: tuple) -> Any:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if node.tag not in _ALLOWED_TAGS:
            self.problem(node, path, _("the tag {tag} is not allowed here; write a plain value")
                         .format(tag=node.tag))
            return None
        # An alias (*name) is the node of its anchor (&name) again: refused, of text too, so that
        # a small file cannot stand for a huge one.
        if id(node) in self.seen:
            if not self.aliased:  # said once: a file of aliases would say it thousands of times
                self.problem(node, path, _("anchors and aliases (& and *) are not supported; "
                                           "write the value out in full"))
            self.aliased = True
            return None
        self.seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            return None if node.tag == _NULL else node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, path + (i,)) for i, item in enumerate(node.value)]
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _NULL:
                self.problem(key_node, path, _("a key must be a plain word or text"))
                continue
            key = key_node.value
            if key in result:
                self.problem(key_node, path + (key,), _(
                    "the key {key} appears twice in the same block (first on line {line})").format(
                        key=repr(key), line=self.lines[path + (key,)]))
                continue
            self.lines[path + (key,)] = key_node.start_mark.line + 1
            result[key] = self.value(value_node, path + (key,))
        return result


# Control characters no text file holds (tab, line feed and carriage return are text).
_BINARY = re.compile(rb"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _decode(name: str, raw: bytes, problems: list[Problem]) -> str | None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(Problem(name, None, "", _("the file is saved as UTF-16 (\"Unicode\" in "
                                                  "Notepad); save it as UTF-8")))
        return None
    if b"\x00" in raw[:8192]:
        problems.append(Problem(name, None, "", _("this is not a text file (it holds binary "
                                                  "data); a YAML file is plain text")))
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        problems.append(Problem(name, 1, "", _("the file starts with a byte-order mark "
                                               "(Notepad adds one); it was ignored"), "warning"))
    controls = _BINARY.findall(raw, 0, 8192)
    if len(controls) >= 8:  # what a text editor would show as boxes: not a text file at all
        problems.append(Problem(name, None, "", _("this is not a text file (it holds binary "
                                                  "data); a YAML file is plain text")))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(name, line, "", _(
            "this is not UTF-8 text (byte {byte}); save the file as UTF-8 (in Notepad: Save as, "
            "Encoding UTF-8)").format(byte=f"0x{raw[exc.start]:02X}")))
        return None
    found = _BINARY.search(raw)
    if found:
        line = raw[: found.start()].count(b"\n") + 1
        problems.append(Problem(name, line, "", _(
            "the line holds the control character {character}, which a YAML file cannot hold; "
            "delete it (it is invisible in most editors)").format(
                character=f"U+{raw[found.start()]:04X}")))
        return None
    return text


def _syntax_problem(name: str, text: str, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    source = (text.splitlines()[line - 1:line] or [""])[0] if line else ""
    indent = source[: len(source) - len(source.lstrip(" \t"))]
    if "\t" in indent or "tab" in problem.lower():
        return Problem(name, line, "", _("a tab character is used for indentation; YAML needs "
                                         "spaces"))
    # the problem and its context are PyYAML's own words, in English
    message = _("YAML syntax: {problem}").format(problem=problem) + \
        (f" ({context})" if context else "")
    if "\t" in source:
        message += _("; this line holds a tab character, use spaces instead")
    return Problem(name, line, "", message)


def parse(text: str, name: str, problems: list[Problem]) -> YamlDocument | None:
    """Parse YAML `text`; return None (with problems added) when it cannot be read."""
    try:
        loader = _Loader if _bounded_depth(text) < _SAFE_DEPTH else _PyLoader
        node = yaml.compose(text, Loader=loader)
        if node is None:
            return YamlDocument(name, None)
        walk = _Walk(name, problems)
        data = walk.value(node, ())
    except yaml.YAMLError as exc:
        problems.append(_syntax_problem(name, text, exc))
        return None
    except RecursionError:
        problems.append(Problem(name, None, "", _("the file is nested too deeply to be read")))
        return None
    return YamlDocument(name, data, walk.lines)


def _bounded_depth(text: str) -> int:
    """An upper bound of the nesting depth of `text` as YAML."""
    brackets = text.count("[") + text.count("{")
    if brackets >= _SAFE_DEPTH:
        return brackets
    indent = max((len(m) for m in re.findall(r"^[ -]+", text, re.M)), default=0)
    return brackets + indent


def load(path: Path, name: str, problems: list[Problem],
         cache: Path | None = None) -> YamlDocument | None:
    """Read and parse the YAML file at `path`, shown in messages as `name`.

    Returns None, with a problem added, when the file cannot be read or parsed. With a
    `cache` folder, a file read before with no problem comes back from there (as data only,
    without lines), which is many times faster than parsing it again.
    """
    raw = read_bytes(path, name, problems)
    if raw is None:
        return None
    if cache is not None:
        cached = _cache.recall(cache, path, raw)
        if cached is not None:
            return YamlDocument(name, cached)
    before = len(problems)
    doc = parse_bytes(raw, name, problems)
    if cache is not None and doc is not None and len(problems) == before:
        _cache.remember(cache, path, raw, doc.data)
    return doc


def parse_bytes(raw: bytes, name: str, problems: list[Problem]) -> YamlDocument | None:
    """Decode (UTF-8, a byte-order mark allowed) and parse the bytes of a YAML file."""
    text = _decode(name, raw, problems)
    return None if text is None else parse(text, name, problems)


def read_bytes(path: Path, name: str, problems: list[Problem]) -> bytes | None:
    """The bytes of the file at `path`, or None with a problem added: it is missing, it is not
    an ordinary file (a folder, a named pipe, a device: never waited on), or it is too large."""
    try:
        return read_regular(path, MAX_BYTES, N_("a YAML file here"))
    except Unreadable as exc:
        problems.append(Problem(name, None, "", str(exc)))
        return None


# -- writing -------------------------------------------------------------------------------------
# The files this tool writes hold only mappings, lists, text and numbers, so a small emitter
# does the job in a fraction of PyYAML's time (its representer walks every value in Python,
# and a unit's file is rewritten after every answer). The layout is PyYAML's block style.
# Text is written plainly when no YAML reader could take it for anything else, as a literal
# block when it has line breaks, and double-quoted (with escapes) otherwise.

_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n\t\r]*")
_NOT_PLAIN = re.compile(r": |:$| #|^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE|"
                        r"yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N|=|<<|---.*|\.\.\..*)$|\s$")
# Characters YAML does not allow raw in a double-quoted scalar, or that readers treat as breaks.
_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]')
_NAMED = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x00": "\\0"}


def _quoted(text: str) -> str:
    def escape(match: re.Match) -> str:
        char = match.group(0)
        return _NAMED.get(char) or (f"\\x{ord(char):02X}" if ord(char) < 0x100 else f"\\u{ord(char):04X}")
    return '"' + _ESCAPE.sub(escape, text) + '"'


_SCALARS: dict[str, str] = {}  # keys, names, dates, ratings: a findings file repeats them


def _scalar(text: str) -> str:
    found = _SCALARS.get(text)
    if found is None:
        if _PLAIN.fullmatch(text) and not _NOT_PLAIN.search(text) and text.isprintable():
            found = text
        else:
            found = _quoted(text)
        if len(text) <= 200 and len(_SCALARS) < 20000:
            _SCALARS[text] = found
    return found


def _block(text: str, indent: str) -> str | None:
    """`text` as a literal block (|-), or None when a block cannot hold it exactly."""
    lines = text.split("\n")
    if (text.endswith("\n") or lines[0][:1] in (" ", "\t") or "\r" in text
            or any(not (line.replace("\t", " ").isprintable()) for line in lines)
            or _ESCAPE.search(text.replace("\n", "").replace('"', "").replace("\\", ""))):
        return None
    return "|-\n" + "\n".join(indent + line if line else "" for line in lines)


def _value(value: Any, indent: str) -> str:
    if value is None:
        return "null"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    if "\n" in text:
        block = _block(text, indent + "  ")
        if block is not None:
            return block
    return _scalar(text)


def _emit(data: Any, indent: str, out: list[str]) -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            head = f"{indent}{_scalar(str(key))}:"
            if isinstance(value, dict) and value:
                out.append(head)
                _emit(value, indent + "  ", out)
            elif isinstance(value, (list, tuple)) and value:
                out.append(head)
                _emit(list(value), indent, out)
            else:
                out.append(f"{head} {_empty(value) or _value(value, indent)}")
    else:
        for value in data:
            if isinstance(value, dict) and value:
                inner: list[str] = []
                _emit(value, indent + "  ", inner)
                out.append(f"{indent}- {inner[0][len(indent) + 2:]}")
                out.extend(inner[1:])
            elif isinstance(value, (list, tuple)) and value:
                inner = []
                _emit(list(value), indent + "  ", inner)
                out.append(f"{indent}- {inner[0][len(indent) + 2:]}")
                out.extend(inner[1:])
            else:
                out.append(f"{indent}- {_empty(value) or _value(value, indent)}")


def _empty(value: Any) -> str | None:
    if isinstance(value, dict) and not value:
        return "{}"
    if isinstance(value, (list, tuple)) and not value:
        return "[]"
    return None


def dump(data: Any) -> str:
    """Return `data` (mappings, lists, text, numbers) as YAML text, keys in the given order."""
    if not isinstance(data, (dict, list, tuple)) or not data:
        return (_empty(data) or _value(data, "")) + "\n"
    out: list[str] = []
    _emit(data, "", out)
    return "\n".join(out) + "\n"
