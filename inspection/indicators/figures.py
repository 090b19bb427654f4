"""A unit's indicator figures: importing a filled form, recording one figure, and the table of
figures as reported and as verified."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..errors import ExportError, InvalidValue
from ..i18n import N_, _
from ..model.campaign import Visit
from ..model.findings import IndicatorValue, UnitRecord, now, put_figure
from ..model.lookup import find_period, find_row
from ..model.outline import IndicatorRow, IndicatorTable, Period
from ..values import value
from ..vn.numbers import read_figure
from ..vn.text import clean_text
from .form import appendix_of
from .reading import CellProblem, read_form

# -- importing -------------------------------------------------------------------------


@value(frozen=False)
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
        raise ExportError(_("{file}: this form was made for {other}, not {unit}; nothing was "
                            "imported. Check the unit.").format(file=display, other=other,
                                                                unit=visit.unit.name),
                          remedy=("any_unit",
                                  N_("if the unit really filled in another unit's form")))
    if content.problems and not partial:
        lines = [str(p) for p in content.problems] + content.warnings
        lines.append(_("{count} problem(s): nothing was imported. Correct the cells and import "
                       "again.").format(count=len(content.problems)))
        raise ExportError("\n".join(lines),
                          remedy=("partial", N_("to import the other cells all the same")))
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
        raise InvalidValue("figure", f"{text!r} — {exc}") from None
    if not value:
        raise InvalidValue("figure", _("give a figure (an empty value records nothing)"))
    key = "verified" if verified else "reported"
    result = store.set_indicator(visit, row.id, period.id, by, **{key: value})
    if note is not None and clean_text(note):
        def set_note(record: UnitRecord) -> None:
            record.notes[row.id] = clean_text(note)
        store.update(visit, set_note)
    return row, period, result


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
