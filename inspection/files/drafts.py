"""The drafts of the conclusions: `drafts/<unit>.yaml`, one per unit, written by
`inspection draft` and edited by the team lead (the format is in docs/formats.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..i18n import _
from ..model.draft import Area, ConclusionDraft, DraftRecommendation, Point
from ..values import value
from ..vn.dates import short_date
from . import journal, yamlfile
from .atomic import make_folder, write_atomic
from .schema import Reader

FOLDER = "drafts"

HEADER = """\
# Dự thảo kết luận kiểm tra: {unit}
# Trưởng đoàn sửa tệp này: lời đánh giá từng nội dung, ưu điểm, tồn tại, nguyên nhân (chủ
# quan, khách quan), kết luận chung, kiến nghị (ai thực hiện, thời hạn). Thông báo kết luận
# được lập từ tệp này. `inspection draft` lần sau chỉ thêm những điểm mới từ phiếu ghi kết quả
# (đánh dấu `new: true`: xem xong thì xoá dòng đó), không sửa, không xoá những gì đã có.
# `from:` là các nội dung kiểm tra (và địa bàn, sau @) mà điểm đó dựa vào; `drafted:` ở cuối
# tệp để chương trình biết đã soạn từ những ghi nhận nào: không cần sửa.
# Dòng ghi chú bắt đầu bằng # (như các dòng này) không được giữ lại khi chương trình ghi tệp.
"""

_AREA_KEYS = ("section", "title", "assessment", "strengths", "shortcomings", "causes")
_POINT_KEYS = ("text", "from", "new")
_REC_KEYS = ("id", "text", "owner", "due", "from", "new")


def draft_path(root: Path, slug: str) -> Path:
    return Path(root) / FOLDER / f"{slug}.yaml"


# -- reading ----------------------------------------------------------------------------------


@value
class Known:
    """What a draft may refer to: the outline's sections, the checklist's items, the unit's
    field sites (given, `check` warns about anything else)."""

    sections: set
    items: set
    sites: set


def _check_sources(r: Reader, path: tuple, sources, known: Known) -> None:
    for source in sources:
        item_id, _at, site = source.partition("@")
        if item_id not in known.items:
            r.warning(path, _("{source}: the checklist has no item {item}").format(
                source=source, item=item_id))
        elif site and site not in known.sites:
            r.warning(path, _("{source}: the unit has no field site {site}").format(
                source=source, site=site))


def read_draft(path: Path, display: str, slug: str, problems: list[Problem],
               known: Known | None = None) -> ConclusionDraft | None:
    """The draft in `path`, or None (with the problems) when it cannot be used."""
    before = len(problems)
    doc = yamlfile.load(path, display, problems)
    if doc is None:
        return None
    r = Reader(doc, problems)
    data = r.mapping(doc.data, (), ("unit", "areas", "conclusion", "recommendations",
                                    "report_by", "drafted"), required=("unit",))
    if data is None:
        return None
    unit = r.text(data.get("unit"), ("unit",), required=True)
    if unit and unit != slug:
        r.error(("unit",), _("this draft is for {unit!r}, not for the unit of its file name "
                             "({slug}); it was copied from another unit's draft?").format(
                                 unit=unit, slug=slug))
    areas = []
    sections = set()
    for path_, area in r.items(data.get("areas"), ("areas",)):
        read = _area(r, area, path_)
        if read is not None:
            if read.section in sections:
                r.error(path_ + ("section",), _("the area {section} is given twice").format(
                    section=read.section))
            sections.add(read.section)
            areas.append(read)
    recs, ids = [], set()
    for path_, rec in r.items(data.get("recommendations"), ("recommendations",)):
        read_rec = _recommendation(r, rec, path_)
        if read_rec is not None:
            if read_rec.id in ids:
                r.error(path_ + ("id",), _("the id {id} is given to two recommendations; each "
                                           "keeps its own (a follow-up tracks it by its id)")
                        .format(id=read_rec.id))
            ids.add(read_rec.id)
            recs.append(read_rec)
    if known is not None:
        for a, area in enumerate(areas):
            if area.section not in known.sections:
                r.warning(("areas", a, "section"), _(
                    "{section!r} is neither a section of the outline nor a group of the "
                    "checklist (the sections are {sections})").format(
                        section=area.section, sections=", ".join(sorted(known.sections))))
            for name in ("strengths", "shortcomings"):
                for i, point in enumerate(getattr(area, name)):
                    _check_sources(r, ("areas", a, name, i, "from"), point.sources, known)
        for i, rec in enumerate(recs):
            _check_sources(r, ("recommendations", i, "from"), rec.sources, known)
    draft = ConclusionDraft(slug, tuple(areas), r.text(data.get("conclusion"), ("conclusion",)),
                            tuple(recs), r.date(data.get("report_by"), ("report_by",)),
                            r.texts(data.get("drafted"), ("drafted",)))
    if any(p.severity == "error" for p in problems[before:]):
        return None
    return draft


def _sources(r: Reader, value: Any, path: tuple) -> tuple[str, ...]:
    """`from:` as the tool writes it ("I.1, I.5@van-yen") or as a list."""
    out = []
    for text in r.texts(value, path):
        out += [part.strip() for part in text.split(",") if part.strip()]
    return tuple(out)


def _points(r: Reader, value: Any, path: tuple) -> tuple[Point, ...]:
    out = []
    for item_path, item in r.items(value, path):
        if isinstance(item, str) or item is None:  # typed by hand: "- Một tồn tại khác"
            text = r.text(item, item_path)
            if text:
                out.append(Point(text))
            continue
        data = r.mapping(item, item_path, _POINT_KEYS, required=("text",))
        if data is None:
            continue
        text = r.text(data.get("text"), item_path + ("text",), required=True)
        if text:
            out.append(Point(text, _sources(r, data.get("from"), item_path + ("from",)),
                             bool(r.boolean(data.get("new"), item_path + ("new",)))))
    return tuple(out)


def _area(r: Reader, value: Any, path: tuple) -> Area | None:
    data = r.mapping(value, path, _AREA_KEYS, required=("section",))
    if data is None:
        return None
    section = r.text(data.get("section"), path + ("section",), required=True)
    if section is None:
        return None
    causes = data.get("causes")
    subjective = objective = ()
    if isinstance(causes, dict):
        causes = r.mapping(causes, path + ("causes",), ("subjective", "objective")) or {}
        subjective = _points(r, causes.get("subjective"), path + ("causes", "subjective"))
        objective = _points(r, causes.get("objective"), path + ("causes", "objective"))
    elif causes is not None:
        subjective = _points(r, causes, path + ("causes",))
    return Area(section, r.text(data.get("title"), path + ("title",)) or section,
                r.text(data.get("assessment"), path + ("assessment",)),
                _points(r, data.get("strengths"), path + ("strengths",)),
                _points(r, data.get("shortcomings"), path + ("shortcomings",)),
                subjective, objective)


def _recommendation(r: Reader, value: Any, path: tuple) -> DraftRecommendation | None:
    data = r.mapping(value, path, _REC_KEYS, required=("id", "text"))
    if data is None:
        return None
    rec_id = r.ident(data.get("id"), path + ("id",))
    text = r.text(data.get("text"), path + ("text",), required=True)
    if rec_id is None or text is None:
        return None
    return DraftRecommendation(rec_id, text, r.name(data.get("owner"), path + ("owner",)),
                               r.date(data.get("due"), path + ("due",)),
                               _sources(r, data.get("from"), path + ("from",)),
                               bool(r.boolean(data.get("new"), path + ("new",))))


# -- writing ----------------------------------------------------------------------------------


def _point(point: Point) -> dict:
    out: dict[str, Any] = {"text": point.text}
    if point.sources:
        out["from"] = ", ".join(point.sources)
    if point.new:
        out["new"] = "true"
    return out


def _date(value: dt.date | None) -> str | None:
    return short_date(value) if value else None


def draft_data(draft: ConclusionDraft) -> dict:
    areas = []
    for area in draft.areas:
        entry: dict[str, Any] = {"section": area.section, "title": area.title,
                                 "assessment": area.assessment or ""}
        entry["strengths"] = [_point(p) for p in area.strengths]
        entry["shortcomings"] = [_point(p) for p in area.shortcomings]
        entry["causes"] = {"subjective": [_point(p) for p in area.subjective_causes],
                           "objective": [_point(p) for p in area.objective_causes]}
        areas.append(entry)
    recs = []
    for rec in draft.recommendations:
        entry = {"id": rec.id, "text": rec.text, "owner": rec.owner, "due": _date(rec.due)}
        if rec.sources:
            entry["from"] = ", ".join(rec.sources)
        if rec.new:
            entry["new"] = "true"
        recs.append(entry)
    return {"unit": draft.unit, "areas": areas, "conclusion": draft.conclusion or "",
            "recommendations": recs, "report_by": _date(draft.report_by),
            "drafted": list(draft.drafted)}


def write_draft(root: Path, draft: ConclusionDraft, unit_name: str, display: str, *,
                by: str | None = None, action: str = "drafted") -> Path:
    """Write a unit's draft, and who wrote it into the drafts' journal."""
    path = draft_path(root, draft.unit)
    make_folder(path.parent)
    text = HEADER.format(unit=unit_name) + yamlfile.dump(draft_data(draft))
    write_atomic(path, text, display=display)
    journal.append(path.parent, f"{FOLDER}/{path.name}", action, text.encode("utf-8"), by)
    return path


def draft_version(path: Path) -> str:
    """What identifies the draft file's content now ("" when there is none): an editor saves
    only over the version it began from."""
    import hashlib

    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return ""


def save_edited_draft(root: Path, draft, unit_name: str | None, display: str,
                      base: str, by: str | None = None) -> Path:
    """Write the draft a person edited (a unit's ConclusionDraft, or the ReportDraft), if the
    file is still the version `base` (see draft_version), under the draft's lock; else
    EditConflict and nothing written (`inspection draft` or another editor wrote it meanwhile)."""
    from ..errors import EditConflict
    from .atomic import FileLock

    report = not isinstance(draft, ConclusionDraft)
    path = report_path(root) if report else draft_path(root, draft.unit)
    with FileLock(path.parent / ".locks" / f"{path.name}.lock", display=display):
        if draft_version(path) != base:
            raise EditConflict(_("{file} was changed after this page was opened (by `inspection "
                                 "draft` or by someone else): your edits were not saved over "
                                 "it; reload the page, then make them again").format(
                                     file=display), None)
        return write_report_draft(root, draft, display, by=by, action="edited") if report \
            else write_draft(root, draft, unit_name, display, by=by, action="edited")


# -- the summary report's draft ---------------------------------------------------------------

REPORT = "bao-cao-tong-hop"
REPORT_HEADER = """\
# Dự thảo báo cáo kết quả kiểm tra (báo cáo tổng hợp)
# Trưởng đoàn sửa tệp này: đánh giá chung; từng nội dung (`areas`): lời đánh giá, ưu điểm, tồn
# tại, nguyên nhân chung của nhiều đơn vị (`units:` là các đơn vị có điểm đó); cách làm hay;
# đề xuất với lãnh đạo. Báo cáo được lập từ tệp này. `inspection draft` lần sau chỉ thêm điểm
# mới (đánh dấu `new: true`), không sửa, không xoá những gì đã có. Dòng ghi chú bắt đầu bằng #
# không được giữ lại khi chương trình ghi tệp.
"""
_REPORT_KEYS = ("assessment", "areas", "good_practices", "proposals", "drafted")
_REPORT_AREA_KEYS = ("section", "title", "assessment", "strengths", "shortcomings", "causes")


def report_path(root: Path) -> Path:
    return Path(root) / FOLDER / f"{REPORT}.yaml"


def _shared(r: Reader, value: Any, path: tuple, names: set | None):
    from ..model.draft import SharedPoint
    out = []
    for item_path, item in r.items(value, path):
        if isinstance(item, str) or item is None:
            text = r.text(item, item_path)
            if text:
                out.append(SharedPoint(text))
            continue
        data = r.mapping(item, item_path, ("text", "units", "new"), required=("text",))
        if data is None:
            continue
        text = r.text(data.get("text"), item_path + ("text",), required=True)
        units = _sources(r, data.get("units"), item_path + ("units",))
        if names is not None:
            for unit in units:
                if unit not in names:
                    r.warning(item_path + ("units",), _(
                        "{unit!r} is not a unit of the schedule (their names: {names})").format(
                            unit=unit, names=", ".join(sorted(names))))
        if text:
            out.append(SharedPoint(text, units, bool(r.boolean(data.get("new"),
                                                                item_path + ("new",)))))
    return tuple(out)


def _report_area(r: Reader, value: Any, path: tuple, names: set | None):
    from ..model.draft import ReportArea
    data = r.mapping(value, path, _REPORT_AREA_KEYS, required=("section",))
    if data is None:
        return None
    section = r.text(data.get("section"), path + ("section",), required=True)
    if section is None:
        return None
    return ReportArea(section, r.text(data.get("title"), path + ("title",)) or section,
                      r.text(data.get("assessment"), path + ("assessment",)),
                      *(_shared(r, data.get(k), path + (k,), names)
                        for k in ("strengths", "shortcomings", "causes")))


def read_report_draft(path: Path, display: str, problems: list[Problem],
                      names: set | None = None, sections: set | None = None):
    """The summary report's draft in `path`, or None (with the problems); given the units'
    `names` and the `sections` an area may be, `check` warns about anything else."""
    from ..model.draft import ReportDraft
    before = len(problems)
    doc = yamlfile.load(path, display, problems)
    if doc is None:
        return None
    r = Reader(doc, problems)
    data = r.mapping(doc.data, (), _REPORT_KEYS)
    if data is None:
        return None
    areas, seen = [], set()
    for area_path, entry in r.items(data.get("areas"), ("areas",)):
        area = _report_area(r, entry, area_path, names)
        if area is None:
            continue
        if area.section in seen:
            r.error(area_path + ("section",), _("the area {section} is given twice").format(
                section=area.section))
        elif sections is not None and area.section not in sections:
            r.warning(area_path + ("section",), _(
                "{section!r} is neither a section of the outline nor a group of the checklist")
                .format(section=area.section))
        seen.add(area.section)
        areas.append(area)
    draft = ReportDraft(r.text(data.get("assessment"), ("assessment",)), tuple(areas),
                        _shared(r, data.get("good_practices"), ("good_practices",), names),
                        _shared(r, data.get("proposals"), ("proposals",), names),
                        r.texts(data.get("drafted"), ("drafted",)))
    if any(p.severity == "error" for p in problems[before:]):
        return None
    return draft


def _shared_data(point) -> dict:
    out: dict[str, Any] = {"text": point.text}
    if point.units:
        out["units"] = ", ".join(point.units)
    if point.new:
        out["new"] = "true"
    return out


def write_report_draft(root: Path, draft, display: str, *, by: str | None = None,
                       action: str = "drafted") -> Path:
    """Write the summary report's draft, and who wrote it into the drafts' journal."""
    path = report_path(root)
    make_folder(path.parent)
    areas = [{"section": a.section, "title": a.title, "assessment": a.assessment or "",
              **{name: [_shared_data(p) for p in getattr(a, name)]
                 for name in ("strengths", "shortcomings", "causes")}}
             for a in draft.areas]
    data = {"assessment": draft.assessment or "", "areas": areas,
            "good_practices": [_shared_data(p) for p in draft.good_practices],
            "proposals": [_shared_data(p) for p in draft.proposals],
            "drafted": list(draft.drafted)}
    text = REPORT_HEADER + yamlfile.dump(data)
    write_atomic(path, text, display=display)
    journal.append(path.parent, f"{FOLDER}/{path.name}", action, text.encode("utf-8"), by)
    return path
