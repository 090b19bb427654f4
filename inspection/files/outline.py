"""Loading outlines (Đề cương) and their indicator tables from YAML."""

from __future__ import annotations

import re

from ..errors import Problem
from ..i18n import N_, _
from ..model.outline import (INDICATOR_KINDS, Bullet, IndicatorRow, IndicatorTable, Outline,
                             OutlineItem, Period)
from .schema import Reader
from .yamlfile import YamlDocument

_KINDS = {k: k for k in INDICATOR_KINDS} | {
    "so-luong": "count", "number": "count", "ty-le": "percentage", "ti-le": "percentage",
    "percent": "percentage", "so-tien": "amount", "kinh-phi": "amount", "van-ban": "text",
}
_ITEM_KEYS = ("id", "number", "title", "intro", "bullets", "note", "indicators", "items")


class _OutlineReader(Reader):
    def bullets(self, value, path) -> tuple[Bullet, ...]:
        result = []
        for item_path, item in self.items(value, path):
            if isinstance(item, dict):
                data = self.mapping(item, item_path, ("text", "detail", "bullets"), ("text",))
                if data is None:
                    continue
                text = self.text(data.get("text"), item_path + ("text",), required=True)
                if text:
                    result.append(Bullet(text, self.text(data.get("detail"), item_path + ("detail",)),
                                         self.bullets(data.get("bullets"), item_path + ("bullets",))))
            else:
                text = self.text(item, item_path, required=True)
                if text:
                    result.append(Bullet(text))
        return tuple(result)

    def item(self, value, path, depth: int, seen: dict) -> OutlineItem | None:
        data = self.mapping(value, path, _ITEM_KEYS, ("id", "title"))
        if data is None:
            return None
        item_id = self.ident(data.get("id"), path + ("id",))
        title = self.text(data.get("title"), path + ("title",), required=True)
        if item_id is not None:
            if item_id in seen:
                self.error(path + ("id",), _("the id {id} is used twice (first at line {line})")
                           .format(id=item_id, line=seen[item_id]))
            seen.setdefault(item_id, self.doc.line(path + ('id',)))
        children = tuple(
            child for child_path, child_value in self.items(data.get("items"), path + ("items",))
            if (child := self.item(child_value, child_path, depth + 1, seen)) is not None)
        if item_id is None or title is None:
            return None
        number = self.text(data.get("number"), path + ("number",)) or default_number(item_id, depth)
        return OutlineItem(
            id=item_id, title=title, number=number,
            intro=self.text(data.get("intro"), path + ("intro",)),
            bullets=self.bullets(data.get("bullets"), path + ("bullets",)),
            note=self.text(data.get("note"), path + ("note",)),
            indicators=tuple(i for p, v in self.items(data.get("indicators"), path + ("indicators",))
                             if (i := self.ident(v, p)) is not None),
            children=children,
        )

    def row(self, value, path, seen: dict) -> IndicatorRow | None:
        data = self.mapping(value, path, ("id", "label", "kind", "unit", "rows"), ("id",))
        if data is None:
            return None
        row_id = self.ident(data.get("id"), path + ("id",))
        if row_id is not None:
            if row_id in seen:
                self.error(path + ("id",), _("the row id {id} is used twice (first at line "
                                             "{line})").format(id=row_id, line=seen[row_id]))
            seen.setdefault(row_id, self.doc.line(path + ('id',)))
        children = tuple(r for p, v in self.items(data.get("rows"), path + ("rows",))
                         if (r := self.row(v, p, seen)) is not None)
        label = self.text(data.get("label"), path + ("label",))
        kind = self.choice(data.get("kind"), path + ("kind",), _KINDS)
        if children and kind:
            self.error(path + ("kind",), _("a row with rows under it is a group and takes no "
                                           "kind; give the kind to the rows under it"))
        if not children and data.get("rows") is None:
            if label is None:
                self.error(path + ("label",), _("label is missing (a row that takes values needs "
                                                "one)"))
            if kind is None and data.get("kind") is None:
                self.error(path + ("kind",), _("kind is missing: count, percentage, amount or "
                                               "text"))
        if row_id is None:
            return None
        return IndicatorRow(row_id, label, None if children else (kind or "count"),
                            self.text(data.get("unit"), path + ("unit",)), children)

    def appendix(self, value, path) -> IndicatorTable | None:
        data = self.mapping(value, path, ("title", "subtitle", "periods", "notes_label", "rows"),
                            ("title", "periods", "rows"))
        if data is None:
            return None
        periods = []
        seen_periods: set[str] = set()
        for p_path, p_value in self.items(data.get("periods"), path + ("periods",)):
            p_data = self.mapping(p_value, p_path, ("id", "label"), ("id", "label"))
            if p_data is None:
                continue
            p_id = self.ident(p_data.get("id"), p_path + ("id",))
            p_label = self.text(p_data.get("label"), p_path + ("label",), required=True)
            if p_id in seen_periods:
                self.error(p_path + ("id",), _("the period id {id} is used twice").format(
                    id=p_id))
            elif p_id and p_label:
                seen_periods.add(p_id)
                periods.append(Period(p_id, p_label))
        seen: dict = {}
        rows = tuple(r for p, v in self.items(data.get("rows"), path + ("rows",))
                     if (r := self.row(v, p, seen)) is not None)
        return IndicatorTable(
            title=self.text(data.get("title"), path + ("title",)) or "",
            subtitle=self.text(data.get("subtitle"), path + ("subtitle",)),
            periods=tuple(periods),
            notes_label=self.text(data.get("notes_label"), path + ("notes_label",)) or "Ghi chú",
            rows=rows,
        )


ROMAN = re.compile(r"[IVXLCDM]+")


def default_number(item_id: str, depth: int) -> str:
    """The number printed for an item: "I" for I, "3" for I.3, "2.1" for I.2.1; under a
    section numbered in arabic the whole id: "2.1" for 2.1, as Vietnamese documents nest."""
    parts = item_id.split(".")
    if depth == 0 or len(parts) == 1 or not ROMAN.fullmatch(parts[0]):
        return item_id
    return ".".join(parts[1:])


def parse_outline(doc: YamlDocument, problems: list[Problem], expected_id: str | None = None
                  ) -> Outline | None:
    """Build an Outline from a loaded YAML document; problems are appended to `problems`."""
    r = _OutlineReader(doc, problems)
    data = r.mapping(doc.data, (), ("id", "title", "heading", "subject", "basis", "signature",
                                    "recipients", "notes", "sections", "appendix"),
                     ("id", "title", "sections"))
    if data is None:
        return None
    outline_id = r.file_id(data.get("id"), expected_id, N_("outline"))
    seen: dict = {}
    sections = tuple(s for p, v in r.items(data.get("sections"), ("sections",))
                     if (s := r.item(v, p, 0, seen)) is not None)
    appendix = r.appendix(data["appendix"], ("appendix",)) if data.get("appendix") is not None else None
    outline = Outline(
        id=outline_id or expected_id or "",
        title=r.text(data.get("title"), ("title",), required=True) or "",
        heading=r.text(data.get("heading"), ("heading",)) or "BÁO CÁO",
        subject=r.text(data.get("subject"), ("subject",)),
        sections=sections,
        appendix=appendix,
        basis=r.text(data.get("basis"), ("basis",)),
        signature=r.text(data.get("signature"), ("signature",)),
        recipients=r.texts(data.get("recipients"), ("recipients",)),
        notes=r.texts(data.get("notes"), ("notes",)),
        source=doc.name,
    )
    _check_indicator_refs(r, data, outline)
    return outline


def _check_indicator_refs(r: Reader, data: dict, outline: Outline) -> None:
    """Every indicator an item names must be a row of the appendix."""
    row_ids = {row.id for row in outline.appendix.all_rows()} if outline.appendix else set()

    def visit(value, path):
        for item_path, item in r.items(value, path):
            if not isinstance(item, dict):
                continue
            for ref_path, ref in r.items(item.get("indicators"), item_path + ("indicators",)):
                if isinstance(ref, str) and ref not in row_ids:
                    message = _("indicator row {row} is not in the appendix") \
                        if outline.appendix else \
                        _("indicator row {row} is not in the outline, which has no appendix")
                    r.error(ref_path, message.format(row=ref))
            visit(item.get("items"), item_path + ("items",))
    if isinstance(data.get("sections"), list):
        visit(data["sections"], ("sections",))
