"""The recommendation register as a list: chosen (by unit, overdue, due soon, done), sorted by
unit or by who must act, and exported as XLSX, CSV or JSON for Excel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Sequence

from ..vn.text import fold
from . import model
from .model import Tracked, UnitFollowup

OVERDUE_TEXT, UNREPORTED_TEXT, CARRIED_TEXT = "Quá hạn", "Chưa báo cáo", "Từ kỳ trước"
HEADERS = ("Mã kiến nghị", "Mã đơn vị", "Đơn vị", "Thông báo kết luận", "STT",
           "Nội dung kiến nghị", "Đơn vị/người thực hiện", "Thời hạn", "Tình trạng",
           "Ngày báo cáo gần nhất", "Kết quả thực hiện", "Lý do không thực hiện được",
           "Tài liệu chứng minh", "Người báo cáo", "Số lần báo cáo", "Ghi chú")


def chosen(registers: Sequence[UnitFollowup], today: dt.date, *, overdue: bool = False,
           due_within: int | None = None, done: bool = False, open_only: bool = False
           ) -> list[tuple[UnitFollowup, Tracked]]:
    """The recommendations that pass every filter given, withdrawn ones left out."""
    out = []
    for register in registers:
        for rec in register.recommendations:
            if rec.withdrawn:
                continue
            if overdue and not (rec.overdue(today) or rec.unreported(today)):
                continue
            if due_within is not None and not rec.due_within(today, due_within):
                continue
            if done and rec.status != model.DONE:
                continue
            if open_only and not rec.is_open:
                continue
            out.append((register, rec))
    return out


def by_owner(found: list[tuple[UnitFollowup, Tracked]]) -> list[tuple[UnitFollowup, Tracked]]:
    """Sorted by who must act (the unit itself when no one is named), then by deadline."""
    return sorted(found, key=lambda pair: (fold(pair[1].owner or pair[0].name),
                                           pair[1].due or dt.date.max))


def note(rec: Tracked, today: dt.date) -> str:
    """Quá hạn, Chưa báo cáo, Từ kỳ trước (and what the team found of it), or nothing."""
    carried = CARRIED_TEXT + (f": {model.VERIFIED_TEXT[rec.verified].lower()}"
                              if rec.verified else "")
    return "; ".join(text for flag, text in ((rec.overdue(today), OVERDUE_TEXT),
                                             (rec.unreported(today), UNREPORTED_TEXT),
                                             (bool(rec.carried_from), carried)) if flag)


def row(register: UnitFollowup, rec: Tracked, today: dt.date) -> list:
    last = rec.updates[-1] if rec.updates else None
    return [rec.id, register.unit, register.name, rec.conclusion, rec.order, rec.text,
            rec.owner or register.name, rec.due, model.STATUS_TEXT[rec.status],
            last.date if last else None, last.done if last else None,
            last.reason if last else None, proofs(rec) or None,
            last.reported_by if last else None,
            len(rec.updates), note(rec, today)]


def proofs(rec: Tracked) -> str:
    """Every document the reports name or attach, oldest first: "Báo cáo số 456…; bien-lai.pdf"."""
    named = []
    for update in rec.updates:
        named += ([update.documents] if update.documents else []) + [a.name for a in update.evidence]
    return "; ".join(dict.fromkeys(named))


def export(found: list[tuple[UnitFollowup, Tracked]], fmt: str, target: Path, today: dt.date,
           dialect: str | None = None) -> int:
    """Write the rows of `found` as `fmt` (xlsx, csv, json) into `target` ("-": standard
    output); return how many."""
    from ..exports.xlsx import export_table

    return export_table(target, fmt, "Theo dõi kiến nghị", HEADERS,
                        [row(register, rec, today) for register, rec in found], dialect)


def find(register: UnitFollowup, query: str) -> Tracked:
    """The recommendation `query` names: its id ("15/TB-BHXH.2"), its number in the
    conclusion ("2") or its id in the draft ("KN2"); withdrawn ones only by their full id."""
    from ..errors import NotFound
    from ..i18n import _

    text = " ".join(query.split())
    current = register.current
    for found in ([r for r in register.recommendations if r.id == text],
                  [r for r in current if text.isdigit() and r.order == int(text)],
                  [r for r in current if r.ref and fold(r.ref) == fold(text)]):
        if len(found) == 1:
            return found[0]
        if len(found) > 1:  # "2" of two conclusions: the id tells them apart
            raise NotFound(_("{query} names more than one recommendation of {unit}: {ids}; give "
                             "the whole id").format(query=text, unit=register.name,
                                                   ids=", ".join(r.id for r in found)))
    known = ", ".join(r.id for r in current) or _("none yet: issue the unit's conclusion first "
                                                  "(inspection issue conclusion UNIT)")
    raise NotFound(_("{unit} has no recommendation {query}; its recommendations: {ids}").format(
        unit=register.name, query=text, ids=known))
