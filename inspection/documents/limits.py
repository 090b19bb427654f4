"""The limits a template runs within: time, the size of what it makes, and the size of what
it is made of.

Jinja's sandbox keeps a template away from Python internals and files, not from using up the
machine: `{{ 'a' * 10**10 }}` asks for 10 GB, two nested loops of a hundred thousand turns
run for hours, a macro calling itself goes until Python's stack is full. A template is a file
a user may have been sent, so these are refused with a message naming the template and the
place, before they cost the user minutes or memory:

- a text or list made by a template (a product, a joined text, a padded one) holds at most
  MAX_VALUE characters or items, and a power at most MAX_POWER_BITS bits;
- what a part renders to is at most MAX_OUTPUT characters (a commune-level report of 500
  units is a few MB);
- a render runs at most RENDER_SECONDS (a document takes well under a second);
- the parts of the template itself are at most MAX_PART_XML unpacked (Word writes a few
  hundred kB for a long report), so that reading it cannot take minutes either.
"""

from __future__ import annotations

import re
import threading

from ..i18n import N_, _, current

MAX_VALUE = 1_000_000
MAX_POWER_BITS = 100_000
MAX_OUTPUT = 64 * 2**20
MAX_PART_XML = 16 * 2**20
MAX_UNPACKED = 256 * 2**20
MAX_WIDTH = 10_000  # of a padded or indented text
RENDER_SECONDS = 60.0


class TooMuch(Exception):
    """A template asked for more than a document can need; the message says what."""


class OutOfTime(BaseException):
    """Raised inside a render that ran past its time (a BaseException, so that no `except
    Exception` in a template's helpers swallows it)."""


def _count(number: int) -> str:
    """A large number as the messages' language writes it: "1,000,000", "1.000.000"."""
    text = f"{number:,}"
    return text if current() == "en" else text.replace(",", ".")


def _too_long(what: str, size: int) -> TooMuch:
    """`what` is translated already."""
    return TooMuch(_("{what} of {size} characters or items, more than a document needs "
                     "(at most {limit})").format(what=what, size=_count(size),
                                                 limit=_count(MAX_VALUE)))


def check_size(value, what: str = N_("a value"), **names):
    """`value`, refused beyond MAX_VALUE characters or items; `what` is a message (marked
    N_, with `names` as its placeholders), translated only when it is shown."""
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_VALUE:
        raise _too_long(_(what).format(**names), len(value))
    return value


def check_widths(pattern: str) -> None:
    """Refuse a format ("%9s", "{:>9}") that pads a text to more than MAX_WIDTH characters,
    before Python pads it."""
    widths = [int(w) for w in re.findall(r"%[-+ #0]*(\d+)", pattern)]
    widths += [int(w) for w in re.findall(r"\{[^{}]*:[^{}\d]*(\d+)", pattern)]
    if widths and max(widths) > MAX_WIDTH:
        raise TooMuch(_("a text padded to {width} characters (at most {limit})").format(
            width=_count(max(widths)), limit=_count(MAX_WIDTH)))


def binop(operator: str, left, right):
    """`left operator right` as Jinja computes it, refused when it would be far too big."""
    sized = (str, list, tuple)
    if operator == "*":
        if isinstance(left, sized) and isinstance(right, int):
            count, size = right, len(left)
        elif isinstance(right, sized) and isinstance(left, int):
            count, size = left, len(right)
        else:
            return left * right
        if count > 0 and size * count > MAX_VALUE:
            raise _too_long(_("a repeated text or list"), size * count)
        return left * right
    if operator == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0 \
                and max(left.bit_length(), 1) * right > MAX_POWER_BITS:
            raise TooMuch(_("a power, {left} ** {right}, far too large a number to "
                            "compute").format(left=left, right=right))
        return left ** right
    if operator == "%":
        if isinstance(left, str):
            check_widths(left)
        return left % right
    raise KeyError(operator)


def concat(pieces) -> str:
    """What a template's output, a macro's or a {% set %} block's is: its pieces joined, up
    to MAX_OUTPUT characters."""
    out, size = [], 0
    for piece in pieces:
        size += len(piece)
        if size > MAX_OUTPUT:
            raise TooMuch(_("more than {size} MB of text in one part of the "
                            "document").format(size=MAX_OUTPUT // 2**20))
        out.append(piece)
    return "".join(out)


def joining(join):
    """Jinja's `~` (join of texts), refused beyond MAX_VALUE characters."""
    def joined(seq):
        return check_size(join(seq), N_("a joined text"))
    return joined


def limited_filters(filters: dict) -> dict:
    """Jinja's own filters that make texts from a width or a count, with bounds."""
    def width_checked(name):
        original = filters[name]

        def checked(*args, **kwargs):
            widths = [a for a in list(args[1:]) + list(kwargs.values())
                      if isinstance(a, int) and not isinstance(a, bool)]
            if widths and max(widths) > MAX_WIDTH:
                raise TooMuch(_("a text padded by the filter {name} to {width} characters "
                                "(at most {limit})").format(name=name, width=_count(max(widths)),
                                                            limit=_count(MAX_WIDTH)))
            return check_size(original(*args, **kwargs), N_("the result of the filter {name}"),
                              name=name)
        return checked

    def size_checked(name):
        original = filters[name]

        def checked(*args, **kwargs):
            return check_size(original(*args, **kwargs), N_("the result of the filter {name}"),
                              name=name)
        return checked

    original_replace = filters["replace"]

    def replace(eval_ctx, s, old, new, count=None):
        text = str(s)
        if old and new and len(new) > len(old):
            grown = len(text) + text.count(str(old)) * (len(str(new)) - len(str(old)))
            if grown > MAX_VALUE:
                raise _too_long(_("a text after replace"), grown)
        return original_replace(eval_ctx, s, old, new, count)
    replace.jinja_pass_arg = original_replace.jinja_pass_arg  # type: ignore[attr-defined]

    out = {name: width_checked(name) for name in ("center", "indent")
           if name in filters}
    out.update({name: size_checked(name) for name in ("format", "join")
                if name in filters})
    sized_format = out["format"]

    def format_(value, *args, **kwargs):
        if isinstance(value, str):
            check_widths(value)
        return sized_format(value, *args, **kwargs)
    out["format"] = format_
    for name, fn in out.items():
        if hasattr(filters[name], "jinja_pass_arg"):
            fn.jinja_pass_arg = filters[name].jinja_pass_arg  # type: ignore[attr-defined]
    out["replace"] = replace
    return out


class Deadline:
    """Stops the code run inside `with Deadline(seconds):` once `seconds` have passed, by
    raising OutOfTime in its thread (CPython's asynchronous exception: it interrupts a loop of
    a template, which runs as Python code, in any thread — not only the main one)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.fired = False
        self._lock = threading.Lock()
        self._done = False

    def _fire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.fired = _set_async_exc(self._thread, OutOfTime)

    def __enter__(self) -> Deadline:
        self._thread = threading.get_ident()
        self._timer = threading.Timer(self.seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()
        return self

    def __exit__(self, kind, exc, tb) -> None:
        with self._lock:
            self._done = True
            self._timer.cancel()
            if self.fired and kind is not OutOfTime:
                _set_async_exc(self._thread, None)  # fired as the render ended: take it back


def _set_async_exc(thread: int, exc) -> bool:
    try:
        import ctypes

        set_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
    except (ImportError, AttributeError):  # not CPython: no deadline, the other limits hold
        return False
    return set_exc(ctypes.c_ulong(thread), ctypes.py_object(exc) if exc else None) == 1
