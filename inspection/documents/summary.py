"""The summary report's view across units: ratings counted, points several units share, what
the units propose, and the units' figures compared; from the aggregates gathering.py gathers
in one pass over the units."""

from __future__ import annotations

from decimal import Decimal

from ..vn.numbers import two_digits, vn_percent
from ..vn.text import ascii_fold, end_with, join_vn, lcfirst
from . import tables
from .gathering import NAMES_LISTED
from .results import NOT_CHECKED, unique
from .views import CommonPoint, SiteResult, Tally, UnitSummary, clean
from .wordxml import Tables



def unit_summaries(data) -> tuple[UnitSummary, ...]:
    """Each unit's results in short: items checked, ratings, recommendations, main points."""
    return tuple(data.gathered().summaries)


def all_tallies(data) -> tuple[Tally, ...]:
    """How many (item, place) pairs of every unit got each rating, were checked but not rated,
    were not checked."""
    g = data.gathered()
    return _tallied(data, g.rated, g.not_rated, g.not_checked, g.sites_total)


def tallies(data, sites: list[SiteResult]) -> tuple[Tally, ...]:
    """How many of `sites` got each rating, were checked but not rated, were not checked."""
    counts = {label: 0 for label in data.scale.values()}
    not_rated = 0
    for site in sites:
        if site.checked and site.rating in counts:
            counts[site.rating] += 1
        elif site.checked:
            not_rated += 1
    return _tallied(data, counts, not_rated, sum(not s.checked for s in sites), len(sites))


def _tallied(data, counts, not_rated: int, not_checked: int, total: int) -> tuple[Tally, ...]:
    rows = [(label, counts[label]) for label in data.scale.values()]
    if not_rated:
        rows.append(("Chưa đánh giá", not_rated))
    rows.append((NOT_CHECKED, not_checked))
    return tuple(Tally(label, n, vn_percent(Decimal(n * 100) / (total or 1), 1))
                 for label, n in rows)


def rating_table(data):
    """The ratings per section and unit as a Word table (per section only, for many units)."""
    g = data.gathered()
    labels = list(data.scale.values())
    if len(data.campaign.visits) > tables.UNITS_IN_DETAIL:
        totals = [(g.numbers[key], g.titles[key],
                   [sum(c) for c in zip(*(counts for _, counts in units))])
                  for key, units in g.by_section.items()]
        return tables.rating_summary(labels, totals)
    rows = [(f"{g.numbers[key]}. {g.titles[key]}", units) for key, units in g.by_section.items()]
    return tables.rating_table(labels, rows)


def common_points(data, field: str) -> tuple[CommonPoint, ...]:
    """What several units share, item by item (most units first); the same text found at
    several units is listed once, with their names."""
    g = data.gathered()
    order = {item.id: i for i, item in enumerate(data.loaded.checklist.items)}
    total = len(data.campaign.visits)

    def count(number: int) -> str:
        return f"{two_digits(number)}/{two_digits(total)} đơn vị"
    result = []
    for item_id, texts in g.common[field].items():
        lines = []
        for found in texts.values():
            # Name the units while the list stays readable; beyond, count them.
            who = count(found.count) if (found.count == total and total > 2) or \
                found.count > NAMES_LISTED else join_vn(found.names)
            lines.append(f"{end_with(found.text, '')} ({who}).")
        units = g.common_units[field][item_id]
        # the units in the order their texts name them (all named: at most NAMES_LISTED)
        named = unique(u for found in texts.values() for u in found.names)
        result.append(CommonPoint(
            item_id, g.item_titles[item_id], units.count,
            count(units.count) + (f": {join_vn(named)}" if units.count <= NAMES_LISTED else ""),
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
    return data.gathered().proposed


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
    g = data.gathered()
    g.marked = False  # set as the tables ask for a figure only the unit gave
    units = [(name, g.figure_function(shown)) for name, shown in g.figures]
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
    if g.marked:
        note = note.replace(". ", "; (*) số liệu đơn vị báo cáo, Đoàn kiểm tra chưa xác minh. ", 1)
    return Tables(tuple(made)), note
