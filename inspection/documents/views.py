"""What templates see: the campaign, its people and places, the outline, the findings and the
summary, as read-only records of ready-to-print text.

These classes and their fields are the templates' vocabulary, each documented in
docs/templates.md (a test keeps the two equal). Every text in them is cleaned on the way in
(NFC; Word's vertical tab, CR and U+2028 become line breaks; control characters, which XML
cannot hold, are dropped), so a template never sees a character that could break a document.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from ..model.campaign import Member, Person
from ..model.outline import Bullet
from ..values import value
from ..vn.text import clean_text


def clean(text: str | None) -> str:
    """A text made safe for a document (see the module's docstring); None becomes ""."""
    return clean_text(text) if text else ""


def cleaned(texts: Iterable[str | None]) -> tuple[str, ...]:
    """The texts made safe for a document, the empty ones left out."""
    return tuple(t for t in (clean(x) for x in texts) if t)


# -- the campaign -------------------------------------------------------------------


@value
class AgencyView:
    name: str  # "Bảo hiểm xã hội Việt Nam"
    parent: str  # the agency above ("" when none)
    short_name: str  # "BHXH Việt Nam" ("" when none)
    display: str  # the short name if any, else the name: for running text


@value
class SignerView:
    authority: str  # "KT. TỔNG GIÁM ĐỐC" ("" when the signer signs in their own name)
    title: str  # "PHÓ TỔNG GIÁM ĐỐC"
    name: str  # "Đào Việt Ánh"


@value
class PersonView:
    name: str
    title: str  # position, e.g. "Giám đốc BHXH tỉnh Yên Bái" ("" when unknown)
    role: str  # in the team: "Trưởng đoàn", "Thành viên", "Thư ký" ("" for the unit's people)
    department: str
    line: str  # "Nguyễn Minh Quân, Phó Giám đốc Trung tâm Truyền thông - Trưởng đoàn"


@value
class TeamView:
    id: str
    name: str  # "Đoàn kiểm tra số 1", or "Đoàn kiểm tra"
    lead: PersonView | None
    secretary: PersonView | None
    members: tuple[PersonView, ...]
    size: int
    size_text: str  # "05"


@value
class UnitView:
    name: str  # "BHXH tỉnh Yên Bái"
    short_name: str  # "Yên Bái" ("" when none)
    display: str  # short name if any, else the name: for table headings
    slug: str  # "bhxh-tinh-yen-bai"
    province: str  # "" when none


@value
class DayView:
    date: dt.date
    date_text: str  # "12/07/2022"
    weekday: str  # "Thứ Ba"
    place: str  # where the team works that day ("" when not given)
    sites: tuple[str, ...]  # names of the field sites visited that day
    note: str
    line: str  # "Thứ Ba, 12/07/2022: Trụ sở BHXH tỉnh Yên Bái"


@value
class SiteView:
    id: str
    name: str
    representatives: tuple[PersonView, ...]


@value
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


@value
class ResponsibilityView:
    who: str
    tasks: tuple[str, ...]


@value
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


@value
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


@value
class Reference:
    """Another document referred to: "Kế hoạch số 05/KH-BHXH ngày 20/06/2022 của BHXH Việt Nam"."""

    number_text: str
    date: dt.date | None
    date_text: str  # "20/06/2022", or blanks
    text: str


# -- the outline ---------------------------------------------------------------------


@value
class BulletView:
    text: str
    level: int  # 0 for a point ("- "), 1 for a sub-point ("+ ")
    mark: str  # "-" or "+"
    detail: str


@value
class OutlineEntry:
    id: str
    level: int  # 0 for a section (I, II…), 1 for an item (1, 2…), 2 and more for sub-items
    number: str  # as printed, without the dot: "I", "1", "2.1"
    title: str
    intro: str
    bullets: tuple[BulletView, ...]
    note: str


@value
class AppendixView:
    title: str
    subtitle: str
    periods: tuple[str, ...]
    notes_label: str
    table: object  # the indicator table as a Word table: {{p outline.appendix.table }}


@value
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


@value
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
    ref: str = ""  # the draft's stable id (KN1, KN2 …), "" for a recommendation not drafted


@value
class PointGroup:
    label: str  # "" for a plain list, else "Nguyên nhân chủ quan" / "Nguyên nhân khách quan"
    mark: str  # what each point starts with: "-", or "+" under a label
    points: tuple[str, ...]


@value
class AreaPart:
    letter: str  # "a", "b", "c": the parts present, lettered in order
    heading: str  # "Ưu điểm", "Tồn tại, hạn chế", "Nguyên nhân"
    groups: tuple[PointGroup, ...]


@value
class AreaView:
    number: str  # its section's number as the outline gives it: "I", "II" (or "1", "2")
    roman: str
    section: str  # the outline section's id
    title: str
    assessment: str  # "" when the draft has none
    parts: tuple[AreaPart, ...]  # only the parts that have points


@value
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


@value
class FigureValue:
    period: str  # its id
    period_label: str  # "Năm 2021"
    reported: str  # as the unit reported it, formatted: "1.234", "85,5%" ("" when none)
    verified: str  # as the team verified it ("" when none)
    differs: bool  # both given and different


@value
class Figure:
    id: str
    label: str  # the row's own label
    path: str  # its label with the groups above it: "Lễ ra quân - Số buổi Lễ ra quân"
    kind: str  # count, percentage, amount, text
    unit: str  # "văn bản" ("" when none)
    values: tuple[FigureValue, ...]  # one per period of the table
    note: str  # the unit's note (Ghi chú) for the row
    groups: tuple[str, ...] = ()  # the labels of the groups above it, outermost first


@value
class ItemResult:
    id: str
    number: str  # as the outline numbers it: "3" (I.3), "2.1" (under the section "2")
    title: str
    checked: bool  # something was recorded at one of its sites at least
    rating: str  # "Tốt", or per site: "Tại …: Tốt; Tại …: Khá"; "Chưa kiểm tra" when nothing
    sites: tuple[SiteResult, ...]
    multi_site: bool  # checked at more than one place: print the sites' labels
    figures: tuple[Figure, ...]  # the indicator figures the item verifies
    show_figures: bool  # figures to print: the item was checked, or figures were recorded
    ref: str = ""  # how prose names it: "I.3"
    table: object = None  # the figures as the minutes print them (a wordxml.Table), or None
    above: tuple[tuple[str, str], ...] = ()  # headings (number, title) of the outline items
    # above this sub-item not yet printed: "2.2. Tuyên truyền trực quan" before "2.2.1. …"
    heading: bool = True  # False when the item is its section's only content, of the same title


@value
class SectionResult:
    id: str
    number: str  # as the outline numbers it: "I", "II" (or "1", "2")
    roman: str  # its position in roman numerals: "I", "II"
    title: str
    items: tuple[ItemResult, ...]


@value
class Explanation:
    item: str
    item_number: str
    item_title: str
    site: str  # "" at the unit itself, else "Tại <the field site>"
    text: str


@value
class ReportBack:
    deadline: dt.date | None  # the latest deadline of the recommendations
    deadline_text: str  # "trước ngày 30/09/2022" or "trong thời hạn 30 ngày …"
    to: str  # the agency reported to
    via: str  # its department that follows up ("" when not known)
    text: str  # the whole sentence


@value
class Tally:
    label: str  # a rating's label, or "Chưa kiểm tra"
    count: int
    percent: str  # "38,5%" of all items


@value
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


@value
class SharedView:
    """A point of the summary report with the units it concerns."""

    text: str
    units: tuple[str, ...]
    units_text: str  # "Yên Bái và Lào Cai", "08/08 đơn vị"
    line: str  # "Tỷ lệ … còn thấp (Yên Bái và Lào Cai)."
    new: bool


@value
class ReportPart:
    letter: str  # "a"
    heading: str  # "Ưu điểm", "Tồn tại, hạn chế", "Nguyên nhân"
    points: tuple[SharedView, ...]


@value
class ReportAreaView:
    number: str  # its section's number as the outline gives it: "I"
    section: str
    title: str
    assessment: str
    parts: tuple[ReportPart, ...]  # only the parts that have points


@value
class CommonPoint:
    item: str
    item_title: str
    units_count: int
    units_text: str  # "03/08 đơn vị: Yên Bái, Lào Cai và Phú Thọ"
    points: tuple[str, ...]  # each text once, with its units: "… (Yên Bái, Lào Cai)."


def signer_view(signer) -> SignerView:
    return SignerView(clean(signer.authority), clean(signer.title), clean(signer.name))


def person_view(person: Person | Member, role: str = "") -> PersonView:
    name, title = clean(person.name), clean(person.title)
    department = clean(getattr(person, "department", None))
    line = ", ".join(p for p in (name, title) if p) + (f" - {role}" if role else "")
    return PersonView(name, title, role, department, line)


def bullet_views(bullets: tuple[Bullet, ...], level: int = 0) -> list[BulletView]:
    out = []
    for bullet in bullets:
        out.append(BulletView(clean(bullet.text), level, "-" if level == 0 else "+",
                              clean(bullet.detail)))
        out += bullet_views(bullet.bullets, level + 1)
    return out



# -- after the conclusions: following up their recommendations ----------------------------------


@value
class FollowedView:
    """A recommendation of an issued conclusion as the follow-up documents print it."""

    id: str  # "01/TB-BHXH.2": the conclusion's number and the recommendation's order
    number: int  # its number in its conclusion
    unit: str  # the unit's name
    conclusion: Reference  # the conclusion that made it
    text: str
    owner: str  # who must act (the unit when the conclusion names no one else)
    due: dt.date | None
    due_text: str  # "31/10/2022", or "" without a deadline
    status: str  # "Chưa thực hiện", "Đang thực hiện", "Đã thực hiện", "Không thực hiện được"
    overdue_days: int  # days past the deadline while not carried out (0 otherwise)
    note: str  # "quá hạn 36 ngày; chưa báo cáo" ("" when nothing to say)
    state: str  # the status and the note: "Chưa thực hiện; quá hạn 36 ngày"
    done: str  # what the unit last reported it did ("" when nothing)
    reason: str  # why it cannot be carried out ("" otherwise)
    verified: str  # what the team found at the next visit: "Đã khắc phục"… ("" when not checked)
    line: str  # "Tăng truyền thông … (thời hạn 31/10/2022; chưa thực hiện, quá hạn 36 ngày)."


@value
class StatusCount:
    """How many recommendations have one status."""

    status: str  # "Đã thực hiện"
    count: int
    percent: str  # "57,1%" of all the recommendations followed up
    text: str  # "đã thực hiện 20 kiến nghị (57,1%)"


@value
class FollowupRow:
    """One unit's line of the follow-up report's table (or the table's total)."""

    number: str  # "1" ("" for the total)
    name: str  # the unit's name ("Tổng cộng" for the total)
    conclusions: str  # "01/TB-BHXH" (the conclusions its recommendations come from)
    total: int
    done: int
    in_progress: int
    not_started: int
    not_feasible: int
    overdue: int
    rate: str  # "60%": carried out, of all its recommendations
    reported: bool  # whether the unit has reported anything


@value
class UnitItems:
    """One unit and some of its recommendations (the overdue ones, the ones carried…)."""

    name: str
    conclusions: str  # "Thông báo số 01/TB-BHXH ngày 14/10/2022"
    items: tuple[FollowedView, ...]
