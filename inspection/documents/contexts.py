"""What each kind of document's template receives: one function per kind, named in its
registry entry (kinds.py), each `builder(data, visit, file_name) -> dict`.

The variables of each context are listed in the registry and documented in docs/templates.md;
a test keeps the three equal.
"""

from __future__ import annotations

import datetime as dt
import re

from ..model.campaign import OFFICE, Visit
from ..vn import dates
from ..vn.numbers import doc_number, letter, roman, two_digits
from ..vn.text import end_with, join_vn
from . import followup, summary
from .data import DocumentData
from .views import (AreaPart, AreaView, Explanation, PointGroup, RecommendationView, Reference,
                    ReportAreaView, ReportBack, ReportPart, SharedView, TeamView, clean)

REPORT_BACK_DAYS = 30


def plan(data: DocumentData, visit: Visit | None, file_name: str = "") -> dict:
    """The inspection plan (Kế hoạch kiểm tra) with its schedule of visits."""
    return data.common("plan") | {"doc": data.doc("plan", file_name=file_name)}


def outline(data: DocumentData, visit: Visit | None, file_name: str = "") -> dict:
    """The outline (Đề cương) of the report each unit prepares, with its indicator table."""
    return data.common("outline") | {"doc": data.doc("outline", file_name=file_name)}


def minutes(data: DocumentData, visit: Visit, file_name: str = "") -> dict:
    """The minutes (Biên bản kiểm tra) of one unit's visit, signed on site by both sides."""
    context = data.common("minutes") | data.unit_common(visit)
    explanations = []
    for section in context["sections"]:
        for item in section.items:
            for site in item.sites:
                for text in site.explanations:
                    explanations.append(Explanation(item.id, item.ref, item.title,
                                                    "" if site.site == OFFICE else site.label,
                                                    text))
    place = clean(visit.unit.province) or clean(data.campaign.place)
    context["doc"] = data.doc("minutes", visit.numbers.get("minutes"), visit.end,
                              clean(visit.unit.name), file_name, place=place, visit=visit)
    context["explanations"] = tuple(explanations)
    context["copies"] = 2
    context["copies_text"] = "02"
    return context


def minutes_reference(data: DocumentData, visit: Visit) -> Reference:
    """The unit's minutes as another document cites them: "Biên bản kiểm tra số … ngày …"."""
    settings = data.campaign.document("minutes")
    number, date = data.issued_number("minutes", visit, visit.numbers.get(
        "minutes", settings.number), visit.end)
    text = doc_number(settings.number_pattern, number, "BB")
    return Reference(text, date, dates.short_date(date),
                     f"Biên bản kiểm tra số {text} ngày {dates.short_date(date)}")


def conclusion(data: DocumentData, visit: Visit, file_name: str = "") -> dict:
    """The notice of conclusion (Thông báo kết luận kiểm tra) sent to one unit: from the
    lead's draft (drafts/<unit>.yaml), else from a draft made now from the findings."""
    context = data.common("conclusion") | data.unit_common(visit)
    context["doc"] = data.doc("conclusion", visit.numbers.get("conclusion"), None,
                              clean(visit.unit.name), file_name, visit=visit)
    draft = data.draft(visit)
    sections = data.results.of(visit, figures=False)[0]
    numbers = {s.id: s.number for s in sections}
    titles = {s.id: s.title for s in sections}
    context["areas"] = tuple(_area_view(number, _titled(area, titles), numbers.get(area.section))
                             for number, area in enumerate(
                                 (a for a in draft.areas if a.assessment or a.points), 1))
    context["overall"] = clean(draft.conclusion)
    context["strengths"] = tuple(clean(p.text) for a in draft.areas for p in a.strengths)
    context["shortcomings"] = tuple(clean(p.text) for a in draft.areas for p in a.shortcomings)
    context["causes"] = tuple(clean(p.text) for a in draft.areas
                              for p in a.subjective_causes + a.objective_causes)
    recommendations = tuple(_recommendation_view(data, visit, number, rec)
                            for number, rec in enumerate(draft.recommendations, 1))
    context["recommendations"] = recommendations
    context["minutes_ref"] = minutes_reference(data, visit)
    context["report_back"] = report_back(data, visit, recommendations, context["team"],
                                         draft.report_by)
    context["carried"], context["carried_text"] = followup.carried(data, visit,
                                                                   context["doc"].date)
    return context


def _titled(area, titles: dict):
    """The area with its section's title where the lead left the title out (a draft written
    by hand: "- section: I")."""
    from ..values import replace
    if (not area.title or area.title == area.section) and titles.get(area.section):
        return replace(area, title=titles[area.section])
    return area


def _area_view(number: int, area, printed: str | None = None) -> AreaView:
    """An area of the conclusion; `printed` is its section's number as the outline gives it."""
    texts = lambda points: tuple(clean(p.text) for p in points)  # noqa: E731
    parts = []
    for heading, groups in (
            ("Ưu điểm", [("", texts(area.strengths))]),
            ("Tồn tại, hạn chế", [("", texts(area.shortcomings))]),
            ("Nguyên nhân", [("Nguyên nhân chủ quan", texts(area.subjective_causes)),
                             ("Nguyên nhân khách quan", texts(area.objective_causes))])):
        present = [(label, points) for label, points in groups if points]
        if not present:
            continue
        labelled = len(present) > 1 or bool(area.objective_causes and present[0][0])
        parts.append(AreaPart(letter(len(parts) + 1), heading, tuple(
            PointGroup(label if labelled else "", "+" if labelled else "-", points)
            for label, points in present)))
    return AreaView(printed or roman(number), roman(number), area.section, clean(area.title),
                    clean(area.assessment), tuple(parts))


def _recommendation_view(data: DocumentData, visit: Visit, number: int, rec) -> RecommendationView:
    owner = clean(rec.owner) or clean(visit.unit.name)
    text = clean(rec.text)
    due_text = dates.short_date(rec.due)
    line = end_with(text, ".") + f" Đơn vị thực hiện: {owner}"
    line += f"; thời hạn: trước ngày {due_text}." if due_text else "."
    item_id = rec.sources[0].split("@")[0] if rec.sources else ""
    item = data.loaded.checklist.item(item_id) if item_id else None
    return RecommendationView(number, text, owner, rec.due, due_text, item_id,
                              clean(item.title) if item else "", "", line, rec.id)


def report_back(data: DocumentData, visit: Visit, recommendations, team: TeamView,
                by: dt.date | None = None) -> ReportBack:
    """The unit's duty to report back on the recommendations: by `by` (the draft's date),
    else by the latest deadline."""
    dues = [r.due for r in recommendations if r.due]
    deadline = by or (max(dues) if dues else None)
    when = (f"trước ngày {dates.short_date(deadline)}" if deadline else
            f"trong thời hạn {REPORT_BACK_DAYS} ngày kể từ ngày nhận được Thông báo này")
    to = data.agency_view.display
    via = data.following_department(team)
    if not recommendations:  # nothing to carry out: nothing to report back on
        text = (f"{clean(visit.unit.name)} tiếp tục phát huy những ưu điểm nêu trên"
                + (", khắc phục những tồn tại, hạn chế đã được chỉ ra" if
                   _has_shortcomings(data, visit) else "") + ".")
        return ReportBack(None, "", to, via, text)
    text = (f"{clean(visit.unit.name)} tổ chức thực hiện các kiến nghị nêu trên và báo cáo kết "
            f"quả thực hiện bằng văn bản về {to}" + (f" (qua {via})" if via else "") + f" {when}.")
    return ReportBack(deadline, when, to, via, text)


def _shared_view(point, total: int) -> SharedView:
    units = tuple(clean(u) for u in point.units)
    if (total > 2 and len(units) == total) or len(units) > summary.NAMES_LISTED:
        # as the lists of common points do: the units named while the line stays readable
        who = f"{two_digits(len(units))}/{two_digits(total)} đơn vị"
    else:
        who = join_vn(list(units))
    text = clean(point.text)
    line = end_with(text, "") + (f" ({who})." if who else ".")
    return SharedView(text, units, who, line, point.new)


def _addressee(recipients) -> str:
    """Whom the report goes to: its first recipient, without "(để báo cáo)" and the like."""
    for line in recipients:
        name = re.sub(r"\s*\((để|đề)[^)]*\)\s*$", "", line.lstrip("- ").rstrip(";. ")).strip()
        if name and not name.lower().startswith("lưu"):
            return name
    return ""


def _has_shortcomings(data: DocumentData, visit: Visit) -> bool:
    return any(a.shortcomings for a in data.draft(visit).areas)


def report(data: DocumentData, visit: Visit | None, file_name: str = "") -> dict:
    """The summary report (Báo cáo kết quả kiểm tra) across every unit."""
    context = data.common("report")
    gathered = data.gathered()  # every unit read once, let go once counted
    units = summary.unit_summaries(data)
    visits = data.campaign.visits
    context["doc"] = data.doc("report", file_name=file_name)
    context["units"] = units
    context["units_checked"] = sum(1 for s in units if s.checked)
    context["items_total"] = gathered.sites_total
    context["items_checked"] = gathered.sites_checked
    context["tallies"] = summary.all_tallies(data)
    context["rating_table"] = summary.rating_table(data)
    context["common_shortcomings"] = summary.common_points(data, "shortcomings")
    context["common_strengths"] = summary.common_points(data, "strengths")
    context["common_causes"] = summary.common_points(data, "causes")
    context["proposals"] = summary.proposals(data, units)
    draft = data.report_draft()
    total = len(visits)
    shared = lambda points: tuple(_shared_view(p, total) for p in points)  # noqa: E731
    context["overall"] = clean(draft.assessment)
    numbers, titles = gathered.numbers, gathered.titles
    areas = []
    for area in draft.areas:
        parts = [(heading, shared(points)) for heading, points in
                 (("Ưu điểm", area.strengths), ("Tồn tại, hạn chế", area.shortcomings),
                  ("Nguyên nhân", area.causes)) if points]
        if area.assessment or parts:
            areas.append(ReportAreaView(
                numbers.get(area.section, ""), area.section,
                clean(_titled(area, titles).title),
                clean(area.assessment),
                tuple(ReportPart(letter(i), h, pts) for i, (h, pts) in enumerate(parts, 1))))
    context["report_areas"] = tuple(areas)
    context["good_practices"] = shared(draft.good_practices)
    context["team_proposals"] = shared(draft.proposals)
    to = _addressee(context["doc"].recipients) or f"Lãnh đạo {data.agency_view.display}"
    context["report_to"] = to
    context["closing"] = (f"Trên đây là báo cáo kết quả {data.campaign_view.action or 'kiểm tra'}"
                          f", kính báo cáo {to} xem xét, chỉ đạo./.")
    context["indicator_tables"], context["indicator_note"] = summary.comparisons(data)
    context["first_day"] = min((v.start for v in visits if v.start), default=None)
    context["last_day"] = max((v.end for v in visits if v.end), default=None)
    context["dates_text"] = dates.date_span(context["first_day"], context["last_day"])
    context["carried"], context["carried_text"] = followup.carried_summary(data,
                                                                           context["doc"].date)
    data.composed_report()  # what a notice of drafts left behind compares with, kept
    data.release_gathered()
    return context
