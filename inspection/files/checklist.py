"""Loading checklists (checklists/*.yaml): what the team checks during a visit, item by item."""

from __future__ import annotations

from ..errors import Problem
from ..i18n import N_, _
from ..model.checklist import DEFAULT_SCALE, LEVELS, Checklist, ChecklistItem, RatingLevel
from ..model.outline import Outline
from .schema import Reader
from .yamlfile import YamlDocument

_LEVELS = {k: k for k in LEVELS} | {
    "tru-so": "office", "tai-tru-so": "office", "van-phong": "office", "co-so": "field",
    "tai-co-so": "field", "thuc-te": "field", "ca-hai": "both",
}
_ITEM_KEYS = ("id", "outline", "title", "group", "level", "checks", "documents", "indicators")


def parse_checklist(doc: YamlDocument, problems: list[Problem], expected_id: str | None = None,
                    outline: Outline | None = None) -> Checklist | None:
    """Build a Checklist; with `outline`, also check every reference into it."""
    r = Reader(doc, problems)
    data = r.mapping(doc.data, (), ("id", "title", "outline", "scale", "items"), ("id", "title", "items"))
    if data is None:
        return None
    checklist_id = r.file_id(data.get("id"), expected_id, N_("checklist"))
    scale = _scale(r, data.get("scale"))
    items = []
    seen: dict[str, int | None] = {}
    for path, value in r.items(data.get("items"), ("items",)):
        item = _item(r, value, path, outline)
        if item is None:
            continue
        if item.id in seen:
            r.error(path + ("id",), _("the id {id} is used twice (first on line {line})").format(
                id=item.id, line=seen[item.id]))
            continue
        seen[item.id] = doc.line(path + ("id",))
        items.append(item)
    return Checklist(
        id=checklist_id or expected_id or "",
        title=r.text(data.get("title"), ("title",), required=True) or "",
        outline=r.ident(data.get("outline"), ("outline",), required=False),
        items=tuple(items),
        scale=scale,
        source=doc.name,
    )


def _scale(r: Reader, value) -> tuple[RatingLevel, ...]:
    if value is None:
        return DEFAULT_SCALE
    levels = []
    for path, item in r.items(value, ("scale",)):
        data = r.mapping(item, path, ("id", "label"), ("id", "label"))
        if data is None:
            continue
        level_id = r.ident(data.get("id"), path + ("id",))
        label = r.text(data.get("label"), path + ("label",), required=True)
        if level_id and any(level.id == level_id for level in levels):
            r.error(path + ("id",), _("the rating {id} is listed twice").format(id=level_id))
        elif level_id and label:
            levels.append(RatingLevel(level_id, label))
    if not levels:
        r.error(("scale",), _("the scale lists no ratings"))
        return DEFAULT_SCALE
    return tuple(levels)


def _item(r: Reader, value, path: tuple, outline: Outline | None) -> ChecklistItem | None:
    data = r.mapping(value, path, _ITEM_KEYS, ("id",))
    if data is None:
        return None
    item_id = r.ident(data.get("id"), path + ("id",))
    ref = r.ident(data.get("outline"), path + ("outline",), required=False)
    title = r.text(data.get("title"), path + ("title",))
    outline_item = outline.item(ref) if (outline is not None and ref) else None
    if ref and outline is not None and outline_item is None:
        r.error(path + ("outline",), _("outline {outline} has no item {item}").format(
            outline=outline.id, item=ref))
    if title is None:
        if outline_item is not None:
            title = outline_item.title
        elif not ref:
            r.error(path + ("title",), _("title is missing (an item that refers to no outline "
                                         "item needs its own title)"))
    refs = [(p, i) for p, v in r.items(data.get("indicators"), path + ("indicators",))
            if (i := r.ident(v, p)) is not None]
    if outline is not None:
        for ref_path, row_id in refs:
            if outline.appendix is None or outline.appendix.row(row_id) is None:
                r.error(ref_path, _("indicator row {row} is not in the appendix of outline "
                                    "{outline}").format(row=row_id, outline=outline.id))
    indicators = tuple(row_id for _p, row_id in refs)
    if item_id is None:
        return None
    return ChecklistItem(
        id=item_id,
        title=title or ref or item_id,
        outline_item=ref,
        checks=r.texts(data.get("checks"), path + ("checks",)),
        documents=r.texts(data.get("documents"), path + ("documents",)),
        level=r.choice(data.get("level"), path + ("level",), _LEVELS, default="office") or "office",
        indicators=indicators,
        group=r.text(data.get("group"), path + ("group",)),
    )
