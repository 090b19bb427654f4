"""What the documents after the conclusions receive: the reminder letter to a unit (Công văn
đôn đốc thực hiện kết luận kiểm tra), the follow-up report across units (Báo cáo kết quả theo
dõi, đôn đốc thực hiện kết luận kiểm tra), and what the next campaign's conclusion and summary
report say of the recommendations carried from the previous one.

Each builder is named in its kind's registry entry (kinds.py), as those of contexts.py are.
The day a document counts from ("đến ngày …") is its own date, or today while it is a draft.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Sequence

from ..followup import model
from ..followup.model import Tracked
from ..model.campaign import Visit
from ..vn import dates
from ..vn.numbers import two_digits, vn_number, vn_percent
from ..vn.text import at_place, end_with, join_vn, lcfirst
from .data import DocumentData
from .gathering import NAMES_LISTED
from .views import FollowedView, FollowupRow, Reference, StatusCount, UnitItems, clean

REMINDER_DAYS = 15  # a reminder asks for a report within this many days of its date


def conclusion_ref(rec: Tracked) -> Reference:
    """The conclusion a recommendation comes from: "Thông báo số 01/TB-BHXH ngày 14/10/2022"."""
    date_text = dates.short_date(rec.conclusion_date) if rec.conclusion_date else ""
    text = f"Thông báo số {rec.conclusion}" + (f" ngày {date_text}" if date_text else "")
    return Reference(rec.conclusion, rec.conclusion_date, date_text, text)


def followed(rec: Tracked, unit: str, today: dt.date) -> FollowedView:
    """A recommendation as the follow-up documents print it, counted as on `today`."""
    status = model.STATUS_TEXT[rec.status]
    late = (today - rec.due).days if rec.overdue(today) else 0
    notes = ([f"quá hạn {two_digits(late)} ngày"] if late else []) + \
        (["chưa báo cáo"] if rec.unreported(today) else [])
    note = "; ".join(notes)
    last = rec.updates[-1] if rec.updates else None
    done = clean(last.done) if last is not None and last.status != model.NOT_STARTED else ""
    reason = clean(last.reason) if last is not None and rec.status == model.NOT_FEASIBLE else ""
    due_text = dates.short_date(rec.due) if rec.due else ""
    details = ([f"thời hạn {due_text}"] if due_text else []) + \
        [lcfirst(status) + (f", {note}" if note else "")]
    text = clean(rec.text)
    return FollowedView(
        rec.id, rec.order, clean(unit), conclusion_ref(rec), text, clean(rec.owner) or clean(unit),
        rec.due, due_text, status, late, note, status + (f"; {note}" if note else ""), done,
        reason, model.VERIFIED_TEXT.get(rec.verified or "", ""),
        f"{end_with(text, '')} ({'; '.join(details)}).")


def _references(recs: Sequence[Tracked]) -> tuple[Reference, ...]:
    refs = {}
    for rec in recs:
        refs.setdefault(rec.conclusion, conclusion_ref(rec))
    return tuple(refs.values())


def _refs_text(refs: Sequence[Reference]) -> str:
    """ "Thông báo số 01/TB-BHXH ngày 14/10/2022" or "các Thông báo số …, số …"."""
    if len(refs) == 1:
        return refs[0].text
    return "các Thông báo " + join_vn([r.text.removeprefix("Thông báo ") for r in refs])


def _reported(recs: Sequence[Tracked]) -> bool:
    """Whether the unit has said anything of these recommendations (the team's own checks at a
    visit are not the unit's report)."""
    return any(u.via != "verify" for r in recs for u in r.updates)


# -- the reminder letter ---------------------------------------------------------------------
def reminder(data: DocumentData, visit: Visit, file_name: str = "") -> dict:
    """The reminder letter (Công văn đôn đốc thực hiện kết luận kiểm tra) to one unit: its
    recommendations overdue or not reported on, and a new day to report back by."""
    context = data.common("reminder")
    view = data.visit_views[visit.unit.slug]
    unit = view.unit.name
    settings = data.campaign.document("reminder")
    context["doc"] = data.doc("reminder", visit.numbers.get("reminder"), None, unit, file_name,
                              visit=visit)
    today = context["doc"].date or dt.date.today()
    recs = data.register(visit).current
    late = [r for r in recs if r.overdue(today) or r.unreported(today)]
    agency = data.agency_view.display
    refs = _references(recs)
    report_by = settings.report_by or today + dt.timedelta(days=REMINDER_DAYS)
    if report_by <= today:
        report_by = today + dt.timedelta(days=REMINDER_DAYS)
    reported = _reported(recs)
    done = sum(1 for r in recs if r.status == model.DONE)
    open_count = sum(1 for r in recs if r.is_open)
    overdue = sum(1 for r in recs if r.overdue(today))
    first_due = min((r.report_by for r in recs if r.report_by), default=None)
    subject = at_place(data.campaign_view.action, unit)
    if len(refs) == 1 and refs[0].date_text:
        opening = (f"Ngày {refs[0].date_text}, {agency} đã ban hành Thông báo số "
                   f"{refs[0].number_text} kết luận {subject}")
    else:
        opening = f"{agency} đã ban hành {_refs_text(refs)} kết luận {subject}"
    opening += (f", trong đó yêu cầu đơn vị thực hiện {two_digits(len(recs))} kiến nghị và báo "
                "cáo kết quả thực hiện bằng văn bản")
    opening += (f" trước ngày {dates.short_date(first_due)}." if first_due else ".")
    as_of_text = dates.short_date(today)
    if reported:
        situation = (f"Theo báo cáo của {unit}, đến ngày {as_of_text} đơn vị đã thực hiện xong "
                     f"{two_digits(done)}/{two_digits(len(recs))} kiến nghị, còn "
                     f"{two_digits(open_count)} kiến nghị chưa thực hiện xong.")
    else:
        situation = (f"Đến ngày {as_of_text}, {agency} chưa nhận được báo cáo kết quả thực hiện "
                     f"các kiến nghị nêu trên của {unit}.")
    unreported_only = any(r.unreported(today) and not r.overdue(today) for r in late)
    situation += (" Các kiến nghị đã quá thời hạn thực hiện"
                  + (" hoặc chưa được báo cáo kết quả" if unreported_only else "") + " gồm:")
    report_by_text = dates.short_date(report_by)
    department = data.following_department(view.team)
    via = f" (qua {department})" if department else ""
    requests = (
        "Khẩn trương chỉ đạo các đơn vị, cá nhân có liên quan thực hiện dứt điểm các kiến nghị "
        "nêu trên.",
        f"Báo cáo kết quả thực hiện bằng văn bản, kèm theo tài liệu chứng minh, về {agency}"
        f"{via} trước ngày {report_by_text}; kiến nghị nào không thực hiện được, "
        "nêu rõ lý do và đề xuất biện pháp xử lý.")
    context.update(
        unit=view.unit, visit=view, team=view.team,
        items=tuple(followed(r, unit, today) for r in late), conclusions=refs,
        as_of=today, as_of_text=as_of_text, total=len(recs), open_count=open_count,
        overdue_count=overdue, reported=reported,
        subject="V/v đôn đốc thực hiện kết luận kiểm tra", addressee=unit,
        opening=opening, situation=situation, requests=requests, report_by=report_by,
        report_by_text=report_by_text,
        closing=f"{agency} đề nghị {unit} quan tâm, khẩn trương thực hiện./.")
    return context


# -- the follow-up report --------------------------------------------------------------------
# The order a report counts them in: what was done first
_REPORTED_ORDER = (model.DONE, model.IN_PROGRESS, model.NOT_STARTED, model.NOT_FEASIBLE)


def _counts(recs: Sequence[Tracked]) -> tuple[StatusCount, ...]:
    counter = Counter(r.status for r in recs)
    total = len(recs) or 1
    out = []
    for status in _REPORTED_ORDER:
        percent = vn_percent(round(100 * counter[status] / total, 1))
        out.append(StatusCount(model.STATUS_TEXT[status], counter[status], percent,
                               f"{lcfirst(model.STATUS_TEXT[status])} {two_digits(counter[status])}"
                               f" kiến nghị ({percent})"))
    return tuple(out)


def _row(number: str, name: str, conclusions: str, recs: Sequence[Tracked],
         today: dt.date) -> FollowupRow:
    counter = Counter(r.status for r in recs)
    rate = vn_percent(round(100 * counter[model.DONE] / len(recs), 1)) if recs else ""
    return FollowupRow(number, name, conclusions, len(recs), counter[model.DONE],
                       counter[model.IN_PROGRESS], counter[model.NOT_STARTED],
                       counter[model.NOT_FEASIBLE], sum(1 for r in recs if r.overdue(today)),
                       rate, _reported(recs))


def _names(names: Sequence[str], total: int) -> str:
    """ "02 đơn vị (BHXH tỉnh A và BHXH tỉnh B)", "cả 08/08 đơn vị", "1.234 đơn vị"."""
    count = two_digits(len(names))
    if len(names) == total and total > 2:
        return f"cả {count}/{two_digits(total)} đơn vị"
    if len(names) > NAMES_LISTED:
        return f"{vn_number(len(names))} đơn vị"
    return f"{count} đơn vị ({join_vn(list(names))})"


def followup(data: DocumentData, visit: Visit | None, file_name: str = "") -> dict:
    """The follow-up report (Báo cáo kết quả theo dõi, đôn đốc thực hiện kết luận kiểm tra):
    each unit's recommendations by status, the overdue ones, the ones that cannot be carried
    out, and what is proposed."""

    context = data.common("followup")
    context["doc"] = data.doc("followup", file_name=file_name)
    today = context["doc"].date or dt.date.today()
    agency = data.agency_view.display
    rows, overdue, not_feasible, everything = [], [], [], []
    done_units, silent, late_units = [], [], []
    conclusions = set()
    for visit_ in data.campaign.visits:
        recs = [r for r in data.register(visit_).current if not r.carried_from]
        if not recs:
            continue
        name = clean(visit_.unit.name)
        refs = _references(recs)
        conclusions.update(r.number_text for r in refs)
        everything += recs
        rows.append(_row(str(len(rows) + 1), name, ", ".join(r.number_text for r in refs), recs,
                         today))
        late = [followed(r, name, today) for r in recs if r.overdue(today)]
        if late:
            overdue.append(UnitItems(name, _refs_text(refs), tuple(late)))
            late_units.append(name)
        cannot = [followed(r, name, today) for r in recs if r.status == model.NOT_FEASIBLE]
        if cannot:
            not_feasible.append(UnitItems(name, _refs_text(refs), tuple(cannot)))
        if all(r.status in (model.DONE, model.NOT_FEASIBLE) for r in recs):
            done_units.append(name)
        if not _reported(recs):
            silent.append(name)
    counts = _counts(everything)
    as_of_text = dates.short_date(today)
    units_inspected = len(data.campaign.visits)
    context["opening"] = (
        f"Thực hiện {data.plan_ref.text} về {data.campaign_view.action}, {agency} đã kiểm tra "
        f"tại {two_digits(units_inspected)} đơn vị và ban hành {two_digits(len(conclusions))} "
        f"Thông báo kết luận kiểm tra với {two_digits(len(everything))} kiến nghị. Kết quả theo "
        f"dõi, đôn đốc việc thực hiện các kiến nghị đến ngày {as_of_text} như sau:")
    context.update(as_of=today, as_of_text=as_of_text, total=len(everything), counts=counts,
                   counts_text="; ".join(c.text for c in counts if c.count) or
                   "chưa có kiến nghị nào",
                   units=tuple(rows),
                   totals=_row("", "Tổng cộng", "", everything, today),
                   overdue=tuple(overdue),
                   overdue_count=sum(len(u.items) for u in overdue),
                   not_feasible=tuple(not_feasible))
    context["carried"], context["carried_text"] = carried_summary(data, today)
    assessment = []
    if done_units:
        assessment.append(f"{_names(done_units, len(rows))} đã thực hiện xong toàn bộ các kiến nghị.")
    if late_units:
        assessment.append(f"{_names(late_units, len(rows))} còn kiến nghị quá thời hạn thực hiện.")
    if silent:
        assessment.append(f"{_names(silent, len(rows))} chưa gửi báo cáo kết quả thực hiện kiến nghị.")
    context["assessment"] = tuple(assessment)
    proposals = []
    if late_units or silent:
        pressed = list(dict.fromkeys(late_units + silent))
        report_by = dates.short_date(today + dt.timedelta(days=REMINDER_DAYS))
        proposals.append(f"Ban hành văn bản đôn đốc {_names(pressed, len(rows))} khẩn trương thực hiện các "
                         f"kiến nghị còn lại, báo cáo kết quả trước ngày {report_by}.")
    if not_feasible:
        proposals.append("Xem xét các kiến nghị đơn vị báo cáo không thực hiện được (mục I.3) "
                         "để có hướng xử lý phù hợp.")
    if any(r.is_open for r in everything):
        proposals.append("Tiếp tục theo dõi, đôn đốc việc thực hiện các kiến nghị chưa thực hiện "
                         "xong; đưa các kiến nghị này vào nội dung kiểm tra lần sau.")
    context["proposals"] = tuple(proposals)
    from .contexts import _addressee

    to = _addressee(context["doc"].recipients) or f"Lãnh đạo {agency}"
    context["report_to"] = to
    context["closing"] = (f"Trên đây là báo cáo kết quả theo dõi, đôn đốc thực hiện kết luận "
                          f"{data.campaign_view.action}, kính báo cáo {to} xem xét, chỉ đạo./.")
    return context


# -- what the next campaign says of the recommendations carried from the previous one -------------
def _carried_text(recs: Sequence[Tracked]) -> str:
    counter = Counter(r.verified for r in recs)
    parts = [f"{lcfirst(text)} {two_digits(counter[key])}"
             for key, text in model.VERIFIED_TEXT.items() if counter[key]]
    unchecked = counter[None]
    if unchecked:
        parts.append(f"chưa kiểm tra lại {two_digits(unchecked)}")
    return "; ".join(parts)


def carried(data: DocumentData, visit: Visit, today: dt.date | None = None
            ) -> tuple[tuple[FollowedView, ...], str]:
    """The recommendations of the previous campaign the team checked at this unit, and a
    sentence saying what became of them ("" when none was carried)."""
    today = today or dt.date.today()
    recs = data.register(visit).carried
    if not recs:
        return (), ""
    name = clean(visit.unit.name)
    text = (f"Đoàn kiểm tra đã kiểm tra việc thực hiện {two_digits(len(recs))} kiến nghị chưa "
            f"thực hiện xong tại {_refs_text(_references(recs))}: {_carried_text(recs)}.")
    return tuple(followed(r, name, today) for r in recs), text


def carried_summary(data: DocumentData, today: dt.date | None = None
                    ) -> tuple[tuple[UnitItems, ...], str]:
    """Across the units: the carried recommendations not (fully) remedied, unit by unit, and a
    sentence with the counts ("" when none was carried)."""
    today = today or dt.date.today()
    found, every = [], []
    carried = data.carried()
    for visit, recs in carried:
        every += recs
        left = [followed(r, clean(visit.unit.name), today) for r in recs
                if r.verified != model.FIXED]
        if left:
            found.append(UnitItems(clean(visit.unit.name), _refs_text(_references(recs)),
                                   tuple(left)))
    if not every:
        return (), ""
    text = (f"Đoàn kiểm tra đã kiểm tra lại {two_digits(len(every))} kiến nghị chưa thực hiện "
            f"xong của lần kiểm tra trước tại {two_digits(len(carried))} đơn vị: "
            f"{_carried_text(every)}.")
    return tuple(found), text
