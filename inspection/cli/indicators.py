"""The `inspection` commands for indicator forms and figures, and for attaching evidence.

Only click and light modules are imported at the top: openpyxl and pypdf load inside the
commands that need them, so `inspection record` and `status` stay fast.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n import N_, _
from .common import (ANY_PATH, by_option, command, group, localize, open_workspace, recorder, said,
                     shown, workspace_option)


def _unit(workspace: Path | None, query: str | None):
    """The workspace, what it describes, the findings store and the visit `query` names."""
    from ..api import findings_store
    from ..model.lookup import find_visit

    store = findings_store(open_workspace(workspace))
    visit = find_visit(store.loaded.campaign, query) if query is not None else None
    return store.ws, store.loaded, store, visit


@group()
def indicators() -> None:
    """Indicator forms (the Phụ lục) for units to fill in, and the figures recorded.

    \b
    Example:
      inspection indicators form "Yên Bái"           an Excel form to e-mail to the unit
      inspection indicators import "Yên Bái" bieu.xlsx
      inspection indicators show "Yên Bái"
    """


@indicators.command("form")
@click.argument("unit", required=False)
@workspace_option
@click.option("--all", "all_units", is_flag=True,
              help=N_("Write one form per unit of the campaign."))
@click.option("-o", "--output", type=ANY_PATH,
              help=N_("The file to write (with --all: the folder). Default: "
                      "output/bieu-chi-tieu-<unit>.xlsx in the workspace."))
def form(unit: str | None, workspace: Path | None, all_units: bool, output: Path | None) -> None:
    """Write the indicator form of UNIT as an Excel file (XLSX), ready to e-mail.

    The form has the outline's indicator table with the unit's name in the title, one column
    per period and a notes column. Figures the unit has already reported are filled in, so a
    form can be sent again for corrections. Import it back with `inspection indicators import`.

    \b
    Example:
      inspection indicators form "Yên Bái"
      inspection indicators form "Yên Bái" -o bieu-yen-bai.xlsx
      inspection indicators form --all
    """
    from ..files.atomic import write_output
    from ..files.scratch import scratch
    from ..indicators.form import build_form, form_path

    if all_units == bool(unit):
        raise click.UsageError(_("name one unit, or use --all for every unit"))
    if all_units:
        ws, loaded, store, _visit = _unit(workspace, None)
        visits = loaded.campaign.visits
    else:
        ws, loaded, store, visit = _unit(workspace, unit)
        visits = (visit,)
    for visit in visits:
        if all_units:
            target = form_path(output or ws.output_dir, visit)
        else:
            target = output or form_path(ws.output_dir, visit)
        with scratch(ws.cache_dir):  # openpyxl's temporary files
            data = build_form(loaded.outline, visit, store.read(visit))
        write_output(target, data, display=str(target))
        said(_("Wrote {path} ({unit}).").format(path=shown(target), unit=visit.unit.name), target)


@indicators.command("import")
@click.argument("unit")
@click.argument("file", type=ANY_PATH)
@workspace_option
@by_option
@click.option("--verified", is_flag=True,
              help=N_("The figures are the team's verified ones, not the unit's reported ones."))
@click.option("--partial", is_flag=True,
              help=N_("Import the good cells even when some cells are wrong (they are listed)."))
@click.option("--any-unit", is_flag=True,
              help=N_("Import even though the form was made for another unit."))
def import_(unit: str, file: Path, workspace: Path | None, by: str | None, verified: bool,
            partial: bool, any_unit: bool) -> None:
    """Read a filled indicator form (XLSX or CSV) into the findings of UNIT.

    Counts must be whole numbers of 0 or more, percentages between 0 and 100; "85,5",
    "85.5", "85,5%", "1.234" and "1 234" are read as a Vietnamese user means them. Every bad
    cell is listed by sheet, row and column, and nothing is imported while any is bad (unless
    --partial). Empty cells mean "no figure" and change nothing. A figure that changes keeps
    its earlier value in the history.

    \b
    Example:
      inspection indicators import "Yên Bái" bieu-chi-tieu-bhxh-tinh-yen-bai.xlsx
      inspection indicators import "Yên Bái" so-lieu-doan.csv --verified
    """
    from ..indicators.figures import import_form

    ws, loaded, store, visit = _unit(workspace, unit)
    result = import_form(store, visit, file, str(file), recorder(by), verified=verified,
                         partial=partial, any_unit=any_unit)
    for problem in result.problems:
        click.echo(_("{problem} (skipped)").format(problem=problem), err=True)
    for warning in result.warnings:
        click.echo(warning, err=True)
    for row, old in result.replaced_notes.items():
        click.echo(_("note of row {row} replaced; it was: {old}").format(row=row, old=old),
                   err=True)
    message = _("{unit}: {n} figure(s) imported as verified, {unchanged} unchanged, "
                "{problems} problem(s)") if verified else \
        _("{unit}: {n} figure(s) imported as reported, {unchanged} unchanged, "
          "{problems} problem(s)")
    notes = ", " + _("{n} note(s)").format(n=result.notes) if result.notes else ""
    click.echo(message.format(unit=visit.unit.name, n=result.imported, unchanged=result.unchanged,
                              problems=len(result.problems)) + notes + ".")


@indicators.command("set", context_settings={"ignore_unknown_options": True})  # VALUE may be -1
@click.argument("unit")
@click.argument("row")
@click.argument("period")
@click.argument("value")
@workspace_option
@by_option
@click.option("--verified", is_flag=True,
              help=N_("The team's verified figure (default: as reported)."))
@click.option("--note", metavar="TEXT", help=N_("Also set the row's note (Ghi chú)."))
def set_(unit: str, row: str, period: str, value: str, workspace: Path | None, by: str | None,
         verified: bool, note: str | None) -> None:
    """Record one figure: ROW is the indicator's id, PERIOD its id or label.

    The figure is the unit's reported one, or with --verified the one the team checked; the
    other is kept. Text rows take words. A changed figure keeps its earlier value in the history.

    \b
    Example:
      inspection indicators set "Yên Bái" 3.2.1 2021 152
      inspection indicators set "Yên Bái" 2.1.1 "Năm 2021" 85,5 --verified --note "theo danh sách học viên"
    """
    from ..indicators.figures import set_figure
    from ..vn.numbers import format_figure

    *_rest, store, visit = _unit(workspace, unit)
    found, found_period, stored = set_figure(store, visit, row, period, value, recorder(by),
                                             verified=verified, note=note)
    shown = lambda v: format_figure(v, found.kind) or "—"  # noqa: E731
    click.echo(_("{unit}, {row} {label}, {period}: reported {reported}, verified {verified}.")
               .format(unit=visit.unit.name, row=found.id, label=found.label,
                       period=found_period.label, reported=shown(stored.reported),
                       verified=shown(stored.verified)))


@indicators.command("show")
@click.argument("unit")
@workspace_option
def show(unit: str, workspace: Path | None) -> None:
    """Show the indicator figures of UNIT: reported and verified side by side.

    A verified figure that differs from the reported one is marked with "≠".

    \b
    Example:
      inspection indicators show "Yên Bái"
    """
    from ..indicators.figures import figure_rows
    from ..indicators.form import appendix_of, unit_text
    from ..vn.numbers import figures_differ, format_figure
    from . import views

    _ws, loaded, store, visit = _unit(workspace, unit)
    table = appendix_of(loaded.outline)
    record = store.read(visit)
    headers = [_("Code"), _("Indicator"), _("Unit of measure")]
    for period in table.periods:
        headers += [_("{period}: reported").format(period=period.label), _("verified")]
    headers.append(table.notes_label)
    cut = lambda text, width: text if len(text) <= width else text[: width - 1] + "…"  # noqa: E731
    rows = []
    for depth, row, values in figure_rows(table, record):
        line = [row.id, "  " * depth + (row.label or ""), "" if row.is_group else unit_text(row)]
        for reported, verified in values or [(None, None)] * len(table.periods):
            mark = " ≠" if figures_differ(reported, verified, row.kind) else ""
            line += [cut(format_figure(reported, row.kind), 18),
                     cut(format_figure(verified, row.kind), 18) + mark]
        line.append(cut(record.notes.get(row.id, ""), 40))
        rows.append(line)
    count = sum(1 for e in record.indicators.values() if e.value.reported or e.value.verified)
    click.echo(f"{visit.unit.name} — {table.title}" + (f" {table.subtitle}" if table.subtitle else ""))
    click.echo(_("{n} figure(s) recorded.").format(n=count) + "\n")
    click.echo(views.table(headers, rows, max_width=44))


@command()
@click.argument("unit")
@click.argument("item")
@click.argument("files", nargs=-1, required=True, type=ANY_PATH)
@workspace_option
@click.option("--site", metavar="SITE",
              help=N_("The field site (id or name) where the documents were collected; default: "
                      "the unit's office."))
@by_option
def attach(unit: str, item: str, files: tuple[Path, ...], workspace: Path | None,
           site: str | None, by: str | None) -> None:
    """Attach documents (FILES) to the finding of checklist ITEM for UNIT.

    Each file is copied into evidence/<unit>/ under a safe name, with its original name,
    size and SHA-256 (and the page count of a PDF) recorded in the unit's findings. The
    same content is never copied twice. The original files are not changed.

    \b
    Example:
      inspection attach "Yên Bái" I.1 "Tờ trình số 15.pdf" bien-ban-hoi-nghi.docx
      inspection attach "Yên Bái" QH.4 so-theo-doi.jpg --site van-yen
    """
    from ..model.lookup import find_item, find_site
    from ..recording.evidence import attach as attach_files
    from ..recording.evidence import human_size

    ws, loaded, store, visit = _unit(workspace, unit)
    found = find_item(loaded.checklist, item)
    site_id = find_site(visit, found, site)
    results = attach_files(store, visit, found, site_id, list(files), recorder(by))
    where = _("office") if site_id == "office" else (
        visit.site(site_id).name if visit.site(site_id) else site_id)
    click.echo(_("{unit}, item {item} ({where}):").format(unit=visit.unit.name, item=found.id,
                                                          where=where))
    for result in results:
        e = result.evidence
        if result.duplicate:
            click.echo(f"  {e.id}  " + _("{source}: already attached as {file} (same content); "
                                          "not copied again").format(source=result.source,
                                                                     file=e.file))
        else:
            pages = ", " + _("{n} page(s)").format(n=e.pages) if e.pages is not None else ""
            click.echo(f"  {e.id}  {e.file}  ({e.original_name}, {human_size(e.size)}{pages})")
        for warning in result.warnings:
            click.echo(_("warning: {warning}").format(warning=warning), err=True)


def register(commands: click.Group) -> None:
    """Add this module's commands to the `inspection` group, their help in the current language
    (all of them: the group localizes only the one it was asked for)."""
    for cmd in (indicators, attach):
        localize(cmd)
        commands.add_command(cmd)
