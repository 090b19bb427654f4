"""The `inspection` command line: each command parses, calls one core function, prints."""

# Nothing here knows how anything is done: the commands call the library (api.py and the
# modules it names) and show what it returns, or the message of the error it raises. They live
# in the modules of this package, by area, and are imported only when one of them runs (or
# `--help` lists them), so that `inspection status` does not build the document commands first.

from __future__ import annotations

import click

from .. import __version__
from pathlib import Path

from .common import WORKSPACE_META, Group

# Which module holds each command: imported when the command runs or help lists it.
LAZY_COMMANDS = {
    **dict.fromkeys(("init", "check", "schedule", "outlines", "outline"), "campaign"),
    **dict.fromkeys(("record", "status", "show", "history", "restore", "recover", "merge",
                     "resolve", "pack"), "findings"),
    **dict.fromkeys(("indicators", "attach"), "indicators"),
    **dict.fromkeys(("render", "templates", "export", "dossier", "draft"), "documents"),
}


class _Commands(Group):
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
@click.option("-w", "--workspace", metavar="DIR", type=click.Path(file_okay=False),
              expose_value=False, is_eager=True, callback=lambda ctx, _p, value: (
                  ctx.meta.__setitem__(WORKSPACE_META, Path(value)) if value else None),
              help="The campaign's folder, for the command that follows (as its own -w).")
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


def main() -> None:
    """Entry point of the `inspection` command."""
    from .console import prepare

    prepare()
    cli(prog_name="inspection")
