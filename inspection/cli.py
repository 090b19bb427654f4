"""The `inspection` command line: each command parses its options, calls one core function, prints."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .cli_common import ANY_PATH, FILE
from .cli_common import open_workspace as _ws
from .cli_common import workspace_option as _workspace_option


# The commands of the other cli_* modules, imported when one of them runs or help lists them:
# `inspection status` need not build the document commands first.
LAZY_COMMANDS = {
    **dict.fromkeys(("record", "status", "show", "history", "restore", "merge", "resolve", "pack"),
                    "cli_findings"),
    **dict.fromkeys(("indicators", "attach"), "cli_indicators"),
    **dict.fromkeys(("render", "templates", "export", "dossier"), "cli_documents"),
}


class _Commands(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            import importlib

            importlib.import_module(f"{__package__}.{LAZY_COMMANDS[cmd_name]}").register(self)
        return super().get_command(ctx, cmd_name)


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    # click.version_option would look up its message's translations on the disk at every start
    if value and not ctx.resilient_parsing:
        click.echo(f"inspection, version {__version__}")
        ctx.exit()


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"],
                                               "max_content_width": 100})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version,
              help="Show the version and exit.")
def cli() -> None:
    """Inspection fieldwork for Vietnamese public agencies: plan the visits, record findings,
    issue Decree-30 documents.

    \b
    Start with:
      inspection init my-campaign        create a workspace from the bundled example
      cd my-campaign
      inspection check                   check every file before the team travels
      inspection schedule                show the visits
    """


@cli.command()
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
    from .workspace import init_workspace

    target = init_workspace(directory, example, sample_findings)
    click.echo(f"Created the workspace {target} from the example {example}.")
    click.echo(f"Next: edit {target / 'schedule.yaml'}, then run `inspection check -w {target}`.")


@cli.command()
@_workspace_option
def check(workspace: Path | None) -> None:
    """Check every file of the workspace and list all problems at once.

    Each problem is shown as file:line: key.path: problem. Exit code 0 when there are at
    most warnings (weekends, holidays), 1 when there are errors.

    \b
    Example:
      inspection check -w kiem-tra-2026
    """
    from .check import check_workspace

    ws = _ws(workspace)
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


@cli.command()
@_workspace_option
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

    ws = _ws(workspace)
    campaign = ws.load().campaign
    if fmt is None:
        click.echo(views.schedule_table(campaign))
        return
    from .fileio import write_atomic
    from .schedule_export import export

    target = output or ws.output_dir / f"lich-kiem-tra.{fmt}"
    write_atomic(target, export(campaign, fmt), display=str(target))
    days = sum(len(v.days) for v in campaign.visits)
    click.echo(f"Wrote {target} ({len(campaign.visits)} visits, {days} days).")


@cli.command()
@_workspace_option
def outlines(workspace: Path | None) -> None:
    """List the outlines available: the workspace's own, then the bundled ones.

    \b
    Example:
      inspection outlines
    """
    from . import views

    ws = _ws(workspace)
    rows = []
    for res in ws.resources("outlines"):
        problems: list = []
        outline = ws.load_outline(res.name, problems)
        title = outline.title if outline else "(cannot be read: run `inspection check`)"
        items = sum(1 for _ in outline.walk()) if outline else 0
        rows.append([res.name, res.origin, str(items), title])
    click.echo(views.table(["Tên", "Nguồn", "Mục", "Tiêu đề"], rows, max_width=70))


@cli.group()
def outline() -> None:
    """Look at one outline."""


@outline.command("show")
@click.argument("name")
@_workspace_option
def outline_show(name: str, workspace: Path | None) -> None:
    """Print the outline NAME as a tree, with its indicator table.

    \b
    Example:
      inspection outline show bhxh-ttt-2022
    """
    from . import views
    from .errors import InspectionError, InvalidFiles

    ws = _ws(workspace)
    problems: list = []
    result = ws.load_outline(name, problems)
    if result is None and ws.resource("outlines", name) is None:
        raise InspectionError(ws._missing("outlines", name))
    if result is None or any(p.severity == "error" for p in problems):
        raise InvalidFiles(problems)
    click.echo(views.outline_tree(result))


def main() -> None:
    """Entry point of the `inspection` command."""
    cli(prog_name="inspection")
