"""The `inspection` command line: each command parses, calls one core function, prints."""

# Nothing here knows how anything is done: the commands call the library (api.py and the
# modules it names) and show what it returns, or the message of the error it raises. They live
# in the modules of this package, by area, and are imported only when one of them runs (or
# `--help` lists them), so that `inspection status` does not build the document commands first.

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import __version__, i18n
from ..i18n import N_, _
from .common import FOLDER, WORKSPACE_META, Group, localize

# Which module holds each command: imported when the command runs or help lists it.
LAZY_COMMANDS = {
    **dict.fromkeys(("init", "check", "schedule", "outlines", "outline"), "campaign"),
    **dict.fromkeys(("record", "status", "show", "history", "restore", "recover", "merge",
                     "resolve", "pack"), "findings"),
    **dict.fromkeys(("indicators", "attach"), "indicators"),
    **dict.fromkeys(("render", "templates", "export", "dossier", "draft"), "documents"),
    **dict.fromkeys(("issue", "documents", "followup", "log"), "followup"),
    "serve": "web",
}


class _Commands(Group):
    def main(self, args=None, prog_name=None, **extra):
        """Choose the language (--lang anywhere before `--`, else the environment's) first, so
        that help, errors and click's own messages are all in it."""
        args = list(sys.argv[1:] if args is None else args)
        try:
            args = _take_language(args)
        except i18n.UnknownLanguage as exc:
            try:  # the message in the environment's language, if it names one
                i18n.use()
            except i18n.UnknownLanguage:
                i18n.use(i18n.DEFAULT)
            click.echo(_("Error: {setting}: there are messages in vi (Vietnamese) and en (English) "
                         "only.").format(setting=exc), err=True)
            sys.exit(2)
        localize(self)
        return super().main(args, prog_name, **extra)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            import importlib

            importlib.import_module(f"{__package__}.{LAZY_COMMANDS[cmd_name]}").register(self)
            localize(self.commands[cmd_name])
        return super().get_command(ctx, cmd_name)


def _take_language(args: list[str]) -> list[str]:
    """`args` without --lang and its value, after showing messages in the language it names."""
    given, rest = None, []
    words = iter(args)
    for word in words:
        if word == "--":
            rest += [word, *words]
            break
        if word == "--lang":
            given = next(words, "")
            if not given:
                raise i18n.UnknownLanguage("--lang=")
        elif word.startswith("--lang="):
            given = word.partition("=")[2] or "?"
        else:
            rest.append(word)
    i18n.use(given)
    return rest


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    # click.version_option would look up its message's translations on the disk at every start
    if value and not ctx.resilient_parsing:
        click.echo(_("inspection, version {version}").format(version=__version__))
        ctx.exit()


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"],
                                               "max_content_width": 100})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version,
              help=N_("Show the version and exit."))
@click.option("--lang", type=click.Choice(i18n.LANGUAGES), expose_value=False,
              help=N_("The language of the messages: vi (Vietnamese, the default) or en (English); "
                      "also $INSPECTION_LANG, or an English LANG. Documents are always Vietnamese."))
@click.option("-w", "--workspace", metavar="DIR", type=FOLDER,
              expose_value=False, is_eager=True, callback=lambda ctx, _p, value: (
                  ctx.meta.__setitem__(WORKSPACE_META, Path(value)) if value else None),
              help=N_("The campaign's folder, for the command that follows (as its own -w)."))
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
