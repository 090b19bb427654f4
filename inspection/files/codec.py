"""A file format declared once: the checked reader, the writer and the cache's reader all come
from one list of keys per record.

A `Shape` says which model class a YAML mapping holds and, key by key, how each value is
read from a user's file (with every problem collected, see schema.Reader), written back, and
loaded from the cache (data this tool wrote itself, trusted, without checks). Adding a field to
a record is one `Key` in its shape: the three directions follow.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from ..i18n import _
from ..values import value
from .schema import Reader


class Kind:
    """How one value is read (checked), written (plain YAML data) and loaded from the cache.

    `as_is` says that writing and loading leave the value as it is (a text, a number), which
    lets a shape skip the calls: a findings file has thousands of such values.
    """

    as_is = False

    def read(self, r: Reader, data: Any, path: tuple) -> Any:
        raise NotImplementedError

    def write(self, obj: Any) -> Any:
        """Plain data for the file; None leaves the key out."""
        return obj

    def load(self, data: Any) -> Any:
        return data


class _Text(Kind):
    as_is = True  # written unless empty

    def read(self, r: Reader, data: Any, path: tuple) -> Any:
        return r.text(data, path)

    def write(self, obj: Any) -> Any:
        return obj if obj else None


class _Texts(Kind):
    def read(self, r: Reader, data: Any, path: tuple) -> Any:
        return r.texts(data, path)

    def write(self, obj: Any) -> Any:
        return list(obj) if obj else None

    def load(self, data: Any) -> Any:
        return tuple(data)


class _Date(Kind):
    def read(self, r: Reader, data: Any, path: tuple) -> Any:
        return r.date(data, path)

    def write(self, obj: Any) -> Any:
        return obj.isoformat() if obj else None

    def load(self, data: Any) -> Any:
        return dt.date.fromisoformat(data) if data else None


class _Count(Kind):
    as_is = True  # written unless None: 0 is a count

    def read(self, r: Reader, data: Any, path: tuple) -> Any:
        return r.integer(data, path, minimum=0)


class TextMap(Kind):
    """A block of `key: text` lines, such as the notes of indicator rows (`row: text`)."""

    def __init__(self, key: str = "key"):
        self.key = key

    def read(self, r: Reader, data: Any, path: tuple) -> Any:
        if data is None:
            return {}
        if not isinstance(data, dict):
            r.error(path, _("{name} must be a block of `{key}: text` lines").format(
                name=path[-1], key=self.key))
            return {}
        found = {}
        for key, text in data.items():
            cleaned = r.text(text, path + (key,))
            if cleaned:
                found[key] = cleaned
        return found

    def write(self, obj: Any) -> Any:
        return dict(obj) if obj else None

    def load(self, data: Any) -> Any:
        return dict(data)


TEXT, TEXTS, DATE, COUNT = _Text(), _Texts(), _Date(), _Count()
_TEXT_KIND = TEXT


@value
class Key:
    """One key of a mapping: its name in the file, its kind, the model's attribute."""

    name: str
    kind: Kind
    required: bool = False  # without it the record is left out (and the problem reported)
    default: Any = None  # the value when the key is absent (None: the model's default)
    attr: str = ""  # the model's attribute, when it is not `name`
    always: bool = False  # written even when empty

    @property
    def field(self) -> str:
        return self.attr or self.name


@value
class Inline:
    """A model attribute whose fields sit in the same mapping (a finding's current answer)."""

    attr: str
    shape: Shape


class Shape(Kind):
    """A mapping in the file that holds one model object."""

    def __init__(self, cls: type, keys: tuple[Key | Inline, ...], shorthand: str | None = None):
        self.cls = cls
        self.keys = keys
        self.shorthand = shorthand  # a bare text in place of the mapping is this field
        self.names: tuple[str, ...] = tuple(
            name for key in keys
            for name in (key.shape.names if isinstance(key, Inline) else (key.name,)))
        self.required = tuple(k.name for k in keys if isinstance(k, Key) and k.required)
        # What write and load do with each key, worked out once.
        self._plan = tuple((None, k.attr, None, False, k.shape) if isinstance(k, Inline) else
                           (k.name, k.field, k.kind, k.always, None) for k in keys)
        self._loads = tuple((None, k.attr, None, None, k.shape) if isinstance(k, Inline) else
                            (k.name, k.field, k.kind, k.default, None) for k in keys)

    def read(self, r: Reader, data: Any, path: tuple) -> Any:
        if self.shorthand is not None and isinstance(data, str):
            text = r.text(data, path)
            return self.cls(**{self.shorthand: text}) if text else None
        mapping = r.mapping(data, path, self.names, self.required)
        return None if mapping is None else self.read_mapping(r, mapping, path)

    def read_mapping(self, r: Reader, mapping: dict, path: tuple) -> Any:
        fields, complete = {}, True
        for key in self.keys:
            if isinstance(key, Inline):
                fields[key.attr] = key.shape.read_mapping(r, mapping, path)
                continue
            if isinstance(key.kind, History):
                found = key.kind.read(r, mapping.get(key.name), path + (key.name,),
                                      fields.get(key.kind.newest))
            else:
                found = key.kind.read(r, mapping.get(key.name), path + (key.name,))
            if found is None:
                complete = complete and not key.required
                found = key.default
            if found is not None:
                fields[key.field] = found
        return self.cls(**fields) if complete else None

    def write(self, obj: Any) -> Any:
        out: dict = {}
        for name, field, kind, always, inner in self._plan:
            value = getattr(obj, field)
            if inner is not None:
                out.update(inner.write(value))
                continue
            if kind is _TEXT_KIND:
                written = value if value else None
            elif isinstance(kind, History):
                written = kind.write(value, getattr(obj, kind.newest))
            else:
                written = value if kind.as_is else kind.write(value)
            if written is not None:
                out[name] = written
            elif always:
                out[name] = value
        return out

    def load(self, data: Any) -> Any:
        fields = {}
        for name, field, kind, default, inner in self._loads:
            if inner is not None:
                fields[field] = inner.load(data)
            elif name in data:
                if isinstance(kind, History):
                    fields[field] = kind.load(data[name], fields[kind.newest])
                else:
                    fields[field] = data[name] if kind.as_is else kind.load(data[name])
            elif default is not None:
                fields[field] = default
        return self.cls(**fields)


class Many(Kind):
    """A list of records (a lone record counts as a list of one), held as a tuple or a list."""

    def __init__(self, shape: Shape, container: type = tuple):
        self.shape = shape
        self.container = container

    def read(self, r: Reader, data: Any, path: tuple) -> Any:
        return self.container(found for item_path, item in r.items(data, path)
                              if (found := self.shape.read(r, item, item_path)) is not None)

    def write(self, obj: Any) -> Any:
        return [self.shape.write(item) for item in obj] if obj else None

    def load(self, data: Any) -> Any:
        return self.container(self.shape.load(item) for item in data)


class Keyed(Kind):
    """A list of records held by the model as a dict by their `key`; a key listed twice is an
    error. `check(record, mapping, path)` may look at each record as it is read."""

    def __init__(self, shape: Shape, twice: Callable[[Any], tuple[str, str]]):
        self.shape = shape
        self.twice = twice  # record -> (the key to point at, the message) when it comes again

    def read(self, r: Reader, data: Any, path: tuple, check: Callable | None = None) -> Any:
        found: dict = {}
        for item_path, item in r.items(data, path):
            mapping = r.mapping(item, item_path, self.shape.names, self.shape.required)
            record = self.shape.read_mapping(r, mapping, item_path) if mapping is not None else None
            if record is None:
                continue
            if record.key in found:
                where, message = self.twice(record)
                r.error(item_path + (where,), message)
                continue
            if check is not None:
                check(record, mapping, item_path)
            found[record.key] = record
        return found

    def write(self, obj: Any) -> Any:
        return [self.shape.write(record) for record in obj.values()] if obj else None

    def load(self, data: Any) -> Any:
        records = (self.shape.load(item) for item in data)
        return {record.key: record for record in records}


class History(Many):
    """The earlier versions of a record, oldest first, each written as what differs from the
    version after it (the last one: from the record's current version, the attribute `newest`).

    Fields that are texts are written in full. A list that the later version also has is
    written by what changed: `{keep_first: 3, then: [...], keep_last: 1}` is the later
    version's first 3 items, then these, then its last item. Someone adding one observation
    at a time thus adds a few lines per version, not a copy of every observation: the file
    grows with the edits, not with their square. A plain list is that list; no key, no items.
    """

    KEYS = ("keep_first", "then", "keep_last")

    def __init__(self, shape: Shape, newest: str):
        super().__init__(shape)
        self.newest = newest
        # The list-valued keys: (name in the file, attribute, kind).
        self.lists = tuple((k.name, k.field, k.kind) for k in shape.keys
                           if isinstance(k, Key) and isinstance(k.kind, (Many, _Texts)))

    # -- writing ------------------------------------------------------------------------------
    @staticmethod
    def _delta(old: tuple, new: tuple) -> tuple[int, int] | None:
        """(items kept at the start, items kept at the end) of `new` that `old` shares."""
        if not old or not new:
            return None
        if len(old) <= len(new) and new[:len(old)] == old:  # texts added at the end: the usual
            return len(old), 0
        first = 0
        limit = min(len(old), len(new))
        while first < limit and old[first] == new[first]:
            first += 1
        last = 0
        while last < limit - first and old[-1 - last] == new[-1 - last]:
            last += 1
        return (first, last) if first or last else None

    def write(self, obj: Any, newest: Any = None) -> Any:
        if not obj:
            return None
        out = []
        newer = newest
        for version in reversed(obj):
            data = self.shape.write(version)
            if newer is not None:
                for name, field, kind in self.lists:
                    old, new = tuple(getattr(version, field)), tuple(getattr(newer, field))
                    shared = self._delta(old, new)
                    if shared is None:
                        continue
                    first, last = shared
                    middle = old[first:len(old) - last]
                    change: dict = {}
                    if first:
                        change["keep_first"] = first
                    if middle:
                        change["then"] = kind.write(middle)
                    if last:
                        change["keep_last"] = last
                    data[name] = change
            out.append(data)
            newer = version
        out.reverse()
        return out

    # -- loading what this tool wrote ---------------------------------------------------------
    def load(self, data: Any, newest: Any = None) -> Any:
        versions = []
        newer = newest
        for item in reversed(data):
            expanded = dict(item)
            for name, field, kind in self.lists:
                change = item.get(name)
                if isinstance(change, dict):
                    later = kind.write(tuple(getattr(newer, field))) or []
                    first, last = change.get("keep_first", 0), change.get("keep_last", 0)
                    expanded[name] = (later[:first] + list(change.get("then") or [])
                                      + (later[len(later) - last:] if last else []))
            version = self.shape.load(expanded)
            versions.append(version)
            newer = version
        versions.reverse()
        return tuple(versions)

    # -- reading a file, checked --------------------------------------------------------------
    def read(self, r: Reader, data: Any, path: tuple, newest: Any = None) -> Any:
        items = r.items(data, path)
        versions: list = []
        newer = newest
        for item_path, item in reversed(items):
            mapping = r.mapping(item, item_path, self.shape.names, self.shape.required)
            if mapping is None:
                continue
            expanded = dict(mapping)
            for name, field, kind in self.lists:
                change = mapping.get(name)
                if isinstance(change, dict):
                    expanded[name] = self._expand(r, change, item_path + (name,), kind,
                                                  tuple(getattr(newer, field)) if newer else ())
            version = self.shape.read_mapping(r, expanded, item_path)
            if version is not None:
                versions.append(version)
                newer = version
        versions.reverse()
        return tuple(versions)

    def _expand(self, r: Reader, change: dict, path: tuple, kind: Kind, later: tuple) -> list:
        """The list a `{keep_first, then, keep_last}` block stands for, as file data."""
        unknown = [k for k in change if k not in self.KEYS]
        if unknown:
            r.error(path + (unknown[0],), _("unknown key {key}: a change of a list has "
                                            "keep_first, then and keep_last").format(
                                                key=repr(unknown[0])))
            return []
        counts = {}
        for key in ("keep_first", "keep_last"):
            counts[key] = r.integer(change.get(key), path + (key,), minimum=0) or 0
        if counts["keep_first"] + counts["keep_last"] > len(later):
            r.error(path, _("keeps {kept} item(s) of the later version, which has only {count}")
                    .format(kept=counts['keep_first'] + counts['keep_last'], count=len(later)))
            return []
        raw = kind.write(later) or []
        then = change.get("then")
        middle = then if isinstance(then, list) else ([] if then is None else [then])
        last = counts["keep_last"]
        return raw[:counts["keep_first"]] + middle + (raw[len(raw) - last:] if last else [])
