"""Reading a filled indicator form back (XLSX or CSV), cell by cell, collecting every bad cell.

Rows are matched by the form's "Mã chỉ tiêu" column, or by their label when a user retyped the
table; periods and notes by their column headings. openpyxl is imported only to read a workbook.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

from ..errors import ExportError
from ..i18n import N_, _
from ..model.outline import IndicatorRow, IndicatorTable, Period
from ..values import field, value
from ..vn.numbers import canonical, check_number, read_figure
from ..vn.text import clean_text, fold
from .form import FORM_MARK, LABEL_HEADER, MAX_FORM_BYTES, FormRow, form_rows

_DASHES = {"-", "–", "—", "--"}


# -- reading a filled form --------------------------------------------------------


@value
class Cell:
    """A spreadsheet cell as the import sees it."""

    value: object  # str, int, float, bool, date/datetime, or None
    number_format: str = "General"
    formula: str | None = None  # the formula, when the cell holds one
    error: bool = False  # Excel shows an error (#DIV/0!, #REF!…)


@value(frozen=False)
class Sheet:
    name: str | None  # None for a CSV file
    cells: dict[tuple[int, int], Cell]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2
    encoding_hint: str | None = None  # how a CSV file not in UTF-8 was read

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


@value
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
        where = [_("sheet '{sheet}'").format(sheet=self.sheet)] if self.sheet is not None else []
        where.append(_("row {row}").format(row=self.row))
        if self.column is not None:
            where.append(_("column {column}").format(column=column_letter(self.column))
                         + (f" ({self.header})" if self.header else ""))
        text = f"{self.value!r} — {self.message}" if self.value is not None else self.message
        if self.severity != "error":
            text = _("warning: {problem}").format(problem=text)
        return f"{self.file}: {', '.join(where)}: {text}"


@value
class Figure:
    row: str
    period: str
    value: str  # stored form


@value(frozen=False)
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
    from ..files.reading import Unreadable, read_regular

    try:  # whole, at most MAX_FORM_BYTES, never waiting on a pipe
        data = read_regular(path, MAX_FORM_BYTES, N_("an indicator form"))
    except Unreadable as exc:
        raise ExportError(f"{display}: {exc}") from None
    head = data[:8]
    if head.startswith(b"PK\x03\x04"):
        return _load_xlsx(data, display)
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE2 compound file
        if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
            raise ExportError(_(
                "{file}: the workbook is protected by a password, so it cannot be read. Open it "
                "in Excel, remove the password (File > Info > Protect Workbook > Encrypt with "
                "Password: clear it), save, and import again.").format(file=display))
        raise ExportError(_(
            "{file}: this is an old Excel 97-2003 workbook (.xls). Open it in Excel and save it "
            "as an Excel Workbook (.xlsx), or as CSV, then import that.").format(file=display))
    if head.startswith(b"%PDF"):
        raise ExportError(_("{file}: this is a PDF, not a spreadsheet. Import the Excel form "
                            "(.xlsx) or a CSV file the unit filled in.").format(file=display))
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise ExportError(_(
            "{file}: this is not an Excel workbook, though its name ends in {suffix}: it is "
            "damaged, incomplete, or another kind of file").format(file=display,
                                                                   suffix=path.suffix))
    return [_load_csv(data, display, warnings)], None


# What a workbook may unpack to. A filled form is some 50 kB unpacked; a workbook retyped by
# hand with every style Excel adds, a few MB. More is a sheet of millions of rows (a "zip
# bomb": 15 MB that unpack to 150 MB and minutes of reading) and is refused before reading.
MAX_UNPACKED = 40 * 2**20


def _check_zip(data: bytes, display: str):
    """Open the workbook's zip, refusing what cannot or must not be read, before any parsing."""
    import io
    import zipfile

    again = _("Open it in Excel, save it as an Excel Workbook (.xlsx), and import again.")
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
        members = book.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise ExportError(_(
            "{file}: cannot be read as an Excel workbook (.xlsx): it is damaged, incomplete or "
            "not a workbook. Save it again from Excel, or ask for a new copy."
        ).format(file=display)) from None
    for info in members:
        if info.flag_bits & 0x1:
            raise ExportError(_("{file}: its part {part} is protected by a password, so the "
                                "workbook cannot be read.").format(file=display, part=info.filename)
                              + " " + again)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ExportError(_(
                "{file}: its part {part} is compressed in a way Excel does not use (method "
                "{method}, e.g. Deflate64 from an archiving program)."
            ).format(file=display, part=info.filename, method=info.compress_type) + " " + again)
    unpacked = sum(info.file_size for info in members)
    if unpacked > MAX_UNPACKED or len(members) > 10_000:
        raise ExportError(_(
            "{file}: the workbook would unpack to {size} MB in {parts} parts; an indicator form "
            "is far smaller (at most {limit} MB), so it was not read. Is this the right file?"
        ).format(file=display, size=f"{unpacked / 2**20:.0f}", parts=len(members),
                 limit=MAX_UNPACKED // 2**20))
    return book


def _load_xlsx(data: bytes, display: str) -> tuple[list[Sheet], str | None]:
    import io
    import zipfile
    import zlib
    from xml.etree.ElementTree import ParseError

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    _check_zip(data, display)
    try:
        values = load_workbook(io.BytesIO(data), data_only=True)
        formulas = load_workbook(io.BytesIO(data), data_only=False)
    except (ParseError, SyntaxError) as exc:  # the XML of a part is broken (lxml's too)
        raise ExportError(_(
            "{file}: cannot be read as an Excel workbook (.xlsx): the XML inside it is not well "
            "formed ({problem}). Save it again from Excel, or ask for a new copy."
        ).format(file=display, problem=_xml_problem(exc))) from None
    # Damaged files make the zip and XML layers fail in different ways; all mean the same.
    # defusedxml's refusals (entities, a DTD, external references) are ValueErrors.
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, InvalidFileException, ValueError,
            TypeError, IndexError, AttributeError, NotImplementedError, RuntimeError) as exc:
        detail = _xml_problem(exc)
        raise ExportError(_(
            "{file}: cannot be read as an Excel workbook (.xlsx): it is damaged, incomplete or "
            "not a workbook ({problem}). Save it again from Excel, or ask for a new copy."
        ).format(file=display, problem=detail)) from None
    except OSError as exc:
        raise ExportError(_("{file}: cannot be read: {error}").format(
            file=display, error=exc.strerror or exc)) from exc
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


def _xml_problem(exc: BaseException) -> str:
    """What went wrong inside the workbook, in words."""
    inner = exc.__cause__ or exc.__context__
    if isinstance(exc, ValueError) and inner is not None and "invalid XML" in str(exc):
        exc = inner  # openpyxl wraps what the XML parser said
        if isinstance(exc, SyntaxError) and not type(exc).__name__.endswith("Forbidden"):
            return _("the XML inside it is not well formed: {error}").format(
                error=str(exc).strip())
    name = type(exc).__name__
    if name in ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden"):
        return _("it declares XML entities or a DTD, which Excel never writes: such a file can "
                 "make a reader run out of memory or read other files")
    text = str(exc).strip("'\"")
    if "undefined entity" in text:
        return _("it uses an XML entity that is not defined: {error}").format(error=text)
    if "amplification" in text:
        return _("its XML entities expand beyond any limit (an \"entity bomb\")")
    if isinstance(exc, NotImplementedError):
        return _("a part is compressed in a way this tool cannot read: {error}").format(error=text)
    if isinstance(exc, RuntimeError) and "encrypted" in text:
        return _("a part is protected by a password")
    return text or name


# Letters only Vietnamese has (after NFC): how a decoding that makes sense is recognised.
_VIETNAMESE = set("ăâđêôơưĂÂĐÊÔƠƯ" "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
                  "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ")
_LEGACY = (("cp1258", N_("Windows-1258 (Vietnamese, as Excel saves \"CSV\" on a Vietnamese "
                          "Windows)")),
           ("cp1252", N_("Windows-1252 (Western European)")),
           ("latin-1", N_("Latin-1 (ISO 8859-1)")))
MAX_CSV_FIELD = 32_767  # what one Excel cell can hold


def _decode_csv(data: bytes, display: str) -> tuple[str, str | None]:
    """The text of a CSV file and, when it was not UTF-8, the encoding it was read in."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode Text"
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            raise ExportError(_("{file}: the file says it is UTF-16 text but is not; save it "
                                "again as \"CSV UTF-8\"").format(file=display)) from None
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    best = None
    for encoding, name in _LEGACY:
        try:
            text = unicodedata.normalize("NFC", data.decode(encoding))
        except UnicodeDecodeError:
            continue
        score = sum(c in _VIETNAMESE and c > "\xff" for c in text)  # beyond Latin-1
        if best is None or score > best[0]:
            best = (score, text, name)
    if best is None:
        raise ExportError(_("{file}: this is neither a spreadsheet nor a text (CSV) file").format(
            file=display))
    return best[1], _(best[2])


def _load_csv(data: bytes, display: str, warnings: list[str]) -> Sheet:
    text, encoding = _decode_csv(data, display)
    if "\x00" in text:
        raise ExportError(_("{file}: this is neither a spreadsheet nor a text (CSV) file").format(
            file=display))
    hint = None
    if encoding is not None:
        hint = _("the file is not UTF-8; it was read as {encoding}. Check the Vietnamese "
                 "letters, or save it again from Excel as \"CSV UTF-8 (Comma delimited)\""
                 ).format(encoding=encoding)
        warnings.append(f"{display}: {hint}.")
    # Lines as the CSV rules see them (\r, \n or both; not Unicode's other line breaks), with
    # their ends, so that a note typed over two lines (Alt+Enter) keeps its line break.
    lines = io.StringIO(text, newline="").readlines()
    if lines and lines[0].lower().startswith("sep="):  # Excel's hint line; keep row numbers
        lines[0] = "\n"
    counts = {d: sum(line.count(d) for line in lines[:50]) for d in (";", ",", "\t")}
    delimiter = max(counts, key=lambda d: counts[d])
    cells = {}
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    r = 0
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problem = str(exc)
            if "field larger than field limit" in problem:
                problem = _("a cell holds more than {limit} characters; an indicator form's "
                            "cells are figures and short notes").format(
                                limit=f"{csv.field_size_limit():,}")
            elif "end of data" in problem or "EOF" in problem:
                problem = _("a quote (\") opens a text that is never closed, so the rest of the "
                            "file would be read as one cell")
            elif "expected after" in problem:
                problem = _("a quote (\") closes a cell's text but more follows it in the same "
                            "cell: a quote is missing or one too many (a quote inside a quoted "
                            "text is written twice, \"\")")
            raise ExportError(_("{file}: line {line}: {problem}. Correct it in Excel or a text "
                                "editor, or import the Excel form (.xlsx) instead.").format(
                                    file=display, line=start, problem=problem)) from None
        r += 1
        if reader.line_num > start:  # a quoted text over several lines: rows swallowed?
            for cell in row:
                if "\n" in cell and any(line.count(delimiter) >= 2 for line in cell.split("\n")[1:]):
                    raise ExportError(_(
                        "{file}: line {line}: a quote (\") opens a text that runs over the next "
                        "{count} line(s), taking their cells with it; a quote is missing or one "
                        "too many. Correct it and import again."
                    ).format(file=display, line=start, count=reader.line_num - start))
        for c, cell in enumerate(row, 1):
            if len(cell) > MAX_CSV_FIELD:
                raise ExportError(_(
                    "{file}: line {line}, column {column}: the cell holds {length} characters, "
                    "more than an Excel cell can ({limit}); is this the right file?"
                ).format(file=display, line=start, column=column_letter(c),
                         length=f"{len(cell):,}", limit=f"{MAX_CSV_FIELD:,}"))
            if cell.strip():
                cells[(r, c)] = Cell(cell)
    return Sheet(None, cells, encoding_hint=hint)


@value
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
    if sheets and sheets[0].name is None:
        message = _("{file}: the file has no header row of the indicator form (a row with the "
                    "columns {columns}). Is this the right file? A new form is made by "
                    "`inspection indicators form UNIT`.")
    else:
        message = _("{file}: no sheet of the workbook has the header row of the indicator form "
                    "(a row with the columns {columns}). Is this the right file? A new form is "
                    "made by `inspection indicators form UNIT`.")
    message = message.format(file=display, columns=names)
    hint = next((sheet.encoding_hint for sheet in sheets if sheet.encoding_hint), None)
    if hint:
        message += " " + _("Note: {hint}; if letters were lost (shown as ?), the program that "
                           "saved it could not write Vietnamese.").format(hint=hint)
    raise ExportError(message)


def _read_sheet(sheet: Sheet, header: _Header, table: IndicatorTable, display: str,
                content: FormContent) -> None:
    leaves = {r.row.id: r for r in form_rows(table)}
    seen_periods: dict[str, int] = {}
    for c, period in sorted(header.periods.items()):
        if period.id in seen_periods:
            content.problems.append(CellProblem(
                display, sheet.name, header.row, c, period.label, None,
                _("a second column for {period} (the first is column {column}); keep only "
                  "one").format(period=period.label,
                                column=column_letter(seen_periods[period.id]))))
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
                problem(r, header.id_col, row_id, _("no indicator of the table has this id"))
                continue
            if row.is_group:
                if has_values:
                    problem(r, header.id_col, row_id, _(
                        "{row} is a group; its figures go in the rows under it").format(row=row_id))
                continue
        elif not has_values or ended:
            continue
        else:
            row = _match_label(sheet, r, header, table, leaves, problem)
            if row is None:
                continue
        if row.id in seen_rows:
            problem(r, header.id_col, row.id, _(
                "indicator {indicator} is already in row {row}; keep one row per indicator"
            ).format(indicator=row.id, row=seen_rows[row.id]))
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
                    problem(r, c, None, _("cells {cells} are merged over the figures; unmerge "
                                          "them so that each indicator has its own cell"
                                          ).format(cells=span))
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
                    problem(r, c, _shown(cell), _("read as no figure"), severity="warning")
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
                _("this row has figures but no indicator id or label, so it cannot be placed"))
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
        problem(r, c, texts[-1], _("no indicator of the table has this label (and the row has "
                                   "no id in the Mã chỉ tiêu column)"))
    else:
        ids = ", ".join(f.row.id for f in found)
        problem(r, c, texts[-1], _("several indicators have this label ({ids}); write the id in "
                                   "the Mã chỉ tiêu column").format(ids=ids))
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
            raise ValueError(_("a formula whose result is not saved in the file; open the file "
                               "in Excel or LibreOffice, let it calculate, save it, and import "
                               "again"))
        return None
    if cell.error:
        raise ValueError(_("Excel shows an error in this cell; correct the formula or type the "
                           "figure"))
    if isinstance(value, bool):
        raise ValueError(_("a true/false value, not a figure"))
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        raise ValueError(_("Excel turned this into a date; type the figure again (e.g. 85,5) in "
                           "a cell formatted as Number"))
    if kind == "text":
        text = _plain(value)
        return text or None
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(_("not a number"))
        number = Decimal(value) if isinstance(value, int) else Decimal(format(value, ".15g"))
        if "%" in cell.number_format:
            if kind != "percentage":
                raise ValueError(_("a % sign only belongs in a percentage"))
            number *= 100
        return canonical(check_number(number, kind))
    text = _plain(value)
    if not text or text in _DASHES:
        return None
    return read_figure(text, kind)


