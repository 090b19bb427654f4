"""Options and helpers shared by the command modules."""

from __future__ import annotations

import os
from pathlib import Path

import click

from .workspace import ENV_VAR, Workspace

USER_VAR = "INSPECTION_USER"

# Path types, made once: every click.Path() looks up its translations on the disk when made,
# and the commands need only these three kinds.
ANY_PATH = click.Path(path_type=Path)
FOLDER = click.Path(file_okay=False, path_type=Path)
FILE = click.Path(dir_okay=False, path_type=Path)


def workspace_option(func):
    """The -w/--workspace option every command takes."""
    return click.option(
        "-w", "--workspace", "workspace", metavar="DIR", envvar=ENV_VAR,
        type=FOLDER,
        help=f"The campaign's folder (default: ${ENV_VAR}, else the current folder).",
    )(func)


def by_option(func):
    """The --by option: who records (default: $INSPECTION_USER, else the computer's user name)."""
    return click.option(
        "--by", "by", metavar="NAME", envvar=USER_VAR,
        help=f"Who records this (default: ${USER_VAR}, else your login name).",
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
