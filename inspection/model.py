"""The nouns of an inspection campaign, defined once; only the loaders see raw YAML."""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from .values import field, value


def _index(obj, name: str, build):
    """An index of a frozen value, built on first use and kept on it (not a field: it takes no
    part in equality). Lookups by id are frequent and the trees are walked otherwise."""
    found = obj.__dict__.get(name)
    if found is None:
        found = build()
        object.__setattr__(obj, name, found)
    return found


# -- outlines ---------------------------------------------------------------


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
        for row in self.rows:
            yield from row.walk()

    def row(self, row_id: str) -> IndicatorRow | None:
        rows = _index(self, "_rows", lambda: {r.id: r for r in reversed(list(self.all_rows()))})
        return rows.get(row_id)

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
        for section in self.sections:
            yield from section.walk()

    def item(self, item_id: str) -> OutlineItem | None:
        items = _index(self, "_items", lambda: {i.id: i for i in reversed(list(self.walk()))})
        return items.get(item_id)

    def section_of(self, item_id: str) -> OutlineItem | None:
        """The top-level section holding `item_id`."""
        for section in self.sections:
            if any(i.id == item_id for i in section.walk()):
                return section
        return None


# -- checklists -------------------------------------------------------------

LEVELS = ("office", "field", "both")
LEVEL_LABELS = {"office": "Tại trụ sở đơn vị", "field": "Tại cơ sở (đi thực tế)",
                "both": "Tại trụ sở và tại cơ sở"}


@value
class RatingLevel:
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
    outline_item: str | None = None
    checks: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    level: str = "office"
    indicators: tuple[str, ...] = ()
    group: str | None = None  # a heading for items that stand alone (e.g. on-site survey)


@value
class Checklist:
    id: str
    title: str
    outline: str | None
    items: tuple[ChecklistItem, ...]
    scale: tuple[RatingLevel, ...] = DEFAULT_SCALE
    source: str = ""

    def item(self, item_id: str) -> ChecklistItem | None:
        items = _index(self, "_items", lambda: {i.id: i for i in reversed(self.items)})
        return items.get(item_id)

    def rating(self, rating_id: str) -> RatingLevel | None:
        return next((r for r in self.scale if r.id == rating_id), None)


# -- the campaign -----------------------------------------------------------

ROLES = {
    "lead": "Trưởng đoàn",
    "deputy": "Phó Trưởng đoàn",
    "member": "Thành viên",
    "secretary": "Thư ký",
}


@value
class Agency:
    """The issuing agency, and the one above it that the header names first."""

    name: str
    parent: str | None = None
    short_name: str | None = None


@value
class Signer:
    """Who signs: "KT. TỔNG GIÁM ĐỐC" / "PHÓ TỔNG GIÁM ĐỐC" / "Đào Việt Ánh"."""

    name: str
    title: str
    authority: str | None = None


@value
class Member:
    name: str
    role: str  # a key of ROLES
    title: str | None = None
    department: str | None = None

    @property
    def role_label(self) -> str:
        return ROLES[self.role]


@value
class Team:
    id: str
    members: tuple[Member, ...]
    name: str | None = None
    index: int = field(default=-1, compare=False, repr=False)  # place in the schedule file

    @property
    def lead(self) -> Member | None:
        return next((m for m in self.members if m.role == "lead"), None)

    @property
    def secretary(self) -> Member | None:
        return next((m for m in self.members if m.role == "secretary"), None)


@value
class Person:
    """A representative of the inspected unit."""

    name: str
    title: str | None = None


@value
class Site:
    """A field site visited during a visit, such as a district office."""

    id: str
    name: str
    place: str | None = None
    representatives: tuple[Person, ...] = ()


@value
class VisitDay:
    date: dt.date
    place: str | None = None
    sites: tuple[Site, ...] = ()
    note: str | None = None
    index: int = field(default=-1, compare=False, repr=False)  # place in the schedule file


@value
class Unit:
    """An inspected unit: a provincial office, a commune, a press agency…"""

    name: str
    slug: str
    short_name: str | None = None
    province: str | None = None


@value
class Visit:
    unit: Unit
    team: str
    days: tuple[VisitDay, ...]
    representatives: tuple[Person, ...] = ()
    numbers: dict = field(default_factory=dict)  # document kind -> number issued
    index: int = field(default=-1, compare=False, repr=False)  # place in the schedule file

    @property
    def sites(self) -> tuple[Site, ...]:
        return tuple(site for day in self.days for site in day.sites)

    @property
    def start(self) -> dt.date | None:
        return min((d.date for d in self.days), default=None)

    @property
    def end(self) -> dt.date | None:
        return max((d.date for d in self.days), default=None)

    def site(self, site_id: str) -> Site | None:
        return next((s for s in self.sites if s.id == site_id), None)


@value
class DateRange:
    start: dt.date | None
    end: dt.date | None  # None: "up to the day of the visit"
    label: str | None = None

    def __contains__(self, day: dt.date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


@value
class Responsibility:
    """Who does what (tổ chức thực hiện)."""

    who: str
    tasks: tuple[str, ...]


@value
class DocumentSettings:
    """How one kind of document is numbered, dated, signed and sent."""

    number_pattern: str
    number: int | None = None
    date: dt.date | None = None
    recipients: tuple[str, ...] = ()
    signer: Signer | None = None
    archive: str | None = None


DOCUMENT_KINDS = {"plan": "KH", "minutes": "BB", "conclusion": "TB", "report": "BC", "outline": "ĐC"}


@value
class Campaign:
    """An inspection campaign: who inspects whom, when, against which outline and checklist."""

    id: str
    title: str
    agency: Agency
    place: str
    number_pattern: str
    outline: str
    checklist: str
    signer: Signer
    period: DateRange
    window: DateRange
    teams: tuple[Team, ...]
    visits: tuple[Visit, ...]
    legal_bases: tuple[str, ...] = ()
    preamble: str | None = None
    purposes: tuple[str, ...] = ()
    requirements: tuple[str, ...] = ()
    team_composition: str | None = None
    content: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    responsibilities: tuple[Responsibility, ...] = ()
    closing: str | None = None
    recipients: tuple[str, ...] = ()
    archive: str = "VT"
    documents: dict = field(default_factory=dict)  # kind -> DocumentSettings
    source: str = ""

    def team(self, team_id: str) -> Team | None:
        return next((t for t in self.teams if t.id == team_id), None)

    def document(self, kind: str) -> DocumentSettings:
        """The settings of a document kind, falling back on the campaign's own."""
        settings = self.documents.get(kind)
        if settings is not None:
            return settings
        return DocumentSettings(number_pattern=document_pattern(self.number_pattern, kind))


def document_pattern(pattern: str, kind: str) -> str:
    """Adapt a number pattern to a document kind: "{number}/KH-BHXH" gives "{number}/TB-BHXH"."""
    code = DOCUMENT_KINDS[kind]
    if "{type}" in pattern:
        return pattern.replace("{type}", code)
    return re.sub(r"(?<=/)KH(?=\b|-)", code, pattern, count=1)
