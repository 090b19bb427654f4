"""Numbers the Vietnamese way: reading the figures users type, storing them, printing them.

Vietnamese writes "." between thousands and "," before decimals (1.234.567; 85,5%). A figure
goes through three forms, each with one function here, used by every command, form, document
and export alike:

- typed by a user ("1.234", "85,5%", "1 234 đ"): `read_figure` checks it and gives the stored form;
- stored in a findings file: plain digits with a "." before decimals ("1234", "85.5"), as
  `canonical` writes them; `figure_number` reads a stored figure back, a hand edit included;
- printed: `format_figure` ("1.234", "85,5%"), built on `vn_number` and `vn_percent`.

Also here: the other numbers of administrative texts (document numbers "05/KH-BHXH", "02 ngày",
Roman section numbers, the letters of points).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from functools import lru_cache

from ..i18n import _
from .text import clean_text, fold

BLANK_NUMBER = "     "  # what a draft leaves blank for a document's number until it is assigned
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_CANONICAL = re.compile(r"-?\d+(\.\d+)?")


# -- reading what users type --------------------------------------------------------------


# The largest figure of each kind a unit can report: a count of people or documents, an amount
# in đồng (a thousand trillion). Beyond, it is a typing slip, and Decimal would lose digits.
LARGEST = {"count": Decimal(10) ** 12, "amount": Decimal(10) ** 15, "percentage": Decimal(100)}
DECIMALS = 6


class FigureError(ValueError):
    """Why a text or a number is not a figure of its kind.

    The message (str()) quotes the value when a typed text was read; `reason` is the message
    without it, `code` says which reason it is where a hint depends on it: "unreadable" (no
    number at all), "whole" (a count with decimals).
    """

    def __init__(self, message: str, reason: str | None = None, code: str = ""):
        super().__init__(message)
        self.reason = message if reason is None else reason
        self.code = code


def check_number(number: Decimal, kind: str) -> Decimal:
    """`number` if it fits an indicator of `kind`; ValueError (a FigureError) saying why not."""
    if not number.is_finite():
        raise FigureError(_("not a number"))
    largest = LARGEST.get(kind, LARGEST["amount"])
    if abs(number) > largest and kind != "percentage":
        message = _("a count cannot be more than {largest}") if kind == "count" else \
            _("a figure cannot be more than {largest}")
        raise FigureError(message.format(largest=vn_number(largest)))
    if number.as_tuple().exponent < -DECIMALS and number != number.quantize(Decimal(1).scaleb(-DECIMALS)):
        raise FigureError(_("a figure has at most {decimals} decimals").format(decimals=DECIMALS))
    if kind == "count":
        if number != number.to_integral_value():
            raise FigureError(_("a count must be a whole number"), code="whole")
        if number < 0:
            raise FigureError(_("a count cannot be negative"))
    elif kind == "percentage" and not 0 <= number <= 100:
        raise FigureError(_("a percentage must be between 0 and 100"))
    elif kind == "amount" and number < 0:
        raise FigureError(_("an amount cannot be negative"))
    return number


def parse_number(text: str, kind: str) -> Decimal:
    """Read a figure the way a Vietnamese user means it; raise ValueError with the reason.

    "85,5", "85.5" and "85,5%" are 85.5; "1.234" and "1 234" are 1234 (a dot followed by
    exactly three digits groups thousands, unless the number starts with 0: "0.125");
    "1.234,5" is 1234.5; "1,234,567" is read as typed in English; "đ", "đồng", "VNĐ" may
    follow an amount.
    """
    raw = text
    # Any kind of space (no-break, thin…) may group thousands.
    text = "".join(" " if unicodedata.category(c) == "Zs" else c for c in text).strip()
    if kind == "amount":
        text = re.sub(r"\s*(đồng|đ|vnđ|vnd)\.?$", "", text, flags=re.IGNORECASE)
    percent = text.endswith("%")
    if percent:
        text = text[:-1].strip()
    if percent and kind != "percentage":
        reason = _("a % sign only belongs in a percentage")
        raise FigureError(f"{raw!r}: {reason}", reason)
    text = re.sub(r"(?<=\d) (?=\d{3}\b)", "", text)
    if re.fullmatch(r"[+-]?0+\.\d+", text):  # "0.125": a group of thousands never starts with 0
        pass
    elif re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?", text):
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[+-]?\d{1,3}(,\d{3}){2,}", text):  # 1,234,567 as typed in English
        text = text.replace(",", "")
    elif re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+\.\d+", text):  # 1,234.5 as typed in English
        text = text.replace(",", "")
    elif re.fullmatch(r"[+-]?\d+,\d+", text):
        text = text.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        raise _unreadable(raw)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _unreadable(raw) from None
    try:
        return check_number(number, kind)
    except FigureError as exc:
        raise FigureError(f"{raw!r}: {exc.reason}", exc.reason, exc.code) from None


def _unreadable(raw: str) -> FigureError:
    return FigureError(_("{value} is not a number").format(value=repr(raw)), code="unreadable")


def canonical(number: Decimal) -> str:
    """The form a figure is stored in: "1234", "85.5" (no exponent, no trailing zeros)."""
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def read_figure(text: str, kind: str) -> str:
    """The stored form of a figure typed by a user; raise ValueError with the reason only
    (the caller shows the value). Text rows keep their words."""
    if kind == "text":
        return clean_text(text)
    try:
        return canonical(parse_number(text, kind))
    except FigureError as exc:
        raise FigureError(_reason(exc, text.strip(), kind), code=exc.code) from None


def _reason(exc: FigureError, parsed: str, kind: str) -> str:
    """parse_number's message without the value it quotes, plus a hint where one helps."""
    if exc.code == "unreadable":
        return _("not a number: write the figure only, e.g. 1.234 or 85,5")
    message = exc.reason
    if kind == "count" and exc.code == "whole" and re.fullmatch(r"\d{1,3},\d{3}", parsed):
        message += " " + _("(for one thousand and more, write 1.234 or 1234)")
    return message


# -- reading what is stored ------------------------------------------------------------------


def stored_number(text: str, kind: str) -> Decimal:
    """A stored figure as a number; ValueError saying why it is not one of `kind`.

    What the toolkit writes is canonical ("1234", "85.5") and read as such. Anything else was
    typed into the file by hand and is read as a user means it: on a count, which has no
    decimals, "1.234" is one thousand two hundred and thirty-four.
    """
    text = text.strip()
    if _CANONICAL.fullmatch(text) and not (kind == "count" and "." in text):
        try:
            return check_number(Decimal(text), kind)
        except FigureError as exc:
            raise FigureError(f"{text!r}: {exc.reason}", exc.reason, exc.code) from None
    return parse_number(text, kind)


@lru_cache(maxsize=65536)  # a report over thousands of units reads the same figures again
def figure_number(stored: str | None, kind: str | None) -> Decimal | None:
    """A stored figure as a number, or None: nothing stored, words, or not a figure of `kind`."""
    if not stored or kind == "text":
        return None
    try:
        return stored_number(stored, kind or "amount")
    except ValueError:
        return None


@lru_cache(maxsize=8192)  # the same figures print in the minutes, the report, the export
def format_figure(stored: str | None, kind: str | None) -> str:
    """A stored figure as every view prints it: "1.234", "85,5%"; words stay words; nothing
    for no figure."""
    if stored is None or stored == "":
        return ""
    number = figure_number(stored, kind)
    if number is None:
        return clean_text(stored)
    return vn_percent(number) if kind == "percentage" else vn_number(number)


def figures_differ(reported: str | None, verified: str | None, kind: str | None) -> bool:
    """Whether the team's figure differs from the unit's (both given): "1.234" and "1234" on a
    count are the same figure; words differ only when more than their case and spacing does."""
    if not reported or not verified:
        return False
    if kind == "text":
        return fold(reported) != fold(verified)
    a, b = figure_number(reported, kind), figure_number(verified, kind)
    return a != b if a is not None and b is not None else reported.strip() != verified.strip()


# -- printing ------------------------------------------------------------------------------


def to_decimal(value) -> Decimal | None:
    """A figure as a Decimal: from a Decimal, an int, a float or canonical text ("85.5")."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        return None


def vn_number(value, decimals: int | None = None) -> str:
    """ "1.234.567", "85,5": thousands grouped by ".", decimals after ",".

    `decimals` rounds to that many places (half up); by default the figure keeps the places
    it has. Text that is not a number is returned as it is.
    """
    number = to_decimal(value)
    if number is None or not number.is_finite():
        return "" if value is None else str(value)
    sign, digits, exponent = number.as_tuple()
    needed = len(digits) + max(exponent, 0) + (decimals or 0) + 10
    if needed > 1000:  # not a figure anyone wrote: shown as it is rather than spelt out
        return str(value)
    with localcontext() as context:  # any other number prints, however many digits it has
        context.prec = max(28, needed)
        return _grouped(number, decimals)


def _grouped(number: Decimal, decimals: int | None) -> str:
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    elif number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    sign = "-" if number < 0 else ""
    text = format(abs(number), "f")
    whole, _, fraction = text.partition(".")
    grouped = re.sub(r"(?<=\d)(?=(\d{3})+$)", ".", whole)
    return sign + grouped + ("," + fraction if fraction else "")


def vn_percent(value, decimals: int | None = None) -> str:
    """ "85,5%"; nothing for no value."""
    shown = vn_number(value, decimals)
    return f"{shown}%" if shown and to_decimal(value) is not None else shown


def two_digits(count: int) -> str:
    """A count as administrative texts write it: "02 ngày", "08 đơn vị"."""
    return f"{count:02d}" if 0 <= count < 10 else str(count)


def roman(number: int) -> str:
    """Roman numerals for section headings: 4 -> "IV"."""
    if number <= 0:
        return str(number)
    out = []
    for amount, letters in _ROMAN:
        while number >= amount:
            out.append(letters)
            number -= amount
    return "".join(out)


def letter(index: int) -> str:
    """The points of an item: 1 -> "a", 5 -> "đ", 6 -> "e" (the Vietnamese alphabet's order)."""
    letters = "abcdđeghiklmnopqrstuvxy"
    if index <= len(letters):
        return letters[index - 1]
    return letters[(index - 1) // len(letters) - 1] + letters[(index - 1) % len(letters)]


# -- document numbers ------------------------------------------------------------------------


def number_text(number: int | None) -> str:
    """A document's number: "05" below 10, "123" otherwise, blanks when not yet assigned."""
    if number is None:
        return BLANK_NUMBER
    return f"{number:02d}"


def doc_number(pattern: str, number: int | None, code: str | None = None) -> str:
    """ "05/KH-BHXH" from the pattern "{number}/KH-BHXH" (or "{number}/{type}-BHXH" and the
    type code); "     /KH-BHXH" while the number is not assigned."""
    text = pattern.replace("{number}", number_text(number))
    if code is not None:
        text = text.replace("{type}", code)
    return text


def number_line(pattern: str, number: int | None, code: str | None = None) -> str:
    """The "Số: 05/KH-BHXH" line of the header."""
    return f"Số: {doc_number(pattern, number, code)}"
