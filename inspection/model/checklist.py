"""The checklist: what the team checks during a visit, item by item, where, and how it rates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..values import memo_index, value

if TYPE_CHECKING:
    from .campaign import Visit
    from .outline import Outline

LEVELS = ("office", "field", "both")  # where an item is checked: at the office, the field sites, both


@value
class RatingLevel:
    """One rating of the scale: its id in files ("kha") and its label ("Khá")."""

    id: str
    label: str


DEFAULT_SCALE = (
    RatingLevel("tot", "Tốt"),
    RatingLevel("kha", "Khá"),
    RatingLevel("dat", "Đạt yêu cầu"),
    RatingLevel("chua-dat", "Chưa đạt yêu cầu"),
)


@value
class ChecklistItem:
    """What the team checks for one point, where, with which documents and indicators."""

    id: str
    title: str
    outline_item: str | None = None  # the outline item it checks, whose title it may take
    checks: tuple[str, ...] = ()  # what to look at
    documents: tuple[str, ...] = ()  # which documents to ask for
    level: str = "office"  # one of LEVELS
    indicators: tuple[str, ...] = ()  # rows of the indicator table it verifies
    group: str | None = None  # a heading for items that stand alone (e.g. on-site survey)


@value
class Checklist:
    """The checklist of a campaign: its items in order and the scale they are rated on."""

    id: str
    title: str
    outline: str | None
    items: tuple[ChecklistItem, ...]
    scale: tuple[RatingLevel, ...] = DEFAULT_SCALE
    source: str = ""

    def item(self, item_id: str) -> ChecklistItem | None:
        return memo_index(self, "_items", lambda: self.items).get(item_id)

    def scale_for(self, item_id: str | None = None) -> tuple[RatingLevel, ...]:
        """The ratings `item_id` is rated on: the checklist's scale, the same for every item."""
        return self.scale

    def rating(self, rating_id: str, item_id: str | None = None) -> RatingLevel | None:
        """The rating `rating_id` of the scale `item_id` is rated on."""
        return next((r for r in self.scale_for(item_id) if r.id == rating_id), None)

    def walk(self, visit: Visit) -> list[tuple[str, str]]:
        """Every (item, site) to answer during `visit`, in the order of the checklist."""
        return [(item.id, site) for item in self.items for site in visit.sites_for(item.level)]

    def by_section(self, outline: Outline) -> dict[str, list[ChecklistItem]]:
        """The items under the heading views show them by: their outline section ("I. Title"),
        else their own group, in the order of the checklist."""
        from ..i18n import _

        groups: dict[str, list[ChecklistItem]] = {}
        for item in self.items:
            section = outline.section_of(item.outline_item) if item.outline_item else None
            heading = f"{section.number}. {section.title}" if section else (
                item.group or _("Other content"))
            groups.setdefault(heading, []).append(item)
        return groups


