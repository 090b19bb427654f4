"""The summary report's view across units: ratings counted, points several units share, what
the units propose, and the units' figures compared."""

from __future__ import annotations

from decimal import Decimal

from ..model.campaign import Visit
from ..model.outline import IndicatorRow
from ..vn.dates import short_date
from ..vn.numbers import figure_number, format_figure, two_digits, vn_percent
from ..vn.text import ascii_fold, end_with, join_vn, lcfirst
from . import tables
from .results import NOT_CHECKED, points, same_point, unique
from .views import CommonPoint, SiteResult, Tally, UnitSummary, clean
from .wordxml import Tables

NAMES_LISTED = 10  # units named in the report's lists; beyond, they are counted


def _sites(sections) -> list[SiteResult]:
    return [site for s in sections for i in s.items for site in i.sites]


def unit_summaries(data) -> tuple[UnitSummary, ...]:
    """Each unit's results in short: items checked, ratings, recommendations, main points."""
    summaries = []
    for visit in data.campaign.visits:
        sections, recs = data.results.of(visit, figures=False)
        view = data.visit_views[visit.unit.slug]
        sites = _sites(sections)
        dues = sorted(r.due for r in recs if r.due)
        deadlines = " - ".join(dict.fromkeys(short_date(d) for d in dues[:1] + dues[-1:]))
        summaries.append(UnitSummary(view.unit, view, len(sites), sum(s.checked for s in sites),
                                     tallies(data, sites), tuple(recs), len(recs), deadlines,
                                     points(sections, "strengths"), points(sections, "shortcomings"),
                                     points(sections, "causes")))
    return tuple(summaries)


def all_sites(data) -> list[SiteResult]:
    """Every (item, place) of every unit."""
    return [site for visit in data.campaign.visits for site in _sites(data.results.of(visit, False)[0])]


def tallies(data, sites: list[SiteResult]) -> tuple[Tally, ...]:
    """How many of `sites` got each rating, were checked but not rated, were not checked."""
    total = len(sites) or 1
    counts = {label: 0 for label in data.scale.values()}
    not_rated = 0
    for site in sites:
        if site.checked and site.rating in counts:
            counts[site.rating] += 1
        elif site.checked:
            not_rated += 1
    rows = list(counts.items())
    if not_rated:
        rows.append(("Chưa đánh giá", not_rated))
    rows.append((NOT_CHECKED, sum(not s.checked for s in sites)))
    return tuple(Tally(label, n, vn_percent(Decimal(n * 100) / total, 1)) for label, n in rows)


def rating_table(data):
    """The ratings per section and unit as a Word table (per section only, for many units)."""
    labels = list(data.scale.values())
    by_section: dict[str, list] = {}
    titles: dict[str, str] = {}
    for visit in data.campaign.visits:
        sections, _ = data.results.of(visit, figures=False)
        for section in sections:
            titles.setdefault(section.id, (section.number, section.title))
            sites = [site for item in section.items for site in item.sites]
            counts = [sum(1 for s in sites if s.checked and s.rating == label) for label in labels]
            counts.append(sum(1 for s in sites if not s.checked))
            by_section.setdefault(section.id, []).append((clean(visit.unit.name), counts))
    if len(data.campaign.visits) > tables.UNITS_IN_DETAIL:
        totals = [(*titles[key], [sum(c) for c in zip(*(counts for _, counts in units))])
                  for key, units in by_section.items()]
        return tables.rating_summary(labels, totals)
    rows = [(f"{titles[key][0]}. {titles[key][1]}", units) for key, units in by_section.items()]
    return tables.rating_table(labels, rows)


def common_points(data, field: str) -> tuple[CommonPoint, ...]:
    """What several units share, item by item (most units first); the same text found at
    several units is listed once, with their names."""
    found: dict[str, dict[str, tuple[str, list[str]]]] = {}
    titles: dict[str, str] = {}
    for visit in data.campaign.visits:
        unit = clean(visit.unit.short_name or visit.unit.name)
        for section in data.results.of(visit, figures=False)[0]:
            for item in section.items:
                for site in item.sites:
                    for text in getattr(site, field):
                        titles[item.id] = item.title
                        entry = found.setdefault(item.id, {}).setdefault(same_point(text), (text, []))
                        if unit not in entry[1]:
                            entry[1].append(unit)
    order = {item.id: i for i, item in enumerate(data.loaded.checklist.items)}
    total = len(data.campaign.visits)

    def count(names: list[str]) -> str:
        return f"{two_digits(len(names))}/{two_digits(total)} đơn vị"
    result = []
    for item_id, texts in found.items():
        units = unique(u for _, names in texts.values() for u in names)
        lines = []
        for text, names in texts.values():
            # Name the units while the list stays readable; beyond, count them.
            who = count(names) if (len(names) == total and total > 2) or \
                len(names) > NAMES_LISTED else join_vn(names)
            lines.append(f"{end_with(text, '')} ({who}).")
        result.append(CommonPoint(
            item_id, titles[item_id], len(units),
            count(units) + (f": {join_vn(units)}" if len(units) <= NAMES_LISTED else ""),
            tuple(lines)))
    result.sort(key=lambda p: (-p.units_count, order.get(p.item, len(order))))
    return tuple(result)


def is_proposal(title: str) -> bool:
    """Whether a section or item is the outline's "Đề xuất, kiến nghị" (what the unit asks)."""
    words = ascii_fold(title).lower()
    return "de xuat" in words or "kien nghi" in words


def proposed(data):
    """(visit, text) for what each unit proposes: what was recorded under the outline's
    "Đề xuất, kiến nghị"."""
    for visit in data.campaign.visits:
        for section in data.results.of(visit, figures=False)[0]:
            for item in section.items:
                if not (is_proposal(item.title) or is_proposal(section.title)):
                    continue
                for site in item.sites:
                    for text in site.observations:
                        yield visit, text


def proposals(data, summaries) -> tuple[str, ...]:
    """What the units propose, each as "Unit: text"."""
    display = {s.unit.slug: s.unit.display for s in summaries}
    return tuple(f"{display.get(visit.unit.slug, clean(visit.unit.name))}: {lcfirst(text)}"
                 for visit, text in proposed(data))


def comparisons(data) -> tuple[Tables, str]:
    """The units' figures side by side, period by period, and the note printed under them."""
    table = data.loaded.outline.appendix
    if table is None or not table.periods:
        return Tables(()), ""
    marked = False

    def figure_of(visit: Visit):
        record = data.record(visit)

        def figure(row: IndicatorRow, period: str):
            nonlocal marked
            entry = record.indicators.get((row.id, period))
            if entry is None:
                return "", None
            shown, star = entry.value.verified, ""
            if not shown and entry.value.reported:
                shown, star = entry.value.reported, "*"
                marked = True
            return format_figure(shown, row.kind) + star, figure_number(shown, row.kind)
        return figure
    units = [(clean(v.unit.short_name or v.unit.name), figure_of(v)) for v in data.campaign.visits]
    made = []
    for period in table.periods:
        if len(units) <= tables.UNITS_AS_COLUMNS:
            made += tables.comparison(table, units, period.id)
        elif len(units) <= tables.UNITS_IN_DETAIL:
            made += tables.comparison_by_unit(table, units, period.id)
        else:
            made.append(tables.indicator_summary(table, units, period.id))
    if len(units) <= tables.UNITS_AS_COLUMNS:
        note = ("Cột cuối: tổng cộng với chỉ tiêu số lượng; với chỉ tiêu tỷ lệ %, bình quân cộng "
                "tỷ lệ của các đơn vị (không tính theo quy mô từng đơn vị).")
    elif len(units) <= tables.UNITS_IN_DETAIL:
        note = ("Dòng cuối: tổng cộng với chỉ tiêu số lượng; với chỉ tiêu tỷ lệ %, bình quân cộng "
                "tỷ lệ của các đơn vị (không tính theo quy mô từng đơn vị).")
    else:
        note = ("Số liệu từng đơn vị: tệp Excel do lệnh `inspection export` tạo "
                "(trang Chỉ tiêu).")
    # whose figures these are: the team's, where it verified them
    note = "Số liệu trong bảng là số liệu Đoàn kiểm tra xác định. " + note
    if marked:
        note = note.replace(". ", "; (*) số liệu đơn vị báo cáo, Đoàn kiểm tra chưa xác minh. ", 1)
    return Tables(tuple(made)), note
