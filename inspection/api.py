"""The library API: what the command line does, as functions a Python program or another front
end (a web form) calls. Nothing here prints, prompts or imports click.

    import inspection

    ws = inspection.open_workspace("kiem-tra-2026")
    inspection.record_finding(ws, "Yên Bái", "I.3", by="Hà", rating="dat",
                              observations=["Đã ký quy chế phối hợp với 12 sở, ngành"])
    for unit in inspection.status(ws):
        print(unit.visit.unit.name, unit.state)
    path = inspection.render_document(ws, "minutes", "Yên Bái")

Every function takes the workspace as a path or as what `open_workspace` returned, and raises
an `inspection.errors.InspectionError` (whose `message` says what is wrong) for anything the
user can correct.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from .files.workspace import Workspace
from .i18n import _
from .values import value

if TYPE_CHECKING:
    from .documents.render import Job, Outcome
    from .errors import Problem
    from .model.campaign import Visit
    from .model.checklist import ChecklistItem, RatingLevel
    from .model.findings import Answer
    from .recording.progress import UnitStatus
    from .recording.store import FindingsStore

__all__ = ["open_workspace", "init_workspace", "check", "status", "record_finding",
           "render_document", "render_documents"]


def open_workspace(path: str | Path | Workspace | None = None) -> Workspace:
    """The workspace in the folder `path` (default: $INSPECTION_WORKSPACE, else the current one)."""
    if isinstance(path, Workspace):
        return path
    return Workspace.locate(str(path) if path is not None else None)


def init_workspace(path: str | Path, example: str = "bhxh-ttt-2022",
                   sample_findings: bool = False) -> Workspace:
    """Create a workspace in `path` from a bundled example; never overwrites one."""
    from .files.workspace import init_workspace as create

    return Workspace(create(Path(path), example, sample_findings))


def check(workspace: str | Path | Workspace) -> list[Problem]:
    """Every problem of every file of the workspace (errors and warnings), in file order."""
    from .files.check import check_workspace

    return check_workspace(open_workspace(workspace))


def findings_store(workspace: str | Path | Workspace) -> FindingsStore:
    """The workspace's findings, its campaign read and checked (InvalidFiles if it has errors)."""
    from .recording.store import FindingsStore

    ws = open_workspace(workspace)
    return FindingsStore(ws, ws.load())


def status(workspace: str | Path | Workspace) -> list[UnitStatus]:
    """Where recording stands for every unit, in the order of the schedule."""
    from .recording.progress import campaign_status

    return campaign_status(findings_store(workspace))


@value
class Recorded:
    """What `record_finding` saved: the visit, the item, the site and the answer now current."""

    visit: Visit
    item: ChecklistItem
    site: str
    answer: Answer
    rating: RatingLevel | None  # the answer's rating, with its label


def record_finding(workspace: str | Path | Workspace, unit: str, item: str, *,
                   by: str, site: str | None = None, rating: str | None = None,
                   observations: Iterable[str] = (), strengths: Iterable[str] = (),
                   shortcomings: Iterable[str] = (), causes: Iterable[str] = (),
                   recommendations: Iterable[str] = (), owners: Iterable[str] = (),
                   dues: Iterable[str] = (), explanations: Iterable[str] = (),
                   replace: bool = False) -> Recorded:
    """Record what was found for checklist `item` of `unit` at `site`, saved at once.

    `unit` is a name, short name or file name in any spelling; `site` is "office" or a field
    site's id or name (default: the only place the item is checked); `rating` is a rating's
    number, id or label. Texts are added to what is recorded, or replace it with `replace`.
    Each recommendation takes the owner and the deadline ("30/09/2022") at the same place in
    `owners` and `dues`, or the only one given.
    """
    from .model.lookup import find_item, find_site, find_visit
    from .recording.quick import quick_record

    store = findings_store(workspace)
    visit = find_visit(store.loaded.campaign, unit)
    found = find_item(store.loaded.checklist, item)
    where = find_site(visit, found, site)
    answer = quick_record(store, visit, found, where, by, rating=rating,
                          observations=tuple(observations), strengths=tuple(strengths),
                          shortcomings=tuple(shortcomings), causes=tuple(causes),
                          recommendations=tuple(recommendations), owners=tuple(owners),
                          dues=tuple(dues), explanations=tuple(explanations),
                          replace_lists=replace)
    rated = store.loaded.checklist.rating(answer.rating, found.id) if answer.rating else None
    return Recorded(visit, found, where, answer, rated)


def render_documents(workspace: str | Path | Workspace, kinds: Sequence[str],
                     units: Sequence[str] | None = None, *, output: str | Path | None = None,
                     template: str | Path | None = None, force: bool = False,
                     progress: Callable[[Job], None] | None = None,
                     started: Callable[[int], None] | None = None) -> Outcome:
    """Write the documents of `kinds` (plan, minutes… or every kind for "all") into `output`
    (default: the workspace's output/), the per-unit ones for `units` (default: every unit).

    A document changed by hand since it was rendered is kept unless `force`. `started(n)` is
    called with the number of documents once everything they need has been read.
    """
    from .documents.kinds import KINDS
    from .documents.render import chosen_visits, jobs_for, prepare, render_jobs
    from .errors import InspectionError
    from .model.lookup import find_visit

    ws = open_workspace(workspace)
    loaded = ws.load()
    kinds = tuple(k for k, e in KINDS.items() if e.in_all) if "all" in kinds else tuple(kinds)
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise InspectionError(_("there is no kind of document {kind}; the kinds are: {kinds}")
                              .format(kind=repr(unknown[0]), kinds=", ".join(KINDS)))
    if units and not any(KINDS[k].per_unit for k in kinds):
        raise InspectionError(_("{kinds}: one document for the campaign; it takes no unit. Units "
                                "can be named for the documents made per unit.")
                              .format(kinds=", ".join(kinds)))
    visits = [find_visit(loaded.campaign, query) for query in units] if units else None
    folder = Path(output) if output is not None else ws.output_dir
    jobs = [job for kind in kinds for job in
            jobs_for(loaded, [kind], chosen_visits(ws, loaded, kind, visits), folder)]
    prepared = prepare(ws, loaded, jobs, Path(template) if template else None)
    if started is not None:
        started(len(jobs))
    return render_jobs(ws, loaded, jobs, force=force, progress=progress, prepared=prepared)


def render_document(workspace: str | Path | Workspace, kind: str, unit: str | None = None, *,
                    output: str | Path | None = None, force: bool = False) -> Path:
    """Write one document (of `unit` for the kinds made per unit) and return its path."""
    from .documents.kinds import KINDS
    from .errors import InspectionError

    if kind in KINDS and KINDS[kind].per_unit and not unit:
        raise InspectionError(_("a document {kind} is made for one unit: name the unit")
                              .format(kind=kind))
    outcome = render_documents(workspace, [kind], [unit] if unit else None, output=output,
                               force=force)
    if outcome.failed:
        raise InspectionError(outcome.failed[0][1])
    if outcome.kept:
        raise InspectionError(_("{file}: it was changed after it was rendered; it was kept "
                                "(render it with force=True to replace it)")
                              .format(file=outcome.kept[0].target))
    return outcome.written[0].target
