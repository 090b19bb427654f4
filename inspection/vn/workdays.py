"""Working days in Vietnam: weekends and public holidays, the lunar ones included.

The `holidays` package computes the lunar holidays (Tết Nguyên đán, Giỗ Tổ Hùng Vương) and
the substitute days each year; it is imported only when a date is first checked, because
importing it takes a noticeable fraction of a second.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

# Days added by law that an older `holidays` release may not know yet.
_SUPPLEMENT = {(11, 24): ("Ngày Văn hóa Việt Nam", 2026)}


@lru_cache(maxsize=None)
def _holidays(year: int) -> dict[dt.date, str]:
    import holidays

    days = dict(holidays.country_holidays("VN", years=year, language="vi").items())
    for (month, day), (name, since) in _SUPPLEMENT.items():
        if year >= since:
            days.setdefault(dt.date(year, month, day), name)
    return days


def holiday(day: dt.date) -> str | None:
    """The name of the public holiday on `day`, or None."""
    return _holidays(day.year).get(day)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and holiday(day) is None


def next_working_day(day: dt.date) -> dt.date:
    """The first working day after `day`."""
    day += dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
