"""Indicator forms (the Phụ lục as an Excel sheet for a unit to fill) and reading them back.

`build_form` makes the XLSX a team e-mails to a unit; `read_form` reads a filled one (XLSX or
CSV) into figures and notes, collecting every bad cell; `import_form` writes them through the
findings store, all or nothing. Rows are matched by the form's hidden-in-print "Mã chỉ tiêu"
column, or by their label when a user retyped the table. openpyxl is imported only inside the
functions that need it.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterator

from .errors import ExportError, InspectionError
from .findings import IndicatorValue, UnitRecord, canonical, now, parse_number, put_figure
from .model import IndicatorRow, IndicatorTable, Outline, Period, Visit
from .text import clean_text, fold

SHEET_TITLE = "Chỉ tiêu"
ID_HEADER = "Mã chỉ tiêu (không sửa)"
LABEL_HEADER = "Nội dung"
UNIT_HEADER = "Đơn vị tính"
FORM_MARK = "inspection-indicator-form"
MAX_FORM_BYTES = 20 * 1024 * 1024  # a filled form is a few dozen kilobytes
KIND_UNITS = {"percentage": "%", "text": "(ghi bằng chữ)"}
_DASHES = {"-", "–", "—", "--"}


def form_path(ws_output: Path, visit: Visit) -> Path:
    """The default place of a unit's form: output/bieu-chi-tieu-<unit>.xlsx (ASCII, e-mail safe)."""
    return ws_output / f"bieu-chi-tieu-{visit.unit.slug}.xlsx"


def appendix_of(outline: Outline) -> IndicatorTable:
    """The outline's indicator table, or an error saying it has none."""
    if outline.appendix is None:
        raise InspectionError(f"the outline {outline.id} has no indicator table (appendix), "
                              "so there are no indicators to fill in")
    return outline.appendix


# -- figures as users type them ------------------------------------------------------


def read_figure(text: str, kind: str) -> str:
    """The stored form of a figure typed by a user; raise ValueError with the reason only."""
    if kind == "text":
        return clean_text(text)
    try:
        return canonical(parse_number(text, kind))
    except ValueError as exc:
        raise ValueError(_reason(str(exc), text.strip(), text, kind)) from None


def _reason(message: str, parsed: str, raw: str, kind: str) -> str:
    """parse_number's message without the value it quotes, plus a hint where one helps."""
    for shown in (repr(parsed), repr(raw)):
        if message.startswith(shown):
            message = message[len(shown):].lstrip(": ")
            break
    if message.startswith("is not a number"):
        message = "not a number: write the figure only, e.g. 1.234 or 85,5"
    if kind == "count" and "whole number" in message and re.fullmatch(r"\d{1,3},\d{3}", parsed):
        message += " (for one thousand and more, write 1.234 or 1234)"
    return message


def check_number(number: Decimal, kind: str) -> str:
    """The stored form of a number read from a spreadsheet cell; ValueError if it does not fit."""
    if kind == "count" and (number != number.to_integral_value() or number < 0):
        raise ValueError("a count cannot be negative" if number < 0 else
                         "a count must be a whole number")
    if kind == "percentage" and not 0 <= number <= 100:
        raise ValueError("a percentage must be between 0 and 100")
    if kind == "amount" and number < 0:
        raise ValueError("an amount cannot be negative")
    return canonical(number)


def format_figure(value: str | None, kind: str | None) -> str:
    """A stored figure as a Vietnamese reader writes it: 1.234, 85,5%."""
    from .vnformat import vn_number, vn_percent

    if value is None:
        return ""
    if kind == "text":
        return value
    return vn_percent(value) if kind == "percentage" else vn_number(value)


# -- the form's layout ----------------------------------------------------------------


@dataclass(frozen=True)
class FormRow:
    """A leaf of the table as a line of the form: its labelled ancestors and its place."""

    row: IndicatorRow
    chain: tuple[IndicatorRow, ...]  # labelled ancestors, outermost first, then the row
    top: int  # index of its top-level row (for STT)


def form_rows(table: IndicatorTable) -> list[FormRow]:
    """Every row that takes figures, in table order, with the groups printed beside it."""
    tops = {row.id: i for i, row in enumerate(table.rows)}
    out = []
    for row, parents in table.leaves():
        chain = tuple(p for p in parents if p.label) + (row,)
        top = parents[0].id if parents else row.id
        out.append(FormRow(row, chain, tops[top]))
    return out


def unit_text(row: IndicatorRow) -> str:
    """What the "Đơn vị tính" column shows for a row."""
    return row.unit or KIND_UNITS.get(row.kind or "", "")


def _cell_value(value: str | None, kind: str | None):
    """A stored figure as a spreadsheet value: a number for numbers, text for words."""
    if value is None:
        return None
    if kind == "text":
        return value
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    return int(number) if number == number.to_integral_value() else float(number)


def build_form(outline: Outline, visit: Visit, record: UnitRecord) -> bytes:
    """The unit's indicator form as XLSX bytes, pre-filled with the figures it already reported."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    table = appendix_of(outline)
    rows = form_rows(table)
    depth = max(len(r.chain) for r in rows)
    c_stt, c_label, c_unit = 1, 2, 2 + depth
    c_periods = {p.id: c_unit + 1 + i for i, p in enumerate(table.periods)}
    c_notes = c_unit + 1 + len(table.periods)
    c_id = c_notes + 1
    label_widths = [50.0] if depth == 1 else [16.0] * (depth - 1) + [32.0]
    widths = {c_stt: 5.0, c_unit: 10.0, c_notes: 22.0, c_id: 13.0,
              **{c_label + i: w for i, w in enumerate(label_widths)},
              **{c: 13.0 for c in c_periods.values()}}
    last = get_column_letter(c_notes)

    wb = Workbook()
    sheet = wb.active
    sheet.title = SHEET_TITLE
    wb.properties.title = f"Biểu chỉ tiêu - {visit.unit.name}"
    wb.properties.subject = table.title
    wb.properties.creator = "inspection"
    wb.properties.keywords = f"{FORM_MARK}; {outline.id}; {visit.unit.slug}"

    font = "Times New Roman"
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    centre = Alignment(wrap_text=True, vertical="center", horizontal="center")

    def put(r: int, c: int, value, *, bold=False, italic=False, size=12, align=wrap, merge_to=None,
            colour=None, border=False):
        cell = sheet.cell(r, c, value)
        cell.font = Font(name=font, size=size, bold=bold, italic=italic, color=colour)
        cell.alignment = align
        if merge_to is not None and merge_to != (r, c):
            sheet.merge_cells(start_row=r, start_column=c, end_row=merge_to[0], end_column=merge_to[1])
        if border:
            for rr in range(r, (merge_to or (r, c))[0] + 1):
                for cc in range(c, (merge_to or (r, c))[1] + 1):
                    sheet.cell(rr, cc).border = box
        return cell

    put(1, 1, visit.unit.name.upper(), bold=True, merge_to=(1, c_label + depth - 1),
        align=Alignment(horizontal="left", vertical="center"))
    put(2, 1, table.title, bold=True, size=13, align=centre, merge_to=(2, c_notes))
    if table.subtitle:
        put(3, 1, table.subtitle, bold=True, size=13, align=centre, merge_to=(3, c_notes))
    hint = ("Ghi số liệu vào các cột kỳ báo cáo; để trống ô không có số liệu. Tỷ lệ % ghi số từ "
            "0 đến 100 (ví dụ 85,5). Không sửa cột «Mã chỉ tiêu» ở bên phải bảng.")
    put(4, 1, hint, italic=True, size=11, align=centre, merge_to=(4, c_notes))
    sheet.row_dimensions[4].height = 30

    header = 5
    grey = PatternFill("solid", fgColor="E7E6E6")
    for c, text, end in ([(c_stt, "STT", c_stt), (c_label, LABEL_HEADER, c_label + depth - 1),
                          (c_unit, UNIT_HEADER, c_unit)]
                         + [(c_periods[p.id], p.label, c_periods[p.id]) for p in table.periods]
                         + [(c_notes, table.notes_label, c_notes)]):
        put(header, c, text, bold=True, align=centre, merge_to=(header, end), border=True)
        sheet.cell(header, c).fill = grey
    put(header, c_id, ID_HEADER, bold=True, size=9, align=centre, colour="808080", border=True)
    sheet.row_dimensions[header].height = 45

    first = header + 1
    validations = {
        "count": DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                                error="Ghi số nguyên, không âm (ví dụ 1234).",
                                errorTitle="Số lượng", allow_blank=True),
        "percentage": DataValidation(type="decimal", operator="between", formula1="0",
                                     formula2="100", error="Tỷ lệ % ghi số từ 0 đến 100 (ví dụ 85,5).",
                                     errorTitle="Tỷ lệ %", allow_blank=True),
        "amount": DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                                 error="Ghi số tiền, không âm.", errorTitle="Số tiền",
                                 allow_blank=True),
    }
    lines = {}
    for i, form_row in enumerate(rows):
        r = first + i
        row = form_row.row
        pos = len(form_row.chain) - 1
        put(r, c_label + pos, row.label or row.id, merge_to=(r, c_label + depth - 1), border=True)
        put(r, c_unit, unit_text(row), align=centre, border=True)
        for period in table.periods:
            entry = record.indicators.get((row.id, period.id))
            value = _cell_value(entry.value.reported if entry else None, row.kind)
            cell = put(r, c_periods[period.id], value, border=True,
                       align=wrap if row.kind == "text" else Alignment(vertical="center"))
            if row.kind == "count":
                cell.number_format = "#,##0"
            if row.kind in validations:
                validations[row.kind].add(cell.coordinate)
        put(r, c_notes, record.notes.get(row.id), border=True)
        put(r, c_id, row.id, size=9, colour="808080", border=True,
            align=Alignment(horizontal="center", vertical="center")).number_format = "@"
        label_width = sum(label_widths[pos:])
        texts = [(row.label or "", label_width), (record.notes.get(row.id) or "", widths[c_notes])]
        if row.kind == "text":
            texts += [(str(sheet.cell(r, c).value or ""), widths[c]) for c in c_periods.values()]
        lines[r] = max(_lines(t, w) for t, w in texts)

    # Group cells span the rows of their leaves; STT is numbered per top-level row.
    spans: dict[tuple[int, str], list[int]] = {}
    for i, form_row in enumerate(rows):
        spans.setdefault((c_stt, str(form_row.top + 1)), []).append(first + i)
        for pos, group in enumerate(form_row.chain[:-1]):
            spans.setdefault((c_label + pos, group.id), []).append(first + i)
    group_labels = {g.id: g.label for g in table.all_rows() if g.is_group}
    for (c, key), span in spans.items():
        top, bottom = span[0], span[-1]
        text = key if c == c_stt else group_labels[key]
        put(top, c, text, bold=c != c_stt, align=centre if c == c_stt else wrap,
            merge_to=(bottom, c), border=True)
        if c != c_stt:  # a long group label needs its rows tall enough between them
            need = _lines(text, widths[c]) - sum(lines[rr] for rr in span)
            for k in range(max(0, need)):
                lines[span[k % len(span)]] += 1
    for r, n in lines.items():
        sheet.row_dimensions[r].height = 16 * n + 4

    end = first + len(rows) - 1
    for dv in validations.values():
        if dv.sqref:
            dv.showErrorMessage = True
            sheet.add_data_validation(dv)

    # Signatures below a blank row: the import reads the table only down to that row.
    sign = end + 2
    place = visit.unit.province or "……"
    year = visit.start.year if visit.start else dt.date.today().year
    right = c_periods[table.periods[0].id] if table.periods else c_notes
    put(sign, right, f"{place}, ngày …… tháng …… năm {year}", italic=True, align=centre,
        merge_to=(sign, c_notes))
    put(sign + 1, c_label, "NGƯỜI LẬP BIỂU", bold=True, align=centre, merge_to=(sign + 1, c_unit))
    put(sign + 1, right, outline.signature or "THỦ TRƯỞNG ĐƠN VỊ", bold=True, align=centre,
        merge_to=(sign + 1, c_notes))
    put(sign + 2, c_label, "(Ký, ghi rõ họ tên)", italic=True, align=centre, merge_to=(sign + 2, c_unit))
    put(sign + 2, right, "(Ký tên, đóng dấu)", italic=True, align=centre, merge_to=(sign + 2, c_notes))

    for c, w in widths.items():
        sheet.column_dimensions[get_column_letter(c)].width = w
    sheet.freeze_panes = sheet.cell(first, c_unit + 1)
    sheet.print_area = f"A1:{last}{sign + 6}"
    sheet.print_title_rows = f"{header}:{header}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _lines(text: str, width: float) -> int:
    """How many lines `text` wraps to in a column `width` characters wide (roughly)."""
    if not text:
        return 1
    return sum(max(1, math.ceil(len(part) * 1.15 / max(width - 1, 1))) for part in text.split("\n"))


# -- reading a filled form --------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A spreadsheet cell as the import sees it."""

    value: object  # str, int, float, bool, date/datetime, or None
    number_format: str = "General"
    formula: str | None = None  # the formula, when the cell holds one
    error: bool = False  # Excel shows an error (#DIV/0!, #REF!…)


@dataclass
class Sheet:
    name: str | None  # None for a CSV file
    cells: dict[tuple[int, int], Cell]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2

    @property
    def max_row(self) -> int:
        return max((r for r, _ in self.cells), default=0)

    def merge_at(self, r: int, c: int) -> tuple[int, int, int, int] | None:
        return next((m for m in self.merged if m[0] <= r <= m[2] and m[1] <= c <= m[3]), None)

    def text(self, r: int, c: int, through_merges: bool = False) -> str:
        """The cell's text, stripped; with `through_merges`, a merged cell shows its range's."""
        if through_merges and (m := self.merge_at(r, c)):
            r, c = m[0], m[1]
        cell = self.cells.get((r, c))
        if cell is None or cell.value is None:
            return ""
        return _plain(cell.value)


@dataclass(frozen=True)
class CellProblem:
    """A cell of a form that cannot be imported, located as a user finds it in Excel."""

    file: str
    sheet: str | None
    row: int
    column: int | None
    header: str | None
    value: str | None
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = [f"sheet '{self.sheet}'"] if self.sheet is not None else []
        where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {column_letter(self.column)}"
                         + (f" ({self.header})" if self.header else ""))
        text = f"{self.value!r} — {self.message}" if self.value is not None else self.message
        if self.severity != "error":
            text = f"warning: {text}"
        return f"{self.file}: {', '.join(where)}: {text}"


@dataclass(frozen=True)
class Figure:
    row: str
    period: str
    value: str  # stored form


@dataclass
class FormContent:
    """What a filled form holds, and what is wrong with it."""

    figures: list[Figure] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    problems: list[CellProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unit_mark: str | None = None  # the unit the form was made for, when it says so


def column_letter(c: int) -> str:
    letters = ""
    while c:
        c, rem = divmod(c - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _plain(value) -> str:
    if isinstance(value, float):
        return format(value, ".15g")
    if isinstance(value, (dt.datetime, dt.date)):
        return f"{value:%d/%m/%Y}"
    return clean_text(str(value))


def _load_sheets(path: Path, display: str, warnings: list[str]) -> tuple[list[Sheet], str | None]:
    """The sheets of an XLSX or CSV file, and the form mark of a workbook made by build_form."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(8)
    except IsADirectoryError:
        raise ExportError(f"{display}: this is a folder, not a form") from None
    except FileNotFoundError:
        raise ExportError(f"{display}: there is no such file") from None
    except OSError as exc:
        raise ExportError(f"{display}: cannot be read: {exc.strerror or exc}") from exc
    if size > MAX_FORM_BYTES:
        raise ExportError(f"{display}: {size // (1024 * 1024)} MB is too large for an indicator form")
    if head.startswith(b"PK\x03\x04"):
        return _load_xlsx(path, display)
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE2 compound file
        data = path.read_bytes()
        if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
            raise ExportError(f"{display}: the workbook is protected by a password, so it cannot be "
                              "read. Open it in Excel, remove the password (File > Info > Protect "
                              "Workbook > Encrypt with Password: clear it), save, and import again.")
        raise ExportError(f"{display}: this is an old Excel 97-2003 workbook (.xls). Open it in "
                          "Excel and save it as an Excel Workbook (.xlsx), or as CSV, then import that.")
    if head.startswith(b"%PDF"):
        raise ExportError(f"{display}: this is a PDF, not a spreadsheet. Import the Excel form "
                          "(.xlsx) or a CSV file the unit filled in.")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise ExportError(f"{display}: this is not an Excel workbook, though its name ends in "
                          f"{path.suffix}: it is damaged, incomplete, or another kind of file")
    return [_load_csv(path.read_bytes(), display, warnings)], None


def _load_xlsx(path: Path, display: str) -> tuple[list[Sheet], str | None]:
    import zipfile
    import zlib

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        values = load_workbook(path, data_only=True)
        formulas = load_workbook(path, data_only=False)
    # Damaged files make the zip and XML layers fail in different ways; all mean the same.
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, InvalidFileException, ValueError,
            TypeError, IndexError) as exc:
        detail = str(exc).strip("'\"") or type(exc).__name__
        raise ExportError(f"{display}: cannot be read as an Excel workbook (.xlsx): it is damaged, "
                          f"incomplete or not a workbook ({detail}). Save it again from Excel, or "
                          "ask for a new copy.") from exc
    except OSError as exc:
        raise ExportError(f"{display}: cannot be read: {exc.strerror or exc}") from exc
    sheets = []
    for ws in values.worksheets:
        fws = formulas[ws.title]
        cells = {}
        for row in ws.iter_rows():
            for cell in row:
                fcell = fws.cell(cell.row, cell.column)
                formula = fcell.value if fcell.data_type == "f" else None
                if formula is not None and not isinstance(formula, str):
                    formula = getattr(formula, "text", None) or "=…"
                if cell.value is None and formula is None:
                    continue
                cells[(cell.row, cell.column)] = Cell(cell.value, cell.number_format or "General",
                                                      formula, cell.data_type == "e")
        merged = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
        sheets.append(Sheet(ws.title, cells, merged))
    keywords = values.properties.keywords or ""
    mark = None
    if keywords.startswith(FORM_MARK):
        parts = [p.strip() for p in keywords.split(";")]
        mark = parts[2] if len(parts) > 2 else None
    return sheets, mark


def _load_csv(data: bytes, display: str, warnings: list[str]) -> Sheet:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode Text"
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            for encoding, name in (("cp1258", "Windows-1258 (Vietnamese)"),
                                   ("cp1252", "Windows-1252 (Western)")):
                try:
                    text = data.decode(encoding)
                except UnicodeDecodeError:
                    continue
                warnings.append(f"{display}: the file is not UTF-8; it was read as {name}. Check "
                                "the Vietnamese letters, or save it again as \"CSV UTF-8\".")
                break
            else:
                raise ExportError(f"{display}: this is neither a spreadsheet nor a text (CSV) file")
    if "\x00" in text:
        raise ExportError(f"{display}: this is neither a spreadsheet nor a text (CSV) file")
    lines = text.splitlines()
    if lines and lines[0].lower().startswith("sep="):  # Excel's hint line; keep row numbers
        lines[0] = ""
    counts = {d: sum(line.count(d) for line in lines[:50]) for d in (";", ",", "\t")}
    delimiter = max(counts, key=lambda d: counts[d])
    cells = {}
    for r, row in enumerate(csv.reader(lines, delimiter=delimiter), 1):
        for c, value in enumerate(row, 1):
            if value.strip():
                cells[(r, c)] = Cell(value)
    return Sheet(None, cells)


@dataclass(frozen=True)
class _Header:
    row: int
    last: int  # the last row of the header (it may be merged over two rows)
    id_col: int | None
    label_cols: tuple[int, ...]
    periods: dict[int, Period]
    notes_col: int | None

    def name(self, c: int, table: IndicatorTable) -> str | None:
        if c in self.periods:
            return self.periods[c].label
        if c == self.notes_col:
            return table.notes_label
        if c == self.id_col:
            return "Mã chỉ tiêu"
        return None


def _header_key(text: str) -> str:
    return fold(re.sub(r"\s*\([^)]*\)\s*$", "", text))


def _find_header(sheet: Sheet, table: IndicatorTable) -> _Header | None:
    period_keys = {}
    for p in table.periods:
        period_keys[_header_key(p.label)] = p
        period_keys.setdefault(fold(p.id), p)
    notes_keys = {_header_key(table.notes_label), fold("Ghi chú")}
    label_keys = {fold(t) for t in (LABEL_HEADER, "Chỉ tiêu", "Tên chỉ tiêu", "Nội dung chỉ tiêu")}
    by_row: dict[int, list[int]] = {}
    for r, c in sheet.cells:
        by_row.setdefault(r, []).append(c)
    for r in sorted(by_row):
        texts = {c: sheet.text(r, c) for c in sorted(by_row[r])}
        keys = {c: _header_key(t) for c, t in texts.items() if t}
        periods = {c: period_keys[k] for c, k in keys.items() if k in period_keys}
        id_col = next((c for c, k in keys.items() if k.startswith(fold("Mã chỉ tiêu"))
                       or k in (fold("Mã"), "id")), None)
        label_col = next((c for c, k in keys.items() if k in label_keys), None)
        if not periods or (id_col is None and label_col is None):
            continue
        notes_col = next((c for c, k in keys.items() if k in notes_keys), None)
        label_cols: tuple[int, ...] = ()
        if label_col is not None:
            merge = sheet.merge_at(r, label_col)
            if merge is not None:
                end = merge[3]
            else:
                after = [c for c in keys if c > label_col]
                end = min(after) - 1 if after else label_col
            label_cols = tuple(range(label_col, end + 1))
        last = max([r] + [m[2] for m in sheet.merged if m[0] == r])
        return _Header(r, last, id_col, label_cols, periods, notes_col)
    return None


def read_form(path: Path, table: IndicatorTable, display: str | None = None) -> FormContent:
    """Read a filled form (XLSX or CSV): every figure and note, and every bad cell."""
    display = display or str(path)
    content = FormContent()
    sheets, content.unit_mark = _load_sheets(Path(path), display, content.warnings)
    for sheet in sheets:
        header = _find_header(sheet, table)
        if header is not None:
            _read_sheet(sheet, header, table, display, content)
            return content
    names = ", ".join([LABEL_HEADER] + [p.label for p in table.periods] + [table.notes_label, "Mã chỉ tiêu"])
    where = "the file has no" if sheets and sheets[0].name is None else "no sheet of the workbook has the"
    raise ExportError(f"{display}: {where} header row of the indicator form (a row with the "
                      f"columns {names}). Is this the right file? A new form is made by "
                      "`inspection indicators form UNIT`.")


def _read_sheet(sheet: Sheet, header: _Header, table: IndicatorTable, display: str,
                content: FormContent) -> None:
    leaves = {r.row.id: r for r in form_rows(table)}
    seen_periods: dict[str, int] = {}
    for c, period in sorted(header.periods.items()):
        if period.id in seen_periods:
            content.problems.append(CellProblem(
                display, sheet.name, header.row, c, period.label, None,
                f"a second column for {period.label} (the first is column "
                f"{column_letter(seen_periods[period.id])}); keep only one"))
        else:
            seen_periods[period.id] = c
    value_cols = set(header.periods) | ({header.notes_col} if header.notes_col else set())
    table_cols = value_cols | set(header.label_cols) | ({header.id_col} if header.id_col else set())
    seen_rows: dict[str, int] = {}
    reported_merges: set = set()
    ended = False

    def problem(r, c, value, message, severity="error"):
        found = CellProblem(display, sheet.name, r, c, header.name(c, table) if c else None,
                            value, message, severity)
        if severity == "error":
            content.problems.append(found)
        else:
            content.warnings.append(str(found))

    for r in range(header.last + 1, sheet.max_row + 1):
        own = [c for c in table_cols if (r, c) in sheet.cells
               and (sheet.text(r, c) or sheet.cells[(r, c)].formula)]
        if not own and not any(sheet.merge_at(r, c) for c in table_cols):
            ended = True  # a blank row ends the table; signatures may follow
            continue
        row_id = sheet.text(r, header.id_col) if header.id_col else ""
        has_values = any(sheet.cells.get((r, c)) is not None and
                         (sheet.text(r, c) or sheet.cells[(r, c)].formula) for c in value_cols)
        if row_id:
            row = table.row(row_id)
            if row is None:
                problem(r, header.id_col, row_id, "no indicator of the table has this id")
                continue
            if row.is_group:
                if has_values:
                    problem(r, header.id_col, row_id, f"{row_id} is a group; its figures go in "
                                                      "the rows under it")
                continue
        elif not has_values or ended:
            continue
        else:
            row = _match_label(sheet, r, header, table, leaves, problem)
            if row is None:
                continue
        if row.id in seen_rows:
            problem(r, header.id_col, row.id, f"indicator {row.id} is already in row "
                                              f"{seen_rows[row.id]}; keep one row per indicator")
            continue
        seen_rows[row.id] = r
        for c, period in sorted(header.periods.items()):
            if seen_periods.get(period.id) != c:
                continue
            merge = sheet.merge_at(r, c)
            if merge is not None and merge[:2] != merge[2:]:
                if merge not in reported_merges:
                    reported_merges.add(merge)
                    span = f"{column_letter(merge[1])}{merge[0]}:{column_letter(merge[3])}{merge[2]}"
                    problem(r, c, None, f"cells {span} are merged over the figures; unmerge them "
                                        "so that each indicator has its own cell")
                continue
            cell = sheet.cells.get((r, c))
            if cell is None:
                continue
            try:
                value = _cell_figure(cell, row.kind or "count")
            except ValueError as exc:
                problem(r, c, _shown(cell), str(exc))
                continue
            if value is None:
                if _plain(cell.value) in _DASHES:
                    problem(r, c, _shown(cell), "read as no figure", severity="warning")
                continue
            content.figures.append(Figure(row.id, period.id, value))
        if header.notes_col and (note := sheet.text(r, header.notes_col)):
            content.notes[row.id] = note
    content.problems.sort(key=lambda p: (p.row, p.column or 0))


def _match_label(sheet: Sheet, r: int, header: _Header, table: IndicatorTable,
                 leaves: dict[str, FormRow], problem) -> IndicatorRow | None:
    """The leaf a row without an id is, by its label (and its groups' labels if needed)."""
    texts = [sheet.text(r, c, through_merges=True) for c in header.label_cols]
    texts = [t for t in texts if t]
    if not texts:
        problem(r, header.id_col or (header.label_cols[0] if header.label_cols else None), None,
                "this row has figures but no indicator id or label, so it cannot be placed")
        return None
    label = fold(texts[-1])
    found = [f for f in leaves.values() if fold(f.row.label or "") == label]
    if len(found) > 1:
        context = {fold(t) for t in texts[:-1]}
        found = [f for f in found if all(fold(g.label or "") in context for g in f.chain[:-1])] or found
    if len(found) == 1:
        return found[0].row
    c = header.label_cols[0] if header.label_cols else None
    if not found:
        problem(r, c, texts[-1], "no indicator of the table has this label (and the row has no "
                                 "id in the Mã chỉ tiêu column)")
    else:
        ids = ", ".join(f.row.id for f in found)
        problem(r, c, texts[-1], f"several indicators have this label ({ids}); write the id in "
                                 "the Mã chỉ tiêu column")
    return None


def _shown(cell: Cell) -> str:
    if cell.formula is not None and cell.value is None:
        return cell.formula if cell.formula.startswith("=") else "=" + cell.formula
    value = cell.value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in cell.number_format:
        return f"{format(Decimal(format(value, '.15g')) * 100, 'f')}%"
    return _plain(value)


def _cell_figure(cell: Cell, kind: str) -> str | None:
    """The stored figure of a cell (None when empty); ValueError with the reason if bad."""
    value = cell.value
    if value is None:
        if cell.formula is not None:
            raise ValueError("a formula whose result is not saved in the file; open the file in "
                             "Excel or LibreOffice, let it calculate, save it, and import again")
        return None
    if cell.error:
        raise ValueError("Excel shows an error in this cell; correct the formula or type the figure")
    if isinstance(value, bool):
        raise ValueError("a true/false value, not a figure")
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        raise ValueError("Excel turned this into a date; type the figure again (e.g. 85,5) in a "
                         "cell formatted as Number")
    if kind == "text":
        text = _plain(value)
        return text or None
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError("not a number")
        number = Decimal(value) if isinstance(value, int) else Decimal(format(value, ".15g"))
        if "%" in cell.number_format:
            if kind != "percentage":
                raise ValueError("a % sign only belongs in a percentage")
            number *= 100
        return check_number(number, kind)
    text = _plain(value)
    if not text or text in _DASHES:
        return None
    return read_figure(text, kind)


# -- importing -------------------------------------------------------------------------


@dataclass
class ImportResult:
    imported: int
    unchanged: int
    notes: int
    problems: list[CellProblem]
    warnings: list[str]
    replaced_notes: dict[str, str]  # row -> the note it had before


def import_form(store, visit: Visit, path: Path, display: str, by: str | None, *,
                verified: bool = False, partial: bool = False, any_unit: bool = False) -> ImportResult:
    """Import a filled form into the unit's findings: all figures or none (unless `partial`).

    Figures go in as reported (or, with `verified`, as verified by the team); empty cells leave
    what is recorded as it is; notes go into the unit's notes.
    """
    table = appendix_of(store.loaded.outline)
    content = read_form(path, table, display)
    if content.unit_mark and content.unit_mark != visit.unit.slug and not any_unit:
        other = next((v.unit.name for v in store.loaded.campaign.visits
                      if v.unit.slug == content.unit_mark), content.unit_mark)
        raise ExportError(f"{display}: this form was made for {other}, not {visit.unit.name}; "
                          "nothing was imported. Check the unit, or add --any-unit if the unit "
                          "really filled in another unit's form.")
    if content.problems and not partial:
        lines = [str(p) for p in content.problems] + content.warnings
        lines.append(f"{len(content.problems)} problem(s): nothing was imported. Correct the cells "
                     "and import again, or add --partial to import the other cells.")
        raise ExportError("\n".join(lines))
    field_name = "verified" if verified else "reported"
    result = ImportResult(0, 0, 0, content.problems, content.warnings, {})

    def change(record: UnitRecord) -> None:
        at = now()
        for figure in content.figures:
            if put_figure(record, figure.row, figure.period, by, at, **{field_name: figure.value}):
                result.imported += 1
            else:
                result.unchanged += 1
        for row, note in content.notes.items():
            old = record.notes.get(row)
            if old != note:
                if old:
                    result.replaced_notes[row] = old
                record.notes[row] = note
                result.notes += 1

    if content.figures or content.notes:
        store.update(visit, change)
    return result


def set_figure(store, visit: Visit, row_id: str, period_query: str, text: str, by: str | None, *,
               verified: bool = False, note: str | None = None) -> tuple[IndicatorRow, Period, IndicatorValue]:
    """Record one figure typed on the command line (and the row's note, if given)."""
    table = appendix_of(store.loaded.outline)
    row = find_row(table, row_id)
    period = find_period(table, period_query)
    try:
        value = read_figure(text, row.kind or "count")
    except ValueError as exc:
        raise InspectionError(f"{text!r} — {exc}") from None
    if not value:
        raise InspectionError("give a figure (an empty value records nothing)")
    key = "verified" if verified else "reported"
    result = store.set_indicator(visit, row.id, period.id, by, **{key: value})
    if note is not None and clean_text(note):
        def set_note(record: UnitRecord) -> None:
            record.notes[row.id] = clean_text(note)
        store.update(visit, set_note)
    return row, period, result


def find_row(table: IndicatorTable, row_id: str) -> IndicatorRow:
    """The leaf row `row_id` names; a clear error for an unknown id or a group."""
    row = table.row(row_id.strip())
    if row is None:
        import difflib

        ids = [r.id for r, _ in table.leaves()]
        close = difflib.get_close_matches(row_id, ids, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else \
            " (`inspection outline show` lists them)"
        raise InspectionError(f"the indicator table has no row {row_id!r}{hint}")
    if row.is_group:
        below = ", ".join(r.id for r in row.walk() if not r.is_group)
        raise InspectionError(f"row {row.id} is a group; figures go in the rows under it: {below}")
    return row


def find_period(table: IndicatorTable, query: str) -> Period:
    """The period a user names by its id ("2021") or its label ("Năm 2021")."""
    key = fold(query)
    for period in table.periods:
        if query.strip() == period.id or key in (fold(period.label), fold(period.id)):
            return period
    known = ", ".join(f"{p.id} ({p.label})" for p in table.periods)
    raise InspectionError(f"the indicator table has no period {query!r}; its periods are: {known}")


# -- showing -----------------------------------------------------------------------


def figure_rows(table: IndicatorTable, record: UnitRecord) -> Iterator[tuple[int, IndicatorRow, list]]:
    """Every row of the table with its depth and, for leaves, (reported, verified) per period."""
    def visit_row(row: IndicatorRow, depth: int):
        if row.is_group:
            yield depth, row, []
            for child in row.children:
                yield from visit_row(child, depth + 1)
        else:
            values = []
            for period in table.periods:
                entry = record.indicators.get((row.id, period.id))
                values.append((entry.value.reported, entry.value.verified) if entry else (None, None))
            yield depth, row, values
    for row in table.rows:
        yield from visit_row(row, 0)
