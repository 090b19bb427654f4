"""Drafting a unit's conclusion from its findings, and drafting again without losing the lead's
edits.

`compose` groups the findings by content area (the outline's sections), states each point once
— texts equal but for case, spacing, punctuation and the placement of tone marks are one point,
kept with every finding it came from — says once at which field site a point was found, and
merges recommendations asking for the same thing (one id, every owner, the earliest deadline).

`update` adds to a draft the lead has edited only what the findings say that the draft has not
drafted before: each drafted finding leaves a fingerprint (field, source, text) in the draft,
so a point the lead rewrote or deleted does not come back, and a finding recorded or changed
since shows up marked `new`.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
import os
import re
from collections import Counter
from pathlib import Path

from ..model.campaign import OFFICE, Visit
from ..model.draft import (POINT_FIELDS, REPORT_FIELDS, Area, ConclusionDraft,
                           DraftRecommendation, Point)
from ..values import replace, value
from ..vn.text import fold, join_vn, lcfirst, ucfirst
from .results import UnitResults
from .summary import NAMES_LISTED, is_proposal, proposed


@lru_cache(maxsize=8192)  # the same texts are keyed again and again while drafting
def point_key(text: str) -> str:
    """What makes two texts the same point: case, spacing, punctuation and where the tone mark
    sits ("hoà"/"hòa") do not count."""
    return " ".join(re.sub(r"[^\w\s]", " ", fold(text)).split())


def fingerprint(field: str, source: str, text: str) -> str:
    digest = hashlib.sha1(point_key(text).encode("utf-8")).hexdigest()[:10]
    return f"{field} {source} {digest}"


def _source(item_id: str, site: str) -> str:
    return item_id if site == OFFICE else f"{item_id}@{site}"


def _at_places(text: str, places: list[str]) -> str:
    """The point as the conclusion says it: "Tại A và B: …" when found only at field sites."""
    if "" in places or not places:
        return text
    return f"Tại {join_vn(places)}: {lcfirst(text)}"


def _without_place(text: str, place: str) -> str:
    """A field site's text without the site's name it starts with ("Tại A, …", "A đã …"):
    the conclusion says once where a point was found."""
    if not place:
        return text
    for lead in (f"tại {place}", place):
        if fold(text[:len(lead) + 4]).startswith(fold(lead)):
            rest = text[len(lead):].lstrip(" ,:;-–")
            if rest and len(fold(text[:len(lead)])) == len(fold(lead)):
                return rest
    return text


class _Points:
    """Points of one field in order, each once, with its sources and places."""

    def __init__(self) -> None:
        self.found: dict[str, tuple[str, list[str], list[str], list[str]]] = {}

    def add(self, field: str, text: str, item_id: str, site: str, place: str) -> None:
        source = _source(item_id, site)
        said = _without_place(text, place)
        entry = self.found.setdefault(point_key(said), (said, [], [], []))
        for one, kept in ((source, entry[1]), (place, entry[2]),
                          (fingerprint(field, source, text), entry[3])):
            if one not in kept:
                kept.append(one)

    def points(self) -> tuple[Point, ...]:
        return tuple(Point(_at_places(text, places), tuple(sources), prints=tuple(prints))
                     for text, sources, places, prints in self.found.values())


GENERAL = "Đánh giá chung"  # the outline's item for the team's own verdict on a section


def is_general(title: str) -> bool:
    return fold(title).rstrip(" .") == fold(GENERAL)


def general_rating(section) -> str:
    """The team's verdict on a section: the rating of its "Đánh giá chung" item at the unit
    itself ("" when the section has none, or it was not rated)."""
    for item in section.items:
        if is_general(item.title):
            for site in item.sites:
                if site.site == OFFICE and site.checked and site.rating:
                    return site.rating
    return ""


def compose(results: UnitResults, visit: Visit) -> ConclusionDraft:
    """A fresh draft of `visit`'s conclusion from its findings."""
    sections, _ = results.of(visit, figures=False)
    scale = [r.label for r in results.loaded.checklist.scale]
    areas, ratings = [], Counter()
    recommendations: dict[str, dict] = {}
    shortcomings = 0
    for section in sections:
        fields = {name: _Points() for name in ("strengths", "shortcomings", "causes")}
        area_ratings: Counter = Counter()
        checked = 0
        proposals = is_proposal(section.title)  # what the unit asks for: the report answers it
        for item in section.items:
            general = is_general(item.title)
            for site in item.sites:
                if not site.checked:
                    continue
                checked += 0 if general else 1
                if site.rating and not general:
                    area_ratings[site.rating] += 1
                place = "" if site.site == OFFICE else site.place
                for name, points in fields.items():
                    for text in getattr(site, name):
                        points.add(name, text, item.id, site.site, place)
                for rec in site.recommendations:
                    _add_recommendation(recommendations, rec, item.id, site.site)
        ratings.update(area_ratings)
        strengths = fields["strengths"].points()
        found = fields["shortcomings"].points()
        causes = fields["causes"].points()
        shortcomings += len(found)
        if not checked or (proposals and not (strengths or found or causes)):
            continue
        subjective, objective = _split_causes(causes)
        areas.append(Area(section.id, section.title,
                          _assessment(checked, area_ratings, scale, general_rating(section)),
                          strengths, found, subjective, objective))
    prints = [fp for area in areas for point in area.points for fp in point.prints]
    recs = []
    for number, entry in enumerate(recommendations.values(), 1):
        owners = [o for o in entry["owners"] if o]
        recs.append(DraftRecommendation(f"KN{number}", entry["text"], join_vn(owners) or None,
                                        min(entry["dues"], default=None), tuple(entry["sources"]),
                                        prints=tuple(entry["prints"])))
    unit = visit.unit.name
    return ConclusionDraft(visit.unit.slug, tuple(areas),
                           _overall(unit, ratings, shortcomings, bool(recs), scale,
                                    Counter(v for s in sections if (v := general_rating(s))))
                           if areas else None,
                           tuple(recs), None,
                           tuple(dict.fromkeys(prints + [fp for r in recs for fp in r.prints])))


_KIND_OF_CAUSE = re.compile(r"\s*\((chủ quan|khách quan)\)\s*([.;]?)\s*$", re.IGNORECASE)
_KIND_FIRST = re.compile(r"^\s*(?:nguyên nhân\s+)?(chủ quan|khách quan)\s*[:\-–]\s*", re.IGNORECASE)


def _split_causes(causes: tuple[Point, ...]) -> tuple[tuple[Point, ...], tuple[Point, ...]]:
    """Causes marked "(khách quan)" by the member are objective, the others subjective (the
    lead moves them in the draft where the member did not say)."""
    subjective, objective = [], []
    for point in causes:
        match = _KIND_OF_CAUSE.search(point.text)
        text = point.text[:match.start()] + match.group(2) if match else point.text
        if match is None and (match := _KIND_FIRST.match(point.text)):
            text = ucfirst(point.text[match.end():])
        kept = replace(point, text=text)
        (objective if match and fold(match.group(1)) == fold("khách quan") else subjective) \
            .append(kept)
    return tuple(subjective), tuple(objective)


def _add_recommendation(found: dict, rec, item_id: str, site: str) -> None:
    entry = found.setdefault(point_key(rec.text), {"text": rec.text, "owners": [], "dues": [],
                                                   "sources": [], "prints": []})
    if rec.owner not in entry["owners"]:
        entry["owners"].append(rec.owner)
    if rec.due:
        entry["dues"].append(rec.due)
    source = _source(item_id, site)
    if source not in entry["sources"]:
        entry["sources"].append(source)
    entry["prints"].append(fingerprint("recommendations", source, rec.text))
    entry["prints"] = list(dict.fromkeys(entry["prints"]))


def _counted(ratings: Counter, scale: list[str] | None = None) -> str:
    """"5 nội dung tốt, 12 nội dung khá…", best first, in the order of the rating scale."""
    order = {label: i for i, label in enumerate(scale or ())}
    labels = sorted(ratings, key=lambda label: (order.get(label, len(order)), label))
    return ", ".join(f"{ratings[label]} nội dung {lcfirst(label)}" for label in labels)


def _assessment(checked: int, ratings: Counter, scale: list[str] | None = None,
                general: str = "") -> str:
    if general:  # the team's own verdict on the area comes first
        head = f"Đoàn kiểm tra đánh giá chung: {lcfirst(general)}."
        if not ratings:
            return head
        return f"{head} Trong {checked} nội dung được kiểm tra có {_counted(ratings, scale)}."
    if not ratings:
        return f"Đoàn đã kiểm tra {checked} nội dung."
    return f"Đoàn đã kiểm tra {checked} nội dung; kết quả đánh giá: {_counted(ratings, scale)}."


def _overall(unit: str, ratings: Counter, shortcomings: int, recommendations: bool,
             scale: list[str] | None = None, verdicts: Counter | None = None) -> str:
    checked = sum(ratings.values())
    text = f"Qua kiểm tra tại {unit}"
    text += (f", trong {checked} nội dung được đánh giá có {_counted(ratings, scale)}." if ratings
             else ", Đoàn đã kiểm tra các nội dung theo Kế hoạch.")
    if verdicts:  # the team's verdicts on the areas: the one most of them got (the lower of two)
        order = {label: i for i, label in enumerate(scale or ())}
        verdict = max(verdicts, key=lambda v: (verdicts[v], order.get(v, -1)))
        text += f" Nhìn chung, kết quả thực hiện của đơn vị đạt mức {lcfirst(verdict)}."
    if shortcomings:
        text += (" Đơn vị cần phát huy các ưu điểm, khắc phục những tồn tại, hạn chế đã nêu"
                 + (" và thực hiện các kiến nghị dưới đây." if recommendations else "."))
    elif recommendations:
        text += " Đơn vị cần thực hiện các kiến nghị dưới đây."
    return text


# -- drafting again -------------------------------------------------------------------------------


def update(draft: ConclusionDraft, fresh: ConclusionDraft) -> ConclusionDraft:
    """`draft` (maybe edited by the lead) with what `fresh` drafted from findings it has not
    drafted before, marked new. Nothing the lead wrote is changed or removed."""
    seen = set(draft.drafted)
    by_section = {area.section: area for area in draft.areas}
    areas = list(draft.areas)
    for fresh_area in fresh.areas:
        area = by_section.get(fresh_area.section)
        if area is None:  # an area the draft has not (or no longer) got
            area = replace(fresh_area, strengths=(), shortcomings=(), subjective_causes=(),
                           objective_causes=())
            before = None
        else:
            before = areas.index(area)
        changes = {}
        for name in POINT_FIELDS:
            mine = list(getattr(area, name))
            for point in getattr(fresh_area, name):
                if all(fp in seen for fp in point.prints):
                    continue
                same = next((i for i, p in enumerate(mine) if point_key(p.text) ==
                             point_key(point.text)), None)
                if same is not None:  # the lead kept this text: only its sources grow
                    mine[same] = replace(mine[same], sources=tuple(dict.fromkeys(
                        mine[same].sources + point.sources)))
                else:
                    mine.append(replace(point, new=True))
            changes[name] = tuple(mine)
        changed = replace(area, **changes)
        if before is not None:
            areas[before] = changed
        elif changed.points:
            areas.append(changed)
    recs = list(draft.recommendations)
    next_number = max((int(r.id[2:]) for r in recs if r.id[2:].isdigit()), default=0) + 1
    for rec in fresh.recommendations:
        if all(fp in seen for fp in rec.prints):
            continue
        same = next((i for i, r in enumerate(recs) if point_key(r.text) == point_key(rec.text)),
                    None)
        if same is not None:
            recs[same] = replace(recs[same], sources=tuple(dict.fromkeys(recs[same].sources
                                                                          + rec.sources)))
            continue
        recs.append(replace(rec, id=f"KN{next_number}", new=True))
        next_number += 1
    return replace(draft, areas=tuple(areas), recommendations=tuple(recs),
                   conclusion=draft.conclusion or fresh.conclusion,
                   drafted=tuple(dict.fromkeys(draft.drafted + fresh.drafted)))



# -- the drafts of a workspace ------------------------------------------------------------------


@value
class Drafted:
    """What `draft_units` did for one unit."""

    visit: Visit
    path: Path
    draft: ConclusionDraft
    state: str  # "written" (a first draft), "updated" (new points added), "unchanged"
    added: int  # points and recommendations marked new by this drafting


def read_unit_draft(ws, visit: Visit, problems: list | None = None) -> ConclusionDraft | None:
    """The unit's draft in the workspace, None when there is none; a draft with errors raises
    InvalidFiles (or, given `problems`, adds to them and gives None)."""
    from ..files.drafts import draft_path, read_draft

    path = draft_path(ws.root, visit.unit.slug)
    return _read_if_there(ws, path, lambda own: read_draft(path, ws.display(path),
                                                           visit.unit.slug, own), problems)


def _read_if_there(ws, path: Path, read, problems: list | None):
    """What `read(problems)` gives for `path`, None when there is no such file; with errors,
    InvalidFiles is raised (or, given `problems`, they are added and None is given)."""
    from ..errors import InvalidFiles

    if not os.path.lexists(path):
        return None
    own: list = []
    draft = read(own)
    if problems is not None:
        problems.extend(own)
        return draft
    if draft is None:
        raise InvalidFiles(own)
    return draft


def unit_missing(data, visit: Visit) -> int:
    """How many points of the unit's findings its draft file (as the documents read it) lacks:
    recorded after it was drafted, or left out of it (0 without a draft file)."""
    import os

    from ..files.drafts import draft_path

    ws = getattr(data.store, "ws", None)
    if ws is None or not os.path.lexists(draft_path(ws.root, visit.unit.slug)):
        return 0
    fresh = compose(data.results, visit)
    prints = {fp for a in fresh.areas for p in a.points for fp in p.prints} | \
        {fp for r in fresh.recommendations for fp in r.prints}
    return len(prints - set(data.draft(visit).drafted))


def draft_units(ws, loaded, visits, store, by: str | None = None) -> list[Drafted]:
    """Draft (or draft again) the conclusion of each of `visits` into drafts/<unit>.yaml;
    `by` is who asked, for the drafts' journal."""
    from ..files.drafts import draft_path, write_draft
    from .data import DocumentData

    results = DocumentData(loaded, store=store).results
    out = []
    for visit in visits:
        fresh = compose(results, visit)
        existing = read_unit_draft(ws, visit)
        if existing is None:
            draft, state, added = fresh, "written", fresh.new_count
        else:
            draft = update(existing, fresh)
            added = draft.new_count - existing.new_count
            state = "updated" if draft != existing else "unchanged"
        path = draft_path(ws.root, visit.unit.slug)
        if state != "unchanged":
            path = write_draft(ws.root, draft, visit.unit.name, ws.display(path), by=by)
        out.append(Drafted(visit, path, draft, state, added))
    return out


# -- the summary report's draft ---------------------------------------------------------------

SHARED_AT = 2  # a point at this many units is a common one
PRACTICE = re.compile(r"^\s*cách làm hay\s*:\s*", re.I)
ASKS = re.compile(r"^\s*(đơn vị\s+)?(đề nghị|kiến nghị|đề xuất)\s+", re.I)
GOOD_PRACTICES = 8


def compose_report(data):
    """The summary report drafted from the units' conclusions (the lead's drafts where there
    are some): per content area how the units were rated and the points found at two units or
    more, with the units; good practices, a single unit's own strengths; the units' proposals
    merged; an overall assessment from the ratings."""
    from ..model.draft import ReportArea, ReportDraft, SharedPoint

    gathered = data.gathered()  # each unit's sections, draft and ratings, in one pass
    titles = gathered.report_titles
    found = gathered.report_points
    singles = gathered.singles  # strengths, all areas together

    def shared(section: str, field: str) -> tuple:
        # the shortcomings of a single unit too: the leadership wants to see which unit has
        # which problem; one unit's strengths are its good practices (below)
        least = 1 if field == "shortcomings" else SHARED_AT
        # a point of one unit as its conclusion says it (at which field site too); of several,
        # as said across them
        points = [(own, units, point_key(own)) if len(units) == 1 else (text, units, key)
                  for key, (text, units, own) in found.get((section, field), {}).items()
                  if len(units) >= least]
        points.sort(key=lambda p: -len(p[1]))
        return tuple(SharedPoint(text, tuple(units), key=f"{section}:{field}:{key}")
                     for text, units, key in points)
    ratings = gathered.area_ratings
    areas = tuple(ReportArea(section, title,
                             _area_assessment(ratings.get(section, {}), data) or None,
                             shared(section, "strengths"), shared(section, "shortcomings"),
                             shared(section, "causes"))
                  for section, title in titles.items())
    # Good practices: a unit's own strengths, the ones the team called "cách làm hay" first,
    # one per unit in turn so that the list is not one unit's.
    own: dict[str, list] = {}
    for _key, (_text, units, text) in singles.items():
        key = point_key(text)
        if len(units) == 1:
            marked = bool(PRACTICE.match(text))
            own.setdefault(units[0], []).append((not marked, ucfirst(PRACTICE.sub("", text)), key))
    queues = [sorted(points, key=lambda p: p[0]) for points in own.values()]
    practices = []
    while len(practices) < GOOD_PRACTICES and any(queues):
        for unit, queue in zip(own, queues):
            if queue and len(practices) < GOOD_PRACTICES:
                _, text, key = queue.pop(0)
                practices.append(SharedPoint(text, (unit,), key=f"good_practices:{key}"))
    asked: dict[str, tuple[str, list]] = {}
    for visit, text in proposed(data):
        unit = visit.unit.short_name or visit.unit.name
        text = ucfirst(ASKS.sub("", text))
        entry = asked.setdefault(point_key(text), (text, []))
        if unit not in entry[1]:
            entry[1].append(unit)
    proposals = tuple(SharedPoint(text, tuple(units), key=f"proposals:{key}")
                      for key, (text, units) in asked.items())
    draft = ReportDraft(_report_assessment(data, any(a.shortcomings for a in areas)) or None,
                        areas, tuple(practices), proposals)
    keys = tuple(p.key for a in areas for p in a.points) + \
        tuple(p.key for p in draft.good_practices + draft.proposals)
    return replace(draft, drafted=keys)


def _area_assessment(ratings: dict[str, str], data) -> str:
    """"Nội dung này được đánh giá tốt tại 02 đơn vị (A và B), khá tại …": the lead rewrites it."""
    from ..vn.numbers import two_digits
    if not ratings:
        return ""
    scale = list(data.scale.values())
    groups = [(label, [u for u, r in ratings.items() if r == label]) for label in scale]
    groups = [(label, units) for label, units in groups if units]
    if len(groups) == 1 and len(ratings) == len(data.campaign.visits) > 1:
        return f"Cả {two_digits(len(ratings))} đơn vị được đánh giá {groups[0][0].lower()}."
    # the units named while the sentence stays readable, as the report's lists do
    parts = [f"{label.lower()} tại {two_digits(len(units))} đơn vị"
             + (f" ({join_vn(units)})" if len(units) <= NAMES_LISTED else "")
             for label, units in groups]
    return f"Nội dung này được đánh giá {join_vn(parts)}."


def _report_assessment(data, shared_shortcomings: bool = False) -> str:
    """A first overall assessment, from the ratings: the lead rewrites it."""
    from ..vn.numbers import two_digits
    scale = list(data.scale.values())
    gathered = data.gathered()
    counts = gathered.rating_counts
    per_unit = list(gathered.unit_means)  # each unit's mean rating, where something was rated
    total = sum(counts.values())
    units = len(per_unit)  # the units where something was rated
    if not total:
        return ""
    parts = [f"{counts[label]} lượt {label.lower()}" for label in scale if counts[label]]
    planned = len(data.campaign.visits)
    text = (f"Đoàn kiểm tra đã làm việc tại {two_digits(units)}/{two_digits(planned)} đơn vị "
            "theo Kế hoạch. Trong "
            f"{total} lượt nội dung được đánh giá có {join_vn(parts)}.")
    per_unit.sort()
    if len(per_unit) >= 3:
        text += (f" Các đơn vị thực hiện tốt là {join_vn([n for _, n in per_unit[:2]])}; "
                 f"{join_vn([n for _, n in per_unit[-2:]])} còn nhiều nội dung cần khắc phục.")
    text += " Nhìn chung, các đơn vị đã quan tâm triển khai công tác theo Kế hoạch"
    text += ("; bên cạnh kết quả đạt được, còn một số tồn tại, hạn chế đã nêu trên."
             if shared_shortcomings else ".")
    return text


def update_report(draft, fresh):
    """`draft` (maybe edited) with the points of `fresh` it has not drafted before, marked new;
    nothing the lead wrote is changed or removed."""
    seen = set(draft.drafted)

    def merged(mine_points, fresh_points):
        mine = list(mine_points)
        for point in fresh_points:
            if point.key in seen or any(point_key(p.text) == point_key(point.text) for p in mine):
                continue
            mine.append(replace(point, new=True))
        return tuple(mine)
    by_section = {area.section: area for area in draft.areas}
    areas = list(draft.areas)
    for fresh_area in fresh.areas:
        area = by_section.get(fresh_area.section)
        if area is None:
            changed = replace(fresh_area, **{name: merged((), getattr(fresh_area, name))
                                             for name in REPORT_FIELDS})
            if changed.points or changed.assessment:
                areas.append(changed)
            continue
        areas[areas.index(area)] = replace(
            area, assessment=area.assessment or fresh_area.assessment or None,
            **{name: merged(getattr(area, name), getattr(fresh_area, name))
               for name in REPORT_FIELDS})
    return replace(draft, areas=tuple(areas),
                   good_practices=merged(draft.good_practices, fresh.good_practices),
                   proposals=merged(draft.proposals, fresh.proposals),
                   assessment=draft.assessment or fresh.assessment or None,
                   drafted=tuple(dict.fromkeys(draft.drafted + fresh.drafted)))


def read_report(ws, problems: list | None = None):
    """The report's draft in the workspace, None when there is none (errors as read_unit_draft)."""
    from ..files.drafts import read_report_draft, report_path

    path = report_path(ws.root)
    return _read_if_there(ws, path, lambda own: read_report_draft(path, ws.display(path), own),
                          problems)


def draft_report(ws, loaded, store, by: str | None = None):
    """Draft (or draft again) the summary report into drafts/bao-cao-tong-hop.yaml; gives
    (path, draft, state, added)."""
    from ..files.drafts import report_path, write_report_draft
    from .data import DocumentData

    fresh = compose_report(DocumentData(loaded, store=store))
    existing = read_report(ws)
    if existing is None:
        draft, state, added = fresh, "written", 0
    else:
        draft = update_report(existing, fresh)
        added = draft.new_count - existing.new_count
        state = "updated" if draft != existing else "unchanged"
    path = report_path(ws.root)
    if state != "unchanged":
        path = write_report_draft(ws.root, draft, ws.display(path), by=by)
    return path, draft, state, added
