"""What the command modules share: the command and group classes that print core errors, the
options every command takes, and who is recording."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..errors import InspectionError, InvalidValue
from ..i18n import N_, _
from ..files.workspace import ENV_VAR, Workspace

USER_VAR = "INSPECTION_USER"

class _Sentence(str):
    def title(self) -> str:  # click writes "{name.title()} '…' is a file": "Thư mục", not "Thư Mục"
        return self[:1].upper() + self[1:]


class LocalPath(click.Path):
    """click's path type, naming the kind of path in the language of the messages when it is
    shown (click names it once, when the type is made: before the language is chosen)."""

    @property
    def name(self) -> str:
        kind = "file" if self.file_okay and not self.dir_okay else \
            "directory" if self.dir_okay and not self.file_okay else "path"
        return _Sentence(_(kind))

    @name.setter
    def name(self, _value: str) -> None:
        pass

    def convert(self, value, param, ctx):
        if str(value) == "-" and not self.file_okay:
            self.fail(_("'-' means standard output, which takes one file, not a folder: name "
                        "a folder"), param, ctx)
        return super().convert(value, param, ctx)


# Path types, made once: the commands need only these three kinds.
ANY_PATH = LocalPath(path_type=Path)
FOLDER = LocalPath(file_okay=False, path_type=Path)
FILE = LocalPath(dir_okay=False, path_type=Path)


class Command(click.Command):
    """A command that prints the core's errors as messages (exit code 1, no traceback).

    An error about one value names, in front, the option that gave it: "--due: the deadline
    31/02/2022 is not a date…".
    """

    def invoke(self, ctx: click.Context):
        for name, given in ctx.params.items():
            for text in (given if isinstance(given, tuple) else (given,)):
                if isinstance(text, str) and _unreadable(text):
                    option = self._option(name)
                    shown = max(option.opts, key=len) if option is not None else name.upper()
                    raise click.UsageError(_(
                        "{option}: the text holds bytes that are not in the system's encoding "
                        "(UTF-8); type it again, or save the script that gives it as UTF-8"
                    ).format(option=shown), ctx=ctx)
        try:
            return super().invoke(ctx)
        except InvalidValue as exc:
            option = self._option(exc.field)
            prefix = f"{max(option.opts, key=len)}: " if option is not None else ""
            raise _failure(exc, prefix) from None
        except InspectionError as exc:
            suffix = ""
            if exc.remedy is not None and (option := self._option(exc.remedy[0])) is not None:
                suffix = " " + _("Add {option} {purpose}.").format(option=_usage(option),
                                                                    purpose=_(exc.remedy[1]))
            raise _failure(exc, suffix=suffix) from None

    def _option(self, name: str) -> click.Option | None:
        return next((p for p in self.params if isinstance(p, click.Option) and p.name == name),
                    None)


class Group(click.Group):
    """A group of commands of the Command class above (and of subgroups like itself)."""

    command_class = Command
    group_class = type


def _unreadable(text: str) -> bool:
    return any("\udc80" <= c <= "\udcff" for c in text)


def _usage(option: click.Option) -> str:
    """How an option is typed: "--partial", "-w DIR", "--table {findings|recommendations|…}"."""
    name = min(option.opts, key=len)
    if option.is_flag:
        return name
    if isinstance(option.type, click.Choice):
        return f"{name} {{{'|'.join(map(str, option.type.choices))}}}"
    return f"{name} {option.metavar or _('VALUE')}"


def said(message: str, output: Path | str | None) -> None:
    """Say what was written: on standard error when the output itself went to standard output."""
    click.echo(message, err=str(output) == "-")


def shown(path: Path | str) -> str:
    """How a written path is named in a message: "-" is standard output."""
    return _("to standard output") if str(path) == "-" else str(path)


def localize(command: click.Command) -> None:
    """Show the help of `command`, its options and its subcommands in the current language.

    The help texts are written in English in the code (docstrings and help=); the English text
    is kept and its translation put in its place, so that this can be done again in another
    language.
    """
    from inspect import cleandoc

    command._help_option = None  # click makes its --help once, in the language of that time

    for target in (command, *command.params):
        texts = target.__dict__.setdefault("_msgids", {
            name: cleandoc(getattr(target, name)) for name in ("help", "short_help", "epilog")
            if isinstance(getattr(target, name, None), str)})
        for name, msgid in texts.items():
            setattr(target, name, _(msgid) if msgid else msgid)
    for sub in getattr(command, "commands", {}).values():
        localize(sub)


def _failure(exc: InspectionError, prefix: str = "", suffix: str = "") -> click.ClickException:
    failure = click.ClickException(prefix + exc.message + suffix)
    failure.exit_code = exc.exit_code
    return failure


def command(*args, **kwargs):
    """`@click.command`, making a Command."""
    return click.command(*args, cls=Command, **kwargs)


def group(*args, **kwargs):
    """`@click.group`, making a Group."""
    return click.group(*args, cls=Group, **kwargs)


WORKSPACE_META = "inspection.workspace"  # -w given before the command: `inspection -w DIR check`


def _given_before(ctx: click.Context, param: click.Parameter, value):
    """The command's own -w, else the one given before the command, else $INSPECTION_WORKSPACE."""
    source = ctx.get_parameter_source(param.name)
    before = ctx.find_root().meta.get(WORKSPACE_META)
    if before is not None and source is not click.core.ParameterSource.COMMANDLINE:
        return before
    return value


def workspace_option(func):
    """The -w/--workspace option every command takes (also accepted before the command, as
    `git -C` is: `inspection -w DIR check`)."""
    return click.option(
        "-w", "--workspace", "workspace", metavar="DIR", envvar=ENV_VAR,
        type=FOLDER, callback=_given_before,
        help=N_("The campaign's folder (default: $INSPECTION_WORKSPACE, else the current "
                "folder)."),
    )(func)


def dialect_option(func):
    """The --dialect option of CSV exports: Excel's Vietnamese one by default in Vietnamese."""
    return click.option(
        "--dialect", type=click.Choice(("excel-vn", "rfc4180")),
        help=N_("The CSV's dialect: excel-vn (columns split by ';', 85,5 and 12/07/2022, as an "
                "Excel set to Vietnamese reads them; the default in Vietnamese) or rfc4180 (',', "
                "85.5 and 2022-07-12; the default in English)."))(func)


def by_option(func):
    """The --by option: who records (default: $INSPECTION_USER, else the computer's user name)."""
    return click.option(
        "--by", "by", metavar="NAME", envvar=USER_VAR,
        help=N_("Who records this (default: $INSPECTION_USER, else your login name)."),
    )(func)


def open_workspace(path: Path | None) -> Workspace:
    return Workspace.locate(str(path) if path else None)


def recorder(by: str | None) -> str:
    """The name recorded as the author of a change."""
    if by and by.strip():
        return " ".join(by.split())
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):  # what getpass.getuser() reads first
        if os.environ.get(name):
            return os.environ[name]
    try:
        import getpass  # then the password database (termios and pwd: not worth it before)

        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name (some containers, services)
        return os.environ.get("USERNAME") or "unknown"
