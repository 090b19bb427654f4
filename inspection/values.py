"""Value classes like frozen dataclasses, but quick to define.

`dataclasses` compiles six or seven functions for every class it makes; on a modest laptop
that is 2–3 ms a class, and the model has about thirty: a fifth of a second before `inspection
status` can print anything. `@value` compiles only `__init__` and shares the other methods,
which read the field names kept on the class. Instances behave like frozen dataclasses:
keyword or positional arguments, defaults and default factories, equality and hashing on the
compared fields, a readable repr, `replace()` and `fields()`.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any, Callable

_MISSING = object()


class Field:
    """A field's default and whether it takes part in equality (like dataclasses.field)."""

    __slots__ = ("default", "default_factory", "compare", "name")

    def __init__(self, default: Any = _MISSING, default_factory: Callable | None = None,
                 compare: bool = True, repr: bool = True):  # noqa: A002 - the dataclasses name
        self.default = default
        self.default_factory = default_factory
        self.compare = compare
        self.name = ""


def field(*, default: Any = _MISSING, default_factory: Callable | None = None,
          compare: bool = True, repr: bool = True) -> Any:  # noqa: A002
    return Field(default, default_factory, compare, repr)


class FrozenInstanceError(AttributeError):
    """Raised on an attempt to change a frozen value."""


def _frozen_setattr(self, name, value):
    raise FrozenInstanceError(f"cannot assign to field {name!r} of {type(self).__name__}")


def _frozen_delattr(self, name):
    raise FrozenInstanceError(f"cannot delete field {name!r} of {type(self).__name__}")


def _eq(self, other):
    if other.__class__ is not self.__class__:
        return NotImplemented
    key = self.__class__.__value_key__
    return key(self) == key(other)


def _hash(self):
    return hash((self.__class__, self.__class__.__value_key__(self)))


def _repr(self):
    names = self.__class__.__value_fields__
    inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
    return f"{self.__class__.__name__}({inner})"


def _key_getter(names: list[str]) -> Callable:
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        getter = attrgetter(names[0])
        return lambda obj: (getter(obj),)
    return attrgetter(*names)


def value(cls=None, *, frozen: bool = True):
    """Make `cls` a value class from its annotated fields, like `@dataclass(frozen=True)`."""
    def build(cls):
        names, defaults = [], {}
        for klass in reversed(cls.__mro__[1:]):
            for name in getattr(klass, "__value_fields__", ()):
                if name not in names:
                    names.append(name)
                defaults.update({name: klass.__value_defaults__[name]}
                                if name in klass.__value_defaults__ else {})
        for name in cls.__dict__.get("__annotations__", {}):
            default = cls.__dict__.get(name, _MISSING)
            spec = default if isinstance(default, Field) else Field(default)
            spec.name = name
            if name not in names:
                names.append(name)
            defaults[name] = spec
            if isinstance(default, Field):
                if spec.default is _MISSING:
                    delattr(cls, name)
                else:
                    setattr(cls, name, spec.default)
        params, body, glob = [], [], {"_set": object.__setattr__ if frozen else setattr}
        defaulted = False
        for i, name in enumerate(names):
            spec = defaults[name]
            if spec.default_factory is not None:
                defaulted = True
                glob[f"_f{i}"] = spec.default_factory
                params.append(f"{name}=_M")
                body.append(f"    _set(self, {name!r}, _f{i}() if {name} is _M else {name})")
            elif spec.default is not _MISSING:
                defaulted = True
                glob[f"_d{i}"] = spec.default
                params.append(f"{name}=_d{i}")
                body.append(f"    _set(self, {name!r}, {name})")
            else:
                if defaulted:
                    raise TypeError(f"{cls.__name__}: field {name} without a default follows one with")
                params.append(name)
                body.append(f"    _set(self, {name!r}, {name})")
        glob["_M"] = _MISSING
        source = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(body) or "    pass")
        namespace: dict = {}
        exec(source, glob, namespace)  # noqa: S102 - our own generated source, as dataclasses does
        init = namespace["__init__"]
        init.__qualname__ = f"{cls.__qualname__}.__init__"
        cls.__init__ = init
        cls.__value_fields__ = tuple(names)
        cls.__value_defaults__ = defaults
        cls.__value_key__ = staticmethod(_key_getter([n for n in names if defaults[n].compare]))
        cls.__eq__ = _eq
        cls.__repr__ = _repr
        cls.__match_args__ = tuple(names)
        if frozen:
            cls.__hash__ = _hash
            cls.__setattr__ = _frozen_setattr
            cls.__delattr__ = _frozen_delattr
        else:
            cls.__hash__ = None
        return cls
    return build(cls) if cls is not None else build


def fields(obj_or_cls) -> tuple[Field, ...]:
    """The fields of a value class or instance, in order."""
    cls = obj_or_cls if isinstance(obj_or_cls, type) else type(obj_or_cls)
    return tuple(cls.__value_defaults__[name] for name in cls.__value_fields__)


def replace(obj, **changes):
    """A copy of `obj` with some fields changed."""
    cls = type(obj)
    unknown = set(changes) - set(cls.__value_fields__)
    if unknown:
        raise TypeError(f"{cls.__name__} has no field {', '.join(sorted(unknown))}")
    values = {name: getattr(obj, name) for name in cls.__value_fields__}
    values.update(changes)
    return cls(**values)


def as_dict(obj) -> dict:
    """The fields of `obj` as a dict, in order (not recursive)."""
    return {name: getattr(obj, name) for name in type(obj).__value_fields__}
