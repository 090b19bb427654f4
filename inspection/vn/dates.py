"""Dates the Vietnamese way: reading "12/07/2022" and "2022-07-12", writing them as documents do.

Decree 30/2020/NĐ-CP writes dates as "ngày 05 tháng 8 năm 2022": days below 10 and the months
1 and 2 take a leading zero, months 3 to 12 do not. Running text writes "12/07/2022".
"""

from __future__ import annotations

import datetime as dt
import re

from ..i18n import _

FIRST_YEAR, LAST_YEAR = 1900, 2199  # the dates this tool takes
BLANK_GAP = "     "  # what a draft leaves blank for the day and month until they are assigned
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VN_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_date(text: str) -> dt.date:
    """Parse "2022-07-12", "12/07/2022" or "12/7/2022"; raise ValueError with a readable reason."""
    text = text.strip()
    match = _ISO_DATE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _VN_DATE.match(text)
        if not match:
            raise ValueError(_("{text} is not a date; write it as 2022-07-12 or 12/07/2022")
                             .format(text=text))
        day, month, year = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        raise ValueError(_("{text} is not a date: there is no month {month}")
                         .format(text=text, month=month))
    if year < 1:
        raise ValueError(_("{text} is not a date: there is no year {year}")
                         .format(text=text, year=year))
    if not FIRST_YEAR <= year <= LAST_YEAR:  # a slip of the keyboard, not a campaign's date
        raise ValueError(_("{text}: the year must be between {first} and {last}")
                         .format(text=text, first=FIRST_YEAR, last=LAST_YEAR))
    last = 31 if month == 12 else (dt.date(year, month + 1, 1) - dt.date(year, month, 1)).days
    if not 1 <= day <= last:
        raise ValueError(_("{text} is not a date: month {month}/{year} has {days} days")
                         .format(text=text, month=month, year=year, days=last))
    return dt.date(year, month, day)


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


def moment(stamp: str | None) -> str:
    """A stored time stamp as a Vietnamese reader says it, in this computer's time zone:
    "2022-07-12T08:30:00+07:00" gives "08:30 ngày 12/07/2022"; what is not one stays as it is."""
    if not stamp:
        return ""
    try:
        when = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if when.tzinfo is not None:
        when = when.astimezone()
    return f"{when:%H:%M} ngày {short_date(when.date())}"
