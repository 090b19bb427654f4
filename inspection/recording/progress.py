"""Where the recording stands: per unit, what is answered, filled, attached and recommended."""

from __future__ import annotations

from ..errors import Problem
from ..files import cache
from ..files.workspace import CACHE_DIR, Loaded
from ..i18n import N_
from ..model.campaign import OFFICE, Visit
from ..model.findings import UnitRecord
from ..values import value
from .store import FindingsStore

# How each state is shown (translated where it is shown: `_(STATES[status.state])`).
STATES = {"planned": N_("planned"), "in progress": N_("in progress"), "complete": N_("complete")}


@value
class UnitStatus:
    visit: Visit
    office_done: int
    office_total: int
    field_done: int
    field_total: int
    indicators_done: int
    indicators_total: int
    evidence: int
    recommendations: int
    conflicts: int
    problems: tuple[Problem, ...] = ()

    @property
    def state(self) -> str:
        done = self.office_done + self.field_done
        if done == 0 and self.indicators_done == 0 and self.evidence == 0:
            return "planned"
        if done == self.office_total + self.field_total and self.indicators_done == self.indicators_total:
            return "complete"
        return "in progress"


def unit_status(loaded: Loaded, visit: Visit, record: UnitRecord,
                problems: tuple[Problem, ...] = ()) -> UnitStatus:
    pairs = loaded.checklist.walk(visit)
    office = [p for p in pairs if p[1] == OFFICE]
    field = [p for p in pairs if p[1] != OFFICE]
    table = loaded.outline.appendix
    cells = [(row.id, period.id) for row, _ in table.leaves() for period in table.periods] if table else []
    filled = sum(1 for key in cells
                 if (entry := record.indicators.get(key)) and entry.value.reported is not None)
    conflicts = sum(len(f.conflicts) > 0 for f in record.findings.values()) + \
        sum(len(e.conflicts) > 0 for e in record.indicators.values())
    return UnitStatus(
        visit=visit,
        office_done=sum(record.answered(*p) for p in office), office_total=len(office),
        field_done=sum(record.answered(*p) for p in field), field_total=len(field),
        indicators_done=filled, indicators_total=len(cells),
        evidence=len(record.evidence),
        recommendations=sum(len(f.answer.recommendations) for f in record.findings.values()),
        conflicts=conflicts, problems=problems,
    )


_COUNTS = ("office_done", "office_total", "field_done", "field_total", "indicators_done",
           "indicators_total", "evidence", "recommendations", "conflicts")


def campaign_status(store: FindingsStore) -> list[UnitStatus]:
    """The status of every unit; a findings file that cannot be read is shown, not fatal.

    The counts of a unit whose findings file and campaign files are as they were last time
    come from the workspace's cache, so a status of many units costs little more than its
    start-up.
    """
    ws, result = store.ws, []
    config = cache.fingerprint([ws.schedule_path] + [r.path for kind, name in (
        ("outlines", store.loaded.outline.id), ("checklists", store.loaded.checklist.id))
        if (r := ws.resource(kind, name)) is not None])
    cache_path = ws.root / CACHE_DIR / "status"  # names the entry; nothing is read from it
    remembered = cache.recall(ws.cache_dir, cache_path, config.encode()) or {}
    counts = {}
    for visit in store.loaded.campaign.visits:
        path = store.path(visit)
        key = cache.fingerprint([path]) if path.exists() else "none"
        known = remembered.get(visit.unit.slug)
        if known and known[0] == key:
            result.append(UnitStatus(visit, *known[1]))
        else:
            problems: list[Problem] = []
            record = store.read(visit, problems, check=False)
            errors = tuple(p for p in problems if p.severity == "error")
            result.append(unit_status(store.loaded, visit, record, errors))
            if errors:
                continue
        counts[visit.unit.slug] = (key, [getattr(result[-1], name) for name in _COUNTS])
    if counts != remembered:
        cache.remember(ws.cache_dir, cache_path, config.encode(), counts)
    return result
