"""Value classes (`inspection.values`): the one way the package defines its records."""

from __future__ import annotations

import subprocess
import sys
import tracemalloc
from textwrap import dedent

import pytest

from inspection import values
from inspection.values import FrozenInstanceError, as_dict, field, fields, memo, replace, value


@value
class Point:
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()
    seen: list = field(default_factory=list, compare=False, repr=False)


@value(frozen=False)
class Tally:
    name: str
    counts: dict = field(default_factory=dict)


@value
class Checked:
    low: int
    high: int

    def __post_init__(self) -> None:
        if self.low > self.high:
            raise ValueError("low > high")


@value
class Labelled(Point):
    label: str = ""


def test_arguments_by_position_or_keyword_with_defaults():
    assert Point(1, 2) == Point(x=1, y=2) == Point(1, y=2)
    assert Point(1).y == 0 and Point(1).tags == ()
    assert as_dict(Point(3, 4, ("a",))) == {"x": 3, "y": 4, "tags": ("a",), "seen": []}


@pytest.fixture(params=["first instances", "after many"])
def made(request):
    """A new class like Point, as its first instances are made and after many (when its
    __init__ is generated)."""
    @value
    class Fresh(Point):
        pass
    if request.param == "after many":
        for _ in range(values._COMPILE_AFTER + 1):
            Fresh(1)
        assert "x" in Fresh.__init__.__code__.co_varnames  # the generated one took over
    else:
        assert "x" not in Fresh.__init__.__code__.co_varnames
    return Fresh


def test_wrong_arguments_are_refused_like_a_dataclass_would(made):
    with pytest.raises(TypeError, match="'x'"):
        made()
    with pytest.raises(TypeError, match="'z'"):
        made(1, z=2)
    with pytest.raises(TypeError, match="arguments"):
        made(1, 2, (), [], 5)
    with pytest.raises(TypeError, match="multiple values for argument 'x'"):
        made(1, x=2)
    with pytest.raises(TypeError, match="without a default follows one with"):
        @value
        class Wrong:
            a: int = 1
            b: int


def test_instances_are_the_same_however_they_were_made(made):
    assert made(1, 2) == made(x=1, y=2) == made(1, y=2) and made(1).tags == ()
    assert made(1).seen is not made(1).seen



def _memory(make) -> int:
    tracemalloc.start()
    kept = [make() for _ in range(2000)]
    size = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert len(kept) == 2000
    return size


def test_instances_stay_small_whatever_the_order_of_the_arguments(made):
    # Attributes always set in the order of the fields share the class's keys: a findings
    # report holds millions of these.
    in_order = _memory(lambda: made(1, 2, ()))
    reordered = _memory(lambda: made(tags=(), y=2, x=1))
    assert reordered < in_order * 1.2


def test_default_factories_give_each_instance_its_own():
    a, b = Point(1), Point(1)
    a.seen.append("here")
    assert b.seen == [] and Tally("x").counts is not Tally("y").counts


def test_frozen_values_cannot_change_and_hash_on_their_compared_fields():
    p = Point(1, 2)
    with pytest.raises(FrozenInstanceError):
        p.x = 5
    with pytest.raises(FrozenInstanceError):
        del p.y
    assert hash(Point(1, 2)) == hash(Point(1, 2))
    q = Point(1, 2)
    q.seen.append("not compared")
    assert p == q and len({p, q}) == 1
    assert Point(1, 2) != Point(2, 1) and Point(1) != Labelled(1)


def test_mutable_values_can_change_and_are_not_hashable():
    t = Tally("a")
    t.name = "b"
    t.counts["x"] = 1
    assert t == Tally("b", {"x": 1})
    with pytest.raises(TypeError):
        hash(t)


def test_the_repr_shows_the_fields_except_those_left_out():
    assert repr(Point(1, 2)) == "Point(x=1, y=2, tags=())"
    assert repr(Tally("a")) == "Tally(name='a', counts={})"


def test_post_init_runs_after_the_fields_are_set():
    assert Checked(1, 2).high == 2
    with pytest.raises(ValueError, match="low > high"):
        Checked(3, 2)


def test_subclasses_add_fields_after_their_parents():
    item = Labelled(1, 2, label="a")
    assert [f.name for f in fields(item)] == ["x", "y", "tags", "seen", "label"]
    assert item.x == 1 and item.label == "a"


def test_replace_fields_and_match():
    p = Point(1, 2)
    assert replace(p, y=5) == Point(1, 5) and p.y == 2
    with pytest.raises(TypeError, match="has no field z"):
        replace(p, z=1)
    match p:
        case Point(x, y):
            assert (x, y) == (1, 2)


def test_memo_keeps_an_index_on_a_frozen_value_without_changing_it():
    p = Point(1, 2)
    built = []
    assert memo(p, "_index", lambda: built.append(1) or {"a": 1}) == {"a": 1}
    assert memo(p, "_index", lambda: built.append(1) or {}) == {"a": 1}
    assert built == [1] and p == Point(1, 2)


def test_a_type_checker_reads_value_classes_as_dataclasses(tmp_path):
    source = tmp_path / "use.py"
    source.write_text(dedent("""
        from inspection.values import field, value

        @value
        class Place:
            name: str
            people: int = 0
            notes: list[str] = field(default_factory=list)

        @value(frozen=False)
        class Count:
            n: int

        ok = Place("Yên Bái", 3)
        ok2 = Place(name="Lào Cai")
        reveal_type(ok.people)
        bad = Place(3)
        ok.people = 4
        c = Count(1)
        c.n = 2
    """), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir",
                           str(tmp_path / "cache"), "--hide-error-context", str(source)],
                          capture_output=True, text=True, cwd=tmp_path)
    lines = done.stdout.splitlines()
    assert any('Revealed type is "int"' in line for line in lines), done.stdout
    errors = [line for line in lines if ": error:" in line]
    assert any("use.py:17:" in line and "arg-type" in line for line in errors), done.stdout
    assert any("use.py:18:" in line and "read-only" in line.lower() for line in errors), done.stdout
    assert len(errors) == 2, done.stdout  # the mutable class may be changed; nothing else is wrong


def _odd():
    @value
    class Odd:  # field names that a generated __init__ could mistake for its own
        a: int
        _set: int = 0
        _M: list = field(default_factory=list)
        self_: int = 0
    return Odd


def _errors(cls) -> list[str]:
    out = []
    for call in (lambda: cls(), lambda: cls(1, 2, [], 3, 4), lambda: cls(1, z=2),
                 lambda: cls(1, a=2)):
        with pytest.raises(TypeError) as err:
            call()
        out.append(str(err.value).split(".__init__()", 1)[1])
    return out


def test_the_generic_and_the_generated_init_say_and_do_the_same():
    first, later = _odd(), _odd()
    for _ in range(values._COMPILE_AFTER + 1):
        later(1)
    assert "__value_self" in later.__init__.__code__.co_varnames
    assert _errors(first) == _errors(later) == [
        " missing 1 required positional argument: 'a'",
        " takes from 2 to 5 positional arguments but 6 were given",
        " got an unexpected keyword argument 'z'",
        " got multiple values for argument 'a'"]
    for cls in (first, later):
        made = cls(1, _set=5, _M=[7], self_=2)
        assert (made._set, made._M, made.self_) == (5, [7], 2)
        assert cls(1)._M == [] and cls(1)._M is not cls(1)._M
