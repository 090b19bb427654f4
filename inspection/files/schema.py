"""Reading typed values out of a loaded YAML file, collecting every problem with its place."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable

from ..errors import Problem
from ..i18n import _
from ..vn.dates import parse_date
from ..vn.text import clean_text, control_characters, slugify
from .yamlfile import YamlDocument, format_path

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return _("a block of keys")
    if isinstance(value, list):
        return _("a list")
    if value is None:
        return _("nothing")
    return _("the text {text}").format(text=repr(value))


class Reader:
    """Reads one YAML document into typed values; problems go to a shared list."""

    def __init__(self, doc: YamlDocument, problems: list[Problem]):
        self.doc = doc
        self.problems = problems

    # -- reporting -------------------------------------------------------
    def _add(self, path: tuple, message: str, severity: str) -> None:
        problem = Problem(self.doc.name, self.doc.line(path), format_path(path), message, severity)
        if problem not in self.problems:  # a missing key is noticed by the block and the value
            self.problems.append(problem)

    def error(self, path: tuple, message: str) -> None:
        self._add(path, message, "error")

    def warning(self, path: tuple, message: str) -> None:
        self._add(path, message, "warning")

    @staticmethod
    def _missing(path: tuple, empty: bool = False) -> str:
        if not (path and isinstance(path[-1], str)):
            return _("this is empty") if empty else _("this is missing")
        key = path[-1]
        return _("{key} is empty").format(key=key) if empty else \
            _("{key} is missing").format(key=key)

    # -- structure -------------------------------------------------------
    def mapping(self, value: Any, path: tuple, keys: Iterable[str],
                required: Iterable[str] = ()) -> dict | None:
        """Return `value` if it is a mapping with only `keys`; report unknown and missing keys."""
        if not isinstance(value, dict):
            message = _("this file must be a block of `key: value` lines, not {kind}") \
                if not path else _("this must be a block of `key: value` lines, not {kind}")
            self.error(path, message.format(kind=_kind(value)))
            return None
        allowed = list(keys)
        for key in value:
            if key not in allowed:
                import difflib  # only when a key is unknown

                close = difflib.get_close_matches(key, allowed, n=1)
                if close:
                    message = _("unknown key {key} (did you mean {close}?)").format(
                        key=repr(key), close=repr(close[0]))
                else:
                    message = _("unknown key {key}; the keys allowed here are: {keys}").format(
                        key=repr(key), keys=', '.join(allowed))
                self.error(path + (key,), message)
        for key in required:
            if value.get(key) in (None, "", [], {}):
                self.error(path + (key,), self._missing(path + (key,), empty=key in value))
        return value

    def items(self, value: Any, path: tuple) -> list[tuple[tuple, Any]]:
        """Return (path, item) pairs of a list; nothing for None; a lone value counts as one."""
        if value is None:
            return []
        if isinstance(value, list):
            return [(path + (i,), item) for i, item in enumerate(value)]
        if isinstance(value, dict):
            self.error(path, _("this must be a list (lines starting with '- '), not a block of "
                               "keys"))
            return []
        return [(path + (0,), value)]

    # -- scalars -----------------------------------------------------------
    def text(self, value: Any, path: tuple, *, required: bool = False) -> str | None:
        """Return cleaned NFC text, or None when absent."""
        if value is None or value == "":
            if required:
                self.error(path, self._missing(path, empty=value is not None
                                               or self.doc.lines.get(path) is not None))
            return None
        if not isinstance(value, str):
            self.error(path, _("this must be text, not {kind}").format(kind=_kind(value)))
            return None
        bad = control_characters(value)
        if bad:
            self.warning(path, _("control characters {characters} were removed from the "
                                 "text").format(characters=', '.join(bad)))
        cleaned = clean_text(value)
        if required and not cleaned:
            self.error(path, self._missing(path, empty=True))
            return None
        return cleaned or None

    def name(self, value: Any, path: tuple, *, required: bool = False) -> str | None:
        """Return a name (of a unit, a person, a place) on one line with single spaces."""
        text = self.text(value, path, required=required)
        return " ".join(text.split()) if text else None

    def texts(self, value: Any, path: tuple) -> tuple[str, ...]:
        """Return a list of texts (a single text counts as a list of one)."""
        result = []
        for item_path, item in self.items(value, path):
            text = self.text(item, item_path)
            if text:
                result.append(text)
        return tuple(result)

    def file_id(self, value: Any, expected: str | None, what: str) -> str | None:
        """The `id` of an outline or checklist (`what`, marked N_()), which must be its file's
        name."""
        found = self.ident(value, ("id",))
        if found and expected and found != expected:
            self.error(("id",), _("the id {id} differs from the file name {name}.yaml; make them "
                                  "equal so the {what} can be found by name").format(
                                      id=found, name=expected, what=_(what)))
        return found

    def ident(self, value: Any, path: tuple, *, required: bool = True) -> str | None:
        """Return an id: letters, digits, '.', '_' and '-', starting with a letter or digit."""
        text = self.text(value, path, required=required)
        if text is None:
            return None
        if not _ID.match(text):
            self.error(path, _("{text} is not a valid id: use letters without accents, digits, "
                               "'.', '-' or '_' (e.g. I.1, doan-1)").format(text=repr(text)))
            return None
        return text

    def date(self, value: Any, path: tuple, *, required: bool = False) -> dt.date | None:
        text = self.text(value, path, required=required)
        if text is None:
            return None
        try:
            return parse_date(text)
        except ValueError as exc:
            self.error(path, str(exc))
            return None

    def integer(self, value: Any, path: tuple, *, minimum: int | None = None) -> int | None:
        text = self.text(value, path)
        if text is None:
            return None
        if not re.fullmatch(r"[+-]?[0-9]+", text):
            self.error(path, _("{text} is not a whole number").format(text=repr(text)))
            return None
        if len(text) > 18:
            self.error(path, _("{digits}… is too large a number").format(digits=text[:20]))
            return None
        number = int(text)
        if minimum is not None and number < minimum:
            self.error(path, _("{number} is too small: the least allowed is {minimum}").format(
                number=number, minimum=minimum))
            return None
        return number

    def boolean(self, value: Any, path: tuple) -> bool | None:
        text = self.text(value, path)
        if text is None:
            return None
        key = slugify(text)
        if key in {"true", "yes", "co", "1"}:
            return True
        if key in {"false", "no", "khong", "0"}:
            return False
        self.error(path, _("{text} is neither true nor false").format(text=repr(text)))
        return None

    def choice(self, value: Any, path: tuple, choices: dict[str, str], *,
               required: bool = False, default: str | None = None) -> str | None:
        """Return the key of `choices` (ASCII slug of a spelling -> key) that `value` names.

        "Trưởng đoàn", "truong doan" and "TRƯỞNG ĐOÀN" all name the slug "truong-doan".
        """
        text = self.text(value, path, required=required)
        if text is None:
            return default
        key = choices.get(slugify(text))
        if key is None:
            shown = sorted({k for k in choices.values()})
            self.error(path, _("{text} is not one of: {choices}").format(
                text=repr(text), choices=', '.join(shown)))
            return default
        return key
