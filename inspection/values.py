"""Value classes: the one way this package defines its records, like stdlib dataclasses but
quick to define.

`dataclasses` generates and compiles six or seven functions for every class it makes: on this
project's 2-core machine, 30 classes of 8 fields take 18 ms, and `inspection status` defines
some forty classes before it can print anything. `@value` compiles nothing when it defines a
class: every class shares the same methods, which read the field names kept on the class, and
a generic `__init__` makes its first instances; a class that makes more than a few dozen gets
a generated `__init__` then (see `_initializer`). The same 30 classes take 0.7 ms.

Instances behave like dataclasses: keyword or positional arguments, defaults and default
factories, `__post_init__`, equality and hashing on the compared fields, a repr of the fields
shown, `replace()`, `fields()` and `as_dict()`. Frozen by default; `@value(frozen=False)` for a
record that is filled in place. Type checkers read the decorator as a dataclass
(`typing.dataclass_transform`, PEP 681).
"""

from __future__ import annotations

import sys
from operator import attrgetter
from typing import Any, Callable, Iterable, TypeVar, overload

if sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:  # Python 3.10: the marker only matters to type checkers, which know it from typing_extensions
    def dataclass_transform(**_kwargs):  # type: ignore[no-redef]
        return lambda decorated: decorated

_MISSING: Any = object()
T = TypeVar("T", bound=type)


class Field:
    """A field's default and how it takes part in equality and the repr (like dataclasses.field)."""

    __slots__ = ("default", "default_factory", "compare", "repr", "name")

    def __init__(self, default: Any = _MISSING, default_factory: Callable[[], Any] | None = None,
                 compare: bool = True, repr: bool = True):  # noqa: A002 - the dataclasses name
        if default is not _MISSING and default_factory is not None:
            raise ValueError("a field takes a default or a default_factory, not both")
        self.default = default
        self.default_factory = default_factory
        self.compare = compare
        self.repr = repr
        self.name = ""


def field(*, default: Any = _MISSING, default_factory: Callable[[], Any] | None = None,
          compare: bool = True, repr: bool = True) -> Any:  # noqa: A002
    """Describe a field: `field(default_factory=dict)`, `field(default=-1, compare=False)`."""
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
    cls = self.__class__
    inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in cls.__value_fields__
                      if cls.__value_defaults__[name].repr)
    return f"{cls.__name__}({inner})"


def _key_getter(names: list[str]) -> Callable:
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        getter = attrgetter(names[0])
        return lambda obj: (getter(obj),)
    return attrgetter(*names)


_COMPILE_AFTER = 64  # instances made before a class gets its generated __init__


def _initializer(cls, names: tuple[str, ...], defaults: dict[str, Field]) -> Callable:
    """The `__init__` of a value class: generic for its first instances, generated after.

    Generating and compiling an `__init__` (as dataclasses does) costs about 0.1 ms a class,
    and a short command such as `inspection status` defines forty classes and makes a few
    instances of most. So the first instances are made by a generic `__init__`, which sets
    the fields one by one in their order (keeping each instance as small as a generated one
    would: its attributes share the class's keys); a class that makes more than a few dozen
    instances then gets a generated `__init__`, twice as fast.
    """
    count, known = len(names), frozenset(names)
    fill = tuple((name, defaults[name].default_factory, defaults[name].default) for name in names)
    post_init = getattr(cls, "__post_init__", None) is not None
    put = object.__setattr__
    made = 0
    # The messages Python gives for a generated __init__, so that both say the same.
    where = f"{cls.__qualname__}.__init__()"
    required = sum(1 for _, factory, default in fill if factory is None and default is _MISSING)
    takes = (f"takes {count + 1} positional arguments" if required == count else
             f"takes from {required + 1} to {count + 1} positional arguments")

    def __init__(self, *args, **kwargs):
        nonlocal made
        made += 1
        if made > _COMPILE_AFTER:
            cls.__init__ = _generated(cls, names, defaults, post_init)
            return cls.__init__(self, *args, **kwargs)
        rest = fill
        if args:
            if len(args) > count:
                raise TypeError(f"{where} {takes} but {len(args) + 1} were given")
            for name, value in zip(names, args):
                if name in kwargs:
                    raise TypeError(f"{where} got multiple values for argument {name!r}")
                put(self, name, value)
            rest = fill[len(args):]
        if kwargs and not known.issuperset(kwargs):
            unknown = next(name for name in kwargs if name not in known)
            raise TypeError(f"{where} got an unexpected keyword argument {unknown!r}")
        get = kwargs.get
        for name, factory, default in rest:
            value = get(name, _MISSING)
            if value is _MISSING:
                if factory is not None:
                    value = factory()
                elif default is _MISSING:
                    raise TypeError(f"{where} missing 1 required positional argument: {name!r}")
                else:
                    value = default
            put(self, name, value)
        if post_init:
            self.__post_init__()
    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


def _generated(cls, names: tuple[str, ...], defaults: dict[str, Field], post_init: bool) -> Callable:
    """An `__init__` written for the class's own fields and compiled, as dataclasses does."""
    # The generated code's own names start with "__value_", which no field is called.
    params, body = [], []
    glob: dict[str, Any] = {"__value_set": object.__setattr__, "__value_missing": _MISSING}
    for i, name in enumerate(names):
        spec = defaults[name]
        if spec.default_factory is not None:
            glob[f"__value_factory{i}"] = spec.default_factory
            params.append(f"{name}=__value_missing")
            body.append(f"    __value_set(__value_self, {name!r}, __value_factory{i}() "
                        f"if {name} is __value_missing else {name})")
        elif spec.default is not _MISSING:
            glob[f"__value_default{i}"] = spec.default
            params.append(f"{name}=__value_default{i}")
            body.append(f"    __value_set(__value_self, {name!r}, {name})")
        else:
            params.append(name)
            body.append(f"    __value_set(__value_self, {name!r}, {name})")
    if post_init:
        body.append("    __value_self.__post_init__()")
    source = (f"def __init__(__value_self, {', '.join(params)}):\n"
              + ("\n".join(body) or "    pass"))
    namespace: dict = {}
    exec(source, glob, namespace)  # noqa: S102 - our own generated source, as dataclasses does
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _build(cls, frozen: bool):
    names: list[str] = []
    defaults: dict[str, Field] = {}
    for klass in reversed(cls.__mro__[1:]):
        for name in getattr(klass, "__value_fields__", ()):
            if name not in names:
                names.append(name)
            defaults[name] = klass.__value_defaults__[name]
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
    defaulted = False
    for name in names:
        spec = defaults[name]
        if spec.default_factory is not None or spec.default is not _MISSING:
            defaulted = True
        elif defaulted:
            raise TypeError(f"{cls.__name__}: field {name} without a default follows one with")
    cls.__init__ = _initializer(cls, tuple(names), defaults)
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


@overload
def value(cls: T, /) -> T: ...
@overload
def value(*, frozen: bool = True) -> Callable[[T], T]: ...


@dataclass_transform(field_specifiers=(field, Field), frozen_default=True)
def value(cls=None, /, *, frozen: bool = True):
    """Make `cls` a value class from its annotated fields, like `@dataclass(frozen=True)`."""
    if cls is not None:
        return _build(cls, frozen)
    return lambda klass: _build(klass, frozen)


def memo(obj, name: str, build: Callable[[], Any]) -> Any:
    """What `build()` gives, kept on the frozen value `obj` under `name` (not a field: it takes
    no part in equality or the repr). For indexes of the model's trees, built on first use."""
    found = obj.__dict__.get(name)
    if found is None:
        found = build()
        object.__setattr__(obj, name, found)
    return found


def memo_index(obj, name: str, items: Callable[[], Iterable[Any]]) -> dict:
    """`items()` by their `id`, the first of each id, kept on the frozen value `obj`."""
    return memo(obj, name, lambda: {item.id: item for item in reversed(list(items()))})


def fields(obj_or_cls) -> tuple[Field, ...]:
    """The fields of a value class or instance, in order."""
    cls = obj_or_cls if isinstance(obj_or_cls, type) else type(obj_or_cls)
    return tuple(cls.__value_defaults__[name] for name in cls.__value_fields__)


def replace(obj, /, **changes):
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
