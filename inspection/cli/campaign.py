"""The `inspection` commands for preparing a campaign: init, check, schedule, outlines, outline."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..i18n import N_, _
from .common import (ANY_PATH, FILE, FOLDER, command, dialect_option, group, localize,
                     open_workspace, said, shown, workspace_option)


@command()
@click.argument("directory", type=ANY_PATH)
@click.option("--example", default="bhxh-ttt-2022", show_default=True,
              help=N_("The bundled example campaign to start from."))
@click.option("--sample-findings", is_flag=True,
              help=N_("Also copy the example's sample findings (sample data, for trying the "
                      "tool)."))
@click.option("--from", "previous", type=FOLDER, metavar="DIR",
              help=N_("Start from the previous campaign's workspace: its schedule, outlines, "
                      "checklists and templates, and every recommendation still open."))
def init(directory: Path, example: str, sample_findings: bool, previous: Path | None) -> None:
    """Create a campaign workspace in DIRECTORY from a bundled example, or from the previous
    campaign (--from).

    Refuses to touch a folder that already holds a workspace. With --from, the units, teams
    and texts of the previous schedule are the starting point (change the id, dates and
    visits), and every recommendation it has not seen carried out is brought into the
    follow-up register, to verify at the next visit (`inspection followup verify`).

    \b
    Example:
      inspection init kiem-tra-2026
      inspection init thu --example bhxh-ttt-2022 --sample-findings
      inspection init kiem-tra-2023 --from kiem-tra-2022
    """
    from ..files.workspace import Workspace, init_workspace

    if previous is not None and sample_findings:
        raise click.UsageError(_("--sample-findings comes with an example, not with --from"))
    target = init_workspace(directory, example, sample_findings, previous)
    if previous is not None:
        from ..followup.carry import carry_forward

        carried = carry_forward(Workspace(previous), Workspace(target))
        click.echo(_("Created the workspace {folder} from the campaign in {previous}.").format(
            folder=target, previous=previous))
        click.echo(_("{n} open recommendation(s) of {units} unit(s) carried forward, to verify "
                     "at the next visit (inspection followup --open).").format(
            n=sum(carried.values()), units=len(carried)))
        click.echo(_("Next: edit {schedule}, then run `inspection check -w {folder}`.").format(
            schedule=target / "schedule.yaml", folder=target))
        return
    click.echo(_("Created the workspace {folder} from the example {example}.").format(
        folder=target, example=example))
    click.echo(_("Next: edit {schedule}, then run `inspection check -w {folder}`.").format(
        schedule=target / "schedule.yaml", folder=target))


@command()
@workspace_option
def check(workspace: Path | None) -> None:
    """Check every file of the workspace and list all problems at once.

    Each problem is shown as file:line: key.path: problem. Exit code 0 when there are at
    most warnings (weekends, holidays), 1 when there are errors.

    \b
    Example:
      inspection check -w kiem-tra-2026
    """
    from ..api import check as check_workspace

    ws = open_workspace(workspace)
    problems = check_workspace(ws)
    for problem in problems:
        click.echo(str(problem))
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if errors:
        click.echo(_("{errors} error(s), {warnings} warning(s).").format(
            errors=errors, warnings=warnings), err=True)
        sys.exit(1)
    click.echo(_("No errors ({warnings} warning(s)): the workspace {folder} is ready.").format(
        warnings=warnings, folder=ws.root) if warnings else
        _("No problems: the workspace {folder} is ready.").format(folder=ws.root))


@command()
@workspace_option
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json", "ics"]),
              help=N_("Export instead of showing: csv and xlsx open in Excel, ics in calendars."))
@dialect_option
@click.option("-o", "--output", type=FILE,
              help=N_("The file to write (default: output/lich-kiem-tra.FORMAT in the "
                      "workspace)."))
def schedule(workspace: Path | None, fmt: str | None, dialect: str | None,
             output: Path | None) -> None:
    """Show the schedule of visits, or export it.

    \b
    Example:
      inspection schedule
      inspection schedule --format xlsx -o lich.xlsx
      inspection schedule --format ics        (import into Outlook or Google Calendar)
    """
    from . import views

    ws = open_workspace(workspace)
    campaign = ws.load().campaign
    if fmt is None:
        click.echo(views.schedule_table(campaign))
        return
    from ..exports.schedule import export
    from ..files.atomic import write_output
    from ..files.scratch import scratch

    target = output or ws.output_dir / f"lich-kiem-tra.{fmt}"
    with scratch(ws.cache_dir):  # openpyxl's temporary files
        data = export(campaign, fmt, dialect)
    write_output(target, data, display=str(target))
    days = sum(len(v.days) for v in campaign.visits)
    said(_("Wrote {path} ({visits} visits, {days} days).").format(
        path=shown(target), visits=len(campaign.visits), days=days), target)


ORIGINS = {"workspace": N_("workspace"), "bundled": N_("bundled")}  # where an outline is


@command()
@workspace_option
def outlines(workspace: Path | None) -> None:
    """List the outlines available: the workspace's own, then the bundled ones.

    \b
    Example:
      inspection outlines
    """
    from . import views

    ws = open_workspace(workspace)
    rows = []
    for res in ws.resources("outlines"):
        found = ws.load_outline(res.name, [])
        title = found.title if found else _("(cannot be read: run `inspection check`)")
        items = sum(1 for _item in found.walk()) if found else 0
        rows.append([res.name, _(ORIGINS.get(res.origin, res.origin)), str(items), title])
    click.echo(views.table([_("Name"), _("Origin"), _("Items"), _("Title")], rows, max_width=70))


@group()
def outline() -> None:
    """Look at one outline."""


@outline.command("show")
@click.argument("name")
@workspace_option
def outline_show(name: str, workspace: Path | None) -> None:
    """Print the outline NAME as a tree, with its indicator table.

    \b
    Example:
      inspection outline show bhxh-ttt-2022
    """
    from ..errors import InspectionError, InvalidFiles
    from . import views

    ws = open_workspace(workspace)
    problems: list = []
    result = ws.load_outline(name, problems)
    if result is None and ws.resource("outlines", name) is None:
        raise InspectionError(ws.missing("outlines", name))
    if result is None or any(p.severity == "error" for p in problems):
        raise InvalidFiles(problems)
    click.echo(views.outline_tree(result))


def register(commands: click.Group) -> None:
    """Add this module's commands to the `inspection` group, their help in the current language
    (all of them: the group localizes only the one it was asked for)."""
    for cmd in (init, check, schedule, outlines, outline):
        localize(cmd)
        commands.add_command(cmd)
