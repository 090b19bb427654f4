"""What the summary report needs from every unit, gathered in one pass over the units.

Each unit's findings are read, shaped into results, drafted, counted into the report's
aggregates, and let go before the next unit is read: a report of 3,321 communes then holds its
aggregates (each unit's summary line, the ratings per section, the points several units share,
the figures it compares), not every unit's findings at once (the findings of that many communes
take 400 MB as Python objects). The aggregates are what summary.py, drafting.compose_report,
contexts.report and followup.carried_summary used to compute by walking every unit's results
again and again; they read them from here (`DocumentData.gathered()`).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence

from ..model.campaign import Visit
from ..vn.dates import short_date
from ..vn.numbers import figure_number, format_figure
from ..vn.text import ucfirst
from .results import points, same_point
from .views import UnitSummary, clean

COMMON_FIELDS = ("strengths", "shortcomings", "causes")
NAMES_LISTED = 10  # units the report names in a line; beyond, it counts them
_REPORTED = "\x01"  # before a unit's figure the team did not verify (no text holds it)
KEPT_WHOLE = 100  # units whose summaries keep their texts; beyond, read again when asked for


class Deferred(Sequence):
    """A unit's recommendations or points, read again from its findings each time a template
    asks for them, never kept: what a report of thousands of units does not print (its own
    template prints each unit's counts), a template of one's own may still use."""

    def __init__(self, data, visit: Visit, field: str):
        self._data, self._visit, self._field = data, visit, field

    def _items(self) -> tuple:
        data, visit = self._data, self._visit
        kept = data.results.has(visit)
        sections, recs = data.results.of(visit, figures=False)
        items = tuple(recs) if self._field == "recommendations" else points(sections, self._field)
        if not kept:
            data.forget(visit)
        return items

    def __getitem__(self, index):
        return self._items()[index]

    def __len__(self) -> int:
        return len(self._items())

    def __iter__(self):
        return iter(self._items())

    def __eq__(self, other) -> bool:
        return tuple(self) == tuple(other) if isinstance(other, Sequence) else NotImplemented

    def __hash__(self) -> int:
        return hash((self._visit.unit.slug, self._field))

    def __repr__(self) -> str:
        return f"Deferred({self._visit.unit.slug}, {self._field})"


class Found:
    """Which units a point was found at: how many, the first of them by name (enough to name
    them all while the report names them), each unit counted once (a bit per unit)."""

    __slots__ = ("text", "count", "names", "seen")

    def __init__(self, text: str = ""):
        self.text, self.count, self.names, self.seen = text, 0, [], 0

    def add(self, index: int, name: str) -> None:
        if not self.seen >> index & 1:
            self.seen |= 1 << index
            self.count += 1
            if len(self.names) <= NAMES_LISTED:
                self.names.append(name)



class Gathered:
    """The aggregates of every unit, in the schedule's order (see the module's docstring)."""

    def __init__(self, data):
        self.scale = list(data.scale.values())
        self.units = len(data.campaign.visits)
        self.summaries: list[UnitSummary] = []
        # every (item, place) of every unit: how many, checked, rated with each label
        self.sites_total = self.sites_checked = self.not_rated = self.not_checked = 0
        self.rated: Counter = Counter()
        # the sections as the report numbers and titles them, and their ratings unit by unit
        self.numbers: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        self.by_section: dict[str, list[tuple[str, list[int]]]] = {}
        # the points found at the units, item by item, each text once with its units
        self.common: dict[str, dict[str, dict[str, Found]]] = {f: {} for f in COMMON_FIELDS}
        self.common_units: dict[str, dict[str, Found]] = {f: {} for f in COMMON_FIELDS}
        self.index = {v.unit.slug: i for i, v in enumerate(data.campaign.visits)}
        self.item_titles: dict[str, str] = {}
        self.proposed: list[tuple[Visit, str]] = []  # what the units propose
        # each unit's figures: per key of figure_keys, the stored figure (after _REPORTED when
        # only the unit gave it), or None
        table = data.loaded.outline.appendix
        self.figure_keys = [(row.id, period.id) for row, _parents in table.leaves()
                            for period in table.periods] if table is not None else []
        self.figure_index = {key: i for i, key in enumerate(self.figure_keys)}
        self.figures: list[tuple[str, tuple]] = []
        self.marked = False  # a figure shown is a unit's, not verified by the team
        # what drafting.compose_report needs: the sections that are not the units' proposals,
        # the points of the units' drafts, each unit's rating per section, the ratings given
        self.report_titles: dict[str, str] = {}
        # (the text across units, the units, the first unit's own text): see across_units
        self.report_points: dict[tuple[str, str], dict[str, tuple[str, list[str], str]]] = {}
        self.singles: dict[str, tuple[str, list[str], str]] = {}
        self.area_ratings: dict[str, dict[str, str]] = {}
        self.rating_counts: Counter = Counter()
        self.unit_means: list[tuple[float, str]] = []
        # findings recorded after a unit's draft was written and not in it (render's notice)
        self.missing: dict[str, int] = {}
        # the recommendations carried from the previous campaign: (visit, its carried ones)
        self.carried: list[tuple[Visit, tuple]] = []

    def add(self, data, visit: Visit) -> None:
        """Count the unit of `visit` in."""
        from .drafting import general_rating, point_key, unit_missing
        from .summary import tallies

        sections, recs = data.results.of(visit, figures=False)
        view = data.visit_views[visit.unit.slug]
        name = visit.unit.short_name or visit.unit.name
        sites = [site for s in sections for i in s.items for site in i.sites]
        dues = sorted(r.due for r in recs if r.due)
        deadlines = " - ".join(dict.fromkeys(short_date(d) for d in dues[:1] + dues[-1:]))
        if self.units <= KEPT_WHOLE:
            texts = [tuple(recs)] + [points(sections, f) for f in COMMON_FIELDS]
        else:
            texts = [Deferred(data, visit, f) for f in ("recommendations",) + COMMON_FIELDS]
        self.summaries.append(UnitSummary(
            view.unit, view, len(sites), sum(s.checked for s in sites), tallies(data, sites),
            texts[0], len(recs), deadlines, *texts[1:]))
        self.sites_total += len(sites)
        ratings = []
        for site in sites:
            if not site.checked:
                self.not_checked += 1
                continue
            self.sites_checked += 1
            if site.rating in self.scale:
                self.rated[site.rating] += 1
            else:
                self.not_rated += 1
            if site.rating:
                ratings.append(site.rating)
        self.rating_counts.update(ratings)
        if ratings:
            self.unit_means.append((sum(self.scale.index(r) for r in ratings if r in self.scale)
                                    / len(ratings), name))
        for section in sections:
            self._section(visit, name, section, general_rating(section))
        for area in data.draft(visit).areas:
            if area.section not in self.report_titles:
                continue
            for field, found in (("strengths", area.strengths),
                                 ("shortcomings", area.shortcomings),
                                 ("causes", area.subjective_causes + area.objective_causes)):
                for point in found:
                    text = across_units(point)
                    key = point_key(text)
                    entry = self.report_points.setdefault((area.section, field), {}).setdefault(
                        key, (text, [], point.text))
                    if name not in entry[1]:
                        entry[1].append(name)
                    if field == "strengths":
                        single = self.singles.setdefault(key, (text, [], point.text))
                        if name not in single[1]:
                            single[1].append(name)
        self.missing[visit.unit.slug] = unit_missing(data, visit)
        if self.figure_keys:
            self._figures(data, visit)
        if carried := tuple(data.register(visit).carried):
            self.carried.append((visit, carried))

    def _section(self, visit: Visit, name: str, section, general: str) -> None:
        from .summary import is_proposal

        proposal = is_proposal(section.title)
        self.numbers.setdefault(section.id, section.number)
        self.titles.setdefault(section.id, section.title)
        sites = [site for item in section.items for site in item.sites]
        counts = [sum(1 for s in sites if s.checked and s.rating == label) for label in self.scale]
        counts.append(sum(1 for s in sites if not s.checked))
        self.by_section.setdefault(section.id, []).append((clean(visit.unit.name), counts))
        if not proposal:
            self.report_titles.setdefault(section.id, section.title)
        if general:
            self.area_ratings.setdefault(section.id, {})[name] = general
        else:
            got = Counter(s.rating for s in sites if s.checked and s.rating in self.scale)
            if got:
                rating = max(got, key=lambda r: (got[r], self.scale.index(r)))
                self.area_ratings.setdefault(section.id, {})[name] = rating
        display, index = clean(name), self.index[visit.unit.slug]
        for item in section.items:
            for site in item.sites:
                for field in COMMON_FIELDS:
                    for text in getattr(site, field):
                        self.item_titles[item.id] = item.title
                        texts = self.common[field].setdefault(item.id, {})
                        key = same_point(text)
                        if key not in texts:
                            texts[key] = Found(text)
                        texts[key].add(index, display)
                        if item.id not in self.common_units[field]:
                            self.common_units[field][item.id] = Found()
                        self.common_units[field][item.id].add(index, display)
            if proposal or is_proposal(item.title):
                self.proposed += [(visit, text) for site in item.sites
                                  for text in site.observations]

    def _figures(self, data, visit: Visit) -> None:
        """The figure each key shows: the team's, else the unit's, marked (kept as stored, an
        interned text; formatted when a table asks for it)."""
        indicators = data.record(visit).indicators
        shown = []
        for key in self.figure_keys:
            entry = indicators.get(key)
            if entry is None:
                shown.append(None)
                continue
            figure, mark = entry.value.verified, ""
            if not figure and entry.value.reported:
                figure, mark = entry.value.reported, _REPORTED
            shown.append(sys.intern(f"{mark}{figure or ''}"))
        self.figures.append((clean(visit.unit.short_name or visit.unit.name), tuple(shown)))

    def figure_function(self, shown: tuple):
        """(row, period) -> (text, number) of one unit, as the comparison tables ask for it."""
        def figure(row, period: str):
            i = self.figure_index.get((row.id, period))
            stored = shown[i] if i is not None else None
            if stored is None:
                return "", None
            star = stored.startswith(_REPORTED)
            value = stored[1:] if star else stored
            if star:
                self.marked = True
            return (format_figure(value or None, row.kind) + ("*" if star else ""),
                    figure_number(value or None, row.kind))
        return figure


def across_units(point) -> str:
    """A point of a unit's draft as the summary report states it across units: without the
    "Tại <field site>: " the unit's conclusion puts before a point found only at its field
    sites (the report names units, and the same point at two units' sites is one point)."""
    if point.sources and all("@" in source for source in point.sources):
        head, sep, rest = point.text.partition(": ")
        if sep and head.startswith("Tại ") and rest:
            return ucfirst(rest)
    return point.text


def gather(data) -> Gathered:
    """Every unit's aggregates, one unit at a time, each unit's findings let go once counted
    (DocumentData.forget: only what can be read again)."""
    gathered = Gathered(data)
    for visit in data.campaign.visits:
        gathered.add(data, visit)
        data.forget(visit)
    return gathered
