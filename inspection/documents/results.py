"""A unit's findings shaped for its documents: sections of items, each item's results at each
place, the figures it verifies, the recommendations numbered through the document."""

from __future__ import annotations

from typing import Callable

from ..files.workspace import Loaded
from ..model.campaign import OFFICE, Visit
from ..model.checklist import ChecklistItem
from ..model.findings import Answer, Recommendation, UnitRecord
from ..model.outline import IndicatorRow, Outline
from ..vn import dates
from ..vn.numbers import figures_differ, format_figure, roman
from ..vn.text import end_with, fold, join_vn, lcfirst
from .tables import figures_table
from .views import (Figure, FigureValue, ItemResult, RecommendationView, SectionResult, SiteResult,
                    clean, cleaned)

NOT_CHECKED = "Chưa kiểm tra"


def same_point(text: str) -> str:
    """What makes two recorded texts the same point: case and spacing do not count."""
    return " ".join(text.casefold().split())


def unique(items) -> list[str]:
    """Each text once, in order (case and spaces aside)."""
    seen, out = set(), []
    for item in items:
        key = same_point(item) if item else ""
        if key and key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _is_roman(text: str) -> bool:
    return bool(text) and all(c in "IVXLCDM" for c in text)


def section_numbers(outline: Outline, extra: int = 0) -> list[str]:
    """The printed number of each section of the outline, as the outline gives it, then of
    `extra` sections the checklist adds (its own groups), continuing the outline's numbering."""
    numbers = [clean(s.number) or roman(i) for i, s in enumerate(outline.sections, 1)]
    last = numbers[-1] if numbers else ""
    for k in range(1, extra + 1):
        if last.isdigit():
            numbers.append(str(int(last) + k))
        elif not numbers or _is_roman(last):
            numbers.append(roman(len(outline.sections) + k))
        else:
            numbers.append(str(len(outline.sections) + k))
    return numbers


def item_number(outline: Outline, item: ChecklistItem, section: str, index: int
                ) -> tuple[str, bool]:
    """The printed number of a checklist item: its outline item's ("3" for I.3 under the
    section "I", "2.1" under the section "2"), else the next in its section; and whether the
    item is the section itself (printed under the section's heading, with no heading of its own)."""
    if item.outline_item:
        found = outline.item(item.outline_item)
        if found is not None:
            if any(s.id == found.id for s in outline.sections):
                return section, True
            return clean(found.number), False
    return (str(index) if _is_roman(section) or not section else f"{section}.{index}"), False


def outline_parents(outline: Outline, section, item_id: str | None) -> list:
    """The outline items between `section` and `item_id`, outermost first (not either)."""
    if section is None or not item_id:
        return []

    def path(node, trail):
        if node.id == item_id:
            return trail
        for child in node.children:
            found = path(child, trail + [child])
            if found is not None:
                return found
        return None
    found = path(section, [])
    return found[:-1] if found else []


def reference(section: str, number: str) -> str:
    """How prose names an item: "I.3" (item 3 of section I), "2.1" (already whole)."""
    if number == section or not _is_roman(section):
        return number
    return f"{section}.{number}"


def leaves_under(row: IndicatorRow, path: tuple = ()):
    """The rows under `row` that take values, each with the groups between (`row` excluded)."""
    if not row.children:
        yield row, path + (row,)
        return
    for child in row.children:
        yield from leaves_under(child, path + ((child,) if child.children else ()))


class UnitResults:
    """The results of each unit, built once per unit from its findings."""

    def __init__(self, loaded: Loaded, record: Callable[[Visit], UnitRecord]):
        self.loaded = loaded
        self.record = record
        self._units: dict[tuple[str, bool], tuple] = {}

    def has(self, visit: Visit) -> bool:
        """Whether the results of the unit of `visit` are made and kept."""
        slug = visit.unit.slug
        return (slug, True) in self._units or (slug, False) in self._units

    def forget(self, slug: str) -> None:
        """Let go of the results of the unit `slug`."""
        for figures in (True, False):
            self._units.pop((slug, figures), None)

    def of(self, visit: Visit, figures: bool = True) -> tuple[tuple[SectionResult, ...], list]:
        """The sections of a unit's results, and its recommendations in order; without
        `figures`, the items' figures are left out (the summary report does not print them)."""
        key = (visit.unit.slug, figures)
        if key in self._units:
            return self._units[key]
        if not figures and (visit.unit.slug, True) in self._units:
            return self._units[(visit.unit.slug, True)]
        record = self.record(visit)
        checklist = self.loaded.checklist
        pairs: dict[str, list[str]] = {}
        for item_id, site in checklist.walk(visit):
            pairs.setdefault(item_id, []).append(site)
        for (item_id, site) in record.findings:  # recorded at a place the schedule lost: keep it
            if site not in pairs.setdefault(item_id, []):
                pairs[item_id].append(site)
        groups: dict[tuple, tuple[str, list]] = {}
        for item_id in pairs:
            item = checklist.item(item_id) or ChecklistItem(item_id, item_id)
            group_key, title = self._section_of(item)
            groups.setdefault(group_key, (title, []))[1].append(item)
        order = sorted((k for k in groups if k[0] == "outline"), key=lambda k: k[1]) + \
            [k for k in groups if k[0] == "group"] + [k for k in groups if k[0] == "other"]
        evidence_names = {e.id: clean(e.original_name) for e in record.evidence}
        recommendations: list[RecommendationView] = []
        sections = []
        outline = self.loaded.outline
        numbers = section_numbers(outline, sum(1 for k in order if k[0] != "outline"))
        extra = iter(numbers[len(outline.sections):])
        for s_index, group_key in enumerate(order, 1):
            title, items = groups[group_key]
            section = outline.sections[group_key[1]] if group_key[0] == "outline" else None
            s_number = numbers[group_key[1]] if section else next(extra)
            results = []
            headed: set[str] = set()  # the outline items above sub-items, headed once
            for i_index, item in enumerate(items, 1):
                number, own = item_number(outline, item, s_number, i_index)
                above = tuple((clean(o.number), clean(o.title))
                              for o in outline_parents(outline, section, item.outline_item)
                              if o.id not in headed)
                headed.update(o.id for o in outline_parents(outline, section, item.outline_item))
                sites = []
                for site in pairs[item.id]:
                    finding = record.finding(item.id, site)
                    answer = finding.answer if finding else Answer()
                    sites.append(self._site_result(visit, item, site, answer, evidence_names,
                                                   recommendations))
                results.append(self._item_result(
                    item, number, reference(s_number, number), sites,
                    self._figures(item, record) if figures else (),
                    heading=not (own or (len(items) == 1 and fold(item.title) == fold(title))),
                    above=above))
            sections.append(SectionResult(section.id if section else title, s_number,
                                          roman(s_index), title, tuple(results)))
        self._units[key] = (tuple(sections), recommendations)
        return self._units[key]

    def _section_of(self, item: ChecklistItem) -> tuple[tuple, str]:
        outline = self.loaded.outline
        if item.outline_item:
            section = outline.section_of(item.outline_item)
            if section is not None:
                return ("outline", outline.sections.index(section)), clean(section.title)
        if item.group:
            return ("group", fold(item.group)), clean(item.group)
        return ("other", ""), "Nội dung khác"

    @staticmethod
    def _item_result(item: ChecklistItem, number: str, ref: str, sites: list[SiteResult],
                     shown: tuple[Figure, ...], heading: bool = True,
                     above: tuple[tuple[str, str], ...] = ()) -> ItemResult:
        checked = any(s.checked for s in sites)
        if len(sites) == 1:
            rating = sites[0].rating if sites[0].checked else NOT_CHECKED
        else:
            rating = "; ".join(
                f"{s.label}: {s.rating or ('chưa đánh giá' if s.checked else NOT_CHECKED.lower())}"
                for s in sites)
        multi_site = len(sites) > 1 or (bool(sites) and sites[0].site != OFFICE)
        recorded = any(v.reported or v.verified for f in shown for v in f.values)
        show = bool(shown) and (checked or recorded)
        return ItemResult(item.id, number, clean(item.title), checked, rating, tuple(sites),
                          multi_site, shown, show, ref=ref, heading=heading,
                          table=figures_table(shown) if show else None, above=above)

    def _figures(self, item: ChecklistItem, record: UnitRecord) -> tuple[Figure, ...]:
        table = self.loaded.outline.appendix
        if table is None:
            return ()
        refs = item.indicators
        if not refs and item.outline_item:
            outline_item = self.loaded.outline.item(item.outline_item)
            refs = outline_item.indicators if outline_item else ()
        figures, seen = [], set()
        for ref in refs:
            top = table.row(ref)
            if top is None:
                continue
            for leaf, path in leaves_under(top):
                if leaf.id in seen:
                    continue
                seen.add(leaf.id)
                values = []
                for period in table.periods:
                    entry = record.indicators.get((leaf.id, period.id))
                    reported = entry.value.reported if entry else None
                    verified = entry.value.verified if entry else None
                    values.append(FigureValue(
                        period.id, clean(period.label), format_figure(reported, leaf.kind),
                        format_figure(verified, leaf.kind), figures_differ(reported, verified, leaf.kind)))
                figures.append(Figure(leaf.id, clean(leaf.label),
                                      " - ".join(clean(n.label) for n in path if n.label),
                                      leaf.kind or "count", clean(leaf.unit), tuple(values),
                                      clean(record.notes.get(leaf.id)),
                                      tuple(clean(n.label) for n in path[:-1] if n.label)))
        return tuple(figures)

    def _site_result(self, visit: Visit, item: ChecklistItem, site: str, answer: Answer,
                     evidence_names: dict, recommendations: list) -> SiteResult:
        found = visit.site(site)
        site_name = "" if site == OFFICE else (clean(found.name) if found else site)
        recs = []
        for rec in answer.recommendations:
            recs.append(self._recommendation(len(recommendations) + 1, rec, visit, item, site_name))
            recommendations.append(recs[-1])
        level = self.loaded.checklist.rating(answer.rating, item.id) if answer.rating else None
        rating = clean(level.label) if level else clean(answer.rating)
        place = clean(visit.unit.name) if site == OFFICE else site_name
        return SiteResult(site, place, f"Tại {place}", not answer.is_empty, rating,
                          answer.rating or "", cleaned(answer.observations),
                          cleaned(answer.strengths), cleaned(answer.shortcomings),
                          cleaned(answer.causes), cleaned(answer.explanations), tuple(recs),
                          tuple(evidence_names.get(e, clean(e)) for e in answer.evidence),
                          clean(answer.recorded_by))

    @staticmethod
    def _recommendation(number: int, rec: Recommendation, visit: Visit, item: ChecklistItem,
                        site_name: str) -> RecommendationView:
        owner = clean(rec.owner) or site_name or clean(visit.unit.name)
        text = clean(rec.text)
        due_text = dates.short_date(rec.due)
        line = end_with(text, ".") + f" Đơn vị thực hiện: {owner}"
        line += f"; thời hạn: trước ngày {due_text}." if due_text else "."
        return RecommendationView(number, text, owner, rec.due, due_text, item.id,
                                  clean(item.title), site_name, line)


def points(sections, field: str) -> tuple[str, ...]:
    """Every strength (shortcoming, cause…) of a unit once. One found only at field sites says
    where: "Tại BHXH huyện A và BHXH huyện B: …"."""
    found: dict[str, tuple[str, list[str]]] = {}
    for section in sections:
        for item in section.items:
            for site in item.sites:
                for text in getattr(site, field):
                    places = found.setdefault(same_point(text), (text, []))[1]
                    place = "" if site.site == OFFICE else site.place
                    if place not in places:
                        places.append(place)
    return tuple(text if "" in places else f"Tại {join_vn(places)}: {lcfirst(text)}"
                 for text, places in found.values())
