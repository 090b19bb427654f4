"""The outline (Đề cương) a unit reports against, and its indicator table (Phụ lục)."""

from __future__ import annotations

from typing import Iterator

from ..values import memo_index, value


def _walk(tops) -> Iterator:
    """Every node of the trees `tops`, each before the nodes below it."""
    for top in tops:
        yield from top.walk()


@value
class Bullet:
    """A point of what the unit must describe or assess, with optional sub-points."""

    text: str
    detail: str | None = None  # a paragraph printed after the point, before its sub-points
    bullets: tuple[Bullet, ...] = ()


@value
class OutlineItem:
    """A section ("I"), item ("I.1") or sub-item ("I.2.1") of an outline."""

    id: str
    title: str
    number: str  # as printed: "I", "1", "2.1"
    intro: str | None = None
    bullets: tuple[Bullet, ...] = ()
    note: str | None = None
    indicators: tuple[str, ...] = ()
    children: tuple[OutlineItem, ...] = ()

    def walk(self) -> Iterator[OutlineItem]:
        """This item and every item below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


INDICATOR_KINDS = ("count", "percentage", "amount", "text")


@value
class IndicatorRow:
    """A row of the indicator table (Phụ lục); a row with children is a group."""

    id: str
    label: str | None
    kind: str | None = None  # for leaves: count, percentage, amount or text
    unit: str | None = None
    children: tuple[IndicatorRow, ...] = ()

    @property
    def is_group(self) -> bool:
        return bool(self.children)

    def walk(self) -> Iterator[IndicatorRow]:
        yield self
        for child in self.children:
            yield from child.walk()


@value
class Period:
    """A column of the indicator table: "Năm 2021", "Những tháng đầu năm 2022"."""

    id: str
    label: str


@value
class IndicatorTable:
    """The appendix (Phụ lục) of an outline: nested rows, periods as columns, a notes column."""

    title: str
    subtitle: str | None
    periods: tuple[Period, ...]
    notes_label: str
    rows: tuple[IndicatorRow, ...]

    def leaves(self) -> Iterator[tuple[IndicatorRow, tuple[IndicatorRow, ...]]]:
        """Every row that takes values, with its ancestors (outermost first)."""
        def visit(row: IndicatorRow, parents: tuple[IndicatorRow, ...]):
            if row.children:
                for child in row.children:
                    yield from visit(child, parents + (row,))
            else:
                yield row, parents
        for row in self.rows:
            yield from visit(row, ())

    def all_rows(self) -> Iterator[IndicatorRow]:
        """Every row, the groups included, in the order of the table."""
        return _walk(self.rows)

    def row(self, row_id: str) -> IndicatorRow | None:
        """The row (leaf or group) with the id `row_id`."""
        return memo_index(self, "_rows", self.all_rows).get(row_id)

    def period(self, period_id: str) -> Period | None:
        return next((p for p in self.periods if p.id == period_id), None)


@value
class Outline:
    """An outline (Đề cương): the structure of the report a unit prepares, and its appendix."""

    id: str
    title: str
    heading: str  # the report's document type, e.g. "BÁO CÁO"
    subject: str | None
    sections: tuple[OutlineItem, ...]
    appendix: IndicatorTable | None = None
    basis: str | None = None
    signature: str | None = None
    recipients: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    source: str = ""

    def walk(self) -> Iterator[OutlineItem]:
        """Every section and item, in the order of the document."""
        return _walk(self.sections)

    def item(self, item_id: str) -> OutlineItem | None:
        """The section or item with the id `item_id`."""
        return memo_index(self, "_items", self.walk).get(item_id)

    def section_of(self, item_id: str) -> OutlineItem | None:
        """The top-level section holding `item_id`."""
        for section in self.sections:
            if any(i.id == item_id for i in section.walk()):
                return section
        return None


