"""The errors the toolkit raises: one base class for every problem a user can fix.

Core code raises these and never prints. Every front end shows `message` as it is: the command
line prints it without a traceback and exits with `exit_code`; a web form shows it on the page.
Nothing here knows about command-line options: an error about one value names the value in the
domain's words and says which field it is in `InvalidValue.field`, so that the command line
can add the option's name and a form can mark its field.
"""

from __future__ import annotations

from .i18n import _
from .values import value


class InspectionError(Exception):
    """A problem the user can fix: shown as a message, exit code 1.

    `remedy` may name the setting that would let the request go through all the same and say
    what it does: ("partial", "to import the good cells"). A front end that offers the setting
    names it in its own way (the command line: "Add --partial to import the good cells.").
    """

    exit_code = 1

    def __init__(self, message: str, remedy: tuple[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.remedy = remedy

    def __str__(self) -> str:
        return self.message


class WorkspaceError(InspectionError):
    """The workspace is missing, unreadable or cannot be written."""


class UnitNotFound(InspectionError):
    """A unit name matches no visit, or more than one."""


class NotFound(InspectionError):
    """A checklist item, site, indicator row or period that the campaign does not have."""


class InvalidValue(InspectionError):
    """One value given by the user is wrong; `field` names it (rating, due, owner, figure…)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class EditConflict(InspectionError):
    """The answer changed since the one who saves began from it: `current` is the answer now
    on disk (the save was refused, nothing written)."""

    def __init__(self, message: str, current):
        super().__init__(message)
        self.current = current


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
        text = self.message if self.severity == "error" else \
            _("warning: {problem}").format(problem=self.message)
        return f"{where}: {self.path}: {text}" if self.path else f"{where}: {text}"


class InvalidFiles(InspectionError):
    """One or more files hold errors; every problem is listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        lines = [str(p) for p in problems]
        lines.append(_("{count} error(s): fix them and run the command again "
                       "(`inspection check` lists every problem).").format(count=len(errors)))
        super().__init__("\n".join(lines))
