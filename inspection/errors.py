"""The errors the toolkit raises: one base class that the command line prints without a traceback."""

from __future__ import annotations

import click

from .values import value


class InspectionError(click.ClickException):
    """A problem the user can fix: printed as a message, exit code 1."""

    exit_code = 1

    def format_message(self) -> str:
        return self.message


class WorkspaceError(InspectionError):
    """The workspace is missing, unreadable or cannot be written."""


class UnitNotFound(InspectionError):
    """A unit name matches no visit, or more than one."""


class TemplateProblem(InspectionError):
    """A DOCX template cannot be read or rendered."""


class ExportError(InspectionError):
    """A file cannot be exported or imported."""


@value
class Problem:
    """One problem found in a file, located by line and key path."""

    file: str
    line: int | None
    path: str
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        text = self.message if self.severity == "error" else f"warning: {self.message}"
        return f"{where}: {self.path}: {text}" if self.path else f"{where}: {text}"


class InvalidFiles(InspectionError):
    """One or more files hold errors; every problem is listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        lines = [str(p) for p in problems]
        lines.append(f"{len(errors)} error(s): fix them and run the command again "
                     "(`inspection check` lists every problem).")
        super().__init__("\n".join(lines))
