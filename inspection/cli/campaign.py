"""The `inspection` commands for preparing a campaign: init, check, schedule, outlines, outline."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import ANY_PATH, FILE, command, group, open_workspace, said, shown, workspace_option


@command()
@click.argument("directory", type=ANY_PATH)
@click.option("--example", default="bhxh-ttt-2022", show_default=True,
              help="The bundled example campaign to start from.")
@click.option("--sample-findings", is_flag=True,
              help="Also copy the example's sample findings (sample data, for trying the tool).")
def init(directory: Path, example: str, sample_findings: bool) -> None:
    """Create a campaign workspace in DIRECTORY from a bundled example.

    Refuses to touch a folder that already holds a workspace.

    \b
    Example:
      inspection init kiem-tra-2026
      inspection init thu --example bhxh-ttt-2022 --sample-findings
    """
    from ..files.workspace import init_workspace

    target = init_workspace(directory, example, sample_findings)
    click.echo(f"Created the workspace {target} from the example {example}.")
    click.echo(f"Next: edit {target / 'schedule.yaml'}, then run `inspection check -w {target}`.")


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
        click.echo(f"{errors} error(s), {warnings} warning(s).", err=True)
        sys.exit(1)
    click.echo(f"No errors ({warnings} warning(s)): the workspace {ws.root} is ready."
               if warnings else f"No problems: the workspace {ws.root} is ready.")


@command()
@workspace_option
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json", "ics"]),
              help="Export instead of showing: csv and xlsx open in Excel, ics in calendars.")
@click.option("-o", "--output", type=FILE,
              help="The file to write (default: output/lich-kiem-tra.FORMAT in the workspace).")
def schedule(workspace: Path | None, fmt: str | None, output: Path | None) -> None:
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
        data = export(campaign, fmt)
    write_output(target, data, display=str(target))
    days = sum(len(v.days) for v in campaign.visits)
    said(f"Wrote {shown(target)} ({len(campaign.visits)} visits, {days} days).", target)


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
        title = found.title if found else "(cannot be read: run `inspection check`)"
        items = sum(1 for _ in found.walk()) if found else 0
        rows.append([res.name, res.origin, str(items), title])
    click.echo(views.table(["Tên", "Nguồn", "Mục", "Tiêu đề"], rows, max_width=70))


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
    """Add this module's commands to the `inspection` group."""
    for cmd in (init, check, schedule, outlines, outline):
        commands.add_command(cmd)
