"""Exporting what was recorded as flat tables: findings, recommendations, indicator values.

One row per (unit, item, site), per recommendation and per (unit, indicator, period), each
with the unit's and the item's id and title, so that Excel can filter and pivot them. XLSX
holds the three tables as sheets; CSV is one file per table, UTF-8 with a byte-order mark so
Excel reads Vietnamese right; JSON is one object with the three tables.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import pickle
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from ..errors import ExportError
from ..files.atomic import STDOUT, write_output
from ..files.workspace import Loaded, Workspace
from ..i18n import N_, _
from ..model.campaign import OFFICE
from ..model.outline import IndicatorRow
from ..vn.numbers import figure_number
from ..vn.text import clean_text
from .xlsx import Sheet, csv_dialect, write_csv_to, write_workbook

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


def unit_rows(data, visit) -> tuple[list[list], list[list], list[list]]:
    """One unit's rows of the three tables: its findings, recommendations, indicator values."""
    outline = data.loaded.outline
    findings, recommendations, indicators = [], [], []
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
    if table is not None:
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
    return findings, recommendations, indicators


def units_rows(ws: Workspace, loaded: Loaded) -> Iterator[tuple[list, list, list]]:
    """Each unit's rows of the three tables, in the schedule's order: a unit's findings are
    read, turned into rows and let go before the next unit's are read."""
    from ..documents.data import DocumentData
    from ..recording.store import FindingsStore

    data = DocumentData(loaded, store=FindingsStore(ws, loaded))
    for visit in loaded.campaign.visits:
        rows = unit_rows(data, visit)
        data.forget(visit)
        yield rows


class Spool:
    """A table's rows kept in a file while the units are read, so that the three tables of
    thousands of units are never in memory at once; read back as often as needed."""

    def __init__(self, folder: Path, name: str):
        self.path = folder / f"{name}.rows"
        self.stream = open(self.path, "wb")
        self.count = 0

    def add(self, rows: list[list]) -> None:
        if rows:
            pickle.dump(rows, self.stream, protocol=pickle.HIGHEST_PROTOCOL)
            self.count += len(rows)

    def close(self) -> None:
        self.stream.close()

    def __iter__(self) -> Iterator[list]:
        with open(self.path, "rb") as stream:  # written just now by this process: trusted
            while True:
                try:
                    chunk = pickle.load(stream)
                except EOFError:
                    return
                yield from chunk


def _json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _json_rows(name: str, rows: Iterable[list], stream: BinaryIO, indent: str = "") -> None:
    """A table as a JSON list of objects, written row by row."""
    stream.write(b"[")
    first = True
    for row in rows:
        item = json.dumps(dict(zip(HEADERS[name], map(_json_value, row))), ensure_ascii=False,
                          indent=2)
        stream.write((("\n" if first else ",\n") + indent + "  "
                      + item.replace("\n", "\n" + indent + "  ")).encode("utf-8"))
        first = False
    stream.write((("\n" + indent) if not first else "").encode() + b"]")


def render_table(name: str, rows: list[list], fmt: str, dialect: str | None = None) -> bytes:
    """One table as CSV (in `dialect`, see xlsx.CSV_DIALECTS) or JSON."""
    out = io.BytesIO()
    if fmt == "csv":
        write_csv_to(out, HEADERS[name], rows, csv_dialect(dialect))
    else:
        _json_rows(name, rows, out)
        out.write(b"\n")
    return out.getvalue()


def export_findings(ws: Workspace, loaded: Loaded, fmt: str, target: Path,
                    only: str | None = None, dialect: str | None = None) -> list[tuple[Path, int]]:
    """Write the tables in `fmt` (xlsx, csv, json; a CSV in `dialect`, default that of the
    messages' language); return the files written and their rows.

    The units are read one at a time, their rows kept in spool files in the workspace's
    scratch space, and each file is written from there: the memory taken does not grow with
    the number of units."""
    from ..files.scratch import scratch

    names = (only,) if only else TABLES
    if fmt == "csv" and str(target) == STDOUT and len(names) > 1:
        raise ExportError(_("the CSV export is three tables, one file each: standard output can "
                            "take one of them."), remedy=("table", N_("to name the one to write")))
    with scratch(ws.cache_dir, "inspection-export-") as folder:
        spools = {name: Spool(folder, name) for name in TABLES}
        try:
            for rows in units_rows(ws, loaded):
                for name, table_rows in zip(TABLES, rows):
                    if name in names:
                        spools[name].add(table_rows)
        finally:
            for spool in spools.values():
                spool.close()
        return _write(fmt, target, names, spools, dialect)


def _write(fmt: str, target: Path, names: tuple[str, ...], spools: dict[str, Spool],
           dialect: str | None) -> list[tuple[Path, int]]:
    total = sum(spools[n].count for n in names)
    if fmt == "xlsx":
        sheets = [Sheet(SHEETS[name], HEADERS[name], spools[name]) for name in names]
        write_output(target, lambda stream: write_workbook(sheets, stream), display=str(target))
        return [(target, total)]
    if fmt == "json":
        def write_json(stream: BinaryIO) -> None:
            if len(names) == 1:
                _json_rows(names[0], spools[names[0]], stream)
                stream.write(b"\n")
                return
            stream.write(b"{")
            for index, name in enumerate(names):
                stream.write((("," if index else "") + f"\n  {json.dumps(name)}: ").encode())
                _json_rows(name, spools[name], stream, indent="  ")
            stream.write(b"\n}\n")
        write_output(target, write_json, display=str(target))
        return [(target, total)]
    written = []
    for name in names:
        suffix = f"-{CSV_SUFFIX[name]}{target.suffix or '.csv'}"
        path = target if len(names) == 1 else target.with_name(target.stem + suffix)
        write_output(path, lambda stream, name=name: write_csv_to(
            stream, HEADERS[name], spools[name], csv_dialect(dialect)), display=str(path))
        written.append((path, spools[name].count))
    return written
