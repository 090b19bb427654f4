"""The log of a workspace: every change, who made it and when, oldest first.

Read from the files themselves: each answer of the findings with its earlier versions, each
indicator figure with its history, each document attached, each report of what became of a
recommendation, each document issued, and each write of a draft (drafts/.journal.jsonl; a draft
whose content no line of the journal accounts for was changed by hand, and is listed so). The
texts are always Vietnamese, as in the spreadsheet exports.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Sequence

from ..files.workspace import Loaded, Workspace
from ..model.campaign import OFFICE, Visit
from ..model.findings import Answer
from ..values import value
from ..vn.dates import short_date
from ..vn.numbers import format_figure

HEADERS = ("Thời điểm", "Người thực hiện", "Mã đơn vị", "Đơn vị", "Loại", "Nội dung",
           "Thay đổi", "Tệp")
FINDING, FIGURE, EVIDENCE, DRAFT, RECOMMENDATION, ISSUED = (
    "Kết quả kiểm tra", "Chỉ tiêu", "Tài liệu", "Dự thảo", "Kiến nghị", "Văn bản ban hành")


@value
class Change:
    """One change of the workspace."""

    at: str  # when, as stored: 2022-07-12T09:30:05+07:00 ("" when not known)
    by: str  # who ("" when not known)
    unit: str  # the unit's slug ("" for the campaign)
    unit_name: str
    kind: str  # FINDING, FIGURE…
    subject: str  # what: "I.3, tại trụ sở", "01/TB-BHXH.2"…
    change: str  # how: "ghi lần đầu: đánh giá Khá", "đang thực hiện"…
    file: str  # the workspace file that holds it

    @property
    def moment(self) -> dt.datetime | None:
        try:
            when = dt.datetime.fromisoformat(self.at)
        except (TypeError, ValueError):
            return None
        return when.astimezone()  # a time without its zone is this computer's


_ANSWER_FIELDS = (("observations", "nhận xét"), ("strengths", "ưu điểm"),
                  ("shortcomings", "tồn tại"), ("causes", "nguyên nhân"),
                  ("recommendations", "kiến nghị"), ("explanations", "giải trình"),
                  ("evidence", "tài liệu"))


def _answer_change(answer: Answer, before: Answer | None, rating) -> str:
    """What an answer says, the first time; what it changed, after."""
    if before is None:
        said = ([f"đánh giá {rating(answer.rating)}"] if answer.rating else []) + \
            [f"{len(getattr(answer, name))} {label}" for name, label in _ANSWER_FIELDS
             if getattr(answer, name)]
        return "ghi lần đầu" + (": " + "; ".join(said) if said else "")
    changed = []
    if answer.rating != before.rating:
        changed.append(f"đánh giá {rating(before.rating) or '—'} → {rating(answer.rating) or '—'}")
    for name, label in _ANSWER_FIELDS:
        old, new = getattr(before, name), getattr(answer, name)
        if old != new:
            changed.append(f"{label} {len(old)} → {len(new)}" if len(old) != len(new)
                           else f"sửa {label}")
    return "sửa: " + "; ".join(changed) if changed else "ghi lại, không đổi nội dung"


def _figure(stored: str | None, kind: str | None) -> str:
    return format_figure(stored, kind) if stored not in (None, "") else "—"


def unit_changes(ws: Workspace, loaded: Loaded, visit: Visit, record) -> list[Change]:
    """The changes of one unit's findings file: answers, figures, documents attached."""
    checklist = loaded.checklist
    unit, name = visit.unit.slug, visit.unit.name
    file = ws.display(ws.findings_dir / f"{unit}.yaml")
    out = []
    for (item, site), finding in record.findings.items():
        def rating(rating_id, item=item):
            level = checklist.rating(rating_id, item) if rating_id else None
            return level.label if level is not None else (rating_id or "")
        place = visit.site(site) if site != OFFICE else None
        where = f"{item}, tại " + ("trụ sở đơn vị" if site == OFFICE else
                                  place.name if place is not None else site)
        versions = (*finding.history, finding.answer)
        for before, answer in zip((None, *versions[:-1]), versions):
            out.append(Change(answer.recorded_at or "", answer.recorded_by or "", unit, name,
                              FINDING, where, _answer_change(answer, before, rating), file))
        for other in finding.conflicts:
            out.append(Change(other.recorded_at or "", other.recorded_by or "", unit, name,
                              FINDING, where, "ghi khác trên máy khác, chưa thống nhất "
                              "(inspection resolve)", file))
    table = loaded.outline.appendix
    kinds = {row.id: row.kind for row in table.all_rows()} if table is not None else {}
    for (row, period), entry in record.indicators.items():
        versions = (*entry.history, entry.value)
        for before, value_ in zip((None, *versions[:-1]), versions):
            kind = kinds.get(row)
            parts = []
            for field_, label in (("reported", "đơn vị báo cáo"), ("verified", "Đoàn xác định")):
                old = getattr(before, field_) if before is not None else None
                new = getattr(value_, field_)
                if new != old:
                    parts.append(f"{label} {_figure(old, kind)} → {_figure(new, kind)}"
                                 if before is not None else f"{label} {_figure(new, kind)}")
            out.append(Change(value_.recorded_at or "", value_.recorded_by or "", unit, name,
                              FIGURE, f"{row}, kỳ {period}", "; ".join(parts) or "ghi lại",
                              file))
    for evidence in record.evidence:
        where = f" ({evidence.item})" if evidence.item else ""
        out.append(Change(evidence.added_at or "", evidence.added_by or "", unit, name,
                          EVIDENCE, f"{evidence.original_name}{where}",
                          f"đính kèm, lưu tại {evidence.file}", file))
    return out


def followup_changes(ws: Workspace, register) -> list[Change]:
    """Every report of what became of the unit's recommendations."""
    from ..followup import model
    from ..followup.store import unit_path

    file = ws.display(unit_path(ws, register.unit))
    out = []
    for rec in register.recommendations:
        for update in rec.updates:
            parts = [model.STATUS_TEXT[update.status].lower()]
            if update.verified:
                parts = [f"Đoàn kiểm tra lại: {model.VERIFIED_TEXT[update.verified].lower()}"]
            if update.date:
                parts.append(f"ngày {short_date(update.date)}")
            for text in (update.done, update.reason, update.documents):
                if text:
                    parts.append(" ".join(text.split()))
            if update.evidence:
                parts.append("tài liệu: " + ", ".join(a.name for a in update.evidence))
            if update.via and update.via.startswith("form "):
                parts.append(f"theo biểu {update.via[5:]}")
            out.append(Change(update.recorded_at or "", update.recorded_by or "", register.unit,
                              register.name, RECOMMENDATION, rec.id, "; ".join(parts), file))
    return out


def issued_changes(ws: Workspace, names: dict[str, str]) -> list[Change]:
    """Every version of every document issued."""
    from ..documents.kinds import KINDS
    from ..followup.issuing import read_register, register_path

    out = []
    for entry in read_register(ws):
        label = KINDS[entry.kind].label if entry.kind in KINDS else entry.kind
        what = f"ban hành số {entry.number_text} ngày {short_date(entry.date)}" + (
            f", phiên bản {entry.version}: {entry.reason}" if entry.version > 1 else "")
        out.append(Change(entry.issued_at or "", entry.issued_by or "", entry.unit,
                          names.get(entry.unit, ""), ISSUED, label, what,
                          ws.display(register_path(ws))))
    return out


_DRAFT_ACTIONS = {"drafted": "lập hoặc bổ sung dự thảo từ kết quả kiểm tra (inspection draft)",
                  "edited": "sửa trên trang dự thảo (inspection serve)",
                  "copied": "có sẵn khi lập thư mục đợt kiểm tra (inspection init)"}


def draft_changes(ws: Workspace, names: dict[str, str]) -> list[Change]:
    """Every write of a draft the journal holds, and each draft changed by hand since."""
    from ..files import journal
    from ..files.drafts import FOLDER, REPORT
    from ..followup.issuing import sha256_of

    folder = ws.root / FOLDER
    out, last = [], {}
    for entry in journal.entries(folder):
        file = entry["file"]
        unit = Path(file).stem
        name = "Báo cáo tổng hợp" if unit == REPORT else names.get(unit, "")
        out.append(Change(str(entry.get("at") or ""), str(entry.get("by") or ""),
                          "" if unit == REPORT else unit, name, DRAFT, file,
                          _DRAFT_ACTIONS.get(entry.get("action"), str(entry.get("action"))),
                          file))
        last[file] = entry.get("sha256")
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        file = f"{FOLDER}/{path.name}"
        if last.get(file) == sha256_of(path):
            continue
        stamp = dt.datetime.fromtimestamp(os.stat(path).st_mtime).astimezone()
        unit = path.stem
        out.append(Change(stamp.isoformat(timespec="seconds"), "", "" if unit == REPORT else unit,
                          "Báo cáo tổng hợp" if unit == REPORT else names.get(unit, ""), DRAFT,
                          file, "sửa ngoài chương trình (trong trình soạn thảo); thời điểm là "
                          "lần sửa cuối của tệp", file))
    return out


def changes(ws: Workspace, loaded: Loaded, visits: Sequence[Visit], *,
            since: dt.date | None = None) -> list[Change]:
    """Every change of the workspace for the units of `visits` (and, when they are all the
    campaign's, of the campaign), oldest first; with `since`, from that day on."""
    from ..followup.store import read_all
    from ..recording.store import FindingsStore

    names = {v.unit.slug: v.unit.name for v in loaded.campaign.visits}
    chosen = {v.unit.slug for v in visits}
    whole = len(chosen) == len(loaded.campaign.visits)
    store = FindingsStore(ws, loaded)
    found: list[Change] = []
    for visit in visits:
        found += unit_changes(ws, loaded, visit, store.read(visit))
    # in the order of the work, so that changes in the same second keep it
    found += [c for c in draft_changes(ws, names) + issued_changes(ws, names)
              if c.unit in chosen or (whole and not c.unit)]
    for register in read_all(ws, visits):
        found += followup_changes(ws, register)
    if since is not None:
        found = [c for c in found if c.moment is not None and c.moment.date() >= since]
    far = dt.datetime.max.replace(tzinfo=dt.timezone.utc)
    found.sort(key=lambda c: c.moment.astimezone(dt.timezone.utc) if c.moment else far)
    return found


def row(change: Change) -> list:
    moment = change.moment
    return [moment.replace(tzinfo=None) if moment else change.at or None, change.by or None,
            change.unit or None, change.unit_name or None, change.kind, change.subject,
            change.change, change.file]


def export(found: Sequence[Change], fmt: str, target: Path, dialect: str | None = None) -> int:
    """Write the changes as `fmt` (xlsx, csv, json) into `target` ("-": standard output)."""
    from .xlsx import export_table

    return export_table(target, fmt, "Nhật ký thay đổi", HEADERS, [row(c) for c in found],
                        dialect)
