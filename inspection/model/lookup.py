"""Finding what a user names: a unit, a checklist item, a site, a rating, an indicator row or
period, a deadline. Every front end (the command line, a web form) uses these, so a name is
understood the same way everywhere; each error says what is wrong in the domain's words.

Names match whatever the case, the Unicode form (NFC/NFD) and the placement of tone marks
("Hòa"/"Hoà"); ids match whatever the case.
"""

from __future__ import annotations

import datetime as dt

from ..errors import InvalidValue, NotFound, UnitNotFound
from ..i18n import _
from ..vn.dates import parse_date
from ..vn.text import fold, slugify
from .campaign import OFFICE, Campaign, Visit
from .checklist import Checklist, ChecklistItem, RatingLevel
from .outline import IndicatorRow, IndicatorTable, Period

_OFFICE_WORDS = ("office", "tru-so", "tai-tru-so", "van-phong")


def _close(query: str, names: list[str], cutoff: float) -> list[str]:
    import difflib  # only when nothing matches: not worth its import on every start

    return difflib.get_close_matches(query, names, n=3, cutoff=cutoff)


def _unit_keys(visit: Visit) -> tuple[set[str], set[str]]:
    unit = visit.unit
    names = {fold(unit.name)} | ({fold(unit.short_name)} if unit.short_name else set())
    slugs = {unit.slug, slugify(unit.name)} | ({slugify(unit.short_name)} if unit.short_name else set())
    return names, slugs


def find_visit(campaign: Campaign, query: str) -> Visit:
    """The visit of the unit `query` names: its name, short name or file name, in any spelling.

    Tried in turn: the exact name, short name or file name; a unique beginning of one; the
    words of the query inside a file name ("yen bai" finds "bhxh-tinh-yen-bai").
    """
    q, q_slug = fold(query), slugify(query)
    keyed = [(visit, *_unit_keys(visit)) for visit in campaign.visits]
    stages = [
        lambda names, slugs: q in names or q_slug in slugs,
        lambda names, slugs: any(n.startswith(q) for n in names) or
        any(s.startswith(q_slug) for s in slugs),
        lambda names, slugs: any(f"-{q_slug}-" in f"-{s}-" for s in slugs),
    ]
    if q.strip():
        for matches in stages:
            found = [visit for visit, names, slugs in keyed if matches(names, slugs)]
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                listed = "\n".join(f"  {v.unit.name} ({v.unit.slug})" for v in found)
                raise UnitNotFound(_("{query} matches {count} units; say which one:\n{units}")
                                   .format(query=repr(query), count=len(found), units=listed))
    names = [v.unit.name for v in campaign.visits]
    close = _close(query, names, 0.5)
    listed = "\n".join(f"  {name}" for name in (close or names))
    message = _("no unit is called {query}; did you mean:\n{units}") if close else \
        _("no unit is called {query}; the units are:\n{units}")
    raise UnitNotFound(message.format(query=repr(query), units=listed))


def find_item(checklist: Checklist, text: str) -> ChecklistItem:
    """The checklist item whose id is `text` (any case)."""
    for item in checklist.items:
        if fold(item.id) == fold(text):
            return item
    ids = [item.id for item in checklist.items]
    close = _close(text, ids, 0.6)
    if close:
        message = _("checklist {checklist} has no item {item}; did you mean {items}?")
    else:
        message = _("checklist {checklist} has no item {item}; its items are: {items}")
    shown = ", ".join(close) if close else ", ".join(ids[:12]) + (" …" if len(ids) > 12 else "")
    raise NotFound(message.format(checklist=checklist.id, item=repr(text), items=shown))


def find_site(visit: Visit, item: ChecklistItem, text: str | None) -> str:
    """The site meant by `text` for `item`: "office"/"trụ sở", a site id, name or its beginning.

    Without `text`, the item's only possible site (the office for office items).
    """
    sites = visit.sites_for(item.level)
    if not sites:
        raise NotFound(_("item {item} is checked at the field sites, and {unit} has none in the "
                         "schedule").format(item=item.id, unit=visit.unit.name))
    if text is None:
        if len(sites) == 1:
            return sites[0]
        if OFFICE in sites:
            return OFFICE
        raise InvalidValue("site", _("item {item} is checked at each field site; say at which "
                                     "one ({sites})").format(item=item.id, sites=", ".join(sites)))
    key, slug = fold(text), slugify(text)

    def named(site: str) -> bool:
        if site == OFFICE:
            return slug in _OFFICE_WORDS
        name = visit.site(site).name
        return (site == slug or fold(name) == key or site.startswith(slug)
                or fold(name).startswith(key) or f"-{slug}" in f"-{slugify(name)}")
    candidates = [s for s in [OFFICE] + [s.id for s in visit.sites] if named(s)]
    if len(candidates) == 1:
        if candidates[0] in sites:
            return candidates[0]
        where = _("the office") if candidates[0] == OFFICE else visit.site(candidates[0]).name
        message = _("item {item} is checked at the office only, not at {site}") \
            if item.level == "office" else \
            _("item {item} is checked at the field sites only, not at {site}")
        raise InvalidValue("site", message.format(item=item.id, site=where))
    # "trụ sở" names the office as a user may type it (see _OFFICE_WORDS), like a site's name
    names = ", ".join(f"{s} ({'trụ sở' if s == OFFICE else visit.site(s).name})" for s in sites)
    raise InvalidValue("site", _("{site} is not a site where item {item} is checked; the sites "
                                 "are: {sites}").format(site=repr(text), item=item.id, sites=names))


def rating_choice(text: str, scale: tuple[RatingLevel, ...]) -> str | None:
    """The rating id meant by `text`: its number in the list, its id or its label; or None."""
    text = text.strip()
    # ASCII digits only: "²" and "٣" are digits to str.isdigit, not numbers of the list
    if text.isascii() and text.isdigit() and len(text) < 6 and 1 <= int(text) <= len(scale):
        return scale[int(text) - 1].id
    key = fold(text)
    for level in scale:
        if key in (fold(level.id), fold(level.label)):
            return level.id
    return None


def find_rating(scale: tuple[RatingLevel, ...], text: str) -> str:
    """The rating id meant by `text`; an error listing the scale when there is none."""
    found = rating_choice(text, scale)
    if found is None:
        listed = ", ".join(f"{i}={level.id} ({level.label})" for i, level in enumerate(scale, 1))
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise InvalidValue("rating", _("{rating} is not a rating of the scale: {ratings}")
                           .format(rating=repr(shown), ratings=listed))
    return found


def parse_deadline(text: str | None) -> dt.date | None:
    """A recommendation's deadline as typed ("30/09/2022"); None when none is given."""
    if text is None:
        return None
    if not text.strip():
        raise InvalidValue("due", _("the deadline is empty: write it as 30/09/2022, or give none"))
    try:
        return parse_date(text)
    except ValueError as exc:
        raise InvalidValue("due", _("the deadline {reason}").format(reason=exc)) from None


def find_row(table: IndicatorTable, row_id: str) -> IndicatorRow:
    """The row of the indicator table that takes figures and has the id `row_id`."""
    row = table.row(row_id.strip())
    if row is None:
        ids = [r.id for r, _ in table.leaves()]
        close = _close(row_id, ids, 0.6)
        message = _("the indicator table has no row {row}; did you mean {rows}?") if close else \
            _("the indicator table has no row {row} (`inspection outline show` lists them)")
        raise NotFound(message.format(row=repr(row_id), rows=", ".join(close)))
    if row.is_group:
        below = ", ".join(r.id for r in row.walk() if not r.is_group)
        raise NotFound(_("row {row} is a group; figures go in the rows under it: {rows}")
                       .format(row=row.id, rows=below))
    return row


def find_period(table: IndicatorTable, query: str) -> Period:
    """The period a user names by its id ("2021") or its label ("Năm 2021")."""
    key = fold(query)
    for period in table.periods:
        if query.strip() == period.id or key in (fold(period.label), fold(period.id)):
            return period
    # as unit names: without accents ("Thang 9/2026"), when that names one period only
    bare = slugify(query)
    loose = [p for p in table.periods if bare and bare in (slugify(p.label), slugify(p.id))]
    if len(loose) == 1:
        return loose[0]
    known = ", ".join(f"{p.id} ({p.label})" for p in table.periods)
    raise NotFound(_("the indicator table has no period {period}; its periods are: {periods}")
                   .format(period=repr(query), periods=known))
