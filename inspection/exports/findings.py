"""Exporting what was recorded as flat tables: findings, recommendations, indicator values.

One row per (unit, item, site), per recommendation and per (unit, indicator, period), each
with the unit's and the item's id and title, so that Excel can filter and pivot them. XLSX
holds the three tables as sheets; CSV is one file per table, UTF-8 with a byte-order mark so
Excel reads Vietnamese right; JSON is one object with the three tables.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from ..errors import ExportError
from ..files.atomic import STDOUT, write_output
from ..files.workspace import Loaded, Workspace
from ..i18n import N_, _
from ..model.campaign import OFFICE
from ..model.outline import IndicatorRow
from ..values import value
from ..vn.numbers import figure_number
from ..vn.text import clean_text
from .xlsx import Sheet, csv_dialect, write_csv, write_workbook

TABLES = ("findings", "recommendations", "indicators")
SHEETS = {"findings": "Đánh giá", "recommendations": "Kiến nghị", "indicators": "Chỉ tiêu"}
CSV_SUFFIX = {"findings": "danh-gia", "recommendations": "kien-nghi", "indicators": "chi-tieu"}
KIND_LABELS = {"count": "Số lượng", "percentage": "Tỷ lệ %", "amount": "Số tiền", "text": "Văn bản"}

HEADERS = {
    "findings": ["Mã đơn vị", "Đơn vị", "Phần", "Mã nội dung", "Nội dung", "Mã cơ sở",
                 "Nơi kiểm tra", "Trạng thái", "Mã đánh giá", "Đánh giá", "Nhận xét", "Ưu điểm",
                 "Tồn tại, hạn chế", "Nguyên nhân", "Giải trình của đơn vị", "Số kiến nghị",
                 "Tài liệu", "Người ghi", "Thời điểm ghi"],
    "recommendations": ["Mã đơn vị", "Đơn vị", "STT", "Mã nội dung", "Nội dung", "Mã cơ sở",
                        "Nơi kiểm tra", "Kiến nghị", "Đơn vị thực hiện", "Thời hạn"],
    "indicators": ["Mã đơn vị", "Đơn vị", "Mã chỉ tiêu", "Chỉ tiêu", "Loại", "Đơn vị tính",
                   "Mã kỳ", "Kỳ", "Đơn vị báo cáo", "Đoàn kiểm tra xác định", "Chênh lệch",
                   "Ghi chú"],
}


def _t(text: str | None) -> str:
    return clean_text(text) if text else ""


def _lines(texts) -> str:
    return "\n".join(_t(t) for t in texts if t)


def _number(text: str | None, kind: str | None):
    """A figure as a number for the spreadsheet; words stay words."""
    if text is None or text == "":
        return None
    value = figure_number(text, kind)
    if value is None:
        return _t(text)
    return int(value) if value == value.to_integral_value() else value


def _moment(stamp: str | None):
    """When an answer was recorded, as a local date and time for a date cell ("" unreadable)."""
    if not stamp:
        return None
    try:
        return dt.datetime.fromisoformat(stamp).astimezone().replace(microsecond=0)
    except ValueError:
        return _t(stamp)


def _path_label(row: IndicatorRow, parents) -> str:
    return " - ".join(_t(p.label) for p in parents + (row,) if p.label)


@value
class Tables:
    findings: list[list]
    recommendations: list[list]
    indicators: list[list]


def build_tables(ws: Workspace, loaded: Loaded) -> Tables:
    """The three tables, in the schedule's, the checklist's and the indicator table's order."""
    from ..documents.data import DocumentData
    from ..recording.store import FindingsStore

    data = DocumentData(loaded, store=FindingsStore(ws, loaded))
    outline = loaded.outline
    findings, recommendations, indicators = [], [], []
    for visit in loaded.campaign.visits:
        unit = (visit.unit.slug, _t(visit.unit.name))
        sections, _ = data.results.of(visit, figures=False)
        record = data.record(visit)
        for section in sections:
            for item in section.items:
                for site in item.sites:
                    finding = record.finding(item.id, site.site)
                    answer = finding.answer if finding else None
                    findings.append([
                        *unit, section.title, item.id, item.title,
                        "" if site.site == OFFICE else site.site, site.place,
                        "Đã kiểm tra" if site.checked else "Chưa kiểm tra",
                        site.rating_id, site.rating, _lines(site.observations),
                        _lines(site.strengths), _lines(site.shortcomings), _lines(site.causes),
                        _lines(site.explanations), len(site.recommendations),
                        _lines(site.evidence), site.recorded_by,
                        _moment(answer.recorded_at) if answer else None])
                    for rec in site.recommendations:
                        recommendations.append([
                            *unit, rec.number, item.id, item.title,
                            "" if site.site == OFFICE else site.site, site.place,
                            rec.text, rec.owner, rec.due])
        table = outline.appendix
        if table is None:
            continue
        for row, parents in table.leaves():
            for period in table.periods:
                entry = record.indicators.get((row.id, period.id))
                note = _t(record.notes.get(row.id))
                if entry is None and not note:
                    continue
                reported = _number(entry.value.reported if entry else None, row.kind)
                verified = _number(entry.value.verified if entry else None, row.kind)
                gap = verified - reported if isinstance(reported, (int, Decimal)) and \
                    isinstance(verified, (int, Decimal)) else None
                indicators.append([*unit, row.id, _path_label(row, parents),
                                   KIND_LABELS.get(row.kind or "", row.kind or ""), _t(row.unit),
                                   period.id, _t(period.label), reported, verified, gap, note])
    return Tables(findings, recommendations, indicators)


def _json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def render_table(name: str, rows: list[list], fmt: str, dialect: str | None = None) -> bytes:
    """One table as CSV (in `dialect`, see xlsx.CSV_DIALECTS) or JSON."""
    if fmt == "csv":
        return write_csv(HEADERS[name], rows, csv_dialect(dialect))
    return json.dumps([dict(zip(HEADERS[name], map(_json_value, row))) for row in rows],
                      ensure_ascii=False, indent=2).encode("utf-8")


def export_findings(ws: Workspace, loaded: Loaded, fmt: str, target: Path,
                    only: str | None = None, dialect: str | None = None) -> list[tuple[Path, int]]:
    """Write the tables in `fmt` (xlsx, csv, json; a CSV in `dialect`, default that of the
    messages' language); return the files written and their rows."""
    tables = build_tables(ws, loaded)
    names = (only,) if only else TABLES
    if fmt == "xlsx":
        sheets = [Sheet(SHEETS[name], HEADERS[name], getattr(tables, name)) for name in names]
        write_output(target, lambda stream: write_workbook(sheets, stream), display=str(target))
        return [(target, sum(len(getattr(tables, n)) for n in names))]
    if fmt == "json":
        if only:
            data = render_table(only, getattr(tables, only), "json")
        else:
            data = json.dumps({n: [dict(zip(HEADERS[n], map(_json_value, row)))
                                   for row in getattr(tables, n)] for n in names},
                              ensure_ascii=False, indent=2).encode("utf-8")
        write_output(target, data, display=str(target))
        return [(target, sum(len(getattr(tables, n)) for n in names))]
    if str(target) == STDOUT and len(names) > 1:
        raise ExportError(_("the CSV export is three tables, one file each: standard output can "
                            "take one of them."), remedy=("table", N_("to name the one to write")))
    written = []
    for name in names:
        suffix = f"-{CSV_SUFFIX[name]}{target.suffix or '.csv'}"
        path = target if only else target.with_name(target.stem + suffix)
        write_output(path, render_table(name, getattr(tables, name), "csv", dialect), display=str(path))
        written.append((path, len(getattr(tables, name))))
    return written
