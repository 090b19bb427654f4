"""Reading a filled indicator form back (XLSX or CSV), cell by cell, collecting every bad cell.

Rows are matched by the form's "Mã chỉ tiêu" column, or by their label when a user retyped the
table; periods and notes by their column headings. openpyxl is imported only to read a workbook.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from pathlib import Path

from ..errors import ExportError
from ..files.sheets import Cell, CellProblem, Sheet, column_letter, load_sheets, plain
from ..i18n import N_, _
from ..model.outline import IndicatorRow, IndicatorTable, Period
from ..values import field, value
from ..vn.numbers import canonical, check_number, read_figure
from ..vn.text import fold
from .form import FORM_MARK, LABEL_HEADER, FormRow, form_rows

_DASHES = {"-", "–", "—", "--"}


# -- reading a filled form --------------------------------------------------------


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
    sheets, keywords = load_sheets(Path(path), display, content.warnings,
                                   N_("an indicator form"))
    if keywords.startswith(FORM_MARK):
        parts = [p.strip() for p in keywords.split(";")]
        content.unit_mark = parts[2] if len(parts) > 2 else None
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
                if plain(cell.value) in _DASHES:
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
    return plain(value)


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
        text = plain(value)
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
    text = plain(value)
    if not text or text in _DASHES:
        return None
    return read_figure(text, kind)


