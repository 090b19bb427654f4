"""Finding a unit by what a user types (its name, short name, file name or a unique beginning),
and naming the places of its visit."""

from __future__ import annotations

from .errors import UnitNotFound
from .findings import OFFICE
from .model import LEVEL_LABELS, Campaign, Visit
from .text import fold, slugify


def _keys(visit: Visit) -> tuple[set[str], set[str]]:
    names = {fold(visit.unit.name)} | ({fold(visit.unit.short_name)} if visit.unit.short_name else set())
    slugs = {visit.unit.slug, slugify(visit.unit.name)} | (
        {slugify(visit.unit.short_name)} if visit.unit.short_name else set())
    return names, slugs


def find_visit(campaign: Campaign, query: str) -> Visit:
    """The visit of the unit `query` names; case, NFC/NFD and tone-mark placement do not matter.

    Tried in turn: the exact name, short name or file name; a unique beginning of one; the
    words of the query inside a file name ("yen bai" finds "bhxh-tinh-yen-bai").
    """
    q, q_slug = fold(query), slugify(query)
    keyed = [(visit, *_keys(visit)) for visit in campaign.visits]
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
                raise UnitNotFound(f"{query!r} matches {len(found)} units; say which one:\n{listed}")
    names = [v.unit.name for v in campaign.visits]
    import difflib  # only when no unit matches

    close = difflib.get_close_matches(query, names, n=3, cutoff=0.5)
    listed = close if close else names
    hint = "did you mean" if close else "the units are"
    raise UnitNotFound(f"no unit is called {query!r}; {hint}:\n" +
                       "\n".join(f"  {name}" for name in listed))


def site_label(visit: Visit, site: str) -> str:
    """Where an answer was recorded, as the team says it: "Tại trụ sở đơn vị", "Tại BHXH huyện Văn Yên"."""
    if site == OFFICE:
        return LEVEL_LABELS["office"]
    found = visit.site(site)
    return f"Tại {found.name}" if found else site
