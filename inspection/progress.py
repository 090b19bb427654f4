"""Where the recording stands: per unit, what is answered, filled, attached and recommended."""

from __future__ import annotations

from . import yamlfile
from .errors import InspectionError, Problem
from .findings import OFFICE, UnitRecord
from .model import ChecklistItem, Visit
from .schema import parse_date
from .store import FindingsStore, item_sites, walk
from .text import fold, slugify
from .values import value
from .workspace import Loaded

STATES = {"planned": "chưa bắt đầu", "in progress": "đang ghi", "complete": "hoàn thành"}


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
    pairs = walk(loaded, visit)
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
    config = _fingerprint([ws.schedule_path] + [r.path for kind, name in (
        ("outlines", store.loaded.outline.id), ("checklists", store.loaded.checklist.id))
        if (r := ws.resource(kind, name)) is not None])
    cache_path = ws.cache_dir / "status"
    remembered = yamlfile.recall(ws.cache_dir, cache_path, config.encode()) or {} \
        if ws.cache is not None else {}
    counts = {}
    for visit in store.loaded.campaign.visits:
        path = store.path(visit)
        key = _fingerprint([path]) if path.exists() else "none"
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
    if ws.cache is not None and counts != remembered:
        yamlfile.remember(ws.cache_dir, cache_path, config.encode(), counts)
    return result


def _fingerprint(paths) -> str:
    """The size and CRC-32 of each file's bytes: any change to a file changes its fingerprint
    (but for a one-in-four-billion chance, which would only show an old count). Reading the
    whole findings folder through SHA-1 would cost more than the rest of `status`."""
    import zlib

    parts = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            parts.append("?")
            continue
        parts.append(f"{len(data)}:{zlib.crc32(data):08x}")
    return " ".join(parts)


def find_item(loaded: Loaded, text: str) -> ChecklistItem:
    """The checklist item whose id is `text` (any case)."""
    for item in loaded.checklist.items:
        if fold(item.id) == fold(text):
            return item
    ids = [item.id for item in loaded.checklist.items]
    import difflib  # only for a mistyped id: not worth its import on every start

    close = difflib.get_close_matches(text, ids, n=3, cutoff=0.6)
    hint = f"did you mean {', '.join(close)}?" if close else \
        f"its items are: {', '.join(ids[:12])}{' …' if len(ids) > 12 else ''}"
    raise InspectionError(f"checklist {loaded.checklist.id} has no item {text!r}; {hint}")


def find_site(visit: Visit, item: ChecklistItem, text: str | None) -> str:
    """The site meant by `text` for `item`: "office"/"trụ sở", a site id, name or its beginning.

    Without `text`, the item's only possible site (the office for office items).
    """
    sites = item_sites(item.level, visit)
    if not sites:
        raise InspectionError(f"item {item.id} is checked at the field sites, and "
                              f"{visit.unit.name} has none in the schedule")
    if text is None:
        if len(sites) == 1:
            return sites[0]
        if OFFICE in sites:
            return OFFICE
        raise InspectionError(f"item {item.id} is checked at each field site; say which with "
                              f"--site ({', '.join(sites)})")
    key, slug = fold(text), slugify(text)
    everywhere = [OFFICE] + [s.id for s in visit.sites]

    def named(site: str) -> bool:
        if site == OFFICE:
            return slug in ("office", "tru-so", "tai-tru-so", "van-phong")
        name = visit.site(site).name
        return (site == slug or fold(name) == key or site.startswith(slug)
                or fold(name).startswith(key) or f"-{slug}" in f"-{slugify(name)}")
    candidates = [s for s in everywhere if named(s)]
    if len(candidates) == 1:
        if candidates[0] in sites:
            return candidates[0]
        where = "the office" if candidates[0] == OFFICE else visit.site(candidates[0]).name
        only = "at the office only" if item.level == "office" else "at the field sites only"
        raise InspectionError(f"item {item.id} is checked {only}, not at {where}")
    names = ", ".join(f"{s} ({'trụ sở' if s == OFFICE else visit.site(s).name})" for s in sites)
    raise InspectionError(f"{text!r} is not a site where item {item.id} is checked; the sites are: {names}")


def parse_due(text: str | None):
    if text is None:
        return None
    try:
        return parse_date(text)
    except ValueError as exc:
        raise InspectionError(f"--due: {exc}") from None
