"""Writing flat tables as an Excel workbook, streamed row by row, text kept as text, numbers
and dates as real number and date cells; and as CSV, in Excel's Vietnamese dialect or RFC 4180.

openpyxl's write-only mode, not tablib's export: tablib builds every cell as an object first
(2 GB for a 3,321-commune campaign), and it writes text that starts with "=" as a live
formula, so a note like "=> kết luận" or a place "=Hà Nội" made Excel report a broken file or
compute something. Here every text cell is a text cell. openpyxl is imported only here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from decimal import Decimal
from typing import BinaryIO, Iterable, Sequence

from ..values import value


@value
class Sheet:
    """One sheet: its name, its column headings and its rows (numbers, dates and texts); the
    rows may be any iterable, read once (a spool of thousands of units' rows)."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence]


# What makes a spreadsheet take a cell of a CSV file for a formula (OWASP, CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value):
    """`value` for a CSV cell: a text that a spreadsheet would take for a formula ("=…", "+1",
    "- …", "@…") gets a leading apostrophe, so that it is shown, never computed."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


# CSV as Excel reads it. An Excel set to Vietnamese (Windows' region "Vietnamese") splits
# columns at ";" and reads "85,5" and "12/07/2022" as a number and a date: commas, "85.5" and
# ISO dates stay one column of text there. RFC 4180 (",", "85.5", 2022-07-12) is for other
# programs and English settings. Both start with a byte-order mark: without it Excel takes
# UTF-8 for the ANSI code page and garbles Vietnamese.
CSV_DIALECTS = ("excel-vn", "rfc4180")


def csv_dialect(given: str | None = None) -> str:
    """The dialect asked for, else the one of the messages' language (Vietnamese: excel-vn)."""
    if given:
        return given
    from ..i18n import current

    return "excel-vn" if current() == "vi" else "rfc4180"


def csv_cell(value, dialect: str) -> str:
    """One value as a CSV cell of `dialect`; texts that would be formulas are kept as text."""
    vietnamese = dialect == "excel-vn"
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if vietnamese else value.isoformat()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y") if vietnamese else value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, Decimal, float)):
        text = format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)
        return text.replace(".", ",") if vietnamese else text
    return csv_text(str(value))


def write_csv(headers: Sequence[str], rows: Iterable[Sequence], dialect: str) -> bytes:
    """A table as CSV bytes in `dialect` (see CSV_DIALECTS)."""
    out = io.BytesIO()
    write_csv_to(out, headers, rows, dialect)
    return out.getvalue()


def write_csv_to(stream: BinaryIO, headers: Sequence[str], rows: Iterable[Sequence],
                 dialect: str) -> None:
    """A table as CSV in `dialect`, written into `stream` row by row."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="", write_through=False)
    writer = csv.writer(text, delimiter=";" if dialect == "excel-vn" else ",",
                        lineterminator="\r\n")
    writer.writerow([csv_text(h) for h in headers])
    for row in rows:
        writer.writerow([csv_cell(value, dialect) for value in row])
    text.flush()
    text.detach()  # the stream stays open: it is the caller's


def number_format(value) -> str | None:
    """Excel's format of a number or date cell. The codes are the same in every language:
    Excel shows "#,##0.0" as "1.211,5" when it is set to Vietnamese."""
    if isinstance(value, dt.datetime):
        return "dd/mm/yyyy hh:mm"
    if isinstance(value, dt.date):
        return "dd/mm/yyyy"
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return "#,##0"
    if isinstance(value, Decimal):
        decimals = max(0, -value.normalize().as_tuple().exponent)
        return "#,##0" + ("." + "0" * decimals if decimals else "")
    if isinstance(value, float):
        return "#,##0.##"
    return None


def write_workbook(sheets: Iterable[Sheet], stream: BinaryIO) -> None:
    """The sheets as one .xlsx workbook, written into `stream`."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")

    def cell(sheet, content):
        if content is None or content == "":
            return None
        if not isinstance(content, str):
            if isinstance(content, dt.datetime) and content.tzinfo is not None:
                content = content.replace(tzinfo=None)  # Excel has no time zones: local time
            made = WriteOnlyCell(sheet, value=content)
            if (code := number_format(content)) is not None:
                made.number_format = code
            return made
        made = WriteOnlyCell(sheet, value=content)
        made.data_type = "s"  # text, even when it starts with "=" like a formula
        if "\n" in content:
            made.alignment = wrap
        return made

    for spec in sheets:
        sheet = book.create_sheet(spec.title)
        sheet.freeze_panes = "A2"
        rows = iter(spec.rows)
        first = list(itertools.islice(rows, 2000))  # the columns' widths come from these
        for index, header in enumerate(spec.headers, 1):
            longest = max([len(header), *(len(str(row[index - 1]).split("\n", 1)[0])
                                          for row in first)])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(longest, 6), 60) + 2
        heading = [cell(sheet, text) for text in spec.headers]
        for made in heading:
            made.font = bold
        sheet.append(heading)
        for row in itertools.chain(first, rows):
            sheet.append([cell(sheet, content) for content in row])
    book.save(stream)


def export_table(target, fmt: str, title: str, headers: Sequence[str], rows: Sequence[Sequence],
                 dialect: str | None = None) -> int:
    """One table written as `fmt` into `target` (a path, "-" for standard output): an XLSX
    sheet called `title`, CSV in `dialect`, or JSON objects by heading (dates as 12/07/2022,
    times in ISO 8601 with their offset); return how many rows."""
    import json

    from ..files.atomic import write_output
    from ..vn.dates import short_date

    def plain(value):
        if isinstance(value, dt.datetime):
            return value.astimezone().isoformat(timespec="seconds")
        if isinstance(value, dt.date):
            return short_date(value)
        return float(value) if isinstance(value, Decimal) else value

    if fmt == "xlsx":
        sheet = Sheet(title, headers, rows)
        write_output(target, lambda stream: write_workbook([sheet], stream), display=str(target))
    elif fmt == "csv":
        write_output(target, write_csv(headers, rows, csv_dialect(dialect)), display=str(target))
    else:
        data = [dict(zip(headers, map(plain, row))) for row in rows]
        write_output(target, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode(),
                     display=str(target))
    return len(rows)
