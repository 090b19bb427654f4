"""The indicator form: the outline's indicator table (Phụ lục) as an Excel sheet for a unit to
fill in, A4 landscape, with the unit's name, one column per period, a notes column and, not
printed, each row's id so that the form can be read back whatever the unit does to it.
openpyxl is imported only when a form is made.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from pathlib import Path

from ..errors import InspectionError
from ..i18n import _
from ..model.campaign import Visit
from ..model.findings import UnitRecord
from ..model.outline import IndicatorRow, IndicatorTable, Outline
from ..values import value
from ..vn.numbers import figure_number

SHEET_TITLE = "Chỉ tiêu"
ID_HEADER = "Mã chỉ tiêu (không sửa)"
LABEL_HEADER = "Nội dung"
UNIT_HEADER = "Đơn vị tính"
FORM_MARK = "inspection-indicator-form"
KIND_UNITS = {"percentage": "%", "text": "(ghi bằng chữ)"}


def form_path(ws_output: Path, visit: Visit) -> Path:
    """The default place of a unit's form: output/bieu-chi-tieu-<unit>.xlsx (ASCII, e-mail safe)."""
    return ws_output / f"bieu-chi-tieu-{visit.unit.slug}.xlsx"


def appendix_of(outline: Outline) -> IndicatorTable:
    """The outline's indicator table, or an error saying it has none."""
    if outline.appendix is None:
        raise InspectionError(_("the outline {outline} has no indicator table (appendix), so "
                                "there are no indicators to fill in").format(outline=outline.id))
    return outline.appendix


# -- the form's layout ----------------------------------------------------------------


@value
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


def _cell_value(stored: str | None, kind: str | None):
    """A stored figure as a spreadsheet value: a number for numbers, text for words."""
    if stored is None:
        return None
    number = figure_number(stored, kind)
    if number is None:
        return stored
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
        if isinstance(value, str):
            cell.data_type = "s"  # text, even when it starts with "=": the unit fills in a form
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


