"""The `inspection` commands for documents: render, templates, export, dossier."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..documents.kinds import KINDS
from ..i18n import N_, _
from .common import (FILE, FOLDER, by_option, command, dialect_option, group, localize,
                     open_workspace, recorder, said, shown, workspace_option)

DOCUMENT_KINDS = tuple(KINDS)
_PER_UNIT = tuple(name for name, kind in KINDS.items() if kind.per_unit)


def _show_outcome(outcome, ws=None) -> None:
    from collections import Counter

    if outcome.written:
        counts = Counter(job.kind for job in outcome.written)
        folder = outcome.folder
        click.echo(_("Wrote {n} document(s) into {folder}:").format(n=len(outcome.written),
                                                                     folder=folder))
        for kind in DOCUMENT_KINDS:
            if not counts[kind]:
                continue
            names = [job.target.name for job in outcome.written if job.kind == kind]
            shown = names[0] if len(names) == 1 else _("{n} files ({first}, …)").format(
                n=len(names), first=names[0])
            click.echo(f"  {KINDS[kind].label:<28} {shown}")
    for job in outcome.kept:
        click.echo(_("Kept {path}: it was changed after it was rendered (in Word?). Render it "
                     "again with --force to replace it.").format(path=job.target), err=True)
    for _job, message in outcome.failed:
        click.echo(_("Not written: {reason}").format(reason=message), err=True)
    for path, missing in outcome.stale:
        shown = ws.display(path) if ws is not None else str(path)
        click.echo(_("Note: {n} point(s) of the findings are not in {path} (recorded after it "
                     "was drafted, or left out of it); the document shows the draft as it is. "
                     "Run `inspection draft` to add them, marked new: your edits are kept.").format(
            n=missing, path=shown), err=True)


@command()
@click.argument("kind", type=click.Choice(DOCUMENT_KINDS + ("all",)))
@click.argument("units", nargs=-1)
@workspace_option
@click.option("--all", "all_units", is_flag=True,
              help=N_("Every unit (minutes and conclusion; the default when no UNIT is named)."))
@click.option("-o", "--output", type=FOLDER,
              help=N_("The folder to write into (default: output/ in the workspace)."))
@click.option("--pdf", is_flag=True,
              help=N_("Also convert the documents to PDF (needs LibreOffice)."))
@click.option("--template", type=FILE,
              help=N_("Render with this .docx template instead of the workspace's or the bundled "
                      "one."))
@click.option("--force", is_flag=True,
              help=N_("Replace documents even if they were changed by hand since they were "
                      "rendered."))
def render(kind: str, units: tuple[str, ...], workspace: Path | None, all_units: bool,
           output: Path | None, pdf: bool, template: Path | None, force: bool) -> None:
    """Write the campaign's Word documents (Decree 30 format) from the findings.

    KIND is plan, outline, minutes, conclusion, report, or all for the whole set; after the
    conclusions are issued, reminder (a letter to each unit with recommendations overdue or
    not reported on) and followup (the follow-up report across units). Minutes, conclusions
    and reminders are made per unit: name the units (by name, short name or file name), or
    none (or --all) for every unit. Files are named like bien-ban-bhxh-tinh-yen-bai.docx.
    A document you changed in Word after it was rendered is kept, not overwritten, unless
    you add --force. Templates: the workspace's templates/KIND.docx if there is one, else the
    bundled one (see `inspection templates export`).

    \b
    Example:
      inspection render all
      inspection render minutes "Yên Bái" --pdf
      inspection render conclusion --all -o ket-luan/
      inspection render plan --template mau-ke-hoach.docx
      inspection render reminder
    """
    from ..api import render_documents
    from ..errors import InspectionError

    if units and all_units:
        raise InspectionError(_("name units or use --all, not both"))
    if units and kind not in _PER_UNIT:
        what = _("renders every document") if kind == "all" else \
            _("is one document for the campaign")
        raise InspectionError(_("`render {kind}` {what}; it takes no unit. Units can be named for "
                                "minutes and conclusion.").format(kind=kind, what=what))
    if template is not None and kind == "all":
        raise InspectionError(_("--template is for one kind of document; name the kind "
                                "(e.g. `render minutes --template …`)"))
    ws = open_workspace(workspace)
    folder = output or ws.output_dir
    _check_folder(folder)
    bars = []

    def started(count: int) -> None:
        bars.append(click.progressbar(length=count, label=_("Rendering"), file=sys.stderr,
                                      show_pos=True))
        bars[0].__enter__()
    try:
        outcome = render_documents(ws, [kind], units, output=folder, template=template,
                                   force=force, started=started,
                                   progress=lambda job: bars[0].update(1))
    finally:
        for bar in bars:
            bar.__exit__(None, None, None)
    _show_outcome(outcome, ws)
    if pdf:
        from ..documents.pdf import convert_many, font_warning

        sources = [job.target for job in outcome.jobs if job.target.is_file()]
        if warning := font_warning():
            click.echo(warning, err=True)
        click.echo(_("Converting {n} document(s) to PDF with LibreOffice …").format(
            n=len(sources)), err=True)
        failed: list = []
        pdfs = convert_many(sources, folder, ws.cache_dir, failed)
        click.echo(_("Converted {n} document(s) to PDF in {folder}.").format(n=len(pdfs),
                                                                             folder=folder))
        for source, reason in failed:
            click.echo(_("Not converted: {file}: {reason}").format(file=source, reason=reason),
                       err=True)
        if failed:
            sys.exit(1)
    if outcome.failed:
        sys.exit(1)


def _check_folder(folder: Path) -> None:
    """Refuse early a folder that cannot hold documents, naming it."""
    import os

    from ..errors import WorkspaceError

    if folder.exists() and not folder.is_dir():
        raise WorkspaceError(_("{folder}: this is a file, not a folder; rename or move it away, "
                               "or name another folder with -o").format(folder=folder))
    probe = folder
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    if not os.access(probe, os.W_OK):
        raise WorkspaceError(_("{folder}: cannot write there (permission denied, or a read-only "
                               "disk); choose another folder with -o DIR").format(folder=folder))


@group()
def templates() -> None:
    """The Word templates of the documents: copy them to edit, check your edits."""


@templates.command("export")
@click.argument("directory", type=FOLDER)
@click.option("--force", is_flag=True, help=N_("Overwrite templates already in DIRECTORY."))
def templates_export(directory: Path, force: bool) -> None:
    """Copy the five bundled templates into DIRECTORY, to edit in Word.

    Put them in the workspace's templates/ folder and they replace the bundled ones of the
    same name (plan, outline, minutes, conclusion, report). A template already there is kept
    unless --force. The variables each template can use are listed in docs/templates.md.

    \b
    Example:
      inspection templates export templates
      inspection templates check templates/minutes.docx
    """
    from ..documents.templates import export_templates

    written, kept = export_templates(directory, force)
    for path in written:
        click.echo(_("Wrote {path}").format(path=path))
    for path in kept:
        click.echo(_("Kept {path}: it differs from the bundled one (your edits?); use --force to "
                     "replace it.").format(path=path), err=True)


@templates.command("check")
@click.argument("file", type=FILE)
@click.option("--kind", type=click.Choice(DOCUMENT_KINDS),
              help=N_("Which document the template is for (default: from the file name)."))
@workspace_option
def templates_check(file: Path, kind: str | None, workspace: Path | None) -> None:
    """Check a template: Jinja syntax, variables the tool does not provide, Word's curly
    quotes inside tags, and a trial render on the workspace's data.

    Exit code 0 when the template can be used, 1 when it has errors.

    \b
    Example:
      inspection templates check templates/minutes.docx
      inspection templates check mau-moi.docx --kind conclusion
    """
    from ..documents.checking import check_template

    kind = kind or (file.stem if file.stem in DOCUMENT_KINDS else None)
    ws = open_workspace(workspace)
    problems = check_template(file, kind, ws)
    for problem in problems:
        click.echo(str(problem))
    errors = sum(p.severity == "error" for p in problems)
    if kind is None:
        click.echo(_("The kind of document is not known (name the file plan.docx, minutes.docx … "
                     "or give --kind): variables were checked against all templates, and no trial "
                     "render was made."), err=True)
    if errors:
        click.echo(_("{errors} error(s): the template cannot be used as it is.").format(
            errors=errors), err=True)
        sys.exit(1)
    click.echo(_("{file}: no errors ({n} warning(s)).").format(file=file, n=len(problems))
               if problems else _("{file}: no errors.").format(file=file))


@command("export")
@workspace_option
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv", "json"]), default="xlsx",
              show_default=True, help=N_("xlsx: one sheet per table; csv: one file per table."))
@click.option("--table", type=click.Choice(["findings", "recommendations", "indicators"]),
              help=N_("Only this table (with csv: one file, named by -o)."))
@dialect_option
@click.option("-o", "--output", type=FILE,
              help=N_("The file to write (default: output/ket-qua-kiem-tra.FORMAT in the "
                      "workspace)."))
def export(workspace: Path | None, fmt: str, table: str | None, dialect: str | None,
           output: Path | None) -> None:
    """Export every finding, recommendation and indicator value as flat tables.

    Each row carries the unit's and the item's id and title, for filtering and pivot tables
    in Excel. The CSV files open in Excel with Vietnamese intact (UTF-8 with a byte-order
    mark); with csv and no --table, three files are written: …-danh-gia.csv,
    …-kien-nghi.csv and …-chi-tieu.csv.

    \b
    Example:
      inspection export
      inspection export --format csv -o ket-qua.csv
      inspection export --format json --table recommendations -o kien-nghi.json
    """
    from ..exports.findings import export_findings

    ws = open_workspace(workspace)
    loaded = ws.load()
    from ..files.scratch import scratch

    target = output or ws.output_dir / f"ket-qua-kiem-tra.{fmt}"
    with scratch(ws.cache_dir):  # openpyxl's temporary files
        written = export_findings(ws, loaded, fmt, target, table, dialect)
    for path, rows in written:
        said(_("Wrote {path} ({rows} row(s)).").format(path=shown(path), rows=rows), path)


@command()
@click.argument("unit")
@workspace_option
@click.option("-o", "--output", type=FILE,
              help=N_("The PDF to write (default: output/ho-so-UNIT.pdf in the workspace)."))
def dossier(unit: str, workspace: Path | None, output: Path | None) -> None:
    """Join a unit's minutes, conclusion and evidence into one PDF with bookmarks.

    The minutes and conclusion are taken from the output folder as they are (your edits in
    Word are kept), rendered first if missing, and converted with LibreOffice; evidence in
    PDF is added as it is, Word, Excel and image files are converted too.

    \b
    Example:
      inspection dossier "Yên Bái"
      inspection dossier bhxh-tinh-lao-cai -o ho-so-lao-cai.pdf
    """
    from ..documents.pdf import build_dossier, font_warning
    from ..model.lookup import find_visit

    ws = open_workspace(workspace)
    loaded = ws.load()
    visit = find_visit(loaded.campaign, unit)
    if warning := font_warning():
        click.echo(warning, err=True)
    result = build_dossier(ws, loaded, visit, output)
    said(_("Wrote {path} ({pages} pages: {parts}).").format(
        path=shown(result.path), pages=result.pages, parts=", ".join(result.parts)), result.path)
    for note in result.skipped:
        click.echo(_("Not included: {reason}").format(reason=note), err=True)


@command()
@click.argument("units", nargs=-1)
@workspace_option
@by_option
def draft(units: tuple[str, ...], workspace: Path | None, by: str | None) -> None:
    """Draft each unit's conclusion from its findings, for the team lead to edit.

    Writes drafts/UNIT.yaml: per content area an assessment, the strengths, shortcomings and
    causes (each once, with the items and field sites it came from), an overall conclusion,
    and the recommendations merged into one list with stable ids (KN1, KN2…), owners and
    deadlines. Edit the file; `render conclusion` then uses it. Run `draft` again after new
    findings: your edits are kept, and what is new is added, marked `new: true`.
    No UNIT means every unit, and the summary report too: drafts/bao-cao-tong-hop.yaml, the
    overall assessment, the points several units share, the good practices and the proposals
    to the leadership, drafted from the units' conclusions.

    \b
    Example:
      inspection draft "Yên Bái"
      inspection draft
    """
    from ..api import findings_store
    from ..documents.drafting import draft_units
    from ..model.lookup import find_visit

    ws = open_workspace(workspace)
    store = findings_store(ws)
    loaded = store.loaded
    visits = [find_visit(loaded.campaign, u) for u in units] or list(loaded.campaign.visits)
    for done in draft_units(ws, loaded, visits, store, by=recorder(by)):
        shown = ws.display(done.path)
        points = sum(len(a.points) for a in done.draft.areas)
        recs = len(done.draft.recommendations)
        if done.state == "written":
            click.echo(_("{path}: drafted: {areas} area(s), {points} point(s), "
                         "{recommendations} recommendation(s).").format(
                path=shown, areas=len(done.draft.areas), points=points, recommendations=recs))
        elif done.state == "updated":
            click.echo(_("{path}: {n} new point(s) or recommendation(s) added, marked "
                         "`new: true`; your edits are kept.").format(path=shown, n=done.added))
        else:
            click.echo(_("{path}: nothing new in the findings.").format(path=shown))
    if not units:
        from ..documents.drafting import draft_report
        path, report, state, added = draft_report(ws, loaded, store, by=recorder(by))
        shown = ws.display(path)
        if state == "written":
            shared = sum(len(a.points) for a in report.areas)
            click.echo(_("{path}: drafted the summary report: {areas} area(s), {points} point(s), "
                         "{practices} good practice(s), {proposals} proposal(s).").format(
                path=shown, areas=len(report.areas), points=shared,
                practices=len(report.good_practices), proposals=len(report.proposals)))
        elif state == "updated":
            click.echo(_("{path}: {n} new point(s) added, marked `new: true`; your edits "
                         "are kept.").format(path=shown, n=added))
        else:
            click.echo(_("{path}: nothing new.").format(path=shown))


def register(commands: click.Group) -> None:
    """Add this module's commands to the `inspection` group, their help in the current language
    (all of them: the group localizes only the one it was asked for)."""
    for cmd in (render, templates, export, dossier, draft):
        localize(cmd)
        commands.add_command(cmd)
