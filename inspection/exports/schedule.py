"""Exporting the schedule of visits: CSV, XLSX and JSON tables, and iCalendar for the team."""

from __future__ import annotations

import datetime as dt
import io
import json

from ..model.campaign import Campaign
from ..vn.workdays import WEEKDAYS
from .xlsx import Sheet, csv_dialect, write_csv, write_workbook

FORMATS = ("csv", "xlsx", "json", "ics")
TITLE = "Lịch kiểm tra"
HEADERS = ["STT", "Đơn vị", "Mã đơn vị", "Đoàn", "Ngày", "Thứ", "Địa điểm", "Cơ sở",
           "Trưởng đoàn", "Thành viên"]
_KEYS = ["stt", "unit", "unit_id", "team", "date", "weekday", "place", "sites", "lead", "members"]


def schedule_rows(campaign: Campaign) -> list[dict]:
    """One row per visit day: what the schedule views and exports show."""
    rows = []
    for number, visit in enumerate(campaign.visits, 1):
        team = campaign.team(visit.team)
        for day in visit.days:
            rows.append({
                "stt": number,
                "unit": visit.unit.name,
                "unit_id": visit.unit.slug,
                "team": campaign.team_name(visit.team),
                "date": day.date,
                "weekday": WEEKDAYS[day.date.weekday()],
                "place": day.place or "",
                "sites": "; ".join(site.name for site in day.sites),
                "lead": team.lead.name if team and team.lead else "",
                "members": "; ".join(m.name for m in team.members) if team else "",
            })
    return rows


def _table(campaign: Campaign, dates_as_text: bool = True) -> list[list]:
    return [[row[k].isoformat() if k == "date" and dates_as_text else row[k] for k in _KEYS]
            for row in schedule_rows(campaign)]


def dataset(campaign: Campaign):
    """The schedule as a tablib Dataset, one row per visit day."""
    import tablib

    data = tablib.Dataset(headers=HEADERS, title=TITLE)
    for row in _table(campaign):
        data.append(row)
    return data


def export(campaign: Campaign, fmt: str, dialect: str | None = None) -> bytes:
    """The schedule in `fmt` (csv, xlsx, json or ics) as bytes ready to write; a CSV in
    `dialect` (xlsx.CSV_DIALECTS; default: the one of the messages' language)."""
    if fmt == "ics":
        return ics(campaign).encode("utf-8")
    if fmt == "xlsx":  # the dates as date cells
        stream = io.BytesIO()
        write_workbook([Sheet(TITLE, HEADERS, _table(campaign, dates_as_text=False))], stream)
        return stream.getvalue()
    if fmt == "csv":
        return write_csv(HEADERS, _table(campaign, dates_as_text=False), csv_dialect(dialect))
    data = dataset(campaign)
    if fmt == "json":
        return json.dumps(data.dict, ensure_ascii=False, indent=2).encode("utf-8")
    raise ValueError(f"unknown format {fmt}")


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545, 3.1)."""
    out, current = [], ""
    for char in line:
        limit = 75 if not out else 74
        if len((current + char).encode("utf-8")) > limit:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return "\r\n ".join(out)


def _summary(visit, number: int) -> str:
    """An event's title: "Kiểm tra BHXH tỉnh Yên Bái (ngày thứ 1 trong 2 ngày)" — "(ngày 1/2)"
    reads as a date (1 February), and a one-day visit needs no day number."""
    if len(visit.days) == 1:
        return f"Kiểm tra {visit.unit.name}"
    return f"Kiểm tra {visit.unit.name} (ngày thứ {number} trong {len(visit.days)} ngày)"


def ics(campaign: Campaign, now: dt.datetime | None = None) -> str:
    """An iCalendar file with one all-day event per visit day, to import into a team's calendars."""
    stamp = (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//inspection//Lich kiem tra//VI",
             "CALSCALE:GREGORIAN", f"X-WR-CALNAME:{_escape(campaign.title)}"]
    for visit in campaign.visits:
        team = campaign.team(visit.team)
        who = "; ".join(f"{m.name} ({m.role_label})" for m in team.members) if team else visit.team
        for number, day in enumerate(visit.days, 1):
            where = day.place or "; ".join(s.name for s in day.sites) or visit.unit.name
            description = [campaign.team_name(visit.team), f"Thành phần: {who}"]
            if day.sites:
                description.append("Cơ sở: " + "; ".join(s.name for s in day.sites))
            if day.note:
                description.append(day.note)
            lines += [
                "BEGIN:VEVENT",
                f"UID:{campaign.id}-{visit.unit.slug}-{day.date:%Y%m%d}@inspection",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{day.date:%Y%m%d}",
                f"DTEND;VALUE=DATE:{day.date + dt.timedelta(days=1):%Y%m%d}",
                f"SUMMARY:{_escape(_summary(visit, number))}",
                f"LOCATION:{_escape(where)}",
                f"DESCRIPTION:{_escape(chr(10).join(description))}",
                "TRANSP:OPAQUE",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
