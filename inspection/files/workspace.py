"""A campaign workspace: the schedule, findings, evidence and output of one campaign, in one folder.

Outlines, checklists and templates are looked up in the workspace first (`outlines/`,
`checklists/`, `templates/`), then among those bundled with the toolkit, by name.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import InvalidFiles, Problem, WorkspaceError
from ..i18n import N_, _
from ..model.campaign import Campaign
from ..model.checklist import Checklist
from ..model.outline import Outline
from ..values import value
from . import yamlfile
from .atomic import confine
from .checklist import parse_checklist
from .outline import parse_outline
from .schedule import SCHEDULE_FILE, parse_schedule

ENV_VAR = "INSPECTION_WORKSPACE"
CACHE_DIR = ".inspection-cache"
KINDS = {"outlines": ".yaml", "checklists": ".yaml", "templates": ".docx", "examples": ""}
_PACKAGE = Path(__file__).resolve().parent.parent
_MISSING = {  # what to say when no outline (checklist…) has the name asked for
    "outlines": N_("there is no outline named {name!r}; available: {names}"),
    "checklists": N_("there is no checklist named {name!r}; available: {names}"),
    "templates": N_("there is no template named {name!r}; available: {names}"),
    "examples": N_("there is no example named {name!r}; available: {names}"),
}


def bundled_dir(kind: str) -> Path:
    """Where the toolkit's own outlines, checklists, templates or examples are.

    After `pip install` they sit inside the package; in a source checkout, at the top of it.
    """
    if kind == "templates":
        return _PACKAGE / "documents" / "templates"
    installed = _PACKAGE / "bundled" / kind
    return installed if installed.is_dir() else _PACKAGE.parent / kind


@value
class Resource:
    """A named outline, checklist, template or example, and where it comes from."""

    name: str
    path: Path
    origin: str  # "workspace" or "bundled"


@value(frozen=False)
class Loaded:
    """Everything a workspace describes, read and cross-checked."""

    campaign: Campaign
    outline: Outline
    checklist: Checklist


@value(frozen=False)
class Reading:
    """What could be read of a workspace, problems or not."""

    campaign: Campaign | None = None
    outline: Outline | None = None
    checklist: Checklist | None = None
    schedule: yamlfile.YamlDocument | None = None


class Workspace:
    """A folder holding one campaign."""

    def __init__(self, root: Path | str, *, cache: bool = True):
        """The workspace in the folder `root`; without `cache`, nothing is kept in its cache
        folder (for a folder that is not the user's, such as the bundled example)."""
        self.root = Path(root)
        self.keeps_cache = cache
        self._linked_cache: bool | None = None
        if cache:  # a user's workspace: nothing written in it may land outside it
            confine(self.root)

    @classmethod
    def locate(cls, option: str | None = None) -> Workspace:
        """The workspace named by -w, else by $INSPECTION_WORKSPACE, else the current folder."""
        return cls(option or os.environ.get(ENV_VAR) or os.getcwd())

    # -- places ---------------------------------------------------------------
    @property
    def schedule_path(self) -> Path:
        return self.root / SCHEDULE_FILE

    @property
    def cache_dir(self) -> Path | None:
        """Where parsed files are kept to be read faster next time (safe to delete); None when
        this workspace keeps no cache."""
        if not self.keeps_cache:
            return None
        folder = self.root / CACHE_DIR
        # A cache that is a link (to a folder elsewhere, maybe someone else's) is not used:
        # nothing is written through it, and nothing read from it is trusted.
        if self._linked_cache is None:
            self._linked_cache = os.path.islink(folder)
        return None if self._linked_cache else folder

    @property
    def findings_dir(self) -> Path:
        return self.root / "findings"

    @property
    def evidence_dir(self) -> Path:
        return self.root / "evidence"

    @property
    def output_dir(self) -> Path:
        return self.root / "output"

    def display(self, path: Path) -> str:
        """A path as messages show it: relative to the workspace when inside it."""
        try:
            return Path(os.path.relpath(path, self.root)).as_posix() \
                if Path(path).resolve().is_relative_to(self.root.resolve()) else str(path)
        except ValueError:  # another drive on Windows
            return str(path)

    # -- named resources ----------------------------------------------------------
    def resources(self, kind: str) -> list[Resource]:
        """Every outline/checklist/template/example available, workspace ones first."""
        suffix = KINDS[kind]
        found: dict[str, Resource] = {}
        for origin, folder in (("workspace", self.root / kind), ("bundled", bundled_dir(kind))):
            if not folder.is_dir():
                continue
            for path in sorted(folder.iterdir()):
                if kind == "examples":
                    ok = path.is_dir() and (path / SCHEDULE_FILE).is_file()
                else:  # a workspace's own entry that is not a file (a folder, a pipe, a
                    # broken link) is kept, so that reading it says so: falling back to the
                    # bundled one would hide that the user's version is not used
                    ok = (path.suffix == suffix and not path.name.startswith("~$")
                          and (origin == "workspace" or path.is_file()))
                name = path.name if kind == "examples" else path.stem
                if ok and name not in found:
                    found[name] = Resource(name, path, origin)
        return sorted(found.values(), key=lambda r: r.name)

    def resource(self, kind: str, name: str) -> Resource | None:
        return next((r for r in self.resources(kind) if r.name == name), None)

    def missing(self, kind: str, name: str) -> str:
        """What to say when no outline (checklist…) is called `name`."""
        names = ", ".join(r.name for r in self.resources(kind)) or _("none")
        return _(_MISSING[kind]).format(name=name, names=names)

    # -- loading ------------------------------------------------------------------
    def _cache(self, cached: bool) -> Path | None:
        return self.cache_dir if cached else None

    def load_outline(self, name: str, problems: list[Problem], *,
                     cached: bool = False) -> Outline | None:
        """The outline called `name`, or None (with problems added) if it cannot be read."""
        res = self.resource("outlines", name)
        if res is None:
            return None
        doc = yamlfile.load(res.path, self.display(res.path), problems, self._cache(cached))
        return parse_outline(doc, problems, name) if doc is not None else None

    def load_checklist(self, name: str, problems: list[Problem], outline: Outline | None = None,
                       *, cached: bool = False) -> Checklist | None:
        """The checklist called `name` (its references checked against `outline`), or None."""
        res = self.resource("checklists", name)
        if res is None:
            return None
        doc = yamlfile.load(res.path, self.display(res.path), problems, self._cache(cached))
        return parse_checklist(doc, problems, name, outline) if doc is not None else None

    def read(self, problems: list[Problem], *, cached: bool = False) -> Reading:
        """Read the schedule and the outline and checklist it names, collecting problems.

        With `cached`, a file read before without problems comes from the cache.
        """
        if not self.root.is_dir():
            raise WorkspaceError(_("{folder}: there is no such folder. Create a workspace with "
                                   "`inspection init {folder}`.").format(folder=self.root))
        if not self.schedule_path.exists() and not self.schedule_path.is_symlink():
            raise WorkspaceError(
                _("{folder}: this folder is not a workspace (it has no {schedule}). Name the "
                  "campaign's folder, or create a workspace with `inspection init DIR`.").format(
                      folder=self.root, schedule=SCHEDULE_FILE),
                remedy=("workspace", N_("to name the campaign's folder")))
        for folder in (self.findings_dir, self.evidence_dir, self.root / "templates"):
            if os.path.lexists(folder) and not folder.is_dir():
                problem = _("this must be the workspace's {folder} folder, but it is a broken "
                            "link") if folder.is_symlink() else \
                    _("this must be the workspace's {folder} folder, but it is a file")
                problems.append(Problem(self.display(folder), None, "",
                                        problem.format(folder=folder.name)))
        name = self.display(self.schedule_path)
        doc = yamlfile.load(self.schedule_path, name, problems, self._cache(cached))
        if doc is not None and doc.data is None:
            problems.append(Problem(name, None, "", _("the file is empty")))
            return Reading(schedule=doc)
        campaign = parse_schedule(doc, problems) if doc is not None else None
        if campaign is None:
            return Reading(schedule=doc)
        outline = self.load_outline(campaign.outline, problems, cached=cached)
        if outline is None and self.resource("outlines", campaign.outline) is None:
            problems.append(Problem(name, doc.line(("outline",)), "outline",
                                    self.missing("outlines", campaign.outline)))
        checklist = self.load_checklist(campaign.checklist, problems, outline, cached=cached)
        if checklist is None and self.resource("checklists", campaign.checklist) is None:
            problems.append(Problem(name, doc.line(("checklist",)), "checklist",
                                    self.missing("checklists", campaign.checklist)))
        if outline and checklist and checklist.outline and checklist.outline != outline.id:
            problems.append(Problem(name, doc.line(("checklist",)), "checklist",
                                    _("checklist {checklist} is written for outline {written}, "
                                      "but the campaign uses outline {outline}").format(
                                          checklist=checklist.id, written=checklist.outline,
                                          outline=outline.id)))
        return Reading(campaign, outline, checklist, doc)

    def load(self) -> Loaded:
        """Read the workspace for a command; raise InvalidFiles if any file has an error.

        Files read before without problems come from the cache; if anything is wrong, the
        files are read again in full, so that every message gives its line.
        """
        problems: list[Problem] = []
        got = self.read(problems, cached=True)
        if any(p.severity == "error" for p in problems):
            problems = []
            got = self.read(problems)
        errors = [p for p in problems if p.severity == "error"]
        if errors or got.campaign is None or got.outline is None or got.checklist is None:
            raise InvalidFiles(errors or problems)
        return Loaded(got.campaign, got.outline, got.checklist)


# What a new campaign takes from the previous one (`init --from`): its units, teams and texts,
# and its own outlines, checklists and templates, not what was recorded or issued in it.
CARRIED = (SCHEDULE_FILE, "outlines", "checklists", "templates")


def init_workspace(target: Path, example: str = "bhxh-ttt-2022", sample_findings: bool = False,
                   previous: Path | None = None) -> Path:
    """Create a workspace in `target` from a bundled example campaign, or from the workspace
    of the `previous` campaign (its schedule, outlines, checklists and templates); never
    overwrite one."""
    if previous is not None:
        if not (Path(previous) / SCHEDULE_FILE).is_file():
            raise WorkspaceError(_("{folder} is not a campaign's workspace (it has no {schedule})"
                                   ).format(folder=previous, schedule=SCHEDULE_FILE))
        if Path(previous).resolve() == Path(target).resolve():
            raise WorkspaceError(_("the new campaign needs a folder of its own, not {folder}")
                                 .format(folder=previous))
        return _create(target, Path(previous), lambda item: item.name in CARRIED)
    source = Workspace(target).resource("examples", example)
    if source is None or source.origin != "bundled":
        names = ", ".join(r.name for r in Workspace(target).resources("examples")
                          if r.origin == "bundled") or _("none")
        raise WorkspaceError(_(_MISSING["examples"]).format(name=example, names=names))
    # the sample findings, and the drafts composed from them, only when asked for
    made = _create(target, source.path, lambda item: sample_findings or not (
        item.is_dir() and item.name in ("findings", "drafts")))
    drafts = made / "drafts"
    if drafts.is_dir():  # the log says where they came from, not that they were edited by hand
        from . import journal

        for path in sorted(drafts.glob("*.yaml")):
            journal.append(drafts, f"drafts/{path.name}", "copied", path.read_bytes(), None)
    return made


def _create(target: Path, source: Path, include) -> Path:
    """Copy the entries of the folder `source` that `include` into the new workspace `target`."""
    if (target / SCHEDULE_FILE).exists() or (target / "findings").exists():
        raise WorkspaceError(_("{folder} already holds a workspace; nothing was changed. "
                               "Choose a new folder.").format(folder=target))
    if target.exists() and not target.is_dir():
        raise WorkspaceError(_("{path}: this is a file, not a folder").format(path=target))
    import shutil  # only here: init is the one command that copies files

    from .atomic import describe_os_error

    # What this command creates, to be taken away again if it cannot finish (a full disk):
    # half a workspace would refuse the next `init` and fail every other command.
    created: list[Path] = []
    try:
        if not target.exists():
            missing = [p for p in (target, *target.parents) if not p.exists()]
            target.mkdir(parents=True)
            created.append(missing[-1])
        for item in sorted(source.iterdir()):
            if item.name.startswith(".") or item.name == "output":  # caches, generated files
                continue
            if not include(item) or item.is_symlink():
                continue
            if os.path.lexists(target / item.name):
                continue  # a folder such as templates/ made beforehand: kept as it is
            created.append(target / item.name)
            if item.is_dir():  # file by file: the first error stops, with its own reason
                (target / item.name).mkdir()
                for path in sorted(item.rglob("*")):
                    if path.is_symlink():  # nothing reached through a link
                        continue
                    copy = target / path.relative_to(source)
                    if path.is_dir():
                        copy.mkdir()
                    else:
                        shutil.copy2(path, copy)
            else:
                shutil.copy2(item, target / item.name)
        for folder in ("findings", "evidence", "output", "templates"):
            if not os.path.lexists(target / folder):
                created.append(target / folder)
                (target / folder).mkdir()
    except OSError as exc:
        for path in reversed(created):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                try:
                    path.unlink()
                except OSError:
                    pass
        raise WorkspaceError(_("{folder}: cannot create the workspace: {reason}; nothing was "
                               "left behind").format(folder=target,
                                                     reason=describe_os_error(exc))) from exc
    return target
