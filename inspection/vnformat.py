"""Vietnamese formats for documents: dates, numbers, percentages and document numbers.

Decree 30/2020/NĐ-CP writes dates as "ngày 05 tháng 8 năm 2022" (days below 10 and the
months 1 and 2 take a leading zero, months 3 to 12 do not) and numbers with "." between
thousands and "," before decimals (1.234.567; 85,5%). These helpers are also the filters
the document templates use (see docs/templates.md).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation, ROUND_HALF_UP

# What a draft leaves blank for the number and the date until they are assigned by hand.
BLANK_NUMBER = "     "
BLANK_GAP = "     "
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def day_text(day: int) -> str:
    """The day as written in a date: "05" for 5, "12" for 12."""
    return f"{day:02d}"


def month_text(month: int) -> str:
    """The month as written in a date: "01" and "02" for January and February, else "8"."""
    return f"{month:02d}" if month <= 2 else str(month)


def vn_date(value: dt.date | None, year: int | str | None = None) -> str:
    """ "ngày 05 tháng 8 năm 2022"; without a date, the blanks a draft leaves:
    "ngày     tháng     năm 2022" (the year from `year` when given)."""
    if value is None:
        shown = f" {year}" if year else BLANK_GAP
        return f"ngày{BLANK_GAP}tháng{BLANK_GAP}năm{shown}"
    return f"ngày {day_text(value.day)} tháng {month_text(value.month)} năm {value.year}"


def place_date(place: str | None, value: dt.date | None, year: int | str | None = None) -> str:
    """The place-and-date line of the header: "Hà Nội, ngày 05 tháng 8 năm 2022"."""
    return f"{place or '……'}, {vn_date(value, year)}"


def short_date(value: dt.date | None) -> str:
    """A date in running text: "12/07/2022"; nothing for no date."""
    return f"{value.day:02d}/{value.month:02d}/{value.year}" if value else ""


def date_span(start: dt.date | None, end: dt.date | None) -> str:
    """ "ngày 12/07/2022" for one day, "từ ngày 12/07/2022 đến ngày 13/07/2022" for several."""
    if start is None:
        return ""
    if end is None or end == start:
        return f"ngày {short_date(start)}"
    return f"từ ngày {short_date(start)} đến ngày {short_date(end)}"


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
    if number is None:
        return "" if value is None else str(value)
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


def two_digits(count: int) -> str:
    """A count as administrative texts write it: "02 ngày", "08 đơn vị"."""
    return f"{count:02d}" if 0 <= count < 10 else str(count)


def roman(number: int) -> str:
    """Roman numerals for section headings: 4 -> "IV"."""
    if number <= 0:
        return str(number)
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def letter(index: int) -> str:
    """The points of an item: 1 -> "a", 5 -> "đ", 6 -> "e" (the Vietnamese alphabet's order)."""
    letters = "abcdđeghiklmnopqrstuvxy"
    if index <= len(letters):
        return letters[index - 1]
    return letters[(index - 1) // len(letters) - 1] + letters[(index - 1) % len(letters)]


def lcfirst(text: str) -> str:
    """The text with its first letter in lower case, to be used inside a sentence.

    An abbreviation at the start stays as it is: "BHXH tỉnh" does not become "bHXH tỉnh".
    """
    if not text:
        return text
    first = text.split(maxsplit=1)[0]
    letters = [c for c in first if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return text
    return text[0].lower() + text[1:]


def ucfirst(text: str) -> str:
    """The text with its first letter in upper case."""
    return text[:1].upper() + text[1:] if text else text


def end_with(text: str, mark: str) -> str:
    """The text ending with exactly `mark` (";" or "."), whatever punctuation it ended with."""
    text = text.rstrip()
    stripped = re.sub(r"[\s;,.:]+$", "", text)
    if text.endswith("...") or text.endswith("…"):
        stripped = text  # "…" belongs to the text
        stripped = re.sub(r"[\s;,:]+$", "", stripped)
    return stripped + mark if stripped else stripped


def list_items(texts, last: str = ".", other: str = ";") -> list[str]:
    """Items of a list each ending with ";" and the last with "." (legal bases, recipients)."""
    texts = [t for t in texts if t and t.strip()]
    return [end_with(t, last if i == len(texts) - 1 else other) for i, t in enumerate(texts)]


FILTERS = {
    "vn_date": vn_date,
    "place_date": place_date,
    "short_date": short_date,
    "vn_number": vn_number,
    "vn_percent": vn_percent,
    "doc_number": doc_number,
    "number_line": number_line,
    "two_digits": two_digits,
    "roman": roman,
    "letter": letter,
    "lcfirst": lcfirst,
    "ucfirst": ucfirst,
    "end_with": end_with,
}
