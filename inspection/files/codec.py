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
            r.error(path, f"{path[-1]} must be a block of `{self.key}: text` lines")
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
