"""Writing flat tables as an Excel workbook, streamed row by row, text kept as text.

openpyxl's write-only mode, not tablib's export: tablib builds every cell as an object first
(2 GB for a 3,321-commune campaign), and it writes text that starts with "=" as a live
formula, so a note like "=> kết luận" or a place "=Hà Nội" made Excel report a broken file or
compute something. Here every text cell is a text cell. openpyxl is imported only here.
"""

from __future__ import annotations

from typing import BinaryIO, Iterable, Sequence

from ..values import value


@value
class Sheet:
    """One sheet: its name, its column headings and its rows (numbers, dates and texts)."""

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence]


# What makes a spreadsheet take a cell of a CSV file for a formula (OWASP, CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value):
    """`value` for a CSV cell: a text that a spreadsheet would take for a formula ("=…", "+1",
    "- …", "@…") gets a leading apostrophe, so that it is shown, never computed."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


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
            return content
        made = WriteOnlyCell(sheet, value=content)
        made.data_type = "s"  # text, even when it starts with "=" like a formula
        if "\n" in content:
            made.alignment = wrap
        return made

    for spec in sheets:
        sheet = book.create_sheet(spec.title)
        sheet.freeze_panes = "A2"
        for index, header in enumerate(spec.headers, 1):
            longest = max([len(header), *(len(str(row[index - 1]).split("\n", 1)[0])
                                          for row in spec.rows[:2000])])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(longest, 6), 60) + 2
        heading = [cell(sheet, text) for text in spec.headers]
        for made in heading:
            made.font = bold
        sheet.append(heading)
        for row in spec.rows:
            sheet.append([cell(sheet, content) for content in row])
    book.save(stream)
