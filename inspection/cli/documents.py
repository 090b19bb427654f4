"""The `inspection` commands for documents: render, templates, export, dossier."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..documents.kinds import KINDS
from .common import FILE, FOLDER, command, group, open_workspace, said, shown, workspace_option

DOCUMENT_KINDS = tuple(KINDS)
_PER_UNIT = tuple(name for name, kind in KINDS.items() if kind.per_unit)


def _show_outcome(outcome, ws=None) -> None:
    from collections import Counter

    if outcome.written:
        counts = Counter(job.kind for job in outcome.written)
        folder = outcome.folder
        click.echo(f"Wrote {len(outcome.written)} document(s) into {folder}:")
        for kind in DOCUMENT_KINDS:
            if not counts[kind]:
                continue
            names = [job.target.name for job in outcome.written if job.kind == kind]
            shown = names[0] if len(names) == 1 else f"{len(names)} files ({names[0]}, …)"
            click.echo(f"  {KINDS[kind].label:<28} {shown}")
    for job in outcome.kept:
        click.echo(f"Kept {job.target}: it was changed after it was rendered (in Word?). "
                   "Render it again with --force to replace it.", err=True)
    for _job, message in outcome.failed:
        click.echo(f"Not written: {message}", err=True)
    for path, missing in outcome.stale:
        shown = ws.display(path) if ws is not None else str(path)
        click.echo(f"Note: {missing} point(s) of the findings are not in {shown} (recorded "
                   "after it was drafted, or left out of it); the document shows the draft as "
                   "it is. Run `inspection draft` to add them, marked new: your edits are kept.",
                   err=True)


@command()
@click.argument("kind", type=click.Choice(DOCUMENT_KINDS + ("all",)))
@click.argument("units", nargs=-1)
@workspace_option
@click.option("--all", "all_units", is_flag=True,
              help="Every unit (minutes and conclusion; the default when no UNIT is named).")
@click.option("-o", "--output", type=FOLDER,
              help="The folder to write into (default: output/ in the workspace).")
@click.option("--pdf", is_flag=True, help="Also convert the documents to PDF (needs LibreOffice).")
@click.option("--template", type=FILE,
              help="Render with this .docx template instead of the workspace's or the bundled one.")
@click.option("--force", is_flag=True,
              help="Replace documents even if they were changed by hand since they were rendered.")
def render(kind: str, units: tuple[str, ...], workspace: Path | None, all_units: bool,
           output: Path | None, pdf: bool, template: Path | None, force: bool) -> None:
    """Write the campaign's Word documents (Decree 30 format) from the findings.

    KIND is plan, outline, minutes, conclusion, report, or all for the whole set. Minutes
    and conclusions are made per unit: name the units (by name, short name or file name),
    or none (or --all) for every unit. Files are named like bien-ban-bhxh-tinh-yen-bai.docx.
    A document you changed in Word after it was rendered is kept, not overwritten, unless
    you add --force. Templates: the workspace's templates/KIND.docx if there is one, else the
    bundled one (see `inspection templates export`).

    \b
    Example:
      inspection render all
      inspection render minutes "Yên Bái" --pdf
      inspection render conclusion --all -o ket-luan/
      inspection render plan --template mau-ke-hoach.docx
    """
    from ..api import render_documents
    from ..errors import InspectionError

    if units and all_units:
        raise InspectionError("name units or use --all, not both")
    if units and kind not in _PER_UNIT:
        what = "renders every document" if kind == "all" else "is one document for the campaign"
        raise InspectionError(f"`render {kind}` {what}; it takes no unit. Units can be named "
                              "for minutes and conclusion.")
    if template is not None and kind == "all":
        raise InspectionError("--template is for one kind of document; name the kind "
                              "(e.g. `render minutes --template …`)")
    ws = open_workspace(workspace)
    folder = output or ws.output_dir
    _check_folder(folder)
    bars = []

    def started(count: int) -> None:
        bars.append(click.progressbar(length=count, label="Rendering", file=sys.stderr,
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
        click.echo(f"Converting {len(sources)} document(s) to PDF with LibreOffice …", err=True)
        pdfs = convert_many(sources, folder, ws.cache_dir)
        click.echo(f"Converted {len(pdfs)} document(s) to PDF in {folder}.")
    if outcome.failed:
        sys.exit(1)


def _check_folder(folder: Path) -> None:
    """Refuse early a folder that cannot hold documents, naming it."""
    import os

    from ..errors import WorkspaceError

    if folder.exists() and not folder.is_dir():
        raise WorkspaceError(f"{folder}: this is a file, not a folder; rename or move it away, "
                             "or name another folder with -o")
    probe = folder
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    if not os.access(probe, os.W_OK):
        raise WorkspaceError(f"{folder}: cannot write there (permission denied, or a read-only "
                             "disk); choose another folder with -o DIR")


@group()
def templates() -> None:
    """The Word templates of the documents: copy them to edit, check your edits."""


@templates.command("export")
@click.argument("directory", type=FOLDER)
@click.option("--force", is_flag=True, help="Overwrite templates already in DIRECTORY.")
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
        click.echo(f"Wrote {path}")
    for path in kept:
        click.echo(f"Kept {path}: it differs from the bundled one (your edits?); "
                   "use --force to replace it.", err=True)


@templates.command("check")
@click.argument("file", type=FILE)
@click.option("--kind", type=click.Choice(DOCUMENT_KINDS),
              help="Which document the template is for (default: from the file name).")
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
        click.echo("The kind of document is not known (name the file plan.docx, minutes.docx … "
                   "or give --kind): variables were checked against all templates, and no trial "
                   "render was made.", err=True)
    if errors:
        click.echo(f"{errors} error(s): the template cannot be used as it is.", err=True)
        sys.exit(1)
    click.echo(f"{file}: no errors" + (f" ({len(problems)} warning(s))." if problems else "."))


@command("export")
@workspace_option
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv", "json"]), default="xlsx",
              show_default=True, help="xlsx: one sheet per table; csv: one file per table.")
@click.option("--table", type=click.Choice(["findings", "recommendations", "indicators"]),
              help="Only this table (with csv: one file, named by -o).")
@click.option("-o", "--output", type=FILE,
              help="The file to write (default: output/ket-qua-kiem-tra.FORMAT in the workspace).")
def export(workspace: Path | None, fmt: str, table: str | None, output: Path | None) -> None:
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
        written = export_findings(ws, loaded, fmt, target, table)
    for path, rows in written:
        said(f"Wrote {shown(path)} ({rows} row(s)).", path)


@command()
@click.argument("unit")
@workspace_option
@click.option("-o", "--output", type=FILE,
              help="The PDF to write (default: output/ho-so-UNIT.pdf in the workspace).")
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
    said(f"Wrote {shown(result.path)} ({result.pages} pages: " + ", ".join(result.parts) + ").",
         result.path)
    for note in result.skipped:
        click.echo(f"Not included: {note}", err=True)


@command()
@click.argument("units", nargs=-1)
@workspace_option
def draft(units: tuple[str, ...], workspace: Path | None) -> None:
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
    for done in draft_units(ws, loaded, visits, store):
        shown = ws.display(done.path)
        points = sum(len(a.points) for a in done.draft.areas)
        recs = len(done.draft.recommendations)
        if done.state == "written":
            click.echo(f"{shown}: drafted: {len(done.draft.areas)} area(s), {points} point(s), "
                       f"{recs} recommendation(s).")
        elif done.state == "updated":
            click.echo(f"{shown}: {done.added} new point(s) or recommendation(s) added, marked "
                       "`new: true`; your edits are kept.")
        else:
            click.echo(f"{shown}: nothing new in the findings.")
    if not units:
        from ..documents.drafting import draft_report
        path, report, state, added = draft_report(ws, loaded, store)
        shown = ws.display(path)
        if state == "written":
            shared = sum(len(a.points) for a in report.areas)
            click.echo(f"{shown}: drafted the summary report: {len(report.areas)} area(s), "
                       f"{shared} point(s), "
                       f"{len(report.good_practices)} good practice(s), "
                       f"{len(report.proposals)} proposal(s).")
        elif state == "updated":
            click.echo(f"{shown}: {added} new point(s) added, marked `new: true`; your edits "
                       "are kept.")
        else:
            click.echo(f"{shown}: nothing new.")


def register(commands: click.Group) -> None:
    """Add this module's commands to the `inspection` group."""
    for cmd in (render, templates, export, dossier, draft):
        commands.add_command(cmd)
