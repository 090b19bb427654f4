"""Spreadsheets a user sends back: an XLSX workbook or a CSV file read into cells, whatever
Excel, LibreOffice or a text editor made of it, every damaged or hostile file refused with a
message that says what to do.

The indicator form and the follow-up form are both read through here; each then finds its own
header row and reads its cells, collecting every bad cell as a `CellProblem` located as a user
finds it in Excel (sheet, row, column letter and heading). openpyxl is imported only to read a
workbook.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import unicodedata
from pathlib import Path

from ..errors import ExportError
from ..i18n import N_, _
from ..values import field, value
from ..vn.text import clean_text

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
        return plain(cell.value)


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



def column_letter(c: int) -> str:
    letters = ""
    while c:
        c, rem = divmod(c - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def plain(value) -> str:
    """A cell's value as text: a date as 12/07/2022, a float without Excel's noise."""
    if isinstance(value, float):
        return format(value, ".15g")
    if isinstance(value, (dt.datetime, dt.date)):
        return f"{value:%d/%m/%Y}"
    return clean_text(str(value))


MAX_FORM_BYTES = 20 * 1024 * 1024  # a filled form is a few dozen kilobytes


def load_sheets(path: Path, display: str, warnings: list[str],
                what: str = N_("a form")) -> tuple[list[Sheet], str]:
    """The sheets of an XLSX or CSV file, and the workbook's keywords (where the forms this
    tool writes say what they are and for whom; "" for a CSV file). `what` names the file in
    messages ("an indicator form"), marked N_() by the caller; a note about an encoding goes
    into `warnings`."""
    from ..files.reading import Unreadable, read_regular

    try:  # whole, at most MAX_FORM_BYTES, never waiting on a pipe
        data = read_regular(path, MAX_FORM_BYTES, what)
    except Unreadable as exc:
        raise ExportError(f"{display}: {exc}") from None
    head = data[:8]
    if head.startswith(b"PK\x03\x04"):
        return _load_xlsx(data, display, what)
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
    return [_load_csv(data, display, warnings)], ""


# What a workbook may unpack to. A filled form is some 50 kB unpacked; a workbook retyped by
# hand with every style Excel adds, a few MB. More is a sheet of millions of rows (a "zip
# bomb": 15 MB that unpack to 150 MB and minutes of reading) and is refused before reading.
MAX_UNPACKED = 40 * 2**20


def _check_zip(data: bytes, display: str, what: str):
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
            "{file}: the workbook would unpack to {size} MB in {parts} parts; {what} is far "
            "smaller (at most {limit} MB), so it was not read. Is this the right file?"
        ).format(file=display, size=f"{unpacked / 2**20:.0f}", parts=len(members), what=_(what),
                 limit=MAX_UNPACKED // 2**20))
    return book


def _load_xlsx(data: bytes, display: str, what: str) -> tuple[list[Sheet], str]:
    import io
    import zipfile
    import zlib
    from xml.etree.ElementTree import ParseError

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    _check_zip(data, display, what)
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
    return sheets, values.properties.keywords or ""


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
                problem = _("a cell holds more than {limit} characters; a form's cells hold "
                            "figures and short texts").format(
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


