"""The campaign: who inspects whom, when, and the documents it issues."""

from __future__ import annotations

import datetime as dt

from ..i18n import N_, _
from ..values import field, value

OFFICE = "office"  # the site of what is checked at the unit's own office
OFFICE_LABEL = N_("At the unit's office")  # as messages name the office: "Tại trụ sở đơn vị"
ROLES = {
    "lead": "Trưởng đoàn",
    "deputy": "Phó Trưởng đoàn",
    "member": "Thành viên",
    "secretary": "Thư ký",
}


@value
class Agency:
    """The issuing agency, and the one above it that the header names first."""

    name: str  # "Bảo hiểm xã hội Việt Nam"
    parent: str | None = None  # the agency above it, if any
    short_name: str | None = None  # "BHXH Việt Nam", for running text


@value
class Signer:
    """Who signs: "KT. TỔNG GIÁM ĐỐC" / "PHÓ TỔNG GIÁM ĐỐC" / "Đào Việt Ánh"."""

    name: str
    title: str  # the signer's own title: "PHÓ TỔNG GIÁM ĐỐC"
    authority: str | None = None  # signing on behalf of: "KT. TỔNG GIÁM ĐỐC" (KT., TM., TL.…)


@value
class Member:
    """A member of an inspection team."""

    name: str
    role: str  # a key of ROLES
    title: str | None = None
    department: str | None = None

    @property
    def role_label(self) -> str:
        return ROLES[self.role]


@value
class Team:
    """An inspection team (Đoàn kiểm tra) and its members."""

    id: str  # as visits name it: "doan-1"
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
    title: str | None = None  # "Giám đốc BHXH tỉnh Yên Bái"


@value
class Site:
    """A field site visited during a visit, such as a district office."""

    id: str  # as findings name it: "van-yen"
    name: str  # "BHXH huyện Văn Yên"
    place: str | None = None  # its address, when it differs from the name
    representatives: tuple[Person, ...] = ()


@value
class VisitDay:
    """One day of a visit: where the team works, which field sites it sees."""

    date: dt.date
    place: str | None = None
    sites: tuple[Site, ...] = ()
    note: str | None = None
    index: int = field(default=-1, compare=False, repr=False)  # place in the schedule file


@value
class Unit:
    """An inspected unit: a provincial office, a commune, a press agency…"""

    name: str  # "BHXH tỉnh Yên Bái"
    slug: str  # its ASCII file name: "bhxh-tinh-yen-bai"
    short_name: str | None = None  # "Yên Bái", for tables and running text
    province: str | None = None  # where the minutes are signed


@value
class Visit:
    """A team's visit to one inspected unit, day by day."""

    unit: Unit
    team: str
    days: tuple[VisitDay, ...]
    representatives: tuple[Person, ...] = ()
    numbers: dict = field(default_factory=dict)  # document kind -> number issued
    index: int = field(default=-1, compare=False, repr=False)  # place in the schedule file
    # the sites of days whose date could not be read (`check` reports the date): still the
    # visit's, so that nothing recorded for them is called wrong as well
    undated_sites: tuple[Site, ...] = field(default=(), compare=False, repr=False)

    @property
    def sites(self) -> tuple[Site, ...]:
        return tuple(site for day in self.days for site in day.sites) + self.undated_sites

    @property
    def start(self) -> dt.date | None:
        return min((d.date for d in self.days), default=None)

    @property
    def end(self) -> dt.date | None:
        return max((d.date for d in self.days), default=None)

    def site(self, site_id: str) -> Site | None:
        return next((s for s in self.sites if s.id == site_id), None)

    def sites_for(self, level: str) -> list[str]:
        """The sites where a checklist item of `level` (office, field, both) is checked."""
        if level == "office":
            return [OFFICE]
        sites = [s.id for s in self.sites]
        return sites if level == "field" else [OFFICE] + sites

    def site_label(self, site_id: str) -> str:
        """Where an answer was recorded, as the team says it: "Tại trụ sở đơn vị", "Tại BHXH
        huyện Văn Yên"."""
        if site_id == OFFICE:
            return _(OFFICE_LABEL)
        found = self.site(site_id)
        return _("At {site}").format(site=found.name) if found else site_id


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


ISSUED_TO_OTHERS = ("plan", "conclusion", "report")  # what a campaign recipient receives by default


@value
class Recipient:
    """A line of Nơi nhận and the documents it is meant for (by default: the plan, the
    conclusions and the report)."""

    text: str
    kinds: tuple[str, ...] = ISSUED_TO_OTHERS


@value
class DocumentSettings:
    """How one kind of document is numbered, dated, signed and sent."""

    number_pattern: str
    number: int | None = None
    date: dt.date | None = None
    recipients: tuple[str, ...] = ()
    signer: Signer | None = None
    archive: str | None = None
    agency: Agency | None = None  # who issues it, when not the campaign's agency (a report
    # the department that led the inspection sends to the agency's leadership)
    report_by: dt.date | None = None  # the day to report back by (a reminder: its new one)


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
    recipients: tuple[Recipient, ...] = ()
    archive: str = "VT"
    documents: dict = field(default_factory=dict)  # every document kind -> DocumentSettings
    source: str = ""

    def recipients_of(self, kind: str) -> tuple[str, ...]:
        """The campaign's recipients meant for documents of `kind`, in the schedule's order."""
        return tuple(r.text for r in self.recipients if kind in r.kinds)

    def team(self, team_id: str) -> Team | None:
        return next((t for t in self.teams if t.id == team_id), None)

    def team_name(self, team_id: str) -> str:
        """The team as documents name it: its name, else "Đoàn kiểm tra" (the only team), else
        "Đoàn kiểm tra số 2" by its place in the schedule; never its id ("doan-2")."""
        number = next((i for i, t in enumerate(self.teams, 1) if t.id == team_id), 0)
        team = self.teams[number - 1] if number else None
        if team is not None and team.name and team.name.strip():
            return " ".join(team.name.split())
        return "Đoàn kiểm tra" if len(self.teams) <= 1 or not number else \
            f"Đoàn kiểm tra số {number}"

    def document(self, kind: str) -> DocumentSettings:
        """How documents of `kind` (plan, minutes… see documents.kinds) are numbered and signed."""
        return self.documents[kind]
