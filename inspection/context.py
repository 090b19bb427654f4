"""What each document template receives: the campaign, the outline and the findings, shaped for
printing and built once per batch.

Every text is cleaned on the way in (NFC; Word's vertical tab, CR and U+2028 become line
breaks; control characters, which XML cannot hold, are dropped), so a template never sees a
character that could break the document. The names and fields here are the templates'
vocabulary, documented in docs/templates.md.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

from . import doctables
from . import vnformat as vn
from .findings import OFFICE, Answer, Recommendation, UnitRecord
from .model import (DOCUMENT_KINDS, Bullet, Campaign, ChecklistItem, IndicatorRow, Member, Outline,
                    OutlineItem, Person, Team, Visit)
from .text import ascii_fold, clean_text, fold
from .wordxml import Tables
from .workdays import WEEKDAYS
from .workspace import Loaded

DOC_TYPES = {"plan": "KẾ HOẠCH", "outline": "ĐỀ CƯƠNG", "minutes": "BIÊN BẢN",
             "conclusion": "THÔNG BÁO", "report": "BÁO CÁO"}
NOT_CHECKED = "Chưa kiểm tra"
REPORT_BACK_DAYS = 30
NAMES_LISTED = 10  # units named in the report's lists; beyond, they are counted


def _t(text: str | None) -> str:
    """A text made safe for a document (see the module's docstring); None becomes ""."""
    return clean_text(text) if text else ""


def _ts(texts: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(t for t in (_t(x) for x in texts) if t)


def join_vn(parts: Iterable[str]) -> str:
    """ "A, B và C"."""
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " và " + parts[-1]


def _key(text: str) -> str:
    """What makes two recorded texts the same point: case and spacing do not count."""
    return " ".join(text.casefold().split())


def _unique(items: Iterable[str]) -> list[str]:
    """Each text once, in order (the NFC texts of the findings; case and spaces aside)."""
    seen, out = set(), []
    for item in items:
        key = _key(item) if item else ""
        if key and key not in seen:
            seen.add(key)
            out.append(item)
    return out


# -- the campaign -------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyView:
    name: str  # "Bảo hiểm xã hội Việt Nam"
    parent: str  # the agency above ("" when none)
    short_name: str  # "BHXH Việt Nam" ("" when none)
    display: str  # the short name if any, else the name: for running text


@dataclass(frozen=True)
class SignerView:
    authority: str  # "KT. TỔNG GIÁM ĐỐC" ("" when the signer signs in their own name)
    title: str  # "PHÓ TỔNG GIÁM ĐỐC"
    name: str  # "Đào Việt Ánh"


@dataclass(frozen=True)
class PersonView:
    name: str
    title: str  # position, e.g. "Giám đốc BHXH tỉnh Yên Bái" ("" when unknown)
    role: str  # in the team: "Trưởng đoàn", "Thành viên", "Thư ký" ("" for the unit's people)
    department: str
    line: str  # "Nguyễn Minh Quân, Phó Giám đốc Trung tâm Truyền thông - Trưởng đoàn"


@dataclass(frozen=True)
class TeamView:
    id: str
    name: str  # "Đoàn kiểm tra số 1", or "Đoàn kiểm tra"
    lead: PersonView | None
    secretary: PersonView | None
    members: tuple[PersonView, ...]
    size: int
    size_text: str  # "05"


@dataclass(frozen=True)
class UnitView:
    name: str  # "BHXH tỉnh Yên Bái"
    short_name: str  # "Yên Bái" ("" when none)
    display: str  # short name if any, else the name: for table headings
    slug: str  # "bhxh-tinh-yen-bai"
    province: str  # "" when none


@dataclass(frozen=True)
class DayView:
    date: dt.date
    date_text: str  # "12/07/2022"
    weekday: str  # "Thứ Ba"
    place: str  # where the team works that day ("" when not given)
    sites: tuple[str, ...]  # names of the field sites visited that day
    note: str
    line: str  # "Thứ Ba, 12/07/2022: Trụ sở BHXH tỉnh Yên Bái"


@dataclass(frozen=True)
class SiteView:
    id: str
    name: str
    representatives: tuple[PersonView, ...]


@dataclass(frozen=True)
class VisitView:
    number: int  # its place in the schedule, from 1
    unit: UnitView
    team: TeamView
    days: tuple[DayView, ...]
    start: dt.date | None
    end: dt.date | None
    dates_text: str  # "từ ngày 12/07/2022 đến ngày 13/07/2022" or "ngày 12/07/2022"
    days_count: int
    places: tuple[str, ...]  # the places and field sites, in order
    places_text: str  # "Trụ sở BHXH tỉnh Yên Bái, BHXH huyện Văn Yên và BHXH huyện Trấn Yên"
    schedule_text: str  # the days' lines, one per line
    sites: tuple[SiteView, ...]
    representatives: tuple[PersonView, ...]
    representative: PersonView | None  # the first of them: who signs the minutes


@dataclass(frozen=True)
class ResponsibilityView:
    who: str
    tasks: tuple[str, ...]


@dataclass(frozen=True)
class CampaignView:
    id: str
    title: str  # "Kiểm tra, hướng dẫn nghiệp vụ công tác thông tin, truyền thông năm 2022"
    action: str  # the title inside a sentence, always saying "kiểm tra": "kiểm tra, hướng dẫn …"
    place: str  # place of issue: "Hà Nội"
    window: str  # when the visits happen: "Quý III/2022"
    window_start: dt.date | None
    window_end: dt.date | None
    period_start: dt.date | None
    period_end: dt.date | None  # None: up to the day of the visit
    period_text: str  # "từ ngày 01/01/2021 đến thời điểm kiểm tra"
    legal_bases: tuple[str, ...]  # each ending ";", the last "."
    preamble: str
    purposes: tuple[str, ...]
    requirements: tuple[str, ...]
    team_composition: str
    content: tuple[str, ...]
    methods: tuple[str, ...]
    responsibilities: tuple[ResponsibilityView, ...]
    closing: str
    teams: tuple[TeamView, ...]
    visits: tuple[VisitView, ...]
    units_count: int
    units_count_text: str  # "08"
    units_text: str  # "BHXH tỉnh Yên Bái, BHXH tỉnh Lào Cai, … và BHXH tỉnh Quảng Bình"
    days_per_visit: str  # "02 ngày" when every visit lasts as long, else ""
    dates_text: str  # from the first day of a visit to the last: "từ ngày … đến ngày …"
    year: int  # the campaign's year (of its window, else of its first visit)


@dataclass(frozen=True)
class DocInfo:
    kind: str  # plan, outline, minutes, conclusion, report
    type: str  # "KẾ HOẠCH", "BIÊN BẢN", "THÔNG BÁO", "BÁO CÁO", "ĐỀ CƯƠNG"
    code: str  # "KH", "BB", "TB", "BC", "ĐC"
    number: int | None
    number_text: str  # "05/KH-BHXH", or "     /KH-BHXH" while no number is assigned
    number_line: str  # "Số: 05/KH-BHXH"
    date: dt.date | None
    date_text: str  # "ngày 05 tháng 8 năm 2022", or the blanks of a draft
    place: str
    place_date: str  # "Hà Nội, ngày 05 tháng 8 năm 2022"
    year: int
    recipients: tuple[str, ...]  # "- Tổng Giám đốc (để b/c);" …
    archive: str  # "- Lưu: VT, TT."
    signer: SignerView
    file_name: str  # the name of the file written


@dataclass(frozen=True)
class Reference:
    """Another document referred to: "Kế hoạch số 05/KH-BHXH ngày 20/06/2022 của BHXH Việt Nam"."""

    number_text: str
    date: dt.date | None
    date_text: str  # "20/06/2022", or blanks
    text: str


# -- the outline ---------------------------------------------------------------------


@dataclass(frozen=True)
class BulletView:
    text: str
    level: int  # 0 for a point ("- "), 1 for a sub-point ("+ ")
    mark: str  # "-" or "+"
    detail: str


@dataclass(frozen=True)
class OutlineEntry:
    id: str
    level: int  # 0 for a section (I, II…), 1 for an item (1, 2…), 2 and more for sub-items
    number: str  # as printed, without the dot: "I", "1", "2.1"
    title: str
    intro: str
    bullets: tuple[BulletView, ...]
    note: str


@dataclass(frozen=True)
class AppendixView:
    title: str
    subtitle: str
    periods: tuple[str, ...]
    notes_label: str
    table: object  # the indicator table as a Word table: {{p outline.appendix.table }}


@dataclass(frozen=True)
class OutlineView:
    id: str
    title: str
    title_line: str  # the title under "ĐỀ CƯƠNG", without a leading "Đề cương"
    heading: str  # the unit report's type: "BÁO CÁO"
    subject: str
    basis: str  # "(Kèm theo Kế hoạch số … của …)"
    signature: str  # who signs the unit's report: "THỦ TRƯỞNG ĐƠN VỊ"
    recipients: tuple[str, ...]  # "- Trung tâm Truyền thông (BHXH VN);" …
    archive: str  # "- Lưu: VT."
    notes: tuple[str, ...]
    entries: tuple[OutlineEntry, ...]  # every section and item in order, flattened
    appendix: AppendixView | None


# -- findings -------------------------------------------------------------------------


@dataclass(frozen=True)
class RecommendationView:
    number: int  # 1, 2, 3 … within the document
    text: str
    owner: str  # who acts (the unit when not given)
    due: dt.date | None
    due_text: str  # "30/09/2022" ("" when no deadline)
    item: str  # the checklist item's id
    item_title: str
    site: str  # "" at the unit itself, else the field site's name
    line: str  # "Text. Đơn vị thực hiện: …; thời hạn: trước ngày 30/09/2022."


@dataclass(frozen=True)
class SiteResult:
    site: str  # "office" or the field site's id
    place: str  # the unit's name at its office, else the field site's name
    label: str  # "Tại BHXH tỉnh Yên Bái", "Tại BHXH huyện Văn Yên"
    checked: bool  # False: nothing recorded ("Chưa kiểm tra")
    rating: str  # the rating's label: "Tốt" ("" when not rated)
    rating_id: str
    observations: tuple[str, ...]
    strengths: tuple[str, ...]
    shortcomings: tuple[str, ...]
    causes: tuple[str, ...]
    explanations: tuple[str, ...]
    recommendations: tuple[RecommendationView, ...]
    evidence: tuple[str, ...]  # names of the documents looked at
    recorded_by: str


@dataclass(frozen=True)
class FigureValue:
    period: str  # its id
    period_label: str  # "Năm 2021"
    reported: str  # as the unit reported it, formatted: "1.234", "85,5%" ("" when none)
    verified: str  # as the team verified it ("" when none)
    differs: bool  # both given and different


@dataclass(frozen=True)
class Figure:
    id: str
    label: str  # the row's own label
    path: str  # its label with the groups above it: "Lễ ra quân - Số buổi Lễ ra quân"
    kind: str  # count, percentage, amount, text
    unit: str  # "văn bản" ("" when none)
    values: tuple[FigureValue, ...]  # one per period of the table
    note: str  # the unit's note (Ghi chú) for the row


@dataclass(frozen=True)
class ItemResult:
    id: str
    number: str  # within the document: "1.2"
    title: str
    checked: bool  # something was recorded at one of its sites at least
    rating: str  # "Tốt", or per site: "Tại …: Tốt; Tại …: Khá"; "Chưa kiểm tra" when nothing
    sites: tuple[SiteResult, ...]
    multi_site: bool  # checked at more than one place: print the sites' labels
    figures: tuple[Figure, ...]  # the indicator figures the item verifies
    show_figures: bool  # figures to print: the item was checked, or figures were recorded


@dataclass(frozen=True)
class SectionResult:
    id: str
    number: str  # within the document: "1", "2"
    roman: str  # "I", "II"
    title: str
    items: tuple[ItemResult, ...]


@dataclass(frozen=True)
class Explanation:
    item: str
    item_number: str
    item_title: str
    site: str  # "" at the unit itself, else "Tại <the field site>"
    text: str


@dataclass(frozen=True)
class ReportBack:
    deadline: dt.date | None  # the latest deadline of the recommendations
    deadline_text: str  # "trước ngày 30/09/2022" or "trong thời hạn 30 ngày …"
    to: str  # the agency reported to
    via: str  # its department that follows up ("" when not known)
    text: str  # the whole sentence


@dataclass(frozen=True)
class Tally:
    label: str  # a rating's label, or "Chưa kiểm tra"
    count: int
    percent: str  # "38,5%" of all items


@dataclass(frozen=True)
class UnitSummary:
    unit: UnitView
    visit: VisitView
    total: int  # items to check (item × site)
    checked: int
    tallies: tuple[Tally, ...]
    recommendations: tuple[RecommendationView, ...]
    recommendations_count: int
    deadlines_text: str  # "30/09/2022 - 31/12/2022", the earliest and latest deadline
    strengths: tuple[str, ...]
    shortcomings: tuple[str, ...]
    causes: tuple[str, ...]


@dataclass(frozen=True)
class CommonPoint:
    item: str
    item_title: str
    units_count: int
    units_text: str  # "03/08 đơn vị: Yên Bái, Lào Cai và Phú Thọ"
    points: tuple[str, ...]  # each text once, with its units: "… (Yên Bái, Lào Cai)."


# -- building ------------------------------------------------------------------------


def _signer(signer) -> SignerView:
    return SignerView(_t(signer.authority), _t(signer.title), _t(signer.name))


def _person(person: Person | Member, role: str = "") -> PersonView:
    name, title = _t(person.name), _t(person.title)
    department = _t(getattr(person, "department", None))
    line = ", ".join(p for p in (name, title) if p) + (f" - {role}" if role else "")
    return PersonView(name, title, role, department, line)


def _bullets(bullets: tuple[Bullet, ...], level: int = 0) -> list[BulletView]:
    out = []
    for bullet in bullets:
        out.append(BulletView(_t(bullet.text), level, "-" if level == 0 else "+",
                              _t(bullet.detail)))
        out += _bullets(bullet.bullets, level + 1)
    return out


class DocumentData:
    """The campaign, its outline and checklist and the recorded findings, ready for templates.

    Build it once for a batch; each method returns the context of one document.
    """

    def __init__(self, loaded: Loaded, records: dict[str, UnitRecord] | None = None,
                 store=None):
        """`records` gives the findings by unit slug; else `store` (a FindingsStore) reads
        them when first needed; else there are none."""
        self.loaded = loaded
        self.campaign: Campaign = loaded.campaign
        self.records = dict(records or {})
        self.store = store
        self._scale = {r.id: _t(r.label) for r in loaded.checklist.scale}
        self._units: dict[tuple[str, bool], tuple] = {}
        self._common = self._build_common()

    # -- shared parts ------------------------------------------------------------
    def _team(self, team: Team | None, team_id: str) -> TeamView:
        if team is None:
            return TeamView(team_id, "Đoàn kiểm tra", None, None, (), 0, "00")
        members = tuple(_person(m, m.role_label) for m in team.members)
        lead = next((p for p, m in zip(members, team.members) if m.role == "lead"), None)
        secretary = next((p for p, m in zip(members, team.members) if m.role == "secretary"), None)
        teams = self.campaign.teams
        number = next((i for i, t in enumerate(teams, 1) if t.id == team.id), 0)
        name = _t(team.name) or ("Đoàn kiểm tra" if len(teams) == 1
                                 else f"Đoàn kiểm tra số {number}")
        return TeamView(team.id, name, lead, secretary, members, len(members),
                        vn.two_digits(len(members)))

    def _visit(self, number: int, visit: Visit, teams: dict[str, TeamView]) -> VisitView:
        unit = visit.unit
        unit_view = UnitView(_t(unit.name), _t(unit.short_name), _t(unit.short_name or unit.name),
                             unit.slug, _t(unit.province))
        days = []
        for day in visit.days:
            sites = tuple(_t(s.name) for s in day.sites)
            where = _t(day.place) or "; ".join(sites)
            text = f"{WEEKDAYS[day.date.weekday()]}, {vn.short_date(day.date)}"
            days.append(DayView(day.date, vn.short_date(day.date), WEEKDAYS[day.date.weekday()],
                                _t(day.place), sites, _t(day.note),
                                f"{text}: {where}" if where else text))
        places = _unique([d.place for d in days] + [s for d in days for s in d.sites])
        if not places:
            places = [_t(unit.name)]
        sites = tuple(SiteView(s.id, _t(s.name), tuple(_person(p) for p in s.representatives))
                      for s in visit.sites)
        reps = tuple(_person(p) for p in visit.representatives)
        return VisitView(number, unit_view, teams.get(visit.team) or self._team(None, visit.team),
                         tuple(days), visit.start, visit.end, vn.date_span(visit.start, visit.end),
                         len(days), tuple(places), join_vn(places),
                         "\n".join(d.line for d in days), sites, reps,
                         reps[0] if reps else None)

    def _build_common(self) -> dict:
        c = self.campaign
        teams = {t.id: self._team(t, t.id) for t in c.teams}
        visits = tuple(self._visit(i, v, teams) for i, v in enumerate(c.visits, 1))
        self.visit_views = {v.unit.slug: view for v, view in zip(c.visits, visits)}
        lengths = {len(v.days) for v in c.visits}
        first = min((v.start for v in c.visits if v.start), default=None)
        year = (c.window.start or first or c.period.start or dt.date.today()).year
        if c.period.start:
            until = (f"đến ngày {vn.short_date(c.period.end)}" if c.period.end
                     else "đến thời điểm kiểm tra")
            period_text = f"từ ngày {vn.short_date(c.period.start)} {until}"
        else:
            period_text = ""
        self.campaign_view = CampaignView(
            id=c.id, title=_t(c.title), action=_action(_t(c.title)), place=_t(c.place),
            window=_t(c.window.label) or
            (vn.date_span(c.window.start, c.window.end) if c.window.start else ""),
            window_start=c.window.start, window_end=c.window.end,
            period_start=c.period.start, period_end=c.period.end, period_text=period_text,
            legal_bases=tuple(vn.list_items(_ts(c.legal_bases))),
            preamble=_t(c.preamble), purposes=_ts(c.purposes), requirements=_ts(c.requirements),
            team_composition=_t(c.team_composition), content=_ts(c.content),
            methods=_ts(c.methods),
            responsibilities=tuple(ResponsibilityView(_t(r.who), _ts(r.tasks))
                                   for r in c.responsibilities),
            closing=_t(c.closing), teams=tuple(teams.values()), visits=visits,
            units_count=len(visits), units_count_text=vn.two_digits(len(visits)),
            units_text=join_vn([v.unit.name for v in visits]),
            days_per_visit=f"{vn.two_digits(lengths.pop())} ngày" if len(lengths) == 1 else "",
            dates_text=vn.date_span(first, max((v.end for v in c.visits if v.end), default=None)),
            year=year)
        agency = c.agency
        self.agency_view = AgencyView(_t(agency.name), _t(agency.parent), _t(agency.short_name),
                                      _t(agency.short_name or agency.name))
        plan = c.document("plan")
        plan_number = vn.doc_number(plan.number_pattern, plan.number, DOCUMENT_KINDS["plan"])
        date_text = vn.short_date(plan.date) if plan.date else f"     /     /{year}"
        self.plan_ref = Reference(
            plan_number, plan.date, date_text,
            f"Kế hoạch số {plan_number} ngày {date_text} của {self.agency_view.display}")
        return {"agency": self.agency_view, "campaign": self.campaign_view, "plan": self.plan_ref,
                "outline": self._outline_view(), "scale": tuple(self._scale.values())}

    def _outline_view(self) -> OutlineView:
        outline: Outline = self.loaded.outline
        entries = []

        def visit(item: OutlineItem, level: int) -> None:
            entries.append(OutlineEntry(item.id, level, _t(item.number), _t(item.title),
                                        _t(item.intro), tuple(_bullets(item.bullets)),
                                        _t(item.note)))
            for child in item.children:
                visit(child, level + 1)
        for section in outline.sections:
            visit(section, 0)
        appendix = None
        if outline.appendix is not None:
            a = outline.appendix
            appendix = AppendixView(_t(a.title), _t(a.subtitle),
                                    tuple(_t(p.label) for p in a.periods), _t(a.notes_label),
                                    doctables.appendix_form(a))
        basis = _t(outline.basis)
        plan = self.campaign.document("plan")
        if not basis or (re.search(r"số\s*/", basis) and (plan.number or plan.date)):
            # An outline's line such as "(Theo Kế hoạch số/KH-BHXH ngày / /2022 …)" leaves the
            # plan's number and date blank: once the schedule gives them, print them.
            basis = f"(Kèm theo {self.plan_ref.text})"
        title = _t(outline.title)
        title_line = vn.ucfirst(re.sub(r"^đề cương\s*", "", title, flags=re.IGNORECASE)) or title
        return OutlineView(outline.id, title, title_line, _t(outline.heading), _t(outline.subject),
                           basis, _t(outline.signature) or "THỦ TRƯỞNG ĐƠN VỊ",
                           self._recipients(outline.recipients), "- Lưu: VT.",
                           _ts(outline.notes), tuple(entries), appendix)

    def _recipients(self, recipients: Iterable[str], unit: str = "") -> tuple[str, ...]:
        lines = [_t(r).replace("{unit}", unit) for r in recipients]
        return tuple("- " + vn.end_with(line.lstrip("-+• ").strip(), ";") for line in lines if line)

    def _doc(self, kind: str, number: int | None = None, date: dt.date | None = None,
             unit: str = "", file_name: str = "", place: str | None = None) -> DocInfo:
        c = self.campaign
        settings = c.document(kind)
        plan = c.document("plan")
        number = number if number is not None else settings.number
        date = date if date is not None else settings.date
        year = date.year if date else self.campaign_view.year
        code = DOCUMENT_KINDS[kind]
        recipients = settings.recipients
        if not recipients:
            recipients = self._default_recipients(kind)
        signer = settings.signer or (plan.signer if kind == "conclusion" else None) or c.signer
        archive = settings.archive or c.archive
        place = _t(c.place) if place is None else place
        return DocInfo(
            kind=kind, type=DOC_TYPES[kind], code=code, number=number,
            number_text=vn.doc_number(settings.number_pattern, number, code),
            number_line=vn.number_line(settings.number_pattern, number, code),
            date=date, date_text=vn.vn_date(date, year), place=place,
            place_date=vn.place_date(place, date, year), year=year,
            recipients=self._recipients(recipients, unit),
            archive=f"- Lưu: {vn.end_with(_t(archive), '.')}", signer=_signer(signer),
            file_name=file_name)

    def _default_recipients(self, kind: str) -> tuple[str, ...]:
        c = self.campaign
        if kind == "plan":
            return c.recipients
        if kind == "conclusion":
            return ("{unit} (để thực hiện);",) + tuple(r for r in c.recipients if "b/c" in r)
        if kind == "report":
            return tuple(r for r in c.recipients if "b/c" in r)
        return ()

    # -- findings of one unit ---------------------------------------------------------
    def read(self, visits: Iterable[Visit]) -> None:
        """Read the findings of `visits` now (so that a bad file stops a batch before it starts)."""
        for visit in visits:
            self.record(visit)

    def record(self, visit: Visit) -> UnitRecord:
        """The unit's findings (read once)."""
        record = self.records.get(visit.unit.slug)
        if record is None:
            record = self.store.read(visit) if self.store is not None else \
                UnitRecord(visit.unit.slug, visit.unit.name)
            self.records[visit.unit.slug] = record
        return record

    def _site_label(self, visit: Visit, site: str) -> str:
        if site == OFFICE:
            return f"Tại {_t(visit.unit.name)}"
        found = visit.site(site)
        return f"Tại {_t(found.name) if found else site}"

    def _sections_of(self, item: ChecklistItem) -> tuple[tuple, str]:
        outline = self.loaded.outline
        if item.outline_item:
            section = outline.section_of(item.outline_item)
            if section is not None:
                return ("outline", outline.sections.index(section)), _t(section.title)
        if item.group:
            return ("group", fold(item.group)), _t(item.group)
        return ("other", ""), "Nội dung khác"

    def _figures(self, item: ChecklistItem, record: UnitRecord) -> tuple[Figure, ...]:
        table = self.loaded.outline.appendix
        if table is None:
            return ()
        refs = item.indicators
        if not refs and item.outline_item:
            outline_item = self.loaded.outline.item(item.outline_item)
            refs = outline_item.indicators if outline_item else ()
        figures, seen = [], set()
        for ref in refs:
            top = table.row(ref)
            if top is None:
                continue
            for leaf, path in _leaves_under(top):
                if leaf.id in seen:
                    continue
                seen.add(leaf.id)
                values = []
                for period in table.periods:
                    entry = record.indicators.get((leaf.id, period.id))
                    reported = entry.value.reported if entry else None
                    verified = entry.value.verified if entry else None
                    values.append(FigureValue(
                        period.id, _t(period.label), doctables.figure_text(reported, leaf.kind),
                        doctables.figure_text(verified, leaf.kind),
                        _differs(reported, verified, leaf.kind)))
                figures.append(Figure(leaf.id, _t(leaf.label),
                                      " - ".join(_t(n.label) for n in path if n.label),
                                      leaf.kind or "count", _t(leaf.unit), tuple(values),
                                      _t(record.notes.get(leaf.id))))
        return tuple(figures)

    def unit_results(self, visit: Visit, figures: bool = True
                     ) -> tuple[tuple[SectionResult, ...], list]:
        """The sections of a unit's results, and its recommendations in order; without
        `figures`, the items' figures are left out (the summary report does not print them)."""
        key = (visit.unit.slug, figures)
        if key in self._units:
            return self._units[key]
        if not figures and (visit.unit.slug, True) in self._units:
            return self._units[(visit.unit.slug, True)]
        from .store import walk  # light module, imported here to keep this one's imports few

        record = self.record(visit)
        checklist = self.loaded.checklist
        pairs: dict[str, list[str]] = {}
        for item_id, site in walk(self.loaded, visit):
            pairs.setdefault(item_id, []).append(site)
        for (item_id, site) in record.findings:  # recorded at a place the schedule lost: keep it
            if site not in pairs.setdefault(item_id, []):
                pairs[item_id].append(site)
        groups: dict[tuple, tuple[str, list]] = {}
        for item_id in pairs:
            item = checklist.item(item_id) or ChecklistItem(item_id, item_id)
            group_key, title = self._sections_of(item)
            groups.setdefault(group_key, (title, []))[1].append(item)
        order = sorted((k for k in groups if k[0] == "outline"), key=lambda k: k[1]) + \
            [k for k in groups if k[0] == "group"] + [k for k in groups if k[0] == "other"]
        evidence_names = {e.id: _t(e.original_name) for e in record.evidence}
        recommendations: list[RecommendationView] = []
        sections = []
        for s_index, group_key in enumerate(order, 1):
            title, items = groups[group_key]
            results = []
            for i_index, item in enumerate(items, 1):
                number = f"{s_index}.{i_index}"
                sites = []
                for site in pairs[item.id]:
                    finding = record.finding(item.id, site)
                    answer = finding.answer if finding else Answer()
                    sites.append(self._site_result(visit, item, number, site, answer,
                                                   evidence_names, recommendations))
                checked = any(s.checked for s in sites)
                if len(sites) == 1:
                    rating = sites[0].rating if sites[0].checked else NOT_CHECKED
                else:
                    rating = "; ".join(
                        f"{s.label}: "
                        f"{s.rating or ('chưa đánh giá' if s.checked else NOT_CHECKED.lower())}"
                        for s in sites)
                shown = self._figures(item, record) if figures else ()
                results.append(ItemResult(item.id, number, _t(item.title), checked,
                                          rating, tuple(sites),
                                          len(sites) > 1 or
                                          (bool(sites) and sites[0].site != OFFICE),
                                          shown, bool(shown) and (checked or any(
                                              v.reported or v.verified
                                              for f in shown for v in f.values))))
            section_id = (self.loaded.outline.sections[group_key[1]].id
                          if group_key[0] == "outline" else title)
            sections.append(SectionResult(section_id, str(s_index), vn.roman(s_index), title,
                                          tuple(results)))
        self._units[key] = (tuple(sections), recommendations)
        return self._units[key]

    def _site_result(self, visit: Visit, item: ChecklistItem, number: str, site: str,
                     answer: Answer, evidence_names: dict, recommendations: list) -> SiteResult:
        found = visit.site(site)
        site_name = "" if site == OFFICE else (_t(found.name) if found else site)
        recs = []
        for rec in answer.recommendations:
            recs.append(self._recommendation(len(recommendations) + 1, rec, visit, item, site_name))
            recommendations.append(recs[-1])
        rating = self._scale.get(answer.rating, _t(answer.rating)) if answer.rating else ""
        label = self._site_label(visit, site)
        return SiteResult(site, label.removeprefix("Tại "), label, not answer.is_empty, rating,
                          answer.rating or "", _ts(answer.observations), _ts(answer.strengths),
                          _ts(answer.shortcomings), _ts(answer.causes), _ts(answer.explanations),
                          tuple(recs), tuple(evidence_names.get(e, _t(e)) for e in answer.evidence),
                          _t(answer.recorded_by))

    def _recommendation(self, number: int, rec: Recommendation, visit: Visit,
                        item: ChecklistItem, site_name: str) -> RecommendationView:
        owner = _t(rec.owner) or site_name or _t(visit.unit.name)
        text = _t(rec.text)
        due_text = vn.short_date(rec.due)
        line = vn.end_with(text, ".") + f" Đơn vị thực hiện: {owner}"
        line += f"; thời hạn: trước ngày {due_text}." if due_text else "."
        return RecommendationView(number, text, owner, rec.due, due_text, item.id, _t(item.title),
                                  site_name, line)

    def _points(self, sections, field: str) -> tuple[str, ...]:
        """Every strength (shortcoming, cause…) of a unit once. One found only at field sites
        says where: "Tại BHXH huyện A và BHXH huyện B: …"."""
        found: dict[str, tuple[str, list[str]]] = {}
        for section in sections:
            for item in section.items:
                for site in item.sites:
                    for text in getattr(site, field):
                        places = found.setdefault(_key(text), (text, []))[1]
                        place = "" if site.site == OFFICE else site.place
                        if place not in places:
                            places.append(place)
        return tuple(text if "" in places else f"Tại {join_vn(places)}: {vn.lcfirst(text)}"
                     for text, places in found.values())

    # -- the documents ------------------------------------------------------------------
    def context(self, kind: str, visit: Visit | None = None, file_name: str = "") -> dict:
        """The context of one document: `visit` for minutes and conclusions."""
        if kind in ("minutes", "conclusion"):
            if visit is None:
                raise ValueError(f"a {kind} document is made for one unit")
            return getattr(self, kind)(visit, file_name)
        return getattr(self, kind)(file_name)

    def common(self) -> dict:
        """What every template receives (agency, campaign, plan, outline, scale)."""
        return dict(self._common)

    def plan(self, file_name: str = "") -> dict:
        return self.common() | {"doc": self._doc("plan", file_name=file_name)}

    def outline(self, file_name: str = "") -> dict:
        return self.common() | {"doc": self._doc("outline", file_name=file_name)}

    def _unit_common(self, visit: Visit) -> dict:
        view = self.visit_views[visit.unit.slug]
        sections, recommendations = self.unit_results(visit)
        total = sum(len(i.sites) for s in sections for i in s.items)
        checked = sum(site.checked for s in sections for i in s.items for site in i.sites)
        return {"unit": view.unit, "visit": view, "team": view.team, "sections": sections,
                "recommendations": tuple(recommendations), "items_total": total,
                "items_checked": checked}

    def minutes(self, visit: Visit, file_name: str = "") -> dict:
        context = self.common() | self._unit_common(visit)
        explanations = []
        for section in context["sections"]:
            for item in section.items:
                for site in item.sites:
                    for text in site.explanations:
                        explanations.append(Explanation(item.id, item.number, item.title,
                                                        "" if site.site == OFFICE else site.label,
                                                        text))
        place = _t(visit.unit.province) or _t(self.campaign.place)
        context["doc"] = self._doc("minutes", visit.numbers.get("minutes"), visit.end,
                                   _t(visit.unit.name), file_name, place=place)
        context["explanations"] = tuple(explanations)
        context["copies"] = 2
        context["copies_text"] = "02"
        return context

    def minutes_reference(self, visit: Visit) -> Reference:
        settings = self.campaign.document("minutes")
        number = visit.numbers.get("minutes", settings.number)
        text = vn.doc_number(settings.number_pattern, number, "BB")
        date = visit.end
        return Reference(text, date, vn.short_date(date),
                         f"Biên bản kiểm tra số {text} ngày {vn.short_date(date)}")

    def conclusion(self, visit: Visit, file_name: str = "") -> dict:
        context = self.common() | self._unit_common(visit)
        unit = _t(visit.unit.name)
        context["doc"] = self._doc("conclusion", visit.numbers.get("conclusion"), None, unit,
                                   file_name)
        sections = context["sections"]
        context["strengths"] = self._points(sections, "strengths")
        context["shortcomings"] = self._points(sections, "shortcomings")
        context["causes"] = self._points(sections, "causes")
        context["minutes_ref"] = self.minutes_reference(visit)
        context["report_back"] = self._report_back(visit, context["recommendations"],
                                                   context["team"])
        return context

    def _report_back(self, visit: Visit, recommendations, team: TeamView) -> ReportBack:
        dues = [r.due for r in recommendations if r.due]
        deadline = max(dues) if dues else None
        when = (f"trước ngày {vn.short_date(deadline)}" if deadline else
                f"trong thời hạn {REPORT_BACK_DAYS} ngày kể từ ngày nhận được Thông báo này")
        to = self.agency_view.display
        via = team.lead.department if team.lead and team.lead.department and \
            fold(team.lead.department) != fold(self.agency_view.name) else ""
        text = (f"{_t(visit.unit.name)} tổ chức thực hiện các kiến nghị nêu trên và báo cáo kết "
                f"quả thực hiện bằng văn bản về {to}" + (f" (qua {via})" if via else "") +
                f" {when}.")
        return ReportBack(deadline, when, to, via, text)

    def report(self, file_name: str = "") -> dict:
        context = self.common()
        summaries = []
        for visit in self.campaign.visits:
            sections, recs = self.unit_results(visit, figures=False)
            view = self.visit_views[visit.unit.slug]
            sites = [site for s in sections for i in s.items for site in i.sites]
            counts = self._tallies(sites)
            dues = sorted(r.due for r in recs if r.due)
            deadlines = " - ".join(dict.fromkeys(vn.short_date(d) for d in dues[:1] + dues[-1:]))
            summaries.append(UnitSummary(view.unit, view, len(sites), sum(s.checked for s in sites),
                                         counts, tuple(recs), len(recs), deadlines,
                                         self._points(sections, "strengths"),
                                         self._points(sections, "shortcomings"),
                                         self._points(sections, "causes")))
        all_sites = [site for v in self.campaign.visits for s in self.unit_results(v, False)[0]
                     for i in s.items for site in i.sites]
        context["doc"] = self._doc("report", file_name=file_name)
        context["units"] = tuple(summaries)
        context["units_checked"] = sum(1 for s in summaries if s.checked)
        context["items_total"] = len(all_sites)
        context["items_checked"] = sum(s.checked for s in all_sites)
        context["tallies"] = self._tallies(all_sites)
        context["rating_table"] = self._rating_table()
        context["common_shortcomings"] = self._common_points("shortcomings")
        context["common_strengths"] = self._common_points("strengths")
        context["common_causes"] = self._common_points("causes")
        context["good_practices"] = tuple(s for s in summaries if s.strengths)
        context["proposals"] = self._proposals(summaries)
        context["indicator_tables"], context["indicator_note"] = self._comparisons()
        context["first_day"] = min((v.start for v in self.campaign.visits if v.start), default=None)
        context["last_day"] = max((v.end for v in self.campaign.visits if v.end), default=None)
        context["dates_text"] = vn.date_span(context["first_day"], context["last_day"])
        return context

    def _tallies(self, sites: list[SiteResult]) -> tuple[Tally, ...]:
        total = len(sites) or 1
        counts = {label: 0 for label in self._scale.values()}
        not_rated = 0
        for site in sites:
            if site.checked and site.rating in counts:
                counts[site.rating] += 1
            elif site.checked:
                not_rated += 1
        rows = [(label, n) for label, n in counts.items()]
        if not_rated:
            rows.append(("Chưa đánh giá", not_rated))
        rows.append((NOT_CHECKED, sum(not s.checked for s in sites)))
        return tuple(Tally(label, n, vn.vn_percent(Decimal(n * 100) / total, 1))
                     for label, n in rows)

    def _rating_table(self):
        labels = list(self._scale.values())
        by_section: dict[str, list] = {}
        titles: dict[str, str] = {}
        for visit in self.campaign.visits:
            sections, _ = self.unit_results(visit, figures=False)
            for section in sections:
                titles.setdefault(section.id, section.title)
                sites = [site for item in section.items for site in item.sites]
                counts = [sum(1 for s in sites if s.checked and s.rating == label)
                          for label in labels]
                counts.append(sum(1 for s in sites if not s.checked))
                by_section.setdefault(section.id, []).append((_t(visit.unit.name), counts))
        if len(self.campaign.visits) > doctables.UNITS_IN_DETAIL:
            totals = [(titles[key], [sum(c) for c in zip(*(counts for _, counts in units))])
                      for key, units in by_section.items()]
            return doctables.rating_summary(labels, totals)
        rows = [(f"{vn.roman(i)}. {titles[key]}", units)
                for i, (key, units) in enumerate(by_section.items(), 1)]
        return doctables.rating_table(labels, rows)

    def _common_points(self, field: str) -> tuple[CommonPoint, ...]:
        """What several units share, item by item (most units first); the same text found at
        several units is listed once, with their names."""
        found: dict[str, dict[str, tuple[str, list[str]]]] = {}
        titles: dict[str, str] = {}
        for visit in self.campaign.visits:
            unit = _t(visit.unit.short_name or visit.unit.name)
            for section in self.unit_results(visit, figures=False)[0]:
                for item in section.items:
                    for site in item.sites:
                        for text in getattr(site, field):
                            titles[item.id] = item.title
                            texts = found.setdefault(item.id, {})
                            entry = texts.setdefault(_key(text), (text, []))
                            if unit not in entry[1]:
                                entry[1].append(unit)
        order = {item.id: i for i, item in enumerate(self.loaded.checklist.items)}
        total = len(self.campaign.visits)
        points = []
        def count(names: list[str]) -> str:
            return f"{vn.two_digits(len(names))}/{vn.two_digits(total)} đơn vị"
        for item_id, texts in found.items():
            units = _unique(u for _, names in texts.values() for u in names)
            lines = []
            for text, names in texts.values():
                # Name the units while the list stays readable; beyond, count them.
                who = count(names) if (len(names) == total and total > 2) or \
                    len(names) > NAMES_LISTED else join_vn(names)
                lines.append(f"{vn.end_with(text, '')} ({who}).")
            points.append(CommonPoint(
                item_id, titles[item_id], len(units),
                count(units) + (f": {join_vn(units)}" if len(units) <= NAMES_LISTED else ""),
                tuple(lines)))
        points.sort(key=lambda p: (-p.units_count, order.get(p.item, len(order))))
        return tuple(points)

    def _proposals(self, summaries: list[UnitSummary]) -> tuple[str, ...]:
        """What the units propose: what was recorded under the outline's "Đề xuất, kiến nghị"."""
        out = []
        for visit, summary in zip(self.campaign.visits, summaries):
            for section in self.unit_results(visit, figures=False)[0]:
                for item in section.items:
                    if not (_is_proposal(item.title) or _is_proposal(section.title)):
                        continue
                    for site in item.sites:
                        for text in site.observations:
                            out.append(f"{summary.unit.display}: {vn.lcfirst(text)}")
        return tuple(out)

    def _comparisons(self) -> tuple[Tables, str]:
        table = self.loaded.outline.appendix
        if table is None or not table.periods:
            return Tables(()), ""
        marked = False

        def figure_of(visit: Visit):
            record = self.record(visit)

            def figure(row: IndicatorRow, period: str):
                nonlocal marked
                entry = record.indicators.get((row.id, period))
                if entry is None:
                    return "", None
                value, star = entry.value.verified, ""
                if not value and entry.value.reported:
                    value, star = entry.value.reported, "*"
                    marked = True
                number = doctables.figure_number(value, row.kind)
                return doctables.figure_text(value, row.kind) + star, number
            return figure
        units = [(_t(v.unit.short_name or v.unit.name), figure_of(v)) for v in self.campaign.visits]
        tables = []
        for period in table.periods:
            if len(units) <= doctables.UNITS_AS_COLUMNS:
                tables += doctables.comparison(table, units, period.id)
            elif len(units) <= doctables.UNITS_IN_DETAIL:
                tables += doctables.comparison_by_unit(table, units, period.id)
            else:
                tables.append(doctables.indicator_summary(table, units, period.id))
        if len(units) <= doctables.UNITS_AS_COLUMNS:
            note = "Cột cuối: tổng cộng với chỉ tiêu số lượng, bình quân với chỉ tiêu tỷ lệ %."
        elif len(units) <= doctables.UNITS_IN_DETAIL:
            note = "Dòng cuối: tổng cộng với chỉ tiêu số lượng, bình quân với chỉ tiêu tỷ lệ %."
        else:
            note = ("Số liệu từng đơn vị: tệp Excel do lệnh `inspection export` tạo "
                    "(trang Chỉ tiêu).")
        if marked:
            note = "(*) Số liệu đơn vị báo cáo, Đoàn kiểm tra chưa xác minh. " + note
        return Tables(tuple(tables)), note


COMMON_VARIABLES = ("agency", "campaign", "plan", "outline", "scale", "doc")
UNIT_VARIABLES = ("unit", "visit", "team", "sections", "recommendations", "items_total",
                  "items_checked")
VARIABLES = {
    "plan": COMMON_VARIABLES,
    "outline": COMMON_VARIABLES,
    "minutes": COMMON_VARIABLES + UNIT_VARIABLES + ("explanations", "copies", "copies_text"),
    "conclusion": COMMON_VARIABLES + UNIT_VARIABLES + ("strengths", "shortcomings", "causes",
                                                       "minutes_ref", "report_back"),
    "report": COMMON_VARIABLES + ("units", "units_checked", "items_total", "items_checked",
                                  "tallies", "rating_table", "common_shortcomings",
                                  "common_strengths", "common_causes",
                                  "good_practices", "proposals", "indicator_tables",
                                  "indicator_note", "first_day", "last_day", "dates_text"),
}
"""The variables each template receives (the top level of its context)."""


def _leaves_under(row: IndicatorRow, path: tuple = ()):
    """The rows under `row` that take values, each with the groups between (`row` excluded)."""
    if not row.children:
        yield row, path + (row,)
        return
    for child in row.children:
        yield from _leaves_under(child, path + ((child,) if child.children else ()))


def _action(title: str) -> str:
    """The title inside a sentence: "Kiểm tra, hướng dẫn …" gives "kiểm tra, hướng dẫn …",
    "Công tác X" gives "kiểm tra công tác X"."""
    if ascii_fold(title).lower().startswith("kiem tra"):
        return vn.lcfirst(title)
    return f"kiểm tra {vn.lcfirst(title)}" if title else "kiểm tra"


def _is_proposal(title: str) -> bool:
    words = ascii_fold(title).lower()
    return "de xuat" in words or "kien nghi" in words


def _differs(reported: str | None, verified: str | None, kind: str | None) -> bool:
    if not reported or not verified:
        return False
    if kind == "text":
        return fold(reported) != fold(verified)
    a, b = doctables.figure_number(reported, kind), doctables.figure_number(verified, kind)
    return a != b if a is not None and b is not None else reported != verified
